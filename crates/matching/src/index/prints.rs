//! Register prints: what an index built over a record would post (its
//! tokens' texts and keys, its acronyms and identifiers), kept as stable
//! 64-bit hashes so that a delta re-screening can find the customers a
//! changed listed record may meet without analysing the whole register
//! again. [`Lookup`] is the other side: every hash a search for a query
//! could look up (the one-edit neighbourhoods included, expanded on the
//! query's side), so that a record an index search would gather as a
//! candidate always shares one of them.
//!
//! The hash is FNV-1a ([`embargo_names::StableHasher`]): prints are stored,
//! and must hash the same in every build.

use super::tokens::{acronyms, kind_of};
use crate::query::Query;
use crate::score::norm_id;
use crate::tok::{Form, Tok, UNKNOWN};
use embargo_model::{Entity, Schema};
use embargo_names::{KeyKind, Token, TokenRole};
use rustc_hash::{FxHashMap, FxHashSet};

/// Version of the print layout and hashing (stored in every print).
pub const PRINT_FORMAT: u8 = 1;

const TEXT: u8 = 1;
const KEY: u8 = 2;
const ACRONYM: u8 = 3;
const IDENTIFIER: u8 = 4;
const TOKEN: u8 = 5;

/// Letters a one-edit neighbour may insert (token texts and katakana
/// readings are lower-case ASCII letters and digits).
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn fnv(tag: u8, parts: &[&[u8]]) -> u64 {
    use std::hash::Hasher;
    let mut h = embargo_names::StableHasher::default();
    h.write(&[tag]);
    for p in parts {
        h.write(p);
        h.write(&[0xff]);
    }
    h.finish()
}

/// The hash of a token text (also the key of its document frequency).
pub fn text_hash(text: &str) -> u64 {
    fnv(TEXT, &[text.as_bytes()])
}

fn key_hash(kind: KeyKind, text: &str) -> u64 {
    fnv(KEY, &[&[kind as u8], text.as_bytes()])
}

/// One distinct token of a register: its id (text and keys), its text's
/// hash and its keys' hashes (sorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPrint {
    /// Hash of the text and keys.
    pub id: u64,
    /// [`text_hash`] of the text.
    pub text: u64,
    /// Hashes of every key an index posts for the token.
    pub keys: Vec<u64>,
}

/// A token with its form, key ids standing for positions in `hashes`.
struct Hashed {
    form: Tok,
    hashes: Vec<u64>,
}

impl Hashed {
    fn of(t: &Token) -> Hashed {
        let mut hashes: Vec<u64> = Vec::new();
        let form = Form::new(t, |kind, k| {
            hashes.push(key_hash(kind, k));
            Some((hashes.len() - 1) as u32)
        });
        let form = Tok::with_form(std::sync::Arc::new(form), t, UNKNOWN, 0.0);
        Hashed { form, hashes }
    }

    fn hash(&self, id: u32) -> Option<u64> {
        self.hashes.get(id as usize).copied()
    }

    /// The keys an index posts for the token, sorted.
    fn keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self.form.all_keys().filter_map(|i| self.hash(i)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

fn token_print(t: &Token) -> TokenPrint {
    let keys = Hashed::of(t).keys();
    let key_bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
    TokenPrint {
        id: fnv(TOKEN, &[t.text.as_bytes(), &key_bytes]),
        text: text_hash(&t.text),
        keys,
    }
}

/// A record's print: the tokens of each of its names (as an index analyses
/// them), and its acronym and identifier hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordPrint {
    /// Per name, the ids of its distinct tokens.
    pub names: Vec<Vec<u64>>,
    /// Every distinct token of the record.
    pub tokens: Vec<TokenPrint>,
    /// Acronyms of organisation names, normalised identifiers.
    pub extra: Vec<u64>,
}

impl RecordPrint {
    /// Of `e`, analysed as [`super::Index::build`] analyses it.
    pub fn of(e: &Entity) -> RecordPrint {
        let kind = kind_of(e.schema);
        let mut out = RecordPrint::default();
        let texts = e
            .names()
            .flat_map(|(_, text)| std::iter::once(text).chain(embargo_names::alternatives(text)));
        for text in texts {
            let tokens = embargo_names::tokenize(text, kind);
            if tokens.is_empty() {
                continue;
            }
            let mut ids = Vec::with_capacity(tokens.len());
            for t in &tokens {
                let p = token_print(t);
                if !ids.contains(&p.id) {
                    ids.push(p.id);
                }
                if !out.tokens.iter().any(|x| x.id == p.id) {
                    out.tokens.push(p);
                }
            }
            out.names.push(ids);
            if e.schema != Schema::Person {
                let roles: Vec<(TokenRole, &str)> =
                    tokens.iter().map(|t| (t.role, t.text.as_str())).collect();
                for (acr, _) in acronyms(&roles) {
                    out.extra.push(fnv(ACRONYM, &[acr.as_bytes()]));
                }
            }
        }
        for p in embargo_model::prop::IDENTIFIER_PROPS {
            for v in e.get(p) {
                let id = norm_id(v);
                if id.len() >= 4 {
                    out.extra.push(fnv(IDENTIFIER, &[id.as_bytes()]));
                }
            }
        }
        out.extra.sort_unstable();
        out.extra.dedup();
        out
    }

