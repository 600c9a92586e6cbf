//! Reading a data file and parsing it into a typed model, with every failure
//! turned into a Chinese [`Diagnostic`] that names the file, line, column and
//! field path.

use serde::de::DeserializeOwned;
use serde_saphyr::{budget, options, Error as YamlError};

use super::SourceFile;
use crate::diag::{suggest, Diagnostic};

/// Limits against hostile input ("billion laughs", deep nesting). A file's
/// size is limited when it is read (`max_file_bytes`); its node and event
/// budgets grow with its length ([`node_budget`]), so that no file within
/// that size is refused for the data it plainly holds: a county of 6,000
/// schools is data, not an attack.
pub const MAX_DEPTH: usize = 48;
pub const MAX_NODES: usize = 200_000;
pub const MAX_ALIAS_EVENTS: usize = 20_000;

/// The node budget of a text of `len` bytes: at least [`MAX_NODES`], and
/// never less than the text can hold without aliases (a node takes at least
/// one byte: `[a,a]`, `[[]]`). Only alias expansion can go past it, and that
/// has its own limits.
pub fn node_budget(len: usize) -> usize {
    MAX_NODES.max(len)
}

/// Decode a file's bytes: UTF-8 with or without BOM. Anything else is refused
/// with a message that names the problem.
pub fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            rel,
            "文件编码为 UTF-16，无法读取：请用编辑器“另存为”UTF-8 编码后重试",
        ));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = &body[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let bad: Vec<String> = body[e.valid_up_to()..]
                .iter()
                .take(2)
                .map(|b| format!("{b:02X}"))
                .collect();
            Err(Diagnostic::error(
                rel,
                format!(
                    "文件不是 UTF-8 编码（第 {line} 行出现字节 {}，多为 Windows 记事本等保存的 GBK/GB2312 编码）：\
                     请用编辑器“另存为”UTF-8 编码后重试",
                    bad.join(" ")
                ),
            )
            .at(line, column, None))
        }
    }
}

/// Whether the text holds no YAML content (only blanks and comments).
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// Parse a file into `T`. On failure: one diagnostic at the first problem.
///
/// The first pass parses without tracking the field path (tracking every
/// value costs about a third of the parse); only a file that fails is parsed
/// again with `serde_path_to_error`, which fails at the same place and names
/// the path.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    let fast = serde_saphyr::with_deserializer_from_str_with_options(
        file.text(),
        options(file.text().len()),
        |de| T::deserialize(de),
    );
    if let Ok(v) = fast {
        return Ok(v);
    }
    let mut path = String::new();
    let result = serde_saphyr::with_deserializer_from_str_with_options(
        file.text(),
        options(file.text().len()),
        |de| {
            serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
                path = e.path().to_string();
                e.into_inner()
            })
        },
    );
    result.map_err(|err| translate(file, &path, err))
}

