//! A fact with its verification mark.
//!
//! The research behind the catalogue marks every value that was not checked
//! against a primary text. Dropping that mark would present a guess as law,
//! so it travels with the value into the API and every output.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A text (citation, date, description) and whether it is unverified.
///
/// In the data files a verified fact is a plain string and an unverified one
/// is a table `{ text = "...", unverified = true }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Citation {
    /// The text, e.g. `EO 13810 (2017-09-20); 31 CFR Part 510`.
    pub text: String,
    /// True when the fact was not checked against a primary source: show it
    /// as such.
    pub unverified: bool,
}

impl Citation {
    /// A verified citation.
    pub fn verified(text: impl Into<String>) -> Citation {
        Citation {
            text: text.into(),
            unverified: false,
        }
    }

    /// An unverified citation.
    pub fn unverified(text: impl Into<String>) -> Citation {
        Citation {
            text: text.into(),
            unverified: true,
        }
    }
}

impl fmt::Display for Citation {
    /// The text, followed by ` [unverified]` when it is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        if self.unverified {
            f.write_str(" [unverified]")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Citation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Citation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a table { text = \"...\", unverified = true }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Citation, E> {
                Ok(Citation::verified(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Citation, A::Error> {
                let mut text: Option<String> = None;
                let mut unverified: Option<bool> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value()?),
                        "unverified" if unverified.is_none() => {
                            unverified = Some(map.next_value()?)
                        }
                        "text" | "unverified" => return Err(de::Error::duplicate_field("text")),
                        other => {
                            return Err(de::Error::unknown_field(other, &["text", "unverified"]));
                        }
                    }
                }
                Ok(Citation {
                    text: text.ok_or_else(|| de::Error::missing_field("text"))?,
                    unverified: unverified.unwrap_or(false),
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}
