//! The shape shared by government-assurance and education-quality items: a
//! requirement, measured values against required ones, failing schools and
//! evidence documents.

use serde::Serialize;

use super::ratio;
use crate::model::standards::{meets, within};
use crate::model::year::{CountyYear, Document, Evidence};

/// A share as a percentage for reason texts (one decimal: `0.9512` → `95.1%`; `—` without data).
pub fn percent(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |r| {
        format!("{}%", (r * 1000.0).round() / 10.0)
    })
}

/// How a measured value is compared with its requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Cmp {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "<")]
    Below,
}

impl Cmp {
    pub fn check(self, value: f64, required: f64) -> bool {
        match self {
            Cmp::AtLeast => meets(value, required),
            Cmp::AtMost => within(value, required),
            Cmp::Below => value < required,
        }
    }
}

/// One measured figure of an item (a rate, an amount) against its requirement.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Stable English key: `rate`, `primary`, `backbone_share`, …
    pub key: String,
    /// What it is, in Chinese.
    pub label: String,
    /// `None`: no data.
    pub value: Option<f64>,
    pub cmp: Cmp,
    pub required: f64,
    /// `true` when `value` is a share (0–1), to be shown as a percentage.
    pub is_share: bool,
    pub met: Option<bool>,
    /// `false` for a figure shown beside the item for information only (the
    /// plan's primary retention beside the national junior item): it never
    /// decides the item, and `met` is `None`.
    pub counted: bool,
    /// The county declared this figure not applicable (`county.not_applicable`).
    pub not_applicable: bool,
}

impl Measure {
    pub fn new(key: &str, label: &str, value: Option<f64>, cmp: Cmp, required: f64) -> Self {
        Measure {
            key: key.to_string(),
            label: label.to_string(),
            value,
            cmp,
            required,
            is_share: false,
            met: value.map(|v| cmp.check(v, required)),
            counted: true,
            not_applicable: false,
        }
    }
    /// A figure the county declared not applicable: shown as 不适用, never judged.
    pub fn not_applicable(key: &str, label: &str, cmp: Cmp, required: f64) -> Self {
        Measure {
            counted: false,
            not_applicable: true,
            ..Measure::new(key, label, None, cmp, required)
        }
    }
    /// This figure for information only: shown, never judged.
    pub fn for_information(self) -> Self {
        Measure {
            met: None,
            counted: false,
            ..self
        }
    }
    /// A share `num / den` (no data when `den` is 0).
    pub fn share(key: &str, label: &str, num: f64, den: f64, cmp: Cmp, required: f64) -> Self {
        Measure {
            is_share: true,
            ..Measure::new(key, label, ratio(num, den), cmp, required)
        }
    }
}

/// A school that does not meet an item.
#[derive(Debug, Clone, Serialize)]
pub struct Failing {
    pub school: String,
    pub name: String,
    /// Why, in Chinese.
    pub reason: String,
}

/// An item judged on documents, as recorded in `county.evidence`.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceResult {
    pub id: String,
    pub requirement: String,
    /// `None`: not recorded.
    pub met: Option<bool>,
    pub documents: Vec<Document>,
    pub note: Option<String>,
}

/// The evidence item `id` of the year's county data.
pub fn evidence(county: &CountyYear, id: &str, requirement: &str) -> EvidenceResult {
    let e: Option<&Evidence> = county.evidence.as_ref().and_then(|m| m.get(id));
    EvidenceResult {
        id: id.to_string(),
        requirement: requirement.to_string(),
        met: e.map(|e| e.met),
        documents: e.map(|e| e.documents.clone()).unwrap_or_default(),
        note: e.and_then(|e| e.note.clone()).filter(|n| !n.is_empty()),
    }
}

