//! Yearly snapshots: `archive` freezes the report as of a year together with
//! the inputs it was built from, a manifest of hashes and a `SHA256SUMS` file
//! that `sha256sum -c` accepts; `verify` checks a snapshot byte for byte and
//! can rebuild it from its own inputs.
//!
//! ```text
//! <archive_dir>/2025/
//!   manifest.json      tool, version, year, dates, every file's SHA-256
//!   SHA256SUMS         the same hashes, for `sha256sum -c SHA256SUMS`
//!   site/…             the website and print.html as of 2025
//!   compilation.pdf    when built with --pdf
//!   inputs/…           junheng.yaml, data/ (years up to 2025), content/, templates/
//! <archive_dir>/2025.zip   the snapshot in one file, for submission
//! ```

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::write::{self, Tree};

pub const MANIFEST: &str = "manifest.json";
pub const SUMS: &str = "SHA256SUMS";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    pub county: String,
    /// The report's year: data up to this year only.
    pub year: u16,
    /// The data's own date (the year's `as_of`), if given.
    pub data_date: Option<String>,
    /// The date printed in the report (and used for a rebuild).
    pub report_date: String,
    /// The year's data is provisional (`status: provisional`), archived with
    /// `--provisional`: every page of the snapshot says so.
    #[serde(default)]
    pub provisional: bool,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The inputs a report as of `year` is built from, as project-relative paths:
/// `junheng.yaml`, the fixed data files, the year files up to `year`,
/// `content/` and `templates/`.
pub fn collect_inputs(root: &Path, year: u16) -> io::Result<Tree> {
    let mut tree = Tree::new();
    for rel in [
        "junheng.yaml",
        "data/county.yaml",
        "data/schools.yaml",
        "data/plan.yaml",
        "data/standards.yaml",
    ] {
        let p = root.join(rel);
        if p.is_file() {
            tree.insert(rel.to_string(), std::fs::read(p)?);
        }
    }
    let years = root.join("data/years");
    if years.is_dir() {
        for entry in walkdir::WalkDir::new(&years)
            .min_depth(1)
            .sort_by_file_name()
        {
            let entry = entry.map_err(io::Error::other)?;
            let rel = entry
                .path()
                .strip_prefix(&years)
                .map_err(io::Error::other)?;
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            let y: Option<u16> = first.get(..4).and_then(|s| s.parse().ok());
            if entry.file_type().is_file() && y.is_some_and(|y| y <= year) {
                tree.insert(
                    format!("data/years/{}", slash(rel)),
                    std::fs::read(entry.path())?,
                );
            }
        }
    }
    for dir in ["content", "templates"] {
        let d = root.join(dir);
        if d.is_dir() {
            for entry in walkdir::WalkDir::new(&d).sort_by_file_name() {
                let entry = entry.map_err(io::Error::other)?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(root).map_err(io::Error::other)?;
                    tree.insert(slash(rel), std::fs::read(entry.path())?);
                }
            }
        }
    }
    Ok(tree)
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// A whole snapshot in memory (the reference the streamed one is tested against).
#[cfg(test)]
pub struct SnapshotParts<'a> {
    pub county: &'a str,
    pub year: u16,
    pub data_date: Option<String>,
    pub report_date: String,
    pub provisional: bool,
    pub site: &'a Tree,
    pub inputs: &'a Tree,
    pub pdf: Option<&'a [u8]>,
}

/// The complete snapshot tree with its manifest and `SHA256SUMS`.
#[cfg(test)]
pub fn snapshot_tree(parts: &SnapshotParts) -> Tree {
    let mut tree = Tree::new();
    for (k, v) in parts.site {
        tree.insert(format!("site/{k}"), v.clone());
    }
    for (k, v) in parts.inputs {
        tree.insert(format!("inputs/{k}"), v.clone());
    }
    if let Some(pdf) = parts.pdf {
        tree.insert("compilation.pdf".into(), pdf.to_vec());
    }
    let files: Hashes = tree
        .iter()
        .map(|(path, bytes)| (path.clone(), (sha256_hex(bytes), bytes.len() as u64)))
        .collect();
    let (manifest, sums) = manifest_and_sums(&parts.meta(), &files);
    tree.insert(MANIFEST.into(), manifest);
    tree.insert(SUMS.into(), sums);
    tree
}

