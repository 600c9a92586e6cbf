//! Sections (学段) of a year: through schools split into their primary and
//! junior parts, shared assets divided by weighted enrollment, and the
//! sections the assessment does not count left out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Warning;
use crate::load::Project;
use crate::model::schools::{School, SchoolType};
use crate::model::standards::{PerLevel, SplitWeights, Standards};
use crate::model::year::{SchoolYear, Section, YearData};
use crate::model::Level;

/// The four assets of one section, after the split.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SectionAssets {
    pub teaching_area_m2: f64,
    pub sports_area_m2: f64,
    pub equipment_value_yuan: f64,
    /// May be fractional when split from `shared`.
    pub multimedia_rooms: f64,
}

/// One counted section: what the seven indicators are computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountedSection {
    pub school: String,
    pub name: String,
    pub school_type: SchoolType,
    pub level: Level,
    pub students: u64,
    pub classes: u64,
    pub teachers: u64,
    pub qualified_teachers: u64,
    pub backbone_teachers: u64,
    pub pe_art_teachers: u64,
    pub certified_teachers: u64,
    pub assets: SectionAssets,
    /// This section's share of the school's `shared` assets (1 for a single-section school).
    pub shared_share: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// A teaching point below `teaching_point_min_students`.
    SmallTeachingPoint,
    /// A section with no pupils.
    NoPupils,
    /// A special-education school.
    SpecialSchool,
}

impl ExclusionReason {
    pub fn zh(self) -> &'static str {
        match self {
            ExclusionReason::SmallTeachingPoint => "学生数不足规定人数的教学点，不计入",
            ExclusionReason::NoPupils => "该学段没有学生，不计入",
            ExclusionReason::SpecialSchool => "特殊教育学校，不计入",
        }
    }
}

/// A school or section the assessment leaves out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    pub school: String,
    pub name: String,
    pub level: Option<Level>,
    pub students: u64,
    pub reason: ExclusionReason,
}

/// The sections of one year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sections {
    /// Counted sections, sorted by school id (byte order), then level.
    pub counted: Vec<CountedSection>,
    pub excluded: Vec<Excluded>,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

impl Sections {
    pub fn level(&self, level: Level) -> impl Iterator<Item = &CountedSection> {
        self.counted.iter().filter(move |s| s.level == level)
    }
    /// Ids of the schools with at least one counted section (of `level`, or of any level).
    pub fn schools(&self, level: Option<Level>) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .counted
            .iter()
            .filter(|s| level.is_none_or(|l| s.level == l))
            .map(|s| s.school.as_str())
            .collect();
        ids.dedup();
        ids
    }
}

/// Each section's weight in the split of shared assets: pupils × the level's factor.
/// Returns the shares of the school's `shared` assets for primary and junior
/// (the senior part of twelve-year and complete middle schools takes the rest).
pub fn split_shares(
    kind: SchoolType,
    primary: u64,
    junior: u64,
    senior: u64,
    w: &SplitWeights,
) -> PerLevel<f64> {
    let (p, j, s) = (primary as f64, junior as f64, senior as f64);
    let (wp, wj) = match kind {
        SchoolType::NineYear => (p, w.nine_year_junior * j),
        SchoolType::TwelveYear => (p, w.twelve_year_junior * j),
        SchoolType::CompleteMiddle => (0.0, j),
        SchoolType::Primary | SchoolType::TeachingPoint => {
            return PerLevel {
                primary: 1.0,
                junior: 0.0,
            }
        }
        SchoolType::Junior => {
            return PerLevel {
                primary: 0.0,
                junior: 1.0,
            }
        }
        SchoolType::Special => {
            return PerLevel {
                primary: 0.0,
                junior: 0.0,
            }
        }
    };
    let ws = match kind {
        SchoolType::TwelveYear => w.twelve_year_senior * s,
        SchoolType::CompleteMiddle => w.complete_middle_senior * s,
        _ => 0.0,
    };
    let total = wp + wj + ws;
    if total <= 0.0 || !total.is_finite() {
        return PerLevel {
            primary: 0.0,
            junior: 0.0,
        };
    }
    PerLevel {
        primary: wp / total,
        junior: wj / total,
    }
}

