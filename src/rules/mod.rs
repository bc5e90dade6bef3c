//! The checks of PRODUCT.md section 4, one file per group:
//! [`parse`] (reading the cells: bad and missing values), [`consistency`] (duplicates, date
//! order, status), [`policy`] (platform, window, evidence, refund, approved exceptions) and
//! [`sla`] (late first response, overdue, satisfaction, the calendar's range).
//!
//! [`Checker::check`] turns one sheet row into a [`Checked`] case: the parsed values, what
//! [`crate::compute`] derives from them and every finding. It keeps only what must span rows
//! (case ids seen, whether the calendar warning was given), so rows can be streamed.

mod columns;
mod consistency;
mod parse;
mod policy;
mod row;
mod sla;

use std::collections::HashSet;

use chrono::NaiveDateTime;

use crate::compute::{self, Clock, Computed};
use crate::history::{HistoryError, Observed, Recall, TRACKED};
use crate::i18n::Texts;
use crate::input::headers::HeaderMap;
use crate::input::values::{DayOrder, Spellings};
use crate::input::workbook::Row;
use crate::model::finding::Code;
use crate::model::finding::{Finding, Severity};
use crate::model::{Case, Key};
use crate::policy::calendar::Calendar;
use crate::policy::{Policy, PolicyTable};
pub use columns::missing_columns;
use row::RowCheck;

/// One case after checking.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub case: Case,
    pub computed: Computed,
    pub findings: Vec<Finding>,
    /// Which policy row applied (index into the policy table).
    pub policy: Option<usize>,
    /// The history saw this case go from finished back to open (for `reopened_rate`).
    pub reopened_seen: bool,
}

impl Checked {
    pub fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn has_policy_finding(&self) -> bool {
        self.findings.iter().any(|f| f.code.is_policy())
    }
}

/// Settings a run checks with, and what the checks remember across rows.
pub struct Checker {
    pub policies: PolicyTable,
    pub calendar: Calendar,
    pub spellings: Spellings,
    pub day_order: DayOrder,
    /// The workbook counts dates from 1904 (serial numbers typed in number cells).
    pub date1904: bool,
    pub as_of: NaiveDateTime,
    /// Finding messages and hints, in the team's language.
    pub texts: Texts,
    seen_ids: HashSet<String>,
    calendar_warned: bool,
    /// The case history, when there is one (PRODUCT.md section 9).
    pub recall: Option<Recall>,
    /// The first error reading the history while rows streamed; reported after the stream.
    pub history_error: Option<HistoryError>,
}

impl Checker {
    pub fn new(
        policies: PolicyTable,
        calendar: Calendar,
        spellings: Spellings,
        day_order: DayOrder,
        as_of: NaiveDateTime,
    ) -> Checker {
        Checker {
            policies,
            calendar,
            spellings,
            day_order,
            date1904: false,
            as_of,
            texts: Texts::default(),
            seen_ids: HashSet::new(),
            calendar_warned: false,
            recall: None,
            history_error: None,
        }
    }

