//! Helpers shared by the integration tests: build input workbooks with rust_xlsxwriter, run
//! the binary in a temporary folder, read output sheets back with calamine, look inside
//! the written zip, and skip (or, under `CI=true`, fail) where an outside program is missing.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Formula, Workbook};

/// The moment every test runs "as of".
pub const AS_OF: &str = "2026-11-23T09:00";

/// The headers of a typical English case sheet (25 columns, A to Y).
pub const HEADERS: [&str; 25] = [
    "Case ID",              // A
    "Order ID",             // B
    "Platform",             // C
    "Category",             // D
    "Customer",             // E
    "Contact",              // F
    "Purchase date",        // G
    "Received date",        // H
    "Request date",         // I
    "Issue type",           // J
    "Requested resolution", // K
    "Evidence",             // L
    "Original packaging",   // M
    "Item used",            // N
    "Status",               // O
    "Assignee",             // P
    "First response",       // Q
    "Resolved at",          // R
    "Reopened",             // S
    "Order amount",         // T
    "Refund amount",        // U
    "CSAT",                 // V
    "Feedback",             // W
    "Exception approved",   // X
    "Remarks",              // Y
];

/// One cell of an input workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Blank,
    S(String),
    N(f64),
    B(bool),
    /// A real date/datetime cell.
    D(NaiveDateTime),
    /// A formula with its cached result (e.g. `=NA()` with `#N/A`).
    F(String, String),
    /// A blank cell that carries a format (like Excel's formatted empty rows).
    FormattedBlank,
}

pub fn s(text: &str) -> V {
    V::S(text.to_string())
}

pub fn n(x: f64) -> V {
    V::N(x)
}

/// A real datetime cell from `2026-11-03` or `2026-11-03 14:30`.
pub fn d(text: &str) -> V {
    V::D(dt(text))
}

pub fn dt(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap())
        })
        .unwrap_or_else(|_| panic!("test date {text:?}"))
}

/// A formula cell whose cached value is the error `#N/A`.
pub fn na() -> V {
    V::F("=NA()".to_string(), "#N/A".to_string())
}

/// A row for `header`, from (header, value) pairs; unnamed columns are blank.
pub fn row(header: &[&str], pairs: &[(&str, V)]) -> Vec<V> {
    let mut out = vec![V::Blank; header.len()];
    for (name, value) in pairs {
        let i = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in the test header"));
        out[i] = value.clone();
    }
    out
}

/// The header as a row of text cells.
pub fn header_row(header: &[&str]) -> Vec<V> {
    header.iter().map(|h| s(h)).collect()
}

/// One sheet of an input workbook.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub grid: Vec<Vec<V>>,
    /// 0-based rows to hide.
    pub hidden_rows: Vec<u32>,
}

impl Sheet {
    pub fn new(name: &str, grid: Vec<Vec<V>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            grid,
            hidden_rows: Vec::new(),
        }
    }

    /// A case sheet: `above` rows (titles), then the header, then the case rows.
    pub fn cases(name: &str, above: Vec<Vec<V>>, header: &[&str], rows: Vec<Vec<V>>) -> Sheet {
        let mut grid = above;
        grid.push(header_row(header));
        grid.extend(rows);
        Sheet::new(name, grid)
    }
}

/// How to write a workbook.
#[derive(Debug, Clone, Default)]
pub struct BookOptions {
    /// Use the 1904 date system (dates are written as 1904 serials, and the workbook flagged).
    pub date1904: bool,
}

