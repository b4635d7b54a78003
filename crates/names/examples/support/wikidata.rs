//! The Wikidata name-variant file of `../shared/names`, as the checking
//! examples read it.

/// The spellings of one line (`a, b, c => Q123`).
pub fn group_words(line: &str) -> Vec<&str> {
    line.split("=>")
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .collect()
}

/// The examples' command line: the Wikidata file (first argument, default
/// `../shared/names/person_name_variants.txt`) read to a string, and how
/// many examples to show (second argument, default 0).
pub fn read_args() -> std::io::Result<(String, usize)> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/names/person_name_variants.txt".into());
    let show = args.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((std::fs::read_to_string(&path)?, show))
}
