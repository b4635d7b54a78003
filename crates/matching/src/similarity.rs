//! Token-to-token similarity: every rule by which two tokens are alike
//! (shared keys, spellings, readings, skeletons, edits), the names crate
//! having none of its own.

use crate::tok::{Tok, intersects, min_edits};
use crate::weights::{TokenWeights, Weights};
use embargo_names::{TokenRole, edit_similarity, edit_similarity_above};

/// True when one token is a pinyin reading of the other (Wade–Giles), or
/// both read the same.
pub(crate) fn same_pinyin(a: &Tok, b: &Tok) -> bool {
    let (pa, pb) = (a.pinyin(), b.pinyin());
    (!pa.is_empty() || !pb.is_empty())
        && (pa.iter().any(|r| **r == *b.text)
            || pb.iter().any(|r| **r == *a.text)
            || pa.iter().any(|r| pb.contains(r)))
}

/// Equal once every run of one repeated byte is written once.
fn same_squeezed(a: &str, b: &str) -> bool {
    fn squeeze(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
        s.iter()
            .enumerate()
            .filter(move |&(i, c)| i == 0 || s[i - 1] != *c)
            .map(|(_, c)| *c)
    }
    squeeze(a.as_bytes()).eq(squeeze(b.as_bytes()))
}

/// Similarity of two tokens in `[0, 1]`, with the rule that decided.
/// Edit similarities under [`Weights::edit_floor`] come back as 0 (`none`).
pub fn similarity(a: &Tok, b: &Tok, w: &Weights) -> (f32, &'static str) {
    let (ws, edit_floor) = (&w.tokens, w.edit_floor());
    let ai = a.role == TokenRole::Initial;
    let bi = b.role == TokenRole::Initial;
    if ai || bi {
        // A Chinese given name in Han characters (`秋香`, qiuxiang) is one
        // token here, and romanised initials come one per syllable (`Q.X.`):
        // an initial is not matched with it at all (two initials facing it
        // are not read as its syllables either).
        let han_given = |t: &Tok| t.han_chars() > 1 && t.loan().is_empty();
        return if a.text.as_bytes().first() == b.text.as_bytes().first()
            && !han_given(a)
            && !han_given(b)
        {
            if ai && bi {
                (1.0, "initial")
            } else {
                (ws.initial, "initial")
            }
        } else {
            (0.0, "")
        };
    }
    if a.hangul
        && b.hangul
        && let (Some(x), Some(y)) = (a.exact_korean, b.exact_korean)
    {
        return if x == y && x != u32::MAX {
            (1.0, "exact")
        } else {
            (0.0, "hangul-differs")
        };
    }
    // Hangul against a romanised Korean syllable: the Hangul is exact, and
    // the romanisation's readings (McCune-Reischauer, Revised, DPRK forms)
    // do not include it, so it is another syllable (정 vs `Tong`). A
    // foreign name written in Hangul (`푸틴`) is compared by sound below.
    if a.hangul != b.hangul {
        let (h, l) = if a.hangul { (a, b) } else { (b, a) };
        if h.loan().is_empty()
            && h.exact_korean.is_some()
            && !l.korean().is_empty()
            && !intersects(h.korean(), l.korean())
        {
            return (0.0, "hangul-differs");
        }
    }
    if let (Some(x), Some(y)) = (a.exact_han, b.exact_han) {
        return if x == y && x != u32::MAX {
            (1.0, "exact")
        } else {
            (0.0, "han-differs")
        };
    }
    if a.same_text(b) {
        return (1.0, "exact");
    }
    if a.role == TokenRole::LegalForm || b.role == TokenRole::LegalForm {
        // A legal form written in katakana (`カンパニー`) against the word
        // in Latin letters: by their readings.
        if a.kana != b.kana {
            return (katakana_similarity(a, b, edit_floor, ws), "katakana");
        }
        let edit = edit_similarity(&a.text, &b.text);
        if a.role == b.role && intersects(a.legal(), b.legal()) {
            return (ws.legal_form.max(edit), "legal-form");
        }
        return (edit, "edit");
    }
    let short = a.len().min(b.len()) <= 4;
    let mut best = (0.0, "none");
    let korean = if short { ws.short_korean } else { ws.key };
    if intersects(a.korean(), b.korean()) {
        // One Han character meeting a romanised syllable through a Korean
        // reading (its Sino-Korean one, or one of its pinyin read as
        // Korean): many characters share each reading, and the bearer of
        // a name in Han characters is more often Chinese (`梁` is Liang,
        // and 양, `Yang`).
        let one_hanja = |t: &Tok| t.han_chars() == 1;
        let score = if one_hanja(a) || one_hanja(b) {
            ws.hanja_syllable
        } else {
            korean
        };
        best = (score, "korean");
    }
    let variant = if short { ws.short_variant } else { ws.key };
    if variant > best.0 && intersects(a.variants(), b.variants()) {
        best = (variant, "variant");
    }
    if ws.nickname > best.0 && intersects(a.nicknames(), b.nicknames()) {
        best = (ws.nickname, "nickname");
    }
    if !short && ws.phonetic > best.0 && intersects(a.phonetic(), b.phonetic()) {
        best = (ws.phonetic, "phonetic");
    }
    // An abbreviation by truncation (`corp` for `corporation`, `alex` for
    // `alexander`): the short form is 4+ letters and at most half the long.
    // A short form that is a person's name of its own (`abdul` in
    // `abdulkarim`, `lind` in `lindemann`) is that name, not an abbreviation.
    let (short_t, long_t) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short_t.len() >= 4
        && long_t.len() >= 2 * short_t.len()
        && long_t.text.starts_with(&*short_t.text)
        && short_t.variants().is_empty()
        && ws.abbreviation > best.0
    {
        best = (ws.abbreviation, "abbreviation");
    }
    // A Wade–Giles token against its pinyin (`hsi` ~ `xi`).
    if ws.wade_giles > best.0 && same_pinyin(a, b) {
        best = (ws.wade_giles, "wade-giles");
    }
    // Katakana against Latin: compare how katakana reads both.
    if a.kana != b.kana {
        let s = katakana_similarity(a, b, best.0.max(edit_floor), ws);
        if s > best.0 {
            best = (s, "katakana");
        }
    }
    // A foreign name written in Hangul or Chinese characters against its
    // spelling in other letters: by sound (`푸틴`, `普京` ~ `Putin`).
    // (Words read as foreign names are Hangul or Han: one side only.)
    let (h, l) = if a.syllable { (a, b) } else { (b, a) };
    if a.syllable != b.syllable && !h.loan().is_empty() && !l.kana {
        let floor = best.0.max(edit_floor) / ws.loan_factor;
        let folded = embargo_names::loanword::fold(&l.text);
        for r in h.loan() {
            let s = edit_similarity_above(r, &folded, floor) * ws.loan_factor;
            if s > best.0 {
                best = (s, "loanword");
            }
        }
    }
    // Arabic script against Latin: compare consonant skeletons.
    if (a.arabic || b.arabic)
        && let (Some(sa), Some(sb)) = (&a.abjad, &b.abjad)
    {
        let (ar, la) = if a.arabic { (a, b) } else { (b, a) };
        let latin = (!la.arabic).then_some(&*la.text);
        let mut s = abjad_pair(sa, sb, ar.vowelled(), latin, ws);
        // A final ta marbuta read `t`, as before a following noun (`جبهة
        // النصرة` Jabhat al-Nusra, `حركة` Harakat).
        if let (Some((st, vt)), Some(_)) = (ar.marbuta_t(), latin) {
            s = s.max(abjad_pair(st, sb, Some(vt), latin, ws));
        }
        if s > best.0 {
            best = (s, "abjad");
        }
    }
    // An Arabic-script name of one consonant (`علي` Ali): no skeleton key,
    // its long vowels tell the rest.
    if best.0 < ws.one_consonant && a.arabic != b.arabic {
        let (ar, la) = if a.arabic { (a, b) } else { (b, a) };
        if ar.abjad.is_none()
            && la.text.len() <= 8
            && let Some(v) = ar.vowelled()
            && embargo_names::abjad::one_consonant_agrees(v, &la.text)
        {
            best = (ws.one_consonant, "abjad");
        }
    }
    // Letters doubled or not (`Jong-uun`, `Joonng`, `Hanna`): the same
    // name typed or transliterated with repeats.
    if ws.repeats > best.0 && a.mask == b.mask && same_squeezed(&a.text, &b.text) {
        best = (ws.repeats, "repeated-letters");
    }
    // Same consonants, other vowels (`Mosk`~`Musk`, `Nandela`~`Nadella`,
    // `Nuristani`~`Nooristani`): vowels are what transliterations and typing
    // vary most. Not between two romanised Korean syllables, whose vowels
    // tell syllables apart (`Jong`, `Jang`).
    if ws.vowels > best.0
        && a.len().min(b.len()) >= 4
        && a.len().abs_diff(b.len()) <= 1
        && (a.korean().is_empty() || b.korean().is_empty())
        && a.text.as_bytes()[0] == b.text.as_bytes()[0]
        && consonants(&a.text).eq(consonants(&b.text))
    {
        best = (ws.vowels, "vowels");
    }
    // An ending added to a name (`Putin`/`Putinas`, `Michel`/`Michelle`):
    // inflected and feminine forms.
    if ws.ending > best.0
        && short_t.len() >= 5
        && long_t.len() - short_t.len() <= 2
        && long_t.len() > short_t.len()
        && long_t.text.starts_with(&*short_t.text)
    {
        best = (ws.ending, "ending");
    }
    // Skip the costly comparison when even a lower bound of the distance
    // cannot beat what the keys gave or reach a useful similarity (most
    // token pairs of a query and a candidate are unrelated names). Texts
    // are ASCII (latinised).
    let l = a.len().max(b.len()) as f32;
    let d = min_edits(a, b);
    let bound = 1.0 - d / l - 2.0 * d / (l * l);
    let floor = best.0.max(edit_floor);
    if bound > floor {
        let edit = edit_similarity_above(&a.text, &b.text, floor);
        if edit > floor {
            best = (edit, "edit");
        }
    }
    // Two names in Cyrillic: letter for letter as written (`Вукић` /
    // `Вучић` are one letter apart; `vukic` / `vuchic` two). Measured:
    // name_bench F1 0.900 → 0.901 (that pair), other evaluations unchanged.
    // (Cheap bounds first: most pairs are unrelated or already alike.)
    let lengths_allow = |x: &str, y: &str| {
        let (lx, ly) = (x.chars().count() as f32, y.chars().count() as f32);
        1.0 - (lx - ly).abs() / lx.max(ly) > best.0.max(edit_floor)
    };
    if a.cyrillic
        && b.cyrillic
        && best.0 < ws.weak_letters
        && a.text.as_bytes().first() == b.text.as_bytes().first()
    {
        let (x, y) = (
            embargo_names::cyrillic_letters(&a.text),
            embargo_names::cyrillic_letters(&b.text),
        );
        if (*x != *a.text || *y != *b.text) && lengths_allow(&x, &y) {
            let s = edit_similarity_above(&x, &y, best.0.max(edit_floor));
            if s > best.0 {
                best = (s, "edit");
            }
        }
    }
    // Two spellings of European orthographies (`Poetin`, `Wladimirowitsch`):
    // by their plain respellings.
    // (`respell` leaves tokens under 6 letters alone; the other side may be
    // shorter: `Poetin` ~ `Putin`.)
    if (a.respelled.is_some() || b.respelled.is_some()) && a.len().min(b.len()) >= 4 {
        fn respelled(t: &Tok) -> std::borrow::Cow<'_, str> {
            match t.respelled.as_deref() {
                Some(r) => std::borrow::Cow::Borrowed(r),
                None => embargo_names::orthography::squeeze(&t.text),
            }
        }
        let (ra, rb) = (respelled(a), respelled(b));
        // Strong evidence only: a loose respelled likeness (`Felipe` ~
        // `Philippe` 0.74) added alerts on the negatives and no finds.
        let floor = best.0.max(ws.orthography_min) / ws.orthography_factor;
        // Cheap bounds first (most pairs are different names): respelled
        // forms that reach the floor start alike (respelling makes the
        // first letters one: `W`/`V`, `Ph`/`F`, `Sch`/`Sh`) and differ
        // little in length.
        let (la, lb) = (ra.len() as f32, rb.len() as f32);
        if ra.as_bytes().first() == rb.as_bytes().first()
            && 1.0 - (la - lb).abs() / la.max(lb) > floor
        {
            let s = edit_similarity_above(&ra, &rb, floor) * ws.orthography_factor;
            if s >= ws.orthography_min && s > best.0 {
                best = (s, "orthography");
            }
        }
    }
    // A foreign name in Cyrillic by its second spelling (`dzh` → `j`, `kh`
    // → `h`; Hangul and Han foreign names are compared by sound above).
    // Either side may be the Cyrillic one (query or listed alias).
    let (c, o) = if a.loan_spellings().is_empty() {
        (b, a)
    } else {
        (a, b)
    };
    let mut texts: (&str, &str) = (&a.text, &b.text);
    if !c.syllable && !o.syllable && o.loan_spellings().is_empty() {
        for sp in c.loan_spellings() {
            let floor = best.0.max(edit_floor) / ws.cyrillic_factor;
            let s = edit_similarity_above(sp, &o.text, floor) * ws.cyrillic_factor;
            if s > best.0 {
                best = (s, "cyrillic");
                texts = (sp, &o.text);
            }
        }
    }
    // Arabic compound names (`Abd al-X`, `X-ullah`, `X-uddin`) share their
    // affix: the other part tells them apart (`Hamidullah` / `Waliullah`,
    // `Abdurrahim` / `Abdurrahman`), so letters alike count only there.
    if matches!(best.1, "edit" | "phonetic" | "vowels" | "cyrillic")
        && let Some((ka, sa)) = compound_stem(texts.0)
        && let Some((kb, sb)) = compound_stem(texts.1)
        && ka == kb
    {
        let stem = edit_similarity(sa, sb);
        if stem < best.0 {
            best = if stem > edit_floor {
                (stem, "edit")
            } else {
                (0.0, "none")
            };
        }
    }
    // A Chinese name in Han characters has one pinyin reading: a Latin
    // token spelled otherwise, and none of its known variants, Wade–Giles
    // or Korean readings (above), names other characters (`建平` jianping
    // / `Jin Ping`, `成` cheng / `Chen`): pinyin has few syllables, so
    // near spellings abound.
    let han = |h: &Tok, o: &Tok| h.han_chars() > 0 && o.han_chars() == 0 && h.loan().is_empty();
    if (han(a, b) || han(b, a))
        && matches!(
            best.1,
            "edit" | "phonetic" | "vowels" | "repeated-letters" | "ending" | "abbreviation"
        )
    {
        best.0 *= ws.han_spelled_otherwise;
    }
    best
}

