//! 资源配置: the seven indicators per section, the per-section pass rule, and per
//! level the county value, the enrollment-weighted inter-school CV and the 达标率.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sections::{CountedSection, Sections};
use super::{finite, indicator_keys, ratio, total, Warning};
use crate::model::schools::SchoolType;
use crate::model::standards::{meets, within, Indicator, Standards};
use crate::model::Level;

/// What an indicator is computed from in a section: a count of teachers or
/// rooms, or an area or value.
pub fn amount(i: Indicator, s: &CountedSection) -> f64 {
    match i {
        Indicator::QualifiedTeachersPer100 => s.qualified_teachers as f64,
        Indicator::BackboneTeachersPer100 => s.backbone_teachers as f64,
        Indicator::PeArtTeachersPer100 => s.pe_art_teachers as f64,
        Indicator::TeachingAreaPerStudent => s.assets.teaching_area_m2,
        Indicator::SportsAreaPerStudent => s.assets.sports_area_m2,
        Indicator::EquipmentValuePerStudent => s.assets.equipment_value_yuan,
        Indicator::MultimediaRoomsPer100 => s.assets.multimedia_rooms,
    }
}

/// The indicator value of `amount` for `students` pupils: `100 × count / students`
/// for per-100 indicators (pinned order), else `total / students`.
pub fn per_student(i: Indicator, amount: f64, students: u64) -> Option<f64> {
    if i.per_100() {
        ratio(100.0 * amount, students as f64)
    } else {
        ratio(amount, students as f64)
    }
}

/// The enrollment-weighted population standard deviation around `mean`:
/// `sqrt(Σ (P_i/P)(X_i − mean)²)`.
pub fn weighted_sd(points: &[(u64, f64)], mean: f64) -> Option<f64> {
    let p = points.iter().map(|(p, _)| *p as f64).sum::<f64>();
    if p == 0.0 {
        return None;
    }
    let var: f64 = points
        .iter()
        .map(|&(pi, xi)| (pi as f64 / p) * (xi - mean) * (xi - mean))
        .sum();
    finite(var.sqrt())
}

/// `S / X̄`; `None` when `X̄` is 0 or there is nothing to weigh.
pub fn cv(points: &[(u64, f64)], mean: f64) -> Option<f64> {
    if mean == 0.0 {
        return None;
    }
    weighted_sd(points, mean).and_then(|s| ratio(s, mean))
}

/// The share of `n` out of `of`; `None` when `of` is 0.
pub fn share(n: usize, of: usize) -> Option<f64> {
    ratio(n as f64, of as f64)
}

/// One section's result (the pinned `sections[]` entry, with extra keys).
#[derive(Debug, Clone, Serialize)]
pub struct SectionResult {
    pub school: String,
    pub name: String,
    pub school_type: SchoolType,
    pub students: u64,
    pub classes: u64,
    #[serde(serialize_with = "indicator_keys::map")]
    pub values: BTreeMap<Indicator, f64>,
    /// What each value is computed from (teachers, rooms, area, value), after
    /// the shared-asset split: `values[i]` is `per_student(i, amounts[i], students)`.
    /// Not part of the pinned JSON (the formula workbook reads it).
    #[serde(skip)]
    pub amounts: BTreeMap<Indicator, f64>,
    /// How many of the seven values meet their standard.
    pub met: usize,
    /// At least `section_min_met` met and every other one at least `section_floor` × standard.
    pub passes: bool,
    /// The indicators not met, in the standard's order.
    #[serde(serialize_with = "indicator_keys::list")]
    pub unmet: Vec<Indicator>,
    /// Unmet indicators below the floor (these make the section fail).
    #[serde(serialize_with = "indicator_keys::list")]
    pub below_floor: Vec<Indicator>,
    /// Whether both area standards are met (for `rate.area.*`).
    pub meets_area: bool,
}

impl SectionResult {
    pub fn meets(&self, i: Indicator) -> bool {
        !self.unmet.contains(&i)
    }
}

/// Evaluate one section against its level's standards.
pub fn section_result(s: &CountedSection, standards: &Standards) -> SectionResult {
    let mut values = BTreeMap::new();
    let mut amounts = BTreeMap::new();
    let mut unmet = Vec::new();
    let mut below_floor = Vec::new();
    for i in Indicator::ALL {
        let v = per_student(i, amount(i, s), s.students).unwrap_or(0.0);
        let std = standards.resource.get(s.level, i);
        if !meets(v, std) {
            unmet.push(i);
            if !meets(v, standards.section_floor * std) {
                below_floor.push(i);
            }
        }
        values.insert(i, v);
        amounts.insert(i, amount(i, s));
    }
    let met = Indicator::ALL.len() - unmet.len();
    let passes = met as u64 >= standards.section_min_met && below_floor.is_empty();
    let meets_area = !unmet.contains(&Indicator::TeachingAreaPerStudent)
        && !unmet.contains(&Indicator::SportsAreaPerStudent);
    SectionResult {
        school: s.school.clone(),
        name: s.name.clone(),
        school_type: s.school_type,
        students: s.students,
        classes: s.classes,
        values,
        amounts,
        met,
        passes,
        unmet,
        below_floor,
        meets_area,
    }
}

