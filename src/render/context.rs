//! What each page's template context holds. Values every page shares (the
//! site facts with the navigation, the standards, the county, the year
//! briefs) are serialized once into Tera values, which clone by reference;
//! each page adds only what it shows (one school's rows, one year, one list).
//! A page never serializes the whole report, so its cost does not grow with
//! the county. This module computes nothing: it selects and indexes parts of
//! the `Report`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tera::{Context, Value};

use crate::compute::plan::TargetResult;
use crate::compute::recognition::Recognition;
use crate::compute::report::{SchoolYearSummary, YearMetrics};
use crate::compute::resource::{IndicatorResult, LevelCounts, LevelResult, SectionResult};
use crate::compute::verdict::Verdict;
use crate::compute::{indicator_keys, Report, YearReport};
use crate::model::de::Date;
use crate::model::schools::School;
use crate::model::standards::Indicator;
use crate::model::year::Status;
use crate::model::Level;

/// A level's results without its per-section rows.
#[derive(Serialize)]
pub struct LevelBrief<'a> {
    level: Level,
    students: u64,
    composite_cv: Option<f64>,
    composite_within_limit: Option<bool>,
    cv_limit: f64,
    #[serde(serialize_with = "indicators")]
    indicators: &'a BTreeMap<Indicator, IndicatorResult>,
    counts: &'a LevelCounts,
    pass_rate: Option<f64>,
    area_rate: Option<f64>,
}

fn indicators<S: serde::Serializer>(
    m: &&BTreeMap<Indicator, IndicatorResult>,
    s: S,
) -> Result<S::Ok, S::Error> {
    indicator_keys::map(m, s)
}

impl<'a> LevelBrief<'a> {
    fn of(l: &'a LevelResult) -> Self {
        LevelBrief {
            level: l.level,
            students: l.students,
            composite_cv: l.composite_cv,
            composite_within_limit: l.composite_within_limit,
            cv_limit: l.cv_limit,
            indicators: &l.indicators,
            counts: &l.counts,
            pass_rate: l.pass_rate,
            area_rate: l.area_rate,
        }
    }
}

/// A year without its per-school lists (sections, schools, excluded, items):
/// what county-wide pages show of every year. Its size does not depend on the
/// number of schools.
#[derive(Serialize)]
pub struct YearBrief<'a> {
    year: u16,
    status: Status,
    provisional: bool,
    as_of: Option<Date>,
    source: &'a Option<String>,
    levels: BTreeMap<Level, LevelBrief<'a>>,
    recognition: &'a Recognition,
    metrics: &'a YearMetrics,
    verdict: &'a Verdict,
    targets: &'a [TargetResult],
}

impl<'a> YearBrief<'a> {
    pub fn of(y: &'a YearReport) -> Self {
        YearBrief {
            year: y.year,
            status: y.status,
            provisional: y.provisional,
            as_of: y.as_of,
            source: &y.source,
            levels: y
                .levels
                .iter()
                .map(|(k, l)| (*k, LevelBrief::of(l)))
                .collect(),
            recognition: &y.recognition,
            metrics: &y.metrics,
            verdict: &y.verdict,
            targets: &y.targets,
        }
    }
}

/// One of a school's counted sections in a year.
#[derive(Serialize)]
pub struct SectionRow<'a> {
    pub level: Level,
    pub section: &'a SectionResult,
    /// The section's place in its level's `sections`.
    #[serde(skip)]
    index: usize,
}

/// One year of one school: its summary and its counted sections.
#[derive(Serialize)]
pub struct SchoolYearRow<'a> {
    pub year: u16,
    provisional: bool,
    summary: Option<&'a SchoolYearSummary>,
    pub sections: Vec<SectionRow<'a>>,
    /// The year's place in the report's `years`, and the summary's in its `schools`.
    #[serde(skip)]
    at: (usize, Option<usize>),
}

impl SchoolYearRow<'_> {
    /// This row as a template value made of the report value's own parts
    /// (`years`: the report's `years` as a template value; Tera values clone
    /// by reference), equal to serializing the row but without copying its
    /// summary and sections. `None` when `years` is not the report's.
    pub fn value_in(&self, years: &[Value]) -> Option<Value> {
        let year = years.get(self.at.0)?;
        let summary = match self.at.1 {
            Some(j) => year.get_from_path("schools")?.as_array()?.get(j)?.clone(),
            None => Value::none(),
        };
        let sections = self
            .sections
            .iter()
            .map(|s| {
                let level = Value::from_serializable(&s.level);
                let path = format!("levels.{}.sections", level.as_str()?);
                let section = year.get_from_path(&path)?.as_array()?.get(s.index)?.clone();
                let mut row = tera::Map::new();
                row.insert("level".into(), level);
                row.insert("section".into(), section);
                Some(Value::from(row))
            })
            .collect::<Option<Vec<Value>>>()?;
        let mut row = tera::Map::new();
        row.insert("year".into(), Value::from(self.year));
        row.insert("provisional".into(), Value::from(self.provisional));
        row.insert("summary".into(), summary);
        row.insert("sections".into(), Value::from(sections));
        Some(Value::from(row))
    }
}

/// A row of the schools list: the registry entry and its latest year.
#[derive(Serialize)]
pub struct SchoolRow<'a> {
    school: &'a School,
    latest: Option<&'a SchoolYearSummary>,
}

/// The values every page shares, serialized once.
pub struct Shared {
    site: Value,
    standards: Value,
    county: Value,
    latest: Value,
    years: Value,
    /// The headline years: assessed (latest final), provisional (latest, when
    /// provisional), and the one key figures show (assessed, else the latest).
    assessed: Value,
    provisional: Value,
    headline: Value,
    rules: Value,
    /// More than one year with data: pages show a year switcher.
    several_years: bool,
}

