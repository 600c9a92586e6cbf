//! After a file fails to parse: find every independent mistake in it, not only
//! the first, each at the character that is wrong.
//!
//! Two passes. Each entry of the file's lists (`schools`, `projects`, …) is
//! parsed on its own, and the rest of the file with those lists left empty, so
//! three bad school entries give three diagnostics and a syntax error in one
//! entry does not hide the next. Then a line-by-line look at the characters
//! the parser reports badly (a Tab used for indentation, a full-width colon,
//! space or digit, a key glued onto the previous value by extra indentation)
//! names the slip itself, in place of the parser's message on that spot.
//!
//! Must not: run on a file that parsed (it decides nothing about valid data),
//! report one mistake twice, or accept anything the whole-file parse refused.

use serde::de::DeserializeOwned;

use super::{yaml, SourceFile};
use crate::diag::Diagnostic;

/// Parses one list entry (as a one-entry list) and reports its first mistake.
pub type EntryParser = fn(&SourceFile) -> Result<(), Diagnostic>;

/// A model whose top-level lists may be parsed entry by entry.
pub trait Lists {
    /// Top-level list keys and the parser of one entry.
    fn lists() -> Vec<(&'static str, EntryParser)> {
        Vec::new()
    }
    /// Top-level mapping keys whose own keys are all optional and independent
    /// (a year's `county`): each is parsed on its own too.
    fn maps() -> Vec<&'static str> {
        Vec::new()
    }
}

impl Lists for crate::model::Settings {}
impl Lists for crate::model::County {}
impl Lists for crate::model::Standards {}

impl Lists for crate::model::Registry {
    fn lists() -> Vec<(&'static str, EntryParser)> {
        vec![("schools", entry::<crate::model::School>)]
    }
}

impl Lists for crate::model::Plan {
    fn lists() -> Vec<(&'static str, EntryParser)> {
        use crate::model::plan as p;
        vec![
            ("years", entry::<p::PlanYear>),
            ("targets", entry::<p::Target>),
            ("milestones", entry::<p::Milestone>),
            ("task_groups", entry::<p::TaskGroup>),
            ("tasks", entry::<p::Task>),
            ("projects", entry::<p::Project>),
        ]
    }
}

impl Lists for crate::model::YearFile {
    fn lists() -> Vec<(&'static str, EntryParser)> {
        use crate::model::year as y;
        vec![
            ("schools", entry::<y::SchoolYear>),
            ("projects", entry::<y::ProjectProgress>),
            ("tasks", entry::<y::TaskProgress>),
            ("ledger", entry::<y::LedgerItem>),
        ]
    }
    fn maps() -> Vec<&'static str> {
        vec!["county"]
    }
}

/// The [`EntryParser`] of entries of type `E`.
pub fn entry<E: DeserializeOwned>(f: &SourceFile) -> Result<(), Diagnostic> {
    yaml::parse::<Vec<E>>(f).map(|_| ())
}

/// A block list found in the text: its key's line and each entry's lines (0-based, end exclusive).
struct Block {
    key: &'static str,
    parse: EntryParser,
    key_line: usize,
    entries: Vec<(usize, usize)>,
}

