//! The measures catalogue: regimes, measures, caps and exemption kinds,
//! loaded from `data/measures.toml` and validated as a whole. Which regimes
//! bind whom is not here: a jurisdiction profile (the regimes crate's
//! `profiles.toml`, `trade_regimes`) says so, and [`crate::check`] takes
//! those regimes as a [`crate::Binding`].
//!
//! The catalogue is data because the facts change (paragraph numbers get
//! checked, HS mappings get corrected, new resolutions come) far more often
//! than the logic does, and because a compliance officer must be able to read
//! exactly what the engine applies. Validation runs at load time so that a
//! wrong reference (an unknown regime, a cap that names no measure, a
//! supersession whose dates do not meet) is an error naming the item, not a
//! silent gap in a verdict.

use crate::hs::HsPrefix;
use crate::units::{Unit, UnitKind};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The catalogue shipped with embargo, embedded at compile time.
pub const BUILTIN_TOML: &str = include_str!("../data/measures.toml");

/// Errors found while loading or validating a catalogue.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    /// The file is not valid TOML or does not have the catalogue's shape.
    #[error("measures catalogue: {0}")]
    Parse(#[from] toml::de::Error),
    /// Two items of the same kind share an id.
    #[error("measures catalogue: duplicate {kind} id {id:?}")]
    Duplicate {
        /// measure, cap, ...
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// An item refers to something that does not exist.
    #[error("measures catalogue: {item}: {field} refers to unknown {value:?}")]
    UnknownReference {
        /// The item, e.g. `measure UN1718-COAL-CAP-2321`.
        item: String,
        /// The field holding the reference.
        field: &'static str,
        /// The reference that does not resolve.
        value: String,
    },
    /// A field has a value that is not allowed.
    #[error("measures catalogue: {item}: {field}: {problem}")]
    Invalid {
        /// The item, e.g. `cap coal-2321`.
        item: String,
        /// The field concerned.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
}

fn invalid(
    item: impl Into<String>,
    field: &'static str,
    problem: impl Into<String>,
) -> CatalogueError {
    CatalogueError::Invalid {
        item: item.into(),
        field,
        problem: problem.into(),
    }
}

/// Who imposes a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Authority {
    /// The UN Security Council; binds every member state.
    Un,
    /// One state or union on its own.
    Unilateral,
}

/// What a measure does to the goods it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureType {
    /// Prohibited unless an exemption applies.
    Ban,
    /// Permitted within a global cap (see [`Cap`]).
    Cap,
    /// Prohibited unless the imposing government licenses it.
    Licence,
}

/// Direction from the member state's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Procurement from the target country (the target's export).
    Import,
    /// Supply, sale or transfer to the target country.
    Export,
    /// Both directions.
    Both,
}

impl Direction {
    /// Whether a measure with this direction covers a shipment going `shipment`.
    pub fn covers(self, shipment: Direction) -> bool {
        self == Direction::Both || self == shipment
    }
}

/// Where an HS mapping comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HsBasis {
    /// The resolution or legal text names the codes.
    ResolutionText,
    /// Taken from an EU annex (CN codes).
    EuAnnex,
    /// embargo's own mapping of the goods described; always unverified.
    EngineMapping,
}

/// Whether an HS match is decisive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchStrength {
    /// An HS match puts the shipment in scope.
    #[default]
    Definite,
    /// An HS match only suggests it (needs review).
    Indicative,
}

/// A group of goods within a measure.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goods {
    /// Name of the group, e.g. `coal`.
    pub name: String,
    /// HS prefixes (digits) or `*` for every good.
    pub hs: Vec<String>,
    /// Basis of the mapping.
    pub basis: HsBasis,
    /// The mapping was not checked against a primary text.
    #[serde(default)]
    pub unverified: bool,
    /// Decisive or indicative.
    #[serde(default, rename = "match")]
    pub strength: MatchStrength,
    /// `new`: only new goods are covered.
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(skip)]
    pub(crate) prefixes: Vec<HsPrefix>,
}

/// A window in which deliveries under older contracts remain allowed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindDown {
    /// Contracts concluded before this day qualify.
    pub contracts_before: NaiveDate,
    /// Deliveries before this day (exclusive) qualify.
    pub until: NaiveDate,
    /// What the window rests on.
    pub basis: String,
    /// The window was not checked against the resolution text.
    #[serde(default)]
    pub unverified: bool,
}

/// An exemption a measure allows, referring to an [`ExemptionKind`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptionRef {
    /// The exemption kind id.
    pub kind: String,
    /// Restrict the exemption to these goods groups (all if empty).
    #[serde(default)]
    pub goods: Vec<String>,
    /// Where this measure grants it (instrument and paragraph).
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// The reference was not checked.
    #[serde(default)]
    pub ref_unverified: bool,
    /// For caps: whether an exempted shipment still counts against the cap.
    #[serde(default = "yes")]
    pub counts_against_cap: bool,
}

