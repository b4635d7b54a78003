//! Alerts and their life: raised by runs, deduplicated by evidence,
//! superseded when the evidence changes, lapsed or delisted when the hit
//! goes away, decided by analysts, and kept quiet by the accept-list while
//! both sides of an accepted pair stay as they were.
//!
//! An alert is one (customer version, listed target) pair. Its *evidence*
//! is a hash of the matching fields of both sides; `fields` keeps one hash
//! per field, so that a changed pair can say which side and which field
//! changed.

use crate::audit::{AuditEntry, append};
use crate::{Error, Result, Store, now};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an alert is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertStatus {
    /// Waiting for an analyst.
    Open,
    /// Sent up for a second opinion.
    Escalated,
    /// Decided: the customer is the listed target.
    TrueMatch,
    /// Decided: not the listed target.
    FalsePositive,
    /// Closed after a decision.
    Closed,
    /// The listed target left every active list; proposed for closing.
    Delisted,
    /// The pair no longer scores at the threshold, or the customer was retired.
    Lapsed,
    /// Replaced by a newer alert for the same pair with changed evidence.
    Superseded,
}

impl AlertStatus {
    /// Every status.
    pub const ALL: [AlertStatus; 8] = [
        AlertStatus::Open,
        AlertStatus::Escalated,
        AlertStatus::TrueMatch,
        AlertStatus::FalsePositive,
        AlertStatus::Closed,
        AlertStatus::Delisted,
        AlertStatus::Lapsed,
        AlertStatus::Superseded,
    ];

    /// The status's name (`open`, `true-match`...).
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Escalated => "escalated",
            AlertStatus::TrueMatch => "true-match",
            AlertStatus::FalsePositive => "false-positive",
            AlertStatus::Closed => "closed",
            AlertStatus::Delisted => "delisted",
            AlertStatus::Lapsed => "lapsed",
            AlertStatus::Superseded => "superseded",
        }
    }

    /// Waiting for a person (open or escalated).
    pub fn is_pending(self) -> bool {
        matches!(self, AlertStatus::Open | AlertStatus::Escalated)
    }

    /// Ended by the system, not by a person: a new hit raises a new alert.
    fn ended_by_system(self) -> bool {
        matches!(
            self,
            AlertStatus::Delisted | AlertStatus::Lapsed | AlertStatus::Superseded
        )
    }
}

impl std::fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AlertStatus {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        AlertStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = AlertStatus::ALL.iter().map(|x| x.as_str()).collect();
                format!(
                    "unknown alert status {s:?}; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Per-field hashes of the two sides of a pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldPrints {
    /// The customer version's matching fields.
    pub customer: BTreeMap<String, String>,
    /// The listed target's matching fields and designations.
    pub target: BTreeMap<String, String>,
}

impl FieldPrints {
    /// What changed from `old` to `self`, in words (`customer: birthDate;
    /// listed: name`), empty when nothing did.
    pub fn changes_since(&self, old: &FieldPrints) -> String {
        fn diff(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter()
                .filter(|k| a.get(*k) != b.get(*k))
                .map(|k| k.to_string())
                .collect()
        }
        let mut parts = Vec::new();
        let c = diff(&old.customer, &self.customer);
        if !c.is_empty() {
            parts.push(format!("customer changed {}", c.join(", ")));
        }
        let t = diff(&old.target, &self.target);
        if !t.is_empty() {
            parts.push(format!("listed record changed {}", t.join(", ")));
        }
        parts.join("; ")
    }
}

/// A hit of a screened customer at or above the threshold.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewHit {
    /// The consolidated target's stable key.
    pub target: String,
    /// The best-scoring listed record.
    pub entity_id: String,
    /// Its display name.
    pub caption: String,
    /// Score.
    pub score: f64,
    /// Hash of both sides' matching fields.
    pub evidence: String,
    /// Per-field hashes.
    pub fields: FieldPrints,
    /// The strongest classification of the target's designations under the
    /// run's profile (`binding`, `exposure`, `informational`).
    pub class: String,
    /// The catalogue regimes of the target's designations (`UN-1718`...).
    pub regimes: Vec<String>,
    /// The lists of the target's records (`un_sc`, `us_ofac_sdn`...).
    pub lists: Vec<String>,
    /// What the engine shows of the hit (the result row and both records).
    pub detail: serde_json::Value,
}

/// The hits of one screened customer version.
#[derive(Debug, Clone)]
pub struct Screened {
    /// Customer id.
    pub customer: String,
    /// The version screened.
    pub version: i64,
    /// Its hits.
    pub hits: Vec<NewHit>,
}

/// A stored alert: its summary row and the evidence behind it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alert {
    /// What a list shows (id, status, pair, score, why, when, version).
    #[serde(flatten)]
    pub row: AlertRow,
    /// Evidence hash.
    pub evidence: String,
    /// Per-field hashes.
    pub fields: FieldPrints,
    /// The alert or accept-list entry it reopens or replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<i64>,
    /// Engine detail (result row, both records).
    pub detail: serde_json::Value,
}

