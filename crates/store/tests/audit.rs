//! The audit chain detects records edited, deleted or inserted directly in
//! the SQLite file, and names the first bad one.

use embargo_store::{AuditEntry, Store};
use std::path::Path;

fn store_with_records(dir: &Path, n: usize) -> Store {
    let store = Store::open(dir).expect("open");
    for i in 0..n {
        store
            .audit(
                AuditEntry::new("alice", "test.action", format!("object:{i}"))
                    .after(serde_json::json!({ "i": i })),
            )
            .expect("append");
    }
    store
}

fn raw(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(Store::FILE)).expect("raw open")
}

#[test]
fn an_intact_chain_verifies() {
    let tmp = tempfile::tempdir().expect("tmp");
    let store = store_with_records(tmp.path(), 5);
    let v = store.audit_verify().expect("verify");
    assert!(v.ok, "{v:?}");
    assert_eq!(v.records, 5);
    assert_eq!(v.head.len(), 64);
}

#[test]
fn an_edited_record_is_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let store = store_with_records(tmp.path(), 6);
    raw(tmp.path())
        .execute("UPDATE audit SET actor = 'mallory' WHERE id = 3", [])
        .expect("edit");
    let v = store.audit_verify().expect("verify");
    assert!(!v.ok);
    let bad = v.first_bad.expect("bad");
    assert_eq!(bad.id, 3);
    assert!(bad.problem.contains("edited"), "{}", bad.problem);
}

#[test]
fn a_deleted_record_is_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let store = store_with_records(tmp.path(), 6);
    raw(tmp.path())
        .execute("DELETE FROM audit WHERE id = 4", [])
        .expect("delete");
    let bad = store
        .audit_verify()
        .expect("verify")
        .first_bad
        .expect("bad");
    assert_eq!(bad.id, 4);
    assert!(bad.problem.contains("missing"), "{}", bad.problem);
}

#[test]
fn a_deleted_last_record_is_seen_against_the_head() {
    let tmp = tempfile::tempdir().expect("tmp");
    let store = store_with_records(tmp.path(), 6);
    raw(tmp.path())
        .execute("DELETE FROM audit WHERE id = 6", [])
        .expect("delete");
    let v = store.audit_verify().expect("verify");
    assert!(!v.ok);
    assert_eq!(v.first_bad.expect("bad").id, 6);
}

#[test]
fn an_inserted_record_is_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let store = store_with_records(tmp.path(), 6);
    let conn = raw(tmp.path());
    // Make room after record 2 and insert a forged record there.
    conn.execute_batch(
        "UPDATE audit SET id = id + 100 WHERE id > 2;
         UPDATE audit SET id = id - 99 WHERE id > 100;
         INSERT INTO audit (id, at, actor, action, object, before, after, prev, hash, detail)
           SELECT 3, at, 'mallory', 'test.action', 'object:forged', NULL, '{}', hash, hash, ''
           FROM audit WHERE id = 2;",
    )
    .expect("insert");
    let bad = store
        .audit_verify()
        .expect("verify")
        .first_bad
        .expect("bad");
    assert_eq!(bad.id, 3, "{}", bad.problem);
}

#[test]
fn legacy_records_are_chained_by_the_migration() {
    let tmp = tempfile::tempdir().expect("tmp");
    {
        // A schema-1 database: the old audit table and two plain records.
        let conn = raw(tmp.path());
        conn.execute_batch(
            "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL,
                origin TEXT NOT NULL, published TEXT, imported_at TEXT NOT NULL, counts TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 0, UNIQUE (source, sha256));
             CREATE TABLE snapshot_files (snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
                name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, gz BLOB NOT NULL);
             CREATE TABLE entities (snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
                entity_id TEXT NOT NULL, schema TEXT NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY (snapshot_id, entity_id)) WITHOUT ROWID;
             CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
             INSERT INTO audit (at, action, detail) VALUES ('2026-01-01T00:00:00Z', 'import', '{\"snapshot\":1}');
             INSERT INTO audit (at, action, detail) VALUES ('2026-01-02T00:00:00Z', 'activate', '{\"snapshot\":1}');
             PRAGMA user_version = 1;",
        )
        .expect("schema 1");
    }
    let store = store_with_records(tmp.path(), 1);
    let v = store.audit_verify().expect("verify");
    assert!(v.ok, "{v:?}");
    assert_eq!(v.records, 3);
    let recs = store.audit_records(&Default::default()).expect("records");
    assert_eq!(recs[0].action, "legacy.import");
}
