//! Korean: Hangul romanisation and the Korean equivalence key.
//!
//! # Display romanisation
//!
//! Hangul syllables are algorithmic: `cp - 0xAC00 = (lead * 21 + vowel) * 28 + tail`.
//! The *text* of a token is a DPRK-style / McCune–Reischauer romanisation
//! without diacritics or apostrophes, which is how the sanctions lists write
//! Korean names (`RI WON HO`, `CHOE RYONG HAE`, `KIM JONG UN`): ㄱ k, ㄷ t,
//! ㅂ p, ㅈ j, ㅊ ch, ㅋ kh, ㅌ th, ㅍ ph, ㅓ o, ㅡ u, ㅕ yo, finals
//! k n t l m p ng. The surname 이 is written `lee`; every other syllable is
//! algorithmic (김 kim, 박 pak, 최 choe, 리 ri). So 김정은 → `kim jong un`.
//!
//! That text cannot tell 정 (ㅓ) from 종 (ㅗ): both are `jong`. The
//! distinction lives in the key.
//!
//! # The Korean key (`k:` keys of a [`Token`](crate::Token))
//!
//! A key is a sequence of syllables in a *fine* canonical spelling joined by
//! `.`: Revised Romanisation of the jamo without sound-change rules, finals
//! reduced to their 7 representative sounds (k n t l m p ng) and the South
//! Korean initial-sound law applied to every syllable (리/이 → `i`, 류/유 →
//! `yu`, 로/노 → `no`, 림/임 → `im`), because North and South spell the same
//! names with and without it. 정 → `jeong`, 종 → `jong`, 은 → `eun`,
//! 김 → `gim`, 최 → `choe`.
//!
//! * **Hangul input** gives exactly one key per token: it is exact, so
//!   김정은 and 김종은 have different keys (`jeong` vs `jong`) and
//!   [`token_similarity`](crate::token_similarity) treats two Hangul tokens
//!   with different keys as *different* even when their text is the same.
//! * **Latin input** cannot be exact: `Jong` is MR `chŏng`/DPRK `jong` for 정
//!   *and* RR `jong` for 종. A Latin token is therefore segmented into
//!   syllables (every segmentation is tried) and each Latin spelling maps to
//!   the *set* of jamo it may stand for; the token gets one key per
//!   combination. `jong` → {`jong`, `jeong`, `jjong`, `jjeong`}; `jeong` →
//!   {`jeong`}; `jang` → {`jang`, `jjang`}. Latin-vs-Hangul and Latin-vs-Latin
//!   then share a key exactly when some reading is common, so `Jong` ~ 정,
//!   `Jong` ~ 종, `Jong` ~ `Jeong`, `Jong` ≁ `Jang`.
//! * Joined and split given names: `Jongun` yields `jeong.eun` (among others),
//!   the same key as joining the keys of `Jong` + `Un` (see
//!   [`join_tokens`](crate::join_tokens)).
//!
//! Vowel readings accepted from Latin: `o`→ㅗ/ㅓ, `u`→ㅜ/ㅡ/ㅓ (`Sung`, `Chul`,
//! `Hyun`), `e`→ㅔ/ㅐ, `yo`→ㅛ/ㅕ, `yu`/`you`→ㅠ/ㅕ, `oe`/`oi`/`we`→ㅚ
//! (`Choe`/`Choi`/`Chwe`), `ee`/`yi`→ㅣ (`Lee`, `Yi`), `oo`/`woo`→ㅜ; consonants:
//! `k`→ㄱ/ㅋ/ㄲ, `t`→ㄷ/ㅌ/ㄸ, `p`→ㅂ/ㅍ/ㅃ, `ch`→ㅈ/ㅊ, `s`→ㅅ/ㅆ, `r`/`l`/`rh`→ㄹ,
//! `kh`/`th`/`ph` aspirated; finals `k g rk`, `n`, `ng`, `l ll`, `m`, `p b`,
//! `t d`, and a token-final `h` is silent (`Oh`, `Noh`, `Hoh`). Tokens that
//! came from Japanese kana also accept the Japanese rendering of Korean
//! syllables: epenthetic vowels (`kimu` → 김, `paku` → 박, `choru` → 철) and
//! `n` for final ㅇ (`jon` → 정).

/// First Hangul syllable.
const SBASE: u32 = 0xAC00;
/// Number of Hangul syllables.
const SCOUNT: u32 = 11172;

const LEAD_KEY: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const LEAD_TXT: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th",
    "ph", "h",
];
const VOWEL_KEY: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const VOWEL_TXT: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];
const TAIL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Two-syllable Korean surnames (남궁, 황보, 제갈, 선우, 독고, 사공, 서문).
const COMPOUND_SURNAMES: [&str; 7] = ["남궁", "황보", "제갈", "선우", "독고", "사공", "서문"];

