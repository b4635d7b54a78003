//! UK OFSI ConList.csv parser: the real 2018-04-13 file and malformed inputs.

use embargo_model::{Entity, Schema, UnRef, prop};
use embargo_sources::gb_ofsi::{self, UnCitation, split_enumeration, un_citation};
use embargo_sources::{InputFile, Location, ParsedList, util};
use proptest::prelude::*;

fn real() -> Option<ParsedList> {
    let bytes = util::shared_file("lists/uk_ofsi/ofsi_conlist_2018-04-13.csv")?;
    Some(gb_ofsi::parse(InputFile::new("ConList.csv", &bytes)).expect("parses"))
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
    assert_eq!(list.published.as_deref(), Some("2018-04-13"));
    assert_eq!(list.records, 9487);
    assert_eq!(list.entities.len(), 2106);
    let persons = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    assert_eq!(persons, 1426);
    assert!(list.entities.iter().all(|e| e.has(prop::NAME)));
    let citing = list
        .entities
        .iter()
        .filter(|e| {
            let d = &e.designations[0];
            d.un_reference.is_some() || d.notes.iter().any(|n| n.starts_with("UN reference"))
        })
        .count();
    let parsed = list
        .entities
        .iter()
        .filter(|e| e.designations[0].un_reference.is_some())
        .count();
    assert_eq!(citing, 687);
    assert_eq!(parsed, 275);
    let multi_regime = list
        .entities
        .iter()
        .filter(|e| e.designations[0].programs.len() > 1)
        .count();
    assert_eq!(multi_regime, 6);
}

#[test]
fn real_file_records() {
    let Some(list) = real() else { return };
    let e = find(&list, "gb_ofsi:13349");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.get(prop::BIRTH_DATE), ["1980", "1981"]);
    assert_eq!(e.get(prop::NATIONALITY), ["sa", "qa"]);
    assert_eq!(e.get(prop::BIRTH_COUNTRY), ["sa"]);
    assert!(
        e.get(prop::ALIAS)
            .contains(&"Sheikh Farooq AL-QAHTANI".to_string())
    );
    assert_eq!(
        e.get(prop::PASSPORT_NUMBER),
        ["Passport No: 592667 (Qatari passport issued on 3 May 2007)."]
    );
    let d = &e.designations[0];
    assert_eq!(d.un_reference.as_ref().map(UnRef::as_str), Some("QDe.004"));
    assert_eq!(d.programs, ["The ISIL (Da'esh) and Al-Qaida organisations"]);
    assert_eq!(d.listed_on.as_deref(), Some("2016-04-01"));
    assert_eq!(d.authority, "UK HM Treasury OFSI");

    let k = find(&list, "gb_ofsi:13562");
    assert_eq!(k.get(prop::NAME), ["Kim Kyong IL"]);
    assert_eq!(k.get(prop::FIRST_NAME), ["Kim Kyong"]);
    assert_eq!(k.get(prop::LAST_NAME), ["IL"]);
    assert_eq!(k.get(prop::ALIAS), ["Kim KYO'NG-IL"]);
    assert_eq!(k.get(prop::BIRTH_DATE), ["1979-08-01"]);
    assert_eq!(k.original[prop::BIRTH_DATE], ["01/08/1979"]);
    assert_eq!(
        k.get(prop::POSITION),
        ["Foreign Trade Bank deputy chief representative in Libya"]
    );
    assert_eq!(k.get(prop::ADDRESS), ["Libya"]);
    let d = &k.designations[0];
    assert_eq!(d.un_reference.as_ref().map(UnRef::as_str), Some("KPi.067"));
    assert_eq!(d.listed_on.as_deref(), Some("2017-12-22"));
    assert_eq!(d.last_updated.as_deref(), Some("2018-01-09"));

    let a = find(&list, "gb_ofsi:13188");
    assert_eq!(a.schema, Schema::Organization);
    assert!(a.designations[0].un_reference.is_none());
    assert_eq!(
        a.designations[0].notes,
        ["UN reference (old format): QE.A.146.14"]
    );
}

