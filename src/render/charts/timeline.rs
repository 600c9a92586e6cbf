//! Timeline (Gantt) of projects: the planned period above the actual one,
//! and a vertical line at the report date.

use plotters::style::RGBColor;

use super::draw::{self, DrawResult, Root};
use super::frame::{Frame, FrameSpec, ScaleRule};
use super::legend::LegendItem;
use super::style::{reference_style, BAR_OUTLINE};
use super::table::MISSING;
use super::{assemble, join_names, Chart, ChartError, ChartMeta, DataTable, Mode};

/// A month of a year (`month` 1–12; out-of-range months are clamped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    fn month(self) -> u32 {
        self.month.clamp(1, 12)
    }

    /// Position of the month's first day, in years.
    fn start(self) -> f64 {
        f64::from(self.year) + f64::from(self.month() - 1) / 12.0
    }

    /// Position of the month's last day, in years.
    fn end(self) -> f64 {
        f64::from(self.year) + f64::from(self.month()) / 12.0
    }

    /// `2021年3月`.
    fn zh(self) -> String {
        format!("{}年{}月", self.year, self.month())
    }
}

/// One project: its planned years and what actually happened.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub name: String,
    /// First and last planned year (inclusive).
    pub planned: (i32, i32),
    /// Works started; `None` if not yet.
    pub started: Option<YearMonth>,
    /// Works completed; `None` if not yet (the actual bar runs to `now`).
    pub completed: Option<YearMonth>,
}

/// Legend and table wording.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLabels {
    /// Legend of the planned bar and header of the planned column.
    pub planned: String,
    /// Legend of a completed project's actual bar.
    pub actual_done: String,
    /// Legend of an ongoing project's actual bar.
    pub actual_ongoing: String,
    /// Legend of the vertical line at [`TimelineChart::now`].
    pub now: String,
    /// Header of the start column.
    pub started: String,
    /// Header of the completion column.
    pub completed: String,
    /// Completion cell of a project started but not completed.
    pub ongoing: String,
}

impl Default for TimelineLabels {
    fn default() -> TimelineLabels {
        TimelineLabels {
            planned: "计划建设期".into(),
            actual_done: "实际建设期（已竣工）".into(),
            actual_ongoing: "实际建设期（在建）".into(),
            now: "报告时点".into(),
            started: "开工".into(),
            completed: "竣工".into(),
            ongoing: "在建".into(),
        }
    }
}

/// Planned against actual periods of projects, one row each.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineChart {
    /// `category_label` heads the project column (`项目`), `value_label`
    /// titles the year axis (`年份`).
    pub meta: ChartMeta,
    pub rows: Vec<TimelineRow>,
    /// The report date: the "now" line is drawn at the end of this month
    /// (`YearMonth::new(2024, 12)` for the end of 2024).
    pub now: YearMonth,
    pub labels: TimelineLabels,
}

const PLANNED_FILL: RGBColor = RGBColor(0xBD, 0xD7, 0xEE);
const DONE_FILL: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
const ONGOING_FILL: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Pixels per project row.
const ROW_PX: u32 = 44;
/// Widest span of years drawn.
const MAX_YEARS: i32 = 100;

/// The actual bar of `row` in years, and whether it is finished.
fn actual_span(row: &TimelineRow, now: YearMonth) -> Option<(f64, f64, bool)> {
    let started = row.started?;
    match row.completed {
        Some(done) => Some((started.start(), done.end().max(started.start()), true)),
        None => Some((started.start(), now.end().max(started.start()), false)),
    }
}

/// First and last year any row or `now` touches (at most [`MAX_YEARS`]).
fn year_span(rows: &[TimelineRow], now: YearMonth) -> (i32, i32) {
    let years = rows
        .iter()
        .flat_map(|r| {
            [
                Some(r.planned.0),
                Some(r.planned.1),
                r.started.map(|s| s.year),
                r.completed.map(|c| c.year),
            ]
        })
        .flatten()
        .chain([now.year]);
    let (first, last) = years.fold((now.year, now.year), |(a, b), y| (a.min(y), b.max(y)));
    (first, last.min(first.saturating_add(MAX_YEARS - 1)))
}

