//! .xls: the cells of each sheet, which calamine lays out as one dense grid.

use super::le::{u16_at, u32_at};
use super::{Damage, Refusal, MAX_WHOLE_SHEET_CELLS};

/// The cells of an .xls sheet: 65,536 rows of 256 columns.
const XLS_GRID_CELLS: u64 = 65_536 * 256;

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
pub(super) fn check_biff_cells(stream: &[u8]) -> Result<(), Refusal> {
    // A FILEPASS record in the workbook globals: everything after it is encrypted (and the
    // sizes read from it would look like damage).
    let mut globals = biff_records(stream).take_while(|(typ, _)| *typ != 0x000A);
    if globals.any(|(typ, _)| typ == 0x002F) {
        return Err(Refusal::PasswordProtected);
    }
    let mut total = 0u64;
    // Sheets of a well-formed file are separate stretches of the stream; offsets pointing
    // into one another make calamine (and this check) read the same bytes again and again.
    let mut scanned = 0usize;
    for offset in sheet_offsets(stream) {
        let Some(sheet) = stream.get(offset..) else {
            continue;
        };
        if scanned > 2 * stream.len() {
            return Err(Refusal::Damaged(Damage::SheetsOverlap));
        }
        total += sheet_cells(sheet, &mut scanned)?;
        if total > MAX_WHOLE_SHEET_CELLS {
            return Err(Refusal::SheetCells { cells: total });
        }
    }
    Ok(())
}

/// Where each sheet starts in the stream, as the workbook globals list them.
fn sheet_offsets(stream: &[u8]) -> Vec<usize> {
    let mut offsets = Vec::new();
    for (typ, data) in biff_records(stream) {
        match typ {
            0x0085 if data.len() >= 4 => offsets.push(u32_at(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    offsets
}

/// The cells calamine lays out for the sheet starting at `sheet`: the span of its value cells
/// plus the span of its formulas. Adds the bytes read to `scanned`.
fn sheet_cells(sheet: &[u8], scanned: &mut usize) -> Result<u64, Refusal> {
    let (mut values, mut formulas) = (Span::default(), Span::default());
    let mut formula_at = (0u32, 0u32);
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, data) in biff_records(sheet) {
        *scanned = scanned.saturating_add(4 + data.len());
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
                return Err(Refusal::Damaged(Damage::XlsSheetTooLarge));
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
    Ok(values.cells() + formulas.cells())
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_password_protected_xls_is_called_so() {
        // BOF, FILEPASS (RC4), then what would be garbage: a sheet offset far away.
        let mut stream = record(0x0809, &[0; 4]);
        stream.extend(record(0x002F, &[1, 0, 1, 0, 1, 0]));
        stream.extend(record(0x0085, &u32::MAX.to_le_bytes()));
        stream.extend(record(0x000A, &[]));
        assert!(matches!(
            check_biff_cells(&stream),
            Err(Refusal::PasswordProtected)
        ));
        // The same without FILEPASS is not refused for a password.
        let plain = biff_stream(1, (1, 1));
        assert!(check_biff_cells(&plain).is_ok());
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
            Err(Refusal::Damaged(Damage::SheetsOverlap))
        );
    }
}