/// The parser's limits for a text of `len` bytes ([`MAX_DEPTH`],
/// [`node_budget`], aliases) and settings.
fn options(len: usize) -> serde_saphyr::Options {
    let nodes = node_budget(len);
    options! {
        budget: budget! {
            max_depth: MAX_DEPTH,
            max_nodes: nodes,
            // Every node opens at most one event and closes at most one more.
            max_events: 1_000_000usize.max(nodes.saturating_mul(2)),
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_EVENTS,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        with_snippet: false,
    }
}

fn translate(file: &SourceFile, path: &str, err: YamlError) -> Diagnostic {
    let err = unwrap(err);
    // serde_path_to_error writes `?` for a position it cannot name.
    let path = path.replace("?.", "");
    let path = path.trim_end_matches('?').trim_end_matches('.');
    let path = if path == "." { "" } else { path };
    let (message, path) = message(&err, path);
    let loc = err.location().filter(|l| l.line() > 0);
    let mut d = Diagnostic::error(&file.rel, message).with_path(path.clone());
    match loc {
        Some(l) => {
            let (line, col) = (l.line() as usize, l.column() as usize);
            d = d.at(line, col, file.line_text(line));
        }
        None => d = file.place(d, &path),
    }
    d
}

fn unwrap(err: YamlError) -> YamlError {
    match err {
        YamlError::WithSnippet { error, .. } => unwrap(*error),
        YamlError::AliasError { error, .. } => unwrap(*error),
        other => other,
    }
}

/// The Chinese message, and the path (extended with the offending key where useful).
fn message(err: &YamlError, path: &str) -> (String, String) {
    let with = |k: &str| {
        if path == k || path.ends_with(&format!(".{k}")) {
            path.to_string()
        } else if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match err {
        YamlError::Message { msg, .. } if has_cjk(msg) => (msg.clone(), path.into()),
        YamlError::Message { msg, .. } => (format!("YAML 语法错误：{msg}"), path.into()),
        YamlError::ExternalMessage { msg, .. } => (syntax_zh(msg), path.into()),
        YamlError::Unexpected { expected, .. } => {
            let message = match *expected {
                "mapping start" => "结构错误：此处应为映射（`键: 值`）。常见原因是漏写了上一级的键（如 `schools:`），或缩进不对".to_string(),
                "sequence start" => "结构错误：此处应为列表（每项以 `- ` 开头）。常见原因是缩进不对".to_string(),
                "string scalar" | "str expected" | "missing string" => "类型错误：此处应为文本，实际为列表或映射".to_string(),
                "scalar" | "value" => "类型错误：此处应为单个值，实际为列表或映射".to_string(),
                other => format!("结构错误：此处应为 {other}"),
            };
            (message, path.into())
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            format!(
                "类型错误：应为{}，实际为{}",
                expected_zh(expected),
                unexpected_zh(unexpected)
            ),
            path.into(),
        ),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let mut m = format!("取值 `{variant}` 无效：应为 {}", list(expected));
            if let Some(s) = suggest(variant, expected.iter().copied()) {
                m.push_str(&format!("。是否应为 `{s}`？"));
            }
            (m, path.into())
        }
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => {
            let mut m = format!("未知字段 `{field}`");
            if let Some(s) = suggest(field, expected.iter().copied()) {
                m.push_str(&format!("。是否应为 `{s}`？"));
            }
            if !expected.is_empty() {
                m.push_str(&format!("（此处可用的字段：{}）", list(expected)));
            }
            (m, with(field))
        }
        YamlError::SerdeMissingField { field, .. } => {
            (format!("缺少必填字段 `{field}`"), with(field))
        }
        YamlError::DuplicateMappingKey { key, .. } => {
            let k = key.clone().unwrap_or_default();
            (
                format!("重复的键 `{k}`：同一处写了两次，只能保留一个（否则后写的会悄悄覆盖先写的数据）"),
                with(&k),
            )
        }
        YamlError::Budget { breach, .. } => (
            format!(
                "文件结构超出安全限制，已拒绝读取：{}（正常的数据文件不会如此，此文件可能已损坏或是恶意构造的）",
                breach_zh(breach)
            ),
            path.into(),
        ),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => (
            "别名（`*引用`）展开过多，疑似“十亿笑声”式恶意文件，已拒绝读取".to_string(),
            path.into(),
        ),
        YamlError::MultipleDocuments { .. } => (
            "一个文件只能包含一个 YAML 文档（发现了第二个 `---`）".to_string(),
            path.into(),
        ),
        YamlError::Eof { .. } => ("文件意外结束：结构不完整".to_string(), path.into()),
        YamlError::SerdeInvalidLength { .. } => (format!("列表长度错误：{err}"), path.into()),
        other => (format!("YAML 解析错误：{other}"), path.into()),
    }
}

/// A parser (scanner) message in Chinese, with the parser's own words kept for reference.
/// Which limit a file went past, in Chinese.
fn breach_zh(b: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match b {
        B::Depth { .. } => format!("嵌套超过 {MAX_DEPTH} 层"),
        B::Nodes { nodes } => format!("节点数超过上限（已读到 {nodes} 个）"),
        B::Events { events } => format!("解析事件数超过上限（已读到 {events} 个）"),
        B::Aliases { .. } => "别名（`*引用`）超过 1000 个".to_string(),
        B::Anchors { .. } => "锚点（`&名称`）超过 1000 个".to_string(),
        B::Documents { .. } => "一个文件里只能有一个文档（`---` 分隔出了多个）".to_string(),
        B::MergeKeys { .. } => "合并键（`<<`）过多".to_string(),
        B::ScalarBytes { .. } => "文本内容总量过大".to_string(),
        B::AliasAnchorRatio { .. } => "别名引用次数远多于锚点，疑似恶意展开".to_string(),
        _ => "文件结构异常".to_string(),
    }
}

fn syntax_zh(msg: &str) -> String {
    let hints: [(&[&str], &str); 4] = [
        (
            &["recursion limit"],
            "嵌套层数过深，超过安全限制，已拒绝读取（正常的数据文件只有几层嵌套，此文件可能已损坏或是恶意构造的）",
        ),
        (
            &["unclosed bracket", "did not find expected ','", "mismatched bracket", "misplaced bracket", "only valid inside a block"],
            "方括号或花括号不配对：请检查每个 `[`、`{` 是否都有对应的 `]`、`}`",
        ),
        (
            &["mapping values are not allowed", "illegal placement of ':'"],
            "此处不能出现 `键: 值`：常见原因是上一行的括号没有闭合、缩进不对，或文本中含有“: ”（请给文本加引号）",
        ),
        (
            &["cannot start any token", "tab"],
            "出现了不允许的字符：常见原因是用 Tab 键缩进，请改用空格",
        ),
    ];
    let hint = hints
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| msg.contains(k)))
        .map_or("文件格式不符合 YAML 语法", |(_, h)| *h);
    format!("YAML 语法错误：{hint}（解析器信息：{msg}）")
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join("、")
}

