//! Deterministic, accessible SVG charts, drawn with plotters' SVG backend.
//!
//! Each chart function takes a plain input struct (all Chinese wording —
//! titles, axis labels with units, legend labels — comes from the caller)
//! and returns a [`Chart`]: the SVG text and the [`DataTable`] the page
//! shows beside it.
//!
//! - [`line_chart`]: series over years with horizontal limit lines.
//! - [`cumulative_chart`]: cumulative amounts by year against each total.
//! - [`bar_chart`]: one bar per category, coloured by status, with
//!   reference lines; horizontal when there are many or long names.
//! - [`grouped_bar_chart`]: categories × groups.
//! - [`timeline_chart`]: planned and actual periods of projects (Gantt).
//!
//! Guarantees:
//! - the same input gives the same bytes (no hash-map order, no time, fixed
//!   number formatting, bars drawn as rectangles rather than plotters'
//!   `Histogram`);
//! - the root `<svg>` has `width`/`height`, a `viewBox`,
//!   `preserveAspectRatio`, `role="img"` and `aria-labelledby` naming its
//!   first two children, `<title>` and `<desc>`;
//! - every `<text>` uses the CJK font stack (the browser lays text out; the
//!   layout estimates widths at one em per Chinese character, see `text`);
//! - user strings are escaped, control characters dropped;
//! - print survives greyscale: markers and dash patterns, not colour alone;
//! - no panic on any input: NaN and infinite values count as missing.

mod bar;
mod draw;
mod frame;
mod legend;
mod line;
mod scale;
mod style;
mod svg;
mod table;
#[cfg(test)]
mod tests;
mod text;
mod timeline;

use serde::Serialize;

pub use bar::{
    bar_chart, grouped_bar_chart, Bar, BarChart, BarGroup, BarStatus, GroupedBarChart, StatusLabels,
};
pub use line::{
    cumulative_chart, line_chart, CumulativeChart, CumulativeSeries, LineChart, Series,
};
pub use table::{csv, DataTable};
pub use timeline::{timeline_chart, TimelineChart, TimelineLabels, TimelineRow, YearMonth};

use draw::{DrawResult, Root};
use frame::{Frame, FrameSpec};

/// A rendered chart and its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// The caller's id made safe for XML (see [`ChartMeta::id`]); also the
    /// SVG root's `id`.
    pub id: String,
    /// The caller's title, unescaped.
    pub title: String,
    /// A complete `<svg>` document, ready to inline in HTML.
    pub svg: String,
    /// The chart's data as shown beside it.
    pub table: DataTable,
}

/// What every chart is told besides its data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartMeta {
    /// Stable id, e.g. `cv-primary`. ASCII letters, digits, `-` and `_` are
    /// kept, other characters become `-`, and `chart-` is put before an id
    /// not starting with a letter. The SVG's title and desc ids derive from it.
    pub id: String,
    /// Chart title, e.g. `小学校际差异系数（2020—2024年）`.
    pub title: String,
    /// Text for `<desc>` (screen readers); `None` writes a summary of the
    /// chart's series and reference lines.
    pub description: Option<String>,
    /// Title of the category axis and the table's first column: `年份`,
    /// `学校`, `项目`.
    pub category_label: String,
    /// Title of the value axis with its unit: `差异系数`, `投资（万元）`.
    pub value_label: String,
    /// Image width in pixels; default 800.
    pub width: Option<u32>,
    /// Image height in pixels; default 450, or grown with the number of
    /// categories for horizontal bar charts and timelines.
    pub height: Option<u32>,
    /// The page shows the title in a caption beside the image (图3-2 …):
    /// keep it in `<title>` but do not draw it.
    pub caption_outside: bool,
}

impl ChartMeta {
    /// Meta with the four texts every chart needs and default size.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        category_label: impl Into<String>,
        value_label: impl Into<String>,
    ) -> ChartMeta {
        ChartMeta {
            id: id.into(),
            title: title.into(),
            category_label: category_label.into(),
            value_label: value_label.into(),
            ..ChartMeta::default()
        }
    }

    /// The title drawn at the top of the image (empty when captioned outside).
    fn drawn_title(&self) -> String {
        if self.caption_outside {
            String::new()
        } else {
            self.title.clone()
        }
    }

    fn width(&self) -> u32 {
        self.width.unwrap_or(DEFAULT_WIDTH)
    }

    /// The fixed height, or `per_band` pixels a category when none is set.
    fn height_or_per_band(&self, per_band: u32) -> frame::Height {
        match self.height {
            Some(h) => frame::Height::Fixed(h),
            None => frame::Height::PerBand(per_band),
        }
    }

    fn fixed_height(&self) -> frame::Height {
        frame::Height::Fixed(self.height.unwrap_or(DEFAULT_HEIGHT))
    }
}

const DEFAULT_WIDTH: u32 = 800;
const DEFAULT_HEIGHT: u32 = 450;

