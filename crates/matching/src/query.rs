//! Screening queries.

use embargo_model::{Schema, country, prop};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A screening query: what is known about the party being screened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Schema of the party, if known (`Person`, `Organization`, `Vessel`...).
    pub schema: Option<Schema>,
    /// Names (at least one).
    pub names: Vec<String>,
    /// Birth dates as ISO prefixes (`1984`, `1984-01-08`).
    pub birth_dates: Vec<String>,
    /// Countries (nationality, citizenship, residence, registration) as ISO codes.
    pub countries: Vec<String>,
    /// `male` / `female`.
    pub gender: Option<String>,
    /// Identifiers by FtM property (`passportNumber`, `imoNumber`...).
    pub identifiers: Vec<(String, String)>,
}

/// Why a query is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// No name and no identifier to search by.
    #[error("the query has no name (property `name`) and no identifier to search by")]
    Empty,
    /// A birth date that is not an ISO date or year.
    #[error("birth date `{0}` is not an ISO date (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate(String),
    /// A country that is not an ISO code or known country name.
    #[error("country `{0}` is not a known country name or ISO code")]
    BadCountry(String),
    /// A schema name that is unknown.
    #[error("{0}")]
    BadSchema(String),
}

const COUNTRY_PROPS: [&str; 5] = [
    prop::NATIONALITY,
    prop::CITIZENSHIP,
    prop::COUNTRY,
    prop::JURISDICTION,
    prop::FLAG,
];

/// Normalises an ISO date prefix, `None` when it is not one.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t.split('T').next().unwrap_or(t);
    let parts: Vec<&str> = t.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => y.len() == 4,
        [y, m] => y.len() == 4 && m.len() == 2,
        [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
        _ => false,
    } && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| t.to_string())
}

impl Query {
    /// A query for one name.
    pub fn name(name: &str) -> Query {
        Query {
            names: vec![name.to_string()],
            ..Query::default()
        }
    }

    /// Builds a query from a schema name and FtM properties, as in yente's
    /// `/match` body and embargo's JSONL input. Unknown properties are
    /// ignored; bad dates or countries are errors.
    pub fn from_properties(
        schema: Option<&str>,
        properties: &BTreeMap<String, Vec<String>>,
    ) -> Result<Query, QueryError> {
        let mut q = Query {
            schema: match schema {
                Some(s) if !s.trim().is_empty() => Some(
                    s.parse::<Schema>()
                        .map_err(|e| QueryError::BadSchema(e.to_string()))?,
                ),
                _ => None,
            },
            ..Query::default()
        };
        for (k, vals) in properties {
            for v in vals.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                match k.as_str() {
                    prop::NAME | prop::ALIAS | prop::WEAK_ALIAS | prop::PREVIOUS_NAME => {
                        q.names.push(v.to_string())
                    }
                    prop::BIRTH_DATE => {
                        q.birth_dates
                            .push(iso_date(v).ok_or_else(|| QueryError::BadDate(v.to_string()))?);
                    }
                    p if COUNTRY_PROPS.contains(&p) => {
                        let code = country::code(v)
                            .ok_or_else(|| QueryError::BadCountry(v.to_string()))?;
                        if !q.countries.iter().any(|c| c == code) {
                            q.countries.push(code.to_string());
                        }
                    }
                    prop::GENDER => q.gender = Some(v.to_ascii_lowercase()),
                    p if prop::IDENTIFIER_PROPS.contains(&p) => {
                        q.identifiers.push((p.to_string(), v.to_string()))
                    }
                    _ => {}
                }
            }
        }
        // firstName/lastName without a full name: join them.
        if q.names.is_empty() {
            let parts: Vec<&str> = [prop::FIRST_NAME, prop::MIDDLE_NAME, prop::LAST_NAME]
                .iter()
                .filter_map(|p| properties.get(*p).and_then(|v| v.first()))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            if !parts.is_empty() {
                q.names.push(parts.join(" "));
            }
        }
        q.validate()?;
        Ok(q)
    }

    /// Checks that there is something to search by.
    pub fn validate(&self) -> Result<(), QueryError> {
        if self.names.iter().all(|n| n.trim().is_empty()) && self.identifiers.is_empty() {
            return Err(QueryError::Empty);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_ftm_properties() {
        let mut p = BTreeMap::new();
        p.insert("name".to_string(), vec!["Kim Jong Un".to_string()]);
        p.insert("birthDate".to_string(), vec!["1984-01-08".to_string()]);
        p.insert("nationality".to_string(), vec!["KP".to_string()]);
        p.insert("passportNumber".to_string(), vec!["123".to_string()]);
        let q = Query::from_properties(Some("Person"), &p).expect("valid");
        assert_eq!(q.schema, Some(Schema::Person));
        assert_eq!(q.countries, ["kp"]);
        assert_eq!(q.identifiers.len(), 1);
        p.insert("birthDate".to_string(), vec!["8 Jan 1984".to_string()]);
        assert!(matches!(
            Query::from_properties(None, &p),
            Err(QueryError::BadDate(_))
        ));
        assert_eq!(
            Query::from_properties(None, &BTreeMap::new()),
            Err(QueryError::Empty)
        );
    }
}
