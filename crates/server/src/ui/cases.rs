//! Case work: the alert queue, an alert with its evidence and decision
//! form, the accept-list, the register and monitoring runs.

use super::{Me, Page, Seen, UiError, Viewer, enc, given, render};
use crate::auth::Role;
use crate::monitor::with_library;
use crate::{ApiError, AppState};
use askama::Template;
use axum::extract::{Form, Multipart, Path, Query as QueryString, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use embargo::monitor::{
    Accepted, AlertList, AlertSort, AlertView, AssignRequest, CustomerVersion, CustomerView,
    DecideRequest, Decision, RegisterOptions, RegisterReport, RunInfo, RunMode, alert_filter,
};
use serde::Deserialize;

/// Alerts a queue page shows.
const PAGE: usize = 50;

/// Every status, in queue order.
const STATUSES: &[&str] = &[
    "open",
    "escalated",
    "true-match",
    "false-positive",
    "closed",
    "delisted",
    "lapsed",
    "superseded",
];

/// The queue's filter parameters, in the order its links carry them.
const FILTERS: [&str; 9] = [
    "run",
    "customer",
    "min_score",
    "max_score",
    "list",
    "regime",
    "class",
    "assignee",
    "sort",
];

#[derive(Template)]
#[template(path = "alerts.html")]
struct QueuePage<'a> {
    v: &'a Viewer,
    title: &'a str,
    list: AlertList,
    status: String,
    /// The filters given (name, value), as the form shows them again.
    filters: Vec<(&'static str, String)>,
    lists: Vec<String>,
    /// Catalogue regimes (id, name) for the regime filter.
    regimes: Vec<(String, String)>,
    statuses: &'static [&'static str],
    /// The query string without status and paging (tabs and paging add them).
    base: String,
    /// The next page's paging parameter (`before=ID` or `offset=N`).
    older: Option<String>,
    /// This page's query string, carried through an alert and back.
    here: String,
    /// Each row's customer name.
    names: Vec<String>,
    notice: Option<String>,
}

impl QueuePage<'_> {
    fn given(&self, name: &str) -> &str {
        self.filters
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn sort(&self) -> &str {
        Some(self.given("sort"))
            .filter(|s| !s.is_empty())
            .unwrap_or("newest")
    }

    fn name(&self, row: &usize) -> &str {
        self.names.get(*row).map_or("", String::as_str)
    }

    fn count(&self, status: &str) -> usize {
        self.list.counts.get(status).copied().unwrap_or(0)
    }
}

