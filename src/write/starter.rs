//! `aftersales init`: a starter workbook a team can begin typing into.
//!
//! The workbook has the 25 columns of PRODUCT.md 2.2 as an Excel table with drop-down lists,
//! four example cases dated around [`EXAMPLE_AS_OF`], the default policy table in a `Policies`
//! sheet (which `process` reads back) and a short "How to use" sheet. Beside it goes
//! `policies.csv`, the same table for `--policies`. Nothing is ever overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Table, TableColumn,
    Workbook, Worksheet, XlsxError,
};

use crate::error::{Error, UsageError};
use crate::i18n::Message;
use crate::i18n::{Lang, Texts};
use crate::input::headers::Aliases;
use crate::model::sheets::Sheet;
use crate::model::spelling::Canonical;
use crate::model::{IssueType, Key, Resolution, Status};
use crate::output::{save_workbook, write_atomically, OutputError};
use crate::policy::{Policy, PolicyTable};
use crate::templates::POLICIES_CSV;
use crate::write::{new_workbook, Formats};

pub const WORKBOOK_FILE: &str = "aftersales-cases.xlsx";
pub const POLICIES_FILE: &str = "policies.csv";
/// The examples are dated around this moment; the How-to sheet suggests it as `--as-of`.
pub const EXAMPLE_AS_OF: &str = "2026-11-20T12:00";
/// Drop-down lists and number rules cover the rows up to this (1-based) sheet row.
const LAST_VALIDATED_ROW: u32 = 10_000;

/// Writes `DIR/aftersales-cases.xlsx` and `DIR/policies.csv`, creating `DIR` if needed.
/// Refuses, before writing anything, when either file exists.
pub fn write_starter(dir: &Path, texts: &Texts) -> Result<Vec<PathBuf>, Error> {
    let workbook_path = dir.join(WORKBOOK_FILE);
    let policies_path = dir.join(POLICIES_FILE);
    for path in [&workbook_path, &policies_path] {
        if path.exists() {
            return Err(UsageError::AlreadyExists { path: path.clone() }.into());
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        OutputError::write(dir, Message::new("output-create_folder").with("reason", &e))
    })?;
    let mut workbook =
        starter_workbook(texts).map_err(|e| OutputError::write(&workbook_path, &e))?;
    save_workbook(&mut workbook, &workbook_path)?;
    write_atomically(&policies_path, |file| {
        file.write_all(POLICIES_CSV.as_bytes())
            .map_err(|e| Message::io(&e))
    })?;
    Ok(vec![workbook_path, policies_path])
}

/// The starter workbook: Cases, Policies and How-to sheets.
pub fn starter_workbook(t: &Texts) -> Result<Workbook, XlsxError> {
    let mut workbook = new_workbook();
    let formats = Formats::default();
    let policies = PolicyTable::builtin();
    write_cases(workbook.add_worksheet(), t, &policies, &formats)?;
    write_policies(workbook.add_worksheet(), t, &policies, &formats)?;
    write_how_to(workbook.add_worksheet(), t, &formats)?;
    Ok(workbook)
}

fn zh(t: &Texts) -> bool {
    t.lang() == Lang::Zh
}

fn column(key: Key) -> u16 {
    Key::ALL
        .iter()
        .position(|k| *k == key)
        .expect("every key is in Key::ALL") as u16
}

fn write_cases(
    sheet: &mut Worksheet,
    t: &Texts,
    policies: &PolicyTable,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(Sheet::Cases.label(t))?;
    let aliases = Aliases::builtin();
    for key in Key::ALL {
        let col = column(key);
        sheet.set_column_width(col, width(key))?;
        if let Some(format) = date_format(key, formats) {
            sheet.set_column_format(col, format)?;
        }
    }
    let examples = examples(t);
    for (i, example) in examples.iter().enumerate() {
        write_example(sheet, i as u32 + 1, example, formats)?;
    }
    let columns: Vec<TableColumn> = Key::ALL
        .iter()
        .map(|k| TableColumn::new().set_header(aliases.display_header(*k, zh(t))))
        .collect();
    let table = Table::new()
        .set_name("CaseTable")
        .set_columns(&columns)
        .set_banded_rows(true)
        .set_autofilter(true);
    sheet.add_table(
        0,
        0,
        examples.len() as u32,
        Key::ALL.len() as u16 - 1,
        &table,
    )?;
    sheet.set_freeze_panes(1, 0)?;
    add_validations(sheet, t, policies)
}

fn width(key: Key) -> f64 {
    match key {
        Key::Evidence | Key::Feedback | Key::Remarks => 32.0,
        Key::RequestAt | Key::FirstResponseAt | Key::ResolvedAt => 17.0,
        Key::ResolutionRequested | Key::OriginalPackaging | Key::ExceptionApproved => 20.0,
        Key::Customer | Key::Contact | Key::Status => 18.0,
        _ => 14.0,
    }
}

