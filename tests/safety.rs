//! Safety of the team's data (PRODUCT.md section 7): the input is only read, output is
//! written through a temporary file and a rename so a kill never leaves a truncated
//! workbook, stale temporary files are cleaned up, `--in-place` backs up first and respects
//! Excel's and LibreOffice's lock files, and customer data stays out of the terminal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use calamine::{open_workbook_auto, Reader};
use rust_xlsxwriter::Workbook;

mod common;
use common::{aftersales, binary, code, tempdir, text, within, AS_OF};

const BOUND: Duration = Duration::from_secs(60);

/// Customer names and contacts that must never reach the terminal.
const CUSTOMERS: [&str; 3] = ["Ouyang Xiuying", "欧阳秀英", "Bartholomew Quince"];
const CONTACTS: [&str; 3] = [
    "ouyang.xiuying@example.com",
    "+86 139 1234 8765",
    "13912348765",
];

const HEADERS: [&str; 10] = [
    "Case ID",
    "Platform",
    "Request date",
    "Customer",
    "Contact",
    "Status",
    "Issue type",
    "Requested resolution",
    "Assignee",
    "Remarks",
];

/// Row `i` of a case sheet: a mix of clean cases and cases with findings.
fn case_row(i: usize) -> [String; 10] {
    let platform = ["Superbuy", "Bhiner", "Yoybuy", "Nowhere Mall"][i % 4];
    let date = match i % 7 {
        0 => "2026-13-45".to_string(),
        1 => "03/04/2026".to_string(),
        _ => format!("2026-11-{:02}", 1 + i % 20),
    };
    [
        format!("AS-{i:06}"),
        platform.to_string(),
        date,
        CUSTOMERS[i % CUSTOMERS.len()].to_string(),
        CONTACTS[i % CONTACTS.len()].to_string(),
        ["New", "In progress", "Resolved", "Someday"][i % 4].to_string(),
        ["Quality", "Wrong item", "Logistics"][i % 3].to_string(),
        ["Return", "Full refund", "Exchange"][i % 3].to_string(),
        ["Li Na", "Zhao Lei"][i % 2].to_string(),
        format!("call {} back", CUSTOMERS[i % CUSTOMERS.len()]),
    ]
}

fn cases_workbook(path: &Path, rows: usize) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Cases").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        for (c, v) in case_row(i).iter().enumerate() {
            sheet.write_string(i as u32 + 1, c as u16, v).unwrap();
        }
    }
    let other = book.add_worksheet().set_name("Contacts").unwrap();
    other.write_string(0, 0, "Name").unwrap();
    other.write_string(0, 1, "Phone").unwrap();
    for (r, (name, phone)) in CUSTOMERS.iter().zip(CONTACTS).enumerate() {
        other.write_string(r as u32 + 1, 0, *name).unwrap();
        other.write_string(r as u32 + 1, 1, phone).unwrap();
    }
    book.save(path).unwrap();
}

/// Sets a file's modification time.
fn set_mtime(path: &Path, when: SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when)
        .unwrap_or_else(|e| panic!("setting the mtime of {}: {e}", path.display()));
}

/// 2024-01-02 03:04:05 UTC: a file last written long ago.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_164_645)
}

fn minutes_ago(minutes: u64) -> SystemTime {
    SystemTime::now() - Duration::from_secs(60 * minutes)
}

/// Bytes and modification time of a file.
fn snapshot(path: &Path) -> (Vec<u8>, SystemTime) {
    (
        fs::read(path).unwrap(),
        fs::metadata(path).unwrap().modified().unwrap(),
    )
}