/// `GET /ui/alerts`: the queue, newest first, with counts per status.
pub(crate) async fn queue(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Page {
    v.require(Role::Analyst, "the alert queue")?;
    let mut pairs = crate::common::query_pairs(raw.as_deref());
    let given = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let status = given("status").unwrap_or_else(|| "open".into());
    let decided = given("decided");
    let filters: Vec<(&'static str, String)> = FILTERS
        .iter()
        .filter_map(|k| given(k).map(|v| (*k, v)))
        .collect();
    // The page sets the status (open by default) and its own page size.
    pairs.retain(|(k, _)| k != "limit" && k != "status");
    pairs.push(("status".into(), status.clone()));
    let mut f = alert_filter(&pairs, &v.name).map_err(|e| UiError::bad(&v, e.to_string()))?;
    f.limit = Some(PAGE);
    let sort = f.sort;
    let (list, names) = with_library(&state, &v.actor(), move |lib| {
        let list = lib.alerts(&f)?;
        let names = lib.alert_customer_names(&list.alerts)?;
        Ok((list, names))
    })
    .await?;
    let older = (list.alerts.len() == PAGE)
        .then(|| match sort {
            // Keyset paging: deciding alerts on this page does not shift the next.
            AlertSort::Newest => list.alerts.last().map(|a| format!("before={}", a.id)),
            AlertSort::Oldest => list.alerts.last().map(|a| format!("after={}", a.id)),
            AlertSort::Score => list
                .alerts
                .last()
                .map(|a| format!("below={}%3A{}", a.score, a.id)),
        })
        .flatten();
    let lists = state
        .index()
        .map(|i| {
            i.screener
                .lists()
                .iter()
                .map(|l| l.source.to_string())
                .collect()
        })
        .unwrap_or_default();
    let base: Vec<String> = filters
        .iter()
        .map(|(k, val)| format!("{k}={}", enc(val)))
        .collect();
    render(&QueuePage {
        v: &v,
        title: "Alerts",
        notice: decided.map(|d| format!("Alert {d} decided.")),
        filters,
        lists,
        regimes: embargo::regimes::regimes()
            .into_iter()
            .map(|r| (r.regime.id, r.regime.name))
            .collect(),
        here: {
            let mut here = vec![format!("status={}", enc(&status))];
            here.extend(base.iter().cloned());
            here.join("&")
        },
        base: base.join("&"),
        names,
        status,
        statuses: STATUSES,
        older,
        list,
    })
}

#[derive(Template)]
#[template(path = "alert.html")]
struct AlertPage<'a> {
    v: &'a Viewer,
    title: String,
    a: AlertView,
    error: Option<String>,
    /// The queue's query string the alert was opened from.
    back: String,
}

/// A queue's query string carried through an alert and back: only the
/// characters a form's encoding produces (it ends up in a `Location`).
fn back_query(q: Option<&str>) -> String {
    q.filter(|q| {
        q.len() <= 600
            && q.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=&%-_.~+,".contains(&b))
    })
    .unwrap_or("")
    .to_string()
}

#[derive(Deserialize, Default)]
pub(crate) struct BackForm {
    #[serde(default)]
    back: Option<String>,
}

impl AlertPage<'_> {
    fn highlighted(&self, value: &str) -> &'static str {
        self.a
            .result
            .as_ref()
            .map_or("", |r| super::compared(&r.explanations, value))
    }

    /// Assigned to someone else, and the viewer is no supervisor.
    fn held_by_other(&self) -> bool {
        self.a
            .alert
            .assignee
            .as_deref()
            .is_some_and(|w| w != self.v.name)
            && !self.v.can(super::SUPERVISOR)
    }

    fn assignable(&self) -> bool {
        self.a.alert.status.is_pending()
    }

    /// Whether a false positive (and so an accept) is possible now.
    fn may_accept(&self) -> bool {
        Decision::FalsePositive.moves(self.a.alert.status).is_some()
    }

    /// The decisions the status flow allows now: (value, label).
    fn decisions(&self) -> Vec<(&'static str, &'static str)> {
        Decision::allowed(self.a.alert.status)
            .into_iter()
            .map(|d| {
                let label = match d {
                    Decision::FalsePositive => "False positive",
                    Decision::TrueMatch => "True match",
                    Decision::Escalate => "Escalate",
                    Decision::Close => "Close",
                };
                (d.as_str(), label)
            })
            .collect()
    }
}

async fn alert_page(
    state: &AppState,
    v: &Viewer,
    id: i64,
    error: Option<String>,
    back: String,
) -> Page {
    let a = with_library(state, &v.actor(), move |lib| lib.alert_view(id)).await?;
    let page = AlertPage {
        v,
        title: format!("Alert {id}"),
        a,
        error,
        back,
    };
    let status = if page.error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok((status, axum::response::Html(page.render()?)).into_response())
}

/// `GET /ui/alerts/{id}`.
pub(crate) async fn alert(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<i64>,
    QueryString(q): QueryString<BackForm>,
) -> Page {
    v.require(Role::Analyst, "reading alerts")?;
    alert_page(&state, &v, id, None, back_query(q.back.as_deref())).await
}

#[derive(Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    accept: Option<String>,
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    back: Option<String>,
}

