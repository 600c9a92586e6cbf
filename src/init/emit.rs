//! A small YAML emitter for the known models: block mappings and sequences,
//! short flow lists of numbers, every string double-quoted and escaped, and a
//! Chinese comment line above any entry. Enough for year files; not general.

/// A YAML value to write.
#[derive(Debug, Clone)]
pub enum Node {
    /// A scalar, already in its YAML form (`12`, `true`, `"文字"`).
    Scalar(String),
    /// A block mapping (an empty one is written `{}`).
    Map(Vec<Entry>),
    /// A block sequence (an empty one is written `[]`).
    Seq(Vec<Item>),
    /// A flow sequence of scalars on one line: `[96, 100]`.
    Flow(Vec<String>),
}

/// A mapping entry, with an optional comment line above it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub value: Node,
    pub comment: Option<String>,
}

/// A sequence item, with an optional comment line above its `- `.
#[derive(Debug, Clone)]
pub struct Item {
    pub value: Node,
    pub comment: Option<String>,
}

/// Builds a mapping entry by entry; `None` values are left out.
#[derive(Debug, Default)]
pub struct MapBuilder(pub Vec<Entry>);

impl MapBuilder {
    pub fn new() -> Self {
        MapBuilder(Vec::new())
    }
    /// Add `key: value`.
    pub fn add(mut self, key: &str, value: Node) -> Self {
        self.0.push(Entry {
            key: key.into(),
            value,
            comment: None,
        });
        self
    }
    /// Add `key: value` with a comment line above it.
    #[cfg(test)]
    pub fn add_c(mut self, key: &str, value: Node, comment: &str) -> Self {
        self.0.push(Entry {
            key: key.into(),
            value,
            comment: Some(comment.into()),
        });
        self
    }
    /// Add `key: value` when there is a value.
    pub fn opt(self, key: &str, value: Option<Node>) -> Self {
        match value {
            Some(v) => self.add(key, v),
            None => self,
        }
    }
    pub fn build(self) -> Node {
        Node::Map(self.0)
    }
}

/// Escape a string for a YAML double-quoted scalar (without the quotes).
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                o.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => o.push(c),
        }
    }
    o
}

/// A double-quoted string scalar.
pub fn str(s: &str) -> Node {
    Node::Scalar(format!("\"{}\"", escape(s)))
}

/// An integer scalar.
pub fn int(n: u64) -> Node {
    Node::Scalar(n.to_string())
}

/// A number scalar (amounts: `4200`, `0.6`).
pub fn num(x: f64) -> Node {
    Node::Scalar(fmt_num(x))
}

pub fn fmt_num(x: f64) -> String {
    if x == 0.0 {
        // Also turns -0 into 0.
        "0".into()
    } else {
        // Rust's Display is the shortest round-trip form, never exponent notation.
        format!("{x}")
    }
}

pub fn bool(b: bool) -> Node {
    Node::Scalar(b.to_string())
}

/// A flow list of numbers.
pub fn nums(v: &[f64]) -> Node {
    Node::Flow(v.iter().map(|x| fmt_num(*x)).collect())
}

/// A flow list of integers.
pub fn ints(v: &[u64]) -> Node {
    Node::Flow(v.iter().map(u64::to_string).collect())
}

/// The snake_case name of a unit enum as serde writes it.
pub fn key_of<T: serde::Serialize>(v: &T) -> Node {
    let name = serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Node::Scalar(name)
}

/// Whether a mapping key can be written without quotes.
fn plain_key(k: &str) -> bool {
    k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn key(k: &str) -> String {
    if plain_key(k) {
        k.to_string()
    } else {
        format!("\"{}\"", escape(k))
    }
}

fn comment(out: &mut String, indent: usize, text: &str) {
    for line in text.lines() {
        out.push_str(&" ".repeat(indent));
        out.push('#');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Write a top-level mapping as a YAML document.
pub fn document(entries: &[Entry]) -> String {
    let mut out = String::new();
    map(&mut out, entries, 0);
    out
}

fn map(out: &mut String, entries: &[Entry], indent: usize) {
    for e in entries {
        if let Some(c) = &e.comment {
            comment(out, indent, c);
        }
        out.push_str(&" ".repeat(indent));
        out.push_str(&key(&e.key));
        out.push(':');
        value(out, &e.value, indent);
    }
}

/// The rest of a `key:` line and any block below it.
fn value(out: &mut String, v: &Node, indent: usize) {
    match v {
        Node::Scalar(s) => {
            out.push(' ');
            out.push_str(s);
            out.push('\n');
        }
        Node::Flow(items) => {
            out.push_str(" [");
            out.push_str(&items.join(", "));
            out.push_str("]\n");
        }
        Node::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Node::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Node::Map(entries) => {
            out.push('\n');
            map(out, entries, indent + 2);
        }
        Node::Seq(items) => {
            out.push('\n');
            seq(out, items, indent + 2);
        }
    }
}

fn seq(out: &mut String, items: &[Item], indent: usize) {
    for item in items {
        if let Some(c) = &item.comment {
            comment(out, indent, c);
        }
        // The first entry of a mapping goes on the `- ` line, its comment above that line.
        if let Node::Map(entries) = &item.value {
            if let Some(c) = entries.first().and_then(|e| e.comment.as_ref()) {
                comment(out, indent, c);
            }
        }
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match &item.value {
            Node::Map(entries) if !entries.is_empty() => {
                let mut first = entries.to_vec();
                first[0].comment = None;
                let mut body = String::new();
                map(&mut body, &first, indent + 2);
                out.push(' ');
                out.push_str(body.trim_start_matches(' '));
            }
            Node::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                seq(out, inner, indent + 2);
            }
            other => {
                let mut line = String::new();
                value(&mut line, other, indent);
                out.push_str(&line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_blocks_flows_quotes_and_comments() {
        let doc = vec![
            Entry {
                key: "year".into(),
                value: int(2025),
                comment: Some("年份".into()),
            },
            Entry {
                key: "source".into(),
                value: str("a \"b\" \\ c\nd"),
                comment: None,
            },
            Entry {
                key: "schools".into(),
                value: Node::Seq(vec![
                    Item {
                        value: MapBuilder::new()
                            .add("school", str("x"))
                            .add("music_rooms_m2", nums(&[96.0, 100.5]))
                            .add("primary", MapBuilder::new().add("students", int(3)).build())
                            .build(),
                        comment: Some("某校".into()),
                    },
                    Item {
                        value: MapBuilder::new()
                            .add_c("school", str("y"), "TODO")
                            .add("art_rooms_m2", nums(&[]))
                            .build(),
                        comment: None,
                    },
                ]),
                comment: None,
            },
            Entry {
                key: "gov-01-layout".into(),
                value: MapBuilder::new()
                    .add(
                        "documents",
                        Node::Seq(vec![Item {
                            value: str("文件"),
                            comment: None,
                        }]),
                    )
                    .add("empty", Node::Seq(vec![]))
                    .build(),
                comment: None,
            },
            Entry {
                key: "1.4".into(),
                value: bool(true),
                comment: None,
            },
        ];
        let text = document(&doc);
        assert_eq!(
            text,
            "# 年份\nyear: 2025\nsource: \"a \\\"b\\\" \\\\ c\\nd\"\nschools:\n  # 某校\n  - school: \"x\"\n    music_rooms_m2: [96, 100.5]\n    primary:\n      students: 3\n  # TODO\n  - school: \"y\"\n    art_rooms_m2: []\ngov-01-layout:\n  documents:\n    - \"文件\"\n  empty: []\n\"1.4\": true\n"
        );
    }
}
