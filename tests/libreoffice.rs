//! The annotated workbook and the KPI workbook must open in a real client: LibreOffice
//! headless converts them to PDF. Mandatory when `CI=true`; skipped where soffice is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{aftersales, repo_copy, require_program, run, tempdir, text, AS_OF};

/// `input` converted by LibreOffice to `to` (`pdf`, `ods`, `xls:MS Excel 97`) in `outdir`.
fn convert(input: &Path, outdir: &Path, to: &str) -> PathBuf {
    let profile = outdir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice --convert-to {to} failed: {}",
        text(&out.stderr)
    );
    let ext = to.split(':').next().unwrap();
    outdir.join(input.with_extension(ext).file_name().unwrap())
}

fn convert_to_pdf(xlsx: &Path, outdir: &Path) {
    let pdf = convert(xlsx, outdir, "pdf");
    let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 1000,
        "LibreOffice produced no usable PDF for {} ({size} bytes)",
        xlsx.display()
    );
}

#[test]
fn libreoffice_opens_the_annotated_and_kpi_workbooks() {
    if !require_program("soffice") {
        return;
    }
    let dir = tempdir();
    let demo = repo_copy("examples/demo.xlsx", dir.path());
    let annotated = dir.path().join("demo.annotated.xlsx");
    let kpi = dir.path().join("kpi.xlsx");
    let (demo, annotated_s, kpi_s) = (
        demo.to_str().unwrap(),
        annotated.to_str().unwrap(),
        kpi.to_str().unwrap(),
    );
    let runs: [&[&str]; 2] = [
        &["process", demo, "-o", annotated_s, "--as-of", AS_OF],
        &[
            "kpi", demo, "-o", kpi_s, "--as-of", AS_OF, "--format", "json",
        ],
    ];
    for args in runs {
        let out = run(dir.path(), args);
        assert!(
            matches!(out.code, 0 | 1),
            "aftersales {args:?} failed: {}",
            out.stderr
        );
    }
    convert_to_pdf(&annotated, dir.path());
    convert_to_pdf(&kpi, dir.path());
}

/// (code, cell) of every finding `check` reports, sorted.
fn finding_cells(input: &Path) -> Vec<(String, String)> {
    let path = input.to_str().unwrap();
    let out = aftersales(&["check", "--format", "json", "--as-of", AS_OF, path]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON for {} ({e}): {}",
            input.display(),
            text(&out.stderr)
        )
    });
    let mut cells: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    cells.sort();
    cells
}

#[test]
fn ods_and_xls_copies_of_the_demo_give_the_same_findings() {
    if !require_program("soffice") {
        return;
    }
    let dir = tempdir();
    let demo = repo_copy("examples/demo.xlsx", dir.path());
    let expected = finding_cells(&demo);
    assert!(expected.len() > 10);
    for to in ["ods", "xls:MS Excel 97"] {
        let copy = convert(&demo, dir.path(), to);
        assert_eq!(
            finding_cells(&copy),
            expected,
            "findings of the {to} copy differ"
        );
    }
}
