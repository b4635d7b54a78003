//! Analysing query names with the index's token weights and keys, and
//! comparing two names as if the second were listed.

use super::Index;
use super::tokens::kind_of;
use crate::query::Query;
use crate::score::{AnalyzedName, NameAlignment, NameStrength, compare_names};
use crate::tok::{Tok, UNKNOWN};
use embargo_model::Schema;
use embargo_names::{KeyKind, NameKind};
use rustc_hash::FxHashMap;

impl Index {
    /// Analyses a query name with this index's token weights. Keys no
    /// listed name carries are dropped: they cannot match anything here.
    pub fn analyze(&self, text: &str, schema: Option<Schema>) -> AnalyzedName {
        self.analyze_with(text, schema, &mut |kind, k| self.keys.get(kind, k))
    }

    /// Analyses two names to compare them with each other (labelled-pair
    /// evaluation): token weights from this index, and keys unknown to it
    /// still shared between the two, as if the second name were listed.
    pub fn analyze_pair(
        &self,
        a: &str,
        b: &str,
        schema: Option<Schema>,
    ) -> (AnalyzedName, AnalyzedName) {
        let (mut x, y) = self.analyze_pair_readings(a, b, schema, false);
        (x.swap_remove(0), y)
    }

    /// [`Self::analyze_pair`], with (if `foreign`) the first name's foreign
    /// reading after its own when it has one (Hangul or Han words read as
    /// foreign names).
    fn analyze_pair_readings(
        &self,
        a: &str,
        b: &str,
        schema: Option<Schema>,
        foreign: bool,
    ) -> (Vec<AnalyzedName>, AnalyzedName) {
        let mut extra: FxHashMap<(KeyKind, String), u32> = FxHashMap::default();
        let mut key = |kind: KeyKind, k: &str| {
            self.keys.get(kind, k).or_else(|| {
                let next = u32::MAX / 2 + extra.len() as u32;
                Some(*extra.entry((kind, k.to_string())).or_insert(next))
            })
        };
        let kind = schema.map(kind_of).unwrap_or(NameKind::Any);
        let mut x = vec![self.analyze_with(a, schema, &mut key)];
        if let Some(tokens) = foreign
            .then(|| embargo_names::tokenize_as_foreign(a, kind))
            .flatten()
        {
            let mut alt = self.analyze_tokens(a, &tokens, kind, &mut key);
            alt.as_foreign = true;
            x.push(alt);
        }
        let y = self.analyze_with(b, schema, &mut key);
        (x, y)
    }

    /// Compares two names as screening would if the second were listed
    /// (every reading of the first, see [`Self::analyze_pair_readings`]). Returns
    /// the best alignment with the two analysed names behind it.
    pub fn compare_pair(
        &self,
        a: &str,
        b: &str,
        schema: Option<Schema>,
    ) -> (NameAlignment, AnalyzedName, AnalyzedName) {
        let (readings, y) = self.analyze_pair_readings(a, b, schema, true);
        let mut readings = readings.into_iter();
        let mut x = readings.next().unwrap_or_else(|| self.analyze(a, schema));
        let mut al = compare_names(&x, &y, &self.weights);
        for other in readings {
            let o = compare_names(&other, &y, &self.weights);
            if o.score > al.score {
                (al, x) = (o, other);
            }
        }
        (al, x, y)
    }

    fn analyze_with(
        &self,
        text: &str,
        schema: Option<Schema>,
        key: &mut dyn FnMut(KeyKind, &str) -> Option<u32>,
    ) -> AnalyzedName {
        let kind = schema.map(kind_of).unwrap_or(NameKind::Any);
        self.analyze_tokens(text, &embargo_names::tokenize(text, kind), kind, key)
    }

    fn analyze_tokens(
        &self,
        text: &str,
        tokens: &[embargo_names::Token],
        kind: NameKind,
        key: &mut dyn FnMut(KeyKind, &str) -> Option<u32>,
    ) -> AnalyzedName {
        let tokens = tokens
            .iter()
            .map(|token| {
                let id = self.token_ids.get(&token.text).copied();
                let weight = self.weights.token_weight(token.role, self.idf(id));
                Tok::new(token, id.unwrap_or(UNKNOWN), weight, &mut *key)
            })
            .collect();
        AnalyzedName::new(text, tokens, NameStrength::Name, kind == NameKind::Person)
    }

    pub(super) fn analyze_query(&self, q: &Query) -> Vec<AnalyzedName> {
        let kind = q.schema.map(kind_of).unwrap_or(NameKind::Any);
        let mut out = Vec::with_capacity(q.names.len());
        let names = q.names.iter().map(String::as_str);
        // Each form written inside a name is a name too.
        let parts = q.names.iter().flat_map(|n| embargo_names::alternatives(n));
        for n in names.chain(parts) {
            out.push(self.analyze(n, q.schema));
            // Hangul or Han words read as Korean or Chinese names may be
            // foreign names (`오사마 빈 라덴`, `贝拉克·奥巴马`): screen that
            // reading too.
            if let Some(tokens) = embargo_names::tokenize_as_foreign(n, kind) {
                let key = &mut |kind, k: &str| self.keys.get(kind, k);
                let mut alt = self.analyze_tokens(n, &tokens, kind, key);
                alt.as_foreign = true;
                out.push(alt);
            }
        }
        out.retain(|n| !n.tokens.is_empty());
        out
    }
}
