//! Cell values and their reading into typed values (PRODUCT.md 2.2–2.3).
//!
//! Each `read_*` returns `Ok(None)` for a blank cell, `Ok(Some(v))` for a value and
//! `Err(reason)` with a short phrase naming the offending value for a bad one.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::i18n::Message;
use crate::model::spelling::Canonical;
use crate::templates::{csv_rows, normalize, VALUES_CSV};

/// One cell as the tool sees it, independent of the file format it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A real date/datetime cell (either date system), as wall-clock time.
    Date(NaiveDateTime),
    /// An error value such as `#N/A`.
    Error(String),
}

impl Cell {
    pub fn from_data(data: &calamine::Data) -> Cell {
        use calamine::Data;
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) => text_cell(s),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Bool(*b),
            Data::DateTime(dt) => date_cell(dt),
            Data::DateTimeIso(s) => iso_cell(s),
            Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Error(e.to_string()),
        }
    }

    pub fn from_data_ref(data: &calamine::DataRef<'_>) -> Cell {
        use calamine::DataRef;
        match data {
            DataRef::Empty => Cell::Empty,
            DataRef::String(s) => text_cell(s),
            DataRef::SharedString(s) => text_cell(s),
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Bool(b) => Cell::Bool(*b),
            DataRef::DateTime(dt) => date_cell(dt),
            DataRef::DateTimeIso(s) => iso_cell(s),
            DataRef::DurationIso(s) => Cell::Text(s.clone()),
            DataRef::Error(e) => Cell::Error(e.to_string()),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, the way a person would read it in the cell.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => format_datetime(*d),
            Cell::Error(e) => e.clone(),
        }
    }
}

fn text_cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn date_cell(dt: &calamine::ExcelDateTime) -> Cell {
    match dt.as_datetime() {
        Some(d) if dt.is_datetime() => Cell::Date(round_to_second(d)),
        // A duration-formatted number is not a date: keep the number.
        _ => Cell::Number(dt.as_f64()),
    }
}

fn iso_cell(s: &str) -> Cell {
    parse_iso(s).map_or_else(|| Cell::Text(s.to_string()), Cell::Date)
}

fn parse_iso(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(midnight))
}

pub fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn round_to_second(d: NaiveDateTime) -> NaiveDateTime {
    let nanos = d.nanosecond() as i64;
    let base = d - Duration::nanoseconds(nanos);
    if nanos >= 500_000_000 {
        base + Duration::seconds(1)
    } else {
        base
    }
}

/// `12`, `12.5`, `0.125`: no trailing zeros, no exponent for everyday numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `2026-11-03` for midnight, `2026-11-03 14:30` otherwise (seconds when present).
pub fn format_datetime(d: NaiveDateTime) -> String {
    if d.time() == NaiveTime::MIN {
        d.format("%Y-%m-%d").to_string()
    } else if d.second() == 0 {
        d.format("%Y-%m-%d %H:%M").to_string()
    } else {
        d.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// A value quoted in a message: trimmed, and cut to 60 characters so a message stays one
/// readable sentence however long the cell is.
pub fn quote(value: &str) -> String {
    const MAX: usize = 60;
    let value = value.trim();
    if value.chars().count() <= MAX {
        format!("\"{value}\"")
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    }
}

/// How to read `03/11/2026`-style dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    /// Ambiguous forms are errors.
    #[default]
    Strict,
    DayFirst,
    MonthFirst,
}

/// Why a cell's value cannot be read: the catalogue message that says so (`bad-*` in
/// `findings.ftl`, in the team's language) with the offending value as `$value`.
fn bad(id: &'static str, value: String) -> Message {
    Message::new(id).arg("value", value)
}

/// A number that must not be negative.
pub fn negative(n: f64) -> Message {
    bad("bad-negative", format_number(n))
}

/// Reads a date or date/time cell. A serial number typed in a number cell counts in the
/// workbook's date system (`date1904`: days from 1904-01-01, as Mac Excel once wrote).
pub fn read_datetime(
    cell: &Cell,
    order: DayOrder,
    date1904: bool,
) -> Result<Option<NaiveDateTime>, Message> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => serial_to_datetime(if date1904 { *n + DAYS_1900_TO_1904 } else { *n })
            .map(Some)
            .ok_or_else(|| bad("bad-number_not_date", format_number(*n))),
        Cell::Text(s) if s.trim().is_empty() => Ok(None),
        Cell::Text(s) => parse_date_text(s.trim(), order).map(Some),
        Cell::Bool(b) => Err(bad(
            "bad-not_date",
            if *b { "TRUE" } else { "FALSE" }.to_string(),
        )),
        Cell::Error(e) => Err(bad("bad-cell_error", e.to_string())),
    }
}

