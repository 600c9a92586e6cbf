//! The one `Report` the render stage reads: project meta, one `YearReport` per
//! year with data, the plan evaluation, projects, tasks, ledger and warnings.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assurance::{assurance, school_facts, Bands};
use super::items::Item;
use super::plan::{
    evaluate_target, ledger, milestones, projects, tasks, Ledger, MilestoneResult, ProjectReport,
    TargetResult, TaskReport,
};
use super::quality::{disabled_enrollment, quality, retention};
use super::recognition::{recognition, Recognition};
use super::resource::{levels, LevelResult};
use super::sections::{counted_sections, Excluded};
use super::verdict::{verdict, Verdict};
use super::Warning;
use crate::load::Project;
use crate::model::county::County;
use crate::model::de::Date;
use crate::model::plan::{LevelSel, PlanYear};
use crate::model::schools::School;
use crate::model::standards::{PerLevel, Standards};
use crate::model::year::{Status, YearData};
use crate::model::Level;

/// Something per level and for both levels together.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BySel<T> {
    pub primary: T,
    pub junior: T,
    pub all: T,
}

/// Year figures the plan's metrics read besides the levels and items.
#[derive(Debug, Clone, Serialize)]
pub struct YearMetrics {
    /// Share of schools with counted sections meeting the music/art room requirement.
    pub music_art_rooms_rate: BySel<Option<f64>>,
    /// Classes above the size limit (a lower bound unless `large_classes_exact`).
    pub large_classes: u64,
    pub large_classes_exact: bool,
    /// Classes per size band (偏大 / 大 / 超大), from `class_sizes` (and the largest class elsewhere).
    pub class_bands: Bands,
    /// Schools above the size limit.
    pub oversized_schools: usize,
    pub retention: PerLevel<Option<f64>>,
    pub disabled_enrollment: Option<f64>,
}

/// Everything computed for one year.
#[derive(Debug, Clone, Serialize)]
pub struct YearReport {
    pub year: u16,
    pub status: Status,
    /// `status: provisional`: preliminary figures.
    pub provisional: bool,
    pub as_of: Option<Date>,
    pub source: Option<String>,
    /// 资源配置 per level (`primary`, `junior`).
    pub levels: BTreeMap<Level, LevelResult>,
    /// Schools and sections not counted, and why.
    pub excluded: Vec<Excluded>,
    /// 政府保障程度: the 15 items in order.
    pub assurance: Vec<Item>,
    /// 教育质量: the 9 items in order.
    pub quality: Vec<Item>,
    /// 社会认可度.
    pub recognition: Recognition,
    pub metrics: YearMetrics,
    pub verdict: Verdict,
    /// The plan's targets for this year, evaluated.
    pub targets: Vec<TargetResult>,
}

/// The plan and its evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    pub goals: Vec<String>,
    pub years: Vec<PlanYear>,
    /// Every target, evaluated for its year.
    pub targets: Vec<TargetResult>,
    pub milestones: Vec<MilestoneResult>,
}

/// The single input of the render stage.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub county: County,
    /// First and last year of the plan.
    pub period: [u16; 2],
    pub standards: Standards,
    pub schools: Vec<School>,
    /// The latest year with data.
    pub latest_year: Option<u16>,
    /// One per year with data, ascending.
    pub years: Vec<YearReport>,
    pub plan: PlanReport,
    pub projects: Vec<ProjectReport>,
    pub tasks: Vec<TaskReport>,
    pub ledger: Ledger,
    pub warnings: Vec<Warning>,
}

impl Report {
    pub fn year(&self, year: u16) -> Option<&YearReport> {
        self.years.iter().find(|y| y.year == year)
    }
}

/// Compute one year (targets are filled in by [`compute`]).
pub fn year_report(project: &Project, y: &YearData, warnings: &mut Vec<Warning>) -> YearReport {
    let st = &project.standards;
    let mut sections = counted_sections(project, y);
    warnings.append(&mut sections.warnings);
    let levels = levels(&sections, st, y.year, warnings);
    let facts = school_facts(project, y, &sections);
    let assurance = assurance(project, y, &facts);
    let quality = quality(project, y);
    let recognition = recognition(y.county.recognition.as_deref(), st);
    let verdict = verdict(&levels, &assurance, &quality, &recognition);
    let metrics = YearMetrics {
        music_art_rooms_rate: BySel {
            primary: facts.rooms.rate(LevelSel::One(Level::Primary)),
            junior: facts.rooms.rate(LevelSel::One(Level::Junior)),
            all: facts.rooms.rate(LevelSel::All),
        },
        large_classes: facts.classes.over_limit,
        large_classes_exact: facts.classes.exact,
        class_bands: facts.classes.bands,
        oversized_schools: facts.sizes.oversized,
        retention: PerLevel {
            primary: retention(y, Level::Primary, st),
            junior: retention(y, Level::Junior, st),
        },
        disabled_enrollment: disabled_enrollment(y),
    };
    YearReport {
        year: y.year,
        status: y.status,
        provisional: y.status == Status::Provisional,
        as_of: y.as_of,
        source: y.source.clone(),
        levels,
        excluded: sections.excluded,
        assurance,
        quality,
        recognition,
        metrics,
        verdict,
        targets: Vec::new(),
    }
}

/// The whole report of a loaded (and validated) project. Pure: no I/O.
pub fn compute(project: &Project) -> Report {
    let mut warnings = Vec::new();
    let mut years: Vec<YearReport> = project
        .years
        .values()
        .map(|y| year_report(project, y, &mut warnings))
        .collect();
    let targets: Vec<TargetResult> = project
        .plan
        .targets
        .iter()
        .map(|t| evaluate_target(t, years.iter().find(|y| y.year == t.year)))
        .collect();
    for y in &mut years {
        y.targets = targets
            .iter()
            .filter(|t| t.year == y.year)
            .cloned()
            .collect();
    }
    let mut schools = project.registry.schools.clone();
    schools.sort_by(|a, b| a.id.cmp(&b.id));
    Report {
        county: project.county.clone(),
        period: project.period(),
        standards: project.standards.clone(),
        schools,
        latest_year: project.latest_year(),
        years,
        plan: PlanReport {
            goals: project.plan.goals.clone(),
            years: project.plan.years.clone(),
            targets,
            milestones: milestones(project),
        },
        projects: projects(project),
        tasks: tasks(project),
        ledger: ledger(project),
        warnings,
    }
}
