//! Reading a workbook as a team keeps it: find the case sheet and its header row, then
//! stream the case rows one by one so that a sheet of Excel's maximum size fits in memory.

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader, Sheets};

use crate::i18n::{Describe, Message};
use crate::input::headers::{Aliases, HeaderMap};
use crate::input::values::{quote, Cell};
use crate::model::finding::cell_ref;
use crate::model::grid::{EXCEL_COLUMNS, EXCEL_ROWS};
use crate::model::sheets::{is_sheet_added, may_be_run_sheet, Sheet, RUN_MARKER};
use crate::model::Key;

/// A message lists at most this many headers, each cut short, so it stays one readable line.
const MAX_HEADERS_LISTED: usize = 40;

/// The header row must be within this many rows from the top.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// Why a workbook cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// `reason` says why, in the team's words ([`Workbook::open`]).
    Open {
        file: String,
        reason: Message,
    },
    NoSuchSheet {
        file: String,
        sheet: String,
        available: Vec<String>,
    },
    NotAWorksheet {
        file: String,
        sheet: String,
        kind: SheetKind,
        available: Vec<String>,
    },
    NoHeader {
        file: String,
        searched: Searched,
    },
    MissingColumn {
        file: String,
        sheet: String,
        row: u32,
        missing: Vec<String>,
        /// The headers seen, quoted, at most `MAX_HEADERS_LISTED` of them.
        seen: Vec<String>,
        /// How many headers were left out of `seen`.
        more: usize,
    },
    Sheet {
        file: String,
        sheet: String,
        at: Option<SheetPlace>,
        reason: Message,
    },
}

/// A sheet `--sheet` names that holds no cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Chart,
    Macro,
    Dialog,
    Other,
}

/// Where a header row was looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Searched {
    /// The sheet `--sheet` names.
    Sheet(String),
    /// The workbook has no worksheet.
    NoSheets,
    /// Every sheet, these ones.
    AnySheet(Vec<String>),
}

/// Where in a sheet reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetPlace {
    /// The last cell read before the reader failed.
    NearCell(String),
    Cell(String),
    /// A 1-based row number.
    Row(u32),
}

impl Describe for ReadError {
    fn message(&self) -> Message {
        match self {
            ReadError::Open { file, reason } => Message::new("read-open")
                .arg("file", file)
                .with("reason", reason.clone()),
            ReadError::NoSuchSheet {
                file,
                sheet,
                available,
            } => Message::new("read-no_such_sheet")
                .arg("file", file)
                .arg("sheet", sheet)
                .list("available", available),
            ReadError::NotAWorksheet {
                file,
                sheet,
                kind,
                available,
            } => Message::new("read-not_a_worksheet")
                .arg("file", file)
                .arg("sheet", sheet)
                .with("kind", kind.message())
                .list("available", available),
            ReadError::NoHeader { file, searched } => Message::new("read-no_header")
                .arg("file", file)
                .arg("rows", HEADER_SEARCH_ROWS)
                .with("where", searched.message()),
            ReadError::MissingColumn {
                file,
                sheet,
                row,
                missing,
                seen,
                more,
            } => {
                let message = Message::new("read-missing_column")
                    .arg("file", file)
                    .arg("sheet", sheet)
                    .arg("row", row)
                    .list("missing", missing);
                match more {
                    0 => message.list("seen", seen),
                    more => message.with(
                        "seen",
                        Message::new("read-headers_more")
                            .list("headers", seen)
                            .arg("more", more),
                    ),
                }
            }
            ReadError::Sheet {
                file,
                sheet,
                at,
                reason,
            } => {
                let message = match at {
                    None => Message::new("read-sheet"),
                    Some(at) => Message::new("read-sheet_at").with("at", at.message()),
                };
                message
                    .arg("file", file)
                    .arg("sheet", sheet)
                    .with("reason", reason.clone())
            }
        }
    }
}

impl Describe for SheetKind {
    fn message(&self) -> Message {
        Message::new(match self {
            SheetKind::Chart => "read-chart_sheet",
            SheetKind::Macro => "read-macro_sheet",
            SheetKind::Dialog => "read-dialog_sheet",
            SheetKind::Other => "read-other_sheet",
        })
    }
}

impl Describe for Searched {
    fn message(&self) -> Message {
        match self {
            Searched::Sheet(sheet) => Message::new("read-searched_sheet").arg("sheet", sheet),
            Searched::NoSheets => Message::new("read-searched_no_sheets"),
            Searched::AnySheet(sheets) => {
                Message::new("read-searched_any_sheet").list("sheets", sheets)
            }
        }
    }
}

