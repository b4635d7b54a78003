//! `eval`: quality figures on labelled data.

use crate::output;
use crate::screen::load;
use anyhow::Result;
use clap::{Args, Subcommand};
use embargo::DEFAULT_THRESHOLD;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: EvalCommand,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Labelled name pairs (CSV with name1,name2,is_match[,schema,case_group,category]):
    /// precision, recall, F1 at the threshold and at the best threshold.
    Pairs {
        /// The CSV file (e.g. ../shared/eval/name_bench_cases.csv).
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Queries with an "expect" list of references (JSON lines; empty list = negative):
    /// recall@1, recall@5, recall at the threshold, false alerts per 1,000 negatives.
    Queries {
        /// The JSON lines file.
        file: PathBuf,
        /// Also score every entity for each query and report candidate recall.
        #[arg(long)]
        check_candidates: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Build evaluation query files from the shared evaluation data.
    Prepare {
        /// The shared folder (with eval/ and lists/).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the query files.
        #[arg(long, default_value = "target/eval")]
        out: PathBuf,
    },
}

#[derive(Args)]
struct Common {
    /// Match threshold.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Lists to load instead of the stored snapshots: KIND:PATH, repeatable.
    #[arg(long = "list", value_name = "KIND:PATH")]
    lists: Vec<String>,
    /// Print misses / errors (up to N).
    #[arg(long, default_value_t = 0)]
    show: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn eval(data_dir: &Path, a: EvalArgs) -> Result<ExitCode> {
    match a.what {
        EvalCommand::Pairs { file, common } => {
            let screener = load(data_dir, &common.lists)?;
            let r = embargo::eval::pairs(&screener, &file, common.threshold)?;
            if common.json {
                output::json(&r)?;
            } else {
                let mut s = format!(
                    "{} pairs\nat threshold {:.2}: precision {:.3} recall {:.3} F1 {:.3}\nbest threshold {:.2}: precision {:.3} recall {:.3} F1 {:.3}\n\nper category, threshold {:.2}:\n",
                    r.at_threshold.n,
                    r.threshold,
                    r.at_threshold.precision,
                    r.at_threshold.recall,
                    r.at_threshold.f1,
                    r.best_threshold,
                    r.at_best.precision,
                    r.at_best.recall,
                    r.at_best.f1,
                    r.threshold
                );
                if r.by_group.len() > 1 {
                    s += "by case group:\n";
                    for (k, p) in &r.by_group {
                        s += &format!(
                            "  {k:<40} n={:<4} P {:.3} R {:.3} F1 {:.3}\n",
                            p.n, p.precision, p.recall, p.f1
                        );
                    }
                    s += "by case group/category:\n";
                }
                for (k, p) in &r.by_category {
                    s += &format!(
                        "  {k:<40} n={:<4} P {:.3} R {:.3} F1 {:.3}\n",
                        p.n, p.precision, p.recall, p.f1
                    );
                }
                let mut shown = 0;
                for p in &r.scores {
                    if shown >= common.show {
                        break;
                    }
                    if (p.score >= r.threshold) != p.truth {
                        s += &format!(
                            "  {} {:.3} {:?} vs {:?}\n      {}\n",
                            if p.truth { "FN" } else { "FP" },
                            p.score,
                            p.name1,
                            p.name2,
                            p.detail
                        );
                        shown += 1;
                    }
                }
                output::text(&s)?;
            }
        }
        EvalCommand::Queries {
            file,
            check_candidates,
            common,
        } => {
            let screener = load(data_dir, &common.lists)?;
            let items = embargo::batch::read_batch(&file)?;
            let started = std::time::Instant::now();
            let r = embargo::eval::queries(&screener, &items, common.threshold, check_candidates);
            let secs = started.elapsed().as_secs_f64();
            if common.json {
                output::json(&r)?;
            } else {
                let mut s = format!(
                    "{} positives, {} negatives, {} unusable lines ({:.1}s)\nrecall@1 {:.4}  recall@5 {:.4}  recall at threshold {:.2}: {:.4}\nfalse alerts per 1,000 negatives: {:.2}\n",
                    r.positives,
                    r.negatives,
                    r.errors,
                    secs,
                    r.recall_at_1,
                    r.recall_at_5,
                    r.threshold,
                    r.recall_at_threshold,
                    r.false_alerts_per_1000
                );
                if let (Some(m), Some(cr)) = (r.candidate_misses, r.candidate_recall) {
                    s += &format!("candidate recall vs exhaustive scoring: {cr:.4} ({m} misses)\n");
                }
                if let (Some(m), Some(cr)) = (r.candidate_alert_misses, r.candidate_alert_recall) {
                    s += &format!("... of results reaching the threshold: {cr:.4} ({m} misses)\n");
                }
                for m in r.misses.iter().take(common.show) {
                    s += &format!(
                        "  miss {}: best {} {:.3}\n      {}\n",
                        m.query, m.result, m.score, m.detail
                    );
                }
                for a in r.false_alerts.iter().take(common.show) {
                    s += &format!(
                        "  false alert {}: {} {:.3}\n      {}\n",
                        a.query, a.result, a.score, a.detail
                    );
                }
                output::text(&s)?;
            }
        }
        EvalCommand::Prepare { shared, out } => {
            let p = embargo::eval::prepare(&shared, &out)?;
            for (f, n) in &p.files {
                output::text(&format!("{}: {n} queries", out.join(f).display()))?;
            }
            if !p.un_unresolved.is_empty() {
                output::text(&format!(
                    "{} UN positives left out (untreated name not found in the UN list): {}",
                    p.un_unresolved.len(),
                    p.un_unresolved.join("; ")
                ))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
