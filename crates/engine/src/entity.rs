//! One listed entity as `embargo show` and `GET /v1/entities/{id}` print it:
//! the record, the list it comes from, the records linked to it through UN
//! references (both ways), and every designation with its legal basis and
//! its class under a profile.

use crate::links::{linked_un_ref, un_reference_set};
use crate::profiles::{Class, Profile};
use crate::screen::{DesignationOut, LoadedList, Screener, classify_designations};
use crate::{Error, Result};
use embargo_model::{Designation, Entity, SourceKind};
use serde::{Deserialize, Serialize};

/// How a linked record relates to the entity shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The entity shown is a national record implementing this UN record.
    Implements,
    /// This national record implements the UN record shown.
    ImplementedBy,
}

/// A record linked to the entity shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkedRecord {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Schema.
    pub schema: String,
    /// Its list.
    pub source: SourceKind,
    /// How it relates to the entity shown.
    pub relation: Relation,
}

/// One entity with its links and classified designations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityView {
    /// The record, in the FtM shape.
    pub entity: Entity,
    /// The publication it comes from.
    pub list: Option<LoadedList>,
    /// The profile the designations are classified under.
    pub profile: String,
    /// The strongest class among the designations.
    pub classification: Class,
    /// The entity's designations, then those of its linked records
    /// (`entity` says whose), classified together as screening does.
    pub designations: Vec<DesignationOut>,
    /// Records linked through UN references.
    pub linked: Vec<LinkedRecord>,
}

fn source_of(id: &str) -> Option<SourceKind> {
    id.split(':').next().and_then(|s| s.parse().ok())
}

/// Builds the view of `id` among `entities` (the active lists).
pub(crate) fn entity_view(
    entities: &[Entity],
    lists: &[LoadedList],
    id: &str,
    profile: &Profile,
) -> Result<EntityView> {
    let entity = entities
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Error::NoEntity(id.to_string()))?;
    let source = source_of(id);
    let refs = un_reference_set(entities);
    let mut linked: Vec<(&Entity, SourceKind, Relation)> = Vec::new();
    if source == Some(SourceKind::UnSc) {
        let mine = entity.designations.first().map(|d| d.reference.as_str());
        for e in entities {
            if let Some(s) = source_of(&e.id).filter(|s| *s != SourceKind::UnSc)
                && linked_un_ref(e, &refs).is_some_and(|r| Some(r.as_str()) == mine)
            {
                linked.push((e, s, Relation::ImplementedBy));
            }
        }
    } else if let Some(r) = linked_un_ref(entity, &refs)
        && let Some(u) = entities.iter().find(|u| {
            u.designations
                .iter()
                .any(|d| d.source == SourceKind::UnSc && d.reference == r.as_str())
        })
    {
        linked.push((u, SourceKind::UnSc, Relation::Implements));
    }
    let all: Vec<(&Entity, &Designation)> = std::iter::once(entity)
        .chain(linked.iter().map(|(e, _, _)| *e))
        .flat_map(|e| e.designations.iter().map(move |d| (e, d)))
        .collect();
    let classified = classify_designations(&all, profile);
    Ok(EntityView {
        entity: entity.clone(),
        list: lists.iter().find(|l| Some(l.source) == source).cloned(),
        profile: profile.id.clone(),
        classification: classified.strongest,
        designations: classified.designations,
        linked: linked
            .into_iter()
            .map(|(e, source, relation)| LinkedRecord {
                id: e.id.clone(),
                caption: e.caption().to_string(),
                schema: e.schema.to_string(),
                source,
                relation,
            })
            .collect(),
    })
}

impl Screener {
    /// The view of one loaded entity under a profile.
    pub fn entity_view(&self, id: &str, profile: &Profile) -> Result<EntityView> {
        entity_view(self.index().entities(), self.lists(), id, profile)
    }
}
