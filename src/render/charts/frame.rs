//! The frame every chart shares: title, legend, one band axis (categories or
//! years, one band each) and one value axis, laid out in pixels.
//!
//! A *vertical* frame has its bands along x and values up y (line charts,
//! column charts); a *horizontal* frame has its bands down y, the first on
//! top, and values along x (bar charts with long names, timelines). Charts
//! place their marks with [`Frame::px`] in (band, value) coordinates, band
//! `i` spanning `i..i + 1`, so the same drawing code serves both ways.

use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{self, DrawResult, Font, Px, Root};
use super::legend::{Legend, LegendItem};
use super::scale::{format_number, ValueScale};
use super::style::{LineStyle, AXIS, GRID, MUTED_TEXT, SIZE_LABEL, SIZE_TICK, SIZE_TITLE, TEXT};
use super::text::{text_width, truncate, wrap};

/// Outer padding of the image.
const PAD: i32 = 14;
const TITLE_LINE_H: i32 = 26;
/// Row above the plot for the vertical axis' title (the unit).
const AXIS_TITLE_H: i32 = 22;
const TICK_LABEL_H: i32 = 18;
const TICK_GAP: i32 = 6;
const MIN_WIDTH: u32 = 320;
const MIN_HEIGHT: u32 = 200;
const MIN_PLOT: i32 = 40;

/// How tall the image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Height {
    Fixed(u32),
    /// Grows with the number of bands, this many pixels each.
    PerBand(u32),
}

/// How the value axis is chosen once its length is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ScaleRule {
    /// From 0 (or below, for negative data) to cover `hi`, or up to `max`.
    Nice { lo: f64, hi: f64, max: Option<f64> },
    /// Whole years, labelled in the middle of each.
    Years { first: i32, last: i32 },
}

/// Everything a chart tells the frame.
#[derive(Debug, Clone)]
pub(crate) struct FrameSpec {
    pub width: u32,
    pub height: Height,
    pub title: String,
    pub legend: Vec<LegendItem>,
    pub horizontal: bool,
    pub bands: Vec<String>,
    pub band_title: String,
    pub value_title: String,
    pub scale: ScaleRule,
    pub percent: bool,
    /// Pixels kept free beyond the value axis' end (labels after bars).
    pub value_room: i32,
}

/// The plotting rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// A laid-out frame.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub size: (u32, u32),
    pub plot: Rect,
    pub scale: ValueScale,
    horizontal: bool,
    /// Band labels as drawn (truncated), `None` where skipped.
    band_labels: Vec<Option<String>>,
    band_title: String,
    value_title: String,
    percent: bool,
    title_lines: Vec<String>,
    legend: Legend,
    legend_top: i32,
}

impl Frame {
    /// Lays the frame out: title and legend on top, axis labels measured
    /// with [`text_width`], the plot rectangle in what is left.
    pub(crate) fn layout(spec: FrameSpec) -> Frame {
        let width = spec.width.max(MIN_WIDTH) as i32;
        let inner = width - 2 * PAD;
        let title_lines = if spec.title.trim().is_empty() {
            Vec::new()
        } else {
            wrap(&spec.title, f64::from(inner), SIZE_TITLE, 2)
        };
        let legend = Legend::layout(spec.legend, inner);
        let legend_top = PAD + title_lines.len() as i32 * TITLE_LINE_H + 2;
        let top = legend_top + legend.height() + 6 + AXIS_TITLE_H;
        let bottom_title = if spec.horizontal {
            &spec.value_title
        } else {
            &spec.band_title
        };
        let bottom = TICK_GAP
            + TICK_LABEL_H
            + if bottom_title.trim().is_empty() {
                0
            } else {
                AXIS_TITLE_H
            }
            + PAD;
        let n = spec.bands.len().max(1) as i32;
        let height = match spec.height {
            Height::Fixed(h) => h.max(MIN_HEIGHT) as i32,
            Height::PerBand(px) => (top + n * px as i32 + bottom).max(MIN_HEIGHT as i32),
        };
        let plot_h = (height - top - bottom).max(MIN_PLOT);
        let height = top + plot_h + bottom;

        let (left, right, scale) = if spec.horizontal {
            let widest = spec
                .bands
                .iter()
                .map(|b| text_width(b, SIZE_TICK))
                .fold(0.0, f64::max);
            let band_w = widest.min(f64::from(width) * 0.38).ceil() as i32;
            let left = PAD + band_w + TICK_GAP;
            let right = width - PAD - spec.value_room.max(16);
            let ticks = ((right - left) / 90).max(2) as usize;
            (left, right, resolve(spec.scale, ticks))
        } else {
            let scale = resolve(spec.scale, (plot_h / 45).max(2) as usize);
            let decimals = scale.tick_decimals(spec.percent);
            let widest = scale
                .label_positions()
                .iter()
                .map(|p| format_number(scale.label_value(*p), decimals, spec.percent))
                .map(|l| text_width(&l, SIZE_TICK))
                .fold(0.0, f64::max);
            let left = PAD + widest.ceil() as i32 + TICK_GAP;
            (left, width - PAD - 6 - spec.value_room, scale)
        };
        let right = right.max(left + MIN_PLOT);
        let plot = Rect {
            left,
            top,
            right,
            bottom: top + plot_h,
        };
        let band_labels = fit_band_labels(&spec.bands, &plot, spec.horizontal);
        Frame {
            size: (width as u32, height as u32),
            plot,
            scale,
            horizontal: spec.horizontal,
            band_labels,
            band_title: spec.band_title,
            value_title: spec.value_title,
            percent: spec.percent,
            title_lines,
            legend,
            legend_top,
        }
    }

