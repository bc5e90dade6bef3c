//! Property tests: the holiday-skipping clocks in `aftersales::policy::calendar` jump from one holiday
//! run to the next for speed; here they are compared against plain, obviously-correct walks
//! (day by day for windows, minute by minute for SLA clocks) on the built-in calendar and on
//! random calendars with long and adjacent holiday runs.

use aftersales::policy::calendar::{add_sla_hours, add_window_days, Calendar, Clocked};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use proptest::prelude::*;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

/// 2024-01-01 ..= 2026-12-31 as day offsets.
const SPAN_DAYS: u64 = 1096;

fn day(offset: u64) -> NaiveDate {
    first_day() + Days::new(offset)
}

/// Counts forward one day at a time.
fn reference_window(cal: &Calendar, start: NaiveDate, days: u32) -> Clocked<NaiveDate> {
    let (mut d, mut counted, mut beyond) = (start, 0, false);
    while counted < days {
        d = d.succ_opt().unwrap();
        beyond |= !cal.covers(d);
        if !cal.is_holiday(d) {
            counted += 1;
        }
    }
    Clocked {
        value: d,
        beyond_calendar: beyond,
    }
}

/// Counts forward one minute at a time, jumping to midnight whenever it stands on a holiday.
fn reference_sla(cal: &Calendar, start: NaiveDateTime, minutes: u32) -> Clocked<NaiveDateTime> {
    let next_midnight = |t: NaiveDateTime| t.date().succ_opt().unwrap().and_time(NaiveTime::MIN);
    let mut t = start;
    while cal.is_holiday(t.date()) {
        t = next_midnight(t);
    }
    let mut remaining = minutes;
    while remaining > 0 {
        if cal.is_holiday(t.date()) {
            t = next_midnight(t);
            continue;
        }
        t += TimeDelta::minutes(1);
        remaining -= 1;
    }
    let beyond = start
        .date()
        .iter_days()
        .take_while(|d| *d <= t.date())
        .any(|d| !cal.covers(d));
    Clocked {
        value: t,
        beyond_calendar: beyond,
    }
}

/// A calendar whose holidays are random runs (1–12 days, possibly touching) in 2024–2026, plus
/// one workday so the file always lists something even with no runs.
fn random_calendar() -> impl Strategy<Value = Calendar> {
    prop::collection::vec((0..SPAN_DAYS, 1u64..=12), 0..25).prop_map(|runs| {
        let mut dates: Vec<NaiveDate> = runs
            .iter()
            .flat_map(|&(at, len)| (at..(at + len).min(SPAN_DAYS)).map(day))
            .collect();
        dates.sort();
        dates.dedup();
        let mut text = String::from("date,kind,name\n2024-01-01,workday,anchor\n");
        for d in dates.iter().filter(|d| **d != first_day()) {
            text.push_str(&format!("{d},holiday,random\n"));
        }
        Calendar::parse(&text, "random.csv").unwrap()
    })
}

/// Any minute, or whole hours and days, so that clocks often end exactly on a holiday's
/// midnight (the boundary an off-by-one would get wrong).
fn minutes_up_to(max: u32) -> impl Strategy<Value = u32> {
    prop_oneof![
        0..=max,
        (0..=max / 60).prop_map(|h| h * 60),
        (0..=max / 1440).prop_map(|d| d * 1440),
    ]
}

fn any_calendar() -> impl Strategy<Value = Calendar> {
    prop_oneof![Just(Calendar::builtin_cn()), random_calendar()]
}

proptest! {
    #[test]
    fn window_matches_day_by_day_walk(
        cal in any_calendar(),
        offset in 0..SPAN_DAYS,
        days in 0u32..=60,
    ) {
        let start = day(offset);
        let got = add_window_days(Some(&cal), start, days);
        prop_assert_eq!(got, reference_window(&cal, start, days));
    }

    #[test]
    fn window_without_calendar_is_plain_days(offset in 0..SPAN_DAYS, days in 0u32..=400) {
        let got = add_window_days(None, day(offset), days);
        prop_assert_eq!(got.value, day(offset + u64::from(days)));
        prop_assert!(!got.beyond_calendar);
    }

    #[test]
    fn sla_matches_minute_by_minute_walk(
        cal in any_calendar(),
        offset in 0..SPAN_DAYS,
        minute_of_day in minutes_up_to(1439),
        minutes in minutes_up_to(15 * 1440),
    ) {
        let start = day(offset).and_time(NaiveTime::MIN) + TimeDelta::minutes(minute_of_day.into());
        let got = add_sla_hours(Some(&cal), start, f64::from(minutes) / 60.0);
        prop_assert_eq!(got, reference_sla(&cal, start, minutes));
    }

    /// The boundary case made certain: a clock asked for exactly the time left before the
    /// next holiday stops at that holiday's midnight, not after the holiday run.
    #[test]
    fn sla_ending_exactly_at_a_holiday_stops_at_its_midnight(
        cal in any_calendar(),
        offset in 0..SPAN_DAYS,
        minute_of_day in 0u32..1440,
    ) {
        let start = day(offset).and_time(NaiveTime::MIN) + TimeDelta::minutes(minute_of_day.into());
        prop_assume!(!cal.is_holiday(start.date()));
        let next = start.date().iter_days().take(60).find(|d| cal.is_holiday(*d));
        prop_assume!(next.is_some());
        let stop = next.unwrap().and_time(NaiveTime::MIN);
        let minutes = (stop - start).num_minutes() as u32;
        let got = add_sla_hours(Some(&cal), start, f64::from(minutes) / 60.0);
        prop_assert_eq!(got.value, stop);
        prop_assert_eq!(got, reference_sla(&cal, start, minutes));
    }

    #[test]
    fn sla_without_calendar_is_wall_clock(
        offset in 0..SPAN_DAYS,
        seconds in 0u32..=(30 * 86_400),
    ) {
        let start = day(offset).and_time(NaiveTime::MIN);
        let got = add_sla_hours(None, start, f64::from(seconds) / 3600.0);
        prop_assert_eq!(got.value, start + TimeDelta::seconds(seconds.into()));
        prop_assert!(!got.beyond_calendar);
    }
}
