use crate::{Designation, Schema, SourceKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// FtM properties: property name → values, in insertion order without
/// duplicates.
pub type Properties = BTreeMap<String, Vec<String>>;

/// A listed person, organisation, vessel or aircraft.
///
/// Serialises in FollowTheMoney shape, `{"id", "schema", "properties"}`, plus
/// a `designations` array. Property values keep the list's own text (trimmed);
/// only dates and countries are normalised (ISO), and when that changed the
/// text, the list's wording is kept under `original`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id: `<source>:<authority reference>`, e.g. `un_sc:KPi.033`.
    pub id: String,
    /// What kind of thing this is.
    pub schema: Schema,
    /// FtM-named properties.
    pub properties: Properties,
    /// The listings of this entity.
    #[serde(default)]
    pub designations: Vec<Designation>,
    /// The list's original wording of values that were normalised (dates,
    /// countries), keyed by property.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub original: Properties,
}

impl Entity {
    /// An empty entity.
    pub fn new(id: impl Into<String>, schema: Schema) -> Entity {
        Entity {
            id: id.into(),
            schema,
            properties: Properties::new(),
            designations: Vec::new(),
            original: Properties::new(),
        }
    }

    /// The id embargo gives a record of `source` with the authority's
    /// reference `reference`.
    pub fn make_id(source: SourceKind, reference: &str) -> String {
        format!("{}:{}", source.as_str(), reference.trim())
    }

    /// Adds a value: trimmed, internal whitespace runs collapsed, empty
    /// values and duplicates ignored. Returns whether it was added.
    pub fn add(&mut self, prop: &str, value: &str) -> bool {
        let v = clean(value);
        if v.is_empty() {
            return false;
        }
        let vals = self.properties.entry(prop.to_string()).or_default();
        if vals.contains(&v) {
            return false;
        }
        vals.push(v);
        true
    }

    /// Adds a normalised value and remembers the list's wording when it
    /// differs (e.g. `birthDate` `1964-07-17` from `17 Jul. 1964`).
    pub fn add_normalised(&mut self, prop: &str, value: &str, original: &str) {
        if self.add(prop, value) {
            let o = clean(original);
            if !o.is_empty() && o != clean(value) {
                let vals = self.original.entry(prop.to_string()).or_default();
                if !vals.contains(&o) {
                    vals.push(o);
                }
            }
        }
    }

    /// Adds every value.
    pub fn add_all<'a>(&mut self, prop: &str, values: impl IntoIterator<Item = &'a str>) {
        for v in values {
            self.add(prop, v);
        }
    }

    /// The values of a property (empty when absent).
    pub fn get(&self, prop: &str) -> &[String] {
        self.properties.get(prop).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The first value of a property.
    pub fn first(&self, prop: &str) -> Option<&str> {
        self.get(prop).first().map(String::as_str)
    }

    /// Whether the property has any value.
    pub fn has(&self, prop: &str) -> bool {
        !self.get(prop).is_empty()
    }

    /// The display name: first `name`, else the first alias, else the id.
    pub fn caption(&self) -> &str {
        crate::prop::NAME_PROPS
            .iter()
            .find_map(|p| self.first(p))
            .unwrap_or(&self.id)
    }

    /// All names: `name`, `alias`, `previousName`, `weakAlias`, in that order.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, &str)> {
        crate::prop::NAME_PROPS
            .iter()
            .flat_map(move |p| self.get(p).iter().map(move |v| (*p, v.as_str())))
    }

    /// Removes from weaker name properties the names already present in
    /// stronger ones, so each name appears once with its strongest role.
    pub fn dedupe_names(&mut self) {
        let mut seen: Vec<String> = Vec::new();
        for p in crate::prop::NAME_PROPS {
            if let Some(vals) = self.properties.get_mut(p) {
                vals.retain(|v| {
                    let key = v.to_lowercase();
                    if seen.contains(&key) {
                        false
                    } else {
                        seen.push(key);
                        true
                    }
                });
                if vals.is_empty() {
                    self.properties.remove(p);
                }
            }
        }
    }
}

/// Trims and collapses whitespace (including no-break spaces and newlines).
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{feff}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prop;

    #[test]
    fn add_cleans_and_dedupes() {
        let mut e = Entity::new("x", Schema::Person);
        assert!(e.add(prop::NAME, "  RI\n WON  HO "));
        assert!(!e.add(prop::NAME, "RI WON HO"));
        assert!(!e.add(prop::ALIAS, "   "));
        assert_eq!(e.get(prop::NAME), ["RI WON HO"]);
        assert!(!e.has(prop::ALIAS));
    }

    #[test]
    fn keeps_original_of_normalised_values() {
        let mut e = Entity::new("x", Schema::Person);
        e.add_normalised(prop::BIRTH_DATE, "1964-07-17", "17 Jul. 1964");
        e.add_normalised(prop::BIRTH_DATE, "1965", "1965");
        assert_eq!(e.get(prop::BIRTH_DATE), ["1964-07-17", "1965"]);
        assert_eq!(e.original[prop::BIRTH_DATE], ["17 Jul. 1964"]);
    }

    #[test]
    fn serialises_in_ftm_shape() {
        let mut e = Entity::new("un_sc:KPi.033", Schema::Person);
        e.add(prop::NAME, "RI WON HO");
        let v = serde_json::to_value(&e).expect("serialise");
        assert_eq!(v["schema"], "Person");
        assert_eq!(v["properties"]["name"][0], "RI WON HO");
        assert!(v["designations"].is_array());
        assert!(v.get("original").is_none());
        let back: Entity = serde_json::from_value(v).expect("deserialise");
        assert_eq!(back, e);
    }

    #[test]
    fn dedupe_keeps_strongest_role() {
        let mut e = Entity::new("x", Schema::Person);
        e.add(prop::NAME, "Foo Bar");
        e.add(prop::ALIAS, "FOO BAR");
        e.add(prop::WEAK_ALIAS, "Baz");
        e.dedupe_names();
        assert!(!e.has(prop::ALIAS));
        assert_eq!(e.get(prop::WEAK_ALIAS), ["Baz"]);
    }
}
