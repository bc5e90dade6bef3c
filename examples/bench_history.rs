//! Builds a case history of NIGHTS recorded runs for a workbook quickly, through the library
//! (no workbook is written), for the history benchmark (`benches/history.sh`):
//!
//! ```text
//! cargo run --release --example bench_history -- IN.xlsx HISTORY.sqlite NIGHTS CHANGED_PERCENT
//! ```
//!
//! The workbook's cases are read once. Night `n` (as-of 2026-10-24 + n days, 09:00) records
//! them with CHANGED_PERCENT of the cases, picked anew each night, moved on: their status
//! and assignee changed, the way a team's nightly edits look to the history. The last night
//! is the day before the benchmark's as-of (2026-11-23), so `process --as-of 2026-11-23T09:00`
//! on the workbook is the 31st run. Prints the history's size after each night.

use std::path::Path;

use aftersales::history::{Recall, TRACKED};
use aftersales::input::values::DayOrder;
use aftersales::model::Key;
use aftersales::pipeline::{prepare, stream, Settings};
use chrono::{Duration, NaiveDate};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, history, nights, percent] = args.as_slice() else {
        eprintln!("usage: bench_history IN.xlsx HISTORY.sqlite NIGHTS CHANGED_PERCENT");
        std::process::exit(2);
    };
    let nights: i64 = nights.parse().expect("NIGHTS");
    let percent: f64 = percent.parse().expect("CHANGED_PERCENT");
    let input = Path::new(input);
    let first = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        - Duration::days(nights);
    let settings = Settings {
        as_of: first,
        sheet: None,
        policies_file: None,
        calendar_file: None,
        day_order: DayOrder::Strict,
        texts: aftersales::i18n::Texts::default(),
    };
    let mut prepared = prepare(input, &settings).expect("a readable workbook");
    let header = prepared.sheet.header.clone();
    let mut cases: Vec<(String, [Option<String>; TRACKED.len()])> = Vec::new();
    stream(&mut prepared, |row, checked| {
        // As `process` does: only a case's first row has a story.
        let duplicate = checked
            .findings
            .iter()
            .any(|f| f.code == aftersales::model::finding::Code::E_DUPLICATE_ID);
        let Some(id) = checked.case.case_id.clone().filter(|_| !duplicate) else {
            return Ok(());
        };
        let values = TRACKED.map(|key| {
            let cell = header.column(key).map(|c| row.get(c));
            let text = cell.filter(|c| !c.is_blank()).map(|c| c.display());
            match key {
                Key::Status => checked.case.status.map(|s| s.as_str().to_string()).or(text),
                _ => text,
            }
        });
        cases.push((id, values));
        Ok(())
    })
    .expect("the cases stream");
    let every = (100.0 / percent.max(0.001)).round().max(1.0) as usize;
    let status = TRACKED.iter().position(|k| *k == Key::Status).unwrap();
    let assignee = TRACKED.iter().position(|k| *k == Key::Assignee).unwrap();
    for night in 0..nights {
        let as_of = first + Duration::days(night);
        let mut recall = Recall::open(Path::new(history), as_of, true)
            .expect("a usable history")
            .expect("a history to record into");
        for (i, (id, values)) in cases.iter().enumerate() {
            let mut values = values.clone();
            // Each night a different CHANGED_PERCENT of the cases moved on; by the last
            // night every case is back to the workbook's values, except tonight's.
            if (i + night as usize).is_multiple_of(every) && night + 1 < nights {
                values[status] = Some(
                    if night % 2 == 0 {
                        "in_progress"
                    } else {
                        "waiting_seller"
                    }
                    .into(),
                );
                values[assignee] = Some(format!("agent-{night}"));
            }
            recall
                .observe(id, i as u32 + 2, values, &[], None)
                .expect("observe");
        }
        recall.finish(input, &settings.texts).expect("finish");
        recall.commit(input, "bench").expect("commit");
        let size = std::fs::metadata(history).map(|m| m.len()).unwrap_or(0);
        println!("night {} as of {as_of}: history {size} bytes", night + 1);
    }
}
