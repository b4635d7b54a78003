//! The route table: the router, the roles, `/openapi.json` and the page at
//! `/` are all built from it, so they cannot disagree.

use crate::auth::Role;
use crate::{AppState, api, monitor, yente};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};

/// One endpoint.
pub struct Route {
    /// HTTP method.
    pub method: &'static str,
    /// Path (axum syntax, `{param}`).
    pub path: &'static str,
    /// Role needed; `None` for public endpoints (probes, docs, metrics).
    pub role: Option<Role>,
    /// What it does.
    pub summary: &'static str,
    /// Request body schema name in `components.schemas`, if any.
    pub body: Option<&'static str>,
    /// Query parameters: (name, description).
    pub params: &'static [(&'static str, &'static str)],
}

const MATCH_PARAMS: &[(&str, &str)] = &[
    (
        "threshold",
        "score at or above which `match` is true (default 0.80)",
    ),
    ("cutoff", "drop results scoring below (default 0.50)"),
    ("limit", "results per query (default 5, at most 500)"),
    (
        "algorithm",
        "accepted for yente compatibility; embargo-v1 is always used and reported",
    ),
    ("include_dataset", "repeatable: only these datasets"),
    ("exclude_dataset", "repeatable: not these datasets"),
    ("exclude_schema", "repeatable: drop results of this schema"),
    (
        "topics",
        "repeatable: every embargo entity has topic `sanction`",
    ),
    (
        "changed_since",
        "ISO date: only targets with a designation listed on or after it",
    ),
    ("exclude_entity_ids", "repeatable: drop these entities"),
    (
        "profile",
        "jurisdiction profile deciding `match` (default all)",
    ),
];

