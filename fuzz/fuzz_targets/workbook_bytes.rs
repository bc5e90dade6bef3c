//! Any bytes, written to a file with a workbook extension, through `prepare` and `stream`.
//! The first byte picks the extension (and so calamine's reader); most inputs are .xlsx.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let ext = match pick {
        0..=191 => "xlsx",
        192..=215 => "xls",
        216..=239 => "ods",
        _ => "xlsb",
    };
    let path = common::work_dir().join(format!("input.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    common::check(&path);
});