fn yes() -> bool {
    true
}

/// One measure (a row of the catalogue).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Stable id, e.g. `UN1718-COAL-CAP-2321`.
    pub id: String,
    /// Short description.
    pub title: String,
    /// Regime id, e.g. `UN-1718`.
    pub regime: String,
    /// un or unilateral.
    pub authority: Authority,
    /// Legal instrument, e.g. `UNSCR 2321`.
    pub instrument: String,
    /// Paragraph, e.g. `26(b)`.
    #[serde(default)]
    pub paragraph: Option<String>,
    /// ban, cap or licence.
    #[serde(rename = "type")]
    pub measure_type: MeasureType,
    /// For caps: the cap id.
    #[serde(default)]
    pub cap: Option<String>,
    /// import, export or both.
    pub direction: Direction,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// First day no longer in force (exclusive), if any.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// Measures this one replaced.
    #[serde(default)]
    pub supersedes: Vec<String>,
    /// Facts of this measure that were not checked.
    #[serde(default)]
    pub unverified: Vec<String>,
    /// If set, any match is a needs-review with this explanation.
    #[serde(default)]
    pub review: Option<String>,
    /// Free note shown with the measure.
    #[serde(default)]
    pub note: Option<String>,
    /// Goods covered.
    pub goods: Vec<Goods>,
    /// Wind-down window, if any.
    #[serde(default)]
    pub wind_down: Option<WindDown>,
    /// Exemptions this measure allows.
    #[serde(default)]
    pub exemptions: Vec<ExemptionRef>,
    /// Measures that replaced this one (derived from `supersedes`).
    #[serde(skip_deserializing, default)]
    pub superseded_by: Vec<String>,
}

impl Measure {
    /// Whether the measure is in force on `date` (`valid_to` exclusive).
    pub fn in_force(&self, date: NaiveDate) -> bool {
        date >= self.valid_from && self.valid_to.is_none_or(|to| date < to)
    }

    /// `instrument para paragraph`, e.g. `UNSCR 2321 para 26(b)`.
    pub fn citation(&self) -> String {
        match &self.paragraph {
            Some(p) => format!("{} para {p}", self.instrument),
            None => self.instrument.clone(),
        }
    }

    /// Every unverified item of the measure, goods mappings included
    /// (`hs:coal` for the coal group).
    pub fn unverified_items(&self) -> Vec<String> {
        let mut v = self.unverified.clone();
        for g in &self.goods {
            if g.unverified {
                v.push(format!("hs:{}", g.name));
            }
        }
        if self.wind_down.as_ref().is_some_and(|w| w.unverified) {
            v.push("wind_down".into());
        }
        v
    }
}

/// A precondition the code knows how to check. See the catalogue file for
/// what each one reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precondition {
    /// The claim carries `reference` or `evidence`.
    EvidenceReference,
    /// Shipment origin known and not the target.
    OriginNotTarget,
    /// A route entry is the port of Rajin.
    RouteViaRajin,
    /// `notice_date` of the claim is before the shipment date.
    AdvanceNotice,
    /// Declared purpose mentions livelihood.
    PurposeLivelihood,
    /// Declared purpose mentions humanitarian.
    PurposeHumanitarian,
    /// Parties and vessel screened, none matched.
    NoDesignatedParty,
    /// Shipment declares `no_programme_revenue: true`.
    NoProgrammeRevenue,
    /// Claim `civil_passenger_aircraft: true`.
    CivilPassengerAircraft,
    /// Claim `fuelling_country` known and not the target.
    FuelledOutsideTarget,
    /// Claim `return_flight_only: true`.
    ReturnFlightOnly,
    /// Claim `spare_parts: true` and `aircraft_in_use: true`.
    AircraftSpareParts,
    /// Shipment `contract_date` before the wind-down cut-off.
    ContractBeforeCutoff,
    /// Shipment date before the end of the wind-down window.
    WithinWindDown,
}

impl Precondition {
    /// The kebab-case id used in the data and in verdicts.
    pub fn id(self) -> &'static str {
        match self {
            Precondition::EvidenceReference => "evidence-reference",
            Precondition::OriginNotTarget => "origin-not-target",
            Precondition::RouteViaRajin => "route-via-rajin",
            Precondition::AdvanceNotice => "advance-notice",
            Precondition::PurposeLivelihood => "purpose-livelihood",
            Precondition::PurposeHumanitarian => "purpose-humanitarian",
            Precondition::NoDesignatedParty => "no-designated-party",
            Precondition::NoProgrammeRevenue => "no-programme-revenue",
            Precondition::CivilPassengerAircraft => "civil-passenger-aircraft",
            Precondition::FuelledOutsideTarget => "fuelled-outside-target",
            Precondition::ReturnFlightOnly => "return-flight-only",
            Precondition::AircraftSpareParts => "aircraft-spare-parts",
            Precondition::ContractBeforeCutoff => "contract-before-cutoff",
            Precondition::WithinWindDown => "within-wind-down",
        }
    }
}