impl Describe for SheetPlace {
    fn message(&self) -> Message {
        match self {
            SheetPlace::NearCell(cell) => Message::new("read-near_cell").arg("cell", cell),
            SheetPlace::Cell(cell) => Message::new("read-at_cell").arg("cell", cell),
            SheetPlace::Row(row) => Message::new("read-at_row").arg("row", row),
        }
    }
}

crate::display_by_message!(ReadError);

/// The case sheet as found: its name, header, and the rows above the header.
#[derive(Debug, Clone)]
pub struct CaseSheet {
    pub name: String,
    pub header: HeaderMap,
    /// Rows above the header (titles, notes), carried to the output unchanged.
    pub above: Vec<Row>,
    /// Other sheets of the workbook, in order (the case sheet excluded).
    pub other_sheets: Vec<String>,
    /// The workbook was written by this tool (its generated sheets are replaced, not carried).
    pub is_annotated: bool,
    /// The sheets an earlier run added (never read as the team's; replaced by this run).
    pub earlier_run: Vec<String>,
}

/// One non-empty sheet row: 0-based index and cells by column (trailing empties trimmed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn get(&self, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(col as usize).unwrap_or(&EMPTY)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// What to read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub sheet: Option<String>,
    pub aliases: Aliases,
}

/// An open workbook.
pub struct Workbook {
    path: PathBuf,
    sheets: Sheets<BufReader<File>>,
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook, ReadError> {
        crate::input::guard::check(path).map_err(|refusal| ReadError::Open {
            file: display_path(path),
            reason: refusal.message(),
        })?;
        let opened =
            std::panic::catch_unwind(|| open_workbook_auto(path)).map_err(|_| damaged(path))?;
        let sheets = opened.map_err(|e| ReadError::Open {
            file: display_path(path),
            reason: describe_open_error(path, &e),
        })?;
        Ok(Workbook {
            path: path.to_path_buf(),
            sheets,
        })
    }

    /// Whether the workbook counts dates from 1904 (serial numbers in number cells are then
    /// read in that system; calamine already does so for date cells).
    pub fn date1904(&self) -> bool {
        match &self.sheets {
            Sheets::Xlsx(x) => x.has_1904_epoch(),
            Sheets::Xlsb(x) => x.has_1904_epoch(),
            Sheets::Xls(x) => x.has_1904_epoch(),
            Sheets::Ods(_) => false,
        }
    }

    pub fn file(&self) -> String {
        display_path(&self.path)
    }

