//! `POST /match/{dataset}`: yente's matching API.
//!
//! Request: `{"queries": {"key": {"schema": "Person", "properties": {"name": [...]}}}}`
//! (other top-level keys such as `weights` and `config` are ignored), query
//! parameters `threshold`, `cutoff`, `limit`, `algorithm`, `include_dataset`,
//! `exclude_dataset`, `exclude_schema`, `topics`, `changed_since`,
//! `exclude_entity_ids`, and embargo's `profile`. Response: yente's
//! `{"responses": {key: {"status", "results", "total", "query"}}, "limit"}`
//! plus `"embargo"`: what produced it.

use crate::common::{self, ALGORITHM, json_body, num, provenance, query_pairs};
use crate::state::Loaded;
use crate::{Actor, ApiError, AppState};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::IntoResponse;
use embargo::profiles::Profile;
use embargo::receipts;
use embargo::screen::{ResultRow, ScreenOptions};
use embargo::{Query, SearchOptions, SourceKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A property value: yente sends lists, some clients a single string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Values {
    One(String),
    Many(Vec<String>),
}

impl Values {
    fn into_vec(self) -> Vec<String> {
        match self {
            Values::One(s) => vec![s],
            Values::Many(v) => v,
        }
    }
}

/// An entity example (yente's `EntityExample`).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Example {
    #[serde(default)]
    id: Option<String>,
    schema: String,
    #[serde(default)]
    properties: BTreeMap<String, Values>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MatchBody {
    queries: BTreeMap<String, Example>,
}

/// OpenSanctions dataset names that are one of embargo's sources.
fn dataset(name: &str) -> Option<SourceKind> {
    let n = name.trim().to_ascii_lowercase();
    let alias = match n.as_str() {
        "un_sc_sanctions" => "un_sc",
        "gb_hmt_sanctions" | "gb_fcdo_sanctions" => "gb_ofsi",
        "jp_mof_sanctions" => "jp_mof",
        "ca_dfatd_sema_sanctions" => "ca_sema",
        "au_dfat_sanctions" => "au_dfat",
        "us_trade_csl" => "us_csl",
        "us_ofac_cons" | "us_ofac_sdn" => n.as_str(),
        other => other,
    };
    alias.parse().ok()
}

fn is_collection(name: &str) -> bool {
    matches!(
        name.trim().to_ascii_lowercase().as_str(),
        "all" | "default" | "sanctions"
    )
}

/// The parsed query parameters.
struct Params {
    search: SearchOptions,
    algorithm: Option<String>,
    profile: String,
    include: Vec<String>,
    exclude: Vec<String>,
    exclude_schema: BTreeSet<String>,
    topics: Vec<String>,
    changed_since: Option<String>,
    exclude_ids: BTreeSet<String>,
}

fn params(raw: Option<&str>, max_limit: usize) -> Result<Params, ApiError> {
    let mut p = Params {
        search: SearchOptions {
            limit: 5,
            ..SearchOptions::default()
        },
        algorithm: None,
        profile: "all".into(),
        include: Vec::new(),
        exclude: Vec::new(),
        exclude_schema: BTreeSet::new(),
        topics: Vec::new(),
        changed_since: None,
        exclude_ids: BTreeSet::new(),
    };
    for (k, v) in query_pairs(raw) {
        match k.as_str() {
            "threshold" => p.search.threshold = num(&k, &v)?,
            "cutoff" => p.search.cutoff = num(&k, &v)?,
            "limit" => p.search.limit = num(&k, &v)?,
            "algorithm" => p.algorithm = Some(v),
            "profile" => p.profile = v,
            "include_dataset" => p.include.push(v),
            "exclude_dataset" => p.exclude.push(v),
            "exclude_schema" => {
                p.exclude_schema.insert(v.trim().to_ascii_lowercase());
            }
            "topics" => p.topics.push(v),
            "exclude_entity_ids" => {
                p.exclude_ids.insert(v);
            }
            "changed_since" => {
                let d = v.trim();
                let ok = d.len() >= 10 && d[..10].parse::<chrono::NaiveDate>().is_ok();
                if !ok {
                    return Err(ApiError::bad_request(
                        format!("changed_since must be an ISO date (YYYY-MM-DD...), got `{v}`"),
                        "query.changed_since",
                    ));
                }
                p.changed_since = Some(d[..10].to_string());
            }
            _ => {} // yente's other parameters (fuzzy, facets...) do not apply
        }
    }
    common::check_search(&p.search, max_limit, "query.")?;
    Ok(p)
}

/// Which sources a request may return.
struct Scope {
    allowed: BTreeSet<SourceKind>,
}

impl Scope {
    fn new(path: &str, p: &Params, idx: &Loaded) -> Result<Scope, ApiError> {
        let loaded: BTreeSet<SourceKind> = idx.screener.lists().iter().map(|l| l.source).collect();
        let names = || {
            loaded
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut allowed = if is_collection(path) {
            loaded.clone()
        } else {
            match dataset(path) {
                Some(k) if loaded.contains(&k) => BTreeSet::from([k]),
                Some(k) => {
                    return Err(ApiError::NotFound(format!(
                        "dataset `{k}` is not loaded (loaded: {}; also `all`, `default`, `sanctions`)",
                        names()
                    )));
                }
                None => {
                    return Err(ApiError::NotFound(format!(
                        "unknown dataset `{path}` (loaded: {}; also `all`, `default`, `sanctions`)",
                        names()
                    )));
                }
            }
        };
        if !p.include.is_empty() {
            let inc: BTreeSet<SourceKind> = p
                .include
                .iter()
                .flat_map(|n| {
                    if is_collection(n) {
                        loaded.iter().copied().collect::<Vec<_>>()
                    } else {
                        dataset(n).into_iter().collect()
                    }
                })
                .collect();
            allowed.retain(|k| inc.contains(k));
        }
        for n in &p.exclude {
            if let Some(k) = dataset(n) {
                allowed.remove(&k);
            }
        }
        Ok(Scope { allowed })
    }

    fn narrows(&self, idx: &Loaded) -> bool {
        idx.screener
            .lists()
            .iter()
            .any(|l| !self.allowed.contains(&l.source))
    }

    fn allows_id(&self, id: &str) -> bool {
        id.split_once(':')
            .and_then(|(s, _)| s.parse::<SourceKind>().ok())
            .is_some_and(|k| self.allowed.contains(&k))
    }
}

/// Applies scope and filters to a result row; `None` drops it.
fn filter_row(mut r: ResultRow, scope: &Scope, p: &Params) -> Option<ResultRow> {
    if p.exclude_schema.contains(&r.schema.to_ascii_lowercase()) {
        return None;
    }
    if r.records.iter().any(|rec| p.exclude_ids.contains(&rec.id)) || p.exclude_ids.contains(&r.id)
    {
        return None;
    }
    if !p.topics.is_empty() && !p.topics.iter().any(|t| t.starts_with("sanction")) {
        return None;
    }
    r.records.retain(|rec| scope.allows_id(&rec.id));
    r.designations.retain(|d| scope.allowed.contains(&d.source));
    let first = r.records.first()?;
    if first.id != r.id {
        r.id = first.id.clone();
        r.score = first.score;
    }
    if let Some(since) = &p.changed_since
        && !r
            .designations
            .iter()
            .any(|d| d.listed_on.as_deref().is_some_and(|l| l >= since.as_str()))
    {
        return None;
    }
    Some(r)
}

/// An entity's properties with yente's `topics` added, serialised from
/// the index without copying.
struct Properties<'a>(Option<&'a BTreeMap<String, Vec<String>>>);

impl Serialize for Properties<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.0.into_iter().flatten() {
            if k != "topics" {
                m.serialize_entry(k, v)?;
            }
        }
        m.serialize_entry("topics", &["sanction"])?;
        m.end()
    }
}

