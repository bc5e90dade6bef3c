//! The `check` command's output: findings as text, JSON or CSV, and the handover digest.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Seek, Write};

use chrono::{NaiveDateTime, Timelike};
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{escape_formula, padded};

use crate::compute::{Priority, SlaStatus};
use crate::i18n::{Labels, Texts};
use crate::input::values::format_datetime;
use crate::model::finding::Severity;
use crate::model::finding::{Counts, Finding};
use crate::rules::Checked;

/// One open case worth a look at handover.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestEntry {
    pub case_id: String,
    pub assignee: String,
    pub sla: Option<SlaStatus>,
    /// The earliest due time still ahead of the team: the first response's while the
    /// customer has no answer, else the resolution's.
    pub due: Option<NaiveDateTime>,
    pub priority: Priority,
    pub next_action: String,
}

impl DigestEntry {
    /// Every case not finished at P1 or P2 — overdue, first response late or missing, due
    /// soon, a policy finding, a status nobody can read — assigned or not; `None` for the rest.
    pub fn from_checked(checked: &Checked, next_action: Option<&str>) -> Option<DigestEntry> {
        let c = &checked.computed;
        let priority = c.priority?;
        let worth = matches!(priority, Priority::P1 | Priority::P2);
        let unanswered = checked.case.first_response_at.is_none();
        let due = match (unanswered, c.first_response_due, c.resolution_due) {
            (true, Some(first), Some(resolution)) => Some(first.min(resolution)),
            (_, first, resolution) => resolution.or(first),
        };
        (!checked.case.is_finished() && worth).then(|| DigestEntry {
            case_id: checked.case.case_id.clone().unwrap_or_default(),
            assignee: checked.case.assignee.clone().unwrap_or_default(),
            sla: c.sla_status,
            due,
            priority,
            next_action: next_action.unwrap_or("").to_string(),
        })
    }
}

/// Everything `check` prints but the findings, which a [`ReportWriter`] keeps in a file.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub file: String,
    pub sheet: String,
    pub as_of: NaiveDateTime,
    pub cases: usize,
    pub counts: Counts,
    pub digest: Vec<DigestEntry>,
}

pub fn format_as_of(t: NaiveDateTime) -> String {
    t.with_nanosecond(0)
        .unwrap_or(t)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// The JSON of `check --format json` (PRODUCT.md section 1): the head's fields around the
/// findings, which are read back from the spool file one at a time as they are printed.
#[derive(Serialize)]
struct CheckJson<'a> {
    file: &'a str,
    sheet: &'a str,
    as_of: String,
    cases: usize,
    findings: Spooled,
    counts: &'a Counts,
}

/// The spooled findings, one compact JSON line each, serialized as a JSON array.
struct Spooled(RefCell<BufReader<File>>);

impl Serialize for Spooled {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut spool = self.0.borrow_mut();
        let mut seq = serializer.serialize_seq(None)?;
        for finding in serde_json::Deserializer::from_reader(&mut *spool).into_iter::<Finding>() {
            let finding = finding.map_err(S::Error::custom)?;
            seq.serialize_element(&PublicFinding(&finding))?;
        }
        seq.end()
    }
}

/// A finding with the fields and order of PRODUCT.md section 4, its cell written A1-style.
pub struct PublicFinding<'a>(pub &'a Finding);

impl Serialize for PublicFinding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut s = serializer.serialize_struct("Finding", 8)?;
        s.serialize_field("code", &f.code)?;
        s.serialize_field("severity", &f.severity)?;
        s.serialize_field("case_id", &f.case_id)?;
        s.serialize_field("row", &f.row)?;
        // A finding about the whole workbook has no row, column or cell: null.
        let whole = f.row.is_none();
        s.serialize_field("column", &(!whole).then_some(&f.column))?;
        s.serialize_field("cell", &(!whole).then(|| f.cell()))?;
        s.serialize_field("message", &f.message)?;
        s.serialize_field("hint", &f.hint)?;
        s.end()
    }
}

/// The ways `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
}

const CSV_HEADER: [&str; 8] = [
    "code", "severity", "case_id", "row", "column", "cell", "message", "hint",
];

/// Prints the report of `check` without holding its findings: each finding is written, in
/// the chosen format, to a temporary file as it comes; `finish` prints the head (which needs
/// the totals), the findings and the tail. Memory stays flat however many findings there are.
pub struct ReportWriter {
    format: ReportFormat,
    style: Style,
    spool: BufWriter<File>,
    written: usize,
    texts: Texts,
    severity: Labels<Severity>,
}

impl ReportWriter {
    /// `texts` words the readable report; JSON and CSV keep their keys and values.
    pub fn new(format: ReportFormat, style: Style, texts: &Texts) -> io::Result<ReportWriter> {
        Ok(ReportWriter {
            format,
            style,
            spool: BufWriter::new(tempfile::tempfile()?),
            written: 0,
            texts: texts.clone(),
            severity: texts.labels("severity"),
        })
    }

