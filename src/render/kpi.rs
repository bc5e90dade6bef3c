//! What `kpi` prints (PRODUCT.md section 5): the JSON object, the text tables and the CSV of a
//! [`KpiReport`]. Columns, headers and number formats come from the KPI table, [`KPIS`].

use std::fmt::Write as _;

use super::escape_formula;
use crate::i18n::Texts;
use crate::kpi::{KpiDef, KpiKind, KpiReport, Kpis, KPIS};
use crate::write::summary::{describe_period, group_label};

/// `kpi --format json`: the JSON object of PRODUCT.md section 5, nulls for unknown rates.
pub fn to_json(report: &KpiReport) -> String {
    // Only strings, integers, finite floats and string-keyed maps: serializing cannot fail.
    serde_json::to_string_pretty(report).expect("KPI report serializes to JSON")
}

const TEXT_SECTIONS: [&str; 4] = [
    "kpi-by_platform",
    "kpi-by_assignee",
    "kpi-by_issue_type",
    "kpi-by_week",
];

/// `kpi --format text`: the overall KPIs and one table per grouping.
pub fn render_text(report: &KpiReport, t: &Texts) -> String {
    let mut out = String::new();
    let as_of = report.as_of.format("%Y-%m-%d %H:%M").to_string();
    let period = describe_period(&report.period, t);
    let _ = writeln!(
        out,
        "{}",
        t.fmt("kpi-title", &[("period", &period), ("as_of", &as_of)])
    );
    let (cases, excluded) = (
        report.overall.cases().to_string(),
        report.excluded.to_string(),
    );
    let _ = writeln!(
        out,
        "{}",
        t.fmt("kpi-summary", &[("cases", &cases), ("excluded", &excluded)])
    );
    let all = t.get("kpi-all_cases");
    render_section(
        &mut out,
        &t.get("kpi-overall"),
        &[(all, &report.overall)],
        t,
    );
    for (title, (_, map)) in TEXT_SECTIONS.iter().zip(report.groups()) {
        let rows: Vec<(String, &Kpis)> = map.iter().map(|(k, v)| (group_label(k, t), v)).collect();
        render_section(&mut out, &t.get(title), &rows, t);
    }
    out
}

fn render_section(out: &mut String, title: &str, rows: &[(String, &Kpis)], t: &Texts) {
    let _ = writeln!(out, "\n{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  {}", t.get("kpi-no_cases"));
        return;
    }
    for (i, columns) in text_tables().iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_table(out, rows, columns, t);
    }
}

/// The KPI columns of each terminal table, by [`KpiDef::text_table`], so each table fits a
/// 100-column terminal.
fn text_tables() -> Vec<Vec<&'static KpiDef>> {
    let last = KPIS.iter().map(|def| def.text_table).max().unwrap_or(0);
    (0..=last)
        .map(|table| KPIS.iter().filter(|def| def.text_table == table).collect())
        .filter(|columns: &Vec<_>| !columns.is_empty())
        .collect()
}

fn render_table(out: &mut String, rows: &[(String, &Kpis)], columns: &[&KpiDef], t: &Texts) {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(_, kpis)| {
            columns
                .iter()
                .map(|def| display(def.kind, kpis.get(def.kpi)))
                .collect()
        })
        .collect();
    let headers: Vec<String> = columns
        .iter()
        .map(|def| t.get(&format!("short-{}", def.key)))
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            cells
                .iter()
                .map(|r| text_width(&r[i]))
                .fold(text_width(h), usize::max)
        })
        .collect();
    let name_width = rows.iter().map(|(n, _)| text_width(n)).max().unwrap_or(0);
    let header = headers.iter().map(String::as_str);
    push_row(out, ("", name_width), header.zip(widths.iter().copied()));
    for ((name, _), row) in rows.iter().zip(&cells) {
        let values = row.iter().map(String::as_str).zip(widths.iter().copied());
        push_row(out, (name, name_width), values);
    }
}

/// For people: rates as `85.7%`, hours and days with 1 decimal, scores with 2, `–` for null.
fn display(kind: KpiKind, value: Option<f64>) -> String {
    let Some(x) = value else {
        return "–".to_owned();
    };
    match kind {
        KpiKind::Count => whole(x),
        KpiKind::Rate => format!("{}%", super::fixed(x * 100.0, 1)),
        KpiKind::Hours | KpiKind::Days => super::fixed(x, 1),
        KpiKind::Score => super::fixed(x, 2),
    }
}

