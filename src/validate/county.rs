//! A year's `county` block: items without data (warnings), parts larger than
//! their whole, evidence ids, monitoring values.

use super::years::{file_for, year_anchor};
use super::{code_list, did_you_mean, num, Checker};
use crate::model::year::{CountyYear, NotApplicable, EVIDENCE_ITEMS};
use crate::model::{Origin, YearData};

pub(crate) fn check(c: &mut Checker, d: &YearData) {
    no_data(c, d);
    not_applicable(c, d);
    parts(c, d);
    zero_denominators(c, d);
    evidence_ids(c, d);
    monitoring(c, d);
}

/// The file of the year that writes `county.<item>`, as an origin for paths below `county`.
fn origin(c: &Checker, d: &YearData, item: &str) -> Origin {
    let file = file_for(c, d, &[&format!("county.{item}"), "county"]);
    super::root(file, "county")
}

/// The items of the county block that have no data, by key and Chinese name.
fn absent(k: &CountyYear) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut add = |present: bool, key: &str, zh: &'static str| {
        if !present {
            out.push((key.to_string(), zh));
        }
    };
    add(k.salaries.is_some(), "salaries", "教师与公务员平均工资");
    add(k.training_360.is_some(), "training_360", "5年360学时培训");
    add(k.rotation.is_some(), "rotation", "教师交流轮岗");
    match &k.nearby_enrollment {
        None => add(false, "nearby_enrollment", "就近划片入学"),
        Some(n) => {
            add(
                n.primary.is_some(),
                "nearby_enrollment.primary",
                "小学就近入学",
            );
            add(
                n.junior.is_some(),
                "nearby_enrollment.junior",
                "初中就近入学",
            );
        }
    }
    add(
        k.senior_quota.is_some(),
        "senior_quota",
        "优质高中招生名额分配",
    );
    add(
        k.migrant_children.is_some() || k.is_not_applicable(NotApplicable::MigrantChildren),
        "migrant_children",
        "随迁子女就读",
    );
    add(
        k.special_school_funds_per_student_yuan.is_some()
            || k.is_not_applicable(NotApplicable::SpecialSchoolFundsPerStudentYuan),
        "special_school_funds_per_student_yuan",
        "特殊教育学校生均公用经费",
    );
    match &k.retention {
        None => add(false, "retention", "巩固率"),
        Some(r) => {
            add(r.primary.is_some(), "retention.primary", "小学巩固率");
            add(r.junior.is_some(), "retention.junior", "初中三年巩固率");
        }
    }
    add(
        k.disabled_children.is_some() || k.is_not_applicable(NotApplicable::DisabledChildren),
        "disabled_children",
        "残疾儿童少年入学",
    );
    add(
        k.monitoring.as_ref().is_some_and(|m| !m.is_empty()),
        "monitoring",
        "国家义务教育质量监测",
    );
    add(
        k.recognition.as_ref().is_some_and(|m| !m.is_empty()),
        "recognition",
        "社会认可度调查",
    );
    match &k.evidence {
        None => add(false, "evidence", "佐证材料事项"),
        Some(ev) => {
            for (id, _) in EVIDENCE_ITEMS {
                if !ev.contains_key(id) {
                    out.push((format!("evidence.{id}"), "佐证材料事项"));
                }
            }
        }
    }
    out
}

/// One warning per item without data ("暂无数据"); an error under `--strict`.
fn no_data(c: &mut Checker, d: &YearData) {
    let absent = absent(&d.county);
    if absent.is_empty() {
        // No anchor either: placing it may parse the year's files again.
        return;
    }
    let anchor = year_anchor(c, d, "county");
    for (key, zh) in absent {
        c.warning(
            &anchor,
            "",
            format!(
                "暂无数据：{} 年未填写 `county.{key}`（{zh}），报告中该项显示为“暂无数据”；使用 `--strict` 时视为错误",
                d.year
            ),
        );
    }
}

