//! The row being checked: where its cells are, the findings so far and the columns whose
//! value was bad (so no second finding is raised on them).

use std::collections::HashSet;

use crate::i18n::Texts;
use crate::input::headers::HeaderMap;
use crate::input::values::Cell;
use crate::input::workbook::Row;
use crate::model::finding::{Code, Finding};
use crate::model::Key;

pub struct RowCheck<'a> {
    pub header: &'a HeaderMap,
    pub row: &'a Row,
    pub case_id: String,
    pub findings: Vec<Finding>,
    pub bad: HashSet<Key>,
    /// Messages and hints, in the team's language.
    pub texts: &'a Texts,
}

impl<'a> RowCheck<'a> {
    pub fn new(header: &'a HeaderMap, row: &'a Row, texts: &'a Texts) -> RowCheck<'a> {
        RowCheck {
            header,
            row,
            case_id: String::new(),
            findings: Vec::new(),
            bad: HashSet::new(),
            texts,
        }
    }

    /// Adds a finding whose message is the catalogue message `message` with `args`, and
    /// whose hint is the message `hint`.
    pub fn say(
        &mut self,
        code: Code,
        key: Option<Key>,
        (message, args): (&str, &[(&str, &str)]),
        hint: &str,
    ) {
        let message = self.texts.fmt(message, args);
        let hint = self.texts.get(hint);
        self.add(code, key, message, Some(hint));
    }

    pub fn cell(&self, key: Key) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.header.column(key) {
            Some(col) => self.row.get(col),
            None => &EMPTY,
        }
    }

    /// Whether the sheet has a column for `key`.
    pub fn has_column(&self, key: Key) -> bool {
        self.header.column(key).is_some()
    }

    pub fn add(&mut self, code: Code, key: Option<Key>, message: String, hint: Option<String>) {
        let col = key.and_then(|k| self.header.column(k));
        self.findings.push(Finding {
            code,
            severity: code.severity(),
            case_id: self.case_id.clone(),
            row: Some(self.row.index + 1),
            column: col.map_or(String::new(), |c| self.header.name(c).to_string()),
            col,
            message,
            hint,
        });
    }

    /// The column's header as written, or the key's name when the sheet has no such column.
    pub fn column_label(&self, key: Key) -> String {
        match self.header.column(key) {
            Some(c) => self.header.name(c).to_string(),
            None => key.name().to_string(),
        }
    }
}
