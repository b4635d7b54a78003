//! embargo's engine: the one API the command line, the server and the
//! bindings call. Every operation a front end offers is one call here, and
//! every output type is built here; front ends parse arguments and print or
//! serialise what they get back.
//!
//! - [`library`]: the data directory — import list files as snapshots
//!   (a failed parse leaves the previous snapshot active), list them, diff
//!   two publications, show one entity, build the screener, the caps ledger.
//! - [`screen`] and [`batch`]: screening one query or a batch under a
//!   jurisdiction profile ([`profiles`]), with an explanation per score.
//! - [`entity`]: one entity with its links and classified designations.
//! - [`shipments`]: shipment checks against goods measures and caps, with
//!   party and vessel screening; cap reports and utilisation.
//! - [`regimes`]: the legal frameworks behind the lists.
//! - [`eval`]: matching quality on labelled data.
//! - [`links`]: national records that cite a UN reference number, linked to
//!   the UN record they implement; [`diff`]: what changed between two
//!   publications of a list. The UN Consolidated List is shipped inside
//!   embargo and imported when no UN list was, so a fresh install screens
//!   out of the box.
#![warn(missing_docs)]

pub mod batch;
mod bundled;
pub mod diff;
pub mod entity;
mod error;
pub mod eval;
pub mod generate;
mod import;
pub mod library;
pub mod links;
pub mod monitor;
pub mod profiles;
pub mod receipts;
pub mod regimes;
pub mod screen;
pub mod shipments;

pub use error::{Error, ErrorKind, Result};

/// A threshold or cutoff as the decimal it was written as (0.8, not the
/// f32's 0.800000011920929), for outputs and records.
pub fn decimal(x: f32) -> f64 {
    (f64::from(x) * 1e6).round() / 1e6
}
pub use library::Library;
pub use screen::{ScreenOptions, Screener};

/// The listed-entity model (FollowTheMoney-compatible) the outputs carry.
pub use embargo_model::{Entity, Schema, SourceKind, prop};

/// Queries and search options, as the matcher takes them.
pub use embargo_matching::{
    DEFAULT_CUTOFF, DEFAULT_THRESHOLD, Explanation, Query, QueryError, SearchOptions,
};

use std::path::{Path, PathBuf};

pub use embargo_sources::util::shared_dir;

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

/// Parses a `KIND:PATH` list argument (`un_sc:consolidated.xml`).
pub fn parse_list_spec(spec: &str) -> Result<(SourceKind, PathBuf)> {
    let Some((kind, path)) = spec.split_once(':') else {
        return Err(Error::BadListSpec(spec.to_string()));
    };
    let kind = kind.parse().map_err(|e| Error::BadKind(format!("{e}")))?;
    Ok((kind, PathBuf::from(path)))
}
