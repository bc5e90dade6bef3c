//! `aftersales kpi`: the numbers of PRODUCT.md section 5 on a small hand-computed workbook,
//! the JSON shape, ISO week boundaries, and a KPI workbook without personal data.

mod common;

use common::*;

const H: [&str; 13] = [
    "Case ID",
    "Platform",
    "Request date",
    "Received date",
    "Status",
    "Assignee",
    "First response",
    "Resolved at",
    "CSAT",
    "Customer",
    "Contact",
    "Feedback",
    "Remarks",
];

fn case(
    id: &str,
    request: &str,
    status: &str,
    who: &str,
    first: Option<&str>,
    resolved: Option<&str>,
    csat: Option<f64>,
) -> Vec<V> {
    let mut pairs = vec![
        ("Case ID", s(id)),
        ("Platform", s("Superbuy")),
        ("Request date", d(request)),
        ("Received date", d("2026-11-14")),
        ("Status", s(status)),
        ("Assignee", s(who)),
        ("Customer", s("Wang Fang")),
        ("Contact", s("13812345678")),
        ("Feedback", s("Terrible packaging")),
        ("Remarks", s("VIP do not call")),
    ];
    if let Some(t) = first {
        pairs.push(("First response", d(t)));
    }
    if let Some(t) = resolved {
        pairs.push(("Resolved at", d(t)));
    }
    if let Some(c) = csat {
        pairs.push(("CSAT", n(c)));
    }
    row(&H, &pairs)
}

/// C1 and C2 fall in 2026-W47 (C2 at Sunday 23:59), C3 in W48 (Monday 00:00); the second C1 is
/// a duplicate id (an error row, excluded from every KPI).
fn write_book(dir: &std::path::Path) {
    let rows = vec![
        case(
            "C1",
            "2026-11-16 10:00",
            "Resolved",
            "Anna",
            Some("2026-11-16 12:00"),
            Some("2026-11-18 10:00"),
            Some(5.0),
        ),
        case(
            "C2",
            "2026-11-22 23:59",
            "Resolved",
            "Anna",
            Some("2026-11-23 03:59"),
            Some("2026-11-23 05:59"),
            Some(3.0),
        ),
        case(
            "C3",
            "2026-11-23 00:00",
            "In progress",
            "Bo",
            None,
            None,
            None,
        ),
        case("C1", "2026-11-17 10:00", "New", "Bo", None, None, None),
    ];
    write_cases(&dir.join("book.xlsx"), &H, rows);
}

fn kpi_json(dir: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["kpi", "book.xlsx", "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}", out.stdout))
}

fn close(value: &serde_json::Value, expected: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("expected {expected}, got {value}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "expected {expected}, got {got}"
    );
}

