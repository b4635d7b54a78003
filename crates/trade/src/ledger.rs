//! The caps ledger: reported procurements and supplies, kept in SQLite.
//!
//! States report to the 1718 Committee (coal monthly, refined petroleum every
//! 30 days, crude every 90 days) and the Committee publishes the aggregate.
//! The ledger keeps those reports *as reported* (original unit and currency)
//! and converts at read time with the factors of the catalogue, so a corrected
//! factor changes every status consistently. Input is validated against the
//! cap before it is written: an unknown cap, a unit the cap cannot convert, a
//! date outside every period of the cap, or a negative amount is refused with
//! an error that says what would be accepted.
//!
//! The file lives in the data directory ([`Ledger::DEFAULT_FILE`]); one table,
//! `cap_reports`, and `PRAGMA user_version` for the schema version.

use crate::caps::{CapStatus, Contribution, cap_status};
use crate::catalogue::{Cap, Measures};
use crate::units::{Unit, UnitKind};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const SCHEMA_VERSION: i64 = 1;

/// Errors of the ledger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// No cap with that id in the catalogue.
    #[error("unknown cap {cap:?}; known caps: {}", known.join(", "))]
    UnknownCap {
        /// The id given.
        cap: String,
        /// The ids that exist.
        known: Vec<String>,
    },
    /// The unit cannot be converted into the cap's limit units.
    #[error("cap {cap}: unit {unit:?} cannot be converted to the cap's units; accepted: {}", accepted.join(", "))]
    UnitNotConvertible {
        /// Cap id.
        cap: String,
        /// The unit given.
        unit: String,
        /// Units accepted for this cap.
        accepted: Vec<String>,
    },
    /// The currency is not the cap's (no exchange rates are assumed).
    #[error(
        "cap {cap}: currency {currency:?} is not the cap's currency {expected} (no exchange rate is assumed)"
    )]
    CurrencyNotConvertible {
        /// Cap id.
        cap: String,
        /// Currency given.
        currency: String,
        /// The cap's currency.
        expected: String,
    },
    /// The date falls in no period of the cap.
    #[error("cap {cap}: {date} is outside every period of the cap ({coverage})")]
    OutsidePeriods {
        /// Cap id.
        cap: String,
        /// Date given.
        date: NaiveDate,
        /// When the cap runs.
        coverage: String,
    },
    /// A negative or non-finite amount.
    #[error("{field} must be a finite number of zero or more, found {value}")]
    BadAmount {
        /// quantity or value.
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// A required field is missing or empty.
    #[error("cap {cap}: {field} is required ({why})")]
    Missing {
        /// Cap id.
        cap: String,
        /// The field.
        field: &'static str,
        /// Why it is needed.
        why: &'static str,
    },
    /// The embedded catalogue is invalid (a build defect).
    #[error(transparent)]
    Catalogue(#[from] &'static crate::CatalogueError),
    /// The database could not be read or written.
    #[error("caps ledger database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The data directory could not be created.
    #[error("{path}: {source}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The database file was written by a newer embargo.
    #[error(
        "caps ledger schema version {0} is newer than this embargo supports ({SCHEMA_VERSION})"
    )]
    TooNew(i64),
}

/// A report of procurement (coal) or supply (petroleum) counted against a cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Reporting state (e.g. `CN`).
    pub state: String,
    /// Cap id, e.g. `coal-2321`.
    pub cap: String,
    /// The day it counts on. For a monthly report use the month's last day
    /// ([`month_end`]).
    pub date: NaiveDate,
    /// Quantity in the cap's units (or one the cap can convert).
    pub quantity: Option<f64>,
    /// Unit of `quantity`: `t`, `kg`, `bbl`.
    pub unit: Option<String>,
    /// Value.
    pub value: Option<f64>,
    /// Currency of `value` (`USD`).
    pub currency: Option<String>,
    /// Reference (Committee page, report number, note).
    pub reference: Option<String>,
}

/// A report as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReport {
    /// Row id.
    pub id: i64,
    /// The report.
    #[serde(flatten)]
    pub report: Report,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_at: String,
}

/// The last day of the month of `date` (a monthly report counts on it).
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The caps ledger. See the module documentation.
pub struct Ledger {
    conn: Connection,
    caps: Vec<Cap>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("caps", &self.caps.len())
            .finish_non_exhaustive()
    }
}

