//! The county's basic facts of a year (表Ⅰ 基本情况): schools by type with
//! their classes, pupils and full-time teachers, summed from the year's
//! school entries. Counts every school that exists that year, counted for the
//! resource indicators or not (teaching points, special schools included).
//!
//! Pure: reads the loaded project, never formats for display.

use serde::Serialize;

use super::sections::school_entries;
use super::total;
use crate::load::Project;
use crate::model::schools::SchoolType;
use crate::model::year::YearData;
use crate::model::Level;

/// One school type's totals (or the county's, with `school_type: null`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeFacts {
    pub school_type: Option<SchoolType>,
    pub schools: usize,
    /// Classes of the compulsory stage (primary + junior).
    pub classes: u64,
    pub primary_students: u64,
    pub junior_students: u64,
    /// Pupils of special-education schools (`special_students`).
    pub special_students: u64,
    /// Full-time teachers (专任教师) of the compulsory stage.
    pub teachers: u64,
}

impl TypeFacts {
    fn add(&mut self, other: &TypeFacts) {
        self.schools += other.schools;
        self.classes = total([self.classes, other.classes]);
        self.primary_students = total([self.primary_students, other.primary_students]);
        self.junior_students = total([self.junior_students, other.junior_students]);
        self.special_students = total([self.special_students, other.special_students]);
        self.teachers = total([self.teachers, other.teachers]);
    }
}

/// A year's basic facts: one row per school type present (in the types'
/// declared order: 小学, 初级中学, 九年一贯制…, 教学点, 特殊教育学校) and the total.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Basics {
    pub by_type: Vec<TypeFacts>,
    pub total: TypeFacts,
}

/// The declared order of the school types.
const TYPES: [SchoolType; 7] = [
    SchoolType::Primary,
    SchoolType::Junior,
    SchoolType::NineYear,
    SchoolType::TwelveYear,
    SchoolType::CompleteMiddle,
    SchoolType::TeachingPoint,
    SchoolType::Special,
];

/// The basic facts of `year`.
pub fn basics(project: &Project, year: &YearData) -> Basics {
    let mut by_type: Vec<TypeFacts> = TYPES
        .iter()
        .map(|t| TypeFacts {
            school_type: Some(*t),
            ..TypeFacts::default()
        })
        .collect();
    for (school, entry) in school_entries(project, year) {
        let Some(row) = by_type
            .iter_mut()
            .find(|r| r.school_type == Some(school.kind))
        else {
            continue;
        };
        let sec = |l: Level| entry.section(l);
        let one = TypeFacts {
            school_type: None,
            schools: 1,
            classes: total(Level::ALL.iter().filter_map(|l| sec(*l)).map(|s| s.classes)),
            primary_students: sec(Level::Primary).map_or(0, |s| s.students),
            junior_students: sec(Level::Junior).map_or(0, |s| s.students),
            special_students: entry.special_students.unwrap_or(0),
            teachers: total(
                Level::ALL
                    .iter()
                    .filter_map(|l| sec(*l))
                    .map(|s| s.teachers),
            ),
        };
        row.add(&one);
    }
    by_type.retain(|r| r.schools > 0);
    let mut all = TypeFacts::default();
    for r in &by_type {
        all.add(r);
    }
    Basics {
        by_type,
        total: all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Project {
        crate::load::fixture("tests/fixtures/compute/small")
    }

    #[test]
    fn sums_by_type_and_total() {
        let p = small();
        let y = &p.years[&2024];
        let b = basics(&p, y);
        // Every type present once, in the declared order, none empty.
        let types: Vec<SchoolType> = b.by_type.iter().filter_map(|r| r.school_type).collect();
        let mut sorted = types.clone();
        sorted.sort_by_key(|t| TYPES.iter().position(|x| x == t));
        assert_eq!(types, sorted);
        assert!(b.by_type.iter().all(|r| r.schools > 0));
        // The total is the sum of the rows and of the year's entries.
        let entries: Vec<_> = school_entries(&p, y).collect();
        assert_eq!(b.total.schools, entries.len());
        let students: u64 = entries.iter().map(|(_, e)| e.compulsory_students()).sum();
        assert_eq!(b.total.primary_students + b.total.junior_students, students);
        let teachers: u64 = entries
            .iter()
            .flat_map(|(_, e)| Level::ALL.iter().filter_map(|l| e.section(*l)))
            .map(|s| s.teachers)
            .sum();
        assert_eq!(b.total.teachers, teachers);
        assert_eq!(
            b.total.classes,
            b.by_type.iter().map(|r| r.classes).sum::<u64>()
        );
        // The nine-year school counts its two sections under one type row.
        let nine = b
            .by_type
            .iter()
            .find(|r| r.school_type == Some(SchoolType::NineYear))
            .expect("nine-year row");
        assert_eq!(nine.schools, 1);
        assert!(nine.primary_students > 0 && nine.junior_students > 0);
    }
}