/// A kind of exemption with its preconditions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptionKind {
    /// Id (the key in the catalogue), filled at load.
    #[serde(skip_deserializing, default)]
    pub id: String,
    /// Description.
    pub title: String,
    /// Instrument granting it everywhere (for regime-wide exemptions).
    #[serde(default)]
    pub instrument: Option<String>,
    /// Paragraph granting it.
    #[serde(default)]
    pub paragraph: Option<String>,
    /// The exemption exists only from this day.
    #[serde(default)]
    pub available_from: Option<NaiveDate>,
    /// It applies to every measure of these regimes.
    #[serde(default)]
    pub regime_wide: Vec<String>,
    /// All must be met.
    pub preconditions: Vec<Precondition>,
    /// Unverified items.
    #[serde(default)]
    pub unverified: Vec<String>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}

/// A named port and how to recognise it in a route.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortDef {
    /// Country of the port (lower-case code).
    pub country: String,
    /// Lower-case names matched as words.
    pub names: Vec<String>,
    /// UN/LOCODEs matched exactly (upper case).
    #[serde(default)]
    pub locodes: Vec<String>,
    /// Unverified items.
    #[serde(default)]
    pub unverified: Vec<String>,
}

/// A regime.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    /// Name.
    pub name: String,
    /// un or unilateral.
    pub authority: Authority,
}

/// What a cap threshold triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThresholdAction {
    /// The Committee notifies all member states.
    Notify,
    /// States must stop for the rest of the period.
    Stop,
}

/// A notification threshold of a cap.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Percent of the cap.
    pub percent: f64,
    /// Notify or stop.
    pub action: ThresholdAction,
    /// Not checked against the resolution text.
    #[serde(default)]
    pub unverified: bool,
}

/// One limit of a cap period, e.g. 7,500,000 t.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// `USD`, `t` or `bbl`.
    pub unit: String,
    /// The limit.
    pub amount: f64,
    #[serde(skip)]
    pub(crate) parsed: Option<Unit>,
}

impl Limit {
    /// The parsed unit (set at load).
    pub fn unit_kind(&self) -> Unit {
        self.parsed.unwrap_or(Unit::Tonne)
    }
}

/// How a period repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// 1 January to 31 December; the start must be a 1 January.
    CalendarYear,
    /// Twelve months from the start's month and day (e.g. 22 December).
    TwelveMonths,
}

/// A period definition: fixed (start, end) or recurring from start.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodDef {
    /// Label, e.g. `stub 2016`.
    pub label: String,
    /// First day.
    pub start: NaiveDate,
    /// Exclusive end, for a fixed period.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Recurrence, for a recurring period (must be the last).
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
    /// Limits; utilisation is the max over them.
    pub limits: Vec<Limit>,
}

/// An explicit unit conversion factor: 1 `from` = `factor` `to`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// From unit, e.g. `t`.
    pub from: String,
    /// To unit, e.g. `bbl`.
    pub to: String,
    /// 1 from = factor to.
    pub factor: f64,
    /// Where the factor comes from.
    pub basis: String,
    /// Not from the resolution.
    #[serde(default)]
    pub unverified: bool,
}

/// A global cap.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// Id, e.g. `coal-2321`.
    pub id: String,
    /// The measure that imposes it.
    pub measure: String,
    /// Description.
    pub title: String,
    /// Instrument.
    pub instrument: String,
    /// Paragraph.
    pub paragraph: String,
    /// No period runs on or after this day (the measure's end).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Unverified items.
    #[serde(default)]
    pub unverified: Vec<String>,
    /// Conditions a procurement must meet to count as permitted under the cap.
    #[serde(default)]
    pub conditions: Vec<Precondition>,
    /// How states report.
    #[serde(default)]
    pub reporting: Option<String>,
    /// Notification thresholds.
    pub thresholds: Vec<Threshold>,
    /// Periods.
    pub periods: Vec<PeriodDef>,
    /// Explicit unit conversions.
    #[serde(default)]
    pub conversions: Vec<Conversion>,
}

/// One concrete period of a cap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// Label of the definition.
    pub label: String,
    /// First day.
    pub start: NaiveDate,
    /// Exclusive end.
    pub end: NaiveDate,
    /// Index of the definition in [`Cap::periods`].
    #[serde(skip)]
    pub def: usize,
}

impl Period {
    /// Last day of the period (inclusive).
    pub fn last_day(&self) -> NaiveDate {
        last_day(self.end)
    }
}

/// The last day of a span given by its exclusive end (the catalogue's
/// `until`/`valid_to` dates are exclusive; people read the last day).
pub(crate) fn last_day(exclusive_end: NaiveDate) -> NaiveDate {
    exclusive_end.pred_opt().unwrap_or(exclusive_end)
}

