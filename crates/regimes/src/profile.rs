//! Jurisdiction profiles: whether a designation binds the user.
//!
//! The same hit means different things to a Chinese bank, a Japanese trader
//! and a US person. A profile is data (`data/profiles.toml`, plus the user's
//! own file) so that the stance of a jurisdiction is reviewable and
//! adjustable without code; the file's header explains each shipped
//! profile's rationale.

use crate::basis::{Basis, BasisKind};
use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use embargo_model::{Designation, SourceKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

const SHIPPED: &str = include_str!("../data/profiles.toml");
const SHIPPED_NAME: &str = "crates/regimes/data/profiles.toml";

/// Flag added when an exposure rests only on a programme whose secondary
/// sanctions mark is unverified.
pub const FLAG_UNVERIFIED_SECONDARY: &str = "unverified-secondary-basis";
/// Flag added to an exposure when the same target has a binding UN
/// designation in the group (see [`Profile::classify_group`]).
pub const FLAG_ALSO_UN_LISTED: &str = "also-un-listed";
/// Flag of the `cn` profile: complying may conflict with the PRC Blocking
/// Rules (MOFCOM Order No. 1 of 2021).
pub const FLAG_PRC_BLOCKING_RULES: &str = "prc-blocking-rules-2021";

/// How a designation stands for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// The user's own law obliges it to act.
    Binding,
    /// Another state's law can reach the user (risk, not obligation).
    Exposure,
    /// Neither.
    Informational,
}

impl Class {
    /// `binding`, `exposure` or `informational`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Binding => "binding",
            Class::Exposure => "exposure",
            Class::Informational => "informational",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The classification of one designation under a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// Binding, exposure or informational.
    pub class: Class,
    /// Why, in plain words (the rule's reason, with the evidence).
    pub reason: String,
    /// Machine-readable flags (`us-secondary-sanctions`,
    /// `prc-blocking-rules-2021`, `via-national-implementation`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// One rule of a profile: criteria (all given must match) and the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Resulting class.
    pub class: Class,
    /// Matching legal bases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<BasisKind>,
    /// Matching list kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceKind>,
    /// Matching publisher jurisdictions (`un`, `us`, `gb`, `jp`, `ca`, `au`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
    /// Matching catalogue regime ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regimes: Vec<String>,
    /// Matching topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Matches designations that do (true) or do not (false) reach non-US
    /// persons through US secondary sanctions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<bool>,
    /// Why, shown to the user.
    pub reason: String,
    /// Flags added to the classification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// Where a profile comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Shipped with embargo.
    Shipped,
    /// From a user's file (its path).
    User(String),
}

/// A jurisdiction profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// Id used by `--profile` and the API (`un`, `cn`, ...).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it stands for.
    pub description: String,
    /// Reason given to designations no rule matches (informational).
    pub otherwise: String,
    /// Warnings to show whenever the profile is used (e.g. no ROK list
    /// loaded).
    pub caveats: Vec<String>,
    /// Ordered rules; the first that matches decides.
    pub rules: Vec<Rule>,
    /// Classes that make a hit a `match`.
    pub match_on: Vec<Class>,
    /// The trade regimes (ids of the goods-measures catalogue,
    /// `crates/trade/data/measures.toml`) whose goods measures bind a
    /// shipment checked under this profile. Empty: the profile defines none,
    /// and a shipment check under it is an error (never a silent
    /// `permitted`). The ids are checked against the goods-measures
    /// catalogue where the two meet (the engine), since this crate does not
    /// know it.
    pub trade_regimes: Vec<String>,
    /// Why those trade regimes bind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_note: Option<String>,
    /// Shipped or user-defined.
    pub origin: Origin,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    otherwise: Option<String>,
    #[serde(default)]
    caveats: Option<Vec<String>>,
    #[serde(default)]
    match_on: Option<Vec<Class>>,
    #[serde(default)]
    trade_regimes: Option<Vec<String>>,
    #[serde(default)]
    trade_note: Option<String>,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    rule: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    profile: Vec<RawProfile>,
}

/// Why a designation reaches non-US persons through US secondary sanctions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondaryEvidence {
    /// The evidence in words (OFAC's note, or the programme's secondary
    /// measure).
    pub text: String,
    /// True when the only evidence is a programme mark that is unverified.
    pub unverified: bool,
}

