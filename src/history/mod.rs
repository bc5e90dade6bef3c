//! The case history of PRODUCT.md section 9: every `process` run is remembered in an SQLite
//! file beside the workbook ([`store`]), so the next run can tell what changed — events, time
//! paused while waiting on the customer, reopens nobody counted, edits after closing, rows
//! that disappeared.
//!
//! A run works in three steps. [`Recall::open`] reads the state the previous recorded run
//! left (one small record per case in memory; a case's values are read back only when it
//! changed). While the rows stream, [`Recall::observe`] compares each case with it and
//! returns what the row's computations and findings need; [`Recall::finish`] finds the
//! removed cases. After the workbook is in place, [`Recall::commit`] records the run in one
//! transaction. `check`, `kpi` and `timeline` only read.

pub mod store;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::i18n::{Describe, Message};
use crate::model::finding::{Code, Finding};
use crate::model::{Key, Status};
use crate::policy::calendar::{sla_hours_between, Calendar};
use store::{NewRun, RunInfo, Store};

/// The fields that make a case's story, in the history's column order.
pub const TRACKED: [Key; 15] = [
    Key::Status,
    Key::Assignee,
    Key::Platform,
    Key::OrderId,
    Key::IssueType,
    Key::ResolutionRequested,
    Key::PurchaseDate,
    Key::ReceivedDate,
    Key::RequestAt,
    Key::FirstResponseAt,
    Key::ResolvedAt,
    Key::ReopenCount,
    Key::OrderAmount,
    Key::RefundAmount,
    Key::Csat,
];

/// Fields whose change on a finished case is W_EDITED_AFTER_CLOSE.
const EDIT_AFTER_CLOSE: [Key; 11] = [
    Key::Platform,
    Key::OrderId,
    Key::IssueType,
    Key::ResolutionRequested,
    Key::PurchaseDate,
    Key::ReceivedDate,
    Key::RequestAt,
    Key::FirstResponseAt,
    Key::ResolvedAt,
    Key::OrderAmount,
    Key::RefundAmount,
];

/// The canonical event names (the JSON values of `timeline`).
pub mod event {
    pub const CREATED: &str = "created";
    pub const STATUS: &str = "status";
    pub const ASSIGNEE: &str = "assignee";
    pub const REOPENED: &str = "reopened";
    pub const EDITED_AFTER_CLOSE: &str = "edited_after_close";
    pub const REMOVED: &str = "removed";
    pub const RESTORED: &str = "restored";
}

/// Why the history cannot be used. One line each, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// `what` the file is instead ([`Foreign`]).
    NotHistory {
        path: PathBuf,
        what: Foreign,
    },
    Newer {
        path: PathBuf,
        version: i32,
        supported: i32,
    },
    Damaged {
        path: PathBuf,
        reason: Message,
    },
    Write {
        path: PathBuf,
        reason: Message,
    },
    Older {
        path: PathBuf,
        version: i32,
    },
    Missing {
        path: PathBuf,
    },
    OtherWorkbook {
        path: PathBuf,
        input: PathBuf,
        previous: usize,
        cases: usize,
        as_of: String,
    },
}

/// What a file at the history path is when it is not a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    NotSqlite,
    OtherProgram,
}

impl Describe for HistoryError {
    fn message(&self) -> Message {
        match self {
            HistoryError::NotHistory { path, what } => Message::new("history-not_history")
                .arg("path", path.display())
                .with(
                    "what",
                    Message::new(match what {
                        Foreign::NotSqlite => "history-not_sqlite",
                        Foreign::OtherProgram => "history-other_program",
                    }),
                ),
            HistoryError::Newer {
                path,
                version,
                supported,
            } => Message::new("history-newer")
                .arg("path", path.display())
                .arg("version", version)
                .arg("supported", supported),
            HistoryError::Damaged { path, reason } => Message::new("history-damaged")
                .arg("path", path.display())
                .with("reason", reason.clone()),
            HistoryError::Write { path, reason } => Message::new("history-write")
                .arg("path", path.display())
                .with("reason", reason.clone()),
            HistoryError::Older { path, version } => Message::new("history-older")
                .arg("path", path.display())
                .arg("version", version),
            HistoryError::Missing { path } => {
                Message::new("history-missing").arg("path", path.display())
            }
            HistoryError::OtherWorkbook {
                path,
                input,
                previous,
                cases,
                as_of,
            } => Message::new("history-other_workbook")
                .arg("path", path.display())
                .arg("input", input.display())
                .arg("previous", previous)
                .arg("cases", cases)
                .arg("as_of", as_of),
        }
    }
}

