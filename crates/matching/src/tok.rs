//! Tokens as the matcher keeps them: text, role, weight, and equivalence
//! keys interned to integers.
//!
//! `embargo_names` gives each token string keys (`k:` Korean readings, with
//! `hk:` marking a Han token's Sino-Korean ones, `h:` Han characters, `v:` cross-script variant groups, `p:` phonetic codes,
//! `lf:` legal-form types, `n:` nicknames, `r:` katakana readings, `j:`
//! consonant skeletons). Comparing those strings pair by pair dominated
//! scoring time, so the index interns them once and token comparison
//! intersects sorted integer lists. [`similarity`] holds every
//! token-to-token rule (the names crate has none of its own).

use embargo_names::{Script, Token, TokenRole, edit_similarity, edit_similarity_above};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Kinds of keys a form keeps (see [`Form::keys`]).
const RUNS: usize = 8;

/// Dictionary id of a token text the index does not hold.
pub const UNKNOWN: u32 = u32::MAX;

/// Interned key ids.
#[derive(Debug, Default)]
pub struct Keys {
    ids: FxHashMap<String, u32>,
}

impl Keys {
    /// The id of a key, adding it.
    pub fn intern(&mut self, key: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key.to_string()).or_insert(next)
    }

    /// The id of a key if known.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    /// Every key with its id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.ids.iter().map(|(k, &id)| (k.as_str(), id))
    }
}

/// What a token's written form says, whatever name it occurs in: text,
/// script, keys. The index keeps one per distinct form, shared by all its
/// occurrences (hundreds of thousands of tokens, tens of thousands of forms).
#[derive(Debug)]
pub struct Form {
    /// Latin ASCII text.
    pub text: Box<str>,
    /// Written in Hangul.
    pub hangul: bool,
    /// Written in Hangul or Han: one syllable of a name whose syllable order
    /// matters (은정 is not 정은).
    pub syllable: bool,
    /// Exact Korean key of a Hangul token (`u32::MAX` when unknown to the
    /// index, which then differs from every listed token).
    pub exact_korean: Option<u32>,
    /// Exact key (`h:`, simplified characters) of a Han token, `u32::MAX`
    /// when unknown to the index.
    pub exact_han: Option<u32>,
    /// Set of characters in the text, one bit per letter (other bytes
    /// share the last bits): gives a cheap lower bound of edit distances.
    mask: u32,
    /// Written in katakana (or hiragana).
    pub kana: bool,
    /// Written in Cyrillic.
    pub cyrillic: bool,
    /// A country or world region (`europe`, `schweiz`).
    pub place: bool,
    /// ... written in parentheses, qualifying an organisation's name.
    pub qualifier: bool,
    /// The first of two surnames of an inverted person's name (`PEREZ
    /// ROJAS, Daniel`), the one its bearer keeps.
    pub principal: bool,
    /// Characters of a Han token (0 for other scripts).
    han_chars: u8,
    /// The token in one plain spelling of European orthographies
    /// (`embargo_names::orthography`: `poetin` → `putin`), when it differs.
    respelled: Option<Box<str>>,
    /// How katakana reads the token (romaji): for a Latin token, its
    /// katakana readings, the spelled one first (an English word's, where
    /// `r` before a consonant is not written, after it); for a katakana
    /// token, its folded romaji. Empty for other tokens.
    readings: Box<[Box<str>]>,
    /// What few tokens have (kept apart so that forms stay small: scoring
    /// reads many of them).
    rare: Option<Box<Rare>>,
    /// Written in Arabic script.
    pub arabic: bool,
    /// A patronymic (`-ovich`, `-ovna`, `-oglu`...), which weighs less
    /// when one name leaves it out.
    pub patronymic: bool,
    /// Consonant skeleton (`mhmd`), of Latin and Arabic-script tokens.
    pub abjad: Option<Box<str>>,
    /// Key ids, one sorted run per kind: Korean readings, variant groups,
    /// phonetic codes, legal-form types, nickname groups, katakana
    /// readings, consonant skeletons.
    keys: Box<[u32]>,
    /// End of each run in `keys`.
    ends: [u16; RUNS],
}

