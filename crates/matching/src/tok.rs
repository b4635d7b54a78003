//! Tokens as the matcher keeps them: text, role, weight, and equivalence
//! keys interned to integers.
//!
//! `embargo_names` gives each token typed keys ([`KeyKind`]). Comparing
//! key strings pair by pair dominated scoring time, so the index interns
//! them once and token comparison (`similarity`) intersects sorted integer
//! lists.

use embargo_names::{Key, KeyKind, Script, Token, TokenRole};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Dictionary id of a token text the index does not hold.
pub const UNKNOWN: u32 = u32::MAX;

/// The runs of key ids a form keeps, one per kind compared by id (see
/// [`Form::keys`]).
#[derive(Clone, Copy)]
enum Run {
    Korean,
    Variant,
    Phonetic,
    LegalForm,
    Nickname,
    Reading,
    Skeleton,
    /// Posted, so that a pinyin query token finds it (`xi`).
    Pinyin,
}

/// Number of [`Run`]s.
const RUNS: usize = Run::Pinyin as usize + 1;

/// Interned key ids, one table per kind (so that a key is looked up by
/// kind and text, without building a string). Ids are numbered across all
/// tables in the order keys are first seen.
#[derive(Debug, Default)]
pub struct Keys {
    tables: [FxHashMap<Box<str>, u32>; TABLES],
    /// Acronyms of organisation names (`pla` of `People's Liberation
    /// Army`): posted by the index, never carried by a token.
    acronyms: FxHashMap<Box<str>, u32>,
    len: u32,
}

/// Number of tables of [`Keys`].
const TABLES: usize = 15;

/// The table of a kind of key.
fn table(kind: KeyKind) -> usize {
    match kind {
        KeyKind::Korean => 0,
        KeyKind::HanKorean => 1,
        KeyKind::Han => 2,
        KeyKind::Vowelled => 3,
        KeyKind::Variant => 4,
        KeyKind::Phonetic => 5,
        KeyKind::LegalForm => 6,
        KeyKind::Nickname => 7,
        KeyKind::Reading => 8,
        KeyKind::Skeleton => 9,
        KeyKind::Pinyin => 10,
        KeyKind::Loan => 11,
        KeyKind::Spelling => 12,
        KeyKind::Qualifier => 13,
        KeyKind::Principal => 14,
    }
}

impl Keys {
    /// The id of a key, adding it.
    pub fn intern(&mut self, kind: KeyKind, text: &str) -> u32 {
        Self::intern_in(&mut self.tables[table(kind)], &mut self.len, text)
    }

    /// The id of an organisation acronym, adding it.
    pub fn intern_acronym(&mut self, text: &str) -> u32 {
        Self::intern_in(&mut self.acronyms, &mut self.len, text)
    }

    fn intern_in(ids: &mut FxHashMap<Box<str>, u32>, len: &mut u32, text: &str) -> u32 {
        if let Some(&id) = ids.get(text) {
            return id;
        }
        let id = *len;
        ids.insert(text.into(), id);
        *len += 1;
        id
    }

    /// The id of a key if known.
    pub fn get(&self, kind: KeyKind, text: &str) -> Option<u32> {
        self.tables[table(kind)].get(text).copied()
    }

    /// The id of an organisation acronym if known.
    pub fn acronym(&self, text: &str) -> Option<u32> {
        self.acronyms.get(text).copied()
    }

    /// Every key of a kind (its text) with its id.
    pub fn of_kind(&self, kind: KeyKind) -> impl Iterator<Item = (&str, u32)> {
        self.tables[table(kind)].iter().map(|(k, &id)| (&**k, id))
    }
}

/// Korean readings of a token as text: borrowed when kept on the token,
/// else read (memoised) from its text.
pub enum KoreanReadings<'a> {
    Kept(&'a [Box<str>]),
    Read(std::rc::Rc<[String]>),
}

