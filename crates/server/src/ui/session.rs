//! UI sessions: an API key exchanged for a random session id held in an
//! HttpOnly, SameSite=Strict cookie; each session has its own CSRF token,
//! checked on every form post.
//!
//! Sessions live in the process (a restart signs everyone out). A session
//! keeps the key's SHA-256, never the key, and the key is looked up again
//! on every request: revoking it ends its sessions at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The cookie's name.
pub(crate) const COOKIE: &str = "embargo_session";

/// A session ends after this long without a request...
pub(crate) const IDLE: Duration = Duration::from_secs(30 * 60);
/// ...and after this long in any case.
pub(crate) const ABSOLUTE: Duration = Duration::from_secs(12 * 3600);

/// Sessions above this many: the oldest are dropped first (a flood of
/// sign-ins cannot grow memory without bound).
const MAX_SESSIONS: usize = 10_000;

/// One signed-in analyst.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// SHA-256 of the key signed in with (`None` without auth).
    pub key_hash: Option<String>,
    /// The token every form of this session carries.
    pub csrf: String,
    created: Instant,
    seen: Instant,
}

/// The server's sessions.
#[derive(Default)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

/// 32 random bytes, hex.
pub(crate) fn random_token() -> Result<String, String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b)
        .map_err(|e| format!("no random bytes from the operating system: {e}"))?;
    Ok(hex::encode(b))
}

/// Compares two tokens in time independent of where they differ.
pub(crate) fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Sessions {
    /// Opens a session; returns its id.
    pub fn create(&self, key_hash: Option<String>) -> Result<String, String> {
        let id = random_token()?;
        let now = Instant::now();
        let s = Session {
            key_hash,
            csrf: random_token()?,
            created: now,
            seen: now,
        };
        let mut map = self
            .map
            .lock()
            .map_err(|_| "session table poisoned".to_string())?;
        map.retain(|_, s| live(s, now));
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.seen)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(id.clone(), s);
        Ok(id)
    }

    /// The live session with this id, its idle clock restarted.
    pub fn get(&self, id: &str) -> Option<Session> {
        let now = Instant::now();
        let mut map = self.map.lock().ok()?;
        let s = map.get_mut(id)?;
        if !live(s, now) {
            map.remove(id);
            return None;
        }
        s.seen = now;
        Some(s.clone())
    }

    /// Ends a session.
    pub fn remove(&self, id: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(id);
        }
    }
}

fn live(s: &Session, now: Instant) -> bool {
    now.duration_since(s.seen) < IDLE && now.duration_since(s.created) < ABSOLUTE
}

/// The session id in a request's `Cookie` header.
pub(crate) fn cookie_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

/// `Set-Cookie` for a session id (empty with `max_age` 0: sign-out).
/// `Secure` when the request came over TLS (a proxy in front says so with
/// `X-Forwarded-Proto: https`).
pub(crate) fn set_cookie(id: &str, secure: bool, max_age: Duration) -> String {
    format!(
        "{COOKIE}={id}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age={}{}",
        max_age.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_random_found_and_ended() {
        let s = Sessions::default();
        let a = s.create(Some("h".into())).unwrap();
        let b = s.create(None).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        let got = s.get(&a).unwrap();
        assert_eq!(got.key_hash.as_deref(), Some("h"));
        assert_ne!(got.csrf, s.get(&b).unwrap().csrf);
        s.remove(&a);
        assert!(s.get(&a).is_none());
        assert!(s.get("not-a-session").is_none());
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
    }

    #[test]
    fn the_cookie_is_strict_and_http_only() {
        let c = set_cookie("x", true, IDLE);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(!set_cookie("x", false, IDLE).contains("Secure"));
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            "a=1; embargo_session=abc".parse().unwrap(),
        );
        assert_eq!(cookie_of(&h), Some("abc"));
    }
}
