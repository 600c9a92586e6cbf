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