    /// Number of bands (at least 1, so an empty chart still has a frame).
    pub(crate) fn bands(&self) -> f64 {
        self.band_labels.len().max(1) as f64
    }

    /// Pixel position of a point `band` bands along the band axis and at
    /// `value` on the value axis (clamped into the axis).
    pub(crate) fn px(&self, band: f64, value: f64) -> Px {
        let f = self.scale.fraction(self.scale.clamp(value));
        let b = band / self.bands();
        let r = &self.plot;
        let (w, h) = (f64::from(r.right - r.left), f64::from(r.bottom - r.top));
        let (x, y) = if self.horizontal {
            (f64::from(r.left) + f * w, f64::from(r.top) + b * h)
        } else {
            (f64::from(r.left) + b * w, f64::from(r.bottom) - f * h)
        };
        (x.round() as i32, y.round() as i32)
    }

    /// The value where bars start: 0, or the axis' end nearest to it.
    pub(crate) fn baseline(&self) -> f64 {
        self.scale.clamp(0.0)
    }

    /// Light grid lines at the value ticks, drawn before the data.
    pub(crate) fn draw_grid(&self, root: &Root) -> DrawResult {
        let grid = LineStyle {
            color: GRID,
            width: 1,
            dash: None,
            marker: None,
            hollow: false,
        };
        for v in self.scale.grid() {
            draw::polyline(root, &[self.px(0.0, v), self.px(self.bands(), v)], &grid)?;
        }
        Ok(())
    }

    /// A line across the plot at `value` (limits, standards).
    pub(crate) fn draw_reference(&self, root: &Root, value: f64, style: &LineStyle) -> DrawResult {
        if !value.is_finite() || value < self.scale.min || value > self.scale.max {
            return Ok(());
        }
        draw::polyline(
            root,
            &[self.px(0.0, value), self.px(self.bands(), value)],
            style,
        )
    }

    /// Axes, tick labels, axis titles, the title and the legend, drawn over
    /// the data.
    pub(crate) fn draw_decorations(&self, root: &Root) -> DrawResult {
        self.draw_axis_lines(root)?;
        self.draw_value_labels(root)?;
        self.draw_band_labels(root)?;
        self.draw_titles(root)?;
        self.legend.draw(root, self.size.0 as i32, self.legend_top)
    }

    fn draw_axis_lines(&self, root: &Root) -> DrawResult {
        let axis = LineStyle {
            color: AXIS,
            width: 1,
            dash: None,
            marker: None,
            hollow: false,
        };
        let (min, max, n) = (self.scale.min, self.scale.max, self.bands());
        let value_edge = if self.horizontal { n } else { 0.0 };
        draw::polyline(
            root,
            &[self.px(value_edge, min), self.px(value_edge, max)],
            &axis,
        )?;
        let base = self.baseline();
        draw::polyline(root, &[self.px(0.0, min), self.px(n, min)], &axis)?;
        if base > min {
            draw::polyline(root, &[self.px(0.0, base), self.px(n, base)], &axis)?;
        }
        Ok(())
    }