/// A decision on an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Send up for a second opinion.
    Escalate,
    /// The customer is the listed target.
    TrueMatch,
    /// Not the listed target.
    FalsePositive,
    /// Close a decided alert (a second person for a true match when four
    /// eyes are required).
    Close,
}

impl Decision {
    /// Every decision.
    pub const ALL: [Decision; 4] = [
        Decision::FalsePositive,
        Decision::TrueMatch,
        Decision::Escalate,
        Decision::Close,
    ];

    /// The status this decision moves an alert in `from` to, if the status
    /// flow allows it at all (four eyes are checked when deciding).
    pub fn moves(self, from: AlertStatus) -> Option<AlertStatus> {
        use AlertStatus as S;
        Some(match (self, from) {
            (Decision::Escalate, S::Open) => S::Escalated,
            (Decision::TrueMatch, S::Open | S::Escalated) => S::TrueMatch,
            (Decision::FalsePositive, S::Open | S::Escalated) => S::FalsePositive,
            (Decision::Close, S::TrueMatch | S::FalsePositive | S::Delisted | S::Lapsed) => {
                S::Closed
            }
            _ => return None,
        })
    }

    /// The decisions an alert in `status` can take.
    pub fn allowed(status: AlertStatus) -> Vec<Decision> {
        Decision::ALL
            .into_iter()
            .filter(|d| d.moves(status).is_some())
            .collect()
    }

    /// The decision's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Escalate => "escalate",
            Decision::TrueMatch => "true-match",
            Decision::FalsePositive => "false-positive",
            Decision::Close => "close",
        }
    }
}

impl std::str::FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s {
            "escalate" => Decision::Escalate,
            "true-match" => Decision::TrueMatch,
            "false-positive" => Decision::FalsePositive,
            "close" => Decision::Close,
            _ => {
                return Err(format!(
                    "unknown decision {s:?}; expected true-match, false-positive, escalate or close"
                ));
            }
        })
    }
}

/// A decision to record.
#[derive(Debug, Clone)]
pub struct DecisionRequest<'a> {
    /// The alert.
    pub alert: i64,
    /// What was decided.
    pub decision: Decision,
    /// Why (required).
    pub reason: &'a str,
    /// Who.
    pub by: &'a str,
    /// Add the pair to the accept-list (false positives only).
    pub accept: bool,
    /// The alert's row version the decision was made on; `None` takes the
    /// current one (the status flow still refuses a stale decision).
    pub expected_version: Option<i64>,
    /// Whether the decider holds the supervisor role (four-eyes close).
    pub supervisor: bool,
}

/// A recorded decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// Decision id.
    pub id: i64,
    /// The alert.
    pub alert: i64,
    /// When.
    pub at: String,
    /// Who.
    pub by: String,
    /// What.
    pub decision: Decision,
    /// Why.
    pub reason: String,
    /// Status before and after.
    pub from: AlertStatus,
    /// Status after.
    pub to: AlertStatus,
    /// The accept-list entry it created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<i64>,
}

/// An accept-list entry: a pair judged a false positive, quiet while both
/// sides' matching fields hold.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Accepted {
    /// Entry id.
    pub id: i64,
    /// Customer id.
    pub customer: String,
    /// Target key.
    pub target: String,
    /// Listed record at acceptance and its name.
    pub entity_id: String,
    /// Display name of the listed record.
    pub caption: String,
    /// The fields fingerprinted at acceptance.
    pub fields: FieldPrints,
    /// The alert decided.
    pub alert: i64,
    /// Who accepted.
    pub by: String,
    /// When.
    pub at: String,
    /// Why.
    pub reason: String,
    /// `active`, `revoked` (by a person) or `lapsed` (a side changed).
    pub state: String,
    /// When and why it stopped being active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
}

/// Counts of what applying screened customers did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertCounts {
    /// Customers screened.
    pub screened: usize,
    /// Hits at or above the threshold.
    pub hits: usize,
    /// New alerts raised.
    pub raised: usize,
    /// Of which reopening an accepted pair or a decided alert whose evidence changed.
    pub reopened: usize,
    /// Hits that already had an alert with the same evidence.
    pub existing: usize,
    /// Hits kept quiet by the accept-list.
    pub accepted: usize,
    /// Pending alerts replaced by a newer one.
    pub superseded: usize,
    /// Pending alerts whose pair no longer hits.
    pub lapsed: usize,
    /// Pending alerts whose target left the lists.
    pub delisted: usize,
}

impl AlertCounts {
    /// Adds another batch's counts.
    pub fn add(&mut self, o: &AlertCounts) {
        self.screened += o.screened;
        self.hits += o.hits;
        self.raised += o.raised;
        self.reopened += o.reopened;
        self.existing += o.existing;
        self.accepted += o.accepted;
        self.superseded += o.superseded;
        self.lapsed += o.lapsed;
        self.delisted += o.delisted;
    }
}

