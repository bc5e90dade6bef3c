//! Reading the workbook as a team keeps it (PRODUCT.md 2.1–2.2): header detection, every date
//! form, the 1904 date system, error cells, and windows/SLA clocks across Chinese holidays.

mod common;

use common::*;
use serde_json::Value;

/// Every column a rule needs is there, so a tidy sheet raises nothing (no W_COLUMN_MISSING).
const SHORT: [&str; 13] = [
    "Case ID",
    "Platform",
    "Purchase date",
    "Received date",
    "Request date",
    "Issue type",
    "Status",
    "First response",
    "Resolved at",
    "CSAT",
    "Evidence",
    "Original packaging",
    "Item used",
];

/// A Superbuy case open as of 2026-11-23 that raises nothing.
fn quiet(id: &str) -> Vec<(&'static str, V)> {
    vec![
        ("Case ID", s(id)),
        ("Platform", s("Superbuy")),
        ("Purchase date", d("2026-11-10")),
        ("Received date", d("2026-11-18")),
        ("Request date", d("2026-11-20 10:00")),
        ("Issue type", s("Logistics")),
        ("Status", s("In progress")),
        ("First response", d("2026-11-20 11:00")),
    ]
}

fn with(mut pairs: Vec<(&'static str, V)>, changes: &[(&'static str, V)]) -> Vec<V> {
    for (name, value) in changes {
        match pairs.iter_mut().find(|(n, _)| n == name) {
            Some(p) => p.1 = value.clone(),
            None => pairs.push((name, value.clone())),
        }
    }
    row(&SHORT, &pairs)
}

