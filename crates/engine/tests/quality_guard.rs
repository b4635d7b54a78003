//! Regression guard for matching quality: the evaluations of the README run
//! here with floors a little under the figures reached, so quality can only
//! go up. Needs ../shared (skips with a printed reason otherwise).
//!
//! Figures and floors (threshold 0.80):
//! - name_bench_cases.csv F1: measured 0.901 → floor 0.89 (0.877 → 0.86 before
//!   session 10)
//! - UN treated positives recall@1 (UN 2026-02-27): 0.9971 → floor 0.99
//! - UK FCDO → UN links recall@1: 0.9960 → floor 0.99
//! - Japan MOF katakana names → UN record recall@1: 0.9447 → floor 0.93;
//!   at the threshold 0.7846 → floor 0.76
//! - 81 spellings of Vladimir Putin → OFAC SDN record recall@1: 1.000 → floor 0.97
//! - UN Arabic-script names → UK 2018 record recall@1: 0.9064 → floor 0.88;
//!   recall at the threshold 0.7701 → floor 0.72; false alerts on
//!   recombined Arabic names 50.7 per 1,000 (17 of 335 names; 59.7 before
//!   session 10: its rule that a query's left-out name is cheap only when
//!   its first name matches removed six alerts of a listed name with a
//!   relative's given name before it, `رنا برزان إبراهيم حسن التكريتي`; its
//!   cheaper left-out names added four, `سالم محمد قدير` ~ `Mohamed SALEM`)
//!   → ceiling 55
//! - Canada SEMA Cyrillic names → OFAC SDN 2024-05-03 record: recall@1
//!   0.9551 → floor 0.94; at the threshold 0.9053 → floor 0.89 (persons
//!   0.9910 / 0.9837; organisations miss where the SDN translates the name)
//! - negatives_us false alerts per 1,000 (all lists): 1.10 → ceiling 1.3
//!   (the target is 2; 0.68 → 0.9 before session 10, whose cheaper left-out
//!   names raised it)

use embargo::eval;
use embargo::matching::DEFAULT_THRESHOLD;
use embargo::model::SourceKind;
use embargo::screen::{Screener, read_batch};
use embargo_sources::util::shared_dir;
use std::path::Path;

fn screener(shared: &Path, lists: &[(SourceKind, &str)]) -> Screener {
    let files: Vec<(SourceKind, std::path::PathBuf)> = lists
        .iter()
        .map(|(k, p)| (*k, shared.join("lists").join(p)))
        .collect();
    let refs: Vec<(SourceKind, &Path)> = files.iter().map(|(k, p)| (*k, p.as_path())).collect();
    Screener::from_files(&refs).expect("load lists")
}

const UN: (SourceKind, &str) = (SourceKind::UnSc, "un/un_consolidated_2026-02-27.xml");

