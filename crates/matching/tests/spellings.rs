//! One name across spellings, scripts and romanisations, scored by the
//! matcher (`similarity` over the keys of `embargo_names`).

use embargo_matching::{Index, score};
use embargo_model::Schema;

/// Name score of `a` against `b` as if `b` were listed (every reading of
/// `a`, as screening does).
fn name_score(a: &str, b: &str) -> (f32, String) {
    let ix = Index::build(vec![]);
    let (al, x, y) = ix.compare_pair(a, b, Some(Schema::Person));
    (al.score, al.describe(&x, &y))
}

/// Asserts that every pair scores at least `min` (see [`name_score`]).
fn assert_at_least(min: f32, pairs: &[(&str, &str)]) {
    for (a, b) in pairs {
        let (s, why) = name_score(a, b);
        assert!(s >= min, "{a} / {b}: {s} {why}");
    }
}

/// Asserts that every pair scores below `max` (see [`name_score`]).
fn assert_below(max: f32, pairs: &[(&str, &str)]) {
    for (a, b) in pairs {
        let (s, why) = name_score(a, b);
        assert!(s < max, "{a} / {b}: {s} {why}");
    }
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
            let (s, why) = name_score(a, b);
            assert!(s >= 0.8, "{a} vs {b}: {s} ({why})");
        }
    }
}

#[test]
fn hangul_jong_vs_jeong_differ() {
    // 종 and 정 are not paired at all (they score under 0.6).
    let (s, why) = name_score("김종은", "김정은");
    assert!(s < 0.8 && !why.contains("jong~jong"), "{s} {why}");
    // Latin `Jong` is compatible with both.
    assert!(name_score("Kim Jong Un", "김종은").0 >= 0.9);
    assert!(name_score("Kim Jong Un", "김정은").0 >= 0.9);
}

#[test]
fn han_characters_differ_even_when_read_alike() {
    assert!(name_score("习近朋", "习近平").0 < 0.8);
    let (s, why) = name_score("高石早苗", "高市早苗");
    assert!(s < 0.8 && !why.contains("shi~shi"), "{s} {why}");
    // Traditional and simplified forms of a name are equal.
    assert!(name_score("習近平", "习近平").0 >= 0.99);
    // Against Latin, the pinyin counts.
    assert!(name_score("Xi Jinping", "習近平").0 >= 0.9);
    assert!(name_score("金正恩", "Jin Zhengen").0 >= 0.99);
}

#[test]
fn foreign_names_in_chinese_characters_meet_their_latin_spelling() {
    for (a, b) in [
        ("贝拉克·奥巴马", "Barack Obama"),
        ("唐纳德·特朗普", "Donald Trump"),
        ("谢尔盖·拉夫罗夫", "Sergey Lavrov"),
        ("艾曼·扎瓦希里", "Ayman al-Zawahiri"),
    ] {
        let (s, why) = name_score(a, b);
        assert!(s >= 0.8, "{a} vs {b}: {s} ({why})");
    }
    // `本` (ben) for the particle `bin` is too short to pair by sound.
    let (s, why) = name_score("奥萨马·本·拉登", "Osama bin Laden");
    assert!(s >= 0.75 && why.contains("aosama~osama"), "{s} ({why})");
    // Without a middle dot, a short run is a Chinese name, read as pinyin
    // only: written apart, given name and surname do not meet other
    // people's names by sound.
    assert_below(
        0.8,
        &[
            ("静 刘", "Jin Ryu"),
            ("兵 吴", "Bin Wu"),
            ("俊雄 杜", "Prince Johnson"),
        ],
    );
    // The reading is by sound, not any Latin name: another person's stays low.
    let (s, why) = name_score("贝拉克·奥巴马", "Boris Johnson");
    assert!(s < 0.5, "{s} ({why})");
}

