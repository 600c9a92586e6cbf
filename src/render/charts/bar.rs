//! Bar charts: one bar per category coloured by status, or categories ×
//! groups. Bars are plain rectangles (plotters' `Histogram` orders its
//! output randomly).

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::draw::{self, DrawResult, Font, Root};
use super::frame::{Frame, FrameSpec, ScaleRule};
use super::legend::LegendItem;
use super::style::{
    group_color, reference_style, BAR_OUTLINE, SIZE_TICK, SIZE_VALUE, STATUS_BELOW, STATUS_MEETS,
    STATUS_NEAR, STATUS_NONE, TEXT,
};
use super::text::text_width;
use super::{
    assemble, extent, finite, join_names, Chart, ChartError, ChartMeta, DataTable, Mode,
    Orientation, RefLine, ValueAxis,
};

/// How a bar's value stands against the standard (the caller decides; the
/// thresholds live in the standards table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BarStatus {
    /// Meets the standard (dark blue).
    Meets,
    /// Short of it but within reach, e.g. at least 85 % (light yellow).
    Near,
    /// Below (red).
    Below,
    /// No judgement (dark blue, not in the legend).
    #[default]
    Neutral,
}

/// Legend and table wording of the statuses.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusLabels {
    /// Header of the table's status column.
    pub header: String,
    pub meets: String,
    pub near: String,
    pub below: String,
}

impl Default for StatusLabels {
    fn default() -> StatusLabels {
        StatusLabels {
            header: "状态".into(),
            meets: "达标".into(),
            near: "接近标准".into(),
            below: "未达标".into(),
        }
    }
}

impl StatusLabels {
    fn label(&self, status: BarStatus) -> &str {
        match status {
            BarStatus::Meets => &self.meets,
            BarStatus::Near => &self.near,
            BarStatus::Below => &self.below,
            BarStatus::Neutral => "",
        }
    }
}

fn status_color(status: BarStatus) -> RGBColor {
    match status {
        BarStatus::Meets => STATUS_MEETS,
        BarStatus::Near => STATUS_NEAR,
        BarStatus::Below => STATUS_BELOW,
        BarStatus::Neutral => STATUS_NONE,
    }
}

/// One category's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` draws no bar and shows `—`.
    pub value: Option<f64>,
    pub status: BarStatus,
}

/// One bar per category with reference lines (the standard, 85 % of it).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub meta: ChartMeta,
    pub axis: ValueAxis,
    pub orientation: Orientation,
    pub bars: Vec<Bar>,
    pub references: Vec<RefLine>,
    pub status_labels: StatusLabels,
}

/// One group's values, one per category of [`GroupedBarChart::categories`].
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Categories × groups, side by side within each category.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBarChart {
    pub meta: ChartMeta,
    pub axis: ValueAxis,
    pub orientation: Orientation,
    pub categories: Vec<String>,
    pub groups: Vec<BarGroup>,
    pub references: Vec<RefLine>,
}

impl BarChart {
    fn setup(&self) -> Setup<'_> {
        Setup {
            meta: &self.meta,
            axis: &self.axis,
            orientation: self.orientation,
            references: &self.references,
        }
    }
}

impl GroupedBarChart {
    fn setup(&self) -> Setup<'_> {
        Setup {
            meta: &self.meta,
            axis: &self.axis,
            orientation: self.orientation,
            references: &self.references,
        }
    }
}

/// A bar to draw: category `band`, position `slot` of `slots` within it.
struct Mark {
    band: usize,
    slot: usize,
    value: Option<f64>,
    fill: RGBColor,
}

/// Share of a band the bars take (the rest is the gap between categories).
const BAR_SHARE: f64 = 0.7;
/// More bars than this turn an `Auto` chart horizontal.
const MAX_COLUMNS: usize = 24;
/// Pixels per bar in a horizontal chart, and the least per category.
const ROW_PER_BAR: u32 = 14;
const MIN_ROW: u32 = 24;

/// Whether the bars run horizontally.
fn is_horizontal(
    orientation: Orientation,
    categories: &[String],
    slots: usize,
    width: u32,
) -> bool {
    match orientation {
        Orientation::Vertical => false,
        Orientation::Horizontal => true,
        Orientation::Auto => {
            let n = categories.len().max(1);
            let band_px = f64::from(width) * 0.85 / n as f64;
            let widest = categories
                .iter()
                .map(|c| text_width(c, SIZE_TICK))
                .fold(0.0, f64::max);
            n * slots.max(1) > MAX_COLUMNS || widest + 6.0 > band_px
        }
    }
}

/// What both bar charts share.
struct Setup<'a> {
    meta: &'a ChartMeta,
    axis: &'a ValueAxis,
    orientation: Orientation,
    references: &'a [RefLine],
}

