//! Delta re-screening: when a list changes, only the customers that an
//! added or changed listed record may hit are screened again. The register
//! is indexed with the same matcher and queried with each such record
//! (reverse screening), at a threshold lowered by [`REVERSE_MARGIN`]; the
//! candidates are then screened forward against every list, exactly as a
//! full run would, so a delta run raises the alerts a full run would raise
//! for them.

use super::run::record_query;
use crate::diff::Diff;
use crate::screen::Screener;
use crate::{Entity, Schema, SearchOptions, prop};
use embargo_matching::prints::{self, ExternalDf, Lookup, RecordPrint};
use embargo_matching::{Index, Query, Weights};
use embargo_store::{AlertFilter, AlertStatus, CustomerPrint, CustomerRecord, Store};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
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

/// A customer record as a record of the register index.
fn customer_entity(c: &CustomerRecord) -> Option<Entity> {
    let q = record_query(c).ok()?;
    let mut e = Entity::new(c.id.clone(), q.schema.unwrap_or(Schema::LegalEntity));
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
        entities.extend(page.iter().filter_map(|c| customer_entity(&c.record)));
    }
    Ok(entities)
}

/// The prints of customer records (in parallel), as the store keeps them.
pub fn print_records(records: &[&CustomerRecord]) -> Vec<Option<CustomerPrint>> {
    records
        .par_iter()
        .map(|r| {
            // A record that is no query is found by no search: an empty
            // print (no print would make every delta index the register).
            let p = customer_entity(r).map_or_else(RecordPrint::default, |e| RecordPrint::of(&e));
            Some(CustomerPrint {
                names: p.names_bytes(),
                tokens: p
                    .tokens
                    .iter()
                    .map(|t| (t.id as i64, t.text as i64, prints::keys_bytes(&t.keys)))
                    .collect(),
            })
        })
        .collect()
}

/// Setting kept by embargo: what the register's prints were made with
/// ([`prints_fingerprint`]); prints made otherwise are not trusted.
pub const PRINTS_SETTING: &str = "register.prints";

/// The print format, engine version and compiled-in dictionaries prints
/// are made with: prints made with others hash other keys.
pub fn prints_fingerprint() -> String {
    format!(
        "{}:{}:{:016x}",
        prints::PRINT_FORMAT,
        env!("CARGO_PKG_VERSION"),
        embargo_names::data_fingerprint()
    )
}

/// Makes every current customer's print again (the register was printed
/// with another fingerprint, or before prints were kept), then records the
/// fingerprint. Returns how many customers were printed.
pub fn reprint_register(store: &mut Store, actor: &str) -> crate::Result<usize> {
    // Tokens of the old prints go first (a delta reads every token): safe
    // at any point, as the setting names another fingerprint until the end.
    store.clear_register_tokens()?;
    let mut after: Option<String> = None;
    let mut n = 0;
    loop {
        let page = store.current_customers(after.as_deref(), 20_000)?;
        let Some(last) = page.last() else { break };
        after = Some(last.record.id.clone());
        let records: Vec<&CustomerRecord> = page.iter().map(|c| &c.record).collect();
        let printed: Vec<(String, i64, CustomerPrint)> = page
            .iter()
            .zip(print_records(&records))
            .filter_map(|(c, p)| Some((c.record.id.clone(), c.version, p?)))
            .collect();
        n += printed.len();
        store.set_customer_prints(&printed)?;
    }
    store.set_setting(PRINTS_SETTING, &prints_fingerprint(), actor)?;
    Ok(n)
}

/// Customers checked against their stored prints before a delta trusts
/// them (prints made by another engine version hash other keys).
const PRINT_SAMPLE: usize = 50;

/// The register's prints read back: every current customer's names (token
/// ids) and extra hashes, and the tokens' keys. `None` when a customer has
/// no print, or a sample recomputed differs from its stored print.
struct RegisterPrints {
    customers: Vec<(String, Vec<Vec<u64>>, Vec<u64>)>,
    /// Per token id: text hash, keys.
    tokens: FxHashMap<u64, (u64, Vec<u64>)>,
}

fn read_prints(store: &Store) -> crate::Result<Option<RegisterPrints>> {
    if store.setting(PRINTS_SETTING)?.as_deref() != Some(prints_fingerprint().as_str()) {
        return Ok(None);
    }
    let sample = store.current_customers(None, PRINT_SAMPLE)?;
    let mut customers = Vec::new();
    let mut complete = true;
    store.customer_prints(&mut |id, print| match print.and_then(prints::read_names) {
        Some((names, extra)) if complete => customers.push((id.to_string(), names, extra)),
        _ => complete = false,
    })?;
    if !complete {
        return Ok(None);
    }
    let by_id: FxHashMap<&str, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0.as_str(), i))
        .collect();
    for c in &sample {
        let p =
            customer_entity(&c.record).map_or_else(RecordPrint::default, |e| RecordPrint::of(&e));
        let same = by_id
            .get(c.record.id.as_str())
            .is_some_and(|&i| customers[i].1 == p.names && customers[i].2 == p.extra);
        if !same {
            return Ok(None);
        }
    }
    let mut tokens = FxHashMap::default();
    let mut bad = false;
    store.register_tokens(&mut |id, text, keys| match prints::read_keys(keys) {
        Some(k) => {
            tokens.insert(id as u64, (text as u64, k));
        }
        None => bad = true,
    })?;
    Ok((!bad).then_some(RegisterPrints { customers, tokens }))
}

