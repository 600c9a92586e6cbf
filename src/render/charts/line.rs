//! Line charts over years: indicator CVs against their limits, shares
//! against annual targets, and cumulative investment against totals.

use super::draw::{self, DrawResult, Px, Root};
use super::frame::{FrameSpec, ScaleRule};
use super::legend::LegendItem;
use super::style::{reference_style, series_color, series_style, Dash, LineStyle, MUTED_TEXT};
use super::{
    assemble, extent, finite, join_names, Chart, ChartError, ChartMeta, DataTable, Mode, RefLine,
    ValueAxis,
};

/// One line: a value per year of [`LineChart::years`] (same order; a short
/// vector counts as missing at the end). `None` breaks the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// Drawn dashed with hollow markers: a plan target rather than a
    /// measured value.
    pub dashed: bool,
}

impl Series {
    /// A measured series, drawn solid.
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Series {
        Series {
            name: name.into(),
            values,
            dashed: false,
        }
    }

    /// A plan target, drawn dashed with hollow markers.
    pub fn target(name: impl Into<String>, values: Vec<Option<f64>>) -> Series {
        Series {
            dashed: true,
            ..Series::new(name, values)
        }
    }
}

/// Series over years with optional horizontal limit lines; y starts at 0.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub meta: ChartMeta,
    pub axis: ValueAxis,
    /// The x positions, one integer tick each (any order; drawn sorted).
    pub years: Vec<i32>,
    pub series: Vec<Series>,
    /// Constant lines (limits), dashed, each in the legend as `label value`
    /// and as a table column.
    pub limits: Vec<RefLine>,
}

/// Cumulative amounts of one item (a project) by year, and its total.
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeSeries {
    pub name: String,
    /// Cumulative amount at the end of each year of
    /// [`CumulativeChart::years`]; `None` where not reported.
    pub cumulative: Vec<Option<f64>>,
    /// The planned total, drawn as a dashed line in the series' colour.
    pub total: Option<f64>,
}

/// Cumulative amounts by year per item against each item's total.
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeChart {
    pub meta: ChartMeta,
    pub axis: ValueAxis,
    pub years: Vec<i32>,
    pub series: Vec<CumulativeSeries>,
    /// Legend label of the dashed total lines and first cell of the table's
    /// totals row, e.g. `计划总投资`.
    pub total_label: String,
}

/// A line as drawn: values in sorted-year order and its style.
struct Line {
    values: Vec<Option<f64>>,
    style: LineStyle,
}

/// A horizontal line at `value`.
struct Level {
    value: f64,
    style: LineStyle,
}

/// Series over sorted years, ready to draw, with their legend entries.
struct Lines {
    years: Vec<i32>,
    lines: Vec<Line>,
    legend: Vec<LegendItem>,
}

impl Lines {
    /// Sorts `years` (stably) and each series' values with them; values
    /// missing at the end or not finite become `None`.
    fn new<'a>(
        years: &[i32],
        series: impl IntoIterator<Item = (&'a str, &'a [Option<f64>], LineStyle)>,
    ) -> Lines {
        let mut order: Vec<usize> = (0..years.len()).collect();
        order.sort_by_key(|&i| years[i]);
        let mut lines = Vec::new();
        let mut legend = Vec::new();
        for (name, values, style) in series {
            let values = order
                .iter()
                .map(|&i| finite(values.get(i).copied().flatten()))
                .collect();
            lines.push(Line { values, style });
            legend.push(LegendItem::line(name, style));
        }
        Lines {
            years: order.iter().map(|&i| years[i]).collect(),
            lines,
            legend,
        }
    }

    /// A table row per year: the year and each line's value.
    fn rows(&self, axis: &ValueAxis) -> Vec<Vec<String>> {
        self.years
            .iter()
            .enumerate()
            .map(|(row, year)| {
                let mut cells = vec![year.to_string()];
                cells.extend(self.lines.iter().map(|l| axis.format(l.values[row])));
                cells
            })
            .collect()
    }
}

/// Longest span of years drawn as bands; later years are left out.
const MAX_YEAR_SPAN: i32 = 100;

/// Draws `lines` over their years, `levels` across, each year a band.
fn plot_lines(
    meta: &ChartMeta,
    axis: &ValueAxis,
    lines: Lines,
    levels: Vec<Level>,
    table: DataTable,
    summary: String,
    mode: Mode,
) -> Result<Chart, ChartError> {
    let years = &lines.years;
    let first = years.first().copied().unwrap_or(0);
    let last = years
        .last()
        .copied()
        .unwrap_or(0)
        .min(first.saturating_add(MAX_YEAR_SPAN));
    let bands: Vec<String> = if years.is_empty() {
        Vec::new()
    } else {
        (first..=last).map(|y| y.to_string()).collect()
    };
    let all = lines
        .lines
        .iter()
        .flat_map(|l| l.values.iter().flatten().copied())
        .chain(levels.iter().map(|l| l.value));
    let (lo, hi) = extent(all);
    let spec = FrameSpec {
        width: meta.width(),
        height: meta.fixed_height(),
        title: meta.drawn_title(),
        legend: lines.legend,
        horizontal: false,
        bands,
        band_title: meta.category_label.clone(),
        value_title: meta.value_label.clone(),
        scale: ScaleRule::Nice {
            lo,
            hi,
            max: axis.max,
        },
        percent: axis.percent,
        value_room: 0,
    };
    assemble(meta, spec, table, summary, mode, |root, frame| {
        for level in &levels {
            frame.draw_reference(root, level.value, &level.style)?;
        }
        for line in &lines.lines {
            let points: Vec<Option<Px>> = years
                .iter()
                .zip(&line.values)
                .map(|(&y, v)| {
                    let band = f64::from(y.saturating_sub(first)) + 0.5;
                    v.filter(|_| y <= last).map(|v| frame.px(band, v))
                })
                .collect();
            draw_series(root, &points, &line.style)?;
        }
        Ok(())
    })
}

