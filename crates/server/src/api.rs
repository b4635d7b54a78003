//! embargo's own endpoints under `/v1`, probes and metrics.

use crate::common::{self, json_body, provenance, query_pairs};
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use embargo::matching::{Query, SearchOptions};
use embargo::screen::{BatchItem, QueryLine, ScreenOptions, screen_batch};
use embargo::shipments::{MatcherScreener, party_search};
use embargo::trade::{Measures, NoScreening, Report, Shipment, check};
use serde::Deserialize;
use serde_json::{Value, json};

/// `POST /v1/screen` body: one query (`schema`, `properties`) or a batch
/// (`queries`), with options.
#[derive(Debug, Deserialize)]
pub(crate) struct ScreenBody {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    properties: Option<std::collections::BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    queries: Option<Vec<Value>>,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    threshold: Option<f32>,
    #[serde(default)]
    cutoff: Option<f32>,
}

/// `POST /v1/screen`.
pub(crate) async fn screen(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let cfg = state.config();
    let b: ScreenBody = json_body(body, cfg.max_body_bytes)?;
    let search = SearchOptions {
        limit: b.limit.unwrap_or(10),
        threshold: b.threshold.unwrap_or(embargo::matching::DEFAULT_THRESHOLD),
        cutoff: b.cutoff.unwrap_or(embargo::matching::DEFAULT_CUTOFF),
        ..SearchOptions::default()
    };
    common::check_search(&search, cfg.max_limit, "")?;
    let profile = common::profile(b.profile.as_deref().unwrap_or("all"), "profile")?;
    match (b.queries, b.properties) {
        (Some(_), Some(_)) => Err(ApiError::unprocessable(
            "give either `properties` (one query) or `queries` (a batch), not both",
            "queries",
        )),
        (None, None) => Err(ApiError::unprocessable(
            "give `properties` (one query, e.g. {\"schema\": \"Person\", \"properties\": {\"name\": [\"...\"]}}) or `queries` (a batch)",
            "properties",
        )),
        (None, Some(props)) => {
            let q = Query::from_properties(b.schema.as_deref(), &props)
                .map_err(|e| common::query_error(e, ""))?;
            let idx = state.index()?;
            let results = idx
                .screener
                .screen_with(&q, &ScreenOptions { search, profile });
            let mut out = json!({"query": q, "results": results,
                "embargo": provenance(&idx, Some(&profile.id), Some(&search))});
            if let Some(id) = b.id {
                out["id"] = id;
            }
            Ok(Json(out))
        }
        (Some(queries), None) => {
            if queries.len() > cfg.max_batch {
                return Err(ApiError::PayloadTooLarge(format!(
                    "{} queries in one request; the limit is {}",
                    queries.len(),
                    cfg.max_batch
                )));
            }
            let items: Vec<BatchItem> = queries
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
                .collect();
            let idx = state.index()?;
            let (responses, idx) = tokio::task::spawn_blocking(move || {
                let r = screen_batch(
                    &idx.screener,
                    &items,
                    &ScreenOptions { search, profile },
                    &|_| {},
                );
                (r, idx)
            })
            .await?;
            Ok(Json(json!({
                "responses": responses,
                "embargo": provenance(&idx, Some(&profile.id), Some(&search)),
            })))
        }
    }
}

/// `GET /v1/entities/{id}`: the entity with every designation and its basis.
pub(crate) async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut profile_id = "all".to_string();
    for (k, v) in query_pairs(raw.as_deref()) {
        if k == "profile" {
            profile_id = v;
        }
    }
    let profile = common::profile(&profile_id, "query.profile")?;
    let idx = state.index()?;
    let Some(e) = idx.screener.entity(&id) else {
        return Err(ApiError::NotFound(format!(
            "no entity `{id}` in the active snapshots"
        )));
    };
    let catalogue = embargo::regimes::Catalogue::shipped();
    let classes = profile.classify_group(catalogue, &e.designations);
    let designations: Vec<Value> = e
        .designations
        .iter()
        .zip(&classes)
        .map(|(d, c)| {
            let b = embargo::regimes::classify(d);
            json!({
                "source": d.source,
                "authority": d.authority,
                "reference": d.reference,
                "regime": d.programs.join(", "),
                "listed_on": d.listed_on,
                "un_reference": d.un_reference.as_ref().map(|r| r.to_string()),
                "basis": b.basis.as_str(),
                "regime_id": b.regime_id,
                "regime_name": b.regime_name,
                "instrument": b.instrument.text,
                "unverified": b.instrument.unverified || b.unverified,
                "classification": c.class.as_str(),
                "reason": c.reason,
                "flags": c.flags,
            })
        })
        .collect();
    Ok(Json(json!({
        "entity": e,
        "designations": designations,
        "embargo": provenance(&idx, Some(&profile.id), None),
    })))
}

/// `GET /v1/catalog`: the active snapshots, and whether each is serving.
pub(crate) async fn catalog(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let idx = state.index()?;
    let dir = state.config().data_dir.clone();
    let snaps = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        Ok(embargo::store::Store::open(&dir)?.active_snapshots()?)
    })
    .await??;
    let serving: Vec<(String, Option<i64>)> = idx
        .screener
        .lists()
        .iter()
        .map(|l| (l.sha256.clone(), l.snapshot))
        .collect();
    let lists: Vec<Value> = snaps
        .into_iter()
        .map(|s| {
            let is_serving = serving
                .iter()
                .any(|(h, id)| *h == s.sha256 && *id == Some(s.id));
            json!({
                "source": s.source,
                "snapshot": s.id,
                "published": s.published,
                "sha256": s.sha256,
                "imported_at": s.imported_at,
                "origin": s.origin,
                "files": s.files,
                "counts": s.counts,
                "serving": is_serving,
            })
        })
        .collect();
    Ok(Json(
        json!({"lists": lists, "embargo": provenance(&idx, None, None)}),
    ))
}

