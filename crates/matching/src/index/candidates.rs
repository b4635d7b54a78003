//! Gathering candidates: the names sharing evidence with a query (tokens,
//! keys, tokens within two edits, split and joined forms, acronyms),
//! weighted by rarity, and the best entities among them.

use super::Index;
use super::tokens::{acronyms, finds};
use crate::score::{AnalyzedName, adjacent};
use crate::tok::{Tok, UNKNOWN};
use embargo_model::Schema;
use embargo_names::{KeyKind, TokenRole};
use smallvec::SmallVec;

/// Share of the query's token weight a name must share (exactly, by key or
/// within one edit) to be scored at all.
const MIN_SHARED: f32 = 0.2;

/// Part of a name's candidate rank given by the share of the listed name the
/// query found (the rest by the share of the query found). Mostly breaks
/// ties between names sharing a query's only token. Measured against 0 and
/// 0.1/0.15/0.3: katakana → UN recall@1 0.8434 → 0.8501 (0.8511 at 0.1),
/// UN treated 0.9956 → 0.9971; above 0.05 Arabic recall@1 and name-only
/// negatives got worse.
const LISTED_SHARE: f32 = 0.05;

/// Keys with more names than this are not used to gather candidates.
const MAX_KEY_POSTINGS: usize = 300;

/// ... except for the two parts of a split katakana word, which must both be
/// in a name: common syllables (`ho`, `se`) are only looked up together.
const MAX_SPLIT_POSTINGS: usize = 5000;

/// Korean readings of a one-word given name looked up as two syllables.
const MAX_SPLIT_READINGS: usize = 16;

/// How much of a query token's weight a name gets by how it is found:
/// by a shared key (variant, Korean or katakana reading, skeleton,
/// pinyin), by two syllables or parts of a split word, or joined...
const BY_KEY: f32 = 0.9;
/// ... as an acronym, or by one...
const BY_ACRONYM: f32 = 0.85;
/// ... by a common skeleton shared with another query token's...
const BY_SKELETONS: f32 = 0.8;
/// ... within two edits (the token itself, or its katakana reading).
const BY_EDITS: f32 = 0.7;

/// Arabic-script tokens of a query name whose skeletons are paired (a
/// pasted text of many words costs no more than a long name: 30 pairs).
const MAX_SKELETON_PAIRS_TOKENS: usize = 6;

