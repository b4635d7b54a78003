//! Screening: the loaded lists, an index over them, and the result shape
//! every front end prints.

use crate::{Error, Result, read_file, sha256_hex};
use embargo_matching::{Explanation, Hit, Index, Query, SearchOptions};
use embargo_model::{Entity, Schema, SourceKind, prop};
use embargo_sources::InputFile;
use embargo_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// Which publication of a list a screening used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadedList {
    /// The list.
    pub source: SourceKind,
    /// Snapshot id in the store, `None` for a file given with `--list`.
    pub snapshot: Option<i64>,
    /// SHA-256 of the publication.
    pub sha256: String,
    /// The list's publication date.
    pub published: Option<String>,
    /// Entities loaded.
    pub entities: usize,
}

/// A designation as printed in results, with its legal basis and its
/// classification under the active profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DesignationOut {
    /// The listed record carrying this designation.
    pub entity: String,
    /// List kind (`un_sc`, `us_ofac_sdn`...).
    pub source: SourceKind,
    /// Designating authority.
    pub authority: String,
    /// The authority's reference.
    pub reference: String,
    /// Regime / programme as the list writes it (programmes joined by `, `).
    pub regime: String,
    /// Date listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// UN reference cited by a national record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub un_reference: Option<String>,
    /// `un`, `un-implementation` or `unilateral`.
    pub basis: String,
    /// Catalogue regime id (`UN-1718`, `US-DPRK`...).
    pub regime_id: String,
    /// Catalogue regime name.
    pub regime_name: String,
    /// Legal instrument.
    pub instrument: String,
    /// True when the instrument or the mapping is not verified against a
    /// primary text.
    pub unverified: bool,
    /// `binding`, `exposure` or `informational` under the profile.
    pub classification: String,
    /// Why, in plain words.
    pub reason: String,
    /// Flags (`us-secondary-sanctions`, `prc-blocking-rules-2021`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// One hit: a target, possibly listed by several authorities. A
/// consolidated hit groups the records of the same target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultRow {
    /// Entity id of the best-scoring record.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Schema.
    pub schema: String,
    /// Score in `[0, 1]`.
    pub score: f32,
    /// `score >= threshold` and at least one designation decides under the
    /// profile (`binding`, unless the profile says otherwise).
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Strongest classification among the designations.
    pub classification: String,
    /// The listed name that matched best.
    pub matched_name: String,
    /// Every record of this target: the best first, then those grouped
    /// with it and why.
    pub records: Vec<GroupedRecord>,
    /// All designations of the target.
    pub designations: Vec<DesignationOut>,
    /// Per-feature explanations (for the best record).
    pub explanations: Vec<Explanation>,
}

/// A record of a consolidated hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupedRecord {
    /// Entity id.
    pub id: String,
    /// Its own score.
    pub score: f32,
    /// Why it is grouped with the best record: `best`, `un-reference`,
    /// `imo-number`, `passport-number`, `same-name`.
    pub grouped_by: String,
}

/// The screening engine over a set of loaded lists.
pub struct Screener {
    index: Index,
    lists: Vec<LoadedList>,
    by_id: HashMap<String, usize>,
    /// Consolidation: per entity, its group (a representative entity) and
    /// why it joined it.
    groups: Vec<(usize, &'static str)>,
    /// Per indexed name, its key for grouping hits of one target listed
    /// under one name ([`name_key`]), computed the first time the name is a
    /// hit's: keys were transliterated for every hit of every query (about
    /// 13,000 instructions each, 12 % of `eval queries` under callgrind),
    /// and most of the ~99,000 listed names are never a hit.
    name_keys: Vec<OnceLock<Box<str>>>,
}

/// The grouping key of a name: any parenthesised part removed (`...
/// Corporation (KOMID)`), in Latin letters, tokens sorted.
fn name_key(name: &str) -> String {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut t: Vec<String> = embargo_names::latinize(&plain)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    t.sort();
    t.join(" ")
}

fn designation_out(
    e: &Entity,
    d: &embargo_model::Designation,
    b: embargo_regimes::Basis,
    c: &embargo_regimes::Classification,
) -> DesignationOut {
    DesignationOut {
        entity: e.id.clone(),
        source: d.source,
        authority: d.authority.clone(),
        reference: d.reference.clone(),
        regime: d.programs.join(", "),
        listed_on: d.listed_on.clone(),
        un_reference: d.un_reference.as_ref().map(|r| r.to_string()),
        basis: b.basis.as_str().to_string(),
        regime_id: b.regime_id,
        regime_name: b.regime_name,
        instrument: b.instrument.text,
        unverified: b.instrument.unverified || b.unverified,
        classification: c.class.as_str().to_string(),
        reason: c.reason.clone(),
        flags: c.flags.clone(),
    }
}

/// Hits of one target while grouping: (group id, name key, members with why).
type Group<'a> = (
    usize,
    std::borrow::Cow<'a, str>,
    Vec<(&'a Hit, &'static str)>,
);