/// The bars to draw: `slots` per category, and their legend entries.
struct Bars {
    categories: Vec<String>,
    slots: usize,
    marks: Vec<Mark>,
    legend: Vec<LegendItem>,
}

/// Draws the bars over their categories, with the reference lines across,
/// and labels each bar with its value.
fn plot_bars(
    setup: Setup,
    bars: Bars,
    table: DataTable,
    summary: String,
    mode: Mode,
) -> Result<Chart, ChartError> {
    let Setup {
        meta,
        axis,
        orientation,
        references,
    } = setup;
    let Bars {
        categories,
        slots,
        marks,
        mut legend,
    } = bars;
    let horizontal = is_horizontal(orientation, &categories, slots, meta.width());
    let refs: Vec<(f64, _)> = references
        .iter()
        .enumerate()
        .filter(|(_, r)| r.value.is_finite())
        .map(|(i, r)| (r.value, reference_style(i)))
        .collect();
    legend.extend(
        references
            .iter()
            .filter(|r| r.value.is_finite())
            .zip(&refs)
            .map(|(r, (_, style))| LegendItem::line(r.legend_label(axis), *style)),
    );
    let (lo, hi) = extent(
        marks
            .iter()
            .filter_map(|m| m.value)
            .chain(refs.iter().map(|r| r.0)),
    );
    let labels: Vec<String> = marks.iter().map(|m| axis.format(m.value)).collect();
    let value_room = if horizontal {
        let widest = labels
            .iter()
            .map(|l| text_width(l, SIZE_VALUE))
            .fold(0.0, f64::max);
        widest.ceil() as i32 + 8
    } else {
        0
    };
    let per_band = (slots as u32 * ROW_PER_BAR + 10).max(MIN_ROW);
    let spec = FrameSpec {
        width: meta.width(),
        height: if horizontal {
            meta.height_or_per_band(per_band)
        } else {
            meta.fixed_height()
        },
        title: meta.drawn_title(),
        legend,
        horizontal,
        bands: categories,
        band_title: meta.category_label.clone(),
        value_title: meta.value_label.clone(),
        scale: ScaleRule::Nice {
            lo,
            hi,
            max: axis.max,
        },
        percent: axis.percent,
        value_room,
    };
    assemble(meta, spec, table, summary, mode, |root, frame| {
        for mark in &marks {
            draw_bar(root, frame, mark, slots)?;
        }
        for (value, style) in &refs {
            frame.draw_reference(root, *value, style)?;
        }
        for (mark, label) in marks.iter().zip(&labels) {
            draw_bar_label(root, frame, mark, slots, label, horizontal)?;
        }
        Ok(())
    })
}

/// Where a mark's bar lies across its band, in bands.
fn bar_span(mark: &Mark, slots: usize) -> (f64, f64) {
    let slot_w = BAR_SHARE / slots.max(1) as f64;
    let inset = if slots > 1 { slot_w * 0.08 } else { 0.0 };
    let start = mark.band as f64 + (1.0 - BAR_SHARE) / 2.0 + mark.slot as f64 * slot_w;
    (start + inset, start + slot_w - inset)
}

/// A mark's bar (nothing when its value is missing).
fn draw_bar(root: &Root, frame: &Frame, mark: &Mark, slots: usize) -> DrawResult {
    let Some(value) = mark.value else {
        return Ok(());
    };
    let (b0, b1) = bar_span(mark, slots);
    let base = frame.baseline();
    draw::rect(
        root,
        frame.px(b0, base),
        frame.px(b1, value),
        mark.fill,
        Some(BAR_OUTLINE),
    )
}

/// A mark's value label just beyond the bar's end (at the baseline when
/// missing), on a white ground so reference lines do not strike it through.
/// Columns too narrow for their label go without.
fn draw_bar_label(
    root: &Root,
    frame: &Frame,
    mark: &Mark,
    slots: usize,
    label: &str,
    horizontal: bool,
) -> DrawResult {
    let (b0, b1) = bar_span(mark, slots);
    let base = frame.baseline();
    let value = mark.value.unwrap_or(base);
    let (x, y) = frame.px((b0 + b1) / 2.0, value);
    let below = value < base;
    let font = |h, v| Font::new(SIZE_VALUE, TEXT, h, v);
    if horizontal {
        let (at, h) = if below {
            ((x - 4, y), HPos::Right)
        } else {
            ((x + 4, y), HPos::Left)
        };
        draw::text_on_ground(root, label, at, font(h, VPos::Center))
    } else {
        let bar_px = f64::from((frame.px(b1, base).0 - frame.px(b0, base).0).abs());
        if text_width(label, SIZE_VALUE) > bar_px + 8.0 {
            return Ok(());
        }
        let (at, v) = if below {
            ((x, y + 3), VPos::Top)
        } else {
            ((x, y - 3), VPos::Bottom)
        };
        draw::text_on_ground(root, label, at, font(HPos::Center, v))
    }
}

