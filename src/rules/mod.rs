//! The checks of PRODUCT.md section 4 and the per-case computations of section 5.
//!
//! [`Checker::check`] turns one sheet row into a [`Checked`] case: the parsed values, the
//! computed deadlines and every finding. It keeps only what must span rows (case ids seen,
//! whether the calendar warning was given), so rows can be streamed.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::policy::calendar::{add_sla_hours, add_window_days, Calendar, Clocked};
use crate::compute::{Computed, Priority, SlaStatus};
use crate::model::finding::{cell_ref, Code, Finding, Severity};
use crate::input::headers::HeaderMap;
use crate::model::{Case, IssueType, Key, Resolution, Status};
use crate::policy::{HolidayRule, Policy, PolicyTable, RefundRule, WindowStart};
use crate::input::workbook::Row;
use crate::input::values::{
    format_datetime, quote, read_datetime, read_integer, read_number, read_text, Cell, DayOrder,
    Spellings,
};

/// How long after resolution a missing satisfaction score becomes a finding.
const CSAT_GRACE_DAYS: i64 = 7;

/// One case after checking.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub case: Case,
    pub computed: Computed,
    pub findings: Vec<Finding>,
    /// Which policy row applied (index into the policy table).
    pub policy: Option<usize>,
}

impl Checked {
    pub fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn has_policy_finding(&self) -> bool {
        self.findings.iter().any(|f| f.code.is_policy())
    }
}

/// Settings a run checks with.
pub struct Checker {
    pub policies: PolicyTable,
    pub calendar: Calendar,
    pub spellings: Spellings,
    pub day_order: DayOrder,
    pub as_of: NaiveDateTime,
    seen_ids: HashSet<String>,
    calendar_warned: std::cell::Cell<bool>,
}

/// The row being checked: where its cells are and the findings so far.
struct RowCheck<'a> {
    header: &'a HeaderMap,
    row: &'a Row,
    case_id: String,
    findings: Vec<Finding>,
    /// Columns whose value was bad (so no second finding is raised on them).
    bad: HashSet<Key>,
}

