//! Per-case computations of PRODUCT.md section 5: deadlines, SLA status, time taken and
//! priority. They read a parsed case and its policy and decide nothing about findings; the
//! rules in [`crate::rules`] read what is computed here and say what is wrong.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::model::finding::Finding;
use crate::model::spelling::canonical_enum;
use crate::model::{Case, IssueType, Key};
use crate::policy::calendar::{add_sla_hours, add_window_days, Calendar};
use crate::policy::{HolidayRule, Policy, WindowStart};

canonical_enum!(
    /// SLA status of a case; `unknown` when its status cannot be read (neither open nor
    /// finished).
    SlaStatus {
        Overdue => "overdue",
        DueSoon => "due_soon",
        OnTrack => "on_track",
        ResolvedOnTime => "resolved_on_time",
        ResolvedLate => "resolved_late",
        Unknown => "unknown",
    }
);

canonical_enum!(
    /// P1 (act now) … P4 (finished).
    Priority {
        P1 => "P1",
        P2 => "P2",
        P3 => "P3",
        P4 => "P4",
    }
);

/// What the tool computes for one case. `None` where an input it needs is missing or unreadable.
#[derive(Debug, Clone, Default)]
pub struct Computed {
    /// Which policy row applied, e.g. `Superbuy / *`.
    pub policy: Option<String>,
    /// The platform as the policy table spells it (`Bhiner` for a cell saying `BHINER`), for
    /// texts written to people.
    pub platform: Option<String>,
    pub window_start: Option<NaiveDate>,
    pub return_deadline: Option<NaiveDate>,
    pub first_response_due: Option<NaiveDateTime>,
    pub frt_hours: Option<f64>,
    pub resolution_due: Option<NaiveDateTime>,
    /// Clock hours the case spent in one of its policy's pause statuses, as the history saw
    /// it (PRODUCT.md section 9); `resolution_due` is later by as much. 0 without a history.
    pub paused_hours: f64,
    pub resolution_days_taken: Option<f64>,
    pub age_days: Option<f64>,
    pub sla_status: Option<SlaStatus>,
    pub priority: Option<Priority>,
    /// The first response came after its due time, or none yet while open and past due.
    pub first_response_late: bool,
    /// The return window needed the holiday calendar beyond its last year.
    pub window_beyond_calendar: bool,
    /// An SLA clock needed the holiday calendar beyond its last year.
    pub sla_beyond_calendar: bool,
}

/// What the computations need besides the case.
pub struct Clock<'a> {
    pub calendar: &'a Calendar,
    pub as_of: NaiveDateTime,
    /// The case's paused hours (from the history): the resolution clock runs that much longer.
    pub paused_hours: f64,
}

