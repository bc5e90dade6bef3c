//! Writing back into the team's own workbook (PRODUCT.md 6.1, 6.2, 7): for an `.xlsx`/`.xlsm`
//! input, `process` writes the input package patched — every part it has no reason to touch
//! keeps its bytes, every cell the team wrote in the case sheet keeps its XML, their styles keep
//! their numbers, and the computed columns and generated sheets are added after theirs.
//!
//! The input is a realistic Chinese team workbook built here (`support/team.rs`), and the same
//! workbook after a round trip through LibreOffice (formulas with cached values, another
//! writer's XML). Every assertion reads the output back, from the zip or with calamine;
//! computed values are compared with what `check` reports, never hard-coded.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use calamine::{open_workbook_auto, Data, Reader};
use sha2::{Digest, Sha256};

mod common;
use common::{
    read_cells, read_sheet, require_program, rewrite_zip, run, sheet_names, starter, tempdir,
    text, zip_entries, zip_text, Run, STARTER_AS_OF,
};

#[path = "support/team.rs"]
mod team;
use team::{
    write_team_workbook, TeamOptions, CASES, CASE_SHEET, COMMENTS, HEADERS, HEADER_ROW,
    HIDDEN_ROW, LAST_COLUMN, NOTES_SHEET, SUM_CELL, WIDTHS,
};

/// Every run of this file is "as of" this day, so results are deterministic.
const AS_OF: &str = "2026-11-20";

/// The computed columns' English headers (src/model/columns.rs); more may come, in any place
/// after the team's columns.
const COMPUTED: [&str; 12] = [
    "Policy",
    "Window start",
    "Return deadline",
    "First response due",
    "FRT (h)",
    "Resolution due",
    "Age (days)",
    "SLA status",
    "Priority",
    "Findings",
    "Next action",
    "Suggested reply",
];

/// The generated sheets, in the order they follow the team's sheets.
const GENERATED: [&str; 5] = ["Findings", "Summary", "Trend", "Applied policies", "Run"];

// ---------------------------------------------------------------------------------------------
// Fixtures

/// The team workbook as rust_xlsxwriter writes it, at `dir/name`.
fn team_workbook(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    write_team_workbook(&path, &TeamOptions::default());
    path
}

/// Converts `input` with LibreOffice headless into `outdir` (`xlsx`, `ods`, `pdf`), with a
/// profile of its own so several conversions can run at once.
fn soffice_convert(inputs: &[&Path], outdir: &Path, to: &str) {
    let profile = tempdir();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(inputs)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice --convert-to {to} failed: {}",
        text(&out.stderr)
    );
}

/// The team workbook after a LibreOffice round trip (`soffice --convert-to xlsx`), made once
/// per test run in Cargo's temporary folder for integration tests. `None` where soffice is
/// missing (the caller has said "skipped").
fn libreoffice_team_workbook() -> Option<&'static Path> {
    static CONVERTED: OnceLock<PathBuf> = OnceLock::new();
    if !require_program("soffice") {
        return None;
    }
    let path = CONVERTED.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("writeback-libreoffice");
        let source = dir.join("source");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&source).unwrap();
        let input = team_workbook(&source, "team-lo.xlsx");
        soffice_convert(&[&input], &dir, "xlsx");
        let path = dir.join("team-lo.xlsx");
        assert!(path.is_file(), "LibreOffice wrote no team-lo.xlsx");
        path
    });
    Some(path.as_path())
}

/// The fixture variants, each copied into `dir`: built by rust_xlsxwriter (`team.xlsx`) and,
/// where soffice is installed, saved again by LibreOffice (`team-lo.xlsx`).
fn variants(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![team_workbook(dir, "team.xlsx")];
    if let Some(converted) = libreoffice_team_workbook() {
        let path = dir.join("team-lo.xlsx");
        std::fs::copy(converted, &path).unwrap();
        out.push(path);
    }
    out
}

