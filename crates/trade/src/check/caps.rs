//! A cap measure applied to the shipment: the cap period on the date, the
//! ledger's utilisation before and after this shipment, the cap's conditions,
//! and the shipment's amounts in the cap's units.

use super::CheckError;
use super::context::Ctx;
use super::preconditions::{describe_pre, evaluate, status_of};
use super::verdict::{
    CapEffect, ExemptionStatus, Outcome, PreconditionResult, PreconditionStatus, Reason,
};
use crate::caps::{Contribution, describe_limits, group};
use crate::catalogue::{Cap, Direction, Goods, Measure};
use crate::ledger::Ledger;
use crate::units::{Unit, UnitKind};

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn apply_cap(
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
