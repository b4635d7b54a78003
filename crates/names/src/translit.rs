//! Transliteration of folded text to ASCII Latin, script by script.

use crate::fold::fold;
use crate::key::{Key, KeyKind};
use crate::korean;
use crate::script::{Script, script_of};
use ferrous_opencc::{OpenCC, config::BuiltinConfig};
use pinyin::ToPinyin;
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;
use wana_kana::ConvertJapanese;

/// One latinized piece of a folded word, before role assignment.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub text: String,
    pub script: Script,
    /// Exact key of the written form: the Korean key of a Hangul part,
    /// the characters (simplified) of a Han part, the letters with long
    /// vowels of an Arabic-script part
    /// ([`abjad::vowelled`](crate::abjad::vowelled)).
    pub exact_key: Option<Key>,
    /// Latin readings of a foreign name written in Hangul
    /// ([`loanword::reading`](crate::loanword::reading)) or Chinese
    /// characters ([`transcription::readings`](crate::transcription::readings)).
    pub loan: Vec<String>,
}

/// Splits a folded word (no spaces) into maximal runs of one script.
pub(crate) fn script_runs(word: &str) -> impl Iterator<Item = (Script, &str)> {
    let mut rest = word;
    std::iter::from_fn(move || {
        let mut it = rest.char_indices();
        let (_, first) = it.next()?;
        let s = script_of(first);
        // A combining mark belongs to the letter before it (Unicode's
        // inherited script): it must not cut the word.
        let end = it
            .find(|&(_, c)| script_of(c) != s && !is_combining_mark(c))
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((s, run))
    })
}

/// Pushes the ASCII alphanumeric words of `s` (lower-cased; apostrophes
/// removed; other characters split) as parts.
fn push_ascii_words(s: &str, script: Script, parts: &mut Vec<Part>) {
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '`' | '\u{2019}') {
        } else if !cur.is_empty() {
            parts.push(Part {
                text: std::mem::take(&mut cur),
                script,
                exact_key: None,
                loan: Vec::new(),
            });
        }
    }
    if !cur.is_empty() {
        parts.push(Part {
            text: cur,
            script,
            exact_key: None,
            loan: Vec::new(),
        });
    }
}

/// How Hangul and Han (CJK) words are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CjkWords {
    /// Korean personal names (2–4 syllables of Korean names) split into
    /// surname + syllables; other words whole. Han: a 2–3 character run
    /// is a Chinese name (surname, given name), other runs a syllable per
    /// character.
    SplitNames,
    /// A person's name whose parts are written apart (`丽娜 马`, `正恩 金`):
    /// Hangul as [`CjkWords::SplitNames`]; a Han word of two characters is
    /// one part, read joined as pinyin writes it (`lina`).
    NamePartsApart,
    /// Every word whole (organisation and vessel names); Han runs a
    /// syllable per character.
    Whole,
    /// Every word whole and read as a foreign name (`오사마`, whose
    /// syllables all occur in Korean names too; `奥巴马`, whose characters
    /// do too).
    Foreign,
}

