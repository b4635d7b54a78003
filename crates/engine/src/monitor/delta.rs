//! Delta re-screening: when a list changes, only the customers that an
//! added or changed listed record may hit are screened again. The register
//! is indexed with the same matcher and queried with each such record
//! (reverse screening), at a threshold lowered by [`REVERSE_MARGIN`]; the
//! candidates are then screened forward against every list, exactly as a
//! full run would, so a delta run raises the alerts a full run would raise
//! for them.

use super::run::customer_query;
use crate::diff::Diff;
use crate::screen::Screener;
use crate::{Entity, Schema, SearchOptions, prop};
use embargo_matching::{Index, Query};
use embargo_store::{AlertFilter, AlertStatus, CustomerVersion, Store};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// How far below the run's threshold a reverse hit still makes a customer a
/// candidate. Scores are not symmetric (the query side's names weigh
/// differently from the indexed side's, and token weights depend on the
/// index's own name frequencies), so the reverse search casts wider; the
/// forward screen decides.
pub const REVERSE_MARGIN: f32 = 0.2;

/// The most added or changed listed records a delta searches the register
/// for; above it the delta is a full run.
pub const MAX_REVERSE: usize = 2_000;

/// The most customers one listed record can bring in: a common name in a
/// large register matches many; all of them are screened.
const REVERSE_LIMIT: usize = 100_000;

fn valid_date(d: &str) -> Option<String> {
    let b = d.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        Some(d[..10].to_string())
    } else if b.len() >= 4 && digits(0..4) {
        Some(d[..4].to_string())
    } else {
        None
    }
}

/// A listed record as a query against the register.
pub fn entity_query(e: &Entity) -> Query {
    Query {
        schema: Some(e.schema),
        names: e.names().map(|(_, n)| n.to_string()).collect(),
        birth_dates: e
            .get(prop::BIRTH_DATE)
            .iter()
            .filter_map(|d| valid_date(d))
            .collect(),
        countries: Vec::new(),
        gender: e.first(prop::GENDER).map(str::to_string),
        identifiers: prop::IDENTIFIER_PROPS
            .iter()
            .flat_map(|p| e.get(p).iter().map(|v| (p.to_string(), v.clone())))
            .collect(),
    }
}

/// A customer version as a record of the register index.
fn customer_entity(c: &CustomerVersion) -> Option<Entity> {
    let q = customer_query(c).ok()?;
    let mut e = Entity::new(c.record.id.clone(), q.schema.unwrap_or(Schema::LegalEntity));
    for n in &q.names {
        e.add(prop::NAME, n);
    }
    for d in &q.birth_dates {
        e.add(prop::BIRTH_DATE, d);
    }
    for c in &q.countries {
        e.add(prop::NATIONALITY, c);
    }
    if let Some(g) = &q.gender {
        e.add(prop::GENDER, g);
    }
    for (p, v) in &q.identifiers {
        e.add(p, v);
    }
    Some(e)
}

/// The current register as records of an index for reverse screening.
pub fn register_entities(store: &Store) -> crate::Result<Vec<Entity>> {
    let mut entities = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.current_customers(after.as_deref(), 50_000)?;
        let Some(last) = page.last() else { break };
        after = Some(last.record.id.clone());
        entities.extend(page.iter().filter_map(customer_entity));
    }
    Ok(entities)
}

/// What a delta run screens.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// These customers only, and what finding them cost.
    Customers(Vec<String>, Option<ReverseCost>),
    /// Everyone: a full run is needed or quicker, for this reason.
    Full(String),
}

/// What the reverse search of a delta cost (kept in the run's trigger, so
/// that a slow delta says where its time went).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReverseCost {
    /// Listed records searched for.
    pub records: usize,
    /// Customers indexed.
    pub customers: usize,
    /// Seconds reading the register.
    pub read_seconds: f64,
    /// Seconds building its index.
    pub index_seconds: f64,
    /// Seconds searching it.
    pub search_seconds: f64,
}

