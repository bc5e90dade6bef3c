//! The command line: clap parses ([`args`]), then arguments become plain settings before
//! any file is read, and each command runs from its own file. The exit code is decided in
//! [`exit`]. Nothing outside this module knows about clap.

mod args;
mod check;
pub mod exit;
mod help;
mod init;
mod kpi;
mod policies;
mod process;
mod timeline;

use std::io::Write;

use chrono::{Local, NaiveDate, NaiveDateTime, Timelike};
use clap::{CommandFactory, FromArgMatches};

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
    let (lang, templates) = early_language(&args);
    match std::panic::catch_unwind(|| parse_and_run(args, lang, templates)) {
        Ok(code) => code,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let message = Message::new("error-internal").arg("detail", &what);
            // Should the catalogue be what failed, the line is still printed.
            if std::panic::catch_unwind(|| report(&message, builtin_catalogue(lang))).is_err() {
                eprintln!("aftersales: internal error, nothing was written ({what})");
            }
            ExitCode::Failed
        }
    }
}

fn parse_and_run(
    args: Vec<std::ffi::OsString>,
    lang: Lang,
    templates: Option<std::path::PathBuf>,
) -> ExitCode {
    // The help and clap's complaints are in the team's catalogue if it can be loaded; a
    // catalogue that cannot is reported below, once the arguments are known.
    let early = Texts::load(lang, lang, templates.as_deref());
    let catalogue = early
        .as_ref()
        .map_or_else(|_| builtin_catalogue(lang), Texts::team);
    let localised = help::localise(Cli::command(), catalogue);
    let parsed = localised.clone().try_get_matches_from(&args);
    if let Ok(matches) = &parsed {
        if let Some(("help", which)) = matches.subcommand() {
            print_stdout(&help::help_text(&localised, which));
            return ExitCode::Done;
        }
    }
    let cli = match parsed.and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        Err(e) => return clap_refused(&e, &args, &localised, catalogue),
    };
    let (language, reply_lang) = cli.command.language();
    let code = match texts(early, &templates, language, reply_lang, lang) {
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

/// What clap refused, as one line in the team's language (exit 2); `--help` and `--version`
/// on stdout (exit 0), or the help when no command is given (exit 2).
fn clap_refused(
    e: &clap::Error,
    args: &[std::ffi::OsString],
    localised: &clap::Command,
    catalogue: &Catalogue,
) -> ExitCode {
    let words: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    let command = match words.iter().find(|w| !w.starts_with('-')) {
        Some(name) if Cli::command().find_subcommand(name).is_some() => {
            format!("aftersales {name}")
        }
        _ => "aftersales".to_string(),
    };
    match help::usage_message(e, &command, localised) {
        Some(message) => {
            report(&message, catalogue);
            ExitCode::Failed
        }
        None => {
            let _ = e.print();
            if e.use_stderr() {
                ExitCode::Failed
            } else {
                ExitCode::Done
            }
        }
    }
}

/// Prints `aftersales: ` and the message on stderr, in `catalogue`'s language.
fn report(message: &Message, catalogue: &Catalogue) {
    eprintln!("aftersales: {}", message.render(catalogue));
}

/// The team's language and the catalogue folder as the command line gives them, before clap
/// reads it (for `--help`, the mistakes clap finds and a panic): `--lang zh` or `--lang=zh`,
/// else the locale; `--templates DIR` or `--templates=DIR`.
fn early_language(args: &[std::ffi::OsString]) -> (Lang, Option<std::path::PathBuf>) {
    let mut lang = None;
    let mut templates = None;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(text) = word.to_str() else { continue };
        if text == "--" {
            break;
        }
        let mut value = |flag: &str| match text.strip_prefix(flag) {
            Some("") => words.next().cloned(),
            Some(rest) => rest.strip_prefix('=').map(Into::into),
            None => None,
        };
        if let Some(v) = value("--lang") {
            lang = match v.to_str() {
                Some("zh") => Some(Lang::Zh),
                Some("en") => Some(Lang::En),
                _ => lang,
            };
        } else if let Some(v) = value("--templates") {
            templates = Some(std::path::PathBuf::from(v));
        }
    }
    let lang = lang.unwrap_or_else(|| Lang::from_locale(|name| std::env::var(name).ok()));
    (lang, templates)
}

fn run(cli: Cli, texts: &Texts) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Process(args) => process::run(args, texts),
        Command::Check(args) => check::run(args, texts),
        Command::Kpi(args) => kpi::run(args, texts),
        Command::Init(args) => init::run(args, texts),
        Command::Policies(args) => policies::run(args, texts),
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
/// the team, `reply_lang` (else the team's) for the customer. Those loaded before clap read
/// the arguments (`early`, from `templates`) serve when clap read the same `--templates`.
fn texts(
    early: Result<Texts, CatalogueError>,
    templates: &Option<std::path::PathBuf>,
    language: &Language,
    reply_lang: Option<LangArg>,
    team: Lang,
) -> Result<Texts, CatalogueError> {
    let team = language.lang.map_or(team, Lang::from);
    let customer = reply_lang.map_or(team, Lang::from);
    if language.templates == *templates {
        early.map(|texts| texts.for_languages(team, customer))
    } else {
        Texts::load(team, customer, language.templates.as_deref())
    }
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

/// The line of every mistake clap finds, from real argument lists, for the test that every
/// error message is said in both languages (`i18n::tests`).
#[cfg(test)]
pub(crate) fn usage_samples() -> Vec<Message> {
    let lists: [&[&str]; 10] = [
        &["process", "x", "--zzzz"],
        &["process", "x", "--as-off", "2026-11-20"],
        &["proces", "x"],
        &["process", "x", "--as-of"],
        &["process", "x", "--fail-on", "all"],
        &["process"],
        &["--lang", "zh"],
        &["process", "x", "--in-place", "-o", "y"],
        &["process", "x", "--redact", "--redact"],
        &["process", "x", "--redact=yes"],
    ];
    let root = help::localise(Cli::command(), builtin_catalogue(Lang::En));
    lists
        .into_iter()
        .filter_map(|list| {
            let args = std::iter::once("aftersales").chain(list.iter().copied());
            let e = root.clone().try_get_matches_from(args).unwrap_err();
            help::usage_message(&e, "aftersales process", &root)
        })
        .collect()
}
