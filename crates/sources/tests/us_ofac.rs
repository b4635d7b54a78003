//! OFAC legacy CSV and XML parsers, on the real files in `../shared`.

use embargo_model::{Entity, Schema, SourceKind, prop};
use embargo_sources::{InputFile, Location, ParsedList, parse, us_ofac_csv, us_ofac_xml};
use proptest::prelude::*;
use std::path::PathBuf;

fn dir() -> Option<PathBuf> {
    match embargo_sources::util::shared_dir() {
        Some(d) => Some(d.join("lists/us_ofac")),
        None => {
            println!("skipping: ../shared not found");
            None
        }
    }
}

fn load(kind: SourceKind, paths: &[PathBuf]) -> ParsedList {
    let bufs: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            let b = std::fs::read(p).expect("read");
            (p.display().to_string(), b)
        })
        .collect();
    let files: Vec<InputFile<'_>> = bufs.iter().map(|(n, b)| InputFile::new(n, b)).collect();
    parse(kind, &files).expect("parses")
}

fn by_ref<'a>(l: &'a ParsedList, r: &str) -> &'a Entity {
    l.entities
        .iter()
        .find(|e| e.designations[0].reference == r)
        .expect("record present")
}

fn count(l: &ParsedList, s: Schema) -> usize {
    l.entities.iter().filter(|e| e.schema == s).count()
}

#[test]
fn sdn_2024_05_03() {
    let Some(d) = dir() else { return };
    let path = d.join("sdn_2024-05-03.csv");
    let bytes = std::fs::read(&path).expect("read");
    let mut best = std::time::Duration::MAX;
    let mut l = None;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let r = parse(
            SourceKind::UsOfacSdn,
            &[InputFile::new("sdn_2024-05-03.csv", &bytes)],
        )
        .expect("parses");
        best = best.min(t.elapsed());
        l = Some(r);
    }
    println!("sdn_2024-05-03.csv parsed in {best:?} (best of 3)");
    let l = l.expect("parsed");
    assert_eq!(l.entities.len(), 14_965);
    assert_eq!(l.records, 14_965);
    assert_eq!(l.published, None);
    assert_eq!(count(&l, Schema::Person), 6_854);
    assert_eq!(count(&l, Schema::Vessel), 851);
    assert_eq!(count(&l, Schema::Airplane), 376);
    assert_eq!(count(&l, Schema::Organization), 6_884);
    // OFAC's files cite no UN reference numbers; none is invented.
    assert!(
        l.entities
            .iter()
            .all(|e| e.designations[0].un_reference.is_none())
    );

    let komid = by_ref(&l, "9345");
    assert_eq!(komid.id, "us_ofac_sdn:9345");
    assert_eq!(komid.schema, Schema::Organization);
    assert_eq!(komid.get(prop::WEAK_ALIAS), ["KOMID"]);
    let dz = &komid.designations[0];
    assert_eq!(dz.programs, ["NPWMD", "DPRK2"]);
    assert_eq!(dz.authority, "US Treasury OFAC");
    assert!(dz.secondary_sanctions_risk());
    assert_eq!(dz.notes.len(), 2);

    let kim = by_ref(&l, "17614");
    assert_eq!(kim.get(prop::NAME), ["KIM, Yong Chol"]);
    assert_eq!(kim.get(prop::LAST_NAME), ["KIM"]);
    assert_eq!(kim.get(prop::FIRST_NAME), ["Yong Chol"]);
    assert_eq!(kim.get(prop::BIRTH_DATE), ["1962-02-18"]);
    assert_eq!(kim.get(prop::NATIONALITY), ["kp"]);
    assert_eq!(kim.get(prop::POSITION), ["KOMID Representative in Iran"]);
    assert_eq!(kim.get(prop::NOTES), ["KOMID Representative in Iran"]);
    assert_eq!(kim.designations[0].programs, ["DPRK2"]);

    let kim2 = by_ref(&l, "12211");
    assert_eq!(kim2.get(prop::BIRTH_DATE), ["1947", "1946"]);
    assert_eq!(kim2.get(prop::BIRTH_PLACE), ["Pyongan-Pukto, North Korea"]);

    let felix = by_ref(&l, "15016");
    assert_eq!(felix.get(prop::BIRTH_DATE), ["1957-11-10", "1958-01-20"]);
    assert_eq!(
        felix.get(prop::BIRTH_PLACE),
        ["Culiacan, Sinaloa, Mexico", "Baja, California, Mexico"]
    );
    assert_eq!(felix.get(prop::TAX_NUMBER), ["FEFV571110-G75"]);
    assert_eq!(
        felix.original[prop::TAX_NUMBER],
        ["R.F.C. FEFV571110-G75 (Mexico)"]
    );

    let ebano = by_ref(&l, "4243");
    assert_eq!(ebano.schema, Schema::Vessel);
    assert_eq!(ebano.get(prop::IMO_NUMBER), ["7406784"]);
    assert_eq!(ebano.get(prop::TYPE), ["General Cargo"]);
    assert_eq!(ebano.get(prop::TONNAGE), ["2595"]);
    assert_eq!(ebano.get("grossRegisteredTonnage"), ["1865"]);
    assert_eq!(ebano.get(prop::FLAG), ["pa"]);
    assert_eq!(ebano.get(prop::WEAK_ALIAS), ["ANA I", "SAND SWAN"]);

    let plane = by_ref(&l, "15431");
    assert_eq!(plane.schema, Schema::Airplane);
    assert_eq!(plane.get(prop::BUILD_DATE), ["1992"]);
    assert_eq!(plane.get("model"), ["IL76-TD"]);
    assert_eq!(plane.get(prop::SERIAL_NUMBER), ["8401", "1023409321"]);
    assert_eq!(
        plane.get(prop::NOTES),
        ["Aircraft Operator YAS AIR", "Linked To: POUYA AIR"]
    );

    // Remarks cut at 1000 characters: the incomplete alias is a note.
    let cut = by_ref(&l, "27307");
    assert!(
        cut.get(prop::NOTES)
            .contains(&"a.k.a. 'WHOIS HACKIN".to_string())
    );
    assert!(
        cut.get(prop::WEAK_ALIAS)
            .contains(&"GUARDIANS OF PEACE".to_string())
    );
    // An alias with inner apostrophes.
    let total_weak: usize = l
        .entities
        .iter()
        .map(|e| e.get(prop::WEAK_ALIAS).len())
        .sum();
    assert!(total_weak > 3_000);
}

