//! The UN Security Council Consolidated List of 2026-02-27, shipped inside
//! the binary (gzip, ~200 KB) so that a fresh install has data to screen
//! against with no download. Imported into the store on first use when no UN
//! snapshot exists; `embargo import un_sc <newer file>` replaces it.

use crate::import::{Imported, import_bytes};
use crate::{Error, Result};
use embargo_model::SourceKind;
use embargo_store::Store;
use std::io::Read;

/// File name of the bundled list.
pub const UN_FILE: &str = "un_consolidated_2026-02-27.xml";
const UN_GZ: &[u8] = include_bytes!("../data/un_consolidated_2026-02-27.xml.gz");

/// The bundled UN list, decompressed.
pub fn un_bytes() -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(UN_GZ.len() * 10);
    flate2::read::GzDecoder::new(UN_GZ)
        .read_to_end(&mut out)
        .map_err(|source| Error::Io {
            path: UN_FILE.into(),
            source,
        })?;
    Ok(out)
}

/// Imports the bundled UN list when the store has no UN snapshot at all.
/// Returns what was imported, if anything.
pub fn ensure_default(store: &mut Store) -> Result<Option<Imported>> {
    if !store.snapshots(Some(SourceKind::UnSc))?.is_empty() {
        return Ok(None);
    }
    let bytes = un_bytes()?;
    import_bytes(
        store,
        SourceKind::UnSc,
        &[(UN_FILE.to_string(), bytes)],
        "bundled",
        "system",
    )
    .map(Some)
}
