//! The package patcher on real workbooks other programs made (../shared/fixtures/
//! foreign-workbooks, see its MANIFEST.tsv): each is opened, its first worksheet streamed
//! through with two columns added to every row, a generated sheet added, and saved. Then every
//! part not touched must be byte-identical (compressed bytes included), calamine must read every
//! original cell back unchanged and the added ones as written, and openxml-audit must find no
//! error the input did not already have.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use aftersales::i18n::{builtin_catalogue, Describe, Lang};
use aftersales::package::{CellFormat, NewColumn, Package, PackageError, SheetKind};
use calamine::{open_workbook_auto, Data, Reader};

mod common;
use common::{audit, audit_program, raw_entries, skip};

const NEW_SHEET: &str = "Findings";

/// The shared fixtures, or `None` (after saying "skipped") when this clone has none.
fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/foreign-workbooks");
    if dir.is_dir() {
        return Some(dir);
    }
    skip("../shared/fixtures not found");
    None
}

/// The fixture workbooks, by name.
fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
        })
        .collect();
    files.sort();
    files
}

/// What patching one workbook did.
struct Patched {
    input: PathBuf,
    output: PathBuf,
    sheet: String,
    touched: Vec<String>,
    /// Rows given cells (0-based) and the first added column.
    rows: Vec<u32>,
    column: u32,
}

fn number_for(row: u32) -> f64 {
    f64::from(row) * 1.5 + 0.25
}

fn text_for(row: u32) -> String {
    format!("patched {row} <&> \"备注\" _x0041_")
}

/// Patches `input` into `out_dir`: two columns after the first worksheet's last one, a new
/// sheet. `Err` for an excluded fixture, saying why.
fn patch(input: &Path, out_dir: &Path) -> Result<Patched, String> {
    let mut package = Package::open(input).map_err(|e| e.to_string())?;
    let sheet = package
        .sheets()
        .iter()
        .find(|s| s.kind == SheetKind::Worksheet)
        .cloned()
        .unwrap_or_else(|| panic!("{}: no worksheet", input.display()));
    let xml = package.read_part(&sheet.part).unwrap();
    let column = last_column(&xml).map_or(0, |c| c + 1);
    if column + 1 > 16_383 {
        return Err(format!(
            "its sheet {} uses Excel's last columns: two columns do not fit to the right",
            sheet.name
        ));
    }
    let number = package
        .append_cell_format(&CellFormat {
            number_format: Some("0.00".into()),
            bold: true,
            fill_color: Some("FFC7CE".into()),
            ..Default::default()
        })
        .unwrap();
    let text = package
        .append_cell_format(&CellFormat {
            font_color: Some("9C0006".into()),
            wrap_text: true,
            ..Default::default()
        })
        .unwrap();
    let columns = [
        NewColumn {
            column,
            width: Some(11.0),
        },
        NewColumn {
            column: column + 1,
            width: Some(30.0),
        },
    ];
    let mut rows = Vec::new();
    package
        .patch_sheet(&sheet.part, &columns, |row, cells| {
            rows.push(row);
            cells.number(column, number_for(row), Some(number));
            cells.text(column + 1, text_for(row), Some(text));
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let generated = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr" s="{number}"><is><t>Finding</t></is></c><c r="B1" t="inlineStr"><is><t>Cell</t></is></c></row><row r="2"><c r="A2"><v>42</v></c><c r="B2" t="inlineStr" s="{text}"><is><t>{}!A1</t></is></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#,
        sheet.name.replace('&', "&amp;").replace('<', "&lt;")
    );
    package
        .add_sheet(NEW_SHEET, generated.into_bytes())
        .unwrap();
    let output = out_dir.join(input.file_name().unwrap());
    package.save(&output).unwrap();
    let rels = {
        let wb = package.workbook_part();
        let (folder, name) = wb.rsplit_once('/').unwrap_or(("", wb));
        format!("{folder}/_rels/{name}.rels")
    };
    let mut touched = vec![
        sheet.part.clone(),
        package.workbook_part().to_string(),
        rels,
        "[Content_Types].xml".to_string(),
    ];
    touched.extend(
        package
            .part_names()
            .into_iter()
            .filter(|n| n.ends_with("styles.xml")),
    );
    Ok(Patched {
        input: input.to_path_buf(),
        output,
        sheet: sheet.name,
        touched,
        rows,
        column,
    })
}

/// The last column (0-based) any `<c>` of the sheet or its `<dimension>` names.
fn last_column(xml: &[u8]) -> Option<u32> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut last = None;
    let mut previous_in_row: Option<u32> = None;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let local = e.local_name().as_ref().to_string();
                let r = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "r" || a.key.as_ref() == "ref")
                    .map(|a| a.value.to_string());
                let column = match (local.as_str(), r) {
                    ("c", Some(r)) => column_of(&r),
                    ("c", None) => Some(previous_in_row.map_or(0, |c| c + 1)),
                    ("dimension", Some(r)) => column_of(r.rsplit(':').next().unwrap()),
                    ("row", _) => {
                        previous_in_row = None;
                        None
                    }
                    _ => None,
                };
                if local == "c" {
                    previous_in_row = column;
                }
                last = last.max(column);
            }
            quick_xml::events::Event::Eof => return last,
            _ => {}
        }
    }
}

