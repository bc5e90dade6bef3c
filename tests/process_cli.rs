//! `aftersales process`: the annotated workbook of PRODUCT.md section 6 and the data safety
//! promises of section 7.

mod common;

use std::path::Path;

use calamine::Data;
use common::*;

const COMPUTED: [&str; 16] = [
    "Platform (std)",
    "Status (std)",
    "Issue type (std)",
    "Policy",
    "Window start",
    "Return deadline",
    "First response due",
    "FRT (h)",
    "Resolution due",
    "Paused (h)",
    "Age (days)",
    "SLA status",
    "Priority",
    "In KPIs",
    "Findings",
    "Next action",
];

/// The input header: known columns plus two the tool does not know.
const HEADER: [&str; 14] = [
    "Case ID",
    "Platform",
    "Customer",
    "Contact",
    "Purchase date",
    "Received date",
    "Request date",
    "Issue type",
    "Requested resolution",
    "Status",
    "Tracking no",
    "First response",
    "CSAT",
    "Internal score",
];

fn cases() -> Vec<Vec<V>> {
    let base = |id: &str, customer: &str, contact: V| {
        vec![
            ("Case ID", s(id)),
            ("Platform", s("Superbuy")),
            ("Customer", s(customer)),
            ("Contact", contact),
            ("Purchase date", d("2026-11-10")),
            ("Received date", d("2026-11-18")),
            ("Request date", d("2026-11-20 10:00")),
            ("Issue type", s("Logistics")),
            ("Requested resolution", s("Exchange")),
            ("Status", s("In progress")),
            ("Tracking no", s("SF1001")),
            ("First response", d("2026-11-20 11:00")),
            ("Internal score", n(3.5)),
        ]
    };
    let mut bad_csat = base("C-2", "Li Na", s("anna@example.com"));
    bad_csat.push(("CSAT", n(9.0)));
    let mut overdue = base("C-3", "Wang Fang", n(13912345678.0));
    overdue[6] = ("Request date", d("2026-11-10 10:00"));
    overdue[5] = ("Received date", d("2026-11-08"));
    overdue[4] = ("Purchase date", d("2026-11-01"));
    overdue[11] = ("First response", d("2026-11-10 12:00"));
    vec![
        row(&HEADER, &base("C-1", "Zhang Wei", s("13812345678"))),
        row(&HEADER, &bad_csat),
        row(&HEADER, &overdue),
    ]
}

fn extra_sheets() -> Vec<Sheet> {
    vec![
        Sheet::new(
            "Customers",
            vec![
                vec![s("Customer"), s("Phone"), s("Since")],
                vec![s("Zhang Wei"), s("13812345678"), d("2024-05-01")],
            ],
        ),
        Sheet::new(
            "Notes",
            vec![vec![s("Remember the holidays")], vec![n(42.0), V::B(true)]],
        ),
    ]
}

/// Writes `book.xlsx` (title row, cases, two extra sheets) into `dir`.
fn write_input(dir: &Path) {
    let mut sheets = vec![Sheet::cases(
        "Cases input",
        vec![vec![s("Team after-sales log")]],
        &HEADER,
        cases(),
    )];
    sheets.extend(extra_sheets());
    write_book(&dir.join("book.xlsx"), &sheets, &BookOptions::default());
}

