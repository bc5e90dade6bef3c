//! The Summary and Trend sheets (PRODUCT.md section 6): pivot-style tables of a [`KpiReport`]
//! and native charts drawn from those cells, placed to the right of the tables.
//!
//! The pivot counts cover the same cases as the KPIs: in the period and without an error
//! finding, so "Superbuy: 120" means the same in every table. They take one pass over the cases
//! and allocate only per platform.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartDataLabelPosition, ChartFont,
    ChartLegendPosition, ChartMarker, ChartType, ColNum, Format, FormatAlign, FormatBorder, RowNum,
    Workbook, Worksheet, XlsxError,
};

use crate::i18n::Texts;
use crate::kpi::{
    Kpi, KpiCase, KpiKind, KpiReport, Kpis, Period, KPIS, KPI_COUNT, NONE, UNASSIGNED,
};
use crate::model::sheets::Sheet;
use crate::model::{IssueType, Status};

/// Default row height in pixels, used to keep stacked charts apart.
const ROW_PX: u32 = 20;
const CHART_WIDTH_PX: u32 = 520;
const CHART_HEIGHT_PX: u32 = 300;
const KPI_COL_WIDTH: f64 = 12.5;

/// Percentages with one decimal, hours and days with one, CSAT with two.
const NUM_FORMATS: [&str; 4] = ["0", "0.0%", "0.0", "0.00"];

/// The cell formats the two sheets share.
struct Formats {
    title: Format,
    note: Format,
    label: Format,
    header: Format,
    header_name: Format,
    total: Format,
    /// Count, rate, one decimal, score; then the same with the total row's top border.
    values: [Format; 4],
    totals: [Format; 4],
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#DDEBF7")
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_italic().set_font_color("#595959"),
            label: Format::new().set_bold().set_font_size(12),
            header_name: header.clone().set_align(FormatAlign::Left),
            header,
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            values: NUM_FORMATS.map(|f| Format::new().set_num_format(f)),
            totals: NUM_FORMATS.map(|f| {
                let total = Format::new().set_border_top(FormatBorder::Thin);
                total.set_num_format(f)
            }),
        }
    }

    fn count(&self, total: bool) -> &Format {
        self.for_kind(KpiKind::Count, total)
    }

    fn for_kind(&self, kind: KpiKind, total: bool) -> &Format {
        let i = match kind {
            KpiKind::Count => 0,
            KpiKind::Rate => 1,
            KpiKind::Hours | KpiKind::Days => 2,
            KpiKind::Score => 3,
        };
        if total {
            &self.totals[i]
        } else {
            &self.values[i]
        }
    }
}

/// Where a table landed: its data rows (without the total row) and the first free row below.
#[derive(Debug, Clone, Copy)]
struct Placed {
    first: RowNum,
    last: RowNum,
    end: RowNum,
}

impl Placed {
    fn is_empty(&self) -> bool {
        self.last < self.first
    }
}

/// Status × platform and issue type × platform counts over the cases the report covers.
struct Pivots<'r> {
    platforms: Vec<&'r str>,
    /// `(Status::ALL.len() + 1) × platforms`, the last row for a case without status.
    by_status: Vec<usize>,
    /// `(IssueType::ALL.len() + 1) × platforms`, the last row for a case without issue type.
    by_issue: Vec<usize>,
}

