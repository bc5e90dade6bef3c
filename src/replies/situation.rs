//! Which situation a checked case is in: each situation has its own row of reply templates,
//! and a case is in the first one that applies, by priority.

use crate::compute::SlaStatus;
use crate::model::finding::Code;
use crate::rules::Checked;

/// The situations a case can be in, each with its own template row. The order of
/// [`Situation::ALL`] is the file order, not the priority (see [`Situation::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Situation {
    FixData,
    VideoRequired,
    PackagingPhotos,
    WindowExpired,
    RefundPartial,
    Overdue,
    FirstResponse,
    DueSoon,
    ReturnVisit,
    InProgress,
}

impl Situation {
    pub const ALL: [Situation; 10] = [
        Situation::FixData,
        Situation::VideoRequired,
        Situation::PackagingPhotos,
        Situation::WindowExpired,
        Situation::RefundPartial,
        Situation::Overdue,
        Situation::FirstResponse,
        Situation::DueSoon,
        Situation::ReturnVisit,
        Situation::InProgress,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Situation::FixData => "fix_data",
            Situation::VideoRequired => "video_required",
            Situation::PackagingPhotos => "packaging_photos",
            Situation::WindowExpired => "window_expired",
            Situation::RefundPartial => "refund_partial",
            Situation::Overdue => "overdue",
            Situation::FirstResponse => "first_response",
            Situation::DueSoon => "due_soon",
            Situation::ReturnVisit => "return_visit",
            Situation::InProgress => "in_progress",
        }
    }

    /// The catalogue message of the next action.
    pub(super) fn action_id(self) -> &'static str {
        match self {
            Situation::FixData => "action-fix_data",
            Situation::VideoRequired => "action-video_required",
            Situation::PackagingPhotos => "action-packaging_photos",
            Situation::WindowExpired => "action-window_expired",
            Situation::RefundPartial => "action-refund_partial",
            Situation::Overdue => "action-overdue",
            Situation::FirstResponse => "action-first_response",
            Situation::DueSoon => "action-due_soon",
            Situation::ReturnVisit => "action-return_visit",
            Situation::InProgress => "action-in_progress",
        }
    }

    /// The catalogue message of the customer reply (a catalogue may leave it out).
    pub(super) fn reply_id(self) -> &'static str {
        match self {
            Situation::FixData => "reply-fix_data",
            Situation::VideoRequired => "reply-video_required",
            Situation::PackagingPhotos => "reply-packaging_photos",
            Situation::WindowExpired => "reply-window_expired",
            Situation::RefundPartial => "reply-refund_partial",
            Situation::Overdue => "reply-overdue",
            Situation::FirstResponse => "reply-first_response",
            Situation::DueSoon => "reply-due_soon",
            Situation::ReturnVisit => "reply-return_visit",
            Situation::InProgress => "reply-in_progress",
        }
    }

    /// Whether the customer gets a message in this situation. Data to fix is the team's
    /// business, so `fix_data` never has one, whatever the template says.
    pub(super) fn has_message(self) -> bool {
        self != Situation::FixData
    }

    /// Which situation a case is in, by priority; `None` for a finished case with nothing
    /// left to do.
    ///
    /// Data errors come first (nothing else can be trusted), then what the platform's policy
    /// asks of an open case, then the clock. A policy finding a supervisor approved an
    /// exception for asks nothing more of the customer.
    pub fn of(checked: &Checked) -> Option<Situation> {
        if checked.has_error() {
            return Some(Situation::FixData);
        }
        let case = &checked.case;
        if case.is_open() {
            let policy = |code: Code| {
                case.exception_approved != Some(true)
                    && checked.findings.iter().any(|f| f.code == code)
            };
            let by_policy = [
                (Code::P_VIDEO_REQUIRED, Situation::VideoRequired),
                (Code::P_PACKAGING_REQUIRED, Situation::PackagingPhotos),
                (Code::P_WINDOW_EXPIRED, Situation::WindowExpired),
                (Code::P_REFUND_NOT_ALLOWED, Situation::RefundPartial),
            ];
            if let Some((_, s)) = by_policy.into_iter().find(|(code, _)| policy(*code)) {
                return Some(s);
            }
            let sla = checked.computed.sla_status;
            if sla == Some(SlaStatus::Overdue) {
                return Some(Situation::Overdue);
            }
            // A late first response that was given leaves nothing to reply to.
            if case.first_response_at.is_none() {
                return Some(Situation::FirstResponse);
            }
            if sla == Some(SlaStatus::DueSoon) {
                return Some(Situation::DueSoon);
            }
            return Some(Situation::InProgress);
        }
        checked
            .findings
            .iter()
            .any(|f| f.code == Code::W_NO_CSAT)
            .then_some(Situation::ReturnVisit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Texts};
    use crate::model::Status;
    use crate::replies::tests::{at, open_case};
    use crate::replies::{Action, Replies};

    fn situation(checked: &Checked) -> Option<&'static str> {
        Situation::of(checked).map(Situation::key)
    }

    /// Long only because it is one table of cases (rustfmt gives each several lines); most
    /// cases also carry what a later situation looks for, so the table pins the priority.
    #[test]
    fn situations_follow_the_priority_order() {
        use Code::*;
        let cases: [(&[Code], Option<SlaStatus>, bool, &str); 9] = [
            (
                &[
                    W_OVERDUE,
                    P_REFUND_NOT_ALLOWED,
                    P_VIDEO_REQUIRED,
                    E_DUPLICATE_ID,
                ],
                Some(SlaStatus::Overdue),
                false,
                "fix_data",
            ),
            (
                &[
                    P_REFUND_NOT_ALLOWED,
                    P_WINDOW_EXPIRED,
                    P_PACKAGING_REQUIRED,
                    P_VIDEO_REQUIRED,
                ],
                None,
                true,
                "video_required",
            ),
            (
                &[P_REFUND_NOT_ALLOWED, P_WINDOW_EXPIRED, P_PACKAGING_REQUIRED],
                None,
                true,
                "packaging_photos",
            ),
            (
                &[P_REFUND_NOT_ALLOWED, P_WINDOW_EXPIRED, W_OVERDUE],
                Some(SlaStatus::Overdue),
                false,
                "window_expired",
            ),
            (
                &[P_REFUND_NOT_ALLOWED, W_OVERDUE],
                Some(SlaStatus::Overdue),
                false,
                "refund_partial",
            ),
            (
                &[W_OVERDUE, W_FIRST_RESPONSE_LATE],
                Some(SlaStatus::Overdue),
                false,
                "overdue",
            ),
            (
                &[W_FIRST_RESPONSE_LATE],
                Some(SlaStatus::DueSoon),
                false,
                "first_response",
            ),
            (&[], Some(SlaStatus::DueSoon), true, "due_soon"),
            (&[], Some(SlaStatus::OnTrack), true, "in_progress"),
        ];
        for (codes, sla, responded, expected) in cases {
            let mut checked = open_case(codes);
            checked.computed.sla_status = sla;
            if !responded {
                checked.case.first_response_at = None;
            }
            assert_eq!(situation(&checked), Some(expected), "{codes:?}");
        }
    }

    #[test]
    fn finished_cases_get_a_return_visit_or_nothing() {
        let mut checked = open_case(&[Code::W_NO_CSAT, Code::P_VIDEO_REQUIRED]);
        checked.case.status = Some(Status::Resolved);
        checked.computed.sla_status = Some(SlaStatus::ResolvedOnTime);
        assert_eq!(situation(&checked), Some("return_visit"));
        checked.findings.clear();
        assert_eq!(situation(&checked), None);
        let replies = Replies::new(Texts::builtin(Lang::Zh));
        assert_eq!(
            replies.action(&checked, at("2026-11-20 09:00")),
            Action::default()
        );
    }

    #[test]
    fn an_approved_exception_asks_nothing_of_the_customer() {
        let mut checked = open_case(&[Code::P_VIDEO_REQUIRED]);
        checked.case.exception_approved = Some(true);
        assert_eq!(situation(&checked), Some("in_progress"));
    }
}
