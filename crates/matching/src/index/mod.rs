//! The in-memory candidate index.
//!
//! Every name of every entity is analysed once at build time (`build`).
//! Postings map tokens, token variant keys and one-deletion neighbourhoods
//! of tokens (`neighbours`) to names. A query's tokens look up their exact
//! form, their keys, and every dictionary token within one deletion on each
//! side (which covers one substitution, insertion, deletion or
//! transposition); names collect the rarity weight of what they share with
//! the query (`candidates`), and only the best entities are scored in full
//! (`rank`).

mod analyze;
mod build;
mod candidates;
mod neighbours;
pub mod prints;
mod rank;
mod tokens;

#[cfg(test)]
mod tests;

use crate::query::Query;
use crate::score::{AnalyzedName, Scored};
use crate::tok::Keys;
use crate::weights::Weights;
use embargo_model::{Entity, Schema};
use neighbours::Neighbours;
use rustc_hash::FxHashMap;

/// Options of a search.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Maximum number of hits returned.
    pub limit: usize,
    /// Hits scoring below this are dropped.
    pub cutoff: f32,
    /// `match` is true at or above this score.
    pub threshold: f32,
    /// How many candidates (entities) to score in full, at least.
    pub candidates: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            cutoff: crate::DEFAULT_CUTOFF,
            threshold: crate::DEFAULT_THRESHOLD,
            candidates: 12,
        }
    }
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index of the entity in [`Index::entities`].
    pub entity: usize,
    /// Score and explanations.
    pub scored: Scored,
    /// Whether the score reaches the threshold.
    pub is_match: bool,
    /// The index's id of the name that matched best.
    pub name: Option<u32>,
}

/// The candidate index over a set of entities.
pub struct Index {
    entities: Vec<Entity>,
    names: Vec<AnalyzedName>,
    name_entity: Vec<u32>,
    /// Schema of each entity (kept apart: read for every candidate name).
    schemas: Vec<Schema>,
    /// Countries of each entity as scoring compares them.
    countries: Vec<Box<[Box<str>]>>,
    entity_names: Vec<(u32, u32)>,
    token_ids: FxHashMap<String, u32>,
    token_text: Vec<String>,
    token_postings: Vec<Vec<u32>>,
    keys: Keys,
    key_postings: Vec<Vec<u32>>,
    /// Dictionary tokens within two edits of a text.
    near_tokens: Neighbours,
    /// Katakana reading keys within two edits of a reading: a
    /// katakana name and the reading of its Latin spelling differ by a
    /// letter or two (`hidaayaturraa` / `hidayatsurra`, `afumadi` /
    /// `ahumaji`), so exact reading keys lost a twentieth of the katakana
    /// names whose listed entity the scorer puts at the threshold.
    near_readings: Neighbours,
    n_names: f32,
    /// Per name, the weight of its name tokens (all its tokens when it has
    /// none): how much of it a query can share.
    name_weight: Vec<f32>,
    /// What scoring counts for how much.
    weights: Weights,
    /// Entities by identifier as [`crate::score::norm_id`] writes it (4+
    /// characters): a query's passport number finds its holders without
    /// reading every entity (the scan it replaces made identifier queries
    /// some 37 times slower: docs/performance.md).
    by_identifier: FxHashMap<String, Vec<u32>>,
    /// Document frequencies of a larger set this index holds a part of
    /// (see [`Index::build_part`]).
    external: Option<prints::ExternalDf>,
}

impl Index {
    /// The indexed entities.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Number of indexed names.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Number of distinct tokens.
    pub fn token_count(&self) -> usize {
        self.token_text.len()
    }

    /// Searches with candidate generation.
    pub fn search(&self, q: &Query, opts: &SearchOptions) -> Vec<Hit> {
        let qnames = self.analyze_query(q);
        let mut cands = self.candidates(&qnames, q.schema, opts.candidates.max(opts.limit));
        // Identifier evidence: add entities holding the identifier.
        if !q.identifiers.is_empty() {
            for e in self.by_identifier(q) {
                if !cands.iter().any(|(x, _)| *x == e) {
                    cands.push((e, self.all_names(e as usize).collect()));
                }
            }
        }
        let cands = cands.into_iter().map(|(e, n)| (e as usize, n));
        self.rank(q, &qnames, cands, opts)
    }

    /// Scores every entity (no candidate generation): the reference for
    /// measuring candidate recall, and a fallback for tiny lists.
    pub fn search_exhaustive(&self, q: &Query, opts: &SearchOptions) -> Vec<Hit> {
        let qnames = self.analyze_query(q);
        let cands = (0..self.entities.len()).map(|e| (e, self.all_names(e).collect()));
        self.rank(q, &qnames, cands, opts)
    }

    /// The scoring constants this index scores with.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }
}