/// OFAC list kinds: the only sources the secondary-sanctions test looks at.
const OFAC_SOURCES: [SourceKind; 3] = [
    SourceKind::UsOfacSdn,
    SourceKind::UsOfacCons,
    SourceKind::UsCsl,
];

impl Catalogue {
    /// Whether a US designation reaches non-US persons through secondary
    /// sanctions, and why: OFAC's own note on the record ("Secondary sanctions
    /// risk: ...", "Subject to Secondary Sanctions"), else a programme of the
    /// record marked `secondary` in the catalogue (the DPRK programmes, ...).
    /// `None` for non-OFAC sources.
    pub fn secondary_sanctions(&self, d: &Designation) -> Option<SecondaryEvidence> {
        if !OFAC_SOURCES.contains(&d.source) {
            return None;
        }
        if let Some(n) = d.notes.iter().find(|n| {
            let l = n.to_ascii_lowercase();
            l.contains("secondary sanctions risk") || l.contains("subject to secondary sanctions")
        }) {
            return Some(SecondaryEvidence {
                text: format!("OFAC note: {n}"),
                unverified: false,
            });
        }
        let mut best: Option<SecondaryEvidence> = None;
        for p in &d.programs {
            if let Some((_, prog)) = self.programme(d.source, p)
                && let Some(s) = &prog.secondary
            {
                let ev = SecondaryEvidence {
                    text: format!("programme {p}: {}", s.text),
                    unverified: s.unverified,
                };
                if !ev.unverified {
                    return Some(ev);
                }
                best.get_or_insert(ev);
            }
        }
        best
    }
}

impl Rule {
    fn matches(
        &self,
        d: &Designation,
        basis: &Basis,
        secondary: &Option<SecondaryEvidence>,
    ) -> bool {
        let jurisdiction = d.source.jurisdiction().unwrap_or("un");
        (self.basis.is_empty() || self.basis.contains(&basis.basis))
            && (self.sources.is_empty() || self.sources.contains(&d.source))
            && (self.jurisdictions.is_empty()
                || self.jurisdictions.iter().any(|j| j == jurisdiction))
            && (self.regimes.is_empty() || self.regimes.contains(&basis.regime_id))
            && (self.topics.is_empty()
                || self
                    .topics
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&basis.topic)))
            && self
                .secondary
                .is_none_or(|want| want == secondary.is_some())
    }
}

impl Profile {
    /// Classifies a designation under this profile (the first matching rule
    /// decides; no match is informational).
    pub fn classify(&self, catalogue: &Catalogue, d: &Designation) -> Classification {
        let basis = catalogue.classify(d);
        self.classify_with_basis(catalogue, d, &basis)
    }

    /// As [`Profile::classify`], with a basis already computed.
    pub fn classify_with_basis(
        &self,
        catalogue: &Catalogue,
        d: &Designation,
        basis: &Basis,
    ) -> Classification {
        let secondary = catalogue.secondary_sanctions(d);
        for rule in &self.rules {
            if rule.matches(d, basis, &secondary) {
                let mut flags = rule.flags.clone();
                let mut detail = Vec::new();
                if let Some(r) = &basis.un_reference
                    && basis.basis != BasisKind::Unilateral
                {
                    detail.push(format!("UN {r}, {}", basis.regime_id));
                }
                if rule.secondary == Some(true)
                    && let Some(ev) = &secondary
                {
                    detail.push(ev.text.clone());
                    if ev.unverified {
                        flags.push(FLAG_UNVERIFIED_SECONDARY.to_string());
                    }
                }
                let reason = if detail.is_empty() {
                    rule.reason.clone()
                } else {
                    format!("{} ({})", rule.reason, detail.join("; "))
                };
                return Classification {
                    class: rule.class,
                    reason,
                    flags,
                };
            }
        }
        Classification {
            class: Class::Informational,
            reason: format!(
                "{}: {} ({})",
                self.otherwise, basis.regime_name, basis.authority
            ),
            flags: Vec::new(),
        }
    }

    /// Classifies every designation of one target (a consolidated hit).
    /// When one of them is a binding UN (or UN-implementation) designation,
    /// each exposure gets the flag [`FLAG_ALSO_UN_LISTED`] and loses
    /// [`FLAG_PRC_BLOCKING_RULES`]: acting on the target is required by the
    /// UN listing anyway, and the Blocking Rules exclude measures under
    /// treaties China is party to.
    pub fn classify_group(
        &self,
        catalogue: &Catalogue,
        designations: &[Designation],
    ) -> Vec<Classification> {
        self.classify_group_with_bases(catalogue, designations)
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    }

