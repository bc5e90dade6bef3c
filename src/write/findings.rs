//! The Findings sheet: one row per finding, its cell a link to the case sheet.

use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, Url, Workbook, Worksheet,
    XlsxError,
};

use super::{truncate_for_excel, Formats};
use crate::model::finding::Finding;
use crate::model::grid::EXCEL_ROWS;
use crate::model::sheets::Sheet;

const FINDINGS: &str = Sheet::Findings.name();
/// Excel allows 65,530 hyperlinks in a worksheet.
const MAX_LINKS: usize = 65_530;
/// The last row index Excel has.
const LAST_ROW: u32 = EXCEL_ROWS - 1;
const HEADERS: [&str; 8] = [
    "Code", "Severity", "Case ID", "Row", "Column", "Cell", "Message", "Hint",
];
const WIDTHS: [f64; 8] = [24.0, 9.0, 16.0, 7.0, 20.0, 8.0, 80.0, 60.0];

/// What the Findings sheet holds, for the Run sheet.
#[derive(Debug, Default, Clone, Copy)]
pub struct Listed {
    pub findings: usize,
    /// Findings past Excel's last row.
    pub not_listed: usize,
}

/// Writes the Findings sheet row by row as cases stream in.
pub struct FindingsSheet {
    /// The case sheet's name as links spell it (quoted).
    cases: String,
    row: u32,
    links: usize,
    listed: Listed,
}

impl FindingsSheet {
    /// Adds the Findings sheet (constant memory) with its header row. Links go to the sheet
    /// named `cases`.
    pub fn start(workbook: &mut Workbook, cases: &str) -> Result<FindingsSheet, XlsxError> {
        let formats = Formats::default();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(FINDINGS)?;
        for (col, name) in HEADERS.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
        }
        for (col, width) in WIDTHS.into_iter().enumerate() {
            sheet.set_column_width(col as u16, width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        super::print_sensibly(sheet, Some(0));
        Ok(FindingsSheet {
            cases: format!("'{}'", cases.replace('\'', "''")),
            row: 1,
            links: 0,
            listed: Listed::default(),
        })
    }

    /// Lists one finding; `target` is its cell in the case sheet as written (`None`: the
    /// finding's own cell).
    pub fn add(
        &mut self,
        workbook: &mut Workbook,
        finding: &Finding,
        target: Option<String>,
    ) -> Result<(), XlsxError> {
        if self.row > LAST_ROW {
            self.listed.not_listed += 1;
            return Ok(());
        }
        let sheet = workbook.worksheet_from_name(FINDINGS)?;
        let r = self.row;
        sheet.write_string(r, 0, finding.code.as_str())?;
        sheet.write_string(r, 1, finding.severity.as_str())?;
        sheet.write_string(r, 2, &finding.case_id)?;
        sheet.write_number(r, 3, finding.row as f64)?;
        sheet.write_string(r, 4, &finding.column)?;
        let cell = finding.cell();
        if finding.col.is_some() && self.links < MAX_LINKS {
            let target = target.unwrap_or_else(|| cell.clone());
            let url = Url::new(format!("internal:{}!{target}", self.cases));
            sheet.write_url_with_text(r, 5, url, &cell)?;
            self.links += 1;
        } else {
            sheet.write_string(r, 5, &cell)?;
        }
        sheet.write_string(r, 6, truncate_for_excel(&finding.message))?;
        if let Some(hint) = &finding.hint {
            sheet.write_string(r, 7, hint)?;
        }
        self.row += 1;
        self.listed.findings += 1;
        Ok(())
    }

    /// Adds the filter and the severity colours once every finding is listed.
    pub fn finish(self, workbook: &mut Workbook) -> Result<Listed, XlsxError> {
        let sheet = workbook.worksheet_from_name(FINDINGS)?;
        let last = self.row.saturating_sub(1).max(1);
        sheet.autofilter(0, 0, last, 7)?;
        add_severity_rules(sheet, last)?;
        Ok(self.listed)
    }
}

fn add_severity_rules(sheet: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    for (text, color) in [
        ("error", 0xF8CBAD),
        ("policy", 0xFFE699),
        ("warning", 0xFFF2CC),
    ] {
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(text.to_string()))
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        sheet.add_conditional_format(1, 1, last, 1, &rule)?;
    }
    Ok(())
}
