//! The team's own case sheet, patched in its package (PRODUCT.md 6.1): the computed columns
//! appended to the right of their last column, conditional-format rules after theirs. Their
//! cells are never touched; an earlier run's computed cells and rules are recognised and
//! written again.

use chrono::{NaiveDateTime, NaiveTime};

use super::cases::{computed_value, CellTexts, Value};
use super::truncate_for_excel;
use crate::i18n::Texts;
use crate::input::values::datetime_to_serial;
use crate::input::workbook::CaseSheet;
use crate::model::columns::ComputedColumn;
use crate::model::finding::column_letters;
use crate::package::{
    CellFormat, CellValue, NewColumn, Package, PackageError, SheetEdits, TailContext,
};
use crate::replies::Action;
use crate::rules::Checked;

/// In every rule this tool adds (a formula, or a threshold), so a re-run knows its own rules
/// from the team's: `N("aftersales")` is 0 and changes nothing; it survives a save by Excel.
const MARKER: &str = "N(\"aftersales\")";
/// The marker as it reads inside an attribute.
const MARKER_IN_ATTRIBUTE: &str = "N(&quot;aftersales&quot;)";

/// A computed cell for one row: column, value, style.
pub type NewCell = (u32, CellValue, Option<u32>);

/// Style indexes appended to the team's stylesheet.
#[derive(Debug, Clone, Copy)]
struct Styles {
    header: u32,
    date: u32,
    datetime: u32,
    decimal: u32,
}

/// Differential formats for the rules.
#[derive(Debug, Clone, Copy)]
struct Looks {
    /// One per SLA status label a rule colours ([`CellTexts::sla_colours`]).
    sla: [u32; 5],
    p1: u32,
    late: u32,
}

/// How the case sheet is patched: where the computed columns go and how they look.
#[derive(Debug, Clone)]
pub struct CaseSheetPatch {
    /// First computed column (0-based).
    start: u32,
    header_row: u32,
    /// An earlier run's computed columns, whose cells are dropped.
    clear: Vec<u32>,
    csat: Option<u32>,
    date1904: bool,
    styles: Styles,
    looks: Looks,
    texts: CellTexts,
}

impl CaseSheetPatch {
    /// Plans the patch of `sheet`, whose part's `<dimension>` ends at `last_column` (if it
    /// says), appending the styles and looks it needs to `package`.
    pub fn new(
        package: &mut Package,
        sheet: &CaseSheet,
        last_column: Option<u32>,
        date1904: bool,
        texts: &Texts,
    ) -> Result<CaseSheetPatch, PackageError> {
        let texts = CellTexts::new(texts);
        let header = &sheet.header;
        let clear = header.computed.clone();
        let teams_last = (0..header.names.len() as u32)
            .filter(|c| !clear.contains(c))
            .max();
        let start = match (clear.iter().min(), clear.iter().max()) {
            // The earlier run's place, unless the team has put something right of it.
            (Some(&old), Some(&old_end)) if last_column.is_none_or(|l| l <= old_end) => old,
            _ => teams_last.max(last_column).map_or(0, |c| c + 1),
        };
        let number = |code: &str| CellFormat {
            number_format: Some(code.to_string()),
            ..CellFormat::default()
        };
        let styles = Styles {
            header: package.append_cell_format(&CellFormat {
                bold: true,
                fill_color: Some("DDEBF7".into()),
                ..CellFormat::default()
            })?,
            date: package.append_cell_format(&number("yyyy-mm-dd"))?,
            datetime: package.append_cell_format(&number("yyyy-mm-dd hh:mm"))?,
            decimal: package.append_cell_format(&number("0.0"))?,
        };
        let fill = |rgb: &str| {
            format!("<{{p}}fill><{{p}}patternFill><{{p}}bgColor rgb=\"FF{rgb}\"/></{{p}}patternFill></{{p}}fill>")
        };
        let mut sla = [0; 5];
        for (dxf, (_, colour)) in sla.iter_mut().zip(texts.sla_colours()) {
            *dxf = package.append_dxf(&fill(&format!("{colour:06X}")))?;
        }
        let looks = Looks {
            sla,
            p1: package.append_dxf(&fill("FCE4E4"))?,
            late: package.append_dxf("<{p}font><{p}b/><{p}color rgb=\"FFC00000\"/></{p}font>")?,
        };
        Ok(CaseSheetPatch {
            start,
            header_row: header.row,
            clear,
            csat: header.column(crate::model::Key::Csat),
            date1904,
            styles,
            looks,
            texts,
        })
    }

    /// What the sheet's patch changes besides the cells.
    pub fn edits(&self) -> SheetEdits {
        SheetEdits {
            columns: ComputedColumn::ALL
                .into_iter()
                .map(|column| NewColumn {
                    column: self.column(column),
                    width: Some(self.texts.width(column)),
                })
                .collect(),
            clear_columns: self.clear.clone(),
            drop_rules_marked: vec![MARKER.to_string(), MARKER_IN_ATTRIBUTE.to_string()],
            drop_legacy_drawing: false,
        }
    }

    /// The sheet column of a computed column.
    pub fn column(&self, column: ComputedColumn) -> u32 {
        self.start + column.index() as u32
    }

    pub fn header_row(&self) -> u32 {
        self.header_row
    }

    /// The computed headers, for the header row.
    pub fn header_cells(&self) -> Vec<NewCell> {
        ComputedColumn::ALL
            .into_iter()
            .map(|c| {
                let text = CellValue::Text(self.texts.header(c).to_string());
                (self.column(c), text, Some(self.styles.header))
            })
            .collect()
    }

