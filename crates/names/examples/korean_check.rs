//! How often a Korean name written in Chinese characters (read in
//! Sino-Korean, `korean::hanja_keys`) or in Cyrillic (read with the Russian
//! spellings of `korean::spelled_keys`) shares a Korean key with the same
//! name in Hangul and in Latin letters, on the Wikidata name groups of
//! `../shared/names/person_name_variants.txt` that hold a Korean given
//! name (Hangul, and a hyphenated Latin spelling); against the same words paired with another such group, as the
//! rate of chance agreements.
//!
//! `OLD=1` reads both as before these readings existed: Han by the Korean
//! readings of its pinyin only, Cyrillic by those of its Latin
//! transliteration read as Latin.
//!
//! `cargo run --release -p embargo-names --example korean_check [FILE] [SHOW_MISSES]`

#[path = "support/wikidata.rs"]
mod wikidata;

use embargo_names::{Script, korean, latinize, script_of};
use std::collections::HashSet;
use wikidata::{group_words, read_args};

/// A Korean-name group: keys of its Hangul words, keys of its Latin words,
/// and its Han and Cyrillic words with their keys.
struct Group {
    hangul: HashSet<String>,
    latin: HashSet<String>,
    han: Vec<(String, Vec<String>)>,
    cyrillic: Vec<(String, Vec<String>)>,
}

fn main() -> std::io::Result<()> {
    let (text, show) = read_args()?;
    let old = std::env::var("OLD").is_ok();
    let joined = |w: &str| latinize(w).replace(' ', "");
    let in_script = |w: &str, s: Script| !w.is_empty() && w.chars().all(|c| script_of(c) == s);
    let mut groups = Vec::new();
    for line in text.lines() {
        let words = group_words(line);
        // A Korean given name: 2–3 Hangul syllables of Korean names, and a
        // Latin spelling with its syllables hyphenated (`deok-cheol`), as
        // Korean names are romanised (and Chinese or Japanese ones are not).
        let hangul: HashSet<String> = words
            .iter()
            .filter(|w| {
                let n = w.chars().count();
                in_script(w, Script::Hangul)
                    && (2..=3).contains(&n)
                    && korean::is_name_word(w)
                    && words
                        .iter()
                        .any(|l| l.is_ascii() && l.matches('-').count() == n - 1)
            })
            .map(|w| korean::hangul_key(w))
            .collect();
        if hangul.is_empty() {
            continue;
        }
        // Latin spellings written apart or with hyphens (`deok-cheol`) are
        // read joined, as the matcher compares split given names.
        let latin: HashSet<String> = words
            .iter()
            .filter(|w| !w.is_empty() && w.is_ascii())
            .flat_map(|w| {
                let joined: String = w.chars().filter(char::is_ascii_alphabetic).collect();
                korean::latin_keys(&joined.to_ascii_lowercase(), false)
            })
            .collect();
        let han = words
            .iter()
            .filter(|w| in_script(w, Script::Han))
            .map(|w| {
                // As tokens have them: the readings of the pinyin, and
                // (now) the Sino-Korean ones.
                let mut keys = korean::latin_keys(&joined(w), false);
                if !old {
                    keys.extend(korean::hanja_keys(w));
                }
                (w.to_string(), keys)
            })
            .collect();
        let cyrillic = words
            .iter()
            .filter(|w| in_script(&w.replace(['-', ' ', '\''], ""), Script::Cyrillic))
            .map(|w| {
                let from = if old {
                    korean::Spelling::Latin
                } else {
                    korean::Spelling::Cyrillic
                };
                (w.to_string(), korean::spelled_keys(&joined(w), from))
            })
            .collect();
        groups.push(Group {
            hangul,
            latin,
            han,
            cyrillic,
        });
    }
    println!("{} Wikidata groups of a Korean given name", groups.len());
    for (what, pick) in [
        (
            "Han",
            (|g: &Group| &g.han) as fn(&Group) -> &Vec<(String, Vec<String>)>,
        ),
        ("Cyrillic", |g: &Group| &g.cyrillic),
    ] {
        for (against, side) in [
            (
                "Hangul",
                (|g: &Group| &g.hangul) as fn(&Group) -> &HashSet<String>,
            ),
            ("Latin", |g: &Group| &g.latin),
        ] {
            let (mut n, mut hit, mut chance, mut misses) = (0usize, 0usize, 0usize, Vec::new());
            for (i, g) in groups.iter().enumerate() {
                if side(g).is_empty() {
                    continue;
                }
                // Another group, far enough not to be a neighbour in the file.
                let other = &groups[(i + groups.len() / 2) % groups.len()];
                for (word, keys) in pick(g) {
                    n += 1;
                    if keys.iter().any(|k| side(g).contains(k)) {
                        hit += 1;
                    } else if misses.len() < show {
                        misses.push(word.clone());
                    }
                    if keys.iter().any(|k| side(other).contains(k)) {
                        chance += 1;
                    }
                }
            }
            let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
            println!(
                "{what} words vs the group's {against} spellings: {n} words, share a Korean key {:.1} %, with another group's {:.1} %",
                pct(hit),
                pct(chance)
            );
            if !misses.is_empty() {
                println!("  misses: {}", misses.join(", "));
            }
        }
    }
    Ok(())
}
