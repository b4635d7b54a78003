//! Errors of the catalogue and profile loaders.
//!
//! Every error names the file and the item, so a bad edit of a data file or of
//! a user's profile file says exactly what to fix.

use std::path::PathBuf;

/// Why a catalogue or profile file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key, a missing key or a value of the wrong
    /// type (the message names the key and the line).
    #[error("{file}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// Two items of one kind share an id.
    #[error("{file}: duplicate {kind} `{id}`")]
    Duplicate {
        /// The file.
        file: String,
        /// What kind of item (regime, instrument, profile, programme key...).
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// An item refers to an id that does not exist.
    #[error("{file}: {kind} `{item}`: {field} refers to unknown {target_kind} `{target}`")]
    Dangling {
        /// The file.
        file: String,
        /// Kind of the referring item.
        kind: &'static str,
        /// Id of the referring item.
        item: String,
        /// The field holding the reference.
        field: &'static str,
        /// Kind of the missing item.
        target_kind: &'static str,
        /// The missing id.
        target: String,
    },
    /// An item breaks a rule of the format (see the data file's header).
    #[error("{file}: {kind} `{item}`: {problem}")]
    Invalid {
        /// The file.
        file: String,
        /// Kind of the item.
        kind: &'static str,
        /// Id of the item.
        item: String,
        /// What is wrong.
        problem: String,
    },
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
