//! Foreign names written in Hangul (`블라디미르 푸틴`, `트럼프`), compared with
//! their Latin spellings.
//!
//! Korean writes a foreign name by sound: consonant clusters get the
//! vowel `ㅡ` (`블라` bl-, `르` final r), voicing is not kept apart from
//! aspiration the way Latin letters are (`b`/`p`, `d`/`t`, `g`/`k`), `l`
//! and `r` are one letter (`ㄹ`), `v` is written `ㅂ` and `f` `ㅍ`, and the
//! English `u` of `Trump` is `ㅓ`. [`reading`] spells a Hangul word in Latin
//! letters with the inserted `ㅡ` left out; [`fold`] brings that spelling
//! and a Latin name to one form (voiced = voiceless, l = r, v = b, f = p,
//! o = u, no h), so that both meet:
//!
//! ```
//! use embargo_names::loanword::{fold, reading};
//! assert_eq!(fold(&reading("블라디미르")), fold("vladimir"));
//! assert_eq!(fold(&reading("푸틴")), fold("putin"));
//! assert_eq!(fold(&reading("트럼프")), fold("trump"));
//! ```

use crate::korean::jamo;

const LEAD: [&str; 19] = [
    "g", "g", "n", "d", "d", "r", "m", "b", "b", "s", "s", "", "j", "j", "ch", "k", "t", "p", "h",
];
const VOWEL: [&str; 21] = [
    "a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u", "wo", "we", "wi",
    "yu", "", "ui", "i",
];
const TAIL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Latin spelling of a Hangul word as a foreign name: `ㅡ` (inserted
/// between consonants) is left out, `ㄹ` is `r` at the start of a syllable
/// and `l` at its end. Characters other than Hangul syllables are skipped.
pub fn reading(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if let Some((l, v, t)) = jamo(c) {
            out.push_str(LEAD[l]);
            out.push_str(VOWEL[v]);
            out.push_str(TAIL[t]);
        }
    }
    out
}

/// Folds a lower-case Latin spelling (of a name, or from [`reading`]) to
/// the letters Korean tells apart.
pub fn fold(latin: &str) -> String {
    let b = latin.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut push = |c: char| {
        if !out.ends_with(c) {
            out.push(c);
        }
    };
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        let mut used = 1;
        match (b[i], next) {
            (b'c', Some(b'h')) | (b't', Some(b's' | b'z')) => {
                push('j');
                used = 2;
            }
            (b's', Some(b'h')) => {
                push('s');
                used = 2;
            }
            (b'c', Some(b'e' | b'i' | b'y')) => push('s'),
            (b'c' | b'k' | b'g' | b'q', _) => push('k'),
            (b'x', _) => {
                push('k');
                push('s');
            }
            (b'b' | b'p' | b'v' | b'f', _) => push('p'),
            (b'd' | b't', _) => push('t'),
            (b'j' | b'z', _) => push('j'),
            (b'l' | b'r', _) => push('r'),
            (b'o' | b'u' | b'w', _) => push('o'),
            (b'y', _) => push('i'),
            (b'h', _) => {}
            (c, _) if c.is_ascii_alphanumeric() => push(c as char),
            _ => {}
        }
        i += used;
    }
    out
}

/// Latin spellings of a Hangul reading for looking names up by their
/// phonetic codes: `ㅂ` may stand for `b` or `v`, `ㅍ` for `p` or `f`, `ㄹ`
/// for `l` or `r`. At most `max` spellings.
pub fn spellings(reading: &str, max: usize) -> Vec<String> {
    let mut out = vec![String::with_capacity(reading.len())];
    for c in reading.chars() {
        let alts: &[char] = match c {
            'b' => &['b', 'v'],
            'p' => &['p', 'f'],
            'r' | 'l' => &['l', 'r'],
            _ => &[c],
        };
        if alts.len() > 1 && out.len() * alts.len() <= max {
            out = out
                .iter()
                .flat_map(|s| {
                    alts.iter().map(move |&a| {
                        let mut t = s.clone();
                        t.push(a);
                        t
                    })
                })
                .collect();
        } else {
            for s in &mut out {
                s.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_names_in_hangul_meet_their_latin_spelling() {
        for (hangul, latin) in [
            ("블라디미르", "vladimir"),
            ("푸틴", "putin"),
            ("트럼프", "trump"),
            ("라브로프", "lavrov"),
            ("메르켈", "merkel"),
        ] {
            assert_eq!(fold(&reading(hangul)), fold(latin), "{hangul} / {latin}");
        }
        assert_ne!(fold(&reading("푸틴")), fold("platon"));
    }

    #[test]
    fn spellings_for_lookup() {
        let s = spellings("rabrop", 16);
        assert!(s.contains(&"lavrof".to_string()));
        assert!(s.len() <= 16);
    }
}
