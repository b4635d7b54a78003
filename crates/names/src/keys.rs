//! Key generation: the equivalence keys of a token's text (see
//! [`KeyKind`] for what each kind is for).
//!
//! The order keys are pushed in is part of the contract: the matcher
//! interns them in that order and takes the first of some kinds as the
//! exact one.

use crate::data::{nicknames, variants};
use crate::key::{Key, KeyKind};
use crate::korean;
use crate::script::Script;
use crate::translit::Part;
use std::sync::OnceLock;

/// Most variant-group keys kept per token.
const MAX_VARIANT_KEYS: usize = 32;

/// Most pinyin readings of a Wade–Giles token.
pub(crate) const MAX_PINYIN_READINGS: usize = 8;

/// Most Latin spellings (`Spelling` keys, with their phonetic codes) of a
/// foreign name written in Hangul or Chinese characters, over all its
/// readings.
const MAX_LOAN_SPELLINGS: usize = 8;

/// Appends the keys of a name token (`text` written in `script`).
/// `exact`: the exact key of the written form when the token came from
/// Hangul ([`KeyKind::Korean`]), Han ([`KeyKind::Han`]) or Arabic script
/// ([`KeyKind::Vowelled`]).
/// A Hangul token has no other Korean keys; other tokens get the Korean
/// readings of their text as its script spells Korean (Latin, romanised
/// kana, transliterated Cyrillic: [`korean::Spelling`]), and a Han token
/// also the Sino-Korean readings of its characters
/// ([`KeyKind::HanKorean`] marks them).
pub(crate) fn name_keys(keys: &mut Vec<Key>, text: &str, script: Script, exact: Option<&Key>) {
    memo::name_keys(keys, text, script, exact, compute_name_keys);
}

/// A per-thread memo of [`name_keys`]: the tokens of a customer register
/// or a payment file repeat (common given names and surnames), and their
/// keys (Korean readings, katakana readings, skeletons, phonetic codes)
/// were a seventh of a monitoring run's time.
mod memo {
    use super::{Key, Script};
    use rustc_hash::{FxHashMap, FxHasher};
    use std::cell::RefCell;
    use std::hash::{Hash, Hasher};

    /// Entries kept per thread before the memo starts afresh (a few MB).
    const MAX_ENTRIES: usize = 150_000;

    /// What `name_keys` read, and what it wrote.
    struct Entry {
        text: Box<str>,
        script: Script,
        exact: Option<Key>,
        before: Box<[Key]>,
        after: Box<[Key]>,
    }

    thread_local! {
        static MEMO: RefCell<FxHashMap<u64, Entry>> = RefCell::default();
    }

    fn signature(text: &str, script: Script, exact: Option<&Key>, before: &[Key]) -> u64 {
        let mut h = FxHasher::default();
        (text, script, exact, before).hash(&mut h);
        h.finish()
    }

    /// `compute` on `keys` unless the same inputs were seen lately; then
    /// `keys` becomes what `compute` made of them.
    pub(super) fn name_keys(
        keys: &mut Vec<Key>,
        text: &str,
        script: Script,
        exact: Option<&Key>,
        compute: fn(&mut Vec<Key>, &str, Script, Option<&Key>),
    ) {
        let sig = signature(text, script, exact, keys);
        let hit = MEMO.with(|m| {
            let m = m.borrow();
            let e = m.get(&sig)?;
            let same = *e.text == *text
                && e.script == script
                && e.exact.as_ref() == exact
                && *e.before == **keys;
            same.then(|| keys.extend_from_slice(&e.after[keys.len()..]))
        });
        if hit.is_some() {
            return;
        }
        let before: Box<[Key]> = keys.as_slice().into();
        compute(keys, text, script, exact);
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(
                sig,
                Entry {
                    text: text.into(),
                    script,
                    exact: exact.cloned(),
                    before,
                    after: keys.as_slice().into(),
                },
            );
        });
    }
}

