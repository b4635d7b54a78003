//! Shipments and caps: a shipment checked against the goods measures that
//! bind a profile, its parties and vessel screened under the same profile;
//! reports recorded against global caps and the caps' utilisation.

use crate::profiles::{Class, Profile, measures, trade_binding};
use crate::screen::{ScreenOptions, Screener};
use crate::{Error, Result};
use embargo_matching::{Query, SearchOptions};
use embargo_trade::{Designation as TradeDesignation, NoScreening, Party, PartyHit, PartyScreener};
use std::path::Path;

pub use chrono::NaiveDate;
pub use embargo_trade::{CapStatus, Ledger, Report, Shipment, Verdict, VerdictKind};

/// Screens shipment parties and vessels with the matching engine under a
/// jurisdiction profile; a designation is `binding` when the profile
/// classifies it so.
struct MatcherScreener<'a> {
    /// The loaded lists.
    pub screener: &'a Screener,
    /// Search options and profile.
    pub options: ScreenOptions<'a>,
}

fn identifier_prop(scheme: Option<&str>) -> &'static str {
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        Some("imo") => "imoNumber",
        Some("mmsi") => "mmsiNumber",
        Some("passport") => "passportNumber",
        Some("registration") => "registrationNumber",
        Some("tax") => "taxNumber",
        _ => "idNumber",
    }
}

impl PartyScreener for MatcherScreener<'_> {
    fn screen(&self, party: &Party) -> Vec<PartyHit> {
        let mut q = Query::name(&party.name);
        q.schema = party.schema.as_deref().and_then(|s| s.parse().ok());
        for i in &party.identifiers {
            q.identifiers.push((
                identifier_prop(i.scheme.as_deref()).to_string(),
                i.value.clone(),
            ));
        }
        if let Some(c) = party
            .country
            .as_deref()
            .and_then(embargo_model::country::code)
        {
            q.countries.push(c.to_string());
        }
        if q.validate().is_err() {
            return Vec::new();
        }
        self.screener
            .screen_with(&q, &self.options)
            .into_iter()
            .map(|r| PartyHit {
                id: r.id.clone(),
                name: r.matched_name.clone(),
                score: f64::from(r.score),
                is_match: r.is_match || r.score >= self.options.search.threshold,
                designations: r
                    .designations
                    .iter()
                    .map(|d| TradeDesignation {
                        source: format!("{}", d.source),
                        reference: d.reference.clone(),
                        binding: d.classification == Class::Binding,
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Search options for party screening: the five best candidates scoring
/// 0.7 or more.
pub fn party_search() -> SearchOptions {
    SearchOptions {
        limit: 5,
        cutoff: 0.7,
        ..SearchOptions::default()
    }
}

/// Checks a shipment under a profile: the goods measures of the profile's
/// `trade_regimes`, global caps (with the ledger's reports), and, when a
/// screener is given, its parties and vessel screened under the same
/// profile (without one the verdict says screening was not done). A profile
/// that defines no trade regimes, or names one the goods-measures catalogue
/// does not have, is an error ([`Error::Check`]).
pub fn check_shipment(
    shipment: &Shipment,
    profile: &Profile,
    screener: Option<&Screener>,
    ledger: &Ledger,
) -> Result<Verdict> {
    let measures = measures()?;
    let binding = trade_binding(profile);
    Ok(match screener {
        Some(screener) => {
            let parties = MatcherScreener {
                screener,
                options: ScreenOptions {
                    search: party_search(),
                    profile,
                },
            };
            embargo_trade::check(shipment, binding, measures, ledger, &parties)?
        }
        None => embargo_trade::check(shipment, binding, measures, ledger, &NoScreening)?,
    })
}

/// Shipments read from a document: one JSON object, or JSON lines.
pub enum ShipmentInput {
    /// One shipment document.
    One(Box<Shipment>),
    /// One shipment per non-empty line: its line number and the shipment or
    /// why the line is not one.
    Lines(Vec<(usize, std::result::Result<Shipment, String>)>),
}

/// Reads a shipment document: one JSON object (which may span lines), or
/// JSON lines with one shipment a line. A bad line is kept with its error.
pub fn read_shipments(text: &str) -> Result<ShipmentInput> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') && serde_json::from_str::<serde_json::Value>(trimmed).is_ok() {
        return Ok(ShipmentInput::One(Box::new(Shipment::from_json(trimmed)?)));
    }
    Ok(ShipmentInput::Lines(
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, Shipment::from_json(l).map_err(|e| e.to_string())))
            .collect(),
    ))
}

/// Whether a verdict lets the shipment go (`permitted`, or
/// `permitted-under-exemption`).
pub fn is_permitted(v: &Verdict) -> bool {
    matches!(
        v.verdict,
        VerdictKind::Permitted | VerdictKind::PermittedUnderExemption
    )
}

/// Opens the caps ledger of a data directory (creating the directory).
pub fn open_ledger(dir: &Path) -> Result<Ledger> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(Ledger::open_in_dir(dir)?)
}

