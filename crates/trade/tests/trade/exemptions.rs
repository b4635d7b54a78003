//! Every exemption kind, with its preconditions met and not met.

use crate::common::*;
use embargo_trade::{ExemptionStatus, Ledger, NoScreening, PreconditionStatus, VerdictKind};
use serde_json::{Value, json};

fn import(on: &str, hs: &str, extra: Value) -> Value {
    let mut v = shipment(
        json!({"date": on, "direction": "import", "origin": "kp", "destination": "cn", "hs_code": hs}),
    );
    if let (Value::Object(b), Value::Object(e)) = (&mut v, extra) {
        b.extend(e);
    }
    v
}

fn export(on: &str, hs: &str, extra: Value) -> Value {
    let mut v = shipment(
        json!({"date": on, "direction": "export", "origin": "cn", "destination": "kp", "hs_code": hs}),
    );
    if let (Value::Object(b), Value::Object(e)) = (&mut v, extra) {
        b.extend(e);
    }
    v
}

fn rajin(on: &str, notice: &str) -> Value {
    import(
        on,
        "2701.12",
        json!({
            "origin": "ru",
            "route": [{"name": "Rajin"}, "Dalian"],
            "exemptions": [{"kind": "rajin-transit", "reference": "note verbale to the 1718 Committee 2016/77", "notice_date": notice}]
        }),
    )
}

#[test]
fn rajin_transit_met() {
    let v = run(&rajin("2016-06-01", "2016-05-20"), "un");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    let e = v.applied_exemption().expect("applied");
    assert_eq!(e.kind, "rajin-transit");
    assert_eq!(e.measure.as_deref(), Some("UN1718-COAL-IRON-2270"));
    let ids: Vec<&str> = e.preconditions.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "evidence-reference",
            "origin-not-target",
            "route-via-rajin",
            "advance-notice",
            "no-programme-revenue"
        ]
    );
    assert!(
        e.preconditions
            .iter()
            .all(|p| p.status == PreconditionStatus::Met)
    );
    assert_eq!(e.preconditions[2].detail, "route calls at Rajin");
    // Under the 2321 cap it does not count against the cap, and under the 2371 ban it survives.
    let v = run(&rajin("2017-03-01", "2017-02-20"), "un");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    assert!(
        v.caps.is_empty(),
        "exempt coal is not weighed against the cap"
    );
    assert!(v.reasons[0].text.contains("does not count against the cap"));
    let v = run(&rajin("2017-10-01", "2017-09-20"), "un");
    assert_eq!(v.verdict, VerdictKind::PermittedUnderExemption);
    assert_eq!(
        v.applied_exemption().and_then(|e| e.measure.as_deref()),
        Some("UN1718-COAL-IRON-BAN-2371")
    );
    // A LOCODE in the route works as well.
    let mut s = rajin("2016-06-01", "2016-05-20");
    s["route"] = json!(["KPNJN"]);
    assert_eq!(run(&s, "un").verdict, VerdictKind::PermittedUnderExemption);
}

#[test]
fn rajin_transit_not_met() {
    // DPRK-origin coal.
    let mut s = rajin("2016-06-01", "2016-05-20");
    s["origin"] = json!("kp");
    let v = run(&s, "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", show(&v));
    assert!(
        v.reasons[0].text.contains(
            "claimed exemption not met: rajin-transit [origin-not-target (origin is kp)]"
        ),
        "{}",
        v.reasons[0].text
    );
    // Not through Rajin: no DPRK nexus at all for Russian coal via Nakhodka...
    let mut s = rajin("2016-06-01", "2016-05-20");
    s["route"] = json!([{"name": "Nampo", "country": "kp"}]);
    let v = run(&s, "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert_eq!(
        v.exemptions[0].preconditions[2].status,
        PreconditionStatus::NotMet
    );
    // Notice after the shipment.
    let v = run(&rajin("2016-06-01", "2016-06-01"), "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert_eq!(
        v.exemptions[0].preconditions[3].detail,
        "Committee notified on 2016-06-01, not before the shipment date 2016-06-01"
    );
    // No notice date, no evidence: needs review, naming the fields.
    let mut s = rajin("2016-06-01", "2016-05-20");
    s["exemptions"] = json!([{"kind": "rajin-transit"}]);
    let v = run(&s, "un");
    assert_eq!(v.verdict, VerdictKind::NeedsReview, "{}", show(&v));
    let fields: Vec<&str> = v.missing.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(
        fields,
        ["exemptions[0].reference", "exemptions[0].notice_date"]
    );
    assert!(
        v.missing[0]
            .detail
            .starts_with("exemption evidence missing")
    );
    assert_eq!(v.exemptions[0].status, ExemptionStatus::Incomplete);
}

fn livelihood(on: &str, hs: &str, purpose: &str) -> Value {
    import(
        on,
        hs,
        json!({"purpose": purpose, "exemptions": [{"kind": "livelihood", "evidence": "commitment letter 2016-117 filed at customs"}]}),
    )
}

