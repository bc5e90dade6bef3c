//! The Pivot sheet (PRODUCT.md 6.2): four real PivotTables over the case sheet. Their cells
//! as written (what calamine, viewers and Protected View show before any refresh) and as
//! LibreOffice recomputes them from the case rows must equal a count made here from the case
//! sheet's cells and the Summary tables; the pivot parts must pass openxml-audit; a re-run
//! replaces ours and leaves a team's own pivot tables byte for byte as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::Data;
use chrono::Duration;

mod common;
use common::{
    audit, audit_program, dt, read_cells, require_program, row, run, s, skip, tempdir, text,
    text_of, write_book, zip_entries, zip_names, BookOptions, Sheet, AS_OF, HEADERS, V,
};

#[path = "support/team.rs"]
mod team;

/// The pivots' titles on the Pivot sheet, in order.
const TITLES: [&str; 4] = [
    "Cases by status and platform",
    "First response time by assignee (hours)",
    "Cases by issue type and platform",
    "Cases by priority and assignee",
];
/// (row field, column field) of each pivot, by the computed or team header; `None` for the
/// average FRT (h) by assignee.
const FIELDS: [(&str, Option<&str>); 4] = [
    ("Status (std)", Some("Platform (std)")),
    ("Assignee", None),
    ("Issue type (std)", Some("Platform (std)")),
    ("Priority", Some("Assignee")),
];
const BLANK: &str = "<blank>";
const TOTAL: &str = "<total>";

/// One pivot as a sheet shows it: (row label, column label) → value; totals under TOTAL.
type Shown = BTreeMap<(String, String), f64>;

// ----- inputs -----

/// `n` cases over the English headers: three platforms in several spellings, statuses
/// spelled in English and Chinese, blank assignees, unanswered cases. With `errors`, every
/// 7th case names an unknown platform and every 11th has a request after as-of: error rows,
/// left out of the KPIs.
fn cases(n: usize, errors: bool) -> Vec<Vec<V>> {
    let as_of = dt(&AS_OF.replace('T', " "));
    let platforms = ["Superbuy", "Bhiner", "Yoybuy", "SUPERBUY", " bhiner"];
    let statuses = [
        "new",
        "In progress",
        "处理中",
        "正在处理",
        "resolved",
        "closed",
    ];
    let issues = ["quality", "logistics", "wrong_item", "other"];
    let assignees = ["Lina", "Tom", "", "小王", "Kevin Zhou"];
    (0..n)
        .map(|i| {
            let request =
                as_of - Duration::days(8 + (i % 40) as i64) + Duration::hours((i % 9) as i64);
            let status = statuses[i % statuses.len()];
            let finished = matches!(status, "resolved" | "closed");
            let mut platform = platforms[i % platforms.len()].to_string();
            let mut request_at = request;
            if errors && i % 7 == 3 {
                platform = "Nowhere".into();
            }
            if errors && i % 11 == 5 {
                request_at = as_of + Duration::days(3);
            }
            let mut pairs = vec![
                ("Case ID", s(&format!("C-{i:06}"))),
                ("Order ID", s(&format!("O-{i}"))),
                ("Platform", s(&platform)),
                ("Purchase date", V::D(request - Duration::days(6))),
                ("Received date", V::D(request - Duration::days(2))),
                ("Request date", V::D(request_at)),
                ("Issue type", s(issues[(i / 3) % issues.len()])),
                ("Status", s(status)),
                ("Assignee", s(assignees[(i / 2) % assignees.len()])),
            ];
            if i % 5 != 0 {
                pairs.push((
                    "First response",
                    V::D(request + Duration::minutes(37 * (i % 50) as i64)),
                ));
            }
            if finished {
                pairs.push((
                    "Resolved at",
                    V::D(request + Duration::days(1 + (i % 6) as i64)),
                ));
            }
            row(&HEADERS, &pairs)
        })
        .collect()
}

fn write_cases_book(path: &Path, n: usize, errors: bool) {
    let sheet = Sheet::cases("Cases", Vec::new(), &HEADERS, cases(n, errors));
    write_book(path, &[sheet], &BookOptions::default());
}