impl Form {
    /// The form of an analysed token; `key` maps a key to its id (interning
    /// at build time, looking up at query time).
    pub fn new(token: &Token, mut key: impl FnMut(&str) -> Option<u32>) -> Form {
        let mut runs: [Vec<u32>; RUNS] = Default::default();
        let mut exact_korean = None;
        let mut exact_han = None;
        let mut readings: Vec<Box<str>> = Vec::new();
        let mut abjad = None;
        let mut loan: Vec<Box<str>> = Vec::new();
        let mut spellings: Vec<Box<str>> = Vec::new();
        let mut pinyin: Vec<Box<str>> = Vec::new();
        let mut vowelled: Option<Box<str>> = None;
        let mut han_korean: Vec<Box<str>> = Vec::new();
        let mut han_chars = 0u8;
        let mut hanja: Vec<u32> = Vec::new();
        let mut korean_unlisted = false;
        let mut qualifier = false;
        let mut principal = false;
        for k in &token.keys {
            if token.script == Script::Han
                && let Some(h) = k.strip_prefix("h:")
            {
                han_chars = h.chars().count().min(255) as u8;
            }
            if k.starts_with("hk:") {
                // The same key as posted: `k:` + reading.
                let posted = &k[1..];
                han_korean.push(posted.into());
                hanja.extend(key(posted));
                continue;
            }
            if let Some(v) = k.strip_prefix("b:") {
                vowelled = Some(v.into());
                continue;
            }
            if k == "q:" {
                qualifier = true;
                continue;
            }
            if k == "a:" {
                principal = true;
                continue;
            }
            if let Some(r) = k.strip_prefix("w:") {
                pinyin.push(r.into());
            }
            if let Some(r) = k.strip_prefix("g:") {
                loan.push(r.into());
                continue;
            }
            if let Some(r) = k.strip_prefix("s:") {
                spellings.push(r.into());
                continue;
            }
            if let Some(r) = k.strip_prefix("r:") {
                readings.push(r.into());
            }
            if let Some(r) = k.strip_prefix("j:")
                && abjad.is_none()
            {
                abjad = Some(r.into());
            }
            let id = key(k);
            let run = if k.starts_with("h:") {
                // Compared, never posted: equal characters give equal text.
                if token.script == Script::Han && exact_han.is_none() {
                    exact_han = Some(id.unwrap_or(u32::MAX));
                }
                continue;
            } else if k.starts_with("k:") {
                korean_unlisted |= id.is_none();
                if exact_korean.is_none() {
                    exact_korean = Some(id.unwrap_or(u32::MAX));
                }
                0
            } else if k.starts_with("v:") {
                1
            } else if k.starts_with("p:") {
                2
            } else if k.starts_with("lf:") {
                3
            } else if k.starts_with("n:") {
                4
            } else if k.starts_with("r:") {
                5
            } else if k.starts_with("j:") {
                6
            } else if k.starts_with("w:") {
                // Posted, so that a pinyin query token finds it (`w:xi`).
                7
            } else {
                continue;
            };
            runs[run].extend(id);
        }
        // An Arabic-script token's skeleton keeps its wildcards (compared
        // with `skeletons_match`; its keys are the expansions).
        if let Some(v) = &vowelled
            && abjad.is_some()
        {
            abjad = Some(embargo_names::abjad::skeleton(v).into());
        }
        // Kept as text only when some are not interned (a query token's
        // readings the lists lack), to be compared as text.
        let korean_text: Vec<Box<str>> = if korean_unlisted {
            (token.keys.iter())
                .filter(|k| k.starts_with("k:"))
                .map(|k| k.as_str().into())
                .collect()
        } else {
            Vec::new()
        };
        let mut keys = Vec::with_capacity(runs.iter().map(Vec::len).sum());
        let mut ends = [0u16; RUNS];
        for (i, mut r) in runs.into_iter().enumerate() {
            r.sort_unstable();
            r.dedup();
            keys.extend(r);
            ends[i] = keys.len().min(u16::MAX as usize) as u16;
        }
        keys.truncate(ends[RUNS - 1] as usize);
        Form {
            text: token.text.as_str().into(),
            hangul: token.is_hangul(),
            syllable: matches!(token.script, Script::Hangul | Script::Han),
            kana: token.script == Script::Kana,
            cyrillic: token.script == Script::Cyrillic,
            // (Forms are shared across roles: `align` checks the role.)
            place: embargo_names::is_place(&token.text),
            qualifier,
            principal,
            han_chars,
            respelled: match token.script {
                Script::Latin | Script::Cyrillic | Script::Other => {
                    embargo_names::orthography::respell(&token.text).map(Into::into)
                }
                _ => None,
            },
            readings: readings.into_boxed_slice(),
            rare: (!loan.is_empty()
                || !spellings.is_empty()
                || !pinyin.is_empty()
                || !han_korean.is_empty()
                || !korean_text.is_empty()
                || vowelled.is_some())
            .then(|| {
                // Computed once here, not per compared pair.
                let marbuta_t = vowelled
                    .as_deref()
                    .and_then(embargo_names::abjad::marbuta_t)
                    .map(|v| {
                        let skeleton = embargo_names::abjad::skeleton(&v).into();
                        (skeleton, v.into())
                    });
                Box::new(Rare {
                    loan: loan.into_boxed_slice(),
                    spellings: spellings.into_boxed_slice(),
                    pinyin: pinyin.into_boxed_slice(),
                    vowelled,
                    marbuta_t,
                    korean_text: korean_text.into_boxed_slice(),
                    hanja: (!han_korean.is_empty()).then(|| {
                        hanja.sort_unstable();
                        hanja.dedup();
                        Box::new(Hanja {
                            readings: han_korean.into_boxed_slice(),
                            ids: hanja.into_boxed_slice(),
                        })
                    }),
                })
            }),
            // Hebrew is compared like Arabic: by consonant skeletons.
            arabic: matches!(token.script, Script::Arabic | Script::Hebrew),
            patronymic: is_patronymic(&token.text),
            abjad,
            exact_korean,
            exact_han,
            mask: char_mask(&token.text),
            keys: keys.into_boxed_slice(),
            ends,
        }
    }

    /// Folded Latin readings of a foreign name written in Hangul
    /// (`embargo_names::loanword`) or Chinese characters
    /// (`embargo_names::transcription`).
    pub fn loan(&self) -> &[Box<str>] {
        self.rare.as_ref().map_or(&[], |r| &r.loan)
    }

    /// The main katakana reading (see [`Form::readings`]).
    pub fn reading(&self) -> Option<&str> {
        self.readings.first().map(|r| &**r)
    }

    /// All katakana readings, the main one first.
    pub fn readings(&self) -> &[Box<str>] {
        &self.readings
    }

    /// Latin spellings of such a foreign name (unfolded), to look up
    /// listed tokens near them.
    pub fn loan_spellings(&self) -> &[Box<str>] {
        self.rare.as_ref().map_or(&[], |r| &r.spellings)
    }

