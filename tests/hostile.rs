//! Malformed, truncated, encrypted and hostile workbooks (PRODUCT.md sections 1 and 7): the
//! real binary answers each with exit 0, 1 or 2 in bounded time, never a panic; an exit 2 is
//! one line on stderr that names the file.
//!
//! Every test checks its own time bound with `Instant`. The bounds are generous because the
//! tests run a debug build on a small shared machine; memory is not asserted here.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

mod common;
use common::{aftersales, binary, code, repo_file, rewrite_zip, tempdir, text, within, AS_OF};

/// The bound for one small hostile input, both commands, in a debug build.
const BOUND: Duration = Duration::from_secs(60);

/// The headers of a small case sheet.
const HEADERS: [&str; 7] = [
    "Case ID",
    "Platform",
    "Request date",
    "Customer",
    "Contact",
    "Status",
    "Remarks",
];

/// A valid case row for `HEADERS`.
fn case_row(i: usize) -> [String; 7] {
    [
        format!("C-{i:05}"),
        "Superbuy".to_string(),
        "2026-11-03".to_string(),
        "Zhang Wei".to_string(),
        "13812345678".to_string(),
        "New".to_string(),
        format!("row {i}"),
    ]
}

/// The contract for any input: exit 0/1/2, never a panic or a backtrace hint, and an exit 2
/// is exactly one line on stderr naming the file.
fn assert_sane(out: &Output, input: &Path, what: &str) -> i32 {
    assert_contract(out.status.code(), &text(&out.stderr), input, what)
}

/// [`assert_sane`] for an exit code (`None`: ended by a signal) and stderr.
fn assert_contract(code: Option<i32>, stderr: &str, input: &Path, what: &str) -> i32 {
    assert!(
        matches!(code, Some(0..=2)),
        "{what}: exit {code:?} (signal or panic), stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "{what}: the binary panicked:\n{stderr}"
    );
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "{what}: a backtrace hint on stderr:\n{stderr}"
    );
    let code = code.unwrap_or(101);
    if code == 2 {
        let lines: Vec<&str> = stderr.trim_end().lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{what}: an exit 2 must be one line on stderr, got:\n{stderr}"
        );
        let name = input.file_name().unwrap().to_string_lossy();
        for wording in [
            "Xlsx error",
            "Xls error",
            "Xlsb error",
            "Ods error",
            "Zip error",
            "Cfb error",
            "aftersales-tmp",
        ] {
            assert!(
                !lines[0].contains(wording),
                "{what}: a library's wording ({wording}) instead of a sentence: {}",
                lines[0]
            );
        }
        assert!(
            lines[0].contains(name.as_ref()),
            "{what}: the message does not name the file {name}: {}",
            lines[0]
        );
    }
    code
}

/// Runs `check --format json` and `process` on `input`, checking the contract for both;
/// returns both outputs.
fn check_and_process(input: &Path) -> (Output, Output) {
    let dir = input.parent().unwrap();
    let out_path = dir.join("out.annotated.xlsx");
    let path = input.to_str().unwrap();
    let check = aftersales(&["check", path, "--as-of", AS_OF, "--format", "json"]);
    assert_sane(&check, input, "check");
    let process = aftersales(&[
        "process",
        path,
        "-o",
        out_path.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    let code = assert_sane(&process, input, "process");
    if code == 2 {
        assert!(
            !out_path.exists(),
            "process failed yet wrote {}",
            out_path.display()
        );
    } else {
        assert!(out_path.exists(), "process succeeded but wrote no output");
        assert!(
            calamine::open_workbook_auto(&out_path).is_ok(),
            "the output does not open"
        );
    }
    (check, process)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json printed no JSON ({e}):\n{}",
            text(&out.stdout)
        )
    })
}

/// Runs `check` on `input` again and asserts its one-line refusal says each of `says`.
fn assert_refusal_says(input: &Path, says: &[&str]) {
    let stderr = refusal(input, "en");
    for part in says {
        assert!(stderr.contains(part), "{part:?} not in: {stderr}");
    }
}

/// Runs `check --lang zh` on `input` and asserts its one-line refusal names the file and says
/// each of `says` (the message's Chinese words) and none of `english` (its English words).
fn assert_refusal_says_in_chinese(input: &Path, says: &[&str], english: &[&str]) {
    let stderr = refusal(input, "zh");
    let name = input.file_name().unwrap().to_string_lossy();
    assert!(stderr.contains(name.as_ref()), "{name} not in: {stderr}");
    for part in says {
        assert!(stderr.contains(part), "{part:?} not in: {stderr}");
    }
    for part in english {
        assert!(!stderr.contains(part), "English {part:?} in: {stderr}");
    }
}

/// `check --lang LANG` on `input`: exit 2 and one line on stderr, which is returned.
fn refusal(input: &Path, lang: &str) -> String {
    let path = input.to_str().unwrap();
    let out = aftersales(&["check", path, "--as-of", AS_OF, "--lang", lang]);
    let stderr = text(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    stderr
}

fn write_strings(sheet: &mut Worksheet, row: u32, cells: &[String]) {
    for (c, v) in cells.iter().enumerate() {
        sheet.write_string(row, c as u16, v).unwrap();
    }
}

/// A workbook with one case sheet of `rows` valid cases.
fn cases_workbook(path: &Path, rows: usize) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    write_strings(sheet, 0, &HEADERS.map(String::from));
    for i in 0..rows {
        write_strings(sheet, i as u32 + 1, &case_row(i));
    }
    book.save(path).unwrap();
}

// ---- not a workbook at all ----

#[test]
fn text_renamed_to_xlsx_is_exit_2() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("notes.xlsx");
    fs::write(
        &input,
        "Case ID,Platform,Request date\nC-1,Superbuy,2026-11-03\n",
    )
    .unwrap();
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 2);
    assert_eq!(code(&process), 2);
    within(started, BOUND, "text as .xlsx");
}