impl KoreanReadings<'_> {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (kept, read): (&[Box<str>], &[String]) = match self {
            KoreanReadings::Kept(k) => (k, &[]),
            KoreanReadings::Read(r) => (&[], r),
        };
        kept.iter()
            .map(|r| &**r)
            .chain(read.iter().map(String::as_str))
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
    /// Exact key (simplified characters) of a Han token, `u32::MAX`
    /// when unknown to the index.
    pub exact_han: Option<u32>,
    /// Set of characters in the text, one bit per letter (other bytes
    /// share the last bits): gives a cheap lower bound of edit distances.
    pub(crate) mask: u32,
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
    pub(crate) respelled: Option<Box<str>>,
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
    pub fn new(token: &Token, mut key: impl FnMut(KeyKind, &str) -> Option<u32>) -> Form {
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
        for Key { kind, text } in &token.keys {
            let run = match kind {
                KeyKind::Korean => {
                    let id = key(*kind, text);
                    korean_unlisted |= id.is_none();
                    if exact_korean.is_none() {
                        exact_korean = Some(id.unwrap_or(u32::MAX));
                    }
                    runs[Run::Korean as usize].extend(id);
                    continue;
                }
                KeyKind::HanKorean => {
                    // Looked up as the Korean key it copies.
                    han_korean.push(text.as_str().into());
                    hanja.extend(key(KeyKind::Korean, text));
                    continue;
                }
                KeyKind::Han => {
                    // Compared, never posted: equal characters give equal text.
                    let id = key(*kind, text);
                    if token.script == Script::Han {
                        han_chars = text.chars().count().min(255) as u8;
                        if exact_han.is_none() {
                            exact_han = Some(id.unwrap_or(u32::MAX));
                        }
                    }
                    continue;
                }
                KeyKind::Vowelled => {
                    vowelled = Some(text.as_str().into());
                    continue;
                }
                KeyKind::Loan => {
                    loan.push(text.as_str().into());
                    continue;
                }
                KeyKind::Spelling => {
                    spellings.push(text.as_str().into());
                    continue;
                }
                KeyKind::Qualifier => {
                    qualifier = true;
                    continue;
                }
                KeyKind::Principal => {
                    principal = true;
                    continue;
                }
                KeyKind::Variant => Run::Variant,
                KeyKind::Phonetic => Run::Phonetic,
                KeyKind::LegalForm => Run::LegalForm,
                KeyKind::Nickname => Run::Nickname,
                KeyKind::Reading => {
                    readings.push(text.as_str().into());
                    Run::Reading
                }
                KeyKind::Skeleton => {
                    if abjad.is_none() {
                        abjad = Some(text.as_str().into());
                    }
                    Run::Skeleton
                }
                KeyKind::Pinyin => {
                    pinyin.push(text.as_str().into());
                    Run::Pinyin
                }
            };
            runs[run as usize].extend(key(*kind, text));
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
            token.keys_of(KeyKind::Korean).map(Into::into).collect()
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

    /// Sino-Korean reading keys (Korean key texts) of a Han token.
    pub fn han_korean(&self) -> &[Box<str>] {
        self.hanja_fields().map_or(&[], |h| &h.readings)
    }

    fn hanja_fields(&self) -> Option<&Hanja> {
        self.rare.as_ref()?.hanja.as_deref()
    }

    /// Every Korean reading key (its text) of a query token some of
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

    /// Ids of the Sino-Korean reading keys (Korean keys) of a Han token, sorted.
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

    fn run(&self, run: Run) -> &[u32] {
        let i = run as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.keys[start..self.ends[i] as usize]
    }

    /// Consonant skeleton keys, sorted.
    pub fn skeletons(&self) -> &[u32] {
        self.run(Run::Skeleton)
    }

    /// Korean reading keys, sorted.
    pub fn korean(&self) -> &[u32] {
        self.run(Run::Korean)
    }

    /// The token's Korean readings as text (`jeong.eun`, ...): those kept
    /// (a Han token's, or a query token's the lists lack), else those of
    /// its text; none when it reads as no Korean.
    pub fn korean_reading_texts(&self) -> KoreanReadings<'_> {
        if !self.korean_texts().is_empty() {
            KoreanReadings::Kept(self.korean_texts())
        } else if self.korean().is_empty() {
            KoreanReadings::Kept(&[])
        } else {
            KoreanReadings::Read(crate::korean::korean_readings(&self.text, self.spelling()))
        }
    }

    /// Variant group keys, sorted.
    pub fn variants(&self) -> &[u32] {
        self.run(Run::Variant)
    }

    /// Phonetic keys, sorted.
    pub fn phonetic(&self) -> &[u32] {
        self.run(Run::Phonetic)
    }

    /// Legal-form type keys, sorted.
    pub fn legal(&self) -> &[u32] {
        self.run(Run::LegalForm)
    }

    /// Nickname group keys, sorted.
    pub fn nicknames(&self) -> &[u32] {
        self.run(Run::Nickname)
    }

    /// Keys other spellings of the same name share: Korean readings,
    /// variant groups, katakana readings, consonant skeletons.
    pub fn spelling_keys(&self) -> impl Iterator<Item = u32> + '_ {
        [Run::Korean, Run::Variant, Run::Reading, Run::Skeleton]
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
        // (Runs up to nicknames are looked up for every token.)
        let common = &self.keys[..self.ends[Run::Nickname as usize] as usize];
        let own = if self.kana {
            self.run(Run::Reading)
        } else if self.arabic {
            self.run(Run::Skeleton)
        } else {
            &[]
        };
        common.iter().chain(own).copied()
    }

    /// Character count of the text.
    pub(crate) fn len(&self) -> usize {
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
    /// Every Korean reading key (its text) of a query token when the
    /// lists lack some of them (`jeong.eun` of `Jeongeun`).
    korean_text: Box<[Box<str>]>,
}

/// The Sino-Korean readings of a Han token (`金` 김, 금).
#[derive(Debug)]
struct Hanja {
    /// Their keys as text (`gim`), to compare with two romanised
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
    pub fn new(
        token: &Token,
        id: u32,
        weight: f32,
        key: impl FnMut(KeyKind, &str) -> Option<u32>,
    ) -> Tok {
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
pub(crate) fn min_edits(a: &Form, b: &Form) -> f32 {
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