/// Writes `sheets` as an .xlsx workbook at `path`.
pub fn write_book(path: &Path, sheets: &[Sheet], options: &BookOptions) {
    let mut workbook = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let datetime_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let blank_fmt = Format::new().set_background_color(rust_xlsxwriter::Color::RGB(0xFFFFCC));
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for (r, cells) in sheet.grid.iter().enumerate() {
            let r = r as u32;
            for (c, value) in cells.iter().enumerate() {
                let c = c as u16;
                match value {
                    V::Blank => {}
                    V::S(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    V::N(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    V::B(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    V::D(when) => {
                        let fmt = if when.time() == chrono::NaiveTime::MIN {
                            &date_fmt
                        } else {
                            &datetime_fmt
                        };
                        if options.date1904 {
                            ws.write_number_with_format(r, c, serial_1904(*when), fmt)
                                .unwrap();
                        } else {
                            ws.write_datetime_with_format(r, c, when, fmt).unwrap();
                        }
                    }
                    V::F(formula, result) => {
                        ws.write_formula(r, c, Formula::new(formula).set_result(result))
                            .unwrap();
                    }
                    V::FormattedBlank => {
                        ws.write_blank(r, c, &blank_fmt).unwrap();
                    }
                }
            }
        }
        for r in &sheet.hidden_rows {
            ws.set_row_hidden(*r).unwrap();
        }
    }
    workbook.save(path).unwrap();
    if options.date1904 {
        mark_1904(path);
    }
}

/// Writes a one-sheet workbook ("Cases input" by default name `Sheet1`).
pub fn write_cases(path: &Path, header: &[&str], rows: Vec<Vec<V>>) {
    write_book(
        path,
        &[Sheet::cases("Sheet1", Vec::new(), header, rows)],
        &BookOptions::default(),
    );
}

/// Days since 1904-01-01, as Excel stores a date in the 1904 date system.
pub fn serial_1904(when: NaiveDateTime) -> f64 {
    let epoch = dt("1904-01-01");
    (when - epoch).num_seconds() as f64 / 86_400.0
}

/// rust_xlsxwriter has no public switch for the 1904 date system: flag it in workbook.xml.
fn mark_1904(path: &Path) {
    rewrite_zip(path, path, |name, bytes| {
        if name != "xl/workbook.xml" {
            return bytes;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("<workbookPr"), "{text}");
        text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
            .into_bytes()
    });
}

/// Copies a zip (deflated), passing each member's bytes through `change`; `to` may be `from`.
pub fn rewrite_zip(from: &Path, to: &Path, mut change: impl FnMut(&str, Vec<u8>) -> Vec<u8>) {
    let entries = zip_entries(from);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(&change(&name, bytes)).unwrap();
    }
    zip.finish().unwrap();
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The binary, for runs a test spawns and watches itself: no colour, no backtrace variables,
/// and an English locale (the default `--lang` follows the locale; tests that want Chinese
/// say `--lang zh` or set `LANG` themselves).
pub fn binary() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_aftersales"));
    command
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    command
}

/// The binary with `args` (more with `.arg(path)`), as [`binary`], at most 10 minutes.
pub fn command(args: &[&str]) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::from_std(binary());
    command.args(args).timeout(Duration::from_secs(600));
    command
}

/// Runs `aftersales args...` and returns what happened, whatever it was (a signal leaves no
/// exit code): for tests that judge crashes themselves.
pub fn aftersales(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

/// Runs `aftersales args...` in `dir`; a panic is always a test failure.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let output = command(args).current_dir(dir).output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "aftersales {args:?} panicked: {}",
        run.stderr
    );
    run
}

/// The starter workbook's examples are dated around this moment (its How-to sheet says so).
pub const STARTER_AS_OF: &str = "2026-11-20T12:00";

/// `aftersales init --lang LANG DIR`, which must succeed; returns the starter workbook's path.
pub fn starter(dir: &Path, lang: &str) -> PathBuf {
    command(&["init", "--lang", lang])
        .arg(dir)
        .assert()
        .success();
    dir.join("aftersales-cases.xlsx")
}

/// A refusal: exit 2 and one line on stderr that says each of `says` and none of `never`
/// (the other language's words, say).
pub fn assert_refusal(code: i32, stderr: &str, says: &[&str], never: &[&str]) {
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    for part in says {
        assert!(stderr.contains(part), "{part:?} not in: {stderr}");
    }
    for part in never {
        assert!(!stderr.contains(part), "{part:?} in: {stderr}");
    }
}

