//! Next actions and suggested replies through the real binary: both languages, a
//! `--templates` folder, and template mistakes that stop the run (exit 2) before any output.

use std::path::{Path, PathBuf};

mod common;
use common::{col, command, read_sheet, sheet_names, starter, tempdir, STARTER_AS_OF};

const EN_FTL: &str = include_str!("../templates/i18n/en/replies.ftl");
const ZH_FTL: &str = include_str!("../templates/i18n/zh/replies.ftl");

/// A starter workbook (four example cases) in a fresh folder.
fn fresh_starter(lang: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let path = starter(dir.path(), lang);
    (dir, path)
}

fn annotated(input: &Path) -> PathBuf {
    input.with_file_name("aftersales-cases.annotated.xlsx")
}

/// (case id, next action, suggested reply) of every row of the annotated Cases sheet.
fn actions(path: &Path) -> Vec<(String, String, String)> {
    // The starter's case sheet is its first, named and headed in the language of the run.
    let grid = read_sheet(path, &sheet_names(path)[0]);
    let (header, rows) = grid.split_first().unwrap();
    let either = |en: &str, zh: &str| {
        let c = header.iter().position(|h| h == en || h == zh);
        c.unwrap_or_else(|| panic!("no {en} in {header:?}"))
    };
    // The starter puts the case id first.
    let (id, action, reply) = (
        0,
        either("Next action", "下一步操作"),
        either("Suggested reply", "建议回复"),
    );
    rows.iter()
        .map(|r| {
            (
                r[id].to_string(),
                r[action].to_string(),
                r[reply].to_string(),
            )
        })
        .collect()
}

fn process(input: &Path, extra: &[&str]) -> std::process::Output {
    command(&["process"])
        .arg(input)
        .args(["--as-of", STARTER_AS_OF])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn english_next_actions_and_replies() {
    let (_dir, input) = fresh_starter("en");
    let out = process(&input, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = actions(&annotated(&input));
    let action = |i: usize| rows[i].1.as_str();
    assert_eq!(action(0), "Follow up: resolve by 2026-11-26 10:00");
    assert_eq!(action(1), "Ask the customer for a video of the defect");
    assert_eq!(action(2), "Resolve before 2026-11-20 14:00 (due soon)");
    assert_eq!(action(3), "Return visit: ask for a satisfaction score");
    assert_eq!(rows[0].2, "", "no message while a case simply moves on");
    assert!(rows[1].2.starts_with("Hello Chen Jie, "), "{}", rows[1].2);
    assert!(
        rows[1].2.contains("Bhiner needs a short video"),
        "{}",
        rows[1].2
    );
    assert!(rows[3].2.contains("case AS-2026-0004"), "{}", rows[3].2);
}

#[test]
fn process_lang_zh_writes_chinese_next_actions() {
    let (_dir, input) = fresh_starter("zh");
    let out = process(&input, &["--lang", "zh"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = actions(&annotated(&input));
    let found: Vec<(&str, &str)> = rows
        .iter()
        .map(|(id, action, _)| (id.as_str(), action.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("AS-2026-0001", "跟进处理：请在 2026-11-26 10:00 前解决"),
            ("AS-2026-0002", "请客户提供瑕疵视频"),
            ("AS-2026-0003", "请在 2026-11-20 14:00 前解决（即将到期）"),
            ("AS-2026-0004", "回访：请客户评分"),
        ]
    );
    assert!(rows[1].2.starts_with("陈杰您好，"), "{}", rows[1].2);
}

#[test]
fn check_digest_shows_the_next_action_but_no_customer_name() {
    let (_dir, input) = fresh_starter("en");
    let out = command(&["check"])
        .arg(&input)
        .args(["--as-of", STARTER_AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Resolve before 2026-11-20 14:00 (due soon)"),
        "{stdout}"
    );
    for name in ["Anna Schmidt", "Chen Jie", "Maria Rossi", "Zhang Wei"] {
        assert!(!stdout.contains(name), "{stdout}");
    }
}

#[test]
fn a_templates_folder_replaces_the_built_in_texts() {
    let (dir, input) = fresh_starter("zh");
    let templates = dir.path().join("my-templates");
    std::fs::create_dir_all(templates.join("zh")).unwrap();
    let text = ZH_FTL.replace("回访：请客户评分", "回访 { $case_id }（{ $platform }）");
    std::fs::write(templates.join("zh/replies.ftl"), text).unwrap();
    let out = process(
        &input,
        &["--lang", "zh", "--templates", templates.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = actions(&annotated(&input));
    assert_eq!(rows[3].1, "回访 AS-2026-0004（Superbuy）");
}

/// Runs `process --templates DIR` with `en/replies.ftl` holding `text`; the run must stop with exit 2
/// and write nothing. Returns stderr.
fn process_with_bad_templates(text: &str) -> String {
    let (dir, input) = fresh_starter("en");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("en")).unwrap();
    std::fs::write(templates.join("en/replies.ftl"), text).unwrap();
    let out = process(&input, &["--templates", templates.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!annotated(&input).exists());
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(&templates.join("en/replies.ftl").display().to_string()),
        "{stderr}"
    );
    stderr
}

#[test]
fn a_missing_template_key_stops_the_run() {
    let text: String = EN_FTL
        .lines()
        .filter(|l| !l.starts_with("action-return_visit "))
        .map(|l| format!("{l}\n"))
        .collect();
    let stderr = process_with_bad_templates(&text);
    assert!(stderr.contains("\"action-return_visit\""), "{stderr}");
}

#[test]
fn an_unknown_placeholder_stops_the_run() {
    let text = EN_FTL.replace(
        "Return visit: ask for a satisfaction score",
        "Return visit { $nope }",
    );
    let stderr = process_with_bad_templates(&text);
    assert!(stderr.contains("$nope"), "{stderr}");
    let line = EN_FTL
        .lines()
        .position(|l| l.starts_with("action-return_visit "))
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("line {line}")), "{stderr}");
}

#[test]
fn a_templates_folder_that_does_not_exist_stops_the_run() {
    let (dir, input) = fresh_starter("en");
    let missing = dir.path().join("no-such-folder");
    let out = process(&input, &["--templates", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert!(!annotated(&input).exists());
}

#[test]
fn replies_spell_the_platform_as_the_policy_table_does() {
    use common::{d, row, s, write_cases};
    let dir = tempdir();
    let header = [
        "Case ID",
        "Platform",
        "Customer",
        "Purchase date",
        "Received date",
        "Request date",
        "Issue type",
        "Status",
        "Evidence",
    ];
    let case = row(
        &header,
        &[
            ("Case ID", s("B-1")),
            ("Platform", s("BHINER")),
            ("Customer", s("Anna")),
            ("Purchase date", d("2026-11-10")),
            ("Received date", d("2026-11-15")),
            ("Request date", d("2026-11-16 10:00")),
            ("Issue type", s("Quality")),
            ("Status", s("Open")),
            ("Evidence", s("photos")),
        ],
    );
    let input = dir.path().join("caps.xlsx");
    write_cases(&input, &header, vec![case]);
    let out = process(&input, &["--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let grid = read_sheet(&dir.path().join("caps.annotated.xlsx"), "Sheet1");
    let (action, reply) = (
        col(&grid[0], "Next action"),
        col(&grid[0], "Suggested reply"),
    );
    let texts = format!("{} | {}", grid[1][action], grid[1][reply]);
    assert!(texts.contains("Bhiner"), "{texts}");
    assert!(!texts.contains("BHINER"), "{texts}");
}