/// Every mistake of `file`, given the whole-file parse's first one.
/// `name_of` gives a school's name from its id (the registry, when it parsed),
/// so a school entry's mistakes name the school.
pub fn all_mistakes<T: DeserializeOwned + Lists>(
    file: &SourceFile,
    first: Diagnostic,
    name_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    // A hostile file (budget, aliases) is refused once, not parsed again piece by piece.
    if first.message.contains("安全限制") || first.message.contains("别名") {
        return vec![first];
    }
    let lines: Vec<&str> = file.text().split('\n').collect();
    let blocks = blocks(&lines, T::lists());
    // (region, diagnostic): region 0 is the rest of the file, 1.. the entries in order.
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let mut regions: Vec<(usize, usize)> = vec![(0, lines.len())];
    // The school each region's entry names, for messages ("" for none).
    let mut whos: Vec<String> = vec![String::new()];
    if blocks.iter().any(|b| !b.entries.is_empty()) || !map_parts(&lines, &T::maps()).is_empty() {
        let mut rest: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for b in &blocks {
            rest[b.key_line] = format!("{}: []", b.key);
            for &(from, to) in &b.entries {
                for l in rest.iter_mut().take(to).skip(from) {
                    l.clear();
                }
            }
        }
        let rest = SourceFile::new(file.rel.clone(), rest.join("\n"));
        if let Err(d) = yaml::parse::<T>(&rest) {
            let rest_lines: Vec<&str> = rest.text().split('\n').collect();
            let parts = map_parts(&rest_lines, &T::maps());
            if parts.is_empty() {
                found.push((0, with_line_text(d, file)));
            } else {
                // The rest without those maps, then each of their keys alone.
                let only = |keep: &[(usize, usize)]| {
                    SourceFile::new(
                        file.rel.clone(),
                        rest_lines
                            .iter()
                            .enumerate()
                            .map(|(n, l)| {
                                let inside = parts.iter().any(|(k, subs)| {
                                    n == *k || subs.iter().any(|(f, t)| n >= *f && n < *t)
                                });
                                let kept = keep.iter().any(|(f, t)| n >= *f && n < *t);
                                if !inside || kept {
                                    *l
                                } else {
                                    ""
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                };
                if let Err(d) = yaml::parse::<T>(&only(&[])) {
                    found.push((0, with_line_text(d, file)));
                }
                for (k, subs) in &parts {
                    for &(from, to) in subs {
                        let piece = only(&[(*k, *k + 1), (from, to)]);
                        regions.push((from, to));
                        whos.push(String::new());
                        if let Err(d) = yaml::parse::<T>(&piece) {
                            found.push((regions.len() - 1, with_line_text(d, file)));
                        }
                    }
                }
            }
        }
        for b in &blocks {
            for (i, &(from, to)) in b.entries.iter().enumerate() {
                regions.push((from, to));
                whos.push(if b.key == "schools" {
                    school_of(&lines[from..to], name_of)
                        .map(|w| format!("{w}："))
                        .unwrap_or_default()
                } else {
                    String::new()
                });
                let text = lines[from..to].join("\n");
                let piece = SourceFile::mapped(file.rel.clone(), text);
                if let Err(mut d) = (b.parse)(&piece) {
                    if d.line > 0 {
                        d.line += from;
                    }
                    d.path = entry_path(b.key, i, &d.path);
                    if b.key == "schools" {
                        if let Some(who) = school_of(&lines[from..to], name_of) {
                            d.message = format!("{who}：{}", d.message);
                        }
                    }
                    found.push((regions.len() - 1, with_line_text(d, file)));
                }
            }
        }
    }
    if found.is_empty() {
        found.push((0, first));
    }
    let region_of = |line: usize| {
        regions
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, (from, to))| line > *from && line <= *to)
            .map_or(0, |(i, _)| i)
    };
    // Character slips replace the parser's message in their region when it is
    // at or just after them; a slip in a region that parsed is no mistake.
    let slips = slips(&lines);
    let mut out: Vec<Diagnostic> = Vec::new();
    for (region, d) in found {
        let mine: Vec<&Slip> = slips
            .iter()
            .filter(|s| region_of(s.line) == region)
            .collect();
        let near = |s: &&Slip| d.line + 1 >= s.line && d.line <= s.line + 2;
        if !mine.is_empty() && (d.line == 0 || mine.iter().any(near)) {
            for s in mine {
                let text = file.line_text(s.line);
                // A path the slip garbled (`senior_quota：{allocated`) is cut to its clean part.
                let path = match d.path.find(|c: char| !c.is_ascii()) {
                    Some(i) => d.path[..i].rsplit_once('.').map_or("", |(p, _)| p),
                    None => &d.path,
                };
                out.push(
                    Diagnostic::error(&file.rel, format!("{}{}", whos[region], s.message))
                        .with_path(path)
                        .at(s.line, s.column, text),
                );
            }
        } else {
            out.push(d);
        }
    }
    out.sort_by_key(|d| (d.line, d.column));
    out.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.message == b.message);
    out
}

/// "南宾中学（`nanbin-zhongxue`）" for an entry naming a school by `school:` (a
/// year file) or `id:` and `name:` (the registry).
fn school_of(lines: &[&str], name_of: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let value = |key: &str| {
        lines.iter().find_map(|l| {
            let chars: Vec<char> = l.chars().collect();
            let (ks, ke) = key_at(&chars)?;
            let k: String = chars[ks..ke].iter().collect();
            if k != key {
                return None;
            }
            let rest: String = chars[ke..].iter().collect();
            let v = rest.trim_start().strip_prefix(':')?;
            let v = v.split(" #").next().unwrap_or("").trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            (!v.is_empty()).then(|| v.to_string())
        })
    };
    let id = value("school").or_else(|| value("id"))?;
    let name = name_of(&id).or_else(|| value("name"));
    Some(match name {
        Some(n) => format!("{n}（`{id}`）"),
        None => format!("`{id}`"),
    })
}

fn with_line_text(mut d: Diagnostic, file: &SourceFile) -> Diagnostic {
    if d.line > 0 {
        d.source_line = file.line_text(d.line);
    }
    d
}

/// `[0].primary.students` of a one-entry list → `schools[3].primary.students`.
fn entry_path(key: &str, i: usize, path: &str) -> String {
    let rest = path.strip_prefix("[0]").unwrap_or(path);
    let rest = rest.trim_start_matches('.');
    if rest.is_empty() {
        format!("{key}[{i}]")
    } else if rest.starts_with('[') {
        format!("{key}[{i}]{rest}")
    } else {
        format!("{key}[{i}].{rest}")
    }
}

/// Leading whitespace of a line as written: spaces, Tabs and full-width spaces.
fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
        .count()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    t.is_empty() || t.starts_with('#')
}

