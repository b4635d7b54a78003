//! Canada SEMA XML parser: the real 2025-05 file and malformed inputs.

use embargo_model::{Entity, Schema, prop};
use embargo_sources::{InputFile, Location, ParsedList, ca_sema, util};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn real() -> Option<ParsedList> {
    let bytes = util::shared_file("lists/ca_sema/sema-lmes_2025-05.xml")?;
    Some(ca_sema::parse(InputFile::new("sema.xml", &bytes)).expect("parses"))
}

fn find<'a>(list: &'a ParsedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn real_file_counts() {
    let Some(list) = real() else { return };
    assert_eq!(list.records, 4759);
    assert_eq!(list.entities.len(), 4759);
    assert_eq!(list.published, None);
    let mut schemas: BTreeMap<Schema, usize> = BTreeMap::new();
    let mut programs: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &list.entities {
        *schemas.entry(e.schema).or_default() += 1;
        *programs.entry(&e.designations[0].programs[0]).or_default() += 1;
    }
    assert_eq!(schemas[&Schema::Person], 3334);
    assert_eq!(schemas[&Schema::LegalEntity], 1316);
    assert_eq!(schemas[&Schema::Vessel], 109);
    assert_eq!(programs.len(), 19);
    assert_eq!(programs["Russia / Russie"], 2426);
    assert_eq!(programs["Venezuela"], 123);
    assert_eq!(
        programs["Hamas Terrorist Attacks / Attaques terroristes du Hamas"],
        39
    );
    // Thematic regimes (JVCFOR 80, Hamas 39, settlers 22) name no country.
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.has(prop::COUNTRY))
            .count(),
        4618
    );
    let vague = list
        .entities
        .iter()
        .filter(|e| e.original.contains_key(prop::BIRTH_DATE) && !e.has(prop::BIRTH_DATE))
        .count();
    assert_eq!(vague, 2);
}

#[test]
fn real_file_records() {
    let Some(list) = real() else { return };
    let e = find(&list, "ca_sema:Belarus/1, Part 1/120");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.get(prop::NAME), ["Nikolai Aleksandrovich LUKASHENKO"]);
    assert_eq!(e.get(prop::FIRST_NAME), ["Nikolai Aleksandrovich"]);
    assert_eq!(e.get(prop::LAST_NAME), ["LUKASHENKO"]);
    assert_eq!(e.get(prop::BIRTH_DATE), ["2004-08-31"]);
    assert_eq!(e.get(prop::COUNTRY), ["by"]);
    assert_eq!(
        e.get(prop::ALIAS),
        [
            "Mikalay Alyaksandravich Lukashenka",
            "Kolya Lukashenko",
            "Мікалай Аляксандравіч Лукашэнка",
            "Николай Александрович Лукашенко",
            "Коля Лукашенко"
        ]
    );
    let d = &e.designations[0];
    assert_eq!(d.programs, ["Belarus / Bélarus"]);
    assert_eq!(d.listed_on.as_deref(), Some("2024-08-08"));
    assert_eq!(d.list.as_deref(), Some("Schedule 1, Part 1"));
    assert_eq!(d.authority, "Global Affairs Canada");

    let v = find(&list, "ca_sema:Russia/1.1/1");
    assert_eq!(v.schema, Schema::Vessel);
    assert_eq!(v.get(prop::NAME), ["Balitiyskiy III"]);
    assert_eq!(v.get(prop::IMO_NUMBER), ["7612448"]);
    assert_eq!(v.get(prop::TYPE), ["General Cargo / Multi Purpose"]);
    assert_eq!(v.get(prop::BUILD_DATE), ["1980"]);

    let r = find(&list, "ca_sema:Iran/1, Part 2.1/107");
    assert_eq!(r.get(prop::BIRTH_DATE), ["1963", "1964"]);
    assert_eq!(r.original[prop::BIRTH_DATE], ["1963 or 1964"]);
    assert!(r.get(prop::ALIAS).contains(&"سيامک ره‌پيک".to_string()));

    let k = find(&list, "ca_sema:Russia/1, Part 1/1114");
    assert_eq!(k.get(prop::LAST_NAME), ["MORDASHOV"]);
    assert!(!k.has(prop::BIRTH_DATE));
    assert_eq!(k.original[prop::BIRTH_DATE], ["Sep-99"]);

    let j = list
        .entities
        .iter()
        .find(|e| e.designations[0].programs[0].starts_with("Justice for Victims"))
        .expect("a JVCFOR record");
    assert!(!j.has(prop::COUNTRY));
}