impl<'r> Pivots<'r> {
    fn count(cases: &[KpiCase], report: &'r KpiReport) -> Pivots<'r> {
        let platforms: Vec<&str> = report.by_platform.keys().map(String::as_str).collect();
        let n = platforms.len();
        let mut pivots = Pivots {
            by_status: vec![0; (Status::ALL.len() + 1) * n],
            by_issue: vec![0; (IssueType::ALL.len() + 1) * n],
            platforms,
        };
        let counted = cases
            .iter()
            .filter(|c| !c.has_error && report.period.includes(c.request_at));
        for case in counted {
            pivots.add(case);
        }
        pivots
    }

    fn add(&mut self, case: &KpiCase) {
        // Every counted case's platform is a key of by_platform, the same set of cases.
        let Ok(p) = self.platforms.binary_search(&case.platform_key()) else {
            return;
        };
        let n = self.platforms.len();
        let status = index_or_last(&Status::ALL, case.status);
        let issue = index_or_last(&IssueType::ALL, case.issue_type);
        self.by_status[status * n + p] += 1;
        self.by_issue[issue * n + p] += 1;
    }

    /// Every status, so the layout stays the same from week to week; "(none)" only when used.
    fn status_rows(&self, t: &Texts) -> Vec<(String, &[usize])> {
        let none = t.get("group-none");
        let labels = Status::ALL
            .iter()
            .map(|s| t.label("status", *s))
            .chain([none]);
        let rows = labels.zip(self.rows(&self.by_status));
        rows.enumerate()
            .filter(|(i, (_, counts))| *i < Status::ALL.len() || counts.iter().any(|&c| c > 0))
            .map(|(_, row)| row)
            .collect()
    }

    /// Only the issue types that occur: the doughnut gets no empty slices.
    fn issue_rows(&self, t: &Texts) -> Vec<(String, &[usize])> {
        let none = t.get("group-none");
        let labels = IssueType::ALL
            .iter()
            .map(|i| t.label("issue", *i))
            .chain([none]);
        labels
            .zip(self.rows(&self.by_issue))
            .filter(|(_, counts)| counts.iter().any(|&c| c > 0))
            .collect()
    }

    fn rows<'a>(&'a self, flat: &'a [usize]) -> impl Iterator<Item = &'a [usize]> {
        flat.chunks(self.platforms.len().max(1))
    }
}

fn index_or_last<T: PartialEq + Copy>(all: &[T], value: Option<T>) -> usize {
    value
        .and_then(|v| all.iter().position(|&x| x == v))
        .unwrap_or(all.len())
}

/// Adds the "Summary" sheet: status × platform counts, KPIs by platform, KPIs by assignee,
/// issue type × platform counts, and three charts on those cells to their right.
pub fn write_summary(
    wb: &mut Workbook,
    cases: &[KpiCase],
    report: &KpiReport,
    t: &Texts,
) -> Result<(), XlsxError> {
    let pivots = Pivots::count(cases, report);
    let issue_rows = pivots.issue_rows(t);
    let fmt = Formats::new();
    let ws = wb.add_worksheet();
    let name = Sheet::Summary.label(t);
    ws.set_name(&name)?;
    super::print_sensibly(ws, None);
    write_heading(ws, &fmt, &t.get("summary-title"), report, t)?;
    let [platform, assignee, issue] = summary_tables(ws, &fmt, &pivots, &issue_rows, report, t)?;
    // Column A holds the names; the widest table decides where the charts may start.
    let value_cols = KPI_COUNT.max(pivots.platforms.len() + 1);
    set_widths(ws, name_column_width(report, &issue_rows, t), value_cols)?;
    let on = (name.as_str(), t);
    let charts = [
        (platform.first - 2, resolution_chart(&platform, on)),
        (assignee.first - 2, frt_chart(&assignee, on)),
        (
            issue.first - 2,
            issue_mix_chart(&issue, pivots.platforms.len(), on),
        ),
    ];
    place_charts(ws, value_cols as ColNum + 2, charts)
}

/// The four tables one below the other; returns where the three charted ones landed.
fn summary_tables(
    ws: &mut Worksheet,
    fmt: &Formats,
    pivots: &Pivots,
    issue_rows: &[(String, &[usize])],
    report: &KpiReport,
    t: &Texts,
) -> Result<[Placed; 3], XlsxError> {
    let platforms = &pivots.platforms;
    let (title, corner) = (t.get("summary-by_status"), t.get("summary-status"));
    let titles = (title.as_str(), corner.as_str());
    let status = count_table(ws, fmt, 4, titles, platforms, &pivots.status_rows(t), t)?;
    let (title, corner) = (t.get("summary-by_platform"), t.get("summary-platform"));
    let titles = (title.as_str(), corner.as_str());
    let all = t.get("summary-all_platforms");
    let groups = (&report.by_platform, all.as_str(), &report.overall);
    let platform = kpi_table(ws, fmt, status.end + 1, titles, groups, t)?;
    let (title, corner) = (t.get("summary-by_assignee"), t.get("summary-assignee"));
    let titles = (title.as_str(), corner.as_str());
    let all = t.get("summary-all_assignees");
    let groups = (&report.by_assignee, all.as_str(), &report.overall);
    let assignee = kpi_table(ws, fmt, platform.end + 1, titles, groups, t)?;
    let (title, corner) = (t.get("summary-by_issue"), t.get("summary-issue_type"));
    let titles = (title.as_str(), corner.as_str());
    let issue = count_table(ws, fmt, assignee.end + 1, titles, platforms, issue_rows, t)?;
    Ok([platform, assignee, issue])
}

/// Title, what the numbers cover, and the note on excluded rows.
fn write_heading(
    ws: &mut Worksheet,
    fmt: &Formats,
    title: &str,
    report: &KpiReport,
    t: &Texts,
) -> Result<(), XlsxError> {
    let as_of = report.as_of.format("%Y-%m-%d %H:%M").to_string();
    let period = describe_period(&report.period, t);
    let heading = t.fmt(
        "summary-heading",
        &[("title", title), ("period", &period), ("as_of", &as_of)],
    );
    ws.write_string_with_format(0, 0, heading, &fmt.title)?;
    let note = t.fmt(
        "summary-note",
        &[
            ("cases", &report.overall.cases().to_string()),
            ("excluded", &report.excluded.to_string()),
        ],
    );
    ws.write_string_with_format(1, 0, note, &fmt.note)?;
    Ok(())
}

/// The period of a report in words: all cases, from a day, until a day, or between two.
pub fn describe_period(period: &Period, t: &Texts) -> String {
    let (from, to) = (
        period.from.map(|d| d.to_string()).unwrap_or_default(),
        period.to.map(|d| d.to_string()).unwrap_or_default(),
    );
    let id = match (period.from, period.to) {
        (None, None) => "period-all",
        (Some(_), None) => "period-from",
        (None, Some(_)) => "period-until",
        (Some(_), Some(_)) => "period-between",
    };
    t.fmt(id, &[("from", &from), ("to", &to)])
}

/// A group name as the report keys it, shown in the team's language: the placeholders for a
/// blank assignee or issue type, and issue types by their label.
pub fn group_label(name: &str, t: &Texts) -> String {
    if name == NONE {
        t.get("group-none")
    } else if name == UNASSIGNED {
        t.get("group-unassigned")
    } else if let Some(issue) = IssueType::from_canonical(name) {
        t.label("issue", issue)
    } else {
        name.to_string()
    }
}

/// A labelled counts table: one row per label, one column per platform, totals right and below.
fn count_table(
    ws: &mut Worksheet,
    fmt: &Formats,
    row: RowNum,
    (title, corner): (&str, &str),
    platforms: &[&str],
    rows: &[(String, &[usize])],
    t: &Texts,
) -> Result<Placed, XlsxError> {
    let total = t.get("summary-total");
    ws.write_string_with_format(row, 0, title, &fmt.label)?;
    let header = row + 1;
    ws.write_string_with_format(header, 0, corner, &fmt.header_name)?;
    let total_col = platforms.len() as ColNum + 1;
    for (i, platform) in platforms.iter().enumerate() {
        ws.write_string_with_format(header, i as ColNum + 1, *platform, &fmt.header)?;
    }
    ws.write_string_with_format(header, total_col, &total, &fmt.header)?;
    let mut column_totals = vec![0usize; platforms.len()];
    for (r, (label, counts)) in rows.iter().enumerate() {
        let r = header + 1 + r as RowNum;
        ws.write_string(r, 0, label)?;
        for (c, &n) in counts.iter().enumerate() {
            ws.write_number_with_format(r, c as ColNum + 1, n as f64, fmt.count(false))?;
            column_totals[c] += n;
        }
        let row_total: usize = counts.iter().sum();
        ws.write_number_with_format(r, total_col, row_total as f64, fmt.count(false))?;
    }
    let total_row = header + 1 + rows.len() as RowNum;
    ws.write_string_with_format(total_row, 0, &total, &fmt.total)?;
    let grand: usize = column_totals.iter().sum();
    for (c, n) in column_totals.into_iter().chain([grand]).enumerate() {
        ws.write_number_with_format(total_row, c as ColNum + 1, n as f64, fmt.count(true))?;
    }
    Ok(Placed {
        first: header + 1,
        last: total_row - 1,
        end: total_row + 1,
    })
}

/// A labelled KPI table: a header row of KPI labels, one row per group, then the overall row.
fn kpi_table(
    ws: &mut Worksheet,
    fmt: &Formats,
    row: RowNum,
    (title, corner): (&str, &str),
    (groups, total_label, total): (&BTreeMap<String, Kpis>, &str, &Kpis),
    t: &Texts,
) -> Result<Placed, XlsxError> {
    ws.write_string_with_format(row, 0, title, &fmt.label)?;
    let header = row + 1;
    kpi_header(ws, fmt, header, corner, t)?;
    for (r, (name, kpis)) in groups.iter().enumerate() {
        let r = header + 1 + r as RowNum;
        ws.write_string(r, 0, group_label(name, t))?;
        kpi_values(ws, fmt, r, kpis, false)?;
    }
    let total_row = header + 1 + groups.len() as RowNum;
    ws.write_string_with_format(total_row, 0, total_label, &fmt.total)?;
    kpi_values(ws, fmt, total_row, total, true)?;
    Ok(Placed {
        first: header + 1,
        last: total_row - 1,
        end: total_row + 1,
    })
}

fn kpi_header(
    ws: &mut Worksheet,
    fmt: &Formats,
    row: RowNum,
    corner: &str,
    t: &Texts,
) -> Result<(), XlsxError> {
    ws.set_row_height(row, 45)?;
    ws.write_string_with_format(row, 0, corner, &fmt.header_name)?;
    for def in KPIS {
        let label = t.get(&def.message());
        ws.write_string_with_format(row, kpi_column(def.kpi), label, &fmt.header)?;
    }
    Ok(())
}

/// One KPI per column from column B; a null stays an empty cell.
fn kpi_values(
    ws: &mut Worksheet,
    fmt: &Formats,
    row: RowNum,
    kpis: &Kpis,
    total: bool,
) -> Result<(), XlsxError> {
    for (def, value) in kpis.values() {
        let col = kpi_column(def.kpi);
        let format = fmt.for_kind(def.kind, total);
        match value {
            Some(x) => ws.write_number_with_format(row, col, x, format)?,
            None if total => ws.write_blank(row, col, format)?,
            None => ws,
        };
    }
    Ok(())
}

/// Column A fits the longest group name (within reason); the value columns share one width.
fn name_column_width(report: &KpiReport, issue_rows: &[(String, &[usize])], t: &Texts) -> f64 {
    use unicode_width::UnicodeWidthStr;
    let names = report
        .by_platform
        .keys()
        .chain(report.by_assignee.keys())
        .map(|n| n.width());
    let statuses = Status::ALL.iter().map(|s| t.label("status", *s).width());
    let longest = names
        .chain(issue_rows.iter().map(|(n, _)| n.width()))
        .chain(statuses)
        .chain([t.get("summary-all_assignees").width()])
        .max()
        .unwrap_or(0);
    (longest as f64 + 2.0).clamp(12.0, 40.0)
}

fn set_widths(ws: &mut Worksheet, name_width: f64, value_cols: usize) -> Result<(), XlsxError> {
    ws.set_column_width(0, name_width)?;
    for col in 1..=value_cols as ColNum {
        ws.set_column_width(col, KPI_COL_WIDTH)?;
    }
    Ok(())
}

/// A chart and its height in pixels (Chart does not tell its height back).
type Sized = (Chart, u32);

/// Charts go in one column to the right of every table, each level with its table when it can
/// be, else just below the chart above, so no chart covers a cell or another chart.
fn place_charts(
    ws: &mut Worksheet,
    col: ColNum,
    charts: impl IntoIterator<Item = (RowNum, Option<Sized>)>,
) -> Result<(), XlsxError> {
    let mut free_row = 0;
    for (anchor, chart) in charts {
        let Some((chart, height)) = chart else {
            continue;
        };
        let row = anchor.max(free_row);
        ws.insert_chart(row, col, &chart)?;
        // Rows taller than the default only make the chart span fewer rows than this.
        free_row = row + height.div_ceil(ROW_PX) + 1;
    }
    Ok(())
}

fn sized(mut chart: Chart, height: u32) -> Sized {
    chart.set_width(CHART_WIDTH_PX).set_height(height);
    (chart, height)
}

fn axis_font() -> ChartFont {
    let mut font = ChartFont::new();
    font.set_size(9);
    font
}

/// A chart of one labelled series drawn from a Summary table: the values in column `col`, the
/// names in column A. None for a table without rows.
/// The sheet a chart draws from, and the catalogues.
type On<'a> = (&'a str, &'a Texts);

fn summary_chart(
    kind: ChartType,
    table: &Placed,
    (name, col): (&str, ColNum),
    label: &ChartDataLabel,
    sheet: &str,
) -> Option<Chart> {
    if table.is_empty() {
        return None;
    }
    let mut chart = Chart::new(kind);
    chart
        .add_series()
        .set_name(name)
        .set_categories((sheet, table.first, 0, table.last, 0))
        .set_values((sheet, table.first, col, table.last, col))
        .set_data_label(label);
    Some(chart)
}

/// Column chart of the resolution rate per platform, from "KPIs by platform".
fn resolution_chart(table: &Placed, (sheet, t): On) -> Option<Sized> {
    let mut label = ChartDataLabel::new();
    label.show_value().set_num_format("0.0%");
    let name = t.get("chart-resolution-series");
    let series = (name.as_str(), kpi_column(Kpi::ResolutionRate));
    let mut chart = summary_chart(ChartType::Column, table, series, &label, sheet)?;
    chart.title().set_name(&t.get("chart-resolution"));
    chart
        .x_axis()
        .set_name(&t.get("summary-platform"))
        .set_font(&axis_font());
    chart
        .y_axis()
        .set_name(&t.get("chart-resolution-axis"))
        .set_num_format("0%")
        .set_min(0)
        .set_max(1)
        .set_major_unit(0.25);
    chart.legend().set_hidden();
    Some(sized(chart, CHART_HEIGHT_PX))
}

/// Bar chart of the median first response time per assignee, from "KPIs by assignee"; taller
/// with more assignees so every name stays readable.
fn frt_chart(table: &Placed, (sheet, t): On) -> Option<Sized> {
    let mut label = ChartDataLabel::new();
    label.show_value().set_num_format("0.0");
    let name = t.get("chart-frt-series");
    let series = (name.as_str(), kpi_column(Kpi::FrtMedianHours));
    let mut chart = summary_chart(ChartType::Bar, table, series, &label, sheet)?;
    chart.title().set_name(&t.get("chart-frt"));
    // In rust_xlsxwriter's bar chart y is the vertical category axis. Reversed, the first
    // assignee is on top as in the table; crossing at max keeps the hours at the bottom.
    chart
        .y_axis()
        .set_name(&t.get("summary-assignee"))
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&axis_font());
    chart.x_axis().set_name(&t.get("chart-frt-axis")).set_min(0);
    chart.legend().set_hidden();
    let bars = table.last - table.first + 1;
    Some(sized(chart, CHART_HEIGHT_PX.max(120 + 24 * bars)))
}