/// Alert filters.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only these statuses (empty: all).
    pub status: Vec<AlertStatus>,
    /// Only alerts raised by this run.
    pub run: Option<i64>,
    /// Only this customer.
    pub customer: Option<String>,
    /// Only this target.
    pub target: Option<String>,
    /// Minimum score.
    pub min_score: Option<f64>,
    /// Maximum score.
    pub max_score: Option<f64>,
    /// Only targets of this list (`un_sc`, `us_ofac_sdn`...).
    pub list: Option<String>,
    /// Only targets with a designation under this catalogue regime.
    pub regime: Option<String>,
    /// Only targets whose strongest class under the run's profile is this
    /// (`binding`, `exposure`, `informational`).
    pub class: Option<String>,
    /// Only alerts assigned so.
    pub assignee: Option<Assignee>,
    /// Order of the rows.
    pub sort: AlertSort,
    /// Paging: alerts with id below this (newest first), for keyset paging.
    pub before: Option<i64>,
    /// Keyset paging oldest first: alerts with id above this.
    pub after: Option<i64>,
    /// Keyset paging by score: alerts ranked after this (score, id).
    pub below: Option<(f64, i64)>,
    /// Paging for the other orders: rows to skip.
    pub offset: Option<usize>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// Whom alerts are assigned to, as a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    /// Nobody.
    Nobody,
    /// This user.
    To(String),
}

/// How a list of alerts is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AlertSort {
    /// Newest first (keyset paging with `before`).
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
    /// Highest score first, then newest.
    Score,
}

impl std::str::FromStr for AlertSort {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<AlertSort, String> {
        match s {
            "newest" => Ok(AlertSort::Newest),
            "oldest" => Ok(AlertSort::Oldest),
            "score" => Ok(AlertSort::Score),
            other => Err(format!("sort {other:?}: expected newest, oldest or score")),
        }
    }
}

/// An alert in a list: everything but the evidence detail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AlertRow {
    /// Alert id.
    pub id: i64,
    /// Status.
    pub status: AlertStatus,
    /// Customer id and version.
    pub customer: String,
    /// Customer version screened.
    pub customer_version: i64,
    /// Target key and best listed record.
    pub target: String,
    /// Best listed record.
    pub entity_id: String,
    /// Its name.
    pub caption: String,
    /// Score.
    pub score: f64,
    /// Why raised.
    pub raised_because: String,
    /// Run that raised it.
    pub run: i64,
    /// When raised.
    pub raised_at: String,
    /// Last change.
    pub updated_at: String,
    /// Row version (send it back with a decision).
    pub row_version: i64,
    /// The strongest classification of the target under the run's profile.
    pub class: String,
    /// The catalogue regimes of the target's designations.
    pub regimes: Vec<String>,
    /// The analyst working on it (null: nobody).
    pub assignee: Option<String>,
    /// The lists of the target's records.
    pub lists: Vec<String>,
}

impl From<&Alert> for AlertRow {
    fn from(a: &Alert) -> Self {
        a.row.clone()
    }
}

/// The columns of [`AlertRow`], in the order [`read_row`] reads them.
const ROW_COLS: &str = "id, status, customer, customer_version, target, entity_id, caption, \
    score, raised_because, run, raised_at, updated_at, row_version, class, regimes, assignee, lists";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlertRow> {
    let status: String = r.get(1)?;
    Ok(AlertRow {
        id: r.get(0)?,
        status: status.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
        })?,
        customer: r.get(2)?,
        customer_version: r.get(3)?,
        target: r.get(4)?,
        entity_id: r.get(5)?,
        caption: r.get(6)?,
        score: r.get(7)?,
        raised_because: r.get(8)?,
        run: r.get(9)?,
        raised_at: r.get(10)?,
        updated_at: r.get(11)?,
        row_version: r.get(12)?,
        class: r.get(13)?,
        regimes: split_set(&r.get::<_, String>(14)?),
        assignee: r.get(15)?,
        lists: split_set(&r.get::<_, String>(16)?),
    })
}

/// Regimes and lists are stored as `,A,B,` so that one can be found with `instr`.
fn join_set(regimes: &[String]) -> String {
    if regimes.is_empty() {
        return String::new();
    }
    format!(",{},", regimes.join(","))
}