/// Processes `file` and returns the case sheet of the output as text.
fn process_cases(dir: &std::path::Path, file: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["process", file, "--as-of", AS_OF, "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(out.code, 0, "{out:?}");
    let stem = file.trim_end_matches(".xlsx");
    let output = dir.join(format!("{stem}.annotated.xlsx"));
    read_sheet(&output, &case_sheet(&output))
}

/// The header row of a Cases grid (the first row with "Case ID"-like first column and "Priority").
fn header_index(grid: &[Vec<String>]) -> usize {
    grid.iter()
        .position(|r| r.iter().any(|c| c == "Priority"))
        .expect("a header row with computed columns")
}

/// Computed column `name` of the case whose first column is `id`.
fn computed(grid: &[Vec<String>], id: &str, name: &str) -> String {
    let h = header_index(grid);
    let c = col(&grid[h], name);
    row_with(&grid[h + 1..], 0, id)[c].clone()
}

// ---------------------------------------------------------------- headers

#[test]
fn title_rows_above_the_header_are_not_cases_and_rows_are_numbered_as_excel_shows() {
    let dir = tempdir();
    let above = vec![
        vec![s("After-sales cases — November 2026")],
        vec![s("Updated by Li"), V::Blank, s("Do not sort")],
        vec![],
    ];
    let rows = vec![with(quiet("C-1"), &[]), with(quiet("C-1"), &[])];
    write_book(
        &dir.path().join("titled.xlsx"),
        &[Sheet::cases("Cases 2026", above, &SHORT, rows)],
        &BookOptions::default(),
    );
    let (report, _) = check_json(dir.path(), "titled.xlsx", &[]);
    assert_eq!(report["cases"], 2);
    assert_eq!(report["sheet"], "Cases 2026");
    let dup = with_code(&report, "E_DUPLICATE_ID");
    assert_eq!(dup.len(), 1, "{report:#}");
    assert_eq!(dup[0]["row"], 6, "header on row 4, cases on rows 5 and 6");
    assert_eq!(dup[0]["cell"], "A6");
    assert_eq!(findings(&report).len(), 1, "{report:#}");

    // the title rows are carried to the output, above the header
    let grid = process_cases(dir.path(), "titled.xlsx", &[]);
    assert_eq!(grid[0][0], "After-sales cases — November 2026");
    assert_eq!(grid[1][2], "Do not sort");
    assert_eq!(header_index(&grid), 3);
    assert_eq!(grid[3][0], "Case ID");
}

#[test]
fn the_case_sheet_is_the_first_sheet_with_a_recognised_header() {
    let dir = tempdir();
    let notes = Sheet::new(
        "Read me",
        vec![
            vec![s("How to fill in this workbook")],
            vec![s("Status: …")],
        ],
    );
    let cases = Sheet::cases("工单", Vec::new(), &SHORT, vec![with(quiet("C-1"), &[])]);
    write_book(
        &dir.path().join("second.xlsx"),
        &[notes, cases],
        &BookOptions::default(),
    );
    let (report, _) = check_json(dir.path(), "second.xlsx", &[]);
    assert_eq!(report["sheet"], "工单");
    assert_eq!(report["cases"], 1);
}

#[test]
fn chinese_english_and_mixed_headers_match_despite_case_spacing_underscores_and_colons() {
    let dir = tempdir();
    let header = [
        "Case_ID：",      // case_id, full-width colon
        "  PLATFORM ",    // platform, odd case and spaces
        "申请时间:",      // request_at, Chinese with ASCII colon
        "签收日期",       // received_date
        "问题类型",       // issue_type
        "处理-状态",      // status with a dash
        "first_response", // first_response_at with underscore
        "Tracking no",    // unknown: carried over
        "购买日期",       // purchase_date
    ];
    let rows = vec![
        row(
            &header,
            &[
                ("Case_ID：", s("K-1")),
                ("  PLATFORM ", s("superbuy")),
                ("申请时间:", d("2026-11-20 10:00")),
                ("签收日期", d("2026-11-18")),
                ("问题类型", s("物流问题")),
                ("处理-状态", s("处理中")),
                ("first_response", d("2026-11-20 11:00")),
                ("Tracking no", s("SF123456789CN")),
                ("购买日期", d("2026-11-10")),
            ],
        ),
        row(
            &header,
            &[
                ("Case_ID：", s("K-2")),
                ("  PLATFORM ", s("SUPER BUY")),
                ("申请时间:", d("2026-11-20 10:00")),
                ("签收日期", d("2026-11-01")),
                ("问题类型", s("物流问题")),
                ("处理-状态", s("待处理")),
                ("first_response", d("2026-11-21 12:00")),
                ("Tracking no", n(42.0)),
                ("购买日期", d("2026-10-30")),
            ],
        ),
    ];
    write_cases(&dir.path().join("mixed.xlsx"), &header, rows);
    let (report, out) = check_json(dir.path(), "mixed.xlsx", &[]);
    assert_eq!(out.code, 0, "no errors: {report:#}");
    assert_eq!(report["cases"], 2);
    assert!(for_case(&report, "K-1").is_empty(), "{report:#}");
    // K-2: window from 11-01 ended 11-08 (request column C), first response late (column G)
    let k2 = for_case(&report, "K-2");
    assert_eq!(
        codes(&k2),
        vec!["P_WINDOW_EXPIRED", "W_FIRST_RESPONSE_LATE"],
        "{k2:#?}"
    );
    let window = &with_code(&report, "P_WINDOW_EXPIRED")[0];
    assert_eq!(window["cell"], "C3");
    assert_eq!(
        window["column"].as_str().unwrap().trim(),
        "申请时间:",
        "the column is named as written"
    );
    assert_eq!(with_code(&report, "W_FIRST_RESPONSE_LATE")[0]["cell"], "G3");

    // the unknown column is carried to the Cases sheet with its values, in place
    let grid = process_cases(dir.path(), "mixed.xlsx", &[]);
    let h = header_index(&grid);
    let tracking = col(&grid[h], "Tracking no");
    assert_eq!(tracking, 7, "original column order kept: {:?}", grid[h]);
    assert_eq!(grid[h + 1][tracking], "SF123456789CN");
    assert_eq!(grid[h + 2][tracking], "42");
    assert_eq!(grid[h][8], "购买日期");
    assert_eq!(
        grid[h][9], "Platform (std)",
        "computed columns follow: {:?}",
        grid[h]
    );
}

#[test]
fn thousands_of_formatted_blank_rows_at_the_bottom_are_not_cases() {
    let dir = tempdir();
    let mut rows: Vec<Vec<V>> = (1..=3)
        .map(|i| with(quiet(&format!("C-{i}")), &[]))
        .collect();
    rows.push(vec![V::Blank; SHORT.len()]);
    rows.push(with(quiet("C-4"), &[]));
    for _ in 0..3000 {
        rows.push(vec![V::FormattedBlank; SHORT.len()]);
    }
    // a cell of spaces is blank too
    rows.push(row(&SHORT, &[("Status", s("   "))]));
    write_cases(&dir.path().join("blank.xlsx"), &SHORT, rows);
    let (report, out) = check_json(dir.path(), "blank.xlsx", &[]);
    assert_eq!(out.code, 0, "{report:#}");
    assert_eq!(report["cases"], 4, "blank rows are skipped silently");
    assert!(findings(&report).is_empty(), "{report:#}");
}

#[test]
fn hidden_rows_are_still_cases() {
    let dir = tempdir();
    let mut sheet = Sheet::cases(
        "Sheet1",
        Vec::new(),
        &SHORT,
        vec![with(quiet("C-1"), &[]), with(quiet("C-1"), &[])],
    );
    sheet.hidden_rows = vec![2];
    write_book(
        &dir.path().join("hidden.xlsx"),
        &[sheet],
        &BookOptions::default(),
    );
    let (report, _) = check_json(dir.path(), "hidden.xlsx", &[]);
    assert_eq!(report["cases"], 2);
    assert_eq!(with_code(&report, "E_DUPLICATE_ID")[0]["row"], 3);
}

#[test]
fn a_header_row_needs_three_known_names_within_the_first_20_rows() {
    let dir = tempdir();
    let mut above: Vec<Vec<V>> = (0..20).map(|i| vec![s(&format!("note {i}"))]).collect();
    above[3] = vec![s("Case ID"), s("Platform")];
    write_book(
        &dir.path().join("deep.xlsx"),
        &[Sheet::cases(
            "Sheet1",
            above,
            &SHORT,
            vec![with(quiet("C-1"), &[])],
        )],
        &BookOptions::default(),
    );
    let out = run(dir.path(), &["check", "deep.xlsx", "--as-of", AS_OF]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("deep.xlsx"), "{}", out.stderr);
}

// ---------------------------------------------------------------- dates

#[test]
fn every_text_date_form_reads_to_the_same_moment() {
    let dir = tempdir();
    let forms: [(&str, V, V, &str, &str); 7] = [
        // (id, received, request, expected window start, expected first response due)
        (
            "T-dash",
            s("2026-11-18"),
            s("2026-11-20"),
            "2026-11-18",
            "2026-11-21",
        ),
        (
            "T-slash",
            s("2026/11/18"),
            s("2026/11/20 14:30"),
            "2026-11-18",
            "2026-11-21 14:30",
        ),
        (
            "T-dot",
            s("2026.11.18"),
            s("2026.11.20 09:05"),
            "2026-11-18",
            "2026-11-21 09:05",
        ),
        (
            "T-cn",
            s("2026年11月18日"),
            s("2026年11月20日 14:30"),
            "2026-11-18",
            "2026-11-21 14:30",
        ),
        (
            "T-secs",
            s("2026-11-18"),
            s("2026-11-20 14:30:00"),
            "2026-11-18",
            "2026-11-21 14:30",
        ),
        (
            "T-real",
            d("2026-11-18"),
            d("2026-11-20 14:30"),
            "2026-11-18",
            "2026-11-21 14:30",
        ),
        // Excel serial numbers in number cells: 46344 = 2026-11-18, 46346.6041666 = 11-20 14:30
        (
            "T-serial",
            n(46344.0),
            n(46346.0 + 14.5 / 24.0),
            "2026-11-18",
            "2026-11-21 14:30",
        ),
    ];
    let rows: Vec<Vec<V>> = forms
        .iter()
        .map(|(id, received, request, _, _)| {
            with(
                quiet(id),
                &[
                    ("Received date", received.clone()),
                    ("Request date", request.clone()),
                    ("First response", V::Blank),
                    ("Status", s("Resolved")),
                    ("Resolved at", d("2026-11-21 08:00")),
                    ("CSAT", n(5.0)),
                ],
            )
        })
        .collect();
    write_cases(&dir.path().join("forms.xlsx"), &SHORT, rows);
    let (report, out) = check_json(dir.path(), "forms.xlsx", &[]);
    assert!(
        with_code(&report, "E_BAD_DATE").is_empty(),
        "every form reads: {report:#}"
    );
    assert_eq!(report["counts"]["error"], 0, "{report:#}");
    assert_eq!(out.code, 0);
    let grid = process_cases(dir.path(), "forms.xlsx", &[]);
    for (id, _, _, start, due) in &forms {
        assert_eq!(&computed(&grid, id, "Window start"), start, "{id}");
        assert_eq!(&computed(&grid, id, "First response due"), due, "{id}");
    }
}

#[test]
fn ambiguous_day_month_dates_are_errors_unless_an_order_is_given() {
    let dir = tempdir();
    let rows = vec![with(
        quiet("A-1"),
        &[
            ("Purchase date", d("2026-02-01")),
            ("Received date", s("03/11/2026")),
            ("Request date", d("2026-11-05 10:00")),
            ("Status", s("Closed")),
            ("Resolved at", d("2026-11-06 10:00")),
            ("First response", d("2026-11-05 11:00")),
            ("CSAT", n(4.0)),
        ],
    )];
    write_cases(&dir.path().join("amb.xlsx"), &SHORT, rows);

    let (strict, out) = check_json(dir.path(), "amb.xlsx", &[]);
    assert_eq!(out.code, 1);
    let bad = with_code(&strict, "E_BAD_DATE");
    assert_eq!(bad.len(), 1, "{strict:#}");
    assert_eq!(bad[0]["cell"], "D2");
    assert!(bad[0]["message"].as_str().unwrap().contains("03/11/2026"));

    let (day_first, out) = check_json(dir.path(), "amb.xlsx", &["--day-first"]);
    assert_eq!(out.code, 0, "{day_first:#}");
    assert!(findings(&day_first).is_empty(), "{day_first:#}");
    let grid = process_cases(dir.path(), "amb.xlsx", &["--day-first"]);
    assert_eq!(computed(&grid, "A-1", "Window start"), "2026-11-03");

    // month first: received 11 March, so the request on 5 November is long past the window
    let (month_first, _) = check_json(dir.path(), "amb.xlsx", &["--month-first"]);
    assert_eq!(codes(&findings(&month_first)), vec!["P_WINDOW_EXPIRED"]);
    let grid = process_cases(dir.path(), "amb.xlsx", &["--month-first"]);
    assert_eq!(computed(&grid, "A-1", "Window start"), "2026-03-11");
}

/// Rows whose dates are real date cells, for comparing the two date systems.
fn dated_rows() -> Vec<Vec<V>> {
    vec![
        with(quiet("D-1"), &[]),
        with(
            quiet("D-2"),
            &[
                ("Purchase date", d("2026-10-25")),
                ("Received date", d("2026-11-01")),
                ("First response", d("2026-11-21 12:00")),
            ],
        ),
        with(
            quiet("D-3"),
            &[
                ("Platform", s("Yoybuy")),
                ("Purchase date", d("2026-09-20")),
                ("Received date", d("2026-09-28")),
                ("Request date", d("2026-09-30 10:00")),
                ("First response", d("2026-10-08 09:00")),
                ("Status", s("Resolved")),
                ("Resolved at", d("2026-10-14 09:30")),
                ("CSAT", n(5.0)),
            ],
        ),
    ]
}

#[test]
fn a_1904_date_system_workbook_reads_the_same_dates() {
    let dir = tempdir();
    let sheet = |rows| Sheet::cases("Sheet1", Vec::new(), &SHORT, rows);
    write_book(
        &dir.path().join("d1900.xlsx"),
        &[sheet(dated_rows())],
        &BookOptions::default(),
    );
    write_book(
        &dir.path().join("d1904.xlsx"),
        &[sheet(dated_rows())],
        &BookOptions { date1904: true },
    );
    // the helper really wrote a 1904 workbook
    assert!(zip_text(&dir.path().join("d1904.xlsx"), "xl/workbook.xml").contains("date1904"));
    let (a, _) = check_json(dir.path(), "d1900.xlsx", &[]);
    let (b, _) = check_json(dir.path(), "d1904.xlsx", &[]);
    assert_eq!(a["findings"], b["findings"]);
    assert_eq!(
        codes(&findings(&a)),
        vec!["P_WINDOW_EXPIRED", "W_FIRST_RESPONSE_LATE"],
        "{a:#}"
    );
    let g1900 = process_cases(dir.path(), "d1900.xlsx", &[]);
    let g1904 = process_cases(dir.path(), "d1904.xlsx", &[]);
    assert_eq!(g1900, g1904);
    let h = header_index(&g1904);
    let request = col(&g1904[h], "Request date");
    assert_eq!(row_with(&g1904, 0, "D-3")[request], "2026-09-30 10:00");
    assert_eq!(computed(&g1904, "D-3", "Return deadline"), "2026-10-15");
}

#[test]
fn error_cells_are_bad_dates_or_bad_values() {
    let dir = tempdir();
    let rows = vec![
        with(quiet("X-1"), &[("Request date", na())]),
        with(quiet("X-2"), &[("Received date", na())]),
        with(quiet("X-3"), &[("CSAT", na())]),
        with(quiet("X-4"), &[("Status", na())]),
        with(quiet("X-5"), &[("Purchase date", s("#REF!"))]),
    ];
    write_cases(&dir.path().join("errors.xlsx"), &SHORT, rows);
    let (report, out) = check_json(dir.path(), "errors.xlsx", &[]);
    assert_eq!(out.code, 1);
    let expect = [
        ("X-1", "E_BAD_DATE", "E2"),
        ("X-2", "E_BAD_DATE", "D3"),
        ("X-3", "E_BAD_VALUE", "J4"),
        ("X-4", "E_BAD_VALUE", "G5"),
        ("X-5", "E_BAD_DATE", "C6"),
    ];
    for (id, code, cell) in expect {
        let list: Vec<Value> = for_case(&report, id)
            .into_iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert_eq!(codes(&list), vec![code], "{id}: {list:#?}");
        assert_eq!(list[0]["cell"], cell, "{id}");
        let message = list[0]["message"].as_str().unwrap();
        assert!(
            message.contains("#N/A") || message.contains("#REF!"),
            "{id}: the message names the error value: {message}"
        );
    }
    // a bad request date is not also reported as a blank one
    assert!(with_code(&report, "E_MISSING_VALUE").is_empty());
}

// ---------------------------------------------------------------- holidays

/// Yoybuy (cn holidays, 10-day window) and Superbuy (no holidays, 7-day window) cases around
/// National Day 2026 (1–7 October) and Spring Festival 2026 (15–23 February).
fn holiday_rows() -> Vec<Vec<V>> {
    let case = |id, platform, received: &str, request: &str, extra: &[(&'static str, V)]| {
        let mut changes = vec![
            ("Platform", s(platform)),
            ("Purchase date", d("2026-01-20")),
            ("Received date", d(received)),
            ("Request date", d(request)),
            ("First response", V::Blank),
            ("Status", s("Closed")),
            ("Resolved at", d("2026-11-01 10:00")),
            ("CSAT", n(5.0)),
        ];
        changes.extend_from_slice(extra);
        with(quiet(id), &changes)
    };
    vec![
        case("Y-ND", "Yoybuy", "2026-09-28", "2026-09-30 10:00", &[]),
        case("S-ND", "Superbuy", "2026-09-28", "2026-09-30 10:00", &[]),
        case("Y-SF", "Yoybuy", "2026-02-12", "2026-02-14 10:00", &[]),
        case("S-SF", "Superbuy", "2026-02-12", "2026-02-14 10:00", &[]),
        // the last day of the Yoybuy window, and the day after it
        case("Y-LAST", "Yoybuy", "2026-09-28", "2026-10-15 18:00", &[]),
        case("Y-LATE", "Yoybuy", "2026-09-28", "2026-10-16 09:00", &[]),
        // resolved just inside the holiday-extended resolution SLA, and the same on Superbuy
        case(
            "Y-ONTIME",
            "Yoybuy",
            "2026-09-28",
            "2026-09-30 10:00",
            &[
                ("First response", d("2026-10-08 09:00")),
                ("Resolved at", d("2026-10-14 09:30")),
            ],
        ),
        case(
            "S-LATE",
            "Superbuy",
            "2026-09-28",
            "2026-09-30 10:00",
            &[
                ("First response", d("2026-10-08 09:00")),
                ("Resolved at", d("2026-10-14 09:30")),
            ],
        ),
        // open Yoybuy case: overdue, so P1
        case(
            "Y-OPEN",
            "Yoybuy",
            "2026-09-28",
            "2026-09-30 10:00",
            &[
                ("Status", s("Waiting on seller")),
                ("Resolved at", V::Blank),
                ("First response", d("2026-10-08 09:00")),
            ],
        ),
    ]
}

#[test]
fn yoybuy_windows_and_sla_clocks_skip_chinese_holidays_and_superbuy_does_not() {
    let dir = tempdir();
    write_cases(&dir.path().join("hol.xlsx"), &SHORT, holiday_rows());
    let grid = process_cases(dir.path(), "hol.xlsx", &[]);
    let expect = [
        // id, return deadline, first response due, resolution due
        ("Y-ND", "2026-10-15", "2026-10-08 10:00", "2026-10-14 10:00"),
        ("S-ND", "2026-10-05", "2026-10-01 10:00", "2026-10-07 10:00"),
        ("Y-SF", "2026-03-03", "2026-02-24 10:00", "2026-03-02 10:00"),
        ("S-SF", "2026-02-19", "2026-02-15 10:00", "2026-02-21 10:00"),
    ];
    for (id, deadline, first, resolution) in expect {
        assert_eq!(computed(&grid, id, "Return deadline"), deadline, "{id}");
        assert_eq!(computed(&grid, id, "First response due"), first, "{id}");
        assert_eq!(computed(&grid, id, "Resolution due"), resolution, "{id}");
    }
    assert_eq!(
        computed(&grid, "Y-ONTIME", "SLA status"),
        "Resolved on time"
    );
    assert_eq!(computed(&grid, "S-LATE", "SLA status"), "Resolved late");
    assert_eq!(computed(&grid, "Y-ONTIME", "Priority"), "P4");
    assert_eq!(computed(&grid, "Y-OPEN", "SLA status"), "Overdue");
    assert_eq!(computed(&grid, "Y-OPEN", "Priority"), "P1");
}

#[test]
fn the_holiday_extended_window_decides_window_expired_findings() {
    let dir = tempdir();
    write_cases(&dir.path().join("hol.xlsx"), &SHORT, holiday_rows());
    let (report, _) = check_json(dir.path(), "hol.xlsx", &[]);
    let expired: Vec<String> = with_code(&report, "P_WINDOW_EXPIRED")
        .iter()
        .map(|f| f["case_id"].as_str().unwrap().to_string())
        .collect();
    // Superbuy's 7-day windows (to 10-05 and 02-19) hold the requests of 09-30 and 02-14;
    // only the Yoybuy request after the holiday-extended 10-15 is late.
    assert_eq!(expired, vec!["Y-LATE"], "{report:#}");
    let late = &with_code(&report, "P_WINDOW_EXPIRED")[0];
    assert!(late["message"].as_str().unwrap().contains("2026-10-15"));
    // first responses on 10-08 09:00: inside Yoybuy's holiday-extended SLA, late on Superbuy
    let frt: Vec<String> = with_code(&report, "W_FIRST_RESPONSE_LATE")
        .iter()
        .map(|f| f["case_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(frt, vec!["S-LATE"], "{report:#}");
    assert!(
        with_code(&report, "W_CALENDAR_RANGE").is_empty(),
        "2026 is in the calendar"
    );
}

#[test]
fn a_date_before_the_calendar_says_which_years_it_covers() {
    let dir = tempdir();
    // A Yoybuy item received in 2023: the calendar (2024–2026) cannot know its holidays.
    let early = with(
        quiet("Y-2023"),
        &[
            ("Platform", s("Yoybuy")),
            ("Purchase date", d("2023-05-01")),
            ("Received date", d("2023-05-10")),
            ("Request date", d("2026-11-20 10:00")),
        ],
    );
    write_cases(&dir.path().join("early.xlsx"), &SHORT, vec![early]);
    let (report, _) = check_json(dir.path(), "early.xlsx", &[]);
    let range = with_code(&report, "W_CALENDAR_RANGE");
    assert_eq!(range.len(), 1, "{report:#}");
    let message = range[0]["message"].as_str().unwrap();
    assert!(message.contains("2024–2026"), "{message}");
    assert!(!message.contains("last year"), "{message}");
}

#[test]
fn purchase_and_received_dates_are_ordered_by_their_day_alone() {
    let dir = tempdir();
    let same_day = with(
        quiet("S-DAY"),
        &[
            ("Purchase date", d("2026-11-20 15:00")),
            ("Received date", d("2026-11-20 09:00")),
            ("Request date", d("2026-11-20 10:00")),
        ],
    );
    let day_before = with(
        quiet("S-BEFORE"),
        &[
            ("Purchase date", d("2026-11-21 08:00")),
            ("Received date", d("2026-11-21 09:00")),
            ("Request date", d("2026-11-20 10:00")),
        ],
    );
    write_cases(
        &dir.path().join("days.xlsx"),
        &SHORT,
        vec![same_day, day_before],
    );
    let (report, _) = check_json(dir.path(), "days.xlsx", &[]);
    let out_of_order: Vec<String> = with_code(&report, "E_DATE_ORDER")
        .iter()
        .map(|f| f["case_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(out_of_order, ["S-BEFORE"], "{report:#}");
}

#[test]
fn chinese_finished_statuses_and_changed_mind_returns_are_read_and_an_unknown_status_is_p2() {
    let dir = tempdir();
    let done = with(
        quiet("S-DONE"),
        &[
            ("Status", s("已完成")),
            ("Resolved at", d("2026-11-21 10:00")),
            ("CSAT", n(5.0)),
            // Requested long ago: were it read as open, it would be overdue and P1.
            ("Request date", d("2026-11-01 10:00")),
            ("First response", d("2026-11-01 11:00")),
            ("Received date", d("2026-10-30")),
            ("Purchase date", d("2026-10-28")),
        ],
    );
    let size = with(quiet("S-SIZE"), &[("Issue type", s("尺码不合适"))]);
    let odd = with(
        quiet("S-ODD"),
        &[
            ("Status", s("完结啦")),
            ("Request date", d("2026-11-01 10:00")),
            ("Received date", d("2026-10-30")),
            ("Purchase date", d("2026-10-28")),
        ],
    );
    write_cases(&dir.path().join("st.xlsx"), &SHORT, vec![done, size, odd]);
    let (report, _) = check_json(dir.path(), "st.xlsx", &[]);
    let bad: Vec<String> = with_code(&report, "E_BAD_VALUE")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["case_id"].as_str().unwrap(),
                f["column"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(bad, ["S-ODD Status"], "{report:#}");
    let grid = process_cases(dir.path(), "st.xlsx", &[]);
    assert_eq!(computed(&grid, "S-DONE", "Priority"), "P4");
    assert_eq!(computed(&grid, "S-DONE", "SLA status"), "Resolved late");
    assert_eq!(computed(&grid, "S-ODD", "SLA status"), "Unknown");
    assert_eq!(computed(&grid, "S-ODD", "Priority"), "P2");
    assert!(
        computed(&grid, "S-ODD", "Next action").contains("Status"),
        "{}",
        computed(&grid, "S-ODD", "Next action")
    );
}

#[test]
fn a_date_after_the_as_of_is_e_future_date_and_is_not_computed_with() {
    let dir = tempdir();
    // AS_OF is 2026-11-23 09:00.
    let next_year = with(quiet("F-YEAR"), &[("Request date", d("2027-11-20 10:00"))]);
    let later_today = with(
        quiet("F-TODAY"),
        &[("Received date", d("2026-11-23 18:00"))],
    );
    let tomorrow = with(quiet("F-TOMORROW"), &[("Received date", d("2026-11-24"))]);
    write_cases(
        &dir.path().join("future.xlsx"),
        &SHORT,
        vec![next_year, later_today, tomorrow],
    );
    let (report, _) = check_json(dir.path(), "future.xlsx", &[]);
    let future: Vec<String> = with_code(&report, "E_FUTURE_DATE")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["case_id"].as_str().unwrap(),
                f["column"].as_str().unwrap()
            )
        })
        .collect();
    // A received date later the same day is not in the future: it is a date.
    assert_eq!(
        future,
        ["F-YEAR Request date", "F-TOMORROW Received date"],
        "{report:#}"
    );
    let grid = process_cases(dir.path(), "future.xlsx", &[]);
    assert_eq!(
        computed(&grid, "F-YEAR", "Age (days)"),
        "",
        "no negative age"
    );
    assert_eq!(computed(&grid, "F-YEAR", "Resolution due"), "");
}

#[test]
fn a_reopened_case_may_keep_its_earlier_resolved_date() {
    let dir = tempdir();
    let reopened = with(
        quiet("R-KEEP"),
        &[
            ("Status", s("Reopened")),
            ("Resolved at", d("2026-11-21 10:00")),
        ],
    );
    let open = with(
        quiet("O-DATE"),
        &[
            ("Status", s("In progress")),
            ("Resolved at", d("2026-11-21 10:00")),
        ],
    );
    write_cases(&dir.path().join("re.xlsx"), &SHORT, vec![reopened, open]);
    let (report, _) = check_json(dir.path(), "re.xlsx", &[]);
    let inconsistent: Vec<String> = with_code(&report, "E_STATUS_INCONSISTENT")
        .iter()
        .map(|f| f["case_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(inconsistent, ["O-DATE"], "{report:#}");
}

#[test]
fn a_serial_number_typed_in_a_1904_workbook_is_read_in_1904() {
    let dir = tempdir();
    let when = dt("2026-11-20 10:00");
    let serial_1900 = (when - dt("1899-12-30 00:00")).num_seconds() as f64 / 86_400.0;
    let rows = |serial: f64| {
        vec![with(
            quiet("N-1"),
            &[("Request date", n(serial)), ("First response", V::Blank)],
        )]
    };
    let sheet = |serial| Sheet::cases("Sheet1", Vec::new(), &SHORT, rows(serial));
    write_book(
        &dir.path().join("n1900.xlsx"),
        &[sheet(serial_1900)],
        &BookOptions::default(),
    );
    write_book(
        &dir.path().join("n1904.xlsx"),
        &[sheet(serial_1904(when))],
        &BookOptions { date1904: true },
    );
    let g1900 = process_cases(dir.path(), "n1900.xlsx", &[]);
    let g1904 = process_cases(dir.path(), "n1904.xlsx", &[]);
    // Read four years off, the request would be in 2022: its due times say which.
    assert_eq!(
        computed(&g1904, "N-1", "First response due"),
        "2026-11-21 10:00"
    );
    assert_eq!(
        computed(&g1904, "N-1", "Resolution due"),
        computed(&g1900, "N-1", "Resolution due")
    );
}

#[test]
fn frt_and_age_are_stored_at_full_precision() {
    let dir = tempdir();
    // Answered 20 minutes after the request: a third of an hour.
    let third = with(quiet("T-1"), &[("First response", d("2026-11-20 10:20"))]);
    write_cases(&dir.path().join("frt.xlsx"), &SHORT, vec![third]);
    let out = run(
        dir.path(),
        &[
            "process",
            "frt.xlsx",
            "--as-of",
            AS_OF,
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let output = dir.path().join("frt.annotated.xlsx");
    let cells = read_cells(&output, &case_sheet(&output));
    let header: Vec<String> = cells[0].iter().map(text_of).collect();
    let frt = match &cells[1][col(&header, "FRT (h)")] {
        calamine::Data::Float(x) => *x,
        other => panic!("FRT (h) is {other:?}"),
    };
    assert!((frt - 1.0 / 3.0).abs() < 1e-9, "{frt}");
}
