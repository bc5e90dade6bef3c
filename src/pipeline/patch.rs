//! `process` for an `.xlsx` or `.xlsm` workbook: the team's own package, patched (PRODUCT.md
//! 6.1). The case sheet is read once by the reader thread; as each case is checked its
//! computed cells go to a second thread that streams the sheet's XML through, appending them
//! to their row. The generated sheets are made with rust_xlsxwriter and grafted in after the
//! team's sheets; an earlier run's are removed first.

use std::cell::RefCell;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};

use rust_xlsxwriter::XlsxError;

use super::annotate::{write_reports, ProcessOptions, RunRecord};
use super::{kpi_case, stream, Prepared, Totals};
use crate::error::Error;
use crate::i18n::Message;
use crate::kpi::KpiCase;
use crate::model::columns::ComputedColumn;
use crate::model::sheets::Sheet;
use crate::model::sheets::GENERATED;
use crate::output::OutputError;
use crate::package::{Package, RowAppender, SheetNotes, SheetTail, TailContext};
use crate::replies::Replies;
use crate::write::case_sheet::{CaseSheetPatch, NewCell};
use crate::write::cases::WriteStats;
use crate::write::findings::{FindingsPart, PartStyles};
use crate::write::new_workbook;
use crate::write::notes::{self, Notes};
use crate::write::pivot::{PivotData, PivotPlan, PivotSource};

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One case row's computed cells, on their way to the sheet's writer.
struct RowCells {
    row: u32,
    cells: Vec<NewCell>,
    /// A note was made for one of the row's cells.
    noted: bool,
}

