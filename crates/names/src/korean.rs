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
//! # The Korean key ([`KeyKind::Korean`](crate::KeyKind::Korean) keys of a [`Token`](crate::Token))
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
//!   the matcher treats two Hangul tokens
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
//!
//! Two more writings of Korean names get the same keys:
//!
//! * **Cyrillic** ([`Spelling::Cyrillic`], on the transliteration
//!   [`latinize`](crate::latinize) gives): Russian writes Korean names in the
//!   Kontsevich system or older forms (`Ким Чен Ын` 김정은, `Чхве` 최,
//!   `Ким Чен Ир` 김정일): `х` is ㅎ, `чх` ㅊ, `ы` ㅡ, `н` also ㅇ, `е` also
//!   ㅓ/ㅕ/ㅖ, a final `р` ㄹ.
//! * **Han characters** ([`hanja_keys`]): the Sino-Korean readings of each
//!   character (libhangul's Hanja dictionary, `data/hanja_korean.tsv.gz`),
//!   as Chinese and Japanese write Korean names (`金正恩`).

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
pub(crate) fn jamo(c: char) -> Option<(usize, usize, usize)> {
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

/// True when every syllable of `word` occurs in Korean personal names
/// (`김정은`), false for most foreign names written in Hangul (`푸틴`, `트럼프`).
pub fn is_name_word(word: &str) -> bool {
    let set = name_syllables();
    word.chars().all(|c| {
        // `ㅡ` without a final consonant (르, 스, 트) is the vowel inserted
        // into foreign words; no Sino-Korean reading has it.
        let inserted = jamo(c).is_some_and(|(_, v, t)| VOWEL_KEY[v] == "eu" && t == 0);
        is_syllable(c) && !inserted && set.contains(&hangul_key(c.encode_utf8(&mut [0; 4])))
    })
}

/// Splits a Hangul personal name written without spaces into surname and
/// given-name syllables: 2–4 syllables of Korean names, compound surnames
/// recognised. Returns `None` otherwise (not split): other lengths, and
/// words with a syllable no Korean name uses (a foreign name, `푸틴`).
pub fn split_person(word: &str) -> Option<Vec<&str>> {
    let n = word.chars().count();
    if !(2..=4).contains(&n) || !is_name_word(word) {
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

/// Korean initials as Russian writes them (Kontsevich and older forms),
/// in the spelling [`latinize`](crate::latinize) gives Cyrillic: `к` ㄱ
/// (or ㅋ, ㄲ, as Latin `k`), `т` ㄷ/ㅌ, `п` ㅂ/ㅍ, `кх` kkh ㅋ, `ч` ch ㅈ/ㅊ, `чж` chzh ㅈ, `чх` chkh ㅊ, `ц` ts (`Цой` 최),
/// `х` kh ㅎ.
const CYRILLIC_INITIALS: &[(&str, Alts)] = &[
    ("k", &["g", "k", "kk"]),
    ("g", &["g"]),
    ("kk", &["kk"]),
    ("kkh", &["k"]),
    ("n", &["n"]),
    ("t", &["d", "t"]),
    ("d", &["d"]),
    ("tt", &["tt"]),
    ("tkh", &["t"]),
    ("r", &["r"]),
    ("l", &["r"]),
    ("m", &["m"]),
    ("p", &["b", "p"]),
    ("b", &["b"]),
    ("pp", &["pp"]),
    ("pkh", &["p"]),
    ("s", &["s", "ss"]),
    ("ss", &["ss"]),
    ("sh", &["s"]),
    ("ch", &["j", "ch"]),
    ("chzh", &["j"]),
    ("dzh", &["j"]),
    ("chch", &["jj"]),
    ("chkh", &["ch"]),
    ("ts", &["j", "ch"]),
    ("kh", &["h"]),
];

/// Korean vowels in Russian spelling: `о` ㅗ/ㅓ, `е`/`ё`/`э` (all `e`
/// once transliterated) ㅔ ㅐ ㅓ ㅕ ㅛ ㅖ (`Чен` 정, `Ён` 영, `Хе` 혜), `йо`
/// ㅛ/ㅕ, `ы` y ㅡ (`Ын` 은), `и` also ㅢ (`Хи` 희), `ый` yy ㅢ, `в` before a
/// vowel w (`Хван` 황), `ой` ㅚ (`Цой`).
const CYRILLIC_VOWELS: &[(&str, Alts)] = &[
    ("a", &["a"]),
    ("ya", &["ya"]),
    ("o", &["o", "eo"]),
    ("e", &["e", "ae", "eo", "yeo", "yo", "ye"]),
    ("yo", &["yo", "yeo"]),
    ("u", &["u"]),
    ("yu", &["yu"]),
    ("y", &["eu"]),
    ("i", &["i", "ui"]),
    ("ye", &["ye"]),
    ("va", &["wa"]),
    ("ve", &["wae", "oe", "we"]),
    ("vo", &["wo"]),
    ("vi", &["wi"]),
    ("yy", &["ui"]),
    ("oy", &["oe"]),
];

/// Korean finals in Russian spelling: `н` both ㄴ and ㅇ (Kontsevich
/// writes 정 `чон`), `нг` ㅇ in older forms, `ль` l, and `р` l in the
/// traditional forms (`Ким Чен Ир` 김정일).
const CYRILLIC_FINALS: &[(&str, Alts)] = &[
    ("k", &["k"]),
    ("n", &["n", "ng"]),
    ("ng", &["ng"]),
    ("l", &["l"]),
    ("r", &["l"]),
    ("m", &["m"]),
    ("p", &["p"]),
    ("t", &["t"]),
];

pub(crate) static NAME_SYLLABLES_TXT: &str = include_str!("../data/korean_syllables.txt");

/// Fine keys of the Hangul syllables that occur in Korean personal names
/// (518 syllables from Wikidata Korean given-name groups plus common
/// surnames; generated by `examples/gen_data.rs`). A Latin token is read as
/// Korean only with these syllables, so `putin` or `salek` get no Korean key.
fn name_syllables() -> &'static std::collections::HashSet<String, crate::data::FnvBuild> {
    static CELL: std::sync::OnceLock<std::collections::HashSet<String, crate::data::FnvBuild>> =
        std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        NAME_SYLLABLES_TXT
            .chars()
            .filter(|&c| is_syllable(c))
            .map(|c| hangul_key(c.encode_utf8(&mut [0; 4])))
            .collect()
    })
}

