//! The `process` command for one workbook: stream the cases into the annotated workbook,
//! then add the summaries, the policy table and the run record, and save it atomically.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Workbook, XlsxError};
use sha2::{Digest, Sha256};

use crate::error::{Error, UsageError};
use crate::history::Recall;
use crate::i18n::{Describe, Message};
use crate::kpi::{self, KpiCase, Period};
use crate::model::columns::ComputedColumn;
use crate::model::finding::Counts;
use crate::model::sheets::{GENERATED, SHEET_ADDED};
use crate::model::Key;
use crate::output::{self, OutputError};
use crate::pipeline::{finish_history, kpi_case, prepare, stream, HistoryChoice, Settings};
use crate::replies::Replies;
use crate::write::cases::{CasesWriter, WriteStats, MAX_NOTES};
use crate::write::pivot::{self, PivotData, PivotPlan, PivotSource};
use crate::write::timeline::{self, TIMELINE_ROWS};
use crate::write::{new_workbook, sheets, summary};

/// Options of `process` beyond the shared settings.
#[derive(Debug, Clone)]
pub struct ProcessOptions {
    pub settings: Settings,
    pub redact: bool,
    pub in_place: bool,
    /// Wall-clock stamp for the `--in-place` backup name.
    pub backup_stamp: String,
    /// Where the case history is, or `Off`.
    pub history: HistoryChoice,
}

/// What one `process` run did.
#[derive(Debug, Clone)]
pub struct Processed {
    pub input: PathBuf,
    pub output: PathBuf,
    pub cases: usize,
    pub counts: Counts,
    /// A new workbook with the input's values only (an `.xls`, `.xlsb` or `.ods` input):
    /// its formatting was not carried.
    pub values_only: bool,
    /// Why the run was not recorded in the history, when it was not.
    pub history_note: Option<crate::i18n::Message>,
}

/// `<stem>.annotated.xlsx` beside the input (`.xlsm` for a macro-enabled workbook, whose
/// macros are kept, unless `redact` makes a new workbook of values).
pub fn default_output(input: &Path, redact: bool) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or("workbook".into(), |s| s.to_string_lossy().into_owned());
    let extension = if extension(input) == "xlsm" && !redact {
        "xlsm"
    } else {
        "xlsx"
    };
    input.with_file_name(format!("{stem}.annotated.{extension}"))
}

fn xlsx_error(input: &Path, output: &Path, e: XlsxError) -> Error {
    Error::Output(OutputError::Write {
        path: format!("{} -> {}", input.display(), output.display()),
        reason: Message::from(&e),
    })
}

/// Excel has 16,384 columns; a case sheet using nearly all of them leaves no room for the
/// computed columns, and nothing of the user's may be dropped to make room.
fn check_room_for_computed_columns(
    input: &Path,
    sheet: &crate::input::workbook::CaseSheet,
) -> Result<(), Error> {
    use crate::model::grid::EXCEL_COLUMNS;
    let width = sheet.header.names.len() - sheet.header.computed.len();
    let computed = ComputedColumn::ALL.len();
    if width + computed > EXCEL_COLUMNS as usize {
        return Err(Error::NoRoomForComputedColumns {
            input: input.to_path_buf(),
            sheet: sheet.name.clone(),
            width,
            limit: EXCEL_COLUMNS,
            computed,
        });
    }
    Ok(())
}

/// Where the annotated workbook goes: `output`, the default beside the input, or the input
/// itself with `--in-place` (once it is known to be replaceable and not open elsewhere).
fn target_path(
    input: &Path,
    output: Option<&Path>,
    options: &ProcessOptions,
) -> Result<PathBuf, Error> {
    if options.in_place {
        output::ensure_in_place_format(input)?;
        output::check_not_locked(input)?;
    }
    let target = match (options.in_place, output) {
        (true, _) => input.to_path_buf(),
        (false, Some(o)) => o.to_path_buf(),
        (false, None) => default_output(input, options.redact),
    };
    if !options.in_place && same_file(input, &target) {
        return Err(UsageError::OutputIsInput {
            input: input.to_path_buf(),
        }
        .into());
    }
    Ok(target)
}

