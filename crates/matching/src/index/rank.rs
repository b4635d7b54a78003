//! Ranking: scoring candidates in full, keeping the best above the
//! cut-off, and explaining those; and the entities an identifier finds.

use super::{Hit, Index, SearchOptions};
use crate::query::Query;
use crate::score::{AnalyzedName, Scored, norm_id, score_entity};
use smallvec::SmallVec;

impl Index {
    fn score_names(
        &self,
        q: &Query,
        qnames: &[AnalyzedName],
        e: usize,
        names: &[u32],
        explain: bool,
    ) -> Option<Scored> {
        let refs: SmallVec<[&AnalyzedName; 16]> =
            names.iter().map(|&n| &self.names[n as usize]).collect();
        let countries = &self.countries[e];
        score_entity(
            q,
            qnames,
            &self.entities[e],
            countries,
            &refs,
            explain,
            &self.weights,
        )
    }

    pub(super) fn all_names(&self, e: usize) -> std::ops::Range<u32> {
        let (s, t) = self.entity_names[e];
        s..t
    }

    /// Scores the candidates (score only), keeps the best above the
    /// cut-off, and explains those.
    pub(super) fn rank(
        &self,
        q: &Query,
        qnames: &[AnalyzedName],
        cands: impl Iterator<Item = (usize, Vec<u32>)>,
        opts: &SearchOptions,
    ) -> Vec<Hit> {
        let mut scored: Vec<(Hit, Vec<u32>)> = cands
            .filter_map(|(e, names)| {
                let scored = self.score_names(q, qnames, e, &names, false)?;
                (scored.score >= opts.cutoff).then_some((
                    Hit {
                        entity: e,
                        scored,
                        is_match: false,
                        name: None,
                    },
                    names,
                ))
            })
            .collect();
        scored.sort_by(|(a, _), (b, _)| {
            b.scored
                .score
                .total_cmp(&a.scored.score)
                .then_with(|| self.entities[a.entity].id.cmp(&self.entities[b.entity].id))
        });
        scored.truncate(opts.limit);
        scored
            .into_iter()
            .map(|(mut h, names)| {
                if let Some(full) = self.score_names(q, qnames, h.entity, &names, true) {
                    h.scored = full;
                }
                h.name = h
                    .scored
                    .matched_position
                    .and_then(|p| names.get(p).copied());
                h.is_match = h.scored.score >= opts.threshold;
                h
            })
            .collect()
    }

    /// The entities holding one of the query's identifiers (4+ letters or
    /// digits, compared as [`norm_id`] writes them).
    pub(super) fn by_identifier(&self, q: &Query) -> Vec<u32> {
        let mut found: Vec<u32> = (q.identifiers.iter())
            .map(|(_, v)| norm_id(v))
            .filter(|v| v.len() >= 4)
            .filter_map(|v| self.by_identifier.get(&v))
            .flatten()
            .copied()
            .collect();
        // In entity order, each once, as the scan gave them.
        found.sort_unstable();
        found.dedup();
        found
    }
}
