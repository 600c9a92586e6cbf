//! Chapters: `content/*.md` with YAML front matter. A chapter may cite any
//! computed number with Tera expressions (rendered before Markdown, with
//! autoescaping, so data strings stay text) and embed generated charts and
//! tables by name with a comment on its own line:
//!
//! ```markdown
//! <!-- chart: cv-primary -->
//! <!-- table: indicators-2025-primary -->
//! ```
//!
//! Embedded figures and tables are numbered per chapter (图3-2, 表4-1).

use serde::Serialize;

use super::markdown::Heading;
use crate::diag::Diagnostic;
pub use crate::model::content::Chapter;

/// Something a chapter can embed by name.
#[derive(Debug, Clone)]
pub enum Embed {
    /// A chart: its SVG and its data table as HTML.
    Chart {
        title: String,
        svg: String,
        data_html: String,
        csv: Option<String>,
    },
    /// A table: its title and `<table>` HTML (without caption).
    Table { title: String, html: String },
}

/// A numbered figure or table, for the lists in the compilation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Numbered {
    pub number: String,
    pub title: String,
    pub anchor: String,
}

/// A chapter rendered to HTML.
#[derive(Debug, Clone, Serialize)]
pub struct RenderedChapter {
    pub slug: String,
    pub title: String,
    pub number: usize,
    pub summary: Option<String>,
    pub html: String,
    pub headings: Vec<Heading>,
    pub figures: Vec<Numbered>,
    pub tables: Vec<Numbered>,
    pub web: bool,
    pub print: bool,
}

