//! `aftersales`: reads an after-sales case workbook as a team keeps it, checks every case
//! against the buying platforms' policies, computes deadlines, SLA status, priority and KPIs,
//! and writes an annotated workbook.
//!
//! The data flows read → model → rules → compute → write:
//! [`read`] finds the case sheet and header and streams rows, [`values`] turns cells into
//! typed values, [`rules`] checks a case and [`compute`] derives its deadlines, [`kpi`]
//! aggregates, and [`write`] produces the workbook through [`output`]'s temp-file-and-rename.

pub mod annotate;
pub mod calendar;
pub mod cli;
pub mod compute;
pub mod error;
pub mod finding;
pub mod guard;
pub mod headers;
pub mod init;
pub mod kpi;
pub mod model;
pub mod output;
pub mod policy;
pub mod process;
pub mod progress;
pub mod read;
pub mod replies;
pub mod report;
pub mod rules;
pub mod templates;
pub mod values;
pub mod write;
