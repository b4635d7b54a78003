//! The shipment check: which measures bind, which apply on the date, and what
//! they decide.
//!
//! Order of work, and why:
//! 1. **Screening** of parties and vessel first: a binding designation
//!    prohibits whatever the goods are.
//! 2. **Date and direction** are required: the rules in force on the
//!    shipment date apply, and a measure covers imports from or exports to
//!    the target, not both (unless it says so).
//! 3. **Nexus**: the goods measures concern trade with the target. An import
//!    is in scope when the origin is the target or the goods were loaded in a
//!    target port (Rajin transit coal is the case that needs the second).
//! 4. **Every measure** of the catalogue whose direction and HS prefix match
//!    is sorted: not binding under the profile, not in force on the date
//!    (superseded, not yet in force), or applied. Applied measures decide via
//!    exemptions (preconditions met / not met / unknown), caps (ledger status
//!    before and after this shipment) or plain prohibition.
//! 5. The **verdict** is the strongest outcome: prohibited > needs-review >
//!    cap-limited > permitted-under-exemption > permitted. Everything that
//!    led there stays in `reasons`, with citations, validity and
//!    `unverified` marks, so that the verdict can be re-derived by a reader.

use crate::caps::{Contribution, Notice, describe_limits, group};
use crate::catalogue::{
    Authority, Cap, Direction, ExemptionKind, Goods, HsBasis, MatchStrength, Measure, MeasureType,
    Measures, Precondition,
};
use crate::hs::HsMatch;
use crate::ledger::{Ledger, LedgerError};
use crate::screening::{PartyHit, PartyScreener};
use crate::shipment::{ExemptionClaim, Shipment};
use crate::units::{Unit, UnitKind};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

/// Errors of [`check`] (content problems are never errors: they are in the verdict).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The profile id is not in the catalogue.
    #[error("unknown profile {profile:?}; known profiles: {}", known.join(", "))]
    UnknownProfile {
        /// The id given.
        profile: String,
        /// Known ids.
        known: Vec<String>,
    },
    /// The caps ledger could not be read.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    /// No binding measure stands in the way.
    Permitted,
    /// A binding measure would prohibit it, but an exemption's preconditions are all met.
    PermittedUnderExemption,
    /// The shipment would take a cap past its stop threshold.
    CapLimited,
    /// Data is missing or a rule needs a human reading; see `missing` and `reasons`.
    NeedsReview,
    /// A binding measure prohibits it.
    Prohibited,
}

impl VerdictKind {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Permitted => "permitted",
            VerdictKind::PermittedUnderExemption => "permitted-under-exemption",
            VerdictKind::CapLimited => "cap-limited",
            VerdictKind::NeedsReview => "needs-review",
            VerdictKind::Prohibited => "prohibited",
        }
    }
}

/// What a reason says about the shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The measure prohibits the shipment.
    Prohibits,
    /// The measure would prohibit it; an exemption applies.
    Exempted,
    /// The shipment would cross the cap's stop threshold.
    CapLimited,
    /// The shipment fits within the cap (and counts against it).
    WithinCap,
    /// The measure is in force but no cap period runs on the date.
    NoCapPeriod,
    /// A human must decide (ambiguous HS code, indicative match, missing data).
    Review,
    /// A party or the vessel matches a binding designation.
    DesignatedParty,
    /// A party or the vessel may match a binding designation.
    PossibleMatch,
    /// A match with a designation that does not bind this profile.
    Exposure,
    /// The shipment does not involve the target country.
    NoNexus,
}

impl Outcome {
    fn verdict(self) -> Option<VerdictKind> {
        match self {
            Outcome::Prohibits | Outcome::DesignatedParty => Some(VerdictKind::Prohibited),
            Outcome::Review | Outcome::PossibleMatch => Some(VerdictKind::NeedsReview),
            Outcome::CapLimited => Some(VerdictKind::CapLimited),
            Outcome::Exempted => Some(VerdictKind::PermittedUnderExemption),
            Outcome::WithinCap | Outcome::NoCapPeriod | Outcome::Exposure | Outcome::NoNexus => {
                None
            }
        }
    }
}

/// One reason of a verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// What it decides.
    pub outcome: Outcome,
    /// In plain words.
    pub text: String,
    /// Measure id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Regime id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regime: Option<String>,
    /// un or unilateral.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<Authority>,
    /// Instrument, e.g. `UNSCR 2321`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// Paragraph, e.g. `26(b)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// ban, cap or licence.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub measure_type: Option<MeasureType>,
    /// First day in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// First day no longer in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// Measures this one replaced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<String>,
    /// Goods group matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods: Option<String>,
    /// HS prefix matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs_prefix: Option<String>,
    /// Basis of the HS mapping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs_basis: Option<HsBasis>,
    /// The reason rests on at least one unverified fact.
    pub unverified: bool,
    /// Which facts are unverified.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unverified_items: Vec<String>,
}

impl Reason {
    fn plain(outcome: Outcome, text: String) -> Reason {
        Reason {
            outcome,
            text,
            measure: None,
            regime: None,
            authority: None,
            instrument: None,
            paragraph: None,
            measure_type: None,
            valid_from: None,
            valid_to: None,
            supersedes: Vec::new(),
            goods: None,
            hs_prefix: None,
            hs_basis: None,
            unverified: false,
            unverified_items: Vec::new(),
        }
    }

    fn measure(m: &Measure, g: &Goods, prefix: &str, outcome: Outcome, text: String) -> Reason {
        let mut items = m.unverified.clone();
        if g.unverified {
            items.push(format!("hs:{}", g.name));
        }
        Reason {
            outcome,
            text,
            measure: Some(m.id.clone()),
            regime: Some(m.regime.clone()),
            authority: Some(m.authority),
            instrument: Some(m.instrument.clone()),
            paragraph: m.paragraph.clone(),
            measure_type: Some(m.measure_type),
            valid_from: Some(m.valid_from),
            valid_to: m.valid_to,
            supersedes: m.supersedes.clone(),
            goods: Some(g.name.clone()),
            hs_prefix: Some(prefix.to_string()),
            hs_basis: Some(g.basis),
            unverified: !items.is_empty(),
            unverified_items: items,
        }
    }

