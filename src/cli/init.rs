//! `aftersales init`: the starter workbook and the default policy table.

use std::path::PathBuf;

use super::args::InitArgs;
use super::exit::ExitCode;
use crate::error::Error;
use crate::write::starter::write_starter;

pub fn run(args: InitArgs) -> Result<ExitCode, Error> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let written = write_starter(&dir, args.lang.into())?;
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::Done)
}
