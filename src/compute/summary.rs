//! Derived figures the chapters and templates cite: counts of met items, the
//! first year every CV was within its limit, minima and maxima, changes
//! between years, whether every due target was met, counts per level, the
//! rules' counts (7 indicators, 其余1项) from the standards in force.
//!
//! Computed from the finished [`Report`] (so they always agree with it) and
//! stored on it: `report.summary`, `report.rules`, `year.summary`. Templates
//! and chapters only cite these; they never count, compare or do arithmetic.
//! Nothing here formats numbers for display.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::plan::{metric_value, Outcome, Schedule};
use super::report::{Report, YearReport};
use super::resource::LevelResult;
use crate::model::de::Date;
use crate::model::plan::{Metric, Op};
use crate::model::schools::{Locality, SchoolType};
use crate::model::standards::{Indicator, PerLevel, Standards};
use crate::model::year::{LedgerStatus, ProjectStatus, TaskStatus};
use crate::model::Level;

/// The counts the assessment rules name, from the standards in force.
#[derive(Debug, Clone, Serialize)]
pub struct Rules {
    /// Resource indicators per section (7).
    pub indicators: usize,
    /// Indicators a section must meet (`section_min_met`, 6).
    pub section_min_met: u64,
    /// The rest, which must reach the floor (其余1项).
    pub section_rest: u64,
    /// The floor share of the standard for the rest (0.85).
    pub section_floor: f64,
    /// Single CVs over both levels (14).
    pub cv_count: usize,
    /// 政府保障程度 items (15) and 教育质量 items (9).
    pub assurance_items: usize,
    pub quality_items: usize,
    /// The four dimensions.
    pub dimensions: usize,
    /// Upper bound of the 偏大班额 band (`large_from - 1`).
    pub somewhat_large_to: u64,
    /// Upper bound of the 大班额 band (`oversized_from - 1`).
    pub large_to: u64,
}

impl Rules {
    pub fn of(st: &Standards) -> Rules {
        let indicators = Indicator::ALL.len();
        Rules {
            indicators,
            section_min_met: st.section_min_met,
            section_rest: (indicators as u64).saturating_sub(st.section_min_met),
            section_floor: st.section_floor,
            cv_count: indicators * Level::ALL.len(),
            assurance_items: 15,
            quality_items: 9,
            dimensions: 4,
            somewhat_large_to: st.class_bands.large_from.saturating_sub(1),
            large_to: st.class_bands.oversized_from.saturating_sub(1),
        }
    }
}

/// One indicator named, with a value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NamedValue {
    pub key: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    /// Display decimals for the indicator's values.
    pub decimals: usize,
    pub value: f64,
    /// The standard (for a section value), when relevant.
    pub standard: Option<f64>,
}

fn named(i: Indicator, value: f64, standard: Option<f64>) -> NamedValue {
    NamedValue {
        key: i.key(),
        name: i.zh(),
        unit: i.unit(),
        decimals: decimals(i),
        value,
        standard,
    }
}

/// Display decimals of an indicator's values (元: none; others: two).
pub fn decimals(i: Indicator) -> usize {
    if i == Indicator::EquipmentValuePerStudent {
        0
    } else {
        2
    }
}

/// A section that passes with some indicator below its standard.
#[derive(Debug, Clone, Serialize)]
pub struct UnmetSection {
    pub school: String,
    pub name: String,
    pub passes: bool,
    pub unmet: Vec<NamedValue>,
}

/// Derived figures of one level in one year.
#[derive(Debug, Clone, Serialize)]
pub struct LevelSummary {
    pub level: Level,
    pub name: &'static str,
    /// The level has counted sections.
    pub has_sections: bool,
    /// Every counted section passes.
    pub all_passing: bool,
    /// Indicators every counted section meets.
    pub indicators_all_met: usize,
    /// Indicators whose CV is within the limit, over it, and not computable.
    pub cv_within: usize,
    pub cv_over: usize,
    pub cv_missing: usize,
    /// Every CV computed and within the limit.
    pub cv_all_within: bool,
    /// The composite CV is within the limit.
    pub composite_within: Option<bool>,
    /// The largest single CV.
    pub max_cv: Option<NamedValue>,
    /// Sections with an indicator below its standard (passing or not), in section order.
    pub sections_with_unmet: Vec<UnmetSection>,
    /// Passing sections with an indicator below its standard: their count and list.
    pub passing_with_unmet: usize,
    pub passing_unmet: Vec<UnmetSection>,
    /// Change of the composite CV from the previous year with data (`None`: no previous year or no CV).
    pub composite_cv_change: Option<f64>,
}

