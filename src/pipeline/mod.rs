//! The pipeline shared by every command: open the workbook, find the cases, build the
//! effective policy table, then stream rows through the checks on one thread while another
//! reads, handing each checked case to the command.

pub mod annotate;
mod patch;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use chrono::NaiveDateTime;

use crate::compute::SlaStatus;
use crate::error::Error;
use crate::input::headers::Aliases;
use crate::input::values::{Cell, DayOrder, Spellings};
use crate::input::workbook::{CaseSheet, ReadOptions, Row, Workbook};
use crate::kpi::KpiCase;
use crate::model::columns::ComputedColumn;
use crate::model::finding::{Counts, Finding};
use crate::model::sheets::POLICY_SHEETS;
use crate::policy::calendar::Calendar;
use crate::policy::{PolicySource, PolicyTable};
use crate::rules::{Checked, Checker};

/// Rows handed from the reader thread to the checker in one message.
const BATCH: usize = 256;

/// Resolved settings of a run; nothing here knows about the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub as_of: NaiveDateTime,
    pub sheet: Option<String>,
    pub policies_file: Option<PathBuf>,
    pub calendar_file: Option<PathBuf>,
    pub day_order: DayOrder,
    /// The catalogues: every text a person reads.
    pub texts: crate::i18n::Texts,
}

/// A workbook opened and ready to stream.
pub struct Prepared {
    pub workbook: Workbook,
    pub sheet: CaseSheet,
    pub checker: Checker,
    pub aliases: Aliases,
    /// Findings about the whole workbook (W_COLUMN_MISSING), listed before the rows'.
    pub workbook_findings: Vec<crate::model::finding::Finding>,
}

/// What a streamed run read.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub cases: usize,
    pub counts: Counts,
}

/// Opens the workbook, finds its case sheet and builds the checker.
pub fn prepare(path: &Path, settings: &Settings) -> Result<Prepared, Error> {
    let labels = ComputedColumn::ALL.map(|c| c.header(&settings.texts));
    let aliases = Aliases::builtin().with_computed_headers(labels);
    let mut workbook = Workbook::open(path)?;
    let sheet = workbook.find_case_sheet(&ReadOptions {
        sheet: settings.sheet.clone(),
        aliases: aliases.clone(),
    })?;
    let policies = effective_policies(&mut workbook, &sheet, settings.policies_file.as_deref())?;
    let calendar = load_calendar(settings.calendar_file.as_deref())?;
    let mut checker = Checker::new(
        policies,
        calendar,
        Spellings::builtin(),
        settings.day_order,
        settings.as_of,
    );
    checker.date1904 = workbook.date1904();
    checker.texts = settings.texts.clone();
    let workbook_findings = crate::rules::missing_columns(&sheet.header, &settings.texts);
    Ok(Prepared {
        workbook,
        sheet,
        checker,
        aliases,
        workbook_findings,
    })
}

/// Built-in defaults, overridden by `--policies FILE`, overridden by the workbook's own sheet.
pub fn effective_policies(
    workbook: &mut Workbook,
    sheet: &CaseSheet,
    file: Option<&Path>,
) -> Result<PolicyTable, Error> {
    let mut table = base_policies(file)?;
    if let Some(name) = policy_sheet(sheet) {
        let rows = workbook.read_sheet(&name)?;
        let grid = text_grid(&rows);
        let from_sheet =
            PolicyTable::from_sheet_rows(&grid, &name).map_err(|source| Error::PolicySheet {
                file: workbook.file(),
                source,
            })?;
        table.overlay(from_sheet);
    }
    Ok(table)
}

/// Built-in defaults, overridden by `--policies FILE`.
pub fn base_policies(file: Option<&Path>) -> Result<PolicyTable, Error> {
    let mut table = PolicyTable::builtin();
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|source| Error::PolicyFile {
            path: file.to_path_buf(),
            source,
        })?;
        let from_file = PolicyTable::from_csv(&text, PolicySource::File(file.to_path_buf()))?;
        table.overlay(from_file);
    }
    Ok(table)
}

/// The workbook's own policy sheet, if it has one.
pub fn policy_sheet(sheet: &CaseSheet) -> Option<String> {
    sheet
        .other_sheets
        .iter()
        .find(|n| POLICY_SHEETS.iter().any(|p| p.eq_ignore_ascii_case(n)))
        .cloned()
}

fn load_calendar(file: Option<&Path>) -> Result<Calendar, Error> {
    match file {
        None => Ok(Calendar::builtin_cn()),
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|source| Error::CalendarFile {
                path: file.to_path_buf(),
                source,
            })?;
            Ok(Calendar::parse(&text, &file.display().to_string())?)
        }
    }
}

