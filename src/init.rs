//! `aftersales init`: a starter workbook a team can begin typing into.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::replies::Lang;

pub fn write_starter(_dir: &Path, _lang: Lang) -> Result<Vec<PathBuf>, Error> {
    Err(Error::Usage("init is not built yet".into()))
}