/// Latinizes one single-script run; `cjk` says how Hangul and Han words
/// are read.
pub(crate) fn run_parts(script: Script, run: &str, cjk: CjkWords, parts: &mut Vec<Part>) {
    match script {
        Script::Latin => push_ascii_words(run, Script::Latin, parts),
        Script::Hangul => {
            let split = if matches!(cjk, CjkWords::SplitNames | CjkWords::NamePartsApart) {
                korean::split_person(run)
            } else {
                None
            };
            match split {
                Some(pieces) => {
                    for (i, p) in pieces.into_iter().enumerate() {
                        let text = if i == 0 {
                            korean::romanize_surname(p)
                        } else {
                            korean::romanize(p)
                        };
                        parts.push(Part {
                            text,
                            script,
                            exact_key: Some(Key::new(KeyKind::Korean, korean::hangul_key(p))),
                            loan: Vec::new(),
                        });
                    }
                }
                None => {
                    let n = run.chars().count();
                    parts.push(Part {
                        text: korean::romanize(run),
                        script,
                        exact_key: (n <= 4)
                            .then(|| Key::new(KeyKind::Korean, korean::hangul_key(run))),
                        // Not a Korean name (a syllable no Korean name uses,
                        // or too long): read as a foreign name.
                        loan: (n >= 2
                            && (cjk == CjkWords::Foreign || n > 4 || !korean::is_name_word(run)))
                        .then(|| crate::loanword::reading(run))
                        .into_iter()
                        .collect(),
                    });
                }
            }
        }
        // A foreign name in Chinese characters (`弗拉基米尔`): one word,
        // read as a transcription.
        Script::Han if cjk == CjkWords::Foreign => {
            let start = parts.len();
            push_ascii_words(&pinyin_of(run), script, parts);
            if parts.len() == start + 1
                && let Some(p) = parts.last_mut()
            {
                p.exact_key = Some(han_key(run));
                p.loan = crate::transcription::readings(run, MAX_TRANSCRIPTIONS);
            }
        }
        Script::Han => {
            // (Three characters are a surname and a given name more often.)
            let whole = cjk == CjkWords::NamePartsApart && run.chars().count() <= 2;
            let groups = if whole { vec![run] } else { han_groups(run) };
            for group in groups {
                let start = parts.len();
                push_ascii_words(&pinyin_of(group), script, parts);
                // One group is one token unless a character had no
                // reading (digits, letters inside the run).
                if parts.len() == start + 1
                    && let Some(p) = parts.last_mut()
                {
                    p.exact_key = Some(han_key(group));
                }
            }
        }
        Script::Kana => {
            let start = parts.len();
            push_ascii_words(&kana_romaji(run), script, parts);
            // The Arabic article and filiation written alone (`アル・ワリド`).
            for p in &mut parts[start..] {
                let article = match p.text.as_str() {
                    "aru" => "al",
                    "eru" => "el",
                    "uru" => "ul",
                    "ibun" => "ibn",
                    _ => continue,
                };
                p.text = article.to_owned();
            }
        }
        Script::Cyrillic => {
            let mut text = String::with_capacity(run.len());
            for c in run.chars() {
                match cyrillic(c) {
                    Some(s) => text.push_str(s),
                    None => text.push_str(any_ascii::any_ascii_char(c)),
                }
            }
            push_ascii_words(&text, script, parts);
        }
        Script::Arabic => {
            // `الرحمن` is `al` + `rahman` (`Abd al-Rahman`): the article is
            // written joined in Arabic and apart in Latin.
            // (`الله`, Allah, is one word.)
            let rest = run.strip_prefix("ال").filter(|r| r.chars().count() >= 3);
            let word = match rest {
                Some(rest) => {
                    parts.push(Part {
                        text: "al".to_owned(),
                        script,
                        exact_key: None,
                        loan: Vec::new(),
                    });
                    rest
                }
                None => run,
            };
            // Filiation and `abu` as Latin lists write them (`بن` is `bn`
            // letter by letter).
            let particle = match word {
                "بن" => Some("bin"),
                "ابن" | "إبن" => Some("ibn"),
                "بنت" => Some("bint"),
                "أبو" | "ابو" => Some("abu"),
                _ => None,
            };
            if let Some(p) = particle {
                push_ascii_words(p, script, parts);
                return;
            }
            // Titles, as Latin lists write them (and then weigh them: a
            // title left out costs little).
            let title = match word {
                "حاجی" | "حاجي" | "حاجى" | "حاج" => Some("haji"),
                "ملا" | "ملّا" => Some("mullah"),
                "شيخ" | "شیخ" => Some("sheikh"),
                "مولوی" | "مولوي" | "مولوى" => Some("maulvi"),
                "مولانا" => Some("maulana"),
                "دكتور" | "دکتر" => Some("doctor"),
                _ => None,
            };
            if let Some(t) = title {
                push_ascii_words(t, Script::Latin, parts);
                return;
            }
            // With its long vowels, to check a Latin spelling's vowels by.
            push_with_letters(&arabic(word), script, crate::abjad::vowelled(word), parts);
        }
        Script::Hebrew => {
            // Letter by letter, for skeletons and vowels (as Arabic script).
            push_with_letters(
                &hebrew(run),
                script,
                crate::abjad::hebrew_letters(run),
                parts,
            );
        }
        Script::Other => {
            push_ascii_words(&any_ascii::any_ascii(&greek_digraphs(run)), script, parts)
        }
    }
}

/// [`push_ascii_words`], and when that made one word, its letters (an
/// Arabic-script or Hebrew word letter by letter, [`KeyKind::Vowelled`])
/// as its exact key.
fn push_with_letters(latin: &str, script: Script, letters: String, parts: &mut Vec<Part>) {
    let start = parts.len();
    push_ascii_words(latin, script, parts);
    if parts.len() == start + 1
        && let Some(p) = parts.last_mut()
    {
        p.exact_key = Some(Key::new(KeyKind::Vowelled, letters));
    }
}

