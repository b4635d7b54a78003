//! Monitoring and case work: the customer register, runs (full, delta,
//! on register import), alerts with the evidence side by side, decisions,
//! the accept-list, the audit trail and screening receipts. Every
//! operation is one [`Library`] call the CLI and the server share.

pub mod delta;
pub mod evidence;
pub mod register;
pub mod run;
mod views;

pub use embargo_store::Error as StoreError;
pub use embargo_store::{
    Accepted, Alert, AlertCounts, AlertFilter, AlertSort, AlertStatus, Assignee, AuditFilter,
    AuditRecord, CustomerVersion, Decision, DecisionRecord, Receipt, RegisterImport, RunInfo,
    RunKind, RunSettings, Verification,
};
pub use register::RowProblem;
pub use views::{
    AlertList, AlertRow, AlertView, CustomerView, FieldRow, ListedValue, side_by_side,
};

use crate::import::Imported;
use crate::library::Library;
use crate::profiles::Profile;
use crate::screen::Screener;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a register import did, and the run that screened its new and
/// changed records.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterReport {
    /// Added, changed, unchanged, retired.
    #[serde(flatten)]
    pub import: RegisterImport,
    /// Rows skipped with `--skip-invalid`, with their problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<RowProblem>,
    /// Pending alerts of retired customers, now lapsed.
    pub lapsed: usize,
    /// The run screening the added and changed records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunInfo>,
}

/// Options of a register import.
#[derive(Debug, Clone, Default)]
pub struct RegisterOptions {
    /// Register source name (records of other sources are never retired).
    pub source: String,
    /// Retire current records of this source absent from the file.
    pub remove_missing: bool,
    /// Import the good rows and list the bad ones instead of refusing.
    pub skip_invalid: bool,
    /// Do not screen the added and changed records now.
    pub no_screen: bool,
}

/// Setting kept by embargo: customers were imported with `--no-screen`
/// since the last full run (empty: none).
const UNSCREENED: &str = "monitor.unscreened";

/// What happened to an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyChange {
    /// A key was created.
    Created,
    /// A key was revoked.
    Revoked,
}

/// What to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// Every current record.
    Full,
    /// Only what changed in the lists since the last run's lists.
    Delta,
    /// Continue the interrupted run.
    Resume,
}

impl std::str::FromStr for RunMode {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<RunMode, String> {
        match s {
            "full" => Ok(RunMode::Full),
            "delta" => Ok(RunMode::Delta),
            "resume" => Ok(RunMode::Resume),
            other => Err(format!("mode {other:?}: expected full, delta or resume")),
        }
    }
}

/// A decision as a front end passes it.
#[derive(Debug, Clone)]
pub struct DecideRequest {
    /// What was decided.
    pub decision: Decision,
    /// Why.
    pub reason: String,
    /// Add the pair to the accept-list (false positives).
    pub accept: bool,
    /// The alert's row version the decision was made on.
    pub expected_version: Option<i64>,
    /// Whether the decider holds the supervisor role.
    pub supervisor: bool,
}