/// Screening options: search options plus the jurisdiction profile.
#[derive(Debug, Clone)]
pub struct ScreenOptions<'a> {
    /// Limit, cut-off, threshold.
    pub search: SearchOptions,
    /// The profile classifying designations.
    pub profile: &'a embargo_regimes::Profile,
}

/// The `all` profile (everything informational, every class decides), used
/// when no profile is chosen.
pub fn default_profile() -> &'static embargo_regimes::Profile {
    embargo_regimes::Profiles::shipped()
        .get("all")
        .expect("the shipped profiles include `all`")
}

fn norm_ident(v: &str) -> String {
    v.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Groups records of the same target: a national record citing a UN
/// reference joins the UN record; records sharing an IMO number, or (for
/// people) a passport number of 6+ characters with a digit, join each other.
fn consolidate(entities: &[Entity]) -> Vec<(usize, &'static str)> {
    let mut parent: Vec<usize> = (0..entities.len()).collect();
    let mut why: Vec<&'static str> = vec!["best"; entities.len()];
    let mut join = |parent: &mut Vec<usize>, a: usize, b: usize, reason: &'static str| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[rb] = ra;
            if why[b] == "best" {
                why[b] = reason;
            }
        }
    };
    let un: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.designations
                .iter()
                .filter(|d| d.source == SourceKind::UnSc)
                .map(move |d| (d.reference.as_str(), i))
        })
        .collect();
    let mut seen: HashMap<(u8, String), usize> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        for d in &e.designations {
            if d.source != SourceKind::UnSc
                && let Some(&u) = d.un_reference.as_ref().and_then(|r| un.get(r.as_str()))
            {
                join(&mut parent, u, i, "un-reference");
            }
        }
        let mut keys: Vec<(u8, String, &'static str)> = Vec::new();
        for v in e.get(prop::IMO_NUMBER) {
            let n = norm_ident(v);
            if n.len() == 7 {
                keys.push((0, n, "imo-number"));
            }
        }
        if e.schema == Schema::Person {
            for v in e.get(prop::PASSPORT_NUMBER) {
                let n = norm_ident(v);
                if n.len() >= 6 && n.chars().any(|c| c.is_ascii_digit()) {
                    keys.push((1, n, "passport-number"));
                }
            }
        }
        for (kind, n, reason) in keys {
            match seen.get(&(kind, n.clone())) {
                Some(&j) => join(&mut parent, j, i, reason),
                None => {
                    seen.insert((kind, n), i);
                }
            }
        }
    }
    let groups = (0..entities.len())
        .map(|i| find(&mut parent, i))
        .collect::<Vec<_>>();
    groups.into_iter().zip(why).collect()
}

impl Screener {
    /// Builds a screener over entities.
    pub fn new(entities: Vec<Entity>, lists: Vec<LoadedList>) -> Screener {
        let index = Index::build(entities);
        let by_id = index
            .entities()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let groups = consolidate(index.entities());
        let name_keys = (0..index.name_count()).map(|_| OnceLock::new()).collect();
        Screener {
            index,
            lists,
            by_id,
            groups,
            name_keys,
        }
    }

    /// Loads the active snapshots of the store (importing the bundled UN
    /// list first if the store has no UN snapshot).
    pub fn from_store(store: &mut Store) -> Result<Screener> {
        crate::bundled::ensure_default(store)?;
        let mut entities = Vec::new();
        let mut lists = Vec::new();
        for s in store.active_snapshots()? {
            let es = store.entities(s.id)?;
            lists.push(LoadedList {
                source: s.source,
                snapshot: Some(s.id),
                sha256: s.sha256.clone(),
                published: s.published.clone(),
                entities: es.len(),
            });
            entities.extend(es);
        }
        Ok(Screener::new(entities, lists))
    }

    /// Loads list files directly (`--list kind:path`), bypassing the store.
    pub fn from_files(files: &[(SourceKind, &Path)]) -> Result<Screener> {
        let mut entities = Vec::new();
        let mut lists = Vec::new();
        for (kind, path) in files {
            let bytes = read_file(path)?;
            let name = path.display().to_string();
            let parsed = embargo_sources::parse(*kind, &[InputFile::new(&name, &bytes)])?;
            lists.push(LoadedList {
                source: *kind,
                snapshot: None,
                sha256: sha256_hex(&bytes),
                published: parsed.published.clone(),
                entities: parsed.entities.len(),
            });
            entities.extend(parsed.entities);
        }
        Ok(Screener::new(entities, lists))
    }

