//! 教育质量: the 9 education-quality items.

use serde::Serialize;

use super::assurance::{no_share, SchoolFacts};
use super::items::{percent, Cmp, Detail, Failing, Item, Measure};
use super::ratio;
use super::sections::school_entries;
use crate::load::Project;
use crate::model::items::requirement;
use crate::model::standards::{meets, RetentionFormula, Standards};
use crate::model::year::{Monitoring, NotApplicable, Retention, YearData};
use crate::model::Level;

/// The retention rate by the configured formula; `None` when the cohort (less deaths) is 0.
pub fn retention_rate(r: &Retention, formula: RetentionFormula) -> Option<f64> {
    let den = r.cohort as f64 - r.deaths as f64;
    if den <= 0.0 {
        return None;
    }
    let num = match formula {
        RetentionFormula::Standard => {
            r.graduates as f64 - r.transferred_in as f64 + r.transferred_out as f64
        }
        RetentionFormula::GraduatesOverCohort => r.graduates as f64,
    };
    ratio(num, den)
}

/// The year's retention rate of `level`.
pub fn retention(year: &YearData, level: Level, st: &Standards) -> Option<f64> {
    let r = year.county.retention.as_ref()?;
    let r = match level {
        Level::Primary => r.primary.as_ref(),
        Level::Junior => r.junior.as_ref(),
    }?;
    retention_rate(r, st.retention_formula)
}

/// The year's enrollment rate of disabled children.
pub fn disabled_enrollment(year: &YearData) -> Option<f64> {
    let d = year.county.disabled_children.as_ref()?;
    ratio(d.enrolled as f64, d.eligible as f64)
}

/// One school's teacher-training funds.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolTraining {
    pub school: String,
    pub name: String,
    pub public_funds_yuan: Option<f64>,
    pub training_funds_yuan: Option<f64>,
    pub share: Option<f64>,
    pub met: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainingFundsDetail {
    pub required_share: f64,
    pub schools: Vec<SchoolTraining>,
}

pub fn training_funds(project: &Project, year: &YearData) -> TrainingFundsDetail {
    let min = project.standards.training_funds_min_share;
    let mut schools: Vec<SchoolTraining> = school_entries(project, year)
        .map(|(s, e)| {
            let share = match (e.training_funds_yuan, e.public_funds_yuan) {
                (Some(t), Some(p)) => ratio(t, p),
                _ => None,
            };
            SchoolTraining {
                school: s.id.clone(),
                name: s.name.clone(),
                public_funds_yuan: e.public_funds_yuan,
                training_funds_yuan: e.training_funds_yuan,
                share,
                met: share.map(|v| meets(v, min)),
            }
        })
        .collect();
    schools.sort_by(|a, b| a.school.cmp(&b.school));
    TrainingFundsDetail {
        required_share: min,
        schools,
    }
}

