//! Screening: the loaded lists, an index over them, and the result shape
//! every front end prints.

use crate::profiles::{BasisKind, Class, Profile, default_profile};
use crate::{Result, read_file, sha256_hex};
use embargo_matching::{Explanation, Hit, Index, Query, SearchOptions};
use embargo_model::{Designation, Entity, Schema, SourceKind, prop};
use embargo_sources::InputFile;
use serde::{Deserialize, Serialize};
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
    pub basis: BasisKind,
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
    pub classification: Class,
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
    pub classification: Class,
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
    /// Per group representative, the group's stable key: the smallest
    /// entity id in it (independent of load order).
    target_keys: HashMap<usize, Box<str>>,
    /// Per group representative with more than one record, its records.
    group_members: HashMap<usize, Vec<usize>>,
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
    d: &Designation,
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
        basis: b.basis,
        regime_id: b.regime_id,
        regime_name: b.regime_name,
        instrument: b.instrument.text,
        unverified: b.instrument.unverified || b.unverified,
        classification: c.class,
        reason: c.reason.clone(),
        flags: c.flags.clone(),
    }
}

/// The designations of one target's records, classified together under a
/// profile (some rules look at the whole group, e.g. "also UN-listed").
pub(crate) struct Classified {
    /// Every designation with its basis and class.
    pub designations: Vec<DesignationOut>,
    /// Whether one of them decides a `match` under the profile.
    pub decides: bool,
    /// The strongest class among them.
    pub strongest: Class,
}

pub(crate) fn classify_designations(
    all: &[(&Entity, &Designation)],
    profile: &Profile,
) -> Classified {
    let catalogue = embargo_regimes::Catalogue::shipped();
    let ds: Vec<Designation> = all.iter().map(|(_, d)| (*d).clone()).collect();
    let classes = profile.classify_group_with_bases(catalogue, &ds);
    let decides = classes.iter().any(|(_, c)| profile.decides(c.class));
    let designations: Vec<DesignationOut> = all
        .iter()
        .zip(classes)
        .map(|((me, d), (b, c))| designation_out(me, d, b, &c))
        .collect();
    let strongest = [Class::Binding, Class::Exposure, Class::Informational]
        .into_iter()
        .find(|c| designations.iter().any(|d| d.classification == *c))
        .unwrap_or(Class::Informational);
    Classified {
        designations,
        decides,
        strongest,
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
    pub profile: &'a Profile,
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
        let mut target_keys: HashMap<usize, Box<str>> = HashMap::new();
        for (i, (g, _)) in groups.iter().enumerate() {
            let id = index.entities()[i].id.as_str();
            let k = target_keys.entry(*g).or_insert_with(|| id.into());
            if id < &**k {
                *k = id.into();
            }
        }
        let mut group_members: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, (g, _)) in groups.iter().enumerate() {
            group_members.entry(*g).or_default().push(i);
        }
        group_members.retain(|_, m| m.len() > 1);
        let name_keys = (0..index.name_count()).map(|_| OnceLock::new()).collect();
        Screener {
            index,
            lists,
            by_id,
            groups,
            target_keys,
            group_members,
            name_keys,
        }
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

    /// Loads list files given as `KIND:PATH` (`un_sc:consolidated.xml`).
    pub fn from_list_specs(specs: &[String]) -> Result<Screener> {
        let specs = specs
            .iter()
            .map(|s| crate::parse_list_spec(s))
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<(SourceKind, &Path)> = specs.iter().map(|(k, p)| (*k, p.as_path())).collect();
        Screener::from_files(&refs)
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
        self.rows(self.index.search(q, &wide), opts, false)
    }

    /// [`Screener::screen_with`]'s rows that are a match, the others not
    /// built (a monitoring run keeps only these, and most customers have
    /// none).
    pub fn screen_matches(&self, q: &Query, opts: &ScreenOptions<'_>) -> Vec<ResultRow> {
        let wide = SearchOptions {
            limit: opts.search.limit.max(opts.search.candidates),
            ..opts.search
        };
        self.rows(self.index.search(q, &wide), opts, true)
    }

    /// Screens one query against every entity (no candidate generation),
    /// under the profile of `opts` like [`Screener::screen_with`].
    pub fn screen_exhaustive(&self, q: &Query, opts: &ScreenOptions<'_>) -> Vec<ResultRow> {
        let wide = SearchOptions {
            limit: opts.search.limit.max(opts.search.candidates),
            ..opts.search
        };
        self.rows(self.index.search_exhaustive(q, &wide), opts, false)
    }

    /// Groups hits of the same target (same group, or the same name and
    /// score and schema), classifies every designation under the profile
    /// and decides `match`.
    fn rows(&self, hits: Vec<Hit>, opts: &ScreenOptions<'_>, only_matches: bool) -> Vec<ResultRow> {
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
        groups
            .into_iter()
            // A group whose best hit is below the threshold is no match.
            .filter(|(_, _, members)| !only_matches || members[0].0.is_match)
            .map(|(_, _, members)| {
                let best = members[0].0;
                let e = &entities[best.entity];
                let all: Vec<(&Entity, &Designation)> = members
                    .iter()
                    .flat_map(|(m, _)| {
                        let me = &entities[m.entity];
                        me.designations.iter().map(move |d| (me, d))
                    })
                    .collect();
                let c = classify_designations(&all, opts.profile);
                let round = |x: f32| (x * 10_000.0).round() / 10_000.0;
                ResultRow {
                    id: e.id.clone(),
                    caption: e.caption().to_string(),
                    schema: e.schema.to_string(),
                    score: round(best.scored.score),
                    is_match: best.is_match && c.decides,
                    classification: c.strongest,
                    matched_name: best.scored.matched_name.clone(),
                    records: members
                        .iter()
                        .map(|(m, why)| GroupedRecord {
                            id: entities[m.entity].id.clone(),
                            score: round(m.scored.score),
                            grouped_by: why.to_string(),
                        })
                        .collect(),
                    designations: c.designations,
                    explanations: best.scored.explanations.clone(),
                }
            })
            .filter(|r| !only_matches || r.is_match)
            .collect()
    }

    /// The stable key of the target a listed record belongs to: the
    /// smallest record id of its consolidation group (records of one target
    /// across lists, linked by UN reference, IMO or passport number).
    pub fn target_key(&self, entity_id: &str) -> Option<&str> {
        let &i = self.by_id.get(entity_id)?;
        self.target_keys.get(&self.groups[i].0).map(|k| &**k)
    }

    /// Every target key of the loaded lists.
    pub fn target_keys(&self) -> std::collections::HashSet<&str> {
        self.target_keys.values().map(|k| &**k).collect()
    }

    /// The ids of every record in the target group of `entity_id`.
    pub fn target_records(&self, entity_id: &str) -> Vec<&Entity> {
        let Some(&i) = self.by_id.get(entity_id) else {
            return Vec::new();
        };
        let g = self.groups[i].0;
        match self.group_members.get(&g) {
            Some(m) => m.iter().map(|&j| &self.index.entities()[j]).collect(),
            None => vec![&self.index.entities()[i]],
        }
    }

    /// Looks up an entity by id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.index.entities()[i])
    }
}