/// An assessment item (government assurance or education quality).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub requirement: String,
    /// `None`: no data (暂无数据).
    pub met: Option<bool>,
    pub measures: Vec<Measure>,
    /// Schools that do not meet it.
    pub failing: Vec<Failing>,
    /// Schools without the data the item needs.
    pub no_data: Vec<Failing>,
    pub evidence: Vec<EvidenceResult>,
    /// Per-school or per-class detail of the item, where it has one.
    pub detail: Option<Detail>,
    /// Everything the item judges was declared not applicable (不适用): `met`
    /// is `None`, and the item counts neither as met nor against the verdict.
    pub not_applicable: bool,
}

/// The per-school detail of an item, tagged by `kind`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    Rooms(super::assurance::RoomsDetail),
    SchoolSize(super::assurance::SchoolSizeDetail),
    ClassSize(super::assurance::ClassSizeDetail),
    SmallSchoolFunding(super::assurance::FundingDetail),
    Certification(super::assurance::CertificationDetail),
    TrainingFunds(super::quality::TrainingFundsDetail),
    Monitoring(super::quality::MonitoringDetail),
}

/// All parts met → met; any not met → not met; otherwise (something missing) no data.
pub fn all_met(parts: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut missing = false;
    for p in parts {
        match p {
            Some(false) => return Some(false),
            None => missing = true,
            Some(true) => {}
        }
    }
    (!missing).then_some(true)
}

impl Item {
    pub fn new(id: &str, requirement: &str) -> Self {
        Item {
            id: id.to_string(),
            requirement: requirement.to_string(),
            met: None,
            measures: Vec::new(),
            failing: Vec::new(),
            no_data: Vec::new(),
            evidence: Vec::new(),
            detail: None,
            not_applicable: false,
        }
    }

    /// Settle `met` from the measures, evidence, failing schools and schools without data.
    pub fn settle(mut self) -> Self {
        let mut parts: Vec<Option<bool>> = self
            .measures
            .iter()
            .filter(|m| m.counted)
            .map(|m| m.met)
            .collect();
        parts.extend(self.evidence.iter().map(|e| e.met));
        if !self.failing.is_empty() {
            parts.push(Some(false));
        }
        if !self.no_data.is_empty() {
            parts.push(None);
        }
        self.not_applicable = parts.is_empty()
            && self.failing.is_empty()
            && self.measures.iter().any(|m| m.not_applicable);
        self.met = if self.not_applicable {
            None
        } else if parts.is_empty() {
            Some(true)
        } else {
            all_met(parts)
        };
        self
    }

    /// `met`, `not_met`, `no_data` or `not_applicable`: the item's state as one stable word.
    pub fn status(&self) -> &'static str {
        if self.not_applicable {
            return "not_applicable";
        }
        match self.met {
            Some(true) => "met",
            Some(false) => "not_met",
            None => "no_data",
        }
    }

    /// Whether the item is judged school by school (its failing schools are listed).
    pub fn per_school(&self) -> bool {
        matches!(
            self.detail,
            Some(
                Detail::Rooms(_)
                    | Detail::SchoolSize(_)
                    | Detail::ClassSize(_)
                    | Detail::SmallSchoolFunding(_)
                    | Detail::Certification(_)
                    | Detail::TrainingFunds(_)
            )
        )
    }

    /// An item judged on its evidence alone.
    pub fn from_evidence(county: &CountyYear, id: &str, requirement: &str) -> Self {
        let mut item = Item::new(id, requirement);
        item.evidence.push(evidence(county, id, requirement));
        item.settle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_met_is_three_valued() {
        assert_eq!(all_met([Some(true), Some(true)]), Some(true));
        assert_eq!(all_met([Some(true), None]), None);
        assert_eq!(all_met([None, Some(false)]), Some(false));
    }

    #[test]
    fn measures_compare_with_tolerance() {
        let m = Measure::share("rate", "比例", 95.0, 100.0, Cmp::AtLeast, 0.95);
        assert_eq!(m.met, Some(true));
        let m = Measure::share("rate", "比例", 1.0, 0.0, Cmp::AtLeast, 0.95);
        assert_eq!((m.value, m.met), (None, None));
        assert_eq!(
            Measure::new("d", "差异率", Some(0.15), Cmp::Below, 0.15).met,
            Some(false)
        );
    }
}
