//! Writes `examples/demo.xlsx`, the after-sales workbook used in the docs and by hand
//! testing: 300 cases as a team really keeps them, with a few rows that are wrong on
//! purpose. Run it with
//!
//! ```text
//! cargo run --example make_demo            # writes examples/demo.xlsx
//! cargo run --example make_demo -- OUT.xlsx
//! aftersales check examples/demo.xlsx --as-of 2026-11-23T09:00
//! ```
//!
//! The output is deterministic (fixed seed, fixed document properties): the same program
//! writes the same bytes. After writing, the file is read back with calamine to check its
//! shape.
//!
//! The first sheet, `售后登记`, has 26 columns: the 25 of PRODUCT.md table 2.2 under mixed
//! Chinese and English headers, plus an unknown `Tracking no` that must be carried through.
//!
//! ```text
//!  ______________________________________________________________________________________
//! |      ||      A       |     B      |      C       |    D     |  ...  |   Y    |   Z    |
//! |______||______________|____________|______________|__________|_______|________|________|
//! |   1  || 售后案件登记表 · After-sales case log, Sep-Nov 2026           (title, A1:H1)   |
//! |______||__________________________________________________________________________________|
//! |   2  || 说明：每行一个售后单 ... Note: one row per case, do not rename the headers.     |
//! |______||______________|____________|______________|__________|_______|________|________|
//! |   3  || 售后单号     | 订单号     | Tracking no  | Platform |  ...  | 特批   | 备注   |
//! |______||______________|____________|______________|__________|_______|________|________|
//! |   4  || AS2609-00001 | BH81412... | JD816802...  | Bhiner   |  ...  | FALSE  |        |
//! |  ... ||     300 cases, requests 2026-09-01 .. 2026-11-22, mostly in date order     |
//! |  303 || AS2611-00300 | YY58760... | SF384424...  | Yoybuy   |  ...  |        | Sel... |
//! |______||______________|____________|______________|__________|_______|________|________|
//! |  304 || (2,000 empty rows with borders and date formats, as real sheets carry)       |
//! | 2303 ||                                                                            |
//! |______||____________________________________________________________________________|
//! ```
//!
//! Columns: 售后单号, 订单号, Tracking no, Platform, 品类, 客户姓名, Contact, 购买日期,
//! Received date, 申请时间, 问题类型, 诉求, Evidence, 原包装, Item used, 状态, Assignee,
//! 首次响应时间, Resolved at, 重开次数, 订单金额, Refund amount, 满意度, Feedback, 特批, 备注.
//!
//! Dates are mostly real date cells; about one in ten is text (`2026/11/03`, `2026.11.03`,
//! `2026年11月3日 14:30`, `2026-11-03 09:15`) and a few are Excel serial numbers in a General
//! cell. Statuses, issue types, requests and yes/no values use the spellings of section 2.3.
//! A second sheet, `Notes`, holds a few text cells. There is no Policies sheet.
//!
//! With `--as-of 2026-11-23T09:00` and the default policies, every row is clean except
//! these (printed again when the example runs):
//!
//! | row | what is wrong | expected finding |
//! | --- | --- | --- |
//! | 16 | blank 售后单号 | E_MISSING_VALUE |
//! | 34 | finished more than 7 days ago, no 满意度 | W_NO_CSAT |
//! | 51 | same 售后单号 as row 50 | E_DUPLICATE_ID |
//! | 68 | 购买日期 is not a date | E_BAD_DATE |
//! | 85 | finished status, no Resolved at | E_STATUS_INCONSISTENT |
//! | 102 | request long after receipt | P_WINDOW_EXPIRED |
//! | 120 | Yoybuy, opened 3 Oct, answered 8 Oct | none: holiday hours do not count |
//! | 137 | Resolved at before 申请时间 | E_DATE_ORDER |
//! | 152 | Yoybuy, received 24 Sep, opened 12 Oct | none: holidays extend the window |
//! | 164 | Superbuy return without 原包装, 特批 = yes | P_PACKAGING_REQUIRED as a warning |
//! | 179 | 满意度 = 7 | E_BAD_VALUE |
//! | 194 | Platform `Supperbuy` | E_UNKNOWN_PLATFORM |
//! | 209 | first response after 24 h | W_FIRST_RESPONSE_LATE |
//! | 226 | Bhiner case still open after 7 days | W_OVERDUE |
//! | 242 | lost parcel, no Received date | W_NO_RECEIVED_DATE |
//! | 259 | 购买日期 `03/11/2026` | E_BAD_DATE (ambiguous) |
//! | 274 | 申请时间 typed in 2027 | E_FUTURE_DATE (a year after the as-of; not computed with) |
//! | 288 | Bhiner quality claim, photos only | P_VIDEO_REQUIRED |
//! | 294 | Superbuy return, 原包装 = no | P_PACKAGING_REQUIRED |
//! | 300 | Bhiner used item, full refund | P_REFUND_NOT_ALLOWED |