/// What a manifest says besides its files.
pub struct SnapshotMeta<'a> {
    pub county: &'a str,
    pub year: u16,
    pub data_date: Option<String>,
    pub report_date: String,
    pub provisional: bool,
}

#[cfg(test)]
impl SnapshotParts<'_> {
    fn meta(&self) -> SnapshotMeta<'_> {
        SnapshotMeta {
            county: self.county,
            year: self.year,
            data_date: self.data_date.clone(),
            report_date: self.report_date.clone(),
            provisional: self.provisional,
        }
    }
}

/// A snapshot's files: path → (SHA-256, size), sorted by path.
type Hashes = BTreeMap<String, (String, u64)>;

/// `manifest.json` listing `files`, and `SHA256SUMS` listing them and the manifest.
fn manifest_and_sums(meta: &SnapshotMeta, files: &Hashes) -> (Vec<u8>, Vec<u8>) {
    let manifest = Manifest {
        tool: "junheng".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        county: meta.county.to_string(),
        year: meta.year,
        data_date: meta.data_date.clone(),
        report_date: meta.report_date.clone(),
        provisional: meta.provisional,
        files: files
            .iter()
            .map(|(path, (sha256, bytes))| FileEntry {
                path: path.clone(),
                sha256: sha256.clone(),
                bytes: *bytes,
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("manifest serializes");
    json.push(b'\n');
    let mut listed: Vec<(&str, String)> = files
        .iter()
        .map(|(path, (sha256, _))| (path.as_str(), sha256.clone()))
        .collect();
    listed.push((MANIFEST, sha256_hex(&json)));
    listed.sort();
    let sums: String = listed
        .iter()
        .map(|(path, sha256)| format!("{sha256}  {path}\n"))
        .collect();
    (json, sums.into_bytes())
}

/// The options of every file in a snapshot zip: fixed time and permissions.
fn zip_options(date: &str) -> io::Result<zip::write::SimpleFileOptions> {
    let d = crate::model::Date::parse(date).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("无法解析报告日期 `{date}`（应为 YYYY-MM-DD）"),
        )
    })?;
    let time =
        zip::DateTime::from_date_and_time(d.year as u16, d.month as u8, d.day as u8, 0, 0, 0)
            .map_err(io::Error::other)?;
    Ok(zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644))
}

/// A zip of the tree with fixed timestamps and permissions: same tree, same bytes.
#[cfg(test)]
pub fn zip_tree(tree: &Tree, top: &str, date: &str) -> io::Result<Vec<u8>> {
    let opts = zip_options(date)?;
    use std::io::Write;
    let mut w = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    for (path, bytes) in tree {
        w.start_file(format!("{top}/{path}"), opts)
            .map_err(io::Error::other)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish().map_err(io::Error::other)?.into_inner())
}

/// Where a snapshot replaced with `--force` is kept: `2025.replaced-1`, `-2`, …
fn aside(dir: &Path, year: u16) -> PathBuf {
    (1..)
        .map(|n| dir.join(format!("{year}.replaced-{n}")))
        .find(|p| !p.exists() && !zip_beside(p).exists())
        .expect("a free name")
}

/// `…/2025.replaced-1` → `…/2025.replaced-1.zip`
fn zip_beside(folder: &Path) -> PathBuf {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    folder.with_file_name(format!("{name}.zip"))
}

/// Why an archive was not written.
#[derive(Debug)]
pub enum ArchiveError {
    Exists(PathBuf),
    Write(write::WriteError),
    Io(io::Error),
}

impl From<io::Error> for ArchiveError {
    fn from(e: io::Error) -> Self {
        ArchiveError::Io(e)
    }
}

/// A snapshot written as it is made: every file goes straight into a staging
/// folder beside `<dir>/<year>` and is hashed on the way, so memory holds one
/// file at a time, never the whole site. [`SnapshotWriter::finish`] adds the
/// manifest and `SHA256SUMS`, zips the folder file by file into a temporary
/// file, and only then swaps both in. Dropped unfinished, nothing changes.
/// The result is the same bytes as [`snapshot_tree`] + [`write_snapshot`].
pub struct SnapshotWriter {
    dir: PathBuf,
    year: u16,
    force_replaces: bool,
    staging: write::Staging,
    files: std::sync::Mutex<Hashes>,
    _lock: write::OutputLock,
}

