//! Importing list files into snapshots.

use crate::{Result, read_file, sha256_hex};
use embargo_model::SourceKind;
use embargo_sources::InputFile;
use embargo_store::{NewSnapshot, SnapshotFile, SnapshotInfo, Store};
use serde::Serialize;
use std::path::Path;

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Imported {
    /// A new snapshot was stored and made active.
    New {
        /// The snapshot.
        snapshot: SnapshotInfo,
    },
    /// The same file was already the active snapshot: nothing changed.
    Unchanged {
        /// The snapshot.
        snapshot: SnapshotInfo,
    },
    /// The same file had been imported before; that snapshot is active again.
    Reactivated {
        /// The snapshot.
        snapshot: SnapshotInfo,
    },
}

impl Imported {
    /// The snapshot concerned.
    pub fn snapshot(&self) -> &SnapshotInfo {
        match self {
            Imported::New { snapshot }
            | Imported::Unchanged { snapshot }
            | Imported::Reactivated { snapshot } => snapshot,
        }
    }
}

/// The identity of a publication made of `files`: the file's SHA-256, or for
/// several files the SHA-256 of their hashes joined by newlines.
pub fn publication_hash(file_hashes: &[String]) -> String {
    match file_hashes {
        [one] => one.clone(),
        many => sha256_hex(many.join("\n").as_bytes()),
    }
}

/// Imports files from disk.
pub fn import_paths(store: &mut Store, kind: SourceKind, paths: &[&Path]) -> Result<Imported> {
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string());
        files.push((name, read_file(p)?));
    }
    import_bytes(store, kind, &files, "file")
}

/// Imports files given as (name, bytes). Parsing happens before anything is
/// written; a parse error leaves the store untouched.
pub fn import_bytes(
    store: &mut Store,
    kind: SourceKind,
    files: &[(String, Vec<u8>)],
    origin: &str,
) -> Result<Imported> {
    let hashes: Vec<String> = files.iter().map(|(_, b)| sha256_hex(b)).collect();
    let sha = publication_hash(&hashes);
    if let Some(existing) = store.find_snapshot(kind, &sha)? {
        if existing.active {
            return Ok(Imported::Unchanged { snapshot: existing });
        }
        let snapshot = store.activate(existing.id)?;
        return Ok(Imported::Reactivated { snapshot });
    }
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(n, b)| InputFile::new(n.as_str(), b.as_slice()))
        .collect();
    let parsed = embargo_sources::parse(kind, &inputs)?;
    let snapshot = store.insert_snapshot(NewSnapshot {
        source: kind,
        sha256: sha,
        origin,
        published: parsed.published,
        files: files
            .iter()
            .zip(hashes)
            .map(|((name, bytes), sha256)| SnapshotFile {
                name: name.clone(),
                sha256,
                bytes: bytes.clone(),
            })
            .collect(),
        entities: &parsed.entities,
        records: parsed.records,
    })?;
    Ok(Imported::New { snapshot })
}
