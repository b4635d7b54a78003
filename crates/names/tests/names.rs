//! Behaviour tests of the public API. How alike two names are is tested
//! with the matcher (`embargo-matching`, tests/spellings.rs).

use embargo_names::{
    KeyKind, NameKind, Token, TokenRole, fold, latinize, tokenize, tokenize_as_foreign,
    transcription,
};
use proptest::prelude::*;

fn names(s: &str) -> Vec<Token> {
    tokenize(s, NameKind::Person)
        .into_iter()
        .filter(|t| t.role == TokenRole::Name)
        .collect()
}

#[test]
fn exact_keys_tell_syllables_and_characters_apart() {
    // 종 and 정 romanise alike in some systems; their exact keys differ.
    let (a, b) = (names("김종은"), names("김정은"));
    let korean = |t: &Token| t.keys_of(KeyKind::Korean).next().map(str::to_owned);
    assert_ne!(korean(&a[1]), korean(&b[1]));
    assert_eq!(korean(&a[2]), korean(&b[2]));
    // 石 and 市 are both `shi`; 習 is 习 simplified.
    let (c, d) = (names("高石早苗"), names("高市早苗"));
    assert_eq!(c[1].text, d[1].text);
    assert_ne!(c[1].han_key(), d[1].han_key());
    assert_eq!(names("習近平")[1].han_key(), names("习近平")[1].han_key());
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
    // Two forms of one type share their legal-form key.
    let ooo = &tokenize("OOO", NameKind::Organization)[0];
    let llc = &tokenize("LLC", NameKind::Organization)[0];
    let lf = |t: &Token| {
        t.keys_of(KeyKind::LegalForm)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(lf(ooo), lf(llc));
    assert!(!lf(ooo).is_empty());
}

#[test]
fn salek_abdulhai() {
    let t = tokenize("SALEK, ABDULHAI", NameKind::Person);
    let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["salek", "abdulhai"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics(s in any::<String>()) {
        let _ = tokenize(&s, NameKind::Any);
        let _ = tokenize(&s, NameKind::Organization);
        let _ = tokenize_as_foreign(&s, NameKind::Person);
        let _ = transcription::readings(&s, 8);
        let _ = latinize(&s);
    }

    #[test]
    fn han_names_never_panic(s in "[\\u{4e00}-\\u{9fff}·ü ]{0,12}") {
        let _ = tokenize_as_foreign(&s, NameKind::Person);
        let _ = transcription::readings(&s, 8);
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

#[test]
fn arabic_particles_and_titles_read_as_latin_lists_write_them() {
    let t = tokenize("شيخ أبو بكر بن علي", NameKind::Person);
    let roles: Vec<(&str, TokenRole)> = t.iter().map(|t| (t.text.as_str(), t.role)).collect();
    assert_eq!(roles[0], ("sheikh", TokenRole::Title));
    assert_eq!(roles[1], ("abu", TokenRole::Particle));
    assert_eq!(roles[3], ("bin", TokenRole::Particle));
    assert_eq!(roles[2].1, TokenRole::Name);
}

#[test]
fn greek_digraphs_read_as_the_foreign_letters_they_write() {
    let texts = |s: &str| -> Vec<String> {
        tokenize(s, NameKind::Person)
            .into_iter()
            .map(|t| t.text)
            .collect()
    };
    assert_eq!(texts("Ντόναλντ Τραμπ"), ["donald", "tramp"]);
    assert_eq!(texts("Μπασάρ Γκάρι"), ["basar", "gari"]);
    // Inside a word the letters keep their own sounds.
    assert_eq!(texts("Αντώνης"), ["antonis"]);
}

#[test]
fn fold_is_idempotent_when_a_look_alike_changes_script() {
    // Found by proptest: `і` (from U+1E04C) with a vowel sign after it,
    // in a Latin word, becomes Latin `i`, whose marks folding drops.
    let s = "\u{1e04c}\u{b3e}Aa";
    assert_eq!(fold(&fold(s)), fold(s));
}

#[test]
fn latin_look_alikes_in_cyrillic_words_and_back() {
    // From the Canadian SEMA list: Latin `e`, `o`, `ë`, `i`, `P` typed
    // inside Cyrillic names.
    assert_eq!(fold("Иван Игорeвич"), "иван игоревич");
    assert_eq!(fold("Алекса́ндрoвич"), "александрович");
    assert_eq!(fold("Вiктор"), "вiктор".replace('i', "і"));
    assert_eq!(fold("Pаїса"), "раїса");
    // And Cyrillic look-alikes in a Latin word.
    assert_eq!(fold("Vlаdimir Putin"), "vladimir putin");
    // Words of both scripts that are not look-alikes stay as they are.
    assert_eq!(fold("Kim김정은 dжон"), "kim김정은 dжон");
}

#[test]
fn english_function_words_in_katakana_organisation_names() {
    let t = tokenize("バンク・オブ・イースト・ランド", NameKind::Organization);
    assert_eq!(t[1].text, "of");
    assert_eq!(t[1].role, TokenRole::Stopword);
    // Not in people's names.
    let t = tokenize("ザ・ボブ", NameKind::Person);
    assert_eq!(t[0].role, TokenRole::Name);
}

#[test]
fn arabic_generic_words_are_read_in_arabic_script_only() {
    // `شركة` is a company; `طائرة` (aircraft) latinizes to `tir`, which
    // in Latin letters is a name (`Seventh of Tir`).
    let t = tokenize("شركة الكوثر", NameKind::Organization);
    assert_eq!(t[0].text, "co");
    let t = tokenize("Seventh of Tir", NameKind::Organization);
    assert_eq!(t.last().map(|t| t.text.as_str()), Some("tir"));
}

#[test]
fn places_in_many_languages() {
    use embargo_names::is_place;
    for p in [
        "europe",
        "schweiz",
        "suisse",
        "switzerland",
        "mexico",
        "germany",
        "rossiya",
    ] {
        assert!(is_place(p), "{p}");
    }
    // Not words that only read like a place once another script is
    // latinised (Hebrew `פרו` Peru is `pro`), parts in parentheses
    // (`Congo (Republic)`) or codes.
    for w in [
        "bank", "deutsche", "faberlic", "world", "pro", "ira", "repu", "republic", "into", "mari",
        "un", "eu",
    ] {
        assert!(!is_place(w), "{w}");
    }
    // A place in parentheses is marked as a qualifier of the name.
    let t = tokenize("Deutsche Bank (Schweiz) AG", NameKind::Organization);
    let marked: Vec<&str> = t
        .iter()
        .filter(|t| t.has(KeyKind::Qualifier))
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(marked, ["schweiz"]);
}

#[test]
fn cyrillic_letters_written_in_two_latin_letters_count_once() {
    use embargo_names::cyrillic_letters;
    assert_eq!(cyrillic_letters("vuchic").chars().count(), 5);
    assert_eq!(cyrillic_letters("shchukin").chars().count(), 5); // Щукин
    assert_eq!(cyrillic_letters("ivanov"), "ivanov");
    // Every Cyrillic letter is one letter again.
    for c in '\u{430}'..='\u{45f}' {
        let latin = latinize(&c.to_string());
        if latin.chars().all(|l| l.is_ascii_lowercase()) && !latin.is_empty() {
            assert_eq!(cyrillic_letters(&latin).chars().count(), 1, "{c} {latin}");
        }
    }
}
