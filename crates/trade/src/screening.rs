//! Screening of parties and the vessel, supplied by the caller.
//!
//! This crate does not depend on the name matcher: the engine passes a
//! [`PartyScreener`] that runs the matching engine against the lists of the
//! active profile and says, per designation, whether it binds that profile.
//! [`NoScreening`] is the explicit "not done" implementation: the verdict
//! then says screening was not performed, and every rule that needs "no
//! designated party" (the livelihood exemption, the conditions of a cap)
//! becomes a needs-review instead of being assumed.

use crate::shipment::Party;
use serde::Serialize;

/// A designation behind a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Designation {
    /// The list or regime, e.g. `UN-1718`, `US-OFAC-SDN`.
    pub source: String,
    /// Reference on that list, e.g. `KPe.020`.
    pub reference: String,
    /// Whether the designation binds the active profile (else: exposure only).
    pub binding: bool,
}

/// A candidate entity found for a party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyHit {
    /// Entity id in the screening data.
    pub id: String,
    /// Entity name.
    pub name: String,
    /// Match score (0..1).
    pub score: f64,
    /// The screener judges it the same party (not just a candidate).
    pub is_match: bool,
    /// Designations of the entity.
    pub designations: Vec<Designation>,
}

/// Screens one party (the vessel is passed as a party of schema `Vessel`
/// with an `imo` identifier).
pub trait PartyScreener {
    /// Hits for `party`, best first. Return candidates too (with
    /// `is_match: false`): a candidate with a binding designation makes the
    /// verdict needs-review.
    fn screen(&self, party: &Party) -> Vec<PartyHit>;

    /// Whether this screener actually screens. Only [`NoScreening`] says no.
    fn performs_screening(&self) -> bool {
        true
    }
}

/// A screener that screens nothing; verdicts say screening was not performed.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoScreening;

impl PartyScreener for NoScreening {
    fn screen(&self, _party: &Party) -> Vec<PartyHit> {
        Vec::new()
    }

    fn performs_screening(&self) -> bool {
        false
    }
}
