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

    /// Link school names in the text `html[run]` (`own`: the page's own
    /// school, not linked). Text before a link is copied first (`done`, see
    /// [`Self::page`]); text without one is left to be copied later.
    fn link_text(
        &self,
        html: &str,
        run: std::ops::Range<usize>,
        root: &str,
        own: Option<&str>,
        out: &mut String,
        done: &mut usize,
    ) {
        if self.nodes[0].next.is_empty() {
            return;
        }
        let b = html.as_bytes();
        let (mut i, end) = (run.start, run.end);
        while i < end {
            // The character at `i` (valid UTF-8: `html` is a str and `i` a
            // character boundary), decoded only as far as the bitmap needs.
            let x = b[i];
            let (code, width) = match x {
                0..=0x7F => (u32::from(x), 1),
                0xC0..=0xDF => ((u32::from(x & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F), 2),
                0xE0..=0xEF => (
                    (u32::from(x & 0x0F) << 12)
                        | (u32::from(b[i + 1] & 0x3F) << 6)
                        | u32::from(b[i + 2] & 0x3F),
                    3,
                ),
                // Outside the Basic Multilingual Plane: always looked up.
                _ => (0x10000, 4),
            };
            let code = code as usize;
            if code < 0x10000 && self.first[code / 64] & (1 << (code % 64)) == 0 {
                i += width;
                continue;
            }
            match self.longest(&html[i..end]) {
                Some((len, id)) => {
                    if Some(id) != own {
                        copy_to(html, i, out, done);
                        out.push_str("<a class=\"school\" href=\"");
                        out.push_str(root);
                        out.push_str("schools/");
                        escape_into(out, id);
                        out.push_str(".html\">");
                        out.push_str(&html[i..i + len]);
                        out.push_str("</a>");
                        *done = i + len;
                    }
                    i += len;
                }
                None => i += width,
            }
        }
    }

    /// Rewrite one page (see the module comment). `root` is the path from the
    /// page to the site root; `own` the id of the school the page is about.
    ///
    /// The page is copied in runs: `html[..done]` is in `out`, and whatever
    /// follows is copied only when something is inserted or changed after it
    /// (most tags and most text pass through unchanged).
    pub fn page(&self, html: &str, root: &str, own: Option<&str>) -> String {
        let b = html.as_bytes();
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut done = 0usize;
        // Open elements: their names, and whether each is a `Kind::NoLink`.
        let mut stack: Vec<(Cow<str>, bool)> = Vec::new();
        let mut no_link = 0usize;
        let mut in_thead = false;
        // Where the open cell's content starts in `out` (once copied there).
        let mut cell: Option<usize> = None;
        let mut i = 0usize;
        while i < b.len() {
            let lt = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |k| i + k);
            if no_link == 0 && lt > i {
                self.link_text(html, i..lt, root, own, &mut out, &mut done);
            }
            i = lt;
            if i == b.len() {
                break;
            }
            if b[i..].starts_with(b"<!--") {
                i = memchr::memmem::find(&b[i..], b"-->").map_or(b.len(), |e| i + e + 3);
                continue;
            }
            let Some(gt) = memchr::memchr(b'>', &b[i..]) else {
                break;
            };
            let tag_end = i + gt + 1;
            let tag = &html[i..tag_end];
            let closing = tag.starts_with("</");
            let from = if closing { 2 } else { 1 };
            let len = tag.as_bytes()[from..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let raw = &tag[from..from + len];
            if raw.is_empty() {
                i = tag_end;
                continue;
            }
            let name: Cow<str> = if raw.bytes().any(|c| c.is_ascii_uppercase()) {
                Cow::Owned(raw.to_ascii_lowercase())
            } else {
                Cow::Borrowed(raw)
            };
            let kind = Kind::of(name.as_bytes());
            if !closing && kind == Kind::Raw {
                let close = format!("</{name}>");
                i = memchr::memmem::find(&b[tag_end..], close.as_bytes())
                    .map_or(b.len(), |e| tag_end + e + close.len());
                continue;
            }
            if closing {
                if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
                    no_link -= stack.drain(pos..).filter(|(_, nl)| *nl).count();
                }
                match kind {
                    Kind::Thead => in_thead = false,
                    Kind::Cell | Kind::Th => {
                        if let Some(start) = cell.take() {
                            copy_to(html, i, &mut out, &mut done);
                            badge_cell(&mut out, start);
                        }
                    }
                    Kind::Table => {
                        copy_to(html, tag_end, &mut out, &mut done);
                        out.push_str("</div>");
                    }
                    _ => {}
                }
                i = tag_end;
                continue;
            }
            match kind {
                Kind::Table => {
                    copy_to(html, i, &mut out, &mut done);
                    let caption = take_caption(&mut out);
                    out.push_str("<div class=\"scroll\" tabindex=\"0\">");
                    out.push_str(tag);
                    if let Some(c) = caption {
                        out.push_str("<caption>");
                        out.push_str(&c);
                        out.push_str("</caption>");
                    }
                    done = tag_end;
                }
                Kind::Thead => in_thead = true,
                Kind::Th if !tag.contains("scope=") => {
                    copy_to(html, i, &mut out, &mut done);
                    let scope = if in_thead { "col" } else { "row" };
                    out.push_str("<th scope=\"");
                    out.push_str(scope);
                    out.push('"');
                    out.push_str(&tag[3..]);
                    done = tag_end;
                }
                _ => {}
            }
            if matches!(kind, Kind::Cell | Kind::Th) {
                // The content starts right after this tag, and everything up
                // to it is copied to `out` unchanged before anything else.
                cell = Some(out.len() + (tag_end - done));
            }
            let void = kind == Kind::Void || tag.ends_with("/>");
            if !void {
                let nl = kind == Kind::NoLink;
                if nl {
                    no_link += 1;
                }
                stack.push((name, nl));
            }
            i = tag_end;
        }
        copy_to(html, b.len(), &mut out, &mut done);
        out
    }
}

