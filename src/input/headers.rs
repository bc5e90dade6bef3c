//! Header recognition: which sheet column holds which canonical key (PRODUCT.md 2.1–2.2).

use std::collections::HashMap;

use crate::model::columns::ComputedColumn;
use crate::model::Key;
use crate::templates::{csv_rows, is_chinese, normalize, HEADERS_CSV};

/// Cells longer than this (in bytes) are never taken for a header name.
const MAX_HEADER_LEN: usize = 256;

/// The alias list: normalized header → key.
#[derive(Debug, Clone)]
pub struct Aliases {
    by_header: HashMap<String, Key>,
    /// Headers as listed, per key, in file order (for `init` and messages).
    listed: Vec<(Key, String)>,
    /// Computed headers as this run's catalogues spell them (normalised), recognised besides
    /// the built-in English and Chinese ones: a team's own wording is replaced on a re-run too.
    computed: Vec<String>,
}

impl Aliases {
    pub fn builtin() -> Aliases {
        let mut aliases = Aliases {
            by_header: HashMap::new(),
            listed: Vec::new(),
            computed: Vec::new(),
        };
        aliases.extend_from_csv(HEADERS_CSV);
        aliases
    }

    /// Also recognises these computed headers (the run's catalogue labels) as computed.
    pub fn with_computed_headers(mut self, headers: impl IntoIterator<Item = String>) -> Aliases {
        self.computed
            .extend(headers.into_iter().map(|h| normalize(&h)));
        self
    }

    /// Adds `key,header` rows; unknown keys are ignored.
    pub fn extend_from_csv(&mut self, text: &str) {
        for record in csv_rows(text) {
            let (Some(key), Some(header)) = (record.get(0), record.get(1)) else {
                continue;
            };
            if let Some(key) = Key::from_name(key.trim()) {
                self.add(key, header.trim());
            }
        }
    }

    fn add(&mut self, key: Key, header: &str) {
        self.by_header.insert(normalize(header), key);
        self.by_header.insert(normalize(key.name()), key);
        self.listed.push((key, header.to_string()));
    }

    pub fn key_of(&self, header: &str) -> Option<Key> {
        self.by_header.get(&normalize(header)).copied()
    }

    /// The first listed header for a key whose script matches `chinese`.
    pub fn display_header(&self, key: Key, chinese: bool) -> &str {
        self.listed
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, h)| h.as_str())
            .find(|h| is_chinese(h) == chinese)
            .unwrap_or(key.name())
    }
}

/// A header of one of the computed columns, written by an earlier run in either language.
pub fn is_computed_header(header: &str) -> bool {
    let n = normalize(header);
    ComputedColumn::ALL.iter().any(|c| {
        crate::i18n::labels_in_every_language(c.message())
            .iter()
            .any(|label| normalize(label) == n)
    })
}

/// Where each recognised key sits, and what every column is called.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    /// 0-based sheet row of the header.
    pub row: u32,
    /// The header text of every column, as written (blank for none).
    pub names: Vec<String>,
    /// 0-based column of each recognised key (the first, if a key appears twice).
    pub columns: HashMap<Key, u32>,
    /// Columns holding computed headers from an earlier run, to be dropped.
    pub computed: Vec<u32>,
}

impl HeaderMap {
    /// Recognises a header row; `None` when fewer than 3 cells match known names.
    pub fn recognise(row: u32, cells: &[String], aliases: &Aliases) -> Option<HeaderMap> {
        let mut columns = HashMap::new();
        let mut computed = Vec::new();
        for (col, text) in cells.iter().enumerate() {
            // No header name is long; a huge cell is data (or hostile) and is not compared.
            if text.trim().is_empty() || text.len() > MAX_HEADER_LEN {
                continue;
            }
            if let Some(key) = aliases.key_of(text) {
                columns.entry(key).or_insert(col as u32);
            } else if is_computed_header(text) || aliases.computed.contains(&normalize(text)) {
                computed.push(col as u32);
            }
        }
        (columns.len() >= 3).then(|| HeaderMap {
            row,
            names: cells.to_vec(),
            columns,
            computed,
        })
    }

    pub fn column(&self, key: Key) -> Option<u32> {
        self.columns.get(&key).copied()
    }

    pub fn name(&self, col: u32) -> &str {
        self.names.get(col as usize).map_or("", |s| s.trim())
    }

    pub fn missing_required(&self) -> Vec<Key> {
        Key::REQUIRED
            .into_iter()
            .filter(|k| !self.columns.contains_key(k))
            .collect()
    }

    /// The columns carried to the output: every original column except earlier computed ones.
    pub fn kept_columns(&self) -> Vec<u32> {
        let width = self.names.len() as u32;
        (0..width).filter(|c| !self.computed.contains(c)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_chinese_english_and_mixed_headers() {
        let aliases = Aliases::builtin();
        let map = HeaderMap::recognise(
            2,
            &cells(&[
                "售后单号",
                " platform ",
                "申请时间：",
                "Tracking no",
                "Order_No",
            ]),
            &aliases,
        )
        .unwrap();
        assert_eq!(map.column(Key::CaseId), Some(0));
        assert_eq!(map.column(Key::Platform), Some(1));
        assert_eq!(map.column(Key::RequestAt), Some(2));
        assert_eq!(map.column(Key::OrderId), Some(4));
        assert!(map.missing_required().is_empty());
    }

    #[test]
    fn a_title_row_is_not_a_header() {
        let aliases = Aliases::builtin();
        assert!(HeaderMap::recognise(
            0,
            &cells(&["After-sales cases 2026", "", "Status"]),
            &aliases
        )
        .is_none());
    }

    #[test]
    fn computed_columns_of_an_earlier_run_are_dropped() {
        let aliases = Aliases::builtin();
        let map = HeaderMap::recognise(
            0,
            &cells(&[
                "Case ID",
                "Platform",
                "Request date",
                "Priority",
                "Findings",
            ]),
            &aliases,
        )
        .unwrap();
        assert_eq!(map.kept_columns(), vec![0, 1, 2]);
    }

    #[test]
    fn display_header_picks_language() {
        let aliases = Aliases::builtin();
        assert_eq!(aliases.display_header(Key::CaseId, false), "Case ID");
        assert_eq!(aliases.display_header(Key::CaseId, true), "售后单号");
    }
}