#[test]
fn livelihood_met() {
    let v = run(
        &livelihood(
            "2016-06-01",
            "2701.12",
            "livelihood of the people of Sinuiju",
        ),
        "un",
    );
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    let e = v.applied_exemption().expect("applied");
    assert_eq!(e.kind, "livelihood");
    assert_eq!(e.granted_by.as_deref(), Some("UNSCR 2270 para 29(b)"));
    // 2321 keeps livelihood for iron and iron ore only.
    let v = run(&livelihood("2017-03-01", "2601.11", "livelihood"), "un");
    assert_eq!(v.verdict, VerdictKind::PermittedUnderExemption);
    assert_eq!(
        v.applied_exemption().and_then(|e| e.measure.as_deref()),
        Some("UN1718-IRON-LIVELIHOOD-2321")
    );
    assert!(
        v.reasons[0]
            .unverified_items
            .contains(&"exemption:livelihood".to_string()),
        "the 26(c) reference is unverified"
    );
}

#[test]
fn livelihood_not_met() {
    // Declared purpose is not livelihood.
    let v = run(
        &livelihood("2016-06-01", "2701.12", "power generation"),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    // A designated party is involved.
    let ledger = Ledger::open_in_memory().expect("ledger");
    let listed = Listed {
        name: "Dandong Example Trading Co.",
        is_match: true,
        binding: true,
    };
    let v = run_with(
        &livelihood("2016-06-01", "2701.12", "livelihood"),
        "un",
        &ledger,
        &listed,
    );
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", show(&v));
    let pre = v.exemptions[0]
        .preconditions
        .iter()
        .find(|p| p.id == "no-designated-party")
        .expect("pre");
    assert_eq!(pre.status, PreconditionStatus::NotMet);
    // Programme revenue declared.
    let mut s = livelihood("2016-06-01", "2701.12", "livelihood");
    s["no_programme_revenue"] = json!(false);
    assert_eq!(run(&s, "un").verdict, VerdictKind::Prohibited);
    // Not screened: cannot be shown, so review.
    let v = run_with(
        &livelihood("2016-06-01", "2701.12", "livelihood"),
        "un",
        &ledger,
        &NoScreening,
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "screening");
    assert!(!v.screening.performed);
    assert!(
        v.screening
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("screening was not performed"))
    );
    // Coal under the 2321 cap has no livelihood exemption; under 2371 neither.
    let v = run(&livelihood("2017-09-10", "2701.12", "livelihood"), "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert_eq!(v.exemptions[0].status, ExemptionStatus::NotAvailable);
}

#[test]
fn committee_approval() {
    let with = import(
        "2017-01-10",
        "9703.00",
        json!({"exemptions": [{"kind": "committee-approval", "reference": "1718 Committee approval 2017/3"}]}),
    );
    let v = run(&with, "un");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    assert_eq!(
        v.applied_exemption().map(|e| e.kind.as_str()),
        Some("committee-approval")
    );
    let without = import(
        "2017-01-10",
        "9703.00",
        json!({"exemptions": [{"kind": "committee-approval"}]}),
    );
    let v = run(&without, "un");
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "exemptions[0].reference");
}

