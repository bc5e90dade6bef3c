//! `aftersales init`: the starter workbook and policy table, read back from the files the real
//! binary writes, and processed at once.

use std::path::Path;

use aftersales::input::headers::Aliases;
use aftersales::input::values::Cell;
use aftersales::model::Key;
use aftersales::policy::{Policy, PolicyTable};
use calamine::Data;

mod common;
use common::{command, read_cells, sheet_names, starter, tempdir, zip_text, STARTER_AS_OF};

const WORKBOOK: &str = "aftersales-cases.xlsx";

/// Every cell of a sheet as text, the way the tool reads it.
fn sheet_text(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    read_cells(path, sheet)
        .iter()
        .map(|row| row.iter().map(|d| Cell::from_data(d).display()).collect())
        .collect()
}

fn check_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let out = command(&["check"])
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
    let dir = tempdir();
    let target = dir.path().join("new").join("folder");
    let out = command(&["init"]).arg(&target).output().unwrap();
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
    assert_eq!(sheet_names(&path), ["Cases", "Policies", "How to use"]);
}

fn assert_headers(path: &Path, first: &str, request: &str) {
    // The case sheet comes first, named in the language of the starter.
    let cases = sheet_text(path, &sheet_names(path)[0]);
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
    let dir = tempdir();
    let path = starter(dir.path(), "en");
    assert_headers(&path, "Case ID", "Request date");

    let xml = zip_text(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(xml.matches("<dataValidation ").count(), 9, "{xml}");
    for list in [
        "\"Superbuy,Bhiner,Yoybuy\"",
        "\"New,In progress,Waiting on customer,Waiting on seller,Appealed,Reopened,Resolved,Closed,Rejected\"",
        "\"Changed mind,Quality,Wrong item,Logistics,Service,Safety hazard,Other\"",
        "\"yes,no\"",
        "\"Return &amp; refund,Exchange,Full refund,Partial refund,Store credit,Repair,Consultation\"",
    ] {
        assert!(xml.contains(list), "{list} not in {xml}");
    }
    assert!(
        xml.contains("sqref=\"C2:C10000\""),
        "platform list on column C"
    );
    assert!(xml.contains("<tablePart "), "an Excel table");
    assert!(xml.contains("ySplit=\"1\""), "frozen header");
    let table = zip_text(&path, "xl/tables/table1.xml");
    assert!(table.contains("ref=\"A1:Y5\""), "{table}");
    assert!(table.contains("showRowStripes=\"1\""), "{table}");
    assert!(table.contains("<autoFilter"), "{table}");

    let cases = read_cells(&path, "Cases");
    for col in [6, 7, 8, 16] {
        assert!(
            matches!(cases[1].get(col), Some(Data::DateTime(_))),
            "column {col} holds a real date: {:?}",
            cases[1].get(col)
        );
    }
}

#[test]
fn chinese_starter_has_chinese_headers_lists_and_how_to() {
    let dir = tempdir();
    let path = starter(dir.path(), "zh");
    assert_headers(&path, "售后单号", "申请日期");
    let xml = zip_text(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(xml.matches("<dataValidation ").count(), 9);
    assert!(xml.contains("\"是,否\""), "{xml}");
    assert!(xml.contains("待处理,处理中"), "{xml}");
    assert!(xml.contains("无理由退货,质量问题,发错货"), "{xml}");
    assert_eq!(sheet_names(&path), ["售后登记", "平台政策", "使用说明"]);
    let how_to = sheet_text(&path, "使用说明");
    assert!(how_to
        .iter()
        .flatten()
        .any(|line| line.contains(STARTER_AS_OF)));
}

#[test]
fn policies_sheet_reads_back_as_the_default_table() {
    let dir = tempdir();
    let grid = sheet_text(&starter(dir.path(), "zh"), "平台政策");
    assert_eq!(grid[0], Policy::COLUMNS);
    let table = PolicyTable::from_sheet_rows(&grid, "平台政策").unwrap();
    let builtin = PolicyTable::builtin();
    let cells = |t: &PolicyTable| t.rows().iter().map(Policy::cells).collect::<Vec<_>>();
    assert_eq!(cells(&table), cells(&builtin));
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = tempdir();
    let path = starter(dir.path(), "en");
    let before = std::fs::read(&path).unwrap();
    let out = command(&["init", "--lang", "zh"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Said in the team's language (`--lang zh`).
    assert!(stderr.contains("已存在；init 从不覆盖文件"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_starter_workbook_processes_at_once_with_only_the_intended_findings() {
    for lang in ["en", "zh"] {
        let dir = tempdir();
        let path = starter(dir.path(), lang);
        let report = check_json(&path, &["--as-of", STARTER_AS_OF]);
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

        let out = command(&["process"])
            .arg(&path)
            .args(["--as-of", STARTER_AS_OF, "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let no_error = if lang == "zh" {
            "错误 0 个"
        } else {
            "0 error"
        };
        assert!(stdout.contains(no_error), "{stdout}");
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