/// Where a finished snapshot went.
#[derive(Debug)]
pub struct Written {
    pub folder: PathBuf,
    pub zip: PathBuf,
    /// Where the snapshot it replaced was moved (`--force`).
    pub kept: Option<PathBuf>,
    /// Files in the snapshot, manifest and sums included.
    pub files: usize,
}

impl SnapshotWriter {
    /// Start the snapshot of `year` in `dir`: refused when one exists, unless
    /// `force` (then the old one is kept aside when this one is finished).
    pub fn start(dir: &Path, year: u16, force: bool) -> Result<SnapshotWriter, ArchiveError> {
        let folder = dir.join(year.to_string());
        let lock = write::lock_output(dir).map_err(ArchiveError::Write)?;
        let exists = folder.exists() || dir.join(format!("{year}.zip")).exists();
        if exists && !force {
            return Err(ArchiveError::Exists(folder));
        }
        Ok(SnapshotWriter {
            dir: dir.to_path_buf(),
            year,
            force_replaces: exists,
            staging: write::Staging::new(&folder)?,
            files: std::sync::Mutex::new(Hashes::new()),
            _lock: lock,
        })
    }

    /// Write one file of the snapshot (`site/index.html`, `inputs/data/schools.yaml`).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.staging.write(rel, bytes)?;
        self.record(rel, sha256_hex(bytes), bytes.len() as u64);
        Ok(())
    }

    fn record(&self, rel: &str, sha256: String, bytes: u64) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), (sha256, bytes));
    }

    /// Where `rel` is staged, for a file another program writes (the PDF);
    /// then [`SnapshotWriter::add_written`].
    pub fn staged(&self, rel: &str) -> PathBuf {
        self.staging.path().join(rel)
    }

    /// Take a file written at [`SnapshotWriter::staged`] into the snapshot.
    pub fn add_written(&self, rel: &str) -> io::Result<()> {
        let mut hasher = Sha256::new();
        let bytes = io::copy(&mut std::fs::File::open(self.staged(rel))?, &mut hasher)?;
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.record(rel, sha256, bytes);
        Ok(())
    }

    /// A sink for the rendered site: each file lands under `site/`.
    pub fn site(&self) -> SiteSink<'_> {
        SiteSink(self)
    }

    /// Add the manifest and sums, zip, and swap the snapshot and its zip in.
    pub fn finish(self, meta: &SnapshotMeta) -> Result<Written, ArchiveError> {
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        let (manifest, sums) = manifest_and_sums(meta, &files);
        self.staging.write(MANIFEST, &manifest)?;
        self.staging.write(SUMS, &sums)?;
        let mut all: Vec<&str> = files.keys().map(String::as_str).collect();
        all.extend([MANIFEST, SUMS]);
        all.sort_unstable();

        let zip_path = self.dir.join(format!("{}.zip", self.year));
        let opts = zip_options(&meta.report_date)?;
        let tmp = write::temp_file_beside(&zip_path)?;
        let mut w = zip::ZipWriter::new(io::BufWriter::new(tmp.as_file().try_clone()?));
        let top = self.year.to_string();
        for rel in &all {
            w.start_file(format!("{top}/{rel}"), opts)
                .map_err(io::Error::other)?;
            io::copy(&mut std::fs::File::open(self.staged(rel))?, &mut w)?;
        }
        w.finish()
            .map_err(io::Error::other)?
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;

        let folder = self.dir.join(self.year.to_string());
        let kept = if self.force_replaces {
            let old = aside(&self.dir, self.year);
            if zip_path.exists() {
                std::fs::rename(&zip_path, zip_beside(&old))?;
            }
            Some(old)
        } else {
            None
        };
        let keep = kept.as_deref().filter(|_| folder.exists());
        self.staging.commit_keeping(keep)?;
        tmp.persist(&zip_path).map_err(|e| e.error)?;
        Ok(Written {
            folder,
            zip: zip_path,
            kept,
            files: all.len(),
        })
    }
}

/// [`SnapshotWriter::site`]: the rendered site's files, under `site/`.
pub struct SiteSink<'a>(&'a SnapshotWriter);