#[test]
fn sdn_2024_04_02() {
    let Some(d) = dir() else { return };
    let l = load(SourceKind::UsOfacSdn, &[d.join("sdn_2024-04-02.csv")]);
    assert_eq!(l.entities.len(), 14_560);
    assert_eq!(count(&l, Schema::Person), 6_773);
    assert_eq!(count(&l, Schema::Organization), 6_587);
    assert_eq!(count(&l, Schema::Vessel), 818);
    assert_eq!(count(&l, Schema::Airplane), 382);
}

#[test]
fn sdn_set_2021_07() {
    let Some(d) = dir() else { return };
    let s = d.join("sdn_set_2021-07");
    let l = load(
        SourceKind::UsOfacSdn,
        &[s.join("sdn.csv"), s.join("add.csv"), s.join("alt.csv")],
    );
    assert_eq!(l.entities.len(), 8_976);
    assert_eq!(l.records, 8_976 + 13_837 + 11_910);
    assert_eq!(count(&l, Schema::Person), 4_620);
    assert_eq!(count(&l, Schema::Organization), 3_673);
    assert_eq!(count(&l, Schema::Vessel), 406);
    assert_eq!(count(&l, Schema::Airplane), 277);
    let with_addr = l.entities.iter().filter(|e| e.has(prop::ADDRESS)).count();
    assert_eq!(with_addr, 6_579);
    let with_alt = l
        .entities
        .iter()
        .filter(|e| e.has(prop::ALIAS) || e.has(prop::PREVIOUS_NAME))
        .count();
    // 4,139 ent_nums have alt rows; one alias equals its name and is
    // dropped by dedupe_names.
    assert_eq!(with_alt, 4_138);
    let bnc = by_ref(&l, "306");
    assert_eq!(bnc.get(prop::ALIAS), ["NATIONAL BANK OF CUBA"]);
    assert_eq!(bnc.get(prop::WEAK_ALIAS), ["BNC"]);
    assert!(
        bnc.get(prop::ADDRESS)
            .contains(&"Zweierstrasse 35, Zurich CH-8022, Switzerland".to_string())
    );
    assert!(bnc.get(prop::COUNTRY).contains(&"ch".to_string()));
}

