//! The regime catalogue: authorities, regimes, their instruments, measures and
//! the programmes through which list records name them.
//!
//! The catalogue is data (`data/regimes.toml`), not code, because legal facts
//! change and carry verification marks: a lawyer can review and correct a
//! TOML file, and the loader checks every reference so that a mistake fails at
//! load (and in `cargo test`) instead of producing a wrong legal basis.

use crate::citation::Citation;
use crate::error::{Error, Result};
use embargo_model::SourceKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// The shipped catalogue text.
pub(crate) const SHIPPED: &str = include_str!("../data/regimes.toml");
const SHIPPED_NAME: &str = "crates/regimes/data/regimes.toml";

/// Who designates: the UN Security Council, a government or one of its
/// agencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Stable id, e.g. `US-OFAC`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `un`, or the ISO code of the state (`us`, `gb`, `jp`, ...) or `eu`.
    pub jurisdiction: String,
    /// The list kinds this authority publishes (or contributes to).
    #[serde(default)]
    pub sources: Vec<SourceKind>,
}

/// What kind of legal framework a regime is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegimeKind {
    /// A UN Security Council sanctions regime.
    Un,
    /// A national or bloc framework (which may also implement UN listings
    /// through some of its programmes).
    Autonomous,
    /// A national or bloc transposition of one UN regime (EU, PRC).
    UnTransposition,
    /// A blocking statute against foreign sanctions (PRC Blocking Rules).
    Blocking,
}

/// Whether a regime is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In force.
    #[default]
    Active,
    /// Terminated; kept because old records still cite it.
    Ended,
}

/// What a record under a programme is (see the data file's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The authority's own measure.
    #[default]
    Autonomous,
    /// Exists to implement UN listings: every record implements one.
    UnImplementation,
    /// UN and autonomous listings together: a record implements a UN listing
    /// only when it cites the UN reference.
    Mixed,
}

/// How the records of one or more list kinds name a regime: a programme tag,
/// regime text or sheet key (`keys`), or a sub-list name (`lists`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Values of `Designation::programs` that mean this programme.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Values of `Designation::list` that mean this programme when the record
    /// has no programme that resolves (US CSL sub-lists).
    #[serde(default)]
    pub lists: Vec<String>,
    /// Display name.
    pub name: String,
    /// List kinds whose records use these keys (after loading: never empty;
    /// inherited from the regime when the data file leaves it out).
    #[serde(default)]
    pub sources: Vec<SourceKind>,
    /// The legal instrument(s).
    pub instrument: Citation,
    /// What a record under it is.
    #[serde(default)]
    pub mode: Mode,
    /// UN regimes implemented (for `un-implementation` and `mixed`).
    #[serde(default)]
    pub implements: Vec<String>,
    /// Why designations under it reach non-US persons through secondary
    /// sanctions (US programmes only).
    #[serde(default)]
    pub secondary: Option<Citation>,
    /// ISO code of the targeted country, when there is one.
    #[serde(default)]
    pub target: Option<String>,
    /// Topic (overrides the regime's), e.g. `DPRK`.
    #[serde(default)]
    pub topic: Option<String>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<Citation>,
    /// The programme as a whole is unverified.
    #[serde(default)]
    pub unverified: bool,
}

