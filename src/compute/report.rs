//! The one `Report` the render stage reads: project meta, one `YearReport` per
//! year with data, the plan evaluation, projects, tasks, ledger and warnings.
//!
//! Serialized (serde) it reads as JSON-like data; every field is English
//! snake_case, every number full precision (`null` where it cannot be computed:
//! no NaN or ∞), every list in a fixed order. Shares (rates) are 0–1.
//!
//! ```text
//! Report
//!   county, period [first, last], standards, schools (registry, by id),
//!   registry_order (ids in schools.yaml order), latest_year,
//!   assessed_year, provisional_year, base_year, rules (counts the rules name)
//!   years[]: YearReport (ascending)
//!     year, status, provisional, as_of, source
//!     levels.{primary,junior}: LevelResult      ← the pinned `stats` level object
//!       level, students, composite_cv, cv_limit, pass_rate, area_rate,
//!       counts {sections, passing, failing, meeting_area},
//!       indicators.<key>: {standard, county_value, cv, cv_limit, rate, sd, met_sections, cv_within_limit}
//!       sections[]: {school, name, school_type, students, classes, values.<key>, met, passes,
//!                    unmet[], below_floor[], meets_area}            (by school id, byte order)
//!     excluded[]: {school, name, level, students, reason: small_teaching_point|no_pupils|special_school}
//!     schools[]: {school, name, school_type, locality, compulsory_students, counted_levels[], excluded[],
//!                 sections_pass, rooms_met, size_met, class_size_met, certification_rate,
//!                 training_funds_share}                              (by school id)
//!     assurance[15], quality[9]: Item
//!       id, requirement, met (true|false|null = no data),
//!       measures[]: {key, label, value, cmp, required, is_share, met},
//!       failing[] / no_data[]: {school, name, reason}, evidence[]: {id, requirement, met, documents, note},
//!       detail: null | {kind: rooms|school_size|class_size|small_school_funding|certification|
//!                             training_funds|monitoring, …per-school rows}
//!     recognition: {groups[] {group, valid, satisfied, rate}, valid, satisfied, rate, required, met}
//!     metrics: {music_art_rooms_rate {primary, junior, all}, large_classes, large_classes_exact,
//!               class_bands {somewhat_large, large, oversized}, oversized_schools,
//!               retention {primary, junior}, disabled_enrollment}
//!     verdict: {passed, dimensions[] {key, name, passed, reasons[]}, outstanding[]}
//!     targets[]: this year's plan targets (as in plan.targets)
//!     summary: derived counts, maxima and changes (compute/summary.rs)
//!     basics: {by_type[] {school_type, schools, classes, primary_students, junior_students,
//!              special_students, teachers}, total}
//!   plan: {goals[], years[] {year, text},
//!          targets[] {year, metric, op, target, text, actual, outcome: met|not_met|no_data, note},
//!          milestones[] {year, text, project, expect, project_status, outcome (null: not linked)}}
//!   projects[]: {id, number, name, site, kind, scale, investment_wan, period, schools, status,
//!                progress, invested_wan, invested_share, schedule: not_due|on_schedule|completed|late,
//!                history[] {year, status, reported, progress, invested_wan, schedule, note}}
//!   tasks[]: {id, group, group_title, title, text, lead[], partners[], status, history[] {year, status, note}}
//!   ledger: {reference_date, open, rectified, overdue,
//!            items[] {id, school, school_name, indicator, problem, measure, owner, due, status,
//!                     rectified_on, note, opened_year, updated_year, overdue, rectified_late, history[]}}
//!   warnings[]: {year, school, message}
//!   summary: {trend, plan, tasks, projects, ledger, layout} (compute/summary.rs)
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::assurance::{assurance, school_facts, Bands, SchoolFacts};
use super::basics::{basics, Basics};
use super::items::all_met;
use super::items::Item;
use super::plan::{
    evaluate_target, ledger, milestones, projects, tasks, Ledger, MilestoneResult, ProjectReport,
    TargetResult, TaskReport,
};
use super::quality::{disabled_enrollment, quality, retention};
use super::recognition::{recognition, Recognition};
use super::resource::{levels, LevelResult};
use super::sections::{
    compulsory_students, counted_sections, school_entries, Excluded, ExclusionReason,
};
use super::verdict::{verdict, Verdict};
use super::Warning;
use crate::load::Project;
use crate::model::county::County;
use crate::model::de::Date;
use crate::model::plan::{LevelSel, PlanYear};
use crate::model::schools::{Locality, School, SchoolType};
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

