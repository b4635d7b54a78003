//! API keys and roles.
//!
//! Keys live in `keys.db` in the data directory (owned by this crate, so the
//! list store's schema is untouched). A key is `emb_` followed by 64 hex
//! digits (256 random bits); only its SHA-256 is stored, so a stolen
//! database does not give working keys. A plain hash is enough for random
//! keys of this length (a slow password hash protects guessable secrets).
//!
//! Roles nest: `screener` (match, screen, entities, catalog, own receipts)
//! ⊂ `analyst` (+ shipments, caps, case work) ⊂ `supervisor` (+ second
//! review, accept-list revocation, audit verification, all receipts) ⊂
//! `admin` (+ reload).

use crate::ApiError;
use embargo::monitor::KeyChange;
use rusqlite::Connection;
use serde::Serialize;
use sha2::Digest;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::{Duration, SystemTime};

/// Appends a key change to the data directory's audit chain.
fn audit(
    data_dir: &Path,
    actor: &str,
    change: KeyChange,
    id: i64,
    details: serde_json::Value,
) -> Result<(), KeyError> {
    embargo::Library::open(data_dir)
        .and_then(|lib| lib.with_actor(actor).audit_key_change(change, id, details))
        .map(|_| ())
        .map_err(|e| KeyError::Audit(e.to_string()))
}

/// What a key may do. Ordered: each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Screening and reading: /match, /v1/screen, /v1/entities, /v1/catalog.
    Screener,
    /// Plus trade (/v1/shipments/check, /v1/caps/*) and case work:
    /// deciding alerts, importing the register, starting runs.
    Analyst,
    /// Plus second review (four-eyes close of a true match), revoking
    /// accept-list entries, audit verification, every caller's receipts.
    Supervisor,
    /// Plus operations: /v1/admin/reload.
    Admin,
}

impl Role {
    /// The role's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Screener => "screener",
            Role::Analyst => "analyst",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "screener" => Ok(Role::Screener),
            "analyst" => Ok(Role::Analyst),
            "supervisor" => Ok(Role::Supervisor),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "unknown role `{other}` (expected screener, analyst, supervisor or admin)"
            )),
        }
    }
}

/// A stored key (never the key itself).
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    /// Row id.
    pub id: i64,
    /// Label given at creation.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Revoked keys are refused.
    pub revoked: bool,
}

/// Errors of the key database.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The audit chain could not record the change.
    #[error("recording the key change in the audit trail: {0}")]
    Audit(String),
    /// SQLite failed.
    #[error("keys database {path}: {source}")]
    Sql {
        /// The file.
        path: PathBuf,
        /// The error.
        source: rusqlite::Error,
    },
    /// No randomness from the OS.
    #[error("no random bytes from the operating system: {0}")]
    Random(String),
    /// A stored role that is not one.
    #[error("keys database: {0}")]
    BadRole(String),
    /// No key with that id.
    #[error("no key with id {0}")]
    NoKey(i64),
}

/// Hex SHA-256 of a key.
pub fn hash_key(key: &str) -> String {
    hex::encode(sha2::Sha256::digest(key.trim().as_bytes()))
}

/// The key database in a data directory.
pub struct KeyStore {
    path: PathBuf,
    /// hash → key, and the file's modification time when it was read: the
    /// file is re-read when it changes, so keys created or revoked while
    /// the server runs take effect at once (one `stat` per request).
    cache: RwLock<(Option<SystemTime>, HashMap<String, KeyInfo>)>,
}

impl KeyStore {
    /// The file name in the data directory.
    pub const FILE: &'static str = "keys.db";

    fn connect(path: &Path) -> Result<Connection, KeyError> {
        let sql = |source| KeyError::Sql {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS api_keys (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                sha256 TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                revoked INTEGER NOT NULL DEFAULT 0
            );",
        )
        .map_err(sql)?;
        Ok(conn)
    }

    /// Opens (creating) the key database of a data directory.
    pub fn open(data_dir: &Path) -> Result<KeyStore, KeyError> {
        let path = data_dir.join(Self::FILE);
        let map = Self::read_all(&path)?;
        Ok(KeyStore {
            cache: RwLock::new((Self::mtime(&path), map)),
            path,
        })
    }

    fn mtime(path: &Path) -> Option<SystemTime> {
        std::fs::metadata(path).and_then(|m| m.modified()).ok()
    }