/// `POST /v1/shipments/check?profile=un&screening=true`: a shipment (the
/// CLI's `check-shipment` JSON) → verdict.
pub(crate) async fn check_shipment(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let mut profile_id = "un".to_string();
    let mut screening = true;
    for (k, v) in query_pairs(raw.as_deref()) {
        match k.as_str() {
            "profile" => profile_id = v,
            "screening" => {
                screening = match v.as_str() {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => {
                        return Err(ApiError::bad_request(
                            format!("screening must be true or false, got `{v}`"),
                            "query.screening",
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    let v: Value = json_body(body, state.config().max_body_bytes)?;
    let shipment = Shipment::from_value(&v).map_err(|e| {
        ApiError::unprocessable(format!("{}: {}", e.field, e.problem), e.field.clone())
    })?;
    let measures = Measures::builtin().map_err(|e| ApiError::Internal(e.to_string()))?;
    if measures.profile(&profile_id).is_none() {
        let known: Vec<&String> = measures.profiles.keys().collect();
        return Err(ApiError::unprocessable(
            format!("unknown profile `{profile_id}`; known: {known:?}"),
            "query.profile",
        ));
    }
    let screen_profile = common::profile(&profile_id, "query.profile")?;
    let idx = if screening {
        Some(state.index()?)
    } else {
        None
    };
    let st = state.clone();
    let pid = profile_id.clone();
    let (verdict, idx) = tokio::task::spawn_blocking(move || {
        let r = st.with_ledger(|ledger| {
            let v = match &idx {
                Some(i) => {
                    let ps = MatcherScreener {
                        screener: &i.screener,
                        options: ScreenOptions {
                            search: party_search(),
                            profile: screen_profile,
                        },
                    };
                    check(&shipment, &pid, measures, ledger, &ps)
                }
                None => check(&shipment, &pid, measures, ledger, &NoScreening),
            };
            v.map_err(|e| match e {
                embargo::trade::CheckError::Ledger(l) => ApiError::from(l),
                other => ApiError::unprocessable(other.to_string(), "query.profile"),
            })
        });
        (r, idx)
    })
    .await?;
    let mut out = serde_json::to_value(verdict?).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["embargo"] = match &idx {
        Some(i) => provenance(i, Some(&profile_id), Some(&party_search())),
        None => json!({"engine": "embargo", "version": common::VERSION, "profile": profile_id,
                       "screening": false}),
    };
    Ok(Json(out))
}

fn date(s: &str, at: &str) -> Result<chrono::NaiveDate, ApiError> {
    if let Ok(d) = s.trim().parse::<chrono::NaiveDate>() {
        return Ok(d);
    }
    if let Some((y, m)) = s.trim().split_once('-')
        && let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>())
        && let Some(d) = embargo::trade::month_end(y, m)
    {
        return Ok(d);
    }
    Err(ApiError::bad_request(
        format!("`{s}` is not a date (expected YYYY-MM-DD, or YYYY-MM for a month)"),
        at,
    ))
}

/// `GET /v1/caps/status?cap=&at=`.
pub(crate) async fn caps_status(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut cap = None;
    let mut at = chrono::Utc::now().date_naive();
    for (k, v) in query_pairs(raw.as_deref()) {
        match k.as_str() {
            "cap" => cap = Some(v),
            "at" => at = date(&v, "query.at")?,
            _ => {}
        }
    }
    let st = state.clone();
    let all = tokio::task::spawn_blocking(move || {
        st.with_ledger(|ledger| {
            let ids: Vec<String> = match cap {
                Some(c) => vec![c],
                None => ledger.caps().iter().map(|c| c.id.clone()).collect(),
            };
            ids.iter()
                .map(|id| ledger.status(id, at).map_err(ApiError::from))
                .collect::<Result<Vec<_>, _>>()
        })
    })
    .await??;
    Ok(Json(json!({"at": at, "caps": all,
        "embargo": {"engine": "embargo", "version": common::VERSION}})))
}

/// `POST /v1/caps/reports`: records a report against a cap (201).
pub(crate) async fn caps_report(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut v: Value = json_body(body, state.config().max_body_bytes)?;
    // A month (`2017-01`) counts on its last day, as in the CLI.
    if let Some(d) = v.get("date").and_then(Value::as_str) {
        let d = date(d, "date")?;
        v["date"] = json!(d);
    }
    let report: Report = serde_path_to_error::deserialize(v).map_err(|e| {
        let at = e.path().to_string();
        ApiError::bad_request(e.into_inner().to_string(), at)
    })?;
    let st = state.clone();
    let r = report.clone();
    let id = tokio::task::spawn_blocking(move || st.with_ledger(|l| Ok(l.record(&r)?))).await??;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "report": report})),
    )
        .into_response())
}

/// `POST /v1/admin/reload`: rebuilds the index from the store and swaps it.
pub(crate) async fn reload(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut force = true;
    for (k, v) in query_pairs(raw.as_deref()) {
        if k == "if_changed" {
            force = !matches!(v.as_str(), "true" | "1" | "yes");
        }
    }
    Ok(Json(json!(state.reload(force).await?)))
}

/// `GET /healthz`: the process answers.
pub(crate) async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok", "version": common::VERSION}))
}

/// `GET /readyz`: 200 once the index is loaded, 503 before.
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let idx = state.index()?;
    Ok(Json(
        json!({"status": "ready", "embargo": provenance(&idx, None, None)}),
    ))
}

/// `GET /metrics`: Prometheus text format.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::metrics::render(&state),
    )
        .into_response()
}
