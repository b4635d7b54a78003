//! Cap arithmetic: utilisation per period and the Committee's notices.
//!
//! A cap is a global aggregate across all member states, so no single trader
//! can check it alone: it needs the reported totals. Where a cap has two
//! limits (US$ and tonnes for coal; barrels and tonnes for crude) it binds as
//! soon as either is reached, so utilisation is the maximum of the shares.
//! Notices are recomputed from the reports in date order: a threshold is
//! "reached on" the date of the report that took cumulative utilisation to or
//! past it. This is a reconstruction: the Committee's own notice follows the
//! reports by some days, which the ledger cannot know.

use crate::catalogue::{Cap, Period, ThresholdAction};
use crate::units::{Unit, UnitKind};
use chrono::NaiveDate;
use serde::Serialize;

/// An amount counted against a cap: a report, or a shipment being checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The day it counts on.
    pub date: NaiveDate,
    /// Quantity and its unit.
    pub quantity: Option<(f64, Unit)>,
    /// Value and its currency.
    pub value: Option<(f64, Unit)>,
}

/// Use of one limit in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitUse {
    /// Unit of the limit.
    pub unit: Unit,
    /// The limit.
    pub limit: f64,
    /// Total counted.
    pub used: f64,
    /// used / limit.
    pub share: f64,
}

/// A notice reached in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// Threshold percent.
    pub percent: f64,
    /// notify or stop.
    pub action: ThresholdAction,
    /// Date of the report that reached it.
    pub reached_on: NaiveDate,
    /// Utilisation (0..) right after that report.
    pub utilisation: f64,
    /// The threshold is not verified.
    pub unverified: bool,
}

/// Status of one period of a cap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodStatus {
    /// Label of the period definition.
    pub label: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub last_day: NaiveDate,
    /// Per limit.
    pub limits: Vec<LimitUse>,
    /// max over limits of used / limit (1.0 = 100 %).
    pub utilisation: f64,
    /// Notices reached, in order.
    pub notices: Vec<Notice>,
    /// Further shipments must stop for the rest of the period.
    pub stop: bool,
    /// Since when (the stop notice or the 100 % date).
    pub stop_since: Option<NaiveDate>,
    /// Number of reports counted.
    pub reports: usize,
}

/// Status of a cap at a date: every period so far, and the current one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapStatus {
    /// Cap id.
    pub cap: String,
    /// Title.
    pub title: String,
    /// `UNSCR 2321 para 26(b)`.
    pub citation: String,
    /// The status date: reports dated after it are not counted.
    pub at: NaiveDate,
    /// Periods that started on or before `at`, oldest first.
    pub periods: Vec<PeriodStatus>,
    /// Index in `periods` of the one containing `at`, if the cap runs then.
    pub current: Option<usize>,
    /// Shipments must stop on `at` (stop notice or 100 % in the current period).
    pub stop: bool,
    /// Unverified items of the cap (paragraph, thresholds, factors...).
    pub unverified: Vec<String>,
}

impl CapStatus {
    /// The current period's status.
    pub fn current_period(&self) -> Option<&PeriodStatus> {
        self.current.and_then(|i| self.periods.get(i))
    }
}

/// Amount of `c` in each limit's unit for `period`. `None` in a slot means
/// `c` cannot be expressed in that unit (the caller validates beforehand).
pub(crate) fn amounts(cap: &Cap, period: &Period, c: &Contribution) -> Vec<Option<f64>> {
    cap.periods[period.def]
        .limits
        .iter()
        .map(|l| {
            let lu = l.unit_kind();
            match lu.kind() {
                UnitKind::Currency => match c.value {
                    Some((v, cur)) if cur == lu => Some(v),
                    Some(_) => None,
                    None => Some(0.0),
                },
                UnitKind::Quantity => match c.quantity {
                    Some((q, u)) => cap.factor(u, lu).map(|f| q * f),
                    None => Some(0.0),
                },
            }
        })
        .collect()
}

