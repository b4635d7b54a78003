//! Evaluation on labelled data: the figures that justify the default
//! threshold, and that users re-run to validate their own tuning.
//!
//! - [`pairs`]: labelled name pairs (`name1,name2,is_match` CSV, the
//!   `name_bench_cases.csv` format) → precision, recall, F1 at the default
//!   threshold and at the best threshold, per category.
//! - [`queries`]: queries with an `expect` list of references (empty for
//!   negatives) → recall@1, recall@5, recall at the threshold, false alerts
//!   per 1,000 negatives, and candidate recall against exhaustive scoring.
//! - [`prepare`]: builds such query files from the shared evaluation data.

use crate::batch::BatchItem;
use crate::profiles::default_profile;
use crate::screen::{ResultRow, ScreenOptions, Screener};
use crate::{Error, Result};
use embargo_matching::SearchOptions;
use embargo_model::{Entity, Schema, SourceKind, prop};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Precision/recall figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Prf {
    /// Pairs or queries counted.
    pub n: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn of(scored: &[(f32, bool)], threshold: f32) -> Prf {
        let mut p = Prf {
            n: scored.len(),
            ..Prf::default()
        };
        for &(s, truth) in scored {
            match (s >= threshold, truth) {
                (true, true) => p.tp += 1,
                (true, false) => p.fp += 1,
                (false, true) => p.fn_ += 1,
                _ => {}
            }
        }
        p.precision = ratio(p.tp, p.tp + p.fp);
        p.recall = ratio(p.tp, p.tp + p.fn_);
        p.f1 = if p.precision + p.recall > 0.0 {
            2.0 * p.precision * p.recall / (p.precision + p.recall)
        } else {
            0.0
        };
        p
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Result of a pairs evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct PairsReport {
    /// Threshold used as default.
    pub threshold: f32,
    /// Figures at the default threshold.
    pub at_threshold: Prf,
    /// The threshold with the best F1.
    pub best_threshold: f32,
    /// Figures at that threshold.
    pub at_best: Prf,
    /// Figures per `case_group` at the default threshold.
    pub by_group: BTreeMap<String, Prf>,
    /// Figures per `case_group/category` at the default threshold.
    pub by_category: BTreeMap<String, Prf>,
    /// Each pair's score.
    #[serde(skip)]
    pub scores: Vec<ScoredPair>,
}

/// One labelled pair as scored.
#[derive(Debug, Clone)]
pub struct ScoredPair {
    /// First name (the query side).
    pub name1: String,
    /// Second name (the listed side).
    pub name2: String,
    /// The label.
    pub truth: bool,
    /// The name score.
    pub score: f32,
    /// Why: token pairs and what was left unmatched.
    pub detail: String,
}

/// Scores labelled name pairs. Token weights come from the screener's
/// lists, as in screening.
pub fn pairs(screener: &Screener, path: &Path, threshold: f32) -> Result<PairsReport> {
    let bytes = crate::read_file(path)?;
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let bad = |line: usize, what: String| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("line {line}: {what}"),
        ),
    };
    let headers = rdr.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(c1), Some(c2), Some(cm)) = (col("name1"), col("name2"), col("is_match")) else {
        return Err(bad(1, "expected columns name1, name2, is_match".into()));
    };
    let (cs, cg, cc) = (col("schema"), col("case_group"), col("category"));
    let mut scored = Vec::new();
    let mut cats: BTreeMap<String, Vec<(f32, bool)>> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<(f32, bool)>> = BTreeMap::new();
    let mut all = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| bad(i + 2, e.to_string()))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim().to_string();
        let truth = match get(Some(cm)).to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            other => {
                return Err(bad(
                    i + 2,
                    format!("is_match must be true/false, found `{other}`"),
                ));
            }
        };
        let schema = get(cs).parse::<Schema>().ok();
        let (n1, n2) = (get(Some(c1)), get(Some(c2)));
        let (alignment, a, b) = screener.index().compare_pair(&n1, &n2, schema);
        let s = alignment.score;
        scored.push((s, truth));
        let cat = [get(cg), get(cc)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        cats.entry(cat).or_default().push((s, truth));
        groups.entry(get(cg)).or_default().push((s, truth));
        all.push(ScoredPair {
            detail: alignment.describe(&a, &b),
            name1: n1,
            name2: n2,
            truth,
            score: s,
        });
    }
    let at_threshold = Prf::of(&scored, threshold);
    let (mut best_threshold, mut at_best) = (threshold, at_threshold.clone());
    for t in (30..=99).map(|t| t as f32 / 100.0) {
        let p = Prf::of(&scored, t);
        if p.f1 > at_best.f1 {
            best_threshold = t;
            at_best = p;
        }
    }
    Ok(PairsReport {
        threshold,
        at_threshold,
        best_threshold,
        at_best,
        by_group: groups
            .into_iter()
            .map(|(k, v)| (k, Prf::of(&v, threshold)))
            .collect(),
        by_category: cats
            .into_iter()
            .map(|(k, v)| (k, Prf::of(&v, threshold)))
            .collect(),
        scores: all,
    })
}

