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
        rc.say(
            Code::W_CALENDAR_RANGE,
            Some(Key::RequestAt),
            ("finding-calendar_range", &[("years", &years)]),
            "hint-calendar_range",
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
        let due = format_datetime(first_due);
        let at = case.first_response_at.map(format_datetime);
        let message = match &at {
            Some(at) => (
                "finding-first_response_late",
                vec![("at", at.as_str()), ("due", due.as_str())],
            ),
            None => (
                "finding-first_response_missing",
                vec![("due", due.as_str())],
            ),
        };
        rc.say(
            Code::W_FIRST_RESPONSE_LATE,
            Some(Key::FirstResponseAt),
            (message.0, &message.1),
            "hint-first_response_late",
        );
    }
    if computed.sla_status == Some(SlaStatus::Overdue) {
        let due = format_datetime(resolution_due);
        let key = match rc.has_column(Key::Status) {
            true => Key::Status,
            false => Key::RequestAt,
        };
        rc.say(
            Code::W_OVERDUE,
            Some(key),
            ("finding-overdue", &[("due", &due)]),
            "hint-overdue",
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
        let (resolved, days) = (resolved.date().to_string(), CSAT_GRACE_DAYS.to_string());
        let args = [("resolved", resolved.as_str()), ("days", &days)];
        rc.say(
            Code::W_NO_CSAT,
            Some(Key::Csat),
            ("finding-no_csat", &args),
            "hint-no_csat",
        );
    }
}
