//! Writes a large after-sales workbook for the benchmark of PRODUCT.md section 8.
//!
//! ```text
//! cargo run --release --example bench_generate -- ROWS OUT.xlsx [--sst] [--carried]
//! cargo run --release --example bench_generate -- 1048575 target/bench/in-1048575.xlsx
//! ```
//!
//! One sheet, `Cases`, with the 25 canonical columns of table 2.2 under their English
//! headers and ROWS cases below (at most 1,048,575, Excel's last row):
//!
//! ```text
//!  ____________________________________________________________________________________
//! |         ||      A       |     B        |    C     |   ...   |    X      |    Y    |
//! |_________||______________|______________|__________|_________|___________|_________|
//! |    1    || Case ID      | Order ID     | Platform |   ...   | Exception | Remarks |
//! |         ||              |              |          |         | approved  |         |
//! |_________||______________|______________|__________|_________|___________|_________|
//! |    2    || AS2402-00001 | BH1942155433 | Bhiner   |   ...   |           |         |
//! |   ...   || requests spread over 2024-02-01 .. 2026-11-22, in date order          |
//! | ROWS+1  || AS2611-...   | ...          | ...      |   ...   |           |         |
//! |_________||______________|______________|__________|_________|___________|_________|
//! ```
//!
//! Values are what a team types: Chinese and English names, statuses and issue types in the
//! spellings of section 2.3, real date cells, yes/no as text or Excel booleans. About 3% of
//! the rows older than 30 days carry one deliberate flaw (a finding of section 4); the rest
//! are clean with `--as-of 2026-11-23T09:00`. The same ROWS always give the same cells.
//!
//! The sheet is written in rust_xlsxwriter's constant-memory mode (inline strings, one row
//! in memory), so even 1,048,575 rows need only a few MiB. `--sst` uses low-memory mode
//! instead, which keeps a shared-strings table as Excel itself writes one; calamine then
//! loads that table into memory when the file is read. `--carried` adds a second sheet,
//! `Orders`, with the same ROWS rows again: a large sheet the tool carries to its output.

mod common;

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::Duration;
use common::{
    as_of, at, canonical_cells, check_clean, clean_case, real_date, request_times, write_out, Flaw,
    Formats, Rng,
};
use rust_xlsxwriter::{DocProperties, Format, Workbook};

const HEADERS: [&str; 25] = [
    "Case ID",
    "Order ID",
    "Platform",
    "Category",
    "Customer",
    "Contact",
    "Purchase date",
    "Received date",
    "Request date",
    "Issue type",
    "Requested resolution",
    "Evidence",
    "Original packaging",
    "Item used",
    "Status",
    "Assignee",
    "First response",
    "Resolved at",
    "Reopen count",
    "Order amount",
    "Refund amount",
    "CSAT",
    "Feedback",
    "Exception approved",
    "Remarks",
];
const MAX_ROWS: u64 = 1_048_575;
const FLAW_RATE: f64 = 0.03;

struct Args {
    rows: u64,
    out: PathBuf,
    shared_strings: bool,
    carried: bool,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("bench_generate: {message}");
            eprintln!(
                "usage: bench_generate ROWS OUT.xlsx [--sst] [--carried]   (ROWS = 1..=1048575)"
            );
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench_generate: {}: {error}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut shared_strings = false;
    let mut carried = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--sst" => shared_strings = true,
            "--carried" => carried = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg),
        }
    }
    let [rows, out] = positional.as_slice() else {
        return Err("expected ROWS and OUT.xlsx".into());
    };
    let rows: u64 = rows
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("ROWS must be a whole number, not {rows:?}"))?;
    if !(1..=MAX_ROWS).contains(&rows) {
        return Err(format!(
            "ROWS must be 1..={MAX_ROWS} (with the header, Excel's 1,048,576 rows), not {rows}"
        ));
    }
    Ok(Args {
        rows,
        out: PathBuf::from(out),
        shared_strings,
        carried,
    })
}

fn generate(args: &Args) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("aftersales benchmark input")
            .set_creation_datetime(&at(2026, 11, 23, 9, 0)),
    );
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Constant-memory sheets live in a temp file until saved: keep it beside the output.
        workbook.set_tempdir(dir)?;
    }
    let bold = Format::new().set_bold();
    let names: &[&str] = if args.carried {
        &["Cases", "Orders"]
    } else {
        &["Cases"]
    };
    for name in names {
        let sheet = if args.shared_strings {
            workbook.add_worksheet_with_low_memory()
        } else {
            workbook.add_worksheet_with_constant_memory()
        }?;
        sheet.set_name(*name)?;
        for (col, header) in HEADERS.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *header, &bold)?;
            sheet.set_column_width(col as u16, 14)?;
        }
    }

    let formats = Formats::new(false);
    let mut clock = Rng::new(0xB0A7_0000_0000 ^ args.rows);
    let mut rng = Rng::new(0xCA5E_5EED);
    let mut typing = Rng::new(0x7E57_0000_7E1E);
    let old = as_of() - Duration::days(30);
    let (from, to) = (at(2024, 2, 1, 0, 0), at(2026, 11, 22, 20, 0));
    let mut previous_id = String::new();
    let mut flawed = 0u64;
    for (index, request) in (0u64..).zip(request_times(&mut clock, args.rows, from, to)) {
        let flaw = (request < old && rng.chance(FLAW_RATE)).then(|| rng.pick(Flaw::BENCH));
        let spec = flaw.map(Flaw::spec).unwrap_or_default();
        let mut case = clean_case(&mut rng, index + 1, request, &spec);
        match flaw {
            Some(flaw) => {
                flaw.apply(&mut rng, &mut case, &previous_id);
                flawed += 1;
            }
            None => debug_assert_eq!(check_clean(&case), Ok(())),
        }
        let row = index as u32 + 1;
        let cells = canonical_cells(&mut typing, &case, real_date);
        for index in 0..names.len() {
            let sheet = workbook.worksheet_from_index(index)?;
            for (col, out) in cells.iter().enumerate() {
                write_out(sheet, row, col as u16, out, &formats, false)?;
            }
        }
        previous_id = case.case_id;
    }
    workbook.save(&args.out)?;
    report(args, flawed, started);
    Ok(())
}

fn report(args: &Args, flawed: u64, started: Instant) {
    let size = std::fs::metadata(&args.out).map_or(0, |m| m.len());
    eprintln!(
        "bench_generate: wrote {} cases ({flawed} with a deliberate finding) to {} ({:.1} MiB) in {:.1} s",
        args.rows,
        args.out.display(),
        size as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
}
