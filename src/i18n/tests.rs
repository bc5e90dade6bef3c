use super::*;
use std::collections::BTreeSet;

use fluent_bundle::FluentResource;

fn user_dir(lang: &str, file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(lang)).unwrap();
    std::fs::write(dir.path().join(lang).join(file), text).unwrap();
    dir
}

fn builtin_text(lang: Lang, file: &str) -> &'static str {
    let (_, en, zh) = BUILTIN.into_iter().find(|(f, _, _)| *f == file).unwrap();
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn load_error(lang: Lang, file: &str, text: &str) -> String {
    let dir = user_dir(lang.code(), file, text);
    Texts::load(Lang::En, Lang::En, Some(dir.path()))
        .unwrap_err()
        .to_string()
}

#[test]
fn the_built_in_catalogues_pass_their_own_check() {
    for lang in Lang::ALL {
        let texts = Texts::builtin(lang);
        assert_eq!(texts.lang(), lang);
    }
}

#[test]
fn a_missing_message_names_the_file_and_the_message() {
    let text = builtin_text(Lang::Zh, "replies.ftl")
        .lines()
        .filter(|l| !l.starts_with("action-overdue"))
        .collect::<Vec<_>>()
        .join("\n");
    let message = load_error(Lang::Zh, "replies.ftl", &text);
    assert!(
        message.contains("zh/replies.ftl: message \"action-overdue\" is missing"),
        "{message}"
    );
}

#[test]
fn an_unknown_variable_names_file_line_message_and_variable() {
    let text = builtin_text(Lang::En, "replies.ftl").replace(
        "action-due_soon = Resolve before { $resolution_due }",
        "action-due_soon = Resolve before { $resolution_dew }",
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("action-due_soon"))
        .unwrap()
        + 1;
    let message = load_error(Lang::En, "replies.ftl", &text);
    assert!(
        message.contains(&format!(
            "en/replies.ftl line {line}: message \"action-due_soon\" uses the unknown variable $resolution_dew"
        )),
        "{message}"
    );
}

#[test]
fn the_customer_is_never_named_in_a_next_action() {
    let text = builtin_text(Lang::En, "replies.ftl").replace(
        "action-return_visit = Return visit",
        "action-return_visit = { $customer }: return visit",
    );
    let message = load_error(Lang::En, "replies.ftl", &text);
    assert!(message.contains("unknown variable $customer"), "{message}");
}

#[test]
fn a_syntax_error_names_file_and_line() {
    let text = format!(
        "{}\nbroken = {{ $case_id\n",
        builtin_text(Lang::En, "replies.ftl")
    );
    let line = text.lines().count();
    let message = load_error(Lang::En, "replies.ftl", &text);
    assert!(
        message.contains(&format!("en/replies.ftl line {line}: syntax error")),
        "{message}"
    );
}

/// A broken catalogue is reported in the built-in catalogue of the team's language, the
/// Fluent parser's complaint said in that language too.
#[test]
fn a_catalogue_error_is_said_in_the_teams_language() {
    let text = format!(
        "{}\nbroken = {{ $case_id\n",
        builtin_text(Lang::Zh, "replies.ftl")
    );
    let line = text.lines().count();
    let dir = user_dir("zh", "replies.ftl", &text);
    let error = Texts::load(Lang::Zh, Lang::Zh, Some(dir.path())).unwrap_err();
    let english = error.to_string();
    assert!(
        english.contains(&format!(
            "line {line}: syntax error: \"}}\" is expected here"
        )),
        "{english}"
    );
    let chinese = error.message().render(builtin_catalogue(Lang::Zh));
    let file = dir.path().join("zh").join("replies.ftl");
    assert!(
        chinese.starts_with(&format!(
            "{} 第 {line} 行：语法错误：这里应有“}}”",
            file.display()
        )),
        "{chinese}"
    );
    assert!(
        !chinese.contains("syntax") && !chinese.contains("expected"),
        "{chinese}"
    );
    // A variable the message may not use: the variables it may use are listed, or "none".
    let text = builtin_text(Lang::Zh, "workbook.ftl")
        .replace("sheet-trend = ", "sheet-trend = { $case } ");
    let dir = user_dir("zh", "workbook.ftl", &text);
    let error = Texts::load(Lang::Zh, Lang::Zh, Some(dir.path())).unwrap_err();
    let chinese = error.message().render(builtin_catalogue(Lang::Zh));
    assert!(
        chinese.ends_with("消息“sheet-trend”用了未知变量 $case；可以用的变量：无"),
        "{chinese}"
    );
    assert!(error.to_string().ends_with("it may use: none"), "{error}");
}