#[test]
fn other_non_workbooks_are_exit_2() {
    let started = Instant::now();
    let dir = tempdir();
    let cases: [(&str, &[u8]); 8] = [
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        (
            "page.xlsx",
            b"<!DOCTYPE html><html><body>Cases</body></html>",
        ),
        ("empty.xlsx", b""),
        ("zeros.xlsx", &[0u8; 4096]),
        ("pk.xlsx", b"PK\x03\x04garbage"),
        ("text.xls", b"not an xls file"),
        ("text.ods", b"not an ods file"),
        ("text.xlsb", b"not an xlsb file"),
    ];
    for (name, bytes) in cases {
        let input = dir.path().join(name);
        fs::write(&input, bytes).unwrap();
        let (check, process) = check_and_process(&input);
        assert_eq!(code(&check), 2, "{name}");
        assert_eq!(code(&process), 2, "{name}");
        let said = text(&check.stderr);
        match name {
            "report.xlsx" => assert!(said.contains("a PDF document"), "{said}"),
            "page.xlsx" => assert!(said.contains("web page"), "{said}"),
            "pk.xlsx" => assert!(said.contains("damaged"), "{said}"),
            _ => {}
        }
    }
    assert_refusal_says_in_chinese(
        &dir.path().join("report.xlsx"),
        &["无法打开工作簿", "这是 PDF 文档，不是工作簿", "支持 .xlsx"],
        &["cannot open", "document", "supported"],
    );
    within(started, BOUND, "non-workbooks");
}

#[test]
fn missing_input_is_exit_2_naming_it() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("missing.xlsx");
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 2);
    assert_eq!(code(&process), 2);
    assert_refusal_says(
        &input,
        &["cannot open the workbook: no such file or folder"],
    );
    assert_refusal_says_in_chinese(
        &input,
        &["无法打开工作簿：文件或文件夹不存在"],
        &["cannot open", "such file", "os error"],
    );
    within(started, BOUND, "missing input");
}

// ---- truncated and corrupted zips ----

#[test]
fn truncated_xlsx_is_exit_2() {
    let started = Instant::now();
    let dir = tempdir();
    let whole = dir.path().join("whole.xlsx");
    cases_workbook(&whole, 2_000);
    let bytes = fs::read(&whole).unwrap();
    for (label, len) in [
        ("half", bytes.len() / 2),
        ("tenth", bytes.len() / 10),
        ("nine tenths", bytes.len() * 9 / 10),
        ("all but the end record", bytes.len() - 22),
        ("all but one byte", bytes.len() - 1),
    ] {
        let input = dir.path().join("truncated.xlsx");
        fs::write(&input, &bytes[..len]).unwrap();
        let (check, process) = check_and_process(&input);
        assert_eq!(code(&check), 2, "{label}");
        assert_eq!(code(&process), 2, "{label}");
    }
    within(started, BOUND, "truncated");
}

#[test]
fn corrupted_sheet_data_is_exit_2_or_findings() {
    let started = Instant::now();
    let dir = tempdir();
    let whole = dir.path().join("whole.xlsx");
    cases_workbook(&whole, 500);
    // Compressed bytes flipped in the middle of the zip: the CRC no longer matches.
    let mut bytes = fs::read(&whole).unwrap();
    let mid = bytes.len() / 3;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let flipped = dir.path().join("flipped.xlsx");
    fs::write(&flipped, &bytes).unwrap();
    check_and_process(&flipped);
    // Well-formed zip, broken XML: the sheet stops in the middle of a row.
    let broken = dir.path().join("broken-xml.xlsx");
    rewrite_zip(&whole, &broken, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            data[..data.len() / 2].to_vec()
        } else {
            data
        }
    });
    let (check, process) = check_and_process(&broken);
    assert_eq!(code(&check), 2, "{}", text(&check.stderr));
    assert_eq!(code(&process), 2);
    // Cell references beyond Excel's grid and nonsense cell types.
    let odd = dir.path().join("odd-refs.xlsx");
    rewrite_zip(&whole, &odd, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let xml = text(&data);
            let xml = xml.replacen(
                "</sheetData>",
                r#"<row r="1048576"><c r="XFD1048576" t="s"><v>999999</v></c><c r="ZZZZ1048577"><v>1</v></c></row><row r="5000000"><c r="A5000000" t="bogus"><v>x</v></c></row></sheetData>"#,
                1,
            );
            xml.into_bytes()
        } else {
            data
        }
    });
    check_and_process(&odd);
    within(started, BOUND, "corrupted");
}

/// Rows stored out of order (Excel never writes them so): a writer that streams rows would
/// drop the late one, so the file is refused, naming the row, and nothing is written.
#[test]
fn rows_out_of_order_are_exit_2_naming_the_row() {
    let started = Instant::now();
    let dir = tempdir();
    let whole = dir.path().join("whole.xlsx");
    cases_workbook(&whole, 3);
    let shuffled = dir.path().join("shuffled.xlsx");
    rewrite_zip(&whole, &shuffled, |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let mut xml = text(&data);
        let start = xml.find("<row r=\"2\"").unwrap();
        let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
        let row: String = xml.drain(start..end).collect();
        let at = xml.find("</sheetData>").unwrap();
        xml.insert_str(at, &row);
        xml.into_bytes()
    });
    let (check, process) = check_and_process(&shuffled);
    assert_eq!((code(&check), code(&process)), (2, 2));
    let stderr = text(&check.stderr);
    assert!(
        stderr.contains("sheet \"Cases\", row 2") && stderr.contains("row 2 comes after row 4"),
        "{stderr}"
    );
    assert_refusal_says_in_chinese(
        &shuffled,
        &[
            "工作表“Cases”，第 2 行：无法读取工作表",
            "第 2 行排在第 4 行之后",
        ],
        &["sheet \"Cases\"", "comes after", "run again"],
    );
    within(started, BOUND, "rows out of order");
}