/// `POST /ui/alerts/{id}/decision`: decides as the API does; a decision
/// someone else made first shows the alert as it now is (409).
pub(crate) async fn decide(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    v.require(Role::Analyst, "deciding an alert")?;
    let decision: Decision = f
        .decision
        .parse()
        .map_err(|e: String| UiError::bad(&v, e))?;
    if f.reason.trim().is_empty() {
        return Err(UiError::bad(&v, "a decision needs a reason"));
    }
    let req = DecideRequest {
        decision,
        reason: f.reason.trim().to_string(),
        accept: f.accept.is_some(),
        expected_version: f.version,
        supervisor: v.role >= Role::Supervisor,
    };
    let done = with_library(&state, &v.actor(), move |lib| lib.decide(id, &req)).await;
    let back = back_query(f.back.as_deref());
    // Back to the queue the alert was opened from, filters and all.
    let sep = if back.is_empty() { "" } else { "&" };
    let next = format!("/ui/alerts?{back}{sep}decided={id}");
    changed_alert(&state, &v, id, back, done.map(|_| next)).await
}

#[derive(Deserialize)]
pub(crate) struct AssignForm {
    #[serde(default)]
    csrf: String,
    /// The user; empty: nobody.
    #[serde(default)]
    to: String,
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    back: Option<String>,
}

/// `POST /ui/alerts/{id}/assign`: takes, gives back or (supervisor)
/// assigns an alert, then shows it again.
pub(crate) async fn assign(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<i64>,
    Form(f): Form<AssignForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    v.require(Role::Analyst, "assigning an alert")?;
    let to = f.to.trim();
    let req = AssignRequest {
        to: (!to.is_empty()).then(|| to.to_string()),
        expected_version: f.version,
    };
    let supervisor = v.role >= Role::Supervisor;
    crate::common::check_assignee(&state, &v.name, req.to.as_deref())
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    let done = with_library(&state, &v.actor(), move |lib| {
        lib.assign(id, &req, supervisor)
    })
    .await;
    let back = back_query(f.back.as_deref());
    let next = format!("/ui/alerts/{id}?back={}", enc(&back));
    changed_alert(&state, &v, id, back, done.map(|_| next)).await
}

/// After a decision or an assignment: on to `next`; a conflict (someone
/// else changed the alert first) shows the alert as it now is, with why.
async fn changed_alert(
    state: &AppState,
    v: &Viewer,
    id: i64,
    back: String,
    done: Result<String, ApiError>,
) -> Page {
    match done {
        Ok(next) => Ok(Redirect::to(&next).into_response()),
        Err(e @ ApiError::Conflict { .. }) => {
            alert_page(state, v, id, Some(e.to_string()), back).await
        }
        Err(e) => Err(UiError {
            viewer: Some(v.clone()),
            ..e.into()
        }),
    }
}

#[derive(Template)]
#[template(path = "accept.html")]
struct AcceptPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    entries: Vec<Accepted>,
    all: bool,
}

#[derive(Deserialize, Default)]
pub(crate) struct AllForm {
    #[serde(default)]
    all: Option<String>,
}

/// `GET /ui/accept-list`.
pub(crate) async fn accept_list(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    QueryString(q): QueryString<AllForm>,
) -> Page {
    v.require(Role::Analyst, "the accept-list")?;
    let all = q.all.is_some();
    let entries = with_library(&state, &v.actor(), move |lib| lib.accept_list(all)).await?;
    render(&AcceptPage {
        v: &v,
        title: "Accept-list",
        entries,
        all,
    })
}

#[derive(Deserialize)]
pub(crate) struct RevokeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `POST /ui/accept-list/{id}/revoke` (supervisor).
pub(crate) async fn revoke(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<i64>,
    Form(f): Form<RevokeForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    v.require(Role::Supervisor, "revoking an accept-list entry")?;
    if f.reason.trim().is_empty() {
        return Err(UiError::bad(&v, "revoking needs a reason"));
    }
    with_library(&state, &v.actor(), move |lib| {
        lib.revoke_accept(id, f.reason.trim())
    })
    .await?;
    Ok(Redirect::to("/ui/accept-list").into_response())
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    records: Vec<CustomerVersion>,
    total: usize,
    next: Option<String>,
    report: Option<RegisterReport>,
    profiles: Vec<(&'a str, &'a str)>,
    /// The server's body limit, in MB.
    max_mb: usize,
}