/// A Greek word with the digraphs Greek writes foreign `b`, `d`, `g` with
/// read as those letters where they stand for them: first in a word
/// (`Μπασάρ` Bashar, `Ντόναλντ` Donald, `Γκάρι` Gary) and `ντ` last (no
/// Greek word ends so: `Άσαντ` Assad); `γγ` is `ng`. Inside a word they
/// stay letter by letter (`Αντώνης` Antonis). Other text is unchanged.
fn greek_digraphs(run: &str) -> std::borrow::Cow<'_, str> {
    let greek = |c: char| matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}');
    if !run.chars().any(greek) {
        return run.into();
    }
    let mut w = run.replace("γγ", "ng").replace("ου", "ou");
    for (digraph, latin) in [("μπ", "b"), ("ντ", "d"), ("γκ", "g")] {
        if let Some(rest) = w.strip_prefix(digraph) {
            w = format!("{latin}{rest}");
        }
    }
    if let Some(rest) = w.strip_suffix("ντ") {
        w = format!("{rest}d");
    }
    w.into()
}

/// Latin letters of an Arabic-script word (`any_ascii`), without the ta
/// marbuta `ة`, a vowel ending Latin writes `a` or `ah` (`القاعدة`
/// al-Qaida): as `h` it made `dh` with a `d` before it, which reads as `ذ`.
/// A final `ه` that would make such a digraph goes too (see
/// [`abjad::vowel_heh`](crate::abjad::vowel_heh)).
fn arabic(word: &str) -> String {
    let word = crate::abjad::vowel_heh(word);
    if word.contains('ة') {
        any_ascii::any_ascii(&word.replace('ة', ""))
    } else {
        any_ascii::any_ascii(word)
    }
}

/// Latin letters of a Hebrew word. Hebrew writes consonants, and `ו`/`י`
/// also for the vowels o/u and i: read as consonants (`v`, `y`) at the
/// start of a word or doubled, as vowels elsewhere (`פוטין` → `potin`).
/// `פ` is written `p` (also `f`), `ב` `b` (also `v`): consonant skeletons
/// do not tell those apart.
fn hebrew(run: &str) -> String {
    let chars: Vec<char> = run.chars().collect();
    let mut out = String::with_capacity(run.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let doubled = chars.get(i + 1) == Some(&c);
        let s = match c {
            'ו' if i == 0 || doubled => "v",
            'ו' => "o",
            'י' if i == 0 || doubled => "y",
            'י' => "i",
            'א' | 'ע' => "a",
            'ב' => "b",
            'ג' => "g",
            'ד' => "d",
            'ה' => "h",
            'ז' => "z",
            'ח' => "kh",
            'ט' | 'ת' => "t",
            'כ' | 'ך' | 'ק' => "k",
            'ל' => "l",
            'מ' | 'ם' => "m",
            'נ' | 'ן' => "n",
            'ס' => "s",
            'פ' | 'ף' => "p",
            'צ' | 'ץ' => "ts",
            'ר' => "r",
            'ש' => "sh",
            _ => {
                out.push_str(&any_ascii::any_ascii_char(c).to_ascii_lowercase());
                i += 1;
                continue;
            }
        };
        out.push_str(s);
        i += if doubled && matches!(c, 'ו' | 'י') {
            2
        } else {
            1
        };
    }
    out
}

/// Katakana for sounds Japanese lacks, a kana and a small vowel, in the
/// romaji that foreign names use (`ファ` `fa`, `ティ` `ti`, `ドゥ` `du`);
/// `wana_kana` reads the small vowel apart (`fua`, `tei`, `dou`).
const SMALL_VOWEL_KANA: &[(&str, &str)] = &[
    ("ファ", "fa"),
    ("フィ", "fi"),
    ("フェ", "fe"),
    ("フォ", "fo"),
    ("ティ", "ti"),
    ("ディ", "di"),
    ("トゥ", "tu"),
    ("ドゥ", "du"),
    ("ヴァ", "va"),
    ("ヴィ", "vi"),
    ("ヴェ", "ve"),
    ("ヴォ", "vo"),
    ("ウィ", "wi"),
    ("ウェ", "we"),
    ("ウォ", "wo"),
    ("ツァ", "tsa"),
    ("ツィ", "tsi"),
    ("ツェ", "tse"),
    ("ツォ", "tso"),
    ("イェ", "ye"),
];