crate::display_by_message!(HistoryError);

impl HistoryError {
    fn damaged(path: &Path, e: rusqlite::Error) -> HistoryError {
        use rusqlite::ErrorCode as C;
        let reason = match sqlite_code(&e) {
            Some(C::DatabaseBusy | C::DatabaseLocked) => "history-busy",
            Some(C::CannotOpen | C::PermissionDenied) => "history-cannot_open",
            // SQLITE_READONLY_ROLLBACK: a reading command met the journal of a killed run.
            Some(C::ReadOnly) => "history-interrupted",
            _ => "history-damaged_file",
        };
        HistoryError::Damaged {
            path: path.to_path_buf(),
            reason: Message::new(reason),
        }
    }

    fn write(path: &Path, e: rusqlite::Error) -> HistoryError {
        use rusqlite::ErrorCode as C;
        let reason = match sqlite_code(&e) {
            Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => "history-read_only",
            Some(C::DiskFull) => "io-storage_full",
            Some(C::DatabaseBusy | C::DatabaseLocked) => "history-busy",
            _ => "history-damaged_file",
        };
        HistoryError::Write {
            path: path.to_path_buf(),
            reason: Message::new(reason),
        }
    }

    fn io(path: &Path, e: std::io::Error) -> HistoryError {
        HistoryError::Damaged {
            path: path.to_path_buf(),
            reason: Message::io(&e),
        }
    }
}

/// SQLite's result code of `e`, when SQLite gave one (rusqlite's own errors, a value of the
/// wrong type say, mean the file is not as this build wrote it).
fn sqlite_code(e: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

/// The history of `input`: `<stem>.history.sqlite` beside it. The annotated copy
/// (`<stem>.annotated.xlsx`) shares its workbook's history, since processing it gives the same
/// result as processing the workbook.
pub fn default_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or("workbook".into(), |s| s.to_string_lossy().into_owned());
    let stem = stem.strip_suffix(".annotated").unwrap_or(&stem);
    input.with_file_name(format!("{stem}.history.sqlite"))
}

/// A case's last recorded state, kept in memory for every case (its values stay on disk).
#[derive(Debug, Clone)]
pub struct Prior {
    run: i64,
    present: bool,
    digest: u64,
    paused_hours: f64,
    paused_since: Option<NaiveDateTime>,
    reopen_base: Option<i64>,
    /// This run saw the case.
    seen: bool,
}

/// One recorded state of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// The [`TRACKED`] fields as read (status canonical when recognised).
    pub values: [Option<String>; TRACKED.len()],
    pub present: bool,
    pub digest: u64,
    /// Paused hours of the pauses that ended.
    pub paused_hours: f64,
    /// The as-of of the first run that saw the current pause.
    pub paused_since: Option<NaiveDateTime>,
    /// The reopen count before the last reopen the history saw.
    pub reopen_base: Option<i64>,
}

impl Version {
    pub fn value(&self, key: Key) -> Option<&str> {
        TRACKED
            .iter()
            .position(|k| *k == key)
            .and_then(|i| self.values[i].as_deref())
    }

    fn status(&self) -> Option<Status> {
        self.value(Key::Status).and_then(Status::from_canonical)
    }

    fn is_finished(&self) -> bool {
        self.status().is_some_and(Status::is_finished)
    }
}

/// An event as the history tells it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredEvent {
    pub case_id: String,
    pub event: String,
    #[serde(serialize_with = "ser_time")]
    pub at: NaiveDateTime,
    #[serde(serialize_with = "ser_opt_time")]
    pub earliest: Option<NaiveDateTime>,
    pub from: String,
    pub to: String,
}

fn ser_time<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::input::values::format_datetime(*t))
}

fn ser_opt_time<S: serde::Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser_time(t, s),
        None => s.serialize_none(),
    }
}

