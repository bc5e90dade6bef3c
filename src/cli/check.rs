//! `aftersales check`: findings and a handover digest on stdout; writes no file.

use std::io::IsTerminal;

use super::args::{CheckArgs, Format};
use super::exit::ExitCode;
use super::settings;
use crate::error::Error;
use crate::i18n::Texts;
use crate::pipeline::{finish_history, open_history, prepare, sort_findings, stream};
use crate::render::check::{CheckReport, DigestEntry, ReportFormat, ReportWriter, Style};
use crate::replies::Replies;

pub fn run(args: CheckArgs, texts: &Texts) -> Result<ExitCode, Error> {
    let texts = texts.clone();
    let settings = settings(&args.common, &texts)?;
    let replies = Replies::new(texts);
    let mut prepared = prepare(&args.input, &settings)?;
    let history = super::history_choice(&args.common);
    open_history(&mut prepared, &args.input, &history, settings.as_of, false)?;
    let format = match args.format {
        Format::Json => ReportFormat::Json,
        Format::Csv => ReportFormat::Csv,
        Format::Text => ReportFormat::Text,
    };
    let mut writer =
        ReportWriter::new(format, terminal_style(), &settings.texts).map_err(Error::ReportSpool)?;
    let mut digest = Vec::new();
    let mut case_findings = Vec::new();
    for finding in &prepared.workbook_findings {
        writer.add(finding).map_err(Error::ReportSpool)?;
    }
    let mut totals = stream(&mut prepared, |_, checked| {
        // Rows arrive in order, so sorting each case's findings sorts them all.
        case_findings.clone_from(&checked.findings);
        sort_findings(&mut case_findings);
        for finding in &case_findings {
            writer.add(finding).map_err(Error::ReportSpool)?;
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
    for finding in finish_history(&mut prepared, &args.input, &mut totals)? {
        writer.add(&finding).map_err(Error::ReportSpool)?;
    }
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
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::ReportSpool(e)),
        _ => Ok(args.fail_on.exit_code(&head.counts)),
    }
}

/// Colour only on a terminal, and never with `NO_COLOR` set.
fn terminal_style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        color: std::io::stdout().is_terminal() && !no_color,
    }
}