/// Result of a queries evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueriesReport {
    /// Threshold used.
    pub threshold: f32,
    /// Queries with expectations (positives).
    pub positives: usize,
    /// Queries expecting nothing (negatives).
    pub negatives: usize,
    /// Lines that could not be used (bad query).
    pub errors: usize,
    /// Share of positives whose expected entity ranks first.
    pub recall_at_1: f64,
    /// ... in the first five.
    pub recall_at_5: f64,
    /// ... and reaches the threshold.
    pub recall_at_threshold: f64,
    /// Negatives with at least one match, per 1,000 negatives.
    pub false_alerts_per_1000: f64,
    /// Positives whose expected entity the exhaustive scorer ranks first but
    /// the candidate index misses (only with `check_candidates`).
    pub candidate_misses: Option<usize>,
    /// Share of exhaustive top-1 results (score ≥ cutoff) also found by the
    /// index (only with `check_candidates`).
    pub candidate_recall: Option<f64>,
    /// Exhaustive top-1 results reaching the threshold (alerts) that the
    /// index misses (only with `check_candidates`).
    pub candidate_alert_misses: Option<usize>,
    /// Share of exhaustive top-1 results reaching the threshold also found
    /// by the index (only with `check_candidates`).
    pub candidate_alert_recall: Option<f64>,
    /// Positives not found at rank 1, with the best result.
    #[serde(skip)]
    pub misses: Vec<Outcome>,
    /// Negatives that matched, with the first match.
    #[serde(skip)]
    pub false_alerts: Vec<Outcome>,
}

/// A query and the result it got, for showing misses and false alerts.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Query id.
    pub query: String,
    /// Result entity id (empty when nothing came back).
    pub result: String,
    /// Result score.
    pub score: f32,
    /// The name comparison: `query name ~ listed name: token detail`.
    pub detail: String,
}

fn outcome(query: &str, row: &ResultRow) -> Outcome {
    let detail = row
        .explanations
        .iter()
        .find(|e| e.feature == "name")
        .map(|e| format!("{:?} ~ {:?}: {}", e.query, e.candidate, e.detail))
        .unwrap_or_default();
    Outcome {
        query: query.to_string(),
        result: row.id.clone(),
        score: row.score,
        detail,
    }
}

fn refs_of(e: &Entity) -> Vec<&str> {
    let mut v: Vec<&str> = vec![e.id.as_str()];
    for d in &e.designations {
        v.push(d.reference.as_str());
        if let Some(u) = &d.un_reference {
            v.push(u.as_str());
        }
    }
    v
}