#[derive(Deserialize, Default)]
pub(crate) struct AfterForm {
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

fn profiles(state: &AppState) -> Vec<(&str, &str)> {
    state
        .config()
        .profiles
        .all()
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect()
}

async fn register_page(
    state: &AppState,
    v: &Viewer,
    after: Option<String>,
    report: Option<RegisterReport>,
) -> Page {
    let (records, total) = with_library(state, &v.actor(), move |lib| {
        Ok((
            lib.register_list(after.as_deref(), PAGE)?,
            lib.register_count()?,
        ))
    })
    .await?;
    let next = (records.len() == PAGE)
        .then(|| records.last().map(|r| r.record.id.clone()))
        .flatten();
    render(&RegisterPage {
        v,
        title: "Register",
        records,
        total,
        next,
        report,
        profiles: profiles(state),
        max_mb: state.config().max_body_bytes.div_ceil(1 << 20),
    })
}

/// `GET /ui/register`: the current records (paged by id); `id` opens one.
pub(crate) async fn register(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    QueryString(q): QueryString<AfterForm>,
) -> Page {
    v.require(Role::Analyst, "the customer register")?;
    if let Some(id) = given(&q.id) {
        return Ok(Redirect::to(&format!("/ui/register/{}", enc(id))).into_response());
    }
    register_page(&state, &v, given(&q.after).map(str::to_string), None).await
}

/// The register import form's fields.
#[derive(Default)]
struct ImportForm {
    csrf: String,
    /// Pasted records.
    body: String,
    /// An uploaded file: its name and bytes.
    file: Option<(String, Vec<u8>)>,
    source: Option<String>,
    profile: Option<String>,
    remove_missing: bool,
    no_screen: bool,
}

impl ImportForm {
    async fn read(v: &Viewer, mut mp: Multipart) -> Result<ImportForm, UiError> {
        let bad = |e: axum::extract::multipart::MultipartError| {
            UiError::bad(v, format!("reading the form: {}", e.body_text()))
        };
        let mut f = ImportForm::default();
        while let Some(field) = mp.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                let file_name = field.file_name().unwrap_or("uploaded file").to_string();
                let bytes = field.bytes().await.map_err(bad)?;
                if !bytes.is_empty() {
                    f.file = Some((file_name, bytes.to_vec()));
                }
                continue;
            }
            let text = field.text().await.map_err(bad)?;
            match name.as_str() {
                "csrf" => f.csrf = text,
                "body" => f.body = text,
                "source" => f.source = Some(text),
                "profile" => f.profile = Some(text),
                "remove_missing" => f.remove_missing = true,
                "no_screen" => f.no_screen = true,
                _ => {}
            }
        }
        Ok(f)
    }
}

/// `POST /ui/register`: register records uploaded as a file or pasted, as
/// JSON lines or CSV, as `embargo register import` reads them; screens
/// what is new or changed.
pub(crate) async fn register_import(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    mp: Multipart,
) -> Page {
    let f = ImportForm::read(&v, mp).await?;
    v.check_csrf(&f.csrf)?;
    v.require(Role::Analyst, "importing register records")?;
    let (name, body) = match f.file {
        Some(file) => file,
        None if !f.body.trim().is_empty() => ("pasted records".to_string(), f.body.into_bytes()),
        None => {
            return Err(UiError::bad(
                &v,
                "choose a file or paste the records to import (JSON lines or CSV with a header)",
            ));
        }
    };
    let profile = given(&f.profile)
        .map(|p| crate::common::profile(&state, p, "profile"))
        .transpose()
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    let opts = RegisterOptions {
        source: given(&f.source).unwrap_or("default").to_string(),
        remove_missing: f.remove_missing,
        no_screen: f.no_screen,
        ..RegisterOptions::default()
    };
    let report = with_library(&state, &v.actor(), move |lib| {
        lib.register_import_bytes(
            std::path::Path::new(&name),
            &body,
            &opts,
            profile.as_ref(),
            None,
            &|_, _| {},
        )
    })
    .await
    .map_err(|e| UiError::bad(&v, e.to_string()))?;
    register_page(&state, &v, None, Some(report)).await
}

