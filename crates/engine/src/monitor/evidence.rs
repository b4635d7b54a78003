//! Fingerprints of the two sides of a pair: one hash per matching field, so
//! that an alert or an accepted pair can tell which side and which field
//! changed, and an evidence hash over both.

use crate::{Entity, prop};
use embargo_matching::Query;
use embargo_store::FieldPrints;
use embargo_store::audit::sha256_hex;
use std::collections::BTreeMap;

fn hash_values<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let mut v: Vec<String> = values
        .into_iter()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    v.sort();
    v.dedup();
    sha256_hex(&v.join("\u{1f}"))
}

fn put<'a>(
    out: &mut BTreeMap<String, String>,
    field: &str,
    values: impl IntoIterator<Item = &'a str>,
) {
    let mut values = values.into_iter().peekable();
    if values.peek().is_some() {
        out.insert(field.to_string(), hash_values(values));
    }
}

/// The customer's matching fields, as the matcher reads them: names, birth
/// dates, countries, gender, identifiers (each identifier property apart).
pub fn customer_prints(q: &Query) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    put(&mut out, "name", q.names.iter().map(String::as_str));
    put(
        &mut out,
        prop::BIRTH_DATE,
        q.birth_dates.iter().map(String::as_str),
    );
    put(&mut out, "country", q.countries.iter().map(String::as_str));
    put(&mut out, prop::GENDER, q.gender.as_deref());
    let mut ids: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (p, v) in &q.identifiers {
        ids.entry(p.as_str()).or_default().push(v.as_str());
    }
    for (p, vs) in ids {
        put(&mut out, p, vs);
    }
    out
}

/// The listed target's matching fields over all its records: names, birth
/// dates, countries, identifiers, and its designations (list, reference,
/// programmes, listing date).
pub fn target_prints(records: &[&Entity]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let all = |p: &'static str| {
        records
            .iter()
            .flat_map(move |e| e.get(p).iter().map(String::as_str))
    };
    put(
        &mut out,
        "name",
        records.iter().flat_map(|e| e.names().map(|(_, n)| n)),
    );
    put(&mut out, prop::BIRTH_DATE, all(prop::BIRTH_DATE));
    put(
        &mut out,
        "country",
        [prop::NATIONALITY, prop::CITIZENSHIP, prop::COUNTRY]
            .into_iter()
            .flat_map(all),
    );
    put(&mut out, prop::GENDER, all(prop::GENDER));
    for p in prop::IDENTIFIER_PROPS {
        put(&mut out, p, all(p));
    }
    let designations: Vec<String> = records
        .iter()
        .flat_map(|e| {
            e.designations.iter().map(|d| {
                format!(
                    "{}|{}|{}|{}",
                    d.source,
                    d.reference,
                    d.programs.join(","),
                    d.listed_on.as_deref().unwrap_or("")
                )
            })
        })
        .collect();
    put(
        &mut out,
        "designations",
        designations.iter().map(String::as_str),
    );
    out
}

/// The evidence hash of a pair: equal hashes mean the same matching
/// fields on both sides.
pub fn evidence(f: &FieldPrints) -> String {
    sha256_hex(&serde_json::json!([f.customer, f.target]).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_hash_ignores_order_case_and_duplicates() {
        assert_eq!(
            hash_values(["Ivan", "PETROV"]),
            hash_values(["petrov", "ivan", "Ivan"])
        );
        assert_ne!(hash_values(["Ivan"]), hash_values(["Iwan"]));
    }

    #[test]
    fn changed_field_is_named() {
        let mut q = Query::name("Ivan Petrov");
        q.birth_dates.push("1970-01-01".into());
        let a = FieldPrints {
            customer: customer_prints(&q),
            target: BTreeMap::new(),
        };
        q.birth_dates[0] = "1971-01-01".into();
        let b = FieldPrints {
            customer: customer_prints(&q),
            target: BTreeMap::new(),
        };
        assert_ne!(evidence(&a), evidence(&b));
        assert_eq!(b.changes_since(&a), "customer changed birthDate");
    }
}