/// A section's assets: each as given for the section, else its share of `shared`.
fn section_assets(section: &Section, entry: &SchoolYear, share: f64) -> SectionAssets {
    let shared = entry.shared.clone().unwrap_or_default();
    let pick = |own: Option<f64>, whole: Option<f64>| match own {
        Some(v) => v,
        None => whole.map_or(0.0, |v| v * share),
    };
    SectionAssets {
        teaching_area_m2: pick(section.teaching_area_m2, shared.teaching_area_m2),
        sports_area_m2: pick(section.sports_area_m2, shared.sports_area_m2),
        equipment_value_yuan: pick(section.equipment_value_yuan, shared.equipment_value_yuan),
        multimedia_rooms: pick(
            section.multimedia_rooms.map(|v| v as f64),
            shared.multimedia_rooms.map(|v| v as f64),
        ),
    }
}

/// Pupils in the compulsory stage (primary + junior) of a school's entry.
pub fn compulsory_students(entry: &SchoolYear) -> u64 {
    super::total(
        Level::ALL
            .iter()
            .filter_map(|l| entry.section(*l))
            .map(|s| s.students),
    )
}

/// The sections of one school's entry: counted ones and exclusions.
fn school_sections(
    school: &School,
    entry: &SchoolYear,
    standards: &Standards,
    year: u16,
    out: &mut Sections,
) {
    if school.kind == SchoolType::Special {
        out.excluded.push(Excluded {
            school: school.id.clone(),
            name: school.name.clone(),
            level: None,
            students: entry.special_students.unwrap_or(0),
            reason: ExclusionReason::SpecialSchool,
        });
        return;
    }
    let pupils = |l: Level| entry.section(l).map_or(0, |s| s.students);
    let shares = split_shares(
        school.kind,
        pupils(Level::Primary),
        pupils(Level::Junior),
        entry.senior_students.unwrap_or(0),
        &standards.split_weights,
    );
    for &level in school.kind.levels() {
        let Some(section) = entry.section(level) else {
            continue;
        };
        let exclude = |reason| Excluded {
            school: school.id.clone(),
            name: school.name.clone(),
            level: Some(level),
            students: section.students,
            reason,
        };
        if section.students == 0 {
            out.excluded.push(exclude(ExclusionReason::NoPupils));
            out.warnings.push(Warning::school(
                year,
                &school.id,
                format!(
                    "{}（{}）{}学段没有学生，未计入指标计算",
                    school.name,
                    school.id,
                    level.zh()
                ),
            ));
            continue;
        }
        if school.kind == SchoolType::TeachingPoint
            && section.students < standards.teaching_point_min_students
        {
            out.excluded
                .push(exclude(ExclusionReason::SmallTeachingPoint));
            continue;
        }
        let share = shares.get(level);
        out.counted.push(CountedSection {
            school: school.id.clone(),
            name: school.name.clone(),
            school_type: school.kind,
            level,
            students: section.students,
            classes: section.classes,
            teachers: section.teachers,
            qualified_teachers: section.qualified_teachers,
            backbone_teachers: section.backbone_teachers,
            pe_art_teachers: section.pe_art_teachers,
            certified_teachers: section.certified_teachers,
            assets: section_assets(section, entry, share),
            shared_share: share,
        });
    }
}

/// The year's school entries with their registry record (schools that exist that year).
pub fn school_entries<'a>(
    project: &'a Project,
    year: &'a YearData,
) -> impl Iterator<Item = (&'a School, &'a SchoolYear)> {
    year.schools.iter().filter_map(move |e| {
        project
            .school(&e.school)
            .filter(|s| s.exists_in(year.year))
            .map(|s| (s, e))
    })
}

/// The counted and excluded sections of `year`.
pub fn counted_sections(project: &Project, year: &YearData) -> Sections {
    let mut out = Sections::default();
    for (school, entry) in school_entries(project, year) {
        school_sections(school, entry, &project.standards, year.year, &mut out);
    }
    out.counted
        .sort_by(|a, b| (a.school.as_bytes(), a.level).cmp(&(b.school.as_bytes(), b.level)));
    out.excluded
        .sort_by(|a, b| (a.school.as_bytes(), a.level).cmp(&(b.school.as_bytes(), b.level)));
    out
}

