//! Looks at a workbook's container before the spreadsheet reader opens it.
//!
//! calamine keeps an .xlsx's shared strings, and whole .xls and .ods sheets, in memory, and
//! follows an .xls's sector chains without looking for loops. A file of a few kilobytes can
//! therefore ask it for gigabytes. The checks here read only the container's bookkeeping
//! (zip directory sizes, the .ods cell grid, the compound file's allocation table) and refuse
//! such a file with a plain reason; everything else is left to calamine to judge.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use thiserror::Error;

use crate::input::workbook::{EXCEL_COLUMNS, EXCEL_ROWS};

/// A shared-string table expanding past this is refused (calamine holds it whole).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 768 << 20;

/// The most strings calamine may reserve room for ahead of reading them (1 GiB of `String`s).
const MAX_RESERVED_STRINGS: u64 = (1 << 30) / 24;

/// An .ods or .xls whose sheets expand to more cells than this is refused: calamine builds
/// every sheet of those formats in memory (an .ods at about 160 bytes a cell) before the
/// first row can be read. 5,000,000 cells stay within the 1 GiB target.
pub const MAX_WHOLE_SHEET_CELLS: u64 = 5_000_000;

/// The cells of an .xls sheet: 65,536 rows of 256 columns.
const XLS_GRID_CELLS: u64 = 65_536 * 256;

/// An .ods whose content.xml is larger than this is refused without reading it.
const MAX_ODS_CONTENT_BYTES: u64 = 2 << 30;

/// Why a workbook is refused before it is read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum Refusal {
    #[error("its text table expands to {mib} MiB (more than {} MiB); this is not a workbook Excel writes, so it is not read", MAX_SHARED_STRINGS_BYTES >> 20)]
    SharedStrings { mib: u64 },
    #[error("its sheets expand to {cells} cells (more than {MAX_WHOLE_SHEET_CELLS}); .ods and .xls sheets are read whole, so save it as .xlsx (read row by row) and run again")]
    SheetCells { cells: u64 },
    #[error("its content expands to {mib} MiB (more than {} MiB); save it as .xlsx and run again", MAX_ODS_CONTENT_BYTES >> 20)]
    OdsContent { mib: u64 },
    #[error("the file is damaged: {0}")]
    Damaged(&'static str),
}

/// Checks the file at `path`. A file that cannot be opened here is left to the reader, which
/// reports it in its own words.
pub fn check(path: &Path) -> Result<(), Refusal> {
    let Ok(mut file) = File::open(path) else {
        return Ok(());
    };
    let mut signature = [0u8; 8];
    if file.read_exact(&mut signature).is_ok() && signature == CFB_SIGNATURE {
        let mut bytes = signature.to_vec();
        if file.read_to_end(&mut bytes).is_err() {
            return Ok(());
        }
        return check_compound_file(&bytes);
    }
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    check_zip(&mut archive)
}

fn check_zip<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> Result<(), Refusal> {
    // Every entry of the name, in case a damaged zip holds two.
    let mut contents = Vec::new();
    let mut shared_strings = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().to_ascii_lowercase();
        if name.ends_with("sharedstrings.xml") || name.ends_with("sharedstrings.bin") {
            if entry.size() > MAX_SHARED_STRINGS_BYTES {
                return Err(Refusal::SharedStrings {
                    mib: entry.size() >> 20,
                });
            }
            if name.ends_with(".xml") {
                shared_strings.push((i, entry.size()));
            }
        } else if name == "content.xml" {
            if entry.size() > MAX_ODS_CONTENT_BYTES {
                return Err(Refusal::OdsContent {
                    mib: entry.size() >> 20,
                });
            }
            contents.push(i);
        }
    }
    for (i, size) in shared_strings {
        if let Ok(entry) = archive.by_index(i) {
            check_string_count(BufReader::new(entry), size)?;
        }
    }
    let is_ods = archive.by_name("mimetype").is_ok_and(|mut m| {
        let mut text = String::new();
        m.by_ref().take(100).read_to_string(&mut text).is_ok()
            && text.starts_with("application/vnd.oasis.opendocument.spreadsheet")
    });
    if is_ods {
        for i in contents {
            if let Ok(entry) = archive.by_index(i) {
                check_ods_cells(BufReader::new(entry.take(MAX_ODS_CONTENT_BYTES)))?;
            }
        }
    }
    Ok(())
}

