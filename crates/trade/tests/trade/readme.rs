//! README-example.md, step by step: the December 2016 coal cap.

use crate::common::*;
use embargo_trade::{Ledger, NoScreening, VerdictKind};
use serde_json::json;

fn coal(on: &str, t: f64, usd: f64) -> serde_json::Value {
    shipment(
        json!({"date": on, "direction": "import", "origin": "kp", "destination": "cn", "hs_code": "2701.12", "quantity": t, "value": usd}),
    )
}

#[test]
fn december_2016_coal_cap() {
    // The rule: 2270 ban on 29 November, 2321 cap from 30 November.
    assert_eq!(
        run(&coal("2016-11-29", 50_000.0, 2_700_000.0), "un").verdict,
        VerdictKind::Prohibited
    );
    let l = Ledger::open_in_memory().expect("ledger");

    // 1. 10 December: 760,000 t, US$40,000,000 → 75.9 % (tonnage binds), 75 % notice.
    l.record(&coal_report("2016-12-10", 760_000.0, 40_000_000.0))
        .expect("record");
    let s = l.status("coal-2321", date("2016-12-10")).expect("status");
    let p = s.current_period().expect("stub");
    assert_eq!(p.label, "stub 2016");
    assert_eq!(format!("{:.1}", p.limits[1].share * 100.0), "75.9");
    assert_eq!(format!("{:.1}", p.limits[0].share * 100.0), "74.8");
    assert_eq!(p.utilisation, p.limits[1].share);
    assert_eq!(
        p.notices
            .iter()
            .map(|n| (n.percent, n.reached_on))
            .collect::<Vec<_>>(),
        [(75.0, date("2016-12-10"))]
    );
    assert!(!s.stop);

    // 2. 20 December, 50,000 t: permitted under un and cn, 75.9 % → 80.9 %.
    for p in ["un", "cn"] {
        let v = run_with(&coal("2016-12-20", 50_000.0, 2_700_000.0), p, &l, &Clear);
        assert_eq!(v.verdict, VerdictKind::Permitted, "{}", show(&v));
        assert!(
            v.reasons[0]
                .text
                .contains("utilisation 75.9 % before and 80.9 % after"),
            "{}",
            v.reasons[0].text
        );
        assert_eq!(v.reasons[0].instrument.as_deref(), Some("UNSCR 2321"));
        assert_eq!(v.reasons[0].paragraph.as_deref(), Some("26(b)"));
        assert!(
            v.reasons[0]
                .unverified_items
                .contains(&"hs:coal".to_string())
        );
    }
    let v = run_with(
        &coal("2016-12-20", 50_000.0, 2_700_000.0),
        "un",
        &l,
        &NoScreening,
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "screening");
    let v = run_with(&coal("2016-12-20", 50_000.0, 2_700_000.0), "jp", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert!(v.reasons_for("JP-TOTAL-IMPORT-BAN").next().is_some());
    assert!(v.reasons_for("UN1718-COAL-CAP-2321").next().is_some());

    // 3. 20 December, 200,000 t: 75.9 % → 95.9 %, cap-limited, room 190,823 t or US$10,821,099.
    let v = run_with(
        &coal("2016-12-20", 200_000.0, 10_600_000.0),
        "un",
        &l,
        &Clear,
    );
    assert_eq!(v.verdict, VerdictKind::CapLimited);
    assert!(
        v.reasons[0].text.contains("from 75.9 % to 95.9 %, past the 95 % stop point; room left before it: US$10,821,099 and 190,823 t"),
        "{}",
        v.reasons[0].text
    );

    // 4. 28 December: 200,000 t more → 95.9 %, the 90 % and 95 % notices on 2016-12-28.
    l.record(&coal_report("2016-12-28", 200_000.0, 10_600_000.0))
        .expect("record");
    let s = l.status("coal-2321", date("2016-12-28")).expect("status");
    let p = s.current_period().expect("stub");
    assert_eq!(
        p.notices
            .iter()
            .map(|n| (n.percent, n.reached_on))
            .collect::<Vec<_>>(),
        [
            (75.0, date("2016-12-10")),
            (90.0, date("2016-12-28")),
            (95.0, date("2016-12-28"))
        ]
    );
    assert!(s.stop);

    // 5. 30 December: prohibited until the end of the period.
    let v = run_with(&coal("2016-12-30", 50_000.0, 2_700_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert!(
        v.reasons[0].text.contains("the stop point was reached on 2016-12-28 (utilisation 95.9 %); further procurement must stop until 2016-12-31"),
        "{}",
        v.reasons[0].text
    );

    // 6. 3 January 2017: the calendar-year period starts at 0 %.
    let v = run_with(&coal("2017-01-03", 50_000.0, 2_700_000.0), "un", &l, &Clear);
    assert_eq!(v.verdict, VerdictKind::Permitted);
    assert_eq!(v.caps[0].before, 0.0);
    assert_eq!(v.caps[0].limits, "US$400,870,018 or 7,500,000 t");

    // 7. Russian coal through Rajin, notified in advance: exempt, not counted.
    let mut s = coal("2016-12-30", 50_000.0, 2_700_000.0);
    s["origin"] = json!("ru");
    s["route"] = json!([{"name": "Rajin", "country": "kp"}]);
    s["exemptions"] = json!([{"kind": "rajin-transit", "reference": "notification to the 1718 Committee", "notice_date": "2016-12-20"}]);
    let v = run_with(&s, "un", &l, &Clear);
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    assert!(v.caps.is_empty());
}
