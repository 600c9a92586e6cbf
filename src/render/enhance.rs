//! The last pass over a rendered web page: links every mention of a school to
//! its page, wraps every table in a scroll container of its own (so a wide
//! table scrolls inside the page on a phone), moves a table's caption into a
//! `<caption>`, gives header cells a `scope`, and shows verdict words in table
//! cells as the shared badges.
//!
//! It only rewrites HTML that the templates produced: it computes nothing,
//! compares no number and reads no file. It is deterministic (a trie over the
//! school names, longest name first) and never links inside an existing link,
//! a heading, a `<summary>`, `<title>`, a script, a style or an SVG chart.

use std::borrow::Cow;

use super::content::{escape, escape_into};

/// The badge vocabulary: every verdict shown on the site is one of these.
pub const BADGES: &[(&str, &str, &str)] = &[
    // (word, css class, symbol shown before the word)
    ("达标", "ok", "✓"),
    ("未达标", "bad", "✗"),
    ("暂无数据", "na", "?"),
    ("不计入", "na", "○"),
    ("不适用", "na", "—"),
];

/// A badge for one verdict word (达标 → `<span class="badge ok">✓ 达标</span>`);
/// `None` for a word outside the vocabulary.
pub fn badge(word: &str) -> Option<String> {
    BADGES
        .iter()
        .find(|(w, ..)| *w == word)
        .map(|(w, class, sym)| {
            format!(
                "<span class=\"badge {class}\"><span aria-hidden=\"true\">{sym}</span> {w}</span>"
            )
        })
}

/// School names of a report, ready to find in page text.
#[derive(Debug)]
pub struct Enhancer {
    nodes: Vec<Node>,
    /// Characters of the Basic Multilingual Plane some name starts with, one
    /// bit each: any other character of the text is passed over without a
    /// trie lookup (most characters of a page start no name).
    first: Vec<u64>,
}

impl Default for Enhancer {
    /// An enhancer that knows no school.
    fn default() -> Enhancer {
        Enhancer::new([])
    }
}

#[derive(Debug, Default)]
struct Node {
    /// The next character → its node, sorted by character (binary search:
    /// this lookup runs at every character of every page's text).
    next: Vec<(char, usize)>,
    /// The school id when a name ends here.
    id: Option<String>,
}

/// Elements whose text is never linked.
fn is_no_link(name: &str) -> bool {
    matches!(
        name,
        "a" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "summary"
            | "title"
            | "button"
            | "label"
            | "option"
            | "textarea"
            | "code"
            | "pre"
            | "head"
    )
}

/// Elements whose content is copied as it is, up to their closing tag.
fn is_raw(name: &str) -> bool {
    matches!(name, "script" | "style" | "svg")
}

