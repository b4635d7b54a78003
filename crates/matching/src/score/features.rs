//! The features beside the name: identifiers, birth date, countries,
//! gender and schema, each adjusting the name score by an effect of
//! [`EntityWeights`] and explaining itself.

use super::explanation::Explanation;
use crate::query::Query;
use crate::weights::{Effect, EntityWeights};
use embargo_model::{Entity, prop};

/// The score as the features adjust it, with their explanations.
pub(crate) struct Adjusted {
    /// The total so far (the name score at first).
    pub score: f32,
    /// One per feature that said something.
    pub explanations: Vec<Explanation>,
    /// Explanations wanted (else only the score; see `score_entity`).
    pub explain: bool,
}

/// Identifiers: identical is near-conclusive, conflicting lowers. True
/// when one is identical.
#[inline]
pub(crate) fn identifiers(
    out: &mut Adjusted,
    query: &Query,
    entity: &Entity,
    name_score: f32,
    w: &EntityWeights,
) -> bool {
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
            let floor = if name_score >= w.weak_name || group == "imo" {
                w.identical_id
            } else {
                w.identical_id_weak_name
            };
            let effect = (floor - out.score).max(0.0);
            out.score = out.score.max(floor);
            if !out.explain {
                continue;
            }
            out.explanations.push(Explanation {
                feature: "identifier".into(),
                score: 1.0,
                effect,
                query: format!("{qp} {qv}"),
                candidate: format!("{cp} {qv}"),
                detail: "identical identifier".into(),
            });
        } else if let Some((_, cp, cv)) = cand_ids.iter().find(|(g, _, _)| *g == group) {
            let penalty = if group == "doc" {
                w.other_document
            } else {
                w.other_identifier
            };
            out.score -= penalty;
            if !out.explain {
                continue;
            }
            out.explanations.push(Explanation {
                feature: "identifier".into(),
                score: 0.0,
                effect: -penalty,
                query: format!("{qp} {qv}"),
                candidate: format!("{cp} {cv}"),
                detail: "different identifier of the same kind".into(),
            });
        }
    }
    id_hit
}

/// Birth dates: the best agreement of a query date with a listed one.
#[inline]
pub(crate) fn birth_date(out: &mut Adjusted, query: &Query, entity: &Entity, w: &EntityWeights) {
    let listed = entity.get(prop::BIRTH_DATE);
    let Some(best) = compare_dates(&query.birth_dates, listed, w) else {
        return;
    };
    out.score += best.effect.effect;
    if !out.explain {
        return;
    }
    let (query_value, candidate) = match best.pair {
        Some((q, c)) => (query.birth_dates[q].clone(), listed[c].clone()),
        None => (query.birth_dates[0].clone(), listed.join(", ")),
    };
    out.explanations.push(Explanation {
        feature: "birthDate".into(),
        score: best.effect.score,
        effect: best.effect.effect,
        query: query_value,
        candidate: format!("{candidate} ({})", best.why),
        detail: String::new(),
    });
}

/// Countries: one of the query's among the entity's, or none.
#[inline]
pub(crate) fn countries(out: &mut Adjusted, query: &Query, listed: &[Box<str>], w: &EntityWeights) {
    if query.countries.is_empty() || listed.is_empty() {
        return;
    }
    let hit = (query.countries.iter()).find(|q| listed.iter().any(|c| **c == ***q));
    let (s, effect) = if hit.is_some() {
        (1.0, w.country_agrees)
    } else {
        (0.0, w.country_differs)
    };
    out.score += effect;
    if out.explain {
        out.explanations.push(Explanation {
            feature: "country".into(),
            score: s,
            effect,
            query: query.countries.join(", "),
            candidate: listed.join(", "),
            detail: String::new(),
        });
    }
}

