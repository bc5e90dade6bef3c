//! `aftersales timeline`: what the case history recorded, newest first (PRODUCT.md section 9).
//! Reads the history, never writes it.

use super::args::{Format, TimelineArgs};
use super::exit::ExitCode;
use super::print_stdout;
use crate::error::Error;
use crate::history::store::Store;
use crate::history::{HistoryError, StoredEvent};
use crate::i18n::Texts;
use crate::input::values::format_datetime;
use crate::render::{escape_formula, UTF8_BOM};

/// The CSV header and JSON keys of an event.
const FIELDS: [&str; 6] = ["case_id", "event", "at", "earliest", "from", "to"];

pub fn run(args: TimelineArgs, texts: &Texts) -> Result<ExitCode, Error> {
    let path = args
        .history
        .clone()
        .unwrap_or_else(|| crate::history::default_path(&args.input));
    let store =
        Store::open_read(&path)?.ok_or_else(|| HistoryError::Missing { path: path.clone() })?;
    let events = store.events(None, args.case.as_deref(), None)?;
    let file = args.input.display().to_string();
    let text = match args.format {
        Format::Json => {
            let json = serde_json::json!({ "file": file, "events": events });
            format!("{json}\n")
        }
        Format::Csv => csv(&events),
        Format::Text => text(&file, &events, texts),
    };
    print_stdout(&text);
    Ok(ExitCode::Done)
}

fn cells(e: &StoredEvent) -> [String; 6] {
    [
        e.case_id.clone(),
        e.event.clone(),
        format_datetime(e.at),
        e.earliest.map(format_datetime).unwrap_or_default(),
        e.from.clone(),
        e.to.clone(),
    ]
}

fn csv(events: &[StoredEvent]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(FIELDS);
    for e in events {
        let _ = writer.write_record(cells(e).iter().map(|v| escape_formula(v)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("{UTF8_BOM}{}", String::from_utf8_lossy(&bytes))
}

/// One line an event, in the team's language (event names as the Timeline sheet shows them;
/// the values from and to as recorded).
fn text(file: &str, events: &[StoredEvent], texts: &Texts) -> String {
    let count = events.len().to_string();
    let mut out = texts.fmt("timeline-text_header", &[("file", file), ("count", &count)]);
    out.push('\n');
    for e in events {
        let [case_id, _, at, earliest, from, to] = cells(e);
        let event = crate::write::timeline::event_label(&e.event, texts);
        let change = match (from.is_empty(), to.is_empty()) {
            (true, true) => String::new(),
            (true, false) => format!("  {to}"),
            (false, true) => format!("  {from}"),
            (false, false) => format!("  {from} -> {to}"),
        };
        let since = if earliest.is_empty() {
            String::new()
        } else {
            format!(
                "  {}",
                texts.fmt("timeline-text_since", &[("earliest", &earliest)])
            )
        };
        out.push_str(&format!("{at}  {case_id}  {event}{change}{since}\n"));
    }
    out
}
