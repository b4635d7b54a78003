//! Differences between two publications of the same list.

use embargo_model::{Entity, Properties};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An entity present in one publication only.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Schema name.
    pub schema: String,
    /// Programmes of its designations.
    pub programs: Vec<String>,
}

/// One changed property or designation field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// Property name, or `designation.<field>`.
    pub field: String,
    /// Values only in the old publication.
    pub removed: Vec<String>,
    /// Values only in the new publication.
    pub added: Vec<String>,
}

/// An entity present in both publications with different content.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    /// Entity id.
    pub id: String,
    /// Display name (new publication).
    pub caption: String,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

/// The differences between two publications.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Diff {
    /// Listed in the new publication only.
    pub added: Vec<Listed>,
    /// Listed in the old publication only (delisted).
    pub removed: Vec<Listed>,
    /// Listed in both, changed.
    pub changed: Vec<Changed>,
    /// Number listed in both and unchanged.
    pub unchanged: usize,
}

fn listed(e: &Entity) -> Listed {
    let mut programs: Vec<String> = e
        .designations
        .iter()
        .flat_map(|d| d.programs.iter().cloned())
        .collect();
    programs.dedup();
    Listed {
        id: e.id.clone(),
        caption: e.caption().to_string(),
        schema: e.schema.as_str().to_string(),
        programs,
    }
}

fn prop_changes(old: &Properties, new: &Properties, prefix: &str, out: &mut Vec<FieldChange>) {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for k in keys {
        let o: BTreeSet<&String> = old.get(k).into_iter().flatten().collect();
        let n: BTreeSet<&String> = new.get(k).into_iter().flatten().collect();
        if o != n {
            out.push(FieldChange {
                field: format!("{prefix}{k}"),
                removed: o.difference(&n).map(|s| s.to_string()).collect(),
                added: n.difference(&o).map(|s| s.to_string()).collect(),
            });
        }
    }
}

fn designation_fields(e: &Entity) -> Properties {
    let mut p = Properties::new();
    for d in &e.designations {
        let v = serde_json::to_value(d).unwrap_or_default();
        if let Some(obj) = v.as_object() {
            for (k, val) in obj {
                let text = match val {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                p.entry(k.clone()).or_default().push(text);
            }
        }
    }
    p
}

/// Compares two publications of a list entity by entity (by id).
pub fn diff(old: &[Entity], new: &[Entity]) -> Diff {
    let old_by: BTreeMap<&str, &Entity> = old.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by: BTreeMap<&str, &Entity> = new.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut d = Diff::default();
    for (id, n) in &new_by {
        match old_by.get(id) {
            None => d.added.push(listed(n)),
            Some(o) if *o == *n => d.unchanged += 1,
            Some(o) => {
                let mut changes = Vec::new();
                if o.schema != n.schema {
                    changes.push(FieldChange {
                        field: "schema".into(),
                        removed: vec![o.schema.to_string()],
                        added: vec![n.schema.to_string()],
                    });
                }
                prop_changes(&o.properties, &n.properties, "", &mut changes);
                prop_changes(
                    &designation_fields(o),
                    &designation_fields(n),
                    "designation.",
                    &mut changes,
                );
                if changes.is_empty() {
                    // Only the wording kept in `original` differs.
                    prop_changes(&o.original, &n.original, "original.", &mut changes);
                }
                d.changed.push(Changed {
                    id: id.to_string(),
                    caption: n.caption().to_string(),
                    changes,
                });
            }
        }
    }
    for (id, o) in &old_by {
        if !new_by.contains_key(id) {
            d.removed.push(listed(o));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use embargo_model::{Schema, prop};

    fn e(id: &str, name: &str) -> Entity {
        let mut e = Entity::new(id, Schema::Person);
        e.add(prop::NAME, name);
        e
    }

    #[test]
    fn added_removed_changed() {
        let old = [e("a", "A"), e("b", "B"), e("c", "C")];
        let new = [e("a", "A"), e("b", "B2"), e("d", "D")];
        let d = diff(&old, &new);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].id, "d");
        assert_eq!(d.removed[0].id, "c");
        assert_eq!(d.changed[0].id, "b");
        assert_eq!(d.changed[0].changes[0].field, "name");
        assert_eq!(d.changed[0].changes[0].added, ["B2"]);
    }
}
