use crate::{SourceKind, UnRef};
use serde::{Deserialize, Serialize};

/// One listing of an entity by one authority.
///
/// The same target listed by the UN, OFAC and the UK has three designations;
/// national records that implement a UN listing name it in `un_reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Designation {
    /// The list it comes from.
    pub source: SourceKind,
    /// The designating authority, e.g. "UN Security Council".
    pub authority: String,
    /// The authority's own reference, e.g. `KPi.033` or OFAC ent_num `9345`.
    pub reference: String,
    /// Regime or programme codes as the list writes them: UN list type
    /// (`DPRK`), OFAC programme tags (`NPWMD`, `DPRK2`), UK regime name...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// Date listed, ISO `YYYY-MM-DD` when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// Date of the last update of the record, when the list gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// UN reference number this record cites (national implementations of UN
    /// listings) or carries (UN records themselves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un_reference: Option<UnRef>,
    /// Sub-list or category inside the source (e.g. OFAC non-SDN list name,
    /// CSL source list, Japan MOF sheet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Remarks of the authority about this designation, such as OFAC's
    /// "Secondary sanctions risk" notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Designation {
    /// A designation with the source's default authority and no details.
    pub fn new(source: SourceKind, reference: impl Into<String>) -> Designation {
        Designation {
            source,
            authority: source.authority().to_string(),
            reference: reference.into().trim().to_string(),
            programs: Vec::new(),
            listed_on: None,
            last_updated: None,
            un_reference: None,
            list: None,
            notes: Vec::new(),
        }
    }

    /// True when OFAC flagged secondary sanctions risk for this designation.
    pub fn secondary_sanctions_risk(&self) -> bool {
        self.notes
            .iter()
            .any(|n| n.to_ascii_lowercase().contains("secondary sanctions risk"))
    }
}
