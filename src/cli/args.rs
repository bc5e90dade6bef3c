//! The arguments as clap parses them. They become plain settings (`super::settings`) and
//! options before any file is read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::exit::FailOn;
use crate::i18n::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "aftersales",
    version,
    about = "Checks an after-sales case workbook against platform policies and writes an annotated workbook"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    /// Print what the case history recorded: every event, or one case's.
    Timeline(TimelineArgs),
}

impl Command {
    /// The team's language and catalogues, and the customer's language where the command has
    /// one.
    pub fn language(&self) -> (&Language, Option<LangArg>) {
        match self {
            Command::Process(a) => (&a.language, a.reply_lang),
            Command::Check(a) => (&a.language, None),
            Command::Kpi(a) => (&a.language, None),
            Command::Init(a) => (&a.language, None),
            Command::Policies(a) => (&a.language, None),
            Command::Timeline(a) => (&a.language, None),
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// The moment "now" is taken to be: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (default: the current local time).
    #[arg(long, value_name = "T")]
    pub as_of: Option<String>,
    /// A policy table (CSV) overriding the built-in one.
    #[arg(long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    /// A holiday calendar (CSV: date,kind,name) replacing the built-in Chinese one.
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// The sheet holding the cases (default: the first sheet with a recognised header).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Read dates like 03/11/2026 as day/month/year.
    #[arg(long, conflicts_with = "month_first")]
    pub day_first: bool,
    /// Read dates like 03/11/2026 as month/day/year.
    #[arg(long)]
    pub month_first: bool,
    /// The case history (default: <stem>.history.sqlite beside the input).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
}

/// The team's language and the catalogues, on every command that writes or prints texts.
#[derive(Args, Debug, Clone)]
pub struct Language {
    /// The team's language: workbook labels, findings, next actions, terminal texts (default:
    /// zh when the locale (LC_ALL, LANG) is Chinese, else en).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// A folder of catalogues (en/*.ftl, zh/*.ftl, as in templates/i18n) replacing the built-in
    /// files of the same name.
    #[arg(long, value_name = "FOLDER")]
    pub templates: Option<PathBuf>,
}

/// `--lang`: the command line's spelling of [`Lang`].
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
pub enum LangArg {
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

#[derive(Args, Debug)]
pub struct ProcessArgs {
    /// Workbooks, or folders of workbooks, to process.
    #[arg(required = true, value_name = "IN")]
    pub inputs: Vec<PathBuf>,
    /// Output file (one input) or folder (several inputs); default: <stem>.annotated.xlsx beside each input.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub language: Language,
    /// The customer's language: suggested replies (default: --lang).
    #[arg(long, value_enum)]
    pub reply_lang: Option<LangArg>,
    /// Replace the input with the annotated workbook, after writing a backup.
    #[arg(long, conflicts_with = "output")]
    pub in_place: bool,
    /// Exit 1 when there are findings at or above this level.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Mask customer names and contacts in every sheet written (not with --in-place: the
    /// team's own workbook is never masked).
    #[arg(long, conflicts_with = "in_place")]
    pub redact: bool,
    /// Do not read or record the case history.
    #[arg(long, conflicts_with = "history")]
    pub no_history: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub language: Language,
}

#[derive(Args, Debug)]
pub struct KpiArgs {
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    #[command(flatten)]
    pub common: Common,
    /// An ISO week such as 2026-W47 (Monday to Sunday).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub week: Option<String>,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "D")]
    pub from: Option<String>,
    /// Last day of the period (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "D")]
    pub to: Option<String>,
    /// Write a KPI workbook (no personal data) to this file.
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub language: Language,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to write into (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub language: Language,
}

#[derive(Args, Debug)]
pub struct PoliciesArgs {
    /// A policy table (CSV) overriding the built-in one.
    #[arg(long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    /// A workbook whose Policies sheet overrides both.
    #[arg(value_name = "IN")]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub language: Language,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// The workbook whose history to print.
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Only this case's events.
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The case history (default: <stem>.history.sqlite beside the input).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    #[command(flatten)]
    pub language: Language,
}
