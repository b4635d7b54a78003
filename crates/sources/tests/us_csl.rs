//! US Consolidated Screening List CSV parser: the real 2022-04 file and
//! malformed inputs.

use embargo_model::{Entity, Schema, prop};
use embargo_sources::{InputFile, Location, ParsedList, us_csl, util};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn real() -> Option<ParsedList> {
    let bytes = util::shared_file("lists/us_csl/consolidated_screening_list_2022-04.csv.gz")?;
    Some(us_csl::parse(InputFile::new("csl.csv.gz", &bytes)).expect("parses"))
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
    assert_eq!(list.records, 14160);
    // 71 OFAC entries appear on two lists (SDN + SSI/CAPTA/...): merged.
    assert_eq!(list.entities.len(), 14048);
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.designations.len() > 1)
            .count(),
        70
    );
    let mut per_list: BTreeMap<String, usize> = BTreeMap::new();
    for d in list.entities.iter().flat_map(|e| &e.designations) {
        *per_list
            .entry(d.list.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let want = [
        (
            "Specially Designated Nationals (SDN) - Treasury Department",
            10026,
        ),
        ("Entity List (EL) - Bureau of Industry and Security", 2001),
        ("ITAR Debarred (DTC) - State Department", 727),
        (
            "Denied Persons List (DPL) - Bureau of Industry and Security",
            462,
        ),
        (
            "Sectoral Sanctions Identifications List (SSI) - Treasury Department",
            290,
        ),
        (
            "Unverified List (UVL) - Bureau of Industry and Security",
            201,
        ),
        ("Nonproliferation Sanctions (ISN) - State Department", 163),
        (
            "Palestinian Legislative Council List (PLC) - Treasury Department",
            78,
        ),
        (
            "Military End User (MEU) List - Bureau of Industry and Security",
            71,
        ),
        (
            "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
            68,
        ),
        // 53 rows, one of them an exact duplicate.
        ("Capta List (CAP) - Treasury Department", 52),
        (
            "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
            17,
        ),
        ("Foreign Sanctions Evaders (FSE) - Treasury Department", 3),
    ];
    assert_eq!(per_list.len(), want.len());
    for (l, n) in want {
        assert_eq!(per_list[l], n, "{l}");
    }
    let mut schemas: BTreeMap<Schema, usize> = BTreeMap::new();
    for e in &list.entities {
        *schemas.entry(e.schema).or_default() += 1;
    }
    assert_eq!(schemas[&Schema::Person], 5284);
    assert_eq!(schemas[&Schema::Organization], 4423);
    assert_eq!(schemas[&Schema::LegalEntity], 3625);
    assert_eq!(schemas[&Schema::Vessel], 433);
    assert_eq!(schemas[&Schema::Airplane], 283);
}

#[test]
fn real_file_records() {
    let Some(list) = real() else { return };
    let p = find(&list, "us_csl:9935");
    assert_eq!(p.schema, Schema::Person);
    assert_eq!(
        p.get(prop::NAME),
        ["'ABD AL-RAZZIQ, Abu Sufian al-Salamabi Muhammed Ahmed"]
    );
    assert_eq!(p.get(prop::ALIAS).len(), 14);
    assert_eq!(p.get(prop::BIRTH_DATE), ["1962-08-06"]);
    assert_eq!(p.get(prop::NATIONALITY), ["ca", "sd"]);
    assert_eq!(p.get(prop::PASSPORT_NUMBER), ["BC166787"]);
    assert_eq!(
        p.get(prop::BIRTH_PLACE),
        ["Al-Bawgah, Sudan", "Albaouga, Sudan"]
    );
    let d = &p.designations[0];
    assert_eq!(d.programs, ["SDGT"]);
    assert_eq!(d.authority, "US Treasury OFAC");

    let a = find(&list, "us_csl:34616");
    assert_eq!(a.schema, Schema::Organization);
    assert_eq!(a.designations.len(), 2);
    assert_eq!(a.get(prop::REGISTRATION_NUMBER), ["C146742"]);
    assert_eq!(a.get(prop::COUNTRY), ["cy"]);
    assert!(
        a.designations
            .iter()
            .all(|d| d.programs == ["RUSSIA-EO14024"])
    );

    let o = find(&list, "us_csl:06b13b0b369d79eb1546734695f9d231732cee0f");
    assert_eq!(o.schema, Schema::LegalEntity);
    assert_eq!(o.get(prop::ADDRESS).len(), 7);
    assert_eq!(o.get(prop::COUNTRY), ["pk"]);
    let d = &o.designations[0];
    assert_eq!(d.authority, "US Commerce BIS");
    assert_eq!(d.listed_on.as_deref(), Some("2017-05-26"));
    assert!(
        d.notes
            .contains(&"Start date as published: 0017-05-26".to_string())
    );
    assert!(
        d.notes
            .contains(&"License policy: Presumption of denial.".to_string())
    );
}

const HEADER: &str = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids";

fn sample(rows: &str) -> Vec<u8> {
    format!(
        "{HEADER}\n1,Specially Designated Nationals (SDN) - Treasury Department,1,Individual,SDGT; IRGC,\"DOE, John\",,,,,,,,,,,,,,,,,\"DOE, J.; JD\",,1960 to 1962,IR,,,\"IR, A123, Passport; Male, Gender\"\n{rows}"
    )
    .into_bytes()
}

#[test]
fn small_sample() {
    let list = us_csl::parse(InputFile::new("s.csv", &sample(""))).expect("parses");
    let e = &list.entities[0];
    assert_eq!(e.get(prop::BIRTH_DATE), ["1960", "1962"]);
    assert_eq!(e.get(prop::PASSPORT_NUMBER), ["A123"]);
    assert_eq!(e.get(prop::GENDER), ["male"]);
    assert_eq!(e.get(prop::ALIAS), ["DOE, J.", "JD"]);
    assert_eq!(e.designations[0].programs, ["SDGT", "IRGC"]);
}

#[test]
fn malformed_inputs_fail_with_location() {
    let err = us_csl::parse(InputFile::new("c.csv", &sample("x,y\n"))).expect_err("columns");
    assert_eq!(err.location, Location::Line(3));
    let row = |typ: &str, dob: &str| {
        format!(
            "2,Specially Designated Nationals (SDN) - Treasury Department,2,{typ},,X,,,,,,,,,,,,,,,,,,,{dob},,,,\n"
        )
    };
    let err = us_csl::parse(InputFile::new(
        "c.csv",
        &sample(&row("Individual", "31 Foo 1960")),
    ))
    .expect_err("date");
    assert_eq!(
        err.location,
        Location::Record {
            index: 2,
            line: Some(3)
        }
    );
    assert_eq!(err.field.as_deref(), Some("dates_of_birth"));
    let err = us_csl::parse(InputFile::new("c.csv", &sample(&row("Robot", "")))).expect_err("type");
    assert_eq!(err.field.as_deref(), Some("type"));
    let mut bad = sample("");
    bad.extend_from_slice(b"3,\xff\n");
    let err = us_csl::parse(InputFile::new("c.csv", &bad)).expect_err("encoding");
    assert_eq!(err.location, Location::Line(3));
    let err = us_csl::parse(InputFile::new("c.csv.gz", &[0x1f, 0x8b, 1, 2])).expect_err("gzip");
    assert_eq!(err.location, Location::File);
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = us_csl::parse(InputFile::new("p.csv", &bytes));
    }

    #[test]
    fn never_panics_on_mutations(pos in 0usize..700, byte in any::<u8>(), cut in 0usize..700) {
        let mut bytes = sample("");
        let n = bytes.len();
        bytes[pos % n] = byte;
        bytes.truncate(n - cut % n);
        let _ = us_csl::parse(InputFile::new("p.csv", &bytes));
    }
}
