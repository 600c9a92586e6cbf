//! The county block's single figures as a flat map of dotted paths
//! (`salaries.teachers_avg_yuan` → 99350) and back: the `县级数据` sheet's rows.
//! The lists (monitoring, recognition, evidence) have sheets of their own.
//!
//! Conversion only: no cells, no messages beyond naming a missing figure.

use std::collections::BTreeMap;

use crate::model::year::{
    Completion, CountyYear, Disabled, InZone, Migrant, NearbyEnrollment, Quota, Retention,
    RetentionData, Rotation, Salaries,
};

/// The county's single figures by dotted path (absent items left out).
pub fn flatten(c: &CountyYear) -> BTreeMap<&'static str, f64> {
    let mut m = BTreeMap::new();
    let mut put = |k: &'static str, v: f64| {
        m.insert(k, v);
    };
    if let Some(s) = &c.salaries {
        put("salaries.teachers_avg_yuan", s.teachers_avg_yuan);
        put(
            "salaries.civil_servants_avg_yuan",
            s.civil_servants_avg_yuan,
        );
    }
    if let Some(t) = &c.training_360 {
        put("training_360.due", t.due as f64);
        put("training_360.completed", t.completed as f64);
    }
    if let Some(r) = &c.rotation {
        put("rotation.eligible", r.eligible as f64);
        put("rotation.rotated", r.rotated as f64);
        put("rotation.backbone_rotated", r.backbone_rotated as f64);
    }
    if let Some(n) = &c.nearby_enrollment {
        if let Some(z) = &n.primary {
            put("nearby_enrollment.primary.in_zone", z.in_zone as f64);
            put("nearby_enrollment.primary.total", z.total as f64);
        }
        if let Some(z) = &n.junior {
            put("nearby_enrollment.junior.in_zone", z.in_zone as f64);
            put("nearby_enrollment.junior.total", z.total as f64);
        }
    }
    if let Some(q) = &c.senior_quota {
        put("senior_quota.allocated", q.allocated as f64);
        put("senior_quota.total", q.total as f64);
    }
    if let Some(x) = &c.migrant_children {
        put("migrant_children.total", x.total as f64);
        put(
            "migrant_children.public_or_purchased",
            x.public_or_purchased as f64,
        );
    }
    if let Some(v) = c.special_school_funds_per_student_yuan {
        put("special_school_funds_per_student_yuan", v);
    }
    if let Some(r) = &c.retention {
        for (lvl, r) in [("primary", &r.primary), ("junior", &r.junior)] {
            if let Some(r) = r {
                let k = |f: &str| -> &'static str {
                    crate::model::fields::COUNTY
                        .iter()
                        .find(|x| x.key == format!("retention.{lvl}.{f}"))
                        .map(|x| x.key)
                        .unwrap_or("")
                };
                put(k("cohort"), r.cohort as f64);
                put(k("deaths"), r.deaths as f64);
                put(k("graduates"), r.graduates as f64);
                put(k("transferred_in"), r.transferred_in as f64);
                put(k("transferred_out"), r.transferred_out as f64);
            }
        }
    }
    if let Some(d) = &c.disabled_children {
        put("disabled_children.eligible", d.eligible as f64);
        put("disabled_children.enrolled", d.enrolled as f64);
    }
    m
}

/// Rebuild the single figures from a flat map. A group with some figures but
/// not all is reported: the missing paths are returned (the group left out).
pub fn unflatten(m: &BTreeMap<String, f64>, c: &mut CountyYear) -> Vec<String> {
    let mut missing = Vec::new();
    // Take a group of keys: None when none given; Some(values) when all given.
    let mut group = |keys: &[&str]| -> Option<Vec<f64>> {
        let vals: Vec<Option<f64>> = keys.iter().map(|k| m.get(*k).copied()).collect();
        if vals.iter().all(Option::is_none) {
            return None;
        }
        if vals.iter().any(Option::is_none) {
            for (k, v) in keys.iter().zip(&vals) {
                if v.is_none() {
                    missing.push(k.to_string());
                }
            }
            return None;
        }
        Some(vals.into_iter().flatten().collect())
    };
    let n = |x: f64| x as u64;
    c.salaries = group(&[
        "salaries.teachers_avg_yuan",
        "salaries.civil_servants_avg_yuan",
    ])
    .map(|v| Salaries {
        teachers_avg_yuan: v[0],
        civil_servants_avg_yuan: v[1],
    });
    c.training_360 = group(&["training_360.due", "training_360.completed"]).map(|v| Completion {
        due: n(v[0]),
        completed: n(v[1]),
    });
    c.rotation = group(&[
        "rotation.eligible",
        "rotation.rotated",
        "rotation.backbone_rotated",
    ])
    .map(|v| Rotation {
        eligible: n(v[0]),
        rotated: n(v[1]),
        backbone_rotated: n(v[2]),
    });
    let zone = |v: Vec<f64>| InZone {
        in_zone: n(v[0]),
        total: n(v[1]),
    };
    let p = group(&[
        "nearby_enrollment.primary.in_zone",
        "nearby_enrollment.primary.total",
    ])
    .map(zone);
    let j = group(&[
        "nearby_enrollment.junior.in_zone",
        "nearby_enrollment.junior.total",
    ])
    .map(zone);
    c.nearby_enrollment = (p.is_some() || j.is_some()).then_some(NearbyEnrollment {
        primary: p,
        junior: j,
    });
    c.senior_quota = group(&["senior_quota.allocated", "senior_quota.total"]).map(|v| Quota {
        allocated: n(v[0]),
        total: n(v[1]),
    });
    c.migrant_children = group(&[
        "migrant_children.total",
        "migrant_children.public_or_purchased",
    ])
    .map(|v| Migrant {
        total: n(v[0]),
        public_or_purchased: n(v[1]),
    });
    c.special_school_funds_per_student_yuan =
        group(&["special_school_funds_per_student_yuan"]).map(|v| v[0]);
    let ret = |v: Vec<f64>| Retention {
        cohort: n(v[0]),
        deaths: n(v[1]),
        graduates: n(v[2]),
        transferred_in: n(v[3]),
        transferred_out: n(v[4]),
    };
    let p = group(&[
        "retention.primary.cohort",
        "retention.primary.deaths",
        "retention.primary.graduates",
        "retention.primary.transferred_in",
        "retention.primary.transferred_out",
    ])
    .map(ret);
    let j = group(&[
        "retention.junior.cohort",
        "retention.junior.deaths",
        "retention.junior.graduates",
        "retention.junior.transferred_in",
        "retention.junior.transferred_out",
    ])
    .map(ret);
    c.retention = (p.is_some() || j.is_some()).then_some(RetentionData {
        primary: p,
        junior: j,
    });
    c.disabled_children =
        group(&["disabled_children.eligible", "disabled_children.enrolled"]).map(|v| Disabled {
            eligible: n(v[0]),
            enrolled: n(v[1]),
        });
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_a_field_and_round_trips() {
        let mut m = BTreeMap::new();
        for (i, f) in crate::model::fields::COUNTY.iter().enumerate() {
            m.insert(f.key.to_string(), (i + 1) as f64);
        }
        let mut c = CountyYear::default();
        assert!(unflatten(&m, &mut c).is_empty());
        let back = flatten(&c);
        assert_eq!(back.len(), m.len());
        for (k, v) in back {
            assert_eq!(m[k], v, "{k}");
        }
        m.remove("rotation.rotated");
        let mut c = CountyYear::default();
        assert_eq!(unflatten(&m, &mut c), ["rotation.rotated"]);
        assert!(c.rotation.is_none());
    }
}
