//! `data/plan.yaml`: the plan's goals, annual targets, milestones, key tasks and
//! major projects.

use super::de::{self};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's overall goals, in its own words.
    #[serde(default)]
    pub goals: Vec<String>,
    /// Each year's text of the plan's 年度目标 section.
    #[serde(default)]
    pub years: Vec<PlanYear>,
    /// Annual targets that can be evaluated against computed metrics.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Annual milestones that are not numbers (a project starts, a ledger opens).
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Groups of key tasks (重点任务), e.g. `(一) 统筹城乡义务教育学校布局…`.
    #[serde(default)]
    pub task_groups: Vec<TaskGroup>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// The major projects of the plan's attached table (重大项目规划表).
    #[serde(default)]
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanYear {
    pub year: u16,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub year: u16,
    /// A metric from the closed list (`rate.area.primary`, `cv.composite.junior`, …).
    pub metric: String,
    pub op: Op,
    pub value: f64,
    /// The plan's own sentence.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub year: u16,
    pub text: String,
    /// A major project this milestone is about.
    #[serde(default)]
    pub project: Option<String>,
    /// What the project must have reached by the end of `year`.
    #[serde(default)]
    pub expect: Option<MilestoneExpect>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneExpect {
    /// The project has started (status preparing, in_progress or completed).
    Started,
    /// The project is completed.
    Completed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskGroup {
    /// `1` … `5`
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// `1.4`: group, then number within the group.
    pub id: String,
    /// Id of its group in `task_groups`.
    pub group: String,
    pub title: String,
    /// The plan's text of the task.
    #[serde(default)]
    pub text: Option<String>,
    /// 责任单位
    pub lead: Vec<String>,
    /// 配合单位
    #[serde(default)]
    pub partners: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: String,
    /// 序号 in the plan's table.
    #[serde(deserialize_with = "de::count")]
    pub number: u64,
    /// 项目地址
    pub site: String,
    /// 项目名称
    pub name: String,
    /// 项目性质
    pub kind: ProjectKind,
    /// 设计规模 (the plan's text).
    pub scale: String,
    /// 项目总投资（万元）
    #[serde(deserialize_with = "de::amount")]
    pub investment_wan: f64,
    /// 建设期限: first and last year.
    pub period: [u16; 2],
    /// Schools the project builds or moves (ids in `schools.yaml`).
    #[serde(default)]
    pub schools: Vec<String>,
    /// Design capacity: classes and pupils, where the plan states them.
    #[serde(default, deserialize_with = "de::opt_count")]
    pub classes: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_count")]
    pub students: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKind {
    /// 迁建
    Relocation,
    /// 新建
    New,
    /// 改扩建
    Expansion,
}

impl ProjectKind {
    pub fn zh(self) -> &'static str {
        match self {
            ProjectKind::Relocation => "迁建",
            ProjectKind::New => "新建",
            ProjectKind::Expansion => "改扩建",
        }
    }
}

/// Which levels a rate metric covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSel {
    One(super::Level),
    /// Both levels together: the share of all counted sections.
    All,
}

/// A plan-target metric, parsed from its closed list of names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// `rate.<indicator>.<level>`: share of counted sections meeting that standard.
    Rate(super::standards::Indicator, LevelSel),
    /// `rate.area.<level>`: share meeting both area standards.
    RateArea(LevelSel),
    /// `rate.music_art_rooms.<level>`: share of schools meeting the music/art room requirement.
    RateMusicArtRooms(LevelSel),
    /// `cv.<indicator>.<level>`
    Cv(super::standards::Indicator, super::Level),
    /// `cv.composite.<level>`: mean of the seven CVs.
    CvComposite(super::Level),
    /// `county.<indicator>.<level>`: the county value.
    County(super::standards::Indicator, super::Level),
    /// `recognition`: overall satisfied share.
    Recognition,
    /// `retention.<level>`
    Retention(super::Level),
    /// `disabled_enrollment`
    DisabledEnrollment,
    /// `large_classes`: classes over the size limit.
    LargeClasses,
    /// `oversized_schools`: schools over the size limit.
    OversizedSchools,
}

impl Metric {
    /// Every metric name pattern, for messages.
    pub const PATTERNS: [&'static str; 11] = [
        "rate.<indicator>.<level>",
        "rate.area.<level>",
        "rate.music_art_rooms.<level>",
        "cv.<indicator>.<level>",
        "cv.composite.<level>",
        "county.<indicator>.<level>",
        "recognition",
        "retention.<level>",
        "disabled_enrollment",
        "large_classes",
        "oversized_schools",
    ];

    pub fn parse(s: &str) -> Option<Metric> {
        use super::standards::Indicator;
        use super::Level;
        let level = |l: &str| match l {
            "primary" => Some(Level::Primary),
            "junior" => Some(Level::Junior),
            _ => None,
        };
        let sel = |l: &str| match l {
            "all" => Some(LevelSel::All),
            _ => level(l).map(LevelSel::One),
        };
        let parts: Vec<&str> = s.split('.').collect();
        Some(match parts.as_slice() {
            ["recognition"] => Metric::Recognition,
            ["disabled_enrollment"] => Metric::DisabledEnrollment,
            ["large_classes"] => Metric::LargeClasses,
            ["oversized_schools"] => Metric::OversizedSchools,
            ["retention", l] => Metric::Retention(level(l)?),
            ["rate", "area", l] => Metric::RateArea(sel(l)?),
            ["rate", "music_art_rooms", l] => Metric::RateMusicArtRooms(sel(l)?),
            ["rate", i, l] => Metric::Rate(Indicator::from_key(i)?, sel(l)?),
            ["cv", "composite", l] => Metric::CvComposite(level(l)?),
            ["cv", i, l] => Metric::Cv(Indicator::from_key(i)?, level(l)?),
            ["county", i, l] => Metric::County(Indicator::from_key(i)?, level(l)?),
            _ => return None,
        })
    }

    /// Every concrete metric name (for suggestions).
    pub fn all_names() -> Vec<String> {
        use super::standards::Indicator;
        let mut v: Vec<String> = [
            "recognition",
            "disabled_enrollment",
            "large_classes",
            "oversized_schools",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for l in ["primary", "junior"] {
            v.push(format!("retention.{l}"));
            v.push(format!("cv.composite.{l}"));
            for i in Indicator::ALL {
                v.push(format!("cv.{}.{l}", i.key()));
                v.push(format!("county.{}.{l}", i.key()));
            }
        }
        for l in ["primary", "junior", "all"] {
            v.push(format!("rate.area.{l}"));
            v.push(format!("rate.music_art_rooms.{l}"));
            for i in Indicator::ALL {
                v.push(format!("rate.{}.{l}", i.key()));
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_parse_from_the_closed_list() {
        for name in Metric::all_names() {
            assert!(Metric::parse(&name).is_some(), "{name}");
        }
        assert_eq!(
            Metric::parse("rate.area.all"),
            Some(Metric::RateArea(LevelSel::All))
        );
        assert!(Metric::parse("rate.area.senior").is_none());
        assert!(Metric::parse("cv.equipment_value_per_student.all").is_none());
        assert!(Metric::parse("rate.foo.primary").is_none());
        assert!(Metric::parse("").is_none());
    }
}