fn process(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["process"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--as-of", AS_OF]);
    let out = run(dir, &all);
    assert!(matches!(out.code, 0 | 1), "{out:?}");
    out
}

#[test]
fn process_writes_stem_annotated_xlsx_beside_the_input() {
    let dir = tempdir();
    write_input(dir.path());
    let out = process(dir.path(), &["book.xlsx"]);
    assert_eq!(out.code, 1, "an E_BAD_VALUE is an error: {out:?}");
    let output = dir.path().join("book.annotated.xlsx");
    assert!(output.exists(), "{out:?}");
    assert!(out.stdout.contains("book.annotated.xlsx"), "{}", out.stdout);
    assert!(out.stdout.contains("3 cases"), "{}", out.stdout);
    let never = process(dir.path(), &["book.xlsx", "--fail-on", "never"]);
    assert_eq!(never.code, 0);
}

#[test]
fn annotated_workbook_has_its_sheets_in_order_then_the_carried_sheets() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let output = dir.path().join("book.annotated.xlsx");
    // The team's sheets as they were, then the generated ones.
    assert_eq!(
        sheet_names(&output),
        [
            "Cases input",
            "Customers",
            "Notes",
            "Findings",
            "Summary",
            "Pivot",
            "Trend",
            "Timeline",
            "Removed",
            "Applied policies",
            "Run",
        ]
    );
    let customers = read_cells(&output, "Customers");
    assert_eq!(customers[1][0], Data::String("Zhang Wei".into()));
    assert!(
        matches!(customers[1][2], Data::DateTime(_)),
        "a date stays a date in a carried sheet: {:?}",
        customers[1][2]
    );
    assert_eq!(text_of(&customers[1][2]), "2024-05-01");
    let notes = read_sheet(&output, "Notes");
    assert_eq!(notes[0][0], "Remember the holidays");
    assert_eq!(notes[1], ["42", "TRUE"]);
}

#[test]
fn cases_sheet_keeps_every_original_column_and_value_then_the_computed_columns() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let output = dir.path().join("book.annotated.xlsx");
    let cells = read_cells(&output, "Cases input");
    let grid = read_sheet(&output, "Cases input");
    assert_eq!(grid[0][0], "Team after-sales log", "title row kept");
    let header = &grid[1];
    assert_eq!(
        &header[..HEADER.len()],
        HEADER,
        "original columns, in order"
    );
    assert_eq!(
        &header[HEADER.len()..HEADER.len() + COMPUTED.len()],
        COMPUTED,
        "computed columns follow"
    );
    // every original value, with its type
    let input = read_cells(&dir.path().join("book.xlsx"), "Cases input");
    for r in 2..5 {
        for c in 0..HEADER.len() {
            let (a, b) = (&input[r].get(c), &cells[r].get(c));
            let same = match (a, b) {
                (Some(Data::DateTime(x)), Some(Data::DateTime(y))) => {
                    x.as_datetime() == y.as_datetime()
                }
                (Some(Data::Float(x)), Some(Data::Int(y))) => *x == *y as f64,
                (Some(x), Some(y)) => x == y,
                (None | Some(Data::Empty), None | Some(Data::Empty)) => true,
                _ => false,
            };
            assert!(same, "row {r} col {c}: input {a:?}, output {b:?}");
        }
    }
    let request = HEADER.iter().position(|h| *h == "Request date").unwrap();
    assert!(matches!(cells[2][request], Data::DateTime(_)));
    assert_eq!(grid[2][request], "2026-11-20 10:00");
    // computed values for C-1 and the overdue C-3
    let c = |name: &str| HEADER.len() + COMPUTED.iter().position(|h| *h == name).unwrap();
    assert_eq!(grid[2][c("Return deadline")], "2026-11-25");
    assert!(matches!(cells[2][c("Return deadline")], Data::DateTime(_)));
    assert_eq!(grid[2][c("First response due")], "2026-11-21 10:00");
    assert_eq!(grid[2][c("FRT (h)")], "1");
    assert_eq!(grid[2][c("Resolution due")], "2026-11-27 10:00");
    assert_eq!(grid[2][c("SLA status")], "On track");
    assert_eq!(grid[2][c("Priority")], "P3");
    assert_eq!(grid[4][c("SLA status")], "Overdue");
    assert_eq!(grid[4][c("Priority")], "P1");
    assert!(grid[4][c("Findings")].contains("W_OVERDUE"));
    assert!(!grid[4][c("Next action")].is_empty());
    assert!(grid[3][c("Findings")].contains("E_BAD_VALUE"));
}