impl Shared {
    pub fn new<T: Serialize>(report: &Report, site: &T) -> Shared {
        let briefs: Vec<YearBrief> = report.years.iter().map(YearBrief::of).collect();
        let brief = |y: Option<u16>| y.and_then(|y| report.year(y)).map(YearBrief::of);
        Shared {
            site: Value::from_serializable(site),
            standards: Value::from_serializable(&report.standards),
            county: Value::from_serializable(&report.county),
            latest: Value::from_serializable(&briefs.last()),
            assessed: Value::from_serializable(&brief(report.assessed_year)),
            provisional: Value::from_serializable(&brief(report.provisional_year)),
            headline: Value::from_serializable(
                &brief(report.assessed_year).or(report.years.last().map(YearBrief::of)),
            ),
            rules: Value::from_serializable(&report.rules),
            years: Value::from_serializable(&briefs),
            several_years: report.years.len() > 1,
        }
    }

    /// A page's context with the shared values (cheap: Tera values clone by reference).
    pub fn context(&self, path: &str, key: &str) -> Context {
        let depth = path.matches('/').count();
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx.insert_value("standards", self.standards.clone());
        ctx.insert_value("county", self.county.clone());
        ctx.insert_value("latest", self.latest.clone());
        ctx.insert_value("years", self.years.clone());
        ctx.insert_value("assessed", self.assessed.clone());
        ctx.insert_value("provisional", self.provisional.clone());
        ctx.insert_value("headline", self.headline.clone());
        ctx.insert_value("rules", self.rules.clone());
        ctx.insert("several_years", &self.several_years);
        ctx.insert("root", &"../".repeat(depth));
        ctx.insert("page", key);
        ctx.insert("path", path);
        ctx
    }
}

/// Each school's rows across the years, indexed once (a school page looks its
/// own rows up instead of scanning every school of every year).
pub struct SchoolIndex<'a> {
    by_school: HashMap<&'a str, Vec<SchoolYearRow<'a>>>,
    latest: HashMap<&'a str, &'a SchoolYearSummary>,
}

impl<'a> SchoolIndex<'a> {
    pub fn new(report: &'a Report) -> Self {
        let mut by_school: HashMap<&'a str, Vec<SchoolYearRow<'a>>> = HashMap::new();
        for (at, y) in report.years.iter().enumerate() {
            let summaries: HashMap<&str, (usize, &SchoolYearSummary)> = y
                .schools
                .iter()
                .enumerate()
                .map(|(j, s)| (s.school.as_str(), (j, s)))
                .collect();
            let mut sections: HashMap<&str, Vec<SectionRow>> = HashMap::new();
            for (level, l) in &y.levels {
                for (index, s) in l.sections.iter().enumerate() {
                    sections
                        .entry(s.school.as_str())
                        .or_default()
                        .push(SectionRow {
                            level: *level,
                            section: s,
                            index,
                        });
                }
            }
            let mut ids: Vec<&str> = summaries.keys().chain(sections.keys()).copied().collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                let summary = summaries.get(id).copied();
                by_school.entry(id).or_default().push(SchoolYearRow {
                    year: y.year,
                    provisional: y.provisional,
                    summary: summary.map(|(_, s)| s),
                    sections: sections.remove(id).unwrap_or_default(),
                    at: (at, summary.map(|(j, _)| j)),
                });
            }
        }
        let latest = report
            .years
            .last()
            .map(|y| y.schools.iter().map(|s| (s.school.as_str(), s)).collect())
            .unwrap_or_default();
        SchoolIndex { by_school, latest }
    }

    /// One school's years, ascending (empty when it has no data).
    pub fn history(&self, id: &str) -> &[SchoolYearRow<'a>] {
        self.by_school.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// School `id` has data in more than one year (its page shows a year switcher).
    pub fn several_years(&self, id: &str) -> bool {
        self.history(id).len() > 1
    }

    /// The years in which school `id` failed any of its verdicts (computed in
    /// `SchoolYearSummary::failed`), for its page.
    pub fn failed_years(&self, id: &str) -> Vec<u16> {
        self.history(id)
            .iter()
            .filter(|r| r.summary.is_some_and(|s| s.failed))
            .map(|r| r.year)
            .collect()
    }

    /// The schools list: every registered school with its latest year's summary.
    pub fn rows(&self, report: &'a Report) -> Vec<SchoolRow<'a>> {
        report
            .schools
            .iter()
            .map(|s| SchoolRow {
                school: s,
                latest: self.latest.get(s.id.as_str()).copied(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history row made of the report value's own parts is the row as
    /// serialized, for every school and year (a school with no counted
    /// section and one with both levels among them).
    #[test]
    fn a_history_row_by_reference_equals_the_row_serialized() {
        for fixture in ["tests/fixtures/compute/small", "tests/fixtures/valid"] {
            let report = crate::compute::compute(&crate::load::fixture(fixture));
            let value = Value::from_serializable(&report);
            let years = value
                .get_from_path("years")
                .and_then(Value::as_array)
                .expect("years");
            let index = SchoolIndex::new(&report);
            let mut rows = 0;
            let mut sections = 0;
            for s in &report.schools {
                for row in index.history(&s.id) {
                    let by_reference = row.value_in(years).expect("the report's own years");
                    let serialized = Value::from_serializable(row);
                    assert_eq!(by_reference.to_string(), serialized.to_string());
                    assert!(by_reference == serialized);
                    rows += 1;
                    sections += row.sections.len();
                }
            }
            assert!(
                rows > report.years.len() && sections > rows / 2,
                "{fixture}"
            );
            // Another report's years are not this report's.
            assert!(index
                .history(&report.schools[0].id)
                .iter()
                .all(|r| r.value_in(&[]).is_none()));
        }
    }
}
