//! The named charts and tables of a report: built once from the computed
//! [`Report`], shown on the pages and embeddable in chapters by name
//! (`<!-- chart: cv-primary -->`). Formats numbers for display; computes no
//! indicator (statuses come from compute's results).

use std::collections::BTreeMap;

use super::charts::{
    self, Bar, BarChart, BarGroup, BarStatus, ChartMeta, ChartSpec, CumulativeChart,
    CumulativeSeries, GroupedBarChart, LineChart, RefLine, Series, TimelineChart, TimelineRow,
    ValueAxis, YearMonth,
};
use std::fmt::Write as _;

use super::content::escape_into;
use super::templates::{format_fixed, group_thousands, verdict_zh};
use crate::compute::report::{Report, YearReport};
use crate::model::standards::Indicator;
use crate::model::year::ProjectStatus;
use crate::model::Level;

/// A table for display: header, which columns are numeric, formatted cells.
/// The optional parts (header groups, marked cells, summary rows) serve the
/// annexes; a table without them renders as a plain header and body.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// Extra CSS class per column: `name` (a school's name: never wraps) or
    /// `names` (a list of names: wraps only between them); empty for none.
    pub classes: Vec<&'static str>,
    /// A first header row of groups over the columns: (label, span). A group
    /// of span 1 with an empty label leaves its column's header spanning both rows.
    pub groups: Vec<(String, usize)>,
    /// Cells `(row, column)` that fail a requirement: shaded in print (their
    /// text carries a symbol, so black-and-white print shows them too).
    pub failing: std::collections::BTreeSet<(usize, usize)>,
    /// Rows that summarise the others (全县平均值, 合计).
    pub summary: std::collections::BTreeSet<usize>,
    /// Columns only in the CSV download, not in the HTML (constants a header
    /// group already shows, e.g. each row's 达标值 in a wide table).
    pub csv_only: Vec<bool>,
}

impl Table {
    pub(crate) fn new(title: impl Into<String>, columns: &[(&str, bool)]) -> Table {
        Table {
            title: title.into(),
            columns: columns.iter().map(|(c, _)| c.to_string()).collect(),
            numeric: columns.iter().map(|(_, n)| *n).collect(),
            rows: Vec::new(),
            classes: columns
                .iter()
                .map(|(c, _)| match *c {
                    "学校" | "学校名称" => "name",
                    _ => "",
                })
                .collect(),
            groups: Vec::new(),
            failing: Default::default(),
            summary: Default::default(),
            csv_only: vec![false; columns.len()],
        }
    }

