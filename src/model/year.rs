//! `data/years/<year>.yaml` (or a `<year>/` folder of files, merged): one
//! year's statistics (pinned format).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::de::{self, Date};
use super::{FileId, Level, Origin};

/// One year file as written. A year folder holds several, merged by the loader.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    pub year: Option<u16>,
    pub status: Option<Status>,
    pub as_of: Option<Date>,
    pub source: Option<String>,
    #[serde(default)]
    pub schools: Vec<SchoolYear>,
    #[serde(default)]
    pub county: Option<CountyYear>,
    #[serde(default)]
    pub projects: Vec<ProjectProgress>,
    #[serde(default)]
    pub tasks: Vec<TaskProgress>,
    #[serde(default)]
    pub ledger: Vec<LedgerItem>,
}

/// A year's data after loading (a folder's files merged).
#[derive(Debug, Clone)]
pub struct YearData {
    pub year: u16,
    pub status: Status,
    pub as_of: Option<Date>,
    pub source: Option<String>,
    pub schools: Vec<SchoolYear>,
    pub county: CountyYear,
    pub projects: Vec<ProjectProgress>,
    pub tasks: Vec<TaskProgress>,
    pub ledger: Vec<LedgerItem>,
    /// The files this year was read from.
    pub files: Vec<FileId>,
    /// The file and path of the `year:` key (for messages about the year itself).
    pub header: Origin,
    /// Position of each school's entry (built on first lookup).
    pub index: super::index::IdIndex,
}

impl YearData {
    /// The first entry of the school with this id.
    pub fn school(&self, id: &str) -> Option<&SchoolYear> {
        self.index.find(&self.schools, id, |s| s.school.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Final,
    Provisional,
}

/// One school's entry in a year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolYear {
    /// Id from `schools.yaml`.
    pub school: String,
    pub primary: Option<Section>,
    pub junior: Option<Section>,
    /// Senior-high pupils of twelve-year and complete middle schools (for the split).
    #[serde(default, deserialize_with = "de::opt_count")]
    pub senior_students: Option<u64>,
    /// Assets given for the whole school, split by weighted enrollment.
    pub shared: Option<Assets>,
    /// Area of each music room, m² (an empty list: no music room).
    #[serde(default, deserialize_with = "de::amounts")]
    pub music_rooms_m2: Option<Vec<f64>>,
    /// Area of each art room, m².
    #[serde(default, deserialize_with = "de::amounts")]
    pub art_rooms_m2: Option<Vec<f64>>,
    /// Annual public-funds budget, yuan.
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub public_funds_yuan: Option<f64>,
    /// Of which teacher training, yuan.
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub training_funds_yuan: Option<f64>,
    /// Pupils the per-pupil public funds were allocated for (small rural schools
    /// and teaching points are funded as if they had 100).
    #[serde(default, deserialize_with = "de::opt_count")]
    pub funded_students: Option<u64>,
    /// Special-education schools: pupils enrolled.
    #[serde(default, deserialize_with = "de::opt_count")]
    pub special_students: Option<u64>,
    /// Figures whose large change from the previous year is confirmed as real
    /// (a purchase, a new building): no plausibility warning for them this year.
    pub confirmed_changes: Option<Vec<ChangeField>>,
    #[serde(skip)]
    pub origin: Origin,
}

/// A school figure checked for implausible year-over-year change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeField {
    Students,
    Teachers,
    TeachingAreaM2,
    SportsAreaM2,
    EquipmentValueYuan,
    MultimediaRooms,
}

impl ChangeField {
    pub fn key(self) -> &'static str {
        match self {
            ChangeField::Students => "students",
            ChangeField::Teachers => "teachers",
            ChangeField::TeachingAreaM2 => "teaching_area_m2",
            ChangeField::SportsAreaM2 => "sports_area_m2",
            ChangeField::EquipmentValueYuan => "equipment_value_yuan",
            ChangeField::MultimediaRooms => "multimedia_rooms",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            ChangeField::Students => "学生数",
            ChangeField::Teachers => "专任教师数",
            ChangeField::TeachingAreaM2 => "教学及辅助用房面积（平方米）",
            ChangeField::SportsAreaM2 => "体育运动场馆面积（平方米）",
            ChangeField::EquipmentValueYuan => "教学仪器设备值（元）",
            ChangeField::MultimediaRooms => "网络多媒体教室数",
        }
    }
}

