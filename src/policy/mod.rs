//! The policy table of PRODUCT.md section 3: one row per platform and category saying how long
//! a customer may open a case, what a claim needs, and how fast the team must answer.
//!
//! Policies are data users edit (`templates/policies.csv`, a `--policies` file, a `Policies`
//! sheet), so every parse error points at the line or cell and says what is accepted. There is
//! no catch-all platform: a typo must surface as an unknown platform, never borrow another
//! platform's rules.

pub mod calendar;
mod columns;

use std::fmt;
use std::path::PathBuf;

use crate::i18n::{Describe, Message};
use crate::model::finding::column_letters;
use crate::model::spelling::{canonical_enum, Canonical};
use crate::templates::{is_blank_row, read_csv_rows, CsvError};
use columns::{find_columns, RowReader};

/// The default table, compiled in so a run never depends on a file next to the binary.
use crate::templates::POLICIES_CSV as BUILTIN;

/// An enumeration column, read the loose way every policy cell is read: ignoring case,
/// surrounding spaces and `_`/`-`/space differences. The spellings themselves, and the
/// "accepted" list of an error message, come from the enum's one [`canonical_enum!`] list.
trait Spelled: Canonical {
    fn parse(text: &str) -> Option<Self> {
        Self::from_canonical(&normalize_name(text))
    }
}

impl<T: Canonical> Spelled for T {}

canonical_enum!(
    /// Which date opens the return window.
    WindowStart {
        Received => "received",
        Purchase => "purchase",
    }
);

canonical_enum!(
    /// Which days stop the clocks: `Cn` skips official Chinese holiday days.
    HolidayRule {
        None => "none",
        Cn => "cn",
    }
);

canonical_enum!(
    /// How a platform refunds, which decides `P_REFUND_NOT_ALLOWED`.
    RefundRule {
        FullAfterInspection => "full_after_inspection",
        PartialIfUsed => "partial_if_used",
        StoreCreditOrRefund => "store_credit_or_refund",
    }
);

/// Where a policy row came from, so the Policies sheet and messages can say which layer won.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    BuiltIn,
    File(PathBuf),
    Sheet(String),
}

/// How an error message names the table.
impl Describe for PolicySource {
    fn message(&self) -> Message {
        match self {
            PolicySource::BuiltIn => Message::new("policy-built_in"),
            PolicySource::File(path) => Message::new("policy-file").arg("path", path.display()),
            PolicySource::Sheet(name) => Message::new("policy-sheet").arg("sheet", name),
        }
    }
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::BuiltIn => f.write_str("built-in"),
            PolicySource::File(path) => write!(f, "file {}", path.display()),
            PolicySource::Sheet(name) => write!(f, "workbook sheet {name}"),
        }
    }
}

/// One row of the policy table. Every field but `source` is a column of the table, listed once,
/// in column order, in `columns.rs` (which makes [`Policy::COLUMNS`] and [`Policy::cells`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub platform: String,
    /// `*` = any category.
    pub category: String,
    pub return_window_days: u32,
    pub quality_window_days: u32,
    pub window_start: WindowStart,
    pub holiday_rule: HolidayRule,
    pub refund_rule: RefundRule,
    pub requires_original_packaging: bool,
    pub requires_video_for_defect: bool,
    pub first_response_hours: f64,
    pub resolution_days: f64,
    pub due_soon_hours: f64,
    /// Statuses that stop the resolution clock (section 9); empty: never.
    pub pause_statuses: Vec<crate::model::Status>,
    pub source: PolicySource,
}

impl Policy {
    /// How the row is named to users, e.g. "Superbuy / *".
    pub fn label(&self) -> String {
        format!("{} / {}", self.platform, self.category)
    }

    /// Same platform and category, ignoring case and spaces: the identity used by overlays
    /// and by the duplicate check.
    fn same_key(&self, other: &Policy) -> bool {
        same_name(&self.platform, &other.platform) && same_name(&self.category, &other.category)
    }
}