/// A sanctions regime: a UN regime, or a national/bloc framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    /// Stable id, e.g. `UN-1718`, `US-DPRK`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of framework.
    pub kind: RegimeKind,
    /// [`Authority`] id.
    pub authority: String,
    /// Topic shared by the regimes about the same target (`DPRK`, `IRAN`...),
    /// used by `embargo regimes show DPRK`.
    pub topic: String,
    /// ISO code of the targeted country, when there is one.
    #[serde(default)]
    pub target: Option<String>,
    /// The UN committee (UN regimes).
    #[serde(default)]
    pub committee: Option<String>,
    /// [`Instrument`] id of the founding instrument.
    #[serde(default)]
    pub founding: Option<String>,
    /// Whether in force.
    #[serde(default)]
    pub status: Status,
    /// Start date, when known.
    #[serde(default)]
    pub active_from: Option<Citation>,
    /// End date (exclusive), for ended regimes.
    #[serde(default)]
    pub active_to: Option<Citation>,
    /// `UN_LIST_TYPE` of its records on the UN Consolidated List.
    #[serde(default)]
    pub un_list_type: Option<Citation>,
    /// Two-letter prefixes of its UN reference numbers (`KP` for `KPi.033`).
    #[serde(default)]
    pub un_prefixes: Vec<String>,
    /// The UN regime this regime transposes (`un-transposition`).
    #[serde(default)]
    pub implements: Option<String>,
    /// Default list kinds of its programmes.
    #[serde(default)]
    pub sources: Vec<SourceKind>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<Citation>,
    /// Source ids of the research notes (`S1`..`S75` in
    /// `shared/domain/regimes-draft.yaml`).
    #[serde(default)]
    pub refs: Vec<String>,
    /// The regime as a whole is unverified.
    #[serde(default)]
    pub unverified: bool,
    /// How list records name it.
    #[serde(default)]
    pub programmes: Vec<Programme>,
}

/// A resolution, order, act, regulation or decision of a regime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable id, e.g. `UNSCR-2321`.
    pub id: String,
    /// [`Regime`] id.
    pub regime: String,
    /// Title or citation.
    pub title: Citation,
    /// `resolution`, `executive-order`, `statute`, `regulation`, ...
    pub kind: String,
    /// Date of adoption (ISO), when known.
    #[serde(default)]
    pub date: Option<Citation>,
    /// What prompted it.
    #[serde(default)]
    pub trigger: Option<String>,
    /// Measures and designations it added.
    #[serde(default)]
    pub adds: Vec<Citation>,
    /// Research source ids.
    #[serde(default)]
    pub refs: Vec<String>,
    /// The instrument as a whole is unverified.
    #[serde(default)]
    pub unverified: bool,
}

/// A measure of a regime (asset freeze, trade ban, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Stable id.
    pub id: String,
    /// [`Regime`] id.
    pub regime: String,
    /// [`Instrument`] id.
    pub instrument: String,
    /// Paragraph of the instrument, when known (e.g. `26(b)`).
    #[serde(default)]
    pub paragraph: Option<Citation>,
    /// `asset_freeze`, `travel_ban`, `sectoral_import_ban`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// What it does.
    pub summary: Citation,
    /// Start date.
    #[serde(default)]
    pub valid_from: Option<Citation>,
    /// End date (exclusive).
    #[serde(default)]
    pub valid_to: Option<Citation>,
    /// Research source ids.
    #[serde(default)]
    pub refs: Vec<String>,
    /// The measure as a whole is unverified.
    #[serde(default)]
    pub unverified: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    schema_version: u32,
    #[serde(default)]
    authority: Vec<Authority>,
    #[serde(default)]
    regime: Vec<Regime>,
    #[serde(default)]
    instrument: Vec<Instrument>,
    #[serde(default)]
    measure: Vec<Measure>,
}

/// Where a programme sits: `(regime index, programme index)`.
type ProgRef = (usize, usize);

/// The validated catalogue with its lookup indexes.
#[derive(Debug, Clone)]
pub struct Catalogue {
    authorities: Vec<Authority>,
    regimes: Vec<Regime>,
    instruments: Vec<Instrument>,
    measures: Vec<Measure>,
    regime_index: HashMap<String, usize>,
    instrument_index: HashMap<String, usize>,
    authority_index: HashMap<String, usize>,
    by_prefix: HashMap<String, usize>,
    by_list_type: HashMap<String, usize>,
    by_key: HashMap<(SourceKind, String), ProgRef>,
    by_list: HashMap<(SourceKind, String), ProgRef>,
}

