//! Drawing primitives over plotters' SVG backend, in pixel coordinates.
//!
//! Every chart lays itself out in pixels (see `frame`) and draws plotters
//! elements — `Text`, `PathElement`, `Rectangle`, `Circle`, `Polygon` — on
//! the root drawing area through these helpers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::style::{LineStyle, Marker, BACKGROUND, FONT_SENTINEL};
use super::svg::dash_sentinel;
use super::text::text_width;

/// The whole image, in pixels.
pub(crate) type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Drawing never fails on a string buffer in practice; errors are kept as
/// text and surface as [`super::ChartError`].
pub(crate) type DrawResult = Result<(), String>;

/// A point in pixels.
pub(crate) type Px = (i32, i32);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Renders an image of `size` pixels: a white background, then `paint`.
/// Returns plotters' SVG text (before `svg::finish`).
pub(crate) fn render<F>(size: (u32, u32), paint: F) -> Result<String, String>
where
    F: FnOnce(&Root<'_>) -> DrawResult,
{
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&BACKGROUND).map_err(err)?;
        paint(&root)?;
        root.present().map_err(err)?;
    }
    Ok(buf)
}

/// How a piece of text is set.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub color: RGBColor,
    pub h: HPos,
    pub v: VPos,
}

impl Font {
    /// Normal weight, anchored at `h`/`v`.
    pub(crate) fn new(size: f64, color: RGBColor, h: HPos, v: VPos) -> Font {
        Font {
            size,
            bold: false,
            color,
            h,
            v,
        }
    }

    pub(crate) fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
}

/// Draws `s` at `at`. Control characters (not allowed in XML) are dropped;
/// plotters escapes the rest.
pub(crate) fn text(root: &Root, s: &str, at: Px, font: Font) -> DrawResult {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    if clean.is_empty() {
        return Ok(());
    }
    let weight = if font.bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    // Plotters writes `font-size` as the size divided by 1.24.
    let desc = FontDesc::new(FontFamily::Name(FONT_SENTINEL), font.size * 1.24, weight);
    let style = TextStyle::from(desc)
        .color(&font.color)
        .pos(Pos::new(font.h, font.v));
    root.draw(&Text::new(clean, at, style)).map_err(err)
}

/// Draws `s` at `at` on a white box of its estimated size, so that lines
/// behind it do not strike it through.
pub(crate) fn text_on_ground(root: &Root, s: &str, at: Px, font: Font) -> DrawResult {
    let w = text_width(s, font.size).ceil() as i32;
    let h = (font.size * 1.2).ceil() as i32;
    let x0 = match font.h {
        HPos::Left => at.0,
        HPos::Center => at.0 - w / 2,
        HPos::Right => at.0 - w,
    };
    let y0 = match font.v {
        VPos::Top => at.1,
        VPos::Center => at.1 - h / 2,
        VPos::Bottom => at.1 - h,
    };
    root.draw(&Rectangle::new(
        [(x0 - 1, y0), (x0 + w + 1, y0 + h)],
        BACKGROUND.filled(),
    ))
    .map_err(err)?;
    text(root, s, at, font)
}

/// A polyline through `points`, solid or dashed as `style` says.
///
/// A dashed line is one `<polyline>` with `stroke-dasharray`, not one
/// element per dash (plotters' `DashedPathElement` writes a 10-pixel
/// reference line across an 800-pixel chart as 50 elements). Plotters cannot
/// write that attribute, so the line is drawn with a sentinel stroke width
/// that `svg::finish` turns into the real width and the dash pattern.
pub(crate) fn polyline(root: &Root, points: &[Px], style: &LineStyle) -> DrawResult {
    if points.len() < 2 {
        return Ok(());
    }
    let width = match style.dash {
        None => style.width,
        Some(d) => dash_sentinel(style.width, d),
    };
    root.draw(&PathElement::new(
        points.to_vec(),
        style.color.stroke_width(width),
    ))
    .map_err(err)
}

/// A filled rectangle between two corners, with an optional 1px outline.
pub(crate) fn rect(
    root: &Root,
    a: Px,
    b: Px,
    fill: RGBColor,
    outline: Option<RGBColor>,
) -> DrawResult {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))
        .map_err(err)?;
    if let Some(line) = outline {
        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], line.stroke_width(1)))
            .map_err(err)?;
    }
    Ok(())
}

/// Radius of point markers in pixels.
const MARKER_R: i32 = 4;

/// A point marker centred on `at`; hollow markers are white with a
/// coloured outline. A solid marker is one filled shape: the shape a hollow
/// one covers with its 2-pixel outline (which reaches 1 pixel past its
/// corners, mitred), so both kinds are the same size, and a chart with a
/// marker at every point of every series writes half the elements.
pub(crate) fn marker(
    root: &Root,
    kind: Marker,
    at: Px,
    color: RGBColor,
    hollow: bool,
) -> DrawResult {
    let (x, y) = at;
    let r = MARKER_R;
    let outline: Vec<Px> = match (kind, hollow) {
        (Marker::Circle, false) => {
            return root
                .draw(&Circle::new(at, (r + 1) as u32, color.filled()))
                .map_err(err);
        }
        (Marker::Circle, true) => {
            root.draw(&Circle::new(at, r as u32, BACKGROUND.filled()))
                .map_err(err)?;
            return root
                .draw(&Circle::new(at, r as u32, color.stroke_width(2)))
                .map_err(err);
        }
        (Marker::Cross, _) => {
            let stroke = color.stroke_width(2);
            root.draw(&PathElement::new(
                vec![(x - r, y - r), (x + r, y + r)],
                stroke,
            ))
            .map_err(err)?;
            return root
                .draw(&PathElement::new(
                    vec![(x - r, y + r), (x + r, y - r)],
                    stroke,
                ))
                .map_err(err);
        }
        (Marker::Square, false) => vec![
            (x - r - 1, y - r - 1),
            (x + r + 1, y - r - 1),
            (x + r + 1, y + r + 1),
            (x - r - 1, y + r + 1),
        ],
        (Marker::Triangle, false) => {
            vec![
                (x, y - r - 3),
                (x + r + 3, y + r + 1),
                (x - r - 3, y + r + 1),
            ]
        }
        (Marker::TriangleDown, false) => {
            vec![
                (x - r - 3, y - r - 1),
                (x + r + 3, y - r - 1),
                (x, y + r + 3),
            ]
        }
        (Marker::Diamond, false) => vec![
            (x, y - r - 2),
            (x + r + 2, y),
            (x, y + r + 2),
            (x - r - 2, y),
        ],
        (Marker::Square, true) => vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ],
        (Marker::Triangle, true) => vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
        (Marker::TriangleDown, true) => {
            vec![(x - r - 1, y - r), (x + r + 1, y - r), (x, y + r + 1)]
        }
        (Marker::Diamond, true) => vec![
            (x, y - r - 1),
            (x + r + 1, y),
            (x, y + r + 1),
            (x - r - 1, y),
        ],
    };
    if !hollow {
        return root
            .draw(&Polygon::new(outline, color.filled()))
            .map_err(err);
    }
    root.draw(&Polygon::new(outline.clone(), BACKGROUND.filled()))
        .map_err(err)?;
    let mut closed = outline;
    closed.push(closed[0]);
    root.draw(&PathElement::new(closed, color.stroke_width(2)))
        .map_err(err)
}
