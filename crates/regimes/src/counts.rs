//! Designation counts per regime and per list, for `embargo regimes show`.
//!
//! Counting goes through [`Catalogue::classify`], so a national record that
//! implements a UN listing counts under the UN regime (with its own list),
//! which is what "how many lists carry the UN 1718 designations" needs.

use crate::catalogue::Catalogue;
use embargo_model::{Entity, SourceKind};
use std::collections::BTreeMap;

/// Regime (or topic) → list kind → number of designations.
pub type Counts = BTreeMap<String, BTreeMap<SourceKind, usize>>;

impl Catalogue {
    /// Counts the designations of `entities` per regime id (as
    /// [`Catalogue::classify`] assigns them) and per list kind. Unmapped
    /// records count under `<source>:unmapped`.
    pub fn regime_designation_counts<'a>(
        &self,
        entities: impl IntoIterator<Item = &'a Entity>,
    ) -> Counts {
        let mut out = Counts::new();
        for e in entities {
            for d in &e.designations {
                let b = self.classify(d);
                *out.entry(b.regime_id)
                    .or_default()
                    .entry(d.source)
                    .or_default() += 1;
            }
        }
        out
    }

    /// As [`Catalogue::regime_designation_counts`], per topic (`DPRK`, ...).
    pub fn topic_designation_counts<'a>(
        &self,
        entities: impl IntoIterator<Item = &'a Entity>,
    ) -> Counts {
        let mut out = Counts::new();
        for e in entities {
            for d in &e.designations {
                let b = self.classify(d);
                *out.entry(b.topic).or_default().entry(d.source).or_default() += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use embargo_model::{Designation, Schema, UnRef};

    #[test]
    fn counts_by_regime_and_list() {
        let mut un = Entity::new("un_sc:KPe.001", Schema::Organization);
        let mut d = Designation::new(SourceKind::UnSc, "KPe.001");
        d.programs = vec!["DPRK".into()];
        d.un_reference = UnRef::parse("KPe.001").ok();
        un.designations.push(d);
        let mut jp = Entity::new("jp_mof:14-1", Schema::Organization);
        let mut d = Designation::new(SourceKind::JpMof, "14-1");
        d.programs = vec!["DPRK-1718".into()];
        jp.designations.push(d);
        let mut ofac = Entity::new("us_ofac_sdn:1", Schema::Organization);
        let mut d = Designation::new(SourceKind::UsOfacSdn, "1");
        d.programs = vec!["DPRK3".into()];
        ofac.designations.push(d);
        let c = Catalogue::shipped();
        let counts = c.regime_designation_counts([&un, &jp, &ofac]);
        assert_eq!(counts["UN-1718"][&SourceKind::UnSc], 1);
        assert_eq!(counts["UN-1718"][&SourceKind::JpMof], 1);
        assert_eq!(counts["US-DPRK"][&SourceKind::UsOfacSdn], 1);
        let topics = c.topic_designation_counts([&un, &jp, &ofac]);
        assert_eq!(topics["DPRK"].values().sum::<usize>(), 3);
    }
}