/// True for a precomposed Hangul syllable (U+AC00..U+D7A3).
pub fn is_syllable(c: char) -> bool {
    (SBASE..SBASE + SCOUNT).contains(&(c as u32))
}

/// (lead, vowel, tail) jamo indices of a Hangul syllable.
fn jamo(c: char) -> Option<(usize, usize, usize)> {
    let s = (c as u32).checked_sub(SBASE)?;
    if s >= SCOUNT {
        return None;
    }
    let s = s as usize;
    Some((s / (21 * 28), (s % (21 * 28)) / 28, s % 28))
}

/// Applies the initial-sound law to a (lead, vowel) pair in key spelling.
fn initial_law<'a>(lead: &'a str, vowel: &str) -> &'a str {
    let front = vowel.starts_with('i') || vowel.starts_with('y');
    match lead {
        "r" if front => "",
        "r" => "n",
        "n" if front => "",
        _ => lead,
    }
}

fn push_syllable_key(out: &mut String, lead: &str, vowel: &str, tail: &str) {
    out.push_str(initial_law(lead, vowel));
    out.push_str(vowel);
    out.push_str(tail);
}

/// The fine Korean key of a run of Hangul syllables (`정은` → `jeong.eun`).
/// Non-syllable characters are skipped.
pub fn hangul_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars() {
        if let Some((l, v, t)) = jamo(c) {
            if !out.is_empty() {
                out.push('.');
            }
            push_syllable_key(&mut out, LEAD_KEY[l], VOWEL_KEY[v], TAIL[t]);
        }
    }
    out
}

/// Appends the display romanisation of a Hangul syllable.
fn push_syllable_text(out: &mut String, c: char) {
    if let Some((l, v, t)) = jamo(c) {
        out.push_str(LEAD_TXT[l]);
        out.push_str(VOWEL_TXT[v]);
        out.push_str(TAIL[t]);
    }
}

/// Display romanisation of a run of Hangul syllables, joined (`정은` → `jongun`).
pub fn romanize(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars() {
        push_syllable_text(&mut out, c);
    }
    out
}

/// Display romanisation of a syllable used as a surname (이 → `lee`).
pub fn romanize_surname(word: &str) -> String {
    match word {
        "이" => "lee".to_owned(),
        _ => romanize(word),
    }
}

/// Splits a Hangul personal name written without spaces into surname and
/// given-name syllables: 2–4 syllables, compound surnames recognised.
/// Returns `None` for other lengths (not split).
pub fn split_person(word: &str) -> Option<Vec<&str>> {
    let n = word.chars().count();
    if !(2..=4).contains(&n) || !word.chars().all(is_syllable) {
        return None;
    }
    let mut parts = Vec::with_capacity(n);
    let surname_len = if n >= 3 && COMPOUND_SURNAMES.iter().any(|s| word.starts_with(s)) {
        2
    } else {
        1
    };
    let mut idx = word.char_indices().map(|(i, _)| i).chain([word.len()]);
    let starts: Vec<usize> = idx.by_ref().collect();
    parts.push(&word[..starts[surname_len]]);
    for w in starts[surname_len..].windows(2) {
        parts.push(&word[w[0]..w[1]]);
    }
    Some(parts)
}

type Alts = &'static [&'static str];

const INITIALS: &[(&str, Alts)] = &[
    ("g", &["g"]),
    ("k", &["g", "k", "kk"]),
    ("kk", &["kk"]),
    ("gg", &["kk"]),
    ("kh", &["k"]),
    ("n", &["n"]),
    ("d", &["d"]),
    ("t", &["d", "t", "tt"]),
    ("th", &["t"]),
    ("tt", &["tt"]),
    ("dd", &["tt"]),
    ("r", &["r"]),
    ("l", &["r"]),
    ("rh", &["r"]),
    ("m", &["m"]),
    ("b", &["b"]),
    ("p", &["b", "p", "pp"]),
    ("ph", &["p"]),
    ("pp", &["pp"]),
    ("bb", &["pp"]),
    ("s", &["s", "ss"]),
    ("ss", &["ss"]),
    ("sh", &["s"]),
    ("j", &["j", "jj"]),
    ("jj", &["jj"]),
    ("ch", &["j", "ch"]),
    ("chh", &["ch"]),
    ("h", &["h"]),
];

