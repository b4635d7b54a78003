//! Aligning two names token by token: greedy one-to-one pairing, most
//! similar first, then what the tokens left over cost.

use super::conflicts::{gendered_forms, lineage_swapped, syllables_swapped};
use super::name::{AnalyzedName, Positions, all, joined};
use super::split::{adjacent, split_similarity};
use crate::similarity::similarity;
use crate::tok::{Tok, intersects};
use crate::weights::Weights;
use embargo_names::TokenRole;
use smallvec::SmallVec;

/// An Arabic article (a particle; `ibn`, `abu` say more and cost in full).
fn article(t: &Tok) -> bool {
    t.role == TokenRole::Particle
        && matches!(
            &*t.text,
            "al" | "el" | "ul" | "ad" | "ar" | "as" | "ash" | "az" | "ed"
        )
}

/// What a token similarity counts for: weak ones (under `weak_pair`) for
/// `s²/weak_pair` (see [`NameWeights::weak_pair`](crate::weights::NameWeights::weak_pair)).
fn evidence(s: f32, weak_pair: f32) -> f32 {
    if s < weak_pair { s * s / weak_pair } else { s }
}

/// True when a Han token of one name meets a token of the other in its
/// Chinese reading only: the same pinyin text, and none of its
/// Sino-Korean readings (`许` xu, 허 heo).
fn read_in_chinese(q: &[Tok], qi: &[usize], c: &[Tok], ci: &[usize]) -> bool {
    // (`syllable` and not `hangul` is Han, without reading the rare fields.)
    let han = |t: &[Tok], idx: &[usize]| idx.iter().any(|&i| t[i].syllable && !t[i].hangul);
    if !han(q, qi) && !han(c, ci) {
        return false;
    }
    qi.iter().any(|&i| {
        ci.iter().any(|&j| {
            let (a, b) = (&q[i], &c[j]);
            (a.han_chars() > 0) != (b.han_chars() > 0)
                && a.text == b.text
                && !intersects(a.hanja(), b.korean())
                && !intersects(b.hanja(), a.korean())
        })
    })
}