/// One bar per category, coloured by status, with reference lines.
///
/// The legend lists the statuses that occur and the reference lines
/// (`label value`). The table has the category, the value and, when any bar
/// has a status, the status.
pub fn bar_chart(chart: &BarChart) -> Result<Chart, ChartError> {
    bar_chart_in(chart, Mode::Draw)
}

pub(super) fn bar_chart_in(chart: &BarChart, mode: Mode) -> Result<Chart, ChartError> {
    let axis = &chart.axis;
    let labels = &chart.status_labels;
    let statuses = [BarStatus::Meets, BarStatus::Near, BarStatus::Below];
    let present: Vec<BarStatus> = statuses
        .into_iter()
        .filter(|s| chart.bars.iter().any(|b| b.status == *s))
        .collect();
    let legend = present
        .iter()
        .map(|s| LegendItem::bar(labels.label(*s), status_color(*s)))
        .collect();
    let marks = chart
        .bars
        .iter()
        .enumerate()
        .map(|(band, b)| Mark {
            band,
            slot: 0,
            value: finite(b.value),
            fill: status_color(b.status),
        })
        .collect();

    let mut columns = vec![
        chart.meta.category_label.clone(),
        chart.meta.value_label.clone(),
    ];
    if !present.is_empty() {
        columns.push(labels.header.clone());
    }
    let rows = chart
        .bars
        .iter()
        .map(|b| {
            let mut row = vec![b.label.clone(), axis.format(b.value)];
            if !present.is_empty() {
                row.push(labels.label(b.status).to_string());
            }
            row
        })
        .collect();

    let summary = describe(&chart.meta, chart.bars.len(), &[], &chart.references);
    let bars = Bars {
        categories: chart.bars.iter().map(|b| b.label.clone()).collect(),
        slots: 1,
        marks,
        legend,
    };
    plot_bars(
        chart.setup(),
        bars,
        DataTable { columns, rows },
        summary,
        mode,
    )
}

/// Categories × groups, a bar per group side by side in each category.
///
/// The table has a row per category and a column per group.
pub fn grouped_bar_chart(chart: &GroupedBarChart) -> Result<Chart, ChartError> {
    grouped_bar_chart_in(chart, Mode::Draw)
}

pub(super) fn grouped_bar_chart_in(
    chart: &GroupedBarChart,
    mode: Mode,
) -> Result<Chart, ChartError> {
    let axis = &chart.axis;
    let slots = chart.groups.len().max(1);
    let legend = chart
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| LegendItem::bar(&group.name, group_color(g)))
        .collect();
    let value = |g: &BarGroup, c: usize| finite(g.values.get(c).copied().flatten());
    let marks = (0..chart.categories.len())
        .flat_map(|c| {
            chart.groups.iter().enumerate().map(move |(g, group)| Mark {
                band: c,
                slot: g,
                value: value(group, c),
                fill: group_color(g),
            })
        })
        .collect();

    let mut columns = vec![chart.meta.category_label.clone()];
    columns.extend(chart.groups.iter().map(|g| g.name.clone()));
    let rows = chart
        .categories
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let mut row = vec![name.clone()];
            row.extend(chart.groups.iter().map(|g| axis.format(value(g, c))));
            row
        })
        .collect();

    let groups: Vec<&str> = chart.groups.iter().map(|g| g.name.as_str()).collect();
    let summary = describe(
        &chart.meta,
        chart.categories.len(),
        &groups,
        &chart.references,
    );
    let bars = Bars {
        categories: chart.categories.clone(),
        slots,
        marks,
        legend,
    };
    plot_bars(
        chart.setup(),
        bars,
        DataTable { columns, rows },
        summary,
        mode,
    )
}

/// The default `<desc>` of a bar chart.
fn describe(
    meta: &ChartMeta,
    categories: usize,
    groups: &[&str],
    references: &[RefLine],
) -> String {
    let mut s = format!(
        "条形图，{}个{}，数值为{}",
        categories, meta.category_label, meta.value_label
    );
    if !groups.is_empty() {
        s.push_str("；分组：");
        s.push_str(&join_names(groups.iter().copied()));
    }
    if !references.is_empty() {
        s.push_str("；参考线：");
        s.push_str(&join_names(references.iter().map(|r| r.label.as_str())));
    }
    s.push_str("。数据见附表。");
    s
}