    fn add_unverified(&mut self, item: String) {
        if !self.unverified_items.contains(&item) {
            self.unverified_items.push(item);
        }
        self.unverified = true;
    }
}

/// A piece of data the verdict needs and the shipment lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    /// Field path, e.g. `hs_code`, `exemptions[0].notice_date`.
    pub field: String,
    /// Why it is needed.
    pub detail: String,
}

/// Whether a precondition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PreconditionStatus {
    /// Holds.
    Met,
    /// Does not hold.
    NotMet,
    /// Cannot tell from the data.
    Unknown,
}

/// A precondition's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreconditionResult {
    /// Precondition id, e.g. `route-via-rajin`.
    pub id: &'static str,
    /// Met, not met or unknown.
    pub status: PreconditionStatus,
    /// What was seen.
    pub detail: String,
}

/// What became of an exemption claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExemptionStatus {
    /// Every precondition is met.
    Applied,
    /// At least one precondition is not met.
    NotMet,
    /// None fails but some cannot be checked.
    Incomplete,
    /// No applicable measure allows this exemption (or not on this date).
    NotAvailable,
}

/// One exemption claim evaluated against one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExemptionOutcome {
    /// The exemption kind claimed.
    pub kind: String,
    /// Index in the shipment's `exemptions`.
    pub claim: usize,
    /// The measure it was evaluated against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Title of the exemption kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the measure grants it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted_by: Option<String>,
    /// Result.
    pub status: ExemptionStatus,
    /// Preconditions, each with its status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preconditions: Vec<PreconditionResult>,
    /// Explanation when not available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The grant's reference is unverified.
    pub unverified: bool,
}

/// A cap's utilisation before and after the shipment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapEffect {
    /// Cap id.
    pub cap: String,
    /// Measure id.
    pub measure: String,
    /// Citation.
    pub citation: String,
    /// Period label.
    pub period: String,
    /// Period start.
    pub period_start: NaiveDate,
    /// Period last day.
    pub period_last_day: NaiveDate,
    /// The limits, in words.
    pub limits: String,
    /// Utilisation before this shipment (1.0 = 100 %).
    pub before: f64,
    /// Utilisation with this shipment (equal to `before` if it was not counted).
    pub after: f64,
    /// The stop threshold in percent.
    pub stop_percent: f64,
    /// Shipments must already stop on the date.
    pub stopped: bool,
    /// Since when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_since: Option<NaiveDate>,
    /// Notices reached before this shipment.
    pub notices: Vec<Notice>,
    /// Unverified items of the cap.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<String>,
}

/// One screening hit, with the party it was found for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenedHit {
    /// `parties[0]` or `vessel`.
    pub party: String,
    /// The party's name.
    pub name: String,
    /// The hit.
    pub hit: PartyHit,
}

/// What screening did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreeningSummary {
    /// Whether a real screener ran.
    pub performed: bool,
    /// Parties and vessel submitted.
    pub screened: usize,
    /// Hits.
    pub hits: Vec<ScreenedHit>,
    /// Note (e.g. not performed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a matching measure did not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OtherStatus {
    /// In force, but its regime does not bind the profile.
    NotBinding,
    /// Starts after the shipment date.
    NotYetInForce,
    /// Replaced by a later measure before the shipment date.
    Superseded,
    /// Ended before the shipment date without a successor.
    Expired,
    /// The goods fall outside a qualifier of the measure (e.g. new goods only).
    OutOfScope,
}

/// A measure that matches the goods but did not decide, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherMeasure {
    /// Measure id.
    pub measure: String,
    /// Regime id.
    pub regime: String,
    /// Citation.
    pub citation: String,
    /// Why it did not decide.
    pub status: OtherStatus,
    /// Validity.
    pub valid_from: NaiveDate,
    /// Validity end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// Successors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub superseded_by: Vec<String>,
    /// In words.
    pub text: String,
    /// Unverified.
    pub unverified: bool,
}

/// The result of [`check`]; serialise it for the JSON output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The decision.
    pub verdict: VerdictKind,
    /// One sentence.
    pub summary: String,
    /// Profile id.
    pub profile: String,
    /// Regimes binding under the profile.
    pub binding_regimes: Vec<String>,
    /// Shipment date.
    pub date: Option<NaiveDate>,
    /// Reasons, each with its citation.
    pub reasons: Vec<Reason>,
    /// Missing data, named precisely.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Missing>,
    /// Exemption claims and their preconditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<ExemptionOutcome>,
    /// Caps touched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<CapEffect>,
    /// Screening.
    pub screening: ScreeningSummary,
    /// Matching measures that did not decide.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_measures: Vec<OtherMeasure>,
}

impl Verdict {
    /// Reasons about one measure.
    pub fn reasons_for(&self, measure: &str) -> impl Iterator<Item = &Reason> {
        self.reasons
            .iter()
            .filter(move |r| r.measure.as_deref() == Some(measure))
    }

    /// The exemption that was applied, if any.
    pub fn applied_exemption(&self) -> Option<&ExemptionOutcome> {
        self.exemptions
            .iter()
            .find(|e| e.status == ExemptionStatus::Applied)
    }
}

struct Ctx<'a> {
    s: &'a Shipment,
    date: NaiveDate,
    measures: &'a Measures,
    screening: &'a ScreeningSummary,
    missing: Vec<Missing>,
}

impl Ctx<'_> {
    fn miss(&mut self, field: impl Into<String>, detail: impl Into<String>) {
        let field = field.into();
        if !self.missing.iter().any(|m| m.field == field) {
            self.missing.push(Missing {
                field,
                detail: detail.into(),
            });
        }
    }
}

fn pre(
    id: Precondition,
    status: PreconditionStatus,
    detail: impl Into<String>,
) -> PreconditionResult {
    PreconditionResult {
        id: id.id(),
        status,
        detail: detail.into(),
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    text.to_lowercase().contains(word)
}

fn is_rajin(ctx: &Ctx<'_>, p: &crate::shipment::RoutePoint) -> bool {
    let Some(port) = ctx.measures.ports.get("rajin") else {
        return false;
    };
    if let Some(l) = &p.locode
        && port.locodes.iter().any(|x| x.eq_ignore_ascii_case(l))
    {
        return true;
    }
    p.name.as_deref().is_some_and(|n| {
        n.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| port.names.iter().any(|x| x == w))
    })
}