impl Enhancer {
    /// A matcher for the given (id, name) pairs. Names are matched as they
    /// appear in escaped HTML text.
    pub fn new<'a>(schools: impl IntoIterator<Item = (&'a str, &'a str)>) -> Enhancer {
        let mut e = Enhancer {
            nodes: vec![Node::default()],
            first: vec![0; 0x10000 / 64],
        };
        for (id, name) in schools {
            let name = escape(name);
            if name.chars().count() < 2 {
                continue;
            }
            let mut at = 0;
            for c in name.chars() {
                at = match e.nodes[at].next.binary_search_by_key(&c, |(k, _)| *k) {
                    Ok(i) => e.nodes[at].next[i].1,
                    Err(i) => {
                        e.nodes.push(Node::default());
                        let n = e.nodes.len() - 1;
                        e.nodes[at].next.insert(i, (c, n));
                        n
                    }
                };
            }
            // The first id registered for a name wins (names are unique in a valid registry).
            e.nodes[at].id.get_or_insert_with(|| id.to_string());
            if let Some(c) = name
                .chars()
                .next()
                .map(|c| c as usize)
                .filter(|c| *c < 0x10000)
            {
                e.first[c / 64] |= 1 << (c % 64);
            }
        }
        e
    }

    /// The longest school name starting at the beginning of `text`: (byte length, id).
    fn longest(&self, text: &str) -> Option<(usize, &str)> {
        let mut at = 0;
        let mut best = None;
        for (i, c) in text.char_indices() {
            let next = &self.nodes[at].next;
            match next.binary_search_by_key(&c, |(k, _)| *k) {
                Ok(n) => at = next[n].1,
                Err(_) => break,
            }
            if let Some(id) = &self.nodes[at].id {
                best = Some((i + c.len_utf8(), id.as_str()));
            }
        }
        best
    }

    /// Link school names in one run of text (`own`: the page's own school, not linked).
    fn link_text(&self, text: &str, root: &str, own: Option<&str>, out: &mut String) {
        if self.nodes[0].next.is_empty() {
            out.push_str(text);
            return;
        }
        let mut i = 0;
        let mut plain = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or_default();
            let code = c as usize;
            if code < 0x10000 && self.first[code / 64] & (1 << (code % 64)) == 0 {
                i += c.len_utf8();
                continue;
            }
            if let Some((len, id)) = self.longest(&text[i..]) {
                if Some(id) != own {
                    out.push_str(&text[plain..i]);
                    out.push_str("<a class=\"school\" href=\"");
                    out.push_str(root);
                    out.push_str("schools/");
                    escape_into(out, id);
                    out.push_str(".html\">");
                    out.push_str(&text[i..i + len]);
                    out.push_str("</a>");
                    plain = i + len;
                }
                i += len;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out.push_str(&text[plain..]);
    }

    /// Rewrite one page (see the module comment). `root` is the path from the
    /// page to the site root; `own` the id of the school the page is about.
    pub fn page(&self, html: &str, root: &str, own: Option<&str>) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut stack: Vec<Cow<str>> = Vec::new();
        let mut no_link = 0usize;
        let mut in_thead = false;
        let mut cell: Option<usize> = None;
        let mut rest = html;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.text(rest, no_link, root, own, &mut out);
                break;
            };
            self.text(&rest[..lt], no_link, root, own, &mut out);
            rest = &rest[lt..];
            if rest.starts_with("<!--") {
                let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            let Some(gt) = rest.find('>') else {
                out.push_str(rest);
                break;
            };
            let tag = &rest[..=gt];
            rest = &rest[gt + 1..];
            let closing = tag.starts_with("</");
            let from = if closing { 2 } else { 1 };
            let len = tag[from..]
                .bytes()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            let raw = &tag[from..from + len];
            let name: Cow<str> = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(raw.to_ascii_lowercase())
            } else {
                Cow::Borrowed(raw)
            };
            if name.is_empty() {
                out.push_str(tag);
                continue;
            }
            if !closing && is_raw(&name) {
                let close = format!("</{name}>");
                let end = rest.find(&close).map_or(rest.len(), |e| e + close.len());
                out.push_str(tag);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            let void = tag.ends_with("/>")
                || matches!(
                    name.as_ref(),
                    "br" | "hr" | "img" | "input" | "meta" | "link" | "wbr" | "col" | "source"
                );
            if closing {
                if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                    for n in stack.drain(pos..) {
                        if is_no_link(&n) {
                            no_link -= 1;
                        }
                    }
                }
                match name.as_ref() {
                    "thead" => in_thead = false,
                    "td" | "th" => {
                        if let Some(start) = cell.take() {
                            badge_cell(&mut out, start);
                        }
                    }
                    _ => {}
                }
                out.push_str(tag);
                if name == "table" {
                    out.push_str("</div>");
                }
                continue;
            }
            match name.as_ref() {
                "table" => {
                    let caption = take_caption(&mut out);
                    out.push_str("<div class=\"scroll\" tabindex=\"0\">");
                    out.push_str(tag);
                    if let Some(c) = caption {
                        out.push_str(&format!("<caption>{c}</caption>"));
                    }
                }
                "thead" => {
                    in_thead = true;
                    out.push_str(tag);
                }
                "th" if !tag.contains("scope=") => {
                    let scope = if in_thead { "col" } else { "row" };
                    out.push_str(&format!("<th scope=\"{scope}\"{}", &tag[3..]));
                }
                _ => out.push_str(tag),
            }
            if name == "td" || name == "th" {
                cell = Some(out.len());
            }
            if !void {
                if is_no_link(&name) {
                    no_link += 1;
                }
                stack.push(name);
            }
        }
        out
    }

    fn text(&self, text: &str, no_link: usize, root: &str, own: Option<&str>, out: &mut String) {
        if no_link > 0 || text.trim().is_empty() {
            out.push_str(text);
        } else {
            self.link_text(text, root, own, out);
        }
    }
}

/// A cell whose whole content is a verdict word becomes that word's badge.
fn badge_cell(out: &mut String, start: usize) {
    let content = out[start..].trim();
    if let Some(b) = badge(content) {
        out.truncate(start);
        out.push_str(&b);
    }
}