#[test]
fn cons_csv_2025_12() {
    let Some(d) = dir() else { return };
    let s = d.join("cons_csv_2025-12");
    let l = load(
        SourceKind::UsOfacCons,
        &[
            s.join("cons_prim.csv"),
            s.join("cons_add.csv"),
            s.join("cons_alt.csv"),
            s.join("cons_comments.csv"),
        ],
    );
    assert_eq!(l.entities.len(), 442);
    assert_eq!(l.records, 442 + 574 + 1_073 + 10);
    assert_eq!(count(&l, Schema::Person), 79);
    assert_eq!(
        l.entities.iter().filter(|e| e.has(prop::ADDRESS)).count(),
        390
    );
    let z = by_ref(&l, "9647");
    assert_eq!(z.id, "us_ofac_cons:9647");
    assert_eq!(
        z.get(prop::WEAK_ALIAS),
        ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]
    );
    assert_eq!(z.get(prop::BIRTH_DATE), ["1945"]);
    assert_eq!(z.get(prop::NATIONALITY), ["ps"]);
    assert_eq!(z.get(prop::GENDER), ["male"]);
    let dz = &z.designations[0];
    assert_eq!(dz.source, SourceKind::UsOfacCons);
    assert_eq!(dz.programs, ["SDGT", "NS-PLC"]);
    assert_eq!(dz.list.as_deref(), Some("NS-PLC List"));
    // Remarks completed by cons_comments.csv (cut mid-word).
    let rusag = by_ref(&l, "17014");
    assert!(
        rusag
            .get(prop::REGISTRATION_NUMBER)
            .contains(&"1027700342890".to_string())
    );
    assert!(rusag.get(prop::WEAK_ALIAS).contains(&"RUSAG".to_string()));
    assert_eq!(rusag.designations[0].list.as_deref(), Some("SSI List"));
}

#[test]
fn cons_xml_2025_03_28() {
    let Some(d) = dir() else { return };
    let l = load(
        SourceKind::UsOfacCons,
        &[d.join("cons_nonsdn_2025-03-28.xml")],
    );
    assert_eq!(l.entities.len(), 443);
    assert_eq!(l.published.as_deref(), Some("2025-03-28"));
    assert_eq!(count(&l, Schema::Person), 80);
    assert_eq!(count(&l, Schema::Organization), 363);
    let h = by_ref(&l, "9639");
    assert_eq!(h.get(prop::NAME), ["HANIYA, Ismail Abdul Salah"]);
    assert_eq!(h.get(prop::LAST_NAME), ["HANIYA"]);
    assert_eq!(h.get(prop::FIRST_NAME), ["Ismail Abdul Salah"]);
    assert_eq!(h.get(prop::ALIAS), ["HANIYA, Ismail", "HANIYYA, Ismaeel"]);
    assert_eq!(h.get(prop::BIRTH_DATE), ["1962"]);
    assert_eq!(h.get(prop::BIRTH_PLACE), ["Shati"]);
    assert_eq!(h.designations[0].programs, ["NS-PLC"]);
    let z = by_ref(&l, "9647");
    assert_eq!(
        z.get(prop::WEAK_ALIAS),
        ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]
    );
    assert!(z.designations[0].secondary_sanctions_risk());
    let n_weak: usize = l
        .entities
        .iter()
        .map(|e| e.get(prop::WEAK_ALIAS).len())
        .sum();
    assert_eq!(n_weak, 70);
    let lists = |n: &str| {
        l.entities
            .iter()
            .filter(|e| e.designations[0].list.as_deref() == Some(n))
            .count()
    };
    assert_eq!(lists("SSI List"), 286);
    assert_eq!(lists("NS-CMIC List"), 68);
    assert_eq!(lists("NS-PLC List"), 78);
    assert_eq!(lists("FSE List"), 1);
}

const SAMPLE: &str = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
15016,\"FELIX, Victor\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 10 Nov 1957; a.k.a. 'X'.\"\r\n\x1a";

fn csv_err(bytes: &[u8]) -> embargo_sources::ParseError {
    us_ofac_csv::parse(SourceKind::UsOfacSdn, &[InputFile::new("sdn.csv", bytes)])
        .expect_err("must fail")
}

#[test]
fn small_sample_parses() {
    let l = us_ofac_csv::parse(
        SourceKind::UsOfacSdn,
        &[InputFile::new("sdn.csv", SAMPLE.as_bytes())],
    )
    .expect("parses");
    assert_eq!(l.entities.len(), 2);
    assert_eq!(l.entities[1].get(prop::BIRTH_DATE), ["1957-11-10"]);
}

