//! The verdict per year: each of the four dimensions passes or fails, with the
//! reasons, and what still stands between the county and national recognition.

use std::collections::BTreeMap;

use serde::Serialize;

use super::items::{percent, Detail, Item};
use super::recognition::Recognition;
use super::resource::LevelResult;
use crate::model::standards::Indicator;
use crate::model::Level;

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    /// `resource`, `assurance`, `quality`, `recognition`
    pub key: String,
    pub name: String,
    pub passed: bool,
    /// Why it does not pass (empty when it passes), in Chinese.
    pub reasons: Vec<String>,
}

impl Dimension {
    fn new(key: &str, name: &str, reasons: Vec<String>) -> Self {
        Dimension {
            key: key.to_string(),
            name: name.to_string(),
            passed: reasons.is_empty(),
            reasons,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// All four dimensions pass.
    pub passed: bool,
    pub dimensions: Vec<Dimension>,
    /// Everything still standing between the county and national recognition.
    pub outstanding: Vec<String>,
}

/// Shortest decimal form of a CV for a reason text (3 decimals).
fn cv3(v: f64) -> String {
    format!("{v:.3}")
}

/// Reasons the resource dimension fails: failing sections and CVs over (or without) their limit.
pub fn resource_reasons(levels: &BTreeMap<Level, LevelResult>) -> Vec<String> {
    let mut out = Vec::new();
    for (level, r) in levels {
        if r.sections.is_empty() {
            out.push(format!("{}没有计入的学段，无法评估", level.zh()));
            continue;
        }
        let failing: Vec<&str> = r
            .sections
            .iter()
            .filter(|s| !s.passes)
            .map(|s| s.name.as_str())
            .collect();
        if !failing.is_empty() {
            out.push(format!(
                "{} {} 个学段未达到学段达标要求：{}",
                level.zh(),
                failing.len(),
                failing.join("、")
            ));
        }
        for i in Indicator::ALL {
            let ind = r.indicator(i);
            match ind.cv {
                Some(cv) if ind.cv_within_limit != Some(true) => out.push(format!(
                    "{} {} 差异系数 {} 超过 {:.2}",
                    level.zh(),
                    i.zh(),
                    cv3(cv),
                    ind.cv_limit
                )),
                None => out.push(format!("{} {} 差异系数无法计算", level.zh(), i.zh())),
                _ => {}
            }
        }
    }
    out
}

/// What falls short in an item that is not met: its failing schools, else the
/// monitored subjects, measures and evidence not met.
pub fn shortfalls(it: &Item) -> Vec<String> {
    if !it.failing.is_empty() {
        return it.failing.iter().map(|f| f.name.clone()).collect();
    }
    let mut out = Vec::new();
    if let Some(Detail::Monitoring(d)) = &it.detail {
        out.extend(
            d.subjects
                .iter()
                .filter(|s| !(s.level_met && s.difference_met))
                .map(|s| format!("{}（{}年级）", s.subject, s.grade)),
        );
    } else {
        out.extend(
            it.measures
                .iter()
                .filter(|m| m.met == Some(false))
                .map(|m| m.label.clone()),
        );
    }
    out.extend(
        it.evidence
            .iter()
            .filter(|e| e.met == Some(false))
            .map(|e| e.requirement.clone()),
    );
    out
}

/// Reasons a list of items fails: each item not met or without data.
pub fn item_reasons(label: &str, items: &[Item]) -> Vec<String> {
    items
        .iter()
        .enumerate()
        .filter_map(|(n, it)| {
            let head = format!("{label}第{}项（{}）", n + 1, it.requirement);
            if it.not_applicable {
                return None;
            }
            match it.met {
                Some(true) => None,
                Some(false) => {
                    let what = shortfalls(it);
                    Some(if what.is_empty() {
                        format!("{head}未达标")
                    } else {
                        format!("{head}未达标：{}", what.join("、"))
                    })
                }
                None => Some(format!("{head}暂无数据")),
            }
        })
        .collect()
}

pub fn recognition_reasons(r: &Recognition) -> Vec<String> {
    match (r.rate, r.met) {
        (_, Some(true)) => vec![],
        (Some(rate), _) => vec![format!(
            "社会认可度 {} 低于 {}",
            percent(Some(rate)),
            percent(Some(r.required))
        )],
        (None, _) => vec!["社会认可度暂无数据".to_string()],
    }
}

pub fn verdict(
    levels: &BTreeMap<Level, LevelResult>,
    assurance: &[Item],
    quality: &[Item],
    recognition: &Recognition,
) -> Verdict {
    let dimensions = vec![
        Dimension::new("resource", "资源配置", resource_reasons(levels)),
        Dimension::new(
            "assurance",
            "政府保障程度",
            item_reasons("政府保障程度", assurance),
        ),
        Dimension::new("quality", "教育质量", item_reasons("教育质量", quality)),
        Dimension::new(
            "recognition",
            "社会认可度",
            recognition_reasons(recognition),
        ),
    ];
    Verdict {
        passed: dimensions.iter().all(|d| d.passed),
        outstanding: dimensions.iter().flat_map(|d| d.reasons.clone()).collect(),
        dimensions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::items::Failing;
    use crate::compute::recognition::recognition;
    use crate::model::standards::Standards;

    #[test]
    fn items_not_met_or_without_data_are_reasons() {
        let mut a = Item::new("gov-04-school-size", "学校规模");
        a.failing.push(Failing {
            school: "x".into(),
            name: "某小学".into(),
            reason: String::new(),
        });
        let a = a.settle();
        let b = Item::new("gov-07", "经费").settle();
        let r = item_reasons("政府保障程度", &[a, b]);
        assert_eq!(
            r,
            vec!["政府保障程度第1项（学校规模）未达标：某小学".to_string()]
        );
        let mut c = Item::new("gov-11-rotation", "交流轮岗");
        c.measures.push(crate::compute::items::Measure::share(
            "rotation",
            "交流轮岗教师比例",
            5.0,
            100.0,
            crate::compute::items::Cmp::AtLeast,
            0.1,
        ));
        let r = item_reasons("政府保障程度", &[c.settle()]);
        assert_eq!(
            r,
            vec!["政府保障程度第1项（交流轮岗）未达标：交流轮岗教师比例".to_string()]
        );
        let st = Standards::default();
        let v = verdict(&BTreeMap::new(), &[], &[], &recognition(None, &st));
        assert!(!v.passed);
        assert_eq!(v.outstanding, vec!["社会认可度暂无数据".to_string()]);
    }
}