/// One school in a year, gathered from its sections and the per-school items
/// (for per-school pages; `None` where the school is not concerned or has no data).
#[derive(Debug, Clone, Serialize)]
pub struct SchoolYearSummary {
    pub school: String,
    pub name: String,
    pub school_type: SchoolType,
    pub locality: Locality,
    pub compulsory_students: u64,
    /// Levels counted in the resource indicators.
    pub counted_levels: Vec<Level>,
    /// Why its sections (or the school) are left out, if they are.
    pub excluded: Vec<ExclusionReason>,
    /// Every counted section passes the per-section rule.
    pub sections_pass: Option<bool>,
    /// Music and art rooms (schools with counted sections).
    pub rooms_met: Option<bool>,
    /// Within the school size limit.
    pub size_met: Option<bool>,
    /// Every class within the size limit.
    pub class_size_met: Option<bool>,
    pub certification_rate: Option<f64>,
    pub training_funds_share: Option<f64>,
    /// Any of its verdicts (sections, rooms, size, class size) is 未达标.
    pub failed: bool,
}

/// The rows of a per-school list grouped by school id, in list order (one
/// pass: looking each school up in the list would be quadratic in the county).
fn by_school<'a, T>(
    rows: impl IntoIterator<Item = T>,
    school: impl Fn(&T) -> &'a str,
) -> HashMap<&'a str, Vec<T>> {
    let mut map: HashMap<&'a str, Vec<T>> = HashMap::new();
    for r in rows {
        map.entry(school(&r)).or_default().push(r);
    }
    map
}

/// Per-school summaries of a year, sorted by school id.
pub fn school_summaries(
    project: &Project,
    y: &YearData,
    levels: &BTreeMap<Level, LevelResult>,
    excluded: &[Excluded],
    facts: &SchoolFacts,
) -> Vec<SchoolYearSummary> {
    let sections = by_school(
        levels
            .iter()
            .flat_map(|(l, r)| r.sections.iter().map(move |x| (*l, x))),
        |(_, x)| x.school.as_str(),
    );
    let class_rows = by_school(&facts.classes.sections, |c| c.school.as_str());
    let excluded_rows = by_school(excluded, |x| x.school.as_str());
    let rooms = by_school(&facts.rooms.schools, |r| r.school.as_str());
    let sizes = by_school(&facts.sizes.schools, |r| r.school.as_str());
    let certification = by_school(&facts.certification.schools, |r| r.school.as_str());
    let training = by_school(&facts.training.schools, |r| r.school.as_str());
    fn first<'m, T>(map: &'m HashMap<&str, Vec<T>>, id: &str) -> Option<&'m T> {
        map.get(id).and_then(|v| v.first())
    }
    let mut out: Vec<SchoolYearSummary> = school_entries(project, y)
        .map(|(s, e)| {
            let id = s.id.as_str();
            let secs: Vec<(Level, bool)> = sections
                .get(id)
                .into_iter()
                .flatten()
                .map(|(l, x)| (*l, x.passes))
                .collect();
            let classes: Vec<Option<bool>> = class_rows
                .get(id)
                .into_iter()
                .flatten()
                .map(|c| c.met)
                .collect();
            SchoolYearSummary {
                school: s.id.clone(),
                name: s.name.clone(),
                school_type: s.kind,
                locality: s.locality,
                compulsory_students: compulsory_students(e),
                counted_levels: secs.iter().map(|(l, _)| *l).collect(),
                excluded: excluded_rows
                    .get(id)
                    .into_iter()
                    .flatten()
                    .map(|x| x.reason)
                    .collect(),
                sections_pass: (!secs.is_empty()).then(|| secs.iter().all(|(_, p)| *p)),
                rooms_met: first(&rooms, id).map(|r| r.met),
                size_met: first(&sizes, id).map(|r| r.met),
                class_size_met: (!classes.is_empty()).then(|| all_met(classes)).flatten(),
                certification_rate: first(&certification, id).and_then(|r| r.rate),
                training_funds_share: first(&training, id).and_then(|r| r.share),
                failed: false,
            }
        })
        .collect();
    for s in &mut out {
        s.failed =
            [s.sections_pass, s.rooms_met, s.size_met, s.class_size_met].contains(&Some(false));
    }
    out.sort_by(|a, b| a.school.cmp(&b.school));
    out
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
    /// Every school of the year, by id.
    pub schools: Vec<SchoolYearSummary>,
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
    /// Derived figures (counts, maxima, changes) for templates and chapters to cite.
    pub summary: super::summary::YearSummary,
    /// Schools by type with classes, pupils and teachers (表Ⅰ 基本情况).
    pub basics: Basics,
}