#[test]
fn matching_quality_does_not_regress() {
    let Some(shared) = shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    let out = tempfile::tempdir().expect("tmp");
    let un_only = screener(&shared, &[UN]);
    let un_entities: Vec<_> = un_only.index().entities().to_vec();
    eval::prepare(&shared, &un_entities, out.path()).expect("prepare");

    let pairs = eval::pairs(
        &un_only,
        &shared.join("eval/name_bench_cases.csv"),
        DEFAULT_THRESHOLD,
    )
    .expect("pairs");
    println!(
        "name_bench F1 at {DEFAULT_THRESHOLD}: {:.4}",
        pairs.at_threshold.f1
    );
    assert!(
        pairs.at_threshold.f1 >= 0.89,
        "name_bench F1 {}",
        pairs.at_threshold.f1
    );

    let q = |name: &str, s: &Screener| {
        let items = read_batch(&out.path().join(name)).expect("read queries");
        eval::queries(s, &items, DEFAULT_THRESHOLD, false)
    };
    // Recall@1 floors: (query file, what, floor).
    for (file, what, floor) in [
        ("un_treated.jsonl", "UN treated", 0.99),
        ("uk_un_links.jsonl", "UK→UN links", 0.99),
    ] {
        let got = q(file, &un_only).recall_at_1;
        println!("{what} recall@1: {got:.4}");
        assert!(got >= floor, "{what} recall@1 {got} under {floor}");
    }
    let katakana = q("jp_katakana_un.jsonl", &un_only);
    println!(
        "JP katakana → UN recall@1: {:.4}, at threshold {:.4}",
        katakana.recall_at_1, katakana.recall_at_threshold
    );
    assert!(
        katakana.recall_at_1 >= 0.93,
        "JP katakana → UN recall@1 {}",
        katakana.recall_at_1
    );
    assert!(
        katakana.recall_at_threshold >= 0.76,
        "JP katakana → UN recall at threshold {}",
        katakana.recall_at_threshold
    );

    let uk_only = screener(
        &shared,
        &[(SourceKind::GbOfsi, "uk_ofsi/ofsi_conlist_2018-04-13.csv")],
    );
    let arabic = q("un_arabic_uk.jsonl", &uk_only);
    println!(
        "UN Arabic → UK recall@1: {:.4}, at threshold {:.4}, false alerts per 1,000: {:.2}",
        arabic.recall_at_1, arabic.recall_at_threshold, arabic.false_alerts_per_1000
    );
    assert!(
        arabic.recall_at_1 >= 0.88,
        "Arabic recall@1 {}",
        arabic.recall_at_1
    );
    assert!(
        arabic.recall_at_threshold >= 0.72,
        "Arabic recall at threshold {}",
        arabic.recall_at_threshold
    );
    assert!(
        arabic.false_alerts_per_1000 <= 55.0,
        "Arabic false alerts {}",
        arabic.false_alerts_per_1000
    );

    let sdn = screener(
        &shared,
        &[(SourceKind::UsOfacSdn, "us_ofac/sdn_2024-05-03.csv")],
    );
    let putin = q("putin_sdn.jsonl", &sdn).recall_at_1;
    println!("Putin spellings → SDN recall@1: {putin:.4}");
    assert!(putin >= 0.97, "Putin spellings recall@1 {putin}");
    let cyrillic = q("ca_cyrillic_sdn.jsonl", &sdn);
    println!(
        "SEMA Cyrillic → SDN recall@1: {:.4}, at threshold {:.4}",
        cyrillic.recall_at_1, cyrillic.recall_at_threshold
    );
    assert!(
        cyrillic.recall_at_1 >= 0.94,
        "Cyrillic recall@1 {}",
        cyrillic.recall_at_1
    );
    assert!(
        cyrillic.recall_at_threshold >= 0.89,
        "Cyrillic recall at threshold {}",
        cyrillic.recall_at_threshold
    );

    let all = screener(
        &shared,
        &[
            UN,
            (SourceKind::UsOfacSdn, "us_ofac/sdn_2024-05-03.csv"),
            (SourceKind::UsOfacCons, "us_ofac/cons_nonsdn_2025-03-28.xml"),
            (SourceKind::GbOfsi, "uk_ofsi/ofsi_conlist_2018-04-13.csv"),
            (
                SourceKind::JpMof,
                "jp_mof/mof_shisantouketsu_2026-03-05.xlsx",
            ),
            (SourceKind::CaSema, "ca_sema/sema-lmes_2025-05.xml"),
            (
                SourceKind::AuDfat,
                "au_dfat/regulation8_consolidated_2024-12.xlsx",
            ),
            (
                SourceKind::UsCsl,
                "us_csl/consolidated_screening_list_2022-04.csv.gz",
            ),
        ],
    );
    let neg = q("negatives_us.jsonl", &all);
    println!(
        "negatives: {:.2} false alerts per 1,000",
        neg.false_alerts_per_1000
    );
    assert_eq!(neg.negatives, 50_000);
    assert!(
        neg.false_alerts_per_1000 <= 1.3,
        "false alerts {}",
        neg.false_alerts_per_1000
    );
}
