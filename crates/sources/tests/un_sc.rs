//! Tests of the UN Security Council consolidated list parser: the five real
//! publications in `../shared/lists/un`, malformed inputs, and fuzzing.

use embargo_model::{Entity, Schema, UnRef, prop};
use embargo_sources::{InputFile, Location, ParseError, ParsedList, un_sc};
use proptest::prelude::{ProptestConfig, any, proptest};
use std::collections::HashSet;

fn load(date: &str) -> Option<ParsedList> {
    let Some(dir) = embargo_sources::util::shared_dir() else {
        println!("skipping: ../shared not found");
        return None;
    };
    let name = format!("un_consolidated_{date}.xml");
    let bytes = std::fs::read(dir.join("lists/un").join(&name)).expect("read UN list");
    let started = std::time::Instant::now();
    let list = un_sc::parse(InputFile::new(&name, &bytes)).expect("parse UN list");
    println!("{name}: {:?}", started.elapsed());
    Some(list)
}

fn get<'a>(list: &'a ParsedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} not found"))
}

/// Checks the counts and the invariants every publication must satisfy.
fn check_counts(list: &ParsedList, date: &str, people: usize, orgs: usize) {
    let persons = |schema| list.entities.iter().filter(|e| e.schema == schema).count();
    assert_eq!(list.published.as_deref(), Some(date));
    assert_eq!(persons(Schema::Person), people, "{date} individuals");
    assert_eq!(persons(Schema::Organization), orgs, "{date} entities");
    assert_eq!(list.entities.len(), people + orgs);
    assert_eq!(list.records, people + orgs);
    let dprk = |schema| {
        list.entities
            .iter()
            .filter(|e| e.schema == schema && e.designations[0].programs == ["DPRK"])
            .count()
    };
    assert_eq!(
        (dprk(Schema::Person), dprk(Schema::Organization)),
        (80, 75),
        "{date} DPRK"
    );
    let mut ids = HashSet::new();
    for e in &list.entities {
        assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
        assert!(e.has(prop::NAME), "{} has no name", e.id);
        let [d] = e.designations.as_slice() else {
            panic!("{}: one designation expected", e.id);
        };
        let r = d.un_reference.as_ref().expect("UN reference");
        assert_eq!(e.id, format!("un_sc:{r}"));
        assert_eq!(d.reference, r.as_str());
        assert_eq!(r.is_individual(), e.schema == Schema::Person, "{}", e.id);
        assert_eq!(d.authority, "UN Security Council");
        assert_eq!(d.list.as_deref(), Some("UN List"));
        assert!(
            d.listed_on.as_ref().is_some_and(|l| l.len() == 10),
            "{}",
            e.id
        );
        assert_eq!(d.programs.len(), 1);
    }
}

