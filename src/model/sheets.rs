//! The sheets the tool writes, and what re-processing its own output does with each: the one
//! place their names are spelled.

use super::spelling::canonical_enum;

canonical_enum!(
    /// A sheet of the annotated workbook (or, for `About`, of the KPI workbook), spelled as
    /// its sheet name. The Policies sheet is read back as the workbook's own policy table; the
    /// Run sheet's A1 holds [`RUN_MARKER`]; About is the KPI workbook's notes.
    Sheet {
        Cases => "Cases",
        Findings => "Findings",
        Summary => "Summary",
        Trend => "Trend",
        Policies => "Policies",
        Run => "Run",
        About => "About",
    }
);

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

    /// The sheet's name.
    pub const fn name(self) -> &'static str {
        self.as_str()
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
