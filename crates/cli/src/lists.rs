//! `import`, `lists`, `diff`, `show`: managing list snapshots.

use crate::output;
use anyhow::{Context, Result, bail};
use clap::Args;
use embargo::import::Imported;
use embargo::links;
use embargo::model::{Entity, SourceKind, prop};
use embargo::store::{SnapshotInfo, Store};
use std::collections::HashSet;
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
    /// Print as JSON (FtM shape plus designations and links).
    #[arg(long)]
    json: bool,
}

pub fn open(data_dir: &Path) -> Result<Store> {
    let mut store = Store::open(data_dir)
        .with_context(|| format!("opening the data directory {}", data_dir.display()))?;
    if let Some(done) = embargo::bundled::ensure_default(&mut store)? {
        eprintln!(
            "note: no UN list imported yet; using the bundled UN Consolidated List of {} (snapshot {})",
            done.snapshot().published.as_deref().unwrap_or("?"),
            done.snapshot().id
        );
    }
    Ok(store)
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
    let mut store = open(data_dir)?;
    let paths: Vec<&Path> = a.files.iter().map(PathBuf::as_path).collect();
    let started = std::time::Instant::now();
    let done = embargo::import::import_paths(&mut store, a.kind, &paths)?;
    let link = link_report(&store, done.snapshot())?;
    if a.json {
        output::json(&serde_json::json!({"import": done, "un_links": link}))?;
        return Ok(ExitCode::SUCCESS);
    }
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
    Ok(ExitCode::SUCCESS)
}

fn active_un(store: &Store) -> Result<Vec<Entity>> {
    Ok(
        match store
            .active_snapshots()?
            .into_iter()
            .find(|s| s.source == SourceKind::UnSc)
        {
            Some(s) => store.entities(s.id)?,
            None => Vec::new(),
        },
    )
}

fn link_report(store: &Store, snap: &SnapshotInfo) -> Result<Option<links::LinkStats>> {
    if snap.source == SourceKind::UnSc {
        return Ok(None);
    }
    let un = active_un(store)?;
    let entities = store.entities(snap.id)?;
    let mut stats = links::link_stats(&un, [(snap.source, entities.as_slice())]);
    Ok(stats.remove(&snap.source))
}

