//! `aftersales policies`: the effective policy table as text.

use super::padded;
use crate::i18n::{Describe, Texts};
use crate::policy::{Policy, PolicyTable};

/// The effective policy table as an aligned text table, with each row's source. The columns
/// are named and filled as a policy file spells them (what one types in `--policies`); where a
/// row comes from is said in the team's language.
pub fn policies_text(table: &PolicyTable, t: &Texts) -> String {
    let mut rows: Vec<Vec<String>> = vec![Policy::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain([t.get("policies-source")])
        .collect()];
    for policy in table.rows() {
        rows.push(
            policy
                .cells()
                .into_iter()
                .chain([policy.source.message().render(t.team())])
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| {
            rows.iter()
                .map(|r| unicode_width::UnicodeWidthStr::width(r[c].as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(v, w)| padded(v, *w))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
