//! The case history (PRODUCT.md section 9): a scripted month of nightly workbooks processed
//! one by one, and every bad history the issue names.

mod common;

use std::path::{Path, PathBuf};

use chrono::Duration;
use common::*;
use serde_json::Value;

const HEADER: [&str; 13] = [
    "Case ID",
    "Order ID",
    "Platform",
    "Received date",
    "Request date",
    "Issue type",
    "Requested resolution",
    "Status",
    "Assignee",
    "First response",
    "Resolved at",
    "Reopened",
    "Order amount",
];

/// One case as the script has it on a night.
#[derive(Clone, Debug)]
struct Case {
    id: &'static str,
    status: &'static str,
    assignee: &'static str,
    resolved: Option<&'static str>,
    reopened: f64,
    amount: f64,
}

fn night_as_of(night: u32) -> String {
    format!("2026-11-{night:02}T09:00")
}

/// The script: each case's state on night `n` (1..=30); `None` when the row is not in the
/// workbook that night.
fn script(night: u32) -> Vec<Case> {
    let mut cases = Vec::new();
    // C1: new, picked up on night 3, handed from Alice to Bob on night 5, resolved on night 8.
    cases.push(Case {
        id: "C1",
        status: match night {
            1..=2 => "New",
            3..=7 => "In progress",
            _ => "Resolved",
        },
        assignee: if night < 5 { "Alice" } else { "Bob" },
        resolved: (night >= 8).then_some("2026-11-08 08:00"),
        reopened: 0.0,
        amount: 50.0,
    });
    // C2: waiting on the customer from night 10 to night 13 (three days).
    cases.push(Case {
        id: "C2",
        status: if (10..13).contains(&night) {
            "Waiting on customer"
        } else {
            "In progress"
        },
        assignee: "Alice",
        resolved: None,
        reopened: 0.0,
        amount: 80.0,
    });
    // C3: resolved, reopened on night 15 without its reopen count growing.
    cases.push(Case {
        id: "C3",
        status: if night < 15 { "Resolved" } else { "Reopened" },
        assignee: "Bob",
        resolved: Some("2026-10-30 10:00"),
        reopened: 0.0,
        amount: 30.0,
    });
    // C4: closed; its amount is edited on night 20.
    cases.push(Case {
        id: "C4",
        status: "Closed",
        assignee: "Bob",
        resolved: Some("2026-10-30 10:00"),
        reopened: 0.0,
        amount: if night < 20 { 100.0 } else { 120.0 },
    });
    // C5: deleted on night 22, pasted back on night 25.
    if !(22..25).contains(&night) {
        cases.push(Case {
            id: "C5",
            status: "In progress",
            assignee: "Carol",
            resolved: None,
            reopened: 0.0,
            amount: 60.0,
        });
    }
    // C6: waiting on the customer from night 28, still waiting on night 30.
    cases.push(Case {
        id: "C6",
        status: if night >= 28 {
            "Waiting on customer"
        } else {
            "In progress"
        },
        assignee: "Carol",
        resolved: None,
        reopened: 0.0,
        amount: 70.0,
    });
    cases
}

/// When every case was opened.
const REQUEST: &str = "2026-10-29 10:00";

fn write_night(path: &Path, night: u32) {
    let rows = script(night)
        .into_iter()
        .map(|c| {
            row(
                &HEADER,
                &[
                    ("Case ID", s(c.id)),
                    ("Order ID", s(&format!("O-{}", c.id))),
                    ("Platform", s("Superbuy")),
                    ("Received date", d("2026-10-27")),
                    ("Request date", d(REQUEST)),
                    ("Issue type", s("Quality")),
                    ("Requested resolution", s("Exchange")),
                    ("Status", s(c.status)),
                    ("Assignee", s(c.assignee)),
                    ("First response", d("2026-10-29 12:00")),
                    ("Resolved at", c.resolved.map_or(V::Blank, d)),
                    ("Reopened", n(c.reopened)),
                    ("Order amount", n(c.amount)),
                ],
            )
        })
        .collect();
    write_cases(path, &HEADER, rows);
}

/// Canonical status as the tool reads the script's spelling.
fn canonical(status: &str) -> &'static str {
    match status {
        "New" => "new",
        "In progress" => "in_progress",
        "Waiting on customer" => "waiting_customer",
        "Resolved" => "resolved",
        "Reopened" => "reopened",
        "Closed" => "closed",
        other => panic!("{other}"),
    }
}

