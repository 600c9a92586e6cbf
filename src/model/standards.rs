//! The standards table: every threshold, limit and weight of the assessment,
//! with the national defaults of `教督〔2017〕6号`, overridable field by field in
//! `data/standards.yaml`. No threshold literal appears anywhere else.

use serde::{Deserialize, Serialize};

use super::Level;

/// The seven resource-allocation indicators, in the standard's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    #[serde(rename = "qualified_teachers_per_100")]
    QualifiedTeachersPer100,
    #[serde(rename = "backbone_teachers_per_100")]
    BackboneTeachersPer100,
    #[serde(rename = "pe_art_teachers_per_100")]
    PeArtTeachersPer100,
    TeachingAreaPerStudent,
    SportsAreaPerStudent,
    EquipmentValuePerStudent,
    #[serde(rename = "multimedia_rooms_per_100")]
    MultimediaRoomsPer100,
}

impl Indicator {
    pub const ALL: [Indicator; 7] = [
        Indicator::QualifiedTeachersPer100,
        Indicator::BackboneTeachersPer100,
        Indicator::PeArtTeachersPer100,
        Indicator::TeachingAreaPerStudent,
        Indicator::SportsAreaPerStudent,
        Indicator::EquipmentValuePerStudent,
        Indicator::MultimediaRoomsPer100,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachersPer100 => "qualified_teachers_per_100",
            Indicator::BackboneTeachersPer100 => "backbone_teachers_per_100",
            Indicator::PeArtTeachersPer100 => "pe_art_teachers_per_100",
            Indicator::TeachingAreaPerStudent => "teaching_area_per_student",
            Indicator::SportsAreaPerStudent => "sports_area_per_student",
            Indicator::EquipmentValuePerStudent => "equipment_value_per_student",
            Indicator::MultimediaRoomsPer100 => "multimedia_rooms_per_100",
        }
    }

    pub fn from_key(key: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.key() == key)
    }

    /// The standard's name of the indicator.
    pub fn zh(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachersPer100 => "每百名学生拥有高于规定学历教师数",
            Indicator::BackboneTeachersPer100 => "每百名学生拥有县级以上骨干教师数",
            Indicator::PeArtTeachersPer100 => "每百名学生拥有体育、艺术专任教师数",
            Indicator::TeachingAreaPerStudent => "生均教学及辅助用房面积",
            Indicator::SportsAreaPerStudent => "生均体育运动场馆面积",
            Indicator::EquipmentValuePerStudent => "生均教学仪器设备值",
            Indicator::MultimediaRoomsPer100 => "每百名学生拥有网络多媒体教室数",
        }
    }

    /// A short name for chart labels.
    pub fn short_zh(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachersPer100 => "高学历教师",
            Indicator::BackboneTeachersPer100 => "骨干教师",
            Indicator::PeArtTeachersPer100 => "体艺教师",
            Indicator::TeachingAreaPerStudent => "教学辅助用房",
            Indicator::SportsAreaPerStudent => "体育场馆",
            Indicator::EquipmentValuePerStudent => "仪器设备",
            Indicator::MultimediaRoomsPer100 => "多媒体教室",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Indicator::QualifiedTeachersPer100
            | Indicator::BackboneTeachersPer100
            | Indicator::PeArtTeachersPer100 => "人/百生",
            Indicator::TeachingAreaPerStudent | Indicator::SportsAreaPerStudent => "平方米/生",
            Indicator::EquipmentValuePerStudent => "元/生",
            Indicator::MultimediaRoomsPer100 => "间/百生",
        }
    }

    /// Whether the value is `100 × count / students` (else `total / students`).
    pub fn per_100(self) -> bool {
        matches!(
            self,
            Indicator::QualifiedTeachersPer100
                | Indicator::BackboneTeachersPer100
                | Indicator::PeArtTeachersPer100
                | Indicator::MultimediaRoomsPer100
        )
    }

    /// Whether the indicator is an asset that may be given under `shared`.
    pub fn is_asset(self) -> bool {
        matches!(
            self,
            Indicator::TeachingAreaPerStudent
                | Indicator::SportsAreaPerStudent
                | Indicator::EquipmentValuePerStudent
                | Indicator::MultimediaRoomsPer100
        )
    }
}

/// Per-level values of the seven indicators.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorTable {
    pub qualified_teachers_per_100: f64,
    pub backbone_teachers_per_100: f64,
    pub pe_art_teachers_per_100: f64,
    pub teaching_area_per_student: f64,
    pub sports_area_per_student: f64,
    pub equipment_value_per_student: f64,
    pub multimedia_rooms_per_100: f64,
}