/// A removed case and its last known values.
#[derive(Debug, Clone)]
pub struct RemovedCase {
    pub case_id: String,
    /// The as-of of the first run that did not see it.
    pub removed_at: Option<NaiveDateTime>,
    pub values: Version,
}

/// What one row needs from the history.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    pub paused_hours: f64,
    /// The history saw this case reopened at some point.
    pub reopened_seen: bool,
    pub reopen_not_counted: bool,
    /// Fields changed on a case that was finished in the previous recorded run.
    pub edited_after_close: Vec<(Key, String, String)>,
}

/// What the recording will do with this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// A new run, later than every recorded one.
    New,
    /// The same as-of as the last recorded run: recorded again only if something differs.
    Again,
    /// An as-of earlier than the last recorded run: not recorded.
    Earlier,
}

/// The history as one run sees it.
pub struct Recall {
    pub path: PathBuf,
    store: Option<Store>,
    as_of: NaiveDateTime,
    /// The latest recorded run before this as-of: what this run is compared with.
    pub previous: Option<RunInfo>,
    /// The last recorded run (to tell whether and how this run is recorded).
    last: Option<RunInfo>,
    priors: HashMap<String, Prior>,
    /// Cases the previous run had in the workbook.
    previous_cases: usize,
    overlap: usize,
    cases: usize,
    /// This run's new states and events, kept in temporary files until the commit (a first
    /// run records every case: held in memory, a 1,048,575-case run would not fit in 1 GiB).
    spool: Spool,
    /// This run's events, in sheet order, then the removed cases: the first
    /// [`TIMELINE_KEPT`] of them, for the Timeline sheet.
    pub events: Vec<StoredEvent>,
    /// How many events this run saw.
    pub event_count: usize,
    /// Rows of the cases the Timeline sheet links to.
    pub rows: HashMap<String, u32>,
    wanted: HashSet<String>,
    /// Earlier runs' events shown on the Timeline sheet, newest first.
    pub earlier_events: Vec<StoredEvent>,
    /// Earlier runs' events in all.
    pub earlier_event_count: usize,
    pub removed: Vec<RemovedCase>,
}

impl Recall {
    /// The history at `path` as of `as_of`: `None` when there is no file yet and
    /// `create` is false (a reading command).
    pub fn open(
        path: &Path,
        as_of: NaiveDateTime,
        create: bool,
    ) -> Result<Option<Recall>, HistoryError> {
        let older = path.exists() && store::schema_version(path)? < store::SCHEMA_VERSION;
        if create && (older || store::journal(path).exists()) {
            // A run killed while it recorded left SQLite's journal: opening the history to
            // write rolls that unfinished write back, so it is as it was before that run. An
            // older schema is brought up to date the same way (one transaction).
            drop(Store::open_write(path)?);
        }
        let store = Store::open_read(path)?;
        if store.is_none() && !create {
            return Ok(None);
        }
        if create {
            check_writable(path)?;
        }
        let runs = match &store {
            Some(s) => s.runs()?,
            None => Vec::new(),
        };
        let previous = runs.iter().rev().find(|r| r.as_of < as_of).cloned();
        let priors = match (&store, &previous) {
            (Some(s), Some(p)) => s.priors(p.id)?,
            _ => HashMap::new(),
        };
        let previous_cases = priors.values().filter(|p| p.present).count();
        Ok(Some(Recall {
            path: path.to_path_buf(),
            store,
            as_of,
            previous,
            last: runs.last().cloned(),
            priors,
            previous_cases,
            overlap: 0,
            cases: 0,
            spool: Spool::new(path)?,
            events: Vec::new(),
            event_count: 0,
            rows: HashMap::new(),
            wanted: HashSet::new(),
            earlier_events: Vec::new(),
            earlier_event_count: 0,
            removed: Vec::new(),
        }))
    }

    /// Loads the earlier events the Timeline sheet shows (at most `limit`), so their rows
    /// are remembered as the cases stream.
    pub fn load_timeline(&mut self, limit: usize) -> Result<(), HistoryError> {
        let (Some(store), Some(previous)) = (&self.store, &self.previous) else {
            return Ok(());
        };
        self.earlier_events = store.events(Some(previous.id), None, Some(limit))?;
        self.earlier_event_count = store.event_count(previous.id)?;
        self.wanted = self
            .earlier_events
            .iter()
            .map(|e| e.case_id.clone())
            .collect();
        Ok(())
    }

