//! A nickname finds the full name it stands for (`KeyKind::Nickname` keys
//! of `embargo_names`, scored by `similarity`).

use embargo_matching::{Index, Query, SearchOptions};
use embargo_model::{Entity, Schema, prop};

fn person(id: &str, name: &str) -> Entity {
    let mut e = Entity::new(id, Schema::Person);
    e.add(prop::NAME, name);
    e
}

#[test]
fn nickname_finds_full_name() {
    let ix = Index::build(vec![
        person("a", "Robert Kowalczyk"),
        person("b", "Theodore Abernathy"),
        person("c", "Edward Abernathy"),
    ]);
    let opts = SearchOptions::default();
    let top = |q: &str| {
        ix.search(&Query::name(q), &opts)
            .first()
            .map(|h| (ix.entities()[h.entity].id.clone(), h.scored.score))
    };
    let (id, score) = top("Bob Kowalczyk").expect("a hit");
    assert_eq!(id, "a");
    assert!(score >= 0.9, "{score}");
    // `Ted` is short for both Theodore and Edward.
    let (_, score) = top("Ted Abernathy").expect("a hit");
    assert!(score >= 0.9, "{score}");
    // No nickname relation: Bob is not Edward.
    let hits = ix.search(&Query::name("Bob Abernathy"), &opts);
    assert!(hits.iter().all(|h| !h.is_match));
}