#[test]
fn feminine_and_masculine_surnames_are_two_people() {
    let (s, why) = name_score("Olga Baranova", "Oleg Baranov");
    assert!(s < 0.8 && why.contains("feminine"), "{s} {why}");
    let (s, why) = name_score("Anna Kowalska", "Anna Kowalski");
    assert!(why.contains("feminine"), "{s} {why}");
    // The same form, or a surname that is not gendered, is not lowered.
    let (_, why) = name_score("Olga Baranova", "Olga Baranova");
    assert!(!why.contains("feminine"), "{why}");
    let (_, why) = name_score("Marina Silva", "Marina Silva");
    assert!(!why.contains("feminine"), "{why}");
}

#[test]
fn allah_written_apart_meets_ullah_written_joined() {
    for (a, b) in [
        ("عزت الله حقاني", "Ezatullah Haqqani"),
        ("حبیب الله رشاد", "Habibullah Reshad"),
    ] {
        let (s, why) = name_score(a, b);
        assert!(
            why.contains("split") && s >= 0.75,
            "{a} vs {b}: {s} ({why})"
        );
    }
    // Only a word and Allah make the compound: `Abdul Wali Allah` is not
    // `Abdullah`.
    let (_, why) = name_score("عبدالولی الله", "Abdullah");
    assert!(!why.contains("split"), "{why}");
}

#[test]
fn cyrillic_arabic_and_latin_spellings() {
    for (a, b, min) in [
        ("Владимир Путин", "Vladimir Putin", 0.99),
        ("Владимир Путин", "Wladimir Putin", 0.9),
        // Stress accents (combining marks) keep words whole.
        (
            "Влади́мир Влади́мирович ПУ́ТИН",
            "Vladimir Vladimirovich Putin",
            0.99,
        ),
        ("Mohammed Salem", "Muhammad Salem", 0.9),
        ("Mohamed Salem", "Muhammad Salem", 0.9),
        ("محمد سالم", "Mohammed Salem", 0.8),
        // Hebrew: consonants, with ו/י inside a word read as vowels.
        ("ולדימיר פוטין", "Vladimir Putin", 0.8),
        // Wade–Giles against pinyin and Han characters.
        ("Hsi Chin-ping", "Xi Jinping", 0.85),
        ("Mao Tse-tung", "Mao Zedong", 0.85),
        ("習近平", "Hsi Chin-ping", 0.85),
        // Inflected and feminine forms: an ending added.
        ("Vladimiras Putinas", "Vladimir Putin", 0.8),
        ("Michel Obama", "Michelle Obama", 0.8),
    ] {
        let (s, why) = name_score(a, b);
        assert!(s >= min, "{a} vs {b}: {s} ({why})");
    }
}

#[test]
fn short_tokens_are_strict_and_unrelated_names_low() {
    // (`Kim Jang Un` still scores 0.83 against `Kim Jong Un`: two Latin
    // syllables with no Korean reading in common are compared by letters.)
    let jang = name_score("Kim Jang Un", "Kim Jong Un").0;
    let mohamed = name_score("Mohamed Salem", "Mohammed Salem").0;
    assert!(jang < mohamed, "{jang} {mohamed}");
    assert_below(
        0.5,
        &[
            ("Vladimir Putin", "Kim Jong Un"),
            ("Smith", "Jones"),
            ("John Smith", "Jane Jones"),
        ],
    );
}

#[test]
fn legal_forms_of_one_type_match() {
    let ix = Index::build(vec![]);
    let (x, y) = ix.analyze_pair("Acme OOO", "Acme LLC", Some(Schema::Company));
    let al = score::compare_names(&x, &y, ix.weights());
    assert!(al.score >= 0.95, "{}", al.describe(&x, &y));
    assert!(al.describe(&x, &y).contains("legal-form"));
}

