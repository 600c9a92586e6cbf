//! `data/standards.yaml`: overridden thresholds must be positive numbers, and
//! floors and shares must lie in (0, 1].

use super::{root, Checker};
use crate::model::standards::Indicator;
use crate::model::FileId;

/// Top-level keys whose values (or per-level values) are shares: (0, 1].
const SHARES: [&str; 14] = [
    "cv_limit",
    "section_floor",
    "training_360_min",
    "rotation_min",
    "rotation_backbone_min",
    "certification_min",
    "nearby_enrollment_min",
    "senior_quota_min",
    "migrant_min",
    "retention_min",
    "disabled_enrollment_min",
    "training_funds_min_share",
    "monitoring_max_difference",
    "recognition_min",
];

pub(crate) fn check(c: &mut Checker) {
    let Some(file) = c.p.standards_file else {
        return;
    };
    let Ok(value) = serde_json::to_value(&c.p.standards) else {
        return;
    };
    let mut leaves = Vec::new();
    collect(&value, String::new(), &mut leaves);
    for (path, v) in leaves {
        check_value(c, file, &path, v);
    }
    let met = c.p.standards.section_min_met;
    if met > Indicator::ALL.len() as u64 {
        c.error(
            &root(file, "section_min_met"),
            "",
            format!("`section_min_met` 为 {met}，但指标只有 7 项：应为 1 到 7 之间的整数"),
        );
    }
    let pl = &c.p.standards.plausibility;
    if pl.max_change_factor <= 1.0 {
        c.error(
            &root(file, "plausibility.max_change_factor"),
            "",
            format!(
                "`plausibility.max_change_factor` 应大于 1（如 3 表示变化超过 3 倍时提示），实际为 {}",
                pl.max_change_factor
            ),
        );
    }
    if pl.equipment_per_student_min_yuan >= pl.equipment_per_student_max_yuan {
        c.error(
            &root(file, "plausibility"),
            "",
            format!(
                "生均教学仪器设备值的合理范围应下限小于上限：`equipment_per_student_min_yuan` 为 {}，`equipment_per_student_max_yuan` 为 {}",
                pl.equipment_per_student_min_yuan, pl.equipment_per_student_max_yuan
            ),
        );
    }
    let b = &c.p.standards.class_bands;
    if !(b.somewhat_large_from < b.large_from && b.large_from < b.oversized_from) {
        c.error(
            &root(file, "class_bands"),
            "",
            format!(
                "班额分档应依次增大：`somewhat_large_from` < `large_from` < `oversized_from`，实际为 {}、{}、{}",
                b.somewhat_large_from, b.large_from, b.oversized_from
            ),
        );
    }
}

/// Every number (or null, for a non-finite float) with its field path.
fn collect<'v>(
    v: &'v serde_json::Value,
    path: String,
    out: &mut Vec<(String, &'v serde_json::Value)>,
) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                collect(child, p, out);
            }
        }
        serde_json::Value::Number(_) | serde_json::Value::Null => out.push((path, v)),
        _ => {}
    }
}

/// Top-level keys where 0 is meaningful (0 pupils: every teaching point is judged).
const ZERO_OK: [&str; 1] = ["rooms_teaching_point_min_students"];

fn check_value(c: &mut Checker, file: FileId, path: &str, v: &serde_json::Value) {
    let top = path.split('.').next().unwrap_or_default();
    let share = SHARES.contains(&top);
    if ZERO_OK.contains(&top) && v.as_f64() == Some(0.0) {
        return;
    }
    let expected = if share {
        "应为大于 0、不超过 1 的小数（如 0.85）"
    } else {
        "应为正数"
    };
    let found = match v.as_f64() {
        None => "不是有限的数".to_string(),
        Some(x) if x <= 0.0 || (share && x > 1.0) => format!("实际为 {x}"),
        Some(_) => return,
    };
    c.error(
        &root(file, path),
        "",
        format!("标准值 `{path}` {expected}，{found}"),
    );
}
