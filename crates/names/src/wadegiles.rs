//! Chinese names in Wade–Giles (`Hsi Chin-p'ing`, `Mao Tse-tung`, `Tsai
//! Ing-wen`), read as the pinyin that lists mostly use (`Xi Jinping`).
//!
//! Wade–Giles writes pinyin `x` as `hs`, `z`/`c` as `ts`/`tz`, `zh`/`j`/`q`/
//! `ch` all as `ch`, `b`/`d`/`g` as `p`/`t`/`k`, `r` as `j`, `-ong` as
//! `-ung`, `-ie` as `-ieh`, `-ian` as `-ien`, and `zhi`/`shi` as `chih`/
//! `shih`; the apostrophe of aspiration is gone after folding. The table
//! here is built by applying those rules to every pinyin syllable (from the
//! `pinyin` crate's readings), so each Wade–Giles spelling maps back to the
//! pinyin syllables it may stand for.
//!
//! Plain spellings are ambiguous (`chin` is `jin`, `qin`, `zhen`...), and
//! many are also English or Korean syllables, so a name is read as
//! Wade–Giles only when one of its tokens shows a mark pinyin never has
//! ([`is_marked`]: `hs`, `tz`, `ts` before a vowel, `-ih`, `-ieh`...).
//!
//! ```
//! use embargo_names::wadegiles::{is_marked, pinyin_readings};
//! assert!(is_marked("hsi"));
//! assert!(pinyin_readings("hsi", 8).contains(&"xi".to_string()));
//! assert!(pinyin_readings("chinping", 8).contains(&"jinping".to_string()));
//! assert!(pinyin_readings("tsetung", 8).contains(&"zedong".to_string()));
//! ```

use pinyin::ToPinyin;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Pinyin initials, longest first.
const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

/// Wade–Giles spellings of one pinyin syllable (`ü` written `u`).
fn wade_giles(py: &str) -> Vec<String> {
    let ini = INITIALS
        .iter()
        .find(|i| py.starts_with(*i))
        .copied()
        .unwrap_or("");
    let fin = &py[ini.len()..];
    let wi = match ini {
        "b" | "p" => "p",
        "d" | "t" => "t",
        "g" | "k" => "k",
        "j" | "q" | "zh" | "ch" => "ch",
        "x" => "hs",
        "r" => "j",
        "z" | "c" => "ts",
        other => other,
    };
    let one = |f: &str| vec![format!("{wi}{f}")];
    match (ini, fin) {
        ("z" | "c", "i") => vec!["tzu".into()],
        ("s", "i") => vec!["ssu".into(), "szu".into()],
        ("zh" | "ch" | "sh" | "r", "i") => one("ih"),
        ("g" | "k" | "h", "e") => one("o"),
        ("", "e") => vec!["o".into(), "e".into()],
        ("d" | "t" | "n" | "l" | "z" | "c" | "s" | "zh" | "ch" | "r", "uo") => one("o"),
        ("g" | "k", "ui") => one("uei"),
        ("y", "ou") | ("y", "u") => vec!["yu".into()],
        ("y", "an") => vec!["yen".into()],
        ("y", "e") => vec!["yeh".into()],
        ("y", "ong") => vec!["yung".into()],
        ("y", "i") => vec!["i".into(), "yi".into()],
        ("", "er") => vec!["erh".into()],
        _ => {
            let f = if let Some(s) = fin.strip_suffix("iong") {
                format!("{s}iung")
            } else if let Some(s) = fin.strip_suffix("ong") {
                format!("{s}ung")
            } else if fin == "ian" {
                "ien".into()
            } else if fin == "ie" || fin == "ue" {
                format!("{fin}h")
            } else {
                fin.to_string()
            };
            one(&f)
        }
    }
}

/// Wade–Giles spelling → the pinyin syllables it may stand for.
fn table() -> &'static HashMap<String, Vec<String>> {
    static CELL: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut syllables: Vec<String> = ('\u{4E00}'..='\u{9FFF}')
            .filter_map(|c| c.to_pinyin())
            .map(|p| p.plain().replace('ü', "u"))
            .collect();
        syllables.sort();
        syllables.dedup();
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for py in syllables {
            for wg in wade_giles(&py) {
                let v = map.entry(wg).or_default();
                if !v.contains(&py) {
                    v.push(py.clone());
                }
            }
        }
        map
    })
}

/// True when a lower-case token shows a Wade–Giles mark that pinyin never
/// has: `hs`, `tz`, `ts` before a vowel, `ssu`/`szu`, `-ieh`, `-ueh`,
/// `-uei`, `-erh`, or a final `-ih` (`chih`, `shih`).
pub fn is_marked(t: &str) -> bool {
    let ts_vowel = t
        .match_indices("ts")
        .any(|(i, _)| t[i + 2..].starts_with(['a', 'e', 'i', 'o', 'u']));
    ts_vowel
        || ["hs", "tz", "ssu", "szu", "ieh", "ueh", "uei", "erh"]
            .iter()
            .any(|m| t.contains(m))
        || (t.len() > 2 && t.ends_with("ih"))
}

/// Pinyin spellings of a token read as one to three Wade–Giles syllables
/// (`chinping` → `jinping`, `qinping`, `zhenping`...), at most `max`, the
/// token itself excluded. Empty when it is not such syllables.
pub fn pinyin_readings(token: &str, max: usize) -> Vec<String> {
    let t = table();
    let mut out: Vec<String> = Vec::new();
    // (position, syllables used, pinyin so far)
    let mut stack: Vec<(usize, usize, String)> = vec![(0, 0, String::new())];
    while let Some((pos, n, acc)) = stack.pop() {
        if pos == token.len() {
            if acc != token && !out.contains(&acc) && out.len() < max {
                out.push(acc);
            }
            continue;
        }
        if n == 3 {
            continue;
        }
        for end in (pos + 1..=token.len().min(pos + 6)).rev() {
            let Some(pys) = token.get(pos..end).and_then(|s| t.get(s)) else {
                continue;
            };
            for py in pys {
                stack.push((end, n + 1, format!("{acc}{py}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wade_giles_names_read_as_pinyin() {
        for (wg, py) in [
            ("hsi", "xi"),
            ("chin", "jin"),
            ("ping", "bing"),
            ("tse", "ze"),
            ("tung", "dong"),
            ("tsai", "cai"),
            ("teng", "deng"),
            ("hsiao", "xiao"),
            ("chih", "zhi"),
            ("kuo", "guo"),
            ("tzu", "zi"),
        ] {
            assert!(
                pinyin_readings(wg, 16).contains(&py.to_string()),
                "{wg} {py}"
            );
        }
        assert!(pinyin_readings("smith", 8).is_empty());
        assert!(is_marked("tsetung") && is_marked("shih") && !is_marked("jinping"));
        assert!(!is_marked("smith") && !is_marked("tsvangirai"));
    }
}