/// yente's result shape, with embargo's fields added. Serialised straight
/// from the result row and the index: building `serde_json::Value`s first
/// (a copy of every property) took a fifth of the server's time under load.
#[derive(Serialize)]
struct YenteResult<'a> {
    id: String,
    caption: String,
    schema: String,
    properties: Properties<'a>,
    datasets: BTreeSet<&'static str>,
    referents: Vec<String>,
    target: bool,
    first_seen: Option<()>,
    last_seen: Option<()>,
    last_change: Option<()>,
    score: f32,
    features: BTreeMap<String, f32>,
    #[serde(rename = "match")]
    is_match: bool,
    token: Option<()>,
    explanations: Vec<embargo::Explanation>,
    classification: embargo::profiles::Class,
    matched_name: String,
    records: Vec<embargo::screen::GroupedRecord>,
    designations: Vec<embargo::screen::DesignationOut>,
}

fn yente_result(r: ResultRow, idx: &Loaded) -> YenteResult<'_> {
    let entity = idx.screener.entity(&r.id);
    YenteResult {
        caption: entity.map_or(r.caption, |e| e.caption().to_string()),
        properties: Properties(entity.map(|e| &e.properties)),
        datasets: r.designations.iter().map(|d| d.source.as_str()).collect(),
        referents: r.records.iter().skip(1).map(|rec| rec.id.clone()).collect(),
        target: true,
        first_seen: None,
        last_seen: None,
        last_change: None,
        score: r.score,
        features: r
            .explanations
            .iter()
            .map(|e| (e.feature.clone(), e.score))
            .collect(),
        is_match: r.is_match,
        token: None,
        id: r.id,
        schema: r.schema,
        explanations: r.explanations,
        classification: r.classification,
        matched_name: r.matched_name,
        records: r.records,
        designations: r.designations,
    }
}