fn assert_unchanged(path: &Path, before: &(Vec<u8>, SystemTime), what: &str) {
    let after = snapshot(path);
    assert!(after.0 == before.0, "{what}: the input's bytes changed");
    assert_eq!(after.1, before.1, "{what}: the input's mtime changed");
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A complete annotated workbook: opens and has every sheet `process` writes, the Run sheet
/// last of the generated ones and marked.
fn assert_complete_annotated(path: &Path) {
    let mut workbook = open_workbook_auto(path)
        .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
    let names = workbook.sheet_names();
    // In the language of the run that wrote it (English or Chinese).
    let either = |sheet: [&str; 2]| {
        let found = names.iter().find(|n| sheet.contains(&n.as_str()));
        found
            .unwrap_or_else(|| panic!("no {sheet:?} in {names:?}"))
            .clone()
    };
    either(["Cases", "Cases"]);
    either(["Findings", "问题清单"]);
    let run = either(["Run", "运行记录"]);
    let run = workbook.worksheet_range(&run).unwrap();
    assert_eq!(
        run.get_value((0, 0)).map(|v| v.to_string()).as_deref(),
        Some("aftersales run")
    );
}

// ---- the input is only read ----

#[test]
fn input_is_unchanged_after_a_successful_process() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 40);
    set_mtime(&input, long_ago());
    let before = snapshot(&input);
    let path = input.to_str().unwrap();
    let out = dir.path().join("elsewhere.xlsx");
    let runs: [&[&str]; 4] = [
        &["process", path, "--as-of", AS_OF],
        &[
            "process", path, "--as-of", AS_OF, "--redact", "--lang", "zh",
        ],
        &[
            "process",
            path,
            "--as-of",
            AS_OF,
            "-o",
            out.to_str().unwrap(),
        ],
        &["check", path, "--as-of", AS_OF],
    ];
    for args in runs {
        let run = aftersales(args);
        assert!(
            matches!(code(&run), 0 | 1),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert_unchanged(&input, &before, &format!("{args:?}"));
    }
    assert_complete_annotated(&dir.path().join("cases.annotated.xlsx"));
    // Processing the annotated output again leaves that file alone too.
    let annotated = dir.path().join("cases.annotated.xlsx");
    let again = dir.path().join("again.xlsx");
    let before_annotated = snapshot(&annotated);
    let run = aftersales(&[
        "process",
        annotated.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert!(matches!(code(&run), 0 | 1), "{}", text(&run.stderr));
    assert_unchanged(&annotated, &before_annotated, "re-processing");
    within(started, BOUND, "successful runs");
}

#[test]
fn input_is_unchanged_after_a_failed_process() {
    let started = Instant::now();
    let dir = tempdir();
    // Missing required column.
    let no_column = dir.path().join("no-column.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Case ID", "Platform", "Customer", "Status"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
        sheet.write_string(1, c as u16, "x").unwrap();
    }
    book.save(&no_column).unwrap();
    // Truncated workbook.
    let good = dir.path().join("good.xlsx");
    cases_workbook(&good, 200);
    let truncated = dir.path().join("truncated.xlsx");
    let bytes = fs::read(&good).unwrap();
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    // A good workbook whose output cannot be written (the -o folder does not exist).
    let unwritable = dir.path().join("nowhere").join("out.xlsx");
    let cases: [(&Path, Vec<&str>); 4] = [
        (&no_column, vec![]),
        (&truncated, vec![]),
        (&good, vec!["-o", unwritable.to_str().unwrap()]),
        (&good, vec!["--as-of", "not-a-date"]),
    ];
    for (input, extra) in cases {
        set_mtime(input, long_ago());
        let before = snapshot(input);
        let listing = names_in(dir.path());
        let mut args = vec!["process", input.to_str().unwrap()];
        if !extra.contains(&"--as-of") {
            args.extend(["--as-of", AS_OF]);
        }
        args.extend(extra.iter().copied());
        let run = aftersales(&args);
        assert_eq!(code(&run), 2, "{args:?}: {}", text(&run.stderr));
        assert_unchanged(input, &before, &format!("{args:?}"));
        assert_eq!(
            names_in(dir.path()),
            listing,
            "{args:?}: a failed run left files behind"
        );
    }
    within(started, BOUND, "failed runs");
}

// ---- a kill never leaves a truncated workbook ----

/// A temporary output file of this tool for `target`, if one exists.
fn temp_of(dir: &Path, target: &str) -> Option<PathBuf> {
    let prefix = format!(".{target}.");
    fs::read_dir(dir).unwrap().flatten().find_map(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        (name.starts_with(&prefix) && name.ends_with(".aftersales-tmp")).then(|| e.path())
    })
}

/// Runs `process` on a workbook of `rows` cases over an existing output, and SIGKILLs it
/// (`Child::kill`) at moments after its temporary output file appears, that is while the
/// workbook is being saved (`None`: let that run finish). After every run the output path
/// holds the old file byte for byte or a complete new workbook.
fn kill_while_writing(rows: usize, after_temp: &[Option<u64>], bound: Duration) {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("big.xlsx");
    cases_workbook(&input, rows);
    let input_before = snapshot(&input);
    let target = dir.path().join("out.xlsx");
    // The previous night's output: a small but valid workbook.
    let mut old = Workbook::new();
    old.add_worksheet()
        .set_name("Yesterday")
        .unwrap()
        .write_string(0, 0, "the previous output")
        .unwrap();
    old.save(&target).unwrap();
    let old_bytes = fs::read(&target).unwrap();
    eprintln!("generated {rows} rows in {:?}", started.elapsed());

    let log_dir = tempdir();
    let mut kills = 0;
    for &kill_after_ms in after_temp {
        // Stderr to a file outside the watched folder: read when a run that should succeed fails.
        let stderr_path = log_dir.path().join("stderr.txt");
        let mut child = binary()
            .args(["process", input.to_str().unwrap(), "-o"])
            .arg(&target)
            .args(["--as-of", AS_OF])
            .stdout(Stdio::null())
            .stderr(fs::File::create(&stderr_path).unwrap())
            .spawn()
            .unwrap();
        let spawned = Instant::now();
        let mut temp_seen: Option<Instant> = None;
        let finished = loop {
            if child.try_wait().unwrap().is_some() {
                break true;
            }
            if temp_seen.is_none() && temp_of(dir.path(), "out.xlsx").is_some() {
                temp_seen = Some(Instant::now());
            }
            let due = match (kill_after_ms, temp_seen) {
                (Some(ms), Some(seen)) => seen.elapsed() >= Duration::from_millis(ms),
                _ => false,
            };
            if due || spawned.elapsed() > bound {
                break false;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if !finished {
            child.kill().unwrap();
            kills += 1;
        }
        let status = child.wait().unwrap();
        eprintln!(
            "kill {kill_after_ms:?} ms after the temp file ({}): {} after {:?}",
            if temp_seen.is_some() {
                "seen"
            } else {
                "not seen"
            },
            if finished { "finished" } else { "killed" },
            spawned.elapsed()
        );
        // Either the old file, byte for byte, or a complete new workbook; never a part.
        let now = fs::read(&target).expect("the output path still holds a file");
        if now != old_bytes {
            assert_complete_annotated(&target);
        }
        assert_unchanged(&input, &input_before, "killed run");
        // Only the old output, the input, its case history and at most the killed run's
        // temporary file (or SQLite's journal of an unfinished history write).
        for name in names_in(dir.path()) {
            assert!(
                ["big.xlsx", "out.xlsx", "big.history.sqlite"].contains(&name.as_str())
                    || (!finished && name == "big.history.sqlite-journal")
                    || (!finished
                        && name.starts_with(".out.xlsx.")
                        && name.ends_with(".aftersales-tmp")),
                "unexpected file {name}"
            );
        }
        if kill_after_ms.is_none() {
            assert!(
                finished && status.success() || status.code() == Some(1),
                "the run that was let finish ended with {status:?}: {}",
                fs::read_to_string(&stderr_path).unwrap_or_default()
            );
            assert_complete_annotated(&target);
        }
        // Start the next attempt from the old output again, without the killed run's
        // temporary file (it is recent, so the next run rightly leaves it alone).
        fs::write(&target, &old_bytes).unwrap();
        while let Some(temp) = temp_of(dir.path(), "out.xlsx") {
            fs::remove_file(temp).unwrap();
        }
    }
    assert!(kills > 0, "every run finished before it could be killed");
    within(started, bound, "kill test");
}

#[test]
fn sigkill_while_writing_leaves_the_old_output_or_a_complete_new_one() {
    kill_while_writing(
        20_000,
        &[Some(0), Some(150), Some(2_000)],
        Duration::from_secs(120),
    );
}

/// The same with 200,000 cases, where saving takes seconds (about 85 s in all here).
#[test]
fn sigkill_while_writing_200k_cases() {
    kill_while_writing(
        200_000,
        &[Some(0), Some(20), Some(150), Some(600), Some(3_000), None],
        Duration::from_secs(1_800),
    );
}

#[test]
fn a_stale_temporary_file_is_removed_on_the_next_run() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 10);
    let stale = dir
        .path()
        .join(".cases.annotated.xlsx.Ab12Cd.aftersales-tmp");
    let fresh = dir
        .path()
        .join(".cases.annotated.xlsx.Ef34Gh.aftersales-tmp");
    let unrelated = dir.path().join("notes.aftersales-tmp");
    for path in [&stale, &fresh, &unrelated] {
        fs::write(path, b"PK\x03\x04 half a workbook").unwrap();
    }
    set_mtime(&stale, minutes_ago(16));
    set_mtime(&unrelated, minutes_ago(2 * 24 * 60));
    // 14 minutes old: another run may still be writing it.
    set_mtime(&fresh, minutes_ago(14));
    let run = aftersales(&["process", input.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(matches!(code(&run), 0 | 1), "{}", text(&run.stderr));
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert!(fresh.exists(), "a recent temporary file was removed");
    assert!(
        unrelated.exists(),
        "a file that is not this tool's was removed"
    );
    assert_complete_annotated(&dir.path().join("cases.annotated.xlsx"));
    within(started, BOUND, "stale temp");
}

// ---- --in-place ----

/// `process --in-place`, which must succeed (exit 0 or 1).
fn process_in_place(input: &Path) -> Output {
    let run = in_place(input, &[]);
    assert!(matches!(code(&run), 0 | 1), "{}", text(&run.stderr));
    run
}

/// `process INPUT --in-place --as-of AS_OF extra...`, whatever its outcome.
fn in_place(input: &Path, extra: &[&str]) -> Output {
    let args = [
        "process",
        input.to_str().unwrap(),
        "--in-place",
        "--as-of",
        AS_OF,
    ];
    aftersales(&[&args[..], extra].concat())
}

fn backups_in(dir: &Path, stem: &str) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with(&format!("{stem}.backup-")) && n.ends_with(".xlsx"))
        .collect()
}

#[test]
fn in_place_writes_a_backup_then_replaces_the_input() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 30);
    let original = fs::read(&input).unwrap();
    let run = process_in_place(&input);
    let backups = backups_in(dir.path(), "cases");
    assert_eq!(backups.len(), 1, "{:?}", names_in(dir.path()));
    // cases.backup-<timestamp>.xlsx: the stamp is digits with separators.
    let stamp = backups[0]
        .strip_prefix("cases.backup-")
        .unwrap()
        .strip_suffix(".xlsx")
        .unwrap();
    assert!(
        stamp.len() >= 8
            && stamp
                .chars()
                .all(|c| c.is_ascii_digit() || "-_T".contains(c)),
        "{stamp}"
    );
    assert!(
        fs::read(dir.path().join(&backups[0])).unwrap() == original,
        "the backup is not the original input"
    );
    assert_ne!(fs::read(&input).unwrap(), original);
    assert_complete_annotated(&input);
    assert!(!dir.path().join("cases.annotated.xlsx").exists());
    // No temporary file is left behind.
    assert!(temp_of(dir.path(), "cases.xlsx").is_none());
    assert!(text(&run.stdout).contains("cases.xlsx"));
    within(started, BOUND, "in place");
}

