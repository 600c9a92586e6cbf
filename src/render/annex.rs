//! The annexes (附表) of the compilation: the tables a county submits for the
//! national assessment, built from the `Report` for every county, with or
//! without chapters. Each annex is a named table of [`Figures`] (so it also
//! gets a CSV download) plus its place in the numbered list 附表1, 附表2…
//!
//! Formats and orders what compute decided; compares no number with a
//! standard (met/failed flags, floors and CVs all come from the Report).

use std::collections::HashMap;

use serde::Serialize;

use super::content::escape;
use super::figures::{decimals, num, pct, Figures, Table};
use super::templates::verdict_zh;
use crate::compute::items::{Cmp, Item};
use crate::compute::report::{Report, YearReport};
use crate::compute::resource::LevelResult;
use crate::model::schools::SchoolType;
use crate::model::standards::Indicator;
use crate::model::Level;

/// The symbol of a value below its standard (达标值) but not below the floor (基本值).
pub const BELOW_STANDARD: &str = "▲";
/// The symbol of a failure: a value below the floor, a section or an item not met.
pub const FAILED: &str = "✗";

/// One annex: its number, anchor, title and table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Annex {
    /// 1, 2, … in the compilation's order.
    pub number: usize,
    /// `附表3`.
    pub label: String,
    /// `annex-3`: the anchor in print.html (short, ASCII).
    pub id: String,
    /// The name of its table in [`Figures::tables`] (`annex-sections-primary-2025`).
    pub table: String,
    /// The site page: `annexes/<slug>.html`.
    pub slug: String,
    pub title: String,
    /// Wide tables go on landscape pages.
    pub landscape: bool,
    /// Short cells only (figures, 是/否): no cell wraps.
    pub compact: bool,
    /// A line of text above the table (county facts), if any.
    pub lead: Option<String>,
    /// A legend below the table (what the symbols mean), if any.
    pub note: Option<String>,
}

/// The year the annexes assess: the report's assessed year (the latest year
/// with final figures), else the latest year when every year is provisional.
pub fn assessed_year(report: &Report) -> Option<&YearReport> {
    report
        .assessed_year
        .and_then(|y| report.year(y))
        .or(report.years.last())
}

/// The years the annexes show in full: the assessed year, then the latest
/// year when it is a different (provisional) one.
pub fn annex_years(report: &Report) -> Vec<&YearReport> {
    let mut out: Vec<&YearReport> = assessed_year(report).into_iter().collect();
    if let Some(last) = report.years.last() {
        if out.iter().all(|y| y.year != last.year) {
            out.push(last);
        }
    }
    out
}

/// Builds the annex list while adding the tables.
struct Builder<'a> {
    f: &'a mut Figures,
    list: Vec<Annex>,
}

impl Builder<'_> {
    fn add(
        &mut self,
        name: String,
        table: Table,
        landscape: bool,
        lead: Option<String>,
        note: Option<String>,
    ) {
        let number = self.list.len() + 1;
        self.list.push(Annex {
            number,
            label: format!("附表{number}"),
            id: format!("annex-{number}"),
            slug: name.trim_start_matches("annex-").to_string(),
            table: name.clone(),
            title: table.title.clone(),
            compact: name.starts_with("annex-sections-") || name.starts_with("annex-cv-"),
            landscape,
            lead,
            note,
        });
        self.f.table(name, table);
    }
}