    /// An Arabic-script token's letters with its long vowels
    /// (`embargo_names::abjad::vowelled`).
    pub fn vowelled(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.vowelled.as_deref())
    }

    /// Skeleton and letters of an Arabic-script word ending in ta marbuta,
    /// with it read `t`.
    pub fn marbuta_t(&self) -> Option<(&str, &str)> {
        let (s, v) = self.rare.as_ref()?.marbuta_t.as_ref()?;
        Some((s, v))
    }

    /// The letters to take a consonant skeleton of: those of
    /// [`Form::vowelled`] for an Arabic-script token, else the text.
    pub fn skeleton_letters(&self) -> &str {
        self.vowelled().unwrap_or(&self.text)
    }

    /// Sino-Korean reading keys (`k:` strings) of a Han token.
    pub fn han_korean(&self) -> &[Box<str>] {
        self.hanja_fields().map_or(&[], |h| &h.readings)
    }

    fn hanja_fields(&self) -> Option<&Hanja> {
        self.rare.as_ref()?.hanja.as_deref()
    }

    /// Every Korean reading key (`k:` text) of a query token some of
    /// whose readings the lists lack; empty otherwise (then
    /// [`Form::korean`] holds them all).
    pub fn unlisted_korean(&self) -> &[Box<str>] {
        self.rare.as_ref().map_or(&[], |r| &r.korean_text)
    }

    /// Korean reading keys kept as text: a Han token's Sino-Korean ones,
    /// else a query token's when the lists lack some; empty otherwise (its
    /// readings are then those of its text).
    pub fn korean_texts(&self) -> &[Box<str>] {
        let han = self.han_korean();
        if han.is_empty() {
            self.unlisted_korean()
        } else {
            han
        }
    }

    /// Ids of the Sino-Korean reading keys (`k:`) of a Han token, sorted.
    pub fn hanja(&self) -> &[u32] {
        self.hanja_fields().map_or(&[], |h| &h.ids)
    }

    /// How the token's text spells Korean syllables.
    pub fn spelling(&self) -> embargo_names::korean::Spelling {
        use embargo_names::korean::Spelling;
        if self.kana {
            Spelling::Kana
        } else if self.cyrillic {
            Spelling::Cyrillic
        } else {
            Spelling::Latin
        }
    }

    /// Number of Han characters of a Han token (0 for other scripts).
    pub fn han_chars(&self) -> usize {
        self.han_chars as usize
    }

    /// Pinyin readings of a token of a Wade–Giles name (`hsi` → `xi`).
    pub fn pinyin(&self) -> &[Box<str>] {
        self.rare.as_ref().map_or(&[], |r| &r.pinyin)
    }

    fn run(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.keys[start..self.ends[i] as usize]
    }

    /// Consonant skeleton keys (`j:`), sorted.
    pub fn skeletons(&self) -> &[u32] {
        self.run(6)
    }

    /// Korean reading keys, sorted.
    pub fn korean(&self) -> &[u32] {
        self.run(0)
    }

    /// Variant group keys, sorted.
    pub fn variants(&self) -> &[u32] {
        self.run(1)
    }

    /// Phonetic keys, sorted.
    pub fn phonetic(&self) -> &[u32] {
        self.run(2)
    }

    /// Legal-form type keys, sorted.
    pub fn legal(&self) -> &[u32] {
        self.run(3)
    }

    /// Nickname group keys, sorted.
    pub fn nicknames(&self) -> &[u32] {
        self.run(4)
    }

    /// Keys other spellings of the same name share: Korean readings,
    /// variant groups, katakana readings, consonant skeletons.
    pub fn spelling_keys(&self) -> impl Iterator<Item = u32> + '_ {
        [0, 1, 5, 6]
            .into_iter()
            .flat_map(|i| self.run(i).iter().copied())
    }

    /// All key ids (for postings).
    pub fn all_keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.keys.iter().copied()
    }

    /// Key ids to look candidates up by: katakana readings only for a
    /// katakana token, consonant skeletons only for an Arabic-script token
    /// (a Latin query finds Latin names by their letters; looking up its
    /// reading too doubled the postings read).
    pub fn lookup_keys(&self) -> impl Iterator<Item = u32> + '_ {
        let common = &self.keys[..self.ends[4] as usize];
        let own = if self.kana {
            self.run(5)
        } else if self.arabic {
            self.run(6)
        } else {
            &[]
        };
        common.iter().chain(own).copied()
    }

    /// Character count of the text.
    fn len(&self) -> usize {
        self.text.len()
    }
}

/// Fields of a [`Form`] that few tokens have.
#[derive(Debug)]
struct Rare {
    loan: Box<[Box<str>]>,
    spellings: Box<[Box<str>]>,
    pinyin: Box<[Box<str>]>,
    vowelled: Option<Box<str>>,
    /// Skeleton and letters of an Arabic-script word ending in ta marbuta
    /// with it read `t` (`embargo_names::abjad::marbuta_t`).
    marbuta_t: Option<(Box<str>, Box<str>)>,
    /// Sino-Korean readings of a Han token.
    hanja: Option<Box<Hanja>>,
    /// Every Korean reading key (`k:` text) of a query token when the
    /// lists lack some of them (`k:jeong.eun` of `Jeongeun`).
    korean_text: Box<[Box<str>]>,
}

/// The Sino-Korean readings of a Han token (`金` 김, 금).
#[derive(Debug)]
struct Hanja {
    /// Their keys as text (`k:gim`), to compare with two romanised
    /// syllables read together.
    readings: Box<[Box<str>]>,
    /// Their key ids, sorted.
    ids: Box<[u32]>,
}

/// A token of a name: its form, and what it weighs in this name.
#[derive(Debug, Clone)]
pub struct Tok {
    /// The written form (shared).
    pub form: Arc<Form>,
    /// Id of the text in the index's dictionary, [`UNKNOWN`] for a query
    /// token the lists do not contain: equal ids are equal texts.
    pub id: u32,
    /// Role in the name.
    pub role: TokenRole,
    /// Weight (rarity × role).
    pub weight: f32,
}

