//! The data directory as the front ends see it: the snapshot store (import,
//! lists, diff, show, the screener over the active lists) and the caps
//! ledger. Every operation here is one call a front end makes.

use crate::diff::Diff;
use crate::entity::{EntityView, entity_view};
use crate::links::LinkStats;
use crate::profiles::Profile;
use crate::screen::{LoadedList, Screener};
use crate::{Error, Result, read_file};
use embargo_model::{Entity, SourceKind};
use embargo_sources::InputFile;
use embargo_store::Store;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use crate::import::{Imported, Publication, publication_hash};
pub use embargo_store::SnapshotInfo;

/// What an import did, with how the new list's UN citations resolve.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The snapshot stored or re-activated.
    pub import: Imported,
    /// For a national list: its records citing a UN reference, and how many
    /// resolve to the active UN list.
    pub un_links: Option<LinkStats>,
    /// The delta run that re-screened the register against what changed
    /// (when the register holds customers and the active list changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<embargo_store::RunInfo>,
}

/// One stored snapshot with its UN-link statistics (active ones only).
#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    /// The snapshot.
    pub snapshot: SnapshotInfo,
    /// For an active national list: how its UN citations resolve.
    pub un_links: Option<LinkStats>,
}

/// What changed between two publications of one list.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// The list.
    pub source: SourceKind,
    /// The old publication (`snapshot 3 (2026-02-27)` or `FILE (date)`).
    pub old: String,
    /// The new publication.
    pub new: String,
    /// The changes.
    pub diff: Diff,
}

/// The data directory: snapshots, runs and audit (`embargo.db`) and the caps
/// ledger (`caps.db`).
pub struct Library {
    pub(crate) store: Store,
    dir: PathBuf,
    /// Who acts through this handle (audit trail, decisions).
    pub(crate) actor: String,
}

impl Library {
    /// Opens (creating if needed) the data directory.
    pub fn open(dir: &Path) -> Result<Library> {
        Ok(Library {
            store: Store::open(dir)?,
            dir: dir.to_path_buf(),
            actor: "system".to_string(),
        })
    }

    /// The same library acting as `actor` (an OS user, an API key's owner).
    pub fn with_actor(mut self, actor: &str) -> Library {
        self.actor = actor.to_string();
        self
    }

    /// Who acts through this handle.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Imports the bundled UN list when no UN list was ever imported, so a
    /// fresh install screens out of the box; returns what was imported.
    pub fn ensure_default(&mut self) -> Result<Option<Imported>> {
        crate::bundled::ensure_default(&mut self.store)
    }

    /// Imports a publication from files on disk.
    pub fn import(&mut self, kind: SourceKind, paths: &[&Path]) -> Result<ImportReport> {
        let before = self.active_of(kind)?;
        let import = crate::import::import_paths(&mut self.store, kind, paths, &self.actor)?;
        let un_links = self.link_report(import.snapshot())?;
        let delta = self.delta_after_import(before, &import)?;
        Ok(ImportReport {
            import,
            un_links,
            delta,
        })
    }

    fn active_of(&self, kind: SourceKind) -> Result<Option<i64>> {
        Ok(self
            .store
            .active_snapshots()?
            .into_iter()
            .find(|s| s.source == kind)
            .map(|s| s.id))
    }

    /// Imports several publications: new ones are parsed in parallel, then
    /// stored one after the other in the given order, each in its own
    /// transaction; a failed parse fails only its own publication.
    pub fn import_all(&mut self, pubs: &[Publication], origin: &str) -> Vec<Result<Imported>> {
        crate::import::import_many(&mut self.store, pubs, origin, &self.actor)
    }

    /// Imports a publication from downloaded bytes (`origin` says where
    /// they came from, e.g. `fetch`).
    pub fn import_bytes(
        &mut self,
        kind: SourceKind,
        files: &[(String, Vec<u8>)],
        origin: &str,
    ) -> Result<ImportReport> {
        let before = self.active_of(kind)?;
        let import =
            crate::import::import_bytes(&mut self.store, kind, files, origin, &self.actor)?;
        let un_links = self.link_report(import.snapshot())?;
        let delta = self.delta_after_import(before, &import)?;
        Ok(ImportReport {
            import,
            un_links,
            delta,
        })
    }

    fn active_un(&self) -> Result<Vec<Entity>> {
        Ok(
            match self
                .store
                .active_snapshots()?
                .into_iter()
                .find(|s| s.source == SourceKind::UnSc)
            {
                Some(s) => self.store.entities(s.id)?,
                None => Vec::new(),
            },
        )
    }

    fn link_report(&self, snap: &SnapshotInfo) -> Result<Option<LinkStats>> {
        if snap.source == SourceKind::UnSc {
            return Ok(None);
        }
        let un = self.active_un()?;
        let entities = self.store.entities(snap.id)?;
        let mut stats = crate::links::link_stats(&un, [(snap.source, entities.as_slice())]);
        Ok(stats.remove(&snap.source))
    }

