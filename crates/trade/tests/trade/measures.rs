//! Every measure row: one shipment inside, one outside by HS code, one
//! outside by date (the day before it starts, and the day it ends).

use crate::common::*;
use embargo_trade::{Direction, OtherStatus, Outcome, VerdictKind};
use serde_json::{Value, json};
use std::collections::BTreeSet;

struct Row {
    id: &'static str,
    profile: &'static str,
    /// HS code inside the measure.
    inside: &'static str,
    /// Date inside (None: the measure's valid_from).
    on: Option<&'static str>,
    verdict: VerdictKind,
    outcome: Outcome,
    /// HS code outside the measure (None for `*` measures: tested with a
    /// shipment that does not involve the DPRK instead).
    outside: Option<&'static str>,
    unit: &'static str,
    extra: Value,
}

fn rows() -> Vec<Row> {
    use Outcome::*;
    use VerdictKind::*;
    let r = |id, profile, inside, verdict, outcome, outside| Row {
        id,
        profile,
        inside,
        on: None,
        verdict,
        outcome,
        outside,
        unit: "t",
        extra: json!({}),
    };
    vec![
        r(
            "UN1718-COAL-IRON-2270",
            "un",
            "2701.12",
            Prohibited,
            Prohibits,
            Some("2702.10"),
        ),
        r(
            "UN1718-COAL-CAP-2321",
            "un",
            "2701.12",
            Permitted,
            WithinCap,
            Some("2704.00"),
        ),
        r(
            "UN1718-IRON-LIVELIHOOD-2321",
            "un",
            "2601.11",
            Prohibited,
            Prohibits,
            Some("2602.00"),
        ),
        r(
            "UN1718-COAL-IRON-BAN-2371",
            "un",
            "7203.10",
            Prohibited,
            Prohibits,
            Some("7204.10"),
        ),
        r(
            "UN1718-MINERALS-2270",
            "un",
            "7108.12",
            Prohibited,
            Prohibits,
            Some("7109.00"),
        ),
        r(
            "UN1718-NONFERROUS-2321",
            "un",
            "7403.11",
            Prohibited,
            Prohibits,
            Some("7601.10"),
        ),
        r(
            "UN1718-STATUES-2321",
            "un",
            "9703.00",
            Prohibited,
            Prohibits,
            Some("9702.00"),
        ),
        r(
            "UN1718-LEAD-2371",
            "un",
            "7801.10",
            Prohibited,
            Prohibits,
            Some("8001.10"),
        ),
        r(
            "UN1718-SEAFOOD-2371",
            "un",
            "0302.11",
            Prohibited,
            Prohibits,
            Some("0401.10"),
        ),
        r(
            "UN1718-TEXTILES-2375",
            "un",
            "6109.10",
            Prohibited,
            Prohibits,
            Some("6401.10"),
        ),
        r(
            "UN1718-EXPORTS-2397",
            "un",
            "0801.11",
            Prohibited,
            Prohibits,
            Some("0901.11"),
        ),
        r(
            "UN1718-AVFUEL-2270",
            "un",
            "2710.19.21",
            Prohibited,
            Prohibits,
            Some("2710.19.43"),
        ),
        Row {
            extra: json!({"goods_condition": "new"}),
            ..r(
                "UN1718-HELI-VESSELS-2321",
                "un",
                "8802.12",
                Prohibited,
                Prohibits,
                Some("8802.20"),
            )
        },
        r(
            "UN1718-VESSELS-2397",
            "un",
            "8901.10",
            Prohibited,
            Prohibits,
            Some("9401.61"),
        ),
        r(
            "UN1718-INDUSTRIAL-2397",
            "un",
            "8429.51",
            Prohibited,
            Prohibits,
            Some("9401.61"),
        ),
        r(
            "UN1718-CONDENSATE-NGL-2375",
            "un",
            "2711.12",
            Prohibited,
            Prohibits,
            Some("2712.10"),
        ),
        Row {
            on: Some("2017-10-02"),
            unit: "bbl",
            ..r(
                "UN1718-REFINED-2375",
                "un",
                "2710.19.43",
                Permitted,
                WithinCap,
                Some("2712.10"),
            )
        },
        Row {
            unit: "bbl",
            ..r(
                "UN1718-REFINED-2397",
                "un",
                "2710.19.43",
                Permitted,
                WithinCap,
                Some("2712.10"),
            )
        },
        Row {
            unit: "bbl",
            ..r(
                "UN1718-CRUDE-2375",
                "un",
                "2709.00.90",
                NeedsReview,
                Review,
                Some("2712.10"),
            )
        },
        Row {
            unit: "bbl",
            ..r(
                "UN1718-CRUDE-2397",
                "un",
                "2709.00.90",
                Permitted,
                WithinCap,
                Some("2712.10"),
            )
        },
        r(
            "UN1718-LUXURY",
            "un",
            "9101.11",
            NeedsReview,
            Review,
            Some("9103.10"),
        ),
        r(
            "UN1718-ARMS-1718",
            "un",
            "9301.10",
            NeedsReview,
            Review,
            Some("9503.00"),
        ),
        r(
            "UN1718-ARMS-2270",
            "un",
            "9302.00",
            Prohibited,
            Prohibits,
            Some("9503.00"),
        ),
        r(
            "JP-TOTAL-IMPORT-BAN",
            "jp",
            "0901.11",
            Prohibited,
            Prohibits,
            None,
        ),
        r(
            "JP-TOTAL-EXPORT-BAN",
            "jp",
            "8471.30",
            Prohibited,
            Prohibits,
            None,
        ),
        r(
            "KR-524-TRADE-BAN",
            "kr",
            "0901.11",
            Prohibited,
            Prohibits,
            None,
        ),
        r(
            "US-EXPORT-BAN-13722",
            "us",
            "0901.11",
            Prohibited,
            Prohibits,
            None,
        ),
        r(
            "US-IMPORT-13570",
            "us",
            "0901.11",
            Prohibited,
            Prohibits,
            None,
        ),
        Row {
            unit: "bbl",
            ..r(
                "EU-OIL-EXPORT-BAN",
                "eu",
                "2709.00.90",
                Prohibited,
                Prohibits,
                Some("2712.10"),
            )
        },
    ]
}

