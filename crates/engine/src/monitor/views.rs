//! What the front ends show of the register and of alerts: one output type
//! each, built here.

pub use embargo_store::AlertRow;

use super::{AlertFilter, AuditFilter, AuditRecord, CustomerVersion, DecisionRecord, RunInfo};
use crate::library::Library;
use crate::screen::ResultRow;
use crate::{Entity, Error, Result, prop};
use serde::Serialize;
use std::collections::BTreeMap;

/// Alerts matching a filter, with counts per status.
#[derive(Debug, Clone, Serialize)]
pub struct AlertList {
    /// Count per status (the other filters applied).
    pub counts: BTreeMap<String, usize>,
    /// The alerts, newest first.
    pub alerts: Vec<AlertRow>,
}

/// One field side by side.
#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    /// Field (`name`, `birthDate`, `nationality`, `passportNumber`...).
    pub field: String,
    /// The customer's values.
    pub customer: Vec<String>,
    /// The listed values, each with the record it comes from.
    pub listed: Vec<ListedValue>,
}

/// A listed value and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ListedValue {
    /// The value.
    pub value: String,
    /// The listed record.
    pub entity: String,
}

/// An alert with the evidence: both sides field by field, the explanation,
/// every designation, the decisions and the pair's history.
#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    /// The alert.
    pub alert: AlertRow,
    /// The customer version screened.
    pub customer: CustomerVersion,
    /// Both sides, field by field.
    pub fields: Vec<FieldRow>,
    /// The screening result at raise time (score, explanations,
    /// designations with basis and classification).
    pub result: Option<ResultRow>,
    /// The listed records of the target at raise time.
    pub listed: Vec<Entity>,
    /// The lists (snapshot, sha256, publication date) of the run.
    pub snapshots: serde_json::Value,
    /// The profile of the run that raised it (what `class` is under).
    pub profile: String,
    /// Decisions on this alert.
    pub decisions: Vec<DecisionRecord>,
    /// Other alerts of the same customer and target, newest first.
    pub history: Vec<AlertRow>,
    /// The alert's audit events (raised, assigned, decided, status changes
    /// by runs), oldest first.
    pub events: Vec<AuditRecord>,
}

/// A register record: its versions and alerts.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerView {
    /// The current version (`None` when retired).
    pub current: Option<CustomerVersion>,
    /// Every version, oldest first.
    pub versions: Vec<CustomerVersion>,
    /// Its alerts, newest first.
    pub alerts: Vec<AlertRow>,
}

const COUNTRY_FIELDS: [&str; 3] = [prop::NATIONALITY, prop::CITIZENSHIP, prop::COUNTRY];

/// A query's or customer's properties beside the listed records', field
/// by field (names, birth date and place, nationality, gender,
/// identifiers); fields neither side has are left out.
pub fn side_by_side(
    properties: &BTreeMap<String, Vec<String>>,
    listed: &[Entity],
) -> Vec<FieldRow> {
    let mut rows = Vec::new();
    let cust = |ps: &[&str]| -> Vec<String> {
        ps.iter()
            .flat_map(|p| properties.get(*p).into_iter().flatten().cloned())
            .collect()
    };
    let list = |ps: &[&str]| -> Vec<ListedValue> {
        listed
            .iter()
            .flat_map(|e| {
                ps.iter().flat_map(move |p| {
                    e.get(p).iter().map(move |v| ListedValue {
                        value: v.clone(),
                        entity: e.id.clone(),
                    })
                })
            })
            .collect()
    };
    let mut push = |field: &str, ps: &[&str]| {
        let (a, b) = (cust(ps), list(ps));
        if !a.is_empty() || !b.is_empty() {
            rows.push(FieldRow {
                field: field.to_string(),
                customer: a,
                listed: b,
            });
        }
    };
    push("name", &prop::NAME_PROPS);
    push(prop::BIRTH_DATE, &[prop::BIRTH_DATE]);
    push(prop::BIRTH_PLACE, &[prop::BIRTH_PLACE]);
    push("nationality", &COUNTRY_FIELDS);
    push(prop::GENDER, &[prop::GENDER]);
    for p in prop::IDENTIFIER_PROPS {
        push(p, &[p]);
    }
    rows
}

impl Library {
    /// Alerts matching `f`, with counts per status.
    pub fn alerts(&self, f: &AlertFilter) -> Result<AlertList> {
        let (counts, alerts) = self.store.alert_list(f)?;
        Ok(AlertList { counts, alerts })
    }

    /// One alert with its evidence side by side.
    pub fn alert_view(&self, id: i64) -> Result<AlertView> {
        let a = self.store.alert(id)?;
        let customer = self
            .store
            .customer_version(&a.row.customer, a.row.customer_version)?
            .ok_or_else(|| Error::NoCustomer(a.row.customer.clone()))?;
        let result: Option<ResultRow> = a
            .detail
            .get("row")
            .and_then(|r| serde_json::from_value(r.clone()).ok());
        let listed: Vec<Entity> = a
            .detail
            .get("listed")
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .unwrap_or_default();
        let run: Option<RunInfo> = self.store.run(a.row.run).ok();
        let profile = run
            .as_ref()
            .map(|r| r.settings.profile.clone())
            .unwrap_or_default();
        let snapshots = run.map(|r| r.settings.lists).unwrap_or_default();
        let history = self
            .store
            .alert_rows(&AlertFilter {
                customer: Some(a.row.customer.clone()),
                target: Some(a.row.target.clone()),
                ..AlertFilter::default()
            })?
            .into_iter()
            .filter(|h| h.id != a.row.id)
            .collect();
        Ok(AlertView {
            alert: AlertRow::from(&a),
            fields: side_by_side(&customer.record.properties, &listed),
            customer,
            result,
            listed,
            snapshots,
            profile,
            decisions: self.store.decisions(id)?,
            history,
            events: self.store.audit_records(&AuditFilter {
                object: Some(format!("alert:{id}")),
                ..AuditFilter::default()
            })?,
        })
    }

    /// The first name of each alert's customer, as the version the alert
    /// screened has it (empty when it has none): what a queue shows beside
    /// the id, read for the page's rows only.
    pub fn alert_customer_names(&self, alerts: &[AlertRow]) -> Result<Vec<String>> {
        alerts
            .iter()
            .map(|a| {
                Ok(self
                    .store
                    .customer_version(&a.customer, a.customer_version)?
                    .and_then(|c| c.record.properties.get(prop::NAME)?.first().cloned())
                    .unwrap_or_default())
            })
            .collect()
    }

    /// Current register records in id order, after `after`, at most `limit`.
    pub fn register_list(&self, after: Option<&str>, limit: usize) -> Result<Vec<CustomerVersion>> {
        Ok(self.store.current_customers(after, limit)?)
    }

    /// Number of current register records.
    pub fn register_count(&self) -> Result<usize> {
        Ok(self.store.customer_count()?)
    }

    /// One register record with its versions and alerts.
    pub fn customer_view(&self, id: &str) -> Result<CustomerView> {
        let versions = self.store.customer_versions(id)?;
        if versions.is_empty() {
            return Err(Error::NoCustomer(id.to_string()));
        }
        Ok(CustomerView {
            current: self.store.customer(id)?,
            versions,
            alerts: self.store.alert_rows(&AlertFilter {
                customer: Some(id.to_string()),
                ..AlertFilter::default()
            })?,
        })
    }
}
