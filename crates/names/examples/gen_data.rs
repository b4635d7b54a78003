//! Regenerates `data/legal_forms.tsv`, `data/person_variants.tsv.gz`,
//! `data/korean_syllables.txt`, `data/org_symbols.tsv`,
//! `data/person_nicknames.tsv` and `data/latinize_probe.tsv`
//! from `../shared/names` (general resources, never sanctions lists).
//! (`data/hanja_korean.tsv.gz` comes from `tools/gen-hanja`.)
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
    korean_syllables(&src, &out);
    org_symbols(&src, &out);
    nicknames(&src, &out);
    latinize_probe(&src, &out);
}

/// `data/latinize_probe.tsv`: `form<TAB>latinized` for a fixed sample of
/// the non-ASCII forms the other files were made from (every 300th of the
/// Wikidata variants, every 10th organisation word). `tests/data_current.rs`
/// latinizes them again: a difference means `latinize` changed since the
/// data was made, and this program must be re-run.
fn latinize_probe(src: &std::path::Path, out: &std::path::Path) {
    let person = std::fs::read_to_string(src.join("person_name_variants.txt")).unwrap();
    let person_forms = person
        .lines()
        .filter_map(|l| l.rsplit_once(" => ").map(|(forms, _)| forms))
        .flat_map(|forms| forms.split(", "))
        .filter(|f| !f.is_ascii())
        .step_by(300);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("symbols.json")).unwrap()).unwrap();
    let org_forms: Vec<String> = ["org_symbols", "org_domains"]
        .iter()
        .flat_map(|section| json[section].as_object().unwrap().values())
        .flat_map(|forms| forms.as_array().unwrap().iter())
        .filter_map(|f| f.as_str())
        .filter(|f| !f.is_ascii() && !f.contains(['\t', '\n']))
        .step_by(10)
        .map(str::to_owned)
        .collect();
    let lines: Vec<String> = person_forms
        .map(str::to_owned)
        .chain(org_forms)
        .filter(|f| !f.contains(['\t', '\n']))
        .map(|f| format!("{f}\t{}", latinize(&f)))
        .collect();
    std::fs::write(out.join("latinize_probe.tsv"), lines.join("\n") + "\n").unwrap();
    eprintln!("latinize_probe.tsv: {} forms", lines.len());
}

/// `data/person_nicknames.tsv`: `form<TAB>group,group`, from the
/// `person_nick` table of `symbols.json` (`bob` and `robert` share `bob`).
fn nicknames(src: &std::path::Path, out: &std::path::Path) {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("symbols.json")).unwrap()).unwrap();
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (group, forms) in json["person_nick"].as_object().unwrap() {
        let forms: Vec<&str> = forms
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f.as_str())
            .collect();
        if forms.len() < 2 {
            continue;
        }
        for f in forms {
            map.entry(latinize(f).replace(' ', ""))
                .or_default()
                .insert(group.to_lowercase());
        }
    }
    let lines: Vec<String> = map
        .iter()
        .map(|(f, g)| format!("{f}\t{}", g.iter().cloned().collect::<Vec<_>>().join(",")))
        .collect();
    std::fs::write(out.join("person_nicknames.tsv"), lines.join("\n") + "\n").unwrap();
    eprintln!("person_nicknames.tsv: {} forms", lines.len());
}

/// Groups of `symbols.json` that name one organisation rather than a kind
/// of word (`PLA`, `IRGC`): left out, the matcher has no special cases.
const NAMED_GROUPS: &[&str] = &["PLA", "ALQAEDA", "IRGC", "CIA", "HEZBOLLAH", "CCP", "TPB"];

