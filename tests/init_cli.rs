//! `aftersales init`: the starter workbook and policy table, read back from the files the real
//! binary writes, and processed at once.

use std::io::Read;
use std::path::Path;

use aftersales::input::headers::Aliases;
use aftersales::model::Key;
use aftersales::policy::{Policy, PolicyTable};
use aftersales::input::values::Cell;
use assert_cmd::Command;
use calamine::{open_workbook_auto, Data, Reader};

/// The examples are dated around this moment (the How-to sheet says so).
const AS_OF: &str = "2026-11-20T12:00";
const WORKBOOK: &str = "aftersales-cases.xlsx";

fn aftersales() -> Command {
    Command::cargo_bin("aftersales").unwrap()
}

fn init(dir: &Path, lang: &str) {
    aftersales()
        .args(["init", "--lang", lang])
        .arg(dir)
        .assert()
        .success();
}

/// Every cell of a sheet as text, the way the tool reads it.
fn sheet_text(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| row.iter().map(|d| Cell::from_data(d).display()).collect())
        .collect()
}

fn zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

fn check_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let out = aftersales()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn init_writes_the_starter_workbook_and_the_policy_table() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new").join("folder");
    let out = aftersales().arg("init").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(WORKBOOK) && stdout.contains("policies.csv"),
        "{stdout}"
    );
    assert!(out.stderr.is_empty());
    let csv = std::fs::read_to_string(target.join("policies.csv")).unwrap();
    assert_eq!(csv, include_str!("../templates/policies.csv"));

    let path = target.join(WORKBOOK);
    let workbook = open_workbook_auto(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Cases", "Policies", "How to use"]);
}

fn assert_headers(path: &Path, first: &str, request: &str) {
    let cases = sheet_text(path, "Cases");
    let header = &cases[0];
    assert_eq!(header.len(), 25);
    assert_eq!(header[0], first);
    assert_eq!(header[8], request);
    let aliases = Aliases::builtin();
    for (text, key) in header.iter().zip(Key::ALL) {
        assert_eq!(aliases.key_of(text), Some(key), "{text}");
    }
    assert_eq!(cases.len(), 5, "header and four example rows");
}

#[test]
fn english_starter_has_headers_drop_downs_table_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "en");
    let path = dir.path().join(WORKBOOK);
    assert_headers(&path, "Case ID", "Request date");

    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(xml.matches("<dataValidation ").count(), 9, "{xml}");
    for list in [
        "\"Superbuy,Bhiner,Yoybuy\"",
        "\"New,In progress,Waiting on customer,Waiting on seller,Appealed,Reopened,Resolved,Closed,Rejected\"",
        "\"Quality,Wrong item,Logistics,Service,Safety hazard,Other\"",
        "\"Yes,No\"",
    ] {
        assert!(xml.contains(list), "{list} not in {xml}");
    }
    assert!(
        xml.contains("sqref=\"C2:C10000\""),
        "platform list on column C"
    );
    assert!(xml.contains("<tablePart "), "an Excel table");
    assert!(xml.contains("ySplit=\"1\""), "frozen header");
    let table = zip_entry(&path, "xl/tables/table1.xml");
    assert!(table.contains("ref=\"A1:Y5\""), "{table}");
    assert!(table.contains("showRowStripes=\"1\""), "{table}");
    assert!(table.contains("<autoFilter"), "{table}");

    let mut workbook = open_workbook_auto(&path).unwrap();
    let cases = workbook.worksheet_range("Cases").unwrap();
    for col in [6, 7, 8, 16] {
        assert!(
            matches!(cases.get((1, col)), Some(Data::DateTime(_))),
            "column {col} holds a real date: {:?}",
            cases.get((1, col))
        );
    }
}

#[test]
fn chinese_starter_has_chinese_headers_lists_and_how_to() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "zh");
    let path = dir.path().join(WORKBOOK);
    assert_headers(&path, "售后单号", "申请日期");
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(xml.matches("<dataValidation ").count(), 9);
    assert!(xml.contains("\"是,否\""), "{xml}");
    assert!(xml.contains("未处理,处理中"), "{xml}");
    let workbook = open_workbook_auto(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Cases", "Policies", "使用说明"]);
    let how_to = sheet_text(&path, "使用说明");
    assert!(how_to.iter().flatten().any(|line| line.contains(AS_OF)));
}

#[test]
fn policies_sheet_reads_back_as_the_default_table() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "zh");
    let grid = sheet_text(&dir.path().join(WORKBOOK), "Policies");
    assert_eq!(grid[0], Policy::COLUMNS);
    let table = PolicyTable::from_sheet_rows(&grid, "Policies").unwrap();
    let builtin = PolicyTable::builtin();
    let cells = |t: &PolicyTable| t.rows().iter().map(Policy::cells).collect::<Vec<_>>();
    assert_eq!(cells(&table), cells(&builtin));
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "en");
    let path = dir.path().join(WORKBOOK);
    let before = std::fs::read(&path).unwrap();
    let out = aftersales()
        .args(["init", "--lang", "zh"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_starter_workbook_processes_at_once_with_only_the_intended_findings() {
    for lang in ["en", "zh"] {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path(), lang);
        let path = dir.path().join(WORKBOOK);
        let report = check_json(&path, &["--as-of", AS_OF]);
        assert_eq!(report["cases"], 4);
        let codes: Vec<(&str, &str)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["case_id"].as_str().unwrap(), f["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            codes,
            [
                ("AS-2026-0002", "P_VIDEO_REQUIRED"),
                ("AS-2026-0004", "W_NO_CSAT")
            ],
            "{lang}"
        );
        // Whenever it is run, the examples hold no data errors.
        let today = check_json(&path, &[]);
        assert_eq!(today["counts"]["error"], 0, "{lang}: {today}");

        let out = aftersales()
            .arg("process")
            .arg(&path)
            .args(["--as-of", AS_OF, "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("0 error"), "{stdout}");
        assert!(dir.path().join("aftersales-cases.annotated.xlsx").exists());
        for name in ["Anna Schmidt", "Chen Jie", "王芳", "陈杰"] {
            assert!(!stdout.contains(name), "{stdout}");
        }
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
