//! Preconditions, of exemptions and of caps: each one evaluated against the
//! shipment (and the exemption claim, if any) to met, not met or unknown,
//! naming the missing data.

use super::context::Ctx;
use super::verdict::{ExemptionStatus, PreconditionResult, PreconditionStatus};
use crate::catalogue::last_day;
use crate::catalogue::{Measure, Precondition};
use crate::shipment::{ExemptionClaim, RoutePoint};

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

pub(super) fn is_rajin(ctx: &Ctx<'_>, p: &RoutePoint) -> bool {
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
pub(super) fn evaluate(
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
                    last_day(w.until)
                ),
            ),
            Some(w) => pre(
                p,
                NotMet,
                format!("the window closed on {}", last_day(w.until)),
            ),
        },
    }
}

pub(super) fn status_of(results: &[PreconditionResult]) -> ExemptionStatus {
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

pub(super) fn describe_pre(results: &[PreconditionResult], status: PreconditionStatus) -> String {
    results
        .iter()
        .filter(|r| r.status == status)
        .map(|r| format!("{} ({})", r.id, r.detail))
        .collect::<Vec<_>>()
        .join("; ")
}