/// The customers that searching the register for `queries` could find,
/// from the register's prints, and the name frequencies of the whole
/// register (so that an index over those customers alone scores them as
/// an index over all would).
fn blocked(p: &RegisterPrints, queries: &[Query]) -> (Vec<String>, ExternalDf) {
    let lookup = Lookup::of(queries);
    // Names holding each token, and each text.
    let mut token_df: FxHashMap<u64, u32> = FxHashMap::default();
    let mut names = 0usize;
    for (_, ns, _) in &p.customers {
        names += ns.len();
        for n in ns {
            for t in n {
                *token_df.entry(*t).or_default() += 1;
            }
        }
    }
    let mut df = ExternalDf {
        names,
        df: FxHashMap::default(),
    };
    let mut key_df: FxHashMap<u64, usize> = FxHashMap::default();
    for (id, (text, keys)) in &p.tokens {
        let n = token_df.get(id).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        *df.df.entry(*text).or_default() += n;
        for k in keys.iter().filter(|k| lookup.keys.contains(k)) {
            *key_df.entry(*k).or_default() += n as usize;
        }
    }
    let specific = |k: &u64| key_df.get(k).is_some_and(|&n| n <= prints::MAX_KEY_NAMES);
    // Tokens a search meets by themselves, and per pair which side each
    // token holds (a bit per pair, pairs beyond 64 counted as met alone).
    let mut meets: FxHashSet<u64> = FxHashSet::default();
    let mut sides: FxHashMap<u64, (u64, u64)> = FxHashMap::default();
    for (id, (text, keys)) in &p.tokens {
        if !token_df.contains_key(id) {
            continue;
        }
        if lookup.texts.contains(text)
            || keys.iter().any(|k| lookup.keys.contains(k) && specific(k))
        {
            meets.insert(*id);
        }
        for (i, (a, b)) in lookup.pairs.iter().enumerate() {
            let holds = |s: &FxHashSet<u64>| s.contains(text) || keys.iter().any(|k| s.contains(k));
            let (ha, hb) = (holds(a), holds(b));
            if !(ha || hb) {
                continue;
            }
            if i >= 64 {
                meets.insert(*id);
                continue;
            }
            let e = sides.entry(*id).or_default();
            if ha {
                e.0 |= 1 << i;
            }
            if hb {
                e.1 |= 1 << i;
            }
        }
    }
    let mut found = Vec::new();
    for (id, ns, extra) in &p.customers {
        let hit = extra.iter().any(|h| lookup.extra.contains(h))
            || ns.iter().any(|n| {
                let (mut a, mut b) = (0u64, 0u64);
                for t in n {
                    if meets.contains(t) {
                        return true;
                    }
                    if let Some(&(x, y)) = sides.get(t) {
                        a |= x;
                        b |= y;
                    }
                }
                a & b != 0
            });
        if hit {
            found.push(id.clone());
        }
    }
    (found, df)
}