fn shipment_for(row: &Row, hs: &str, on: &str) -> Value {
    let m = measures().measure(row.id).expect("measure");
    let dir = match m.direction {
        Direction::Export => "export",
        _ => "import",
    };
    let mut v = shipment(json!({
        "date": on,
        "direction": dir,
        "origin": if dir == "import" { "kp" } else { "cn" },
        "destination": if dir == "import" { "cn" } else { "kp" },
        "hs_code": hs,
        "unit": row.unit,
    }));
    if let (Value::Object(b), Value::Object(e)) = (&mut v, row.extra.clone()) {
        b.extend(e);
    }
    v
}

#[test]
fn every_measure_row_is_covered() {
    let table: BTreeSet<&str> = rows().iter().map(|r| r.id).collect();
    let catalogue: BTreeSet<&str> = measures().measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        table, catalogue,
        "add a row for every measure of the catalogue"
    );
}

#[test]
fn inside_each_measure() {
    for row in rows() {
        let m = measures().measure(row.id).expect("measure");
        let on = row.on.map_or(m.valid_from.to_string(), str::to_string);
        let v = run(&shipment_for(&row, row.inside, &on), row.profile);
        assert_eq!(
            v.verdict,
            row.verdict,
            "{} inside on {on}: {}",
            row.id,
            show(&v)
        );
        let r = v
            .reasons_for(row.id)
            .next()
            .unwrap_or_else(|| panic!("{} gives no reason: {}", row.id, show(&v)));
        assert_eq!(r.outcome, row.outcome, "{}: {}", row.id, show(&v));
        // Every reason cites the instrument and the validity, and carries
        // the unverified marks of the catalogue.
        assert_eq!(r.instrument.as_deref(), Some(m.instrument.as_str()));
        assert_eq!(r.paragraph, m.paragraph);
        assert_eq!(r.valid_from, Some(m.valid_from));
        assert_eq!(r.valid_to, m.valid_to);
        let group = m
            .goods
            .iter()
            .find(|g| r.goods.as_deref() == Some(g.name.as_str()))
            .expect("group");
        let expect_unverified = !m.unverified.is_empty() || group.unverified;
        assert_eq!(r.unverified, expect_unverified, "{}: {}", row.id, show(&v));
        for u in &m.unverified {
            assert!(r.unverified_items.contains(u), "{}: {u} not shown", row.id);
        }
    }
}

#[test]
fn outside_each_measure_by_hs_code() {
    for row in rows() {
        let m = measures().measure(row.id).expect("measure");
        let on = row.on.map_or(m.valid_from.to_string(), str::to_string);
        let v = match row.outside {
            Some(hs) => run(&shipment_for(&row, hs, &on), row.profile),
            None => {
                // A `*` measure covers every good: outside means no DPRK nexus.
                let mut s = shipment_for(&row, row.inside, &on);
                s["origin"] = json!("cn");
                s["destination"] = json!("jp");
                run(&s, row.profile)
            }
        };
        assert!(
            v.reasons_for(row.id).next().is_none(),
            "{} must not apply outside: {}",
            row.id,
            show(&v)
        );
        assert_eq!(
            v.verdict,
            VerdictKind::Permitted,
            "{} outside: {}",
            row.id,
            show(&v)
        );
    }
}