impl Clock<'_> {
    /// The calendar a policy's clocks skip, if its holiday rule says to skip one.
    pub fn for_policy(&self, policy: &Policy) -> Option<&Calendar> {
        (policy.holiday_rule == HolidayRule::Cn).then_some(self.calendar)
    }

    /// Everything but the priority (which depends on the findings): deadlines and SLA status
    /// under `policy`, and the time taken. `bad` holds the columns whose cell could not be read:
    /// no value is guessed for them.
    pub fn compute(&self, case: &Case, policy: Option<&Policy>, bad: &HashSet<Key>) -> Computed {
        let mut computed = Computed::default();
        if let Some(policy) = policy {
            computed.policy = Some(policy.label());
            computed.platform = Some(policy.platform.clone());
            self.window(case, policy, bad, &mut computed);
            self.sla(case, policy, bad, &mut computed);
        }
        self.times(case, &mut computed);
        computed
    }

    fn window(&self, case: &Case, policy: &Policy, bad: &HashSet<Key>, computed: &mut Computed) {
        let Some(start) = window_start(case, policy, bad) else {
            return;
        };
        computed.window_start = Some(start);
        let clocked = add_window_days(self.for_policy(policy), start, window_days(case, policy).0);
        computed.window_beyond_calendar = clocked.beyond_calendar;
        computed.return_deadline = Some(clocked.value);
    }

    fn sla(&self, case: &Case, policy: &Policy, bad: &HashSet<Key>, computed: &mut Computed) {
        let Some(request) = case.request_at else {
            return;
        };
        let cal = self.for_policy(policy);
        let first_due = add_sla_hours(cal, request, policy.first_response_hours);
        // Paused hours are clock hours (holiday time inside a pause is not counted), so the
        // pause extends the same clock the SLA runs on.
        computed.paused_hours = self.paused_hours;
        let resolution_due = add_sla_hours(
            cal,
            request,
            policy.resolution_days * 24.0 + self.paused_hours,
        );
        computed.sla_beyond_calendar = first_due.beyond_calendar || resolution_due.beyond_calendar;
        let (first_due, resolution_due) = (first_due.value, resolution_due.value);
        computed.first_response_due = Some(first_due);
        computed.resolution_due = Some(resolution_due);
        if bad.contains(&Key::Status) {
            // An unrecognised status: neither open nor finished, so no clock runs.
            computed.sla_status = Some(SlaStatus::Unknown);
            return;
        }
        let open = case.is_open();
        computed.first_response_late = match case.first_response_at {
            Some(at) => at > first_due,
            None => open && self.as_of > first_due && !bad.contains(&Key::FirstResponseAt),
        };
        computed.sla_status = if open {
            Some(if self.as_of > resolution_due {
                SlaStatus::Overdue
            } else if resolution_due - self.as_of <= hours(policy.due_soon_hours) {
                SlaStatus::DueSoon
            } else {
                SlaStatus::OnTrack
            })
        } else {
            case.resolved_at.map(|at| match at <= resolution_due {
                true => SlaStatus::ResolvedOnTime,
                false => SlaStatus::ResolvedLate,
            })
        };
    }

    fn times(&self, case: &Case, computed: &mut Computed) {
        let request = case.request_at;
        computed.frt_hours = request
            .zip(case.first_response_at)
            .map(|(r, f)| (f - r).num_seconds() as f64 / 3600.0);
        if case.is_finished() {
            computed.resolution_days_taken = request
                .zip(case.resolved_at)
                .map(|(r, d)| (d - r).num_seconds() as f64 / 86_400.0);
        } else {
            computed.age_days = request.map(|r| (self.as_of - r).num_seconds() as f64 / 86_400.0);
        }
    }
}

/// The column the return window of `policy` starts from.
pub fn window_start_key(policy: &Policy) -> Key {
    match policy.window_start {
        WindowStart::Purchase => Key::PurchaseDate,
        WindowStart::Received => Key::ReceivedDate,
    }
}

/// The day the return window starts: the received date, or the purchase date when the
/// received date is blank. A start cell that could not be read gives no window (no fallback
/// date is guessed).
fn window_start(case: &Case, policy: &Policy, bad: &HashSet<Key>) -> Option<NaiveDate> {
    if bad.contains(&window_start_key(policy)) {
        return None;
    }
    let start = match policy.window_start {
        WindowStart::Purchase => case.purchase_date,
        WindowStart::Received => case.received_date.or(case.purchase_date),
    };
    start.map(|d| d.date())
}

/// The length of the window that applies and whether it is the quality window.
pub fn window_days(case: &Case, policy: &Policy) -> (u32, bool) {
    let quality = case.issue_type.is_some_and(IssueType::uses_quality_window);
    match quality {
        true => (policy.quality_window_days, true),
        false => (policy.return_window_days, false),
    }
}

fn hours(h: f64) -> Duration {
    Duration::seconds((h * 3600.0).round() as i64)
}

/// P1 (safety, overdue, reopened twice) … P4 (finished), once the findings are known.
pub fn priority(case: &Case, computed: &Computed, findings: &[Finding]) -> Priority {
    if computed.sla_status == Some(SlaStatus::Unknown) {
        // Fix the status first; until then nobody knows whether it is urgent.
        return Priority::P2;
    }
    if case.is_finished() {
        return Priority::P4;
    }
    let overdue = computed.sla_status == Some(SlaStatus::Overdue);
    if case.issue_type == Some(IssueType::Safety) || overdue || case.reopen_count.unwrap_or(0) >= 2
    {
        Priority::P1
    } else if computed.sla_status == Some(SlaStatus::DueSoon)
        || computed.first_response_late
        || findings.iter().any(|f| f.code.is_policy())
    {
        Priority::P2
    } else {
        Priority::P3
    }
}
