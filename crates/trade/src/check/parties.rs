//! Party and vessel screening: each party and the vessel submitted to the
//! caller's [`PartyScreener`], and what its hits mean under the profile
//! (designated party, possible match, exposure).

use super::verdict::{Outcome, Reason, ScreenedHit, ScreeningSummary};
use crate::screening::PartyScreener;
use crate::shipment::{Party, Shipment};

pub(super) fn screen(
    s: &Shipment,
    screener: &dyn PartyScreener,
    reasons: &mut Vec<Reason>,
) -> ScreeningSummary {
    let performed = screener.performs_screening();
    let mut parties: Vec<(String, Party)> = s
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("parties[{i}]"), p.clone()))
        .collect();
    if let Some(v) = &s.vessel {
        parties.push(("vessel".into(), v.as_party()));
    }
    let mut hits = Vec::new();
    for (path, p) in &parties {
        for h in screener.screen(p) {
            let binding: Vec<String> = h
                .designations
                .iter()
                .filter(|d| d.binding)
                .map(|d| format!("{} {}", d.source, d.reference))
                .collect();
            let other: Vec<String> = h
                .designations
                .iter()
                .filter(|d| !d.binding)
                .map(|d| format!("{} {}", d.source, d.reference))
                .collect();
            if h.is_match && !binding.is_empty() {
                reasons.push(Reason::plain(
                    Outcome::DesignatedParty,
                    format!(
                        "{path} {:?} matches {} ({}), designated: {}",
                        p.name,
                        h.name,
                        h.id,
                        binding.join(", ")
                    ),
                ));
            } else if h.is_match && !other.is_empty() {
                reasons.push(Reason::plain(
                    Outcome::Exposure,
                    format!("{path} {:?} matches {} ({}), designated under regimes that do not bind this profile: {}", p.name, h.name, h.id, other.join(", ")),
                ));
            } else if !h.is_match && !binding.is_empty() {
                reasons.push(Reason::plain(
                    Outcome::PossibleMatch,
                    format!(
                        "{path} {:?} may be {} ({}, score {:.2}), designated: {}; review the hit",
                        p.name,
                        h.name,
                        h.id,
                        h.score,
                        binding.join(", ")
                    ),
                ));
            }
            hits.push(ScreenedHit {
                party: path.clone(),
                name: p.name.clone(),
                hit: h,
            });
        }
    }
    ScreeningSummary {
        performed,
        screened: parties.len(),
        hits,
        note: (!performed).then(|| "screening was not performed: no party screener was supplied, so parties and vessel were not checked against any list".to_string()),
    }
}
