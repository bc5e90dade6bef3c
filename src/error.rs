//! Errors that stop a run ("nothing could be done"). Row problems are findings, never
//! errors. Every variant keeps the typed error it came from and describes itself as a
//! catalogue [`Message`] (`errors.ftl`); the line printed is `aftersales: ` followed by that
//! message in the team's language. The exit code is decided in `cli::exit`.

use std::io;
use std::path::PathBuf;

use crate::i18n::{CatalogueError, Describe, Message};
use crate::input::workbook::ReadError;
use crate::output::OutputError;
use crate::policy::calendar::CalendarError;
use crate::policy::PolicyError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    Read(#[from] ReadError),
    Output(#[from] OutputError),
    /// The team's workbook package cannot be patched.
    Package(#[from] crate::package::PackageError),
    /// A `--policies` file that cannot be used.
    Policy(#[from] PolicyError),
    PolicyFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The workbook's own policy sheet cannot be used.
    PolicySheet {
        file: String,
        #[source]
        source: PolicyError,
    },
    /// A `--calendar` file that cannot be used.
    Calendar(#[from] CalendarError),
    CalendarFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Catalogues (`--templates`) that cannot be used.
    Catalogue(#[from] CatalogueError),
    Usage(#[from] UsageError),
    /// The case history cannot be read or written.
    History(#[from] crate::history::HistoryError),
    /// `check` keeps its findings in a temporary file until the counts are known.
    ReportSpool(#[source] io::Error),
    NoRoomForComputedColumns {
        input: PathBuf,
        sheet: String,
        width: usize,
        limit: u32,
        computed: usize,
    },
    /// The thread reading the sheet panicked.
    ReaderStopped,
}

impl Describe for Error {
    fn message(&self) -> Message {
        match self {
            Error::Read(e) => e.message(),
            Error::Output(e) => e.message(),
            Error::Package(e) => e.message(),
            Error::Policy(e) => e.message(),
            Error::PolicyFile { path, source } => Message::new("error-policy_file")
                .arg("path", path.display())
                .with("reason", source),
            Error::PolicySheet { file, source } => Message::new("error-policy_sheet")
                .arg("file", file)
                .with("reason", source.message()),
            Error::Calendar(e) => e.message(),
            Error::CalendarFile { path, source } => Message::new("error-calendar_file")
                .arg("path", path.display())
                .with("reason", source),
            Error::Catalogue(e) => e.message(),
            Error::Usage(e) => e.message(),
            Error::History(e) => e.message(),
            Error::ReportSpool(source) => Message::new("error-report_spool").with("reason", source),
            Error::NoRoomForComputedColumns {
                input,
                sheet,
                width,
                limit,
                computed,
            } => Message::new("error-no_room_for_computed_columns")
                .arg("input", input.display())
                .arg("sheet", sheet)
                .arg("width", width)
                .arg("limit", limit)
                .arg("computed", computed),
            Error::ReaderStopped => Message::new("error-reader_stopped"),
        }
    }
}

/// Arguments that make no sense together or cannot be read; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    AsOf {
        text: String,
    },
    /// `--from` or `--to`.
    Day {
        flag: &'static str,
        text: String,
    },
    /// `--from` after `--to`: a period that holds no day.
    EmptyPeriod {
        from: String,
        to: String,
    },
    /// `--week`; the reason comes from `kpi::Period::iso_week`.
    Week {
        reason: Message,
    },
    ListFolder {
        folder: PathBuf,
        #[source]
        source: io::Error,
    },
    HistoryForOneInput,
    NoWorkbooks,
    OutputNotFolder {
        output: PathBuf,
    },
    OutputIsInput {
        input: PathBuf,
    },
    /// The annotated workbook is the input's package: an `.xlsm` stays `.xlsm` (its macros
    /// are kept), an `.xlsx` stays `.xlsx`; Excel refuses a file whose name says otherwise.
    OutputExtension {
        output: PathBuf,
        expected: String,
    },
    /// `init` never overwrites a file.
    AlreadyExists {
        path: PathBuf,
    },
}

impl Describe for UsageError {
    fn message(&self) -> Message {
        match self {
            UsageError::AsOf { text } => Message::new("usage-as_of").arg("text", text),
            UsageError::Day { flag, text } => Message::new("usage-day")
                .arg("flag", flag)
                .arg("text", text),
            UsageError::EmptyPeriod { from, to } => Message::new("usage-empty_period")
                .arg("from", from)
                .arg("to", to),
            UsageError::Week { reason } => {
                Message::new("usage-week").with("reason", reason.clone())
            }
            UsageError::ListFolder { folder, source } => Message::new("usage-list_folder")
                .arg("folder", folder.display())
                .with("reason", source),
            UsageError::HistoryForOneInput => Message::new("usage-history_for_one_input"),
            UsageError::NoWorkbooks => Message::new("usage-no_workbooks"),
            UsageError::OutputNotFolder { output } => {
                Message::new("usage-output_not_folder").arg("output", output.display())
            }
            UsageError::OutputIsInput { input } => {
                Message::new("usage-output_is_input").arg("input", input.display())
            }
            UsageError::OutputExtension { output, expected } => {
                Message::new("usage-output_extension")
                    .arg("output", output.display())
                    .arg("expected", expected)
            }
            UsageError::AlreadyExists { path } => {
                Message::new("usage-already_exists").arg("path", path.display())
            }
        }
    }
}

crate::display_by_message!(Error, UsageError);

/// One message of every variant above, for the test that every error message is said in
/// both languages (`i18n::tests`), with the words of the catalogue's Chinese that are not
/// Chinese on purpose (flags, formats, product names).
#[cfg(test)]
pub(crate) fn message_samples() -> (Vec<Message>, &'static [&'static str]) {
    let io = || io::Error::from(io::ErrorKind::NotFound);
    let samples = [
        Error::PolicyFile {
            path: "p.csv".into(),
            source: io(),
        },
        Error::PolicySheet {
            file: "a.xlsx".into(),
            source: PolicyError::NoHeader {
                table: crate::policy::PolicySource::Sheet("Policies".into()),
            },
        },
        Error::CalendarFile {
            path: "c.csv".into(),
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        },
        Error::ReportSpool(io::Error::from(io::ErrorKind::StorageFull)),
        Error::NoRoomForComputedColumns {
            input: "a.xlsx".into(),
            sheet: "Cases".into(),
            width: 16_380,
            limit: 16_384,
            computed: 20,
        },
        Error::ReaderStopped,
        Error::Usage(UsageError::AsOf { text: "x".into() }),
        Error::Usage(UsageError::Day {
            flag: "--from",
            text: "x".into(),
        }),
        Error::Usage(UsageError::EmptyPeriod {
            from: "2026-11-02".into(),
            to: "2026-11-01".into(),
        }),
        Error::Usage(UsageError::Week {
            reason: crate::kpi::Period::iso_week("2026-X").unwrap_err(),
        }),
        Error::Usage(UsageError::Week {
            reason: crate::kpi::Period::iso_week("2025-W53").unwrap_err(),
        }),
        Error::Usage(UsageError::ListFolder {
            folder: "d".into(),
            source: io::Error::from(io::ErrorKind::AlreadyExists),
        }),
        Error::Usage(UsageError::HistoryForOneInput),
        Error::Usage(UsageError::NoWorkbooks),
        Error::Usage(UsageError::OutputNotFolder { output: "o".into() }),
        Error::Usage(UsageError::OutputIsInput {
            input: "a.xlsx".into(),
        }),
        Error::Usage(UsageError::OutputExtension {
            output: "o.xlsx".into(),
            expected: "xlsm".into(),
        }),
        Error::Usage(UsageError::AlreadyExists {
            path: "aftersales-cases.xlsx".into(),
        }),
    ];
    let mut messages: Vec<Message> = samples.iter().map(Describe::message).collect();
    use io::ErrorKind as K;
    for kind in [
        K::IsADirectory,
        K::NotADirectory,
        K::UnexpectedEof,
        K::Interrupted,
        K::Other,
    ] {
        messages.push(Message::io(&io::Error::from(kind)));
    }
    messages.extend(crate::cli::usage_samples());
    messages.push(Message::new("error-internal").arg("detail", "index out of bounds"));
    messages.push(Message::verbatim("zip: invalid Zip archive"));
    let words: &[&str] = &["init"];
    (messages, words)
}