/// The customers a delta must screen: reverse candidates of the added and
/// changed records, and every customer with a pending alert on a changed,
/// removed or no longer listed target. When so many records changed that
/// reverse searches would cost more than screening everyone (a list
/// imported for the first time), the plan is a full run.
pub fn plan(
    store: &Store,
    screener: &Screener,
    diffs: &[Diff],
    threshold: f32,
) -> crate::Result<Plan> {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let touched: Vec<&str> = diffs
        .iter()
        .flat_map(|d| {
            d.added
                .iter()
                .map(|l| l.id.as_str())
                .chain(d.changed.iter().map(|c| c.id.as_str()))
        })
        .collect();
    let customers = store.customer_count()?;
    if touched.len() > MAX_REVERSE {
        return Ok(Plan::Full(format!(
            "{} listed records were added or changed (more than {MAX_REVERSE}): screening all {customers} customers is quicker than searching the register for each",
            touched.len()
        )));
    }
    let mut cost = None;
    if !touched.is_empty() && customers > 0 {
        let clock = std::time::Instant::now();
        let entities = register_entities(store)?;
        let read_seconds = clock.elapsed().as_secs_f64();
        let n = entities.len();
        let index = Index::build(entities);
        let index_seconds = clock.elapsed().as_secs_f64() - read_seconds;
        let opts = SearchOptions {
            limit: REVERSE_LIMIT,
            cutoff: (threshold - REVERSE_MARGIN).max(0.0),
            threshold,
            candidates: REVERSE_LIMIT,
        };
        // The whole target: a change to one record can move its group's best hit.
        let queries: Vec<Query> = touched
            .iter()
            .filter_map(|id| screener.entity(id))
            .flat_map(|e| screener.target_records(&e.id))
            .map(entity_query)
            .filter(|q| !q.names.is_empty() || !q.identifiers.is_empty())
            .collect();
        let found: Vec<Vec<usize>> = queries
            .par_iter()
            .map(|q| index.search(q, &opts).iter().map(|h| h.entity).collect())
            .collect();
        for h in found.into_iter().flatten() {
            ids.insert(index.entities()[h].id.clone());
        }
        cost = Some(ReverseCost {
            records: queries.len(),
            customers: n,
            read_seconds,
            index_seconds,
            search_seconds: clock.elapsed().as_secs_f64() - read_seconds - index_seconds,
        });
    }
    let gone: BTreeSet<&str> = diffs
        .iter()
        .flat_map(|d| {
            d.removed
                .iter()
                .map(|l| l.id.as_str())
                .chain(d.changed.iter().map(|c| c.id.as_str()))
        })
        .collect();
    let touched_targets: BTreeSet<&str> = touched
        .iter()
        .filter_map(|id| screener.target_key(id))
        .collect();
    let live = screener.target_keys();
    let pending = store.alert_rows(&AlertFilter {
        status: vec![AlertStatus::Open, AlertStatus::Escalated],
        ..AlertFilter::default()
    })?;
    for a in pending {
        if gone.contains(a.entity_id.as_str())
            || touched_targets.contains(a.target.as_str())
            || !live.contains(a.target.as_str())
        {
            ids.insert(a.customer);
        }
    }
    Ok(Plan::Customers(ids.into_iter().collect(), cost))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ScreenOptions;
    use crate::monitor::run::screen_customer;

    /// Scores are not symmetric: the query side's names weigh differently
    /// from the indexed side's, and token weights come from each index's own
    /// name frequencies (a register's common names are not a list's). What
    /// the delta relies on is that every pair a forward run alerts on scores
    /// at least `threshold - REVERSE_MARGIN` the other way. Checked on the
    /// bundled UN list and a generated register with listed names misspelt.
    #[test]
    fn every_forward_alert_is_found_in_reverse_within_the_margin() {
        let tmp = tempfile::tempdir().unwrap();
        let mut lib = crate::Library::open(tmp.path()).unwrap();
        let screener = lib.screener().unwrap();
        let listed: Vec<Entity> = screener.index().entities().to_vec();
        let mut buf = Vec::new();
        crate::generate::generate_register(
            &mut buf,
            &crate::generate::GenerateOptions {
                count: 3000,
                seed: 5,
                listed_share: 0.2,
            },
            &listed,
        )
        .unwrap();
        let (records, problems) =
            crate::monitor::register::read_register(std::path::Path::new("gen.jsonl"), &buf)
                .unwrap();
        assert!(problems.is_empty());
        let customers: Vec<CustomerVersion> = records
            .into_iter()
            .map(|record| CustomerVersion {
                record,
                version: 1,
                source: "gen".into(),
                hash: String::new(),
                imported_at: String::new(),
                retired_at: None,
            })
            .collect();
        let profile = crate::profiles::get(crate::profiles::Profiles::shipped(), "all").unwrap();
        let threshold = crate::DEFAULT_THRESHOLD;
        let opts = ScreenOptions {
            search: SearchOptions {
                threshold,
                ..SearchOptions::default()
            },
            profile,
        };
        let index = Index::build(customers.iter().filter_map(customer_entity).collect());
        let reverse = SearchOptions {
            limit: REVERSE_LIMIT,
            cutoff: 0.0,
            threshold,
            candidates: REVERSE_LIMIT,
        };
        let (mut pairs, mut worst, mut sum_gap) = (0usize, f32::INFINITY, 0.0f32);
        for c in &customers {
            for hit in screen_customer(&screener, c, &opts).hits {
                let back = screener
                    .target_records(&hit.entity_id)
                    .into_iter()
                    .flat_map(|rec| index.search(&entity_query(rec), &reverse))
                    .filter(|h| index.entities()[h.entity].id == c.record.id)
                    .map(|h| h.scored.score)
                    .fold(0.0f32, f32::max);
                pairs += 1;
                worst = worst.min(back);
                sum_gap += (hit.score as f32 - back).abs();
                assert!(
                    back >= threshold - REVERSE_MARGIN,
                    "{} -> {} scores {:.3} forward but {back:.3} in reverse",
                    c.record.id,
                    hit.entity_id,
                    hit.score
                );
            }
        }
        assert!(pairs > 300, "the register raises alerts ({pairs})");
        println!(
            "{pairs} alerting pairs; lowest reverse score {worst:.3}; mean |forward - reverse| {:.3}",
            sum_gap / pairs as f32
        );
    }
}