fn split_set(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

// `detail` (about 2 KB an alert) and `fields` (about 450 bytes) live in
// their own table so that the alerts table stays narrow: listing 100,000
// alerts read every wide row's pages (0.21 s of SQL with `fields` inline).
// An alert's columns are its row's, then these.
const COLS: &str = "id, status, customer, customer_version, target, entity_id, caption, \
    score, raised_because, run, raised_at, updated_at, row_version, class, regimes, assignee, \
    lists, evidence, \
    (SELECT fields FROM alert_details WHERE alert = alerts.id), follows, \
    (SELECT detail FROM alert_details WHERE alert = alerts.id)";

// What a run compares a new hit with: the row, its evidence and fields.
const LATEST_COLS: &str = "id, status, customer, customer_version, target, entity_id, caption, \
    score, raised_because, run, raised_at, updated_at, row_version, class, regimes, assignee, \
    lists, evidence, \
    (SELECT fields FROM alert_details WHERE alert = alerts.id)";

fn json_col<T: serde::de::DeserializeOwned>(idx: usize, s: String) -> rusqlite::Result<T> {
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The latest alert of a pair: its row, evidence hash and field prints.
fn read_latest(r: &rusqlite::Row<'_>) -> rusqlite::Result<(AlertRow, String, FieldPrints)> {
    Ok((read_row(r)?, r.get(17)?, json_col(18, r.get(18)?)?))
}

fn read_alert(r: &rusqlite::Row<'_>) -> rusqlite::Result<Alert> {
    Ok(Alert {
        row: read_row(r)?,
        evidence: r.get(17)?,
        fields: json_col(18, r.get(18)?)?,
        follows: r.get(19)?,
        detail: json_col(20, r.get(20)?)?,
    })
}

fn to_json<T: Serialize>(v: &T, what: &str) -> Result<String> {
    serde_json::to_string(v).map_err(|source| Error::Corrupt {
        what: what.to_string(),
        source,
    })
}

pub(crate) fn alert_by_id(conn: &Connection, id: i64) -> Result<Option<Alert>> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLS} FROM alerts WHERE id = ?1"))?;
    Ok(st.query_row([id], read_alert).optional()?)
}

fn set_status(
    conn: &Connection,
    a: &AlertRow,
    to: AlertStatus,
    why: &str,
    run: Option<i64>,
) -> Result<()> {
    conn.execute(
        "UPDATE alerts SET status = ?2, updated_at = ?3, row_version = row_version + 1 WHERE id = ?1",
        params![a.id, to.as_str(), now()],
    )?;
    append(
        conn,
        AuditEntry::new(
            "system",
            &format!("alert.{}", to.as_str()),
            format!("alert:{}", a.id),
        )
        .before(serde_json::json!({"status": a.status}))
        .after(serde_json::json!({"status": to, "why": why, "run": run})),
    )?;
    Ok(())
}

fn active_accept(
    conn: &Connection,
    customer: &str,
    target: &str,
) -> Result<Option<(i64, FieldPrints, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT id, fields, alert FROM accept_list WHERE customer = ?1 AND target = ?2 AND state = 'active'",
    )?;
    Ok(st
        .query_row(params![customer, target], |r| {
            Ok((r.get(0)?, json_col(1, r.get(1)?)?, r.get(2)?))
        })
        .optional()?)
}

/// Applies one screened customer version inside the caller's transaction.
pub(crate) fn apply_screened(
    conn: &Connection,
    run: i64,
    s: &Screened,
    is_live: &dyn Fn(&str) -> bool,
    counts: &mut AlertCounts,
) -> Result<()> {
    counts.screened += 1;
    let pending = pending_of(conn, &s.customer)?;
    let mut latest_st = conn.prepare_cached(&format!(
        "SELECT {LATEST_COLS} FROM alerts WHERE customer = ?1 AND target = ?2 ORDER BY id DESC LIMIT 1"
    ))?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO alerts (customer, customer_version, target, entity_id, caption, score, status,
            evidence, run, raised_because, follows, raised_at, updated_at, row_version,
            class, regimes, assignee, lists)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, ?11, 1, ?12, ?13, ?14, ?15)",
    )?;
    let mut insert_detail = conn
        .prepare_cached("INSERT INTO alert_details (alert, detail, fields) VALUES (?1, ?2, ?3)")?;
    for hit in &s.hits {
        counts.hits += 1;
        let latest = latest_st
            .query_row(params![s.customer, hit.target], read_latest)
            .optional()?;
        let mut because = String::from("new hit");
        let mut follows = None;
        let mut reopened = false;
        if let Some((acc_id, fields, _)) = active_accept(conn, &s.customer, &hit.target)? {
            if fields == hit.fields {
                counts.accepted += 1;
                continue;
            }
            let changed = hit.fields.changes_since(&fields);
            conn.execute(
                "UPDATE accept_list SET state = 'lapsed', ended = ?2 WHERE id = ?1",
                params![acc_id, format!("{}: {changed}", now())],
            )?;
            append(
                conn,
                AuditEntry::new("system", "accept.lapsed", format!("accept:{acc_id}"))
                    .after(serde_json::json!({"changed": changed, "run": run})),
            )?;
            because = format!("reopened: accepted pair changed ({changed})");
            follows = Some(acc_id);
            reopened = true;
        } else if let Some((l, evidence, fields)) = &latest {
            let same = l.customer_version == s.version && *evidence == hit.evidence;
            if same && !l.status.ended_by_system() {
                counts.existing += 1;
                continue;
            }
            follows = Some(l.id);
            if l.status == AlertStatus::Delisted {
                because = "relisted: the target is listed again".into();
            } else {
                let changed = hit.fields.changes_since(fields);
                let what = if changed.is_empty() {
                    format!("customer version {} → {}", l.customer_version, s.version)
                } else {
                    changed
                };
                if l.status.is_pending() || l.status.ended_by_system() {
                    because = format!("evidence changed ({what})");
                } else {
                    because = format!("reopened: decided {} but {what}", l.status);
                    reopened = true;
                }
            }
        }
        // Whoever works on a pending alert keeps the one that replaces it.
        let assignee = latest
            .as_ref()
            .filter(|(l, _, _)| l.status.is_pending())
            .and_then(|(l, _, _)| l.assignee.clone());
        insert.execute(params![
            s.customer,
            s.version,
            hit.target,
            hit.entity_id,
            hit.caption,
            hit.score,
            hit.evidence,
            run,
            because,
            follows,
            now(),
            hit.class,
            join_set(&hit.regimes),
            assignee,
            join_set(&hit.lists),
        ])?;
        let id = conn.last_insert_rowid();
        insert_detail.execute(params![
            id,
            to_json(&hit.detail, "alert detail")?,
            to_json(&hit.fields, "alert fields")?
        ])?;
        counts.raised += 1;
        if reopened {
            counts.reopened += 1;
        }
        append(
            conn,
            AuditEntry::new("system", "alert.raised", format!("alert:{id}")).after(
                serde_json::json!({
                    "customer": s.customer, "version": s.version, "target": hit.target,
                    "entity": hit.entity_id, "score": hit.score, "because": because, "run": run,
                    "assignee": assignee,
                }),
            ),
        )?;
        if let Some((l, _, _)) = latest.filter(|(l, _, _)| l.status.is_pending()) {
            set_status(
                conn,
                &l,
                AlertStatus::Superseded,
                &format!("replaced by alert {id}"),
                Some(run),
            )?;
            counts.superseded += 1;
        }
    }
    for a in pending {
        if s.hits.iter().any(|h| h.target == a.target) {
            continue;
        }
        if is_live(&a.target) {
            set_status(
                conn,
                &a,
                AlertStatus::Lapsed,
                "no longer scores at the threshold",
                Some(run),
            )?;
            counts.lapsed += 1;
        } else {
            set_status(
                conn,
                &a,
                AlertStatus::Delisted,
                "the target left the active lists; propose closing",
                Some(run),
            )?;
            counts.delisted += 1;
        }
    }
    Ok(())
}