    /// `<table>` with a header that repeats on each printed page.
    ///
    /// Written straight into one buffer: a 1,000-school county's pages hold
    /// hundreds of thousands of cells.
    pub fn html(&self) -> String {
        let shown = |i: usize| !self.csv_only.get(i).copied().unwrap_or(false);
        // ` class="num name fail"`, only the parts that apply (none: nothing).
        let class = |h: &mut String, i: usize, fail: bool| {
            let num = self.numeric.get(i).copied().unwrap_or(false);
            let extra = self.classes.get(i).copied().unwrap_or("");
            let parts = [
                num.then_some("num"),
                (!extra.is_empty()).then_some(extra),
                fail.then_some("fail"),
            ];
            let mut first = true;
            for p in parts.into_iter().flatten() {
                h.push_str(if first { " class=\"" } else { " " });
                h.push_str(p);
                first = false;
            }
            if !first {
                h.push('"');
            }
        };
        let cells: usize = self.rows.iter().map(Vec::len).sum();
        let mut h = String::with_capacity(64 + cells * 24);
        h.push_str("<table>\n<thead>");
        if self.groups.is_empty() {
            h.push_str("<tr>");
            for (i, c) in self.columns.iter().enumerate().filter(|(i, _)| shown(*i)) {
                h.push_str("<th");
                class(&mut h, i, false);
                h.push('>');
                escape_into(&mut h, c);
                h.push_str("</th>");
            }
            h.push_str("</tr>");
        } else {
            // Row 1: groups (a lone unlabelled column spans both rows); row 2: the rest.
            let (mut top, mut sub) = (String::from("<tr>"), String::from("<tr>"));
            let mut col = 0;
            for (label, span) in &self.groups {
                let span = (*span).max(1);
                if span == 1 && label.is_empty() {
                    if let Some(c) = self.columns.get(col) {
                        top.push_str("<th rowspan=\"2\"");
                        class(&mut top, col, false);
                        top.push('>');
                        escape_into(&mut top, c);
                        top.push_str("</th>");
                    }
                } else {
                    let cols = col..(col + span).min(self.columns.len());
                    let visible = cols.clone().filter(|k| shown(*k)).count();
                    let _ = write!(top, "<th colspan=\"{visible}\" class=\"group\">");
                    escape_into(&mut top, label);
                    top.push_str("</th>");
                    for k in cols.filter(|k| shown(*k)) {
                        let text = self.columns[k]
                            .strip_prefix(label.as_str())
                            .map(|t| t.trim_start_matches('·'))
                            .unwrap_or(&self.columns[k]);
                        sub.push_str("<th");
                        class(&mut sub, k, false);
                        sub.push('>');
                        escape_into(&mut sub, text);
                        sub.push_str("</th>");
                    }
                }
                col += span;
            }
            h.push_str(&top);
            h.push_str("</tr>");
            h.push_str(&sub);
            h.push_str("</tr>");
        }
        h.push_str("</thead>\n<tbody>\n");
        if self.rows.is_empty() {
            let _ = writeln!(
                h,
                "<tr><td colspan=\"{}\" class=\"empty\">暂无数据</td></tr>",
                (0..self.columns.len()).filter(|i| shown(*i)).count().max(1)
            );
        }
        for (r, row) in self.rows.iter().enumerate() {
            h.push_str(if self.summary.contains(&r) {
                "<tr class=\"sum\">"
            } else {
                "<tr>"
            });
            for (i, c) in row.iter().enumerate().filter(|(i, _)| shown(*i)) {
                h.push_str("<td");
                class(&mut h, i, self.failing.contains(&(r, i)));
                h.push('>');
                escape_into(&mut h, c);
                h.push_str("</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>");
        h
    }

    pub fn csv(&self) -> String {
        charts::csv(&self.columns, &self.rows)
    }
}

/// A `<table>` from header and rows; numeric columns right-aligned.
pub fn table_html(columns: &[String], numeric: &[bool], rows: &[Vec<String>]) -> String {
    let num = |i: usize| numeric.get(i).copied().unwrap_or(false);
    let cells: usize = rows.iter().map(Vec::len).sum();
    let mut h = String::with_capacity(64 + cells * 32);
    h.push_str("<table>\n<thead><tr>");
    for (i, c) in columns.iter().enumerate() {
        h.push_str(if num(i) { "<th class=\"num\">" } else { "<th>" });
        escape_into(&mut h, c);
        h.push_str("</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            cell_html(&mut h, c, num(i));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>");
    h
}

/// One body cell. In a numeric column a number gets thousands separators, and
/// a value marked `*` (below its standard) is shown failing: red, with ✗ and
/// the word for screen readers, so colour is never the only sign.
fn cell_html(h: &mut String, c: &str, numeric: bool) {
    if !numeric {
        h.push_str("<td>");
        escape_into(h, c);
        h.push_str("</td>");
        return;
    }
    match c.strip_suffix('*') {
        Some(v) => {
            h.push_str("<td class=\"num fail\"><span class=\"mark\" aria-hidden=\"true\">✗</span>");
            escape_into(h, &group_thousands(v));
            h.push_str("<span class=\"sr-only\">（未达标）</span></td>");
        }
        None => {
            h.push_str("<td class=\"num\">");
            escape_into(h, &group_thousands(c));
            h.push_str("</td>");
        }
    }
}

/// A named chart as lists, tables and CSVs need it, and its input, so that
/// its SVG is drawn only on the page or chapter that shows it
/// ([`FigureChart::draw`]) and dropped once written: the charts of a
/// 1,000-school county take hundreds of megabytes drawn.
#[derive(Debug)]
pub struct FigureChart {
    /// The chart's id as drawn (made safe for XML), its key in [`Figures::charts`].
    pub id: String,
    pub title: String,
    /// The chart's data table (the page's data table and the CSV download).
    pub table: charts::DataTable,
    spec: ChartSpec,
    /// The outline's SVG (its root element only), kept from the layout so a
    /// dry render does not lay the chart out again.
    outline_svg: String,
}

impl FigureChart {
    /// The drawn chart (`outline`: nothing drawn, only the root element with
    /// its ids, title and description; for a dry render).
    pub fn draw(&self, outline: bool) -> Result<charts::Chart, charts::ChartError> {
        if outline {
            Ok(charts::Chart {
                id: self.id.clone(),
                title: self.title.clone(),
                svg: self.outline_svg.clone(),
                table: self.table.clone(),
            })
        } else {
            self.spec.draw()
        }
    }
}

/// Every named chart and table.
#[derive(Debug, Default)]
pub struct Figures {
    pub charts: BTreeMap<String, FigureChart>,
    pub tables: BTreeMap<String, Table>,
    /// Charts that could not be drawn (id, message).
    pub errors: Vec<(String, String)>,
    /// The compilation's annexes (附表), in order; their tables are in `tables`.
    pub annexes: Vec<super::annex::Annex>,
}

impl Figures {
    /// Adds a chart by its input: laid out (id, title, table), not drawn.
    fn chart(&mut self, spec: ChartSpec) {
        let outlined = spec.outline();
        self.add(spec, outlined);
    }

    fn add(&mut self, spec: ChartSpec, outlined: Result<charts::Chart, charts::ChartError>) {
        match outlined {
            Ok(c) => {
                self.charts.insert(
                    c.id.clone(),
                    FigureChart {
                        id: c.id,
                        title: c.title,
                        table: c.table,
                        spec,
                        outline_svg: c.svg,
                    },
                );
            }
            Err(e) => self.errors.push((e.id.clone(), e.message.clone())),
        }
    }
    pub(crate) fn table(&mut self, name: impl Into<String>, t: Table) {
        self.tables.insert(name.into(), t);
    }
}

/// 标准的85%: the section floor of the standards in force.
fn floor_label(report: &Report) -> String {
    format!(
        "标准的{}%",
        super::templates::format_fixed(report.standards.section_floor * 100.0, 0)
    )
}

/// Display decimals of an indicator's values.
pub fn decimals(i: Indicator) -> usize {
    match i {
        Indicator::EquipmentValuePerStudent => 0,
        _ => 2,
    }
}

pub fn num(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format_fixed(x, digits),
        _ => "—".into(),
    }
}

pub fn pct(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{}%", format_fixed(x * 100.0, 1)),
        _ => "—".into(),
    }
}

/// Chart meta for a figure whose caption the page writes (the title is not drawn).
fn meta(
    id: impl Into<String>,
    title: impl Into<String>,
    category: impl Into<String>,
    value: impl Into<String>,
) -> ChartMeta {
    ChartMeta {
        caption_outside: true,
        ..ChartMeta::new(id, title, category, value)
    }
}

fn years_i32(report: &Report) -> Vec<i32> {
    report.years.iter().map(|y| y.year as i32).collect()
}

/// Build every chart and table of the report.
pub fn build(report: &Report) -> Figures {
    let mut f = Figures::default();
    let Some(latest) = report.years.last() else {
        return f;
    };
    for level in Level::ALL {
        cv_by_level(&mut f, report, level);
        for y in &report.years {
            indicator_table(&mut f, y, level);
            sections_table(&mut f, y, level);
        }
        let name_latest = format!("indicators-{}", level.key());
        if let Some(t) = f
            .tables
            .get(&format!("{name_latest}-{}", latest.year))
            .cloned()
        {
            f.table(name_latest, t);
        }
        if let Some(t) = f
            .tables
            .get(&format!("sections-{}-{}", level.key(), latest.year))
            .cloned()
        {
            f.table(format!("sections-{}", level.key()), t);
        }
    }
    let sections = SectionIndex::new(report);
    for i in Indicator::ALL {
        cv_by_indicator(&mut f, report, i);
        for level in Level::ALL {
            sections_chart(&mut f, report, latest, level, i);
            history_table(&mut f, report, &sections, level, i);
        }
    }
    for y in &report.years {
        verdict_table(&mut f, y);
        items_table(&mut f, y, "assurance", "政府保障程度", &y.assurance);
        items_table(&mut f, y, "quality", "教育质量", &y.quality);
    }
    for name in ["verdict", "assurance", "quality"] {
        if let Some(t) = f.tables.get(&format!("{name}-{}", latest.year)).cloned() {
            f.table(name, t);
        }
    }
    composite_table(&mut f, report);
    targets(&mut f, report);
    class_sizes(&mut f, report);
    school_sizes(&mut f, latest);
    rooms(&mut f, report);
    recognition(&mut f, report, latest);
    projects(&mut f, report);
    tasks_table(&mut f, report);
    ledger_table(&mut f, report);
    // One chart per school and level: laid out in parallel, kept in school order.
    use rayon::prelude::*;
    let laid: Vec<Vec<(ChartSpec, Result<charts::Chart, charts::ChartError>)>> = report
        .schools
        .par_iter()
        .map(|s| {
            school_chart(report, &sections, &s.id, &s.name)
                .into_iter()
                .map(|spec| {
                    let outlined = spec.outline();
                    (spec, outlined)
                })
                .collect()
        })
        .collect();
    for (spec, outlined) in laid.into_iter().flatten() {
        f.add(spec, outlined);
    }
    f.annexes = super::annex::build(&mut f, report);
    f
}

/// Each year's counted sections by level and school id, indexed once.
struct SectionIndex<'a>(
    Vec<
        BTreeMap<
            Level,
            std::collections::HashMap<&'a str, &'a crate::compute::resource::SectionResult>,
        >,
    >,
);

