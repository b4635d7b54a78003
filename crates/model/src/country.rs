//! Country names to ISO 3166-1 alpha-2 codes, as FtM stores them.
//!
//! The table is the ISO list (`data/countries.tsv`) plus the forms official
//! lists actually use (`data/country_aliases.tsv`: UN long forms, demonyms,
//! Japanese names, former states with FtM's codes). Lookup ignores case,
//! accents, punctuation and a leading "the".

use std::collections::HashMap;
use std::sync::OnceLock;

const ISO: &str = include_str!("../data/countries.tsv");
const ALIASES: &str = include_str!("../data/country_aliases.tsv");

struct Table {
    by_key: HashMap<String, &'static str>,
    names: HashMap<&'static str, &'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_key = HashMap::new();
        let mut names = HashMap::new();
        for (is_iso, text) in [(true, ISO), (false, ALIASES)] {
            for line in text.lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let Some(code) = cols.next() else { continue };
                by_key.entry(code.to_string()).or_insert(code);
                for (i, name) in cols.enumerate() {
                    if is_iso && i == 0 {
                        names.insert(code, name);
                    }
                    if !is_iso && i == 0 {
                        names.entry(code).or_insert(name);
                    }
                    by_key.entry(key(name)).or_insert(code);
                }
            }
        }
        Table { by_key, names }
    })
}

fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = fold_accent(c);
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let t = out.trim_end();
    t.strip_prefix("the ").unwrap_or(t).to_string()
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'É' => 'E',
        'Å' => 'A',
        c => c,
    }
}

/// The code for a country name, alias, demonym or code; `None` when unknown.
///
/// ```
/// use embargo_model::country::code;
/// assert_eq!(code("Democratic People's Republic of Korea"), Some("kp"));
/// assert_eq!(code("Iran (Islamic Republic of)"), Some("ir"));
/// assert_eq!(code("KP"), Some("kp"));
/// assert_eq!(code("Atlantis"), None);
/// ```
pub fn code(name: &str) -> Option<&'static str> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    table().by_key.get(&k).copied()
}

/// The English name of a code, for display.
pub fn name(code: &str) -> Option<&'static str> {
    table()
        .names
        .get(code.to_ascii_lowercase().as_str())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_list_forms() {
        assert_eq!(code("the Democratic Republic of the Congo"), Some("cd"));
        assert_eq!(code("Syrian Arab Republic"), Some("sy"));
        assert_eq!(code("KOREA, NORTH"), Some("kp"));
        assert_eq!(code("北朝鮮"), Some("kp"));
        assert_eq!(code("Türkiye"), Some("tr"));
        assert_eq!(code("Côte d'Ivoire"), Some("ci"));
        assert_eq!(code("PRK"), Some("kp"));
        assert_eq!(code("Soviet Union"), Some("suhh"));
        assert_eq!(name("kp"), Some("Korea, Democratic People's Republic of"));
    }
}