fn date_format(key: Key, formats: &Formats) -> Option<&Format> {
    match key {
        Key::PurchaseDate | Key::ReceivedDate => Some(&formats.date),
        Key::RequestAt | Key::FirstResponseAt | Key::ResolvedAt => Some(&formats.datetime),
        _ => None,
    }
}

fn add_validations(
    sheet: &mut Worksheet,
    t: &Texts,
    policies: &PolicyTable,
) -> Result<(), XlsxError> {
    for (key, values, message) in drop_down_lists(t, policies) {
        // A warning, not a stop: the reader accepts more spellings than a list can show.
        let rule = DataValidation::new()
            .allow_list_strings(&values)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message(&message)?;
        validate(sheet, key, &rule)?;
    }
    let csat = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 5))
        .set_error_message(t.get("init-csat"))?;
    validate(sheet, Key::Csat, &csat)?;
    let reopened = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_message(t.get("init-reopened"))?;
    validate(sheet, Key::ReopenCount, &reopened)
}

/// The drop-down lists of the starter sheet: column, values, and the message for a value
/// that is not in the list.
fn drop_down_lists(t: &Texts, policies: &PolicyTable) -> [(Key, Vec<String>, String); 7] {
    let mut platforms: Vec<&str> = Vec::new();
    for row in policies.rows() {
        if !platforms.contains(&row.platform.as_str()) {
            platforms.push(&row.platform);
        }
    }
    let pick = t.get("init-pick");
    let platform_hint = t.get("init-platform_hint");
    let yes_no = [t.get("yesno-yes"), t.get("yesno-no")];
    [
        (
            Key::Platform,
            platforms.iter().map(|p| p.to_string()).collect(),
            platform_hint,
        ),
        (Key::Status, labels::<Status>(t, "status"), pick.clone()),
        (
            Key::IssueType,
            labels::<IssueType>(t, "issue"),
            pick.clone(),
        ),
        (
            Key::ResolutionRequested,
            labels::<Resolution>(t, "resolution"),
            pick.clone(),
        ),
        (Key::OriginalPackaging, yes_no.to_vec(), pick.clone()),
        (Key::ItemUsed, yes_no.to_vec(), pick.clone()),
        (Key::ExceptionApproved, yes_no.to_vec(), pick),
    ]
}

fn validate(sheet: &mut Worksheet, key: Key, rule: &DataValidation) -> Result<(), XlsxError> {
    let col = column(key);
    sheet.add_data_validation(1, col, LAST_VALIDATED_ROW - 1, col, rule)?;
    Ok(())
}

/// The catalogue's label of every value of `T`: what the reader accepts back (a test checks
/// it), in the team's language.
fn labels<T: Canonical>(t: &Texts, prefix: &str) -> Vec<String> {
    T::ALL.iter().map(|v| t.label(prefix, *v)).collect()
}

/// A cell of an example row.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDateTime),
}

struct Example {
    cells: Vec<(Key, Value)>,
}

fn write_example(
    sheet: &mut Worksheet,
    row: u32,
    example: &Example,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (key, value) in &example.cells {
        let col = column(*key);
        match value {
            Value::Text(t) => {
                sheet.write_string(row, col, t)?;
            }
            Value::Number(n) => {
                sheet.write_number(row, col, *n)?;
            }
            Value::Date(d) => {
                let format = date_format(*key, formats).unwrap_or(&formats.datetime);
                sheet.write_datetime_with_format(row, col, d, format)?;
            }
        }
    }
    Ok(())
}

fn day(m: u32, d: u32) -> Value {
    at(m, d, 0, 0)
}

fn at(m: u32, d: u32, h: u32, min: u32) -> Value {
    let date = NaiveDate::from_ymd_opt(2026, m, d).expect("a valid example date");
    Value::Date(date.and_hms_opt(h, min, 0).expect("a valid example time"))
}

