//! Shared state: configuration, the loaded index (swapped atomically on
//! reload), keys, the caps ledger and metrics.

use crate::ApiError;
use crate::auth::KeyStore;
use crate::metrics::Metrics;
use arc_swap::ArcSwapOption;
use embargo::Library;
use embargo::library::fingerprint;
use embargo::profiles::Profiles;
use embargo::receipts::{Draft, ReceiptWriter};
use embargo::screen::{LoadedList, Screener};
use embargo::shipments::{Ledger, open_ledger};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Server configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Data directory (the store, `caps.db`, `keys.db`).
    pub data_dir: PathBuf,
    /// Require API keys (false only with `--insecure-no-auth`).
    pub auth: bool,
    /// Largest request body accepted, in bytes (413 above).
    pub max_body_bytes: usize,
    /// Most queries in one request (413 above).
    pub max_batch: usize,
    /// Largest `limit` per query (422 above).
    pub max_limit: usize,
    /// A request taking longer gets a 503.
    pub request_timeout: Duration,
    /// The jurisdiction profiles requests may name: the shipped ones, plus
    /// the operator's file (`embargo serve --profiles-file`).
    pub profiles: Arc<Profiles>,
}

impl Config {
    /// Defaults for a data directory: auth on, 2 MiB bodies, 1000 queries a
    /// request, limit ≤ 500, 30 s timeout.
    pub fn new(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            data_dir: data_dir.into(),
            auth: true,
            max_body_bytes: 2 * 1024 * 1024,
            max_batch: 1000,
            max_limit: 500,
            request_timeout: Duration::from_secs(30),
            profiles: Arc::new(Profiles::shipped().clone()),
        }
    }
}

/// An index being served.
pub struct Loaded {
    /// The screener.
    pub screener: Screener,
    /// When it was built.
    pub loaded_at: chrono::DateTime<chrono::Utc>,
    /// 1 for the first load, +1 per swap.
    pub generation: u64,
    /// The active snapshots it was built from (`source:id:sha256`, joined).
    pub fingerprint: String,
    /// Seconds the build took.
    pub build_seconds: f64,
}

/// What a reload did.
#[derive(Debug, Clone, Serialize)]
pub struct ReloadOutcome {
    /// `reloaded` or `unchanged`.
    pub outcome: &'static str,
    /// Generation now serving.
    pub generation: u64,
    /// Lists now serving.
    pub lists: Vec<LoadedList>,
    /// Seconds the reload took.
    pub seconds: f64,
}

pub(crate) struct Inner {
    pub config: Config,
    pub index: ArcSwapOption<Loaded>,
    pub keys: Option<KeyStore>,
    pub reload_lock: tokio::sync::Mutex<()>,
    pub ledger: Mutex<Option<Ledger>>,
    pub metrics: Metrics,
    pub generation: AtomicU64,
    pub last_error: Mutex<Option<String>>,
    pub receipts: ReceiptWriter,
    /// UI sessions.
    pub sessions: crate::ui::session::Sessions,
    /// The CSRF token of UI forms without auth.
    pub ui_open_csrf: String,
}

/// The state every handler gets: cheap to clone.
#[derive(Clone)]
pub struct AppState(pub(crate) Arc<Inner>);

impl AppState {
    /// State for a configuration; opens the key database when auth is on.
    /// The index is not loaded yet (see [`AppState::reload`]).
    pub fn new(config: Config) -> Result<AppState, ApiError> {
        let keys = if config.auth {
            Some(KeyStore::open(&config.data_dir).map_err(|e| ApiError::Internal(e.to_string()))?)
        } else {
            None
        };
        let receipts = ReceiptWriter::open(&config.data_dir)?;
        Ok(AppState(Arc::new(Inner {
            config,
            index: ArcSwapOption::empty(),
            keys,
            reload_lock: tokio::sync::Mutex::new(()),
            ledger: Mutex::new(None),
            metrics: Metrics::default(),
            generation: AtomicU64::new(0),
            last_error: Mutex::new(None),
            receipts,
            sessions: Default::default(),
            ui_open_csrf: crate::ui::open_csrf(),
        })))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// Stores a screening's receipt; returns once it is committed (receipts
    /// of concurrent requests share a commit). An answer whose receipt
    /// could not be stored is not given.
    pub async fn record_receipt(&self, draft: Draft) -> Result<String, ApiError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.0.receipts.submit(
            draft,
            Box::new(move |r| {
                let _ = tx.send(r);
            }),
        );
        match rx.await {
            Ok(r) => Ok(r?),
            Err(_) => Err(ApiError::Internal(
                "the receipt writer stopped before storing the receipt".into(),
            )),
        }
    }