/// Evaluate one precondition. `claim` is `(index, claim)` for exemption
/// claims, `None` for a cap's conditions.
fn evaluate(
    p: Precondition,
    ctx: &mut Ctx<'_>,
    claim: Option<(usize, &ExemptionClaim)>,
    m: &Measure,
) -> PreconditionResult {
    use PreconditionStatus::*;
    let s = ctx.s;
    let cpath = |f: &str| claim.map_or(f.to_string(), |(i, _)| format!("exemptions[{i}].{f}"));
    let claim_bool =
        |ctx: &mut Ctx<'_>, f: &str, v: Option<bool>, what: &str| -> PreconditionResult {
            match v {
                Some(true) => pre(p, Met, format!("{what}: declared")),
                Some(false) => pre(p, NotMet, format!("{what}: declared false")),
                None => {
                    ctx.miss(
                        cpath(f),
                        format!("{what} (exemption precondition {})", p.id()),
                    );
                    pre(p, Unknown, format!("{} missing", cpath(f)))
                }
            }
        };
    match p {
        Precondition::EvidenceReference => match claim.and_then(|(_, c)| c.evidence_reference()) {
            Some(r) => pre(p, Met, format!("evidence: {r}")),
            None => {
                ctx.miss(cpath("reference"), "exemption evidence missing: the reference of the approval, notice, licence or document");
                pre(p, Unknown, "exemption evidence missing")
            }
        },
        Precondition::OriginNotTarget => match &s.origin {
            None => {
                ctx.miss(
                    "origin",
                    "country of origin of the goods, to check that they are not of DPRK origin",
                );
                pre(p, Unknown, "origin missing")
            }
            Some(o) if ctx.measures.is_target(o) => pre(p, NotMet, format!("origin is {o}")),
            Some(o) => pre(p, Met, format!("origin is {o}")),
        },
        Precondition::RouteViaRajin => {
            if s.route.is_empty() {
                ctx.miss(
                    "route",
                    "the ports of the route, to show the goods were exported through Rajin",
                );
                pre(p, Unknown, "route missing")
            } else if let Some(r) = s.route.iter().find(|r| is_rajin(ctx, r)) {
                let name = r
                    .name
                    .clone()
                    .or_else(|| r.locode.clone())
                    .unwrap_or_default();
                pre(p, Met, format!("route calls at {name}"))
            } else {
                pre(p, NotMet, "the route does not call at Rajin (Rason)")
            }
        }
        Precondition::AdvanceNotice => match claim.and_then(|(_, c)| c.notice_date) {
            None => {
                ctx.miss(
                    cpath("notice_date"),
                    "date the 1718 Committee was notified (must be before the shipment)",
                );
                pre(p, Unknown, "notice date missing")
            }
            Some(nd) if nd < ctx.date => pre(
                p,
                Met,
                format!("Committee notified on {nd}, before {}", ctx.date),
            ),
            Some(nd) => pre(
                p,
                NotMet,
                format!(
                    "Committee notified on {nd}, not before the shipment date {}",
                    ctx.date
                ),
            ),
        },
        Precondition::PurposeLivelihood | Precondition::PurposeHumanitarian => {
            let word = if p == Precondition::PurposeLivelihood {
                "livelihood"
            } else {
                "humanitarian"
            };
            match &s.purpose {
                None => {
                    ctx.miss("purpose", format!("the declared purpose (must be {word})"));
                    pre(p, Unknown, "purpose missing")
                }
                Some(t) if contains_word(t, word) => pre(p, Met, format!("declared purpose: {t}")),
                Some(t) => pre(p, NotMet, format!("declared purpose {t:?} is not {word}")),
            }
        }
        Precondition::NoDesignatedParty => {
            let sc = ctx.screening;
            if !sc.performed {
                ctx.miss("screening", "parties and vessel were not screened; needed to show that no designated party is involved");
                pre(p, Unknown, "screening not performed")
            } else if sc.screened == 0 {
                ctx.miss(
                    "parties",
                    "the parties (and vessel), to show that no designated party is involved",
                );
                pre(p, Unknown, "no parties given")
            } else if let Some(h) = sc.hits.iter().find(|h| h.hit.is_match) {
                pre(
                    p,
                    NotMet,
                    format!(
                        "{} ({}) matches {} ({})",
                        h.party, h.name, h.hit.name, h.hit.id
                    ),
                )
            } else if let Some(h) = sc
                .hits
                .iter()
                .find(|h| h.hit.designations.iter().any(|d| d.binding))
            {
                pre(
                    p,
                    Unknown,
                    format!(
                        "{} ({}) is a possible match for {}: review the hit",
                        h.party, h.name, h.hit.name
                    ),
                )
            } else {
                pre(
                    p,
                    Met,
                    format!("{} parties/vessel screened, no match", sc.screened),
                )
            }
        }
        Precondition::NoProgrammeRevenue => match s.no_programme_revenue {
            Some(true) => pre(p, Met, "declared: no revenue for the prohibited programmes"),
            Some(false) => pre(
                p,
                NotMet,
                "declared: the transaction may raise revenue for the prohibited programmes",
            ),
            None => {
                ctx.miss("no_programme_revenue", "declaration that the transaction raises no revenue for the DPRK's nuclear or ballistic missile programmes");
                pre(p, Unknown, "no_programme_revenue declaration missing")
            }
        },
        Precondition::CivilPassengerAircraft => {
            let v = claim.and_then(|(_, c)| c.civil_passenger_aircraft);
            claim_bool(
                ctx,
                "civil_passenger_aircraft",
                v,
                "civilian passenger aircraft",
            )
        }
        Precondition::ReturnFlightOnly => {
            let v = claim.and_then(|(_, c)| c.return_flight_only);
            claim_bool(
                ctx,
                "return_flight_only",
                v,
                "fuel only for the flight to the DPRK and back",
            )
        }
        Precondition::AircraftSpareParts => {
            let sp = claim.and_then(|(_, c)| c.spare_parts);
            let inuse = claim.and_then(|(_, c)| c.aircraft_in_use);
            match (sp, inuse) {
                (Some(true), Some(true)) => {
                    pre(p, Met, "spare parts for an aircraft currently in use")
                }
                (Some(false), _) => pre(p, NotMet, "the goods are not spare parts"),
                (_, Some(false)) => pre(p, NotMet, "the aircraft is not currently in use"),
                _ => {
                    if sp.is_none() {
                        ctx.miss(
                            cpath("spare_parts"),
                            "whether the goods are aircraft spare parts",
                        );
                    }
                    if inuse.is_none() {
                        ctx.miss(
                            cpath("aircraft_in_use"),
                            "whether the aircraft is currently in use",
                        );
                    }
                    pre(p, Unknown, "spare_parts / aircraft_in_use missing")
                }
            }
        }
        Precondition::FuelledOutsideTarget => {
            match claim.and_then(|(_, c)| c.fuelling_country.clone()) {
                None => {
                    ctx.miss(
                        cpath("fuelling_country"),
                        "where the aircraft is fuelled (must be outside the DPRK)",
                    );
                    pre(p, Unknown, "fuelling country missing")
                }
                Some(c) if ctx.measures.is_target(&c) => pre(p, NotMet, format!("fuelled in {c}")),
                Some(c) => pre(p, Met, format!("fuelled in {c}")),
            }
        }
        Precondition::ContractBeforeCutoff => match (&m.wind_down, s.contract_date) {
            (None, _) => pre(p, NotMet, "the measure has no wind-down window"),
            (Some(w), None) => {
                ctx.miss(
                    "contract_date",
                    format!(
                        "date the contract was concluded (must be before {})",
                        w.contracts_before
                    ),
                );
                pre(p, Unknown, "contract date missing")
            }
            (Some(w), Some(cd)) if cd < w.contracts_before => pre(
                p,
                Met,
                format!("contract of {cd}, before {}", w.contracts_before),
            ),
            (Some(w), Some(cd)) => pre(
                p,
                NotMet,
                format!("contract of {cd}, not before {}", w.contracts_before),
            ),
        },
        Precondition::WithinWindDown => match &m.wind_down {
            None => pre(p, NotMet, "the measure has no wind-down window"),
            Some(w) if ctx.date < w.until => pre(
                p,
                Met,
                format!(
                    "delivery on {}, within the window ending {}",
                    ctx.date,
                    last(w.until)
                ),
            ),
            Some(w) => pre(p, NotMet, format!("the window closed on {}", last(w.until))),
        },
    }
}