/// The open and escalated alerts of a customer.
fn pending_of(conn: &Connection, customer: &str) -> Result<Vec<AlertRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS} FROM alerts WHERE customer = ?1 AND status IN ('open', 'escalated')"
    ))?;
    Ok(st
        .query_map([customer], read_row)?
        .collect::<std::result::Result<_, _>>()?)
}

/// Marks pending alerts of targets that left the lists `delisted`.
pub(crate) fn delist(
    conn: &Connection,
    run: i64,
    is_live: &dyn Fn(&str) -> bool,
    counts: &mut AlertCounts,
) -> Result<()> {
    let pending: Vec<AlertRow> = {
        let mut st = conn.prepare(&format!(
            "SELECT {ROW_COLS} FROM alerts WHERE status IN ('open', 'escalated')"
        ))?;
        st.query_map([], read_row)?
            .collect::<std::result::Result<_, _>>()?
    };
    for a in pending.iter().filter(|a| !is_live(&a.target)) {
        set_status(
            conn,
            a,
            AlertStatus::Delisted,
            "the target left the active lists; propose closing",
            Some(run),
        )?;
        counts.delisted += 1;
    }
    Ok(())
}

/// Lapses pending alerts of retired customers.
pub(crate) fn lapse_customers(conn: &Connection, ids: &[String]) -> Result<usize> {
    let mut n = 0;
    for id in ids {
        for a in pending_of(conn, id)? {
            set_status(
                conn,
                &a,
                AlertStatus::Lapsed,
                "the customer was retired from the register",
                None,
            )?;
            n += 1;
        }
    }
    Ok(n)
}

impl Store {
    /// One alert.
    pub fn alert(&self, id: i64) -> Result<Alert> {
        alert_by_id(&self.conn, id)?.ok_or(Error::NoAlert(id))
    }

    /// Alerts matching `f` without their evidence detail: what a list
    /// shows, read without parsing the per-field prints and hit detail.
    pub fn alert_rows(&self, f: &AlertFilter) -> Result<Vec<AlertRow>> {
        self.alert_rows_planned(f, false)
    }

    /// [`Self::alert_status_counts`] and [`Self::alert_rows`] together: the
    /// counts tell whether the statuses asked for are most alerts, and then
    /// the rows are read in id order without the status index (100,000 of
    /// 127,000 open alerts: 0.20 → 0.16 s of SQL, an index probe a row
    /// saved).
    pub fn alert_list(&self, f: &AlertFilter) -> Result<(BTreeMap<String, usize>, Vec<AlertRow>)> {
        let counts = self.alert_status_counts(f)?;
        let all: usize = counts.values().sum();
        let asked: usize = f.status.iter().filter_map(|s| counts.get(s.as_str())).sum();
        // (Not with a score range: SQLite would then take the score index
        // and sort what it finds, 0.3 -> 12 ms for 50 rows of 95,000.)
        let scan = !f.status.is_empty()
            && asked * 4 >= all
            && f.min_score.is_none()
            && f.max_score.is_none();
        Ok((counts, self.alert_rows_planned(f, scan)?))
    }