/// A cell reference past Excel's last column: the row was sized for it (2 billion cells,
/// `memory allocation of 68719476704 bytes failed`, SIGABRT). Now exit 2 naming the cell.
#[test]
fn a_cell_beyond_column_xfd_is_exit_2_naming_it() {
    let started = Instant::now();
    let dir = tempdir();
    let whole = dir.path().join("whole.xlsx");
    cases_workbook(&whole, 3);
    for reference in ["XFE5", "FXSHRXW5"] {
        let run = tempdir();
        let input = run.path().join("far.xlsx");
        rewrite_zip(&whole, &input, |name, data| {
            if name != "xl/worksheets/sheet1.xml" {
                return data;
            }
            let cell = format!(r#"<c r="{reference}" t="n"><v>1</v></c></row>"#);
            let xml = text(&data);
            let last_row = xml.find(r#"<row r="4""#).unwrap();
            let end = last_row + xml[last_row..].find("</row>").unwrap();
            format!("{}{cell}{}", &xml[..end], &xml[end + "</row>".len()..]).into_bytes()
        });
        let codes = check_and_process_watched(&input, GIB_KIB, BOUND);
        assert_eq!(codes, (2, 2), "{reference}");
        assert_refusal_says(
            &input,
            &[&format!("cell {reference}"), "beyond Excel's last"],
        );
        assert_refusal_says_in_chinese(
            &input,
            &[
                &format!("单元格 {reference}"),
                "超出了 Excel 的最后一行和最后一列",
            ],
            &["beyond", "damaged"],
        );
    }
    within(started, BOUND, "far cell");
}

// ---- encrypted ----

/// `tests/fixtures/encrypted.xlsx` is a real password-protected workbook (password
/// `secret`, ECMA-376 agile encryption: a CFB container with EncryptionInfo and
/// EncryptedPackage streams), made with Python's msoffcrypto-tool from a 3-column sheet.
#[test]
fn encrypted_workbook_is_exit_2_saying_so() {
    let started = Instant::now();
    let dir = tempdir();
    let fixture = repo_file("tests/fixtures/encrypted.xlsx");
    for name in ["protected.xlsx", "protected.xlsm", "protected.xls"] {
        let input = dir.path().join(name);
        fs::copy(&fixture, &input).unwrap();
        let (check, process) = check_and_process(&input);
        assert_eq!(code(&check), 2, "{name}");
        assert_eq!(code(&process), 2, "{name}");
        if name.ends_with(".xlsx") {
            let message = text(&check.stderr).to_lowercase();
            assert!(
                message.contains("password") || message.contains("encrypt"),
                "the message should say the workbook is protected: {message}"
            );
            assert_refusal_says_in_chinese(
                &input,
                &["工作簿设有密码或已加密"],
                &["password", "encrypt"],
            );
        }
    }
    within(started, BOUND, "encrypted");
}

// ---- empty, header only, no header, missing and odd headers ----

#[test]
fn empty_workbook_is_exit_2_naming_the_sheet() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("empty.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet();
    book.save(&input).unwrap();
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 2);
    assert_eq!(code(&process), 2);
    assert!(
        text(&check.stderr).contains("Sheet1"),
        "{}",
        text(&check.stderr)
    );
    within(started, BOUND, "empty workbook");
}

#[test]
fn header_only_is_zero_cases_exit_0() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("header-only.xlsx");
    cases_workbook(&input, 0);
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 0, "{}", text(&check.stderr));
    assert_eq!(json(&check)["cases"], 0);
    assert_eq!(code(&process), 0, "{}", text(&process.stderr));
    assert!(text(&process.stdout).contains("0 cases"));
    within(started, BOUND, "header only");
}

#[test]
fn no_recognisable_header_is_exit_2_naming_the_sheets() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("no-header.xlsx");
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Handover notes").unwrap();
    notes.write_string(1, 0, "Case ID").unwrap();
    let data = book.add_worksheet().set_name("Data 2026").unwrap();
    write_strings(
        data,
        0,
        &["Ticket", "Shop", "When", "Who"].map(String::from),
    );
    for r in 1..30 {
        data.write_number(r, 0, r as f64).unwrap();
    }
    book.save(&input).unwrap();
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 2);
    assert_eq!(code(&process), 2);
    let message = text(&check.stderr);
    assert!(
        message.contains("Notes") && message.contains("Data 2026"),
        "{message}"
    );
    assert_refusal_says_in_chinese(
        &input,
        &["在任何一个工作表（Notes、Data 2026）的前 20 行中找不到表头行"],
        &["no header row", "any sheet"],
    );
    within(started, BOUND, "no header");
}

#[test]
fn missing_required_column_is_exit_2_listing_headers_seen() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("no-request-date.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    write_strings(
        sheet,
        0,
        &["Case ID", "Platform", "Customer", "Status", "Odd column"].map(String::from),
    );
    write_strings(
        sheet,
        1,
        &["C-1", "Superbuy", "Zhang Wei", "New", "x"].map(String::from),
    );
    book.save(&input).unwrap();
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 2);
    assert_eq!(code(&process), 2);
    let message = text(&check.stderr);
    for seen in [
        "\"Case ID\"",
        "\"Platform\"",
        "\"Customer\"",
        "\"Status\"",
        "\"Odd column\"",
        "Cases",
        "request_at",
    ] {
        assert!(message.contains(seen), "{seen} missing from: {message}");
    }
    assert_refusal_says_in_chinese(
        &input,
        &[
            "工作表“Cases”，表头第 1 行：E_MISSING_COLUMN：找不到必需的列 request_at",
            "表头中有：\"Case ID\"、\"Platform\"、\"Customer\"、\"Status\"、\"Odd column\"",
        ],
        &["required column", "headers seen", "header row"],
    );
    within(started, BOUND, "missing column");
}