/// Every endpoint.
pub const ROUTES: &[Route] = &[
    Route {
        method: "post",
        path: "/match/{dataset}",
        role: Some(Role::Screener),
        summary: "yente-compatible matching: dataset is a source (un_sc, us_ofac_sdn...), all, default or sanctions",
        body: Some("MatchRequest"),
        params: MATCH_PARAMS,
    },
    Route {
        method: "post",
        path: "/v1/screen",
        role: Some(Role::Screener),
        summary: "screen one query ({schema, properties}) or a batch ({queries: [...]}) under a profile",
        body: Some("ScreenRequest"),
        params: &[],
    },
    Route {
        method: "get",
        path: "/v1/entities/{id}",
        role: Some(Role::Screener),
        summary: "one listed entity with every designation, its legal basis and classification",
        body: None,
        params: &[("profile", "jurisdiction profile (default all)")],
    },
    Route {
        method: "get",
        path: "/v1/catalog",
        role: Some(Role::Screener),
        summary: "active list snapshots: source, publication date, SHA-256, counts, serving",
        body: None,
        params: &[],
    },
    Route {
        method: "post",
        path: "/v1/shipments/check",
        role: Some(Role::Analyst),
        summary: "a shipment against goods measures, caps and the lists → verdict with reasons",
        body: Some("Shipment"),
        params: &[
            (
                "profile",
                "jurisdiction profile whose trade_regimes bind (default un)",
            ),
            ("screening", "screen parties and vessel (default true)"),
        ],
    },
    Route {
        method: "get",
        path: "/v1/caps/status",
        role: Some(Role::Analyst),
        summary: "cap utilisation per period, notices reached, whether shipments must stop",
        body: None,
        params: &[
            ("cap", "one cap id (default all)"),
            ("at", "date YYYY-MM-DD (default today)"),
        ],
    },
    Route {
        method: "post",
        path: "/v1/caps/reports",
        role: Some(Role::Analyst),
        summary: "record a reported procurement or supply against a cap",
        body: Some("CapReport"),
        params: &[],
    },
    Route {
        method: "post",
        path: "/v1/admin/reload",
        role: Some(Role::Admin),
        summary: "rebuild the index from the store's active snapshots and swap it atomically",
        body: None,
        params: &[("if_changed", "only when the active snapshots changed")],
    },
    Route {
        method: "post",
        path: "/v1/register",
        role: Some(Role::Analyst),
        summary: "import register records (body: JSON lines or CSV with a stable id); screens the added and changed ones",
        body: None,
        params: &[
            ("source", "register source name"),
            (
                "remove_missing",
                "retire records of this source absent from the body",
            ),
            ("skip_invalid", "import the good rows, list the bad ones"),
            ("no_screen", "do not screen now"),
            ("profile", "jurisdiction profile"),
            ("threshold", "score threshold"),
        ],
    },
    Route {
        method: "get",
        path: "/v1/register/{id}",
        role: Some(Role::Analyst),
        summary: "one register record with its versions and alerts",
        body: None,
        params: &[],
    },
    Route {
        method: "post",
        path: "/v1/runs",
        role: Some(Role::Analyst),
        summary: "start a run: {mode: full|delta|resume, profile, threshold}; 202 with the run",
        body: Some("RunRequest"),
        params: &[],
    },
    Route {
        method: "get",
        path: "/v1/runs",
        role: Some(Role::Analyst),
        summary: "monitoring runs, newest first",
        body: None,
        params: &[("limit", "at most this many (default 20)")],
    },
    Route {
        method: "get",
        path: "/v1/runs/{id}",
        role: Some(Role::Analyst),
        summary: "one run: settings, lists (sha256), progress and counts",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/v1/alerts",
        role: Some(Role::Analyst),
        summary: "alerts with counts per status",
        body: None,
        params: &[
            (
                "status",
                "repeatable or comma-separated: open, escalated, true-match, false-positive, closed, delisted, lapsed, superseded",
            ),
            ("run", "raised by this run"),
            ("customer", "this customer"),
            ("min_score", "minimum score"),
            ("max_score", "maximum score"),
            ("list", "only targets of this list (un_sc, us_ofac_sdn...)"),
            (
                "regime",
                "only targets with a designation under this catalogue regime (UN-1718...)",
            ),
            (
                "class",
                "only targets of this class under the run's profile: binding, exposure, informational",
            ),
            (
                "assignee",
                "only alerts assigned to: me, nobody, or a user name",
            ),
            ("sort", "newest (default), oldest or score"),
            ("before", "alert id, for keyset paging newest first"),
            ("after", "alert id, for keyset paging oldest first"),
            (
                "below",
                "SCORE:ID of the last row, for keyset paging by score",
            ),
            ("offset", "rows to skip, for paging the other orders"),
            ("limit", "at most this many (default 100)"),
        ],
    },
    Route {
        method: "get",
        path: "/v1/alerts/{id}",
        role: Some(Role::Analyst),
        summary: "one alert: customer and listed record field by field, explanation, designations, decisions, history",
        body: None,
        params: &[],
    },
    Route {
        method: "post",
        path: "/v1/alerts/{id}/decision",
        role: Some(Role::Analyst),
        summary: "decide an alert: {decision, reason, accept, version}; 409 with the current alert if it changed",
        body: Some("DecisionRequest"),
        params: &[],
    },
    Route {
        method: "post",
        path: "/v1/alerts/{id}/assign",
        role: Some(Role::Analyst),
        summary: "assign an open or escalated alert: {to, version} (to null: nobody); to others, or from others, needs a supervisor; 409 if it changed",
        body: Some("AssignRequest"),
        params: &[],
    },
    Route {
        method: "get",
        path: "/v1/accept-list",
        role: Some(Role::Analyst),
        summary: "the accept-list",
        body: None,
        params: &[("all", "include revoked and lapsed entries")],
    },
    Route {
        method: "post",
        path: "/v1/accept-list/{id}/revoke",
        role: Some(Role::Supervisor),
        summary: "revoke an accept-list entry: {reason}",
        body: Some("RevokeRequest"),
        params: &[],
    },
    Route {
        method: "get",
        path: "/v1/audit/verify",
        role: Some(Role::Supervisor),
        summary: "verify the hash-chained audit trail; names the first bad record",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/v1/audit/receipts/{id}",
        role: Some(Role::Screener),
        summary: "a screening receipt: what was asked, when, by whom, on which lists, and the answer (a key reads its owner's receipts; supervisors all)",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/healthz",
        role: None,
        summary: "liveness",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/readyz",
        role: None,
        summary: "readiness: 503 until the index is loaded",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/metrics",
        role: None,
        summary: "Prometheus metrics: requests, latency, reloads, snapshot age",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/openapi.json",
        role: None,
        summary: "this API's OpenAPI 3.1 description",
        body: None,
        params: &[],
    },
    Route {
        method: "get",
        path: "/",
        role: None,
        summary: "a browsable page describing the API",
        body: None,
        params: &[],
    },
];