    /// As [`Profile::classify_group`], also returning each designation's
    /// [`Basis`] (computed once, for callers that show both).
    pub fn classify_group_with_bases(
        &self,
        catalogue: &Catalogue,
        designations: &[Designation],
    ) -> Vec<(Basis, Classification)> {
        let bases: Vec<Basis> = designations.iter().map(|d| catalogue.classify(d)).collect();
        let mut out: Vec<Classification> = designations
            .iter()
            .zip(&bases)
            .map(|(d, b)| self.classify_with_basis(catalogue, d, b))
            .collect();
        let un_binding = out
            .iter()
            .zip(&bases)
            .any(|(c, b)| c.class == Class::Binding && b.basis != BasisKind::Unilateral);
        if un_binding {
            for c in out.iter_mut().filter(|c| c.class == Class::Exposure) {
                c.flags.retain(|f| f != FLAG_PRC_BLOCKING_RULES);
                if !c.flags.iter().any(|f| f == FLAG_ALSO_UN_LISTED) {
                    c.flags.push(FLAG_ALSO_UN_LISTED.to_string());
                    c.reason
                        .push_str("; the target is also UN-listed, and that listing binds");
                }
            }
        }
        bases.into_iter().zip(out).collect()
    }

    /// Whether a classification makes a hit a match under this profile.
    pub fn decides(&self, class: Class) -> bool {
        self.match_on.contains(&class)
    }
}

/// The set of available profiles: the shipped ones, plus those of a user's
/// file.
#[derive(Debug, Clone)]
pub struct Profiles {
    list: Vec<Profile>,
}