    /// The active snapshots, or every stored one with `all`; active national
    /// lists carry their UN-link statistics.
    pub fn lists(&self, all: bool) -> Result<Vec<ListRow>> {
        let snaps = if all {
            self.store.snapshots(None)?
        } else {
            self.store.active_snapshots()?
        };
        let mut rows = Vec::with_capacity(snaps.len());
        for snapshot in snaps {
            let un_links = if snapshot.active {
                self.link_report(&snapshot)?
            } else {
                None
            };
            rows.push(ListRow { snapshot, un_links });
        }
        Ok(rows)
    }

    /// The active snapshots.
    pub fn active_snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        Ok(self.store.active_snapshots()?)
    }

    /// Identifies the active snapshots (`source:id:sha256`, joined): equal
    /// fingerprints mean an index built now would screen the same lists.
    pub fn fingerprint(&self) -> Result<String> {
        let lists: Vec<LoadedList> = self
            .active_snapshots()?
            .into_iter()
            .map(|s| LoadedList {
                source: s.source,
                snapshot: Some(s.id),
                sha256: s.sha256,
                published: s.published,
                entities: 0,
            })
            .collect();
        Ok(fingerprint(&lists))
    }

    /// The entities of the active snapshots, with which publications they are.
    pub fn active_entities(&self) -> Result<(Vec<Entity>, Vec<LoadedList>)> {
        let mut entities = Vec::new();
        let mut lists = Vec::new();
        for s in self.store.active_snapshots()? {
            let es = self.store.entities(s.id)?;
            lists.push(LoadedList {
                source: s.source,
                snapshot: Some(s.id),
                sha256: s.sha256.clone(),
                published: s.published.clone(),
                entities: es.len(),
            });
            entities.extend(es);
        }
        Ok((entities, lists))
    }

    /// A screener over the active snapshots (importing the bundled UN list
    /// first when no UN list was ever imported).
    pub fn screener(&mut self) -> Result<Screener> {
        self.ensure_default()?;
        let (entities, lists) = self.active_entities()?;
        Ok(Screener::new(entities, lists))
    }

    /// One entity of the active snapshots, with its links and its
    /// designations classified under `profile`.
    pub fn entity_view(&self, id: &str, profile: &Profile) -> Result<EntityView> {
        let (entities, lists) = self.active_entities()?;
        entity_view(&entities, &lists, id, profile)
    }

    /// Entities of a publication given as a snapshot id or a file of `kind`.
    fn publication(
        &self,
        arg: &str,
        kind: Option<SourceKind>,
    ) -> Result<(SourceKind, String, Vec<Entity>)> {
        if let Ok(id) = arg.parse::<i64>() {
            let s = self.store.snapshot(id)?;
            let label = format!(
                "snapshot {} ({})",
                s.id,
                s.published.as_deref().unwrap_or("?")
            );
            return Ok((s.source, label, self.store.entities(id)?));
        }
        let path = Path::new(arg);
        if !path.exists() {
            return Err(Error::NotAPublication(arg.to_string()));
        }
        let Some(kind) = kind else {
            return Err(Error::KindNeeded(arg.to_string()));
        };
        let bytes = read_file(path)?;
        let name = path.display().to_string();
        let parsed = embargo_sources::parse(kind, &[InputFile::new(&name, &bytes)])?;
        let label = format!("{name} ({})", parsed.published.as_deref().unwrap_or("?"));
        Ok((kind, label, parsed.entities))
    }

    /// What changed between two publications of one list, each a snapshot
    /// id or a file (`kind` says which list the files are).
    pub fn diff(&self, old: &str, new: &str, kind: Option<SourceKind>) -> Result<DiffReport> {
        let (k1, l1, a) = self.publication(old, kind)?;
        let (k2, l2, b) = self.publication(new, kind)?;
        if k1 != k2 {
            return Err(Error::DifferentLists {
                old: l1,
                old_source: k1,
                new: l2,
                new_source: k2,
            });
        }
        Ok(DiffReport {
            source: k1,
            old: l1,
            new: l2,
            diff: crate::diff::diff(&a, &b),
        })
    }

    /// The caps ledger of this directory.
    pub fn ledger(&self) -> Result<crate::shipments::Ledger> {
        crate::shipments::open_ledger(&self.dir)
    }
}

/// The fingerprint of loaded lists (see [`Library::fingerprint`]).
pub fn fingerprint(lists: &[LoadedList]) -> String {
    lists
        .iter()
        .map(|l| format!("{}:{}:{}", l.source, l.snapshot.unwrap_or(0), l.sha256))
        .collect::<Vec<_>>()
        .join(",")
}
