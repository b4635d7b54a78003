//! Regenerates `data/legal_forms.tsv` and `data/person_variants.tsv.gz`
//! from `../shared/names` (general resources, never sanctions lists).
//!
//! ```text
//! cargo run --release -p embargo-names --example gen_data -- ../shared/names
//! ```
//! The transliteration used is this crate's own [`latinize`], so the stored
//! forms are in exactly the space tokens are looked up in. Re-run it when
//! `latinize` changes.
#![allow(clippy::unwrap_used)]

use embargo_names::{fold, latinize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

fn main() {
    let src = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/names".into()),
    );
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    legal(&src, &out);
    variants(&src, &out);
}

/// Aliases that are more often ordinary words or name parts than legal forms.
const NOT_FORMS: &[&str] = &[
    "in", "lt", "and", "the", "of", "is", "at", "no", "go", "da", "de", "ed", "et", "too", "im",
    "ii", "yu", "ro", "bo", "ga", "gu", "ku", "sha", "ay", "ae", "tu", "uu", "ei", "al", "el",
    "la", "le", "do", "to", "ab", "pr", "pe", "jp", "og", "ou", "vo", "ik", "is", "ks", "ky",
];

fn legal(src: &std::path::Path, out: &std::path::Path) {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("org_types.json")).unwrap())
            .unwrap();
    let mut lines = Vec::new();
    let mut seen = BTreeSet::new();
    for ty in json.as_array().unwrap() {
        let mut aliases: Vec<&str> = ty["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        aliases.extend(ty["display"].as_str());
        aliases.extend(ty["compare"].as_str());
        let generic = ty["generic"].as_str().map(|g| latinize(g).replace(' ', ""));
        let canon = ty["compare"]
            .as_str()
            .or(ty["display"].as_str())
            .map(|c| latinize(c).replace(' ', ""))
            .or(generic.clone())
            .unwrap_or_else(|| latinize(aliases[0]).replace(' ', ""));
        let generic = generic.unwrap_or_else(|| canon.clone());
        if canon.is_empty() {
            continue;
        }
        for a in aliases {
            let lat = latinize(a);
            // Too short or a common word: would swallow real name parts.
            if lat.len() < 2 || NOT_FORMS.contains(&lat.as_str()) {
                continue;
            }
            if seen.insert(lat.clone()) {
                lines.push(format!("{lat}\t{canon}\t{generic}"));
            }
            let f = fold(a);
            if !f.is_ascii() && !f.contains(' ') && seen.insert(f.clone()) {
                lines.push(format!("{f}\t{canon}\t{generic}"));
            }
        }
    }
    std::fs::write(out.join("legal_forms.tsv"), lines.join("\n") + "\n").unwrap();
    eprintln!("legal_forms.tsv: {} aliases", lines.len());
}

fn variants(src: &std::path::Path, out: &std::path::Path) {
    let text = std::fs::read_to_string(src.join("person_name_variants.txt")).unwrap();
    let mut map: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let (mut kept, mut dropped) = (0u32, 0u32);
    for line in text.lines() {
        let Some((forms, _qid)) = line.rsplit_once(" => ") else {
            continue;
        };
        // Groups with Bopomofo are readings of one Han character across
        // languages (`kim`, `jian`, `kiêm`...): not name variants.
        if forms
            .chars()
            .any(|c| ('\u{3100}'..='\u{312F}').contains(&c))
        {
            dropped += 1;
            continue;
        }
        let mut set = BTreeSet::new();
        for f in forms.split(", ") {
            if f.chars().any(|c| c.is_numeric()) {
                continue;
            }
            let l = latinize(f).replace(' ', "");
            if l.len() >= 2 {
                set.insert(l);
            }
        }
        if set.len() < 2 {
            dropped += 1;
            continue;
        }
        for f in set {
            map.entry(f).or_default().push(kept);
        }
        kept += 1;
    }
    let mut buf = String::new();
    for (f, gs) in &map {
        buf.push_str(f);
        buf.push('\t');
        let g: Vec<String> = gs.iter().map(|g| g.to_string()).collect();
        buf.push_str(&g.join(","));
        buf.push('\n');
    }
    let file = std::fs::File::create(out.join("person_variants.tsv.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(buf.as_bytes()).unwrap();
    gz.finish().unwrap();
    let max = map.values().map(Vec::len).max().unwrap_or(0);
    eprintln!(
        "person_variants: {kept} groups kept, {dropped} dropped, {} forms, {} bytes raw, max groups per form {max}",
        map.len(),
        buf.len()
    );
}
