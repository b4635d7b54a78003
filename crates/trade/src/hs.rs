//! HS codes and how a shipment's code meets a measure's prefix.
//!
//! Measures name goods by HS prefixes (chapter `27`, heading `2701`, or a
//! national 8-digit line like `27101921`). A shipment's code matches when it
//! starts with the prefix. When the shipment's code is *shorter* than the
//! prefix and is itself a prefix of it (`2710.19` against `27101921`), the
//! engine cannot tell: that is an ambiguous match, and the verdict asks for a
//! more precise code rather than guessing either way.

/// A normalised HS code of a shipment: digits only, 2 to 12 of them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct HsCode(String);

impl HsCode {
    /// Parse `2701.12`, `2701 12 00`, `270112`: digits with optional dots,
    /// spaces or dashes. `None` if anything else is present or the digit
    /// count is outside 2..=12.
    pub fn parse(s: &str) -> Option<HsCode> {
        let mut digits = String::new();
        for c in s.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | ' ' | '-' => {}
                _ => return None,
            }
        }
        (2..=12).contains(&digits.len()).then_some(HsCode(digits))
    }

    /// The digits.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// A measure's HS prefix: digits, or every good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HsPrefix {
    /// `*`: every good.
    All,
    /// A digit prefix.
    Digits(String),
}

/// How a shipment's code meets a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HsMatch {
    /// The code is within the prefix.
    Yes,
    /// The code is coarser than the prefix and could be inside or outside.
    Ambiguous,
    /// The code is outside the prefix.
    No,
}

impl HsPrefix {
    /// Parse `*` or 2 to 10 digits.
    pub fn parse(s: &str) -> Option<HsPrefix> {
        let s = s.trim();
        if s == "*" {
            return Some(HsPrefix::All);
        }
        (s.bytes().all(|b| b.is_ascii_digit()) && (2..=10).contains(&s.len()))
            .then(|| HsPrefix::Digits(s.to_string()))
    }

    /// How `code` meets this prefix.
    pub fn matches(&self, code: &HsCode) -> HsMatch {
        match self {
            HsPrefix::All => HsMatch::Yes,
            HsPrefix::Digits(p) => {
                if code.0.starts_with(p.as_str()) {
                    HsMatch::Yes
                } else if p.starts_with(code.0.as_str()) {
                    HsMatch::Ambiguous
                } else {
                    HsMatch::No
                }
            }
        }
    }

    /// As written in the catalogue.
    pub fn as_str(&self) -> &str {
        match self {
            HsPrefix::All => "*",
            HsPrefix::Digits(d) => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> HsCode {
        HsCode::parse(s).expect("code")
    }

    #[test]
    fn parse_codes() {
        assert_eq!(code("2701.12").digits(), "270112");
        assert_eq!(code(" 2710 19 21 ").digits(), "27101921");
        assert!(HsCode::parse("2").is_none());
        assert!(HsCode::parse("27a1").is_none());
        assert!(HsCode::parse("").is_none());
        assert!(HsPrefix::parse("27x").is_none());
        assert!(HsPrefix::parse("1").is_none());
    }

    #[test]
    fn prefix_matching() {
        let p = HsPrefix::parse("2701").expect("p");
        assert_eq!(p.matches(&code("2701.12")), HsMatch::Yes);
        assert_eq!(p.matches(&code("2702")), HsMatch::No);
        assert_eq!(p.matches(&code("27")), HsMatch::Ambiguous);
        let jet = HsPrefix::parse("27101921").expect("p");
        assert_eq!(jet.matches(&code("2710.19")), HsMatch::Ambiguous);
        assert_eq!(jet.matches(&code("2710.19.43")), HsMatch::No);
        assert_eq!(HsPrefix::All.matches(&code("01")), HsMatch::Yes);
    }
}