#[test]
fn outside_each_measure_by_date() {
    for row in rows() {
        let m = measures().measure(row.id).expect("measure");
        let before = m.valid_from.pred_opt().expect("date").to_string();
        let v = run(&shipment_for(&row, row.inside, &before), row.profile);
        assert!(
            v.reasons_for(row.id).next().is_none(),
            "{} applied the day before it started: {}",
            row.id,
            show(&v)
        );
        let o = v.other_measures.iter().find(|o| o.measure == row.id);
        assert_eq!(
            o.map(|o| o.status),
            Some(OtherStatus::NotYetInForce),
            "{}: {}",
            row.id,
            show(&v)
        );
        if let Some(end) = m.valid_to {
            let v = run(
                &shipment_for(&row, row.inside, &end.to_string()),
                row.profile,
            );
            assert!(
                v.reasons_for(row.id).next().is_none(),
                "{} applied on its end date: {}",
                row.id,
                show(&v)
            );
            let o = v
                .other_measures
                .iter()
                .find(|o| o.measure == row.id)
                .expect("listed");
            let want = if m.superseded_by.is_empty() {
                OtherStatus::Expired
            } else {
                OtherStatus::Superseded
            };
            assert_eq!(o.status, want, "{}", row.id);
        }
    }
}

#[test]
fn coarse_hs_code_needs_review_and_names_the_digits() {
    // 2710.19 could be jet fuel (27101921, banned) or diesel (27101943, not banned in 2017-03).
    let v = run(
        &shipment(
            json!({"date": "2017-03-01", "direction": "export", "origin": "cn", "destination": "kp", "hs_code": "2710.19"}),
        ),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview, "{}", show(&v));
    let m = v
        .missing
        .iter()
        .find(|m| m.field == "hs_code")
        .expect("hs_code named");
    assert!(m.detail.starts_with("a code of at least 8 digits: 271019 could be inside or outside 27101921 (aviation_and_rocket_fuel, UN1718-AVFUEL-2270)"), "{}", m.detail);
}

#[test]
fn missing_fields_are_named() {
    let v = run(&json!({"direction": "import", "hs_code": "2701"}), "un");
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(
        v.missing
            .iter()
            .map(|m| m.field.as_str())
            .collect::<Vec<_>>(),
        ["date"]
    );
    let v = run(
        &json!({"date": "2017-03-01", "direction": "import", "hs_code": "2701"}),
        "un",
    );
    assert_eq!(
        v.missing
            .iter()
            .map(|m| m.field.as_str())
            .collect::<Vec<_>>(),
        ["origin"]
    );
    let v = run(
        &json!({"date": "2017-03-01", "direction": "import", "origin": "kp"}),
        "un",
    );
    assert_eq!(
        v.missing
            .iter()
            .map(|m| m.field.as_str())
            .collect::<Vec<_>>(),
        ["hs_code"]
    );
    assert_eq!(v.summary, "needs review: missing hs_code");
    // New helicopters: the measure covers new ones only.
    let v = run(
        &shipment(
            json!({"date": "2017-01-10", "direction": "export", "origin": "cn", "destination": "kp", "hs_code": "8802.12"}),
        ),
        "un",
    );
    assert_eq!(v.verdict, VerdictKind::NeedsReview);
    assert_eq!(v.missing[0].field, "goods_condition");
    let used = run(
        &shipment(
            json!({"date": "2017-01-10", "direction": "export", "origin": "cn", "destination": "kp", "hs_code": "8802.12", "goods_condition": "used"}),
        ),
        "un",
    );
    assert_eq!(used.verdict, VerdictKind::Permitted, "{}", show(&used));
    assert_eq!(used.other_measures[0].status, OtherStatus::OutOfScope);
}

#[test]
fn verdict_json_shape() {
    let v = run(
        &shipment(
            json!({"date": "2017-09-10", "direction": "import", "origin": "kp", "destination": "cn", "hs_code": "2701.12"}),
        ),
        "un",
    );
    let j = serde_json::to_value(&v).expect("json");
    assert_eq!(j["verdict"], "prohibited");
    let r = &j["reasons"][0];
    assert_eq!(r["measure"], "UN1718-COAL-IRON-BAN-2371");
    assert_eq!(r["instrument"], "UNSCR 2371");
    assert_eq!(r["paragraph"], "8");
    assert_eq!(r["valid_from"], "2017-08-05");
    assert_eq!(r["unverified"], true);
    assert_eq!(r["unverified_items"], json!(["paragraph", "hs:coal"]));
    assert_eq!(r["outcome"], "prohibits");
    assert_eq!(r["type"], "ban");
    assert_eq!(j["screening"]["performed"], true);
}