/// Why a policy table cannot be used. Every message is one line naming the table, the line or
/// cell, the column, the bad value and what is accepted.
#[derive(thiserror::Error, Debug)]
pub enum PolicyError {
    BadValue {
        /// The line or cell (`cell_place`), boxed to keep errors small.
        place: Box<Message>,
        column: String,
        value: String,
        accepted: Accepted,
    },
    MissingValue {
        place: Box<Message>,
        column: String,
        accepted: Accepted,
    },
    MissingColumns {
        table: PolicySource,
        missing: String,
        /// The headers seen (the header row has one at least).
        seen: String,
    },
    NoHeader {
        table: PolicySource,
    },
    DuplicateRow {
        place: Box<Message>,
        label: String,
        first: Box<Message>,
    },
    Csv(#[from] CsvError),
}

impl Describe for PolicyError {
    fn message(&self) -> Message {
        match self {
            PolicyError::BadValue {
                place,
                column,
                value,
                accepted,
            } => Message::new("policy-bad_value")
                .with("place", (**place).clone())
                .arg("column", column)
                .arg("value", value)
                .with("accepted", accepted.message()),
            PolicyError::MissingValue {
                place,
                column,
                accepted,
            } => Message::new("policy-missing_value")
                .with("place", (**place).clone())
                .arg("column", column)
                .with("accepted", accepted.message()),
            PolicyError::MissingColumns {
                table,
                missing,
                seen,
            } => Message::new("policy-missing_columns")
                .with("table", table.message())
                .arg("missing", missing)
                .arg("seen", seen),
            PolicyError::NoHeader { table } => Message::new("policy-no_header")
                .with("table", table.message())
                .arg("platform", "platform")
                .arg("columns", Policy::COLUMNS.join(", ")),
            PolicyError::DuplicateRow {
                place,
                label,
                first,
            } => Message::new("policy-duplicate_row")
                .with("place", (**place).clone())
                .arg("label", label)
                .with("first", (**first).clone()),
            PolicyError::Csv(e) => e.message(),
        }
    }
}

crate::display_by_message!(PolicyError);

/// What a policy cell accepts (the message says it with the column's limits).
#[derive(Debug, Clone, Copy)]
pub enum Accepted {
    Platform,
    /// A whole number of days.
    Days,
    /// A number of days, fractions allowed.
    DaysFraction,
    Hours,
    Statuses,
    YesNo,
    /// One of an enumeration's spellings, listed by this function.
    OneOf(fn() -> String),
}

/// The effective policy table: built-in rows, overlaid by a file, overlaid by the workbook.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyTable {
    rows: Vec<Policy>,
}

impl PolicyTable {
    /// The shipped `templates/policies.csv`.
    pub fn builtin() -> PolicyTable {
        PolicyTable::from_csv(BUILTIN, PolicySource::BuiltIn)
            .expect("the built-in policy table is valid (checked by a unit test)")
    }

    /// Reads a policy CSV. Header names ignore case, surrounding spaces and `_`/`-`/space
    /// differences; unknown columns are ignored; blank lines and `#` comment lines are skipped.
    pub fn from_csv(text: &str, source: PolicySource) -> Result<PolicyTable, PolicyError> {
        let file = match &source {
            PolicySource::File(path) => path.display().to_string(),
            _ => "templates/policies.csv".to_string(),
        };
        let lines = read_csv_rows(text, &file)?;
        let mut lines = lines
            .into_iter()
            .map(|(line, cells)| (line as usize, cells));
        let Some((_, header)) = lines.next() else {
            return Err(PolicyError::NoHeader { table: source });
        };
        parse_table(&source, &header, lines)
    }

