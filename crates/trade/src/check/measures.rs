//! One measure against the shipment: the goods match (HS prefix), why a
//! matching measure did not decide (not binding, not in force, out of scope),
//! and what an applied ban, licence or cap decides with the exemption claims.

use super::CheckError;
use super::caps::apply_cap;
use super::context::Ctx;
use super::exemptions::evaluate_claims;
use super::preconditions::describe_pre;
use super::verdict::{
    CapEffect, ExemptionOutcome, ExemptionStatus, OtherMeasure, OtherStatus, Outcome,
    PreconditionStatus, Reason,
};
use crate::catalogue::last_day;
use crate::catalogue::{Direction, Goods, MatchStrength, Measure, MeasureType};
use crate::hs::HsMatch;
use crate::ledger::Ledger;
use crate::shipment::Shipment;
use chrono::NaiveDate;
use std::collections::BTreeSet;

pub(super) fn other(
    m: &Measure,
    status: OtherStatus,
    profile: &str,
    date: NaiveDate,
) -> OtherMeasure {
    let validity = match m.valid_to {
        Some(to) => format!("in force {} to {}", m.valid_from, last_day(to)),
        None => format!("in force from {}", m.valid_from),
    };
    let text = match status {
        OtherStatus::NotBinding => format!(
            "{} ({validity}) would apply, but regime {} does not bind profile {profile}",
            m.id, m.regime
        ),
        OtherStatus::NotYetInForce => {
            format!("{} is not yet in force on {date} ({validity})", m.id)
        }
        OtherStatus::Superseded => format!(
            "{} ({validity}) was superseded by {} before {date}",
            m.id,
            m.superseded_by.join(", ")
        ),
        OtherStatus::Expired => format!("{} ({validity}) had ended before {date}", m.id),
        OtherStatus::OutOfScope => format!("{} ({validity}) does not cover these goods", m.id),
    };
    OtherMeasure {
        measure: m.id.clone(),
        regime: m.regime.clone(),
        citation: m.citation(),
        status,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        superseded_by: m.superseded_by.clone(),
        text,
        unverified: !m.unverified_items().is_empty(),
    }
}

/// The best goods match of a measure: a definite match over an ambiguous one.
/// Without an HS code only `*` groups match.
pub(super) fn goods_match<'m>(
    m: &'m Measure,
    s: &Shipment,
) -> Option<(&'m Goods, String, HsMatch)> {
    let mut best: Option<(&Goods, String, HsMatch)> = None;
    for g in &m.goods {
        for p in &g.prefixes {
            let hm = match &s.hs_code {
                Some(code) => p.matches(code),
                None if p.as_str() == "*" => HsMatch::Yes,
                None => HsMatch::No,
            };
            match hm {
                HsMatch::Yes => return Some((g, p.as_str().to_string(), hm)),
                HsMatch::Ambiguous if best.is_none() => {
                    best = Some((g, p.as_str().to_string(), hm))
                }
                _ => {}
            }
        }
    }
    best
}

