//! How often the Hangul reading of a foreign name meets its Latin spelling,
//! on the Wikidata name groups of `../shared/names/person_name_variants.txt`
//! (groups holding a Hangul word that is not a Korean name and Latin words),
//! against random pairs of such groups as a baseline.
//!
//! `cargo run --release -p embargo-names --example loanword_check [FILE]`

use embargo_names::{edit_similarity, korean, loanword};

/// Factor the matcher puts on a loanword similarity (`LOAN_FACTOR`).
const FACTOR: f32 = 0.95;

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/names/person_name_variants.txt".into());
    let text = std::fs::read_to_string(&path)?;
    // (folded Hangul reading, folded Latin spellings) per Hangul word.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let words = line
            .split("=>")
            .next()
            .unwrap_or_default()
            .split(',')
            .map(str::trim);
        let words: Vec<&str> = words.collect();
        let latin: Vec<String> = words
            .iter()
            .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
            .map(|w| loanword::fold(w))
            .collect();
        for w in &words {
            let n = w.chars().count();
            let foreign =
                n >= 2 && w.chars().all(korean::is_syllable) && (n > 4 || !korean::is_name_word(w));
            if foreign && !latin.is_empty() {
                groups.push((loanword::fold(&loanword::reading(w)), latin.clone()));
            }
        }
    }
    let n = groups.len();
    if n == 0 {
        println!("no Hangul/Latin groups in {path}");
        return Ok(());
    }
    let best = |r: &str, l: &[String]| {
        l.iter()
            .map(|x| edit_similarity(r, x) * FACTOR)
            .fold(0.0f32, f32::max)
    };
    println!("{n} Hangul foreign words with Latin spellings in {path}");
    for threshold in [0.6f32, 0.7, 0.8, 0.9] {
        let same = groups
            .iter()
            .filter(|(r, l)| best(r, l) >= threshold)
            .count();
        // Baseline: each word against the spellings of a group far away.
        let far = |i: usize| {
            let j = (i * 7919 + n / 2) % n;
            if j == i { (j + 1) % n } else { j }
        };
        let other = (0..n)
            .filter(|&i| best(&groups[i].0, &groups[far(i)].1) >= threshold)
            .count();
        println!(
            "similarity >= {threshold}: own spellings {:.3}, another group's {:.4}",
            same as f64 / n as f64,
            other as f64 / n as f64
        );
    }
    Ok(())
}
