//! The shipment to check, read from JSON.
//!
//! Extra fields are accepted (a trade system sends what it has); fields that
//! are present must be well-formed, and a malformed one is an error that names
//! it (`parties[1].name: expected a string, found number 5`). Missing fields
//! are *not* errors here: whether a field is needed depends on the measures
//! that apply, so [`crate::check`] names what is missing in a `needs-review`
//! verdict instead.

use crate::catalogue::Direction;
use crate::hs::HsCode;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

/// A malformed shipment field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("shipment: {field}: {problem}")]
pub struct ShipmentError {
    /// Path of the field, e.g. `parties[0].name`; `$` for the whole document.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

fn err(field: impl Into<String>, problem: impl Into<String>) -> ShipmentError {
    ShipmentError {
        field: field.into(),
        problem: problem.into(),
    }
}

/// A port or place on the route.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoutePoint {
    /// Port name, e.g. `Rajin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Country (lower-case code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// UN/LOCODE, e.g. `KPNJN` (upper case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locode: Option<String>,
}

/// An identifier of a party (registration number, IMO, tax id...).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Identifier {
    /// Scheme, e.g. `imo`, `registration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The identifier.
    pub value: String,
}

/// A party to the shipment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Party {
    /// FtM schema: `Person`, `Organization`, `Company`, `Vessel`...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Name.
    pub name: String,
    /// Role (shipper, consignee...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Identifiers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
}

/// The vessel carrying the goods.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Vessel {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// IMO number (7 digits, `IMO` prefix removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imo: Option<String>,
    /// Flag (country code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
}

impl Vessel {
    /// The vessel as a party to screen (schema `Vessel`, IMO identifier).
    pub fn as_party(&self) -> Party {
        Party {
            schema: Some("Vessel".into()),
            name: self
                .name
                .clone()
                .or_else(|| self.imo.as_ref().map(|i| format!("IMO {i}")))
                .unwrap_or_default(),
            role: Some("vessel".into()),
            country: self.flag.clone(),
            identifiers: self
                .imo
                .iter()
                .map(|i| Identifier {
                    scheme: Some("imo".into()),
                    value: i.clone(),
                })
                .collect(),
        }
    }
}

/// An exemption claimed for the shipment, with its evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExemptionClaim {
    /// Exemption kind id from the catalogue, e.g. `rajin-transit`.
    pub kind: String,
    /// Reference of the approval, notice, licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Evidence (document reference or description).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// When the Committee was notified (advance notice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_date: Option<NaiveDate>,
    /// The aircraft is a civilian passenger aircraft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub civil_passenger_aircraft: Option<bool>,
    /// Where the aircraft is fuelled (country code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuelling_country: Option<String>,
    /// Only the fuel for the flight to the DPRK and back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_flight_only: Option<bool>,
    /// The goods are spare parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spare_parts: Option<bool>,
    /// The aircraft is currently in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aircraft_in_use: Option<bool>,
}

impl ExemptionClaim {
    /// `reference`, else `evidence`, if non-empty.
    pub fn evidence_reference(&self) -> Option<&str> {
        [&self.reference, &self.evidence]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
    }
}