#[test]
fn initials_and_compound_names_tell_people_apart() {
    assert_below(
        0.8,
        &[
            // Different middle initials, or an initial against another name.
            ("Frost, William G.", "William W Frost"),
            ("Hans O Friedrich", "Hans Joachim Friedrich"),
            // Initials alone.
            ("N.N.", "Nursultan Nazarbayev"),
            // Arabic compounds alike only in their shared part.
            (
                "Nazirullah Hanafi Hamidullah",
                "Nazirullah Hanafi Waliullah",
            ),
            ("Mohamad Iqbal Abdurrahim", "Mohamad Iqbal Abdurrahman"),
        ],
    );
    for (a, b) in [
        ("William G. Frost", "Frost, William G"),
        ("W. Frost", "William Frost"),
        ("Abdurrahman Wahid", "Abdulrahman Wahid"),
        ("Nasrullah Khan", "Nasrallah Khan"),
    ] {
        let (s, why) = name_score(a, b);
        assert!(s >= 0.8, "{a} vs {b}: {s} ({why})");
    }
}

#[test]
fn foreign_names_written_in_hangul() {
    for (a, b) in [
        ("블라디미르 푸틴", "Vladimir Putin"),
        ("세르게이 라브로프", "Sergey Lavrov"),
        (
            "블라디미르 블라디미로비치 푸틴",
            "Vladimir Vladimirovich Putin",
        ),
    ] {
        let (s, why) = name_score(a, b);
        assert!(s >= 0.9, "{a} vs {b}: {s} ({why})");
    }
    // Korean names keep their own rules.
    let (s, why) = name_score("김종은", "김정은");
    assert!(s < 0.8, "{s} {why}");
    assert!(name_score("푸틴", "Platon").0 < 0.5);
}

#[test]
fn a_left_over_korean_syllable_is_part_of_another_given_name() {
    // 영순 is a given name besides 병철: its syllables are not a middle
    // name the list leaves out.
    for q in ["영순 병철 김", "영 병철 김"] {
        let (s, why) = name_score(q, "Pyong Chol KIM");
        assert!(s < 0.8, "{q}: {s} {why}");
    }
    assert!(name_score("병철 김", "Pyong Chol KIM").0 >= 0.9);
}

#[test]
fn a_name_in_han_is_whole() {
    // A Chinese given name of one character is not a two-syllable one with
    // a syllable left out; a doubled character (丽丽 Lili) or two that read
    // alike (杨 阳) are two syllables, not a repeated name.
    assert_below(
        0.8,
        &[
            ("慧 申", "Hui Sheng Shen"),
            ("丽丽 马", "MA LI"),
            ("杨 阳 徐", "Xu Yang"),
        ],
    );
    // Written apart, in either order, a given name in Han is one part, as
    // pinyin writes it joined or apart.
    assert_at_least(
        0.9,
        &[
            ("丽丽 马", "Ma Lili"),
            ("慧 申", "Shen Hui"),
            ("近平 习", "Xi Jinping"),
            ("小明 王", "Wang Xiao Ming"),
            ("习近平", "Jinping Xi"),
        ],
    );
    // Pinyin has few syllables: a near spelling is another character, and
    // one initial does not stand for a given name of two.
    assert_below(
        0.8,
        &[
            ("建平 张", "ZHANG, Jiangping"),
            ("成 王", "WANG, Chen"),
            ("刚 周", "Zhao Gang"),
            ("秋香 陳", "Q.C. Chen"),
        ],
    );
}

#[test]
fn a_title_after_the_name_is_a_surname() {
    assert_below(
        0.8,
        &[("Mark Bishop", "Mark Ong"), ("Patricia King", "Patricia")],
    );
    assert_at_least(
        0.9,
        &[
            ("Bishop Desmond Tutu", "Desmond Tutu"),
            ("Sheikh Hassan", "HASSAN, Sheikh"),
        ],
    );
}

#[test]
fn an_arabic_article_latin_leaves_out_costs_little() {
    // Arabic script writes `ال` always; Latin spellings often leave it out.
    assert_at_least(0.8, &[("انصار الدين", "Ansar Dine")]);
    assert_at_least(0.95, &[("Abdel Fattah el-Sisi", "Abdel Fattah Sisi")]);
}

#[test]
fn an_arabic_name_of_one_consonant_meets_its_latin_spelling() {
    // `علي` has one consonant: its long vowel tells Ali from Ala or Ola.
    assert_at_least(0.8, &[("طارق عزيز علي", "Tariq Aziz Ali")]);
    let (s, why) = name_score("طارق عزيز علي", "Tariq Aziz Ola");
    assert!(s < 0.8, "{s} {why}");
}