fn add_years(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    d.with_year(d.year() + n).or_else(|| {
        // 29 February: fall back to 28 February.
        NaiveDate::from_ymd_opt(d.year() + n, d.month(), 28)
    })
}

impl Cap {
    /// The period containing `date`, or `None` if the cap does not run then.
    pub fn period_at(&self, date: NaiveDate) -> Option<Period> {
        if self.until.is_some_and(|u| date >= u) {
            return None;
        }
        for (i, p) in self.periods.iter().enumerate() {
            if date < p.start {
                continue;
            }
            match (p.end, p.recurrence) {
                (Some(end), _) => {
                    if date < end {
                        return Some(Period {
                            label: p.label.clone(),
                            start: p.start,
                            end,
                            def: i,
                        });
                    }
                }
                (None, Some(_)) => {
                    let mut n = date.year() - p.start.year();
                    for _ in 0..3 {
                        let start = add_years(p.start, n)?;
                        let end = add_years(p.start, n + 1)?;
                        if date < start {
                            n -= 1;
                        } else if date >= end {
                            n += 1;
                        } else {
                            return Some(Period {
                                label: p.label.clone(),
                                start,
                                end,
                                def: i,
                            });
                        }
                    }
                }
                (None, None) => {}
            }
        }
        None
    }

    /// Periods that start on or before `at` (oldest first), capped by `until`.
    pub fn periods_until(&self, at: NaiveDate) -> Vec<Period> {
        let mut out = Vec::new();
        let mut d = match self.periods.first() {
            Some(p) => p.start,
            None => return out,
        };
        while d <= at {
            match self.period_at(d) {
                Some(p) => {
                    d = p.end;
                    out.push(p);
                }
                None => break,
            }
        }
        out
    }

    /// The factor to convert 1 `from` into `to`, if allowed: the identity,
    /// exact SI (kg ↔ t), or an explicit conversion of this cap (either way).
    pub fn factor(&self, from: Unit, to: Unit) -> Option<f64> {
        if let Some(f) = from.si_factor(to) {
            return Some(f);
        }
        for c in &self.conversions {
            let (cf, ct) = (Unit::parse(&c.from)?, Unit::parse(&c.to)?);
            let base_from = from.si_factor(cf);
            let base_to = ct.si_factor(to);
            if let (Some(a), Some(b)) = (base_from, base_to) {
                return Some(a * c.factor * b);
            }
            let rev_from = from.si_factor(ct);
            let rev_to = cf.si_factor(to);
            if let (Some(a), Some(b)) = (rev_from, rev_to) {
                return Some(a / c.factor * b);
            }
        }
        None
    }

    /// The stop threshold in percent: the first `stop` action, else 100.
    pub fn stop_percent(&self) -> f64 {
        self.thresholds
            .iter()
            .find(|t| t.action == ThresholdAction::Stop)
            .map_or(100.0, |t| t.percent)
    }

    /// Quantity units a report may use for this cap (those convertible to
    /// every quantity limit).
    pub fn accepted_quantity_units(&self) -> Vec<Unit> {
        let limits: Vec<Unit> = self
            .periods
            .iter()
            .flat_map(|p| p.limits.iter().map(Limit::unit_kind))
            .filter(|u| u.kind() == UnitKind::Quantity)
            .collect();
        Unit::QUANTITIES
            .iter()
            .copied()
            .filter(|u| limits.iter().all(|l| self.factor(*u, *l).is_some()))
            .collect()
    }

    /// Whether any limit is a currency (so reports must carry a value).
    pub fn has_value_limit(&self) -> bool {
        self.periods
            .iter()
            .flat_map(|p| &p.limits)
            .any(|l| l.unit_kind().kind() == UnitKind::Currency)
    }

    /// Whether any limit is a quantity.
    pub fn has_quantity_limit(&self) -> bool {
        self.periods
            .iter()
            .flat_map(|p| &p.limits)
            .any(|l| l.unit_kind().kind() == UnitKind::Quantity)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    schema_version: u32,
    target: String,
    #[serde(default)]
    target_aliases: Vec<String>,
    regimes: BTreeMap<String, Regime>,
    #[serde(default)]
    ports: BTreeMap<String, PortDef>,
    exemptions: BTreeMap<String, ExemptionKind>,
    measures: Vec<Measure>,
    #[serde(default)]
    caps: Vec<Cap>,
}

/// The validated catalogue: what [`crate::check`] and the [`crate::Ledger`] use.
#[derive(Debug, Clone)]
pub struct Measures {
    /// Target country (ISO alpha-2, lower case): `kp`.
    pub target: String,
    /// Other spellings of the target accepted in shipments.
    pub target_aliases: Vec<String>,
    /// Regimes by id.
    pub regimes: BTreeMap<String, Regime>,
    /// Ports by id.
    pub ports: BTreeMap<String, PortDef>,
    /// Exemption kinds by id.
    pub exemptions: BTreeMap<String, ExemptionKind>,
    /// Measures in catalogue order.
    pub measures: Vec<Measure>,
    /// Caps.
    pub caps: Vec<Cap>,
}

const MEASURE_UNVERIFIED: &[&str] = &[
    "measure",
    "instrument",
    "paragraph",
    "valid_from",
    "valid_to",
    "direction",
    "scope",
];

impl Measures {
    /// The catalogue embedded in this build, parsed and validated once.
    pub fn builtin() -> Result<&'static Measures, &'static CatalogueError> {
        static BUILTIN: OnceLock<Result<Measures, CatalogueError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Measures::from_toml_str(BUILTIN_TOML))
            .as_ref()
    }

