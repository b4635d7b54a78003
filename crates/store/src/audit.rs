//! The audit trail: append-only records whose SHA-256 covers the previous
//! record's hash, so an edited, inserted or deleted record breaks the chain
//! from that point on.
//!
//! Each record's hash is `sha256(prev_hash || canonical JSON of [id, at,
//! actor, action, object, before, after])`. Including the id makes a deleted
//! row visible even when the rows around it are re-chained by hand: the
//! chain would then need every later hash recomputed, which `verify` sees as
//! a mismatch against the head recorded in `settings` (`audit.head`). The
//! head can be copied out (`audit verify` prints it) to anchor the chain
//! outside the database, which is the only defence against someone who
//! rewrites the whole file.

use crate::{Result, Store, now};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One audit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the chain (1, 2, ...).
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who: an OS user, an API key's owner, or `system`.
    pub actor: String,
    /// What was done (`list.import`, `alert.raised`, `decision`...).
    pub action: String,
    /// What it was done to (`snapshot:3`, `alert:17`, `customer:C-1`...).
    pub object: String,
    /// State before, when the action changed something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    /// State after, or the action's details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
    /// Hash of the previous record (empty for the first).
    pub prev: String,
    /// This record's hash.
    pub hash: String,
}

/// A record to append.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// Who.
    pub actor: &'a str,
    /// What was done.
    pub action: &'a str,
    /// To what.
    pub object: String,
    /// State before.
    pub before: Option<serde_json::Value>,
    /// State after or details.
    pub after: Option<serde_json::Value>,
}

impl<'a> AuditEntry<'a> {
    /// An entry with details only.
    pub fn new(actor: &'a str, action: &'a str, object: impl Into<String>) -> Self {
        AuditEntry {
            actor,
            action,
            object: object.into(),
            before: None,
            after: None,
        }
    }

    /// With the state after (or details).
    pub fn after(mut self, v: serde_json::Value) -> Self {
        self.after = Some(v);
        self
    }

    /// With the state before.
    pub fn before(mut self, v: serde_json::Value) -> Self {
        self.before = Some(v);
        self
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// Records checked.
    pub records: usize,
    /// True when every record's hash is right and the chain is unbroken.
    pub ok: bool,
    /// The first bad record: its id (or the id expected there) and what
    /// is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_bad: Option<BadRecord>,
    /// Hash of the last record: copy it out to anchor the chain.
    pub head: String,
}

/// A record that breaks the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadRecord {
    /// The record id.
    pub id: i64,
    /// What is wrong.
    pub problem: String,
}

/// The hashed fields of a record, in chain order.
struct Fields<'a> {
    id: i64,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    object: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

fn record_hash(prev: &str, f: Fields<'_>) -> String {
    let body = serde_json::json!([f.id, f.at, f.actor, f.action, f.object, f.before, f.after]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(body.to_string().as_bytes());
    hex::encode(h.finalize())
}

/// Appends a record inside the caller's transaction (so the record and the
/// change it describes commit together or not at all).
pub(crate) fn append(conn: &Connection, e: AuditEntry<'_>) -> Result<i64> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev) = match last {
        Some((id, h)) => (id + 1, h),
        None => (1, String::new()),
    };
    let at = now();
    let before = e.before.map(|v| v.to_string());
    let after = e.after.map(|v| v.to_string());
    let hash = record_hash(
        &prev,
        Fields {
            id,
            at: &at,
            actor: e.actor,
            action: e.action,
            object: &e.object,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    );
    conn.execute(
        "INSERT INTO audit (id, at, actor, action, object, before, after, prev, hash, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '')",
        params![
            id, at, e.actor, e.action, e.object, before, after, prev, hash
        ],
    )?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('audit.head', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![format!("{id}:{hash}")],
    )?;
    Ok(id)
}

/// Chains records written before the audit trail was hash-chained
/// (schema 1), in id order. Run once by the migration to schema 2.
pub(crate) fn chain_legacy(conn: &Connection) -> Result<()> {
    let rows: Vec<(i64, String, String, String)> = {
        let mut st = conn.prepare("SELECT id, at, action, detail FROM audit ORDER BY id")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<std::result::Result<_, _>>()?
    };
    let mut prev = String::new();
    for (id, at, action, detail) in rows {
        let action = format!("legacy.{action}");
        let after = serde_json::from_str::<serde_json::Value>(&detail)
            .unwrap_or(serde_json::Value::String(detail))
            .to_string();
        let hash = record_hash(
            &prev,
            Fields {
                id,
                at: &at,
                actor: "system",
                action: &action,
                object: "",
                before: None,
                after: Some(&after),
            },
        );
        conn.execute(
            "UPDATE audit SET actor = 'system', action = ?2, object = '', after = ?3, prev = ?4, hash = ?5 WHERE id = ?1",
            params![id, action, after, prev, hash],
        )?;
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('audit.head', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![format!("{id}:{hash}")],
        )?;
        prev = hash;
    }
    Ok(())
}

const COLS: &str = "id, at, actor, action, object, before, after, prev, hash";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    let json = |s: Option<String>| {
        s.map(|s| serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s)))
    };
    Ok(AuditRecord {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        object: r.get(4)?,
        before: json(r.get(5)?),
        after: json(r.get(6)?),
        prev: r.get(7)?,
        hash: r.get(8)?,
    })
}