/// Add every annex table to `f` and return the annexes in order.
pub fn build(f: &mut Figures, report: &Report) -> Vec<Annex> {
    let mut b = Builder {
        f,
        list: Vec::new(),
    };
    let short = report.county.short().to_string();
    for y in annex_years(report) {
        let when = year_label(y);
        b.add(
            format!("annex-basics-{}", y.year),
            basics(report, y, &short, &when),
            false,
            county_facts(report),
            None,
        );
        for (level, l) in &y.levels {
            if l.sections.is_empty() {
                continue;
            }
            b.add(
                format!("annex-sections-{}-{}", level.key(), y.year),
                sections(report, l, &short, &when),
                true,
                None,
                Some(format!(
                    "注：{BELOW_STANDARD} 低于达标值但不低于基本值；{FAILED} 低于基本值或学段未达标；未达标的单元格加底纹。基本值为达标值的{}。",
                    pct(Some(report.standards.section_floor))
                )),
            );
        }
        if !y.excluded.is_empty() {
            b.add(
                format!("annex-excluded-{}", y.year),
                excluded(report, y, &short, &when),
                false,
                None,
                None,
            );
        }
        for (level, l) in &y.levels {
            if l.sections.is_empty() {
                continue;
            }
            b.add(
                format!("annex-cv-{}-{}", level.key(), y.year),
                cv_table(report, l, &short, &when),
                true,
                None,
                Some(format!(
                    "注：全县平均值为按学生数加权的县域值；标准差为按学生数加权的总体标准差；差异系数 = 标准差 ÷ 全县平均值，{}上限 {}。{FAILED} 超过上限。",
                    level.zh(),
                    num(Some(l.cv_limit), 2)
                )),
            );
        }
        b.add(
            format!("annex-assurance-{}", y.year),
            items(&y.assurance, format!("{when}{short}政府保障程度评估情况")),
            false,
            None,
            None,
        );
        b.add(
            format!("annex-quality-{}", y.year),
            items(&y.quality, format!("{when}{short}教育质量评估情况")),
            false,
            None,
            None,
        );
        b.add(
            format!("annex-evidence-{}", y.year),
            evidence(y, format!("{when}{short}佐证材料索引")),
            false,
            None,
            None,
        );
        b.add(
            format!("annex-recognition-{}", y.year),
            recognition(y, format!("{when}{short}社会认可度调查情况")),
            false,
            None,
            None,
        );
    }
    for level in Level::ALL {
        if let Some(t) = cv_history(report, level, &short) {
            b.add(
                format!("annex-cv-history-{}", level.key()),
                t,
                true,
                None,
                None,
            );
        }
    }
    let targets = targets(b.f, report, &short);
    b.add("annex-targets".into(), targets, false, None, None);
    b.add(
        "annex-projects".into(),
        projects(report, &short),
        true,
        None,
        None,
    );
    b.add(
        "annex-tasks".into(),
        tasks(report, &short),
        false,
        None,
        None,
    );
    b.add(
        "annex-ledger".into(),
        ledger(report, &short),
        true,
        None,
        None,
    );
    b.list
}

/// `2025年` or `2026年（初步数据）`.
fn year_label(y: &YearReport) -> String {
    if y.provisional {
        format!("{}年（初步数据）", y.year)
    } else {
        format!("{}年", y.year)
    }
}

/// The county's facts from county.yaml, as one line (None when it has none).
fn county_facts(report: &Report) -> Option<String> {
    let c = &report.county;
    let mut parts = Vec::new();
    if let Some(p) = c.population {
        parts.push(format!("常住人口 {p} 人"));
    }
    if let Some(a) = c.area_km2 {
        parts.push(format!("幅员面积 {} 平方千米", num(Some(a), 2)));
    }
    if let Some(t) = c.townships {
        parts.push(format!("乡镇（街道）{t} 个"));
    }
    if let Some(v) = c.villages {
        parts.push(format!("行政村 {v} 个"));
    }
    if let Some(g) = c.gdp_per_capita_yuan {
        parts.push(format!("人均地区生产总值 {} 元", num(Some(g), 0)));
    }
    (!parts.is_empty()).then(|| format!("{}：{}。", c.name, parts.join("；")))
}

/// 表Ⅰ: schools by type with classes, pupils and teachers.
fn basics(report: &Report, y: &YearReport, short: &str, when: &str) -> Table {
    let _ = report;
    let mut t = Table::new(
        format!("{when}{short}义务教育基本情况（表Ⅰ）"),
        &[
            ("学校类型", false),
            ("学校数（所）", true),
            ("班级数（个）", true),
            ("小学在校生（人）", true),
            ("初中在校生（人）", true),
            ("特殊教育在校生（人）", true),
            ("专任教师（人）", true),
        ],
    );
    let row = |label: String, r: &crate::compute::basics::TypeFacts| {
        vec![
            label,
            r.schools.to_string(),
            r.classes.to_string(),
            r.primary_students.to_string(),
            r.junior_students.to_string(),
            r.special_students.to_string(),
            r.teachers.to_string(),
        ]
    };
    for r in &y.basics.by_type {
        let label = r.school_type.map_or("其他", |k| k.zh()).to_string();
        t.rows.push(row(label, r));
    }
    t.summary.insert(t.rows.len());
    t.rows.push(row("合计".into(), &y.basics.total));
    t
}

/// The position of a school in the registry, teaching points last.
fn registry_key(positions: &HashMap<&str, usize>, school: &str, kind: SchoolType) -> (bool, usize) {
    (
        kind == SchoolType::TeachingPoint,
        positions.get(school).copied().unwrap_or(usize::MAX),
    )
}