/// The embeds of a chapter's text, in order: (`chart`|`table`, name) of each
/// `<!-- chart: name -->` / `<!-- table: name -->` comment.
pub fn embeds(text: &str) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        let Some((inner, end)) = comment_at(rest, start) else {
            break;
        };
        if let Some((k, n)) = inner.trim().split_once(':') {
            match k.trim() {
                "chart" => out.push(("chart", n.trim())),
                "table" => out.push(("table", n.trim())),
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out
}

/// Replace embed comments in rendered HTML with numbered figures and tables.
/// `lookup` finds an embed by kind and name; unknown names are diagnostics
/// at the line of the comment in the chapter's source.
pub fn place_embeds(
    chapter: &Chapter,
    number: usize,
    html: &str,
    anchor_prefix: &str,
    lookup: &dyn Fn(&str, &str) -> Option<Embed>,
    diags: &mut Vec<Diagnostic>,
) -> (String, Vec<Numbered>, Vec<Numbered>) {
    let mut out = String::with_capacity(html.len());
    let (mut figures, mut tables) = (Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let Some((inner, end)) = comment_at(rest, start) else {
            break;
        };
        let inner = inner.trim();
        let parsed = inner
            .split_once(':')
            .map(|(k, n)| (k.trim(), n.trim()))
            .filter(|(k, _)| *k == "chart" || *k == "table");
        out.push_str(&rest[..start]);
        match parsed {
            Some((kind, name)) => {
                match lookup(kind, name) {
                    Some(embed) => {
                        out.push_str(&figure_html(
                            embed,
                            number,
                            anchor_prefix,
                            name,
                            &mut figures,
                            &mut tables,
                        ));
                    }
                    None => {
                        let line = chapter
                            .text
                            .lines()
                            .position(|l| l.contains(&rest[start..end]))
                            .map(|i| i + 1)
                            .unwrap_or(0);
                        let kind_zh = if kind == "chart" { "图表" } else { "表格" };
                        diags.push(
                        Diagnostic::error(
                            &chapter.rel,
                            format!("没有名为 `{name}` 的{kind_zh}：可用的名称见“下载”页面或 README"),
                        )
                        .at(line, 1, chapter.line_text(line)),
                    );
                    }
                }
            }
            None => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, figures, tables)
}

/// The HTML comment opening at byte `start` of `s` (which holds `<!--`
/// there): its text and the byte just past its end. As in HTML, `<!-->` and
/// `<!--->` are (empty) comments closed at once; otherwise the comment ends
/// at the first `-->` after `<!--`. `None` when it is never closed.
pub(crate) fn comment_at(s: &str, start: usize) -> Option<(&str, usize)> {
    let body = start + "<!--".len();
    let rest = s.get(body..)?;
    if rest.starts_with('>') {
        return Some(("", body + 1));
    }
    if rest.starts_with("->") {
        return Some(("", body + 2));
    }
    let len = rest.find("-->")?;
    Some((&rest[..len], body + len + 3))
}

fn figure_html(
    embed: Embed,
    chapter: usize,
    prefix: &str,
    name: &str,
    figures: &mut Vec<Numbered>,
    tables: &mut Vec<Numbered>,
) -> String {
    match embed {
        Embed::Chart {
            title,
            svg,
            data_html,
            csv,
        } => {
            let number = format!("图{}-{}", chapter, figures.len() + 1);
            let anchor = format!("{prefix}fig-{name}");
            figures.push(Numbered {
                number: number.clone(),
                title: title.clone(),
                anchor: anchor.clone(),
            });
            let csv_link = csv
                .map(|href| {
                    format!(
                        "<p class=\"chart-csv small\"><a href=\"{}\">下载数据（CSV）</a></p>\n",
                        escape(&href)
                    )
                })
                .unwrap_or_default();
            format!(
                "<figure class=\"chart\" id=\"{anchor}\">\n<div class=\"chart-scroll\" tabindex=\"0\">\n{svg}\n</div>\n<figcaption>{number}　{}</figcaption>\n<details class=\"chart-data\"><summary>数据表</summary>\n{data_html}\n</details>\n{csv_link}</figure>\n",
                escape(&title)
            )
        }
        Embed::Table { title, html } => {
            let number = format!("表{}-{}", chapter, tables.len() + 1);
            let anchor = format!("{prefix}tab-{name}");
            tables.push(Numbered {
                number: number.clone(),
                title: title.clone(),
                anchor: anchor.clone(),
            });
            format!(
                "<div class=\"table-wrap\" id=\"{anchor}\">\n<p class=\"table-caption\">{number}　{}</p>\n{html}\n</div>\n",
                escape(&title)
            )
        }
    }
}

/// Minimal HTML escaping for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    escape_into(&mut o, s);
    o
}

/// [`escape`], appended to `out` (no allocation of its own).
pub fn escape_into(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(text: &str) -> Chapter {
        crate::load::content::tests::chapter(text)
    }

    #[test]
    fn embeds_are_listed_in_order_and_odd_comments_do_not_panic() {
        let text =
            "a<!-->b<!--->c\n<!-- table: t1 -->\n<!-- 注释 -->\n<!-- chart: cv -->\n<!-- table: t2";
        assert_eq!(embeds(text), [("table", "t1"), ("chart", "cv")]);
    }

    #[test]
    fn empty_comments_do_not_stop_the_embed_scan() {
        let text = "a <!--> b <!---> c <!-- chart: x --> d <!-- table: y -->";
        assert_eq!(embeds(text), vec![("chart", "x"), ("table", "y")]);
        assert!(embeds("<!--").is_empty());
        assert!(embeds("<!-- unterminated -- >").is_empty());
    }

    #[test]
    fn embeds_are_numbered_per_chapter_and_unknown_names_reported() {
        let c = chapter("---\ntitle: 资源配置\norder: 3\n---\n正文\n\n<!-- chart: cv -->\n\n<!-- table: t1 -->\n\n<!-- chart: nope -->\n\n<!-- 普通注释 -->\n");
        assert_eq!(c.slug, "03-x");
        let html = super::super::markdown::render(&c.body, "").html;
        let lookup = |kind: &str, name: &str| match (kind, name) {
            ("chart", "cv") => Some(Embed::Chart {
                title: "差异系数".into(),
                svg: "<svg></svg>".into(),
                data_html: "<table></table>".into(),
                csv: None,
            }),
            ("table", "t1") => Some(Embed::Table {
                title: "指标<表>".into(),
                html: "<table></table>".into(),
            }),
            _ => None,
        };
        let mut diags = Vec::new();
        let (out, figs, tabs) = place_embeds(&c, 3, &html, "c3-", &lookup, &mut diags);
        assert_eq!(
            figs,
            [Numbered {
                number: "图3-1".into(),
                title: "差异系数".into(),
                anchor: "c3-fig-cv".into()
            }]
        );
        assert_eq!(tabs[0].number, "表3-1");
        assert!(
            out.contains("<figcaption>图3-1　差异系数</figcaption>"),
            "{out}"
        );
        assert!(out.contains("表3-1　指标&lt;表&gt;"), "{out}");
        assert!(out.contains("<!-- 普通注释 -->"));
        assert_eq!(diags.len(), 1);
        assert_eq!(
            (diags[0].file.as_str(), diags[0].line),
            ("content/03-x.md", 11)
        );
    }
}
