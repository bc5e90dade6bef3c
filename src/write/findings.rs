//! The Findings sheet: one row per finding, its cell a link to the case sheet. Two writers
//! lay out the same rows: [`FindingsSheet`] into a new workbook (rust_xlsxwriter), and
//! [`FindingsPart`] as a worksheet part streamed into the team's package.

use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, Url, Workbook, Worksheet,
    XlsxError,
};

use std::io::Write;

use super::{truncate_for_excel, Formats};
use crate::i18n::{Labels, Texts};
use crate::model::finding::{Finding, Severity};
use crate::model::grid::EXCEL_ROWS;
use crate::model::sheets::Sheet;
use crate::package::{escape, CellFormat, Package, PackageError, PartWriter};

/// Excel allows 65,530 hyperlinks in a worksheet.
const MAX_LINKS: usize = 65_530;
/// The last row index Excel has.
const LAST_ROW: u32 = EXCEL_ROWS - 1;
/// The catalogue messages of the header row.
const HEADERS: [&str; 8] = [
    "findings-code",
    "findings-severity",
    "findings-case_id",
    "findings-row",
    "findings-column",
    "findings-cell",
    "findings-message",
    "findings-hint",
];
const WIDTHS: [f64; 8] = [24.0, 9.0, 16.0, 7.0, 20.0, 8.0, 80.0, 60.0];
/// Severity colours of the Severity column.
const SEVERITY_FILLS: [(Severity, u32); 3] = [
    (Severity::Error, 0xF8CBAD),
    (Severity::Policy, 0xFFE699),
    (Severity::Warning, 0xFFF2CC),
];

/// The sheet's name, headers and severity labels in the team's language.
#[derive(Debug, Clone)]
struct SheetTexts {
    name: String,
    headers: [String; 8],
    severity: Labels<Severity>,
}

impl SheetTexts {
    fn new(texts: &Texts) -> SheetTexts {
        SheetTexts {
            name: Sheet::Findings.label(texts),
            headers: HEADERS.map(|id| texts.get(id)),
            severity: texts.labels("severity"),
        }
    }
}
/// The link colour of a hyperlink cell.
const LINK_COLOR: u32 = 0x0563C1;
/// The header fill.
const HEADER_FILL: u32 = 0xDDEBF7;

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
    texts: SheetTexts,
}

impl FindingsSheet {
    /// Adds the Findings sheet (constant memory) with its header row. Links go to the sheet
    /// named `cases`.
    pub fn start(
        workbook: &mut Workbook,
        cases: &str,
        texts: &Texts,
    ) -> Result<FindingsSheet, XlsxError> {
        let texts = SheetTexts::new(texts);
        let formats = Formats::default();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(&texts.name)?;
        for (col, name) in texts.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, name, &formats.header)?;
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
            texts,
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
        let sheet = workbook.worksheet_from_name(&self.texts.name)?;
        let r = self.row;
        sheet.write_string(r, 0, finding.code.as_str())?;
        sheet.write_string(r, 1, self.texts.severity.of(finding.severity))?;
        sheet.write_string(r, 2, &finding.case_id)?;
        if let Some(row) = finding.row {
            sheet.write_number(r, 3, f64::from(row))?;
        }
        sheet.write_string(r, 4, &finding.column)?;
        let cell = finding.cell();
        if !cell.is_empty() && self.links < MAX_LINKS {
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
        let sheet = workbook.worksheet_from_name(&self.texts.name)?;
        let last = self.row.saturating_sub(1).max(1);
        sheet.autofilter(0, 0, last, 7)?;
        add_severity_rules(sheet, last, &self.texts)?;
        Ok(self.listed)
    }
}

fn add_severity_rules(
    sheet: &mut Worksheet,
    last: u32,
    texts: &SheetTexts,
) -> Result<(), XlsxError> {
    for (severity, color) in SEVERITY_FILLS {
        let text = texts.severity.of(severity);
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(text.to_string()))
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        sheet.add_conditional_format(1, 1, last, 1, &rule)?;
    }
    Ok(())
}

/// The styles the streamed Findings sheet uses, appended to the team's stylesheet.
#[derive(Debug, Clone, Copy)]
pub struct PartStyles {
    header: u32,
    link: u32,
    severity: [u32; 3],
}

impl PartStyles {
    pub fn append(package: &mut Package) -> Result<PartStyles, PackageError> {
        let header = package.append_cell_format(&CellFormat {
            bold: true,
            fill_color: Some(format!("{HEADER_FILL:06X}")),
            ..CellFormat::default()
        })?;
        let link = package.append_cell_format(&CellFormat {
            underline: true,
            font_color: Some(format!("{LINK_COLOR:06X}")),
            ..CellFormat::default()
        })?;
        let mut severity = [0; 3];
        for (dxf, (_, color)) in severity.iter_mut().zip(SEVERITY_FILLS) {
            *dxf = package.append_dxf(&format!(
                "<{{p}}fill><{{p}}patternFill><{{p}}bgColor rgb=\"FF{color:06X}\"/></{{p}}patternFill></{{p}}fill>"
            ))?;
        }
        Ok(PartStyles {
            header,
            link,
            severity,
        })
    }
}

/// The Findings sheet as a worksheet part of the team's package, written row by row as the
/// cases stream in and deflated as it goes (a backlog has more findings than cases).
pub struct FindingsPart {
    out: PartWriter,
    styles: PartStyles,
    /// The case sheet's name as links spell it (quoted).
    cases: String,
    row: u32,
    /// Hyperlinks, written after the rows: (cell here, target, text).
    links: Vec<(u32, String, String)>,
    listed: Listed,
    texts: SheetTexts,
}