/// Romaji of a katakana run, with [`SMALL_VOWEL_KANA`] read as one sound.
fn kana_romaji(run: &str) -> String {
    let mut out = String::with_capacity(run.len());
    let mut rest = run;
    while !rest.is_empty() {
        let next = SMALL_VOWEL_KANA
            .iter()
            .filter_map(|(k, _)| rest.find(k).map(|i| (i, k)))
            .min_by_key(|(i, _)| *i);
        let Some((i, k)) = next else {
            out.push_str(&rest.to_romaji());
            break;
        };
        out.push_str(&rest[..i].to_romaji());
        let romaji = SMALL_VOWEL_KANA
            .iter()
            .find(|(x, _)| x == k)
            .map_or("", |(_, r)| r);
        out.push_str(romaji);
        rest = &rest[i + k.len()..];
        // A long-vowel mark after it lengthens its vowel (`ディーン` `diin`).
        while let Some(r) = rest.strip_prefix('ー') {
            out.push_str(&romaji[romaji.len() - 1..]);
            rest = r;
        }
    }
    out
}

/// Most Latin readings kept for a foreign name in Chinese characters.
const MAX_TRANSCRIPTIONS: usize = 8;

/// Toneless pinyin of Han characters, joined (`any_ascii` for characters
/// without a reading).
fn pinyin_of(han: &str) -> String {
    let mut text = String::with_capacity(3 * han.len());
    for c in han.chars() {
        match c.to_pinyin() {
            Some(p) => text.push_str(p.plain()),
            None => text.push_str(&any_ascii::any_ascii_char(c).to_ascii_lowercase()),
        }
    }
    text
}

/// The exact key of a group of Han characters: the characters themselves,
/// traditional forms converted to simplified ones (`習近平` and `习近平`
/// share `习近平`), so that two names written with different characters
/// that read alike (`石`, `市`: both `shi`) can be told apart. Japanese
/// shinjitai/kyūjitai variants are not unified.
fn han_key(group: &str) -> Key {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    let simplified = T2S
        .get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
        .map(|cc| cc.convert(group));
    let text = simplified.unwrap_or_else(|| group.to_owned());
    Key::new(KeyKind::Han, text)
}

/// Compound Chinese surnames (simplified and traditional).
const HAN_COMPOUND_SURNAMES: [&str; 31] = [
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲",
    "公孙", "公孫", "慕容", "令狐", "司徒", "夏侯", "长孙", "長孫", "宇文", "南宫", "南宮", "独孤",
    "獨孤", "鲜于", "鮮于", "端木", "申屠", "轩辕", "軒轅",
];

/// Characters of the surname of a run of Han characters written like a
/// Chinese personal name: 2–3 characters (1 of them the surname), or 3–4
/// starting with a compound surname (2); `None` for any other run.
fn han_surname_len(run: &str) -> Option<usize> {
    let compound = HAN_COMPOUND_SURNAMES.iter().any(|s| run.starts_with(s));
    match (run.chars().count(), compound) {
        (3 | 4, true) => Some(2),
        (2 | 3, false) => Some(1),
        _ => None,
    }
}

/// A run of Han characters as long as a Chinese personal name: 1–3
/// characters, or 4 starting with a compound surname.
pub(crate) fn chinese_name_length(run: &str) -> bool {
    run.chars().count() <= 3 || han_surname_len(run).is_some()
}

/// Groups a run of Han characters the way Chinese names are written in Latin:
/// a personal name ([`han_surname_len`]) has its surname apart and given
/// name joined (`金正恩` → `jin`, `zhengen`; `习近平` → `xi`, `jinping`); any
/// other run is one syllable per character (`株式会社` → `zhu shi hui she`).
fn han_groups(run: &str) -> Vec<&str> {
    let mut chars = run.char_indices().map(|(i, _)| i).skip(1);
    match han_surname_len(run) {
        Some(k) => {
            let at = chars.nth(k - 1).unwrap_or(run.len());
            vec![&run[..at], &run[at..]]
        }
        None if run.is_empty() => Vec::new(),
        None => {
            let mut out = Vec::new();
            let mut start = 0;
            for end in chars.chain([run.len()]) {
                out.push(&run[start..end]);
                start = end;
            }
            out
        }
    }
}

/// A token transliterated from Cyrillic by [`cyrillic`], with each letter
/// written in two or more Latin letters back to one (an upper-case
/// stand-in): edits between two Cyrillic names count letters as written
/// (`Вукић` / `Вучић`, `vukic` / `vuchic`, differ by one letter, not two).
pub fn cyrillic_letters(latin: &str) -> std::borrow::Cow<'_, str> {
    // The spellings of more than one letter, from `cyrillic` itself, longest
    // first (`shch` before `sh`), each with its stand-in.
    static STAND_INS: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    let stand_ins = STAND_INS.get_or_init(|| {
        let mut spelled: Vec<&'static str> = ('\u{400}'..='\u{4ff}')
            .filter_map(cyrillic)
            .filter(|s| s.len() > 1)
            .collect();
        spelled.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        spelled.dedup();
        spelled
            .into_iter()
            .zip(('A'..='Z').map(String::from))
            .collect()
    });
    let mut out = std::borrow::Cow::Borrowed(latin);
    for (from, to) in stand_ins {
        if out.contains(from) {
            out = std::borrow::Cow::Owned(out.replace(from, to.as_str()));
        }
    }
    out
}

