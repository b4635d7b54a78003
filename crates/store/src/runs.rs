//! Monitoring runs: what was screened, with which settings and lists, and a
//! checkpoint after every batch. A batch's alerts, the run's cursor and its
//! counts commit in one transaction, so a run killed at any point resumes
//! after the last committed batch with nothing lost and nothing doubled.

use crate::alerts::{AlertCounts, Screened, apply_screened, delist, lapse_customers};
use crate::audit::{AuditEntry, append};
use crate::{Error, Result, Store, now};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// What a run screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunKind {
    /// Every current register record against all active lists.
    Full,
    /// Only customers that added or changed designations may hit.
    Delta,
    /// Customers added or changed by a register import.
    Register,
}

impl RunKind {
    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Full => "full",
            RunKind::Delta => "delta",
            RunKind::Register => "register",
        }
    }
}

/// The settings and lists a run screens with: enough to say years later
/// exactly what was applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    /// Jurisdiction profile.
    pub profile: String,
    /// Score threshold.
    pub threshold: f64,
    /// embargo version.
    pub engine_version: String,
    /// Matching algorithm id.
    pub algorithm: String,
    /// Hash of the scoring weights.
    pub weights_hash: String,
    /// Every list used: source, snapshot id, sha256, publication date.
    pub lists: serde_json::Value,
    /// Fingerprint of the active lists (equal: same lists).
    pub lists_fingerprint: String,
}

/// A run to start.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    /// What it screens.
    pub kind: RunKind,
    /// With what.
    pub settings: RunSettings,
    /// For delta and register runs: the customer ids to screen, sorted.
    pub plan: Option<Vec<String>>,
    /// Why (for a delta: which snapshots changed).
    pub trigger: serde_json::Value,
    /// Who started it.
    pub actor: &'a str,
}

/// A stored run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInfo {
    /// Run id.
    pub id: i64,
    /// Kind.
    pub kind: RunKind,
    /// `running`, `done` or `failed`.
    pub status: String,
    /// Settings and lists.
    pub settings: RunSettings,
    /// Why it ran.
    pub trigger: serde_json::Value,
    /// Who started it.
    pub actor: String,
    /// Start.
    pub started_at: String,
    /// End.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Customers to screen (the register's size at start, or the plan's).
    pub total: usize,
    /// Last customer id committed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// What it did so far.
    pub counts: AlertCounts,
}

const COLS: &str =
    "id, kind, status, settings, trigger, actor, started_at, finished_at, total, cursor, counts";

fn read_run(r: &rusqlite::Row<'_>) -> rusqlite::Result<RunInfo> {
    let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
        let s: String = r.get(i)?;
        serde_json::from_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let conv = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    Ok(RunInfo {
        id: r.get(0)?,
        kind: serde_json::from_value(serde_json::Value::String(r.get(1)?))
            .map_err(|e| conv(1, e))?,
        status: r.get(2)?,
        settings: serde_json::from_value(json(3)?).map_err(|e| conv(3, e))?,
        trigger: json(4)?,
        actor: r.get(5)?,
        started_at: r.get(6)?,
        finished_at: r.get(7)?,
        total: r.get::<_, i64>(8)? as usize,
        cursor: r.get(9)?,
        counts: serde_json::from_value(json(10)?).map_err(|e| conv(10, e))?,
    })
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|source| Error::Corrupt {
        what: "run".into(),
        source,
    })
}

