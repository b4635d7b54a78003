//! Temporary stub of the names API (replaced by the names branch).
#![allow(missing_docs)]

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Person,
    Organization,
    Vessel,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRole {
    Name,
    LegalForm,
    Title,
    Stopword,
    Initial,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub keys: Vec<String>,
    pub role: TokenRole,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenMatch {
    pub score: f32,
    pub reason: &'static str,
}

pub fn fold(text: &str) -> String {
    text.to_lowercase()
}
pub fn latinize(text: &str) -> String {
    fold(text)
}

pub fn tokenize(name: &str, _kind: NameKind) -> Vec<Token> {
    latinize(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| Token {
            text: t.to_string(),
            keys: vec![],
            role: if t.chars().count() == 1 {
                TokenRole::Initial
            } else {
                TokenRole::Name
            },
        })
        .collect()
}

pub fn token_similarity(a: &Token, b: &Token) -> TokenMatch {
    if a.text == b.text {
        return TokenMatch {
            score: 1.0,
            reason: "exact",
        };
    }
    if a.keys.iter().any(|k| b.keys.contains(k)) {
        return TokenMatch {
            score: 0.92,
            reason: "variant",
        };
    }
    let s = strsim::normalized_levenshtein(&a.text, &b.text) as f32;
    TokenMatch {
        score: s,
        reason: "edit",
    }
}
