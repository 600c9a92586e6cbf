//! Colours, line styles, markers and font sizes shared by every chart.
//!
//! Everything must stay readable when printed in greyscale: series lines
//! differ by marker shape as well as colour, reference lines by dash pattern,
//! and bar fills by lightness (dark / middle / light).

use plotters::style::RGBColor;

/// Font family written by plotters and replaced afterwards by [`FONT_STACK`]
/// (plotters would escape the quotes of a real stack).
pub(crate) const FONT_SENTINEL: &str = "junheng-cjk";

/// The CJK font stack every `<text>` gets.
pub(crate) const FONT_STACK: &str =
    "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','SimHei',sans-serif";

pub(crate) const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
pub(crate) const TEXT: RGBColor = RGBColor(0x26, 0x26, 0x26);
pub(crate) const MUTED_TEXT: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub(crate) const AXIS: RGBColor = RGBColor(0x40, 0x40, 0x40);
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// Font sizes in pixels (as written in the SVG).
pub(crate) const SIZE_TITLE: f64 = 18.0;
pub(crate) const SIZE_LABEL: f64 = 13.0;
pub(crate) const SIZE_TICK: f64 = 12.0;
pub(crate) const SIZE_VALUE: f64 = 11.0;

/// A point marker, drawn in pixel space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
    Cross,
}

const MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Cross,
];

/// A dash pattern: dash length and gap in whole pixels (each under 100; see
/// `draw::polyline`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dash {
    pub size: u32,
    pub gap: u32,
}

/// How a line (series, reference line or legend swatch) is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineStyle {
    pub color: RGBColor,
    pub width: u32,
    pub dash: Option<Dash>,
    pub marker: Option<Marker>,
    /// Markers drawn as outlines (plan targets) rather than filled.
    pub hollow: bool,
}

/// Okabe–Ito colours (safe for colour-blind readers), darkest first.
const SERIES_COLORS: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0x99, 0x99, 0x99),
];

/// Colour of the `i`-th series (cycles).
pub(crate) fn series_color(i: usize) -> RGBColor {
    SERIES_COLORS[i % SERIES_COLORS.len()]
}

/// Style of the `i`-th data series; `dashed` for plan targets.
pub(crate) fn series_style(i: usize, dashed: bool) -> LineStyle {
    LineStyle {
        color: series_color(i),
        width: 2,
        dash: dashed.then_some(Dash { size: 7, gap: 4 }),
        marker: Some(MARKERS[i % MARKERS.len()]),
        hollow: dashed,
    }
}

/// Reference lines (limits, standards): dark red long dashes, dark grey
/// short dashes, then purple dash-dots, so two or three are told apart in
/// greyscale.
const REFERENCE_STYLES: [(RGBColor, Dash); 3] = [
    (RGBColor(0xC0, 0x00, 0x00), Dash { size: 10, gap: 5 }),
    (RGBColor(0x40, 0x40, 0x40), Dash { size: 3, gap: 3 }),
    (RGBColor(0x70, 0x30, 0xA0), Dash { size: 14, gap: 3 }),
];

/// Style of the `i`-th reference line (cycles).
pub(crate) fn reference_style(i: usize) -> LineStyle {
    let (color, dash) = REFERENCE_STYLES[i % REFERENCE_STYLES.len()];
    LineStyle {
        color,
        width: 2,
        dash: Some(dash),
        marker: None,
        hollow: false,
    }
}

/// Bar fills for groups, alternating dark and light so neighbours differ in
/// greyscale.
const GROUP_COLORS: [RGBColor; 6] = [
    RGBColor(0x1F, 0x4E, 0x79),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0xA6, 0xCE, 0xE3),
    RGBColor(0x7F, 0x3C, 0x8D),
    RGBColor(0xB8, 0xE1, 0x86),
    RGBColor(0x59, 0x59, 0x59),
];

/// Fill of the `i`-th bar group (cycles).
pub(crate) fn group_color(i: usize) -> RGBColor {
    GROUP_COLORS[i % GROUP_COLORS.len()]
}

/// Bar fills by status: meets is dark blue, below is mid red, near is light
/// yellow — three distinct greys.
pub(crate) const STATUS_MEETS: RGBColor = RGBColor(0x1A, 0x4E, 0x7A);
pub(crate) const STATUS_NEAR: RGBColor = RGBColor(0xF2, 0xC9, 0x4C);
pub(crate) const STATUS_BELOW: RGBColor = RGBColor(0xE0, 0x60, 0x5A);
/// Bars without a status.
pub(crate) const STATUS_NONE: RGBColor = RGBColor(0x1F, 0x4E, 0x79);

/// Outline drawn around light bars so they stay visible on white paper.
pub(crate) const BAR_OUTLINE: RGBColor = RGBColor(0x59, 0x59, 0x59);
