//! KPIs over a period (PRODUCT.md section 5): which cases count, and grouping by platform,
//! assignee, issue type and ISO week. The KPIs themselves are declared in [`table`]; the JSON,
//! text and CSV renderings are in [`crate::render::kpi`].
//!
//! Memory stays proportional to the groups, not the cases, except for the values kept for the
//! medians (two `f64` per case and group).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::{Serialize, Serializer};

use crate::i18n::Message;
use crate::model::{IssueType, Status};

pub mod table;

use table::Acc;
pub use table::{Kpi, KpiDef, KpiKind, Kpis, KPIS, KPI_COUNT};

/// What the KPIs need of one case: small, so a million of them fit in memory.
#[derive(Debug, Clone, Default)]
pub struct KpiCase {
    pub request_at: Option<NaiveDateTime>,
    /// The platform as the policy table names it (as written when no policy matched).
    pub platform: String,
    /// Empty when the case has no assignee.
    pub assignee: String,
    pub issue_type: Option<IssueType>,
    pub status: Option<Status>,
    pub frt_hours: Option<f64>,
    /// Some(met) when the case has a first response and its due time is known.
    pub frt_met: Option<bool>,
    /// resolved_at − request_at in days, for finished cases with resolved_at.
    pub resolution_days: Option<f64>,
    /// Some(on_time) for finished cases with resolved_at and a known resolution due.
    pub resolved_on_time: Option<bool>,
    pub reopen_count: u32,
    pub csat: Option<u8>,
    /// At least one P_ finding (approved or not).
    pub policy_exception: bool,
    /// Open and past its resolution due as of as-of.
    pub overdue: bool,
    /// The row has at least one error finding: left out of every KPI, counted as excluded.
    pub has_error: bool,
}

/// Group name for a case without an assignee.
pub const UNASSIGNED: &str = "(unassigned)";
/// Group name for a case without an issue type (or a platform).
pub const NONE: &str = "(none)";

impl KpiCase {
    /// Finished statuses: resolved, closed, rejected. A case without a status counts as open,
    /// as [`crate::model::Case::is_open`] says.
    pub fn is_finished(&self) -> bool {
        self.status.is_some_and(Status::is_finished)
    }

    pub fn is_open(&self) -> bool {
        !self.is_finished()
    }

    /// Reopened at least once: a reopen count, or the status says so.
    pub fn was_reopened(&self) -> bool {
        self.reopen_count >= 1 || self.status == Some(Status::Reopened)
    }

    pub fn platform_key(&self) -> &str {
        non_empty_or(&self.platform, NONE)
    }

    pub fn assignee_key(&self) -> &str {
        non_empty_or(&self.assignee, UNASSIGNED)
    }

    pub fn issue_key(&self) -> &'static str {
        self.issue_type.map_or(NONE, IssueType::as_str)
    }
}

fn non_empty_or<'a>(text: &'a str, default: &'a str) -> &'a str {
    if text.trim().is_empty() {
        default
    } else {
        text
    }
}

/// The cases a KPI run covers: request_at's date between `from` and `to`, both inclusive.
/// Without bounds every case counts, even one without request_at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn all() -> Period {
        Period::default()
    }

    /// `2026-W47` → Monday 2026-11-16 to Sunday 2026-11-22.
    pub fn iso_week(spec: &str) -> Result<Period, Message> {
        let bad = || Message::new("usage-week_form").arg("week", spec);
        let (year, week) = spec.trim().split_once('-').ok_or_else(bad)?;
        let week = week.strip_prefix(['W', 'w']).ok_or_else(bad)?;
        if year.len() != 4 || !(1..=2).contains(&week.len()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
            Message::new("usage-week_none")
                .arg("week", spec)
                .arg("year", year)
                .arg("number", week)
        })?;
        let sunday = monday + chrono::Days::new(6);
        Ok(Period {
            from: Some(monday),
            to: Some(sunday),
        })
    }

    pub fn is_all(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    pub fn contains(&self, t: NaiveDateTime) -> bool {
        let day = t.date();
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }

    /// Whether a case with this request_at is in the period: one without is only in "all cases".
    pub fn includes(&self, request_at: Option<NaiveDateTime>) -> bool {
        request_at.map_or(self.is_all(), |t| self.contains(t))
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Bounds {
            from: Option<String>,
            to: Option<String>,
        }
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        Bounds {
            from: day(self.from),
            to: day(self.to),
        }
        .serialize(serializer)
    }
}

