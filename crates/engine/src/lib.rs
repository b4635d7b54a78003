//! embargo's engine: the one API the command line and the server call.
//!
//! - [`import`]: read official list files, parse them, store them as a
//!   snapshot (by SHA-256), make it active; a failed parse leaves the previous
//!   snapshot active.
//! - [`bundled`]: the UN Consolidated List shipped inside embargo, used when
//!   no UN snapshot was imported, so a fresh install screens out of the box.
//! - [`links`]: national records that cite a UN reference number, linked to
//!   the UN record they implement.
//! - [`diff`]: what changed between two publications of a list.
#![warn(missing_docs)]

pub mod bundled;
pub mod diff;
pub mod eval;
pub mod import;
pub mod links;
pub mod screen;
pub mod shipments;

pub use embargo_matching as matching;
pub use embargo_model as model;
pub use embargo_regimes as regimes;
pub use embargo_sources as sources;
pub use embargo_store as store;
pub use embargo_trade as trade;

use std::path::{Path, PathBuf};

pub use embargo_sources::util::shared_dir;

/// Errors of the engine.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A list file could not be parsed; nothing was imported.
    #[error("import failed, nothing was changed: {0}")]
    Parse(#[from] embargo_sources::ParseError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] embargo_store::Error),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// An entity id that is in no active snapshot.
    #[error("no entity `{0}` in the active snapshots")]
    NoEntity(String),
    /// Two snapshots of different lists were compared.
    #[error(
        "cannot compare snapshot {a} ({a_source}) with snapshot {b} ({b_source}): different lists"
    )]
    DifferentLists {
        /// First snapshot.
        a: i64,
        /// Its list.
        a_source: String,
        /// Second snapshot.
        b: i64,
        /// Its list.
        b_source: String,
    },
}

/// Result of engine operations.
pub type Result<T> = std::result::Result<T, Error>;

/// The data directory: `explicit` if given (the `--data-dir` flag or the
/// `EMBARGO_DATA` variable, resolved by the caller), else the user's data
/// directory (`$XDG_DATA_HOME/embargo`, `~/.local/share/embargo` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("embargo")
}

/// Reads a file, naming it in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
