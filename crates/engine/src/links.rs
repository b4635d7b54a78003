//! Links from national records to the UN records they implement.
//!
//! A UK, Japanese or Australian record that cites `UN Ref KPe.001` implements
//! the UN listing `un_sc:KPe.001`. A citation resolves when the active UN
//! snapshot has that reference; a truncated or mistyped one (`QDi.43`) is
//! not guessed at and stays unresolved, reported so a user can see it.

use embargo_model::{Entity, SourceKind, UnRef};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Citation statistics for one list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkStats {
    /// Records that cite at least one UN reference.
    pub citing: usize,
    /// Of these, records whose reference is in the UN list.
    pub resolved: usize,
    /// References that did not resolve, with the record citing them.
    pub unresolved: Vec<(String, String)>,
}

/// The UN id an entity links to, if its designations cite a reference that
/// exists in `un_refs`.
pub fn linked_un_ref<'a>(entity: &'a Entity, un_refs: &HashSet<&str>) -> Option<&'a UnRef> {
    entity
        .designations
        .iter()
        .filter_map(|d| d.un_reference.as_ref())
        .find(|r| un_refs.contains(r.as_str()))
}

/// The set of references in a UN publication.
pub fn un_reference_set(un: &[Entity]) -> HashSet<&str> {
    un.iter()
        .flat_map(|e| e.designations.iter())
        .filter(|d| d.source == SourceKind::UnSc)
        .map(|d| d.reference.as_str())
        .collect()
}

/// Counts, per non-UN list, how many citations of UN references resolve.
pub fn link_stats<'a>(
    un: &[Entity],
    lists: impl IntoIterator<Item = (SourceKind, &'a [Entity])>,
) -> BTreeMap<SourceKind, LinkStats> {
    let refs = un_reference_set(un);
    let mut out = BTreeMap::new();
    for (kind, entities) in lists {
        if kind == SourceKind::UnSc {
            continue;
        }
        let stats: &mut LinkStats = out.entry(kind).or_default();
        for e in entities {
            let cited: Vec<&UnRef> = e
                .designations
                .iter()
                .filter_map(|d| d.un_reference.as_ref())
                .collect();
            if cited.is_empty() {
                continue;
            }
            stats.citing += 1;
            if cited.iter().any(|r| refs.contains(r.as_str())) {
                stats.resolved += 1;
            } else {
                for r in cited {
                    stats.unresolved.push((e.id.clone(), r.to_string()));
                }
            }
        }
    }
    out
}