impl FindingsPart {
    /// Starts the part with its header row. Links go to the sheet named `cases`.
    pub fn start(styles: PartStyles, cases: &str, texts: &Texts) -> std::io::Result<FindingsPart> {
        let texts = SheetTexts::new(texts);
        let mut out = PartWriter::new(u64::from(LAST_ROW) * 600)?;
        let cols: String = WIDTHS
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    "<col min=\"{n}\" max=\"{n}\" width=\"{w}\" customWidth=\"1\"/>",
                    n = i + 1
                )
            })
            .collect();
        write!(
            out,
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
                "<worksheet xmlns=\"{main}\" xmlns:r=\"{rels}\">",
                "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>",
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>",
                "<sheetFormatPr defaultRowHeight=\"15\"/><cols>{cols}</cols><sheetData>"
            ),
            main = MAIN_NS,
            rels = REL_NS,
            cols = cols
        )?;
        let mut part = FindingsPart {
            out,
            styles,
            cases: format!("'{}'", cases.replace('\'', "''")),
            row: 1,
            links: Vec::new(),
            listed: Listed::default(),
            texts,
        };
        let headers = part.texts.headers.clone();
        let header: Vec<(u32, Value)> = headers
            .iter()
            .enumerate()
            .map(|(c, h)| (c as u32, Value::Text(h, Some(styles.header))))
            .collect();
        part.write_row(0, &header)?;
        Ok(part)
    }

    /// Lists one finding (its cell is the finding's own: the team's sheet is not reshaped).
    pub fn add(&mut self, finding: &Finding) -> std::io::Result<()> {
        if self.row > LAST_ROW {
            self.listed.not_listed += 1;
            return Ok(());
        }
        let r = self.row;
        let cell = finding.cell();
        let linked = !cell.is_empty() && self.links.len() < MAX_LINKS;
        let severity = self.texts.severity.of(finding.severity).to_string();
        let mut cells = vec![
            (0, Value::Text(finding.code.as_str(), None)),
            (1, Value::Text(&severity, None)),
            (2, Value::Text(&finding.case_id, None)),
        ];
        if let Some(row) = finding.row {
            cells.push((3, Value::Number(f64::from(row))));
        }
        cells.extend([
            (4, Value::Text(&finding.column, None)),
            (5, Value::Text(&cell, linked.then_some(self.styles.link))),
            (6, Value::Text(truncate_for_excel(&finding.message), None)),
        ]);
        if let Some(hint) = &finding.hint {
            cells.push((7, Value::Text(hint, None)));
        }
        self.write_row(r, &cells)?;
        if linked {
            let target = format!("{}!{cell}", self.cases);
            self.links.push((r, target, cell));
        }
        self.row += 1;
        self.listed.findings += 1;
        Ok(())
    }

    /// One row of cells (0-based row; cells by 0-based column, in order).
    fn write_row(&mut self, r: u32, cells: &[(u32, Value)]) -> std::io::Result<()> {
        let n = r + 1;
        write!(self.out, "<row r=\"{n}\">")?;
        let mut at = String::with_capacity(12);
        for (c, value) in cells {
            at.clear();
            crate::package::push_cell_name(&mut at, r, *c);
            match value {
                Value::Text("", _) => {}
                Value::Text(text, style) => {
                    write!(self.out, "<c r=\"{at}\"")?;
                    if let Some(s) = style {
                        write!(self.out, " s=\"{s}\"")?;
                    }
                    write!(
                        self.out,
                        " t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                        escape(text)
                    )?;
                }
                Value::Number(x) => write!(self.out, "<c r=\"{at}\"><v>{x}</v></c>")?,
            }
        }
        self.out.write_all(b"</row>")
    }

    /// Closes the part: filter, severity colours, links, print setup. Returns the part, what
    /// was listed, and the last row (0-based) for the filter's defined name.
    pub fn finish(mut self) -> std::io::Result<(std::fs::File, Listed, u32)> {
        let last = self.row.saturating_sub(1).max(1);
        let n = last + 1;
        write!(
            self.out,
            "</sheetData><autoFilter ref=\"A1:H{n}\"/><conditionalFormatting sqref=\"B2:B{n}\">"
        )?;
        for (i, ((severity, _), dxf)) in SEVERITY_FILLS.iter().zip(self.styles.severity).enumerate()
        {
            let text = escape(self.texts.severity.of(*severity));
            write!(
                self.out,
                "<cfRule type=\"beginsWith\" dxfId=\"{dxf}\" priority=\"{}\" operator=\"beginsWith\" text=\"{text}\"><formula>LEFT(B2,{})=\"{text}\"</formula></cfRule>",
                i + 1,
                self.texts.severity.of(*severity).chars().count()
            )?;
        }
        self.out.write_all(b"</conditionalFormatting>")?;
        if !self.links.is_empty() {
            self.out.write_all(b"<hyperlinks>")?;
            for (r, target, text) in std::mem::take(&mut self.links) {
                write!(
                    self.out,
                    "<hyperlink ref=\"F{}\" location=\"{}\" display=\"{}\"/>",
                    r + 1,
                    escape(&target),
                    escape(&text)
                )?;
            }
            self.out.write_all(b"</hyperlinks>")?;
        }
        self.out.write_all(concat!(
            "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>",
            "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"
        ).as_bytes())?;
        Ok((self.out.finish()?, self.listed, last))
    }
}

/// A cell of the streamed sheet: text with an optional style, or a number.
enum Value<'a> {
    Text(&'a str, Option<u32>),
    Number(f64),
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
