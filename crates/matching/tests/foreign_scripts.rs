//! Foreign names written in Hangul or Chinese characters find the listed
//! Latin name: candidates by the Latin spellings of their readings, hits by
//! sound (`embargo_names::{loanword, transcription}`).

use embargo_matching::{Index, Query, SearchOptions};
use embargo_model::{Entity, Schema, prop};

fn person(id: &str, name: &str) -> Entity {
    let mut e = Entity::new(id, Schema::Person);
    e.add(prop::NAME, name);
    e
}

fn index() -> Index {
    Index::build(vec![
        person("putin", "PUTIN"),
        person("pitt", "Brad Pitt"),
        person("obama", "Barack Obama"),
        person("lavrov", "Sergey Lavrov"),
    ])
}

/// Ids of the entities proposed for a query, whatever their score.
fn proposed(ix: &Index, q: &str) -> Vec<String> {
    let opts = SearchOptions {
        cutoff: 0.0,
        ..SearchOptions::default()
    };
    ix.search(&Query::name(q), &opts)
        .iter()
        .map(|h| ix.entities()[h.entity].id.clone())
        .collect()
}

#[test]
fn a_transcription_finds_a_listed_name_by_its_spellings() {
    let ix = index();
    // `普京` shares no phonetic code with `Putin` (PJN, PTN) and no
    // variant group: only the spelling `pujin`, one edit away, finds it.
    assert!(proposed(&ix, "弗拉基米尔·普京").contains(&"putin".to_owned()));
    // The same from Hangul.
    assert!(proposed(&ix, "블라디미르 푸틴").contains(&"putin".to_owned()));
}

#[test]
fn transcriptions_reach_the_threshold() {
    let ix = index();
    let opts = SearchOptions::default();
    for (q, id) in [("贝拉克·奥巴马", "obama"), ("谢尔盖·拉夫罗夫", "lavrov")] {
        let hits = ix.search(&Query::name(q), &opts);
        let top = hits.first().expect("a hit");
        assert_eq!(ix.entities()[top.entity].id, id, "{q}");
        assert!(top.is_match, "{q}: {}", top.scored.score);
    }
    // A Chinese name written in Han is not read by sound.
    assert!(
        ix.search(&Query::name("比特"), &opts)
            .iter()
            .all(|h| !h.is_match)
    );
}

#[test]
fn katakana_legal_forms_and_generic_words_meet_the_latin_ones() {
    let ix = Index::build(vec![]);
    let pair = |a: &str, b: &str| {
        let (al, x, y) = ix.compare_pair(a, b, Some(Schema::Organization));
        (al.score, al.describe(&x, &y))
    };
    // `CO` abbreviates company, which Japanese writes out (カンパニー).
    let (s, why) = pair("ミョヒャン・シッピング・カンパニー", "MYOHYANG SHIPPING CO");
    assert!(why.contains("kanpanii~co"), "{s} {why}");
    // `TRADING` is read as written, not as its generic form `trade`.
    let (s, why) = pair("トソン・トレーディング", "TOSONG TRADING");
    assert!(why.contains("toreedingu~trade"), "{s} {why}");
}