#[allow(clippy::too_many_arguments)]
pub(super) fn apply_measure(
    ctx: &mut Ctx<'_>,
    m: &Measure,
    g: &Goods,
    prefix: &str,
    hm: HsMatch,
    ledger: &Ledger,
    used_claims: &mut BTreeSet<usize>,
    reasons: &mut Vec<Reason>,
    exemptions: &mut Vec<ExemptionOutcome>,
    caps: &mut Vec<CapEffect>,
    others: &mut Vec<OtherMeasure>,
) -> Result<(), CheckError> {
    let cite = m.citation();
    let code = ctx
        .s
        .hs_code
        .as_ref()
        .map_or("", |h| h.digits())
        .to_string();
    if hm == HsMatch::Ambiguous {
        ctx.miss(
            "hs_code",
            format!(
                "a code of at least {} digits: {code} could be inside or outside {prefix} ({}, {})",
                prefix.len(),
                g.name,
                m.id
            ),
        );
        reasons.push(Reason::measure(
            m,
            g,
            prefix,
            Outcome::Review,
            format!(
                "HS {code} is less specific than {prefix} ({}) of {} ({cite}): give the full code",
                g.name, m.id
            ),
        ));
        return Ok(());
    }
    if g.condition.as_deref() == Some("new") {
        match ctx.s.goods_condition.as_deref() {
            Some("used") => {
                others.push(other(m, OtherStatus::OutOfScope, "", ctx.date));
                if let Some(o) = others.last_mut() {
                    o.text = format!("{} covers new {} only; the goods are used", m.id, g.name);
                }
                return Ok(());
            }
            Some(_) => {}
            None => {
                ctx.miss(
                    "goods_condition",
                    format!(
                        "\"new\" or \"used\": {} ({cite}) covers new goods only",
                        m.id
                    ),
                );
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Review,
                    format!(
                        "{} ({cite}) bans new {} only; say whether the goods are new or used",
                        m.id, g.name
                    ),
                ));
                return Ok(());
            }
        }
    }
    if let Some(note) = &m.review {
        reasons.push(Reason::measure(
            m,
            g,
            prefix,
            Outcome::Review,
            format!("{} ({cite}) applies: {note}", m.id),
        ));
        return Ok(());
    }
    if g.strength == MatchStrength::Indicative {
        reasons.push(Reason::measure(
            m,
            g,
            prefix,
            Outcome::Review,
            format!(
                "HS {code} falls under {prefix}, which {} ({cite}) covers only in part ({}): {}",
                m.id,
                g.name,
                m.note.as_deref().unwrap_or("classification needed")
            ),
        ));
        return Ok(());
    }

    let eval = evaluate_claims(ctx, m, g, used_claims);
    let applied = eval
        .applied
        .map(|(i, counts)| (eval.outcomes[i].clone(), counts));
    let failed: Vec<&ExemptionOutcome> = eval
        .outcomes
        .iter()
        .filter(|o| o.status == ExemptionStatus::NotMet)
        .collect();
    let failed_text = if failed.is_empty() {
        String::new()
    } else {
        format!(
            "; claimed exemption not met: {}",
            failed
                .iter()
                .map(|o| format!(
                    "{} [{}]",
                    o.kind,
                    describe_pre(&o.preconditions, PreconditionStatus::NotMet)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let incomplete = eval.incomplete;
    let incomplete_text = eval
        .outcomes
        .iter()
        .filter(|o| o.status == ExemptionStatus::Incomplete)
        .map(|o| {
            format!(
                "{} [{}]",
                o.kind,
                describe_pre(&o.preconditions, PreconditionStatus::Unknown)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    exemptions.extend(eval.outcomes.iter().cloned());

    let exempted_reason = |o: &ExemptionOutcome, extra: &str| {
        let mut r = Reason::measure(
            m,
            g,
            prefix,
            Outcome::Exempted,
            format!(
                "{} ({cite}) covers {} but exemption {}{} applies{extra}: {}",
                m.id,
                g.name,
                o.kind,
                o.granted_by
                    .as_ref()
                    .map_or(String::new(), |r| format!(" ({r})")),
                describe_pre(&o.preconditions, PreconditionStatus::Met)
            ),
        );
        if o.unverified {
            r.add_unverified(format!("exemption:{}", o.kind));
        }
        r
    };

    match m.measure_type {
        MeasureType::Ban | MeasureType::Licence => {
            if let Some((o, _)) = &applied {
                reasons.push(exempted_reason(o, ""));
            } else if incomplete {
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Review,
                    format!("{} ({cite}) prohibits {} unless the claimed exemption holds; cannot tell: {incomplete_text}", m.id, g.name),
                ));
            } else {
                let what = if m.measure_type == MeasureType::Licence {
                    format!("requires a licence for {}", g.name)
                } else {
                    format!("prohibits {}", g.name)
                };
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Prohibits,
                    format!(
                        "{} ({cite}) {what} ({} {}, HS {prefix}){failed_text}",
                        m.id,
                        dir_word(ctx.s.direction.unwrap_or(m.direction)),
                        ctx.measures.target
                    ),
                ));
            }
        }
        MeasureType::Cap => {
            if let Some((o, false)) = &applied {
                reasons.push(exempted_reason(o, " and does not count against the cap"));
                return Ok(());
            }
            if incomplete {
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Review,
                    format!(
                        "{} ({cite}): the claimed exemption cannot be checked: {incomplete_text}",
                        m.id
                    ),
                ));
                return Ok(());
            }
            let Some(cap) = m.cap.as_deref().and_then(|c| ctx.measures.cap(c)) else {
                return Ok(());
            };
            apply_cap(ctx, m, g, prefix, cap, ledger, &failed_text, reasons, caps)?;
        }
    }
    Ok(())
}

fn dir_word(d: Direction) -> &'static str {
    match d {
        Direction::Import => "imports from",
        Direction::Export => "exports to",
        Direction::Both => "trade with",
    }
}
