//! Post-processing of the SVG text plotters writes: the accessible root
//! element with `<title>` and `<desc>`, the CJK font stack and tidy font
//! sizes.

use std::fmt::Write as _;

use super::style::{Dash, FONT_SENTINEL, FONT_STACK};

/// Stroke widths from here up are dashed lines in disguise (see
/// [`dash_sentinel`]); no chart draws a real line this wide.
const DASH_MARK: u32 = 1_000_000;

/// The stroke width a dashed line is drawn with: `1SSGGWW`, the dash size,
/// gap and real width in two digits each. `finish` turns it back into
/// `stroke-width="W" stroke-dasharray="S G"`.
pub(crate) fn dash_sentinel(width: u32, dash: Dash) -> u32 {
    debug_assert!(width < 100 && dash.size < 100 && dash.gap < 100);
    DASH_MARK + dash.size.min(99) * 10_000 + dash.gap.min(99) * 100 + width.min(99)
}

/// `s` escaped for XML text and attribute values.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed
            // in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A usable XML id from a caller's chart id: ASCII letters, digits, `-` and
/// `_` are kept, anything else becomes `-`; an id not starting with a letter
/// gets a `chart-` prefix.
pub(crate) fn sanitize_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cleaned
    } else {
        format!("chart-{cleaned}")
    }
}

/// What the finished document says about itself.
pub(crate) struct SvgHead<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub size: (u32, u32),
}

/// Turns plotters' document into the published one: replaces its root
/// element by one with `viewBox`, `preserveAspectRatio`, `role="img"` and
/// `aria-labelledby`, inserts `<title>` and `<desc>` as its first children,
/// and gives every text the CJK font stack.
pub(crate) fn finish(raw: &str, head: &SvgHead) -> String {
    let body = match raw.find(">\n") {
        Some(end) if raw.starts_with("<svg") => &raw[end + 2..],
        _ => raw,
    };
    let (w, h) = head.size;
    let id = head.id;
    let mut out = String::with_capacity(raw.len() + 512);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" id=\"{id}\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape_xml(head.title),
        escape_xml(head.desc),
    );
    rewrite_attributes(body, &mut out);
    out
}

/// Copies plotters' SVG body to `out` in one pass, rewriting three
/// attributes: the sentinel `font-family` becomes the CJK font stack, a
/// sentinel `stroke-width="1SSGGWW"` (see [`dash_sentinel`]) becomes
/// `stroke-width="W" stroke-dasharray="S G"`, and `font-size="13.000000000000002"`
/// (plotters divides by 1.24) becomes `font-size="13"`, one decimal at most.
fn rewrite_attributes(body: &str, out: &mut String) {
    let mut plain = 0;
    for (name, value) in crate::render::attrs::quoted(body.as_bytes()) {
        let (start, end) = (value.start, value.end);
        let value = &body[value];
        if name.ends_with(b" font-family") {
            out.push_str(&body[plain..start]);
            out.push_str(if value == FONT_SENTINEL {
                FONT_STACK
            } else {
                value
            });
        } else if name.ends_with(b" stroke-width") {
            out.push_str(&body[plain..start]);
            match value.parse::<u32>() {
                Ok(v) if v >= DASH_MARK => {
                    let v = v - DASH_MARK;
                    let (size, gap, width) = (v / 10_000, v / 100 % 100, v % 100);
                    let _ = write!(out, "{width}\" stroke-dasharray=\"{size} {gap}");
                }
                _ => out.push_str(value),
            }
        } else if name.ends_with(b" font-size") {
            out.push_str(&body[plain..start]);
            match value.parse::<f64>() {
                Ok(v) => decimal_into(out, v, 1),
                Err(_) => out.push_str(value),
            }
        } else {
            continue;
        }
        plain = end;
    }
    out.push_str(&body[plain..]);
}

/// `v` with at most `decimals` decimals, trailing zeros dropped, appended
/// to `out` (a font size of every text of every chart).
fn decimal_into(out: &mut String, v: f64, decimals: usize) {
    let start = out.len();
    crate::render::fixed::write_fixed(out, v, decimals);
    if out[start..].contains('.') {
        let kept = out[start..]
            .trim_end_matches('0')
            .trim_end_matches('.')
            .len();
        out.truncate(start + kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(body: &str) -> String {
        let mut out = String::new();
        rewrite_attributes(body, &mut out);
        out
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_xml("<a href=\"x\">&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(sanitize_id("cv-2024"), "cv-2024");
        assert_eq!(sanitize_id("3 学校\"x"), "chart-3----x");
    }

    #[test]
    fn dashed_lines_get_their_pattern_back() {
        let w = dash_sentinel(2, Dash { size: 10, gap: 5 });
        let raw = format!(
            "<polyline stroke=\"#C00000\" stroke-width=\"{w}\" points=\"0,1 9,1 \"/>\n\
             <polyline stroke=\"#000000\" stroke-width=\"1\" points=\"0,1 9,1 \"/>"
        );
        assert_eq!(
            rewritten(&raw),
            "<polyline stroke=\"#C00000\" stroke-width=\"2\" stroke-dasharray=\"10 5\" \
             points=\"0,1 9,1 \"/>\n\
             <polyline stroke=\"#000000\" stroke-width=\"1\" points=\"0,1 9,1 \"/>"
        );
    }

    #[test]
    fn font_sizes_are_tidied() {
        assert_eq!(
            rewritten("<text font-size=\"13.000000000000002\" x=\"1\" font-size=\"11.5\">"),
            "<text font-size=\"13\" x=\"1\" font-size=\"11.5\">"
        );
        let family = format!("<text x=\"1\" font-family=\"{FONT_SENTINEL}\">a=\"b\"</text>");
        assert_eq!(
            rewritten(&family),
            format!("<text x=\"1\" font-family=\"{FONT_STACK}\">a=\"b\"</text>")
        );
    }
}
