//! `data/schools.yaml`: ids, existence years, mergers and teaching points.

use super::{entries, entry, Checker};
use crate::model::{Origin, School, SchoolType};

pub(crate) fn check(c: &mut Checker) {
    let Some(file) = c.p.registry_file else {
        return;
    };
    let p = c.p;
    let schools = &p.registry.schools;
    for (i, s) in schools.iter().enumerate() {
        let o = entry(file, "schools", i);
        check_id(c, &o, &s.id);
        check_years(c, &o, s);
        check_merger(c, &o, s);
        check_parent(c, &o, s);
    }
    let ids = entries(file, "schools", schools.iter().map(|s| s.id.as_str()));
    c.duplicates(ids, "id", "学校 id", "");
}

/// Whether `id` starts with a lowercase letter, then lowercase letters, digits and `-`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_id(c: &mut Checker, o: &Origin, id: &str) {
    if !is_valid_id(id) {
        c.error(
            o,
            "id",
            format!(
                "学校 id `{id}` 格式不对：应以小写英文字母开头，只含小写字母、数字和 `-`（如 `nanbin-zhongxue`）"
            ),
        );
    }
}

fn check_years(c: &mut Checker, o: &Origin, s: &School) {
    if let (Some(opened), Some(closed)) = (s.opened, s.closed) {
        if opened > closed {
            c.error(
                o,
                "closed",
                format!("`closed: {closed}` 早于 `opened: {opened}`：停办年份应不早于开办年份"),
            );
        }
    }
}

fn check_merger(c: &mut Checker, o: &Origin, s: &School) {
    let Some(target) = &s.merged_into else {
        return;
    };
    if s.closed.is_none() {
        c.error(
            o,
            "merged_into",
            "写了 `merged_into` 就必须写 `closed`（并入前存在的最后一年），现在 `closed` 为空",
        );
    }
    if *target == s.id {
        c.error(o, "merged_into", "`merged_into` 不能是本校自己的 id");
    } else if c.school(target).is_none() {
        let msg = c.unknown_school(target);
        c.error(o, "merged_into", msg);
    }
}

const PARENT_TYPES: [SchoolType; 3] = [
    SchoolType::Primary,
    SchoolType::NineYear,
    SchoolType::TwelveYear,
];

fn check_parent(c: &mut Checker, o: &Origin, s: &School) {
    let is_point = s.kind == SchoolType::TeachingPoint;
    let Some(parent_id) = &s.parent else {
        if is_point {
            c.error(
                o,
                "",
                format!(
                    "教学点 `{}` 缺少 `parent`：应填写所属中心校（小学、九年一贯制或十二年一贯制学校）的 id",
                    s.id
                ),
            );
        }
        return;
    };
    if !is_point {
        c.error_key(
            o,
            "parent",
            format!(
                "只有教学点（`type: teaching_point`）填写 `parent`；本校类型为 `{}`（{}）。请删除 `parent`，或改正 `type`",
                s.kind.key(),
                s.kind.zh()
            ),
        );
        return;
    }
    let Some(parent) = c.school(parent_id) else {
        let msg = c.unknown_school(parent_id);
        c.error(o, "parent", msg);
        return;
    };
    if !PARENT_TYPES.contains(&parent.kind) {
        let msg = format!(
            "`parent` 应为小学、九年一贯制或十二年一贯制学校，实际 `{}`（{}）是{}（`{}`）",
            parent.id,
            parent.name,
            parent.kind.zh(),
            parent.kind.key()
        );
        c.error(o, "parent", msg);
        return;
    }
    let Some([first, last]) = c.period() else {
        return;
    };
    let orphan = (first..=last).find(|y| s.exists_in(*y) && !parent.exists_in(*y));
    if let Some(year) = orphan {
        let msg = format!(
            "所属学校 `{}`（{}）在 {year} 年不存在（{}），而本教学点该年存在：所属学校必须在教学点存在的各年都存在",
            parent.id,
            parent.name,
            existence(parent)
        );
        c.error(o, "parent", msg);
    }
}

/// "2024 年开办" / "存在于 2020—2023 年": a school's years, for messages.
pub(crate) fn existence(s: &School) -> String {
    match (s.opened, s.closed) {
        (None, None) => "未写开办、停办年份，各年都存在".to_string(),
        (Some(o), None) => format!("`opened: {o}`，{o} 年起存在"),
        (None, Some(c)) => format!("`closed: {c}`，存在到 {c} 年"),
        (Some(o), Some(c)) => format!("`opened: {o}`、`closed: {c}`，存在于 {o}—{c} 年"),
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn ids() {
        assert!(is_valid_id("nanbin-zhongxue"));
        assert!(is_valid_id("a1-2"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("1abc"));
        assert!(!is_valid_id("Nanbin"));
        assert!(!is_valid_id("nan_bin"));
        assert!(!is_valid_id("南宾"));
    }
}
