//! A year's progress lists: major projects, key tasks and the problem ledger,
//! checked against the plan, the registry and the assessment's items.

use super::{did_you_mean, num, Checker};
use crate::model::items::{is_item, ASSURANCE_ITEMS, QUALITY_ITEMS};
use crate::model::standards::Indicator;
use crate::model::year::LedgerStatus;
use crate::model::YearData;

pub(crate) fn check(c: &mut Checker, d: &YearData) {
    projects(c, d);
    tasks(c, d);
    ledger(c, d);
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
