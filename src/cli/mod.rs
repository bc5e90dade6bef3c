//! The command line: clap parses, then arguments become plain settings before any file is
//! read. Nothing below this module knows about clap.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate, NaiveDateTime, Timelike};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::error::Error;
use crate::input::values::DayOrder;
use crate::input::workbook::Workbook;
use crate::kpi::{self, Period};
use crate::model::finding::{Counts, Severity};
use crate::pipeline::annotate::{process_file, ProcessOptions, Processed};
use crate::pipeline::{
    base_policies, effective_policies, kpi_case, prepare, sort_findings, stream, Settings,
};
use crate::render::check::{CheckReport, DigestEntry, ReportFormat, ReportWriter, Style};
use crate::render::kpi::{render_csv, render_text, to_json};
use crate::replies::{Lang, Replies};

#[derive(Parser, Debug)]
#[command(
    name = "aftersales",
    version,
    about = "Checks an after-sales case workbook against platform policies and writes an annotated workbook"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate, compute and write the annotated workbook (the nightly job).
    Process(ProcessArgs),
    /// Print findings and a handover digest; writes no file.
    Check(CheckArgs),
    /// KPIs for a period, printed or written as a KPI workbook without personal data.
    Kpi(KpiArgs),
    /// Write a starter workbook and the default policy table.
    Init(InitArgs),
    /// Print the effective policy table and where each row comes from.
    Policies(PoliciesArgs),
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// The moment "now" is taken to be: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (default: the current local time).
    #[arg(long, value_name = "T")]
    as_of: Option<String>,
    /// A policy table (CSV) overriding the built-in one.
    #[arg(long, value_name = "FILE")]
    policies: Option<PathBuf>,
    /// A holiday calendar (CSV: date,kind,name) replacing the built-in Chinese one.
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
    /// The sheet holding the cases (default: the first sheet with a recognised header).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Read dates like 03/11/2026 as day/month/year.
    #[arg(long, conflicts_with = "month_first")]
    day_first: bool,
    /// Read dates like 03/11/2026 as month/day/year.
    #[arg(long)]
    month_first: bool,
}

/// `--lang`: the command line's spelling of [`Lang`].
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum FailOn {
    Error,
    Policy,
    Warning,
    Never,
}

#[derive(Args, Debug)]
struct ProcessArgs {
    /// Workbooks, or folders of workbooks, to process.
    #[arg(required = true, value_name = "IN")]
    inputs: Vec<PathBuf>,
    /// Output file (one input) or folder (several inputs); default: <stem>.annotated.xlsx beside each input.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
    /// Language of next actions and suggested replies.
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    /// Folder of reply templates (en.csv, zh.csv) replacing the built-in ones.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Replace the input with the annotated workbook, after writing a backup.
    #[arg(long, conflicts_with = "output")]
    in_place: bool,
    /// Exit 1 when there are findings at or above this level.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Mask customer names and contacts in every sheet written.
    #[arg(long)]
    redact: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[arg(value_name = "IN")]
    input: PathBuf,
    #[command(flatten)]
    common: Common,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct KpiArgs {
    #[arg(value_name = "IN")]
    input: PathBuf,
    #[command(flatten)]
    common: Common,
    /// An ISO week such as 2026-W47 (Monday to Sunday).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    week: Option<String>,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "D")]
    from: Option<String>,
    /// Last day of the period (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "D")]
    to: Option<String>,
    /// Write a KPI workbook (no personal data) to this file.
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// Folder to write into (default: the current folder).
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
}

#[derive(Args, Debug)]
struct PoliciesArgs {
    /// A policy table (CSV) overriding the built-in one.
    #[arg(long, value_name = "FILE")]
    policies: Option<PathBuf>,
    /// A workbook whose Policies sheet overrides both.
    #[arg(value_name = "IN")]
    input: Option<PathBuf>,
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    // Panics are caught where a damaged file can cause them and reported as one line; the
    // default hook would print a Rust backtrace note to a user.
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(parse_and_run) {
        Ok(code) => code,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!("aftersales: internal error, nothing was written ({what}); please report it with the file");
            2
        }
    }
}

fn parse_and_run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("aftersales: {e}");
            e.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Process(args) => run_process(args),
        Command::Check(args) => run_check(args),
        Command::Kpi(args) => run_kpi(args),
        Command::Init(args) => run_init(args),
        Command::Policies(args) => run_policies(args),
    }
}