impl SchoolYear {
    pub fn section(&self, level: Level) -> Option<&Section> {
        match level {
            Level::Primary => self.primary.as_ref(),
            Level::Junior => self.junior.as_ref(),
        }
    }
    /// Pupils in the compulsory stage (primary + junior).
    pub fn compulsory_students(&self) -> u64 {
        Level::ALL
            .iter()
            .filter_map(|l| self.section(*l))
            .map(|s| s.students)
            .sum()
    }
}

/// One section (学段) of a school in a year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[serde(deserialize_with = "de::count")]
    pub students: u64,
    #[serde(deserialize_with = "de::count")]
    pub classes: u64,
    /// Each class's pupils; its length equals `classes`.
    #[serde(default, deserialize_with = "de::counts")]
    pub class_sizes: Option<Vec<u64>>,
    /// The largest class; required when `class_sizes` is absent.
    #[serde(default, deserialize_with = "de::opt_count")]
    pub max_class_size: Option<u64>,
    /// 专任教师
    #[serde(deserialize_with = "de::count")]
    pub teachers: u64,
    /// 高于规定学历 (primary: 专科+, junior: 本科+)
    #[serde(deserialize_with = "de::count")]
    pub qualified_teachers: u64,
    /// 县级以上骨干教师
    #[serde(deserialize_with = "de::count")]
    pub backbone_teachers: u64,
    /// 体育、音乐、美术专任教师
    #[serde(deserialize_with = "de::count")]
    pub pe_art_teachers: u64,
    /// 持教师资格证
    #[serde(deserialize_with = "de::count")]
    pub certified_teachers: u64,
    /// Assets of this section (or under the school's `shared`).
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub teaching_area_m2: Option<f64>,
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub sports_area_m2: Option<f64>,
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub equipment_value_yuan: Option<f64>,
    #[serde(default, deserialize_with = "de::opt_count")]
    pub multimedia_rooms: Option<u64>,
}

impl Section {
    /// The section's own assets (those not given under `shared`).
    pub fn assets(&self) -> Assets {
        Assets {
            teaching_area_m2: self.teaching_area_m2,
            sports_area_m2: self.sports_area_m2,
            equipment_value_yuan: self.equipment_value_yuan,
            multimedia_rooms: self.multimedia_rooms,
        }
    }
}

/// The four assets, per section or under `shared`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// 教学及辅助用房面积, m² (indoor sports rooms excluded).
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub teaching_area_m2: Option<f64>,
    /// 体育运动场馆面积, m².
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub sports_area_m2: Option<f64>,
    /// 教学仪器设备值, yuan (book value).
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub equipment_value_yuan: Option<f64>,
    /// 网络多媒体教室, rooms.
    #[serde(default, deserialize_with = "de::opt_count")]
    pub multimedia_rooms: Option<u64>,
}

/// The asset keys, in order, as written in the YAML.
pub const ASSET_KEYS: [&str; 4] = [
    "teaching_area_m2",
    "sports_area_m2",
    "equipment_value_yuan",
    "multimedia_rooms",
];

impl Assets {
    /// The asset by its YAML key, as a number.
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            "teaching_area_m2" => self.teaching_area_m2,
            "sports_area_m2" => self.sports_area_m2,
            "equipment_value_yuan" => self.equipment_value_yuan,
            "multimedia_rooms" => self.multimedia_rooms.map(|v| v as f64),
            _ => None,
        }
    }
}