/// Runs evaluation queries.
pub fn queries(
    screener: &Screener,
    items: &[BatchItem],
    threshold: f32,
    check_candidates: bool,
) -> QueriesReport {
    use rayon::prelude::*;
    let opts = SearchOptions {
        limit: 5,
        cutoff: 0.0,
        threshold,
        ..SearchOptions::default()
    };
    struct One {
        pos: bool,
        err: bool,
        r1: bool,
        r5: bool,
        rt: bool,
        alert: Option<Outcome>,
        best: Option<Outcome>,
        cand_checked: bool,
        cand_ok: bool,
        /// The exhaustive top result reaches the threshold (an alert).
        cand_alert: bool,
    }
    let results: Vec<One> = items
        .par_iter()
        .map(|it| {
            let qid = it.id.to_string();
            let Ok(q) = &it.query else {
                return One {
                    pos: false,
                    err: true,
                    r1: false,
                    r5: false,
                    rt: false,
                    alert: None,
                    best: None,
                    cand_checked: false,
                    cand_ok: false,
                    cand_alert: false,
                };
            };
            let hits = screener.screen(q, &opts);
            let expect = it.expect.clone().unwrap_or_default();
            let is_expected = |id: &str| {
                screener
                    .entity(id)
                    .is_some_and(|e| refs_of(e).iter().any(|r| expect.iter().any(|x| x == r)))
            };
            let pos = !expect.is_empty();
            let rank = hits.iter().position(|h| is_expected(&h.id));
            let (mut cand_checked, mut cand_ok, mut cand_alert) = (false, false, false);
            if check_candidates {
                let ex = screener.screen_exhaustive(
                    q,
                    &ScreenOptions {
                        search: SearchOptions { limit: 1, ..opts },
                        profile: default_profile(),
                    },
                );
                if let Some(top) = ex
                    .first()
                    .filter(|t| t.score >= embargo_matching::DEFAULT_CUTOFF)
                {
                    cand_checked = true;
                    cand_ok = hits.first().is_some_and(|h| h.score >= top.score - 1e-4);
                    cand_alert = top.score >= threshold;
                }
            }
            One {
                pos,
                err: false,
                r1: rank == Some(0),
                r5: rank.is_some_and(|r| r < 5),
                rt: rank.is_some_and(|r| hits[r].is_match),
                alert: if pos {
                    None
                } else {
                    hits.iter().find(|h| h.is_match).map(|h| outcome(&qid, h))
                },
                best: hits.first().map(|h| outcome(&qid, h)),
                cand_checked,
                cand_ok,
                cand_alert,
            }
        })
        .collect();
    let mut r = QueriesReport {
        threshold,
        ..QueriesReport::default()
    };
    let (mut r1, mut r5, mut rt, mut alerts, mut cc, mut cok) = (0, 0, 0, 0, 0, 0);
    let (mut ca, mut caok) = (0, 0);
    for (it, o) in items.iter().zip(&results) {
        let qid = it.id.to_string();
        if o.err {
            r.errors += 1;
            continue;
        }
        if o.cand_checked {
            cc += 1;
            cok += o.cand_ok as usize;
        }
        if o.cand_alert {
            ca += 1;
            caok += o.cand_ok as usize;
        }
        if o.pos {
            r.positives += 1;
            r1 += o.r1 as usize;
            r5 += o.r5 as usize;
            rt += o.rt as usize;
            if !o.r1 {
                r.misses.push(o.best.clone().unwrap_or(Outcome {
                    query: qid,
                    ..Outcome::default()
                }));
            }
        } else {
            r.negatives += 1;
            if let Some(a) = &o.alert {
                alerts += 1;
                r.false_alerts.push(a.clone());
            }
        }
    }
    r.recall_at_1 = ratio(r1, r.positives);
    r.recall_at_5 = ratio(r5, r.positives);
    r.recall_at_threshold = ratio(rt, r.positives);
    r.false_alerts_per_1000 = 1000.0 * ratio(alerts, r.negatives);
    if check_candidates {
        r.candidate_misses = Some(cc - cok);
        r.candidate_recall = Some(ratio(cok, cc));
        r.candidate_alert_misses = Some(ca - caok);
        r.candidate_alert_recall = Some(ratio(caok, ca));
    }
    r
}