/// Four cases around 2026-11-20 12:00: one on track, one missing the video Bhiner requires,
/// one due soon and one finished without a satisfaction score. Names and contacts are made up.
/// Long because it is data: four rows of up to 25 cells, read top to bottom like the sheet.
fn examples(t: &Texts) -> Vec<Example> {
    let text = |en: &str, zh_text: &str| Value::Text(if zh(t) { zh_text } else { en }.to_string());
    let plain = |s: &str| Value::Text(s.to_string());
    let yes_no = |yes: bool| Value::Text(t.get(if yes { "yesno-yes" } else { "yesno-no" }));
    let status = |v: &str| Value::Text(t.get(&format!("status-{v}")));
    let issue = |v: &str| Value::Text(t.get(&format!("issue-{v}")));
    let wants = |v: &str| Value::Text(t.get(&format!("resolution-{v}")));
    let li_na = text("Li Na", "李娜");
    let zhao_lei = text("Zhao Lei", "赵磊");
    vec![
        Example {
            cells: vec![
                (Key::CaseId, plain("AS-2026-0001")),
                (Key::OrderId, plain("SB-88120001")),
                (Key::Platform, plain("Superbuy")),
                (Key::Category, text("Shoes", "鞋靴")),
                (Key::Customer, text("Anna Schmidt", "王芳")),
                (Key::Contact, plain("anna@example.com")),
                (Key::PurchaseDate, day(11, 8)),
                (Key::ReceivedDate, day(11, 15)),
                (Key::RequestAt, at(11, 19, 10, 0)),
                (Key::IssueType, issue("quality")),
                (Key::ResolutionRequested, wants("return_refund")),
                (
                    Key::Evidence,
                    text("Photos of the scuffed sole", "鞋底磨损照片"),
                ),
                (Key::OriginalPackaging, yes_no(true)),
                (Key::ItemUsed, yes_no(false)),
                (Key::Status, status("in_progress")),
                (Key::Assignee, li_na.clone()),
                (Key::FirstResponseAt, at(11, 19, 15, 30)),
                (Key::ReopenCount, Value::Number(0.0)),
                (Key::OrderAmount, Value::Number(899.0)),
                (Key::ExceptionApproved, yes_no(false)),
                (Key::Remarks, text("Example: on track", "示例：进度正常")),
            ],
        },
        Example {
            cells: vec![
                (Key::CaseId, plain("AS-2026-0002")),
                (Key::OrderId, plain("BH-30517702")),
                (Key::Platform, plain("Bhiner")),
                (Key::Category, text("Electronics", "数码")),
                (Key::Customer, text("Chen Jie", "陈杰")),
                (Key::Contact, plain("chen.jie@example.com")),
                (Key::PurchaseDate, day(11, 5)),
                (Key::ReceivedDate, day(11, 12)),
                (Key::RequestAt, at(11, 20, 9, 0)),
                (Key::IssueType, issue("quality")),
                (Key::ResolutionRequested, wants("full_refund")),
                (
                    Key::Evidence,
                    text("Photo of the cracked screen", "屏幕裂痕照片"),
                ),
                (Key::OriginalPackaging, yes_no(true)),
                (Key::ItemUsed, yes_no(false)),
                (Key::Status, status("new")),
                (Key::Assignee, zhao_lei.clone()),
                (Key::OrderAmount, Value::Number(1299.0)),
                (Key::ExceptionApproved, yes_no(false)),
                (
                    Key::Remarks,
                    text(
                        "Example: Bhiner needs a video for a quality claim",
                        "示例：Bhiner 的质量问题需要视频凭证",
                    ),
                ),
            ],
        },
        Example {
            cells: vec![
                (Key::CaseId, plain("AS-2026-0003")),
                (Key::OrderId, plain("YB-60233003")),
                (Key::Platform, plain("Yoybuy")),
                (Key::Category, text("Clothing", "服装")),
                (Key::Customer, text("Maria Rossi", "刘洋")),
                (Key::Contact, plain("maria@example.com")),
                (Key::PurchaseDate, day(11, 1)),
                (Key::ReceivedDate, day(11, 10)),
                (Key::RequestAt, at(11, 13, 14, 0)),
                (Key::IssueType, issue("wrong_item")),
                (Key::ResolutionRequested, wants("exchange")),
                (
                    Key::Evidence,
                    text("Photos of the size label", "尺码标签照片"),
                ),
                (Key::OriginalPackaging, yes_no(true)),
                (Key::ItemUsed, yes_no(false)),
                (Key::Status, status("waiting_seller")),
                (Key::Assignee, li_na),
                (Key::FirstResponseAt, at(11, 13, 16, 0)),
                (Key::ReopenCount, Value::Number(0.0)),
                (Key::OrderAmount, Value::Number(359.0)),
                (Key::ExceptionApproved, yes_no(false)),
                (Key::Remarks, text("Example: due soon", "示例：即将到期")),
            ],
        },
        Example {
            cells: vec![
                (Key::CaseId, plain("AS-2026-0004")),
                (Key::OrderId, plain("SB-88120044")),
                (Key::Platform, plain("Superbuy")),
                (Key::Category, text("Bags", "箱包")),
                (Key::Customer, text("Zhang Wei", "张伟")),
                (Key::Contact, plain("zhang.wei@example.com")),
                (Key::PurchaseDate, day(10, 20)),
                (Key::ReceivedDate, day(10, 28)),
                (Key::RequestAt, at(11, 2, 11, 0)),
                (Key::IssueType, issue("wrong_item")),
                (Key::ResolutionRequested, wants("partial_refund")),
                (Key::Evidence, text("Chat screenshot", "聊天截图")),
                (Key::OriginalPackaging, yes_no(true)),
                (Key::ItemUsed, yes_no(false)),
                (Key::Status, status("resolved")),
                (Key::Assignee, zhao_lei),
                (Key::FirstResponseAt, at(11, 2, 15, 0)),
                (Key::ResolvedAt, at(11, 6, 17, 0)),
                (Key::ReopenCount, Value::Number(0.0)),
                (Key::OrderAmount, Value::Number(520.0)),
                (Key::RefundAmount, Value::Number(80.0)),
                (Key::ExceptionApproved, yes_no(false)),
                (
                    Key::Remarks,
                    text(
                        "Example: resolved, no satisfaction score yet (return visit)",
                        "示例：已解决，尚无满意度评分（需回访）",
                    ),
                ),
            ],
        },
    ]
}

