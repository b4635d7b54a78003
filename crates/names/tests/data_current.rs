//! The embedded name data (`crates/names/data`) was made through
//! `latinize`; when `latinize` changes, the stored forms no longer meet the
//! tokens looked up (session 8 found `شركة` stored as `shrkh`, looked up as
//! `shrk`). A fixed sample of source forms and their latinized text at
//! generation time (`data/latinize_probe.tsv`) must still latinize the same.

use embargo_names::latinize;

#[test]
fn embedded_name_data_matches_the_current_latinize() {
    let probe = include_str!("../data/latinize_probe.tsv");
    let mut changed = Vec::new();
    let mut n = 0;
    for line in probe.lines().filter(|l| !l.is_empty()) {
        let Some((form, stored)) = line.split_once('\t') else {
            panic!("latinize_probe.tsv: line without a tab: {line:?}");
        };
        n += 1;
        let now = latinize(form);
        if now != stored {
            changed.push(format!("{form}: {stored} -> {now}"));
        }
    }
    assert!(n > 1000, "probe has {n} forms");
    assert!(
        changed.is_empty(),
        "latinize changed for {} of {n} probe forms (e.g. {:?}); re-run \
         `cargo run --release -p embargo-names --example gen_data -- ../shared/names`",
        changed.len(),
        &changed[..changed.len().min(5)]
    );
}