#[derive(Serialize)]
struct Total {
    value: usize,
    relation: &'static str,
}

#[derive(Serialize)]
struct Echo {
    id: Option<String>,
    schema: String,
    properties: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct Response<'a> {
    status: u16,
    results: Vec<YenteResult<'a>>,
    total: Total,
    query: Echo,
}

#[derive(Serialize)]
struct Matcher {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct MatchResponse<'a> {
    responses: BTreeMap<String, Response<'a>>,
    matcher: Matcher,
    limit: usize,
    embargo: Value,
}

/// A whole request, to a response body.
struct Job {
    queries: Vec<(String, Example, Query)>,
    p: Params,
    scope: Scope,
    profile: Profile,
    max_limit: usize,
    path: String,
    receipt: String,
}

/// A response body, and what its receipt keeps of the results.
fn run(idx: &Loaded, job: Job) -> Result<(Vec<u8>, Value), ApiError> {
    let Job {
        queries,
        p,
        scope,
        profile,
        max_limit,
        path,
        receipt,
    } = job;
    let filtering = scope.narrows(idx)
        || !p.exclude_schema.is_empty()
        || !p.exclude_ids.is_empty()
        || p.changed_since.is_some();
    let wide = SearchOptions {
        limit: if filtering {
            (p.search.limit * 4).min(max_limit.max(p.search.limit))
        } else {
            p.search.limit
        },
        ..p.search
    };
    let opts = ScreenOptions {
        search: wide,
        profile: &profile,
    };
    let mut responses = BTreeMap::new();
    let mut hits = serde_json::Map::new();
    for (key, ex, q) in queries {
        let rows: Vec<_> = idx
            .screener
            .screen_with(&q, &opts)
            .into_iter()
            .filter_map(|r| filter_row(r, &scope, &p))
            .take(p.search.limit)
            .collect();
        hits.insert(key.clone(), receipts::hits(&rows));
        let results: Vec<YenteResult<'_>> =
            rows.into_iter().map(|r| yente_result(r, idx)).collect();
        let properties = ex
            .properties
            .into_iter()
            .map(|(k, v)| (k, v.into_vec()))
            .collect();
        responses.insert(
            key,
            Response {
                status: 200,
                total: Total {
                    value: results.len(),
                    relation: "eq",
                },
                results,
                query: Echo {
                    id: ex.id,
                    schema: ex.schema,
                    properties,
                },
            },
        );
    }
    let mut prov = provenance(idx, Some(&profile.id), Some(&p.search));
    prov["algorithm_requested"] = json!(p.algorithm);
    prov["datasets"] = json!(path);
    prov["receipt"] = json!(receipt);
    let body = MatchResponse {
        responses,
        matcher: Matcher {
            name: ALGORITHM,
            version: common::VERSION,
        },
        limit: p.search.limit,
        embargo: prov,
    };
    let bytes = serde_json::to_vec(&body)
        .map_err(|e| ApiError::Internal(format!("serialising the response: {e}")))?;
    Ok((bytes, Value::Object(hits)))
}