    /// The workbook's worksheets, in order: chart, macro and dialog sheets hold no cells to
    /// read (they stay in a patched workbook; a new one cannot carry them).
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == calamine::SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .collect()
    }

    /// Every non-empty row of a sheet, in order (for small sheets: policies, carried sheets).
    pub fn read_sheet(&mut self, name: &str) -> Result<Vec<Row>, ReadError> {
        let mut rows = Vec::new();
        self.stream_rows(name, |row| {
            rows.push(row);
            ControlFlow::Continue(())
        })?;
        Ok(rows)
    }

    /// Finds the case sheet: `--sheet`, else the first sheet with a recognised header.
    pub fn find_case_sheet(&mut self, options: &ReadOptions) -> Result<CaseSheet, ReadError> {
        let names = self.sheet_names();
        let earlier_run = self.earlier_run_sheets(&names);
        let is_annotated = !earlier_run.is_empty();
        let ours_not_cases = |n: &String| earlier_run.contains(n);
        let candidates: Vec<String> = match &options.sheet {
            Some(wanted) => {
                let found = names
                    .iter()
                    .find(|n| *n == wanted || n.eq_ignore_ascii_case(wanted));
                match found {
                    Some(name) => vec![name.clone()],
                    None => return Err(self.no_such_sheet(wanted, &names)),
                }
            }
            None => names
                .iter()
                .filter(|n| !ours_not_cases(n))
                .cloned()
                .collect(),
        };
        for name in &candidates {
            let top = self.top_rows(name)?;
            let found = top.iter().enumerate().find_map(|(i, row)| {
                let texts: Vec<String> = row.cells.iter().map(Cell::display).collect();
                HeaderMap::recognise(row.index, &texts, &options.aliases).map(|h| (i, h))
            });
            if let Some((i, header)) = found {
                self.check_required(name, &header)?;
                let other_sheets = names
                    .iter()
                    .filter(|n| *n != name && !earlier_run.contains(n))
                    .cloned()
                    .collect();
                return Ok(CaseSheet {
                    name: name.clone(),
                    header,
                    above: top[..i].to_vec(),
                    other_sheets,
                    is_annotated,
                    earlier_run,
                });
            }
        }
        Err(ReadError::NoHeader {
            file: self.file(),
            searched: match &options.sheet {
                Some(s) => Searched::Sheet(s.clone()),
                None if names.is_empty() => Searched::NoSheets,
                None => Searched::AnySheet(names),
            },
        })
    }

    /// `--sheet` names no worksheet: a chart (or macro, dialog) sheet, or nothing.
    fn no_such_sheet(&self, wanted: &str, names: &[String]) -> ReadError {
        let other = self
            .sheets
            .sheets_metadata()
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(wanted))
            .map(|s| match s.typ {
                calamine::SheetType::ChartSheet => SheetKind::Chart,
                calamine::SheetType::MacroSheet => SheetKind::Macro,
                calamine::SheetType::DialogSheet => SheetKind::Dialog,
                _ => SheetKind::Other,
            });
        match other {
            Some(kind) => ReadError::NotAWorksheet {
                file: self.file(),
                sheet: wanted.to_string(),
                kind,
                available: names.to_vec(),
            },
            None => ReadError::NoSuchSheet {
                file: self.file(),
                sheet: wanted.to_string(),
                available: names.to_vec(),
            },
        }
    }

    /// The sheets an earlier run of this tool added, none when it has not run on this
    /// workbook: those its Run sheet (A1 says [`RUN_MARKER`]) lists, or, for a Run sheet of
    /// an older version that lists none, its report sheets by name.
    fn earlier_run_sheets(&mut self, names: &[String]) -> Vec<String> {
        let runs: Vec<String> = names
            .iter()
            .filter(|n| may_be_run_sheet(n))
            .cloned()
            .collect();
        for run in runs {
            let mut marked = false;
            let mut listed = Vec::new();
            let _ = self.stream_rows(&run, |row| {
                if row.index == 0 {
                    marked = row.get(0).display() == RUN_MARKER;
                } else if is_sheet_added(&row.get(0).display()) {
                    listed.push(row.get(1).display());
                }
                if marked {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            if !marked {
                continue;
            }
            if listed.is_empty() {
                return names
                    .iter()
                    .filter(|n| Sheet::named(n).is_some_and(Sheet::is_report))
                    .cloned()
                    .collect();
            }
            return names
                .iter()
                .filter(|n| listed.contains(n))
                .cloned()
                .collect();
        }
        Vec::new()
    }

    fn check_required(&self, sheet: &str, header: &HeaderMap) -> Result<(), ReadError> {
        let missing = header.missing_required();
        if missing.is_empty() {
            return Ok(());
        }
        let names: Vec<&String> = header
            .names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .collect();
        let seen: Vec<String> = names
            .iter()
            .take(MAX_HEADERS_LISTED)
            .map(|n| quote(n))
            .collect();
        Err(ReadError::MissingColumn {
            file: self.file(),
            sheet: sheet.to_string(),
            row: header.row + 1,
            missing: missing.iter().map(|k| required_label(*k)).collect(),
            seen,
            more: names.len().saturating_sub(MAX_HEADERS_LISTED),
        })
    }

    fn top_rows(&mut self, name: &str) -> Result<Vec<Row>, ReadError> {
        let mut rows = Vec::new();
        self.stream_rows(name, |row| {
            if row.index >= HEADER_SEARCH_ROWS {
                return ControlFlow::Break(());
            }
            rows.push(row);
            ControlFlow::Continue(())
        })?;
        Ok(rows)
    }

    /// Streams the case rows below the header, in sheet order. Blank rows are skipped.
    pub fn stream_cases(
        &mut self,
        sheet: &CaseSheet,
        mut each: impl FnMut(Row) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        let header_row = sheet.header.row;
        self.stream_rows(&sheet.name, |row| {
            if row.index <= header_row {
                return ControlFlow::Continue(());
            }
            each(row)
        })
    }

    /// Streams every non-blank row of a sheet. xlsx and xlsb are read cell by cell without
    /// loading the sheet; xls and ods are loaded whole by calamine.
    pub fn stream_rows(
        &mut self,
        name: &str,
        each: impl FnMut(Row) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        // A damaged file can make the underlying reader panic; that is a bad file, not a crash.
        let path = self.path.clone();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.stream_rows_unguarded(name, each)
        }))
        .unwrap_or_else(|_| Err(damaged(&path)))
    }

    fn stream_rows_unguarded(
        &mut self,
        name: &str,
        each: impl FnMut(Row) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        let mut rows = RowStream::new(each);
        let file = self.file();
        let sheet_error = |at: Option<SheetPlace>, reason: Message| ReadError::Sheet {
            file: file.clone(),
            sheet: name.to_string(),
            at,
            reason,
        };
        // calamine's xlsx and xlsb cell readers share no trait, hence the macro.
        macro_rules! stream {
            ($reader:expr) => {{
                let mut reader = $reader.map_err(|e| sheet_error(None, sheet_reason(e.into())))?;
                let mut last = (0, 0);
                loop {
                    match reader.next_cell() {
                        Ok(Some(cell)) => {
                            last = cell.get_position();
                            let value = Cell::from_data_ref(cell.get_value());
                            if rows.push(last.0, last.1, value).is_break() {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            let at = SheetPlace::NearCell(cell_ref(last.0, last.1));
                            return Err(sheet_error(Some(at), sheet_reason(e.into())));
                        }
                    }
                }
            }};
        }
        match &mut self.sheets {
            Sheets::Xlsx(x) => stream!(x.worksheet_cells_reader(name)),
            Sheets::Xlsb(x) => stream!(x.worksheet_cells_reader(name)),
            sheets => {
                let range = sheets
                    .worksheet_range(name)
                    .map_err(|e| sheet_error(None, sheet_reason(e)))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, data) in range.used_cells() {
                    let value = Cell::from_data(data);
                    if rows.push(r0 + r as u32, c0 + c as u32, value).is_break() {
                        break;
                    }
                }
            }
        }
        rows.finish()
            .map_err(|refused| sheet_error(Some(refused.at), refused.reason))
    }
}

