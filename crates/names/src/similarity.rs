//! Token-to-token similarity.

use crate::token::{Token, TokenRole};

/// The similarity of two tokens, with the rule that produced it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenMatch {
    /// In `[0, 1]`; 1 is identical.
    pub score: f32,
    /// Which rule decided: `"exact"`, `"hangul-differs"`, `"han-differs"`, `"korean"`,
    /// `"variant"`, `"legal-form"`, `"edit"`, `"phonetic"`, `"none"`.
    pub reason: &'static str,
}

/// Score of a shared Korean reading.
pub const KOREAN_SCORE: f32 = 0.92;
/// Score of a shared person-name variant group.
pub const VARIANT_SCORE: f32 = 0.92;
/// Score of two legal forms of the same generic type (`ooo` ~ `llc`).
pub const LEGAL_GENERIC_SCORE: f32 = 0.8;
/// Score given to equal phonetic codes when the spelling is otherwise far.
pub const PHONETIC_SCORE: f32 = 0.7;
/// Ceiling for two Hangul tokens whose exact syllables differ (김종은 vs 김정은).
pub const HANGUL_DIFFERS_MAX: f32 = 0.3;
/// Ceiling for two Han tokens whose characters differ once traditional
/// forms are made simplified (高石 vs 高市, both `gao shi`): as for Hangul,
/// another character is another name, whatever the reading.
pub const HAN_DIFFERS_MAX: f32 = 0.3;

fn share(a: &Token, b: &Token, prefix: &str) -> bool {
    a.keys_with(prefix).any(|k| b.keys.iter().any(|x| x == k))
}

/// Edit-distance similarity of two ASCII strings, strict for short strings.
///
/// `1 - d/L - 2d/L²` with `d` the optimal-string-alignment distance
/// (a transposition counts once) and `L` the longer length: one edit in an
/// 8-letter token gives 0.84, in a 12-letter one 0.90, in a 4-letter one
/// 0.63 and in a 3-letter one 0.44.
///
/// ```
/// use embargo_names::edit_similarity;
/// assert!(edit_similarity("mohammed", "mohamed") > edit_similarity("jong", "jang"));
/// assert_eq!(edit_similarity("abc", "abc"), 1.0);
/// ```
pub fn edit_similarity(a: &str, b: &str) -> f32 {
    edit_similarity_above(a, b, -1.0)
}

/// `1 - d/L - 2d/L²`, at least 0.
fn similarity_of(d: usize, l: usize) -> f32 {
    if l == 0 {
        return 1.0;
    }
    let (d, l) = (d as f32, l as f32);
    (1.0 - d / l - 2.0 * d / (l * l)).max(0.0)
}

/// [`edit_similarity`] when it exceeds `floor`, else 0. Knowing the floor
/// bounds the distance worth computing, so only a band of the table is.
pub fn edit_similarity_above(a: &str, b: &str, floor: f32) -> f32 {
    if a == b {
        return 1.0;
    }
    let s = if a.is_ascii() && b.is_ascii() {
        let l = a.len().max(b.len());
        let lf = l as f32;
        // Largest distance whose similarity can still exceed the floor.
        let k = ((1.0 - floor).max(0.0) * lf * lf / (lf + 2.0) + 1e-4).floor() as usize;
        osa_within(a.as_bytes(), b.as_bytes(), k.min(l)).map_or(0.0, |d| similarity_of(d, l))
    } else {
        similarity_of(
            strsim::osa_distance(a, b),
            a.chars().count().max(b.chars().count()),
        )
    };
    if s > floor { s } else { 0.0 }
}

/// Longest second string [`osa_within`] handles on the stack.
const STACK_OSA: usize = 63;

/// Optimal-string-alignment distance of two byte strings. Scoring calls
/// this for most token pairs it compares; `strsim::osa_distance` allocates
/// three rows and decodes chars on every call, which took about a tenth of
/// screening time in the profile (`scripts/bench.sh`). Tokens are ASCII and
/// short, so three rows on the stack do.
pub fn osa_ascii(a: &[u8], b: &[u8]) -> usize {
    // With k the longer length the band is the whole table.
    osa_within(a, b, a.len().max(b.len())).unwrap_or(a.len().max(b.len()))
}

/// [`osa_ascii`] when it is at most `k`, else `None`. Only the diagonal
/// band `|i - j| <= k` is computed and the scan stops once a whole row
/// exceeds `k`: comparing joined names (40+ letters) against a threshold
/// costs a band of 2k+1 cells a row instead of the full square.
pub fn osa_within(a: &[u8], b: &[u8], k: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    let w = m + 1;
    let mut stack = [0u32; 3 * (STACK_OSA + 1)];
    let mut heap = Vec::new();
    let rows: &mut [u32] = if m <= STACK_OSA {
        &mut stack[..3 * w]
    } else {
        heap.resize(3 * w, 0);
        &mut heap
    };
    // Values are capped at k + 1: anything above is "too far".
    let big = u32::try_from(k + 1).unwrap_or(u32::MAX);
    for (j, v) in rows[..w].iter_mut().enumerate() {
        *v = u32::try_from(j).unwrap_or(u32::MAX).min(big);
    }
    for i in 1..=n {
        let (cur, prev, prev2) = ((i % 3) * w, ((i - 1) % 3) * w, ((i + 1) % 3) * w);
        let (lo, hi) = (i.saturating_sub(k).max(1), (i + k).min(m));
        rows[cur] = u32::try_from(i).unwrap_or(u32::MAX).min(big);
        rows[cur + lo - 1] = if lo > 1 { big } else { rows[cur] };
        let mut row_min = rows[cur + lo - 1];
        for j in lo..=hi {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2 + j - 2] + 1);
            }
            let v = v.min(big);
            rows[cur + j] = v;
            row_min = row_min.min(v);
        }
        if hi < m {
            rows[cur + hi + 1] = big;
        }
        if row_min >= big {
            return None;
        }
    }
    let d = rows[(n % 3) * w + m];
    (d < big).then_some(d as usize)
}