/// Processes one workbook into `output` (or over the input with `in_place`).
pub fn process_file(
    input: &Path,
    output: Option<&Path>,
    options: &ProcessOptions,
    replies: &Replies,
) -> Result<Processed, Error> {
    let target = target_path(input, output, options)?;
    let sha256 = file_sha256(input)?;
    let seen = output::Seen::of(input, &sha256);
    // The history (every case's last state) is read while the workbook is opened.
    let history = options.history.path(input);
    let (prepared, recall) = std::thread::scope(|scope| {
        let recall = scope.spawn(|| match &history {
            Some(path) => Recall::open(path, options.settings.as_of, true).and_then(|r| {
                r.map(|mut r| r.load_timeline(TIMELINE_ROWS).map(|()| r))
                    .transpose()
            }),
            None => Ok(None),
        });
        let prepared = prepare(input, &options.settings);
        (prepared, recall.join())
    });
    // The workbook's own problems come first.
    let mut prepared = prepared?;
    check_room_for_computed_columns(input, &prepared.sheet)?;
    prepared.checker.recall = recall.map_err(|_| Error::ReaderStopped)??;
    let patched = is_package(input) && !options.redact;
    // Checked once the input is known to be readable: its own problems come first. A patched
    // workbook keeps the input's kind; a new one is an .xlsx.
    let expected = if patched {
        extension(input)
    } else {
        "xlsx".to_string()
    };
    if extension(&target) != expected {
        return Err(UsageError::OutputExtension {
            output: target,
            expected,
        }
        .into());
    }
    // The new workbook, spooled to be opened as a package for its pivot tables: kept until
    // the annotated workbook is saved.
    let _spool: Option<tempfile::NamedTempFile>;
    let (mut annotated, totals) = if patched {
        let (package, totals) =
            super::patch::annotate_package(input, &mut prepared, options, replies, &sha256)?;
        (Annotated::Package(Box::new(package)), totals)
    } else {
        let (workbook, totals, plan) =
            new_workbook_copy(input, &target, &mut prepared, options, replies, &sha256)?;
        let (package, spool) = with_pivot_tables(input, &target, workbook, &plan)?;
        _spool = Some(spool);
        (Annotated::Package(Box::new(package)), totals)
    };
    if options.in_place {
        replace_input(input, &mut annotated, &seen, &options.backup_stamp)?;
    } else {
        annotated.save(&target)?;
    }
    // Recorded only now that the workbook is in place: one transaction.
    let history_note = match prepared.checker.recall.take() {
        Some(recall) => recall.commit(input, &sha256)?,
        None => None,
    };
    Ok(Processed {
        input: input.to_path_buf(),
        output: target,
        cases: totals.cases,
        counts: totals.counts,
        values_only: !patched && !options.redact,
        history_note,
    })
}

