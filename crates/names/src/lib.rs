//! Name normalisation for sanctions screening.
//!
//! Turns a name written in any script into comparable Latin tokens:
//!
//! * [`fold`]: NFKC, lower case, diacritics, punctuation; same script.
//! * [`latinize`]: [`fold`] then every script to ASCII Latin (Cyrillic
//!   table, Hangul romaniser of our own, pinyin for Han, Hepburn for kana,
//!   `any_ascii` for the rest).
//! * [`tokenize`]: latinized [`Token`]s with a [`TokenRole`] (name, legal
//!   form, title, stopword, particle, initial) and equivalence [`Key`]s,
//!   one [`KeyKind`] each (Korean syllable readings, exact Han characters,
//!   Wikidata variant groups, Double Metaphone codes, legal-form types,
//!   nicknames, katakana readings, consonant skeletons...: the enum is the
//!   list).
//! * [`edit_similarity`], [`osa_within`]: edit distances of token texts.
//! * [`join_tokens`] / [`joined`]: compare `Jong Un` with `Jongun`.
//!
//! How two tokens compare (which key counts for how much) is the
//! matcher's business (`embargo_matching::tok::similarity`): this crate
//! says what a name is, not how alike two names are.
//!
//! Everything is a pure function over embedded data (name variants, legal
//! forms, generic organisation words, nicknames, Korean name syllables,
//! Sino-Korean readings of Han characters; see `data.rs`), decoded on
//! first use.
//!
//! ```
//! use embargo_names::{tokenize, KeyKind, NameKind};
//! // 김정은 and KIM Chong Un share a Korean reading key per syllable...
//! let a = tokenize("김정은", NameKind::Person);
//! let b = tokenize("KIM Chong Un", NameKind::Person);
//! for (x, y) in a.iter().zip(&b) {
//!     assert!(x.keys_of(KeyKind::Korean).any(|k| y.keys_of(KeyKind::Korean).any(|l| l == k)), "{} {}", x.text, y.text);
//! }
//! // ...and 종 is another syllable than 정, whatever the romanisation.
//! let c = tokenize("김종은", NameKind::Person);
//! assert_ne!(a[1].keys_of(KeyKind::Korean).next(), c[1].keys_of(KeyKind::Korean).next());
//! ```
#![warn(missing_docs)]

pub mod abjad;
mod alternatives;
mod data;
mod fold;
pub mod kana;
mod key;
mod keys;
pub mod korean;
pub mod loanword;
mod name;
mod numbers;
pub mod orthography;
mod places;
mod script;
mod similarity;
mod token;
pub mod transcription;
mod translit;
pub mod wadegiles;
mod words;

pub use alternatives::alternatives;
pub use data::{StableHasher, VariantStats, data_fingerprint, legal_form_readings, variant_stats};
pub use fold::fold;
pub use key::{Key, KeyKind};
pub use name::{tokenize, tokenize_as_foreign};
pub use places::is_place;
pub use script::{Script, script_of};
pub use similarity::{edit_similarity, edit_similarity_above, osa_ascii, osa_within};
pub use token::{NameKind, Token, TokenRole, join_tokens, joined};
pub use translit::{cyrillic_letters, latinize};