/// A count of schools of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct Count<K> {
    pub key: K,
    pub count: usize,
}

/// Derived figures of one year.
#[derive(Debug, Clone, Serialize, Default)]
pub struct YearSummary {
    /// Per level, only the levels present (`primary`, `junior`).
    pub levels: BTreeMap<Level, LevelSummary>,
    /// Levels with counted sections, in order.
    pub assessed_levels: Vec<Level>,
    /// Single CVs over the limit (both levels).
    pub cv_over: usize,
    /// Every single CV of every level with sections computed and within the limit.
    pub cv_all_within: bool,
    /// Both composite CVs (of levels with sections) within the limit.
    pub composite_all_within: bool,
    /// Items met, items declared not applicable (不适用, not counted), and
    /// whether every applicable item is met.
    pub assurance_met: usize,
    pub assurance_not_applicable: usize,
    pub assurance_all_met: bool,
    pub quality_met: usize,
    pub quality_not_applicable: usize,
    pub quality_all_met: bool,
    /// 教育质量 items judged on evidence documents (学校章程, 信息化应用, …).
    pub quality_by_evidence: usize,
    pub dimensions_failed: usize,
    /// Schools of the year per type and per locality (non-zero counts, fixed order).
    pub schools_by_type: Vec<Count<SchoolType>>,
    pub schools_by_locality: Vec<Count<Locality>>,
    /// 教师培训经费 (qual-04): schools with a share, how many meet it, the lowest share.
    pub training_schools: usize,
    pub training_met: usize,
    pub training_all_met: bool,
    pub training_min_share: Option<f64>,
}

/// A composite-CV comparison between two years for one level.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub level: Level,
    pub name: &'static str,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// `to - from`, when both exist.
    pub delta: Option<f64>,
    pub decreased: Option<bool>,
    /// `from` above its limit.
    pub from_over_limit: Option<bool>,
}

/// The worst single CV of the base year and where it stands in the assessed year.
#[derive(Debug, Clone, Serialize)]
pub struct WorstCv {
    pub level: Level,
    pub level_name: &'static str,
    pub key: &'static str,
    pub name: &'static str,
    pub base: f64,
    pub assessed: Option<f64>,
}

/// The CV history from the base year to the assessed year.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Trend {
    /// Composite CV per level present in both years (levels with sections).
    pub composite: Vec<Change>,
    /// Every compared composite CV went down (and at least one was compared).
    pub decreased_all: bool,
    /// Backbone-teacher CVs per level.
    pub backbone: Vec<Change>,
    pub backbone_decreased_all: bool,
    /// The first final year in which every single CV was within its limit.
    pub first_year_all_within: Option<u16>,
    /// Every final year after it stayed within.
    pub stays_within: bool,
    pub worst_base: Option<WorstCv>,
    /// Years with data from the base year to the assessed year (for a table).
    pub years: Vec<u16>,
}

/// How a plan target's value reads.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A coefficient of variation (three decimals).
    Cv,
    /// A count (classes, schools).
    Count,
    /// A share (percent).
    Share,
    /// Any other value (a county value).
    Value,
}

pub fn value_kind(metric: &str) -> ValueKind {
    match Metric::parse(metric) {
        Some(Metric::Cv(..) | Metric::CvComposite(_)) => ValueKind::Cv,
        Some(Metric::LargeClasses | Metric::OversizedSchools) => ValueKind::Count,
        Some(Metric::County(..)) | None => ValueKind::Value,
        Some(_) => ValueKind::Share,
    }
}

