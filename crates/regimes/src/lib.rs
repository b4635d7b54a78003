//! Sanctions regimes, the legal basis of each designation, and jurisdiction
//! profiles.
//!
//! A sanctions hit is not just "on a list": it comes from a legal framework,
//! and whether it obliges the user depends on where the user stands. A UN
//! Security Council designation binds every state; a US, UK or Japanese
//! designation binds those under that state's jurisdiction and may expose
//! others through secondary sanctions. This crate answers, for each
//! designation: *which law* (its [`Basis`]) and *does it bind me* (its
//! [`Classification`] under a [`Profile`]).
//!
//! # Data, not code
//! Both the regime catalogue (`data/regimes.toml`) and the shipped profiles
//! (`data/profiles.toml`) are TOML files embedded with `include_str!` and
//! validated at load: an unknown key, a duplicate id or a reference to an id
//! that does not exist is an [`Error`] naming the file and the item. Legal
//! facts change and must be reviewable by people who do not read Rust; the
//! files' headers explain their format and the rationale of each profile.
//! Facts not checked against a primary text carry `unverified` marks, kept
//! in the API as [`Citation::unverified`]: show them.
//!
//! # The catalogue
//! [`Catalogue::shipped`] holds, from the research in
//! `shared/domain/regimes-draft.yaml` and the real lists:
//! - every UN regime on the Consolidated List, by `UN_LIST_TYPE` and
//!   reference prefix (`KP` DPRK 1718, `QD` ISIL/Al-Qaida, `TA` Taliban, `IR`
//!   Iran, `IQ`, `CD`, `SD`, `LY`, `GB` Guinea-Bissau, `CF`, `YE`, `SS`, `SO`
//!   Al-Shabaab, `HT`, and the ended `ML`, `CI`, `LR`), with committee,
//!   founding resolution, and resolutions with the measures each added (the
//!   DPRK ten in full);
//! - the unilateral authorities and their programmes, as list records name
//!   them: every OFAC program tag of the shared OFAC files, every UK regime
//!   text of the OFSI list, every Japan MOF sheet key, Canada SEMA texts,
//!   Australia `Committees` values and the US CSL sub-lists; plus the ROK,
//!   EU and PRC DPRK regimes for which no list is loaded.
//!
//! # Legal basis
//! [`classify`] (or [`Catalogue::classify`]) gives a [`Basis`]:
//! - `un`: a record of the UN list (regime from list type or prefix);
//! - `un-implementation`: a national record citing a UN reference (regime =
//!   that UN regime), or under a programme that exists to carry UN listings
//!   (Japan's `DPRK-1718` sheet, Australia's `1718 (DPRK)`: these records
//!   implement UN listings even when the file omits the reference);
//! - `unilateral`: everything else, regime from the programme.
//!
//! A record whose programme is not in the catalogue gets `mapped: false` and
//! a `<source>:unmapped` regime rather than a guess.
//!
//! # Profiles
//! [`Profiles::shipped`] has `un`, `cn`, `jp`, `kr`, `us`, `eu`, `uk` and
//! `all`. [`classify_under`] (or [`Profile::classify`]) returns `binding`,
//! `exposure` or `informational` with a reason and flags; [`Profile::decides`]
//! says which classes make a hit a match (only `binding` by default; every
//! class for `all`). [`Profile::caveats`] must be shown with results (`kr`
//! and `eu`: no ROK/EU list is loaded). Choices, explained in
//! `data/profiles.toml`:
//! - UN designations and `un-implementation` records bind under every
//!   national profile (each state implements UN listings) except `us`, where
//!   UN listings are not self-executing: there the OFAC designation binds
//!   and a UN one is informational.
//! - `cn`: as `un`, plus OFAC designations that reach non-US persons through
//!   secondary sanctions are `exposure` with flags `us-secondary-sanctions`
//!   and `prc-blocking-rules-2021`. A designation counts as secondary when
//!   OFAC's own note says so ("Secondary sanctions risk: North Korea
//!   Sanctions Regulations...", "Subject to Secondary Sanctions") or a
//!   programme of it is marked `secondary` in the catalogue (DPRK, DPRK2,
//!   DPRK3, DPRK4 under EO 13810 s.4; DPRK-NKSPEA; some Iran, Russia, Syria,
//!   Hizballah and Hong Kong programmes). An NPWMD designation with a DPRK
//!   nexus is caught by OFAC's note. Limits: OFAC does not annotate every
//!   exposed record, and the rule cannot see whether the actor has a US
//!   nexus (then primary US sanctions apply).
//!   [`Profile::classify_group`] drops the blocking-rules flag when the same
//!   target has a binding UN designation (the Blocking Rules exclude UN
//!   measures; the action is required anyway).
//! - `jp`, `kr`, `eu`, `uk`: US secondary sanctions are `exposure` (the
//!   research's profiles list it for these actors), without the PRC flag.
//!
//! Users add profiles in a TOML file of the same format, loaded with
//! [`Profiles::load_user`]: new ids are added; `extends = "un"` puts the
//! user's rules before those of an existing profile; redefining a shipped id
//! needs `replace = true`. Unknown keys, classes, bases, list kinds,
//! jurisdictions, regime ids and topics are errors naming the profile and
//! rule.
//!
//! ```
//! use embargo_model::{Designation, SourceKind, UnRef};
//! use embargo_regimes::{classify, classify_under, BasisKind, Class, Profiles};
//!
//! // A US-only DPRK target: OFAC DPRK2, not on the UN list.
//! let mut ofac = Designation::new(SourceKind::UsOfacSdn, "12345");
//! ofac.programs = vec!["DPRK2".into()];
//! assert_eq!(classify(&ofac).basis, BasisKind::Unilateral);
//! assert_eq!(classify(&ofac).regime_id, "US-DPRK");
//!
//! let profiles = Profiles::shipped();
//! let cn = profiles.get("cn").unwrap();
//! let c = classify_under(cn, &ofac);
//! assert_eq!(c.class, Class::Exposure);
//! assert!(c.flags.iter().any(|f| f == "prc-blocking-rules-2021"));
//! assert_eq!(classify_under(profiles.get("us").unwrap(), &ofac).class, Class::Binding);
//! assert_eq!(classify_under(profiles.get("un").unwrap(), &ofac).class, Class::Informational);
//!
//! // The UN designation of KOREA MINING DEVELOPMENT TRADING CORPORATION.
//! let mut un = Designation::new(SourceKind::UnSc, "KPe.001");
//! un.programs = vec!["DPRK".into()];
//! un.un_reference = UnRef::parse("KPe.001").ok();
//! assert_eq!(classify_under(profiles.get("un").unwrap(), &un).class, Class::Binding);
//! assert_eq!(classify_under(profiles.get("us").unwrap(), &un).class, Class::Informational);
//! ```
//!
//! # Counts
//! [`regime_designation_counts`] (and [`Catalogue::topic_designation_counts`])
//! count designations per regime (or topic) and list, for
//! `embargo regimes show DPRK`; [`Catalogue::find`] resolves `DPRK` to the
//! regimes of that topic.
#![warn(missing_docs)]

mod basis;
mod catalogue;
mod citation;
mod counts;
mod error;
mod profile;

pub use basis::{Basis, BasisKind};
pub use catalogue::{
    Authority, Catalogue, Instrument, Measure, Mode, Programme, Regime, RegimeKind, Status,
};
pub use citation::Citation;
pub use counts::Counts;
pub use error::{Error, Result};
pub use profile::{
    Class, Classification, FLAG_ALSO_UN_LISTED, FLAG_PRC_BLOCKING_RULES, FLAG_UNVERIFIED_SECONDARY,
    Origin, Profile, Profiles, Rule, SecondaryEvidence,
};

use embargo_model::{Designation, Entity};

/// The legal basis of a designation, with the shipped catalogue.
pub fn classify(designation: &Designation) -> Basis {
    Catalogue::shipped().classify(designation)
}

/// The classification of a designation under a profile, with the shipped
/// catalogue.
pub fn classify_under(profile: &Profile, designation: &Designation) -> Classification {
    profile.classify(Catalogue::shipped(), designation)
}

/// Designations per regime and per list, with the shipped catalogue.
pub fn regime_designation_counts<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Counts {
    Catalogue::shipped().regime_designation_counts(entities)
}
