//! Scoring a query against one entity, feature by feature.
//!
//! The name feature dominates: query and candidate names are analysed into
//! tokens ([`embargo_names::tokenize`]), tokens are aligned one-to-one
//! greedily by similarity (order-blind, so `SALEK, ABDULHAI` = `Abdulhai
//! Salek`), and the score is the weighted share of tokens explained by the
//! alignment. Rare tokens weigh more than common ones (inverse document
//! frequency over all listed names); titles, legal forms and stopwords
//! weigh little. Candidate tokens the query does not mention (a middle name,
//! a patronymic) cost less than query tokens the candidate lacks, and a
//! person's name the candidate leaves out less than one facing another name.
//!
//! Other features adjust the name score: birth date, countries, gender,
//! identifiers (an identical IMO or passport number is near-conclusive; a
//! conflicting one lowers the score), schema compatibility.

use crate::query::Query;
use crate::tok::{Tok, similarity};
use embargo_model::{Entity, prop};
use embargo_names::TokenRole;
use embargo_names::korean::Spelling;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// Token positions in a name; names rarely have more than 8 tokens, and
/// scoring compares hundreds of name pairs per query, so these stay on the
/// stack.
pub type Positions = SmallVec<[usize; 8]>;

/// One feature's contribution, shown to users and auditors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Feature name: `name`, `birthDate`, `country`, `gender`, `identifier`, `schema`.
    pub feature: String,
    /// The feature's own score in `[0, 1]` (for adjustments: 1 = agrees, 0 = conflicts).
    pub score: f32,
    /// How much it moved the total score (signed), or the base for `name`.
    pub effect: f32,
    /// The query value compared.
    pub query: String,
    /// The candidate value compared.
    pub candidate: String,
    /// Human-readable detail (e.g. token pairs and why they match).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// Total score in `[0, 1]`.
    pub score: f32,
    /// The candidate name that matched best.
    pub matched_name: String,
    /// Its position among the names scored (`None` without any name evidence).
    #[serde(skip)]
    pub matched_position: Option<usize>,
    /// Per-feature explanations, name first.
    pub explanations: Vec<Explanation>,
}

/// How strongly a listed name identifies the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameStrength {
    /// Primary name.
    Name,
    /// Strong alias.
    Alias,
    /// Former name.
    Previous,
    /// Weak alias (low quality).
    Weak,
}

impl NameStrength {
    /// Factor applied to a name score obtained on a name of this strength.
    pub fn factor(self) -> f32 {
        match self {
            NameStrength::Name | NameStrength::Alias => 1.0,
            NameStrength::Previous => 0.98,
            NameStrength::Weak => 0.9,
        }
    }

    /// From an FtM name property.
    pub fn of_prop(p: &str) -> NameStrength {
        match p {
            prop::NAME => NameStrength::Name,
            prop::ALIAS => NameStrength::Alias,
            prop::PREVIOUS_NAME => NameStrength::Previous,
            _ => NameStrength::Weak,
        }
    }
}

/// An analysed name.
#[derive(Debug, Clone)]
pub struct AnalyzedName {
    /// The name as written.
    pub text: String,
    /// Its tokens with weights.
    pub tokens: Vec<Tok>,
    /// Strength of the name.
    pub strength: NameStrength,
    /// Some token text occurs twice (`Sergey Sergey Shoigu`).
    repeats: bool,
    /// Analysed as a person's name (no acronyms are read).
    pub person: bool,
    /// A second reading of a query whose Hangul or Han words were read as
    /// foreign names (`오사마`, `奥巴马`): compared with names in other
    /// scripts only, as Hangul against Hangul (Han against Han) is exact.
    pub as_foreign: bool,
}

impl AnalyzedName {
    /// An analysed name from its tokens.
    pub fn new(text: &str, tokens: Vec<Tok>, strength: NameStrength, person: bool) -> AnalyzedName {
        // Han and Hangul syllables repeat within one given name (丽丽 Lili)
        // or read alike (杨 and 阳 are both yang): not repeated names.
        let repeats = tokens
            .iter()
            .enumerate()
            .any(|(i, t)| !t.syllable && tokens[..i].iter().any(|o| o.same_text(t)));
        AnalyzedName {
            text: text.to_string(),
            tokens,
            strength,
            repeats,
            person,
            as_foreign: false,
        }
    }
}

/// Share of the weight of an unmatched Arabic article (`al`, and the forms
/// it takes before some letters, `ad`, `ash`...) counted against the score:
/// Arabic script always writes it, Latin spellings often leave it out or
/// join it (`انصار الدين` ~ `ANSAR DINE`, `Essaadi`). Measured against
/// 1.0: UN Arabic-script names → UK recall at the threshold 0.674 → 0.685,
/// false alerts unchanged (names only 1.80 → 1.82 per 1,000).
const ARTICLE_COST: f32 = 0.5;

/// An Arabic article (a particle; `ibn`, `abu` say more and cost in full).
fn article(t: &Tok) -> bool {
    t.role == TokenRole::Particle
        && matches!(
            &*t.text,
            "al" | "el" | "ul" | "ad" | "ar" | "as" | "ash" | "az" | "ed"
        )
}