#[test]
fn duplicate_header_names_are_handled() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("duplicates.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    let header = [
        "Case ID",
        "Platform",
        "Request date",
        "Platform",
        "Case ID",
        "Request date",
        "Remarks",
        "Remarks",
    ];
    write_strings(sheet, 0, &header.map(String::from));
    for r in 1..=20u32 {
        let row = [
            format!("C-{r}"),
            "Superbuy".into(),
            "2026-11-03".into(),
            "Nowhere".into(),
            format!("C-{r}"),
            "not a date".into(),
            "a".into(),
            "b".into(),
        ];
        write_strings(sheet, r, &row);
    }
    book.save(&input).unwrap();
    let (check, process) = check_and_process(&input);
    assert!(matches!(code(&check), 0 | 1));
    assert!(matches!(code(&process), 0 | 1));
    assert_eq!(json(&check)["cases"], 20);
    within(started, BOUND, "duplicate headers");
}

#[test]
fn merged_header_cells_are_handled() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("merged.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    let bold = Format::new().set_bold();
    // A merged title above the header, a header cell merged across two columns and one
    // merged down two rows.
    sheet
        .merge_range(0, 0, 0, 7, "After-sales cases, November", &bold)
        .unwrap();
    sheet.merge_range(1, 0, 1, 1, "Case ID", &bold).unwrap();
    sheet.write_string(1, 2, "Platform").unwrap();
    sheet
        .merge_range(1, 3, 2, 3, "Request date", &bold)
        .unwrap();
    sheet.merge_range(1, 4, 1, 6, "Customer", &bold).unwrap();
    sheet.write_string(1, 7, "Status").unwrap();
    for r in 3..13u32 {
        sheet.write_string(r, 0, format!("C-{r}")).unwrap();
        sheet.write_string(r, 2, "Superbuy").unwrap();
        sheet.write_string(r, 3, "2026-11-03").unwrap();
        sheet.merge_range(r, 4, r, 6, "Zhang Wei", &bold).unwrap();
        sheet.write_string(r, 7, "New").unwrap();
    }
    book.save(&input).unwrap();
    let (check, process) = check_and_process(&input);
    assert!(matches!(code(&check), 0 | 1), "{}", text(&check.stderr));
    assert!(matches!(code(&process), 0 | 1));
    within(started, BOUND, "merged headers");
}

// ---- odd cell contents ----

#[test]
fn error_cells_are_findings() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("errors.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    write_strings(sheet, 0, &HEADERS.map(String::from));
    let errors = [
        "#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
    ];
    for (i, e) in errors.iter().enumerate() {
        let r = i as u32 + 1;
        write_strings(sheet, r, &case_row(i));
        // The cached value of each formula is an error (t="e" in the sheet XML).
        let formula = |f: &str| Formula::new(f).set_result(*e);
        sheet
            .write_formula(r, (i % 3) as u16, formula("=NA()"))
            .unwrap();
        sheet.write_formula(r, 5, formula("=1/0")).unwrap();
        sheet.write_formula(r, 3, formula("=#REF!")).unwrap();
    }
    book.save(&input).unwrap();
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 1, "{}", text(&check.stderr));
    assert_eq!(code(&process), 1);
    let report = json(&check);
    assert_eq!(report["cases"], errors.len());
    let findings = report["findings"].to_string();
    assert!(findings.contains("#N/A") && findings.contains("#REF!"));
    within(started, BOUND, "error cells");
}

/// Every column at Excel's maximum cell length in turn, in ASCII and in CJK text, and a
/// date column holding a long date-like text.
fn long_cells_workbook(path: &Path) {
    let long = |c: char| std::iter::repeat_n(c, 32_767).collect::<String>();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    write_strings(sheet, 0, &HEADERS.map(String::from));
    for (i, c) in ['x', '字'].into_iter().enumerate() {
        for col in 0..HEADERS.len() {
            let r = (i * HEADERS.len() + col) as u32 + 1;
            let mut row = case_row(r as usize);
            row[col] = long(c);
            write_strings(sheet, r, &row);
        }
    }
    let mut row = case_row(99);
    row[2] = format!("2026-11-03 {}", long('9'))
        .chars()
        .take(32_767)
        .collect();
    write_strings(sheet, 20, &row);
    book.save(path).unwrap();
}

#[test]
fn cells_of_32767_characters_are_checked() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("long-cells.xlsx");
    long_cells_workbook(&input);
    let path = input.to_str().unwrap();
    for format in ["json", "csv", "text"] {
        let check = aftersales(&["check", path, "--as-of", AS_OF, "--format", format]);
        assert_eq!(assert_sane(&check, &input, "check"), 1, "{format}");
    }
    let check = aftersales(&["check", path, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(json(&check)["cases"], 15);
    within(started, BOUND, "long cells");
}

#[test]
fn cells_of_32767_characters_are_processed() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("long-cells.xlsx");
    long_cells_workbook(&input);
    let (_, process) = check_and_process(&input);
    assert_eq!(code(&process), 1, "{}", text(&process.stderr));
    within(started, BOUND, "long cells");
}

