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

use crate::i18n::{Describe, Message};

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
    SharedStrings { mib: u64 },
    SheetCells { cells: u64 },
    OdsContent { mib: u64 },
    Damaged(Damage),
    PasswordProtected,
}

/// What is broken in a damaged container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// A compound file's sector chain loops.
    ChainLoops,
    /// A compound file's allocation table lists more sectors than the file has.
    AllocationTable,
    /// An .xls's sheets overlap inside the stream.
    SheetsOverlap,
    /// An .xls sheet's size record claims more cells than an .xls holds.
    XlsSheetTooLarge,
    /// The shared-string table announces more strings than it has bytes for.
    StringCount,
}

impl Describe for Refusal {
    fn message(&self) -> Message {
        match self {
            Refusal::SharedStrings { mib } => Message::new("guard-shared_strings")
                .arg("mib", mib)
                .arg("limit", MAX_SHARED_STRINGS_BYTES >> 20),
            Refusal::SheetCells { cells } => Message::new("guard-sheet_cells")
                .arg("cells", cells)
                .arg("limit", MAX_WHOLE_SHEET_CELLS),
            Refusal::OdsContent { mib } => Message::new("guard-ods_content")
                .arg("mib", mib)
                .arg("limit", MAX_ODS_CONTENT_BYTES >> 20),
            Refusal::Damaged(damage) => {
                Message::new("guard-damaged").with("reason", damage.message())
            }
            Refusal::PasswordProtected => Message::new("read-password_protected"),
        }
    }
}

impl Describe for Damage {
    fn message(&self) -> Message {
        Message::new(match self {
            Damage::ChainLoops => "guard-chain_loops",
            Damage::AllocationTable => "guard-allocation_table",
            Damage::SheetsOverlap => "guard-sheets_overlap",
            Damage::XlsSheetTooLarge => "guard-xls_sheet_too_large",
            Damage::StringCount => "guard-string_count",
        })
    }
}

crate::display_by_message!(Refusal);

/// One message of every refusal and every damage, for `input::message_samples`.
#[cfg(test)]
pub(crate) fn message_samples() -> Vec<Message> {
    let mut samples: Vec<Message> = [
        Refusal::SharedStrings { mib: 800 },
        Refusal::SheetCells { cells: 5_001_000 },
        Refusal::OdsContent { mib: 2100 },
        Refusal::PasswordProtected,
    ]
    .iter()
    .map(Describe::message)
    .collect();
    samples.extend(
        [
            Damage::ChainLoops,
            Damage::AllocationTable,
            Damage::SheetsOverlap,
            Damage::XlsSheetTooLarge,
            Damage::StringCount,
        ]
        .map(|damage| Refusal::Damaged(damage).message()),
    );
    samples
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