/// Turns the cells of a sheet into rows handed to `each`, refusing what a streaming writer
/// could not copy faithfully: a cell past XFD1048576 (a damaged file; refused before a row is
/// sized for it) and rows out of order (a file not written by Excel; they would be lost).
struct RowStream<F> {
    builder: RowBuilder,
    each: F,
    previous: Option<u32>,
    stopped: bool,
    out_of_order: Option<(u32, u32)>,
    beyond_grid: Option<(u32, u32)>,
}

/// Why a sheet's cells were refused: where, and why.
struct Refused {
    at: SheetPlace,
    reason: Message,
}

impl<F: FnMut(Row) -> ControlFlow<()>> RowStream<F> {
    fn new(each: F) -> Self {
        RowStream {
            builder: RowBuilder::default(),
            each,
            previous: None,
            stopped: false,
            out_of_order: None,
            beyond_grid: None,
        }
    }

    /// Adds one cell; `Break` when reading should stop.
    fn push(&mut self, r: u32, c: u32, value: Cell) -> ControlFlow<()> {
        if r >= EXCEL_ROWS || c >= EXCEL_COLUMNS {
            self.beyond_grid = Some((r, c));
            return self.stop();
        }
        match self.emit(Some((r, c, value))) {
            ControlFlow::Break(()) => self.stop(),
            go_on => go_on,
        }
    }

    fn stop(&mut self) -> ControlFlow<()> {
        self.stopped = true;
        ControlFlow::Break(())
    }

    fn emit(&mut self, cell: Option<(u32, u32, Cell)>) -> ControlFlow<()> {
        match self.builder.push(cell) {
            Some(row) if self.previous.is_some_and(|p| row.index <= p) => {
                self.out_of_order = Some((row.index, self.previous.unwrap_or(0)));
                ControlFlow::Break(())
            }
            Some(row) => {
                self.previous = Some(row.index);
                if row.is_blank() {
                    ControlFlow::Continue(())
                } else {
                    (self.each)(row)
                }
            }
            None => ControlFlow::Continue(()),
        }
    }

    /// Hands over the last row (unless reading stopped) and says whether anything was refused.
    fn finish(mut self) -> Result<(), Refused> {
        if !self.stopped {
            let _ = self.emit(None);
        }
        if let Some((r, c)) = self.beyond_grid {
            return Err(Refused {
                at: SheetPlace::Cell(cell_ref(r, c)),
                reason: Message::new("read-beyond_grid"),
            });
        }
        match self.out_of_order {
            Some((row, after)) => Err(Refused {
                at: SheetPlace::Row(row + 1),
                reason: Message::new("read-out_of_order")
                    .arg("row", row + 1)
                    .arg("after", after + 1),
            }),
            None => Ok(()),
        }
    }
}

