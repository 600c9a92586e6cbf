//! The plan: annual targets evaluated against the computed metrics, milestones
//! linked to project progress, major projects over the years, key tasks and the
//! problem ledger.

use std::collections::BTreeMap;

use serde::Serialize;

use super::report::YearReport;
use super::resource::{share, SectionResult};
use crate::load::Project;
use crate::model::de::Date;
use crate::model::plan::{LevelSel, Metric, MilestoneExpect, Op, ProjectKind, Target};
use crate::model::standards::{meets, within};
use crate::model::year::{LedgerStatus, ProjectStatus, TaskStatus, YearData};
use crate::model::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NotMet,
    /// The year has no data yet, or the metric cannot be computed from it.
    NoData,
}

impl Outcome {
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Met => "已达成",
            Outcome::NotMet => "未达成",
            Outcome::NoData => "暂无数据",
        }
    }
    fn of(b: bool) -> Outcome {
        if b {
            Outcome::Met
        } else {
            Outcome::NotMet
        }
    }
}

/// `value op target`, with the pinned tolerance for the inclusive comparisons.
pub fn compare(value: f64, op: Op, target: f64) -> bool {
    match op {
        Op::Ge => meets(value, target),
        Op::Gt => value > target,
        Op::Le => within(value, target),
        Op::Lt => value < target,
        Op::Eq => meets(value, target) && within(value, target),
    }
}

fn selected(y: &YearReport, sel: LevelSel) -> Vec<&SectionResult> {
    y.levels
        .iter()
        .filter(|(l, _)| matches!(sel, LevelSel::All) || sel == LevelSel::One(**l))
        .flat_map(|(_, r)| r.sections.iter())
        .collect()
}

fn share_of(secs: &[&SectionResult], pred: impl Fn(&SectionResult) -> bool) -> Option<f64> {
    share(secs.iter().filter(|s| pred(s)).count(), secs.len())
}

