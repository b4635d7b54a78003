//! Foreign names written in Chinese characters (`弗拉基米尔·普京`,
//! `贝拉克·奥巴马`), compared with their Latin spellings.
//!
//! Chinese writes a foreign name syllable by syllable with a small set of
//! characters chosen for their sound (the Xinhua transcription tables).
//! A consonant without a vowel gets a syllable of its own, written with a
//! few fixed characters (`斯` s, `克` k, `特` t, `德` d, `尔` r or l, `夫`
//! f or v...): [`readings`] spells those as the bare consonant or with
//! their vowel, and other characters by their pinyin, with the pinyin
//! letters that stand for other Latin ones rewritten (`x` → `s`, `q` →
//! `ch` or `k`, `j` → `j` or `g`, final `ng` → `n`, `ao` → `o` or `ao`).
//! Each reading is then folded with
//! [`loanword::fold`](crate::loanword::fold), like a Hangul reading, so
//! that voicing, `l`/`r` and `v`/`f`/`b`/`p` do not count:
//!
//! ```
//! use embargo_names::{loanword::fold, transcription::readings};
//! let r = readings("拉夫罗夫", 8);
//! assert!(r.iter().any(|r| fold(r) == fold("lavrov")), "{r:?}");
//! ```
//!
//! How often readings meet their own Latin spelling is measured on the
//! Wikidata name groups: `cargo run --release -p embargo-names --example
//! loanword_check` (with the Hangul readings).

use pinyin::ToPinyin;

/// Characters that write a consonant without its vowel, simplified and
/// traditional forms (Xinhua transcription tables: `布` b, `普` p, `德` d,
/// `特` t, `格` g, `克` k, `夫`/`弗` f and v, `兹` z, `茨` ts, `斯` s, `什`
/// sh, `姆` m, `尔` r and l). Measured on the Wikidata groups
/// (`loanword_check`): adding `勒` (l) lowered the share of
/// readings meeting their own spelling (0.588 → 0.583); `赫` (h) is read
/// whole, as Latin often writes no sound for `h`.
fn bare_consonant(c: char) -> Option<&'static str> {
    Some(match c {
        '布' => "b",
        '普' => "p",
        '德' => "d",
        '特' => "t",
        '格' => "g",
        '克' => "k",
        '夫' | '弗' => "f",
        '兹' | '茲' => "z",
        '茨' => "ts",
        '斯' => "s",
        '什' => "sh",
        '姆' => "m",
        '尔' | '爾' => "r",
        _ => return None,
    })
}

/// The sounds a pinyin syllable writes in a transcription (up to four
/// spellings): initials and finals that Latin spells otherwise are
/// rewritten.
fn syllable(p: &str) -> Vec<String> {
    // `ü` (`lü`, `nüe`) is written `u` (`v` in some pinyin input).
    let p = p.replace(['ü', 'v'], "u");
    let (initial, fin) = split_initial(&p);
    // The vowel of `zi`, `ci`, `si`, `zhi`, `chi`, `shi`, `ri` is barely one.
    let fin = if fin == "i" && matches!(initial, "z" | "c" | "s" | "zh" | "ch" | "sh" | "r") {
        ""
    } else {
        fin
    };
    // After the palatals `j`, `q`, `x` an `i` only marks the palatal
    // (`加` jia writes ga, `谢` xie se).
    let palatal = matches!(initial, "j" | "q" | "x");
    let fin = match fin.strip_prefix('i') {
        Some(rest) if palatal && !rest.is_empty() && rest != "n" && rest != "ng" => rest,
        _ => fin,
    };
    // Finals written in Latin with one vowel or two (`莱` lai: le, lai).
    let fins: &[&str] = match fin {
        "ao" => &["o", "ao"],
        "ou" | "uo" => &["o"],
        "ei" => &["e", "ei"],
        "ai" => &["e", "ai"],
        _ => &[fin],
    };
    // `基` ji writes gi or ki, `奇` qi chi or ki; `瓦` wa writes va or wa.
    let initials: &[&str] = match initial {
        "j" => &["j", "g"],
        "q" => &["ch", "k"],
        "x" => &["s"],
        "zh" => &["j"],
        "c" => &["ts"],
        "w" => &["w", "v"],
        _ => &[""],
    };
    let mut out = Vec::with_capacity(initials.len() * fins.len());
    for i in initials {
        let i = if i.is_empty() { initial } else { i };
        for f in fins {
            // Final `ng` is heard as `n` (`京` jing writes tin in `普京`).
            let f = f
                .strip_suffix('g')
                .filter(|f| f.ends_with('n'))
                .unwrap_or(f);
            out.push(format!("{i}{f}"));
        }
    }
    out
}

fn split_initial(p: &str) -> (&str, &str) {
    for i in ["zh", "ch", "sh"] {
        if let Some(rest) = p.strip_prefix(i) {
            return (i, rest);
        }
    }
    match p.as_bytes().first() {
        Some(b) if !b"aeiou".contains(b) => p.split_at(p.chars().next().map_or(0, char::len_utf8)),
        _ => ("", p),
    }
}

/// Latin spellings (at most `max`) of a word in Chinese characters read as
/// the transcription of a foreign name; empty when a character has no
/// reading.
pub fn readings(word: &str, max: usize) -> Vec<String> {
    let mut out = vec![String::with_capacity(2 * word.len())];
    for c in word.chars() {
        let Some(p) = c.to_pinyin() else {
            return Vec::new();
        };
        let mut alts = syllable(p.plain());
        if let Some(b) = bare_consonant(c) {
            alts.insert(0, b.to_owned());
        }
        if out.len() * alts.len() <= max {
            out = out
                .into_iter()
                .flat_map(|s| alts.iter().map(move |a| format!("{s}{a}")))
                .collect();
        } else if let Some(a) = alts.first() {
            out.iter_mut().for_each(|s| s.push_str(a));
        }
    }
    out
}

/// The first of [`readings`].
pub fn reading(word: &str) -> Option<String> {
    readings(word, 1).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit_similarity;
    use crate::loanword::fold;

    fn best(han: &str, latin: &str) -> f32 {
        readings(han, 8)
            .iter()
            .map(|r| edit_similarity(&fold(r), &fold(latin)))
            .fold(0.0, f32::max)
    }

    #[test]
    fn transcriptions_meet_their_latin_spelling() {
        for (han, latin) in [
            ("普京", "putin"),
            ("布莱尔", "blair"),
            ("拉夫罗夫", "lavrov"),
            ("扎瓦希里", "zawahiri"),
            ("奥巴马", "obama"),
        ] {
            assert!(
                best(han, latin) >= 0.7,
                "{han} {:?} / {latin}",
                readings(han, 8)
            );
        }
        assert!(best("奥巴马", "putin") < 0.3);
    }

    #[test]
    fn bare_consonants_and_alternatives() {
        // `克` is k with or without its vowel; `基` gi or ki.
        let r = readings("克基", 8);
        assert!(
            r.contains(&"kji".to_owned()) && r.contains(&"kegi".to_owned()),
            "{r:?}"
        );
        assert!(readings("克基", 2).len() <= 2);
        // A character without a reading: no reading at all.
        assert!(readings("克x", 8).is_empty());
    }
}
