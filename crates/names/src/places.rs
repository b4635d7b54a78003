//! Countries and world regions named in one word (Unicode CLDR,
//! `data/places.tsv.gz`), tokenised when first used.

use crate::script::{Script, script_of};
use crate::token::{NameKind, TokenRole, tokenize_plain};
use std::io::Read;
use std::sync::OnceLock;

pub(crate) static PLACES_GZ: &[u8] = include_bytes!("../data/places.tsv.gz");

/// True when a token (as [`tokenize`](crate::tokenize) writes it) is a
/// country or world region named in one word, in one of the languages of
/// `data/places.tsv.gz` (Unicode CLDR): `europe`, `schweiz`, `rossiya`.
pub fn is_place(token: &str) -> bool {
    static CELL: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut text = String::new();
        if flate2::read::GzDecoder::new(PLACES_GZ)
            .read_to_string(&mut text)
            .is_err()
        {
            text.clear();
        }
        let mut out = std::collections::HashSet::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((_, name)) = line.split_once('\t') else {
                continue;
            };
            // Names in alphabets whose Latin spelling is the one a company
            // name would use (`Россия` rossiya, not Hebrew `פרו` read `pro`),
            // without what parentheses add (`Congo (Republic)`), and of 4
            // letters or more (`UN`, `EU` and codes are not places).
            // (`tokenize_folded`, not `tokenize`: this runs inside the
            // initialisation `tokenize` waits for.)
            let alphabet = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| matches!(script_of(c), Script::Latin | Script::Cyrillic));
            let Some(name) = name.split('(').next().filter(|_| alphabet) else {
                continue;
            };
            let tokens = tokenize_plain(name, NameKind::Organization);
            if let [t] = tokens.as_slice()
                && t.role == TokenRole::Name
                && t.text.len() >= 4
            {
                out.insert(t.text.clone());
            }
        }
        out
    })
    .contains(token)
}
