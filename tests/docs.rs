//! docs/reference.md stays true to what the tool knows: every header, value spelling, finding
//! code and KPI the tool has is named there.

use aftersales::kpi::table::KPIS;
use aftersales::model::finding::Code;

fn reference() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reference.md"))
        .expect("docs/reference.md")
}

/// Every record of a template CSV, header row skipped.
fn records(template: &str) -> Vec<csv::StringRecord> {
    let path = format!("{}/templates/{template}", env!("CARGO_MANIFEST_DIR"));
    csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_finding_code_and_kpi_is_explained() {
    let doc = reference();
    for code in Code::ALL {
        assert!(doc.contains(&format!("| {} |", code.as_str())), "{code:?}");
    }
    for kpi in KPIS {
        assert!(doc.contains(kpi.key), "KPI {}", kpi.key);
    }
    for exit in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(doc.contains(exit), "exit code {exit}");
    }
}

#[test]
fn every_recognised_header_and_spelling_is_listed() {
    let doc = reference();
    let headers = records("headers.csv");
    assert!(headers.len() > 50, "{} headers", headers.len());
    for r in &headers {
        assert!(doc.contains(&format!("`{}`", &r[0])), "column {}", &r[0]);
        assert!(doc.contains(&r[1]), "header {} of {}", &r[1], &r[0]);
    }
    let values = records("values.csv");
    assert!(values.len() > 50, "{} spellings", values.len());
    for r in &values {
        let line = format!("| {} | `{}` |", &r[0], &r[1]);
        let listed = doc
            .lines()
            .find(|l| l.starts_with(&line))
            .unwrap_or_else(|| panic!("no line for {} {}", &r[0], &r[1]));
        assert!(listed.contains(&r[2]), "{} spelled {}", &r[1], &r[2]);
    }
}