/// Filters for reading the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Records at or after this time (RFC 3339 or a date).
    pub from: Option<String>,
    /// Records before this time (RFC 3339 or a date; a date means the end
    /// of that day is included).
    pub to: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only this object.
    pub object: Option<String>,
    /// At most this many, newest first; `None`: all, oldest first.
    pub limit: Option<usize>,
}

impl Store {
    /// Appends one audit record on its own.
    pub fn audit(&self, e: AuditEntry<'_>) -> Result<i64> {
        let tx = self.write_tx()?;
        let id = append(&tx, e)?;
        tx.commit()?;
        Ok(id)
    }

    /// Audit records matching `f`.
    pub fn audit_records(&self, f: &AuditFilter) -> Result<Vec<AuditRecord>> {
        let mut sql = format!("SELECT {COLS} FROM audit WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if let Some(from) = &f.from {
            args.push(from.clone());
            sql.push_str(&format!(" AND at >= ?{}", args.len()));
        }
        if let Some(to) = &f.to {
            // A bare date includes that whole day.
            let to = if to.len() == 10 {
                format!("{to}T99")
            } else {
                to.clone()
            };
            args.push(to);
            sql.push_str(&format!(" AND at < ?{}", args.len()));
        }
        if let Some(a) = &f.action {
            args.push(a.clone());
            sql.push_str(&format!(" AND action = ?{}", args.len()));
        }
        if let Some(o) = &f.object {
            args.push(o.clone());
            sql.push_str(&format!(" AND object = ?{}", args.len()));
        }
        match f.limit {
            Some(n) => sql.push_str(&format!(" ORDER BY id DESC LIMIT {n}")),
            None => sql.push_str(" ORDER BY id"),
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args.iter()), read)?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Checks the whole chain and names the first bad record.
    pub fn audit_verify(&self) -> Result<Verification> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLS} FROM audit ORDER BY id"))?;
        let mut rows = st.query([])?;
        let mut prev = String::new();
        let mut expected_id = 1i64;
        let mut n = 0usize;
        let bad = |id: i64, problem: String, n: usize, head: String| Verification {
            records: n,
            ok: false,
            first_bad: Some(BadRecord { id, problem }),
            head,
        };
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            let actor: String = r.get(2)?;
            let action: String = r.get(3)?;
            let object: String = r.get(4)?;
            let before: Option<String> = r.get(5)?;
            let after: Option<String> = r.get(6)?;
            let rprev: String = r.get(7)?;
            let hash: String = r.get(8)?;
            n += 1;
            if id != expected_id {
                let problem = if id > expected_id {
                    format!("record {expected_id} is missing (deleted); next is {id}")
                } else {
                    format!("record id {id} out of sequence (inserted)")
                };
                return Ok(bad(expected_id, problem, n, prev));
            }
            if rprev != prev {
                return Ok(bad(
                    id,
                    "does not chain to the previous record (a record before it was deleted or inserted)".into(),
                    n,
                    prev,
                ));
            }
            let want = record_hash(
                &prev,
                Fields {
                    id,
                    at: &at,
                    actor: &actor,
                    action: &action,
                    object: &object,
                    before: before.as_deref(),
                    after: after.as_deref(),
                },
            );
            if want != hash {
                return Ok(bad(
                    id,
                    "content does not match its hash (edited)".into(),
                    n,
                    prev,
                ));
            }
            prev = hash;
            expected_id += 1;
        }
        drop(rows);
        let head: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'audit.head'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let last = expected_id - 1;
        if let Some(head) = head
            && head != format!("{last}:{prev}")
        {
            let problem = match head
                .split_once(':')
                .and_then(|(i, _)| i.parse::<i64>().ok())
            {
                Some(h) if h > last => {
                    format!("records after {last} are missing (the head says {h})")
                }
                _ => "the chain does not end at the recorded head (rewritten)".to_string(),
            };
            return Ok(bad(last + 1, problem, n, prev));
        }
        Ok(Verification {
            records: n,
            ok: true,
            first_bad: None,
            head: prev,
        })
    }
}

/// Hex SHA-256 of a string (fingerprints, evidence).
pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}
