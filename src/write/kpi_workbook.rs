//! The KPI workbook of `kpi -o` (PRODUCT.md sections 1 and 6): Summary, Trend and About sheets.
//!
//! It is built from [`KpiCase`]s only, which carry no customer, contact, feedback or remarks, so
//! the workbook cannot contain personal data. Fixed document properties keep it byte-identical
//! for the same cases and as-of.

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::summary::{describe_period, write_summary, write_trend};
use crate::i18n::Texts;
use crate::kpi::{KpiCase, KpiReport};
use crate::model::sheets::Sheet;

/// Summary, Trend and About, ready for the caller to save (through a temp file and rename).
pub fn build_kpi_workbook(
    cases: &[KpiCase],
    report: &KpiReport,
    t: &Texts,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(report.as_of));
    write_summary(&mut wb, cases, report, t)?;
    write_trend(&mut wb, report, t)?;
    write_about(wb.add_worksheet(), report, t)?;
    Ok(wb)
}

/// The creation time is the report's as-of, never the clock: same input and as-of, same bytes.
fn properties(as_of: NaiveDateTime) -> DocProperties {
    DocProperties::new()
        .set_title("After-sales KPIs")
        .set_subject("KPIs without customer personal data")
        .set_author("aftersales")
        .set_comment(concat!("Written by aftersales ", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&as_of)
}

/// One value on the About sheet; dates stay dates.
enum About {
    Text(String),
    Count(usize),
    Date(Option<NaiveDate>),
    DateTime(NaiveDateTime),
}

fn write_about(ws: &mut Worksheet, report: &KpiReport, t: &Texts) -> Result<(), XlsxError> {
    ws.set_name(Sheet::About.label(t))?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 20)?;
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, t.get("about-title"), &bold)?;
    let rows = [
        (
            "about-period",
            About::Text(describe_period(&report.period, t)),
        ),
        ("about-from", About::Date(report.period.from)),
        ("about-to", About::Date(report.period.to)),
        ("about-as_of", About::DateTime(report.as_of)),
        ("about-cases", About::Count(report.overall.cases())),
        ("about-excluded", About::Count(report.excluded)),
        (
            "about-version",
            About::Text(env!("CARGO_PKG_VERSION").to_owned()),
        ),
    ];
    for (i, (label, value)) in rows.into_iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, t.get(label), &bold)?;
        write_about_value(ws, row, value)?;
    }
    ws.write_string(10, 0, t.get("about-note"))?;
    Ok(())
}