/// A shipment to check. Build it with [`Shipment::from_json`] or field by field.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Shipment {
    /// Shipment date (the rules in force on it apply).
    pub date: Option<NaiveDate>,
    /// import (procurement from the origin) or export (supply to the destination).
    pub direction: Option<Direction>,
    /// Country of origin of the goods (lower-case code).
    pub origin: Option<String>,
    /// Country of destination (lower-case code).
    pub destination: Option<String>,
    /// Ports and places on the route (`route` or `ports` in JSON).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<RoutePoint>,
    /// HS code.
    pub hs_code: Option<HsCode>,
    /// Quantity.
    pub quantity: Option<f64>,
    /// Unit of the quantity.
    pub unit: Option<String>,
    /// Value.
    pub value: Option<f64>,
    /// Currency of the value.
    pub currency: Option<String>,
    /// Parties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// Vessel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vessel: Option<Vessel>,
    /// Declared purpose.
    pub purpose: Option<String>,
    /// `new` or `used` (some measures cover new goods only).
    pub goods_condition: Option<String>,
    /// Date the underlying contract was concluded (wind-down windows).
    pub contract_date: Option<NaiveDate>,
    /// Declaration that the transaction raises no revenue for the DPRK's
    /// prohibited programmes.
    pub no_programme_revenue: Option<bool>,
    /// Exemptions claimed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<ExemptionClaim>,
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Reads fields of one JSON object, with paths for errors. `null` counts as absent.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    fn new(v: &'a Value, path: &str) -> Result<Obj<'a>, ShipmentError> {
        match v {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
            }),
            other => Err(err(
                path,
                format!("expected an object, found {}", kind(other)),
            )),
        }
    }

    fn field(&self, name: &str) -> String {
        if self.path.is_empty() || self.path == "$" {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn string(&self, name: &str) -> Result<Option<String>, ShipmentError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(other) => Err(err(
                self.field(name),
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, ShipmentError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(err(
                self.field(name),
                format!("expected true or false, found {}", kind(other)),
            )),
        }
    }

    fn amount(&self, name: &str) -> Result<Option<f64>, ShipmentError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(err(
                    self.field(name),
                    format!("must be zero or more, found {n}"),
                )),
            },
            Some(other) => Err(err(
                self.field(name),
                format!("expected a number, found {}", kind(other)),
            )),
        }
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ShipmentError> {
        match self.string(name)? {
            None => Ok(None),
            Some(s) => s.parse::<NaiveDate>().map(Some).map_err(|_| {
                err(
                    self.field(name),
                    format!("expected an ISO date YYYY-MM-DD, found {s:?}"),
                )
            }),
        }
    }

    fn country(&self, name: &str) -> Result<Option<String>, ShipmentError> {
        match self.string(name)? {
            None => Ok(None),
            Some(s) => country(&s).map(Some).ok_or_else(|| {
                err(
                    self.field(name),
                    format!("expected an ISO 3166-1 alpha-2 country code like \"cn\", found {s:?}"),
                )
            }),
        }
    }

    fn array(&self, name: &str) -> Result<&'a [Value], ShipmentError> {
        match self.get(name) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(err(
                self.field(name),
                format!("expected an array, found {}", kind(other)),
            )),
        }
    }
}

fn country(s: &str) -> Option<String> {
    let c = s.trim().to_ascii_lowercase();
    let ok =
        c.bytes().all(|b| b.is_ascii_lowercase()) && (c.len() == 2 || c == "prk" || c == "dprk");
    ok.then_some(c)
}

fn is_locode(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn route_point(v: &Value, path: &str) -> Result<RoutePoint, ShipmentError> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if is_locode(s) {
                Ok(RoutePoint {
                    name: None,
                    country: Some(s[..2].to_ascii_lowercase()),
                    locode: Some(s.to_string()),
                })
            } else if s.is_empty() {
                Err(err(path, "is empty"))
            } else {
                Ok(RoutePoint {
                    name: Some(s.to_string()),
                    ..RoutePoint::default()
                })
            }
        }
        Value::Object(_) => {
            let o = Obj::new(v, path)?;
            let name = match o.string("name")? {
                Some(n) => Some(n),
                None => o.string("port")?,
            };
            let locode = o.string("locode")?.map(|l| l.to_ascii_uppercase());
            if let Some(l) = &locode
                && !is_locode(l)
            {
                return Err(err(
                    o.field("locode"),
                    format!("expected a 5-character UN/LOCODE like \"CNDDG\", found {l:?}"),
                ));
            }
            let country = match o.country("country")? {
                Some(c) => Some(c),
                None => locode.as_ref().map(|l| l[..2].to_ascii_lowercase()),
            };
            if name.is_none() && locode.is_none() && country.is_none() {
                return Err(err(path, "needs a name, a locode or a country"));
            }
            Ok(RoutePoint {
                name,
                country,
                locode,
            })
        }
        other => Err(err(
            path,
            format!(
                "expected a port name, a UN/LOCODE or an object, found {}",
                kind(other)
            ),
        )),
    }
}

fn identifier(v: &Value, path: &str) -> Result<Identifier, ShipmentError> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(Identifier {
            scheme: None,
            value: s.trim().to_string(),
        }),
        Value::Object(_) => {
            let o = Obj::new(v, path)?;
            let scheme = match o.string("scheme")? {
                Some(s) => Some(s),
                None => o.string("type")?,
            };
            let value = match o.string("value")? {
                Some(s) => s,
                None => o
                    .string("id")?
                    .ok_or_else(|| err(o.field("value"), "is missing"))?,
            };
            Ok(Identifier { scheme, value })
        }
        other => Err(err(
            path,
            format!(
                "expected a string or an object {{scheme, value}}, found {}",
                kind(other)
            ),
        )),
    }
}

