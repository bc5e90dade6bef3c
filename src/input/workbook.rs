//! Reading a workbook as a team keeps it: find the case sheet and its header row, then
//! stream the case rows one by one so that a sheet of Excel's maximum size fits in memory.

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader, Sheets};

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
    #[error("{file}: cannot open the workbook: {reason}")]
    Open { file: String, reason: String },
    #[error("{file}: there is no sheet named \"{sheet}\" (sheets: {available})")]
    NoSuchSheet {
        file: String,
        sheet: String,
        available: String,
    },
    #[error("{file}: the sheet \"{sheet}\" is a {kind}, which holds no cells; cases are read from a worksheet (sheets: {available})")]
    NotAWorksheet {
        file: String,
        sheet: String,
        kind: &'static str,
        available: String,
    },
    #[error("{file}: no header row found in the first {HEADER_SEARCH_ROWS} rows of {where_} (a header row needs at least 3 known column names such as Case ID, Platform, Request date)")]
    NoHeader { file: String, where_: String },
    #[error("{file}, sheet \"{sheet}\", header row {row}: E_MISSING_COLUMN: required column {missing} not found (headers seen: {seen})")]
    MissingColumn {
        file: String,
        sheet: String,
        row: u32,
        missing: String,
        seen: String,
    },
    #[error("{file}, sheet \"{sheet}\"{at}: cannot read the sheet: {reason}")]
    Sheet {
        file: String,
        sheet: String,
        at: String,
        reason: String,
    },
}

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
            reason: refusal.to_string(),
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
            where_: match &options.sheet {
                Some(s) => format!("sheet \"{s}\""),
                None if names.is_empty() => "the workbook (it has no sheets)".to_string(),
                None => format!("any sheet ({})", names.join(", ")),
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
                calamine::SheetType::ChartSheet => "chart sheet",
                calamine::SheetType::MacroSheet => "macro sheet",
                calamine::SheetType::DialogSheet => "dialog sheet",
                _ => "sheet of another kind",
            });
        match other {
            Some(kind) => ReadError::NotAWorksheet {
                file: self.file(),
                sheet: wanted.to_string(),
                kind,
                available: names.join(", "),
            },
            None => ReadError::NoSuchSheet {
                file: self.file(),
                sheet: wanted.to_string(),
                available: names.join(", "),
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
        let mut seen: Vec<String> = names
            .iter()
            .take(MAX_HEADERS_LISTED)
            .map(|n| quote(n))
            .collect();
        if names.len() > MAX_HEADERS_LISTED {
            seen.push(format!("and {} more", names.len() - MAX_HEADERS_LISTED));
        }
        Err(ReadError::MissingColumn {
            file: self.file(),
            sheet: sheet.to_string(),
            row: header.row + 1,
            missing: missing
                .iter()
                .map(|k| required_label(*k))
                .collect::<Vec<_>>()
                .join(", "),
            seen: seen.join(", "),
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
        let sheet_error = |at: String, reason: String| ReadError::Sheet {
            file: file.clone(),
            sheet: name.to_string(),
            at,
            reason,
        };
        // calamine's xlsx and xlsb cell readers share no trait, hence the macro.
        macro_rules! stream {
            ($reader:expr) => {{
                let mut reader = $reader.map_err(|e| sheet_error(String::new(), e.to_string()))?;
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
                            let at = format!(", near cell {}", cell_ref(last.0, last.1));
                            return Err(sheet_error(at, e.to_string()));
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
                    .map_err(|e| sheet_error(String::new(), e.to_string()))?;
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
            .map_err(|refused| sheet_error(refused.at, refused.reason))
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
    at: String,
    reason: String,
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
                at: format!(", cell {}", cell_ref(r, c)),
                reason: "the cell lies beyond Excel's last row and column (XFD1048576), so the file is damaged; open it in Excel or LibreOffice, save it, and run again".into(),
            });
        }
        match self.out_of_order {
            Some((row, after)) => Err(Refused {
                at: format!(", row {}", row + 1),
                reason: format!(
                    "row {} comes after row {} inside the file, which Excel never writes; open the workbook in Excel or LibreOffice, save it, and run again",
                    row + 1,
                    after + 1
                ),
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
        reason: "the file is damaged: its contents cannot be read as a spreadsheet".into(),
    }
}

pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

fn describe_open_error(path: &Path, e: &calamine::Error) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password")
        || lower.contains("encrypt")
        || lower.contains("cfb") && lower.contains("xlsx")
    {
        return "the workbook is password-protected or encrypted; save an unprotected copy and run again"
            .into();
    }
    // The library's wording means nothing to a team member: say what the file is instead.
    let mut start = [0u8; 8];
    let read = File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
        .unwrap_or(0);
    let start = &start[..read];
    let supported = ".xlsx, .xlsm, .xls, .xlsb and .ods are supported";
    if start.starts_with(b"%PDF") {
        format!("it is a PDF document, not a workbook; {supported}")
    } else if start.starts_with(b"PK") && lower.contains("zip") {
        "it is damaged: the zip archive a workbook is made of is incomplete or broken (was it copied or downloaded completely?)".into()
    } else if start.starts_with(b"PK") {
        "it is damaged: a part inside the workbook cannot be read (open it in Excel and save it again)".into()
    } else if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "it is damaged: the structure inside the .xls file is broken (open it in Excel and save it again)".into()
    } else if start.trim_ascii_start().starts_with(b"<") {
        format!("it is a text or web page (HTML/XML) file, not a workbook; {supported}")
    } else {
        format!("its content is not a workbook format; {supported}")
    }
}

crate::describe_by_display!(ReadError);
