//! The policy table: built-in defaults, overridden by `--policies FILE`, overridden by the
//! workbook's own Policies sheet (PRODUCT.md section 3), and the formats calamine reads.

mod common;

use common::*;

const H: [&str; 5] = [
    "Case ID",
    "Platform",
    "Request date",
    "Received date",
    "Issue type",
];

/// A Superbuy return requested 10 days after receipt: past the built-in 7-day window.
fn late_return() -> Vec<V> {
    row(
        &H,
        &[
            ("Case ID", s("R-1")),
            ("Platform", s("superbuy")),
            ("Request date", d("2026-11-20 10:00")),
            ("Received date", d("2026-11-10")),
            ("Issue type", s("Service")),
        ],
    )
}

fn policy_grid(days: f64) -> Vec<Vec<V>> {
    let header = [
        "platform",
        "category",
        "return_window_days",
        "quality_window_days",
        "window_start",
        "holiday_rule",
        "refund_rule",
        "requires_original_packaging",
        "requires_video_for_defect",
        "first_response_hours",
        "resolution_days",
        "due_soon_hours",
    ];
    vec![
        header_row(&header),
        vec![
            s("Superbuy"),
            s("*"),
            n(days),
            n(30.0),
            s("received"),
            s("none"),
            s("full_after_inspection"),
            s("yes"),
            s("no"),
            n(24.0),
            n(7.0),
            n(24.0),
        ],
    ]
}

/// `own.xlsx`: the late return and a Policies sheet giving Superbuy a 5-day window.
fn write_own_policies_book(dir: &std::path::Path) {
    let sheets = [
        Sheet::cases("Cases", vec![], &H, vec![late_return()]),
        Sheet::new("Policies", policy_grid(5.0)),
    ];
    write_book(&path(dir, "own.xlsx"), &sheets, &BookOptions::default());
}

fn expired(dir: &std::path::Path, file: &str, extra: &[&str]) -> bool {
    let (report, _) = check_json(dir, file, extra);
    !with_code(&report, "P_WINDOW_EXPIRED").is_empty()
}

#[test]
fn builtin_file_and_sheet_override_in_that_order() {
    let dir = tempdir();
    write_cases(&path(dir.path(), "plain.xlsx"), &H, vec![late_return()]);
    assert!(
        expired(dir.path(), "plain.xlsx", &[]),
        "built-in Superbuy window is 7 days"
    );

    let csv = "platform,category,return_window_days,quality_window_days,window_start,holiday_rule,refund_rule,requires_original_packaging,requires_video_for_defect,first_response_hours,resolution_days,due_soon_hours\nSuperbuy,*,14,30,received,none,full_after_inspection,yes,no,24,7,24\n";
    std::fs::write(path(dir.path(), "longer.csv"), csv).unwrap();
    assert!(
        !expired(dir.path(), "plain.xlsx", &["--policies", "longer.csv"]),
        "--policies gives 14 days"
    );

    write_own_policies_book(dir.path());
    assert!(
        expired(dir.path(), "own.xlsx", &["--policies", "longer.csv"]),
        "the workbook's own Policies sheet (5 days) wins over the file (14 days)"
    );
}

#[test]
fn policies_command_says_where_each_row_comes_from() {
    let dir = tempdir();
    write_own_policies_book(dir.path());
    let out = run(dir.path(), &["policies", "own.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let superbuy = out
        .stdout
        .lines()
        .find(|l| l.starts_with("Superbuy"))
        .unwrap();
    assert!(superbuy.contains("sheet Policies"), "{superbuy}");
    let bhiner = out
        .stdout
        .lines()
        .find(|l| l.starts_with("Bhiner"))
        .unwrap();
    assert!(bhiner.contains("built-in"), "{bhiner}");
    // In Chinese the source is said in Chinese; the columns stay as a policy file spells them.
    let out = run(dir.path(), &["policies", "own.xlsx", "--lang", "zh"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut lines = out.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("platform  category") && header.ends_with("来源"),
        "{header}"
    );
    let line = |platform: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(platform))
            .unwrap()
    };
    assert!(
        line("Superbuy").ends_with("工作簿的工作表“Policies”"),
        "{}",
        out.stdout
    );
    assert!(line("Bhiner").ends_with("内置政策表"), "{}", out.stdout);
    // Aligned in terminal columns (a Chinese character takes two): the source column starts
    // at the same column on every line.
    let start = |l: &str| {
        let at = l.rfind("  ").unwrap() + 2;
        unicode_width::UnicodeWidthStr::width(&l[..at])
    };
    assert_eq!(start(header), start(line("Bhiner")), "{}", out.stdout);
}

#[test]
fn a_bad_policy_file_is_exit_2_naming_file_and_value() {
    let dir = tempdir();
    write_cases(&path(dir.path(), "plain.xlsx"), &H, vec![late_return()]);
    let csv = "platform,category,return_window_days,quality_window_days,window_start,holiday_rule,refund_rule,requires_original_packaging,requires_video_for_defect,first_response_hours,resolution_days,due_soon_hours\nSuperbuy,*,ten,30,received,none,full_after_inspection,yes,no,24,7,24\n";
    std::fs::write(path(dir.path(), "bad.csv"), csv).unwrap();
    let out = run(
        dir.path(),
        &["check", "plain.xlsx", "--policies", "bad.csv"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("bad.csv") && out.stderr.contains("ten"),
        "{}",
        out.stderr
    );
    let zh = run(
        dir.path(),
        &[
            "check",
            "plain.xlsx",
            "--policies",
            "bad.csv",
            "--lang",
            "zh",
        ],
    );
    common::assert_refusal(
        zh.code,
        &zh.stderr,
        &["文件 bad.csv 第 2 行，return_window_days 列：无法读取“ten”；可填：0 到 3650 之间的整数天数"],
        &["file", "line", "column", "cannot", "accepted", "whole number"],
    );
}

/// A holiday calendar (`--calendar`) with a date listed twice stops the run before anything
/// is read, naming the file and both lines, in the team's language.
#[test]
fn a_bad_calendar_file_is_exit_2_naming_file_and_lines_in_the_teams_language() {
    let dir = tempdir();
    write_cases(&path(dir.path(), "plain.xlsx"), &H, vec![late_return()]);
    let csv = "date,kind,name\n2026-10-01,holiday,National Day\n2026-10-01,workday,Adjusted\n";
    std::fs::write(path(dir.path(), "days.csv"), csv).unwrap();
    let said = |lang: &str| {
        let args = [
            "check",
            "plain.xlsx",
            "--calendar",
            "days.csv",
            "--lang",
            lang,
        ];
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        out.stderr
    };
    let en = said("en");
    assert!(
        en.contains("days.csv line 3: 2026-10-01 is already listed on line 2"),
        "{en}"
    );
    let zh = said("zh");
    assert!(
        zh.contains("days.csv 第 3 行：2026-10-01 已在第 2 行列出；每个日期只保留一行"),
        "{zh}"
    );
    assert!(!zh.contains("line") && !zh.contains("listed"), "{zh}");
}
