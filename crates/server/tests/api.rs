//! The real server on a loopback port, a temporary data directory (the
//! bundled UN list loads by itself), a small blocking HTTP client.
#![allow(clippy::unwrap_used)]

use embargo_server::{AppState, Config, KeyStore, Role};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Server {
    base: String,
    state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

fn start(tweak: impl FnOnce(&mut Config), interval: Option<Duration>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path());
    config.auth = false;
    tweak(&mut config);
    let state = AppState::new(config).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    let st = state.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(l.local_addr().unwrap()).unwrap();
            let _ = embargo_server::serve(l, st, interval, async {
                let _ = stopped.await;
            })
            .await;
        });
    });
    let addr = rx.recv().unwrap();
    let server = Server {
        base: format!("http://{addr}"),
        state,
        stop: Some(stop),
        dir,
    };
    let t = Instant::now();
    while call(&server, "GET", "/readyz", None, None).0 != 200 {
        assert!(t.elapsed() < Duration::from_secs(300), "index never loaded");
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build()
}

thread_local! {
    static AGENT: ureq::Agent = agent();
}

/// (status, JSON body or the text as a JSON string)
fn call(
    s: &Server,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    AGENT.with(|a| {
        let mut req = a.request(method, &format!("{}{}", s.base, path));
        if let Some(k) = key {
            req = req.set("Authorization", &format!("Bearer {k}"));
        }
        let res = match body {
            Some(b) => req.set("Content-Type", "application/json").send_string(b),
            None => req.call(),
        };
        let resp = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = resp.status();
        let text = resp.into_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    })
}

fn post(s: &Server, path: &str, body: &Value) -> (u16, Value) {
    call(s, "POST", path, None, Some(&body.to_string()))
}

fn assert_error(r: &(u16, Value), status: u16, at: Option<&str>) {
    assert_eq!(r.0, status, "{}", r.1);
    assert_eq!(r.1["error"]["status"], status, "{}", r.1);
    assert!(
        r.1["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    if let Some(at) = at {
        assert_eq!(r.1["error"]["where"], at, "{}", r.1);
    }
}

/// Every key of `want` is in `got` with the same JSON type (`got` may be
/// null where `want` is a string: yente's nullable timestamps).
fn same_shape(want: &Value, got: &Value, path: &str) {
    match (want, got) {
        (Value::Object(_), Value::Object(_))
            if path.ends_with(".properties") || path.ends_with(".features") =>
        {
            // keys depend on the entity and the algorithm
        }
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                // response keys are the caller's query keys
                if path == "$.responses" {
                    for gv in g.values() {
                        same_shape(wv, gv, &format!("{path}.*"));
                    }
                    return;
                }
                let gv = g
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k} missing in {got}"));
                same_shape(wv, gv, &format!("{path}.{k}"));
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if let (Some(w0), Some(g0)) = (w.first(), g.first()) {
                same_shape(w0, g0, &format!("{path}[0]"));
            }
        }
        (Value::String(_), Value::Null) => {}
        (Value::Null, _) => {}
        (w, g) => assert_eq!(
            std::mem::discriminant(w),
            std::mem::discriminant(g),
            "{path}: expected {w}, got {g}"
        ),
    }
}

