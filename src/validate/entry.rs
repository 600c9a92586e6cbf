//! One school's entry in a year: section blocks for its type, senior pupils,
//! assets per section or shared, music and art rooms, class sizes, teachers
//! and funds.

use super::{code_list, num, Checker};
use crate::model::year::{SchoolYear, Section, ASSET_KEYS};
use crate::model::{Level, Origin, School, SchoolType};

/// Check an entry; `school` is its registry entry when known and existing that year.
pub(crate) fn check(c: &mut Checker, s: &SchoolYear, school: Option<&School>) {
    if let Some(school) = school {
        section_blocks(c, s, school);
        senior_students(c, s, school);
        special_students(c, s, school);
        rooms(c, s, school);
    }
    let sections = sections(s, school);
    assets(c, s, &sections);
    for (level, sec) in &sections {
        section(c, s, *level, sec);
    }
    funds(c, s, school);
}

/// The section blocks to check: those written, and (when the type is known) that it has.
fn sections<'s>(s: &'s SchoolYear, school: Option<&School>) -> Vec<(Level, &'s Section)> {
    Level::ALL
        .into_iter()
        .filter(|l| school.is_none_or(|sc| sc.kind.has(*l)))
        .filter_map(|l| s.section(l).map(|sec| (l, sec)))
        .collect()
}

/// The path of `name` in the section block of `level`: `primary.students`.
fn field(level: Level, name: &str) -> String {
    format!("{}.{name}", level.key())
}

/// What a school of this type writes: "`primary`、`junior`".
fn blocks_of(kind: SchoolType) -> String {
    if kind.levels().is_empty() {
        "不写学段数据块（特殊教育学校不计入学段统计，可写 `special_students`、`shared`）".into()
    } else {
        format!(
            "应写 {} 数据块",
            code_list(kind.levels().iter().map(|l| l.key()))
        )
    }
}

fn section_blocks(c: &mut Checker, s: &SchoolYear, school: &School) {
    let kind = school.kind;
    for level in Level::ALL {
        match (kind.has(level), s.section(level).is_some()) {
            (false, true) => c.error_key(
                &s.origin,
                level.key(),
                format!(
                    "{} `{}`（{}）没有{}学段，不能写 `{}`：`{}` 类型的学校{}",
                    kind.zh(),
                    school.id,
                    school.name,
                    level.zh(),
                    level.key(),
                    kind.key(),
                    blocks_of(kind)
                ),
            ),
            (true, false) => c.error(
                &s.origin,
                "",
                format!(
                    "缺少 `{}`（{}学段）数据块：{} `{}`（{}）{}",
                    level.key(),
                    level.zh(),
                    kind.zh(),
                    school.id,
                    school.name,
                    blocks_of(kind)
                ),
            ),
            _ => {}
        }
    }
}

fn senior_students(c: &mut Checker, s: &SchoolYear, school: &School) {
    let kind = school.kind;
    match (kind.has_senior(), s.senior_students.is_some()) {
        (true, false) => c.error(
            &s.origin,
            "",
            format!(
                "缺少 `senior_students`（高中学生数）：{}必须填写，用于按加权学生数分摊 `shared` 中的资产",
                kind.zh()
            ),
        ),
        (false, true) => c.error_key(
            &s.origin,
            "senior_students",
            format!(
                "只有十二年一贯制学校和完全中学填写 `senior_students`；本校类型为 `{}`（{}）。请删除此项",
                kind.key(),
                kind.zh()
            ),
        ),
        _ => {}
    }
}

fn special_students(c: &mut Checker, s: &SchoolYear, school: &School) {
    if s.special_students.is_some() && school.kind != SchoolType::Special {
        c.error_key(
            &s.origin,
            "special_students",
            format!(
                "只有特殊教育学校填写 `special_students`；本校类型为 `{}`（{}）。普通学校的学生数写在学段数据块的 `students` 中",
                school.kind.key(),
                school.kind.zh()
            ),
        );
    }
}

