//! `screen`: one name on the command line, or a batch file.

use crate::output;
use anyhow::{Context, Result, bail};
use clap::Args;
use embargo::batch::{read_batch, screen_batch};
use embargo::screen::DesignationOut;
use embargo::{
    DEFAULT_CUTOFF, DEFAULT_THRESHOLD, Query, ScreenOptions, Screener, SearchOptions, profiles,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct ScreenArgs {
    /// Name to screen (omit with --input).
    name: Option<String>,
    /// Schema of the party: Person, Organization, Company, Vessel, Airplane, LegalEntity.
    #[arg(long)]
    schema: Option<String>,
    /// Birth date (YYYY, YYYY-MM or YYYY-MM-DD); repeatable.
    #[arg(long = "birth-date")]
    birth_date: Vec<String>,
    /// Nationality (ISO code or country name); repeatable.
    #[arg(long)]
    nationality: Vec<String>,
    /// Country of residence or registration; repeatable.
    #[arg(long)]
    country: Vec<String>,
    /// Gender: male or female.
    #[arg(long)]
    gender: Option<String>,
    /// Passport number.
    #[arg(long)]
    passport: Vec<String>,
    /// National ID or other identity number.
    #[arg(long = "id-number")]
    id_number: Vec<String>,
    /// Vessel IMO number.
    #[arg(long)]
    imo: Vec<String>,
    /// Batch input: JSON lines (`{"id","schema","properties":{...}}`) or CSV with a header.
    #[arg(long, short)]
    input: Option<PathBuf>,
    /// Batch output (JSON lines, one per query in input order); default stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Maximum hits per query.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Score at or above which a hit is a `match`.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Drop hits scoring below this (0 returns the best --limit whatever their score).
    #[arg(long, default_value_t = DEFAULT_CUTOFF)]
    cutoff: f32,
    /// Screen against these files instead of the stored snapshots: KIND:PATH, repeatable.
    #[arg(long = "list", value_name = "KIND:PATH")]
    lists: Vec<String>,
    /// Score every listed entity instead of using the candidate index (slow; for checks).
    #[arg(long)]
    exhaustive: bool,
    /// Jurisdiction profile: un, cn, jp, kr, us, eu, uk, all (see `embargo profiles`).
    /// `match` and the exit code count only designations that bind under it.
    #[arg(long, default_value = "all")]
    profile: String,
    /// A TOML file with your own profiles (same format as the shipped ones).
    #[arg(long, env = "EMBARGO_PROFILES")]
    profiles_file: Option<PathBuf>,
    /// Print results as JSON (single query).
    #[arg(long)]
    json: bool,
    /// Exit with status 1 when a hit is a `match` under the profile (for scripts).
    #[arg(long)]
    fail_on_match: bool,
}

/// The screener: over the `--list KIND:PATH` files if any, else over the
/// active snapshots of the data directory.
pub fn load(data_dir: &Path, lists: &[String]) -> Result<Screener> {
    if lists.is_empty() {
        return Ok(crate::lists::open(data_dir)?.screener()?);
    }
    Ok(Screener::from_list_specs(lists)?)
}

fn single_query(a: &ScreenArgs, name: &str) -> Result<Query> {
    let mut props: BTreeMap<String, Vec<String>> = BTreeMap::new();
    props.insert("name".into(), vec![name.to_string()]);
    let mut put = |k: &str, v: &[String]| {
        if !v.is_empty() {
            props.insert(k.into(), v.to_vec());
        }
    };
    put("birthDate", &a.birth_date);
    put("nationality", &a.nationality);
    put("country", &a.country);
    put("passportNumber", &a.passport);
    put("idNumber", &a.id_number);
    put("imoNumber", &a.imo);
    if let Some(g) = &a.gender {
        props.insert("gender".into(), vec![g.clone()]);
    }
    Ok(Query::from_properties(a.schema.as_deref(), &props)?)
}

pub fn screen(data_dir: &Path, a: ScreenArgs) -> Result<ExitCode> {
    let search = SearchOptions {
        limit: a.limit,
        cutoff: a.cutoff,
        threshold: a.threshold,
        ..SearchOptions::default()
    };
    let profiles = profiles::load(a.profiles_file.as_deref())?;
    let profile = profiles::get(&profiles, &a.profile)?;
    for c in &profile.caveats {
        eprintln!("note ({} profile): {c}", profile.id);
    }
    let opts = ScreenOptions { search, profile };
    match (&a.name, &a.input) {
        (Some(_), Some(_)) => bail!("give either a name or --input, not both"),
        (None, None) => bail!("give a name to screen, or --input FILE for a batch"),
        (Some(name), None) => {
            let q = single_query(&a, name)?;
            let screener = load(data_dir, &a.lists)?;
            let rows = if a.exhaustive {
                screener.screen_exhaustive(&q, &opts)
            } else {
                screener.screen_with(&q, &opts)
            };
            let any = rows.iter().any(|r| r.is_match);
            let receipt = record(
                data_dir,
                "screen",
                serde_json::json!({ "query": q, "exhaustive": a.exhaustive }),
                &screener,
                &opts,
                embargo::receipts::hits(&rows),
            )?;
            if a.json {
                output::json(&serde_json::json!({
                    "query": q, "results": rows, "threshold": a.threshold, "profile": profile.id,
                    "lists": screener.lists(), "receipt": receipt
                }))?;
            } else {
                let mut t = output::table(&[
                    "score",
                    "match",
                    "name matched",
                    "schema",
                    "list",
                    "reference",
                    "basis",
                    "regime",
                    "under profile",
                ]);
                for r in &rows {
                    let cell = |f: &dyn Fn(&DesignationOut) -> String| {
                        r.designations.iter().map(f).collect::<Vec<_>>().join("\n")
                    };
                    t.add_row(vec![
                        format!("{:.3}", r.score),
                        if r.is_match { "MATCH" } else { "" }.to_string(),
                        r.matched_name.clone(),
                        r.schema.clone(),
                        cell(&|d| d.source.to_string()),
                        cell(&|d| d.reference.clone()),
                        cell(&|d| d.basis.as_str().to_string()),
                        cell(&|d| {
                            format!(
                                "{}{}",
                                d.regime_id,
                                if d.unverified { " (unverified)" } else { "" }
                            )
                        }),
                        cell(&|d| {
                            let class = d.classification.as_str();
                            if d.flags.is_empty() {
                                class.to_string()
                            } else {
                                format!("{class} [{}]", d.flags.join(", "))
                            }
                        }),
                    ]);
                }
                if rows.is_empty() {
                    output::text(&format!("no hits scoring {:.2} or more", a.cutoff))?;
                } else {
                    output::text(&t.to_string())?;
                }
                let lists: Vec<String> = screener
                    .lists()
                    .iter()
                    .map(|l| format!("{} {}", l.source, l.published.as_deref().unwrap_or("?")))
                    .collect();
                eprintln!(
                    "screened against: {} (threshold {:.2}, profile {}); receipt {receipt}",
                    lists.join(", "),
                    a.threshold,
                    profile.id
                );
            }
            Ok(if any && a.fail_on_match {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        (None, Some(input)) => {
            let items = read_batch(input)?;
            let screener = load(data_dir, &a.lists)?;
            let bar = indicatif::ProgressBar::new(items.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} queries {per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let started = std::time::Instant::now();
            let lines = screen_batch(&screener, &items, &opts, &|n| bar.set_position(n as u64));
            bar.finish_and_clear();
            let mut out: Box<dyn Write> = match &a.output {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let mut matched = 0usize;
            let mut errors = 0usize;
            for l in &lines {
                errors += usize::from(l.is_error());
                matched += usize::from(l.is_match());
                serde_json::to_writer(&mut out, l)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            let receipt = record(
                data_dir,
                "batch",
                serde_json::json!({ "input": input.display().to_string(), "items": items.len() }),
                &screener,
                &opts,
                embargo::receipts::batch_hits(&lines),
            )?;
            eprintln!("receipt {receipt}");
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "{} queries in {:.2}s ({:.0}/s): {} with a match, {} errors",
                items.len(),
                secs,
                items.len() as f64 / secs.max(1e-9),
                matched,
                errors
            );
            Ok(if matched > 0 && a.fail_on_match {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Records a receipt of this screening in the data directory.
fn record(
    data_dir: &Path,
    kind: &str,
    request: serde_json::Value,
    screener: &Screener,
    opts: &ScreenOptions<'_>,
    results: serde_json::Value,
) -> Result<String> {
    let lib = embargo::Library::open(data_dir)?.with_actor(&crate::monitor::os_user());
    Ok(lib.record_receipt(
        kind,
        request,
        screener,
        embargo::receipts::settings(&opts.profile.id, &opts.search),
        results,
    )?)
}