impl<'a> SectionIndex<'a> {
    fn new(report: &'a Report) -> Self {
        SectionIndex(
            report
                .years
                .iter()
                .map(|y| {
                    y.levels
                        .iter()
                        .map(|(l, r)| {
                            let mut m = std::collections::HashMap::new();
                            for s in &r.sections {
                                // The first of a school's rows, as a scan would find it.
                                m.entry(s.school.as_str()).or_insert(s);
                            }
                            (*l, m)
                        })
                        .collect()
                })
                .collect(),
        )
    }
}

fn cv_by_level(f: &mut Figures, report: &Report, level: Level) {
    let years = years_i32(report);
    fn lvl(y: &YearReport, level: Level) -> Option<&crate::compute::resource::LevelResult> {
        y.levels.get(&level)
    }
    let mut series: Vec<Series> = Indicator::ALL
        .iter()
        .map(|i| {
            Series::new(
                i.short_zh(),
                report
                    .years
                    .iter()
                    .map(|y| {
                        lvl(y, level)
                            .and_then(|l| l.indicators.get(i))
                            .and_then(|r| r.cv)
                    })
                    .collect(),
            )
        })
        .collect();
    series.push(Series::target(
        "综合差异系数",
        report
            .years
            .iter()
            .map(|y| lvl(y, level).and_then(|l| l.composite_cv))
            .collect(),
    ));
    let limit = report.standards.cv_limit.get(level);
    f.chart(ChartSpec::Line(LineChart {
        meta: meta(
            format!("cv-{}", level.key()),
            format!(
                "{}各项指标校际差异系数（{}—{}年）",
                level.zh(),
                years[0],
                years[years.len() - 1]
            ),
            "年份",
            "差异系数",
        ),
        axis: ValueAxis {
            decimals: 3,
            ..ValueAxis::default()
        },
        years,
        series,
        limits: vec![RefLine::new(format!("{}上限", level.zh()), limit)],
    }));
}