/// Whether the school has a section the assessment counts this year, or item 3
/// (rooms) judges it: either way its rooms must be written.
fn counted(c: &Checker, s: &SchoolYear, school: &School) -> bool {
    let st = &c.p.standards;
    let min = st.teaching_point_min_students;
    let students = |l| s.section(l).map_or(0, |sec: &Section| sec.students);
    let pupils = school
        .kind
        .levels()
        .iter()
        .map(|l| students(*l))
        .fold(0, u64::saturating_add);
    school.kind.levels().iter().any(|l| {
        let n = students(*l);
        n > 0
            && (school.kind != SchoolType::TeachingPoint
                || n >= min
                || st.rooms_judged(school.kind, pupils))
    })
}

fn rooms(c: &mut Checker, s: &SchoolYear, school: &School) {
    if !counted(c, s, school) {
        return;
    }
    for (key, zh, example, given) in [
        (
            "music_rooms_m2",
            "音乐教室",
            "[96, 100]",
            s.music_rooms_m2.is_some(),
        ),
        (
            "art_rooms_m2",
            "美术教室",
            "[90, 92]",
            s.art_rooms_m2.is_some(),
        ),
    ] {
        if !given {
            c.error(
                &s.origin,
                "",
                format!(
                    "缺少 `{key}`（每间{zh}的面积，平方米）：计入评估的学校必须填写，如 `{key}: {example}`；没有{zh}请写 `{key}: []`"
                ),
            );
        }
    }
}

/// Each asset per section or under `shared`: never both, never neither.
fn assets(c: &mut Checker, s: &SchoolYear, sections: &[(Level, &Section)]) {
    let in_shared = |key| s.shared.as_ref().is_some_and(|a| a.get(key).is_some());
    for (level, sec) in sections {
        let own = sec.assets();
        let mut missing = Vec::new();
        for key in ASSET_KEYS {
            match (own.get(key).is_some(), in_shared(key)) {
                (true, true) => {
                    let here = field(*level, key);
                    let other = Origin {
                        file: s.origin.file,
                        path: s.origin.at(&format!("shared.{key}")),
                    };
                    let msg = format!(
                        "资产 `{key}` 写了两处：`{}` 和 `{}`（{}）：每项资产只能按学段填写，或在 `shared` 中填写全校合计，不能两处都写",
                        s.origin.at(&here),
                        other.path,
                        c.place_text(&other)
                    );
                    c.error(&s.origin, &here, msg);
                }
                (false, false) => missing.push(key),
                _ => {}
            }
        }
        if !missing.is_empty() {
            c.error(
                &s.origin,
                level.key(),
                format!(
                    "缺少资产数据 {}：应写在 `{}` 中，或在 `shared` 中填写全校合计，现在两处都没有",
                    code_list(missing.iter().copied()),
                    level.key()
                ),
            );
        }
    }
}

fn section(c: &mut Checker, s: &SchoolYear, level: Level, sec: &Section) {
    teachers(c, s, level, sec);
    if sec.students == 0 {
        c.warning(
            &s.origin,
            &field(level, "students"),
            format!(
                "{}学段学生数为 0：该学段不计入评估计算（已排除）",
                level.zh()
            ),
        );
        if sec.classes == 0 {
            return;
        }
    }
    if sec.classes == 0 {
        c.error(
            &s.origin,
            &field(level, "classes"),
            format!(
                "`classes` 为 0，但 `students` 为 {}：有学生就应至少有 1 个班（只有学生数为 0 时班级数才能为 0）",
                sec.students
            ),
        );
        return;
    }
    match &sec.class_sizes {
        Some(sizes) => class_sizes(c, s, level, sec, sizes),
        None => max_class_size(c, s, level, sec),
    }
}

const TEACHER_SUBSETS: [(&str, &str); 4] = [
    ("qualified_teachers", "高于规定学历的教师"),
    ("backbone_teachers", "县级以上骨干教师"),
    ("pe_art_teachers", "体育、艺术专任教师"),
    ("certified_teachers", "持教师资格证的教师"),
];

