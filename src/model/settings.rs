//! `junheng.yaml`: optional project settings.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Title of the site and the compilation; default: from the county and plan.
    pub title: Option<String>,
    /// Absolute URL the site is published under; enables `sitemap.xml`.
    pub base_url: Option<String>,
    /// Output folder, relative to the project (default `output`).
    pub output_dir: Option<String>,
    /// Archive folder, relative to the project (default `output/archive`).
    pub archive_dir: Option<String>,
    /// Report language; only `zh-CN` is supported.
    pub language: Option<String>,
    /// Treat warnings as errors (like `--strict`).
    #[serde(default)]
    pub strict: bool,
    /// Largest data file accepted, in bytes (default 4 MiB).
    #[serde(default, deserialize_with = "super::de::opt_count")]
    pub max_file_bytes: Option<u64>,
}