/// Result of aligning two names. Token positions refer to the names'
/// `tokens`; texts are only produced for the explanation of the best.
#[derive(Debug, Clone, Default)]
pub struct NameAlignment {
    /// Score in `[0, 1]`.
    pub score: f32,
    /// Aligned pairs: (query token, candidate token, similarity, reason).
    pub pairs: SmallVec<[(usize, usize, f32, &'static str); 8]>,
    /// Query tokens without a partner.
    pub unmatched_query: Positions,
    /// Candidate tokens without a partner.
    pub unmatched_candidate: Positions,
    /// Similarity of the joined forms, when that decided the score.
    pub joined: Option<f32>,
    /// The joined forms included legal forms (`SiemensAG` = `Siemens AG`).
    pub joined_legal: bool,
    /// Hangul/Han syllables aligned in reverse order (score lowered).
    pub swapped_syllables: bool,
    /// Father's names (`bin ...`) aligned with other name parts (score lowered).
    pub swapped_lineage: bool,
    /// Both names carry a patronymic and they differ (counted in full).
    pub conflicting_patronymics: bool,
    /// Both names carry a legal form and none matches the other's.
    pub conflicting_legal_forms: bool,
    /// An initial one side has faces another name or initial the other
    /// side has (`William G.` / `William W.`).
    pub conflicting_initials: bool,
    /// One side is initials only (`N.N.`), which cannot name a person.
    pub initials_only: bool,
    /// A surname's feminine form faces its masculine form (`Baranova` /
    /// `Baranov`).
    pub conflicting_gender: bool,
}

impl NameAlignment {
    /// Human-readable detail: `salek~salek 1.00 exact; ...`.
    pub fn describe(&self, q: &AnalyzedName, c: &AnalyzedName) -> String {
        if let Some(r) = self.joined {
            return format!(
                "{}~{} {r:.2} joined (names split or joined differently)",
                joined(&q.tokens, &all(&q.tokens), self.joined_legal),
                joined(&c.tokens, &all(&c.tokens), self.joined_legal)
            );
        }
        use std::fmt::Write;
        // One buffer, no intermediate strings: every returned hit is
        // explained, and formatting was 9 % of screening instructions.
        let mut out = String::with_capacity(64 * (self.pairs.len() + 1));
        let sep = |out: &mut String| {
            if !out.is_empty() {
                out.push_str("; ");
            }
        };
        for &(i, j, s, why) in &self.pairs {
            sep(&mut out);
            let _ = write!(
                out,
                "{}~{} {s:.2} {why}",
                q.tokens[i].text, c.tokens[j].text
            );
        }
        for &i in &self.unmatched_query {
            sep(&mut out);
            let _ = write!(out, "{}: not in candidate", q.tokens[i].text);
        }
        for &j in &self.unmatched_candidate {
            sep(&mut out);
            let _ = write!(out, "{}: not in query", c.tokens[j].text);
        }
        for (flag, text) in [
            (self.swapped_syllables, "syllables in reverse order"),
            (
                self.swapped_lineage,
                "father's name (bin/ibn) aligned with another name part",
            ),
            (self.conflicting_patronymics, "different patronymics"),
            (self.conflicting_legal_forms, "different legal forms"),
            (self.conflicting_initials, "different initials"),
            (
                self.conflicting_gender,
                "feminine and masculine forms of a surname",
            ),
            (self.initials_only, "initials only"),
        ] {
            if flag {
                sep(&mut out);
                out.push_str(text);
            }
        }
        out
    }
}

/// Aligns the tokens `qi` of `q` with the tokens `ci` of `c` and scores the
/// alignment: greedy one-to-one pairing, most similar first.
pub fn align(
    q: &[Tok],
    qi: &[usize],
    c: &[Tok],
    ci: &[usize],
    min_acronym: usize,
    person: bool,
    weights: &Weights,
) -> NameAlignment {
    if qi.is_empty() || ci.is_empty() {
        return NameAlignment::default();
    }
    let nw = &weights.names;
    let mut cands: SmallVec<[PairCandidate; 16]> = SmallVec::new();
    let chinese = read_in_chinese(q, qi, c, ci);
    for &i in qi {
        for &j in ci {
            let (mut s, why) = similarity(&q[i], &c[j], weights);
            // A Han character read in Korean beside Han characters read
            // in Chinese: one name is not read both ways.
            if chinese && why == "korean" && (q[i].han_chars() == 1 || c[j].han_chars() == 1) {
                s *= nw.mixed_readings;
            }
            if s >= nw.min_pair {
                cands.push((s, i, j, Second::None, why));
            }
        }
    }
    // One token written as two (`Abdulrahman` ~ `Abdul Rahman`, `نجيب الله`
    // ~ `Najibullah`), either way.
    let (adj_q, adj_c) = (adjacent(q, qi), adjacent(c, ci));
    for &i in qi {
        for &(a, b) in &adj_c {
            if let Some(s) = split_similarity(&q[i], &c[a], &c[b], weights) {
                cands.push((s, i, a, Second::Candidate(b), "split"));
            }
        }
    }
    for &j in ci {
        for &(a, b) in &adj_q {
            if let Some(s) = split_similarity(&c[j], &q[a], &q[b], weights) {
                cands.push((s, a, j, Second::Query(b), "split"));
            }
        }
    }
    let weight = |i: usize, j: usize, k: Second| {
        q[i].weight
            + c[j].weight
            + match k {
                Second::None => 0.0,
                Second::Candidate(k) => c[k].weight,
                Second::Query(k) => q[k].weight,
            }
    };
    // Highest similarity first; ties broken by weight (a token facing two
    // before the same token facing one of them), then position, so the
    // result does not depend on iteration order.
    cands.sort_unstable_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| weight(y.1, y.2, y.3).total_cmp(&weight(x.1, x.2, x.3)))
            .then_with(|| (x.1, x.2, x.3).cmp(&(y.1, y.2, y.3)))
    });
    let mut used_q: SmallVec<[bool; 16]> = SmallVec::from_elem(false, q.len());
    let mut used_c: SmallVec<[bool; 16]> = SmallVec::from_elem(false, c.len());
    let mut out = NameAlignment::default();
    let (mut got, mut matched_w) = (0.0f32, 0.0f32);
    for (s, i, j, k, why) in cands {
        let free = match k {
            Second::None => true,
            Second::Candidate(k) => !used_c[k],
            Second::Query(k) => !used_q[k],
        };
        if used_q[i] || used_c[j] || !free {
            continue;
        }
        used_q[i] = true;
        used_c[j] = true;
        out.pairs.push((i, j, s, why));
        match k {
            Second::None => {}
            Second::Candidate(k) => {
                used_c[k] = true;
                out.pairs.push((i, k, s, why));
            }
            Second::Query(k) => {
                used_q[k] = true;
                out.pairs.push((k, j, s, why));
            }
        }
        let w = weight(i, j, k) / 2.0;
        got += w * evidence(s, nw.weak_pair);
        matched_w += w;
    }
    // Acronyms: a leftover short token spelling the initials of leftover
    // consecutive tokens of the other name (`PLA` ~ `People's Liberation
    // Army`), either way round.
    for (short, sidx, long, lidx, query_short) in [(q, qi, c, ci, true), (c, ci, q, qi, false)] {
        for &i in sidx {
            let (used_s, used_l) = if query_short {
                (&mut used_q, &mut used_c)
            } else {
                (&mut used_c, &mut used_q)
            };
            if used_s[i] {
                continue;
            }
            let Some(run) = acronym_run(&short[i], long, lidx, used_l, min_acronym) else {
                continue;
            };
            used_s[i] = true;
            let run_w: f32 = run.iter().map(|&j| long[j].weight).sum();
            let w = (short[i].weight + run_w) / 2.0;
            got += w * nw.acronym;
            matched_w += w;
            for j in run {
                used_l[j] = true;
                let (a, b) = if query_short { (i, j) } else { (j, i) };
                out.pairs.push((a, b, nw.acronym, "acronym"));
            }
        }
    }
    // A patronymic one side leaves out (Vladimir [Vladimirovich] Putin)
    // says little; two different patronymics say different fathers.
    let unmatched_patronymic =
        |t: &[Tok], idx: &[usize], used: &[bool]| idx.iter().any(|&i| !used[i] && t[i].patronymic);
    let conflict = unmatched_patronymic(q, qi, &used_q) && unmatched_patronymic(c, ci, &used_c);
    let patronymic_cost = if conflict { 1.0 } else { nw.patronymic_cost };
    // A query name token the candidate lacks, when the candidate has no
    // unmatched name token left to stand in its place, is a name the list
    // leaves out (a middle name, a father's or grandfather's name: `FAZL
    // MOHAMMAD [HAMID] MAZLOOM`) and costs less than one facing another
    // name (`Kim Jong Il` vs `Kim Jong Un`). A repeated token removed before
    // aligning (`ABDUL KABIR ABDUL JAN`) still fills a place. Person names
    // only: an extra word of a company name often names a subsidiary.
    // Not a Hangul or Han syllable either: a Korean or Chinese given name
    // is one unit, and a syllable left over is part of another given name
    // (`영순 병철 김` is not `Pyong Chol KIM`). Measured: false alerts on the
    // negatives 0.78 -> 0.68 per 1,000 (names only 2.02 -> 1.80), other
    // evaluations unchanged.
    let slot = |t: &Tok| person && t.role == TokenRole::Name && !t.patronymic && !t.syllable;
    let open_places = |t: &[Tok], idx: &[usize], used: &[bool]| {
        let repeats =
            t.iter().filter(|x| slot(x)).count() - idx.iter().filter(|&&i| slot(&t[i])).count();
        repeats + idx.iter().filter(|&&i| !used[i] && slot(&t[i])).count()
    };
    // A name left out is cheap only beside two names that match (one
    // matching name, `Lucas` for `Lucas Rivera`, fits thousands), and a
    // query's left-out name only when its first name matches: people go
    // by their first name, and a list's short form keeps it (`UMAR PATEK
    // [ABDULLAH ANSHORI]`). Measured with the costs above, without both
    // conditions → with: false alerts 1.36 → 1.10 per 1,000 (names only
    // 5.66 → 2.88), recombined Arabic negatives 104.5 → 50.7 per 1,000,
    // Arabic → UK recall@1 0.890 → 0.904, name_bench F1 0.902 → 0.901.
    // (Names on both sides: one token facing two written apart is one
    // name, and an initial is none.)
    let named = |t: &[Tok], idx: &[usize], used: &[bool]| {
        idx.iter()
            .filter(|&&i| used[i] && t[i].role == TokenRole::Name)
            .count()
    };
    let matched_names = named(q, qi, &used_q).min(named(c, ci, &used_c));
    let first_matched = qi
        .iter()
        .find(|&&i| q[i].role == TokenRole::Name)
        .is_none_or(|&i| used_q[i]);
    let leaves_out = matched_names >= 2;
    // The first of a listed person's two surnames (`PEREZ ROJAS, Daniel`) is
    // the one its bearer keeps: left out, it is not a name the query omits
    // (`Daniel Rojas`). Measured: names-only false alerts 2.88 → 2.66 per
    // 1,000, every other evaluation unchanged.
    let omitted = leaves_out && first_matched && open_places(c, ci, &used_c) == 0;
    // ... and a candidate's name facing a place the query fills otherwise
    // is another name (`Kim Jong Il` for `Kim Jong Un`), counted in full.
    let facing = open_places(q, qi, &used_q) > 0;
    // A name written in Han or Hangul is whole: surname and given name, no
    // middle names to leave out. A name token the other side has beyond it
    // is part of another given name (`慧 申` is not `Hui Sheng Shen`).
    // (A foreign name written in Hangul or Han, `도널드 트럼프`, is not.)
    let native = |t: &Tok| t.syllable && t.loan().is_empty();
    let whole = |t: &[Tok], idx: &[usize]| {
        person
            && idx.iter().any(|&i| native(&t[i]))
            && idx
                .iter()
                .all(|&i| native(&t[i]) || t[i].role != TokenRole::Name)
    };
    let (facing, omitted) = (facing || whole(q, qi), omitted && !whole(c, ci));
    // Between two matched tokens (`SIRAJUDDIN [JALLALOUDINE] HAQQANI`).
    let inner =
        |used: &[bool], i: usize| used[..i].contains(&true) && used[i + 1..].contains(&true);
    // A country or region in an organisation's name the other leaves out
    // names a branch or subsidiary of the same group (`Deutsche Bank
    // (Schweiz) AG`, `FABERLIC EUROPE`), which screening must find; two
    // different places (`(France)` / `(Germany)`) are two companies.
    // A name with a legal form of its own names one company (`Banco
    // Santander S.A.` is not `Banco Santander México S.A.`) unless the
    // place is written in parentheses, as a qualifier (`Deutsche Bank AG`
    // and `Deutsche Bank (Schweiz) AG`).
    let place_left =
        |t: &[Tok], idx: &[usize], used: &[bool]| idx.iter().any(|&i| !used[i] && t[i].place);
    let places_differ = place_left(q, qi, &used_q) && place_left(c, ci, &used_c);
    let legal = |t: &[Tok], idx: &[usize]| idx.iter().any(|&i| t[i].role == TokenRole::LegalForm);
    let (q_legal, c_legal) = (legal(q, qi), legal(c, ci));
    // And only a place that qualifies a name before it: one that opens the
    // name or follows `of` is part of it (`IRAN AIR`, `CENTRAL BANK OF
    // IRAQ`: `Air` and `Central Bank` name no one).
    let qualifies = |t: &[Tok], k: usize| {
        k > 0 && !matches!(t[k - 1].role, TokenRole::Stopword | TokenRole::Particle)
    };
    let place = |t: &[Tok], k: usize, other_legal: bool| {
        let tok = &t[k];
        if !person
            && tok.place
            && tok.role == TokenRole::Name
            && !places_differ
            && (tok.qualifier || !other_legal)
            && qualifies(t, k)
        {
            nw.place_cost
        } else {
            1.0
        }
    };
    let mut uq = 0.0;
    for &i in qi {
        if !used_q[i] {
            uq += q[i].weight
                * place(q, i, c_legal)
                * if article(&q[i]) { nw.article_cost } else { 1.0 }
                * if q[i].patronymic {
                    patronymic_cost.min(nw.extra_query_cost)
                } else if omitted && slot(&q[i]) {
                    nw.omitted_query_cost
                } else {
                    nw.extra_query_cost
                };
            out.unmatched_query.push(i);
        }
    }
    let mut uc = 0.0;
    for &j in ci {
        if !used_c[j] {
            uc += c[j].weight
                * place(c, j, q_legal)
                * if article(&c[j]) { nw.article_cost } else { 1.0 }
                * if c[j].patronymic {
                    patronymic_cost * nw.extra_candidate_cost
                } else if facing && slot(&c[j]) {
                    nw.substituted_candidate_cost
                } else if !facing && leaves_out && slot(&c[j]) && !c[j].principal {
                    if inner(&used_c, j) {
                        nw.omitted_middle_cost
                    } else {
                        nw.omitted_outer_cost
                    }
                } else {
                    nw.extra_candidate_cost
                };
            out.unmatched_candidate.push(j);
        }
    }
    out.conflicting_patronymics = conflict;
    let denom = matched_w + uq + uc;
    out.score = if denom > 0.0 {
        (got / denom).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Two different legal forms (`AG` and `GmbH`): two companies.
    let legal_left = |t: &[Tok], idx: &[usize], used: &[bool]| {
        idx.iter()
            .filter(|&&i| !used[i] && t[i].role == TokenRole::LegalForm)
            .count()
    };
    let legal_matched = out
        .pairs
        .iter()
        .any(|&(i, _, _, _)| q[i].role == TokenRole::LegalForm);
    if !legal_matched && legal_left(q, qi, &used_q) > 0 && legal_left(c, ci, &used_c) > 0 {
        out.score *= nw.different_legal_forms;
        out.conflicting_legal_forms = true;
    }
    // An initial left over against a name or initial left over on the
    // other side is another middle name (`Frost, William G.` / `William W
    // Frost`, `Hans O Friedrich` / `Hans Joachim Friedrich`).
    let left = |t: &[Tok], idx: &[usize], used: &[bool], initial_only: bool| {
        idx.iter().any(|&i| {
            !used[i]
                && (t[i].role == TokenRole::Initial
                    || (!initial_only && t[i].role == TokenRole::Name))
        })
    };
    if person
        && ((left(q, qi, &used_q, true) && left(c, ci, &used_c, false))
            || (left(c, ci, &used_c, true) && left(q, qi, &used_q, false)))
    {
        out.score *= nw.conflicting_initials;
        out.conflicting_initials = true;
    }
    // Initials alone (`N.N.`) fit thousands of people.
    let initials_only = |t: &[Tok], idx: &[usize]| {
        let mut named = idx
            .iter()
            .filter(|&&i| matches!(t[i].role, TokenRole::Name | TokenRole::Initial))
            .peekable();
        named.peek().is_some() && named.all(|&i| t[i].role == TokenRole::Initial)
    };
    if person && (initials_only(q, qi) || initials_only(c, ci)) {
        out.score = out.score.min(nw.initials_only_max);
        out.initials_only = true;
    }
    if person
        && out
            .pairs
            .iter()
            .any(|&(i, j, _, _)| gendered_forms(&q[i].text, &c[j].text))
    {
        out.score *= nw.conflicting_gender;
        out.conflicting_gender = true;
    }
    if syllables_swapped(q, qi, c, &out.pairs) {
        out.score *= nw.swapped_syllables;
        out.swapped_syllables = true;
    }
    if lineage_swapped(q, c, &out.pairs) {
        out.score *= nw.swapped_lineage;
        out.swapped_lineage = true;
    }
    out
}