/// A queue parameter that could not be read: which, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// The parameter's name.
    pub field: String,
    /// What was wrong, and what was expected.
    pub message: String,
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The alert filter of a query string's parameters, as the API, the UI and
/// scripts write them: `status` (repeatable, comma-separated; `all`),
/// `run`, `customer`, `min_score`, `max_score`, `list`, `regime`, `class`,
/// `assignee` (`me`, `nobody`, a name; `me` is `me_is`), `sort`, keyset
/// paging `before` (newest), `after` (oldest), `below=SCORE:ID` (score), or
/// `offset`, and `limit`. Empty values are absent (a form's blank fields);
/// unknown names are ignored (a page's own parameters ride along).
pub fn alert_filter(
    pairs: &[(String, String)],
    me_is: &str,
) -> std::result::Result<AlertFilter, FilterError> {
    let bad = |field: &str, message: String| FilterError {
        field: field.to_string(),
        message,
    };
    fn number<T: std::str::FromStr>(k: &str, v: &str) -> std::result::Result<T, FilterError> {
        v.parse().map_err(|_| FilterError {
            field: k.to_string(),
            message: format!("{v:?} is not a number"),
        })
    }
    let mut f = AlertFilter::default();
    for (k, v) in pairs {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "status" => {
                for s in v
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && *s != "all")
                {
                    f.status.push(s.parse().map_err(|e| bad(k, e))?);
                }
            }
            "run" => f.run = Some(number(k, v)?),
            "customer" => f.customer = Some(v.to_string()),
            "min_score" => f.min_score = Some(number(k, v)?),
            "max_score" => f.max_score = Some(number(k, v)?),
            "list" => {
                v.parse::<crate::SourceKind>().map_err(|_| {
                    bad(
                        k,
                        format!("{v:?} is not a list kind (un_sc, us_ofac_sdn, ...)"),
                    )
                })?;
                f.list = Some(v.to_string());
            }
            "regime" => {
                if embargo_regimes::Catalogue::shipped().regime(v).is_none() {
                    return Err(bad(
                        k,
                        format!(
                            "{v:?} is not a regime of the catalogue (`embargo regimes` lists them)"
                        ),
                    ));
                }
                f.regime = Some(v.to_string());
            }
            "class" => {
                use embargo_regimes::Class;
                let class = [Class::Binding, Class::Exposure, Class::Informational]
                    .into_iter()
                    .find(|c| c.as_str().eq_ignore_ascii_case(v))
                    .ok_or_else(|| {
                        bad(
                            k,
                            format!("{v:?}: expected binding, exposure or informational"),
                        )
                    })?;
                f.class = Some(class.as_str().to_string());
            }
            "assignee" => f.assignee = Some(assignee_filter(v, me_is)),
            "sort" => f.sort = v.parse().map_err(|e| bad(k, e))?,
            "before" => f.before = Some(number(k, v)?),
            "after" => f.after = Some(number(k, v)?),
            "below" => {
                let (score, id) = v
                    .split_once(':')
                    .ok_or_else(|| bad(k, format!("{v:?}: expected SCORE:ID, e.g. 0.91:1234")))?;
                f.below = Some((number(k, score)?, number(k, id)?));
            }
            "offset" => f.offset = Some(number(k, v)?),
            "limit" => {
                let n: usize = number(k, v)?;
                if n == 0 {
                    return Err(bad(k, "must be at least 1".into()));
                }
                f.limit = Some(n);
            }
            _ => {}
        }
    }
    if let (Some(lo), Some(hi)) = (f.min_score, f.max_score)
        && lo > hi
    {
        return Err(bad("min_score", format!("{lo} is above max_score {hi}")));
    }
    for (given, field, sort) in [
        (f.before.is_some(), "before", AlertSort::Newest),
        (f.after.is_some(), "after", AlertSort::Oldest),
        (f.below.is_some(), "below", AlertSort::Score),
    ] {
        if given && f.sort != sort {
            return Err(bad(
                field,
                "before pages newest first, after oldest first, below by score; or page with offset"
                    .into(),
            ));
        }
    }
    Ok(f)
}

/// Whom a user means by an assignee word: `me` (the actor), `nobody`,
/// `none` or nothing (nobody), or a user name. The queue filter, an
/// assignment and a front end's check of the name all read it so.
pub fn assignee_filter(text: &str, me: &str) -> Assignee {
    match text.trim() {
        "" | "nobody" | "none" => Assignee::Nobody,
        "me" => Assignee::To(me.to_string()),
        who => Assignee::To(who.to_string()),
    }
}

/// Who should work on an alert.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The user to assign it to; none to unassign.
    #[serde(default)]
    pub to: Option<String>,
    /// The alert's row version the assignment was made on.
    #[serde(default, rename = "version")]
    pub expected_version: Option<i64>,
}

/// A recorded decision and the alert after it.
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    /// The alert now.
    pub alert: AlertRow,
    /// The decision recorded.
    pub decision: DecisionRecord,
}

/// The profile and threshold monitoring uses when none is given: the
/// `monitor.profile` / `monitor.threshold` settings, else those of the
/// last run, else `all` and the default threshold.
#[derive(Debug, Clone, Serialize)]
pub struct MonitorDefaults {
    /// Profile id.
    pub profile: String,
    /// Threshold.
    pub threshold: f32,
}

