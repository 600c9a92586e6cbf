//! The `export` and `import` commands: load the project, call the pure parts
//! ([`super::export`], [`super::import`], [`super::calc`]), validate an imported
//! year exactly as `check` does, and write files atomically. All messages are
//! Chinese; printing is the CLI's (these functions return text).

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::import::{self, Loc, Problem};
use crate::diag::Diagnostic;
use crate::load::Project;

/// Write `bytes` to `dest` atomically (a temporary file beside it, then a
/// rename), with the usual permissions ([`crate::write::write_file_atomic`]).
/// Replaces what is there: callers check first ([`crate::write::guard_file`]).
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::write::write_file_atomic(dest, bytes)
        .map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", dest.display()))
}

/// The default workbook path: `<output_dir>/数据-Y.xlsx` (`资源配置-Y.xlsx` with `--calc`).
pub fn default_out(project: &Project, year: u16, calc: bool) -> PathBuf {
    let dir = project
        .root
        .join(project.settings.output_dir.as_deref().unwrap_or("output"));
    dir.join(if calc {
        format!("资源配置-{year}.xlsx")
    } else {
        format!("数据-{year}.xlsx")
    })
}

/// The outcome of reading and validating a workbook.
pub struct Checked {
    pub read: import::Read,
    /// Problems: cell-level ones and validation errors mapped to cells.
    pub problems: Vec<Problem>,
    /// Validation warnings mapped to cells.
    pub warnings: Vec<Problem>,
}

/// Read `file` and validate the year it gives as `check` would, in a scratch
/// copy of the project's data (nothing in the project is touched).
pub fn read_and_validate(project: &Project, file: &Path) -> anyhow::Result<Checked> {
    let read = import::read(file, project)?;
    let mut problems = read.problems.clone();
    let mut warnings = Vec::new();
    if let Some(year) = read.year {
        let diags = validate_year(&project.root, year, &read.yaml)?;
        let rel = format!("data/years/{year}.yaml");
        // A cell already refused is not reported again by validation.
        let refused: Vec<Loc> = problems.iter().map(|p| p.loc.clone()).collect();
        for d in diags.items.iter().filter(|d| d.file == rel) {
            let loc = read.locate(&d.path).cloned().unwrap_or(Loc {
                sheet: super::columns::SHEET_YEAR.into(),
                cell: None,
                school: None,
            });
            if d.is_error() && refused.contains(&loc) {
                continue;
            }
            let p = Problem {
                message: message_of(d),
                loc,
            };
            if d.is_error() {
                problems.push(p);
            } else {
                warnings.push(p);
            }
        }
    }
    Ok(Checked {
        read,
        problems,
        warnings,
    })
}

fn message_of(d: &Diagnostic) -> String {
    if d.path.is_empty() {
        d.message.clone()
    } else {
        format!("{}（字段 `{}`）", d.message, d.path)
    }
}

/// Copy the project's settings and data (without year `year`) into a scratch
/// folder, add `yaml` as `data/years/<year>.yaml`, and load and validate it.
fn validate_year(root: &Path, year: u16, yaml: &str) -> anyhow::Result<crate::diag::Diagnostics> {
    let tmp = tempfile::tempdir().context("无法创建临时目录")?;
    let dst = tmp.path();
    for f in ["junheng.yaml", "junheng.yml"] {
        if root.join(f).is_file() {
            std::fs::copy(root.join(f), dst.join(f)).context("无法复制项目设置")?;
        }
    }
    let data = root.join("data");
    for entry in walkdir::WalkDir::new(&data).min_depth(1) {
        let entry = entry.context("无法读取 data/")?;
        let rel = entry.path().strip_prefix(&data).unwrap_or(entry.path());
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        if first.as_deref() == Some("backup") {
            continue;
        }
        let mut comps = rel.components();
        if comps
            .next()
            .map(|c| c.as_os_str() == "years")
            .unwrap_or(false)
        {
            if let Some(c) = comps.next() {
                let n = c.as_os_str().to_string_lossy();
                if n == year.to_string()
                    || n == format!("{year}.yaml")
                    || n == format!("{year}.yml")
                {
                    continue;
                }
            }
        }
        let to = dst.join("data").join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to)?;
        } else {
            if let Some(p) = to.parent() {
                std::fs::create_dir_all(p)?;
            }
            std::fs::copy(entry.path(), &to)?;
        }
    }
    std::fs::create_dir_all(dst.join("data/years"))?;
    std::fs::write(dst.join(format!("data/years/{year}.yaml")), yaml)?;
    let (p, mut diags) = crate::load::load(dst);
    diags.extend(crate::validate::validate(&p));
    diags.sort();
    Ok(diags)
}

/// What `import` did.
pub struct Imported {
    pub year: u16,
    pub file: String,
    pub backup: Option<String>,
}

/// The existing data of `year` in the project: a file or a folder.
pub fn existing_year(root: &Path, year: u16) -> Option<PathBuf> {
    [
        format!("data/years/{year}.yaml"),
        format!("data/years/{year}.yml"),
        format!("data/years/{year}"),
    ]
    .into_iter()
    .map(|p| root.join(p))
    .find(|p| p.exists())
}

/// Move the year's existing data to `data/backup/<name>.bak-N` (N the first free number).
fn back_up(root: &Path, old: &Path) -> anyhow::Result<String> {
    let dir = root.join("data/backup");
    std::fs::create_dir_all(&dir).context("无法创建 data/backup/")?;
    let name = old
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 1;
    loop {
        let dest = dir.join(format!("{name}.bak-{n}"));
        if !dest.exists() {
            std::fs::rename(old, &dest)
                .with_context(|| format!("无法把 {} 移到 {}", old.display(), dest.display()))?;
            return Ok(format!("data/backup/{name}.bak-{n}"));
        }
        n += 1;
    }
}

/// Write the checked year into the project (the caller has made sure it is valid).
pub fn write_year(
    project: &Project,
    year: u16,
    yaml: &str,
    force: bool,
) -> anyhow::Result<Imported> {
    let root = &project.root;
    let file = format!("data/years/{year}.yaml");
    let mut backup = None;
    if let Some(old) = existing_year(root, year) {
        if !force {
            anyhow::bail!(
                "{year} 年已有数据（{}）：未做任何修改。确认要用工作簿替换时加 --force（原文件会移到 data/backup/ 保存）",
                old.strip_prefix(root).unwrap_or(&old).display()
            );
        }
        // Write the new file beside, then swap, so a failure leaves the old one in place.
        let staged = root.join(format!("data/.{year}.yaml.import"));
        write_atomic(&staged, yaml.as_bytes())?;
        backup = Some(back_up(root, &old)?);
        std::fs::rename(&staged, root.join(&file)).with_context(|| format!("无法写入 {file}"))?;
    } else {
        let dest = root.join(&file);
        std::fs::create_dir_all(root.join("data/years")).context("无法创建 data/years/")?;
        write_atomic(&dest, yaml.as_bytes())?;
    }
    Ok(Imported { year, file, backup })
}
