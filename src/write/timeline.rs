//! The Timeline and Removed sheets (PRODUCT.md section 9), and the Run sheet's lines about
//! the history. Every label they show is spelled once, in [`Label`].

use rust_xlsxwriter::{Url, Workbook, Worksheet, XlsxError};

use super::{write_datetime, Formats};
use crate::history::{Recall, StoredEvent, TRACKED};
use crate::i18n::Texts;
use crate::model::columns::ComputedColumn;
use crate::model::sheets::Sheet;

/// The Timeline sheet stops at the newest 65,530 events: Excel's hyperlink limit, so every
/// row links to its case (the `timeline` command prints them all).
pub const TIMELINE_ROWS: usize = 65_530;

/// The labels of the Timeline and Removed sheets and of the Run sheet's history lines.
#[derive(Debug, Clone, Copy)]
pub enum Label {
    CaseId,
    When,
    Earliest,
    Event,
    From,
    To,
    RemovedAt,
    History,
    HistoryOff,
    PreviousRun,
    NoPreviousRun,
    EventsThisRun,
    EventsInHistory,
    EventsNotShown,
    CasesRemoved,
    NothingPaused,
}

impl Label {
    /// The catalogue message (templates/i18n/<lang>/workbook.ftl).
    pub const fn message(self) -> &'static str {
        match self {
            Label::CaseId => "timeline-case_id",
            Label::When => "timeline-when",
            Label::Earliest => "timeline-earliest",
            Label::Event => "timeline-event",
            Label::From => "timeline-from",
            Label::To => "timeline-to",
            Label::RemovedAt => "timeline-removed_at",
            Label::History => "timeline-history",
            Label::HistoryOff => "timeline-history_off",
            Label::PreviousRun => "timeline-previous_run",
            Label::NoPreviousRun => "timeline-no_previous_run",
            Label::EventsThisRun => "timeline-events_this_run",
            Label::EventsInHistory => "timeline-events_in_history",
            Label::EventsNotShown => "timeline-events_not_shown",
            Label::CasesRemoved => "timeline-cases_removed",
            Label::NothingPaused => "timeline-nothing_paused",
        }
    }

    /// The label in the team's language.
    pub fn text(self, t: &Texts) -> String {
        t.get(self.message())
    }
}

/// An event's name (a canonical value of `timeline`) in the team's language.
pub fn event_label(event: &str, t: &Texts) -> String {
    let id = format!("event-{event}");
    if t.team().has(&id) {
        t.get(&id)
    } else {
        event.to_string()
    }
}

/// `'Sheet name'!A5`, the target of an internal link.
fn link(sheet: &str, row: u32, col: u32) -> Url {
    let quoted = format!("'{}'", sheet.replace('\'', "''"));
    Url::new(format!(
        "internal:{quoted}!{}",
        crate::model::finding::cell_ref(row.saturating_sub(1), col)
    ))
}

fn header(sheet: &mut Worksheet, labels: &[String], formats: &Formats) -> Result<(), XlsxError> {
    for (col, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, label, &formats.header)?;
        let width = unicode_width::UnicodeWidthStr::width(label.as_str());
        sheet.set_column_width(col as u16, (width as f64 + 4.0).max(14.0))?;
    }
    Ok(())
}