fn column_of(reference: &str) -> Option<u32> {
    let letters: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if letters.is_empty() {
        return None;
    }
    Some(
        letters
            .chars()
            .fold(0u32, |n, c| n * 26 + (c.to_ascii_uppercase() as u32 - 64))
            - 1,
    )
}

/// Patches every fixture into `out_dir`; the excluded ones with the reason.
fn patch_all(dir: &Path, out_dir: &Path) -> (Vec<Patched>, Vec<(PathBuf, String)>) {
    let mut patched = Vec::new();
    let mut excluded = Vec::new();
    for input in workbooks(dir) {
        match patch(&input, out_dir) {
            Ok(p) => patched.push(p),
            Err(e) => excluded.push((input, e.to_string())),
        }
    }
    (patched, excluded)
}

/// Every non-empty cell of a sheet, by absolute (row, column).
fn cells<T: calamine::CellType + Clone + Default + PartialEq>(
    range: &calamine::Range<T>,
) -> BTreeMap<(u32, u32), T> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, v)| **v != T::default())
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect()
}

#[test]
fn foreign_workbooks_are_patched_and_keep_every_untouched_part_and_cell() {
    let Some(dir) = fixtures() else { return };
    let out = tempfile::tempdir().unwrap();
    let (patched, excluded) = patch_all(&dir, out.path());
    for (file, why) in &excluded {
        eprintln!("excluded: {}: {why}", file.display());
    }
    // Only a sheet that reaches column XFD may be left out (excel-comment03.xlsx has a
    // comment there); every fixture opens as a package.
    assert!(
        excluded.iter().all(|(_, why)| why.contains("last columns")) && excluded.len() <= 1,
        "{excluded:?}"
    );
    assert!(patched.len() >= 60, "{} patched", patched.len());
    let mut failures = Vec::new();
    for p in &patched {
        if let Err(why) = check(p) {
            failures.push(format!("{}: {why}", p.input.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("patched {} workbooks", patched.len());
}

fn check(p: &Patched) -> Result<(), String> {
    // (1) Untouched parts: the same entries in the same order, raw bytes equal; one more
    // entry, the new sheet.
    let before = raw_entries(&p.input);
    let after = raw_entries(&p.output);
    if after.len() != before.len() + 1 {
        return Err(format!("{} entries, was {}", after.len(), before.len()));
    }
    for (b, a) in before.iter().zip(&after) {
        if a.0 != b.0 {
            return Err(format!("entry {} where {} was", a.0, b.0));
        }
        let touched = p.touched.iter().any(|t| t.eq_ignore_ascii_case(&b.0));
        if !touched && a != b {
            return Err(format!("the untouched part {} changed", b.0));
        }
    }
    // (2) calamine reads every original cell back, and the added ones.
    let mut original = open_workbook_auto(&p.input).map_err(|e| e.to_string())?;
    let mut result = open_workbook_auto(&p.output).map_err(|e| e.to_string())?;
    let names = original.sheet_names();
    let mut expected_names = names.clone();
    expected_names.push(NEW_SHEET.to_string());
    // (3) The new sheet is listed, after theirs.
    if result.sheet_names() != expected_names {
        return Err(format!("sheets {:?}", result.sheet_names()));
    }
    for name in &names {
        let (Ok(theirs), Ok(ours)) = (original.worksheet_range(name), result.worksheet_range(name))
        else {
            if original.worksheet_range(name).is_ok() {
                return Err(format!("{name}: no longer readable"));
            }
            continue;
        };
        let theirs = cells(&theirs);
        let mut ours = cells(&ours);
        if *name == p.sheet {
            for &row in &p.rows {
                let number = ours.remove(&(row, p.column));
                let text = ours.remove(&(row, p.column + 1));
                if number != Some(Data::Float(number_for(row))) {
                    return Err(format!("{name} row {}: added number {number:?}", row + 1));
                }
                if text != Some(Data::String(text_for(row))) {
                    return Err(format!("{name} row {}: added text {text:?}", row + 1));
                }
            }
        }
        if theirs != ours {
            let diff: Vec<_> = theirs
                .iter()
                .filter(|(k, v)| ours.get(k) != Some(v))
                .take(3)
                .collect();
            return Err(format!("{name}: cells differ, e.g. {diff:?}"));
        }
        let (Ok(f1), Ok(f2)) = (
            original.worksheet_formula(name),
            result.worksheet_formula(name),
        ) else {
            continue;
        };
        if cells(&f1) != cells(&f2) {
            return Err(format!("{name}: formulas differ"));
        }
    }
    let new = result
        .worksheet_range(NEW_SHEET)
        .map_err(|e| e.to_string())?;
    if new.get_value((1, 0)) != Some(&Data::Float(42.0)) {
        return Err(format!("{NEW_SHEET}: {:?}", new.get_value((1, 0))));
    }
    Ok(())
}

#[test]
fn patched_foreign_workbooks_have_no_validator_error_their_input_had_not() {
    let Some(dir) = fixtures() else { return };
    let Some(program) = audit_program() else {
        skip("openxml-audit not installed (set OPENXML_AUDIT or put it on the PATH)");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let (patched, _) = patch_all(&dir, out.path());
    let inputs = audit(&program, &dir);
    let outputs = audit(&program, out.path());
    let mut new_errors = Vec::new();
    for p in &patched {
        let name = p.input.file_name().unwrap().to_string_lossy().into_owned();
        let before = inputs.get(&name).cloned().unwrap_or_default();
        let after = outputs
            .get(&name)
            .unwrap_or_else(|| panic!("openxml-audit did not check {name}"));
        for (key, count) in after {
            if *count > before.get(key).copied().unwrap_or(0) {
                new_errors.push(format!("{name}: {} {}", key.0, key.1));
            }
        }
    }
    assert!(new_errors.is_empty(), "{}", new_errors.join("\n"));
    eprintln!(
        "openxml-audit: {} patched workbooks, no new error",
        patched.len()
    );
}

#[test]
fn files_that_are_not_packages_are_clean_errors() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    // An encrypted .xlsx is a compound file holding an EncryptionInfo stream.
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend(vec![0u8; 600]);
    encrypted.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let err = Package::open(&write("secret.xlsx", &encrypted)).unwrap_err();
    assert!(matches!(err, PackageError::Encrypted { .. }), "{err}");
    assert!(err.to_string().contains("password-protected"), "{err}");
    assert_chinese(&err, "secret.xlsx 设有密码保护；请在 Excel 中取消密码");
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend(vec![0u8; 600]);
    let err = Package::open(&write("old.xlsx", &xls)).unwrap_err();
    assert!(err.to_string().contains(".xls"), "{err}");
    assert_chinese(
        &err,
        "（它是 Excel 97-2003 格式的 .xls 工作簿），因此无法直接在原工作簿上标注",
    );
    for (name, bytes) in [
        ("empty.xlsx", &b""[..]),
        ("text.xlsx", b"Case ID,Status\n1,open\n"),
        ("truncated.xlsx", b"PK\x03\x04\x14\x00\x00\x00"),
    ] {
        let err = Package::open(&write(name, bytes)).unwrap_err();
        assert!(matches!(err, PackageError::NotXlsx { .. }), "{name}: {err}");
        assert!(err.to_string().contains(name), "{err}");
        assert_chinese(&err, "不是 .xlsx 或 .xlsm 工作簿（它不是 ZIP 压缩包）");
    }
    // A zip without the parts of an Office document.
    let path = dir.path().join("plain.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hi").unwrap();
    zip.finish().unwrap();
    let err = Package::open(&path).unwrap_err();
    assert!(matches!(err, PackageError::NotXlsx { .. }), "{err}");
    assert_chinese(&err, "它是 ZIP 压缩包，但里面没有电子表格文档应有的部件");
    // A package whose workbook part is missing.
    let path = dir.path().join("broken.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    std::io::Write::write_all(&mut zip, b"<Types/>").unwrap();
    zip.start_file("_rels/.rels", options).unwrap();
    std::io::Write::write_all(&mut zip, br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).unwrap();
    zip.finish().unwrap();
    let err = Package::open(&path).unwrap_err();
    assert!(
        matches!(err, PackageError::MissingPart { ref part, .. } if part == "xl/workbook.xml"),
        "{err}"
    );
    assert_chinese(&err, "broken.xlsx 已损坏：缺少部件 xl/workbook.xml");
}

/// `err` said in Chinese (the team's language): it holds `expected`, names the file and has
/// no English word of the English catalogue's.
fn assert_chinese(err: &PackageError, expected: &str) {
    let zh = err.message().render(builtin_catalogue(Lang::Zh));
    assert!(zh.contains(expected), "{zh}");
    assert!(zh.contains(".xlsx"), "the file is named: {zh}");
    for english in ["cannot", "damaged", "password", " the ", " is ", " a "] {
        assert!(!zh.contains(english), "{english:?} in {zh}");
    }
}

#[test]
fn sheet_names_excel_refuses_are_refused() {
    let Some(dir) = fixtures() else { return };
    let mut package = Package::open(&dir.join("excel-table01.xlsx")).unwrap();
    let first = package.sheets()[0].name.clone();
    for bad in [
        first.to_uppercase().as_str(),
        "a/b",
        "",
        "history",
        &"x".repeat(32),
    ] {
        let err = package
            .add_sheet(bad, b"<worksheet/>".to_vec())
            .unwrap_err();
        assert!(
            matches!(err, PackageError::SheetName { .. }),
            "{bad}: {err}"
        );
    }
    let err = package
        .add_part("xl/styles.xml", vec![], "text/xml")
        .unwrap_err();
    assert!(matches!(err, PackageError::PartExists { .. }), "{err}");
}

// ----- grafting generated sheets -----

/// The workbooks the graft tests graft into: charts, a table, comments, defined names,
/// macros, a pivot table, a calculation chain, a chartsheet, images, VML, dates counted
/// from 1904.
const GRAFT_FIXTURES: [&str; 11] = [
    "excel-chart_bar01.xlsx",
    "excel-table01.xlsx",
    "excel-comment01.xlsx",
    "excel-defined_name01.xlsx",
    "excel-macro01.xlsm",
    "poi-ExcelPivotTableSample.xlsx",
    "excelize-CalcChain.xlsx",
    "excel-chartsheet01.xlsx",
    "excel-image01.xlsx",
    "excel-vml01.xlsx",
    "calamine-date_1904.xlsx",
];

/// The generated sheets grafted: (name in the generated workbook, name given). "Summary" is
/// renamed, so its charts' series must follow.
const GRAFTED: [(&str, &str); 3] = [
    ("Findings", "Findings"),
    ("Summary", "Summary (run)"),
    ("Notes", "Notes"),
];

/// A workbook as rust_xlsxwriter writes the generated sheets: formats of every kind, shared
/// and rich strings, links, a conditional format, a filter, print titles and page setup;
/// a sheet with two charts in one drawing; a sheet with a note (comments and VML).
fn graft_source() -> Vec<u8> {
    use rust_xlsxwriter::{
        Chart, ChartType, Color, ConditionalFormatText, ConditionalFormatTextRule, ExcelDateTime,
        Format, FormatBorder, Note, Url, Workbook,
    };
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let alert = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let money = Format::new()
        .set_num_format("#,##0.00 \"€\"")
        .set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let red = Format::new().set_font_color(Color::Red).set_italic();
    let green = Format::new().set_background_color(Color::RGB(0xC6EFCE));
    let findings = workbook.add_worksheet().set_name("Findings").unwrap();
    for (column, header) in ["Case", "Amount", "Date", "Note"].iter().enumerate() {
        findings
            .write_string_with_format(0, column as u16, *header, &bold)
            .unwrap();
    }
    for row in 1..6u32 {
        findings.write_string(row, 0, format!("C-{row}")).unwrap();
        findings
            .write_number_with_format(row, 1, f64::from(row) * 12.5, &money)
            .unwrap();
        let day = ExcelDateTime::from_ymd(2026, 11, row as u8).unwrap();
        findings
            .write_datetime_with_format(row, 2, &day, &date)
            .unwrap();
        let note = if row % 2 == 0 { "overdue" } else { "ok" };
        findings
            .write_string_with_format(row, 3, note, &alert)
            .unwrap();
    }
    findings.set_column_width(2, 12).unwrap();
    findings
        .write_rich_string(7, 0, &[(&bold, "Rich "), (&red, "text")])
        .unwrap();
    findings
        .write_url_with_text(8, 0, Url::new("internal:'Some sheet'!A1"), "go")
        .unwrap();
    findings
        .write_url(9, 0, Url::new("https://example.com/a?b=c&d"))
        .unwrap();
    let rule = ConditionalFormatText::new()
        .set_rule(ConditionalFormatTextRule::Contains("overdue".into()))
        .set_format(&green);
    findings.add_conditional_format(1, 3, 5, 3, &rule).unwrap();
    findings.autofilter(0, 0, 5, 3).unwrap();
    findings.set_repeat_rows(0, 0).unwrap();
    findings.set_landscape();
    findings.set_print_fit_to_pages(1, 0);
    let summary = workbook.add_worksheet().set_name("Summary").unwrap();
    summary
        .write_string_with_format(0, 0, "Status", &bold)
        .unwrap();
    summary
        .write_string_with_format(0, 1, "Count", &bold)
        .unwrap();
    for (i, (status, count)) in [("open", 5.0), ("closed", 8.0), ("overdue", 2.0)]
        .iter()
        .enumerate()
    {
        summary.write_string(i as u32 + 1, 0, *status).unwrap();
        summary.write_number(i as u32 + 1, 1, *count).unwrap();
    }
    let mut column = Chart::new(ChartType::Column);
    column
        .add_series()
        .set_categories("Summary!$A$2:$A$4")
        .set_values("Summary!$B$2:$B$4")
        .set_name("Count");
    column.title().set_name("By status");
    summary.insert_chart(0, 3, &column).unwrap();
    let mut pie = Chart::new(ChartType::Pie);
    pie.add_series()
        .set_categories("Summary!$A$2:$A$4")
        .set_values("Summary!$B$2:$B$4");
    summary.insert_chart(16, 3, &pie).unwrap();
    let notes = workbook.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Checked").unwrap();
    notes
        .insert_note(
            0,
            0,
            &Note::new("Checked by aftersales").set_author("aftersales"),
        )
        .unwrap();
    workbook.save_to_buffer().unwrap()
}

/// What grafting did to one workbook: `a` has the generated sheets grafted; `c` is `a`
/// with them removed; `b` is `c` with them grafted again (saved from the same package).
struct Grafted {
    input: PathBuf,
    a: PathBuf,
    b: PathBuf,
    c: PathBuf,
}

/// Grafts `source` into `input`, removes the grafted sheets, grafts them again. `a` is
/// written to `out/a` under the input's name (for openxml-audit), `b` and `c` beside it.
fn graft_round_trip(input: &Path, source: &[u8], out: &Path) -> Grafted {
    let file_name = input.file_name().unwrap();
    let paths: Vec<PathBuf> = ["a", "b", "c"]
        .iter()
        .map(|d| {
            std::fs::create_dir_all(out.join(d)).unwrap();
            out.join(d).join(file_name)
        })
        .collect();
    let mut package = Package::open(input).unwrap();
    let team_sheets = package.sheets().len();
    let added = package
        .graft_sheets(source, &GRAFTED)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(added.len(), GRAFTED.len());
    assert_eq!(package.sheets().len(), team_sheets + GRAFTED.len());
    package.save(&paths[0]).unwrap();
    let mut package = Package::open(&paths[0]).unwrap();
    for (_, name) in GRAFTED {
        package.remove_sheet(name).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(package.sheets().len(), team_sheets);
    package.save(&paths[2]).unwrap();
    package
        .graft_sheets(source, &GRAFTED)
        .unwrap_or_else(|e| panic!("{e}"));
    package.save(&paths[1]).unwrap();
    Grafted {
        input: input.to_path_buf(),
        a: paths[0].clone(),
        b: paths[1].clone(),
        c: paths[2].clone(),
    }
}

/// Every graft fixture grafted into `out`.
fn graft_all(dir: &Path, out: &Path) -> Vec<Grafted> {
    let source = graft_source();
    GRAFT_FIXTURES
        .iter()
        .map(|name| graft_round_trip(&dir.join(name), &source, out))
        .collect()
}

/// The parts a graft or a removal may change; every other part of the team's keeps its bytes.
fn graft_may_change(name: &str) -> bool {
    [
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
    ]
    .iter()
    .any(|t| t.eq_ignore_ascii_case(name))
}

/// Each part's decompressed content, in the zip's order.
fn part_contents(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

fn check_graft(g: &Grafted, source: &Path) -> Result<(), String> {
    // (1) Grafting again after removing gives the same file, byte for byte.
    if std::fs::read(&g.a).unwrap() != std::fs::read(&g.b).unwrap() {
        return Err("grafted, removed and grafted again: not the same file".into());
    }
    // (2) The team's parts, in their order, first; untouched ones with their raw bytes.
    let before = raw_entries(&g.input);
    let after = raw_entries(&g.a);
    if after.len() <= before.len() {
        return Err(format!("{} entries, was {}", after.len(), before.len()));
    }
    for (b, a) in before.iter().zip(&after) {
        if a.0 != b.0 {
            return Err(format!("entry {} where {} was", a.0, b.0));
        }
        if !graft_may_change(&b.0) && a != b {
            return Err(format!("the untouched part {} changed", b.0));
        }
    }
    // (3) Removing the grafted sheets gives the team's parts back, the stylesheet aside (the
    // formats stay for the next graft).
    let original = part_contents(&g.input);
    let removed = part_contents(&g.c);
    let names = |parts: &[(String, Vec<u8>)]| parts.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
    if names(&original) != names(&removed) {
        return Err(format!("after removal: parts {:?}", names(&removed)));
    }
    for (o, r) in original.iter().zip(&removed) {
        let same = if o.0 == "[Content_Types].xml" {
            // A default a graft added (for .vml) stays: the next graft needs it again.
            let vml = r#"<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>"#;
            let theirs = String::from_utf8_lossy(&o.1);
            let now = String::from_utf8_lossy(&r.1);
            theirs == now || (!theirs.contains(vml) && theirs == now.replacen(vml, "", 1))
        } else {
            o == r
        };
        if !same && !o.0.ends_with("styles.xml") {
            return Err(format!("after removal: {} is not as it was", o.0));
        }
    }
    // (4) calamine reads the team's sheets as they were and the grafted ones as generated.
    let mut theirs = open_workbook_auto(&g.input).map_err(|e| e.to_string())?;
    let mut ours = open_workbook_auto(&g.a).map_err(|e| e.to_string())?;
    let mut generated = open_workbook_auto(source).map_err(|e| e.to_string())?;
    let mut expected = theirs.sheet_names();
    expected.extend(GRAFTED.iter().map(|(_, to)| to.to_string()));
    if ours.sheet_names() != expected {
        return Err(format!("sheets {:?}", ours.sheet_names()));
    }
    for name in theirs.sheet_names() {
        if let Ok(range) = theirs.worksheet_range(&name) {
            let now = ours.worksheet_range(&name).map_err(|e| e.to_string())?;
            if cells(&range) != cells(&now) {
                return Err(format!("the team's sheet {name}: cells differ"));
            }
        }
    }
    for (from, to) in GRAFTED {
        let want = as_shown(cells(
            &generated.worksheet_range(from).map_err(|e| e.to_string())?,
        ));
        let got = as_shown(cells(&ours.worksheet_range(to).map_err(|e| e.to_string())?));
        if want != got || want.is_empty() {
            let diff: Vec<_> = want
                .iter()
                .filter(|(k, v)| got.get(k) != Some(v))
                .take(3)
                .collect();
            return Err(format!("grafted sheet {to}: cells differ, e.g. {diff:?}"));
        }
    }
    Ok(())
}

/// Cell values with dates as the day and time they mean (a serial date depends on the
/// workbook's date system, 1900 or 1904).
fn as_shown(cells: BTreeMap<(u32, u32), Data>) -> BTreeMap<(u32, u32), String> {
    cells
        .into_iter()
        .map(|(at, value)| {
            let shown = match &value {
                Data::DateTime(d) => format!("{:?}", d.as_datetime()),
                other => format!("{other:?}"),
            };
            (at, shown)
        })
        .collect()
}

#[test]
fn grafted_sheets_come_back_byte_for_byte_after_removal_and_keep_the_teams_parts() {
    let Some(dir) = fixtures() else { return };
    let out = tempfile::tempdir().unwrap();
    let source = out.path().join("generated.xlsx");
    std::fs::write(&source, graft_source()).unwrap();
    let grafted = graft_all(&dir, out.path());
    let failures: Vec<String> = grafted
        .iter()
        .filter_map(|g| {
            check_graft(g, &source)
                .err()
                .map(|e| format!("{}: {e}", g.input.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The XML of a part of the workbook at `path`.
fn part_text(path: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn grafted_sheets_bring_their_parts_names_and_formats() {
    let Some(dir) = fixtures() else { return };
    let out = tempfile::tempdir().unwrap();
    let g = graft_round_trip(
        &dir.join("excel-chart_bar01.xlsx"),
        &graft_source(),
        out.path(),
    );
    let names: Vec<String> = raw_entries(&g.a).into_iter().map(|e| e.0).collect();
    // The team has chart1 and drawing1: the grafted ones take the next free names.
    for part in [
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/drawings/drawing2.xml",
        "xl/charts/chart2.xml",
        "xl/charts/chart3.xml",
        "xl/comments1.xml",
    ] {
        assert!(names.iter().any(|n| n == part), "{part} not in {names:?}");
    }
    let workbook = part_text(&g.a, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="1">Findings!$1:$1</definedName>"#),
        "{workbook}"
    );
    assert!(workbook.contains(r#"localSheetId="1" hidden="1">Findings!$A$1:$D$6<"#));
    let chart = part_text(&g.a, "xl/charts/chart2.xml");
    assert!(
        chart.contains("<c:f>'Summary (run)'!$B$2:$B$4</c:f>"),
        "{chart}"
    );
    let sheet = part_text(&g.a, "xl/worksheets/sheet2.xml");
    assert!(!sheet.contains("t=\"s\""), "shared strings left: {sheet}");
    assert!(!sheet.contains("tabSelected"), "{sheet}");
    assert!(
        sheet.contains("<is><r><rPr><b/>"),
        "the rich string's runs: {sheet}"
    );
    assert!(sheet.contains("dxfId=\"0\""), "{sheet}");
    let rels = part_text(&g.a, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(rels.contains(r#"Target="https://example.com/a?b=c&amp;d" TargetMode="External""#));
    let types = part_text(&g.a, "[Content_Types].xml");
    assert_eq!(types.matches("Extension=\"vml\"").count(), 1, "{types}");
    let styles = part_text(&g.a, "xl/styles.xml");
    assert!(
        styles.contains(r##"formatCode="#,##0.00 &quot;€&quot;""##),
        "{styles}"
    );
    assert!(
        styles.contains("<dxfs count=\"1\"><dxf><fill><patternFill><bgColor rgb=\"FFC6EFCE\"/>"),
        "{styles}"
    );
}

#[test]
fn grafting_twice_appends_each_format_once_and_cell_formats_still_append() {
    let Some(dir) = fixtures() else { return };
    let source = graft_source();
    let out = tempfile::tempdir().unwrap();
    let mut package = Package::open(&dir.join("excel-format01.xlsx")).unwrap();
    let before = package
        .append_cell_format(&CellFormat {
            bold: true,
            ..Default::default()
        })
        .unwrap();
    let first = package
        .graft_sheets(&source, &[("Findings", "Findings")])
        .unwrap();
    package.save(&out.path().join("once.xlsx")).unwrap();
    let second = package
        .graft_sheets(&source, &[("Findings", "Findings 2")])
        .unwrap();
    let after = package
        .append_cell_format(&CellFormat {
            font_color: Some("00FF00".into()),
            ..Default::default()
        })
        .unwrap();
    package.save(&out.path().join("twice.xlsx")).unwrap();
    let count = |path: &Path| {
        let styles = part_text(path, "xl/styles.xml");
        let at = styles.find("<cellXfs count=\"").unwrap() + 16;
        styles[at..at + styles[at..].find('"').unwrap()]
            .parse::<u32>()
            .unwrap()
    };
    let once = count(&out.path().join("once.xlsx"));
    assert_eq!(
        count(&out.path().join("twice.xlsx")),
        once + 1,
        "only the new cell format"
    );
    assert!(before < once && after == once, "{before} {after} {once}");
    let first = part_text(&out.path().join("twice.xlsx"), &first[0].part);
    let second = part_text(&out.path().join("twice.xlsx"), &second[0].part);
    assert_eq!(
        first, second,
        "the same sheet grafted twice is the same XML"
    );
}

#[test]
fn graft_and_removal_errors_name_the_file_and_the_sheet() {
    let Some(dir) = fixtures() else { return };
    let source = graft_source();
    let mut package = Package::open(&dir.join("excel-table01.xlsx")).unwrap();
    let team = package.sheets()[0].name.clone();
    let err = package
        .graft_sheets(&source, &[("Nope", "Nope")])
        .unwrap_err();
    assert!(matches!(err, PackageError::Graft { .. }), "{err}");
    assert!(
        err.to_string().contains("excel-table01.xlsx") && err.to_string().contains("\"Nope\""),
        "{err}"
    );
    assert_chinese(&err, "无法添加生成的工作表：生成的工作簿中没有工作表“Nope”");
    let err = package
        .graft_sheets(&source, &[("Findings", &team)])
        .unwrap_err();
    assert!(matches!(err, PackageError::SheetName { .. }), "{err}");
    assert_chinese(
        &err,
        &format!("无法添加名为“{team}”的工作表：工作簿中已有同名工作表"),
    );
    let err = package
        .graft_sheets(&source, &[("Findings", "X"), ("Summary", "x")])
        .unwrap_err();
    assert!(matches!(err, PackageError::SheetName { .. }), "{err}");
    assert_chinese(&err, "有两个要添加的工作表用了这个名称");
    let err = package
        .graft_sheets(b"not a zip", &[("Findings", "X")])
        .unwrap_err();
    assert!(matches!(err, PackageError::Graft { .. }), "{err}");
    assert_chinese(&err, "无法读取生成的工作簿：其 ZIP 结构已损坏");
    let chartsheet = {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Line);
        chart.add_series().set_values("Data!$A$1:$A$3");
        workbook.add_worksheet().set_name("Data").unwrap();
        let sheet = workbook.add_chartsheet().set_name("Chart").unwrap();
        sheet.insert_chart(0, 0, &chart).unwrap();
        workbook.save_to_buffer().unwrap()
    };
    let err = package
        .graft_sheets(&chartsheet, &[("Chart", "Chart")])
        .unwrap_err();
    assert!(err.to_string().contains("not a worksheet"), "{err}");
    assert_eq!(package.sheets().len(), 1, "nothing was added");
    let err = package.remove_sheet("Findings").unwrap_err();
    assert!(matches!(err, PackageError::RemoveSheet { .. }), "{err}");
    let err = package.remove_sheet(&team).unwrap_err();
    assert!(err.to_string().contains("at least one sheet"), "{err}");
    assert_chinese(
        &err,
        &format!("无法删除工作表“{team}”：工作簿至少要保留一个工作表"),
    );
}

#[test]
fn grafted_workbooks_have_no_validator_error_their_input_had_not() {
    let Some(dir) = fixtures() else { return };
    let Some(program) = audit_program() else {
        skip("openxml-audit not installed (set OPENXML_AUDIT or put it on the PATH)");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let grafted = graft_all(&dir, out.path());
    let inputs = audit(&program, &dir);
    let outputs = audit(&program, &out.path().join("a"));
    let mut new_errors = Vec::new();
    for g in &grafted {
        let name = g.input.file_name().unwrap().to_string_lossy().into_owned();
        let before = inputs.get(&name).cloned().unwrap_or_default();
        let after = outputs
            .get(&name)
            .unwrap_or_else(|| panic!("openxml-audit did not check {name}"));
        for (key, count) in after {
            if *count > before.get(key).copied().unwrap_or(0) {
                new_errors.push(format!("{name}: {} {}", key.0, key.1));
            }
        }
    }
    assert!(new_errors.is_empty(), "{}", new_errors.join("\n"));
}

#[test]
fn libreoffice_converts_every_grafted_workbook() {
    let Some(dir) = fixtures() else { return };
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join("soffice").is_file()));
    if !on_path {
        skip("soffice not installed");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let grafted = graft_all(&dir, out.path());
    let pdf_dir = out.path().join("pdf");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            out.path().join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .args(grafted.iter().map(|g| &g.a))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for g in &grafted {
        let pdf = pdf_dir.join(g.a.with_extension("pdf").file_name().unwrap());
        let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 1000,
            "LibreOffice made no usable PDF of {} ({size} bytes)",
            g.a.display()
        );
    }
}

#[test]
fn removing_a_team_sheet_moves_later_names_down_and_drops_an_emptied_calc_chain() {
    let Some(dir) = fixtures() else { return };
    let out = tempfile::tempdir().unwrap();
    // Sheet2 of four: its own names go, Sheet 3's move down.
    let mut package = Package::open(&dir.join("excel-defined_name01.xlsx")).unwrap();
    package.remove_sheet("sheet2").unwrap();
    let path = out.path().join("names.xlsx");
    package.save(&path).unwrap();
    let workbook = part_text(&path, "xl/workbook.xml");
    assert!(!workbook.contains("Sheet2"), "{workbook}");
    assert!(
        workbook
            .contains(r#"<definedName name="Bar" localSheetId="1">'Sheet 3'!$A$1</definedName>"#),
        "{workbook}"
    );
    assert!(
        workbook.contains(r#"<definedName name="Bar" localSheetId="0">Sheet1!$A$1</definedName>"#)
    );
    assert!(!part_names(&path).contains(&"xl/worksheets/sheet2.xml".to_string()));
    // The team's only sheet goes after the graft: the calculation chain held only its cells.
    let mut package = Package::open(&dir.join("excel-array_formula01.xlsx")).unwrap();
    let team = package.sheets()[0].name.clone();
    package.graft_sheets(&graft_source(), &GRAFTED).unwrap();
    package.remove_sheet(&team).unwrap();
    let path = out.path().join("chain.xlsx");
    package.save(&path).unwrap();
    let names = part_names(&path);
    assert!(!names.iter().any(|n| n.contains("calcChain")), "{names:?}");
    for part in ["[Content_Types].xml", "xl/_rels/workbook.xml.rels"] {
        assert!(!part_text(&path, part).contains("calcChain"), "{part}");
    }
    let workbook = part_text(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">"#),
        "{workbook}"
    );
    let result = open_workbook_auto(&path).unwrap();
    assert_eq!(result.sheet_names(), ["Findings", "Summary (run)", "Notes"]);
}

fn part_names(path: &Path) -> Vec<String> {
    raw_entries(path).into_iter().map(|e| e.0).collect()
}