#[test]
fn other_catalogue_mistakes_are_errors() {
    let base = builtin_text(Lang::En, "replies.ftl");
    let cases = [
        (
            "actoin-overdue = Typo\n",
            "unknown message \"actoin-overdue\"",
        ),
        (
            "action-overdue = Again\n",
            "message \"action-overdue\" is defined twice",
        ),
        (
            "reply-in_progress = { nothing-here }\n",
            "refers to \"nothing-here\"",
        ),
    ];
    for (extra, expected) in cases {
        let message = load_error(Lang::En, "replies.ftl", &format!("{base}\n{extra}"));
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn a_templates_folder_replaces_one_file_and_keeps_the_others() {
    let text = builtin_text(Lang::Zh, "replies.ftl").replace(
        "action-return_visit = 回访：请客户评分",
        "action-return_visit = 回访客户 { $case_id }",
    );
    let dir = user_dir("zh", "replies.ftl", &text);
    let texts = Texts::load(Lang::Zh, Lang::Zh, Some(dir.path())).unwrap();
    assert_eq!(
        texts.fmt("action-return_visit", &[("case_id", "AS-1")]),
        "回访客户 AS-1"
    );
}

#[test]
fn a_message_with_a_select_goes_through_fluent() {
    let base = builtin_text(Lang::En, "replies.ftl");
    let text = base.replace(
        "action-return_visit = Return visit: ask for a satisfaction score",
        "action-return_visit = { $case_id ->\n    [AS-1] First case\n   *[other] Return visit for { $case_id }\n}",
    );
    let dir = user_dir("en", "replies.ftl", &text);
    let texts = Texts::load(Lang::En, Lang::En, Some(dir.path())).unwrap();
    assert_eq!(
        texts.fmt("action-return_visit", &[("case_id", "AS-1")]),
        "First case"
    );
    assert_eq!(
        texts.fmt("action-return_visit", &[("case_id", "AS-2")]),
        "Return visit for AS-2"
    );
}

#[test]
fn the_locale_decides_the_default_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
    assert_eq!(
        Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "zh_TW")])),
        Lang::Zh
    );
    assert_eq!(Lang::from_locale(env(&[])), Lang::En);
}

/// Every message of `errors.ftl` is said by one of the samples each module gives of its
/// errors, in both languages: the Chinese has no English word left but those a module names
/// (flags, formats, product names), the English no Chinese, and each is one line.
#[test]
fn every_error_message_is_said_in_both_languages() {
    let areas = [
        crate::error::message_samples(),
        crate::input::message_samples(),
        crate::package::message_samples(),
        crate::history::message_samples(),
    ];
    let mut said = BTreeSet::new();
    for (samples, words) in &areas {
        for message in samples {
            said.extend(message.ids());
            for lang in Lang::ALL {
                let catalogue = builtin_catalogue(lang);
                for id in message.ids() {
                    assert!(catalogue.has(id), "{id} is in no {} catalogue", lang.code());
                }
                let mut text = message.render(catalogue);
                assert!(!text.contains('\n'), "{text}");
                let mut values = message.values();
                values.sort_by_key(|v| std::cmp::Reverse(v.len()));
                for value in values.into_iter().filter(|v| !v.is_empty()) {
                    text = text.replace(value, " ");
                }
                match lang {
                    Lang::En => assert!(
                        !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "Chinese in English: {text}"
                    ),
                    Lang::Zh => {
                        let english: Vec<&str> = latin_words(&text)
                            .into_iter()
                            .filter(|w| !words.contains(w) && !COMMON_WORDS.contains(w))
                            .collect();
                        assert!(english.is_empty(), "English {english:?} in: {text}");
                    }
                }
            }
        }
    }
    let (_, en, _) = BUILTIN
        .into_iter()
        .find(|(file, _, _)| *file == "errors.ftl")
        .unwrap();
    let resource = FluentResource::try_new(en.to_string()).unwrap();
    let unsaid: Vec<&str> = resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name),
            _ => None,
        })
        .filter(|id| !said.contains(id))
        .collect();
    assert!(unsaid.is_empty(), "said by no sample: {unsaid:?}");
}

/// Latin words every module may use in Chinese: flags are cut out before, these are names.
const COMMON_WORDS: &[&str] = &["aftersales", "Excel", "LibreOffice", "WPS", "CSV", "SQLite"];

/// The words of Latin letters in `text`, flags (`--history`, `-o`), file extensions (`.xlsx`)
/// and words in capitals (codes such as E_MISSING_COLUMN, formats such as YYYY-MM-DD) left out.
fn latin_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let latin =
            c.is_ascii_alphabetic() || (start.is_some() && (c == '_' || c.is_ascii_digit()));
        match (start, latin) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let before = if s > 0 { bytes[s - 1] } else { b' ' };
                let word = &text[s..i];
                let capitals = !word.chars().any(|c| c.is_ascii_lowercase());
                if before != b'-' && before != b'.' && before != b'$' && !capitals {
                    out.push(word);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}
