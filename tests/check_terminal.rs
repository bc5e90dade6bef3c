//! `check` on a terminal: colour only when stdout is a terminal and `NO_COLOR` is not set.
//! A pseudo-terminal comes from util-linux `script`; the test is skipped where it is missing.

use std::path::Path;
use std::process::Command;

fn check_output(on_terminal: bool, no_color: bool) -> Option<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo.xlsx");
    let command = format!(
        "{} check {} --as-of 2026-11-23T09:00",
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
    let out = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    let Some(terminal) = check_output(true, false) else {
        eprintln!("skipped: `script` is not installed");
        return;
    };
    assert!(terminal.contains("Handover"), "{terminal}");
    assert!(terminal.contains("\u{1b}["), "a terminal gets colour");
    let no_color = check_output(true, true).unwrap();
    assert!(
        no_color.contains("Handover") && !no_color.contains("\u{1b}["),
        "NO_COLOR is honoured"
    );
    let piped = check_output(false, false).unwrap();
    assert!(
        piped.contains("Handover") && !piped.contains("\u{1b}["),
        "a pipe gets no colour"
    );
}
