//! Where each value of a YAML file was written: a map from field path
//! (`schools[3].junior.students`) to line and column, built from the parser's
//! events. Validation looks locations up here, so models stay plain data.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// Position of each node's value.
    values: HashMap<String, Pos>,
    /// Position of each mapping entry's key.
    keys: HashMap<String, Pos>,
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Pos)>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

impl SourceMap {
    /// Build the map of a document that has already parsed successfully.
    /// Nodes past `max_nodes` are not recorded (the parse budget bounds it anyway).
    pub fn build(text: &str, max_nodes: usize) -> SourceMap {
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut nodes = 0usize;
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = Pos {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            match event {
                Event::Scalar(value, ..) => {
                    // A scalar in a mapping with no pending key is the key itself.
                    if let Some(Frame::Map { path, key }) = stack.last_mut() {
                        if key.is_none() {
                            let child = join(path, &value);
                            *key = Some((child, pos));
                            continue;
                        }
                    }
                    if let Some(path) = next_child(&mut stack) {
                        map.insert(path, pos, &mut nodes, max_nodes);
                    }
                }
                Event::Alias(_) => {
                    if let Some(path) = next_child(&mut stack) {
                        map.insert(path, pos, &mut nodes, max_nodes);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    // A collection used as a mapping key: give it a placeholder path.
                    let (path, key_pos) = match stack.last_mut() {
                        Some(Frame::Map { path, key }) if key.is_none() => {
                            *key = Some((join(path, "?"), pos));
                            (join(path, "?"), None)
                        }
                        _ => next_child(&mut stack).unwrap_or_default(),
                    };
                    map.insert((path.clone(), key_pos), pos, &mut nodes, max_nodes);
                    stack.push(if is_map {
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, index: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        map
    }

    fn insert(&mut self, path: (String, Option<Pos>), pos: Pos, nodes: &mut usize, max: usize) {
        *nodes += 1;
        if *nodes > max {
            return;
        }
        let (path, key) = path;
        if let Some(k) = key {
            self.keys.entry(path.clone()).or_insert(k);
        }
        self.values.entry(path).or_insert(pos);
    }

    /// The position of the value at `path`, else of the nearest ancestor that
    /// was written (a missing field points at the mapping that lacks it).
    pub fn locate(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return Some(*pos);
            }
            if p.is_empty() {
                return None;
            }
            p = parent(p);
        }
    }

    /// The position of the key of the mapping entry at `path`, if written.
    pub fn locate_key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied()
    }

    /// Whether a value was written at exactly `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }
}

/// The path of the next child of the innermost collection, and its key position.
fn next_child(stack: &mut [Frame]) -> Option<(String, Option<Pos>)> {
    match stack.last_mut()? {
        Frame::Map { key, .. } => {
            let (path, pos) = key.take()?;
            Some((path, Some(pos)))
        }
        Frame::Seq { path, index } => {
            let p = format!("{path}[{index}]");
            *index += 1;
            Some((p, None))
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``.
pub fn parent(path: &str) -> &str {
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return &path[..i];
        }
    }
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "year: 2024\nschools:\n  - school: a\n    junior:\n      students: 5\n      class_sizes: [1, 2]\n  - school: b\n";

    #[test]
    fn maps_paths_to_positions() {
        let m = SourceMap::build(YAML, 1000);
        assert_eq!(m.locate("year"), Some(Pos { line: 1, column: 7 }));
        assert_eq!(
            m.locate("schools[0].school"),
            Some(Pos {
                line: 3,
                column: 13
            })
        );
        assert_eq!(
            m.locate("schools[0].junior.students"),
            Some(Pos {
                line: 5,
                column: 17
            })
        );
        assert_eq!(
            m.locate("schools[0].junior.class_sizes[1]"),
            Some(Pos {
                line: 6,
                column: 24
            })
        );
        assert_eq!(
            m.locate("schools[1].school"),
            Some(Pos {
                line: 7,
                column: 13
            })
        );
        assert_eq!(
            m.locate_key("schools[0].junior.students"),
            Some(Pos { line: 5, column: 7 })
        );
        // A missing field falls back to its mapping.
        assert_eq!(m.locate("schools[1].junior"), m.locate("schools[1]"));
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent("a.b[2].c"), "a.b[2]");
        assert_eq!(parent("a.b[2]"), "a.b");
        assert_eq!(parent("a"), "");
    }
}
