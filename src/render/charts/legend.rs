//! Legends: items laid out in centred rows that wrap, drawn below the title.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::draw::{self, DrawResult, Font, Root};
use super::style::{LineStyle, BAR_OUTLINE, SIZE_LABEL, TEXT};
use super::text::{text_width, truncate};

/// What stands before a legend label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    /// A short stretch of line, with the series' dash and marker.
    Line(LineStyle),
    /// A filled box (bars), outlined when light.
    Box {
        fill: RGBColor,
        outline: Option<RGBColor>,
    },
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendItem {
    pub label: String,
    pub swatch: Swatch,
}

impl LegendItem {
    pub(crate) fn line(label: impl Into<String>, style: LineStyle) -> LegendItem {
        LegendItem {
            label: label.into(),
            swatch: Swatch::Line(style),
        }
    }

    pub(crate) fn bar(label: impl Into<String>, fill: RGBColor) -> LegendItem {
        LegendItem {
            label: label.into(),
            swatch: Swatch::Box {
                fill,
                outline: Some(BAR_OUTLINE),
            },
        }
    }
}

const SWATCH_W: i32 = 28;
const SWATCH_GAP: i32 = 6;
const ITEM_GAP: i32 = 20;
/// Height of one legend row in pixels.
pub(crate) const ROW_H: i32 = 22;

/// An item placed in a row: its label (maybe truncated) and its x offset.
#[derive(Debug, Clone)]
struct Placed {
    item: usize,
    label: String,
    x: i32,
}

/// Legend items broken into rows of at most `max_width` pixels.
#[derive(Debug, Clone, Default)]
pub(crate) struct Legend {
    items: Vec<LegendItem>,
    rows: Vec<(i32, Vec<Placed>)>,
}

impl Legend {
    /// Lays `items` out in rows no wider than `max_width`.
    pub(crate) fn layout(items: Vec<LegendItem>, max_width: i32) -> Legend {
        let mut rows: Vec<(i32, Vec<Placed>)> = Vec::new();
        let mut row: Vec<Placed> = Vec::new();
        let mut x = 0;
        let max_label = f64::from(max_width - SWATCH_W - SWATCH_GAP);
        for (i, item) in items.iter().enumerate() {
            let label = truncate(&item.label, max_label, SIZE_LABEL);
            let w = SWATCH_W + SWATCH_GAP + text_width(&label, SIZE_LABEL).ceil() as i32;
            if !row.is_empty() && x + w > max_width {
                rows.push((x - ITEM_GAP, std::mem::take(&mut row)));
                x = 0;
            }
            row.push(Placed { item: i, label, x });
            x += w + ITEM_GAP;
        }
        if !row.is_empty() {
            rows.push((x - ITEM_GAP, row));
        }
        Legend { items, rows }
    }

    /// Height the legend takes, 0 when empty.
    pub(crate) fn height(&self) -> i32 {
        self.rows.len() as i32 * ROW_H
    }

    /// Draws the rows centred on an image `width` wide, from `top` down.
    pub(crate) fn draw(&self, root: &Root, width: i32, top: i32) -> DrawResult {
        let font = Font::new(SIZE_LABEL, TEXT, HPos::Left, VPos::Center);
        for (r, (row_width, row)) in self.rows.iter().enumerate() {
            let left = (width - row_width) / 2;
            let y = top + r as i32 * ROW_H + ROW_H / 2;
            for placed in row {
                let x = left + placed.x;
                draw_swatch(root, &self.items[placed.item].swatch, (x, y))?;
                draw::text(root, &placed.label, (x + SWATCH_W + SWATCH_GAP, y), font)?;
            }
        }
        Ok(())
    }
}

/// A swatch whose left end is at `left` (x) and middle at `y`.
fn draw_swatch(root: &Root, swatch: &Swatch, (left, y): (i32, i32)) -> DrawResult {
    match swatch {
        Swatch::Line(style) => {
            draw::polyline(root, &[(left, y), (left + SWATCH_W, y)], style)?;
            if let Some(m) = style.marker {
                draw::marker(root, m, (left + SWATCH_W / 2, y), style.color, style.hollow)?;
            }
            Ok(())
        }
        Swatch::Box { fill, outline } => draw::rect(
            root,
            (left + 4, y - 7),
            (left + SWATCH_W - 4, y + 7),
            *fill,
            *outline,
        ),
    }
}