    /// The names and extra hashes as bytes (the tokens are stored apart,
    /// once per register): format byte, name count (u16), per name its
    /// token count (u8) and ids, extra count (u16) and hashes; all little
    /// endian.
    pub fn names_bytes(&self) -> Vec<u8> {
        let mut b = vec![PRINT_FORMAT];
        let names = &self.names[..self.names.len().min(usize::from(u16::MAX))];
        b.extend((names.len() as u16).to_le_bytes());
        for n in names {
            let n = &n[..n.len().min(usize::from(u8::MAX))];
            b.push(n.len() as u8);
            for id in n {
                b.extend(id.to_le_bytes());
            }
        }
        let extra = &self.extra[..self.extra.len().min(usize::from(u16::MAX))];
        b.extend((extra.len() as u16).to_le_bytes());
        for h in extra {
            b.extend(h.to_le_bytes());
        }
        b
    }
}

/// A stored print read back: per name its token ids, and the extra
/// hashes. `None` when the bytes are not a print of this format.
pub fn read_names(b: &[u8]) -> Option<(Vec<Vec<u64>>, Vec<u64>)> {
    let mut at = 0usize;
    let mut take = |n: usize| -> Option<&[u8]> {
        let s = b.get(at..at + n)?;
        at += n;
        Some(s)
    };
    let u64_of = |s: &[u8]| s.try_into().ok().map(u64::from_le_bytes);
    if take(1)? != [PRINT_FORMAT] {
        return None;
    }
    let n = u16::from_le_bytes(take(2)?.try_into().ok()?);
    let mut names = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        let k = take(1)?[0];
        let ids = (0..k)
            .map(|_| take(8).and_then(u64_of))
            .collect::<Option<Vec<u64>>>()?;
        names.push(ids);
    }
    let e = u16::from_le_bytes(take(2)?.try_into().ok()?);
    let extra = (0..e)
        .map(|_| take(8).and_then(u64_of))
        .collect::<Option<Vec<u64>>>()?;
    (at == b.len()).then_some((names, extra))
}