/// A target with what the chapters say of it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetLine {
    pub year: u16,
    pub text: String,
    pub op: Op,
    pub target: f64,
    pub kind: ValueKind,
    pub actual: Option<f64>,
    pub outcome: Outcome,
    /// The metric's value in the assessed year (for targets not yet due).
    pub assessed_actual: Option<f64>,
}

/// The plan's targets and milestones, counted.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PlanSummary {
    pub targets: usize,
    pub met: usize,
    pub not_met: usize,
    pub no_data: usize,
    /// Targets whose year is the assessed year or earlier.
    pub due: usize,
    /// Targets whose year is the last year of the plan.
    pub period_end: usize,
    /// Every target not due is a period-end target.
    pub rest_at_period_end: bool,
    /// Every due target met (and at least one due).
    pub due_all_met: bool,
    pub not_met_list: Vec<TargetLine>,
    pub period_end_list: Vec<TargetLine>,
    /// Milestones linked to a project, and how many of them were met.
    pub milestones_linked: usize,
    pub milestones_met: usize,
    pub milestones_all_met: bool,
    /// Plan years after the latest year with data (still to come), and before the last year.
    pub years_ahead: Vec<u16>,
    pub years_between: Vec<u16>,
}

/// Key tasks, counted.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TaskSummary {
    pub count: usize,
    pub groups: usize,
    pub completed: usize,
    pub behind: usize,
    /// `1.3 标题` of each task behind schedule.
    pub behind_list: Vec<String>,
}

/// One project's completion.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectLine {
    pub id: String,
    /// The first year reported completed, and that year's note.
    pub completed_year: Option<u16>,
    pub completed_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ProjectSummary {
    pub count: usize,
    pub completed: usize,
    pub all_completed: bool,
    pub late: usize,
    pub investment_wan: f64,
    /// By project id.
    pub projects: BTreeMap<String, ProjectLine>,
}

/// A group of ledger entries by what they concern.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerCategory {
    /// `resource`, `assurance` or `quality`.
    pub key: &'static str,
    pub name: &'static str,
    /// Entry ids, in ledger order.
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct LedgerSummary {
    pub count: usize,
    pub in_progress: usize,
    pub not_started: usize,
    /// Earliest and latest due date of the entries not rectified.
    pub first_open_due: Option<Date>,
    pub last_open_due: Option<Date>,
    pub categories: Vec<LedgerCategory>,
}

/// A change of the school layout (a school opened or merged).
#[derive(Debug, Clone, Serialize)]
pub struct LayoutChange {
    pub year: u16,
    /// `opened` or `merged`.
    pub kind: &'static str,
    pub name: String,
    pub township: Option<String>,
    /// The school it was merged into.
    pub into: Option<String>,
}

/// The report's derived figures.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ReportSummary {
    /// The assessed year has data for both levels' resource indicators of a level.
    pub has_data: bool,
    pub trend: Trend,
    pub plan: PlanSummary,
    pub tasks: TaskSummary,
    pub projects: ProjectSummary,
    pub ledger: LedgerSummary,
    pub layout: Vec<LayoutChange>,
}