#[test]
fn malformed_csv() {
    let e = csv_err(b"36,\"A\",-0- ,\"CUBA\"\r\n");
    assert_eq!(e.location, Location::Line(1));
    assert_eq!(e.expected, "12 columns");

    let bad_date = SAMPLE.replace("10 Nov 1957", "31 Foo 1957");
    let e = csv_err(bad_date.as_bytes());
    assert_eq!(
        e.location,
        Location::Record {
            index: 2,
            line: Some(2)
        }
    );
    assert_eq!(e.field.as_deref(), Some("Remarks"));

    let bad_type = SAMPLE.replace("\"individual\"", "\"robot\"");
    let e = csv_err(bad_type.as_bytes());
    assert_eq!(e.field.as_deref(), Some("SDN_Type"));

    let mut bin = SAMPLE.as_bytes().to_vec();
    bin.insert(40, 0x00);
    let e = csv_err(&bin);
    assert_eq!(e.location, Location::Line(1));

    // An alt row for an unknown ent_num.
    let alt = b"999,1,\"aka\",\"NOBODY\",-0- \r\n";
    let e = us_ofac_csv::parse(
        SourceKind::UsOfacSdn,
        &[
            InputFile::new("sdn.csv", SAMPLE.as_bytes()),
            InputFile::new("alt.csv", alt),
        ],
    )
    .expect_err("unknown ent_num");
    assert_eq!(e.file, "alt.csv");
    assert_eq!(e.field.as_deref(), Some("ent_num"));
}

const XML: &str = r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="x"><publshInformation><Publish_Date>03/28/2025</Publish_Date></publshInformation>
<sdnEntry><uid>1</uid><firstName>A</firstName><lastName>B</lastName><sdnType>Individual</sdnType>
<dateOfBirthList><dateOfBirthItem><uid>2</uid><dateOfBirth>08 Feb 1980</dateOfBirth></dateOfBirthItem></dateOfBirthList>
</sdnEntry></sdnList>"#;

fn xml(text: &str) -> embargo_sources::Result<ParsedList> {
    us_ofac_xml::parse(
        SourceKind::UsOfacCons,
        InputFile::new("c.xml", text.as_bytes()),
    )
}

#[test]
fn malformed_xml() {
    let l = xml(XML).expect("sample parses");
    assert_eq!(l.entities[0].get(prop::BIRTH_DATE), ["1980-02-08"]);
    let e = xml(&XML[..XML.len() - 20]).expect_err("truncated");
    assert!(matches!(e.location, Location::Byte(_)));
    let e = xml(&XML.replace("08 Feb 1980", "08 Foo 1980")).expect_err("bad date");
    assert_eq!(
        e.location,
        Location::Record {
            index: 1,
            line: Some(3)
        }
    );
    assert_eq!(e.field.as_deref(), Some("dateOfBirth"));
    let e = xml(&XML.replace("Individual", "Robot")).expect_err("bad type");
    assert_eq!(e.field.as_deref(), Some("sdnType"));
    let e = us_ofac_xml::parse(
        SourceKind::UsOfacCons,
        InputFile::new("c.xml", b"<sdnList>\xff</sdnList>"),
    )
    .expect_err("bad utf-8");
    assert_eq!(e.location, Location::Line(1));
}

proptest! {
    #[test]
    fn csv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = us_ofac_csv::parse(SourceKind::UsOfacSdn, &[InputFile::new("sdn.csv", &bytes)]);
    }

    #[test]
    fn csv_mutations_never_panic(pos in 0usize..SAMPLE.len(), byte in any::<u8>(), cut in 0usize..SAMPLE.len()) {
        let mut b = SAMPLE.as_bytes().to_vec();
        b[pos] = byte;
        b.truncate(cut.max(1));
        let _ = us_ofac_csv::parse(SourceKind::UsOfacSdn, &[InputFile::new("sdn.csv", &b)]);
    }

    #[test]
    fn xml_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = us_ofac_xml::parse(SourceKind::UsOfacCons, InputFile::new("c.xml", &bytes));
    }

    #[test]
    fn xml_mutations_never_panic(pos in 0usize..XML.len(), byte in any::<u8>(), cut in 0usize..XML.len()) {
        let mut b = XML.as_bytes().to_vec();
        b[pos] = byte;
        b.truncate(cut.max(1));
        let _ = us_ofac_xml::parse(SourceKind::UsOfacCons, InputFile::new("c.xml", &b));
    }

    #[test]
    fn remarks_never_panic(rem in "[a-zA-Z0-9 ;.'()é:-]{0,200}") {
        let line = format!("1,\"N, A\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"{rem}\"\r\n");
        let _ = us_ofac_csv::parse(SourceKind::UsOfacSdn, &[InputFile::new("sdn.csv", line.as_bytes())]);
    }
}