    /// Checks one case row. The order of the checks is the order of its findings.
    pub fn check(&mut self, header: &HeaderMap, row: &Row) -> Checked {
        let mut rc = RowCheck::new(header, row, &self.texts);
        let mut case = parse::parse(&mut rc, &self.spellings, self.day_order, self.date1904);
        parse::check_required(&mut rc, &case);
        consistency::check_future_dates(&mut rc, &mut case, self.as_of);
        consistency::check_duplicate(&mut rc, &case, &mut self.seen_ids);
        consistency::check_date_order(&mut rc, &case);
        consistency::check_status(&mut rc, &case);
        let index = policy::find_policy(&mut rc, &case, &self.policies);
        let policy = index.map(|i| &self.policies.rows()[i]);
        let observed = observe(
            &mut self.recall,
            &mut self.history_error,
            &self.calendar,
            (&rc, &case, policy),
        );
        let clock = Clock {
            calendar: &self.calendar,
            as_of: self.as_of,
            paused_hours: observed.paused_hours,
        };
        // A first response the sheet has no column for is unknown, not missing.
        let mut unknown = rc.bad.clone();
        if !rc.has_column(Key::FirstResponseAt) {
            unknown.insert(Key::FirstResponseAt);
        }
        let mut computed = clock.compute(&case, policy, &unknown);
        if let Some(policy) = policy {
            let mut calendar = sla::CalendarNote {
                first_year: self.calendar.first_year(),
                last_year: self.calendar.last_year(),
                warned: &mut self.calendar_warned,
            };
            policy::check_window(&mut rc, &case, policy, &computed, &mut calendar);
            policy::check_evidence_and_refund(&mut rc, &case, policy);
            sla::check_sla(&mut rc, &computed, &mut calendar, &case);
        }
        sla::check_csat(&mut rc, &case, self.as_of);
        history_findings(&mut rc, &observed);
        policy::apply_exception(&mut rc, &case);
        computed.priority = Some(compute::priority(&case, &computed, &rc.findings));
        Checked {
            case,
            computed,
            findings: rc.findings,
            policy: index,
            reopened_seen: observed.reopened_seen,
        }
    }

    /// The case ids seen so far; kept for the run summary.
    pub fn cases_seen(&self) -> usize {
        self.seen_ids.len()
    }
}

/// A cell's text as the history keeps it; `None` when blank.
fn text_of(rc: &RowCheck, key: Key) -> Option<String> {
    let cell = rc.cell(key);
    (!cell.is_blank()).then(|| cell.display())
}

/// W_REOPEN_NOT_COUNTED and W_EDITED_AFTER_CLOSE, from what the history saw.
fn history_findings(rc: &mut RowCheck, observed: &Observed) {
    if observed.reopen_not_counted {
        let key = if rc.has_column(Key::ReopenCount) {
            Key::ReopenCount
        } else {
            Key::Status
        };
        let column = rc.column_label(Key::ReopenCount);
        rc.say(
            Code::W_REOPEN_NOT_COUNTED,
            Some(key),
            ("finding-reopen_not_counted", &[("column", &column)]),
            "hint-reopen_not_counted",
        );
    }
    for (key, from, to) in &observed.edited_after_close {
        let column = rc.column_label(*key);
        let args = [("column", column.as_str()), ("from", from), ("to", to)];
        rc.say(
            Code::W_EDITED_AFTER_CLOSE,
            Some(*key),
            ("finding-edited_after_close", &args),
            "hint-edited_after_close",
        );
    }
}

/// The case compared with the history (nothing without one, or for a row whose case id
/// is blank or a duplicate: only a case's first row has a story).
fn observe(
    recall: &mut Option<Recall>,
    history_error: &mut Option<HistoryError>,
    calendar: &Calendar,
    (rc, case, policy): (&RowCheck, &Case, Option<&Policy>),
) -> Observed {
    let (Some(recall), Some(id)) = (recall.as_mut(), case.case_id.as_deref()) else {
        return Observed::default();
    };
    if history_error.is_some() || rc.findings.iter().any(|f| f.code == Code::E_DUPLICATE_ID) {
        return Observed::default();
    }
    let values = TRACKED.map(|key| match key {
        Key::Status => case
            .status
            .map(|s| s.as_str().to_string())
            .or_else(|| text_of(rc, key)),
        _ => text_of(rc, key),
    });
    let pause = policy.map_or(&[][..], |p| p.pause_statuses.as_slice());
    let calendar = policy
        .filter(|p| p.holiday_rule == crate::policy::HolidayRule::Cn)
        .map(|_| calendar);
    match recall.observe(id, rc.row.index + 1, values, pause, calendar) {
        Ok(observed) => observed,
        Err(e) => {
            *history_error = Some(e);
            Observed::default()
        }
    }
}