fn sample(record: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data-set>\n<record>\n<Country>Iran</Country>\n<LastName>Doe</LastName>\n<GivenName>John</GivenName>\n<Schedule>1, Part 1</Schedule>\n<Item>1</Item>\n<DateOfListing>2020-01-02</DateOfListing>\n</record>\n{record}</data-set>\n"
    )
}

#[test]
fn small_valid_sample_with_entity_refs() {
    let xml = sample(
        "<record><Country>Iran</Country><EntityOrShip>A &amp; B &#x41;</EntityOrShip><Item>2</Item><DateOfListing>2020-01-02</DateOfListing></record>\n",
    );
    let list = ca_sema::parse(InputFile::new("s.xml", xml.as_bytes())).expect("parses");
    assert_eq!(list.entities.len(), 2);
    assert_eq!(list.entities[0].id, "ca_sema:Iran/1, Part 1/1");
    assert_eq!(list.entities[1].get(prop::NAME), ["A & B A"]);
    assert_eq!(list.entities[1].id, "ca_sema:Iran//2");
}

#[test]
fn truncated_xml_fails() {
    let xml = sample("");
    let cut = &xml.as_bytes()[..xml.len() - 20];
    let err = ca_sema::parse(InputFile::new("t.xml", cut)).expect_err("truncated");
    assert_eq!(err.file, "t.xml");
    assert!(
        matches!(err.location, Location::Line(_) | Location::Byte(_)),
        "{err}"
    );
}

#[test]
fn bad_date_fails_naming_record_and_field() {
    let xml = sample(
        "<record><Country>Iran</Country><LastName>X</LastName><DateOfBirthOrShipBuildDate>31/31/1990</DateOfBirthOrShipBuildDate><Item>2</Item><DateOfListing>2020-01-02</DateOfListing></record>\n",
    );
    let err = ca_sema::parse(InputFile::new("d.xml", xml.as_bytes())).expect_err("bad date");
    assert_eq!(
        err.location,
        Location::Record {
            index: 2,
            line: Some(11)
        }
    );
    assert_eq!(err.field.as_deref(), Some("DateOfBirthOrShipBuildDate"));
}

#[test]
fn unknown_element_duplicate_key_and_bad_encoding_fail() {
    let xml = sample("<record><Country>Iran</Country><Nickname>X</Nickname></record>\n");
    let err = ca_sema::parse(InputFile::new("u.xml", xml.as_bytes())).expect_err("unknown");
    assert_eq!(err.found, "Nickname");
    let dup = sample(
        "<record><Country>Iran</Country><LastName>Y</LastName><Schedule>1, Part 1</Schedule><Item>1</Item><DateOfListing>2020-01-02</DateOfListing></record>\n",
    );
    let err = ca_sema::parse(InputFile::new("k.xml", dup.as_bytes())).expect_err("dup key");
    assert_eq!(err.field.as_deref(), Some("Item"));
    let mut bytes = sample("").into_bytes();
    bytes[100] = 0xff;
    let err = ca_sema::parse(InputFile::new("e.xml", &bytes)).expect_err("encoding");
    assert!(matches!(err.location, Location::Line(_)));
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = ca_sema::parse(InputFile::new("p.xml", &bytes));
    }

    #[test]
    fn never_panics_on_mutations(pos in 0usize..400, byte in any::<u8>(), cut in 0usize..400) {
        let mut bytes = sample("").into_bytes();
        let n = bytes.len();
        bytes[pos % n] = byte;
        bytes.truncate(n - cut % n);
        let _ = ca_sema::parse(InputFile::new("p.xml", &bytes));
    }
}

#[test]
fn two_full_names_in_one_alias_are_two_aliases() {
    let Some(list) = real() else { return };
    let with = |needle: &str| {
        list.entities
            .iter()
            .find(|e| e.get(prop::ALIAS).iter().any(|a| a.contains(needle)))
            .unwrap_or_else(|| panic!("{needle} missing"))
            .get(prop::ALIAS)
            .to_vec()
    };
    let aliases = with("Ермакова");
    assert!(
        aliases.contains(&"Елена Петровна Тимченко".to_string()),
        "{aliases:?}"
    );
    assert!(
        aliases.contains(&"Елена Ермакова".to_string()),
        "{aliases:?}"
    );
    // Alternatives of one word stay together: a word alone is no name.
    let aliases = with("Karnienko");
    assert!(
        aliases.iter().any(|a| a.starts_with("Aleksander/")),
        "{aliases:?}"
    );
    let aliases = with("Kon’kov");
    assert!(aliases.iter().any(|a| a.contains(" or ")), "{aliases:?}");
    // 141 aliases of 3,311 held two to five names: 3,454 aliases.
    let total: usize = list.entities.iter().map(|e| e.get(prop::ALIAS).len()).sum();
    assert_eq!(total, 3454);
}