/// The 1904 date system counts from 1904-01-01, 1,462 days after the 1900 system's day 0.
const DAYS_1900_TO_1904: f64 = 1462.0;

/// An Excel serial number (1900 date system) as a date; only plausible dates (1900–9999).
pub fn serial_to_datetime(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = midnight(NaiveDate::from_ymd_opt(1899, 12, 30)?);
    // Excel counts a 29 February 1900 that never was.
    let days = if serial >= 60.0 { serial } else { serial + 1.0 };
    let ms = (days * 86_400_000.0).round() as i64;
    epoch
        .checked_add_signed(Duration::milliseconds(ms))
        .map(round_to_second)
}

/// A date as an Excel serial number, in the 1900 date system or (`date1904`) the 1904 one;
/// `None` before the system's first date (Excel cannot show it as a date).
pub fn datetime_to_serial(when: NaiveDateTime, date1904: bool) -> Option<f64> {
    let (epoch, first) = if date1904 {
        (
            NaiveDate::from_ymd_opt(1904, 1, 1)?,
            NaiveDate::from_ymd_opt(1904, 1, 1)?,
        )
    } else {
        // From March 1900 on, the serial counts from 30 December 1899 (Excel's phantom
        // 29 February 1900 included).
        (
            NaiveDate::from_ymd_opt(1899, 12, 30)?,
            NaiveDate::from_ymd_opt(1900, 3, 1)?,
        )
    };
    if when.date() < first {
        return None;
    }
    let since = when - midnight(epoch);
    Some(since.num_milliseconds() as f64 / 86_400_000.0)
}

fn parse_date_text(s: &str, order: DayOrder) -> Result<NaiveDateTime, Message> {
    let bad = || bad("bad-unreadable_date", quote(s));
    let (date_part, time_part) = split_date_time(s);
    let time = match time_part {
        None => NaiveTime::MIN,
        Some(t) => parse_time(t).ok_or_else(bad)?,
    };
    let date = parse_date_part(date_part, order, s)?.ok_or_else(bad)?;
    Ok(date.and_time(time))
}

fn split_date_time(s: &str) -> (&str, Option<&str>) {
    if let Some(i) = s.find('日') {
        let rest = s[i + '日'.len_utf8()..].trim();
        return (
            &s[..i + '日'.len_utf8()],
            (!rest.is_empty()).then_some(rest),
        );
    }
    match s.find([' ', 'T']) {
        Some(i) => {
            let rest = s[i + 1..].trim();
            (&s[..i], (!rest.is_empty()).then_some(rest))
        }
        None => (s, None),
    }
}

fn parse_time(t: &str) -> Option<NaiveTime> {
    let t = t.trim_end_matches('Z');
    NaiveTime::parse_from_str(t, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S%.f"))
        .ok()
        .map(|t| t.with_nanosecond(0).unwrap_or(t))
}

/// `Ok(None)` when the text has no date shape at all; `Err` for an ambiguous one.
fn parse_date_part(d: &str, order: DayOrder, whole: &str) -> Result<Option<NaiveDate>, Message> {
    let parts: Vec<&str> = d
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return Ok(None);
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() != 3 {
        return Ok(None);
    }
    let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d);
    if parts[0].len() == 4 {
        return Ok(ymd(nums[0], nums[1], nums[2]));
    }
    if parts[2].len() != 4 || d.contains(['年', '月', '日']) {
        return Ok(None);
    }
    let (a, b, year) = (nums[0], nums[1], nums[2]);
    let day_first = match order {
        DayOrder::DayFirst => true,
        DayOrder::MonthFirst => false,
        DayOrder::Strict if a > 12 && b <= 12 => true,
        DayOrder::Strict if b > 12 && a <= 12 => false,
        DayOrder::Strict if a == b => true,
        DayOrder::Strict => return Err(bad("bad-ambiguous_date", quote(whole))),
    };
    Ok(if day_first {
        ymd(year, b, a)
    } else {
        ymd(year, a, b)
    })
}