    /// The lists loaded.
    pub fn lists(&self) -> &[LoadedList] {
        &self.lists
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Screens one query under the `all` profile.
    pub fn screen(&self, q: &Query, opts: &SearchOptions) -> Vec<ResultRow> {
        self.screen_with(
            q,
            &ScreenOptions {
                search: *opts,
                profile: default_profile(),
            },
        )
    }

    /// Screens one query under a profile.
    pub fn screen_with(&self, q: &Query, opts: &ScreenOptions<'_>) -> Vec<ResultRow> {
        // Every candidate scored may be returned: records of one target
        // are grouped into one row, so more hits than rows are needed.
        let wide = SearchOptions {
            limit: opts.search.limit.max(opts.search.candidates),
            ..opts.search
        };
        self.rows(self.index.search(q, &wide), opts)
    }

    /// Screens one query against every entity (no candidate generation).
    pub fn screen_exhaustive(&self, q: &Query, opts: &SearchOptions) -> Vec<ResultRow> {
        let o = ScreenOptions {
            search: *opts,
            profile: default_profile(),
        };
        let wide = SearchOptions {
            limit: opts.limit.max(opts.candidates),
            ..*opts
        };
        self.rows(self.index.search_exhaustive(q, &wide), &o)
    }

    /// Groups hits of the same target (same group, or the same name and
    /// score and schema), classifies every designation under the profile
    /// and decides `match`.
    fn rows(&self, hits: Vec<Hit>, opts: &ScreenOptions<'_>) -> Vec<ResultRow> {
        let entities = self.index.entities();
        // Same target under the same name in several lists.
        let key_of = |h: &Hit| -> std::borrow::Cow<'_, str> {
            let computed = || name_key(&h.scored.matched_name);
            match h.name.and_then(|n| self.name_keys.get(n as usize)) {
                Some(k) => k.get_or_init(|| computed().into()).as_ref().into(),
                None => computed().into(),
            }
        };
        let years = |e: &Entity| -> Vec<String> {
            e.get(prop::BIRTH_DATE)
                .iter()
                .map(|d| d.chars().take(4).collect())
                .collect()
        };
        let same_target = |a: &Entity, b: &Entity| {
            let (ya, yb) = (years(a), years(b));
            a.schema.compatible_with(b.schema)
                && (ya.is_empty() || yb.is_empty() || ya.iter().any(|y| yb.contains(y)))
        };
        let mut groups: Vec<Group<'_>> = Vec::new();
        for h in &hits {
            let (g, why) = self.groups[h.entity];
            let key = key_of(h);
            let pos = groups.iter().position(|(gid, k, members)| {
                *gid == g
                    || (*k == key
                        && members.first().is_some_and(|(m, _)| {
                            same_target(&entities[m.entity], &entities[h.entity])
                        }))
            });
            match pos {
                Some(i) => {
                    let why = if groups[i].0 != g {
                        "same-name"
                    } else if why == "best" {
                        "un-reference"
                    } else {
                        why
                    };
                    groups[i].2.push((h, why));
                }
                None => groups.push((g, key, vec![(h, "best")])),
            }
        }
        groups.truncate(opts.search.limit);
        let catalogue = embargo_regimes::Catalogue::shipped();
        groups
            .into_iter()
            .map(|(_, _, members)| {
                let best = members[0].0;
                let e = &entities[best.entity];
                let all: Vec<(&Entity, &embargo_model::Designation)> = members
                    .iter()
                    .flat_map(|(m, _)| {
                        let me = &entities[m.entity];
                        me.designations.iter().map(move |d| (me, d))
                    })
                    .collect();
                let ds: Vec<embargo_model::Designation> =
                    all.iter().map(|(_, d)| (*d).clone()).collect();
                let classes = opts.profile.classify_group_with_bases(catalogue, &ds);
                let decides = classes.iter().any(|(_, c)| opts.profile.decides(c.class));
                let designations: Vec<DesignationOut> = all
                    .iter()
                    .zip(classes)
                    .map(|((me, d), (b, c))| designation_out(me, d, b, &c))
                    .collect();
                let strongest = ["binding", "exposure", "informational"]
                    .into_iter()
                    .find(|c| designations.iter().any(|d| d.classification == *c))
                    .unwrap_or("informational");
                let round = |x: f32| (x * 10_000.0).round() / 10_000.0;
                ResultRow {
                    id: e.id.clone(),
                    caption: e.caption().to_string(),
                    schema: e.schema.to_string(),
                    score: round(best.scored.score),
                    is_match: best.is_match && decides,
                    classification: strongest.to_string(),
                    matched_name: best.scored.matched_name.clone(),
                    records: members
                        .iter()
                        .map(|(m, why)| GroupedRecord {
                            id: entities[m.entity].id.clone(),
                            score: round(m.scored.score),
                            grouped_by: why.to_string(),
                        })
                        .collect(),
                    designations,
                    explanations: best.scored.explanations.clone(),
                }
            })
            .collect()
    }