    /// The key database (None without auth).
    pub fn keys(&self) -> Option<&KeyStore> {
        self.0.keys.as_ref()
    }

    /// The index serving now; 503 while none is loaded. Callers keep the
    /// `Arc` for the whole request, so a swap never cuts one short.
    pub fn index(&self) -> Result<Arc<Loaded>, ApiError> {
        self.0.index.load_full().ok_or_else(|| {
            let why = self
                .0
                .last_error
                .lock()
                .ok()
                .and_then(|e| e.clone())
                .map(|e| format!(": last load failed: {e}"))
                .unwrap_or_default();
            ApiError::Unavailable(format!("the screening index is not loaded yet{why}"))
        })
    }

    /// Whether an index is loaded.
    pub fn is_ready(&self) -> bool {
        self.0.index.load().is_some()
    }

    /// Builds a new index from the store's active snapshots off the request
    /// path and swaps it in. With `force = false` nothing is built when the
    /// active snapshots are those already served. A failing load leaves the
    /// old index serving and returns the error.
    pub async fn reload(&self, force: bool) -> Result<ReloadOutcome, ApiError> {
        let _guard = self.0.reload_lock.lock().await;
        let started = Instant::now();
        let dir = self.0.config.data_dir.clone();
        let current = self.0.index.load_full();
        if !force && let Some(cur) = &current {
            let d = dir.clone();
            let now = tokio::task::spawn_blocking(move || -> Result<String, ApiError> {
                Ok(Library::open(&d)?.fingerprint()?)
            })
            .await??;
            if now == cur.fingerprint {
                return Ok(ReloadOutcome {
                    outcome: "unchanged",
                    generation: cur.generation,
                    lists: cur.screener.lists().to_vec(),
                    seconds: started.elapsed().as_secs_f64(),
                });
            }
        }
        let built = tokio::task::spawn_blocking(move || -> Result<Screener, ApiError> {
            Ok(Library::open(&dir)?.screener()?)
        })
        .await
        .map_err(ApiError::from)
        .and_then(|r| r);
        let screener = match built {
            Ok(s) => s,
            Err(e) => {
                self.0.metrics.reload("failed");
                if let Ok(mut last) = self.0.last_error.lock() {
                    *last = Some(e.to_string());
                }
                tracing::error!(error = %e, "reload failed; the previous index keeps serving");
                return Err(ApiError::Internal(format!(
                    "reload failed, the previous index keeps serving: {e}"
                )));
            }
        };
        let generation = self.0.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let loaded = Loaded {
            fingerprint: fingerprint(screener.lists()),
            loaded_at: chrono::Utc::now(),
            generation,
            build_seconds: started.elapsed().as_secs_f64(),
            screener,
        };
        let lists = loaded.screener.lists().to_vec();
        tracing::info!(
            generation,
            lists = %loaded.fingerprint,
            seconds = loaded.build_seconds,
            "index loaded"
        );
        self.0.index.store(Some(Arc::new(loaded)));
        self.0.metrics.reload("reloaded");
        if let Ok(mut last) = self.0.last_error.lock() {
            *last = None;
        }
        Ok(ReloadOutcome {
            outcome: "reloaded",
            generation,
            lists,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Runs `f` with the caps ledger (opened on first use).
    pub(crate) fn with_ledger<T>(
        &self,
        f: impl FnOnce(&Ledger) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut guard = self
            .0
            .ledger
            .lock()
            .map_err(|_| ApiError::Internal("caps ledger lock poisoned".into()))?;
        if guard.is_none() {
            *guard = Some(open_ledger(&self.0.config.data_dir)?);
        }
        match guard.as_ref() {
            Some(l) => f(l),
            None => Err(ApiError::Internal("caps ledger unavailable".into())),
        }
    }
}
