//! embargo's trade measures: DPRK goods bans and global caps as data, a caps
//! ledger, and shipment checks.
//!
//! Sanctions on the DPRK are not only lists of people. UN resolutions ban
//! goods (coal, iron, seafood, textiles, machinery...) in one direction or
//! the other, cap others for all states together (coal in 2016–17, refined
//! petroleum and crude oil since), and keep exemptions so that livelihoods
//! and humanitarian needs are not hit. Japan, the ROK, the US and the EU add
//! their own bans. Which of those bind depends on who asks: a Chinese trader
//! applies the UN measures only, a Japanese one also Japan's total trade ban.
//!
//! The pieces:
//! - [`Measures`]: the catalogue (`data/measures.toml`, embedded), validated
//!   at load. Every measure cites its instrument and paragraph, says which
//!   facts are unverified, and has a validity interval and supersession
//!   links. Which regimes bind whom is not in it: jurisdiction profiles
//!   (the regimes crate's `profiles.toml`, `trade_regimes`) say so, and
//!   the caller passes the profile's regimes as a [`Binding`].
//!   Keeping it as data means a corrected paragraph or HS line is a data
//!   change that every verdict then shows.
//! - [`Ledger`]: reported procurements/supplies in SQLite, and
//!   [`Ledger::status`]: per-period utilisation
//!   (`max(value / value_cap, quantity / quantity_cap)`), the 75/90/95 %
//!   notices with the dates they were reached, and whether shipments must
//!   stop.
//! - [`check`]: a [`Shipment`] under a [`Binding`] (a profile id and the
//!   regimes binding it) → [`Verdict`] (`prohibited`,
//!   `permitted`, `permitted-under-exemption`, `cap-limited`,
//!   `needs-review`) with reasons. Party and vessel screening is delegated to
//!   a caller's [`PartyScreener`], so this crate does not depend on the
//!   matcher; [`NoScreening`] makes the verdict say screening was not done.
//!
//! What the CLI needs: `embargo check-shipment FILE.json` parses with
//! [`Shipment::from_json`] (or [`Shipment::from_value`] per JSON line), opens
//! [`Ledger::open_in_dir`] on the data directory, calls [`check`] and prints
//! the verdict with `serde_json`; the engine passes the chosen profile's
//! `trade_regimes` as the [`Binding`]. `embargo caps record` builds a [`Report`]
//! ([`month_end`] for monthly figures) and calls [`Ledger::record`];
//! `embargo caps status [--cap ID] [--at DATE]` calls [`Ledger::status`] for
//! one cap or each of [`Ledger::caps`] and prints the [`CapStatus`].
//!
//! ```
//! use embargo_trade::{check, Binding, Ledger, Measures, NoScreening, Report, Shipment, VerdictKind};
//!
//! let measures = Measures::builtin().expect("the embedded catalogue is valid");
//! let ledger = Ledger::open_in_memory().unwrap();
//! // January 2017: 1.44 Mt of coal worth US$123 m were reported.
//! ledger.record(&Report {
//!     state: "CN".into(), cap: "coal-2321".into(),
//!     date: "2017-01-31".parse().unwrap(),
//!     quantity: Some(1_440_000.0), unit: Some("t".into()),
//!     value: Some(123_000_000.0), currency: Some("USD".into()),
//!     reference: None,
//! }).unwrap();
//!
//! let shipment = Shipment::from_json(r#"{
//!     "date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn",
//!     "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
//!     "no_programme_revenue": true
//! }"#).unwrap();
//!
//! // Under the UN profile coal is capped by UNSCR 2321 para 26(b) on that date;
//! // without party screening the cap's "no designated party" condition cannot be checked.
//! let un = ["UN-1718".to_string()];
//! let v = check(&shipment, Binding { profile: "un", regimes: &un }, measures, &ledger, &NoScreening).unwrap();
//! assert_eq!(v.verdict, VerdictKind::NeedsReview);
//! assert!(v.missing.iter().any(|m| m.field == "screening"));
//! assert!(!v.screening.performed);
//!
//! // Under Japan's profile its total import ban prohibits it whatever the screening.
//! let jp = ["UN-1718".to_string(), "JP-DPRK".to_string()];
//! let v = check(&shipment, Binding { profile: "jp", regimes: &jp }, measures, &ledger, &NoScreening).unwrap();
//! assert_eq!(v.verdict, VerdictKind::Prohibited);
//! assert!(v.reasons_for("JP-TOTAL-IMPORT-BAN").next().is_some());
//!
//! // The ledger's view of the coal cap on that day.
//! let status = ledger.status("coal-2321", "2017-03-01".parse().unwrap()).unwrap();
//! let period = status.current_period().unwrap();
//! assert!((period.utilisation - 123_000_000.0 / 400_870_018.0).abs() < 1e-12);
//! ```
//!
//! A worked example in plain words (the December 2016 coal cap) is in
//! `README-example.md` beside this crate's `Cargo.toml`.
#![warn(missing_docs)]

mod caps;
mod catalogue;
mod check;
mod hs;
mod ledger;
mod screening;
mod shipment;
mod units;

pub use caps::{CapStatus, LimitUse, Notice, PeriodStatus};
pub use catalogue::{
    Authority, BUILTIN_TOML, Cap, CatalogueError, Conversion, Direction, ExemptionKind,
    ExemptionRef, Goods, HsBasis, Limit, MatchStrength, Measure, MeasureType, Measures, Period,
    PeriodDef, PortDef, Precondition, Recurrence, Regime, Threshold, ThresholdAction, WindDown,
};
pub use check::{
    Binding, CapEffect, CheckError, ExemptionOutcome, ExemptionStatus, Missing, OtherMeasure,
    OtherStatus, Outcome, PreconditionResult, PreconditionStatus, Reason, ScreenedHit,
    ScreeningSummary, Verdict, VerdictKind, check,
};
pub use hs::{HsCode, HsMatch, HsPrefix};
pub use ledger::{Ledger, LedgerError, Report, StoredReport, month_end};
pub use screening::{Designation, NoScreening, PartyHit, PartyScreener};
pub use shipment::{
    ExemptionClaim, Identifier, Party, RoutePoint, Shipment, ShipmentError, Vessel,
};
pub use units::{Unit, UnitKind};