fn role_weight(role: TokenRole) -> f32 {
    match role {
        TokenRole::Name => 1.0,
        TokenRole::Initial => 0.35,
        TokenRole::Particle => 0.3,
        TokenRole::LegalForm => 0.15,
        TokenRole::Stopword => 0.1,
        TokenRole::Title => 0.05,
    }
}

/// Weight of a token given its rarity weight (`idf`, about 1 for the most
/// common tokens) and its role.
pub fn token_weight(role: TokenRole, idf: f32) -> f32 {
    role_weight(role) * idf
}

/// Cost of an unmatched patronymic, relative to other unmatched tokens.
const PATRONYMIC_COST: f32 = 0.3;

/// Token similarities below this are weak evidence (a phonetic code, a
/// variant of one syllable, two or more edits in a short name)...
const WEAK_PAIR: f32 = 0.8;

/// ...and count for `s²/0.8` instead of `s`: `Anthony Albano` is not
/// `Anthony Albanese` because the first names agree. Measured: false alerts
/// on the negatives 0.84 → 0.56 per 1,000 (names only 2.30 → 1.62), UN
/// recall unchanged, name_bench F1 0.821 → 0.817.
fn evidence(s: f32) -> f32 {
    if s < WEAK_PAIR { s * s / WEAK_PAIR } else { s }
}

/// Minimum token similarity for two tokens to be aligned at all.
pub(crate) const MIN_PAIR: f32 = 0.6;
/// Share of the weight of unmatched candidate tokens counted against the score.
const EXTRA_CANDIDATE_COST: f32 = 0.55;
/// Share of the weight of unmatched query tokens counted against the score:
/// lists often carry a short form of a longer name.
const EXTRA_QUERY_COST: f32 = 0.8;
/// ... when it is a person's name the candidate leaves out (nothing stands
/// in its place; see [`align`] for when). Lists carry short forms of long
/// names (`UMAR PATEK [ABDULLAH ANSHORI]`), customers' records long forms.
const OMITTED_QUERY_COST: f32 = 0.25;
/// Share of the weight of an unmatched middle name of a listed person
/// (between two matched tokens, nothing in its place in the query: `SIRAJUDDIN
/// [JALLALOUDINE] HAQQANI`).
const OMITTED_MIDDLE_COST: f32 = 0.35;
/// ... and of an unmatched first or last name of a listed person, nothing
/// in its place in the query (`[Alexandre] Boris de Pfeffel Johnson`).
///
/// The three costs were measured together (session 10, threshold 0.80),
/// against 0.5 / 0.4 / 0.55 before: name_bench F1 0.884 → 0.901, false
/// alerts on the negatives 0.58 → 1.10 per 1,000 (names only 1.40 → 2.88:
/// `Mark Albert Taylor` / `TAYLOR, Mark`, `Michael Miller` / `Scott Michael
/// Miller`, names a reviewer should see when nothing else tells them
/// apart), UN Arabic names → UK recall@1 0.909 → 0.904 and recombined
/// Arabic negatives 59.7 → 50.7, UK → UN recall@1 0.996 → 0.995.
const OMITTED_OUTER_COST: f32 = 0.35;
/// Share of the weight of an unmatched candidate token of a person's name
/// when the query has an unmatched name in its place. Measured against
/// 0.55: name_bench F1 0.848 → 0.852 (four false positives such as `ABDUL
/// KABIR ABDUL JAN` / `ABDUL KABIR MOHAMMAD JAN` gone), other figures
/// unchanged.
const SUBSTITUTED_CANDIDATE_COST: f32 = 1.0;

/// Share of the weight of an unmatched country or region in an
/// organisation's name (see [`align`]). Measured against 1.0: name_bench
/// F1 0.877 → 0.884 (`faberlic` / `FABERLIC EUROPE Sp. z o.o.`, `Deutsche
/// Bank (Schweiz) AG`), false alerts unchanged. (A first version also
/// discounted a place after `in`, and `JUND AL-KHILAFAH IN ALGERIA` ranked
/// another group's alias `Jund al Khilafah` first: UK → UN recall@1 0.997 →
/// 0.996, back since a place after a function word is part of the name.)
const PLACE_COST: f32 = 0.2;

/// Factor for an initial facing another name or initial. Measured:
/// name_bench false positives `Frost, William G.` / `William W Frost` gone.
const CONFLICTING_INITIALS: f32 = 0.9;
/// Factor for a surname in its feminine form facing its masculine form
/// (`Baranova` / `Baranov`): Slavic surnames say the bearer's gender, so
/// these are two people.
const CONFLICTING_GENDER: f32 = 0.9;
/// Ceiling of the score of a name made of initials only.
const INITIALS_ONLY_MAX: f32 = 0.7;

/// Factor on the Korean reading of a Han character in a name whose other
/// Han characters meet the other name in their Chinese reading (`萍 许` /
/// `Bing Xu`: `许` is `xu` in pinyin, 허 in Korean).
const MIXED_READINGS: f32 = 0.8;

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
                && !crate::tok::intersects(a.hanja(), b.korean())
                && !crate::tok::intersects(b.hanja(), a.korean())
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