/// The default policy table, in the columns `PolicyTable::from_sheet_rows` reads.
fn write_policies(
    sheet: &mut Worksheet,
    t: &Texts,
    policies: &PolicyTable,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(Sheet::Policies.label(t))?;
    for (col, name) in Policy::COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
        sheet.set_column_width(col as u16, (name.len() as f64 + 2.0).max(12.0))?;
    }
    for (i, policy) in policies.rows().iter().enumerate() {
        let row = i as u32 + 1;
        for (col, value) in policy.cells().iter().enumerate() {
            match value.parse::<f64>() {
                Ok(n) => sheet.write_number(row, col as u16, n)?,
                Err(_) => sheet.write_string(row, col as u16, value)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    // Below a blank row, which ends the table for the reader.
    let note_row = policies.rows().len() as u32 + 2;
    sheet.write_string(note_row, 0, t.get("init-policies_note"))?;
    Ok(())
}

fn write_how_to(sheet: &mut Worksheet, t: &Texts, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(t.get("init-howto_sheet"))?;
    sheet.set_column_width(0, 110.0)?;
    sheet.write_string_with_format(0, 0, t.get("init-howto_title"), &formats.title)?;
    let args = [("workbook", WORKBOOK_FILE), ("as_of", EXAMPLE_AS_OF)];
    for (i, id) in HOW_TO.iter().enumerate() {
        let line = t.fmt(id, &args);
        sheet.write_string_with_format(i as u32 + 2, 0, line, &formats.wrap)?;
    }
    Ok(())
}

/// The lines of the How-to sheet.
const HOW_TO: [&str; 6] = [
    "init-howto-1",
    "init-howto-2",
    "init-howto-3",
    "init-howto-4",
    "init-howto-5",
    "init-howto-6",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::values::Spellings;
    use crate::templates::is_chinese;

    #[test]
    fn drop_down_values_are_accepted_by_the_reader() {
        let reader = Spellings::builtin();
        for lang in [Lang::En, Lang::Zh] {
            let t = Texts::builtin(lang);
            let kinds: [(&str, Vec<&str>, Vec<String>); 3] = [
                (
                    "status",
                    Status::ALL.iter().map(|s| s.as_str()).collect(),
                    labels::<Status>(&t, "status"),
                ),
                (
                    "issue_type",
                    IssueType::ALL.iter().map(|s| s.as_str()).collect(),
                    labels::<IssueType>(&t, "issue"),
                ),
                (
                    "resolution_requested",
                    Resolution::ALL.iter().map(|s| s.as_str()).collect(),
                    labels::<Resolution>(&t, "resolution"),
                ),
            ];
            for (kind, values, shown) in kinds {
                for (value, spelling) in values.iter().zip(&shown) {
                    assert_eq!(
                        reader.canonical(kind, spelling),
                        Some(*value),
                        "{lang:?} {spelling}"
                    );
                    assert_eq!(is_chinese(spelling), lang == Lang::Zh, "{spelling}");
                }
            }
            for word in [t.get("yesno-yes"), t.get("yesno-no")] {
                assert!(reader.canonical("yes_no", &word).is_some(), "{word}");
            }
        }
    }

    #[test]
    fn refuses_to_overwrite_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(POLICIES_FILE), "mine").unwrap();
        let err = write_starter(dir.path(), &Texts::default()).unwrap_err();
        assert!(matches!(
            err,
            Error::Usage(UsageError::AlreadyExists { .. })
        ));
        assert!(
            err.to_string().contains("policies.csv: already exists"),
            "{err}"
        );
        assert!(!dir.path().join(WORKBOOK_FILE).exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(POLICIES_FILE)).unwrap(),
            "mine"
        );
    }
}
