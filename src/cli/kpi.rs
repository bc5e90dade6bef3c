//! `aftersales kpi`: KPIs for a period on stdout, and optionally a KPI workbook without
//! personal data.

use chrono::NaiveDate;

use super::args::{Format, KpiArgs};
use super::exit::ExitCode;
use super::{print_stdout, settings};
use crate::error::{Error, UsageError};
use crate::i18n::Texts;
use crate::kpi::{self, Period};
use crate::output::{save_workbook, OutputError};
use crate::pipeline::{finish_history, kpi_case, open_history, prepare, stream};
use crate::render::kpi::{render_csv, render_text, to_json};
use crate::write::kpi_workbook::build_kpi_workbook;

pub fn run(args: KpiArgs, texts: &Texts) -> Result<ExitCode, Error> {
    let texts = texts.clone();
    let settings = settings(&args.common, &texts)?;
    let period = period(&args)?;
    let mut prepared = prepare(&args.input, &settings)?;
    let history = super::history_choice(&args.common);
    open_history(&mut prepared, &args.input, &history, settings.as_of, false)?;
    let policies = prepared.checker.policies.clone();
    let mut cases = Vec::new();
    let mut totals = stream(&mut prepared, |_, checked| {
        cases.push(kpi_case(checked, &policies));
        Ok(())
    })?;
    finish_history(&mut prepared, &args.input, &mut totals)?;
    let report = kpi::compute(&cases, &period, settings.as_of);
    if let Some(path) = &args.output {
        let in_period: Vec<_> = cases
            .into_iter()
            .filter(|c| period.is_all() || c.request_at.is_some_and(|t| period.contains(t)))
            .collect();
        let mut workbook = build_kpi_workbook(&in_period, &report, &settings.texts)
            .map_err(|e| OutputError::write(path, &e))?;
        save_workbook(&mut workbook, path)?;
    }
    let text = match args.format {
        Format::Json => to_json(&report) + "\n",
        Format::Csv => render_csv(&report),
        Format::Text => render_text(&report, &settings.texts),
    };
    print_stdout(&text);
    Ok(ExitCode::Done)
}

/// `--week`, or `--from`/`--to` (either may be left open), or all cases.
fn period(args: &KpiArgs) -> Result<Period, UsageError> {
    Ok(match (&args.week, &args.from, &args.to) {
        (Some(week), _, _) => {
            Period::iso_week(week).map_err(|reason| UsageError::Week { reason })?
        }
        (None, from, to) => {
            let from = from
                .as_deref()
                .map(|d| parse_day("--from", d))
                .transpose()?;
            let to = to.as_deref().map(|d| parse_day("--to", d)).transpose()?;
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return Err(UsageError::EmptyPeriod {
                        from: f.to_string(),
                        to: t.to_string(),
                    });
                }
            }
            Period { from, to }
        }
    })
}

fn parse_day(flag: &'static str, text: &str) -> Result<NaiveDate, UsageError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| UsageError::Day {
        flag,
        text: text.to_string(),
    })
}
