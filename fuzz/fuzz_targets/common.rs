//! Shared by the workbook targets: the settings of a run, built by hand as the CLI would,
//! and the panic policy of the tool.

use std::path::{Path, PathBuf};
use std::sync::Once;

use aftersales::pipeline::{prepare, stream, Settings};
use aftersales::input::values::DayOrder;
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
        texts: aftersales::i18n::Texts::default(),
    }
}

/// The tool catches a panic of the spreadsheet reader on a damaged file and reports an exit
/// 2 (src/read.rs). libfuzzer-sys's panic hook aborts on every panic, caught or not, so it
/// is replaced by one that only prints: a panic the tool catches is then not a crash, and a
/// panic that escapes still is (libfuzzer-sys aborts when the target unwinds).
/// Set `AFTERSALES_FUZZ_ANY_PANIC=1` to count every panic, caught or not, as a crash.
pub fn tool_panic_policy() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("AFTERSALES_FUZZ_ANY_PANIC").is_none() {
            std::panic::set_hook(Box::new(|info| eprintln!("panic (caught?): {info}")));
        }
    });
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
    tool_panic_policy();
    let settings = settings();
    if let Ok(mut prepared) = prepare(path, &settings) {
        let mut findings = 0usize;
        let _ = stream(&mut prepared, |_, checked| {
            findings += checked.findings.len();
            Ok(())
        });
    }
}