/// Compares two tokens.
///
/// Rules, in order:
/// 1. two Hangul-written tokens: equal exact Korean keys → 1.0; different →
///    at most 0.3 (`"hangul-differs"`), even though both may romanise to
///    the same text (정 and 종 are both `jong`); likewise two Han-written
///    tokens with exact `h:` keys (characters, traditional made simplified:
///    習 = 习) → 1.0 when equal, at most 0.3 when not (`"han-differs"`:
///    石 and 市 are both `shi`);
/// 2. equal text → 1.0 (`"exact"`);
/// 3. legal forms: same generic type → 0.8, else edit similarity;
/// 4. a shared Korean reading (`k:`) → 0.92 (`"korean"`); a shared
///    person-name variant group (`v:`) → 0.92 (`"variant"`);
/// 5. otherwise [`edit_similarity`] (`"edit"`), raised to 0.7 when the
///    Double Metaphone codes agree and both tokens have 5+ letters
///    (`"phonetic"`): a hint for recall, never strong evidence on its own.
///
/// ```
/// use embargo_names::{tokenize, token_similarity, NameKind};
/// let a = tokenize("Muhammad", NameKind::Person);
/// let b = tokenize("Mohammed", NameKind::Person);
/// assert!(token_similarity(&a[0], &b[0]).score >= 0.9);
/// ```
pub fn token_similarity(a: &Token, b: &Token) -> TokenMatch {
    let hangul = (a.is_hangul() && b.is_hangul())
        .then(|| (a.keys_with("k:").next(), b.keys_with("k:").next()));
    let exact = [
        (hangul, HANGUL_DIFFERS_MAX, "hangul-differs"),
        (
            Some((a.han_key(), b.han_key())),
            HAN_DIFFERS_MAX,
            "han-differs",
        ),
    ];
    for (keys, max, reason) in exact {
        if let Some((Some(x), Some(y))) = keys {
            return if x == y {
                TokenMatch {
                    score: 1.0,
                    reason: "exact",
                }
            } else {
                TokenMatch {
                    score: edit_similarity(&a.text, &b.text).min(max),
                    reason,
                }
            };
        }
    }
    if a.text == b.text {
        return TokenMatch {
            score: 1.0,
            reason: "exact",
        };
    }
    let edit = edit_similarity(&a.text, &b.text);
    if a.role == TokenRole::LegalForm || b.role == TokenRole::LegalForm {
        if a.role == b.role && share(a, b, "lf:") {
            return TokenMatch {
                score: LEGAL_GENERIC_SCORE.max(edit),
                reason: "legal-form",
            };
        }
        return TokenMatch {
            score: edit,
            reason: "edit",
        };
    }
    let mut best = TokenMatch {
        score: edit,
        reason: if edit > 0.0 { "edit" } else { "none" },
    };
    if KOREAN_SCORE > best.score && share(a, b, "k:") {
        best = TokenMatch {
            score: KOREAN_SCORE,
            reason: "korean",
        };
    }
    if VARIANT_SCORE > best.score && share(a, b, "v:") {
        best = TokenMatch {
            score: VARIANT_SCORE,
            reason: "variant",
        };
    }
    // Metaphone drops vowels: on short tokens (`jong`/`jang`) agreement means little.
    let long = a.text.len().min(b.text.len()) >= 5;
    if long && PHONETIC_SCORE > best.score && share(a, b, "p:") {
        best = TokenMatch {
            score: PHONETIC_SCORE,
            reason: "phonetic",
        };
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn osa_agrees_with_strsim(a in "[a-e]{0,12}", b in "[a-e]{0,70}") {
            prop_assert_eq!(osa_ascii(a.as_bytes(), b.as_bytes()), strsim::osa_distance(&a, &b));
            prop_assert_eq!(osa_ascii(b.as_bytes(), a.as_bytes()), strsim::osa_distance(&b, &a));
        }
    }

    proptest! {
        #[test]
        fn banded_osa_agrees_below_the_bound(a in "[a-d]{0,20}", b in "[a-d]{0,70}", k in 0usize..8) {
            let d = osa_ascii(a.as_bytes(), b.as_bytes());
            prop_assert_eq!(osa_within(a.as_bytes(), b.as_bytes(), k), (d <= k).then_some(d));
        }
    }

    #[test]
    fn osa_counts_a_transposition_once() {
        assert_eq!(osa_ascii(b"abcd", b"abdc"), 1);
        assert_eq!(osa_ascii(b"", b"abc"), 3);
        assert_eq!(osa_ascii(b"kim", b"kim"), 0);
    }
}
