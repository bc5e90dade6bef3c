//! Languages through the real binary (PRODUCT.md section 10): the team's language in every
//! generated sheet and computed column, switching languages between runs, the customer's
//! language apart from the team's, broken catalogues, and every catalogue message used.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod common;
use common::{
    check_json, col, command, d, n, na, read_sheet, repo_file, row, s, sheet_names, starter,
    tempdir, with_code, write_cases, zip_entries, STARTER_AS_OF, V,
};

const AS_OF: &str = "2026-11-20T12:00";

/// The catalogue messages of a language: (file, id, text) of every message, from the files in
/// templates/i18n. A message spanning lines keeps its first line.
fn catalogue(lang: &str) -> Vec<(String, String, String)> {
    let dir = repo_file(&format!("templates/i18n/{lang}"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.starts_with([' ', '#']) || line.trim().is_empty() {
                continue;
            }
            if let Some((id, text)) = line.split_once(" = ") {
                out.push((file.clone(), id.trim().to_string(), text.trim().to_string()));
            }
        }
    }
    out
}

/// Labels of `lang` from the workbook catalogue that have no variable and differ from the
/// other language's: the texts a run in the other language must not write. Yes/no and the
/// severity names are left out: `no`, `yes` and `error` are also words of English messages and
/// of team data; their cells are checked by [`cells_in_language`].
fn labels_only_in(lang: &str, other: &str) -> BTreeSet<String> {
    let theirs: BTreeSet<String> = catalogue(other).into_iter().map(|(_, _, t)| t).collect();
    catalogue(lang)
        .into_iter()
        .filter(|(file, id, text)| {
            file == "workbook.ftl"
                && !text.contains('{')
                && !theirs.contains(text)
                && !id.starts_with("yesno-")
                && !id.starts_with("severity-")
                // The starter's sheet names, which a team's own sheets may carry.
                && !matches!(id.as_str(), "sheet-cases" | "sheet-policies")
        })
        .map(|(_, _, text)| text)
        .collect()
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.xlsx");
    std::fs::copy(repo_file("examples/demo.xlsx"), &path).unwrap();
    path
}