impl std::ops::Deref for Tok {
    type Target = Form;
    fn deref(&self) -> &Form {
        &self.form
    }
}

impl Tok {
    /// Converts an analysed token with a form of its own.
    pub fn new(token: &Token, id: u32, weight: f32, key: impl FnMut(&str) -> Option<u32>) -> Tok {
        Tok::with_form(Arc::new(Form::new(token, key)), token, id, weight)
    }

    /// Converts an analysed token whose form is already known.
    pub fn with_form(form: Arc<Form>, token: &Token, id: u32, weight: f32) -> Tok {
        Tok {
            form,
            id,
            role: token.role,
            weight,
        }
    }

    /// Same text (by dictionary id when either side has one).
    pub fn same_text(&self, other: &Tok) -> bool {
        if self.id != UNKNOWN || other.id != UNKNOWN {
            self.id == other.id
        } else {
            self.text == other.text
        }
    }
}

fn char_mask(text: &str) -> u32 {
    text.bytes().fold(0, |m, b| {
        let bit = if b.is_ascii_lowercase() {
            b - b'a'
        } else {
            26 + b % 6
        };
        m | 1 << bit
    })
}

/// Lower bound of the edit distance of two texts from their character
/// sets: one edit adds or removes at most two characters of the set.
fn min_edits(a: &Form, b: &Form) -> f32 {
    let by_set = (a.mask ^ b.mask).count_ones().div_ceil(2);
    let by_len = a.len().abs_diff(b.len()) as u32;
    by_set.max(by_len) as f32
}

pub(crate) fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Similarity of a shared Korean reading or variant group.
const KEY_SCORE: f32 = 0.92;
/// ... of a Korean reading shared by short tokens (single syllables:
/// `Ri`~`Lee`, `Jong`~`Chong` are real variants, but of one syllable).
const SHORT_KOREAN: f32 = 0.85;
/// ... of a variant group shared by short tokens. Wikidata groups list the
/// Chinese, Korean and Japanese readings of one character together
/// (`gui`~`kyong`), so on single syllables this is weak evidence.
const SHORT_VARIANT: f32 = 0.6;
/// ... of a Korean reading of one Han character, Sino-Korean or of its
/// pinyin (`陈` 진 ~ `Jin`; `李` ~ `Lee`).
const HANJA_SYLLABLE: f32 = 0.75;
/// A name and its nickname (`bob`~`robert`), whatever their length.
const NICKNAME_SCORE: f32 = 0.9;
/// Two legal forms of the same type (`ooo`~`llc`).
const LEGAL_SCORE: f32 = 0.8;
/// Equal phonetic codes of tokens of 5+ letters that are otherwise far apart.
/// Phonetic codes help find names, never decide alone: one exact token and
/// one phonetic-only token must stay under the default threshold 0.8, i.e.
/// `(1 + p²/0.8) / 2 < 0.8`, `p < 0.69` (at 0.7, `Anthony Albano` matched
/// `Anthony Albanese` at 0.806).
const PHONETIC_SCORE: f32 = 0.68;
/// Factor on the similarity of a Hangul foreign name's reading and a
/// Latin spelling (readings lose letters: `ㅂ` is `b` and `v`).
const LOAN_FACTOR: f32 = 0.95;
/// Similarity of a Wade–Giles token and its pinyin spelling.
pub(crate) const WADE_GILES_SCORE: f32 = 0.9;

/// True when one token is a pinyin reading of the other (Wade–Giles), or
/// both read the same.
pub(crate) fn same_pinyin(a: &Tok, b: &Tok) -> bool {
    let (pa, pb) = (a.pinyin(), b.pinyin());
    (!pa.is_empty() || !pb.is_empty())
        && (pa.iter().any(|r| **r == *b.text)
            || pb.iter().any(|r| **r == *a.text)
            || pa.iter().any(|r| pb.contains(r)))
}

/// Factor on the similarity of two tokens' plain respellings: strong but
/// not exact evidence.
const ORTHOGRAPHY_FACTOR: f32 = 0.95;
/// Least similarity of respellings that counts.
const ORTHOGRAPHY_MIN: f32 = 0.8;

/// Factor on the similarity of a Cyrillic token's second spelling (`dzh`
/// read `j`, `kh` read `h`): strong but not exact evidence.
const CYRILLIC_FACTOR: f32 = 0.95;

/// Similarity of a name and the same name with a short ending added.
const ENDING_SCORE: f32 = 0.8;
/// Edit similarities below this are reported as 0: alignment drops pairs
/// under [`crate::score::MIN_PAIR`], so computing them is wasted (the margin
/// keeps a similarity of exactly `MIN_PAIR`). Likewise two Hangul syllables
/// (종 vs 정) or Han characters (石 vs 市, both `shi`) that differ are 0.
const EDIT_FLOOR: f32 = crate::score::MIN_PAIR - 1e-4;
/// A truncated form against the full word.
const ABBREVIATION_SCORE: f32 = 0.85;
/// An initial against a name starting with it.
const INITIAL_SCORE: f32 = 0.8;

/// Katakana and Latin compared through their readings: an identical
/// reading is strong but not exact evidence.
const KATAKANA_FACTOR: f32 = 0.95;

/// Two texts equal once runs of a repeated letter are written once.
const REPEATS_SCORE: f32 = 0.9;

