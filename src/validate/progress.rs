//! A year's progress lists: major projects, key tasks and the problem ledger,
//! checked against the plan, the registry and the assessment's items.

use super::{did_you_mean, num, Checker};
use crate::model::items::{is_item, ASSURANCE_ITEMS, QUALITY_ITEMS};
use crate::model::standards::Indicator;
use crate::model::year::{LedgerStatus, ProjectStatus};
use crate::model::YearData;

pub(crate) fn check(c: &mut Checker, d: &YearData) {
    projects(c, d);
    tasks(c, d);
    ledger(c, d);
    unreported(c, d);
}

/// A plan project (under way: its period has begun and it was not completed
/// earlier) or a key task without an entry in a year with data is not silently
/// carried forward or judged 滞后: it gets a warning.
fn unreported(c: &mut Checker, d: &YearData) {
    if !c.plan_ok() {
        return;
    }
    let p = c.p;
    let y = d.year;
    for pr in &p.plan.projects {
        if y < pr.period[0] || d.projects.iter().any(|r| r.project == pr.id) {
            continue;
        }
        let earlier = p
            .years
            .range(..y)
            .rev()
            .find_map(|(_, e)| e.projects.iter().find(|r| r.project == pr.id));
        if earlier.is_some_and(|r| r.status == ProjectStatus::Completed) {
            continue;
        }
        let then = match earlier {
            Some(r) => format!("报告将沿用此前最近一次填报的状态（{}）", r.status.zh()),
            None => "报告将按“未启动”处理，可能显示为“滞后”".to_string(),
        };
        let anchor = super::years::year_anchor(c, d, "projects");
        c.warning(
            &anchor,
            "",
            format!(
                "{y} 年没有重大项目 `{}`（{}）的进展记录：该项目计划 {}—{} 年实施，{then}。请在 `projects` 中补一条 `{{project: {}, status: …}}`",
                pr.id, pr.name, pr.period[0], pr.period[1], pr.id
            ),
        );
    }
    for t in &p.plan.tasks {
        if d.tasks.iter().any(|r| r.task == t.id) {
            continue;
        }
        let anchor = super::years::year_anchor(c, d, "tasks");
        c.warning(
            &anchor,
            "",
            format!(
                "{y} 年没有重点任务 `{}`（{}）的进展记录：报告中该任务当年无进展，其状态沿用此前的填报。请在 `tasks` 中补一条 `{{task: \"{}\", status: …}}`",
                t.id, t.title, t.id
            ),
        );
    }
}

fn projects(c: &mut Checker, d: &YearData) {
    let p = c.p;
    let plan = &p.plan;
    for pr in &d.projects {
        if c.plan_ok() && !plan.projects.iter().any(|x| x.id == pr.project) {
            let msg = format!(
                "未知的重大项目 `{}`：`data/plan.yaml` 的 `projects` 中没有这个 id{}",
                pr.project,
                did_you_mean(&pr.project, plan.projects.iter().map(|x| x.id.as_str()))
            );
            c.error(&pr.origin, "project", msg);
        }
        if let Some(v) = pr.progress {
            if v > 1.0 {
                c.error(
                    &pr.origin,
                    "progress",
                    format!(
                        "`progress` 应为 0 到 1 之间的小数（如 0.6 表示完成 60%），实际为 {}",
                        num(v)
                    ),
                );
            }
        }
    }
    c.duplicates(
        d.projects
            .iter()
            .map(|x| (x.project.as_str(), x.origin.clone())),
        "project",
        "重大项目",
        &format!("{} 年的进展中，该项目", d.year),
    );
}

fn tasks(c: &mut Checker, d: &YearData) {
    let p = c.p;
    let plan = &p.plan;
    for t in &d.tasks {
        if c.plan_ok() && !plan.tasks.iter().any(|x| x.id == t.task) {
            let msg = format!(
                "未知的重点任务 `{}`：`data/plan.yaml` 的 `tasks` 中没有这个 id{}",
                t.task,
                did_you_mean(&t.task, plan.tasks.iter().map(|x| x.id.as_str()))
            );
            c.error(&t.origin, "task", msg);
        }
    }
    c.duplicates(
        d.tasks.iter().map(|x| (x.task.as_str(), x.origin.clone())),
        "task",
        "重点任务",
        &format!("{} 年的进展中，该任务", d.year),
    );
}

/// Every key a ledger item's `indicator` may name.
fn ledger_targets() -> impl Iterator<Item = &'static str> {
    Indicator::ALL
        .into_iter()
        .map(Indicator::key)
        .chain(ASSURANCE_ITEMS.iter().map(|(k, _)| *k))
        .chain(QUALITY_ITEMS.iter().map(|(k, _)| *k))
}

fn ledger(c: &mut Checker, d: &YearData) {
    for item in &d.ledger {
        if let Some(school) = &item.school {
            if c.registry_ok() && c.school(school).is_none() {
                let msg = c.unknown_school(school);
                c.error(&item.origin, "school", msg);
            }
        }
        if let Some(ind) = &item.indicator {
            if Indicator::from_key(ind).is_none() && !is_item(ind) {
                let msg = format!(
                    "未知的指标或评估事项 `{ind}`：应为七项资源配置指标的键名（如 `sports_area_per_student`）或评估事项 id（如 `gov-05-class-size`）{}",
                    did_you_mean(ind, ledger_targets())
                );
                c.error(&item.origin, "indicator", msg);
            }
        }
        if item.status == LedgerStatus::Rectified && item.rectified_on.is_none() {
            c.error(
                &item.origin,
                "",
                "缺少 `rectified_on`：`status: rectified`（已整改）时必须填写整改完成日期，如 `rectified_on: 2027-06-30`",
            );
        }
    }
    c.duplicates(
        d.ledger.iter().map(|x| (x.id.as_str(), x.origin.clone())),
        "id",
        "台账编号",
        &format!("{} 年的问题台账中，该编号", d.year),
    );
}