#[test]
fn findings_sheet_lists_each_finding_with_a_link_to_its_cell_in_the_case_sheet() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let output = dir.path().join("book.annotated.xlsx");
    let grid = read_sheet(&output, "Findings");
    assert_eq!(
        grid[0],
        ["Code", "Severity", "Case ID", "Row", "Column", "Cell", "Message", "Hint"]
    );
    let bad = row_with(&grid, 0, "E_BAD_VALUE");
    assert_eq!(bad[1], "error");
    assert_eq!(bad[2], "C-2");
    assert_eq!(bad[3], "4");
    assert_eq!(bad[4], "CSAT");
    assert_eq!(bad[5], "M4");
    assert!(bad[6].contains('9'), "{bad:?}");
    let xml = zip_text(&output, &sheet_xml_path(&output, "Findings"));
    assert!(xml.contains("<hyperlinks>"), "{xml}");
    let link = xml
        .split("<hyperlink ")
        .skip(1)
        .find(|h| h.contains("M4"))
        .unwrap_or_else(|| panic!("no link to M4: {xml}"));
    assert!(
        link.contains("location=\"'Cases input'!M4\"")
            || link.contains("location=\"&apos;Cases input&apos;!M4\""),
        "{link}"
    );
    assert_eq!(
        grid.len() - 1,
        {
            let (report, _) = check_json(dir.path(), "book.xlsx", &[]);
            findings(&report).len()
        },
        "one row per finding"
    );
}

#[test]
fn case_sheet_has_conditional_formatting_rules_and_notes_on_finding_cells() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let output = dir.path().join("book.annotated.xlsx");
    let cases_xml = zip_text(&output, &sheet_xml_path(&output, "Cases input"));
    assert!(cases_xml.contains("<conditionalFormatting"), "Excel rules");
    assert!(
        cases_xml.contains("overdue"),
        "an SLA status rule: {cases_xml}"
    );
    assert!(cases_xml.contains("dataBar"), "a data bar on Age");
    assert!(cases_xml.contains("iconSet"), "icons on CSAT");
    // The team's sheet keeps its own view and filters: none is added.
    assert!(!cases_xml.contains("<autoFilter"), "{cases_xml}");
    let names = zip_names(&output);
    let comments: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("xl/comments"))
        .collect();
    assert!(!comments.is_empty(), "notes written: {names:?}");
    // the Cases sheet's notes are its own comments part
    let rels_path = {
        let sheet = sheet_xml_path(&output, "Cases input");
        let (folder, file) = sheet.rsplit_once('/').unwrap();
        format!("{folder}/_rels/{file}.rels")
    };
    let rels = zip_text(&output, &rels_path);
    let target = rels
        .split("Target=\"")
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
        .find(|t| t.contains("comments"))
        .unwrap_or_else(|| panic!("the case sheet has no comments part: {rels}"));
    // Relative to the sheet's folder, or absolute from the package root.
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{}", target.trim_start_matches("../")),
    };
    let xml = zip_text(&output, &part);
    let (report, _) = check_json(dir.path(), "book.xlsx", &[]);
    // Every finding on a row has a note on its cell (one about the whole workbook has none).
    for f in findings(&report).iter().filter(|f| !f["row"].is_null()) {
        let cell = f["cell"].as_str().unwrap();
        assert!(
            xml.contains(&format!("ref=\"{cell}\"")),
            "a note on {cell}: {xml}"
        );
    }
    let bad = &with_code(&report, "E_BAD_VALUE")[0];
    let message = bad["message"].as_str().unwrap();
    let escaped = message.replace('&', "&amp;").replace('"', "&quot;");
    assert!(
        xml.contains(message) || xml.contains(&escaped),
        "the note carries the message {message:?}: {xml}"
    );
}