/// The annotated package of `input`, ready to save, and what was read.
pub(super) fn annotate_package(
    input: &Path,
    prepared: &mut Prepared,
    options: &ProcessOptions,
    replies: &Replies,
    sha256: &str,
) -> Result<(Package, Totals), Error> {
    let mut package = Package::open(input)?;
    let case_sheet = prepared.sheet.name.clone();
    let part = package
        .sheet(&case_sheet)
        .map(|s| s.part.clone())
        .ok_or_else(|| {
            OutputError::write(
                input,
                Message::new("output-case_sheet_not_worksheet").arg("sheet", &case_sheet),
            )
        })?;
    for name in &prepared.sheet.earlier_run {
        package.remove_sheet(name)?;
    }
    // Each generated sheet under its own name, or with a number when the team has a sheet
    // of that name.
    let texts = &options.settings.texts;
    let names: Vec<(String, String)> = GENERATED
        .iter()
        .map(|sheet| {
            let label = sheet.label(texts);
            let free = free_name(&package, &label);
            (label, free)
        })
        .collect();
    // Notes: an earlier run's are replaced; the team's own comments are left alone, and then
    // the sheet gets none (it can have only one comments part).
    let sheet_notes = package.sheet_notes(&part, notes::AUTHOR)?;
    if sheet_notes == SheetNotes::Ours {
        package.remove_sheet_notes(&part)?;
    }
    let mut notes = Notes::new(sheet_notes != SheetNotes::Theirs);
    let drawing_id = package.next_relationship_id(&part)?;
    let last_column = package.dimension_last_column(&part)?;
    let date1904 = package.date1904()?;
    let patch = CaseSheetPatch::new(&mut package, &prepared.sheet, last_column, date1904, texts)?;
    let mut edits = patch.edits();
    edits.drop_legacy_drawing = sheet_notes == SheetNotes::Ours;
    let findings_column = patch.column(ComputedColumn::Findings);

    let werr = |e: XlsxError| xlsx_error(input, e);
    let mut generated = new_workbook();
    // The Findings sheet, the largest generated one, is streamed into the package; the
    // others are made with rust_xlsxwriter and grafted.
    let findings_styles = PartStyles::append(&mut package)?;
    let mut findings =
        FindingsPart::start(findings_styles, &case_sheet, texts).map_err(|e| io_error(input, e))?;
    for finding in &prepared.workbook_findings {
        findings.add(finding).map_err(|e| io_error(input, e))?;
    }
    let as_of = options.settings.as_of;
    let policies = prepared.checker.policies.clone();
    let mut kpi_cases: Vec<KpiCase> = Vec::new();
    let mut pivot_data = PivotData::new(texts);

    let (sender, receiver) = sync_channel::<RowCells>(4096);
    let (streamed, patched) = std::thread::scope(|scope| {
        let patch = &patch;
        let package = &mut package;
        let (part, drawing_id) = (&part, &drawing_id);
        let writer = scope.spawn(move || {
            // The rows callback fills it, the tail (called after the rows) reads it.
            let rows = RefCell::new(Incoming::new(receiver));
            let mut tail = |context: &TailContext| {
                let mut rows = rows.borrow_mut();
                let span = rows.span();
                SheetTail {
                    conditional_formatting: match span {
                        Some((first, last)) => patch.rules(context, first, last),
                        None => String::new(),
                    },
                    legacy_drawing: rows.noted.then(|| {
                        let p = &context.prefix;
                        format!("<{p}legacyDrawing xmlns:r=\"{REL_NS}\" r:id=\"{drawing_id}\"/>")
                    }),
                }
            };
            let result = package.edit_sheet(
                part,
                &edits,
                |row, cells| rows.borrow_mut().fill(row, patch, cells),
                Some(&mut tail),
            );
            let unmatched = rows.borrow().unmatched;
            (result, unmatched)
        });
        let streamed = stream(prepared, |row, checked| {
            // `--redact` never comes here: a redacted copy is a new workbook.
            let action = replies.action(checked, as_of);
            let cells = patch.case_cells(checked, &action);
            pivot_data.add(row.index, checked, &action);
            let before = notes.len();
            notes.add_row(row.index, &checked.findings, findings_column);
            let noted = notes.len() > before;
            let row = RowCells {
                row: row.index,
                cells,
                noted,
            };
            if sender.send(row).is_err() {
                // The sheet's writer stopped: its error is reported below.
                return Err(Error::ReaderStopped);
            }
            for finding in &checked.findings {
                findings.add(finding).map_err(|e| io_error(input, e))?;
            }
            kpi_cases.push(kpi_case(checked, &policies));
            Ok(())
        });
        drop(sender);
        let patched = writer.join();
        (streamed, patched)
    });
    let (result, unmatched) = patched.map_err(|_| Error::ReaderStopped)?;
    result?;
    let mut totals = streamed?;
    for finding in super::finish_history(prepared, input, &mut totals)? {
        findings.add(&finding).map_err(|e| io_error(input, e))?;
    }
    if unmatched > 0 {
        return Err(OutputError::write(
            input,
            Message::new("output-rows_unmatched")
                .arg("count", unmatched)
                .arg("sheet", &case_sheet),
        )
        .into());
    }
    if !notes.is_empty() {
        let id = package.add_sheet_notes(&part, notes.comments_xml(), notes.vml_xml())?;
        if id != drawing_id {
            return Err(OutputError::write(
                input,
                Message::new("output-notes_relationship")
                    .arg("id", id)
                    .arg("expected", &drawing_id),
            )
            .into());
        }
    }
    let (findings_part, listed, last_finding) =
        findings.finish().map_err(|e| io_error(input, e))?;
    let findings_label = Sheet::Findings.label(texts);
    let findings_name = names
        .iter()
        .find(|(sheet, _)| *sheet == findings_label)
        .map_or(findings_label.as_str(), |(_, name)| name.as_str());
    package.add_zipped_sheet(findings_name, findings_part)?;
    let index = package.sheets().len() - 1;
    let quoted = format!("'{}'", findings_name.replace('\'', "''"));
    package.add_defined_name(
        "_xlnm._FilterDatabase",
        index,
        &format!("{quoted}!$A$1:$H${}", last_finding + 1),
        true,
    )?;
    package.add_defined_name(
        "_xlnm.Print_Titles",
        index,
        &format!("{quoted}!$1:$1"),
        false,
    )?;
    let stats = WriteStats {
        notes: notes.len(),
        notes_skipped: notes.skipped,
        notes_blocked: sheet_notes == SheetNotes::Theirs,
        findings_listed: listed.findings,
        findings_not_listed: listed.not_listed,
    };
    let run = RunRecord {
        input,
        sha256,
        options,
        sheet: &prepared.sheet.name,
        header_row: prepared.sheet.header.row + 1,
        cases: totals.cases,
        counts: totals.counts,
        stats: &stats,
    };
    let added = names.iter().map(|(_, name)| name.clone());
    let start = patch.column(ComputedColumn::PlatformStd);
    let source = PivotSource::patched(&prepared.sheet, start, texts);
    let plan = PivotPlan::new(&pivot_data, &source, texts);
    write_reports(&mut generated, kpi_cases, prepared, &run, added, &plan).map_err(werr)?;
    let bytes = generated
        .save_to_buffer()
        .map_err(|e| xlsx_error(input, e))?;
    let pairs: Vec<(&str, &str)> = names
        .iter()
        .filter(|(a, _)| *a != findings_label)
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    package.graft_sheets(&bytes, &pairs)?;
    let pivot_name = names
        .iter()
        .find(|(sheet, _)| *sheet == Sheet::Pivot.name())
        .map_or(Sheet::Pivot.name(), |(_, name)| name.as_str());
    let pivot_part = package
        .sheet(pivot_name)
        .map(|s| s.part.clone())
        .unwrap_or_default();
    package.add_pivot_tables(&pivot_part, &plan.cache, &plan.tables)?;
    package.set_read_only_recommended(!options.in_place)?;
    Ok((package, totals))
}