/// A day (`YYYY-MM-DD`), or a month (`YYYY-MM`) meaning its last day, as
/// monthly reports against caps count.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    if let Ok(d) = t.parse::<NaiveDate>() {
        return Ok(d);
    }
    if let Some((y, m)) = t.split_once('-')
        && let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>())
        && let Some(d) = embargo_trade::month_end(y, m)
    {
        return Ok(d);
    }
    Err(Error::BadDate(s.to_string()))
}

/// Records a report against a cap; returns its id.
pub fn record_report(ledger: &Ledger, report: &Report) -> Result<i64> {
    Ok(ledger.record(report)?)
}

/// The status of one cap, or of every cap, as of a date.
pub fn cap_status(ledger: &Ledger, cap: Option<&str>, at: NaiveDate) -> Result<Vec<CapStatus>> {
    let ids: Vec<String> = match cap {
        Some(c) => vec![c.to_string()],
        None => ledger.caps().iter().map(|c| c.id.clone()).collect(),
    };
    ids.iter().map(|id| Ok(ledger.status(id, at)?)).collect()
}

/// One cap's utilisation over time: per period as of `at`, its status and
/// the utilisation after each day with a report (what a chart draws).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CapSeries {
    /// The cap as of `at` (title, citation, periods with notices).
    pub status: CapStatus,
    /// Per period of `status.periods`, (day, utilisation) in day order.
    pub points: Vec<Vec<(NaiveDate, f64)>>,
}

/// The utilisation series of one cap as of a date.
pub fn cap_series(ledger: &Ledger, cap: &str, at: NaiveDate) -> Result<CapSeries> {
    let status = ledger.status(cap, at)?;
    let mut days: Vec<NaiveDate> = ledger
        .reports(Some(cap))?
        .into_iter()
        .map(|r| r.report.date)
        .filter(|d| *d <= at)
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut points = vec![Vec::new(); status.periods.len()];
    for day in days {
        let then = ledger.status(cap, day)?;
        for (i, p) in status.periods.iter().enumerate() {
            if day >= p.start
                && day <= p.last_day
                && let Some(q) = then.periods.iter().find(|q| q.start == p.start)
            {
                points[i].push((day, q.utilisation));
            }
        }
    }
    Ok(CapSeries { status, points })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_or_months_counted_on_their_last_day() {
        assert_eq!(
            parse_date("2017-03-04").ok(),
            NaiveDate::from_ymd_opt(2017, 3, 4)
        );
        assert_eq!(
            parse_date(" 2016-02 ").ok(),
            NaiveDate::from_ymd_opt(2016, 2, 29)
        );
        for bad in ["2017-13", "March 2017", "", "2017-02-30"] {
            assert!(matches!(parse_date(bad), Err(Error::BadDate(_))), "{bad}");
        }
    }
}