#[test]
fn a_ta_marbuta_is_read_t_before_a_noun() {
    // `جبهة` is Jabhat in `جبهة النصرة`, and Fatima stays Fatima.
    assert_at_least(
        0.85,
        &[
            ("جبهة النصرة", "Jabhat al-Nusra"),
            ("حركة الشباب", "Harakat al-Shabaab"),
            ("فاطمة", "Fatima"),
        ],
    );
}

#[test]
fn abd_al_written_apart_meets_the_joined_latin_name() {
    // `عبد` + `ال` is read `abdul` (one Latin-script token) beside `مالك`.
    assert_at_least(0.8, &[("عبد المالك", "Abdelmalek")]);
}

#[test]
fn a_foreign_name_in_cyrillic_meets_its_latin_spelling() {
    // `дж` and `х` write `j` and `h` in foreign names (Russian style: `dzh`, `kh`).
    assert_at_least(
        0.8,
        &[
            ("Джалалуддин Хаккани", "Jalaluddin Haqqani"),
            ("Джабхат ан-Нусра", "Jabhat al-Nusra"),
        ],
    );
}

#[test]
fn a_listed_cyrillic_alias_meets_a_latin_query() {
    // The second spelling works whichever side is written in Cyrillic.
    assert_at_least(0.8, &[("Jalaluddin Haqqani", "Джалалуддин Хаккани")]);
}

#[test]
fn long_vowels_before_lam_still_tell_names_apart() {
    // Only the alef of an article joined inside a word is unsounded:
    // `جمال` is Jamal, not Jamil.
    let (s, why) = name_score("جمال", "Jamil");
    let (t, _) = name_score("جمال", "Jamal");
    assert!(s < t, "{s} {why}");
}

#[test]
fn korean_names_in_chinese_characters_read_in_sino_korean() {
    // As Chinese writes DPRK names: surname apart, given name one word.
    assert_at_least(
        0.8,
        &[
            ("金正恩", "Kim Jong Un"),
            ("金正恩", "KIM Chong Un"),
            ("金正恩", "Kim Jongun"),
            ("崔龙海", "Choe Ryong Hae"),
            ("崔龍海", "CHOE Ryong Hae"),
            ("金英哲", "Kim Yong Chol"),
        ],
    );
    // Another given name is another person.
    assert!(name_score("金正恩", "Kim Jong Il").0 < 0.8);
    // A Chinese name read in Chinese for one character is not read in
    // Korean for the other (`许` is `xu`, 허 in Korean; `萍`, pinyin
    // `ping`, meets `bing` only through a Korean reading of the pinyin).
    let (s, why) = name_score("萍 许", "Bing Xu");
    assert!(s < 0.8, "{s} {why}");
}

#[test]
fn korean_names_in_cyrillic_meet_their_romanisations() {
    // Russian writes DPRK names in the Kontsevich system or older forms.
    assert_at_least(
        0.8,
        &[
            ("Ким Чен Ын", "Kim Jong Un"),
            ("Ким Чен Ир", "KIM Jong Il"),
            ("Ким Ен Чер", "Kim Yong Chol"),
            ("Ким Ён Чхоль", "Kim Yong Chol"),
            ("Чхве Рён Хэ", "CHOE Ryong Hae"),
            ("Ли Мён Су", "Ri Myong Su"),
        ],
    );
    assert!(name_score("Ким Чен Ын", "Kim Jong Il").0 < 0.8);
    assert!(name_score("Ким Чен Ын", "Kim Jang Un").0 < 0.8);
}

