//! Screening the register: full, delta and register runs, committed batch
//! by batch so a killed run resumes where it stopped.

use super::evidence::{customer_prints, evidence, target_prints};
use crate::profiles::Profile;
use crate::screen::{ScreenOptions, Screener};
use crate::{Result, SearchOptions};
use embargo_matching::Query;
use embargo_store::{CustomerVersion, FieldPrints, NewHit, RunInfo, RunSettings, Screened, Store};
use std::collections::{BTreeMap, HashSet};

/// Customers screened and committed together: small enough that a killed
/// run loses little work, large enough that the per-transaction cost
/// (one fsync in WAL mode) stays small against screening.
pub const BATCH: usize = 512;

/// The matching algorithm's name, recorded with every run and response.
pub const ALGORITHM: &str = "embargo-v1";

/// Run settings for a screener, profile and threshold.
pub fn settings(screener: &Screener, profile: &Profile, threshold: f32) -> RunSettings {
    let weights = format!("{:?}", screener.index().weights());
    RunSettings {
        profile: profile.id.clone(),
        threshold: crate::decimal(threshold),
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        algorithm: ALGORITHM.to_string(),
        weights_hash: crate::sha256_hex(weights.as_bytes()),
        lists: serde_json::to_value(screener.lists()).unwrap_or_default(),
        lists_fingerprint: crate::library::fingerprint(screener.lists()),
    }
}

/// The screening query of a customer version.
pub fn customer_query(
    c: &CustomerVersion,
) -> std::result::Result<Query, embargo_matching::QueryError> {
    record_query(&c.record)
}

/// The screening query of a customer record.
pub fn record_query(
    r: &embargo_store::CustomerRecord,
) -> std::result::Result<Query, embargo_matching::QueryError> {
    let schema = (!r.schema.is_empty()).then_some(r.schema.as_str());
    Query::from_properties(schema, &r.properties)
}

/// Screens one customer version: its hits at or above the threshold that
/// a deciding designation of the profile backs (the result's `match`).
pub fn screen_customer(s: &Screener, c: &CustomerVersion, opts: &ScreenOptions<'_>) -> Screened {
    let mut hits = Vec::new();
    if let Ok(q) = customer_query(c) {
        // Fingerprinted only when there is a hit (most customers have none).
        let mut cprints = None;
        for row in s.screen_matches(&q, opts) {
            let Some(target) = s.target_key(&row.id) else {
                continue;
            };
            let records = s.target_records(&row.id);
            let fields = FieldPrints {
                customer: cprints.get_or_insert_with(|| customer_prints(&q)).clone(),
                target: target_prints(&records),
            };
            hits.push(NewHit {
                target: target.to_string(),
                entity_id: row.id.clone(),
                caption: row.caption.clone(),
                score: f64::from(row.score),
                evidence: evidence(&fields),
                fields,
                class: row.classification.as_str().to_string(),
                regimes: distinct(row.designations.iter().map(|d| d.regime_id.clone())),
                lists: distinct(row.designations.iter().map(|d| d.source.to_string())),
                detail: serde_json::json!({ "row": row, "listed": records }),
            });
        }
    }
    Screened {
        customer: c.record.id.clone(),
        version: c.version,
        hits,
    }
}

/// Sorted, each once.
fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    items
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The next batch of a run after `cursor`: the current customers in id
/// order, or the planned ones (a retired one stands in with version -1 so
/// that the cursor passes it).
fn load_batch(
    store: &Store,
    plan: Option<&[String]>,
    cursor: Option<&str>,
) -> Result<Vec<CustomerVersion>> {
    let Some(ids) = plan else {
        return Ok(store.current_customers(cursor, BATCH)?);
    };
    let start = match cursor {
        Some(c) => ids.partition_point(|id| id.as_str() <= c),
        None => 0,
    };
    let mut out = Vec::new();
    for id in ids.iter().skip(start).take(BATCH) {
        if let Some(c) = store.customer(id)? {
            out.push(c);
        } else {
            out.push(CustomerVersion {
                record: embargo_store::CustomerRecord {
                    id: id.clone(),
                    schema: String::new(),
                    properties: BTreeMap::new(),
                },
                version: -1,
                source: String::new(),
                hash: String::new(),
                imported_at: String::new(),
                retired_at: None,
            });
        }
    }
    Ok(out)
}

/// Carries out a started run from its cursor to the end.
pub fn execute(
    store: &mut Store,
    screener: &Screener,
    profile: &Profile,
    run: &RunInfo,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<RunInfo> {
    use rayon::prelude::*;
    let search = SearchOptions {
        threshold: run.settings.threshold as f32,
        ..SearchOptions::default()
    };
    let opts = ScreenOptions { search, profile };
    let live: HashSet<&str> = screener.target_keys();
    let is_live = |t: &str| live.contains(t);
    let plan = store.run_plan(run.id)?;
    let mut done = run.counts.screened;
    // A pipeline: while one batch is screened on every core, the previous
    // one is checkpointed and the next one read from the store (the single
    // connection's work used to leave the cores idle about 15 % of a run).
    // The checkpoint of batch N still commits its alerts with its cursor, so
    // `--resume` after a crash starts right after the last committed batch.
    let mut next = load_batch(store, plan.as_deref(), run.cursor.as_deref())?;
    let mut pending: Option<(Vec<Screened>, String, usize)> = None;
    loop {
        let batch = std::mem::take(&mut next);
        let Some(last) = batch.last().map(|c| c.record.id.clone()) else {
            break;
        };
        let (screened, io) = rayon::join(
            || {
                batch
                    .par_iter()
                    .filter(|c| c.version >= 0)
                    .map(|c| screen_customer(screener, c, &opts))
                    .collect::<Vec<Screened>>()
            },
            || -> Result<(Vec<CustomerVersion>, usize)> {
                let mut checkpointed = 0;
                if let Some((screened, last, n)) = pending.take() {
                    store.run_checkpoint(run.id, &screened, &last, &is_live)?;
                    checkpointed = n;
                }
                Ok((
                    load_batch(store, plan.as_deref(), Some(&last))?,
                    checkpointed,
                ))
            },
        );
        let (loaded, checkpointed) = io?;
        if checkpointed > 0 {
            done += checkpointed;
            progress(done, run.total);
        }
        next = loaded;
        pending = Some((screened, last, batch.len()));
    }
    if let Some((screened, last, n)) = pending {
        store.run_checkpoint(run.id, &screened, &last, &is_live)?;
        done += n;
        progress(done, run.total);
    }
    Ok(store.finish_run(run.id, true, &is_live)?)
}