    pub fn plan(&self) -> Plan {
        match &self.last {
            Some(last) if last.as_of > self.as_of => Plan::Earlier,
            Some(last) if last.as_of == self.as_of => Plan::Again,
            _ => Plan::New,
        }
    }

    fn store(&self) -> Result<&Store, HistoryError> {
        self.store.as_ref().ok_or_else(|| HistoryError::Damaged {
            path: self.path.clone(),
            reason: Message::new("history-removed"),
        })
    }

    fn event(&mut self, case_id: &str, event: &str, from: &str, to: &str) {
        self.event_count += 1;
        self.spool.event(case_id, event, from, to);
        if self.events.len() >= TIMELINE_KEPT {
            return;
        }
        self.events.push(StoredEvent {
            case_id: case_id.to_string(),
            event: event.to_string(),
            at: self.as_of,
            earliest: self.previous.as_ref().map(|p| p.as_of),
            from: from.to_string(),
            to: to.to_string(),
        });
    }

    /// Compares one case row with the history. `values` are the [`TRACKED`] fields as read;
    /// `pause` the statuses that stop its clock; `calendar` the holidays its clock skips.
    pub fn observe(
        &mut self,
        case_id: &str,
        row: u32,
        values: [Option<String>; TRACKED.len()],
        pause: &[Status],
        calendar: Option<&Calendar>,
    ) -> Result<Observed, HistoryError> {
        self.cases += 1;
        let digest = digest(&values);
        let mut current = Version {
            values,
            present: true,
            digest,
            paused_hours: 0.0,
            paused_since: None,
            reopen_base: None,
        };
        let status = current.status();
        let paused_now = status.is_some_and(|s| pause.contains(&s));
        let mut observed = Observed::default();
        let events_before = self.event_count;
        let prior = self.priors.get_mut(case_id).map(|p| {
            p.seen = true;
            p.clone()
        });
        let changed = match &prior {
            None => {
                let to = current.value(Key::Status).unwrap_or("").to_string();
                self.event(case_id, event::CREATED, "", &to);
                true
            }
            Some(p) => {
                if p.present {
                    self.overlap += 1;
                }
                current.paused_hours = p.paused_hours;
                current.paused_since = p.paused_since;
                current.reopen_base = p.reopen_base;
                let differs = p.digest != digest || !p.present;
                if differs {
                    let old = self.store()?.values(case_id, p.run)?;
                    self.compare(case_id, p, &old, &mut current, &mut observed);
                }
                differs
            }
        };
        // Pause: from the first run that saw the case paused to the first that saw it leave.
        let was_paused = current.paused_since.is_some();
        let mut paused = current.paused_hours;
        match (current.paused_since, paused_now) {
            (Some(since), true) => paused += sla_hours_between(calendar, since, self.as_of),
            (Some(since), false) => {
                current.paused_hours += sla_hours_between(calendar, since, self.as_of);
                current.paused_since = None;
                paused = current.paused_hours;
            }
            (None, true) => current.paused_since = Some(self.as_of),
            (None, false) => {}
        }
        observed.paused_hours = paused;
        observed.reopened_seen = current.reopen_base.is_some();
        if let Some(base) = current.reopen_base {
            let count = current
                .value(Key::ReopenCount)
                .and_then(|c| c.trim().parse::<f64>().ok())
                .unwrap_or(0.0);
            observed.reopen_not_counted = count <= base as f64;
        }
        let state_changed = changed
            || was_paused != paused_now
            || prior
                .as_ref()
                .is_some_and(|p| p.reopen_base != current.reopen_base);
        if state_changed {
            self.spool.version(case_id, &current);
        }
        if self.event_count > events_before || self.wanted.contains(case_id) {
            self.rows.insert(case_id.to_string(), row);
        }
        Ok(observed)
    }