/// Doughnut of the issue type mix, from the totals column of "Cases by issue type and platform".
fn issue_mix_chart(table: &Placed, platforms: usize, (sheet, t): On) -> Option<Sized> {
    let mut label = ChartDataLabel::new();
    label
        .show_percentage()
        .set_position(ChartDataLabelPosition::BestFit);
    let name = t.get("chart-cases");
    let totals = (name.as_str(), platforms as ColNum + 1);
    let mut chart = summary_chart(ChartType::Doughnut, table, totals, &label, sheet)?;
    chart.title().set_name(&t.get("chart-issues"));
    chart.legend().set_position(ChartLegendPosition::Right);
    chart.set_hole_size(45);
    Some(sized(chart, CHART_HEIGHT_PX))
}

/// The sheet column of a KPI in the KPI tables (column A holds the names).
fn kpi_column(kpi: Kpi) -> ColNum {
    kpi.index() as ColNum + 1
}

/// Adds the "Trend" sheet: KPIs per ISO week and a line chart of cases and median resolution
/// days (secondary axis).
pub fn write_trend(wb: &mut Workbook, report: &KpiReport, t: &Texts) -> Result<(), XlsxError> {
    let fmt = Formats::new();
    let ws = wb.add_worksheet();
    let name = Sheet::Trend.label(t);
    ws.set_name(&name)?;
    super::print_sensibly(ws, None);
    write_heading(ws, &fmt, &t.get("trend-title"), report, t)?;
    let (title, corner) = (t.get("trend-table"), t.get("trend-week"));
    let all = t.get("trend-all_weeks");
    let weeks = (&report.by_week, all.as_str(), &report.overall);
    let table = kpi_table(ws, &fmt, 3, (&title, &corner), weeks, t)?;
    ws.set_freeze_panes(5, 1)?;
    set_widths(ws, 12.0, KPI_COUNT)?;
    let chart = trend_chart(&table, report.by_week.len(), (&name, t));
    let col = KPI_COUNT as ColNum + 2;
    place_charts(ws, col, [(3, chart)])
}