mod common;

use std::borrow::Cow;
use std::error::Error;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use common::{
    at, canonical_cells, check_clean, clean_case, date_text, excel_serial, request_times,
    write_out, Case, Flaw, Formats, Out, Rng, When,
};
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, Worksheet};

const SHEET: &str = "售后登记";
const CASES: u64 = 300;
const EMPTY_ROWS: u32 = 2_000;
/// 0-based row of the header (Excel row 3).
const HEADER_ROW: u32 = 2;

const HEADERS: [&str; 26] = [
    "售后单号",
    "订单号",
    "Tracking no",
    "Platform",
    "品类",
    "客户姓名",
    "Contact",
    "购买日期",
    "Received date",
    "申请时间",
    "问题类型",
    "诉求",
    "Evidence",
    "原包装",
    "Item used",
    "状态",
    "Assignee",
    "首次响应时间",
    "Resolved at",
    "重开次数",
    "订单金额",
    "Refund amount",
    "满意度",
    "Feedback",
    "特批",
    "备注",
];
/// Columns holding a date (date only) or a date and time, for the formats of empty rows.
const DATE_COLUMNS: [usize; 2] = [7, 8];
const DATETIME_COLUMNS: [usize; 3] = [9, 17, 18];
const WIDTHS: [f64; 26] = [
    14.0, 14.0, 17.0, 10.0, 10.0, 16.0, 24.0, 12.0, 13.0, 17.0, 12.0, 14.0, 18.0, 7.0, 9.0, 14.0,
    11.0, 17.0, 17.0, 8.0, 11.0, 13.0, 7.0, 26.0, 6.0, 26.0,
];

/// Rows (0-based case index) that carry a deliberate flaw.
const FLAWS: [(u64, Flaw); 20] = [
    (12, Flaw::BlankId),
    (30, Flaw::NoCsat),
    (47, Flaw::DuplicateId),
    (64, Flaw::UnreadableDate),
    (81, Flaw::StatusInconsistent),
    (98, Flaw::WindowExpired),
    (116, Flaw::HolidayFirstResponse),
    (133, Flaw::DateOrder),
    (148, Flaw::HolidayWindow),
    (160, Flaw::ExceptionApproved),
    (175, Flaw::BadCsat),
    (190, Flaw::UnknownPlatform),
    (205, Flaw::FirstResponseLate),
    (222, Flaw::Overdue),
    (238, Flaw::NoReceivedDate),
    (255, Flaw::AmbiguousDate),
    (270, Flaw::CalendarRange),
    (284, Flaw::VideoRequired),
    (290, Flaw::PackagingRequired),
    (296, Flaw::RefundNotAllowed),
];

fn main() -> Result<(), Box<dyn Error>> {
    let out = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo.xlsx")),
        PathBuf::from,
    );
    let cases = build_cases()?;
    write_workbook(&out, &cases)?;
    verify(&out, cases.len())?;
    println!(
        "wrote {} ({} cases); use --as-of 2026-11-23T09:00",
        out.display(),
        cases.len()
    );
    Ok(())
}