/// Normal form of a programme key or list name for matching: trimmed,
/// whitespace runs collapsed, lower case.
pub(crate) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl Catalogue {
    /// The catalogue shipped in the binary (`data/regimes.toml`), loaded and
    /// validated once.
    ///
    /// # Panics
    /// If the shipped file is invalid, which the crate's tests rule out.
    pub fn shipped() -> &'static Catalogue {
        static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        CAT.get_or_init(|| {
            Catalogue::from_toml(SHIPPED_NAME, SHIPPED)
                .unwrap_or_else(|e| panic!("shipped regime catalogue is invalid: {e}"))
        })
    }

    /// Loads and validates a catalogue from TOML text; `file` names it in
    /// errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Catalogue> {
        let f: File = toml::from_str(text).map_err(|e| Error::Syntax {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        if f.schema_version != 1 {
            return Err(Error::Invalid {
                file: file.into(),
                kind: "catalogue",
                item: "schema_version".into(),
                problem: format!("unsupported schema_version {}", f.schema_version),
            });
        }
        Catalogue::build(file, f)
    }

    fn build(file: &str, mut f: File) -> Result<Catalogue> {
        let dup = |kind: &'static str, id: &str| Error::Duplicate {
            file: file.into(),
            kind,
            id: id.into(),
        };
        let dangling = |kind: &'static str,
                        item: &str,
                        field: &'static str,
                        target_kind: &'static str,
                        target: &str| Error::Dangling {
            file: file.into(),
            kind,
            item: item.into(),
            field,
            target_kind,
            target: target.into(),
        };
        let invalid = |kind: &'static str, item: &str, problem: String| Error::Invalid {
            file: file.into(),
            kind,
            item: item.into(),
            problem,
        };
        fn index<T>(
            items: &[T],
            id: impl Fn(&T) -> &str,
            kind: &'static str,
            dup: &impl Fn(&'static str, &str) -> Error,
        ) -> Result<HashMap<String, usize>> {
            let mut m = HashMap::new();
            for (i, it) in items.iter().enumerate() {
                if id(it).trim().is_empty() {
                    return Err(dup(kind, "<empty id>"));
                }
                if m.insert(id(it).to_string(), i).is_some() {
                    return Err(dup(kind, id(it)));
                }
            }
            Ok(m)
        }
        let authority_index = index(&f.authority, |a| &a.id, "authority", &dup)?;
        let regime_index = index(&f.regime, |r| &r.id, "regime", &dup)?;
        let instrument_index = index(&f.instrument, |i| &i.id, "instrument", &dup)?;
        let _ = index(&f.measure, |m| &m.id, "measure", &dup)?;
        let is_un = |id: &str, regimes: &[Regime]| {
            regime_index
                .get(id)
                .is_some_and(|&i| regimes[i].kind == RegimeKind::Un)
        };

        for a in &f.authority {
            if !matches!(
                a.jurisdiction.as_str(),
                "un" | "us" | "gb" | "jp" | "kr" | "eu" | "cn" | "ca" | "au"
            ) {
                return Err(invalid(
                    "authority",
                    &a.id,
                    format!("unknown jurisdiction `{}`", a.jurisdiction),
                ));
            }
        }
        for i in &f.instrument {
            if !regime_index.contains_key(&i.regime) {
                return Err(dangling("instrument", &i.id, "regime", "regime", &i.regime));
            }
            if let Some(d) = &i.date
                && !is_iso_date(&d.text)
            {
                return Err(invalid(
                    "instrument",
                    &i.id,
                    format!("date `{}` is not YYYY-MM-DD", d.text),
                ));
            }
        }
        for m in &f.measure {
            if !regime_index.contains_key(&m.regime) {
                return Err(dangling("measure", &m.id, "regime", "regime", &m.regime));
            }
            if !instrument_index.contains_key(&m.instrument) {
                return Err(dangling(
                    "measure",
                    &m.id,
                    "instrument",
                    "instrument",
                    &m.instrument,
                ));
            }
            for d in [&m.valid_from, &m.valid_to].into_iter().flatten() {
                if !is_iso_date(&d.text) {
                    return Err(invalid(
                        "measure",
                        &m.id,
                        format!("date `{}` is not YYYY-MM-DD", d.text),
                    ));
                }
            }
        }

        let mut by_prefix = HashMap::new();
        let mut by_list_type = HashMap::new();
        let mut by_key = HashMap::new();
        let mut by_list = HashMap::new();
        let regimes_snapshot = f.regime.clone();
        for (ri, r) in f.regime.iter_mut().enumerate() {
            if !authority_index.contains_key(&r.authority) {
                return Err(dangling(
                    "regime",
                    &r.id,
                    "authority",
                    "authority",
                    &r.authority,
                ));
            }
            if let Some(fd) = &r.founding {
                match instrument_index.get(fd) {
                    None => {
                        return Err(dangling("regime", &r.id, "founding", "instrument", fd));
                    }
                    Some(&ii) if f.instrument[ii].regime != r.id => {
                        return Err(invalid(
                            "regime",
                            &r.id,
                            format!(
                                "founding instrument `{fd}` belongs to regime `{}`",
                                f.instrument[ii].regime
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            for d in [&r.active_from, &r.active_to].into_iter().flatten() {
                if !is_iso_date(&d.text) {
                    return Err(invalid(
                        "regime",
                        &r.id,
                        format!("date `{}` is not YYYY-MM-DD", d.text),
                    ));
                }
            }
            if r.topic.trim().is_empty() {
                return Err(invalid("regime", &r.id, "empty topic".into()));
            }
            match r.kind {
                RegimeKind::Un => {
                    if r.un_prefixes.is_empty() {
                        return Err(invalid(
                            "regime",
                            &r.id,
                            "a UN regime needs un_prefixes".into(),
                        ));
                    }
                    for p in &r.un_prefixes {
                        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_uppercase()) {
                            return Err(invalid(
                                "regime",
                                &r.id,
                                format!("UN prefix `{p}` is not two capital letters"),
                            ));
                        }
                        if by_prefix.insert(p.clone(), ri).is_some() {
                            return Err(dup("UN reference prefix", p));
                        }
                    }
                    if let Some(t) = &r.un_list_type
                        && by_list_type.insert(norm(&t.text), ri).is_some()
                    {
                        return Err(dup("UN list type", &t.text));
                    }
                }
                _ => {
                    if !r.un_prefixes.is_empty() || r.un_list_type.is_some() {
                        return Err(invalid(
                            "regime",
                            &r.id,
                            "only UN regimes have un_prefixes or un_list_type".into(),
                        ));
                    }
                }
            }
            match (&r.kind, &r.implements) {
                (RegimeKind::UnTransposition, None) => {
                    return Err(invalid(
                        "regime",
                        &r.id,
                        "a un-transposition regime needs `implements`".into(),
                    ));
                }
                (_, Some(un)) if !is_un(un, &regimes_snapshot) => {
                    return Err(dangling("regime", &r.id, "implements", "UN regime", un));
                }
                _ => {}
            }
            let regime_sources = r.sources.clone();
            let rid = r.id.clone();
            for (pi, p) in r.programmes.iter_mut().enumerate() {
                let pid = format!("{rid} / {}", p.name);
                if p.sources.is_empty() {
                    p.sources = regime_sources.clone();
                }
                if p.sources.is_empty() {
                    return Err(invalid(
                        "programme",
                        &pid,
                        "no sources (set them on the programme or its regime)".into(),
                    ));
                }
                if p.keys.is_empty() && p.lists.is_empty() {
                    return Err(invalid("programme", &pid, "no keys and no lists".into()));
                }
                match p.mode {
                    Mode::Autonomous if !p.implements.is_empty() => {
                        return Err(invalid(
                            "programme",
                            &pid,
                            "an autonomous programme implements nothing (use mode = \"mixed\")"
                                .into(),
                        ));
                    }
                    Mode::UnImplementation | Mode::Mixed if p.implements.is_empty() => {
                        return Err(invalid(
                            "programme",
                            &pid,
                            "a un-implementation or mixed programme needs `implements`".into(),
                        ));
                    }
                    _ => {}
                }
                for un in &p.implements {
                    if !is_un(un, &regimes_snapshot) {
                        return Err(dangling("programme", &pid, "implements", "UN regime", un));
                    }
                }
                for s in &p.sources {
                    for k in &p.keys {
                        if by_key.insert((*s, norm(k)), (ri, pi)).is_some() {
                            return Err(dup("programme key", &format!("{s}: {k}")));
                        }
                    }
                    for l in &p.lists {
                        if by_list.insert((*s, norm(l)), (ri, pi)).is_some() {
                            return Err(dup("programme list", &format!("{s}: {l}")));
                        }
                    }
                }
            }
        }
        Ok(Catalogue {
            authorities: f.authority,
            regimes: f.regime,
            instruments: f.instrument,
            measures: f.measure,
            regime_index,
            instrument_index,
            authority_index,
            by_prefix,
            by_list_type,
            by_key,
            by_list,
        })
    }

    /// Every regime, in file order (UN regimes first).
    pub fn regimes(&self) -> &[Regime] {
        &self.regimes
    }

    /// Every authority.
    pub fn authorities(&self) -> &[Authority] {
        &self.authorities
    }

    /// Every instrument.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// Every measure.
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// The regime with this id.
    pub fn regime(&self, id: &str) -> Option<&Regime> {
        self.regime_index.get(id).map(|&i| &self.regimes[i])
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instrument_index.get(id).map(|&i| &self.instruments[i])
    }

    /// The authority with this id.
    pub fn authority(&self, id: &str) -> Option<&Authority> {
        self.authority_index.get(id).map(|&i| &self.authorities[i])
    }

    /// The instruments of a regime, in file order (chronological for UN
    /// resolutions).
    pub fn instruments_of<'a>(&'a self, regime: &'a str) -> impl Iterator<Item = &'a Instrument> {
        self.instruments.iter().filter(move |i| i.regime == regime)
    }

    /// The measures of a regime.
    pub fn measures_of<'a>(&'a self, regime: &'a str) -> impl Iterator<Item = &'a Measure> {
        self.measures.iter().filter(move |m| m.regime == regime)
    }

    /// The founding instrument of a regime as a citation (its title, with its
    /// date), when the catalogue gives one.
    pub fn founding_citation(&self, regime: &Regime) -> Option<Citation> {
        let i = self.instrument(regime.founding.as_deref()?)?;
        let date = i.date.as_ref();
        Some(Citation {
            text: match date {
                Some(d) => format!("{} of {}", i.title.text, d.text),
                None => i.title.text.clone(),
            },
            unverified: i.title.unverified || i.unverified || date.is_some_and(|d| d.unverified),
        })
    }

    /// The UN regime of a reference prefix (`KP` → UN-1718).
    pub fn un_regime_by_prefix(&self, prefix: &str) -> Option<&Regime> {
        self.by_prefix
            .get(&prefix.to_ascii_uppercase())
            .map(|&i| &self.regimes[i])
    }

    /// The UN regime of a `UN_LIST_TYPE` value (`DPRK` → UN-1718).
    pub fn un_regime_by_list_type(&self, list_type: &str) -> Option<&Regime> {
        self.by_list_type
            .get(&norm(list_type))
            .map(|&i| &self.regimes[i])
    }

    /// The programme (and its regime) that a designation's programme value
    /// `key` means for list kind `source`.
    pub fn programme(&self, source: SourceKind, key: &str) -> Option<(&Regime, &Programme)> {
        self.by_key
            .get(&(source, norm(key)))
            .map(|&(r, p)| (&self.regimes[r], &self.regimes[r].programmes[p]))
    }

    /// The programme (and its regime) of a sub-list name for list kind
    /// `source` (US CSL rows without programme).
    pub fn programme_by_list(
        &self,
        source: SourceKind,
        list: &str,
    ) -> Option<(&Regime, &Programme)> {
        self.by_list
            .get(&(source, norm(list)))
            .map(|&(r, p)| (&self.regimes[r], &self.regimes[r].programmes[p]))
    }

    /// Every topic used by a regime or a programme.
    pub fn topics(&self) -> BTreeSet<&str> {
        let mut t = BTreeSet::new();
        for r in &self.regimes {
            t.insert(r.topic.as_str());
            for p in &r.programmes {
                if let Some(x) = &p.topic {
                    t.insert(x.as_str());
                }
            }
        }
        t
    }

    /// Regimes for a user's query, as `embargo regimes show QUERY` needs: the
    /// regime whose id matches (any case); else every regime whose topic
    /// matches or that has a programme of that topic (`DPRK` → UN-1718,
    /// US-DPRK, UK-DPRK, JP-DPRK, JP-UN, KR-DPRK, EU-DPRK-UN, EU-DPRK-AUT,
    /// CN-UN-IMPL, AU-UN, AU-AUTONOMOUS).
    pub fn find(&self, query: &str) -> Vec<&Regime> {
        let q = query.trim();
        if let Some(r) = self.regimes.iter().find(|r| r.id.eq_ignore_ascii_case(q)) {
            return vec![r];
        }
        self.regimes
            .iter()
            .filter(|r| {
                r.topic.eq_ignore_ascii_case(q)
                    || r.programmes.iter().any(|p| {
                        p.topic
                            .as_deref()
                            .is_some_and(|t| t.eq_ignore_ascii_case(q))
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Catalogue> {
        Catalogue::from_toml("test.toml", text)
    }

    const MINI: &str = r#"
schema_version = 1
[[authority]]
id = "UNSC"
name = "UN"
jurisdiction = "un"
[[regime]]
id = "UN-1718"
name = "DPRK"
kind = "un"
authority = "UNSC"
topic = "DPRK"
founding = "UNSCR-1718"
un_prefixes = ["KP"]
un_list_type = "DPRK"
[[instrument]]
id = "UNSCR-1718"
regime = "UN-1718"
title = "resolution 1718"
kind = "resolution"
date = { text = "2006-10-14", unverified = true }
"#;

    #[test]
    fn shipped_catalogue_loads() {
        let c = Catalogue::from_toml(SHIPPED_NAME, SHIPPED).expect("valid");
        assert!(c.regime("UN-1718").is_some());
        assert_eq!(
            c.un_regime_by_prefix("KP").map(|r| r.id.as_str()),
            Some("UN-1718")
        );
        assert_eq!(
            c.un_regime_by_list_type("Al-Qaida").map(|r| r.id.as_str()),
            Some("UN-1267")
        );
        let (r, p) = c.programme(SourceKind::UsOfacSdn, "dprk2").expect("DPRK2");
        assert_eq!(r.id, "US-DPRK");
        assert!(p.secondary.is_some());
        let dprk: Vec<&str> = c.find("dprk").iter().map(|r| r.id.as_str()).collect();
        assert!(dprk.contains(&"UN-1718") && dprk.contains(&"US-DPRK") && dprk.contains(&"JP-UN"));
        assert_eq!(c.find("un-1718").len(), 1);
        // 2321 keeps its marks: the coal cap is verified, the Cu/Ni/Ag/Zn
        // paragraph is not.
        let i = c.instrument("UNSCR-2321").expect("2321");
        assert!(i.adds.iter().any(|a| a.unverified));
        assert!(i.adds.iter().any(|a| !a.unverified));
        assert_eq!(c.measures_of("UN-1718").count(), 32);
        let cap = c
            .measures()
            .iter()
            .find(|m| m.id == "UN1718-COAL-CAP-2321")
            .expect("coal cap");
        assert_eq!(cap.paragraph, Some(Citation::verified("26(b)")));
        assert_eq!(c.instruments_of("UN-1718").count(), 11);
    }

    #[test]
    fn mini_loads_and_keeps_marks() {
        let c = load(MINI).expect("valid");
        let r = c.regime("UN-1718").expect("regime");
        let f = c.founding_citation(r).expect("founding");
        assert!(f.unverified);
        assert_eq!(f.to_string(), "resolution 1718 of 2006-10-14 [unverified]");
    }

    #[test]
    fn unknown_key_is_rejected_naming_it() {
        let e = load(&MINI.replace("topic = \"DPRK\"", "topic = \"DPRK\"\ncolour = \"red\""))
            .expect_err("unknown key");
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn unknown_key_in_citation_is_rejected() {
        let e = load(&MINI.replace("unverified = true }", "unverified = true, by = \"me\" }"))
            .expect_err("unknown key");
        assert!(e.to_string().contains("by"), "{e}");
    }

    #[test]
    fn duplicate_id_is_rejected() {
        let text = format!(
            "{MINI}\n[[instrument]]\nid = \"UNSCR-1718\"\nregime = \"UN-1718\"\ntitle = \"again\"\nkind = \"resolution\"\n"
        );
        let e = load(&text).expect_err("duplicate");
        assert!(
            matches!(&e, Error::Duplicate { kind: "instrument", id, .. } if id == "UNSCR-1718"),
            "{e}"
        );
    }

    #[test]
    fn dangling_reference_is_rejected() {
        let e = load(&MINI.replace("founding = \"UNSCR-1718\"", "founding = \"UNSCR-9999\""))
            .expect_err("dangling");
        assert!(
            matches!(&e, Error::Dangling { item, target, .. } if item == "UN-1718" && target == "UNSCR-9999"),
            "{e}"
        );
        let e = load(&MINI.replace("authority = \"UNSC\"\ntopic", "authority = \"NOPE\"\ntopic"))
            .expect_err("dangling authority");
        assert!(e.to_string().contains("NOPE"), "{e}");
    }

    #[test]
    fn programme_rules_are_checked() {
        let text = format!(
            "{MINI}\n[[regime]]\nid = \"JP-X\"\nname = \"x\"\nkind = \"autonomous\"\nauthority = \"UNSC\"\ntopic = \"DPRK\"\nsources = [\"jp_mof\"]\nprogrammes = [{{ keys = [\"A\"], name = \"a\", instrument = \"i\", mode = \"mixed\" }}]\n"
        );
        let e = load(&text).expect_err("mixed without implements");
        assert!(e.to_string().contains("implements"), "{e}");
        let text = text.replace(
            "mode = \"mixed\"",
            "mode = \"mixed\", implements = [\"UN-9\"]",
        );
        let e = load(&text).expect_err("dangling implements");
        assert!(
            matches!(&e, Error::Dangling { target, .. } if target == "UN-9"),
            "{e}"
        );
        let text = text
            .replace("UN-9", "UN-1718")
            .replace("sources = [\"jp_mof\"]\n", "");
        let e = load(&text).expect_err("no sources");
        assert!(e.to_string().contains("no sources"), "{e}");
    }

    #[test]
    fn duplicate_programme_key_is_rejected() {
        let text = format!(
            "{MINI}\n[[regime]]\nid = \"JP-X\"\nname = \"x\"\nkind = \"autonomous\"\nauthority = \"UNSC\"\ntopic = \"DPRK\"\nsources = [\"jp_mof\"]\nprogrammes = [{{ keys = [\"A\"], name = \"a\", instrument = \"i\" }}, {{ keys = [\" a \"], name = \"b\", instrument = \"i\" }}]\n"
        );
        let e = load(&text).expect_err("duplicate key");
        assert!(
            matches!(
                &e,
                Error::Duplicate {
                    kind: "programme key",
                    ..
                }
            ),
            "{e}"
        );
    }
}