/// The block lists of the text: `key:` at column 1 followed by `- ` entries.
fn blocks(lines: &[&str], lists: Vec<(&'static str, EntryParser)>) -> Vec<Block> {
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let Some((key, parse)) = lists.iter().find(|(k, _)| {
            line.strip_prefix(k)
                .map(|r| r.trim_start_matches(' '))
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|r| {
                    let r = r.trim();
                    r.is_empty() || r.starts_with('#')
                })
        }) else {
            continue;
        };
        // The block runs to the next line at column 1 that is not blank, a comment or a `-`.
        let end = (n + 1..lines.len())
            .find(|&i| {
                let l = lines[i];
                !is_blank_or_comment(l) && indent_of(l) == 0 && !l.starts_with('-')
            })
            .unwrap_or(lines.len());
        let dash = (n + 1..end)
            .filter(|&i| {
                let t = lines[i].trim_start_matches([' ', '\t', '\u{3000}']);
                t.starts_with("- ") || t == "-"
            })
            .map(|i| indent_of(lines[i]))
            .min();
        let Some(dash) = dash else { continue };
        let starts: Vec<usize> = (n + 1..end)
            .filter(|&i| {
                let t = lines[i].trim_start_matches([' ', '\t', '\u{3000}']);
                indent_of(lines[i]) == dash && (t.starts_with("- ") || t == "-")
            })
            .collect();
        let mut entries = Vec::new();
        for (j, &s) in starts.iter().enumerate() {
            let mut e = starts.get(j + 1).copied().unwrap_or(end);
            // Trailing blank and comment lines belong to no entry.
            while e > s + 1 && is_blank_or_comment(lines[e - 1]) {
                e -= 1;
            }
            entries.push((s, e));
        }
        out.push(Block {
            key,
            parse: *parse,
            key_line: n,
            entries,
        });
    }
    out
}