/// Longest Latin token given Korean keys, in bytes.
const MAX_LEN: usize = 16;
/// Most syllables in a key.
const MAX_SYLLABLES: usize = 4;
/// Most keys per token.
pub const MAX_KEYS: usize = 48;
/// Longest Latin spelling of one syllable (`chh`+`eui`+`ng`).
const MAX_SPELLING: usize = 8;

/// One reading of a Latin syllable spelling.
struct Reading {
    key: Box<str>,
    /// Spelled with a silent final `h`: only at the end of a token.
    end_only: bool,
}

/// Latin syllable spelling → its readings as Korean name syllables.
type Spellings = std::collections::HashMap<Box<str>, Vec<Reading>, crate::data::FnvBuild>;

/// Builds the spelling table by composing every initial × vowel × final
/// spelling and keeping the readings that are Korean name syllables.
fn build_spellings(from: Spelling) -> Spellings {
    let set = name_syllables();
    let none: &[(&str, Alts)] = &[("", &[""])];
    let silent_h: &[(&str, Alts)] = &[("h", &[""])];
    let (initials, vowels, finals): (Vec<_>, Vec<_>, Vec<_>) = match from {
        Spelling::Latin => (
            INITIALS.iter().collect(),
            VOWELS.iter().collect(),
            FINALS.iter().chain(silent_h).collect(),
        ),
        Spelling::Kana => (
            INITIALS.iter().collect(),
            VOWELS.iter().chain(KANA_VOWELS).collect(),
            FINALS.iter().chain(KANA_FINALS).chain(silent_h).collect(),
        ),
        Spelling::Cyrillic => (
            CYRILLIC_INITIALS.iter().collect(),
            CYRILLIC_VOWELS.iter().collect(),
            CYRILLIC_FINALS.iter().collect(),
        ),
    };
    let mut map: Spellings = std::collections::HashMap::default();
    let mut key = String::new();
    for (ilat, ialts) in none.iter().chain(initials) {
        for (vlat, valts) in &vowels {
            for (flat, falts) in none.iter().chain(finals.iter().copied()) {
                let end_only = *flat == "h";
                let spelling = format!("{ilat}{vlat}{flat}");
                for lead in *ialts {
                    for v in *valts {
                        for f in *falts {
                            key.clear();
                            key.push_str(initial_law(lead, v));
                            key.push_str(v);
                            key.push_str(f);
                            if !set.contains(key.as_str()) {
                                continue;
                            }
                            let e = map.entry(spelling.as_str().into()).or_default();
                            if !e.iter().any(|r| *r.key == *key) {
                                e.push(Reading {
                                    key: key.as_str().into(),
                                    end_only,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    map
}

fn spellings(from: Spelling) -> &'static Spellings {
    static TABLES: [std::sync::OnceLock<Spellings>; 3] = [const { std::sync::OnceLock::new() }; 3];
    TABLES[from as usize].get_or_init(|| build_spellings(from))
}

/// What a romanised token was written in, which says how it spells Korean
/// syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Latin letters: McCune–Reischauer, Revised, DPRK and ad hoc forms.
    Latin = 0,
    /// Japanese kana, romanised (`kimu` 김, `jon` 정).
    Kana = 1,
    /// Cyrillic, transliterated by [`latinize`](crate::latinize): Russian
    /// Kontsevich and traditional forms (`Ким Чен Ын`: `kim chen yn`;
    /// `Чхве` `chkhve` 최).
    Cyrillic = 2,
}

/// Korean keys (their texts) of a Latin token: every reading of every
/// segmentation into the *fewest* Korean name syllables possible (`eun` is
/// one syllable, not `e`+`un`; `jongun` is `jong`+`un` or `jon`+`gun`), at
/// most [`MAX_KEYS`]. Empty when the token cannot be read as Korean name
/// syllables (`vladimir`, `putin`).
///
/// `kana`: the token is a romanised Japanese kana rendering.
pub fn latin_keys(token: &str, kana: bool) -> Vec<String> {
    spelled_keys(
        token,
        if kana {
            Spelling::Kana
        } else {
            Spelling::Latin
        },
    )
}

/// [`latin_keys`] of a token romanised from `from`.
pub fn spelled_keys(token: &str, from: Spelling) -> Vec<String> {
    let s = token.as_bytes();
    let n = s.len();
    if n == 0
        || n > MAX_LEN
        || !s.iter().all(|b| {
            b.is_ascii_lowercase()
                && (from != Spelling::Latin || !matches!(b, b'f' | b'q' | b'v' | b'x' | b'z'))
        })
    {
        return Vec::new();
    }
    let table = spellings(from);
    // options[pos]: (end, reading) for each syllable spelled at s[pos..end].
    let mut options: Vec<Vec<(usize, &Reading)>> = (0..n).map(|_| Vec::new()).collect();
    for (pos, opts) in options.iter_mut().enumerate() {
        for end in pos + 1..=(pos + MAX_SPELLING).min(n) {
            let Ok(sp) = std::str::from_utf8(&s[pos..end]) else {
                continue;
            };
            if let Some(rs) = table.get(sp) {
                opts.extend(
                    rs.iter()
                        .filter(|r| !r.end_only || end == n)
                        .map(|r| (end, r)),
                );
            }
        }
    }
    // fewest[pos]: fewest syllables spelling s[pos..].
    const INF: usize = usize::MAX / 2;
    let mut fewest = vec![INF; n + 1];
    fewest[n] = 0;
    for pos in (0..n).rev() {
        fewest[pos] = options[pos]
            .iter()
            .map(|&(end, _)| fewest[end] + 1)
            .min()
            .unwrap_or(INF);
    }
    if fewest[0] > MAX_SYLLABLES {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut buf = String::new();
    enumerate(&options, &fewest, 0, &mut buf, &mut out);
    out
}

/// Korean keys (their texts) of a word in Han characters read in
/// Sino-Korean, as Chinese and Japanese write Korean names (`金正恩` is
/// 김정은): every combination of the characters' readings (`金` is 김 and
/// 금), at most [`MAX_KEYS`]. Empty when a character has no reading or the
/// word has more than [`MAX_SYLLABLES`] characters.
pub fn hanja_keys(han: &str) -> Vec<String> {
    let mut keys = vec![String::new()];
    for (n, c) in han.chars().enumerate() {
        let Some(readings) = crate::data::hanja_readings(c) else {
            return Vec::new();
        };
        if n >= MAX_SYLLABLES {
            return Vec::new();
        }
        let mut next = Vec::with_capacity(keys.len() * 2);
        for k in &keys {
            for r in readings.chars() {
                let mut k = k.clone();
                if n > 0 {
                    k.push('.');
                }
                k.push_str(&hangul_key(r.encode_utf8(&mut [0; 4])));
                if !next.contains(&k) && next.len() < MAX_KEYS {
                    next.push(k);
                }
            }
        }
        keys = next;
    }
    if keys.iter().all(String::is_empty) {
        return Vec::new();
    }
    keys
}

/// Appends to `out` every key along a fewest-syllable path from `pos`.
fn enumerate(
    options: &[Vec<(usize, &Reading)>],
    fewest: &[usize],
    pos: usize,
    buf: &mut String,
    out: &mut Vec<String>,
) {
    if pos == options.len() {
        if out.len() < MAX_KEYS && !out.contains(buf) {
            out.push(buf.clone());
        }
        return;
    }
    let mark = buf.len();
    for &(end, r) in &options[pos] {
        if out.len() >= MAX_KEYS {
            return;
        }
        if fewest[end] + 1 != fewest[pos] {
            continue;
        }
        if mark > 0 {
            buf.push('.');
        }
        buf.push_str(&r.key);
        enumerate(options, fewest, end, buf, out);
        buf.truncate(mark);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(a: &[String], b: &[String]) -> bool {
        a.iter().any(|k| b.contains(k))
    }
    fn h(s: &str) -> Vec<String> {
        vec![hangul_key(s)]
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
        assert!(l("putin").is_empty());
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
    fn hanja_readings() {
        // Traditional and simplified characters, and the surname reading.
        assert!(share(&hanja_keys("金"), &h("김")));
        assert!(share(&hanja_keys("正恩"), &h("정은")));
        assert!(share(&hanja_keys("龍海"), &h("룡해")));
        assert!(share(&hanja_keys("龙海"), &h("룡해")));
        assert!(share(&hanja_keys("李"), &l("ri")));
        assert!(!share(&hanja_keys("正恩"), &h("종은")));
        // A character without a Korean reading (kana) gives no key.
        assert!(hanja_keys("金ア").is_empty());
        assert!(hanja_keys("").is_empty());
    }

    #[test]
    fn cyrillic_renderings() {
        let c = |s: &str| spelled_keys(s, Spelling::Cyrillic);
        let cyr = |s: &str| c(&crate::latinize(s));
        // Kontsevich and the traditional Russian forms.
        assert!(share(&cyr("Ким"), &h("김")));
        assert!(share(&cyr("Чен"), &h("정")));
        assert!(share(&cyr("Чон"), &h("정")));
        assert!(share(&cyr("Ын"), &h("은")));
        assert!(share(&cyr("Ен"), &h("영")));
        assert!(share(&cyr("Ён"), &h("영")));
        assert!(share(&cyr("Чхоль"), &h("철")));
        assert!(share(&cyr("Чхве"), &h("최")));
        assert!(share(&cyr("Цой"), &h("최")));
        assert!(share(&cyr("Пак"), &h("박")));
        assert!(share(&cyr("Ли"), &h("리")));
        assert!(share(&cyr("Хён"), &h("현")));
        assert!(share(&cyr("Рён"), &h("룡")));
        assert!(share(&cyr("Чжу"), &h("주")));
        assert!(share(&cyr("Ир"), &h("일")));
        assert!(share(&cyr("Хи"), &h("희")));
        assert!(share(&cyr("Хе"), &h("혜")));
        assert!(share(&cyr("Йон"), &h("연")));
        assert!(share(&cyr("Чер"), &h("철")));
        // `х` is ㅎ, not ㅋ as Latin `kh` would be.
        assert!(!share(&cyr("Хан"), &h("칸")));
        assert!(!share(&cyr("Чен"), &h("장")));
        assert!(cyr("Владимир").is_empty());
        assert!(cyr("Сергей").is_empty());
    }

    #[test]
    fn split() {
        assert_eq!(split_person("김정은"), Some(vec!["김", "정", "은"]));
        assert_eq!(split_person("남궁민수"), Some(vec!["남궁", "민", "수"]));
        assert_eq!(split_person("김"), None);
        assert_eq!(split_person("푸틴"), None);
        assert_eq!(split_person("세르게이"), None);
    }
}