/// A header row reaching column XFD (16,384 columns) and one case row as wide.
fn wide_workbook(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    write_strings(sheet, 0, &HEADERS.map(String::from));
    for col in HEADERS.len() as u16..16_384 {
        sheet.write_string(0, col, format!("Extra {col}")).unwrap();
    }
    for r in 1..=3u32 {
        write_strings(sheet, r, &case_row(r as usize));
    }
    for col in HEADERS.len() as u16..16_384 {
        sheet.write_number(2, col, col as f64).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn a_row_of_16384_columns_is_checked() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("wide.xlsx");
    wide_workbook(&input);
    let check = aftersales(&[
        "check",
        input.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert!(matches!(assert_sane(&check, &input, "check"), 0 | 1));
    assert_eq!(json(&check)["cases"], 3);
    within(started, BOUND, "16,384 columns");
}

/// The computed columns do not fit after column XFD: exit 2 is within the contract when
/// the message names the input and the sheet (not only the output file).
#[test]
fn a_row_of_16384_columns_is_processed() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("wide.xlsx");
    wide_workbook(&input);
    let (_, process) = check_and_process(&input);
    if code(&process) == 2 {
        assert!(text(&process.stderr).contains("\"Cases\""));
    }
    within(started, BOUND, "16,384 columns");
}

// ---- bombs ----

/// A run of the binary watched from outside: its peak resident memory read from /proc while
/// it runs, and killed when it passes a memory or time limit (so a bomb that would take the
/// machine down fails the test instead). stdout and stderr go to files, which may be huge.
struct Watched {
    code: Option<i32>,
    elapsed: Duration,
    /// Highest VmHWM seen, in KiB (0 where /proc is not available).
    peak_kib: u64,
    /// Why the watcher killed the run, if it did.
    killed: Option<String>,
    stdout: PathBuf,
    stderr: PathBuf,
}

const MIB_KIB: u64 = 1024;
const GIB_KIB: u64 = 1024 * 1024;

/// The first `n` bytes of a file, as text.
fn head(path: &Path, n: u64) -> String {
    let mut bytes = Vec::new();
    fs::File::open(path)
        .unwrap()
        .take(n)
        .read_to_end(&mut bytes)
        .unwrap();
    text(&bytes)
}

fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run_watched(args: &[&str], out_dir: &Path, max_kib: u64, max_time: Duration) -> Watched {
    let stdout = out_dir.join("stdout.txt");
    let stderr = out_dir.join("stderr.txt");
    let started = Instant::now();
    let mut child = binary()
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(fs::File::create(&stdout).unwrap())
        .stderr(fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("the binary runs");
    let pid = child.id();
    let mut peak_kib = 0;
    let mut killed = None;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let Some(hwm) = proc_status_kib(pid, "VmHWM:") {
            peak_kib = peak_kib.max(hwm);
        }
        if killed.is_none() {
            if peak_kib > max_kib {
                killed = Some(format!(
                    "killed at {} MiB of memory (limit {} MiB)",
                    peak_kib / MIB_KIB,
                    max_kib / MIB_KIB
                ));
            } else if started.elapsed() > max_time {
                killed = Some(format!("killed after {max_time:?}"));
            }
            if killed.is_some() {
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Watched {
        code: status.code(),
        elapsed: started.elapsed(),
        peak_kib,
        killed,
        stdout,
        stderr,
    }
}

/// The contract of [`assert_sane`] for a watched run, plus: it was not killed, and an exit 2
/// message is a readable line (not the bomb's contents).
fn assert_watched_sane(run: &Watched, input: &Path, what: &str) -> i32 {
    eprintln!(
        "{what}: exit {:?} in {:?}, peak {} MiB, stdout {} bytes, stderr {} bytes",
        run.code,
        run.elapsed,
        run.peak_kib / MIB_KIB,
        fs::metadata(&run.stdout).map_or(0, |m| m.len()),
        fs::metadata(&run.stderr).map_or(0, |m| m.len()),
    );
    assert!(
        run.killed.is_none(),
        "{what}: {}",
        run.killed.as_ref().unwrap()
    );
    let stderr_len = fs::metadata(&run.stderr).unwrap().len();
    assert!(
        stderr_len < 64 * 1024,
        "{what}: {stderr_len} bytes on stderr, starting: {}",
        head(&run.stderr, 400)
    );
    let stderr = text(&fs::read(&run.stderr).unwrap());
    assert_contract(run.code, &stderr, input, what)
}

/// `check` and `process` on a bomb, each watched with a memory limit of `max_kib`.
fn check_and_process_watched(input: &Path, max_kib: u64, max_time: Duration) -> (i32, i32) {
    let dir = input.parent().unwrap();
    let path = input.to_str().unwrap();
    let out_path = dir.join("out.annotated.xlsx");
    let check_dir = tempfile::tempdir_in(dir).unwrap();
    let check = run_watched(
        &["check", path, "--as-of", AS_OF, "--format", "csv"],
        check_dir.path(),
        max_kib,
        max_time,
    );
    let check_code = assert_watched_sane(&check, input, "check");
    let process_dir = tempfile::tempdir_in(dir).unwrap();
    let process = run_watched(
        &[
            "process",
            path,
            "-o",
            out_path.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
        process_dir.path(),
        max_kib,
        max_time,
    );
    let process_code = assert_watched_sane(&process, input, "process");
    assert_eq!(out_path.exists(), process_code != 2);
    (check_code, process_code)
}

/// Replaces one member of `base` with its text up to and including `marker`, `len` copies
/// of `fill`, then the rest of its text; deflated by the zip crate, so the declared sizes
/// and CRC are honest.
fn bomb(base: &Path, to: &Path, member: &str, marker: &str, fill: u8, len: usize) {
    let mut archive = ZipArchive::new(fs::File::open(base).unwrap()).unwrap();
    let mut writer = ZipWriter::new(std::io::BufWriter::new(fs::File::create(to).unwrap()));
    let mut found = false;
    for i in 0..archive.len() {
        let mut source = archive.by_index(i).unwrap();
        let name = source.name().to_string();
        let mut data = Vec::new();
        source.read_to_end(&mut data).unwrap();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1));
        writer.start_file(name.as_str(), options).unwrap();
        if name != member {
            writer.write_all(&data).unwrap();
            continue;
        }
        let xml = text(&data);
        let at = xml.find(marker).expect("the marker is in the member") + marker.len();
        writer.write_all(&data[..at]).unwrap();
        let chunk = vec![fill; 1 << 20];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len());
            writer.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        writer.write_all(&data[at..]).unwrap();
        found = true;
    }
    assert!(found, "{member} is not in the base workbook");
    writer.finish().unwrap().flush().unwrap();
}

const MIB: usize = 1 << 20;
const GIB: usize = 1 << 30;
/// Memory a bomb may take: section 8's budget for a workbook of Excel's maximum size.
const BOMB_MEMORY_KIB: u64 = 4 * GIB_KIB;

/// A small case workbook written by rust_xlsxwriter (shared strings, like Excel's own).
fn bomb_base(dir: &Path) -> PathBuf {
    let base = dir.join("base.xlsx");
    cases_workbook(&base, 3);
    base
}

/// Builds a bomb and checks it expands at least 100-fold from a file of a few MB.
fn build_bomb(dir: &Path, name: &str, member: &str, marker: &str, fill: u8, len: usize) -> PathBuf {
    let base = bomb_base(dir);
    let input = dir.join(name);
    bomb(&base, &input, member, marker, fill, len);
    let size = fs::metadata(&input).unwrap().len() as usize;
    assert!(size * 100 < len, "{size} bytes is not a bomb of {len}");
    input
}

#[test]
fn zip_bomb_of_spaces_in_the_sheet_xml() {
    let started = Instant::now();
    let dir = tempdir();
    // 256 MiB of spaces between two rows: well-formed XML, about 1.2 MB zipped.
    let input = build_bomb(
        dir.path(),
        "bomb-spaces.xlsx",
        "xl/worksheets/sheet1.xml",
        "</row>",
        b' ',
        256 * MIB,
    );
    let (check, process) = check_and_process_watched(&input, BOMB_MEMORY_KIB, BOUND);
    assert!(matches!((check, process), (0 | 1, 0 | 1) | (2, 2)));
    within(started, BOUND, "space bomb");
}

#[test]
fn zip_bomb_of_1_gib_of_spaces_in_the_sheet_xml() {
    let started = Instant::now();
    let dir = tempdir();
    let input = build_bomb(
        dir.path(),
        "bomb-spaces.xlsx",
        "xl/worksheets/sheet1.xml",
        "</row>",
        b' ',
        GIB,
    );
    let bound = Duration::from_secs(300);
    check_and_process_watched(&input, BOMB_MEMORY_KIB, bound);
    within(started, bound, "1 GiB space bomb");
}

#[test]
fn zip_bomb_string_in_a_case_cell() {
    let started = Instant::now();
    let dir = tempdir();
    // One shared string (the first case's remark) grows by 256 MiB.
    let input = build_bomb(
        dir.path(),
        "bomb-cell.xlsx",
        "xl/sharedStrings.xml",
        "<t>row 0",
        b'A',
        256 * MIB,
    );
    check_and_process_watched(&input, BOMB_MEMORY_KIB, BOUND);
    within(started, BOUND, "string bomb");
}

/// 1 GiB of text in one shared string, from a 5 MB file. calamine keeps the whole string
/// (several copies of it) in memory, about 4 bytes per expanded byte; the tool refuses a
/// shared-string table that expands past its limit before reading it.
#[test]
fn zip_bomb_of_1_gib_in_one_shared_string() {
    let started = Instant::now();
    let dir = tempdir();
    let input = build_bomb(
        dir.path(),
        "bomb-1gib.xlsx",
        "xl/sharedStrings.xml",
        "<t>row 0",
        b'A',
        GIB,
    );
    let bound = Duration::from_secs(120);
    check_and_process_watched(&input, BOMB_MEMORY_KIB, bound);
    within(started, bound, "1 GiB string bomb");
}

/// The shared-string table's `uniqueCount` changed to 9 trillion: calamine reserved room
/// for that many strings up front (`memory allocation of 216000000000000 bytes failed`,
/// SIGABRT). A count merely too high (some writers put the total count there) is still read.
#[test]
fn a_string_table_claiming_trillions_of_strings_is_exit_2() {
    let started = Instant::now();
    let dir = tempdir();
    let base = bomb_base(dir.path());
    let with_count = |name: &str, count: &str| {
        let input = dir.path().join(name).join("cases.xlsx");
        fs::create_dir(input.parent().unwrap()).unwrap();
        rewrite_zip(&base, &input, |member, data| {
            if member != "xl/sharedStrings.xml" {
                return data;
            }
            let xml = text(&data);
            let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + xml[at..].find('"').unwrap();
            format!("{}{count}{}", &xml[..at], &xml[end..]).into_bytes()
        });
        input
    };
    let sloppy = with_count("sloppy", "1000000");
    let (check, process) = check_and_process_watched(&sloppy, GIB_KIB, BOUND);
    assert_eq!((check, process), (0, 0));
    let hostile = with_count("trillions", "9000000000000");
    let (check, process) = check_and_process_watched(&hostile, GIB_KIB, BOUND);
    assert_eq!((check, process), (2, 2));
    assert_refusal_says(&hostile, &["more strings than it has room for"]);
    within(started, BOUND, "string count");
}

/// The bomb in a header cell: the exit-2 message lists the headers seen, and must not
/// carry the bomb (it printed all 256 MiB of it before the headers listed were capped).
#[test]
fn zip_bomb_in_a_header_cell() {
    let started = Instant::now();
    let dir = tempdir();
    let input = build_bomb(
        dir.path(),
        "bomb-header.xlsx",
        "xl/sharedStrings.xml",
        "<t>Case ID",
        b'A',
        256 * MIB,
    );
    let (check, process) = check_and_process_watched(&input, BOMB_MEMORY_KIB, BOUND);
    assert_eq!((check, process), (2, 2));
    within(started, BOUND, "header bomb");
}

/// An ODS whose content asks for `rows` × `cols` copies of one cell in a few hundred bytes.
fn ods_repeat_bomb(path: &Path, rows: u32, cols: u32) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Cases"><table:table-row><table:table-cell office:value-type="string"><text:p>Case ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Platform</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Request date</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" table:number-columns-repeated="{cols}"><text:p>Superbuy</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut writer = ZipWriter::new(fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    writer.start_file("mimetype", stored).unwrap();
    writer
        .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    writer.start_file("META-INF/manifest.xml", stored).unwrap();
    writer.write_all(manifest.as_bytes()).unwrap();
    writer.start_file("content.xml", stored).unwrap();
    writer.write_all(content.as_bytes()).unwrap();
    writer.finish().unwrap();
}

#[test]
fn ods_repeat_bomb_of_the_whole_grid_is_exit_2() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("grid.ods");
    ods_repeat_bomb(&input, 1_048_575, 16_384);
    let (check, process) = check_and_process_watched(&input, BOMB_MEMORY_KIB, BOUND);
    assert_eq!((check, process), (2, 2));
    within(started, BOUND, "ods grid bomb");
}

#[test]
fn small_ods_with_repeated_cells_is_read() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("repeated.ods");
    ods_repeat_bomb(&input, 5, 3);
    let (check, _) = check_and_process(&input);
    assert_eq!(code(&check), 1, "{}", text(&check.stderr));
    assert_eq!(json(&check)["cases"], 5);
    within(started, BOUND, "small ods");
}

/// Just under calamine's 100,000,000-cell cap: 1.6 KB of ODS that calamine would expand into
/// memory whole (about 160 bytes a cell, 16 GB for this file) before a row is read. The
/// container check counts the cells first and refuses it within the 1 GiB target.
#[test]
fn ods_repeat_bomb_under_the_cell_cap_is_exit_2() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("under-cap.ods");
    ods_repeat_bomb(&input, 6_000, 16_384);
    let (check, process) = check_and_process_watched(&input, GIB_KIB, BOUND);
    assert_eq!((check, process), (2, 2));
    assert_refusal_says(&input, &["98320384 cells", "save it as .xlsx"]);
    within(started, BOUND, "ods bomb under the cap");
}

