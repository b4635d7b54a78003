//! Reading a register file (CSV or JSON lines in the screening contract,
//! with a required stable `id`) into customer records, every problem
//! reported with its line and field.

use crate::batch::read_rows_from;
use crate::{Error, Result};
use embargo_matching::{Query, QueryError};
use embargo_store::CustomerRecord;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// One bad row of a register file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// Line (1-based; a CSV record's first line).
    pub line: usize,
    /// The field concerned (`id`, `schema`, `name`, `birthDate`...).
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, field {}: {}",
            self.line, self.field, self.message
        )
    }
}

fn field_of(e: &QueryError) -> &'static str {
    match e {
        QueryError::BadDate(_) => "birthDate",
        QueryError::BadCountry(_) => "nationality",
        QueryError::BadSchema(_) => "schema",
        _ => "name",
    }
}

/// Reads a register file: the good records, and the problems of the bad
/// rows (missing or duplicate id, unusable names, dates, countries, schema).
pub fn read_register(path: &Path, bytes: &[u8]) -> Result<(Vec<CustomerRecord>, Vec<RowProblem>)> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in read_rows_from(path, bytes)? {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                problems.push(RowProblem {
                    line: e.line,
                    field: "(line)".into(),
                    message: e
                        .message
                        .trim_start_matches(&format!("line {}: ", e.line))
                        .to_string(),
                });
                continue;
            }
        };
        let id = match &row.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                problems.push(RowProblem {
                    line: row.line,
                    field: "id".into(),
                    message:
                        "missing: every register record needs a stable `id` (a string or number)"
                            .into(),
                });
                continue;
            }
        };
        if let Some(first) = seen.insert(id.clone(), row.line) {
            problems.push(RowProblem {
                line: row.line,
                field: "id".into(),
                message: format!("duplicate id {id:?} (first on line {first})"),
            });
            continue;
        }
        // The matcher accepts any digits as a date prefix; a register record
        // must name a real day.
        if let Some(bad) = row
            .properties
            .get("birthDate")
            .into_iter()
            .flatten()
            .find(|d| {
                d.trim().len() == 10
                    && chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").is_err()
            })
        {
            problems.push(RowProblem {
                line: row.line,
                field: "birthDate".into(),
                message: format!(
                    "{bad:?} is not a calendar date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
                ),
            });
            continue;
        }
        if let Err(e) = Query::from_properties(row.schema.as_deref(), &row.properties) {
            problems.push(RowProblem {
                line: row.line,
                field: field_of(&e).into(),
                message: e.to_string(),
            });
            continue;
        }
        let mut properties = row.properties;
        for v in properties.values_mut() {
            v.retain(|s| !s.trim().is_empty());
        }
        properties.retain(|_, v| !v.is_empty());
        records.push(CustomerRecord {
            id,
            schema: row.schema.unwrap_or_default(),
            properties,
        });
    }
    if records.is_empty() && problems.is_empty() {
        return Err(Error::Invalid {
            message: format!("{}: no records", path.display()),
            at: None,
        });
    }
    Ok((records, problems))
}
