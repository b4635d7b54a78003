//! Jurisdiction profiles: which designations bind whom. The shipped
//! catalogue, optionally extended by a user's TOML file; the same profiles
//! decide screening matches and, by their `trade_regimes`, which goods
//! measures bind a shipment. This is where the profiles meet the
//! goods-measures catalogue: [`load`] checks every profile's trade regimes
//! against it.

use crate::{Error, Result};
use embargo_trade::{Binding, Measures};
use std::borrow::Cow;
use std::path::Path;

pub use embargo_regimes::{BasisKind, Class, Origin, Profile, Profiles};

/// The shipped profiles, plus the user's file if given. In a user's file, a
/// trade regime the goods-measures catalogue does not have is an error
/// naming the file, the profile, the regime and the known regimes. The
/// shipped profiles are pinned against the shipped catalogue by tests
/// (`tests/trade_profiles.rs`), so loading them does not parse the
/// goods-measures catalogue: screening never needs it.
pub fn load(user_file: Option<&Path>) -> Result<Cow<'static, Profiles>> {
    Ok(match user_file {
        Some(f) => {
            let profiles = Profiles::load_user(f)?;
            check_trade_regimes(&profiles)?;
            Cow::Owned(profiles)
        }
        None => Cow::Borrowed(Profiles::shipped()),
    })
}

/// Every user-defined profile's trade regimes are regimes of the
/// goods-measures catalogue. A profile without trade regimes passes: it can
/// screen, and [`crate::shipments::check_shipment`] refuses a shipment
/// under it.
fn check_trade_regimes(profiles: &Profiles) -> Result<()> {
    for p in profiles.all() {
        let Origin::User(file) = &p.origin else {
            continue;
        };
        if p.trade_regimes.is_empty() {
            continue;
        }
        trade_binding(p)
            .validate(measures()?)
            .map_err(|source| Error::ProfileTrade {
                file: file.clone(),
                source,
            })?;
    }
    Ok(())
}

/// The trade regimes binding a shipment checked under a profile.
pub fn trade_binding(profile: &Profile) -> Binding<'_> {
    Binding {
        profile: &profile.id,
        regimes: &profile.trade_regimes,
    }
}

/// The goods-measures catalogue.
pub(crate) fn measures() -> Result<&'static Measures> {
    Measures::builtin().map_err(|e| Error::Measures(e.to_string()))
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
