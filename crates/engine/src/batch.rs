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

/// One usable line of an input file (batch queries or register records):
/// what it says, not yet checked as a query.
#[derive(Debug, Clone)]
pub struct InputRow {
    /// Line number in the file (1-based; a CSV record's first line).
    pub line: usize,
    /// The `id` given, if any.
    pub id: Option<serde_json::Value>,
    /// Schema name.
    pub schema: Option<String>,
    /// FtM properties.
    pub properties: BTreeMap<String, Vec<String>>,
    /// Expected references (evaluation files only).
    pub expect: Option<Vec<String>>,
}

/// A line that could not be read as a row.
#[derive(Debug, Clone)]
pub struct RowError {
    /// Line number.
    pub line: usize,
    /// The `id` the line carries, when it can be read.
    pub id: Option<serde_json::Value>,
    /// What is wrong, starting with `line N:`.
    pub message: String,
}

/// Reads an input file of rows: JSON lines (one object a line, with `id`,
/// `schema`, `properties`) or CSV with a header (`id,schema,name,birth_date,
/// nationality,...`; snake_case columns map to FtM properties, `full_name`
/// to `name`, `date_of_birth` to `birthDate`). Every line comes back, read
/// or with its error.
pub fn read_rows(path: &Path) -> Result<Vec<std::result::Result<InputRow, RowError>>> {
    read_rows_from(path, &read_file(path)?)
}

/// [`read_rows`] on bytes already read (`path` names them in errors).
pub fn read_rows_from(
    path: &Path,
    bytes: &[u8],
) -> Result<Vec<std::result::Result<InputRow, RowError>>> {
    let text = String::from_utf8_lossy(bytes);
    // Content decides: a file starting with `{` is JSON lines whatever its name.
    let is_csv = !text.trim_start().starts_with('{');
    if is_csv {
        read_csv_rows(path, text.as_bytes())
    } else {
        Ok(read_jsonl_rows(&text))
    }
}

/// Reads a batch file (see [`read_rows`]). Bad lines become items with an
/// error; nothing is dropped.
pub fn read_batch(path: &Path) -> Result<Vec<BatchItem>> {
    Ok(read_rows(path)?.into_iter().map(batch_item).collect())
}

/// Parses JSON lines into batch items.
pub fn read_jsonl_batch(text: &str) -> Vec<BatchItem> {
    read_jsonl_rows(text).into_iter().map(batch_item).collect()
}

fn batch_item(row: std::result::Result<InputRow, RowError>) -> BatchItem {
    match row {
        Ok(r) => BatchItem {
            id: r.id.unwrap_or_else(|| r.line.into()),
            query: Query::from_properties(r.schema.as_deref(), &r.properties)
                .map_err(|e| format!("line {}: {e}", r.line)),
            expect: r.expect,
        },
        Err(e) => BatchItem {
            id: e.id.unwrap_or_else(|| e.line.into()),
            query: Err(e.message),
            expect: None,
        },
    }
}

fn read_jsonl_rows(text: &str) -> Vec<std::result::Result<InputRow, RowError>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let lineno = i + 1;
        out.push(match serde_json::from_str::<QueryLine>(line) {
            Ok(ql) => Ok(InputRow {
                line: lineno,
                id: ql.id,
                schema: ql.schema,
                properties: ql.properties,
                expect: ql.expect,
            }),
            Err(e) => Err(RowError {
                line: lineno,
                id: serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").cloned()),
                message: format!("line {lineno}: not a query object: {e}"),
            }),
        });
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

fn read_csv_rows(
    path: &Path,
    bytes: &[u8],
) -> Result<Vec<std::result::Result<InputRow, RowError>>> {
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
                out.push(Err(RowError {
                    line: lineno,
                    id: None,
                    message: format!("line {lineno}: {e}"),
                }));
                continue;
            }
        };
        let mut props: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut id = None;
        let mut schema = None;
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match h.as_str() {
                "id" => id = Some(v.into()),
                "schema" => schema = Some(v.to_string()),
                "fullName" => props.entry("name".into()).or_default().push(v.into()),
                "dateOfBirth" => props.entry("birthDate".into()).or_default().push(v.into()),
                other => props.entry(other.to_string()).or_default().push(v.into()),
            }
        }
        out.push(Ok(InputRow {
            line: lineno,
            id,
            schema,
            properties: props,
            expect: None,
        }));
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