/// Rows as a dense grid of display texts (row 0 = the sheet's first row).
pub fn text_grid(rows: &[Row]) -> Vec<Vec<String>> {
    let height = rows.last().map_or(0, |r| r.index as usize + 1);
    let mut grid = vec![Vec::new(); height];
    for row in rows {
        grid[row.index as usize] = row.cells.iter().map(Cell::display).collect();
    }
    grid
}

/// Streams every case through the checker: a reader thread parses the sheet while this
/// thread checks and hands each case to `each`, in sheet order.
pub fn stream(
    prepared: &mut Prepared,
    mut each: impl FnMut(&Row, &Checked) -> Result<(), Error>,
) -> Result<Totals, Error> {
    let Prepared {
        workbook,
        sheet,
        checker,
        workbook_findings,
        ..
    } = prepared;
    let mut totals = Totals::default();
    for finding in workbook_findings.iter() {
        totals.counts.add(finding.severity);
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<Vec<Row>>(8);
        let reader = scope.spawn(|| {
            let mut batch = Vec::with_capacity(BATCH);
            let result = workbook.stream_cases(sheet, |row| {
                batch.push(row);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if sender.send(full).is_err() {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            });
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
            drop(sender);
            result
        });
        for batch in receiver.iter() {
            for row in &batch {
                let checked = checker.check(&sheet.header, row);
                totals.cases += 1;
                for finding in &checked.findings {
                    totals.counts.add(finding.severity);
                }
                each(row, &checked)?;
            }
        }
        match reader.join() {
            Ok(result) => result.map_err(Error::from),
            Err(_) => Err(Error::ReaderStopped),
        }
    })?;
    Ok(totals)
}

/// Where a command finds the case history.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryChoice {
    /// `<stem>.history.sqlite` beside the input.
    Beside,
    File(PathBuf),
    Off,
}

impl HistoryChoice {
    pub fn path(&self, input: &Path) -> Option<PathBuf> {
        match self {
            HistoryChoice::Beside => Some(crate::history::default_path(input)),
            HistoryChoice::File(path) => Some(path.clone()),
            HistoryChoice::Off => None,
        }
    }
}

/// Opens the history for a run of `input` as of `as_of` and hands it to the checker:
/// `record` for `process` (then a history is made if there is none), else read only.
pub fn open_history(
    prepared: &mut Prepared,
    input: &Path,
    choice: &HistoryChoice,
    as_of: NaiveDateTime,
    record: bool,
) -> Result<(), Error> {
    let Some(path) = choice.path(input) else {
        return Ok(());
    };
    prepared.checker.recall = crate::history::Recall::open(&path, as_of, record)?;
    Ok(())
}

/// After the stream: a history error met while rows streamed, else the removed cases'
/// findings (W_CASE_REMOVED), counted in `totals`.
pub fn finish_history(
    prepared: &mut Prepared,
    input: &Path,
    totals: &mut Totals,
) -> Result<Vec<Finding>, Error> {
    if let Some(e) = prepared.checker.history_error.take() {
        return Err(e.into());
    }
    let checker = &mut prepared.checker;
    let Some(recall) = checker.recall.as_mut() else {
        return Ok(Vec::new());
    };
    let findings = recall.finish(input, &checker.texts)?;
    for finding in &findings {
        totals.counts.add(finding.severity);
    }
    Ok(findings)
}

/// What the KPIs need of a checked case.
pub fn kpi_case(checked: &Checked, policies: &PolicyTable) -> KpiCase {
    let case = &checked.case;
    let computed = &checked.computed;
    let platform = match checked.policy {
        Some(i) => policies.rows()[i].platform.clone(),
        None => case.platform.clone().unwrap_or_default(),
    };
    KpiCase {
        request_at: case.request_at,
        platform,
        assignee: case.assignee.clone().unwrap_or_default(),
        issue_type: case.issue_type,
        status: case.status,
        frt_hours: computed.frt_hours,
        frt_met: case
            .first_response_at
            .zip(computed.first_response_due)
            .map(|(at, due)| at <= due),
        resolution_days: computed.resolution_days_taken,
        resolved_on_time: match computed.sla_status {
            Some(SlaStatus::ResolvedOnTime) => Some(true),
            Some(SlaStatus::ResolvedLate) => Some(false),
            _ => None,
        },
        // A reopen the history saw counts as one even when nobody raised the reopen count.
        reopen_count: case
            .reopen_count
            .unwrap_or(0)
            .max(u32::from(checked.reopened_seen)),
        csat: case.csat,
        policy_exception: checked.has_policy_finding(),
        overdue: computed.sla_status == Some(SlaStatus::Overdue),
        has_error: checked.has_error(),
    }
}

/// Findings sorted as people read them: by row, then severity, then code.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.row
            .cmp(&b.row)
            .then(b.severity.cmp(&a.severity))
            .then(a.code.cmp(&b.code))
    });
}
