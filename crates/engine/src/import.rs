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
pub fn import_paths(
    store: &mut Store,
    kind: SourceKind,
    paths: &[&Path],
    actor: &str,
) -> Result<Imported> {
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string());
        files.push((name, read_file(p)?));
    }
    import_bytes(store, kind, &files, "file", actor)
}

/// Imports files given as (name, bytes). Parsing happens before anything is
/// written; a parse error leaves the store untouched.
pub fn import_bytes(
    store: &mut Store,
    kind: SourceKind,
    files: &[(String, Vec<u8>)],
    origin: &str,
    actor: &str,
) -> Result<Imported> {
    let mut done = import_many(store, &[(kind, files.to_vec())], origin, actor);
    done.pop()
        .unwrap_or_else(|| unreachable!("one result per publication"))
}

/// One publication to import: its list kind and files (name, bytes).
pub type Publication = (SourceKind, Vec<(String, Vec<u8>)>);

/// Imports several publications: the new ones are parsed in parallel, then
/// stored one after the other in the given order (each in its own
/// transaction). Results come back in input order; a failed parse fails
/// only its own publication.
pub fn import_many(
    store: &mut Store,
    pubs: &[Publication],
    origin: &str,
    actor: &str,
) -> Vec<Result<Imported>> {
    use rayon::prelude::*;
    // Known publications first: a re-import is a no-op, not a parse.
    let hashes: Vec<Vec<String>> = pubs
        .par_iter()
        .map(|(_, files)| files.iter().map(|(_, b)| sha256_hex(b)).collect())
        .collect();
    let known: Vec<Option<Result<Imported>>> = pubs
        .iter()
        .zip(&hashes)
        .map(
            |((kind, _), h)| match store.find_snapshot(*kind, &publication_hash(h)) {
                Ok(Some(existing)) if existing.active => {
                    Some(Ok(Imported::Unchanged { snapshot: existing }))
                }
                Ok(Some(existing)) => Some(
                    store
                        .activate(existing.id, actor)
                        .map(|snapshot| Imported::Reactivated { snapshot })
                        .map_err(Into::into),
                ),
                Ok(None) => None,
                Err(e) => Some(Err(e.into())),
            },
        )
        .collect();
    let parsed: Vec<Option<Result<embargo_sources::ParsedList>>> = pubs
        .par_iter()
        .zip(&known)
        .map(|((kind, files), known)| {
            known.is_none().then(|| {
                let inputs: Vec<InputFile<'_>> = files
                    .iter()
                    .map(|(n, b)| InputFile::new(n.as_str(), b.as_slice()))
                    .collect();
                Ok(embargo_sources::parse(*kind, &inputs)?)
            })
        })
        .collect();
    let mut out = Vec::with_capacity(pubs.len());
    for ((((kind, files), h), known), parsed) in pubs.iter().zip(hashes).zip(known).zip(parsed) {
        if let Some(k) = known {
            out.push(k);
            continue;
        }
        let result = parsed
            .unwrap_or_else(|| unreachable!("parsed when not known"))
            .and_then(|parsed| {
                let snapshot = store.insert_snapshot(NewSnapshot {
                    source: *kind,
                    sha256: publication_hash(&h),
                    origin,
                    actor,
                    published: parsed.published,
                    files: files
                        .iter()
                        .zip(h)
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
            });
        out.push(result);
    }
    out
}
