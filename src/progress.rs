//! A progress bar on stderr when stderr is a terminal; nothing otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `files` workbooks, shown only on a terminal; `unit` names them in the team's
    /// language.
    pub fn start(files: usize, unit: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::new(files as u64);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{spinner}} {{elapsed_precise}} [{{bar:30}}] {{pos}}/{{len}} {}",
                unit.replace('{', "{{").replace('}', "}}")
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    pub fn file_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