fn fixture(name: &str) -> Value {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn yente_match_matches_the_documented_shape_and_parameters() {
    let s = start(|_| {}, None);
    let req = fixture("yente_match_request.json");
    let (status, body) = post(&s, "/match/default", &req);
    assert_eq!(status, 200, "{body}");
    same_shape(&fixture("yente_match_response.json"), &body, "$");
    let komid = &body["responses"]["komid"];
    assert_eq!(komid["status"], 200);
    let top = &komid["results"][0];
    assert_eq!(top["match"], true, "{top}");
    assert!(
        top["caption"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("korea mining"),
        "{top}"
    );
    assert_eq!(top["datasets"], json!(["un_sc"]));
    assert!(
        top["designations"][0]["basis"].is_string(),
        "embargo extras"
    );
    assert!(top["explanations"].is_array());
    assert_eq!(
        komid["total"]["value"],
        komid["results"].as_array().unwrap().len()
    );
    assert!(body["responses"]["person"]["results"].is_array());
    // what produced it
    let e = &body["embargo"];
    assert_eq!(e["algorithm"], "embargo-v1");
    assert_eq!(e["profile"], "all");
    assert_eq!(e["threshold"], 0.8);
    assert_eq!(e["version"], embargo_server::VERSION);
    assert_eq!(e["snapshots"][0]["source"], "un_sc");
    assert_eq!(e["snapshots"][0]["sha256"].as_str().unwrap().len(), 64);
    let top_id = top["id"].as_str().unwrap().to_string();

    // datasets: sources, aliases, OpenSanctions names; unknown or not loaded → 404
    for ds in ["all", "sanctions", "un_sc", "un_sc_sanctions"] {
        let (st, b) = post(&s, &format!("/match/{ds}"), &req);
        assert_eq!(st, 200, "{ds}: {b}");
        assert_eq!(b["responses"]["komid"]["results"][0]["id"], top_id.as_str());
    }
    assert_error(&post(&s, "/match/us_ofac_sdn", &req), 404, None);
    assert_error(&post(&s, "/match/nope", &req), 404, None);

    // query parameters
    let first = |path: &str| {
        let (st, b) = post(&s, path, &req);
        assert_eq!(st, 200, "{path}: {b}");
        b["responses"]["komid"]["results"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(first("/match/default?include_dataset=us_ofac_sdn").is_empty());
    assert!(first("/match/default?exclude_dataset=un_sc").is_empty());
    assert!(!first("/match/default?include_dataset=un_sc_sanctions").is_empty());
    assert!(first("/match/default?changed_since=2100-01-01").is_empty());
    assert!(first("/match/default?topics=role.pep").is_empty());
    assert!(!first("/match/default?topics=sanction&algorithm=logic-v2").is_empty());
    let schema = top["schema"].as_str().unwrap();
    assert!(
        first(&format!("/match/default?exclude_schema={schema}"))
            .iter()
            .all(|r| r["schema"] != schema)
    );
    assert!(
        first(&format!("/match/default?exclude_entity_ids={top_id}"))
            .iter()
            .all(|r| r["id"] != top_id.as_str())
    );
    assert!(first("/match/default?limit=1").len() <= 1);
    let (_, b) = post(
        &s,
        "/match/default?threshold=0.99&cutoff=0&profile=un&algorithm=best",
        &req,
    );
    assert_eq!(b["embargo"]["threshold"], 0.99);
    assert_eq!(b["embargo"]["profile"], "un");
    assert_eq!(b["embargo"]["algorithm_requested"], "best");
    assert_eq!(b["limit"], 5);

    // bad parameters and bodies: JSON errors naming what and where
    assert_error(
        &post(&s, "/match/default?limit=ten", &req),
        400,
        Some("query.limit"),
    );
    assert_error(
        &post(&s, "/match/default?limit=0", &req),
        422,
        Some("query.limit"),
    );
    assert_error(
        &post(&s, "/match/default?threshold=1.5", &req),
        422,
        Some("query.threshold"),
    );
    assert_error(
        &post(&s, "/match/default?profile=mars", &req),
        422,
        Some("query.profile"),
    );
    assert_error(
        &post(&s, "/match/default?changed_since=soon", &req),
        400,
        Some("query.changed_since"),
    );
    assert_error(&post(&s, "/match/default", &json!({})), 400, Some("body"));
    assert_error(
        &post(&s, "/match/default", &json!({"queries": {}})),
        422,
        Some("queries"),
    );
    assert_error(
        &post(
            &s,
            "/match/default",
            &json!({"queries": {"a": {"properties": {}}}}),
        ),
        400,
        Some("queries.a"),
    );
    assert_error(
        &post(
            &s,
            "/match/default",
            &json!({"queries": {"a": {"schema": "Person", "properties": {"name": [1]}}}}),
        ),
        400,
        Some("queries.a.properties.name"),
    );
    assert_error(
        &post(
            &s,
            "/match/default",
            &json!({"queries": {"a": {"schema": "Planet", "properties": {"name": ["x"]}}}}),
        ),
        422,
        Some("queries.a.schema"),
    );
    assert_error(
        &post(
            &s,
            "/match/default",
            &json!({"queries": {"a": {"schema": "Person", "properties": {"birthDate": ["1984"]}}}}),
        ),
        422,
        Some("queries.a.properties.name"),
    );
    assert_error(
        &call(&s, "POST", "/match/default", None, Some("{not json")),
        400,
        Some("body"),
    );
    assert_error(
        &call(&s, "POST", "/match/default", None, Some("")),
        400,
        Some("body"),
    );
    assert_error(&call(&s, "GET", "/match/default", None, None), 405, None);
    // a single string instead of a list is accepted
    let (st, _) = post(
        &s,
        "/match/default",
        &json!({"queries": {"a": {"schema": "Person", "properties": {"name": "Kim Jong Un"}}}}),
    );
    assert_eq!(st, 200);
}

fn shipment() -> Value {
    json!({"date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn",
           "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
           "no_programme_revenue": true})
}

#[test]
fn v1_endpoints_probes_docs_and_metrics() {
    let s = start(|_| {}, None);
    // screen: one query
    let (st, b) = post(
        &s,
        "/v1/screen",
        &json!({"id": "x1", "schema": "Organization",
        "properties": {"name": ["Korea Mining Development Trading Corporation"]}, "profile": "un", "limit": 3}),
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["id"], "x1");
    let r0 = &b["results"][0];
    assert_eq!(r0["match"], true);
    assert_eq!(r0["designations"][0]["classification"], "binding");
    assert!(r0["records"].is_array() && r0["explanations"].is_array());
    assert_eq!(b["embargo"]["profile"], "un");
    assert_eq!(b["embargo"]["limit"], 3);
    let id = r0["id"].as_str().unwrap().to_string();

    // screen: a batch, order kept, a bad item reported in place
    let (st, b) = post(
        &s,
        "/v1/screen",
        &json!({"queries": [
            {"id": "a", "schema": "Person", "properties": {"name": ["Kim Jong Un"]}},
            {"id": "b", "schema": "Person", "properties": {"birthDate": ["1984"]}},
            {"schema": "Organization", "properties": {"name": ["KOMID"]}}
        ]}),
    );
    assert_eq!(st, 200, "{b}");
    let rs = b["responses"].as_array().unwrap();
    assert_eq!(rs.len(), 3);
    assert_eq!(rs[0]["id"], "a");
    assert!(rs[1]["error"].as_str().unwrap().contains("queries[1]"));
    assert_eq!(rs[2]["id"], 2);
    assert!(rs[2]["results"].is_array());
    assert_error(
        &post(&s, "/v1/screen", &json!({"profile": "un"})),
        422,
        Some("properties"),
    );
    assert_error(
        &post(
            &s,
            "/v1/screen",
            &json!({"properties": {"name": ["x"]}, "limit": 100000}),
        ),
        422,
        Some("limit"),
    );
    assert_error(
        &post(
            &s,
            "/v1/screen",
            &json!({"properties": {"name": ["x"]}, "profile": "mars"}),
        ),
        422,
        Some("profile"),
    );
    assert_error(
        &post(&s, "/v1/screen", &json!({"properties": {"name": "x"}})),
        400,
        Some("properties.name"),
    );

    // entities
    let (st, b) = call(
        &s,
        "GET",
        &format!("/v1/entities/{id}?profile=un"),
        None,
        None,
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["entity"]["id"], id.as_str());
    let d = &b["designations"][0];
    assert_eq!(d["basis"], "un");
    assert_eq!(d["regime_id"], "UN-1718");
    assert_eq!(d["classification"], "binding");
    assert_error(
        &call(&s, "GET", "/v1/entities/un_sc:nope", None, None),
        404,
        None,
    );

    // catalog
    let (st, b) = call(&s, "GET", "/v1/catalog", None, None);
    assert_eq!(st, 200, "{b}");
    let l = &b["lists"][0];
    assert_eq!(l["source"], "un_sc");
    assert_eq!(l["published"], "2026-02-27");
    assert_eq!(l["serving"], true);
    assert!(l["counts"]["entities"].as_u64().unwrap() > 100);
    assert_eq!(l["sha256"], b["embargo"]["snapshots"][0]["sha256"]);

    // shipments
    let (st, b) = post(&s, "/v1/shipments/check?profile=jp", &shipment());
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["verdict"], "prohibited");
    assert_eq!(b["embargo"]["profile"], "jp");
    let (st, b) = post(
        &s,
        "/v1/shipments/check?profile=un&screening=false",
        &shipment(),
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["verdict"], "needs-review");
    assert_error(
        &post(&s, "/v1/shipments/check", &json!({"date": 5})),
        422,
        Some("date"),
    );
    assert_error(
        &post(&s, "/v1/shipments/check?profile=mars", &shipment()),
        422,
        Some("query.profile"),
    );
    assert_error(
        &post(&s, "/v1/shipments/check?screening=maybe", &shipment()),
        400,
        Some("query.screening"),
    );

    // caps
    let report = json!({"state": "CN", "cap": "coal-2321", "date": "2017-01", "quantity": 1440000,
                        "unit": "t", "value": 123000000, "currency": "USD"});
    let (st, b) = post(&s, "/v1/caps/reports", &report);
    assert_eq!(st, 201, "{b}");
    assert!(b["id"].as_i64().unwrap() >= 1);
    assert_eq!(b["report"]["date"], "2017-01-31");
    let (st, b) = call(
        &s,
        "GET",
        "/v1/caps/status?cap=coal-2321&at=2017-03-01",
        None,
        None,
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["caps"][0]["cap"], "coal-2321");
    let (st, b) = call(&s, "GET", "/v1/caps/status", None, None);
    assert_eq!(st, 200, "{b}");
    assert!(b["caps"].as_array().unwrap().len() > 1);
    assert_error(
        &call(&s, "GET", "/v1/caps/status?cap=gold", None, None),
        404,
        None,
    );
    assert_error(
        &call(&s, "GET", "/v1/caps/status?at=someday", None, None),
        400,
        Some("query.at"),
    );
    assert_error(
        &post(
            &s,
            "/v1/caps/reports",
            &json!({"state": "CN", "cap": "gold", "date": "2017-01-01"}),
        ),
        404,
        None,
    );
    assert_error(
        &post(
            &s,
            "/v1/caps/reports",
            &json!({"state": "CN", "cap": "coal-2321", "date": "whenever"}),
        ),
        400,
        Some("date"),
    );
    assert_error(
        &post(
            &s,
            "/v1/caps/reports",
            &json!({"cap": "coal-2321", "date": "2017-01-01"}),
        ),
        400,
        None,
    );
    assert_error(
        &post(
            &s,
            "/v1/caps/reports",
            &json!({"state": "CN", "cap": "coal-2321", "date": "2017-01-01", "quantity": -3, "unit": "t"}),
        ),
        422,
        Some("quantity"),
    );

    // admin reload
    let (st, b) = post(&s, "/v1/admin/reload", &json!({}));
    assert_eq!((st, b["outcome"].as_str()), (200, Some("reloaded")), "{b}");
    assert_eq!(b["generation"], 2);
    let (st, b) = call(&s, "POST", "/v1/admin/reload?if_changed=true", None, None);
    assert_eq!((st, b["outcome"].as_str()), (200, Some("unchanged")), "{b}");

    // probes, docs, metrics, unknown routes
    assert_eq!(call(&s, "GET", "/healthz", None, None).1["status"], "ok");
    assert_eq!(
        call(&s, "GET", "/readyz", None, None).1["embargo"]["index"]["generation"],
        2
    );
    let (st, spec) = call(&s, "GET", "/openapi.json", None, None);
    assert_eq!(st, 200);
    for r in embargo_server::routes::ROUTES {
        assert!(
            spec["paths"][r.path][r.method].is_object(),
            "{} not in the spec",
            r.path
        );
    }
    let (st, page) = call(&s, "GET", "/", None, None);
    assert_eq!(st, 200);
    assert!(page.as_str().unwrap().contains("/openapi.json"));
    let (st, m) = call(&s, "GET", "/metrics", None, None);
    assert_eq!(st, 200);
    let m = m.as_str().unwrap();
    assert!(
        m.contains(r#"embargo_http_requests_total{route="/v1/screen",method="POST",status="200"}"#),
        "{m}"
    );
    assert!(
        m.contains("embargo_http_request_duration_seconds_bucket{route=\"/match/{dataset}\"")
            || m.contains("route=\"/v1/screen\",le=\"+Inf\"")
    );
    assert!(m.contains("embargo_snapshot_age_seconds{source=\"un_sc\""));
    assert!(m.contains("embargo_reloads_total{outcome=\"reloaded\"} 2"));
    assert_error(&call(&s, "GET", "/v2/nothing", None, None), 404, None);
}

#[test]
fn keys_and_roles_are_enforced() {
    let s = start(|c| c.auth = true, None);
    let key = |role| {
        KeyStore::create(s.dir.path(), role, "test", "tester")
            .unwrap()
            .0
    };
    let (screener, analyst, admin) = (key(Role::Screener), key(Role::Analyst), key(Role::Admin));
    let q = json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim"]}}}})
        .to_string();
    let sh = shipment().to_string();
    // public
    for p in ["/healthz", "/readyz", "/metrics", "/openapi.json", "/"] {
        assert_eq!(call(&s, "GET", p, None, None).0, 200, "{p}");
    }
    // no key, a wrong key
    assert_error(
        &call(&s, "POST", "/match/default", None, Some(&q)),
        401,
        None,
    );
    assert_error(
        &call(&s, "POST", "/match/default", Some("emb_0000"), Some(&q)),
        401,
        None,
    );
    assert_error(&call(&s, "GET", "/v1/catalog", Some(""), None), 401, None);
    // roles
    let table: &[(&str, &str, Option<&str>, [u16; 3])] = &[
        ("POST", "/match/default", Some(&q), [200, 200, 200]),
        ("GET", "/v1/catalog", None, [200, 200, 200]),
        ("POST", "/v1/shipments/check", Some(&sh), [403, 200, 200]),
        ("GET", "/v1/caps/status", None, [403, 200, 200]),
        // A screening key (an onboarding flow's) reads no customer or case data.
        ("GET", "/v1/alerts", None, [403, 200, 200]),
        ("GET", "/v1/runs", None, [403, 200, 200]),
        ("GET", "/v1/accept-list", None, [403, 200, 200]),
        ("GET", "/v1/register/K1", None, [403, 404, 404]),
        ("POST", "/v1/admin/reload", None, [403, 403, 200]),
    ];
    for (m, p, body, want) in table {
        for (k, w) in [&screener, &analyst, &admin].iter().zip(want) {
            let r = call(&s, m, p, Some(k), *body);
            assert_eq!(r.0, *w, "{m} {p}: {}", r.1);
            if *w == 403 {
                assert_error(&r, 403, None);
            }
        }
    }
    // X-API-Key works too
    let r = AGENT.with(|a| {
        a.get(&format!("{}/v1/catalog", s.base))
            .set("X-API-Key", &screener)
            .call()
            .map(|r| r.status())
    });
    assert_eq!(r.ok(), Some(200));
    // a revoked key stops working at once
    KeyStore::revoke(s.dir.path(), 1, "tester").unwrap();
    assert_error(
        &call(&s, "GET", "/v1/catalog", Some(&screener), None),
        401,
        None,
    );
}

#[test]
fn body_and_batch_limits_give_413() {
    let s = start(
        |c| {
            c.max_body_bytes = 4096;
            c.max_batch = 10;
        },
        None,
    );
    let big =
        json!({"queries": {"a": {"schema": "Person", "properties": {"name": ["x".repeat(5000)]}}}});
    assert_error(&post(&s, "/match/default", &big), 413, None);
    assert_error(
        &post(
            &s,
            "/v1/screen",
            &json!({"properties": {"name": ["x".repeat(5000)]}}),
        ),
        413,
        None,
    );
    let eleven: serde_json::Map<String, Value> = (0..11)
        .map(|i| {
            (
                format!("q{i}"),
                json!({"schema": "Person", "properties": {"name": ["Kim"]}}),
            )
        })
        .collect();
    let r = post(&s, "/match/default", &json!({"queries": eleven}));
    assert_error(&r, 413, None);
    assert!(
        r.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("limit is 10")
    );
    let list: Vec<Value> = (0..11)
        .map(|_| json!({"properties": {"name": ["Kim"]}}))
        .collect();
    assert_error(
        &post(&s, "/v1/screen", &json!({"queries": list})),
        413,
        None,
    );
    let ten: Vec<Value> = (0..10)
        .map(|_| json!({"properties": {"name": ["Kim"]}}))
        .collect();
    assert_eq!(post(&s, "/v1/screen", &json!({"queries": ten})).0, 200);
}

#[test]
fn reload_under_concurrent_requests_fails_no_request() {
    let s = Arc::new(start(|_| {}, None));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let body = json!({"queries": {"k": {"schema": "Organization",
        "properties": {"name": ["Korea Mining Development Trading Corporation"]}}}})
    .to_string();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (s, stop, ok, failed, body) = (
                s.clone(),
                stop.clone(),
                ok.clone(),
                failed.clone(),
                body.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let (st, b) = call(&s, "POST", "/match/default", None, Some(&body));
                    if st == 200 && b["responses"]["k"]["results"][0]["match"] == true {
                        ok.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for _ in 0..4 {
        let (st, b) = call(&s, "POST", "/v1/admin/reload", None, None);
        assert_eq!(st, 200, "{b}");
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    let (st, b) = call(&s, "GET", "/readyz", None, None);
    assert_eq!(
        (st, b["embargo"]["index"]["generation"].as_u64()),
        (200, Some(5))
    );
    eprintln!("{} requests during 4 reloads", ok.load(Ordering::Relaxed));
    assert_eq!(failed.load(Ordering::Relaxed), 0);
    assert!(ok.load(Ordering::Relaxed) > 10);
}

#[tokio::test]
async fn readyz_is_503_until_loaded_and_a_failed_reload_keeps_serving() {
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path());
    config.auth = false;
    let state = AppState::new(config).unwrap();
    let get = |path: &'static str| {
        let app = embargo_server::router(state.clone());
        async move {
            let resp = app
                .oneshot(
                    axum::http::Request::get(path)
                        .body(axum::body::Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            resp.status().as_u16()
        }
    };
    assert_eq!(get("/readyz").await, 503);
    assert_eq!(get("/v1/catalog").await, 503);
    assert_eq!(get("/healthz").await, 200);
    state.reload(true).await.unwrap();
    assert_eq!(get("/readyz").await, 200);
    // Corrupt the database: the reload fails and generation 1 keeps serving.
    for f in ["embargo.db-wal", "embargo.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    std::fs::write(
        dir.path().join("embargo.db"),
        b"this is not a database, just sixteen+ bytes of junk",
    )
    .unwrap();
    let err = state.reload(true).await.unwrap_err();
    assert_eq!(err.status(), 500);
    assert!(
        err.to_string().contains("previous index keeps serving"),
        "{err}"
    );
    assert_eq!(get("/readyz").await, 200);
    assert_eq!(state.index().unwrap().generation, 1);
}

#[test]
fn interval_reload_picks_up_an_import() {
    let Some(shared) = embargo::shared_dir() else {
        eprintln!("skipped: ../shared/lists not found");
        return;
    };
    let file = shared.join("lists/un/un_consolidated_2025-11-20.xml");
    assert!(file.exists(), "{} not found", file.display());
    let s = start(|_| {}, Some(Duration::from_secs(1)));
    let before =
        call(&s, "GET", "/readyz", None, None).1["embargo"]["snapshots"][0]["sha256"].clone();
    embargo::Library::open(s.dir.path())
        .unwrap()
        .import(embargo::SourceKind::UnSc, &[file.as_path()])
        .unwrap();
    let t = Instant::now();
    loop {
        let (_, b) = call(&s, "GET", "/readyz", None, None);
        let snap = &b["embargo"]["snapshots"][0];
        if snap["sha256"] != before {
            assert_eq!(snap["published"], "2025-11-20");
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(120), "no reload seen");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(s.state.index().unwrap().generation >= 2);
}

#[test]
fn register_alerts_and_concurrent_decisions_over_http() {
    let s = start(|_| {}, None);
    let body = "{\"id\": \"K1\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Eric Badege\"], \"birthDate\": [\"1971\"]}}\n\
                {\"id\": \"K2\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jane Clean Name\"]}}\n";
    let (st, report) = call(&s, "POST", "/v1/register?source=http", None, Some(body));
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["added"], 2);
    assert_eq!(report["run"]["counts"]["raised"], 1, "{report}");

    let (st, list) = call(&s, "GET", "/v1/alerts?status=open", None, None);
    assert_eq!(st, 200);
    let alert = &list["alerts"][0];
    assert_eq!(alert["customer"], "K1");
    let id = alert["id"].as_i64().unwrap();
    let version = alert["row_version"].as_i64().unwrap();
    let (st, view) = call(&s, "GET", &format!("/v1/alerts/{id}"), None, None);
    assert_eq!(st, 200);
    assert!(
        view["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "name")
    );
    assert!(
        !view["result"]["designations"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Assigning: to a user, filtered by it, refused on a stale version,
    // then back to nobody (each a new row version).
    let assign = |body: Value| post(&s, &format!("/v1/alerts/{id}/assign"), &body);
    let (st, a) = assign(json!({"to": "ana", "version": version}));
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["assignee"], "ana");
    let (_, mine) = call(&s, "GET", "/v1/alerts?assignee=ana", None, None);
    assert_eq!(mine["alerts"].as_array().unwrap().len(), 1, "{mine}");
    let (_, nobody) = call(&s, "GET", "/v1/alerts?assignee=nobody", None, None);
    assert_eq!(nobody["alerts"].as_array().unwrap().len(), 0, "{nobody}");
    let (st, stale) = assign(json!({"to": null, "version": version}));
    assert_eq!(st, 409, "{stale}");
    assert_eq!(stale["error"]["current"]["assignee"], "ana");
    let (st, _) = assign(json!({"to": "ana", "typo": 1}));
    assert!(st == 400 || st == 422, "{st}");
    let (st, a) = assign(json!({"to": "nobody", "version": version + 1}));
    assert_eq!(st, 200, "{a}");
    assert!(a["assignee"].is_null() && a.get("detail").is_none(), "{a}");
    let version = a["row_version"].as_i64().unwrap();
    assert_eq!(version, alert["row_version"].as_i64().unwrap() + 2);

    // Two analysts decide at once on the same version: one wins, one gets 409.
    let base = s.base.clone();
    let decide = |decision: &'static str| {
        let base = base.clone();
        std::thread::spawn(move || {
            let body = json!({"decision": decision, "reason": "reviewed", "version": version});
            match agent()
                .post(&format!("{base}/v1/alerts/{id}/decision"))
                .set("Content-Type", "application/json")
                .send_string(&body.to_string())
            {
                Ok(r) => (
                    r.status(),
                    serde_json::from_str::<Value>(&r.into_string().unwrap()).unwrap(),
                ),
                Err(ureq::Error::Status(c, r)) => (
                    c,
                    serde_json::from_str::<Value>(&r.into_string().unwrap()).unwrap(),
                ),
                Err(e) => panic!("{e}"),
            }
        })
    };
    let (a, b) = (decide("true-match"), decide("false-positive"));
    let mut results = vec![a.join().unwrap(), b.join().unwrap()];
    results.sort_by_key(|r| r.0);
    assert_eq!((results[0].0, results[1].0), (200, 409), "{results:?}");
    let current = &results[1].1["error"]["current"];
    assert_eq!(
        current["status"], results[0].1["alert"]["status"],
        "409 carries the state now"
    );

    let (st, bad) = post(
        &s,
        &format!("/v1/alerts/{id}/decision"),
        &json!({"decision": "close", "reason": ""}),
    );
    assert_eq!(st, 422, "{bad}");
    let (st, runs) = call(&s, "GET", "/v1/runs", None, None);
    assert_eq!(st, 200);
    assert_eq!(runs.as_array().unwrap()[0]["kind"], "register");
    let (st, run) = post(&s, "/v1/runs", &json!({"mode": "full"}));
    assert!(st == 200 || st == 202, "{st} {run}");
    let (st, v) = call(&s, "GET", "/v1/audit/verify", None, None);
    assert_eq!(st, 200);
    assert_eq!(v["ok"], true, "{v}");
    let (st, r) = call(&s, "GET", "/v1/register/K1", None, None);
    assert_eq!(st, 200);
    assert_eq!(r["versions"].as_array().unwrap().len(), 1);
    let (st, _) = call(&s, "GET", "/v1/audit/receipts/rc-nope", None, None);
    assert_eq!(st, 404);
}

#[test]
fn operator_profiles_decide_shipment_trade_regimes() {
    let profiles = tempfile::tempdir().unwrap();
    let path = profiles.path().join("profiles.toml");
    std::fs::write(
        &path,
        "[[profile]]\nid = \"cn-jp\"\nname = \"n\"\ndescription = \"d\"\nextends = \"cn\"\n\
         trade_regimes = [\"UN-1718\", \"JP-DPRK\"]\n\n\
         [[profile]]\nid = \"screen-only\"\nname = \"n\"\ndescription = \"d\"\n",
    )
    .unwrap();
    let loaded = embargo::profiles::load(Some(&path)).unwrap().into_owned();
    let s = start(|c| c.profiles = std::sync::Arc::new(loaded), None);
    let (st, b) = post(
        &s,
        "/v1/shipments/check?profile=cn&screening=false",
        &shipment(),
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["binding_regimes"], json!(["UN-1718"]));
    assert_ne!(b["verdict"], "prohibited", "{b}");
    let (st, b) = post(
        &s,
        "/v1/shipments/check?profile=cn-jp&screening=false",
        &shipment(),
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["verdict"], "prohibited", "{b}");
    assert_eq!(b["binding_regimes"], json!(["UN-1718", "JP-DPRK"]));
    assert_eq!(b["embargo"]["profile"], "cn-jp");
    let r = post(
        &s,
        "/v1/shipments/check?profile=screen-only&screening=false",
        &shipment(),
    );
    assert_error(&r, 422, Some("query.profile"));
    assert!(
        r.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("defines no trade regimes"),
        "{}",
        r.1
    );
}

#[test]
fn every_http_screening_leaves_a_receipt_naming_the_key_owner() {
    let s = start(|c| c.auth = true, None);
    let (key, _) =
        KeyStore::create(s.dir.path(), Role::Screener, "payments-gateway", "tester").unwrap();
    let name = "Korea Mining Development Trading Corporation";
    let single = json!({"schema": "Organization", "properties": {"name": [name]}, "profile": "un"});
    let batch = json!({"queries": [{"id": "c1", "schema": "Organization", "properties": {"name": [name]}},
                                   {"id": "c2", "schema": "Person", "properties": {"name": ["Maria Jansen"]}}]});
    let yente =
        json!({"queries": {"q1": {"schema": "Organization", "properties": {"name": [name]}}}});
    let asks = [
        ("/v1/screen", &single, "api.screen"),
        ("/v1/screen", &batch, "api.screen.batch"),
        ("/match/default?threshold=0.8", &yente, "api.match"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (path, body, kind) in asks {
        let (st, out) = call(&s, "POST", path, Some(&key), Some(&body.to_string()));
        assert_eq!(st, 200, "{path}: {out}");
        let id = out
            .get("receipt")
            .or_else(|| out["embargo"].get("receipt"))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{path}: no receipt in {out}"))
            .to_string();
        assert!(seen.insert(id.clone()), "receipt id reused: {id}");
        let (st, r) = call(
            &s,
            "GET",
            &format!("/v1/audit/receipts/{id}"),
            Some(&key),
            None,
        );
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (r["actor"].as_str(), r["kind"].as_str()),
            (Some("payments-gateway"), Some(kind))
        );
        let lists = r["context"]["lists"].as_array().unwrap();
        assert!(
            !lists.is_empty()
                && lists
                    .iter()
                    .all(|l| l["sha256"].as_str().is_some_and(|h| h.len() == 64)),
            "{r}"
        );
        // The receipt keeps the listed entity the answer returned first.
        let first = match kind {
            "api.screen" => out["results"][0]["id"].clone(),
            "api.screen.batch" => out["responses"][0]["results"][0]["id"].clone(),
            _ => out["responses"]["q1"]["results"][0]["id"].clone(),
        };
        assert!(first.is_string(), "{path}: no hit in {out}");
        let kept = match kind {
            "api.screen" => r["results"][0]["id"].clone(),
            "api.screen.batch" => r["results"][0]["hits"][0]["id"].clone(),
            _ => r["results"]["q1"][0]["id"].clone(),
        };
        assert_eq!(kept, first, "{kind}: {r}");
    }
    assert_eq!(seen.len(), 3);
    // Another owner's key does not see them; a supervisor does.
    let (other, _) =
        KeyStore::create(s.dir.path(), Role::Screener, "another-app", "tester").unwrap();
    let (sup, _) =
        KeyStore::create(s.dir.path(), Role::Supervisor, "compliance", "tester").unwrap();
    let id = seen.iter().next().unwrap();
    let path = format!("/v1/audit/receipts/{id}");
    assert_error(&call(&s, "GET", &path, Some(&other), None), 404, None);
    assert_eq!(call(&s, "GET", &path, Some(&sup), None).0, 200);
}
