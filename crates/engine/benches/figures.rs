//! Prints embargo's speed and memory figures on the real lists in
//! ../shared/lists: import time of every file, index build time, batch
//! throughput, single-query latency (p50/p99) and resident memory.
//!
//! Run: `cargo bench -p embargo --bench figures` (or `scripts/bench.sh`).

use embargo::batch::{BatchItem, screen_batch};
use embargo::{SearchOptions, SourceKind};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l[field.len()..].trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

use embargo::library::Publication;

/// Every publication in ../shared/lists, with its kind.
fn publications(lists: &Path) -> Vec<(SourceKind, Vec<PathBuf>)> {
    let mut out = Vec::new();
    let dir = |d: &str| {
        let mut v: Vec<PathBuf> = std::fs::read_dir(lists.join(d))
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    for p in dir("un") {
        out.push((SourceKind::UnSc, vec![p]));
    }
    for p in dir("us_ofac") {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("sdn_") && name.ends_with(".csv") {
            out.push((SourceKind::UsOfacSdn, vec![p]));
        } else if name.ends_with(".xml") {
            out.push((SourceKind::UsOfacCons, vec![p]));
        } else if p.is_dir() && name.starts_with("sdn_set") {
            out.push((
                SourceKind::UsOfacSdn,
                vec![p.join("sdn.csv"), p.join("add.csv"), p.join("alt.csv")],
            ));
        } else if p.is_dir() && name.starts_with("cons_csv") {
            out.push((
                SourceKind::UsOfacCons,
                [
                    "cons_prim.csv",
                    "cons_add.csv",
                    "cons_alt.csv",
                    "cons_comments.csv",
                ]
                .iter()
                .map(|f| p.join(f))
                .collect(),
            ));
        }
    }
    for (kind, d) in [
        (SourceKind::GbOfsi, "uk_ofsi"),
        (SourceKind::JpMof, "jp_mof"),
        (SourceKind::CaSema, "ca_sema"),
        (SourceKind::AuDfat, "au_dfat"),
        (SourceKind::UsCsl, "us_csl"),
    ] {
        for p in dir(d) {
            out.push((kind, vec![p]));
        }
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let Some(shared) = embargo_sources::util::shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    let threads = rayon::current_num_threads();
    println!(
        "embargo figures — {} threads, {}",
        threads,
        std::env::consts::ARCH
    );

    // 1. Import every publication into a fresh store.
    let pubs = publications(&shared.join("lists"));
    let files: Vec<Publication> = pubs
        .iter()
        .map(|(k, ps)| {
            let fs = ps
                .iter()
                .map(|p| {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (name, std::fs::read(p).expect("read list file"))
                })
                .collect();
            (*k, fs)
        })
        .collect();
    let tmp = std::env::temp_dir().join(format!("embargo-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let mut library = embargo::Library::open(&tmp).expect("store");
    let started = Instant::now();
    let done = library.import_all(&files, "file");
    let import_secs = started.elapsed().as_secs_f64();
    let entities: usize = done
        .iter()
        .map(|d| d.as_ref().expect("import").snapshot().counts.entities)
        .sum();
    println!(
        "import: {} publications, {} entities, into a fresh SQLite store (hash, parse in parallel, write): {:.2}s",
        files.len(),
        entities,
        import_secs
    );
    println!("peak RSS after imports: {}", status("VmHWM:"));
    drop(files);

    // 2. Index over the latest publication of every list (the active set).
    let started = Instant::now();
    let screener = library.screener().expect("load");
    let build_secs = started.elapsed().as_secs_f64();
    let n_entities = screener.index().entities().len();
    println!(
        "index: {} entities, {} names, {} distinct tokens from {} active snapshots, load + build {:.2}s",
        n_entities,
        screener.index().name_count(),
        screener.index().token_count(),
        screener.lists().len(),
        build_secs
    );
    println!("RSS with the index loaded: {}", status("VmRSS:"));
    // The two parts of that time: reading the snapshots, building the index.
    let started = Instant::now();
    let (entities, _) = library.active_entities().expect("entities");
    let load_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let index = embargo_matching::Index::build(entities);
    println!(
        "  of which: reading {} entities from the store {:.2}s, Index::build {:.2}s",
        index.entities().len(),
        load_secs,
        started.elapsed().as_secs_f64()
    );
    drop(index);

    // 3. Queries: the synthetic negatives (names only) and the UN positives.
    let neg = std::fs::read_to_string(shared.join("eval/negatives_us.csv")).expect("negatives");
    let mut names: Vec<String> = Vec::new();
    let mut rdr = csv::Reader::from_reader(neg.as_bytes());
    for r in rdr.records().flatten() {
        if let Some(n) = r.get(0) {
            names.push(n.to_string());
        }
    }
    let items: Vec<BatchItem> = names
        .iter()
        .enumerate()
        .map(|(i, n)| BatchItem {
            id: i.into(),
            query: Ok(embargo::Query {
                schema: Some(embargo::Schema::Person),
                ..embargo::Query::name(n)
            }),
            expect: None,
        })
        .collect();
    let opts = SearchOptions::default();
    let with = embargo::screen::ScreenOptions {
        search: opts,
        profile: embargo::profiles::default_profile(),
    };
    let started = Instant::now();
    let out = screen_batch(&screener, &items, &with, &|_| {});
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(out.len(), items.len());
    println!(
        "batch: {} queries in {:.2}s = {:.0} queries/s on {} threads (results serialised to JSON)",
        items.len(),
        secs,
        items.len() as f64 / secs,
        threads
    );

    let mut lat: Vec<f64> = Vec::with_capacity(10_000);
    for it in items.iter().take(10_000) {
        let q = it.query.as_ref().expect("query");
        let t = Instant::now();
        let r = screener.screen(q, &opts);
        lat.push(t.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(r);
    }
    lat.sort_by(f64::total_cmp);
    println!(
        "single query (in-process, one thread, {} queries): p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        lat.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat[lat.len() - 1]
    );
    println!("peak RSS: {}", status("VmHWM:"));
    let _ = std::fs::remove_dir_all(&tmp);
}