/// The accepted spellings of every enumeration and of yes/no (templates/values.csv).
#[derive(Debug, Clone)]
pub struct Spellings {
    /// kind → normalized spelling → canonical value
    by_kind: HashMap<String, HashMap<String, String>>,
}

impl Spellings {
    pub fn builtin() -> Spellings {
        let mut by_kind: HashMap<String, HashMap<String, String>> = HashMap::new();
        for record in csv_rows(VALUES_CSV) {
            let (Some(kind), Some(value), Some(spelling)) =
                (record.get(0), record.get(1), record.get(2))
            else {
                continue;
            };
            let map = by_kind.entry(kind.to_string()).or_default();
            map.insert(normalize(spelling), value.to_string());
            map.insert(normalize(value), value.to_string());
        }
        Spellings { by_kind }
    }

    /// The canonical value of `text` for `kind` (`status`, `issue_type`, `resolution_requested`, `yes_no`).
    pub fn canonical(&self, kind: &str, text: &str) -> Option<&str> {
        self.by_kind
            .get(kind)?
            .get(&normalize(text))
            .map(String::as_str)
    }

    /// Reads an enumeration cell of `T`, spelled as values.csv spells `kind`; a value it does
    /// not know lists what it accepts as the labels `<label>-<value>` of the team's language.
    pub fn read_enum<T: Canonical>(
        &self,
        kind: &str,
        label: &str,
        cell: &Cell,
    ) -> Result<Option<T>, Message> {
        let accepted = || {
            T::ALL
                .iter()
                .map(|v| format!("{label}-{}", v.as_str()))
                .collect::<Vec<_>>()
        };
        self.read_spelled(kind, cell, T::from_canonical, accepted)
    }

    /// Reads a yes/no cell (Excel booleans and 1/0 included).
    pub fn read_yes_no(&self, cell: &Cell) -> Result<Option<bool>, Message> {
        let from_canonical = |v: &str| match v {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let accepted = || vec!["yesno-yes".to_string(), "yesno-no".to_string()];
        match cell {
            Cell::Bool(b) => Ok(Some(*b)),
            _ => self.read_spelled("yes_no", cell, from_canonical, accepted),
        }
    }

    fn read_spelled<T>(
        &self,
        kind: &str,
        cell: &Cell,
        from_canonical: impl Fn(&str) -> Option<T>,
        accepted: impl FnOnce() -> Vec<String>,
    ) -> Result<Option<T>, Message> {
        if cell.is_blank() {
            return Ok(None);
        }
        let text = cell.display();
        self.canonical(kind, &text)
            .and_then(from_canonical)
            .map(Some)
            .ok_or_else(|| bad("bad-unknown_value", quote(&text)).labels("expected", accepted()))
    }
}

/// Reads a number; text like `1,234.50` or `¥99` is accepted.
pub fn read_number(cell: &Cell) -> Result<Option<f64>, Message> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.is_finite() => Ok(Some(*n)),
        Cell::Text(s) if s.trim().is_empty() => Ok(None),
        Cell::Text(s) => {
            let cleaned: String = s
                .trim()
                .trim_start_matches(['¥', '￥', '$', '€', '£'])
                .chars()
                .filter(|c| *c != ',')
                .collect();
            cleaned
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| bad("bad-not_number", quote(s)))
        }
        Cell::Error(e) => Err(bad("bad-cell_error", e.to_string())),
        other => Err(bad("bad-not_number", quote(&other.display()))),
    }
}