impl IndicatorTable {
    pub fn get(&self, i: Indicator) -> f64 {
        match i {
            Indicator::QualifiedTeachersPer100 => self.qualified_teachers_per_100,
            Indicator::BackboneTeachersPer100 => self.backbone_teachers_per_100,
            Indicator::PeArtTeachersPer100 => self.pe_art_teachers_per_100,
            Indicator::TeachingAreaPerStudent => self.teaching_area_per_student,
            Indicator::SportsAreaPerStudent => self.sports_area_per_student,
            Indicator::EquipmentValuePerStudent => self.equipment_value_per_student,
            Indicator::MultimediaRoomsPer100 => self.multimedia_rooms_per_100,
        }
    }
    fn primary() -> Self {
        IndicatorTable {
            qualified_teachers_per_100: 4.2,
            backbone_teachers_per_100: 1.0,
            pe_art_teachers_per_100: 0.9,
            teaching_area_per_student: 4.5,
            sports_area_per_student: 7.5,
            equipment_value_per_student: 2000.0,
            multimedia_rooms_per_100: 2.3,
        }
    }
    fn junior() -> Self {
        IndicatorTable {
            qualified_teachers_per_100: 5.3,
            backbone_teachers_per_100: 1.0,
            pe_art_teachers_per_100: 0.9,
            teaching_area_per_student: 5.8,
            sports_area_per_student: 10.2,
            equipment_value_per_student: 2500.0,
            multimedia_rooms_per_100: 2.4,
        }
    }
}

/// `standards.yaml`'s `resource.<level>`: any of the seven, the rest keep their default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableOverride {
    qualified_teachers_per_100: Option<f64>,
    backbone_teachers_per_100: Option<f64>,
    pe_art_teachers_per_100: Option<f64>,
    teaching_area_per_student: Option<f64>,
    sports_area_per_student: Option<f64>,
    equipment_value_per_student: Option<f64>,
    multimedia_rooms_per_100: Option<f64>,
}

impl TableOverride {
    fn over(self, d: IndicatorTable) -> IndicatorTable {
        IndicatorTable {
            qualified_teachers_per_100: self
                .qualified_teachers_per_100
                .unwrap_or(d.qualified_teachers_per_100),
            backbone_teachers_per_100: self
                .backbone_teachers_per_100
                .unwrap_or(d.backbone_teachers_per_100),
            pe_art_teachers_per_100: self
                .pe_art_teachers_per_100
                .unwrap_or(d.pe_art_teachers_per_100),
            teaching_area_per_student: self
                .teaching_area_per_student
                .unwrap_or(d.teaching_area_per_student),
            sports_area_per_student: self
                .sports_area_per_student
                .unwrap_or(d.sports_area_per_student),
            equipment_value_per_student: self
                .equipment_value_per_student
                .unwrap_or(d.equipment_value_per_student),
            multimedia_rooms_per_100: self
                .multimedia_rooms_per_100
                .unwrap_or(d.multimedia_rooms_per_100),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourceOverride {
    #[serde(default)]
    primary: TableOverride,
    #[serde(default)]
    junior: TableOverride,
}

impl From<ResourceOverride> for ResourceStandards {
    fn from(o: ResourceOverride) -> Self {
        ResourceStandards {
            primary: o.primary.over(IndicatorTable::primary()),
            junior: o.junior.over(IndicatorTable::junior()),
        }
    }
}

/// A value per level.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerLevel<T> {
    pub primary: T,
    pub junior: T,
}

impl<T: Copy> PerLevel<T> {
    pub fn get(&self, level: Level) -> T {
        match level {
            Level::Primary => self.primary,
            Level::Junior => self.junior,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "ResourceOverride")]
pub struct ResourceStandards {
    pub primary: IndicatorTable,
    pub junior: IndicatorTable,
}

impl Default for ResourceStandards {
    fn default() -> Self {
        ResourceStandards {
            primary: IndicatorTable::primary(),
            junior: IndicatorTable::junior(),
        }
    }
}

impl ResourceStandards {
    pub fn get(&self, level: Level, i: Indicator) -> f64 {
        match level {
            Level::Primary => self.primary.get(i),
            Level::Junior => self.junior.get(i),
        }
    }
}

/// Weighted-enrollment factors for splitting shared assets between sections.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SplitWeights {
    /// Nine-year schools: primary : junior = 1 : `nine_year_junior`.
    pub nine_year_junior: f64,
    /// Twelve-year schools: primary : junior : senior = 1 : `twelve_year_junior` : `twelve_year_senior`.
    pub twelve_year_junior: f64,
    pub twelve_year_senior: f64,
    /// Complete middle schools: junior : senior = 1 : `complete_middle_senior`.
    pub complete_middle_senior: f64,
}

impl Default for SplitWeights {
    fn default() -> Self {
        SplitWeights {
            nine_year_junior: 1.1,
            twelve_year_junior: 1.1,
            twelve_year_senior: 1.32,
            complete_middle_senior: 1.2,
        }
    }
}

/// Class-size bands of the large-class ledger: 46–55 偏大, 56–65 大, ≥ 66 超大.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClassBands {
    pub somewhat_large_from: u64,
    pub large_from: u64,
    pub oversized_from: u64,
}

impl Default for ClassBands {
    fn default() -> Self {
        ClassBands {
            somewhat_large_from: 46,
            large_from: 56,
            oversized_from: 66,
        }
    }
}

/// Bounds of the plausibility warnings (not errors; `--strict` makes them fail):
/// figures no real school has, and jumps that are usually a typo.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Plausibility {
    /// A school figure changing by more than this factor from the previous year warns (3).
    pub max_change_factor: f64,
    /// …for schools with at least this many pupils in both years (small teaching points vary).
    pub change_min_students: u64,
    /// Equipment value per pupil outside this range warns (50 to 50 000 yuan).
    pub equipment_per_student_min_yuan: f64,
    pub equipment_per_student_max_yuan: f64,
    /// Teaching and auxiliary area per pupil above this warns (60 m²).
    pub teaching_area_per_student_max_m2: f64,
    /// Average salaries identical to the previous year's warn (copied, not updated).
    pub warn_unchanged_salaries: bool,
}