/// The events the script implies, newest first: (night, case, event, from, to).
fn expected_events(last_night: u32) -> Vec<(u32, String, String, String, String)> {
    let mut all = Vec::new();
    for night in 1..=last_night {
        let now = script(night);
        let before = if night == 1 {
            Vec::new()
        } else {
            script(night - 1)
        };
        let ever: Vec<&str> = (1..night).flat_map(script).map(|c| c.id).collect();
        let mut tonight = Vec::new();
        for case in &now {
            let id = case.id.to_string();
            let last = (1..night)
                .rev()
                .find_map(|n| script(n).into_iter().find(|c| c.id == case.id));
            let Some(last) = last else {
                tonight.push((
                    night,
                    id,
                    "created".into(),
                    String::new(),
                    canonical(case.status).into(),
                ));
                continue;
            };
            if !before.iter().any(|c| c.id == case.id) {
                tonight.push((
                    night,
                    id.clone(),
                    "restored".into(),
                    String::new(),
                    canonical(case.status).into(),
                ));
            }
            let (from, to) = (canonical(last.status), canonical(case.status));
            if from != to {
                tonight.push((night, id.clone(), "status".into(), from.into(), to.into()));
                let finished = ["resolved", "closed", "rejected"];
                if finished.contains(&from) && !finished.contains(&to) {
                    tonight.push((night, id.clone(), "reopened".into(), from.into(), to.into()));
                }
            }
            if last.assignee != case.assignee {
                tonight.push((
                    night,
                    id.clone(),
                    "assignee".into(),
                    last.assignee.into(),
                    case.assignee.into(),
                ));
            }
            let was_closed = ["resolved", "closed", "rejected"].contains(&from)
                && before.iter().any(|c| c.id == case.id);
            if was_closed && last.amount != case.amount {
                tonight.push((
                    night,
                    id.clone(),
                    "edited_after_close".into(),
                    format!("order_amount: {}", last.amount),
                    format!("order_amount: {}", case.amount),
                ));
            }
        }
        for gone in before.iter().filter(|b| !now.iter().any(|c| c.id == b.id)) {
            assert!(ever.contains(&gone.id));
            tonight.push((
                night,
                gone.id.to_string(),
                "removed".into(),
                canonical(gone.status).into(),
                String::new(),
            ));
        }
        all.push(tonight);
    }
    all.into_iter().rev().flatten().collect()
}

struct Month {
    dir: tempfile::TempDir,
}

