//! The customer register: records with a caller's stable id, kept in
//! versions. An import that changes a record's content adds a version (the
//! old ones stay, so an alert always points at what was screened); an
//! unchanged record is a no-op; a record retired by `--remove-missing` keeps
//! its versions and leaves the current set.

use crate::audit::{AuditEntry, append, sha256_hex};
use crate::{Error, Result, Store, now};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The content of a customer record, as screened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRecord {
    /// The caller's stable id.
    pub id: String,
    /// FtM schema name (`Person`, `Company`...).
    pub schema: String,
    /// FtM properties (names, aliases, birthDate, nationality...).
    pub properties: BTreeMap<String, Vec<String>>,
}

impl CustomerRecord {
    /// Hash of the content (schema and properties, values sorted): equal
    /// hashes mean an unchanged record.
    pub fn content_hash(&self) -> String {
        let mut props = self.properties.clone();
        for v in props.values_mut() {
            v.sort();
            v.dedup();
        }
        props.retain(|_, v| !v.is_empty());
        sha256_hex(&serde_json::json!([self.schema, props]).to_string())
    }
}

/// One stored version of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerVersion {
    /// The record.
    #[serde(flatten)]
    pub record: CustomerRecord,
    /// Version number, from 1.
    pub version: i64,
    /// Register source name given at import.
    pub source: String,
    /// Content hash.
    pub hash: String,
    /// When this version was imported.
    pub imported_at: String,
    /// When the record was retired (only on its last version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<String>,
}

/// A customer version's print (see `embargo_matching::prints`): its names'
/// token ids and extra hashes as bytes, and the tokens it holds (id, text
/// hash, keys as bytes), stored once per register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerPrint {
    /// The names' token ids and the extra hashes.
    pub names: Vec<u8>,
    /// The distinct tokens: id, text hash, keys.
    pub tokens: Vec<(i64, i64, Vec<u8>)>,
}

/// Records printed together by an import.
const PRINT_CHUNK: usize = 20_000;

/// Computes the prints of the records an import adds a version for.
pub type Printer<'a> = &'a dyn Fn(&[&CustomerRecord]) -> Vec<Option<CustomerPrint>>;

/// What a register import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterImport {
    /// Records new to the register.
    pub added: usize,
    /// Records whose content changed (a new version each).
    pub changed: usize,
    /// Records unchanged.
    pub unchanged: usize,
    /// Records retired (absent from the file, with `--remove-missing`).
    pub retired: usize,
    /// Ids of the added and changed records: what must be screened now.
    #[serde(skip)]
    pub to_screen: Vec<String>,
    /// Ids of the retired records.
    #[serde(skip)]
    pub retired_ids: Vec<String>,
}

fn read_version(r: &rusqlite::Row<'_>) -> rusqlite::Result<(CustomerVersion, String)> {
    Ok((
        CustomerVersion {
            record: CustomerRecord {
                id: r.get(0)?,
                schema: r.get(2)?,
                properties: BTreeMap::new(),
            },
            version: r.get(1)?,
            source: r.get(4)?,
            hash: r.get(5)?,
            imported_at: r.get(6)?,
            retired_at: r.get(7)?,
        },
        r.get(3)?,
    ))
}

fn finish((mut v, props): (CustomerVersion, String)) -> Result<CustomerVersion> {
    v.record.properties = serde_json::from_str(&props).map_err(|source| Error::Corrupt {
        what: format!("customer {} version {}", v.record.id, v.version),
        source,
    })?;
    Ok(v)
}

const COLS: &str = "id, version, schema, properties, source, hash, imported_at, retired_at";