/// calamine reserves room for as many strings as the table's `uniqueCount` says (24 bytes
/// each) before reading one: a changed number asks for terabytes and aborts the process.
/// Each string takes at least 5 bytes of XML (`<si/>`); a count beyond that which would also
/// reserve more than 1 GiB is refused. (Some writers put the total count there, so a count
/// that is merely too high is left alone.)
fn check_string_count<R: std::io::BufRead>(xml: R, size: u64) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "sst" => {
                let count = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.into_inner() == "uniqueCount")
                    .and_then(|a| a.value.parse::<u64>().ok());
                return match count {
                    Some(count) if count > (size / 5 + 1).max(MAX_RESERVED_STRINGS) => {
                        Err(Refusal::Damaged(
                            "its text table says it holds more strings than it has room for",
                        ))
                    }
                    _ => Ok(()),
                };
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => buf.clear(),
        }
    }
}

// ---- .ods: the cell grid calamine builds ----

/// ODS limits calamine applies to repeats: Excel's grid.
const ODS_MAX_ROWS: u64 = EXCEL_ROWS as u64;
const ODS_MAX_COLUMNS: u64 = EXCEL_COLUMNS as u64;

/// The grid one table expands to, as calamine builds it: from the first to the last row
/// holding a value (repeats counted), and from the leftmost to the rightmost such column.
#[derive(Default)]
struct Grid {
    rows: u64,
    first_row: Option<u64>,
    end_row: u64,
    first_col: u64,
    end_col: u64,
}

impl Grid {
    fn cells(&self) -> u64 {
        match self.first_row {
            Some(first) => (self.end_row - first) * self.end_col.saturating_sub(self.first_col),
            None => 0,
        }
    }
}

/// One row being scanned.
struct RowScan {
    repeats: u64,
    col: u64,
    first_col: Option<u64>,
    end_col: u64,
}

/// Counts the cells of every table in content.xml; refuses past [`MAX_WHOLE_SHEET_CELLS`]. XML that
/// does not parse is left to calamine.
fn check_ods_cells<R: std::io::BufRead>(content: R) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut grid = Grid {
        first_col: u64::MAX,
        ..Grid::default()
    };
    let mut row: Option<RowScan> = None;
    // Inside a cell that opened with a start tag: its content makes it a value.
    let mut cell: Option<(u64, bool)> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => break,
            Event::Start(_) | Event::Empty(_) if cell.is_some() => {
                if let Some((_, has_value)) = cell.as_mut() {
                    *has_value = true;
                }
            }
            Event::Start(ref e) if is_cell(e) => {
                cell = Some((
                    repeat(e, "table:number-columns-repeated"),
                    cell_has_value(e),
                ));
            }
            Event::Empty(ref e) if is_cell(e) => {
                if let Some(scan) = row.as_mut() {
                    scan.add_cell(
                        repeat(e, "table:number-columns-repeated"),
                        cell_has_value(e),
                    );
                }
            }
            Event::End(ref e) if is_cell_name(e.name().into_inner()) => {
                if let (Some((repeats, has_value)), Some(scan)) = (cell.take(), row.as_mut()) {
                    scan.add_cell(repeats, has_value);
                }
            }
            Event::Start(ref e) if e.name().into_inner() == "table:table-row" => {
                row = Some(RowScan::new(repeat(e, "table:number-rows-repeated")));
            }
            Event::Empty(ref e) if e.name().into_inner() == "table:table-row" => {
                grid.add_row(RowScan::new(repeat(e, "table:number-rows-repeated")));
            }
            Event::End(ref e) if e.name().into_inner() == "table:table-row" => {
                if let Some(scan) = row.take() {
                    grid.add_row(scan);
                }
            }
            Event::End(ref e) if e.name().into_inner() == "table:table" => {
                total += grid.cells();
                grid = Grid {
                    first_col: u64::MAX,
                    ..Grid::default()
                };
            }
            _ => {}
        }
        if total + grid.cells() > MAX_WHOLE_SHEET_CELLS {
            return Err(Refusal::SheetCells {
                cells: total + grid.cells(),
            });
        }
        buf.clear();
    }
    Ok(())
}

