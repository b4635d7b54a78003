//! The coal cap replayed month by month through the ledger, and the
//! shipments checked against it.

use crate::common::*;
use embargo_trade::{Ledger, Outcome, ThresholdAction, VerdictKind, month_end};
use serde_json::json;

const VALUE_CAP: f64 = 400_870_018.0;

/// 2017: January to March are the reported tonnages (1.44 Mt, 1.23 Mt,
/// 6,300 t), with values that put the year at 57 % of the value cap by
/// April as reported; May to July are hypothetical, to drive the notices.
const SERIES_2017: [(u32, f64, f64); 7] = [
    (1, 1_440_000.0, 123_000_000.0),
    (2, 1_230_000.0, 105_000_000.0),
    (3, 6_300.0, 495_928.0),
    (4, 0.0, 0.0),
    (5, 900_000.0, 75_000_000.0),
    (6, 700_000.0, 60_000_000.0),
    (7, 240_000.0, 20_000_000.0),
];

fn replayed() -> Ledger {
    let l = Ledger::open_in_memory().expect("ledger");
    for (m, t, usd) in SERIES_2017 {
        let d = month_end(2017, m).expect("date").to_string();
        l.record(&coal_report(&d, t, usd)).expect("record");
    }
    l
}

fn cum(upto_month: u32) -> f64 {
    SERIES_2017
        .iter()
        .filter(|(m, ..)| *m <= upto_month)
        .map(|(_, _, v)| v)
        .sum()
}

#[test]
fn monthly_coal_series_fires_notices_at_the_right_cumulative_amounts() {
    let l = replayed();
    // After April: US$228,495,928 = 57.0 % of the value cap; tonnage 35.7 %.
    let s = l.status("coal-2321", date("2017-04-30")).expect("status");
    let p = s.current_period().expect("2017");
    assert_eq!(p.label, "calendar year");
    assert_eq!(p.reports, 4);
    assert_eq!(p.limits[0].used, 228_495_928.0);
    assert!(
        (p.utilisation - 0.570_000_039).abs() < 1e-6,
        "{}",
        p.utilisation
    );
    assert!((p.limits[1].share - 2_676_300.0 / 7_500_000.0).abs() < 1e-12);
    assert!(p.notices.is_empty());
    assert!(!s.stop);

    // May: 303,495,928 / 400,870,018 = 75.7 % → the 75 % notice, dated 31 May.
    let s = l.status("coal-2321", date("2017-06-15")).expect("status");
    let p = s.current_period().expect("2017");
    assert_eq!(p.notices.len(), 1);
    assert_eq!(
        (p.notices[0].percent, p.notices[0].reached_on),
        (75.0, date("2017-05-31"))
    );
    assert!((p.notices[0].utilisation - cum(5) / VALUE_CAP).abs() < 1e-12);
    assert!(!s.stop);

    // June: 90.7 % → the 90 % notice. July: 95.7 % → the 95 % stop notice.
    let s = l.status("coal-2321", date("2017-07-31")).expect("status");
    let p = s.current_period().expect("2017");
    let got: Vec<(f64, ThresholdAction, chrono::NaiveDate)> = p
        .notices
        .iter()
        .map(|n| (n.percent, n.action, n.reached_on))
        .collect();
    assert_eq!(
        got,
        [
            (75.0, ThresholdAction::Notify, date("2017-05-31")),
            (90.0, ThresholdAction::Notify, date("2017-06-30")),
            (95.0, ThresholdAction::Stop, date("2017-07-31")),
        ]
    );
    assert!((p.notices[1].utilisation - cum(6) / VALUE_CAP).abs() < 1e-12);
    assert!((p.notices[2].utilisation - cum(7) / VALUE_CAP).abs() < 1e-12);
    assert!(p.utilisation < 0.96 && p.utilisation > 0.95);
    assert!(s.stop);
    assert_eq!(p.stop_since, Some(date("2017-07-31")));
    // The stub period of 2016 is its own period, untouched.
    assert_eq!(s.periods.len(), 2);
    assert_eq!(s.periods[0].label, "stub 2016");
    assert_eq!(s.periods[0].utilisation, 0.0);
    // Reproducible for any date: the same ledger seen on 2017-06-29 has no 90 % notice yet.
    let s = l.status("coal-2321", date("2017-06-29")).expect("status");
    assert_eq!(s.current_period().map(|p| p.notices.len()), Some(1));
}

#[test]
fn stub_period_binds_on_tonnage() {
    let l = Ledger::open_in_memory().expect("ledger");
    // 900,000 t for US$45,000,000: 89.9 % of the 1,000,866 t limit but 84.1 % of US$53,495,894.
    l.record(&coal_report("2016-12-31", 900_000.0, 45_000_000.0))
        .expect("record");
    let s = l.status("coal-2321", date("2016-12-31")).expect("status");
    let p = s.current_period().expect("stub");
    assert_eq!(
        (p.start, p.last_day),
        (date("2016-11-30"), date("2016-12-31"))
    );
    assert!((p.utilisation - 900_000.0 / 1_000_866.0).abs() < 1e-12);
    assert_eq!(
        p.notices.iter().map(|n| n.percent).collect::<Vec<_>>(),
        [75.0]
    );
    // 2017 starts again from zero.
    let s = l.status("coal-2321", date("2017-01-15")).expect("status");
    assert_eq!(s.current_period().map(|p| p.utilisation), Some(0.0));
}

