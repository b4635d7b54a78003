//! Lists and their diffs, trade (shipment check, caps chart) and the audit
//! trail.

use super::chart::{Mark, period_svg};
use super::{Me, Page, Seen, UiError, Viewer, given, render};
use crate::AppState;
use crate::auth::Role;
use crate::monitor::with_library;
use askama::Template;
use axum::extract::{Form, Query as QueryString, State};
use axum::response::{IntoResponse, Redirect};
use embargo::library::{DiffReport, ListRow};
use embargo::monitor::{AuditFilter, AuditRecord, Verification};
use embargo::shipments::{self, NaiveDate, Report, Shipment, Verdict};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "lists.html")]
struct ListsPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    active: Vec<ListRow>,
    history: Vec<ListRow>,
}

/// `GET /ui/lists`: active snapshots and the import history.
pub(crate) async fn lists(State(state): State<AppState>, axum::Extension(v): Seen) -> Page {
    let (active, history) = with_library(&state, &v.actor(), |lib| {
        Ok((lib.lists(false)?, lib.lists(true)?))
    })
    .await?;
    render(&ListsPage {
        v: &v,
        title: "Lists",
        active,
        history,
    })
}

#[derive(Deserialize, Default)]
pub(crate) struct DiffForm {
    #[serde(default)]
    old: Option<String>,
    #[serde(default)]
    new: Option<String>,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage<'a> {
    v: &'a Viewer,
    title: String,
    d: DiffReport,
}

/// `GET /ui/lists/diff?old=&new=`: designations added, removed, changed
/// between two snapshots of one list.
pub(crate) async fn diff(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    QueryString(q): QueryString<DiffForm>,
) -> Page {
    let (Some(old), Some(new)) = (given(&q.old), given(&q.new)) else {
        return Err(UiError::bad(
            &v,
            "choose two snapshots of one list (old and new)",
        ));
    };
    let (old, new) = (old.to_string(), new.to_string());
    let title = format!("Snapshot {old} → {new}");
    let d = with_library(&state, &v.actor(), move |lib| lib.diff(&old, &new, None))
        .await
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    render(&DiffPage { v: &v, title, d })
}

const EXAMPLE_SHIPMENT: &str = r#"{"date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn",
 "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
 "exporter": {"name": "Korea Mining Development Trading Corporation"},
 "no_programme_revenue": true}"#;

#[derive(Template)]
#[template(path = "trade.html")]
struct TradePage<'a> {
    v: &'a Viewer,
    title: &'a str,
    body: String,
    profile: String,
    profiles: Vec<(&'a str, &'a str)>,
    verdict: Option<Verdict>,
    verdict_json: String,
}

fn trade_page<'a>(
    state: &'a AppState,
    v: &'a Viewer,
    body: String,
    profile: String,
    verdict: Option<Verdict>,
) -> Page {
    let verdict_json = verdict
        .as_ref()
        .and_then(|x| serde_json::to_string_pretty(x).ok())
        .unwrap_or_default();
    render(&TradePage {
        v,
        title: "Trade",
        body,
        profile,
        profiles: state
            .config()
            .profiles
            .all()
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect(),
        verdict,
        verdict_json,
    })
}

/// `GET /ui/trade`: the shipment form.
pub(crate) async fn trade(State(state): State<AppState>, axum::Extension(v): Seen) -> Page {
    v.require(Role::Analyst, "checking shipments")?;
    trade_page(&state, &v, EXAMPLE_SHIPMENT.into(), "un".into(), None)
}

#[derive(Deserialize)]
pub(crate) struct TradeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    profile: String,
}

