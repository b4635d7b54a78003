//! embargo's persistent store.
//!
//! One SQLite database (`embargo.db`) in the data directory keeps:
//! - **snapshots**: every imported publication of a list, identified by the
//!   SHA-256 of its file(s), with the list's own publication date, import
//!   time, counts, and the raw file bytes (gzip-compressed) so any result can
//!   be traced back to the exact file;
//! - **entities** of each snapshot, as FtM JSON;
//! - which snapshot is **active** per list (one at most);
//! - the customer **register** in versions ([`register`]);
//! - monitoring **runs** with crash-safe checkpoints ([`runs`]);
//! - **alerts**, decisions and the accept-list ([`alerts`]);
//! - **receipts** of screenings and **settings** ([`receipts`]);
//! - an append-only, hash-chained **audit** trail ([`audit`]).
//!
//! Writes happen in one transaction: an import that fails leaves the previous
//! snapshot active and nothing half-written.
#![warn(missing_docs)]

pub mod alerts;
pub mod audit;
pub mod receipts;
pub mod register;
pub mod runs;
mod schema;
mod snapshots;

pub use alerts::{
    Accepted, Alert, AlertCounts, AlertFilter, AlertRow, AlertSort, AlertStatus, Assignee,
    Decision, DecisionRecord, DecisionRequest, FieldPrints, NewHit, Screened,
};
pub use audit::{AuditEntry, AuditFilter, AuditRecord, BadRecord, Verification};
pub use receipts::{NewReceipt, Receipt};
pub use register::{CustomerPrint, CustomerRecord, CustomerVersion, Printer, RegisterImport};
pub use runs::{NewRun, RunInfo, RunKind, RunSettings};
pub use snapshots::{Counts, NewSnapshot, SnapshotFile, SnapshotInfo};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened, read or written.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The data directory could not be created or read.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Stored JSON could not be read back (a corrupted or foreign database).
    #[error("stored data is corrupt ({what}): {source}")]
    Corrupt {
        /// What was being read.
        what: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// The database was written by a newer embargo.
    #[error("database schema version {found} is newer than this embargo supports ({supported})")]
    TooNew {
        /// Version found.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A snapshot id that does not exist.
    #[error("no snapshot with id {0}")]
    NoSnapshot(i64),
    /// An alert id that does not exist.
    #[error("no alert with id {0}")]
    NoAlert(i64),
    /// A run id that does not exist.
    #[error("no run with id {0}")]
    NoRun(i64),
    /// A receipt id that does not exist.
    #[error("no receipt with id {0}")]
    NoReceipt(String),
    /// Another run is still marked running.
    #[error(
        "run {0} is still running or was interrupted: resume it (`embargo run --resume`) or abandon it (`embargo run --abandon`)"
    )]
    RunInProgress(i64),
    /// A change made on stale state, or one the status flow refuses.
    #[error("conflict: {why}")]
    Conflict {
        /// What conflicts.
        why: String,
        /// The alert as it is now.
        current: Box<Alert>,
    },
    /// A request the store refuses as given.
    #[error("{0}")]
    Invalid(String),
    /// A rule forbids this actor doing this.
    #[error("forbidden: {0}")]
    Forbidden(String),
}

impl Error {
    /// Whether another writer held the database longer than the busy
    /// timeout (worth retrying).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Error::Sql(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, Error>;

/// The store: a handle on the data directory's database.
pub struct Store {
    conn: Connection,
    dir: Option<PathBuf>,
}

impl Store {
    /// Begins a write transaction that takes the write lock at once.
    ///
    /// A deferred transaction that reads first and writes later cannot wait
    /// for the lock when another connection committed meanwhile: SQLite
    /// answers "database is locked" without consulting the busy timeout.
    /// Taking the lock up front makes concurrent writers queue instead.
    pub(crate) fn write_tx(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?)
    }

    /// The database file name inside the data directory.
    pub const FILE: &'static str = "embargo.db";

    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let conn = Connection::open(dir.join(Self::FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = Store {
            conn,
            dir: Some(dir.to_path_buf()),
        };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// A throw-away store in memory (tests).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn, dir: None })
    }

    /// The data directory, `None` for an in-memory store.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

/// Current UTC time in RFC 3339 with seconds.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