#[test]
fn european_orthographies_of_one_name_meet() {
    // German and Dutch spellings of a Russian name.
    assert_at_least(
        0.9,
        &[
            (
                "Wladimir Wladimirowitsj Poetin",
                "Vladimir Vladimirovich Putin",
            ),
            (
                "Wladimir Wladimirowitsch Putin",
                "Vladimir Vladimirovich Putin",
            ),
        ],
    );
    // French `ou` (and `k` for `q`, by edit distance).
    assert_at_least(0.85, &[("Mouammar Kadhafi", "Muammar Qadhafi")]);
    // Only a strong likeness of the respellings counts, and short tokens
    // (Korean syllables: `Choe` 최, `Chu` 추) are not respelled.
    assert!(name_score("Felipe Sánchez", "Philippe Sanchez").0 < 0.8);
    assert!(name_score("Choe Chol", "Chu Chol").0 < 0.8);
}

/// Name score of two organisation names (see [`name_score`]).
fn company_score(a: &str, b: &str) -> (f32, String) {
    let ix = Index::build(vec![]);
    let (al, x, y) = ix.compare_pair(a, b, Some(Schema::Company));
    (al.score, al.describe(&x, &y))
}

/// Asserts that every pair of organisation names scores at least `min`
/// (`below` false) or below it (`below` true).
fn assert_companies(min: f32, below: bool, pairs: &[(&str, &str)]) {
    for (a, b) in pairs {
        let (s, why) = company_score(a, b);
        assert!((s < min) == below, "{a} / {b}: {s} {why}");
    }
}

#[test]
fn a_place_names_a_branch_of_the_same_company() {
    assert_companies(
        0.8,
        false,
        &[
            ("faberlic", "FABERLIC EUROPE Sp. z o.o."),
            ("Deutsche Bank AG", "Deutsche Bank (Schweiz) AG"),
            ("Deutsche Bank (Schweiz) AG", "Deutsche Bank AG"),
        ],
    );
    // A name with a legal form of its own names one company; two places
    // are two companies.
    assert_companies(
        0.8,
        true,
        &[
            ("Banco Santander S.A.", "Banco Santander México S.A."),
            (
                "Bowne Global Solutions (France), S.A.R.L.",
                "Bowne Global Solutions (Germany), G.m.b.H.",
            ),
        ],
    );
}

#[test]
fn cyrillic_names_differ_by_letters_as_written() {
    assert_at_least(0.8, &[("Александар Вукић", "Александар Вучић")]);
}

#[test]
fn a_left_out_name_is_cheap_beside_two_matching_ones() {
    assert_at_least(
        0.8,
        &[
            ("UMAR PATEK ABDULLAH ANSHORI", "UMAR PATEK"),
            ("ABDUL GHANI TURK", "ABDUL GHANI BARADAR ABDUL AHMAD TURK"),
        ],
    );
    // One matching name fits thousands; people go by their first name.
    assert_below(
        0.8,
        &[("Lucas Rivera", "Lucas"), ("Erik John Lee", "LEE, John")],
    );
}

#[test]
fn the_first_of_two_surnames_is_the_one_kept() {
    assert_below(0.8, &[("Daniel Rojas", "PEREZ ROJAS, Daniel")]);
    assert_at_least(0.8, &[("Daniel Perez", "PEREZ ROJAS, Daniel")]);
}

#[test]
fn review_cases_of_session_10() {
    // One token facing two written apart is one matching name, not two.
    assert_below(0.8, &[("Abdulrahman", "Abdul Rahman Mohammed")]);
    // A foreign name in Hangul or Han may leave out a middle name.
    assert_at_least(0.65, &[("도널드 트럼프", "Donald John Trump")]);
    // Three Han characters are surname and given name, even beside a title.
    assert_at_least(0.7, &[("习近平 主席", "Xi Jinping")]);
    // Pinyin writes a doubled character twice.
    assert_at_least(0.9, &[("丽丽 马", "Ma Li Li"), ("杨阳 徐", "Xu Yang Yang")]);
    // `Sergey Sergey Shoigu` is still Sergey Shoigu.
    assert_at_least(0.95, &[("Sergey Sergey Shoigu", "Sergey Shoigu")]);
}

#[test]
fn a_place_that_opens_a_name_or_follows_of_is_part_of_it() {
    assert_companies(
        0.8,
        true,
        &[
            ("Air", "IRAN AIR"),
            ("Central Bank", "CENTRAL BANK OF IRAQ"),
        ],
    );
}
