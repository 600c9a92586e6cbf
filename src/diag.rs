//! Diagnostics: every problem found in a project, with the file, line, column
//! and field path it concerns and a Chinese message for the clerk who fixes it.

use std::fmt;

/// Longest source line shown under a diagnostic, in characters.
pub const MAX_SHOWN_LINE: usize = 400;

/// Line `line` (1-based) of `text`, for the caret display; `None` for a line
/// too long to show (a hostile file's 20 000 brackets are not echoed).
pub fn shown_line(text: &str, line: usize) -> Option<String> {
    let text = text.lines().nth(line.checked_sub(1)?)?;
    (text.chars().count() <= MAX_SHOWN_LINE).then(|| text.to_string())
}

/// The byte offset where each of `text.lines()` starts, for [`shown_line_at`]:
/// built once per file, so placing many diagnostics in one file does not scan
/// the text from its start for each (quadratic in a county of thousands).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    // `lines()` gives no last, empty line after a final newline (nor any for "").
    if starts.last() == Some(&text.len()) {
        starts.pop();
    }
    starts
}

/// [`shown_line`] through the `starts` of [`line_starts`] of the same text.
pub fn shown_line_at(text: &str, starts: &[usize], line: usize) -> Option<String> {
    let start = *starts.get(line.checked_sub(1)?)?;
    let rest = &text[start..];
    let text = match rest.find('\n') {
        Some(end) => {
            let l = &rest[..end];
            l.strip_suffix('\r').unwrap_or(l)
        }
        None => rest,
    };
    (text.chars().count() <= MAX_SHOWN_LINE).then(|| text.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file relative to the project (`data/years/2024.yaml`); empty
    /// for problems of the project as a whole.
    pub file: String,
    /// 1-based line and column; 0 when unknown.
    pub line: usize,
    pub column: usize,
    /// Field path within the file: `schools[3].junior.students`.
    pub path: String,
    /// What is wrong, in Chinese: what was expected and what was found.
    pub message: String,
    /// The source line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
            source_line: None,
        }
    }
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }
    pub fn at(mut self, line: usize, column: usize, source_line: Option<String>) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = source_line;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(f, "{label}: ")?;
        if !self.file.is_empty() {
            write!(f, "{}", self.file)?;
            if self.line > 0 {
                write!(f, ":{}:{}", self.line, self.column)?;
            }
            f.write_str(" ")?;
        }
        if !self.path.is_empty() {
            write!(f, "`{}` ", self.path)?;
        }
        writeln!(f)?;
        writeln!(f, "  {}", self.message)?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let shown: String = src.trim_end().replace('\t', " ");
            writeln!(f, "  {pad} |")?;
            writeln!(f, "  {num} | {shown}")?;
            // Width of the text before the caret, counting wide (CJK) characters as two columns.
            let before: usize = shown
                .chars()
                .take(self.column.saturating_sub(1))
                .map(display_width)
                .sum();
            writeln!(f, "  {pad} | {}^", " ".repeat(before))?;
        }
        Ok(())
    }
}

fn display_width(c: char) -> usize {
    let cp = c as u32;
    let wide = (0x1100..=0x115F).contains(&cp)
        || (0x2E80..=0xA4CF).contains(&cp)
        || (0xAC00..=0xD7A3).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0xFE30..=0xFE4F).contains(&cp)
        || (0xFF00..=0xFF60).contains(&cp)
        || (0xFFE0..=0xFFE6).contains(&cp)
        || (0x20000..=0x3FFFD).contains(&cp);
    if wide {
        2
    } else {
        1
    }
}

/// All problems found in a run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }
    /// Sort by file, then line, keeping the order of equal positions; drop exact repeats.
    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.items.dedup();
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_lines_are_the_lines() {
        let long = "x".repeat(MAX_SHOWN_LINE + 1);
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\n\n\nc\r",
            "\r\n\r\n",
            "名称: 南宾\n学校: x\r\n",
            &format!("a\n{long}\nb"),
        ] {
            let starts = line_starts(text);
            assert_eq!(starts.len(), text.lines().count(), "{text:?}");
            for line in 0..text.lines().count() + 3 {
                assert_eq!(
                    shown_line_at(text, &starts, line),
                    shown_line(text, line),
                    "{text:?} line {line}"
                );
            }
        }
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["students", "classes", "teachers"];
        assert_eq!(suggest("stduents", keys), Some("students"));
        assert_eq!(suggest("teacher", keys), Some("teachers"));
        assert_eq!(suggest("zzz", keys), None);
    }

    #[test]
    fn caret_sits_under_the_value_even_after_chinese_text() {
        let d = Diagnostic::error("data/x.yaml", "测试")
            .with_path("name")
            .at(3, 8, Some("名称: 南宾 x".into()));
        let text = d.to_string();
        assert!(text.starts_with("错误: data/x.yaml:3:8 `name`"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let src = lines.iter().find(|l| l.contains("南宾")).unwrap();
        let caret = lines.last().unwrap();
        // "名称: 南宾 " is 2+2+1+1+2+2+1 = 11 columns wide.
        assert_eq!(caret.find('^').unwrap() - src.find('名').unwrap(), 11);
    }
}
