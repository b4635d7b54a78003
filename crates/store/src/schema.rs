//! Schema migrations, applied in order and recorded in `PRAGMA user_version`.
//! A hand-rolled list: the schema is small. Types stay portable to
//! PostgreSQL (TEXT, INTEGER, REAL, JSON as TEXT; no SQLite-only tricks).

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
    // 2: the customer register, runs, alerts, decisions, accept-list,
    // settings, receipts; the audit log becomes a hash chain.
    r#"
    CREATE TABLE customers (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        schema TEXT NOT NULL,
        properties TEXT NOT NULL,
        source TEXT NOT NULL,
        hash TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        retired_at TEXT,
        current INTEGER NOT NULL,
        PRIMARY KEY (id, version)
    );
    CREATE INDEX customers_current ON customers (current, id);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        settings TEXT NOT NULL,
        trigger TEXT NOT NULL,
        actor TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        total INTEGER NOT NULL,
        cursor TEXT,
        counts TEXT NOT NULL,
        plan TEXT
    );
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        customer TEXT NOT NULL,
        customer_version INTEGER NOT NULL,
        target TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        caption TEXT NOT NULL,
        score REAL NOT NULL,
        status TEXT NOT NULL,
        evidence TEXT NOT NULL,
        fields TEXT NOT NULL,
        run INTEGER NOT NULL REFERENCES runs(id),
        raised_because TEXT NOT NULL,
        follows INTEGER,
        raised_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        row_version INTEGER NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX alerts_pair ON alerts (customer, target, id);
    CREATE INDEX alerts_status ON alerts (status, id);
    CREATE INDEX alerts_run ON alerts (run, id);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        alert INTEGER NOT NULL REFERENCES alerts(id),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        decision TEXT NOT NULL,
        reason TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        accepted INTEGER
    );
    CREATE INDEX decisions_alert ON decisions (alert, id);
    CREATE TABLE accept_list (
        id INTEGER PRIMARY KEY,
        customer TEXT NOT NULL,
        target TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        caption TEXT NOT NULL,
        fields TEXT NOT NULL,
        alert INTEGER NOT NULL REFERENCES alerts(id),
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL,
        ended TEXT
    );
    CREATE INDEX accept_pair ON accept_list (customer, target, state);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE receipts (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        request TEXT NOT NULL,
        context TEXT NOT NULL,
        results TEXT NOT NULL
    );
    ALTER TABLE audit ADD COLUMN actor TEXT NOT NULL DEFAULT 'system';
    ALTER TABLE audit ADD COLUMN object TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit ADD COLUMN before TEXT;
    ALTER TABLE audit ADD COLUMN after TEXT;
    ALTER TABLE audit ADD COLUMN prev TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
    "#,
    // 3: alert details in their own table (listing alerts reads narrow rows).
    r#"
    CREATE TABLE alert_details (
        alert INTEGER PRIMARY KEY REFERENCES alerts(id),
        detail TEXT NOT NULL
    );
    INSERT INTO alert_details (alert, detail) SELECT id, detail FROM alerts;
    ALTER TABLE alerts DROP COLUMN detail;
    "#,
    // 4: an alert's field prints (about 450 bytes) join its detail: the
    // alerts table keeps only what a list shows, six times narrower.
    r#"
    ALTER TABLE alert_details ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
    UPDATE alert_details SET fields = (SELECT fields FROM alerts WHERE alerts.id = alert_details.alert);
    ALTER TABLE alerts DROP COLUMN fields;
    "#,
    // 5: register prints (what an index over a customer would post, as
    // hashes), so that a delta finds the customers a changed listed record
    // may meet without analysing the whole register; each distinct token's
    // keys are kept once.
    r#"
    ALTER TABLE customers ADD COLUMN print BLOB;
    CREATE TABLE register_tokens (
        id INTEGER PRIMARY KEY,
        text INTEGER NOT NULL,
        keys BLOB NOT NULL
    );
    "#,
    // 6: the alert queue sorted by score (or within a score range)
    // without sorting every alert. (No index by list: one list holds most
    // targets, and SQLite, without statistics, would take it over a scan.)
    r#"
    CREATE INDEX alerts_score ON alerts (score, id);
    "#,
    // 7: what the queue filters on besides the pair: the target's strongest
    // class under the run's profile, its regimes and lists (`,A,B,`), and
    // who works on the alert. Older alerts get theirs from the hit detail they keep.
    r#"
    ALTER TABLE alerts ADD COLUMN class TEXT NOT NULL DEFAULT '';
    ALTER TABLE alerts ADD COLUMN regimes TEXT NOT NULL DEFAULT '';
    ALTER TABLE alerts ADD COLUMN assignee TEXT;
    ALTER TABLE alerts ADD COLUMN lists TEXT NOT NULL DEFAULT '';
    UPDATE alerts SET
        class = COALESCE((SELECT json_extract(d.detail, '$.row.classification')
                          FROM alert_details d WHERE d.alert = alerts.id), ''),
        regimes = COALESCE((SELECT ',' || group_concat(DISTINCT json_extract(j.value, '$.regime_id')) || ','
                            FROM alert_details d, json_each(d.detail, '$.row.designations') j
                            WHERE d.alert = alerts.id), ''),
        lists = COALESCE((SELECT ',' || group_concat(DISTINCT json_extract(j.value, '$.source')) || ','
                          FROM alert_details d, json_each(d.detail, '$.row.designations') j
                          WHERE d.alert = alerts.id), '');
    CREATE INDEX alerts_assignee ON alerts (assignee, id) WHERE assignee IS NOT NULL;
    -- An alert's page shows its own audit events (raised, assigned, decided...).
    CREATE INDEX audit_object ON audit (object, id);
    "#,
    // 8: the queue's counts per status under a filter, read from one
    // covering index instead of every filtered alert's row (95,473 alerts:
    // 22-76 ms -> 7-9 ms of SQL).
    r#"
    CREATE INDEX alerts_facets ON alerts (status, run, class, assignee, score, lists, regimes);
    "#,
];

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let supported = MIGRATIONS.len() as i64;
    loop {
        // The version is read under the write lock so two processes opening
        // the same new store do not both apply a migration.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > supported {
            return Err(Error::TooNew {
                found: version,
                supported,
            });
        }
        let Some(sql) = MIGRATIONS.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        if version == 1 {
            crate::audit::chain_legacy(&tx)?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