/// Each school id's (first) place in the registry's order, indexed once per
/// table rather than searched per row.
fn registry_positions(report: &Report) -> HashMap<&str, usize> {
    let mut m = HashMap::with_capacity(report.registry_order.len());
    for (n, id) in report.registry_order.iter().enumerate() {
        m.entry(id.as_str()).or_insert(n);
    }
    m
}

/// A section's row label: the school's name, with its section for
/// nine- and twelve-year schools (each section is its own row).
fn section_name(name: &str, kind: SchoolType, level: Level) -> String {
    if kind.is_through() {
        format!("{name}（{}段）", level.zh())
    } else {
        name.to_string()
    }
}

/// The level's sections in the registry's order, teaching points last.
fn ordered<'a>(
    report: &Report,
    l: &'a LevelResult,
) -> Vec<&'a crate::compute::resource::SectionResult> {
    let mut v: Vec<_> = l.sections.iter().collect();
    let positions = registry_positions(report);
    v.sort_by_key(|s| registry_key(&positions, &s.school, s.school_type));
    v
}

/// 资源配置达标情况: one row per counted section; per indicator 达标值,
/// 基本值, 实际值, 是否达标; the section's verdict. The 达标值 and 基本值 are
/// the same on every row of a level: the CSV repeats them per row (the layout
/// of the county tools), the printed table names them once in the indicator's
/// header so that the 14 varying columns fit a landscape page.
fn sections(report: &Report, l: &LevelResult, short: &str, when: &str) -> Table {
    let level = l.level;
    let mut cols: Vec<(String, bool)> = vec![
        ("序号".into(), true),
        ("学校".into(), false),
        ("学生数".into(), true),
    ];
    let mut groups: Vec<(String, usize)> = vec![(String::new(), 1); 3];
    let mut csv_only = vec![false; 3];
    for i in Indicator::ALL {
        let ind = l.indicator(i);
        let d = decimals(i);
        let g = format!(
            "{}（{}）达标值{} 基本值{}",
            i.short_zh(),
            i.unit(),
            num(Some(ind.standard), d),
            num(Some(ind.floor), d)
        );
        for sub in ["达标值", "基本值", "实际值", "是否达标"] {
            cols.push((format!("{g}·{sub}"), sub != "是否达标"));
            csv_only.push(matches!(sub, "达标值" | "基本值"));
        }
        groups.push((g, 4));
    }
    cols.push(("达标项数".into(), true));
    cols.push(("结论".into(), false));
    csv_only.extend([false, false]);
    groups.push((String::new(), 1));
    groups.push((String::new(), 1));
    let refs: Vec<(&str, bool)> = cols.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    let mut t = Table::new(
        format!("{when}{short}{}资源配置达标情况", level.zh()),
        &refs,
    );
    t.classes[1] = "name";
    t.groups = groups;
    t.csv_only = csv_only;
    for (n, s) in ordered(report, l).into_iter().enumerate() {
        let r = t.rows.len();
        let mut row = vec![
            (n + 1).to_string(),
            section_name(&s.name, s.school_type, level),
            s.students.to_string(),
        ];
        for i in Indicator::ALL {
            let ind = l.indicator(i);
            let d = decimals(i);
            let value = num(s.values.get(&i).copied(), d);
            let col = row.len();
            row.push(num(Some(ind.standard), d));
            row.push(num(Some(ind.floor), d));
            if s.meets(i) {
                row.push(value);
                row.push("是".into());
            } else {
                let mark = if s.below_floor.contains(&i) {
                    FAILED
                } else {
                    BELOW_STANDARD
                };
                row.push(format!("{value}{mark}"));
                row.push(format!("否{mark}"));
                t.failing.insert((r, col + 2));
                t.failing.insert((r, col + 3));
            }
        }
        row.push(format!("{}/{}", s.met, Indicator::ALL.len()));
        if s.passes {
            row.push("达标".into());
        } else {
            t.failing.insert((r, row.len()));
            row.push(format!("未达标{FAILED}"));
        }
        t.rows.push(row);
    }
    t
}