fn level_summary(l: &LevelResult, prev: Option<&LevelResult>) -> LevelSummary {
    let has_sections = l.counts.sections > 0;
    let mut s = LevelSummary {
        level: l.level,
        name: l.level.zh(),
        has_sections,
        all_passing: has_sections && l.counts.failing == 0,
        indicators_all_met: 0,
        cv_within: 0,
        cv_over: 0,
        cv_missing: 0,
        cv_all_within: false,
        composite_within: l.composite_cv.map(|c| c <= l.cv_limit),
        max_cv: None,
        sections_with_unmet: Vec::new(),
        passing_with_unmet: 0,
        passing_unmet: Vec::new(),
        composite_cv_change: match (prev.and_then(|p| p.composite_cv), l.composite_cv) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        },
    };
    for (i, r) in &l.indicators {
        if has_sections && r.met_sections == l.counts.sections {
            s.indicators_all_met += 1;
        }
        match r.cv_within_limit {
            Some(true) => s.cv_within += 1,
            Some(false) => s.cv_over += 1,
            None => s.cv_missing += 1,
        }
        if let Some(cv) = r.cv {
            if s.max_cv.as_ref().is_none_or(|m| cv > m.value) {
                s.max_cv = Some(named(*i, cv, None));
            }
        }
    }
    s.cv_all_within = has_sections && s.cv_over == 0 && s.cv_missing == 0;
    for sec in &l.sections {
        if sec.unmet.is_empty() {
            continue;
        }
        if sec.passes {
            s.passing_with_unmet += 1;
        }
        s.sections_with_unmet.push(UnmetSection {
            school: sec.school.clone(),
            name: sec.name.clone(),
            passes: sec.passes,
            unmet: sec
                .unmet
                .iter()
                .filter_map(|i| {
                    let v = sec.values.get(i)?;
                    Some(named(*i, *v, l.indicators.get(i).map(|r| r.standard)))
                })
                .collect(),
        });
    }
    s.passing_unmet = s
        .sections_with_unmet
        .iter()
        .filter(|x| x.passes)
        .cloned()
        .collect();
    s
}

fn count_met(items: &[super::items::Item]) -> usize {
    items.iter().filter(|i| i.met == Some(true)).count()
}

fn count_na(items: &[super::items::Item]) -> usize {
    items.iter().filter(|i| i.not_applicable).count()
}

/// Every applicable item met (and at least one applicable).
fn all_applicable_met(items: &[super::items::Item]) -> bool {
    let applicable = items.len() - count_na(items);
    applicable > 0 && count_met(items) == applicable
}

/// The derived figures of one year (`prev`: the year before it with data).
pub fn year_summary(y: &YearReport, prev: Option<&YearReport>) -> YearSummary {
    let levels: BTreeMap<Level, LevelSummary> = y
        .levels
        .iter()
        .map(|(k, l)| (*k, level_summary(l, prev.and_then(|p| p.levels.get(k)))))
        .collect();
    let assessed: Vec<&LevelSummary> = levels.values().filter(|l| l.has_sections).collect();
    let mut by_type: BTreeMap<SchoolType, usize> = BTreeMap::new();
    let mut by_loc: BTreeMap<Locality, usize> = BTreeMap::new();
    for s in &y.schools {
        *by_type.entry(s.school_type).or_default() += 1;
        *by_loc.entry(s.locality).or_default() += 1;
    }
    let training = y.quality.iter().find_map(|i| match &i.detail {
        Some(super::items::Detail::TrainingFunds(d)) => Some(d),
        _ => None,
    });
    let shares: Vec<f64> = training
        .map(|d| d.schools.iter().filter_map(|s| s.share).collect())
        .unwrap_or_default();
    let training_met = training
        .map(|d| d.schools.iter().filter(|s| s.met == Some(true)).count())
        .unwrap_or(0);
    YearSummary {
        assessed_levels: assessed.iter().map(|l| l.level).collect(),
        cv_over: levels.values().map(|l| l.cv_over).sum(),
        cv_all_within: !assessed.is_empty() && assessed.iter().all(|l| l.cv_all_within),
        composite_all_within: !assessed.is_empty()
            && assessed.iter().all(|l| l.composite_within == Some(true)),
        assurance_met: count_met(&y.assurance),
        assurance_not_applicable: count_na(&y.assurance),
        assurance_all_met: all_applicable_met(&y.assurance),
        quality_met: count_met(&y.quality),
        quality_not_applicable: count_na(&y.quality),
        quality_all_met: all_applicable_met(&y.quality),
        quality_by_evidence: y.quality.iter().filter(|i| !i.evidence.is_empty()).count(),
        dimensions_failed: y.verdict.dimensions.iter().filter(|d| !d.passed).count(),
        schools_by_type: by_type
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        schools_by_locality: by_loc
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        training_schools: shares.len(),
        training_met,
        training_all_met: !shares.is_empty() && training_met == shares.len(),
        training_min_share: shares.iter().copied().reduce(f64::min),
        levels,
    }
}

