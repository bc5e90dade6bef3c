//! The KPI table: every KPI of PRODUCT.md section 5 in one row (its JSON key, workbook label,
//! terminal header, kind of number, terminal table and how it comes from the running totals),
//! and the per-group running totals it reads.
//!
//! Adding a KPI: a variant in [`Kpi`] and its row in [`KPIS`] at the same position (a
//! compile-time check holds them in step), plus a running total in [`Acc`] if none of the
//! present ones serve. The JSON keys, [`Kpis::values`], the workbook columns, the terminal
//! tables and the CSV columns all follow the table.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::KpiCase;

/// A KPI, by its position in [`KPIS`] (the JSON key order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kpi {
    Cases,
    Open,
    Resolved,
    ResolutionRate,
    FrtMeanHours,
    FrtMedianHours,
    FrtSlaMetRate,
    ResolutionDaysMean,
    ResolutionDaysMedian,
    ResolutionSlaMetRate,
    ReopenedRate,
    CsatMean,
    CsatRate,
    CsatResponseRate,
    PolicyExceptionRate,
    Overdue,
}

/// What a KPI's number measures, so every rendering formats it the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiKind {
    /// A number of cases; never null.
    Count,
    /// A fraction 0–1.
    Rate,
    Hours,
    Days,
    /// A CSAT score, 1–5.
    Score,
}

/// One row of the KPI table.
#[derive(Debug, Clone, Copy)]
pub struct KpiDef {
    pub kpi: Kpi,
    /// The JSON key and CSV column.
    pub key: &'static str,
    /// The column header in the KPI workbook.
    pub label: &'static str,
    /// The column header in the terminal tables.
    pub short: &'static str,
    pub kind: KpiKind,
    /// Which terminal table shows it (0, 1, …): each must fit a 100-column terminal.
    pub text_table: u8,
    /// The value from a group's running totals; None for a zero denominator or no values.
    aggregate: fn(&Acc) -> Option<f64>,
}

impl KpiDef {
    /// The catalogue message of the column header: `kpi-<key>`.
    pub fn message(&self) -> String {
        format!("kpi-{}", self.key)
    }
}

use KpiKind::{Count, Days, Hours, Rate, Score};

/// Every KPI, in [`Kpi`] order: the order of the JSON keys and of every table's columns.
pub const KPIS: &[KpiDef] = &[
    KpiDef {
        kpi: Kpi::Cases,
        key: "cases",
        label: "Cases",
        short: "cases",
        kind: Count,
        text_table: 0,
        aggregate: |a| count(a.cases),
    },
    KpiDef {
        kpi: Kpi::Open,
        key: "open",
        label: "Open",
        short: "open",
        kind: Count,
        text_table: 0,
        aggregate: |a| count(a.open),
    },
    KpiDef {
        kpi: Kpi::Resolved,
        key: "resolved",
        label: "Resolved",
        short: "resolved",
        kind: Count,
        text_table: 0,
        aggregate: |a| count(a.finished),
    },
    KpiDef {
        kpi: Kpi::ResolutionRate,
        key: "resolution_rate",
        label: "Resolution rate",
        short: "res rate",
        kind: Rate,
        text_table: 0,
        aggregate: |a| ratio(a.finished, a.cases),
    },
    KpiDef {
        kpi: Kpi::FrtMeanHours,
        key: "frt_mean_hours",
        label: "First response mean (h)",
        short: "FRT avg h",
        kind: Hours,
        text_table: 0,
        aggregate: |a| a.frt_hours.mean,
    },
    KpiDef {
        kpi: Kpi::FrtMedianHours,
        key: "frt_median_hours",
        label: "First response median (h)",
        short: "FRT med h",
        kind: Hours,
        text_table: 0,
        aggregate: |a| a.frt_hours.median(),
    },
    KpiDef {
        kpi: Kpi::FrtSlaMetRate,
        key: "frt_sla_met_rate",
        label: "First response SLA met",
        short: "FRT SLA",
        kind: Rate,
        text_table: 0,
        aggregate: |a| ratio(a.frt_met, a.frt_judged),
    },
    KpiDef {
        kpi: Kpi::ResolutionDaysMean,
        key: "resolution_days_mean",
        label: "Resolution mean (days)",
        short: "days avg",
        kind: Days,
        text_table: 1,
        aggregate: |a| a.resolution_days.mean,
    },
    KpiDef {
        kpi: Kpi::ResolutionDaysMedian,
        key: "resolution_days_median",
        label: "Resolution median (days)",
        short: "days med",
        kind: Days,
        text_table: 1,
        aggregate: |a| a.resolution_days.median(),
    },
    KpiDef {
        kpi: Kpi::ResolutionSlaMetRate,
        key: "resolution_sla_met_rate",
        label: "Resolution SLA met",
        short: "res SLA",
        kind: Rate,
        text_table: 1,
        aggregate: |a| ratio(a.resolution_on_time, a.resolution_judged),
    },
    KpiDef {
        kpi: Kpi::ReopenedRate,
        key: "reopened_rate",
        label: "Reopened rate",
        short: "reopened",
        kind: Rate,
        text_table: 1,
        aggregate: |a| ratio(a.reopened, a.reopen_base),
    },
    KpiDef {
        kpi: Kpi::CsatMean,
        key: "csat_mean",
        label: "CSAT mean",
        short: "CSAT",
        kind: Score,
        text_table: 1,
        aggregate: |a| ratio_f(a.csat_sum as f64, a.csat_rated),
    },
    KpiDef {
        kpi: Kpi::CsatRate,
        key: "csat_rate",
        label: "CSAT 4–5 rate",
        short: "CSAT 4-5",
        kind: Rate,
        text_table: 1,
        aggregate: |a| ratio(a.csat_good, a.csat_rated),
    },
    KpiDef {
        kpi: Kpi::CsatResponseRate,
        key: "csat_response_rate",
        label: "CSAT response rate",
        short: "CSAT resp",
        kind: Rate,
        text_table: 1,
        // Rated finished cases, so the rate never passes 100% when an open case has a score.
        aggregate: |a| ratio(a.csat_rated_finished, a.finished),
    },
    KpiDef {
        kpi: Kpi::PolicyExceptionRate,
        key: "policy_exception_rate",
        label: "Policy exception rate",
        short: "policy exc",
        kind: Rate,
        text_table: 1,
        aggregate: |a| ratio(a.exceptions, a.cases),
    },
    KpiDef {
        kpi: Kpi::Overdue,
        key: "overdue",
        label: "Overdue",
        short: "overdue",
        kind: Count,
        text_table: 1,
        aggregate: |a| count(a.overdue),
    },
];

