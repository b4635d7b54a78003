//! Jurisdiction profiles: which designations bind whom. The shipped
//! catalogue, optionally extended by a user's TOML file; the same profiles
//! decide screening matches and which goods measures bind a shipment.

use crate::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

pub use embargo_regimes::{BasisKind, Class, Profile, Profiles};

/// The shipped profiles, plus the user's file if given.
pub fn load(user_file: Option<&Path>) -> Result<Cow<'static, Profiles>> {
    Ok(match user_file {
        Some(f) => Cow::Owned(Profiles::load_user(f)?),
        None => Cow::Borrowed(Profiles::shipped()),
    })
}

/// A profile by id, or an error listing the ids defined.
pub fn get<'p>(profiles: &'p Profiles, id: &str) -> Result<&'p Profile> {
    profiles.get(id).ok_or_else(|| Error::UnknownProfile {
        id: id.to_string(),
        known: profiles.all().iter().map(|p| p.id.clone()).collect(),
    })
}

/// The `all` profile (everything informational, every class decides), used
/// when no profile is chosen.
pub fn default_profile() -> &'static Profile {
    Profiles::shipped()
        .get("all")
        .expect("the shipped profiles include `all`")
}