/// Two texts with the same consonants in the same order. Measured: name_bench
/// F1 0.835 → 0.844, false alerts on the negatives 0.62 → 0.66 per 1,000.
const VOWELS_SCORE: f32 = 0.8;
/// Similarity above which two Cyrillic tokens are not compared letter by
/// letter again.
const WEAK_LETTERS: f32 = 0.9;
/// Factor on a likeness of spelling between a token in Han characters and
/// one in other letters.
const HAN_SPELLED_OTHERWISE: f32 = 0.8;

/// Equal once every run of one repeated byte is written once.
fn same_squeezed(a: &str, b: &str) -> bool {
    fn squeeze(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
        s.iter()
            .enumerate()
            .filter(move |&(i, c)| i == 0 || s[i - 1] != *c)
            .map(|(_, c)| *c)
    }
    squeeze(a.as_bytes()).eq(squeeze(b.as_bytes()))
}

/// Similarity of two tokens in `[0, 1]`, with the rule that decided.
/// Edit similarities under 0.5 come back as 0 (`none`).
pub fn similarity(a: &Tok, b: &Tok) -> (f32, &'static str) {
    let ai = a.role == TokenRole::Initial;
    let bi = b.role == TokenRole::Initial;
    if ai || bi {
        // A Chinese given name in Han characters (`秋香`, qiuxiang) is one
        // token here, and romanised initials come one per syllable (`Q.X.`):
        // an initial is not matched with it at all (two initials facing it
        // are not read as its syllables either).
        let han_given = |t: &Tok| t.han_chars() > 1 && t.loan().is_empty();
        return if a.text.as_bytes().first() == b.text.as_bytes().first()
            && !han_given(a)
            && !han_given(b)
        {
            if ai && bi {
                (1.0, "initial")
            } else {
                (INITIAL_SCORE, "initial")
            }
        } else {
            (0.0, "")
        };
    }
    if a.hangul
        && b.hangul
        && let (Some(x), Some(y)) = (a.exact_korean, b.exact_korean)
    {
        return if x == y && x != u32::MAX {
            (1.0, "exact")
        } else {
            (0.0, "hangul-differs")
        };
    }
    // Hangul against a romanised Korean syllable: the Hangul is exact, and
    // the romanisation's readings (McCune-Reischauer, Revised, DPRK forms)
    // do not include it, so it is another syllable (정 vs `Tong`). A
    // foreign name written in Hangul (`푸틴`) is compared by sound below.
    if a.hangul != b.hangul {
        let (h, l) = if a.hangul { (a, b) } else { (b, a) };
        if h.loan().is_empty()
            && h.exact_korean.is_some()
            && !l.korean().is_empty()
            && !intersects(h.korean(), l.korean())
        {
            return (0.0, "hangul-differs");
        }
    }
    if let (Some(x), Some(y)) = (a.exact_han, b.exact_han) {
        return if x == y && x != u32::MAX {
            (1.0, "exact")
        } else {
            (0.0, "han-differs")
        };
    }
    if a.same_text(b) {
        return (1.0, "exact");
    }
    if a.role == TokenRole::LegalForm || b.role == TokenRole::LegalForm {
        // A legal form written in katakana (`カンパニー`) against the word
        // in Latin letters: by their readings.
        if a.kana != b.kana {
            return (katakana_similarity(a, b, EDIT_FLOOR), "katakana");
        }
        let edit = edit_similarity(&a.text, &b.text);
        if a.role == b.role && intersects(a.legal(), b.legal()) {
            return (LEGAL_SCORE.max(edit), "legal-form");
        }
        return (edit, "edit");
    }
    let short = a.len().min(b.len()) <= 4;
    let mut best = (0.0, "none");
    let korean = if short { SHORT_KOREAN } else { KEY_SCORE };
    if intersects(a.korean(), b.korean()) {
        // One Han character meeting a romanised syllable through a Korean
        // reading (its Sino-Korean one, or one of its pinyin read as
        // Korean): many characters share each reading, and the bearer of
        // a name in Han characters is more often Chinese (`梁` is Liang,
        // and 양, `Yang`).
        let one_hanja = |t: &Tok| t.han_chars() == 1;
        let score = if one_hanja(a) || one_hanja(b) {
            HANJA_SYLLABLE
        } else {
            korean
        };
        best = (score, "korean");
    }
    let variant = if short { SHORT_VARIANT } else { KEY_SCORE };
    if variant > best.0 && intersects(a.variants(), b.variants()) {
        best = (variant, "variant");
    }
    if NICKNAME_SCORE > best.0 && intersects(a.nicknames(), b.nicknames()) {
        best = (NICKNAME_SCORE, "nickname");
    }
    if !short && PHONETIC_SCORE > best.0 && intersects(a.phonetic(), b.phonetic()) {
        best = (PHONETIC_SCORE, "phonetic");
    }
    // An abbreviation by truncation (`corp` for `corporation`, `alex` for
    // `alexander`): the short form is 4+ letters and at most half the long.
    // A short form that is a person's name of its own (`abdul` in
    // `abdulkarim`, `lind` in `lindemann`) is that name, not an abbreviation.
    let (short_t, long_t) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short_t.len() >= 4
        && long_t.len() >= 2 * short_t.len()
        && long_t.text.starts_with(&*short_t.text)
        && short_t.variants().is_empty()
        && ABBREVIATION_SCORE > best.0
    {
        best = (ABBREVIATION_SCORE, "abbreviation");
    }
    // A Wade–Giles token against its pinyin (`hsi` ~ `xi`).
    if WADE_GILES_SCORE > best.0 && same_pinyin(a, b) {
        best = (WADE_GILES_SCORE, "wade-giles");
    }
    // Katakana against Latin: compare how katakana reads both.
    if a.kana != b.kana {
        let s = katakana_similarity(a, b, best.0.max(EDIT_FLOOR));
        if s > best.0 {
            best = (s, "katakana");
        }
    }
    // A foreign name written in Hangul or Chinese characters against its
    // spelling in other letters: by sound (`푸틴`, `普京` ~ `Putin`).
    // (Words read as foreign names are Hangul or Han: one side only.)
    let (h, l) = if a.syllable { (a, b) } else { (b, a) };
    if a.syllable != b.syllable && !h.loan().is_empty() && !l.kana {
        let floor = best.0.max(EDIT_FLOOR) / LOAN_FACTOR;
        let folded = embargo_names::loanword::fold(&l.text);
        for r in h.loan() {
            let s = edit_similarity_above(r, &folded, floor) * LOAN_FACTOR;
            if s > best.0 {
                best = (s, "loanword");
            }
        }
    }
    // Arabic script against Latin: compare consonant skeletons.
    if (a.arabic || b.arabic)
        && let (Some(sa), Some(sb)) = (&a.abjad, &b.abjad)
    {
        let (ar, la) = if a.arabic { (a, b) } else { (b, a) };
        let latin = (!la.arabic).then_some(&*la.text);
        let mut s = abjad_pair(sa, sb, ar.vowelled(), latin);
        // A final ta marbuta read `t`, as before a following noun (`جبهة
        // النصرة` Jabhat al-Nusra, `حركة` Harakat).
        if let (Some((st, vt)), Some(_)) = (ar.marbuta_t(), latin) {
            s = s.max(abjad_pair(st, sb, Some(vt), latin));
        }
        if s > best.0 {
            best = (s, "abjad");
        }
    }
    // An Arabic-script name of one consonant (`علي` Ali): no skeleton key,
    // its long vowels tell the rest.
    if best.0 < ONE_CONSONANT && a.arabic != b.arabic {
        let (ar, la) = if a.arabic { (a, b) } else { (b, a) };
        if ar.abjad.is_none()
            && la.text.len() <= 8
            && let Some(v) = ar.vowelled()
            && embargo_names::abjad::one_consonant_agrees(v, &la.text)
        {
            best = (ONE_CONSONANT, "abjad");
        }
    }
    // Letters doubled or not (`Jong-uun`, `Joonng`, `Hanna`): the same
    // name typed or transliterated with repeats.
    if REPEATS_SCORE > best.0 && a.mask == b.mask && same_squeezed(&a.text, &b.text) {
        best = (REPEATS_SCORE, "repeated-letters");
    }
    // Same consonants, other vowels (`Mosk`~`Musk`, `Nandela`~`Nadella`,
    // `Nuristani`~`Nooristani`): vowels are what transliterations and typing
    // vary most. Not between two romanised Korean syllables, whose vowels
    // tell syllables apart (`Jong`, `Jang`).
    if VOWELS_SCORE > best.0
        && a.len().min(b.len()) >= 4
        && a.len().abs_diff(b.len()) <= 1
        && (a.korean().is_empty() || b.korean().is_empty())
        && a.text.as_bytes()[0] == b.text.as_bytes()[0]
        && consonants(&a.text).eq(consonants(&b.text))
    {
        best = (VOWELS_SCORE, "vowels");
    }
    // An ending added to a name (`Putin`/`Putinas`, `Michel`/`Michelle`):
    // inflected and feminine forms.
    if ENDING_SCORE > best.0
        && short_t.len() >= 5
        && long_t.len() - short_t.len() <= 2
        && long_t.len() > short_t.len()
        && long_t.text.starts_with(&*short_t.text)
    {
        best = (ENDING_SCORE, "ending");
    }
    // Skip the costly comparison when even a lower bound of the distance
    // cannot beat what the keys gave or reach a useful similarity (most
    // token pairs of a query and a candidate are unrelated names). Texts
    // are ASCII (latinised).
    let l = a.len().max(b.len()) as f32;
    let d = min_edits(a, b);
    let bound = 1.0 - d / l - 2.0 * d / (l * l);
    let floor = best.0.max(EDIT_FLOOR);
    if bound > floor {
        let edit = edit_similarity_above(&a.text, &b.text, floor);
        if edit > floor {
            best = (edit, "edit");
        }
    }
    // Two names in Cyrillic: letter for letter as written (`Вукић` /
    // `Вучић` are one letter apart; `vukic` / `vuchic` two). Measured:
    // name_bench F1 0.900 → 0.901 (that pair), other evaluations unchanged.
    // (Cheap bounds first: most pairs are unrelated or already alike.)
    let lengths_allow = |x: &str, y: &str| {
        let (lx, ly) = (x.chars().count() as f32, y.chars().count() as f32);
        1.0 - (lx - ly).abs() / lx.max(ly) > best.0.max(EDIT_FLOOR)
    };
    if a.cyrillic
        && b.cyrillic
        && best.0 < WEAK_LETTERS
        && a.text.as_bytes().first() == b.text.as_bytes().first()
    {
        let (x, y) = (
            embargo_names::cyrillic_letters(&a.text),
            embargo_names::cyrillic_letters(&b.text),
        );
        if (*x != *a.text || *y != *b.text) && lengths_allow(&x, &y) {
            let s = edit_similarity_above(&x, &y, best.0.max(EDIT_FLOOR));
            if s > best.0 {
                best = (s, "edit");
            }
        }
    }
    // Two spellings of European orthographies (`Poetin`, `Wladimirowitsch`):
    // by their plain respellings.
    // (`respell` leaves tokens under 6 letters alone; the other side may be
    // shorter: `Poetin` ~ `Putin`.)
    if (a.respelled.is_some() || b.respelled.is_some()) && a.len().min(b.len()) >= 4 {
        fn respelled(t: &Tok) -> std::borrow::Cow<'_, str> {
            match t.respelled.as_deref() {
                Some(r) => std::borrow::Cow::Borrowed(r),
                None => embargo_names::orthography::squeeze(&t.text),
            }
        }
        let (ra, rb) = (respelled(a), respelled(b));
        // Strong evidence only: a loose respelled likeness (`Felipe` ~
        // `Philippe` 0.74) added alerts on the negatives and no finds.
        let floor = best.0.max(ORTHOGRAPHY_MIN) / ORTHOGRAPHY_FACTOR;
        // Cheap bounds first (most pairs are different names): respelled
        // forms that reach the floor start alike (respelling makes the
        // first letters one: `W`/`V`, `Ph`/`F`, `Sch`/`Sh`) and differ
        // little in length.
        let (la, lb) = (ra.len() as f32, rb.len() as f32);
        if ra.as_bytes().first() == rb.as_bytes().first()
            && 1.0 - (la - lb).abs() / la.max(lb) > floor
        {
            let s = edit_similarity_above(&ra, &rb, floor) * ORTHOGRAPHY_FACTOR;
            if s >= ORTHOGRAPHY_MIN && s > best.0 {
                best = (s, "orthography");
            }
        }
    }
    // A foreign name in Cyrillic by its second spelling (`dzh` → `j`, `kh`
    // → `h`; Hangul and Han foreign names are compared by sound above).
    // Either side may be the Cyrillic one (query or listed alias).
    let (c, o) = if a.loan_spellings().is_empty() {
        (b, a)
    } else {
        (a, b)
    };
    let mut texts: (&str, &str) = (&a.text, &b.text);
    if !c.syllable && !o.syllable && o.loan_spellings().is_empty() {
        for sp in c.loan_spellings() {
            let floor = best.0.max(EDIT_FLOOR) / CYRILLIC_FACTOR;
            let s = edit_similarity_above(sp, &o.text, floor) * CYRILLIC_FACTOR;
            if s > best.0 {
                best = (s, "cyrillic");
                texts = (sp, &o.text);
            }
        }
    }
    // Arabic compound names (`Abd al-X`, `X-ullah`, `X-uddin`) share their
    // affix: the other part tells them apart (`Hamidullah` / `Waliullah`,
    // `Abdurrahim` / `Abdurrahman`), so letters alike count only there.
    if matches!(best.1, "edit" | "phonetic" | "vowels" | "cyrillic")
        && let Some((ka, sa)) = compound_stem(texts.0)
        && let Some((kb, sb)) = compound_stem(texts.1)
        && ka == kb
    {
        let stem = edit_similarity(sa, sb);
        if stem < best.0 {
            best = if stem > EDIT_FLOOR {
                (stem, "edit")
            } else {
                (0.0, "none")
            };
        }
    }
    // A Chinese name in Han characters has one pinyin reading: a Latin
    // token spelled otherwise, and none of its known variants, Wade–Giles
    // or Korean readings (above), names other characters (`建平` jianping
    // / `Jin Ping`, `成` cheng / `Chen`): pinyin has few syllables, so
    // near spellings abound.
    let han = |h: &Tok, o: &Tok| h.han_chars() > 0 && o.han_chars() == 0 && h.loan().is_empty();
    if (han(a, b) || han(b, a))
        && matches!(
            best.1,
            "edit" | "phonetic" | "vowels" | "repeated-letters" | "ending" | "abbreviation"
        )
    {
        best.0 *= HAN_SPELLED_OTHERWISE;
    }
    best
}