/// The handler of a route.
pub(crate) fn endpoint(method: &str, path: &str) -> Option<MethodRouter<AppState>> {
    if (method, path) == ("get", "/v1/runs") {
        return Some(get(monitor::runs));
    }
    Some(match path {
        "/match/{dataset}" => post(yente::match_entities),
        "/v1/screen" => post(api::screen),
        "/v1/entities/{id}" => get(api::entity),
        "/v1/catalog" => get(api::catalog),
        "/v1/shipments/check" => post(api::check_shipment),
        "/v1/caps/status" => get(api::caps_status),
        "/v1/caps/reports" => post(api::caps_report),
        "/v1/admin/reload" => post(api::reload),
        "/v1/register" => post(monitor::register_import),
        "/v1/register/{id}" => get(monitor::register_get),
        "/v1/runs" => post(monitor::run_start),
        "/v1/runs/{id}" => get(monitor::run_get),
        "/v1/alerts" => get(monitor::alerts),
        "/v1/alerts/{id}" => get(monitor::alert_get),
        "/v1/alerts/{id}/decision" => post(monitor::decide),
        "/v1/alerts/{id}/assign" => post(monitor::assign),
        "/v1/accept-list" => get(monitor::accept_list),
        "/v1/accept-list/{id}/revoke" => post(monitor::accept_revoke),
        "/v1/audit/verify" => get(monitor::audit_verify),
        "/v1/audit/receipts/{id}" => get(monitor::receipt),
        "/healthz" => get(api::healthz),
        "/readyz" => get(api::readyz),
        "/metrics" => get(api::metrics),
        "/openapi.json" => get(|| async { axum::Json(openapi()) }),
        "/" => get(|| async { axum::response::Html(page()) }),
        _ => return None,
    })
}

