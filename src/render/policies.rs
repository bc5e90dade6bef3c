//! `aftersales policies`: the effective policy table as text.

use crate::policy::{Policy, PolicyTable};

/// The effective policy table as an aligned text table, with each row's source.
pub fn policies_text(table: &PolicyTable) -> String {
    let mut rows: Vec<Vec<String>> = vec![Policy::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(["source".to_string()])
        .collect()];
    for policy in table.rows() {
        rows.push(
            policy
                .cells()
                .into_iter()
                .chain([policy.source.to_string()])
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
