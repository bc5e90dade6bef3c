//! Next actions and suggested replies, from editable templates in `templates/replies/`.
//!
//! Each language has one CSV file (`key,next_action,customer_message`), compiled in as the
//! default and replaceable with `--templates DIR` (`DIR/en.csv`, `DIR/zh.csv`). Templates are
//! checked when they are loaded: every situation needs a row and every `{placeholder}` must be
//! one the tool fills, so a typo stops the run before any file is written rather than showing
//! up in hundreds of rows. [`Replies::action`] then picks the situation of a case by priority
//! and fills its placeholders.

mod situation;
mod template;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::rules::Checked;
use crate::templates::{
    read_csv_rows, CsvError, REPLIES_EN_CSV as EN_CSV, REPLIES_ZH_CSV as ZH_CSV,
};
pub use situation::Situation;
use template::{Row, Values};

/// What to do next with a case, and what to tell the customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Action {
    pub next_action: Option<String>,
    pub suggested_reply: Option<String>,
}

/// The language of next actions and replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `en` or `zh`: the template file stem.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    fn builtin_csv(self) -> &'static str {
        match self {
            Lang::En => EN_CSV,
            Lang::Zh => ZH_CSV,
        }
    }
}

/// Why the reply templates cannot be used. Messages name the file and, where there is one,
/// the line and the placeholder.
#[derive(Debug, thiserror::Error)]
pub enum RepliesError {
    #[error("{file}: cannot read the reply templates: {reason}")]
    Read { file: String, reason: String },
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error("{file}: the header row needs the columns key, next_action and customer_message")]
    Header { file: String },
    #[error("{file} line {line}: unknown placeholder {{{name}}} in {column}; known placeholders: {known}")]
    UnknownPlaceholder {
        file: String,
        line: u64,
        column: &'static str,
        name: String,
        known: String,
    },
    #[error("{file} line {line}: {{customer}} may only be used in customer_message, because next actions are also printed in the terminal")]
    PersonalInAction { file: String, line: u64 },
    #[error("{file} line {line}: a \"{{\" without a closing \"}}\" in {column}")]
    Unclosed {
        file: String,
        line: u64,
        column: &'static str,
    },
    #[error("{file} line {line}: unknown key \"{key}\"; known keys: {known}")]
    UnknownKey {
        file: String,
        line: u64,
        key: String,
        known: String,
    },
    #[error("{file} line {line}: a second row for key \"{key}\" (the first is on line {first}); keep one")]
    DuplicateKey {
        file: String,
        line: u64,
        key: String,
        first: u64,
    },
    #[error("{file} line {line}: the next_action for key \"{key}\" is blank")]
    BlankAction {
        file: String,
        line: u64,
        key: String,
    },
    #[error("{file}: missing template for key \"{key}\"; every key needs a row: {known}")]
    MissingKey {
        file: String,
        key: &'static str,
        known: String,
    },
}

/// The loaded reply templates of one language.
#[derive(Debug, Clone)]
pub struct Replies {
    pub lang: Lang,
    /// Indexed like [`Situation::ALL`].
    rows: Vec<Row>,
}