fn error_response(desc: &str) -> Value {
    json!({"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    let mut paths = serde_json::Map::new();
    for r in ROUTES {
        let mut params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|p| json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        params.extend(r.params.iter().map(|(n, d)| {
            json!({"name": n, "in": "query", "required": false, "description": d, "schema": {"type": "string"}})
        }));
        let mut responses = json!({
            "200": {"description": "OK", "content": {"application/json": {}}},
            "400": error_response("malformed request (what and where)"),
            "503": error_response("index not loaded yet, or timed out"),
        });
        if r.role.is_some() {
            responses["401"] = error_response("no or unknown API key");
            responses["403"] = error_response("the key's role may not call this");
        }
        if r.body.is_some() {
            responses["413"] = error_response("body or batch too large");
            responses["422"] = error_response("well-formed but unusable input");
        }
        let mut op = json!({
            "summary": r.summary,
            "operationId": format!("{}{}", r.method, r.path.replace(['/', '{', '}', '.'], "_")),
            "parameters": params,
            "responses": responses,
        });
        if let Some(role) = r.role {
            op["security"] = json!([{"bearer": []}, {"apiKey": []}]);
            op["x-embargo-role"] = json!(role.as_str());
        }
        if let Some(b) = r.body {
            op["requestBody"] = json!({"required": true, "content": {"application/json":
                {"schema": {"$ref": format!("#/components/schemas/{b}")}}}});
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method] = op;
    }
    let props = json!({"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"name": ["Kim Jong Un"], "birthDate": ["1984"], "nationality": ["kp"]}});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "embargo", "version": crate::common::VERSION,
            "description": "Regime-aware sanctions screening. /match is compatible with OpenSanctions' yente; every response carries an `embargo` object naming the engine version, algorithm, threshold, profile and the list snapshots (SHA-256) used."},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
            "schemas": {
                "EntityExample": {"type": "object", "required": ["schema"], "properties": {
                    "id": {"type": "string"}, "schema": {"type": "string", "example": "Person"}, "properties": props}},
                "MatchRequest": {"type": "object", "required": ["queries"], "properties": {
                    "queries": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/EntityExample"}}}},
                "ScreenRequest": {"type": "object", "properties": {
                    "schema": {"type": "string"}, "properties": props,
                    "queries": {"type": "array", "items": {"$ref": "#/components/schemas/EntityExample"}},
                    "profile": {"type": "string", "example": "un"}, "limit": {"type": "integer"},
                    "threshold": {"type": "number"}, "cutoff": {"type": "number"}}},
                "Shipment": {"type": "object", "description": "as `embargo check-shipment` reads it: date, direction, origin, destination, hs_code, quantity, unit, value, currency, parties, vessel, exemptions"},
                "CapReport": {"type": "object", "required": ["state", "cap", "date"], "properties": {
                    "state": {"type": "string"}, "cap": {"type": "string", "example": "coal-2321"},
                    "date": {"type": "string", "example": "2017-01"}, "quantity": {"type": "number"},
                    "unit": {"type": "string"}, "value": {"type": "number"}, "currency": {"type": "string"},
                    "reference": {"type": "string"}}},
                "RunRequest": {"type": "object", "properties": {
                    "mode": {"type": "string", "enum": ["full", "delta", "resume"]},
                    "profile": {"type": "string"}, "threshold": {"type": "number"}}},
                "DecisionRequest": {"type": "object", "required": ["decision", "reason"], "properties": {
                    "decision": {"type": "string", "enum": ["true-match", "false-positive", "escalate", "close"]},
                    "reason": {"type": "string"}, "accept": {"type": "boolean"},
                    "version": {"type": "integer", "description": "the alert's row_version as read; a stale one answers 409"}}},
                "AssignRequest": {"type": "object", "properties": {
                    "to": {"type": ["string", "null"], "description": "user name; absent or null: nobody"},
                    "version": {"type": "integer", "description": "the alert's row_version as read; a stale one answers 409"}}},
                "RevokeRequest": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "status": {"type": "integer"}, "message": {"type": "string"}, "where": {"type": ["string", "null"]}}}}},
            }
        }
    })
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page at `/`: the endpoints and a form that calls /v1/screen.
pub fn page() -> String {
    let rows: String = ROUTES
        .iter()
        .map(|r| {
            format!(
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                r.method.to_uppercase(),
                html_escape(r.path),
                r.role.map(Role::as_str).unwrap_or("public"),
                html_escape(r.summary)
            )
        })
        .collect();
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>embargo API</title>
<style>body{{font:15px/1.4 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}}td{{border-top:1px solid #ddd;padding:.3em .6em;vertical-align:top}}
textarea,input{{width:100%;font:13px monospace}}pre{{background:#f4f4f4;padding:1em;overflow:auto;max-height:40em}}</style></head>
<body><h1>embargo {version}</h1>
<p>Regime-aware sanctions screening. <code>/match/{{dataset}}</code> speaks OpenSanctions yente's API;
every response names what produced it in an <code>embargo</code> object. Machine-readable description:
<a href="/openapi.json">/openapi.json</a>. Send keys as <code>Authorization: Bearer KEY</code> or <code>X-API-Key: KEY</code>.</p>
<table><tr><th>method</th><th>path</th><th>role</th><th></th></tr>
{rows}</table>
<h2>Try it</h2>
<form id="f"><label>API key <input id="key" type="password" autocomplete="off"></label>
<label>POST /v1/screen body<textarea id="body" rows="6">{{"schema": "Organization", "properties": {{"name": ["Korea Mining Development Trading Corporation"]}}, "profile": "un", "limit": 3}}</textarea></label>
<button>Screen</button></form><pre id="out"></pre>
<script>
document.getElementById('f').onsubmit = async (e) => {{
  e.preventDefault();
  const key = document.getElementById('key').value;
  const r = await fetch('/v1/screen', {{method: 'POST', headers: Object.assign({{'Content-Type': 'application/json'}},
      key ? {{'Authorization': 'Bearer ' + key}} : {{}}), body: document.getElementById('body').value}});
  document.getElementById('out').textContent = r.status + '\n' + JSON.stringify(await r.json(), null, 2);
}};
</script></body></html>
"#,
        version = crate::common::VERSION,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_handler_and_is_in_the_spec() {
        let spec = openapi();
        for r in ROUTES {
            assert!(
                endpoint(r.method, r.path).is_some(),
                "{} has no handler",
                r.path
            );
            assert!(
                spec["paths"][r.path][r.method].is_object(),
                "{} {} missing from openapi",
                r.method,
                r.path
            );
        }
        let paths: std::collections::BTreeSet<&str> = ROUTES.iter().map(|r| r.path).collect();
        assert_eq!(
            spec["paths"].as_object().map(|p| p.len()),
            Some(paths.len())
        );
        assert!(page().contains("/match/{dataset}"));
    }
}
