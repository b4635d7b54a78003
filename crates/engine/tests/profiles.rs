//! Jurisdiction profiles on real lists: one consolidated KOMID hit whose
//! UN designation binds under `un` and whose OFAC designation binds under
//! `us`; a US-only DPRK target is `exposure` under `cn`, flagged for the
//! PRC Blocking Rules.

use embargo::profiles::{BasisKind, Class, Profiles};
use embargo::screen::ResultRow;
use embargo::{Query, ScreenOptions, Screener, SearchOptions, SourceKind};
use embargo_sources::util::shared_dir;
use std::path::Path;

fn all_lists(shared: &Path) -> Screener {
    let files = [
        (SourceKind::UnSc, "un/un_consolidated_2026-02-27.xml"),
        (SourceKind::UsOfacSdn, "us_ofac/sdn_2024-05-03.csv"),
        (SourceKind::GbOfsi, "uk_ofsi/ofsi_conlist_2018-04-13.csv"),
        (
            SourceKind::JpMof,
            "jp_mof/mof_shisantouketsu_2026-03-05.xlsx",
        ),
    ];
    let paths: Vec<(SourceKind, std::path::PathBuf)> = files
        .iter()
        .map(|(k, p)| (*k, shared.join("lists").join(p)))
        .collect();
    let refs: Vec<(SourceKind, &Path)> = paths.iter().map(|(k, p)| (*k, p.as_path())).collect();
    Screener::from_files(&refs).expect("load")
}

fn screen(s: &Screener, name: &str, schema: &str, profile: &str) -> Vec<ResultRow> {
    let profile = Profiles::shipped().get(profile).expect("profile");
    let mut q = Query::name(name);
    q.schema = Some(schema.parse().expect("schema"));
    s.screen_with(
        &q,
        &ScreenOptions {
            search: SearchOptions {
                limit: 5,
                ..SearchOptions::default()
            },
            profile,
        },
    )
}

#[test]
fn komid_is_one_hit_and_binds_by_profile() {
    let Some(shared) = shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    let s = all_lists(&shared);
    let un = screen(
        &s,
        "KOREA MINING DEVELOPMENT TRADING CORPORATION",
        "Organization",
        "un",
    );
    let top = &un[0];
    let sources: Vec<SourceKind> = top.designations.iter().map(|d| d.source).collect();
    for k in [
        SourceKind::UnSc,
        SourceKind::UsOfacSdn,
        SourceKind::GbOfsi,
        SourceKind::JpMof,
    ] {
        assert!(
            sources.contains(&k),
            "{k} missing from the consolidated hit: {sources:?}"
        );
    }
    assert!(top.is_match);
    for d in &top.designations {
        match d.source {
            SourceKind::UnSc => {
                assert_eq!(
                    (d.basis.as_str(), d.classification.as_str()),
                    ("un", "binding")
                );
                assert_eq!(d.reference, "KPe.001");
            }
            SourceKind::UsOfacSdn => assert_ne!(d.classification, Class::Binding, "{d:?}"),
            SourceKind::GbOfsi => assert_eq!(d.basis, BasisKind::UnImplementation),
            _ => {}
        }
    }
    // No second hit for the same company.
    assert!(
        un.iter().skip(1).all(|r| r.score < 0.9),
        "{:?}",
        un.iter().map(|r| &r.id).collect::<Vec<_>>()
    );

    let us = screen(
        &s,
        "KOREA MINING DEVELOPMENT TRADING CORPORATION",
        "Organization",
        "us",
    );
    let ofac = us[0]
        .designations
        .iter()
        .find(|d| d.source == SourceKind::UsOfacSdn)
        .expect("ofac");
    assert_eq!(ofac.classification, Class::Binding);
    let unrec = us[0]
        .designations
        .iter()
        .find(|d| d.source == SourceKind::UnSc)
        .expect("un");
    assert_eq!(unrec.classification, Class::Informational);
}

#[test]
fn us_only_dprk_target_is_exposure_under_cn() {
    let Some(shared) = shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    let s = all_lists(&shared);
    let cn = screen(&s, "Kim Jong Un", "Person", "cn");
    let top = &cn[0];
    assert!(
        top.designations
            .iter()
            .all(|d| d.source != SourceKind::UnSc),
        "not UN-listed"
    );
    let ofac = top
        .designations
        .iter()
        .find(|d| d.source == SourceKind::UsOfacSdn)
        .expect("ofac");
    assert_eq!(ofac.classification, Class::Exposure);
    assert!(
        ofac.flags.iter().any(|f| f == "prc-blocking-rules-2021"),
        "{:?}",
        ofac.flags
    );
    // Exposure is not binding: no match under cn.
    assert!(!top.is_match);
    let un = screen(&s, "Kim Jong Un", "Person", "un");
    assert!(!un[0].is_match);
    let us = screen(&s, "Kim Jong Un", "Person", "us");
    assert!(us[0].is_match);
}
