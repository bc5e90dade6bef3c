//! What the commands print: the `check` report and digest, KPI tables, the policy table.

pub mod check;
pub mod kpi;
pub mod policies;

/// `text` followed by spaces up to `width` terminal columns (CJK characters take two).
pub(crate) fn padded(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// A leading `=`, `+`, `-` or `@` gets a `'` so a spreadsheet opening the CSV shows it as text.
pub fn escape_formula(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// `x` with `decimals` decimals, rounded as Excel's number formats show it (the decimal
/// value, half away from zero): 2.65 is `2.7` here as on the Summary sheet, where `{:.1}`
/// would print the binary value's `2.6`.
pub fn fixed(x: f64, decimals: usize) -> String {
    // 15 significant digits, as Excel keeps, take away the binary representation's noise.
    let decimal: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    let scale = 10f64.powi(decimals as i32);
    let rounded = (decimal * scale).round() / scale;
    format!("{rounded:.decimals$}")
}

/// Starts every CSV the tool writes, so Excel reads it as UTF-8 (Chinese text is garbled
/// otherwise when the file is opened with a double click).
pub const UTF8_BOM: &str = "\u{feff}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_as_excel_shows_them() {
        assert_eq!(fixed(2.65, 1), "2.7");
        assert_eq!(fixed(0.333, 1), "0.3");
        assert_eq!(fixed(-2.65, 1), "-2.7");
        assert_eq!(fixed(85.714, 1), "85.7");
        assert_eq!(fixed(4.125, 2), "4.13");
        assert_eq!(fixed(3.0, 1), "3.0");
    }

    #[test]
    fn formula_like_values_are_escaped() {
        assert_eq!(escape_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_formula("-5"), "'-5");
        assert_eq!(escape_formula("@me"), "'@me");
        assert_eq!(escape_formula("+1"), "'+1");
        assert_eq!(escape_formula("ok"), "ok");
    }
}
