//! The command line: clap parses ([`args`]), then arguments become plain settings before
//! any file is read, and each command runs from its own file. The exit code is decided in
//! [`exit`]. Nothing outside this module knows about clap.

mod args;
mod check;
pub mod exit;
mod init;
mod kpi;
mod policies;
mod process;
mod timeline;

use std::io::Write;

use chrono::{Local, NaiveDate, NaiveDateTime, Timelike};
use clap::Parser;

use crate::error::{Error, UsageError};
use crate::i18n::{builtin_catalogue, Catalogue, CatalogueError, Describe, Lang, Message, Texts};
use crate::input::values::DayOrder;
use crate::pipeline::{HistoryChoice, Settings};
use args::{Cli, Command, Common, LangArg, Language};
use exit::ExitCode;

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    // Panics are caught where a damaged file can cause them and reported as one line; the
    // default hook would print a Rust backtrace note to a user.
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = team_lang_of(&args);
    match std::panic::catch_unwind(|| parse_and_run(args, lang)) {
        Ok(code) => code,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let message = Message::new("error-internal").arg("detail", what);
            report(&message, builtin_catalogue(lang));
            ExitCode::Failed
        }
    }
}

fn parse_and_run(args: Vec<std::ffi::OsString>, lang: Lang) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` come here too, printed on stdout.
            let code = if e.use_stderr() {
                ExitCode::Failed
            } else {
                ExitCode::Done
            };
            let _ = e.print();
            return code;
        }
    };
    let (language, reply_lang) = cli.command.language();
    let code = match texts(language, reply_lang) {
        Ok(texts) => match run(cli, &texts) {
            Ok(code) => code,
            Err(e) => {
                report(&e.message(), texts.team());
                ExitCode::Failed
            }
        },
        // A catalogue that cannot be used is reported in the built-in one.
        Err(e) => {
            report(&e.message(), builtin_catalogue(lang));
            ExitCode::Failed
        }
    };
    crate::i18n::flush_usage_log();
    code
}

/// Prints `aftersales: ` and the message on stderr, in `catalogue`'s language.
fn report(message: &Message, catalogue: &Catalogue) {
    eprintln!("aftersales: {}", message.render(catalogue));
}

/// The team's language as the command line gives it, before clap reads it (for `--help`, the
/// usage errors clap finds and a panic): `--lang zh`, `--lang=zh`, else the locale.
fn team_lang_of(args: &[std::ffi::OsString]) -> Lang {
    let mut given = None;
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        given = match value {
            Some("zh") => Some(Lang::Zh),
            Some("en") => Some(Lang::En),
            _ => given,
        };
    }
    given.unwrap_or_else(|| Lang::from_locale(|name| std::env::var(name).ok()))
}

fn run(cli: Cli, texts: &Texts) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Process(args) => process::run(args, texts),
        Command::Check(args) => check::run(args, texts),
        Command::Kpi(args) => kpi::run(args, texts),
        Command::Init(args) => init::run(args, texts),
        Command::Policies(args) => policies::run(args),
        Command::Timeline(args) => timeline::run(args, texts),
    }
}

/// `--history FILE`, or the file beside the input.
fn history_choice(common: &Common) -> HistoryChoice {
    match &common.history {
        Some(path) => HistoryChoice::File(path.clone()),
        None => HistoryChoice::Beside,
    }
}

/// The catalogues of a run, checked before any file is read: `--lang` (else the locale) for
/// the team, `reply_lang` (else the team's) for the customer.
fn texts(language: &Language, reply_lang: Option<LangArg>) -> Result<Texts, CatalogueError> {
    let team = language.lang.map_or_else(
        || Lang::from_locale(|name| std::env::var(name).ok()),
        Lang::from,
    );
    let customer = reply_lang.map_or(team, Lang::from);
    Texts::load(team, customer, language.templates.as_deref())
}

fn settings(common: &Common, texts: &Texts) -> Result<Settings, UsageError> {
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
        texts: texts.clone(),
    })
}

/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]` (as the workbook writes it).
pub fn parse_as_of(text: &str) -> Result<NaiveDateTime, UsageError> {
    let t = text.trim();
    let t = match t.split_once(' ') {
        Some((day, time)) => format!("{day}T{}", time.trim()),
        None => t.to_string(),
    };
    let t = t.as_str();
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d").map(crate::input::values::midnight))
        .map_err(|_| UsageError::AsOf {
            text: text.to_string(),
        })
}

fn print_stdout(text: &str) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
