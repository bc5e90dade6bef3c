//! The public-holiday calendar and the two clocks that skip holidays (PRODUCT.md section 3.1):
//! return windows counted in days, and SLA clocks counted in hours.
//!
//! The calendar is data (`templates/calendars/cn.csv`, editable by users), never constants in
//! code. Both clocks jump from one holiday run to the next instead of walking days or minutes,
//! because `process` evaluates them for every case of a workbook of up to a million rows.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::i18n::{Describe, Message};
use crate::model::spelling::{canonical_enum, Canonical};
use crate::templates::{read_csv_rows, CsvError};

/// The calendar compiled into the binary, so a run never depends on a file next to it.
use crate::templates::CN_CALENDAR_CSV as BUILTIN_CN;

/// Years outside this range are refused when parsing: no holiday notice exists for them, and
/// the bound keeps every date arithmetic below far from chrono's limits.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

canonical_enum!(
    /// Whether a listed day is a day off or an adjusted working day (调休上班), spelled as in
    /// the calendar file.
    DayKind {
        Holiday => "holiday",
        Workday => "workday",
    }
);

/// One line of the calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// Holiday days and adjusted workdays, with names.
///
/// Adjusted workdays are kept for display only: weekends count like any other day under the
/// `cn` rule, so only holiday days change a deadline.
#[derive(Debug, Clone)]
pub struct Calendar {
    entries: Vec<CalendarEntry>,
    /// Sorted holiday dates, searched by bisection (cheaper than a set for ~30 days a year).
    holidays: Vec<NaiveDate>,
    first_year: i32,
    last_year: i32,
}

/// Why a calendar file cannot be used. Messages name the file and the line.
#[derive(thiserror::Error, Debug)]
pub enum CalendarError {
    Csv(#[from] CsvError),
    MissingColumn {
        file: String,
        column: &'static str,
    },
    BadDate {
        file: String,
        line: u64,
        value: String,
    },
    BadKind {
        file: String,
        line: u64,
        value: String,
    },
    Duplicate {
        file: String,
        line: u64,
        date: NaiveDate,
        first_line: u64,
    },
    Empty {
        file: String,
    },
}

impl Describe for CalendarError {
    fn message(&self) -> Message {
        match self {
            CalendarError::Csv(e) => e.message(),
            CalendarError::MissingColumn { file, column } => {
                Message::new("calendar-missing_column")
                    .arg("file", file)
                    .arg("column", column)
                    .arg("header", "date,kind,name")
            }
            CalendarError::BadDate { file, line, value } => Message::new("calendar-bad_date")
                .arg("file", file)
                .arg("line", line)
                .arg("value", value)
                .arg("first_year", YEARS.start())
                .arg("last_year", YEARS.end()),
            CalendarError::BadKind { file, line, value } => Message::new("calendar-bad_kind")
                .arg("file", file)
                .arg("line", line)
                .arg("value", value)
                .arg("accepted", DayKind::accepted()),
            CalendarError::Duplicate {
                file,
                line,
                date,
                first_line,
            } => Message::new("calendar-duplicate")
                .arg("file", file)
                .arg("line", line)
                .arg("date", date)
                .arg("first_line", first_line),
            CalendarError::Empty { file } => Message::new("calendar-empty").arg("file", file),
        }
    }
}

crate::display_by_message!(CalendarError);

/// A computed time, and whether computing it needed the calendar outside the years it covers
/// (the caller reports `W_CALENDAR_RANGE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocked<T> {
    pub value: T,
    pub beyond_calendar: bool,
}

impl Calendar {
    /// Reads a calendar CSV with columns `date,kind,name` (header names ignore case and
    /// surrounding spaces; `name` may be left out). Blank lines and `#` comment lines are
    /// skipped so users can annotate the years they add. `source` names the file in messages.
    pub fn parse(csv_text: &str, source: &str) -> Result<Calendar, CalendarError> {
        let mut rows = read_csv_rows(csv_text, source)?.into_iter();
        let header = rows.next().map(|(_, cells)| cells).unwrap_or_default();
        let columns = Columns::find(&header, source)?;
        let lines = rows
            .map(|(line, cells)| Ok((columns.entry(&cells, source, line)?, line)))
            .collect::<Result<Vec<_>, CalendarError>>()?;
        Calendar::from_lines(lines, source)
    }

    /// The Chinese calendar shipped in `templates/calendars/cn.csv`.
    pub fn builtin_cn() -> Calendar {
        Calendar::parse(BUILTIN_CN, "templates/calendars/cn.csv")
            .expect("the built-in calendar is valid (checked by a unit test)")
    }