/// The Timeline sheet: this run's events and the earlier ones, newest first, each case id a
/// link to its row in `case_sheet` (column `id_col`) when it is still there.
pub fn write_timeline(
    workbook: &mut Workbook,
    recall: Option<&Recall>,
    case_sheet: &str,
    id_col: Option<u32>,
    t: &Texts,
) -> Result<(), XlsxError> {
    let formats = Formats::default();
    let sheet = workbook.add_worksheet();
    sheet.set_name(Sheet::Timeline.label(t))?;
    super::print_sensibly(sheet, Some(0));
    let labels = [
        Label::CaseId,
        Label::When,
        Label::Earliest,
        Label::Event,
        Label::From,
        Label::To,
    ]
    .map(|l| l.text(t));
    header(sheet, &labels, &formats)?;
    sheet.set_column_width(4, 30)?;
    sheet.set_column_width(5, 30)?;
    let Some(recall) = recall else {
        return sheet.autofilter(0, 0, 1, 5).map(|_| ());
    };
    let events = timeline_events(recall);
    let mut row = 1u32;
    for event in events {
        match (recall.rows.get(&event.case_id), id_col) {
            (Some(case_row), Some(col)) => {
                sheet.write_url_with_text(
                    row,
                    0,
                    link(case_sheet, *case_row, col),
                    &event.case_id,
                )?;
            }
            _ => {
                sheet.write_string(row, 0, &event.case_id)?;
            }
        }
        write_datetime(sheet, row, 1, &event.at, &formats)?;
        if let Some(earliest) = &event.earliest {
            write_datetime(sheet, row, 2, earliest, &formats)?;
        }
        sheet.write_string(row, 3, event_label(&event.event, t))?;
        sheet.write_string(row, 4, super::truncate_for_excel(&event.from))?;
        sheet.write_string(row, 5, super::truncate_for_excel(&event.to))?;
        row += 1;
    }
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 5)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The events the Timeline sheet shows: this run's (sheet order, then removals), then the
/// earlier runs' newest first, up to [`TIMELINE_ROWS`].
fn timeline_events(recall: &Recall) -> impl Iterator<Item = &StoredEvent> {
    recall
        .events
        .iter()
        .chain(recall.earlier_events.iter())
        .take(TIMELINE_ROWS)
}

/// The Removed sheet: every case the history saw that is no longer in the workbook, with its
/// last known values.
pub fn write_removed(
    workbook: &mut Workbook,
    recall: Option<&Recall>,
    t: &Texts,
) -> Result<(), XlsxError> {
    let formats = Formats::default();
    let sheet = workbook.add_worksheet();
    sheet.set_name(Sheet::Removed.label(t))?;
    super::print_sensibly(sheet, Some(0));
    let mut labels = vec![Label::CaseId.text(t), Label::RemovedAt.text(t)];
    // Each field under the header a team of that language would give it.
    let aliases = crate::input::headers::Aliases::builtin();
    let chinese = t.lang() == crate::i18n::Lang::Zh;
    labels.extend(
        TRACKED
            .iter()
            .map(|k| aliases.display_header(*k, chinese).to_string()),
    );
    header(sheet, &labels, &formats)?;
    let last_col = labels.len() as u16 - 1;
    let mut row = 1u32;
    for removed in recall.map_or(&[][..], |r| r.removed.as_slice()) {
        sheet.write_string(row, 0, &removed.case_id)?;
        if let Some(at) = &removed.removed_at {
            write_datetime(sheet, row, 1, at, &formats)?;
        }
        for (i, value) in removed.values.values.iter().enumerate() {
            if let Some(value) = value {
                sheet.write_string(row, i as u16 + 2, value)?;
            }
        }
        row += 1;
    }
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The Run sheet's lines about the history: which file, the previous run, the events.
pub fn run_lines(recall: Option<&Recall>, t: &Texts) -> Vec<(String, String)> {
    let line = |label: Label, value: String| (label.text(t), value);
    let Some(recall) = recall else {
        return vec![
            line(Label::History, Label::HistoryOff.text(t)),
            (
                ComputedColumn::PausedHours.header(t),
                Label::NothingPaused.text(t),
            ),
        ];
    };
    let name = recall
        .path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut lines = vec![
        line(Label::History, name),
        line(
            Label::PreviousRun,
            recall
                .previous
                .as_ref()
                .map_or(Label::NoPreviousRun.text(t), |p| {
                    crate::input::values::format_datetime(p.as_of)
                }),
        ),
        line(Label::EventsThisRun, recall.event_count.to_string()),
        line(Label::EventsInHistory, recall.event_total().to_string()),
        line(Label::CasesRemoved, recall.removed.len().to_string()),
    ];
    let total = recall.event_total();
    if total > TIMELINE_ROWS {
        lines.push(line(
            Label::EventsNotShown,
            t.fmt(
                "timeline-events_not_shown_value",
                &[
                    ("count", &(total - TIMELINE_ROWS).to_string()),
                    ("limit", &TIMELINE_ROWS.to_string()),
                ],
            ),
        ));
    }
    lines
}