fn process(input: &Path, output: &Path, extra: &[&str]) {
    let out = command(&["process"])
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(["--as-of", AS_OF, "--fail-on", "never"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// The case sheet from its header row (the row holding `first_header`; with `None`, the
/// first row with the most cells filled).
fn from_header(path: &Path, sheet: &str, first_header: &str) -> Vec<Vec<String>> {
    let grid = read_sheet(path, sheet);
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count();
    let most = grid.iter().map(filled).max().unwrap_or(0);
    let at = grid
        .iter()
        .position(|r| {
            if first_header.is_empty() {
                filled(r) == most
            } else {
                r.iter().any(|c| c == first_header)
            }
        })
        .unwrap_or_else(|| panic!("no {first_header:?} in {sheet}"));
    grid[at..].to_vec()
}

/// The case sheet's computed part: the columns from the first computed header on, from the
/// header row down.
fn computed_part(path: &Path, sheet: &str, first_header: &str) -> Vec<Vec<String>> {
    let grid = from_header(path, sheet, first_header);
    let start = col(&grid[0], first_header);
    grid.iter()
        .map(|r| r.get(start..).unwrap_or_default().to_vec())
        .collect()
}

/// Every cell of the generated sheets (all sheets after the team's two) and of the computed
/// columns, but the Findings sheet's case id and column name (the team's own words), with
/// where it is.
fn generated_cells(path: &Path, first_header: &str) -> Vec<(String, String)> {
    let names = sheet_names(path);
    let mut cells = Vec::new();
    for r in computed_part(path, &names[0], first_header) {
        cells.extend(r.into_iter().map(|v| (names[0].clone(), v)));
    }
    for (i, sheet) in names.iter().enumerate().skip(2) {
        for row in read_sheet(path, sheet) {
            for (c, v) in row.into_iter().enumerate() {
                if !(i == 2 && (c == 2 || c == 4)) {
                    cells.push((sheet.clone(), v));
                }
            }
        }
    }
    cells
}

/// Chart titles, series and axis names: every `<a:t>` text and `<c:v>` literal of the charts.
fn chart_texts(path: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    for (name, bytes) in zip_entries(path) {
        if name.starts_with("xl/charts/chart") {
            let xml = String::from_utf8(bytes).unwrap();
            // Titles and axis names; series names are in <c:v> with the categories (team data).
            for piece in xml.split("<a:t>").skip(1) {
                texts.push(piece.split('<').next().unwrap().to_string());
            }
        }
    }
    texts
}

#[test]
fn a_zh_workbook_has_no_english_label_and_an_en_workbook_no_chinese_one() {
    let dir = tempdir();
    let input = demo(dir.path());
    let zh = dir.path().join("zh.xlsx");
    let en = dir.path().join("en.xlsx");
    process(&input, &zh, &["--lang", "zh"]);
    process(&input, &en, &["--lang", "en"]);
    assert_eq!(
        &sheet_names(&zh)[2..],
        [
            "问题清单",
            "汇总",
            "数据透视",
            "趋势",
            "时间线",
            "已删除",
            "生效政策",
            "运行记录"
        ]
    );
    assert_eq!(
        &sheet_names(&en)[2..],
        [
            "Findings",
            "Summary",
            "Pivot",
            "Trend",
            "Timeline",
            "Removed",
            "Applied policies",
            "Run"
        ]
    );
    for (path, first, lang, other) in [
        (&zh, "平台（标准）", "zh", "en"),
        (&en, "Platform (std)", "en", "zh"),
    ] {
        let foreign = labels_only_in(other, lang);
        let own = labels_only_in(lang, other);
        let cells = generated_cells(path, first);
        let written: BTreeSet<&str> = cells.iter().map(|(_, v)| v.as_str()).collect();
        for (sheet, value) in &cells {
            assert!(
                !foreign.contains(value),
                "{lang} run: {other} label {value:?} on {sheet}"
            );
        }
        // Not vacuous: the run wrote many of its own language's labels.
        let mine = own.iter().filter(|l| written.contains(l.as_str())).count();
        assert!(mine > 60, "{lang}: only {mine} labels of its own");
        for text in chart_texts(path) {
            assert!(!foreign.contains(&text), "{lang} chart: {text:?}");
            assert!(
                is_chinese(&text) == (lang == "zh") || text.chars().all(|c| !c.is_alphabetic()),
                "{lang} chart: {text:?}"
            );
        }
    }
    // Values in cells: the (std) columns and the yes/no of In KPIs, in the team's language.
    let grid = from_header(&zh, &sheet_names(&zh)[0], "平台（标准）");
    for header in ["状态（标准）", "SLA 状态", "计入 KPI"] {
        let c = col(&grid[0], header);
        let values: BTreeSet<&str> = grid[1..].iter().map(|r| r[c].as_str()).collect();
        assert!(
            values.iter().all(|v| v.is_empty() || is_chinese(v)),
            "{header}: {values:?}"
        );
        assert!(values.len() > 1, "{header}: {values:?}");
    }
    let findings = read_sheet(&zh, "问题清单");
    let severities: BTreeSet<&str> = findings[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(severities, BTreeSet::from(["错误", "政策", "提醒"]));
}

#[test]
fn switching_language_between_runs_gives_one_set_of_columns_and_sheets() {
    let dir = tempdir();
    let input = demo(dir.path());
    let runs = ["zh", "en", "zh", "en"];
    let mut previous = input.clone();
    let mut outputs = Vec::new();
    for (i, lang) in runs.iter().enumerate() {
        let output = dir.path().join(format!("run{i}-{lang}.xlsx"));
        // Each run reads the previous output: without a history, so every run is alike.
        process(&previous, &output, &["--lang", lang, "--no-history"]);
        outputs.push(output.clone());
        previous = output;
    }
    let team_columns = from_header(&input, &sheet_names(&input)[0], "")[0]
        .iter()
        .filter(|h| !h.is_empty())
        .count();
    for (output, lang) in outputs.iter().zip(runs) {
        let names = sheet_names(output);
        assert_eq!(names.len(), 10, "{lang}: {names:?}");
        let header = &from_header(output, &names[0], "")[0];
        let filled = header.iter().filter(|h| !h.is_empty()).count();
        assert_eq!(filled, team_columns + 17, "{lang}: {header:?}");
    }
    // The same language gives the same sheets, whatever came between (the Run sheet names
    // each run's own input, so it is compared without its input rows).
    let contents = |path: &Path| -> Vec<(String, Vec<Vec<String>>)> {
        let names = sheet_names(path);
        names
            .iter()
            .map(|n| {
                let mut grid = read_sheet(path, n);
                if n == names.last().unwrap() {
                    let input_rows = [
                        "Input file",
                        "Input SHA-256",
                        "输入文件",
                        "输入文件 SHA-256",
                    ];
                    grid.retain(|r| !input_rows.contains(&r[0].as_str()));
                }
                (n.clone(), grid)
            })
            .collect()
    };
    for (a, b) in [(0, 2), (1, 3)] {
        for ((sheet, x), (_, y)) in contents(&outputs[a]).iter().zip(contents(&outputs[b])) {
            for (r, (row_x, row_y)) in x.iter().zip(&y).enumerate() {
                assert_eq!(row_x, row_y, "{sheet} row {}", r + 1);
            }
            assert_eq!(x.len(), y.len(), "{sheet}");
        }
    }
}

#[test]
fn reply_lang_en_with_lang_zh_gives_chinese_next_actions_and_english_replies() {
    let dir = tempdir();
    let input = starter(dir.path(), "zh");
    let output = dir.path().join("out.xlsx");
    let out = command(&["process"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .args([
            "--as-of",
            STARTER_AS_OF,
            "--lang",
            "zh",
            "--reply-lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let grid = read_sheet(&output, &sheet_names(&output)[0]);
    let (action, reply) = (col(&grid[0], "下一步操作"), col(&grid[0], "建议回复"));
    let replies: Vec<&str> = grid[1..]
        .iter()
        .map(|r| r[reply].as_str())
        .filter(|r| !r.is_empty())
        .collect();
    assert!(replies.len() >= 2, "{replies:?}");
    for text in replies {
        assert!(text.starts_with("Hello "), "{text}");
        assert!(!is_chinese(
            text.trim_start_matches("Hello ").get(..0).unwrap_or("")
        ));
    }
    for r in &grid[1..] {
        assert!(is_chinese(&r[action]), "{}", r[action]);
    }
}

#[test]
fn the_locale_picks_the_default_language() {
    let dir = tempdir();
    let input = demo(dir.path());
    let output = dir.path().join("out.xlsx");
    let out = command(&["process"])
        .env("LANG", "zh_CN.UTF-8")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .args(["--as-of", AS_OF, "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(sheet_names(&output).contains(&"汇总".to_string()));
}

/// A copy of the built-in catalogues in a folder, `file` of `lang` changed by `edit`; the run
/// must stop with exit 2 before writing, naming the file. Returns stderr and the edited text.
fn broken(lang: &str, file: &str, edit: impl Fn(&str) -> String) -> (String, String) {
    let dir = tempdir();
    let input = demo(dir.path());
    let folder = dir.path().join("my-texts").join(lang);
    std::fs::create_dir_all(&folder).unwrap();
    let text =
        std::fs::read_to_string(repo_file(&format!("templates/i18n/{lang}/{file}"))).unwrap();
    let path = folder.join(file);
    let edited = edit(&text);
    std::fs::write(&path, &edited).unwrap();
    let output = dir.path().join("out.xlsx");
    // The broken language is not the one the run uses: both are checked.
    let out = command(&["process"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .args([
            "--as-of",
            AS_OF,
            "--lang",
            if lang == "zh" { "en" } else { "zh" },
        ])
        .arg("--templates")
        .arg(dir.path().join("my-texts"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!output.exists());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    (stderr, edited)
}

fn line_of(text: &str, starts: &str) -> usize {
    text.lines().position(|l| l.starts_with(starts)).unwrap() + 1
}

#[test]
fn a_broken_catalogue_stops_the_run_naming_file_message_and_line() {
    let (stderr, _) = broken("zh", "workbook.ftl", |t| {
        t.lines()
            .filter(|l| !l.starts_with("sheet-trend "))
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(
        stderr.contains("message \"sheet-trend\" is missing"),
        "{stderr}"
    );

    let (stderr, path) = broken("en", "workbook.ftl", |t| {
        t.replace("summary-note = Counts", "summary-note = { $case } Counts")
    });
    let line = line_of(&path, "summary-note");
    assert!(
        // The run's language is Chinese: so is the error (in the built-in catalogue).
        stderr.contains(&format!(
            "第 {line} 行：消息“summary-note”用了未知变量 $case"
        )),
        "{stderr}"
    );

    let (stderr, path) = broken("zh", "replies.ftl", |t| {
        t.replace(
            "action-overdue = 解决或升级",
            "action-overdue = { 解决或升级",
        )
    });
    let line = line_of(&path, "action-overdue");
    assert!(
        stderr.contains(&format!("line {line}: syntax error")),
        "{stderr}"
    );
}

/// Runs `args` with the message log on, appending what it used to `log`.
fn logged(log: &Path, dir: &Path, args: &[&str]) {
    let out = command(args)
        .current_dir(dir)
        .env("AFTERSALES_MESSAGE_LOG", log)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {out:?}"
    );
}

/// How this is checked: the binary appends the id of every message it formats (or every
/// label it writes) to the file `AFTERSALES_MESSAGE_LOG` names; this test runs the commands
/// below in both languages and compares the ids logged with those of the catalogue files.
/// The messages no run here can reach are listed with the reason, and must stay unreached
/// (so the list cannot go stale).
#[test]
fn every_catalogue_message_is_used() {
    let dir = tempdir();
    let w = dir.path();
    demo(w);
    starter(&w.join("starter-en"), "en");
    starter(&w.join("starter-zh"), "zh");
    // Cases in the situations the demo and the starter do not have: packaging photos, an
    // expired window, a used item, a first response to give, a status nobody can read, no
    // assignee, dates out of order, a resolved date on an open case, no window dates, a date
    // beyond the holiday calendar, and digest lines overdue / past due / due today beside a
    // policy action.
    let header = [
        "Case ID",
        "Platform",
        "Purchase date",
        "Received date",
        "Request date",
        "Requested resolution",
        "Original packaging",
        "Item used",
        "Status",
        "Assignee",
        "First response",
        "Resolved at",
    ];
    let case = |id: &str, changes: &[(&str, V)]| {
        let mut cells = vec![
            ("Case ID", s(id)),
            ("Platform", s("Superbuy")),
            ("Purchase date", d("2026-10-01")),
            ("Received date", d("2026-11-15")),
            ("Request date", d("2026-11-19 10:00")),
            ("Requested resolution", s("Exchange")),
            ("Original packaging", s("Yes")),
            ("Item used", s("No")),
            ("Status", s("Open")),
            ("Assignee", s("Li")),
            ("First response", d("2026-11-19 11:00")),
        ];
        for (name, value) in changes {
            cells.retain(|(n, _)| n != name);
            cells.push((name, value.clone()));
        }
        row(&header, &cells)
    };
    let no_packaging = ("Original packaging", s("No"));
    let rows = vec![
        case("S-1", std::slice::from_ref(&no_packaging)),
        case("S-2", &[("Received date", d("2026-10-02"))]),
        case(
            "S-3",
            &[
                ("Platform", s("Bhiner")),
                ("Requested resolution", s("Full refund")),
                ("Item used", s("Yes")),
                ("Assignee", V::Blank),
            ],
        ),
        case(
            "S-4",
            &[("Platform", s("Yoybuy")), ("First response", V::Blank)],
        ),
        case("S-5", &[("Status", s("Hmm"))]),
        case("S-6", &[("Received date", d("2026-09-01"))]),
        case("S-7", &[("Purchase date", d("2026-11-20"))]),
        case("S-8", &[("First response", d("2026-11-19 09:00"))]),
        case("S-9", &[("Resolved at", d("2026-11-19 12:00"))]),
        case(
            "S-10",
            &[("Purchase date", V::Blank), ("Received date", V::Blank)],
        ),
        case(
            "S-11",
            &[
                ("Platform", s("Yoybuy")),
                ("Purchase date", d("2023-01-02")),
                ("Received date", d("2023-01-03")),
                ("Request date", d("2023-01-04 10:00")),
                ("First response", d("2023-01-04 11:00")),
            ],
        ),
        case(
            "S-12",
            &[
                no_packaging.clone(),
                ("Request date", d("2026-11-01 10:00")),
            ],
        ),
        case(
            "S-13",
            &[no_packaging.clone(), ("First response", V::Blank)],
        ),
        case(
            "S-14",
            &[
                no_packaging,
                ("First response", V::Blank),
                ("Request date", d("2026-11-19 14:00")),
            ],
        ),
    ];
    write_cases(&w.join("situations.xlsx"), &header, rows);
    // A sheet without the optional columns, and one with a purchase date but no received date
    // whose only case is closed (nothing for the digest).
    let bare = ["Case ID", "Platform", "Request date"];
    let one = row(
        &bare,
        &[
            ("Case ID", s("B-1")),
            ("Platform", s("Superbuy")),
            ("Request date", d("2026-11-19 10:00")),
        ],
    );
    write_cases(&w.join("bare.xlsx"), &bare, vec![one]);
    let quiet = [
        "Case ID",
        "Platform",
        "Purchase date",
        "Request date",
        "Status",
        "Resolved at",
    ];
    let closed = row(
        &quiet,
        &[
            ("Case ID", s("Q-1")),
            ("Platform", s("Superbuy")),
            ("Purchase date", d("2026-11-10")),
            ("Request date", d("2026-11-19 10:00")),
            ("Status", s("Closed")),
            ("Resolved at", d("2026-11-19 12:00")),
        ],
    );
    write_cases(&w.join("quiet.xlsx"), &quiet, vec![closed]);
    // Every way a cell cannot be read (the reasons inside E_BAD_DATE and E_BAD_VALUE).
    let odd = [
        "Case ID",
        "Platform",
        "Request date",
        "Item used",
        "CSAT",
        "Order amount",
    ];
    let unreadable: Vec<_> = [
        ("Request date", s("soon")),
        ("Request date", n(99_999_999.0)),
        ("Request date", V::B(true)),
        ("Request date", na()),
        ("Request date", s("03/04/2026")),
        ("Item used", s("maybe")),
        ("CSAT", s("great")),
        ("CSAT", n(3.5)),
        ("CSAT", n(7.0)),
        ("Order amount", n(-5.0)),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (column, value))| {
        let id = format!("U-{i}");
        let mut cells = vec![
            ("Case ID", s(&id)),
            ("Platform", s("Superbuy")),
            ("Request date", d("2026-11-19 10:00")),
        ];
        cells.retain(|(name, _)| *name != column);
        cells.push((column, value));
        row(&odd, &cells)
    })
    .collect();
    write_cases(&w.join("unreadable.xlsx"), &odd, unreadable);
    // Three nights of a small workbook with a history: created, status and assignee changes,
    // a reopen the count missed, a case removed then restored, an edit after closing.
    let hist = [
        "Case ID",
        "Platform",
        "Request date",
        "Status",
        "Assignee",
        "Resolved at",
        "Reopened",
        "Order amount",
    ];
    let h = |id: &str, status: &str, assignee: &str, amount: f64| {
        let resolved = if status == "Resolved" {
            d("2026-11-05 10:00")
        } else {
            V::Blank
        };
        row(
            &hist,
            &[
                ("Case ID", s(id)),
                ("Platform", s("Superbuy")),
                ("Request date", d("2026-11-03 10:00")),
                ("Status", s(status)),
                ("Assignee", s(assignee)),
                ("Resolved at", resolved),
                ("Reopened", common::n(0.0)),
                ("Order amount", common::n(amount)),
            ],
        )
    };
    let nights = [
        (
            "2026-11-10T09:00",
            vec![
                h("H-1", "Open", "Li", 10.0),
                h("H-2", "Resolved", "Li", 10.0),
                h("H-3", "Open", "Li", 10.0),
                h("H-5", "Resolved", "Li", 100.0),
            ],
        ),
        (
            "2026-11-11T09:00",
            vec![
                h("H-1", "In progress", "Bob", 10.0),
                h("H-2", "Reopened", "Li", 10.0),
                h("H-5", "Resolved", "Li", 100.0),
            ],
        ),
        (
            "2026-11-12T09:00",
            vec![
                h("H-1", "In progress", "Bob", 10.0),
                h("H-2", "Reopened", "Li", 10.0),
                h("H-3", "Open", "Li", 10.0),
                h("H-5", "Resolved", "Li", 120.0),
            ],
        ),
    ];
    let log = w.join("used.txt");
    for lang in ["en", "zh"] {
        let l = ["--lang", lang];
        let o = format!("{lang}.xlsx");
        logged(
            &log,
            w,
            &[
                &["process", "demo.xlsx", "--as-of", AS_OF, "-o", &o][..],
                &l,
            ]
            .concat(),
        );
        logged(
            &log,
            w,
            &[
                &["process", "demo.xlsx", "--as-of", AS_OF, "--redact"][..],
                &l,
            ]
            .concat(),
        );
        for s in ["starter-en", "starter-zh"] {
            let input = format!("{s}/aftersales-cases.xlsx");
            logged(
                &log,
                w,
                &[&["process", &input, "--as-of", STARTER_AS_OF][..], &l].concat(),
            );
        }
        for period in [
            &["--week", "2026-W47"][..],
            &["--from", "2026-11-01"][..],
            &["--to", "2026-11-30"][..],
            &[][..],
        ] {
            let o = format!("kpi-{lang}.xlsx");
            logged(
                &log,
                w,
                &[
                    &["kpi", "demo.xlsx", "--as-of", AS_OF, "-o", &o][..],
                    period,
                    &l,
                ]
                .concat(),
            );
        }
        logged(
            &log,
            w,
            &[&["check", "demo.xlsx", "--as-of", AS_OF][..], &l].concat(),
        );
        for file in [
            "situations.xlsx",
            "bare.xlsx",
            "quiet.xlsx",
            "unreadable.xlsx",
        ] {
            let o = format!("{lang}-{file}");
            let process = ["process", file, "--as-of", AS_OF, "-o", &o];
            logged(&log, w, &[&process[..], &l].concat());
            logged(&log, w, &[&process[..], &["--no-history"], &l].concat());
            logged(
                &log,
                w,
                &[&["check", file, "--as-of", AS_OF][..], &l].concat(),
            );
        }
        let week = ["--week", "2020-W01"];
        logged(
            &log,
            w,
            &[&["kpi", "demo.xlsx", "--as-of", AS_OF][..], &week, &l].concat(),
        );
        logged(
            &log,
            w,
            &[&["init", &format!("init-{lang}")][..], &l].concat(),
        );
        logged(&log, w, &[&["policies"][..], &l].concat());
        let input = format!("hist-{lang}.xlsx");
        for (i, (as_of, rows)) in nights.iter().enumerate() {
            write_cases(&w.join(&input), &hist, rows.clone());
            let o = format!("hist-{lang}-{i}.xlsx");
            let args = ["process", &input, "--as-of", as_of, "-o", &o];
            logged(&log, w, &[&args[..], &l].concat());
        }
        logged(&log, w, &[&["timeline", &input][..], &l].concat());
        // `timeline` prints in the team's language.
        let printed = command(&[&["timeline", &input][..], &l].concat())
            .current_dir(w)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&printed.stdout).to_string();
        let (ours, theirs) = match lang {
            "zh" => ("个事件，最新的在前", "newest first"),
            _ => ("events, newest first", "最新的在前"),
        };
        assert!(
            printed.contains(ours) && !printed.contains(theirs),
            "{printed}"
        );
    }
    let used: BTreeSet<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let unreachable = [
        // 10,000 notes or Excel's row limit of findings: workbooks too large for a test.
        "run-notes_limit",
        "run-findings_not_listed",
        "run-findings_not_listed_value",
        // The case sheet of a run with the team's own comments: tests/writeback.rs covers
        // the behaviour in English.
        "run-notes_theirs",
        "run-notes_not_written",
        // More than 65,530 events in a history.
        "timeline-events_not_shown",
        "timeline-events_not_shown_value",
        // A finding on a row but on no column: every rule that looks at a row names a column
        // the sheet has (the history's findings may not).
        "check-row",
    ];
    let mut missing = Vec::new();
    for lang in ["en", "zh"] {
        for (file, id, _) in catalogue(lang) {
            // Error messages are said by the library's samples of every error
            // (`every_error_message_is_said_in_both_languages`), help texts by the command
            // line's own test.
            if file == "errors.ftl" || file == "help.ftl" {
                continue;
            }
            if unreachable.contains(&id.as_str()) {
                assert!(
                    !used.contains(&id),
                    "{id} is reached now: take it off the list"
                );
            } else if !used.contains(&id) {
                missing.push(format!("{lang}/{file}: {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "used by no test run: {missing:#?}");
}

/// The width Excel gives the 0-based column `col` of the sheet `xml`, from its `<col>` ranges.
fn col_width(xml: &str, col: usize) -> f64 {
    let n = col + 1;
    for piece in xml.split("<col ").skip(1) {
        let attr = |name: &str| {
            let start = piece.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            piece[start..].split('"').next().unwrap().to_string()
        };
        let (min, max): (usize, usize) =
            (attr("min").parse().unwrap(), attr("max").parse().unwrap());
        if (min..=max).contains(&n) {
            return attr("width").parse().unwrap();
        }
    }
    panic!("no <col> for column {n}")
}

#[test]
fn computed_columns_are_wide_enough_for_chinese_headers_and_their_dates() {
    let dir = tempdir();
    let input = demo(dir.path());
    let zh = dir.path().join("zh.xlsx");
    process(&input, &zh, &["--lang", "zh"]);
    let sheet = &sheet_names(&zh)[0];
    let header = &from_header(&zh, sheet, "平台（标准）")[0];
    let xml = common::zip_text(&zh, &common::sheet_xml_path(&zh, sheet));
    // A CJK character takes two columns of width: ten characters need twenty.
    let frt = "首次响应用时（小时）";
    assert!(col_width(&xml, col(header, frt)) >= 20.0, "{frt}");
    // A short header still leaves room for a date and time (2026-11-20 10:00).
    assert!(col_width(&xml, col(header, "解决截止")) >= 16.0);
}

#[test]
fn a_team_wording_of_a_computed_header_is_replaced_on_a_re_run() {
    let dir = tempdir();
    let input = demo(dir.path());
    let folder = dir.path().join("ours").join("en");
    std::fs::create_dir_all(&folder).unwrap();
    let text = std::fs::read_to_string(repo_file("templates/i18n/en/workbook.ftl")).unwrap();
    let text = text.replace("column-policy = Policy", "column-policy = Rule applied");
    std::fs::write(folder.join("workbook.ftl"), text).unwrap();
    let ours = dir.path().join("ours");
    let args = [
        "--lang",
        "en",
        "--no-history",
        "--templates",
        ours.to_str().unwrap(),
    ];
    let once = dir.path().join("once.xlsx");
    let twice = dir.path().join("twice.xlsx");
    process(&input, &once, &args);
    process(&once, &twice, &args);
    for output in [&once, &twice] {
        let header = &from_header(output, &sheet_names(output)[0], "Rule applied")[0];
        let count = header
            .iter()
            .filter(|h| h.as_str() == "Rule applied")
            .count();
        assert_eq!(count, 1, "{header:?}");
    }
}

/// Why a cell cannot be read is said in the team's language too: the demo's ambiguous date
/// and its CSAT of 7 (E_BAD_DATE, E_BAD_VALUE), in `check --format json` with `--lang zh`.
#[test]
fn why_a_cell_cannot_be_read_is_said_in_the_teams_language() {
    let dir = tempdir();
    let input = demo(dir.path());
    let messages = |lang: &str| -> Vec<(String, String)> {
        let out = command(&[
            "check", "--format", "json", "--as-of", AS_OF, "--lang", lang,
        ])
        .arg(&input)
        .output()
        .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| matches!(f["code"].as_str(), Some("E_BAD_DATE" | "E_BAD_VALUE")))
            .map(|f| {
                (
                    f["cell"].as_str().unwrap_or("").to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (en, zh) = (messages("en"), messages("zh"));
    assert_eq!(en.len(), zh.len());
    let said = |all: &[(String, String)], part: &str| all.iter().any(|(_, m)| m.contains(part));
    assert!(
        said(&en, "is ambiguous") && said(&en, "is out of range"),
        "{en:?}"
    );
    assert!(said(&zh, "无法确定") && said(&zh, "超出范围"), "{zh:?}");
    for english in [
        "is ambiguous",
        "is out of range",
        "is not a",
        "the cell holds",
    ] {
        assert!(!said(&zh, english), "{english:?} in {zh:?}");
    }
}

/// The Latin words of `text` a Chinese reader would take for English: flags (`--as-of`, `-o`),
/// file extensions, words in capitals (codes, formats, value names) and the words in `typed`
/// (commands and values one types, file names) left out.
fn english_words<'a>(text: &'a str, typed: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let latin = c.is_ascii_alphabetic()
            || (start.is_some() && (c == '_' || c == '-' || c.is_ascii_digit()));
        match (start, latin) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = &text[s..i];
                let before = text[..s].chars().next_back().unwrap_or(' ');
                let capitals = !word.chars().any(|c| c.is_ascii_lowercase());
                if !matches!(before, '-' | '.' | '/' | '$') && !capitals && !typed.contains(&word) {
                    out.push(word);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// What one types or reads as a name in help and messages, in any language.
const TYPED: [&str; 26] = [
    "aftersales",
    "process",
    "check",
    "kpi",
    "init",
    "policies",
    "timeline",
    "help",
    "text",
    "json",
    "csv",
    "error",
    "policy",
    "warning",
    "never",
    "en",
    "zh",
    "stem",
    "history",
    "sqlite",
    "annotated",
    "templates",
    "i18n",
    "date",
    "kind",
    "name",
];

/// `--help` of every command, and what clap refuses, in the team's language: from `--lang`,
/// else from the locale; never English in Chinese, never Chinese in English.
#[test]
fn help_and_argument_mistakes_are_in_the_teams_language() {
    let commands = ["process", "check", "kpi", "init", "policies", "timeline"];
    for (lang, env_lang) in [("zh", "C.UTF-8"), ("zh", "zh_CN.UTF-8"), ("en", "C.UTF-8")] {
        let given = env_lang == "C.UTF-8";
        let mut helps = Vec::new();
        for args in commands.iter().map(|c| vec![*c, "--help"]).chain([
            vec!["--help"],
            vec!["help"],
            vec!["help", "kpi"],
            vec!["help", "--help"],
        ]) {
            let mut args: Vec<&str> = args;
            if given {
                args.extend(["--lang", lang]);
            }
            let out = command(&args).env("LANG", env_lang).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
            helps.push(String::from_utf8(out.stdout).unwrap());
        }
        // `help kpi` is `kpi --help`.
        assert_eq!(helps[8], helps[2]);
        for help in &helps {
            // A message the catalogue lacks would show as its id.
            assert!(!help.contains("help-"), "a text missing: {help}");
            match lang {
                "zh" => {
                    assert!(help.contains("用法: aftersales"), "{help}");
                    let english = english_words(help, &TYPED);
                    assert!(english.is_empty(), "{english:?} in {help}");
                }
                _ => {
                    assert!(help.contains("Usage: aftersales"), "{help}");
                    assert!(!is_chinese(help), "{help}");
                }
            }
        }
        // The option texts are the catalogue's, its default and values included.
        let fail_on = helps[0]
            .lines()
            .find(|l| l.contains("--fail-on"))
            .unwrap()
            .to_string();
        let expected = match lang {
            "zh" => "有这一级别或更高级别的问题时，退出码为 1 [默认：error] [可选：error, policy, warning, never]",
            _ => "Exit 1 when there are findings at or above this level [default: error] [possible values: error, policy, warning, never]",
        };
        assert!(fail_on.ends_with(expected), "{fail_on}");
        // Mistakes in the arguments: one line, exit 2, naming the option.
        let mistakes: [(&[&str], &str, &str); 4] = [
            (
                &["process", "x.xlsx", "--fail-on", "all"],
                "--fail-on",
                "all",
            ),
            (
                &["process", "x.xlsx", "--as-off", "2026-11-20"],
                "--as-off",
                "--as-of",
            ),
            (&["proces", "x.xlsx"], "proces", "process"),
            (
                &["process", "x.xlsx", "--in-place", "-o", "y.xlsx"],
                "--in-place",
                "--output",
            ),
        ];
        for (args, named, also) in mistakes {
            let mut args: Vec<&str> = args.to_vec();
            if given {
                args.extend(["--lang", lang]);
            }
            let out = command(&args).env("LANG", env_lang).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(stderr.starts_with("aftersales: "), "{stderr}");
            assert!(stderr.contains(named) && stderr.contains(also), "{stderr}");
            match lang {
                "zh" => {
                    // What the user typed comes back as typed.
                    let english: Vec<&str> = english_words(&stderr, &TYPED)
                        .into_iter()
                        .filter(|w| !args.iter().any(|a| a.contains(w)))
                        .collect();
                    assert!(english.is_empty(), "{english:?} in {stderr}");
                    assert!(is_chinese(&stderr), "{stderr}");
                }
                _ => assert!(!is_chinese(&stderr), "{stderr}"),
            }
        }
    }
}

/// Errors found once the arguments are read (a period that holds no day, a starter workbook
/// that is already there) are said in the team's language too.
#[test]
fn usage_errors_are_in_the_teams_language() {
    let dir = tempdir();
    let input = demo(dir.path());
    let input = input.to_str().unwrap();
    starter(&dir.path().join("s"), "en");
    let folder = dir.path().join("s");
    let folder = folder.to_str().unwrap();
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["kpi", input, "--from", "2026-11-30", "--to", "2026-11-01"],
            "--from 2026-11-30 晚于 --to 2026-11-01",
            "--from 2026-11-30 is after --to 2026-11-01",
        ),
        (
            &["kpi", input, "--week", "2026-W60"],
            "2026 年没有第 60 周",
            "2026 has no week 60",
        ),
        (
            &["init", folder],
            "init 从不覆盖文件",
            "init never overwrites a file",
        ),
    ];
    for (args, zh, en) in cases {
        for (lang, expected) in [("zh", zh), ("en", en)] {
            let mut args = args.to_vec();
            args.extend(["--lang", lang]);
            let out = command(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(stderr.contains(expected), "{stderr}");
            if lang == "zh" {
                let english = english_words(&stderr, &TYPED);
                let english: Vec<_> = english
                    .into_iter()
                    .filter(|w| !stderr.contains(&format!("/{w}")))
                    .collect();
                assert!(english.is_empty(), "{english:?} in {stderr}");
            }
        }
    }
}

/// A value the reader does not know (E_BAD_VALUE) lists what it accepts as the labels of the
/// team's language, which the reader also accepts: never the canonical values of the JSON.
#[test]
fn accepted_values_are_listed_in_the_teams_language() {
    let dir = tempdir();
    let header = [
        "Case ID",
        "Platform",
        "Request date",
        "Status",
        "Item used",
        "Requested resolution",
    ];
    let write = |status: &str, used: &str, wanted: &str| {
        let case = row(
            &header,
            &[
                ("Case ID", s("A-1")),
                ("Platform", s("Superbuy")),
                ("Request date", d("2026-11-19 10:00")),
                ("Status", s(status)),
                ("Item used", s(used)),
                ("Requested resolution", s(wanted)),
            ],
        );
        write_cases(&dir.path().join("odd.xlsx"), &header, vec![case]);
    };
    write("Hmm", "maybe", "Money back");
    let messages = |lang: &str| -> Vec<String> {
        let (report, _) = check_json(dir.path(), "odd.xlsx", &["--lang", lang]);
        with_code(&report, "E_BAD_VALUE")
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    let (en, zh) = (messages("en"), messages("zh"));
    assert_eq!((en.len(), zh.len()), (3, 3), "{en:?} {zh:?}");
    for (lang, said, expected) in [
        (
            "en",
            &en,
            [
                "New, In progress, Waiting on customer",
                "yes, no",
                "Return & refund, Exchange",
            ],
        ),
        (
            "zh",
            &zh,
            ["待处理、处理中、待客户回复", "是、否", "退货退款、换货"],
        ),
    ] {
        for part in expected {
            assert!(
                said.iter().any(|m| m.contains(part)),
                "{lang}: {part} not in {said:?}"
            );
        }
        for canonical in ["in_progress", "waiting_customer", "return_refund"] {
            assert!(
                !said.iter().any(|m| m.contains(canonical)),
                "{lang}: {said:?}"
            );
        }
    }
    // What the message offers is read back: a label of either language is a spelling.
    write("待客户回复", "否", "Return & refund");
    assert!(messages("zh").is_empty());
}

/// Lists inside findings and next actions (the known platforms, the columns to fix) are joined
/// as the team's language joins them: "Superbuy、Bhiner" in Chinese, "Superbuy, Bhiner" in
/// English.
#[test]
fn lists_in_findings_and_next_actions_are_joined_in_the_teams_language() {
    let dir = tempdir();
    let header = [
        "Case ID",
        "Platform",
        "Request date",
        "First response",
        "Status",
    ];
    let rows = vec![
        row(
            &header,
            &[
                ("Case ID", s("L-1")),
                ("Platform", s("Bhinr")),
                ("Request date", d("2026-11-19 10:00")),
                ("First response", d("2026-11-19 11:00")),
                ("Status", s("Open")),
            ],
        ),
        row(
            &header,
            &[
                ("Case ID", s("L-2")),
                ("Platform", s("Superbuy")),
                ("Request date", s("soon")),
                ("First response", s("later")),
                ("Status", s("Open")),
            ],
        ),
    ];
    write_cases(&dir.path().join("lists.xlsx"), &header, rows);
    for (lang, platforms, columns) in [
        (
            "zh",
            "Superbuy、Bhiner、Yoybuy",
            "Request date、First response",
        ),
        (
            "en",
            "Superbuy, Bhiner, Yoybuy",
            "Request date, First response",
        ),
    ] {
        let out = command(&["check", "lists.xlsx", "--as-of", AS_OF, "--lang", lang])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(platforms), "{lang}: {text}");
        // The next action of the case with two unreadable dates names both columns.
        let output = dir.path().join(format!("lists-{lang}.xlsx"));
        command(&[
            "process",
            "lists.xlsx",
            "--as-of",
            AS_OF,
            "--lang",
            lang,
            "--fail-on",
            "never",
        ])
        .arg("-o")
        .arg(&output)
        .current_dir(dir.path())
        .assert()
        .success();
        let next_action = catalogue(lang)
            .into_iter()
            .find(|(_, id, _)| id == "column-next_action")
            .unwrap()
            .2;
        let rows = read_sheet(&output, "Sheet1");
        let at = col(&rows[0], &next_action);
        let l2 = rows.iter().find(|r| r[0] == "L-2").unwrap();
        assert!(l2[at].contains(columns), "{lang}: {}", l2[at]);
    }
}