/// A figure declared not applicable must not also be given, nor declared twice.
fn not_applicable(c: &mut Checker, d: &YearData) {
    let Some(list) = &d.county.not_applicable else {
        return;
    };
    let k = &d.county;
    // Placed only at a problem: placing it may parse the year's files again.
    let mut o = None;
    for (i, what) in list.iter().enumerate() {
        let given = match what {
            NotApplicable::SpecialSchoolFundsPerStudentYuan => {
                k.special_school_funds_per_student_yuan.is_some()
            }
            NotApplicable::MigrantChildren => k.migrant_children.is_some(),
            NotApplicable::DisabledChildren => k.disabled_children.is_some(),
        };
        let key = what.key();
        if given {
            let o = o.get_or_insert_with(|| origin(c, d, "not_applicable"));
            c.error(
                o,
                &format!("not_applicable[{i}]"),
                format!(
                    "`{key}` 列为不适用（{}），但 {} 年又填写了 `county.{key}`：二者只能取其一。有数据就删去这一条；确实不适用就删去 `county.{key}`",
                    what.zh(),
                    d.year
                ),
            );
        }
        if list[..i].contains(what) {
            let o = o.get_or_insert_with(|| origin(c, d, "not_applicable"));
            c.error(
                o,
                &format!("not_applicable[{i}]"),
                format!("`{key}` 在 `not_applicable` 中重复列出，请删去重复的一条"),
            );
        }
    }
}