/// Similarity of a katakana token and a token in other letters by how
/// katakana reads both, when above `floor`, else 0. A legal form, or a
/// short token (4 letters at most) that may abbreviate a generic
/// organisation word, is also read as the words it stands for (`co`:
/// company, compania...), which Japanese writes out (`カンパニー`).
fn katakana_similarity(a: &Tok, b: &Tok, floor: f32) -> f32 {
    let (k, l) = if a.kana { (a, b) } else { (b, a) };
    let Some(rk) = k.reading() else {
        return 0.0;
    };
    let floor = floor / KATAKANA_FACTOR;
    let written = l.readings().iter().map(|r| &**r);
    let abbreviated = l.role == TokenRole::LegalForm || l.len() <= 4;
    let spelled = if abbreviated {
        embargo_names::legal_form_readings(&l.text)
    } else {
        &[]
    };
    written
        .chain(spelled.iter().map(|r| &**r))
        .map(|r| edit_similarity_above(rk, r, floor))
        .fold(0.0f32, f32::max)
        * KATAKANA_FACTOR
}

/// The affix kind and the distinctive part of an Arabic compound name
/// written as one word: `abdurrahman` → (`abd`, `rahman`), `hamidullah` →
/// (`ullah`, `hamid`), `saifuddin` → (`din`, `saif`).
fn compound_stem(t: &str) -> Option<(&'static str, &str)> {
    const PREFIXES: [&str; 13] = [
        "abdul", "abdel", "abdal", "abdol", "abdur", "abdar", "abdus", "abdas", "abduz", "abdaz",
        "abdes", "abdu", "abd",
    ];
    const SUFFIXES: [(&str, &str); 11] = [
        ("ullah", "ullah"),
        ("ollah", "ullah"),
        ("allah", "ullah"),
        ("ulla", "ullah"),
        ("uddin", "din"),
        ("uddeen", "din"),
        ("uddine", "din"),
        ("eddin", "din"),
        ("eddine", "din"),
        ("addin", "din"),
        ("oddin", "din"),
    ];
    // Most tokens are no such compound: two byte tests rule them out.
    let b = t.as_bytes();
    let tail = |s: &[u8]| b.ends_with(s);
    let may_be = b.starts_with(b"abd")
        || tail(b"lah")
        || tail(b"lla")
        || tail(b"din")
        || tail(b"een")
        || tail(b"ine");
    if !may_be {
        return None;
    }
    let long_enough = |stem: &str| stem.len() >= 3;
    if let Some(stem) = PREFIXES
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .filter(|s| long_enough(s))
    {
        return Some(("abd", stem));
    }
    SUFFIXES.iter().find_map(|(x, kind)| {
        t.strip_suffix(x)
            .filter(|s| long_enough(s))
            .map(|s| (*kind, s))
    })
}