/// Two `--in-place` runs in the same second used to write the same backup name, so the
/// second run's backup (the first run's output) replaced the original. Backups for this second
/// and the next few already exist here: none may be touched, and the new one gets a counter.
#[test]
fn in_place_never_overwrites_an_existing_backup() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 5);
    let original = fs::read(&input).unwrap();
    let now = chrono::Local::now();
    let mut existing = Vec::new();
    for s in 0..30 {
        let stamp = (now + chrono::Duration::seconds(s)).format("%Y%m%d-%H%M%S");
        let path = dir.path().join(format!("cases.backup-{stamp}.xlsx"));
        let marker = format!("an earlier backup, {s}");
        fs::write(&path, &marker).unwrap();
        existing.push((path, marker));
    }
    process_in_place(&input);
    for (path, marker) in &existing {
        assert_eq!(
            &fs::read_to_string(path).unwrap(),
            marker,
            "{} was overwritten",
            path.display()
        );
    }
    let new: Vec<String> = backups_in(dir.path(), "cases")
        .into_iter()
        .filter(|n| n.contains("-2.xlsx"))
        .collect();
    assert_eq!(new.len(), 1, "{:?}", names_in(dir.path()));
    assert!(
        fs::read(dir.path().join(&new[0])).unwrap() == original,
        "the new backup is not the input"
    );
    within(started, BOUND, "in place, backup taken");
}