/// One indicator of one level (the pinned `indicators.<key>` entry, with extra keys).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub standard: f64,
    /// The floor an unmet value must still reach (基本值): `section_floor` × standard.
    /// Not serialized: the pinned `stats` object stays as it is (the report's
    /// `standards.section_floor` gives it to templates).
    #[serde(skip)]
    pub floor: f64,
    /// `Σ resource / Σ P` (×100 for per-100 indicators); null without counted sections.
    pub county_value: Option<f64>,
    pub cv: Option<f64>,
    pub cv_limit: f64,
    /// Share of counted sections meeting the standard.
    pub rate: Option<f64>,
    /// Enrollment-weighted standard deviation `S`.
    pub sd: Option<f64>,
    /// Counted sections meeting the standard.
    pub met_sections: usize,
    /// Whether the CV is within its limit (null when the CV is).
    pub cv_within_limit: Option<bool>,
}

/// Counts of a level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCounts {
    pub sections: usize,
    pub passing: usize,
    pub failing: usize,
    /// Sections meeting both area standards.
    pub meeting_area: usize,
}

/// One level's resource allocation (the pinned `levels.<level>` object, with extra keys).
#[derive(Debug, Clone, Serialize)]
pub struct LevelResult {
    pub level: Level,
    pub students: u64,
    /// Mean of the seven CVs (the plan's 综合差异系数); null when any is null.
    pub composite_cv: Option<f64>,
    /// The composite CV is within the level's limit (null when it is null).
    /// Not in the pinned `stats` JSON.
    #[serde(skip)]
    pub composite_within_limit: Option<bool>,
    pub cv_limit: f64,
    #[serde(serialize_with = "indicator_keys::map")]
    pub indicators: BTreeMap<Indicator, IndicatorResult>,
    pub sections: Vec<SectionResult>,
    pub counts: LevelCounts,
    /// Share of counted sections that pass; null without counted sections.
    pub pass_rate: Option<f64>,
    /// Share meeting both area standards.
    pub area_rate: Option<f64>,
}

impl LevelResult {
    pub fn indicator(&self, i: Indicator) -> &IndicatorResult {
        &self.indicators[&i]
    }
}

/// One indicator over a level's counted sections.
fn indicator_result(
    i: Indicator,
    level: Level,
    sections: &[&CountedSection],
    results: &[SectionResult],
    standards: &Standards,
) -> IndicatorResult {
    let students = total(sections.iter().map(|s| s.students));
    let resources: f64 = sections.iter().map(|s| amount(i, s)).sum();
    let county_value = per_student(i, resources, students);
    let points: Vec<(u64, f64)> = results.iter().map(|r| (r.students, r.values[&i])).collect();
    let sd = county_value.and_then(|m| weighted_sd(&points, m));
    let cv = county_value.and_then(|m| cv(&points, m));
    let met_sections = results.iter().filter(|r| r.meets(i)).count();
    let cv_limit = standards.cv_limit.get(level);
    let standard = standards.resource.get(level, i);
    IndicatorResult {
        standard,
        floor: standards.section_floor * standard,
        county_value,
        cv,
        cv_limit,
        rate: share(met_sections, results.len()),
        sd,
        met_sections,
        cv_within_limit: cv.map(|c| within(c, cv_limit)),
    }
}

/// Mean of the CVs; `None` when any is.
pub fn composite(cvs: &[Option<f64>]) -> Option<f64> {
    let all: Option<Vec<f64>> = cvs.iter().copied().collect();
    let all = all?;
    ratio(all.iter().sum(), all.len() as f64)
}