// ---- .xls sheets, which calamine lays out whole ----

fn xls_fixture(name: &str, dir: &Path) -> PathBuf {
    let input = dir.join(name);
    fs::copy(repo_file("tests/fixtures/xls").join(name), &input).unwrap();
    input
}

/// A real .xls is read; the same file with one record claiming 4 billion rows, or one cell
/// moved to row 65,536 column 65,536, is refused before calamine reserves the grid (it
/// aborted with a failed allocation of 43 TB; see tests/fixtures/xls/README.md).
#[test]
fn xls_sheets_claiming_huge_grids_are_exit_2_within_1_gib() {
    let started = Instant::now();
    let dir = tempdir();
    let cases = xls_fixture("cases.xls", dir.path());
    let (check, _) = check_and_process(&cases);
    assert_eq!(code(&check), 0, "{}", text(&check.stderr));
    assert_eq!(json(&check)["cases"], 2);
    for (name, says) in [
        (
            "dimensions-claim-4-billion-rows.xls",
            "claims more cells than an .xls can hold",
        ),
        (
            "cell-at-row-65536-column-65536.xls",
            "expand to 4294967296 cells",
        ),
    ] {
        let run = tempdir();
        let input = xls_fixture(name, run.path());
        let codes = check_and_process_watched(&input, GIB_KIB, BOUND);
        assert_eq!(codes, (2, 2), "{name}");
        assert_refusal_says(&input, &[says]);
    }
    within(started, BOUND, "xls grids");
}