/// Whether the input is a package this tool patches (`.xlsx`, `.xlsm`) rather than a
/// workbook it can only copy the values of (`.xls`, `.xlsb`, `.ods`).
pub fn is_package(input: &Path) -> bool {
    matches!(extension(input).as_str(), "xlsx" | "xlsm")
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The annotated workbook, before it is saved: the team's package with the additions, or a
/// new workbook with the values of theirs (`.xls`, `.xlsb`, `.ods`, or `--redact`) opened as
/// a package to add the pivot tables.
enum Annotated {
    Package(Box<crate::package::Package>),
}

impl Annotated {
    fn save(&mut self, target: &Path) -> Result<(), Error> {
        match self {
            Annotated::Package(package) => Ok(output::write_atomically(target, |file| {
                package.write_to(file, target).map_err(|e| e.message())
            })?),
        }
    }
}

/// The new workbook with its pivot tables: rust_xlsxwriter writes no pivot table, so the
/// workbook is spooled to a temporary file and opened as a package, to which they are added.
/// The temporary file must live until the package is saved.
fn with_pivot_tables(
    input: &Path,
    target: &Path,
    mut workbook: Workbook,
    plan: &PivotPlan,
) -> Result<(crate::package::Package, tempfile::NamedTempFile), Error> {
    let io = |e: std::io::Error| {
        Error::Output(OutputError::Write {
            path: format!("{} -> {}", input.display(), target.display()),
            reason: Message::io(&e),
        })
    };
    let spool = tempfile::NamedTempFile::new().map_err(io)?;
    workbook
        .save(spool.path())
        .map_err(|e| xlsx_error(input, target, e))?;
    let mut package = crate::package::Package::open(spool.path())?;
    let part = package
        .sheet(crate::model::sheets::Sheet::Pivot.name())
        .map(|s| s.part.clone())
        .unwrap_or_default();
    package.add_pivot_tables(&part, &plan.cache, &plan.tables)?;
    Ok((package, spool))
}

/// The annotated workbook as a new workbook: the case sheet's values and the other sheets'
/// values carried, plus everything the tool adds.
fn new_workbook_copy(
    input: &Path,
    target: &Path,
    prepared: &mut crate::pipeline::Prepared,
    options: &ProcessOptions,
    replies: &Replies,
    sha256: &str,
) -> Result<(Workbook, crate::pipeline::Totals, PivotPlan), Error> {
    let mut workbook = new_workbook();
    let werr = |e| xlsx_error(input, target, e);
    let texts = &options.settings.texts;
    let mut writer =
        CasesWriter::start(&mut workbook, &prepared.sheet, options.redact, texts).map_err(werr)?;
    for finding in &prepared.workbook_findings {
        writer.list(&mut workbook, finding).map_err(werr)?;
    }
    let as_of = options.settings.as_of;
    let policies = prepared.checker.policies.clone();
    let mut kpi_cases: Vec<KpiCase> = Vec::new();
    let mut pivot_data = PivotData::new(texts);
    let mut totals = stream(prepared, |row, checked| {
        let action = if options.redact {
            replies.action(&redacted(checked), as_of)
        } else {
            replies.action(checked, as_of)
        };
        writer
            .write_case(&mut workbook, row, checked, &action)
            .map_err(werr)?;
        pivot_data.add(row.index, checked, &action);
        kpi_cases.push(kpi_case(checked, &policies));
        Ok(())
    })?;
    for finding in finish_history(prepared, input, &mut totals)? {
        writer.list(&mut workbook, &finding).map_err(werr)?;
    }
    writer
        .add_csat_rule(&mut workbook, prepared.sheet.header.column(Key::Csat))
        .map_err(werr)?;
    let stats = writer.finish(&mut workbook).map_err(werr)?;
    let run = RunRecord {
        input,
        sha256,
        options,
        sheet: &prepared.sheet.name,
        header_row: prepared.sheet.header.row + 1,
        cases: totals.cases,
        counts: totals.counts,
        stats: &stats,
    };
    let added = GENERATED.iter().map(|sheet| sheet.label(texts));
    let name = sheets::carried_name(&prepared.sheet.name);
    let source = PivotSource::copied(&prepared.sheet, name, texts);
    let plan = PivotPlan::new(&pivot_data, &source, texts);
    write_reports(&mut workbook, kpi_cases, prepared, &run, added, &plan).map_err(werr)?;
    carry_other_sheets(prepared, &mut workbook, options.redact).map_err(|e| match e {
        CarryError::Read(e) => e,
        CarryError::Write(e) => werr(e),
    })?;
    if !options.in_place {
        // A copy: Excel offers to open it read-only, so edits go to the team's own workbook.
        workbook.read_only_recommended();
    }
    Ok((workbook, totals, plan))
}

/// `--in-place`: backs the input up, then replaces it with the annotated workbook, unless
/// someone saved it since it was read: then their save wins, and the annotated workbook goes
/// beside it instead.
fn replace_input(
    input: &Path,
    annotated: &mut Annotated,
    seen: &output::Seen,
    stamp: &str,
) -> Result<(), Error> {
    let backup = output::write_backup(input, stamp)?;
    let now = file_sha256(input)?;
    if output::Seen::of(input, &now) != *seen {
        // --in-place never redacts.
        let beside = default_output(input, false);
        annotated.save(&beside)?;
        return Err(OutputError::ChangedMeanwhile {
            path: input.display().to_string(),
            annotated: beside.display().to_string(),
            backup: backup.display().to_string(),
        }
        .into());
    }
    annotated.save(input)
}

/// The sheets after the cases: Summary, Pivot (its cells; the pivot tables are added to the
/// package), Trend, Applied policies, and the Run sheet, which lists `added` (the names of
/// the sheets this run adds) so the next run knows them.
pub(super) fn write_reports(
    workbook: &mut Workbook,
    kpi_cases: Vec<KpiCase>,
    prepared: &crate::pipeline::Prepared,
    run: &RunRecord,
    added: impl Iterator<Item = String>,
    pivot: &PivotPlan,
) -> Result<(), XlsxError> {
    let texts = &run.options.settings.texts;
    let report = kpi::compute(&kpi_cases, &Period::all(), run.options.settings.as_of);
    summary::write_summary(workbook, &kpi_cases, &report, texts)?;
    pivot::write_sheet(workbook, pivot, texts)?;
    summary::write_trend(workbook, &report, texts)?;
    drop(kpi_cases);
    let checker = &prepared.checker;
    let recall = checker.recall.as_ref();
    let id_col = prepared.sheet.header.column(Key::CaseId);
    timeline::write_timeline(workbook, recall, &prepared.sheet.name, id_col, texts)?;
    timeline::write_removed(workbook, recall, texts)?;
    sheets::write_policies(workbook, &checker.policies, &checker.calendar, texts)?;
    let mut lines = run.lines();
    lines.extend(timeline::run_lines(recall, texts));
    let label = texts.get(SHEET_ADDED);
    lines.extend(added.map(|name| (label.clone(), name)));
    sheets::write_run(workbook, &lines, texts)
}

enum CarryError {
    Read(Error),
    Write(XlsxError),
}

fn carry_other_sheets(
    prepared: &mut crate::pipeline::Prepared,
    workbook: &mut Workbook,
    redact: bool,
) -> Result<(), CarryError> {
    for name in prepared.sheet.other_sheets.clone() {
        let mut carried = sheets::CarriedSheet::new(workbook, &name, redact, &prepared.aliases)
            .map_err(CarryError::Write)?;
        let mut written = Ok(());
        prepared
            .workbook
            .stream_rows(&name, |row| {
                written = carried.push(row);
                match written {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                }
            })
            .map_err(|e| CarryError::Read(e.into()))?;
        written.map_err(CarryError::Write)?;
        carried.finish().map_err(CarryError::Write)?;
    }
    Ok(())
}

fn file_sha256(path: &Path) -> Result<String, Error> {
    let open_error = |e: std::io::Error| {
        Error::Read(crate::input::workbook::ReadError::Open {
            file: path.display().to_string(),
            reason: crate::i18n::Message::io(&e),
        })
    };
    let mut file = std::fs::File::open(path).map_err(open_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(open_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

pub(super) struct RunRecord<'a> {
    pub input: &'a Path,
    pub sha256: &'a str,
    pub options: &'a ProcessOptions,
    pub sheet: &'a str,
    pub header_row: u32,
    pub cases: usize,
    pub counts: Counts,
    pub stats: &'a WriteStats,
}

impl RunRecord<'_> {
    pub fn lines(&self) -> Vec<(String, String)> {
        let t = &self.options.settings.texts;
        let name = self
            .input
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let mut lines = vec![
            (
                "run-as_of",
                crate::input::values::format_datetime(self.options.settings.as_of),
            ),
            ("run-input_file", name),
            ("run-input_sha256", self.sha256.to_string()),
            (
                "run-tool_version",
                format!("aftersales {}", env!("CARGO_PKG_VERSION")),
            ),
            ("run-case_sheet", self.sheet.to_string()),
            ("run-header_row", self.header_row.to_string()),
            // Every non-empty row below the header is read as a case.
            ("run-rows_read", self.cases.to_string()),
            ("run-cases", self.cases.to_string()),
            ("run-findings_error", self.counts.error.to_string()),
            ("run-findings_policy", self.counts.policy.to_string()),
            ("run-findings_warning", self.counts.warning.to_string()),
            ("run-notes", self.stats.notes.to_string()),
            (
                "run-redacted",
                t.get(if self.options.redact {
                    "yesno-yes"
                } else {
                    "yesno-no"
                }),
            ),
        ];
        let count = |n: usize| n.to_string();
        if self.stats.notes_blocked && self.stats.notes_skipped > 0 {
            lines.push((
                "run-notes_not_written",
                t.fmt(
                    "run-notes_theirs",
                    &[("count", &count(self.stats.notes_skipped))],
                ),
            ));
        } else if self.stats.notes_skipped > 0 {
            lines.push((
                "run-notes_not_written",
                t.fmt(
                    "run-notes_limit",
                    &[
                        ("count", &count(self.stats.notes_skipped)),
                        ("limit", &count(MAX_NOTES)),
                    ],
                ),
            ));
        }
        if self.stats.findings_not_listed > 0 {
            lines.push((
                "run-findings_not_listed",
                t.fmt(
                    "run-findings_not_listed_value",
                    &[("count", &count(self.stats.findings_not_listed))],
                ),
            ));
        }
        lines.into_iter().map(|(k, v)| (t.get(k), v)).collect()
    }
}

/// The case with customer and contact masked, so replies written under `--redact` carry no
/// personal data either.
fn redacted(checked: &crate::rules::Checked) -> crate::rules::Checked {
    let mut masked = checked.clone();
    masked.case.customer = masked
        .case
        .customer
        .as_deref()
        .map(crate::write::mask_customer);
    masked.case.contact = masked
        .case
        .contact
        .as_deref()
        .map(crate::write::mask_contact);
    masked
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
