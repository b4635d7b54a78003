//! The analyst web UI under `/ui`: server-rendered HTML (askama templates
//! in `crates/server/templates`, escaped by default) with htmx for partial
//! updates; every asset is compiled into the binary. Pages work without
//! JavaScript.
//!
//! Each handler parses the form or query, makes the engine call the API
//! makes, and renders what it returns. Sign-in exchanges an API key for a
//! session cookie ([`session`]); every POST carries the session's CSRF
//! token; roles are the API's.

mod cases;
mod chart;
mod lists;
mod screen;
pub(crate) mod session;

use crate::auth::{Role, hash_key};
use crate::{Actor, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use session::{ABSOLUTE, Session, cookie_of, random_token, same_token, set_cookie};

/// Who is looking at a page.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub name: String,
    pub role: Role,
    pub csrf: String,
    /// `--insecure-no-auth`: every page says so.
    pub open: bool,
}

impl Viewer {
    /// Whether the viewer has at least this role.
    pub fn can(&self, role: &Role) -> bool {
        self.role >= *role
    }

    /// The actor recorded for changes made through the UI.
    pub fn actor(&self) -> Actor {
        Actor {
            name: self.name.clone(),
            role: self.role,
        }
    }

    /// 403 unless the viewer has `role`.
    pub fn require(&self, role: Role, what: &str) -> Result<(), UiError> {
        if self.role >= role {
            Ok(())
        } else {
            Err(UiError {
                status: StatusCode::FORBIDDEN,
                message: format!(
                    "{what} needs the `{}` role; you are signed in as `{}` with `{}`",
                    role.as_str(),
                    self.name,
                    self.role.as_str()
                ),
                viewer: Some(self.clone()),
            })
        }
    }

    /// Checks a posted form's CSRF token.
    pub fn check_csrf(&self, token: &str) -> Result<(), UiError> {
        if same_token(&self.csrf, token) {
            Ok(())
        } else {
            Err(UiError {
                status: StatusCode::FORBIDDEN,
                message: "the form's security token does not match your session (it may have \
                          expired): reload the page and try again"
                    .into(),
                viewer: Some(self.clone()),
            })
        }
    }
}

/// The signed-in viewer, if any, whichever way a page holds it (base.html
/// calls `v.me()`).
pub(crate) trait Me {
    fn me(&self) -> Option<&Viewer>;
}

impl Me for Viewer {
    fn me(&self) -> Option<&Viewer> {
        Some(self)
    }
}

impl Me for Option<&Viewer> {
    fn me(&self) -> Option<&Viewer> {
        *self
    }
}

/// Roles as template constants (`v.can(SUPERVISOR)`).
pub(crate) const ANALYST: &Role = &Role::Analyst;
pub(crate) const SUPERVISOR: &Role = &Role::Supervisor;

/// A page that failed: its status and message, shown in the layout.
#[derive(Debug)]
pub(crate) struct UiError {
    pub status: StatusCode,
    pub message: String,
    pub viewer: Option<Viewer>,
}

impl UiError {
    pub fn bad(viewer: &Viewer, message: impl Into<String>) -> UiError {
        UiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: message.into(),
            viewer: Some(viewer.clone()),
        }
    }
}

impl From<crate::ApiError> for UiError {
    fn from(e: crate::ApiError) -> UiError {
        UiError {
            status: e.status(),
            message: e.to_string(),
            viewer: None,
        }
    }
}

impl From<embargo::Error> for UiError {
    fn from(e: embargo::Error) -> UiError {
        UiError::from(crate::ApiError::from(e))
    }
}

impl From<askama::Error> for UiError {
    fn from(e: askama::Error) -> UiError {
        UiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("rendering the page: {e}"),
            viewer: None,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    v: Option<&'a Viewer>,
    title: String,
    message: &'a str,
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            v: self.viewer.as_ref(),
            title: format!(
                "{} {}",
                self.status.as_u16(),
                self.status.canonical_reason().unwrap_or("")
            ),
            message: &self.message,
        };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(e) => (self.status, format!("{}: {e}", self.message)).into_response(),
        }
    }
}

/// A rendered page.
pub(crate) type Page = Result<Response, UiError>;

/// Renders a template as a 200 page.
pub(crate) fn render(t: &impl Template) -> Page {
    Ok(Html(t.render()?).into_response())
}

/// Every UI route.
pub(crate) fn router(state: AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .route("/ui", get(home))
        .route("/ui/", get(home))
        .route("/ui/logout", post(logout))
        .route("/ui/screen", get(screen::screen))
        .route("/ui/entities/{id}", get(screen::entity))
        .route("/ui/alerts", get(cases::queue))
        .route("/ui/alerts/{id}", get(cases::alert))
        .route("/ui/alerts/{id}/decision", post(cases::decide))
        .route("/ui/alerts/{id}/assign", post(cases::assign))
        .route("/ui/accept-list", get(cases::accept_list))
        .route("/ui/accept-list/{id}/revoke", post(cases::revoke))
        .route(
            "/ui/register",
            get(cases::register).post(cases::register_import),
        )
        .route("/ui/register/{id}", get(cases::customer))
        .route("/ui/runs", get(cases::runs).post(cases::run_start))
        .route("/ui/runs/{id}", get(cases::run))
        .route("/ui/lists", get(lists::lists))
        .route("/ui/lists/diff", get(lists::diff))
        .route("/ui/trade", get(lists::trade).post(lists::trade_check))
        .route("/ui/caps", get(lists::caps).post(lists::caps_report))
        .route("/ui/audit", get(lists::audit))
        .route_layer(middleware::from_fn_with_state(state, signed_in_only));
    Router::new()
        .route("/ui/login", get(login_page).post(login))
        .route("/ui/assets/{file}", get(asset))
        .merge(signed_in)
}

