//! Snapshots: imported publications of a list and their entities.

use crate::{Error, Result, Store, now};
use embargo_model::{Entity, Schema, SourceKind};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// Entity counts of a snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// All entities.
    pub entities: usize,
    /// Persons.
    pub persons: usize,
    /// Organisations, companies and other legal entities.
    pub organizations: usize,
    /// Vessels.
    pub vessels: usize,
    /// Aircraft.
    pub aircraft: usize,
    /// Entities that cite a UN reference number.
    pub with_un_reference: usize,
    /// Raw records read from the file(s) (rows, elements) before grouping.
    pub records: usize,
}

impl Counts {
    /// Counts the given entities.
    pub fn of(entities: &[Entity], records: usize) -> Counts {
        let mut c = Counts {
            entities: entities.len(),
            records,
            ..Counts::default()
        };
        for e in entities {
            match e.schema {
                Schema::Person => c.persons += 1,
                Schema::Vessel => c.vessels += 1,
                Schema::Airplane => c.aircraft += 1,
                Schema::Organization | Schema::Company | Schema::LegalEntity => {
                    c.organizations += 1
                }
            }
            if e.designations.iter().any(|d| d.un_reference.is_some()) {
                c.with_un_reference += 1;
            }
        }
        c
    }
}

/// One file of a snapshot.
#[derive(Debug, Clone)]
pub struct SnapshotFile {
    /// File name as imported.
    pub name: String,
    /// SHA-256 of the raw bytes, hex.
    pub sha256: String,
    /// Raw bytes.
    pub bytes: Vec<u8>,
}

/// A snapshot to store.
#[derive(Debug)]
pub struct NewSnapshot<'a> {
    /// The list.
    pub source: SourceKind,
    /// Identity of the publication: the file's SHA-256 (or, for several
    /// files, the SHA-256 of their hashes in order).
    pub sha256: String,
    /// `file` for a user import, `bundled` for the default shipped with embargo.
    pub origin: &'a str,
    /// Who imported it (for the audit trail).
    pub actor: &'a str,
    /// The list's own publication date.
    pub published: Option<String>,
    /// The raw files.
    pub files: Vec<SnapshotFile>,
    /// Parsed entities.
    pub entities: &'a [Entity],
    /// Raw records read.
    pub records: usize,
}

/// A stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    /// Store-local id.
    pub id: i64,
    /// The list.
    pub source: SourceKind,
    /// SHA-256 identity (see [`NewSnapshot::sha256`]).
    pub sha256: String,
    /// `file` or `bundled`.
    pub origin: String,
    /// The list's own publication date.
    pub published: Option<String>,
    /// When it was imported (UTC, RFC 3339).
    pub imported_at: String,
    /// Counts.
    pub counts: Counts,
    /// Whether it is the active snapshot of its list.
    pub active: bool,
    /// File names.
    pub files: Vec<String>,
}

const SNAP_COLS: &str = "id, source, sha256, origin, published, imported_at, counts, active";

impl Store {
    fn read_snapshot(&self, row: &rusqlite::Row<'_>) -> rusqlite::Result<(SnapshotInfo, String)> {
        let source: String = row.get(1)?;
        let source = source.parse::<SourceKind>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let counts: String = row.get(6)?;
        Ok((
            SnapshotInfo {
                id: row.get(0)?,
                source,
                sha256: row.get(2)?,
                origin: row.get(3)?,
                published: row.get(4)?,
                imported_at: row.get(5)?,
                counts: Counts::default(),
                active: row.get::<_, i64>(7)? != 0,
                files: Vec::new(),
            },
            counts,
        ))
    }

