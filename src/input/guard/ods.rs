//! .ods: the cell grid calamine builds from content.xml, repeats included.

use quick_xml::events::{BytesStart, Event};

use super::{Refusal, MAX_WHOLE_SHEET_CELLS};
use crate::model::grid::{EXCEL_COLUMNS, EXCEL_ROWS};

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
    /// No row read yet.
    fn new() -> Grid {
        Grid {
            first_col: u64::MAX,
            ..Grid::default()
        }
    }

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
pub(super) fn check_ods_cells<R: std::io::BufRead>(content: R) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut tables = Tables::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => return Ok(()),
        };
        if let Event::Eof = event {
            break;
        }
        tables.add(&event);
        if tables.cells() > MAX_WHOLE_SHEET_CELLS {
            return Err(Refusal::SheetCells {
                cells: tables.cells(),
            });
        }
        buf.clear();
    }
    Ok(())
}

/// The tables of content.xml as they are read, event by event.
struct Tables {
    /// The cells of the tables already closed.
    total: u64,
    /// The table being read.
    grid: Grid,
    row: Option<RowScan>,
    /// Inside a cell that opened with a start tag: its content makes it a value.
    cell: Option<(u64, bool)>,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            total: 0,
            grid: Grid::new(),
            row: None,
            cell: None,
        }
    }

    /// The cells of every table so far, the open one included.
    fn cells(&self) -> u64 {
        self.total + self.grid.cells()
    }

    fn add(&mut self, event: &Event) {
        match event {
            Event::Start(_) | Event::Empty(_) if self.cell.is_some() => {
                if let Some((_, has_value)) = self.cell.as_mut() {
                    *has_value = true;
                }
            }
            Event::Start(e) if is_cell(e) => {
                self.cell = Some((
                    repeat(e, "table:number-columns-repeated"),
                    cell_has_value(e),
                ));
            }
            Event::Empty(e) if is_cell(e) => {
                if let Some(scan) = self.row.as_mut() {
                    scan.add_cell(
                        repeat(e, "table:number-columns-repeated"),
                        cell_has_value(e),
                    );
                }
            }
            Event::End(e) if is_cell_name(e.name().into_inner()) => {
                if let (Some((repeats, has_value)), Some(scan)) =
                    (self.cell.take(), self.row.as_mut())
                {
                    scan.add_cell(repeats, has_value);
                }
            }
            Event::Start(e) if e.name().into_inner() == "table:table-row" => {
                self.row = Some(RowScan::new(repeat(e, "table:number-rows-repeated")));
            }
            Event::Empty(e) if e.name().into_inner() == "table:table-row" => {
                self.grid
                    .add_row(RowScan::new(repeat(e, "table:number-rows-repeated")));
            }
            Event::End(e) if e.name().into_inner() == "table:table-row" => {
                if let Some(scan) = self.row.take() {
                    self.grid.add_row(scan);
                }
            }
            Event::End(e) if e.name().into_inner() == "table:table" => {
                self.total += self.grid.cells();
                self.grid = Grid::new();
            }
            _ => {}
        }
    }
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
}
