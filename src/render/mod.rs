//! What the commands print: the `check` report and digest, KPI tables, the policy table.

pub mod check;
pub mod kpi;
pub mod policies;

/// A leading `=`, `+`, `-` or `@` gets a `'` so a spreadsheet opening the CSV shows it as text.
pub fn escape_formula(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// Starts every CSV the tool writes, so Excel reads it as UTF-8 (Chinese text is garbled
/// otherwise when the file is opened with a double click).
pub const UTF8_BOM: &str = "\u{feff}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_values_are_escaped() {
        assert_eq!(escape_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_formula("-5"), "'-5");
        assert_eq!(escape_formula("@me"), "'@me");
        assert_eq!(escape_formula("+1"), "'+1");
        assert_eq!(escape_formula("ok"), "ok");
    }
}