/// A level's resource allocation; warnings for what cannot be computed.
pub fn level_result(
    level: Level,
    sections: &Sections,
    standards: &Standards,
    year: u16,
    warnings: &mut Vec<Warning>,
) -> LevelResult {
    let counted: Vec<&CountedSection> = sections.level(level).collect();
    let results: Vec<SectionResult> = counted
        .iter()
        .map(|s| section_result(s, standards))
        .collect();
    let indicators: BTreeMap<Indicator, IndicatorResult> = Indicator::ALL
        .into_iter()
        .map(|i| (i, indicator_result(i, level, &counted, &results, standards)))
        .collect();
    if counted.is_empty() {
        warnings.push(Warning::year(
            year,
            format!(
                "{year} 年{}没有计入的学段，差异系数和达标率无法计算",
                level.zh()
            ),
        ));
    } else {
        for (i, r) in &indicators {
            if r.county_value == Some(0.0) {
                warnings.push(Warning::year(
                    year,
                    format!(
                        "{year} 年{}{}的县域值为 0，差异系数无法计算",
                        level.zh(),
                        i.zh()
                    ),
                ));
            }
        }
    }
    let cvs: Vec<Option<f64>> = indicators.values().map(|r| r.cv).collect();
    let passing = results.iter().filter(|r| r.passes).count();
    let meeting_area = results.iter().filter(|r| r.meets_area).count();
    LevelResult {
        level,
        students: total(counted.iter().map(|s| s.students)),
        composite_cv: composite(&cvs),
        composite_within_limit: composite(&cvs).map(|c| within(c, standards.cv_limit.get(level))),
        cv_limit: standards.cv_limit.get(level),
        counts: LevelCounts {
            sections: results.len(),
            passing,
            failing: results.len() - passing,
            meeting_area,
        },
        pass_rate: share(passing, results.len()),
        area_rate: share(meeting_area, results.len()),
        indicators,
        sections: results,
    }
}