/// Copy `html[done..to]` to `out` (the part of the page not copied yet).
fn copy_to(html: &str, to: usize, out: &mut String, done: &mut usize) {
    if to > *done {
        out.push_str(&html[*done..to]);
        *done = to;
    }
}

/// What the enhancer does with an element, by its (lower-case) name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    /// Its text is never linked.
    NoLink,
    /// Its content is copied as it is, up to its closing tag.
    Raw,
    /// It has no closing tag.
    Void,
    Table,
    Thead,
    /// `td`.
    Cell,
    Th,
}

impl Kind {
    /// One comparison of bytes per candidate of the same length (a `match`
    /// on `str` called `memcmp` for each of them, at every tag of a page).
    fn of(name: &[u8]) -> Kind {
        match name {
            [b't', b'd'] => Kind::Cell,
            [b't', b'h'] => Kind::Th,
            [b'a'] | [b'h', b'1'..=b'6'] => Kind::NoLink,
            [b'b', b'r'] | [b'h', b'r'] => Kind::Void,
            [b't', b'r'] | [b'l', b'i'] | [b'p'] => Kind::Other,
            b"table" => Kind::Table,
            b"thead" => Kind::Thead,
            b"summary" | b"title" | b"button" | b"label" | b"option" | b"textarea" | b"code"
            | b"pre" | b"head" => Kind::NoLink,
            b"script" | b"style" | b"svg" => Kind::Raw,
            b"img" | b"input" | b"meta" | b"link" | b"wbr" | b"col" | b"source" => Kind::Void,
            _ => Kind::Other,
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

    /// The page without the links the enhancer adds.
    fn unlinked(out: &str) -> String {
        let mut s = out.replace("</a>", "");
        while let Some(a) = s.find("<a class=\"school\" href=\"") {
            let end = a + s[a..].find("\">").expect("closed") + 2;
            s.replace_range(a..end, "");
        }
        s
    }

    proptest::proptest! {
        /// Any text, in any script (one to four bytes a character), keeps
        /// its characters: only links around whole names are added, and a
        /// markup of any shape never makes it panic.
        #[test]
        fn text_is_kept_and_any_markup_is_survived(
            text in "[石柱县黄水小学中分校达标ABC2号 é😀,.&;-]{0,60}",
            markup in "[<>/!a-z石柱县黄水小学 =\"-]{0,60}",
        ) {
            let e = Enhancer::new([("hs", "石柱县黄水小学"), ("a", "ABC学校"), ("x", "😀学校")]);
            proptest::prop_assert_eq!(unlinked(&e.page(&text, "", None)), text.clone());
            let _ = e.page(&format!("{markup}{text}{markup}"), "../", Some("hs"));
        }
    }
}
