//! Monitoring and case work: `register`, `run`, `runs`, `alerts`, `alert`,
//! `decide`, `accept-list`, `audit`, `settings`. Each command is one engine
//! call; this file parses arguments and prints.

use crate::output;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use embargo::Library;
use embargo::monitor::{
    AssignRequest, AuditFilter, DecideRequest, Decision, RegisterOptions, RunInfo, RunMode,
};
use embargo::profiles;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The OS user, the default actor of CLI changes.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "cli".to_string())
}

fn open(data_dir: &Path, by: Option<&str>) -> Result<Library> {
    let lib = Library::open(data_dir)
        .with_context(|| format!("opening the data directory {}", data_dir.display()))?;
    Ok(lib.with_actor(by.map_or_else(os_user, str::to_string).as_str()))
}

fn progress_bar(what: &'static str) -> impl Fn(usize, usize) + Sync {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {what} {{per_sec}} eta {{eta}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    move |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}

/// One line about a run.
pub fn describe_run(r: &RunInfo) -> String {
    let c = &r.counts;
    format!(
        "run {} ({}, {}): {} screened, {} hits, {} new alerts ({} reopened), {} already alerted, {} kept quiet by the accept-list, {} superseded, {} lapsed, {} delisted",
        r.id,
        r.kind.as_str(),
        r.status,
        c.screened,
        c.hits,
        c.raised,
        c.reopened,
        c.existing,
        c.accepted,
        c.superseded,
        c.lapsed,
        c.delisted
    )
}

#[derive(Args)]
pub struct ProfileArgs {
    /// Jurisdiction profile (default: the `monitor.profile` setting, else the last run's, else `all`).
    #[arg(long)]
    profile: Option<String>,
    /// A TOML file with your own profiles.
    #[arg(long, env = "EMBARGO_PROFILES")]
    profiles_file: Option<PathBuf>,
    /// Score threshold (default: the `monitor.threshold` setting, else the last run's, else 0.7).
    #[arg(long)]
    threshold: Option<f32>,
}

impl ProfileArgs {
    fn profile(&self) -> Result<Option<embargo::profiles::Profile>> {
        let Some(id) = &self.profile else {
            return Ok(None);
        };
        let all = profiles::load(self.profiles_file.as_deref())?;
        Ok(Some(profiles::get(&all, id)?.clone()))
    }
}

#[derive(Args)]
pub struct RegisterArgs {
    #[command(subcommand)]
    command: RegisterCommand,
}

#[derive(Subcommand)]
enum RegisterCommand {
    /// Import customers (CSV or JSON lines with a stable `id`); screens the added and changed ones.
    Import {
        /// The file.
        file: PathBuf,
        /// Register source name (records of other sources are never retired).
        #[arg(long, default_value = "default")]
        source: String,
        /// Retire current records of this source that the file does not hold.
        #[arg(long)]
        remove_missing: bool,
        /// Import the good rows and list the bad ones (default: refuse the whole file).
        #[arg(long)]
        skip_invalid: bool,
        /// Do not screen the added and changed records now.
        #[arg(long)]
        no_screen: bool,
        #[command(flatten)]
        profile: ProfileArgs,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List current records.
    List {
        /// Start after this id.
        #[arg(long)]
        after: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show a record with its versions and alert history.
    Show {
        /// Customer id.
        id: String,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a seeded synthetic register (JSON lines) for trials and benchmarks.
    Generate {
        /// Number of records.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Share of records that are a listed name with a spelling variant.
        #[arg(long, default_value_t = 0.001)]
        listed_share: f64,
        /// Output file (default: stdout).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

pub fn register(data_dir: &Path, a: RegisterArgs) -> Result<ExitCode> {
    match a.command {
        RegisterCommand::Import {
            file,
            source,
            remove_missing,
            skip_invalid,
            no_screen,
            profile,
            json,
        } => {
            let mut lib = open(data_dir, None)?;
            let p = profile.profile()?;
            let bar = progress_bar("customers");
            let r = lib.register_import(
                &file,
                &RegisterOptions {
                    source,
                    remove_missing,
                    skip_invalid,
                    no_screen,
                },
                p.as_ref(),
                profile.threshold,
                &bar,
            )?;
            if json {
                output::json(&r)?;
            } else {
                output::text(&format!(
                    "register: {} added, {} changed (new versions), {} unchanged, {} retired ({} pending alerts lapsed)",
                    r.import.added,
                    r.import.changed,
                    r.import.unchanged,
                    r.import.retired,
                    r.lapsed
                ))?;
                for p in &r.skipped {
                    eprintln!("skipped {p}");
                }
                if let Some(run) = &r.run {
                    output::text(&describe_run(run))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        RegisterCommand::List { after, limit, json } => {
            let lib = open(data_dir, None)?;
            let rows = lib.register_list(after.as_deref(), limit)?;
            if json {
                output::json(&rows)?;
            } else {
                let mut t =
                    output::table(&["id", "version", "schema", "name", "birthDate", "imported"]);
                for c in &rows {
                    let p = |k: &str| {
                        c.record
                            .properties
                            .get(k)
                            .map(|v| v.join("; "))
                            .unwrap_or_default()
                    };
                    t.add_row(vec![
                        c.record.id.clone(),
                        c.version.to_string(),
                        c.record.schema.clone(),
                        p("name"),
                        p("birthDate"),
                        c.imported_at.clone(),
                    ]);
                }
                output::text(&format!(
                    "{t}\n{} current records in all",
                    lib.register_count()?
                ))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        RegisterCommand::Show { id, json } => {
            let lib = open(data_dir, None)?;
            let v = lib.customer_view(&id)?;
            if json {
                output::json(&v)?;
            } else {
                for ver in &v.versions {
                    output::text(&format!(
                        "version {} ({}, {}{}): {}",
                        ver.version,
                        ver.source,
                        ver.imported_at,
                        ver.retired_at
                            .as_deref()
                            .map(|r| format!(", retired {r}"))
                            .unwrap_or_default(),
                        serde_json::to_string(&ver.record.properties)?
                    ))?;
                }
                print_alerts(&v.alerts)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        RegisterCommand::Generate {
            count,
            seed,
            listed_share,
            output: out,
        } => {
            let mut lib = open(data_dir, None)?;
            let (listed, _) = {
                lib.ensure_default()?;
                lib.active_entities()?
            };
            let opts = embargo::generate::GenerateOptions {
                count,
                seed,
                listed_share,
            };
            let g = match &out {
                Some(p) => {
                    let mut f = std::io::BufWriter::new(
                        std::fs::File::create(p)
                            .with_context(|| format!("creating {}", p.display()))?,
                    );
                    embargo::generate::generate_register(&mut f, &opts, &listed)?
                }
                None => embargo::generate::generate_register(
                    &mut std::io::stdout().lock(),
                    &opts,
                    &listed,
                )?,
            };
            eprintln!(
                "{} records, {} listed names with a spelling variant",
                g.records, g.listed_variants
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Args)]
pub struct RunArgs {
    /// Screen only what changed in the lists since the last run.
    #[arg(long, conflicts_with_all = ["resume", "abandon"])]
    delta: bool,
    /// Continue an interrupted run with its own settings.
    #[arg(long, conflicts_with = "abandon")]
    resume: bool,
    /// Mark an interrupted run failed (a new run can then start).
    #[arg(long)]
    abandon: bool,
    #[command(flatten)]
    profile: ProfileArgs,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(data_dir: &Path, a: RunArgs) -> Result<ExitCode> {
    let mut lib = open(data_dir, None)?;
    let r = if a.abandon {
        lib.abandon_run("abandoned with embargo run --abandon")?
    } else {
        let mode = if a.resume {
            RunMode::Resume
        } else if a.delta {
            RunMode::Delta
        } else {
            RunMode::Full
        };
        let p = a.profile.profile()?;
        let bar = progress_bar("customers");
        lib.run(mode, p.as_ref(), a.profile.threshold, &bar)?
    };
    if a.json {
        output::json(&r)?;
    } else {
        output::text(&describe_run(&r))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct RunsArgs {
    /// At most this many, newest first.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub fn runs(data_dir: &Path, a: RunsArgs) -> Result<ExitCode> {
    let lib = open(data_dir, None)?;
    let runs = lib.runs(a.limit)?;
    if a.json {
        output::json(&runs)?;
    } else {
        for r in &runs {
            output::text(&format!(
                "{}  [{} → {}] profile {} threshold {}",
                describe_run(r),
                r.started_at,
                r.finished_at.as_deref().unwrap_or("…"),
                r.settings.profile,
                r.settings.threshold
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct AlertsArgs {
    /// Only these statuses (repeat or comma-separate): open, escalated, true-match,
    /// false-positive, closed, delisted, lapsed, superseded.
    #[arg(long, value_delimiter = ',')]
    status: Vec<String>,
    /// Only alerts raised by this run.
    #[arg(long)]
    run: Option<i64>,
    /// Only this customer.
    #[arg(long)]
    customer: Option<String>,
    /// Minimum score.
    #[arg(long)]
    min_score: Option<f64>,
    /// Maximum score.
    #[arg(long)]
    max_score: Option<f64>,
    /// Only targets of this list (un_sc, us_ofac_sdn...).
    #[arg(long)]
    list: Option<String>,
    /// Only targets with a designation under this catalogue regime (UN-1718...).
    #[arg(long)]
    regime: Option<String>,
    /// Only targets of this class under the run's profile: binding, exposure, informational.
    #[arg(long)]
    class: Option<String>,
    /// Only alerts assigned to: me, nobody, or a user name.
    #[arg(long)]
    assignee: Option<String>,
    /// Who "me" is (default: the OS user).
    #[arg(long)]
    by: Option<String>,
    /// Order: newest, oldest or score.
    #[arg(long, default_value = "newest")]
    sort: String,
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

fn print_alerts(alerts: &[embargo::monitor::AlertRow]) -> Result<()> {
    let mut t = output::table(&[
        "alert", "status", "customer", "listed", "score", "class", "assignee", "why",
    ]);
    for a in alerts {
        t.add_row(vec![
            a.id.to_string(),
            a.status.to_string(),
            format!("{} v{}", a.customer, a.customer_version),
            format!("{} ({})", a.caption, a.entity_id),
            format!("{:.3}", a.score),
            a.class.clone(),
            a.assignee.clone().unwrap_or_default(),
            a.raised_because.clone(),
        ]);
    }
    output::text(&t.to_string())
}

pub fn alerts(data_dir: &Path, a: AlertsArgs) -> Result<ExitCode> {
    let lib = open(data_dir, a.by.as_deref())?;
    // The same parameters, and the same reading of them, as the API's.
    let mut pairs: Vec<(String, String)> = a
        .status
        .iter()
        .map(|s| ("status".to_string(), s.clone()))
        .collect();
    for (k, v) in [
        ("run", a.run.map(|r| r.to_string())),
        ("customer", a.customer),
        ("min_score", a.min_score.map(|s| s.to_string())),
        ("max_score", a.max_score.map(|s| s.to_string())),
        ("list", a.list),
        ("regime", a.regime),
        ("class", a.class),
        ("assignee", a.assignee),
        ("sort", Some(a.sort)),
        ("limit", Some(a.limit.to_string())),
    ] {
        if let Some(v) = v {
            pairs.push((k.to_string(), v));
        }
    }
    let filter = embargo::monitor::alert_filter(&pairs, lib.actor())
        .map_err(|e| anyhow::anyhow!("--{}: {}", e.field.replace('_', "-"), e.message))?;
    let list = lib.alerts(&filter)?;
    if a.json {
        output::json(&list)?;
    } else {
        print_alerts(&list.alerts)?;
        let counts: Vec<String> = list
            .counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        output::text(&format!("by status: {}", counts.join(", ")))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct AlertArgs {
    #[command(subcommand)]
    command: AlertCommand,
}

#[derive(Subcommand)]
enum AlertCommand {
    /// Show an alert: customer and listed record field by field, the explanation, every designation.
    Show {
        /// Alert id.
        id: i64,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Assign an alert to a user (--to NAME), or to nobody (--nobody).
    Assign {
        /// Alert id.
        id: i64,
        /// The user who will work on it.
        #[arg(long, conflicts_with = "nobody", required_unless_present = "nobody")]
        to: Option<String>,
        /// Unassign it.
        #[arg(long)]
        nobody: bool,
        #[command(flatten)]
        act: ActAs,
    },
}

/// Who changes an alert, on which version, with which role.
#[derive(Args)]
pub struct ActAs {
    /// Who acts (default: the OS user).
    #[arg(long)]
    by: Option<String>,
    /// Act only if the alert is still at this row version.
    #[arg(long)]
    version: Option<i64>,
    /// Act with the supervisor role (four-eyes close of a true match; assigning
    /// to others or taking from them).
    #[arg(long)]
    supervisor: bool,
}

pub fn alert(data_dir: &Path, a: AlertArgs) -> Result<ExitCode> {
    let (id, json) = match a.command {
        AlertCommand::Show { id, json } => (id, json),
        AlertCommand::Assign {
            id,
            to,
            nobody: _,
            act,
        } => {
            let mut lib = open(data_dir, act.by.as_deref())?;
            let req = AssignRequest {
                to,
                expected_version: act.version,
            };
            let a = lib.assign(id, &req, act.supervisor)?;
            output::text(&format!(
                "alert {} (version {}): assigned to {}",
                a.row.id,
                a.row.row_version,
                a.row.assignee.as_deref().unwrap_or("nobody")
            ))?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let lib = open(data_dir, None)?;
    let v = lib.alert_view(id)?;
    if json {
        output::json(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    let al = &v.alert;
    output::text(&format!(
        "alert {} [{}] score {:.3}: customer {} v{} ↔ {} ({})\nraised by run {} at {}: {}\n\
         {} under the run's profile; regimes {}; assigned to {}",
        al.id,
        al.status,
        al.score,
        al.customer,
        al.customer_version,
        al.caption,
        al.entity_id,
        al.run,
        al.raised_at,
        al.raised_because,
        al.class,
        al.regimes.join(", "),
        al.assignee.as_deref().unwrap_or("nobody"),
    ))?;
    let mut t = output::table(&["field", "customer", "listed"]);
    for f in &v.fields {
        t.add_row(vec![
            f.field.clone(),
            f.customer.join("\n"),
            f.listed
                .iter()
                .map(|l| format!("{} [{}]", l.value, l.entity))
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    output::text(&t.to_string())?;
    if let Some(r) = &v.result {
        output::text("explanation:")?;
        for e in &r.explanations {
            output::text(&format!("  {}", serde_json::to_string(e)?))?;
        }
        let mut t = output::table(&[
            "list",
            "reference",
            "regime",
            "basis",
            "classification",
            "listed on",
        ]);
        for d in &r.designations {
            t.add_row(vec![
                d.source.to_string(),
                d.reference.clone(),
                format!("{} ({})", d.regime_id, d.regime),
                serde_json::to_value(d.basis)?
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                serde_json::to_value(d.classification)?
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                d.listed_on.clone().unwrap_or_default(),
            ]);
        }
        output::text(&t.to_string())?;
    }
    if let Some(lists) = v.snapshots.as_array() {
        let s: Vec<String> = lists
            .iter()
            .map(|l| {
                format!(
                    "{} {} ({})",
                    l["source"].as_str().unwrap_or(""),
                    l["published"].as_str().unwrap_or("?"),
                    &l["sha256"].as_str().unwrap_or("")
                        [..12.min(l["sha256"].as_str().unwrap_or("").len())]
                )
            })
            .collect();
        output::text(&format!("snapshots: {}", s.join(", ")))?;
    }
    for d in &v.decisions {
        output::text(&format!(
            "{} {} {} ({} → {}): {}",
            d.at,
            d.by,
            d.decision.as_str(),
            d.from,
            d.to,
            d.reason
        ))?;
    }
    if !v.history.is_empty() {
        output::text("earlier alerts of this pair:")?;
        print_alerts(&v.history)?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct DecideArgs {
    /// Alert id.
    alert: i64,
    /// The decision: true-match, false-positive, escalate or close.
    #[arg(long = "as")]
    decision: String,
    /// Why (required).
    #[arg(long)]
    reason: String,
    /// Add the pair to the accept-list (false positives only).
    #[arg(long)]
    accept: bool,
    #[command(flatten)]
    act: ActAs,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub fn decide(data_dir: &Path, a: DecideArgs) -> Result<ExitCode> {
    let decision: Decision = a.decision.parse().map_err(anyhow::Error::msg)?;
    if a.reason.trim().is_empty() {
        bail!("--reason must say why");
    }
    let mut lib = open(data_dir, a.act.by.as_deref())?;
    let d = lib.decide(
        a.alert,
        &DecideRequest {
            decision,
            reason: a.reason,
            accept: a.accept,
            expected_version: a.act.version,
            supervisor: a.act.supervisor,
        },
    )?;
    if a.json {
        output::json(&d)?;
    } else {
        output::text(&format!(
            "alert {}: {} → {} by {}{}",
            d.alert.id,
            d.decision.from,
            d.decision.to,
            d.decision.by,
            d.decision
                .accepted
                .map(|i| format!("; accept-list entry {i}"))
                .unwrap_or_default()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct AcceptArgs {
    #[command(subcommand)]
    command: Option<AcceptCommand>,
    /// Show revoked and lapsed entries too.
    #[arg(long)]
    all: bool,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum AcceptCommand {
    /// Revoke an entry: the pair alerts again at its next hit.
    Revoke {
        /// Entry id.
        id: i64,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// Who (default: the OS user).
        #[arg(long)]
        by: Option<String>,
    },
}

pub fn accept_list(data_dir: &Path, a: AcceptArgs) -> Result<ExitCode> {
    if let Some(AcceptCommand::Revoke { id, reason, by }) = a.command {
        let mut lib = open(data_dir, by.as_deref())?;
        let e = lib.revoke_accept(id, &reason)?;
        if a.json {
            output::json(&e)?;
        } else {
            output::text(&format!("accept-list entry {} revoked", e.id))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lib = open(data_dir, None)?;
    let list = lib.accept_list(a.all)?;
    if a.json {
        output::json(&list)?;
    } else {
        let mut t = output::table(&[
            "entry",
            "state",
            "customer",
            "listed",
            "fingerprinted",
            "by",
            "reason",
        ]);
        for e in &list {
            let fields: Vec<String> = e
                .fields
                .customer
                .keys()
                .map(|k| format!("customer.{k}"))
                .chain(e.fields.target.keys().map(|k| format!("listed.{k}")))
                .collect();
            t.add_row(vec![
                e.id.to_string(),
                e.state.clone(),
                e.customer.clone(),
                format!("{} ({})", e.caption, e.entity_id),
                fields.join(", "),
                format!("{} {}", e.by, e.at),
                e.reason.clone(),
            ]);
        }
        output::text(&t.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain; names the first bad record. Exit 1 when broken.
    Verify {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the audit trail as JSON lines.
    Export {
        /// From this time or date.
        #[arg(long)]
        from: Option<String>,
        /// Up to this time or date (a date includes the whole day).
        #[arg(long)]
        to: Option<String>,
        /// Output file (default: stdout).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show a screening receipt: what was asked, when, by whom, on which lists, and the answer.
    Show {
        /// Receipt id.
        receipt: String,
    },
}

pub fn audit(data_dir: &Path, a: AuditArgs) -> Result<ExitCode> {
    let lib = open(data_dir, None)?;
    match a.command {
        AuditCommand::Verify { json } => {
            let v = lib.audit_verify()?;
            if json {
                output::json(&v)?;
            } else if v.ok {
                output::text(&format!(
                    "audit trail intact: {} records, head {}",
                    v.records, v.head
                ))?;
            } else if let Some(b) = &v.first_bad {
                output::text(&format!(
                    "audit trail BROKEN at record {}: {}",
                    b.id, b.problem
                ))?;
            }
            Ok(if v.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        AuditCommand::Export {
            from,
            to,
            output: out,
        } => {
            use std::io::Write;
            let recs = lib.audit_records(&AuditFilter {
                from,
                to,
                ..AuditFilter::default()
            })?;
            let mut w: Box<dyn Write> = match &out {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            for r in &recs {
                serde_json::to_writer(&mut w, r)?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Show { receipt } => {
            output::json(&lib.receipt(&receipt)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Args)]
pub struct SettingsArgs {
    /// Setting: alerts.four_eyes (true|false), monitor.profile, monitor.threshold.
    key: String,
    /// New value (omit to show the current one).
    value: Option<String>,
}

pub fn settings(data_dir: &Path, a: SettingsArgs) -> Result<ExitCode> {
    let mut lib = open(data_dir, None)?;
    match a.value {
        Some(v) => {
            lib.set_setting(&a.key, &v)?;
            output::text(&format!("{} = {v}", a.key))?;
        }
        None => output::text(&format!(
            "{} = {}",
            a.key,
            lib.setting(&a.key)?.unwrap_or_else(|| "(unset)".into())
        ))?,
    }
    Ok(ExitCode::SUCCESS)
}