/// The ISO week of a time as `2026-W47` (`%G-W%V`).
pub fn iso_week_key(t: NaiveDateTime) -> String {
    let week = t.date().iso_week();
    format!("{:04}-W{:02}", week.year(), week.week())
}

/// KPIs for a period, overall and by group (PRODUCT.md section 5). Serializes as the JSON of
/// `kpi --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct KpiReport {
    pub period: Period,
    #[serde(serialize_with = "serialize_datetime")]
    pub as_of: NaiveDateTime,
    /// Rows in the period left out because they have an error finding.
    pub excluded: usize,
    pub overall: Kpis,
    pub by_platform: BTreeMap<String, Kpis>,
    pub by_assignee: BTreeMap<String, Kpis>,
    pub by_issue_type: BTreeMap<String, Kpis>,
    /// Keyed by the ISO week of request_at, `2026-W47`.
    pub by_week: BTreeMap<String, Kpis>,
}

fn serialize_datetime<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format("%Y-%m-%dT%H:%M:%S"))
}

impl KpiReport {
    /// The grouped sections with their names, in rendering order.
    pub fn groups(&self) -> [(&'static str, &BTreeMap<String, Kpis>); 4] {
        [
            ("platform", &self.by_platform),
            ("assignee", &self.by_assignee),
            ("issue_type", &self.by_issue_type),
            ("week", &self.by_week),
        ]
    }
}

/// The group a case adds to, keyed without allocating for a group already seen.
fn group<'m>(map: &'m mut BTreeMap<String, Acc>, key: &str) -> &'m mut Acc {
    if map.get(key).is_none() {
        map.insert(key.to_owned(), Acc::default());
    }
    map.get_mut(key).expect("group inserted above")
}

#[derive(Default)]
struct Groups {
    excluded: usize,
    overall: Acc,
    platform: BTreeMap<String, Acc>,
    assignee: BTreeMap<String, Acc>,
    issue_type: BTreeMap<String, Acc>,
    week: BTreeMap<(i32, u32), Acc>,
}

impl Groups {
    fn add(&mut self, c: &KpiCase) {
        if c.has_error {
            self.excluded += 1;
            return;
        }
        self.overall.add(c);
        group(&mut self.platform, c.platform_key()).add(c);
        group(&mut self.assignee, c.assignee_key()).add(c);
        group(&mut self.issue_type, c.issue_key()).add(c);
        if let Some(t) = c.request_at {
            let week = t.date().iso_week();
            self.week
                .entry((week.year(), week.week()))
                .or_default()
                .add(c);
        }
    }

    fn into_report(self, period: Period, as_of: NaiveDateTime) -> KpiReport {
        let finish = |map: BTreeMap<String, Acc>| -> BTreeMap<String, Kpis> {
            map.into_iter().map(|(k, acc)| (k, acc.finish())).collect()
        };
        KpiReport {
            period,
            as_of,
            excluded: self.excluded,
            overall: self.overall.finish(),
            by_platform: finish(self.platform),
            by_assignee: finish(self.assignee),
            by_issue_type: finish(self.issue_type),
            by_week: self
                .week
                .into_iter()
                .map(|((year, week), acc)| (format!("{year:04}-W{week:02}"), acc.finish()))
                .collect(),
        }
    }
}

