//! Exemption claims: which exemption kinds a measure allows for a goods
//! group, each claim evaluated against them (preconditions), and the claims no
//! applied measure allows.

use super::context::Ctx;
use super::preconditions::{evaluate, status_of};
use super::verdict::{ExemptionOutcome, ExemptionStatus, PreconditionResult};
use crate::catalogue::{ExemptionKind, Goods, Measure, Measures};
use crate::shipment::Shipment;
use std::collections::BTreeSet;

/// The exemption kinds a measure allows for a goods group:
/// `(kind, grant reference, reference unverified, counts against cap)`.
fn allowed<'m>(
    measures: &'m Measures,
    m: &'m Measure,
    g: &Goods,
) -> Vec<(&'m ExemptionKind, Option<String>, bool, bool)> {
    let mut out: Vec<(&ExemptionKind, Option<String>, bool, bool)> = Vec::new();
    for e in &m.exemptions {
        if !e.goods.is_empty() && !e.goods.contains(&g.name) {
            continue;
        }
        if let Some(k) = measures.exemptions.get(&e.kind) {
            out.push((
                k,
                e.reference.clone(),
                e.ref_unverified,
                e.counts_against_cap,
            ));
        }
    }
    for k in measures.exemptions.values() {
        if k.regime_wide.contains(&m.regime) && !out.iter().any(|(o, ..)| o.id == k.id) {
            let r = match (&k.instrument, &k.paragraph) {
                (Some(i), Some(p)) => Some(format!("{i} para {p}")),
                (Some(i), None) => Some(i.clone()),
                _ => None,
            };
            out.push((k, r, false, true));
        }
    }
    out
}

pub(super) struct Eval {
    pub(super) outcomes: Vec<ExemptionOutcome>,
    pub(super) applied: Option<(usize, bool)>,
    pub(super) incomplete: bool,
}

pub(super) fn evaluate_claims(
    ctx: &mut Ctx<'_>,
    m: &Measure,
    g: &Goods,
    used: &mut BTreeSet<usize>,
) -> Eval {
    let allowed = allowed(ctx.measures, m, g);
    let mut outcomes = Vec::new();
    let mut applied = None;
    let mut incomplete = false;
    for (i, c) in ctx.s.exemptions.iter().enumerate() {
        let Some((k, grant, ref_unverified, counts)) =
            allowed.iter().find(|(k, ..)| k.id == c.kind)
        else {
            continue;
        };
        used.insert(i);
        if let Some(from) = k.available_from
            && ctx.date < from
        {
            outcomes.push(ExemptionOutcome {
                kind: c.kind.clone(),
                claim: i,
                measure: Some(m.id.clone()),
                title: Some(k.title.clone()),
                granted_by: grant.clone(),
                status: ExemptionStatus::NotAvailable,
                preconditions: Vec::new(),
                note: Some(format!("this exemption exists only from {from}")),
                unverified: *ref_unverified,
            });
            continue;
        }
        let results: Vec<PreconditionResult> = k
            .preconditions
            .iter()
            .map(|p| evaluate(*p, ctx, Some((i, c)), m))
            .collect();
        let status = status_of(&results);
        match status {
            ExemptionStatus::Applied if applied.is_none() => {
                applied = Some((outcomes.len(), *counts))
            }
            ExemptionStatus::Incomplete => incomplete = true,
            _ => {}
        }
        outcomes.push(ExemptionOutcome {
            kind: c.kind.clone(),
            claim: i,
            measure: Some(m.id.clone()),
            title: Some(k.title.clone()),
            granted_by: grant.clone(),
            status,
            preconditions: results,
            note: None,
            unverified: *ref_unverified || !k.unverified.is_empty(),
        });
    }
    Eval {
        outcomes,
        applied,
        incomplete,
    }
}

/// The claims of the shipment that no applied measure took up (`used`):
/// each is `not-available`, saying whether its kind is unknown or simply not
/// allowed by a binding measure that applies.
pub(super) fn unclaimed(
    measures: &Measures,
    shipment: &Shipment,
    used: &BTreeSet<usize>,
) -> Vec<ExemptionOutcome> {
    let mut out = Vec::new();
    for (i, c) in shipment.exemptions.iter().enumerate() {
        if used.contains(&i) {
            continue;
        }
        let note = if measures.exemptions.contains_key(&c.kind) {
            "no binding measure that applies to this shipment allows this exemption".to_string()
        } else {
            format!(
                "unknown exemption kind; known kinds: {}",
                measures
                    .exemptions
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(ExemptionOutcome {
            kind: c.kind.clone(),
            claim: i,
            measure: None,
            title: measures.exemptions.get(&c.kind).map(|k| k.title.clone()),
            granted_by: None,
            status: ExemptionStatus::NotAvailable,
            preconditions: Vec::new(),
            note: Some(note),
            unverified: false,
        });
    }
    out
}