impl Store {
    /// Imports records in one transaction: all or nothing. With
    /// `remove_missing`, current records of `source` absent from `records`
    /// are retired.
    pub fn import_register(
        &mut self,
        records: &[CustomerRecord],
        source: &str,
        remove_missing: bool,
        actor: &str,
        printer: Printer<'_>,
    ) -> Result<RegisterImport> {
        let tx = self.write_tx()?;
        let current: HashMap<String, (i64, String)> = {
            let mut st = tx.prepare("SELECT id, version, hash FROM customers WHERE current = 1")?;
            st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
                .collect::<std::result::Result<_, _>>()?
        };
        let at = now();
        let mut out = RegisterImport::default();
        {
            let mut retire_old =
                tx.prepare("UPDATE customers SET current = 0 WHERE id = ?1 AND current = 1")?;
            // The records that get a new version, with it and their hash.
            let mut new: Vec<(&CustomerRecord, i64, String)> = Vec::new();
            for r in records {
                let hash = r.content_hash();
                let version = match current.get(&r.id) {
                    Some((_, h)) if *h == hash => {
                        out.unchanged += 1;
                        continue;
                    }
                    Some((v, _)) => {
                        out.changed += 1;
                        retire_old.execute([&r.id])?;
                        v + 1
                    }
                    None => {
                        // A retired record coming back continues its versions.
                        let last: Option<i64> = tx
                            .query_row(
                                "SELECT MAX(version) FROM customers WHERE id = ?1",
                                [&r.id],
                                |row| row.get(0),
                            )
                            .optional()?
                            .flatten();
                        out.added += 1;
                        last.unwrap_or(0) + 1
                    }
                };
                new.push((r, version, hash));
            }
            let mut insert = tx.prepare(
                "INSERT INTO customers (id, version, schema, properties, source, hash, imported_at, current, print)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)",
            )?;
            let mut insert_token = tx.prepare(
                "INSERT OR IGNORE INTO register_tokens (id, text, keys) VALUES (?1, ?2, ?3)",
            )?;
            let mut seen: std::collections::HashSet<i64> = std::collections::HashSet::new();
            // Printed a chunk at a time: a million prints at once held
            // 400 MB.
            let mut prints = Vec::new();
            for (i, (r, version, hash)) in new.iter().enumerate() {
                if i % PRINT_CHUNK == 0 {
                    let end = (i + PRINT_CHUNK).min(new.len());
                    let refs: Vec<&CustomerRecord> = new[i..end].iter().map(|(r, ..)| *r).collect();
                    prints = printer(&refs);
                }
                let props =
                    serde_json::to_string(&r.properties).map_err(|source| Error::Corrupt {
                        what: format!("customer {}", r.id),
                        source,
                    })?;
                let print = prints.get(i % PRINT_CHUNK).and_then(Option::as_ref);
                insert.execute(params![
                    r.id,
                    version,
                    r.schema,
                    props,
                    source,
                    hash,
                    at,
                    print.map(|p| &p.names)
                ])?;
                for (id, text, keys) in print.iter().flat_map(|p| &p.tokens) {
                    if seen.insert(*id) {
                        insert_token.execute(params![id, text, keys])?;
                    }
                }
                out.to_screen.push(r.id.clone());
            }
            if remove_missing {
                let given: std::collections::HashSet<&str> =
                    records.iter().map(|r| r.id.as_str()).collect();
                let mut st =
                    tx.prepare("SELECT id FROM customers WHERE current = 1 AND source = ?1")?;
                let ids: Vec<String> = st
                    .query_map([source], |r| r.get(0))?
                    .collect::<std::result::Result<_, _>>()?;
                let mut retire = tx.prepare(
                    "UPDATE customers SET current = 0, retired_at = ?2 WHERE id = ?1 AND current = 1",
                )?;
                for id in ids.into_iter().filter(|id| !given.contains(id.as_str())) {
                    retire.execute(params![id, at])?;
                    out.retired += 1;
                    out.retired_ids.push(id);
                }
            }
        }
        append(
            &tx,
            AuditEntry::new(actor, "register.import", format!("register:{source}")).after(
                serde_json::json!({
                    "records": records.len(), "added": out.added, "changed": out.changed,
                    "unchanged": out.unchanged, "retired": out.retired,
                }),
            ),
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// Current records (every id's newest version, retired excluded),
    /// ordered by id, starting after `after` (exclusive), at most `limit`.
    pub fn current_customers(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<CustomerVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM customers WHERE current = 1 AND id > ?1 ORDER BY id LIMIT ?2"
        ))?;
        let raw: Vec<_> = st
            .query_map(params![after.unwrap_or(""), limit as i64], read_version)?
            .collect::<std::result::Result<_, _>>()?;
        raw.into_iter().map(finish).collect()
    }

    /// Calls `f` with every current record's id and print (`None`: not
    /// printed, or imported before prints were kept).
    pub fn customer_prints(&self, f: &mut dyn FnMut(&str, Option<&[u8]>)) -> Result<()> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, print FROM customers WHERE current = 1")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let print = r
                .get_ref(1)?
                .as_blob_or_null()
                .map_err(rusqlite::Error::from)?;
            f(id, print);
        }
        Ok(())
    }

    /// Replaces the prints of these customer versions (id, version), in
    /// one transaction.
    pub fn set_customer_prints(&mut self, prints: &[(String, i64, CustomerPrint)]) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut update =
                tx.prepare("UPDATE customers SET print = ?3 WHERE id = ?1 AND version = ?2")?;
            let mut insert_token = tx.prepare(
                "INSERT OR IGNORE INTO register_tokens (id, text, keys) VALUES (?1, ?2, ?3)",
            )?;
            for (id, version, p) in prints {
                update.execute(params![id, version, p.names])?;
                for (t, text, keys) in &p.tokens {
                    insert_token.execute(params![t, text, keys])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets every token of the register's prints (before printing the
    /// register again).
    pub fn clear_register_tokens(&mut self) -> Result<()> {
        self.conn.execute("DELETE FROM register_tokens", [])?;
        Ok(())
    }

    /// Calls `f` with every token the register's prints hold: id, text
    /// hash, keys.
    pub fn register_tokens(&self, f: &mut dyn FnMut(i64, i64, &[u8])) -> Result<()> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, text, keys FROM register_tokens")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let keys = r.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            f(r.get(0)?, r.get(1)?, keys);
        }
        Ok(())
    }

    /// Number of current records.
    pub fn customer_count(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM customers WHERE current = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// The current version of one customer (`None` if unknown or retired).
    pub fn customer(&self, id: &str) -> Result<Option<CustomerVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM customers WHERE id = ?1 AND current = 1"
        ))?;
        let raw = st.query_row([id], read_version).optional()?;
        raw.map(finish).transpose()
    }

    /// Every version of one customer, oldest first.
    pub fn customer_versions(&self, id: &str) -> Result<Vec<CustomerVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM customers WHERE id = ?1 ORDER BY version"
        ))?;
        let raw: Vec<_> = st
            .query_map([id], read_version)?
            .collect::<std::result::Result<_, _>>()?;
        raw.into_iter().map(finish).collect()
    }

    /// One version of one customer.
    pub fn customer_version(&self, id: &str, version: i64) -> Result<Option<CustomerVersion>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM customers WHERE id = ?1 AND version = ?2"
        ))?;
        let raw = st
            .query_row(params![id, version], read_version)
            .optional()?;
        raw.map(finish).transpose()
    }
}
