//! `cargo bench -p embargo-names --bench tokenize`
use criterion::{Criterion, criterion_group, criterion_main};
use embargo_names::{NameKind, edit_similarity, latinize, tokenize};
use std::hint::black_box;

const LATIN: &[&str] = &[
    "Vladimir Vladimirovich Putin",
    "KIM Jong Un",
    "SALEK, ABDULHAI",
    "Mohammed bin Salman al-Saud",
    "Abu Bakr al-Baghdadi",
];
const OTHER: &[&str] = &[
    "Владимир Путин",
    "김정은",
    "金正恩",
    "キム・ジョンウン",
    "محمد بن سلمان",
];

fn bench(c: &mut Criterion) {
    embargo_names::variant_stats(); // load the dictionaries first
    c.bench_function("tokenize/latin (5 names)", |b| {
        b.iter(|| {
            for n in LATIN {
                black_box(tokenize(black_box(n), NameKind::Person));
            }
        })
    });
    c.bench_function("tokenize/other scripts (5 names)", |b| {
        b.iter(|| {
            for n in OTHER {
                black_box(tokenize(black_box(n), NameKind::Person));
            }
        })
    });
    c.bench_function("latinize/mixed (10 names)", |b| {
        b.iter(|| {
            for n in LATIN.iter().chain(OTHER) {
                black_box(latinize(black_box(n)));
            }
        })
    });
    c.bench_function("edit_similarity", |b| {
        b.iter(|| {
            black_box(edit_similarity(
                black_box("muhammad"),
                black_box("mohammed"),
            ))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