fn cv_by_indicator(f: &mut Figures, report: &Report, i: Indicator) {
    let years = years_i32(report);
    let series = Level::ALL
        .iter()
        .map(|level| {
            Series::new(
                level.zh(),
                report
                    .years
                    .iter()
                    .map(|y| {
                        y.levels
                            .get(level)
                            .and_then(|l| l.indicators.get(&i))
                            .and_then(|r| r.cv)
                    })
                    .collect(),
            )
        })
        .collect();
    let limits = Level::ALL
        .iter()
        .map(|l| RefLine::new(format!("{}上限", l.zh()), report.standards.cv_limit.get(*l)))
        .collect();
    f.chart(ChartSpec::Line(LineChart {
        meta: meta(
            format!("cv-{}", i.key()),
            format!("{}校际差异系数", i.zh()),
            "年份",
            "差异系数",
        ),
        axis: ValueAxis {
            decimals: 3,
            ..ValueAxis::default()
        },
        years,
        series,
        limits,
    }));
}

fn sections_chart(f: &mut Figures, report: &Report, y: &YearReport, level: Level, i: Indicator) {
    let Some(l) = y.levels.get(&level) else {
        return;
    };
    if l.sections.is_empty() {
        return;
    }
    let standard = report.standards.resource.get(level, i);
    let bars = l
        .sections
        .iter()
        .map(|s| Bar {
            label: s.name.clone(),
            value: s.values.get(&i).copied(),
            status: if !s.unmet.contains(&i) {
                BarStatus::Meets
            } else if s.below_floor.contains(&i) {
                BarStatus::Below
            } else {
                BarStatus::Near
            },
        })
        .collect();
    f.chart(ChartSpec::Bar(BarChart {
        meta: meta(
            format!("sections-{}-{}", i.key(), level.key()),
            format!("{}年{}各学段{}", y.year, level.zh(), i.zh()),
            "学校",
            format!("{}（{}）", i.short_zh(), i.unit()),
        ),
        axis: ValueAxis {
            decimals: decimals(i),
            ..ValueAxis::default()
        },
        orientation: Default::default(),
        bars,
        references: vec![
            RefLine::new("标准", standard),
            RefLine::new(
                floor_label(report),
                standard * report.standards.section_floor,
            ),
        ],
        status_labels: Default::default(),
    }));
}