fn teachers(c: &mut Checker, s: &SchoolYear, level: Level, sec: &Section) {
    let values = [
        sec.qualified_teachers,
        sec.backbone_teachers,
        sec.pe_art_teachers,
        sec.certified_teachers,
    ];
    for ((key, zh), v) in TEACHER_SUBSETS.iter().zip(values) {
        if v > sec.teachers {
            c.error(
                &s.origin,
                &field(level, key),
                format!(
                    "`{key}` 为 {v}，超过专任教师数 `teachers` {}：{zh}是专任教师的一部分，应不超过 {}",
                    sec.teachers, sec.teachers
                ),
            );
        }
    }
}

fn class_sizes(c: &mut Checker, s: &SchoolYear, level: Level, sec: &Section, sizes: &[u64]) {
    if sizes.len() as u64 != sec.classes {
        c.error(
            &s.origin,
            &field(level, "class_sizes"),
            format!(
                "`class_sizes` 有 {} 项，但 `classes` 为 {}：应为每个班写一个人数，共 {} 项",
                sizes.len(),
                sec.classes,
                sec.classes
            ),
        );
    }
    let sum = sizes.iter().fold(0u64, |a, b| a.saturating_add(*b));
    if sum != sec.students {
        c.error(
            &s.origin,
            &field(level, "class_sizes"),
            format!(
                "`class_sizes` 各项之和为 {sum}，但 `students` 为 {}：各班人数之和应等于学生数",
                sec.students
            ),
        );
    }
    let largest = sizes.iter().copied().max().unwrap_or(0);
    if let Some(m) = sec.max_class_size {
        if m != largest {
            c.error(
                &s.origin,
                &field(level, "max_class_size"),
                format!(
                    "`max_class_size` 为 {m}，但 `class_sizes` 中最大的班为 {largest} 人：两者应相等（写了 `class_sizes` 时可以不写 `max_class_size`）"
                ),
            );
        }
    }
}

fn max_class_size(c: &mut Checker, s: &SchoolYear, level: Level, sec: &Section) {
    let Some(m) = sec.max_class_size else {
        c.error(
            &s.origin,
            level.key(),
            "缺少班额数据：应写 `class_sizes`（各班人数）或 `max_class_size`（最大班额），现在两者都没有",
        );
        return;
    };
    if m.saturating_mul(sec.classes) < sec.students {
        c.error(
            &s.origin,
            &field(level, "max_class_size"),
            format!(
                "`max_class_size` 为 {m}，低于平均班额 {}（{} 人 ÷ {} 个班）：最大班额不可能小于平均班额",
                average(sec.students, sec.classes),
                sec.students,
                sec.classes
            ),
        );
    }
}

/// `students / classes` to at most one decimal: `45`, `45.5`.
fn average(students: u64, classes: u64) -> String {
    let avg = students as f64 / classes as f64;
    let text = format!("{avg:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

fn funds(c: &mut Checker, s: &SchoolYear, school: Option<&School>) {
    if let (Some(public), Some(_)) = (s.public_funds_yuan, s.training_funds_yuan) {
        if public == 0.0 {
            let who = school.map_or_else(
                || format!("`{}`", s.school),
                |sc| format!("{}（`{}`）", sc.name, sc.id),
            );
            c.warning(
                &s.origin,
                "public_funds_yuan",
                format!(
                    "{who}的 `public_funds_yuan` 为 0：教师培训经费占公用经费的比例分母为 0，无法计算，该校此项显示为“暂无数据”（不计为达标）"
                ),
            );
        }
    }
    if let (Some(public), Some(training)) = (s.public_funds_yuan, s.training_funds_yuan) {
        if training > public {
            c.error(
                &s.origin,
                "training_funds_yuan",
                format!(
                    "`training_funds_yuan`（{} 元）超过 `public_funds_yuan`（{} 元）：教师培训经费是年度公用经费的一部分，不能比它多",
                    num(training),
                    num(public)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::average;

    #[test]
    fn averages() {
        assert_eq!(average(90, 2), "45");
        assert_eq!(average(91, 2), "45.5");
        assert_eq!(average(100, 3), "33.3");
    }
}