/// The viewer of a request (set by [`signed_in_only`]).
pub(crate) type Seen = axum::Extension<Viewer>;

async fn signed_in_only(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let viewer = if state.keys().is_none() {
        Some(Viewer {
            name: "anonymous (no auth)".into(),
            role: Role::Admin,
            csrf: state.0.ui_open_csrf.clone(),
            open: true,
        })
    } else {
        cookie_of(req.headers())
            .and_then(|id| state.0.sessions.get(id))
            .and_then(|s| current(&state, s))
    };
    let Some(viewer) = viewer else {
        let here = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/ui".into());
        let next = form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>();
        return Redirect::to(&format!("/ui/login?next={next}")).into_response();
    };
    req.extensions_mut().insert(viewer);
    let mut resp = next.run(req).await;
    // Pages show personal data: never cached, never framed.
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
        ),
    );
    resp
}

/// The session's viewer, if its key still lives (a revoked key or a
/// lowered role takes effect at the next request).
fn current(state: &AppState, s: Session) -> Option<Viewer> {
    let keys = state.keys()?;
    let info = keys.lookup_hash(s.key_hash.as_deref()?)?;
    Some(Viewer {
        name: info.name,
        role: info.role,
        csrf: s.csrf,
        open: false,
    })
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    v: Option<&'a Viewer>,
    title: &'a str,
    next: &'a str,
    error: Option<&'a str>,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only paths of this UI are followed after sign-in (no open redirect).
fn safe_next(next: &str) -> &str {
    if next.starts_with("/ui") && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/ui"
    }
}

/// `/ui`: the alert queue for those who work alerts, screening for screeners.
async fn home(axum::Extension(v): Seen) -> Redirect {
    if v.can(ANALYST) {
        Redirect::to("/ui/alerts")
    } else {
        Redirect::to("/ui/screen")
    }
}

async fn login_page(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<NextQuery>,
) -> Page {
    if state.keys().is_none() {
        return Ok(Redirect::to("/ui/alerts").into_response());
    }
    render(&LoginPage {
        v: None,
        title: "Sign in",
        next: safe_next(&q.next),
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    key: String,
    #[serde(default)]
    next: String,
}

fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Page {
    let Some(keys) = state.keys() else {
        return Ok(Redirect::to("/ui/alerts").into_response());
    };
    let next = safe_next(&f.next);
    let Some(info) = keys.lookup(&f.key) else {
        let page = LoginPage {
            v: None,
            title: "Sign in",
            next,
            error: Some("unknown or revoked API key"),
        };
        return Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response());
    };
    let id = state
        .0
        .sessions
        .create(Some(hash_key(&f.key)))
        .map_err(|e| UiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: e,
            viewer: None,
        })?;
    tracing::info!(key = %info.name, "UI sign-in");
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(&id, over_tls(&headers), ABSOLUTE),
        )],
        Redirect::to(next),
    )
        .into_response())
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    if let Some(id) = cookie_of(&headers) {
        state.0.sessions.remove(id);
    }
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie("", over_tls(&headers), std::time::Duration::ZERO),
        )],
        Redirect::to("/ui/login"),
    )
        .into_response())
}

const CSS: &str = include_str!("../../assets/ui.css");
const JS: &str = include_str!("../../assets/ui.js");
const HTMX: &str = include_str!("../../assets/htmx.min.js");

async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "ui.css" => (CSS, "text/css; charset=utf-8"),
        "ui.js" => (JS, "text/javascript; charset=utf-8"),
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such asset").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// The CSRF token forms carry without auth (one per process: there is no
/// session, and SameSite cookies cannot protect what has none).
pub(crate) fn open_csrf() -> String {
    random_token().unwrap_or_else(|_| "no-auth".into())
}

/// A form's text field, trimmed; `None` when empty.
pub(crate) fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// How a shown value fared in the explanation (case and outer spacing
/// aside): `agree` when a feature compared it and agreed (score ≥ 0.5),
/// `conflict` when it disagreed, empty when it was not compared.
pub(crate) fn compared(explanations: &[embargo::Explanation], value: &str) -> &'static str {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return "";
    }
    let mut out = "";
    for x in explanations {
        if x.query.trim().to_lowercase() == v || x.candidate.trim().to_lowercase() == v {
            if x.score >= 0.5 {
                return "agree";
            }
            out = "conflict";
        }
    }
    out
}

/// URL-encodes a query value.
pub(crate) fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