const VOWELS: &[(&str, Alts)] = &[
    ("a", &["a"]),
    ("ae", &["ae"]),
    ("ai", &["ae"]),
    ("e", &["e", "ae"]),
    ("eo", &["eo"]),
    ("o", &["o", "eo"]),
    ("u", &["u", "eu", "eo"]),
    ("eu", &["eu"]),
    ("i", &["i"]),
    ("ee", &["i"]),
    ("oo", &["u"]),
    ("ou", &["u"]),
    ("ya", &["ya"]),
    ("yae", &["yae"]),
    ("ye", &["ye", "yae"]),
    ("yeo", &["yeo"]),
    ("yo", &["yo", "yeo"]),
    ("you", &["yeo", "yo", "yu"]),
    ("yu", &["yu", "yeo"]),
    ("yoo", &["yu"]),
    ("yi", &["i", "ui"]),
    ("wa", &["wa"]),
    ("wae", &["wae"]),
    ("oe", &["oe", "wae", "we"]),
    ("oi", &["oe"]),
    ("we", &["we", "oe"]),
    ("wo", &["wo"]),
    ("weo", &["wo"]),
    ("woo", &["u"]),
    ("wu", &["u"]),
    ("wi", &["wi"]),
    ("ui", &["ui", "wi"]),
    ("eui", &["ui"]),
];

/// Japanese kana renderings of Korean vowels (チェ for 최).
const KANA_VOWELS: &[(&str, Alts)] = &[("e", &["e", "ae", "oe", "we"])];

const FINALS: &[(&str, Alts)] = &[
    ("k", &["k"]),
    ("g", &["k"]),
    ("ck", &["k"]),
    ("rk", &["k"]),
    ("n", &["n"]),
    ("ng", &["ng"]),
    ("l", &["l"]),
    ("ll", &["l"]),
    ("m", &["m"]),
    ("p", &["p"]),
    ("b", &["p"]),
    ("t", &["t"]),
    ("d", &["t"]),
];

/// Japanese renderings of Korean finals (キム kimu, パク paku, チョル choru,
/// ジョン jon for 정).
const KANA_FINALS: &[(&str, Alts)] = &[
    ("n", &["ng"]),
    ("mu", &["m"]),
    ("ku", &["k"]),
    ("gu", &["k"]),
    ("pu", &["p"]),
    ("ru", &["l"]),
    ("tsu", &["t"]),
];

/// Longest Latin token given Korean keys, in bytes.
const MAX_LEN: usize = 16;
/// Most syllables in a key.
const MAX_SYLLABLES: usize = 4;
/// Most keys per token.
pub const MAX_KEYS: usize = 48;

struct Seg<'a> {
    s: &'a [u8],
    kana: bool,
    /// Most syllables allowed in this pass.
    max_syllables: usize,
    out: Vec<String>,
    buf: String,
}

impl Seg<'_> {
    /// Starts a syllable at `pos` (`nsyl` syllables already in `buf`).
    fn syllable(&mut self, pos: usize, nsyl: usize) {
        if self.out.len() >= MAX_KEYS || nsyl >= self.max_syllables {
            return;
        }
        let mark = self.buf.len();
        // Vowel-initial syllable (ㅇ).
        self.vowel(pos, "", nsyl);
        for (lat, alts) in INITIALS {
            if self.s[pos..].starts_with(lat.as_bytes()) {
                for lead in *alts {
                    self.vowel(pos + lat.len(), lead, nsyl);
                    self.buf.truncate(mark);
                }
            }
        }
        self.buf.truncate(mark);
    }

    fn vowel(&mut self, pos: usize, lead: &'static str, nsyl: usize) {
        let mark = self.buf.len();
        let extra: &[(&str, Alts)] = if self.kana { KANA_VOWELS } else { &[] };
        for (lat, alts) in VOWELS.iter().chain(extra) {
            if self.s[pos..].starts_with(lat.as_bytes()) {
                for v in *alts {
                    if nsyl > 0 {
                        self.buf.push('.');
                    }
                    self.buf.push_str(initial_law(lead, v));
                    self.buf.push_str(v);
                    self.finals(pos + lat.len(), nsyl + 1);
                    self.buf.truncate(mark);
                }
            }
        }
    }

    fn finals(&mut self, pos: usize, nsyl: usize) {
        let mark = self.buf.len();
        // No final.
        self.next(pos, nsyl);
        let extra: &[(&str, Alts)] = if self.kana { KANA_FINALS } else { &[] };
        for (lat, alts) in FINALS.iter().chain(extra) {
            if self.s[pos..].starts_with(lat.as_bytes()) {
                for f in *alts {
                    self.buf.push_str(f);
                    self.next(pos + lat.len(), nsyl);
                    self.buf.truncate(mark);
                }
            }
        }
        // Silent token-final h (Oh, Noh, Hoh).
        if &self.s[pos..] == b"h" {
            self.next(pos + 1, nsyl);
        }
    }

    fn next(&mut self, pos: usize, nsyl: usize) {
        if pos == self.s.len() {
            if self.out.len() < MAX_KEYS && !self.out.iter().any(|k| k[2..] == self.buf) {
                let mut k = String::with_capacity(self.buf.len() + 2);
                k.push_str("k:");
                k.push_str(&self.buf);
                self.out.push(k);
            }
        } else {
            self.syllable(pos, nsyl);
        }
    }
}