    fn read_all(path: &Path) -> Result<HashMap<String, KeyInfo>, KeyError> {
        Ok(Self::list_at(path)?
            .into_iter()
            .filter(|(_, k)| !k.revoked)
            .collect())
    }

    fn list_at(path: &Path) -> Result<Vec<(String, KeyInfo)>, KeyError> {
        let sql = |source| KeyError::Sql {
            path: path.to_path_buf(),
            source,
        };
        let conn = Self::connect(path)?;
        let mut st = conn
            .prepare("SELECT id, name, role, sha256, created_at, revoked FROM api_keys ORDER BY id")
            .map_err(sql)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(sql)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, role, hash, created_at, revoked) = row.map_err(sql)?;
            let role = role.parse::<Role>().map_err(KeyError::BadRole)?;
            out.push((
                hash,
                KeyInfo {
                    id,
                    name,
                    role,
                    created_at,
                    revoked: revoked != 0,
                },
            ));
        }
        Ok(out)
    }

    /// Every key (hashes left out), revoked ones included.
    pub fn list(data_dir: &Path) -> Result<Vec<KeyInfo>, KeyError> {
        Ok(Self::list_at(&data_dir.join(Self::FILE))?
            .into_iter()
            .map(|(_, k)| k)
            .collect())
    }

    /// Creates a key: returns the key (shown once) and what is stored. The
    /// creation is recorded in the audit chain (by `actor`) before the key
    /// works: it is stored revoked, audited, then enabled, so a crash in
    /// between leaves an unusable key, never a usable one without a record.
    pub fn create(
        data_dir: &Path,
        role: Role,
        name: &str,
        actor: &str,
    ) -> Result<(String, KeyInfo), KeyError> {
        let path = data_dir.join(Self::FILE);
        let sql = |source| KeyError::Sql {
            path: path.clone(),
            source,
        };
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
        let key = format!("emb_{}", hex::encode(bytes));
        let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let conn = Self::connect(&path)?;
        conn.execute(
            "INSERT INTO api_keys (name, role, sha256, created_at, revoked) VALUES (?1, ?2, ?3, ?4, 1)",
            (name, role.as_str(), hash_key(&key), &created_at),
        )
        .map_err(sql)?;
        let id = conn.last_insert_rowid();
        if let Err(e) = audit(
            data_dir,
            actor,
            KeyChange::Created,
            id,
            serde_json::json!({"name": name, "role": role.as_str(), "created_at": created_at}),
        ) {
            // Not audited: the key never existed (nothing else has seen it).
            let _ = conn.execute("DELETE FROM api_keys WHERE id = ?1", [id]);
            return Err(e);
        }
        conn.execute("UPDATE api_keys SET revoked = 0 WHERE id = ?1", [id])
            .map_err(sql)?;
        let info = KeyInfo {
            id,
            name: name.to_string(),
            role,
            created_at,
            revoked: false,
        };
        Ok((key, info))
    }

    /// Revokes a key by id (recorded in the audit chain by `actor`).
    pub fn revoke(data_dir: &Path, id: i64, actor: &str) -> Result<(), KeyError> {
        let path = data_dir.join(Self::FILE);
        let conn = Self::connect(&path)?;
        use rusqlite::OptionalExtension;
        let (name, role): (String, String) = conn
            .query_row(
                "UPDATE api_keys SET revoked = 1 WHERE id = ?1 RETURNING name, role",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|source| KeyError::Sql { path, source })?
            .ok_or(KeyError::NoKey(id))?;
        // Revoked either way; a failed record is reported and a retry records it.
        audit(
            data_dir,
            actor,
            KeyChange::Revoked,
            id,
            serde_json::json!({"name": name, "role": role}),
        )
    }

    /// Whether any usable key exists.
    pub fn is_empty(&self) -> bool {
        self.cache.read().map(|c| c.1.is_empty()).unwrap_or(true)
    }

    /// The key's record, if it is a live key.
    pub fn lookup(&self, key: &str) -> Option<KeyInfo> {
        self.lookup_hash(&hash_key(key))
    }

    /// The live (not revoked) key with this SHA-256, if any: a UI session
    /// keeps the hash, so revoking the key ends its sessions.
    pub fn lookup_hash(&self, hash: &str) -> Option<KeyInfo> {
        self.with_live(|keys| keys.get(hash).cloned()).flatten()
    }

    /// The highest role among the live keys named `name`: whether alerts
    /// can be assigned to that person.
    pub fn role_of(&self, name: &str) -> Option<Role> {
        self.with_live(|keys| {
            keys.values()
                .filter(|k| k.name == name)
                .map(|k| k.role)
                .max()
        })
        .flatten()
    }

    /// Reads the live keys, re-reading the file first when it changed (a
    /// key created or revoked while the server runs).
    fn with_live<T>(&self, f: impl FnOnce(&HashMap<String, KeyInfo>) -> T) -> Option<T> {
        let mtime = Self::mtime(&self.path);
        {
            let cache = self.cache.read().ok()?;
            if cache.0 == mtime {
                return Some(f(&cache.1));
            }
        }
        let fresh = Self::read_all(&self.path).ok()?;
        let out = f(&fresh);
        if let Ok(mut cache) = self.cache.write() {
            *cache = (mtime, fresh);
        }
        Some(out)
    }

    /// Checks the request's key against the role an endpoint needs.
    pub fn authorize(&self, key: Option<&str>, needed: Role) -> Result<KeyInfo, ApiError> {
        let Some(key) = key.filter(|k| !k.trim().is_empty()) else {
            return Err(ApiError::Unauthorized(
                "an API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>` \
                 (create one with `embargo keys create --role screener`)"
                    .into(),
            ));
        };
        let Some(info) = self.lookup(key) else {
            return Err(ApiError::Unauthorized("unknown or revoked API key".into()));
        };
        if info.role < needed {
            return Err(ApiError::Forbidden(format!(
                "this endpoint needs the `{}` role; key `{}` has `{}`",
                needed.as_str(),
                info.name,
                info.role.as_str()
            )));
        }
        Ok(info)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stored_hashed_and_roles_nest() {
        let dir = tempfile::tempdir().unwrap();
        let (admin, _) = KeyStore::create(dir.path(), Role::Admin, "ops", "tester").unwrap();
        let (screener, info) =
            KeyStore::create(dir.path(), Role::Screener, "app", "tester").unwrap();
        assert!(admin.starts_with("emb_") && admin.len() == 68);
        let raw = std::fs::read(dir.path().join(KeyStore::FILE)).unwrap();
        let text = String::from_utf8_lossy(&raw);
        assert!(!text.contains(&admin[4..]), "the key itself is not stored");
        let ks = KeyStore::open(dir.path()).unwrap();
        assert!(ks.authorize(Some(&admin), Role::Admin).is_ok());
        assert!(ks.authorize(Some(&screener), Role::Screener).is_ok());
        assert_eq!(
            ks.authorize(Some(&screener), Role::Analyst)
                .unwrap_err()
                .status(),
            403
        );
        assert_eq!(
            ks.authorize(None, Role::Screener).unwrap_err().status(),
            401
        );
        assert_eq!(
            ks.authorize(Some("emb_nope"), Role::Screener)
                .unwrap_err()
                .status(),
            401
        );
        KeyStore::revoke(dir.path(), info.id, "tester").unwrap();
        let ks = KeyStore::open(dir.path()).unwrap();
        assert_eq!(
            ks.authorize(Some(&screener), Role::Screener)
                .unwrap_err()
                .status(),
            401
        );
        assert_eq!(KeyStore::list(dir.path()).unwrap().len(), 2);
        // Both creations and the revocation are in the audit chain, by the
        // actor, with the owner and role but never the key.
        let lib = embargo::Library::open(dir.path()).unwrap();
        let recs = lib
            .audit_records(&embargo::monitor::AuditFilter::default())
            .unwrap();
        let keyed: Vec<(String, String, String)> = recs
            .iter()
            .filter(|r| r.action.starts_with("key."))
            .map(|r| (r.action.clone(), r.object.clone(), r.actor.clone()))
            .collect();
        assert_eq!(
            keyed,
            [
                ("key.create", "key:1"),
                ("key.create", "key:2"),
                ("key.revoke", "key:2")
            ]
            .map(|(a, o)| (a.to_string(), o.to_string(), "tester".to_string()))
        );
        let text = serde_json::to_string(&recs).unwrap();
        assert!(!text.contains(&screener) && !text.contains(&admin));
        assert!(text.contains("\"role\":\"screener\""));
        assert!(lib.audit_verify().unwrap().ok);
    }
}