fn write_about_value(ws: &mut Worksheet, row: u32, value: About) -> Result<(), XlsxError> {
    let left = Format::new().set_align(FormatAlign::Left);
    match value {
        About::Text(text) => ws.write_string(row, 1, text)?,
        About::Count(n) => ws.write_number_with_format(row, 1, n as f64, &left)?,
        About::Date(None) => ws,
        About::Date(Some(day)) => {
            ws.write_datetime_with_format(row, 1, day, &left.set_num_format("yyyy-mm-dd"))?
        }
        About::DateTime(t) => {
            ws.write_datetime_with_format(row, 1, t, &left.set_num_format("yyyy-mm-dd hh:mm:ss"))?
        }
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use std::collections::BTreeMap;
    use std::path::Path;

    use calamine::{open_workbook, Data, Reader, Xlsx};
    use chrono::TimeDelta;

    use super::*;
    use crate::kpi::{compute, Kpi, Kpis, Period};
    use crate::model::{IssueType, Status};
    const SUMMARY: &str = crate::model::sheets::Sheet::Summary.name();

    fn as_of() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    /// A deterministic pseudo-random mix: 3 platforms, 4 assignees and an unassigned one,
    /// every issue type and status, ratings, reopens and error rows, over 7 ISO weeks.
    pub(crate) fn sample_cases(n: usize) -> Vec<KpiCase> {
        (0..n as u64).map(sample_case).collect()
    }

    /// A small integer hash of (case, field), so fields vary independently.
    fn pick(i: u64, salt: u64, modulo: u64) -> u64 {
        let mut x =
            i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        (x ^ (x >> 32)) % modulo
    }

    fn sample_case(i: u64) -> KpiCase {
        let start = NaiveDate::from_ymd_opt(2026, 10, 5)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let platforms = ["Superbuy", "Bhiner", "Yoybuy"];
        let assignees = ["Anna", "Bo Chen", "张伟", "Dmitri", ""];
        let status = Status::ALL[pick(i, 1, 9) as usize];
        let finished = status.is_finished();
        let frt = (pick(i, 2, 6) != 0).then(|| pick(i, 3, 400) as f64 / 10.0);
        let days = finished.then(|| pick(i, 4, 120) as f64 / 10.0);
        let issue = pick(i, 5, 7) as usize;
        KpiCase {
            request_at: Some(start + TimeDelta::minutes(pick(i, 6, 49 * 24 * 60) as i64)),
            platform: platforms[pick(i, 7, 3) as usize].into(),
            assignee: assignees[pick(i, 8, 5) as usize].into(),
            issue_type: IssueType::ALL.get(issue).copied(),
            status: Some(status),
            frt_hours: frt,
            frt_met: frt.map(|h| h <= 24.0),
            resolution_days: days,
            resolved_on_time: days.map(|d| d <= 7.0),
            reopen_count: u32::from(pick(i, 9, 8) == 0),
            csat: (finished && pick(i, 10, 3) != 0).then(|| pick(i, 11, 5) as u8 + 1),
            policy_exception: pick(i, 12, 9) == 0,
            overdue: !finished && pick(i, 13, 4) == 0,
            has_error: pick(i, 14, 25) == 0,
        }
    }

    /// The text of a file inside the saved workbook, None when it is not there.
    fn zip_entry(path: &Path, name: &str) -> Option<String> {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut entry = archive.by_name(name).ok()?;
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        Some(text)
    }

    /// Every `<tag>…</tag>` text in an XML document.
    fn tag_texts(xml: &str, tag: &str) -> Vec<String> {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        xml.split(&open)
            .skip(1)
            .map(|rest| rest.split(&close).next().unwrap().to_owned())
            .collect()
    }

    /// `Summary!$A$20:$A$22` → ("Summary", column 0, rows 19..=21).
    fn parse_ref(reference: &str) -> (String, u32, std::ops::RangeInclusive<u32>) {
        let (sheet, cells) = reference.split_once('!').unwrap();
        let cell = |c: &str| {
            let parts: Vec<&str> = c.split('$').collect();
            let col = parts[1]
                .bytes()
                .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1))
                - 1;
            (col, parts[2].parse::<u32>().unwrap() - 1)
        };
        let (from, to) = cells.split_once(':').unwrap();
        let ((col, first), (col_to, last)) = (cell(from), cell(to));
        assert_eq!(col, col_to, "{reference} is one column");
        (sheet.to_owned(), col, first..=last)
    }

    /// The cells a chart series range refers to, read back with calamine.
    fn cells(path: &Path, reference: &str) -> Vec<Data> {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let (sheet, col, rows) = parse_ref(reference);
        let range = wb.worksheet_range(&sheet).unwrap();
        rows.map(|r| range.get_value((r, col)).cloned().unwrap_or(Data::Empty))
            .collect()
    }

    fn saved(cases: &[KpiCase]) -> (KpiReport, tempfile::TempDir, std::path::PathBuf) {
        let report = compute(cases, &Period::all(), as_of());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kpi.xlsx");
        build_kpi_workbook(cases, &report, &Texts::default())
            .unwrap()
            .save(&path)
            .unwrap();
        (report, dir, path)
    }

    fn names(map: &BTreeMap<String, Kpis>) -> Vec<Data> {
        map.keys().map(|k| Data::String(k.clone())).collect()
    }

    fn numbers(values: impl IntoIterator<Item = Option<f64>>) -> Vec<Data> {
        values
            .into_iter()
            .map(|v| v.map_or(Data::Empty, Data::Float))
            .collect()
    }

    /// (categories, values) references of each series of a chart.
    fn series_refs(path: &Path, chart: usize) -> Vec<(String, String)> {
        let xml = zip_entry(path, &format!("xl/charts/chart{chart}.xml")).unwrap();
        tag_texts(&xml, "c:ser")
            .iter()
            .map(|ser| {
                let cat = tag_texts(&tag_texts(ser, "c:cat")[0], "c:f")[0].clone();
                let val = tag_texts(&tag_texts(ser, "c:val")[0], "c:f")[0].clone();
                (cat, val)
            })
            .collect()
    }

    #[test]
    fn summary_charts_draw_the_platform_assignee_and_issue_tables() {
        let (report, _dir, path) = saved(&sample_cases(400));
        let [(cat, val)] = series_refs(&path, 1).try_into().unwrap();
        assert!(cat.starts_with("Summary!$A$"), "{cat}");
        assert_eq!(cells(&path, &cat), names(&report.by_platform));
        let rates = report
            .by_platform
            .values()
            .map(|k| k.get(Kpi::ResolutionRate));
        assert_eq!(cells(&path, &val), numbers(rates));

        let [(cat, val)] = series_refs(&path, 2).try_into().unwrap();
        assert_eq!(cells(&path, &cat), names(&report.by_assignee));
        let medians = report
            .by_assignee
            .values()
            .map(|k| k.get(Kpi::FrtMedianHours));
        assert_eq!(cells(&path, &val), numbers(medians));

        // The issue rows follow the canonical order, not the report's alphabetical one, and
        // show each issue type's label.
        let texts = Texts::default();
        let [(cat, val)] = series_refs(&path, 3).try_into().unwrap();
        let slices: BTreeMap<String, Data> = cells(&path, &cat)
            .into_iter()
            .map(|name| name.to_string())
            .zip(cells(&path, &val))
            .collect();
        let counts = report.by_issue_type.iter();
        let expected = counts
            .map(|(k, v)| {
                let label = crate::write::summary::group_label(k, &texts);
                (label, Data::Float(v.cases() as f64))
            })
            .collect();
        assert_eq!(slices, expected);
        assert!(zip_entry(&path, "xl/charts/chart3.xml")
            .unwrap()
            .contains("<c:doughnutChart>"));
    }

    #[test]
    fn trend_chart_draws_cases_and_median_days_per_week() {
        let (report, _dir, path) = saved(&sample_cases(400));
        let [(cat, cases), (cat2, days)] = series_refs(&path, 4).try_into().unwrap();
        assert_eq!(cat, cat2);
        assert!(cat.starts_with("Trend!$A$"), "{cat}");
        let weeks = names(&report.by_week);
        assert_eq!(weeks.len(), 8, "2026-W41 to 2026-W48");
        assert_eq!(cells(&path, &cat), weeks);
        let counts = report.by_week.values().map(|k| Some(k.cases() as f64));
        assert_eq!(cells(&path, &cases), numbers(counts));
        let medians = report
            .by_week
            .values()
            .map(|k| k.get(Kpi::ResolutionDaysMedian));
        assert_eq!(cells(&path, &days), numbers(medians));
        let xml = zip_entry(&path, "xl/charts/chart4.xml").unwrap();
        assert_eq!(
            xml.matches("<c:valAx>").count(),
            2,
            "a secondary value axis"
        );
        assert!(zip_entry(&path, "xl/charts/chart5.xml").is_none());
    }

    /// `(from col, from row, to col, to row)` of every chart anchored on a drawing.
    fn anchors(path: &Path, drawing: usize) -> Vec<[u32; 4]> {
        let xml = zip_entry(path, &format!("xl/drawings/drawing{drawing}.xml")).unwrap();
        let corner = |part: &str| {
            let col = tag_texts(part, "xdr:col")[0].parse().unwrap();
            let row = tag_texts(part, "xdr:row")[0].parse().unwrap();
            (col, row)
        };
        xml.split("<xdr:twoCellAnchor")
            .skip(1)
            .map(|a| {
                let from = corner(&tag_texts(a, "xdr:from")[0]);
                let to = corner(&tag_texts(a, "xdr:to")[0]);
                [from.0, from.1, to.0, to.1]
            })
            .collect()
    }

    #[test]
    fn charts_sit_right_of_every_table_and_apart() {
        let (_, _dir, path) = saved(&sample_cases(400));
        let mut summary = anchors(&path, 1);
        assert_eq!(summary.len(), 3);
        summary.sort_by_key(|a| a[1]);
        // Tables use columns A (names) to Q (16 KPIs).
        assert!(summary.iter().all(|a| a[0] > 16), "{summary:?}");
        for pair in summary.windows(2) {
            assert!(pair[1][1] > pair[0][3], "charts overlap: {summary:?}");
        }
        assert!(anchors(&path, 2)[0][0] > 16);
    }

    /// The grand totals of the two count tables on a saved Summary sheet.
    fn grand_totals(path: &Path, platforms: usize) -> Vec<Data> {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let range = wb.worksheet_range(SUMMARY).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let totals = rows.iter().filter(|r| r[0] == "Total");
        totals.map(|r| r[platforms + 1].clone()).collect()
    }

    #[test]
    fn pivot_counts_cover_the_kpi_cases_of_the_period() {
        let cases = sample_cases(400);
        let w45 = Period::iso_week("2026-W45").unwrap();
        for period in [Period::all(), w45] {
            let report = compute(&cases, &period, as_of());
            assert!(report.excluded > 0 && report.overall.cases() < cases.len());
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("kpi.xlsx");
            build_kpi_workbook(&cases, &report, &Texts::default())
                .unwrap()
                .save(&path)
                .unwrap();
            let cases_in_kpis = Data::Float(report.overall.cases() as f64);
            let totals = grand_totals(&path, report.by_platform.len());
            assert_eq!(totals, [cases_in_kpis.clone(), cases_in_kpis], "{period:?}");
            let note = cells(&path, "Summary!$A$2:$A$2")[0].to_string();
            assert!(note.contains(&format!("{} rows with errors", report.excluded)));
        }
    }

    #[test]
    fn kpi_table_cells_hold_numbers_and_empty_cells_for_null() {
        let mut cases = sample_cases(50);
        cases.push(KpiCase {
            assignee: "Zoe".into(),
            frt_hours: None,
            frt_met: None,
            ..sample_case(1)
        });
        cases.last_mut().unwrap().has_error = false;
        let (report, _dir, path) = saved(&cases);
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let range = wb.worksheet_range(SUMMARY).unwrap();
        let zoe: &[Data] = range.rows().find(|r| r[0] == "Zoe").unwrap();
        let col = |kpi: Kpi| kpi.index() + 1;
        assert_eq!(zoe[col(Kpi::Cases)], Data::Float(1.0));
        assert_eq!(zoe[col(Kpi::FrtMedianHours)], Data::Empty);
        assert!(report.by_assignee["Zoe"].get(Kpi::FrtMedianHours).is_none());
        let bhiner: &[Data] = range.rows().find(|r| r[0] == "Bhiner").unwrap();
        let rate = report.by_platform["Bhiner"]
            .get(Kpi::ResolutionRate)
            .unwrap();
        assert_eq!(bhiner[col(Kpi::ResolutionRate)], Data::Float(rate));
    }

    #[test]
    fn same_input_gives_identical_bytes() {
        let cases = sample_cases(120);
        let report = compute(&cases, &Period::all(), as_of());
        let bytes = || {
            build_kpi_workbook(&cases, &report, &Texts::default())
                .unwrap()
                .save_to_buffer()
                .unwrap()
        };
        assert_eq!(bytes(), bytes());
    }

    #[test]
    fn no_cases_gives_sheets_without_charts() {
        let (report, _dir, path) = saved(&[]);
        assert_eq!(report.overall.cases(), 0);
        assert!(zip_entry(&path, "xl/worksheets/sheet3.xml").is_some());
        assert!(zip_entry(&path, "xl/charts/chart1.xml").is_none());
    }

    /// Renders a sample KPI workbook to PDF with LibreOffice when it is installed, so a person
    /// can look at the charts: `cargo test render_kpi_workbook -- --ignored`, then see
    /// `target/kpi-render/`.
    #[test]
    #[ignore = "needs LibreOffice; writes to target/kpi-render for a person to look at"]
    fn render_kpi_workbook_with_libreoffice() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kpi-render");
        std::fs::create_dir_all(&dir).unwrap();
        let cases = sample_cases(400);
        let report = compute(&cases, &Period::all(), as_of());
        let xlsx = dir.join("kpi.xlsx");
        build_kpi_workbook(&cases, &report, &Texts::default())
            .unwrap()
            .save(&xlsx)
            .unwrap();
        let run = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&xlsx)
            .status();
        match run {
            Err(e) => eprintln!("skipped: soffice not runnable ({e})"),
            Ok(status) => assert!(status.success(), "soffice failed: {status}"),
        }
    }
}
