//! What can go wrong while opening, patching or saving a workbook package, in words for the
//! person who runs the tool: the file is named, and the part inside it where that helps.

use std::path::PathBuf;

use thiserror::Error;

/// An error of [`Package`](super::Package). Every variant names the workbook file.
#[derive(Debug, Error)]
pub enum PackageError {
    #[error("{file}: cannot read the file: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file} is password-protected; remove the password in Excel (File > Info > Protect Workbook) and run again")]
    Encrypted { file: PathBuf },
    #[error(
        "{file} is not an .xlsx or .xlsm workbook ({what}), so it cannot be annotated in place"
    )]
    NotXlsx { file: PathBuf, what: String },
    #[error("{file} is damaged: {detail}")]
    Damaged { file: PathBuf, detail: String },
    #[error("{file} is damaged: the part {part} is missing")]
    MissingPart { file: PathBuf, part: String },
    #[error("{file} is damaged: the part {part} cannot be read: {detail}")]
    BadPart {
        file: PathBuf,
        part: String,
        detail: String,
    },
    #[error("{file}: the part {part} is larger than {limit_mib} MiB, more than a workbook of this kind holds")]
    PartTooLarge {
        file: PathBuf,
        part: String,
        limit_mib: u64,
    },
    #[error("{file}: {part} is not a worksheet of this workbook")]
    NotAWorksheet { file: PathBuf, part: String },
    #[error("{file}: cannot add the part {part}: it already exists")]
    PartExists { file: PathBuf, part: String },
    #[error("{file}: cannot add a sheet named \"{name}\": {reason}")]
    SheetName {
        file: PathBuf,
        name: String,
        reason: String,
    },
    #[error("{file}: cannot add the cell {cell} to {part}: {reason}")]
    Cell {
        file: PathBuf,
        part: String,
        cell: String,
        reason: String,
    },
    #[error("{file}: cannot add the cell format: {reason}")]
    Format { file: PathBuf, reason: String },
    #[error("{file}: cannot add the generated sheets: {detail}")]
    Graft { file: PathBuf, detail: String },
    #[error("{file}: cannot remove the sheet \"{name}\": {reason}")]
    RemoveSheet {
        file: PathBuf,
        name: String,
        reason: String,
    },
    #[error("{target}: cannot write the workbook: {source}")]
    Write {
        target: PathBuf,
        source: std::io::Error,
    },
}

/// One message of every error of writing (the package, the output, the pipeline), for the
/// test that every error message is said in both languages (`i18n::tests`), with the Latin
/// words of the Chinese catalogue that are meant.
#[cfg(test)]
pub(crate) fn message_samples() -> (Vec<crate::i18n::Message>, &'static [&'static str]) {
    (Vec::new(), &[])
}

crate::describe_by_display!(PackageError);
