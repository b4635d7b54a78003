//! embargo's own endpoints under `/v1`, probes and metrics.

use crate::common::{self, json_body, provenance, query_pairs};
use crate::{Actor, ApiError, AppState};
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use embargo::batch::{items_from_values, screen_batch};
use embargo::receipts;
use embargo::shipments::{self, Report, Shipment};
use embargo::{Library, Query, ScreenOptions, SearchOptions};
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
    Extension(actor): Extension<Actor>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let cfg = state.config();
    let b: ScreenBody = json_body(body, cfg.max_body_bytes)?;
    let search = SearchOptions {
        limit: b.limit.unwrap_or(10),
        threshold: b.threshold.unwrap_or(embargo::DEFAULT_THRESHOLD),
        cutoff: b.cutoff.unwrap_or(embargo::DEFAULT_CUTOFF),
        ..SearchOptions::default()
    };
    common::check_search(&search, cfg.max_limit, "")?;
    let profile = common::profile(&state, b.profile.as_deref().unwrap_or("all"), "profile")?;
    let settings = receipts::settings(&profile.id, &search);
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
            let (results, idx, receipt) = common::screen_recorded(
                &state,
                &actor.name,
                "api.screen",
                json!({"query": q, "id": b.id}),
                &q,
                search,
                &profile,
            )
            .await?;
            let mut out = json!({"query": q, "results": results,
                "embargo": provenance(&idx, Some(&profile.id), Some(&search)), "receipt": receipt});
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
            let asked = json!({"queries": queries});
            let items = items_from_values(queries);
            let idx = state.index()?;
            let (responses, idx, profile) = tokio::task::spawn_blocking(move || {
                let r = screen_batch(
                    &idx.screener,
                    &items,
                    &ScreenOptions {
                        search,
                        profile: &profile,
                    },
                    &|_| {},
                );
                (r, idx, profile)
            })
            .await?;
            let id = state
                .record_receipt(receipts::draft(
                    &actor.name,
                    "api.screen.batch",
                    asked,
                    receipts::context(&idx.screener, settings),
                    receipts::batch_hits(&responses),
                ))
                .await?;
            Ok(Json(json!({
                "responses": responses,
                "embargo": provenance(&idx, Some(&profile.id), Some(&search)),
                "receipt": id,
            })))
        }
    }
}

/// `GET /v1/entities/{id}?profile=`: the entity with its links and every
/// designation with its basis and class (the document of `embargo show --json`).
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
    let profile = common::profile(&state, &profile_id, "query.profile")?;
    let idx = state.index()?;
    let view = idx.screener.entity_view(&id, &profile)?;
    let mut out = serde_json::to_value(view).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["embargo"] = provenance(&idx, Some(&profile.id), None);
    Ok(Json(out))
}

/// `GET /v1/catalog`: the active snapshots, and whether each is serving.
pub(crate) async fn catalog(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let idx = state.index()?;
    let dir = state.config().data_dir.clone();
    let snaps = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        Ok(Library::open(&dir)?.active_snapshots()?)
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
    let profile = common::profile(&state, &profile_id, "query.profile")?;
    let idx = if screening {
        Some(state.index()?)
    } else {
        None
    };
    let st = state.clone();
    let (verdict, idx) = tokio::task::spawn_blocking(move || {
        let r = st.with_ledger(|ledger| {
            shipments::check_shipment(
                &shipment,
                &profile,
                idx.as_ref().map(|i| &i.screener),
                ledger,
            )
            .map_err(|e| match e.kind() {
                embargo::ErrorKind::Invalid { .. } => {
                    ApiError::unprocessable(e.to_string(), "query.profile")
                }
                _ => ApiError::from(e),
            })
        });
        (r, idx)
    })
    .await?;
    let mut out = serde_json::to_value(verdict?).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["embargo"] = match &idx {
        Some(i) => provenance(i, Some(&profile_id), Some(&shipments::party_search())),
        None => json!({"engine": "embargo", "version": common::VERSION, "profile": profile_id,
                       "screening": false}),
    };
    Ok(Json(out))
}

fn date(s: &str, at: &str) -> Result<chrono::NaiveDate, ApiError> {
    shipments::parse_date(s).map_err(|e| ApiError::bad_request(e.to_string(), at))
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
        st.with_ledger(|ledger| Ok(shipments::cap_status(ledger, cap.as_deref(), at)?))
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
    let id = tokio::task::spawn_blocking(move || {
        st.with_ledger(|l| Ok(shipments::record_report(l, &r)?))
    })
    .await??;
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