    /// The computed cells of one case row.
    pub fn case_cells(&self, checked: &Checked, action: &Action) -> Vec<NewCell> {
        let mut cells = Vec::with_capacity(ComputedColumn::ALL.len());
        for column in ComputedColumn::ALL {
            let col = self.column(column);
            let cell = match computed_value(column, checked, action, &self.texts) {
                None => continue,
                Some(Value::Text(text)) => (
                    col,
                    CellValue::Text(truncate_for_excel(&text).to_string()),
                    None,
                ),
                Some(Value::Date(d)) => self.date_cell(col, crate::input::values::midnight(d)),
                Some(Value::DateTime(d)) => self.date_cell(col, d),
                Some(Value::Decimal(x)) => {
                    // Full precision; the format shows one decimal.
                    (col, CellValue::Number(x), Some(self.styles.decimal))
                }
            };
            cells.push(cell);
        }
        cells
    }

    /// A date as a number with a date format; as text when Excel cannot show it as a date.
    fn date_cell(&self, col: u32, when: NaiveDateTime) -> NewCell {
        let style = if when.time() == NaiveTime::MIN {
            self.styles.date
        } else {
            self.styles.datetime
        };
        match datetime_to_serial(when, self.date1904) {
            Some(serial) => (col, CellValue::Number(serial), Some(style)),
            None => (
                col,
                CellValue::Text(crate::input::values::format_datetime(when)),
                None,
            ),
        }
    }

    /// The rules for case rows `first..=last` (0-based), after the team's, as
    /// `<conditionalFormatting>` elements; empty without case rows.
    pub fn rules(&self, context: &TailContext, first: u32, last: u32) -> String {
        if last < first {
            return String::new();
        }
        let p = &context.prefix;
        let mut priority = context.max_priority;
        let mut next = || {
            priority += 1;
            priority
        };
        let (r1, r2) = (first + 1, last + 1);
        let letter = |c: ComputedColumn| column_letters(self.column(c));
        let range = |c: ComputedColumn| format!("{l}{r1}:{l}{r2}", l = letter(c));
        let expression = |dxf: u32, priority: u32, formula: &str| {
            format!(
                "<{p}cfRule type=\"expression\" dxfId=\"{dxf}\" priority=\"{priority}\"><{p}formula>{}</{p}formula></{p}cfRule>",
                crate::package::escape(&format!("AND({formula},{MARKER}=0)"))
            )
        };
        let mut xml = String::new();
        let sla = letter(ComputedColumn::SlaStatus);
        let mut sla_rules = String::new();
        for ((text, _), dxf) in self.texts.sla_colours().into_iter().zip(self.looks.sla) {
            let text = text.replace('"', "\"\"");
            let test = format!("${sla}{r1}=\"{text}\"");
            sla_rules.push_str(&expression(dxf, next(), &test));
        }
        xml.push_str(&format!(
            "<{p}conditionalFormatting sqref=\"{}\">{sla_rules}</{p}conditionalFormatting>",
            range(ComputedColumn::SlaStatus)
        ));
        let priority_col = letter(ComputedColumn::Priority);
        xml.push_str(&format!(
            "<{p}conditionalFormatting sqref=\"A{r1}:{}{r2}\">{}</{p}conditionalFormatting>",
            letter(ComputedColumn::AgeDays),
            expression(
                self.looks.p1,
                next(),
                &format!("${priority_col}{r1}=\"P1\"")
            )
        ));
        let frt = letter(ComputedColumn::FrtHours);
        for (due, unanswered) in [
            (ComputedColumn::FirstResponseDue, true),
            (ComputedColumn::ResolutionDue, false),
        ] {
            let c = letter(due);
            let mut open = format!("ISNUMBER({c}{r1}),{c}{r1}<NOW(),${priority_col}{r1}<>\"P4\"");
            if unanswered {
                open.push_str(&format!(",ISBLANK(${frt}{r1})"));
            }
            xml.push_str(&format!(
                "<{p}conditionalFormatting sqref=\"{}\">{}</{p}conditionalFormatting>",
                range(due),
                expression(self.looks.late, next(), &open)
            ));
        }
        xml.push_str(&format!(
            "<{p}conditionalFormatting sqref=\"{}\"><{p}cfRule type=\"dataBar\" priority=\"{}\"><{p}dataBar><{p}cfvo type=\"formula\" val=\"{MARKER_IN_ATTRIBUTE}\"/><{p}cfvo type=\"max\"/><{p}color rgb=\"FF638EC6\"/></{p}dataBar></{p}cfRule></{p}conditionalFormatting>",
            range(ComputedColumn::AgeDays),
            next()
        ));
        if let Some(csat) = self.csat {
            let l = column_letters(csat);
            xml.push_str(&format!(
                "<{p}conditionalFormatting sqref=\"{l}{r1}:{l}{r2}\"><{p}cfRule type=\"iconSet\" priority=\"{}\"><{p}iconSet iconSet=\"5Rating\"><{p}cfvo type=\"formula\" val=\"{MARKER_IN_ATTRIBUTE}\"/><{p}cfvo type=\"num\" val=\"2\"/><{p}cfvo type=\"num\" val=\"3\"/><{p}cfvo type=\"num\" val=\"4\"/><{p}cfvo type=\"num\" val=\"5\"/></{p}iconSet></{p}cfRule></{p}conditionalFormatting>",
                next()
            ));
        }
        xml
    }
}