/// `POST /ui/trade`: a shipment (the CLI's JSON) → verdict with reasons.
pub(crate) async fn trade_check(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Form(f): Form<TradeForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    v.require(Role::Analyst, "checking shipments")?;
    let value: serde_json::Value = serde_json::from_str(&f.body).map_err(|e| {
        UiError::bad(
            &v,
            format!(
                "the shipment is not JSON: line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let shipment = Shipment::from_value(&value)
        .map_err(|e| UiError::bad(&v, format!("{}: {}", e.field, e.problem)))?;
    let profile = crate::common::profile(&state, &f.profile, "profile")
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    let idx = state.index()?;
    let st = state.clone();
    let verdict = tokio::task::spawn_blocking(move || {
        st.with_ledger(|ledger| {
            Ok(shipments::check_shipment(
                &shipment,
                &profile,
                Some(&idx.screener),
                ledger,
            )?)
        })
    })
    .await
    .map_err(crate::ApiError::from)??;
    trade_page(&state, &v, f.body, f.profile, Some(verdict))
}

#[derive(Deserialize, Default)]
pub(crate) struct CapsForm {
    #[serde(default)]
    cap: Option<String>,
    #[serde(default)]
    at: Option<String>,
}

/// One cap on the dashboard.
struct CapView {
    id: String,
    title: String,
    citation: String,
    stop: bool,
    /// Per period: label, utilisation, notices (text), chart.
    periods: Vec<(String, f64, Vec<String>, String)>,
}

#[derive(Template)]
#[template(path = "caps.html")]
struct CapsPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    at: String,
    caps: Vec<CapView>,
    ids: Vec<String>,
    cap: String,
}

/// `GET /ui/caps?cap=&at=`: each cap's utilisation over time per period,
/// with the 75/90/95 % lines and the notices reached.
pub(crate) async fn caps(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    QueryString(q): QueryString<CapsForm>,
) -> Page {
    v.require(Role::Analyst, "the caps dashboard")?;
    let at = match given(&q.at) {
        Some(s) => shipments::parse_date(s).map_err(|e| UiError::bad(&v, e.to_string()))?,
        None => chrono::Utc::now().date_naive(),
    };
    let cap = given(&q.cap).map(str::to_string);
    let st = state.clone();
    let (ids, series) = tokio::task::spawn_blocking(move || {
        st.with_ledger(|ledger| {
            let ids: Vec<String> = ledger.caps().iter().map(|c| c.id.clone()).collect();
            let mut out = Vec::new();
            for id in ids
                .iter()
                .filter(|id| cap.as_deref().is_none_or(|c| c == id.as_str()))
            {
                out.push(shipments::cap_series(ledger, id, at)?);
            }
            Ok((ids, out))
        })
    })
    .await
    .map_err(crate::ApiError::from)??;
    let caps = series
        .into_iter()
        .map(|s| CapView {
            periods: s
                .status
                .periods
                .iter()
                .zip(&s.points)
                .filter(|(p, pts)| {
                    !pts.is_empty()
                        || s.status
                            .current
                            .is_some_and(|c| s.status.periods[c].start == p.start)
                })
                .map(|(p, pts)| {
                    let marks: Vec<Mark> = p
                        .notices
                        .iter()
                        .map(|n| Mark {
                            day: n.reached_on,
                            utilisation: n.utilisation,
                            label: format!("{:.0} % · {:?}", n.percent, n.action),
                        })
                        .collect();
                    let notices = p
                        .notices
                        .iter()
                        .map(|n| {
                            format!(
                                "{:.0} % reached on {} ({:.1} % used): {:?}{}",
                                n.percent,
                                n.reached_on,
                                n.utilisation * 100.0,
                                n.action,
                                if n.unverified { " (unverified)" } else { "" }
                            )
                        })
                        .collect();
                    let svg = period_svg(
                        &format!("{} {}: utilisation over time", s.status.title, p.label),
                        p.start,
                        p.last_day,
                        pts,
                        &marks,
                    );
                    (p.label.clone(), p.utilisation, notices, svg)
                })
                .collect(),
            id: s.status.cap.clone(),
            title: s.status.title.clone(),
            citation: s.status.citation.clone(),
            stop: s.status.stop,
        })
        .collect();
    render(&CapsPage {
        v: &v,
        title: "Caps",
        at: at.to_string(),
        caps,
        ids,
        cap: given(&q.cap).unwrap_or("").to_string(),
    })
}

#[derive(Deserialize)]
pub(crate) struct CapReportForm {
    #[serde(default)]
    csrf: String,
    cap: String,
    state: String,
    date: String,
    #[serde(default)]
    quantity: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    reference: Option<String>,
}

/// `POST /ui/caps`: records a reported procurement or supply.
pub(crate) async fn caps_report(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Form(f): Form<CapReportForm>,
) -> Page {
    v.check_csrf(&f.csrf)?;
    v.require(Role::Analyst, "recording a cap report")?;
    let num = |field: &str, s: &Option<String>| -> Result<Option<f64>, UiError> {
        given(s)
            .map(|s| {
                s.replace([',', '_', ' '], "")
                    .parse::<f64>()
                    .map_err(|_| UiError::bad(&v, format!("{field}: {s:?} is not a number")))
            })
            .transpose()
    };
    let date: NaiveDate =
        shipments::parse_date(&f.date).map_err(|e| UiError::bad(&v, e.to_string()))?;
    let report = Report {
        state: f.state.trim().to_string(),
        cap: f.cap.trim().to_string(),
        date,
        quantity: num("quantity", &f.quantity)?,
        unit: given(&f.unit).map(str::to_string),
        value: num("value", &f.value)?,
        currency: given(&f.currency).map(str::to_string),
        reference: given(&f.reference).map(str::to_string),
    };
    let st = state.clone();
    let cap = report.cap.clone();
    tokio::task::spawn_blocking(move || {
        st.with_ledger(|ledger| Ok(shipments::record_report(ledger, &report)?))
    })
    .await
    .map_err(crate::ApiError::from)?
    .map_err(|e| UiError::bad(&v, e.to_string()))?;
    Ok(Redirect::to(&format!("/ui/caps?cap={}&at={date}", super::enc(&cap))).into_response())
}

#[derive(Deserialize, Default)]
pub(crate) struct AuditForm {
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    receipt: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    q: AuditForm,
    verify: Option<Verification>,
    records: Vec<AuditRecord>,
    receipt: Option<(String, String)>,
}

impl AuditPage<'_> {
    fn field<'b>(&self, s: &'b Option<String>) -> &'b str {
        s.as_deref().unwrap_or("")
    }
}