/// Utilisation of `period` from `contributions` (any order; those outside
/// the period or after `at` are ignored), with notices.
pub(crate) fn period_status(
    cap: &Cap,
    period: &Period,
    contributions: &[Contribution],
    at: NaiveDate,
) -> PeriodStatus {
    let def = &cap.periods[period.def];
    let mut sorted: Vec<&Contribution> = contributions
        .iter()
        .filter(|c| c.date >= period.start && c.date < period.end && c.date <= at)
        .collect();
    sorted.sort_by_key(|c| c.date);
    let mut used = vec![0.0_f64; def.limits.len()];
    let mut notices: Vec<Notice> = Vec::new();
    let mut hundred: Option<NaiveDate> = None;
    let util = |used: &[f64]| -> f64 {
        def.limits
            .iter()
            .zip(used)
            .map(|(l, u)| u / l.amount)
            .fold(0.0, f64::max)
    };
    for c in &sorted {
        for (slot, a) in used.iter_mut().zip(amounts(cap, period, c)) {
            *slot += a.unwrap_or(0.0);
        }
        let u = util(&used);
        for t in &cap.thresholds {
            if u * 100.0 >= t.percent - 1e-9 && !notices.iter().any(|n| n.percent == t.percent) {
                notices.push(Notice {
                    percent: t.percent,
                    action: t.action,
                    reached_on: c.date,
                    utilisation: u,
                    unverified: t.unverified,
                });
            }
        }
        if hundred.is_none() && u >= 1.0 - 1e-12 {
            hundred = Some(c.date);
        }
    }
    let stop_notice = notices
        .iter()
        .find(|n| n.action == ThresholdAction::Stop)
        .map(|n| n.reached_on);
    let stop_since = match (stop_notice, hundred) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    PeriodStatus {
        label: period.label.clone(),
        start: period.start,
        last_day: period.last_day(),
        limits: def
            .limits
            .iter()
            .zip(&used)
            .map(|(l, u)| LimitUse {
                unit: l.unit_kind(),
                limit: l.amount,
                used: *u,
                share: u / l.amount,
            })
            .collect(),
        utilisation: util(&used),
        notices,
        stop: stop_since.is_some(),
        stop_since,
        reports: sorted.len(),
    }
}

/// The status of `cap` at `at` from `contributions`.
pub(crate) fn cap_status(cap: &Cap, contributions: &[Contribution], at: NaiveDate) -> CapStatus {
    let periods = cap.periods_until(at);
    let current = cap
        .period_at(at)
        .and_then(|p| periods.iter().position(|q| q.start == p.start));
    let statuses: Vec<PeriodStatus> = periods
        .iter()
        .map(|p| period_status(cap, p, contributions, at))
        .collect();
    let stop = current.is_some_and(|i| statuses[i].stop);
    let mut unverified = cap.unverified.clone();
    if cap.thresholds.iter().any(|t| t.unverified) {
        unverified.push("thresholds".into());
    }
    for c in &cap.conversions {
        if c.unverified {
            unverified.push(format!("conversion {}->{}", c.from, c.to));
        }
    }
    CapStatus {
        cap: cap.id.clone(),
        title: cap.title.clone(),
        citation: format!("{} para {}", cap.instrument, cap.paragraph),
        at,
        periods: statuses,
        current,
        stop,
        unverified,
    }
}

/// What `cap` is in the limit units, as text: `US$400,870,018 or 7,500,000 t`.
pub fn describe_limits(cap: &Cap, period: &Period) -> String {
    cap.periods[period.def]
        .limits
        .iter()
        .map(|l| match l.unit_kind() {
            Unit::Usd => format!("US${}", group(l.amount)),
            u => format!("{} {u}", group(l.amount)),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// 1234567.8 → `1,234,568` (rounded; for messages).
pub(crate) fn group(x: f64) -> String {
    let neg = x < 0.0;
    let s = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Measures;

    #[test]
    fn grouping() {
        assert_eq!(group(400870018.0), "400,870,018");
        assert_eq!(group(500.0), "500");
        assert_eq!(group(1000.4), "1,000");
    }

    #[test]
    fn lower_of_rule_uses_the_max_share() {
        let m = Measures::builtin().expect("valid");
        let cap = m.cap("coal-2321").expect("cap");
        let d: NaiveDate = "2016-12-20".parse().expect("date");
        let p = cap.period_at(d).expect("stub");
        assert_eq!(describe_limits(cap, &p), "US$53,495,894 or 1,000,866 t");
        // 500,433 t is 50 % of the tonnage, US$40,121,920.5 is 75 % of the value.
        let c = Contribution {
            date: d,
            quantity: Some((500_433.0, Unit::Tonne)),
            value: Some((40_121_920.5, Unit::Usd)),
        };
        let s = period_status(cap, &p, &[c], d);
        assert!((s.utilisation - 0.75).abs() < 1e-9, "{}", s.utilisation);
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.notices[0].percent, 75.0);
        assert!(!s.stop);
    }
}
