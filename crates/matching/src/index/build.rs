//! Building the index: analysing every listed name once, interning
//! tokens, forms and keys, and collecting postings.

use super::Index;
use super::neighbours::Neighbours;
use super::tokens::{acronyms, finds, kind_of};
use crate::score::{AnalyzedName, NameStrength, norm_id};
use crate::tok::{Form, Keys, Tok};
use crate::weights::Weights;
use embargo_model::{Entity, Schema};
use embargo_names::{KeyKind, Script, TokenRole};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::hash::Hasher;
use std::sync::Arc;

/// Token forms by signature (text, script, keys), while building.
type Forms = FxHashMap<u64, Arc<Form>>;

/// Entities analysed together when building (bounds the build's memory).
const BUILD_CHUNK: usize = 256;

impl Index {
    /// Builds the index over these entities, scoring with
    /// [`Weights::default`].
    pub fn build(entities: Vec<Entity>) -> Index {
        Index::build_with(entities, Weights::default())
    }

    /// Builds the index over these entities, scoring with `weights`.
    pub fn build_with(entities: Vec<Entity>, weights: Weights) -> Index {
        Index::build_inner(entities, weights, None)
    }

    /// Builds an index over part of a larger set of records whose name
    /// frequencies `df` gives: tokens weigh as in an index over the whole
    /// set, so a record scores as it would there. (A delta searches the
    /// register's candidates this way instead of indexing all of it.)
    pub fn build_part(
        entities: Vec<Entity>,
        weights: Weights,
        df: super::prints::ExternalDf,
    ) -> Index {
        Index::build_inner(entities, weights, Some(df))
    }

    fn build_inner(
        entities: Vec<Entity>,
        weights: Weights,
        external: Option<super::prints::ExternalDf>,
    ) -> Index {
        // Built on first use otherwise, inside the first search comparing
        // katakana with a legal form (about 9M instructions).
        let _ = embargo_names::legal_form_readings("");
        let mut ix = Index {
            entities: Vec::new(),
            names: Vec::new(),
            name_entity: Vec::new(),
            schemas: entities.iter().map(|e| e.schema).collect(),
            countries: entities
                .iter()
                .map(crate::score::listed_countries)
                .collect(),
            entity_names: Vec::new(),
            token_ids: FxHashMap::default(),
            token_text: Vec::new(),
            token_postings: Vec::new(),
            keys: Keys::default(),
            key_postings: Vec::new(),
            near_tokens: Neighbours::default(),
            near_readings: Neighbours::default(),
            n_names: 0.0,
            name_weight: Vec::new(),
            weights,
            by_identifier: FxHashMap::default(),
            external,
        };
        // Pass 1: analyse names (in parallel: tokenising is most of the
        // build time), then intern tokens and keys and collect postings.
        // Chunks bound the memory of tokens awaiting interning.
        // Shared forms by signature; only needed while building.
        let mut forms = Forms::default();
        for (ci, chunk) in entities.chunks(BUILD_CHUNK).enumerate() {
            let analysed: Vec<Vec<(&str, &str, Vec<embargo_names::Token>)>> = chunk
                .par_iter()
                .map(|e| {
                    let kind = kind_of(e.schema);
                    // Each form written inside a name is a name too.
                    e.names()
                        .flat_map(|(p, text)| {
                            let parts = embargo_names::alternatives(text);
                            std::iter::once(text).chain(parts).map(move |t| (p, t))
                        })
                        .map(|(p, text)| (p, text, embargo_names::tokenize(text, kind)))
                        .filter(|(_, _, tokens)| !tokens.is_empty())
                        .collect()
                })
                .collect();
            for (i, (e, names)) in chunk.iter().zip(&analysed).enumerate() {
                let person = e.schema == Schema::Person;
                ix.add_entity(&mut forms, (ci * BUILD_CHUNK + i) as u32, person, names);
            }
        }
        ix.n_names = match &ix.external {
            Some(x) => x.names.max(ix.names.len()),
            None => ix.names.len(),
        }
        .max(1) as f32;
        // Pass 2: weights from document frequencies.
        let mut names = std::mem::take(&mut ix.names);
        for n in &mut names {
            for t in &mut n.tokens {
                t.weight = ix.weights.token_weight(t.role, ix.idf(Some(t.id)));
            }
        }
        ix.name_weight = names
            .iter()
            .map(|n| {
                let counts = finds(&n.tokens);
                n.tokens
                    .iter()
                    .filter(|t| counts(t))
                    .map(|t| t.weight)
                    .sum()
            })
            .collect();
        ix.names = names;
        // Postings grew by doubling; give the slack back.
        for p in ix
            .token_postings
            .iter_mut()
            .chain(ix.key_postings.iter_mut())
        {
            p.shrink_to_fit();
        }
        ix.names.shrink_to_fit();
        // Pass 3: deletion neighbourhoods of the dictionary and of the
        // katakana readings.
        let texts: Vec<(u32, &str)> = (ix.token_text.iter().enumerate())
            .map(|(id, t)| (id as u32, t.as_str()))
            .collect();
        ix.near_tokens = Neighbours::build(&texts);
        let readings: Vec<(u32, &str)> = (ix.keys.of_kind(KeyKind::Reading))
            .map(|(k, id)| (id, k))
            .collect();
        ix.near_readings = Neighbours::build(&readings);
        ix.by_identifier = identifier_map(&entities);
        ix.entities = entities;
        ix
    }

