//! The bare floor of PRODUCT.md section 8: what reading and writing the cells costs before
//! any after-sales work is done. `aftersales process` is measured against it.
//!
//! ```text
//! cargo run --release --example bench_floor -- IN.xlsx OUT.xlsx
//! ```
//!
//! calamine's streaming cell reader reads every cell of the first sheet; rust_xlsxwriter, in
//! constant-memory mode, writes every value back at the same place with the same type
//! (numbers, text, booleans, dates with a date format) and appends 6 computed columns to each
//! row. Nothing else: no header detection, no rules, no styles, no other sheets.
//!
//! ```text
//!  input (first sheet)                      output
//!  ______________________________          ____________________________________________
//! |    | A       | ... | Y       |        |    | A ... Y | Z        | AA  | ... | AE    |
//! |  1 | Case ID | ... | Remarks |   ->   |  1 | (same)  | Deadline | Due | ... | Note  |
//! |  2 | AS...   | ... |         |        |  2 | (same)  | date+7d  | ... | ... | text  |
//! |____|_________|_____|_________|        |____|_________|__________|_____|_____|_______|
//! ```
//!
//! The computed columns, from the row's first two dates (`first`, `second`):
//! Deadline = first + 7 days, Due = first + 24 h, Hours = second − first,
//! SLA = `overdue`/`on_track` against 2026-11-23 09:00, Priority = `P1`..`P4`,
//! Note = a short text built per row.

use std::error::Error;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

const COMPUTED: [&str; 6] = ["Deadline", "Due", "Hours", "SLA", "Priority", "Note"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: bench_floor IN.xlsx OUT.xlsx");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match copy_with_columns(Path::new(input), Path::new(output)) {
        Ok((rows, cells)) => {
            eprintln!(
                "bench_floor: {rows} rows, {cells} cells read, {} cells written in {:.2} s",
                cells + rows * COMPUTED.len() as u64,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("bench_floor: {input} -> {output}: {error}");
            ExitCode::FAILURE
        }
    }
}

struct Formats {
    date: Format,
    datetime: Format,
}

/// What the computed columns need from one row.
#[derive(Default)]
struct RowFacts {
    first: Option<NaiveDateTime>,
    second: Option<NaiveDateTime>,
    cells: u32,
    texts: u32,
}

/// Returns (rows, non-empty cells read).
fn copy_with_columns(input: &Path, output: &Path) -> Result<(u64, u64), Box<dyn Error>> {
    let mut book: Xlsx<_> = open_workbook(input)?;
    let sheet_name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("the workbook has no sheet")?;
    let mut reader = book.worksheet_cells_reader(&sheet_name)?;
    let mut width = reader.dimensions().end.1 + 1;

    let mut workbook = Workbook::new();
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        workbook.set_tempdir(dir)?;
    }
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(&sheet_name)?;
    let formats = Formats {
        date: Format::new().set_num_format("yyyy-mm-dd"),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .ok_or("bad as-of")?;

    let (mut rows, mut cells) = (0u64, 0u64);
    let mut current: Option<u32> = None;
    let mut facts = RowFacts::default();
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        if current != Some(row) {
            if let Some(done) = current {
                finish_row(sheet, done, rows == 0, width, &facts, as_of, &formats)?;
                rows += 1;
            }
            current = Some(row);
            facts = RowFacts::default();
        }
        if rows == 0 {
            width = width.max(col + 1);
        }
        if copy_cell(
            sheet,
            row,
            col as u16,
            cell.get_value(),
            &mut facts,
            &formats,
        )? {
            cells += 1;
        }
    }
    if let Some(done) = current {
        finish_row(sheet, done, rows == 0, width, &facts, as_of, &formats)?;
        rows += 1;
    }
    workbook.save(output)?;
    Ok((rows, cells))
}

/// Writes one value back with its type; returns whether the cell held a value.
fn copy_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &DataRef<'_>,
    facts: &mut RowFacts,
    formats: &Formats,
) -> Result<bool, XlsxError> {
    match value {
        DataRef::Empty => return Ok(false),
        DataRef::Int(n) => sheet.write_number(row, col, *n as f64)?,
        DataRef::Float(n) => sheet.write_number(row, col, *n)?,
        DataRef::Bool(b) => sheet.write_boolean(row, col, *b)?,
        DataRef::String(s) => {
            facts.texts += 1;
            sheet.write_string(row, col, s)?
        }
        DataRef::SharedString(s) => {
            facts.texts += 1;
            sheet.write_string(row, col, *s)?
        }
        DataRef::DateTime(d) => match d.as_datetime().filter(|_| d.is_datetime()) {
            Some(t) => {
                if facts.first.is_none() {
                    facts.first = Some(t);
                } else if facts.second.is_none() {
                    facts.second = Some(t);
                }
                let format = if t.num_seconds_from_midnight() == 0 {
                    &formats.date
                } else {
                    &formats.datetime
                };
                sheet.write_datetime_with_format(row, col, t, format)?
            }
            None => sheet.write_number(row, col, d.as_f64())?,
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => sheet.write_string(row, col, s)?,
        DataRef::Error(e) => sheet.write_string(row, col, e.to_string())?,
    };
    facts.cells += 1;
    Ok(true)
}

fn finish_row(
    sheet: &mut Worksheet,
    row: u32,
    is_header: bool,
    width: u32,
    facts: &RowFacts,
    as_of: NaiveDateTime,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let col = |i: usize| (width as usize + i) as u16;
    if is_header {
        for (i, name) in COMPUTED.iter().enumerate() {
            sheet.write_string(row, col(i), *name)?;
        }
        return Ok(());
    }
    if let Some(first) = facts.first {
        let deadline = first + Duration::days(7);
        sheet.write_datetime_with_format(row, col(0), deadline, &formats.date)?;
        sheet.write_datetime_with_format(
            row,
            col(1),
            first + Duration::hours(24),
            &formats.datetime,
        )?;
        if let Some(second) = facts.second {
            let hours = (second - first).num_minutes() as f64 / 60.0;
            sheet.write_number(row, col(2), hours)?;
        }
        let sla = if deadline < as_of {
            "overdue"
        } else {
            "on_track"
        };
        sheet.write_string(row, col(3), sla)?;
    }
    sheet.write_string(
        row,
        col(4),
        ["P1", "P2", "P3", "P4"][facts.cells as usize % 4],
    )?;
    let note = format!("{} cells, {} text", facts.cells, facts.texts);
    sheet.write_string(row, col(5), note)?;
    Ok(())
}