    /// Rows of a `Policies` sheet as text (cells already converted to strings; blank = ""),
    /// row 0 = the sheet's first row. The header is the first row containing "platform";
    /// reading stops at the first blank row after the header, because the sheet may carry
    /// other tables below (e.g. the holiday days). `sheet` names the sheet in messages, which
    /// cite cells like "C4".
    pub fn from_sheet_rows(rows: &[Vec<String>], sheet: &str) -> Result<PolicyTable, PolicyError> {
        let source = PolicySource::Sheet(sheet.to_string());
        let header_at = rows
            .iter()
            .position(|row| row.iter().any(|cell| normalize_name(cell) == "platform"))
            .ok_or_else(|| PolicyError::NoHeader {
                table: source.clone(),
            })?;
        let body = rows[header_at + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, row)| !is_blank_row(row))
            .map(|(i, row)| (header_at + i + 2, row.clone()));
        parse_table(&source, &rows[header_at], body)
    }

    /// Rows of `other` replace rows of self with the same platform+category (compared
    /// ignoring case and spaces), in place so the table keeps its order; other rows are added.
    pub fn overlay(&mut self, other: PolicyTable) {
        for row in other.rows {
            match self.rows.iter_mut().find(|mine| mine.same_key(&row)) {
                Some(mine) => *mine = row,
                None => self.rows.push(row),
            }
        }
    }

    /// Matches platform ignoring case and spaces (there is no catch-all platform); the row
    /// whose category equals `category` (ignoring case/spaces) wins over the `*` row.
    pub fn lookup(&self, platform: &str, category: Option<&str>) -> Option<&Policy> {
        let mut any_category = None;
        for row in self
            .rows
            .iter()
            .filter(|r| same_name(&r.platform, platform))
        {
            if category.is_some_and(|c| same_name(&row.category, c)) {
                return Some(row);
            }
            if same_name(&row.category, "*") {
                any_category = Some(row);
            }
        }
        any_category
    }

    /// All rows, in file order with overlaid rows added at the end.
    pub fn rows(&self) -> &[Policy] {
        &self.rows
    }
}

/// Parses the data rows of a table, given its header; `rows` carries each row's 1-based line
/// or sheet row number for messages.
fn parse_table(
    source: &PolicySource,
    header: &[String],
    rows: impl Iterator<Item = (usize, Vec<String>)>,
) -> Result<PolicyTable, PolicyError> {
    let columns = find_columns(source, header)?;
    let mut table = PolicyTable::default();
    let mut numbers: Vec<usize> = Vec::new();
    for (number, cells) in rows {
        let reader = RowReader {
            source,
            number,
            cells: &cells,
            header,
            columns: &columns,
        };
        let policy = reader.policy()?;
        if let Some(i) = table.rows.iter().position(|r| r.same_key(&policy)) {
            return Err(PolicyError::DuplicateRow {
                place: row_place(source, number),
                label: policy.label(),
                first: row_place(source, numbers[i]),
            });
        }
        table.rows.push(policy);
        numbers.push(number);
    }
    Ok(table)
}