impl Library {
    fn monitor_defaults(&self) -> Result<MonitorDefaults> {
        let last = self.store.runs(1)?.pop();
        let profile = match self.store.setting("monitor.profile")? {
            Some(p) => p,
            None => last
                .as_ref()
                .map_or_else(|| "all".to_string(), |r| r.settings.profile.clone()),
        };
        let threshold = match self.store.setting("monitor.threshold")? {
            Some(t) => t.parse().map_err(|_| Error::Invalid {
                message: format!("setting monitor.threshold = {t:?} is not a number"),
                at: Some("monitor.threshold".into()),
            })?,
            None => last.map_or(crate::DEFAULT_THRESHOLD, |r| r.settings.threshold as f32),
        };
        Ok(MonitorDefaults { profile, threshold })
    }

    fn resolve(&self, profile: Option<&Profile>, threshold: Option<f32>) -> Result<(Profile, f32)> {
        let d = self.monitor_defaults()?;
        let p = match profile {
            Some(p) => p.clone(),
            None => crate::profiles::get(crate::profiles::Profiles::shipped(), &d.profile)?.clone(),
        };
        Ok((p, threshold.unwrap_or(d.threshold)))
    }

    /// Imports a register file (all or nothing unless `skip_invalid`), then
    /// screens its added and changed records against every active list.
    pub fn register_import(
        &mut self,
        path: &Path,
        opts: &RegisterOptions,
        profile: Option<&Profile>,
        threshold: Option<f32>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<RegisterReport> {
        let bytes = crate::read_file(path)?;
        self.register_import_bytes(path, &bytes, opts, profile, threshold, progress)
    }

    /// [`Library::register_import`] on bytes already read (an HTTP body);
    /// `name` names them in errors.
    pub fn register_import_bytes(
        &mut self,
        name: &Path,
        bytes: &[u8],
        opts: &RegisterOptions,
        profile: Option<&Profile>,
        threshold: Option<f32>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<RegisterReport> {
        let path = name;
        let (records, problems) = register::read_register(path, bytes)?;
        if !problems.is_empty() && !opts.skip_invalid {
            return Err(Error::BadRegister {
                path: path.to_path_buf(),
                problems,
            });
        }
        let source = if opts.source.is_empty() {
            "default"
        } else {
            &opts.source
        };
        let actor = self.actor.clone();
        if opts.no_screen {
            // Set before the import: a crash in between makes the next delta
            // a full run, never one that skips these customers.
            self.store.set_setting(UNSCREENED, source, &actor)?;
        }
        let stale_prints = self.store.setting(delta::PRINTS_SETTING)?.as_deref()
            != Some(delta::prints_fingerprint().as_str());
        let was_empty = self.store.customer_count()? == 0;
        // Stale prints of a non-empty register are all made again below:
        // printing the imported records now would do it twice.
        let no_prints = |rs: &[&embargo_store::CustomerRecord]| vec![None; rs.len()];
        let printer: embargo_store::Printer<'_> = if stale_prints && !was_empty {
            &no_prints
        } else {
            &delta::print_records
        };
        let import =
            self.store
                .import_register(&records, source, opts.remove_missing, &actor, printer)?;
        // Prints made by another engine or dictionaries (or none, in a
        // store older than prints) are all made again now; a first import
        // printed every record itself.
        if stale_prints {
            if was_empty {
                let fp = delta::prints_fingerprint();
                self.store.set_setting(delta::PRINTS_SETTING, &fp, &actor)?;
            } else {
                delta::reprint_register(&mut self.store, &actor)?;
            }
        }
        let lapsed = self.store.lapse_retired(&import.retired_ids)?;
        let run = if opts.no_screen || import.to_screen.is_empty() {
            None
        } else {
            let (profile, threshold) = self.resolve(profile, threshold)?;
            let screener = self.screener()?;
            let mut plan = import.to_screen.clone();
            plan.sort();
            let settings = run::settings(&screener, &profile, threshold);
            Some(self.start_run(
                &screener,
                &profile,
                settings,
                RunKind::Register,
                Some(plan),
                serde_json::json!({"register": source, "file": path.display().to_string()}),
                progress,
                &|_| {},
            )?)
        };
        Ok(RegisterReport {
            import,
            skipped: problems,
            lapsed,
            run,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn start_run(
        &mut self,
        screener: &Screener,
        profile: &Profile,
        settings: RunSettings,
        kind: RunKind,
        plan: Option<Vec<String>>,
        trigger: serde_json::Value,
        progress: &(dyn Fn(usize, usize) + Sync),
        started: &dyn Fn(&RunInfo),
    ) -> Result<RunInfo> {
        let run = self.store.start_run(embargo_store::NewRun {
            kind,
            settings,
            plan,
            trigger,
            actor: &self.actor,
        })?;
        started(&run);
        let done = run::execute(&mut self.store, screener, profile, &run, progress)?;
        self.after_run(&done)?;
        Ok(done)
    }

    /// A finished full run has screened everyone: no customer is left
    /// unscreened.
    fn after_run(&mut self, run: &RunInfo) -> Result<()> {
        if run.kind == RunKind::Full
            && run.status == "done"
            && self
                .store
                .setting(UNSCREENED)?
                .is_some_and(|v| !v.is_empty())
        {
            let actor = self.actor.clone();
            self.store.set_setting(UNSCREENED, "", &actor)?;
        }
        Ok(())
    }

    /// Runs the register against the active lists: a full run, a delta
    /// (only what changed since the last run's lists), or the resumption of
    /// an interrupted run with its own settings.
    pub fn run(
        &mut self,
        mode: RunMode,
        profile: Option<&Profile>,
        threshold: Option<f32>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<RunInfo> {
        self.run_announced(mode, profile, threshold, progress, &|_| {})
    }

    /// As [`Library::run`], calling `started` with the run once it is
    /// recorded (before any customer is screened): a front end that runs it
    /// in the background answers with that run's id.
    pub fn run_announced(
        &mut self,
        mode: RunMode,
        profile: Option<&Profile>,
        threshold: Option<f32>,
        progress: &(dyn Fn(usize, usize) + Sync),
        started: &dyn Fn(&RunInfo),
    ) -> Result<RunInfo> {
        if mode == RunMode::Resume {
            let run = self.store.running_run()?.ok_or(Error::NothingToResume)?;
            let screener = self.screener()?;
            let now = crate::library::fingerprint(screener.lists());
            if now != run.settings.lists_fingerprint {
                return Err(Error::ListsChanged {
                    run: run.id,
                    why: format!("{} then, {now} now", run.settings.lists_fingerprint),
                });
            }
            let profile = match profile {
                Some(p) if p.id == run.settings.profile => p.clone(),
                _ => crate::profiles::get(
                    crate::profiles::Profiles::shipped(),
                    &run.settings.profile,
                )?
                .clone(),
            };
            started(&run);
            let done = run::execute(&mut self.store, &screener, &profile, &run, progress)?;
            self.after_run(&done)?;
            return Ok(done);
        }
        let (profile, threshold) = self.resolve(profile, threshold)?;
        let screener = self.screener()?;
        let settings = run::settings(&screener, &profile, threshold);
        match mode {
            RunMode::Delta => {
                let baseline = self.store.last_finished_run()?;
                let mut trigger = serde_json::json!({});
                let plan = match &baseline {
                    None => delta::Plan::Full(
                        "no earlier finished run to compare the lists with".into(),
                    ),
                    Some(last) => match self.delta_needs_full(last, &settings)? {
                        Some(why) => delta::Plan::Full(why),
                        None => {
                            let (diffs, lists) = self.diffs_since(last, &screener)?;
                            trigger = lists;
                            delta::plan(&self.store, &screener, &diffs, threshold)?
                        }
                    },
                };
                let (kind, ids) = match plan {
                    delta::Plan::Customers(ids, cost) => {
                        if let Some(cost) = cost {
                            trigger["reverse"] = serde_json::json!(cost);
                        }
                        (RunKind::Delta, Some(ids))
                    }
                    delta::Plan::Full(why) => {
                        trigger["requested"] = serde_json::json!("delta");
                        trigger["full_because"] = serde_json::json!(why);
                        (RunKind::Full, None)
                    }
                };
                self.start_run(
                    &screener, &profile, settings, kind, ids, trigger, progress, started,
                )
            }
            _ => self.start_run(
                &screener,
                &profile,
                settings,
                RunKind::Full,
                None,
                serde_json::json!({"requested": "full"}),
                progress,
                started,
            ),
        }
    }

    /// Why a delta cannot stand for a full run although a run finished:
    /// customers were imported without screening since, or the profile,
    /// threshold or scoring weights differ from the last finished run's.
    fn delta_needs_full(&self, last: &RunInfo, now: &RunSettings) -> Result<Option<String>> {
        if let Some(since) = self.store.setting(UNSCREENED)?.filter(|v| !v.is_empty()) {
            return Ok(Some(format!(
                "customers imported without screening (register source {since:?}) have not been screened yet"
            )));
        }
        let then = &last.settings;
        Ok(if now.profile != then.profile {
            Some(format!(
                "profile {} now, {} at run {}",
                now.profile, then.profile, last.id
            ))
        } else if now.threshold != then.threshold {
            Some(format!(
                "threshold {} now, {} at run {}",
                now.threshold, then.threshold, last.id
            ))
        } else if now.weights_hash != then.weights_hash || now.algorithm != then.algorithm {
            Some(format!("the scoring changed since run {}", last.id))
        } else {
            None
        })
    }

    /// Marks the interrupted run failed so a new run can start.
    pub fn abandon_run(&mut self, why: &str) -> Result<RunInfo> {
        let run = self.store.running_run()?.ok_or(Error::NothingToResume)?;
        let actor = self.actor.clone();
        Ok(self.store.abandon_run(run.id, &actor, why)?)
    }

    /// What changed in each list between `last`'s snapshots and the active
    /// ones, and a summary for the run's trigger.
    fn diffs_since(
        &self,
        last: &RunInfo,
        screener: &Screener,
    ) -> Result<(Vec<crate::diff::Diff>, serde_json::Value)> {
        let before: Vec<crate::screen::LoadedList> =
            serde_json::from_value(last.settings.lists.clone()).unwrap_or_default();
        let mut diffs = Vec::new();
        let mut changes = Vec::new();
        for now in screener.lists() {
            let old = before.iter().find(|l| l.source == now.source);
            if old.is_some_and(|o| o.sha256 == now.sha256) {
                continue;
            }
            let old_entities = match old.and_then(|o| o.snapshot) {
                Some(id) => self.store.entities(id)?,
                None => Vec::new(),
            };
            let new_entities = match now.snapshot {
                Some(id) => self.store.entities(id)?,
                None => Vec::new(),
            };
            let d = crate::diff::diff(&old_entities, &new_entities);
            changes.push(serde_json::json!({
                "source": now.source, "from": old.and_then(|o| o.snapshot), "to": now.snapshot,
                "added": d.added.len(), "removed": d.removed.len(), "changed": d.changed.len(),
            }));
            diffs.push(d);
        }
        for old in &before {
            if !screener.lists().iter().any(|l| l.source == old.source)
                && let Some(id) = old.snapshot
            {
                let d = crate::diff::diff(&self.store.entities(id)?, &[]);
                changes.push(serde_json::json!({"source": old.source, "from": id, "to": null, "removed": d.removed.len()}));
                diffs.push(d);
            }
        }
        Ok((diffs, serde_json::json!({ "lists": changes })))
    }

    /// After a list import: a delta run when the register has customers
    /// and the active snapshot of the list changed.
    pub(crate) fn delta_after_import(
        &mut self,
        before: Option<i64>,
        import: &Imported,
    ) -> Result<Option<RunInfo>> {
        let changed =
            !matches!(import, Imported::Unchanged { .. }) && before != Some(import.snapshot().id);
        if !changed || self.store.customer_count()? == 0 || self.store.running_run()?.is_some() {
            return Ok(None);
        }
        self.run(RunMode::Delta, None, None, &|_, _| {}).map(Some)
    }

    /// Runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunInfo>> {
        Ok(self.store.runs(limit)?)
    }

    /// One run.
    pub fn run_info(&self, id: i64) -> Result<RunInfo> {
        Ok(self.store.run(id)?)
    }

    /// Records a decision on an alert as this library's actor.
    pub fn decide(&mut self, alert: i64, req: &DecideRequest) -> Result<Decided> {
        let actor = self.actor.clone();
        let (a, d) = self.store.decide(&embargo_store::DecisionRequest {
            alert,
            decision: req.decision,
            reason: &req.reason,
            by: &actor,
            accept: req.accept,
            expected_version: req.expected_version,
            supervisor: req.supervisor,
        })?;
        Ok(Decided {
            alert: AlertRow::from(&a),
            decision: d,
        })
    }

    /// Assigns an alert as this library's actor. An analyst takes an alert
    /// or gives it back; assigning someone else, or taking one from another
    /// analyst, needs the supervisor role. `to` may say `me`, and `nobody`
    /// (or `none`, or empty) unassigns: the words the queue filter reads.
    pub fn assign(&mut self, alert: i64, req: &AssignRequest, supervisor: bool) -> Result<Alert> {
        let actor = self.actor.clone();
        let to = match assignee_filter(req.to.as_deref().unwrap_or(""), &actor) {
            Assignee::Nobody => None,
            Assignee::To(who) => Some(who),
        };
        Ok(self.store.assign(
            alert,
            to.as_deref(),
            &actor,
            req.expected_version,
            supervisor,
        )?)
    }

    /// The accept-list (active entries, or every entry with `all`).
    pub fn accept_list(&self, all: bool) -> Result<Vec<Accepted>> {
        Ok(self.store.accept_list(all)?)
    }

    /// Revokes an accept-list entry.
    pub fn revoke_accept(&mut self, id: i64, reason: &str) -> Result<Accepted> {
        let actor = self.actor.clone();
        Ok(self.store.revoke_accept(id, reason, &actor)?)
    }

    /// Checks the audit trail's hash chain.
    pub fn audit_verify(&self) -> Result<Verification> {
        Ok(self.store.audit_verify()?)
    }

    /// Audit records (for export or display).
    pub fn audit_records(&self, f: &AuditFilter) -> Result<Vec<AuditRecord>> {
        Ok(self.store.audit_records(f)?)
    }

    /// Records what a screening was asked and answered; returns the receipt id.
    pub fn record_receipt(
        &self,
        kind: &str,
        request: serde_json::Value,
        screener: &Screener,
        settings: serde_json::Value,
        results: serde_json::Value,
    ) -> Result<String> {
        let context = crate::receipts::context(screener, settings);
        let draft = crate::receipts::draft(&self.actor, kind, request, context, results);
        self.store.insert_receipts(std::slice::from_ref(&draft))?;
        Ok(draft.id)
    }

    /// One receipt.
    pub fn receipt(&self, id: &str) -> Result<Receipt> {
        Ok(self.store.receipt(id)?)
    }

    /// Records in the audit chain that an API key was created or revoked
    /// (`action` is `key.create` or `key.revoke`; `details` name the key's
    /// owner and role, never the key).
    pub fn audit_key_change(
        &mut self,
        action: KeyChange,
        key_id: i64,
        details: serde_json::Value,
    ) -> Result<i64> {
        let actor = self.actor.clone();
        let action = match action {
            KeyChange::Created => "key.create",
            KeyChange::Revoked => "key.revoke",
        };
        Ok(self.store.audit_external(
            embargo_store::AuditEntry::new(&actor, action, format!("key:{key_id}")).after(details),
        )?)
    }

    /// Changes a setting (`alerts.four_eyes`, `monitor.profile`, `monitor.threshold`).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        const KNOWN: [&str; 3] = ["alerts.four_eyes", "monitor.profile", "monitor.threshold"];
        if !KNOWN.contains(&key) {
            return Err(Error::Invalid {
                message: format!("unknown setting {key:?}; known: {}", KNOWN.join(", ")),
                at: Some("key".into()),
            });
        }
        let actor = self.actor.clone();
        Ok(self.store.set_setting(key, value, &actor)?)
    }

    /// A setting's value.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.store.setting(key)?)
    }
}
