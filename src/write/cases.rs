//! The Cases and Findings sheets, written row by row as cases stream in.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{
    Color, ConditionalFormatCustomIcon, ConditionalFormatDataBar, ConditionalFormatFormula,
    ConditionalFormatIconSet, ConditionalFormatIconType, ConditionalFormatText,
    ConditionalFormatTextRule, ConditionalFormatType, Format, Note, Workbook, Worksheet, XlsxError,
};

use super::findings::FindingsSheet;
use super::{
    mask_contact, mask_customer, truncate_for_excel, write_cell, write_date, write_datetime,
    Formats,
};
use crate::compute::SlaStatus;
use crate::i18n::{Labels, Texts};
use crate::input::values::Cell;
use crate::input::workbook::{CaseSheet, Row};
use crate::model::columns::ComputedColumn;
use crate::model::finding::{column_letters, Finding};
use crate::model::grid::EXCEL_COLUMNS;
use crate::model::Key;
use crate::model::{IssueType, Status};
use crate::replies::Action;
use crate::rules::Checked;

pub use super::notes::MAX_NOTES;

/// Where input columns land in the output and where the computed columns start.
struct Layout {
    /// Input columns holding computed values of an earlier run (dropped).
    dropped: Vec<u32>,
    /// First output column of the computed block.
    computed_start: u16,
    customer: Option<u32>,
    contact: Option<u32>,
}

impl Layout {
    fn new(sheet: &CaseSheet) -> Layout {
        let header = &sheet.header;
        let width = header.names.len() as u32;
        Layout {
            dropped: header.computed.clone(),
            computed_start: (width - header.computed.len() as u32) as u16,
            customer: header.column(Key::Customer),
            contact: header.column(Key::Contact),
        }
    }

    /// The output column of an input column; `None` for a dropped one.
    fn out_col(&self, col: u32) -> Option<u16> {
        if self.dropped.contains(&col) {
            return None;
        }
        let shifted = col - self.dropped.iter().filter(|d| **d < col).count() as u32;
        let shifted = if shifted >= self.computed_start as u32 {
            shifted + ComputedColumn::ALL.len() as u32
        } else {
            shifted
        };
        u16::try_from(shifted)
            .ok()
            .filter(|c| u32::from(*c) < EXCEL_COLUMNS)
    }

    fn computed_col(&self, column: ComputedColumn) -> u16 {
        self.computed_start + column.index() as u16
    }
}

/// The computed columns' headers and the labels of the values in their cells, in the team's
/// language, looked up once per run.
#[derive(Debug, Clone)]
pub(crate) struct CellTexts {
    headers: Vec<String>,
    status: Labels<Status>,
    issue: Labels<IssueType>,
    sla: Labels<SlaStatus>,
    yes: String,
    no: String,
}

impl CellTexts {
    pub(crate) fn new(texts: &Texts) -> CellTexts {
        CellTexts {
            headers: ComputedColumn::ALL.map(|c| c.header(texts)).to_vec(),
            status: texts.labels("status"),
            issue: texts.labels("issue"),
            sla: texts.labels("sla"),
            yes: texts.get("yesno-yes"),
            no: texts.get("yesno-no"),
        }
    }

    pub(crate) fn header(&self, column: ComputedColumn) -> &str {
        &self.headers[column.index()]
    }

    /// A computed column's width: its own, or fitted to its header (and its dates).
    pub(crate) fn width(&self, column: ComputedColumn) -> f64 {
        column
            .width()
            .unwrap_or_else(|| header_width(self.header(column)).max(column.least_width()))
    }

    /// The SLA status labels a rule colours, each with its colour: overdue red, due soon
    /// amber, on track green, resolved (on time or late) grey.
    pub(crate) fn sla_colours(&self) -> [(&str, u32); 5] {
        [
            (self.sla.of(SlaStatus::Overdue), 0xF8CBAD),
            (self.sla.of(SlaStatus::DueSoon), 0xFFE699),
            (self.sla.of(SlaStatus::OnTrack), 0xC6EFCE),
            (self.sla.of(SlaStatus::ResolvedOnTime), 0xD9D9D9),
            (self.sla.of(SlaStatus::ResolvedLate), 0xD9D9D9),
        ]
    }
}

