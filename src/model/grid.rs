//! Excel's grid, shared by the reader, the container guard and the writers.

/// Excel's grid: 1,048,576 rows of 16,384 columns (A1 to XFD1048576).
pub const EXCEL_ROWS: u32 = 1_048_576;
pub const EXCEL_COLUMNS: u32 = 16_384;
