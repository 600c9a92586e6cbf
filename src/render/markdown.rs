//! Markdown chapters: front matter, pulldown-cmark rendering (tables,
//! footnotes, heading ids) and a fix for Chinese emphasis.
//!
//! CommonMark's flanking rules do not close `**注意：**正文`: the closing `**`
//! follows punctuation and precedes a letter, so it is not "right-flanking".
//! pulldown-cmark then leaves the asterisks as literal text. We pair such
//! leftover delimiters ourselves, after parsing, so code spans and escaped
//! text handled by the parser are never touched.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A heading found while rendering, for the contents and the PDF outline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Rendered HTML and its headings.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Render Markdown to HTML. Heading ids come from `{#id}` attributes, else
/// from the heading's place in the chapter: `prefix` and its section numbers
/// (`c3-2` for the second `##` of chapter 3, `c3-2-1` for the first `###`
/// under it). Short ASCII ids keep the PDF's named destinations within the
/// 127-byte name limit (Chromium turns ids into PDF names; percent-encoded
/// Chinese ids overflowed it). Ids are unique within the document.
pub fn render(md: &str, prefix: &str) -> Rendered {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(md, opts).collect();
    let events = fix_cjk_emphasis(events);
    let (events, headings) = assign_heading_ids(events, prefix);
    let mut out = String::with_capacity(md.len() * 2);
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        headings,
    }
}

/// Pair literal `**`/`*` left in text runs by the parser into strong/emphasis.
fn fix_cjk_emphasis(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut run = String::new();
    for ev in events {
        match ev {
            Event::Text(t) => run.push_str(&t),
            other => {
                flush_text(&mut run, &mut out);
                out.push(other);
            }
        }
    }
    flush_text(&mut run, &mut out);
    out
}

fn flush_text(run: &mut String, out: &mut Vec<Event<'_>>) {
    if run.is_empty() {
        return;
    }
    let text = std::mem::take(run);
    if !text.contains('*') {
        out.push(Event::Text(CowStr::from(text)));
        return;
    }
    emphasize(&text, "**", out);
}

/// Split `text` at paired `delim`s into text and emphasis events; the pieces
/// between pairs go on to the single-`*` pass.
fn emphasize(text: &str, delim: &str, out: &mut Vec<Event<'_>>) {
    let mut rest = text;
    while let Some((before, inner, after)) = find_pair(rest, delim) {
        plain(before, delim, out);
        let (start, end) = if delim == "**" {
            (Tag::Strong, TagEnd::Strong)
        } else {
            (Tag::Emphasis, TagEnd::Emphasis)
        };
        out.push(Event::Start(start));
        if delim == "**" {
            emphasize(inner, "*", out);
        } else {
            out.push(Event::Text(CowStr::from(inner.to_string())));
        }
        out.push(Event::End(end));
        rest = after;
    }
    plain(rest, delim, out);
}

fn plain(text: &str, delim: &str, out: &mut Vec<Event<'_>>) {
    if text.is_empty() {
        return;
    }
    if delim == "**" && text.contains('*') {
        emphasize(text, "*", out);
    } else {
        out.push(Event::Text(CowStr::from(text.to_string())));
    }
}

/// The first `delim … delim` with non-blank content not starting or ending in
/// whitespace: (before, inner, after).
fn find_pair<'t>(text: &'t str, delim: &str) -> Option<(&'t str, &'t str, &'t str)> {
    let mut from = 0;
    while let Some(i) = text[from..].find(delim).map(|i| i + from) {
        let open_end = i + delim.len();
        // For single `*`, skip a `**` (already handled or unmatched).
        if delim == "*" && text[open_end..].starts_with('*') {
            from = open_end + 1;
            continue;
        }
        let j = text[open_end..].find(delim).map(|j| j + open_end)?;
        let inner = &text[open_end..j];
        let ok = !inner.is_empty()
            && !inner.starts_with(char::is_whitespace)
            && !inner.ends_with(char::is_whitespace);
        if ok {
            return Some((&text[..i], inner, &text[j + delim.len()..]));
        }
        from = open_end;
    }
    None
}

fn assign_heading_ids<'a>(events: Vec<Event<'a>>, prefix: &str) -> (Vec<Event<'a>>, Vec<Heading>) {
    let prefix = if prefix.is_empty() { "s" } else { prefix };
    let mut headings = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    // Section counters per heading level (index 0 = h1).
    let mut counters = [0usize; 6];
    let mut out = events;
    let mut i = 0;
    while i < out.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &out[i] {
            let level = *level;
            let given = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < out.len() && !matches!(out[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &out[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let depth = heading_level(level) as usize;
            counters[depth - 1] += 1;
            counters[depth..].iter_mut().for_each(|c| *c = 0);
            let base =
                given.unwrap_or_else(|| format!("{prefix}{}", section_number(&counters[..depth])));
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut out[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                level: heading_level(level),
                id: unique,
                text,
            });
            i = j;
        }
        i += 1;
    }
    (out, headings)
}

/// `2-1` from the counters `[0, 2, 1]`: leading levels not used are left out.
fn section_number(counters: &[usize]) -> String {
    let start = counters
        .iter()
        .position(|c| *c > 0)
        .unwrap_or(counters.len().saturating_sub(1));
    counters[start..]
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join("-")
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, "").html
    }

    #[test]
    fn chinese_emphasis_after_punctuation_is_bold() {
        assert_eq!(
            html("**注意：**正文"),
            "<p><strong>注意：</strong>正文</p>\n"
        );
        assert_eq!(
            html("这是**“重点”**内容，*强调：*也行"),
            "<p>这是<strong>“重点”</strong>内容，<em>强调：</em>也行</p>\n"
        );
    }

    #[test]
    fn ordinary_emphasis_and_code_are_untouched() {
        assert_eq!(
            html("**bold** and *em*"),
            "<p><strong>bold</strong> and <em>em</em></p>\n"
        );
        assert_eq!(
            html("`**注意：**正文`"),
            "<p><code>**注意：**正文</code></p>\n"
        );
        assert_eq!(html("a ** b ** c"), "<p>a ** b ** c</p>\n");
        assert_eq!(html("单个 * 星号"), "<p>单个 * 星号</p>\n");
    }

    #[test]
    fn tables_footnotes_and_heading_ids() {
        let r = render("## 县情 概况\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n文[^1]\n\n[^1]: 注\n\n## 县情 概况\n\n### 自定 {#own}\n", "c1-");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("footnote"), "{}", r.html);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["c1-1", "c1-2", "own"]);
        assert!(r.html.contains(r#"<h2 id="c1-1">"#), "{}", r.html);
    }

    #[test]
    fn heading_ids_are_short_section_numbers() {
        let md = "## 一\n\n### 甲\n\n### 乙\n\n## 二\n\n#### 深\n\n### 丙 {#c2-x}\n\n## 三 {#c2-4}\n\n## 四\n";
        let r = render(md, "c2-");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        // Explicit ids are kept; a generated id that collides gets a suffix.
        assert_eq!(
            ids,
            ["c2-1", "c2-1-1", "c2-1-2", "c2-2", "c2-2-0-1", "c2-x", "c2-4", "c2-4-2"]
        );
        for h in &r.headings {
            assert!(h.id.is_ascii() && h.id.len() < 32, "{}", h.id);
        }
        assert_eq!(render("## 标题\n", "").headings[0].id, "s1");
    }
}
