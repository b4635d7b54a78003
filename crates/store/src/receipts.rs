//! Receipts: what a screening was asked, when, by whom, on which lists and
//! settings, and what it answered, under an id returned to the caller.

use crate::{Error, Result, Store, now};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A stored receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// Receipt id (`rc-...`).
    pub id: String,
    /// When.
    pub at: String,
    /// Who asked.
    pub actor: String,
    /// `screen`, `batch`, `api.match`, `run`...
    pub kind: String,
    /// What was asked.
    pub request: serde_json::Value,
    /// Lists, engine version, profile, threshold, weights.
    pub context: serde_json::Value,
    /// What was answered.
    pub results: serde_json::Value,
}

/// A receipt to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReceipt {
    /// Its id, chosen before it is stored so that an answer can carry it.
    pub id: String,
    /// Who asked.
    pub actor: String,
    /// `screen`, `batch`, `api.match`, `api.screen`...
    pub kind: String,
    /// What was asked.
    pub request: serde_json::Value,
    /// Lists, engine version, profile, threshold, weights.
    pub context: serde_json::Value,
    /// What was answered.
    pub results: serde_json::Value,
}

/// A fresh receipt id: the time (for sorting by eye) and 64 random bits, so
/// that an id cannot be guessed from another one.
pub fn new_receipt_id() -> String {
    let t = chrono::Utc::now().timestamp_micros();
    let mut r = [0u8; 8];
    if getrandom::fill(&mut r).is_err() {
        // No OS randomness: fall back on a hash of time, process and counter.
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let h = crate::audit::sha256_hex(&format!("{t}:{}:{n}", std::process::id()));
        return format!("rc-{t:x}-{}", &h[..16]);
    }
    format!("rc-{t:x}-{}", hex::encode(r))
}

impl Store {
    /// Stores several receipts in one transaction (one commit for many
    /// concurrent screenings) and returns their ids in order.
    pub fn insert_receipts(&self, drafts: &[NewReceipt]) -> Result<Vec<String>> {
        let tx = self.write_tx()?;
        let mut ids = Vec::with_capacity(drafts.len());
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO receipts (id, at, actor, kind, request, context, results)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let at = now();
            for d in drafts {
                st.execute(params![
                    d.id,
                    at,
                    d.actor,
                    d.kind,
                    d.request.to_string(),
                    d.context.to_string(),
                    d.results.to_string()
                ])?;
                ids.push(d.id.clone());
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// One receipt.
    pub fn receipt(&self, id: &str) -> Result<Receipt> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, actor, kind, request, context, results FROM receipts WHERE id = ?1",
        )?;
        let row = st
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .optional()?
            .ok_or_else(|| Error::NoReceipt(id.to_string()))?;
        let json = |s: &str, what: &str| {
            serde_json::from_str(s).map_err(|source| Error::Corrupt {
                what: format!("{what} of receipt {id}"),
                source,
            })
        };
        Ok(Receipt {
            id: row.0,
            at: row.1,
            actor: row.2,
            kind: row.3,
            request: json(&row.4, "request")?,
            context: json(&row.5, "context")?,
            results: json(&row.6, "results")?,
        })
    }

    /// Appends one audit record for a change kept outside this database
    /// (API keys live in the server's `keys.db`).
    pub fn audit_external(&mut self, entry: crate::audit::AuditEntry<'_>) -> Result<i64> {
        let tx = self.write_tx()?;
        let id = crate::audit::append(&tx, entry)?;
        tx.commit()?;
        Ok(id)
    }

    /// A setting's value.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Changes a setting (audited with its old and new value).
    pub fn set_setting(&mut self, key: &str, value: &str, actor: &str) -> Result<()> {
        if key.starts_with("audit.") {
            return Err(Error::Invalid(format!("{key} is kept by embargo itself")));
        }
        let old = self.setting(key)?;
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        crate::audit::append(
            &tx,
            crate::audit::AuditEntry::new(actor, "setting.change", format!("setting:{key}"))
                .before(serde_json::json!({ "value": old }))
                .after(serde_json::json!({ "value": value })),
        )?;
        tx.commit()?;
        Ok(())
    }
}