/// Similarity of a katakana token and a token in other letters by how
/// katakana reads both, when above `floor`, else 0. A legal form, or a
/// short token (4 letters at most) that may abbreviate a generic
/// organisation word, is also read as the words it stands for (`co`:
/// company, compania...), which Japanese writes out (`カンパニー`).
fn katakana_similarity(a: &Tok, b: &Tok, floor: f32, ws: &TokenWeights) -> f32 {
    let (k, l) = if a.kana { (a, b) } else { (b, a) };
    let Some(rk) = k.reading() else {
        return 0.0;
    };
    let floor = floor / ws.katakana_factor;
    let written = l.readings().iter().map(|r| &**r);
    let abbreviated = l.role == TokenRole::LegalForm || l.len() <= 4;
    let spelled = if abbreviated {
        embargo_names::legal_form_readings(&l.text)
    } else {
        &[]
    };
    written
        .chain(spelled.iter().map(|r| &**r))
        .map(|r| edit_similarity_above(rk, r, floor))
        .fold(0.0f32, f32::max)
        * ws.katakana_factor
}

/// The affix kind and the distinctive part of an Arabic compound name
/// written as one word: `abdurrahman` → (`abd`, `rahman`), `hamidullah` →
/// (`ullah`, `hamid`), `saifuddin` → (`din`, `saif`).
fn compound_stem(t: &str) -> Option<(&'static str, &str)> {
    const PREFIXES: [&str; 13] = [
        "abdul", "abdel", "abdal", "abdol", "abdur", "abdar", "abdus", "abdas", "abduz", "abdaz",
        "abdes", "abdu", "abd",
    ];
    const SUFFIXES: [(&str, &str); 11] = [
        ("ullah", "ullah"),
        ("ollah", "ullah"),
        ("allah", "ullah"),
        ("ulla", "ullah"),
        ("uddin", "din"),
        ("uddeen", "din"),
        ("uddine", "din"),
        ("eddin", "din"),
        ("eddine", "din"),
        ("addin", "din"),
        ("oddin", "din"),
    ];
    // Most tokens are no such compound: two byte tests rule them out.
    let b = t.as_bytes();
    let tail = |s: &[u8]| b.ends_with(s);
    let may_be = b.starts_with(b"abd")
        || tail(b"lah")
        || tail(b"lla")
        || tail(b"din")
        || tail(b"een")
        || tail(b"ine");
    if !may_be {
        return None;
    }
    let long_enough = |stem: &str| stem.len() >= 3;
    if let Some(stem) = PREFIXES
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .filter(|s| long_enough(s))
    {
        return Some(("abd", stem));
    }
    SUFFIXES.iter().find_map(|(x, kind)| {
        t.strip_suffix(x)
            .filter(|s| long_enough(s))
            .map(|s| (*kind, s))
    })
}

