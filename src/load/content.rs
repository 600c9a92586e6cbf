//! Chapters as files: find `content/*.md`, split and parse their YAML front
//! matter, and keep each chapter's text with its line numbers. Renders
//! nothing: the render stage turns a [`Chapter`] into HTML.

use std::path::Path;

use super::{yaml, SourceFile};
use crate::diag::Diagnostic;
pub use crate::model::content::{Chapter, Content, FrontMatter};

/// The default chapters built into the binary (file name, text): used when a
/// project has no chapter of its own, and written by `init` as its starting point.
pub const DEFAULT_CHAPTERS: &[(&str, &str)] = &[
    (
        "01-county.md",
        include_str!("default_chapters/01-county.md"),
    ),
    (
        "02-measures.md",
        include_str!("default_chapters/02-measures.md"),
    ),
    (
        "03-four-dimensions.md",
        include_str!("default_chapters/03-four-dimensions.md"),
    ),
    (
        "04-problems.md",
        include_str!("default_chapters/04-problems.md"),
    ),
    (
        "05-conclusion.md",
        include_str!("default_chapters/05-conclusion.md"),
    ),
];

impl Content {
    /// Read `root/content/`; problems are diagnostics naming the file and
    /// line. A chapter over `max_bytes` (the project's `max_file_bytes`) is refused.
    /// A project without any chapter (no `content/`, or no `.md` in it) gets the
    /// built-in default chapters.
    pub fn load(root: &Path, max_bytes: u64) -> (Content, Vec<Diagnostic>) {
        let (chapters, diags) = load_chapters(root, max_bytes);
        if chapters.is_empty() && diags.is_empty() {
            return (Content::defaults(), diags);
        }
        (Content { chapters }, diags)
    }

    /// The built-in default chapters (named `content/<file>` as `init` writes them).
    pub fn defaults() -> Content {
        let chapters = DEFAULT_CHAPTERS
            .iter()
            .filter_map(|(name, text)| {
                parse_chapter(&format!("content/{name}"), (*text).to_string()).ok()
            })
            .collect();
        Content { chapters }
    }
}

/// Split `---\n<yaml>\n---\n<body>`; returns (front matter text, body, body's first line number).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + fm.lines().count() + 1;
            return Some((fm, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Read every `content/*.md`, sorted by (order, file name). Problems are
/// diagnostics naming the file and line.
pub fn load_chapters(root: &Path, max_bytes: u64) -> (Vec<Chapter>, Vec<Diagnostic>) {
    let dir = root.join("content");
    let mut chapters = Vec::new();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return (chapters, diags);
    }
    let mut names: Vec<String> = Vec::new();
    match std::fs::read_dir(&dir) {
        Ok(rd) => {
            for entry in rd {
                match entry {
                    Ok(e) => names.push(e.file_name().to_string_lossy().into_owned()),
                    Err(e) => diags.push(Diagnostic::error(
                        "content",
                        format!("无法读取目录中的条目：{e}"),
                    )),
                }
            }
            names.retain(|n| n.ends_with(".md"));
        }
        Err(e) => {
            diags.push(Diagnostic::error("content", format!("无法读取目录：{e}")));
            return (chapters, diags);
        }
    }
    names.sort();
    for name in names {
        let rel = format!("content/{name}");
        match read_chapter(&dir.join(&name), &rel, max_bytes) {
            Ok(c) => chapters.push(c),
            Err(d) => diags.push(d),
        }
    }
    chapters.sort_by(|a, b| (a.front.order, &a.rel).cmp(&(b.front.order, &b.rel)));
    let mut seen = std::collections::BTreeMap::new();
    for c in &chapters {
        if let Some(other) = seen.insert(c.slug.clone(), c.rel.clone()) {
            diags.push(Diagnostic::error(
                &c.rel,
                format!(
                    "章节名 `{}` 与 `{other}` 重复：请在前置信息中设置不同的 `slug`",
                    c.slug
                ),
            ));
        }
    }
    (chapters, diags)
}

fn read_chapter(path: &Path, rel: &str, max_bytes: u64) -> Result<Chapter, Diagnostic> {
    let bytes = super::read_limited(path, rel, max_bytes)?;
    let text = yaml::decode(rel, bytes)?;
    parse_chapter(rel, text)
}

/// A chapter from its text: front matter parsed, body and its first line kept.
fn parse_chapter(rel: &str, text: String) -> Result<Chapter, Diagnostic> {
    let Some((fm, body, body_line)) = split_front_matter(&text) else {
        return Err(Diagnostic::error(
            rel,
            "章节文件缺少前置信息：第一行应为 `---`，随后写 `title: 章节标题` 和 `order: 序号`，再以 `---` 结束",
        )
        .at(1, 1, text.lines().next().map(str::to_string)));
    };
    // Parse the front matter as its own small YAML file; shift its lines by one (the `---`).
    let fm_file = SourceFile::new(rel, fm);
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
    if let Err(why) = check_slug(&slug) {
        let line = front
            .slug
            .as_ref()
            .and_then(|_| {
                text.lines()
                    .position(|l| l.trim_start().starts_with("slug:"))
            })
            .map_or(0, |i| i + 1);
        let mut d = Diagnostic::error(
            rel,
            format!("章节名 `{slug}` 不能用作网页文件名：{why}。请在前置信息中设置 `slug`，只用字母、数字、汉字和 `-`"),
        );
        if line > 0 {
            d = d.at(line, 1, crate::diag::shown_line(&text, line));
        }
        return Err(d);
    }
    Ok(Chapter {
        rel: rel.to_string(),
        text: text.clone(),
        slug,
        front,
        body: body.to_string(),
        body_line,
    })
}

/// A chapter's slug names its page (`chapters/<slug>.html`): one plain file
/// name, never a path.
fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.trim().is_empty() {
        return Err("为空");
    }
    if slug.starts_with('.') {
        return Err("不能以 `.` 开头");
    }
    if slug
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "/\\:*?\"<>|#%&".contains(c))
    {
        return Err("含有空白、控制字符或 / \\ : * ? \" < > | # % & 之一");
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn chapter(text: &str) -> Chapter {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/03-x.md"), text).unwrap();
        let (mut cs, d) = load_chapters(dir.path(), crate::load::DEFAULT_MAX_FILE_BYTES);
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
        let (cs, d) = load_chapters(dir.path(), crate::load::DEFAULT_MAX_FILE_BYTES);
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
    fn default_chapters_parse_and_are_used_without_content() {
        let c = Content::defaults();
        assert_eq!(c.chapters.len(), DEFAULT_CHAPTERS.len());
        let titles: Vec<&str> = c.chapters.iter().map(|c| c.front.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "县情概况",
                "工作举措",
                "四个方面达标情况",
                "问题与整改",
                "结论"
            ]
        );
        let dir = tempfile::tempdir().unwrap();
        let (loaded, d) = Content::load(dir.path(), crate::load::DEFAULT_MAX_FILE_BYTES);
        assert!(d.is_empty());
        assert_eq!(loaded.chapters.len(), 5);
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/README.txt"), "x").unwrap();
        assert_eq!(
            Content::load(dir.path(), crate::load::DEFAULT_MAX_FILE_BYTES)
                .0
                .chapters
                .len(),
            5
        );
    }

    #[test]
    fn front_matter_splits() {
        let (fm, body, line) =
            split_front_matter("---\ntitle: 概况\norder: 1\n---\n正文\n").unwrap();
        assert_eq!(fm, "title: 概况\norder: 1\n");
        assert_eq!(body, "正文\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("正文").is_none());
    }
}