/// Appends the ids in both sorted lists to `out`.
fn sorted_intersection(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Appends to `out` the names in both sorted lists, by binary search of
/// the shorter in the longer (a few names against thousands), unless the
/// shorter has more than [`MAX_SPLIT_POSTINGS`] (common words are only
/// looked up with a rarer one).
fn sorted_lookup(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() > MAX_SPLIT_POSTINGS {
        return;
    }
    let mut rest = large;
    for &x in small {
        let i = rest.partition_point(|&y| y < x);
        rest = &rest[i..];
        if rest.first() == Some(&x) {
            out.push(x);
        }
    }
}

/// Per-thread working memory of a search, reused across queries: dense
/// arrays indexed by name or entity, reset through the lists of touched
/// positions. Replaced hash maps that took a third of search time.
#[derive(Default)]
struct Scratch {
    /// What the current query token found.
    found: Found,
    /// Accumulated weight per name.
    acc: Vec<f32>,
    acc_touched: Vec<u32>,
    /// Best accumulated weight per entity.
    entity_best: Vec<f32>,
    /// Slot of a chosen entity in the output (`u32::MAX`: not chosen).
    entity_slot: Vec<u32>,
    entity_touched: Vec<u32>,
    near: Vec<u32>,
    /// Names holding each part of a split katakana word.
    part: Vec<u32>,
    split: Vec<u32>,
    buf: Vec<u8>,
    /// A token text being built (`chan` + `g`).
    text: String,
}

/// Per name, the best weight with which the current query token (or run of
/// tokens) was found in it.
#[derive(Default)]
struct Found {
    best: Vec<f32>,
    touched: Vec<u32>,
}

impl Found {
    /// The names found with weight `w`, unless found better already.
    fn offer(&mut self, names: &[u32], w: f32) {
        for &n in names {
            let b = &mut self.best[n as usize];
            if *b == 0.0 {
                self.touched.push(n);
            }
            if w > *b {
                *b = w;
            }
        }
    }
}

impl Scratch {
    /// Adds what the current query token found to the accumulated weights.
    fn fold(&mut self) {
        for &n in self.found.touched.iter() {
            let w = std::mem::take(&mut self.found.best[n as usize]);
            let a = &mut self.acc[n as usize];
            if *a == 0.0 {
                self.acc_touched.push(n);
            }
            *a += w;
        }
        self.found.touched.clear();
    }

    fn fit(&mut self, names: usize, entities: usize) {
        if self.found.best.len() < names {
            self.found.best.resize(names, 0.0);
            self.acc.resize(names, 0.0);
        }
        if self.entity_best.len() < entities {
            self.entity_best.resize(entities, 0.0);
            self.entity_slot.resize(entities, u32::MAX);
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Index {
    /// Weight of a query token for finding candidates. A token the lists
    /// do not contain may still be a common name written another way
    /// (`محمد` is `mhmd`, Muhammad): it is as rare as the listed names
    /// sharing one of its spellings (variant group, Korean or katakana
    /// reading, consonant skeleton). Weighed as unique, a query's `محمد`
    /// outweighed its rare surname, and names sharing only `Muhammad`
    /// crowded the listed person out of the candidates. Scoring keeps the
    /// token's own weight: there, an unknown spelling is no evidence of a
    /// common name.
    fn finding_weight(&self, t: &Tok) -> f32 {
        if t.id != UNKNOWN {
            return t.weight;
        }
        let df = t
            .spelling_keys()
            .map(|k| self.key_postings.get(k as usize).map_or(0, Vec::len))
            .max()
            .unwrap_or(1);
        self.weights.token_weight(t.role, self.idf_of(df))
    }

    /// The names whose consonant skeleton is that of two Arabic-script
    /// tokens written together (`جلال الدين`, `Jalaluddin`), if specific:
    /// three consonants or more, at most [`MAX_KEY_POSTINGS`] names.
    fn joined_skeleton(&self, a: &Tok, b: &Tok) -> Option<&[u32]> {
        if !(a.arabic && b.arabic) {
            return None;
        }
        let skeleton =
            embargo_names::abjad::skeleton(&[a.skeleton_letters(), b.skeleton_letters()].concat());
        if skeleton.len() < 3 {
            return None;
        }
        embargo_names::abjad::expansions(&skeleton)
            .iter()
            .find_map(|s| self.specific_key(KeyKind::Skeleton, s))
    }

    /// The names sharing a skeleton of an Arabic-script token, however
    /// many: of its skeletons (one per reading of its wildcard letters),
    /// the one most names share.
    fn skeleton_postings(&self, t: &Tok) -> Option<&[u32]> {
        t.skeletons()
            .iter()
            .map(|&k| self.key_postings[k as usize].as_slice())
            .max_by_key(|p| p.len())
    }

    /// The names holding key `k`, unless it is shared by a large part of the
    /// lists (a phonetic code of a common name): such a key finds nothing
    /// specific, and the exact and one-edit paths still see those names.
    fn specific(&self, k: u32) -> Option<&[u32]> {
        let p = &self.key_postings[k as usize];
        (p.len() <= MAX_KEY_POSTINGS).then_some(p.as_slice())
    }

    /// [`Index::specific`] of a key by its kind and text.
    fn specific_key(&self, kind: KeyKind, text: &str) -> Option<&[u32]> {
        self.keys.get(kind, text).and_then(|k| self.specific(k))
    }

    /// Katakana writes a Korean given name as one word (`チャンホ`) that
    /// lists write as two (`Chang-Ho`): appends to `out` the names holding
    /// both parts of a split of the katakana `reading` (possibly repeated).
    fn split_katakana(
        &self,
        reading: &str,
        text: &mut String,
        (a, b): (&mut Vec<u32>, &mut Vec<u32>),
        out: &mut Vec<u32>,
    ) {
        for k in 2..reading.len().saturating_sub(1) {
            let (Some(x), Some(y)) = (reading.get(..k), reading.get(k..)) else {
                continue;
            };
            if self.part_postings(x, text, a) && self.part_postings(y, text, b) {
                sorted_intersection(a, b, out);
            }
        }
    }

    /// Korean readings of two syllables of a token written as one word
    /// (`jongun` is `jeong.eun`, ...; `正恩` by its Sino-Korean reading):
    /// appends to `out` the names holding a token of each syllable.
    fn split_korean(&self, t: &Tok, out: &mut Vec<u32>) {
        // (A query token's keys the lists lack are not interned, so its
        // two-syllable readings are computed here.)
        let readings = t.korean_reading_texts();
        // Distinct syllable pairs (`jon.gun`, `jeon.gun`, ... share
        // syllables), at most MAX_SPLIT_READINGS.
        let mut pairs: SmallVec<[(&str, &str); 16]> = SmallVec::new();
        for r in readings.iter() {
            let Some((x, y)) = r.split_once('.') else {
                continue;
            };
            if !y.contains('.') && !pairs.contains(&(x, y)) {
                pairs.push((x, y));
            }
        }
        // Readings come syllable break by syllable break (`chon.gun`, ...,
        // then `chong.un`, ...): round-robin over the second syllables, so
        // that every break keeps a pair when some are cut.
        if pairs.len() > MAX_SPLIT_READINGS {
            let rank: SmallVec<[usize; 16]> = (0..pairs.len())
                .map(|i| pairs[..i].iter().filter(|p| p.1 == pairs[i].1).count())
                .collect();
            let mut order: SmallVec<[usize; 16]> = (0..pairs.len()).collect();
            order.sort_by_key(|&i| rank[i]);
            pairs = order
                .into_iter()
                .take(MAX_SPLIT_READINGS)
                .map(|i| pairs[i])
                .collect();
        }
        for (x, y) in pairs {
            let (Some(a), Some(b)) = (self.syllable_postings(x), self.syllable_postings(y)) else {
                continue;
            };
            sorted_lookup(a, b, out);
        }
    }

    /// The names (sorted) holding a token read as the Korean syllable
    /// `syllable` (`jeong`).
    fn syllable_postings(&self, syllable: &str) -> Option<&[u32]> {
        let k = self.keys.get(KeyKind::Korean, syllable)?;
        Some(self.key_postings[k as usize].as_slice())
    }

    /// Into `out`, sorted, the names holding a token spelled `part` or
    /// read `part` in katakana; false when none or too many (common
    /// syllables are only looked up with another). `text`: scratch space.
    fn part_postings(&self, part: &str, text: &mut String, out: &mut Vec<u32>) -> bool {
        out.clear();
        if let Some(&id) = self.token_ids.get(part) {
            out.extend_from_slice(&self.token_postings[id as usize]);
        }
        if let Some(k) = self.keys.get(KeyKind::Reading, part) {
            out.extend_from_slice(&self.key_postings[k as usize]);
        }
        // Katakana `ン` ends both `n` and `ng` (`チャン` is `Chang`).
        if part.ends_with('n') {
            text.clear();
            text.push_str(part);
            text.push('g');
            if let Some(&id) = self.token_ids.get(text.as_str()) {
                out.extend_from_slice(&self.token_postings[id as usize]);
            }
        }
        if out.is_empty() || out.len() > MAX_SPLIT_POSTINGS {
            return false;
        }
        out.sort_unstable();
        out.dedup();
        true
    }

    /// Names sharing evidence with the query, grouped by entity: the best
    /// `max` entities by the rarity weight of what their best name shares
    /// with the query, each with the names that share something.
    /// Entities whose schema the query excludes are not candidates (they
    /// would crowd out the ones that can match).
    pub(super) fn candidates(
        &self,
        qnames: &[AnalyzedName],
        schema: Option<Schema>,
        max: usize,
    ) -> Vec<(u32, Vec<u32>)> {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let sc = &mut *guard;
            sc.fit(self.names.len(), self.entities.len());
            self.gather(qnames, schema, max, sc)
        })
    }

    fn gather(
        &self,
        qnames: &[AnalyzedName],
        schema: Option<Schema>,
        max: usize,
        sc: &mut Scratch,
    ) -> Vec<(u32, Vec<u32>)> {
        let mut total = 0.0f32;
        let mut qweight = 0.0f32;
        for qn in qnames {
            let qtotal = self.find_name(qn, sc);
            qweight = qweight.max(qtotal);
            if qtotal > 0.0 {
                total = 1.0;
            }
        }
        self.best_entities(sc, schema, max, total, qweight)
    }

    /// Accumulates in `sc` the names sharing evidence with one query name,
    /// as shares of its weight; returns that weight.
    fn find_name(&self, qn: &AnalyzedName, sc: &mut Scratch) -> f32 {
        let considered = finds(&qn.tokens);
        // Shares of this query name's weight: with several query names
        // (aliases, or two readings of a Hangul name), each ranks the
        // listed names by how much of it they share, whatever its length.
        let weights: SmallVec<[f32; 16]> =
            qn.tokens.iter().map(|t| self.finding_weight(t)).collect();
        let qtotal: f32 = (qn.tokens.iter().zip(&weights))
            .filter(|(t, _)| considered(t))
            .map(|(_, w)| w)
            .sum();
        let scale = if qtotal > 0.0 { 1.0 / qtotal } else { 0.0 };
        // Skeleton postings of the Arabic-script tokens, however many
        // names they hold (see below).
        let skeletal: SmallVec<[(usize, &[u32]); 8]> = (0..qn.tokens.len())
            .filter(|&i| qn.tokens[i].arabic && considered(&qn.tokens[i]))
            .filter_map(|i| Some((i, self.skeleton_postings(&qn.tokens[i])?)))
            .take(MAX_SKELETON_PAIRS_TOKENS)
            .collect();
        for (ti, (t, &tw)) in qn.tokens.iter().zip(&weights).enumerate() {
            if !considered(t) || tw <= 0.0 {
                continue;
            }
            self.find_token(qn, ti, (tw, scale), &skeletal, sc);
        }
        // Arabic-script compounds written as two words (`عتيق الله`) are
        // listed in Latin letters as one (`Attiqullah`).
        let all: SmallVec<[usize; 16]> = (0..qn.tokens.len()).collect();
        for (a, b) in adjacent(&qn.tokens, &all) {
            if let Some(p) = self.joined_skeleton(&qn.tokens[a], &qn.tokens[b]) {
                sc.found
                    .offer(p, (weights[a] + weights[b]) * BY_KEY * scale);
                sc.fold();
            }
        }
        // Runs of query tokens may be spelled out by a listed acronym.
        if !qn.person {
            let roles: Vec<(TokenRole, &str)> =
                qn.tokens.iter().map(|t| (t.role, &*t.text)).collect();
            for (acr, run) in acronyms(&roles) {
                if let Some(&id) = self.token_ids.get(&acr) {
                    let w: f32 = run.iter().map(|&i| weights[i]).sum::<f32>() * scale;
                    sc.found
                        .offer(&self.token_postings[id as usize], w * BY_ACRONYM);
                }
            }
            sc.fold();
        }
        qtotal
    }

    /// Accumulates in `sc` the names token `ti` of `qn` is found in, each
    /// the best way: `tw` (its finding weight) times how it is found, times
    /// `scale` (one over the query name's weight). `skeletal`: the skeleton
    /// postings of the name's Arabic-script tokens.
    fn find_token(
        &self,
        qn: &AnalyzedName,
        ti: usize,
        (tw, scale): (f32, f32),
        skeletal: &[(usize, &[u32])],
        sc: &mut Scratch,
    ) {
        let t = &qn.tokens[ti];
        // Per name, the best way this token is found in it.
        let found = &mut sc.found;
        let mut add = |names: &[u32], w: f32| found.offer(names, w * scale);
        // An Arabic-script token whose skeleton is common (`كيم`
        // Kim: hundreds of names, more than a key finds alone) is
        // found in the names that also hold another query token's
        // skeleton.
        if let Some(&(_, pi)) = skeletal.iter().find(|s| s.0 == ti)
            && pi.len() > MAX_KEY_POSTINGS
        {
            for &(_, pj) in skeletal.iter().filter(|s| s.0 != ti) {
                sc.near.clear();
                sorted_lookup(pi, pj, &mut sc.near);
                add(&sc.near, tw * BY_SKELETONS);
            }
        }
        if t.id != UNKNOWN {
            add(&self.token_postings[t.id as usize], tw);
        }
        for p in t.lookup_keys().filter_map(|k| self.specific(k)) {
            add(p, tw * BY_KEY);
        }
        // Wade–Giles and pinyin find each other (`hsi` ~ `xi`).
        for r in t.pinyin().iter() {
            if let Some(&id) = self.token_ids.get(&**r) {
                add(&self.token_postings[id as usize], tw * BY_KEY);
            }
        }
        if t.text.len() <= 12
            && let Some(p) = self.specific_key(KeyKind::Pinyin, &t.text)
        {
            add(p, tw * BY_KEY);
        }
        // The token may be the acronym of listed organisation names.
        if !qn.person
            && (3..=8).contains(&t.text.len())
            && let Some(p) = self.keys.acronym(&t.text).and_then(|k| self.specific(k))
        {
            add(p, tw * BY_ACRONYM);
        }
        // A katakana token: listed names whose reading is near its own.
        if t.kana
            && let Some(r) = t.reading()
        {
            sc.near.clear();
            self.near_readings.find(r, &mut sc.buf, &mut sc.near);
            sc.near.sort_unstable();
            sc.near.dedup();
            for p in sc.near.iter().filter_map(|&k| self.specific(k)) {
                add(p, tw * BY_EDITS);
            }
            sc.near.clear();
            let parts = (&mut sc.part, &mut sc.split);
            self.split_katakana(r, &mut sc.text, parts, &mut sc.near);
            add(&sc.near, tw * BY_KEY);
        }
        // A Korean given name the lists do not hold as one word
        // (`Jongun`, `正恩`): names holding its two syllables.
        if t.id == UNKNOWN && !t.hangul {
            sc.near.clear();
            self.split_korean(t, &mut sc.near);
            sc.near.sort_unstable();
            sc.near.dedup();
            add(&sc.near, tw * BY_KEY);
        }
        sc.near.clear();
        let near = &mut sc.near;
        self.near_tokens.find(&t.text, &mut sc.buf, near);
        // A foreign name in Hangul or Chinese characters: listed
        // tokens near its Latin spellings (`普京` pujin ~ `putin`).
        // (`find` includes the spelling itself.)
        for s in t.loan_spellings() {
            self.near_tokens.find(s, &mut sc.buf, near);
        }
        // The token with a case ending the listed name lacks
        // (`putinas` for `putin`): two letters are beyond one
        // deletion. Only such endings: `martinez` is not `martin`.
        let text = &*t.text;
        if text.len() >= 7
            && ["as", "is", "ys", "us", "os", "es"]
                .iter()
                .any(|e| text.ends_with(e))
        {
            near.extend(self.token_ids.get(&text[..text.len() - 2]).copied());
        }
        near.sort_unstable();
        near.dedup();
        for &id in near.iter() {
            // One deletion on each side: within two edits by construction.
            if id != t.id {
                add(&self.token_postings[id as usize], tw * BY_EDITS);
            }
        }
        sc.fold();
    }

    /// The best `max` entities of the names accumulated in `sc` (each with
    /// its names), resetting `sc`. `total`: 1 when the query had weight;
    /// `qweight`: the weight of its heaviest name.
    fn best_entities(
        &self,
        sc: &mut Scratch,
        schema: Option<Schema>,
        max: usize,
        total: f32,
        qweight: f32,
    ) -> Vec<(u32, Vec<u32>)> {
        // A name that shares less than this share of the query's weight
        // cannot reach the cut-off; it is not worth scoring.
        let floor = MIN_SHARED * total;
        let mut names: Vec<(u32, u32)> = Vec::new();
        for &n in sc.acc_touched.iter() {
            let w = std::mem::take(&mut sc.acc[n as usize]);
            let e = self.name_entity[n as usize];
            if w >= floor
                && w > 0.0
                && schema.is_none_or(|s| s.compatible_with(self.schemas[e as usize]))
            {
                // Ranked also by the share of the listed name found: of
                // names sharing a query's only token, `Arthur` before
                // `Sheikh Aweys`, as scoring will.
                let listed = (w * qweight / self.name_weight[n as usize].max(1e-6)).min(1.0);
                let rank = w * (1.0 - LISTED_SHARE + LISTED_SHARE * listed);
                let b = &mut sc.entity_best[e as usize];
                if *b == 0.0 {
                    sc.entity_touched.push(e);
                }
                if rank > *b {
                    *b = rank;
                }
                names.push((e, n));
            }
        }
        sc.acc_touched.clear();
        let mut ents: Vec<(f32, u32)> = sc
            .entity_touched
            .iter()
            .map(|&e| (std::mem::take(&mut sc.entity_best[e as usize]), e))
            .collect();
        sc.entity_touched.clear();
        // Best shared weight first; ties in list order.
        let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ents.len() > max && max > 0 {
            ents.select_nth_unstable_by(max - 1, order);
        }
        ents.truncate(max);
        ents.sort_unstable_by(order);
        let mut out: Vec<(u32, Vec<u32>)> = Vec::with_capacity(ents.len());
        for &(_, e) in &ents {
            sc.entity_slot[e as usize] = out.len() as u32;
            out.push((e, Vec::new()));
        }
        for (e, n) in names {
            let slot = sc.entity_slot[e as usize];
            if slot != u32::MAX {
                out[slot as usize].1.push(n);
            }
        }
        for (e, names) in &mut out {
            sc.entity_slot[*e as usize] = u32::MAX;
            // Listing order: on equal scores the primary name is shown.
            names.sort_unstable();
        }
        out
    }
}
