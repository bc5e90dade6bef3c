//! Looks at a workbook's container before the spreadsheet reader opens it.
//!
//! calamine keeps an .xlsx's shared strings, and whole .xls and .ods sheets, in memory, and
//! follows an .xls's sector chains without looking for loops. A file of a few kilobytes can
//! therefore ask it for gigabytes. The checks here read only the container's bookkeeping
//! (zip directory sizes, the .ods cell grid, the compound file's allocation table) and refuse
//! such a file with a plain reason; everything else is left to calamine to judge.

mod cfb;
mod le;
mod ods;
mod xls;
mod zipfile;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use thiserror::Error;

/// A shared-string table expanding past this is refused (calamine holds it whole).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 768 << 20;

/// An .ods or .xls whose sheets expand to more cells than this is refused: calamine builds
/// every sheet of those formats in memory (an .ods at about 160 bytes a cell) before the
/// first row can be read. 5,000,000 cells stay within the 1 GiB target.
pub const MAX_WHOLE_SHEET_CELLS: u64 = 5_000_000;

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
    #[error(
        "the workbook is password-protected or encrypted; save an unprotected copy and run again"
    )]
    PasswordProtected,
}

/// Checks the file at `path`. A file that cannot be opened here is left to the reader, which
/// reports it in its own words.
pub fn check(path: &Path) -> Result<(), Refusal> {
    let Ok(mut file) = File::open(path) else {
        return Ok(());
    };
    let mut signature = [0u8; 8];
    if file.read_exact(&mut signature).is_ok() && signature == cfb::SIGNATURE {
        let mut bytes = signature.to_vec();
        if file.read_to_end(&mut bytes).is_err() {
            return Ok(());
        }
        return cfb::check_compound_file(&bytes);
    }
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    zipfile::check_zip(&mut archive)
}