fn compute_name_keys(keys: &mut Vec<Key>, text: &str, script: Script, exact: Option<&Key>) {
    if let Some(k) = exact.filter(|k| !k.text.is_empty()) {
        keys.push(k.clone());
    }
    if script != Script::Hangul {
        let from = match script {
            Script::Kana => korean::Spelling::Kana,
            Script::Cyrillic => korean::Spelling::Cyrillic,
            _ => korean::Spelling::Latin,
        };
        keys.extend(
            korean::spelled_keys(text, from)
                .into_iter()
                .map(|k| Key::new(KeyKind::Korean, k)),
        );
    }
    // Han characters also read in Sino-Korean (`金英哲` Kim Yong Chol).
    if script == Script::Han
        && let Some(han) = exact.filter(|k| k.kind == KeyKind::Han)
    {
        for r in korean::hanja_keys(&han.text) {
            keys.push(Key::new(KeyKind::HanKorean, r.as_str()));
            let k = Key::new(KeyKind::Korean, r);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    if let Some(groups) = variants().groups(text) {
        for g in groups.split(',').take(MAX_VARIANT_KEYS) {
            keys.push(Key::new(KeyKind::Variant, g));
        }
    }
    // Katakana reading: Latin names as katakana would write them, katakana
    // as romaji, both folded the same way (`mohanmado`).
    if text.len() >= 3 && text.bytes().all(|b| b.is_ascii_lowercase()) {
        match script {
            Script::Kana => keys.push(Key::new(
                KeyKind::Reading,
                crate::kana::normalize_romaji(text),
            )),
            Script::Latin => {
                // The spelled reading first, then English `r` unwritten,
                // Arabic `kh` written `k`.
                for r in crate::kana::readings(text) {
                    keys.push(Key::new(KeyKind::Reading, r));
                }
            }
            _ => {}
        }
    }
    // Consonant skeleton, to meet Arabic-script names (`mhmd`).
    if matches!(script, Script::Latin | Script::Arabic | Script::Hebrew)
        && text.bytes().all(|b| b.is_ascii_lowercase())
    {
        // An Arabic-script token letter by letter (see `abjad::vowelled`).
        let letters = keys.iter().find(|k| k.kind == KeyKind::Vowelled);
        let letters = letters.map_or(text, |k| k.text.as_str());
        let with_t = crate::abjad::marbuta_t(letters);
        let mut skeletons = Vec::new();
        for letters in std::iter::once(letters).chain(with_t.as_deref()) {
            let skeleton = crate::abjad::skeleton(letters);
            if skeleton.len() >= 2 {
                skeletons.extend(crate::abjad::expansions(&skeleton));
            }
        }
        keys.extend(
            skeletons
                .into_iter()
                .map(|s| Key::new(KeyKind::Skeleton, s)),
        );
    }
    if let Some(groups) = nicknames().get(text) {
        keys.extend(groups.split(',').map(|g| Key::new(KeyKind::Nickname, g)));
    }
    // A foreign name in Cyrillic: `дж` and `х` write `j` and `h`
    // (`Джабхат` Jabhat, `Хасан` Hassan), which the Russian-style
    // transliteration spells `dzh`, `kh`. Looked up and compared as a
    // second spelling.
    if script == Script::Cyrillic && (text.contains("dzh") || text.contains("kh")) {
        let alt = text.replace("dzh", "j").replace("kh", "h");
        if let Some(groups) = variants().groups(&alt) {
            for g in groups.split(',').take(MAX_VARIANT_KEYS) {
                push_new(keys, Key::new(KeyKind::Variant, g));
            }
        }
        phonetic_codes(keys, &alt);
        keys.push(Key::new(KeyKind::Spelling, alt));
    }
    if text.len() > 1 {
        let dm = double_metaphone().double_metaphone(text);
        let (p, a) = (dm.primary(), dm.alternate());
        if !p.is_empty() {
            if a != p && !a.is_empty() {
                keys.push(Key::new(KeyKind::Phonetic, a));
            }
            keys.push(Key::new(KeyKind::Phonetic, p));
        }
    }
}

/// Keys of a foreign name written in Hangul or Chinese characters: its
/// folded readings ([`KeyKind::Loan`]), and its possible Latin spellings
/// (`라브로프` → `lavrof`...; [`KeyKind::Spelling`]) with their phonetic
/// codes, to find the Latin name.
pub(crate) fn loan_keys(keys: &mut Vec<Key>, readings: &[String]) {
    if readings.is_empty() {
        return;
    }
    let per_reading = (MAX_LOAN_SPELLINGS / readings.len()).max(1);
    for reading in readings {
        push_new(
            keys,
            Key::new(KeyKind::Loan, crate::loanword::fold(reading)),
        );
        for s in crate::loanword::spellings(reading, per_reading) {
            phonetic_codes(keys, &s);
            push_new(keys, Key::new(KeyKind::Spelling, s));
        }
    }
}

/// The katakana reading of the Latin word a legal form, generic
/// organisation word or stopword was written as: Japanese writes these
/// words by sound too (`カンパニー` company, `トレーディング` trading).
pub(crate) fn written_reading(keys: &mut Vec<Key>, written: &Part) {
    let w = written.text.as_str();
    // Abbreviations (`ltd`, `llc`, `corp`) are not what Japanese writes.
    if written.script == Script::Latin && w.len() >= 5 && w.bytes().all(|b| b.is_ascii_lowercase())
    {
        keys.push(Key::new(KeyKind::Reading, crate::kana::reading(w)));
    }
}

/// The pinyin readings of a token of a Chinese name in Wade–Giles.
pub(crate) fn pinyin_keys(keys: &mut Vec<Key>, text: &str) {
    for r in crate::wadegiles::pinyin_readings(text, MAX_PINYIN_READINGS) {
        keys.push(Key::new(KeyKind::Pinyin, r));
    }
}

/// The Korean keys of tokens written together: the concatenations of
/// their Korean keys (at most [`korean::MAX_KEYS`]), `None` when a part
/// has none. Joining two Hangul syllables so keeps their exact key
/// (`정`+`은` → `jeong.eun`, which 종+은 does not share).
pub(crate) fn joined_korean<'a>(parts: impl Iterator<Item = &'a [Key]>) -> Option<Vec<Key>> {
    let mut combos: Vec<String> = vec![String::new()];
    let mut any = false;
    for keys in parts {
        any = true;
        let ks: Vec<&str> = (keys.iter())
            .filter(|k| k.kind == KeyKind::Korean)
            .map(|k| k.text.as_str())
            .collect();
        if ks.is_empty() {
            return None;
        }
        let mut next = Vec::with_capacity(combos.len() * ks.len());
        'outer: for c in &combos {
            for k in &ks {
                if next.len() >= korean::MAX_KEYS {
                    break 'outer;
                }
                next.push(if c.is_empty() {
                    (*k).to_owned()
                } else {
                    format!("{c}.{k}")
                });
            }
        }
        combos = next;
    }
    any.then(|| {
        (combos.into_iter())
            .map(|c| Key::new(KeyKind::Korean, c))
            .collect()
    })
}

/// Appends the Double Metaphone codes of `text` (primary, then alternate)
/// not already there.
fn phonetic_codes(keys: &mut Vec<Key>, text: &str) {
    let dm = double_metaphone().double_metaphone(text);
    for code in [dm.primary(), dm.alternate()] {
        if !code.is_empty() {
            push_new(keys, Key::new(KeyKind::Phonetic, code));
        }
    }
}

fn push_new(keys: &mut Vec<Key>, k: Key) {
    if !keys.contains(&k) {
        keys.push(k);
    }
}

fn double_metaphone() -> &'static rphonetic::DoubleMetaphone {
    static CELL: OnceLock<rphonetic::DoubleMetaphone> = OnceLock::new();
    CELL.get_or_init(rphonetic::DoubleMetaphone::default)
}