/// The workbooks the value tests run on: (file, team's assignee header).
fn inputs(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let tidy = dir.join("tidy.xlsx");
    write_cases_book(&tidy, 300, false);
    let errors = dir.join("errors.xlsx");
    write_cases_book(&errors, 300, true);
    // Chinese headers, a title and group labels above the header, error rows, a table.
    let team_book = dir.join("team.xlsx");
    team::write_team_workbook(&team_book, &team::TeamOptions::default());
    vec![
        (tidy, "Assignee"),
        (errors, "Assignee"),
        (team_book, "处理人"),
    ]
}

fn process(dir: &Path, input: &Path, output: &Path) {
    let out = run(
        dir,
        &[
            "process",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
    );
    assert!(
        matches!(out.code, 0 | 1),
        "process {} failed: {}",
        input.display(),
        out.stderr
    );
}

// ----- what the sheets show -----

/// The case sheet's header row and rows, as the output has them.
fn case_rows(output: &Path) -> (Vec<String>, Vec<Vec<Data>>) {
    let sheet = common::case_sheet(output);
    let grid = read_cells(output, &sheet);
    let at = grid
        .iter()
        .position(|r| r.iter().any(|c| text_of(c) == "In KPIs"))
        .expect("a header row with In KPIs");
    let header: Vec<String> = grid[at].iter().map(text_of).collect();
    (header, grid[at + 1..].to_vec())
}

/// The pivots counted here from the case rows: the rows with In KPIs = yes.
fn expected(output: &Path, assignee: &str) -> Vec<Shown> {
    let (header, rows) = case_rows(output);
    let col = |name: &str| {
        let name = if name == "Assignee" { assignee } else { name };
        common::col(&header, name)
    };
    let case_id = header
        .iter()
        .position(|h| h == "Case ID" || h == "售后单号")
        .unwrap();
    let label = |r: &[Data], c: usize| match r.get(c).map(text_of) {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => BLANK.to_string(),
    };
    let kept: Vec<&Vec<Data>> = rows
        .iter()
        .filter(|r| r.get(col("In KPIs")).map(text_of).as_deref() == Some("yes"))
        .collect();
    assert!(
        !kept.is_empty(),
        "no row in the KPIs in {}",
        output.display()
    );
    // The inputs with errors have rows the filter must leave out; the tidy ones have none.
    let name = output.to_string_lossy();
    let cases = rows
        .iter()
        .filter(|r| r.iter().any(|c| !text_of(c).is_empty()))
        .count();
    if name.contains("errors") || name.contains("large") {
        assert!(kept.len() < cases, "{name}: no row left out");
    }
    if name.contains("tidy") {
        assert_eq!(kept.len(), cases, "{name}");
    }
    FIELDS
        .iter()
        .map(|&(rows_by, cols_by)| {
            let mut sums: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
            for r in &kept {
                let row_label = label(r, col(rows_by));
                let col_label = cols_by.map_or(String::new(), |c| label(r, col(c)));
                let value = match cols_by {
                    Some(_) => (!text_of(&r[case_id]).is_empty()).then_some(1.0),
                    None => match r.get(col("FRT (h)")) {
                        Some(Data::Float(x)) => Some(*x),
                        _ => None,
                    },
                };
                let Some(value) = value else {
                    continue;
                };
                for key in [
                    (row_label.clone(), col_label.clone()),
                    (row_label.clone(), TOTAL.into()),
                    (TOTAL.into(), col_label.clone()),
                    (TOTAL.into(), TOTAL.into()),
                ] {
                    let e = sums.entry(key).or_default();
                    e.0 += value;
                    e.1 += 1.0;
                }
            }
            sums.into_iter()
                .filter(|((_, c), _)| cols_by.is_some() || c == TOTAL)
                .map(|(k, (sum, n))| {
                    let k = if cols_by.is_none() {
                        (k.0, String::new())
                    } else {
                        k
                    };
                    (k, if cols_by.is_some() { sum } else { sum / n })
                })
                .collect()
        })
        .collect()
}

/// The four pivots as the Pivot sheet of `path` shows them: ours as written, or
/// LibreOffice's after it recomputed them ("Total Result", "(empty)").
fn shown(path: &Path) -> Vec<Shown> {
    let grid = read_cells(path, "Pivot");
    let cell = |r: usize, c: usize| {
        grid.get(r)
            .and_then(|l| l.get(c))
            .map(text_of)
            .unwrap_or_default()
    };
    let norm = |t: String| match t.as_str() {
        "Grand Total" | "Total Result" => TOTAL.to_string(),
        "(blank)" | "(empty)" => BLANK.to_string(),
        _ => t,
    };
    let number = |r: usize, c: usize| match grid.get(r).and_then(|l| l.get(c)) {
        Some(Data::Float(x)) => Some(*x),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    };
    TITLES
        .iter()
        .map(|title| {
            let t = (0..grid.len())
                .find(|&r| cell(r, 0) == *title)
                .unwrap_or_else(|| {
                    panic!(
                        "no pivot {title:?} on the Pivot sheet of {}",
                        path.display()
                    )
                });
            // LibreOffice calls a filter that hides nothing (every row is in the KPIs) "- all -";
            // where it hides rows, the values below tell.
            let filter = cell(t + 1, 1);
            assert!(
                filter == "yes" || filter == "- all -",
                "{}: {title}: the In KPIs filter is {filter:?}",
                path.display()
            );
            let top = t + 3;
            let mut out = Shown::new();
            if cell(top, 1).starts_with("Average of") {
                let mut r = top + 1;
                loop {
                    let label = norm(cell(r, 0));
                    if let Some(x) = number(r, 1) {
                        out.insert((label.clone(), String::new()), x);
                    }
                    if label == TOTAL || label.is_empty() {
                        break;
                    }
                    r += 1;
                }
            } else {
                assert!(
                    cell(top, 0).starts_with("Count of"),
                    "{title}: {:?}",
                    cell(top, 0)
                );
                let cols: Vec<String> = (1..)
                    .map(|c| norm(cell(top + 1, c)))
                    .take_while(|l| !l.is_empty())
                    .collect();
                let mut r = top + 2;
                loop {
                    let label = norm(cell(r, 0));
                    for (i, c) in cols.iter().enumerate() {
                        if let Some(x) = number(r, i + 1).filter(|x| *x != 0.0) {
                            out.insert((label.clone(), c.clone()), x);
                        }
                    }
                    if label == TOTAL || label.is_empty() {
                        break;
                    }
                    r += 1;
                }
            }
            out
        })
        .collect()
}

fn assert_same(what: &str, actual: &Shown, expected: &Shown) {
    let keys: Vec<_> = actual.keys().chain(expected.keys()).collect();
    for key in keys {
        let (a, e) = (actual.get(key), expected.get(key));
        let same = match (a, e) {
            (Some(a), Some(e)) => (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            _ => false,
        };
        assert!(same, "{what}: {key:?} shows {a:?}, the case rows give {e:?}\nshown: {actual:?}\nexpected: {expected:?}");
    }
}

/// The Summary sheet's status × platform and issue type × platform counts, and the mean FRT
/// by assignee, labelled as the pivots label them.
fn summary(output: &Path) -> [Shown; 3] {
    let grid = common::read_sheet(output, "Summary");
    let find = |title: &str| {
        grid.iter()
            .position(|r| r.first().map(String::as_str) == Some(title))
            .unwrap()
    };
    let label = |t: &str| match t {
        "Total" | "All assignees" => TOTAL.to_string(),
        "(none)" | "(unassigned)" => BLANK.to_string(),
        t => t.to_string(),
    };
    let counts = |title: &str| {
        let h = find(title) + 1;
        let cols: Vec<String> = grid[h][1..]
            .iter()
            .take_while(|c| !c.is_empty())
            .map(|c| label(c))
            .collect();
        let mut out = Shown::new();
        for line in &grid[h + 1..] {
            let Some(first) = line.first().filter(|f| !f.is_empty()) else {
                break;
            };
            for (i, c) in cols.iter().enumerate() {
                let n: f64 = line[i + 1].parse().unwrap();
                if n != 0.0 {
                    out.insert((label(first), c.clone()), n);
                }
            }
            if first == "Total" {
                break;
            }
        }
        out
    };
    let h = find("KPIs by assignee") + 1;
    let frt_col = common::col(&grid[h], "First response mean (h)");
    let cells = read_cells(output, "Summary");
    let mut frt = Shown::new();
    for (r, line) in grid.iter().enumerate().skip(h + 1) {
        let Some(first) = line.first().filter(|f| !f.is_empty()) else {
            break;
        };
        if let Data::Float(x) = cells[r][frt_col] {
            frt.insert((label(first), String::new()), x);
        }
        if first == "All assignees" {
            break;
        }
    }
    [
        counts("Cases by status and platform"),
        frt,
        counts("Cases by issue type and platform"),
    ]
}

// ----- LibreOffice -----

/// `input` as LibreOffice saves it (as xlsx) after opening it, which recomputes every pivot
/// table from its source range.
fn through_libreoffice(input: &Path, outdir: &Path) -> PathBuf {
    std::fs::create_dir_all(outdir).unwrap();
    let profile = outdir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(outdir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        text(&out.stderr)
    );
    let converted = outdir.join(input.file_name().unwrap());
    assert!(
        converted.is_file(),
        "soffice wrote nothing: {}",
        text(&out.stderr)
    );
    converted
}

// ----- the package -----

/// How many pivot caches the workbook lists and how many pivot table parts it has.
fn pivot_counts(path: &Path) -> (usize, usize) {
    let workbook = common::zip_text(path, "xl/workbook.xml");
    let caches = workbook.matches("<pivotCache ").count();
    let tables = zip_names(path)
        .iter()
        .filter(|n| n.starts_with("xl/pivotTables/pivotTable") && n.ends_with(".xml"))
        .count();
    (caches, tables)
}

// ----- tests -----

#[test]
fn pivot_cells_show_the_case_rows_and_the_summary_numbers_before_any_refresh() {
    let dir = tempdir();
    for (input, assignee) in inputs(dir.path()) {
        let output = input.with_extension("annotated.xlsx");
        process(dir.path(), &input, &output);
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let shown = shown(&output);
        let expected = expected(&output, assignee);
        for (i, title) in TITLES.iter().enumerate() {
            assert_same(&format!("{name}: {title}"), &shown[i], &expected[i]);
        }
        let [status, frt, issue] = summary(&output);
        assert_same(&format!("{name}: Summary, status"), &shown[0], &status);
        assert_same(&format!("{name}: Summary, FRT"), &shown[1], &frt);
        assert_same(&format!("{name}: Summary, issue type"), &shown[2], &issue);
    }
}

#[test]
fn generated_sheets_come_in_the_contract_order_with_pivot_after_summary() {
    let dir = tempdir();
    let input = dir.path().join("tidy.xlsx");
    write_cases_book(&input, 20, false);
    let output = dir.path().join("out.xlsx");
    process(dir.path(), &input, &output);
    assert_eq!(
        common::sheet_names(&output),
        [
            "Cases",
            "Findings",
            "Summary",
            "Pivot",
            "Trend",
            "Timeline",
            "Removed",
            "Applied policies",
            "Run"
        ]
    );
    // One cache, refreshed on open, over the case sheet's header and case rows, no records.
    let (caches, tables) = pivot_counts(&output);
    assert_eq!((caches, tables), (1, 4));
    let cache = common::zip_text(&output, "xl/pivotCache/pivotCacheDefinition1.xml");
    assert!(cache.contains("refreshOnLoad=\"1\""), "{cache}");
    assert!(cache.contains("saveData=\"0\""), "{cache}");
    // The team's columns, then the computed ones; the header and the 20 cases.
    let width = HEADERS.len() + aftersales::model::columns::ComputedColumn::ALL.len();
    let last = aftersales::package::cell_name(20, width as u32 - 1);
    assert!(
        cache.contains(&format!(
            "<worksheetSource ref=\"A1:{last}\" sheet=\"Cases\"/>"
        )),
        "{cache}"
    );
    assert!(!zip_names(&output)
        .iter()
        .any(|n| n.contains("pivotCacheRecords")));
}

#[test]
fn libreoffice_recomputes_the_pivots_to_the_same_numbers() {
    if !require_program("soffice") {
        return;
    }
    let dir = tempdir();
    for (input, assignee) in inputs(dir.path()) {
        let output = input.with_extension("annotated.xlsx");
        process(dir.path(), &input, &output);
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let converted = through_libreoffice(&output, &dir.path().join(format!("lo-{name}")));
        let recomputed = shown(&converted);
        let expected = expected(&output, assignee);
        for (i, title) in TITLES.iter().enumerate() {
            assert_same(
                &format!("{name}, LibreOffice: {title}"),
                &recomputed[i],
                &expected[i],
            );
        }
    }
}

#[test]
fn libreoffice_recomputes_the_pivots_of_100000_rows() {
    if !require_program("soffice") {
        return;
    }
    let dir = tempdir();
    let input = dir.path().join("large.xlsx");
    write_cases_book(&input, 100_000, true);
    let output = dir.path().join("large.annotated.xlsx");
    process(dir.path(), &input, &output);
    let expected = expected(&output, "Assignee");
    let written = shown(&output);
    let converted = through_libreoffice(&output, &dir.path().join("lo"));
    let recomputed = shown(&converted);
    for (i, title) in TITLES.iter().enumerate() {
        assert_same(&format!("as written: {title}"), &written[i], &expected[i]);
        assert_same(
            &format!("LibreOffice: {title}"),
            &recomputed[i],
            &expected[i],
        );
    }
}

#[test]
fn pivot_parts_pass_openxml_audit() {
    let Some(program) = audit_program() else {
        skip("openxml-audit not found (set OPENXML_AUDIT)");
        return;
    };
    let dir = tempdir();
    let outputs = dir.path().join("outputs");
    std::fs::create_dir(&outputs).unwrap();
    for (input, _) in inputs(dir.path()) {
        let output = outputs.join(input.with_extension("annotated.xlsx").file_name().unwrap());
        process(dir.path(), &input, &output);
        // A second run over its own output replaces the pivots.
        let again = outputs.join(input.with_extension("again.xlsx").file_name().unwrap());
        process(dir.path(), &output, &again);
    }
    let report = audit(&program, &outputs);
    assert_eq!(report.len(), 6, "{report:?}");
    for (file, errors) in &report {
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn rerun_replaces_our_pivots_and_keeps_the_teams_byte_for_byte() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/foreign-workbooks/poi-ExcelPivotTableSample.xlsx");
    if !fixture.is_file() {
        skip("../shared/fixtures not found");
        return;
    }
    let dir = tempdir();
    // Their workbook with two pivot tables, plus a case sheet.
    let input = dir.path().join("theirs.xlsx");
    let mut package = aftersales::package::Package::open(&fixture).unwrap();
    package
        .add_sheet("Cases", case_sheet_xml(&cases(40, true)))
        .unwrap();
    package.save(&input).unwrap();
    let theirs = |path: &Path| -> Vec<(String, Vec<u8>)> {
        zip_entries(path)
            .into_iter()
            .filter(|(n, _)| {
                let lower = n.to_lowercase();
                lower.contains("pivot")
                    && ["1.xml", "2.xml", "1.xml.rels", "2.xml.rels"]
                        .iter()
                        .any(|e| lower.ends_with(e))
                    && !lower.contains("pivottable3")
                    && !lower.contains("pivottable4")
            })
            .collect()
    };
    let before = theirs(&input);
    assert_eq!(
        before.len(),
        10,
        "{:?}",
        before.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
    assert_eq!(pivot_counts(&input), (2, 2));

    let once = dir.path().join("once.xlsx");
    process(dir.path(), &input, &once);
    let twice = dir.path().join("twice.xlsx");
    process(dir.path(), &once, &twice);
    for output in [&once, &twice] {
        // Their two caches and two tables, our one cache and four tables.
        assert_eq!(pivot_counts(output), (3, 6), "{}", output.display());
        let ours = theirs(output);
        for (name, bytes) in &before {
            let kept = ours.iter().find(|(n, _)| n == name).map(|(_, b)| b);
            assert_eq!(
                kept,
                Some(bytes),
                "{}: their {name} changed",
                output.display()
            );
        }
        let workbook = common::zip_text(output, "xl/workbook.xml");
        let original = common::zip_text(&input, "xl/workbook.xml");
        for entry in original.split("<pivotCache ").skip(1) {
            let entry = &entry[..entry.find("/>").unwrap()];
            assert!(
                workbook.contains(entry),
                "their <pivotCache {entry}/> is gone"
            );
        }
    }
    // The second run gives what the first gave (but for the Run sheet's input file).
    let names = |p: &Path| {
        zip_entries(p)
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&once), names(&twice));
    for ((name, a), (_, b)) in zip_entries(&once).iter().zip(zip_entries(&twice)) {
        if name.contains("pivot")
            || [
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "[Content_Types].xml",
            ]
            .contains(&name.as_str())
        {
            assert_eq!(*a, b, "{name} differs between the first and the second run");
        }
    }
    if let Some(program) = audit_program() {
        let outputs = dir.path().join("audit");
        std::fs::create_dir(&outputs).unwrap();
        std::fs::copy(&input, outputs.join("input.xlsx")).unwrap();
        std::fs::copy(&twice, outputs.join("twice.xlsx")).unwrap();
        let report = audit(&program, &outputs);
        let new: Vec<_> = report["twice.xlsx"]
            .keys()
            .filter(|k| !report["input.xlsx"].contains_key(k))
            .collect();
        assert!(new.is_empty(), "errors the input had not: {new:?}");
    }
}

#[test]
fn new_workbook_from_xls_and_ods_gets_the_pivot_sheet() {
    if !require_program("soffice") {
        return;
    }
    let dir = tempdir();
    let book = dir.path().join("errors.xlsx");
    write_cases_book(&book, 60, true);
    for format in ["xls", "ods"] {
        let out = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("lo-profile").display()
            ))
            .args(["--headless", "--convert-to", format, "--outdir"])
            .arg(dir.path())
            .arg(&book)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let input = dir.path().join(format!("errors.{format}"));
        let output = dir.path().join(format!("errors-{format}.annotated.xlsx"));
        process(dir.path(), &input, &output);
        let names = common::sheet_names(&output);
        assert_eq!(
            names[..4],
            ["Cases", "Findings", "Summary", "Pivot"],
            "{names:?}"
        );
        assert_eq!(pivot_counts(&output), (1, 4), "{}", output.display());
        let shown = shown(&output);
        let expected = expected(&output, "Assignee");
        for (i, title) in TITLES.iter().enumerate() {
            assert_same(&format!("{format}: {title}"), &shown[i], &expected[i]);
        }
    }
}

#[test]
fn a_case_sheet_without_assignees_gets_the_two_pivots_without_them() {
    // Case ID, Platform, Request date, Status: no Assignee column.
    let dir = tempdir();
    let input = common::repo_copy("tests/fixtures/xls/cases.xls", dir.path());
    let output = dir.path().join("cases.annotated.xlsx");
    process(dir.path(), &input, &output);
    assert_eq!(pivot_counts(&output), (1, 2));
    let grid = common::read_sheet(&output, "Pivot");
    let titles: Vec<&str> = grid
        .iter()
        .filter_map(|r| r.first().map(String::as_str))
        .filter(|t| TITLES.contains(t))
        .collect();
    assert_eq!(titles, [TITLES[0], TITLES[2]]);
}

/// A worksheet part with `rows` under the English header, strings inline, dates as text.
fn case_sheet_xml(rows: &[Vec<V>]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    let header: Vec<V> = HEADERS.iter().map(|h| s(h)).collect();
    for (r, cells) in std::iter::once(&header).chain(rows).enumerate() {
        xml.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, value) in cells.iter().enumerate() {
            let name = aftersales::package::cell_name(r as u32, c as u32);
            match value {
                V::S(t) => xml.push_str(&format!(
                    "<c r=\"{name}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    aftersales::package::escape(t)
                )),
                V::D(when) => xml.push_str(&format!(
                    "<c r=\"{name}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    when.format("%Y-%m-%d %H:%M")
                )),
                _ => {}
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml.into_bytes()
}
