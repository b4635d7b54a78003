//! Times the gb_ofsi, us_csl and ca_sema parsers on the shared real files:
//! `cargo run --release -p embargo-sources --example time_parsers`.
use embargo_sources::{InputFile, ca_sema, gb_ofsi, us_csl, util};
use std::time::Instant;

fn main() {
    let Some(dir) = util::shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    type Parser = fn(InputFile<'_>) -> embargo_sources::Result<embargo_sources::ParsedList>;
    let files: [(&str, Parser); 3] = [
        ("lists/uk_ofsi/ofsi_conlist_2018-04-13.csv", gb_ofsi::parse),
        (
            "lists/us_csl/consolidated_screening_list_2022-04.csv.gz",
            us_csl::parse,
        ),
        ("lists/ca_sema/sema-lmes_2025-05.xml", ca_sema::parse),
    ];
    for (path, parse) in files {
        let bytes = match std::fs::read(dir.join(path)) {
            Ok(b) => b,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..5 {
            let t = Instant::now();
            match parse(InputFile::new(path, &bytes)) {
                Ok(l) => n = l.entities.len(),
                Err(e) => {
                    println!("{e}");
                    break;
                }
            }
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{path}: {n} entities, best of 5 {best:.1} ms");
    }
}
