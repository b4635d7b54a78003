//! The legal frameworks behind the lists: the regimes of the shipped
//! catalogue, their instruments and measures, and how many designations of
//! the loaded lists fall under each.

use crate::screen::Screener;
use crate::{Error, Result};
use embargo_model::SourceKind;
use embargo_regimes::Catalogue;
use serde::Serialize;
use std::collections::BTreeMap;

pub use embargo_regimes::{Citation, Instrument, Measure, Regime};

/// A regime with its founding instrument, as `embargo regimes` lists them.
#[derive(Debug, Clone, Serialize)]
pub struct RegimeSummary {
    /// The regime.
    #[serde(flatten)]
    pub regime: Regime,
    /// Its founding instrument, when the catalogue names one.
    pub founding: Option<Citation>,
}

/// One regime in full.
#[derive(Debug, Clone, Serialize)]
pub struct RegimeDetail {
    /// The regime.
    pub regime: Regime,
    /// Its instruments (resolutions, orders), oldest first.
    pub instruments: Vec<Instrument>,
    /// Its measures.
    pub measures: Vec<Measure>,
    /// Designations under it per loaded list; `None` when there are none.
    pub designations: Option<BTreeMap<SourceKind, usize>>,
}

/// Every regime of the shipped catalogue.
pub fn regimes() -> Vec<RegimeSummary> {
    let cat = Catalogue::shipped();
    cat.regimes()
        .iter()
        .map(|r| RegimeSummary {
            regime: r.clone(),
            founding: cat.founding_citation(r),
        })
        .collect()
}

/// The regimes matching an id (`UN-1718`) or a topic (`DPRK`), with the
/// designations of the screener's lists under each.
pub fn regime(query: &str, screener: &Screener) -> Result<Vec<RegimeDetail>> {
    let cat = Catalogue::shipped();
    let found = cat.find(query);
    if found.is_empty() {
        return Err(Error::UnknownRegime(query.to_string()));
    }
    let counts = cat.regime_designation_counts(screener.index().entities());
    Ok(found
        .into_iter()
        .map(|r| RegimeDetail {
            regime: r.clone(),
            instruments: cat.instruments_of(&r.id).cloned().collect(),
            measures: cat.measures_of(&r.id).cloned().collect(),
            designations: counts.get(&r.id).cloned(),
        })
        .collect())
}
