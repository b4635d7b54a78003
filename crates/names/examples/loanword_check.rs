//! How often the reading of a foreign name written in Hangul
//! (`loanword::reading`), in Chinese characters (`transcription::readings`)
//! or in katakana (`kana::reading` of the Latin spelling against the
//! romaji of the katakana), or the consonant skeleton of an Arabic-script
//! word (`abjad::skeleton`), meets its Latin spelling, on the Wikidata
//! name groups of `../shared/names/person_name_variants.txt` (groups
//! holding such a word and Latin words), against random pairs of such
//! groups as a baseline.
//!
//! Hangul: words that are not Korean names. Han: words of at least
//! `MIN_CHARS` characters (default 2; Chinese names are 2–3, and pinyin
//! meets their Latin spelling anyway). `PINYIN=1` reads Han words as plain
//! pinyin instead (what they were compared by before transcriptions).
//!
//! Cyrillic words (by the script of their group's other words: Arabic,
//! Hangul, other) are compared with their group's Latin spellings other
//! than their own transliteration (someone romanising the Cyrillic form).
//!
//! `cargo run --release -p embargo-names --example loanword_check [FILE] [SHOW_MISSES]`

#[path = "support/wikidata.rs"]
mod wikidata;
use embargo_names::{
    Script, abjad, edit_similarity, kana, korean, loanword, script_of, transcription,
};
use wikidata::{group_words, read_args};

/// Factor the matcher puts on a loanword similarity (`LOAN_FACTOR`).
const FACTOR: f32 = 0.95;
/// Readings kept per Han word (as `MAX_TRANSCRIPTIONS` in tokenisation).
const READINGS: usize = 8;

/// A word in another script: the word, its folded readings, the folded
/// Latin spellings of its group.
type Word = (String, Vec<String>, Vec<String>);