impl RowCheck<'_> {
    fn cell(&self, key: Key) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.header.column(key) {
            Some(col) => self.row.get(col),
            None => &EMPTY,
        }
    }

    fn add(&mut self, code: Code, key: Option<Key>, message: String, hint: Option<&str>) {
        let col = key.and_then(|k| self.header.column(k));
        self.findings.push(Finding {
            code,
            severity: code.severity(),
            case_id: self.case_id.clone(),
            row: self.row.index + 1,
            column: col.map_or(String::new(), |c| self.header.name(c).to_string()),
            cell: col.map_or(String::new(), |c| cell_ref(self.row.index, c)),
            message,
            hint: hint.map(str::to_string),
        });
    }

    fn column_label(&self, key: Key) -> String {
        match self.header.column(key) {
            Some(c) => self.header.name(c).to_string(),
            None => key.name().to_string(),
        }
    }

    /// Reads a column with `read`, turning a bad value into a finding.
    fn read<T>(
        &mut self,
        key: Key,
        read: impl FnOnce(&Cell) -> Result<Option<T>, String>,
    ) -> Option<T> {
        match read(self.cell(key)) {
            Ok(v) => v,
            Err(reason) => {
                let (code, hint) = if key.is_date() {
                    (Code::E_BAD_DATE, "Type the date as 2026-11-03 or 2026-11-03 14:30, or use a real Excel date.")
                } else {
                    (
                        Code::E_BAD_VALUE,
                        "Correct the value; the accepted values are listed in the message.",
                    )
                };
                let message = format!("{}: {reason}.", self.column_label(key));
                self.add(code, Some(key), message, Some(hint));
                self.bad.insert(key);
                None
            }
        }
    }
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
            as_of,
            seen_ids: HashSet::new(),
            calendar_warned: std::cell::Cell::new(false),
        }
    }

    /// Checks one case row.
    pub fn check(&mut self, header: &HeaderMap, row: &Row) -> Checked {
        let mut rc = RowCheck {
            header,
            row,
            case_id: String::new(),
            findings: Vec::new(),
            bad: HashSet::new(),
        };
        let case = self.parse(&mut rc);
        self.check_required(&mut rc, &case);
        self.check_duplicate(&mut rc, &case);
        self.check_date_order(&mut rc, &case);
        check_status(&mut rc, &case);
        let policy = self.find_policy(&mut rc, &case);
        let mut computed = Computed::default();
        if let Some(index) = policy {
            let policy = &self.policies.rows()[index];
            computed.policy = Some(policy.label());
            self.check_window(&mut rc, &case, policy, &mut computed);
            check_evidence_and_refund(&mut rc, &case, policy);
            self.compute_sla(&mut rc, &case, policy, &mut computed);
        }
        self.check_csat(&mut rc, &case);
        self.compute_times(&case, &mut computed);
        apply_exception(&mut rc, &case);
        computed.priority = Some(priority(&case, &computed, &rc.findings));
        Checked {
            case,
            computed,
            findings: rc.findings,
            policy,
        }
    }

    fn parse(&self, rc: &mut RowCheck) -> Case {
        let sp = &self.spellings;
        let order = self.day_order;
        let date = |cell: &Cell| read_datetime(cell, order);
        let mut case = Case {
            row: rc.row.index,
            ..Case::default()
        };
        case.case_id = rc.read(Key::CaseId, read_text);
        rc.case_id = case.case_id.clone().unwrap_or_default();
        case.order_id = rc.read(Key::OrderId, read_text);
        case.platform = rc.read(Key::Platform, read_text);
        case.category = rc.read(Key::Category, read_text);
        case.customer = rc.read(Key::Customer, read_text);
        case.contact = rc.read(Key::Contact, read_text);
        case.purchase_date = rc.read(Key::PurchaseDate, date);
        case.received_date = rc.read(Key::ReceivedDate, date);
        case.request_at = rc.read(Key::RequestAt, date);
        case.issue_type = rc.read(Key::IssueType, |c| {
            sp.read_enum("issue_type", c, IssueType::from_canonical)
        });
        case.resolution_requested = rc.read(Key::ResolutionRequested, |c| {
            sp.read_enum("resolution_requested", c, Resolution::from_canonical)
        });
        case.evidence = rc.read(Key::Evidence, read_text);
        case.original_packaging = rc.read(Key::OriginalPackaging, |c| sp.read_yes_no(c));
        case.item_used = rc.read(Key::ItemUsed, |c| sp.read_yes_no(c));
        case.status = rc.read(Key::Status, |c| {
            sp.read_enum("status", c, Status::from_canonical)
        });
        case.assignee = rc.read(Key::Assignee, read_text);
        case.first_response_at = rc.read(Key::FirstResponseAt, date);
        case.resolved_at = rc.read(Key::ResolvedAt, date);
        case.reopen_count = rc.read(Key::ReopenCount, |c| read_integer(c, 0.0, 1_000_000.0));
        case.order_amount = rc.read(Key::OrderAmount, non_negative);
        case.refund_amount = rc.read(Key::RefundAmount, non_negative);
        case.csat = rc
            .read(Key::Csat, |c| read_integer(c, 1.0, 5.0))
            .map(|n| n as u8);
        case.feedback = rc.read(Key::Feedback, read_text);
        case.exception_approved = rc.read(Key::ExceptionApproved, |c| sp.read_yes_no(c));
        case.remarks = rc.read(Key::Remarks, read_text);
        case
    }

    fn check_required(&self, rc: &mut RowCheck, case: &Case) {
        let present = [
            case.case_id.is_some(),
            case.platform.is_some(),
            case.request_at.is_some(),
        ];
        for (key, present) in Key::REQUIRED.into_iter().zip(present) {
            if !present && !rc.bad.contains(&key) {
                let message = format!("{} is blank; every case needs one.", rc.column_label(key));
                rc.add(
                    Code::E_MISSING_VALUE,
                    Some(key),
                    message,
                    Some("Fill in the value."),
                );
                rc.bad.insert(key);
            }
        }
    }

    fn check_duplicate(&mut self, rc: &mut RowCheck, case: &Case) {
        let Some(id) = &case.case_id else { return };
        if !self.seen_ids.insert(id.clone()) {
            let message = format!(
                "Case ID {} appears more than once; this row repeats an earlier one.",
                quote(id)
            );
            rc.add(
                Code::E_DUPLICATE_ID,
                Some(Key::CaseId),
                message,
                Some("Give each case its own ID, or delete the repeated row."),
            );
        }
    }

    fn check_date_order(&self, rc: &mut RowCheck, case: &Case) {
        let pairs = [
            (
                Key::ReceivedDate,
                case.received_date,
                Key::PurchaseDate,
                case.purchase_date,
                "received before it was purchased",
            ),
            (
                Key::RequestAt,
                case.request_at,
                Key::PurchaseDate,
                case.purchase_date,
                "requested before it was purchased",
            ),
            (
                Key::FirstResponseAt,
                case.first_response_at,
                Key::RequestAt,
                case.request_at,
                "first response before the request",
            ),
            (
                Key::ResolvedAt,
                case.resolved_at,
                Key::RequestAt,
                case.request_at,
                "resolved before the request",
            ),
        ];
        for (later_key, later, earlier_key, earlier, what) in pairs {
            if let (Some(later), Some(earlier)) = (later, earlier) {
                if later < earlier {
                    let message = format!(
                        "Dates out of order: {what} ({} {} is before {} {}).",
                        rc.column_label(later_key),
                        format_datetime(later),
                        rc.column_label(earlier_key),
                        format_datetime(earlier)
                    );
                    rc.add(
                        Code::E_DATE_ORDER,
                        Some(later_key),
                        message,
                        Some("Check both dates for a typing mistake."),
                    );
                }
            }
        }
    }

    fn find_policy(&self, rc: &mut RowCheck, case: &Case) -> Option<usize> {
        let platform = case.platform.as_deref()?;
        let found = self.policies.lookup(platform, case.category.as_deref());
        let index =
            found.and_then(|p| self.policies.rows().iter().position(|r| std::ptr::eq(r, p)));
        if index.is_none() {
            let known: Vec<&str> = self
                .policies
                .rows()
                .iter()
                .map(|p| p.platform.as_str())
                .collect::<Vec<_>>();
            let mut known = known;
            known.dedup();
            let message = format!(
                "Platform {} has no policy (known platforms: {}).",
                quote(platform),
                known.join(", ")
            );
            rc.add(
                Code::E_UNKNOWN_PLATFORM,
                Some(Key::Platform),
                message,
                Some("Correct the platform name, or add a row for it to the policy table."),
            );
        }
        index
    }

    fn calendar_for(&self, policy: &Policy) -> Option<&Calendar> {
        (policy.holiday_rule == HolidayRule::Cn).then_some(&self.calendar)
    }

    fn note_calendar<T>(&self, rc: &mut RowCheck, clocked: Clocked<T>, key: Key) -> T {
        if clocked.beyond_calendar && !self.calendar_warned.replace(true) {
            let message = format!(
                "A date needed the holiday calendar beyond its last year ({}); holidays after it are not skipped.",
                self.calendar.last_year()
            );
            rc.add(
                Code::W_CALENDAR_RANGE,
                Some(key),
                message,
                Some("Add the next year's holidays to templates/calendars/cn.csv."),
            );
        }
        clocked.value
    }

    fn check_window(
        &self,
        rc: &mut RowCheck,
        case: &Case,
        policy: &Policy,
        computed: &mut Computed,
    ) {
        // A window start that could not be read is already an error; no fallback date is guessed.
        let start_key = match policy.window_start {
            WindowStart::Purchase => Key::PurchaseDate,
            WindowStart::Received => Key::ReceivedDate,
        };
        if rc.bad.contains(&start_key) {
            return;
        }
        let start = match policy.window_start {
            WindowStart::Purchase => case.purchase_date,
            WindowStart::Received => {
                if case.received_date.is_none() && !rc.bad.contains(&Key::ReceivedDate) {
                    let message = match case.purchase_date {
                        Some(p) => format!("Received date is blank; the return window starts from the purchase date {} instead.", p.date()),
                        None => "Received date and purchase date are both blank; the return window cannot be computed.".to_string(),
                    };
                    rc.add(
                        Code::W_NO_RECEIVED_DATE,
                        Some(Key::ReceivedDate),
                        message,
                        Some("Fill in the date the customer received the parcel."),
                    );
                }
                case.received_date.or(case.purchase_date)
            }
        };
        let Some(start) = start.map(|d| d.date()) else {
            return;
        };
        computed.window_start = Some(start);
        let quality = case.issue_type.is_some_and(IssueType::uses_quality_window);
        let days = if quality {
            policy.quality_window_days
        } else {
            policy.return_window_days
        };
        let clocked = add_window_days(self.calendar_for(policy), start, days);
        let deadline = self.note_calendar(rc, clocked, Key::RequestAt);
        computed.return_deadline = Some(deadline);
        if let Some(request) = case.request_at {
            if request.date() > deadline {
                let message = format!(
                    "Requested on {} but the {}-day {} window of {} ended on {deadline}.",
                    request.date(),
                    days,
                    if quality { "quality" } else { "return" },
                    policy.platform
                );
                rc.add(
                    Code::P_WINDOW_EXPIRED,
                    Some(Key::RequestAt),
                    message,
                    Some(
                        "Explain the window to the customer, or ask a supervisor for an exception.",
                    ),
                );
            }
        }
    }

    fn compute_sla(
        &self,
        rc: &mut RowCheck,
        case: &Case,
        policy: &Policy,
        computed: &mut Computed,
    ) {
        let Some(request) = case.request_at else {
            return;
        };
        let cal = self.calendar_for(policy);
        let first_due = add_sla_hours(cal, request, policy.first_response_hours);
        let first_due = self.note_calendar(rc, first_due, Key::RequestAt);
        let cal = self.calendar_for(policy);
        let resolution_due = add_sla_hours(cal, request, policy.resolution_days * 24.0);
        let resolution_due = self.note_calendar(rc, resolution_due, Key::RequestAt);
        computed.first_response_due = Some(first_due);
        computed.resolution_due = Some(resolution_due);
        let open = case.is_open();
        let late = match case.first_response_at {
            Some(at) => at > first_due,
            None => open && self.as_of > first_due && !rc.bad.contains(&Key::FirstResponseAt),
        };
        if late {
            computed.first_response_late = true;
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
        computed.sla_status = Some(if open {
            if self.as_of > resolution_due {
                let message = format!(
                    "Open and overdue: resolution was due {}.",
                    format_datetime(resolution_due)
                );
                let key = if rc.header.column(Key::Status).is_some() {
                    Key::Status
                } else {
                    Key::RequestAt
                };
                rc.add(
                    Code::W_OVERDUE,
                    Some(key),
                    message,
                    Some("Resolve the case or escalate it today."),
                );
                SlaStatus::Overdue
            } else if resolution_due - self.as_of <= hours(policy.due_soon_hours) {
                SlaStatus::DueSoon
            } else {
                SlaStatus::OnTrack
            }
        } else {
            match case.resolved_at {
                Some(at) if at <= resolution_due => SlaStatus::ResolvedOnTime,
                Some(_) => SlaStatus::ResolvedLate,
                None => return,
            }
        });
    }

    fn check_csat(&self, rc: &mut RowCheck, case: &Case) {
        let Some(resolved) = case.resolved_at else {
            return;
        };
        if case.is_finished()
            && case.csat.is_none()
            && !rc.bad.contains(&Key::Csat)
            && resolved < self.as_of - Duration::days(CSAT_GRACE_DAYS)
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

    fn compute_times(&self, case: &Case, computed: &mut Computed) {
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

    /// The case ids seen so far; kept for the run summary.
    pub fn cases_seen(&self) -> usize {
        self.seen_ids.len()
    }
}

fn non_negative(cell: &Cell) -> Result<Option<f64>, String> {
    match read_number(cell)? {
        Some(n) if n < 0.0 => Err(format!("{n} is negative")),
        v => Ok(v),
    }
}

fn hours(h: f64) -> Duration {
    Duration::seconds((h * 3600.0).round() as i64)
}

fn check_status(rc: &mut RowCheck, case: &Case) {
    let Some(status) = case.status else { return };
    if status.is_finished() && case.resolved_at.is_none() && !rc.bad.contains(&Key::ResolvedAt) {
        let message = format!(
            "Status is \"{}\" but there is no resolved date.",
            status.as_str()
        );
        rc.add(
            Code::E_STATUS_INCONSISTENT,
            Some(Key::Status),
            message,
            Some("Fill in when the case was resolved, or correct the status."),
        );
    } else if status.is_open() {
        if let Some(at) = case.resolved_at {
            let message = format!(
                "Status is \"{}\" (open) but the case has a resolved date {}.",
                status.as_str(),
                format_datetime(at)
            );
            rc.add(
                Code::E_STATUS_INCONSISTENT,
                Some(Key::Status),
                message,
                Some("Set a finished status, or clear the resolved date."),
            );
        }
    }
}

fn check_evidence_and_refund(rc: &mut RowCheck, case: &Case, policy: &Policy) {
    if case.issue_type == Some(IssueType::Quality)
        && policy.requires_video_for_defect
        && !mentions_video(case.evidence.as_deref())
    {
        let evidence = case.evidence.as_deref().unwrap_or("");
        let message = format!(
            "{} needs video proof for a quality claim; the evidence is {}.",
            policy.platform,
            quote(evidence)
        );
        let key = if rc.header.column(Key::Evidence).is_some() {
            Key::Evidence
        } else {
            Key::IssueType
        };
        rc.add(
            Code::P_VIDEO_REQUIRED,
            Some(key),
            message,
            Some("Ask the customer for a video of the defect."),
        );
    }
    let returning = matches!(
        case.resolution_requested,
        Some(Resolution::ReturnRefund | Resolution::Exchange)
    );
    if returning && policy.requires_original_packaging && case.original_packaging == Some(false) {
        let message = format!(
            "{} requires the original packaging for a return or exchange, and the item has none.",
            policy.platform
        );
        rc.add(
            Code::P_PACKAGING_REQUIRED,
            Some(Key::OriginalPackaging),
            message,
            Some("Ask the customer for photos of the packaging, or offer another resolution."),
        );
    }
    let refunding = matches!(
        case.resolution_requested,
        Some(Resolution::FullRefund | Resolution::ReturnRefund)
    );
    if refunding && case.item_used == Some(true) && policy.refund_rule == RefundRule::PartialIfUsed
    {
        let requested = case.resolution_requested.map_or("", Resolution::as_str);
        let message = format!(
            "{} gives only a partial refund for a used item; the customer asks for {requested}.",
            policy.platform
        );
        rc.add(
            Code::P_REFUND_NOT_ALLOWED,
            Some(Key::ResolutionRequested),
            message,
            Some("Offer a partial refund."),
        );
    }
}

fn mentions_video(evidence: Option<&str>) -> bool {
    evidence.is_some_and(|e| e.to_lowercase().contains("video") || e.contains("视频"))
}

/// A policy finding on a row with an approved exception stays, as a warning.
fn apply_exception(rc: &mut RowCheck, case: &Case) {
    if case.exception_approved != Some(true) {
        return;
    }
    for finding in rc.findings.iter_mut().filter(|f| f.code.is_policy()) {
        finding.severity = Severity::Warning;
        finding.message = format!("{} A supervisor approved an exception.", finding.message);
    }
}

fn priority(case: &Case, computed: &Computed, findings: &[Finding]) -> Priority {
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

/// The return deadline has passed for an open case.
pub fn deadline_passed(computed: &Computed, as_of: NaiveDateTime) -> bool {
    computed
        .return_deadline
        .is_some_and(|d: NaiveDate| d < as_of.date())
}