/// The VBA project of a real macro workbook from the shared fixtures, or `None` (after saying
/// "skipped"; a failure under CI=true) in a clone without them.
fn vba_project(dir: &Path) -> Option<PathBuf> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/foreign-workbooks/excel-macro01.xlsm");
    if !source.is_file() {
        skip("../shared/fixtures not found (the VBA project comes from excel-macro01.xlsm)");
        return None;
    }
    let (_, bytes) = zip_entries(&source)
        .into_iter()
        .find(|(name, _)| name == "xl/vbaProject.bin")
        .expect("excel-macro01.xlsm holds xl/vbaProject.bin");
    let path = dir.join("vbaProject.bin");
    std::fs::write(&path, bytes).unwrap();
    Some(path)
}

fn skip(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test}: {why}, and CI=true: nothing may be skipped");
    }
    eprintln!("skipped: {test}: {why}");
}

// ---------------------------------------------------------------------------------------------
// Running the binary

/// `process INPUT --as-of AS_OF extra...`, which must succeed (exit 0 or 1).
fn process(input: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["process", input.to_str().unwrap(), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = run(input.parent().unwrap(), &args);
    assert!(
        matches!(out.code, 0 | 1),
        "process {} failed ({}): {}",
        input.display(),
        out.code,
        out.stderr
    );
    out
}

/// `<stem>.annotated.<ext>` beside `input`, which must exist.
fn annotated(input: &Path) -> PathBuf {
    let ext = input.extension().unwrap().to_str().unwrap();
    let ext = if ext == "xlsm" { "xlsm" } else { "xlsx" };
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let path = input.with_file_name(format!("{stem}.annotated.{ext}"));
    assert!(path.is_file(), "process wrote no {}", path.display());
    path
}

/// Processes `input` with the default output name and returns that output.
fn process_default(input: &Path) -> PathBuf {
    process(input, &[]);
    annotated(input)
}

/// `check INPUT --format json --as-of AS_OF extra...`, parsed.
fn check(input: &Path, as_of: &str) -> serde_json::Value {
    let out = run(
        input.parent().unwrap(),
        &[
            "check",
            input.to_str().unwrap(),
            "--format",
            "json",
            "--as-of",
            as_of,
        ],
    );
    assert!(
        matches!(out.code, 0 | 1),
        "check {} failed ({}): {}",
        input.display(),
        out.code,
        out.stderr
    );
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("check printed no JSON ({e}): {}", out.stdout))
}

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"].as_array().cloned().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Looking inside packages

/// (name, compression method, crc32, compressed bytes) of every entry, in order.
fn raw_entries(path: &Path) -> Vec<(String, String, u32, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index_raw(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (
                entry.name().to_string(),
                format!("{:?}", entry.compression()),
                entry.crc32(),
                bytes,
            )
        })
        .collect()
}

/// Decompressed entries by name.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    zip_entries(path).into_iter().collect()
}

/// The worksheet part of sheet `name`, or a failure naming the sheets there are.
fn sheet_part(path: &Path, name: &str) -> String {
    let names = sheet_names(path);
    assert!(
        names.iter().any(|n| n == name),
        "{}: no sheet {name:?}; its sheets are {names:?}",
        path.display()
    );
    common::sheet_xml_path(path, name)
}

/// The relationships part of a part: `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`.
fn rels_of(part: &str) -> String {
    let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
    format!("{folder}/_rels/{file}.rels")
}

/// The parts `process` may rewrite: the case sheet, its relationships, styles, the workbook,
/// its relationships, the content types and the app properties.
fn may_change(input: &Path) -> HashSet<String> {
    let case = sheet_part(input, CASE_SHEET);
    [
        rels_of(&case),
        case,
        "xl/styles.xml".to_string(),
        "xl/workbook.xml".to_string(),
        "xl/_rels/workbook.xml.rels".to_string(),
        "[Content_Types].xml".to_string(),
        "docProps/app.xml".to_string(),
    ]
    .into_iter()
    .collect()
}

