//! W_COLUMN_MISSING: an optional column a rule needs is not in the sheet. Said once per
//! workbook and column, with no row; the rules that need it raise nothing per row.

use crate::input::headers::HeaderMap;
use crate::model::finding::{Code, Finding};
use crate::model::Key;

/// The optional columns rules need, what goes unchecked without each, and what to add.
const NEEDED: [(Key, &str); 6] = [
    (
        Key::Evidence,
        "quality claims are not checked for the video some platforms require (P_VIDEO_REQUIRED)",
    ),
    (
        Key::OriginalPackaging,
        "returns are not checked for the original packaging (P_PACKAGING_REQUIRED)",
    ),
    (
        Key::ItemUsed,
        "refunds of used items are not checked (P_REFUND_NOT_ALLOWED)",
    ),
    (
        Key::FirstResponseAt,
        "first responses are not checked (W_FIRST_RESPONSE_LATE) and there are no first-response KPIs",
    ),
    (
        Key::ResolvedAt,
        "finished cases are not checked for a resolved date (E_STATUS_INCONSISTENT) nor for a satisfaction score (W_NO_CSAT), and there are no resolution-time KPIs",
    ),
    (
        Key::Csat,
        "finished cases are not checked for a satisfaction score (W_NO_CSAT) and there are no CSAT KPIs",
    ),
];

/// One W_COLUMN_MISSING per optional column a rule needs that `header` lacks.
pub fn missing_columns(header: &HeaderMap) -> Vec<Finding> {
    let has = |key: Key| header.column(key).is_some();
    let mut found = Vec::new();
    match (has(Key::ReceivedDate), has(Key::PurchaseDate)) {
        (false, true) => found.push(finding(
            Key::ReceivedDate,
            "return windows start from the purchase date".into(),
        )),
        (false, false) => found.push(finding(
            Key::ReceivedDate,
            "with no purchase date column either, no return window is checked (P_WINDOW_EXPIRED)"
                .into(),
        )),
        _ => {}
    }
    for (key, unchecked) in NEEDED {
        if !has(key) {
            found.push(finding(key, unchecked.into()));
        }
    }
    found
}

fn finding(key: Key, unchecked: String) -> Finding {
    Finding {
        code: Code::W_COLUMN_MISSING,
        severity: Code::W_COLUMN_MISSING.severity(),
        case_id: String::new(),
        row: None,
        column: String::new(),
        col: None,
        message: format!("The sheet has no {} column: {unchecked}.", header_of(key)),
        hint: Some(format!(
            "Add a column headed {} to check it (other accepted headers are in docs/reference.md).",
            header_of(key)
        )),
    }
}

/// The header to add, in English and Chinese.
fn header_of(key: Key) -> &'static str {
    match key {
        Key::ReceivedDate => "\"Received date\" (签收日期)",
        Key::PurchaseDate => "\"Purchase date\" (购买日期)",
        Key::Evidence => "\"Evidence\" (凭证)",
        Key::OriginalPackaging => "\"Original packaging\" (原包装)",
        Key::ItemUsed => "\"Item used\" (已使用)",
        Key::FirstResponseAt => "\"First response\" (首次回复时间)",
        Key::ResolvedAt => "\"Resolved at\" (结案时间)",
        Key::Csat => "\"CSAT\" (满意度)",
        other => other.name(),
    }
}
