//! String similarity of token texts: edit distances on ASCII bytes.
//!
//! The token-to-token rules (keys, roles, scripts) live in the matcher
//! (`embargo_matching::tok`), over interned keys; this module gives them
//! their edit distances.

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
