//! `check-shipment` and `caps`: trade measures and global caps.

use crate::output;
use crate::screen::load;
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use embargo::profiles;
use embargo::shipments::{
    Report, ShipmentInput, cap_status, check_shipment as check, is_permitted, open_ledger,
    parse_date, read_shipments, record_report,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct CheckArgs {
    /// Shipment JSON file, or JSON lines (one shipment a line) for a batch.
    file: PathBuf,
    /// Jurisdiction profile whose trade regimes bind (`embargo profiles` lists them): un, cn, jp,
    /// kr, us, eu, uk, all, or one of your --profiles-file.
    #[arg(long, default_value = "un")]
    profile: String,
    /// A TOML file with your own profiles (same format as the shipped ones):
    /// a profile's `trade_regimes` decide the measures that bind, its rules
    /// the screening of parties.
    #[arg(long, env = "EMBARGO_PROFILES")]
    profiles_file: Option<PathBuf>,
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

pub fn check_shipment(data_dir: &Path, a: CheckArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&a.file)
        .with_context(|| format!("reading {}", a.file.display()))?;
    let profiles = profiles::load(a.profiles_file.as_deref())?;
    let profile = profiles::get(&profiles, &a.profile)?;
    let ledger = open_ledger(data_dir)?;
    let screener = if a.no_screening {
        None
    } else {
        Some(load(data_dir, &a.lists)?)
    };
    let mut worst = ExitCode::SUCCESS;
    let mut note = |permitted: bool| {
        if a.fail_unless_permitted && !permitted {
            worst = ExitCode::from(1);
        }
    };
    match read_shipments(&text).with_context(|| format!("{}", a.file.display()))? {
        ShipmentInput::One(sh) => {
            let v = check(&sh, profile, screener.as_ref(), &ledger)?;
            note(is_permitted(&v));
            output::json(&v)?;
        }
        ShipmentInput::Lines(lines) => {
            for (line, sh) in lines {
                let v = match sh {
                    Ok(sh) => {
                        let v = check(&sh, profile, screener.as_ref(), &ledger)?;
                        note(is_permitted(&v));
                        serde_json::to_value(v)?
                    }
                    Err(e) => {
                        note(false);
                        serde_json::json!({"line": line, "error": e})
                    }
                };
                output::text(&serde_json::to_string(&v)?)?;
            }
        }
    }
    Ok(worst)
}

pub fn caps(data_dir: &Path, a: CapsArgs) -> Result<ExitCode> {
    let ledger = open_ledger(data_dir)?;
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
                date: parse_date(&d)?,
                quantity,
                unit,
                value,
                currency: value.map(|_| currency),
                reference,
            };
            let id = record_report(&ledger, &report)?;
            output::text(&format!(
                "recorded report {id} against {} on {}",
                report.cap, report.date
            ))?;
        }
        CapsCommand::Status { cap, at, json } => {
            let at = match at {
                Some(s) => parse_date(&s)?,
                None => chrono::Utc::now().date_naive(),
            };
            let all = cap_status(&ledger, cap.as_deref(), at)?;
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
