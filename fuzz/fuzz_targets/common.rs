//! Shared by the workbook targets: the settings of a run, built by hand as the CLI would.

use std::path::{Path, PathBuf};

use aftersales::process::{prepare, stream, Settings};
use aftersales::values::DayOrder;
use chrono::NaiveDate;

pub fn settings() -> Settings {
    Settings {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        sheet: None,
        policies_file: None,
        calendar_file: None,
        day_order: DayOrder::Strict,
    }
}

/// A folder of this fuzzing process, reused for every input.
pub fn work_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aftersales-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What `check` does with a file: open, find the cases, stream them all. Errors are fine
/// (they become exit 2); a panic is what the fuzzer looks for.
pub fn check(path: &Path) {
    let settings = settings();
    if let Ok(mut prepared) = prepare(path, &settings) {
        let mut findings = 0usize;
        let _ = stream(&mut prepared, |_, checked| {
            findings += checked.findings.len();
            Ok(())
        });
    }
}
