//! Writing the annotated workbook (PRODUCT.md section 6). Nothing here decides anything about
//! cases: it lays out what [`crate::rules`] and [`crate::kpi`] computed.

pub mod case_sheet;
pub mod cases;
pub mod findings;
pub mod kpi_workbook;
pub mod notes;
pub mod pivot;
pub mod sheets;
pub mod starter;
pub mod summary;
pub mod timeline;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::input::values::Cell;

/// Fixed document properties: the same input and as-of give byte-identical output.
pub fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    // Level 3 compresses nearly as well as the default 6 and saves a good part of the time
    // spent zipping a large Cases sheet.
    workbook.set_zip_compression_level(3);
    let created = ExcelDateTime::from_ymd(2026, 1, 1).expect("a valid fixed date");
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("aftersales")
            .set_title("After-sales cases, annotated"),
    );
    workbook
}

/// The formats shared by every sheet the tool writes.
#[derive(Clone)]
pub struct Formats {
    pub header: Format,
    pub date: Format,
    pub datetime: Format,
    pub decimal: Format,
    pub percent: Format,
    pub wrap: Format,
    pub link: Format,
    pub title: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            decimal: Format::new().set_num_format("0.0"),
            percent: Format::new().set_num_format("0.0%"),
            wrap: Format::new().set_text_wrap(),
            link: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

impl Formats {
    /// The date format for a value: date only at midnight, else with the time.
    pub fn for_datetime(&self, d: &NaiveDateTime) -> &Format {
        if d.time() == NaiveTime::MIN {
            &self.date
        } else {
            &self.datetime
        }
    }
}

/// Writes one cell value with the type it had: numbers stay numbers, dates stay dates.
pub fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => {
            sheet.write_string(row, col, truncate_for_excel(s))?;
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Cell::Date(d) => write_datetime(sheet, row, col, d, formats)?,
        Cell::Error(e) => {
            sheet.write_string(row, col, e)?;
        }
    }
    Ok(())
}

pub fn write_datetime(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    d: &NaiveDateTime,
    formats: &Formats,
) -> Result<(), XlsxError> {
    // Excel cannot show dates before 1900; keep those as text rather than fail.
    if d.date() < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") {
        sheet.write_string(row, col, crate::input::values::format_datetime(*d))?;
    } else {
        sheet.write_datetime_with_format(row, col, d, formats.for_datetime(d))?;
    }
    Ok(())
}

pub fn write_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    d: &NaiveDate,
    formats: &Formats,
) -> Result<(), XlsxError> {
    write_datetime(
        sheet,
        row,
        col,
        &crate::input::values::midnight(*d),
        formats,
    )
}

/// How every generated sheet prints: landscape, one page wide, its header row (if it has
/// one) repeated on every page.
pub fn print_sensibly(sheet: &mut Worksheet, header_row: Option<u32>) {
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    if let Some(row) = header_row {
        // Only fails for a row past Excel's last; the header row never is.
        let _ = sheet.set_repeat_rows(row, row);
    }
}

/// Excel's cell limit is 32,767 characters.
pub fn truncate_for_excel(s: &str) -> &str {
    const LIMIT: usize = 32_767;
    if s.chars().count() <= LIMIT {
        return s;
    }
    let end = s.char_indices().nth(LIMIT).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// `Zhang Wei` → `Z*** W***`; `13812345678` → `****5678`; `anna@example.com` → `a***@example.com`.
pub fn mask_customer(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let first: String = word.chars().take(1).collect();
            format!("{first}***")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn mask_contact(contact: &str) -> String {
    let contact = contact.trim();
    if let Some((local, domain)) = contact.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}***@{domain}");
    }
    let chars: Vec<char> = contact.chars().collect();
    let keep = chars.len().saturating_sub(4);
    let tail: String = chars[keep..].iter().collect();
    format!("****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_follow_the_contract_examples() {
        assert_eq!(mask_customer("Zhang Wei"), "Z*** W***");
        assert_eq!(mask_customer("张伟"), "张***");
        assert_eq!(mask_contact("13812345678"), "****5678");
        assert_eq!(mask_contact("anna@example.com"), "a***@example.com");
    }
}