    fn finish(&self, (mut info, counts): (SnapshotInfo, String)) -> Result<SnapshotInfo> {
        info.counts = serde_json::from_str(&counts).map_err(|source| Error::Corrupt {
            what: format!("counts of snapshot {}", info.id),
            source,
        })?;
        let mut st = self.conn.prepare_cached(
            "SELECT name FROM snapshot_files WHERE snapshot_id = ?1 ORDER BY rowid",
        )?;
        info.files = st
            .query_map([info.id], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(info)
    }

    fn query_snapshots(
        &self,
        sql_where: &str,
        p: impl rusqlite::Params,
    ) -> Result<Vec<SnapshotInfo>> {
        let sql = format!("SELECT {SNAP_COLS} FROM snapshots {sql_where}");
        let mut st = self.conn.prepare(&sql)?;
        let raw: Vec<_> = st
            .query_map(p, |r| self.read_snapshot(r))?
            .collect::<std::result::Result<_, _>>()?;
        raw.into_iter().map(|r| self.finish(r)).collect()
    }

    /// All snapshots, optionally of one list, oldest first.
    pub fn snapshots(&self, source: Option<SourceKind>) -> Result<Vec<SnapshotInfo>> {
        match source {
            Some(s) => self.query_snapshots("WHERE source = ?1 ORDER BY id", [s.as_str()]),
            None => self.query_snapshots("ORDER BY id", []),
        }
    }

    /// The active snapshot of each list.
    pub fn active_snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        self.query_snapshots("WHERE active = 1 ORDER BY source", [])
    }

    /// One snapshot by id.
    pub fn snapshot(&self, id: i64) -> Result<SnapshotInfo> {
        self.query_snapshots("WHERE id = ?1", [id])?
            .pop()
            .ok_or(Error::NoSnapshot(id))
    }

    /// The snapshot of `source` with this identity, if it was imported before.
    pub fn find_snapshot(&self, source: SourceKind, sha256: &str) -> Result<Option<SnapshotInfo>> {
        Ok(self
            .query_snapshots(
                "WHERE source = ?1 AND sha256 = ?2",
                [source.as_str(), sha256],
            )?
            .pop())
    }