fn indicator_table(f: &mut Figures, y: &YearReport, level: Level) {
    let Some(l) = y.levels.get(&level) else {
        return;
    };
    let mut t = Table::new(
        format!("{}年{}资源配置指标", y.year, level.zh()),
        &[
            ("指标", false),
            ("标准", true),
            ("县域值", true),
            ("差异系数", true),
            ("上限", true),
            ("达标率", true),
        ],
    );
    for i in Indicator::ALL {
        if let Some(r) = l.indicators.get(&i) {
            t.rows.push(vec![
                format!("{}（{}）", i.zh(), i.unit()),
                num(Some(r.standard), decimals(i)),
                num(r.county_value, decimals(i)),
                num(r.cv, 3),
                num(Some(r.cv_limit), 2),
                pct(r.rate),
            ]);
        }
    }
    t.rows.push(vec![
        "综合差异系数（七项平均）".into(),
        String::new(),
        String::new(),
        num(l.composite_cv, 3),
        num(Some(l.cv_limit), 2),
        String::new(),
    ]);
    f.table(format!("indicators-{}-{}", level.key(), y.year), t);
}

fn sections_table(f: &mut Figures, y: &YearReport, level: Level) {
    let Some(l) = y.levels.get(&level) else {
        return;
    };
    let mut cols: Vec<(&str, bool)> = vec![("学校", false), ("学生数", true)];
    cols.extend(Indicator::ALL.iter().map(|i| (i.short_zh(), true)));
    cols.extend([("达标项数", true), ("是否达标", false)]);
    let mut t = Table::new(
        format!("{}年{}各学段资源配置指标", y.year, level.zh()),
        &cols,
    );
    for s in &l.sections {
        let mut row = vec![s.name.clone(), s.students.to_string()];
        // A value below its standard carries `*`, as in the history tables
        // (the web pages show it as ✗ in red).
        row.extend(Indicator::ALL.iter().map(|i| {
            let v = num(s.values.get(i).copied(), decimals(*i));
            if s.unmet.contains(i) {
                format!("{v}*")
            } else {
                v
            }
        }));
        row.push(format!("{}/7", s.met));
        row.push(if s.passes { "达标" } else { "未达标" }.into());
        t.rows.push(row);
    }
    f.table(format!("sections-{}-{}", level.key(), y.year), t);
}

/// Every section's value of one indicator in every year (schools × years).
fn history_table(
    f: &mut Figures,
    report: &Report,
    sections: &SectionIndex,
    level: Level,
    i: Indicator,
) {
    let years: Vec<String> = report.years.iter().map(|y| y.year.to_string()).collect();
    let mut cols: Vec<(&str, bool)> = vec![("学校", false)];
    cols.extend(years.iter().map(|y| (y.as_str(), true)));
    let mut t = Table::new(
        format!("{}各学段{}历年数值（{}）", level.zh(), i.zh(), i.unit()),
        &cols,
    );
    for s in &report.schools {
        let cells: Vec<Option<String>> = sections
            .0
            .iter()
            .map(|y| {
                let sec = *y.get(&level)?.get(s.id.as_str())?;
                let v = num(sec.values.get(&i).copied(), decimals(i));
                Some(if sec.unmet.contains(&i) {
                    format!("{v}*")
                } else {
                    v
                })
            })
            .collect();
        if cells.iter().any(Option::is_some) {
            let mut row = vec![s.name.clone()];
            row.extend(cells.into_iter().map(|c| c.unwrap_or_else(|| "—".into())));
            t.rows.push(row);
        }
    }
    if !t.rows.is_empty() {
        f.table(format!("history-{}-{}", i.key(), level.key()), t);
    }
}

fn composite_table(f: &mut Figures, report: &Report) {
    let mut t = Table::new(
        "历年综合差异系数与学段达标情况",
        &[
            ("年份", false),
            ("小学综合差异系数", true),
            ("初中综合差异系数", true),
            ("小学学段达标", true),
            ("初中学段达标", true),
        ],
    );
    for y in &report.years {
        let l = |lv: Level| y.levels.get(&lv);
        let passing = |lv: Level| {
            l(lv).map_or("—".into(), |l| {
                format!("{}/{}", l.counts.passing, l.counts.sections)
            })
        };
        t.rows.push(vec![
            format!("{}{}", y.year, if y.provisional { "（初步）" } else { "" }),
            num(l(Level::Primary).and_then(|l| l.composite_cv), 3),
            num(l(Level::Junior).and_then(|l| l.composite_cv), 3),
            passing(Level::Primary),
            passing(Level::Junior),
        ]);
    }
    f.table("composite-by-year", t);
}

fn verdict_table(f: &mut Figures, y: &YearReport) {
    let mut t = Table::new(
        format!("{}年四个方面评估结论", y.year),
        &[("方面", false), ("结论", false), ("主要问题", false)],
    );
    for d in &y.verdict.dimensions {
        t.rows.push(vec![
            d.name.clone(),
            if d.passed { "达标" } else { "未达标" }.into(),
            if d.reasons.is_empty() {
                "—".into()
            } else {
                d.reasons.join("；")
            },
        ]);
    }
    f.table(format!("verdict-{}", y.year), t);
}