    /// The events between a case's recorded values and the row.
    fn compare(
        &mut self,
        case_id: &str,
        prior: &Prior,
        old: &Version,
        current: &mut Version,
        observed: &mut Observed,
    ) {
        let status = |v: &Version| v.value(Key::Status).unwrap_or("").to_string();
        if !prior.present {
            self.event(case_id, event::RESTORED, "", &status(current));
        }
        let (from, to) = (status(old), status(current));
        if from != to {
            self.event(case_id, event::STATUS, &from, &to);
            let reopened = old.is_finished() && current.status().is_some_and(Status::is_open);
            if reopened {
                self.event(case_id, event::REOPENED, &from, &to);
                let count = old
                    .value(Key::ReopenCount)
                    .and_then(|c| c.trim().parse::<f64>().ok())
                    .unwrap_or(0.0);
                current.reopen_base = Some(count as i64);
            }
        }
        let assignee = |v: &Version| v.value(Key::Assignee).unwrap_or("").to_string();
        if assignee(old) != assignee(current) {
            self.event(case_id, event::ASSIGNEE, &assignee(old), &assignee(current));
        }
        if prior.present && old.is_finished() {
            for key in EDIT_AFTER_CLOSE {
                let (a, b) = (old.value(key), current.value(key));
                if a != b {
                    let (a, b) = (a.unwrap_or("").to_string(), b.unwrap_or("").to_string());
                    self.event(
                        case_id,
                        event::EDITED_AFTER_CLOSE,
                        &format!("{}: {a}", key.name()),
                        &format!("{}: {b}", key.name()),
                    );
                    observed.edited_after_close.push((key, a, b));
                }
            }
        }
    }

    /// After the last row: the cases that are gone (W_CASE_REMOVED), and the refusal of a
    /// history that belongs to another workbook.
    pub fn finish(
        &mut self,
        input: &Path,
        texts: &crate::i18n::Texts,
    ) -> Result<Vec<Finding>, HistoryError> {
        if self.previous_cases > 0 && self.cases > 0 && self.overlap == 0 {
            return Err(HistoryError::OtherWorkbook {
                path: self.path.clone(),
                input: input.to_path_buf(),
                previous: self.previous_cases,
                cases: self.cases,
                as_of: self
                    .previous
                    .as_ref()
                    .map(|p| crate::input::values::format_datetime(p.as_of))
                    .unwrap_or_default(),
            });
        }
        let mut gone: Vec<(String, Prior)> = self
            .priors
            .iter()
            .filter(|(_, p)| !p.seen)
            .map(|(id, p)| (id.clone(), p.clone()))
            .collect();
        gone.sort_by(|a, b| a.0.cmp(&b.0));
        let mut findings = Vec::new();
        let previous_as_of = self
            .previous
            .as_ref()
            .map(|p| crate::input::values::format_datetime(p.as_of))
            .unwrap_or_default();
        for (id, prior) in gone {
            let mut values = self.store()?.values(&id, prior.run)?;
            let removed_at = if prior.present {
                let status = values.value(Key::Status).unwrap_or("").to_string();
                self.event(&id, event::REMOVED, &status, "");
                findings.push(Finding {
                    code: Code::W_CASE_REMOVED,
                    severity: Code::W_CASE_REMOVED.severity(),
                    case_id: id.clone(),
                    row: None,
                    column: String::new(),
                    col: None,
                    message: texts.fmt(
                        "finding-case_removed",
                        &[("id", &id), ("as_of", &previous_as_of)],
                    ),
                    hint: Some(texts.get("hint-case_removed")),
                });
                values.present = false;
                self.spool.version(&id, &values);
                Some(self.as_of)
            } else {
                self.store()?.removed_at(&id, prior.run)?
            };
            self.removed.push(RemovedCase {
                case_id: id,
                removed_at,
                values,
            });
        }
        Ok(findings)
    }

    /// How many events this run and the earlier ones add up to.
    pub fn event_total(&self) -> usize {
        self.event_count + self.earlier_event_count
    }