    /// Stores a snapshot and makes it the active one of its list, in one
    /// transaction.
    pub fn insert_snapshot(&mut self, new: NewSnapshot<'_>) -> Result<SnapshotInfo> {
        let counts = Counts::of(new.entities, new.records);
        let counts_json = serde_json::to_string(&counts).map_err(|source| Error::Corrupt {
            what: "counts".into(),
            source,
        })?;
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE snapshots SET active = 0 WHERE source = ?1",
            [new.source.as_str()],
        )?;
        tx.execute(
            "INSERT INTO snapshots (source, sha256, origin, published, imported_at, counts, active)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
            params![
                new.source.as_str(),
                new.sha256,
                new.origin,
                new.published,
                now(),
                counts_json
            ],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut st = tx.prepare(
                "INSERT INTO snapshot_files (snapshot_id, name, sha256, size, gz) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for f in &new.files {
                st.execute(params![
                    id,
                    f.name,
                    f.sha256,
                    f.bytes.len() as i64,
                    gzip(&f.bytes)
                ])?;
            }
            let mut st = tx.prepare(
                "INSERT INTO entities (snapshot_id, entity_id, schema, json) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for e in new.entities {
                let json = serde_json::to_string(e).map_err(|source| Error::Corrupt {
                    what: format!("entity {}", e.id),
                    source,
                })?;
                st.execute(params![id, e.id, e.schema.as_str(), json])?;
            }
        }
        crate::audit::append(
            &tx,
            crate::audit::AuditEntry::new(new.actor, "list.import", format!("snapshot:{id}")).after(
                serde_json::json!({"snapshot": id, "source": new.source.as_str(), "sha256": new.sha256,
                    "origin": new.origin, "published": new.published, "counts": counts}),
            ),
        )?;
        tx.commit()?;
        self.snapshot(id)
    }

    /// Makes an existing snapshot the active one of its list.
    pub fn activate(&mut self, id: i64, actor: &str) -> Result<SnapshotInfo> {
        let info = self.snapshot(id)?;
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE snapshots SET active = (id = ?1) WHERE source = ?2",
            params![id, info.source.as_str()],
        )?;
        crate::audit::append(
            &tx,
            crate::audit::AuditEntry::new(actor, "list.activate", format!("snapshot:{id}"))
                .after(serde_json::json!({"snapshot": id, "source": info.source.as_str(), "sha256": info.sha256})),
        )?;
        tx.commit()?;
        self.snapshot(id)
    }

    /// All entities of a snapshot, in id order.
    pub fn entities(&self, snapshot_id: i64) -> Result<Vec<Entity>> {
        let mut st = self.conn.prepare_cached(
            "SELECT json FROM entities WHERE snapshot_id = ?1 ORDER BY entity_id",
        )?;
        let mut rows = st.query([snapshot_id])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let text = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            out.push(serde_json::from_str(text).map_err(|source| Error::Corrupt {
                what: format!("an entity of snapshot {snapshot_id}"),
                source,
            })?);
        }
        Ok(out)
    }

    /// One entity of a snapshot.
    pub fn entity(&self, snapshot_id: i64, entity_id: &str) -> Result<Option<Entity>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM entities WHERE snapshot_id = ?1 AND entity_id = ?2",
                params![snapshot_id, entity_id],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|source| Error::Corrupt {
                what: format!("entity {entity_id}"),
                source,
            })
        })
        .transpose()
    }

    /// The raw files of a snapshot, decompressed.
    pub fn snapshot_files(&self, snapshot_id: i64) -> Result<Vec<SnapshotFile>> {
        let mut st = self.conn.prepare(
            "SELECT name, sha256, gz FROM snapshot_files WHERE snapshot_id = ?1 ORDER BY rowid",
        )?;
        let rows: Vec<(String, String, Vec<u8>)> = st
            .query_map([snapshot_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(name, sha256, gz)| {
                let mut bytes = Vec::new();
                flate2::read::GzDecoder::new(gz.as_slice())
                    .read_to_end(&mut bytes)
                    .map_err(|source| Error::Io {
                        path: format!("<snapshot {snapshot_id} file {name}>").into(),
                        source,
                    })?;
                Ok(SnapshotFile {
                    name,
                    sha256,
                    bytes,
                })
            })
            .collect()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use embargo_model::{Designation, prop};

    fn entity(id: &str) -> Entity {
        let mut e = Entity::new(id, Schema::Person);
        e.add(prop::NAME, id);
        e.designations.push(Designation::new(SourceKind::UnSc, id));
        e
    }

    fn snap<'a>(sha: &str, entities: &'a [Entity]) -> NewSnapshot<'a> {
        NewSnapshot {
            source: SourceKind::UnSc,
            sha256: sha.into(),
            origin: "file",
            actor: "test",
            published: Some("2026-02-27".into()),
            files: vec![SnapshotFile {
                name: "a.xml".into(),
                sha256: sha.into(),
                bytes: b"<xml/>".to_vec(),
            }],
            entities,
            records: entities.len(),
        }
    }

    #[test]
    fn insert_activates_and_keeps_history() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        let one = [entity("un_sc:KPi.001")];
        let two = [entity("un_sc:KPi.001"), entity("un_sc:KPi.002")];
        let a = store.insert_snapshot(snap("aa", &one))?;
        let b = store.insert_snapshot(snap("bb", &two))?;
        let active = store.active_snapshots()?;
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].id, b.id);
        assert_eq!(active[0].counts.entities, 2);
        assert_eq!(active[0].files, ["a.xml"]);
        assert_eq!(store.entities(a.id)?.len(), 1);
        assert_eq!(store.entity(b.id, "un_sc:KPi.002")?, Some(two[1].clone()));
        assert_eq!(store.snapshot_files(a.id)?[0].bytes, b"<xml/>");
        assert!(store.find_snapshot(SourceKind::UnSc, "aa")?.is_some());
        store.activate(a.id, "test")?;
        assert_eq!(store.active_snapshots()?[0].id, a.id);
        assert!(store.snapshot(99).is_err());
        Ok(())
    }

    #[test]
    fn same_hash_twice_is_refused() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        let one = [entity("un_sc:KPi.001")];
        store.insert_snapshot(snap("aa", &one))?;
        assert!(store.insert_snapshot(snap("aa", &one)).is_err());
        // The failed insert rolled back: the first is still active.
        assert_eq!(store.active_snapshots()?.len(), 1);
        Ok(())
    }

    #[test]
    fn reopens_from_disk() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            path: "tmp".into(),
            source,
        })?;
        {
            let mut store = Store::open(dir.path())?;
            store.insert_snapshot(snap("aa", &[entity("un_sc:KPi.001")]))?;
        }
        let store = Store::open(dir.path())?;
        assert_eq!(store.active_snapshots()?.len(), 1);
        Ok(())
    }
}
