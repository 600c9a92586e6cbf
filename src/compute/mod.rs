//! Compute stage: pure functions from a loaded project to one [`Report`].
//!
//! Nothing here reads files or formats numbers for display; every threshold is
//! read from `project.standards`.

pub mod assurance;
pub mod basics;
pub mod items;
pub mod plan;
pub mod quality;
pub mod recognition;
pub mod report;
pub mod resource;
pub mod sections;
pub mod summary;
pub mod verdict;

pub use report::{compute, Report, YearReport};
pub use sections::{
    counted_section_counts, counted_section_counts_by_year, counted_sections, Sections,
};

use serde::Serialize;

/// `num / den`, or `None` when the denominator is 0 (or the result is not finite).
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    if den == 0.0 {
        return None;
    }
    finite(num / den)
}

/// The sum of counts, saturating instead of overflowing on absurd input.
pub fn total(counts: impl IntoIterator<Item = u64>) -> u64 {
    counts.into_iter().fold(0, u64::saturating_add)
}

/// The value when it is finite: NaN and ∞ never reach the report.
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// A note about the computation (a section left out, a CV that cannot be computed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub year: Option<u16>,
    pub school: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn year(year: u16, message: impl Into<String>) -> Self {
        Warning {
            year: Some(year),
            school: None,
            message: message.into(),
        }
    }
    pub fn school(year: u16, school: &str, message: impl Into<String>) -> Self {
        Warning {
            year: Some(year),
            school: Some(school.to_string()),
            message: message.into(),
        }
    }
}

/// Serialize indicators by their pinned keys (`qualified_teachers_per_100`, …).
pub mod indicator_keys {
    use std::collections::BTreeMap;

    use serde::{Serialize, Serializer};

    use crate::model::standards::Indicator;

    pub fn map<S: Serializer, T: Serialize>(
        m: &BTreeMap<Indicator, T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, v)| (k.key(), v)))
    }

    pub fn list<S: Serializer>(v: &[Indicator], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|i| i.key()))
    }
}
