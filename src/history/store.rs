//! The history file: an SQLite database (PRAGMA `application_id` marks it as ours, PRAGMA
//! `user_version` is its schema version, the migrations below bring an older one up to date).
//! Reading never writes; recording is one transaction, so a crash or kill leaves the file as
//! it was (SQLite's rollback journal).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::{Foreign, HistoryError, Prior, StoredEvent, Version, TRACKED};
use crate::i18n::Message;

/// `ASH1` — "aftersales history": set on every history so another SQLite file is recognised.
const APPLICATION_ID: i32 = 0x4153_4831;

/// The schema, one migration per version: migration `i` brings version `i` to `i + 1`.
const MIGRATIONS: [&str; 2] = [
    // Version 1: every recorded state of a case in one table, keyed by case.
    r#"
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL UNIQUE,
    input TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    cases INTEGER NOT NULL,
    events INTEGER NOT NULL,
    digest TEXT NOT NULL
);
CREATE TABLE versions (
    case_id TEXT NOT NULL,
    run INTEGER NOT NULL REFERENCES runs(id),
    present INTEGER NOT NULL,
    digest INTEGER NOT NULL,
    status TEXT, assignee TEXT, platform TEXT, order_id TEXT, issue_type TEXT,
    resolution_requested TEXT, purchase_date TEXT, received_date TEXT, request_at TEXT,
    first_response_at TEXT, resolved_at TEXT, reopen_count TEXT, order_amount TEXT,
    refund_amount TEXT, csat TEXT,
    paused_hours REAL NOT NULL,
    paused_since TEXT,
    reopen_base INTEGER,
    PRIMARY KEY (case_id, run)
) WITHOUT ROWID;
CREATE TABLE events (
    run INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    case_id TEXT NOT NULL,
    event TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT,
    PRIMARY KEY (run, seq)
) WITHOUT ROWID;
CREATE INDEX events_by_case ON events(case_id);
"#,
    // Version 2: a case's state (read for every case each run) apart from its values (read
    // for the cases that changed), both keyed by run.
    r#"
CREATE TABLE states (
    run INTEGER NOT NULL REFERENCES runs(id),
    case_id TEXT NOT NULL,
    present INTEGER NOT NULL,
    digest INTEGER NOT NULL,
    paused_hours REAL NOT NULL,
    paused_since TEXT,
    reopen_base INTEGER,
    PRIMARY KEY (run, case_id)
) WITHOUT ROWID;
INSERT INTO states
    SELECT run, case_id, present, digest, paused_hours, paused_since, reopen_base
    FROM versions ORDER BY run, case_id;
CREATE TABLE values_by_run (
    run INTEGER NOT NULL REFERENCES runs(id),
    case_id TEXT NOT NULL,
    status TEXT, assignee TEXT, platform TEXT, order_id TEXT, issue_type TEXT,
    resolution_requested TEXT, purchase_date TEXT, received_date TEXT, request_at TEXT,
    first_response_at TEXT, resolved_at TEXT, reopen_count TEXT, order_amount TEXT,
    refund_amount TEXT, csat TEXT,
    PRIMARY KEY (run, case_id)
) WITHOUT ROWID;
INSERT INTO values_by_run
    SELECT run, case_id, status, assignee, platform, order_id, issue_type,
        resolution_requested, purchase_date, received_date, request_at, first_response_at,
        resolved_at, reopen_count, order_amount, refund_amount, csat
    FROM versions ORDER BY run, case_id;
DROP TABLE versions;
ALTER TABLE values_by_run RENAME TO versions;
DROP INDEX events_by_case;
"#,
];

/// The tables of each schema version (index = version).
const TABLES: [usize; 3] = [0, 3, 4];

// Every table is keyed by run first: a run's rows are appended at the end of the file, so a
// night that changed 1 % of the cases writes about that many pages (keyed by case, its rows
// would land on a different page each, and half-empty pages would grow the file). A case's
// state (what every run reads for every case) and its values (read only for a case that
// changed) are two tables with the same key, so a run scans the small one.

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

const DATETIME: &str = "%Y-%m-%d %H:%M:%S";

pub fn format_time(t: NaiveDateTime) -> String {
    t.format(DATETIME).to_string()
}

pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, DATETIME).ok()
}