#[test]
fn week_kpis_match_the_hand_computation() {
    let dir = tempdir();
    write_book(dir.path());
    let report = kpi_json(dir.path(), &["--week", "2026-W47"]);
    assert_eq!(report["period"]["from"], "2026-11-16");
    assert_eq!(report["period"]["to"], "2026-11-22");
    assert_eq!(report["excluded"], 1, "the duplicate C1 row is excluded");
    let o = &report["overall"];
    assert_eq!(o["cases"], 2);
    assert_eq!(o["resolved"], 2);
    close(&o["resolution_rate"], 1.0);
    // First responses after 2 h and 4 h: even count, median is the mean of the two.
    close(&o["frt_mean_hours"], 3.0);
    close(&o["frt_median_hours"], 3.0);
    close(&o["frt_sla_met_rate"], 1.0);
    close(&o["resolution_days_mean"], 1.125);
    close(&o["resolution_days_median"], 1.125);
    close(&o["csat_mean"], 4.0);
    close(&o["csat_rate"], 0.5);
    close(&o["csat_response_rate"], 1.0);
    close(&o["reopened_rate"], 0.0);
    assert_eq!(o["overdue"], 0);
    assert_eq!(
        report["by_week"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        vec!["2026-W47"]
    );
    assert_eq!(report["by_assignee"]["Anna"]["cases"], 2);
}

#[test]
fn monday_midnight_starts_the_next_week_and_empty_denominators_are_null() {
    let dir = tempdir();
    write_book(dir.path());
    let report = kpi_json(dir.path(), &["--week", "2026-W48"]);
    let o = &report["overall"];
    assert_eq!(o["cases"], 1);
    assert_eq!(o["open"], 1);
    close(&o["resolution_rate"], 0.0);
    for key in [
        "frt_mean_hours",
        "frt_sla_met_rate",
        "resolution_days_median",
        "csat_mean",
        "csat_response_rate",
        "reopened_rate",
    ] {
        assert!(
            o[key].is_null(),
            "{key} has a zero denominator and must be null, got {}",
            o[key]
        );
    }
    assert_eq!(report["excluded"], 0);
}

#[test]
fn json_has_exactly_the_contract_keys() {
    let dir = tempdir();
    write_book(dir.path());
    let report = kpi_json(dir.path(), &[]);
    let mut top: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "as_of",
            "by_assignee",
            "by_issue_type",
            "by_platform",
            "by_week",
            "excluded",
            "overall",
            "period"
        ]
    );
    let mut keys: Vec<&str> = report["overall"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = [
        "cases",
        "open",
        "resolved",
        "resolution_rate",
        "frt_mean_hours",
        "frt_median_hours",
        "frt_sla_met_rate",
        "resolution_days_mean",
        "resolution_days_median",
        "resolution_sla_met_rate",
        "reopened_rate",
        "csat_mean",
        "csat_rate",
        "csat_response_rate",
        "policy_exception_rate",
        "overdue",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(report["overall"]["cases"], 3);
    assert!(report["period"]["from"].is_null());
}

#[test]
fn kpi_workbook_holds_no_personal_data() {
    let dir = tempdir();
    write_book(dir.path());
    let out = run(
        dir.path(),
        &["kpi", "book.xlsx", "--as-of", AS_OF, "-o", "kpi.xlsx"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let kpi = path(dir.path(), "kpi.xlsx");
    let names = sheet_names(&kpi);
    assert!(
        names.iter().any(|n| n == "Summary") && names.iter().any(|n| n == "Trend"),
        "{names:?}"
    );
    assert!(zip_names(&kpi)
        .iter()
        .any(|n| n.starts_with("xl/charts/chart")));
    for (name, bytes) in zip_entries(&kpi) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "Wang Fang",
            "13812345678",
            "Terrible packaging",
            "VIP do not call",
        ] {
            assert!(
                !text.contains(secret),
                "{secret} found in {name} of the KPI workbook"
            );
        }
    }
}

#[test]
fn a_bad_week_is_a_usage_error() {
    let dir = tempdir();
    write_book(dir.path());
    let out = run(dir.path(), &["kpi", "book.xlsx", "--week", "2025-W53"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--week"), "{}", out.stderr);
}

#[test]
fn a_period_that_ends_before_it_starts_is_a_usage_error() {
    let dir = tempdir();
    write_book(dir.path());
    let out = run(
        dir.path(),
        &[
            "kpi",
            "book.xlsx",
            "--from",
            "2026-11-30",
            "--to",
            "2026-11-01",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("--from 2026-11-30 is after --to 2026-11-01"),
        "{}",
        out.stderr
    );
    // One day is a period.
    let day = kpi_json(dir.path(), &["--from", "2026-11-17", "--to", "2026-11-17"]);
    assert!(day["overall"]["cases"].as_u64().is_some(), "{day}");
}

#[test]
fn as_of_is_read_in_the_form_the_workbook_writes_too() {
    let dir = tempdir();
    write_book(dir.path());
    let spaced = run(
        dir.path(),
        &[
            "kpi",
            "book.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-23 09:00",
        ],
    );
    assert_eq!(spaced.code, 0, "{}", spaced.stderr);
    let with_t = run(
        dir.path(),
        &[
            "kpi",
            "book.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-23T09:00",
        ],
    );
    assert_eq!(spaced.stdout, with_t.stdout);
    let bad = run(
        dir.path(),
        &["kpi", "book.xlsx", "--as-of", "2026-11-23 9am"],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("YYYY-MM-DD HH:MM"), "{}", bad.stderr);
}

#[test]
fn kpi_csv_starts_with_a_byte_order_mark_for_excel() {
    let dir = tempdir();
    write_book(dir.path());
    let out = run(
        dir.path(),
        &["kpi", "book.xlsx", "--format", "csv", "--as-of", AS_OF],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("\u{feff}group,name,"),
        "{}",
        out.stdout
    );
}