/// KPIs over the cases whose request_at falls in `period`; rows with an error finding are
/// counted in `excluded` and left out of every KPI.
pub fn compute(cases: &[KpiCase], period: &Period, as_of: NaiveDateTime) -> KpiReport {
    let mut groups = Groups::default();
    for case in cases.iter().filter(|c| period.includes(c.request_at)) {
        groups.add(case);
    }
    groups.into_report(*period, as_of)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    pub(crate) fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// An open case with a request time and a platform; tests set the rest.
    pub(crate) fn case(request_at: &str) -> KpiCase {
        KpiCase {
            request_at: Some(at(request_at)),
            platform: "Superbuy".into(),
            assignee: "Li".into(),
            status: Some(Status::InProgress),
            ..KpiCase::default()
        }
    }

    pub(crate) fn finished(request_at: &str) -> KpiCase {
        KpiCase {
            status: Some(Status::Resolved),
            ..case(request_at)
        }
    }

    pub(crate) fn all(cases: &[KpiCase]) -> KpiReport {
        compute(cases, &Period::all(), at("2026-11-30 09:00"))
    }

    fn json(report: &KpiReport) -> Value {
        serde_json::to_value(report).unwrap()
    }

    pub(crate) const PRODUCT_KPI_KEYS: [&str; 16] = [
        "cases",
        "open",
        "resolved",
        "resolution_rate",
        "frt_mean_hours",
        "frt_median_hours",
        "frt_sla_met_rate",
        "resolution_days_mean",
        "resolution_days_median",
        "resolution_sla_met_rate",
        "reopened_rate",
        "csat_mean",
        "csat_rate",
        "csat_response_rate",
        "policy_exception_rate",
        "overdue",
    ];

    #[test]
    fn median_of_even_count_is_mean_of_middle_two() {
        let mut cases: Vec<KpiCase> = [10.0, 1.0, 4.0, 2.0]
            .into_iter()
            .map(|h| KpiCase {
                frt_hours: Some(h),
                ..case("2026-11-17 10:00")
            })
            .collect();
        cases[0].resolution_days = Some(3.0);
        cases[1].resolution_days = Some(1.0);
        let kpis = all(&cases).overall;
        assert_eq!(kpis.get(Kpi::FrtMedianHours), Some(3.0));
        assert_eq!(kpis.get(Kpi::FrtMeanHours), Some(4.25));
        assert_eq!(kpis.get(Kpi::ResolutionDaysMedian), Some(2.0));
        assert_eq!(kpis.get(Kpi::ResolutionDaysMean), Some(2.0));
    }

    #[test]
    fn zero_denominators_are_null_not_zero() {
        // Two open cases: nothing finished, responded, rated or reopened.
        let report = all(&[case("2026-11-17 10:00"), case("2026-11-18 10:00")]);
        let overall = &json(&report)["overall"];
        // Counts are never null, and rates over all cases have a denominator (checked below).
        let known = ["cases", "open", "resolved", "overdue"];
        let over_cases = ["resolution_rate", "policy_exception_rate"];
        let unknown = PRODUCT_KPI_KEYS
            .iter()
            .filter(|key| !known.contains(key) && !over_cases.contains(key));
        for key in unknown {
            assert_eq!(overall[key], Value::Null, "{key}");
        }
        // Rates over cases have a denominator: 0 of 2 is a real 0.
        assert_eq!(overall["resolution_rate"], 0.0);
        assert_eq!(overall["policy_exception_rate"], 0.0);
    }

    #[test]
    fn no_cases_gives_null_rates_and_empty_groups() {
        let value = json(&all(&[]));
        assert_eq!(value["overall"]["cases"], 0);
        assert_eq!(value["overall"]["resolution_rate"], Value::Null);
        assert_eq!(value["overall"]["policy_exception_rate"], Value::Null);
        assert_eq!(value["by_platform"], serde_json::json!({}));
    }

    #[test]
    fn sunday_midnight_minus_one_is_w47_and_monday_midnight_is_w48() {
        let sunday = case("2026-11-22 23:59");
        let monday = case("2026-11-23 00:00");
        let w47 = Period::iso_week("2026-W47").unwrap();
        assert_eq!(
            (w47.from, w47.to),
            (Some(day("2026-11-16")), Some(day("2026-11-22")))
        );
        assert!(w47.contains(at("2026-11-22 23:59")));
        assert!(!w47.contains(at("2026-11-23 00:00")));
        let report = compute(
            &[sunday.clone(), monday.clone()],
            &w47,
            at("2026-11-30 09:00"),
        );
        assert_eq!(report.overall.cases(), 1);
        let weeks: Vec<_> = all(&[sunday, monday]).by_week.into_keys().collect();
        assert_eq!(weeks, ["2026-W47", "2026-W48"]);
    }

    #[test]
    fn iso_week_53_of_2026_spans_new_year() {
        let w53 = Period::iso_week("2026-W53").unwrap();
        assert_eq!(
            (w53.from, w53.to),
            (Some(day("2026-12-28")), Some(day("2027-01-03")))
        );
        assert_eq!(iso_week_key(at("2027-01-03 12:00")), "2026-W53");
        assert_eq!(iso_week_key(at("2027-01-04 00:00")), "2027-W01");
        let report = all(&[case("2027-01-01 08:00")]);
        assert!(report.by_week.contains_key("2026-W53"));
        assert!(Period::iso_week("2025-W53")
            .unwrap_err()
            .to_string()
            .contains("2025 has no week 53"));
    }

    #[test]
    fn bad_week_specs_are_errors() {
        for spec in [
            "2026-47",
            "2026-W",
            "W47",
            "2026-W0",
            "2026-W054",
            "26-W47",
            "2026-Wx",
        ] {
            assert!(Period::iso_week(spec).is_err(), "{spec}");
        }
        assert!(Period::iso_week("2026-w47").is_ok());
    }

    #[test]
    fn error_rows_are_left_out_and_counted_when_in_the_period() {
        let bad = |t| KpiCase {
            has_error: true,
            platform: "Typo".into(),
            ..finished(t)
        };
        let cases = [
            case("2026-11-17 10:00"),
            bad("2026-11-18 10:00"),
            bad("2026-12-01 10:00"),
        ];
        let w47 = Period::iso_week("2026-W47").unwrap();
        let report = compute(&cases, &w47, at("2026-11-30 09:00"));
        assert_eq!(report.excluded, 1);
        assert_eq!(report.overall.cases(), 1);
        assert_eq!(report.overall.count(Kpi::Resolved), 0);
        assert!(!report.by_platform.contains_key("Typo"));
        assert_eq!(all(&cases).excluded, 2);
    }

    #[test]
    fn case_without_request_at_is_only_in_the_all_cases_period() {
        let undated = KpiCase {
            request_at: None,
            ..case("2026-11-17 10:00")
        };
        assert_eq!(all(std::slice::from_ref(&undated)).overall.cases(), 1);
        assert!(all(std::slice::from_ref(&undated)).by_week.is_empty());
        let w47 = Period::iso_week("2026-W47").unwrap();
        assert_eq!(
            compute(&[undated], &w47, at("2026-11-30 09:00"))
                .overall
                .cases(),
            0
        );
    }

    #[test]
    fn reopened_rate_counts_finished_plus_reopened_open_cases() {
        let cases = [
            finished("2026-11-17 10:00"),
            KpiCase {
                reopen_count: 1,
                ..finished("2026-11-17 11:00")
            },
            KpiCase {
                reopen_count: 2,
                ..case("2026-11-17 12:00")
            },
            KpiCase {
                status: Some(Status::Reopened),
                ..case("2026-11-17 13:00")
            },
            case("2026-11-17 14:00"),
        ];
        // Reopened: 3 (count 1, count 2, status reopened). Resolved at least once: the 2 finished
        // plus the 2 open reopened ones; the never-reopened open case is not in it.
        assert_eq!(all(&cases).overall.get(Kpi::ReopenedRate), Some(0.75));
    }

    #[test]
    fn csat_and_sla_rates() {
        let rated = |score| KpiCase {
            csat: Some(score),
            frt_hours: Some(2.0),
            frt_met: Some(score >= 4),
            resolution_days: Some(1.0),
            resolved_on_time: Some(score == 5),
            ..finished("2026-11-17 10:00")
        };
        let cases = [rated(5), rated(4), rated(2), finished("2026-11-18 10:00")];
        let k = all(&cases).overall;
        assert_eq!(k.get(Kpi::CsatMean), Some(11.0 / 3.0));
        assert_eq!(k.get(Kpi::CsatRate), Some(2.0 / 3.0));
        assert_eq!(k.get(Kpi::CsatResponseRate), Some(0.75));
        assert_eq!(k.get(Kpi::FrtSlaMetRate), Some(2.0 / 3.0));
        assert_eq!(k.get(Kpi::ResolutionSlaMetRate), Some(1.0 / 3.0));
        assert_eq!(k.get(Kpi::ResolutionRate), Some(1.0));
    }

    #[test]
    fn overdue_and_policy_exceptions() {
        let cases = [
            KpiCase {
                overdue: true,
                policy_exception: true,
                ..case("2026-11-17 10:00")
            },
            case("2026-11-17 11:00"),
            finished("2026-11-17 12:00"),
            finished("2026-11-17 13:00"),
        ];
        let k = all(&cases).overall;
        assert_eq!(
            (
                k.cases(),
                k.count(Kpi::Open),
                k.count(Kpi::Resolved),
                k.count(Kpi::Overdue)
            ),
            (4, 2, 2, 1)
        );
        assert_eq!(k.get(Kpi::PolicyExceptionRate), Some(0.25));
        assert_eq!(k.get(Kpi::ResolutionRate), Some(0.5));
    }

    #[test]
    fn groups_name_missing_assignee_and_issue_type() {
        let cases = [
            KpiCase {
                assignee: String::new(),
                ..case("2026-11-17 10:00")
            },
            KpiCase {
                issue_type: Some(IssueType::WrongItem),
                platform: "Bhiner".into(),
                ..case("2026-11-17 11:00")
            },
        ];
        let report = all(&cases);
        let names = |m: &BTreeMap<String, Kpis>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&report.by_assignee), ["(unassigned)", "Li"]);
        assert_eq!(names(&report.by_issue_type), ["(none)", "wrong_item"]);
        assert_eq!(names(&report.by_platform), ["Bhiner", "Superbuy"]);
    }

    #[test]
    fn json_has_exactly_the_keys_of_product_section_5() {
        let report = compute(
            &[case("2026-11-17 10:00")],
            &Period::iso_week("2026-W47").unwrap(),
            at("2026-11-25 09:00"),
        );
        let value = json(&report);
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let mut top = keys(&value);
        top.sort();
        let expected = [
            "as_of",
            "by_assignee",
            "by_issue_type",
            "by_platform",
            "by_week",
            "excluded",
            "overall",
            "period",
        ];
        assert_eq!(top, expected);
        assert_eq!(
            value["period"],
            serde_json::json!({"from": "2026-11-16", "to": "2026-11-22"})
        );
        assert_eq!(value["as_of"], "2026-11-25T09:00:00");
        // serde_json keeps maps sorted, so compare as sets.
        let mut kpi_keys = keys(&value["overall"]);
        kpi_keys.sort();
        let mut product = PRODUCT_KPI_KEYS.to_vec();
        product.sort();
        assert_eq!(kpi_keys, product);
        assert_eq!(keys(&value["by_week"]["2026-W47"]).len(), 16);
        let columns: Vec<_> = KPIS.iter().map(|c| c.key).collect();
        assert_eq!(columns, PRODUCT_KPI_KEYS);
    }

    #[test]
    fn json_period_is_null_when_open() {
        let value = json(&all(&[]));
        assert_eq!(
            value["period"],
            serde_json::json!({"from": null, "to": null})
        );
    }
}
