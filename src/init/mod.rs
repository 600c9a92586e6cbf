//! `junheng init DIR` and `junheng new-year Y`: start a county project, and
//! start a new year's data file from the previous year's.
//!
//! The starter project is embedded (`src/init/starter/`): every data file is
//! commented in Chinese, key by key, and passes `junheng check --strict` as
//! written. Two placeholders are filled in when it is written: `@YEAR@` (the
//! year of the example data, default the plan's first year) and `@COUNTY@`
//! (the county's name; it only ever appears inside double-quoted YAML strings,
//! and is escaped for them).

pub(crate) mod emit;
mod new_year;
pub(crate) mod yearfile;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

pub use new_year::{new_year, NewYear};

/// The plan period the starter writes into `data/county.yaml`.
pub const STARTER_PERIOD: [u16; 2] = crate::load::DEFAULT_PERIOD;

/// The county name used when `--county` is not given (an example to replace).
pub const DEFAULT_COUNTY: &str = "示例县";

/// The starter's files: path in the project (`@YEAR@` filled in) and text.
/// The default chapters (`content/`) are written besides them.
pub const STARTER: [(&str, &str); 8] = [
    ("junheng.yaml", include_str!("starter/junheng.yaml")),
    ("data/county.yaml", include_str!("starter/county.yaml")),
    ("data/schools.yaml", include_str!("starter/schools.yaml")),
    ("data/plan.yaml", include_str!("starter/plan.yaml")),
    (
        "data/standards.yaml",
        include_str!("starter/standards.yaml"),
    ),
    ("data/years/@YEAR@.yaml", include_str!("starter/year.yaml")),
    (
        "templates/README.md",
        include_str!("starter/templates-README.md"),
    ),
    (".gitignore", include_str!("starter/gitignore")),
];

/// Options of `junheng init`.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Year of the example year file (within the plan period).
    pub year: u16,
    /// The county's full name.
    pub county: Option<String>,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions {
            year: STARTER_PERIOD[0],
            county: None,
        }
    }
}

/// The starter files for `opts`: (relative path, contents), placeholders filled in.
pub fn starter_files(opts: &InitOptions) -> anyhow::Result<Vec<(String, String)>> {
    let [first, last] = STARTER_PERIOD;
    if opts.year < first || opts.year > last {
        bail!(
            "--year {} 不在规划期 {first}—{last} 内：请选择规划期内的年份（默认 {first}）",
            opts.year
        );
    }
    let county = opts.county.as_deref().unwrap_or(DEFAULT_COUNTY).trim();
    if county.is_empty() {
        bail!("--county 为空：请写县的全称，如 --county 石柱土家族自治县");
    }
    if county.chars().any(char::is_control) {
        bail!("--county 中有换行或制表符：请把县名写在一行内");
    }
    let year = opts.year.to_string();
    let county = emit::escape(county);
    let chapters = crate::load::content::DEFAULT_CHAPTERS
        .iter()
        .map(|(name, text)| (format!("content/{name}"), text.to_string()));
    Ok(STARTER
        .iter()
        .map(|(path, text)| {
            (
                path.replace("@YEAR@", &year),
                yearfile::fill_notes(text)
                    .replace("@YEAR@", &year)
                    .replace("@COUNTY@", &county),
            )
        })
        .chain(chapters)
        .collect())
}

/// What `init` wrote; its `Display` is the CLI's log.
#[derive(Debug, Clone)]
pub struct Created {
    pub dir: PathBuf,
    /// The files written, relative to `dir`.
    pub files: Vec<String>,
}

impl std::fmt::Display for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "已在 {} 中新建县项目（{} 个文件）：",
            self.dir.display(),
            self.files.len()
        )?;
        for file in &self.files {
            writeln!(f, "  {file}")?;
        }
        writeln!(
            f,
            "下一步：把示例值替换为本县的数据，然后运行 `junheng --project {} check`",
            self.dir.display()
        )
    }
}

/// Create a new county project in `dir`, which must not exist or be empty.
pub fn init(dir: &Path, opts: &InitOptions) -> anyhow::Result<Created> {
    let files = starter_files(opts)?;
    // Only into a new or empty folder: init never replaces anything.
    crate::write::guard_new_dir(dir).map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path: PathBuf = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("无法创建 {}", parent.display()))?;
        }
        write_new(&path, text.as_bytes())?;
        written.push(rel.clone());
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        files: written,
    })
}

/// Write a file that must not exist yet (never overwrite).
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::write::write_new_file(path, bytes)
        .with_context(|| format!("无法创建 {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Standards;

    fn parse<T: serde::de::DeserializeOwned>(rel: &str, text: &str) -> T {
        let f = crate::load::SourceFile::new(rel, text);
        crate::load::yaml::parse(&f).unwrap_or_else(|d| panic!("{rel}: {d}"))
    }

    fn file(files: &[(String, String)], rel: &str) -> String {
        files
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no {rel}"))
    }

    #[test]
    fn starter_standards_are_the_national_defaults_every_key_listed() {
        let files = starter_files(&InitOptions::default()).unwrap();
        let text = file(&files, "data/standards.yaml");
        let parsed: Standards = parse("data/standards.yaml", &text);
        let defaults = serde_json::to_value(Standards::default()).unwrap();
        assert_eq!(serde_json::to_value(parsed).unwrap(), defaults);
        // Every leaf of the defaults is written in the file.
        let map = crate::load::SourceMap::build(&text, 100_000);
        fn leaves(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, c) in m {
                        let p = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        leaves(c, p, out);
                    }
                }
                _ => out.push(path),
            }
        }
        let mut paths = Vec::new();
        leaves(&defaults, String::new(), &mut paths);
        assert!(paths.len() > 40, "{paths:?}");
        for p in paths {
            assert!(map.contains(&p), "standards.yaml lacks `{p}`");
        }
    }

    #[test]
    fn county_name_is_escaped_and_year_filled_in() {
        let opts = InitOptions {
            year: 2024,
            county: Some(r#"某"县\x"#.into()),
        };
        let files = starter_files(&opts).unwrap();
        let county: crate::model::County =
            parse("data/county.yaml", &file(&files, "data/county.yaml"));
        assert_eq!(county.name, r#"某"县\x"#);
        assert!(files.iter().any(|(p, _)| p == "data/years/2024.yaml"));
        for (p, t) in &files {
            assert!(!t.contains("@YEAR@") && !t.contains("@COUNTY@"), "{p}");
            assert!(!t.contains("# @"), "{p}: a field-note placeholder left");
        }
        // The year file's field comments are the field table's.
        let year = file(&files, "data/years/2024.yaml");
        let students = crate::model::fields::comment(&crate::model::fields::SECTION, "students");
        assert!(year.contains(&format!("# {}", students.unwrap())), "{year}");
        let bad = InitOptions {
            year: 2031,
            county: None,
        };
        assert!(starter_files(&bad).is_err());
        let bad = InitOptions {
            year: 2020,
            county: Some("a\nb".into()),
        };
        assert!(starter_files(&bad).is_err());
    }
}
