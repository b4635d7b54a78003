//! The same shipment under different jurisdiction profiles.

use crate::common::*;
use embargo_trade::{
    Binding, CheckError, Ledger, NoScreening, OtherStatus, Outcome, VerdictKind, check,
};
use serde_json::json;

fn coal_march_2017() -> serde_json::Value {
    shipment(
        json!({"date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn", "hs_code": "2701.12", "quantity": 50000, "value": 3000000}),
    )
}

#[test]
fn un_and_jp_differ_with_reasons() {
    let un = run(&coal_march_2017(), "un");
    assert_eq!(un.verdict, VerdictKind::Permitted, "{}", show(&un));
    assert_eq!(un.binding_regimes, ["UN-1718"]);
    assert_eq!(un.reasons.len(), 1);
    assert_eq!(
        un.reasons[0].measure.as_deref(),
        Some("UN1718-COAL-CAP-2321")
    );
    assert_eq!(un.reasons[0].outcome, Outcome::WithinCap);
    // Japan's ban is shown, but as not binding.
    let jp_other = un
        .other_measures
        .iter()
        .find(|o| o.measure == "JP-TOTAL-IMPORT-BAN")
        .expect("listed");
    assert_eq!(jp_other.status, OtherStatus::NotBinding);
    assert_eq!(
        jp_other.text,
        "JP-TOTAL-IMPORT-BAN (in force from 2006-10-14) would apply, but regime JP-DPRK does not bind profile un"
    );

    let jp = run(&coal_march_2017(), "jp");
    assert_eq!(jp.verdict, VerdictKind::Prohibited, "{}", show(&jp));
    assert_eq!(jp.binding_regimes, ["UN-1718", "JP-DPRK"]);
    let outcomes: Vec<(Option<&str>, Outcome)> = jp
        .reasons
        .iter()
        .map(|r| (r.measure.as_deref(), r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            (Some("UN1718-COAL-CAP-2321"), Outcome::WithinCap),
            (Some("JP-TOTAL-IMPORT-BAN"), Outcome::Prohibits)
        ]
    );
    let r = &jp.reasons[1];
    assert_eq!(
        r.instrument.as_deref(),
        Some("Cabinet decision of October 2006 (renewed, e.g. 2017-04-07)")
    );
    assert!(
        r.unverified,
        "the start date of Japan's import ban is unverified"
    );
    assert_eq!(r.unverified_items, ["valid_from"]);
    assert_eq!(
        jp.summary,
        "prohibited: JP-TOTAL-IMPORT-BAN (Cabinet decision of October 2006 (renewed, e.g. 2017-04-07)) prohibits all_goods (imports from kp, HS *)"
    );
}

#[test]
fn every_profile() {
    let expect = [
        ("un", VerdictKind::Permitted),
        ("cn", VerdictKind::Permitted),
        ("jp", VerdictKind::Prohibited),
        ("kr", VerdictKind::Prohibited),
        ("us", VerdictKind::Prohibited),
        ("eu", VerdictKind::Permitted),
        ("uk", VerdictKind::Permitted),
        ("all", VerdictKind::Prohibited),
    ];
    for (p, want) in expect {
        assert_eq!(run(&coal_march_2017(), p).verdict, want, "profile {p}");
    }
}

#[test]
fn a_binding_must_name_known_regimes() {
    let ledger = Ledger::open_in_memory().expect("ledger");
    let s = parse(&coal_march_2017());
    // The caller's regimes decide, whatever the profile is called.
    let jp = ["UN-1718".to_string(), "JP-DPRK".to_string()];
    let mine = Binding {
        profile: "mine",
        regimes: &jp,
    };
    let v = check(&s, mine, measures(), &ledger, &Clear).expect("check");
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", show(&v));
    assert_eq!(v.profile, "mine");
    assert_eq!(v.binding_regimes, jp);

    let typo = ["UN-1718".to_string(), "JP-DPKR".to_string()];
    let bad = Binding {
        profile: "mine",
        regimes: &typo,
    };
    let e = check(&s, bad, measures(), &ledger, &NoScreening).expect_err("unknown regime");
    assert!(matches!(e, CheckError::UnknownRegime { .. }));
    assert_eq!(
        e.to_string(),
        "profile `mine`: trade_regimes names unknown trade regime `JP-DPKR`; known trade regimes: EU-DPRK, JP-DPRK, KR-DPRK, UK-DPRK, UN-1718, US-DPRK"
    );
    assert_eq!(
        bad.validate(measures()).map_err(|e| e.to_string()),
        Err(e.to_string())
    );

    let none = Binding {
        profile: "screen-only",
        regimes: &[],
    };
    let e = check(&s, none, measures(), &ledger, &NoScreening).expect_err("no regimes");
    assert!(matches!(e, CheckError::NoTradeRegimes { .. }));
    assert_eq!(
        e.to_string(),
        "profile `screen-only` defines no trade regimes (`trade_regimes` in its profiles file): shipments cannot be checked under it"
    );
}

#[test]
fn designated_party_prohibits_under_any_profile() {
    let ledger = Ledger::open_in_memory().expect("ledger");
    let s = shipment(
        json!({"date": "2017-03-01", "direction": "export", "origin": "cn", "destination": "kp", "hs_code": "0901.11",
        "vessel": {"name": "HAO FAN 6", "imo": "8628597"}}),
    );
    let listed = Listed {
        name: "HAO FAN 6",
        is_match: true,
        binding: true,
    };
    let v = run_with(&s, "un", &ledger, &listed);
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", show(&v));
    assert_eq!(v.reasons[0].outcome, Outcome::DesignatedParty);
    assert_eq!(
        v.reasons[0].text,
        "vessel \"HAO FAN 6\" matches HAO FAN 6 (NK-test-1), designated: UN-1718 KPe.020"
    );
    assert_eq!(v.screening.screened, 2);
    // A designation that does not bind the profile is exposure only.
    let exposure = Listed {
        name: "HAO FAN 6",
        is_match: true,
        binding: false,
    };
    let v = run_with(&s, "cn", &ledger, &exposure);
    assert_eq!(v.verdict, VerdictKind::Permitted);
    assert_eq!(v.reasons[0].outcome, Outcome::Exposure);
    // A candidate that is not a certain match: review.
    let candidate = Listed {
        name: "HAO FAN 6",
        is_match: false,
        binding: true,
    };
    assert_eq!(
        run_with(&s, "un", &ledger, &candidate).verdict,
        VerdictKind::NeedsReview
    );
}

#[test]
fn no_nexus_is_permitted_with_a_reason() {
    let v = run(
        &shipment(
            json!({"date": "2017-09-10", "direction": "import", "origin": "au", "destination": "cn", "hs_code": "2701.12"}),
        ),
        "all",
    );
    assert_eq!(v.verdict, VerdictKind::Permitted);
    assert_eq!(v.reasons[0].outcome, Outcome::NoNexus);
}