fn items_table(
    f: &mut Figures,
    y: &YearReport,
    key: &str,
    zh: &str,
    items: &[crate::compute::items::Item],
) {
    let mut t = Table::new(
        format!("{}年{}评估指标", y.year, zh),
        &[
            ("序号", true),
            ("评估要求", false),
            ("实际情况", false),
            ("结论", false),
        ],
    );
    for (n, item) in items.iter().enumerate() {
        let mut facts: Vec<String> = item
            .measures
            .iter()
            .map(|m| {
                let v = if m.not_applicable {
                    "不适用".to_string()
                } else if m.is_share {
                    pct(m.value)
                } else {
                    num(m.value, 2)
                };
                format!("{} {}", m.label, v)
            })
            .collect();
        if !item.failing.is_empty() {
            facts.push(format!("未达标学校 {} 所", item.failing.len()));
        }
        for e in &item.evidence {
            let docs: Vec<&str> = e.documents.iter().map(|d| d.title()).collect();
            if !docs.is_empty() {
                facts.push(format!("佐证：{}", docs.join("、")));
            }
        }
        t.rows.push(vec![
            (n + 1).to_string(),
            item.requirement.clone(),
            if facts.is_empty() {
                "—".into()
            } else {
                facts.join("；")
            },
            if item.not_applicable {
                "不适用".into()
            } else {
                verdict_zh(item.met).into()
            },
        ]);
    }
    f.table(format!("{key}-{}", y.year), t);
}

fn targets(f: &mut Figures, report: &Report) {
    let mut t = Table::new(
        "方案年度目标完成情况",
        &[
            ("年份", false),
            ("目标", false),
            ("目标值", true),
            ("实际值", true),
            ("结论", false),
        ],
    );
    let (mut cats, mut target_vals, mut actual_vals) = (Vec::new(), Vec::new(), Vec::new());
    for r in &report.plan.targets {
        let share = r.metric.starts_with("rate.")
            || r.metric == "recognition"
            || r.metric.starts_with("retention")
            || r.metric == "disabled_enrollment";
        let fmt = |v: Option<f64>| {
            if share {
                pct(v)
            } else if r.metric.starts_with("cv.") {
                num(v, 3)
            } else {
                num(v, 0)
            }
        };
        t.rows.push(vec![
            r.year.to_string(),
            r.text.clone(),
            format!("{}{}", r.op.symbol(), fmt(Some(r.target))),
            fmt(r.actual),
            r.outcome.zh().to_string(),
        ]);
        if r.metric.starts_with("rate.") {
            cats.push(format!("{} {}", r.year, short_metric(&r.metric)));
            target_vals.push(Some(r.target));
            actual_vals.push(r.actual);
        }
    }
    f.table("targets", t);
    if !cats.is_empty() {
        f.chart(ChartSpec::Grouped(GroupedBarChart {
            meta: meta(
                "targets",
                "方案年度达标率目标与实际",
                "年度目标",
                "达标率（%）",
            ),
            axis: ValueAxis {
                decimals: 1,
                percent: true,
                max: Some(1.0),
            },
            orientation: Default::default(),
            categories: cats,
            groups: vec![
                BarGroup {
                    name: "目标".into(),
                    values: target_vals,
                },
                BarGroup {
                    name: "实际".into(),
                    values: actual_vals,
                },
            ],
            references: vec![],
        }));
    }
}

/// A short Chinese label of a rate metric for chart categories.
fn short_metric(metric: &str) -> String {
    let parts: Vec<&str> = metric.split('.').collect();
    let what = match parts.get(1).copied() {
        Some("area") => "校舍场地".to_string(),
        Some("music_art_rooms") => "音美教室".to_string(),
        Some(k) => Indicator::from_key(k).map_or(k.to_string(), |i| i.short_zh().to_string()),
        None => metric.to_string(),
    };
    let level = match parts.get(2).copied() {
        Some("primary") => "小学",
        Some("junior") => "初中",
        _ => "",
    };
    format!("{level}{what}")
}