    /// Sorts the entries, refuses a date listed twice (two kinds for one day would be
    /// ambiguous), and indexes the holidays.
    fn from_lines(
        mut lines: Vec<(CalendarEntry, u64)>,
        source: &str,
    ) -> Result<Calendar, CalendarError> {
        lines.sort_by_key(|(entry, line)| (entry.date, *line));
        for pair in lines.windows(2) {
            let ((first, first_line), (second, line)) = (&pair[0], &pair[1]);
            if first.date == second.date {
                return Err(CalendarError::Duplicate {
                    file: source.to_string(),
                    line: *line,
                    date: second.date,
                    first_line: *first_line,
                });
            }
        }
        let entries: Vec<CalendarEntry> = lines.into_iter().map(|(entry, _)| entry).collect();
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return Err(CalendarError::Empty {
                file: source.to_string(),
            });
        };
        let (first_year, last_year) = (year(first.date), year(last.date));
        let holidays = entries
            .iter()
            .filter(|e| e.kind == DayKind::Holiday)
            .map(|e| e.date)
            .collect();
        Ok(Calendar {
            entries,
            holidays,
            first_year,
            last_year,
        })
    }

    /// True when `d` is an official holiday day.
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.binary_search(&d).is_ok()
    }

    /// True when `d`'s year lies within the first..=last year the file lists; outside it the
    /// calendar cannot know the holidays, so results there are flagged.
    pub fn covers(&self, d: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&year(d))
    }

    /// The first year the file lists.
    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    /// The last year the file lists.
    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// All entries sorted by date, for the output's Policies sheet.
    pub fn entries(&self) -> &[CalendarEntry] {
        &self.entries
    }

    /// Number of holidays in the half-open date range `(after, upto]`.
    fn holidays_between(&self, after: NaiveDate, upto: NaiveDate) -> usize {
        let upto_idx = self.holidays.partition_point(|h| *h <= upto);
        let after_idx = self.holidays.partition_point(|h| *h <= after);
        upto_idx.saturating_sub(after_idx)
    }

    /// The first holiday strictly after `d`, if any.
    fn next_holiday_after(&self, d: NaiveDate) -> Option<NaiveDate> {
        let idx = self.holidays.partition_point(|h| *h <= d);
        self.holidays.get(idx).copied()
    }

    /// `d` itself if it is not a holiday, else the first day after its holiday run.
    fn skip_holidays_from(&self, mut d: NaiveDate) -> NaiveDate {
        while self.is_holiday(d) {
            d = next_day(d);
        }
        d
    }

    /// True when a day in `first..=last` lies outside the covered years. The covered years are
    /// one contiguous range, so looking at the two ends is enough.
    fn beyond(&self, first: NaiveDate, last: NaiveDate) -> bool {
        !self.covers(first) || !self.covers(last)
    }
}

/// Where each column sits in the calendar file's header.
struct Columns {
    date: usize,
    kind: usize,
    name: Option<usize>,
}

impl Columns {
    fn find(header: &[String], source: &str) -> Result<Columns, CalendarError> {
        let position = |want: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(want))
        };
        let missing = |column| CalendarError::MissingColumn {
            file: source.to_string(),
            column,
        };
        Ok(Columns {
            date: position("date").ok_or_else(|| missing("date"))?,
            kind: position("kind").ok_or_else(|| missing("kind"))?,
            name: position("name"),
        })
    }

    fn entry(
        &self,
        cells: &[String],
        source: &str,
        line: u64,
    ) -> Result<CalendarEntry, CalendarError> {
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let date_text = cell(self.date);
        let date = parse_date(date_text).ok_or_else(|| CalendarError::BadDate {
            file: source.to_string(),
            line,
            value: date_text.to_string(),
        })?;
        let kind =
            DayKind::from_canonical(&cell(self.kind).to_ascii_lowercase()).ok_or_else(|| {
                CalendarError::BadKind {
                    file: source.to_string(),
                    line,
                    value: cell(self.kind).to_string(),
                }
            })?;
        let name = self.name.map_or("", cell).to_string();
        Ok(CalendarEntry { date, kind, name })
    }
}

/// `YYYY-MM-DD` (or with `/`), within [`YEARS`].
fn parse_date(text: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y/%m/%d"))
        .ok()?;
    YEARS.contains(&year(date)).then_some(date)
}

fn year(d: NaiveDate) -> i32 {
    chrono::Datelike::year(&d)
}

/// The day after `d`; saturates at chrono's last date instead of panicking.
fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(NaiveDate::MAX)
}

