//! Schema migrations, applied in order and recorded in `PRAGMA user_version`.
//! A hand-rolled list: the schema is small and SQLite-only for now.

use crate::{Error, Result};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: snapshots, their files and entities; audit log.
    r#"
    CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        origin TEXT NOT NULL,
        published TEXT,
        imported_at TEXT NOT NULL,
        counts TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 0,
        UNIQUE (source, sha256)
    );
    CREATE TABLE snapshot_files (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        gz BLOB NOT NULL
    );
    CREATE TABLE entities (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        entity_id TEXT NOT NULL,
        schema TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, entity_id)
    ) WITHOUT ROWID;
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    "#,
];

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let supported = MIGRATIONS.len() as i64;
    if version > supported {
        return Err(Error::TooNew {
            found: version,
            supported,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
