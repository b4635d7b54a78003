//! Shipment checks with party and vessel screening by the matcher.

use crate::screen::{ScreenOptions, Screener};
use embargo_matching::{Query, SearchOptions};
use embargo_trade::{Designation as TradeDesignation, Party, PartyHit, PartyScreener};

/// Screens shipment parties and vessels with the matching engine under a
/// jurisdiction profile; a designation is `binding` when the profile
/// classifies it so.
pub struct MatcherScreener<'a> {
    /// The loaded lists.
    pub screener: &'a Screener,
    /// Search options and profile.
    pub options: ScreenOptions<'a>,
}

fn identifier_prop(scheme: Option<&str>) -> &'static str {
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        Some("imo") => "imoNumber",
        Some("mmsi") => "mmsiNumber",
        Some("passport") => "passportNumber",
        Some("registration") => "registrationNumber",
        Some("tax") => "taxNumber",
        _ => "idNumber",
    }
}

impl PartyScreener for MatcherScreener<'_> {
    fn screen(&self, party: &Party) -> Vec<PartyHit> {
        let mut q = Query::name(&party.name);
        q.schema = party.schema.as_deref().and_then(|s| s.parse().ok());
        for i in &party.identifiers {
            q.identifiers.push((
                identifier_prop(i.scheme.as_deref()).to_string(),
                i.value.clone(),
            ));
        }
        if let Some(c) = party
            .country
            .as_deref()
            .and_then(embargo_model::country::code)
        {
            q.countries.push(c.to_string());
        }
        if q.validate().is_err() {
            return Vec::new();
        }
        self.screener
            .screen_with(&q, &self.options)
            .into_iter()
            .map(|r| PartyHit {
                id: r.id.clone(),
                name: r.matched_name.clone(),
                score: f64::from(r.score),
                is_match: r.is_match || r.score >= self.options.search.threshold,
                designations: r
                    .designations
                    .iter()
                    .map(|d| TradeDesignation {
                        source: format!("{}", d.source),
                        reference: d.reference.clone(),
                        binding: d.classification == "binding",
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Default search options for party screening: the five best candidates
/// scoring 0.7 or more.
pub fn party_search() -> SearchOptions {
    SearchOptions {
        limit: 5,
        cutoff: 0.7,
        ..SearchOptions::default()
    }
}