/// The schools and sections the resource indicators leave out, and why.
fn excluded(report: &Report, y: &YearReport, short: &str, when: &str) -> Table {
    let mut t = Table::new(
        format!("{when}{short}未计入资源配置指标的学校（学段）"),
        &[
            ("序号", true),
            ("学校", false),
            ("学段", false),
            ("学生数", true),
            ("原因", false),
        ],
    );
    let mut rows: Vec<_> = y.excluded.iter().collect();
    let positions = registry_positions(report);
    let mut kinds: HashMap<&str, SchoolType> = HashMap::with_capacity(report.schools.len());
    for s in &report.schools {
        kinds.entry(s.id.as_str()).or_insert(s.kind);
    }
    rows.sort_by_key(|x| {
        let kind = kinds
            .get(x.school.as_str())
            .copied()
            .unwrap_or(SchoolType::Primary);
        (registry_key(&positions, &x.school, kind), x.level)
    });
    for (n, x) in rows.into_iter().enumerate() {
        t.rows.push(vec![
            (n + 1).to_string(),
            x.name.clone(),
            x.level.map_or("—".to_string(), |l| l.zh().to_string()),
            x.students.to_string(),
            x.reason.zh().to_string(),
        ]);
    }
    t
}

/// 差异系数计算表: the section values, then 全县平均值, 标准差, 差异系数 and the limit.
fn cv_table(report: &Report, l: &LevelResult, short: &str, when: &str) -> Table {
    let level = l.level;
    let mut cols: Vec<(String, bool)> = vec![
        ("序号".into(), false),
        ("学校".into(), false),
        ("学生数".into(), true),
    ];
    for i in Indicator::ALL {
        cols.push((format!("{}（{}）", i.short_zh(), i.unit()), true));
    }
    cols.push(("综合".into(), true));
    let refs: Vec<(&str, bool)> = cols.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    let mut t = Table::new(
        format!("{when}{short}{}校际差异系数计算表", level.zh()),
        &refs,
    );
    t.classes[1] = "name";
    for (n, s) in ordered(report, l).into_iter().enumerate() {
        let mut row = vec![
            (n + 1).to_string(),
            section_name(&s.name, s.school_type, level),
            s.students.to_string(),
        ];
        row.extend(
            Indicator::ALL
                .iter()
                .map(|i| num(s.values.get(i).copied(), decimals(*i))),
        );
        row.push(String::new());
        t.rows.push(row);
    }
    let summary = |label: &str, students: String, cell: &dyn Fn(Indicator) -> String| {
        let mut row = vec![String::new(), label.to_string(), students];
        row.extend(Indicator::ALL.iter().map(|i| cell(*i)));
        row
    };
    let ind = |i: Indicator| l.indicator(i);
    t.summary.insert(t.rows.len());
    let mut mean = summary("全县平均值", l.students.to_string(), &|i| {
        num(ind(i).county_value, decimals(i))
    });
    mean.push(String::new());
    t.rows.push(mean);
    t.summary.insert(t.rows.len());
    let mut sd = summary("标准差", String::new(), &|i| {
        num(ind(i).sd, decimals(i).max(2))
    });
    sd.push(String::new());
    t.rows.push(sd);
    let r = t.rows.len();
    t.summary.insert(r);
    let mut cv = summary("差异系数", String::new(), &|i| {
        let mark = if ind(i).cv_within_limit == Some(false) {
            FAILED
        } else {
            ""
        };
        format!("{}{mark}", num(ind(i).cv, 3))
    });
    for (k, i) in Indicator::ALL.iter().enumerate() {
        if ind(*i).cv_within_limit == Some(false) {
            t.failing.insert((r, 3 + k));
        }
    }
    cv.push(num(l.composite_cv, 3));
    t.rows.push(cv);
    t.summary.insert(t.rows.len());
    let mut limit = summary("差异系数上限", String::new(), &|i| {
        num(Some(ind(i).cv_limit), 2)
    });
    limit.push(num(Some(l.cv_limit), 2));
    t.rows.push(limit);
    t
}

fn cmp_symbol(c: Cmp) -> &'static str {
    match c {
        Cmp::AtLeast => "≥",
        Cmp::AtMost => "≤",
        Cmp::Below => "<",
    }
}