/// A count, which is a whole number.
fn whole(x: f64) -> String {
    (x as u64).to_string()
}

/// Two spaces of indent, the name left-aligned, the values right-aligned.
fn push_row<'a>(
    out: &mut String,
    name: (&str, usize),
    cells: impl Iterator<Item = (&'a str, usize)>,
) {
    out.push_str("  ");
    push_padded(out, name.0, name.1, false);
    for (text, width) in cells {
        out.push_str("  ");
        push_padded(out, text, width, true);
    }
    out.push('\n');
}

fn push_padded(out: &mut String, text: &str, width: usize, right: bool) {
    let pad = " ".repeat(width.saturating_sub(text_width(text)));
    if right {
        out.push_str(&pad);
        out.push_str(text);
    } else {
        out.push_str(text);
        out.push_str(&pad);
    }
}

/// Terminal columns a text takes: CJK and full-width characters take two.
/// Terminal columns: CJK characters take two.
fn text_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `kpi --format csv`: a header row, then one row per (group, name): `overall,all` first.
/// Rates are fractions as in JSON; a null is an empty cell.
pub fn render_csv(report: &KpiReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["group", "name"]
        .into_iter()
        .chain(KPIS.iter().map(|def| def.key));
    let mut rows = vec![("overall", "all", &report.overall)];
    for (group, map) in report.groups() {
        rows.extend(map.iter().map(|(name, kpis)| (group, name.as_str(), kpis)));
    }
    // Writing to a Vec cannot fail.
    writer.write_record(header).expect("CSV to memory");
    for (group, name, kpis) in rows {
        writer
            .write_record(csv_row(group, name, kpis))
            .expect("CSV to memory");
    }
    let bytes = writer.into_inner().expect("CSV to memory");
    let csv = String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8");
    format!("{}{csv}", super::UTF8_BOM)
}

fn csv_row(group: &str, name: &str, kpis: &Kpis) -> Vec<String> {
    let values = kpis.values().map(|(def, value)| match (def.kind, value) {
        (KpiKind::Count, Some(n)) => whole(n),
        (_, x) => x.map(|x| x.to_string()).unwrap_or_default(),
    });
    // A name starting like a formula gets a leading `'`, so a spreadsheet shows it as text.
    [group.to_owned(), escape_formula(name)]
        .into_iter()
        .chain(values)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::tests::{all, case, finished, PRODUCT_KPI_KEYS};
    use crate::kpi::KpiCase;

    #[test]
    fn text_shows_percent_one_decimal_and_dash_for_null() {
        let cases = [
            KpiCase {
                frt_hours: Some(1.25),
                ..finished("2026-11-17 10:00")
            },
            case("2026-11-17 11:00"),
            case("2026-11-17 12:00"),
        ];
        let text = render_text(&all(&cases), &Texts::default());
        assert!(text.contains("33.3%"), "{text}");
        assert!(text.contains("1.2") || text.contains("1.3"), "{text}");
        assert!(text.contains('–'), "{text}");
        for title in [
            "Overall",
            "By platform",
            "By assignee",
            "By issue type",
            "By ISO week",
        ] {
            assert!(text.contains(title), "{title}");
        }
    }

    #[test]
    fn text_aligns_wide_names() {
        let cases = [
            KpiCase {
                assignee: "张三".into(),
                ..case("2026-11-17 10:00")
            },
            KpiCase {
                assignee: "Bob".into(),
                ..case("2026-11-17 10:00")
            },
        ];
        let text = render_text(&all(&cases), &Texts::default());
        let line = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(&format!("  {name}")))
                .unwrap()
        };
        assert_eq!(text_width(line("张三")), text_width(line("Bob")));
    }

    #[test]
    fn csv_has_a_row_per_group_and_empty_cells_for_null() {
        let cases = [KpiCase {
            assignee: "=cmd".into(),
            ..case("2026-11-17 10:00")
        }];
        let csv = render_csv(&all(&cases));
        let csv = csv
            .strip_prefix(crate::render::UTF8_BOM)
            .expect("a BOM first");
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert_eq!(header, format!("group,name,{}", PRODUCT_KPI_KEYS.join(",")));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), 5, "{csv}");
        assert!(
            rows[0].starts_with("overall,all,1,1,0,0,,,,"),
            "{}",
            rows[0]
        );
        assert!(
            rows.iter().any(|r| r.starts_with("assignee,'=cmd,")),
            "{csv}"
        );
        assert!(
            rows.iter().any(|r| r.starts_with("week,2026-W47,")),
            "{csv}"
        );
    }
}