fn expected_zh(e: &str) -> String {
    let e = e.trim();
    let zh = match e {
        "a string" | "a borrowed string" | "string" => "文本",
        "a boolean" | "bool" => "布尔值（true 或 false）",
        "a sequence" | "sequence" => "列表",
        "a map" | "map" => "映射（键: 值）",
        "f64" | "f32" | "a number" => "数字",
        "u8" | "u16" | "u32" | "u64" | "usize" => "非负整数",
        "i8" | "i16" | "i32" | "i64" | "isize" => "整数",
        "a YAML-1.2 boolean" => "布尔值（true 或 false）",
        _ if e.starts_with("struct ") => "映射（键: 值）",
        _ if e.starts_with("an array of length") => {
            return format!(
                "列表（{} 项）",
                e.trim_start_matches("an array of length ").trim()
            )
        }
        _ if e.starts_with("enum ") || e.starts_with("variant") => "规定的取值之一",
        _ => return e.to_string(),
    };
    zh.to_string()
}

fn unexpected_zh(u: &str) -> String {
    let u = u.trim();
    if let Some(v) = u.strip_prefix("string ") {
        return format!("文本 {v}");
    }
    if let Some(v) = u.strip_prefix("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = u.strip_prefix("floating point ") {
        return format!("小数 {v}");
    }
    if let Some(v) = u.strip_prefix("boolean ") {
        return format!("布尔值 {v}");
    }
    match u {
        "sequence" => "列表".into(),
        "map" => "映射".into(),
        "unit value" | "null" | "unit" => "空值".into(),
        _ => u.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A county's year file of many schools holds more values than
    /// [`MAX_NODES`]: it is data, read whole, and every value can be placed.
    #[test]
    fn a_file_with_more_values_than_the_base_budget_is_read_and_mapped() {
        let n = MAX_NODES + 50_000;
        let items: String = (0..n).map(|i| format!("  - {}\n", i % 10)).collect();
        let file = SourceFile::mapped("data/years/2025.yaml", format!("values:\n{items}"));
        #[derive(serde::Deserialize)]
        struct Values {
            values: Vec<u8>,
        }
        let parsed: Values = parse(&file).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(parsed.values.len(), n);
        let last = file.map().locate(&format!("values[{}]", n - 1));
        assert_eq!(last.map(|p| p.line), Some(n + 1));
    }

    #[test]
    fn a_budget_breach_is_told_in_chinese() {
        let deep = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH + 5),
            "]".repeat(MAX_DEPTH + 5)
        );
        let file = SourceFile::new("data/plan.yaml", deep);
        let d = parse::<serde::de::IgnoredAny>(&file).expect_err("too deep");
        let text = d.to_string();
        assert!(text.contains("已拒绝读取"), "{text}");
        assert!(!text.contains('{') && !text.contains("Depth"), "{text}");
        use serde_saphyr::budget::BudgetBreach as B;
        for b in [
            B::Depth { depth: 60 },
            B::Nodes { nodes: 9 },
            B::Events { events: 9 },
        ] {
            let zh = breach_zh(&b);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert!(!zh.contains('{'), "{zh}");
        }
    }
}