fn change(level: Level, from: Option<f64>, to: Option<f64>, limit: f64) -> Change {
    let delta = match (from, to) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    Change {
        level,
        name: level.zh(),
        from,
        to,
        delta,
        decreased: delta.map(|d| d < 0.0),
        from_over_limit: from.map(|f| f > limit),
    }
}

fn all_decreased(v: &[Change]) -> bool {
    !v.is_empty() && v.iter().all(|c| c.decreased == Some(true))
}

/// Every single CV of every level with sections is within its limit.
fn all_within(y: &YearReport) -> bool {
    y.summary.cv_all_within
}

fn trend(r: &Report, standards: &Standards) -> Trend {
    let (Some(base), Some(assessed)) = (
        r.base_year.and_then(|y| r.year(y)),
        r.assessed_year.and_then(|y| r.year(y)),
    ) else {
        return Trend::default();
    };
    let cv_limit: &PerLevel<f64> = &standards.cv_limit;
    // A comparison needs two different years.
    let distinct = base.year < assessed.year;
    let both = |l: Level| {
        distinct
            && base.summary.levels.get(&l).is_some_and(|s| s.has_sections)
            && assessed
                .summary
                .levels
                .get(&l)
                .is_some_and(|s| s.has_sections)
    };
    let composite: Vec<Change> = Level::ALL
        .into_iter()
        .filter(|l| both(*l))
        .map(|l| {
            change(
                l,
                base.levels[&l].composite_cv,
                assessed.levels[&l].composite_cv,
                cv_limit.get(l),
            )
        })
        .collect();
    let backbone: Vec<Change> = Level::ALL
        .into_iter()
        .filter(|l| both(*l))
        .map(|l| {
            let cv = |y: &YearReport| {
                y.levels[&l]
                    .indicators
                    .get(&Indicator::BackboneTeachersPer100)
                    .and_then(|r| r.cv)
            };
            change(l, cv(base), cv(assessed), cv_limit.get(l))
        })
        .collect();
    let finals: Vec<&YearReport> = r
        .years
        .iter()
        .filter(|y| !y.provisional && y.year <= assessed.year)
        .collect();
    let first = finals.iter().find(|y| all_within(y)).map(|y| y.year);
    let stays = first.is_some_and(|f| finals.iter().filter(|y| y.year > f).all(|y| all_within(y)));
    let mut worst: Option<WorstCv> = None;
    for (l, lr) in base.levels.iter().filter(|_| distinct) {
        for (i, ir) in &lr.indicators {
            let Some(cv) = ir.cv else { continue };
            if worst.as_ref().is_none_or(|w| cv > w.base) {
                worst = Some(WorstCv {
                    level: *l,
                    level_name: l.zh(),
                    key: i.key(),
                    name: i.zh(),
                    base: cv,
                    assessed: assessed
                        .levels
                        .get(l)
                        .and_then(|x| x.indicators.get(i))
                        .and_then(|x| x.cv),
                });
            }
        }
    }
    Trend {
        decreased_all: all_decreased(&composite),
        composite,
        backbone_decreased_all: all_decreased(&backbone),
        backbone,
        first_year_all_within: first,
        stays_within: stays,
        worst_base: worst,
        years: r
            .years
            .iter()
            .filter(|y| y.year >= base.year && y.year <= assessed.year)
            .map(|y| y.year)
            .collect(),
    }
}