/// The annotated copy is "read-only recommended" (edits belong in the team's workbook); the
/// workbook replaced in place is not.
#[test]
fn only_the_annotated_copy_is_read_only_recommended() {
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 3);
    let run = aftersales(&["process", input.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(matches!(code(&run), 0 | 1), "{}", text(&run.stderr));
    let copy = common::zip_text(&dir.path().join("cases.annotated.xlsx"), "xl/workbook.xml");
    assert!(copy.contains("readOnlyRecommended=\"1\""), "{copy}");
    process_in_place(&input);
    let replaced = common::zip_text(&input, "xl/workbook.xml");
    assert!(!replaced.contains("readOnlyRecommended"), "{replaced}");
}

/// A macro workbook's backup keeps its extension, so it still opens as one.
#[test]
fn in_place_backs_up_an_xlsm_as_xlsm() {
    let dir = tempdir();
    let input = dir.path().join("cases.xlsm");
    cases_workbook(&input, 3);
    process_in_place(&input);
    let names = names_in(dir.path());
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("cases.backup-") && n.ends_with(".xlsm")),
        "{names:?}"
    );
}

/// `--redact` masks the copy; the team's own workbook is never masked in place.
#[test]
fn in_place_with_redact_is_refused() {
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 3);
    let original = fs::read(&input).unwrap();
    let run = aftersales(&["process", input.to_str().unwrap(), "--in-place", "--redact"]);
    assert_eq!(code(&run), 2);
    assert!(
        text(&run.stderr).contains("--redact"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(fs::read(&input).unwrap(), original);
    assert_eq!(names_in(dir.path()), vec!["cases.xlsx".to_string()]);
}

#[test]
fn in_place_refuses_other_formats() {
    let started = Instant::now();
    let dir = tempdir();
    let xlsx = dir.path().join("cases.xlsx");
    cases_workbook(&xlsx, 3);
    let ods = dir.path().join("cases.ods");
    fs::copy(&xlsx, &ods).unwrap();
    let before = snapshot(&ods);
    let run = aftersales(&["process", ods.to_str().unwrap(), "--in-place"]);
    assert_eq!(code(&run), 2);
    assert!(text(&run.stderr).contains("cases.ods"));
    assert_unchanged(&ods, &before, "--in-place on .ods");
    let ods = ods.to_str().unwrap();
    let zh = aftersales(&["process", ods, "--in-place", "--lang", "zh"]);
    let stderr = text(&zh.stderr);
    assert_eq!(code(&zh), 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{ods}：--in-place 只能替换 .xlsx 或 .xlsm 工作簿；请用 -o 写入新文件"
        )),
        "{stderr}"
    );
    assert_unchanged(Path::new(ods), &before, "--in-place on .ods, in Chinese");
    within(started, BOUND, "--in-place on .ods");
}

