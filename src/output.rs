//! Plain data shared by the stages that produce output and the stages that
//! read it back: the output tree and the listing of archived snapshots.
//! Neutral: no I/O here, so render can use these types without importing
//! `write` or `archive`.

use std::collections::BTreeMap;

use serde::Serialize;

/// A rendered output tree: relative path (with `/`) → bytes. Sorted, so
/// writing order and listings are deterministic.
pub type Tree = BTreeMap<String, Vec<u8>>;

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