/// A metric's value in a year; `None` when it cannot be computed.
pub fn metric_value(y: &YearReport, m: Metric) -> Option<f64> {
    let m_ = &y.metrics;
    match m {
        Metric::Rate(i, sel) => share_of(&selected(y, sel), |s| s.meets(i)),
        Metric::RateArea(sel) => share_of(&selected(y, sel), |s| s.meets_area),
        Metric::RateMusicArtRooms(sel) => match sel {
            LevelSel::All => m_.music_art_rooms_rate.all,
            LevelSel::One(Level::Primary) => m_.music_art_rooms_rate.primary,
            LevelSel::One(Level::Junior) => m_.music_art_rooms_rate.junior,
        },
        Metric::Cv(i, l) => y.levels.get(&l)?.indicator(i).cv,
        Metric::CvComposite(l) => y.levels.get(&l)?.composite_cv,
        Metric::County(i, l) => y.levels.get(&l)?.indicator(i).county_value,
        Metric::Recognition => y.recognition.rate,
        Metric::Retention(l) => m_.retention.get(l),
        Metric::DisabledEnrollment => m_.disabled_enrollment,
        Metric::LargeClasses => Some(m_.large_classes as f64),
        Metric::OversizedSchools => Some(m_.oversized_schools as f64),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    pub year: u16,
    pub metric: String,
    pub op: Op,
    pub target: f64,
    pub text: String,
    /// The computed value (null: no data).
    pub actual: Option<f64>,
    pub outcome: Outcome,
    pub note: Option<String>,
}

/// Evaluate one target against its year's report (`None`: the year has no data).
pub fn evaluate_target(t: &Target, year: Option<&YearReport>) -> TargetResult {
    let mut r = TargetResult {
        year: t.year,
        metric: t.metric.clone(),
        op: t.op,
        target: t.value,
        text: t.text.clone(),
        actual: None,
        outcome: Outcome::NoData,
        note: None,
    };
    let Some(y) = year else {
        r.note = Some(format!("{} 年暂无数据", t.year));
        return r;
    };
    let Some(metric) = Metric::parse(&t.metric) else {
        r.note = Some(format!("未知的指标 `{}`", t.metric));
        return r;
    };
    r.actual = metric_value(y, metric);
    let Some(v) = r.actual else {
        r.note = Some("该指标无法计算".to_string());
        return r;
    };
    r.outcome = Outcome::of(compare(v, t.op, t.value));
    if metric == Metric::LargeClasses && !y.metrics.large_classes_exact {
        // Some sections give only their largest class: the count is a lower bound.
        let lower_bound_fails =
            matches!(t.op, Op::Le | Op::Lt | Op::Eq) && !compare(v, t.op, t.value);
        if !lower_bound_fails {
            r.outcome = Outcome::NoData;
        }
        r.note = Some("部分学校只填写了最大班额，超过上限的班级数为下限".to_string());
    }
    r
}

/// A project's status at the end of `year`: the latest record at or before it
/// (not started when there is none).
pub fn project_status_at(
    years: &BTreeMap<u16, YearData>,
    project: &str,
    year: u16,
) -> ProjectStatus {
    years
        .range(..=year)
        .rev()
        .find_map(|(_, y)| y.projects.iter().find(|p| p.project == project))
        .map_or(ProjectStatus::Planned, |p| p.status)
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneResult {
    pub year: u16,
    pub text: String,
    pub project: Option<String>,
    pub expect: Option<MilestoneExpect>,
    /// The project's status at the end of the year (when linked and the year has data).
    pub project_status: Option<ProjectStatus>,
    /// `None` for milestones not linked to a project's progress.
    pub outcome: Option<Outcome>,
}

pub fn milestones(project: &Project) -> Vec<MilestoneResult> {
    project
        .plan
        .milestones
        .iter()
        .map(|m| {
            let linked = m.project.as_deref().zip(m.expect);
            let has_data = project.years.contains_key(&m.year);
            let status = linked
                .filter(|_| has_data)
                .map(|(p, _)| project_status_at(&project.years, p, m.year));
            let outcome = linked.map(|(_, e)| match status {
                None => Outcome::NoData,
                Some(s) => Outcome::of(match e {
                    MilestoneExpect::Started => s.started(),
                    MilestoneExpect::Completed => s == ProjectStatus::Completed,
                }),
            });
            MilestoneResult {
                year: m.year,
                text: m.text.clone(),
                project: m.project.clone(),
                expect: m.expect,
                project_status: status,
                outcome,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// Before its period and not started.
    NotDue,
    OnSchedule,
    Completed,
    /// Not started by the end of its first year, or not completed by the end of its last.
    Late,
}

impl Schedule {
    pub fn zh(self) -> &'static str {
        match self {
            Schedule::NotDue => "未到期",
            Schedule::OnSchedule => "按期推进",
            Schedule::Completed => "已竣工",
            Schedule::Late => "滞后",
        }
    }
}

/// A project's schedule at the end of `year` against its `period` (first and last
/// year): late when not started by the end of the first year or not completed by
/// the end of the last.
pub fn schedule(status: ProjectStatus, year: u16, period: [u16; 2]) -> Schedule {
    if status == ProjectStatus::Completed {
        Schedule::Completed
    } else if year >= period[1] || (year >= period[0] && !status.started()) {
        Schedule::Late
    } else if !status.started() {
        Schedule::NotDue
    } else {
        Schedule::OnSchedule
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectYear {
    pub year: u16,
    pub status: ProjectStatus,
    /// Whether the year's data has a record for the project (else carried forward).
    pub reported: bool,
    pub progress: Option<f64>,
    pub invested_wan: Option<f64>,
    pub schedule: Schedule,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectReport {
    pub id: String,
    pub number: u64,
    pub name: String,
    pub site: String,
    pub kind: ProjectKind,
    pub scale: String,
    pub investment_wan: f64,
    pub period: [u16; 2],
    pub schools: Vec<String>,
    /// At the end of the latest year with data.
    pub status: ProjectStatus,
    pub progress: Option<f64>,
    /// Cumulative investment (latest reported), 万元.
    pub invested_wan: Option<f64>,
    pub invested_share: Option<f64>,
    pub schedule: Schedule,
    pub history: Vec<ProjectYear>,
}

pub fn projects(project: &Project) -> Vec<ProjectReport> {
    let latest = project.latest_year();
    project
        .plan
        .projects
        .iter()
        .map(|p| {
            let history: Vec<ProjectYear> = project
                .years
                .iter()
                .map(|(&year, y)| {
                    let rec = y.projects.iter().find(|r| r.project == p.id);
                    let status = project_status_at(&project.years, &p.id, year);
                    ProjectYear {
                        year,
                        status,
                        reported: rec.is_some(),
                        progress: rec.and_then(|r| r.progress),
                        invested_wan: rec.and_then(|r| r.invested_wan),
                        schedule: schedule(status, year, p.period),
                        note: rec.and_then(|r| r.note.clone()),
                    }
                })
                .collect();
            let last = history.last();
            let progress = history.iter().rev().find_map(|h| h.progress);
            let invested = history.iter().rev().find_map(|h| h.invested_wan);
            let status = last.map_or(ProjectStatus::Planned, |h| h.status);
            ProjectReport {
                id: p.id.clone(),
                number: p.number,
                name: p.name.clone(),
                site: p.site.clone(),
                kind: p.kind,
                scale: p.scale.clone(),
                investment_wan: p.investment_wan,
                period: p.period,
                schools: p.schools.clone(),
                status,
                progress,
                invested_wan: invested,
                invested_share: invested.and_then(|v| super::ratio(v, p.investment_wan)),
                schedule: latest.map_or(Schedule::NotDue, |y| schedule(status, y, p.period)),
                history,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskYear {
    pub year: u16,
    pub status: TaskStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    pub id: String,
    pub group: String,
    pub group_title: Option<String>,
    pub title: String,
    pub text: Option<String>,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    /// The latest reported status.
    pub status: Option<TaskStatus>,
    pub history: Vec<TaskYear>,
}

pub fn tasks(project: &Project) -> Vec<TaskReport> {
    project
        .plan
        .tasks
        .iter()
        .map(|t| {
            let history: Vec<TaskYear> = project
                .years
                .iter()
                .filter_map(|(&year, y)| {
                    y.tasks.iter().find(|r| r.task == t.id).map(|r| TaskYear {
                        year,
                        status: r.status,
                        note: r.note.clone(),
                    })
                })
                .collect();
            TaskReport {
                id: t.id.clone(),
                group: t.group.clone(),
                group_title: project
                    .plan
                    .task_groups
                    .iter()
                    .find(|g| g.id == t.group)
                    .map(|g| g.title.clone()),
                title: t.title.clone(),
                text: t.text.clone(),
                lead: t.lead.clone(),
                partners: t.partners.clone(),
                status: history.last().map(|h| h.status),
                history,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerYear {
    pub year: u16,
    pub status: LedgerStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerReport {
    pub id: String,
    pub school: Option<String>,
    pub school_name: Option<String>,
    pub indicator: Option<String>,
    pub problem: String,
    pub measure: String,
    pub owner: String,
    pub due: Date,
    /// Latest state.
    pub status: LedgerStatus,
    pub rectified_on: Option<Date>,
    pub note: Option<String>,
    /// First year the item appears.
    pub opened_year: u16,
    /// Year of its latest state.
    pub updated_year: u16,
    /// Not rectified and past `due` at the reference date.
    pub overdue: bool,
    /// Rectified after `due`.
    pub rectified_late: bool,
    pub history: Vec<LedgerYear>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    /// The date overdue items are judged at: the latest year's `as_of`, else its year end.
    pub reference_date: Option<Date>,
    pub items: Vec<LedgerReport>,
    pub open: usize,
    pub rectified: usize,
    pub overdue: usize,
}

/// The date a year's ledger is judged at: its `as_of`, else 31 December.
pub fn reference_date(y: &YearData) -> Date {
    y.as_of.unwrap_or(Date {
        year: y.year as i32,
        month: 12,
        day: 31,
    })
}

pub fn ledger(project: &Project) -> Ledger {
    let reference = project.years.values().next_back().map(reference_date);
    let mut by_id: BTreeMap<String, LedgerReport> = BTreeMap::new();
    for (&year, y) in &project.years {
        for item in &y.ledger {
            let e = by_id
                .entry(item.id.clone())
                .or_insert_with(|| LedgerReport {
                    id: item.id.clone(),
                    school: None,
                    school_name: None,
                    indicator: None,
                    problem: String::new(),
                    measure: String::new(),
                    owner: String::new(),
                    due: item.due,
                    status: item.status,
                    rectified_on: None,
                    note: None,
                    opened_year: year,
                    updated_year: year,
                    overdue: false,
                    rectified_late: false,
                    history: Vec::new(),
                });
            e.school = item.school.clone();
            e.school_name = item
                .school
                .as_deref()
                .and_then(|s| project.school(s))
                .map(|s| s.name.clone());
            e.indicator = item.indicator.clone();
            e.problem = item.problem.clone();
            e.measure = item.measure.clone();
            e.owner = item.owner.clone();
            e.due = item.due;
            e.status = item.status;
            e.rectified_on = item.rectified_on;
            e.note = item.note.clone();
            e.updated_year = year;
            match e.history.last_mut() {
                Some(h) if h.year == year => h.status = item.status,
                _ => e.history.push(LedgerYear {
                    year,
                    status: item.status,
                }),
            }
        }
    }
    let mut items: Vec<LedgerReport> = by_id.into_values().collect();
    for e in &mut items {
        let rectified = e.status == LedgerStatus::Rectified;
        e.overdue = !rectified && reference.is_some_and(|r| e.due < r);
        e.rectified_late = rectified && e.rectified_on.is_some_and(|d| d > e.due);
    }
    Ledger {
        reference_date: reference,
        open: items
            .iter()
            .filter(|e| e.status != LedgerStatus::Rectified)
            .count(),
        rectified: items
            .iter()
            .filter(|e| e.status == LedgerStatus::Rectified)
            .count(),
        overdue: items.iter().filter(|e| e.overdue).count(),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons() {
        assert!(compare(0.95, Op::Ge, 0.95));
        assert!(!compare(0.95, Op::Gt, 0.95));
        assert!(compare(0.5, Op::Le, 0.5));
        assert!(!compare(0.5, Op::Lt, 0.5));
        assert!(compare(3.0, Op::Eq, 3.0));
        assert!(!compare(2.0, Op::Eq, 3.0));
    }

    #[test]
    fn project_schedule() {
        use ProjectStatus::*;
        let p = [2022, 2024];
        assert_eq!(schedule(Planned, 2021, p), Schedule::NotDue);
        assert_eq!(schedule(Planned, 2022, p), Schedule::Late);
        assert_eq!(schedule(Preparing, 2022, p), Schedule::OnSchedule);
        assert_eq!(schedule(InProgress, 2023, p), Schedule::OnSchedule);
        assert_eq!(schedule(InProgress, 2024, p), Schedule::Late);
        assert_eq!(schedule(Completed, 2024, p), Schedule::Completed);
        assert_eq!(schedule(Completed, 2026, p), Schedule::Completed);
    }
}
