//! The policy table's columns. One list, [`policy_columns!`] below, says for each column the
//! [`Policy`] field it fills (named like the column), how a cell is read into it and how the
//! value is written back; [`Policy::COLUMNS`], [`Policy::cells`] and [`RowReader::policy`] are
//! made from it. Adding a column is one line there, plus its field in [`Policy`] (the
//! compiler refuses a field that has no column, or a column that has no field).

use super::{cell_place, normalize_name, Accepted, Policy, PolicyError, PolicySource, Spelled};
use crate::i18n::{Describe, Message};
use crate::model::spelling::Canonical;
use crate::model::Status;

/// Upper bounds that catch a unit mix-up (hours typed into a days column) and keep the clocks
/// far from chrono's date limits.
const MAX_DAYS: f64 = 3650.0;
const MAX_HOURS: f64 = 87600.0;

/// `column: read R, write W;` for each column in table order: `R(&RowReader, column name)`
/// reads the cell into the field, `W(&field)` spells the value as the CSV takes it.
macro_rules! policy_columns {
    ($($column:ident: read $read:expr, write $write:expr;)+) => {
        impl Policy {
            /// The CSV column names, in the order of the shipped file and of [`Policy::cells`].
            pub const COLUMNS: [&'static str; [$(stringify!($column)),+].len()] =
                [$(stringify!($column)),+];

            /// The values as text, spelled as the CSV takes them, so a written table reads
            /// back equal.
            pub fn cells(&self) -> [String; Policy::COLUMNS.len()] {
                [$($write(&self.$column)),+]
            }
        }

        impl RowReader<'_> {
            /// The row as a [`Policy`], its cells read in column order (so the first bad cell
            /// of the row is the one reported).
            pub(super) fn policy(&self) -> Result<Policy, PolicyError> {
                Ok(Policy {
                    $($column: $read(self, stringify!($column))?,)+
                    source: self.source.clone(),
                })
            }
        }
    };
}

policy_columns! {
    platform: read |r: &RowReader<'_>, column| {
        r.required(column, Accepted::Platform)
    }, write String::clone;
    category: read |r: &RowReader<'_>, _| Ok::<_, PolicyError>(r.category()), write String::clone;
    return_window_days: read RowReader::days, write u32::to_string;
    quality_window_days: read RowReader::days, write u32::to_string;
    window_start: read RowReader::choice, write spelled;
    holiday_rule: read RowReader::choice, write spelled;
    refund_rule: read RowReader::choice, write spelled;
    requires_original_packaging: read RowReader::yes_no, write yes_no;
    requires_video_for_defect: read RowReader::yes_no, write yes_no;
    first_response_hours: read |r: &RowReader<'_>, column| {
        r.number(column, MAX_HOURS, Accepted::Hours)
    }, write f64::to_string;
    resolution_days: read |r: &RowReader<'_>, column| {
        r.number(column, MAX_DAYS, Accepted::DaysFraction)
    }, write f64::to_string;
    due_soon_hours: read |r: &RowReader<'_>, column| {
        r.number(column, MAX_HOURS, Accepted::Hours)
    }, write f64::to_string;
    pause_statuses: read RowReader::statuses, write statuses_text;
}

/// Statuses as the CSV takes them: canonical names joined by `;`.
fn statuses_text(statuses: &[Status]) -> String {
    statuses
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// Columns a table written before they existed may leave out, with the value they then mean.
fn optional(column: &str) -> bool {
    matches!(column, "category" | "pause_statuses")
}

/// An enumeration as the CSV spells it.
fn spelled<T: Spelled>(value: &T) -> String {
    value.as_str().to_string()
}

fn yes_no(value: &bool) -> String {
    if *value { "yes" } else { "no" }.to_string()
}

/// For each of [`Policy::COLUMNS`], its position in the header, if present.
pub(super) type ColumnMap = [Option<usize>; Policy::COLUMNS.len()];

/// Finds the columns; all are required except `category` (absent = `*`), because a table
/// missing a rule would otherwise apply a guessed one.
pub(super) fn find_columns(
    source: &PolicySource,
    header: &[String],
) -> Result<ColumnMap, PolicyError> {
    let columns: ColumnMap =
        Policy::COLUMNS.map(|name| header.iter().position(|h| normalize_name(h) == name));
    let missing: Vec<&str> = Policy::COLUMNS
        .iter()
        .zip(&columns)
        .filter(|(name, at)| at.is_none() && !optional(name))
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return Ok(columns);
    }
    let seen: Vec<&str> = header
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    Err(PolicyError::MissingColumns {
        table: source.clone(),
        missing: missing.join(", "),
        seen: seen.join(", "),
    })
}

/// One data row being turned into a [`Policy`], with what it needs to point at a bad cell.
pub(super) struct RowReader<'a> {
    pub(super) source: &'a PolicySource,
    pub(super) number: usize,
    pub(super) cells: &'a [String],
    pub(super) header: &'a [String],
    pub(super) columns: &'a ColumnMap,
}