#[test]
fn publication_2026_02_27() {
    let Some(list) = load("2026-02-27") else {
        return;
    };
    check_counts(&list, "2026-02-27", 730, 273);

    let ri = get(&list, "un_sc:KPi.033");
    assert_eq!(ri.schema, Schema::Person);
    assert_eq!(ri.get(prop::NAME), ["RI WON HO"]);
    assert_eq!(ri.get(prop::FIRST_NAME), ["RI"]);
    assert_eq!(ri.get(prop::SECOND_NAME), ["WON HO"]);
    assert!(!ri.has(prop::ALIAS) && !ri.has(prop::WEAK_ALIAS));
    assert_eq!(ri.get(prop::BIRTH_DATE), ["1964-07-17"]);
    assert_eq!(ri.get(prop::NATIONALITY), ["kp"]);
    assert_eq!(ri.get(prop::PASSPORT_NUMBER), ["381310014"]);
    assert_eq!(
        ri.get(prop::POSITION),
        ["DPRK Ministry of State Security Official"]
    );
    let d = &ri.designations[0];
    assert_eq!(d.programs, ["DPRK"]);
    assert_eq!(d.listed_on.as_deref(), Some("2016-11-30"));
    assert_eq!(d.last_updated, None);
    assert_eq!(d.un_reference, UnRef::parse("KPi.033").ok());

    // Reference published with a trailing space; f.k.a. alias.
    let ryonbong = get(&list, "un_sc:KPe.002");
    assert_eq!(ryonbong.schema, Schema::Organization);
    assert_eq!(
        ryonbong.get(prop::NAME),
        ["KOREA RYONBONG GENERAL CORPORATION"]
    );
    assert!(
        ryonbong
            .get(prop::ALIAS)
            .contains(&"KOREA YONBONG GENERAL CORPORATION".to_string())
    );
    assert!(
        ryonbong
            .get(prop::PREVIOUS_NAME)
            .contains(&"LYONGAKSAN GENERAL TRADING CORPORATION".to_string())
    );
    let dcb = get(&list, "un_sc:KPe.023");
    assert_eq!(dcb.get(prop::NAME), ["DAEDONG CREDIT BANK (DCB)"]);
    assert_eq!(dcb.designations[0].reference, "KPe.023");
    assert_eq!(dcb.get(prop::COUNTRY), ["kp"]);

    // Original-script name, title, designations, approximate year, latest update.
    let anwari = get(&list, "un_sc:TAi.005");
    assert_eq!(anwari.get(prop::NAME), ["MUHAMMAD TAHER ANWARI"]);
    assert_eq!(anwari.get(prop::MIDDLE_NAME), ["ANWARI"]);
    assert!(
        anwari
            .get(prop::ALIAS)
            .contains(&"محمد طاهر أنوري".to_string())
    );
    assert!(
        anwari
            .get(prop::WEAK_ALIAS)
            .contains(&"Haji Mudir".to_string())
    );
    assert_eq!(anwari.get(prop::TITLE), ["Mullah"]);
    assert_eq!(anwari.get(prop::POSITION).len(), 2);
    assert_eq!(anwari.get(prop::BIRTH_DATE), ["1961"]);
    assert_eq!(anwari.original[prop::BIRTH_DATE], ["1961 (APPROXIMATELY)"]);
    assert_eq!(
        anwari.get(prop::BIRTH_PLACE),
        ["Zurmat District, Paktia Province, Afghanistan"]
    );
    assert_eq!(anwari.get(prop::BIRTH_COUNTRY), ["af"]);
    assert_eq!(anwari.designations[0].programs, ["Taliban"]);
    assert_eq!(
        anwari.designations[0].last_updated.as_deref(),
        Some("2011-11-29")
    );

    // BETWEEN ranges: one year each, wording kept.
    let akhund = get(&list, "un_sc:TAi.002");
    let years: Vec<&str> = akhund
        .get(prop::BIRTH_DATE)
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert_eq!(
        years,
        [
            "1955", "1956", "1957", "1958", "1945", "1946", "1947", "1948", "1949", "1950"
        ]
    );
    assert!(
        akhund.original[prop::BIRTH_DATE].contains(&"1945-1950 (BETWEEN; Approximately)".into())
    );

    // Date of birth given only as a note.
    let kaina = get(&list, "un_sc:CDi.004");
    assert_eq!(kaina.get(prop::BIRTH_DATE), ["1973-11"]);
    assert_eq!(kaina.get(prop::GENDER), ["male"]);
    assert_eq!(kaina.get(prop::ADDRESS), ["Uganda, as of early 2016"]);
    assert_eq!(kaina.get(prop::COUNTRY), ["ug"]);
    assert_eq!(kaina.get(prop::WEAK_ALIAS), ["India Queen"]);
    let khan = get(&list, "un_sc:QDi.306");
    assert!(
        khan.get(prop::NOTES)
            .contains(&"Date of birth: Between Aug. and Sep. 1977".into())
    );
}

#[test]
fn publication_2018_10_29() {
    let Some(list) = load("2018-10-29") else {
        return;
    };
    check_counts(&list, "2018-10-29", 703, 390);
    // One-line records, name with surrounding spaces.
    let ri = get(&list, "un_sc:KPi.033");
    assert_eq!(ri.get(prop::NAME), ["RI WON HO"]);
    assert_eq!(ri.get(prop::FIRST_NAME), ["RI"]);
    // `&amp;` in a name, reference with a trailing space.
    let chang_an = get(&list, "un_sc:KPe.055");
    assert_eq!(chang_an.get(prop::NAME), ["CHANG AN SHIPPING & TECHNOLOGY"]);
    // xs:date with a time-zone suffix.
    let marial = get(&list, "un_sc:SSi.005");
    assert_eq!(marial.get(prop::BIRTH_DATE), ["1960-01-01"]);
    assert_eq!(
        marial.designations[0].listed_on.as_deref(),
        Some("2015-07-01")
    );
    assert_eq!(marial.designations[0].programs, ["SouthSudan"]);
}

#[test]
fn publication_2024_11_30() {
    if let Some(list) = load("2024-11-30") {
        check_counts(&list, "2024-11-30", 686, 193);
    }
}

#[test]
fn publication_2025_04_19() {
    if let Some(list) = load("2025-04-19") {
        check_counts(&list, "2025-04-19", 684, 193);
    }
}

#[test]
fn publication_2025_11_20() {
    if let Some(list) = load("2025-11-20") {
        check_counts(&list, "2025-11-20", 727, 273);
    }
}

const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <FIRST_NAME> KIM </FIRST_NAME><SECOND_NAME>IL &amp; SU</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.999 </REFERENCE_NUMBER>
      <LISTED_ON>2016-11-30</LISTED_ON>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>&#x41;BC</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><NUMBER> 123 </NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <FIRST_NAME>ACME CO</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.999</REFERENCE_NUMBER>
      <LISTED_ON>2017-01-01</LISTED_ON>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"#;

fn parse_str(xml: &str) -> Result<ParsedList, ParseError> {
    un_sc::parse(InputFile::new("t.xml", xml.as_bytes()))
}

fn record(index: u64) -> impl Fn(&Location) -> bool {
    move |l| matches!(l, Location::Record { index: i, line: Some(_) } if *i == index)
}

