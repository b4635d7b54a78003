//! `import`, `lists`, `diff`, `show`: managing list snapshots.

use crate::output;
use anyhow::{Context, Result};
use clap::Args;
use embargo::library::Imported;
use embargo::library::SnapshotInfo;
use embargo::{Library, SourceKind, profiles, prop};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct ImportArgs {
    /// List kind: un_sc, us_ofac_sdn, us_ofac_cons, gb_ofsi, jp_mof, ca_sema, au_dfat, us_csl.
    kind: SourceKind,
    /// The published file(s). OFAC CSV: sdn.csv, optionally with add.csv and alt.csv.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ListsArgs {
    /// Show every stored snapshot, not only the active ones.
    #[arg(long)]
    all: bool,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct DiffArgs {
    /// Old publication: a snapshot id (see `embargo lists --all`) or a file.
    old: String,
    /// New publication: a snapshot id or a file.
    new: String,
    /// List kind of the files, when files are given.
    #[arg(long)]
    kind: Option<SourceKind>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    /// Entity id, e.g. `un_sc:KPe.001` (as printed by `screen`).
    id: String,
    /// Jurisdiction profile classifying the designations (see `embargo profiles`).
    #[arg(long, default_value = "all")]
    profile: String,
    /// A TOML file with your own profiles (same format as the shipped ones).
    #[arg(long, env = "EMBARGO_PROFILES")]
    profiles_file: Option<PathBuf>,
    /// Print as JSON (the entity in the FtM shape, its list, classified
    /// designations and linked records; the same document as the server's
    /// `GET /v1/entities/{id}`).
    #[arg(long)]
    json: bool,
}

/// Opens the data directory, importing the bundled UN list (with a note)
/// when no UN list was ever imported.
pub fn open(data_dir: &Path) -> Result<Library> {
    let mut library = Library::open(data_dir)
        .with_context(|| format!("opening the data directory {}", data_dir.display()))?;
    if let Some(done) = library.ensure_default()? {
        eprintln!(
            "note: no UN list imported yet; using the bundled UN Consolidated List of {} (snapshot {})",
            done.snapshot().published.as_deref().unwrap_or("?"),
            done.snapshot().id
        );
    }
    Ok(library)
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

fn describe(s: &SnapshotInfo) -> String {
    format!(
        "{} snapshot {} (published {}, sha256 {}): {} entities ({} persons, {} organisations, {} vessels, {} aircraft) from {} records",
        s.source,
        s.id,
        s.published.as_deref().unwrap_or("unknown"),
        short(&s.sha256),
        s.counts.entities,
        s.counts.persons,
        s.counts.organizations,
        s.counts.vessels,
        s.counts.aircraft,
        s.counts.records,
    )
}

pub fn import(data_dir: &Path, a: ImportArgs) -> Result<ExitCode> {
    let mut library = open(data_dir)?.with_actor(&crate::monitor::os_user());
    let paths: Vec<&Path> = a.files.iter().map(PathBuf::as_path).collect();
    let started = std::time::Instant::now();
    let report = library.import(a.kind, &paths)?;
    if a.json {
        output::json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (done, link) = (&report.import, &report.un_links);
    let what = match &done {
        Imported::New { .. } => "imported",
        Imported::Unchanged { .. } => "unchanged (same file already active)",
        Imported::Reactivated { .. } => "re-activated (same file imported before)",
    };
    output::text(&format!(
        "{what}: {} in {:.2}s",
        describe(done.snapshot()),
        started.elapsed().as_secs_f64()
    ))?;
    if let Some(l) = link {
        output::text(&format!(
            "UN links: {} of {} records citing a UN reference resolve to the active UN list{}",
            l.resolved,
            l.citing,
            if l.unresolved.is_empty() {
                String::new()
            } else {
                format!(
                    "; unresolved: {}",
                    l.unresolved
                        .iter()
                        .take(10)
                        .map(|(id, r)| format!("{r} ({id})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ))?;
    }
    if let Some(run) = &report.delta {
        output::text(&crate::monitor::describe_run(run))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn lists(data_dir: &Path, a: ListsArgs) -> Result<ExitCode> {
    let rows = open(data_dir)?.lists(a.all)?;
    if a.json {
        output::json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = output::table(&[
        "id",
        "list",
        "published",
        "sha256",
        "entities",
        "persons",
        "orgs",
        "vessels",
        "aircraft",
        "UN links",
        "imported",
        "origin",
        "active",
    ]);
    for row in rows {
        let (s, l) = (&row.snapshot, &row.un_links);
        t.add_row(vec![
            s.id.to_string(),
            s.source.to_string(),
            s.published.clone().unwrap_or_else(|| "-".into()),
            short(&s.sha256).to_string(),
            s.counts.entities.to_string(),
            s.counts.persons.to_string(),
            s.counts.organizations.to_string(),
            s.counts.vessels.to_string(),
            s.counts.aircraft.to_string(),
            l.as_ref()
                .map(|l| format!("{}/{}", l.resolved, l.citing))
                .unwrap_or_else(|| "-".into()),
            s.imported_at.clone(),
            s.origin.clone(),
            if s.active { "yes" } else { "no" }.into(),
        ]);
    }
    output::text(&t.to_string())?;
    Ok(ExitCode::SUCCESS)
}

pub fn diff(data_dir: &Path, a: DiffArgs) -> Result<ExitCode> {
    let report = open(data_dir)?.diff(&a.old, &a.new, a.kind)?;
    if a.json {
        output::json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let d = &report.diff;
    let mut s = format!(
        "{}: {} -> {}\n{} added, {} removed, {} changed, {} unchanged\n",
        report.source,
        report.old,
        report.new,
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.unchanged
    );
    for e in &d.added {
        s += &format!(
            "+ {}  {}  [{}] {}\n",
            e.id,
            e.caption,
            e.schema,
            e.programs.join(", ")
        );
    }
    for e in &d.removed {
        s += &format!(
            "- {}  {}  [{}] {}\n",
            e.id,
            e.caption,
            e.schema,
            e.programs.join(", ")
        );
    }
    for c in &d.changed {
        s += &format!("~ {}  {}\n", c.id, c.caption);
        for f in &c.changes {
            s += &format!("    {}:", f.field);
            for r in &f.removed {
                s += &format!(" -{r:?}");
            }
            for r in &f.added {
                s += &format!(" +{r:?}");
            }
            s += "\n";
        }
    }
    output::text(&s)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(data_dir: &Path, a: ShowArgs) -> Result<ExitCode> {
    let profiles = profiles::load(a.profiles_file.as_deref())?;
    let profile = profiles::get(&profiles, &a.profile)?;
    let v = open(data_dir)?.entity_view(&a.id, profile)?;
    if a.json {
        output::json(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &v.entity;
    let mut s = format!("{}  [{}]  {}\n", e.caption(), e.schema, e.id);
    if let Some(l) = &v.list {
        s += &format!(
            "from {} {}(published {}, sha256 {})\n",
            l.source,
            l.snapshot
                .map(|id| format!("snapshot {id} "))
                .unwrap_or_default(),
            l.published.as_deref().unwrap_or("unknown"),
            short(&l.sha256)
        );
    }
    s += &format!(
        "\ndesignations (under profile {}: {}):\n",
        v.profile,
        v.classification.as_str()
    );
    for d in &v.designations {
        s += &format!(
            "  {:<12} {:<14} {:<18} {:<13} {}{}{}\n      {}: {}{}\n",
            d.source.as_str(),
            d.reference,
            d.basis.as_str(),
            d.classification.as_str(),
            d.regime_id,
            if d.unverified { " (unverified)" } else { "" },
            d.un_reference
                .as_ref()
                .filter(|_| d.source != SourceKind::UnSc)
                .map(|r| format!("  (implements UN {r})"))
                .unwrap_or_default(),
            d.authority,
            d.reason,
            d.listed_on
                .as_ref()
                .map(|l| format!("; listed {l}"))
                .unwrap_or_default(),
        );
    }
    s += "\nproperties:\n";
    for (k, vals) in &e.properties {
        if k == prop::NOTES {
            continue;
        }
        s += &format!("  {k:<16} {}\n", vals.join(" | "));
    }
    for n in e.get(prop::NOTES) {
        s += &format!("  notes            {n}\n");
    }
    if !v.linked.is_empty() {
        s += "\nlinked records:\n";
        for l in &v.linked {
            let how = match l.relation {
                embargo::entity::Relation::Implements => "implements",
                embargo::entity::Relation::ImplementedBy => "implemented by",
            };
            s += &format!("  {how:<15} {}  {}\n", l.id, l.caption);
        }
    }
    output::text(&s)?;
    Ok(ExitCode::SUCCESS)
}