fn build_cases() -> Result<Vec<Case>, String> {
    let mut rng = Rng::new(0x5EED_2026_1123);
    let from = at(2026, 9, 1, 0, 0);
    let to = at(2026, 11, 22, 21, 0);
    let times: Vec<_> = request_times(&mut rng, CASES, from, to).collect();
    let mut cases: Vec<Case> = Vec::with_capacity(times.len());
    for (index, request) in (0u64..).zip(times) {
        let flaw = FLAWS.iter().find(|(i, _)| *i == index).map(|(_, f)| *f);
        let spec = flaw.map(Flaw::spec).unwrap_or_default();
        let mut case = clean_case(&mut rng, index + 1, request, &spec);
        match flaw {
            Some(flaw) => {
                let previous = cases.last().map_or("", |c| c.case_id.as_str()).to_string();
                flaw.apply(&mut rng, &mut case, &previous);
                println!(
                    "row {:>3}: {:<36} {}",
                    excel_row(index),
                    flaw.codes(),
                    case.case_id
                );
            }
            None => check_clean(&case)?,
        }
        cases.push(case);
    }
    Ok(cases)
}

/// The Excel row number (1-based) of case `index`.
fn excel_row(index: u64) -> u64 {
    index + u64::from(HEADER_ROW) + 2
}

fn write_workbook(path: &Path, cases: &[Case]) -> Result<(), Box<dyn Error>> {
    let mut workbook = Workbook::new();
    // Fixed properties, so that the file's bytes do not depend on when it was written.
    let created = at(2026, 11, 20, 18, 0);
    workbook.set_properties(
        &DocProperties::new()
            .set_title("售后案件登记表")
            .set_author("CS team")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new(true);
    let sheet = workbook.add_worksheet().set_name(SHEET)?;
    write_top(sheet)?;
    // A separate stream for "how was it typed", so the cases do not change with it.
    let mut typing = Rng::new(0x007E_570F_7E1E);
    for (i, case) in cases.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        for (col, out) in demo_cells(&mut typing, case).iter().enumerate() {
            write_out(sheet, row, col as u16, out, &formats, true)?;
        }
    }
    write_empty_rows(sheet, HEADER_ROW + 1 + cases.len() as u32, &formats)?;
    write_notes(workbook.add_worksheet().set_name("Notes")?)?;
    workbook.save(path)?;
    Ok(())
}

fn write_top(sheet: &mut Worksheet) -> Result<(), Box<dyn Error>> {
    let title = Format::new().set_bold().set_font_size(14);
    let note = Format::new().set_italic().set_font_color(Color::Gray);
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    sheet.merge_range(
        0,
        0,
        0,
        7,
        "售后案件登记表 · After-sales case log, Sep-Nov 2026",
        &title,
    )?;
    sheet.write_string_with_format(
        1,
        0,
        "说明：每行一个售后单，日期请填 yyyy-mm-dd。Note: one row per case, do not rename the headers.",
        &note,
    )?;
    for (col, (name, width)) in HEADERS.iter().zip(WIDTHS).enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok(())
}

/// The 26 demo cells: the canonical 25 with `Tracking no` third.
fn demo_cells(rng: &mut Rng, case: &Case) -> Vec<Out> {
    let mut cells = canonical_cells(rng, case, typed_date).to_vec();
    cells.insert(2, Out::text(case.tracking.clone()));
    cells
}

/// Mostly real date cells; some text in the usual spellings; a few serial numbers.
fn typed_date(rng: &mut Rng, when: &When, with_time: bool) -> Out {
    let roll = rng.unit();
    match when {
        When::At(t) if roll < 0.88 => {
            if with_time {
                Out::DateTime(*t)
            } else {
                Out::Date(*t)
            }
        }
        When::At(t) if roll < 0.975 => Out::Text(Cow::Owned(date_text(rng, *t, with_time))),
        When::At(t) => Out::Number(excel_serial(*t)),
        other => common::real_date(rng, other, with_time),
    }
}

