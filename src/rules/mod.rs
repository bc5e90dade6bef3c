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
use crate::input::headers::HeaderMap;
use crate::input::values::{DayOrder, Spellings};
use crate::input::workbook::Row;
use crate::model::finding::{Finding, Severity};
use crate::model::{Case, Key};
use crate::policy::calendar::Calendar;
use crate::policy::PolicyTable;
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
    seen_ids: HashSet<String>,
    calendar_warned: bool,
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
            seen_ids: HashSet::new(),
            calendar_warned: false,
        }
    }

    /// Checks one case row. The order of the checks is the order of its findings.
    pub fn check(&mut self, header: &HeaderMap, row: &Row) -> Checked {
        let mut rc = RowCheck::new(header, row);
        let mut case = parse::parse(&mut rc, &self.spellings, self.day_order, self.date1904);
        parse::check_required(&mut rc, &case);
        consistency::check_future_dates(&mut rc, &mut case, self.as_of);
        consistency::check_duplicate(&mut rc, &case, &mut self.seen_ids);
        consistency::check_date_order(&mut rc, &case);
        consistency::check_status(&mut rc, &case);
        let index = policy::find_policy(&mut rc, &case, &self.policies);
        let policy = index.map(|i| &self.policies.rows()[i]);
        let clock = Clock {
            calendar: &self.calendar,
            as_of: self.as_of,
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
        policy::apply_exception(&mut rc, &case);
        computed.priority = Some(compute::priority(&case, &computed, &rc.findings));
        Checked {
            case,
            computed,
            findings: rc.findings,
            policy: index,
        }
    }

    /// The case ids seen so far; kept for the run summary.
    pub fn cases_seen(&self) -> usize {
        self.seen_ids.len()
    }
}