#[test]
fn summary_trend_policies_and_run_sheets_have_content() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let output = dir.path().join("book.annotated.xlsx");
    let policies = read_sheet(&output, "Applied policies");
    assert_eq!(policies[0][0], "Platform");
    for platform in ["Superbuy", "Bhiner", "Yoybuy"] {
        assert!(
            policies.iter().any(|r| r[0] == platform),
            "{platform} in {policies:?}"
        );
    }
    assert!(
        policies.iter().any(|r| r[0] == "2026-10-01"),
        "holiday days used are listed"
    );
    let run_sheet = read_sheet(&output, "Run");
    let rows_read = run_sheet
        .iter()
        .find(|r| r[0] == "Rows read")
        .unwrap_or_else(|| panic!("no Rows read line: {run_sheet:?}"));
    assert_eq!(rows_read[1], "3");
    let flat: Vec<String> = run_sheet.concat();
    assert!(flat.iter().any(|v| v == "book.xlsx"), "{flat:?}");
    let sha = {
        use sha2::Digest;
        format!(
            "{:x}",
            sha2::Sha256::digest(std::fs::read(dir.path().join("book.xlsx")).unwrap())
        )
    };
    assert!(
        flat.contains(&sha),
        "input SHA-256 on the Run sheet: {flat:?}"
    );
    assert!(flat.iter().any(|v| v.starts_with("2026-11-23")), "as-of");
    let summary = read_sheet(&output, "Summary");
    assert!(summary.concat().iter().any(|v| v == "Superbuy"));
    let names = zip_names(&output);
    assert!(
        names.iter().any(|n| n.starts_with("xl/charts/chart")),
        "native charts: {names:?}"
    );
}

#[test]
fn the_input_file_is_never_written() {
    let dir = tempdir();
    write_input(dir.path());
    let input = dir.path().join("book.xlsx");
    // an old mtime, so a rewrite within the same second would still show
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(&input)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let before = std::fs::read(&input).unwrap();
    process(dir.path(), &["book.xlsx"]);
    process(dir.path(), &["book.xlsx", "--redact"]);
    run(dir.path(), &["check", "book.xlsx", "--as-of", AS_OF]);
    assert_eq!(std::fs::read(&input).unwrap(), before, "same bytes");
    assert_eq!(
        std::fs::metadata(&input).unwrap().modified().unwrap(),
        old,
        "same mtime"
    );
}

#[test]
fn processing_an_annotated_workbook_without_o_does_not_overwrite_it() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let annotated = dir.path().join("book.annotated.xlsx");
    let before = std::fs::read(&annotated).unwrap();
    run(
        dir.path(),
        &[
            "process",
            "book.annotated.xlsx",
            "--as-of",
            "2026-11-30T09:00",
        ],
    );
    assert!(
        std::fs::read(&annotated).unwrap() == before,
        "the input (book.annotated.xlsx) must only be read, but it was rewritten"
    );
}

#[test]
fn same_input_and_as_of_give_byte_identical_output() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx", "-o", "one.xlsx"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    process(dir.path(), &["book.xlsx", "-o", "two.xlsx"]);
    let one = std::fs::read(dir.path().join("one.xlsx")).unwrap();
    let two = std::fs::read(dir.path().join("two.xlsx")).unwrap();
    assert!(one == two, "outputs differ");
    // and a different as-of gives a different workbook (the check is not vacuous)
    run(
        dir.path(),
        &[
            "process",
            "book.xlsx",
            "-o",
            "three.xlsx",
            "--as-of",
            "2026-11-24T09:00",
        ],
    );
    assert!(one != std::fs::read(dir.path().join("three.xlsx")).unwrap());
}

#[test]
fn processing_the_annotated_output_again_gives_the_same_result_without_duplicate_columns() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx", "-o", "first.xlsx"]);
    process(dir.path(), &["first.xlsx", "-o", "second.xlsx"]);
    let first = dir.path().join("first.xlsx");
    let second = dir.path().join("second.xlsx");

    let (a, _) = check_json(dir.path(), "book.xlsx", &[]);
    let (b, _) = check_json(dir.path(), "first.xlsx", &[]);
    assert_eq!(a["findings"], b["findings"]);
    assert_eq!(a["cases"], b["cases"]);
    assert_eq!(a["counts"], b["counts"]);

    for sheet in ["Cases input", "Findings", "Summary", "Applied policies"] {
        assert_eq!(
            read_sheet(&first, sheet),
            read_sheet(&second, sheet),
            "sheet {sheet} differs after re-processing"
        );
    }
    let header = &read_sheet(&second, "Cases input")[1];
    assert_eq!(
        header.iter().filter(|h| *h == "Priority").count(),
        1,
        "{header:?}"
    );
    assert_eq!(
        sheet_names(&second),
        sheet_names(&first),
        "generated sheets replaced, not carried twice"
    );
}