/// What was written, for the Run sheet.
#[derive(Debug, Default, Clone)]
pub struct WriteStats {
    pub notes: usize,
    pub notes_skipped: usize,
    /// The case sheet has the team's own comments (or controls), so it got no notes.
    pub notes_blocked: bool,
    pub findings_listed: usize,
    pub findings_not_listed: usize,
}

/// Writes the Cases and Findings sheets of one workbook.
pub struct CasesWriter {
    /// The case sheet's name: the input's, unless it is one of the generated sheets'.
    name: String,
    layout: Layout,
    formats: Formats,
    header_row: u32,
    last_row: u32,
    findings: FindingsSheet,
    redact: bool,
    stats: WriteStats,
    texts: CellTexts,
}

impl CasesWriter {
    /// Adds the Cases and Findings sheets (in that order) and writes their top rows.
    pub fn start(
        workbook: &mut Workbook,
        sheet: &CaseSheet,
        redact: bool,
        texts: &Texts,
    ) -> Result<CasesWriter, XlsxError> {
        let name = super::sheets::carried_name(&sheet.name);
        workbook
            .add_worksheet_with_constant_memory()?
            .set_name(&name)?;
        let findings = FindingsSheet::start(workbook, &name, texts)?;
        let writer = CasesWriter {
            name,
            layout: Layout::new(sheet),
            formats: Formats::default(),
            header_row: sheet.header.row,
            last_row: sheet.header.row,
            findings,
            redact,
            stats: WriteStats::default(),
            texts: CellTexts::new(texts),
        };
        let cases = workbook.worksheet_from_name(&writer.name)?;
        for row in &sheet.above {
            writer.write_input_cells(cases, row)?;
        }
        writer.write_header(cases, sheet)?;
        Ok(writer)
    }

    fn write_header(&self, sheet: &mut Worksheet, case_sheet: &CaseSheet) -> Result<(), XlsxError> {
        let header = &case_sheet.header;
        let row = header.row;
        for (col, name) in header.names.iter().enumerate() {
            if let Some(out) = self.layout.out_col(col as u32) {
                sheet.write_string_with_format(row, out, name, &self.formats.header)?;
                sheet.set_column_width(out, header_width(name))?;
            }
        }
        for column in ComputedColumn::ALL {
            let col = self.layout.computed_col(column);
            let name = self.texts.header(column);
            sheet.write_string_with_format(row, col, name, &self.formats.header)?;
            sheet.set_column_width(col, self.texts.width(column))?;
        }
        sheet.set_freeze_panes(row + 1, 0)?;
        Ok(())
    }

    fn write_input_cells(&self, sheet: &mut Worksheet, row: &Row) -> Result<(), XlsxError> {
        for (col, cell) in row.cells.iter().enumerate() {
            let Some(out) = self.layout.out_col(col as u32) else {
                continue;
            };
            let col = Some(col as u32);
            let masked = match cell {
                Cell::Text(s)
                    if self.redact
                        && row.index > self.header_row
                        && col == self.layout.customer =>
                {
                    Cell::Text(mask_customer(s))
                }
                c if self.redact
                    && !c.is_blank()
                    && row.index > self.header_row
                    && col == self.layout.contact =>
                {
                    Cell::Text(mask_contact(&c.display()))
                }
                _ => cell.clone(),
            };
            write_cell(sheet, row.index, out, &masked, &self.formats)?;
        }
        Ok(())
    }

    /// Lists a finding about the whole workbook on the Findings sheet.
    pub fn list(&mut self, workbook: &mut Workbook, finding: &Finding) -> Result<(), XlsxError> {
        self.findings.add(workbook, finding, None)
    }

    /// Writes one case row with its computed columns, notes and findings.
    pub fn write_case(
        &mut self,
        workbook: &mut Workbook,
        row: &Row,
        checked: &Checked,
        action: &Action,
    ) -> Result<(), XlsxError> {
        self.last_row = row.index;
        let cases = workbook.worksheet_from_name(&self.name)?;
        self.write_input_cells(cases, row)?;
        self.write_computed(cases, row.index, checked, action)?;
        self.write_notes(cases, row, &checked.findings)?;
        for finding in &checked.findings {
            let target = self.output_cell(finding);
            self.findings.add(workbook, finding, target)?;
        }
        Ok(())
    }

