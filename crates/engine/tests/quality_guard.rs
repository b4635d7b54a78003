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

use embargo::batch::read_batch;
use embargo::eval;
use embargo::{DEFAULT_THRESHOLD, Screener, SourceKind};
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

/// Prints a query evaluation's recall@1 and recall at the threshold and
/// asserts their floors.
fn assert_recall(what: &str, r: &eval::QueriesReport, at_1: f64, at_threshold: f64) {
    println!(
        "{what} recall@1: {:.4}, at threshold {:.4}",
        r.recall_at_1, r.recall_at_threshold
    );
    assert!(r.recall_at_1 >= at_1, "{what} recall@1 {}", r.recall_at_1);
    assert!(
        r.recall_at_threshold >= at_threshold,
        "{what} recall at threshold {}",
        r.recall_at_threshold
    );
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
    eval::prepare(&shared, out.path()).expect("prepare");

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
    assert_recall("JP katakana → UN", &katakana, 0.93, 0.76);
    let uk_only = screener(
        &shared,
        &[(SourceKind::GbOfsi, "uk_ofsi/ofsi_conlist_2018-04-13.csv")],
    );
    let arabic = q("un_arabic_uk.jsonl", &uk_only);
    assert_recall("UN Arabic → UK", &arabic, 0.88, 0.72);
    println!(
        "UN Arabic → UK false alerts per 1,000: {:.2}",
        arabic.false_alerts_per_1000
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
    assert_recall("SEMA Cyrillic → SDN", &cyrillic, 0.94, 0.89);
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