#[test]
fn redact_masks_customer_and_contact_in_every_sheet_written() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx", "--redact", "-o", "red.xlsx"]);
    let output = dir.path().join("red.xlsx");
    // A redacted copy is a new workbook of values; the case sheet keeps its name.
    let grid = read_sheet(&output, "Cases input");
    let customer = col(&grid[1], "Customer");
    let contact = col(&grid[1], "Contact");
    let c1 = row_with(&grid, 0, "C-1");
    assert_eq!(c1[customer], "Z*** W***");
    assert_eq!(c1[contact], "****5678");
    let c2 = row_with(&grid, 0, "C-2");
    assert_eq!(c2[customer], "L*** N***");
    assert_eq!(c2[contact], "a***@example.com");
    let c3 = row_with(&grid, 0, "C-3");
    assert_eq!(c3[contact], "****5678", "a phone typed as a number");
    // other columns untouched
    assert_eq!(c1[col(&grid[1], "Tracking no")], "SF1001");
    let customers = read_sheet(&output, "Customers");
    assert_eq!(customers[1][0], "Z*** W***");
}

#[test]
fn redact_leaves_no_customer_name_or_contact_anywhere_in_the_output() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx", "--redact", "-o", "red.xlsx"]);
    let output = dir.path().join("red.xlsx");
    // no personal value anywhere in the file
    for (name, bytes) in zip_entries(&output) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "Zhang Wei",
            "13812345678",
            "anna@example.com",
            "Wang Fang",
            "13912345678",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
        }
    }
}

#[test]
fn o_writes_to_the_given_path() {
    let dir = tempdir();
    write_input(dir.path());
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = process(dir.path(), &["book.xlsx", "-o", "out/report.xlsx"]);
    assert!(dir.path().join("out/report.xlsx").exists(), "{out:?}");
    assert!(!dir.path().join("book.annotated.xlsx").exists());
    assert_eq!(
        sheet_names(&dir.path().join("out/report.xlsx"))[0],
        "Cases input"
    );
    // no temporary files left behind
    let left: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["report.xlsx"]);
}