// ---- a large sheet carried to the output ----

/// Three cases and a 200,000-row reference sheet (`Orders`, 8 columns): the sheet is carried
/// to the output row by row. Read whole (before), this file peaked at 269 MiB in a release
/// build; streamed, 7.5 MiB (14 MiB in a debug build), so the limit here is 160 MiB.
#[test]
fn a_large_carried_sheet_is_streamed() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("with-orders.xlsx");
    let mut book = Workbook::new();
    let cases = book.add_worksheet().set_name("Cases").unwrap();
    write_strings(cases, 0, &HEADERS.map(String::from));
    for i in 0..3 {
        write_strings(cases, i as u32 + 1, &case_row(i));
    }
    let orders = book
        .add_worksheet_with_constant_memory()
        .unwrap()
        .set_name("Orders")
        .unwrap();
    for r in 0..200_000u32 {
        orders.write_string(r, 0, format!("ORD-{r:07}")).unwrap();
        for c in 1..8u16 {
            orders
                .write_number(r, c, f64::from(r) + f64::from(c))
                .unwrap();
        }
    }
    book.save(&input).unwrap();
    let out = dir.path().join("out.xlsx");
    let run = run_watched(
        &[
            "process",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
        dir.path(),
        160 * 1024,
        Duration::from_secs(300),
    );
    assert_eq!(run.code, Some(0), "killed: {:?}", run.killed);
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let carried = calamine::Reader::worksheet_range(&mut workbook, "Orders").unwrap();
    assert_eq!(carried.height(), 200_000);
    assert_eq!(
        carried.get_value((199_999, 0)),
        Some(&calamine::Data::String("ORD-0199999".into()))
    );
    assert_eq!(
        carried.get_value((199_999, 7)),
        Some(&calamine::Data::Float(200_006.0))
    );
    within(started, Duration::from_secs(300), "large carried sheet");
}

// ---- Excel's maximum number of rows ----