/// The 15 or 9 items: requirement, the county's figures, verdict, failing schools.
fn items(items: &[Item], title: String) -> Table {
    let mut t = Table::new(
        title,
        &[
            ("序号", true),
            ("评估要求", false),
            ("县域实际情况", false),
            ("结论", false),
            ("未达标学校", false),
        ],
    );
    for (n, item) in items.iter().enumerate() {
        let r = t.rows.len();
        let facts: Vec<String> = item
            .measures
            .iter()
            .map(|m| {
                let show = |v: Option<f64>| {
                    if m.is_share {
                        pct(v)
                    } else {
                        num(v, 2)
                    }
                };
                if m.not_applicable {
                    return format!("{} 不适用", m.label);
                }
                let mark = if m.met == Some(false) { FAILED } else { "" };
                format!(
                    "{} {}{mark}（要求{}{}）",
                    m.label,
                    show(m.value),
                    cmp_symbol(m.cmp),
                    show(Some(m.required))
                )
            })
            .chain(item.evidence.iter().map(|e| {
                format!(
                    "{}：{}",
                    e.requirement,
                    match e.met {
                        Some(true) => "已落实".to_string(),
                        Some(false) => format!("未落实{FAILED}"),
                        None => "暂无记录".to_string(),
                    }
                )
            }))
            .collect();
        if facts.iter().any(|f| f.contains(FAILED)) {
            t.failing.insert((r, 2));
        }
        let mut schools: Vec<String> = item
            .failing
            .iter()
            .map(|f| format!("{}（{}）", f.name, f.reason))
            .collect();
        if !item.no_data.is_empty() {
            schools.push(format!(
                "暂无数据：{}",
                item.no_data
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ));
        }
        let verdict = match item.met {
            _ if item.not_applicable => "不适用".to_string(),
            Some(false) => {
                t.failing.insert((r, 3));
                format!("{}{FAILED}", verdict_zh(item.met))
            }
            m => verdict_zh(m).to_string(),
        };
        t.rows.push(vec![
            (n + 1).to_string(),
            item.requirement.clone(),
            if facts.is_empty() {
                "—".into()
            } else {
                facts.join("；")
            },
            verdict,
            if schools.is_empty() {
                "—".into()
            } else {
                schools.join("；")
            },
        ]);
    }
    t.classes[4] = "names";
    t
}

/// 佐证材料: each evidence item's documents (one row per document).
fn evidence(y: &YearReport, title: String) -> Table {
    let mut t = Table::new(
        title,
        &[
            ("项目", false),
            ("佐证事项", false),
            ("材料名称", false),
            ("日期", false),
            ("文件", false),
            ("认定", false),
        ],
    );
    let groups = [("政府保障程度", &y.assurance), ("教育质量", &y.quality)];
    for (zh, list) in groups {
        for (n, item) in list.iter().enumerate() {
            for e in &item.evidence {
                let head = format!("{zh}第{}项", n + 1);
                let verdict = match e.met {
                    Some(true) => "已落实".to_string(),
                    Some(false) => format!("未落实{FAILED}"),
                    None => "暂无记录".to_string(),
                };
                if e.documents.is_empty() {
                    let r = t.rows.len();
                    if e.met == Some(false) {
                        t.failing.insert((r, 5));
                    }
                    t.rows.push(vec![
                        head,
                        e.requirement.clone(),
                        "暂无材料".into(),
                        "—".into(),
                        "—".into(),
                        verdict,
                    ]);
                    continue;
                }
                for d in &e.documents {
                    let (date, file) = match d {
                        crate::model::year::Document::Title(_) => (None, None),
                        crate::model::year::Document::Full { date, file, .. } => {
                            (date.map(|d| d.zh()), file.clone())
                        }
                    };
                    let r = t.rows.len();
                    if e.met == Some(false) {
                        t.failing.insert((r, 5));
                    }
                    t.rows.push(vec![
                        head.clone(),
                        e.requirement.clone(),
                        d.title().to_string(),
                        date.unwrap_or_else(|| "—".into()),
                        file.unwrap_or_else(|| "—".into()),
                        verdict.clone(),
                    ]);
                }
            }
        }
    }
    t
}

/// 社会认可度 by group, the total, the requirement and the verdict.
fn recognition(y: &YearReport, title: String) -> Table {
    let rec = &y.recognition;
    let mut t = Table::new(
        title,
        &[
            ("调查群体", false),
            ("有效问卷（份）", true),
            ("满意（份）", true),
            ("满意率", true),
        ],
    );
    for g in &rec.groups {
        t.rows.push(vec![
            g.group.clone(),
            g.valid.to_string(),
            g.satisfied.to_string(),
            pct(g.rate),
        ]);
    }
    let r = t.rows.len();
    t.summary.insert(r);
    let verdict = match rec.met {
        Some(false) => {
            t.failing.insert((r, 3));
            format!(
                "（要求≥{}，{}{FAILED}）",
                pct(Some(rec.required)),
                verdict_zh(rec.met)
            )
        }
        m => format!("（要求≥{}，{}）", pct(Some(rec.required)), verdict_zh(m)),
    };
    t.rows.push(vec![
        "合计".into(),
        rec.valid.to_string(),
        rec.satisfied.to_string(),
        format!("{}{verdict}", pct(rec.rate)),
    ]);
    t
}