fn last(exclusive_end: NaiveDate) -> NaiveDate {
    exclusive_end.pred_opt().unwrap_or(exclusive_end)
}

fn status_of(results: &[PreconditionResult]) -> ExemptionStatus {
    if results
        .iter()
        .any(|r| r.status == PreconditionStatus::NotMet)
    {
        ExemptionStatus::NotMet
    } else if results
        .iter()
        .any(|r| r.status == PreconditionStatus::Unknown)
    {
        ExemptionStatus::Incomplete
    } else {
        ExemptionStatus::Applied
    }
}

/// The exemption kinds a measure allows for a goods group:
/// `(kind, grant reference, reference unverified, counts against cap)`.
fn allowed<'m>(
    measures: &'m Measures,
    m: &'m Measure,
    g: &Goods,
) -> Vec<(&'m ExemptionKind, Option<String>, bool, bool)> {
    let mut out: Vec<(&ExemptionKind, Option<String>, bool, bool)> = Vec::new();
    for e in &m.exemptions {
        if !e.goods.is_empty() && !e.goods.contains(&g.name) {
            continue;
        }
        if let Some(k) = measures.exemptions.get(&e.kind) {
            out.push((
                k,
                e.reference.clone(),
                e.ref_unverified,
                e.counts_against_cap,
            ));
        }
    }
    for k in measures.exemptions.values() {
        if k.regime_wide.contains(&m.regime) && !out.iter().any(|(o, ..)| o.id == k.id) {
            let r = match (&k.instrument, &k.paragraph) {
                (Some(i), Some(p)) => Some(format!("{i} para {p}")),
                (Some(i), None) => Some(i.clone()),
                _ => None,
            };
            out.push((k, r, false, true));
        }
    }
    out
}

struct Eval {
    outcomes: Vec<ExemptionOutcome>,
    applied: Option<(usize, bool)>,
    incomplete: bool,
}

fn evaluate_claims(ctx: &mut Ctx<'_>, m: &Measure, g: &Goods, used: &mut BTreeSet<usize>) -> Eval {
    let allowed = allowed(ctx.measures, m, g);
    let mut outcomes = Vec::new();
    let mut applied = None;
    let mut incomplete = false;
    for (i, c) in ctx.s.exemptions.iter().enumerate() {
        let Some((k, grant, ref_unverified, counts)) =
            allowed.iter().find(|(k, ..)| k.id == c.kind)
        else {
            continue;
        };
        used.insert(i);
        if let Some(from) = k.available_from
            && ctx.date < from
        {
            outcomes.push(ExemptionOutcome {
                kind: c.kind.clone(),
                claim: i,
                measure: Some(m.id.clone()),
                title: Some(k.title.clone()),
                granted_by: grant.clone(),
                status: ExemptionStatus::NotAvailable,
                preconditions: Vec::new(),
                note: Some(format!("this exemption exists only from {from}")),
                unverified: *ref_unverified,
            });
            continue;
        }
        let results: Vec<PreconditionResult> = k
            .preconditions
            .iter()
            .map(|p| evaluate(*p, ctx, Some((i, c)), m))
            .collect();
        let status = status_of(&results);
        match status {
            ExemptionStatus::Applied if applied.is_none() => {
                applied = Some((outcomes.len(), *counts))
            }
            ExemptionStatus::Incomplete => incomplete = true,
            _ => {}
        }
        outcomes.push(ExemptionOutcome {
            kind: c.kind.clone(),
            claim: i,
            measure: Some(m.id.clone()),
            title: Some(k.title.clone()),
            granted_by: grant.clone(),
            status,
            preconditions: results,
            note: None,
            unverified: *ref_unverified || !k.unverified.is_empty(),
        });
    }
    Eval {
        outcomes,
        applied,
        incomplete,
    }
}

