//! Prints tokens, keys and timings for a few names.
//! `cargo run --release -p embargo-names --example demo`
use embargo_names::{NameKind, edit_similarity, latinize, tokenize, variant_stats};
use std::time::Instant;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let rss0 = rss_kb();
    let t = Instant::now();
    let s = variant_stats();
    let load = t.elapsed();
    println!(
        "variants: {} forms, {} KiB compressed, {} KiB heap, loaded in {:.1} ms, RSS +{} KiB",
        s.forms,
        s.compressed_bytes / 1024,
        s.heap_bytes / 1024,
        load.as_secs_f64() * 1e3,
        rss_kb() - rss0
    );
    let t = Instant::now();
    let _ = tokenize("x y", NameKind::Organization);
    println!(
        "legal forms loaded in {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    let names = [
        "김정은",
        "김종은",
        "Kim Jong Un",
        "Kim Jong-un",
        "KIM Chong Un",
        "Kim Jongun",
        "キム・ジョンウン",
        "金正恩",
        "Владимир Путин",
        "Vladimir Putin",
        "محمد بن سلمان",
        "Mohammed bin Salman",
        "SALEK, ABDULHAI",
        "Korea Kwangson Banking Corp. Co., Ltd.",
        "ООО Ромашка",
        "최룡해",
        "Choe Ryong Hae",
    ];
    for n in names {
        let toks = tokenize(n, NameKind::Any);
        println!("{n:<40} latinize={:?}", latinize(n));
        for t in &toks {
            let k: Vec<String> = t.keys.iter().map(ToString::to_string).take(6).collect();
            println!(
                "    {:<14} {:?} {:?} keys({})={:?}",
                t.text,
                t.role,
                t.script,
                t.keys.len(),
                k
            );
        }
    }
    for (a, b) in [
        ("Jong", "Jang"),
        ("Mohammed", "Mohamed"),
        ("Mohammed", "Muhammad"),
        ("Vladimir", "Wladimir"),
        ("Putin", "Poutine"),
        ("Qaddafi", "Gadhafi"),
    ] {
        let (x, y) = (
            &tokenize(a, NameKind::Person)[0],
            &tokenize(b, NameKind::Person)[0],
        );
        let shared: Vec<String> = (x.keys.iter())
            .filter(|k| y.keys.contains(k))
            .map(ToString::to_string)
            .collect();
        println!(
            "{a} ~ {b}: edit {:.3}, shared keys {shared:?}",
            edit_similarity(&x.text, &y.text)
        );
    }

    for (label, set) in [
        (
            "latin",
            &[
                "Vladimir Vladimirovich Putin",
                "KIM Jong Un",
                "SALEK, ABDULHAI",
                "Mohammed bin Salman al-Saud",
                "Abu Bakr al-Baghdadi",
            ][..],
        ),
        (
            "other",
            &[
                "Владимир Путин",
                "김정은",
                "金正恩",
                "キム・ジョンウン",
                "محمد بن سلمان",
            ][..],
        ),
    ] {
        let n = 20_000;
        let t = Instant::now();
        let mut sink = 0usize;
        for _ in 0..n {
            for name in set {
                sink += tokenize(name, NameKind::Person).len();
            }
        }
        let per = t.elapsed().as_secs_f64() / (n * set.len()) as f64;
        println!("tokenize {label}: {:.2} µs per name ({sink})", per * 1e6);
    }
    let words = [
        "vladimir",
        "vladimirovich",
        "putin",
        "kim",
        "jong",
        "un",
        "salek",
        "abdulhai",
        "mohammed",
        "bin",
    ];
    let n = 20_000;
    let time = |label: &str, f: &dyn Fn(&str) -> usize| {
        let t = Instant::now();
        let mut sink = 0;
        for _ in 0..n {
            for w in words {
                sink += f(w);
            }
        }
        println!(
            "  {label}: {:.0} ns per token ({sink})",
            t.elapsed().as_secs_f64() / (n * words.len()) as f64 * 1e9
        );
    };
    time("korean latin_keys", &|w| {
        embargo_names::korean::latin_keys(w, false).len()
    });
    let dm = rphonetic::DoubleMetaphone::default();
    time("double metaphone", &|w| {
        dm.double_metaphone(w).primary().len()
    });
    time("fold", &|w| embargo_names::fold(w).len());
    time("Token::name", &|w| {
        embargo_names::Token::name(w, embargo_names::Script::Latin)
            .keys
            .len()
    });
}