    fn write_computed(
        &self,
        sheet: &mut Worksheet,
        r: u32,
        checked: &Checked,
        action: &Action,
    ) -> Result<(), XlsxError> {
        let f = &self.formats;
        for column in ComputedColumn::ALL {
            let col = self.layout.computed_col(column);
            match computed_value(column, checked, action, &self.texts) {
                None => {}
                Some(Value::Text(text)) => {
                    sheet.write_string(r, col, truncate_for_excel(&text))?;
                }
                Some(Value::Date(d)) => {
                    write_date(sheet, r, col, &d, f)?;
                }
                Some(Value::DateTime(d)) => {
                    write_datetime(sheet, r, col, &d, f)?;
                }
                Some(Value::Decimal(x)) => {
                    // Full precision; the format shows one decimal.
                    sheet.write_number_with_format(r, col, x, &f.decimal)?;
                }
            }
        }
        Ok(())
    }

    fn write_notes(
        &mut self,
        sheet: &mut Worksheet,
        row: &Row,
        findings: &[Finding],
    ) -> Result<(), XlsxError> {
        let cell_of = |f: &Finding| match f.col {
            None => Some(u32::from(
                self.layout.computed_col(ComputedColumn::Findings),
            )),
            Some(c) => self.layout.out_col(c).map(u32::from),
        };
        for (col, text) in super::notes::note_texts(findings, cell_of) {
            if self.stats.notes >= MAX_NOTES {
                self.stats.notes_skipped += 1;
                continue;
            }
            let note = Note::new(text)
                .set_author("aftersales")
                .add_author_prefix(false)
                .set_width(360);
            // The columns come from this sheet's layout, so they fit Excel's u16.
            sheet.insert_note(row.index, col as u16, &note)?;
            self.stats.notes += 1;
        }
        Ok(())
    }

    /// The cell in the output Cases sheet (columns shift when an earlier run's columns are dropped).
    fn output_cell(&self, finding: &Finding) -> Option<String> {
        let col = self.layout.out_col(finding.col?)?;
        Some(format!("{}{}", column_letters(col as u32), finding.row?))
    }

    /// Adds filters and conditional formats once every row is written.
    pub fn finish(self, workbook: &mut Workbook) -> Result<WriteStats, XlsxError> {
        let cases = workbook.worksheet_from_name(&self.name)?;
        let last_col = self.layout.computed_col(ComputedColumn::SuggestedReply);
        cases.autofilter(
            self.header_row,
            0,
            self.last_row.max(self.header_row),
            last_col,
        )?;
        if self.last_row > self.header_row {
            self.add_case_rules(cases)?;
        }
        let listed = self.findings.finish(workbook)?;
        let mut stats = self.stats;
        stats.findings_listed = listed.findings;
        stats.findings_not_listed = listed.not_listed;
        Ok(stats)
    }

    fn add_case_rules(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let (first, last) = (self.header_row + 1, self.last_row);
        let col = |c| self.layout.computed_col(c);
        let letter = |c| column_letters(col(c) as u32);
        let sla = col(ComputedColumn::SlaStatus);
        let priority = letter(ComputedColumn::Priority);
        for (text, color) in self.texts.sla_colours() {
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(text.to_string()))
                .set_format(Format::new().set_background_color(Color::RGB(color)));
            sheet.add_conditional_format(first, sla, last, sla, &rule)?;
        }
        let p1 = ConditionalFormatFormula::new()
            .set_rule(format!("=${priority}{}=\"P1\"", first + 1).as_str())
            .set_format(Format::new().set_background_color(Color::RGB(0xFCE4E4)));
        sheet.add_conditional_format(first, 0, last, col(ComputedColumn::AgeDays), &p1)?;
        let red = Format::new()
            .set_font_color(Color::RGB(0xC00000))
            .set_bold();
        let frt = letter(ComputedColumn::FrtHours);
        for (due, unanswered) in [
            (ComputedColumn::FirstResponseDue, true),
            (ComputedColumn::ResolutionDue, false),
        ] {
            // Red while the case is open and past it (the first response: and unanswered).
            let mut open = format!(
                "ISNUMBER({c}{r}),{c}{r}<NOW(),${p}{r}<>\"P4\"",
                c = letter(due),
                r = first + 1,
                p = priority
            );
            if unanswered {
                open.push_str(&format!(",ISBLANK(${frt}{})", first + 1));
            }
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=AND({open})").as_str())
                .set_format(red.clone());
            sheet.add_conditional_format(first, col(due), last, col(due), &rule)?;
        }
        let age = col(ComputedColumn::AgeDays);
        sheet.add_conditional_format(first, age, last, age, &ConditionalFormatDataBar::new())?;
        Ok(())
    }

    /// The output column of the CSAT input column, for its icon set.
    pub fn add_csat_rule(
        &self,
        workbook: &mut Workbook,
        csat_col: Option<u32>,
    ) -> Result<(), XlsxError> {
        let Some(col) = csat_col.and_then(|c| self.layout.out_col(c)) else {
            return Ok(());
        };
        if self.last_row <= self.header_row {
            return Ok(());
        }
        // The scores 1 to 5 themselves, not percentages of the column's range (a column of 4s
        // and 5s would show every 4 with the lowest icon).
        let icons: Vec<ConditionalFormatCustomIcon> = (1..=5)
            .map(|score| {
                ConditionalFormatCustomIcon::new()
                    .set_rule(ConditionalFormatType::Number, f64::from(score))
            })
            .collect();
        let rule = ConditionalFormatIconSet::new()
            .set_icon_type(ConditionalFormatIconType::FiveHistograms)
            .set_icons(&icons);
        workbook
            .worksheet_from_name(&self.name)?
            .add_conditional_format(self.header_row + 1, col, self.last_row, col, &rule)?;
        Ok(())
    }
}