fn token_key(name: &str) -> String {
    let mut toks: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
        .collect();
    toks.sort();
    toks.join(" ")
}

fn line(
    id: String,
    schema: &str,
    props: BTreeMap<&str, Vec<String>>,
    expect: Vec<String>,
) -> String {
    serde_json::json!({"id": id, "schema": schema, "properties": props, "expect": expect})
        .to_string()
}

/// Parses one official file.
fn parse_one(kind: SourceKind, path: &Path) -> Result<embargo_sources::ParsedList> {
    let bytes = crate::read_file(path)?;
    let name = path.display().to_string();
    Ok(embargo_sources::parse(
        kind,
        &[embargo_sources::InputFile::new(&name, &bytes)],
    )?)
}

/// Queries of the names of `e` written in a script (`in_script`), each
/// expecting `expect` and the references `by_name` gives the record's
/// other names (matched by [`token_key`]); none when nothing is expected.
fn script_queries(
    e: &Entity,
    in_script: &dyn Fn(&str) -> bool,
    by_name: &HashMap<String, Vec<&str>>,
    mut expect: Vec<String>,
    tag: &str,
    lines: &mut Vec<String>,
) {
    for (_, n) in e.names().filter(|(_, n)| !in_script(n)) {
        for r in by_name.get(&token_key(n)).into_iter().flatten() {
            if !expect.iter().any(|x| x == r) {
                expect.push((*r).to_string());
            }
        }
    }
    if expect.is_empty() {
        return;
    }
    for (k, (_, n)) in e.names().filter(|(_, n)| in_script(n)).enumerate() {
        let mut props = BTreeMap::new();
        props.insert(prop::NAME, vec![n.to_string()]);
        lines.push(line(
            format!("{}-{tag}{}", e.id, k + 1),
            &e.schema.to_string(),
            props,
            expect.clone(),
        ));
    }
}

/// What [`prepare`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Prepared {
    /// File name → number of queries.
    pub files: BTreeMap<String, usize>,
    /// UN positives whose untreated name was not found in the UN list (left out).
    pub un_unresolved: Vec<String>,
}

/// Builds evaluation query files in `out` from the shared data folder:
/// `un_treated.jsonl` (typo'd UN names, expecting the UN reference of the
/// aligned untreated row, looked up by exact name in the UN list),
/// `negatives_us.jsonl` (synthetic non-listed people with DOB and
/// nationality), `negatives_us_name_only.jsonl` (the same, names only),
/// `uk_un_links.jsonl` (UK primary names expecting their UN reference),
/// `jp_katakana_un.jsonl` (katakana names of the Japan MOF list whose
/// record's Latin name is a UN name, expecting that UN reference; screen
/// them against the UN list only), `un_arabic_uk.jsonl` (Arabic-script
/// names of UN records, expecting the UK record of 2018 that cites the UN
/// reference or bears one of the record's Latin names; screen them against
/// that UK list), `putin_sdn.jsonl` (the spellings of one name across
/// scripts, expecting its OFAC SDN record; screen them against the SDN list
/// of 2024-05-03). The UN list read is `lists/un/un_consolidated_2026-02-27.xml`.
pub fn prepare(shared: &Path, out: &Path) -> Result<Prepared> {
    let un_path = shared.join("lists/un/un_consolidated_2026-02-27.xml");
    let bytes = crate::read_file(&un_path)?;
    let name = un_path.display().to_string();
    let un = embargo_sources::parse(
        SourceKind::UnSc,
        &[embargo_sources::InputFile::new(&name, &bytes)],
    )?;
    prepare_from(shared, &un.entities, out)
}

