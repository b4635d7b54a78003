//! The legal basis of one designation: UN, national implementation of a UN
//! listing, or a unilateral measure, with its regime and instrument.
//!
//! The distinction decides who is bound: a UN designation binds every state;
//! a national record that implements it carries the same obligation; a
//! unilateral designation binds only those under the designating state's
//! jurisdiction.

use crate::catalogue::{Catalogue, Mode, Programme, Regime};
use crate::citation::Citation;
use embargo_model::{Designation, SourceKind, UnRef};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the three legal bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BasisKind {
    /// A UN Security Council designation (a record of the UN list).
    Un,
    /// A national or bloc record implementing a UN designation.
    UnImplementation,
    /// An autonomous national or bloc measure.
    Unilateral,
}

impl BasisKind {
    /// `un`, `un-implementation` or `unilateral`.
    pub fn as_str(self) -> &'static str {
        match self {
            BasisKind::Un => "un",
            BasisKind::UnImplementation => "un-implementation",
            BasisKind::Unilateral => "unilateral",
        }
    }
}

impl fmt::Display for BasisKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The legal basis of a designation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basis {
    /// `un`, `un-implementation` or `unilateral`.
    pub basis: BasisKind,
    /// Catalogue regime id (`UN-1718`, `US-DPRK`), or `<source>:unmapped`
    /// when nothing in the catalogue matches the record.
    pub regime_id: String,
    /// The regime's display name.
    pub regime_name: String,
    /// The legal instrument: the national programme's instrument when the
    /// record's programme is known (that is the law that binds the actor),
    /// else the regime's founding instrument.
    pub instrument: Citation,
    /// Who listed the target (the designation's authority).
    pub authority: String,
    /// The programme's name, when the record's programme resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// The UN reference the record is or cites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un_reference: Option<String>,
    /// Topic of the regime or programme (`DPRK`, `IRAN`, ...).
    pub topic: String,
    /// True when the mapping rests on an unverified catalogue entry (regime or
    /// programme marked unverified).
    pub unverified: bool,
    /// False when nothing in the catalogue matched: the record's programme is
    /// unknown and the basis is a default.
    pub mapped: bool,
}

impl Catalogue {
    /// The legal basis of a designation.
    ///
    /// - `un_sc` records: basis `un`, regime from `UN_LIST_TYPE` (the
    ///   designation's program), else from the reference prefix.
    /// - other lists, record citing a UN reference (`un_reference`): basis
    ///   `un-implementation`, regime = the UN regime of the reference prefix.
    /// - other lists, programme of mode `un-implementation` (a sheet or
    ///   committee that exists to carry UN listings, e.g. Japan's
    ///   `DPRK-1718`, Australia's `1718 (DPRK)`): basis `un-implementation`
    ///   even without a cited reference; regime = the implemented UN regime
    ///   (or the national regime when the programme carries two, e.g.
    ///   Japan's Taliban/ISIL/Al-Qaida sheet).
    /// - otherwise `unilateral`, regime from the first programme value that
    ///   resolves, else from the sub-list (`list`, US CSL).
    pub fn classify(&self, d: &Designation) -> Basis {
        if d.source == SourceKind::UnSc {
            return self.classify_un(d);
        }
        let prog = self.programme_of(d);
        if let Some(r) = &d.un_reference {
            let un = self.un_regime_by_prefix(r.prefix());
            // A prefix no UN regime uses is a typo in the list (the UK list
            // of 2018 cites `DPe.012` for KPe.012): trust the programme when
            // it implements exactly one UN regime, and mark the basis
            // unverified.
            let typo = || match prog {
                Some((_, p)) if p.implements.len() == 1 => self.regime(&p.implements[0]),
                _ => None,
            };
            return match (un, typo()) {
                (Some(un), _) => self.basis(
                    BasisKind::UnImplementation,
                    un,
                    prog,
                    d,
                    Some(r.as_str()),
                    true,
                ),
                (None, Some(un)) => {
                    let mut b = self.basis(
                        BasisKind::UnImplementation,
                        un,
                        prog,
                        d,
                        Some(r.as_str()),
                        true,
                    );
                    b.unverified = true;
                    b
                }
                (None, None) => unmapped(d, BasisKind::UnImplementation, Some(r.as_str())),
            };
        }
        match prog {
            Some((reg, p)) if p.mode == Mode::UnImplementation => {
                let target = match p.implements.as_slice() {
                    [one] => self.regime(one).unwrap_or(reg),
                    _ => reg,
                };
                self.basis(
                    BasisKind::UnImplementation,
                    target,
                    Some((reg, p)),
                    d,
                    None,
                    true,
                )
            }
            Some((reg, p)) => self.basis(BasisKind::Unilateral, reg, Some((reg, p)), d, None, true),
            None => unmapped(d, BasisKind::Unilateral, None),
        }
    }