/// County-level figures of a year; every item is optional ("no data").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyYear {
    pub salaries: Option<Salaries>,
    pub training_360: Option<Completion>,
    pub rotation: Option<Rotation>,
    pub nearby_enrollment: Option<NearbyEnrollment>,
    pub senior_quota: Option<Quota>,
    pub migrant_children: Option<Migrant>,
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub special_school_funds_per_student_yuan: Option<f64>,
    pub retention: Option<RetentionData>,
    pub disabled_children: Option<Disabled>,
    pub monitoring: Option<Vec<Monitoring>>,
    pub recognition: Option<Vec<RecognitionGroup>>,
    pub evidence: Option<BTreeMap<String, Evidence>>,
    /// Figures that do not apply to the county (no special school, no migrant
    /// children): the item shows 不适用 and is not counted, unlike 暂无数据.
    pub not_applicable: Option<Vec<NotApplicable>>,
}

impl CountyYear {
    /// Whether the county declared `what` not applicable this year.
    pub fn is_not_applicable(&self, what: NotApplicable) -> bool {
        self.not_applicable
            .as_ref()
            .is_some_and(|l| l.contains(&what))
    }
}

/// A county figure that may be declared not applicable in `county.not_applicable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicable {
    /// No special-education school (政府保障程度第7项).
    SpecialSchoolFundsPerStudentYuan,
    /// No migrant children (政府保障程度第15项, its migrant part).
    MigrantChildren,
    /// No school-age disabled children (教育质量第2项).
    DisabledChildren,
}

impl NotApplicable {
    pub const ALL: [NotApplicable; 3] = [
        NotApplicable::SpecialSchoolFundsPerStudentYuan,
        NotApplicable::MigrantChildren,
        NotApplicable::DisabledChildren,
    ];