/// The maps among `keys` written as blocks: each key's line and its own keys'
/// line ranges (0-based, end exclusive).
fn map_parts(lines: &[&str], keys: &[&str]) -> Vec<(usize, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let is_key = keys.iter().any(|k| {
            line.strip_prefix(k)
                .map(|r| r.trim_start_matches(' '))
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|r| {
                    let r = r.trim();
                    r.is_empty() || r.starts_with('#')
                })
        });
        if !is_key {
            continue;
        }
        let end = (n + 1..lines.len())
            .find(|&i| !is_blank_or_comment(lines[i]) && indent_of(lines[i]) == 0)
            .unwrap_or(lines.len());
        let Some(ind) = (n + 1..end)
            .filter(|&i| !is_blank_or_comment(lines[i]))
            .map(|i| indent_of(lines[i]))
            .min()
        else {
            continue;
        };
        let starts: Vec<usize> = (n + 1..end)
            .filter(|&i| {
                let l = lines[i];
                !is_blank_or_comment(l)
                    && indent_of(l) == ind
                    && !l
                        .trim_start_matches([' ', '\t', '\u{3000}'])
                        .starts_with('-')
            })
            .collect();
        let mut subs = Vec::new();
        for (j, &st) in starts.iter().enumerate() {
            let mut e = starts.get(j + 1).copied().unwrap_or(end);
            while e > st + 1 && is_blank_or_comment(lines[e - 1]) {
                e -= 1;
            }
            subs.push((st, e));
        }
        if subs.len() > 1 {
            out.push((n, subs));
        }
    }
    out
}

/// A character slip at a 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// `３１２．５` → `312.5`.
fn narrow(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            other => other,
        })
        .collect()
}

/// Where a key starts on a line (after indentation and `- `), with its end.
fn key_at(chars: &[char]) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < chars.len() && matches!(chars[i], ' ' | '\t' | '\u{3000}') {
        i += 1;
    }
    while i + 1 < chars.len() && chars[i] == '-' && matches!(chars[i + 1], ' ' | '\u{3000}') {
        i += 2;
        while i < chars.len() && matches!(chars[i], ' ' | '\t' | '\u{3000}') {
            i += 1;
        }
    }
    let start = i;
    while i < chars.len() && is_key_char(chars[i]) {
        i += 1;
    }
    (i > start && chars[start].is_ascii_alphabetic()).then_some((start, i))
}

