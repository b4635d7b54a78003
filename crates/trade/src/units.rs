//! Units of cap limits and reports.
//!
//! Only exact conversions are built in (kilogram ↔ tonne). A conversion
//! between barrels and tonnes depends on the product's density, so it is
//! never assumed: a cap must declare it in the catalogue, with its basis,
//! and the catalogue marks it unverified when it is not from the resolution.

use serde::Serialize;

/// Whether a unit measures money or goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A currency.
    Currency,
    /// A mass or volume.
    Quantity,
}

/// A unit the caps know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Unit {
    /// US dollars.
    #[serde(rename = "USD")]
    Usd,
    /// Metric tonnes.
    #[serde(rename = "t")]
    Tonne,
    /// Kilograms.
    #[serde(rename = "kg")]
    Kilogram,
    /// Barrels (42 US gallons).
    #[serde(rename = "bbl")]
    Barrel,
}

impl Unit {
    /// Every quantity unit.
    pub const QUANTITIES: [Unit; 3] = [Unit::Tonne, Unit::Kilogram, Unit::Barrel];

    /// Parse a unit name: `USD`; `t`, `tonne(s)`, `metric_ton(s)`, `mt`;
    /// `kg`; `bbl`, `barrel(s)`. Case-insensitive.
    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "usd" | "us$" => Some(Unit::Usd),
            "t" | "tonne" | "tonnes" | "metric_ton" | "metric_tons" | "metric ton"
            | "metric tons" | "mt" => Some(Unit::Tonne),
            "kg" | "kilogram" | "kilograms" => Some(Unit::Kilogram),
            "bbl" | "barrel" | "barrels" => Some(Unit::Barrel),
            _ => None,
        }
    }

    /// Canonical symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Usd => "USD",
            Unit::Tonne => "t",
            Unit::Kilogram => "kg",
            Unit::Barrel => "bbl",
        }
    }

    /// Currency or quantity.
    pub fn kind(self) -> UnitKind {
        match self {
            Unit::Usd => UnitKind::Currency,
            _ => UnitKind::Quantity,
        }
    }

    /// Exact factor from `self` to `to` without any commodity assumption:
    /// identity and kg ↔ t.
    pub fn si_factor(self, to: Unit) -> Option<f64> {
        match (self, to) {
            (a, b) if a == b => Some(1.0),
            (Unit::Kilogram, Unit::Tonne) => Some(0.001),
            (Unit::Tonne, Unit::Kilogram) => Some(1000.0),
            _ => None,
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_factors() {
        assert_eq!(Unit::parse("Tonnes"), Some(Unit::Tonne));
        assert_eq!(Unit::parse("barrels"), Some(Unit::Barrel));
        assert_eq!(Unit::parse("usd"), Some(Unit::Usd));
        assert_eq!(Unit::parse("pieces"), None);
        assert_eq!(Unit::Tonne.si_factor(Unit::Barrel), None);
        assert_eq!(Unit::Kilogram.si_factor(Unit::Tonne), Some(0.001));
    }
}
