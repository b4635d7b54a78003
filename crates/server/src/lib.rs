//! embargo's HTTP API (axum on tokio).
//!
//! - `POST /match/{dataset}`: OpenSanctions yente's matching API, so yente
//!   clients work unchanged; the response adds an `embargo` object naming
//!   the engine version, algorithm, threshold, profile and snapshots used.
//! - `/v1/...`: embargo's own endpoints (screen, entities, catalog,
//!   shipments, caps, reload), `/healthz`, `/readyz`, `/metrics`,
//!   `/openapi.json` and a page at `/`.
//!
//! Handlers are thin: parse, call the engine, shape JSON. Every route, its
//! role and its documentation come from one table ([`routes::ROUTES`]).
//! The index is an `ArcSwapOption`: a reload builds a new screener off the
//! request path and swaps it in; requests in flight keep the `Arc` they
//! took and finish on the old one.
#![warn(missing_docs)]

mod api;
pub mod auth;
mod common;
mod error;
mod metrics;
mod monitor;
pub mod routes;
mod state;
mod ui;
mod yente;

pub use auth::{KeyInfo, KeyStore, Role};
pub use common::{ALGORITHM, VERSION};
pub use error::ApiError;
pub use state::{AppState, Config, Loaded, ReloadOutcome};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

fn api_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        if let Some(k) = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
        {
            return Some(k.trim());
        }
    }
    headers.get("x-api-key").and_then(|v| v.to_str().ok())
}

async fn authorize(
    State((state, role)): State<(AppState, Role)>,
    mut req: Request,
    next: Next,
) -> Response {
    let actor = match state.keys() {
        Some(keys) => match keys.authorize(api_key(req.headers()), role) {
            Ok(info) => Actor {
                name: info.name.clone(),
                role: info.role,
            },
            Err(e) => return e.into_response(),
        },
        None => Actor {
            name: "anonymous (no auth)".into(),
            role: Role::Admin,
        },
    };
    req.extensions_mut().insert(actor);
    next.run(req).await
}

/// Who calls: the API key's owner and role (recorded as the actor of
/// every change).
#[derive(Debug, Clone)]
pub struct Actor {
    /// The key's name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

async fn timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.config().request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::Unavailable(format!(
            "the request took longer than {} s and was abandoned",
            limit.as_secs_f64()
        ))
        .into_response(),
    }
}

async fn not_found(req: Request) -> ApiError {
    ApiError::NotFound(format!(
        "no route {} {} (see /openapi.json)",
        req.method(),
        req.uri().path()
    ))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("the request handler failed unexpectedly".into()).into_response()
}

/// The application: every route of [`routes::ROUTES`] with its role check,
/// body limit, timeout, metrics and request logging.
pub fn router(state: AppState) -> Router {
    let mut app: Router<AppState> = Router::new();
    for r in routes::ROUTES {
        let Some(mut handler) = routes::endpoint(r.method, r.path) else {
            continue; // unreachable: a unit test checks every route has a handler
        };
        if let Some(role) = r.role {
            handler = handler.route_layer(middleware::from_fn_with_state(
                (state.clone(), role),
                authorize,
            ));
        }
        app = app.route(r.path, handler);
    }
    let max_body = state.config().max_body_bytes;
    app.merge(ui::router(state.clone()))
        .fallback(not_found)
        .method_not_allowed_fallback(|req: Request| async move {
            ApiError::MethodNotAllowed(format!(
                "method {} is not allowed on {} (see /openapi.json)",
                req.method(),
                req.uri().path()
            ))
        })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        .with_state(state)
}

/// Serves on a bound listener until `shutdown` resolves: loads the index in
/// the background (`/readyz` answers 503 until then) and, with
/// `reload_interval`, polls the store and swaps in a new index when the
/// active snapshots change.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    reload_interval: Option<Duration>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let loader = state.clone();
    tokio::spawn(async move {
        if let Err(e) = loader.reload(true).await {
            tracing::error!(error = %e, "initial index load failed");
        }
        if let Some(every) = reload_interval {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                match loader.reload(!loader.is_ready()).await {
                    Ok(o) if o.outcome == "reloaded" => {
                        tracing::info!(
                            generation = o.generation,
                            "snapshots changed: index swapped"
                        )
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "periodic reload failed"),
                }
            }
        }
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
