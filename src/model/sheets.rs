//! The sheets the tool writes, and what re-processing its own output does with each: the one
//! place their names are spelled.

/// A sheet of the annotated workbook (or, for `About`, of the KPI workbook).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// The team's cases with the computed columns.
    Cases,
    Findings,
    Summary,
    Trend,
    /// The policy table that was applied; read back as the workbook's own policy table.
    Policies,
    /// The run record; its A1 holds [`RUN_MARKER`].
    Run,
    /// The KPI workbook's notes on what it covers.
    About,
}

impl Sheet {
    /// The sheets of an annotated workbook, in order.
    pub const ANNOTATED: [Sheet; 6] = [
        Sheet::Cases,
        Sheet::Findings,
        Sheet::Summary,
        Sheet::Trend,
        Sheet::Policies,
        Sheet::Run,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Sheet::Cases => "Cases",
            Sheet::Findings => "Findings",
            Sheet::Summary => "Summary",
            Sheet::Trend => "Trend",
            Sheet::Policies => "Policies",
            Sheet::Run => "Run",
            Sheet::About => "About",
        }
    }

    /// Made from the cases, so a re-run replaces it and never reads it. The Policies sheet
    /// is not one: a team may edit it, and it is read back as their policy table.
    pub fn is_report(self) -> bool {
        matches!(
            self,
            Sheet::Findings | Sheet::Summary | Sheet::Trend | Sheet::Run
        )
    }

    /// The annotated workbook's sheet with exactly this name.
    pub fn named(name: &str) -> Option<Sheet> {
        Sheet::ANNOTATED.into_iter().find(|s| s.name() == name)
    }
}

/// A1 of the Run sheet, which marks a workbook written by this tool.
pub const RUN_MARKER: &str = "aftersales run";

/// Names of a sheet holding a policy table inside the team's workbook.
pub const POLICY_SHEETS: [&str; 2] = [Sheet::Policies.name(), "平台政策"];