fn prepare_from(shared: &Path, un: &[Entity], out: &Path) -> Result<Prepared> {
    let io = |p: &Path, e: std::io::Error| Error::Io {
        path: p.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let eval = shared.join("eval");
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for e in un {
        for (_, n) in e.names() {
            let refs = by_name.entry(token_key(n)).or_default();
            for d in &e.designations {
                if d.source == SourceKind::UnSc && !refs.contains(&d.reference) {
                    refs.push(d.reference.clone());
                }
            }
        }
    }
    let read_csv = |name: &str| -> Result<Vec<BTreeMap<String, String>>> {
        let p = eval.join(name);
        let bytes = crate::read_file(&p)?;
        let mut rdr = csv::Reader::from_reader(bytes.as_slice());
        let h = rdr
            .headers()
            .map_err(|e| io(&p, std::io::Error::other(e.to_string())))?
            .clone();
        let mut rows = Vec::new();
        for r in rdr.records() {
            let r = r.map_err(|e| io(&p, std::io::Error::other(e.to_string())))?;
            rows.push(
                h.iter()
                    .zip(r.iter())
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
            );
        }
        Ok(rows)
    };
    let mut files = BTreeMap::new();
    let mut un_unresolved = Vec::new();
    let write = |name: &str, lines: &[String]| -> Result<()> {
        let p = out.join(name);
        std::fs::write(&p, lines.join("\n") + "\n").map_err(|e| io(&p, e))
    };

    let treated = read_csv("positives_un_treated.csv")?;
    let untreated = read_csv("positives_un_untreated.csv")?;
    let mut lines = Vec::new();
    for (i, (t, u)) in treated.iter().zip(&untreated).enumerate() {
        let Some(refs) = u.get("full_name").and_then(|n| by_name.get(&token_key(n))) else {
            un_unresolved.push(u.get("full_name").cloned().unwrap_or_default());
            continue;
        };
        let mut props = BTreeMap::new();
        props.insert(
            prop::NAME,
            vec![t.get("full_name").cloned().unwrap_or_default()],
        );
        lines.push(line(format!("un{}", i + 1), "Person", props, refs.clone()));
    }
    files.insert("un_treated.jsonl".to_string(), lines.len());
    write("un_treated.jsonl", &lines)?;

    let neg = read_csv("negatives_us.csv")?;
    let (mut full, mut names_only) = (Vec::new(), Vec::new());
    for (i, r) in neg.iter().enumerate() {
        let name = r.get("full_name").cloned().unwrap_or_default();
        let mut props = BTreeMap::new();
        props.insert(prop::NAME, vec![name]);
        names_only.push(line(
            format!("neg{}", i + 1),
            "Person",
            props.clone(),
            vec![],
        ));
        if let Some(d) = r.get("date_of_birth").filter(|d| !d.is_empty()) {
            props.insert(prop::BIRTH_DATE, vec![d.clone()]);
        }
        if let Some(n) = r
            .get("nationality")
            .filter(|n| embargo_model::country::code(n).is_some())
        {
            props.insert(prop::NATIONALITY, vec![n.clone()]);
        }
        full.push(line(format!("neg{}", i + 1), "Person", props, vec![]));
    }
    files.insert("negatives_us.jsonl".to_string(), full.len());
    write("negatives_us.jsonl", &full)?;
    files.insert("negatives_us_name_only.jsonl".to_string(), names_only.len());
    write("negatives_us_name_only.jsonl", &names_only)?;

    let p = eval.join("uk_fcdo_un_links.jsonl");
    let text = String::from_utf8_lossy(&crate::read_file(&p)?).into_owned();
    let mut lines = Vec::new();
    for (i, l) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(l)
            .map_err(|e| io(&p, std::io::Error::other(format!("line {}: {e}", i + 1))))?;
        let (Some(r), Some(name)) = (v["un_ref"].as_str(), v["uk_names"][0].as_str()) else {
            continue;
        };
        let schema = if r.chars().nth(2) == Some('i') {
            "Person"
        } else {
            "LegalEntity"
        };
        let mut props = BTreeMap::new();
        props.insert(prop::NAME, vec![name.to_string()]);
        lines.push(line(
            format!("uk{}", i + 1),
            schema,
            props,
            vec![r.trim().to_string()],
        ));
    }
    files.insert("uk_un_links.jsonl".to_string(), lines.len());
    write("uk_un_links.jsonl", &lines)?;

    // Katakana → Latin: the Japan MOF list gives every name in katakana and
    // most also in Latin letters. A katakana name whose record's Latin name
    // is a UN name must find that UN record (screened against the UN list
    // only, so the katakana itself is not listed).
    let mut lines = Vec::new();
    let dir = shared.join("lists").join("jp_mof");
    let mut books: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    books.sort();
    if let Some(book) = books.last() {
        let jp = parse_one(SourceKind::JpMof, book)?;
        let is_kana = |n: &str| n.chars().any(|c| ('\u{30A0}'..='\u{30FF}').contains(&c));
        // Names only: some cells carry notes (birth, passport) after the
        // katakana name; those are not names to screen.
        let clean = |n: &str| {
            n.chars().all(|c| {
                ('\u{30A0}'..='\u{30FF}').contains(&c) || matches!(c, ' ' | '　' | '＝' | '=')
            })
        };
        for e in &jp.entities {
            let mut refs: Vec<String> = Vec::new();
            for (_, n) in e.names().filter(|(_, n)| !is_kana(n)) {
                for r in by_name.get(&token_key(n)).into_iter().flatten() {
                    if !refs.contains(r) {
                        refs.push(r.clone());
                    }
                }
            }
            if refs.is_empty() {
                continue;
            }
            for (k, (_, n)) in e.names().filter(|(_, n)| clean(n)).enumerate() {
                let mut props = BTreeMap::new();
                props.insert(prop::NAME, vec![n.to_string()]);
                lines.push(line(
                    format!("{}-{}", e.id, k + 1),
                    &e.schema.to_string(),
                    props,
                    refs.clone(),
                ));
            }
        }
    }
    files.insert("jp_katakana_un.jsonl".to_string(), lines.len());
    write("jp_katakana_un.jsonl", &lines)?;

    // Arabic script → Latin: the UN list gives many names in Arabic script
    // too; the UK list of 2018 writes them in Latin letters only. An Arabic
    // name of a UN record must find the UK record that cites its UN
    // reference or bears one of its Latin names exactly (many Iraq entries
    // of the UK list cite no UN reference). Records the UK list lacks are
    // left out: such a "negative" is often the same person under another
    // spelling; negatives are made by recombining names instead (below).
    let uk_path = shared.join("lists/uk_ofsi/ofsi_conlist_2018-04-13.csv");
    let uk = parse_one(SourceKind::GbOfsi, &uk_path)?;
    let mut uk_by_name: HashMap<String, Vec<&str>> = HashMap::new();
    let mut uk_refs: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for e in &uk.entities {
        for (_, n) in e.names() {
            uk_by_name.entry(token_key(n)).or_default().push(&e.id);
        }
        uk_refs.extend(
            e.designations
                .iter()
                .filter_map(|d| d.un_reference.as_ref().map(|r| r.as_str())),
        );
    }
    let is_arabic = |n: &str| n.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let mut lines = Vec::new();
    for e in un {
        let expect: Vec<String> = e
            .designations
            .iter()
            .filter(|d| d.source == SourceKind::UnSc && uk_refs.contains(d.reference.as_str()))
            .map(|d| d.reference.clone())
            .collect();
        script_queries(e, &is_arabic, &uk_by_name, expect, "ar", &mut lines);
    }
    // Negatives: a given name of one record with the other names of
    // another (`صدام` + `حامد محمود التكريتي`), most likely nobody listed.
    // Names with parentheses are left out: what they hold (`(Ansar al
    // Charia)`, an alias list) is a listed name whatever comes before it.
    let arabic: Vec<(&Entity, &str)> = un
        .iter()
        .flat_map(|e| e.names().map(move |(_, n)| (e, n)))
        .filter(|(_, n)| is_arabic(n) && n.split_whitespace().count() >= 2 && !n.contains('('))
        .collect();
    for (k, (e, n)) in arabic.iter().enumerate() {
        let (other, m) = arabic[(k + 7) % arabic.len()];
        if other.id == e.id {
            continue;
        }
        // `عبد`, `أبو` begin a compound given name: not a name alone.
        let first = n.split_whitespace().next().unwrap_or_default();
        let rest: Vec<&str> = m.split_whitespace().skip(1).collect();
        if matches!(first, "عبد" | "أبو" | "ابو") || rest.is_empty() {
            continue;
        }
        let mut props = BTreeMap::new();
        props.insert(prop::NAME, vec![format!("{first} {}", rest.join(" "))]);
        lines.push(line(
            format!("ar-neg{}", k + 1),
            &e.schema.to_string(),
            props,
            Vec::new(),
        ));
    }
    files.insert("un_arabic_uk.jsonl".to_string(), lines.len());
    write("un_arabic_uk.jsonl", &lines)?;

    // One person across scripts and languages: `putin_names.txt` holds
    // spellings of Vladimir Putin's name (81 lines) (Cyrillic with stress marks,
    // Greek, Arabic, Persian, Hebrew, Hangul, kana, Han, Indic scripts,
    // Latin in many languages, with titles). They must find the OFAC SDN
    // record whose name is one of those spellings.
    let sdn_path = shared.join("lists/us_ofac/sdn_2024-05-03.csv");
    let spellings_path = eval.join("putin_names.txt");
    let spellings = String::from_utf8_lossy(&crate::read_file(&spellings_path)?).into_owned();
    let spellings: Vec<&str> = spellings
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let sdn = parse_one(SourceKind::UsOfacSdn, &sdn_path)?;
    let keys: std::collections::HashSet<String> = spellings.iter().map(|s| token_key(s)).collect();
    let expect: Vec<String> = sdn
        .entities
        .iter()
        .filter(|e| e.names().any(|(_, n)| keys.contains(&token_key(n))))
        .flat_map(|e| e.designations.iter().map(|d| d.reference.clone()))
        .collect();
    let lines: Vec<String> = if expect.is_empty() {
        Vec::new()
    } else {
        spellings
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut props = BTreeMap::new();
                props.insert(prop::NAME, vec![s.to_string()]);
                line(format!("putin{}", i + 1), "Person", props, expect.clone())
            })
            .collect()
    };
    files.insert("putin_sdn.jsonl".to_string(), lines.len());
    write("putin_sdn.jsonl", &lines)?;

    // Cyrillic → Latin: the Canadian SEMA list gives many Russian and
    // Belarusian names in Cyrillic too (`Belarusian: ...`, `Russian: ...`).
    // A Cyrillic name must find the OFAC SDN record (2024-05-03, Latin
    // only) that bears one of its record's Latin names exactly: another
    // authority's romanisation of the same person.
    let mut lines = Vec::new();
    let sema_dir = shared.join("lists").join("ca_sema");
    let mut sema_files: Vec<PathBuf> = std::fs::read_dir(&sema_dir)
        .map_err(|e| io(&sema_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    sema_files.sort();
    if let Some(path) = sema_files.last() {
        let sema = parse_one(SourceKind::CaSema, path)?;
        let mut sdn_by_name: HashMap<String, Vec<&str>> = HashMap::new();
        for e in &sdn.entities {
            for (_, n) in e.names() {
                let refs = sdn_by_name.entry(token_key(n)).or_default();
                for d in &e.designations {
                    if !refs.contains(&d.reference.as_str()) {
                        refs.push(&d.reference);
                    }
                }
            }
        }
        let is_cyrillic = |n: &str| n.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        for e in &sema.entities {
            script_queries(e, &is_cyrillic, &sdn_by_name, Vec::new(), "cyr", &mut lines);
        }
    }
    files.insert("ca_cyrillic_sdn.jsonl".to_string(), lines.len());
    write("ca_cyrillic_sdn.jsonl", &lines)?;
    Ok(Prepared {
        files,
        un_unresolved,
    })
}