/// A `<p class="table-caption">…</p>` written just before a table: removed
/// from `out` and returned, to become the table's `<caption>`.
fn take_caption(out: &mut String) -> Option<String> {
    const OPEN: &str = "<p class=\"table-caption\">";
    let trimmed = out.trim_end();
    if !trimmed.ends_with("</p>") {
        return None;
    }
    let start = trimmed.rfind(OPEN)?;
    let inner = &trimmed[start + OPEN.len()..trimmed.len() - 4];
    if inner.contains("</p>") {
        return None;
    }
    let inner = inner.to_string();
    out.truncate(start);
    Some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e() -> Enhancer {
        Enhancer::new([
            ("hs", "石柱县黄水小学"),
            ("hsz", "石柱县黄水中学"),
            ("hsx", "石柱县黄水小学分校"),
        ])
    }

    #[test]
    fn links_names_in_text_longest_first() {
        let out = e().page(
            "<p>石柱县黄水小学分校和石柱县黄水小学、石柱县黄水中学。</p>",
            "../",
            None,
        );
        assert_eq!(
            out,
            "<p><a class=\"school\" href=\"../schools/hsx.html\">石柱县黄水小学分校</a>和<a class=\"school\" href=\"../schools/hs.html\">石柱县黄水小学</a>、<a class=\"school\" href=\"../schools/hsz.html\">石柱县黄水中学</a>。</p>"
        );
    }

    #[test]
    fn names_starting_with_latin_letters_or_digits_are_linked_too() {
        // Characters no name starts with are skipped without a lookup; the
        // names that do start with ASCII are still found among them.
        let e = Enhancer::new([("a", "ABC学校"), ("n", "2号中学")]);
        assert_eq!(
            e.page("<p>xABC学校, 12号中学；ABC</p>", "", None),
            "<p>x<a class=\"school\" href=\"schools/a.html\">ABC学校</a>, 1<a class=\"school\" href=\"schools/n.html\">2号中学</a>；ABC</p>"
        );
        assert_eq!(
            Enhancer::default().page("<p>ABC学校</p>", "", None),
            "<p>ABC学校</p>"
        );
    }

    #[test]
    fn never_links_inside_links_headings_summaries_or_charts() {
        let html = "<title>石柱县黄水小学</title><h2>石柱县黄水小学</h2><a href=\"x\"><b>石柱县黄水小学</b></a><summary>石柱县黄水小学</summary><svg><text>石柱县黄水小学</text></svg><script>var a=\"石柱县黄水小学\";</script>";
        assert_eq!(e().page(html, "", None), html);
    }

    #[test]
    fn own_school_is_not_linked_and_others_are() {
        let out = e().page(
            "<td>石柱县黄水小学</td><td>石柱县黄水中学</td>",
            "../",
            Some("hs"),
        );
        assert!(out.contains("<td>石柱县黄水小学</td>"), "{out}");
        assert!(out.contains("href=\"../schools/hsz.html\""), "{out}");
    }

    #[test]
    fn tables_scroll_get_captions_scopes_and_badges() {
        let html = "<p class=\"table-caption\">表 1</p>\n<table>\n<thead><tr><th>学校</th><th class=\"num\">值</th></tr></thead><tbody><tr><th>a</th><td>未达标</td><td> 达标 </td><td>达标率</td></tr></tbody></table>";
        let out = e().page(html, "", None);
        assert!(
            out.starts_with(
                "<div class=\"scroll\" tabindex=\"0\"><table>\n<caption>表 1</caption>"
            ) || out
                .starts_with("<div class=\"scroll\" tabindex=\"0\"><table><caption>表 1</caption>"),
            "{out}"
        );
        assert!(
            out.contains("<th scope=\"col\">学校</th><th scope=\"col\" class=\"num\">"),
            "{out}"
        );
        assert!(out.contains("<th scope=\"row\">a</th>"), "{out}");
        assert!(out.contains("<td><span class=\"badge bad\"><span aria-hidden=\"true\">✗</span> 未达标</span></td>"), "{out}");
        assert!(out.contains("✓</span> 达标</span></td>"), "{out}");
        assert!(out.contains("<td>达标率</td>"), "{out}");
        assert!(out.ends_with("</table></div>"), "{out}");
    }

    #[test]
    fn deterministic_and_idempotent_on_plain_text() {
        let html = "<ul><li>石柱县黄水小学</li><li>无关文字</li></ul>";
        let a = e().page(html, "", None);
        assert_eq!(a, e().page(html, "", None));
        assert_eq!(Enhancer::new([]).page(html, "", None), html);
    }
}
