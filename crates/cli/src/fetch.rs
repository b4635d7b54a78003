//! `fetch`: download the current official files from their publishers and
//! import them. Not exercised in tests (no network in CI); the URLs are
//! those the publishers document, and `--url` overrides them when a
//! publisher moves a file.

use crate::output;
use anyhow::{Context, Result, bail};
use clap::Args;
use embargo::SourceKind;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

#[derive(Args)]
pub struct FetchArgs {
    /// Lists to fetch (default: all with a known URL).
    kinds: Vec<SourceKind>,
    /// Use this URL instead of the publisher's usual one (with exactly one kind).
    #[arg(long)]
    url: Option<String>,
    /// Download only: write the files into this folder instead of importing them.
    #[arg(long)]
    download_only: Option<std::path::PathBuf>,
}

/// The publishers' download addresses, per list (file name, URL).
fn urls(kind: SourceKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        SourceKind::UnSc => &[(
            "consolidated.xml",
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        )],
        SourceKind::UsOfacSdn => &[
            (
                "sdn.csv",
                "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
            ),
            (
                "add.csv",
                "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
            ),
            (
                "alt.csv",
                "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
            ),
        ],
        SourceKind::UsOfacCons => &[(
            "consolidated.xml",
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
        )],
        SourceKind::GbOfsi => &[(
            "ConList.csv",
            "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        )],
        SourceKind::CaSema => &[(
            "sema-lmes.xml",
            "https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml",
        )],
        SourceKind::AuDfat => &[(
            "regulation8_consolidated.xlsx",
            "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
        )],
        SourceKind::UsCsl => &[(
            "consolidated.csv",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        )],
        // The MOF publishes its workbook under a dated name on a page that
        // changes: give the address with --url.
        SourceKind::JpMof => &[],
    }
}

fn download(url: &str) -> Result<Vec<u8>> {
    let resp = ureq::get(url)
        .timeout(std::time::Duration::from_secs(120))
        .call()
        .with_context(|| format!("downloading {url}"))?;
    let mut bytes = Vec::new();
    resp.into_reader()
        .take(512 * 1024 * 1024)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {url}"))?;
    Ok(bytes)
}

pub fn fetch(data_dir: &Path, a: FetchArgs) -> Result<ExitCode> {
    let kinds: Vec<SourceKind> = if a.kinds.is_empty() {
        SourceKind::ALL
            .into_iter()
            .filter(|k| !urls(*k).is_empty())
            .collect()
    } else {
        a.kinds.clone()
    };
    if a.url.is_some() && kinds.len() != 1 {
        bail!("--url needs exactly one list kind");
    }
    let mut library = if a.download_only.is_none() {
        Some(crate::lists::open(data_dir)?)
    } else {
        None
    };
    let mut failed = 0;
    for kind in kinds {
        let targets: Vec<(String, String)> = match &a.url {
            Some(u) => vec![(
                u.rsplit('/').next().unwrap_or("download").to_string(),
                u.clone(),
            )],
            None => urls(kind)
                .iter()
                .map(|(n, u)| (n.to_string(), u.to_string()))
                .collect(),
        };
        if targets.is_empty() {
            eprintln!("{kind}: no fixed download address; use `embargo fetch {kind} --url URL`");
            failed += 1;
            continue;
        }
        let mut files = Vec::new();
        for (name, url) in &targets {
            eprintln!("{kind}: downloading {url}");
            match download(url) {
                Ok(b) => files.push((name.clone(), b)),
                Err(e) => {
                    eprintln!("{kind}: {e:#}");
                    failed += 1;
                }
            }
        }
        if files.len() != targets.len() {
            continue;
        }
        if let Some(dir) = &a.download_only {
            std::fs::create_dir_all(dir)?;
            for (name, bytes) in &files {
                let p = dir.join(format!("{kind}_{name}"));
                std::fs::write(&p, bytes).with_context(|| format!("writing {}", p.display()))?;
                output::text(&format!("{kind}: wrote {}", p.display()))?;
            }
            continue;
        }
        if let Some(library) = library.as_mut() {
            match library
                .import_bytes(kind, &files, "fetch")
                .map(|r| r.import)
            {
                Ok(done) => output::text(&format!(
                    "{kind}: snapshot {} ({} entities, published {})",
                    done.snapshot().id,
                    done.snapshot().counts.entities,
                    done.snapshot().published.as_deref().unwrap_or("?")
                ))?,
                Err(e) => {
                    eprintln!("{kind}: {e}");
                    failed += 1;
                }
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