/// The plan and its evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    pub goals: Vec<String>,
    /// The key tasks' groups (titles), in the plan's order.
    pub task_groups: Vec<crate::model::plan::TaskGroup>,
    pub years: Vec<PlanYear>,
    /// Every target, evaluated for its year.
    pub targets: Vec<TargetResult>,
    pub milestones: Vec<MilestoneResult>,
}

/// The single input of the render stage.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The site's title from `junheng.yaml`, when set.
    pub title: Option<String>,
    pub county: County,
    /// First and last year of the plan.
    pub period: [u16; 2],
    pub standards: Standards,
    pub schools: Vec<School>,
    /// School ids in the registry's order (`schools.yaml`), the order of the
    /// annex tables (the statistics returns' order).
    pub registry_order: Vec<String>,
    /// The latest year with data.
    pub latest_year: Option<u16>,
    /// The assessed year: the latest year with final (not provisional) data.
    pub assessed_year: Option<u16>,
    /// The latest year when it is provisional (and after the assessed year).
    pub provisional_year: Option<u16>,
    /// The base of comparisons: the plan's first year when it has data, else the first year with data.
    pub base_year: Option<u16>,
    /// The counts the rules name (7 indicators, 其余1项, 15 items), from the standards in force.
    pub rules: super::summary::Rules,
    /// Derived figures (trend, plan, tasks, projects, ledger) for templates and chapters to cite.
    pub summary: super::summary::ReportSummary,
    /// One per year with data, ascending.
    pub years: Vec<YearReport>,
    pub plan: PlanReport,
    pub projects: Vec<ProjectReport>,
    pub tasks: Vec<TaskReport>,
    pub ledger: Ledger,
    pub warnings: Vec<Warning>,
    /// Archived snapshots to list on the archive page. Filled by the build
    /// (which reads the archive folder), never by compute.
    pub archives: Vec<crate::output::ArchiveListing>,
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
    let facts = school_facts(project, y);
    let assurance = assurance(project, y, &facts);
    let quality = quality(project, y, &facts);
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
    let schools = school_summaries(project, y, &levels, &sections.excluded, &facts);
    YearReport {
        year: y.year,
        status: y.status,
        provisional: y.status == Status::Provisional,
        as_of: y.as_of,
        source: y.source.clone(),
        levels,
        excluded: sections.excluded,
        schools,
        assurance,
        quality,
        recognition,
        metrics,
        verdict,
        targets: Vec::new(),
        summary: Default::default(),
        basics: basics(project, y),
    }
}

/// One year's report as [`compute`] makes it (targets included; the summary,
/// which compares years, left empty), and that year's warnings: what
/// `stats` shows, without computing the other years. `None` for a year
/// without data.
pub fn compute_year(project: &Project, year: u16) -> Option<(YearReport, Vec<Warning>)> {
    let data = project.years.get(&year)?;
    let mut warnings = Vec::new();
    let mut y = year_report(project, data, &mut warnings);
    y.targets = project
        .plan
        .targets
        .iter()
        .filter(|t| t.year == year)
        .map(|t| evaluate_target(t, Some(&y)))
        .collect();
    Some((y, warnings))
}