/// `GET /ui/audit`: the log with filters, the chain's verification
/// (supervisors) and a receipt lookup (a screener sees their own).
pub(crate) async fn audit(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    QueryString(q): QueryString<AuditForm>,
) -> Page {
    let supervisor = v.role >= Role::Supervisor;
    let filter = AuditFilter {
        from: given(&q.from).map(str::to_string),
        to: given(&q.to).map(str::to_string),
        action: given(&q.action).map(str::to_string),
        object: given(&q.object).map(str::to_string),
        limit: Some(200),
    };
    let receipt_id = given(&q.receipt).map(str::to_string);
    let me = v.name.clone();
    let (verify, records, receipt) = with_library(&state, &v.actor(), move |lib| {
        let (verify, records) = if supervisor {
            (Some(lib.audit_verify()?), lib.audit_records(&filter)?)
        } else {
            (None, Vec::new())
        };
        let receipt = match receipt_id {
            Some(id) => match lib.receipt(&id) {
                Ok(r) if supervisor || r.actor == me => {
                    Some((id, serde_json::to_string_pretty(&r).unwrap_or_default()))
                }
                // As for an unknown id: whether it exists is not this viewer's to know.
                _ => Some((id, String::new())),
            },
            None => None,
        };
        Ok((verify, records, receipt))
    })
    .await?;
    render(&AuditPage {
        v: &v,
        title: "Audit",
        q,
        verify,
        records,
        receipt,
    })
}
