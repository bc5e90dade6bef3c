//! `aftersales init`: the starter workbook and the default policy table.

use crate::i18n::Texts;
use std::path::PathBuf;

use super::args::InitArgs;
use super::exit::ExitCode;
use crate::error::Error;
use crate::write::starter::write_starter;

pub fn run(args: InitArgs, texts: &Texts) -> Result<ExitCode, Error> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let written = write_starter(&dir, texts)?;
    for path in written {
        println!(
            "{}",
            texts.fmt("init-wrote", &[("path", &path.display().to_string())])
        );
    }
    Ok(ExitCode::Done)
}