fn plan_summary(r: &Report) -> PlanSummary {
    let t = &r.plan.targets;
    let assessed = r.assessed_year.and_then(|y| r.year(y));
    let last = r.period[1];
    let due_year = r.assessed_year.unwrap_or(0);
    let line = |x: &super::plan::TargetResult| TargetLine {
        year: x.year,
        text: x.text.clone(),
        op: x.op,
        target: x.target,
        kind: value_kind(&x.metric),
        actual: x.actual,
        outcome: x.outcome,
        assessed_actual: match (assessed, Metric::parse(&x.metric)) {
            (Some(y), Some(m)) => metric_value(y, m),
            _ => None,
        },
    };
    let due: Vec<_> = t.iter().filter(|x| x.year <= due_year).collect();
    let period_end = t.iter().filter(|x| x.year == last).count();
    let linked: Vec<_> = r
        .plan
        .milestones
        .iter()
        .filter(|m| m.outcome.is_some())
        .collect();
    let m_met = linked
        .iter()
        .filter(|m| m.outcome == Some(Outcome::Met))
        .count();
    let latest = r.latest_year.unwrap_or(0);
    PlanSummary {
        targets: t.len(),
        met: t.iter().filter(|x| x.outcome == Outcome::Met).count(),
        not_met: t.iter().filter(|x| x.outcome == Outcome::NotMet).count(),
        no_data: t.iter().filter(|x| x.outcome == Outcome::NoData).count(),
        due: due.len(),
        period_end,
        rest_at_period_end: t
            .iter()
            .filter(|x| x.year > due_year)
            .all(|x| x.year == last),
        due_all_met: !due.is_empty() && due.iter().all(|x| x.outcome == Outcome::Met),
        not_met_list: t
            .iter()
            .filter(|x| x.outcome == Outcome::NotMet)
            .map(line)
            .collect(),
        period_end_list: t.iter().filter(|x| x.year == last).map(line).collect(),
        milestones_linked: linked.len(),
        milestones_met: m_met,
        milestones_all_met: !linked.is_empty() && m_met == linked.len(),
        years_ahead: r
            .plan
            .years
            .iter()
            .map(|p| p.year)
            .filter(|y| *y > latest)
            .collect(),
        years_between: r
            .plan
            .years
            .iter()
            .map(|p| p.year)
            .filter(|y| *y > latest && *y < last)
            .collect(),
    }
}

fn task_summary(r: &Report) -> TaskSummary {
    let mut groups: Vec<&str> = r.tasks.iter().map(|t| t.group.as_str()).collect();
    groups.dedup();
    let behind: Vec<String> = r
        .tasks
        .iter()
        .filter(|t| t.status == Some(TaskStatus::Behind))
        .map(|t| format!("{} {}", t.id, t.title))
        .collect();
    TaskSummary {
        count: r.tasks.len(),
        groups: groups.len(),
        completed: r
            .tasks
            .iter()
            .filter(|t| t.status == Some(TaskStatus::Completed))
            .count(),
        behind: behind.len(),
        behind_list: behind,
    }
}

fn project_summary(r: &Report) -> ProjectSummary {
    let completed = r
        .projects
        .iter()
        .filter(|p| p.status == ProjectStatus::Completed)
        .count();
    ProjectSummary {
        count: r.projects.len(),
        completed,
        all_completed: !r.projects.is_empty() && completed == r.projects.len(),
        late: r
            .projects
            .iter()
            .filter(|p| p.schedule == Schedule::Late)
            .count(),
        investment_wan: r.projects.iter().map(|p| p.investment_wan).sum(),
        projects: r
            .projects
            .iter()
            .map(|p| {
                let done = p
                    .history
                    .iter()
                    .find(|h| h.status == ProjectStatus::Completed);
                (
                    p.id.clone(),
                    ProjectLine {
                        id: p.id.clone(),
                        completed_year: done.map(|h| h.year),
                        completed_note: done.and_then(|h| h.note.clone()),
                    },
                )
            })
            .collect(),
    }
}

/// `resource`, `assurance` or `quality`: what a ledger entry's indicator concerns.
fn ledger_category(indicator: Option<&str>) -> usize {
    match indicator {
        Some(i) if i.starts_with("gov-") => 1,
        Some(i) if i.starts_with("qual-") => 2,
        _ => 0,
    }
}