/// A series: runs of present points joined, a gap wherever one is missing,
/// and a marker on every present point.
fn draw_series(root: &Root, points: &[Option<Px>], style: &LineStyle) -> DrawResult {
    for run in points.split(Option::is_none) {
        let run: Vec<Px> = run.iter().flatten().copied().collect();
        draw::polyline(root, &run, style)?;
    }
    if let Some(m) = style.marker {
        for p in points.iter().flatten() {
            draw::marker(root, m, *p, style.color, style.hollow)?;
        }
    }
    Ok(())
}

/// Several series over years against horizontal limit lines.
///
/// The table has a row per year: the year, each series' value, each
/// limit's value.
pub fn line_chart(chart: &LineChart) -> Result<Chart, ChartError> {
    line_chart_in(chart, Mode::Draw)
}

pub(super) fn line_chart_in(chart: &LineChart, mode: Mode) -> Result<Chart, ChartError> {
    let axis = &chart.axis;
    let series = chart.series.iter().enumerate();
    let mut lines = Lines::new(
        &chart.years,
        series.map(|(i, s)| {
            (
                s.name.as_str(),
                s.values.as_slice(),
                series_style(i, s.dashed),
            )
        }),
    );
    let limits: Vec<(&RefLine, LineStyle)> = chart
        .limits
        .iter()
        .enumerate()
        .filter(|(_, l)| l.value.is_finite())
        .map(|(i, l)| (l, reference_style(i)))
        .collect();
    let levels: Vec<Level> = limits
        .iter()
        .map(|(l, style)| Level {
            value: l.value,
            style: *style,
        })
        .collect();
    lines.legend.extend(
        limits
            .iter()
            .map(|(l, style)| LegendItem::line(l.legend_label(axis), *style)),
    );

    let mut columns = vec![chart.meta.category_label.clone()];
    columns.extend(chart.series.iter().map(|s| s.name.clone()));
    columns.extend(limits.iter().map(|(l, _)| l.label.clone()));
    let mut rows = lines.rows(axis);
    for row in &mut rows {
        row.extend(limits.iter().map(|(l, _)| axis.format(Some(l.value))));
    }

    let summary = describe(
        &chart.meta,
        &lines.years,
        chart.series.iter().map(|s| s.name.as_str()),
        &join_names(limits.iter().map(|(l, _)| l.label.as_str())),
    );
    plot_lines(
        &chart.meta,
        axis,
        lines,
        levels,
        DataTable { columns, rows },
        summary,
        mode,
    )
}

/// Dash of the total lines on cumulative charts.
const TOTAL_DASH: Dash = Dash { size: 6, gap: 4 };

/// Style of the total line of the `i`-th series: thin dashes in its colour.
fn total_style(i: usize) -> LineStyle {
    LineStyle {
        color: series_color(i),
        width: 1,
        dash: Some(TOTAL_DASH),
        marker: None,
        hollow: false,
    }
}

/// Cumulative amounts by year per item, each against its total drawn as a
/// dashed line in the item's colour (one legend entry, `total_label`, for
/// all totals).
///
/// The table has a row per year and a last row of totals.
pub fn cumulative_chart(chart: &CumulativeChart) -> Result<Chart, ChartError> {
    cumulative_chart_in(chart, Mode::Draw)
}

pub(super) fn cumulative_chart_in(
    chart: &CumulativeChart,
    mode: Mode,
) -> Result<Chart, ChartError> {
    let axis = &chart.axis;
    let series = chart.series.iter().enumerate();
    let mut lines = Lines::new(
        &chart.years,
        series.map(|(i, s)| {
            (
                s.name.as_str(),
                s.cumulative.as_slice(),
                series_style(i, false),
            )
        }),
    );
    let levels: Vec<Level> = chart
        .series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            finite(s.total).map(|value| Level {
                value,
                style: total_style(i),
            })
        })
        .collect();
    if !levels.is_empty() {
        let style = LineStyle {
            color: MUTED_TEXT,
            ..total_style(0)
        };
        lines
            .legend
            .push(LegendItem::line(&chart.total_label, style));
    }

    let mut columns = vec![chart.meta.category_label.clone()];
    columns.extend(chart.series.iter().map(|s| s.name.clone()));
    let mut rows = lines.rows(axis);
    let mut totals = vec![chart.total_label.clone()];
    totals.extend(chart.series.iter().map(|s| axis.format(s.total)));
    rows.push(totals);

    let summary = describe(
        &chart.meta,
        &lines.years,
        chart.series.iter().map(|s| s.name.as_str()),
        &chart.total_label,
    );
    plot_lines(
        &chart.meta,
        axis,
        lines,
        levels,
        DataTable { columns, rows },
        summary,
        mode,
    )
}

/// The default `<desc>`: what the axes show, the series and the lines.
fn describe<'a>(
    meta: &ChartMeta,
    years: &[i32],
    series: impl IntoIterator<Item = &'a str>,
    lines: &str,
) -> String {
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}—{b}年"),
        (Some(a), _) => format!("{a}年"),
        _ => String::new(),
    };
    let mut s = format!(
        "折线图，横轴为{}（{span}），纵轴为{}；系列：{}",
        meta.category_label,
        meta.value_label,
        join_names(series)
    );
    if !lines.is_empty() {
        s.push_str("；参考线：");
        s.push_str(lines);
    }
    s.push_str("。数据见附表。");
    s
}
