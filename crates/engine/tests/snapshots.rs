//! Snapshot life cycle on the real UN files: import, re-import, failed
//! import, diff, links.

use embargo::Library;
use embargo::SourceKind;
use embargo::library::Imported;
use embargo_sources::util::shared_dir;

fn un_file(date: &str) -> Option<(String, Vec<u8>)> {
    let Some(dir) = shared_dir() else {
        println!("skipping: ../shared not found");
        return None;
    };
    let name = format!("un_consolidated_{date}.xml");
    let bytes = std::fs::read(dir.join("lists/un").join(&name)).expect("read UN file");
    Some((name, bytes))
}

#[test]
fn reimport_is_a_no_op_and_failed_import_keeps_previous() {
    let Some(file) = un_file("2025-11-20") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let mut library = Library::open(dir.path()).expect("store");
    let first = library
        .import_bytes(SourceKind::UnSc, std::slice::from_ref(&file), "file")
        .map(|r| r.import)
        .expect("import");
    assert!(matches!(first, Imported::New { .. }));
    assert_eq!(first.snapshot().counts.entities, 1000);
    assert_eq!(first.snapshot().published.as_deref(), Some("2025-11-20"));
    let again = library
        .import_bytes(SourceKind::UnSc, std::slice::from_ref(&file), "file")
        .map(|r| r.import)
        .expect("again");
    assert!(matches!(again, Imported::Unchanged { .. }));
    assert_eq!(library.lists(true).expect("list").len(), 1);

    // A truncated file fails, naming the place, and changes nothing.
    let cut = (file.0.clone(), file.1[..file.1.len() / 2].to_vec());
    let err = library
        .import_bytes(SourceKind::UnSc, &[cut], "file")
        .map(|r| r.import)
        .expect_err("truncated");
    let msg = err.to_string();
    assert!(msg.contains("un_consolidated_2025-11-20.xml"), "{msg}");
    assert!(msg.contains("nothing was changed"), "{msg}");
    let active = library.active_snapshots().expect("active");
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].id, first.snapshot().id);
    assert_eq!(library.active_entities().expect("entities").0.len(), 1000);
}

#[test]
fn newer_publication_replaces_and_older_reactivates() {
    let (Some(old), Some(new)) = (un_file("2025-04-19"), un_file("2025-11-20")) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let mut library = Library::open(dir.path()).expect("store");
    let a = library
        .import_bytes(SourceKind::UnSc, std::slice::from_ref(&old), "file")
        .map(|r| r.import)
        .expect("old");
    let b = library
        .import_bytes(SourceKind::UnSc, &[new], "file")
        .map(|r| r.import)
        .expect("new");
    assert_eq!(
        library.active_snapshots().expect("active")[0].id,
        b.snapshot().id
    );
    let back = library
        .import_bytes(SourceKind::UnSc, &[old], "file")
        .map(|r| r.import)
        .expect("old again");
    assert!(matches!(back, Imported::Reactivated { .. }));
    assert_eq!(
        library.active_snapshots().expect("active")[0].id,
        a.snapshot().id
    );
}

#[test]
fn diff_shows_the_iran_entries_coming_back() {
    let (Some(old), Some(new)) = (un_file("2025-04-19"), un_file("2025-11-20")) else {
        return;
    };
    let parse = |(n, b): &(String, Vec<u8>)| {
        embargo_sources::parse(SourceKind::UnSc, &[embargo_sources::InputFile::new(n, b)])
            .expect("parse")
            .entities
    };
    let d = embargo::diff::diff(&parse(&old), &parse(&new));
    let iran = d
        .added
        .iter()
        .filter(|e| e.id.starts_with("un_sc:IR"))
        .count();
    // 877 → 1000 entities; the Iran (1737) list is restored by the snapback.
    assert_eq!(d.added.len() - d.removed.len(), 1000 - 877);
    assert!(iran >= 100, "only {iran} Iran entries added");
    assert!(d.added.iter().all(|e| !e.caption.is_empty()));
    assert!(d.unchanged > 700);
}

#[test]
fn bundled_list_is_the_2026_02_27_publication() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut library = Library::open(dir.path()).expect("store");
    let done = library
        .ensure_default()
        .expect("bundled")
        .expect("imported");
    let s = done.snapshot();
    assert_eq!(s.origin, "bundled");
    assert_eq!(s.published.as_deref(), Some("2026-02-27"));
    assert_eq!((s.counts.persons, s.counts.organizations), (730, 273));
    // Only once.
    assert!(library.ensure_default().expect("again").is_none());
}

#[test]
fn uk_records_link_to_the_un_records_they_cite() {
    let Some(dir) = shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    let un = embargo_sources::parse(
        SourceKind::UnSc,
        &[embargo_sources::InputFile::new(
            "un",
            &std::fs::read(dir.join("lists/un/un_consolidated_2026-02-27.xml")).expect("read"),
        )],
    )
    .expect("un");
    let uk_bytes =
        std::fs::read(dir.join("lists/uk_ofsi/ofsi_conlist_2018-04-13.csv")).expect("read");
    let uk = embargo_sources::parse(
        SourceKind::GbOfsi,
        &[embargo_sources::InputFile::new("uk", &uk_bytes)],
    )
    .expect("uk");
    let stats =
        embargo::links::link_stats(&un.entities, [(SourceKind::GbOfsi, uk.entities.as_slice())]);
    let s = &stats[&SourceKind::GbOfsi];
    // 275 UK groups cite a parseable UN reference; 266 are on the 2026 list
    // (the others were delisted since 2018 or are mistyped, e.g. `KPe.23`).
    assert_eq!((s.citing, s.resolved), (275, 266));
    assert!(s.unresolved.iter().any(|(_, r)| r == "KPe.23"));
}
