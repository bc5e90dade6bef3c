//! Checks on the clocks: a late first response, an open case past its resolution time, a
//! finished case without a satisfaction score, and dates beyond the holiday calendar.

use chrono::{Duration, NaiveDateTime};

use crate::compute::{Computed, SlaStatus};
use crate::input::values::format_datetime;
use crate::model::finding::Code;
use crate::model::{Case, Key};

use super::row::RowCheck;

/// How long after resolution a missing satisfaction score becomes a finding.
const CSAT_GRACE_DAYS: i64 = 7;

/// W_CALENDAR_RANGE, given once per run: the first clock that needed the holiday calendar
/// outside its years (before the first or after the last).
pub struct CalendarNote<'a> {
    pub first_year: i32,
    pub last_year: i32,
    pub warned: &'a mut bool,
}

impl CalendarNote<'_> {
    pub fn note(&mut self, rc: &mut RowCheck, beyond_calendar: bool) {
        if !beyond_calendar || std::mem::replace(self.warned, true) {
            return;
        }
        let (first, last) = (self.first_year, self.last_year);
        let years = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        let message = format!(
            "A date lies outside the years the holiday calendar covers ({years}); holidays outside them are not skipped."
        );
        rc.add(
            Code::W_CALENDAR_RANGE,
            Some(Key::RequestAt),
            message,
            Some(
                "Add that year's holidays to templates/calendars/cn.csv (or give --calendar FILE).",
            ),
        );
    }
}

/// W_FIRST_RESPONSE_LATE and W_OVERDUE from the computed clocks.
pub fn check_sla(rc: &mut RowCheck, computed: &Computed, calendar: &mut CalendarNote, case: &Case) {
    let (Some(first_due), Some(resolution_due)) =
        (computed.first_response_due, computed.resolution_due)
    else {
        return;
    };
    calendar.note(rc, computed.sla_beyond_calendar);
    if computed.first_response_late {
        let message = match case.first_response_at {
            Some(at) => format!(
                "First response at {} came after its due time {}.",
                format_datetime(at),
                format_datetime(first_due)
            ),
            None => format!(
                "No first response yet; it was due {}.",
                format_datetime(first_due)
            ),
        };
        rc.add(
            Code::W_FIRST_RESPONSE_LATE,
            Some(Key::FirstResponseAt),
            message,
            Some("Reply to the customer now."),
        );
    }
    if computed.sla_status == Some(SlaStatus::Overdue) {
        let message = format!(
            "Open and overdue: resolution was due {}.",
            format_datetime(resolution_due)
        );
        let key = match rc.has_column(Key::Status) {
            true => Key::Status,
            false => Key::RequestAt,
        };
        rc.add(
            Code::W_OVERDUE,
            Some(key),
            message,
            Some("Resolve the case or escalate it today."),
        );
    }
}

/// W_NO_CSAT for a case finished more than a week ago without a satisfaction score.
pub fn check_csat(rc: &mut RowCheck, case: &Case, as_of: NaiveDateTime) {
    let Some(resolved) = case.resolved_at else {
        return;
    };
    if case.is_finished()
        && case.csat.is_none()
        && !rc.bad.contains(&Key::Csat)
        && rc.has_column(Key::Csat)
        && resolved < as_of - Duration::days(CSAT_GRACE_DAYS)
    {
        let message = format!(
            "Finished on {} with no satisfaction score after {CSAT_GRACE_DAYS} days.",
            resolved.date()
        );
        rc.add(
            Code::W_NO_CSAT,
            Some(Key::Csat),
            message,
            Some("Make a return visit (回访) and ask for a score from 1 to 5."),
        );
    }
}
