//! The KPI workbook of `kpi -o` (PRODUCT.md sections 1 and 6): Summary, Trend and About sheets.
//!
//! It is built from [`KpiCase`]s only, which carry no customer, contact, feedback or remarks, so
//! the workbook cannot contain personal data. Fixed document properties keep it byte-identical
//! for the same cases and as-of.

use chrono::NaiveDateTime;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::summary::{write_summary, write_trend};
use crate::kpi::{KpiCase, KpiReport};

pub const ABOUT: &str = "About";

/// Summary, Trend and About, ready for the caller to save (through a temp file and rename).
pub fn build_kpi_workbook(cases: &[KpiCase], report: &KpiReport) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(report.as_of));
    write_summary(&mut wb, cases, report)?;
    write_trend(&mut wb, report)?;
    write_about(wb.add_worksheet(), report)?;
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

fn write_about(ws: &mut Worksheet, report: &KpiReport) -> Result<(), XlsxError> {
    ws.set_name(ABOUT)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 22)?;
    ws.write_string_with_format(0, 0, "After-sales KPI workbook", &bold)?;
    let rows = [
        ("Period", report.period.describe()),
        ("Cases in the KPIs", report.overall.cases.to_string()),
        (
            "Rows left out (error findings)",
            report.excluded.to_string(),
        ),
        ("Tool version", env!("CARGO_PKG_VERSION").to_owned()),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *label, &bold)?;
        ws.write_string(2 + i as u32, 1, value)?;
    }
    let dates = [
        ("Period from", report.period.from),
        ("Period to", report.period.to),
    ];
    for (i, (label, day)) in dates.into_iter().enumerate() {
        let row = 7 + i as u32;
        ws.write_string_with_format(row, 0, label, &bold)?;
        if let Some(day) = day {
            ws.write_datetime_with_format(row, 1, day, &date)?;
        }
    }
    ws.write_string_with_format(9, 0, "As of", &bold)?;
    ws.write_datetime_with_format(9, 1, report.as_of, &datetime)?;
    let note = "No customer personal data: only platform, assignee, issue type, status, times, \
                scores and finding flags of each case are used.";
    ws.write_string(11, 0, note)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use calamine::{open_workbook, Data, Reader, Xlsx};
    use chrono::{NaiveDate, TimeDelta};

    use super::*;
    use crate::kpi::{compute, Period};
    use crate::model::{IssueType, Status};

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

    fn build(cases: &[KpiCase]) -> (KpiReport, Vec<u8>) {
        let report = compute(cases, &Period::all(), as_of());
        let mut wb = build_kpi_workbook(cases, &report).unwrap();
        (report, wb.save_to_buffer().unwrap())
    }

    #[test]
    fn peek_write() {
        let cases = sample_cases(400);
        let (_, bytes) = build(&cases);
        std::fs::write("/tmp/kpi_peek.xlsx", bytes).unwrap();
    }
}