    /// Parse and validate a catalogue from TOML text.
    pub fn from_toml_str(text: &str) -> Result<Measures, CatalogueError> {
        let raw: Raw = toml::from_str(text)?;
        Self::validate(raw)
    }

    /// A measure by id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// A cap by id.
    pub fn cap(&self, id: &str) -> Option<&Cap> {
        self.caps.iter().find(|c| c.id == id)
    }

    /// Measures in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| m.in_force(date))
    }

    /// The supersession chain through `id`, oldest first (following the
    /// first predecessor and first successor).
    pub fn chain(&self, id: &str) -> Vec<&Measure> {
        let mut back = Vec::new();
        let mut cur = self.measure(id);
        while let Some(m) = cur {
            if back.iter().any(|b: &&Measure| b.id == m.id) {
                break;
            }
            back.push(m);
            cur = m.supersedes.first().and_then(|p| self.measure(p));
        }
        back.reverse();
        let mut cur = back
            .last()
            .and_then(|m| m.superseded_by.first())
            .and_then(|s| self.measure(s));
        while let Some(m) = cur {
            if back.iter().any(|b| b.id == m.id) {
                break;
            }
            back.push(m);
            cur = m.superseded_by.first().and_then(|s| self.measure(s));
        }
        back
    }

    /// Whether `code` (any case, alias allowed) names the target country.
    pub fn is_target(&self, code: &str) -> bool {
        let c = code.trim().to_ascii_lowercase();
        c == self.target || self.target_aliases.contains(&c)
    }

    fn validate(raw: Raw) -> Result<Measures, CatalogueError> {
        if raw.schema_version != 1 {
            return Err(invalid(
                "catalogue",
                "schema_version",
                format!("{} is not supported (expected 1)", raw.schema_version),
            ));
        }
        let target = raw.target.trim().to_ascii_lowercase();
        if target.len() != 2 || !target.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(invalid(
                "catalogue",
                "target",
                "must be an ISO 3166-1 alpha-2 code",
            ));
        }
        let mut exemptions = raw.exemptions;
        for (id, e) in exemptions.iter_mut() {
            e.id = id.clone();
            if e.preconditions.is_empty() {
                return Err(invalid(
                    format!("exemption {id}"),
                    "preconditions",
                    "is empty",
                ));
            }
            if !e.preconditions.contains(&Precondition::EvidenceReference) {
                return Err(invalid(
                    format!("exemption {id}"),
                    "preconditions",
                    "must include evidence-reference (a claim without evidence cannot be checked)",
                ));
            }
            for r in &e.regime_wide {
                if !raw.regimes.contains_key(r) {
                    return Err(CatalogueError::UnknownReference {
                        item: format!("exemption {id}"),
                        field: "regime_wide",
                        value: r.clone(),
                    });
                }
            }
            if e.preconditions.contains(&Precondition::RouteViaRajin)
                && !raw.ports.contains_key("rajin")
            {
                return Err(CatalogueError::UnknownReference {
                    item: format!("exemption {id}"),
                    field: "preconditions",
                    value: "port rajin".into(),
                });
            }
        }
        let mut measures = raw.measures;
        let mut seen = BTreeSet::new();
        for m in &measures {
            if !seen.insert(m.id.clone()) {
                return Err(CatalogueError::Duplicate {
                    kind: "measure",
                    id: m.id.clone(),
                });
            }
        }
        for m in measures.iter_mut() {
            let item = format!("measure {}", m.id);
            let regime =
                raw.regimes
                    .get(&m.regime)
                    .ok_or_else(|| CatalogueError::UnknownReference {
                        item: item.clone(),
                        field: "regime",
                        value: m.regime.clone(),
                    })?;
            if regime.authority != m.authority {
                return Err(invalid(
                    &item,
                    "authority",
                    format!(
                        "{:?} differs from regime {}'s {:?}",
                        m.authority, m.regime, regime.authority
                    ),
                ));
            }
            if let Some(to) = m.valid_to
                && to <= m.valid_from
            {
                return Err(invalid(
                    &item,
                    "valid_to",
                    format!("{to} is not after valid_from {}", m.valid_from),
                ));
            }
            for u in &m.unverified {
                if !MEASURE_UNVERIFIED.contains(&u.as_str()) {
                    return Err(invalid(
                        &item,
                        "unverified",
                        format!("{u:?} is not one of {}", MEASURE_UNVERIFIED.join(", ")),
                    ));
                }
            }
            if m.goods.is_empty() {
                return Err(invalid(&item, "goods", "is empty"));
            }
            let mut names = BTreeSet::new();
            for g in m.goods.iter_mut() {
                if !names.insert(g.name.clone()) {
                    return Err(invalid(
                        &item,
                        "goods",
                        format!("duplicate group {:?}", g.name),
                    ));
                }
                if g.basis == HsBasis::EngineMapping && !g.unverified {
                    return Err(invalid(
                        &item,
                        "goods",
                        format!(
                            "group {:?} is an engine_mapping and must be marked unverified",
                            g.name
                        ),
                    ));
                }
                if let Some(c) = &g.condition
                    && c != "new"
                {
                    return Err(invalid(
                        &item,
                        "goods",
                        format!("group {:?}: condition {c:?} is not \"new\"", g.name),
                    ));
                }
                if g.hs.is_empty() {
                    return Err(invalid(
                        &item,
                        "goods",
                        format!("group {:?} has no HS codes", g.name),
                    ));
                }
                g.prefixes =
                    g.hs.iter()
                        .map(|h| {
                            HsPrefix::parse(h).ok_or_else(|| {
                                invalid(
                                    &item,
                                    "goods",
                                    format!(
                                        "group {:?}: {h:?} is not an HS prefix (2-10 digits or *)",
                                        g.name
                                    ),
                                )
                            })
                        })
                        .collect::<Result<_, _>>()?;
            }
            for e in &m.exemptions {
                if !exemptions.contains_key(&e.kind) {
                    return Err(CatalogueError::UnknownReference {
                        item: item.clone(),
                        field: "exemptions",
                        value: e.kind.clone(),
                    });
                }
                for g in &e.goods {
                    if !names.contains(g) {
                        return Err(CatalogueError::UnknownReference {
                            item: item.clone(),
                            field: "exemptions.goods",
                            value: g.clone(),
                        });
                    }
                }
                if e.kind == "wind-down" && m.wind_down.is_none() {
                    return Err(invalid(
                        &item,
                        "exemptions",
                        "wind-down is listed but the measure has no wind_down window",
                    ));
                }
            }
            if let Some(w) = &m.wind_down
                && w.until <= w.contracts_before
            {
                return Err(invalid(
                    &item,
                    "wind_down",
                    "until must be after contracts_before",
                ));
            }
            match (m.measure_type, &m.cap, &m.review) {
                (MeasureType::Cap, None, None) => {
                    return Err(invalid(
                        &item,
                        "cap",
                        "a cap measure needs a cap id or a review note",
                    ));
                }
                (MeasureType::Ban | MeasureType::Licence, Some(_), _) => {
                    return Err(invalid(
                        &item,
                        "cap",
                        "only a measure of type cap may name a cap",
                    ));
                }
                _ => {}
            }
        }
        // Supersession: predecessors exist, dates meet, derive superseded_by.
        let ids: BTreeMap<String, usize> = measures
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        let mut successors: Vec<(usize, String)> = Vec::new();
        for m in &measures {
            for p in &m.supersedes {
                let &pi = ids.get(p).ok_or_else(|| CatalogueError::UnknownReference {
                    item: format!("measure {}", m.id),
                    field: "supersedes",
                    value: p.clone(),
                })?;
                if p == &m.id {
                    return Err(invalid(
                        format!("measure {}", m.id),
                        "supersedes",
                        "a measure cannot supersede itself",
                    ));
                }
                let pred = &measures[pi];
                if pred.valid_to != Some(m.valid_from) {
                    return Err(invalid(
                        format!("measure {}", m.id),
                        "supersedes",
                        format!(
                            "{p} must end (valid_to {}) on the day this one starts ({})",
                            pred.valid_to.map_or("none".into(), |d| d.to_string()),
                            m.valid_from
                        ),
                    ));
                }
                successors.push((pi, m.id.clone()));
            }
        }
        for (pi, s) in successors {
            measures[pi].superseded_by.push(s);
        }
        // Caps.
        let mut caps = raw.caps;
        let mut cap_ids = BTreeSet::new();
        for c in caps.iter_mut() {
            let item = format!("cap {}", c.id);
            if !cap_ids.insert(c.id.clone()) {
                return Err(CatalogueError::Duplicate {
                    kind: "cap",
                    id: c.id.clone(),
                });
            }
            let &mi = ids
                .get(&c.measure)
                .ok_or_else(|| CatalogueError::UnknownReference {
                    item: item.clone(),
                    field: "measure",
                    value: c.measure.clone(),
                })?;
            if measures[mi].cap.as_deref() != Some(c.id.as_str()) {
                return Err(invalid(
                    &item,
                    "measure",
                    format!("measure {} does not name this cap", c.measure),
                ));
            }
            for conv in &c.conversions {
                let (f, t) = (Unit::parse(&conv.from), Unit::parse(&conv.to));
                match (f, t) {
                    (Some(f), Some(t))
                        if f.kind() == UnitKind::Quantity
                            && t.kind() == UnitKind::Quantity
                            && f != t => {}
                    _ => {
                        return Err(invalid(
                            &item,
                            "conversions",
                            format!(
                                "{} -> {} is not a conversion between two quantity units",
                                conv.from, conv.to
                            ),
                        ));
                    }
                }
                if !(conv.factor.is_finite() && conv.factor > 0.0) {
                    return Err(invalid(
                        &item,
                        "conversions",
                        "factor must be a positive number",
                    ));
                }
                if conv.basis.trim().is_empty() {
                    return Err(invalid(
                        &item,
                        "conversions",
                        "every factor must document its basis",
                    ));
                }
            }
            let mut last_pct = 0.0;
            for t in &c.thresholds {
                if !(t.percent > last_pct && t.percent <= 100.0) {
                    return Err(invalid(
                        &item,
                        "thresholds",
                        "percents must increase and stay within (0, 100]",
                    ));
                }
                last_pct = t.percent;
            }
            if c.periods.is_empty() {
                return Err(invalid(&item, "periods", "is empty"));
            }
            let n = c.periods.len();
            let mut prev_end: Option<NaiveDate> = None;
            for (i, p) in c.periods.iter_mut().enumerate() {
                let pitem = format!("{item} period {:?}", p.label);
                match (p.end, p.recurrence) {
                    (Some(end), None) => {
                        if end <= p.start {
                            return Err(invalid(&pitem, "end", "must be after start"));
                        }
                    }
                    (None, Some(r)) => {
                        if i + 1 != n {
                            return Err(invalid(
                                &pitem,
                                "recurrence",
                                "only the last period may recur",
                            ));
                        }
                        if r == Recurrence::CalendarYear
                            && (p.start.month(), p.start.day()) != (1, 1)
                        {
                            return Err(invalid(
                                &pitem,
                                "start",
                                "a calendar_year period must start on 1 January",
                            ));
                        }
                    }
                    _ => return Err(invalid(&pitem, "end", "give either end or recurrence")),
                }
                if let Some(pe) = prev_end
                    && p.start < pe
                {
                    return Err(invalid(&pitem, "start", "overlaps the previous period"));
                }
                prev_end = p.end;
                if p.limits.is_empty() {
                    return Err(invalid(&pitem, "limits", "is empty"));
                }
                for l in p.limits.iter_mut() {
                    let u = Unit::parse(&l.unit).ok_or_else(|| {
                        invalid(
                            &pitem,
                            "limits",
                            format!("unknown unit {:?} (USD, t, bbl)", l.unit),
                        )
                    })?;
                    if !(l.amount.is_finite() && l.amount > 0.0) {
                        return Err(invalid(
                            &pitem,
                            "limits",
                            "amount must be a positive number",
                        ));
                    }
                    l.parsed = Some(u);
                }
            }
            if let Some(u) = c.until
                && u <= c.periods[0].start
            {
                return Err(invalid(&item, "until", "is before the first period"));
            }
        }
        for m in &measures {
            if let Some(c) = &m.cap
                && !cap_ids.contains(c)
            {
                return Err(CatalogueError::UnknownReference {
                    item: format!("measure {}", m.id),
                    field: "cap",
                    value: c.clone(),
                });
            }
        }
        Ok(Measures {
            target,
            target_aliases: raw
                .target_aliases
                .iter()
                .map(|a| a.to_ascii_lowercase())
                .collect(),
            regimes: raw.regimes,
            ports: raw.ports,
            exemptions,
            measures,
            caps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn builtin_loads() {
        let m = Measures::builtin().expect("builtin catalogue is valid");
        assert!(m.measures.len() >= 25);
        assert_eq!(m.caps.len(), 4);
    }

    #[test]
    fn periods_of_each_cap() {
        let m = Measures::builtin().expect("valid");
        let coal = m.cap("coal-2321").expect("cap");
        let p = coal.period_at(d("2016-12-15")).expect("stub");
        assert_eq!(
            (p.start, p.end, p.label.as_str()),
            (d("2016-11-30"), d("2017-01-01"), "stub 2016")
        );
        let p = coal.period_at(d("2017-03-01")).expect("2017");
        assert_eq!((p.start, p.end), (d("2017-01-01"), d("2018-01-01")));
        assert!(
            coal.period_at(d("2017-08-05")).is_none(),
            "ban from 2017-08-05"
        );
        assert!(coal.period_at(d("2016-11-29")).is_none());
        let crude = m.cap("crude-2397").expect("cap");
        let p = crude.period_at(d("2018-12-21")).expect("first");
        assert_eq!((p.start, p.end), (d("2017-12-22"), d("2018-12-22")));
        let p = crude.period_at(d("2018-12-22")).expect("second");
        assert_eq!((p.start, p.end), (d("2018-12-22"), d("2019-12-22")));
        let p = crude.period_at(d("2024-01-05")).expect("later");
        assert_eq!((p.start, p.end), (d("2023-12-22"), d("2024-12-22")));
        let r = m.cap("refined-2375").expect("cap");
        assert!(
            r.period_at(d("2017-09-20")).is_none(),
            "no period before 1 Oct 2017"
        );
        assert_eq!(
            r.period_at(d("2017-12-31")).expect("stub").end,
            d("2018-01-01")
        );
        assert!(
            r.period_at(d("2018-02-01")).is_none(),
            "2375's 2018 period never applied"
        );
        assert_eq!(coal.periods_until(d("2017-06-01")).len(), 2);
    }

    #[test]
    fn conversion_factors_are_explicit() {
        let m = Measures::builtin().expect("valid");
        let coal = m.cap("coal-2321").expect("cap");
        assert_eq!(coal.factor(Unit::Kilogram, Unit::Tonne), Some(0.001));
        assert_eq!(
            coal.factor(Unit::Barrel, Unit::Tonne),
            None,
            "no factor for coal"
        );
        let crude = m.cap("crude-2397").expect("cap");
        assert_eq!(crude.factor(Unit::Tonne, Unit::Barrel), Some(7.33));
        let f = crude.factor(Unit::Barrel, Unit::Tonne).expect("inverse");
        assert!((f - 1.0 / 7.33).abs() < 1e-12);
        assert_eq!(
            coal.accepted_quantity_units(),
            vec![Unit::Tonne, Unit::Kilogram]
        );
    }

    #[test]
    fn chains() {
        let m = Measures::builtin().expect("valid");
        let ids: Vec<&str> = m
            .chain("UN1718-COAL-CAP-2321")
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "UN1718-COAL-IRON-2270",
                "UN1718-COAL-CAP-2321",
                "UN1718-COAL-IRON-BAN-2371"
            ]
        );
        let ids: Vec<&str> = m
            .chain("UN1718-REFINED-2397")
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["UN1718-REFINED-2375", "UN1718-REFINED-2397"]);
    }

    #[test]
    fn errors_name_the_item() {
        let bad = BUILTIN_TOML.replacen("regime = \"UN-1718\"", "regime = \"UN-9999\"", 1);
        let e = Measures::from_toml_str(&bad).expect_err("unknown regime");
        assert_eq!(
            e.to_string(),
            "measures catalogue: measure UN1718-COAL-IRON-2270: regime refers to unknown \"UN-9999\""
        );
        let bad =
            BUILTIN_TOML.replacen("valid_to = \"2016-11-30\"", "valid_to = \"2016-11-29\"", 1);
        let e = Measures::from_toml_str(&bad).expect_err("gap");
        assert!(
            e.to_string().contains(
                "measure UN1718-COAL-CAP-2321: supersedes: UN1718-COAL-IRON-2270 must end"
            ),
            "{e}"
        );
        let bad = BUILTIN_TOML.replacen(
            "hs = [\"2701\"], basis = \"engine_mapping\", unverified = true",
            "hs = [\"27x1\"], basis = \"engine_mapping\", unverified = true",
            1,
        );
        let e = Measures::from_toml_str(&bad).expect_err("bad hs");
        assert!(
            e.to_string()
                .contains("measure UN1718-COAL-IRON-2270: goods: group \"coal\": \"27x1\""),
            "{e}"
        );
        let bad = BUILTIN_TOML.replacen(
            "hs = [\"2701\"], basis = \"engine_mapping\", unverified = true",
            "hs = [\"2701\"], basis = \"engine_mapping\"",
            1,
        );
        let e = Measures::from_toml_str(&bad).expect_err("engine mapping verified");
        assert!(e.to_string().contains("must be marked unverified"), "{e}");
        let bad = BUILTIN_TOML.replacen(
            "factor = 7.33, basis = \"embargo's own average",
            "factor = -1.0, basis = \"embargo's own average",
            1,
        );
        let e = Measures::from_toml_str(&bad).expect_err("bad factor");
        assert_eq!(
            e.to_string(),
            "measures catalogue: cap refined-2375: conversions: factor must be a positive number"
        );
        let bad = BUILTIN_TOML.replacen("kind = \"livelihood\"", "kind = \"livelyhood\"", 1);
        let e = Measures::from_toml_str(&bad).expect_err("typo");
        assert!(
            e.to_string()
                .contains("exemptions refers to unknown \"livelyhood\""),
            "{e}"
        );
        // Profiles live in the regimes crate's profiles.toml, not here.
        let bad = format!("{BUILTIN_TOML}\n[profiles.xx]\nregimes = [\"UN-1718\"]\n");
        let e = Measures::from_toml_str(&bad).expect_err("no profiles here");
        assert!(e.to_string().contains("profiles"), "{e}");
    }
}
