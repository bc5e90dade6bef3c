//! Errors that stop a run ("nothing could be done"). Row problems are findings, never
//! errors. Every variant keeps the typed error it came from; the message printed is
//! `aftersales: ` followed by the variant's text. The exit code is decided in `cli::exit`.

use std::io;
use std::path::PathBuf;

use crate::i18n::CatalogueError;
use crate::input::workbook::ReadError;
use crate::output::OutputError;
use crate::policy::calendar::CalendarError;
use crate::policy::PolicyError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The team's workbook package cannot be patched.
    #[error(transparent)]
    Package(#[from] crate::package::PackageError),
    /// A `--policies` file that cannot be used.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("{}: cannot read the policy file: {source}", .path.display())]
    PolicyFile { path: PathBuf, source: io::Error },
    /// The workbook's own policy sheet cannot be used.
    #[error("{file}: {source}")]
    PolicySheet { file: String, source: PolicyError },
    /// A `--calendar` file that cannot be used.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error("{}: cannot read the holiday calendar: {source}", .path.display())]
    CalendarFile { path: PathBuf, source: io::Error },
    /// Catalogues (`--templates`) that cannot be used.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// The case history cannot be read or written.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// `check` keeps its findings in a temporary file until the counts are known.
    #[error("cannot keep the report in a temporary file (set TMPDIR to a folder with room): {0}")]
    ReportSpool(#[source] io::Error),
    #[error("{}, sheet \"{sheet}\": the case sheet is {width} columns wide; Excel's limit of {limit} leaves no room for the {computed} computed columns (remove unused columns and run again)", .input.display())]
    NoRoomForComputedColumns {
        input: PathBuf,
        sheet: String,
        width: usize,
        limit: u32,
        computed: usize,
    },
    /// The thread reading the sheet panicked.
    #[error("the reader stopped unexpectedly")]
    ReaderStopped,
}

/// Arguments that make no sense together or cannot be read; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error(
        "--as-of \"{text}\": expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DD HH:MM[:SS]"
    )]
    AsOf { text: String },
    /// `--from` or `--to`.
    #[error("{flag} \"{text}\": expected a date like 2026-11-16")]
    Day { flag: &'static str, text: String },
    /// `--from` after `--to`: a period that holds no day.
    #[error("--from {from} is after --to {to}: the period holds no day (swap them?)")]
    EmptyPeriod { from: String, to: String },
    /// `--week`; the reason comes from `kpi::Period::iso_week`.
    #[error("--week: {reason}")]
    Week { reason: String },
    #[error("{}: cannot list the folder: {source}", .folder.display())]
    ListFolder { folder: PathBuf, source: io::Error },
    #[error("--history FILE names the history of one workbook; with several inputs each has its own beside it (leave --history out)")]
    HistoryForOneInput,
    #[error("no workbooks to process in the folders given")]
    NoWorkbooks,
    #[error("-o {}: with several inputs, -o must be an existing folder", .output.display())]
    OutputNotFolder { output: PathBuf },
    #[error("{}: the output would replace the input; give another -o, or --in-place to replace it on purpose", .input.display())]
    OutputIsInput { input: PathBuf },
    /// The annotated workbook is the input's package: an `.xlsm` stays `.xlsm` (its macros
    /// are kept), an `.xlsx` stays `.xlsx`; Excel refuses a file whose name says otherwise.
    #[error("-o {}: the annotated workbook is a .{expected} workbook, so its name must end in .{expected} (Excel refuses to open a workbook under another extension)", .output.display())]
    OutputExtension { output: PathBuf, expected: String },
    /// `init` never overwrites a file.
    #[error("{}: already exists; init never overwrites a file (move it away, or give another folder: aftersales init DIR)", .path.display())]
    AlreadyExists { path: PathBuf },
}