impl Replies {
    /// The built-in templates of `lang`, or `dir/<lang>.csv` when a folder is given.
    pub fn load(lang: Lang, dir: Option<&Path>) -> Result<Replies, RepliesError> {
        match dir {
            None => {
                let file = format!("templates/replies/{}.csv (built in)", lang.code());
                Replies::parse(lang, lang.builtin_csv(), &file)
            }
            Some(dir) => {
                let path: PathBuf = dir.join(format!("{}.csv", lang.code()));
                let file = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|e| RepliesError::Read {
                    file: file.clone(),
                    reason: e.to_string(),
                })?;
                Replies::parse(lang, &text, &file)
            }
        }
    }

    /// Parses a template CSV; `file` names it in messages.
    pub fn parse(lang: Lang, text: &str, file: &str) -> Result<Replies, RepliesError> {
        let mut rows = read_csv_rows(text, file)?.into_iter();
        let header_error = || RepliesError::Header {
            file: file.to_string(),
        };
        let (_, header) = rows.next().ok_or_else(header_error)?;
        let position = |name: &str| header.iter().position(|h| h.trim() == name);
        let (Some(key_col), Some(action_col)) = (position("key"), position("next_action")) else {
            return Err(header_error());
        };
        let message_col = position("customer_message");
        let mut found: Vec<Option<(u64, Row)>> = vec![None; Situation::ALL.len()];
        for (line, cells) in rows {
            let cell = |col: Option<usize>| col.and_then(|c| cells.get(c)).map_or("", |s| s.trim());
            let key = cell(Some(key_col));
            let situation = Situation::from_key(key).ok_or_else(|| RepliesError::UnknownKey {
                file: file.to_string(),
                line,
                key: key.to_string(),
                known: Situation::known_keys(),
            })?;
            let slot = &mut found[situation.index()];
            if let Some((first, _)) = slot {
                return Err(RepliesError::DuplicateKey {
                    file: file.to_string(),
                    line,
                    key: key.to_string(),
                    first: *first,
                });
            }
            let row = Row::parse(file, line, key, cell(Some(action_col)), cell(message_col))?;
            *slot = Some((line, row));
        }
        let rows = Situation::ALL
            .into_iter()
            .zip(found)
            .map(|(situation, row)| {
                row.map(|(_, row)| row)
                    .ok_or_else(|| RepliesError::MissingKey {
                        file: file.to_string(),
                        key: situation.key(),
                        known: Situation::known_keys(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Replies { lang, rows })
    }

    /// The next action and suggested reply for a case. `as_of` is the moment the case was
    /// checked at; the statuses it decides are already in `checked`.
    pub fn action(&self, checked: &Checked, _as_of: NaiveDateTime) -> Action {
        let Some(situation) = Situation::of(checked) else {
            return Action::default();
        };
        let row = &self.rows[situation.index()];
        let values = Values::of(checked);
        let reply = (situation.has_message() && !row.customer_message.is_empty())
            .then(|| row.customer_message.render(&values));
        Action {
            next_action: Some(row.next_action.render(&values)),
            suggested_reply: reply,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::compute::SlaStatus;
    use crate::model::finding::{Code, Finding};
    use crate::model::Status;

    pub(super) fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn finding(code: Code, column: &str) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            case_id: "AS-1".into(),
            row: Some(2),
            column: column.into(),
            col: Some(0),
            message: String::new(),
            hint: None,
        }
    }

    /// An open case with every placeholder value present.
    pub(super) fn open_case(codes: &[Code]) -> Checked {
        let mut checked = Checked::default();
        let case = &mut checked.case;
        case.case_id = Some("AS-1".into());
        case.customer = Some("Zhang Wei".into());
        case.platform = Some("Bhiner".into());
        case.assignee = Some("Li Na".into());
        case.status = Some(Status::InProgress);
        case.first_response_at = Some(at("2026-11-19 12:00"));
        let computed = &mut checked.computed;
        computed.return_deadline = NaiveDate::from_ymd_opt(2026, 11, 26);
        computed.first_response_due = Some(at("2026-11-20 10:00"));
        computed.resolution_due = Some(at("2026-11-24 10:00"));
        computed.sla_status = Some(SlaStatus::OnTrack);
        checked.findings = codes.iter().map(|c| finding(*c, "Evidence")).collect();
        checked
    }

    #[test]
    fn every_template_renders_in_both_languages_with_no_placeholder_left() {
        let mut checked = open_case(&[Code::E_BAD_DATE]);
        checked.findings[0].column = "Request date".into();
        let values = Values::of(&checked);
        for lang in [Lang::En, Lang::Zh] {
            let replies = Replies::load(lang, None).unwrap();
            for (situation, row) in Situation::ALL.into_iter().zip(&replies.rows) {
                let action = row.next_action.render(&values);
                let message = row.customer_message.render(&values);
                for text in [&action, &message] {
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{lang:?} {situation:?}: {text}"
                    );
                }
                assert!(!action.is_empty());
                assert_eq!(
                    row.customer_message.is_empty(),
                    matches!(situation, Situation::FixData | Situation::InProgress),
                    "{lang:?} {situation:?} customer message"
                );
                let chinese = action
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                assert_eq!(chinese, lang == Lang::Zh, "{action}");
            }
        }
    }

    #[test]
    fn placeholders_are_filled_with_formatted_values() {
        let replies = Replies::load(Lang::En, None).unwrap();
        let mut checked = open_case(&[]);
        checked.case.first_response_at = None;
        let action = replies.action(&checked, at("2026-11-20 09:00"));
        assert_eq!(
            action.next_action.as_deref(),
            Some("Reply to the customer (first response due 2026-11-20 10:00)")
        );
        let reply = action.suggested_reply.unwrap();
        assert!(reply.starts_with("Hello Zhang Wei, "), "{reply}");
        assert!(reply.contains("case AS-1"), "{reply}");
        assert!(reply.contains("by 2026-11-24 10:00."), "{reply}");

        checked.computed.sla_status = Some(SlaStatus::Overdue);
        let action = replies.action(&checked, at("2026-11-25 09:00"));
        assert_eq!(
            action.next_action.as_deref(),
            Some("Resolve or escalate: overdue since 2026-11-24 10:00")
        );
    }

    #[test]
    fn a_blank_customer_name_leaves_no_stray_space() {
        let replies = Replies::load(Lang::En, None).unwrap();
        let mut checked = open_case(&[Code::P_VIDEO_REQUIRED]);
        checked.case.customer = None;
        let reply = replies
            .action(&checked, at("2026-11-20 09:00"))
            .suggested_reply;
        assert!(reply.unwrap().starts_with("Hello, thank you"));
    }

    #[test]
    fn fix_data_names_every_error_column_and_has_no_customer_message() {
        let replies = Replies::load(Lang::En, None).unwrap();
        let mut checked = open_case(&[Code::P_VIDEO_REQUIRED, Code::E_BAD_DATE, Code::E_BAD_VALUE]);
        checked.findings[1].column = "Request date".into();
        let action = replies.action(&checked, at("2026-11-20 09:00"));
        assert_eq!(
            action.next_action.as_deref(),
            Some("Correct the data in column Request date, Evidence (see the Findings sheet)")
        );
        assert_eq!(action.suggested_reply, None);
    }

    fn without_row(key: &str) -> String {
        EN_CSV
            .lines()
            .filter(|l| !l.starts_with(&format!("{key},")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_missing_template_is_an_error_naming_the_file_and_key() {
        let err = Replies::parse(Lang::En, &without_row("overdue"), "mine/en.csv").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("mine/en.csv: "), "{message}");
        assert!(message.contains("\"overdue\""), "{message}");
    }

    #[test]
    fn an_unknown_placeholder_is_an_error_naming_file_line_and_placeholder() {
        let text = "key,next_action,customer_message\n\nfix_data,Fix {column},\nvideo_required,Ask,Hi {nope}\n";
        let message = Replies::parse(Lang::En, text, "mine/en.csv")
            .unwrap_err()
            .to_string();
        assert!(
            message
                .starts_with("mine/en.csv line 4: unknown placeholder {nope} in customer_message"),
            "{message}"
        );
    }

    #[test]
    fn template_mistakes_are_errors() {
        let header = "key,next_action,customer_message\n";
        let cases = [
            (
                "vidoe_required,Ask,\n",
                "line 2: unknown key \"vidoe_required\"",
            ),
            (
                "fix_data,Fix,\nfix_data,Fix again,\n",
                "line 3: a second row for key \"fix_data\" (the first is on line 2)",
            ),
            (
                "fix_data,Fix {column,\n",
                "line 2: a \"{\" without a closing \"}\" in next_action",
            ),
            (
                "first_response,Reply to {customer},\n",
                "line 2: {customer} may only be used in customer_message",
            ),
            (
                "fix_data,,\n",
                "line 2: the next_action for key \"fix_data\" is blank",
            ),
        ];
        for (body, expected) in cases {
            let message = Replies::parse(Lang::En, &format!("{header}{body}"), "t.csv")
                .unwrap_err()
                .to_string();
            assert!(message.contains(expected), "{message}");
        }
        let message = Replies::parse(Lang::En, "name,text\n", "t.csv")
            .unwrap_err()
            .to_string();
        assert!(message.contains("header row"), "{message}");
    }

    #[test]
    fn a_templates_folder_replaces_the_built_in_file() {
        let dir = tempfile::tempdir().unwrap();
        let text = ZH_CSV.replace("回访：请客户评分", "回访客户 {case_id}");
        std::fs::write(dir.path().join("zh.csv"), text).unwrap();
        let replies = Replies::load(Lang::Zh, Some(dir.path())).unwrap();
        let mut checked = open_case(&[Code::W_NO_CSAT]);
        checked.case.status = Some(Status::Closed);
        let action = replies.action(&checked, at("2026-11-20 09:00"));
        assert_eq!(action.next_action.as_deref(), Some("回访客户 AS-1"));
        let err = Replies::load(Lang::En, Some(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("en.csv: cannot read"), "{err}");
    }
}