/// Cyrillic letters (lower case, after folding) in a BGN/PCGN-like,
/// passport-friendly ASCII spelling. Russian base with Ukrainian,
/// Belarusian, Serbian and Macedonian letters.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'є' => "ye",
        'і' => "i",
        'ї' => "yi",
        'ґ' => "g",
        'ў' => "u",
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dz",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        'ә' => "a",
        'ғ' => "g",
        'қ' => "k",
        'ң' => "n",
        'ө' => "o",
        'ұ' => "u",
        'ү' => "u",
        'һ' => "h",
        _ => return None,
    })
}

/// Folds `text` with [`fold`] and transliterates every non-Latin script to
/// lower-case ASCII Latin words separated by single spaces.
///
/// * Cyrillic: a BGN/PCGN-like table (`х kh`, `ц ts`, `й y`, `ю yu`; `ь`/`ъ` dropped).
/// * Hangul: DPRK/McCune–Reischauer style without diacritics; a 2–4 syllable
///   word is read as a personal name and split into surname and syllables
///   (`김정은` → `kim jong un`). See the [`korean`](crate::korean) module.
/// * Han: pinyin without tones; a 2–3 character run is a personal name,
///   surname apart and given name joined (`金正恩` → `jin zhengen`).
///   Japanese kanji are read in Mandarin too (no kanji dictionary ships).
/// * Kana: Hepburn (`キム・ジョンウン` → `kimu jonun`).
/// * Anything else (Arabic, Persian, Greek, Hebrew, Georgian, Indic...): `any_ascii`.
///
/// A word mixing scripts is split where the script changes. `latinize` is
/// idempotent and its output is always ASCII.
///
/// ```
/// use embargo_names::latinize;
/// assert_eq!(latinize("Владимир Путин"), "vladimir putin");
/// assert_eq!(latinize("김정은"), "kim jong un");
/// assert_eq!(latinize("金正恩"), "jin zhengen");
/// assert_eq!(latinize("キム・ジョンウン"), "kimu jonun");
/// assert_eq!(latinize("Kim Jong-un"), "kim jong un");
/// ```
pub fn latinize(text: &str) -> String {
    let folded = fold(text);
    let mut parts = Vec::new();
    for word in folded.split(' ') {
        for (script, run) in script_runs(word) {
            run_parts(script, run, CjkWords::SplitNames, &mut parts);
        }
    }
    let mut out = String::with_capacity(folded.len());
    for p in &parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&p.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_reads_vav_and_yod_inside_words_as_vowels() {
        assert_eq!(hebrew("פוטין"), "potin");
        assert_eq!(hebrew("ולדימיר"), "vldimir");
        assert_eq!(hebrew("דוד"), "dod");
    }

    #[test]
    fn scripts() {
        assert_eq!(
            latinize("Александр Григорьевич Лукашенко"),
            "aleksandr grigorevich lukashenko"
        );
        assert_eq!(latinize("习近平"), "xi jinping");
        assert_eq!(latinize("欧阳修"), "ouyang xiu");
        assert_eq!(latinize("株式会社"), "zhu shi hui she");
        assert_eq!(latinize("ﾌﾙﾊﾞｲﾄ"), "furubaito");
        assert_eq!(latinize("ファイズ・ティモール"), "faizu timooru");
        assert_eq!(latinize("アブドゥル・アル・ワリド"), "abuduru al warido");
        assert_eq!(latinize("アンサール・ディーン"), "ansaaru diin");
        assert_eq!(latinize("최룡해"), "choe ryong hae");
        assert_eq!(latinize("이설주"), "lee sol ju");
        assert_eq!(latinize("Kim김정은"), "kim kim jong un");
        assert_eq!(latinize("محمد"), "mhmd");
        assert_eq!(latinize("عبد الرحمن"), "bd al rhmn");
        assert_eq!(latinize("الله"), "llh");
        assert_eq!(latinize("Σωκράτης"), "sokratis");
        assert_eq!(latinize(""), "");
    }
}
