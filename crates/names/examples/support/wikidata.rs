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