/// A computed value, typed so the writer picks its cell format.
pub(crate) enum Value<'a> {
    Text(Cow<'a, str>),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// Shown with one decimal.
    Decimal(f64),
}

/// What a computed column holds for one case; `None` leaves the cell empty.
pub(crate) fn computed_value<'a>(
    column: ComputedColumn,
    checked: &'a Checked,
    action: &'a Action,
    texts: &'a CellTexts,
) -> Option<Value<'a>> {
    let c = &checked.computed;
    match column {
        ComputedColumn::PlatformStd => c
            .platform
            .as_deref()
            .or(checked.case.platform.as_deref())
            .map(|p| Value::Text(p.trim().into())),
        ComputedColumn::StatusStd => checked
            .case
            .status
            .map(|s| Value::Text(texts.status.of(s).into())),
        ComputedColumn::IssueTypeStd => checked
            .case
            .issue_type
            .map(|t| Value::Text(texts.issue.of(t).into())),
        ComputedColumn::InKpis => Some(Value::Text(
            if checked.has_error() {
                &texts.no
            } else {
                &texts.yes
            }
            .into(),
        )),
        ComputedColumn::Policy => c.policy.as_deref().map(|p| Value::Text(p.into())),
        ComputedColumn::WindowStart => c.window_start.map(Value::Date),
        ComputedColumn::ReturnDeadline => c.return_deadline.map(Value::Date),
        ComputedColumn::FirstResponseDue => c.first_response_due.map(Value::DateTime),
        ComputedColumn::FrtHours => c.frt_hours.map(Value::Decimal),
        ComputedColumn::ResolutionDue => c.resolution_due.map(Value::DateTime),
        ComputedColumn::PausedHours => c.resolution_due.map(|_| Value::Decimal(c.paused_hours)),
        ComputedColumn::AgeDays => c.age_days.map(Value::Decimal),
        ComputedColumn::SlaStatus => c.sla_status.map(|s| Value::Text(texts.sla.of(s).into())),
        ComputedColumn::Priority => c.priority.map(|p| Value::Text(p.as_str().into())),
        ComputedColumn::Findings => (!checked.findings.is_empty()).then(|| {
            let codes: Vec<&str> = checked.findings.iter().map(|f| f.code.as_str()).collect();
            Value::Text(codes.join(", ").into())
        }),
        ComputedColumn::NextAction => action.next_action.as_deref().map(|t| Value::Text(t.into())),
        ComputedColumn::SuggestedReply => action
            .suggested_reply
            .as_deref()
            .map(|t| Value::Text(t.into())),
    }
}

/// A column width fitted to a header: CJK characters count as two (their display width).
pub(crate) fn header_width(name: &str) -> f64 {
    let units = unicode_width::UnicodeWidthStr::width(name);
    (units as f64 + 4.0).clamp(14.0, 40.0)
}