/// `check FILE --format json --as-of AS_OF extra...`, parsed.
pub fn check_json(dir: &Path, file: &str, extra: &[&str]) -> (serde_json::Value, Run) {
    let mut args = vec!["check", file, "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert!(
        matches!(out.code, 0 | 1),
        "check {file} failed ({}): {}",
        out.code,
        out.stderr
    );
    let value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}): {}", out.stdout));
    (value, out)
}

/// The findings of a JSON report.
pub fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"].as_array().cloned().unwrap_or_default()
}

/// The findings of a JSON report with a given code.
pub fn with_code(report: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    findings(report)
        .into_iter()
        .filter(|f| f["code"] == code)
        .collect()
}

/// The findings of a JSON report for one case id.
pub fn for_case(report: &serde_json::Value, case_id: &str) -> Vec<serde_json::Value> {
    findings(report)
        .into_iter()
        .filter(|f| f["case_id"] == case_id)
        .collect()
}

/// The codes of some findings, sorted.
pub fn codes(list: &[serde_json::Value]) -> Vec<String> {
    let mut out: Vec<String> = list
        .iter()
        .map(|f| f["code"].as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out
}

/// Sheet names of a workbook, in order.
/// The name of the case sheet of an annotated workbook, as its Run sheet records it.
pub fn case_sheet(output: &Path) -> String {
    let run = read_sheet(output, "Run");
    run.iter()
        .find(|r| r.first().is_some_and(|k| k == "Case sheet"))
        .and_then(|r| r.get(1).cloned())
        .unwrap_or_else(|| panic!("no Case sheet row on the Run sheet of {}", output.display()))
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap().sheet_names()
}

/// A sheet's cells, as a grid indexed from A1 (rows/columns before the used range are empty).
pub fn read_cells(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet:?} of {}: {e}", path.display()));
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let (r1, c1) = range.end().unwrap();
    let mut grid = vec![vec![Data::Empty; c1 as usize + 1]; r1 as usize + 1];
    for (r, c, value) in range.used_cells() {
        grid[r0 as usize + r][c0 as usize + c] = value.clone();
    }
    grid
}

/// A sheet as text: numbers without a trailing `.0`, dates as `2026-11-03` or `2026-11-03 14:30`.
pub fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    read_cells(path, sheet)
        .iter()
        .map(|r| r.iter().map(text_of).collect())
        .collect()
}

pub fn text_of(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(t) => t.clone(),
        Data::Float(x) => {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{}", *x as i64)
            } else {
                format!("{x}")
            }
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(x) => match x.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => x.as_f64().to_string(),
        },
        Data::DateTimeIso(t) | Data::DurationIso(t) => t.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// The 0-based index of a header in a row, panicking with the row when absent.
pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

/// The row (0-based in the grid) whose column `c` holds `value`.
pub fn row_with<'a>(grid: &'a [Vec<String>], c: usize, value: &str) -> &'a Vec<String> {
    grid.iter()
        .find(|r| r.get(c).map(String::as_str) == Some(value))
        .unwrap_or_else(|| panic!("no row with {value:?} in column {c}"))
}

/// Every entry of a zip file with its bytes, in archive order.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.push((entry.name().to_string(), bytes));
    }
    out
}

/// The names of the entries of a zip file.
pub fn zip_names(path: &Path) -> Vec<String> {
    zip_entries(path).into_iter().map(|(n, _)| n).collect()
}

