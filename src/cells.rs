//! Spreadsheet cell safety (CWE-1236, "CSV injection"): a text cell that a
//! spreadsheet program would read as a formula is neutralised before it is
//! written to any CSV or spreadsheet download. Real numbers stay numbers:
//! typed writers (spreadsheets) write them as numbers and never pass them
//! here; CSV writers, whose cells are formatted strings, use [`csv_cell`],
//! which leaves a cell that is wholly a number ([`is_number`]) unchanged.

use std::borrow::Cow;

/// The characters that make Excel, WPS or LibreOffice treat a cell as a formula
/// (OWASP's list: `=`, `+`, `-`, `@`, tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefix `'` to a text cell that starts like a formula; anything else is unchanged.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Whether a formatted cell is a plain number, written as the figures are
/// formatted: an optional `-`, digits (optionally grouped by `,` in threes),
/// an optional decimal part and an optional `%`. Such a cell is a value to a
/// spreadsheet, never a formula, and stays as it is: `-0.5`, `-1,358`, `12.5%`.
/// Anything else (`-1+1`, `-A1`, `1e5`, `--1`) is text.
pub fn is_number(text: &str) -> bool {
    let s = text.strip_prefix('-').unwrap_or(text);
    let s = s.strip_suffix('%').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let int_ok = digits(int) || {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
    };
    int_ok && frac.is_none_or(digits)
}

/// A cell of a CSV download whose cells are formatted strings: a number
/// ([`is_number`]) as it is, any other text through [`neutralize`]. This is
/// the decision for every CSV junheng writes (chart data and tables alike).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if is_number(text) {
        Cow::Borrowed(text)
    } else {
        neutralize(text)
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, is_number, neutralize};

    #[test]
    fn numbers_stay_numbers_in_csv() {
        for s in ["0", "-0.5", "-1,358", "1,358.25", "12.5%", "-3.1%", "2025"] {
            assert!(is_number(s), "{s}");
            assert_eq!(csv_cell(s), s);
        }
        for s in [
            "-1+1", "-A1", "--1", "-", "-.5", "1e5", "1,35", "-1,358,0", "+1", "=1", "-0.5)",
            "- 1", "",
        ] {
            assert!(!is_number(s), "{s}");
        }
        assert_eq!(csv_cell("-1+1"), "'-1+1");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("黄水小学"), "黄水小学");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn formula_starts_are_prefixed() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for s in ["", "黄水小学", "1,358", "a=b", "'quoted"] {
            assert_eq!(neutralize(s), s);
        }
    }
}