impl RowScan {
    fn new(repeats: u64) -> RowScan {
        RowScan {
            repeats,
            col: 0,
            first_col: None,
            end_col: 0,
        }
    }

    fn add_cell(&mut self, repeats: u64, has_value: bool) {
        let repeats = repeats.min(ODS_MAX_COLUMNS - self.col.min(ODS_MAX_COLUMNS));
        if has_value && repeats > 0 {
            self.first_col.get_or_insert(self.col);
            self.end_col = self.col + repeats;
        }
        self.col += repeats;
    }
}

impl Grid {
    fn add_row(&mut self, scan: RowScan) {
        let repeats = scan.repeats.min(ODS_MAX_ROWS - self.rows.min(ODS_MAX_ROWS));
        if let Some(first_col) = scan.first_col {
            self.first_row.get_or_insert(self.rows);
            self.end_row = self.rows + repeats;
            self.first_col = self.first_col.min(first_col);
            self.end_col = self.end_col.max(scan.end_col);
        }
        self.rows += repeats;
    }
}

fn is_cell_name(name: &str) -> bool {
    name == "table:table-cell" || name == "table:covered-table-cell"
}

fn is_cell(e: &BytesStart) -> bool {
    is_cell_name(e.name().into_inner())
}

/// A cell with a value type or a formula holds a value even when written as an empty tag.
fn cell_has_value(e: &BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.into_inner(),
            "office:value-type" | "calcext:value-type" | "table:formula"
        )
    })
}

fn repeat(e: &BytesStart, attribute: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == attribute)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

// ---- .xls and encrypted .xlsx: the compound file's sector chains ----

const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Sector numbers from here up are markers, not sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const LOOPS: &str = "a chain of sectors in it loops back on itself";