/// Every CV of a level by year, from the first year with data to the latest.
fn cv_history(report: &Report, level: Level, short: &str) -> Option<Table> {
    let years: Vec<(&YearReport, &LevelResult)> = report
        .years
        .iter()
        .filter_map(|y| y.levels.get(&level).map(|l| (y, l)))
        .filter(|(_, l)| !l.sections.is_empty())
        .collect();
    let (first, last) = (years.first()?.0.year, years.last()?.0.year);
    let mut cols: Vec<(String, bool)> = vec![("年份".into(), false)];
    cols.extend(
        Indicator::ALL
            .iter()
            .map(|i| (i.short_zh().to_string(), true)),
    );
    cols.push(("综合差异系数".into(), true));
    cols.push(("上限".into(), true));
    let refs: Vec<(&str, bool)> = cols.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    let span = if first == last {
        format!("{first}年")
    } else {
        format!("{first}—{last}年")
    };
    let mut t = Table::new(
        format!("{short}{}校际差异系数历年情况（{span}）", level.zh()),
        &refs,
    );
    for (y, l) in years {
        let r = t.rows.len();
        let mut row = vec![year_label(y)];
        for (k, i) in Indicator::ALL.iter().enumerate() {
            let x = l.indicator(*i);
            if x.cv_within_limit == Some(false) {
                t.failing.insert((r, 1 + k));
                row.push(format!("{}{FAILED}", num(x.cv, 3)));
            } else {
                row.push(num(x.cv, 3));
            }
        }
        row.push(num(l.composite_cv, 3));
        row.push(num(Some(l.cv_limit), 2));
        t.rows.push(row);
    }
    Some(t)
}

/// The plan's annual targets judged year by year (the `targets` table's rows).
fn targets(f: &Figures, report: &Report, short: &str) -> Table {
    let mut t = Table::new(
        format!("{short}工作方案年度目标完成情况"),
        &[
            ("年份", false),
            ("目标", false),
            ("目标值", true),
            ("实际值", true),
            ("结论", false),
        ],
    );
    // The `targets` table has one row per plan target, in the plan's order.
    if let Some(src) = f.tables.get("targets") {
        for (row, target) in src.rows.iter().zip(&report.plan.targets) {
            let r = t.rows.len();
            let mut row = row.clone();
            if target.outcome == crate::compute::plan::Outcome::NotMet {
                t.failing.insert((r, row.len() - 1));
                if let Some(c) = row.last_mut() {
                    c.push_str(FAILED);
                }
            }
            t.rows.push(row);
        }
    }
    t
}

fn projects(report: &Report, short: &str) -> Table {
    let mut t = Table::new(
        format!("{short}重大项目规划及进展"),
        &[
            ("序号", true),
            ("项目名称", false),
            ("项目地址", false),
            ("项目性质", false),
            ("设计规模", false),
            ("总投资（万元）", true),
            ("建设期限", false),
            ("进展", false),
            ("累计投资（万元）", true),
            ("进度", false),
        ],
    );
    for p in &report.projects {
        t.rows.push(vec![
            p.number.to_string(),
            p.name.clone(),
            p.site.clone(),
            p.kind.zh().into(),
            p.scale.clone(),
            num(Some(p.investment_wan), 0),
            format!("{}—{}年", p.period[0], p.period[1]),
            p.status.zh().into(),
            num(p.invested_wan, 0),
            p.schedule.zh().into(),
        ]);
    }
    t
}

fn tasks(report: &Report, short: &str) -> Table {
    let mut t = Table::new(
        format!("{short}重点任务分工及进展"),
        &[
            ("编号", false),
            ("任务", false),
            ("责任单位", false),
            ("配合单位", false),
            ("进展", false),
        ],
    );
    for task in &report.tasks {
        t.rows.push(vec![
            task.id.clone(),
            task.title.clone(),
            task.lead.join("、"),
            if task.partners.is_empty() {
                "—".into()
            } else {
                task.partners.join("、")
            },
            task.status
                .map_or("暂无数据".into(), |s| s.zh().to_string()),
        ]);
    }
    t
}

