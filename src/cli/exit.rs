//! Exit codes, decided here and nowhere else: 0 when the run did what was asked and found
//! nothing at or above `--fail-on`, 1 when it found such findings, 2 when nothing could be
//! done (an error, a panic, or arguments clap refused).

use clap::ValueEnum;

use crate::model::finding::{Counts, Severity};

/// The outcome of a run, ordered from best to worst so several files' outcomes combine
/// with `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// Done, with no findings at or above `--fail-on` (also `--help` and `--version`).
    Done = 0,
    /// Done, with findings at or above `--fail-on`.
    Findings = 1,
    /// Nothing (or not everything) could be done; also clap's usage errors.
    Failed = 2,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> std::process::ExitCode {
        std::process::ExitCode::from(code as u8)
    }
}

/// `--fail-on`: the lowest severity whose findings make the exit code 1.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
pub enum FailOn {
    Error,
    Policy,
    Warning,
    Never,
}

impl FailOn {
    /// [`ExitCode::Findings`] when `counts` has a finding at or above this level.
    pub fn exit_code(self, counts: &Counts) -> ExitCode {
        let level = match self {
            FailOn::Error => Severity::Error,
            FailOn::Policy => Severity::Policy,
            FailOn::Warning => Severity::Warning,
            FailOn::Never => return ExitCode::Done,
        };
        if counts.at_or_above(level) > 0 {
            ExitCode::Findings
        } else {
            ExitCode::Done
        }
    }
}