impl Store {
    /// Starts a run (refused while another is running: resume or abandon it).
    pub fn start_run(&mut self, new: NewRun<'_>) -> Result<RunInfo> {
        if let Some(r) = self.running_run()? {
            return Err(Error::RunInProgress(r.id));
        }
        let total = match &new.plan {
            Some(p) => p.len(),
            None => self.customer_count()?,
        };
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO runs (kind, status, settings, trigger, actor, started_at, total, counts, plan)
             VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.kind.as_str(),
                to_json(&new.settings)?,
                new.trigger.to_string(),
                new.actor,
                now(),
                total as i64,
                to_json(&AlertCounts::default())?,
                new.plan.as_ref().map(to_json).transpose()?,
            ],
        )?;
        let id = tx.last_insert_rowid();
        append(
            &tx,
            AuditEntry::new(new.actor, "run.start", format!("run:{id}")).after(serde_json::json!({
                "kind": new.kind, "settings": new.settings, "trigger": new.trigger, "total": total,
            })),
        )?;
        tx.commit()?;
        self.run(id)
    }

    /// One run.
    pub fn run(&self, id: i64) -> Result<RunInfo> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {COLS} FROM runs WHERE id = ?1"))?;
        st.query_row([id], read_run)
            .optional()?
            .ok_or(Error::NoRun(id))
    }

    /// Runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunInfo>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLS} FROM runs ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = st
            .query_map([limit as i64], read_run)?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// The newest run that finished (`done`), of any kind.
    pub fn last_finished_run(&self) -> Result<Option<RunInfo>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM runs WHERE status = 'done' ORDER BY id DESC LIMIT 1"
        ))?;
        Ok(st.query_row([], read_run).optional()?)
    }

    /// The run still marked running (interrupted, or in progress elsewhere).
    pub fn running_run(&self) -> Result<Option<RunInfo>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM runs WHERE status = 'running' ORDER BY id LIMIT 1"
        ))?;
        Ok(st.query_row([], read_run).optional()?)
    }

    /// The customer ids a delta or register run was planned with.
    pub fn run_plan(&self, id: i64) -> Result<Option<Vec<String>>> {
        let plan: Option<String> =
            self.conn
                .query_row("SELECT plan FROM runs WHERE id = ?1", [id], |r| r.get(0))?;
        plan.map(|p| {
            serde_json::from_str(&p).map_err(|source| Error::Corrupt {
                what: format!("plan of run {id}"),
                source,
            })
        })
        .transpose()
    }

    /// Commits one batch of a run: its customers' alerts, the cursor (the
    /// batch's last customer id) and the counts, in one transaction.
    /// `is_live` says whether a target key is still on an active list.
    pub fn run_checkpoint(
        &mut self,
        run: i64,
        batch: &[Screened],
        cursor: &str,
        is_live: &dyn Fn(&str) -> bool,
    ) -> Result<AlertCounts> {
        let tx = self.write_tx()?;
        let (status, counts): (String, String) = tx.query_row(
            "SELECT status, counts FROM runs WHERE id = ?1",
            [run],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if status != "running" {
            return Err(Error::Invalid(format!(
                "run {run} is {status}, not running"
            )));
        }
        let mut counts: AlertCounts =
            serde_json::from_str(&counts).map_err(|source| Error::Corrupt {
                what: format!("counts of run {run}"),
                source,
            })?;
        let mut batch_counts = AlertCounts::default();
        for s in batch {
            apply_screened(&tx, run, s, is_live, &mut batch_counts)?;
        }
        counts.add(&batch_counts);
        tx.execute(
            "UPDATE runs SET cursor = ?2, counts = ?3 WHERE id = ?1",
            params![run, cursor, to_json(&counts)?],
        )?;
        tx.commit()?;
        Ok(batch_counts)
    }

    /// Ends a run: with `delist`, pending alerts of targets that left the
    /// lists become `delisted`; the run is marked done.
    pub fn finish_run(
        &mut self,
        run: i64,
        delist_gone: bool,
        is_live: &dyn Fn(&str) -> bool,
    ) -> Result<RunInfo> {
        let info = self.run(run)?;
        let tx = self.write_tx()?;
        let mut counts = info.counts.clone();
        if delist_gone {
            delist(&tx, run, is_live, &mut counts)?;
        }
        tx.execute(
            "UPDATE runs SET status = 'done', finished_at = ?2, counts = ?3 WHERE id = ?1 AND status = 'running'",
            params![run, now(), to_json(&counts)?],
        )?;
        append(
            &tx,
            AuditEntry::new(&info.actor, "run.finish", format!("run:{run}"))
                .after(serde_json::to_value(&counts).unwrap_or_default()),
        )?;
        tx.commit()?;
        self.run(run)
    }

    /// Marks an interrupted run failed so a new one can start.
    pub fn abandon_run(&mut self, run: i64, actor: &str, why: &str) -> Result<RunInfo> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE runs SET status = 'failed', finished_at = ?2 WHERE id = ?1 AND status = 'running'",
            params![run, now()],
        )?;
        append(
            &tx,
            AuditEntry::new(actor, "run.abandon", format!("run:{run}"))
                .after(serde_json::json!({"why": why})),
        )?;
        tx.commit()?;
        self.run(run)
    }

    /// Lapses the pending alerts of retired customers.
    pub fn lapse_retired(&mut self, ids: &[String]) -> Result<usize> {
        let tx = self.write_tx()?;
        let n = lapse_customers(&tx, ids)?;
        tx.commit()?;
        Ok(n)
    }
}