fn ledger(report: &Report, short: &str) -> Table {
    let mut t = Table::new(
        format!("{short}问题整改台账"),
        &[
            ("编号", false),
            ("学校", false),
            ("问题", false),
            ("整改措施", false),
            ("责任单位", false),
            ("整改时限", false),
            ("状态", false),
        ],
    );
    for i in &report.ledger.items {
        let r = t.rows.len();
        if i.overdue {
            t.failing.insert((r, 6));
        }
        t.rows.push(vec![
            i.id.clone(),
            i.school_name.clone().unwrap_or_else(|| "全县".into()),
            i.problem.clone(),
            i.measure.clone(),
            i.owner.clone(),
            i.due.zh(),
            format!(
                "{}{}",
                i.status.zh(),
                if i.overdue {
                    format!("（逾期）{FAILED}")
                } else {
                    String::new()
                }
            ),
        ]);
    }
    t
}

/// An annex as HTML: its heading (a PDF bookmark), lead, table (`table`: its
/// HTML) and note. `heading` is `h2` in print.html (under 附表) and on the
/// annex's site page.
pub fn html(a: &Annex, table: &str, heading: &str) -> String {
    let mut h = format!(
        "<section class=\"annex{}{}\" id=\"{}\">\n<{heading} class=\"annex-title\">{}　{}</{heading}>\n",
        if a.landscape { " landscape" } else { "" },
        if a.compact { " compact" } else { "" },
        a.id,
        a.label,
        escape(&a.title),
    );
    if let Some(lead) = &a.lead {
        h.push_str(&format!("<p class=\"annex-lead\">{}</p>\n", escape(lead)));
    }
    h.push_str("<div class=\"table-wrap\">\n");
    h.push_str(table);
    h.push_str("\n</div>\n");
    if let Some(note) = &a.note {
        h.push_str(&format!("<p class=\"annex-note\">{}</p>\n", escape(note)));
    }
    h.push_str("</section>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::compute;

    fn report() -> Report {
        compute(&crate::load::fixture("tests/fixtures/compute/small"))
    }

    fn annexes(r: &Report) -> (Figures, Vec<Annex>) {
        let f = super::super::figures::build(r);
        let list = f.annexes.clone();
        (f, list)
    }

    #[test]
    fn annexes_are_numbered_with_their_tables() {
        let r = report();
        let (f, list) = annexes(&r);
        assert!(!list.is_empty());
        for (n, a) in list.iter().enumerate() {
            assert_eq!(a.number, n + 1);
            assert_eq!(a.id, format!("annex-{}", n + 1));
            assert_eq!(a.label, format!("附表{}", n + 1));
            assert!(f.tables.contains_key(&a.table), "{}", a.table);
            let html = html(a, &f.tables[&a.table].html(), "h2");
            assert!(html.contains(&format!("{}　", a.label)), "{html}");
        }
        let names: Vec<&str> = list.iter().map(|a| a.table.as_str()).collect();
        let y = assessed_year(&r).unwrap().year;
        for want in [
            format!("annex-basics-{y}"),
            format!("annex-sections-primary-{y}"),
            format!("annex-sections-junior-{y}"),
            format!("annex-cv-primary-{y}"),
            format!("annex-assurance-{y}"),
            format!("annex-quality-{y}"),
            format!("annex-evidence-{y}"),
            format!("annex-recognition-{y}"),
            "annex-cv-history-primary".to_string(),
            "annex-targets".to_string(),
            "annex-projects".to_string(),
            "annex-tasks".to_string(),
            "annex-ledger".to_string(),
        ] {
            assert!(names.contains(&want.as_str()), "{want} not in {names:?}");
        }
        let items = &f.tables[&format!("annex-assurance-{y}")];
        assert_eq!(items.rows.len(), 15);
        assert_eq!(f.tables[&format!("annex-quality-{y}")].rows.len(), 9);
    }

    #[test]
    fn failing_cells_carry_a_symbol_and_every_symbol_fails() {
        let r = report();
        let (f, list) = annexes(&r);
        let mut failing = 0;
        for a in &list {
            let t = &f.tables[&a.table];
            for (i, row) in t.rows.iter().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    let marked = cell.contains(FAILED) || cell.contains(BELOW_STANDARD);
                    assert_eq!(
                        marked,
                        t.failing.contains(&(i, j)),
                        "{} row {i} col {j}: `{cell}`",
                        a.table
                    );
                }
            }
            failing += t.failing.len();
            let html = t.html();
            assert_eq!(
                html.matches(" fail\"").count() + html.matches("\"fail\"").count(),
                t.failing.len(),
                "{}",
                a.table
            );
        }
        // The small county fails some sections and items.
        assert!(failing > 0);
        let y = assessed_year(&r).unwrap();
        let t = &f.tables[&format!("annex-sections-junior-{}", y.year)];
        let failed_sections = y.levels[&Level::Junior]
            .sections
            .iter()
            .filter(|s| !s.passes)
            .count();
        let last = t.columns.len() - 1;
        assert_eq!(
            t.rows
                .iter()
                .filter(|row| row[last].contains(FAILED))
                .count(),
            failed_sections
        );
    }

    #[test]
    fn sections_follow_the_registry_with_teaching_points_last() {
        let mut r = report();
        r.registry_order.reverse();
        let y = assessed_year(&r).unwrap().year;
        let yr = r.years.iter_mut().find(|x| x.year == y).unwrap();
        let prim = yr.levels.get_mut(&Level::Primary).unwrap();
        assert!(
            prim.sections.len() >= 2,
            "the fixture has two primary sections"
        );
        // The last in reversed registry order becomes a teaching point: still last.
        let tp = prim.sections[0].school.clone();
        prim.sections[0].school_type = SchoolType::TeachingPoint;
        let (f, _) = annexes(&r);
        let t = &f.tables[&format!("annex-sections-primary-{y}")];
        let by_name = |n: &str| {
            r.years.iter().find(|x| x.year == y).unwrap().levels[&Level::Primary]
                .sections
                .iter()
                .find(|s| n.starts_with(s.name.as_str()))
                .map(|s| s.school.clone())
                .unwrap()
        };
        let ids: Vec<String> = t.rows.iter().map(|row| by_name(&row[1])).collect();
        assert_eq!(ids.last(), Some(&tp));
        let others: Vec<usize> = ids[..ids.len() - 1]
            .iter()
            .map(|id| r.registry_order.iter().position(|x| x == id).unwrap())
            .collect();
        assert!(others.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        // Each section of a nine-year school is named with its level.
        assert!(t.rows.iter().any(|row| row[1].ends_with("（小学段）")));
        // The number column counts 1, 2, …
        for (n, row) in t.rows.iter().enumerate() {
            assert_eq!(row[0], (n + 1).to_string());
        }
    }

    #[test]
    fn cv_table_ends_with_mean_sd_cv_and_limit() {
        let r = report();
        let (f, _) = annexes(&r);
        let y = assessed_year(&r).unwrap();
        let l = &y.levels[&Level::Primary];
        let t = &f.tables[&format!("annex-cv-primary-{}", y.year)];
        let n = t.rows.len();
        assert_eq!(n, l.sections.len() + 4);
        let labels: Vec<&str> = t.rows[n - 4..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(labels, ["全县平均值", "标准差", "差异系数", "差异系数上限"]);
        for (k, i) in Indicator::ALL.iter().enumerate() {
            let x = l.indicator(*i);
            assert_eq!(t.rows[n - 4][3 + k], num(x.county_value, decimals(*i)));
            assert!(t.rows[n - 2][3 + k].starts_with(&num(x.cv, 3)));
            assert!(x.sd.is_some());
        }
        assert_eq!(t.rows[n - 2].last().unwrap(), &num(l.composite_cv, 3));
        assert_eq!(t.summary.len(), 4);
    }

    #[test]
    fn one_level_no_projects_no_ledger() {
        let mut r = report();
        for y in &mut r.years {
            y.levels.remove(&Level::Junior);
        }
        r.projects.clear();
        r.tasks.clear();
        r.ledger.items.clear();
        let (f, list) = annexes(&r);
        assert!(list.iter().all(|a| !a.table.contains("junior")));
        assert!(list
            .iter()
            .any(|a| a.table.starts_with("annex-sections-primary")));
        for name in ["annex-projects", "annex-tasks", "annex-ledger"] {
            let t = &f.tables[name];
            assert!(t.rows.is_empty());
            assert!(t.html().contains("暂无数据"), "{name}");
        }
    }

    #[test]
    fn the_latest_provisional_year_is_annexed_after_the_assessed_one() {
        let mut r = report();
        let mut later = r.years.last().unwrap().clone();
        later.year += 1;
        later.provisional = true;
        r.years.push(later);
        let years: Vec<u16> = annex_years(&r).iter().map(|y| y.year).collect();
        let last = r.years.last().unwrap().year;
        assert_eq!(years, [last - 1, last]);
        let (_, list) = annexes(&r);
        assert!(list
            .iter()
            .any(|a| a.title.starts_with(&format!("{last}年（初步数据）"))));
    }
}
