//! The `embargo` command: a thin shell over the `embargo` engine crate.
//!
//! Exit codes: 0 = done, 2 = error; `audit verify`: 1 = the chain is broken; with `--fail-on-match` (`screen`) or
//! `--fail-unless-permitted` (`check-shipment`), 1 = a match / a shipment
//! that is not permitted.

mod eval;
mod fetch;
mod keys;
mod lists;
mod monitor;
mod output;
mod regimes;
mod screen;
mod serve;
mod trade;

use anyhow::Result;
use clap::{Parser, Subcommand};

// Building an index allocates and frees millions of small strings; glibc's
// allocator spent ~30 % of a 1M-customer register index build in malloc/free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

/// Sanctions screening and trade-measure checks, regime-aware.
#[derive(Parser)]
#[command(
    name = "embargo",
    version,
    about = "Regime-aware sanctions screening and trade-measure checks",
    long_about = None
)]
struct Cli {
    /// Data directory (snapshots, runs, audit). Default: the user's data
    /// directory, e.g. ~/.local/share/embargo.
    #[arg(long, global = true, env = "EMBARGO_DATA")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import an official list file as a new snapshot and make it active.
    Import(lists::ImportArgs),
    /// Show the active list snapshots (or all with --all).
    Lists(lists::ListsArgs),
    /// Show what changed between two publications of a list.
    Diff(lists::DiffArgs),
    /// Show one listed entity with all its designations and links.
    Show(lists::ShowArgs),
    /// Download the current official files from their publishers and import them.
    Fetch(fetch::FetchArgs),
    /// Screen a name (or a batch file) against the active lists.
    Screen(Box<screen::ScreenArgs>),
    /// Measure matching quality on labelled data.
    Eval(eval::EvalArgs),
    /// List the sanctions regimes (UN and unilateral) with their instruments.
    Regimes(regimes::RegimesArgs),
    /// List the jurisdiction profiles (which designations bind whom).
    Profiles(regimes::ProfilesArgs),
    /// Check a shipment (JSON, or JSON lines) against goods measures, caps and lists.
    CheckShipment(trade::CheckArgs),
    /// Record reports against global caps and show their utilisation.
    Caps(trade::CapsArgs),
    /// Serve the HTTP API (yente-compatible /match and /v1 endpoints).
    Serve(serve::ServeArgs),
    /// Create, list and revoke API keys for `serve`.
    Keys(keys::KeysArgs),
    /// The customer register: import, list, show, generate.
    Register(monitor::RegisterArgs),
    /// Screen the register against the active lists (full, --delta, --resume).
    Run(monitor::RunArgs),
    /// List monitoring runs.
    Runs(monitor::RunsArgs),
    /// List alerts.
    Alerts(monitor::AlertsArgs),
    /// Show one alert with the evidence side by side, or assign it.
    Alert(monitor::AlertArgs),
    /// Decide an alert: true-match, false-positive (optionally --accept), escalate, close.
    Decide(monitor::DecideArgs),
    /// Show the accept-list, or revoke an entry.
    AcceptList(monitor::AcceptArgs),
    /// Verify or export the hash-chained audit trail; show a screening receipt.
    Audit(monitor::AuditArgs),
    /// Show or change a setting (alerts.four_eyes, monitor.profile, monitor.threshold).
    Settings(monitor::SettingsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let data_dir = embargo::data_dir(cli.data_dir.as_deref());
    match cli.command {
        Command::Import(a) => lists::import(&data_dir, a),
        Command::Lists(a) => lists::lists(&data_dir, a),
        Command::Diff(a) => lists::diff(&data_dir, a),
        Command::Show(a) => lists::show(&data_dir, a),
        Command::Fetch(a) => fetch::fetch(&data_dir, a),
        Command::Screen(a) => screen::screen(&data_dir, *a),
        Command::Eval(a) => eval::eval(&data_dir, a),
        Command::Regimes(a) => regimes::regimes(&data_dir, a),
        Command::Profiles(a) => regimes::profiles(a),
        Command::CheckShipment(a) => trade::check_shipment(&data_dir, a),
        Command::Caps(a) => trade::caps(&data_dir, a),
        Command::Serve(a) => serve::serve(&data_dir, a),
        Command::Keys(a) => keys::keys(&data_dir, a),
        Command::Register(a) => monitor::register(&data_dir, a),
        Command::Run(a) => monitor::run(&data_dir, a),
        Command::Runs(a) => monitor::runs(&data_dir, a),
        Command::Alerts(a) => monitor::alerts(&data_dir, a),
        Command::Alert(a) => monitor::alert(&data_dir, a),
        Command::Decide(a) => monitor::decide(&data_dir, a),
        Command::AcceptList(a) => monitor::accept_list(&data_dir, a),
        Command::Audit(a) => monitor::audit(&data_dir, a),
        Command::Settings(a) => monitor::settings(&data_dir, a),
    }
}