/// A part that must not exceed its whole, below `county.<path>`: (key, value) of each.
struct Pair {
    path: String,
    part: (&'static str, u64),
    whole: (&'static str, u64),
}

fn pairs(k: &CountyYear) -> Vec<Pair> {
    let mut v = Vec::new();
    let mut add = |path: &str, part, whole| {
        v.push(Pair {
            path: path.to_string(),
            part,
            whole,
        })
    };
    if let Some(t) = &k.training_360 {
        add("training_360", ("completed", t.completed), ("due", t.due));
    }
    if let Some(r) = &k.rotation {
        add("rotation", ("rotated", r.rotated), ("eligible", r.eligible));
        add(
            "rotation",
            ("backbone_rotated", r.backbone_rotated),
            ("rotated", r.rotated),
        );
    }
    if let Some(n) = &k.nearby_enrollment {
        for (level, z) in [("primary", &n.primary), ("junior", &n.junior)] {
            if let Some(z) = z {
                let path = format!("nearby_enrollment.{level}");
                add(&path, ("in_zone", z.in_zone), ("total", z.total));
            }
        }
    }
    if let Some(q) = &k.senior_quota {
        add(
            "senior_quota",
            ("allocated", q.allocated),
            ("total", q.total),
        );
    }
    if let Some(m) = &k.migrant_children {
        let part = ("public_or_purchased", m.public_or_purchased);
        add("migrant_children", part, ("total", m.total));
    }
    if let Some(r) = &k.retention {
        for (level, x) in [("primary", &r.primary), ("junior", &r.junior)] {
            if let Some(x) = x {
                let path = format!("retention.{level}");
                add(&path, ("deaths", x.deaths), ("cohort", x.cohort));
            }
        }
    }
    if let Some(x) = &k.disabled_children {
        add(
            "disabled_children",
            ("enrolled", x.enrolled),
            ("eligible", x.eligible),
        );
    }
    for (i, g) in k.recognition.iter().flatten().enumerate() {
        let path = format!("recognition[{i}]");
        add(&path, ("satisfied", g.satisfied), ("valid", g.valid));
    }
    v
}

fn parts(c: &mut Checker, d: &YearData) {
    for Pair { path, part, whole } in pairs(&d.county) {
        let ((part_key, part), (whole_key, whole)) = (part, whole);
        if part > whole {
            let item = path.split(['.', '[']).next().unwrap_or_default();
            let o = origin(c, d, item);
            c.error(
                &o,
                &format!("{path}.{part_key}"),
                format!(
                    "`{part_key}` 为 {part}，超过 `{whole_key}` {whole}：前者是后者的一部分，应不超过 {whole}"
                ),
            );
        }
    }
}

/// The rate each part/whole pair of [`pairs`] gives, in Chinese, by the part's key.
fn rate_zh(path: &str, part_key: &str) -> &'static str {
    match (path.split(['.', '[']).next().unwrap_or_default(), part_key) {
        ("training_360", _) => "5年360学时培训完成率",
        ("rotation", "rotated") => "交流轮岗教师比例",
        ("rotation", _) => "交流轮岗教师中骨干教师比例",
        ("nearby_enrollment", _) => "就近划片入学比例",
        ("senior_quota", _) => "优质高中招生名额分配比例",
        ("migrant_children", _) => "随迁子女在公办学校和政府购买服务的民办学校就读比例",
        ("retention", _) => "巩固率",
        ("disabled_children", _) => "残疾儿童少年入学率",
        ("recognition", _) => "该群体满意率",
        _ => "比例",
    }
}

/// A rate over nothing (0 eligible teachers, 0 pupils in a cohort) is 暂无数据,
/// never silently: one warning per figure (standard.md §2, zero denominators).
fn zero_denominators(c: &mut Checker, d: &YearData) {
    for Pair { path, part, whole } in pairs(&d.county) {
        let ((part_key, part_v), (whole_key, whole_v)) = (part, whole);
        // Retention divides by cohort − deaths; the others by the whole.
        let den = if part_key == "deaths" {
            whole_v.saturating_sub(part_v)
        } else {
            whole_v
        };
        if den != 0 {
            continue;
        }
        let item = path.split(['.', '[']).next().unwrap_or_default();
        let o = origin(c, d, item);
        let what = if part_key == "deaths" {
            format!("`{path}.cohort` 减去 `deaths` 为 0")
        } else {
            format!("`{path}.{whole_key}` 为 0")
        };
        let hint = match item {
            "migrant_children" => "；若本县没有随迁子女，请改用 `not_applicable` 说明（见 README 数据说明），该项显示为“不适用”",
            _ => "",
        };
        c.warning(
            &o,
            &format!(
                "{path}.{}",
                if part_key == "deaths" {
                    "cohort"
                } else {
                    whole_key
                }
            ),
            format!(
                "{what}：{}的分母为 0，无法计算，报告中显示为“暂无数据”（不计为达标）{hint}",
                rate_zh(&path, part_key)
            ),
        );
    }
}

fn evidence_ids(c: &mut Checker, d: &YearData) {
    let Some(ev) = &d.county.evidence else {
        return;
    };
    for id in ev.keys() {
        if EVIDENCE_ITEMS.iter().any(|(known, _)| known == id) {
            continue;
        }
        let o = origin(c, d, &format!("evidence.{id}"));
        let msg = format!(
            "未知的佐证事项 `{id}`：应为以下之一：{}{}",
            code_list(EVIDENCE_ITEMS.iter().map(|(k, _)| *k)),
            did_you_mean(id, EVIDENCE_ITEMS.iter().map(|(k, _)| *k))
        );
        c.error_key(&o, &format!("evidence.{id}"), msg);
    }
}

fn monitoring(c: &mut Checker, d: &YearData) {
    // Placed only at a problem: placing it may parse the year's files again.
    let mut o = None;
    for (i, m) in d.county.monitoring.iter().flatten().enumerate() {
        if !(1..=4).contains(&m.level) {
            let o = o.get_or_insert_with(|| origin(c, d, "monitoring"));
            c.error(
                o,
                &format!("monitoring[{i}].level"),
                format!("学业水平等级应为 1—4（Ⅰ—Ⅳ级），实际为 {}", m.level),
            );
        }
        if m.difference_rate > 1.0 {
            let o = o.get_or_insert_with(|| origin(c, d, "monitoring"));
            c.error(
                o,
                &format!("monitoring[{i}].difference_rate"),
                format!(
                    "校际差异率应写成 0 到 1 之间的小数（如 0.12），实际为 {}",
                    num(m.difference_rate)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::year::{Rotation, Salaries};

    #[test]
    fn every_item_of_an_empty_block_has_no_data() {
        let keys: Vec<String> = absent(&CountyYear::default())
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys.len(), 12);
        assert!(keys.contains(&"special_school_funds_per_student_yuan".to_string()));
        let some = CountyYear {
            salaries: Some(Salaries {
                teachers_avg_yuan: 1.0,
                civil_servants_avg_yuan: 1.0,
            }),
            evidence: Some(Default::default()),
            ..Default::default()
        };
        let keys: Vec<String> = absent(&some).into_iter().map(|(k, _)| k).collect();
        assert!(!keys.contains(&"salaries".to_string()));
        assert!(keys.contains(&"evidence.gov-01-layout".to_string()));
        assert_eq!(keys.len(), 10 + EVIDENCE_ITEMS.len());
    }

    #[test]
    fn backbone_rotated_is_part_of_rotated() {
        let k = CountyYear {
            rotation: Some(Rotation {
                eligible: 100,
                rotated: 10,
                backbone_rotated: 11,
            }),
            ..Default::default()
        };
        let over: Vec<&'static str> = pairs(&k)
            .into_iter()
            .filter(|p| p.part.1 > p.whole.1)
            .map(|p| p.part.0)
            .collect();
        assert_eq!(over, ["backbone_rotated"]);
    }
}