#[test]
fn two_inputs_in_one_call_give_two_outputs() {
    let dir = tempdir();
    write_input(dir.path());
    write_cases(
        &dir.path().join("other.xlsx"),
        &HEADER,
        vec![cases().remove(0)],
    );
    let out = process(dir.path(), &["book.xlsx", "other.xlsx"]);
    assert_eq!(out.code, 1, "book.xlsx has an error: {out:?}");
    for stem in ["book", "other"] {
        let output = dir.path().join(format!("{stem}.annotated.xlsx"));
        assert!(output.exists(), "{stem}: {out:?}");
    }
    let other = read_sheet(&dir.path().join("other.annotated.xlsx"), "Sheet1");
    assert_eq!(other.len(), 2, "one case: {other:?}");
    // into a folder with -o
    std::fs::create_dir(dir.path().join("nightly")).unwrap();
    process(dir.path(), &["book.xlsx", "other.xlsx", "-o", "nightly"]);
    for stem in ["book", "other"] {
        assert!(dir
            .path()
            .join(format!("nightly/{stem}.annotated.xlsx"))
            .exists());
    }
    // a folder as input
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    std::fs::copy(
        dir.path().join("other.xlsx"),
        dir.path().join("inbox/a.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        dir.path().join("other.xlsx"),
        dir.path().join("inbox/b.xlsx"),
    )
    .unwrap();
    let out = process(dir.path(), &["inbox"]);
    assert_eq!(out.code, 0, "{out:?}");
    for name in ["a", "b"] {
        assert!(dir
            .path()
            .join(format!("inbox/{name}.annotated.xlsx"))
            .exists());
    }
}

#[test]
fn one_bad_input_among_several_exits_2_but_the_good_one_is_written() {
    let dir = tempdir();
    write_input(dir.path());
    std::fs::write(dir.path().join("broken.xlsx"), b"not a workbook").unwrap();
    let out = run(
        dir.path(),
        &["process", "book.xlsx", "broken.xlsx", "--as-of", AS_OF],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("broken.xlsx"), "{}", out.stderr);
    assert!(dir.path().join("book.annotated.xlsx").exists());
    assert!(!dir.path().join("broken.annotated.xlsx").exists());
}

#[test]
fn reprocessing_replaces_the_notes_and_rules_of_the_earlier_run_without_adding_any() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx", "-o", "first.xlsx"]);
    process(dir.path(), &["first.xlsx", "-o", "second.xlsx"]);
    let (first, second) = (
        dir.path().join("first.xlsx"),
        dir.path().join("second.xlsx"),
    );
    let comment_parts = |path: &Path| -> Vec<String> {
        zip_names(path)
            .into_iter()
            .filter(|n| n.starts_with("xl/comments") || n.contains("vmlDrawing"))
            .collect()
    };
    assert_eq!(comment_parts(&first).len(), 2, "{:?}", zip_names(&first));
    assert_eq!(comment_parts(&first), comment_parts(&second));
    for part in comment_parts(&first) {
        assert_eq!(zip_text(&first, &part), zip_text(&second, &part), "{part}");
    }
    let sheet = sheet_xml_path(&first, "Cases input");
    let (a, b) = (zip_text(&first, &sheet), zip_text(&second, &sheet));
    assert!(a.contains("aftersales"), "rules carry the marker");
    assert_eq!(a, b, "the case sheet is the same after the second run");
    assert_eq!(
        zip_text(&first, "xl/styles.xml"),
        zip_text(&second, "xl/styles.xml")
    );
}

