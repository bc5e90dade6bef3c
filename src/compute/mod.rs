//! Per-case computations of PRODUCT.md section 5: deadlines, SLA status, priority.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// SLA status of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaStatus {
    Overdue,
    DueSoon,
    OnTrack,
    ResolvedOnTime,
    ResolvedLate,
}

impl SlaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaStatus::Overdue => "overdue",
            SlaStatus::DueSoon => "due_soon",
            SlaStatus::OnTrack => "on_track",
            SlaStatus::ResolvedOnTime => "resolved_on_time",
            SlaStatus::ResolvedLate => "resolved_late",
        }
    }
}

/// P1 (act now) … P4 (finished).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }
}

/// What the tool computes for one case. `None` where an input it needs is missing or unreadable.
#[derive(Debug, Clone, Default)]
pub struct Computed {
    /// Which policy row applied, e.g. `Superbuy / *`.
    pub policy: Option<String>,
    pub window_start: Option<NaiveDate>,
    pub return_deadline: Option<NaiveDate>,
    pub first_response_due: Option<NaiveDateTime>,
    pub frt_hours: Option<f64>,
    pub resolution_due: Option<NaiveDateTime>,
    pub resolution_days_taken: Option<f64>,
    pub age_days: Option<f64>,
    pub sla_status: Option<SlaStatus>,
    pub priority: Option<Priority>,
    /// The first response came after its due time, or none yet while open and past due.
    pub first_response_late: bool,
}
