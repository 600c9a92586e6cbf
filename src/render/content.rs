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

use std::path::Path;

use serde::Serialize;

use super::markdown::{self, FrontMatter, Heading};
use crate::diag::Diagnostic;
use crate::load::{yaml, SourceFile, SourceMap};

/// A chapter as read from disk.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub file: SourceFile,
    pub front: FrontMatter,
    pub slug: String,
    /// The Markdown body (after the front matter) and its first line number.
    pub body: String,
    pub body_line: usize,
}

/// Read every `content/*.md`, sorted by (order, file name). Problems are
/// diagnostics naming the file and line.
pub fn load_chapters(root: &Path) -> (Vec<Chapter>, Vec<Diagnostic>) {
    let dir = root.join("content");
    let mut chapters = Vec::new();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return (chapters, diags);
    }
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect(),
        Err(e) => {
            diags.push(Diagnostic::error("content", format!("无法读取目录：{e}")));
            return (chapters, diags);
        }
    };
    names.sort();
    for name in names {
        let rel = format!("content/{name}");
        match read_chapter(&dir.join(&name), &rel) {
            Ok(c) => chapters.push(c),
            Err(d) => diags.push(d),
        }
    }
    chapters.sort_by(|a, b| (a.front.order, &a.file.rel).cmp(&(b.front.order, &b.file.rel)));
    let mut seen = std::collections::BTreeMap::new();
    for c in &chapters {
        if let Some(other) = seen.insert(c.slug.clone(), c.file.rel.clone()) {
            diags.push(Diagnostic::error(
                &c.file.rel,
                format!(
                    "章节名 `{}` 与 `{other}` 重复：请在前置信息中设置不同的 `slug`",
                    c.slug
                ),
            ));
        }
    }
    (chapters, diags)
}

fn read_chapter(path: &Path, rel: &str) -> Result<Chapter, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(rel, format!("无法读取文件：{e}")))?;
    let text = yaml::decode(rel, bytes)?;
    let Some((fm, body, body_line)) = markdown::split_front_matter(&text) else {
        return Err(Diagnostic::error(
            rel,
            "章节文件缺少前置信息：第一行应为 `---`，随后写 `title: 章节标题` 和 `order: 序号`，再以 `---` 结束",
        )
        .at(1, 1, text.lines().next().map(str::to_string)));
    };
    // Parse the front matter as its own small YAML file; shift its lines by one (the `---`).
    let fm_file = SourceFile {
        rel: rel.to_string(),
        text: fm.to_string(),
        map: SourceMap::default(),
    };
    let front: FrontMatter = yaml::parse(&fm_file).map_err(|mut d| {
        if d.line > 0 {
            d.line += 1;
        }
        d
    })?;
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .to_string();
    let slug = front.slug.clone().unwrap_or(stem);
    Ok(Chapter {
        file: SourceFile {
            rel: rel.to_string(),
            text: text.clone(),
            map: SourceMap::default(),
        },
        slug,
        front,
        body: body.to_string(),
        body_line,
    })
}

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
        let Some(len) = rest[start..].find("-->") else {
            break;
        };
        let end = start + len + 3;
        let inner = rest[start + 4..end - 3].trim();
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
                            .file
                            .text
                            .lines()
                            .position(|l| l.contains(&rest[start..end]))
                            .map(|i| i + 1)
                            .unwrap_or(0);
                        let kind_zh = if kind == "chart" { "图表" } else { "表格" };
                        diags.push(
                        Diagnostic::error(
                            &chapter.file.rel,
                            format!("没有名为 `{name}` 的{kind_zh}：可用的名称见“下载”页面或 README"),
                        )
                        .at(line, 1, chapter.file.line_text(line)),
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
                .map(|href| format!(r#" · <a href="{}">CSV</a>"#, escape(&href)))
                .unwrap_or_default();
            format!(
                "<figure class=\"chart\" id=\"{anchor}\">\n{svg}\n<figcaption>{number}　{}</figcaption>\n<details class=\"chart-data\"><summary>数据表{csv_link}</summary>\n{data_html}\n</details>\n</figure>\n",
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
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(text: &str) -> Chapter {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/03-x.md"), text).unwrap();
        let (mut cs, d) = load_chapters(dir.path());
        assert!(d.is_empty(), "{d:?}");
        cs.remove(0)
    }

    #[test]
    fn front_matter_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: 概况\nordre: 1\n---\n正文",
        )
        .unwrap();
        std::fs::write(dir.path().join("content/b.md"), "正文").unwrap();
        let (cs, d) = load_chapters(dir.path());
        assert!(cs.is_empty());
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].file.as_str(), d[0].line), ("content/a.md", 3));
        assert!(
            d[0].message.contains("是否应为 `order`"),
            "{}",
            d[0].message
        );
        assert_eq!(d[1].file, "content/b.md");
    }

    #[test]
    fn embeds_are_numbered_per_chapter_and_unknown_names_reported() {
        let c = chapter("---\ntitle: 资源配置\norder: 3\n---\n正文\n\n<!-- chart: cv -->\n\n<!-- table: t1 -->\n\n<!-- chart: nope -->\n\n<!-- 普通注释 -->\n");
        assert_eq!(c.slug, "03-x");
        let html = markdown::render(&c.body, "").html;
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
