//! Batch screening: reading query files (JSON lines or CSV) and screening
//! them in parallel, one typed result per input line.

use crate::screen::{ResultRow, ScreenOptions, Screener};
use crate::{Error, Result, read_file};
use embargo_matching::Query;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// One line of a batch input.
#[derive(Debug, Clone, Deserialize)]
pub struct QueryLine {
    /// Caller's id, echoed in the output.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// Schema name.
    #[serde(default)]
    pub schema: Option<String>,
    /// FtM properties.
    #[serde(default)]
    pub properties: BTreeMap<String, Vec<String>>,
    /// Expected references (evaluation files only).
    #[serde(default)]
    pub expect: Option<Vec<String>>,
}

/// A parsed batch item: its id and either a query or an error message.
#[derive(Debug, Clone)]
pub struct BatchItem {
    /// Id to echo (the input's, or the line number).
    pub id: serde_json::Value,
    /// The query, or why the line is unusable.
    pub query: std::result::Result<Query, String>,
    /// Expected references, for evaluation.
    pub expect: Option<Vec<String>>,
}

/// Reads a batch file: JSON lines (one query object a line) or CSV with a
/// header (`id,schema,name,birth_date,nationality,...`; snake_case columns
/// map to FtM properties). Bad lines become items with an error; nothing is
/// dropped.
pub fn read_batch(path: &Path) -> Result<Vec<BatchItem>> {
    let bytes = read_file(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        || !text.trim_start().starts_with('{');
    if is_csv {
        read_csv_batch(path, text.as_bytes())
    } else {
        Ok(read_jsonl_batch(&text))
    }
}

/// Parses JSON lines into batch items.
pub fn read_jsonl_batch(text: &str) -> Vec<BatchItem> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let lineno = i + 1;
        match serde_json::from_str::<QueryLine>(line) {
            Ok(ql) => {
                let id = ql.id.clone().unwrap_or_else(|| lineno.into());
                let query = Query::from_properties(ql.schema.as_deref(), &ql.properties)
                    .map_err(|e| format!("line {lineno}: {e}"));
                out.push(BatchItem {
                    id,
                    query,
                    expect: ql.expect,
                });
            }
            Err(e) => {
                let id = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").cloned())
                    .unwrap_or_else(|| lineno.into());
                out.push(BatchItem {
                    id,
                    query: Err(format!("line {lineno}: not a query object: {e}")),
                    expect: None,
                });
            }
        }
    }
    out
}

fn camel(col: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in col.trim().chars() {
        if c == '_' || c == ' ' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn read_csv_batch(path: &Path, bytes: &[u8]) -> Result<Vec<BatchItem>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?
        .iter()
        .map(camel)
        .collect();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let lineno = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(BatchItem {
                    id: lineno.into(),
                    query: Err(format!("line {lineno}: {e}")),
                    expect: None,
                });
                continue;
            }
        };
        let mut props: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut id = serde_json::Value::from(lineno);
        let mut schema = None;
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match h.as_str() {
                "id" => id = v.into(),
                "schema" => schema = Some(v.to_string()),
                "fullName" => props.entry("name".into()).or_default().push(v.into()),
                "dateOfBirth" => props.entry("birthDate".into()).or_default().push(v.into()),
                other => props.entry(other.to_string()).or_default().push(v.into()),
            }
        }
        let query = Query::from_properties(schema.as_deref(), &props)
            .map_err(|e| format!("line {lineno}: {e}"));
        out.push(BatchItem {
            id,
            query,
            expect: None,
        });
    }
    Ok(out)
}

/// The result of one batch item: its id and either its rows or why the
/// line could not be screened. Serialised as `{"id", "results"}` or
/// `{"id", "error"}`, one JSON line per input line.
#[derive(Debug, Clone, Serialize)]
pub struct BatchResult {
    /// The input's id, or its line number.
    pub id: serde_json::Value,
    /// Rows, or the error.
    #[serde(flatten)]
    pub outcome: BatchOutcome,
}

/// Rows of a screened item, or the error of an unusable one.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BatchOutcome {
    /// The item was screened.
    Results(Vec<ResultRow>),
    /// The item could not be screened.
    Error(String),
}

impl BatchResult {
    /// Whether a row is a `match`.
    pub fn is_match(&self) -> bool {
        matches!(&self.outcome, BatchOutcome::Results(r) if r.iter().any(|r| r.is_match))
    }

    /// Whether the item was unusable.
    pub fn is_error(&self) -> bool {
        matches!(self.outcome, BatchOutcome::Error(_))
    }
}

/// Turns JSON query objects (the `queries` array of an HTTP batch) into
/// batch items; an item that is not a query object is kept with its error,
/// named `queries[i]`.
pub fn items_from_values(queries: Vec<serde_json::Value>) -> Vec<BatchItem> {
    queries
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let id = v.get("id").cloned().unwrap_or_else(|| i.into());
            match serde_json::from_value::<QueryLine>(v) {
                Ok(ql) => BatchItem {
                    id,
                    query: Query::from_properties(ql.schema.as_deref(), &ql.properties)
                        .map_err(|e| format!("queries[{i}]: {e}")),
                    expect: None,
                },
                Err(e) => BatchItem {
                    id,
                    query: Err(format!("queries[{i}]: not a query object: {e}")),
                    expect: None,
                },
            }
        })
        .collect()
}

/// Screens a batch in parallel, preserving input order. `progress` is
/// called with the number of items done so far (from worker threads).
pub fn screen_batch(
    screener: &Screener,
    items: &[BatchItem],
    opts: &ScreenOptions<'_>,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<BatchResult> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    items
        .par_iter()
        .map(|item| {
            let outcome = match &item.query {
                Ok(q) => BatchOutcome::Results(screener.screen_with(q, opts)),
                Err(e) => BatchOutcome::Error(e.clone()),
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) || n == items.len() {
                progress(n);
            }
            BatchResult {
                id: item.id.clone(),
                outcome,
            }
        })
        .collect()
}