fn class_sizes(f: &mut Figures, report: &Report) {
    let cats: Vec<String> = report.years.iter().map(|y| y.year.to_string()).collect();
    let g = |name: &str, pick: &dyn Fn(&YearReport) -> u64| BarGroup {
        name: name.into(),
        values: report.years.iter().map(|y| Some(pick(y) as f64)).collect(),
    };
    let b = &report.standards.class_bands;
    let limits = &report.standards.class_size_limit;
    f.chart(ChartSpec::Grouped(GroupedBarChart {
        meta: meta(
            "class-sizes",
            format!(
                "超标班额与大班额数量（小学>{}人、初中>{}人）",
                limits.primary, limits.junior
            ),
            "年份",
            "班级数（个）",
        ),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        orientation: Default::default(),
        categories: cats,
        groups: vec![
            g("超过班额标准", &|y| y.metrics.large_classes),
            g(
                &format!(
                    "偏大班额（{}—{}人）",
                    b.somewhat_large_from,
                    b.large_from - 1
                ),
                &|y| y.metrics.class_bands.somewhat_large,
            ),
            g(
                &format!("大班额（{}—{}人）", b.large_from, b.oversized_from - 1),
                &|y| y.metrics.class_bands.large,
            ),
            g(
                &format!("超大班额（{}人以上）", b.oversized_from),
                &|y| y.metrics.class_bands.oversized,
            ),
        ],
        references: vec![],
    }));
}

fn school_sizes(f: &mut Figures, y: &YearReport) {
    use crate::compute::items::Detail;
    let Some(Detail::SchoolSize(d)) = y.assurance.iter().find_map(|i| {
        i.detail
            .clone()
            .filter(|d| matches!(d, Detail::SchoolSize(_)))
    }) else {
        return;
    };
    let mut schools = d.schools.clone();
    schools.sort_by(|a, b| b.students.cmp(&a.students).then(a.school.cmp(&b.school)));
    schools.truncate(25);
    let st = |met: bool| {
        if met {
            BarStatus::Meets
        } else {
            BarStatus::Below
        }
    };
    let mut limits: Vec<u64> = schools.iter().map(|s| s.limit).collect();
    limits.sort();
    limits.dedup();
    f.chart(ChartSpec::Bar(BarChart {
        meta: meta(
            "school-sizes",
            format!(
                "{}年规模最大的{}所学校（义务教育阶段学生数）",
                y.year,
                schools.len()
            ),
            "学校",
            "学生数（人）",
        ),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        orientation: Default::default(),
        bars: schools
            .iter()
            .map(|s| Bar {
                label: s.name.clone(),
                value: Some(s.students as f64),
                status: st(s.met),
            })
            .collect(),
        references: limits
            .iter()
            .map(|l| RefLine::new("规模上限", *l as f64))
            .collect(),
        status_labels: Default::default(),
    }));
}

fn rooms(f: &mut Figures, report: &Report) {
    let years = years_i32(report);
    let s = |name: &str, pick: &dyn Fn(&YearReport) -> Option<f64>| {
        Series::new(name, report.years.iter().map(pick).collect())
    };
    f.chart(ChartSpec::Line(LineChart {
        meta: meta(
            "rooms",
            "音乐、美术专用教室达标率",
            "年份",
            "达标学校占比（%）",
        ),
        axis: ValueAxis {
            decimals: 1,
            percent: true,
            max: Some(1.0),
        },
        years,
        series: vec![
            s("小学", &|y| y.metrics.music_art_rooms_rate.primary),
            s("初中", &|y| y.metrics.music_art_rooms_rate.junior),
            s("全县", &|y| y.metrics.music_art_rooms_rate.all),
        ],
        limits: vec![],
    }));
}

fn recognition(f: &mut Figures, report: &Report, latest: &YearReport) {
    let years = years_i32(report);
    let mut groups: Vec<String> = Vec::new();
    for y in &report.years {
        for g in &y.recognition.groups {
            if !groups.contains(&g.group) {
                groups.push(g.group.clone());
            }
        }
    }
    let mut series: Vec<Series> = groups
        .iter()
        .map(|g| {
            Series::new(
                g.clone(),
                report
                    .years
                    .iter()
                    .map(|y| {
                        y.recognition
                            .groups
                            .iter()
                            .find(|x| &x.group == g)
                            .and_then(|x| x.rate)
                    })
                    .collect(),
            )
        })
        .collect();
    series.push(Series::target(
        "总体",
        report.years.iter().map(|y| y.recognition.rate).collect(),
    ));
    f.chart(ChartSpec::Line(LineChart {
        meta: meta(
            "recognition",
            "社会认可度（分群体满意率）",
            "年份",
            "满意率（%）",
        ),
        axis: ValueAxis {
            decimals: 1,
            percent: true,
            max: Some(1.0),
        },
        years,
        series,
        limits: vec![RefLine::new("标准", report.standards.recognition_min)],
    }));
    for y in &report.years {
        let mut t = Table::new(
            format!("{}年社会认可度调查", y.year),
            &[
                ("群体", false),
                ("有效问卷", true),
                ("满意", true),
                ("满意率", true),
            ],
        );
        for g in &y.recognition.groups {
            t.rows.push(vec![
                g.group.clone(),
                g.valid.to_string(),
                g.satisfied.to_string(),
                pct(g.rate),
            ]);
        }
        t.rows.push(vec![
            "合计".into(),
            y.recognition.valid.to_string(),
            y.recognition.satisfied.to_string(),
            pct(y.recognition.rate),
        ]);
        if y.year == latest.year {
            f.table("recognition", t.clone());
        }
        f.table(format!("recognition-{}", y.year), t);
    }
}

