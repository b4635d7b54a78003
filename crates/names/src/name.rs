//! Tokenising a whole name: the tokens of its words ([`token`](crate::token)),
//! then what the name says of them together (a place in parentheses, the
//! surname before a comma, a title after the name), and the foreign reading
//! of Korean- or Chinese-looking words.

use crate::fold::fold;
use crate::key::{Key, KeyKind};
use crate::korean;
use crate::orthography::squeeze;
use crate::places::is_place;
use crate::script::{Script, script_of};
use crate::token::{NameKind, Token, TokenRole, as_name, kana_readings, tokenize_folded};
use crate::translit::{CjkWords, script_runs};
use crate::words::SURNAME_TITLES;
use std::collections::HashSet;
use std::sync::OnceLock;

/// True for a title token that may also be a surname (`SURNAME_TITLES`),
/// in Latin letters or in katakana.
fn is_surname_title(t: &Token) -> bool {
    static CELL: OnceLock<HashSet<String>> = OnceLock::new();
    if t.script == Script::Kana {
        let set = CELL.get_or_init(|| kana_readings(SURNAME_TITLES.iter()));
        set.contains(squeeze(&t.text).as_ref())
    } else {
        SURNAME_TITLES.contains(&t.text.as_str())
    }
}

/// Splits a name into tokens with roles and keys.
///
/// Pipeline: [`fold`] → per word, per script run, transliteration (as in
/// [`latinize`](crate::latinize); Hangul person names become surname +
/// one token per syllable, each with its exact Korean key) → legal forms
/// (longest match, up to the longest alias, for organisations) → titles,
/// particles, stopwords, initials → keys.
///
/// Hyphenated and spaced parts become separate tokens (`Jong-un` →
/// `jong`, `un`); a name written joined (`Jongun`) stays one token. The
/// matcher compares joined forms with [`join_tokens`](crate::join_tokens): Korean keys are
/// designed so that `join_tokens([jong, un])`, `jongun` and 정은 share a key.
/// Name-part order is kept as written; reordering is the matcher's job.
///
/// ```
/// use embargo_names::{tokenize, NameKind, TokenRole};
/// let t = tokenize("SALEK, ABDULHAI", NameKind::Person);
/// let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(texts, ["salek", "abdulhai"]);
///
/// let t = tokenize("Dr. Kim Jong-un", NameKind::Person);
/// assert_eq!(t[0].role, TokenRole::Title);
/// assert_eq!(t.len(), 4);
///
/// let t = tokenize("Acme Trading Co., Ltd.", NameKind::Organization);
/// assert_eq!(t.last().map(|t| t.role), Some(TokenRole::LegalForm));
/// ```
pub fn tokenize(name: &str, kind: NameKind) -> Vec<Token> {
    let folded = fold(name);
    let han_words = || {
        let han = |w: &&str| w.chars().any(|c| script_of(c) == Script::Han);
        folded.split(' ').filter(han).count()
    };
    let hangul = if matches!(kind, NameKind::Organization | NameKind::Vessel) {
        CjkWords::Whole
    } else if han_words() >= 2 {
        CjkWords::NamePartsApart
    } else {
        CjkWords::SplitNames
    };
    // An acronym spelled out in katakana is its letters (`エー・キュー・アイ`, AQI).
    if let Some(letters) = crate::kana::spelled_letters(&folded) {
        return tokenize_folded(&letters, kind, hangul);
    }
    let mut tokens = tokenize_folded(&folded, kind, hangul);
    // A country or region in parentheses qualifies an organisation's name
    // (`Deutsche Bank (Schweiz) AG`): marked.
    if kind != NameKind::Person && name.contains('(') {
        let inner: Vec<String> = parenthesised(name)
            .flat_map(|p| tokenize_folded(&fold(p), kind, hangul))
            .map(|t| t.text)
            .filter(|t| is_place(t))
            .collect();
        for t in tokens.iter_mut().filter(|t| inner.contains(&t.text)) {
            t.keys.push(Key::marker(KeyKind::Qualifier));
        }
    }
    if let Some((surname, _)) = name.split_once(',') {
        // `SHEIKH, Muhammad Naeem`, `KING, Stephen`: the word before the
        // comma of an inverted name is the surname, even when it reads as a
        // title; after it, a title is a title (`HASSAN, Sheikh`).
        if let Some(first) = tokens.first_mut()
            && first.role == TokenRole::Title
            && fold(surname).trim() == first.text
        {
            as_name(first);
        }
        // Two surnames before the comma (`PEREZ ROJAS, Daniel`): the first is
        // the one a bearer keeps (Spanish and Portuguese usage keeps the
        // father's), marked.
        // (Tokenised again only when it may hold two words: loading the
        // lists analyses every listed name.)
        if kind == NameKind::Person && surname.trim().contains([' ', '-']) {
            let surnames = tokenize_folded(&fold(surname), kind, hangul);
            let named: Vec<&Token> = surnames
                .iter()
                .filter(|t| t.role == TokenRole::Name)
                .collect();
            if let [principal, _] = named.as_slice()
                && let Some(t) = tokens.iter_mut().find(|t| t.text == principal.text)
            {
                t.keys.push(Key::marker(KeyKind::Principal));
            }
        }
    } else {
        // A title that is also a common surname comes before the name
        // (`Bishop Desmond Tutu`); after the last name it is the surname
        // (`Mark Bishop`, `Stephen King`). Other titles may follow the name
        // (`Putyin elnök`).
        if let Some(last) = tokens.iter().rposition(|t| t.role == TokenRole::Name) {
            for t in &mut tokens[last + 1..] {
                if t.role == TokenRole::Title && is_surname_title(t) {
                    as_name(t);
                }
            }
        }
    }
    tokens
}

