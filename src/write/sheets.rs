//! The Policies and Run sheets, and the input's other sheets carried over.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::{mask_contact, mask_customer, write_cell, write_date, Formats};
use crate::i18n::Texts;
use crate::input::headers::{Aliases, HeaderMap};
use crate::input::values::Cell;
use crate::input::workbook::Row;
use crate::model::sheets::{Sheet, RUN_MARKER};
use crate::model::Key;
use crate::policy::calendar::Calendar;
use crate::policy::{Policy, PolicyTable};

/// The effective policy table and, when a row uses the `cn` rule, the holiday days.
pub fn write_policies(
    workbook: &mut Workbook,
    table: &PolicyTable,
    calendar: &Calendar,
    t: &Texts,
) -> Result<(), XlsxError> {
    let formats = Formats::default();
    let sheet = workbook.add_worksheet();
    sheet.set_name(Sheet::AppliedPolicies.label(t))?;
    super::print_sensibly(sheet, Some(0));
    for (col, key) in Policy::COLUMNS.iter().enumerate() {
        let name = t.get(&format!("policy-{key}"));
        sheet.write_string_with_format(0, col as u16, &name, &formats.header)?;
        let width = unicode_width::UnicodeWidthStr::width(name.as_str());
        sheet.set_column_width(col as u16, (width as f64 + 2.0).max(10.0))?;
    }
    let mut row = 1;
    for policy in table.rows() {
        for (col, value) in policy.cells().iter().enumerate() {
            match value.parse::<f64>() {
                Ok(n) => sheet.write_number(row, col as u16, n)?,
                Err(_) => sheet.write_string(row, col as u16, value)?,
            };
        }
        row += 1;
    }
    if table
        .rows()
        .iter()
        .any(|p| p.holiday_rule == crate::policy::HolidayRule::Cn)
    {
        row += 1;
        sheet.write_string_with_format(row, 0, t.get("policies-calendar"), &formats.title)?;
        row += 1;
        for (col, id) in ["policies-date", "policies-kind", "policies-name"]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, col as u16, t.get(id), &formats.header)?;
        }
        let kinds = t.labels::<crate::policy::calendar::DayKind>("daykind");
        for entry in calendar.entries() {
            row += 1;
            write_date(sheet, row, 0, &entry.date, &formats)?;
            sheet.write_string(row, 1, kinds.of(entry.kind))?;
            sheet.write_string(row, 2, &entry.name)?;
        }
    }
    Ok(())
}

/// The Run sheet: what was read and found. No run timestamps, so output stays reproducible.
pub fn write_run(
    workbook: &mut Workbook,
    lines: &[(String, String)],
    t: &Texts,
) -> Result<(), XlsxError> {
    let formats = Formats::default();
    let sheet = workbook.add_worksheet();
    sheet.set_name(Sheet::Run.label(t))?;
    super::print_sensibly(sheet, None);
    sheet.write_string_with_format(0, 0, RUN_MARKER, &formats.title)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 70)?;
    for (i, (key, value)) in lines.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_string_with_format(row, 0, key, &formats.header)?;
        match value.parse::<f64>() {
            Ok(n) if !value.starts_with('0') || value == "0" => sheet.write_number(row, 1, n)?,
            _ => sheet.write_string(row, 1, value)?,
        };
    }
    Ok(())
}

/// Where the personal columns of a carried sheet are: the header row, then the customer and
/// contact columns.
type PersonalColumns = Option<(u32, Option<u32>, Option<u32>)>;

/// How many rows may hold the header of a carried sheet (as for the case sheet).
const HEADER_ROWS: usize = 20;

/// A sheet of the input carried over with its values, written row by row as the rows are
/// read (a constant-memory sheet, so a large reference sheet costs no memory). Under
/// `--redact` the first rows wait until the header tells which columns to mask.
pub struct CarriedSheet<'a> {
    sheet: &'a mut Worksheet,
    formats: Formats,
    aliases: &'a Aliases,
    /// `None` until the personal columns are known.
    personal: Option<PersonalColumns>,
    waiting: Vec<Row>,
}

impl<'a> CarriedSheet<'a> {
    pub fn new(
        workbook: &'a mut Workbook,
        name: &str,
        redact: bool,
        aliases: &'a Aliases,
    ) -> Result<CarriedSheet<'a>, XlsxError> {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(carried_name(name))?;
        Ok(CarriedSheet {
            sheet,
            formats: Formats::default(),
            aliases,
            personal: (!redact).then_some(None),
            waiting: Vec::new(),
        })
    }

    pub fn push(&mut self, row: Row) -> Result<(), XlsxError> {
        if self.personal.is_some() {
            return self.write(&row);
        }
        self.waiting.push(row);
        if self.waiting.len() >= HEADER_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows still waiting (a sheet shorter than the header search).
    pub fn finish(mut self) -> Result<(), XlsxError> {
        self.flush()
    }

    fn flush(&mut self) -> Result<(), XlsxError> {
        if self.personal.is_none() {
            self.personal = Some(personal_columns(&self.waiting, self.aliases));
        }
        for row in std::mem::take(&mut self.waiting) {
            self.write(&row)?;
        }
        Ok(())
    }

    fn write(&mut self, row: &Row) -> Result<(), XlsxError> {
        let personal = self.personal.flatten();
        for (col, cell) in row.cells.iter().enumerate() {
            let Ok(col16) = u16::try_from(col) else { break };
            let masked = match personal {
                Some((header_row, customer, contact))
                    if row.index > header_row && !cell.is_blank() =>
                {
                    if Some(col as u32) == customer {
                        Some(Cell::Text(mask_customer(&cell.display())))
                    } else if Some(col as u32) == contact {
                        Some(Cell::Text(mask_contact(&cell.display())))
                    } else {
                        None
                    }
                }
                _ => None,
            };
            let cell = masked.as_ref().unwrap_or(cell);
            write_cell(self.sheet, row.index, col16, cell, &self.formats)?;
        }
        Ok(())
    }
}

/// An input sheet whose name the tool uses for one of the sheets it adds gets ` (input)`
/// added.
pub fn carried_name(name: &str) -> String {
    if crate::model::sheets::GENERATED
        .iter()
        .any(|s| s.name().eq_ignore_ascii_case(name))
    {
        format!("{name} (input)")
    } else {
        name.to_string()
    }
}

fn personal_columns(rows: &[Row], aliases: &Aliases) -> PersonalColumns {
    rows.iter().take(HEADER_ROWS).find_map(|row| {
        let texts: Vec<String> = row.cells.iter().map(Cell::display).collect();
        let header = HeaderMap::recognise(row.index, &texts, aliases)
            .or_else(|| partial_header(row.index, &texts, aliases))?;
        Some((
            header.row,
            header.column(Key::Customer),
            header.column(Key::Contact),
        ))
    })
}

/// A sheet of customer details may carry only a name and a contact column.
fn partial_header(row: u32, texts: &[String], aliases: &Aliases) -> Option<HeaderMap> {
    let mut header = HeaderMap {
        row,
        names: texts.to_vec(),
        columns: Default::default(),
        computed: Vec::new(),
    };
    for (col, text) in texts.iter().enumerate() {
        if let Some(key @ (Key::Customer | Key::Contact)) = aliases.key_of(text) {
            header.columns.entry(key).or_insert(col as u32);
        }
    }
    (!header.columns.is_empty()).then_some(header)
}
