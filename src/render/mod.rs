//! What the commands print: the `check` report and digest, KPI tables, the policy table.

pub mod check;
pub mod kpi;
pub mod policies;
