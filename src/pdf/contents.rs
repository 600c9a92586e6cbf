//! The contents' page numbers: find each `<span class="page" data-target="ID">`
//! of `print.html`, match its entry's label to a bookmark of a printed pass,
//! and write the bookmark's page into the span.

use super::outline::{same_title, Entry};

const OPEN: &str = "<span class=\"page\" data-target=\"";

/// One contents entry that wants a page number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub target: String,
    /// The entry's text (its `<a class="label" href="#ID">`), unescaped.
    pub label: String,
}

/// Every page-number slot of the contents, in document order.
pub fn slots(html: &str) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(OPEN) {
        let start = from + i + OPEN.len();
        let Some(end) = html[start..].find('"') else {
            break;
        };
        let target = html[start..start + end].to_string();
        let label = label_before(&html[..from + i], &target).unwrap_or_default();
        out.push(Slot { target, label });
        from = start + end;
    }
    out
}

/// The text of the last `<a … href="#target">…</a>` before the slot.
fn label_before(html: &str, target: &str) -> Option<String> {
    let href = format!("href=\"#{target}\"");
    let i = html.rfind(&href)?;
    let rest = &html[i..];
    let gt = rest.find('>')?;
    let end = rest.find("</a>")?;
    (gt < end).then(|| unescape(&strip_tags(&rest[gt + 1..end])))
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Undo HTML escaping (the named entities Tera writes and numeric ones).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // An entity is short: look for its `;` within the next 12 bytes
        // (`find` on bytes, so a multi-byte character there cannot split).
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page of each slot: the first bookmark with the same text after the
/// previous match (contents and bookmarks are both in document order, so a
/// heading text used in two chapters finds the right one). `None` when no
/// bookmark has the entry's text.
pub fn assign(slots: &[Slot], outline: &[Entry]) -> Vec<Option<u32>> {
    let mut cursor = 0;
    slots
        .iter()
        .map(|s| {
            if s.label.trim().is_empty() {
                return None;
            }
            let found = outline[cursor..]
                .iter()
                .position(|e| same_title(&e.title, &s.label))
                .map(|k| cursor + k)
                .or_else(|| outline.iter().position(|e| same_title(&e.title, &s.label)))?;
            cursor = found + 1;
            Some(outline[found].page)
        })
        .collect()
}

/// [`assign`], then the slots no bookmark names (figure and table captions,
/// which are not headings) from the named destinations: the page of the
/// element the entry links to.
pub fn assign_all(
    slots: &[Slot],
    outline: &[Entry],
    dests: &std::collections::BTreeMap<String, u32>,
) -> Vec<Option<u32>> {
    assign(slots, outline)
        .into_iter()
        .zip(slots)
        .map(|(p, s)| p.or_else(|| dests.get(&s.target).copied()))
        .collect()
}

/// Write `pages` into the slots, in order (a slot's previous number is replaced).
pub fn fill(html: &str, pages: &[Option<u32>]) -> String {
    let mut out = String::with_capacity(html.len() + pages.len() * 4);
    let mut rest = html;
    let mut n = 0;
    while let Some(i) = rest.find(OPEN) {
        let start = i + OPEN.len();
        let Some(gt) = rest[start..].find('>') else {
            break;
        };
        let inner = start + gt + 1;
        let Some(close) = rest[inner..].find("</span>") else {
            break;
        };
        out.push_str(&rest[..inner]);
        if let Some(Some(p)) = pages.get(n) {
            out.push_str(&p.to_string());
        }
        n += 1;
        rest = &rest[inner + close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML: &str = concat!(
        r##"<li class="level-1"><a class="label" href="#chapter-a">第一章　A&amp;B</a><span class="leader"></span><span class="page" data-target="chapter-a"></span></li>"##,
        r##"<li class="level-2"><a class="label" href="#c1-x">一、概况</a><span class="leader"></span><span class="page" data-target="c1-x"></span></li>"##,
        r##"<li class="level-1"><a class="label" href="#chapter-b">第二章　B</a><span class="leader"></span><span class="page" data-target="chapter-b"></span></li>"##,
        r##"<li class="level-2"><a class="label" href="#c2-x">一、概况</a><span class="leader"></span><span class="page" data-target="c2-x"></span></li>"##,
    );

    fn e(level: usize, title: &str, page: u32) -> Entry {
        Entry {
            level,
            title: title.into(),
            page,
        }
    }

    #[test]
    fn finds_slots_and_labels() {
        let s = slots(HTML);
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].target, "chapter-a");
        assert_eq!(s[0].label, "第一章　A&B");
        assert_eq!(s[3].label, "一、概况");
    }

    #[test]
    fn repeated_titles_match_in_order() {
        let outline = [
            e(1, "目　录", 2),
            e(1, "第一章 A&B", 3),
            e(2, "一、概况", 3),
            e(1, "第二章　B", 5),
            e(2, "一、概况", 6),
        ];
        let pages = assign(&slots(HTML), &outline);
        assert_eq!(pages, vec![Some(3), Some(3), Some(5), Some(6)]);
    }

    #[test]
    fn captions_take_their_named_destinations_page() {
        let html = format!(
            "{HTML}{}",
            r##"<li><a href="#c2-tab-t">表2-1　指标</a><span class="leader"></span><span class="page" data-target="c2-tab-t"></span></li>"##
        );
        let outline = [e(1, "第一章 A&B", 3), e(1, "第二章　B", 5)];
        let dests = [("c2-tab-t".to_string(), 7), ("chapter-a".to_string(), 9)]
            .into_iter()
            .collect();
        let pages = assign_all(&slots(&html), &outline, &dests);
        // Bookmarks first (chapter-a is on 3, not 9), destinations for the rest.
        assert_eq!(pages, vec![Some(3), None, Some(5), None, Some(7)]);
    }

    #[test]
    fn fill_writes_and_rewrites_numbers() {
        let once = fill(HTML, &[Some(3), Some(3), None, Some(12)]);
        assert!(once.contains(r#"data-target="chapter-a">3</span>"#));
        assert!(once.contains(r#"data-target="chapter-b"></span>"#));
        assert!(once.contains(r#"data-target="c2-x">12</span>"#));
        let twice = fill(&once, &[Some(4), Some(4), Some(5), Some(13)]);
        assert!(twice.contains(r#"data-target="chapter-a">4</span>"#));
        assert!(twice.contains(r#"data-target="c2-x">13</span>"#));
        assert_eq!(slots(&twice), slots(HTML));
    }

    #[test]
    fn an_ampersand_before_chinese_text_is_kept() {
        // `&科技发展` has no `;` in its first 12 bytes, which end inside `展`.
        assert_eq!(unescape("教育&amp;科技发展"), "教育&科技发展");
        assert_eq!(unescape("教育&科技发展"), "教育&科技发展");
        assert_eq!(unescape("&#x;&#;&"), "&#x;&#;&");
    }

    #[test]
    fn unescapes_entities() {
        assert_eq!(
            unescape("a&amp;b &#x2F; &#39;&lt;&gt; & x"),
            "a&b / '<> & x"
        );
    }
}