fn write_empty_rows(
    sheet: &mut Worksheet,
    first: u32,
    formats: &Formats,
) -> Result<(), Box<dyn Error>> {
    for row in first..first + EMPTY_ROWS {
        for col in 0..HEADERS.len() {
            let format = if DATE_COLUMNS.contains(&col) {
                &formats.date
            } else if DATETIME_COLUMNS.contains(&col) {
                &formats.datetime
            } else {
                &formats.text
            };
            sheet.write_blank(row, col as u16, format)?;
        }
    }
    Ok(())
}

fn write_notes(sheet: &mut Worksheet) -> Result<(), Box<dyn Error>> {
    let lines = [
        "说明 / Notes",
        "状态请用下拉列表 (Status: pick from the list)",
        "Superbuy: 7 天无理由, 质量问题 30 天, 需原包装",
        "Bhiner: 14 days, video proof for defects, used items partial refund only",
        "Yoybuy: 10 天, 法定节假日顺延 (holidays do not count)",
        "Last reviewed 2026-11-20 by 小王",
    ];
    for (row, line) in lines.iter().enumerate() {
        sheet.write_string(row as u32, 0, *line)?;
    }
    sheet.set_column_width(0, 70)?;
    Ok(())
}

/// Reads the file back: sheets, title and header rows, the unknown column, the date
/// spellings, and the formatted empty rows below the cases.
fn verify(path: &Path, cases: usize) -> Result<(), Box<dyn Error>> {
    let mut book: Xlsx<_> = open_workbook(path)?;
    let names = book.sheet_names();
    if names != [SHEET, "Notes"] {
        return Err(format!("unexpected sheets {names:?}").into());
    }
    let last_case_row = HEADER_ROW + cases as u32;
    let mut header = vec![String::new(); HEADERS.len()];
    let (mut real_dates, mut text_dates, mut serials, mut last_value_row) = (0, 0, 0, 0);
    let mut reader = book.worksheet_cells_reader(SHEET)?;
    let end = reader.dimensions().end;
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        let is_date_col =
            DATE_COLUMNS.contains(&(col as usize)) || DATETIME_COLUMNS.contains(&(col as usize));
        match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) if row == HEADER_ROW => header[col as usize] = s.clone(),
            DataRef::SharedString(s) if row == HEADER_ROW => header[col as usize] = s.to_string(),
            DataRef::DateTime(_) if is_date_col => real_dates += 1,
            DataRef::String(_) | DataRef::SharedString(_) if is_date_col && row > HEADER_ROW => {
                text_dates += 1
            }
            DataRef::Float(_) | DataRef::Int(_) if is_date_col => serials += 1,
            _ => {}
        }
        last_value_row = last_value_row.max(row);
    }
    drop(reader);
    if header != HEADERS {
        return Err(format!("row 3 is not the header: {header:?}").into());
    }
    if last_value_row != last_case_row {
        return Err(format!(
            "last value on row {}, expected {}",
            last_value_row + 1,
            last_case_row + 1
        )
        .into());
    }
    if end.0 != last_case_row + EMPTY_ROWS || end.1 as usize != HEADERS.len() - 1 {
        return Err(format!("dimension ends at {end:?}: the empty rows are missing").into());
    }
    let styles = book.worksheet_style(SHEET)?;
    if styles.end().map(|(r, _)| r) != Some(last_case_row + EMPTY_ROWS) {
        return Err("the formatted empty rows carry no format".into());
    }
    if real_dates == 0 || text_dates == 0 || serials == 0 {
        return Err(
            format!("date mix: {real_dates} real, {text_dates} text, {serials} serial").into(),
        );
    }
    let notes = book.worksheet_range("Notes")?;
    if notes.used_cells().count() < 3 {
        return Err("the Notes sheet lost its text".into());
    }
    println!(
        "verified: header on row {}, `Tracking no` in column C, cases on rows {}..={}, \
         {} formatted empty rows to row {}, dates {real_dates} real / {text_dates} text / {serials} serial",
        HEADER_ROW + 1,
        HEADER_ROW + 2,
        last_case_row + 1,
        EMPTY_ROWS,
        end.0 + 1,
    );
    Ok(())
}
