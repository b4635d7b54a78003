use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of thing an entity is, named as in FollowTheMoney.
///
/// FtM calls aircraft `Airplane`; embargo serialises that name and also
/// accepts `Aircraft` on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Schema {
    /// A natural person.
    Person,
    /// An organisation that is not (known to be) a company.
    Organization,
    /// A company.
    Company,
    /// Any legal entity when the list does not say which kind.
    LegalEntity,
    /// A ship.
    Vessel,
    /// An aircraft (FtM `Airplane`).
    #[serde(alias = "Aircraft")]
    Airplane,
}

impl Schema {
    /// All schemas, in a stable order.
    pub const ALL: [Schema; 6] = [
        Schema::Person,
        Schema::Organization,
        Schema::Company,
        Schema::LegalEntity,
        Schema::Vessel,
        Schema::Airplane,
    ];

    /// The FtM schema name.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::LegalEntity => "LegalEntity",
            Schema::Vessel => "Vessel",
            Schema::Airplane => "Airplane",
        }
    }

    /// True for schemas that are legal entities in FtM's hierarchy
    /// (`Person`, `Organization`, `Company` all extend `LegalEntity`).
    pub fn is_legal_entity(self) -> bool {
        matches!(
            self,
            Schema::Person | Schema::Organization | Schema::Company | Schema::LegalEntity
        )
    }

    /// Whether an entity of schema `other` may be the same thing as a query of
    /// schema `self`, following FtM's hierarchy (`LegalEntity` matches any
    /// person or organisation; `Organization` matches `Company`).
    pub fn compatible_with(self, other: Schema) -> bool {
        use Schema::*;
        match (self, other) {
            (a, b) if a == b => true,
            (LegalEntity, b) | (b, LegalEntity) => b.is_legal_entity(),
            (Organization, Company) | (Company, Organization) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown schema name.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "unknown schema `{0}` (expected one of Person, Organization, Company, LegalEntity, Vessel, Airplane)"
)]
pub struct UnknownSchema(pub String);

impl FromStr for Schema {
    type Err = UnknownSchema;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Ok(match t.to_ascii_lowercase().as_str() {
            "person" | "individual" => Schema::Person,
            "organization" | "organisation" | "entity" => Schema::Organization,
            "company" => Schema::Company,
            "legalentity" | "legal_entity" | "thing" => Schema::LegalEntity,
            "vessel" | "ship" => Schema::Vessel,
            "airplane" | "aircraft" => Schema::Airplane,
            _ => return Err(UnknownSchema(t.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_aliases_and_roundtrips() {
        assert_eq!("Aircraft".parse::<Schema>().ok(), Some(Schema::Airplane));
        for s in Schema::ALL {
            assert_eq!(s.as_str().parse::<Schema>().ok(), Some(s));
        }
        assert!("Banana".parse::<Schema>().is_err());
    }

    #[test]
    fn compatibility_follows_hierarchy() {
        assert!(Schema::LegalEntity.compatible_with(Schema::Person));
        assert!(Schema::Organization.compatible_with(Schema::Company));
        assert!(!Schema::Person.compatible_with(Schema::Vessel));
        assert!(!Schema::Person.compatible_with(Schema::Organization));
    }
}
