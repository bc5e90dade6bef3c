//! Errors that stop a run ("nothing could be done", exit code 2). Row problems are
//! findings, never errors.

use crate::input::workbook::ReadError;
use crate::output::OutputError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{0}")]
    Policy(String),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Templates(String),
}

impl Error {
    /// Every error that stops a run exits with 2.
    pub fn exit_code(&self) -> i32 {
        2
    }
}