    fn alert_rows_planned(&self, f: &AlertFilter, scan: bool) -> Result<Vec<AlertRow>> {
        let (mut sql, args) = alert_query(&format!("SELECT {ROW_COLS} FROM alerts"), f);
        if scan {
            // A unary plus keeps SQLite from using the status index.
            sql = sql.replacen(" AND status IN", " AND +status IN", 1);
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args.iter()), read_row)?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Alert counts per status (filters other than status apply).
    pub fn alert_status_counts(&self, f: &AlertFilter) -> Result<BTreeMap<String, usize>> {
        let f = AlertFilter {
            status: Vec::new(),
            limit: None,
            before: None,
            after: None,
            below: None,
            ..f.clone()
        };
        let f = AlertFilter {
            sort: AlertSort::Newest,
            offset: None,
            ..f
        };
        // Filtered counts read the covering index (SQLite without statistics
        // would take the run or score index and visit every row); a
        // customer's or target's few alerts are found by their own index.
        let facets = f.customer.is_none()
            && f.target.is_none()
            && (f.run.is_some()
                || f.min_score.is_some()
                || f.max_score.is_some()
                || f.list.is_some()
                || f.regime.is_some()
                || f.class.is_some()
                || f.assignee.is_some());
        let from = if facets {
            "SELECT status, COUNT(*) FROM alerts INDEXED BY alerts_facets"
        } else {
            "SELECT status, COUNT(*) FROM alerts"
        };
        let (sql, args) = alert_query(from, &f);
        let sql = sql.replace(ORDER_NEWEST, " GROUP BY status");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// The decisions on an alert, oldest first.
    pub fn decisions(&self, alert: i64) -> Result<Vec<DecisionRecord>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, alert, at, by, decision, reason, from_status, to_status, accepted
             FROM decisions WHERE alert = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([alert], |r| {
                let parse = |i: usize, s: String| json_col::<AlertStatus>(i, format!("\"{s}\""));
                Ok(DecisionRecord {
                    id: r.get(0)?,
                    alert: r.get(1)?,
                    at: r.get(2)?,
                    by: r.get(3)?,
                    decision: json_col(4, format!("\"{}\"", r.get::<_, String>(4)?))?,
                    reason: r.get(5)?,
                    from: parse(6, r.get(6)?)?,
                    to: parse(7, r.get(7)?)?,
                    accepted: r.get(8)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Records a decision. Refuses (with the alert as it is now) a decision
    /// made on an older row version, or one the status flow does not allow
    /// from the current status.
    pub fn decide(&mut self, req: &DecisionRequest<'_>) -> Result<(Alert, DecisionRecord)> {
        if req.reason.trim().is_empty() {
            return Err(Error::Invalid("a decision needs a reason".into()));
        }
        let four_eyes = self.setting("alerts.four_eyes")?.as_deref() == Some("true");
        let tx = self.write_tx()?;
        let a = alert_by_id(&tx, req.alert)?.ok_or(Error::NoAlert(req.alert))?;
        let conflict = |why: String| Error::Conflict {
            why,
            current: Box::new(a.clone()),
        };
        if let Some(v) = req.expected_version
            && v != a.row.row_version
        {
            return Err(conflict(format!(
                "alert {} changed since it was read (version {v}, now {}): status {}",
                a.row.id, a.row.row_version, a.row.status
            )));
        }
        if let Some(owner) = a.row.assignee.as_deref()
            && owner != req.by
            && !req.supervisor
        {
            return Err(Error::Forbidden(format!(
                "alert {} is assigned to {owner}: they decide it, or a supervisor does",
                a.row.id
            )));
        }
        use AlertStatus as S;
        let Some(to) = req.decision.moves(a.row.status) else {
            return Err(conflict(format!(
                "cannot {} alert {} in status {}",
                req.decision.as_str(),
                a.row.id,
                a.row.status
            )));
        };
        if req.accept && req.decision != Decision::FalsePositive {
            return Err(Error::Invalid(
                "an accept goes with a false-positive decision only".into(),
            ));
        }
        if four_eyes && req.decision == Decision::Close && a.row.status == S::TrueMatch {
            let decider: Option<String> = tx
                .query_row(
                    "SELECT by FROM decisions WHERE alert = ?1 AND to_status = 'true-match' ORDER BY id DESC LIMIT 1",
                    [a.row.id],
                    |r| r.get(0),
                )
                .optional()?;
            if !req.supervisor {
                return Err(Error::Forbidden(
                    "four eyes: closing a true match needs the supervisor role".into(),
                ));
            }
            if decider.as_deref() == Some(req.by) {
                return Err(Error::Forbidden(format!(
                    "four eyes: {} decided this true match and cannot also close it",
                    req.by
                )));
            }
        }
        let at = now();
        let changed = tx.execute(
            "UPDATE alerts SET status = ?2, updated_at = ?3, row_version = row_version + 1
             WHERE id = ?1 AND row_version = ?4",
            params![a.row.id, to.as_str(), at, a.row.row_version],
        )?;
        if changed == 0 {
            return Err(conflict(format!(
                "alert {} changed while deciding",
                a.row.id
            )));
        }
        let mut accepted = None;
        if req.accept {
            tx.execute(
                "UPDATE accept_list SET state = 'lapsed', ended = ?3 WHERE customer = ?1 AND target = ?2 AND state = 'active'",
                params![a.row.customer, a.row.target, format!("{at}: replaced by a newer acceptance")],
            )?;
            tx.execute(
                "INSERT INTO accept_list (customer, target, entity_id, caption, fields, alert, by, at, reason, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'active')",
                params![a.row.customer, a.row.target, a.row.entity_id, a.row.caption, to_json(&a.fields, "fields")?, a.row.id, req.by, at, req.reason],
            )?;
            let id = tx.last_insert_rowid();
            accepted = Some(id);
            append(
                &tx,
                AuditEntry::new(req.by, "accept.add", format!("accept:{id}")).after(serde_json::json!({
                    "alert": a.row.id, "customer": a.row.customer, "target": a.row.target, "fields": a.fields,
                    "reason": req.reason,
                })),
            )?;
        }
        tx.execute(
            "INSERT INTO decisions (alert, at, by, decision, reason, from_status, to_status, accepted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![a.row.id, at, req.by, req.decision.as_str(), req.reason, a.row.status.as_str(), to.as_str(), accepted],
        )?;
        let did = tx.last_insert_rowid();
        append(
            &tx,
            AuditEntry::new(req.by, "decision", format!("alert:{}", a.row.id))
                .before(serde_json::json!({"status": a.row.status}))
                .after(serde_json::json!({"status": to, "decision": req.decision, "reason": req.reason, "accepted": accepted})),
        )?;
        tx.commit()?;
        let alert = self.alert(a.row.id)?;
        let record = DecisionRecord {
            id: did,
            alert: a.row.id,
            at,
            by: req.by.to_string(),
            decision: req.decision,
            reason: req.reason.to_string(),
            from: a.row.status,
            to,
            accepted,
        };
        Ok((alert, record))
    }

    /// Assigns a pending alert to `to` (or to nobody), as `by`. Refuses an
    /// ended alert, or one changed since `expected_version` was read.
    ///
    /// Without `supervisor`, `by` may only take an unassigned alert or give
    /// back their own: checked on the row as it is inside the write lock, so
    /// two analysts taking one alert cannot both succeed.
    pub fn assign(
        &mut self,
        alert: i64,
        to: Option<&str>,
        by: &str,
        expected_version: Option<i64>,
        supervisor: bool,
    ) -> Result<Alert> {
        if to.is_some_and(|t| t.trim().is_empty() || t != t.trim()) {
            return Err(Error::Invalid(format!(
                "assign to {to:?}? a user name without surrounding spaces, or nobody"
            )));
        }
        let tx = self.write_tx()?;
        let a = alert_by_id(&tx, alert)?.ok_or(Error::NoAlert(alert))?;
        let others = |who: Option<&str>| who.is_some_and(|w| w != by);
        if !supervisor && (others(to) || others(a.row.assignee.as_deref())) {
            return Err(Error::Forbidden(format!(
                "alert {} is {}; assigning to someone else, or taking an alert from them, needs the supervisor role",
                a.row.id,
                a.row
                    .assignee
                    .as_deref()
                    .map_or("not assigned".to_string(), |w| format!("assigned to {w}"))
            )));
        }
        let conflict = |why: String| Error::Conflict {
            why,
            current: Box::new(a.clone()),
        };
        if let Some(v) = expected_version
            && v != a.row.row_version
        {
            return Err(conflict(format!(
                "alert {} changed since it was read (version {v}, now {})",
                a.row.id, a.row.row_version
            )));
        }
        if !a.row.status.is_pending() {
            return Err(conflict(format!(
                "alert {} is {}: only open and escalated alerts are assigned",
                a.row.id, a.row.status
            )));
        }
        if a.row.assignee.as_deref() == to {
            return Ok(a);
        }
        tx.execute(
            "UPDATE alerts SET assignee = ?2, updated_at = ?3, row_version = row_version + 1
             WHERE id = ?1",
            params![a.row.id, to, now()],
        )?;
        append(
            &tx,
            AuditEntry::new(by, "alert.assign", format!("alert:{}", a.row.id))
                .before(serde_json::json!({"assignee": a.row.assignee}))
                .after(serde_json::json!({"assignee": to})),
        )?;
        tx.commit()?;
        self.alert(alert)
    }

    /// The accept-list (active entries, or all with `all`).
    pub fn accept_list(&self, all: bool) -> Result<Vec<Accepted>> {
        let sql = format!(
            "SELECT id, customer, target, entity_id, caption, fields, alert, by, at, reason, state, ended
             FROM accept_list {} ORDER BY id",
            if all { "" } else { "WHERE state = 'active'" }
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st
            .query_map([], |r| {
                Ok(Accepted {
                    id: r.get(0)?,
                    customer: r.get(1)?,
                    target: r.get(2)?,
                    entity_id: r.get(3)?,
                    caption: r.get(4)?,
                    fields: json_col(5, r.get(5)?)?,
                    alert: r.get(6)?,
                    by: r.get(7)?,
                    at: r.get(8)?,
                    reason: r.get(9)?,
                    state: r.get(10)?,
                    ended: r.get(11)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// Revokes an active accept-list entry: the pair alerts again at the
    /// next run that hits it.
    pub fn revoke_accept(&mut self, id: i64, reason: &str, by: &str) -> Result<Accepted> {
        if reason.trim().is_empty() {
            return Err(Error::Invalid("revoking needs a reason".into()));
        }
        let tx = self.write_tx()?;
        let n = tx.execute(
            "UPDATE accept_list SET state = 'revoked', ended = ?2 WHERE id = ?1 AND state = 'active'",
            params![id, format!("{} by {by}: {reason}", now())],
        )?;
        if n == 0 {
            return Err(Error::Invalid(format!(
                "accept-list entry {id} does not exist or is not active"
            )));
        }
        append(
            &tx,
            AuditEntry::new(by, "accept.revoke", format!("accept:{id}"))
                .before(serde_json::json!({"state": "active"}))
                .after(serde_json::json!({"state": "revoked", "reason": reason})),
        )?;
        tx.commit()?;
        self.accept_list(true)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(Error::Invalid(format!("accept-list entry {id} vanished")))
    }
}

const ORDER_NEWEST: &str = " ORDER BY id DESC";

fn alert_query(select: &str, f: &AlertFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut sql = format!("{select} WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if !f.status.is_empty() {
        let marks: Vec<String> = f
            .status
            .iter()
            .map(|s| {
                args.push(Value::Text(s.as_str().into()));
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND status IN ({})", marks.join(", ")));
    }
    if let Some(r) = f.run {
        args.push(Value::Integer(r));
        sql.push_str(&format!(" AND run = ?{}", args.len()));
    }
    if let Some(c) = &f.customer {
        args.push(Value::Text(c.clone()));
        sql.push_str(&format!(" AND customer = ?{}", args.len()));
    }
    if let Some(t) = &f.target {
        args.push(Value::Text(t.clone()));
        sql.push_str(&format!(" AND target = ?{}", args.len()));
    }
    if let Some(s) = f.min_score {
        args.push(Value::Real(s));
        sql.push_str(&format!(" AND score >= ?{}", args.len()));
    }
    if let Some(s) = f.max_score {
        args.push(Value::Real(s));
        sql.push_str(&format!(" AND score <= ?{}", args.len()));
    }
    if let Some(l) = &f.list {
        // Any record of the target: a consolidated target listed by the UN
        // and OFAC is in both lists' queues.
        args.push(Value::Text(format!(",{l},")));
        sql.push_str(&format!(" AND instr(lists, ?{}) > 0", args.len()));
    }
    if let Some(r) = &f.regime {
        args.push(Value::Text(format!(",{r},")));
        sql.push_str(&format!(" AND instr(regimes, ?{}) > 0", args.len()));
    }
    if let Some(c) = &f.class {
        args.push(Value::Text(c.clone()));
        sql.push_str(&format!(" AND class = ?{}", args.len()));
    }
    match &f.assignee {
        None => {}
        Some(Assignee::Nobody) => sql.push_str(" AND assignee IS NULL"),
        Some(Assignee::To(who)) => {
            args.push(Value::Text(who.clone()));
            sql.push_str(&format!(" AND assignee = ?{}", args.len()));
        }
    }
    if let Some(b) = f.before {
        args.push(Value::Integer(b));
        sql.push_str(&format!(" AND id < ?{}", args.len()));
    }
    if let Some(a) = f.after {
        args.push(Value::Integer(a));
        sql.push_str(&format!(" AND id > ?{}", args.len()));
    }
    if let Some((score, id)) = f.below {
        args.push(Value::Real(score));
        args.push(Value::Integer(id));
        let (s, i) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " AND (score < ?{s} OR (score = ?{s} AND id < ?{i}))"
        ));
    }
    sql.push_str(match f.sort {
        AlertSort::Newest => ORDER_NEWEST,
        AlertSort::Oldest => " ORDER BY id ASC",
        AlertSort::Score => " ORDER BY score DESC, id DESC",
    });
    if let Some(n) = f.limit {
        sql.push_str(&format!(" LIMIT {n}"));
        if let Some(o) = f.offset {
            sql.push_str(&format!(" OFFSET {o}"));
        }
    }
    (sql, args)
}
