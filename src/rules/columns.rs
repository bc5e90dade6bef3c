//! W_COLUMN_MISSING: an optional column a rule needs is not in the sheet. Said once per
//! workbook and column, with no row; the rules that need it raise nothing per row.

use crate::i18n::Texts;
use crate::input::headers::HeaderMap;
use crate::model::finding::{Code, Finding};
use crate::model::Key;

/// The optional columns rules need, what goes unchecked without each, and what to add.
/// (The catalogue messages `unchecked-*` say what goes unchecked.)
const NEEDED: [(Key, &str); 6] = [
    (Key::Evidence, "unchecked-evidence"),
    (Key::OriginalPackaging, "unchecked-original_packaging"),
    (Key::ItemUsed, "unchecked-item_used"),
    (Key::FirstResponseAt, "unchecked-first_response_at"),
    (Key::ResolvedAt, "unchecked-resolved_at"),
    (Key::Csat, "unchecked-csat"),
];

/// One W_COLUMN_MISSING per optional column a rule needs that `header` lacks.
pub fn missing_columns(header: &HeaderMap, texts: &Texts) -> Vec<Finding> {
    let has = |key: Key| header.column(key).is_some();
    let mut found = Vec::new();
    match (has(Key::ReceivedDate), has(Key::PurchaseDate)) {
        (false, true) => found.push(finding(Key::ReceivedDate, "unchecked-received_date", texts)),
        (false, false) => found.push(finding(Key::ReceivedDate, "unchecked-window", texts)),
        _ => {}
    }
    for (key, unchecked) in NEEDED {
        if !has(key) {
            found.push(finding(key, unchecked, texts));
        }
    }
    found
}

fn finding(key: Key, unchecked: &str, texts: &Texts) -> Finding {
    let header = header_of(key);
    let unchecked = texts.get(unchecked);
    Finding {
        code: Code::W_COLUMN_MISSING,
        severity: Code::W_COLUMN_MISSING.severity(),
        case_id: String::new(),
        row: None,
        column: String::new(),
        col: None,
        message: texts.fmt(
            "finding-column_missing",
            &[("header", header), ("unchecked", &unchecked)],
        ),
        hint: Some(texts.fmt("hint-column_missing", &[("header", header)])),
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