impl Ledger {
    /// File name of the ledger in the data directory.
    pub const DEFAULT_FILE: &'static str = "caps.db";

    /// Open (or create) the ledger file at `path`, with the built-in catalogue.
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        Self::open_with(path, Measures::builtin()?)
    }

    /// Open `<dir>/caps.db`, creating the directory if needed.
    pub fn open_in_dir(dir: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| LedgerError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::open(dir.join(Self::DEFAULT_FILE))
    }

    /// A ledger in memory (tests, one-off checks), with the built-in catalogue.
    pub fn open_in_memory() -> Result<Ledger, LedgerError> {
        Self::from_conn(Connection::open_in_memory()?, Measures::builtin()?)
    }

    /// Open the ledger file at `path` with a given catalogue.
    pub fn open_with(path: impl AsRef<Path>, measures: &Measures) -> Result<Ledger, LedgerError> {
        Self::from_conn(Connection::open(path)?, measures)
    }

    /// A ledger in memory with a given catalogue.
    pub fn open_in_memory_with(measures: &Measures) -> Result<Ledger, LedgerError> {
        Self::from_conn(Connection::open_in_memory()?, measures)
    }

    fn from_conn(conn: Connection, measures: &Measures) -> Result<Ledger, LedgerError> {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(LedgerError::TooNew(version));
        }
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS cap_reports (
                id          INTEGER PRIMARY KEY,
                cap         TEXT NOT NULL,
                state       TEXT NOT NULL,
                date        TEXT NOT NULL,
                quantity    REAL,
                unit        TEXT,
                value       REAL,
                currency    TEXT,
                reference   TEXT,
                recorded_at TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS cap_reports_cap_date ON cap_reports (cap, date);
            PRAGMA user_version = 1;",
        )?;
        Ok(Ledger {
            conn,
            caps: measures.caps.clone(),
        })
    }

    /// The caps this ledger knows.
    pub fn caps(&self) -> &[Cap] {
        &self.caps
    }

    fn cap(&self, id: &str) -> Result<&Cap, LedgerError> {
        self.caps
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| LedgerError::UnknownCap {
                cap: id.to_string(),
                known: self.caps.iter().map(|c| c.id.clone()).collect(),
            })
    }

    /// Validate a report and turn it into a contribution (checked units).
    fn validate(&self, r: &Report) -> Result<Contribution, LedgerError> {
        let cap = self.cap(&r.cap)?;
        if r.state.trim().is_empty() {
            return Err(LedgerError::Missing {
                cap: cap.id.clone(),
                field: "state",
                why: "the reporting state",
            });
        }
        for (field, v) in [("quantity", r.quantity), ("value", r.value)] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(LedgerError::BadAmount { field, value: v });
            }
        }
        let period = cap
            .period_at(r.date)
            .ok_or_else(|| LedgerError::OutsidePeriods {
                cap: cap.id.clone(),
                date: r.date,
                coverage: coverage(cap),
            })?;
        let quantity = match (r.quantity, r.unit.as_deref()) {
            (Some(q), Some(u)) => {
                let accepted = cap.accepted_quantity_units();
                let unit = Unit::parse(u)
                    .filter(|u| accepted.contains(u))
                    .ok_or_else(|| LedgerError::UnitNotConvertible {
                        cap: cap.id.clone(),
                        unit: u.to_string(),
                        accepted: accepted.iter().map(|u| u.symbol().to_string()).collect(),
                    })?;
                Some((q, unit))
            }
            (Some(_), None) => {
                return Err(LedgerError::Missing {
                    cap: cap.id.clone(),
                    field: "unit",
                    why: "a quantity needs its unit",
                });
            }
            (None, _) if cap.has_quantity_limit() => {
                return Err(LedgerError::Missing {
                    cap: cap.id.clone(),
                    field: "quantity",
                    why: "the cap has a quantity limit",
                });
            }
            (None, _) => None,
        };
        let value = match (r.value, r.currency.as_deref()) {
            (Some(v), cur) => {
                let expected = cap.periods[period.def]
                    .limits
                    .iter()
                    .map(|l| l.unit_kind())
                    .find(|u| u.kind() == UnitKind::Currency);
                match expected {
                    Some(exp) => {
                        let cur = cur.ok_or(LedgerError::Missing {
                            cap: cap.id.clone(),
                            field: "currency",
                            why: "a value needs its currency",
                        })?;
                        match Unit::parse(cur) {
                            Some(u) if u == exp => Some((v, u)),
                            _ => {
                                return Err(LedgerError::CurrencyNotConvertible {
                                    cap: cap.id.clone(),
                                    currency: cur.to_string(),
                                    expected: exp.symbol().to_string(),
                                });
                            }
                        }
                    }
                    // The cap has no value limit: keep nothing to convert.
                    None => None,
                }
            }
            (None, _) if cap.has_value_limit() => {
                return Err(LedgerError::Missing {
                    cap: cap.id.clone(),
                    field: "value",
                    why: "the cap has a value limit",
                });
            }
            (None, _) => None,
        };
        Ok(Contribution {
            date: r.date,
            quantity,
            value,
        })
    }

    /// Record a report after validating it; returns its row id.
    pub fn record(&self, report: &Report) -> Result<i64, LedgerError> {
        self.validate(report)?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.conn.execute(
            "INSERT INTO cap_reports (cap, state, date, quantity, unit, value, currency, reference, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                report.cap,
                report.state.trim(),
                report.date.to_string(),
                report.quantity,
                report.unit,
                report.value,
                report.currency,
                report.reference,
                now
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Stored reports, of one cap or all, by cap, date and id.
    pub fn reports(&self, cap: Option<&str>) -> Result<Vec<StoredReport>, LedgerError> {
        if let Some(c) = cap {
            self.cap(c)?;
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, cap, state, date, quantity, unit, value, currency, reference, recorded_at
             FROM cap_reports WHERE (?1 IS NULL OR cap = ?1) ORDER BY cap, date, id",
        )?;
        let rows = stmt.query_map(params![cap], |r| {
            let date: String = r.get(3)?;
            Ok(StoredReport {
                id: r.get(0)?,
                report: Report {
                    cap: r.get(1)?,
                    state: r.get(2)?,
                    date: date.parse().map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            3,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })?,
                    quantity: r.get(4)?,
                    unit: r.get(5)?,
                    value: r.get(6)?,
                    currency: r.get(7)?,
                    reference: r.get(8)?,
                },
                recorded_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn contributions(&self, cap: &Cap) -> Result<Vec<Contribution>, LedgerError> {
        // Stored rows were validated when recorded; a row a later catalogue
        // cannot convert counts as zero in that limit rather than failing.
        Ok(self
            .reports(Some(&cap.id))?
            .into_iter()
            .map(|s| Contribution {
                date: s.report.date,
                quantity: s
                    .report
                    .quantity
                    .zip(s.report.unit.as_deref().and_then(Unit::parse)),
                value: s
                    .report
                    .value
                    .zip(s.report.currency.as_deref().and_then(Unit::parse)),
            })
            .collect())
    }

    /// Utilisation of `cap` per period up to `at`, the notices reached with
    /// their dates, and whether shipments must stop on `at`. Reports dated
    /// after `at` are not counted, so a status is reproducible for any date.
    pub fn status(&self, cap: &str, at: NaiveDate) -> Result<CapStatus, LedgerError> {
        let c = self.cap(cap)?;
        Ok(cap_status(c, &self.contributions(c)?, at))
    }

    /// Status of `cap` at `at` as if `extra` had also been reported: for
    /// "utilisation after this shipment".
    pub(crate) fn status_with(
        &self,
        cap: &Cap,
        at: NaiveDate,
        extra: Option<Contribution>,
    ) -> Result<CapStatus, LedgerError> {
        let mut all = self.contributions(cap)?;
        all.extend(extra);
        Ok(cap_status(cap, &all, at))
    }
}

fn coverage(cap: &Cap) -> String {
    let start = cap.periods.first().map(|p| p.start);
    let open_ended = cap.periods.last().is_some_and(|p| p.recurrence.is_some());
    let end = if open_ended {
        cap.until
    } else {
        cap.periods
            .last()
            .and_then(|p| p.end)
            .map(|e| cap.until.map_or(e, |u| u.min(e)))
    };
    match (start, end) {
        (Some(s), Some(e)) => format!("periods run from {s} to {}", crate::catalogue::last_day(e)),
        (Some(s), None) => format!("periods run from {s}"),
        _ => "no periods".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn coal(date: &str, t: f64, usd: f64) -> Report {
        Report {
            state: "CN".into(),
            cap: "coal-2321".into(),
            date: d(date),
            quantity: Some(t),
            unit: Some("t".into()),
            value: Some(usd),
            currency: Some("USD".into()),
            reference: None,
        }
    }

    #[test]
    fn rejects_bad_input_with_clear_errors() {
        let l = Ledger::open_in_memory().expect("ledger");
        let mut r = coal("2017-01-31", 1.0, 1.0);
        r.cap = "coal".into();
        assert_eq!(
            l.record(&r).expect_err("unknown").to_string(),
            "unknown cap \"coal\"; known caps: coal-2321, refined-2375, refined-2397, crude-2397"
        );
        let mut r = coal("2017-01-31", 1.0, 1.0);
        r.unit = Some("bbl".into());
        assert_eq!(
            l.record(&r).expect_err("unit").to_string(),
            "cap coal-2321: unit \"bbl\" cannot be converted to the cap's units; accepted: t, kg"
        );
        let r = coal("2017-09-01", 1.0, 1.0);
        assert_eq!(
            l.record(&r).expect_err("date").to_string(),
            "cap coal-2321: 2017-09-01 is outside every period of the cap (periods run from 2016-11-30 to 2017-08-04)"
        );
        let r = coal("2017-01-31", -5.0, 1.0);
        assert_eq!(
            l.record(&r).expect_err("negative").to_string(),
            "quantity must be a finite number of zero or more, found -5"
        );
        let mut r = coal("2017-01-31", 1.0, 1.0);
        r.currency = Some("EUR".into());
        assert!(matches!(
            l.record(&r),
            Err(LedgerError::CurrencyNotConvertible { .. })
        ));
        let mut r = coal("2017-01-31", 1.0, 1.0);
        r.value = None;
        assert_eq!(
            l.record(&r).expect_err("value").to_string(),
            "cap coal-2321: value is required (the cap has a value limit)"
        );
        let r = Report {
            state: "RU".into(),
            cap: "refined-2397".into(),
            date: d("2017-12-30"),
            quantity: Some(1.0),
            unit: Some("bbl".into()),
            value: None,
            currency: None,
            reference: None,
        };
        assert_eq!(
            l.record(&r).expect_err("before").to_string(),
            "cap refined-2397: 2017-12-30 is outside every period of the cap (periods run from 2018-01-01)"
        );
        assert!(l.reports(None).expect("rows").is_empty(), "nothing written");
    }

    #[test]
    fn refined_tonnes_convert_with_the_declared_factor() {
        let l = Ledger::open_in_memory().expect("ledger");
        let r = Report {
            state: "CN".into(),
            cap: "refined-2397".into(),
            date: d("2018-04-30"),
            quantity: Some(4470.0),
            unit: Some("t".into()),
            value: None,
            currency: None,
            reference: Some("UPI 2018-06-28".into()),
        };
        l.record(&r).expect("tonnes accepted via the 7.33 factor");
        let s = l.status("refined-2397", d("2018-12-31")).expect("status");
        let p = s.current_period().expect("2018");
        assert!((p.limits[0].used - 4470.0 * 7.33).abs() < 1e-6);
        assert!(s.unverified.contains(&"conversion t->bbl".to_string()));
    }

    #[test]
    fn persists_in_a_file() {
        let dir = tempfile::tempdir().expect("tmp");
        {
            let l = Ledger::open_in_dir(dir.path()).expect("open");
            l.record(&coal("2016-12-31", 100.0, 1000.0))
                .expect("record");
        }
        let l = Ledger::open(dir.path().join(Ledger::DEFAULT_FILE)).expect("reopen");
        let rows = l.reports(Some("coal-2321")).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].report.state, "CN");
        assert_eq!(month_end(2017, 2), Some(d("2017-02-28")));
        assert_eq!(month_end(2016, 12), Some(d("2016-12-31")));
    }
}
