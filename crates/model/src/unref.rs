use serde::{Deserialize, Serialize};
use std::fmt;

/// A UN Security Council sanctions reference number such as `KPi.033`:
/// a two-letter regime prefix, `i` (individual) or `e` (entity), a dot and
/// digits. Built only by [`UnRef::parse`], so a value is always trimmed and in
/// the UN's own casing (`KPI.067` becomes `KPi.067`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnRef(String);

/// Why a text is not a UN reference number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a UN reference number (expected e.g. `KPi.033`)")]
pub struct UnRefError(pub String);

impl UnRef {
    /// Parses and normalises a reference: trims, fixes case, accepts a missing
    /// or doubled separator (`KPi 033`, `KPi..033`). Digits are kept as written:
    /// a truncated `QDi.43` parses but [`UnRef::is_canonical`] is false, and a
    /// linker must only accept it when it resolves.
    pub fn parse(text: &str) -> Result<UnRef, UnRefError> {
        let t = text.trim().trim_end_matches(['.', ',', ';', ')']);
        let err = || UnRefError(text.trim().to_string());
        let mut chars = t.chars();
        let (a, b, c) = match (chars.next(), chars.next(), chars.next()) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => return Err(err()),
        };
        if !(a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) {
            return Err(err());
        }
        let kind = match c {
            'i' | 'I' => 'i',
            'e' | 'E' => 'e',
            _ => return Err(err()),
        };
        let rest = chars.as_str().trim_start_matches(['.', ' ', '\u{a0}']);
        if rest.is_empty() || rest.len() > 4 || !rest.bytes().all(|d| d.is_ascii_digit()) {
            return Err(err());
        }
        Ok(UnRef(format!(
            "{}{}{}.{}",
            a.to_ascii_uppercase(),
            b.to_ascii_uppercase(),
            kind,
            rest
        )))
    }

    /// Regime prefixes the UN has used in reference numbers (current lists,
    /// plus Mali, Côte d'Ivoire and Liberia, whose regimes have ended).
    pub const KNOWN_PREFIXES: [&'static str; 17] = [
        "CD", "CF", "CI", "GB", "HT", "IQ", "IR", "KP", "LR", "LY", "ML", "QD", "SD", "SO", "SS",
        "TA", "YE",
    ];

    /// Finds every UN reference number inside free text such as
    /// `"UN Ref QDe.004. Emir of ..."` or `"UN Ref.KPI.067"`. Only known
    /// regime prefixes count, so `BAe 146` (an aircraft) or `AVE 63` (an
    /// address) are not taken for references.
    pub fn find_all(text: &str) -> Vec<UnRef> {
        let bytes = text.as_bytes();
        let mut out: Vec<UnRef> = Vec::new();
        let mut i = 0;
        while i + 4 <= bytes.len() {
            let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if boundary
                && bytes[i].is_ascii_alphabetic()
                && bytes[i + 1].is_ascii_alphabetic()
                && matches!(bytes[i + 2], b'i' | b'I' | b'e' | b'E')
            {
                let mut j = i + 3;
                while j < bytes.len() && matches!(bytes[j], b'.' | b' ') && j < i + 5 {
                    j += 1;
                }
                let start = j;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                let digits = j - start;
                let end_ok = j == bytes.len() || !bytes[j].is_ascii_alphanumeric();
                if start > i + 3 && (2..=4).contains(&digits) && end_ok {
                    // `start > i + 3`: a separator is required, so words such as
                    // "USE123" are not taken for references.
                    if let Ok(r) = UnRef::parse(&text[i..j])
                        && UnRef::KNOWN_PREFIXES.contains(&r.prefix())
                        && !out.contains(&r)
                    {
                        out.push(r);
                    }
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    /// The normalised text, e.g. `KPi.033`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter regime prefix, e.g. `KP`.
    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }

    /// True for an individual (`i`), false for an entity (`e`).
    pub fn is_individual(&self) -> bool {
        self.0.as_bytes()[2] == b'i'
    }

    /// True when the number has the UN's usual three digits.
    pub fn is_canonical(&self) -> bool {
        self.0.len() == 7
    }
}

impl fmt::Display for UnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UnRef {
    type Error = UnRefError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UnRef::parse(&s)
    }
}

impl From<UnRef> for String {
    fn from(r: UnRef) -> String {
        r.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(UnRef::parse(" KPI.067 ").map(|r| r.0), Ok("KPi.067".into()));
        assert_eq!(UnRef::parse("QDe.004.").map(|r| r.0), Ok("QDe.004".into()));
        assert_eq!(UnRef::parse("kpe 001").map(|r| r.0), Ok("KPe.001".into()));
        assert!(UnRef::parse("QDi.43").is_ok_and(|r| !r.is_canonical()));
        assert!(UnRef::parse("KPx.001").is_err());
        assert!(UnRef::parse("KPi.").is_err());
        assert!(UnRef::parse("").is_err());
    }

    #[test]
    fn finds_refs_in_text() {
        let found = UnRef::find_all("UN Ref QDe.004. Emir for the eastern zone");
        assert_eq!(found, vec![UnRef("QDe.004".into())]);
        let found = UnRef::find_all("(UN Ref.KPI.067): also KPe.001");
        assert_eq!(
            found,
            vec![UnRef("KPi.067".into()), UnRef("KPe.001".into())]
        );
        assert!(UnRef::find_all("Passport USE123 issued").is_empty());
        assert!(UnRef::find_all("UN REF:QE.A.146.14.").is_empty());
        assert!(UnRef::find_all("aircraft BAe 146; AVE 63").is_empty());
    }
}