/// Projects as rows: the planned period (light) above the actual one
/// (dark when completed, orange while ongoing, to the report date), and a
/// dashed line at the report date.
///
/// The table has the project, its planned years, start and completion.
pub fn timeline_chart(chart: &TimelineChart) -> Result<Chart, ChartError> {
    timeline_chart_in(chart, Mode::Draw)
}

pub(super) fn timeline_chart_in(chart: &TimelineChart, mode: Mode) -> Result<Chart, ChartError> {
    let labels = &chart.labels;
    let now_style = reference_style(0);
    let spans: Vec<Option<(f64, f64, bool)>> = chart
        .rows
        .iter()
        .map(|r| actual_span(r, chart.now))
        .collect();
    let mut legend = vec![LegendItem::bar(&labels.planned, PLANNED_FILL)];
    if spans.iter().flatten().any(|s| s.2) {
        legend.push(LegendItem::bar(&labels.actual_done, DONE_FILL));
    }
    if spans.iter().flatten().any(|s| !s.2) {
        legend.push(LegendItem::bar(&labels.actual_ongoing, ONGOING_FILL));
    }
    legend.push(LegendItem::line(&labels.now, now_style));

    let (first, last) = year_span(&chart.rows, chart.now);
    let spec = FrameSpec {
        width: chart.meta.width(),
        height: chart.meta.height_or_per_band(ROW_PX),
        title: chart.meta.drawn_title(),
        legend,
        horizontal: true,
        bands: chart.rows.iter().map(|r| r.name.clone()).collect(),
        band_title: chart.meta.category_label.clone(),
        value_title: chart.meta.value_label.clone(),
        scale: ScaleRule::Years { first, last },
        percent: false,
        value_room: 0,
    };
    let summary = format!(
        "项目进度图，{}个项目（{}）的计划建设期与实际建设期，竖线为{}（{}）。数据见附表。",
        chart.rows.len(),
        join_names(chart.rows.iter().map(|r| r.name.as_str())),
        labels.now,
        chart.now.zh()
    );
    assemble(
        &chart.meta,
        spec,
        table(chart),
        summary,
        mode,
        |root, frame| {
            for (i, (row, span)) in chart.rows.iter().zip(&spans).enumerate() {
                draw_row(root, frame, i as f64, row, *span)?;
            }
            frame.draw_reference(root, chart.now.end(), &now_style)
        },
    )
}

/// The two bars of row `band`.
fn draw_row(
    root: &Root,
    frame: &Frame,
    band: f64,
    row: &TimelineRow,
    span: Option<(f64, f64, bool)>,
) -> DrawResult {
    let (p0, p1) = (
        row.planned.0.min(row.planned.1),
        row.planned.0.max(row.planned.1),
    );
    let planned = (f64::from(p0), f64::from(p1) + 1.0);
    let rect = |(from, to): (f64, f64), (b0, b1): (f64, f64), fill| {
        draw::rect(
            root,
            frame.px(band + b0, from),
            frame.px(band + b1, to),
            fill,
            Some(BAR_OUTLINE),
        )
    };
    rect(planned, (0.16, 0.46), PLANNED_FILL)?;
    if let Some((from, to, done)) = span {
        let fill = if done { DONE_FILL } else { ONGOING_FILL };
        rect((from, to), (0.54, 0.84), fill)?;
    }
    Ok(())
}

/// The timeline's data table.
fn table(chart: &TimelineChart) -> DataTable {
    let l = &chart.labels;
    let columns = vec![
        chart.meta.category_label.clone(),
        l.planned.clone(),
        l.started.clone(),
        l.completed.clone(),
    ];
    let rows = chart
        .rows
        .iter()
        .map(|r| {
            let (a, b) = (r.planned.0.min(r.planned.1), r.planned.0.max(r.planned.1));
            let planned = if a == b {
                format!("{a}年")
            } else {
                format!("{a}—{b}年")
            };
            let started = r.started.map_or(MISSING.to_string(), YearMonth::zh);
            let completed = match (r.completed, r.started) {
                (Some(c), _) => c.zh(),
                (None, Some(_)) => l.ongoing.clone(),
                (None, None) => MISSING.to_string(),
            };
            vec![r.name.clone(), planned, started, completed]
        })
        .collect();
    DataTable { columns, rows }
}
