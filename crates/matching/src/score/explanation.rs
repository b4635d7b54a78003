//! What scoring gives out: a score with one explanation per feature.

use serde::{Deserialize, Serialize};

/// One feature's contribution, shown to users and auditors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Feature name: `name`, `birthDate`, `country`, `gender`, `identifier`, `schema`.
    pub feature: String,
    /// The feature's own score in `[0, 1]` (for adjustments: 1 = agrees, 0 = conflicts).
    pub score: f32,
    /// How much it moved the total score (signed), or the base for `name`.
    pub effect: f32,
    /// The query value compared.
    pub query: String,
    /// The candidate value compared.
    pub candidate: String,
    /// Human-readable detail (e.g. token pairs and why they match).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// Total score in `[0, 1]`.
    pub score: f32,
    /// The candidate name that matched best.
    pub matched_name: String,
    /// Its position among the names scored (`None` without any name evidence).
    #[serde(skip)]
    pub matched_position: Option<usize>,
    /// Per-feature explanations, name first.
    pub explanations: Vec<Explanation>,
}