/// How values are written and how far the value axis goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueAxis {
    /// Decimals of values in tables, bar labels and the legend's reference
    /// values (tick labels use as many as their step needs).
    pub decimals: usize,
    /// Values are shares (0.85) written as percentages (85.0%).
    pub percent: bool,
    /// Top of the axis (e.g. `Some(1.0)` for shares) unless some value lies
    /// above it; `None` fits the data.
    pub max: Option<f64>,
}

impl Default for ValueAxis {
    fn default() -> ValueAxis {
        ValueAxis {
            decimals: 2,
            percent: false,
            max: None,
        }
    }
}

impl ValueAxis {
    /// `v` formatted for tables and labels; `—` when missing.
    fn format(&self, v: Option<f64>) -> String {
        match v.filter(|v| v.is_finite()) {
            Some(v) => scale::format_number(v, self.decimals, self.percent),
            None => table::MISSING.to_string(),
        }
    }
}

/// A horizontal (or, on horizontal bar charts, vertical) reference line:
/// a limit, a standard, 85 % of it. The legend shows `label value`.
#[derive(Debug, Clone, PartialEq)]
pub struct RefLine {
    pub label: String,
    pub value: f64,
}

impl RefLine {
    pub fn new(label: impl Into<String>, value: f64) -> RefLine {
        RefLine {
            label: label.into(),
            value,
        }
    }

    /// The legend text: `差异系数限值 0.50`.
    fn legend_label(&self, axis: &ValueAxis) -> String {
        format!("{} {}", self.label, axis.format(Some(self.value)))
    }
}

/// Which way bars run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Orientation {
    /// Horizontal when there are many bars or the names do not fit under
    /// the columns; vertical otherwise.
    #[default]
    Auto,
    /// Columns: categories along the bottom.
    Vertical,
    /// Bars: categories down the side, first on top.
    Horizontal,
}

/// A chart could not be drawn (plotters reported an error).
#[derive(Debug, thiserror::Error)]
#[error("drawing chart `{id}` failed: {message}")]
pub struct ChartError {
    pub id: String,
    pub message: String,
}

/// `v` if it is a finite number.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

/// Lowest and highest of `values` (finite ones), or `(0, 0)`.
fn extent(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
        .unwrap_or((0.0, 0.0))
}

/// Whether a chart is drawn or only outlined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The whole image.
    Draw,
    /// The same id, title, table and root element (size, `<title>`,
    /// `<desc>`) with nothing drawn inside: what a dry render needs (the ids a
    /// link may point to), at a fraction of the cost. Never fails.
    Outline,
}

/// A chart's input, kept so that it is drawn only where it is shown
/// ([`ChartSpec::draw`]) and its SVG dropped once written.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartSpec {
    Line(LineChart),
    Cumulative(CumulativeChart),
    Bar(BarChart),
    Grouped(GroupedBarChart),
    Timeline(TimelineChart),
}

impl ChartSpec {
    /// The chart, drawn (the same bytes as the chart's own function).
    pub fn draw(&self) -> Result<Chart, ChartError> {
        self.render(Mode::Draw)
    }

    /// The chart's id, title and table, with an `<svg>` that has its root
    /// element, `<title>` and `<desc>` but nothing drawn.
    pub fn outline(&self) -> Result<Chart, ChartError> {
        self.render(Mode::Outline)
    }

    fn render(&self, mode: Mode) -> Result<Chart, ChartError> {
        match self {
            ChartSpec::Line(c) => line::line_chart_in(c, mode),
            ChartSpec::Cumulative(c) => line::cumulative_chart_in(c, mode),
            ChartSpec::Bar(c) => bar::bar_chart_in(c, mode),
            ChartSpec::Grouped(c) => bar::grouped_bar_chart_in(c, mode),
            ChartSpec::Timeline(c) => timeline::timeline_chart_in(c, mode),
        }
    }
}

/// Lays out `spec`, draws the grid, then `paint`, then the axes, titles and
/// legend, and wraps the result as a [`Chart`] (in [`Mode::Outline`]: draws nothing).
fn assemble<F>(
    meta: &ChartMeta,
    spec: FrameSpec,
    table: DataTable,
    summary: String,
    mode: Mode,
    paint: F,
) -> Result<Chart, ChartError>
where
    F: FnOnce(&Root, &Frame) -> DrawResult,
{
    let id = svg::sanitize_id(&meta.id);
    let frame = Frame::layout(spec);
    let raw = match mode {
        Mode::Draw => draw::render(frame.size, |root| {
            frame.draw_grid(root)?;
            paint(root, &frame)?;
            frame.draw_decorations(root)
        })
        .map_err(|message| ChartError {
            id: id.clone(),
            message,
        })?,
        Mode::Outline => "<svg>\n</svg>\n".to_string(),
    };
    let desc = meta.description.clone().unwrap_or(summary);
    let head = svg::SvgHead {
        id: &id,
        title: &meta.title,
        desc: &desc,
        size: frame.size,
    };
    Ok(Chart {
        svg: svg::finish(&raw, &head),
        id,
        title: meta.title.clone(),
        table,
    })
}

/// Names joined as a Chinese list: `甲、乙、丙`.
fn join_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().collect::<Vec<_>>().join("、")
}