fn settings(common: &Common) -> Result<Settings, Error> {
    let as_of = match &common.as_of {
        Some(text) => parse_as_of(text)?,
        None => {
            let now = Local::now().naive_local();
            now.with_nanosecond(0).unwrap_or(now)
        }
    };
    let day_order = match (common.day_first, common.month_first) {
        (true, _) => DayOrder::DayFirst,
        (_, true) => DayOrder::MonthFirst,
        _ => DayOrder::Strict,
    };
    Ok(Settings {
        as_of,
        sheet: common.sheet.clone(),
        policies_file: common.policies.clone(),
        calendar_file: common.calendar.clone(),
        day_order,
    })
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`.
pub fn parse_as_of(text: &str) -> Result<NaiveDateTime, Error> {
    let t = text.trim();
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d").map(crate::input::values::midnight))
        .map_err(|_| {
            Error::Usage(format!(
                "--as-of \"{text}\": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]"
            ))
        })
}

fn parse_day(flag: &str, text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "{flag} \"{text}\": expected a date like 2026-11-16"
        ))
    })
}

fn exit_code(counts: &Counts, fail_on: FailOn) -> i32 {
    let level = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Policy => Severity::Policy,
        FailOn::Warning => Severity::Warning,
        FailOn::Never => return 0,
    };
    i32::from(counts.at_or_above(level) > 0)
}

fn load_replies(lang: Lang, dir: Option<&Path>) -> Result<Replies, Error> {
    Replies::load(lang, dir).map_err(|e| Error::Templates(e.to_string()))
}

fn run_process(args: ProcessArgs) -> Result<i32, Error> {
    let inputs = expand_inputs(&args.inputs)?;
    let outputs = output_paths(&inputs, args.output.as_deref())?;
    let options = ProcessOptions {
        settings: settings(&args.common)?,
        redact: args.redact,
        in_place: args.in_place,
        backup_stamp: Local::now().format("%Y%m%d-%H%M%S").to_string(),
    };
    let replies = load_replies(args.lang.into(), args.templates.as_deref())?;
    let progress = crate::progress::Progress::start(inputs.len());
    let results: Vec<Result<Processed, Error>> = inputs
        .par_iter()
        .zip(outputs.par_iter())
        .map(|(input, output)| {
            let result = process_file(input, output.as_deref(), &options, &replies);
            progress.file_done();
            result
        })
        .collect();
    progress.finish();
    let mut code = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for result in results {
        match result {
            Ok(done) => {
                let c = done.counts;
                let _ = writeln!(
                    out,
                    "{} -> {}: {} cases; findings: {} error, {} policy, {} warning",
                    done.input.display(),
                    done.output.display(),
                    done.cases,
                    c.error,
                    c.policy,
                    c.warning
                );
                code = code.max(exit_code(&c, args.fail_on));
            }
            Err(e) => {
                eprintln!("aftersales: {e}");
                code = 2;
            }
        }
    }
    Ok(code)
}

/// Folders expand to the workbooks they hold (not outputs, backups or lock files).
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| {
                Error::Usage(format!("{}: cannot list the folder: {e}", input.display()))
            })?;
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_input_workbook(p))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    if files.is_empty() {
        return Err(Error::Usage(
            "no workbooks to process in the folders given".into(),
        ));
    }
    Ok(files)
}

fn is_input_workbook(path: &Path) -> bool {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or(String::new(), |e| e.to_string_lossy().to_lowercase());
    path.is_file()
        && matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
        && !name.starts_with("~$")
        && !name.starts_with('.')
        && !name.contains(".annotated.")
        && !name.contains(".backup-")
}

fn output_paths(inputs: &[PathBuf], output: Option<&Path>) -> Result<Vec<Option<PathBuf>>, Error> {
    match output {
        None => Ok(vec![None; inputs.len()]),
        Some(o) if inputs.len() == 1 && !o.is_dir() => Ok(vec![Some(o.to_path_buf())]),
        Some(dir) if dir.is_dir() => Ok(inputs
            .iter()
            .map(|i| {
                Some(
                    dir.join(
                        crate::pipeline::annotate::default_output(i)
                            .file_name()
                            .unwrap_or_default(),
                    ),
                )
            })
            .collect()),
        Some(o) => Err(Error::Usage(format!(
            "-o {}: with several inputs, -o must be an existing folder",
            o.display()
        ))),
    }
}

fn run_check(args: CheckArgs) -> Result<i32, Error> {
    let settings = settings(&args.common)?;
    let replies = load_replies(args.lang.into(), args.templates.as_deref())?;
    let mut prepared = prepare(&args.input, &settings)?;
    let format = match args.format {
        Format::Json => ReportFormat::Json,
        Format::Csv => ReportFormat::Csv,
        Format::Text => ReportFormat::Text,
    };
    let spool_error = |e: std::io::Error| {
        Error::Usage(format!(
            "cannot keep the report in a temporary file (set TMPDIR to a folder with room): {e}"
        ))
    };
    let mut writer = ReportWriter::new(format, terminal_style()).map_err(spool_error)?;
    let mut digest = Vec::new();
    let mut case_findings = Vec::new();
    let totals = stream(&mut prepared, |_, checked| {
        // Rows arrive in order, so sorting each case's findings sorts them all.
        case_findings.clone_from(&checked.findings);
        sort_findings(&mut case_findings);
        for finding in &case_findings {
            writer.add(finding).map_err(spool_error)?;
        }
        if format == ReportFormat::Text {
            let action = replies.action(checked, settings.as_of);
            digest.extend(DigestEntry::from_checked(
                checked,
                action.next_action.as_deref(),
            ));
        }
        Ok(())
    })?;
    let head = CheckReport {
        file: args.input.display().to_string(),
        sheet: prepared.sheet.name.clone(),
        as_of: settings.as_of,
        cases: totals.cases,
        counts: totals.counts,
        digest,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match writer.finish(&head, &mut out) {
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(spool_error(e)),
        _ => Ok(exit_code(&head.counts, args.fail_on)),
    }
}

/// Colour only on a terminal, and never with `NO_COLOR` set.
fn terminal_style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        color: std::io::stdout().is_terminal() && !no_color,
    }
}

fn print_stdout(text: &str) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn run_kpi(args: KpiArgs) -> Result<i32, Error> {
    let settings = settings(&args.common)?;
    let period = match (&args.week, &args.from, &args.to) {
        (Some(week), _, _) => {
            Period::iso_week(week).map_err(|e| Error::Usage(format!("--week: {e}")))?
        }
        (None, from, to) => Period {
            from: from
                .as_deref()
                .map(|d| parse_day("--from", d))
                .transpose()?,
            to: to.as_deref().map(|d| parse_day("--to", d)).transpose()?,
        },
    };
    let mut prepared = prepare(&args.input, &settings)?;
    let policies = prepared.checker.policies.clone();
    let mut cases = Vec::new();
    stream(&mut prepared, |_, checked| {
        cases.push(kpi_case(checked, &policies));
        Ok(())
    })?;
    let report = kpi::compute(&cases, &period, settings.as_of);
    if let Some(path) = &args.output {
        let in_period: Vec<_> = cases
            .into_iter()
            .filter(|c| period.is_all() || c.request_at.is_some_and(|t| period.contains(t)))
            .collect();
        let mut workbook = crate::write::kpi_workbook::build_kpi_workbook(&in_period, &report)
            .map_err(|e| {
                Error::Output(crate::output::OutputError::Write {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })
            })?;
        crate::output::save_workbook(&mut workbook, path)?;
    }
    let text = match args.format {
        Format::Json => to_json(&report) + "\n",
        Format::Csv => render_csv(&report),
        Format::Text => render_text(&report),
    };
    print_stdout(&text);
    Ok(0)
}

fn run_init(args: InitArgs) -> Result<i32, Error> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let written = crate::write::starter::write_starter(&dir, args.lang.into())?;
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(0)
}

fn run_policies(args: PoliciesArgs) -> Result<i32, Error> {
    let table = match &args.input {
        Some(input) => {
            let mut workbook = Workbook::open(input)?;
            let sheet = workbook.find_case_sheet(&crate::input::workbook::ReadOptions {
                sheet: None,
                aliases: crate::input::headers::Aliases::builtin(),
            })?;
            effective_policies(&mut workbook, &sheet, args.policies.as_deref())?
        }
        None => base_policies(args.policies.as_deref())?,
    };
    print_stdout(&crate::render::policies::policies_text(&table));
    Ok(0)
}