/// For the `check` summary: the number of counted sections per level in `year`
/// (`None` when the year has no data).
pub fn counted_section_counts(project: &Project, year: u16) -> Option<PerLevel<usize>> {
    let data = project.years.get(&year)?;
    let s = counted_sections(project, data);
    Some(PerLevel {
        primary: s.level(Level::Primary).count(),
        junior: s.level(Level::Junior).count(),
    })
}

/// For the `check` summary: counted sections per level for every year with data.
pub fn counted_section_counts_by_year(project: &Project) -> BTreeMap<u16, PerLevel<usize>> {
    project
        .years
        .keys()
        .filter_map(|&y| counted_section_counts(project, y).map(|c| (y, c)))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Shares of the default weights.
    fn shares(kind: SchoolType, p: u64, j: u64, s: u64) -> PerLevel<f64> {
        split_shares(kind, p, j, s, &SplitWeights::default())
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn nine_year_split_by_hand() {
        // 400 primary, 200 junior: primary share 400 / (400 + 1.1·200) = 400/620.
        let sh = shares(SchoolType::NineYear, 400, 200, 0);
        assert!(close(sh.primary, 400.0 / 620.0));
        assert!(close(sh.junior, 220.0 / 620.0));
        // 6200 m² shared → 4000 primary, 2200 junior.
        assert!(close(6200.0 * sh.primary, 4000.0));
        assert!(close(6200.0 * sh.junior, 2200.0));
    }

    #[test]
    fn twelve_year_split_by_hand() {
        // 100 : 1.1·100 : 1.32·100 → 100/342, 110/342, senior takes 132/342.
        let sh = shares(SchoolType::TwelveYear, 100, 100, 100);
        assert!(close(sh.primary, 100.0 / 342.0));
        assert!(close(sh.junior, 110.0 / 342.0));
        assert!(close(3420.0 * sh.junior, 1100.0));
    }

    #[test]
    fn complete_middle_split_by_hand() {
        // junior 600, senior 500: 600 / (600 + 1.2·500) = 0.5.
        let sh = shares(SchoolType::CompleteMiddle, 0, 600, 500);
        assert!(close(sh.junior, 0.5));
        assert_eq!(sh.primary, 0.0);
    }

    #[test]
    fn single_section_schools_take_all_of_shared() {
        assert_eq!(shares(SchoolType::Primary, 300, 0, 0).primary, 1.0);
        assert_eq!(shares(SchoolType::Junior, 0, 300, 0).junior, 1.0);
        assert_eq!(shares(SchoolType::TeachingPoint, 60, 0, 0).primary, 1.0);
        // A nine-year school whose junior part is empty: primary takes all.
        assert_eq!(shares(SchoolType::NineYear, 300, 0, 0).primary, 1.0);
        // Nothing to split: no NaN.
        let z = shares(SchoolType::NineYear, 0, 0, 0);
        assert_eq!((z.primary, z.junior), (0.0, 0.0));
    }

    #[test]
    fn shares_are_in_0_1_and_sum_to_at_most_1() {
        let kinds = [
            SchoolType::NineYear,
            SchoolType::TwelveYear,
            SchoolType::CompleteMiddle,
        ];
        for kind in kinds {
            for p in [0u64, 1, 37, 400, 2500] {
                for j in [0u64, 1, 89, 1200] {
                    for s in [0u64, 5, 900] {
                        let sh = shares(kind, p, j, s);
                        assert!((0.0..=1.0).contains(&sh.primary));
                        assert!((0.0..=1.0).contains(&sh.junior));
                        assert!(sh.primary + sh.junior <= 1.0 + 1e-12);
                    }
                }
            }
        }
    }

    #[test]
    fn weights_come_from_the_standards() {
        let w = SplitWeights {
            nine_year_junior: 1.0,
            ..SplitWeights::default()
        };
        let sh = split_shares(SchoolType::NineYear, 100, 100, 0, &w);
        assert!(close(sh.primary, 0.5));
    }
}
