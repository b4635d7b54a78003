//! `check-shipment` and `caps`: trade measures and global caps.

use crate::output;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use embargo::screen::ScreenOptions;
use embargo::shipments::{MatcherScreener, party_search};
use embargo::trade::{Ledger, Measures, NoScreening, Report, Shipment, check};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct CheckArgs {
    /// Shipment JSON file, or JSON lines (one shipment a line) for a batch.
    file: PathBuf,
    /// Jurisdiction profile deciding which measures bind: un, cn, jp, kr, us, eu, uk, all.
    #[arg(long, default_value = "un")]
    profile: String,
    /// Do not screen parties and vessel (the verdict then says so).
    #[arg(long)]
    no_screening: bool,
    /// Screen parties against these files instead of the stored snapshots: KIND:PATH.
    #[arg(long = "list", value_name = "KIND:PATH")]
    lists: Vec<String>,
    /// Exit with status 1 when a verdict is not `permitted`/`permitted-under-exemption`.
    #[arg(long)]
    fail_unless_permitted: bool,
}

#[derive(Args)]
pub struct CapsArgs {
    #[command(subcommand)]
    what: CapsCommand,
}

#[derive(Subcommand)]
enum CapsCommand {
    /// Record a reported procurement or supply counted against a cap.
    Record {
        /// Cap id (see `embargo caps status`), e.g. coal-2321.
        #[arg(long)]
        cap: String,
        /// Reporting state (ISO code).
        #[arg(long)]
        state: String,
        /// The day it counts on (YYYY-MM-DD), or a month (YYYY-MM) for a monthly report.
        #[arg(long)]
        date: String,
        /// Quantity.
        #[arg(long)]
        quantity: Option<f64>,
        /// Unit of the quantity: t, kg, bbl.
        #[arg(long)]
        unit: Option<String>,
        /// Value.
        #[arg(long)]
        value: Option<f64>,
        /// Currency of the value.
        #[arg(long, default_value = "USD")]
        currency: String,
        /// Reference (Committee page, report number).
        #[arg(long)]
        reference: Option<String>,
    },
    /// Utilisation per period, notices reached (75/90/95 %) and whether shipments must stop.
    Status {
        /// One cap only.
        #[arg(long)]
        cap: Option<String>,
        /// Status as of this date (default: today).
        #[arg(long)]
        at: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn ledger(data_dir: &Path) -> Result<Ledger> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    Ok(Ledger::open_in_dir(data_dir)?)
}

fn date(s: &str) -> Result<chrono::NaiveDate> {
    if let Ok(d) = s.parse::<chrono::NaiveDate>() {
        return Ok(d);
    }
    if let Some((y, m)) = s.split_once('-')
        && let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>())
        && let Some(d) = embargo::trade::month_end(y, m)
    {
        return Ok(d);
    }
    bail!("`{s}` is not a date (expected YYYY-MM-DD, or YYYY-MM for a month)")
}

pub fn check_shipment(data_dir: &Path, a: CheckArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&a.file)
        .with_context(|| format!("reading {}", a.file.display()))?;
    let measures = Measures::builtin()?;
    let ledger = ledger(data_dir)?;
    let screener = if a.no_screening {
        None
    } else {
        Some(crate::screen::load(data_dir, &a.lists)?)
    };
    let profiles = embargo::regimes::Profiles::shipped();
    let profile = profiles
        .get(&a.profile)
        .with_context(|| format!("unknown profile `{}`", a.profile))?;
    let party_screener = screener.as_ref().map(|s| MatcherScreener {
        screener: s,
        options: ScreenOptions {
            search: party_search(),
            profile,
        },
    });
    let run = |sh: &Shipment| -> Result<serde_json::Value> {
        let v = match &party_screener {
            Some(p) => check(sh, &a.profile, measures, &ledger, p)?,
            None => check(sh, &a.profile, measures, &ledger, &NoScreening)?,
        };
        Ok(serde_json::to_value(v)?)
    };
    let trimmed = text.trim_start();
    let single =
        trimmed.starts_with('{') && serde_json::from_str::<serde_json::Value>(trimmed).is_ok();
    let mut worst = ExitCode::SUCCESS;
    let mut note = |v: &serde_json::Value| {
        let verdict = v["verdict"].as_str().unwrap_or_default();
        if a.fail_unless_permitted
            && verdict != "permitted"
            && verdict != "permitted-under-exemption"
        {
            worst = ExitCode::from(1);
        }
    };
    if single {
        let sh = Shipment::from_json(trimmed).with_context(|| format!("{}", a.file.display()))?;
        let v = run(&sh)?;
        note(&v);
        output::json(&v)?;
    } else {
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v = match Shipment::from_json(line) {
                Ok(sh) => run(&sh)?,
                Err(e) => serde_json::json!({"line": i + 1, "error": e.to_string()}),
            };
            note(&v);
            output::text(&serde_json::to_string(&v)?)?;
        }
    }
    Ok(worst)
}

pub fn caps(data_dir: &Path, a: CapsArgs) -> Result<ExitCode> {
    let ledger = ledger(data_dir)?;
    match a.what {
        CapsCommand::Record {
            cap,
            state,
            date: d,
            quantity,
            unit,
            value,
            currency,
            reference,
        } => {
            let report = Report {
                state,
                cap,
                date: date(&d)?,
                quantity,
                unit,
                value,
                currency: value.map(|_| currency),
                reference,
            };
            let id = ledger.record(&report)?;
            output::text(&format!(
                "recorded report {id} against {} on {}",
                report.cap, report.date
            ))?;
        }
        CapsCommand::Status { cap, at, json } => {
            let at = match at {
                Some(s) => date(&s)?,
                None => chrono::Utc::now().date_naive(),
            };
            let ids: Vec<String> = match cap {
                Some(c) => vec![c],
                None => ledger.caps().iter().map(|c| c.id.clone()).collect(),
            };
            let mut all = Vec::new();
            for id in ids {
                all.push(ledger.status(&id, at)?);
            }
            if json {
                output::json(&all)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut s = String::new();
            for st in &all {
                s += &format!(
                    "{} — {} ({}), as of {}\n",
                    st.cap, st.title, st.citation, st.at
                );
                for p in &st.periods {
                    s += &format!(
                        "  {:<28} {} .. {}  utilisation {:>6.1} %  reports {}{}\n",
                        p.label,
                        p.start,
                        p.last_day,
                        p.utilisation * 100.0,
                        p.reports,
                        if p.stop { "  STOP" } else { "" }
                    );
                    for n in &p.notices {
                        s += &format!(
                            "      {:.0} % notice reached on {} ({:.1} %){}\n",
                            n.percent,
                            n.reached_on,
                            n.utilisation * 100.0,
                            if n.unverified {
                                " (threshold unverified)"
                            } else {
                                ""
                            }
                        );
                    }
                }
                s += &format!(
                    "  further shipments {}\n",
                    if st.stop {
                        "must STOP"
                    } else {
                        "may continue within the cap"
                    }
                );
                for u in &st.unverified {
                    s += &format!("  unverified: {u}\n");
                }
                s += "\n";
            }
            output::text(&s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
