//! Spreadsheet cell safety (CWE-1236, "CSV injection"): a text cell that a
//! spreadsheet program would read as a formula is neutralised before it is
//! written to any CSV or spreadsheet download. Real numbers are written as
//! numbers by their writers and never pass through here.

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

#[cfg(test)]
mod tests {
    use super::neutralize;

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
