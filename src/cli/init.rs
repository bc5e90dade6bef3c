//! `aftersales init`: the starter workbook and the default policy table.

use std::path::PathBuf;

use super::args::InitArgs;
use super::exit::ExitCode;
use crate::error::Error;
use crate::write::starter::write_starter;

pub fn run(args: InitArgs) -> Result<ExitCode, Error> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let texts = super::texts(&args.language, None)?;
    let written = write_starter(&dir, &texts)?;
    for path in written {
        println!(
            "{}",
            texts.fmt("init-wrote", &[("path", &path.display().to_string())])
        );
    }
    Ok(ExitCode::Done)
}