    fn classify_un(&self, d: &Designation) -> Basis {
        let reference = d
            .un_reference
            .clone()
            .or_else(|| UnRef::parse(&d.reference).ok());
        let regime = d
            .programs
            .iter()
            .find_map(|p| self.un_regime_by_list_type(p))
            .or_else(|| {
                reference
                    .as_ref()
                    .and_then(|r| self.un_regime_by_prefix(r.prefix()))
            });
        let r = reference.as_ref().map(UnRef::as_str);
        match regime {
            Some(reg) => self.basis(BasisKind::Un, reg, None, d, r, true),
            None => unmapped(d, BasisKind::Un, r),
        }
    }

    /// The programme a designation's programme values (or sub-list) name.
    pub fn programme_of(&self, d: &Designation) -> Option<(&Regime, &Programme)> {
        d.programs
            .iter()
            .find_map(|p| self.programme(d.source, p))
            .or_else(|| {
                d.list
                    .as_deref()
                    .and_then(|l| self.programme_by_list(d.source, l))
            })
    }

    fn basis(
        &self,
        kind: BasisKind,
        regime: &Regime,
        prog: Option<(&Regime, &Programme)>,
        d: &Designation,
        un_reference: Option<&str>,
        mapped: bool,
    ) -> Basis {
        let founding = || {
            self.founding_citation(regime).unwrap_or_else(|| {
                Citation::unverified(format!("{} (instrument not catalogued)", regime.name))
            })
        };
        let (instrument, programme, topic, unverified) = match prog {
            Some((preg, p)) => (
                p.instrument.clone(),
                Some(p.name.clone()),
                if kind == BasisKind::Unilateral {
                    p.topic.clone().unwrap_or_else(|| preg.topic.clone())
                } else {
                    regime.topic.clone()
                },
                p.unverified || preg.unverified || regime.unverified,
            ),
            None => (founding(), None, regime.topic.clone(), regime.unverified),
        };
        Basis {
            basis: kind,
            regime_id: regime.id.clone(),
            regime_name: regime.name.clone(),
            instrument,
            authority: d.authority.clone(),
            programme,
            un_reference: un_reference.map(str::to_string),
            topic,
            unverified,
            mapped,
        }
    }
}