    /// Records the run, after the workbook is in place. Returns a note for stderr when the
    /// run was not recorded.
    pub fn commit(self, input: &Path, sha256: &str) -> Result<Option<Message>, HistoryError> {
        let plan = self.plan();
        let (digest, versions, events) = self.spool.finish()?;
        let replace = match plan {
            Plan::Earlier => {
                let last = self.last.as_ref().map(|l| l.as_of).unwrap_or_default();
                let time = crate::input::values::format_datetime;
                return Ok(Some(
                    Message::new("note-not_recorded")
                        .arg("path", self.path.display())
                        .arg("as_of", time(self.as_of))
                        .arg("last", time(last)),
                ));
            }
            Plan::Again => {
                let last = self.last.as_ref().expect("a last run");
                if last.digest == digest {
                    return Ok(None);
                }
                Some(last.id)
            }
            Plan::New => None,
        };
        drop(self.store);
        let mut store = Store::open_write(&self.path)?;
        let run = NewRun {
            as_of: self.as_of,
            input: input
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
            sha256: sha256.to_string(),
            cases: self.cases,
            digest,
            events: self.event_count,
        };
        store.record(&run, replace, versions, events)?;
        Ok(None)
    }
}

/// The folder must take the history (and SQLite's journal beside it).
fn check_writable(path: &Path) -> Result<(), HistoryError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = tempfile::Builder::new()
        .prefix(".aftersales-probe")
        .tempfile_in(&folder);
    let readonly_file = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    if probe.is_err() || readonly_file {
        return Err(HistoryError::Write {
            path: path.to_path_buf(),
            reason: Message::new("history-read_only"),
        });
    }
    Ok(())
}

/// FNV-1a over the values, a separator between fields: stable across builds and platforms.
fn digest(values: &[Option<String>]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for value in values {
        match value {
            Some(v) => {
                eat(1);
                v.bytes().for_each(&mut eat);
            }
            None => eat(0),
        }
        eat(0xff);
    }
    hash
}

/// How many of this run's events are kept in memory for the Timeline sheet.
pub const TIMELINE_KEPT: usize = 65_530;

/// This run's new states and events on their way to the commit: one JSON array a line in
/// two temporary files, and a digest of both (the same as-of recorded again with the same
/// digest adds nothing).
struct Spool {
    path: PathBuf,
    versions: Option<std::io::BufWriter<std::fs::File>>,
    events: Option<std::io::BufWriter<std::fs::File>>,
    hash: [u64; 2],
    failed: Option<std::io::Error>,
}

/// A spooled line read back.
pub type Spooled = Result<serde_json::Value, HistoryError>;

impl Spool {
    fn new(path: &Path) -> Result<Spool, HistoryError> {
        let file = || {
            tempfile::tempfile()
                .map(std::io::BufWriter::new)
                .map_err(|e| spool_error(path, e))
        };
        Ok(Spool {
            path: path.to_path_buf(),
            versions: Some(file()?),
            events: Some(file()?),
            hash: [0xcbf2_9ce4_8422_2325; 2],
            failed: None,
        })
    }

    fn line(&mut self, which: usize, value: serde_json::Value) {
        use std::io::Write;
        let text = value.to_string();
        for b in text.bytes().chain([b'\n']) {
            self.hash[which] ^= u64::from(b);
            self.hash[which] = self.hash[which].wrapping_mul(0x0100_0000_01b3);
        }
        let file = if which == 0 {
            &mut self.versions
        } else {
            &mut self.events
        };
        if let Some(file) = file {
            if let Err(e) = file
                .write_all(text.as_bytes())
                .and_then(|()| file.write_all(b"\n"))
            {
                self.failed.get_or_insert(e);
            }
        }
    }

    fn version(&mut self, case_id: &str, v: &Version) {
        let value = serde_json::json!([
            case_id,
            v.present,
            v.digest.to_string(),
            v.paused_hours,
            v.paused_since.map(store::format_time),
            v.reopen_base,
            v.values,
        ]);
        self.line(0, value);
    }

    fn event(&mut self, case_id: &str, event: &str, from: &str, to: &str) {
        self.line(1, serde_json::json!([case_id, event, from, to]));
    }