fn ledger_summary(r: &Report) -> LedgerSummary {
    let items = &r.ledger.items;
    let open: Vec<Date> = items
        .iter()
        .filter(|i| i.status != LedgerStatus::Rectified)
        .map(|i| i.due)
        .collect();
    let names = [
        ("resource", "资源配置指标"),
        ("assurance", "政府保障程度"),
        ("quality", "教育质量"),
    ];
    let categories = names
        .iter()
        .enumerate()
        .map(|(n, (key, name))| LedgerCategory {
            key,
            name,
            items: items
                .iter()
                .filter(|i| ledger_category(i.indicator.as_deref()) == n)
                .map(|i| i.id.clone())
                .collect(),
        })
        .filter(|c| !c.items.is_empty())
        .collect();
    LedgerSummary {
        count: items.len(),
        in_progress: items
            .iter()
            .filter(|i| i.status == LedgerStatus::InProgress)
            .count(),
        not_started: items
            .iter()
            .filter(|i| i.status == LedgerStatus::Open)
            .count(),
        first_open_due: open.iter().min().copied(),
        last_open_due: open.iter().max().copied(),
        categories,
    }
}

fn layout(r: &Report) -> Vec<LayoutChange> {
    // The first school of each id, as a scan would find it: one map for
    // every merger instead of a scan of the registry per merged school.
    let mut first: HashMap<&str, &str> = HashMap::with_capacity(r.schools.len());
    for s in &r.schools {
        first.entry(s.id.as_str()).or_insert(s.name.as_str());
    }
    let name = |id: &str| {
        first
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.to_string())
    };
    let mut v = Vec::new();
    for s in &r.schools {
        if let Some(y) = s.opened {
            v.push(LayoutChange {
                year: y,
                kind: "opened",
                name: s.name.clone(),
                township: s.township.clone(),
                into: None,
            });
        }
        if let (Some(into), Some(closed)) = (&s.merged_into, s.closed) {
            v.push(LayoutChange {
                year: closed.saturating_add(1),
                kind: "merged",
                name: s.name.clone(),
                township: s.township.clone(),
                into: Some(name(into)),
            });
        }
    }
    v.sort_by(|a, b| (a.year, a.kind, &a.name).cmp(&(b.year, b.kind, &b.name)));
    v
}

/// The latest year with final data, the latest provisional year after it, and
/// the base year (the plan's first year when it has data, else the first year with data).
pub fn headline_years(r: &Report) -> (Option<u16>, Option<u16>, Option<u16>) {
    let assessed = r
        .years
        .iter()
        .rev()
        .find(|y| !y.provisional)
        .map(|y| y.year);
    let provisional = r
        .years
        .last()
        .filter(|y| y.provisional && Some(y.year) > assessed)
        .map(|y| y.year);
    let base = r
        .year(r.period[0])
        .or(r.years.first())
        .map(|y| y.year)
        .filter(|b| assessed.is_none_or(|a| *b <= a));
    (assessed, provisional, base)
}