/// One monitored subject against the level and difference-rate requirements.
#[derive(Debug, Clone, Serialize)]
pub struct MonitoredSubject {
    pub subject: String,
    pub grade: u64,
    pub level: u64,
    pub difference_rate: f64,
    pub level_met: bool,
    pub difference_met: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonitoringDetail {
    pub min_level: u64,
    pub max_difference: f64,
    pub subjects: Vec<MonitoredSubject>,
}

pub fn monitoring(list: &[Monitoring], st: &Standards) -> MonitoringDetail {
    MonitoringDetail {
        min_level: st.monitoring_min_level,
        max_difference: st.monitoring_max_difference,
        subjects: list
            .iter()
            .map(|m| MonitoredSubject {
                subject: m.subject.clone(),
                grade: m.grade,
                level: m.level,
                difference_rate: m.difference_rate,
                level_met: m.level >= st.monitoring_min_level,
                difference_met: Cmp::Below.check(m.difference_rate, st.monitoring_max_difference),
            })
            .collect(),
    }
}

/// All 9 items, in order.
pub fn quality(project: &Project, year: &YearData, facts: &SchoolFacts) -> Vec<Item> {
    let st = &project.standards;
    let c = &year.county;
    let ev = |id: &str| Item::from_evidence(c, id, &requirement(id, st));
    let item = |id: &str| Item::new(id, &requirement(id, st));
    let mut out = Vec::with_capacity(9);

    // The national item is junior three-year retention alone (standard.md §3
    // item 1). Primary retention is the plan's target, judged in the targets
    // table; here it is shown beside the item for information only.
    let mut it = item("qual-01-retention");
    it.measures.push(Measure {
        is_share: true,
        ..Measure::new(
            "junior",
            "初中三年巩固率",
            retention(year, Level::Junior, st),
            Cmp::AtLeast,
            st.retention_min.junior,
        )
    });
    it.measures.push(
        Measure {
            is_share: true,
            ..Measure::new(
                "primary",
                "小学巩固率（方案目标，仅供参考，不计入本项）",
                retention(year, Level::Primary, st),
                Cmp::AtLeast,
                st.retention_min.primary,
            )
        }
        .for_information(),
    );
    out.push(it.settle());

    let mut it = item("qual-02-disabled");
    it.measures.push(match &c.disabled_children {
        _ if c.is_not_applicable(NotApplicable::DisabledChildren) => Measure {
            is_share: true,
            ..Measure::not_applicable(
                "enrollment",
                "残疾儿童少年入学率",
                Cmp::AtLeast,
                st.disabled_enrollment_min,
            )
        },
        Some(d) => Measure::share(
            "enrollment",
            "残疾儿童少年入学率",
            d.enrolled as f64,
            d.eligible as f64,
            Cmp::AtLeast,
            st.disabled_enrollment_min,
        ),
        None => no_share(
            "enrollment",
            "残疾儿童少年入学率",
            st.disabled_enrollment_min,
        ),
    });
    out.push(it.settle());

    out.push(ev("qual-03-charter"));

    let funds = facts.training.clone();
    let mut it = item("qual-04-training-funds");
    for s in &funds.schools {
        match s.met {
            Some(false) => it.failing.push(Failing {
                school: s.school.clone(),
                name: s.name.clone(),
                reason: format!(
                    "教师培训经费 {} 元，占公用经费 {} 元的 {}",
                    s.training_funds_yuan.unwrap_or(0.0),
                    s.public_funds_yuan.unwrap_or(0.0),
                    percent(s.share)
                ),
            }),
            None => it.no_data.push(Failing {
                school: s.school.clone(),
                name: s.name.clone(),
                reason: if s.public_funds_yuan == Some(0.0) && s.training_funds_yuan.is_some() {
                    "公用经费为 0，培训经费占比无法计算".to_string()
                } else {
                    "未填写公用经费或教师培训经费".to_string()
                },
            }),
            Some(true) => {}
        }
    }
    it.detail = Some(Detail::TrainingFunds(funds));
    out.push(it.settle());

    for id in [
        "qual-05-ict",
        "qual-06-moral",
        "qual-07-curriculum",
        "qual-08-burden",
    ] {
        out.push(ev(id));
    }

    let mut it = item("qual-09-monitoring");
    match c.monitoring.as_deref().filter(|l| !l.is_empty()) {
        Some(list) => {
            let d = monitoring(list, st);
            let n = d.subjects.len() as f64;
            let levels = d.subjects.iter().filter(|s| s.level_met).count() as f64;
            let diffs = d.subjects.iter().filter(|s| s.difference_met).count() as f64;
            it.measures.push(Measure::share(
                "level",
                "学业水平达到要求的科目比例",
                levels,
                n,
                Cmp::AtLeast,
                1.0,
            ));
            it.measures.push(Measure::share(
                "difference",
                "校际差异率达到要求的科目比例",
                diffs,
                n,
                Cmp::AtLeast,
                1.0,
            ));
            it.detail = Some(Detail::Monitoring(d));
        }
        None => {
            it.measures
                .push(no_share("level", "学业水平达到要求的科目比例", 1.0));
        }
    }
    out.push(it.settle());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_formula() {
        let r = Retention {
            cohort: 5300,
            deaths: 2,
            graduates: 5100,
            transferred_in: 30,
            transferred_out: 80,
        };
        // (5100 − 30 + 80) ÷ (5300 − 2)
        assert_eq!(
            retention_rate(&r, RetentionFormula::Standard),
            Some(5150.0 / 5298.0)
        );
        assert_eq!(
            retention_rate(&r, RetentionFormula::GraduatesOverCohort),
            Some(5100.0 / 5298.0)
        );
        let zero = Retention {
            cohort: 1,
            deaths: 1,
            ..r
        };
        assert_eq!(retention_rate(&zero, RetentionFormula::Standard), None);
    }

    #[test]
    fn monitoring_difference_is_exclusive() {
        let st = Standards::default();
        let m = |level, d| Monitoring {
            subject: "数学".into(),
            grade: 8,
            level,
            difference_rate: d,
        };
        let d = monitoring(&[m(3, 0.12), m(2, 0.15)], &st);
        assert!(d.subjects[0].level_met && d.subjects[0].difference_met);
        assert!(!d.subjects[1].level_met && !d.subjects[1].difference_met);
    }
}
