//! Template files of a project: `templates/*.html` (Tera) and static assets
//! (`.css`, `.js`) that override or add to the built-in ones. Only reads the
//! files; the render stage merges them with its built-ins and compiles them.

use std::path::Path;

pub use crate::model::content::TemplateFiles;

impl TemplateFiles {
    /// Read `dir` (a missing folder is no templates). Other file kinds are
    /// ignored. A file over `max_bytes` (the project's `max_file_bytes`) is refused.
    pub fn load(dir: &Path, max_bytes: u64) -> Result<TemplateFiles, String> {
        let mut files = TemplateFiles::default();
        if !dir.is_dir() {
            return Ok(files);
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("无法读取 {}：{e}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let is_template = rel.ends_with(".html");
            let is_asset = rel.ends_with(".css") || rel.ends_with(".js");
            if !is_template && !is_asset {
                continue;
            }
            let bytes = super::read_limited(entry.path(), &format!("templates/{rel}"), max_bytes)
                .map_err(|d| format!("templates/{rel}：{}", d.message))?;
            if is_template {
                let text = String::from_utf8(bytes).map_err(|_| {
                    format!("templates/{rel}: 模板文件不是 UTF-8 编码，请另存为 UTF-8")
                })?;
                files.templates.insert(rel, text);
            } else {
                files.assets.insert(rel, bytes);
            }
        }
        Ok(files)
    }

    /// Names overridden or added by the project, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .templates
            .keys()
            .chain(self.assets.keys())
            .cloned()
            .collect();
        v.sort();
        v
    }
}
