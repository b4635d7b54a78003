//! Screen page and hit detail.

use super::{Me, Page, Seen, UiError, Viewer, enc, given, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryString, State};
use embargo::monitor::{FieldRow, side_by_side};
use embargo::screen::ResultRow;
use embargo::{Query, SearchOptions, prop};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The screen form (a GET: a screening changes nothing but the receipt,
/// and its result can be linked and reloaded).
#[derive(Deserialize, Default, Clone)]
pub(crate) struct ScreenForm {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub nationality: Option<String>,
    #[serde(default)]
    pub id_type: Option<String>,
    #[serde(default)]
    pub id_value: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
}

/// Identifier kinds the form offers: (property, label).
pub(crate) const ID_TYPES: &[(&str, &str)] = &[
    (prop::PASSPORT_NUMBER, "Passport"),
    (prop::ID_NUMBER, "National ID"),
    (prop::IMO_NUMBER, "IMO number"),
    (prop::REGISTRATION_NUMBER, "Registration"),
    (prop::TAX_NUMBER, "Tax number"),
];

impl ScreenForm {
    fn properties(&self) -> BTreeMap<String, Vec<String>> {
        let mut p = BTreeMap::new();
        let mut put = |k: &str, v: Option<&str>| {
            if let Some(v) = v {
                p.insert(k.to_string(), vec![v.to_string()]);
            }
        };
        put(prop::NAME, given(&self.name));
        put(prop::BIRTH_DATE, given(&self.birth_date));
        put(prop::NATIONALITY, given(&self.nationality));
        if let Some(t) = given(&self.id_type)
            && ID_TYPES.iter().any(|(k, _)| *k == t)
        {
            put(t, given(&self.id_value));
        }
        p
    }

    /// The form as a query string (links to a hit keep the query).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("name", &self.name),
            ("schema", &self.schema),
            ("birth_date", &self.birth_date),
            ("nationality", &self.nationality),
            ("id_type", &self.id_type),
            ("id_value", &self.id_value),
            ("profile", &self.profile),
        ] {
            if let Some(v) = given(v) {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        parts.join("&")
    }

    fn schema(&self) -> Option<&str> {
        given(&self.schema).filter(|s| *s != "any")
    }

    fn profile(&self) -> &str {
        given(&self.profile).unwrap_or("all")
    }
}

#[derive(Template)]
#[template(path = "screen.html")]
struct ScreenPage<'a> {
    v: &'a Viewer,
    title: &'a str,
    f: &'a ScreenForm,
    profiles: Vec<(&'a str, &'a str)>,
    id_types: &'static [(&'static str, &'static str)],
    results: Option<Vec<ResultRow>>,
    receipt: Option<String>,
    threshold: f32,
    snapshots: String,
    qs: String,
}

fn bad_query(v: &Viewer, e: embargo::QueryError) -> UiError {
    UiError::bad(v, embargo::Error::from(e).to_string())
}

/// Screens the form's query; records a receipt as the API does.
async fn run_screen(
    state: &AppState,
    v: &Viewer,
    f: &ScreenForm,
    limit: usize,
) -> Result<(Vec<ResultRow>, String, String), UiError> {
    let profile = crate::common::profile(state, f.profile(), "profile")
        .map_err(|e| UiError::bad(v, e.to_string()))?;
    let q = Query::from_properties(f.schema(), &f.properties()).map_err(|e| bad_query(v, e))?;
    let search = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    let (results, idx, receipt) = crate::common::screen_recorded(
        state,
        &v.name,
        "ui.screen",
        json!({"query": q}),
        &q,
        search,
        &profile,
    )
    .await?;
    let snapshots = idx
        .screener
        .lists()
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.source,
                l.published.as_deref().unwrap_or("(undated)")
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    Ok((results, receipt, snapshots))
}

/// `GET /ui/screen`.
pub(crate) async fn screen(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    QueryString(f): QueryString<ScreenForm>,
) -> Page {
    let (results, receipt, snapshots) = if given(&f.name).is_some() {
        let (r, id, s) = run_screen(&state, &v, &f, 10).await?;
        (Some(r), Some(id), s)
    } else {
        (None, None, String::new())
    };
    let profiles = state
        .config()
        .profiles
        .all()
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    render(&ScreenPage {
        v: &v,
        title: "Screen",
        qs: f.query_string(),
        f: &f,
        profiles,
        id_types: ID_TYPES,
        results,
        receipt,
        threshold: embargo::DEFAULT_THRESHOLD,
        snapshots,
    })
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage<'a> {
    v: &'a Viewer,
    title: String,
    view: embargo::entity::EntityView,
    hit: Option<ResultRow>,
    fields: Vec<FieldRow>,
    qs: String,
    properties: Vec<(String, String)>,
}

impl EntityPage<'_> {
    fn highlighted(&self, value: &str) -> &'static str {
        self.hit
            .as_ref()
            .map_or("", |h| super::compared(&h.explanations, value))
    }
}

/// `GET /ui/entities/{id}`: a listed record; with the screen form's query,
/// the query beside it field by field with the explanation.
pub(crate) async fn entity(
    State(state): State<AppState>,
    axum::Extension(v): Seen,
    Path(id): Path<String>,
    QueryString(f): QueryString<ScreenForm>,
) -> Page {
    let profile = crate::common::profile(&state, f.profile(), "profile")
        .map_err(|e| UiError::bad(&v, e.to_string()))?;
    let idx = state.index()?;
    let view = idx.screener.entity_view(&id, &profile)?;
    let (hit, fields) = if given(&f.name).is_some() {
        let (rows, _, _) = run_screen(&state, &v, &f, 50).await?;
        let hit = rows
            .into_iter()
            .find(|r| r.id == id || r.records.iter().any(|g| g.id == id));
        let records: Vec<embargo::Entity> = match &hit {
            Some(h) => h
                .records
                .iter()
                .filter_map(|g| idx.screener.entity(&g.id).cloned())
                .collect(),
            None => vec![view.entity.clone()],
        };
        (hit, side_by_side(&f.properties(), &records))
    } else {
        (None, Vec::new())
    };
    let properties = view
        .entity
        .properties
        .iter()
        .map(|(k, vals)| (k.clone(), vals.join(" · ")))
        .collect::<Vec<_>>();
    render(&EntityPage {
        v: &v,
        title: format!("{} — listed record", view.entity.caption()),
        hit,
        fields,
        qs: f.query_string(),
        properties,
        view,
    })
}
