//! The shipment check: which measures bind, which apply on the date, and what
//! they decide.
//!
//! Order of work, and why:
//! 1. **Screening** of parties and vessel first: a binding designation
//!    prohibits whatever the goods are.
//! 2. **Date and direction** are required: the rules in force on the
//!    shipment date apply, and a measure covers imports from or exports to
//!    the target, not both (unless it says so).
//! 3. **Nexus**: the goods measures concern trade with the target. An import
//!    is in scope when the origin is the target or the goods were loaded in a
//!    target port (Rajin transit coal is the case that needs the second).
//! 4. **Every measure** of the catalogue whose direction and HS prefix match
//!    is sorted: not binding under the profile, not in force on the date
//!    (superseded, not yet in force), or applied. Applied measures decide via
//!    exemptions (preconditions met / not met / unknown), caps (ledger status
//!    before and after this shipment) or plain prohibition.
//! 5. The **verdict** is the strongest outcome: prohibited > needs-review >
//!    cap-limited > permitted-under-exemption > permitted. Everything that
//!    led there stays in `reasons`, with citations, validity and
//!    `unverified` marks, so that the verdict can be re-derived by a reader.
//!
//! This file holds [`check`], which runs the stages in that order; each
//! stage has a file of its own:
//! - `parties`: screening of parties and vessel (step 1);
//! - `measures`: one measure against the shipment: goods match, why it did
//!   not decide, what an applied ban or licence decides (step 4);
//! - `exemptions`: the exemption claims a measure allows and their
//!   evaluation, and the claims no measure took up;
//! - `caps`: a cap measure: period, ledger utilisation before and after,
//!   the cap's conditions;
//! - `preconditions`: one precondition of an exemption or a cap, evaluated;
//! - `context`: the state every stage reads and adds missing data to;
//! - `verdict`: the output types and the verdict drawn from the reasons
//!   (step 5).

mod caps;
mod context;
mod exemptions;
mod measures;
mod parties;
mod preconditions;
mod verdict;

pub use verdict::{
    CapEffect, ExemptionOutcome, ExemptionStatus, Missing, OtherMeasure, OtherStatus, Outcome,
    PreconditionResult, PreconditionStatus, Reason, ScreenedHit, ScreeningSummary, Verdict,
    VerdictKind,
};

use crate::catalogue::{Direction, Measures};
use crate::hs::HsMatch;
use crate::ledger::{Ledger, LedgerError};
use crate::screening::PartyScreener;
use crate::shipment::Shipment;
use context::Ctx;
use exemptions::unclaimed;
use measures::{apply_measure, goods_match, other};
use parties::screen;
use preconditions::is_rajin;
use std::collections::BTreeSet;
use verdict::finish;

/// Errors of [`check`] (content problems are never errors: they are in the verdict).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The profile id is not in the catalogue.
    #[error("unknown profile {profile:?}; known profiles: {}", known.join(", "))]
    UnknownProfile {
        /// The id given.
        profile: String,
        /// Known ids.
        known: Vec<String>,
    },
    /// The caps ledger could not be read.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// Check a shipment under a jurisdiction profile.
