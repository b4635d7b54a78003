use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An official list format embargo can import. The snake-case names
/// (`un_sc`, `us_ofac_sdn`, ...) are used everywhere: CLI, API and the
/// `source` field of every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// UN Security Council Consolidated List (XML).
    UnSc,
    /// US Treasury OFAC Specially Designated Nationals list (legacy CSV or XML).
    UsOfacSdn,
    /// US Treasury OFAC consolidated non-SDN lists (XML or CSV).
    UsOfacCons,
    /// UK HM Treasury OFSI consolidated list (`ConList.csv`).
    GbOfsi,
    /// Japan Ministry of Finance asset-freeze list (Excel).
    JpMof,
    /// Canada Special Economic Measures Act consolidated list (XML).
    CaSema,
    /// Australia DFAT consolidated list (Excel).
    AuDfat,
    /// US trade.gov Consolidated Screening List (CSV).
    UsCsl,
}

impl SourceKind {
    /// Every kind, in a stable order.
    pub const ALL: [SourceKind; 8] = [
        SourceKind::UnSc,
        SourceKind::UsOfacSdn,
        SourceKind::UsOfacCons,
        SourceKind::GbOfsi,
        SourceKind::JpMof,
        SourceKind::CaSema,
        SourceKind::AuDfat,
        SourceKind::UsCsl,
    ];

    /// The stable snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::UnSc => "un_sc",
            SourceKind::UsOfacSdn => "us_ofac_sdn",
            SourceKind::UsOfacCons => "us_ofac_cons",
            SourceKind::GbOfsi => "gb_ofsi",
            SourceKind::JpMof => "jp_mof",
            SourceKind::CaSema => "ca_sema",
            SourceKind::AuDfat => "au_dfat",
            SourceKind::UsCsl => "us_csl",
        }
    }

    /// The publishing authority, as shown to users.
    pub fn authority(self) -> &'static str {
        match self {
            SourceKind::UnSc => "UN Security Council",
            SourceKind::UsOfacSdn | SourceKind::UsOfacCons => "US Treasury OFAC",
            SourceKind::GbOfsi => "UK HM Treasury OFSI",
            SourceKind::JpMof => "Japan Ministry of Finance",
            SourceKind::CaSema => "Global Affairs Canada",
            SourceKind::AuDfat => "Australia DFAT",
            SourceKind::UsCsl => "US Government (trade.gov CSL)",
        }
    }

    /// A short human title for the list.
    pub fn title(self) -> &'static str {
        match self {
            SourceKind::UnSc => "UN Security Council Consolidated List",
            SourceKind::UsOfacSdn => "OFAC Specially Designated Nationals (SDN) List",
            SourceKind::UsOfacCons => "OFAC Consolidated Non-SDN Lists",
            SourceKind::GbOfsi => "UK OFSI Consolidated List of Financial Sanctions Targets",
            SourceKind::JpMof => "Japan MOF list of persons subject to asset freeze",
            SourceKind::CaSema => "Canada Consolidated Autonomous Sanctions List (SEMA)",
            SourceKind::AuDfat => "Australia DFAT Consolidated List",
            SourceKind::UsCsl => "US Consolidated Screening List",
        }
    }

    /// ISO country code of the issuing jurisdiction (`None` for the UN).
    pub fn jurisdiction(self) -> Option<&'static str> {
        match self {
            SourceKind::UnSc => None,
            SourceKind::UsOfacSdn | SourceKind::UsOfacCons | SourceKind::UsCsl => Some("us"),
            SourceKind::GbOfsi => Some("gb"),
            SourceKind::JpMof => Some("jp"),
            SourceKind::CaSema => Some("ca"),
            SourceKind::AuDfat => Some("au"),
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown source kind name.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "unknown list kind `{0}` (expected one of un_sc, us_ofac_sdn, us_ofac_cons, gb_ofsi, jp_mof, ca_sema, au_dfat, us_csl)"
)]
pub struct UnknownSource(pub String);

impl FromStr for SourceKind {
    type Err = UnknownSource;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownSource(t.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_roundtrip() {
        for k in SourceKind::ALL {
            assert_eq!(k.as_str().parse::<SourceKind>().ok(), Some(k));
            let json = serde_json::to_string(&k).expect("serialise");
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert!("eu_fsf".parse::<SourceKind>().is_err());
    }
}