/// `POST /match/{dataset}`.
pub(crate) async fn match_entities(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(path): Path<String>,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let cfg = state.config();
    let p = params(raw.as_deref(), cfg.max_limit)?;
    let profile = common::profile(&state, &p.profile, "query.profile")?;
    let body: MatchBody = json_body(body, cfg.max_body_bytes)?;
    if body.queries.is_empty() {
        return Err(ApiError::unprocessable(
            "`queries` is empty: give at least one entity example",
            "queries",
        ));
    }
    if body.queries.len() > cfg.max_batch {
        return Err(ApiError::PayloadTooLarge(format!(
            "{} queries in one request; the limit is {}",
            body.queries.len(),
            cfg.max_batch
        )));
    }
    let mut queries = Vec::with_capacity(body.queries.len());
    let mut asked = serde_json::Map::new();
    for (key, ex) in body.queries {
        let props: BTreeMap<String, Vec<String>> = ex
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into_vec()))
            .collect();
        let q = Query::from_properties(Some(&ex.schema), &props)
            .map_err(|e| common::query_error(e, &format!("queries.{key}.")))?;
        asked.insert(key.clone(), json!(q));
        queries.push((key, ex, q));
    }
    let idx = state.index()?;
    let scope = Scope::new(&path, &p, &idx)?;
    let mut settings = receipts::settings(&profile.id, &p.search);
    settings["algorithm"] = json!(p.algorithm);
    // Results filled in once screened; the id goes into the answer first.
    let mut draft = receipts::draft(
        &actor.name,
        "api.match",
        json!({"dataset": path, "params": raw, "queries": asked}),
        receipts::context(&idx.screener, settings),
        Value::Null,
    );
    let job = Job {
        queries,
        p,
        scope,
        profile,
        max_limit: cfg.max_limit,
        path,
        receipt: draft.id.clone(),
    };
    // One query answers on the async worker; a batch goes to the blocking pool.
    let (bytes, hits) = if job.queries.len() == 1 {
        run(&idx, job)?
    } else {
        tokio::task::spawn_blocking(move || run(&idx, job)).await??
    };
    draft.results = hits;
    state.record_receipt(draft).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn opensanctions_dataset_names_map_to_sources() {
        assert_eq!(dataset("un_sc_sanctions"), Some(SourceKind::UnSc));
        assert_eq!(dataset("us_ofac_sdn"), Some(SourceKind::UsOfacSdn));
        assert_eq!(dataset("gb_hmt_sanctions"), Some(SourceKind::GbOfsi));
        assert_eq!(dataset("nope"), None);
        assert!(is_collection("Default") && is_collection("sanctions"));
    }

    #[test]
    fn bad_parameters_are_400_or_422_naming_them() {
        let e = params(Some("limit=abc"), 500).err().unwrap();
        assert_eq!(
            (e.status().as_u16(), e.body()["error"]["where"].clone()),
            (400, json!("query.limit"))
        );
        let e = params(Some("threshold=2"), 500).err().unwrap();
        assert_eq!(e.status(), 422);
        let e = params(Some("changed_since=yesterday"), 500).err().unwrap();
        assert_eq!(e.status(), 400);
        let p = params(
            Some("include_dataset=a&include_dataset=b&exclude_schema=Vessel&algorithm=logic-v2"),
            500,
        )
        .unwrap();
        assert_eq!(p.include, vec!["a", "b"]);
        assert!(p.exclude_schema.contains("vessel"));
        assert_eq!(p.algorithm.as_deref(), Some("logic-v2"));
    }
}