fn main() -> std::io::Result<()> {
    let (text, show) = read_args()?;
    let min_chars: usize = std::env::var("MIN_CHARS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let pinyin = std::env::var("PINYIN").is_ok();
    let [mut hangul, mut han, mut katakana, mut arabic, mut hebrew]: [Vec<Word>; 5] =
        Default::default();
    // Cyrillic words of names from Arabic-script, Hangul and other groups.
    let [mut cyr_arabic, mut cyr_korean, mut cyr_other]: [Vec<Word>; 3] = Default::default();
    for line in text.lines() {
        let words = group_words(line);
        let latin: Vec<String> = words
            .iter()
            .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
            .map(|w| loanword::fold(w))
            .collect();
        if latin.is_empty() {
            continue;
        }
        let latin_words = words
            .iter()
            .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
        let latin_words: Vec<&&str> = latin_words.collect();
        let kana_readings: Vec<String> = latin_words
            .iter()
            .flat_map(|w| {
                if std::env::var("ONE_READING").is_ok() {
                    vec![kana::reading(w)]
                } else {
                    kana::readings(w)
                }
            })
            .collect();
        let skeletons: Vec<String> = latin_words.iter().map(|w| abjad::skeleton(w)).collect();
        let has = |script: Script| {
            words
                .iter()
                .any(|w| !w.is_empty() && w.chars().all(|c| script_of(c) == script))
        };
        let (arabic_group, korean_group) = (has(Script::Arabic), has(Script::Hangul));
        for w in words.iter().filter(|w| {
            w.chars().count() >= 2 && w.chars().all(|c| script_of(c) == Script::Cyrillic)
        }) {
            // Against the Latin spellings other than the word's own
            // transliteration (someone romanising the Cyrillic form).
            let readings = cyrillic_readings(w);
            // Its own transliteration: the first reading of each token.
            let own: Vec<String> = embargo_names::tokenize(w, embargo_names::NameKind::Person)
                .into_iter()
                .map(|t| t.text)
                .collect();
            let others: Vec<String> = latin_words
                .iter()
                .filter(|l| !own.iter().any(|r| r == **l))
                .map(|l| l.to_string())
                .collect();
            if others.is_empty() {
                continue;
            }
            let word = (w.to_string(), readings, others);
            if arabic_group {
                cyr_arabic.push(word);
            } else if korean_group {
                cyr_korean.push(word);
            } else {
                cyr_other.push(word);
            }
        }
        for w in &words {
            if w.chars().count() >= 2 && w.chars().all(|c| script_of(c) == Script::Arabic) {
                // The article is its own token (`المبزع` → `al`, `mbz`).
                let word = w
                    .strip_prefix("ال")
                    .filter(|r| r.chars().count() >= 3)
                    .unwrap_or(w);
                let skeletons_of_word = abjad::expansions(&abjad::arabic_skeleton(word));
                arabic.push((w.to_string(), skeletons_of_word, skeletons.clone()));
            }
            if w.chars().count() >= 2 && w.chars().all(|c| script_of(c) == Script::Hebrew) {
                let sk = if std::env::var("OLD_HEBREW").is_ok() {
                    vec![abjad::skeleton(
                        &embargo_names::latinize(w).replace(' ', ""),
                    )]
                } else {
                    abjad::expansions(&abjad::skeleton(&abjad::hebrew_letters(w)))
                };
                hebrew.push((w.to_string(), sk, skeletons.clone()));
            }
            if w.chars().count() >= 2 && w.chars().all(|c| script_of(c) == Script::Kana) {
                let romaji = kana::normalize_romaji(&embargo_names::latinize(w).replace(' ', ""));
                katakana.push((w.to_string(), vec![romaji], kana_readings.clone()));
            }
            let n = w.chars().count();
            let foreign =
                n >= 2 && w.chars().all(korean::is_syllable) && (n > 4 || !korean::is_name_word(w));
            if foreign {
                let r = loanword::fold(&loanword::reading(w));
                hangul.push((w.to_string(), vec![r], latin.clone()));
            }
            if n >= min_chars && w.chars().all(|c| script_of(c) == Script::Han) {
                let readings = if pinyin {
                    vec![embargo_names::latinize(w).replace(' ', "")]
                } else {
                    transcription::readings(w, READINGS)
                };
                if !readings.is_empty() {
                    let folded = readings.iter().map(|r| loanword::fold(r)).collect();
                    han.push((w.to_string(), folded, latin.clone()));
                }
            }
        }
    }
    report("Hangul foreign words", &hangul, show);
    let how = if pinyin {
        "plain pinyin"
    } else {
        "transcription readings"
    };
    report(
        &format!("Han words of {min_chars}+ characters, {how}"),
        &han,
        show,
    );
    report("katakana words", &katakana, show);
    report("Arabic-script words, consonant skeletons", &arabic, show);
    report("Hebrew words, consonant skeletons", &hebrew, show);
    report("Cyrillic words of Arabic-script names", &cyr_arabic, show);
    report("Cyrillic words of Korean names", &cyr_korean, show);
    report("Cyrillic words of other names", &cyr_other, show);
    arabic_vowels(&text);
    Ok(())
}

/// Of the Latin words whose skeleton equals an Arabic-script word's, the
/// share whose vowels agree with its long vowels
/// (`abjad::vowel_disagreements`): for its own group's spellings, and for
/// other groups' (names that only share consonants).
fn arabic_vowels(text: &str) {
    use std::collections::HashMap;
    let mut groups: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut by_skeleton: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for line in text.lines() {
        let words = group_words(line);
        let latin: Vec<String> = words
            .iter()
            .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .map(|w| w.to_string())
            .collect();
        let arabic: Vec<String> = words
            .iter()
            .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| script_of(c) == Script::Arabic))
            .map(|w| {
                let w = w
                    .strip_prefix("ال")
                    .filter(|r| r.chars().count() >= 3)
                    .unwrap_or(w);
                abjad::vowelled(w)
            })
            .collect();
        if latin.is_empty() || arabic.is_empty() {
            continue;
        }
        let g = groups.len();
        for l in &latin {
            by_skeleton
                .entry(abjad::skeleton(l))
                .or_default()
                .push((g, l.clone()));
        }
        groups.push((arabic, latin));
    }
    // (pairs, agreeing, one disagreement) for own and other groups, for
    // skeletons of 2+ consonants and of one (SHORT=1).
    let short = std::env::var("SHORT").is_ok();
    let (mut own, mut other) = ([0usize; 3], [0usize; 3]);
    for (g, (arabic, _)) in groups.iter().enumerate() {
        for a in arabic {
            let sk = abjad::skeleton(a);
            if (sk.len() == 1) != short || sk.is_empty() {
                continue;
            }
            let mut seen = std::collections::HashSet::new();
            let latin = abjad::expansions(&sk);
            for (h, l) in latin.iter().flat_map(|s| by_skeleton.get(s)).flatten() {
                if !seen.insert(l) {
                    continue;
                }
                let Some(bad) = abjad::vowel_disagreements(a, l) else {
                    continue;
                };
                let c = if *h == g { &mut own } else { &mut other };
                c[0] += 1;
                c[1] += usize::from(bad == 0);
                c[2] += usize::from(bad == 1);
            }
        }
    }
    let share = |c: [usize; 3], i: usize| c[i] as f64 / c[0].max(1) as f64;
    println!(
        "Arabic-script words and Latin words with the same skeleton: vowels agree / one disagreement"
    );
    println!(
        "  own group's spellings: {} pairs, {:.3} / {:.3}",
        own[0],
        share(own, 1),
        share(own, 2)
    );
    println!(
        "  other groups' words:   {} pairs, {:.3} / {:.3}",
        other[0],
        share(other, 1),
        share(other, 2)
    );
}

