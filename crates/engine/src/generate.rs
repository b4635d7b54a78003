//! A seeded generator of realistic customer registers, for benchmarks and
//! trials: people and companies with names in Latin, Cyrillic, Arabic,
//! Hangul, Han and kana letters (name parts from the Wikidata person-name
//! groups, `data/generator_names.tsv.gz`, made by `tools/gen-generator-names`),
//! birth dates, nationalities, some passport numbers, and a small share of
//! listed names written with a spelling variant, so that a run raises alerts.

use crate::{Entity, Result, Schema, prop};
use std::io::{Read, Write};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct GenerateOptions {
    /// Number of records.
    pub count: usize,
    /// Seed: the same seed and the same listed entities give the same file.
    pub seed: u64,
    /// Share of records that are a listed name with a spelling variant.
    pub listed_share: f64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            count: 10_000,
            seed: 1,
            listed_share: 0.001,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Generated {
    /// Records written.
    pub records: usize,
    /// Of which a listed name with a spelling variant.
    pub listed_variants: usize,
}

/// SplitMix64: a few lines, and the same stream for a seed in every
/// version of embargo (a crate's generator may change its algorithm).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const SCRIPTS: usize = 6; // latin, cyrillic, arabic, hangul, han, kana

/// Name parts per script: `parts[s]` are the forms of the groups that have
/// one in script `s`, Latin ones capitalised.
fn name_parts() -> Result<Vec<Vec<String>>> {
    const DATA: &[u8] = include_bytes!("../data/generator_names.tsv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(DATA)
        .read_to_string(&mut text)
        .map_err(|source| crate::Error::Io {
            path: "generator_names.tsv.gz".into(),
            source,
        })?;
    let mut parts = vec![Vec::new(); SCRIPTS];
    for line in text.lines() {
        for (s, form) in line.split('\t').enumerate().take(SCRIPTS) {
            if form.is_empty() {
                continue;
            }
            parts[s].push(if s <= 1 {
                capitalise(form)
            } else {
                form.to_string()
            });
        }
    }
    Ok(parts)
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

const NATIONALITIES: &[&str] = &[
    "us", "gb", "de", "fr", "cn", "jp", "kr", "ru", "ua", "ir", "ae", "sa", "in", "pk", "tr", "br",
    "mx", "ng", "eg", "sg", "hk", "ch", "nl", "it", "es", "pl", "kz", "by", "sy", "af",
];
const COMPANY_WORDS: &[&str] = &[
    "Trading",
    "Holdings",
    "Shipping",
    "Logistics",
    "Industries",
    "Capital",
    "Group",
    "Import Export",
    "Engineering",
    "Maritime",
    "Petroleum",
    "Textiles",
    "Foods",
    "Metals",
];
const LEGAL_FORMS: &[&str] = &[
    "LLC",
    "Ltd",
    "GmbH",
    "S.A.",
    "Co., Ltd.",
    "LLP",
    "JSC",
    "FZE",
];

/// A listed name written another way: a letter dropped or doubled, two
/// words swapped, or lower case.
fn variant(rng: &mut Rng, name: &str) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return name.to_string();
    }
    match rng.below(4) {
        0 if words.len() > 1 => {
            let i = rng.below(words.len() - 1);
            words.swap(i, i + 1);
        }
        1 | 2 => {
            let i = rng.below(words.len());
            let chars: Vec<char> = words[i].chars().collect();
            if chars.len() > 4 {
                let at = 1 + rng.below(chars.len() - 2);
                let mut w: String = chars[..at].iter().collect();
                if rng.chance(0.5) {
                    w.push(chars[at]);
                    w.push(chars[at]);
                }
                w.extend(&chars[at + 1..]);
                words[i] = w;
            }
        }
        _ => return name.to_lowercase(),
    }
    words.join(" ")
}

/// Writes `options.count` register records as JSON lines (`id`, `schema`,
/// `properties`), drawing the listed names from `listed`.
pub fn generate_register(
    out: &mut dyn Write,
    options: &GenerateOptions,
    listed: &[Entity],
) -> Result<Generated> {
    let parts = name_parts()?;
    let listed: Vec<&Entity> = listed
        .iter()
        .filter(|e| {
            matches!(
                e.schema,
                Schema::Person | Schema::Organization | Schema::Company
            )
        })
        .collect();
    let mut rng = Rng(options.seed);
    let mut done = Generated {
        records: 0,
        listed_variants: 0,
    };
    let io = |source| crate::Error::Io {
        path: "register output".into(),
        source,
    };
    for n in 0..options.count {
        let mut props: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        let schema;
        if !listed.is_empty() && rng.chance(options.listed_share) {
            let e = *rng.pick(&listed);
            schema = e.schema;
            props.insert(prop::NAME, vec![variant(&mut rng, e.caption())]);
            if let Some(d) = e.get(prop::BIRTH_DATE).first() {
                props.insert(prop::BIRTH_DATE, vec![d.clone()]);
            }
            done.listed_variants += 1;
        } else if rng.chance(0.85) {
            schema = Schema::Person;
            // Scripts as a customer base of a trade bank might hold them.
            let script = match rng.below(100) {
                0..70 => 0,
                70..80 => 1,
                80..88 => 2,
                88..93 => 3,
                93..97 => 4,
                _ => 5,
            };
            let ps = &parts[script];
            let mut name = vec![rng.pick(ps).clone()];
            if rng.chance(0.25) {
                name.push(rng.pick(ps).clone());
            }
            name.push(rng.pick(ps).clone());
            let sep = if script >= 4 { "" } else { " " };
            let name = if script == 4 {
                name.iter().rev().cloned().collect::<Vec<_>>().join(sep)
            } else if script == 5 {
                name.join("・")
            } else {
                name.join(sep)
            };
            props.insert(prop::NAME, vec![name]);
            if rng.chance(0.8) {
                props.insert(
                    prop::BIRTH_DATE,
                    vec![format!(
                        "{}-{:02}-{:02}",
                        1940 + rng.below(66),
                        1 + rng.below(12),
                        1 + rng.below(28)
                    )],
                );
            }
            if rng.chance(0.7) {
                props.insert(prop::NATIONALITY, vec![rng.pick(NATIONALITIES).to_string()]);
            }
            if rng.chance(0.2) {
                props.insert(
                    prop::PASSPORT_NUMBER,
                    vec![format!("P{:08}", rng.below(100_000_000))],
                );
            }
        } else {
            schema = Schema::Company;
            let name = format!(
                "{} {} {}",
                rng.pick(&parts[0]),
                rng.pick(COMPANY_WORDS),
                rng.pick(LEGAL_FORMS)
            );
            props.insert(prop::NAME, vec![name]);
            props.insert(prop::COUNTRY, vec![rng.pick(NATIONALITIES).to_string()]);
        }
        let line = serde_json::json!({
            "id": format!("c{n:07}"),
            "schema": schema.to_string(),
            "properties": props,
        });
        serde_json::to_writer(&mut *out, &line).map_err(|e| io(e.into()))?;
        out.write_all(b"\n").map_err(io)?;
        done.records += 1;
    }
    out.flush().map_err(io)?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_register() {
        let opts = GenerateOptions {
            count: 500,
            seed: 7,
            listed_share: 0.0,
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        generate_register(&mut a, &opts, &[]).expect("a");
        generate_register(&mut b, &opts, &[]).expect("b");
        assert_eq!(a, b);
        let text = String::from_utf8(a).expect("utf8");
        assert_eq!(text.lines().count(), 500);
        // Several scripts, and every line a query embargo can screen.
        let items = crate::batch::read_jsonl_batch(&text);
        assert!(items.iter().all(|i| i.query.is_ok()));
        assert!(text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)));
        assert!(text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
        assert!(text.chars().any(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c)));
    }
}