/// Fill the derived fields of a computed report.
pub fn summarize(r: &mut Report) {
    r.rules = Rules::of(&r.standards);
    for n in 0..r.years.len() {
        let s = year_summary(&r.years[n], n.checked_sub(1).map(|p| &r.years[p]));
        r.years[n].summary = s;
    }
    let (assessed, provisional, base) = headline_years(r);
    r.assessed_year = assessed;
    r.provisional_year = provisional;
    r.base_year = base;
    let standards = r.standards.clone();
    r.summary = ReportSummary {
        has_data: assessed.is_some(),
        trend: trend(r, &standards),
        plan: plan_summary(r),
        tasks: task_summary(r),
        projects: project_summary(r),
        ledger: ledger_summary(r),
        layout: layout(r),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::compute;

    fn load(dir: &str) -> Report {
        compute(&crate::load::fixture(dir))
    }

    #[test]
    fn rules_follow_the_standards() {
        let mut st = Standards::default();
        let r = Rules::of(&st);
        assert_eq!((r.indicators, r.section_min_met, r.section_rest), (7, 6, 1));
        assert_eq!(r.cv_count, 14);
        st.section_min_met = 5;
        st.section_floor = 0.8;
        let r = Rules::of(&st);
        assert_eq!((r.section_rest, r.section_floor), (2, 0.8));
        assert_eq!(r.somewhat_large_to, st.class_bands.large_from - 1);
    }

    #[test]
    fn year_summaries_agree_with_the_year() {
        let r = load("tests/fixtures/compute/small");
        let y = r.year(2024).unwrap();
        let s = &y.summary;
        assert_eq!(
            s.assurance_met,
            y.assurance.iter().filter(|i| i.met == Some(true)).count()
        );
        assert_eq!(s.assurance_all_met, y.verdict.dimensions[1].passed);
        assert_eq!(
            s.dimensions_failed,
            y.verdict.dimensions.iter().filter(|d| !d.passed).count()
        );
        for (k, l) in &y.levels {
            let ls = &s.levels[k];
            assert_eq!(ls.cv_within + ls.cv_over + ls.cv_missing, 7);
            let max = l
                .indicators
                .values()
                .filter_map(|r| r.cv)
                .fold(f64::MIN, f64::max);
            assert_eq!(ls.max_cv.as_ref().map(|m| m.value), Some(max));
            let unmet = l.sections.iter().filter(|x| !x.unmet.is_empty()).count();
            assert_eq!(ls.sections_with_unmet.len(), unmet);
            let passing = l
                .sections
                .iter()
                .filter(|x| x.passes && !x.unmet.is_empty());
            assert_eq!(ls.passing_unmet.len(), passing.count());
            assert_eq!(ls.passing_unmet.len(), ls.passing_with_unmet);
            assert_eq!(
                ls.all_passing,
                l.counts.failing == 0 && l.counts.sections > 0
            );
        }
        let schools: usize = s.schools_by_type.iter().map(|c| c.count).sum();
        assert_eq!(schools, y.schools.len());
        assert!(s.schools_by_type.iter().all(|c| c.count > 0));
    }

    #[test]
    fn headline_years_and_trend() {
        let r = load("tests/fixtures/valid");
        let finals: Vec<u16> = r
            .years
            .iter()
            .filter(|y| !y.provisional)
            .map(|y| y.year)
            .collect();
        assert_eq!(r.assessed_year, finals.last().copied());
        if let Some(p) = r.provisional_year {
            assert!(Some(p) > r.assessed_year);
            assert!(r.year(p).unwrap().provisional);
        }
        let t = &r.summary.trend;
        if let Some(f) = t.first_year_all_within {
            assert!(r.year(f).unwrap().summary.cv_all_within);
            for y in r.years.iter().filter(|y| !y.provisional && y.year < f) {
                assert!(!y.summary.cv_all_within, "{}", y.year);
            }
        }
        for c in &t.composite {
            assert_eq!(c.decreased, c.delta.map(|d| d < 0.0));
        }
        let p = &r.summary.plan;
        assert_eq!(p.met + p.not_met + p.no_data, p.targets);
        assert_eq!(p.not_met_list.len(), p.not_met);
    }

    #[test]
    fn a_county_with_one_provisional_year_has_no_assessed_year() {
        let mut r = load("tests/fixtures/compute/small");
        for y in &mut r.years {
            y.provisional = true;
        }
        summarize(&mut r);
        assert_eq!(r.assessed_year, None);
        assert_eq!(r.provisional_year, r.years.last().map(|y| y.year));
        assert_eq!(r.base_year, r.years.first().map(|y| y.year));
        assert!(!r.summary.has_data);
        assert!(r.summary.trend.composite.is_empty());
    }

    #[test]
    fn ledger_and_projects_are_counted() {
        let r = load("tests/fixtures/compute/small");
        let l = &r.summary.ledger;
        assert_eq!(l.count, r.ledger.items.len());
        let in_cats: usize = l.categories.iter().map(|c| c.items.len()).sum();
        assert_eq!(in_cats, l.count);
        let p = &r.summary.projects;
        assert_eq!(p.count, r.projects.len());
        assert_eq!(p.projects.len(), r.projects.len());
        assert_eq!(value_kind("cv.composite.primary"), ValueKind::Cv);
        assert_eq!(value_kind("large_classes"), ValueKind::Count);
        assert_eq!(value_kind("recognition"), ValueKind::Share);
    }
}
