//! What an alignment can show that says two names are of two people:
//! masculine and feminine surnames, a father's name aligned with a given
//! name, Hangul syllables in reverse order.

use crate::tok::Tok;
use embargo_names::TokenRole;

/// Feminine and masculine endings of Slavic surnames (`-ova`/`-ov`,
/// `-skaya`/`-sky`, Polish `-ska`/`-ski`...).
const GENDERED_ENDINGS: [(&str, &[&str]); 7] = [
    ("ova", &["ov"]),
    ("eva", &["ev"]),
    ("ina", &["in"]),
    ("yna", &["yn"]),
    ("skaya", &["sky", "skiy", "skii", "ski"]),
    ("ska", &["ski", "sky"]),
    ("cka", &["cki", "cky"]),
];

/// One token is a surname's feminine form and the other a masculine form
/// (either way round), each with at least three letters before the ending.
pub(crate) fn gendered_forms(a: &str, b: &str) -> bool {
    // Every feminine ending ends in `a`, no masculine one does: most pairs
    // (the same text, two unrelated names) stop here.
    let (f, m) = match (a.ends_with('a'), b.ends_with('a')) {
        (true, false) => (a, b),
        (false, true) => (b, a),
        _ => return false,
    };
    let ends = |t: &str, e: &str| t.len() >= e.len() + 3 && t.ends_with(e);
    GENDERED_ENDINGS
        .iter()
        .any(|(fe, mes)| ends(f, fe) && mes.iter().any(|me| ends(m, me)))
}

fn is_filiation(t: &Tok) -> bool {
    t.role == TokenRole::Particle && matches!(&*t.text, "bin" | "ibn" | "bint" | "ould")
}

/// The father's name of a name written with a filiation particle: the
/// first name token after `bin`, `ibn`, `bint` or `ould`.
fn father(t: &[Tok]) -> Option<usize> {
    let p = t.iter().position(is_filiation)?;
    (p + 1..t.len()).find(|&i| t[i].role == TokenRole::Name)
}

/// True when token `i` is part of a lineage: a filiation particle comes
/// before it, other particles (`al`) in between allowed (`ibn al-Din`).
fn in_lineage(t: &[Tok], i: usize) -> bool {
    t[..i]
        .iter()
        .rev()
        .take_while(|x| x.role == TokenRole::Particle)
        .any(is_filiation)
}

/// True when both names give a father's name and it is aligned with a
/// given name of the other (not with any name of its lineage: `bin Laden`
/// may stand for `bin Muhammad ibn Awad ibn Ladin`).
pub(crate) fn lineage_swapped(
    q: &[Tok],
    c: &[Tok],
    pairs: &[(usize, usize, f32, &'static str)],
) -> bool {
    let (Some(qf), Some(cf)) = (father(q), father(c)) else {
        return false;
    };
    pairs
        .iter()
        .any(|&(i, j, _, _)| (i == qf && !in_lineage(c, j)) || (j == cf && !in_lineage(q, i)))
}

/// True when two consecutive query tokens, one of them written in Hangul
/// or facing such a token, align with two consecutive candidate tokens
/// in reverse order.
pub(crate) fn syllables_swapped(
    q: &[Tok],
    qi: &[usize],
    c: &[Tok],
    pairs: &[(usize, usize, f32, &'static str)],
) -> bool {
    let partner = |i: usize| pairs.iter().find(|p| p.0 == i).map(|p| p.1);
    qi.windows(2).any(|w| {
        let (Some(j1), Some(j2)) = (partner(w[0]), partner(w[1])) else {
            return false;
        };
        // A foreign name's words (`블라디미르 푸틴`) are not syllables of a
        // Korean name: their order is free. Nor are Han tokens: a Chinese
        // name is read as surname and given name (`习 近平`, `近平 习`).
        let syllable = |t: &Tok| t.hangul && t.loan().is_empty();
        let cjk = syllable(&q[w[0]]) || syllable(&q[w[1]]) || syllable(&c[j1]) || syllable(&c[j2]);
        cjk && w[1] == w[0] + 1 && j1 == j2 + 1
    })
}