/// `data/org_symbols.tsv`: `form<TAB>symbol`, one-word forms of the generic
/// organisation words of `symbols.json` (`org_symbols`, `org_domains`:
/// `company`, `compania`, `kompaniia`, `corp` → `co`; `banco` → `bank`),
/// latinized, of 3+ letters (Arabic-script forms as `ar:` + latinized). A form in several groups goes to the group whose symbol is
/// the longest common prefix with it (`corporation` → `corp`,
/// `national` → `natl`), else the first. Forms that
/// are also person-name forms (`islam`) are left out.
fn org_symbols(src: &std::path::Path, out: &std::path::Path) {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("symbols.json")).unwrap()).unwrap();
    let person = std::fs::read_to_string(src.join("person_name_variants.txt")).unwrap();
    let mut person_forms = BTreeSet::new();
    for line in person.lines() {
        if let Some((forms, _)) = line.rsplit_once(" => ") {
            for f in forms.split(", ") {
                person_forms.insert(latinize(f).replace(' ', ""));
            }
        }
    }
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    let mut dropped = BTreeSet::new();
    for section in ["org_symbols", "org_domains"] {
        for (group, forms) in json[section].as_object().unwrap() {
            if NAMED_GROUPS.contains(&group.as_str()) {
                continue;
            }
            let symbol = group.to_lowercase();
            for f in forms.as_array().unwrap().iter().filter_map(|f| f.as_str()) {
                let lat = latinize(f);
                if lat.contains(' ') || lat.len() < 3 {
                    continue;
                }
                if person_forms.contains(&lat) {
                    dropped.insert(lat);
                    continue;
                }
                // Arabic-script forms latinize to consonants (`طائرة` →
                // `tir`), which Latin words share (`Tir`): they are looked
                // up for Arabic-script tokens only.
                let arabic = f
                    .chars()
                    .any(|c| embargo_names::script_of(c) == embargo_names::Script::Arabic);
                let lat = if arabic { format!("ar:{lat}") } else { lat };
                // Closest symbol: longest common prefix with the form.
                let prefix = |s: &str| {
                    lat.bytes()
                        .zip(s.bytes())
                        .take_while(|(a, b)| a == b)
                        .count()
                };
                match map.get(&lat) {
                    Some(old) if prefix(old) >= prefix(&symbol) => {}
                    _ => {
                        map.insert(lat, symbol.clone());
                    }
                }
            }
        }
    }
    let lines: Vec<String> = map
        .iter()
        .filter(|(f, s)| f != s)
        .map(|(f, s)| format!("{f}\t{s}"))
        .collect();
    std::fs::write(out.join("org_symbols.tsv"), lines.join("\n") + "\n").unwrap();
    eprintln!(
        "org_symbols.tsv: {} forms; left out as person names: {dropped:?}",
        lines.len()
    );
}

/// Hangul syllables used in Korean personal names: those of the Hangul forms
/// (1–3 syllables) of Wikidata groups that also hold a Korean-style Latin
/// form (one hyphen per syllable boundary: `jong-hyo` / 종효; or a short form
/// for one syllable), seen at least twice; plus the common surnames.
fn korean_syllables(src: &std::path::Path, out: &std::path::Path) {
    let text = std::fs::read_to_string(src.join("person_name_variants.txt")).unwrap();
    let hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let mut count: BTreeMap<char, u32> = BTreeMap::new();
    for line in text.lines() {
        let Some((forms, _)) = line.rsplit_once(" => ") else {
            continue;
        };
        let forms: Vec<&str> = forms.split(", ").collect();
        let hang: Vec<&str> = forms
            .iter()
            .copied()
            .filter(|f| !f.is_empty() && f.chars().all(hangul) && f.chars().count() <= 3)
            .collect();
        let korean_style = hang.iter().any(|h| {
            let n = h.chars().count();
            forms.iter().any(|l| {
                l.chars()
                    .all(|c| c.is_alphabetic() && !hangul(c) || c == '-')
                    && l.is_ascii()
                    && ((n == 1 && l.len() <= 6) || (n >= 2 && l.matches('-').count() == n - 1))
            })
        });
        if korean_style {
            for h in hang {
                for c in h.chars() {
                    *count.entry(c).or_default() += 1;
                }
            }
        }
    }
    let mut set: BTreeSet<char> = count
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(c, _)| c)
        .collect();
    set.extend(SURNAMES.chars());
    let s: String = set.iter().collect();
    std::fs::write(out.join("korean_syllables.txt"), format!("{s}\n")).unwrap();
    eprintln!("korean_syllables.txt: {} syllables", set.len());
}

/// Common Korean surnames, South and North spellings.
const SURNAMES: &str = "김이리박최정강조윤장임림한오서신권황안송류유전홍고문양량손배백허남심노로하곽성차주우구민나진지엄채원천방공현함변염려여추도소석선설마길연련위표명기반왕금옥육인맹제모탁국어은편용룡예경봉사부가복태목형계피두감음빈동온호범좌팽승간상시갈단견당화창옹순빙남궁황보제갈선우독고";

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