pub fn lists(data_dir: &Path, a: ListsArgs) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let snaps = if a.all {
        store.snapshots(None)?
    } else {
        store.active_snapshots()?
    };
    let mut rows = Vec::new();
    for s in &snaps {
        let link = if s.active {
            link_report(&store, s)?
        } else {
            None
        };
        rows.push((s, link));
    }
    if a.json {
        let v: Vec<_> = rows
            .iter()
            .map(|(s, l)| serde_json::json!({"snapshot": s, "un_links": l}))
            .collect();
        output::json(&v)?;
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
    for (s, l) in rows {
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
            l.map(|l| format!("{}/{}", l.resolved, l.citing))
                .unwrap_or_else(|| "-".into()),
            s.imported_at.clone(),
            s.origin.clone(),
            if s.active { "yes" } else { "no" }.into(),
        ]);
    }
    output::text(&t.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// Entities of a publication given as a snapshot id or a file.
fn publication(
    store: &Store,
    arg: &str,
    kind: Option<SourceKind>,
) -> Result<(SourceKind, String, Vec<Entity>)> {
    if let Ok(id) = arg.parse::<i64>() {
        let s = store.snapshot(id)?;
        let label = format!(
            "snapshot {} ({})",
            s.id,
            s.published.as_deref().unwrap_or("?")
        );
        return Ok((s.source, label, store.entities(id)?));
    }
    let path = Path::new(arg);
    if !path.exists() {
        bail!("`{arg}` is neither a snapshot id nor an existing file");
    }
    let Some(kind) = kind else {
        bail!("`{arg}` is a file: say which list it is with --kind (e.g. --kind un_sc)");
    };
    let bytes = embargo::read_file(path)?;
    let name = path.display().to_string();
    let parsed = embargo::sources::parse(kind, &[embargo::sources::InputFile::new(&name, &bytes)])?;
    let label = format!("{name} ({})", parsed.published.as_deref().unwrap_or("?"));
    Ok((kind, label, parsed.entities))
}

pub fn diff(data_dir: &Path, a: DiffArgs) -> Result<ExitCode> {
    let store = open(data_dir)?;
    let (k1, l1, old) = publication(&store, &a.old, a.kind)?;
    let (k2, l2, new) = publication(&store, &a.new, a.kind)?;
    if k1 != k2 {
        bail!("cannot compare a {k1} list with a {k2} list");
    }
    let d = embargo::diff::diff(&old, &new);
    if a.json {
        output::json(&serde_json::json!({"old": l1, "new": l2, "diff": d}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = format!(
        "{k1}: {l1} -> {l2}\n{} added, {} removed, {} changed, {} unchanged\n",
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
    let store = open(data_dir)?;
    let source: SourceKind =
        a.id.split(':')
            .next()
            .unwrap_or_default()
            .parse()
            .with_context(|| {
                format!(
                    "`{}` is not an embargo entity id (e.g. un_sc:KPe.001)",
                    a.id
                )
            })?;
    let active = store.active_snapshots()?;
    let Some(snap) = active.iter().find(|s| s.source == source) else {
        bail!("no active {source} snapshot: import one with `embargo import {source} FILE`");
    };
    let Some(entity) = store.entity(snap.id, &a.id)? else {
        bail!("no entity `{}` in {source} snapshot {}", a.id, snap.id);
    };
    // Links both ways: the UN record this implements, or the national
    // records implementing this UN record.
    let un = active_un(&store)?;
    let refs: HashSet<&str> = links::un_reference_set(&un);
    let mut linked: Vec<Entity> = Vec::new();
    if source == SourceKind::UnSc {
        let my_ref = entity
            .designations
            .first()
            .map(|d| d.reference.clone())
            .unwrap_or_default();
        for s in active.iter().filter(|s| s.source != SourceKind::UnSc) {
            for e in store.entities(s.id)? {
                if links::linked_un_ref(&e, &refs).is_some_and(|r| r.as_str() == my_ref) {
                    linked.push(e);
                }
            }
        }
    } else if let Some(r) = links::linked_un_ref(&entity, &refs)
        && let Some(u) = un
            .iter()
            .find(|u| u.designations.iter().any(|d| d.reference == r.as_str()))
    {
        linked.push(u.clone());
    }
    if a.json {
        output::json(&serde_json::json!({"entity": entity, "snapshot": snap, "linked": linked}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = format!("{}  [{}]  {}\n", entity.caption(), entity.schema, entity.id);
    s += &format!("from {}\n", describe(snap));
    s += "\ndesignations:\n";
    for d in entity
        .designations
        .iter()
        .chain(linked.iter().flat_map(|e| e.designations.iter()))
    {
        s += &format!(
            "  {:<12} {:<28} {:<14} programs: {:<20} listed: {}{}\n",
            d.source.as_str(),
            d.authority,
            d.reference,
            d.programs.join(", "),
            d.listed_on.as_deref().unwrap_or("-"),
            d.un_reference
                .as_ref()
                .filter(|_| d.source != SourceKind::UnSc)
                .map(|r| format!("  (implements UN {r})"))
                .unwrap_or_default()
        );
    }
    s += "\nproperties:\n";
    for (k, vals) in &entity.properties {
        if k == prop::NOTES {
            continue;
        }
        s += &format!("  {k:<16} {}\n", vals.join(" | "));
    }
    for n in entity.get(prop::NOTES) {
        s += &format!("  notes            {n}\n");
    }
    if !linked.is_empty() {
        s += "\nlinked records:\n";
        for e in &linked {
            s += &format!("  {}  {}\n", e.id, e.caption());
        }
    }
    output::text(&s)?;
    Ok(ExitCode::SUCCESS)
}
