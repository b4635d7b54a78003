//! The catalogue against the real lists in `../shared/lists`: every programme
//! value of every list maps to a regime, and national records citing a UN
//! reference are `un-implementation`. Skipped (with a printed reason) when the
//! shared folder is absent.

use embargo_model::{Designation, Entity, SourceKind};
use embargo_regimes::{BasisKind, Catalogue, Class, Profiles, classify};
use embargo_sources::{InputFile, parse, util::shared_dir};
use std::collections::{BTreeMap, BTreeSet};

/// Parses the files (relative to `shared/lists`) of one publication, or
/// `None` when the shared folder is absent.
fn load(kind: SourceKind, files: &[&str]) -> Option<Vec<Entity>> {
    let Some(dir) = shared_dir() else {
        eprintln!("skipped: ../shared not found (set EMBARGO_SHARED)");
        return None;
    };
    let lists = dir.join("lists");
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(lists.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect();
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .zip(&bytes)
        .map(|(n, b)| InputFile::new(n, b))
        .collect();
    let list = parse(kind, &inputs).unwrap_or_else(|e| panic!("{e}"));
    Some(list.entities)
}

fn designations(entities: &[Entity]) -> impl Iterator<Item = &Designation> {
    entities.iter().flat_map(|e| &e.designations)
}

/// Programme values (or, for records without, sub-list names) that map to
/// no programme, with their counts.
fn unmapped_programs(entities: &[Entity]) -> BTreeMap<String, usize> {
    let cat = Catalogue::shipped();
    let mut missing = BTreeMap::new();
    for d in designations(entities) {
        for p in &d.programs {
            if cat.programme(d.source, p).is_none() {
                *missing.entry(format!("{}: {p}", d.source)).or_insert(0) += 1;
            }
        }
        if !classify(d).mapped {
            let what = d.list.clone().unwrap_or_else(|| d.programs.join(", "));
            *missing
                .entry(format!("{}: record {} ({what})", d.source, d.reference))
                .or_insert(0) += 1;
        }
    }
    missing
}

fn assert_all_mapped(what: &str, entities: &[Entity]) {
    let missing = unmapped_programs(entities);
    assert!(
        missing.is_empty(),
        "{what}: {} programme values not in the catalogue: {missing:#?}",
        missing.len()
    );
}

#[test]
fn every_ofac_program_tag_maps() {
    let sets: [(SourceKind, &[&str]); 5] = [
        (SourceKind::UsOfacSdn, &["us_ofac/sdn_2024-05-03.csv"]),
        (SourceKind::UsOfacSdn, &["us_ofac/sdn_2024-04-02.csv"]),
        (
            SourceKind::UsOfacSdn,
            &[
                "us_ofac/sdn_set_2021-07/sdn.csv",
                "us_ofac/sdn_set_2021-07/add.csv",
                "us_ofac/sdn_set_2021-07/alt.csv",
            ],
        ),
        (
            SourceKind::UsOfacCons,
            &["us_ofac/cons_nonsdn_2025-03-28.xml"],
        ),
        (
            SourceKind::UsOfacCons,
            &[
                "us_ofac/cons_csv_2025-12/cons_prim.csv",
                "us_ofac/cons_csv_2025-12/cons_add.csv",
                "us_ofac/cons_csv_2025-12/cons_alt.csv",
                "us_ofac/cons_csv_2025-12/cons_comments.csv",
            ],
        ),
    ];
    for (kind, files) in sets {
        let Some(entities) = load(kind, files) else {
            return;
        };
        assert_all_mapped(files[0], &entities);
    }
}

#[test]
fn sdn_2024_05_03_tags_and_secondary_sanctions() {
    let Some(entities) = load(SourceKind::UsOfacSdn, &["us_ofac/sdn_2024-05-03.csv"]) else {
        return;
    };
    let cat = Catalogue::shipped();
    let tags: BTreeSet<&str> = designations(&entities)
        .flat_map(|d| d.programs.iter().map(String::as_str))
        .collect();
    assert_eq!(tags.len(), 75, "{tags:?}");
    // Every OFAC DPRK programme designation is exposure under cn, binding
    // under us; every record is binding under us.
    let (cn, us) = (
        Profiles::shipped().get("cn").expect("cn"),
        Profiles::shipped().get("us").expect("us"),
    );
    let mut exposure = 0;
    for d in designations(&entities) {
        let c = cn.classify(cat, d);
        if d.programs.iter().any(|p| p.starts_with("DPRK")) {
            assert_eq!(c.class, Class::Exposure, "{} {:?}", d.reference, d.programs);
        }
        if c.class == Class::Exposure {
            exposure += 1;
        }
        assert_ne!(c.class, Class::Binding, "{}", d.reference);
        assert_eq!(us.classify(cat, d).class, Class::Binding);
        assert_eq!(classify(d).basis, BasisKind::Unilateral);
    }
    // DPRK-tagged (about 480) and every record OFAC flagged for secondary
    // sanctions (North Korea, EO 13224 s.1(b), Russia, Iran, Hizballah, HK).
    assert!(exposure > 3000, "{exposure}");
}

#[test]
fn korea_mining_development_trading_corporation() {
    let Some(sdn) = load(SourceKind::UsOfacSdn, &["us_ofac/sdn_2024-05-03.csv"]) else {
        return;
    };
    let Some(uk) = load(SourceKind::GbOfsi, &["uk_ofsi/ofsi_conlist_2018-04-13.csv"]) else {
        return;
    };
    let find = |entities: &[Entity]| -> Vec<Designation> {
        entities
            .iter()
            .filter(|e| {
                e.names().any(|(_, n)| {
                    n.to_uppercase() == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
                })
            })
            .flat_map(|e| e.designations.clone())
            .collect()
    };
    let ofac = find(&sdn);
    let gb = find(&uk);
    assert!(!ofac.is_empty() && !gb.is_empty(), "KOMID not found");
    let profiles = Profiles::shipped();
    for d in &ofac {
        assert_eq!(
            profiles
                .get("us")
                .expect("us")
                .classify(Catalogue::shipped(), d)
                .class,
            Class::Binding
        );
        assert_ne!(
            profiles
                .get("un")
                .expect("un")
                .classify(Catalogue::shipped(), d)
                .class,
            Class::Binding
        );
    }
    // The UK record cites KPe.001: UK implementation of the UN listing.
    assert!(gb.iter().any(|d| {
        let b = classify(d);
        b.basis == BasisKind::UnImplementation
            && b.regime_id == "UN-1718"
            && b.un_reference.as_deref() == Some("KPe.001")
    }));
}

#[test]
fn every_uk_regime_maps_and_un_citations_are_implementation() {
    let Some(entities) = load(SourceKind::GbOfsi, &["uk_ofsi/ofsi_conlist_2018-04-13.csv"]) else {
        return;
    };
    assert_all_mapped("gb_ofsi", &entities);
    let regimes: BTreeSet<&str> = designations(&entities)
        .flat_map(|d| d.programs.iter().map(String::as_str))
        .collect();
    assert_eq!(regimes.len(), 26, "{regimes:?}");
    let citing: Vec<&Designation> = designations(&entities)
        .filter(|d| d.un_reference.is_some())
        .collect();
    assert!(citing.len() > 250, "{}", citing.len());
    for d in citing {
        let b = classify(d);
        assert_eq!(b.basis, BasisKind::UnImplementation, "{}", d.reference);
        assert!(
            b.regime_id.starts_with("UN-"),
            "{}: {}",
            d.reference,
            b.regime_id
        );
    }
}

#[test]
fn every_jp_programme_maps_and_un_citations_are_implementation() {
    let Some(entities) = load(
        SourceKind::JpMof,
        &["jp_mof/mof_shisantouketsu_2026-03-05.xlsx"],
    ) else {
        return;
    };
    assert_all_mapped("jp_mof", &entities);
    let mut citing = 0;
    let mut dprk_1718 = 0;
    for d in designations(&entities) {
        let b = classify(d);
        if d.un_reference.is_some() {
            citing += 1;
            assert_eq!(b.basis, BasisKind::UnImplementation, "{}", d.reference);
            assert!(b.regime_id.starts_with("UN-"), "{}", b.regime_id);
        }
        if d.programs.iter().any(|p| p == "DPRK-1718") {
            dprk_1718 += 1;
            assert_eq!(
                (b.basis, b.regime_id.as_str()),
                (BasisKind::UnImplementation, "UN-1718")
            );
        }
    }
    assert!(citing >= 10, "{citing}");
    assert_eq!(dprk_1718, 155);
    // Every key of the parser's table is in the catalogue, including sheets
    // that are empty in this file (Liberia, Côte d'Ivoire, Mali).
    for key in [
        "FRY-MILOSEVIC",
        "TALIBAN-ISIL-AQ",
        "TERRORISTS-G7",
        "TERRORISTS-US",
        "IRAQ",
        "LIBERIA",
        "DRC",
        "COTE-DIVOIRE",
        "SOUTH-SUDAN",
        "SUDAN",
        "DPRK-1695",
        "DPRK-1718",
        "DPRK-COORDINATED",
        "IRAN",
        "SOMALIA",
        "LIBYA",
        "SYRIA",
        "CRIMEA-UKRAINE",
        "RUSSIA-THIRD-COUNTRIES",
        "RUSSIA",
        "BELARUS",
        "CAR",
        "YEMEN",
        "MALI",
        "HAITI",
        "ISRAEL-SETTLERS",
    ] {
        assert!(
            Catalogue::shipped()
                .programme(SourceKind::JpMof, key)
                .is_some(),
            "{key}"
        );
    }
}

#[test]
fn every_ca_au_csl_programme_maps() {
    let sets: [(SourceKind, &str); 3] = [
        (SourceKind::CaSema, "ca_sema/sema-lmes_2025-05.xml"),
        (
            SourceKind::AuDfat,
            "au_dfat/regulation8_consolidated_2024-12.xlsx",
        ),
        (
            SourceKind::UsCsl,
            "us_csl/consolidated_screening_list_2022-04.csv.gz",
        ),
    ];
    for (kind, file) in sets {
        let Some(entities) = load(kind, &[file]) else {
            return;
        };
        assert_all_mapped(file, &entities);
        for d in designations(&entities) {
            if d.un_reference.is_some() {
                assert_eq!(
                    classify(d).basis,
                    BasisKind::UnImplementation,
                    "{file} {}",
                    d.reference
                );
            }
        }
    }
}

#[test]
fn regime_counts_on_real_lists() {
    let Some(jp) = load(
        SourceKind::JpMof,
        &["jp_mof/mof_shisantouketsu_2026-03-05.xlsx"],
    ) else {
        return;
    };
    let Some(sdn) = load(SourceKind::UsOfacSdn, &["us_ofac/sdn_2024-05-03.csv"]) else {
        return;
    };
    let counts = embargo_regimes::regime_designation_counts(jp.iter().chain(&sdn));
    assert_eq!(counts["UN-1718"][&SourceKind::JpMof], 155);
    assert_eq!(counts["JP-DPRK"][&SourceKind::JpMof], 16 + 159);
    assert!(counts["US-DPRK"][&SourceKind::UsOfacSdn] > 100);
    assert!(
        !counts.keys().any(|k| k.ends_with(":unmapped")),
        "{counts:?}"
    );
}

const UN_FILES: [&str; 5] = [
    "un/un_consolidated_2018-10-29.xml",
    "un/un_consolidated_2024-11-30.xml",
    "un/un_consolidated_2025-04-19.xml",
    "un/un_consolidated_2025-11-20.xml",
    "un/un_consolidated_2026-02-27.xml",
];

#[test]
fn every_un_record_maps_to_a_known_regime() {
    for file in UN_FILES {
        let Some(entities) = load(SourceKind::UnSc, &[file]) else {
            return;
        };
        assert!(entities.len() > 700, "{file}: {}", entities.len());
        let mut unknown = BTreeMap::new();
        for d in designations(&entities) {
            let b = classify(d);
            assert_eq!(b.basis, BasisKind::Un);
            if !b.mapped || !b.regime_id.starts_with("UN-") {
                *unknown.entry(d.programs.join(", ")).or_insert(0) += 1;
            }
            // The list type and the reference prefix agree.
            let by_prefix = d
                .un_reference
                .as_ref()
                .and_then(|r| Catalogue::shipped().un_regime_by_prefix(r.prefix()))
                .map(|r| r.id.as_str());
            assert_eq!(
                by_prefix,
                Some(b.regime_id.as_str()),
                "{file}: {}",
                d.reference
            );
        }
        assert!(unknown.is_empty(), "{file}: unknown list types {unknown:?}");
    }
}

#[test]
fn un_dprk_counts_and_profiles() {
    let Some(entities) = load(SourceKind::UnSc, &[UN_FILES[4]]) else {
        return;
    };
    let counts = embargo_regimes::regime_designation_counts(&entities);
    assert_eq!(counts["UN-1718"][&SourceKind::UnSc], 155);
    let profiles = Profiles::shipped();
    for d in designations(&entities) {
        for p in ["un", "cn", "jp", "kr", "eu", "uk"] {
            let c = profiles
                .get(p)
                .expect("profile")
                .classify(Catalogue::shipped(), d);
            assert_eq!(c.class, Class::Binding, "{p} {}", d.reference);
        }
        let us = profiles
            .get("us")
            .expect("us")
            .classify(Catalogue::shipped(), d);
        assert_eq!(us.class, Class::Informational);
    }
}