    /// The digest, and the states and events to read back.
    fn finish(
        mut self,
    ) -> Result<
        (
            String,
            impl Iterator<Item = Spooled>,
            impl Iterator<Item = Spooled>,
        ),
        HistoryError,
    > {
        if let Some(e) = self.failed.take() {
            return Err(spool_error(&self.path, e));
        }
        let digest = format!("{:016x}{:016x}", self.hash[0], self.hash[1]);
        let path = self.path.clone();
        let reader = |file: Option<std::io::BufWriter<std::fs::File>>| -> Result<_, HistoryError> {
            use std::io::{BufRead, Seek};
            let mut file = file
                .expect("spooled")
                .into_inner()
                .map_err(|e| spool_error(&path, e.into_error()))?;
            file.rewind().map_err(|e| spool_error(&path, e))?;
            let path = path.clone();
            Ok(std::io::BufReader::new(file).lines().map(move |line| {
                let line = line.map_err(|e| spool_error(&path, e))?;
                serde_json::from_str(&line).map_err(|_| spool_unreadable(&path))
            }))
        };
        let versions = reader(self.versions.take())?;
        let events = reader(self.events.take())?;
        Ok((digest, versions, events))
    }
}

fn spool_error(path: &Path, e: std::io::Error) -> HistoryError {
    HistoryError::Write {
        path: path.to_path_buf(),
        reason: Message::new("history-spool").with("reason", &e),
    }
}

/// A spooled line that does not read back as what was written.
fn spool_unreadable(path: &Path) -> HistoryError {
    HistoryError::Write {
        path: path.to_path_buf(),
        reason: Message::new("history-spool_unreadable"),
    }
}

/// A spooled state back as (case id, version).
pub fn spooled_version(value: &serde_json::Value) -> Option<(String, Version)> {
    let a = value.as_array()?;
    let mut values: [Option<String>; TRACKED.len()] = Default::default();
    for (slot, v) in values.iter_mut().zip(a.get(6)?.as_array()?) {
        *slot = v.as_str().map(str::to_string);
    }
    Some((
        a.first()?.as_str()?.to_string(),
        Version {
            values,
            present: a.get(1)?.as_bool()?,
            digest: a.get(2)?.as_str()?.parse().ok()?,
            paused_hours: a.get(3)?.as_f64()?,
            paused_since: a.get(4)?.as_str().and_then(store::parse_time),
            reopen_base: a.get(5)?.as_i64(),
        },
    ))
}