/// Every part of `input` that `process` has no reason to touch is in `output` with the same
/// bytes, compressed and decompressed. Returns the failures.
fn changed_untouchable_parts(input: &Path, output: &Path) -> Vec<String> {
    let allowed = may_change(input);
    let after: HashMap<String, (String, u32, Vec<u8>)> = raw_entries(output)
        .into_iter()
        .map(|(n, m, c, b)| (n, (m, c, b)))
        .collect();
    let after_parts = parts(output);
    let before_parts = parts(input);
    let mut failures = Vec::new();
    for (name, method, crc, bytes) in raw_entries(input) {
        if allowed.contains(&name) {
            continue;
        }
        match after.get(&name) {
            None => failures.push(format!("{name}: missing from the output")),
            Some(a) => {
                if before_parts[&name] != after_parts[&name] {
                    failures.push(format!("{name}: its content changed"));
                } else if *a != (method, crc, bytes) {
                    failures.push(format!(
                        "{name}: same content, but recompressed (not copied raw)"
                    ));
                }
            }
        }
    }
    failures
}

fn assert_untouchable_parts_kept(input: &Path, output: &Path) {
    let failures = changed_untouchable_parts(input, output);
    assert!(
        failures.is_empty(),
        "{} → {}: parts the tool has no reason to touch changed:\n{}",
        input.display(),
        output.display(),
        failures.join("\n")
    );
}

/// The start of each element `<tag …` in `xml` (not `<tagger`), with its end (after `/>` or
/// `</tag>`).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = xml[from..].find(&open).map(|i| i + from) {
        let after = xml[at + open.len()..].chars().next();
        if !matches!(after, Some(' ' | '>' | '/' | '\n' | '\r' | '\t')) {
            from = at + open.len();
            continue;
        }
        let tag_end = at + xml[at..].find('>').expect("a closed start tag") + 1;
        let end = if xml[..tag_end].ends_with("/>") {
            tag_end
        } else {
            tag_end + xml[tag_end..].find(&close).expect("an end tag") + close.len()
        };
        out.push(&xml[at..end]);
        from = end;
    }
    out
}

/// The first element `<tag …>…</tag>` of `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    elements(xml, tag).into_iter().next()
}

/// The content of an element, between its start and end tags.
fn inner(element: &str) -> &str {
    if element.ends_with("/>") && !element.contains("</") {
        return "";
    }
    let start = element.find('>').unwrap() + 1;
    let end = element.rfind("</").unwrap();
    &element[start..end]
}

/// An attribute of an element's start tag, unescaped.
fn attribute(element: &str, name: &str) -> Option<String> {
    let start_tag = &element[..element.find('>').unwrap_or(element.len())];
    let needle = format!(" {name}=\"");
    let at = start_tag.find(&needle)? + needle.len();
    let value = &start_tag[at..at + start_tag[at..].find('"')?];
    Some(
        value
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Whether every item of `needles` appears in `haystack`, in order. `Err` names the first
/// that does not.
fn in_order<'a>(needles: &[&'a str], haystack: &[&str]) -> Result<(), &'a str> {
    let mut rest = haystack.iter();
    for needle in needles {
        if !rest.any(|h| h == needle) {
            return Err(needle);
        }
    }
    Ok(())
}

/// Width of every column (1-based) a `<cols>` element sets.
fn widths(sheet_xml: &str) -> BTreeMap<u32, String> {
    let mut out = BTreeMap::new();
    for col in elements(sheet_xml, "col") {
        let min: u32 = attribute(col, "min").unwrap().parse().unwrap();
        let max: u32 = attribute(col, "max").unwrap().parse().unwrap();
        if let Some(width) = attribute(col, "width") {
            for c in min..=max.min(16_384) {
                out.insert(c, width.clone());
            }
        }
    }
    out
}

