//! The state of one check that every stage reads and adds to: the shipment,
//! its date, the catalogue, the screening summary and the missing data found
//! so far.

use super::verdict::{Missing, ScreeningSummary};
use crate::catalogue::Measures;
use crate::shipment::Shipment;
use chrono::NaiveDate;

pub(super) struct Ctx<'a> {
    pub(super) s: &'a Shipment,
    pub(super) date: NaiveDate,
    pub(super) measures: &'a Measures,
    pub(super) screening: &'a ScreeningSummary,
    pub(super) missing: Vec<Missing>,
}

impl Ctx<'_> {
    pub(super) fn miss(&mut self, field: impl Into<String>, detail: impl Into<String>) {
        let field = field.into();
        if !self.missing.iter().any(|m| m.field == field) {
            self.missing.push(Missing {
                field,
                detail: detail.into(),
            });
        }
    }
}
