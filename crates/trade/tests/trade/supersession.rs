//! Supersession chains: the rules in force on the shipment date apply.

use crate::common::*;
use embargo_trade::{Ledger, OtherStatus, Outcome, Report, VerdictKind};
use serde_json::json;

fn coal(on: &str) -> serde_json::Value {
    shipment(
        json!({"date": on, "direction": "import", "origin": "kp", "destination": "cn", "hs_code": "2701.12"}),
    )
}

fn deciding(v: &embargo_trade::Verdict) -> Vec<(String, Outcome)> {
    v.reasons
        .iter()
        .filter_map(|r| r.measure.clone().map(|m| (m, r.outcome)))
        .collect()
}

fn other(v: &embargo_trade::Verdict, id: &str) -> Option<OtherStatus> {
    v.other_measures
        .iter()
        .find(|o| o.measure == id)
        .map(|o| o.status)
}

#[test]
fn coal_2270_then_2321_cap_then_2371_ban() {
    // Before 2270: nothing.
    let v = run(&coal("2016-03-01"), "un");
    assert_eq!(v.verdict, VerdictKind::Permitted);
    assert_eq!(
        other(&v, "UN1718-COAL-IRON-2270"),
        Some(OtherStatus::NotYetInForce)
    );
    // 2270 para 29: banned (livelihood and Rajin aside).
    let v = run(&coal("2016-06-01"), "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert_eq!(
        deciding(&v),
        [("UN1718-COAL-IRON-2270".to_string(), Outcome::Prohibits)]
    );
    // From 30 Nov 2016: the 2321 cap replaces it.
    for day in ["2016-11-30", "2017-03-01", "2017-08-04"] {
        let v = run(&coal(day), "un");
        assert_eq!(v.verdict, VerdictKind::Permitted, "{day}: {}", show(&v));
        assert_eq!(
            deciding(&v),
            [("UN1718-COAL-CAP-2321".to_string(), Outcome::WithinCap)],
            "{day}"
        );
        assert_eq!(
            other(&v, "UN1718-COAL-IRON-2270"),
            Some(OtherStatus::Superseded)
        );
        assert_eq!(v.reasons[0].supersedes, ["UN1718-COAL-IRON-2270"]);
    }
    // From 5 Aug 2017: 2371's full ban.
    for day in ["2017-08-05", "2017-09-10", "2024-01-01"] {
        let v = run(&coal(day), "un");
        assert_eq!(v.verdict, VerdictKind::Prohibited, "{day}");
        assert_eq!(
            deciding(&v),
            [("UN1718-COAL-IRON-BAN-2371".to_string(), Outcome::Prohibits)],
            "{day}"
        );
        assert_eq!(
            other(&v, "UN1718-COAL-CAP-2321"),
            Some(OtherStatus::Superseded)
        );
    }
    // The pair of dates, as the issue states them.
    let v = run(&coal("2017-03-01"), "un");
    assert_eq!(v.caps[0].cap, "coal-2321");
    let v = run(&coal("2017-09-10"), "un");
    assert!(
        v.summary.starts_with(
            "prohibited: UN1718-COAL-IRON-BAN-2371 (UNSCR 2371 para 8) prohibits coal"
        ),
        "{}",
        v.summary
    );
}

fn refined(on: &str, bbl: f64) -> serde_json::Value {
    shipment(
        json!({"date": on, "direction": "export", "origin": "cn", "destination": "kp", "hs_code": "2710.19.43", "quantity": bbl, "unit": "bbl"}),
    )
}

#[test]
fn refined_petroleum_2375_then_2397() {
    let l = Ledger::open_in_memory().expect("ledger");
    // Before 2375: diesel was not restricted.
    let v = run_with(&refined("2017-09-01", 10_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Permitted);
    assert_eq!(
        other(&v, "UN1718-REFINED-2375"),
        Some(OtherStatus::NotYetInForce)
    );
    // 11-30 Sep 2017: 2375 in force, its first period starts 1 Oct.
    let v = run_with(&refined("2017-09-20", 10_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Permitted);
    assert_eq!(
        deciding(&v),
        [("UN1718-REFINED-2375".to_string(), Outcome::NoCapPeriod)]
    );
    // Oct-Dec 2017: 500,000 bbl. 480,000 reported; 30,000 more would pass 95 %.
    l.record(&Report {
        state: "CN".into(),
        cap: "refined-2375".into(),
        date: date("2017-11-30"),
        quantity: Some(480_000.0),
        unit: Some("bbl".into()),
        value: None,
        currency: None,
        reference: None,
    })
    .expect("record");
    let v = run_with(&refined("2017-12-10", 30_000.0), "un", &l, &Clear);
    assert_eq!(
        v.verdict,
        VerdictKind::Prohibited,
        "96 % reached on 30 Nov → stop: {}",
        show(&v)
    );
    let v = run_with(&refined("2017-11-15", 30_000.0), "un", &l, &Clear);
    assert_eq!(
        v.verdict,
        VerdictKind::Permitted,
        "the 30 Nov report is not yet known on 15 Nov"
    );
    // 2018: 2397 para 5, 500,000 bbl per year, a new period from zero.
    let v = run_with(&refined("2018-01-15", 30_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Permitted, "{}", show(&v));
    assert_eq!(
        deciding(&v),
        [("UN1718-REFINED-2397".to_string(), Outcome::WithinCap)]
    );
    assert_eq!(
        other(&v, "UN1718-REFINED-2375"),
        Some(OtherStatus::Superseded)
    );
    assert!((v.caps[0].after - 30_000.0 / 500_000.0).abs() < 1e-12);
    // Crude: 2375's baseline rule (needs review) then 2397's 4 Mbbl / 525 kt cap.
    let crude = |on: &str| {
        shipment(
            json!({"date": on, "direction": "export", "origin": "cn", "destination": "kp", "hs_code": "2709.00.90", "quantity": 10_000, "unit": "bbl"}),
        )
    };
    let v = run(&crude("2017-12-21"), "un");
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(
        deciding(&v),
        [("UN1718-CRUDE-2375".to_string(), Outcome::Review)]
    );
    let v = run(&crude("2017-12-22"), "un");
    assert_eq!(
        deciding(&v),
        [("UN1718-CRUDE-2397".to_string(), Outcome::WithinCap)]
    );
    assert_eq!(
        other(&v, "UN1718-CRUDE-2375"),
        Some(OtherStatus::Superseded)
    );
}