    /// The county key it stands for.
    pub fn key(self) -> &'static str {
        match self {
            NotApplicable::SpecialSchoolFundsPerStudentYuan => {
                "special_school_funds_per_student_yuan"
            }
            NotApplicable::MigrantChildren => "migrant_children",
            NotApplicable::DisabledChildren => "disabled_children",
        }
    }

    /// Why it does not apply, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            NotApplicable::SpecialSchoolFundsPerStudentYuan => "本县没有特殊教育学校",
            NotApplicable::MigrantChildren => "本县没有随迁子女",
            NotApplicable::DisabledChildren => "本县没有适龄残疾儿童少年",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Salaries {
    #[serde(deserialize_with = "de::amount")]
    pub teachers_avg_yuan: f64,
    #[serde(deserialize_with = "de::amount")]
    pub civil_servants_avg_yuan: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    #[serde(deserialize_with = "de::count")]
    pub due: u64,
    #[serde(deserialize_with = "de::count")]
    pub completed: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    #[serde(deserialize_with = "de::count")]
    pub eligible: u64,
    #[serde(deserialize_with = "de::count")]
    pub rotated: u64,
    #[serde(deserialize_with = "de::count")]
    pub backbone_rotated: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NearbyEnrollment {
    pub primary: Option<InZone>,
    pub junior: Option<InZone>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InZone {
    #[serde(deserialize_with = "de::count")]
    pub in_zone: u64,
    #[serde(deserialize_with = "de::count")]
    pub total: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    #[serde(deserialize_with = "de::count")]
    pub allocated: u64,
    #[serde(deserialize_with = "de::count")]
    pub total: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Migrant {
    #[serde(deserialize_with = "de::count")]
    pub total: u64,
    #[serde(deserialize_with = "de::count")]
    pub public_or_purchased: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionData {
    pub primary: Option<Retention>,
    pub junior: Option<Retention>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Pupils enrolled in the cohort's first year (three or six years earlier).
    #[serde(deserialize_with = "de::count")]
    pub cohort: u64,
    #[serde(deserialize_with = "de::count")]
    pub deaths: u64,
    #[serde(deserialize_with = "de::count")]
    pub graduates: u64,
    #[serde(deserialize_with = "de::count")]
    pub transferred_in: u64,
    #[serde(deserialize_with = "de::count")]
    pub transferred_out: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disabled {
    #[serde(deserialize_with = "de::count")]
    pub eligible: u64,
    #[serde(deserialize_with = "de::count")]
    pub enrolled: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    pub subject: String,
    #[serde(deserialize_with = "de::count")]
    pub grade: u64,
    /// Level reached (1–4; 3 = Ⅲ).
    #[serde(deserialize_with = "de::count")]
    pub level: u64,
    #[serde(deserialize_with = "de::amount")]
    pub difference_rate: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecognitionGroup {
    pub group: String,
    #[serde(deserialize_with = "de::count")]
    pub valid: u64,
    #[serde(deserialize_with = "de::count")]
    pub satisfied: u64,
}

/// An item judged on documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub met: bool,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An evidence document: a title, or a title with its date and file name.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Document {
    Title(String),
    Full {
        title: String,
        #[serde(default)]
        date: Option<Date>,
        #[serde(default)]
        file: Option<String>,
    },
}

impl Document {
    pub fn title(&self) -> &str {
        match self {
            Document::Title(t) | Document::Full { title: t, .. } => t,
        }
    }
}

/// A major project's state at the end of the year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectProgress {
    /// Id from `plan.yaml`'s `projects`.
    pub project: String,
    pub status: ProjectStatus,
    /// Share of the works done, 0–1.
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub progress: Option<f64>,
    /// Cumulative investment to the end of the year, 万元.
    #[serde(default, deserialize_with = "de::opt_amount")]
    pub invested_wan: Option<f64>,
    #[serde(default)]
    pub started: Option<Date>,
    #[serde(default)]
    pub completed: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// 未启动
    Planned,
    /// 前期工作
    Preparing,
    /// 在建
    InProgress,
    /// 竣工
    Completed,
}

impl ProjectStatus {
    pub fn zh(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "未启动",
            ProjectStatus::Preparing => "前期工作",
            ProjectStatus::InProgress => "在建",
            ProjectStatus::Completed => "已竣工",
        }
    }
    pub fn started(self) -> bool {
        self >= ProjectStatus::Preparing
    }
}

/// A key task's progress in the year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskProgress {
    /// Id from `plan.yaml`'s `tasks` (`1.4`).
    pub task: String,
    pub status: TaskStatus,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    OnTrack,
    Behind,
    Completed,
}

impl TaskStatus {
    pub fn zh(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "未开始",
            TaskStatus::OnTrack => "按计划推进",
            TaskStatus::Behind => "滞后",
            TaskStatus::Completed => "已完成",
        }
    }
}

/// A problem-ledger item (问题台账).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerItem {
    pub id: String,
    #[serde(default)]
    pub school: Option<String>,
    /// An indicator key or an assurance/quality item this problem concerns.
    #[serde(default)]
    pub indicator: Option<String>,
    pub problem: String,
    pub measure: String,
    pub owner: String,
    pub due: Date,
    pub status: LedgerStatus,
    #[serde(default)]
    pub rectified_on: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerStatus {
    Open,
    InProgress,
    Rectified,
}

impl LedgerStatus {
    pub fn zh(self) -> &'static str {
        match self {
            LedgerStatus::Open => "未整改",
            LedgerStatus::InProgress => "整改中",
            LedgerStatus::Rectified => "已整改",
        }
    }
}

/// The items judged on documents (`county.evidence.<id>`): id and requirement. Most share
/// their id with an item of [`super::items`]; `gov-15-left-behind` is the evidence half
/// of `gov-15-migrant-children`.
pub const EVIDENCE_ITEMS: [(&str, &str); 9] = [
    ("gov-01-layout", "学校布局合理，符合国家规定要求"),
    ("gov-02-unified-standards", "县域内城乡学校建设、教师编制、生均公用经费、基本装备配置标准统一，生均公用经费基准定额不低于省级标准"),
    ("gov-10-staffing", "县级教育行政部门在核定的教职工编制总额和岗位总量内统筹分配各校教职工编制和岗位数量"),
    ("gov-15-left-behind", "建立留守儿童关爱体系"),
    ("qual-03-charter", "所有学校制定章程，实现学校管理与教学信息化"),
    ("qual-05-ict", "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平"),
    ("qual-06-moral", "德育工作、校园文化建设水平达到良好以上"),
    ("qual-07-curriculum", "课程开齐开足，教学秩序规范，综合实践活动有效开展"),
    ("qual-08-burden", "无过重课业负担"),
];