/// One version of a register record and what changed from the one before.
struct VersionRow<'a> {
    v: &'a CustomerVersion,
    changes: Vec<String>,
}

#[derive(Template)]
#[template(path = "customer.html")]
struct CustomerPage<'a> {
    v: &'a Viewer,
    title: String,
    id: String,
    c: &'a CustomerView,
    versions: Vec<VersionRow<'a>>,
}

fn changes(old: &CustomerVersion, new: &CustomerVersion) -> Vec<String> {
    let (a, b) = (&old.record.properties, &new.record.properties);
    let mut out = Vec::new();
    for k in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
        let (x, y) = (a.get(k), b.get(k));
        if x != y {
            let show =
                |v: Option<&Vec<String>>| v.map(|v| v.join(", ")).unwrap_or_else(|| "—".into());
            out.push(format!("{k}: {} → {}", show(x), show(y)));
        }
    }
    if old.record.schema != new.record.schema {
        out.push(format!(
            "schema: {} → {}",
            old.record.schema, new.record.schema
        ));
    }
    out
}

/// `GET /ui/register/{id}`: versions with what changed, alerts past and open.
pub(crate) async fn customer(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<String>,
) -> Page {
    v.require(Role::Analyst, "the customer register")?;
    let asked = id.clone();
    let c = with_library(&state, &v.actor(), move |lib| lib.customer_view(&asked)).await?;
    let versions = c
        .versions
        .iter()
        .enumerate()
        .map(|(i, ver)| VersionRow {
            v: ver,
            changes: if i == 0 {
                vec!["first version".into()]
            } else {
                changes(&c.versions[i - 1], ver)
            },
        })
        .rev()
        .collect();
    render(&CustomerPage {
        v: &v,
        title: format!("Register record {id}"),
        id,
        c: &c,
        versions,
    })
}

#[derive(Template)]
#[template(path = "runs.html")]
struct RunsPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    runs: Vec<RunInfo>,
    profiles: Vec<(&'a str, &'a str)>,
}

/// `GET /ui/runs`.
pub(crate) async fn runs(State(state): State<AppState>, axum::Extension(v): Seen) -> Page {
    v.require(Role::Analyst, "monitoring runs")?;
    let runs = with_library(&state, &v.actor(), |lib| lib.runs(50)).await?;
    render(&RunsPage {
        v: &v,
        title: "Runs",
        runs,
        profiles: profiles(&state),
    })
}

#[derive(Deserialize)]
pub(crate) struct RunForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    profile: Option<String>,
}

/// `POST /ui/runs`: starts a run in the background and opens its page.
pub(crate) async fn run_start(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Form(f): Form<RunForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    v.require(Role::Analyst, "starting a run")?;
    let mode: RunMode = f.mode.parse().map_err(|e: String| UiError::bad(&v, e))?;
    let profile = given(&f.profile)
        .map(|p| crate::common::profile(&state, p, "profile"))
        .transpose()
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    let run = crate::common::start_run(&state, &v.name, mode, profile, None)
        .await
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    let (crate::common::Started::Running(r) | crate::common::Started::Finished(r)) = run;
    Ok(Redirect::to(&format!("/ui/runs/{}", r.id)).into_response())
}

#[derive(Template)]
#[template(path = "run.html")]
struct RunPage<'a> {
    v: &'a Viewer,
    title: String,
    r: RunInfo,
    lists: String,
}

/// `GET /ui/runs/{id}`: a run's settings, lists and counts; a running one
/// updates itself every two seconds.
pub(crate) async fn run(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<i64>,
) -> Page {
    v.require(Role::Analyst, "monitoring runs")?;
    let r = with_library(&state, &v.actor(), move |lib| lib.run_info(id)).await?;
    let lists = serde_json::to_string_pretty(&r.settings.lists).unwrap_or_default();
    render(&RunPage {
        v: &v,
        title: format!("Run {id}"),
        r,
        lists,
    })
}
