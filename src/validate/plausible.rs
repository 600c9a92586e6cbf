//! Plausibility warnings: figures that are valid but unlikely, usually a typo.
//! A school figure that jumps by more than the set factor from the previous
//! year with data, a per-pupil value outside any real school's range, salaries
//! of a final year copied unchanged from the previous year. Bounds come from
//! `standards.plausibility`.
//!
//! Must not: raise errors (these are warnings; `--strict` makes them fail), or
//! warn about a change the entry confirms (`confirmed_changes`) or one a plan
//! project of the school explains (a relocation or new building in its period).

use std::collections::HashMap;

use super::{num, Checker};
use crate::model::plan::Project as PlanProject;
use crate::model::year::{ChangeField, SchoolYear, ASSET_KEYS};
use crate::model::{Level, School, SchoolType, YearData};

pub(crate) fn check(c: &mut Checker, d: &YearData) {
    let previous = c.p.years.range(..d.year).next_back().map(|(_, y)| y);
    // The previous year's entry of each school (the first, as listed), found
    // by id in constant time: a county of thousands of schools stays linear.
    let mut before_of: HashMap<&str, &SchoolYear> = Default::default();
    for e in previous.iter().flat_map(|p| &p.schools) {
        before_of.entry(e.school.as_str()).or_insert(e);
    }
    let projects = projects_by_school(&c.p.plan.projects);
    for entry in &d.schools {
        let Some(school) = c.school(&entry.school).filter(|s| s.exists_in(d.year)) else {
            continue;
        };
        if school.kind == SchoolType::Special {
            continue;
        }
        per_pupil(c, d, school, entry);
        if let Some(prev) = previous {
            if let Some(before) = before_of.get(entry.school.as_str()) {
                let of_school = projects.get(school.id.as_str()).map_or(&[][..], |v| &v[..]);
                changes(c, d.year, prev.year, school, of_school, before, entry);
            }
        }
    }
    if let Some(prev) = previous {
        salaries(c, d, prev);
    }
}

/// "南宾中学（`nanbin-zhongxue`）"
fn who(school: &School) -> String {
    format!("{}（`{}`）", school.name, school.id)
}

/// A whole-school asset: its sections' own values plus `shared`.
fn asset(e: &SchoolYear, key: &str) -> f64 {
    let own: f64 = Level::ALL
        .iter()
        .filter_map(|l| e.section(*l))
        .filter_map(|s| s.assets().get(key))
        .sum();
    own + e.shared.as_ref().and_then(|a| a.get(key)).unwrap_or(0.0)
}

/// All pupils the school's assets serve (senior pupils share `shared` assets).
fn all_pupils(e: &SchoolYear) -> u64 {
    e.compulsory_students()
        .saturating_add(e.senior_students.unwrap_or(0))
}

fn per_pupil(c: &mut Checker, d: &YearData, school: &School, e: &SchoolYear) {
    let b = c.p.standards.plausibility.clone();
    let pupils = all_pupils(e);
    if pupils == 0 {
        return;
    }
    let n = pupils as f64;
    let field = |key: &str| -> String {
        if e.shared.as_ref().and_then(|a| a.get(key)).is_some() {
            format!("shared.{key}")
        } else {
            Level::ALL
                .iter()
                .find(|l| e.section(**l).and_then(|s| s.assets().get(key)).is_some())
                .map_or(String::new(), |l| format!("{}.{key}", l.key()))
        }
    };
    let equipment = asset(e, "equipment_value_yuan");
    let per = equipment / n;
    if equipment > 0.0
        && (per < b.equipment_per_student_min_yuan || per > b.equipment_per_student_max_yuan)
    {
        c.warning(
            &e.origin,
            &field("equipment_value_yuan"),
            format!(
                "数据可能有误：{} {} 年教学仪器设备值 {} 元、学生 {pupils} 人，生均 {} 元，超出实际学校的范围（{}—{} 元）：请核对是否多写或少写了位数（单位是元，不是万元）",
                who(school),
                d.year,
                num(equipment),
                num((per * 10.0).round() / 10.0),
                num(b.equipment_per_student_min_yuan),
                num(b.equipment_per_student_max_yuan)
            ),
        );
    }
    let area = asset(e, "teaching_area_m2");
    let per = area / n;
    if per > b.teaching_area_per_student_max_m2 {
        c.warning(
            &e.origin,
            &field("teaching_area_m2"),
            format!(
                "数据可能有误：{} {} 年教学及辅助用房面积 {} 平方米、学生 {pupils} 人，生均 {} 平方米，超过实际学校的上限 {} 平方米：请核对是否多写了位数",
                who(school),
                d.year,
                num(area),
                num((per * 10.0).round() / 10.0),
                num(b.teaching_area_per_student_max_m2)
            ),
        );
    }
}