    /// Adds the findings of one case (sorted as people read them by the caller).
    pub fn add(&mut self, finding: &Finding) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        match self.format {
            ReportFormat::Json => {
                serde_json::to_writer(&mut self.spool, finding).map_err(io::Error::other)?;
                self.spool.write_all(b"\n")
            }
            ReportFormat::Csv => {
                let mut row = csv::WriterBuilder::new().from_writer(Vec::new());
                row.write_record(csv_record(finding).iter().map(|v| escape_formula(v)))
                    .map_err(io::Error::other)?;
                let row = row
                    .into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                self.spool.write_all(&row)
            }
            ReportFormat::Text => {
                if first {
                    let title = self.texts.get("check-findings");
                    self.spool.write_all(format!("\n{title}\n").as_bytes())?;
                }
                let line = text_line(finding, self.style, &self.texts, &self.severity);
                self.spool.write_all(line.as_bytes())
            }
        }
    }

    /// Prints the whole report: `head` carries everything but the findings.
    pub fn finish(self, head: &CheckReport, out: &mut impl Write) -> io::Result<()> {
        let mut spool = self.spool.into_inner().map_err(|e| e.into_error())?;
        spool.rewind()?;
        match self.format {
            ReportFormat::Json => {
                let json = CheckJson {
                    file: &head.file,
                    sheet: &head.sheet,
                    as_of: format_as_of(head.as_of),
                    cases: head.cases,
                    findings: Spooled(RefCell::new(BufReader::new(spool))),
                    counts: &head.counts,
                };
                serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
            ReportFormat::Csv => {
                out.write_all(super::UTF8_BOM.as_bytes())?;
                let mut header = csv::Writer::from_writer(Vec::new());
                header.write_record(CSV_HEADER).map_err(io::Error::other)?;
                out.write_all(
                    &header
                        .into_inner()
                        .map_err(|e| io::Error::other(e.to_string()))?,
                )?;
                io::copy(&mut spool, out)?;
            }
            ReportFormat::Text => {
                out.write_all(text_head(head, self.style, &self.texts).as_bytes())?;
                io::copy(&mut spool, out)?;
            }
        }
        out.flush()
    }
}

fn csv_record(f: &Finding) -> [String; 8] {
    [
        f.code.as_str().to_string(),
        f.severity.as_str().to_string(),
        f.case_id.clone(),
        f.row.map(|r| r.to_string()).unwrap_or_default(),
        f.column.clone(),
        f.cell(),
        f.message.clone(),
        f.hint.clone().unwrap_or_default(),
    ]
}

/// Terminal styling: colour only for a terminal without `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The head of the readable report: counts and the digest per assignee.
fn text_head(report: &CheckReport, style: Style, t: &Texts) -> String {
    let mut out = String::new();
    let c = &report.counts;
    let (as_of, cases) = (format_as_of(report.as_of), report.cases.to_string());
    let head = t.fmt(
        "check-head",
        &[
            ("file", &report.file),
            ("sheet", &report.sheet),
            ("as_of", &as_of),
            ("cases", &cases),
        ],
    );
    let (error, policy) = (
        style.paint("31", &c.error.to_string()),
        style.paint("33", &c.policy.to_string()),
    );
    let warning = c.warning.to_string();
    let counts = t.fmt(
        "check-counts",
        &[
            ("error", &error),
            ("policy", &policy),
            ("warning", &warning),
        ],
    );
    out.push_str(&format!("{head}\n{counts}\n"));
    out.push_str(&digest_text(report, style, t));
    out
}

/// One finding of the readable report.
fn text_line(f: &Finding, style: Style, t: &Texts, severities: &Labels<Severity>) -> String {
    let label = padded(severities.of(f.severity), 7);
    let severity = match f.severity {
        Severity::Error => style.paint("31", &label),
        Severity::Policy => style.paint("33", &label),
        Severity::Warning => label,
    };
    let place = match (f.row, f.col) {
        (None, _) => t.get("check-workbook"),
        (Some(row), None) => t.fmt("check-row", &[("row", &row.to_string())]),
        (Some(_), Some(_)) => f.cell(),
    };
    format!(
        "  {severity} {:<22} {} {} {}\n",
        f.code.as_str(),
        padded(&f.case_id, 12),
        padded(&place, 7),
        f.message
    )
}

fn digest_text(report: &CheckReport, style: Style, t: &Texts) -> String {
    if report.digest.is_empty() {
        return format!("\n{}\n", t.get("digest-none"));
    }
    let today = report.as_of.date();
    let mut entries = report.digest.clone();
    // By assignee (the unassigned last), then priority, then the earliest due time.
    entries.sort_by(|a, b| {
        a.assignee
            .is_empty()
            .cmp(&b.assignee.is_empty())
            .then(a.assignee.cmp(&b.assignee))
            .then(a.priority.cmp(&b.priority))
            .then(a.due.is_none().cmp(&b.due.is_none()))
            .then(a.due.cmp(&b.due))
            .then(a.case_id.cmp(&b.case_id))
    });
    let mut out = format!("\n{}\n", t.get("digest-title"));
    let mut current: Option<&str> = None;
    for e in &entries {
        if current != Some(e.assignee.as_str()) {
            let name = if e.assignee.is_empty() {
                t.get("group-unassigned")
            } else {
                e.assignee.clone()
            };
            out.push_str(&format!("\n  {}\n", style.paint("1", &name)));
            current = Some(e.assignee.as_str());
        }
        let when = match (e.sla, e.due) {
            // The next action names the time already ("Resolve or escalate: overdue since
            // …"): not twice.
            (_, Some(d)) if e.next_action.contains(&format_datetime(d)) => String::new(),
            (Some(SlaStatus::Overdue), Some(d)) => {
                let at = format_datetime(d);
                style.paint("31", &t.fmt("digest-overdue_since", &[("at", &at)]))
            }
            (_, Some(d)) if d < report.as_of => {
                let at = format_datetime(d);
                style.paint("31", &t.fmt("digest-past_due", &[("at", &at)]))
            }
            (_, Some(d)) if d.date() == today => {
                let time = d.format("%H:%M").to_string();
                style.paint("33", &t.fmt("digest-due_today", &[("time", &time)]))
            }
            (_, Some(d)) => t.fmt("digest-due", &[("at", &format_datetime(d))]),
            _ => String::new(),
        };
        out.push_str(&format!(
            "    {} {} {} {}\n",
            e.priority.as_str(),
            padded(&e.case_id, 12),
            padded(&when, 28),
            e.next_action
        ));
    }
    out
}
