//! `regimes` and `profiles`: the legal frameworks behind the lists.

use crate::output;
use anyhow::Result;
use clap::{Args, Subcommand};
use embargo::profiles;
use embargo::regimes::{Citation, RegimeSummary};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct RegimesArgs {
    #[command(subcommand)]
    what: Option<RegimesCommand>,
    /// Print as JSON.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum RegimesCommand {
    /// One regime (id such as UN-1718, or a topic such as DPRK): instruments,
    /// measures and designation counts per active list.
    Show {
        /// Regime id or topic.
        id: String,
    },
}

#[derive(Args)]
pub struct ProfilesArgs {
    /// A TOML file with your own profiles, added to the shipped ones.
    #[arg(long, env = "EMBARGO_PROFILES")]
    profiles_file: Option<PathBuf>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

fn cite(c: &Citation) -> String {
    if c.unverified {
        format!("{} (unverified)", c.text)
    } else {
        c.text.clone()
    }
}

pub fn regimes(data_dir: &Path, a: RegimesArgs) -> Result<ExitCode> {
    match a.what {
        None => {
            let all = embargo::regimes::regimes();
            if a.json {
                output::json(&all)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut t = output::table(&[
                "id",
                "name",
                "kind",
                "authority",
                "topic",
                "founding instrument",
            ]);
            for RegimeSummary {
                regime: r,
                founding,
            } in &all
            {
                t.add_row(vec![
                    r.id.clone(),
                    r.name.clone(),
                    format!("{:?}", r.kind).to_lowercase(),
                    r.authority.clone(),
                    r.topic.clone(),
                    founding.as_ref().map(cite).unwrap_or_default(),
                ]);
            }
            output::text(&t.to_string())?;
        }
        Some(RegimesCommand::Show { id }) => {
            let screener = crate::lists::open(data_dir)?.screener()?;
            let found = embargo::regimes::regime(&id, &screener)?;
            if a.json {
                output::json(&found)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut s = String::new();
            for d in &found {
                let r = &d.regime;
                s += &format!("{} — {}\n  authority: {}\n", r.id, r.name, r.authority);
                if let Some(c) = &r.committee {
                    s += &format!("  committee: {c}\n");
                }
                s += "  instruments:\n";
                for i in &d.instruments {
                    s += &format!(
                        "    {:<22} {}{}\n",
                        i.id,
                        cite(&i.title),
                        i.date
                            .as_ref()
                            .map(|d| format!(" ({})", cite(d)))
                            .unwrap_or_default()
                    );
                    for add in &i.adds {
                        s += &format!("      + {}\n", cite(add));
                    }
                }
                if !d.measures.is_empty() {
                    s += "  measures:\n";
                    for m in &d.measures {
                        s += &format!(
                            "    {:<28} {} {}: {}\n",
                            m.id,
                            m.instrument,
                            m.paragraph.as_ref().map(cite).unwrap_or_default(),
                            cite(&m.summary)
                        );
                    }
                }
                s += "  designations in the active lists:\n";
                match &d.designations {
                    Some(per) => {
                        for (k, n) in per {
                            s += &format!("    {k:<14} {n}\n");
                        }
                    }
                    None => s += "    none\n",
                }
                s += "\n";
            }
            output::text(&s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn profiles(a: ProfilesArgs) -> Result<ExitCode> {
    let ps = profiles::load(a.profiles_file.as_deref())?;
    if a.json {
        output::json(&ps.all())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    for p in ps.all() {
        s += &format!("{:<6} {}\n       {}\n", p.id, p.name, p.description);
        s += &format!(
            "       match on: {}\n",
            p.match_on
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if p.trade_regimes.is_empty() {
            s += "       trade regimes: none (shipments cannot be checked under it)\n";
        } else {
            s += &format!("       trade regimes: {}\n", p.trade_regimes.join(", "));
        }
        if let Some(n) = &p.trade_note {
            s += &format!("       trade note: {n}\n");
        }
        for c in &p.caveats {
            s += &format!("       note: {c}\n");
        }
    }
    output::text(&s)?;
    Ok(ExitCode::SUCCESS)
}
