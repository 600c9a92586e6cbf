//! Reading a data file and parsing it into a typed model, with every failure
//! turned into a Chinese [`Diagnostic`] that names the file, line, column and
//! field path.

use serde::de::DeserializeOwned;
use serde_saphyr::{budget, options, Error as YamlError};

use super::SourceFile;
use crate::diag::{suggest, Diagnostic};

/// Limits against hostile input ("billion laughs", deep nesting, huge files).
pub const MAX_DEPTH: usize = 48;
pub const MAX_NODES: usize = 200_000;
pub const MAX_ALIAS_EVENTS: usize = 20_000;

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
    let fast = serde_saphyr::with_deserializer_from_str_with_options(&file.text, options(), |de| {
        T::deserialize(de)
    });
    if let Ok(v) = fast {
        return Ok(v);
    }
    let mut path = String::new();
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(&file.text, options(), |de| {
            serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
                path = e.path().to_string();
                e.into_inner()
            })
        });
    result.map_err(|err| translate(file, &path, err))
}

/// The parser's limits ([`MAX_DEPTH`], [`MAX_NODES`], aliases) and settings.
fn options() -> serde_saphyr::Options {
    options! {
        budget: budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
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
                "文件结构超出安全限制：嵌套过深、节点过多或别名展开过多，已拒绝读取（限制：嵌套 {MAX_DEPTH} 层、{MAX_NODES} 个节点；超出项：{breach:?}）"
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
