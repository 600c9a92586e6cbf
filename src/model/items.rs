//! The assessment's county-level items: government assurance (15) and
//! education quality (9), with stable ids used by compute, the report and the
//! problem ledger (`ledger[].indicator` may name one of these).
//!
//! Requirement texts name thresholds as `{field}` placeholders of the
//! standards table (`{migrant_min%}` as a percentage, `{…:roman}` as Ⅰ–Ⅳ), so a
//! province's overrides show in the report's wording too: see [`requirement`].

/// Government assurance items (政府保障程度): id and requirement.
pub const ASSURANCE_ITEMS: [(&str, &str); 15] = [
    ("gov-01-layout", "县域学校布局规划合理"),
    ("gov-02-unified-standards", "城乡学校建设、编制、生均公用经费、装备配置标准统一"),
    ("gov-03-music-art-rooms", "每{classes_per_room}个班级配备音乐、美术专用教室1间以上，音乐教室不小于{music_room_min_m2}平方米，美术教室不小于{art_room_min_m2}平方米"),
    ("gov-04-school-size", "学校规模不超过{school_size_limit}人，九年一贯制学校、十二年一贯制学校义务教育阶段不超过{through_school_size_limit}人"),
    ("gov-05-class-size", "小学、初中所有班级学生数分别不超过{class_size_limit.primary}人、{class_size_limit.junior}人"),
    ("gov-06-small-school-funding", "不足{small_school_funding_floor}名学生的村小学和教学点按{small_school_funding_floor}名学生核定公用经费"),
    ("gov-07-special-funds", "特殊教育学校生均公用经费不低于{special_funds_min_yuan}元"),
    ("gov-08-teacher-pay", "教师平均工资收入水平不低于当地公务员平均工资收入水平"),
    ("gov-09-training-360", "教师5年360学时培训完成率达到{training_360_min%}"),
    ("gov-10-staffing", "县级教育行政部门统筹分配各校教职工编制和岗位数量"),
    ("gov-11-rotation", "每年交流轮岗教师比例不低于符合交流条件教师总数的{rotation_min%}，其中骨干教师不低于{rotation_backbone_min%}"),
    ("gov-12-certification", "专任教师持有教师资格证上岗率达到{certification_min%}"),
    ("gov-13-nearby-enrollment", "城区和镇区公办小学、初中（不含寄宿制学校）就近划片入学比例分别达到{nearby_enrollment_min.primary%}、{nearby_enrollment_min.junior%}以上"),
    ("gov-14-senior-quota", "优质高中招生名额分配比例不低于{senior_quota_min%}，并向农村初中倾斜"),
    ("gov-15-migrant-children", "建立留守儿童关爱体系；符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于{migrant_min%}"),
];

/// Education quality items (教育质量): id and requirement.
pub const QUALITY_ITEMS: [(&str, &str); 9] = [
    (
        "qual-01-retention",
        "全县初中三年巩固率达到{retention_min.junior%}以上",
    ),
    ("qual-02-disabled", "全县残疾儿童少年入学率达到{disabled_enrollment_min%}以上"),
    (
        "qual-03-charter",
        "所有学校制定章程，实现学校管理与教学信息化",
    ),
    (
        "qual-04-training-funds",
        "所有学校按照不低于学校年度公用经费预算总额的{training_funds_min_share%}安排教师培训经费",
    ),
    (
        "qual-05-ict",
        "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平",
    ),
    ("qual-06-moral", "德育工作、校园文化建设水平达到良好以上"),
    (
        "qual-07-curriculum",
        "课程开齐开足，教学秩序规范，综合实践活动有效开展",
    ),
    ("qual-08-burden", "无过重课业负担"),
    (
        "qual-09-monitoring",
        "国家义务教育质量监测相关科目学生学业水平达到{monitoring_min_level:roman}级以上，且校际差异率低于{monitoring_max_difference}",
    ),
];

/// Whether `id` names an assurance or quality item.
pub fn is_item(id: &str) -> bool {
    ASSURANCE_ITEMS
        .iter()
        .chain(QUALITY_ITEMS.iter())
        .any(|(i, _)| *i == id)
}

/// The requirement text of item `id` (assurance, quality or evidence) with the
/// thresholds of `standards` filled in.
pub fn requirement(id: &str, standards: &super::Standards) -> String {
    let text = ASSURANCE_ITEMS
        .iter()
        .chain(QUALITY_ITEMS.iter())
        .chain(super::year::EVIDENCE_ITEMS.iter())
        .find(|(i, _)| *i == id)
        .map_or("", |(_, t)| *t);
    fill(text, &serde_json::to_value(standards).unwrap_or_default())
}

fn fill(text: &str, st: &serde_json::Value) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}').map(|j| i + j) else {
            break;
        };
        out.push_str(&rest[..i]);
        let spec = &rest[i + 1..j];
        let (path, style) = match spec.split_once(':') {
            Some((p, s)) => (p, s),
            None if spec.ends_with('%') => (&spec[..spec.len() - 1], "%"),
            None => (spec, ""),
        };
        let v = path
            .split('.')
            .try_fold(st, |v, k| v.get(k))
            .and_then(|v| v.as_f64());
        out.push_str(&match (v, style) {
            (Some(x), "%") => format!("{}%", plain(x * 100.0)),
            (Some(x), "roman") => roman(x),
            (Some(x), _) => plain(x),
            (None, _) => format!("{{{spec}}}"),
        });
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

/// 2000.0 → 2000, 0.15 → 0.15, 12.5 → 12.5 (rounded to hide binary noise).
fn plain(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn roman(x: f64) -> String {
    match x.round() as i64 {
        1 => "Ⅰ".into(),
        2 => "Ⅱ".into(),
        3 => "Ⅲ".into(),
        4 => "Ⅳ".into(),
        n => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Standards;

    #[test]
    fn requirements_show_the_standards_in_force() {
        let mut st = Standards::default();
        assert_eq!(
            requirement("gov-05-class-size", &st),
            "小学、初中所有班级学生数分别不超过45人、50人"
        );
        assert!(
            requirement("qual-09-monitoring", &st).contains("达到Ⅲ级以上，且校际差异率低于0.15")
        );
        assert!(requirement("gov-11-rotation", &st)
            .ends_with("不低于符合交流条件教师总数的10%，其中骨干教师不低于20%"));
        st.special_funds_min_yuan = 8000.0;
        st.migrant_min = 0.9;
        assert_eq!(
            requirement("gov-07-special-funds", &st),
            "特殊教育学校生均公用经费不低于8000元"
        );
        assert!(requirement("gov-15-migrant-children", &st).ends_with("不低于90%"));
        // Every text fills completely.
        for (id, _) in ASSURANCE_ITEMS.iter().chain(QUALITY_ITEMS.iter()) {
            assert!(!requirement(id, &st).contains('{'), "{id}");
        }
    }
}
