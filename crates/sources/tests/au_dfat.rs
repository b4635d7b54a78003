//! Australia DFAT consolidated list: real file counts and records, malformed input.

use embargo_model::{Entity, Schema, prop};
use embargo_sources::{InputFile, Location, au_dfat, util::shared_file};
use proptest::prelude::*;

const FILE: &str = "lists/au_dfat/regulation8_consolidated_2024-12.xlsx";

fn load() -> Option<Vec<u8>> {
    shared_file(FILE)
}

fn find<'a>(list: &'a [Entity], id: &str) -> &'a Entity {
    list.iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn real_file_counts() {
    let Some(bytes) = load() else { return };
    let list = au_dfat::parse(InputFile::new("au.xlsx", &bytes)).expect("parse");
    assert_eq!(list.records, 9553);
    assert_eq!(list.entities.len(), 3062);
    let persons = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    assert_eq!(persons, 2316);
    assert_eq!(list.entities.len() - persons, 746);
    assert!(list.entities.iter().all(|e| e.get(prop::NAME).len() == 1));
    let un = list
        .entities
        .iter()
        .filter(|e| e.designations[0].un_reference.is_some())
        .count();
    // 42 real citations; free text such as "the 1999" is not a reference.
    assert_eq!(un, 42);
}

#[test]
fn real_file_records() {
    let Some(bytes) = load() else { return };
    let list = au_dfat::parse(InputFile::new("au.xlsx", &bytes)).expect("parse");
    let e = &list.entities;

    let akhund = find(e, "au_dfat:2");
    assert_eq!(akhund.get(prop::NAME), ["MOHAMMAD HASSAN AKHUND"]);
    assert_eq!(akhund.get(prop::ALIAS), ["محمد حسن أخوند"]);
    assert_eq!(
        akhund.get(prop::BIRTH_DATE),
        ["1955", "1958", "1945", "1950"]
    );
    assert_eq!(akhund.get(prop::NATIONALITY), ["af"]);
    let d = &akhund.designations[0];
    assert_eq!(d.programs, ["1988 (Taliban)"]);
    assert_eq!(d.last_updated.as_deref(), Some("2014-12-15"));

    let kabir = find(e, "au_dfat:3");
    assert_eq!(kabir.get(prop::NAME), ["Abdul Kabir Mohammad Jan"]);
    assert_eq!(kabir.get(prop::ALIAS), ["A. Kabir", "عبد الکبیر محمد جان"]);
    assert_eq!(kabir.get(prop::BIRTH_DATE), ["1963"]);

    let omar = find(e, "au_dfat:4");
    assert_eq!(omar.get(prop::NAME), ["Mohammed Omar GHULAM NABI"]);
    assert_eq!(omar.get(prop::BIRTH_DATE), ["1966", "1960", "1953"]);

    // Sub-references such as 2672a10 group under 2672.
    let big = find(e, "au_dfat:2672");
    assert!(big.get(prop::ALIAS).len() >= 20);
}

#[test]
fn not_a_workbook_fails_on_the_file() {
    let err = au_dfat::parse(InputFile::new("x.xlsx", b"garbage")).expect_err("garbage");
    assert_eq!(err.location, Location::File);
}

#[test]
fn date_texts() {
    assert_eq!(
        au_dfat::en_dates("07/05/1962; alt DOB: 07/04/62").expect("ok"),
        ["1962-05-07"]
    );
    assert!(au_dfat::en_dates("30/02/1962").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = au_dfat::parse(InputFile::new("p.xlsx", &bytes));
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,40}") {
        let _ = au_dfat::en_dates(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    #[test]
    fn never_panics_on_mutated_real_file(flips in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8)) {
        let Some(mut bytes) = load() else { return Ok(()) };
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = au_dfat::parse(InputFile::new("m.xlsx", &bytes));
    }
}
