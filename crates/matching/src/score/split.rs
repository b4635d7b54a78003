//! One token against two written apart (`Abdulrahman` ~ `Abdul Rahman`,
//! `Jongun` ~ `Jong Un`, `نجيب الله` ~ `Najibullah`).

use crate::tok::Tok;
use crate::weights::Weights;
use embargo_names::TokenRole;
use smallvec::SmallVec;

/// Similarity of one token and two consecutive name tokens written
/// together (`abdulrahman` ~ `abdul` `rahman`), when at least
/// [`NameWeights::min_split`](crate::weights::NameWeights::min_split).
/// Cheap tests first: most token triples are unrelated.
pub(crate) fn split_similarity(one: &Tok, a: &Tok, b: &Tok, weights: &Weights) -> Option<f32> {
    let w = &weights.names;
    if one.role != TokenRole::Name || a.role != TokenRole::Name || b.role != TokenRole::Name {
        return None;
    }
    // A Korean given name in katakana is one word (`ジョンウン`, `jonun`)
    // where Latin and Hangul write two syllables (`Jong Un`, 정은), and
    // katakana writes a final `ng` as `n`.
    if one.kana && !a.kana && !b.kana {
        let strip = |t: &str| t.replace("ng", "n");
        let both = strip(&[&*a.text, &*b.text].concat());
        let s = embargo_names::edit_similarity_above(&strip(&one.text), &both, w.min_split - 1e-6);
        if s >= w.min_split {
            return Some(s * w.katakana_split);
        }
        return korean_split(one, a, b).then_some(w.korean_split * w.katakana_split);
    }
    // Wade–Giles syllables written apart against pinyin written together
    // (`Tse-tung` ~ `Zedong`), or the reverse.
    // `one` may be Han characters read in pinyin (習近平 ~ `Hsi Chin-ping`).
    let names = |t: &Tok| !t.syllable && !t.kana;
    // ... or Han characters read in pinyin against pinyin written apart
    // (`小明` ~ `Xiao Ming`).
    let han = one.han_chars() > 1;
    if (han || !a.pinyin().is_empty() || !b.pinyin().is_empty() || !one.pinyin().is_empty())
        && names(a)
        && names(b)
        && !one.kana
    {
        fn spellings(t: &Tok) -> SmallVec<[&str; 9]> {
            std::iter::once(&*t.text)
                .chain(t.pinyin().iter().map(|r| &**r))
                .collect()
        }
        let (sa, sb, so) = (spellings(a), spellings(b), spellings(one));
        let hit = sa.iter().any(|x| {
            sb.iter().any(|y| {
                so.iter()
                    .any(|o| o.len() == x.len() + y.len() && o.starts_with(x) && o.ends_with(y))
            })
        });
        if hit {
            return Some(weights.tokens.wade_giles);
        }
    }
    // A Korean given name in Han characters is one word (`英哲`) where
    // Latin writes two syllables (`Yong Chol`): by its Sino-Korean readings.
    if !one.han_korean().is_empty() && names(a) && names(b) {
        return korean_split(one, a, b).then_some(w.korean_split);
    }
    if !names(one) || !names(a) || !names(b) || a.text.len() < 2 || b.text.len() < 2 {
        return None;
    }
    // Korean syllables joined in one romanisation and apart in another
    // (`Jongun` ~ `Chong Un`): by their Korean readings.
    if korean_split(one, a, b) {
        return Some(w.korean_split);
    }
    // Arabic script against Latin: by consonant skeletons. (`عبد` + `ال`
    // is one Latin-script token, `abdul`, beside an Arabic-script one:
    // `عبد المالك` ~ `Abdelmalek`.)
    if one.arabic != (a.arabic || b.arabic) {
        let (Some(x), Some(y), Some(z)) = (&one.abjad, &a.abjad, &b.abjad) else {
            return None;
        };
        // `عزت الله` ~ `Ezatullah`: Allah written apart, `-ullah` joined
        // (three-letter skeletons, which the general rule below does not
        // trust: `bd` + `llh` is `bdl`, and `bdlwly` + `llh` is too).
        // Skeletons compare with the wildcards of Arabic letters.
        let m = embargo_names::abjad::skeletons_match;
        let same = |u: &str, v: &str| u == v || m(u, v) || m(v, u);
        let starts = |s: &str, p: &str| s.get(..p.len()).is_some_and(|h| same(h, p));
        if &*b.text == "llh" && y.len() >= 2 && x.len() == y.len() + 1 {
            return (starts(x, y) && x.ends_with('l')).then_some(w.min_split);
        }
        if x.len() < 4 || !starts(x, y) || z.is_empty() {
            return None;
        }
        let both = [a.skeleton_letters(), b.skeleton_letters()].concat();
        // The long vowels of the Arabic-script side must be in the Latin one
        // (`محیا حسنی` is not `Mohsin`).
        let vowels_differ = a.vowelled().is_some()
            && embargo_names::abjad::vowel_disagreements(&both, &one.text).is_some_and(|n| n > 0);
        return (same(&embargo_names::abjad::skeleton(&both), x) && !vowels_differ)
            .then_some(w.min_split);
    }
    let len = a.text.len() + b.text.len();
    if one.text.len().abs_diff(len) > 1 || one.text.as_bytes()[0] != a.text.as_bytes()[0] {
        return None;
    }
    let mut both = String::with_capacity(len);
    both.push_str(&a.text);
    both.push_str(&b.text);
    let s = embargo_names::edit_similarity_above(&one.text, &both, w.min_split - 1e-6);
    (s >= w.min_split).then_some(s)
}

