//! Input: opening a workbook (after [`guard`] has looked at its container), finding the case
//! sheet and its header ([`headers`]), streaming rows ([`workbook`]) and reading cells into
//! typed values ([`values`]).

pub mod guard;
pub mod headers;
pub mod values;
pub mod workbook;
