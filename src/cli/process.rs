//! `aftersales process`: every input workbook (folders expanded) into its annotated
//! workbook, in parallel; one line per file on stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Local;
use rayon::prelude::*;

use super::args::ProcessArgs;
use super::exit::{ExitCode, FailOn};
use super::{history_choice, settings};
use crate::error::{Error, UsageError};
use crate::i18n::{Describe, Message, Texts};
use crate::pipeline::annotate::{default_output, process_file, ProcessOptions, Processed};
use crate::pipeline::HistoryChoice;
use crate::replies::Replies;

pub fn run(args: ProcessArgs, texts: &Texts) -> Result<ExitCode, Error> {
    let inputs = expand_inputs(&args.inputs)?;
    let outputs = output_paths(&inputs, args.output.as_deref(), args.redact)?;
    if args.common.history.is_some() && inputs.len() > 1 {
        return Err(UsageError::HistoryForOneInput.into());
    }
    let history = if args.no_history {
        HistoryChoice::Off
    } else {
        history_choice(&args.common)
    };
    let options = ProcessOptions {
        settings: settings(&args.common, texts)?,
        redact: args.redact,
        in_place: args.in_place,
        backup_stamp: Local::now().format("%Y%m%d-%H%M%S").to_string(),
        history,
    };
    let replies = Replies::new(texts.clone());
    let progress = crate::progress::Progress::start(inputs.len(), &texts.get("progress-workbooks"));
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
    Ok(report(results, args.fail_on, &options.settings.texts))
}

/// One line per file, in input order: what was written, or why not. A file that failed
/// makes the run fail; the others are still reported.
fn report(results: Vec<Result<Processed, Error>>, fail_on: FailOn, t: &Texts) -> ExitCode {
    let mut code = ExitCode::Done;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for result in results {
        match result {
            Ok(done) => {
                let c = done.counts;
                let line = t.fmt(
                    "process-done",
                    &[
                        ("input", &done.input.display().to_string()),
                        ("output", &done.output.display().to_string()),
                        ("cases", &done.cases.to_string()),
                        ("error", &c.error.to_string()),
                        ("policy", &c.policy.to_string()),
                        ("warning", &c.warning.to_string()),
                    ],
                );
                let _ = writeln!(out, "{line}");
                if done.values_only {
                    let note = Message::new("note-values_only").arg("input", done.input.display());
                    super::report(&note, t.team());
                }
                if let Some(note) = &done.history_note {
                    super::report(note, t.team());
                }
                code = code.max(fail_on.exit_code(&c));
            }
            Err(e) => {
                super::report(&e.message(), t.team());
                code = ExitCode::Failed;
            }
        }
    }
    code
}

/// Folders expand to the workbooks they hold (not outputs, backups or lock files).
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, UsageError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|source| UsageError::ListFolder {
                folder: input.clone(),
                source,
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
        return Err(UsageError::NoWorkbooks);
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

/// `-o` is a file for one input, or an existing folder for any number of them.
fn output_paths(
    inputs: &[PathBuf],
    output: Option<&Path>,
    redact: bool,
) -> Result<Vec<Option<PathBuf>>, UsageError> {
    match output {
        None => Ok(vec![None; inputs.len()]),
        Some(o) if inputs.len() == 1 && !o.is_dir() => Ok(vec![Some(o.to_path_buf())]),
        Some(dir) if dir.is_dir() => Ok(inputs
            .iter()
            .map(|i| Some(dir.join(default_output(i, redact).file_name().unwrap_or_default())))
            .collect()),
        Some(o) => Err(UsageError::OutputNotFolder {
            output: o.to_path_buf(),
        }),
    }
}