/// Walks the chains calamine will follow, the way it follows them: the directory, the mini
/// stream and mini allocation table, and every stream of 4,096 bytes or more. A chain that
/// loops would make calamine read forever into memory; a well-formed file never has one, nor
/// more allocation-table sectors than the file has sectors.
fn check_compound_file(bytes: &[u8]) -> Result<(), Refusal> {
    let Some(header) = bytes.get(..512) else {
        return Ok(());
    };
    let sector_size: usize = match u16_at(header, 30) {
        0x0009 => 512,
        0x000C => 4096,
        _ => return Ok(()),
    };
    let sectors = Sectors {
        data: bytes.get(sector_size.max(512)..).unwrap_or_default(),
        size: sector_size,
        max_id: (bytes.len() / sector_size) as u32,
    };
    let version = u16_at(header, 26);
    let dir_start = u32_at(header, 48);
    let mini_fat_start = u32_at(header, 60);
    let mini_fat_len = u32_at(header, 64) as usize;
    let difat_start = u32_at(header, 68);

    let mut difat: Vec<u32> = words(&header[76..512]).collect();
    let mut sector_id = difat_start;
    let mut difat_sectors = 0u32;
    while sector_id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > sectors.max_id.saturating_add(1) || sector_id > sectors.max_id {
            return Ok(()); // calamine reports this itself
        }
        difat.extend(words(sectors.get(sector_id)));
        match difat.pop() {
            Some(next) => sector_id = next,
            None => return Ok(()),
        }
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // Room for writers that leave zeros instead of the free marker in the header's list.
    if fat_sectors.len() as u64 > u64::from(sectors.max_id) + 1 + 109 {
        return Err(Refusal::Damaged(
            "its allocation table lists more sectors than the file has",
        ));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        if id > sectors.max_id {
            return Ok(());
        }
        fat.extend(words(sectors.get(id)));
    }
    let chains = Chains::new(&fat, &sectors, bytes.len());

    chains.check(dir_start, usize::MAX)?;
    let directory = sectors.chain(dir_start, &fat, bytes.len())?;
    let entries: Vec<Entry> = directory
        .chunks_exact(128)
        .map(|entry| Entry {
            name: char::decode_utf16(words16(&entry[..64]))
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .take_while(|c| *c != '\0')
                .collect(),
            start: u32_at(entry, 116),
            len: if sector_size == 512 {
                u32_at(entry, 120) as usize
            } else {
                u64_at(entry, 120) as usize
            },
        })
        .collect();
    let Some(&Entry {
        start: root_start,
        len: root_len,
        ..
    }) = entries.first()
    else {
        return Ok(());
    };
    if version != 3 && root_start == ENDOFCHAIN {
        return Ok(());
    }
    if mini_fat_len > 0 {
        chains.check(root_start, root_len)?;
        chains.check(mini_fat_start, mini_fat_len.saturating_mul(sector_size))?;
    }
    for entry in &entries[1..] {
        if entry.len >= 4096 {
            chains.check(entry.start, entry.len)?;
        }
    }
    // The stream an .xls keeps its sheets in, read as calamine reads it.
    let named = |name: &str| entries.iter().find(|e| e.name.eq_ignore_ascii_case(name));
    let Some(workbook) = named("Workbook").or_else(|| named("Book")) else {
        return Ok(());
    };
    let stream = if workbook.len >= 4096 {
        sectors.chain(workbook.start, &fat, workbook.len)?
    } else if mini_fat_len > 0 {
        let mini_stream = sectors.chain(root_start, &fat, root_len)?;
        let mini_fat: Vec<u32> = words(&sectors.chain(
            mini_fat_start,
            &fat,
            mini_fat_len.saturating_mul(sector_size),
        )?)
        .collect();
        // A stream under 4,096 bytes is kept in 64-byte sectors inside the mini stream.
        let mini_sectors = Sectors {
            data: &mini_stream,
            size: 64,
            max_id: (mini_stream.len() / 64) as u32,
        };
        mini_sectors.chain(workbook.start, &mini_fat, workbook.len)?
    } else {
        return Ok(());
    };
    check_biff_cells(&stream)
}

/// A directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

// ---- .xls: the cells of each sheet, which calamine lays out as one dense grid ----

/// The rows and columns spanned by the cells of one sheet.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        let widen = |span: Option<(u32, u32)>, low: u32, high: u32| {
            Some(span.map_or((low, high), |(a, b)| (a.min(low), b.max(high))))
        };
        self.rows = widen(self.rows, row, row);
        self.cols = widen(self.cols, first_col, last_col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        }
    }
}

/// BIFF records: (type, data); stops where the stream is cut short.
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes([*rest.first()?, *rest.get(1)?]);
        let len = u16::from_le_bytes([*rest.get(2)?, *rest.get(3)?]) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// Walks each sheet the way calamine does (from the offsets the workbook lists, nested