fn describe_pre(results: &[PreconditionResult], status: PreconditionStatus) -> String {
    results
        .iter()
        .filter(|r| r.status == status)
        .map(|r| format!("{} ({})", r.id, r.detail))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Check a shipment under a jurisdiction profile.
///
/// * `profile_id`: a key of the catalogue's `[profiles]` (`un`, `cn`, `jp`,
///   `kr`, `us`, `eu`, `uk`, `all`); it decides which regimes bind.
/// * `ledger`: the caps ledger; a cap shipment is weighed against the
///   reports dated on or before the shipment date.
/// * `screener`: screens parties and the vessel ([`crate::NoScreening`] if
///   none; the verdict then says so).
///
/// Content problems (missing fields, unknown exemption kinds) never fail:
/// they are in the verdict. Errors are an unknown profile or a ledger fault.
pub fn check(
    shipment: &Shipment,
    profile_id: &str,
    measures: &Measures,
    ledger: &Ledger,
    screener: &dyn PartyScreener,
) -> Result<Verdict, CheckError> {
    let profile = measures
        .profile(profile_id)
        .ok_or_else(|| CheckError::UnknownProfile {
            profile: profile_id.to_string(),
            known: measures.profiles.keys().cloned().collect(),
        })?;
    let binding: Vec<String> = profile.regimes.clone();
    let mut reasons = Vec::new();

    // 1. Screening.
    let screening = screen(shipment, screener, &mut reasons);

    let mut v = Verdict {
        verdict: VerdictKind::Permitted,
        summary: String::new(),
        profile: profile_id.to_string(),
        binding_regimes: binding.clone(),
        date: shipment.date,
        reasons,
        missing: Vec::new(),
        exemptions: Vec::new(),
        caps: Vec::new(),
        screening,
        other_measures: Vec::new(),
    };

    // 2. Date and direction.
    if shipment.date.is_none() {
        v.missing.push(Missing {
            field: "date".into(),
            detail: "the shipment date: the rules in force on that date apply".into(),
        });
    }
    if shipment.direction.is_none() {
        v.missing.push(Missing {
            field: "direction".into(),
            detail:
                "\"import\" (procurement from the origin) or \"export\" (supply to the destination)"
                    .into(),
        });
    }
    let (Some(date), Some(direction)) = (shipment.date, shipment.direction) else {
        return Ok(finish(v));
    };

    let mut ctx = Ctx {
        s: shipment,
        date,
        measures,
        screening: &v.screening,
        missing: Vec::new(),
    };

    // 3. Nexus with the target.
    let target = measures.target.clone();
    let route_in_target = {
        let c = &ctx;
        shipment.route.iter().any(|r| {
            r.country.as_deref().is_some_and(|c| measures.is_target(c))
                || is_rajin(c, r)
                    && measures
                        .ports
                        .get("rajin")
                        .is_some_and(|p| measures.is_target(&p.country))
        })
    };
    let (country, field, role) = match direction {
        Direction::Import => (&shipment.origin, "origin", "comes from"),
        _ => (&shipment.destination, "destination", "goes to"),
    };
    let nexus = country.as_deref().is_some_and(|c| measures.is_target(c)) || route_in_target;
    let mut reasons = Vec::new();
    let mut exemptions = Vec::new();
    let mut caps = Vec::new();
    let mut others = Vec::new();
    if !nexus {
        if country.is_none() {
            ctx.miss(
                field,
                format!("needed to know whether the shipment {role} {target}"),
            );
        } else {
            reasons.push(Reason::plain(
                Outcome::NoNexus,
                format!(
                    "the shipment neither {role} {target} nor calls at a {target} port ({field}: {}); the {target} goods measures do not apply",
                    country.as_deref().unwrap_or("?")
                ),
            ));
        }
    } else {
        // 4. Measures.
        if shipment.hs_code.is_none() {
            ctx.miss(
                "hs_code",
                "the HS code of the goods: the goods measures are defined by HS code",
            );
        }
        let mut used_claims = BTreeSet::new();
        for m in &measures.measures {
            if !m.direction.covers(direction) {
                continue;
            }
            let Some((g, prefix, hm)) = goods_match(m, shipment) else {
                continue;
            };
            let is_binding = binding.contains(&m.regime);
            if !m.in_force(date) || !is_binding {
                let status = if !m.in_force(date) {
                    if date < m.valid_from {
                        OtherStatus::NotYetInForce
                    } else if m.superseded_by.is_empty() {
                        OtherStatus::Expired
                    } else {
                        OtherStatus::Superseded
                    }
                } else {
                    OtherStatus::NotBinding
                };
                if hm == HsMatch::Yes {
                    others.push(other(m, status, profile_id, date));
                }
                continue;
            }
            apply_measure(
                &mut ctx,
                m,
                g,
                &prefix,
                hm,
                ledger,
                &mut used_claims,
                &mut reasons,
                &mut exemptions,
                &mut caps,
                &mut others,
            )?;
        }
        for (i, c) in shipment.exemptions.iter().enumerate() {
            if used_claims.contains(&i) {
                continue;
            }
            let note = if measures.exemptions.contains_key(&c.kind) {
                "no binding measure that applies to this shipment allows this exemption".to_string()
            } else {
                format!(
                    "unknown exemption kind; known kinds: {}",
                    measures
                        .exemptions
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            exemptions.push(ExemptionOutcome {
                kind: c.kind.clone(),
                claim: i,
                measure: None,
                title: measures.exemptions.get(&c.kind).map(|k| k.title.clone()),
                granted_by: None,
                status: ExemptionStatus::NotAvailable,
                preconditions: Vec::new(),
                note: Some(note),
                unverified: false,
            });
        }
    }
    let missing = std::mem::take(&mut ctx.missing);
    v.reasons.extend(reasons);
    v.missing.extend(missing);
    v.exemptions = exemptions;
    v.caps = caps;
    v.other_measures = others;
    Ok(finish(v))
}

fn other(m: &Measure, status: OtherStatus, profile: &str, date: NaiveDate) -> OtherMeasure {
    let validity = match m.valid_to {
        Some(to) => format!("in force {} to {}", m.valid_from, last(to)),
        None => format!("in force from {}", m.valid_from),
    };
    let text = match status {
        OtherStatus::NotBinding => format!(
            "{} ({validity}) would apply, but regime {} does not bind profile {profile}",
            m.id, m.regime
        ),
        OtherStatus::NotYetInForce => {
            format!("{} is not yet in force on {date} ({validity})", m.id)
        }
        OtherStatus::Superseded => format!(
            "{} ({validity}) was superseded by {} before {date}",
            m.id,
            m.superseded_by.join(", ")
        ),
        OtherStatus::Expired => format!("{} ({validity}) had ended before {date}", m.id),
        OtherStatus::OutOfScope => format!("{} ({validity}) does not cover these goods", m.id),
    };
    OtherMeasure {
        measure: m.id.clone(),
        regime: m.regime.clone(),
        citation: m.citation(),
        status,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        superseded_by: m.superseded_by.clone(),
        text,
        unverified: !m.unverified_items().is_empty(),
    }
}

/// The best goods match of a measure: a definite match over an ambiguous one.
/// Without an HS code only `*` groups match.
fn goods_match<'m>(m: &'m Measure, s: &Shipment) -> Option<(&'m Goods, String, HsMatch)> {
    let mut best: Option<(&Goods, String, HsMatch)> = None;
    for g in &m.goods {
        for p in &g.prefixes {
            let hm = match &s.hs_code {
                Some(code) => p.matches(code),
                None if p.as_str() == "*" => HsMatch::Yes,
                None => HsMatch::No,
            };
            match hm {
                HsMatch::Yes => return Some((g, p.as_str().to_string(), hm)),
                HsMatch::Ambiguous if best.is_none() => {
                    best = Some((g, p.as_str().to_string(), hm))
                }
                _ => {}
            }
        }
    }
    best
}

#[allow(clippy::too_many_arguments)]
fn apply_measure(
    ctx: &mut Ctx<'_>,
    m: &Measure,
    g: &Goods,
    prefix: &str,
    hm: HsMatch,
    ledger: &Ledger,
    used_claims: &mut BTreeSet<usize>,
    reasons: &mut Vec<Reason>,
    exemptions: &mut Vec<ExemptionOutcome>,
    caps: &mut Vec<CapEffect>,
    others: &mut Vec<OtherMeasure>,
) -> Result<(), CheckError> {
    let cite = m.citation();
    let code = ctx
        .s
        .hs_code
        .as_ref()
        .map_or("", |h| h.digits())
        .to_string();
    if hm == HsMatch::Ambiguous {
        ctx.miss(
            "hs_code",
            format!(
                "a code of at least {} digits: {code} could be inside or outside {prefix} ({}, {})",
                prefix.len(),
                g.name,
                m.id
            ),
        );
        reasons.push(Reason::measure(
            m,
            g,
            prefix,
            Outcome::Review,
            format!(
                "HS {code} is less specific than {prefix} ({}) of {} ({cite}): give the full code",
                g.name, m.id
            ),
        ));
        return Ok(());
    }
    if g.condition.as_deref() == Some("new") {
        match ctx.s.goods_condition.as_deref() {
            Some("used") => {
                others.push(other(m, OtherStatus::OutOfScope, "", ctx.date));
                if let Some(o) = others.last_mut() {
                    o.text = format!("{} covers new {} only; the goods are used", m.id, g.name);
                }
                return Ok(());
            }
            Some(_) => {}
            None => {
                ctx.miss(
                    "goods_condition",
                    format!(
                        "\"new\" or \"used\": {} ({cite}) covers new goods only",
                        m.id
                    ),
                );
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Review,
                    format!(
                        "{} ({cite}) bans new {} only; say whether the goods are new or used",
                        m.id, g.name
                    ),
                ));
                return Ok(());
            }
        }
    }
    if let Some(note) = &m.review {
        reasons.push(Reason::measure(
            m,
            g,
            prefix,
            Outcome::Review,
            format!("{} ({cite}) applies: {note}", m.id),
        ));
        return Ok(());
    }
    if g.strength == MatchStrength::Indicative {
        reasons.push(Reason::measure(
            m,
            g,
            prefix,
            Outcome::Review,
            format!(
                "HS {code} falls under {prefix}, which {} ({cite}) covers only in part ({}): {}",
                m.id,
                g.name,
                m.note.as_deref().unwrap_or("classification needed")
            ),
        ));
        return Ok(());
    }

    let eval = evaluate_claims(ctx, m, g, used_claims);
    let applied = eval
        .applied
        .map(|(i, counts)| (eval.outcomes[i].clone(), counts));
    let failed: Vec<&ExemptionOutcome> = eval
        .outcomes
        .iter()
        .filter(|o| o.status == ExemptionStatus::NotMet)
        .collect();
    let failed_text = if failed.is_empty() {
        String::new()
    } else {
        format!(
            "; claimed exemption not met: {}",
            failed
                .iter()
                .map(|o| format!(
                    "{} [{}]",
                    o.kind,
                    describe_pre(&o.preconditions, PreconditionStatus::NotMet)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let incomplete = eval.incomplete;
    let incomplete_text = eval
        .outcomes
        .iter()
        .filter(|o| o.status == ExemptionStatus::Incomplete)
        .map(|o| {
            format!(
                "{} [{}]",
                o.kind,
                describe_pre(&o.preconditions, PreconditionStatus::Unknown)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    exemptions.extend(eval.outcomes.iter().cloned());

    let exempted_reason = |o: &ExemptionOutcome, extra: &str| {
        let mut r = Reason::measure(
            m,
            g,
            prefix,
            Outcome::Exempted,
            format!(
                "{} ({cite}) covers {} but exemption {}{} applies{extra}: {}",
                m.id,
                g.name,
                o.kind,
                o.granted_by
                    .as_ref()
                    .map_or(String::new(), |r| format!(" ({r})")),
                describe_pre(&o.preconditions, PreconditionStatus::Met)
            ),
        );
        if o.unverified {
            r.add_unverified(format!("exemption:{}", o.kind));
        }
        r
    };

    match m.measure_type {
        MeasureType::Ban | MeasureType::Licence => {
            if let Some((o, _)) = &applied {
                reasons.push(exempted_reason(o, ""));
            } else if incomplete {
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Review,
                    format!("{} ({cite}) prohibits {} unless the claimed exemption holds; cannot tell: {incomplete_text}", m.id, g.name),
                ));
            } else {
                let what = if m.measure_type == MeasureType::Licence {
                    format!("requires a licence for {}", g.name)
                } else {
                    format!("prohibits {}", g.name)
                };
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Prohibits,
                    format!(
                        "{} ({cite}) {what} ({} {}, HS {prefix}){failed_text}",
                        m.id,
                        dir_word(ctx.s.direction.unwrap_or(m.direction)),
                        ctx.measures.target
                    ),
                ));
            }
        }
        MeasureType::Cap => {
            if let Some((o, false)) = &applied {
                reasons.push(exempted_reason(o, " and does not count against the cap"));
                return Ok(());
            }
            if incomplete {
                reasons.push(Reason::measure(
                    m,
                    g,
                    prefix,
                    Outcome::Review,
                    format!(
                        "{} ({cite}): the claimed exemption cannot be checked: {incomplete_text}",
                        m.id
                    ),
                ));
                return Ok(());
            }
            let Some(cap) = m.cap.as_deref().and_then(|c| ctx.measures.cap(c)) else {
                return Ok(());
            };
            apply_cap(ctx, m, g, prefix, cap, ledger, &failed_text, reasons, caps)?;
        }
    }
    Ok(())
}

fn dir_word(d: Direction) -> &'static str {
    match d {
        Direction::Import => "imports from",
        Direction::Export => "exports to",
        Direction::Both => "trade with",
    }
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

#[allow(clippy::too_many_arguments)]
fn apply_cap(
    ctx: &mut Ctx<'_>,
    m: &Measure,
    g: &Goods,
    prefix: &str,
    cap: &Cap,
    ledger: &Ledger,
    failed_text: &str,
    reasons: &mut Vec<Reason>,
    caps: &mut Vec<CapEffect>,
) -> Result<(), CheckError> {
    let cite = m.citation();
    let date = ctx.date;
    let mk = |outcome, text| {
        let mut r = Reason::measure(m, g, prefix, outcome, text);
        for u in &cap.unverified {
            r.add_unverified(format!("cap:{u}"));
        }
        if cap.thresholds.iter().any(|t| t.unverified) {
            r.add_unverified("cap:thresholds".into());
        }
        r
    };
    let Some(period) = cap.period_at(date) else {
        let first = cap.periods.first().map(|p| p.start);
        reasons.push(mk(
            Outcome::NoCapPeriod,
            format!(
                "{} ({cite}) is in force but no period of cap {} runs on {date}{}: no limit applies yet",
                m.id,
                cap.id,
                first.filter(|f| *f > date).map_or(String::new(), |f| format!(" (the first starts {f})"))
            ),
        ));
        return Ok(());
    };
    let before = ledger.status_with(cap, date, None)?;
    let Some(bp) = before.current_period().cloned() else {
        return Ok(());
    };
    let mut effect = CapEffect {
        cap: cap.id.clone(),
        measure: m.id.clone(),
        citation: cite.clone(),
        period: period.label.clone(),
        period_start: period.start,
        period_last_day: period.last_day(),
        limits: describe_limits(cap, &period),
        before: bp.utilisation,
        after: bp.utilisation,
        stop_percent: cap.stop_percent(),
        stopped: bp.stop,
        stopped_since: bp.stop_since,
        notices: bp.notices.clone(),
        unverified: before.unverified.clone(),
    };
    if bp.stop {
        reasons.push(mk(
            Outcome::Prohibits,
            format!(
                "cap {} ({cite}, {}): the stop point was reached on {} (utilisation {}); further {} must stop until {}",
                cap.id,
                effect.limits,
                bp.stop_since.map_or("?".into(), |d| d.to_string()),
                pct(bp.utilisation),
                if m.direction == Direction::Import { "procurement" } else { "supply" },
                period.last_day()
            ),
        ));
        caps.push(effect);
        return Ok(());
    }
    // Conditions of the cap (no designated party, no programme revenue).
    let results: Vec<PreconditionResult> = cap
        .conditions
        .iter()
        .map(|p| evaluate(*p, ctx, None, m))
        .collect();
    match status_of(&results) {
        ExemptionStatus::NotMet => {
            reasons.push(mk(
                Outcome::Prohibits,
                format!(
                    "{} ({cite}) permits only procurement or supply that meets its conditions; not met: {}{failed_text}",
                    m.id,
                    describe_pre(&results, PreconditionStatus::NotMet)
                ),
            ));
            caps.push(effect);
            return Ok(());
        }
        ExemptionStatus::Incomplete => {
            reasons.push(mk(
                Outcome::Review,
                format!(
                    "{} ({cite}) permits only procurement or supply that meets its conditions; cannot tell: {}",
                    m.id,
                    describe_pre(&results, PreconditionStatus::Unknown)
                ),
            ));
            caps.push(effect);
            return Ok(());
        }
        _ => {}
    }
    // The shipment's amounts in the cap's units.
    let def = &cap.periods[period.def];
    let mut contribution = Contribution {
        date,
        quantity: None,
        value: None,
    };
    let mut blocked = false;
    if def
        .limits
        .iter()
        .any(|l| l.unit_kind().kind() == UnitKind::Quantity)
    {
        let accepted = cap.accepted_quantity_units();
        let names = accepted
            .iter()
            .map(|u| u.symbol())
            .collect::<Vec<_>>()
            .join(" or ");
        match (ctx.s.quantity, ctx.s.unit.as_deref()) {
            (Some(q), Some(u)) => match Unit::parse(u).filter(|u| accepted.contains(u)) {
                Some(unit) => contribution.quantity = Some((q, unit)),
                None => {
                    ctx.miss("unit", format!("a unit cap {} can count ({names}); {u:?} has no conversion factor in the catalogue", cap.id));
                    blocked = true;
                }
            },
            (None, _) => {
                ctx.miss(
                    "quantity",
                    format!("the quantity ({names}), to weigh it against cap {}", cap.id),
                );
                blocked = true;
            }
            (Some(_), None) => {
                ctx.miss("unit", format!("the unit of the quantity ({names})"));
                blocked = true;
            }
        }
    }
    if let Some(cur) = def
        .limits
        .iter()
        .map(|l| l.unit_kind())
        .find(|u| u.kind() == UnitKind::Currency)
    {
        match (ctx.s.value, ctx.s.currency.as_deref()) {
            (Some(v), Some(c)) if Unit::parse(c) == Some(cur) => {
                contribution.value = Some((v, cur))
            }
            (Some(_), Some(c)) => {
                ctx.miss("currency", format!("the value in {cur}: cap {} is in {cur} and no exchange rate for {c:?} is assumed", cap.id));
                blocked = true;
            }
            (Some(_), None) => {
                ctx.miss("currency", format!("the currency of the value ({cur})"));
                blocked = true;
            }
            (None, _) => {
                ctx.miss(
                    "value",
                    format!("the value in {cur}, to weigh it against cap {}", cap.id),
                );
                blocked = true;
            }
        }
    }
    if blocked {
        reasons.push(mk(
            Outcome::Review,
            format!(
                "{} ({cite}) caps {} at {} per period; utilisation before this shipment {}: the shipment's amounts are needed",
                m.id,
                g.name,
                effect.limits,
                pct(bp.utilisation)
            ),
        ));
        caps.push(effect);
        return Ok(());
    }
    let after = ledger.status_with(cap, date, Some(contribution))?;
    let ap = after
        .current_period()
        .map_or(bp.utilisation, |p| p.utilisation);
    effect.after = ap;
    let stop = cap.stop_percent();
    if ap * 100.0 >= stop - 1e-9 {
        let room: Vec<String> = bp
            .limits
            .iter()
            .map(|l| {
                let left = (l.limit * stop / 100.0 - l.used).max(0.0);
                match l.unit {
                    Unit::Usd => format!("US${}", group(left)),
                    u => format!("{} {u}", group(left)),
                }
            })
            .collect();
        reasons.push(mk(
            Outcome::CapLimited,
            format!(
                "cap {} ({cite}, {}): this shipment would take utilisation from {} to {}, past the {stop} % stop point; room left before it: {}",
                cap.id,
                effect.limits,
                pct(bp.utilisation),
                pct(ap),
                room.join(" and ")
            ),
        ));
    } else {
        reasons.push(mk(
            Outcome::WithinCap,
            format!(
                "cap {} ({cite}, {}): within the cap, utilisation {} before and {} after this shipment; it counts against the cap and must be reported to the 1718 Committee",
                cap.id,
                effect.limits,
                pct(bp.utilisation),
                pct(ap)
            ),
        ));
    }
    caps.push(effect);
    Ok(())
}

fn screen(
    s: &Shipment,
    screener: &dyn PartyScreener,
    reasons: &mut Vec<Reason>,
) -> ScreeningSummary {
    let performed = screener.performs_screening();
    let mut parties: Vec<(String, crate::shipment::Party)> = s
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("parties[{i}]"), p.clone()))
        .collect();
    if let Some(v) = &s.vessel {
        parties.push(("vessel".into(), v.as_party()));
    }
    let mut hits = Vec::new();
    for (path, p) in &parties {
        for h in screener.screen(p) {
            let binding: Vec<String> = h
                .designations
                .iter()
                .filter(|d| d.binding)
                .map(|d| format!("{} {}", d.source, d.reference))
                .collect();
            let other: Vec<String> = h
                .designations
                .iter()
                .filter(|d| !d.binding)
                .map(|d| format!("{} {}", d.source, d.reference))
                .collect();
            if h.is_match && !binding.is_empty() {
                reasons.push(Reason::plain(
                    Outcome::DesignatedParty,
                    format!(
                        "{path} {:?} matches {} ({}), designated: {}",
                        p.name,
                        h.name,
                        h.id,
                        binding.join(", ")
                    ),
                ));
            } else if h.is_match && !other.is_empty() {
                reasons.push(Reason::plain(
                    Outcome::Exposure,
                    format!("{path} {:?} matches {} ({}), designated under regimes that do not bind this profile: {}", p.name, h.name, h.id, other.join(", ")),
                ));
            } else if !h.is_match && !binding.is_empty() {
                reasons.push(Reason::plain(
                    Outcome::PossibleMatch,
                    format!(
                        "{path} {:?} may be {} ({}, score {:.2}), designated: {}; review the hit",
                        p.name,
                        h.name,
                        h.id,
                        h.score,
                        binding.join(", ")
                    ),
                ));
            }
            hits.push(ScreenedHit {
                party: path.clone(),
                name: p.name.clone(),
                hit: h,
            });
        }
    }
    ScreeningSummary {
        performed,
        screened: parties.len(),
        hits,
        note: (!performed).then(|| "screening was not performed: no party screener was supplied, so parties and vessel were not checked against any list".to_string()),
    }
}

fn finish(mut v: Verdict) -> Verdict {
    let mut kind = v
        .reasons
        .iter()
        .filter_map(|r| r.outcome.verdict())
        .max()
        .unwrap_or(VerdictKind::Permitted);
    if !v.missing.is_empty() && kind < VerdictKind::NeedsReview {
        kind = VerdictKind::NeedsReview;
    }
    v.verdict = kind;
    let deciding: Vec<&Reason> = v
        .reasons
        .iter()
        .filter(|r| r.outcome.verdict() == Some(kind))
        .collect();
    v.summary = match kind {
        VerdictKind::Permitted => {
            let within: Vec<&Reason> = v
                .reasons
                .iter()
                .filter(|r| r.outcome == Outcome::WithinCap)
                .collect();
            if let Some(r) = within.first() {
                format!("permitted under profile {}: {}", v.profile, r.text)
            } else if let Some(r) = v.reasons.iter().find(|r| r.outcome == Outcome::NoNexus) {
                format!("permitted under profile {}: {}", v.profile, r.text)
            } else {
                format!(
                    "permitted under profile {}: no binding measure in force on the date covers these goods",
                    v.profile
                )
            }
        }
        VerdictKind::NeedsReview if deciding.is_empty() => format!(
            "needs review: missing {}",
            v.missing
                .iter()
                .map(|m| m.field.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => {
            let first = deciding.first().map_or(String::new(), |r| r.text.clone());
            let more = deciding.len().saturating_sub(1);
            if more > 0 {
                format!("{}: {first} (and {more} more)", kind.as_str())
            } else {
                format!("{}: {first}", kind.as_str())
            }
        }
    };
    v
}
