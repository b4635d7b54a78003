//! The engine's errors, and the kind of each for front ends that map them
//! to statuses (HTTP) or messages (CLI).

use embargo_model::SourceKind;
use std::path::PathBuf;

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
    /// Two publications of different lists were compared.
    #[error("cannot compare {old} ({old_source}) with {new} ({new_source}): different lists")]
    DifferentLists {
        /// First publication.
        old: String,
        /// Its list.
        old_source: SourceKind,
        /// Second publication.
        new: String,
        /// Its list.
        new_source: SourceKind,
    },
    /// A publication argument that is neither a snapshot id nor a file.
    #[error("`{0}` is neither a snapshot id nor an existing file")]
    NotAPublication(String),
    /// A list file given without its kind.
    #[error("`{0}` is a file: say which list it is (e.g. --kind un_sc)")]
    KindNeeded(String),
    /// A `KIND:PATH` list argument that is not one.
    #[error("expected KIND:PATH (e.g. un_sc:consolidated.xml), got `{0}`")]
    BadListSpec(String),
    /// An unknown list kind.
    #[error("{0}")]
    BadKind(String),
    /// A profile id that is not defined.
    #[error("unknown profile `{id}` (available: {})", known.join(", "))]
    UnknownProfile {
        /// The id given.
        id: String,
        /// The ids defined.
        known: Vec<String>,
    },
    /// A user's profiles file is wrong.
    #[error(transparent)]
    Profiles(#[from] embargo_regimes::Error),
    /// A profile's `trade_regimes` do not fit the goods-measures catalogue.
    #[error("{file}: {source}")]
    ProfileTrade {
        /// The profiles file.
        file: String,
        /// What is wrong (which profile, which regime, the known regimes).
        source: embargo_trade::CheckError,
    },
    /// A regime id or topic that is not in the catalogue.
    #[error("no regime or topic `{0}` (see `embargo regimes`)")]
    UnknownRegime(String),
    /// A query that cannot be screened.
    #[error(transparent)]
    Query(#[from] embargo_matching::QueryError),
    /// A date that is not one.
    #[error("`{0}` is not a date (expected YYYY-MM-DD, or YYYY-MM for a month)")]
    BadDate(String),
    /// The goods-measures catalogue is unusable.
    #[error("goods-measures catalogue: {0}")]
    Measures(String),
    /// A shipment document is wrong.
    #[error("{}: {}", .0.field, .0.problem)]
    Shipment(#[from] embargo_trade::ShipmentError),
    /// A shipment could not be checked.
    #[error(transparent)]
    Check(embargo_trade::CheckError),
    /// The caps ledger refused or failed.
    #[error(transparent)]
    Ledger(#[from] embargo_trade::LedgerError),
    /// A register file with bad rows; nothing was imported.
    #[error("{path}: {} bad row(s), nothing was imported (--skip-invalid imports the good rows):\n{}", problems.len(), problems_text(problems))]
    BadRegister {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<crate::monitor::RowProblem>,
    },
    /// An input the engine refuses as given.
    #[error("{message}")]
    Invalid {
        /// What is wrong.
        message: String,
        /// The field, when known.
        at: Option<String>,
    },
    /// The customer id is not in the register.
    #[error("no customer `{0}` in the register")]
    NoCustomer(String),
    /// The lists changed since an interrupted run started.
    #[error(
        "run {run} cannot resume: the active lists changed since it started ({why}); abandon it with `embargo run --abandon` and start a new run"
    )]
    ListsChanged {
        /// The run.
        run: i64,
        /// What changed.
        why: String,
    },
    /// No interrupted run to resume.
    #[error("no interrupted run to resume")]
    NothingToResume,
    /// A screening's receipt could not be stored, so its answer is withheld.
    #[error("the screening receipt could not be stored: {0}")]
    Receipt(String),
    /// The store stayed locked by another writer (a long import).
    #[error("the store is busy with another write (e.g. a register import); try again: {0}")]
    Busy(String),
}

/// How a front end shows a list of row problems.
fn problems_text(problems: &[crate::monitor::RowProblem]) -> String {
    let mut s: Vec<String> = problems.iter().take(20).map(|p| format!("  {p}")).collect();
    if problems.len() > 20 {
        s.push(format!("  ... and {} more", problems.len() - 20));
    }
    s.join("\n")
}

impl From<embargo_trade::CheckError> for Error {
    fn from(e: embargo_trade::CheckError) -> Self {
        match e {
            embargo_trade::CheckError::Ledger(l) => Error::Ledger(l),
            other => Error::Check(other),
        }
    }
}

/// What kind of failure an [`Error`] is, for front ends choosing a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The thing asked for does not exist (HTTP 404).
    NotFound,
    /// The input is wrong; `at` names the field when known (HTTP 422).
    Invalid {
        /// The field, e.g. `properties.birthDate`, `unit`, `profile`.
        at: Option<String>,
    },
    /// The request conflicts with the current state (HTTP 409).
    Conflict,
    /// A rule forbids this actor doing this (HTTP 403).
    Forbidden,
    /// The store is held by a long write (an import); try again (HTTP 503).
    Busy,
    /// The engine or its storage failed (HTTP 500).
    Internal,
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        use embargo_matching::QueryError as Q;
        use embargo_trade::LedgerError as L;
        let invalid = |at: &str| ErrorKind::Invalid {
            at: (!at.is_empty()).then(|| at.to_string()),
        };
        match self {
            Error::NoEntity(_) | Error::UnknownRegime(_) => ErrorKind::NotFound,
            Error::Ledger(L::UnknownCap { .. }) => ErrorKind::NotFound,
            Error::Ledger(L::UnitNotConvertible { .. }) => invalid("unit"),
            Error::Ledger(L::CurrencyNotConvertible { .. }) => invalid("currency"),
            Error::Ledger(L::OutsidePeriods { .. }) => invalid("date"),
            Error::Ledger(L::BadAmount { field, .. }) | Error::Ledger(L::Missing { field, .. }) => {
                invalid(field)
            }
            Error::Ledger(_) => ErrorKind::Internal,
            Error::Query(q) => invalid(match q {
                Q::Empty => "properties.name",
                Q::BadDate(_) => "properties.birthDate",
                Q::BadCountry(_) => "properties",
                Q::BadSchema(_) => "schema",
                _ => "",
            }),
            Error::UnknownProfile { .. } | Error::Check(_) => invalid("profile"),
            Error::Shipment(s) => invalid(&s.field),
            Error::BadDate(_) => invalid("date"),
            Error::DifferentLists { .. }
            | Error::NotAPublication(_)
            | Error::KindNeeded(_)
            | Error::BadListSpec(_)
            | Error::BadKind(_)
            | Error::Profiles(_)
            | Error::ProfileTrade { .. }
            | Error::Parse(_) => invalid(""),
            Error::BadRegister { .. } => invalid("register"),
            Error::Invalid { at, .. } => invalid(at.as_deref().unwrap_or("")),
            Error::NoCustomer(_)
            | Error::Store(embargo_store::Error::NoAlert(_))
            | Error::Store(embargo_store::Error::NoRun(_))
            | Error::Store(embargo_store::Error::NoReceipt(_))
            | Error::Store(embargo_store::Error::NoSnapshot(_)) => ErrorKind::NotFound,
            Error::Store(embargo_store::Error::Conflict { .. })
            | Error::Store(embargo_store::Error::RunInProgress(_))
            | Error::ListsChanged { .. }
            | Error::NothingToResume => ErrorKind::Conflict,
            Error::Store(embargo_store::Error::Forbidden(_)) => ErrorKind::Forbidden,
            Error::Busy(_) => ErrorKind::Busy,
            Error::Store(e) if e.is_busy() => ErrorKind::Busy,
            Error::Store(embargo_store::Error::Invalid(_)) => invalid(""),
            Error::Store(_) | Error::Io { .. } | Error::Measures(_) | Error::Receipt(_) => {
                ErrorKind::Internal
            }
        }
    }
}

/// Result of engine operations.
pub type Result<T> = std::result::Result<T, Error>;
