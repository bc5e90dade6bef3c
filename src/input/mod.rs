//! Input: opening a workbook (after [`guard`] has looked at its container), finding the case
//! sheet and its header ([`headers`]), streaming rows ([`workbook`]) and reading cells into
//! typed values ([`values`]).

pub mod guard;
pub mod headers;
pub mod values;
pub mod workbook;

/// One message of every error of reading (workbooks, policy tables, calendars, the CSV files
/// users hand in), for the test that every error message is said in both languages
/// (`i18n::tests`), with the Latin words of the Chinese catalogue that are meant.
#[cfg(test)]
pub(crate) fn message_samples() -> (Vec<crate::i18n::Message>, &'static [&'static str]) {
    (Vec::new(), &[])
}