/// The whole report of a loaded (and validated) project. Pure: no I/O.
pub fn compute(project: &Project) -> Report {
    // Years are independent: computed in parallel, gathered in year order
    // (with their warnings), so the report is the same whatever the threads.
    use rayon::prelude::*;
    let data: Vec<&YearData> = project.years.values().collect();
    let computed: Vec<(YearReport, Vec<Warning>)> = data
        .par_iter()
        .map(|y| {
            let mut w = Vec::new();
            (year_report(project, y, &mut w), w)
        })
        .collect();
    let mut warnings = Vec::new();
    let mut years = Vec::with_capacity(computed.len());
    for (y, mut w) in computed {
        years.push(y);
        warnings.append(&mut w);
    }
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
    let mut report = Report {
        title: project.settings.title.clone(),
        county: project.county.clone(),
        period: project.period(),
        standards: project.standards.clone(),
        schools,
        registry_order: project
            .registry
            .schools
            .iter()
            .map(|s| s.id.clone())
            .collect(),
        latest_year: project.latest_year(),
        assessed_year: None,
        provisional_year: None,
        base_year: None,
        rules: super::summary::Rules::of(&project.standards),
        summary: Default::default(),
        years,
        plan: PlanReport {
            goals: project.plan.goals.clone(),
            task_groups: project.plan.task_groups.clone(),
            years: project.plan.years.clone(),
            targets,
            milestones: milestones(project),
        },
        projects: projects(project),
        tasks: tasks(project),
        ledger: ledger(project),
        warnings,
        archives: Vec::new(),
    };
    super::summary::summarize(&mut report);
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::plan::{metric_value, Outcome, Schedule};
    use crate::compute::sections::counted_section_counts;
    use crate::model::plan::{Metric, Op, Target};
    use crate::model::year::ProjectStatus;

    fn small() -> Project {
        crate::load::fixture("tests/fixtures/compute/small")
    }

    fn value(r: &Report, metric: &str) -> Option<f64> {
        metric_value(r.year(2024).unwrap(), Metric::parse(metric).unwrap())
    }

    #[test]
    fn one_year_is_computed_as_in_the_whole_report() {
        for p in [
            small(),
            crate::load::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).0,
        ] {
            let r = compute(&p);
            assert!(!r.years.is_empty());
            for full in &r.years {
                let (one, warnings) = compute_year(&p, full.year).unwrap();
                let mut full = full.clone();
                full.summary = Default::default();
                assert_eq!(
                    serde_json::to_value(&one).unwrap(),
                    serde_json::to_value(&full).unwrap(),
                    "{}",
                    full.year
                );
                let expected: Vec<&Warning> = r
                    .warnings
                    .iter()
                    .filter(|w| w.year == Some(full.year))
                    .collect();
                let got: Vec<&Warning> = warnings
                    .iter()
                    .filter(|w| w.year == Some(full.year))
                    .collect();
                assert_eq!(got, expected);
            }
        }
        assert!(compute_year(&small(), 1990).is_none());
    }

    #[test]
    fn a_school_failed_when_any_of_its_verdicts_is_not_met() {
        let dir = tempfile::tempdir().unwrap();
        crate::gen::write(dir.path(), &crate::gen::GenOptions::default()).unwrap();
        let (p, diags) = crate::load::load(dir.path());
        assert!(!diags.has_errors(), "{diags:?}");
        let r = compute(&p);
        let all: Vec<&SchoolYearSummary> = r.years.iter().flat_map(|y| &y.schools).collect();
        for s in &all {
            let verdicts = [s.sections_pass, s.rooms_met, s.size_met, s.class_size_met];
            assert_eq!(s.failed, verdicts.contains(&Some(false)), "{}", s.school);
        }
        assert!(
            all.iter().any(|s| s.failed),
            "the generated county has failing schools"
        );
        assert!(all.iter().any(|s| !s.failed));
    }

    #[test]
    fn check_summary_counts_sections() {
        let p = small();
        let c = counted_section_counts(&p, 2024).unwrap();
        assert_eq!((c.primary, c.junior), (2, 2));
        assert!(counted_section_counts(&p, 2023).is_none());
    }

    #[test]
    fn every_metric_family() {
        let r = compute(&small());
        let y = r.year(2024).unwrap();
        assert_eq!(value(&r, "rate.area.primary"), Some(1.0));
        assert_eq!(
            value(&r, "rate.equipment_value_per_student.junior"),
            Some(0.5)
        );
        assert_eq!(
            value(&r, "rate.equipment_value_per_student.all"),
            Some(0.75)
        );
        // 甲 meets the rooms requirement, 乙's art room is 80 m² < 90, 丁 meets it.
        assert_eq!(value(&r, "rate.music_art_rooms.primary"), Some(0.5));
        assert_eq!(value(&r, "rate.music_art_rooms.junior"), Some(0.5));
        assert_eq!(value(&r, "rate.music_art_rooms.all"), Some(2.0 / 3.0));
        let j = &y.levels[&Level::Junior];
        assert_eq!(
            value(&r, "cv.sports_area_per_student.junior"),
            j.indicator(crate::model::standards::Indicator::SportsAreaPerStudent)
                .cv
        );
        assert_eq!(value(&r, "cv.composite.junior"), j.composite_cv);
        let c = j.composite_cv.expect("a composite CV");
        assert_eq!(j.composite_within_limit, Some(c <= j.cv_limit));
        assert_eq!(
            value(&r, "county.qualified_teachers_per_100.primary"),
            Some(100.0 * 29.0 / 600.0)
        );
        assert_eq!(value(&r, "recognition"), Some(176.0 / 200.0));
        assert_eq!(value(&r, "retention.junior"), Some(590.0 / 600.0));
        assert_eq!(value(&r, "retention.primary"), None);
        assert_eq!(value(&r, "disabled_enrollment"), Some(0.95));
        assert_eq!(value(&r, "large_classes"), Some(1.0));
        assert_eq!(value(&r, "oversized_schools"), Some(0.0));
    }

    #[test]
    fn targets_are_evaluated_for_their_year() {
        let r = compute(&small());
        let outcomes: Vec<(u16, &str, Outcome)> = r
            .plan
            .targets
            .iter()
            .map(|t| (t.year, t.metric.as_str(), t.outcome))
            .collect();
        assert_eq!(
            outcomes,
            vec![
                (2024, "rate.area.primary", Outcome::Met),
                (
                    2024,
                    "rate.equipment_value_per_student.junior",
                    Outcome::NotMet
                ),
                (2024, "large_classes", Outcome::NotMet),
                (2023, "recognition", Outcome::NoData),
            ]
        );
        assert_eq!(r.year(2024).unwrap().targets.len(), 3);
        // A metric that cannot be computed is no data.
        let t = Target {
            year: 2024,
            metric: "retention.primary".into(),
            op: Op::Ge,
            value: 1.0,
            text: String::new(),
        };
        let e = crate::compute::plan::evaluate_target(&t, r.year(2024));
        assert_eq!(e.outcome, Outcome::NoData);
    }

    #[test]
    fn milestones_projects_tasks_ledger() {
        let r = compute(&small());
        let m = &r.plan.milestones[0];
        assert_eq!(m.project_status, Some(ProjectStatus::Preparing));
        assert_eq!(m.outcome, Some(Outcome::Met));
        let p = &r.projects[0];
        assert_eq!(p.status, ProjectStatus::Preparing);
        assert_eq!(p.schedule, Schedule::OnSchedule);
        assert_eq!(p.invested_share, Some(0.1));
        assert_eq!(
            r.tasks[0].status,
            Some(crate::model::year::TaskStatus::OnTrack)
        );
        let l = &r.ledger.items[0];
        assert_eq!((l.opened_year, l.overdue), (2024, true));
        assert_eq!(r.ledger.overdue, 1);
    }

    #[test]
    fn items_and_verdict() {
        let r = compute(&small());
        let y = r.year(2024).unwrap();
        assert_eq!(y.assurance.len(), 15);
        assert_eq!(y.quality.len(), 9);
        let by_id = |id: &str| y.assurance.iter().find(|i| i.id == id).unwrap();
        assert_eq!(by_id("gov-03-music-art-rooms").met, Some(false));
        assert_eq!(
            by_id("gov-03-music-art-rooms").failing[0].school,
            "b-jiunian"
        );
        assert_eq!(by_id("gov-05-class-size").met, Some(false));
        assert_eq!(by_id("gov-06-small-school-funding").met, Some(true));
        assert_eq!(by_id("gov-12-certification").failing[0].school, "b-jiunian");
        assert_eq!(by_id("gov-15-migrant-children").met, None);
        assert_eq!(y.metrics.class_bands.somewhat_large, 10);
        assert_eq!(y.excluded.len(), 2);
        assert!(!y.verdict.passed);
        assert!(y.verdict.dimensions[3].passed);
        let ids: Vec<&str> = y.schools.iter().map(|s| s.school.as_str()).collect();
        assert_eq!(
            ids,
            [
                "a-xiaoxue",
                "b-jiunian",
                "c-jiaoxuedian",
                "d-zhongxue",
                "e-teshu"
            ]
        );
        let d = &y.schools[3];
        assert_eq!(
            (d.sections_pass, d.class_size_met, d.rooms_met),
            (Some(false), Some(false), Some(true))
        );
        let c = &y.schools[2];
        assert_eq!(
            c.excluded,
            vec![crate::compute::sections::ExclusionReason::SmallTeachingPoint]
        );
        assert_eq!((c.sections_pass, c.rooms_met), (None, None));
        // The report serializes (the render stage reads it as JSON-like data).
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"qualified_teachers_per_100\""));
        assert!(!json.contains("per100") && !json.contains("NaN"));
    }
}
