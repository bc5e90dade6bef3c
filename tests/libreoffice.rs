//! The annotated workbook and the KPI workbook must open in a real client: LibreOffice
//! headless converts them to PDF. Mandatory when `CI=true`; skipped where soffice is absent.

use std::path::Path;
use std::process::Command;

fn soffice_available() -> bool {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but LibreOffice (soffice) is not installed: .ci/run must install libreoffice-calc-nogui");
    }
    found
}

fn convert_to_pdf(xlsx: &Path, outdir: &Path) {
    let profile = outdir.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(outdir)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    let pdf = outdir.join(xlsx.with_extension("pdf").file_name().unwrap());
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 1000,
        "LibreOffice produced no usable PDF for {} ({size} bytes)",
        xlsx.display()
    );
}

fn aftersales(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_aftersales"))
        .args(args)
        .output()
        .expect("binary runs");
    assert!(
        matches!(status.status.code(), Some(0 | 1)),
        "aftersales {args:?} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn libreoffice_opens_the_annotated_and_kpi_workbooks() {
    if !soffice_available() {
        eprintln!("skipped: soffice not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo.xlsx");
    let annotated = dir.path().join("demo.annotated.xlsx");
    let kpi = dir.path().join("kpi.xlsx");
    let (demo, annotated_s, kpi_s) = (
        demo.to_str().unwrap(),
        annotated.to_str().unwrap(),
        kpi.to_str().unwrap(),
    );
    aftersales(&[
        "process",
        demo,
        "-o",
        annotated_s,
        "--as-of",
        "2026-11-23T09:00",
    ]);
    aftersales(&[
        "kpi",
        demo,
        "-o",
        kpi_s,
        "--as-of",
        "2026-11-23T09:00",
        "--format",
        "json",
    ]);
    convert_to_pdf(&annotated, dir.path());
    convert_to_pdf(&kpi, dir.path());
}

fn convert(input: &Path, outdir: &Path, to: &str) -> std::path::PathBuf {
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
    assert!(out.status.success(), "soffice --convert-to {to} failed");
    let ext = to.split(':').next().unwrap();
    outdir.join(input.with_extension(ext).file_name().unwrap())
}

/// (code, cell) of every finding `check` reports, sorted.
fn finding_cells(input: &Path) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_aftersales"))
        .args(["check", "--format", "json", "--as-of", "2026-11-23T09:00"])
        .arg(input)
        .output()
        .expect("binary runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON for {} ({e}): {}",
            input.display(),
            String::from_utf8_lossy(&out.stderr)
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
    if !soffice_available() {
        eprintln!("skipped: soffice not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo.xlsx");
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