/// One zip entry as text.
pub fn zip_text(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in {}", path.display()));
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

/// The worksheet XML part of a sheet, found through workbook.xml and its relationships.
pub fn sheet_xml_path(path: &Path, sheet: &str) -> String {
    let workbook = zip_text(path, "xl/workbook.xml");
    let needle = format!("name=\"{sheet}\"");
    let at = workbook
        .find(&needle)
        .unwrap_or_else(|| panic!("no sheet {sheet} in workbook.xml"));
    let tail = &workbook[at..];
    let rid_at = tail.find("r:id=\"").unwrap() + 6;
    let rid = &tail[rid_at..rid_at + tail[rid_at..].find('"').unwrap()];
    let rels = zip_text(path, "xl/_rels/workbook.xml.rels");
    let rel_at = rels.find(&format!("Id=\"{rid}\"")).unwrap();
    // The relationship element holding that id.
    let start = rels[..rel_at].rfind('<').unwrap();
    let end = start + rels[start..].find('>').unwrap();
    let element = &rels[start..end];
    let target_at = element.find("Target=\"").unwrap() + 8;
    let target = &element[target_at..target_at + element[target_at..].find('"').unwrap()];
    format!("xl/{}", target.trim_start_matches("/xl/"))
}

/// A file of this repository, from its path relative to Cargo.toml.
pub fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A copy of the repository's `relative` file in `dir`, so a run on it leaves the repository
/// as it was (`process` records its history beside the input).
pub fn repo_copy(relative: &str, dir: &Path) -> PathBuf {
    let source = repo_file(relative);
    let copy = dir.join(source.file_name().unwrap());
    std::fs::copy(&source, &copy).unwrap();
    copy
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `dir/name` as a String, for arguments.
pub fn arg(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

pub fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The exit code; 101 for a run ended by a signal.
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(101)
}

/// Fails when `what`, started at `started`, took `bound` or longer.
pub fn within(started: Instant, bound: Duration, what: &str) {
    let took = started.elapsed();
    assert!(took < bound, "{what} took {took:?}, bound {bound:?}");
}

/// Whether `program` is on the PATH, for a test that needs it. Where it is missing the test
/// says `skipped: <test>: <program> not installed` on stderr (seen with `--nocapture`) and
/// should return; under `CI=true`, where nothing may be skipped, it fails instead.
pub fn require_program(program: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    if !found {
        // libtest runs each test on a thread named after it.
        let thread = std::thread::current();
        let test = thread.name().unwrap_or("a test");
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{test}: {program} not installed, and CI=true: .ci/run must install it");
        }
        eprintln!("skipped: {test}: {program} not installed");
    }
    found
}

/// Skips the running test with a reason, or fails it under `CI=true` (nothing may be skipped
/// there).
pub fn skip(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test}: {why}, and CI=true: nothing may be skipped");
    }
    eprintln!("skipped: {test}: {why}");
}

/// (name, compression method, crc32, compressed bytes) of every entry, in order.
pub fn raw_entries(path: &Path) -> Vec<(String, String, u32, Vec<u8>)> {
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

/// The openxml-audit program: env OPENXML_AUDIT, else on the PATH.
pub fn audit_program() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("OPENXML_AUDIT") {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Some(path);
        }
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("openxml-audit"))
        .find(|p| p.is_file())
}

/// Errors per file name: (part, description) → how many, from one `openxml-audit -r` call.
pub fn audit(program: &Path, dir: &Path) -> HashMap<String, HashMap<(String, String), usize>> {
    let out = std::process::Command::new(program)
        .args(["-r", "-o", "json", "-m", "0"])
        .arg(dir)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit output is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut by_file = HashMap::new();
    for file in report.as_array().expect("a list of files") {
        let name = Path::new(file["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut errors: HashMap<(String, String), usize> = HashMap::new();
        for e in file["errors"].as_array().into_iter().flatten() {
            if e["severity"].as_str() == Some("error") {
                let key = (
                    e["part_uri"].as_str().unwrap_or("").to_string(),
                    e["description"].as_str().unwrap_or("").to_string(),
                );
                *errors.entry(key).or_default() += 1;
            }
        }
        by_file.insert(name, errors);
    }
    by_file
}
