//! Next actions and suggested replies, from the `action-*` and `reply-*` messages of the
//! catalogues (`templates/i18n/<lang>/replies.ftl`, see [`crate::i18n`]): next actions in the
//! team's language, replies in the customer's. [`Replies::action`] picks the situation of a
//! case by priority and fills its message.

mod situation;
mod template;

use std::path::Path;

use chrono::NaiveDateTime;

pub use crate::i18n::Lang;
use crate::i18n::{Catalogue, CatalogueError, Texts};
use crate::rules::Checked;
pub use situation::Situation;
use template::{tidy, Values};

/// What to do next with a case, and what to tell the customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Action {
    pub next_action: Option<String>,
    pub suggested_reply: Option<String>,
}

/// Next actions and replies of a run.
#[derive(Debug, Clone)]
pub struct Replies {
    texts: Texts,
}

impl Replies {
    pub fn new(texts: Texts) -> Replies {
        Replies { texts }
    }

    /// One language for actions and replies: the built-in catalogues, or those of `dir`.
    pub fn load(lang: Lang, dir: Option<&Path>) -> Result<Replies, CatalogueError> {
        Ok(Replies::new(Texts::load(lang, lang, dir)?))
    }

    /// The next action and suggested reply for a case. `as_of` is the moment the case was
    /// checked at; the statuses it decides are already in `checked`.
    pub fn action(&self, checked: &Checked, _as_of: NaiveDateTime) -> Action {
        let Some(situation) = Situation::of(checked) else {
            return Action::default();
        };
        let values = Values::of(checked);
        let fill = |catalogue: &Catalogue, id: &str| {
            let mut out = String::new();
            catalogue.write(id, &mut out, |name, out| values.write(name, out, catalogue));
            tidy(&out)
        };
        let customer = self.texts.customer();
        // Data to fix is the team's business: no reply, whatever the catalogue says.
        let reply = (situation.has_message() && customer.has(situation.reply_id()))
            .then(|| fill(customer, situation.reply_id()))
            .filter(|r| !r.is_empty());
        Action {
            next_action: Some(fill(self.texts.team(), situation.action_id())),
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
    fn every_situation_fills_in_both_languages_with_no_variable_left() {
        for lang in [Lang::En, Lang::Zh] {
            let replies = Replies::new(Texts::builtin(lang));
            for situation in Situation::ALL {
                let mut checked = open_case(&[]);
                let action = replies.texts.team().fmt(situation.action_id(), &[]);
                assert!(!action.contains('{') && !action.contains('$'), "{action}");
                let chinese = crate::templates::is_chinese(&action);
                assert_eq!(chinese, lang == Lang::Zh, "{action}");
                checked.case.customer = Some("Zhang Wei".into());
                let has_reply = replies.texts.customer().has(situation.reply_id());
                assert_eq!(
                    has_reply,
                    !matches!(situation, Situation::FixData | Situation::InProgress),
                    "{lang:?} {situation:?} customer message"
                );
            }
        }
    }

    #[test]
    fn next_actions_follow_the_team_and_replies_the_customer() {
        let texts = Texts::load(Lang::Zh, Lang::En, None).unwrap();
        let replies = Replies::new(texts);
        let mut checked = open_case(&[]);
        checked.case.first_response_at = None;
        let action = replies.action(&checked, at("2026-11-20 09:00"));
        assert_eq!(
            action.next_action.as_deref(),
            Some("回复客户（首次响应截止 2026-11-20 10:00）")
        );
        assert!(action
            .suggested_reply
            .unwrap()
            .starts_with("Hello Zhang Wei, "));
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
}