fn all(tokens: &[Tok]) -> Positions {
    (0..tokens.len()).collect()
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
) -> NameAlignment {
    if qi.is_empty() || ci.is_empty() {
        return NameAlignment::default();
    }
    let mut cands: SmallVec<[PairCandidate; 16]> = SmallVec::new();
    let chinese = read_in_chinese(q, qi, c, ci);
    for &i in qi {
        for &j in ci {
            let (mut s, why) = similarity(&q[i], &c[j]);
            // A Han character read in Korean beside Han characters read
            // in Chinese: one name is not read both ways.
            if chinese && why == "korean" && (q[i].han_chars() == 1 || c[j].han_chars() == 1) {
                s *= MIXED_READINGS;
            }
            if s >= MIN_PAIR {
                cands.push((s, i, j, Second::None, why));
            }
        }
    }
    // One token written as two (`Abdulrahman` ~ `Abdul Rahman`, `نجيب الله`
    // ~ `Najibullah`), either way.
    let (adj_q, adj_c) = (adjacent(q, qi), adjacent(c, ci));
    for &i in qi {
        for &(a, b) in &adj_c {
            if let Some(s) = split_similarity(&q[i], &c[a], &c[b]) {
                cands.push((s, i, a, Second::Candidate(b), "split"));
            }
        }
    }
    for &j in ci {
        for &(a, b) in &adj_q {
            if let Some(s) = split_similarity(&c[j], &q[a], &q[b]) {
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
        got += w * evidence(s);
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
            got += w * ACRONYM_SCORE;
            matched_w += w;
            for j in run {
                used_l[j] = true;
                let (a, b) = if query_short { (i, j) } else { (j, i) };
                out.pairs.push((a, b, ACRONYM_SCORE, "acronym"));
            }
        }
    }
    // A patronymic one side leaves out (Vladimir [Vladimirovich] Putin)
    // says little; two different patronymics say different fathers.
    let unmatched_patronymic =
        |t: &[Tok], idx: &[usize], used: &[bool]| idx.iter().any(|&i| !used[i] && t[i].patronymic);
    let conflict = unmatched_patronymic(q, qi, &used_q) && unmatched_patronymic(c, ci, &used_c);
    let patronymic_cost = if conflict { 1.0 } else { PATRONYMIC_COST };
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
            PLACE_COST
        } else {
            1.0
        }
    };
    let mut uq = 0.0;
    for &i in qi {
        if !used_q[i] {
            uq += q[i].weight
                * place(q, i, c_legal)
                * if article(&q[i]) { ARTICLE_COST } else { 1.0 }
                * if q[i].patronymic {
                    patronymic_cost.min(EXTRA_QUERY_COST)
                } else if omitted && slot(&q[i]) {
                    OMITTED_QUERY_COST
                } else {
                    EXTRA_QUERY_COST
                };
            out.unmatched_query.push(i);
        }
    }
    let mut uc = 0.0;
    for &j in ci {
        if !used_c[j] {
            uc += c[j].weight
                * place(c, j, q_legal)
                * if article(&c[j]) { ARTICLE_COST } else { 1.0 }
                * if c[j].patronymic {
                    patronymic_cost * EXTRA_CANDIDATE_COST
                } else if facing && slot(&c[j]) {
                    SUBSTITUTED_CANDIDATE_COST
                } else if !facing && leaves_out && slot(&c[j]) && !c[j].principal {
                    if inner(&used_c, j) {
                        OMITTED_MIDDLE_COST
                    } else {
                        OMITTED_OUTER_COST
                    }
                } else {
                    EXTRA_CANDIDATE_COST
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
        out.score *= DIFFERENT_LEGAL_FORMS;
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
        out.score *= CONFLICTING_INITIALS;
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
        out.score = out.score.min(INITIALS_ONLY_MAX);
        out.initials_only = true;
    }
    if person
        && out
            .pairs
            .iter()
            .any(|&(i, j, _, _)| gendered_forms(&q[i].text, &c[j].text))
    {
        out.score *= CONFLICTING_GENDER;
        out.conflicting_gender = true;
    }
    if syllables_swapped(q, qi, c, &out.pairs) {
        out.score *= SWAPPED_SYLLABLES;
        out.swapped_syllables = true;
    }
    if lineage_swapped(q, c, &out.pairs) {
        out.score *= SWAPPED_LINEAGE;
        out.swapped_lineage = true;
    }
    out
}

/// Feminine and masculine endings of Slavic surnames (`-ova`/`-ov`,
/// `-skaya`/`-sky`, Polish `-ska`/`-ski`...).
const GENDERED_ENDINGS: [(&str, &[&str]); 7] = [
    ("ova", &["ov"]),
    ("eva", &["ev"]),
    ("ina", &["in"]),
    ("yna", &["yn"]),
    ("skaya", &["sky", "skiy", "skii", "ski"]),
    ("ska", &["ski", "sky"]),
    ("cka", &["cki", "cky"]),
];

/// One token is a surname's feminine form and the other a masculine form
/// (either way round), each with at least three letters before the ending.
fn gendered_forms(a: &str, b: &str) -> bool {
    // Every feminine ending ends in `a`, no masculine one does: most pairs
    // (the same text, two unrelated names) stop here.
    let (f, m) = match (a.ends_with('a'), b.ends_with('a')) {
        (true, false) => (a, b),
        (false, true) => (b, a),
        _ => return false,
    };
    let ends = |t: &str, e: &str| t.len() >= e.len() + 3 && t.ends_with(e);
    GENDERED_ENDINGS
        .iter()
        .any(|(fe, mes)| ends(f, fe) && mes.iter().any(|me| ends(m, me)))
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

/// A romanised Korean given name written as one word against two
/// syllables sharing its Korean reading (as for one shared reading).
const KOREAN_SPLIT: f32 = 0.92;

/// Factor for a katakana token standing for two (as for katakana readings).
const KATAKANA_SPLIT: f32 = 0.95;

/// Least similarity for one token to stand for two written apart.
const MIN_SPLIT: f32 = 0.85;

/// Similarity of one token and two consecutive name tokens written
/// together (`abdulrahman` ~ `abdul` `rahman`), when at least
/// [`MIN_SPLIT`]. Cheap tests first: most token triples are unrelated.
fn split_similarity(one: &Tok, a: &Tok, b: &Tok) -> Option<f32> {
    if one.role != TokenRole::Name || a.role != TokenRole::Name || b.role != TokenRole::Name {
        return None;
    }
    // A Korean given name in katakana is one word (`ジョンウン`, `jonun`)
    // where Latin and Hangul write two syllables (`Jong Un`, 정은), and
    // katakana writes a final `ng` as `n`.
    if one.kana && !a.kana && !b.kana {
        let strip = |t: &str| t.replace("ng", "n");
        let both = strip(&[&*a.text, &*b.text].concat());
        let s = embargo_names::edit_similarity_above(&strip(&one.text), &both, MIN_SPLIT - 1e-6);
        if s >= MIN_SPLIT {
            return Some(s * KATAKANA_SPLIT);
        }
        return korean_split(one, a, b).then_some(KOREAN_SPLIT * KATAKANA_SPLIT);
    }
    // Wade–Giles syllables written apart against pinyin written together
    // (`Tse-tung` ~ `Zedong`), or the reverse.
    // `one` may be Han characters read in pinyin (習近平 ~ `Hsi Chin-ping`).
    let names = |t: &Tok| !t.syllable && !t.kana;
    // ... or Han characters read in pinyin against pinyin written apart
    // (`小明` ~ `Xiao Ming`).
    let han = one.han_chars() > 1;
    if (han || !a.pinyin().is_empty() || !b.pinyin().is_empty() || !one.pinyin().is_empty())
        && names(a)
        && names(b)
        && !one.kana
    {
        fn spellings(t: &Tok) -> SmallVec<[&str; 9]> {
            std::iter::once(&*t.text)
                .chain(t.pinyin().iter().map(|r| &**r))
                .collect()
        }
        let (sa, sb, so) = (spellings(a), spellings(b), spellings(one));
        let hit = sa.iter().any(|x| {
            sb.iter().any(|y| {
                so.iter()
                    .any(|o| o.len() == x.len() + y.len() && o.starts_with(x) && o.ends_with(y))
            })
        });
        if hit {
            return Some(crate::tok::WADE_GILES_SCORE);
        }
    }
    // A Korean given name in Han characters is one word (`英哲`) where
    // Latin writes two syllables (`Yong Chol`): by its Sino-Korean readings.
    if !one.han_korean().is_empty() && names(a) && names(b) {
        return korean_split(one, a, b).then_some(KOREAN_SPLIT);
    }
    if !names(one) || !names(a) || !names(b) || a.text.len() < 2 || b.text.len() < 2 {
        return None;
    }
    // Korean syllables joined in one romanisation and apart in another
    // (`Jongun` ~ `Chong Un`): by their Korean readings.
    if korean_split(one, a, b) {
        return Some(KOREAN_SPLIT);
    }
    // Arabic script against Latin: by consonant skeletons. (`عبد` + `ال`
    // is one Latin-script token, `abdul`, beside an Arabic-script one:
    // `عبد المالك` ~ `Abdelmalek`.)
    if one.arabic != (a.arabic || b.arabic) {
        let (Some(x), Some(y), Some(z)) = (&one.abjad, &a.abjad, &b.abjad) else {
            return None;
        };
        // `عزت الله` ~ `Ezatullah`: Allah written apart, `-ullah` joined
        // (three-letter skeletons, which the general rule below does not
        // trust: `bd` + `llh` is `bdl`, and `bdlwly` + `llh` is too).
        // Skeletons compare with the wildcards of Arabic letters.
        let m = embargo_names::abjad::skeletons_match;
        let same = |u: &str, v: &str| u == v || m(u, v) || m(v, u);
        let starts = |s: &str, p: &str| s.get(..p.len()).is_some_and(|h| same(h, p));
        if &*b.text == "llh" && y.len() >= 2 && x.len() == y.len() + 1 {
            return (starts(x, y) && x.ends_with('l')).then_some(MIN_SPLIT);
        }
        if x.len() < 4 || !starts(x, y) || z.is_empty() {
            return None;
        }
        let both = [a.skeleton_letters(), b.skeleton_letters()].concat();
        // The long vowels of the Arabic-script side must be in the Latin one
        // (`محیا حسنی` is not `Mohsin`).
        let vowels_differ = a.vowelled().is_some()
            && embargo_names::abjad::vowel_disagreements(&both, &one.text).is_some_and(|n| n > 0);
        return (same(&embargo_names::abjad::skeleton(&both), x) && !vowels_differ)
            .then_some(MIN_SPLIT);
    }
    let len = a.text.len() + b.text.len();
    if one.text.len().abs_diff(len) > 1 || one.text.as_bytes()[0] != a.text.as_bytes()[0] {
        return None;
    }
    let mut both = String::with_capacity(len);
    both.push_str(&a.text);
    both.push_str(&b.text);
    let s = embargo_names::edit_similarity_above(&one.text, &both, MIN_SPLIT - 1e-6);
    (s >= MIN_SPLIT).then_some(s)
}

/// Longest romanised Korean syllable: `hyeong` (Revised), `chkhol`
/// (Cyrillic `Чхоль` transliterated).
const MAX_SYLLABLE: usize = 7;

/// Whether `one` (romanised, katakana, or Han read in Sino-Korean) shares a Korean reading with the
/// romanised tokens `a` and `b` written together.
fn korean_split(one: &Tok, a: &Tok, b: &Tok) -> bool {
    if a.text.len() > MAX_SYLLABLE
        || b.text.len() > MAX_SYLLABLE
        || a.hangul
        || b.hangul
        || a.korean().is_empty()
        || b.korean().is_empty()
    {
        return false;
    }
    // A Han token's given name (`英哲`) reads as two syllables whatever its
    // pinyin; a romanised one must be about as long as the two (4+ letters).
    let han = !one.han_korean().is_empty();
    if !han
        && (one.text.len() < 4
            || one.hangul
            || (one.korean().is_empty() && one.korean_texts().is_empty())
            || one.text.len().abs_diff(a.text.len() + b.text.len()) > 3)
    {
        return false;
    }
    KOREAN_READINGS.with(|cell| {
        let mut memo = cell.borrow_mut();
        let y = memo.joined_readings(a, b);
        // (Readings kept as text: Sino-Korean ones, or a query token's the
        // lists lack, which are not interned.)
        let texts = one.korean_texts();
        if !texts.is_empty() {
            return texts.iter().any(|k| y.iter().any(|j| **j == **k));
        }
        let x = memo.readings(&one.text, one.spelling());
        x.iter().any(|k| y.contains(k))
    })
}

/// Korean readings of romanised tokens seen by this thread. Scoring asks
/// for the same few (a query's tokens, common listed syllables) for every
/// candidate, and reading a token costs a table walk and allocations:
/// `korean_split` took 6.8 % of query instructions before this memo.
#[derive(Default)]
struct ReadingMemo {
    /// Readings by text, one map per [`Spelling`].
    by_spelling: [FxHashMap<Box<str>, std::rc::Rc<[String]>>; 3],
    joined: String,
}

impl ReadingMemo {
    /// Korean readings of `text` romanised from `from`.
    fn readings(&mut self, text: &str, from: Spelling) -> std::rc::Rc<[String]> {
        if self.by_spelling.iter().map(|m| m.len()).sum::<usize>() > MAX_MEMO {
            self.by_spelling.iter_mut().for_each(|m| m.clear());
        }
        let memo = &mut self.by_spelling[from as usize];
        if let Some(r) = memo.get(text) {
            return r.clone();
        }
        let r: std::rc::Rc<[String]> = embargo_names::korean::spelled_keys(text, from).into();
        memo.insert(text.into(), r.clone());
        r
    }

    /// Korean readings of two tokens written as one (`Jong` + `Un`).
    fn joined_readings(&mut self, a: &Tok, b: &Tok) -> std::rc::Rc<[String]> {
        let from = if a.spelling() == b.spelling() {
            a.spelling()
        } else {
            Spelling::Latin
        };
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.push_str(&a.text);
        joined.push_str(&b.text);
        let r = self.readings(&joined, from);
        self.joined = joined;
        r
    }
}

/// Korean readings (`k:` keys) of a romanised token, memoised per thread.
pub(crate) fn korean_readings(text: &str, from: Spelling) -> std::rc::Rc<[String]> {
    KOREAN_READINGS.with(|cell| cell.borrow_mut().readings(text, from))
}

/// Entries kept before the memo starts over (bounds its memory).
const MAX_MEMO: usize = 1 << 16;

thread_local! {
    static KOREAN_READINGS: std::cell::RefCell<ReadingMemo> = Default::default();
}

/// Pairs of name tokens next to each other among the positions `idx`, or
/// in Arabic script with a particle between.
pub(crate) fn adjacent(t: &[Tok], idx: &[usize]) -> SmallVec<[(usize, usize); 8]> {
    let mut out = SmallVec::new();
    for (k, &a) in idx.iter().enumerate() {
        if t[a].role == TokenRole::Particle {
            continue;
        }
        let next = idx.get(k + 1).copied();
        match next {
            Some(b) if b == a + 1 && t[b].role != TokenRole::Particle => out.push((a, b)),
            // The article of an Arabic compound (`شمس الدين`, Shamsuddin).
            Some(p) if p == a + 1 && t[a].arabic => {
                if let Some(&b) = idx.get(k + 2)
                    && b == a + 2
                    && t[b].role != TokenRole::Particle
                {
                    out.push((a, b));
                }
            }
            _ => {}
        }
    }
    out
}

/// Similarity of an acronym and the tokens it abbreviates.
const ACRONYM_SCORE: f32 = 0.85;

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

/// Penalty factor when both names carry legal forms and none matches:
/// `Deutsche Bank AG` and `Deutsche Bank GmbH` are two companies. Measured:
/// name_bench F1 0.865 → 0.867 (two false positives gone), no other
/// evaluation moved.
const DIFFERENT_LEGAL_FORMS: f32 = 0.85;

/// Penalty factor when the father's name of an Arabic name (after `bin`,
/// `ibn`, `bint`) aligns with another part of the other name: `Salman bin
/// Muhammad` is the son of Muhammad, not `Muhammad bin Salman`.
const SWAPPED_LINEAGE: f32 = 0.7;

fn is_filiation(t: &Tok) -> bool {
    t.role == TokenRole::Particle && matches!(&*t.text, "bin" | "ibn" | "bint" | "ould")
}

/// The father's name of a name written with a filiation particle: the
/// first name token after `bin`, `ibn`, `bint` or `ould`.
fn father(t: &[Tok]) -> Option<usize> {
    let p = t.iter().position(is_filiation)?;
    (p + 1..t.len()).find(|&i| t[i].role == TokenRole::Name)
}

/// True when token `i` is part of a lineage: a filiation particle comes
/// before it, other particles (`al`) in between allowed (`ibn al-Din`).
fn in_lineage(t: &[Tok], i: usize) -> bool {
    t[..i]
        .iter()
        .rev()
        .take_while(|x| x.role == TokenRole::Particle)
        .any(is_filiation)
}

/// True when both names give a father's name and it is aligned with a
/// given name of the other (not with any name of its lineage: `bin Laden`
/// may stand for `bin Muhammad ibn Awad ibn Ladin`).
fn lineage_swapped(q: &[Tok], c: &[Tok], pairs: &[(usize, usize, f32, &'static str)]) -> bool {
    let (Some(qf), Some(cf)) = (father(q), father(c)) else {
        return false;
    };
    pairs
        .iter()
        .any(|&(i, j, _, _)| (i == qf && !in_lineage(c, j)) || (j == cf && !in_lineage(q, i)))
}

/// Penalty factor when two syllables of a Hangul name align in the
/// reverse order (은정 김 against 김정은): token order is free between name
/// parts, not inside a given name.
const SWAPPED_SYLLABLES: f32 = 0.7;

/// True when two consecutive query tokens, one of them written in Hangul
/// or facing such a token, align with two consecutive candidate tokens
/// in reverse order.
fn syllables_swapped(
    q: &[Tok],
    qi: &[usize],
    c: &[Tok],
    pairs: &[(usize, usize, f32, &'static str)],
) -> bool {
    let partner = |i: usize| pairs.iter().find(|p| p.0 == i).map(|p| p.1);
    qi.windows(2).any(|w| {
        let (Some(j1), Some(j2)) = (partner(w[0]), partner(w[1])) else {
            return false;
        };
        // A foreign name's words (`블라디미르 푸틴`) are not syllables of a
        // Korean name: their order is free. Nor are Han tokens: a Chinese
        // name is read as surname and given name (`习 近平`, `近平 习`).
        let syllable = |t: &Tok| t.hangul && t.loan().is_empty();
        let cjk = syllable(&q[w[0]]) || syllable(&q[w[1]]) || syllable(&c[j1]) || syllable(&c[j2]);
        cjk && w[1] == w[0] + 1 && j1 == j2 + 1
    })
}

/// The significant tokens (names, initials, particles: `van der bilt` =
/// `vanderbilt`) joined without spaces.
fn joined(tokens: &[Tok], idx: &[usize], legal: bool) -> String {
    String::from_utf8_lossy(&joined_bytes(tokens, idx, legal)).into_owned()
}

/// Whether a token is part of a name's joined form (with legal forms or
/// not).
fn joins(t: &Tok, legal: bool) -> bool {
    matches!(
        t.role,
        TokenRole::Name | TokenRole::Initial | TokenRole::Particle
    ) || (legal && t.role == TokenRole::LegalForm)
}

/// [`joined`] without allocating for names up to 64 bytes.
fn joined_bytes(tokens: &[Tok], idx: &[usize], legal: bool) -> SmallVec<[u8; 64]> {
    let mut out = SmallVec::new();
    for t in idx.iter().map(|&i| &tokens[i]).filter(|t| joins(t, legal)) {
        out.extend_from_slice(t.text.as_bytes());
    }
    out
}

/// Positions of the distinct tokens (`Sergey Sergey Shoigu`): a repeated
/// token adds no information about who is meant. `Martin Martin` is not
/// the mononym `Martin`, so repeats stay when removing them would leave a
/// single token.
/// Against a name in Han characters, pinyin repeats a doubled character
/// (`Ma Li Li` for `丽丽 马`): nothing is removed.
fn unique(name: &AnalyzedName, other: &AnalyzedName) -> Positions {
    let tokens = &name.tokens;
    if !name.repeats || other.tokens.iter().any(|t| t.han_chars() > 0) {
        return all(tokens);
    }
    let mut out = Positions::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.syllable || !out.iter().any(|&o| tokens[o].same_text(t)) {
            out.push(i);
        }
    }
    if out.len() < 2 { all(tokens) } else { out }
}

/// Minimum similarity of the joined forms for a split/join to count.
const MIN_JOINED: f64 = 0.9;

/// Best alignment of a query name against a candidate name.
///
/// Besides token alignment, when the two names have different numbers of
/// tokens, their joined forms are compared, so that `SergeiLavrov` =
/// `Sergei Lavrov` and `Plat Ono Vich` = `Platonovich`.
pub fn compare_names(q: &AnalyzedName, c: &AnalyzedName) -> NameAlignment {
    if q.as_foreign && c.tokens.iter().any(|t| t.syllable) {
        return NameAlignment::default();
    }
    let (qi, ci) = (unique(q, c), unique(c, q));
    // People's names are not written as acronyms: `Amy Michelle Ray` is not
    // `AMR` (exhaustive scoring of the negatives found such alerts).
    let min_acronym = if q.person || c.person { usize::MAX } else { 2 };
    let mut best = align(
        &q.tokens,
        &qi,
        &c.tokens,
        &ci,
        min_acronym,
        q.person || c.person,
    );
    // With legal forms too when either name has one: a legal form written
    // glued to the name (`SiemensAG`) is not recognised as one.
    let has_legal = |n: &AnalyzedName| n.tokens.iter().any(|t| t.role == TokenRole::LegalForm);
    for legal in [false, true] {
        if legal && !has_legal(q) && !has_legal(c) {
            break;
        }
        let count = |t: &[Tok], idx: &[usize]| idx.iter().filter(|&&i| joins(&t[i], legal)).count();
        if count(&q.tokens, &qi) == count(&c.tokens, &ci) {
            continue;
        }
        let (jq, jc) = (
            joined_bytes(&q.tokens, &qi, legal),
            joined_bytes(&c.tokens, &ci, legal),
        );
        let longest = jq.len().max(jc.len());
        // The distance is at least the difference in length.
        let bound = 1.0 - jq.len().abs_diff(jc.len()) as f64 / longest.max(1) as f64;
        // Distances above this cannot reach MIN_JOINED.
        let k = ((1.0 - MIN_JOINED) * longest as f64 + 1e-9).floor() as usize;
        if jq.len() >= 6
            && bound >= MIN_JOINED
            && let Some(d) = embargo_names::osa_within(&jq, &jc, k)
        {
            let r = 1.0 - d as f64 / longest as f64;
            if r >= MIN_JOINED && (r * r) as f32 > best.score {
                best = NameAlignment {
                    score: (r * r) as f32,
                    joined: Some(r as f32),
                    joined_legal: legal,
                    ..NameAlignment::default()
                };
            }
        }
    }
    best.score *= c.strength.factor();
    best
}

fn date_parts(d: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
    let mut it = d.split('-');
    (it.next(), it.next(), it.next())
}

/// Birth date comparison: (feature score, effect, detail).
fn compare_dates(q: &[String], c: &[String]) -> Option<(f32, f32, String, String)> {
    if q.is_empty() || c.is_empty() {
        return None;
    }
    let mut best = (
        0.0f32,
        -0.15f32,
        "no listed birth date within a year".to_string(),
    );
    let mut best_pair = (q[0].clone(), c.join(", "));
    for qd in q {
        for cd in c {
            let (qy, qm, qdd) = date_parts(qd);
            let (cy, cm, cdd) = date_parts(cd);
            let (Some(qy), Some(cy)) = (qy, cy) else {
                continue;
            };
            let r = if qd == cd && qdd.is_some() {
                (1.0, 0.08, "same date")
            } else if qy == cy {
                match (qm, cm, qdd, cdd) {
                    (Some(a), Some(b), Some(x), Some(y)) if a == y && b == x => {
                        (0.8, 0.04, "same year, day and month swapped")
                    }
                    (Some(a), Some(b), _, _) if a != b => (0.5, -0.05, "same year, other month"),
                    (Some(_), Some(_), Some(x), Some(y)) if x != y => {
                        (0.6, -0.02, "same year and month, other day")
                    }
                    _ => (0.9, 0.05, "same year"),
                }
            } else {
                let dy = qy
                    .parse::<i32>()
                    .ok()
                    .zip(cy.parse::<i32>().ok())
                    .map(|(a, b)| (a - b).abs());
                match dy {
                    Some(1) => (0.4, -0.05, "one year apart"),
                    _ => (0.0, -0.15, "different year"),
                }
            };
            if r.0 > best.0 {
                best = (r.0, r.1, r.2.to_string());
                best_pair = (qd.clone(), cd.clone());
            }
        }
    }
    Some((
        best.0,
        best.1,
        best_pair.0,
        format!("{} ({})", best_pair.1, best.2),
    ))
}

fn norm_id(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn id_group(p: &str) -> &'static str {
    match p {
        prop::IMO_NUMBER => "imo",
        prop::MMSI => "mmsi",
        prop::SWIFT_BIC => "bic",
        _ => "doc",
    }
}

/// Scores a query against one entity, given the entity's analysed names and
/// the query's analysed names. Without `explain`, only the score is
/// computed (`matched_name` and `explanations` stay empty): search scores
/// every candidate that way and explains the few it returns.
pub fn score_entity(
    query: &Query,
    query_names: &[AnalyzedName],
    entity: &Entity,
    names: &[&AnalyzedName],
    explain: bool,
) -> Option<Scored> {
    if let Some(qs) = query.schema
        && !qs.compatible_with(entity.schema)
    {
        return None;
    }
    let mut best: Option<(NameAlignment, &AnalyzedName, &AnalyzedName, usize)> = None;
    for qn in query_names {
        for (pos, &cn) in names.iter().enumerate() {
            let a = compare_names(qn, cn);
            if best.as_ref().is_none_or(|(b, ..)| a.score > b.score) {
                best = Some((a, qn, cn, pos));
            }
        }
    }
    let matched_position = best.as_ref().map(|b| b.3);
    let mut explanations = Vec::new();
    let (mut score, matched_name) = match &best {
        Some((a, qn, cn, _)) if explain => {
            explanations.push(Explanation {
                feature: "name".into(),
                score: a.score,
                effect: a.score,
                query: qn.text.clone(),
                candidate: cn.text.clone(),
                detail: a.describe(qn, cn),
            });
            (a.score, cn.text.clone())
        }
        Some((a, ..)) => (a.score, String::new()),
        None if explain => (0.0, entity.caption().to_string()),
        None => (0.0, String::new()),
    };
    let name_score = score;

    // Identifiers: identical is near-conclusive, conflicting lowers.
    let mut cand_ids: Vec<(&'static str, &str, String)> = Vec::new();
    if !query.identifiers.is_empty() {
        for p in prop::IDENTIFIER_PROPS {
            for v in entity.get(p) {
                cand_ids.push((id_group(p), p, norm_id(v)));
            }
        }
    }
    let mut id_hit = false;
    for (qp, qv) in &query.identifiers {
        let qn = norm_id(qv);
        if qn.len() < 4 {
            continue;
        }
        let group = id_group(qp);
        if let Some((_, cp, _)) = cand_ids.iter().find(|(g, _, v)| *g == group && *v == qn) {
            id_hit = true;
            let floor = if name_score >= 0.4 || group == "imo" {
                0.97
            } else {
                0.85
            };
            let effect = (floor - score).max(0.0);
            score = score.max(floor);
            if !explain {
                continue;
            }
            explanations.push(Explanation {
                feature: "identifier".into(),
                score: 1.0,
                effect,
                query: format!("{qp} {qv}"),
                candidate: format!("{cp} {qv}"),
                detail: "identical identifier".into(),
            });
        } else if let Some((_, cp, cv)) = cand_ids.iter().find(|(g, _, _)| *g == group) {
            // People hold several passports; vessels one IMO number.
            let penalty = if group == "doc" { 0.05 } else { 0.25 };
            score -= penalty;
            if !explain {
                continue;
            }
            explanations.push(Explanation {
                feature: "identifier".into(),
                score: 0.0,
                effect: -penalty,
                query: format!("{qp} {qv}"),
                candidate: format!("{cp} {cv}"),
                detail: "different identifier of the same kind".into(),
            });
        }
    }

    if let Some((s, effect, qv, cv)) = (!query.birth_dates.is_empty())
        .then(|| compare_dates(&query.birth_dates, entity.get(prop::BIRTH_DATE)))
        .flatten()
    {
        score += effect;
        explanations.push(Explanation {
            feature: "birthDate".into(),
            score: s,
            effect,
            query: qv,
            candidate: cv,
            detail: String::new(),
        });
    }

    if !query.countries.is_empty() {
        let cc: Vec<&String> = [
            prop::NATIONALITY,
            prop::CITIZENSHIP,
            prop::COUNTRY,
            prop::BIRTH_COUNTRY,
            prop::JURISDICTION,
            prop::FLAG,
        ]
        .iter()
        .flat_map(|p| entity.get(p))
        .collect();
        if !cc.is_empty() {
            let hit = query.countries.iter().find(|q| cc.iter().any(|c| c == q));
            let (s, effect) = if hit.is_some() {
                (1.0, 0.03)
            } else {
                (0.0, -0.07)
            };
            score += effect;
            if explain {
                explanations.push(Explanation {
                    feature: "country".into(),
                    score: s,
                    effect,
                    query: query.countries.join(", "),
                    candidate: cc.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                    detail: String::new(),
                });
            }
        }
    }

    if let Some(qg) = &query.gender
        && let Some(cg) = entity.first(prop::GENDER)
    {
        let cg = cg.to_ascii_lowercase();
        if (qg == "male" || qg == "female") && (cg == "male" || cg == "female") {
            let (s, effect) = if *qg == cg { (1.0, 0.0) } else { (0.0, -0.15) };
            score += effect;
            explanations.push(Explanation {
                feature: "gender".into(),
                score: s,
                effect,
                query: qg.clone(),
                candidate: cg,
                detail: String::new(),
            });
        }
    }

    if let Some(qs) = query.schema
        && qs != entity.schema
        && explain
    {
        explanations.push(Explanation {
            feature: "schema".into(),
            score: 1.0,
            effect: 0.0,
            query: qs.to_string(),
            candidate: entity.schema.to_string(),
            detail: "compatible (FtM hierarchy)".into(),
        });
    }
    // Without any name evidence, only an identifier can make a hit.
    if name_score == 0.0 && !id_hit {
        return None;
    }
    Some(Scored {
        score: score.clamp(0.0, 1.0),
        matched_name,
        matched_position,
        explanations,
    })
}