/// Longest romanised Korean syllable: `hyeong` (Revised), `chkhol`
/// (Cyrillic `Чхоль` transliterated).
const MAX_SYLLABLE: usize = 7;

/// Whether `one` (romanised, katakana, or Han read in Sino-Korean) shares a Korean reading with the
/// romanised tokens `a` and `b` written together.
fn korean_split(one: &Tok, a: &Tok, b: &Tok) -> bool {
    if a.text.len() > MAX_SYLLABLE
        || b.text.len() > MAX_SYLLABLE
        || a.hangul
        || b.hangul
        || a.korean().is_empty()
        || b.korean().is_empty()
    {
        return false;
    }
    // A Han token's given name (`英哲`) reads as two syllables whatever its
    // pinyin; a romanised one must be about as long as the two (4+ letters).
    let han = !one.han_korean().is_empty();
    if !han
        && (one.text.len() < 4
            || one.hangul
            || (one.korean().is_empty() && one.korean_texts().is_empty())
            || one.text.len().abs_diff(a.text.len() + b.text.len()) > 3)
    {
        return false;
    }
    crate::korean::with_memo(|memo| {
        let y = memo.joined_readings(a, b);
        // (Readings kept as text: Sino-Korean ones, or a query token's the
        // lists lack, which are not interned.)
        let texts = one.korean_texts();
        if !texts.is_empty() {
            return texts.iter().any(|k| y.iter().any(|j| **j == **k));
        }
        let x = memo.readings(&one.text, one.spelling());
        x.iter().any(|k| y.contains(k))
    })
}

/// Pairs of name tokens next to each other among the positions `idx`, or
/// in Arabic script with a particle between.
pub(crate) fn adjacent(t: &[Tok], idx: &[usize]) -> SmallVec<[(usize, usize); 8]> {
    let mut out = SmallVec::new();
    for (k, &a) in idx.iter().enumerate() {
        if t[a].role == TokenRole::Particle {
            continue;
        }
        let next = idx.get(k + 1).copied();
        match next {
            Some(b) if b == a + 1 && t[b].role != TokenRole::Particle => out.push((a, b)),
            // The article of an Arabic compound (`شمس الدين`, Shamsuddin).
            Some(p) if p == a + 1 && t[a].arabic => {
                if let Some(&b) = idx.get(k + 2)
                    && b == a + 2
                    && t[b].role != TokenRole::Particle
                {
                    out.push((a, b));
                }
            }
            _ => {}
        }
    }
    out
}
