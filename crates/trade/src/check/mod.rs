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

/// Who a shipment is checked for: a jurisdiction profile's id (for the
/// verdict and its messages) and the trade regimes that bind under it.
///
/// The profile is defined elsewhere (`trade_regimes` of a profile in the
/// regimes crate's `profiles.toml`, or a user's file): this crate knows the
/// regimes and their measures, not who is bound by them. The regime ids are
/// keys of the catalogue's `[regimes]`; [`Binding::validate`] checks them,
/// and [`check`] does so before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    /// Profile id, e.g. `jp`.
    pub profile: &'a str,
    /// Binding trade regime ids, e.g. `["UN-1718", "JP-DPRK"]`, in the
    /// profile's order (the verdict's `binding_regimes`).
    pub regimes: &'a [String],
}

impl Binding<'_> {
    /// Whether shipments can be checked with this binding against this
    /// catalogue: it names at least one regime, and only regimes the
    /// catalogue has.
    pub fn validate(&self, measures: &Measures) -> Result<(), CheckError> {
        if self.regimes.is_empty() {
            return Err(CheckError::NoTradeRegimes {
                profile: self.profile.to_string(),
            });
        }
        match self
            .regimes
            .iter()
            .find(|r| !measures.regimes.contains_key(r.as_str()))
        {
            Some(r) => Err(CheckError::UnknownRegime {
                profile: self.profile.to_string(),
                regime: r.clone(),
                known: measures.regimes.keys().cloned().collect(),
            }),
            None => Ok(()),
        }
    }
}

/// Errors of [`check`] (content problems are never errors: they are in the verdict).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The profile binds no trade regime, so no verdict can say what binds.
    #[error(
        "profile `{profile}` defines no trade regimes (`trade_regimes` in its profiles file): shipments cannot be checked under it"
    )]
    NoTradeRegimes {
        /// The profile id.
        profile: String,
    },
    /// The profile binds a regime the goods-measures catalogue does not have.
    #[error(
        "profile `{profile}`: trade_regimes names unknown trade regime `{regime}`; known trade regimes: {}",
        known.join(", ")
    )]
    UnknownRegime {
        /// The profile id.
        profile: String,
        /// The regime id given.
        regime: String,
        /// The catalogue's regime ids.
        known: Vec<String>,
    },
    /// The caps ledger could not be read.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// Check a shipment under a jurisdiction profile.
///
/// * `binding`: the profile's id and the trade regimes that bind under it
///   (profiles are defined by the caller; embargo's are in the regimes
///   crate's `profiles.toml`).
/// * `ledger`: the caps ledger; a cap shipment is weighed against the
///   reports dated on or before the shipment date.
/// * `screener`: screens parties and the vessel ([`crate::NoScreening`] if
///   none; the verdict then says so).
///
/// Content problems (missing fields, unknown exemption kinds) never fail:
/// they are in the verdict. Errors are a binding that names no regime or an
/// unknown one ([`Binding::validate`]), or a ledger fault.
pub fn check(
    shipment: &Shipment,
    binding: Binding<'_>,
    measures: &Measures,
    ledger: &Ledger,
    screener: &dyn PartyScreener,
) -> Result<Verdict, CheckError> {
    binding.validate(measures)?;
    let mut reasons = Vec::new();

    // 1. Screening.
    let screening = screen(shipment, screener, &mut reasons);

    let mut v = Verdict {
        verdict: VerdictKind::Permitted,
        summary: String::new(),
        profile: binding.profile.to_string(),
        binding_regimes: binding.regimes.to_vec(),
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
            let is_binding = binding.regimes.contains(&m.regime);
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
                    others.push(other(m, status, binding.profile, date));
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
