//! `check` on a terminal: colour only when stdout is a terminal and `NO_COLOR` is not set.
//! A pseudo-terminal comes from util-linux `script`; the test is skipped where it is missing.

use std::process::Command;

mod common;
use common::{repo_copy, require_program, tempdir, text, AS_OF};

fn check_output(on_terminal: bool, no_color: bool) -> String {
    // A copy: a history left beside the repository's demo by a run of README's command would
    // change the digest.
    let dir = tempdir();
    let demo = repo_copy("examples/demo.xlsx", dir.path());
    let command = format!(
        "{} check {} --as-of {AS_OF}",
        env!("CARGO_BIN_EXE_aftersales"),
        demo.display()
    );
    let mut cmd = if on_terminal {
        let mut c = Command::new("script");
        c.args(["-qec", &command, "/dev/null"]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", &command]);
        c
    };
    cmd.env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    text(&cmd.output().expect("the command runs").stdout)
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    if !require_program("script") {
        return;
    }
    let terminal = check_output(true, false);
    assert!(terminal.contains("Handover"), "{terminal}");
    assert!(terminal.contains("\u{1b}["), "a terminal gets colour");
    let no_color = check_output(true, true);
    assert!(
        no_color.contains("Handover") && !no_color.contains("\u{1b}["),
        "NO_COLOR is honoured"
    );
    let piped = check_output(false, false);
    assert!(
        piped.contains("Handover") && !piped.contains("\u{1b}["),
        "a pipe gets no colour"
    );
}
