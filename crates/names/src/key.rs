//! Equivalence keys: the contract between this crate and the matcher.
//!
//! Two tokens sharing a key are variants of each other (or, for the
//! markers, a token carries something the matcher must know). [`KeyKind`]
//! is the one list of kinds; the matcher `match`es on it, so a new kind is
//! a new variant the compiler leads through every place that must decide
//! what to do with it.

use std::fmt;

/// One equivalence key of a [`Token`](crate::Token).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// What the key says (and how the matcher uses it).
    pub kind: KeyKind,
    /// The key's value (empty for markers).
    pub text: String,
}

impl Key {
    /// A key of `kind` with value `text`.
    pub fn new(kind: KeyKind, text: impl Into<String>) -> Key {
        Key {
            kind,
            text: text.into(),
        }
    }

    /// A marker: a key of `kind` with no value.
    pub fn marker(kind: KeyKind) -> Key {
        Key {
            kind,
            text: String::new(),
        }
    }
}

impl fmt::Display for Key {
    /// `Korean(jeong.eun)`, `Qualifier()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}({})", self.kind, self.text)
    }
}

/// The kinds of key a token carries. Unless said otherwise, the matcher
/// posts a key (a listed name is found by it) and compares it by identity
/// (two tokens sharing it are variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    /// Korean syllable readings, syllables joined by `.` (see the
    /// [`korean`](crate::korean) module). Romanisations cannot tell 정 from
    /// 종, so a romanised token gets one key per reading (`jong` →
    /// `jong`, `jeong`...); a Hangul token has exactly one, its first key,
    /// which is exact (`김정은` → `gim`, `jeong`, `eun`).
    Korean,
    /// A marker copy of a [`KeyKind::Korean`] key of a Han token that is
    /// a Sino-Korean reading of its characters (`金` → `gim`), the
    /// others coming from its pinyin: the matcher weighs a Korean reading
    /// of one Han character less, and reads a Han given name as two
    /// Korean syllables by these. Not compared as a key of its own.
    HanKorean,
    /// Exact key of a Han token: its characters, traditional forms made
    /// simplified (`習近平`, `习近平` → `习近平`). Characters that read
    /// alike (`石`, `市`: both `shi`) are other names. Compared, never
    /// posted.
    Han,
    /// An Arabic-script or Hebrew token letter by letter, long vowels
    /// kept (`abjad::vowelled`): the matcher takes its consonant skeleton
    /// with wildcards from these and checks a Latin spelling's vowels
    /// against them. Not compared as a key.
    Vowelled,
    /// A person-name variant group (Wikidata) holding the form: how one
    /// name is written across scripts and languages (`mohammed`,
    /// `muhammad`).
    Variant,
    /// A Double Metaphone code (primary and alternate): finds names that
    /// sound alike; weak evidence in scoring.
    Phonetic,
    /// The generic type of a legal form (`llc` for `llc`, `ooo`, `gmbh`;
    /// `company` for company words), so that `OOO` meets `LLC`.
    LegalForm,
    /// A person-nickname group (`bob` and `robert` share `bob`).
    Nickname,
    /// A katakana reading: a Latin word as katakana would write it, or
    /// katakana as folded romaji (`mohanmado`), so that the two meet.
    Reading,
    /// A consonant skeleton (`mhmd`), what Latin spellings share with
    /// Arabic and Hebrew script (`abjad` module).
    Skeleton,
    /// A pinyin reading of a token of a Chinese name in Wade–Giles
    /// (`hsi` → `xi`), so that the two spellings find each other.
    Pinyin,
    /// A folded sound reading of a foreign name written in Hangul or Han
    /// characters (`loanword::fold`): compared with Latin spellings by
    /// edit distance, never posted.
    Loan,
    /// A possible Latin spelling of a foreign name (from Hangul or Han,
    /// `라브로프` → `lavrof`; or a Cyrillic name with `dzh`, `kh` read `j`,
    /// `h`): looked up among listed tokens within two edits and compared
    /// as text.
    Spelling,
    /// Marker: the token is a country or region written in parentheses in
    /// an organisation's name (`Deutsche Bank (Schweiz) AG`), a qualifier
    /// that costs little when the other name leaves it out.
    Qualifier,
    /// Marker: the first of two surnames of an inverted person's name
    /// (`PEREZ ROJAS, Daniel`), the one its bearer keeps: not a name the
    /// other side may leave out cheaply.
    Principal,
}
