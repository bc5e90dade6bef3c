//! The computed columns appended to the case sheet (PRODUCT.md 6.1): the one place their
//! order, headers and widths are set. [`crate::write::cases`] makes each value; the
//! conditional formats there name their columns by [`ComputedColumn`]. On re-processing an
//! annotated workbook the headers are recognised and the columns replaced, never duplicated.

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

    pub fn header(self) -> &'static str {
        match self {
            ComputedColumn::PlatformStd => "Platform (std)",
            ComputedColumn::StatusStd => "Status (std)",
            ComputedColumn::IssueTypeStd => "Issue type (std)",
            ComputedColumn::Policy => "Policy",
            ComputedColumn::WindowStart => "Window start",
            ComputedColumn::ReturnDeadline => "Return deadline",
            ComputedColumn::FirstResponseDue => "First response due",
            ComputedColumn::FrtHours => "FRT (h)",
            ComputedColumn::ResolutionDue => "Resolution due",
            ComputedColumn::PausedHours => "Paused (h)",
            ComputedColumn::AgeDays => "Age (days)",
            ComputedColumn::SlaStatus => "SLA status",
            ComputedColumn::Priority => "Priority",
            ComputedColumn::InKpis => "In KPIs",
            ComputedColumn::Findings => "Findings",
            ComputedColumn::NextAction => "Next action",
            ComputedColumn::SuggestedReply => "Suggested reply",
        }
    }

    /// Column width for the long texts; `None`: sized to the header.
    pub fn width(self) -> Option<f64> {
        match self {
            // Wide enough for `resolved_on_time`.
            ComputedColumn::SlaStatus => Some(18.0),
            ComputedColumn::Findings => Some(28.0),
            ComputedColumn::NextAction => Some(48.0),
            ComputedColumn::SuggestedReply => Some(60.0),
            _ => None,
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