#[test]
fn un_citation_forms() {
    let p = |t: &str| match un_citation(t) {
        Some(UnCitation::Parsed(r)) => Some(r.as_str().to_string()),
        _ => None,
    };
    let u = |t: &str| match un_citation(t) {
        Some(UnCitation::Unparsed(s)) => Some(s),
        _ => None,
    };
    assert_eq!(p("UN Ref QDe.004. Emir").as_deref(), Some("QDe.004"));
    assert_eq!(
        p("Annex XIII. UN Listing. UN Ref.KPI.067.").as_deref(),
        Some("KPi.067")
    );
    assert_eq!(p("UN Ref.KPI. 076. Ri").as_deref(), Some("KPi.076"));
    assert_eq!(
        p("UN Reference No: TAi.172. Belongs").as_deref(),
        Some("TAi.172")
    );
    assert_eq!(p("un rEF KPe.024. The").as_deref(), Some("KPe.024"));
    assert_eq!(
        p("IRe.001. Subordinate of DIO.").as_deref(),
        Some("IRe.001")
    );
    assert_eq!(
        p("Annex XIII. UN listing. KPi.023.  Has").as_deref(),
        Some("KPi.023")
    );
    assert_eq!(
        p("EU and UN. UN Ref QDi.407. listed as Al-Qaida in Iraq (QDe.115)").as_deref(),
        Some("QDi.407")
    );
    assert_eq!(
        u("UN REF:QE.A.146.14. Also").as_deref(),
        Some("QE.A.146.14")
    );
    assert_eq!(
        u("UN Ref TI.A.128.01.Financial").as_deref(),
        Some("TI.A.128.01")
    );
    assert_eq!(u("UN Ref E.29.II.2. Owned").as_deref(), Some("E.29.II.2"));
    assert_eq!(u("UN Ref.077. Alternate").as_deref(), Some("077"));
    assert_eq!(un_citation("UN listing. Son of Muammar Qadhafi."), None);
    assert_eq!(un_citation("Annex XV EU not UN Listing. Deputy"), None);
    assert_eq!(un_citation("Associated with (QDe.115)."), None);
}

#[test]
fn enumerations() {
    assert_eq!(
        split_enumeration("(1) Somali (2) Swedish"),
        ["Somali", "Swedish"]
    );
    assert_eq!(
        split_enumeration("1) Saudi Arabia 2) Qatar"),
        ["Saudi Arabia", "Qatar"]
    );
    assert_eq!(
        split_enumeration("(1)-(2) Tunisia (3) Libya"),
        ["Tunisia", "Libya"]
    );
    assert_eq!(
        split_enumeration("(1) to (6) Algeria (7) Morocco"),
        ["Algeria", "Morocco"]
    );
    assert_eq!(
        split_enumeration("(1) Afghanistan, (2) Pakistan"),
        ["Afghanistan", "Pakistan"]
    );
    assert_eq!(
        split_enumeration("Iranian (Iranian citizenship)"),
        ["Iranian (Iranian citizenship)"]
    );
}

const HEADER: &str = "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID";

fn sample(rows: &str) -> Vec<u8> {
    format!(
        "Last Updated,13/04/2018,,\n{HEADER}\nDOE,John,,,,,,01/02/1970,,,Iraqi,,,,,,,,,,,,UN Ref IQi.001,Individual,Prime Alias,Iraq,01/01/2010,01/01/2011,1\n{rows}"
    )
    .into_bytes()
}

#[test]
fn small_sample_and_windows_1252() {
    let mut bytes =
        sample("D,Jos\u{e9},,,,,,,,,,,,,,,,,,,,,,Individual,AKA,Iraq,01/01/2010,01/01/2011,1\n");
    // Raw Windows-1252 bytes: é = 0xE9.
    let pos = bytes
        .windows(4)
        .position(|w| w == b"Jos\xC3")
        .expect("sample");
    bytes.splice(pos + 3..pos + 5, [0xE9]);
    let list = gb_ofsi::parse(InputFile::new("s.csv", &bytes)).expect("parses");
    assert_eq!(list.entities.len(), 1);
    let e = &list.entities[0];
    assert_eq!(e.get(prop::NAME), ["John DOE"]);
    assert_eq!(e.get(prop::ALIAS), ["José D"]);
    assert_eq!(e.get(prop::NATIONALITY), ["iq"]);
}

#[test]
fn malformed_inputs_fail_with_location() {
    let err = gb_ofsi::parse(InputFile::new("c.csv", &sample("X,Y\n"))).expect_err("columns");
    assert_eq!(err.location, Location::Line(4));
    let bad_date =
        sample("X,,,,,,,31/02/1970,,,,,,,,,,,,,,,,Individual,AKA,Iraq,01/01/2010,01/01/2011,1\n");
    let err = gb_ofsi::parse(InputFile::new("c.csv", &bad_date)).expect_err("date");
    assert_eq!(
        err.location,
        Location::Record {
            index: 2,
            line: Some(4)
        }
    );
    assert_eq!(err.field.as_deref(), Some("DOB"));
    let bad_alias =
        sample("X,,,,,,,,,,,,,,,,,,,,,,,Individual,Nickname,Iraq,01/01/2010,01/01/2011,1\n");
    let err = gb_ofsi::parse(InputFile::new("c.csv", &bad_alias)).expect_err("alias type");
    assert_eq!(err.field.as_deref(), Some("Alias Type"));
    let err =
        gb_ofsi::parse(InputFile::new("c.csv", b"Name 6,Name 1\n")).expect_err("no date line");
    assert_eq!(err.location, Location::Line(1));
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = gb_ofsi::parse(InputFile::new("p.csv", &bytes));
    }

    #[test]
    fn never_panics_on_mutations(pos in 0usize..600, byte in any::<u8>(), cut in 0usize..600) {
        let mut bytes = sample("");
        let n = bytes.len();
        bytes[pos % n] = byte;
        bytes.truncate(n - cut % n);
        let _ = gb_ofsi::parse(InputFile::new("p.csv", &bytes));
    }
}
