//! `data/plan.yaml` (and the plan period in `county.yaml`): metrics, years,
//! references between targets, milestones, tasks, projects and schools.

use super::{code_list, did_you_mean, entries, entry, num, root, Checker};
use crate::model::plan::Metric;
use crate::model::{FileId, Origin};

pub(crate) fn check(c: &mut Checker) {
    period(c);
    let Some(file) = c.p.plan_file else {
        return;
    };
    targets(c, file);
    years(c, file);
    milestones(c, file);
    tasks(c, file);
    projects(c, file);
}

/// `county.yaml`'s `plan.period`: first ≤ last.
fn period(c: &mut Checker) {
    let Some(file) = c.p.county_file else {
        return;
    };
    let period = c.p.county.plan.as_ref().and_then(|p| p.period);
    if let Some([first, last]) = period {
        if first > last {
            c.error(
                &root(file, "plan.period"),
                "",
                format!("规划期 `period: [{first}, {last}]` 的起始年晚于结束年：应写成 [起始年, 结束年]"),
            );
        }
    }
}

/// An error when `year` lies outside the plan period.
fn in_period(c: &mut Checker, o: &Origin, year: u16) {
    let Some([first, last]) = c.period() else {
        return;
    };
    if year < first || year > last {
        c.error(
            o,
            "year",
            format!("年份 {year} 不在规划期 {first}—{last} 年之内"),
        );
    }
}

fn targets(c: &mut Checker, file: FileId) {
    let p = c.p;
    for (i, t) in p.plan.targets.iter().enumerate() {
        let o = entry(file, "targets", i);
        in_period(c, &o, t.year);
        match Metric::parse(&t.metric) {
            None => {
                let names = Metric::all_names();
                let msg = format!(
                    "未知的指标 `{}`：应为以下格式之一：{}（`<indicator>` 为七项资源配置指标的键名，`<level>` 为 `primary` 或 `junior`，`rate.` 开头的还可用 `all`）{}",
                    t.metric,
                    code_list(Metric::PATTERNS),
                    did_you_mean(&t.metric, names.iter().map(String::as_str))
                );
                c.error(&o, "metric", msg);
            }
            Some(_) if !t.value.is_finite() => c.error(
                &o,
                "value",
                format!("目标值应为有限的数，实际为 {}", num(t.value)),
            ),
            Some(m) if is_share(m) && !(0.0..=1.0).contains(&t.value) => c.error(
                &o,
                "value",
                format!(
                    "比例类指标 `{}` 的目标值应写成 0 到 1 之间的小数（如 95% 写 0.95），实际为 {}",
                    t.metric,
                    num(t.value)
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Metrics whose value is a share (0–1).
fn is_share(m: Metric) -> bool {
    matches!(
        m,
        Metric::Rate(..)
            | Metric::RateArea(_)
            | Metric::RateMusicArtRooms(_)
            | Metric::Recognition
            | Metric::Retention(_)
            | Metric::DisabledEnrollment
    )
}

fn years(c: &mut Checker, file: FileId) {
    let p = c.p;
    for (i, y) in p.plan.years.iter().enumerate() {
        in_period(c, &entry(file, "years", i), y.year);
    }
}

fn milestones(c: &mut Checker, file: FileId) {
    let p = c.p;
    let plan = &p.plan;
    for (i, m) in plan.milestones.iter().enumerate() {
        let o = entry(file, "milestones", i);
        in_period(c, &o, m.year);
        if let Some(id) = &m.project {
            if !plan.projects.iter().any(|p| p.id == *id) {
                let msg = format!(
                    "未知的重大项目 `{id}`：本文件的 `projects` 中没有这个 id{}",
                    did_you_mean(id, plan.projects.iter().map(|p| p.id.as_str()))
                );
                c.error(&o, "project", msg);
            }
        }
    }
}

fn tasks(c: &mut Checker, file: FileId) {
    let p = c.p;
    let plan = &p.plan;
    let groups = || plan.task_groups.iter().map(|g| g.id.as_str());
    for (i, t) in plan.tasks.iter().enumerate() {
        if !groups().any(|g| g == t.group) {
            let msg = format!(
                "未知的任务组 `{}`：本文件的 `task_groups` 中没有这个 id（已有：{}）{}",
                t.group,
                if plan.task_groups.is_empty() {
                    "无".to_string()
                } else {
                    code_list(groups())
                },
                did_you_mean(&t.group, groups())
            );
            c.error(&entry(file, "tasks", i), "group", msg);
        }
    }
    let group_ids = entries(file, "task_groups", groups());
    c.duplicates(group_ids, "id", "任务组 id", "");
    let task_ids = entries(file, "tasks", plan.tasks.iter().map(|t| t.id.as_str()));
    c.duplicates(task_ids, "id", "重点任务 id", "");
}

fn projects(c: &mut Checker, file: FileId) {
    let p = c.p;
    let plan = &p.plan;
    for (i, p) in plan.projects.iter().enumerate() {
        let o = entry(file, "projects", i);
        let [first, last] = p.period;
        if first > last {
            c.error(
                &o,
                "period",
                format!("建设期限 `period: [{first}, {last}]` 的起始年晚于结束年：应写成 [起始年, 结束年]"),
            );
        }
        if !c.registry_ok() {
            continue;
        }
        for (j, school) in p.schools.iter().enumerate() {
            if c.school(school).is_none() {
                let msg = c.unknown_school(school);
                c.error(&o, &format!("schools[{j}]"), msg);
            }
        }
    }
    let ids = entries(
        file,
        "projects",
        plan.projects.iter().map(|p| p.id.as_str()),
    );
    c.duplicates(ids, "id", "重大项目 id", "");
}