/// A chart sheet first (a common way to keep a chart), then the cases.
fn write_with_chart_sheet(path: &Path) {
    use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("='Cases'!$A$2:$A$4");
    book.add_chartsheet()
        .set_name("Chart1")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in [
        "Case ID",
        "Platform",
        "Request date",
        "Status",
        "Issue type",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..4u32 {
        sheet.write_string(r, 0, format!("C-{r}")).unwrap();
        sheet.write_string(r, 1, "Superbuy").unwrap();
        let when = ExcelDateTime::parse_from_str("2026-11-20 10:00:00").unwrap();
        sheet
            .write_datetime_with_format(r, 2, &when, &date)
            .unwrap();
        sheet.write_string(r, 3, "Open").unwrap();
        sheet.write_string(r, 4, "Quality").unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn a_chart_sheet_is_kept_and_never_read_as_cases() {
    let dir = tempdir();
    write_with_chart_sheet(&dir.path().join("charts.xlsx"));
    let out = process(dir.path(), &["charts.xlsx"]);
    assert!(out.stdout.contains("3 cases"), "{out:?}");
    let input = dir.path().join("charts.xlsx");
    let output = dir.path().join("charts.annotated.xlsx");
    let chart_sheet = |path: &Path| {
        zip_names(path)
            .into_iter()
            .find(|n| n.starts_with("xl/chartsheets/sheet"))
            .unwrap_or_else(|| panic!("no chart sheet in {}", path.display()))
    };
    let part = chart_sheet(&input);
    assert_eq!(chart_sheet(&output), part);
    assert_eq!(zip_text(&output, &part), zip_text(&input, &part));
    assert_eq!(case_sheet(&output), "Cases");
    // Asked for by name, it is refused as what it is.
    let refused = run(
        dir.path(),
        &[
            "check",
            "charts.xlsx",
            "--sheet",
            "Chart1",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("chart sheet"), "{}", refused.stderr);
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
}

#[test]
fn an_output_folder_that_does_not_exist_is_one_plain_line() {
    let dir = tempdir();
    write_input(dir.path());
    let args = [
        "process",
        "book.xlsx",
        "-o",
        "missing/out.xlsx",
        "--as-of",
        AS_OF,
    ];
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    assert!(!out.stderr.contains("aftersales-tmp"), "{}", out.stderr);
    // The same line in the team's language.
    let zh = run(dir.path(), &[&args[..], &["--lang", "zh"]].concat());
    common::assert_refusal(
        zh.code,
        &zh.stderr,
        &["out.xlsx：无法写入输出文件：文件夹 missing 不存在"],
        &["does not exist"],
    );
}

#[test]
fn an_output_named_other_than_xlsx_is_refused_for_a_new_workbook_too() {
    let dir = tempdir();
    std::fs::copy(
        repo_file("tests/fixtures/xls/cases.xls"),
        dir.path().join("cases.xls"),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["process", "cases.xls", "-o", "out.csv", "--as-of", AS_OF],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains(".xlsx"), "{}", out.stderr);
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn csat_icons_use_the_scores_and_a_first_response_due_is_red_only_while_unanswered() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    // --redact makes a new workbook: its rules are written by the other writer.
    process(dir.path(), &["book.xlsx", "--redact", "-o", "red.xlsx"]);
    for output in ["book.annotated.xlsx", "red.xlsx"] {
        let path = dir.path().join(output);
        let xml = zip_text(&path, &sheet_xml_path(&path, "Cases input"));
        for score in 2..=5 {
            assert!(
                xml.contains(&format!("<cfvo type=\"num\" val=\"{score}\"/>")),
                "{output}: a CSAT threshold at {score}: {xml}"
            );
        }
        assert!(!xml.contains("type=\"percent\" val=\"20\""), "{output}");
        // Resolved on time and resolved late are both coloured (grey).
        for label in ["Resolved on time", "Resolved late"] {
            assert!(
                xml.contains(&format!("=&quot;{label}&quot;"))
                    || xml.contains(&format!("=\"{label}\"")),
                "{output}: {label}: {xml}"
            );
        }
        assert!(xml.contains("ISBLANK("), "{output}: unanswered only");
    }
}

#[test]
fn standard_columns_read_every_spelling_as_one_value_and_in_kpis_follows_the_errors() {
    let dir = tempdir();
    write_input(dir.path());
    process(dir.path(), &["book.xlsx"]);
    let output = dir.path().join("book.annotated.xlsx");
    let grid = read_sheet(&output, "Cases input");
    let header = &grid[1];
    let value = |id: &str, name: &str| row_with(&grid, 0, id)[col(header, name)].clone();
    // "In progress" in the cells, one canonical value in the standard column.
    assert_eq!(value("C-1", "Status (std)"), "In progress");
    assert_eq!(value("C-1", "Issue type (std)"), "Logistics");
    assert_eq!(value("C-1", "Platform (std)"), "Superbuy");
    // C-2 has an error (CSAT 9): left out of the KPIs.
    assert_eq!(value("C-2", "In KPIs"), "no");
    assert_eq!(value("C-1", "In KPIs"), "yes");
}

/// An `.xls` input becomes a new workbook of its values; the note that says so on stderr is
/// in the team's language (tests/writeback.rs checks it in English).
#[test]
fn the_values_only_note_is_in_the_teams_language() {
    let dir = tempdir();
    repo_copy("tests/fixtures/xls/cases.xls", dir.path());
    let out = process(dir.path(), &["cases.xls", "--lang", "zh"]);
    let notes: Vec<&str> = out.stderr.lines().filter(|l| l.contains(".xlsx")).collect();
    assert_eq!(notes.len(), 1, "{}", out.stderr);
    assert!(
        notes[0].starts_with("aftersales: cases.xls：新工作簿只带入了它的数据，没有带入格式")
            && !notes[0].contains("formatting"),
        "{}",
        out.stderr
    );
    assert!(dir.path().join("cases.annotated.xlsx").exists());
}