/// One message of every error and note of the history and the catalogues (and the notes
/// `process` prints), for the test that every error message is said in both languages
/// (`i18n::tests`), with the Latin words of the Chinese catalogue that are meant.
#[cfg(test)]
pub(crate) fn message_samples() -> (Vec<Message>, &'static [&'static str]) {
    use crate::i18n::CatalogueError;
    use fluent_syntax::parser::ErrorKind as K;
    use rusqlite::ErrorCode as C;
    let path = || PathBuf::from("cases.history.sqlite");
    let sqlite = |code: C| {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error {
                code,
                extended_code: 0,
            },
            None,
        )
    };
    let mut errors = vec![
        HistoryError::NotHistory {
            path: path(),
            what: Foreign::NotSqlite,
        },
        HistoryError::NotHistory {
            path: path(),
            what: Foreign::OtherProgram,
        },
        HistoryError::Newer {
            path: path(),
            version: 99,
            supported: store::SCHEMA_VERSION,
        },
        HistoryError::Older {
            path: path(),
            version: 1,
        },
        HistoryError::Missing { path: path() },
        HistoryError::OtherWorkbook {
            path: path(),
            input: "other.xlsx".into(),
            previous: 6,
            cases: 1,
            as_of: "2026-11-02 09:00".into(),
        },
        HistoryError::io(&path(), std::io::Error::from(std::io::ErrorKind::NotFound)),
        spool_error(
            &path(),
            std::io::Error::from(std::io::ErrorKind::StorageFull),
        ),
        spool_unreadable(&path()),
        check_writable(Path::new("/nonexistent-folder/cases.history.sqlite")).unwrap_err(),
    ];
    for code in [
        C::DatabaseCorrupt,
        C::DatabaseBusy,
        C::CannotOpen,
        C::ReadOnly,
    ] {
        errors.push(HistoryError::damaged(&path(), sqlite(code)));
    }
    for code in [
        C::ReadOnly,
        C::DiskFull,
        C::DatabaseLocked,
        C::DatabaseCorrupt,
    ] {
        errors.push(HistoryError::write(&path(), sqlite(code)));
    }
    let mut messages: Vec<Message> = errors.iter().map(Describe::message).collect();
    for reason in [
        Message::new("history-removed"),
        Message::new("history-tables_missing"),
        Message::new("history-bad_as_of")
            .arg("run", 3)
            .arg("as_of", "03/11/2026"),
        Message::new("history-case_missing")
            .arg("case", "AS-1")
            .arg("run", 3),
    ] {
        messages.push(
            HistoryError::Damaged {
                path: path(),
                reason,
            }
            .message(),
        );
    }
    let file = || "tpl/zh/replies.ftl".to_string();
    let id = || "action-overdue".to_string();
    let mut catalogue = vec![
        CatalogueError::Read {
            file: "tpl".into(),
            reason: Message::new("catalogue-not_a_folder"),
        },
        CatalogueError::Read {
            file: file(),
            reason: Message::new("catalogue-not_utf8"),
        },
        CatalogueError::Missing {
            file: file(),
            id: id(),
        },
        CatalogueError::UnknownVariable {
            file: file(),
            line: 7,
            id: id(),
            name: "customer".into(),
            known: vec!["case_id".into(), "resolution_due".into()],
        },
        CatalogueError::UnknownVariable {
            file: file(),
            line: 7,
            id: "sheet-trend".into(),
            name: "case".into(),
            known: Vec::new(),
        },
        CatalogueError::UnknownMessage {
            file: file(),
            line: 7,
            id: "actoin-overdue".into(),
        },
        CatalogueError::UnknownReference {
            file: file(),
            line: 7,
            id: id(),
            target: "nothing-here".into(),
        },
        CatalogueError::NoText {
            file: file(),
            line: 7,
            id: id(),
        },
        // A message copied into a user's file that a built-in file of the language also has.
        CatalogueError::Duplicate {
            file: format!("templates/i18n/zh/workbook.ftl{}", crate::i18n::BUILT_IN),
            line: 7,
            id: id(),
        },
    ];
    let range = |range: &str| K::ExpectedCharRange {
        range: range.into(),
    };
    for kind in [
        K::ExpectedToken('}'),
        range("a-zA-Z"),
        range("0-9"),
        range("\n | \r\n"),
        range("xyz"),
        K::ExpectedMessageField { entry_id: id() },
        K::ExpectedTermField {
            entry_id: "brand".into(),
        },
        K::ForbiddenCallee,
        K::MissingDefaultVariant,
        K::MissingValue,
        K::MultipleDefaultVariants,
        K::MessageReferenceAsSelector,
        K::TermAttributeAsPlaceable,
        K::UnterminatedStringLiteral,
        K::PositionalArgumentFollowsNamed,
        K::DuplicatedNamedArgument("minimumFractionDigits".into()),
        K::UnknownEscapeSequence("q".into()),
        K::InvalidUnicodeEscapeSequence("12G".into()),
        K::UnbalancedClosingBrace,
        K::ExpectedInlineExpression,
        K::ExpectedLiteral,
    ] {
        catalogue.push(CatalogueError::Syntax {
            file: file(),
            line: 7,
            kind,
        });
    }
    messages.extend(catalogue.iter().map(Describe::message));
    messages.push(Message::new("note-values_only").arg("input", "cases.xls"));
    messages.push(
        Message::new("note-not_recorded")
            .arg("path", "cases.history.sqlite")
            .arg("as_of", "2026-11-03 09:00")
            .arg("last", "2026-11-05 09:00"),
    );
    (messages, &["process", "Unicode"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotated_copy_shares_the_workbook_history() {
        assert_eq!(
            default_path(Path::new("/d/cases.annotated.xlsx")),
            PathBuf::from("/d/cases.history.sqlite")
        );
        assert_eq!(
            default_path(Path::new("/d/cases.xlsm")),
            PathBuf::from("/d/cases.history.sqlite")
        );
    }

    #[test]
    fn digest_tells_empty_from_blank() {
        assert_ne!(
            digest(&[None, Some(String::new())]),
            digest(&[Some(String::new()), None])
        );
        assert_eq!(digest(&[Some("a".into())]), digest(&[Some("a".into())]));
    }
}