#[test]
fn sample_parses() {
    let list = parse_str(SAMPLE).expect("sample");
    assert_eq!(list.published.as_deref(), Some("2026-02-27"));
    assert_eq!(list.records, 2);
    let kim = &list.entities[0];
    assert_eq!(kim.id, "un_sc:KPi.999");
    assert_eq!(kim.get(prop::NAME), ["KIM IL & SU"]);
    assert_eq!(kim.get(prop::WEAK_ALIAS), ["ABC"]);
    assert_eq!(kim.get(prop::BIRTH_DATE), ["1960", "1961", "1962"]);
    assert_eq!(kim.original[prop::BIRTH_DATE], ["1960-1962 (BETWEEN)"]);
    assert_eq!(kim.get(prop::ID_NUMBER), ["123"]);
    assert_eq!(list.entities[1].schema, Schema::Organization);
}

#[test]
fn truncated_xml_is_an_error() {
    let cut = &SAMPLE[..SAMPLE.find("<ENTITIES>").expect("marker")];
    let err = parse_str(cut).expect_err("truncated");
    assert!(matches!(err.location, Location::Byte(_)), "{err}");
    let err = parse_str(&SAMPLE.replace("</FIRST_NAME><SECOND", "</FIRST><SECOND"))
        .expect_err("mismatched tag");
    assert!(matches!(err.location, Location::Byte(_)), "{err}");
}

#[test]
fn unknown_record_type_is_an_error() {
    let xml = SAMPLE
        .replace("<ENTITY>", "<VESSEL>")
        .replace("</ENTITY>", "</VESSEL>");
    let err = parse_str(&xml).expect_err("vessel");
    assert_eq!(err.location, Location::Line(16), "{err}");
    assert!(err.found.contains("VESSEL"));
}

#[test]
fn bad_date_names_record_and_field() {
    let err = parse_str(&SAMPLE.replace("2017-01-01", "2017-13-45")).expect_err("bad date");
    assert!(record(2)(&err.location), "{err}");
    assert_eq!(err.field.as_deref(), Some("LISTED_ON"));
    assert_eq!(err.found, "2017-13-45");

    let xml = SAMPLE.replace("<TO_YEAR>1962", "<TO_YEAR>1999");
    let err = parse_str(&xml).expect_err("range too wide");
    assert!(record(1)(&err.location), "{err}");
    assert_eq!(err.field.as_deref(), Some("TO_YEAR"));

    let xml = SAMPLE.replace(">BETWEEN<", ">ROUGHLY<");
    let err = parse_str(&xml).expect_err("date type");
    assert_eq!(err.field.as_deref(), Some("TYPE_OF_DATE"));
}

#[test]
fn bad_values_are_errors() {
    let err = parse_str(&SAMPLE.replace(">Low<", ">Medium<")).expect_err("quality");
    assert_eq!(err.field.as_deref(), Some("QUALITY"));
    assert!(record(1)(&err.location));

    let err = parse_str(&SAMPLE.replace("KPe.999", "KPi.999")).expect_err("dup / kind");
    assert_eq!(err.field.as_deref(), Some("REFERENCE_NUMBER"));
    assert!(record(2)(&err.location));

    let err = parse_str(&SAMPLE.replace("KPe.999", "KP-999")).expect_err("bad ref");
    assert_eq!(err.found, "KP-999");

    // Same reference twice, both entities.
    let twice = SAMPLE.replace(
        "</ENTITIES>",
        "<ENTITY><FIRST_NAME>X</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>\
         <REFERENCE_NUMBER>KPE.999</REFERENCE_NUMBER><LISTED_ON>2017-01-01</LISTED_ON></ENTITY></ENTITIES>",
    );
    let err = parse_str(&twice).expect_err("duplicate");
    assert!(record(3)(&err.location), "{err}");
    assert!(err.found.contains("also record 2"));

    let err = parse_str(&SAMPLE.replace("&amp;", "&nbsp;")).expect_err("entity");
    assert!(err.found.contains("&nbsp;"));
}

#[test]
fn bad_encoding_is_an_error() {
    let mut bytes = SAMPLE.as_bytes().to_vec();
    let at = SAMPLE.find("ACME").expect("marker");
    bytes[at] = 0xff;
    let err = un_sc::parse(InputFile::new("t.xml", &bytes)).expect_err("encoding");
    assert_eq!(err.location, Location::Line(17));
}

#[test]
fn not_the_un_list_is_an_error() {
    assert!(parse_str("").is_err());
    assert!(parse_str("<sdnList/>").is_err());
    assert!(parse_str("<CONSOLIDATED_LIST/><CONSOLIDATED_LIST/>").is_err());
    let err = parse_str(r#"<CONSOLIDATED_LIST dateGenerated="yesterday"/>"#).expect_err("date");
    assert_eq!(err.field.as_deref(), Some("dateGenerated"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = un_sc::parse(InputFile::new("fuzz.xml", &bytes));
    }

    #[test]
    fn mutated_sample_never_panics(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<proptest::sample::Index>(),
    ) {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = cut.index(bytes.len() + 1);
        let _ = un_sc::parse(InputFile::new("fuzz.xml", &bytes));
        let _ = un_sc::parse(InputFile::new("fuzz.xml", &bytes[..keep]));
    }
}
