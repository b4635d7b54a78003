//! What a check gives out: the [`Verdict`] and every part of it (reasons,
//! missing data, exemption outcomes, cap effects, screening summary, measures
//! that did not decide), and how the verdict and its summary follow from the
//! reasons ([`finish`]).

use crate::caps::Notice;
use crate::catalogue::{Authority, Goods, HsBasis, Measure, MeasureType};
use crate::screening::PartyHit;
use chrono::NaiveDate;
use serde::Serialize;

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
    pub(super) fn verdict(self) -> Option<VerdictKind> {
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
    pub(super) fn plain(outcome: Outcome, text: String) -> Reason {
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

    pub(super) fn measure(
        m: &Measure,
        g: &Goods,
        prefix: &str,
        outcome: Outcome,
        text: String,
    ) -> Reason {
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

    pub(super) fn add_unverified(&mut self, item: String) {
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

pub(super) fn finish(mut v: Verdict) -> Verdict {
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