#[test]
fn humanitarian_exemption() {
    let claim = json!({"exemptions": [{"kind": "humanitarian", "reference": "1718 Committee exemption letter 2018/12 (IAN 7)"}]});
    let v = run(&export("2018-03-01", "8413.70", claim.clone()), "un");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    let e = v.applied_exemption().expect("applied");
    assert_eq!(e.granted_by.as_deref(), Some("UNSCR 2397 para 25"));
    // Before 2397 the mechanism did not exist.
    let v = run(
        &export(
            "2017-06-01",
            "8901.10",
            json!({"goods_condition": "new", "exemptions": [{"kind": "humanitarian", "reference": "x"}]}),
        ),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", show(&v));
    assert_eq!(v.exemptions[0].status, ExemptionStatus::NotAvailable);
    assert_eq!(
        v.exemptions[0].note.as_deref(),
        Some("this exemption exists only from 2017-12-22")
    );
    // Without a reference.
    let v = run(
        &export(
            "2018-03-01",
            "8413.70",
            json!({"exemptions": [{"kind": "humanitarian"}]}),
        ),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
}

fn jet_fuel(claim: Value) -> Value {
    export(
        "2017-03-01",
        "2710.19.21",
        json!({"quantity": 20, "exemptions": [claim]}),
    )
}

#[test]
fn civil_aircraft_fuel() {
    let ok = json!({"kind": "civil-aircraft-fuel", "reference": "Air Koryo JS152 PEK-FNJ-PEK", "civil_passenger_aircraft": true, "fuelling_country": "cn", "return_flight_only": true});
    let v = run(&jet_fuel(ok.clone()), "un");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    assert_eq!(
        v.applied_exemption().map(|e| e.preconditions.len()),
        Some(4)
    );
    let mut bad = ok.clone();
    bad["fuelling_country"] = json!("kp");
    let v = run(&jet_fuel(bad), "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    let mut bad = ok.clone();
    bad["return_flight_only"] = json!(false);
    assert_eq!(run(&jet_fuel(bad), "un").verdict, VerdictKind::Prohibited);
    let mut incomplete = ok;
    incomplete
        .as_object_mut()
        .expect("obj")
        .remove("civil_passenger_aircraft");
    let v = run(&jet_fuel(incomplete), "un");
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "exemptions[0].civil_passenger_aircraft");
}

#[test]
fn civil_aircraft_spare_parts() {
    let ok = json!({"kind": "civil-aircraft-spare-parts", "reference": "Tu-204 P-632 maintenance order", "civil_passenger_aircraft": true, "spare_parts": true, "aircraft_in_use": true});
    let v = run(
        &export("2018-03-01", "8803.30", json!({"exemptions": [ok.clone()]})),
        "un",
    );
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    let mut bad = ok.clone();
    bad["aircraft_in_use"] = json!(false);
    let v = run(
        &export("2018-03-01", "8803.30", json!({"exemptions": [bad]})),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    // The exemption covers transport vehicles only, not machinery.
    let v = run(
        &export("2018-03-01", "8429.51", json!({"exemptions": [ok]})),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert_eq!(v.exemptions[0].status, ExemptionStatus::NotAvailable);
}

#[test]
fn wind_down_windows() {
    let claim = |contract: &str| json!({"contract_date": contract, "exemptions": [{"kind": "wind-down", "reference": "contract 17-0701, notified"}]});
    // 2371: contracts before 2017-08-05, deliveries to 2017-09-04.
    let v = run(&import("2017-08-20", "2701.12", claim("2017-07-01")), "un");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    let v = run(&import("2017-09-10", "2701.12", claim("2017-07-01")), "un");
    assert_eq!(
        v.verdict,
        VerdictKind::Prohibited,
        "the window closed: {}",
        show(&v)
    );
    assert_eq!(
        v.exemptions[0].preconditions[2].detail,
        "the window closed on 2017-09-04"
    );
    let v = run(&import("2017-08-20", "2701.12", claim("2017-08-10")), "un");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    let v = run(
        &import(
            "2017-08-20",
            "2701.12",
            json!({"exemptions": [{"kind": "wind-down", "reference": "c"}]}),
        ),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "contract_date");
    // 2375 textiles: 90 days, to 2017-12-10.
    assert_eq!(
        run(&import("2017-12-10", "6109.10", claim("2017-09-01")), "un").verdict,
        VerdictKind::PermittedUnderExemption
    );
    assert_eq!(
        run(&import("2017-12-11", "6109.10", claim("2017-09-01")), "un").verdict,
        VerdictKind::Prohibited
    );
}

#[test]
fn licence_and_japanese_humanitarian_items() {
    let v = run(
        &import(
            "2017-03-01",
            "0901.11",
            json!({"exemptions": [{"kind": "licence", "reference": "METI import licence 2017-0042"}]}),
        ),
        "jp",
    );
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    let v = run(
        &import(
            "2017-03-01",
            "0901.11",
            json!({"exemptions": [{"kind": "licence"}]}),
        ),
        "jp",
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    let hum = |purpose: &str| {
        export(
            "2017-03-01",
            "3004.90",
            json!({"purpose": purpose, "exemptions": [{"kind": "humanitarian-items", "reference": "MOFA humanitarian list item 3"}]}),
        )
    };
    let v = run(&hum("humanitarian medical supplies"), "jp");
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    assert!(
        v.reasons[0].unverified,
        "Japan's humanitarian exclusion is unverified"
    );
    assert_eq!(
        run(&hum("commercial sale"), "jp").verdict,
        VerdictKind::Prohibited
    );
}

#[test]
fn eu_refined_petroleum_humanitarian() {
    let claim = |purpose: &str, hs: &str| {
        export(
            "2018-03-01",
            hs,
            json!({"unit": "bbl", "purpose": purpose, "exemptions": [{"kind": "eu-refined-humanitarian", "reference": "BAFA authorisation 2018/9"}]}),
        )
    };
    let v = run(
        &claim("humanitarian: hospital generators", "2710.19.43"),
        "eu",
    );
    assert_eq!(
        v.verdict,
        VerdictKind::PermittedUnderExemption,
        "{}",
        show(&v)
    );
    assert_eq!(v.caps.len(), 1, "the UN cap still counts: {}", show(&v));
    assert_eq!(v.caps[0].cap, "refined-2397");
    assert_eq!(
        run(&claim("commercial", "2710.19.43"), "eu").verdict,
        VerdictKind::Prohibited
    );
    // Not for crude oil.
    let v = run(&claim("humanitarian", "2709.00.90"), "eu");
    assert_eq!(v.verdict, VerdictKind::Prohibited);
}

#[test]
fn unknown_exemption_kind_is_reported() {
    let v = run(
        &import(
            "2017-09-10",
            "2701.12",
            json!({"exemptions": [{"kind": "friendship", "reference": "x"}]}),
        ),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::Prohibited);
    assert!(v.exemptions[0].note.as_deref().is_some_and(|n| {
        n.starts_with("unknown exemption kind; known kinds: civil-aircraft-fuel")
    }));
}
