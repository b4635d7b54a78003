//! Finding listed entities that a query may be.
//!
//! - [`Query`]: what the user asks about (names, schema, birth dates,
//!   countries, identifiers), built from FtM properties.
//! - [`Index`]: built in memory from the entities of the active snapshots.
//!   It holds every name of every entity as analysed tokens, and postings
//!   from tokens, variant keys (Korean romanisations, cross-script name
//!   variants, phonetic codes) and one-edit deletions to names, so candidate
//!   generation never scans the whole list.
//! - [`score`]: compares a query with one entity, feature by feature, into a
//!   score in `[0, 1]` with an [`Explanation`] per feature, every constant
//!   of it in [`Weights`] (the index holds one).
//! - [`Index::search`]: candidates → scores → the best hits, ordered by score
//!   then id. [`Index::search_exhaustive`] scores every entity and is the
//!   reference the candidate generation is measured against.
#![warn(missing_docs)]

mod index;
mod korean;
mod query;
pub mod score;
mod similarity;
mod tok;
pub mod weights;

pub use index::{Hit, Index, SearchOptions, prints};
pub use query::{Query, QueryError};
pub use score::{Explanation, Scored};
pub use weights::Weights;

/// The default `match` threshold, chosen on the evaluation sets (see
/// README, "Matching quality").
pub const DEFAULT_THRESHOLD: f32 = 0.80;
/// The default cut-off below which results are not returned.
pub const DEFAULT_CUTOFF: f32 = 0.50;