fn trend_chart(table: &Placed, weeks: usize, (sheet, t): On) -> Option<Sized> {
    if table.is_empty() {
        return None;
    }
    let mut chart = Chart::new(ChartType::Line);
    let categories = (sheet, table.first, 0, table.last, 0);
    let (cases, days) = (t.get("chart-cases"), t.get("chart-trend-days"));
    for (kpi, name, secondary) in [
        (Kpi::Cases, cases.as_str(), false),
        (Kpi::ResolutionDaysMedian, days.as_str(), true),
    ] {
        let col = kpi_column(kpi);
        chart
            .add_series()
            .set_name(name)
            .set_categories(categories)
            .set_values((sheet, table.first, col, table.last, col))
            .set_marker(ChartMarker::new().set_automatic())
            .set_secondary_axis(secondary);
    }
    chart.title().set_name(&t.get("chart-trend"));
    // Many weeks: slanted labels, and more height so the plot keeps its size.
    let slanted = weeks > 8;
    let mut font = axis_font();
    if slanted {
        font.set_rotation(-45);
    }
    chart
        .x_axis()
        .set_name(&t.get("chart-trend-axis"))
        .set_font(&font);
    chart.y_axis().set_name(&cases).set_min(0);
    chart.y2_axis().set_name(&days).set_min(0);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    let width = (200 + 60 * weeks as u32).clamp(600, 1400);
    let (mut chart, height) = sized(chart, CHART_HEIGHT_PX + if slanted { 100 } else { 60 });
    chart.set_width(width);
    Some((chart, height))
}