fn party(v: &Value, path: &str) -> Result<Party, ShipmentError> {
    let o = Obj::new(v, path)?;
    let name = o.string("name")?.ok_or_else(|| {
        err(
            o.field("name"),
            "is missing (every party needs a name to be screened)",
        )
    })?;
    let ids = o.array("identifiers")?;
    Ok(Party {
        schema: o.string("schema")?,
        name,
        role: o.string("role")?,
        country: o.country("country")?,
        identifiers: ids
            .iter()
            .enumerate()
            .map(|(i, v)| identifier(v, &format!("{}[{i}]", o.field("identifiers"))))
            .collect::<Result<_, _>>()?,
    })
}

fn imo(s: &str, path: &str) -> Result<String, ShipmentError> {
    let t = s.trim();
    let digits = t
        .strip_prefix("IMO")
        .or_else(|| t.strip_prefix("imo"))
        .unwrap_or(t)
        .trim();
    if digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits.to_string())
    } else {
        Err(err(
            path,
            format!("expected a 7-digit IMO number, found {s:?}"),
        ))
    }
}

fn claim(v: &Value, path: &str) -> Result<ExemptionClaim, ShipmentError> {
    let o = Obj::new(v, path)?;
    let kind = o
        .string("kind")?
        .ok_or_else(|| err(o.field("kind"), "is missing (which exemption is claimed)"))?;
    Ok(ExemptionClaim {
        kind,
        reference: o.string("reference")?,
        evidence: o.string("evidence")?,
        notice_date: o.date("notice_date")?,
        civil_passenger_aircraft: o.boolean("civil_passenger_aircraft")?,
        fuelling_country: o.country("fuelling_country")?,
        return_flight_only: o.boolean("return_flight_only")?,
        spare_parts: o.boolean("spare_parts")?,
        aircraft_in_use: o.boolean("aircraft_in_use")?,
    })
}