/// `start + days`, saturating at chrono's last date (only absurd policy values get there).
fn plus_days(start: NaiveDate, days: u64) -> NaiveDate {
    start
        .checked_add_days(chrono::Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// `start + secs`, saturating at chrono's last instant.
fn plus_secs(start: NaiveDateTime, secs: i64) -> NaiveDateTime {
    TimeDelta::try_seconds(secs)
        .and_then(|delta| start.checked_add_signed(delta))
        .unwrap_or(NaiveDateTime::MAX)
}

/// Window end: `None` calendar = plain calendar days (start + days). With a calendar, a window
/// of N days ends on the N-th non-holiday day after `start` (so `days = 0` is `start` itself,
/// holiday or not). `beyond_calendar` = some day examined (start+1 ..= end) lies outside
/// [`Calendar::covers`].
pub fn add_window_days(cal: Option<&Calendar>, start: NaiveDate, days: u32) -> Clocked<NaiveDate> {
    let plain = plus_days(start, u64::from(days));
    let Some(cal) = cal else {
        return Clocked {
            value: plain,
            beyond_calendar: false,
        };
    };
    if days == 0 {
        return Clocked {
            value: start,
            beyond_calendar: false,
        };
    }
    // Every holiday inside the window pushes its end one day further; the days added may hold
    // holidays of their own, so repeat until an extension holds none. Each round crosses at
    // least one holiday, so this ends after at most as many rounds as there are holidays.
    let (mut end, mut counted_upto) = (plain, start);
    loop {
        let skipped = cal.holidays_between(counted_upto, end);
        if skipped == 0 || end == NaiveDate::MAX {
            break;
        }
        counted_upto = end;
        end = plus_days(end, skipped as u64);
    }
    Clocked {
        value: end,
        beyond_calendar: cal.beyond(next_day(start), end),
    }
}

/// SLA clock: `hours` of clock time starting at `start`; with a calendar, time that falls on
/// holiday days does not count (a clock started on a holiday starts at the next non-holiday
/// midnight). Fractional hours are allowed; the result is rounded to whole seconds, and a
/// negative or non-finite `hours` counts as zero. `beyond_calendar` = some day from `start`'s
/// date to the result's date lies outside [`Calendar::covers`].
pub fn add_sla_hours(
    cal: Option<&Calendar>,
    start: NaiveDateTime,
    hours: f64,
) -> Clocked<NaiveDateTime> {
    let secs = sla_seconds(hours);
    let Some(cal) = cal else {
        return Clocked {
            value: plus_secs(start, secs),
            beyond_calendar: false,
        };
    };
    let value = run_clock(cal, start, secs);
    Clocked {
        value,
        beyond_calendar: cal.beyond(start.date(), value.date()),
    }
}

/// Clock hours from `start` to `end` (zero when `end` is not later): with a calendar, time on
/// holiday days does not count, the same clock [`add_sla_hours`] runs, so
/// `add_sla_hours(cal, start, sla_hours_between(cal, start, end))` is `end` or the end of the
/// holiday run `end` falls in.
pub fn sla_hours_between(cal: Option<&Calendar>, start: NaiveDateTime, end: NaiveDateTime) -> f64 {
    if end <= start {
        return 0.0;
    }
    let Some(cal) = cal else {
        return (end - start).num_seconds() as f64 / 3600.0;
    };
    // Wall-clock seconds, less the part of every holiday day inside the span.
    let mut secs = (end - start).num_seconds();
    let mut day = start.date();
    while let Some(holiday) = cal.next_holiday_after(day.pred_opt().unwrap_or(day)) {
        if holiday > end.date() {
            break;
        }
        let from = holiday.and_time(chrono::NaiveTime::MIN).max(start);
        let to = next_day(holiday).and_time(chrono::NaiveTime::MIN).min(end);
        if to > from {
            secs -= (to - from).num_seconds();
        }
        day = next_day(holiday);
    }
    secs.max(0) as f64 / 3600.0
}

/// Hours as whole seconds; `as` saturates, so huge values cannot wrap.
fn sla_seconds(hours: f64) -> i64 {
    if hours.is_finite() && hours > 0.0 {
        (hours * 3600.0).round() as i64
    } else {
        0
    }
}

/// Runs the clock from one holiday run to the next: between two runs every second counts.
fn run_clock(cal: &Calendar, start: NaiveDateTime, mut remaining: i64) -> NaiveDateTime {
    let mut now = if cal.is_holiday(start.date()) {
        cal.skip_holidays_from(start.date())
            .and_time(chrono::NaiveTime::MIN)
    } else {
        start
    };
    // `now` is never on a holiday here, so the next stop is strictly after its date.
    while let Some(holiday) = cal.next_holiday_after(now.date()) {
        let stop = holiday.and_time(chrono::NaiveTime::MIN);
        let available = (stop - now).num_seconds();
        if remaining <= available {
            break;
        }
        remaining -= available;
        now = cal
            .skip_holidays_from(holiday)
            .and_time(chrono::NaiveTime::MIN);
    }
    plus_secs(now, remaining)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn dt(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn builtin_calendar_parses_and_covers_2024_to_2026() {
        let cal = Calendar::builtin_cn();
        assert!(cal.covers(d("2024-01-01")) && cal.covers(d("2026-12-31")));
        assert!(!cal.covers(d("2023-12-31")) && !cal.covers(d("2027-01-01")));
        assert_eq!(cal.last_year(), 2026);
        assert!(cal.entries().windows(2).all(|w| w[0].date < w[1].date));
    }

    /// The facts the tests below rest on, as the State Council notices give them (PRODUCT.md
    /// section 3.1): 2026 National Day is 1–7 October, 2026 Spring Festival 15–23 February,
    /// 2024 Dragon Boat only 10 June (the weekend it joins is not a holiday day).
    #[test]
    fn builtin_calendar_pins_2026_and_2024_holidays() {
        let cal = Calendar::builtin_cn();
        let holidays_in = |from: &str, to: &str| -> Vec<NaiveDate> {
            d(from)
                .iter_days()
                .take_while(|x| *x <= d(to))
                .filter(|x| cal.is_holiday(*x))
                .collect()
        };
        let national: Vec<_> = d("2026-10-01").iter_days().take(7).collect();
        assert_eq!(holidays_in("2026-09-28", "2026-10-12"), national);
        let spring: Vec<_> = d("2026-02-15").iter_days().take(9).collect();
        assert_eq!(holidays_in("2026-02-10", "2026-02-28"), spring);
        assert_eq!(
            holidays_in("2024-06-07", "2024-06-12"),
            vec![d("2024-06-10")]
        );
        assert!(
            !cal.is_holiday(d("2026-10-10")),
            "10 October 2026 is a workday"
        );
    }

    #[test]
    fn window_skips_holidays_under_cn() {
        let cal = Calendar::builtin_cn();
        // (start, days, with cn, without calendar)
        let cases = [
            // 29, 30 Sep count; 1–7 Oct skipped; 8–15 Oct count → 15 Oct.
            ("2026-09-28", 10, "2026-10-15", "2026-10-08"),
            // Started inside National Day: 8 Oct is the first counted day.
            ("2026-10-03", 1, "2026-10-08", "2026-10-04"),
            ("2026-10-03", 0, "2026-10-03", "2026-10-03"),
            // Spring Festival 15–23 Feb: 14 Feb counts, then 24 Feb onwards.
            ("2026-02-13", 7, "2026-03-01", "2026-02-20"),
            // 2024 Dragon Boat: only 10 June is skipped, the weekend before counts.
            ("2024-06-07", 3, "2024-06-11", "2024-06-10"),
            // A window that ends just before a holiday is not pushed.
            ("2026-09-23", 1, "2026-09-24", "2026-09-24"),
            // Mid-autumn 25–27 Sep then National Day 1–7 Oct: both runs skipped.
            ("2026-09-24", 5, "2026-10-09", "2026-09-29"),
        ];
        for (start, days, cn, plain) in cases {
            let with = add_window_days(Some(&cal), d(start), days);
            assert_eq!(with.value, d(cn), "{start} + {days} under cn");
            assert!(!with.beyond_calendar);
            let without = add_window_days(None, d(start), days);
            assert_eq!(without.value, d(plain), "{start} + {days} plain");
        }
    }

    #[test]
    fn sla_clock_skips_holiday_time_under_cn() {
        let cal = Calendar::builtin_cn();
        // (start, hours, with cn)
        let cases = [
            // 14 h left on 30 Sep, 1–7 Oct stop the clock, 10 h on 8 Oct.
            ("2026-09-30 10:00", 24.0, "2026-10-08 10:00"),
            // Started inside the holiday: runs from 8 Oct 00:00.
            ("2026-10-03 15:30", 24.0, "2026-10-09 00:00"),
            ("2026-10-03 15:30", 0.0, "2026-10-08 00:00"),
            // Exactly up to the holiday's midnight: stops there, not after the holiday.
            ("2026-09-30 10:00", 14.0, "2026-10-01 00:00"),
            // 7 days × 24 h from the eve of Spring Festival.
            ("2026-02-14 09:00", 168.0, "2026-03-02 09:00"),
            ("2024-06-09 12:00", 24.0, "2024-06-11 12:00"),
            ("2026-09-30 10:00", 1.5, "2026-09-30 11:30"),
        ];
        for (start, hours, cn) in cases {
            let with = add_sla_hours(Some(&cal), dt(start), hours);
            assert_eq!(with.value, dt(cn), "{start} + {hours} h under cn");
            assert!(!with.beyond_calendar);
        }
        let plain = add_sla_hours(None, dt("2026-09-30 10:00"), 24.0);
        assert_eq!(plain.value, dt("2026-10-01 10:00"));
    }

    #[test]
    fn sla_clock_rounds_to_whole_seconds() {
        let start = dt("2026-03-02 09:00");
        let got = add_sla_hours(None, start, 1.0 / 7200.0 + 1e-9).value;
        assert_eq!(got, start + TimeDelta::seconds(1));
        let third = add_sla_hours(Some(&Calendar::builtin_cn()), start, 1.0 / 3.0).value;
        assert_eq!(third, start + TimeDelta::seconds(1200));
    }

    #[test]
    fn beyond_calendar_flags_days_past_the_last_year() {
        let cal = Calendar::builtin_cn();
        assert!(add_window_days(Some(&cal), d("2026-12-28"), 7).beyond_calendar);
        assert!(!add_window_days(Some(&cal), d("2026-12-24"), 7).beyond_calendar);
        assert!(add_window_days(Some(&cal), d("2027-03-01"), 7).beyond_calendar);
        assert!(add_window_days(Some(&cal), d("2023-12-20"), 7).beyond_calendar);
        assert!(add_sla_hours(Some(&cal), dt("2026-12-31 12:00"), 24.0).beyond_calendar);
        assert!(add_sla_hours(Some(&cal), dt("2027-05-01 12:00"), 1.0).beyond_calendar);
        assert!(!add_sla_hours(Some(&cal), dt("2026-12-30 12:00"), 24.0).beyond_calendar);
        assert!(!add_window_days(None, d("2027-03-01"), 7).beyond_calendar);
    }

    #[test]
    fn absurd_inputs_saturate_instead_of_panicking() {
        let cal = Calendar::builtin_cn();
        let start = d("2026-01-01");
        assert_eq!(
            add_window_days(Some(&cal), start, u32::MAX).value,
            NaiveDate::MAX
        );
        let far = add_sla_hours(Some(&cal), start.and_time(chrono::NaiveTime::MIN), 1e300);
        assert_eq!(far.value, NaiveDateTime::MAX);
        assert!(far.beyond_calendar);
        let nan = add_sla_hours(None, start.and_time(chrono::NaiveTime::MIN), f64::NAN);
        assert_eq!(nan.value, start.and_time(chrono::NaiveTime::MIN));
    }

    #[test]
    fn parse_errors_name_the_file_and_line() {
        let cases = [
            (
                "date,kind,name\n2026-01-01,holiday,x\n2026-13-01,holiday,y\n",
                "cal.csv line 3: cannot read date \"2026-13-01\"",
            ),
            (
                "date,kind,name\n2026-01-01,day off,x\n",
                "cal.csv line 2: unknown kind \"day off\" (accepted: holiday, workday)",
            ),
            (
                "day,kind\n2026-01-01,holiday\n",
                "cal.csv: missing column \"date\"",
            ),
            (
                "date,kind\n2026-01-02,holiday\n2026-01-01,holiday\n2026-01-02,workday\n",
                "cal.csv line 4: 2026-01-02 is already listed on line 2",
            ),
            ("date,kind,name\n", "cal.csv: lists no dates"),
            (
                "date,kind\n# note\n\n2026-01-01,holiday\n2026-02-30,holiday\n",
                "cal.csv line 5: cannot read date \"2026-02-30\"",
            ),
            (
                "# added by hand\r\n\r\ndate,kind\r\n# 2026\r\n# more\r\n2026-1-32,holiday\r\n",
                "cal.csv line 6: cannot read date \"2026-1-32\"",
            ),
            ("", "cal.csv: missing column \"date\""),
        ];
        for (text, want) in cases {
            let err = Calendar::parse(text, "cal.csv").unwrap_err().to_string();
            assert!(err.starts_with(want), "{err:?} should start with {want:?}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn parse_accepts_loose_headers_comments_and_a_missing_name() {
        let text = "\u{feff} Date , KIND \n# 2027, added by hand\n\n2027-01-01,Holiday\n";
        let cal = Calendar::parse(text, "cal.csv").unwrap();
        assert!(cal.is_holiday(d("2027-01-01")));
        assert_eq!(cal.entries()[0].name, "");
        assert_eq!(cal.last_year(), 2027);
    }
}