/// Targets (resolved to part names) of the relationships of `source_part` whose type ends
/// with `/kind`.
fn related(path: &Path, source_part: &str, kind: &str) -> Vec<String> {
    let rels = rels_of(source_part);
    if !zip_names_set(path).contains(&rels) {
        return Vec::new();
    }
    let xml = zip_text(path, &rels);
    let folder = source_part.rsplit_once('/').map_or("", |(f, _)| f);
    elements(&xml, "Relationship")
        .into_iter()
        .filter(|r| attribute(r, "Type").is_some_and(|t| t.ends_with(&format!("/{kind}"))))
        .map(|r| resolve(folder, &attribute(r, "Target").unwrap()))
        .collect()
}

fn zip_names_set(path: &Path) -> HashSet<String> {
    common::zip_names(path).into_iter().collect()
}

/// A relationship target relative to `folder`, as a part name.
fn resolve(folder: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in target.split('/') {
        match segment {
            ".." => {
                segments.pop();
            }
            "." | "" => {}
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// The header row and the case rows of the case sheet, as text.
fn case_grid(path: &Path) -> Vec<Vec<String>> {
    read_sheet(path, CASE_SHEET)
}

/// 0-based column of a computed header in the case sheet's header row.
fn computed_column(header: &[String], name: &str) -> usize {
    let found: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| *h == name)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "computed header {name:?} should be once in {header:?}"
    );
    found[0]
}

fn sha256_hex(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// The fixture itself

#[test]
fn team_fixture_is_read_as_a_case_sheet_with_the_intended_findings() {
    let dir = tempdir();
    for input in variants(dir.path()) {
        let what = input.display().to_string();
        assert_eq!(sheet_names(&input)[..2], [CASE_SHEET, NOTES_SHEET], "{what}");
        let report = check(&input, AS_OF);
        assert_eq!(report["sheet"], CASE_SHEET, "{what}");
        assert_eq!(report["cases"], CASES, "{what}: every case, the hidden one too");
        assert_eq!(report["counts"]["error"], 0, "{what}: {report}");
        let list = findings(&report);
        let codes: HashSet<&str> = list.iter().filter_map(|f| f["code"].as_str()).collect();
        for code in ["W_OVERDUE", "W_FIRST_RESPONSE_LATE", "P_WINDOW_EXPIRED"] {
            assert!(codes.contains(code), "{what}: no {code} in {codes:?}");
        }
        // The team's comment on a case cell sits where a finding falls.
        let (r, c, _, _) = COMMENTS[1];
        let cell = format!("{}{}", (b'A' + c as u8) as char, r + 1);
        assert!(
            list.iter().any(|f| f["cell"] == cell.as_str()),
            "{what}: no finding on the commented cell {cell}"
        );
        // The hidden row is a case.
        let grid = case_grid(&input);
        let hidden_id = &grid[HIDDEN_ROW as usize][0];
        assert!(hidden_id.starts_with("SH-2611-"), "{what}: {hidden_id}");
        // The formula over the case sheet is there.
        let mut book = open_workbook_auto(&input).unwrap();
        let formulas = book.worksheet_formula(NOTES_SHEET).unwrap();
        let formula = formulas
            .get_value((SUM_CELL.0, u32::from(SUM_CELL.1)))
            .unwrap_or_else(|| panic!("{what}: no formula at B4"));
        assert!(formula.contains("售后登记!"), "{what}: {formula}");
        // Image, chart, table, comments, drop-downs and the frozen pane are in the package.
        let names = common::zip_names(&input);
        for kind in ["xl/media/", "xl/charts/chart", "xl/tables/table", "comments"] {
            assert!(
                names.iter().any(|n| n.contains(kind)),
                "{what}: no {kind} part in {names:?}"
            );
        }
        let xml = zip_text(&input, &sheet_part(&input, CASE_SHEET));
        assert_eq!(
            elements(&xml, "dataValidation").len(),
            2,
            "{what}: two drop-downs"
        );
        // (LibreOffice headless drops the frozen pane when it converts.)
        if !what.ends_with("team-lo.xlsx") {
            assert!(
                element(&xml, "pane").is_some_and(|p| p.contains("frozen")),
                "{what}"
            );
        }
        assert!(element(&xml, "mergeCells").is_some(), "{what}");
    }
}