/// Header and enumeration spelling: case, surrounding spaces and `_`/`-`/space differences
/// are ignored, so "Return window days" reads as `return_window_days`.
fn normalize_name(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Platform and category identity: case and every space are ignored ("Super Buy" = "superbuy").
/// Compares lazily, without allocating, because it runs for every case.
fn same_name(a: &str, b: &str) -> bool {
    fn squash(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
    }
    a == b || squash(a).eq(squash(b))
}

/// "file p.csv line 4" or "workbook sheet Policies row 4".
fn row_place(source: &PolicySource, number: usize) -> Box<Message> {
    Box::new(match source {
        PolicySource::Sheet(_) => Message::new("policy-row")
            .with("table", source.message())
            .arg("row", number),
        _ => line_place(source, number),
    })
}

/// "file p.csv line 4" or "workbook sheet Policies cell C4".
fn cell_place(source: &PolicySource, number: usize, column: usize) -> Box<Message> {
    Box::new(match source {
        PolicySource::Sheet(_) => Message::new("policy-cell")
            .with("table", source.message())
            .arg("cell", format!("{}{number}", column_letters(column as u32))),
        _ => line_place(source, number),
    })
}

fn line_place(source: &PolicySource, number: usize) -> Message {
    Message::new("policy-line")
        .with("table", source.message())
        .arg("line", number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    const HEADER: &str = "platform,category,return_window_days,quality_window_days,window_start,holiday_rule,refund_rule,requires_original_packaging,requires_video_for_defect,first_response_hours,resolution_days,due_soon_hours";

    fn csv_with(rows: &[&str]) -> String {
        let mut text = format!("{HEADER}\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    #[test]
    fn builtin_table_matches_product_section_3() {
        let table = PolicyTable::builtin();
        let labels: Vec<String> = table.rows().iter().map(Policy::label).collect();
        assert_eq!(labels, ["Superbuy / *", "Bhiner / *", "Yoybuy / *"]);
        let yoybuy = table.lookup("Yoybuy", None).unwrap();
        assert_eq!(yoybuy.return_window_days, 10);
        assert_eq!(yoybuy.holiday_rule, HolidayRule::Cn);
        assert_eq!(yoybuy.refund_rule, RefundRule::StoreCreditOrRefund);
        assert_eq!(yoybuy.source, PolicySource::BuiltIn);
        let superbuy = table.lookup("Superbuy", None).unwrap();
        assert_eq!(
            (superbuy.return_window_days, superbuy.quality_window_days),
            (7, 30)
        );
        assert!(superbuy.requires_original_packaging && !superbuy.requires_video_for_defect);
        let bhiner = table.lookup("Bhiner", None).unwrap();
        assert_eq!(bhiner.refund_rule, RefundRule::PartialIfUsed);
        assert!(bhiner.requires_video_for_defect);
        assert_eq!(bhiner.first_response_hours, 24.0);
    }

    #[test]
    fn cells_read_back_to_the_same_table() {
        let table = PolicyTable::builtin();
        let mut text = Policy::COLUMNS.join(",") + "\n";
        for row in table.rows() {
            text += &(row.cells().join(",") + "\n");
        }
        assert_eq!(text, BUILTIN.replace("\r\n", "\n"));
        assert_eq!(
            PolicyTable::from_csv(&text, PolicySource::BuiltIn).unwrap(),
            table
        );
    }

    #[test]
    fn lookup_ignores_case_and_spaces_and_knows_no_catch_all() {
        let table = PolicyTable::builtin();
        for written in ["superbuy", "SUPERBUY", " Super Buy ", "super\u{3000}buy"] {
            let found = table.lookup(written, Some("Shoes")).map(Policy::label);
            assert_eq!(found.as_deref(), Some("Superbuy / *"), "{written:?}");
        }
        assert!(table.lookup("Superbuyy", None).is_none());
        assert!(table.lookup("", None).is_none());
        assert!(table.lookup("*", None).is_none());
    }

    #[test]
    fn category_row_wins_over_the_any_row() {
        let text = csv_with(&[
            "Bhiner,*,14,14,received,none,partial_if_used,no,yes,24,7,24",
            "Bhiner,Electronics,7,30,purchase,cn,full_after_inspection,yes,yes,12,5,6",
            "Acme,Shoes,7,7,received,none,partial_if_used,no,no,24,7,24",
        ]);
        let table = PolicyTable::from_csv(&text, PolicySource::BuiltIn).unwrap();
        let label = |p: &str, c: Option<&str>| table.lookup(p, c).map(Policy::label);
        assert_eq!(
            label("bhiner", Some(" electronics ")).as_deref(),
            Some("Bhiner / Electronics")
        );
        assert_eq!(label("bhiner", Some("Toys")).as_deref(), Some("Bhiner / *"));
        assert_eq!(label("bhiner", None).as_deref(), Some("Bhiner / *"));
        // A platform with only category rows has no policy for other categories.
        assert_eq!(
            label("acme", Some("shoes")).as_deref(),
            Some("Acme / Shoes")
        );
        assert_eq!(label("acme", Some("Toys")), None);
        assert_eq!(label("acme", None), None);
    }

    #[test]
    fn overlay_replaces_same_key_rows_in_place_and_adds_others() {
        let mut table = PolicyTable::builtin();
        let file = PolicySource::File(PathBuf::from("team.csv"));
        let text = csv_with(&[
            "BHINER , * ,30,30,purchase,cn,partial_if_used,no,no,12,5,6",
            "Newbuy,*,7,7,received,none,full_after_inspection,no,no,24,7,24",
        ]);
        table.overlay(PolicyTable::from_csv(&text, file.clone()).unwrap());
        let labels: Vec<String> = table.rows().iter().map(Policy::label).collect();
        assert_eq!(
            labels,
            ["Superbuy / *", "BHINER / *", "Yoybuy / *", "Newbuy / *"]
        );
        let bhiner = table.lookup("Bhiner", None).unwrap();
        assert_eq!((bhiner.return_window_days, &bhiner.source), (30, &file));
        assert_eq!(
            table.lookup("Superbuy", None).unwrap().source,
            PolicySource::BuiltIn
        );
    }

    #[test]
    fn csv_accepts_loose_headers_and_spellings() {
        let text = " Platform , RETURN WINDOW DAYS,quality-window-days,Window_Start,holiday_rule,\
                    refund_rule,requires_original_packaging,requires_video_for_defect,\
                    first_response_hours,resolution_days,due_soon_hours,notes\n\
                    Superbuy,7.0,30,Received,CN,Full After Inspection,是,N,1.5,7,24,anything\n";
        let table = PolicyTable::from_csv(text, PolicySource::BuiltIn).unwrap();
        let row = &table.rows()[0];
        assert_eq!(row.category, "*");
        assert_eq!(row.return_window_days, 7);
        assert_eq!(row.holiday_rule, HolidayRule::Cn);
        assert_eq!(row.refund_rule, RefundRule::FullAfterInspection);
        assert!(row.requires_original_packaging && !row.requires_video_for_defect);
        assert_eq!(row.first_response_hours, 1.5);
    }

    #[test]
    fn csv_errors_name_file_line_column_value_and_accepted() {
        let file = || PolicySource::File(PathBuf::from("p.csv"));
        let cases = [
            (
                csv_with(&["Superbuy,*,7,30,received,jp,full_after_inspection,yes,no,24,7,24"]),
                "file p.csv line 2, column holiday_rule: cannot read \"jp\"; accepted: none, cn",
            ),
            (
                csv_with(&["Superbuy,*,7.5,30,received,none,full_after_inspection,yes,no,24,7,24"]),
                "file p.csv line 2, column return_window_days: cannot read \"7.5\"; accepted: a whole number of days",
            ),
            (
                csv_with(&["Superbuy,*,7,30,received,none,full_after_inspection,maybe,no,24,7,24"]),
                "file p.csv line 2, column requires_original_packaging: cannot read \"maybe\"; accepted: yes, no",
            ),
            (
                csv_with(&["Superbuy,*,7,30,received,none,full_after_inspection,yes,no,-1,7,24"]),
                "file p.csv line 2, column first_response_hours: cannot read \"-1\"",
            ),
            (
                csv_with(&[",*,7,30,received,none,full_after_inspection,yes,no,24,7,24"]),
                "file p.csv line 2, column platform: the value is blank",
            ),
            (
                csv_with(&["Superbuy,*,7,30,received,none,full_after_inspection,yes,no,24,7"]),
                "file p.csv line 2, column due_soon_hours: the value is blank",
            ),
            (
                csv_with(&[
                    "Superbuy,*,7,30,received,none,full_after_inspection,yes,no,24,7,24",
                    "SuperBuy,,7,30,received,none,full_after_inspection,yes,no,24,7,24",
                ]),
                "file p.csv line 3: a second row for SuperBuy / * (the first is at file p.csv line 2)",
            ),
            (
                "platform,category,return_window_days\nSuperbuy,*,7\n".to_string(),
                "file p.csv: missing column(s) quality_window_days, window_start, holiday_rule",
            ),
            (String::new(), "file p.csv: no header row with a \"platform\" column"),
            (
                format!("# team overrides\n\n{HEADER}\n# Yoybuy\nYoybuy,*,10,10,recieved,cn,store_credit_or_refund,no,no,24,7,24\n"),
                "file p.csv line 5, column window_start: cannot read \"recieved\"; accepted: received, purchase",
            ),
        ];
        for (text, want) in cases {
            let err = PolicyTable::from_csv(&text, file())
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err:?}\nshould start with {want:?}");
            assert!(!err.contains('\n'), "{err:?}");
        }
    }

    #[test]
    fn sheet_rows_start_at_the_platform_header_and_stop_at_a_blank_row() {
        let header: Vec<&str> = Policy::COLUMNS.to_vec();
        let rows = sheet(&[
            &["Platform policies (edit me)"],
            &[],
            &header,
            &[
                "Superbuy",
                "*",
                "7",
                "30",
                "received",
                "none",
                "full_after_inspection",
                "TRUE",
                "FALSE",
                "24",
                "7",
                "24",
            ],
            &["", "", ""],
            &["date", "kind", "name"],
            &["2026-10-01", "holiday", "National Day"],
        ]);
        let table = PolicyTable::from_sheet_rows(&rows, "Policies").unwrap();
        assert_eq!(table.rows().len(), 1);
        assert_eq!(
            table.rows()[0].source,
            PolicySource::Sheet("Policies".into())
        );
        assert!(table.rows()[0].requires_original_packaging);
    }

    #[test]
    fn sheet_bad_value_names_the_cell() {
        let header: Vec<&str> = Policy::COLUMNS.to_vec();
        let rows = sheet(&[
            &["Policies"],
            &header,
            &[
                "Superbuy",
                "*",
                "7",
                "30",
                "received",
                "none",
                "full_after_inspection",
                "yes",
                "no",
                "24",
                "7",
                "24",
            ],
            &[
                "Yoybuy",
                "*",
                "ten",
                "10",
                "received",
                "cn",
                "store_credit_or_refund",
                "no",
                "no",
                "24",
                "7",
                "24",
            ],
        ]);
        let err = PolicyTable::from_sheet_rows(&rows, "Policies")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("workbook sheet Policies cell C4, column return_window_days: cannot read \"ten\"; accepted: a whole number of days from 0 to 3650"),
            "{err}"
        );
        let none = PolicyTable::from_sheet_rows(&sheet(&[&["a", "b"]]), "平台政策").unwrap_err();
        assert!(none
            .to_string()
            .starts_with("workbook sheet 平台政策: no header row"));
    }

    #[test]
    fn sheet_cells_past_column_z_are_named_like_excel() {
        let sheet = PolicySource::Sheet("Policies".into());
        let cell = |column| cell_place(&sheet, 4, column).to_string();
        assert_eq!(cell(0), "workbook sheet Policies cell A4");
        assert_eq!(cell(25), "workbook sheet Policies cell Z4");
        assert_eq!(cell(26), "workbook sheet Policies cell AA4");
        assert_eq!(cell(701), "workbook sheet Policies cell ZZ4");
        assert_eq!(cell(702), "workbook sheet Policies cell AAA4");
    }

    #[test]
    fn sources_display_as_users_read_them() {
        assert_eq!(PolicySource::BuiltIn.to_string(), "built-in");
        assert_eq!(
            PolicySource::File("a/p.csv".into()).to_string(),
            "file a/p.csv"
        );
        assert_eq!(
            PolicySource::Sheet("Policies".into()).to_string(),
            "workbook sheet Policies"
        );
    }
}