impl crate::output::Sink for SiteSink<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.0.put(&format!("site/{path}"), &bytes)
    }
}

pub use crate::output::ArchiveListing as Listed;

/// The snapshots in `dir` (`<dir>/<year>/manifest.json`) with their site
/// trees, and a Chinese warning for each year folder that cannot be read
/// (none is skipped silently). Other names (`2025.zip`, `2025.replaced-1`)
/// are not snapshots and are passed over.
pub fn list(dir: &Path) -> (Vec<(Listed, Tree)>, Vec<String>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (out, warnings),
        Err(e) => {
            warnings.push(format!("无法读取存档目录 {}：{e}", dir.display()));
            return (out, warnings);
        }
    };
    let mut names = Vec::new();
    for entry in rd {
        match entry {
            Ok(e) => names.push(e.file_name().to_string_lossy().into_owned()),
            Err(e) => warnings.push(format!("无法读取存档目录 {} 中的条目：{e}", dir.display())),
        }
    }
    names.sort();
    for name in names {
        let Ok(year) = name.parse::<u16>() else {
            continue;
        };
        let folder = dir.join(&name);
        if !folder.is_dir() {
            continue;
        }
        let mpath = folder.join(MANIFEST);
        let json = match std::fs::read(&mpath) {
            Ok(j) => j,
            Err(e) => {
                warnings.push(format!(
                    "存档 {} 未列入存档页：无法读取 {}：{e}",
                    folder.display(),
                    mpath.display()
                ));
                continue;
            }
        };
        let m = match serde_json::from_slice::<Manifest>(&json) {
            Ok(m) => m,
            Err(e) => {
                warnings.push(format!(
                    "存档 {} 未列入存档页：{} 无法解析：{e}",
                    folder.display(),
                    mpath.display()
                ));
                continue;
            }
        };
        let site = match write::read_tree(&folder.join("site")) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!(
                    "存档 {} 未列入存档页：无法读取其 site/ 目录：{e}",
                    folder.display()
                ));
                continue;
            }
        };
        out.push((
            Listed {
                year,
                report_date: m.report_date.clone(),
                version: m.version.clone(),
                manifest_sha256: sha256_hex(&json),
                files: m.files.len(),
                zip: None,
            },
            site,
        ));
    }
    (out, warnings)
}

/// Largest snapshot zip `verify` unpacks (in memory): 2 GiB.
pub const MAX_ZIP_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// A snapshot read for `verify`: from its folder, or from its `.zip` (whose
/// entries all sit under one top folder, `2025/…`).
pub fn read_snapshot(path: &Path) -> io::Result<Tree> {
    if path.is_dir() {
        return write::read_tree(path);
    }
    let bad = |m: String| io::Error::new(io::ErrorKind::InvalidData, m);
    let file = std::fs::File::open(path)?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| bad(format!("{} 不是可读的 zip 文件：{e}", path.display())))?;
    let mut tree = Tree::new();
    let mut top: Option<String> = None;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| {
            bad(format!(
                "{}：第 {} 个条目无法读取：{e}",
                path.display(),
                i + 1
            ))
        })?;
        if f.is_dir() {
            continue;
        }
        let name = f
            .name()
            .map_err(|e| {
                bad(format!(
                    "{}：第 {} 个条目名称无法读取：{e}",
                    path.display(),
                    i + 1
                ))
            })?
            .into_owned();
        let Some(rel) = f.enclosed_name() else {
            return Err(bad(format!(
                "{}：条目 `{name}` 的路径不安全",
                path.display()
            )));
        };
        let rel = slash(&rel);
        let Some((first, rest)) = rel.split_once('/') else {
            return Err(bad(format!(
                "{}：条目 `{name}` 不在快照的顶层目录中",
                path.display()
            )));
        };
        match &top {
            None => top = Some(first.to_string()),
            Some(t) if t != first => {
                return Err(bad(format!(
                    "{}：条目分属多个顶层目录（{t}、{first}），不是 junheng 快照",
                    path.display()
                )))
            }
            Some(_) => {}
        }
        let mut bytes = Vec::new();
        // Read at most what is left of the budget (+1 to see it exceeded), whatever the header says.
        io::Read::read_to_end(
            &mut io::Read::take(&mut f, MAX_ZIP_BYTES - total + 1),
            &mut bytes,
        )?;
        total += bytes.len() as u64;
        if total > MAX_ZIP_BYTES {
            return Err(bad(format!(
                "{}：解压后超过 {} 字节，不予读取",
                path.display(),
                MAX_ZIP_BYTES
            )));
        }
        tree.insert(rest.to_string(), bytes);
    }
    Ok(tree)
}