    /// Looks up an entity by id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.index.entities()[i])
    }
}

/// One line of a batch input.
#[derive(Debug, Clone, Deserialize)]
pub struct QueryLine {
    /// Caller's id, echoed in the output.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// Schema name.
    #[serde(default)]
    pub schema: Option<String>,
    /// FtM properties.
    #[serde(default)]
    pub properties: BTreeMap<String, Vec<String>>,
    /// Expected references (evaluation files only).
    #[serde(default)]
    pub expect: Option<Vec<String>>,
}

/// A parsed batch item: its id and either a query or an error message.
#[derive(Debug, Clone)]
pub struct BatchItem {
    /// Id to echo (the input's, or the line number).
    pub id: serde_json::Value,
    /// The query, or why the line is unusable.
    pub query: std::result::Result<Query, String>,
    /// Expected references, for evaluation.
    pub expect: Option<Vec<String>>,
}

/// Reads a batch file: JSON lines (one query object a line) or CSV with a
/// header (`id,schema,name,birth_date,nationality,...`; snake_case columns
/// map to FtM properties). Bad lines become items with an error; nothing is
/// dropped.
pub fn read_batch(path: &Path) -> Result<Vec<BatchItem>> {
    let bytes = read_file(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        || !text.trim_start().starts_with('{');
    if is_csv {
        read_csv_batch(path, text.as_bytes())
    } else {
        Ok(read_jsonl_batch(&text))
    }
}

/// Parses JSON lines into batch items.
pub fn read_jsonl_batch(text: &str) -> Vec<BatchItem> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let lineno = i + 1;
        match serde_json::from_str::<QueryLine>(line) {
            Ok(ql) => {
                let id = ql.id.clone().unwrap_or_else(|| lineno.into());
                let query = Query::from_properties(ql.schema.as_deref(), &ql.properties)
                    .map_err(|e| format!("line {lineno}: {e}"));
                out.push(BatchItem {
                    id,
                    query,
                    expect: ql.expect,
                });
            }
            Err(e) => {
                let id = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").cloned())
                    .unwrap_or_else(|| lineno.into());
                out.push(BatchItem {
                    id,
                    query: Err(format!("line {lineno}: not a query object: {e}")),
                    expect: None,
                });
            }
        }
    }
    out
}

fn camel(col: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in col.trim().chars() {
        if c == '_' || c == ' ' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn read_csv_batch(path: &Path, bytes: &[u8]) -> Result<Vec<BatchItem>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?
        .iter()
        .map(camel)
        .collect();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let lineno = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(BatchItem {
                    id: lineno.into(),
                    query: Err(format!("line {lineno}: {e}")),
                    expect: None,
                });
                continue;
            }
        };
        let mut props: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut id = serde_json::Value::from(lineno);
        let mut schema = None;
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match h.as_str() {
                "id" => id = v.into(),
                "schema" => schema = Some(v.to_string()),
                "fullName" => props.entry("name".into()).or_default().push(v.into()),
                "dateOfBirth" => props.entry("birthDate".into()).or_default().push(v.into()),
                other => props.entry(other.to_string()).or_default().push(v.into()),
            }
        }
        let query = Query::from_properties(schema.as_deref(), &props)
            .map_err(|e| format!("line {lineno}: {e}"));
        out.push(BatchItem {
            id,
            query,
            expect: None,
        });
    }
    Ok(out)
}

/// Screens a batch in parallel, preserving input order. `progress` is
/// called with the number of items done so far (from worker threads).
pub fn screen_batch(
    screener: &Screener,
    items: &[BatchItem],
    opts: &ScreenOptions<'_>,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<serde_json::Value> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    items
        .par_iter()
        .map(|item| {
            let v = match &item.query {
                Ok(q) => {
                    serde_json::json!({"id": item.id, "results": screener.screen_with(q, opts)})
                }
                Err(e) => serde_json::json!({"id": item.id, "error": e}),
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) || n == items.len() {
                progress(n);
            }
            v
        })
        .collect()
}
