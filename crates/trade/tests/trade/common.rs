//! Helpers shared by the trade tests.

use embargo_trade::{
    Binding, Designation, Ledger, Measures, Party, PartyHit, PartyScreener, Report, Shipment,
    Verdict, check,
};
use serde_json::{Value, json};

pub fn measures() -> &'static Measures {
    Measures::builtin().expect("the embedded catalogue is valid")
}

/// The trade regimes of a shipped profile (`trade_regimes` in
/// crates/regimes/data/profiles.toml). This crate takes them from its caller.
pub fn trade_regimes(profile: &str) -> Vec<String> {
    embargo_regimes::Profiles::shipped()
        .get(profile)
        .unwrap_or_else(|| panic!("no shipped profile {profile}"))
        .trade_regimes
        .clone()
}

/// Check under a shipped profile's trade regimes.
pub fn check_under(
    s: &Shipment,
    profile: &str,
    ledger: &Ledger,
    screener: &dyn PartyScreener,
) -> Result<Verdict, embargo_trade::CheckError> {
    let regimes = trade_regimes(profile);
    check(
        s,
        Binding {
            profile,
            regimes: &regimes,
        },
        measures(),
        ledger,
        screener,
    )
}

pub fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("ISO date")
}

/// A screener that screened every party and found nothing.
pub struct Clear;

impl PartyScreener for Clear {
    fn screen(&self, _party: &Party) -> Vec<PartyHit> {
        Vec::new()
    }
}

/// A screener that knows one designated name.
pub struct Listed {
    pub name: &'static str,
    pub is_match: bool,
    pub binding: bool,
}

impl PartyScreener for Listed {
    fn screen(&self, party: &Party) -> Vec<PartyHit> {
        if party.name.eq_ignore_ascii_case(self.name) {
            vec![PartyHit {
                id: "NK-test-1".into(),
                name: self.name.into(),
                score: 0.97,
                is_match: self.is_match,
                designations: vec![Designation {
                    source: "UN-1718".into(),
                    reference: "KPe.020".into(),
                    binding: self.binding,
                }],
            }]
        } else {
            Vec::new()
        }
    }
}

/// Merge `extra` into a base shipment with the fields caps and screening need.
pub fn shipment(extra: Value) -> Value {
    let mut base = json!({
        "quantity": 1000,
        "unit": "t",
        "value": 100000,
        "currency": "USD",
        "parties": [{"schema": "Company", "name": "Dandong Example Trading Co."}],
        "no_programme_revenue": true
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
    base
}

pub fn parse(v: &Value) -> Shipment {
    Shipment::from_value(v).unwrap_or_else(|e| panic!("{e}: {v}"))
}

pub fn run_with(
    v: &Value,
    profile: &str,
    ledger: &Ledger,
    screener: &dyn PartyScreener,
) -> Verdict {
    check_under(&parse(v), profile, ledger, screener).expect("check")
}

/// Check with an empty ledger and a screener that finds nothing.
pub fn run(v: &Value, profile: &str) -> Verdict {
    let ledger = Ledger::open_in_memory().expect("ledger");
    run_with(v, profile, &ledger, &Clear)
}

pub fn coal_report(date_s: &str, t: f64, usd: f64) -> Report {
    Report {
        state: "CN".into(),
        cap: "coal-2321".into(),
        date: date(date_s),
        quantity: Some(t),
        unit: Some("t".into()),
        value: Some(usd),
        currency: Some("USD".into()),
        reference: Some("1718 Committee coal page".into()),
    }
}

/// Pretty JSON of a verdict, for assertion messages.
pub fn show(v: &Verdict) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
