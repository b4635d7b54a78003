//! Monitoring and case-work endpoints: the register, runs, alerts,
//! decisions, the accept-list, audit verification and receipts. Each
//! handler parses the request, makes one engine call as the key's owner,
//! and serialises what it returns.

use crate::auth::Role;
use crate::common::query_pairs;
use crate::{Actor, ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use embargo::Library;
use embargo::monitor::{
    AssignRequest, DecideRequest, Decision, RegisterOptions, RunMode, alert_filter,
};
use serde::Deserialize;
use serde_json::Value;

/// Runs `f` on a library opened as the caller, off the async threads.
pub(crate) async fn with_library<T: Send + 'static>(
    state: &AppState,
    actor: &Actor,
    f: impl FnOnce(&mut Library) -> Result<T, embargo::Error> + Send + 'static,
) -> Result<T, ApiError> {
    let dir = state.config().data_dir.clone();
    let name = actor.name.clone();
    tokio::task::spawn_blocking(move || -> Result<T, ApiError> {
        let mut lib = Library::open(&dir)?.with_actor(&name);
        Ok(f(&mut lib)?)
    })
    .await?
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Json<Value>, ApiError> {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| ApiError::Internal(e.to_string()))
}

fn flag(v: &str) -> bool {
    matches!(v, "1" | "true" | "yes")
}

fn profile_of(
    state: &AppState,
    id: Option<&str>,
) -> Result<Option<embargo::profiles::Profile>, ApiError> {
    id.map(|p| crate::common::profile(state, p, "profile"))
        .transpose()
}

/// `POST /v1/register`: a register file as the body (JSON lines or CSV, as
/// for `embargo register import`); query `source`, `remove_missing`,
/// `skip_invalid`, `no_screen`, `profile`, `threshold`.
pub(crate) async fn register_import(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut opts = RegisterOptions {
        source: "default".into(),
        ..RegisterOptions::default()
    };
    let (mut profile, mut threshold) = (None, None);
    for (k, v) in query_pairs(raw.as_deref()) {
        match k.as_str() {
            "source" => opts.source = v,
            "remove_missing" => opts.remove_missing = flag(&v),
            "skip_invalid" => opts.skip_invalid = flag(&v),
            "no_screen" => opts.no_screen = flag(&v),
            "profile" => profile = Some(v),
            "threshold" => {
                threshold = Some(v.parse::<f32>().map_err(|_| {
                    ApiError::bad_request(
                        format!("threshold {v:?} is not a number"),
                        "query.threshold",
                    )
                })?)
            }
            _ => {}
        }
    }
    let profile = profile_of(&state, profile.as_deref())?;
    let report = with_library(&state, &actor, move |lib| {
        lib.register_import_bytes(
            std::path::Path::new("request body"),
            &body,
            &opts,
            profile.as_ref(),
            threshold,
            &|_, _| {},
        )
    })
    .await?;
    to_json(&report)
}