/// Groups cells arriving in row-major order into rows.
#[derive(Default)]
struct RowBuilder {
    current: Option<Row>,
}

impl RowBuilder {
    /// Adds a cell (or `None` at the end); returns a row when one is complete.
    fn push(&mut self, cell: Option<(u32, u32, Cell)>) -> Option<Row> {
        let Some((r, c, value)) = cell else {
            return self.current.take();
        };
        let finished = match &self.current {
            Some(row) if row.index != r => self.current.take(),
            _ => None,
        };
        let row = self.current.get_or_insert_with(|| Row {
            index: r,
            cells: Vec::new(),
        });
        if !matches!(value, Cell::Empty) {
            let c = c as usize;
            if row.cells.len() <= c {
                row.cells.resize(c + 1, Cell::Empty);
            }
            row.cells[c] = value;
        }
        finished
    }
}

fn required_label(key: Key) -> String {
    let example = match key {
        Key::CaseId => "Case ID / 售后单号",
        Key::Platform => "Platform / 平台",
        Key::RequestAt => "Request date / 申请日期",
        _ => key.name(),
    };
    format!("{} ({example})", key.name())
}

fn damaged(path: &Path) -> ReadError {
    ReadError::Open {
        file: display_path(path),
        reason: Message::new("read-damaged"),
    }
}

pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

/// Why calamine cannot open the file, in the team's words: the library's wording means
/// nothing to a team member, so say what the file is instead.
fn describe_open_error(path: &Path, e: &calamine::Error) -> Message {
    let lower = e.to_string().to_lowercase();
    if lower.contains("password")
        || lower.contains("encrypt")
        || lower.contains("cfb") && lower.contains("xlsx")
    {
        return Message::new("read-password_protected");
    }
    let mut start = [0u8; 8];
    let read = match File::open(path) {
        Ok(mut file) => std::io::Read::read(&mut file, &mut start).unwrap_or(0),
        Err(e) => return Message::io(&e),
    };
    let start = &start[..read];
    let supported = || Message::new("read-supported");
    if start.starts_with(b"%PDF") {
        Message::new("read-pdf").with("supported", supported())
    } else if start.starts_with(b"PK") && lower.contains("zip") {
        Message::new("read-broken_zip")
    } else if start.starts_with(b"PK") {
        Message::new("read-broken_part")
    } else if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Message::new("read-broken_xls")
    } else if start.trim_ascii_start().starts_with(b"<") {
        Message::new("read-web_page").with("supported", supported())
    } else {
        Message::new("read-not_a_workbook").with("supported", supported())
    }
}

/// Why calamine cannot read a sheet, in the team's words (its errors name its own parsing
/// steps): the file's own causes where they can be told apart, else a damaged sheet.
fn sheet_reason(e: calamine::Error) -> Message {
    use calamine::{Error as E, OdsError, XlsError, XlsbError, XlsxError};
    match e {
        E::Io(e)
        | E::Xlsx(XlsxError::Io(e))
        | E::Xlsb(XlsbError::Io(e))
        | E::Ods(OdsError::Io(e))
        | E::Xls(XlsError::Io(e)) => Message::io(&e),
        E::Xlsx(XlsxError::Zip(_)) | E::Xlsb(XlsbError::Zip(_)) | E::Ods(OdsError::Zip(_)) => {
            Message::new("read-broken_zip")
        }
        E::Xlsx(XlsxError::Password)
        | E::Xlsb(XlsbError::Password)
        | E::Ods(OdsError::Password)
        | E::Xls(XlsError::Password) => Message::new("read-password_protected"),
        _ => Message::new("read-sheet_damaged"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{XlsError, XlsxError};

    /// calamine's errors name its parsing steps; the team reads what they mean for the file.
    #[test]
    fn a_sheet_calamine_cannot_read_is_said_in_the_teams_words() {
        let said = |e: calamine::Error| sheet_reason(e).id();
        assert_eq!(said(XlsxError::Password.into()), "read-password_protected");
        assert_eq!(said(XlsError::Password.into()), "read-password_protected");
        let cut = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        assert_eq!(said(XlsxError::Io(cut).into()), "io-damaged");
        assert_eq!(said(XlsxError::XmlEof("row").into()), "read-sheet_damaged");
        assert_eq!(
            said(XlsxError::RelationshipNotFound.into()),
            "read-sheet_damaged"
        );
    }
}
