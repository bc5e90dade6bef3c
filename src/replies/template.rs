//! Reply templates: `{placeholder}` texts parsed once when they are loaded (with the checks a
//! template row must pass), then filled with one case's values.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::RepliesError;
use crate::model::finding::Severity;
use crate::rules::Checked;

/// A value a template can mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    CaseId,
    Customer,
    Platform,
    Deadline,
    FirstResponseDue,
    ResolutionDue,
    Assignee,
    /// The column of the first error finding (for `fix_data`).
    Column,
}

impl Field {
    const ALL: [Field; 8] = [
        Field::CaseId,
        Field::Customer,
        Field::Platform,
        Field::Deadline,
        Field::FirstResponseDue,
        Field::ResolutionDue,
        Field::Assignee,
        Field::Column,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::CaseId => "case_id",
            Field::Customer => "customer",
            Field::Platform => "platform",
            Field::Deadline => "deadline",
            Field::FirstResponseDue => "first_response_due",
            Field::ResolutionDue => "resolution_due",
            Field::Assignee => "assignee",
            Field::Column => "column",
        }
    }

    fn known() -> String {
        Field::ALL
            .iter()
            .map(|f| format!("{{{}}}", f.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// A template parsed once at load time, so rendering a million rows is string pushes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    pub(super) fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    fn uses(&self, field: Field) -> bool {
        self.pieces.contains(&Piece::Field(field))
    }

    pub(super) fn render(&self, values: &Values) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => values.write(*f, &mut out),
            }
        }
        tidy(&out)
    }
}

/// Where a template came from, for messages.
struct Place<'a> {
    file: &'a str,
    line: u64,
    column: &'static str,
}

fn parse_template(text: &str, place: &Place) -> Result<Template, RepliesError> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(RepliesError::Unclosed {
                file: place.file.to_string(),
                line: place.line,
                column: place.column,
            });
        };
        let name = after[..close].trim();
        let field = Field::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| RepliesError::UnknownPlaceholder {
                file: place.file.to_string(),
                line: place.line,
                column: place.column,
                name: name.to_string(),
                known: Field::known(),
            })?;
        pieces.push(Piece::Field(field));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(Template { pieces })
}

/// A blank value leaves no stray space before punctuation: "Hello {customer}," with no
/// customer name reads "Hello,".
fn tidy(text: &str) -> String {
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

/// The placeholder values of one case, formatted when a template asks for them (a run
/// renders one or two templates per row, so most values are never needed).
pub(super) struct Values<'a> {
    checked: &'a Checked,
}

impl<'a> Values<'a> {
    pub(super) fn of(checked: &'a Checked) -> Values<'a> {
        Values { checked }
    }

    fn write(&self, field: Field, out: &mut String) {
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
        match field {
            Field::CaseId => out.push_str(text(&case.case_id)),
            Field::Customer => out.push_str(text(&case.customer)),
            // The policy table's spelling when a policy applied, else the cell as written.
            Field::Platform => out.push_str(match &computed.platform {
                Some(platform) => platform,
                None => text(&case.platform),
            }),
            Field::Assignee => out.push_str(text(&case.assignee)),
            Field::Deadline => {
                if let Some(d) = computed.return_deadline {
                    write_date(out, d);
                }
            }
            Field::FirstResponseDue => due(computed.first_response_due, out),
            Field::ResolutionDue => due(computed.resolution_due, out),
            Field::Column => {
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
                out.push_str(&named.join(", "));
            }
        }
    }
}

/// `2026-11-24`, without chrono's format-string machinery (this runs for every row).
fn write_date(out: &mut String, d: NaiveDate) {
    use std::fmt::Write as _;
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}

/// One situation's two templates.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub(super) next_action: Template,
    pub(super) customer_message: Template,
}

impl Row {
    /// Parses the templates of the row for `key` on `line` of `file`. A next action must say
    /// something, and must not name the customer: next actions are also printed in the
    /// terminal.
    pub(super) fn parse(
        file: &str,
        line: u64,
        key: &str,
        next_action: &str,
        customer_message: &str,
    ) -> Result<Row, RepliesError> {
        let place = |column| Place { file, line, column };
        let next_action = parse_template(next_action, &place("next_action"))?;
        if next_action.is_empty() {
            return Err(RepliesError::BlankAction {
                file: file.to_string(),
                line,
                key: key.to_string(),
            });
        }
        if next_action.uses(Field::Customer) {
            return Err(RepliesError::PersonalInAction {
                file: file.to_string(),
                line,
            });
        }
        let customer_message = parse_template(customer_message, &place("customer_message"))?;
        Ok(Row {
            next_action,
            customer_message,
        })
    }
}
