//! Behaviour tests of the public API.

use embargo_names::{
    NameKind, Token, TokenRole, fold, join_tokens, latinize, token_similarity, tokenize,
};
use proptest::prelude::*;

fn names(s: &str) -> Vec<Token> {
    tokenize(s, NameKind::Person)
        .into_iter()
        .filter(|t| t.role == TokenRole::Name)
        .collect()
}

/// Best score of `a` against `b`, trying `b`'s adjacent pairs joined too.
/// A stand-in for the matcher's alignment, enough to test the keys.
fn name_score(a: &str, b: &str) -> f32 {
    let (ta, tb) = (names(a), names(b));
    let variants = |t: &[Token]| -> Vec<Vec<Token>> {
        let mut v = vec![t.to_vec()];
        for i in 0..t.len().saturating_sub(1) {
            let mut j = t[..i].to_vec();
            j.push(join_tokens(&t[i..i + 2]));
            j.extend_from_slice(&t[i + 2..]);
            v.push(j);
        }
        v
    };
    let mut best = 0.0f32;
    for xa in variants(&ta) {
        for xb in variants(&tb) {
            if xa.len() != xb.len() || xa.is_empty() {
                continue;
            }
            // In-order alignment suffices for these cases.
            let s: f32 = xa
                .iter()
                .zip(&xb)
                .map(|(x, y)| token_similarity(x, y).score)
                .sum();
            best = best.max(s / xa.len() as f32);
        }
    }
    best
}

#[test]
fn kim_jong_un_spellings_match() {
    let spellings = [
        "김정은",
        "Kim Jong Un",
        "Kim Jong-un",
        "KIM Chong Un",
        "Kim Jongun",
        "Kim Jeong-eun",
        "キム・ジョンウン",
    ];
    for a in spellings {
        for b in spellings {
            let s = name_score(a, b);
            assert!(s >= 0.9, "{a} vs {b}: {s}");
        }
    }
}

#[test]
fn hangul_jong_vs_jeong_differ() {
    let s = name_score("김종은", "김정은");
    assert!(s < 0.8, "김종은 vs 김정은: {s}");
    let a = names("김종은");
    let b = names("김정은");
    let m = token_similarity(&a[1], &b[1]);
    assert_eq!(m.reason, "hangul-differs");
    assert!(m.score <= 0.3);
    // Latin "Jong" is compatible with both.
    assert!(name_score("Kim Jong Un", "김종은") >= 0.9);
}

#[test]
fn han_characters_differ_even_when_read_alike() {
    // 朋 and 平 are close in pinyin; 石 and 市 are both `shi` (the name
    // score of the matcher is tested in embargo-matching: this unweighted
    // stand-in averages one differing token of four to 0.825).
    assert!(name_score("习近朋", "习近平") < 0.8);
    let (a, b) = (names("高石早苗"), names("高市早苗"));
    let m = token_similarity(&a[1], &b[1]);
    assert_eq!(m.reason, "han-differs");
    assert!(m.score <= 0.3);
    // Traditional and simplified forms of a name are equal.
    assert!(name_score("習近平", "习近平") >= 0.99);
    // Against Latin, the pinyin counts as before.
    assert!(name_score("Xi Jinping", "習近平") >= 0.9);
}

#[test]
fn cyrillic_matches_latin() {
    assert!(name_score("Владимир Путин", "Vladimir Putin") >= 0.99);
    assert!(name_score("Владимир Путин", "Wladimir Putin") >= 0.9);
}

#[test]
fn mohammed_muhammad() {
    for (a, b) in [
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Muhammad"),
        ("محمد", "Mohammed"),
    ] {
        let s = name_score(a, b);
        assert!(s >= 0.9, "{a} vs {b}: {s}");
    }
}

#[test]
fn han_name() {
    assert_eq!(latinize("金正恩"), "jin zhengen");
    assert!(name_score("金正恩", "Jin Zhengen") >= 0.99);
    assert!(name_score("习近平", "Xi Jinping") >= 0.99);
}

#[test]
fn short_tokens_are_strict() {
    let a = &names("jong")[0];
    let b = &names("jang")[0];
    let c = &names("mohammed")[0];
    let d = &names("mohamed")[0];
    assert!(token_similarity(a, b).score < token_similarity(c, d).score);
    assert!(token_similarity(a, b).score < 0.75);
}

#[test]
fn legal_forms() {
    for (name, form) in [
        ("Co., Ltd.", "coltd"),
        ("LLC", "llc"),
        ("OOO", "ooo"),
        ("株式会社", "jsc"),
    ] {
        let t = tokenize(name, NameKind::Organization);
        assert_eq!(t.len(), 1, "{name}");
        assert_eq!(t[0].role, TokenRole::LegalForm, "{name}");
        assert_eq!(t[0].text, form, "{name}");
    }
    let ooo = &tokenize("OOO", NameKind::Organization)[0];
    let llc = &tokenize("LLC", NameKind::Organization)[0];
    assert_eq!(token_similarity(ooo, llc).reason, "legal-form");
}

#[test]
fn salek_abdulhai() {
    let t = tokenize("SALEK, ABDULHAI", NameKind::Person);
    let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["salek", "abdulhai"]);
}

#[test]
fn unrelated_names_score_low() {
    for (a, b) in [
        ("Vladimir Putin", "Kim Jong Un"),
        ("Jong", "Jang"),
        ("Smith", "Jones"),
    ] {
        let s = name_score(a, b);
        assert!(s < 0.7, "{a} vs {b}: {s}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics(s in any::<String>()) {
        let _ = tokenize(&s, NameKind::Any);
        let _ = tokenize(&s, NameKind::Organization);
        let _ = latinize(&s);
    }

    #[test]
    fn fold_idempotent(s in any::<String>()) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f);
    }

    #[test]
    fn latinize_ascii_idempotent(s in any::<String>()) {
        let l = latinize(&s);
        prop_assert!(l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '), "{:?}", l);
        prop_assert_eq!(latinize(&l), l.clone());
    }

    #[test]
    fn names_in_many_scripts(s in "[a-zA-Zа-яА-Я가-힣ぁ-んァ-ン一-龥ا-ي \\-,.']{0,30}") {
        let l = latinize(&s);
        prop_assert!(l.is_ascii());
        prop_assert_eq!(latinize(&l), l.clone());
        prop_assert_eq!(fold(&fold(&s)), fold(&s));
        for t in tokenize(&s, NameKind::Any) {
            prop_assert!(t.text.is_ascii() && !t.text.is_empty() && !t.text.contains(' '));
            let m = token_similarity(&t, &t);
            prop_assert!((m.score - 1.0).abs() < f32::EPSILON);
        }
    }
}

#[test]
fn fold_is_idempotent_when_removal_joins_combining_marks() {
    // Found by proptest: the apostrophe between two marks of different
    // combining classes is removed, leaving them out of canonical order.
    let s = "\u{1b05}\u{1ab0}'\u{10a3f}";
    assert_eq!(fold(&fold(s)), fold(s));
}