impl RowReader<'_> {
    /// The cell's position in the row and its trimmed text ("" when the row is short).
    fn cell(&self, column: &str) -> (usize, &str) {
        let slot = Policy::COLUMNS.iter().position(|c| *c == column);
        let at = slot
            .and_then(|i| self.columns[i])
            .expect("required columns were checked by find_columns");
        (at, self.cells.get(at).map_or("", |c| c.trim()))
    }

    /// A blank or absent category means any category.
    fn category(&self) -> String {
        let at = Policy::COLUMNS
            .iter()
            .position(|c| *c == "category")
            .and_then(|i| self.columns[i]);
        let text = at.and_then(|i| self.cells.get(i)).map_or("", |c| c.trim());
        if text.is_empty() { "*" } else { text }.to_string()
    }

    fn required(&self, column: &str, accepted: Accepted) -> Result<String, PolicyError> {
        let (at, text) = self.cell(column);
        if text.is_empty() {
            return Err(PolicyError::MissingValue {
                place: cell_place(self.source, self.number, at),
                column: self.header_at(at),
                accepted,
            });
        }
        Ok(text.to_string())
    }

    fn days(&self, column: &str) -> Result<u32, PolicyError> {
        let value = self.parsed(column, Accepted::Days, |t| {
            parse_number(t, MAX_DAYS).filter(|n| n.fract() == 0.0)
        })?;
        Ok(value as u32)
    }

    /// A number from 0 to `max`; `accepted` says so in its unit.
    fn number(&self, column: &str, max: f64, accepted: Accepted) -> Result<f64, PolicyError> {
        self.parsed(column, accepted, |t| parse_number(t, max))
    }

    /// `;`-separated statuses; blank: none. A table without the column (written before it
    /// existed) means `waiting_customer` (PRODUCT.md section 3).
    fn statuses(&self, column: &str) -> Result<Vec<Status>, PolicyError> {
        let slot = Policy::COLUMNS.iter().position(|c| *c == column);
        let Some(at) = slot.and_then(|i| self.columns[i]) else {
            return Ok(vec![Status::WaitingCustomer]);
        };
        let text = self.cells.get(at).map_or("", |c| c.trim());
        let mut statuses = Vec::new();
        for part in text
            .split([';', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let status = Status::from_canonical(&normalize_name(part)).ok_or_else(|| {
                PolicyError::BadValue {
                    place: cell_place(self.source, self.number, at),
                    column: self.header_at(at),
                    value: part.to_string(),
                    accepted: Accepted::Statuses,
                }
            })?;
            if !statuses.contains(&status) {
                statuses.push(status);
            }
        }
        Ok(statuses)
    }

    fn yes_no(&self, column: &str) -> Result<bool, PolicyError> {
        self.parsed(column, Accepted::YesNo, parse_yes_no)
    }

    fn choice<T: Spelled>(&self, column: &str) -> Result<T, PolicyError> {
        self.parsed(column, Accepted::OneOf(T::accepted), T::parse)
    }

    /// Reads a required cell with `parse`, turning blank or unreadable text into an error
    /// that names the cell, the column, the value and what `accepted` allows.
    fn parsed<T>(
        &self,
        column: &str,
        accepted: Accepted,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, PolicyError> {
        let text = self.required(column, accepted)?;
        parse(&text).ok_or_else(|| {
            let (at, _) = self.cell(column);
            PolicyError::BadValue {
                place: cell_place(self.source, self.number, at),
                column: self.header_at(at),
                value: text.clone(),
                accepted,
            }
        })
    }

    /// The column's header as the user wrote it, so the message matches what they see.
    fn header_at(&self, at: usize) -> String {
        self.header.get(at).map_or("", |h| h.trim()).to_string()
    }
}

/// Says what a cell accepts with the limits of this file.
impl Describe for Accepted {
    fn message(&self) -> Message {
        match self {
            Accepted::Platform => Message::new("policy-accepted_platform"),
            Accepted::Days => Message::new("policy-accepted_days").arg("max", MAX_DAYS),
            Accepted::DaysFraction => {
                Message::new("policy-accepted_days_fraction").arg("max", MAX_DAYS)
            }
            Accepted::Hours => Message::new("policy-accepted_hours").arg("max", MAX_HOURS),
            Accepted::Statuses => {
                Message::new("policy-accepted_statuses").arg("statuses", Status::accepted())
            }
            Accepted::YesNo => Message::new("policy-accepted_one_of")
                .arg("spellings", "yes, no, y, n, true, false, 1, 0, 是, 否"),
            Accepted::OneOf(spellings) => {
                Message::new("policy-accepted_one_of").arg("spellings", spellings())
            }
        }
    }
}

/// `7`, `7.0`, `1.5`; finite, from 0 to `max`.
fn parse_number(text: &str, max: f64) -> Option<f64> {
    let n: f64 = text.parse().ok()?;
    (n.is_finite() && (0.0..=max).contains(&n)).then_some(n)
}

fn parse_yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Some(true),
        "no" | "n" | "false" | "0" | "否" => Some(false),
        _ => None,
    }
}