/// The differences between a snapshot on disk and its manifest.
#[derive(Debug, Default, PartialEq)]
pub struct Verification {
    pub manifest: Option<Manifest>,
    pub missing: Vec<String>,
    pub changed: Vec<String>,
    pub extra: Vec<String>,
    /// Problems with `SHA256SUMS` itself (a line that does not match the manifest).
    pub sums: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.manifest.is_some()
            && self.missing.is_empty()
            && self.changed.is_empty()
            && self.extra.is_empty()
            && self.sums.is_empty()
    }
}

/// Check a snapshot folder (or its zip) against its manifest and `SHA256SUMS`.
pub fn verify(path: &Path) -> io::Result<Verification> {
    verify_tree(&read_snapshot(path)?)
}

/// Check a snapshot's files against its manifest and `SHA256SUMS`.
pub fn verify_tree(tree: &Tree) -> io::Result<Verification> {
    let mut v = Verification::default();
    let Some(json) = tree.get(MANIFEST) else {
        v.missing.push(MANIFEST.into());
        return Ok(v);
    };
    let manifest: Manifest = serde_json::from_slice(json)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{MANIFEST}: {e}")))?;
    let listed: BTreeMap<&str, &FileEntry> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    for (path, entry) in &listed {
        match tree.get(*path) {
            None => v.missing.push(path.to_string()),
            Some(bytes) if sha256_hex(bytes) != entry.sha256 => v.changed.push(path.to_string()),
            Some(_) => {}
        }
    }
    for path in tree.keys() {
        if path != MANIFEST && path != SUMS && !listed.contains_key(path.as_str()) {
            v.extra.push(path.clone());
        }
    }
    match tree.get(SUMS) {
        None => v.missing.push(SUMS.into()),
        Some(sums) => {
            let text = String::from_utf8_lossy(sums);
            let mut seen = 0;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let Some((hash, file)) = line.split_once("  ") else {
                    v.sums.push(format!("unreadable line: {line}"));
                    continue;
                };
                seen += 1;
                match tree.get(file) {
                    Some(bytes) if sha256_hex(bytes) == hash => {}
                    Some(_) if file == MANIFEST => v.changed.push(MANIFEST.into()),
                    Some(_) if !v.changed.iter().any(|c| c == file) => v
                        .sums
                        .push(format!("{file}: hash in {SUMS} does not match")),
                    Some(_) => {}
                    None if !v.missing.iter().any(|m| m == file) => {
                        v.missing.push(file.to_string())
                    }
                    None => {}
                }
            }
            if seen != listed.len() + 1 {
                v.sums.push(format!(
                    "{SUMS} lists {seen} files, the manifest {} (+ itself)",
                    listed.len()
                ));
            }
        }
    }
    v.manifest = Some(manifest);
    Ok(v)
}

