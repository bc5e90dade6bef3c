//! `aftersales check`: every finding code of PRODUCT.md section 4, the JSON and CSV shapes,
//! and exit codes.

mod common;

use common::*;
use serde_json::Value;

/// A case that raises nothing as of 2026-11-23 09:00 (Superbuy, 7-day window from 11-18,
/// answered within the hour, resolution due 11-27).
fn clean(id: &str) -> Vec<(&'static str, V)> {
    vec![
        ("Case ID", s(id)),
        ("Order ID", s("SO-1")),
        ("Platform", s("Superbuy")),
        ("Customer", s("Zhang Wei")),
        ("Contact", s("13812345678")),
        ("Purchase date", d("2026-11-10")),
        ("Received date", d("2026-11-18")),
        ("Request date", d("2026-11-20 10:00")),
        ("Issue type", s("Logistics")),
        ("Requested resolution", s("Exchange")),
        ("Evidence", s("photo")),
        ("Original packaging", s("Yes")),
        ("Item used", s("No")),
        ("Status", s("In progress")),
        ("Assignee", s("Li")),
        ("First response", d("2026-11-20 11:00")),
    ]
}

/// `clean(id)` with some columns replaced.
fn case(id: &str, changes: &[(&'static str, V)]) -> Vec<V> {
    let mut pairs = clean(id);
    for (name, value) in changes {
        match pairs.iter_mut().find(|(n, _)| n == name) {
            Some(p) => p.1 = value.clone(),
            None => pairs.push((name, value.clone())),
        }
    }
    row(&HEADERS, &pairs)
}

/// (case id, the row it is written on, the code it must raise, the column, the cell, severity)
struct Expect {
    case_id: &'static str,
    row: u64,
    code: &'static str,
    column: &'static str,
    cell: &'static str,
    severity: &'static str,
}

fn all_codes_book(dir: &std::path::Path) -> Vec<Expect> {
    let rows = vec![
        // row 2: clean
        case("C-001", &[]),
        // row 3: platform blank
        case("C-MV", &[("Platform", V::Blank)]),
        // row 4: a purchase date that is not a date
        case("C-BD", &[("Purchase date", s("2026-13-45"))]),
        // row 5: CSAT out of range
        case("C-BV", &[("CSAT", n(7.0))]),
        // row 6: repeats C-001
        case("C-001", &[]),
        // row 7: typo in the platform
        case("C-UP", &[("Platform", s("Superby"))]),
        // row 8: first response before the request
        case("C-DO", &[("First response", d("2026-11-20 08:00"))]),
        // row 9: resolved without a resolved date
        case("C-SI", &[("Status", s("Resolved"))]),
        // row 10: Superbuy 7-day window from 11-01 ended 11-08; requested 11-20
        case(
            "C-WE",
            &[
                ("Purchase date", d("2026-10-25")),
                ("Received date", d("2026-11-01")),
            ],
        ),
        // row 11: Bhiner quality claim with photos only
        case(
            "C-VR",
            &[
                ("Platform", s("Bhiner")),
                ("Issue type", s("Quality")),
                ("Evidence", s("photos of the scratch")),
            ],
        ),
        // row 12: Superbuy return without the original packaging
        case(
            "C-PR",
            &[
                ("Requested resolution", s("Return & refund")),
                ("Original packaging", s("No")),
            ],
        ),
        // row 13: Bhiner full refund of a used item
        case(
            "C-RN",
            &[
                ("Platform", s("Bhiner")),
                ("Requested resolution", s("Full refund")),
                ("Item used", s("Yes")),
            ],
        ),
        // row 14: no received date; the window runs from purchase 11-15 to 11-22
        case(
            "C-NR",
            &[
                ("Received date", V::Blank),
                ("Purchase date", d("2026-11-15")),
            ],
        ),
        // row 15: first response 26 hours after the request
        case("C-FL", &[("First response", d("2026-11-21 12:00"))]),
        // row 16: open, resolution was due 2026-11-17 10:00
        case(
            "C-OD",
            &[
                ("Purchase date", d("2026-11-01")),
                ("Received date", d("2026-11-08")),
                ("Request date", d("2026-11-10 10:00")),
                ("First response", d("2026-11-10 12:00")),
            ],
        ),
        // row 17: resolved 2026-11-12, no CSAT after 7 days
        case(
            "C-NC",
            &[
                ("Purchase date", d("2026-11-01")),
                ("Received date", d("2026-11-08")),
                ("Request date", d("2026-11-10 10:00")),
                ("First response", d("2026-11-10 11:00")),
                ("Status", s("Resolved")),
                ("Resolved at", d("2026-11-12 10:00")),
            ],
        ),
        // row 18: a Yoybuy case in 2023, before the holiday calendar, resolved in time
        case(
            "C-CR",
            &[
                ("Platform", s("Yoybuy")),
                ("Purchase date", d("2023-12-18")),
                ("Received date", d("2023-12-20")),
                ("Request date", d("2023-12-21 10:00")),
                ("First response", d("2023-12-21 11:00")),
                ("Status", s("Resolved")),
                ("Resolved at", d("2023-12-22 10:00")),
                ("CSAT", n(5.0)),
            ],
        ),
        // row 19: requested a year after the as-of
        case("C-FD", &[("Request date", d("2027-11-20 10:00"))]),
    ];
    write_cases(&dir.join("codes.xlsx"), &HEADERS, rows);
    let e = |case_id, row, code, column, cell, severity| Expect {
        case_id,
        row,
        code,
        column,
        cell,
        severity,
    };
    vec![
        e("C-MV", 3, "E_MISSING_VALUE", "Platform", "C3", "error"),
        e("C-BD", 4, "E_BAD_DATE", "Purchase date", "G4", "error"),
        e("C-BV", 5, "E_BAD_VALUE", "CSAT", "V5", "error"),
        e("C-001", 6, "E_DUPLICATE_ID", "Case ID", "A6", "error"),
        e("C-UP", 7, "E_UNKNOWN_PLATFORM", "Platform", "C7", "error"),
        e("C-DO", 8, "E_DATE_ORDER", "First response", "Q8", "error"),
        e("C-SI", 9, "E_STATUS_INCONSISTENT", "Status", "O9", "error"),
        e(
            "C-WE",
            10,
            "P_WINDOW_EXPIRED",
            "Request date",
            "I10",
            "policy",
        ),
        e("C-VR", 11, "P_VIDEO_REQUIRED", "Evidence", "L11", "policy"),
        e(
            "C-PR",
            12,
            "P_PACKAGING_REQUIRED",
            "Original packaging",
            "M12",
            "policy",
        ),
        e(
            "C-RN",
            13,
            "P_REFUND_NOT_ALLOWED",
            "Requested resolution",
            "K13",
            "policy",
        ),
        e(
            "C-NR",
            14,
            "W_NO_RECEIVED_DATE",
            "Received date",
            "H14",
            "warning",
        ),
        e(
            "C-FL",
            15,
            "W_FIRST_RESPONSE_LATE",
            "First response",
            "Q15",
            "warning",
        ),
        e("C-OD", 16, "W_OVERDUE", "Status", "O16", "warning"),
        e("C-NC", 17, "W_NO_CSAT", "CSAT", "V17", "warning"),
        e(
            "C-CR",
            18,
            "W_CALENDAR_RANGE",
            "Request date",
            "I18",
            "warning",
        ),
        e("C-FD", 19, "E_FUTURE_DATE", "Request date", "I19", "error"),
    ]
}

#[test]
fn every_row_level_finding_code_is_reported_on_its_row_column_and_cell() {
    let dir = tempdir();
    let expected = all_codes_book(dir.path());
    let (report, out) = check_json(dir.path(), "codes.xlsx", &[]);
    assert_eq!(out.code, 1, "errors present: exit 1");
    assert_eq!(report["cases"], 18);
    for e in &expected {
        let on_row: Vec<Value> = findings(&report)
            .into_iter()
            .filter(|f| f["row"] == e.row)
            .collect();
        assert_eq!(
            codes(&on_row),
            vec![e.code.to_string()],
            "row {} ({}) should raise only {}: {on_row:#?}",
            e.row,
            e.case_id,
            e.code
        );
        let f = &on_row[0];
        assert_eq!(f["case_id"], e.case_id, "{f}");
        assert_eq!(f["column"], e.column, "{f}");
        assert_eq!(f["cell"], e.cell, "{f}");
        assert_eq!(f["severity"], e.severity, "{f}");
        assert!(
            f["message"].as_str().is_some_and(|m| m.len() > 10),
            "a message: {f}"
        );
    }
    assert!(
        for_case(&report, "C-001")
            .iter()
            .all(|f| f["row"] == 6 && f["code"] == "E_DUPLICATE_ID"),
        "the first C-001 (row 2) is clean; only the repeat is flagged"
    );
    assert_eq!(
        report["counts"],
        serde_json::json!({"error": 8, "policy": 4, "warning": 5})
    );
}

#[test]
fn finding_messages_name_the_offending_value() {
    let dir = tempdir();
    all_codes_book(dir.path());
    let (report, _) = check_json(dir.path(), "codes.xlsx", &[]);
    let message = |code: &str| with_code(&report, code)[0]["message"].to_string();
    assert!(message("E_BAD_DATE").contains("2026-13-45"));
    assert!(message("E_BAD_VALUE").contains('7'));
    assert!(message("E_UNKNOWN_PLATFORM").contains("Superby"));
    assert!(message("P_WINDOW_EXPIRED").contains("2026-11-08"));
    assert!(message("W_FIRST_RESPONSE_LATE").contains("2026-11-21 10:00"));
    assert!(message("W_OVERDUE").contains("2026-11-17 10:00"));
}

#[test]
fn missing_required_column_exits_2_with_one_line_naming_file_sheet_and_headers_seen() {
    let dir = tempdir();
    let header = ["Case ID", "Platform", "Status", "Assignee", "Tracking no"];
    let rows = vec![row(
        &header,
        &[
            ("Case ID", s("C-1")),
            ("Platform", s("Superbuy")),
            ("Status", s("New")),
        ],
    )];
    write_book(
        &dir.path().join("nocol.xlsx"),
        &[Sheet::cases("Cases 2026", Vec::new(), &header, rows)],
        &BookOptions::default(),
    );
    let out = run(
        dir.path(),
        &["check", "nocol.xlsx", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.is_empty(), "no report on stdout: {}", out.stdout);
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "one stderr line: {}", out.stderr);
    let line = lines[0];
    for needle in [
        "nocol.xlsx",
        "Cases 2026",
        "E_MISSING_COLUMN",
        "request_at",
        "Case ID",
        "Platform",
        "Status",
        "Assignee",
        "Tracking no",
    ] {
        assert!(line.contains(needle), "{needle:?} missing from: {line}");
    }
}

#[test]
fn approved_exception_turns_a_policy_finding_into_a_warning_that_says_so() {
    let dir = tempdir();
    let rows = vec![
        case(
            "C-PR",
            &[
                ("Requested resolution", s("Return & refund")),
                ("Original packaging", s("No")),
            ],
        ),
        case(
            "C-EX",
            &[
                ("Requested resolution", s("Return & refund")),
                ("Original packaging", s("No")),
                ("Exception approved", s("Yes")),
            ],
        ),
    ];
    write_cases(&dir.path().join("ex.xlsx"), &HEADERS, rows);
    let (report, out) = check_json(dir.path(), "ex.xlsx", &[]);
    assert_eq!(out.code, 0, "no errors: {}", out.stdout);
    let plain = for_case(&report, "C-PR");
    let approved = for_case(&report, "C-EX");
    assert_eq!(codes(&plain), vec!["P_PACKAGING_REQUIRED"]);
    assert_eq!(codes(&approved), vec!["P_PACKAGING_REQUIRED"]);
    assert_eq!(plain[0]["severity"], "policy");
    assert_eq!(approved[0]["severity"], "warning");
    let message = approved[0]["message"].as_str().unwrap().to_lowercase();
    assert!(
        message.contains("exception") && message.contains("approved"),
        "{message}"
    );
    assert!(!plain[0]["message"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("approved"));
    assert_eq!(
        report["counts"],
        serde_json::json!({"error": 0, "policy": 1, "warning": 1})
    );
}

#[test]
fn json_report_has_exactly_the_documented_keys() {
    let dir = tempdir();
    all_codes_book(dir.path());
    let (report, _) = check_json(dir.path(), "codes.xlsx", &[]);
    let mut keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["as_of", "cases", "counts", "file", "findings", "sheet"]
    );
    assert!(report["file"].as_str().unwrap().ends_with("codes.xlsx"));
    assert_eq!(report["sheet"], "Sheet1");
    assert!(
        report["as_of"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-23T09:00"),
        "{}",
        report["as_of"]
    );
    assert!(report["cases"].is_u64());
    let mut count_keys: Vec<&String> = report["counts"].as_object().unwrap().keys().collect();
    count_keys.sort();
    assert_eq!(count_keys, ["error", "policy", "warning"]);
    let list = findings(&report);
    assert!(!list.is_empty());
    for f in &list {
        let mut keys: Vec<&String> = f.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["case_id", "cell", "code", "column", "hint", "message", "row", "severity"],
            "{f}"
        );
        assert!(f["row"].is_u64(), "{f}");
        assert!(f["hint"].is_string() || f["hint"].is_null(), "{f}");
    }
    // counts agree with the findings listed
    for sev in ["error", "policy", "warning"] {
        let n = list.iter().filter(|f| f["severity"] == sev).count();
        assert_eq!(report["counts"][sev], n as u64, "{sev}");
    }
}

#[test]
fn csv_report_has_a_header_row_and_escapes_formula_like_values() {
    let dir = tempdir();
    let rows = vec![
        case("=HYPERLINK(\"x\")", &[("CSAT", n(9.0))]),
        case("C-2", &[("Status", s("=1+1"))]),
    ];
    write_cases(&dir.path().join("csv.xlsx"), &HEADERS, rows);
    let out = run(
        dir.path(),
        &["check", "csv.xlsx", "--format", "csv", "--as-of", AS_OF],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.starts_with('\u{feff}'),
        "a UTF-8 byte-order mark first, for Excel: {:?}",
        &out.stdout[..out.stdout.len().min(20)]
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(out.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        ["code", "severity", "case_id", "row", "column", "cell", "message", "hint"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2, "{}", out.stdout);
    for record in &records {
        for value in record.iter() {
            assert!(
                !value.starts_with(['=', '+', '-', '@']),
                "unescaped formula-like value {value:?} in {}",
                out.stdout
            );
        }
    }
    let first = &records[0];
    assert_eq!(&first[0], "E_BAD_VALUE");
    assert!(
        first[2].ends_with("=HYPERLINK(\"x\")") && first[2] != *"=HYPERLINK(\"x\")",
        "case id kept but escaped: {:?}",
        &first[2]
    );
    assert_eq!(&records[1][2], "C-2");
    assert_eq!(&records[1][4], "Status");
}

#[test]
fn exit_0_when_clean_and_1_when_there_are_errors() {
    let dir = tempdir();
    write_cases(
        &dir.path().join("clean.xlsx"),
        &HEADERS,
        vec![case("C-1", &[]), case("C-2", &[])],
    );
    write_cases(
        &dir.path().join("bad.xlsx"),
        &HEADERS,
        vec![case("C-1", &[]), case("C-1", &[])],
    );
    let clean = run(dir.path(), &["check", "clean.xlsx", "--as-of", AS_OF]);
    assert_eq!(clean.code, 0, "{clean:?}");
    let bad = run(dir.path(), &["check", "bad.xlsx", "--as-of", AS_OF]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(bad.stdout.contains("E_DUPLICATE_ID"), "{}", bad.stdout);
    let never = run(
        dir.path(),
        &["check", "bad.xlsx", "--as-of", AS_OF, "--fail-on", "never"],
    );
    assert_eq!(never.code, 0, "{never:?}");
    let error = run(
        dir.path(),
        &["check", "bad.xlsx", "--as-of", AS_OF, "--fail-on", "error"],
    );
    assert_eq!(error.code, 1);
}

#[test]
fn fail_on_warning_exits_1_when_there_are_only_warnings() {
    let dir = tempdir();
    write_cases(
        &dir.path().join("warn.xlsx"),
        &HEADERS,
        vec![case(
            "C-NR",
            &[
                ("Received date", V::Blank),
                ("Purchase date", d("2026-11-15")),
            ],
        )],
    );
    let (report, out) = check_json(dir.path(), "warn.xlsx", &[]);
    assert_eq!(
        report["counts"],
        serde_json::json!({"error": 0, "policy": 0, "warning": 1})
    );
    assert_eq!(
        out.code, 0,
        "warnings alone pass the default --fail-on error"
    );
    let policy = run(
        dir.path(),
        &[
            "check",
            "warn.xlsx",
            "--as-of",
            AS_OF,
            "--fail-on",
            "policy",
        ],
    );
    assert_eq!(policy.code, 0);
    let warning = run(
        dir.path(),
        &[
            "check",
            "warn.xlsx",
            "--as-of",
            AS_OF,
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(warning.code, 1, "{warning:?}");
}

#[test]
fn fail_on_policy_counts_policy_findings_but_not_warnings() {
    let dir = tempdir();
    write_cases(
        &dir.path().join("pol.xlsx"),
        &HEADERS,
        vec![case(
            "C-PR",
            &[
                ("Requested resolution", s("Exchange")),
                ("Original packaging", s("No")),
            ],
        )],
    );
    let default = run(dir.path(), &["check", "pol.xlsx", "--as-of", AS_OF]);
    assert_eq!(default.code, 0);
    let policy = run(
        dir.path(),
        &["check", "pol.xlsx", "--as-of", AS_OF, "--fail-on", "policy"],
    );
    assert_eq!(policy.code, 1, "{policy:?}");
}

#[test]
fn missing_file_exits_2_with_a_message_naming_it() {
    let dir = tempdir();
    let out = run(dir.path(), &["check", "nowhere.xlsx", "--as-of", AS_OF]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("nowhere.xlsx"), "{}", out.stderr);
    let out = run(dir.path(), &["process", "nowhere.xlsx", "--as-of", AS_OF]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("nowhere.xlsx"), "{}", out.stderr);
    assert!(!dir.path().join("nowhere.annotated.xlsx").exists());
}

#[test]
fn a_file_that_is_not_a_spreadsheet_exits_2_without_a_panic() {
    let dir = tempdir();
    std::fs::write(dir.path().join("notes.xlsx"), "just some text, not a zip\n").unwrap();
    std::fs::write(
        dir.path().join("notes.csv"),
        "Case ID,Platform\nC-1,Superbuy\n",
    )
    .unwrap();
    let mut truncated = std::fs::read({
        let p = dir.path().join("ok.xlsx");
        write_cases(&p, &HEADERS, vec![case("C-1", &[])]);
        p
    })
    .unwrap();
    truncated.truncate(truncated.len() / 2);
    std::fs::write(dir.path().join("half.xlsx"), truncated).unwrap();
    for file in ["notes.xlsx", "notes.csv", "half.xlsx"] {
        for command in ["check", "process"] {
            let out = run(dir.path(), &[command, file, "--as-of", AS_OF]);
            assert_eq!(out.code, 2, "{command} {file}: {out:?}");
            assert!(
                out.stderr.contains(file),
                "{command} {file}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempdir();
    write_cases(
        &dir.path().join("ok.xlsx"),
        &HEADERS,
        vec![case("C-1", &[])],
    );
    let out = run(dir.path(), &["check", "ok.xlsx", "--as-of", "next tuesday"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--as-of"), "{}", out.stderr);
    let out = run(
        dir.path(),
        &["check", "ok.xlsx", "--as-of", AS_OF, "--format", "yaml"],
    );
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn text_report_lists_findings_and_the_overdue_digest() {
    let dir = tempdir();
    all_codes_book(dir.path());
    let out = run(dir.path(), &["check", "codes.xlsx", "--as-of", AS_OF]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("18 cases"), "{}", out.stdout);
    assert!(out.stdout.contains("C-OD"), "overdue case in the digest");
    assert!(out.stdout.contains("E_DUPLICATE_ID"));
    assert!(out.stdout.contains("A6"));
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

#[test]
fn the_handover_digest_lists_every_p1_and_p2_case_once_with_every_fix() {
    let dir = tempdir();
    let rows = vec![
        // Unanswered and past its first-response due (P2), not overdue.
        case(
            "D-UNANSWERED",
            &[
                ("Request date", d("2026-11-21 10:00")),
                ("First response", V::Blank),
            ],
        ),
        // Overdue (P1) and nobody's.
        case(
            "D-NOBODY",
            &[
                ("Request date", d("2026-11-10 10:00")),
                ("Received date", d("2026-11-09")),
                ("Purchase date", d("2026-11-01")),
                ("First response", d("2026-11-10 11:00")),
                ("Assignee", V::Blank),
            ],
        ),
        // Overdue too, with two columns to correct.
        case(
            "D-TWO",
            &[
                ("Request date", d("2026-11-10 12:00")),
                ("Received date", d("2026-11-09")),
                ("Purchase date", d("2026-11-01")),
                ("First response", d("2026-11-10 13:00")),
                ("CSAT", n(9.0)),
                ("Item used", s("maybe")),
            ],
        ),
    ];
    write_cases(&dir.path().join("digest.xlsx"), &HEADERS, rows);
    let out = run(dir.path(), &["check", "digest.xlsx", "--as-of", AS_OF]);
    assert_eq!(out.code, 1, "{out:?}");
    let digest = out
        .stdout
        .split("Findings\n")
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(digest.contains("D-UNANSWERED"), "{digest}");
    assert!(digest.contains("(unassigned)"), "{digest}");
    assert!(digest.contains("D-NOBODY"), "{digest}");
    let two = digest
        .lines()
        .find(|l| l.contains("D-TWO"))
        .unwrap_or_else(|| panic!("{digest}"));
    assert!(two.contains("CSAT") && two.contains("Item used"), "{two}");
    let nobody = digest.lines().find(|l| l.contains("D-NOBODY")).unwrap();
    assert_eq!(nobody.matches("overdue since").count(), 1, "{nobody}");
}

#[test]
fn a_missing_optional_column_is_said_once_with_no_row_and_its_rules_stay_silent() {
    let dir = tempdir();
    // No Received date, Evidence, First response or CSAT columns.
    let header = [
        "Case ID",
        "Platform",
        "Purchase date",
        "Request date",
        "Issue type",
        "Status",
        "Resolved at",
        "Original packaging",
        "Item used",
    ];
    let row_of = |id: &str, status: &str, resolved: V| {
        row(
            &header,
            &[
                ("Case ID", s(id)),
                ("Platform", s("Bhiner")),
                ("Purchase date", d("2026-11-01")),
                ("Request date", d("2026-11-05 10:00")),
                ("Issue type", s("Quality")),
                ("Status", s(status)),
                ("Resolved at", resolved),
            ],
        )
    };
    let rows = vec![
        row_of("M-1", "Closed", d("2026-11-06 10:00")),
        row_of("M-2", "In progress", V::Blank),
        row_of("M-3", "Closed", d("2026-11-07 10:00")),
    ];
    write_cases(&dir.path().join("cols.xlsx"), &header, rows);
    let (report, _) = check_json(dir.path(), "cols.xlsx", &[]);
    let missing = with_code(&report, "W_COLUMN_MISSING");
    let messages: Vec<&str> = missing
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing.len(),
        4,
        "received, evidence, first response, CSAT: {messages:#?}"
    );
    for f in &missing {
        assert!(
            f["row"].is_null() && f["column"].is_null() && f["cell"].is_null(),
            "{f}"
        );
    }
    assert!(messages
        .iter()
        .any(|m| m.contains("Received date") && m.contains("purchase date")));
    // Their rules raise nothing per row.
    for code in [
        "W_NO_RECEIVED_DATE",
        "P_VIDEO_REQUIRED",
        "W_FIRST_RESPONSE_LATE",
        "W_NO_CSAT",
    ] {
        assert!(with_code(&report, code).is_empty(), "{code}: {report:#}");
    }
    // Once per workbook, not per row, and counted.
    assert_eq!(
        report["counts"]["warning"].as_u64().unwrap() as usize,
        findings(&report)
            .iter()
            .filter(|f| f["severity"] == "warning")
            .count()
    );
    let csv = run(
        dir.path(),
        &["check", "cols.xlsx", "--format", "csv", "--as-of", AS_OF],
    );
    let line = csv
        .stdout
        .lines()
        .find(|l| l.starts_with("W_COLUMN_MISSING"))
        .unwrap_or_else(|| panic!("{}", csv.stdout));
    assert!(line.starts_with("W_COLUMN_MISSING,warning,,,,,"), "{line}");
}