    fn draw_value_labels(&self, root: &Root) -> DrawResult {
        let decimals = self.scale.tick_decimals(self.percent);
        for p in self.scale.label_positions() {
            let label = format_number(self.scale.label_value(p), decimals, self.percent);
            let font;
            let at;
            if self.horizontal {
                let (x, y) = self.px(self.bands(), p);
                at = (x, y + TICK_GAP);
                font = Font::new(SIZE_TICK, MUTED_TEXT, HPos::Center, VPos::Top);
            } else {
                let (x, y) = self.px(0.0, p);
                at = (x - TICK_GAP, y);
                font = Font::new(SIZE_TICK, MUTED_TEXT, HPos::Right, VPos::Center);
            }
            draw::text(root, &label, at, font)?;
        }
        Ok(())
    }

    fn draw_band_labels(&self, root: &Root) -> DrawResult {
        let min = self.scale.min;
        for (i, label) in self.band_labels.iter().enumerate() {
            let Some(label) = label else { continue };
            let (x, y) = self.px(i as f64 + 0.5, min);
            let (at, font) = if self.horizontal {
                let f = Font::new(SIZE_TICK, TEXT, HPos::Right, VPos::Center);
                ((x - TICK_GAP, y), f)
            } else {
                let f = Font::new(SIZE_TICK, TEXT, HPos::Center, VPos::Top);
                ((x, y + TICK_GAP), f)
            };
            draw::text(root, label, at, font)?;
        }
        Ok(())
    }

    fn draw_titles(&self, root: &Root) -> DrawResult {
        let width = self.size.0 as i32;
        let title_font = Font::new(SIZE_TITLE, TEXT, HPos::Center, VPos::Top).bold();
        for (i, line) in self.title_lines.iter().enumerate() {
            let y = PAD + i as i32 * TITLE_LINE_H;
            draw::text(root, line, (width / 2, y), title_font)?;
        }
        let (side, bottom) = if self.horizontal {
            (&self.band_title, &self.value_title)
        } else {
            (&self.value_title, &self.band_title)
        };
        let r = &self.plot;
        let room = f64::from(width - 2 * PAD);
        let side_font = Font::new(SIZE_LABEL, TEXT, HPos::Left, VPos::Center);
        let side_text = truncate(side, room, SIZE_LABEL);
        draw::text(
            root,
            &side_text,
            (PAD, r.top - AXIS_TITLE_H / 2 - 2),
            side_font,
        )?;
        let bottom_font = Font::new(SIZE_LABEL, TEXT, HPos::Center, VPos::Center);
        let bottom_text = truncate(bottom, room, SIZE_LABEL);
        let y = r.bottom + TICK_GAP + TICK_LABEL_H + AXIS_TITLE_H / 2 + 2;
        draw::text(root, &bottom_text, ((r.left + r.right) / 2, y), bottom_font)
    }
}

/// The value scale for an axis about `ticks` ticks long.
fn resolve(rule: ScaleRule, ticks: usize) -> ValueScale {
    match rule {
        ScaleRule::Nice { lo, hi, max } => ValueScale::nice(lo, hi, ticks, max),
        ScaleRule::Years { first, last } => ValueScale::years(first, last, ticks.max(2) * 2),
    }
}

/// Band labels cut to their room. Down the side they are cut to the label
/// column; along the bottom to the band's width, or — when a band is too
/// narrow even for two characters (many years) — every k-th label is shown.
fn fit_band_labels(bands: &[String], plot: &Rect, horizontal: bool) -> Vec<Option<String>> {
    if horizontal {
        let room = f64::from(plot.left - PAD - TICK_GAP);
        return bands
            .iter()
            .map(|b| Some(truncate(b, room, SIZE_TICK)))
            .collect();
    }
    let band_px = f64::from(plot.right - plot.left) / bands.len().max(1) as f64;
    let widest = bands
        .iter()
        .map(|b| text_width(b, SIZE_TICK))
        .fold(0.0, f64::max);
    let gap = 6.0;
    let stride = if widest + gap <= band_px || band_px >= 2.0 * SIZE_TICK + 2.0 * gap {
        1
    } else {
        ((widest + gap) / band_px).ceil().max(1.0) as usize
    };
    bands
        .iter()
        .enumerate()
        .map(|(i, b)| (i % stride == 0).then(|| truncate(b, band_px - gap, SIZE_TICK)))
        .collect()
}