/// Paths whose bytes differ between two trees (missing on either side included).
pub fn tree_diff(a: &Tree, b: &Tree) -> Vec<String> {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::tree;

    fn parts<'a>(site: &'a Tree, inputs: &'a Tree) -> SnapshotParts<'a> {
        SnapshotParts {
            county: "测试县",
            year: 2025,
            data_date: Some("2025-09-01".into()),
            report_date: "2025-09-01".into(),
            provisional: false,
            site,
            inputs,
            pdf: None,
        }
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn snapshot_verifies_and_names_what_changed() {
        let (site, inputs) = (
            tree(&[("index.html", "<p>x</p>")]),
            tree(&[("data/county.yaml", "name: 县")]),
        );
        let snap = snapshot_tree(&parts(&site, &inputs));
        let dir = tempfile::tempdir().unwrap();
        write::write_atomic(&dir.path().join("s"), &snap).unwrap();
        let s = dir.path().join("s");
        assert!(verify(&s).unwrap().ok());
        std::fs::write(s.join("site/index.html"), "<p>y</p>").unwrap();
        std::fs::write(s.join("site/new.html"), "n").unwrap();
        std::fs::remove_file(s.join("inputs/data/county.yaml")).unwrap();
        let v = verify(&s).unwrap();
        assert_eq!(v.changed, ["site/index.html"]);
        assert_eq!(v.extra, ["site/new.html"]);
        assert_eq!(v.missing, ["inputs/data/county.yaml"]);
        assert!(!v.ok());
    }

    #[test]
    fn sums_list_every_file_in_sha256sum_format() {
        let snap = snapshot_tree(&parts(&tree(&[("a.html", "a")]), &Tree::new()));
        let sums = String::from_utf8(snap[SUMS].clone()).unwrap();
        let lines: Vec<&str> = sums.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            format!("{}  manifest.json", sha256_hex(&snap[MANIFEST]))
        );
        assert_eq!(lines[1], format!("{}  site/a.html", sha256_hex(b"a")));
    }

    #[test]
    fn zips_are_deterministic() {
        let t = tree(&[("a.txt", "一"), ("b/c.txt", "二")]);
        assert_eq!(
            zip_tree(&t, "2025", "2025-09-01").unwrap(),
            zip_tree(&t, "2025", "2025-09-01").unwrap()
        );
    }

    #[test]
    fn a_streamed_snapshot_is_the_same_bytes_as_the_tree_one() {
        use crate::output::Sink;
        let site = tree(&[("index.html", "<p>首页</p>"), ("schools/a.html", "甲")]);
        let inputs = tree(&[("data/schools.yaml", "schools: []\n")]);
        let mut p = parts(&site, &inputs);
        let pdf = b"%PDF-1.7 not really".to_vec();
        p.pdf = Some(&pdf);
        let expected = snapshot_tree(&p);

        let dir = tempfile::tempdir().unwrap();
        let w = SnapshotWriter::start(dir.path(), 2025, false).unwrap();
        for (k, v) in &site {
            w.site().put(k, v.clone()).unwrap();
        }
        for (k, v) in &inputs {
            w.put(&format!("inputs/{k}"), v).unwrap();
        }
        std::fs::write(w.staged("compilation.pdf"), &pdf).unwrap();
        w.add_written("compilation.pdf").unwrap();
        let done = w.finish(&p.meta()).unwrap();
        assert_eq!(done.files, expected.len());
        assert_eq!(crate::write::read_tree(&done.folder).unwrap(), expected);
        assert_eq!(
            std::fs::read(&done.zip).unwrap(),
            zip_tree(&expected, "2025", "2025-09-01").unwrap()
        );
        assert!(verify(&done.zip).unwrap().ok());
        assert!(verify(&done.folder).unwrap().ok());

        // A second one is refused, or with force replaces it and keeps the first.
        assert!(matches!(
            SnapshotWriter::start(dir.path(), 2025, false),
            Err(ArchiveError::Exists(_))
        ));
        let w = SnapshotWriter::start(dir.path(), 2025, true).unwrap();
        w.put("site/index.html", b"new").unwrap();
        let again = w.finish(&p.meta()).unwrap();
        let kept = again.kept.expect("kept");
        assert_eq!(crate::write::read_tree(&kept).unwrap(), expected);
        assert!(kept.with_file_name("2025.replaced-1.zip").is_file());
        // Unfinished: nothing changes.
        let w = SnapshotWriter::start(dir.path(), 2025, true).unwrap();
        w.put("site/index.html", b"dropped").unwrap();
        drop(w);
        assert_eq!(
            std::fs::read(dir.path().join("2025/site/index.html")).unwrap(),
            b"new"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with('.')),
            "leftovers: {names:?}"
        );
    }

    #[test]
    fn a_zipped_snapshot_verifies_like_its_folder() {
        let (site, inputs) = (tree(&[("index.html", "<p>x</p>")]), Tree::new());
        let snap = snapshot_tree(&parts(&site, &inputs));
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("2025.zip");
        std::fs::write(&zip, zip_tree(&snap, "2025", "2025-09-01").unwrap()).unwrap();
        assert_eq!(read_snapshot(&zip).unwrap(), snap);
        assert!(verify(&zip).unwrap().ok());
        // An unparseable report date is an error, not a silent 2020-01-01.
        assert!(zip_tree(&snap, "2025", "2025-13-45").is_err());
    }
}