/// Header plus 1,048,575 cases: every row of an Excel sheet. `check` and `process` each
/// finish within 15 minutes (about 1 and 3 minutes here, in the test build) and 1 GiB of
/// memory, PRODUCT.md's target for this size.
#[test]
fn a_sheet_of_1048575_cases() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("max-rows.xlsx");
    let mut book = Workbook::new();
    let sheet = book
        .add_worksheet_with_constant_memory()
        .unwrap()
        .set_name("Cases")
        .unwrap();
    for (c, h) in ["Case ID", "Platform", "Request date"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    for r in 1..=1_048_575u32 {
        sheet.write_string(r, 0, format!("C-{r:07}")).unwrap();
        sheet.write_string(r, 1, "Superbuy").unwrap();
        sheet.write_date_with_format(r, 2, day, &date).unwrap();
    }
    book.save(&input).unwrap();
    eprintln!("generated in {:?}", started.elapsed());
    let path = input.to_str().unwrap();
    let bound = Duration::from_secs(900);
    let check_dir = tempfile::tempdir_in(dir.path()).unwrap();
    let check = run_watched(
        &["check", path, "--as-of", AS_OF, "--format", "csv"],
        check_dir.path(),
        GIB_KIB,
        bound,
    );
    assert_eq!(assert_watched_sane(&check, &input, "check"), 0);
    let out = dir.path().join("out.annotated.xlsx");
    let process_dir = tempfile::tempdir_in(dir.path()).unwrap();
    let process = run_watched(
        &[
            "process",
            path,
            "-o",
            out.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
        process_dir.path(),
        GIB_KIB,
        bound,
    );
    assert_eq!(assert_watched_sane(&process, &input, "process"), 0);
    let said = fs::read_to_string(&process.stdout).unwrap();
    assert!(said.contains("1048575 cases"), "{said}");
    eprintln!(
        "check {:?} {} MiB, process {:?} {} MiB",
        check.elapsed,
        check.peak_kib / MIB_KIB,
        process.elapsed,
        process.peak_kib / MIB_KIB
    );
}

// ---- fuzzer regressions ----

/// Runs every file of `tests/fixtures/<folder>` through both commands as .xlsx, .xls and
/// .ods, each watched with the bombs' memory limit; returns how many files there were, and
/// fails when there were none (a missing or emptied folder must not pass unnoticed).
fn run_fixtures(folder: &str) -> usize {
    let fixtures = repo_file("tests/fixtures").join(folder);
    let mut names: Vec<PathBuf> = fs::read_dir(&fixtures)
        .unwrap_or_else(|e| panic!("no fixtures folder {}: {e}", fixtures.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && !name.ends_with(".md")
        })
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no fixtures in {}: nothing was run",
        fixtures.display()
    );
    for fixture in &names {
        let name = fixture.file_name().unwrap().to_string_lossy();
        for ext in ["xlsx", "xls", "ods"] {
            let dir = tempdir();
            let input = dir.path().join(format!("{name}.{ext}"));
            fs::copy(fixture, &input).unwrap();
            eprintln!("{}", input.display());
            check_and_process_watched(&input, BOMB_MEMORY_KIB, BOUND);
        }
    }
    names.len()
}

/// Every input the fuzzer found a crash with (tests/fixtures/fuzz/) goes through both
/// commands without a panic, as .xlsx, .xls and .ods:
/// - `cfb-sector-out-of-range.bin`: a damaged OLE/CFB file; calamine's CFB reader
///   panicked (cfb.rs:320, slice index out of range) while checking an .xlsx for encryption.
/// - `xlsx-cell-reference-overflow.xlsx`: a cell reference with a long run of letters
///   (`r="CPlatform2"`); calamine's reference parser overflowed (xlsx/mod.rs:3097).
#[test]
fn fuzz_regressions_do_not_crash() {
    let started = Instant::now();
    let count = run_fixtures("fuzz");
    eprintln!("{count} fuzz regression inputs");
    within(started, BOUND * 5, "fuzz regressions");
}

/// Inputs the fuzzer found that made the reader take unbounded memory
/// (tests/fixtures/fuzz-oom/), run under the watcher's memory limit:
/// - `cfb-sector-chain-cycle.bin` (4,345 bytes, an OLE/CFB file): as .xlsx (calamine's
///   encryption check) and as .xls (its CFB reader), calamine followed a sector chain that
///   loops (cfb.rs:340 `get_chain` extends a Vec without end): 4 GiB within 4 s, then
///   SIGABRT (exit 134). `guard` now walks the chains first and refuses the file (exit 2).
#[test]
fn fuzz_inputs_that_took_unbounded_memory() {
    let started = Instant::now();
    let count = run_fixtures("fuzz-oom");
    eprintln!("{count} fuzz out-of-memory inputs");
    within(started, BOUND * 5, "fuzz out-of-memory inputs");
}

#[test]
fn a_password_protected_xls_is_called_password_protected() {
    let started = Instant::now();
    let dir = tempdir();
    // The fixture with its CODEPAGE record turned into a FILEPASS record of the same length:
    // the container stays whole, and the workbook now says it is encrypted.
    let mut bytes = fs::read(repo_file("tests/fixtures/xls/cases.xls")).unwrap();
    let codepage = [0x42u8, 0, 2, 0];
    let at = bytes
        .windows(4)
        .position(|w| w == codepage)
        .expect("the fixture has a CODEPAGE record");
    bytes[at..at + 2].copy_from_slice(&[0x2F, 0]);
    // What follows FILEPASS is encrypted: a sheet's size record reads as garbage, which
    // looked like damage before.
    let dimensions = [0x00u8, 0x02, 0x0E, 0x00];
    let at = bytes
        .windows(4)
        .position(|w| w == dimensions)
        .expect("the fixture has a DIMENSIONS record");
    let garbage = [0, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0x7F, 0, 0, 0xF0, 0x7F, 0, 0];
    bytes[at + 4..at + 4 + 14].copy_from_slice(&garbage);
    let input = dir.path().join("locked.xls");
    fs::write(&input, &bytes).unwrap();
    let (check, process) = check_and_process(&input);
    assert_eq!(code(&check), 2);
    assert_eq!(code(&process), 2);
    let message = text(&check.stderr);
    assert!(message.contains("password-protected"), "{message}");
    assert!(!message.contains("damaged"), "{message}");
    within(started, BOUND, "password-protected xls");
}