impl Default for Plausibility {
    fn default() -> Self {
        Plausibility {
            max_change_factor: 3.0,
            change_min_students: 30,
            equipment_per_student_min_yuan: 50.0,
            equipment_per_student_max_yuan: 50_000.0,
            teaching_area_per_student_max_m2: 60.0,
            warn_unchanged_salaries: true,
        }
    }
}

/// How the three-year retention rate is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RetentionFormula {
    /// (graduates − transferred in + transferred out) ÷ (cohort − deaths)
    #[default]
    Standard,
    /// graduates ÷ (cohort − deaths)
    GraduatesOverCohort,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Standards {
    /// 资源配置: the seven indicators' standards per level.
    pub resource: ResourceStandards,
    /// Largest inter-school CV per level (0.50 / 0.45).
    pub cv_limit: PerLevel<f64>,
    /// A section passes with at least `section_min_met` of 7 indicators met…
    pub section_min_met: u64,
    /// …and the others at least this share of their standard (0.85).
    pub section_floor: f64,
    pub split_weights: SplitWeights,
    /// Teaching points with fewer pupils are not counted (50).
    pub teaching_point_min_students: u64,
    /// Largest class per level (45 / 50).
    pub class_size_limit: PerLevel<u64>,
    pub class_bands: ClassBands,
    /// Largest school (2000) and nine-/twelve-year school (2500), compulsory stage.
    pub school_size_limit: u64,
    pub through_school_size_limit: u64,
    /// One music and one art room per this many classes (12).
    pub classes_per_room: u64,
    pub music_room_min_m2: f64,
    pub art_room_min_m2: f64,
    /// Reading of item 3 (rooms): teaching points with fewer pupils are not
    /// judged (50: the plan's 中小学及50人以上教学点); special schools never are.
    pub rooms_teaching_point_min_students: u64,
    /// Reading of item 4 (size): a 完全中学 is sized on its junior pupils, the
    /// compulsory stage (`true`); `false` adds its senior pupils.
    pub complete_middle_size_on_junior: bool,
    /// Small rural schools and teaching points are funded as if they had this many pupils (100).
    pub small_school_funding_floor: u64,
    /// Special-education per-pupil public funds (6000 yuan).
    pub special_funds_min_yuan: f64,
    /// 360-hour training completion (1.0).
    pub training_360_min: f64,
    /// Teacher rotation: share of eligible teachers (0.10) and backbone share of those rotated (0.20).
    pub rotation_min: f64,
    pub rotation_backbone_min: f64,
    /// Certified teachers (1.0).
    pub certification_min: f64,
    /// Nearby enrollment per level (1.0 / 0.95).
    pub nearby_enrollment_min: PerLevel<f64>,
    /// Quality senior-high places allocated to junior schools (0.5).
    pub senior_quota_min: f64,
    /// Migrant children in public or government-purchased places (0.85).
    pub migrant_min: f64,
    /// Retention per level (1.0 / 0.95) and the formula.
    pub retention_min: PerLevel<f64>,
    pub retention_formula: RetentionFormula,
    /// Enrollment of disabled children (0.95).
    pub disabled_enrollment_min: f64,
    /// Each school's teacher-training funds as a share of its public funds (0.05).
    pub training_funds_min_share: f64,
    /// Quality monitoring: lowest level (3 = Ⅲ) and largest inter-school difference rate (0.15, exclusive).
    pub monitoring_min_level: u64,
    pub monitoring_max_difference: f64,
    /// Social recognition (0.85).
    pub recognition_min: f64,
    /// Bounds of the plausibility warnings.
    pub plausibility: Plausibility,
}

