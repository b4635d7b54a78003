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

mod align;
mod conflicts;
mod explanation;
mod features;
mod name;
mod split;

pub use align::{NameAlignment, align};
pub use explanation::{Explanation, Scored};
pub use features::listed_countries;
pub(crate) use features::norm_id;
pub use name::{AnalyzedName, NameStrength, Positions};
pub(crate) use split::adjacent;

use crate::query::Query;
use crate::tok::Tok;
use crate::weights::Weights;
use embargo_model::Entity;
use embargo_names::TokenRole;
use features::Adjusted;
use name::{joined_bytes, joins, unique};

/// Best alignment of a query name against a candidate name.
///
/// Besides token alignment, when the two names have different numbers of
/// tokens, their joined forms are compared, so that `SergeiLavrov` =
/// `Sergei Lavrov` and `Plat Ono Vich` = `Platonovich`.
pub fn compare_names(q: &AnalyzedName, c: &AnalyzedName, w: &Weights) -> NameAlignment {
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
        w,
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
        // Distances above this cannot reach `min_joined`.
        let min_joined = w.names.min_joined;
        let k = ((1.0 - min_joined) * longest as f64 + 1e-9).floor() as usize;
        if jq.len() >= 6
            && bound >= min_joined
            && let Some(d) = embargo_names::osa_within(&jq, &jc, k)
        {
            let r = 1.0 - d as f64 / longest as f64;
            if r >= min_joined && (r * r) as f32 > best.score {
                best = NameAlignment {
                    score: (r * r) as f32,
                    joined: Some(r as f32),
                    joined_legal: legal,
                    ..NameAlignment::default()
                };
            }
        }
    }
    best.score *= c.strength.factor(&w.names);
    best
}

/// Scores a query against one entity, given the entity's analysed names and
/// the query's analysed names. Without `explain`, only the score is
/// computed (`matched_name` and `explanations` stay empty): search scores
/// every candidate that way and explains the few it returns.
pub fn score_entity(
    query: &Query,
    query_names: &[AnalyzedName],
    entity: &Entity,
    countries: &[Box<str>],
    names: &[&AnalyzedName],
    explain: bool,
    w: &Weights,
) -> Option<Scored> {
    if let Some(qs) = query.schema
        && !qs.compatible_with(entity.schema)
    {
        return None;
    }
    let mut best: Option<(NameAlignment, &AnalyzedName, &AnalyzedName, usize)> = None;
    for qn in query_names {
        for (pos, &cn) in names.iter().enumerate() {
            let a = compare_names(qn, cn, w);
            if best.as_ref().is_none_or(|(b, ..)| a.score > b.score) {
                best = Some((a, qn, cn, pos));
            }
        }
    }
    let matched_position = best.as_ref().map(|b| b.3);
    let mut explanations = Vec::new();
    let (score, matched_name) = match &best {
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
    let mut out = Adjusted {
        score,
        explanations,
        explain,
    };
    let id_hit = features::identifiers(&mut out, query, entity, name_score, &w.entity);
    features::birth_date(&mut out, query, entity, &w.entity);
    features::countries(&mut out, query, countries, &w.entity);
    features::gender(&mut out, query, entity, &w.entity);
    features::schema(&mut out, query, entity);
    // Without any name evidence, only an identifier can make a hit.
    if name_score == 0.0 && !id_hit {
        return None;
    }
    Some(Scored {
        score: out.score.clamp(0.0, 1.0),
        matched_name,
        matched_position,
        explanations: out.explanations,
    })
}
