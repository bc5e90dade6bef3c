//! Data users may edit, compiled in as defaults: header aliases, value spellings, policies,
//! the holiday calendar and reply texts live in `templates/`.

pub const HEADERS_CSV: &str = include_str!("../templates/headers.csv");
pub const VALUES_CSV: &str = include_str!("../templates/values.csv");
pub const POLICIES_CSV: &str = include_str!("../templates/policies.csv");
pub const CN_CALENDAR_CSV: &str = include_str!("../templates/calendars/cn.csv");
pub const REPLIES_EN_CSV: &str = include_str!("../templates/replies/en.csv");
pub const REPLIES_ZH_CSV: &str = include_str!("../templates/replies/zh.csv");

/// Rows of a small embedded CSV file (header skipped). The files are ours and tested,
/// so a malformed row is skipped rather than reported.
pub fn csv_rows(text: &str) -> impl Iterator<Item = csv::StringRecord> + '_ {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(Result::ok)
}

/// The comparison form of a header or a spelling: lower case, without spaces, `_`, `-`,
/// and a trailing `:`/`：`.
pub fn normalize(text: &str) -> String {
    let trimmed = text.trim().trim_end_matches([':', '：']);
    trimmed
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}' | '\t' | '\n' | '\r'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_spaces_separators_and_colon() {
        assert_eq!(normalize(" Case_ID："), "caseid");
        assert_eq!(normalize("case-id:"), "caseid");
        assert_eq!(normalize("售后 单号"), "售后单号");
    }

    #[test]
    fn embedded_files_parse() {
        assert!(csv_rows(HEADERS_CSV).count() > 50);
        assert!(csv_rows(VALUES_CSV).count() > 50);
    }
}