/// The Latin texts a Cyrillic word is tokenised to (every reading).
/// With its second spelling (`Spelling` key: `dzh` read `j`, `kh` read `h`)
/// unless `FIRST_ONLY` is set.
fn cyrillic_readings(w: &str) -> Vec<String> {
    let first_only = std::env::var("FIRST_ONLY").is_ok();
    embargo_names::tokenize(w, embargo_names::NameKind::Person)
        .into_iter()
        .flat_map(|t| {
            let second: Vec<String> = t
                .keys_of(embargo_names::KeyKind::Spelling)
                .filter(|_| !first_only)
                .map(str::to_owned)
                .collect();
            std::iter::once(t.text).chain(second)
        })
        .collect()
}

/// The words of a line of the variants file (`a, b, c => ...`).
fn report(what: &str, words: &[Word], show: usize) {
    let n = words.len();
    println!("{n} {what} with Latin spellings");
    if n == 0 {
        return;
    }
    let best = |r: &[String], l: &[String]| {
        l.iter()
            .flat_map(|x| r.iter().map(move |r| edit_similarity(r, x) * FACTOR))
            .fold(0.0f32, f32::max)
    };
    // Baseline: each word against the spellings of a group far away.
    let far = |i: usize| {
        let j = (i * 7919 + n / 2) % n;
        if j == i { (j + 1) % n } else { j }
    };
    for threshold in [0.6f32, 0.7, 0.8, 0.9] {
        let same = words
            .iter()
            .filter(|(_, r, l)| best(r, l) >= threshold)
            .count();
        let other = (0..n)
            .filter(|&i| best(&words[i].1, &words[far(i)].2) >= threshold)
            .count();
        println!(
            "  similarity >= {threshold}: own spellings {:.3}, another group's {:.4}",
            same as f64 / n as f64,
            other as f64 / n as f64
        );
    }
    for (w, r, l) in words.iter().filter(|(_, r, l)| best(r, l) < 0.6).take(show) {
        println!("  under 0.6: {w} {r:?} {:?}", &l[..l.len().min(4)]);
    }
}
