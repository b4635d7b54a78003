//! Request parsing and provenance shared by the handlers.

use crate::ApiError;
use crate::AppState;
use crate::state::Loaded;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use embargo::SearchOptions;
use embargo::profiles::Profile;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The engine version (the workspace version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The name of embargo's matching algorithm, reported in every response.
pub const ALGORITHM: &str = "embargo-v1";

/// Reads a JSON body: 413 when too large, 400 naming the JSON path of a
/// wrong type, the line and column of a syntax error.
pub(crate) fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    max: usize,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(format!("request body is larger than {max} bytes"))
        } else {
            ApiError::bad_request(e.body_text(), "body")
        }
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "the request body is empty; a JSON object is expected",
            "body",
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::bad_request(format!("the body is not valid JSON: {inner}"), "body")
        } else {
            let at = if path == "." {
                "body".to_string()
            } else {
                path
            };
            ApiError::bad_request(inner.to_string(), at)
        }
    })?;
    Ok(value)
}

/// Query-string pairs, repeated keys kept (`include_dataset=a&include_dataset=b`).
pub(crate) fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| {
        form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    })
    .unwrap_or_default()
}

/// Parses a number parameter (400 naming it when not a number).
pub(crate) fn num<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ApiError> {
    v.trim().parse::<T>().map_err(|_| {
        ApiError::bad_request(
            format!("query parameter `{name}` is not a number: `{v}`"),
            format!("query.{name}"),
        )
    })
}

/// Checks limit, threshold and cutoff ranges (422 naming the field).
pub(crate) fn check_search(
    s: &SearchOptions,
    max_limit: usize,
    prefix: &str,
) -> Result<(), ApiError> {
    if s.limit == 0 || s.limit > max_limit {
        return Err(ApiError::unprocessable(
            format!("limit must be between 1 and {max_limit}, got {}", s.limit),
            format!("{prefix}limit"),
        ));
    }
    for (name, v) in [("threshold", s.threshold), ("cutoff", s.cutoff)] {
        if !(0.0..=1.0).contains(&v) {
            return Err(ApiError::unprocessable(
                format!("{name} must be between 0 and 1, got {v}"),
                format!("{prefix}{name}"),
            ));
        }
    }
    Ok(())
}

/// A profile of the server's catalogue by id (422 naming the field when
/// unknown).
pub(crate) fn profile(state: &AppState, id: &str, at: &str) -> Result<Profile, ApiError> {
    embargo::profiles::get(&state.config().profiles, id)
        .cloned()
        .map_err(|e| ApiError::unprocessable(e.to_string(), at))
}

/// What produced a response: engine, algorithm, parameters, snapshots.
pub(crate) fn provenance(
    idx: &Loaded,
    profile: Option<&str>,
    search: Option<&SearchOptions>,
) -> Value {
    let mut v = json!({
        "engine": "embargo",
        "version": VERSION,
        "algorithm": ALGORITHM,
        "index": {
            "generation": idx.generation,
            "loaded_at": idx.loaded_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        },
        "snapshots": idx.screener.lists(),
    });
    if let Some(p) = profile {
        v["profile"] = json!(p);
    }
    if let Some(s) = search {
        v["threshold"] = json!(embargo::decimal(s.threshold));
        v["cutoff"] = json!(embargo::decimal(s.cutoff));
        v["limit"] = json!(s.limit);
    }
    v
}

/// Maps a query error to a 422 naming the property.
pub(crate) fn query_error(e: embargo::QueryError, prefix: &str) -> ApiError {
    let e = embargo::Error::from(e);
    let at = match e.kind() {
        embargo::ErrorKind::Invalid { at } => at.unwrap_or_default(),
        _ => String::new(),
    };
    ApiError::unprocessable(e.to_string(), format!("{prefix}{at}"))
}

/// One screened query and its stored receipt, as every front end screens:
/// the results, the index they came from (for provenance) and the receipt
/// id (committed before the answer is sent).
pub(crate) async fn screen_recorded(
    state: &AppState,
    actor: &str,
    kind: &str,
    asked: Value,
    q: &embargo::Query,
    search: SearchOptions,
    profile: &Profile,
) -> Result<
    (
        Vec<embargo::screen::ResultRow>,
        std::sync::Arc<Loaded>,
        String,
    ),
    ApiError,
> {
    let idx = state.index()?;
    let results = idx
        .screener
        .screen_with(q, &embargo::ScreenOptions { search, profile });
    let draft = embargo::receipts::draft(
        actor,
        kind,
        asked,
        embargo::receipts::context(
            &idx.screener,
            embargo::receipts::settings(&profile.id, &search),
        ),
        embargo::receipts::hits(&results),
    );
    let receipt = state.record_receipt(draft).await?;
    Ok((results, idx, receipt))
}

/// A run started in the background: recorded (still running), or already
/// over when it ended before the answer.
pub(crate) enum Started {
    /// Recorded and running; its page shows the progress.
    Running(embargo::monitor::RunInfo),
    /// Done (or failed) already.
    Finished(embargo::monitor::RunInfo),
}

/// Starts a run on its own thread and answers with *that* run once it is
/// recorded (not whichever run is newest: another user's or the CLI's may
/// start at the same time). An error before the run is recorded (a run
/// already running, nothing to resume) is the answer; one after it is the
/// run's own status, logged.
pub(crate) async fn start_run(
    state: &AppState,
    actor: &str,
    mode: embargo::monitor::RunMode,
    profile: Option<Profile>,
    threshold: Option<f32>,
) -> Result<Started, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    let dir = state.config().data_dir.clone();
    let name = actor.to_string();
    let handle = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let mut lib = embargo::Library::open(&dir)?.with_actor(&name);
        let announce = |r: &embargo::monitor::RunInfo| {
            if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
                let _ = tx.send(r.clone());
            }
        };
        let done = lib.run_announced(mode, profile.as_ref(), threshold, &|_, _| {}, &announce);
        if let Err(e) = &done {
            tracing::warn!(error = %e, "background run failed");
        }
        Ok(done?)
    });
    match rx.await {
        Ok(run) => Ok(Started::Running(run)),
        // The sender went away unannounced: the run never got recorded.
        Err(_) => Ok(Started::Finished(handle.await??)),
    }
}

/// With keys in force, an alert goes only to someone holding a live key
/// with the analyst role or above (a typo or a screener would leave it with
/// nobody able to decide it); the name is read as the engine reads it.
pub(crate) fn check_assignee(state: &AppState, me: &str, to: Option<&str>) -> Result<(), ApiError> {
    let Some(keys) = state.keys() else {
        return Ok(());
    };
    let embargo::monitor::Assignee::To(who) =
        embargo::monitor::assignee_filter(to.unwrap_or(""), me)
    else {
        return Ok(());
    };
    match keys.role_of(&who) {
        Some(role) if role >= crate::auth::Role::Analyst => Ok(()),
        Some(role) => Err(ApiError::unprocessable(
            format!(
                "{who} holds the {} role; alerts go to analysts and above",
                role.as_str()
            ),
            "to",
        )),
        None => Err(ApiError::unprocessable(
            format!("no live API key is named {who:?}"),
            "to",
        )),
    }
}
