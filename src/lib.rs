//! `aftersales`: reads an after-sales case workbook as a team keeps it, checks every case
//! against the buying platforms' policies, computes deadlines, SLA status, priority and KPIs,
//! and writes an annotated workbook.
//!
//! The folders follow the data: [`input`] opens the workbook, finds the case sheet and its
//! header and turns cells into values; [`model`] is a case and its findings; [`policy`] holds
//! the policy table and the holiday calendar; [`rules`] checks a case and [`compute`] derives
//! its deadlines, SLA status and priority; [`kpi`] aggregates; [`replies`] picks next actions;
//! [`render`] prints reports; [`write`] lays out the workbook sheets and [`output`] saves files.
//! [`pipeline`] runs those stages for every command, and [`cli`] is the command line on top.

pub mod cli;
pub mod compute;
pub mod error;
pub mod history;
pub mod i18n;
pub mod input;
pub mod kpi;
pub mod model;
pub mod output;
pub mod package;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod render;
pub mod replies;
pub mod rules;
pub mod templates;
pub mod write;