impl Profiles {
    /// The shipped profiles (`un`, `cn`, `jp`, `kr`, `us`, `eu`, `uk`, `all`),
    /// validated against the shipped catalogue.
    ///
    /// # Panics
    /// If the shipped file is invalid, which the crate's tests rule out.
    pub fn shipped() -> &'static Profiles {
        static P: std::sync::OnceLock<Profiles> = std::sync::OnceLock::new();
        P.get_or_init(|| {
            let mut p = Profiles { list: Vec::new() };
            p.merge(SHIPPED_NAME, SHIPPED, Catalogue::shipped(), true)
                .unwrap_or_else(|e| panic!("shipped profiles are invalid: {e}"));
            p
        })
    }

    /// The shipped profiles merged with those of a user's TOML file (same
    /// format as `data/profiles.toml`; see the crate doc). A user profile
    /// may `extends = "<id>"` another profile (its rules come first, then the
    /// base's); redefining a shipped id needs `replace = true`.
    pub fn load_user(path: &Path) -> Result<Profiles> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Profiles::with_user_toml(&path.display().to_string(), &text)
    }

    /// As [`Profiles::load_user`], from text; `file` names it in errors.
    pub fn with_user_toml(file: &str, text: &str) -> Result<Profiles> {
        let mut p = Profiles::shipped().clone();
        p.merge(file, text, Catalogue::shipped(), false)?;
        Ok(p)
    }

    fn merge(&mut self, file: &str, text: &str, cat: &Catalogue, shipped: bool) -> Result<()> {
        let raw: RawFile = toml::from_str(text).map_err(|e| Error::Syntax {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let invalid = |item: &str, problem: String| Error::Invalid {
            file: file.into(),
            kind: "profile",
            item: item.into(),
            problem,
        };
        let regimes: HashSet<&str> = cat.regimes().iter().map(|r| r.id.as_str()).collect();
        let topics = cat.topics();
        let mut seen = HashSet::new();
        for rp in raw.profile {
            let id = rp.id.trim().to_string();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(invalid(
                    &id,
                    "id must be letters, digits, `-` or `_`".into(),
                ));
            }
            if !seen.insert(id.clone()) {
                return Err(Error::Duplicate {
                    file: file.into(),
                    kind: "profile",
                    id,
                });
            }
            let existing = self.list.iter().position(|p| p.id == id);
            if existing.is_some() && !rp.replace {
                return Err(invalid(
                    &id,
                    "a shipped profile has this id: choose another id, or set `replace = true`"
                        .into(),
                ));
            }
            let base = match &rp.extends {
                Some(b) => Some(self.get(b).cloned().ok_or_else(|| Error::Dangling {
                    file: file.into(),
                    kind: "profile",
                    item: id.clone(),
                    field: "extends",
                    target_kind: "profile",
                    target: b.clone(),
                })?),
                None => None,
            };
            for (n, r) in rp.rule.iter().enumerate() {
                let item = format!("{id}, rule {}", n + 1);
                if r.reason.trim().is_empty() {
                    return Err(invalid(&item, "empty reason".into()));
                }
                for j in &r.jurisdictions {
                    if !matches!(
                        j.as_str(),
                        "un" | "us" | "gb" | "jp" | "ca" | "au" | "kr" | "eu" | "cn"
                    ) {
                        return Err(invalid(&item, format!("unknown jurisdiction `{j}`")));
                    }
                }
                for g in &r.regimes {
                    if !regimes.contains(g.as_str()) {
                        return Err(Error::Dangling {
                            file: file.into(),
                            kind: "profile rule",
                            item,
                            field: "regimes",
                            target_kind: "regime",
                            target: g.clone(),
                        });
                    }
                }
                for t in &r.topics {
                    if !topics.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                        return Err(Error::Dangling {
                            file: file.into(),
                            kind: "profile rule",
                            item,
                            field: "topics",
                            target_kind: "topic",
                            target: t.clone(),
                        });
                    }
                }
            }
            let need = |v: Option<String>, from_base: Option<&String>, field: &str| {
                v.or_else(|| from_base.cloned())
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| invalid(&id, format!("missing `{field}`")))
            };
            if let Some(t) = &rp.trade_regimes {
                if t.is_empty() {
                    return Err(invalid(
                        &id,
                        "empty trade_regimes: name the trade regimes that bind, or leave the key out (then the profile defines none and shipments cannot be checked under it)".into(),
                    ));
                }
                let mut once = HashSet::new();
                for r in t {
                    if r.trim().is_empty() || r.trim() != r {
                        return Err(invalid(
                            &id,
                            format!("trade_regimes: `{r}` is not a regime id"),
                        ));
                    }
                    if !once.insert(r.as_str()) {
                        return Err(invalid(&id, format!("trade_regimes: `{r}` is named twice")));
                    }
                }
            }
            let inherit_trade = rp.trade_regimes.is_none();
            let mut rules = rp.rule;
            if let Some(b) = &base {
                rules.extend(b.rules.iter().cloned());
            }
            let profile = Profile {
                name: need(rp.name, base.as_ref().map(|b| &b.name), "name")?,
                description: need(
                    rp.description,
                    base.as_ref().map(|b| &b.description),
                    "description",
                )?,
                otherwise: rp
                    .otherwise
                    .or_else(|| base.as_ref().map(|b| b.otherwise.clone()))
                    .unwrap_or_else(|| "no rule of this profile applies".into()),
                caveats: rp
                    .caveats
                    .or_else(|| base.as_ref().map(|b| b.caveats.clone()))
                    .unwrap_or_default(),
                match_on: rp
                    .match_on
                    .or_else(|| base.as_ref().map(|b| b.match_on.clone()))
                    .unwrap_or_else(|| vec![Class::Binding]),
                rules,
                trade_note: if inherit_trade {
                    rp.trade_note
                        .or_else(|| base.as_ref().and_then(|b| b.trade_note.clone()))
                } else {
                    rp.trade_note
                },
                trade_regimes: rp
                    .trade_regimes
                    .or_else(|| base.as_ref().map(|b| b.trade_regimes.clone()))
                    .unwrap_or_default(),
                origin: if shipped {
                    Origin::Shipped
                } else {
                    Origin::User(file.to_string())
                },
                id,
            };
            if profile.match_on.is_empty() {
                return Err(invalid(&profile.id, "empty match_on".into()));
            }
            match existing {
                Some(i) => self.list[i] = profile,
                None => self.list.push(profile),
            }
        }
        Ok(())
    }

    /// The profile with this id (any case).
    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.list
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(id.trim()))
    }

    /// Every profile: the shipped ones in their order, then the user's.
    pub fn all(&self) -> &[Profile] {
        &self.list
    }
}
