//! TEMPORARY: replaced by graft.rs from the graft branch.
use super::{Package, PackageError, Sheet};

impl Package {
    pub fn graft_sheets(
        &mut self,
        _source: &[u8],
        _sheets: &[(&str, &str)],
    ) -> Result<Vec<Sheet>, PackageError> {
        Ok(Vec::new())
    }
    pub fn remove_sheet(&mut self, _name: &str) -> Result<(), PackageError> {
        Ok(())
    }
}