/// A token's keys as bytes, and back.
pub fn keys_bytes(keys: &[u64]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

/// [`keys_bytes`] read back (`None` when not a whole number of keys).
pub fn read_keys(b: &[u8]) -> Option<Vec<u64>> {
    if !b.len().is_multiple_of(8) {
        return None;
    }
    b.chunks_exact(8)
        .map(|c| c.try_into().ok().map(u64::from_le_bytes))
        .collect()
}

/// Every text within "one deletion on each side" of `text` (what
/// [`super::neighbours::Neighbours`] finds): `text`, its deletions (4+
/// characters), and every insertion into those that a 4+ character text
/// could delete back to them.
fn neighbourhood(text: &str, out: &mut impl FnMut(&[u8])) {
    let b = text.as_bytes();
    out(b);
    if !text.is_ascii() {
        return;
    }
    let mut variants: Vec<Vec<u8>> = vec![b.to_vec()];
    if b.len() >= 4 {
        for i in 0..b.len() {
            let mut d = b.to_vec();
            d.remove(i);
            out(&d);
            variants.push(d);
        }
    }
    let mut buf = Vec::with_capacity(b.len() + 1);
    for v in &variants {
        if v.len() + 1 < 4 {
            continue;
        }
        for i in 0..=v.len() {
            for &c in ALPHABET {
                buf.clear();
                buf.extend_from_slice(&v[..i]);
                buf.push(c);
                buf.extend_from_slice(&v[i..]);
                out(&buf);
            }
        }
    }
}

/// What searches for some queries could look up in an index, as hashes:
/// a record sharing none of them is no candidate of any of them.
#[derive(Debug, Default)]
pub struct Lookup {
    /// Token texts (exact and within the edit neighbourhood).
    pub texts: FxHashSet<u64>,
    /// Keys looked up unless common (more names than
    /// [`MAX_KEY_NAMES`]).
    pub keys: FxHashSet<u64>,
    /// Pairs of sets a name must meet both of (two syllables of a Korean
    /// or katakana word written as one, two Arabic-script skeletons).
    pub pairs: Vec<(FxHashSet<u64>, FxHashSet<u64>)>,
    /// Acronym and identifier hashes.
    pub extra: FxHashSet<u64>,
}

/// Keys held by more names than this are not looked up (an index looks up
/// keys of at most 300 names; the register's count here may count a name
/// twice, so the bound is wider).
pub const MAX_KEY_NAMES: usize = 600;

impl Lookup {
    /// What searching for each of `queries` could look up.
    pub fn of(queries: &[Query]) -> Lookup {
        let mut l = Lookup::default();
        for q in queries {
            l.add_query(q);
        }
        l
    }

    fn add_text_neighbourhood(&mut self, text: &str) {
        let texts = &mut self.texts;
        neighbourhood(text, &mut |s| {
            texts.insert(fnv(TEXT, &[s]));
        });
    }

    fn add_query(&mut self, q: &Query) {
        let kind = q.schema.map_or(embargo_names::NameKind::Any, kind_of);
        let person = q.schema == Some(Schema::Person);
        let names = q.names.iter().map(String::as_str);
        let parts = q.names.iter().flat_map(|n| embargo_names::alternatives(n));
        for n in names.chain(parts) {
            let mut readings = vec![embargo_names::tokenize(n, kind)];
            readings.extend(embargo_names::tokenize_as_foreign(n, kind));
            for tokens in readings {
                self.add_name(&tokens, person);
            }
        }
        for (_, v) in &q.identifiers {
            let id = norm_id(v);
            if id.len() >= 4 {
                self.extra.insert(fnv(IDENTIFIER, &[id.as_bytes()]));
            }
        }
    }

    fn add_name(&mut self, tokens: &[Token], person: bool) {
        let forms: Vec<Hashed> = tokens.iter().map(Hashed::of).collect();
        let mut skeletons: Vec<FxHashSet<u64>> = Vec::new();
        for (t, h) in tokens.iter().zip(&forms) {
            let form = &h.form;
            let text = t.text.as_str();
            self.add_text_neighbourhood(text);
            for s in form.loan_spellings() {
                self.add_text_neighbourhood(s);
            }
            // A case ending the listed name lacks (`putinas`).
            if text.len() >= 7
                && ["as", "is", "ys", "us", "os", "es"]
                    .iter()
                    .any(|e| text.ends_with(e))
            {
                self.texts.insert(text_hash(&text[..text.len() - 2]));
            }
            self.keys.extend(h.keys());
            self.keys.insert(key_hash(KeyKind::Pinyin, text));
            for r in form.pinyin() {
                self.texts.insert(text_hash(r));
            }
            if !person {
                self.extra.insert(fnv(ACRONYM, &[text.as_bytes()]));
            }
            if form.kana
                && let Some(r) = form.reading()
            {
                let keys = &mut self.keys;
                neighbourhood(r, &mut |s| {
                    if let Ok(s) = std::str::from_utf8(s) {
                        keys.insert(key_hash(KeyKind::Reading, s));
                    }
                });
                self.add_katakana_splits(r);
            }
            if !form.hangul {
                self.add_korean_splits(form);
            }
            if form.arabic {
                let s: FxHashSet<u64> =
                    form.skeletons().iter().filter_map(|&i| h.hash(i)).collect();
                skeletons.push(s);
            }
        }
        // Common skeletons are looked up two by two (a pair holds when a
        // record has both sides, in either order: one pair per two tokens).
        for i in 0..skeletons.len() {
            for j in i + 1..skeletons.len() {
                self.pairs
                    .push((skeletons[i].clone(), skeletons[j].clone()));
            }
        }
        // Two Arabic-script words an index may hold as one (the article
        // between them left out, as candidate gathering pairs them).
        let toks: Vec<Tok> = forms.iter().map(|h| h.form.clone()).collect();
        let all: Vec<usize> = (0..toks.len()).collect();
        for (a, b) in crate::score::adjacent(&toks, &all) {
            let (a, b) = (&toks[a], &toks[b]);
            if a.arabic && b.arabic {
                let joined = [a.skeleton_letters(), b.skeleton_letters()].concat();
                let skeleton = embargo_names::abjad::skeleton(&joined);
                for s in embargo_names::abjad::expansions(&skeleton) {
                    self.keys.insert(key_hash(KeyKind::Skeleton, &s));
                }
            }
        }
        // Runs of tokens an acronym may spell out.
        if !person {
            let roles: Vec<(TokenRole, &str)> =
                tokens.iter().map(|t| (t.role, t.text.as_str())).collect();
            for (acr, _) in acronyms(&roles) {
                self.texts.insert(text_hash(&acr));
            }
        }
    }

    /// A katakana word read as two listed words (`チャンホ`, `Chang Ho`).
    fn add_katakana_splits(&mut self, reading: &str) {
        for k in 2..reading.len().saturating_sub(1) {
            let (Some(x), Some(y)) = (reading.get(..k), reading.get(k..)) else {
                continue;
            };
            let side = |p: &str| -> FxHashSet<u64> {
                let mut s = FxHashSet::default();
                s.insert(text_hash(p));
                s.insert(key_hash(KeyKind::Reading, p));
                if p.ends_with('n') {
                    s.insert(text_hash(&format!("{p}g")));
                }
                s
            };
            self.pairs.push((side(x), side(y)));
        }
    }

    /// A Korean given name written as one word, read as two syllables.
    fn add_korean_splits(&mut self, form: &Form) {
        let readings = form.korean_reading_texts();
        for r in readings.iter() {
            if let Some((x, y)) = r.split_once('.')
                && !y.contains('.')
            {
                let one = |s: &str| std::iter::once(key_hash(KeyKind::Korean, s)).collect();
                self.pairs.push((one(x), one(y)));
            }
        }
    }
}

/// Document frequencies from outside an index: its token weights as if it
/// held every name of a larger set (the whole register), of which it holds
/// the candidates only.
#[derive(Debug, Clone, Default)]
pub struct ExternalDf {
    /// Names in the larger set.
    pub names: usize,
    /// Names holding each token text, by [`text_hash`].
    pub df: FxHashMap<u64, u32>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use embargo_model::prop;

    fn person(name: &str, alias: &str, passport: &str) -> Entity {
        let mut e = Entity::new("c1", Schema::Person);
        e.add(prop::NAME, name);
        e.add(prop::ALIAS, alias);
        e.add(prop::PASSPORT_NUMBER, passport);
        e
    }

    /// Stored prints depend on these values: a change of the hash is a
    /// change of the print format.
    #[test]
    fn hashes_are_stable_fnv1a() {
        assert_eq!(text_hash("kim"), 706_209_242_549_967_900);
    }

    #[test]
    fn a_print_reads_back_and_a_damaged_one_does_not() {
        let p = RecordPrint::of(&person("Kim Jong Un", "김정은", "P 1234567"));
        assert_eq!(p.names.len(), 2);
        assert_eq!(p.extra.len(), 1);
        let b = p.names_bytes();
        assert_eq!(read_names(&b), Some((p.names.clone(), p.extra.clone())));
        for cut in 0..b.len() {
            assert_eq!(read_names(&b[..cut]), None, "cut at {cut}");
        }
        let mut other = b.clone();
        other[0] = PRINT_FORMAT + 1;
        assert_eq!(read_names(&other), None);
        let keys = &p.tokens[0].keys;
        assert_eq!(read_keys(&keys_bytes(keys)).as_ref(), Some(keys));
        assert_eq!(read_keys(&[1, 2, 3]), None);
    }

    #[test]
    fn a_one_letter_typo_or_a_shared_identifier_is_looked_up() {
        let q = Query {
            schema: Some(Schema::Person),
            names: vec!["Viktor Kalashnikov".into()],
            identifiers: vec![(prop::PASSPORT_NUMBER.to_string(), "P1234567".into())],
            ..Query::default()
        };
        let l = Lookup::of(&[q]);
        let texts = |p: &RecordPrint| p.tokens.iter().any(|t| l.texts.contains(&t.text));
        let extra = |p: &RecordPrint| p.extra.iter().any(|h| l.extra.contains(h));
        // One letter inserted, one substituted, two swapped.
        for name in ["Kalashnikkov", "Kalashnikof", "Kalashinkov"] {
            let p = RecordPrint::of(&person(name, "", "X9"));
            assert!(texts(&p), "{name}");
        }
        let other = RecordPrint::of(&person("Mary Smith", "", "P 1234567"));
        assert!(!texts(&other) && extra(&other));
        let none = RecordPrint::of(&person("Mary Smith", "", "Q7654321"));
        assert!(!texts(&none) && !extra(&none));
    }

    #[test]
    fn an_arabic_compound_meets_its_latin_one_word_spelling() {
        let q = Query {
            schema: Some(Schema::Person),
            names: vec!["جلال الدين".into()],
            ..Query::default()
        };
        let l = Lookup::of(&[q]);
        let p = RecordPrint::of(&person("Jalaluddin", "", "X9"));
        let meets = p
            .tokens
            .iter()
            .any(|t| l.texts.contains(&t.text) || t.keys.iter().any(|k| l.keys.contains(k)));
        assert!(meets);
    }
}