/// `GET /v1/register/{id}`: a record with its versions and alerts.
pub(crate) async fn register_get(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    to_json(&with_library(&state, &actor, move |lib| lib.customer_view(&id)).await?)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunBody {
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    threshold: Option<f32>,
}

/// `POST /v1/runs`: starts a run (`mode`: full, delta or resume) in the
/// background and answers 202 with the run as it starts; poll
/// `GET /v1/runs/{id}`.
pub(crate) async fn run_start(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    body: Option<Json<RunBody>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = body.map(|b| b.0).unwrap_or_default();
    let mode: RunMode = body
        .mode
        .as_deref()
        .unwrap_or("full")
        .parse()
        .map_err(|e: String| ApiError::unprocessable(e, "mode"))?;
    let profile = profile_of(&state, body.profile.as_deref())?;
    match crate::common::start_run(&state, &actor.name, mode, profile, body.threshold).await? {
        crate::common::Started::Running(r) => Ok((StatusCode::ACCEPTED, to_json(&r)?)),
        crate::common::Started::Finished(r) => Ok((StatusCode::OK, to_json(&r)?)),
    }
}

/// `GET /v1/runs`: runs, newest first (`limit`, default 20).
pub(crate) async fn runs(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut limit = 20usize;
    for (k, v) in query_pairs(raw.as_deref()) {
        if k == "limit" {
            limit = v
                .parse()
                .map_err(|_| ApiError::bad_request("limit must be a number", "query.limit"))?;
        }
    }
    to_json(&with_library(&state, &actor, move |lib| lib.runs(limit)).await?)
}

/// `GET /v1/runs/{id}`: one run with its counts and settings.
pub(crate) async fn run_get(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    to_json(&with_library(&state, &actor, move |lib| lib.run_info(id)).await?)
}

/// `GET /v1/alerts`: the filters and paging of the route table's
/// parameters.
pub(crate) async fn alerts(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut f = alert_filter(&query_pairs(raw.as_deref()), &actor.name)
        .map_err(|e| ApiError::bad_request(e.to_string(), format!("query.{}", e.field)))?;
    f.limit = Some(f.limit.unwrap_or(100).clamp(1, 10_000));
    to_json(&with_library(&state, &actor, move |lib| lib.alerts(&f)).await?)
}

/// `GET /v1/alerts/{id}`: the alert with the evidence side by side.
pub(crate) async fn alert_get(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    to_json(&with_library(&state, &actor, move |lib| lib.alert_view(id)).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionBody {
    decision: String,
    reason: String,
    #[serde(default)]
    accept: bool,
    /// The alert's `row_version` as the client read it.
    #[serde(default)]
    version: Option<i64>,
}

/// `POST /v1/alerts/{id}/decision`: `{decision, reason, accept, version}`;
/// 409 with the current alert when someone else decided first.
pub(crate) async fn decide(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    raw: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body: DecisionBody = crate::common::json_body(raw, state.config().max_body_bytes)?;
    let decision: Decision = body
        .decision
        .parse()
        .map_err(|e: String| ApiError::unprocessable(e, "decision"))?;
    if body.reason.trim().is_empty() {
        return Err(ApiError::unprocessable(
            "a decision needs a reason",
            "reason",
        ));
    }
    let req = DecideRequest {
        decision,
        reason: body.reason,
        accept: body.accept,
        expected_version: body.version,
        supervisor: actor.role >= Role::Supervisor,
    };
    to_json(&with_library(&state, &actor, move |lib| lib.decide(id, &req)).await?)
}

/// `POST /v1/alerts/{id}/assign`: `{to, version}` (`to` absent or null:
/// nobody); 409 with the current alert when it changed or ended.
pub(crate) async fn assign(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    raw: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let req: AssignRequest = crate::common::json_body(raw, state.config().max_body_bytes)?;
    let supervisor = actor.role >= Role::Supervisor;
    crate::common::check_assignee(&state, &actor.name, req.to.as_deref())?;
    // The row, as lists and decisions answer (the evidence is GET /v1/alerts/{id}).
    let alert = with_library(&state, &actor, move |lib| lib.assign(id, &req, supervisor)).await?;
    to_json(&embargo::monitor::AlertRow::from(&alert))
}

/// `GET /v1/accept-list`: active entries (`all=true`: every entry).
pub(crate) async fn accept_list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let all = query_pairs(raw.as_deref())
        .iter()
        .any(|(k, v)| k == "all" && flag(v));
    to_json(&with_library(&state, &actor, move |lib| lib.accept_list(all)).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RevokeBody {
    reason: String,
}

/// `POST /v1/accept-list/{id}/revoke`: `{reason}` (supervisor).
pub(crate) async fn accept_revoke(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    raw: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body: RevokeBody = crate::common::json_body(raw, state.config().max_body_bytes)?;
    to_json(
        &with_library(&state, &actor, move |lib| {
            lib.revoke_accept(id, &body.reason)
        })
        .await?,
    )
}

/// `GET /v1/audit/verify`: the hash chain's state and its head.
pub(crate) async fn audit_verify(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<Value>, ApiError> {
    to_json(&with_library(&state, &actor, |lib| lib.audit_verify()).await?)
}

/// `GET /v1/audit/receipts/{id}`: what a screening was asked and answered.
/// Receipts hold other callers' queries (customers' personal data): a key
/// reads its own owner's receipts; supervisors and admins read all.
pub(crate) async fn receipt(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let asked = id.clone();
    let r = with_library(&state, &actor, move |lib| lib.receipt(&id)).await?;
    if r.actor != actor.name && actor.role < crate::Role::Supervisor {
        // As for an unknown id: whether it exists is not this caller's to know.
        return Err(ApiError::NotFound(format!("no receipt {asked}")));
    }
    to_json(&r)
}
