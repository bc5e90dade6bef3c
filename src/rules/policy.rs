//! Checks against the platform's policy row: is there one, was the request inside the
//! return window, is the evidence, packaging and requested refund what the policy asks; and
//! an approved exception turning policy findings into warnings.

use crate::compute::{window_days, Computed};
use crate::input::values::quote;
use crate::model::finding::{Code, Severity};
use crate::model::{Case, IssueType, Key, Resolution};
use crate::policy::{Policy, PolicyTable, RefundRule, WindowStart};

use super::row::RowCheck;
use super::sla::CalendarNote;

/// The policy row for the case's platform and category; E_UNKNOWN_PLATFORM when none.
pub fn find_policy(rc: &mut RowCheck, case: &Case, policies: &PolicyTable) -> Option<usize> {
    let platform = case.platform.as_deref()?;
    let found = policies.lookup(platform, case.category.as_deref());
    let index = found.and_then(|p| policies.rows().iter().position(|r| std::ptr::eq(r, p)));
    if index.is_none() {
        let mut known: Vec<&str> = policies
            .rows()
            .iter()
            .map(|p| p.platform.as_str())
            .collect();
        known.dedup();
        let (platform, known) = (quote(platform), rc.texts.team().join(&known));
        let args = [("platform", platform.as_str()), ("known", &known)];
        rc.say(
            Code::E_UNKNOWN_PLATFORM,
            Some(Key::Platform),
            ("finding-unknown_platform", &args),
            "hint-unknown_platform",
        );
    }
    index
}

/// W_NO_RECEIVED_DATE when the window falls back to the purchase date, and P_WINDOW_EXPIRED
/// when the request came after the return deadline.
pub fn check_window(
    rc: &mut RowCheck,
    case: &Case,
    policy: &Policy,
    computed: &Computed,
    calendar: &mut CalendarNote,
) {
    if policy.window_start == WindowStart::Received
        && case.received_date.is_none()
        && !rc.bad.contains(&Key::ReceivedDate)
        && rc.has_column(Key::ReceivedDate)
    {
        let purchase = case.purchase_date.map(|p| p.date().to_string());
        let message = match &purchase {
            Some(p) => ("finding-no_received_date", vec![("purchase", p.as_str())]),
            None => ("finding-no_window_dates", vec![]),
        };
        rc.say(
            Code::W_NO_RECEIVED_DATE,
            Some(Key::ReceivedDate),
            (message.0, &message.1),
            "hint-no_received_date",
        );
    }
    let Some(deadline) = computed.return_deadline else {
        return;
    };
    calendar.note(rc, computed.window_beyond_calendar);
    if let Some(request) = case.request_at {
        if request.date() > deadline {
            let (days, quality) = window_days(case, policy);
            let id = if quality {
                "finding-window_expired_quality"
            } else {
                "finding-window_expired_return"
            };
            let (requested, days, deadline) = (
                request.date().to_string(),
                days.to_string(),
                deadline.to_string(),
            );
            let args = [
                ("requested", requested.as_str()),
                ("days", &days),
                ("platform", &policy.platform),
                ("deadline", &deadline),
            ];
            rc.say(
                Code::P_WINDOW_EXPIRED,
                Some(Key::RequestAt),
                (id, &args),
                "hint-window_expired",
            );
        }
    }
}

/// P_VIDEO_REQUIRED, P_PACKAGING_REQUIRED and P_REFUND_NOT_ALLOWED.
pub fn check_evidence_and_refund(rc: &mut RowCheck, case: &Case, policy: &Policy) {
    if case.issue_type == Some(IssueType::Quality)
        && policy.requires_video_for_defect
        && rc.has_column(Key::Evidence)
        && !mentions_video(case.evidence.as_deref())
    {
        let evidence = case.evidence.as_deref().unwrap_or("");
        let evidence = quote(evidence);
        let args = [
            ("platform", policy.platform.as_str()),
            ("evidence", &evidence),
        ];
        let key = if rc.has_column(Key::Evidence) {
            Key::Evidence
        } else {
            Key::IssueType
        };
        rc.say(
            Code::P_VIDEO_REQUIRED,
            Some(key),
            ("finding-video_required", &args),
            "hint-video_required",
        );
    }
    let returning = matches!(
        case.resolution_requested,
        Some(Resolution::ReturnRefund | Resolution::Exchange)
    );
    if returning && policy.requires_original_packaging && case.original_packaging == Some(false) {
        rc.say(
            Code::P_PACKAGING_REQUIRED,
            Some(Key::OriginalPackaging),
            (
                "finding-packaging_required",
                &[("platform", &policy.platform)],
            ),
            "hint-packaging_required",
        );
    }
    let refunding = matches!(
        case.resolution_requested,
        Some(Resolution::FullRefund | Resolution::ReturnRefund)
    );
    if refunding && case.item_used == Some(true) && policy.refund_rule == RefundRule::PartialIfUsed
    {
        let requested = case
            .resolution_requested
            .map(|r| rc.texts.label("resolution", r))
            .unwrap_or_default();
        let args = [
            ("platform", policy.platform.as_str()),
            ("requested", &requested),
        ];
        rc.say(
            Code::P_REFUND_NOT_ALLOWED,
            Some(Key::ResolutionRequested),
            ("finding-refund_not_allowed", &args),
            "hint-refund_not_allowed",
        );
    }
}

fn mentions_video(evidence: Option<&str>) -> bool {
    let Some(evidence) = evidence else {
        return false;
    };
    // A negated mention ("无视频，只有照片", "no video") is no video: take the negations out
    // and look for what is left.
    let mut text = evidence.to_lowercase();
    for negated in NEGATED_VIDEO {
        text = text.replace(negated, " ");
    }
    text.contains("video") || text.contains("视频")
}

/// How a team writes that there is no video.
const NEGATED_VIDEO: [&str; 7] = [
    "无视频",
    "没有视频",
    "未提供视频",
    "没视频",
    "no video",
    "without video",
    "without a video",
];

/// A policy finding on a row with an approved exception stays, as a warning.
pub fn apply_exception(rc: &mut RowCheck, case: &Case) {
    if case.exception_approved != Some(true) {
        return;
    }
    let texts = rc.texts;
    for finding in rc.findings.iter_mut().filter(|f| f.code.is_policy()) {
        finding.severity = Severity::Warning;
        finding.message = texts.fmt(
            "finding-exception_approved",
            &[("message", &finding.message)],
        );
    }
}

#[cfg(test)]
mod video_tests {
    use super::mentions_video;

    #[test]
    fn a_negated_mention_is_no_video() {
        assert!(mentions_video(Some("视频+照片")));
        assert!(mentions_video(Some("Video of the defect")));
        assert!(!mentions_video(Some("无视频，只有照片")));
        assert!(!mentions_video(Some("photos, no video")));
        assert!(!mentions_video(Some("未提供视频")));
        assert!(!mentions_video(None));
        // A negation of one and a mention of another: there is a video.
        assert!(mentions_video(Some("no video yet; video sent 11-20")));
    }
}