/// How many KPIs there are.
pub const KPI_COUNT: usize = KPIS.len();

// Row i of the table is the `Kpi` numbered i, so `KPIS[kpi as usize]` is its row. (A variant
// added last without a row passes this check; its first use panics.)
const _: () = {
    let mut i = 0;
    while i < KPI_COUNT {
        assert!(
            KPIS[i].kpi as usize == i,
            "KPIS rows must follow the Kpi order"
        );
        i += 1;
    }
};

impl Kpi {
    /// Its row in [`KPIS`].
    pub fn def(self) -> &'static KpiDef {
        &KPIS[self as usize]
    }

    /// Its place among the KPI columns, from 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The KPIs of section 5 for one group of cases, in [`KPIS`] order. Serializes as a JSON
/// object with the keys in table order: counts as integers, null for an unknown value.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpis([Option<f64>; KPI_COUNT]);

impl Default for Kpis {
    /// The KPIs of no cases.
    fn default() -> Kpis {
        Acc::default().finish()
    }
}

impl Kpis {
    /// A KPI's value; None for a null (a zero denominator or no values).
    pub fn get(&self, kpi: Kpi) -> Option<f64> {
        self.0[kpi.index()]
    }

    /// The number of cases in the group.
    pub fn cases(&self) -> usize {
        self.count(Kpi::Cases)
    }

    /// A count KPI as a whole number.
    pub fn count(&self, kpi: Kpi) -> usize {
        debug_assert_eq!(kpi.def().kind, Count, "{kpi:?} is not a count");
        self.get(kpi).map_or(0, |n| n as usize)
    }

    /// Every KPI with its row, in table order.
    pub fn values(&self) -> impl Iterator<Item = (&'static KpiDef, Option<f64>)> + '_ {
        KPIS.iter().zip(self.0.iter().copied())
    }
}

impl Serialize for Kpis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Kpis", KPI_COUNT)?;
        for (def, value) in self.values() {
            match (def.kind, value) {
                // Counts are whole numbers, written as integers.
                (Count, Some(n)) => object.serialize_field(def.key, &(n as u64))?,
                _ => object.serialize_field(def.key, &value)?,
            }
        }
        object.end()
    }
}