impl Shipment {
    /// Parse a shipment from JSON text.
    pub fn from_json(text: &str) -> Result<Shipment, ShipmentError> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| err("$", format!("not valid JSON: {e}")))?;
        Self::from_value(&v)
    }

    /// Parse a shipment from a JSON value (one line of a JSON-lines batch).
    pub fn from_value(v: &Value) -> Result<Shipment, ShipmentError> {
        let o = Obj::new(v, "$")?;
        let direction = match o.string("direction")? {
            None => None,
            Some(s) => match s.to_ascii_lowercase().as_str() {
                "import" => Some(Direction::Import),
                "export" => Some(Direction::Export),
                _ => {
                    return Err(err(
                        "direction",
                        format!("expected \"import\" or \"export\", found {s:?}"),
                    ));
                }
            },
        };
        let hs_code = match o.get("hs_code") {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(
                HsCode::parse(s)
                    .ok_or_else(|| err("hs_code", format!("expected 2 to 12 digits with optional dots or spaces (e.g. \"2701.12\"), found {s:?}")))?,
            ),
            Some(Value::Number(n)) => {
                return Err(err("hs_code", format!("expected a string (leading zeros matter, e.g. \"0302\"), found number {n}")));
            }
            Some(other) => return Err(err("hs_code", format!("expected a string, found {}", kind(other)))),
        };
        let mut route = Vec::new();
        for key in ["route", "ports"] {
            for (i, p) in o.array(key)?.iter().enumerate() {
                route.push(route_point(p, &format!("{key}[{i}]"))?);
            }
        }
        let parties = o
            .array("parties")?
            .iter()
            .enumerate()
            .map(|(i, p)| party(p, &format!("parties[{i}]")))
            .collect::<Result<_, _>>()?;
        let vessel = match o.get("vessel") {
            None => None,
            Some(v) => {
                let vo = Obj::new(v, "vessel")?;
                let imo = match vo.get("imo") {
                    None => None,
                    Some(Value::String(s)) if s.trim().is_empty() => None,
                    Some(Value::String(s)) => Some(imo(s, "vessel.imo")?),
                    Some(Value::Number(n)) => Some(imo(&n.to_string(), "vessel.imo")?),
                    Some(other) => {
                        return Err(err(
                            "vessel.imo",
                            format!("expected a string, found {}", kind(other)),
                        ));
                    }
                };
                let name = vo.string("name")?;
                if name.is_none() && imo.is_none() {
                    return Err(err("vessel", "needs a name or an imo"));
                }
                Some(Vessel {
                    name,
                    imo,
                    flag: vo.country("flag")?,
                })
            }
        };
        let goods_condition = match o.string("goods_condition")? {
            None => None,
            Some(s) => match s.to_ascii_lowercase().as_str() {
                c @ ("new" | "used") => Some(c.to_string()),
                _ => {
                    return Err(err(
                        "goods_condition",
                        format!("expected \"new\" or \"used\", found {s:?}"),
                    ));
                }
            },
        };
        Ok(Shipment {
            date: o.date("date")?,
            direction,
            origin: o.country("origin")?,
            destination: o.country("destination")?,
            route,
            hs_code,
            quantity: o.amount("quantity")?,
            unit: o.string("unit")?,
            value: o.amount("value")?,
            currency: o.string("currency")?,
            parties,
            vessel,
            purpose: o.string("purpose")?,
            goods_condition,
            contract_date: o.date("contract_date")?,
            no_programme_revenue: o.boolean("no_programme_revenue")?,
            exemptions: o
                .array("exemptions")?
                .iter()
                .enumerate()
                .map(|(i, c)| claim(c, &format!("exemptions[{i}]")))
                .collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_issue_example() {
        let s = Shipment::from_json(
            r#"{"date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn",
               "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
               "parties": [{"schema": "Organization", "name": "Example Trading"}],
               "vessel": {"name": "EXAMPLE", "imo": "IMO 1234567"},
               "purpose": "power generation", "exemptions": [{"kind": "livelihood", "evidence": "letter 17/3"}],
               "extra_field": {"kept": "ignored"}}"#,
        )
        .expect("valid");
        assert_eq!(s.date, "2017-03-01".parse().ok());
        assert_eq!(s.direction, Some(Direction::Import));
        assert_eq!(s.hs_code.as_ref().map(|h| h.digits()), Some("270112"));
        assert_eq!(
            s.vessel.as_ref().and_then(|v| v.imo.as_deref()),
            Some("1234567")
        );
        assert_eq!(s.exemptions[0].evidence_reference(), Some("letter 17/3"));
    }

    #[test]
    fn precise_errors() {
        let cases = [
            ("[1]", "shipment: $: expected an object, found an array"),
            (
                "{\"date\": \"2017-13-01\"}",
                "shipment: date: expected an ISO date YYYY-MM-DD, found \"2017-13-01\"",
            ),
            (
                "{\"direction\": \"both\"}",
                "shipment: direction: expected \"import\" or \"export\", found \"both\"",
            ),
            (
                "{\"hs_code\": 2701}",
                "shipment: hs_code: expected a string (leading zeros matter, e.g. \"0302\"), found number 2701",
            ),
            (
                "{\"quantity\": -5}",
                "shipment: quantity: must be zero or more, found -5",
            ),
            (
                "{\"quantity\": \"5\"}",
                "shipment: quantity: expected a number, found string \"5\"",
            ),
            (
                "{\"origin\": \"North Korea\"}",
                "shipment: origin: expected an ISO 3166-1 alpha-2 country code like \"cn\", found \"North Korea\"",
            ),
            (
                "{\"parties\": [{\"name\": \"A\"}, {\"name\": 5}]}",
                "shipment: parties[1].name: expected a string, found number 5",
            ),
            (
                "{\"vessel\": {\"imo\": \"12\"}}",
                "shipment: vessel.imo: expected a 7-digit IMO number, found \"12\"",
            ),
            (
                "{\"exemptions\": [{\"reference\": \"x\"}]}",
                "shipment: exemptions[0].kind: is missing (which exemption is claimed)",
            ),
            (
                "{\"exemptions\": [{\"kind\": \"rajin-transit\", \"notice_date\": \"soon\"}]}",
                "shipment: exemptions[0].notice_date: expected an ISO date YYYY-MM-DD, found \"soon\"",
            ),
        ];
        for (json, msg) in cases {
            assert_eq!(Shipment::from_json(json).expect_err(json).to_string(), msg);
        }
    }

    #[test]
    fn route_forms() {
        let s = Shipment::from_json(
            r#"{"route": ["KPNJN", "Dalian"], "ports": [{"name": "Rajin", "country": "KP"}]}"#,
        )
        .expect("ok");
        assert_eq!(s.route.len(), 3);
        assert_eq!(s.route[0].country.as_deref(), Some("kp"));
        assert_eq!(s.route[1].name.as_deref(), Some("Dalian"));
        assert_eq!(s.route[2].country.as_deref(), Some("kp"));
    }
}