    /// The shared form of a token: the same text with the same keys is
    /// one [`Form`] (forms are told apart by text and a 64-bit hash of
    /// script and keys).
    fn form_of(&mut self, forms: &mut Forms, t: &embargo_names::Token) -> Arc<Form> {
        let mut h = rustc_hash::FxHasher::default();
        h.write(t.text.as_bytes());
        h.write_u8(u8::from(t.is_hangul()));
        h.write_u8(u8::from(matches!(t.script, Script::Hangul | Script::Han)));
        // Forms depend on the script (`kana`, `cyrillic`, how Korean
        // syllables are spelled).
        h.write_u8(t.script as u8);
        for k in &t.keys {
            h.write_u8(0);
            h.write_u8(k.kind as u8);
            h.write(k.text.as_bytes());
        }
        let sig = h.finish();
        if let Some(f) = forms.get(&sig)
            && *f.text == *t.text
        {
            return f.clone();
        }
        let keys = &mut self.keys;
        let f = Arc::new(Form::new(t, |kind, text| Some(keys.intern(kind, text))));
        forms.insert(sig, f.clone());
        f
    }

    /// Interns the analysed names of entity `ei` and adds their postings.
    fn add_entity(
        &mut self,
        forms: &mut Forms,
        ei: u32,
        person: bool,
        names: &[(&str, &str, Vec<embargo_names::Token>)],
    ) {
        let start = self.names.len() as u32;
        for (p, text, tokens) in names {
            let ni = self.names.len() as u32;
            let mut toks = Vec::with_capacity(tokens.len());
            for t in tokens {
                let next = self.token_ids.len() as u32;
                let id = *self.token_ids.entry(t.text.clone()).or_insert_with(|| {
                    self.token_text.push(t.text.clone());
                    self.token_postings.push(Vec::new());
                    next
                });
                let post = &mut self.token_postings[id as usize];
                if post.last() != Some(&ni) {
                    post.push(ni);
                }
                let form = self.form_of(forms, t);
                let tok = Tok::with_form(form, t, id, 0.0);
                for k in tok.all_keys() {
                    self.post_key(k, ni);
                }
                toks.push(tok);
            }
            if !person {
                let roles: Vec<(TokenRole, &str)> =
                    tokens.iter().map(|t| (t.role, t.text.as_str())).collect();
                for (acr, _) in acronyms(&roles) {
                    let k = self.keys.intern_acronym(&acr);
                    self.post_key(k, ni);
                }
            }
            self.names.push(AnalyzedName::new(
                text,
                toks,
                NameStrength::of_prop(p),
                person,
            ));
            self.name_entity.push(ei);
        }
        self.entity_names.push((start, self.names.len() as u32));
    }

    /// Adds name `ni` to the postings of key `k` (names come in order).
    fn post_key(&mut self, k: u32, ni: u32) {
        if self.key_postings.len() <= k as usize {
            self.key_postings.resize_with(k as usize + 1, Vec::new);
        }
        let post = &mut self.key_postings[k as usize];
        if post.last() != Some(&ni) {
            post.push(ni);
        }
    }

    /// Rarity weight of a token: `sqrt(1 + ln(N / df))`, so the commonest
    /// tokens weigh about 1 and a unique token about 3.6 on 100k names.
    /// Unknown tokens weigh as unique ones.
    pub(super) fn idf(&self, id: Option<u32>) -> f32 {
        self.idf_of(id.map_or(1, |id| {
            let here = self.token_postings[id as usize].len();
            match &self.external {
                Some(x) => {
                    let text = super::prints::text_hash(&self.token_text[id as usize]);
                    x.df.get(&text).map_or(here, |&n| (n as usize).max(here))
                }
                None => here,
            }
        }))
    }

    /// [`Index::idf`] of a token found in `df` names.
    pub(super) fn idf_of(&self, df: usize) -> f32 {
        (1.0 + (self.n_names / df.max(1) as f32).ln().max(0.0)).sqrt()
    }
}

/// Entity ordinals by normalised identifier (4+ characters), each once.
fn identifier_map(entities: &[Entity]) -> FxHashMap<String, Vec<u32>> {
    let mut map: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for (i, e) in entities.iter().enumerate() {
        for p in embargo_model::prop::IDENTIFIER_PROPS {
            for v in e.get(p) {
                let id = norm_id(v);
                if id.len() < 4 {
                    continue;
                }
                let holders = map.entry(id).or_default();
                if holders.last() != Some(&(i as u32)) {
                    holders.push(i as u32);
                }
            }
        }
    }
    map
}