/// The character slips of the text, line by line.
pub fn slips(lines: &[&str]) -> Vec<Slip> {
    let mut out = Vec::new();
    // The previous content line's indentation, key column and whether it ended in a plain value.
    let mut prev: Option<(usize, usize, String, bool)> = None;
    for (n, line) in lines.iter().enumerate() {
        let ln = n + 1;
        let chars: Vec<char> = line.chars().collect();
        if is_blank_or_comment(line) {
            continue;
        }
        let ind = indent_of(line);
        if let Some(c) = chars[..ind].iter().position(|c| *c == '\t') {
            out.push(Slip {
                line: ln,
                column: c + 1,
                message: format!(
                    "第 {ln} 行用了 Tab 键缩进（第 {} 列）：YAML 只能用空格缩进，请把 Tab 换成空格",
                    c + 1
                ),
            });
        } else if let Some(c) = chars[..ind].iter().position(|c| *c == '\u{3000}') {
            out.push(Slip {
                line: ln,
                column: c + 1,
                message: "此处是全角空格，应为半角空格：缩进只能用半角空格".to_string(),
            });
        }
        let key = key_at(&chars);
        if let Some((ks, ke)) = key {
            let mut j = ke;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if chars.get(j) == Some(&'：') {
                out.push(Slip {
                    line: ln,
                    column: j + 1,
                    message: format!(
                        "此处是全角冒号 `：`，应为半角冒号 `:`（`{}` 后写英文冒号，再空一格）",
                        chars[ks..ke].iter().collect::<String>()
                    ),
                });
            } else if chars.get(j) == Some(&':') {
                let v = j + 1;
                if chars.get(v) == Some(&'\u{3000}') {
                    out.push(Slip {
                        line: ln,
                        column: v + 1,
                        message: "此处是全角空格，应为半角空格：冒号后要空一个半角空格".to_string(),
                    });
                }
            }
            // Glued: more indented than the previous line's key, which had a plain value.
            if let Some((_, pkey, pname, true)) = &prev {
                if ind > *pkey && chars.get(j) == Some(&':') {
                    out.push(Slip {
                        line: ln,
                        column: ind + 1,
                        message: format!(
                            "此行缩进比上一行的 `{pname}` 多，`{}` 与上一行的值连成了一个值：同一层的键要左对齐，请减少此行的缩进",
                            chars[ks..ke].iter().collect::<String>()
                        ),
                    });
                }
            }
        }
        // Full-width digits in a value that is otherwise a number: `students: ３１２`, `[96, １００]`.
        let value_from = key
            .map(|(_, ke)| {
                chars[ke..]
                    .iter()
                    .position(|c| *c == ':' || *c == '：')
                    .map_or(chars.len(), |p| ke + p + 1)
            })
            .unwrap_or(ind);
        let mut k = value_from;
        while k < chars.len() {
            if chars[k] == '#' {
                break;
            }
            let start = k;
            while k < chars.len() && !matches!(chars[k], ',' | '[' | ']' | '{' | '}' | '#') {
                k += 1;
            }
            let token: String = chars[start..k].iter().collect();
            let t = token.trim();
            let t = t.strip_prefix("- ").unwrap_or(t).trim();
            let numeric = !t.is_empty()
                && t.chars().any(is_wide_digit)
                && t.chars().all(|c| {
                    c.is_ascii_digit() || is_wide_digit(c) || matches!(c, '.' | '．' | '-' | '－')
                });
            if numeric {
                let col = start
                    + chars[start..k]
                        .iter()
                        .position(|c| is_wide_digit(*c))
                        .unwrap_or(0);
                out.push(Slip {
                    line: ln,
                    column: col + 1,
                    message: format!(
                        "此处是全角数字 `{t}`，应为半角数字 `{}`：请切换到英文输入法重新输入",
                        narrow(t)
                    ),
                });
            }
            if k < chars.len() && chars[k] == '#' {
                break;
            }
            k += 1;
        }
        let plain_value = key.and_then(|(ks, ke)| {
            let rest: String = chars[ke..].iter().collect();
            let rest = rest.trim_start();
            let v = rest.strip_prefix(':')?.trim();
            let v = v.split(" #").next().unwrap_or("").trim();
            let plain =
                !v.is_empty() && !v.starts_with(['|', '>', '[', '{', '&', '*', '!', '"', '\'']);
            Some((ks, chars[ks..ke].iter().collect::<String>(), plain))
        });
        let odd_indent = chars[..ind].iter().any(|c| *c != ' ');
        prev = match plain_value {
            Some((ks, name, plain)) if !odd_indent => Some((ind, ks, name, plain)),
            _ => None,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slips_of(text: &str) -> Vec<(usize, usize)> {
        let lines: Vec<&str> = text.split('\n').collect();
        slips(&lines).iter().map(|s| (s.line, s.column)).collect()
    }

    #[test]
    fn each_slip_at_its_own_character() {
        assert_eq!(slips_of("a:\n\tb: 1"), [(2, 1)]);
        assert_eq!(slips_of("a:\n  \tb: 1"), [(2, 3)]);
        assert_eq!(slips_of("  students：312"), [(1, 11)]);
        assert_eq!(slips_of("  - school：x"), [(1, 11)]);
        assert_eq!(slips_of("students:\u{3000}312"), [(1, 10)]);
        assert_eq!(slips_of("\u{3000}students: 312"), [(1, 1)]);
        assert_eq!(slips_of("students: ３１２"), [(1, 11)]);
        assert_eq!(slips_of("rooms: [96, １００]"), [(1, 13)]);
        assert_eq!(slips_of("  students: 312\n    classes: 8"), [(2, 5)]);
        // Not slips: text values, full-width punctuation in notes, nested blocks.
        assert!(slips_of("note: 说明：已完工，第１期").is_empty());
        assert!(slips_of("name: 第１小学").is_empty());
        assert!(slips_of("primary:\n  students: 1\n  classes: 1").is_empty());
        assert!(slips_of("- school: a\n  primary:\n    students: 1").is_empty());
    }

    #[test]
    fn entry_paths() {
        assert_eq!(
            entry_path("schools", 3, "[0].primary.students"),
            "schools[3].primary.students"
        );
        assert_eq!(entry_path("schools", 3, "[0]"), "schools[3]");
        assert_eq!(entry_path("tasks", 0, ""), "tasks[0]");
    }
}
