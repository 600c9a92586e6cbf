//! Plain data shared by the stages that produce output and the stages that
//! read it back: the output tree and the listing of archived snapshots.
//! Neutral: no I/O here, so render can use these types without importing
//! `write` or `archive`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

/// A rendered output tree: relative path (with `/`) → bytes. Sorted, so
/// writing order and listings are deterministic.
pub type Tree = BTreeMap<String, Vec<u8>>;

/// Where rendered files go as they are produced: a staging folder on disk
/// (`write::Staging`), or memory ([`MemorySink`]). Called from many threads at
/// once; each path is put once. The order of calls is not fixed, so a sink
/// must not depend on it (the resulting files are the same whatever it is).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Put a file written by `write` as it is produced (a large download such
    /// as `data/report.json`); its size. A sink on disk writes it straight to
    /// the file; the default gathers it in memory and calls [`Sink::put`].
    fn put_streamed(&self, path: &str, write: Streamed<'_>) -> std::io::Result<usize> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let len = bytes.len();
        self.put(path, bytes)?;
        Ok(len)
    }
}

/// What writes a streamed file's bytes.
pub type Streamed<'w> = &'w mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>;

/// A sink that keeps the files in memory (preview, archives, tests).
#[derive(Debug, Default)]
pub struct MemorySink(Mutex<Tree>);

impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn into_tree(self) -> Tree {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// A sink that drops every file (`check`'s dry render: proves the site
/// builds without holding it in memory).
#[derive(Debug, Default)]
pub struct DiscardSink;

impl Sink for DiscardSink {
    fn put(&self, _path: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
        Ok(())
    }
}

/// An archived snapshot, as listed on the site's archive page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArchiveListing {
    pub year: u16,
    pub report_date: String,
    pub version: String,
    /// SHA-256 of the snapshot's manifest: names the snapshot exactly.
    pub manifest_sha256: String,
    pub files: usize,
    /// The snapshot's zip inside the site (`archive/<year>.zip`), when it exists.
    pub zip: Option<String>,
}

/// A tree from (path, text) pairs, for tests.
#[cfg(test)]
pub(crate) fn tree(files: &[(&str, &str)]) -> Tree {
    files
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect()
}
