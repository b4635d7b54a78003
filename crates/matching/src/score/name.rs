//! Analysed names: tokens with weights, and the forms two names are
//! compared in (distinct tokens, joined texts).

use crate::tok::Tok;
use crate::weights::NameWeights;
use embargo_model::prop;
use embargo_names::TokenRole;
use smallvec::SmallVec;

/// Token positions in a name; names rarely have more than 8 tokens, and
/// scoring compares hundreds of name pairs per query, so these stay on the
/// stack.
pub type Positions = SmallVec<[usize; 8]>;

/// How strongly a listed name identifies the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameStrength {
    /// Primary name.
    Name,
    /// Strong alias.
    Alias,
    /// Former name.
    Previous,
    /// Weak alias (low quality).
    Weak,
}

impl NameStrength {
    /// Factor applied to a name score obtained on a name of this strength.
    pub fn factor(self, w: &NameWeights) -> f32 {
        match self {
            NameStrength::Name | NameStrength::Alias => 1.0,
            NameStrength::Previous => w.previous_name,
            NameStrength::Weak => w.weak_alias,
        }
    }

    /// From an FtM name property.
    pub fn of_prop(p: &str) -> NameStrength {
        match p {
            prop::NAME => NameStrength::Name,
            prop::ALIAS => NameStrength::Alias,
            prop::PREVIOUS_NAME => NameStrength::Previous,
            _ => NameStrength::Weak,
        }
    }
}

/// An analysed name.
#[derive(Debug, Clone)]
pub struct AnalyzedName {
    /// The name as written.
    pub text: String,
    /// Its tokens with weights.
    pub tokens: Vec<Tok>,
    /// Strength of the name.
    pub strength: NameStrength,
    /// Some token text occurs twice (`Sergey Sergey Shoigu`).
    repeats: bool,
    /// Analysed as a person's name (no acronyms are read).
    pub person: bool,
    /// A second reading of a query whose Hangul or Han words were read as
    /// foreign names (`오사마`, `奥巴马`): compared with names in other
    /// scripts only, as Hangul against Hangul (Han against Han) is exact.
    pub as_foreign: bool,
}

impl AnalyzedName {
    /// An analysed name from its tokens.
    pub fn new(text: &str, tokens: Vec<Tok>, strength: NameStrength, person: bool) -> AnalyzedName {
        // Han and Hangul syllables repeat within one given name (丽丽 Lili)
        // or read alike (杨 and 阳 are both yang): not repeated names.
        let repeats = tokens
            .iter()
            .enumerate()
            .any(|(i, t)| !t.syllable && tokens[..i].iter().any(|o| o.same_text(t)));
        AnalyzedName {
            text: text.to_string(),
            tokens,
            strength,
            repeats,
            person,
            as_foreign: false,
        }
    }
}

pub(crate) fn all(tokens: &[Tok]) -> Positions {
    (0..tokens.len()).collect()
}

/// The significant tokens (names, initials, particles: `van der bilt` =
/// `vanderbilt`) joined without spaces.
pub(crate) fn joined(tokens: &[Tok], idx: &[usize], legal: bool) -> String {
    String::from_utf8_lossy(&joined_bytes(tokens, idx, legal)).into_owned()
}

/// Whether a token is part of a name's joined form (with legal forms or
/// not).
pub(crate) fn joins(t: &Tok, legal: bool) -> bool {
    matches!(
        t.role,
        TokenRole::Name | TokenRole::Initial | TokenRole::Particle
    ) || (legal && t.role == TokenRole::LegalForm)
}

/// [`joined`] without allocating for names up to 64 bytes.
pub(crate) fn joined_bytes(tokens: &[Tok], idx: &[usize], legal: bool) -> SmallVec<[u8; 64]> {
    let mut out = SmallVec::new();
    for t in idx.iter().map(|&i| &tokens[i]).filter(|t| joins(t, legal)) {
        out.extend_from_slice(t.text.as_bytes());
    }
    out
}

/// Positions of the distinct tokens (`Sergey Sergey Shoigu`): a repeated
/// token adds no information about who is meant. `Martin Martin` is not
/// the mononym `Martin`, so repeats stay when removing them would leave a
/// single token.
/// Against a name in Han characters, pinyin repeats a doubled character
/// (`Ma Li Li` for `丽丽 马`): nothing is removed.
pub(crate) fn unique(name: &AnalyzedName, other: &AnalyzedName) -> Positions {
    let tokens = &name.tokens;
    if !name.repeats || other.tokens.iter().any(|t| t.han_chars() > 0) {
        return all(tokens);
    }
    let mut out = Positions::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.syllable || !out.iter().any(|&o| tokens[o].same_text(t)) {
            out.push(i);
        }
    }
    if out.len() < 2 { all(tokens) } else { out }
}