fn unmapped(d: &Designation, kind: BasisKind, un_reference: Option<&str>) -> Basis {
    let what = if d.programs.is_empty() {
        d.list.clone().unwrap_or_else(|| "no programme".into())
    } else {
        d.programs.join(", ")
    };
    Basis {
        basis: kind,
        regime_id: format!("{}:unmapped", d.source),
        regime_name: format!("Unknown regime ({what})"),
        instrument: Citation::unverified("unknown: programme not in the regime catalogue"),
        authority: d.authority.clone(),
        programme: None,
        un_reference: un_reference.map(str::to_string),
        topic: "UNKNOWN".into(),
        unverified: true,
        mapped: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn des(source: SourceKind, programs: &[&str]) -> Designation {
        let mut d = Designation::new(source, "x");
        d.programs = programs.iter().map(|s| s.to_string()).collect();
        d
    }

    #[test]
    fn un_record() {
        let c = Catalogue::shipped();
        let mut d = des(SourceKind::UnSc, &["DPRK"]);
        d.reference = "KPe.001".into();
        d.un_reference = UnRef::parse("KPe.001").ok();
        let b = c.classify(&d);
        assert_eq!(b.basis, BasisKind::Un);
        assert_eq!(b.regime_id, "UN-1718");
        assert!(b.instrument.text.contains("1718"));
        assert_eq!(b.un_reference.as_deref(), Some("KPe.001"));
        // By prefix when the list type is unknown.
        let mut d = des(SourceKind::UnSc, &["Something new"]);
        d.reference = "QDi.001".into();
        assert_eq!(c.classify(&d).regime_id, "UN-1267");
        let json = serde_json::to_value(&b).expect("json");
        assert_eq!(json["basis"], "un");
    }

    #[test]
    fn national_citing_un() {
        let c = Catalogue::shipped();
        let mut d = des(
            SourceKind::GbOfsi,
            &["North Korea (Democratic People's Republic of Korea)"],
        );
        d.un_reference = UnRef::parse("KPi.033").ok();
        let b = c.classify(&d);
        assert_eq!(b.basis, BasisKind::UnImplementation);
        assert_eq!(b.regime_id, "UN-1718");
        assert!(
            b.instrument.text.contains("2017/1509"),
            "{:?}",
            b.instrument
        );
        assert_eq!(
            serde_json::to_value(b.basis).expect("json"),
            "un-implementation"
        );
        // Same UK regime, no UN reference: autonomous.
        d.un_reference = None;
        let b = c.classify(&d);
        assert_eq!(b.basis, BasisKind::Unilateral);
        assert_eq!(b.regime_id, "UK-DPRK");
        assert!(b.unverified);
        // A UN reference with a prefix no UN regime uses (a typo of the
        // list): the programme's single UN regime, marked unverified.
        d.un_reference = UnRef::parse("DPe.012").ok();
        let b = c.classify(&d);
        assert_eq!(
            (b.basis, b.regime_id.as_str()),
            (BasisKind::UnImplementation, "UN-1718")
        );
        assert!(b.unverified && b.mapped);
    }

    #[test]
    fn un_implementation_programme() {
        let c = Catalogue::shipped();
        let b = c.classify(&des(SourceKind::JpMof, &["DPRK-1718"]));
        assert_eq!(
            (b.basis, b.regime_id.as_str()),
            (BasisKind::UnImplementation, "UN-1718")
        );
        let b = c.classify(&des(SourceKind::JpMof, &["TALIBAN-ISIL-AQ"]));
        assert_eq!(
            (b.basis, b.regime_id.as_str()),
            (BasisKind::UnImplementation, "JP-UN")
        );
        let b = c.classify(&des(SourceKind::JpMof, &["DPRK-COORDINATED"]));
        assert_eq!(
            (b.basis, b.regime_id.as_str()),
            (BasisKind::Unilateral, "JP-DPRK")
        );
        let b = c.classify(&des(SourceKind::AuDfat, &["1718 (DPRK)"]));
        assert_eq!(
            (b.basis, b.regime_id.as_str()),
            (BasisKind::UnImplementation, "UN-1718")
        );
    }

    #[test]
    fn ofac_programmes() {
        let c = Catalogue::shipped();
        let b = c.classify(&des(SourceKind::UsOfacSdn, &["NPWMD", "DPRK2"]));
        assert_eq!(
            (b.basis, b.regime_id.as_str()),
            (BasisKind::Unilateral, "US-NONPROLIFERATION")
        );
        let b = c.classify(&des(SourceKind::UsOfacSdn, &["DPRK2"]));
        assert_eq!(b.regime_id, "US-DPRK");
        assert!(b.instrument.unverified);
        assert_eq!(b.topic, "DPRK");
        // CSL row with no programme: by sub-list.
        let mut d = des(SourceKind::UsCsl, &[]);
        d.list = Some("Entity List (EL) - Bureau of Industry and Security".into());
        assert_eq!(c.classify(&d).regime_id, "US-EXPORT-CONTROLS");
    }

    #[test]
    fn unknown_programme_is_unmapped_not_guessed() {
        let c = Catalogue::shipped();
        let b = c.classify(&des(SourceKind::UsOfacSdn, &["MARS-EO99999"]));
        assert!(!b.mapped);
        assert_eq!(b.regime_id, "us_ofac_sdn:unmapped");
        assert!(b.instrument.unverified);
    }
}