/// `name`, or `name (2)`, `name (3)`… when the workbook has a sheet of that name.
fn free_name(package: &Package, name: &str) -> String {
    if package.sheet(name).is_none() {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| package.sheet(candidate).is_none())
        .unwrap_or_else(|| name.to_string())
}

fn io_error(input: &Path, e: std::io::Error) -> Error {
    OutputError::write(input, &e).into()
}

fn xlsx_error(input: &Path, e: XlsxError) -> Error {
    OutputError::write(input, &e).into()
}

/// The computed cells arriving from the checking thread, matched to the rows of the sheet's
/// XML as they stream past (both in row order).
struct Incoming {
    receiver: Receiver<RowCells>,
    next: Option<RowCells>,
    closed: bool,
    first: Option<u32>,
    last: Option<u32>,
    /// Case rows the XML did not have (none, for a sheet calamine read the same way).
    unmatched: usize,
    /// A row written has a note.
    noted: bool,
}

impl Incoming {
    fn new(receiver: Receiver<RowCells>) -> Incoming {
        Incoming {
            receiver,
            next: None,
            closed: false,
            first: None,
            last: None,
            unmatched: 0,
            noted: false,
        }
    }

    /// Adds to `row` of the XML its header or computed cells.
    fn fill(&mut self, row: u32, patch: &CaseSheetPatch, appender: &mut RowAppender) {
        if row == patch.header_row() {
            push_all(appender, patch.header_cells());
            return;
        }
        if let Some(cells) = self.take(row) {
            self.first.get_or_insert(row);
            self.last = Some(row);
            push_all(appender, cells.cells);
            self.noted |= cells.noted;
        }
    }

    /// The cells for `row`, waiting for them if they have not come yet.
    fn take(&mut self, row: u32) -> Option<RowCells> {
        loop {
            if self.next.is_none() && !self.closed {
                self.next = self.receiver.recv().ok();
                self.closed = self.next.is_none();
            }
            let next = self.next.as_ref()?;
            if next.row > row {
                return None;
            }
            let cells = self.next.take()?;
            if cells.row == row {
                return Some(cells);
            }
            self.unmatched += 1;
        }
    }

    /// The first and last case rows written.
    fn span(&mut self) -> Option<(u32, u32)> {
        // Rows past the XML's last one never come: count them.
        while self.take(u32::MAX).is_some() {}
        Some((self.first?, self.last?))
    }
}

fn push_all(appender: &mut RowAppender, cells: Vec<NewCell>) {
    for (column, value, style) in cells {
        appender.push(column, value, style);
    }
}