/// substreams skipped) and adds up the grids it would build: the span of the value cells and
/// the span of the formulas. A size record claiming more than an .xls can hold is damage
/// (calamine reserves memory for it up front).
fn check_biff_cells(stream: &[u8]) -> Result<(), Refusal> {
    let mut offsets = Vec::new();
    for (typ, data) in biff_records(stream) {
        match typ {
            0x0085 if data.len() >= 4 => offsets.push(u32_at(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    // Sheets of a well-formed file are separate stretches of the stream; offsets pointing
    // into one another make calamine (and this check) read the same bytes again and again.
    let mut scanned = 0usize;
    for offset in offsets {
        let Some(sheet) = stream.get(offset..) else {
            continue;
        };
        if scanned > 2 * stream.len() {
            return Err(Refusal::Damaged(
                "its sheets overlap one another inside the file",
            ));
        }
        let (mut values, mut formulas) = (Span::default(), Span::default());
        let mut formula_at = (0u32, 0u32);
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, data) in biff_records(sheet) {
            scanned = scanned.saturating_add(4 + data.len());
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |i: usize| data.get(i..i + 2).map_or(0, |w| u32::from(u16_at(w, 0)));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 if dimension_cells(data) > XLS_GRID_CELLS => {
                    return Err(Refusal::Damaged(
                        "a sheet in it claims more cells than an .xls can hold",
                    ));
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                    values.add(at(0), at(2), at(2));
                }
                0x00BD if data.len() >= 6 => {
                    values.add(at(0), at(2), at(data.len() - 2).max(at(2)));
                }
                0x0207 => values.add(formula_at.0, formula_at.1, formula_at.1),
                0x0006 if data.len() >= 20 => {
                    formula_at = (at(0), at(2));
                    values.add(at(0), at(2), at(2));
                    formulas.add(at(0), at(2), at(2));
                }
                _ => {}
            }
        }
        total += values.cells() + formulas.cells();
        if total > MAX_WHOLE_SHEET_CELLS {
            return Err(Refusal::SheetCells { cells: total });
        }
    }
    Ok(())
}

/// The cells a DIMENSIONS record asks calamine to reserve room for.
fn dimension_cells(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row < 1 || last_col < 1 {
        return 1;
    }
    u64::from(last_row.wrapping_sub(first_row)) * u64::from(last_col - first_col)
}

/// The file's sectors after the header; a sector cut short by the end of the file is short.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    max_id: u32,
}

impl Sectors<'_> {
    fn get(&self, id: u32) -> &[u8] {
        let start = (id as usize).saturating_mul(self.size).min(self.data.len());
        let end = start.saturating_add(self.size).min(self.data.len());
        &self.data[start..end]
    }

    /// The bytes of a chain, at most `limit` of them. A chain that has not ended after as
    /// many steps as there are sectors has gone round: refused.
    fn chain(&self, mut id: u32, fat: &[u32], limit: usize) -> Result<Vec<u8>, Refusal> {
        let mut chain = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN && id <= self.max_id && chain.len() < limit {
            steps += 1;
            if steps > self.max_id as usize + 1 {
                return Err(Refusal::Damaged(LOOPS));
            }
            chain.extend_from_slice(self.get(id));
            match fat.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        chain.truncate(limit);
        Ok(chain)
    }
}

/// For every sector: does following the allocation table from it come to an end (the end
/// marker, a sector past the file, or past the table) or go round forever, and if it goes
/// round, does the round add any bytes (a sector past the end of the file adds none)?
struct Chains {
    loops: Vec<bool>,
    /// Goes round through sectors that add nothing: a reader waiting for more never stops.
    stalls: Vec<bool>,
    max_id: u32,
    sector_size: usize,
    file_len: usize,
}

impl Chains {
    fn new(fat: &[u32], sectors: &Sectors, file_len: usize) -> Chains {
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let len = fat.len().min(sectors.max_id as usize + 1);
        let mut state = vec![UNSEEN; len];
        let mut loops = vec![false; len];
        let mut stalls = vec![false; len];
        let mut path = Vec::new();
        for start in 0..len {
            let mut id = start;
            while id < len && state[id] == UNSEEN {
                state[id] = ON_PATH;
                path.push(id);
                id = fat[id] as usize;
            }
            let (looping, stalling) = match state.get(id) {
                Some(&ON_PATH) => {
                    let round = path.iter().position(|&n| n == id).unwrap_or(0);
                    let empty = path[round..]
                        .iter()
                        .all(|&n| sectors.get(n as u32).is_empty());
                    (true, empty)
                }
                Some(_) => (loops[id], stalls[id]),
                None => (false, false),
            };
            for visited in path.drain(..) {
                state[visited] = DONE;
                loops[visited] = looping;
                stalls[visited] = stalling;
            }
        }
        Chains {
            loops,
            stalls,
            max_id: sectors.max_id,
            sector_size: sectors.size,
            file_len,
        }
    }

    /// A chain that loops is refused when calamine would read more of it than the whole file,
    /// or would wait forever on a round that adds nothing (`len` is where calamine stops).
    fn check(&self, start: u32, len: usize) -> Result<(), Refusal> {
        let at = start as usize;
        let loops = start <= self.max_id && self.loops.get(at) == Some(&true);
        let stalls = loops && self.stalls.get(at) == Some(&true) && len > 0;
        if loops && len > self.file_len.saturating_add(self.sector_size) || stalls {
            return Err(Refusal::Damaged(LOOPS));
        }
        Ok(())
    }
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

fn words16(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks_exact(2)
        .map(|w| u16::from_le_bytes([w[0], w[1]]))
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    words(&bytes[at..at + 4]).next().unwrap_or(0)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="A">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    fn cells(xml: &str) -> Result<(), Refusal> {
        check_ods_cells(xml.as_bytes())
    }

    #[test]
    fn formatted_empty_rows_and_columns_cost_nothing() {
        let xml = content(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        assert_eq!(cells(&xml), Ok(()));
    }

    #[test]
    fn a_repeated_value_is_counted_with_its_repeats() {
        let row = |rows: u64, cols: u64| {
            content(&format!(
                r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{cols}"/></table:table-row>"#
            ))
        };
        assert_eq!(cells(&row(5_000, 1_000)), Ok(()));
        assert_eq!(
            cells(&row(5_001, 1_000)),
            Err(Refusal::SheetCells { cells: 5_001_000 })
        );
        // Repeats are capped at the sheet's size, as calamine caps them.
        assert_eq!(
            cells(&row(u64::MAX, 5)),
            Err(Refusal::SheetCells { cells: 5_242_880 })
        );
    }

    #[test]
    fn empty_rows_between_values_count_across_the_widest_row() {
        let xml = content(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="99"/><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="60000"/><table:table-row><table:table-cell><text:p>y</text:p></table:table-cell></table:table-row>"#,
        );
        assert_eq!(
            cells(&xml),
            Err(Refusal::SheetCells {
                cells: 60_002 * 100
            })
        );
    }

    /// A compound file of 512-byte sectors: the header, one allocation-table sector (0) and
    /// one directory sector (1) whose chain points back at itself.
    fn compound_file(dir_next: u32, root_len: u32) -> Vec<u8> {
        let mut file = vec![0u8; 512 * 3];
        file[..8].copy_from_slice(&CFB_SIGNATURE);
        file[26..28].copy_from_slice(&3u16.to_le_bytes());
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[32..34].copy_from_slice(&6u16.to_le_bytes());
        file[44..48].copy_from_slice(&1u32.to_le_bytes());
        file[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory starts at sector 1
        file[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        file[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for slot in file[76..512].chunks_exact_mut(4) {
            slot.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        file[76..80].copy_from_slice(&0u32.to_le_bytes()); // the FAT is sector 0
        let fat = &mut file[512..1024];
        for slot in fat.chunks_exact_mut(4) {
            slot.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        fat[0..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes()); // FATSECT
        fat[4..8].copy_from_slice(&dir_next.to_le_bytes());
        let root = &mut file[1024..1152];
        root[116..120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        root[120..124].copy_from_slice(&root_len.to_le_bytes());
        file
    }

    #[test]
    fn a_directory_chain_that_loops_is_refused() {
        assert_eq!(check_compound_file(&compound_file(ENDOFCHAIN, 0)), Ok(()));
        assert_eq!(
            check_compound_file(&compound_file(1, 0)),
            Err(Refusal::Damaged(
                "a chain of sectors in it loops back on itself"
            ))
        );
    }

    #[test]
    fn an_allocation_table_longer_than_the_file_is_refused() {
        // Every one of the header's 109 slots, and a chain of DIFAT sectors, naming sector 0
        // again: calamine would read it as a table of 128 entries per mention.
        let mut file = compound_file(ENDOFCHAIN, 0);
        for slot in file[76..512].chunks_exact_mut(4) {
            slot.copy_from_slice(&0u32.to_le_bytes());
        }
        assert_eq!(check_compound_file(&file), Ok(()));
        file.extend(std::iter::repeat_n(0u8, 1024));
        file[68..72].copy_from_slice(&3u32.to_le_bytes()); // a DIFAT sector: sector 3
        let difat = &mut file[2048..2560];
        difat[508..512].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        assert_eq!(
            check_compound_file(&file),
            Err(Refusal::Damaged(
                "its allocation table lists more sectors than the file has"
            ))
        );
    }

    /// A BIFF record: type, length, data.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }

    /// A workbook stream: globals listing `sheets` sheets that all start at the same offset,
    /// then one sheet of two number cells, at A1 and at `far`.
    fn biff_stream(sheets: usize, far: (u16, u16)) -> Vec<u8> {
        let globals_len = 4 + 4 + sheets * (4 + 4) + 4;
        let mut stream = record(0x0809, &[0; 4]);
        for _ in 0..sheets {
            stream.extend(record(0x0085, &(globals_len as u32).to_le_bytes()));
        }
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(record(0x0809, &[0; 4]));
        let number = |row: u16, col: u16| {
            let mut data = row.to_le_bytes().to_vec();
            data.extend(col.to_le_bytes());
            data.extend([0; 10]);
            record(0x0203, &data)
        };
        stream.extend(number(0, 0));
        stream.extend(number(far.0, far.1));
        stream.extend(record(0x000A, &[]));
        stream
    }

    #[test]
    fn xls_sheets_are_measured_by_the_span_of_their_cells() {
        assert_eq!(check_biff_cells(&biff_stream(1, (9, 9))), Ok(()));
        assert_eq!(
            check_biff_cells(&biff_stream(1, (65_535, 65_535))),
            Err(Refusal::SheetCells {
                cells: 4_294_967_296
            })
        );
    }

    #[test]
    fn xls_sheets_that_overlap_are_refused() {
        assert_eq!(check_biff_cells(&biff_stream(2, (9, 9))), Ok(()));
        assert_eq!(
            check_biff_cells(&biff_stream(10_000, (9, 9))),
            Err(Refusal::Damaged(
                "its sheets overlap one another inside the file"
            ))
        );
    }

    /// The root entry's chain loops on a sector past the end of the file: following it
    /// never adds a byte, so a reader that follows it to the stream's length never stops.
    #[test]
    fn a_chain_looping_through_an_empty_sector_is_refused() {
        let mut file = compound_file(ENDOFCHAIN, 100);
        file[64..68].copy_from_slice(&1u32.to_le_bytes()); // a mini allocation table
        file[512 + 8..512 + 12].copy_from_slice(&2u32.to_le_bytes()); // sector 2 -> 2
        file[1024 + 116..1024 + 120].copy_from_slice(&2u32.to_le_bytes()); // root starts at 2
        let workbook = &mut file[1152..1280];
        for (i, unit) in "Workbook".encode_utf16().enumerate() {
            workbook[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
        }
        workbook[116..120].copy_from_slice(&0u32.to_le_bytes());
        workbook[120..124].copy_from_slice(&100u32.to_le_bytes());
        assert_eq!(
            check_compound_file(&file),
            Err(Refusal::Damaged(
                "a chain of sectors in it loops back on itself"
            ))
        );
    }
}