/// SQLite's rollback journal beside the history, there while a write is unfinished.
pub fn journal(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub id: i64,
    pub as_of: NaiveDateTime,
    pub digest: String,
}

/// An open history.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What the first 100 bytes of the file say it is.
fn check_header(path: &Path) -> Result<i32, HistoryError> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|e| HistoryError::io(path, e))?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(HistoryError::io(path, e)),
        }
    }
    if read == 0 {
        // An empty file is what SQLite leaves when a first recording was killed before it
        // wrote anything: an empty history.
        return Ok(0);
    }
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(HistoryError::NotHistory {
            path: path.to_path_buf(),
            what: Foreign::NotSqlite,
        });
    }
    let be = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (user_version, application_id) = (be(60), be(68));
    if application_id != APPLICATION_ID && !(application_id == 0 && user_version == 0) {
        return Err(HistoryError::NotHistory {
            path: path.to_path_buf(),
            what: Foreign::OtherProgram,
        });
    }
    if user_version > SCHEMA_VERSION {
        return Err(HistoryError::Newer {
            path: path.to_path_buf(),
            version: user_version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(user_version)
}

/// The schema version of the history at `path` (0 for an empty one).
pub fn schema_version(path: &Path) -> Result<i32, HistoryError> {
    check_header(path)
}

impl Store {
    /// Opens an existing history to read; `None` when there is no file.
    pub fn open_read(path: &Path) -> Result<Option<Store>, HistoryError> {
        if !path.exists() {
            return Ok(None);
        }
        let version = check_header(path)?;
        if (1..SCHEMA_VERSION).contains(&version) {
            return Err(HistoryError::Older {
                path: path.to_path_buf(),
                version,
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| HistoryError::damaged(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_tables()?;
        Ok(Some(store))
    }

    /// Opens (or creates) the history to record a run, bringing its schema up to date.
    pub fn open_write(path: &Path) -> Result<Store, HistoryError> {
        if path.exists() {
            check_header(path)?;
        }
        let conn = Connection::open(path).map_err(|e| HistoryError::damaged(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| HistoryError::damaged(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn user_version(&self) -> Result<i32, HistoryError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| HistoryError::damaged(&self.path, e))
    }

    /// A readable history of this version has its tables (an empty one has none yet); a
    /// database with tables but no version of ours is someone else's.
    fn check_tables(&self) -> Result<(), HistoryError> {
        let version = self.user_version()?;
        if version == 0 {
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| HistoryError::damaged(&self.path, e))?;
            if tables > 0 {
                return Err(HistoryError::NotHistory {
                    path: self.path.clone(),
                    what: Foreign::OtherProgram,
                });
            }
            return Ok(());
        }
        let tables: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'states', 'versions', 'events')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        if TABLES
            .get(version as usize)
            .is_some_and(|n| tables as usize != *n)
        {
            return Err(HistoryError::Damaged {
                path: self.path.clone(),
                reason: Message::new("history-tables_missing"),
            });
        }
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), HistoryError> {
        let path = self.path.clone();
        // A new file, or one SQLite left empty: nothing of anyone else's is in it.
        self.check_tables()?;
        let version = self.user_version()?;
        if version >= SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction()
            .map_err(|e| HistoryError::write(&path, e))?;
        for migration in &MIGRATIONS[version as usize..] {
            tx.execute_batch(migration)
                .map_err(|e| HistoryError::write(&path, e))?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
        ))
        .map_err(|e| HistoryError::write(&path, e))?;
        tx.commit().map_err(|e| HistoryError::write(&path, e))
    }

    fn has_tables(&self) -> Result<bool, HistoryError> {
        Ok(self.user_version()? >= 1)
    }

    /// Every recorded run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
        if !self.has_tables()? {
            return Ok(Vec::new());
        }
        let mut statement = self
            .conn
            .prepare("SELECT id, as_of, digest FROM runs ORDER BY as_of")
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let mut runs = Vec::new();
        for row in rows {
            let (id, as_of, digest) = row.map_err(|e| HistoryError::damaged(&self.path, e))?;
            let as_of = parse_time(&as_of).ok_or_else(|| HistoryError::Damaged {
                path: self.path.clone(),
                reason: Message::new("history-bad_as_of")
                    .arg("run", id)
                    .arg("as_of", &as_of),
            })?;
            runs.push(RunInfo { id, as_of, digest });
        }
        Ok(runs)
    }

    /// The last state of every case recorded up to run `upto` (inclusive).
    pub fn priors(&self, upto: i64) -> Result<HashMap<String, Prior>, HistoryError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT case_id, run, present, digest, paused_hours, paused_since, reopen_base \
                 FROM states WHERE run <= ?1 ORDER BY run",
            )
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let mut rows = statement
            .query(params![upto])
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let mut priors: HashMap<String, Prior> = HashMap::new();
        while let Some(row) = rows
            .next()
            .map_err(|e| HistoryError::damaged(&self.path, e))?
        {
            let read = || -> rusqlite::Result<(String, Prior)> {
                let since: Option<String> = row.get(5)?;
                Ok((
                    row.get(0)?,
                    Prior {
                        run: row.get(1)?,
                        present: row.get(2)?,
                        digest: row.get::<_, i64>(3)? as u64,
                        paused_hours: row.get(4)?,
                        paused_since: since.as_deref().and_then(parse_time),
                        reopen_base: row.get(6)?,
                        seen: false,
                    },
                ))
            };
            // Rows come run by run: a later run's state replaces an earlier one.
            let (id, prior) = read().map_err(|e| HistoryError::damaged(&self.path, e))?;
            priors.insert(id, prior);
        }
        Ok(priors)
    }

    /// The values of one case as run `run` recorded them.
    pub fn values(&self, case_id: &str, run: i64) -> Result<Version, HistoryError> {
        let columns = TRACKED.map(|k| format!("v.{}", k.name())).join(", ");
        let sql = format!(
            "SELECT {columns}, s.present, s.digest, s.paused_hours, s.paused_since, s.reopen_base \
             FROM states s JOIN versions v ON v.run = s.run AND v.case_id = s.case_id \
             WHERE s.run = ?2 AND s.case_id = ?1"
        );
        let mut statement = self
            .conn
            .prepare_cached(&sql)
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let n = TRACKED.len();
        statement
            .query_row(params![case_id, run], |r| {
                let mut values: [Option<String>; TRACKED.len()] = Default::default();
                for (i, value) in values.iter_mut().enumerate() {
                    *value = r.get(i)?;
                }
                let since: Option<String> = r.get(n + 3)?;
                Ok(Version {
                    values,
                    present: r.get(n)?,
                    digest: r.get::<_, i64>(n + 1)? as u64,
                    paused_hours: r.get(n + 2)?,
                    paused_since: since.as_deref().and_then(parse_time),
                    reopen_base: r.get(n + 4)?,
                })
            })
            .optional()
            .map_err(|e| HistoryError::damaged(&self.path, e))?
            .ok_or_else(|| HistoryError::Damaged {
                path: self.path.clone(),
                reason: Message::new("history-case_missing")
                    .arg("case", case_id)
                    .arg("run", run),
            })
    }

    /// Events of the runs up to `upto` (all with `None`), newest first, at most `limit`
    /// (`None`: all), of one case or all.
    pub fn events(
        &self,
        upto: Option<i64>,
        case: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredEvent>, HistoryError> {
        if !self.has_tables()? {
            return Ok(Vec::new());
        }
        // The runs newest first, each with the as-of of the run before it (its earliest);
        // then each run's events in the order recorded, read by the primary key (run, seq)
        // until `limit`: no sort of the whole history for the newest few.
        let mut runs = self
            .conn
            .prepare(
                "SELECT id, as_of, lag(as_of) OVER (ORDER BY as_of) FROM runs \
                 WHERE (?1 IS NULL OR as_of <= (SELECT as_of FROM runs WHERE id = ?1)) \
                 ORDER BY as_of DESC",
            )
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let runs = runs
            .query_map(params![upto], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let mut statement = self
            .conn
            .prepare(
                "SELECT case_id, event, from_value, to_value FROM events \
                 WHERE run = ?1 AND (?2 IS NULL OR case_id = ?2) ORDER BY seq LIMIT ?3",
            )
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        let mut events = Vec::new();
        for (run, at, earliest) in runs {
            let left = limit.map_or(-1, |l| l.saturating_sub(events.len()) as i64);
            if left == 0 {
                break;
            }
            let at = parse_time(&at).unwrap_or_default();
            let earliest = earliest.as_deref().and_then(parse_time);
            let rows = statement
                .query_map(params![run, case, left], |r| {
                    Ok(StoredEvent {
                        case_id: r.get(0)?,
                        event: r.get(1)?,
                        at,
                        earliest,
                        from: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        to: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    })
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| HistoryError::damaged(&self.path, e))?;
            events.extend(rows);
        }
        Ok(events)
    }

    /// The as-of of run `run`: for a case recorded as gone there, when it was removed.
    pub fn removed_at(
        &self,
        _case_id: &str,
        run: i64,
    ) -> Result<Option<NaiveDateTime>, HistoryError> {
        let as_of: Option<String> = self
            .conn
            .query_row("SELECT as_of FROM runs WHERE id = ?1", params![run], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| HistoryError::damaged(&self.path, e))?;
        Ok(as_of.as_deref().and_then(parse_time))
    }

    /// How many events the runs up to `upto` recorded.
    pub fn event_count(&self, upto: i64) -> Result<usize, HistoryError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM events e JOIN runs r ON r.id = e.run \
                 WHERE r.as_of <= (SELECT as_of FROM runs WHERE id = ?1)",
                params![upto],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| HistoryError::damaged(&self.path, e))
    }

    /// Records a run in one transaction: its versions and events. `replace` is an earlier
    /// record of the same as-of, whose versions and events are replaced.
    pub fn record(
        &mut self,
        run: &NewRun,
        replace: Option<i64>,
        versions: impl Iterator<Item = super::Spooled>,
        events: impl Iterator<Item = super::Spooled>,
    ) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let werr = |e| HistoryError::write(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(werr)?;
        if let Some(old) = replace {
            tx.execute("DELETE FROM versions WHERE run = ?1", params![old])
                .map_err(werr)?;
            tx.execute("DELETE FROM states WHERE run = ?1", params![old])
                .map_err(werr)?;
            tx.execute("DELETE FROM events WHERE run = ?1", params![old])
                .map_err(werr)?;
            tx.execute("DELETE FROM runs WHERE id = ?1", params![old])
                .map_err(werr)?;
        }
        tx.execute(
            "INSERT INTO runs (as_of, input, sha256, cases, events, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                format_time(run.as_of),
                run.input,
                run.sha256,
                run.cases as i64,
                run.events as i64,
                run.digest
            ],
        )
        .map_err(werr)?;
        let id = tx.last_insert_rowid();
        {
            let columns = TRACKED.map(|k| k.name()).join(", ");
            let marks = (1..=TRACKED.len() + 2)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("INSERT INTO versions (run, case_id, {columns}) VALUES ({marks})");
            let mut insert_values = tx.prepare(&sql).map_err(werr)?;
            let mut insert_state = tx
                .prepare(
                    "INSERT INTO states (run, case_id, present, digest, paused_hours, paused_since, reopen_base) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(werr)?;
            for line in versions {
                let line = line?;
                let (case_id, v) =
                    super::spooled_version(&line).ok_or_else(|| super::spool_unreadable(&path))?;
                let (case_id, v) = (&case_id, &v);
                let since = v.paused_since.map(format_time);
                insert_state
                    .execute(params![
                        id,
                        case_id,
                        v.present,
                        v.digest as i64,
                        v.paused_hours,
                        since,
                        v.reopen_base
                    ])
                    .map_err(werr)?;
                let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(TRACKED.len() + 2);
                values.push(&id);
                values.push(case_id);
                for value in &v.values {
                    values.push(value);
                }
                insert_values.execute(values.as_slice()).map_err(werr)?;
            }
            let mut insert = tx
                .prepare(
                    "INSERT INTO events (run, seq, case_id, event, from_value, to_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(werr)?;
            for (seq, line) in events.enumerate() {
                let line = line?;
                let field = |i: usize| line.get(i).and_then(|v| v.as_str()).unwrap_or("");
                let (from, to) = (field(2), field(3));
                let from = (!from.is_empty()).then_some(from);
                let to = (!to.is_empty()).then_some(to);
                insert
                    .execute(params![id, seq as i64, field(0), field(1), from, to])
                    .map_err(werr)?;
            }
        }
        tx.commit().map_err(werr)
    }
}

/// A run to record.
pub struct NewRun {
    pub as_of: NaiveDateTime,
    pub input: String,
    pub sha256: String,
    pub cases: usize,
    pub digest: String,
    /// How many events the run saw.
    pub events: usize,
}