/// Korean keys (`k:` prefixed) of a Latin token: every reading of every
/// segmentation into the *fewest* Korean syllables possible (`eun` is one
/// syllable, not `e`+`un`; `jongun` is `jong`+`un` or `jon`+`gun`), at most
/// [`MAX_KEYS`]. Empty when the token cannot be read as Korean syllables
/// (`vladimir`).
///
/// `kana`: the token is a romanised Japanese kana rendering.
pub fn latin_keys(token: &str, kana: bool) -> Vec<String> {
    if token.is_empty() || token.len() > MAX_LEN || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut seg = Seg {
        s: token.as_bytes(),
        kana,
        max_syllables: 0,
        out: Vec::new(),
        buf: String::with_capacity(24),
    };
    // A syllable spells at most 7 letters (`chh`+`weo`+`ng`... in practice
    // fewer), so short tokens cannot need many syllables: start there.
    let min = token.len().div_ceil(7).max(1);
    for max in min..=MAX_SYLLABLES {
        seg.max_syllables = max;
        seg.syllable(0, 0);
        if !seg.out.is_empty() {
            break;
        }
    }
    seg.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(a: &[String], b: &[String]) -> bool {
        a.iter().any(|k| b.contains(k))
    }
    fn h(s: &str) -> Vec<String> {
        vec![format!("k:{}", hangul_key(s))]
    }
    fn l(s: &str) -> Vec<String> {
        latin_keys(s, false)
    }

    #[test]
    fn hangul_keys() {
        assert_eq!(hangul_key("김정은"), "gim.jeong.eun");
        assert_eq!(hangul_key("김종은"), "gim.jong.eun");
        assert_eq!(hangul_key("리"), hangul_key("이"));
        assert_eq!(hangul_key("류"), "yu");
        assert_eq!(hangul_key("최"), "choe");
        assert_eq!(romanize("김정은"), "kimjongun");
        assert_eq!(romanize("철룡혁"), "cholryonghyok");
    }

    #[test]
    fn latin_variants_share_keys() {
        let groups: &[&[&str]] = &[
            &["jong", "chong", "jeong", "정"],
            &["ri", "rhee", "lee", "yi", "i", "이", "리"],
            &["pak", "park", "bak", "박"],
            &["choe", "choi", "chwe", "최"],
            &["kim", "gim", "김"],
            &["song", "seong", "sung", "성"],
            &["hyon", "hyun", "hyeon", "현"],
            &["un", "eun", "은"],
            &["un", "woon", "운"],
            &["o", "oh", "오"],
            &["kwang", "gwang", "광"],
            &["chol", "cheol", "chul", "철"],
            &["yong", "young", "ryong", "lyong", "룡"],
            &["il", "ill", "일"],
            &["ho", "hoh", "호"],
            &["jongun", "jeongeun", "정은"],
        ];
        for g in groups {
            for a in *g {
                for b in *g {
                    let ka = if a.is_ascii() { l(a) } else { h(a) };
                    let kb = if b.is_ascii() { l(b) } else { h(b) };
                    assert!(share(&ka, &kb), "{a} vs {b}: {ka:?} / {kb:?}");
                }
            }
        }
    }

    #[test]
    fn distinctions() {
        assert!(!share(&h("정"), &h("종")));
        assert!(share(&l("jong"), &h("종")));
        assert!(share(&l("jong"), &h("정")));
        assert!(!share(&l("jong"), &l("jang")));
        assert!(!share(&l("jeong"), &h("종")));
        assert!(l("vladimir").is_empty());
    }

    #[test]
    fn kana_renderings() {
        let k = |s: &str| latin_keys(s, true);
        assert!(share(&k("kimu"), &h("김")));
        assert!(share(&k("jonun"), &h("정은")));
        assert!(share(&k("paku"), &h("박")));
        assert!(share(&k("choru"), &h("철")));
        assert!(share(&k("che"), &h("최")));
    }

    #[test]
    fn split() {
        assert_eq!(split_person("김정은"), Some(vec!["김", "정", "은"]));
        assert_eq!(split_person("남궁민수"), Some(vec!["남궁", "민", "수"]));
        assert_eq!(split_person("김"), None);
    }
}
