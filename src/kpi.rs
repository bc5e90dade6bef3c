//! KPIs over a period (PRODUCT.md section 5).

use chrono::NaiveDateTime;

use crate::model::{IssueType, Status};

/// What the KPIs need of one case: small, so a million of them fit in memory.
#[derive(Debug, Clone, Default)]
pub struct KpiCase {
    pub request_at: Option<NaiveDateTime>,
    /// The platform as the policy table names it (as written when no policy matched).
    pub platform: String,
    /// Empty when the case has no assignee.
    pub assignee: String,
    pub issue_type: Option<IssueType>,
    pub status: Option<Status>,
    pub frt_hours: Option<f64>,
    /// Some(met) when the case has a first response and its due time is known.
    pub frt_met: Option<bool>,
    /// resolved_at − request_at in days, for finished cases with resolved_at.
    pub resolution_days: Option<f64>,
    /// Some(on_time) for finished cases with resolved_at and a known resolution due.
    pub resolved_on_time: Option<bool>,
    pub reopen_count: u32,
    pub csat: Option<u8>,
    /// At least one P_ finding (approved or not).
    pub policy_exception: bool,
    /// Open and past its resolution due as of as-of.
    pub overdue: bool,
    /// The row has at least one error finding: left out of every KPI, counted as excluded.
    pub has_error: bool,
}