/// Running totals for one group; turned into [`Kpis`] at the end.
#[derive(Debug, Default)]
pub(super) struct Acc {
    cases: usize,
    open: usize,
    finished: usize,
    overdue: usize,
    exceptions: usize,
    frt_hours: Sample,
    frt_judged: usize,
    frt_met: usize,
    resolution_days: Sample,
    resolution_judged: usize,
    resolution_on_time: usize,
    reopened: usize,
    reopen_base: usize,
    csat_sum: u64,
    csat_rated: usize,
    csat_good: usize,
    csat_rated_finished: usize,
}

impl Acc {
    pub(super) fn add(&mut self, c: &KpiCase) {
        self.cases += 1;
        let finished = c.is_finished();
        if finished {
            self.finished += 1;
        } else {
            self.open += 1;
            self.overdue += usize::from(c.overdue);
        }
        self.exceptions += usize::from(c.policy_exception);
        self.add_times(c);
        let reopened = c.was_reopened();
        self.reopened += usize::from(reopened);
        self.reopen_base += usize::from(finished || reopened);
        if let Some(score) = c.csat {
            self.csat_sum += u64::from(score);
            self.csat_rated += 1;
            self.csat_good += usize::from(score >= 4);
            self.csat_rated_finished += usize::from(finished);
        }
    }

    // The SLA rates count the cases whose due time is known (frt_met / resolved_on_time is
    // Some); for rows without errors that is every case with a first response / resolved_at.
    fn add_times(&mut self, c: &KpiCase) {
        if let Some(hours) = c.frt_hours {
            self.frt_hours.values.push(hours);
        }
        if let Some(met) = c.frt_met {
            self.frt_judged += 1;
            self.frt_met += usize::from(met);
        }
        if let Some(days) = c.resolution_days {
            self.resolution_days.values.push(days);
        }
        if let Some(on_time) = c.resolved_on_time {
            self.resolution_judged += 1;
            self.resolution_on_time += usize::from(on_time);
        }
    }

    pub(super) fn finish(mut self) -> Kpis {
        self.frt_hours.settle();
        self.resolution_days.settle();
        Kpis(std::array::from_fn(|i| (KPIS[i].aggregate)(&self)))
    }
}

/// Values kept for a mean and a median.
#[derive(Debug, Default)]
struct Sample {
    values: Vec<f64>,
    /// Set by [`Sample::settle`].
    mean: Option<f64>,
}

impl Sample {
    /// Takes the mean over the values in the order they came (the order decides the last bits
    /// of the sum), then sorts them for [`Sample::median`].
    fn settle(&mut self) {
        self.mean = mean(&self.values);
        self.values.sort_unstable_by(f64::total_cmp);
    }

    /// Of settled values, the middle one; of an even count, the mean of the two middle ones.
    fn median(&self) -> Option<f64> {
        median_of_sorted(&self.values)
    }
}

fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

/// None for a zero denominator: a rate without cases is unknown, not 0.
fn ratio(part: usize, whole: usize) -> Option<f64> {
    ratio_f(part as f64, whole)
}

fn ratio_f(part: f64, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part / whole as f64)
}

fn mean(values: &[f64]) -> Option<f64> {
    ratio_f(values.iter().sum(), values.len())
}

fn median_of_sorted(values: &[f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let upper = values[n / 2];
    Some(if n % 2 == 1 {
        upper
    } else {
        (values[n / 2 - 1] + upper) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_count_is_the_middle_value() {
        let mut sample = Sample {
            values: vec![5.0, 1.0, 3.0],
            mean: None,
        };
        sample.settle();
        assert_eq!(sample.median(), Some(3.0));
        assert_eq!(sample.mean, Some(3.0));
        let mut empty = Sample::default();
        empty.settle();
        assert_eq!((empty.median(), empty.mean), (None, None));
    }

    #[test]
    fn keys_labels_and_headers_are_unique() {
        for (i, a) in KPIS.iter().enumerate() {
            for b in &KPIS[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(a.label, b.label);
                assert_ne!(a.short, b.short);
            }
        }
    }

    #[test]
    fn counts_serialize_as_integers_and_unknowns_as_null() {
        let json = serde_json::to_string(&Kpis::default()).unwrap();
        assert!(json.starts_with(r#"{"cases":0,"open":0,"resolved":0,"resolution_rate":null,"#));
        assert!(json.ends_with(r#""policy_exception_rate":null,"overdue":0}"#));
    }
}