/// The customers that score at least `threshold - REVERSE_MARGIN` against
/// one of `queries` in an index of the register, with their best score.
/// With `use_prints` (and prints for every customer, made by this engine),
/// only the customers the prints say a search could find are read and
/// indexed, weighted by the whole register's name frequencies; otherwise
/// the whole register is.
fn reverse_search(
    store: &Store,
    queries: &[Query],
    threshold: f32,
    use_prints: bool,
) -> crate::Result<(Vec<(String, f32)>, ReverseCost)> {
    let clock = std::time::Instant::now();
    let prints = if use_prints {
        read_prints(store)?
    } else {
        None
    };
    let (entities, df) = match prints {
        Some(p) => {
            let (ids, df) = blocked(&p, queries);
            let mut entities = Vec::with_capacity(ids.len());
            for id in &ids {
                if let Some(c) = store.customer(id)? {
                    entities.extend(customer_entity(&c.record));
                }
            }
            (entities, Some(df))
        }
        None => (register_entities(store)?, None),
    };
    let read_seconds = clock.elapsed().as_secs_f64();
    let n = entities.len();
    let printed = df.is_some();
    let index = match df {
        Some(df) => Index::build_part(entities, Weights::default(), df),
        None => Index::build(entities),
    };
    let index_seconds = clock.elapsed().as_secs_f64() - read_seconds;
    let opts = SearchOptions {
        limit: REVERSE_LIMIT,
        cutoff: (threshold - REVERSE_MARGIN).max(0.0),
        threshold,
        candidates: REVERSE_LIMIT,
    };
    let found: Vec<Vec<(usize, f32)>> = queries
        .par_iter()
        .map(|q| {
            (index.search(q, &opts).iter())
                .map(|h| (h.entity, h.scored.score))
                .collect()
        })
        .collect();
    let mut best: std::collections::BTreeMap<String, f32> = std::collections::BTreeMap::new();
    for (e, score) in found.into_iter().flatten() {
        let b = best.entry(index.entities()[e].id.clone()).or_default();
        *b = b.max(score);
    }
    let cost = ReverseCost {
        records: queries.len(),
        customers: n,
        printed,
        read_seconds,
        index_seconds,
        search_seconds: clock.elapsed().as_secs_f64() - read_seconds - index_seconds,
    };
    Ok((best.into_iter().collect(), cost))
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
    /// Whether the register's prints chose them (else the whole register
    /// was read and indexed: customers without a print, or prints of
    /// another engine version).
    pub printed: bool,
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
        // The whole target: a change to one record can move its group's best hit.
        let queries: Vec<Query> = touched
            .iter()
            .filter_map(|id| screener.entity(id))
            .flat_map(|e| screener.target_records(&e.id))
            .map(entity_query)
            .filter(|q| !q.names.is_empty() || !q.identifiers.is_empty())
            .collect();
        let (found, c) = reverse_search(store, &queries, threshold, true)?;
        ids.extend(found.into_iter().map(|(id, _)| id));
        cost = Some(c);
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
    use embargo_store::CustomerVersion;

    /// The bundled UN list's screener and records, and a generated register
    /// (JSON lines) a fifth of whose customers carry a listed name misspelt.
    fn generated(
        lib: &mut crate::Library,
        count: usize,
        seed: u64,
    ) -> (Screener, Vec<Entity>, Vec<u8>) {
        let screener = lib.screener().unwrap();
        let listed: Vec<Entity> = screener.index().entities().to_vec();
        let mut buf = Vec::new();
        let opts = crate::generate::GenerateOptions {
            count,
            seed,
            listed_share: 0.2,
        };
        crate::generate::generate_register(&mut buf, &opts, &listed).unwrap();
        (screener, listed, buf)
    }

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
        let (screener, _, buf) = generated(&mut lib, 3000, 5);
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
        let index = Index::build(
            customers
                .iter()
                .filter_map(|c| customer_entity(&c.record))
                .collect(),
        );
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

    /// The register's prints choose the customers a search of the whole
    /// register would find, and an index of those alone scores them as the
    /// index of all would: the same customers with the same scores, for
    /// listed records of every kind (people, organisations, vessels; Latin,
    /// Arabic, Cyrillic, CJK names among the bundled UN list's).
    #[test]
    fn prints_find_what_indexing_the_whole_register_finds() {
        let tmp = tempfile::tempdir().unwrap();
        let mut lib = crate::Library::open(tmp.path()).unwrap();
        let (_, listed, buf) = generated(&mut lib, 4000, 11);
        let opts = crate::monitor::RegisterOptions {
            source: "gen".into(),
            remove_missing: false,
            skip_invalid: false,
            no_screen: true,
        };
        lib.register_import_bytes(
            std::path::Path::new("gen.jsonl"),
            &buf,
            &opts,
            None,
            None,
            &|_, _| {},
        )
        .unwrap();
        // Every third listed record, as a delta of that many changes would.
        let queries: Vec<Query> = listed
            .iter()
            .step_by(3)
            .map(entity_query)
            .filter(|q| !q.names.is_empty() || !q.identifiers.is_empty())
            .collect();
        let threshold = crate::DEFAULT_THRESHOLD;
        let (all, all_cost) = reverse_search(&lib.store, &queries, threshold, false).unwrap();
        let (part, part_cost) = reverse_search(&lib.store, &queries, threshold, true).unwrap();
        assert!(!all_cost.printed && part_cost.printed);
        assert!(
            all.len() > 200,
            "the search finds customers ({})",
            all.len()
        );
        let part: std::collections::BTreeMap<String, f32> = part.into_iter().collect();
        let mut gap = 0.0f32;
        for (id, score) in &all {
            let p = part.get(id).copied();
            // (A name holding two tokens of one text counts once in an
            // index and twice in the prints' frequencies: weights may
            // differ in the fourth decimal.)
            assert!(
                p.is_some_and(|p| (p - score).abs() < 0.005),
                "{id}: {score:.4} indexing the register, {p:?} from its prints"
            );
            gap = gap.max(p.map_or(0.0, |p| (p - score).abs()));
        }
        println!(
            "{} customers found (largest score difference {gap:.5}); the prints indexed {} of {}",
            all.len(),
            part_cost.customers,
            all_cost.customers
        );
        // Prints made with another fingerprint are not trusted, and the
        // next register import (here of the same, unchanged file) makes
        // them again.
        let (q, t) = (&queries[..20], threshold);
        lib.store
            .set_setting(PRINTS_SETTING, "0:older-engine", "test")
            .unwrap();
        assert!(!reverse_search(&lib.store, q, t, true).unwrap().1.printed);
        let no_progress = |_: usize, _: usize| {};
        let file = std::path::Path::new("gen.jsonl");
        let again = lib
            .register_import_bytes(file, &buf, &opts, None, None, &no_progress)
            .unwrap();
        assert_eq!(again.import.unchanged, 4000);
        assert!(reverse_search(&lib.store, q, t, true).unwrap().1.printed);
    }
}
