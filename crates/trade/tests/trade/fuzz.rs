//! Property test: arbitrary JSON never makes parsing or checking panic.

use crate::common::*;
use embargo_trade::{Ledger, NoScreening, Shipment};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Shipment-shaped objects: the real keys with plausible or hostile values.
fn shipment_like() -> impl Strategy<Value = Value> {
    let date = prop_oneof![
        Just(json!("2016-12-15")),
        Just(json!("2017-03-01")),
        Just(json!("2017-09-10")),
        Just(json!("2018-02-29")),
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Value::String),
        any_json(),
    ];
    let country = prop_oneof![
        Just(json!("kp")),
        Just(json!("cn")),
        Just(json!("PRK")),
        "[a-zA-Z]{1,4}".prop_map(Value::String),
        any_json()
    ];
    let hs = prop_oneof![
        Just(json!("2701.12")),
        Just(json!("2710.19")),
        Just(json!("27")),
        "[0-9 .]{0,14}".prop_map(Value::String),
        any_json()
    ];
    let keys = (
        date.clone(),
        prop_oneof![Just(json!("import")), Just(json!("export")), any_json()],
        country.clone(),
        country,
        hs,
        any_json(),
        prop_oneof![
            Just(json!("t")),
            Just(json!("bbl")),
            Just(json!("kg")),
            any_json()
        ],
        any_json(),
        prop_oneof![Just(json!("USD")), any_json()],
        prop::collection::vec(
            prop_oneof![
                Just(
                    json!({"kind": "rajin-transit", "reference": "r", "notice_date": "2017-01-01"})
                ),
                Just(json!({"kind": "livelihood", "evidence": "e"})),
                Just(json!({"kind": "wind-down"})),
                any_json(),
            ],
            0..3,
        ),
        prop_oneof![
            Just(json!([{"name": "Rajin"}])),
            Just(json!(["KPNJN", {"country": "kp"}])),
            any_json()
        ],
        date,
    );
    keys.prop_map(|(d, dir, o, de, hs, q, u, val, cur, ex, route, contract)| {
        let mut m = Map::new();
        for (k, v) in [
            ("date", d),
            ("direction", dir),
            ("origin", o),
            ("destination", de),
            ("hs_code", hs),
            ("quantity", q),
            ("unit", u),
            ("value", val),
            ("currency", cur),
            ("exemptions", Value::Array(ex)),
            ("route", route),
            ("contract_date", contract),
            ("no_programme_revenue", json!(true)),
            ("parties", json!([{"name": "A"}])),
        ] {
            m.insert(k.into(), v);
        }
        Value::Object(m)
    })
}

fn no_panic(v: &Value, ledger: &Ledger) {
    if let Ok(s) = Shipment::from_value(v) {
        for p in ["un", "jp", "all"] {
            let verdict = check_under(&s, p, ledger, &NoScreening).expect("known profile");
            serde_json::to_string(&verdict).expect("serialisable");
            let verdict = check_under(&s, p, ledger, &Clear).expect("known profile");
            serde_json::to_string(&verdict).expect("serialisable");
        }
    }
}

fn seeded_ledger() -> Ledger {
    let l = Ledger::open_in_memory().expect("ledger");
    l.record(&coal_report("2017-01-31", 7_000_000.0, 390_000_000.0))
        .expect("record");
    l
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics(v in any_json()) {
        let ledger = seeded_ledger();
        no_panic(&v, &ledger);
        let text = v.to_string();
        let _ = Shipment::from_json(&text);
    }

    #[test]
    fn shipment_shaped_json_never_panics(v in shipment_like()) {
        let ledger = seeded_ledger();
        no_panic(&v, &ledger);
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = Shipment::from_json(&s);
    }
}