/// The figures compared across years: (field, path in the entry, value).
fn figures(e: &SchoolYear) -> Vec<(ChangeField, String, f64)> {
    let mut out = Vec::new();
    for l in Level::ALL {
        if let Some(s) = e.section(l) {
            out.push((
                ChangeField::Students,
                format!("{}.students", l.key()),
                s.students as f64,
            ));
            out.push((
                ChangeField::Teachers,
                format!("{}.teachers", l.key()),
                s.teachers as f64,
            ));
        }
    }
    for (f, key) in [
        (ChangeField::TeachingAreaM2, ASSET_KEYS[0]),
        (ChangeField::SportsAreaM2, ASSET_KEYS[1]),
        (ChangeField::EquipmentValueYuan, ASSET_KEYS[2]),
        (ChangeField::MultimediaRooms, ASSET_KEYS[3]),
    ] {
        let path = if e.shared.as_ref().and_then(|a| a.get(key)).is_some() {
            format!("shared.{key}")
        } else {
            Level::ALL
                .iter()
                .find(|l| e.section(**l).and_then(|s| s.assets().get(key)).is_some())
                .map_or(String::new(), |l| format!("{}.{key}", l.key()))
        };
        out.push((f, path, asset(e, key)));
    }
    out
}

/// The plan projects naming each school, in plan order (each project once per
/// school): a school's projects are found in constant time instead of by a
/// scan of every project's school list per school.
fn projects_by_school(projects: &[PlanProject]) -> HashMap<&str, Vec<&PlanProject>> {
    let mut out: HashMap<&str, Vec<&PlanProject>> = HashMap::new();
    for p in projects {
        for id in &p.schools {
            let list = out.entry(id.as_str()).or_default();
            if !list.last().is_some_and(|q| std::ptr::eq(*q, p)) {
                list.push(p);
            }
        }
    }
    out
}

/// `projects`: the plan projects naming `school`, in plan order.
fn changes(
    c: &mut Checker,
    year: u16,
    prev_year: u16,
    school: &School,
    projects: &[&PlanProject],
    before: &SchoolYear,
    now: &SchoolYear,
) {
    let b = c.p.standards.plausibility.clone();
    let min = b.change_min_students;
    if before.compulsory_students() < min || now.compulsory_students() < min {
        return;
    }
    // A relocation or new building of the plan explains changes in its period.
    let project = projects
        .iter()
        .find(|p| p.period[0] <= year && year <= p.period[1] + 1);
    let confirmed = now.confirmed_changes.clone().unwrap_or_default();
    let old = figures(before);
    for (field, path, v) in figures(now) {
        let Some((_, _, was)) = old
            .iter()
            .find(|(f, p, _)| *f == field && (p == &path || !field_is_per_level(field)))
        else {
            continue;
        };
        let was = *was;
        if was <= 0.0 || v <= 0.0 || confirmed.contains(&field) {
            continue;
        }
        let factor = if v > was { v / was } else { was / v };
        if factor <= b.max_change_factor {
            continue;
        }
        if project.is_some() && !matches!(field, ChangeField::Students | ChangeField::Teachers) {
            continue;
        }
        let level = path
            .split('.')
            .next()
            .and_then(|k| Level::ALL.into_iter().find(|l| l.key() == k))
            .filter(|_| field_is_per_level(field))
            .map_or(String::new(), |l| l.zh().to_string());
        c.warning(
            &now.origin,
            &path,
            format!(
                "数据可能有误：{}的{level}{}从 {prev_year} 年的 {} 变为 {year} 年的 {}，变化超过 {} 倍：请核对是否多写或少写了一位数；如确实如此（如集中采购、新建校舍），可在该校条目中写 `confirmed_changes: [{}]` 确认",
                who(school),
                field.zh(),
                num(was),
                num(v),
                num(b.max_change_factor),
                field.key()
            ),
        );
    }
}

fn field_is_per_level(f: ChangeField) -> bool {
    matches!(f, ChangeField::Students | ChangeField::Teachers)
}

fn salaries(c: &mut Checker, d: &YearData, prev: &YearData) {
    // A provisional year (as `new-year` starts it) may still hold last year's
    // figures; once final, identical salaries are unlikely.
    if !c.p.standards.plausibility.warn_unchanged_salaries
        || d.status == crate::model::year::Status::Provisional
    {
        return;
    }
    let (Some(now), Some(was)) = (&d.county.salaries, &prev.county.salaries) else {
        return;
    };
    // Placed only at a problem: placing it may parse the year's files again.
    let mut origin = None;
    for (key, zh, a, b) in [
        (
            "teachers_avg_yuan",
            "教师平均工资收入",
            now.teachers_avg_yuan,
            was.teachers_avg_yuan,
        ),
        (
            "civil_servants_avg_yuan",
            "当地公务员平均工资收入",
            now.civil_servants_avg_yuan,
            was.civil_servants_avg_yuan,
        ),
    ] {
        if a == b && a > 0.0 {
            let origin = origin.get_or_insert_with(|| {
                let file = super::years::file_for(c, d, &["county.salaries"]);
                super::root(file, "county")
            });
            c.warning(
                origin,
                &format!("salaries.{key}"),
                format!(
                    "数据可能有误：{} 年的{zh} {} 元与 {} 年完全相同，多为沿用上一年的数据而未更新：请按本年度统计填写",
                    d.year,
                    num(a),
                    prev.year
                ),
            );
        }
    }
}
