//! The values a next action or a reply can mention, formatted when a message asks for them (a
//! run fills one or two messages per row, so most values are never needed), and the tidying
//! of a filled message.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::i18n::Catalogue;
use crate::model::finding::Severity;
use crate::rules::Checked;

/// A blank value leaves no stray space before punctuation: "Hello {customer}," with no
/// customer name reads "Hello,".
pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, ',' | '.' | ':' | ';' | '!' | '?' | ')') && out.ends_with(' ') {
            out.pop();
        }
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// The variable values of one case.
pub(super) struct Values<'a> {
    checked: &'a Checked,
}

impl<'a> Values<'a> {
    pub(super) fn of(checked: &'a Checked) -> Values<'a> {
        Values { checked }
    }

    /// Writes the variable `name` (`case_id`, `customer`, `platform`, `deadline`,
    /// `first_response_due`, `resolution_due`, `assignee`, `column`); the catalogue check
    /// lets no other name through.
    /// Lists are joined in `catalogue`'s language.
    pub(super) fn write(&self, name: &str, out: &mut String, catalogue: &Catalogue) {
        use std::fmt::Write as _;
        let case = &self.checked.case;
        let computed = &self.checked.computed;
        let text = |v: &'a Option<String>| v.as_deref().unwrap_or("").trim();
        let due = |t: Option<NaiveDateTime>, out: &mut String| {
            if let Some(t) = t {
                write_date(out, t.date());
                let _ = write!(out, " {:02}:{:02}", t.hour(), t.minute());
            }
        };
        match name {
            "case_id" => out.push_str(text(&case.case_id)),
            "customer" => out.push_str(text(&case.customer)),
            // The policy table's spelling when a policy applied, else the cell as written.
            "platform" => out.push_str(match &computed.platform {
                Some(platform) => platform,
                None => text(&case.platform),
            }),
            "assignee" => out.push_str(text(&case.assignee)),
            "deadline" => {
                if let Some(d) = computed.return_deadline {
                    write_date(out, d);
                }
            }
            "first_response_due" => due(computed.first_response_due, out),
            "resolution_due" => due(computed.resolution_due, out),
            "column" => {
                // Every column with a data error, so one fix names all there is to correct.
                let mut named: Vec<&str> = Vec::new();
                for f in self
                    .checked
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                {
                    let name = if f.column.is_empty() {
                        f.code.as_str()
                    } else {
                        f.column.as_str()
                    };
                    if !named.contains(&name) {
                        named.push(name);
                    }
                }
                out.push_str(&catalogue.join(&named));
            }
            _ => {}
        }
    }
}

/// `2026-11-24`, without chrono's format-string machinery (this runs for every row).
fn write_date(out: &mut String, d: NaiveDate) {
    use std::fmt::Write as _;
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}