fn projects(f: &mut Figures, report: &Report) {
    if report.projects.is_empty() {
        return;
    }
    let mut t = Table::new(
        "重大项目规划表及进展",
        &[
            ("序号", true),
            ("项目地址", false),
            ("项目名称", false),
            ("项目性质", false),
            ("设计规模", false),
            ("总投资（万元）", true),
            ("建设期限", false),
            ("进展", false),
        ],
    );
    for p in &report.projects {
        t.rows.push(vec![
            p.number.to_string(),
            p.site.clone(),
            p.name.clone(),
            p.kind.zh().into(),
            p.scale.clone(),
            num(Some(p.investment_wan), 0),
            format!("{}—{}年", p.period[0], p.period[1]),
            format!(
                "{}，累计投资{}万元（{}）",
                p.status.zh(),
                num(p.invested_wan, 0),
                pct(p.invested_share)
            ),
        ]);
    }
    f.table("projects", t);
    let latest = report.latest_year.unwrap_or(report.period[0]);
    let rows = report
        .projects
        .iter()
        .map(|p| {
            let first = |pred: &dyn Fn(ProjectStatus) -> bool| {
                p.history
                    .iter()
                    .find(|h| pred(h.status))
                    .map(|h| h.year as i32)
            };
            TimelineRow {
                name: p.name.clone(),
                planned: (p.period[0] as i32, p.period[1] as i32),
                started: first(&|s| s >= ProjectStatus::InProgress).map(|y| YearMonth::new(y, 1)),
                completed: first(&|s| s == ProjectStatus::Completed).map(|y| YearMonth::new(y, 12)),
            }
        })
        .collect();
    f.chart(ChartSpec::Timeline(TimelineChart {
        meta: meta(
            "projects-timeline",
            "重大项目计划与实际建设期",
            "项目",
            "年份",
        ),
        rows,
        now: YearMonth::new(latest as i32, 12),
        labels: Default::default(),
    }));
    f.chart(ChartSpec::Cumulative(CumulativeChart {
        meta: meta(
            "projects-investment",
            "重大项目累计投资",
            "年份",
            "累计投资（万元）",
        ),
        axis: ValueAxis {
            decimals: 0,
            ..ValueAxis::default()
        },
        years: years_i32(report),
        series: report
            .projects
            .iter()
            .map(|p| CumulativeSeries {
                name: p.name.clone(),
                cumulative: report
                    .years
                    .iter()
                    .map(|y| {
                        p.history
                            .iter()
                            .find(|h| h.year == y.year)
                            .and_then(|h| h.invested_wan)
                    })
                    .collect(),
                total: Some(p.investment_wan),
            })
            .collect(),
        total_label: "总投资".into(),
    }));
}

fn tasks_table(f: &mut Figures, report: &Report) {
    let mut t = Table::new(
        "重点任务分工及进展",
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
    f.table("tasks", t);
}

fn ledger_table(f: &mut Figures, report: &Report) {
    let mut t = Table::new(
        "问题台账",
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
                if i.overdue { "（逾期）" } else { "" }
            ),
        ]);
    }
    f.table("ledger", t);
}

/// One school's seven indicators over the years, as a share of the standard.
fn school_chart(report: &Report, sections: &SectionIndex, id: &str, name: &str) -> Vec<ChartSpec> {
    let mut out = Vec::new();
    for level in Level::ALL {
        let values: Vec<Option<&crate::compute::resource::SectionResult>> = sections
            .0
            .iter()
            .map(|y| y.get(&level).and_then(|m| m.get(id).copied()))
            .collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        let series = Indicator::ALL
            .iter()
            .map(|i| {
                let standard = report.standards.resource.get(level, *i);
                Series::new(
                    i.short_zh(),
                    values
                        .iter()
                        .map(|s| s.and_then(|s| s.values.get(i)).map(|v| v / standard))
                        .collect(),
                )
            })
            .collect();
        out.push(ChartSpec::Line(LineChart {
            meta: meta(
                format!("school-{id}-{}", level.key()),
                format!("{name}（{}）各项指标与标准之比", level.zh()),
                "年份",
                "指标值 ÷ 标准（%）",
            ),
            axis: ValueAxis {
                decimals: 1,
                percent: true,
                max: None,
            },
            years: years_i32(report),
            series,
            limits: vec![
                RefLine::new("标准", 1.0),
                RefLine::new(floor_label(report), report.standards.section_floor),
            ],
        }));
    }
    out
}
