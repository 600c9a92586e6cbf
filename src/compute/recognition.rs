//! 社会认可度: satisfied share per surveyed group and overall (Σ satisfied ÷ Σ valid).

use serde::Serialize;

use super::{ratio, total};
use crate::model::standards::{meets, Standards};
use crate::model::year::RecognitionGroup;

#[derive(Debug, Clone, Serialize)]
pub struct GroupRate {
    pub group: String,
    pub valid: u64,
    pub satisfied: u64,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recognition {
    pub groups: Vec<GroupRate>,
    pub valid: u64,
    pub satisfied: u64,
    /// Σ satisfied ÷ Σ valid; `None` without survey data.
    pub rate: Option<f64>,
    pub required: f64,
    pub met: Option<bool>,
}

pub fn recognition(groups: Option<&[RecognitionGroup]>, st: &Standards) -> Recognition {
    let groups: Vec<GroupRate> = groups
        .unwrap_or_default()
        .iter()
        .map(|g| GroupRate {
            group: g.group.clone(),
            valid: g.valid,
            satisfied: g.satisfied,
            rate: ratio(g.satisfied as f64, g.valid as f64),
        })
        .collect();
    let valid = total(groups.iter().map(|g| g.valid));
    let satisfied = total(groups.iter().map(|g| g.satisfied));
    let rate = ratio(satisfied as f64, valid as f64);
    Recognition {
        groups,
        valid,
        satisfied,
        rate,
        required: st.recognition_min,
        met: rate.map(|r| meets(r, st.recognition_min)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(group: &str, valid: u64, satisfied: u64) -> RecognitionGroup {
        RecognitionGroup {
            group: group.into(),
            valid,
            satisfied,
        }
    }

    #[test]
    fn overall_rate_pools_the_groups() {
        let st = Standards::default();
        let r = recognition(Some(&[g("学生", 600, 552), g("家长", 900, 801)]), &st);
        assert_eq!(r.rate, Some(1353.0 / 1500.0));
        assert_eq!(r.groups[0].rate, Some(0.92));
        assert_eq!(r.met, Some(true));
        let r = recognition(Some(&[g("学生", 100, 85)]), &st);
        assert_eq!(r.met, Some(true));
        let r = recognition(None, &st);
        assert_eq!((r.rate, r.met), (None, None));
    }
}
