//! Screening: the loaded lists, an index over them, and the result shape
//! every front end prints.

use crate::{Error, Result, read_file, sha256_hex};
use embargo_matching::{Explanation, Index, Query, SearchOptions};
use embargo_model::{Entity, SourceKind};
use embargo_sources::InputFile;
use embargo_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Which publication of a list a screening used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadedList {
    /// The list.
    pub source: SourceKind,
    /// Snapshot id in the store, `None` for a file given with `--list`.
    pub snapshot: Option<i64>,
    /// SHA-256 of the publication.
    pub sha256: String,
    /// The list's publication date.
    pub published: Option<String>,
    /// Entities loaded.
    pub entities: usize,
}

/// A designation as printed in results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DesignationOut {
    /// List kind (`un_sc`, `us_ofac_sdn`...).
    pub source: SourceKind,
    /// Designating authority.
    pub authority: String,
    /// The authority's reference.
    pub reference: String,
    /// Regime / programme (programmes joined by `, ` when several).
    pub regime: String,
    /// Date listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// UN reference cited by a national record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub un_reference: Option<String>,
}

/// One hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultRow {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Schema.
    pub schema: String,
    /// Score in `[0, 1]`.
    pub score: f32,
    /// `score >= threshold`.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// The listed name that matched best.
    pub matched_name: String,
    /// The entity's designations.
    pub designations: Vec<DesignationOut>,
    /// Per-feature explanations.
    pub explanations: Vec<Explanation>,
}

/// The screening engine over a set of loaded lists.
pub struct Screener {
    index: Index,
    lists: Vec<LoadedList>,
    by_id: std::collections::HashMap<String, usize>,
}

fn designations(e: &Entity) -> Vec<DesignationOut> {
    e.designations
        .iter()
        .map(|d| DesignationOut {
            source: d.source,
            authority: d.authority.clone(),
            reference: d.reference.clone(),
            regime: d.programs.join(", "),
            listed_on: d.listed_on.clone(),
            un_reference: d.un_reference.as_ref().map(|r| r.to_string()),
        })
        .collect()
}

impl Screener {
    /// Builds a screener over entities.
    pub fn new(entities: Vec<Entity>, lists: Vec<LoadedList>) -> Screener {
        let index = Index::build(entities);
        let by_id = index
            .entities()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Screener {
            index,
            lists,
            by_id,
        }
    }

    /// Loads the active snapshots of the store (importing the bundled UN
    /// list first if the store has no UN snapshot).
    pub fn from_store(store: &mut Store) -> Result<Screener> {
        crate::bundled::ensure_default(store)?;
        let mut entities = Vec::new();
        let mut lists = Vec::new();
        for s in store.active_snapshots()? {
            let es = store.entities(s.id)?;
            lists.push(LoadedList {
                source: s.source,
                snapshot: Some(s.id),
                sha256: s.sha256.clone(),
                published: s.published.clone(),
                entities: es.len(),
            });
            entities.extend(es);
        }
        Ok(Screener::new(entities, lists))
    }

    /// Loads list files directly (`--list kind:path`), bypassing the store.
    pub fn from_files(files: &[(SourceKind, &Path)]) -> Result<Screener> {
        let mut entities = Vec::new();
        let mut lists = Vec::new();
        for (kind, path) in files {
            let bytes = read_file(path)?;
            let name = path.display().to_string();
            let parsed = embargo_sources::parse(*kind, &[InputFile::new(&name, &bytes)])?;
            lists.push(LoadedList {
                source: *kind,
                snapshot: None,
                sha256: sha256_hex(&bytes),
                published: parsed.published.clone(),
                entities: parsed.entities.len(),
            });
            entities.extend(parsed.entities);
        }
        Ok(Screener::new(entities, lists))
    }

    /// The lists loaded.
    pub fn lists(&self) -> &[LoadedList] {
        &self.lists
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Screens one query.
    pub fn screen(&self, q: &Query, opts: &SearchOptions) -> Vec<ResultRow> {
        self.rows(self.index.search(q, opts))
    }

    /// Screens one query against every entity (no candidate generation).
    pub fn screen_exhaustive(&self, q: &Query, opts: &SearchOptions) -> Vec<ResultRow> {
        self.rows(self.index.search_exhaustive(q, opts))
    }

    fn rows(&self, hits: Vec<embargo_matching::Hit>) -> Vec<ResultRow> {
        hits.into_iter()
            .map(|h| {
                let e = &self.index.entities()[h.entity];
                ResultRow {
                    id: e.id.clone(),
                    caption: e.caption().to_string(),
                    schema: e.schema.to_string(),
                    score: (h.scored.score * 10_000.0).round() / 10_000.0,
                    is_match: h.is_match,
                    matched_name: h.scored.matched_name,
                    designations: designations(e),
                    explanations: h.scored.explanations,
                }
            })
            .collect()
    }

    /// Looks up an entity by id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.index.entities()[i])
    }
}

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

/// Screens a batch in parallel, preserving input order. `progress` is
/// called with the number of items done so far (from worker threads).
pub fn screen_batch(
    screener: &Screener,
    items: &[BatchItem],
    opts: &SearchOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<serde_json::Value> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    items
        .par_iter()
        .map(|item| {
            let v = match &item.query {
                Ok(q) => serde_json::json!({"id": item.id, "results": screener.screen(q, opts)}),
                Err(e) => serde_json::json!({"id": item.id, "error": e}),
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) || n == items.len() {
                progress(n);
            }
            v
        })
        .collect()
}
