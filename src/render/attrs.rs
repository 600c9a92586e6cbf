//! Double-quoted attributes of generated markup, found in one pass.

use std::ops::Range;

/// Every `name="value"` in `markup`, in order: the bytes before the `=`
/// (ending with the attribute's name) and the value's byte range. Each value
/// is skipped whole, so an `=` inside it starts nothing. Meant for the HTML
/// and SVG this program writes (values quoted, `"` inside them escaped).
pub(crate) fn quoted(markup: &[u8]) -> impl Iterator<Item = (&[u8], Range<usize>)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let eq = from + memchr::memchr(b'=', markup.get(from..)?)?;
        if markup.get(eq + 1) != Some(&b'"') {
            from = eq + 1;
            continue;
        }
        let start = eq + 2;
        let end = start + memchr::memchr(b'"', &markup[start..])?;
        from = end + 1;
        return Some((&markup[..eq], start..end));
    })
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn finds_each_quoted_value_once_in_order() {
        let html = br#"<a href="x.html?a=1" id="top">b=c<img src="y.svg" alt="p=&quot;q">"#;
        let got: Vec<(String, &str)> = quoted(html)
            .map(|(before, r)| {
                let name = String::from_utf8_lossy(before);
                let name = name.rsplit([' ', '<']).next().unwrap_or("").to_string();
                (name, std::str::from_utf8(&html[r]).unwrap())
            })
            .collect();
        assert_eq!(
            got,
            [
                ("href".to_string(), "x.html?a=1"),
                ("id".to_string(), "top"),
                ("src".to_string(), "y.svg"),
                ("alt".to_string(), "p=&quot;q"),
            ]
        );
        // An unclosed value ends the search.
        assert_eq!(quoted(br#"<a href="x"#).count(), 0);
    }
}
