//! The sheets the tool writes, and what re-processing its own output does with each: the one
//! place their names are spelled.

use super::spelling::canonical_enum;
use crate::i18n::{labels_in_every_language, Texts};

canonical_enum!(
    /// A sheet of the annotated workbook (or, for `About`, of the KPI workbook), spelled as
    /// its sheet name. The Policies sheet is read back as the workbook's own policy table; the
    /// Run sheet's A1 holds [`RUN_MARKER`]; About is the KPI workbook's notes.
    Sheet {
        Cases => "Cases",
        Findings => "Findings",
        Summary => "Summary",
        Pivot => "Pivot",
        Trend => "Trend",
        Timeline => "Timeline",
        Removed => "Removed",
        Policies => "Policies",
        AppliedPolicies => "Applied policies",
        Run => "Run",
        About => "About",
    }
);

impl Sheet {
    /// The sheets of an annotated workbook, in order.
    pub const ANNOTATED: [Sheet; 9] = [
        Sheet::Cases,
        Sheet::Findings,
        Sheet::Summary,
        Sheet::Pivot,
        Sheet::Trend,
        Sheet::Timeline,
        Sheet::Removed,
        Sheet::AppliedPolicies,
        Sheet::Run,
    ];

    /// The sheet's English name, which identifies it in the code (the graft's source names).
    pub const fn name(self) -> &'static str {
        self.as_str()
    }

    /// The catalogue message of the sheet's name.
    pub const fn message(self) -> &'static str {
        match self {
            Sheet::Cases => "sheet-cases",
            Sheet::Findings => "sheet-findings",
            Sheet::Summary => "sheet-summary",
            Sheet::Pivot => "sheet-pivot",
            Sheet::Trend => "sheet-trend",
            Sheet::Timeline => "sheet-timeline",
            Sheet::Removed => "sheet-removed",
            Sheet::Policies => "sheet-policies",
            Sheet::AppliedPolicies => "sheet-applied_policies",
            Sheet::Run => "sheet-run",
            Sheet::About => "sheet-about",
        }
    }

    /// The sheet's name in the team's language.
    pub fn label(self, texts: &Texts) -> String {
        texts.get(self.message())
    }

    /// Made from the cases, so a re-run replaces it and never reads it. The Policies sheet
    /// is not one: a team may edit it, and it is read back as their policy table.
    pub fn is_report(self) -> bool {
        matches!(
            self,
            Sheet::Findings
                | Sheet::Summary
                | Sheet::Pivot
                | Sheet::Trend
                | Sheet::Timeline
                | Sheet::Removed
                | Sheet::AppliedPolicies
                | Sheet::Run
        )
    }

    /// The annotated workbook's sheet with exactly this name, in any language.
    pub fn named(name: &str) -> Option<Sheet> {
        Sheet::ANNOTATED.into_iter().find(|s| {
            s.name() == name
                || labels_in_every_language(s.message())
                    .iter()
                    .any(|l| l == name)
        })
    }
}

/// A1 of the Run sheet, which marks a workbook written by this tool.
pub const RUN_MARKER: &str = "aftersales run";

/// The catalogue message labelling the Run sheet's rows that name each sheet the run added
/// (column B), so the next run knows them whatever they are called.
pub const SHEET_ADDED: &str = "run-sheet_added";

/// Whether `label` (column A of a Run sheet) is [`SHEET_ADDED`] in any language, or as the
/// versions before the catalogues wrote it.
pub fn is_sheet_added(label: &str) -> bool {
    label == "Sheet added"
        || labels_in_every_language(SHEET_ADDED)
            .iter()
            .any(|l| l == label)
}

/// The sheets `process` adds after the team's, in order.
pub const GENERATED: [Sheet; 8] = [
    Sheet::Findings,
    Sheet::Summary,
    Sheet::Pivot,
    Sheet::Trend,
    Sheet::Timeline,
    Sheet::Removed,
    Sheet::AppliedPolicies,
    Sheet::Run,
];

/// Whether `name` may be the Run sheet: `Run` in any language, or `Run (2)` when the team had
/// a `Run`.
pub fn may_be_run_sheet(name: &str) -> bool {
    let mut names = labels_in_every_language(Sheet::Run.message());
    names.push(Sheet::Run.name().to_string());
    names.iter().any(|run| {
        name == run
            || name
                .strip_prefix(run.as_str())
                .and_then(|rest| rest.strip_prefix(" ("))
                .and_then(|rest| rest.strip_suffix(')'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Names of a sheet holding a policy table inside the team's workbook (the zh catalogue's
/// name of the Policies sheet is the second).
pub const POLICY_SHEETS: [&str; 2] = [Sheet::Policies.name(), "平台政策"];