/// Reads a whole number within `min..=max`.
pub fn read_integer(cell: &Cell, min: f64, max: f64) -> Result<Option<u32>, Message> {
    match read_number(cell)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n >= min && n <= max => Ok(Some(n as u32)),
        Some(n) if n.fract() == 0.0 => Err(bad("bad-out_of_range", format_number(n))
            .arg("min", format_number(min))
            .arg("max", format_number(max))),
        Some(n) => Err(bad("bad-not_whole", format_number(n))),
    }
}

/// Reads free text; numbers are shown without a trailing `.0`.
pub fn read_text(cell: &Cell) -> Result<Option<String>, Message> {
    match cell {
        Cell::Error(e) => Err(bad("bad-cell_error", e.to_string())),
        c if c.is_blank() => Ok(None),
        c => Ok(Some(c.display().trim().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn every_text_date_form_of_the_contract_reads() {
        let cases = [
            ("2026-11-03", "2026-11-03 00:00:00"),
            ("2026/11/03", "2026-11-03 00:00:00"),
            ("2026.11.03", "2026-11-03 00:00:00"),
            ("2026/11/3", "2026-11-03 00:00:00"),
            ("2026年11月3日", "2026-11-03 00:00:00"),
            ("2026年11月3日 14:30", "2026-11-03 14:30:00"),
            ("2026-11-03 09:15", "2026-11-03 09:15:00"),
            ("2026-11-03 09:15:42", "2026-11-03 09:15:42"),
            ("2026-11-03T09:15:42", "2026-11-03 09:15:42"),
            ("25/11/2026", "2026-11-25 00:00:00"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                read_datetime(&text(input), DayOrder::Strict, false).unwrap(),
                Some(dt(expected)),
                "{input}"
            );
        }
    }

    #[test]
    fn ambiguous_day_month_is_an_error_unless_an_order_is_given() {
        let cell = text("03/11/2026");
        let err = read_datetime(&cell, DayOrder::Strict, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ambiguous"), "{err}");
        assert_eq!(
            read_datetime(&cell, DayOrder::DayFirst, false).unwrap(),
            Some(dt("2026-11-03 00:00:00"))
        );
        assert_eq!(
            read_datetime(&cell, DayOrder::MonthFirst, false).unwrap(),
            Some(dt("2026-03-11 00:00:00"))
        );
    }

    #[test]
    fn serial_numbers_and_bad_dates() {
        // 46329 is 2026-11-03 in the 1900 date system.
        assert_eq!(
            read_datetime(&Cell::Number(46329.5), DayOrder::Strict, false).unwrap(),
            Some(dt("2026-11-03 12:00:00"))
        );
        assert!(read_datetime(&text("2026-02-30"), DayOrder::Strict, false).is_err());
        assert!(read_datetime(&text("next Tuesday"), DayOrder::Strict, false).is_err());
        assert!(
            read_datetime(&Cell::Error("#N/A".into()), DayOrder::Strict, false)
                .unwrap_err()
                .to_string()
                .contains("#N/A")
        );
        assert_eq!(
            read_datetime(&text("  "), DayOrder::Strict, false).unwrap(),
            None
        );
    }

    #[test]
    fn dates_become_serial_numbers_in_either_date_system() {
        let when = dt("2026-11-03 12:00:00");
        assert_eq!(datetime_to_serial(when, false), Some(46329.5));
        // The 1904 system counts 1,462 days fewer.
        assert_eq!(datetime_to_serial(when, true), Some(46329.5 - 1462.0));
        assert_eq!(serial_to_datetime(46329.5), Some(when));
        assert_eq!(datetime_to_serial(dt("1900-02-28 00:00:00"), false), None);
    }

    #[test]
    fn yes_no_in_both_languages() {
        let s = Spellings::builtin();
        for (input, expected) in [
            ("Y", true),
            ("yes", true),
            ("TRUE", true),
            ("1", true),
            ("是", true),
            ("有", true),
            ("N", false),
            ("No", false),
            ("false", false),
            ("0", false),
            ("否", false),
            ("无", false),
        ] {
            assert_eq!(
                s.read_yes_no(&text(input)).unwrap(),
                Some(expected),
                "{input}"
            );
        }
        assert_eq!(s.read_yes_no(&Cell::Bool(true)).unwrap(), Some(true));
        assert_eq!(s.read_yes_no(&Cell::Number(0.0)).unwrap(), Some(false));
        assert!(s.read_yes_no(&text("maybe")).is_err());
    }

    #[test]
    fn enumerations_map_spellings_to_canonical_values() {
        use crate::model::Status;
        let s = Spellings::builtin();
        for (input, expected) in [
            ("处理中", Status::InProgress),
            ("Waiting on customer", Status::WaitingCustomer),
            ("in_progress", Status::InProgress),
            ("已结案", Status::Closed),
            ("DONE", Status::Resolved),
        ] {
            assert_eq!(
                s.read_enum::<Status>("status", "status", &text(input))
                    .unwrap(),
                Some(expected),
                "{input}"
            );
        }
        let err = s
            .read_enum::<Status>("status", "status", &text("Lost in space"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Lost in space") && err.contains("New, In progress, Waiting on customer"),
            "{err}"
        );
    }

    #[test]
    fn numbers_and_integers() {
        assert_eq!(read_number(&text("1,234.50")).unwrap(), Some(1234.5));
        assert_eq!(read_number(&text("¥99")).unwrap(), Some(99.0));
        assert!(read_number(&text("abc")).is_err());
        assert_eq!(read_integer(&Cell::Number(5.0), 1.0, 5.0).unwrap(), Some(5));
        assert!(read_integer(&Cell::Number(7.0), 1.0, 5.0)
            .unwrap_err()
            .to_string()
            .contains("7"));
        assert!(read_integer(&Cell::Number(4.5), 1.0, 5.0).is_err());
        assert_eq!(
            read_text(&Cell::Number(10023.0)).unwrap(),
            Some("10023".into())
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    proptest! {
        /// Every text form of PRODUCT.md 2.2 reads back the date and time it was written from.
        #[test]
        fn every_text_form_reads_back_its_date(days in 0i64..(365 * 30), minute in 0u32..1440, form in 0usize..6) {
            let date = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + Duration::days(days);
            let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap();
            let text = match form {
                0 => date.format("%Y-%m-%d").to_string(),
                1 => date.format("%Y/%m/%d").to_string(),
                2 => date.format("%Y.%m.%d").to_string(),
                3 => date.format("%Y年%-m月%-d日").to_string(),
                4 => format!("{} {}", date.format("%Y-%m-%d"), time.format("%H:%M")),
                _ => format!("{} {}", date.format("%Y年%-m月%-d日"), time.format("%H:%M:%S")),
            };
            let expected = if form >= 4 { date.and_time(time) } else { midnight(date) };
            prop_assert_eq!(read_datetime(&Cell::Text(text), DayOrder::Strict, false), Ok(Some(expected)));
        }

        /// Day-first and month-first agree with each other on the same date; strict reading
        /// accepts a form only when it cannot be read two ways.
        #[test]
        fn slash_forms_follow_the_chosen_order(days in 0i64..(365 * 30)) {
            let date = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + Duration::days(days);
            let day_first = Cell::Text(date.format("%d/%m/%Y").to_string());
            let month_first = Cell::Text(date.format("%m/%d/%Y").to_string());
            prop_assert_eq!(read_datetime(&day_first, DayOrder::DayFirst, false), Ok(Some(midnight(date))));
            prop_assert_eq!(read_datetime(&month_first, DayOrder::MonthFirst, false), Ok(Some(midnight(date))));
            let strict = read_datetime(&day_first, DayOrder::Strict, false);
            let ambiguous = date.day() <= 12 && date.day() != date.month();
            prop_assert_eq!(strict.is_err(), ambiguous);
            if !ambiguous {
                prop_assert_eq!(strict, Ok(Some(midnight(date))));
            }
        }

        /// Arbitrary text never panics.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
            let _ = read_datetime(&Cell::Text(text), DayOrder::Strict, false);
        }
    }
}