impl Month {
    fn input(&self) -> PathBuf {
        self.dir.path().join("cases.xlsx")
    }
    fn history(&self) -> PathBuf {
        self.dir.path().join("cases.history.sqlite")
    }
    fn output(&self, night: u32) -> PathBuf {
        self.dir.path().join(format!("night{night:02}.xlsx"))
    }
    /// Writes night `night`'s workbook and processes it into `nightNN.xlsx`.
    fn night(&self, night: u32) -> Run {
        write_night(&self.input(), night);
        let out = self.output(night);
        let run = process_night(
            self.dir.path(),
            "cases.xlsx",
            night,
            &["-o", out.to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "night {night}: {}", run.stderr);
        run
    }
}

fn month(last_night: u32) -> Month {
    let month = Month { dir: tempdir() };
    for night in 1..=last_night {
        month.night(night);
    }
    month
}

fn timeline_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["timeline", "cases.xlsx", "--format", "json"];
    args.extend_from_slice(extra);
    let run = run(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn check(dir: &Path, night: u32) -> Value {
    let run = run(
        dir,
        &[
            "check",
            "cases.xlsx",
            "--format",
            "json",
            "--as-of",
            &night_as_of(night),
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn cell<'a>(grid: &'a [Vec<String>], case_id: &str, column: &str) -> &'a str {
    let c = col(&grid[0], column);
    let id = col(&grid[0], "Case ID");
    &row_with(grid, id, case_id)[c]
}

#[test]
fn scripted_month_gives_the_scripted_story() {
    let month = month(30);
    let dir = month.dir.path();

    // The `timeline` command tells the script's events, newest first.
    let json = timeline_json(dir, &[]);
    let events = json["events"].as_array().unwrap();
    let expected = expected_events(30);
    let got: Vec<(String, String, String, String, String)> = events
        .iter()
        .map(|e| {
            (
                e["at"].as_str().unwrap().to_string(),
                e["case_id"].as_str().unwrap().to_string(),
                e["event"].as_str().unwrap().to_string(),
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String, String, String, String)> = expected
        .iter()
        .map(|(night, id, event, from, to)| {
            (
                night_as_of(*night).replace('T', " "),
                id.clone(),
                event.clone(),
                from.clone(),
                to.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    // Each event's earliest time is the night before.
    for e in events {
        let at = e["at"].as_str().unwrap();
        if at.starts_with("2026-11-01") {
            assert!(e["earliest"].is_null());
        } else {
            let at = dt(at);
            assert_eq!(dt(e["earliest"].as_str().unwrap()), at - Duration::days(1));
        }
    }

    // The Timeline sheet of the last night shows the same events, linked to their rows.
    let last = month.output(30);
    let timeline = read_sheet(&last, "Timeline");
    assert_eq!(
        timeline[0],
        ["Case ID", "When", "Earliest", "Event", "From", "To"]
    );
    let rows: Vec<(String, String, String, String)> = timeline[1..]
        .iter()
        .map(|r| (r[0].clone(), r[3].clone(), r[4].clone(), r[5].clone()))
        .collect();
    // The sheet names each event in words (edited_after_close: "edited after close").
    let want_rows: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(_, id, e, f, t)| (id.clone(), e.replace('_', " "), f.clone(), t.clone()))
        .collect();
    assert_eq!(rows, want_rows);
    let sheet_xml = zip_text(&last, &sheet_xml_path(&last, "Timeline"));
    assert!(
        sheet_xml.contains("location=\"'Sheet1'!A"),
        "links to the case rows"
    );

    // Paused (h): C2 waited on the customer from night 10 to night 13; C6 since night 28.
    let cases = read_sheet(&last, "Sheet1");
    let paused = |id| cell(&cases, id, "Paused (h)").parse::<f64>().unwrap();
    assert_eq!(paused("C2"), 72.0);
    assert_eq!(paused("C6"), 48.0);
    assert_eq!(paused("C1"), 0.0);
    // The resolution due moved later by as much: request + 7 days + 72 h.
    let due = |id| dt(cell(&cases, id, "Resolution due"));
    assert_eq!(
        due("C2"),
        dt(REQUEST) + Duration::days(7) + Duration::hours(72)
    );
    assert_eq!(due("C1"), dt(REQUEST) + Duration::days(7));

    // Findings: the reopen nobody counted is flagged from night 15 on.
    let reopened = read_sheet(&month.output(15), "Findings");
    assert!(reopened
        .iter()
        .any(|r| r[0] == "W_REOPEN_NOT_COUNTED" && r[2] == "C3" && r[4] == "Reopened"));
    let last_findings = read_sheet(&last, "Findings");
    assert!(last_findings
        .iter()
        .any(|r| r[0] == "W_REOPEN_NOT_COUNTED" && r[2] == "C3"));
    assert!(!read_sheet(&month.output(14), "Findings")
        .iter()
        .any(|r| r[0] == "W_REOPEN_NOT_COUNTED"));
    // The amount edited after closing, on its cell, on the night it changed.
    let edited = read_sheet(&month.output(20), "Findings");
    let edit = edited
        .iter()
        .find(|r| r[0] == "W_EDITED_AFTER_CLOSE")
        .expect("W_EDITED_AFTER_CLOSE");
    assert_eq!((edit[2].as_str(), edit[4].as_str()), ("C4", "Order amount"));
    assert!(
        edit[6].contains("100") && edit[6].contains("120"),
        "{edit:?}"
    );
    assert!(!read_sheet(&month.output(21), "Findings")
        .iter()
        .any(|r| r[0] == "W_EDITED_AFTER_CLOSE"));
    // The deleted row: a warning the night it went, on the Removed sheet while it is gone.
    let removed_night = read_sheet(&month.output(22), "Findings");
    let removed = removed_night
        .iter()
        .find(|r| r[0] == "W_CASE_REMOVED")
        .expect("W_CASE_REMOVED");
    assert_eq!(removed[2], "C5");
    for night in 22..25 {
        let sheet = read_sheet(&month.output(night), "Removed");
        assert_eq!(sheet.len(), 2, "night {night}: {sheet:?}");
        assert_eq!(sheet[1][0], "C5");
        let assignee = col(&sheet[0], "Assignee");
        assert_eq!(sheet[1][assignee], "Carol");
    }
    assert_eq!(read_sheet(&month.output(25), "Removed").len(), 1);
    // The Run sheet names the history used.
    let run_sheet = read_sheet(&last, "Run");
    let line = |label: &str| {
        run_sheet
            .iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .unwrap_or_default()
    };
    assert_eq!(line("History"), "cases.history.sqlite");
    assert_eq!(
        dt(&line("History: previous run (as of)")),
        dt(&night_as_of(29).replace('T', " "))
    );
    assert_eq!(line("History: events recorded"), expected.len().to_string());

    // `check` and `kpi` read the history (W_REOPEN_NOT_COUNTED, a reopen counted in
    // reopened_rate) and leave it as it was, byte for byte and mtime.
    let before = std::fs::read(month.history()).unwrap();
    let mtime = std::fs::metadata(month.history())
        .unwrap()
        .modified()
        .unwrap();
    let report = check(dir, 30);
    assert_eq!(
        codes(&with_code(&report, "W_REOPEN_NOT_COUNTED")),
        ["W_REOPEN_NOT_COUNTED"]
    );
    let kpi = run(
        dir,
        &[
            "kpi",
            "cases.xlsx",
            "--format",
            "json",
            "--as-of",
            &night_as_of(30),
        ],
    );
    assert_eq!(kpi.code, 0, "{}", kpi.stderr);
    let kpi: Value = serde_json::from_str(&kpi.stdout).unwrap();
    // Resolved at least once: C1, C4 (finished) and C3 (reopened); reopened: C3.
    let rate = kpi["overall"]["reopened_rate"].as_f64().unwrap();
    assert!((rate - 1.0 / 3.0).abs() < 1e-9, "{rate}");
    let no_history = run(
        dir,
        &[
            "kpi",
            "cases.xlsx",
            "--format",
            "json",
            "--as-of",
            &night_as_of(30),
            "--history",
            "none.sqlite",
        ],
    );
    let no_history: Value = serde_json::from_str(&no_history.stdout).unwrap();
    assert_eq!(
        no_history["overall"]["reopened_rate"].as_f64(),
        Some(1.0 / 3.0),
        "status reopened counts without a history too"
    );
    assert_eq!(std::fs::read(month.history()).unwrap(), before);
    assert_eq!(
        std::fs::metadata(month.history())
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );

    // Re-running the last night records nothing and writes the same workbook.
    let again = month.dir.path().join("again.xlsx");
    let rerun = process_night(dir, "cases.xlsx", 30, &["-o", again.to_str().unwrap()]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert_eq!(std::fs::read(month.history()).unwrap(), before);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&last).unwrap()
    );

    // One case's events.
    let one = timeline_json(dir, &["--case", "C2"]);
    let kinds: Vec<&str> = one["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["status", "status", "created"]);
}

#[test]
fn timeline_prints_csv_and_text() {
    let month = month(3);
    let dir = month.dir.path();
    let csv = run(dir, &["timeline", "cases.xlsx", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(
        csv.stdout
            .starts_with("\u{feff}case_id,event,at,earliest,from,to\n"),
        "{}",
        csv.stdout
    );
    assert!(
        csv.stdout
            .contains("C1,status,2026-11-03 09:00,2026-11-02 09:00,new,in_progress\n"),
        "{}",
        csv.stdout
    );
    assert_eq!(csv.stdout.lines().count(), 1 + 6 + 1);
    let text = run(dir, &["timeline", "cases.xlsx"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("2026-11-03 09:00  C1  status  new -> in_progress  (since 2026-11-02 09:00)"),
        "{}",
        text.stdout
    );
    // Without a history: one line, exit 2.
    let none = run(
        dir,
        &["timeline", "cases.xlsx", "--history", "missing.sqlite"],
    );
    assert_eq!(none.code, 2);
    assert_eq!(none.stderr.lines().count(), 1, "{}", none.stderr);
    assert!(none.stderr.contains("missing.sqlite"), "{}", none.stderr);
}

#[test]
fn history_survives_in_place_and_a_run_on_the_annotated_copy() {
    let dir = tempdir();
    let input = dir.path().join("team.xlsx");
    let history = dir.path().join("team.history.sqlite");
    for night in 1..=3 {
        // The team edits their workbook (here: rewritten with the night's state), the nightly
        // job annotates it in place.
        write_night(&input, night);
        let r = process_night(dir.path(), "team.xlsx", night, &["--in-place"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // Night 4 processes the workbook annotated in place by night 3, unchanged: the history
    // beside it is found and nothing is created anew.
    let r = process_night(dir.path(), "team.xlsx", 4, &["--in-place"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events = |dir: &Path| {
        let r = run(dir, &["timeline", "team.xlsx", "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        v["events"].as_array().unwrap().len()
    };
    let created_and_nights = expected_events(3).len();
    assert_eq!(events(dir.path()), created_and_nights);
    // The annotated copy of night 5 shares the team workbook's history; processing the copy
    // again with the same as-of records nothing.
    let r = process_night(dir.path(), "team.xlsx", 5, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = std::fs::read(&history).unwrap();
    let r = process_night(dir.path(), "team.annotated.xlsx", 5, &["-o", "copy.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(&history).unwrap(), before);
    assert!(!dir.path().join("team.annotated.history.sqlite").exists());
    assert_eq!(
        read_sheet(&dir.path().join("copy.xlsx"), "Timeline"),
        read_sheet(&dir.path().join("team.annotated.xlsx"), "Timeline")
    );
}

/// `process` night 1 into a fresh folder, then put `bytes` at the history path.
fn with_history_file(bytes: &[u8]) -> (tempfile::TempDir, Run) {
    let dir = tempdir();
    write_night(&dir.path().join("cases.xlsx"), 1);
    std::fs::write(dir.path().join("cases.history.sqlite"), bytes).unwrap();
    let r = process_night(dir.path(), "cases.xlsx", 1, &[]);
    (dir, r)
}

fn assert_refused(r: &Run, dir: &Path, bytes: &[u8], says: &str) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cases.history.sqlite") && r.stderr.contains(says),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(dir.join("cases.history.sqlite")).unwrap(),
        bytes,
        "never replaced"
    );
    assert!(
        !dir.join("cases.annotated.xlsx").exists(),
        "nothing written"
    );
}

/// A refusal said in Chinese (`--lang zh`): exit 2, one line naming `file`, with the Chinese
/// words of the message and not the English ones.
fn assert_said_in_chinese(r: &Run, file: &str, chinese: &str, english: &str) {
    common::assert_refusal(r.code, &r.stderr, &[file, chinese], &[english]);
}

#[test]
fn a_foreign_file_at_the_history_path_is_refused_and_kept() {
    let bytes = b"case_id,status\nC1,new\n";
    let (dir, r) = with_history_file(bytes);
    assert_refused(&r, dir.path(), bytes, "not an SQLite database");
    // check reads it too, and refuses it the same way.
    let c = run(
        dir.path(),
        &["check", "cases.xlsx", "--as-of", &night_as_of(1)],
    );
    assert_eq!(c.code, 2, "{}", c.stderr);
    // In the team's language.
    let zh = process_night(dir.path(), "cases.xlsx", 1, &["--lang", "zh"]);
    assert_said_in_chinese(
        &zh,
        "cases.history.sqlite",
        "这个历史记录文件不是 SQLite 数据库；请把它移走",
        "not an SQLite database",
    );
}

#[test]
fn a_damaged_history_is_refused_and_kept() {
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i * 7 % 251) as u8));
    let (dir, r) = with_history_file(&bytes);
    assert_refused(&r, dir.path(), &bytes, "");
    assert!(
        r.stderr.contains("damaged") || r.stderr.contains("another program"),
        "{}",
        r.stderr
    );
}

#[test]
fn another_programs_sqlite_database_is_refused() {
    let dir = tempdir();
    let path = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(&path).unwrap();
    let (dir, r) = with_history_file(&bytes);
    assert_refused(&r, dir.path(), &bytes, "another program");
}

#[test]
fn a_history_from_a_newer_version_is_refused() {
    let month = month(1);
    let conn = rusqlite::Connection::open(month.history()).unwrap();
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(conn);
    let bytes = std::fs::read(month.history()).unwrap();
    write_night(&month.input(), 2);
    let r = run(
        month.dir.path(),
        &["process", "cases.xlsx", "--as-of", &night_as_of(2)],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("newer") && r.stderr.contains("99"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(month.history()).unwrap(), bytes);
    let zh = process_night(month.dir.path(), "cases.xlsx", 2, &["--lang", "zh"]);
    assert_said_in_chinese(
        &zh,
        "cases.history.sqlite",
        "历史记录是较新版本的 aftersales 写的（结构版本 99，",
        "newer",
    );
}

#[test]
fn another_workbooks_history_is_refused() {
    let month = month(2);
    let before = std::fs::read(month.history()).unwrap();
    let other = month.dir.path().join("other.xlsx");
    write_cases(
        &other,
        &HEADER,
        vec![row(
            &HEADER,
            &[
                ("Case ID", s("X-1")),
                ("Platform", s("Superbuy")),
                ("Request date", d(REQUEST)),
                ("Status", s("New")),
            ],
        )],
    );
    let r = run(
        month.dir.path(),
        &[
            "process",
            "other.xlsx",
            "--history",
            "cases.history.sqlite",
            "--as-of",
            &night_as_of(3),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("another workbook") && r.stderr.contains("other.xlsx"),
        "{}",
        r.stderr
    );
    let zh = run(
        month.dir.path(),
        &[
            "process",
            "other.xlsx",
            "--history",
            "cases.history.sqlite",
            "--as-of",
            &night_as_of(3),
            "--lang",
            "zh",
        ],
    );
    assert_said_in_chinese(
        &zh,
        "other.xlsx",
        "这份历史记录属于另一个工作簿",
        "another workbook",
    );
    assert_eq!(std::fs::read(month.history()).unwrap(), before);
    assert!(!month.dir.path().join("other.annotated.xlsx").exists());
}

#[test]
fn an_earlier_as_of_is_not_recorded_but_the_workbook_is_written() {
    let month = month(5);
    let before = std::fs::read(month.history()).unwrap();
    write_night(&month.input(), 3);
    let r = process_night(month.dir.path(), "cases.xlsx", 3, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("not recorded") && r.stderr.contains("earlier"),
        "{}",
        r.stderr
    );
    assert!(month.dir.path().join("cases.annotated.xlsx").exists());
    assert_eq!(std::fs::read(month.history()).unwrap(), before);
    // It is compared with the run before it: night 3's events, as night 3 saw them.
    let timeline = read_sheet(&month.dir.path().join("cases.annotated.xlsx"), "Timeline");
    assert_eq!(timeline.len() - 1, expected_events(3).len());
    // The note in the team's language; nothing recorded either.
    let zh = process_night(month.dir.path(), "cases.xlsx", 3, &["--lang", "zh"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(
        zh.stderr
            .contains("cases.history.sqlite：本次运行没有记入历史记录")
            && !zh.stderr.contains("not recorded"),
        "{}",
        zh.stderr
    );
    assert_eq!(std::fs::read(month.history()).unwrap(), before);
}

#[test]
fn the_same_as_of_with_changed_data_replaces_that_nights_record() {
    let month = month(3);
    // Night 3 again, but C2 now waits on the customer: the night is recorded anew.
    write_night(&month.input(), 11);
    let r = process_night(month.dir.path(), "cases.xlsx", 3, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = timeline_json(month.dir.path(), &["--case", "C2"]);
    let events: Vec<String> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["event"], e["to"]))
        .collect();
    assert_eq!(
        events,
        [
            "\"status\" \"waiting_customer\"",
            "\"created\" \"in_progress\""
        ]
    );
}

#[test]
fn no_history_writes_none_and_says_nothing_was_paused() {
    let dir = tempdir();
    write_night(&dir.path().join("cases.xlsx"), 11);
    let r = process_night(dir.path(), "cases.xlsx", 11, &["--no-history"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join("cases.history.sqlite").exists());
    let out = dir.path().join("cases.annotated.xlsx");
    let run_sheet = read_sheet(&out, "Run");
    assert!(
        run_sheet
            .iter()
            .any(|r| r[0] == "Paused (h)" && r[1].contains("nothing could be paused")),
        "{run_sheet:?}"
    );
    let cases = read_sheet(&out, "Sheet1");
    assert_eq!(cell(&cases, "C2", "Paused (h)"), "0");
    // check without a history works as before.
    let report = check(dir.path(), 11);
    assert!(with_code(&report, "W_CASE_REMOVED").is_empty());
    // --history with several inputs is refused before any work.
    let r = run(
        dir.path(),
        &[
            "process",
            "cases.xlsx",
            "cases.xlsx",
            "--history",
            "h.sqlite",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn outputs_with_timeline_and_removed_sheets_pass_openxml_audit() {
    let Some(program) = audit_program() else {
        skip("openxml-audit not installed (set OPENXML_AUDIT)");
        return;
    };
    let month = month(23);
    let out = tempdir();
    std::fs::copy(month.output(23), out.path().join("night23.xlsx")).unwrap();
    let report = audit(&program, out.path());
    for (file, errors) in report {
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

/// A workbook of `cases` cases, every one in `status`.
fn write_many(path: &Path, cases: usize, status: &str) {
    let rows = (0..cases)
        .map(|i| {
            row(
                &HEADER,
                &[
                    ("Case ID", s(&format!("K{i:06}"))),
                    ("Platform", s("Superbuy")),
                    ("Request date", d(REQUEST)),
                    ("Status", s(status)),
                    ("Assignee", s("Alice")),
                ],
            )
        })
        .collect();
    write_cases(path, &HEADER, rows);
}

/// Runs `process FILE --as-of <night's as-of> --fail-on never` and `extra` in `dir`.
fn process_night(dir: &Path, file: &str, night: u32, extra: &[&str]) -> Run {
    let as_of = night_as_of(night);
    let args = [
        &["process", file, "--as-of", &as_of, "--fail-on", "never"][..],
        extra,
    ]
    .concat();
    run(dir, &args)
}

fn process_many(dir: &Path, night: u32) -> std::process::Command {
    let mut command = binary();
    command
        .current_dir(dir)
        .args([
            "process",
            "many.xlsx",
            "--as-of",
            &night_as_of(night),
            "--fail-on",
            "never",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

fn events_of(dir: &Path, history: &str) -> Value {
    let r = run(
        dir,
        &[
            "timeline",
            "many.xlsx",
            "--format",
            "json",
            "--history",
            history,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str::<Value>(&r.stdout).unwrap()["events"].clone()
}

#[test]
fn a_kill_during_the_history_write_leaves_it_as_before() {
    const CASES: usize = 10_000;
    let dir = tempdir();
    let input = dir.path().join("many.xlsx");
    let history = dir.path().join("many.history.sqlite");
    let journal = dir.path().join("many.history.sqlite-journal");
    write_many(&input, CASES, "New");
    assert!(process_many(dir.path(), 1).status().unwrap().success());
    let night1 = std::fs::read(&history).unwrap();
    // Night 2: every case moves on, so the history write is large enough to be caught.
    write_many(&input, CASES, "In progress");
    let mut caught = false;
    for _ in 0..5 {
        let mut child = process_many(dir.path(), 2).spawn().unwrap();
        let killed = loop {
            if journal.exists() {
                child.kill().unwrap();
                child.wait().unwrap();
                break true;
            }
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        };
        if killed {
            caught = true;
            break;
        }
        // Finished before it was caught: start night 2 again from night 1's history.
        std::fs::write(&history, &night1).unwrap();
    }
    if !caught {
        skip("the history write finished before it could be killed");
        return;
    }
    // A reading command leaves the killed run's files as they are.
    let killed = (
        std::fs::read(&history).unwrap(),
        std::fs::read(&journal).ok(),
    );
    let c = run(
        dir.path(),
        &[
            "check",
            "many.xlsx",
            "--as-of",
            &night_as_of(2),
            "--format",
            "json",
        ],
    );
    assert!(
        c.code == 0 || c.stderr.contains("interrupted"),
        "{}",
        c.stderr
    );
    assert_eq!(
        (
            std::fs::read(&history).unwrap(),
            std::fs::read(&journal).ok()
        ),
        killed
    );
    // The next run rolls the unfinished write back and records night 2 as an uninterrupted
    // run does.
    let r = process_night(dir.path(), "many.xlsx", 2, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let reference = tempdir();
    std::fs::copy(&input, reference.path().join("many.xlsx")).unwrap();
    write_many(&reference.path().join("many.xlsx"), CASES, "New");
    assert!(process_many(reference.path(), 1)
        .status()
        .unwrap()
        .success());
    write_many(&reference.path().join("many.xlsx"), CASES, "In progress");
    assert!(process_many(reference.path(), 2)
        .status()
        .unwrap()
        .success());
    let got = events_of(dir.path(), "many.history.sqlite");
    assert_eq!(got.as_array().unwrap().len(), 2 * CASES);
    assert_eq!(got, events_of(reference.path(), "many.history.sqlite"));
}

#[test]
fn a_read_only_history_is_refused_before_any_work() {
    let month = month(1);
    let bytes = std::fs::read(month.history()).unwrap();
    let mut permissions = std::fs::metadata(month.history()).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(month.history(), permissions).unwrap();
    write_night(&month.input(), 2);
    let r = run(
        month.dir.path(),
        &["process", "cases.xlsx", "--as-of", &night_as_of(2)],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cases.history.sqlite") && r.stderr.contains("read-only"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--no-history"),
        "says the way out: {}",
        r.stderr
    );
    let zh = run(
        month.dir.path(),
        &[
            "process",
            "cases.xlsx",
            "--as-of",
            &night_as_of(2),
            "--lang",
            "zh",
        ],
    );
    assert_said_in_chinese(
        &zh,
        "cases.history.sqlite",
        "无法写入历史记录（文件夹或文件是只读的）",
        "read-only",
    );
    assert_eq!(std::fs::read(month.history()).unwrap(), bytes);
    assert!(!month.dir.path().join("cases.annotated.xlsx").exists());
    // Reading commands still read it.
    let report = check(month.dir.path(), 2);
    assert_eq!(report["cases"], 6);
}

/// A history written by the first schema (version 1: every state in one table keyed by
/// case) is brought up to date by the next `process`, its runs and events kept; `check`
/// does not write it and says what to do.
#[test]
fn a_version_1_history_is_migrated_by_the_next_process() {
    let dir = tempdir();
    write_night(&dir.path().join("cases.xlsx"), 2);
    let history = dir.path().join("cases.history.sqlite");
    let conn = rusqlite::Connection::open(&history).unwrap();
    conn.execute_batch(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, as_of TEXT NOT NULL UNIQUE, input TEXT NOT NULL, \
           sha256 TEXT NOT NULL, cases INTEGER NOT NULL, events INTEGER NOT NULL, digest TEXT NOT NULL);
         CREATE TABLE versions (case_id TEXT NOT NULL, run INTEGER NOT NULL, present INTEGER NOT NULL, \
           digest INTEGER NOT NULL, status TEXT, assignee TEXT, platform TEXT, order_id TEXT, issue_type TEXT, \
           resolution_requested TEXT, purchase_date TEXT, received_date TEXT, request_at TEXT, \
           first_response_at TEXT, resolved_at TEXT, reopen_count TEXT, order_amount TEXT, \
           refund_amount TEXT, csat TEXT, paused_hours REAL NOT NULL, paused_since TEXT, \
           reopen_base INTEGER, PRIMARY KEY (case_id, run)) WITHOUT ROWID;
         CREATE TABLE events (run INTEGER NOT NULL, seq INTEGER NOT NULL, case_id TEXT NOT NULL, \
           event TEXT NOT NULL, from_value TEXT, to_value TEXT, PRIMARY KEY (run, seq)) WITHOUT ROWID;
         CREATE INDEX events_by_case ON events(case_id);
         INSERT INTO runs VALUES (1, '2026-11-01 09:00:00', 'cases.xlsx', '-', 1, 1, '-');
         INSERT INTO versions (case_id, run, present, digest, status, assignee, paused_hours) \
           VALUES ('C1', 1, 1, 0, 'new', 'Alice', 0);
         INSERT INTO events VALUES (1, 0, 'C1', 'created', NULL, 'new');
         PRAGMA application_id = 1095977009; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(&history).unwrap();
    let c = run(
        dir.path(),
        &["check", "cases.xlsx", "--as-of", &night_as_of(2)],
    );
    assert_eq!(c.code, 2, "{}", c.stderr);
    assert!(
        c.stderr.contains("older") && c.stderr.contains("aftersales process"),
        "{}",
        c.stderr
    );
    assert_eq!(std::fs::read(&history).unwrap(), bytes);
    let r = process_night(dir.path(), "cases.xlsx", 2, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = timeline_json(dir.path(), &["--case", "C1"]);
    let events: Vec<String> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e["event"], e["from"], e["to"]))
        .collect();
    // Night 1 recorded C1 as new with Alice; night 2's workbook has it new with Alice too.
    assert_eq!(events, ["\"created\" \"\" \"new\""]);
    // The other cases of night 2 are new to the history.
    let all = timeline_json(dir.path(), &[]);
    assert_eq!(all["events"].as_array().unwrap().len(), 6);
    let conn = rusqlite::Connection::open(&history).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
}