/// The tokens of a name whose Hangul or Han words [`tokenize`] reads as
/// Korean or Chinese personal names, with those words read as foreign
/// names instead: `오사마 빈 라덴` (every syllable also occurs in Korean
/// names), `贝拉克·奥巴马` (Chinese characters chosen for their sound).
/// `None` when the name has no such word.
///
/// Han words are read as foreign only when the name looks like a
/// transcription: parts joined by a middle dot (`·`), or a run of Han
/// characters longer than a Chinese name. Read as foreign, Chinese names
/// written in Han (`兵 吴`, `静 刘`) met Latin names of other people
/// (`Bin Wu`, `Jin Ryu`): 16 more alerts on 50,000 name-only negatives.
pub fn tokenize_as_foreign(name: &str, kind: NameKind) -> Option<Vec<Token>> {
    if matches!(kind, NameKind::Organization | NameKind::Vessel)
        || !name
            .chars()
            .any(|c| korean::is_syllable(c) || script_of(c) == Script::Han)
    {
        return None;
    }
    let dotted = has_middle_dot(name);
    let folded = fold(name);
    let name_like = folded.split(' ').any(|w| {
        script_runs(w).any(|(s, run)| match s {
            Script::Han => dotted || !crate::translit::chinese_name_length(run),
            Script::Hangul => korean::split_person(run).is_some(),
            _ => false,
        })
    });
    name_like.then(|| tokenize_folded(&folded, kind, CjkWords::Foreign))
}

/// A middle dot between two words, as Chinese and Japanese write between
/// the parts of a foreign name (`贝拉克·奥巴马`).
fn has_middle_dot(name: &str) -> bool {
    name.trim_matches(|c: char| {
        matches!(
            c,
            '\u{b7}' | '\u{30fb}' | '\u{2027}' | '\u{ff65}' | '\u{2022}'
        ) || c.is_whitespace()
    })
    .contains(['\u{b7}', '\u{30fb}', '\u{2027}', '\u{ff65}', '\u{2022}'])
}

/// The parts of a name written in parentheses (`Schweiz` in `Deutsche
/// Bank (Schweiz) AG`).
fn parenthesised(name: &str) -> impl Iterator<Item = &str> {
    name.split('(')
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(inside, _)| inside))
}