/// The letters after the first that are not vowels, runs of one letter
/// written once.
fn consonants(s: &str) -> impl Iterator<Item = u8> + '_ {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(i, c)| i == 0 || !b"aeiouy".contains(c))
        .map(|(_, &c)| c)
        .scan(None, |last, c| {
            let repeat = *last == Some(c);
            *last = Some(c);
            Some((repeat, c))
        })
        .filter(|&(repeat, _)| !repeat)
        .map(|(_, c)| c)
}

/// [`abjad_similarity`] of two skeletons, raised or lowered when they are
/// equal by whether the long vowels of the Arabic-script side's letters
/// (`vowelled`) are in the Latin spelling.
fn abjad_pair(
    sa: &str,
    sb: &str,
    vowelled: Option<&str>,
    latin: Option<&str>,
    ws: &TokenWeights,
) -> f32 {
    let m = embargo_names::abjad::skeletons_match;
    let equal = sa == sb || m(sa, sb) || m(sb, sa);
    let mut s = abjad_similarity(sa, sb, equal, ws);
    if s > 0.0
        && equal
        && let (Some(v), Some(l)) = (vowelled, latin)
    {
        match embargo_names::abjad::vowel_disagreements(v, l) {
            Some(0) => s += ws.vowels_agree,
            Some(_) => s -= ws.vowels_disagree,
            None => {}
        }
    }
    s
}

/// Similarity of two consonant skeletons (`mhmd` of `محمد` and of
/// `Muhammad`): by length when equal ([`TokenWeights::skeleton_2`] and
/// after), else by edits when both are long enough.
fn abjad_similarity(a: &str, b: &str, equal: bool, ws: &TokenWeights) -> f32 {
    if equal {
        return match a.len() {
            0 | 1 => 0.0,
            2 => ws.skeleton_2,
            3 => ws.skeleton_3,
            _ => ws.skeleton_long,
        };
    }
    if a.len().min(b.len()) < 4 {
        return 0.0;
    }
    edit_similarity(a, b) * ws.skeleton_edit_factor
}
