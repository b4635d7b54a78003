//! Name normalisation for sanctions screening.
//!
//! Turns a name written in any script into comparable Latin tokens:
//!
//! * [`fold`]: NFKC, lower case, diacritics, punctuation; same script.
//! * [`latinize`]: [`fold`] then every script to ASCII Latin (Cyrillic
//!   table, Hangul romaniser of our own, pinyin for Han, Hepburn for kana,
//!   `any_ascii` for the rest).
//! * [`tokenize`]: latinized [`Token`]s with a [`TokenRole`] (name, legal
//!   form, title, stopword, particle, initial) and equivalence keys:
//!   Korean syllable readings (`k:`), Wikidata person-name variant groups
//!   (`v:`), Double Metaphone (`p:`), generic legal form (`lf:`).
//! * [`token_similarity`]: one token against another, with a reason.
//! * [`join_tokens`] / [`joined`]: compare `Jong Un` with `Jongun`.
//!
//! Everything is a pure function; the only data are two embedded
//! dictionaries (see [`variant_stats`]), decoded on first use.
//!
//! ```
//! use embargo_names::{tokenize, token_similarity, NameKind};
//! let a = tokenize("김정은", NameKind::Person);
//! let b = tokenize("KIM Chong Un", NameKind::Person);
//! for (x, y) in a.iter().zip(&b) {
//!     assert!(token_similarity(x, y).score > 0.9, "{} {}", x.text, y.text);
//! }
//! let c = tokenize("김종은", NameKind::Person);
//! assert!(token_similarity(&a[1], &c[1]).score < 0.5);
//! ```
#![warn(missing_docs)]

pub mod abjad;
mod data;
mod fold;
pub mod kana;
pub mod korean;
mod numbers;
mod similarity;
mod token;
mod translit;

pub use data::{VariantStats, variant_stats};
pub use fold::fold;
pub use similarity::{
    HAN_DIFFERS_MAX, HANGUL_DIFFERS_MAX, KOREAN_SCORE, LEGAL_GENERIC_SCORE, PHONETIC_SCORE,
    TokenMatch, VARIANT_SCORE, edit_similarity, edit_similarity_above, osa_ascii, osa_within,
    token_similarity,
};
pub use token::{NameKind, Token, TokenRole, join_tokens, joined, tokenize};
pub use translit::{Script, latinize, script_of};