/// A possible pairing: (similarity, query token, candidate token, second
/// token when one token faces two, rule).
type PairCandidate = (f32, usize, usize, Second, &'static str);

/// The second token of a pair where one token faces two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Second {
    None,
    Candidate(usize),
    Query(usize),
}

/// The unused consecutive name tokens of `long` (stopwords and particles in
/// between skipped) whose initials spell `short`, if any.
fn acronym_run(
    short: &Tok,
    long: &[Tok],
    lidx: &[usize],
    used: &[bool],
    min_len: usize,
) -> Option<Positions> {
    let letters = short.text.as_bytes();
    if letters.len() < min_len.max(2)
        || letters.len() > 8
        || short.role != TokenRole::Name
        || !letters.iter().all(u8::is_ascii_lowercase)
    {
        return None;
    }
    for start in 0..lidx.len() {
        let mut run = Positions::new();
        let mut k = 0;
        for &j in &lidx[start..] {
            let t = &long[j];
            if k == letters.len() {
                break;
            }
            if matches!(t.role, TokenRole::Stopword | TokenRole::Particle) && !run.is_empty() {
                continue;
            }
            if used[j]
                || !matches!(t.role, TokenRole::Name | TokenRole::Initial)
                || t.text.as_bytes().first() != Some(&letters[k])
            {
                break;
            }
            run.push(j);
            k += 1;
        }
        if k == letters.len() && run.len() >= 2 {
            return Some(run);
        }
    }
    None
}