/// The letters after the first that are not vowels, runs of one letter
/// written once.
fn consonants(s: &str) -> impl Iterator<Item = u8> + '_ {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(i, c)| i == 0 || !b"aeiouy".contains(c))
        .map(|(_, &c)| c)
        .scan(None, |last, c| {
            let repeat = *last == Some(c);
            *last = Some(c);
            Some((repeat, c))
        })
        .filter(|&(repeat, _)| !repeat)
        .map(|(_, c)| c)
}

/// Added to the similarity of equal consonant skeletons when every long
/// vowel the Arabic-script token writes is in the Latin spelling
/// (`abjad::vowel_disagreements`). On the Wikidata name groups
/// (`loanword_check`) the vowels agree for 93.8 % of a word's own Latin
/// spellings with its skeleton and 23.4 % of other names': strong evidence
/// against when they disagree, some for when they agree. Measured on
/// `un_arabic_uk.jsonl` (bonus / penalty), first with its 356 negatives:
/// 0 / 0 recall at threshold 0.246 with 8.43 false alerts per 1,000; 0 /
/// 0.2: 0.241, 2.81; 0.05 / 0.2: 0.404, 11.2. Then, with the later Arabic
/// rules and 335 negatives: 0.05 / 0.2: 0.529, 20.9 (7 alerts, each a name
/// identical to a listed one); 0.1 / 0.2: 0.663, 50.7 (17 alerts: 8
/// identical names, 8 a listed name with a relative's given name before
/// it, as `سعد برزان إبراهيم حسن التكريتي` / `Barzan Ibrahim Hassan
/// AL-TIKRITI`, which alerts in Latin letters too, at 0.867, and one
/// reordered). 0.1 makes a name in Arabic script score as its Latin
/// spelling does.
const VOWELS_AGREE: f32 = 0.1;
/// Taken from it when one is not.
const VOWELS_DISAGREE: f32 = 0.2;

