//! The computed columns appended to the case sheet (PRODUCT.md 6.1): the one place their
//! order, headers and widths are set. [`crate::write::cases`] makes each value; the
//! conditional formats there name their columns by [`ComputedColumn`]. On re-processing an
//! annotated workbook the headers are recognised and the columns replaced, never duplicated.

use crate::i18n::Texts;

/// One computed column, in sheet order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputedColumn {
    /// The platform as the policy table spells it (as written when no policy applies).
    PlatformStd,
    /// The canonical status, issue type: 处理中, In progress and 正在处理 are one value.
    StatusStd,
    IssueTypeStd,
    Policy,
    WindowStart,
    ReturnDeadline,
    FirstResponseDue,
    FrtHours,
    ResolutionDue,
    /// Hours the resolution clock stood still in a pause status (PRODUCT.md section 9).
    PausedHours,
    AgeDays,
    SlaStatus,
    Priority,
    /// `no` when the row has an error finding (it is left out of the KPIs), else `yes`.
    InKpis,
    Findings,
    NextAction,
    SuggestedReply,
}

impl ComputedColumn {
    pub const ALL: [ComputedColumn; 17] = [
        ComputedColumn::PlatformStd,
        ComputedColumn::StatusStd,
        ComputedColumn::IssueTypeStd,
        ComputedColumn::Policy,
        ComputedColumn::WindowStart,
        ComputedColumn::ReturnDeadline,
        ComputedColumn::FirstResponseDue,
        ComputedColumn::FrtHours,
        ComputedColumn::ResolutionDue,
        ComputedColumn::PausedHours,
        ComputedColumn::AgeDays,
        ComputedColumn::SlaStatus,
        ComputedColumn::Priority,
        ComputedColumn::InKpis,
        ComputedColumn::Findings,
        ComputedColumn::NextAction,
        ComputedColumn::SuggestedReply,
    ];

    /// Position among the computed columns.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The catalogue message of the header.
    pub const fn message(self) -> &'static str {
        match self {
            ComputedColumn::PlatformStd => "column-platform_std",
            ComputedColumn::StatusStd => "column-status_std",
            ComputedColumn::IssueTypeStd => "column-issue_type_std",
            ComputedColumn::Policy => "column-policy",
            ComputedColumn::WindowStart => "column-window_start",
            ComputedColumn::ReturnDeadline => "column-return_deadline",
            ComputedColumn::FirstResponseDue => "column-first_response_due",
            ComputedColumn::FrtHours => "column-frt_hours",
            ComputedColumn::ResolutionDue => "column-resolution_due",
            ComputedColumn::PausedHours => "column-paused_hours",
            ComputedColumn::AgeDays => "column-age_days",
            ComputedColumn::SlaStatus => "column-sla_status",
            ComputedColumn::Priority => "column-priority",
            ComputedColumn::InKpis => "column-in_kpis",
            ComputedColumn::Findings => "column-findings",
            ComputedColumn::NextAction => "column-next_action",
            ComputedColumn::SuggestedReply => "column-suggested_reply",
        }
    }

    /// The header in the team's language.
    pub fn header(self, texts: &Texts) -> String {
        texts.get(self.message())
    }

    /// Column width for the long texts; `None`: sized to the header.
    pub fn width(self) -> Option<f64> {
        match self {
            ComputedColumn::SlaStatus => Some(18.0),
            ComputedColumn::Findings => Some(28.0),
            ComputedColumn::NextAction => Some(48.0),
            ComputedColumn::SuggestedReply => Some(60.0),
            _ => None,
        }
    }

    /// The least width a column sized to its header gets: room for the dates it holds
    /// (a short Chinese header would leave `###`).
    pub fn least_width(self) -> f64 {
        match self {
            ComputedColumn::FirstResponseDue | ComputedColumn::ResolutionDue => 17.0,
            _ => 12.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_index_order() {
        for (i, column) in ComputedColumn::ALL.into_iter().enumerate() {
            assert_eq!(column.index(), i, "{column:?}");
        }
    }
}