#[test]
fn in_place_refuses_while_excel_or_libreoffice_has_the_workbook_open() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 5);
    set_mtime(&input, long_ago());
    let before = snapshot(&input);
    // Excel's owner file: a length byte, the user name, padding.
    let mut excel = vec![4u8];
    excel.extend_from_slice(b"Anna");
    excel.resize(165, b' ');
    let locks: [(&str, Vec<u8>, &str); 2] = [
        ("~$cases.xlsx", excel, "Anna"),
        (
            ".~lock.cases.xlsx#",
            b",Zhang Wei,shanghai-pc,23.11.2026 08:55,file:///home/zw/.config/libreoffice/4;"
                .to_vec(),
            "Zhang Wei",
        ),
    ];
    for (name, contents, user) in locks {
        let lock = dir.path().join(name);
        fs::write(&lock, contents).unwrap();
        let listing = names_in(dir.path());
        let run = in_place(&input, &[]);
        let stderr = text(&run.stderr);
        assert_eq!(code(&run), 2, "{name}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("cases.xlsx"), "{stderr}");
        assert!(
            stderr.contains(user),
            "{name}: the lock's user is not named: {stderr}"
        );
        assert_unchanged(&input, &before, name);
        assert_eq!(names_in(dir.path()), listing, "{name}: files were written");
        // The same refusal in the team's language names the file, the user and the program.
        let zh = in_place(&input, &["--lang", "zh"]);
        let stderr = text(&zh.stderr);
        assert_eq!(code(&zh), 2, "{name}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        let app = if name.starts_with("~$") {
            "Excel"
        } else {
            "LibreOffice"
        };
        assert!(
            stderr.contains("cases.xlsx：工作簿正由")
                && stderr.contains(&format!("{user} 在 {app} 中打开"))
                && stderr.contains("因此没有替换它；请关闭后重新运行"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("refusing"), "{name}: {stderr}");
        assert_unchanged(&input, &before, name);
        fs::remove_file(&lock).unwrap();
    }
    // Without a lock it goes ahead.
    process_in_place(&input);
    assert_eq!(backups_in(dir.path(), "cases").len(), 1);
    within(started, BOUND, "locks");
}

// ---- personal data stays out of the terminal ----

fn assert_no_personal_data(run: &Output, what: &str) {
    for stream in [&run.stdout, &run.stderr] {
        let out = text(stream);
        for secret in CUSTOMERS.iter().chain(CONTACTS.iter()) {
            assert!(!out.contains(secret), "{what}: {secret} printed:\n{out}");
        }
        assert!(
            !out.contains("1234 8765") && !out.contains("ouyang"),
            "{out}"
        );
    }
}

#[test]
fn process_prints_only_paths_and_counts() {
    let started = Instant::now();
    let dir = tempdir();
    let input = dir.path().join("cases.xlsx");
    cases_workbook(&input, 60);
    let path = input.to_str().unwrap();
    let runs: [&[&str]; 4] = [
        &["process", path, "--as-of", AS_OF],
        &["process", path, "--as-of", AS_OF, "--lang", "zh"],
        &["process", path, "--as-of", AS_OF, "--fail-on", "warning"],
        &["process", dir.path().to_str().unwrap(), "--as-of", AS_OF],
    ];
    for args in runs {
        let run = aftersales(args);
        assert!(
            matches!(code(&run), 0 | 1),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert_no_personal_data(&run, &format!("{args:?}"));
        let stdout = text(&run.stdout);
        for line in stdout.lines() {
            assert!(line.contains(" -> ") && line.contains("cases"), "{line}");
        }
    }
    // A run that fails: customer data sits where the header should be.
    let bad = dir.path().join("bad.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Case ID").unwrap();
    sheet.write_string(0, 1, "Platform").unwrap();
    sheet.write_string(0, 2, "Customer").unwrap();
    sheet.write_string(1, 2, CUSTOMERS[0]).unwrap();
    sheet.write_string(1, 3, CONTACTS[0]).unwrap();
    book.save(&bad).unwrap();
    let run = aftersales(&["process", bad.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(code(&run), 2);
    assert_no_personal_data(&run, "failed run");
    within(started, BOUND, "personal data");
}