/// Similarity of an Arabic-script name of one consonant and a Latin
/// spelling with its long vowels (`embargo_names::abjad::one_consonant_agrees`):
/// as for equal two-consonant skeletons whose vowels agree (0.7 + 0.1).
/// Measured against 0.7 (the equal two-consonant similarity without the
/// vowel bonus): the vowel check tells one-consonant names apart as well as
/// longer ones on the Wikidata groups (`loanword_check`, `SHORT=1`: 94.4 %
/// of own spellings agree, 27.2 % of other names with the consonant; 93.9
/// and 23.6 % for longer skeletons). UN Arabic-script names → UK at the
/// threshold 0.685 → 0.730, false alerts unchanged (also on the US
/// negatives, names only).
const ONE_CONSONANT: f32 = 0.8;

/// [`abjad_similarity`] of two skeletons, raised or lowered when they are
/// equal by whether the long vowels of the Arabic-script side's letters
/// (`vowelled`) are in the Latin spelling.
fn abjad_pair(sa: &str, sb: &str, vowelled: Option<&str>, latin: Option<&str>) -> f32 {
    let m = embargo_names::abjad::skeletons_match;
    let equal = sa == sb || m(sa, sb) || m(sb, sa);
    let mut s = abjad_similarity(sa, sb, equal);
    if s > 0.0
        && equal
        && let (Some(v), Some(l)) = (vowelled, latin)
    {
        match embargo_names::abjad::vowel_disagreements(v, l) {
            Some(0) => s += VOWELS_AGREE,
            Some(_) => s -= VOWELS_DISAGREE,
            None => {}
        }
    }
    s
}

/// Similarity of two consonant skeletons (`mhmd` of `محمد` and of
/// `Muhammad`). Equal skeletons are good but not exact evidence, and weak
/// when short: `mr` is `Omar`, `Amir` or `Umar` (and `mhmd` `Mahmoud` too).
/// Measured on `un_arabic_uk.jsonl` (`eval prepare`): recall@1 0.53 → 0.80
/// with the Arabic rules; 3-letter skeletons at 0.75 instead of 0.8 gave
/// fewer false alerts (2.8 vs 8.4 per 1,000 recombined names) but halved
/// recall at the threshold (0.08 vs 0.19).
fn abjad_similarity(a: &str, b: &str, equal: bool) -> f32 {
    if equal {
        return match a.len() {
            0 | 1 => 0.0,
            2 => 0.7,
            3 => 0.8,
            _ => 0.85,
        };
    }
    if a.len().min(b.len()) < 4 {
        return 0.0;
    }
    edit_similarity(a, b) * 0.85
}

/// East Slavic patronymics (`-ovich`, `-evna`...) and Arabic/Turkic ones
/// written as one word (`-oglu`, `-uly`, `-kyzy`).
pub(crate) fn is_patronymic(t: &str) -> bool {
    t.len() > 6
        && [
            "ovich", "evich", "ovych", "evych", "ovna", "evna", "ichna", "oglu", "ogly", "uly",
            "kyzy", "ovitch",
        ]
        .iter()
        .any(|s| t.ends_with(s))
}