/// Both levels of a year.
pub fn levels(
    sections: &Sections,
    standards: &Standards,
    year: u16,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<Level, LevelResult> {
    Level::ALL
        .into_iter()
        .map(|l| (l, level_result(l, sections, standards, year, warnings)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::sections::SectionAssets;

    /// A primary section of `students` pupils with the given amounts.
    pub(crate) fn section(id: &str, students: u64) -> CountedSection {
        CountedSection {
            school: id.to_string(),
            name: id.to_string(),
            school_type: SchoolType::Primary,
            level: Level::Primary,
            students,
            classes: 1,
            teachers: 0,
            qualified_teachers: 0,
            backbone_teachers: 0,
            pe_art_teachers: 0,
            certified_teachers: 0,
            assets: SectionAssets::default(),
            shared_share: 1.0,
        }
    }

    /// A primary section meeting every default standard exactly (100 pupils).
    fn at_standard() -> CountedSection {
        let s = Standards::default();
        let t = &s.resource.primary;
        let mut c = section("a", 100);
        c.qualified_teachers = 5; // 5 ≥ 4.2
        c.backbone_teachers = 1;
        c.pe_art_teachers = 1;
        c.assets = SectionAssets {
            teaching_area_m2: 100.0 * t.teaching_area_per_student,
            sports_area_m2: 100.0 * t.sports_area_per_student,
            equipment_value_yuan: 100.0 * t.equipment_value_per_student,
            multimedia_rooms: 3.0,
        };
        c
    }

    fn round3(v: f64) -> f64 {
        (v * 1000.0).round() / 1000.0
    }

    #[test]
    fn worked_example_of_the_standard() {
        let students = [45u64, 37, 89, 76, 55];
        let books = [279.0, 137.0, 935.0, 160.0, 402.0];
        let i = Indicator::EquipmentValuePerStudent; // any total/students indicator
        let p: u64 = students.iter().sum();
        let mean = per_student(i, books.iter().sum(), p).unwrap();
        let points: Vec<(u64, f64)> = students
            .iter()
            .zip(books)
            .map(|(&s, b)| (s, per_student(i, b, s).unwrap()))
            .collect();
        assert_eq!(round3(mean), 6.334);
        assert_eq!(round3(weighted_sd(&points, mean).unwrap()), 3.264);
        assert_eq!(round3(cv(&points, mean).unwrap()), 0.515);
        // Unweighted: the plain mean and population SD of the five values.
        let xs: Vec<f64> = points.iter().map(|p| p.1).collect();
        let m = xs.iter().sum::<f64>() / 5.0;
        let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 5.0).sqrt();
        assert_eq!(round3(sd / m), 0.489);
    }

    #[test]
    fn per_100_is_exact() {
        let v = per_student(Indicator::QualifiedTeachersPer100, 9.0, 1000).unwrap();
        assert_eq!(v, 0.9);
        assert_eq!(
            per_student(Indicator::QualifiedTeachersPer100, 9.0, 0),
            None
        );
    }

    #[test]
    fn cv_is_zero_for_equal_sections_and_scale_free() {
        let pts = [(100u64, 3.0), (250, 3.0), (40, 3.0)];
        assert_eq!(cv(&pts, 3.0), Some(0.0));
        let a = [(45u64, 2.0), (37, 5.0), (89, 9.0)];
        let mean = (45.0 * 2.0 + 37.0 * 5.0 + 89.0 * 9.0) / 171.0;
        let scaled: Vec<(u64, f64)> = a.iter().map(|&(p, x)| (p, x * 7.5)).collect();
        let c1 = cv(&a, mean).unwrap();
        let c2 = cv(&scaled, mean * 7.5).unwrap();
        assert!((c1 - c2).abs() < 1e-12);
        assert_eq!(cv(&a, 0.0), None);
        assert_eq!(weighted_sd(&[], 1.0), None);
    }

    #[test]
    fn section_passes_at_86_and_fails_at_84_percent() {
        let s = Standards::default();
        let std = s.resource.primary.sports_area_per_student;
        let mut c = at_standard();
        assert_eq!(section_result(&c, &s).met, 7);
        c.assets.sports_area_m2 = 100.0 * std * 0.86;
        let r = section_result(&c, &s);
        assert_eq!((r.met, r.passes), (6, true));
        assert_eq!(r.unmet, vec![Indicator::SportsAreaPerStudent]);
        assert!(!r.meets_area);
        c.assets.sports_area_m2 = 100.0 * std * 0.84;
        let r = section_result(&c, &s);
        assert_eq!((r.met, r.passes), (6, false));
        // Exactly 85 % passes.
        c.assets.sports_area_m2 = 100.0 * std * 0.85;
        assert!(section_result(&c, &s).passes);
    }

    #[test]
    fn amounts_are_what_the_values_are_computed_from() {
        let s = Standards::default();
        let mut c = at_standard();
        c.assets.sports_area_m2 = 1234.5;
        let r = section_result(&c, &s);
        assert_eq!(r.amounts[&Indicator::SportsAreaPerStudent], 1234.5);
        assert_eq!(
            r.amounts[&Indicator::QualifiedTeachersPer100],
            c.qualified_teachers as f64
        );
        for i in Indicator::ALL {
            assert_eq!(
                per_student(i, r.amounts[&i], r.students),
                Some(r.values[&i])
            );
        }
    }

    #[test]
    fn five_of_seven_fails() {
        let s = Standards::default();
        let mut c = at_standard();
        c.assets.sports_area_m2 *= 0.9;
        c.assets.teaching_area_m2 *= 0.9;
        let r = section_result(&c, &s);
        assert_eq!((r.met, r.passes), (5, false));
    }

    #[test]
    fn empty_level_gives_nulls_and_valid_json() {
        let s = Standards::default();
        let mut w = Vec::new();
        let r = level_result(Level::Junior, &Sections::default(), &s, 2024, &mut w);
        assert_eq!(r.composite_cv, None);
        assert_eq!(r.composite_within_limit, None);
        for i in Indicator::ALL {
            assert_eq!(r.indicator(i).cv, None);
            assert_eq!(r.indicator(i).rate, None);
        }
        assert_eq!(w.len(), 1);
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("NaN"));
        assert!(json.contains("\"multimedia_rooms_per_100\""));
        assert!(json.contains("\"cv\":null"));
    }

    #[test]
    fn zero_county_value_gives_null_cv_and_composite() {
        let s = Standards::default();
        let mut c = at_standard();
        c.backbone_teachers = 0;
        let secs = Sections {
            counted: vec![c],
            ..Sections::default()
        };
        let mut w = Vec::new();
        let r = level_result(Level::Primary, &secs, &s, 2024, &mut w);
        assert_eq!(r.indicator(Indicator::BackboneTeachersPer100).cv, None);
        assert_eq!(
            r.indicator(Indicator::QualifiedTeachersPer100).cv,
            Some(0.0)
        );
        assert_eq!(r.composite_cv, None);
        assert_eq!(r.composite_within_limit, None);
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn floor_is_the_standards_share_in_force() {
        let s = Standards {
            section_floor: 0.8,
            ..Standards::default()
        };
        let secs = Sections {
            counted: vec![at_standard()],
            ..Sections::default()
        };
        let r = level_result(Level::Primary, &secs, &s, 2024, &mut Vec::new());
        for i in Indicator::ALL {
            let x = r.indicator(i);
            assert_eq!(x.floor, 0.8 * s.resource.get(Level::Primary, i));
            assert!(x.floor < x.standard);
        }
    }

    #[test]
    fn rates_are_shares() {
        let s = Standards::default();
        let mut b = at_standard();
        b.school = "b".into();
        b.assets.sports_area_m2 = 0.0;
        let secs = Sections {
            counted: vec![at_standard(), b],
            ..Sections::default()
        };
        let r = level_result(Level::Primary, &secs, &s, 2024, &mut Vec::new());
        for i in Indicator::ALL {
            let rate = r.indicator(i).rate.unwrap();
            assert!((0.0..=1.0).contains(&rate));
        }
        assert_eq!(r.indicator(Indicator::SportsAreaPerStudent).rate, Some(0.5));
        assert_eq!(r.area_rate, Some(0.5));
        assert_eq!(r.counts.passing, 1);
    }
}
