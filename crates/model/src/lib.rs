//! embargo's data model.
//!
//! An [`Entity`] is a listed person, organisation, vessel or aircraft in
//! FollowTheMoney (FtM) shape: a stable `id`, a [`Schema`] and a map of
//! FtM-named properties (`name`, `alias`, `birthDate`, ...), each a list of
//! strings. Every entity carries one or more [`Designation`]s saying who listed
//! it, under which programme, with which reference.
//!
//! This crate does no I/O; parsers (`embargo-sources`) build these values and
//! everything downstream reads them.
//!
//! ```
//! use embargo_model::{Entity, Schema, prop};
//! let mut e = Entity::new("un_sc:KPi.033", Schema::Person);
//! e.add(prop::NAME, " RI WON HO ");
//! assert_eq!(e.first(prop::NAME), Some("RI WON HO"));
//! ```
#![warn(missing_docs)]

pub mod country;
mod designation;
mod entity;
pub mod prop;
mod schema;
mod source;
mod unref;

pub use designation::Designation;
pub use entity::{Entity, Properties};
pub use schema::Schema;
pub use source::SourceKind;
pub use unref::{UnRef, UnRefError};