impl Default for Standards {
    fn default() -> Self {
        Standards {
            resource: ResourceStandards::default(),
            cv_limit: PerLevel {
                primary: 0.50,
                junior: 0.45,
            },
            section_min_met: 6,
            section_floor: 0.85,
            split_weights: SplitWeights::default(),
            teaching_point_min_students: 50,
            class_size_limit: PerLevel {
                primary: 45,
                junior: 50,
            },
            class_bands: ClassBands::default(),
            school_size_limit: 2000,
            through_school_size_limit: 2500,
            classes_per_room: 12,
            music_room_min_m2: 96.0,
            art_room_min_m2: 90.0,
            rooms_teaching_point_min_students: 50,
            complete_middle_size_on_junior: true,
            small_school_funding_floor: 100,
            special_funds_min_yuan: 6000.0,
            training_360_min: 1.0,
            rotation_min: 0.10,
            rotation_backbone_min: 0.20,
            certification_min: 1.0,
            nearby_enrollment_min: PerLevel {
                primary: 1.0,
                junior: 0.95,
            },
            senior_quota_min: 0.50,
            migrant_min: 0.85,
            retention_min: PerLevel {
                primary: 1.0,
                junior: 0.95,
            },
            retention_formula: RetentionFormula::Standard,
            disabled_enrollment_min: 0.95,
            training_funds_min_share: 0.05,
            monitoring_min_level: 3,
            monitoring_max_difference: 0.15,
            recognition_min: 0.85,
            plausibility: Plausibility::default(),
        }
    }
}

impl Standards {
    /// Whether item 3 (rooms) judges a school of `kind` with `students`
    /// compulsory pupils. Reading (standard.md §2): special schools are not
    /// judged, nor teaching points under `rooms_teaching_point_min_students`.
    pub fn rooms_judged(&self, kind: super::SchoolType, students: u64) -> bool {
        match kind {
            super::SchoolType::Special => false,
            super::SchoolType::TeachingPoint => students >= self.rooms_teaching_point_min_students,
            _ => true,
        }
    }
}

/// Relative tolerance for comparing a value with its standard (pinned: 1e-9).
pub const REL_TOLERANCE: f64 = 1e-9;

/// `value ≥ standard`, with the pinned relative tolerance.
pub fn meets(value: f64, standard: f64) -> bool {
    value >= standard || (standard - value) <= REL_TOLERANCE * standard.abs().max(value.abs())
}

/// `value ≤ limit`, with the pinned relative tolerance.
pub fn within(value: f64, limit: f64) -> bool {
    value <= limit || (value - limit) <= REL_TOLERANCE * limit.abs().max(value.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_compares_exactly_enough() {
        assert!(meets(4.2, 4.2));
        assert!(meets(4.2 - 1e-12, 4.2));
        assert!(!meets(4.19, 4.2));
        assert!(meets(0.85 * 4.2, 0.85 * 4.2));
        assert!(within(0.5, 0.5));
        assert!(!within(0.5001, 0.5));
    }

    #[test]
    fn defaults_are_the_national_standard() {
        let s = Standards::default();
        assert_eq!(
            s.resource
                .get(Level::Junior, Indicator::SportsAreaPerStudent),
            10.2
        );
        assert_eq!(
            s.resource
                .get(Level::Primary, Indicator::EquipmentValuePerStudent),
            2000.0
        );
        assert_eq!(s.cv_limit.get(Level::Junior), 0.45);
        for i in Indicator::ALL {
            assert_eq!(Indicator::from_key(i.key()), Some(i));
            // Serialized (as in report.json and map keys) exactly as the pinned key.
            assert_eq!(serde_json::to_value(i).unwrap(), i.key());
        }
    }
}
