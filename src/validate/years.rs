//! A year's school entries against the registry: unknown, duplicate, missing
//! and out-of-existence schools. Each entry's own fields are in `entry`.

use super::registry::existence;
use super::{entry, Checker};
use crate::model::{FileId, Origin, School, YearData};

pub(crate) fn check(c: &mut Checker, d: &YearData) {
    for s in &d.schools {
        let school = if c.registry_ok() {
            known_school(c, d, &s.school, &s.origin)
        } else {
            None
        };
        entry::check(c, s, school);
    }
    c.duplicates(
        d.schools
            .iter()
            .map(|s| (s.school.as_str(), s.origin.clone())),
        "school",
        "学校",
        &format!("{} 年的数据中，该校", d.year),
    );
    if c.registry_ok() {
        missing_schools(c, d);
    }
}

/// The registry entry of `id`, if it exists in the year; reports why not.
fn known_school<'a>(
    c: &mut Checker<'a>,
    d: &YearData,
    id: &str,
    origin: &Origin,
) -> Option<&'a School> {
    let p = c.p;
    let Some(school) = p.school(id) else {
        let msg = c.unknown_school(id);
        c.error(origin, "school", msg);
        return None;
    };
    if !school.exists_in(d.year) {
        c.error(
            origin,
            "school",
            format!(
                "学校 `{id}`（{}）在 {} 年不存在（`data/schools.yaml` 中 {}）：请删除这条记录，或改正该校的 `opened`/`closed`",
                school.name,
                d.year,
                existence(school)
            ),
        );
        return None;
    }
    Some(school)
}

fn missing_schools(c: &mut Checker, d: &YearData) {
    let p = c.p;
    let missing: Vec<_> = p
        .registry
        .schools
        .iter()
        .filter(|s| s.exists_in(d.year) && d.school(&s.id).is_none())
        .collect();
    if missing.is_empty() {
        // No anchor either: placing it may parse the year's files again.
        return;
    }
    let anchor = year_anchor(c, d, "schools");
    for s in missing {
        c.error(
            &anchor,
            "",
            format!(
                "{} 年缺少学校 `{}`（{}）的数据：该校 {} 年存在（`data/schools.yaml` 中 {}），每个存在的学校每年都要有一条 `- school: {}` 记录",
                d.year,
                s.id,
                s.name,
                d.year,
                existence(s),
                s.id
            ),
        );
    }
}

/// The file of the year a problem about `paths` is shown in: the first of the
/// year's files that writes a value at the first of `paths` (else at the next
/// one), else the file with the year's header. A year of one file is that file
/// whatever it writes, and is answered without building its positions (a clean
/// run of a large county then builds none).
pub(crate) fn file_for(c: &Checker, d: &YearData, paths: &[&str]) -> FileId {
    if let [only] = d.files[..] {
        return only;
    }
    paths
        .iter()
        .find_map(|path| {
            d.files
                .iter()
                .copied()
                .find(|f| c.p.file(*f).map().contains(path))
        })
        .unwrap_or(d.header.file)
}

/// Where a year-level problem about `key` is shown: the first of the year's
/// files that writes `key`, else the file with the year's header.
pub(crate) fn year_anchor(c: &Checker, d: &YearData, key: &str) -> Origin {
    let file = file_for(c, d, &[key]);
    super::root(file, key)
}