///
/// * `profile_id`: a key of the catalogue's `[profiles]` (`un`, `cn`, `jp`,
///   `kr`, `us`, `eu`, `uk`, `all`); it decides which regimes bind.
/// * `ledger`: the caps ledger; a cap shipment is weighed against the
///   reports dated on or before the shipment date.
/// * `screener`: screens parties and the vessel ([`crate::NoScreening`] if
///   none; the verdict then says so).
///
/// Content problems (missing fields, unknown exemption kinds) never fail:
/// they are in the verdict. Errors are an unknown profile or a ledger fault.
pub fn check(
    shipment: &Shipment,
    profile_id: &str,
    measures: &Measures,
    ledger: &Ledger,
    screener: &dyn PartyScreener,
) -> Result<Verdict, CheckError> {
    let profile = measures
        .profile(profile_id)
        .ok_or_else(|| CheckError::UnknownProfile {
            profile: profile_id.to_string(),
            known: measures.profiles.keys().cloned().collect(),
        })?;
    let binding: Vec<String> = profile.regimes.clone();
    let mut reasons = Vec::new();

    // 1. Screening.
    let screening = screen(shipment, screener, &mut reasons);

    let mut v = Verdict {
        verdict: VerdictKind::Permitted,
        summary: String::new(),
        profile: profile_id.to_string(),
        binding_regimes: binding.clone(),
        date: shipment.date,
        reasons,
        missing: Vec::new(),
        exemptions: Vec::new(),
        caps: Vec::new(),
        screening,
        other_measures: Vec::new(),
    };

    // 2. Date and direction.
    if shipment.date.is_none() {
        v.missing.push(Missing {
            field: "date".into(),
            detail: "the shipment date: the rules in force on that date apply".into(),
        });
    }
    if shipment.direction.is_none() {
        v.missing.push(Missing {
            field: "direction".into(),
            detail:
                "\"import\" (procurement from the origin) or \"export\" (supply to the destination)"
                    .into(),
        });
    }
    let (Some(date), Some(direction)) = (shipment.date, shipment.direction) else {
        return Ok(finish(v));
    };

    let mut ctx = Ctx {
        s: shipment,
        date,
        measures,
        screening: &v.screening,
        missing: Vec::new(),
    };

    // 3. Nexus with the target.
    let target = measures.target.clone();
    let route_in_target = {
        let c = &ctx;
        shipment.route.iter().any(|r| {
            r.country.as_deref().is_some_and(|c| measures.is_target(c))
                || is_rajin(c, r)
                    && measures
                        .ports
                        .get("rajin")
                        .is_some_and(|p| measures.is_target(&p.country))
        })
    };
    let (country, field, role) = match direction {
        Direction::Import => (&shipment.origin, "origin", "comes from"),
        _ => (&shipment.destination, "destination", "goes to"),
    };
    let nexus = country.as_deref().is_some_and(|c| measures.is_target(c)) || route_in_target;
    let mut reasons = Vec::new();
    let mut exemptions = Vec::new();
    let mut caps = Vec::new();
    let mut others = Vec::new();
    if !nexus {
        if country.is_none() {
            ctx.miss(
                field,
                format!("needed to know whether the shipment {role} {target}"),
            );
        } else {
            reasons.push(Reason::plain(
                Outcome::NoNexus,
                format!(
                    "the shipment neither {role} {target} nor calls at a {target} port ({field}: {}); the {target} goods measures do not apply",
                    country.as_deref().unwrap_or("?")
                ),
            ));
        }
    } else {
        // 4. Measures.
        if shipment.hs_code.is_none() {
            ctx.miss(
                "hs_code",
                "the HS code of the goods: the goods measures are defined by HS code",
            );
        }
        let mut used_claims = BTreeSet::new();
        for m in &measures.measures {
            if !m.direction.covers(direction) {
                continue;
            }
            let Some((g, prefix, hm)) = goods_match(m, shipment) else {
                continue;
            };
            let is_binding = binding.contains(&m.regime);
            if !m.in_force(date) || !is_binding {
                let status = if !m.in_force(date) {
                    if date < m.valid_from {
                        OtherStatus::NotYetInForce
                    } else if m.superseded_by.is_empty() {
                        OtherStatus::Expired
                    } else {
                        OtherStatus::Superseded
                    }
                } else {
                    OtherStatus::NotBinding
                };
                if hm == HsMatch::Yes {
                    others.push(other(m, status, profile_id, date));
                }
                continue;
            }
            apply_measure(
                &mut ctx,
                m,
                g,
                &prefix,
                hm,
                ledger,
                &mut used_claims,
                &mut reasons,
                &mut exemptions,
                &mut caps,
                &mut others,
            )?;
        }
        exemptions.extend(unclaimed(measures, shipment, &used_claims));
    }
    let missing = std::mem::take(&mut ctx.missing);
    v.reasons.extend(reasons);
    v.missing.extend(missing);
    v.exemptions = exemptions;
    v.caps = caps;
    v.other_measures = others;
    Ok(finish(v))
}
