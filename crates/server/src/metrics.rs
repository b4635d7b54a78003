//! Prometheus text metrics and request logging.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Latency histogram bucket bounds, seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Hist {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Data {
    /// (route, method, status) → count.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency.
    latency: BTreeMap<String, Hist>,
    /// outcome → count.
    reloads: BTreeMap<&'static str, u64>,
}

/// Counters kept in memory.
#[derive(Default)]
pub struct Metrics {
    data: Mutex<Data>,
}

impl Metrics {
    fn observe(&self, route: &str, method: &str, status: u16, secs: f64) {
        if let Ok(mut d) = self.data.lock() {
            *d.requests
                .entry((route.to_string(), method.to_string(), status))
                .or_default() += 1;
            let h = d.latency.entry(route.to_string()).or_default();
            for (i, b) in BUCKETS.iter().enumerate() {
                if secs <= *b {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += secs;
        }
    }

    pub(crate) fn reload(&self, outcome: &'static str) {
        if let Ok(mut d) = self.data.lock() {
            *d.reloads.entry(outcome).or_default() += 1;
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware: counts, times and logs every request.
pub(crate) async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().to_string();
    let resp = next.run(req).await;
    let secs = started.elapsed().as_secs_f64();
    let status = resp.status().as_u16();
    state.0.metrics.observe(&route, &method, status, secs);
    let probe = matches!(route.as_str(), "/healthz" | "/readyz" | "/metrics");
    if probe {
        tracing::debug!(%method, %route, status, ms = secs * 1000.0, "request");
    } else if status >= 500 {
        tracing::warn!(%method, %route, status, ms = secs * 1000.0, "request");
    } else {
        tracing::info!(%method, %route, status, ms = secs * 1000.0, "request");
    }
    resp
}

/// The Prometheus text exposition.
pub(crate) fn render(state: &AppState) -> String {
    let mut out = String::new();
    if let Ok(d) = state.0.metrics.data.lock() {
        out += "# HELP embargo_http_requests_total HTTP requests by route, method and status.\n";
        out += "# TYPE embargo_http_requests_total counter\n";
        for ((route, method, status), n) in &d.requests {
            let _ = writeln!(
                out,
                "embargo_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}",
                esc(route),
                method,
                status,
                n
            );
        }
        out += "# HELP embargo_http_request_duration_seconds Request latency by route.\n";
        out += "# TYPE embargo_http_request_duration_seconds histogram\n";
        for (route, h) in &d.latency {
            let r = esc(route);
            for (b, c) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "embargo_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {c}"
                );
            }
            let _ = writeln!(
                out,
                "embargo_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "embargo_http_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "embargo_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                h.count
            );
        }
        out += "# HELP embargo_reloads_total Index reloads by outcome.\n";
        out += "# TYPE embargo_reloads_total counter\n";
        for (o, n) in &d.reloads {
            let _ = writeln!(out, "embargo_reloads_total{{outcome=\"{o}\"}} {n}");
        }
    }
    out += "# HELP embargo_index_ready 1 when a screening index is loaded.\n";
    out += "# TYPE embargo_index_ready gauge\n";
    let idx = state.0.index.load_full();
    let _ = writeln!(out, "embargo_index_ready {}", u8::from(idx.is_some()));
    if let Some(idx) = idx {
        let now = chrono::Utc::now();
        out += "# TYPE embargo_index_generation gauge\n";
        let _ = writeln!(out, "embargo_index_generation {}", idx.generation);
        out += "# HELP embargo_index_age_seconds Seconds since the serving index was built.\n";
        out += "# TYPE embargo_index_age_seconds gauge\n";
        let _ = writeln!(
            out,
            "embargo_index_age_seconds {}",
            (now - idx.loaded_at).num_milliseconds() as f64 / 1000.0
        );
        out +=
            "# HELP embargo_snapshot_age_seconds Seconds since each serving list was published.\n";
        out += "# TYPE embargo_snapshot_age_seconds gauge\n";
        out += "# HELP embargo_snapshot_entities Entities loaded per list.\n";
        out += "# TYPE embargo_snapshot_entities gauge\n";
        for l in idx.screener.lists() {
            if let Some(p) = l
                .published
                .as_deref()
                .and_then(|p| p.get(..10))
                .and_then(|p| p.parse::<chrono::NaiveDate>().ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
            {
                let age = (now.naive_utc() - p).num_seconds();
                let _ = writeln!(
                    out,
                    "embargo_snapshot_age_seconds{{source=\"{}\",snapshot=\"{}\"}} {age}",
                    l.source,
                    l.snapshot.unwrap_or(0)
                );
            }
            let _ = writeln!(
                out,
                "embargo_snapshot_entities{{source=\"{}\",snapshot=\"{}\"}} {}",
                l.source,
                l.snapshot.unwrap_or(0),
                l.entities
            );
        }
    }
    out
}