fn coal(on: &str, t: f64, usd: f64) -> serde_json::Value {
    shipment(
        json!({"date": on, "direction": "import", "origin": "kp", "destination": "cn", "hs_code": "2701.12", "quantity": t, "value": usd}),
    )
}

#[test]
fn shipment_crossing_95_percent_is_cap_limited() {
    let l = replayed();
    // On 15 July the ledger stands at the end of June: 90.68 %.
    let v = run_with(
        &coal("2017-07-15", 100_000.0, 20_000_000.0),
        "un",
        &l,
        &Clear,
    );
    assert_eq!(v.verdict, VerdictKind::CapLimited, "{}", show(&v));
    let c = &v.caps[0];
    assert_eq!(c.cap, "coal-2321");
    assert!(
        (c.before - cum(6) / VALUE_CAP).abs() < 1e-12,
        "{}",
        c.before
    );
    assert!(
        (c.after - (cum(6) + 20_000_000.0) / VALUE_CAP).abs() < 1e-12,
        "{}",
        c.after
    );
    assert_eq!(c.stop_percent, 95.0);
    assert_eq!(c.limits, "US$400,870,018 or 7,500,000 t");
    let r = v
        .reasons
        .iter()
        .find(|r| r.outcome == Outcome::CapLimited)
        .expect("reason");
    assert_eq!(r.measure.as_deref(), Some("UN1718-COAL-CAP-2321"));
    assert!(
        r.text.contains("from 90.7 % to 95.7 %, past the 95 % stop point; room left before it: US$17,330,589 and 2,848,700 t"),
        "{}",
        r.text
    );
    // A smaller shipment stays within: permitted, counted against the cap.
    let v = run_with(&coal("2017-07-15", 50_000.0, 5_000_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Permitted, "{}", show(&v));
    assert_eq!(v.reasons[0].outcome, Outcome::WithinCap);
    assert!(
        v.summary
            .contains("within the cap, utilisation 90.7 % before and 91.9 % after"),
        "{}",
        v.summary
    );
}

#[test]
fn shipment_after_the_stop_notice_is_prohibited() {
    let l = replayed();
    let v = run_with(&coal("2017-08-01", 1_000.0, 80_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", show(&v));
    let r = &v.reasons[0];
    assert_eq!(r.measure.as_deref(), Some("UN1718-COAL-CAP-2321"));
    assert!(
        r.text.starts_with("cap coal-2321 (UNSCR 2321 para 26(b), US$400,870,018 or 7,500,000 t): the stop point was reached on 2017-07-31 (utilisation 95.7 %); further procurement must stop until 2017-12-31"),
        "{}",
        r.text
    );
    assert!(v.caps[0].stopped);
}

#[test]
fn cap_needs_amounts_in_its_units() {
    let l = Ledger::open_in_memory().expect("ledger");
    let mut s = coal("2017-03-01", 1_000.0, 80_000.0);
    s["currency"] = json!("EUR");
    let v = run_with(&s, "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "currency");
    let mut s = coal("2017-03-01", 1_000.0, 80_000.0);
    s["unit"] = json!("bbl");
    let v = run_with(&s, "un", &l, &Clear);
    assert_eq!(v.missing[0].field, "unit");
    assert!(
        v.missing[0]
            .detail
            .contains("\"bbl\" has no conversion factor"),
        "{}",
        v.missing[0].detail
    );
    // Kilograms convert exactly.
    let mut s = coal("2017-03-01", 1_000_000.0, 80_000.0);
    s["unit"] = json!("kg");
    assert_eq!(
        run_with(&s, "un", &l, &Clear).verdict,
        VerdictKind::Permitted
    );
}

#[test]
fn crude_cap_runs_from_22_december_with_two_limits() {
    let l = Ledger::open_in_memory().expect("ledger");
    let rep = |d: &str, q: f64, unit: &str| embargo_trade::Report {
        state: "CN".into(),
        cap: "crude-2397".into(),
        date: date(d),
        quantity: Some(q),
        unit: Some(unit.into()),
        value: None,
        currency: None,
        reference: None,
    };
    l.record(&rep("2018-03-31", 1_000_000.0, "bbl"))
        .expect("bbl");
    l.record(&rep("2018-06-30", 100_000.0, "t")).expect("t");
    let s = l.status("crude-2397", date("2018-12-21")).expect("status");
    let p = s.current_period().expect("first period");
    assert_eq!(
        (p.start, p.last_day),
        (date("2017-12-22"), date("2018-12-21"))
    );
    let bbl = 1_000_000.0 + 100_000.0 * 7.33;
    let t = 1_000_000.0 / 7.33 + 100_000.0;
    assert!((p.limits[0].used - bbl).abs() < 1e-6);
    assert!((p.limits[1].used - t).abs() < 1e-6);
    assert!((p.utilisation - (t / 525_000.0).max(bbl / 4_000_000.0)).abs() < 1e-12);
    // The next 12 months start from zero on 22 December.
    let s = l.status("crude-2397", date("2018-12-22")).expect("status");
    assert_eq!(s.current_period().map(|p| p.utilisation), Some(0.0));
}
