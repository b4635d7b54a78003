//! How often two Latin spellings (6+ letters) of one Wikidata name group
//! reach the matcher's bar of 0.8, by their letters (edit similarity, or
//! equal but for doubled letters) and now also by their plain respellings
//! (`orthography::respell`, 0.95 × edit similarity, one side respelled,
//! both starting alike), against two different names sharing their first
//! three letters (a harder baseline than random pairs).
//!
//! `cargo run --release -p embargo-names --example orthography_check [FILE]`

#[path = "support/wikidata.rs"]
mod wikidata;

use embargo_names::edit_similarity;
use embargo_names::orthography::{respell, squeeze};
use std::collections::{BTreeMap, HashMap, HashSet};
use wikidata::{group_words, read_args};

fn meets(a: &str, b: &str, respelled: bool) -> bool {
    if edit_similarity(a, b) >= 0.8 || squeeze(a) == squeeze(b) {
        return true;
    }
    if !respelled {
        return false;
    }
    let (ra, rb) = (respell(a), respell(b));
    if ra.is_none() && rb.is_none() {
        return false;
    }
    let ra = ra.unwrap_or_else(|| squeeze(a).into_owned());
    let rb = rb.unwrap_or_else(|| squeeze(b).into_owned());
    ra.as_bytes().first() == rb.as_bytes().first() && 0.95 * edit_similarity(&ra, &rb) >= 0.8
}

fn main() -> std::io::Result<()> {
    let (text, _) = read_args()?;
    let mut own = Vec::new();
    let mut groups_of: HashMap<String, HashSet<usize>> = HashMap::new();
    for (g, line) in text.lines().enumerate() {
        let words: Vec<&str> = group_words(line)
            .into_iter()
            .filter(|w| w.len() >= 6 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        for w in &words {
            groups_of.entry(w.to_string()).or_default().insert(g);
        }
        // First and last spelling of the group: a fixed, reproducible pair.
        if let (Some(a), Some(b)) = (words.first(), words.last())
            && a != b
        {
            own.push((a.to_string(), b.to_string()));
        }
    }
    // Different names sharing their first three letters: neighbours in
    // sorted order, in no group together.
    let by_prefix: BTreeMap<&str, ()> = groups_of.keys().map(|w| (w.as_str(), ())).collect();
    let sorted: Vec<&str> = by_prefix.keys().copied().collect();
    let other: Vec<(String, String)> = sorted
        .windows(2)
        .filter(|w| w[0][..3] == w[1][..3] && groups_of[w[0]].is_disjoint(&groups_of[w[1]]))
        .map(|w| (w[0].to_string(), w[1].to_string()))
        .collect();
    let rate = |pairs: &[(String, String)], respelled: bool| {
        let n = pairs.iter().filter(|(a, b)| meets(a, b, respelled)).count();
        100.0 * n as f64 / pairs.len().max(1) as f64
    };
    println!(
        "{} pairs of spellings of one name reaching 0.8: {:.1} % by letters, {:.1} % with respellings",
        own.len(),
        rate(&own, false),
        rate(&own, true)
    );
    println!(
        "{} pairs of different names sharing 3 first letters: {:.2} % by letters, {:.2} % with respellings",
        other.len(),
        rate(&other, false),
        rate(&other, true)
    );
    Ok(())
}
