//! `serve`: the HTTP API (crate `embargo-server`).

use anyhow::{Context, Result, bail};
use clap::Args;
use embargo_server::{AppState, Config, KeyStore};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    bind: SocketAddr,
    /// Serve without API keys (local use only; every endpoint is open).
    #[arg(long)]
    insecure_no_auth: bool,
    /// Poll the store every SECS seconds and swap in a new index when the
    /// active snapshots changed (e.g. after `embargo import`).
    #[arg(long, value_name = "SECS")]
    reload_interval: Option<u64>,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Most queries per request.
    #[arg(long, default_value_t = 1000)]
    max_batch: usize,
    /// Seconds before a request is abandoned with a 503.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// A TOML file with your own profiles, added to the shipped ones, for
    /// every endpoint taking a `profile`.
    #[arg(long, env = "EMBARGO_PROFILES")]
    profiles_file: Option<std::path::PathBuf>,
}

pub fn serve(data_dir: &Path, a: ServeArgs) -> Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("EMBARGO_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    if a.reload_interval == Some(0) {
        bail!("--reload-interval must be at least 1 second");
    }
    let mut config = Config::new(data_dir);
    config.auth = !a.insecure_no_auth;
    config.max_body_bytes = a.max_body_bytes;
    config.max_batch = a.max_batch;
    config.request_timeout = Duration::from_secs(a.timeout.max(1));
    config.profiles =
        std::sync::Arc::new(embargo::profiles::load(a.profiles_file.as_deref())?.into_owned());
    if a.insecure_no_auth {
        eprintln!(
            "warning: --insecure-no-auth: every endpoint is open to anyone who can reach {}",
            a.bind
        );
        if !a.bind.ip().is_loopback() {
            eprintln!("warning: {} is not a loopback address", a.bind.ip());
        }
    }
    let state = AppState::new(config).map_err(|e| anyhow::anyhow!("{e}"))?;
    if state.keys().is_some_and(KeyStore::is_empty) {
        eprintln!(
            "note: no API keys yet; create one with `embargo keys create --role admin` \
             (it works without restarting)"
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(a.bind)
            .await
            .with_context(|| format!("binding {}", a.bind))?;
        eprintln!(
            "embargo {} listening on http://{} (data {})",
            embargo_server::VERSION,
            listener.local_addr()?,
            data_dir.display()
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("shutting down");
        };
        embargo_server::serve(
            listener,
            state,
            a.reload_interval.map(Duration::from_secs),
            shutdown,
        )
        .await
        .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
