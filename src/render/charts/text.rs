//! Text metrics without font files.
//!
//! The SVG backend has no font data (no `ttf` feature): the browser lays the
//! text out. Plotters' own estimate counts UTF-8 bytes, which makes a Chinese
//! character three times wider than a Latin one, so the charts measure text
//! here instead: an ASCII character is a generous 0.6 em, anything else (CJK,
//! full-width punctuation, '…') one em. Layout that leans on these numbers
//! leaves room to spare rather than overlapping.

/// Width of one character in em.
fn char_em(c: char) -> f64 {
    if c.is_ascii() {
        0.6
    } else {
        // Wide characters and anything else not ASCII ('…', '–', Greek):
        // a CJK font draws these one em wide or a little less.
        1.0
    }
}

/// Estimated width in pixels of `s` drawn at `size` pixels.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// `s` cut to fit `max_width` pixels at `size`, with '…' marking the cut.
pub(crate) fn truncate(s: &str, max_width: f64, size: f64) -> String {
    if text_width(s, size) <= max_width {
        return s.to_string();
    }
    let room = max_width - text_width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let w = char_em(c) * size;
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` broken into lines no wider than `max_width` at `size`, at most
/// `max_lines` lines (the last one truncated). Chinese may break between any
/// two characters; a break inside a run of ASCII letters or digits moves back
/// to the last space of that line when there is one.
pub(crate) fn wrap(s: &str, max_width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rest: String = s.trim().to_string();
    while !rest.is_empty() && lines.len() + 1 < max_lines.max(1) {
        if text_width(&rest, size) <= max_width {
            break;
        }
        let cut = fit_prefix(&rest, max_width, size);
        lines.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start().to_string();
    }
    if !rest.is_empty() || lines.is_empty() {
        lines.push(truncate(&rest, max_width, size));
    }
    lines
}

/// Byte length of the longest prefix of `s` that fits, preferring to end at
/// a space when the cut would split a Latin word. Always at least one char.
fn fit_prefix(s: &str, max_width: f64, size: f64) -> usize {
    let mut used = 0.0;
    let mut cut = 0;
    for (i, c) in s.char_indices() {
        let w = char_em(c) * size;
        if used + w > max_width && cut > 0 {
            break;
        }
        used += w;
        cut = i + c.len_utf8();
    }
    let splits_word = s[cut..].starts_with(|c: char| c.is_ascii_alphanumeric())
        && s[..cut].ends_with(|c: char| c.is_ascii_alphanumeric());
    if splits_word {
        if let Some(space) = s[..cut].rfind(' ').filter(|&p| p > 0) {
            return space + 1;
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_one_em_ascii_less() {
        assert_eq!(text_width("学校", 10.0), 20.0);
        assert_eq!(text_width("ab", 10.0), 12.0);
        assert_eq!(text_width("（，…", 10.0), 30.0);
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("石柱县第一中学校", 50.0, 10.0), "石柱县第…");
        assert_eq!(truncate("短", 50.0, 10.0), "短");
    }

    #[test]
    fn wrap_breaks_chinese_and_keeps_words() {
        assert_eq!(
            wrap("一二三四五六", 30.0, 10.0, 3),
            vec!["一二三", "四五六"]
        );
        assert_eq!(wrap("CV by year", 50.0, 10.0, 3), vec!["CV by", "year"]);
        assert_eq!(
            wrap("一二三四五六七八", 30.0, 10.0, 2),
            vec!["一二三", "四五…"]
        );
        assert_eq!(wrap("", 30.0, 10.0, 2), vec![""]);
    }
}