/// Gender, when both sides say male or female.
#[inline]
pub(crate) fn gender(out: &mut Adjusted, query: &Query, entity: &Entity, w: &EntityWeights) {
    if let Some(qg) = &query.gender
        && let Some(cg) = entity.first(prop::GENDER)
    {
        let cg = cg.to_ascii_lowercase();
        if (qg == "male" || qg == "female") && (cg == "male" || cg == "female") {
            let (s, effect) = if *qg == cg {
                (1.0, w.gender_agrees)
            } else {
                (0.0, w.gender_differs)
            };
            out.score += effect;
            if !out.explain {
                return;
            }
            out.explanations.push(Explanation {
                feature: "gender".into(),
                score: s,
                effect,
                query: qg.clone(),
                candidate: cg,
                detail: String::new(),
            });
        }
    }
}

/// A compatible schema other than the query's (`Company` for
/// `Organization`): said, with no effect.
#[inline]
pub(crate) fn schema(out: &mut Adjusted, query: &Query, entity: &Entity) {
    if let Some(qs) = query.schema
        && qs != entity.schema
        && out.explain
    {
        out.explanations.push(Explanation {
            feature: "schema".into(),
            score: 1.0,
            effect: 0.0,
            query: qs.to_string(),
            candidate: entity.schema.to_string(),
            detail: "compatible (FtM hierarchy)".into(),
        });
    }
}

fn date_parts(d: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
    let mut it = d.split('-');
    (it.next(), it.next(), it.next())
}

/// The best agreement of two sets of birth dates.
struct DateAgreement {
    effect: Effect,
    why: &'static str,
    /// The query and listed dates agreeing best (by position), if any
    /// does better than "different year".
    pair: Option<(usize, usize)>,
}

/// Birth date comparison (`None` when either side has no date).
fn compare_dates(q: &[String], c: &[String], w: &EntityWeights) -> Option<DateAgreement> {
    if q.is_empty() || c.is_empty() {
        return None;
    }
    let mut best = DateAgreement {
        effect: w.different_year,
        why: "no listed birth date within a year",
        pair: None,
    };
    for (qi, qd) in q.iter().enumerate() {
        let (qy, qm, qdd) = date_parts(qd);
        for (ci, cd) in c.iter().enumerate() {
            let (cy, cm, cdd) = date_parts(cd);
            let (Some(qy), Some(cy)) = (qy, cy) else {
                continue;
            };
            let (r, why): (Effect, &str) = if qd == cd && qdd.is_some() {
                (w.same_date, "same date")
            } else if qy == cy {
                match (qm, cm, qdd, cdd) {
                    (Some(a), Some(b), Some(x), Some(y)) if a == y && b == x => {
                        (w.day_month_swapped, "same year, day and month swapped")
                    }
                    (Some(a), Some(b), _, _) if a != b => (w.other_month, "same year, other month"),
                    (Some(_), Some(_), Some(x), Some(y)) if x != y => {
                        (w.other_day, "same year and month, other day")
                    }
                    _ => (w.same_year, "same year"),
                }
            } else {
                let dy = qy
                    .parse::<i32>()
                    .ok()
                    .zip(cy.parse::<i32>().ok())
                    .map(|(a, b)| (a - b).abs());
                match dy {
                    Some(1) => (w.one_year_apart, "one year apart"),
                    _ => (w.different_year, "different year"),
                }
            };
            if r.score > best.effect.score {
                best = DateAgreement {
                    effect: r,
                    why,
                    pair: Some((qi, ci)),
                };
            }
        }
    }
    Some(best)
}

/// The countries of an entity that scoring compares with a query's, in
/// this order (read once per entity when an index is built: six property
/// lookups per candidate were a twentieth of a monitoring run).
pub fn listed_countries(entity: &Entity) -> Box<[Box<str>]> {
    [
        prop::NATIONALITY,
        prop::CITIZENSHIP,
        prop::COUNTRY,
        prop::BIRTH_COUNTRY,
        prop::JURISDICTION,
        prop::FLAG,
    ]
    .into_iter()
    .flat_map(|p| entity.get(p))
    .map(|c| c.as_str().into())
    .collect()
}

/// An identifier as compared: letters and digits only, upper case.
pub(crate) fn norm_id(s: &str) -> String {
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
