//! Chapters and templates as plain data: what the load stage read from
//! `content/` and `templates/`, handed to the render stage. No I/O here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The chapters of a project, in order (by `order`, then file name).
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub chapters: Vec<Chapter>,
}

/// A chapter as read from disk.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Path relative to the project root (`content/03-x.md`).
    pub rel: String,
    /// The whole file's text, for diagnostics' source lines.
    pub text: String,
    pub front: FrontMatter,
    pub slug: String,
    /// The Markdown body (after the front matter) and its first line number.
    pub body: String,
    pub body_line: usize,
}

impl Chapter {
    /// Line `line` of the chapter file, for a diagnostic's caret display.
    pub fn line_text(&self, line: usize) -> Option<String> {
        crate::diag::shown_line(&self.text, line)
    }
}

/// A chapter's YAML front matter (between `---` lines at the top of the file).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Chapter title (shown as 第N章 title).
    pub title: String,
    /// Position among the chapters; lower first.
    #[serde(default)]
    pub order: i64,
    /// Output file name without `.html` (default: the Markdown file's stem).
    #[serde(default)]
    pub slug: Option<String>,
    /// A one-line summary for the contents and the overview.
    #[serde(default)]
    pub summary: Option<String>,
    /// Include in the web site (default true) and in the print compilation (default true).
    #[serde(default = "yes")]
    pub web: bool,
    #[serde(default = "yes")]
    pub print: bool,
}

fn yes() -> bool {
    true
}

/// The project's own template sources and assets, by relative name.
#[derive(Debug, Clone, Default)]
pub struct TemplateFiles {
    /// `.html` templates: name → source.
    pub templates: BTreeMap<String, String>,
    /// `.css` / `.js` assets: name → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}
