//! Load stage: find a project's files, read them safely, parse them into typed
//! models and remember where every value was written. Computes nothing.

pub mod content;
pub mod recover;
pub mod srcmap;
pub mod templates;
pub mod yaml;

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

pub use srcmap::{Pos, SourceMap};

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::year::CountyYear;
use crate::model::{
    County, FileId, Origin, Plan, Registry, Settings, Standards, YearData, YearFile,
};

/// Default largest data file accepted: 4 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

pub use crate::diag::MAX_SHOWN_LINE;

/// First and last year of a plan when `county.yaml` does not say.
pub const DEFAULT_PERIOD: [u16; 2] = [2020, 2029];

/// A file as read, with the positions of its values.
///
/// The positions ([`SourceMap`]) of a file that parsed are built only when
/// first asked for (a diagnostic to place, a check of which file wrote a key):
/// a county of 3,000 schools has millions of positions and a clean run needs
/// none of them. A file read but not parsed has an empty map.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// Path relative to the project root, with `/` separators.
    pub rel: String,
    /// The file's text: fixed once read (the line index is built from it).
    text: String,
    /// Whether `map` is built from `text` (else it stays empty).
    mapped: bool,
    map: std::sync::OnceLock<SourceMap>,
    /// Where each line starts, built when the first diagnostic shows a line.
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file whose values have no positions (not parsed, or not YAML).
    pub fn new(rel: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            rel: rel.into(),
            text: text.into(),
            mapped: false,
            map: Default::default(),
            lines: Default::default(),
        }
    }

    /// A file that parsed: its map is built from `text` on first use.
    pub fn mapped(rel: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            mapped: true,
            ..SourceFile::new(rel, text)
        }
    }

    /// The file's text, as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's path and text, to make another `SourceFile` of them.
    pub fn into_parts(self) -> (String, String) {
        (self.rel, self.text)
    }

    /// The positions of the file's values (empty for a file that did not parse).
    pub fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| {
            if self.mapped {
                SourceMap::build(&self.text, yaml::node_budget(self.text.len()))
            } else {
                SourceMap::default()
            }
        })
    }

    /// Whether the positions of the file's values have been built (a clean
    /// run builds none: they cost a second parse of the file).
    #[cfg(test)]
    pub(crate) fn map_built(&self) -> bool {
        self.map.get().is_some()
    }

    /// The text of a line, for the caret display; `None` for a line too long to show
    /// (a hostile file's 20 000 brackets are not echoed to the terminal).
    pub fn line_text(&self, line: usize) -> Option<String> {
        let starts = self
            .lines
            .get_or_init(|| crate::diag::line_starts(&self.text));
        crate::diag::shown_line_at(&self.text, starts, line)
    }

    /// Place a diagnostic at the value of `path` (or its nearest written ancestor).
    pub fn place(&self, d: Diagnostic, path: &str) -> Diagnostic {
        let d = d.with_path(path);
        match self.map().locate(path) {
            Some(p) => d.at(p.line, p.column, self.line_text(p.line)),
            None => d,
        }
    }

    /// Place a diagnostic at the key of the entry at `path` (for a key that should not be there).
    pub fn place_key(&self, d: Diagnostic, path: &str) -> Diagnostic {
        match self.map().locate_key(path) {
            Some(p) => d
                .with_path(path)
                .at(p.line, p.column, self.line_text(p.line)),
            None => self.place(d, path),
        }
    }
}

/// A loaded project: typed data plus the files it came from.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    pub settings: Settings,
    pub county: County,
    pub registry: Registry,
    pub plan: Plan,
    pub standards: Standards,
    pub years: BTreeMap<u16, YearData>,
    /// File ids of the fixed files, where present and parsed.
    pub county_file: Option<FileId>,
    pub registry_file: Option<FileId>,
    pub plan_file: Option<FileId>,
    pub standards_file: Option<FileId>,
    /// Whether every file parsed: cross-file checks only run on complete data.
    pub complete: bool,
}

/// Read an input file within the size limit (`max_file_bytes` of
/// `junheng.yaml`, default [`DEFAULT_MAX_FILE_BYTES`]): the one rule for every
/// input junheng reads (YAML data, chapters, templates, spreadsheets). A file
/// over the limit is refused by its size before it is read, and never more
/// than `limit` bytes are read (a file growing meanwhile, a device).
pub fn read_limited(path: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let too_big = |size: u64| {
        Diagnostic::error(
            rel,
            format!(
                "文件过大：{size} 字节，超过上限 {limit} 字节。数据文件、章节和模板通常只有几十 KB；\
                 如确需更大，请在 junheng.yaml 中设置 `max_file_bytes`"
            ),
        )
    };
    let cannot = |e: std::io::Error| Diagnostic::error(rel, format!("无法读取文件：{e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

impl Project {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// An error at `path` in file `id`.
    pub fn error(&self, id: FileId, path: &str, message: impl Into<String>) -> Diagnostic {
        let f = self.file(id);
        f.place(Diagnostic::error(&f.rel, message), path)
    }

    /// A warning at `path` in file `id`.
    pub fn warning(&self, id: FileId, path: &str, message: impl Into<String>) -> Diagnostic {
        let f = self.file(id);
        f.place(Diagnostic::warning(&f.rel, message), path)
    }

    /// A diagnostic at a field below a list entry.
    pub fn at(
        &self,
        sev: Severity,
        origin: &Origin,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let f = self.file(origin.file);
        f.place(Diagnostic::new(sev, &f.rel, message), &origin.at(field))
    }

    /// The plan period: `[first, last]`.
    pub fn period(&self) -> [u16; 2] {
        self.county
            .plan
            .as_ref()
            .and_then(|p| p.period)
            .unwrap_or(DEFAULT_PERIOD)
    }

    pub fn max_file_bytes(&self) -> u64 {
        self.settings
            .max_file_bytes
            .unwrap_or(DEFAULT_MAX_FILE_BYTES)
    }

    /// The latest year with data.
    pub fn latest_year(&self) -> Option<u16> {
        self.years.keys().next_back().copied()
    }

    pub fn school(&self, id: &str) -> Option<&crate::model::School> {
        self.registry.school(id)
    }
}

struct Loader {
    project: Project,
    diags: Diagnostics,
    /// Files read and parsed ahead, in parallel, by relative path (see [`prefetch`]).
    ready: HashMap<String, Box<dyn Any + Send>>,
}

/// A file read and parsed: the read's error, or the file and the parse's outcome.
type Parsed<T> = Result<(SourceFile, Result<T, Diagnostic>), Diagnostic>;

/// Read, decode and parse one file. Emits nothing: the loader turns the
/// outcome into diagnostics in its fixed order.
fn parse_file<T: DeserializeOwned>(root: &Path, rel: &str, limit: u64) -> Parsed<T> {
    let file = read_text(root, rel, limit)?;
    let parsed = yaml::parse::<T>(&file);
    Ok((file, parsed))
}

fn read_text(root: &Path, rel: &str, limit: u64) -> Result<SourceFile, Diagnostic> {
    let bytes = read_limited(&root.join(rel), rel, limit)?;
    let text = yaml::decode(rel, bytes)?;
    if yaml::is_blank(&text) {
        return Err(Diagnostic::error(
            rel,
            "文件为空：没有任何数据。请填写内容，或删除此文件",
        ));
    }
    Ok(SourceFile::new(rel, text))
}

/// Read and parse, in parallel, every data file the loader may read after
/// `junheng.yaml`: the fixed files and every `<year>.yaml` or `.yaml` file in a
/// `<year>/` folder of `data/years/`. Nothing is reported here; a file the
/// loader then does not read (a year outside the plan period) is dropped, a
/// file it reads that is missing here is read then.
fn prefetch(root: &Path, limit: u64) -> HashMap<String, Box<dyn Any + Send>> {
    use rayon::prelude::*;
    enum Kind {
        County,
        Registry,
        Plan,
        Standards,
        Year,
    }
    let mut jobs: Vec<(String, Kind)> = [
        ("data/county.yaml", Kind::County),
        ("data/schools.yaml", Kind::Registry),
        ("data/plan.yaml", Kind::Plan),
        ("data/standards.yaml", Kind::Standards),
    ]
    .into_iter()
    .filter(|(rel, _)| root.join(rel).is_file())
    .map(|(rel, k)| (rel.to_string(), k))
    .collect();
    let is_year = |s: &str| s.len() == 4 && s.parse::<u16>().is_ok();
    let is_yaml = |s: &str| s.ends_with(".yaml") || s.ends_with(".yml");
    let years = root.join("data/years");
    for entry in std::fs::read_dir(&years).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() && is_year(&name) {
            for e in walkdir::WalkDir::new(&path)
                .min_depth(1)
                .into_iter()
                .flatten()
            {
                if e.file_type().is_file() {
                    let sub = e
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    if is_yaml(&sub) {
                        jobs.push((sub, Kind::Year));
                    }
                }
            }
        } else if is_yaml(&name) && name.split('.').next().is_some_and(is_year) {
            jobs.push((format!("data/years/{name}"), Kind::Year));
        }
    }
    jobs.into_par_iter()
        .map(|(rel, kind)| {
            let done: Box<dyn Any + Send> = match kind {
                Kind::County => Box::new(parse_file::<County>(root, &rel, limit)),
                Kind::Registry => Box::new(parse_file::<Registry>(root, &rel, limit)),
                Kind::Plan => Box::new(parse_file::<Plan>(root, &rel, limit)),
                Kind::Standards => Box::new(parse_file::<Standards>(root, &rel, limit)),
                Kind::Year => Box::new(parse_file::<YearFile>(root, &rel, limit)),
            };
            (rel, done)
        })
        .collect()
}

/// A project of the crate's own (`tests/fixtures/…`) for unit tests; it
/// must load without errors.
#[cfg(test)]
pub fn fixture(dir: &str) -> Project {
    let (p, diags) = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir));
    assert!(!diags.has_errors(), "{dir}: {diags:?}");
    p
}

/// Load the project at `root`. Problems are collected, never fatal: the result
/// holds whatever could be read, and `complete` says whether all of it parsed.
pub fn load(root: &Path) -> (Project, Diagnostics) {
    let mut l = Loader {
        project: Project {
            root: root.to_path_buf(),
            complete: true,
            ..Project::default()
        },
        diags: Diagnostics::default(),
        ready: HashMap::new(),
    };
    let data = root.join("data");
    if !data.is_dir() {
        l.diags.push(Diagnostic::error(
            "data",
            format!(
                "找不到数据目录 `data/`（项目目录：{}）。请在县的项目目录中运行，或用 `--project` 指定；新项目可用 `junheng init` 创建",
                root.display()
            ),
        ));
        l.project.complete = false;
        return (l.project, l.diags);
    }

    if let Some((settings, _)) = l.optional::<Settings>("junheng.yaml") {
        l.project.settings = settings;
    }
    // Everything else is read and parsed in parallel first; the steps below
    // then take each file in their fixed order, so the diagnostics and file
    // ids are the same whatever the number of threads.
    l.ready = prefetch(root, l.project.max_file_bytes());
    match l.required::<County>("data/county.yaml") {
        Some((c, id)) => {
            l.project.county = c;
            l.project.county_file = Some(id);
        }
        None => l.project.complete = false,
    }
    match l.required::<Registry>("data/schools.yaml") {
        Some((r, id)) => {
            l.project.registry = r;
            l.project.registry_file = Some(id);
        }
        None => l.project.complete = false,
    }
    if let Some((p, id)) = l.optional::<Plan>("data/plan.yaml") {
        l.project.plan = p;
        l.project.plan_file = Some(id);
    }
    if let Some((s, id)) = l.optional::<Standards>("data/standards.yaml") {
        l.project.standards = s;
        l.project.standards_file = Some(id);
    }
    l.years(&data.join("years"));
    (l.project, l.diags)
}

impl Loader {
    fn abs(&self, rel: &str) -> PathBuf {
        self.project.root.join(rel)
    }

    fn required<T: DeserializeOwned + recover::Lists + Send + 'static>(
        &mut self,
        rel: &str,
    ) -> Option<(T, FileId)> {
        if !self.abs(rel).exists() {
            self.diags
                .push(Diagnostic::error(rel, format!("缺少必需的文件 `{rel}`")));
            return None;
        }
        self.read(rel)
    }

    fn optional<T: DeserializeOwned + recover::Lists + Send + 'static>(
        &mut self,
        rel: &str,
    ) -> Option<(T, FileId)> {
        if !self.abs(rel).exists() {
            return None;
        }
        self.read(rel)
    }

    /// Read, decode and parse one file (or take it from the files parsed
    /// ahead); on failure record why and return None.
    fn read<T: DeserializeOwned + recover::Lists + Send + 'static>(
        &mut self,
        rel: &str,
    ) -> Option<(T, FileId)> {
        let parsed = match self
            .ready
            .remove(rel)
            .and_then(|b| b.downcast::<Parsed<T>>().ok())
        {
            Some(p) => *p,
            None => parse_file::<T>(&self.project.root, rel, self.project.max_file_bytes()),
        };
        let (file, parsed) = match parsed {
            Ok(f) => f,
            Err(d) => {
                self.diags.push(d);
                self.project.complete = false;
                return None;
            }
        };
        match parsed {
            Ok(v) => {
                let id = self.project.files.len();
                self.project.files.push({
                    let (rel, text) = file.into_parts();
                    SourceFile::mapped(rel, text)
                });
                Some((v, id))
            }
            Err(d) => {
                let registry = &self.project.registry;
                let name_of = |id: &str| registry.school(id).map(|s| s.name.clone());
                let all = recover::all_mistakes::<T>(&file, d, &name_of);
                for d in all {
                    self.diags.push(d);
                }
                self.project.files.push(file);
                self.project.complete = false;
                None
            }
        }
    }

    /// Discover `data/years/`: `<year>.yaml|yml` files or `<year>/` folders.
    fn years(&mut self, dir: &Path) {
        if !dir.is_dir() {
            return;
        }
        let [first, last] = self.project.period();
        let mut entries: Vec<(String, bool)> = match std::fs::read_dir(dir) {
            Ok(rd) => {
                let mut entries = Vec::new();
                for e in rd {
                    match e.and_then(|e| {
                        let is_dir = e.file_type()?.is_dir();
                        Ok((e.file_name().to_string_lossy().into_owned(), is_dir))
                    }) {
                        Ok(entry) => entries.push(entry),
                        Err(e) => self.diags.push(Diagnostic::error(
                            "data/years",
                            format!("无法读取目录中的条目：{e}"),
                        )),
                    }
                }
                entries
            }
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    "data/years",
                    format!("无法读取目录：{e}"),
                ));
                return;
            }
        };
        entries.sort();
        let mut seen: BTreeMap<u16, String> = BTreeMap::new();
        for (name, is_dir) in entries {
            let rel = format!("data/years/{name}");
            let stem = if is_dir {
                Some(name.as_str())
            } else {
                name.strip_suffix(".yaml")
                    .or_else(|| name.strip_suffix(".yml"))
            };
            let year = stem
                .filter(|s| s.len() == 4)
                .and_then(|s| s.parse::<u16>().ok());
            let Some(year) = year else {
                self.diags.push(Diagnostic::error(
                    &rel,
                    "`data/years/` 中只能有 `<年份>.yaml`（如 2024.yaml）或 `<年份>/` 文件夹；\
                     这个文件或文件夹不符合命名，不会被读取。请改名或移出该目录",
                ));
                self.project.complete = false;
                continue;
            };
            if year < first || year > last {
                self.diags.push(Diagnostic::error(
                    &rel,
                    format!("年份 {year} 不在规划期 {first}—{last} 年之内"),
                ));
                continue;
            }
            if let Some(other) = seen.get(&year) {
                self.diags.push(Diagnostic::error(
                    &rel,
                    format!(
                        "{year} 年的数据重复：已有 `{other}`。同一年只能用一个文件或一个文件夹，不能两者都有"
                    ),
                ));
                // Check neither: which one holds the year's data is unknown.
                self.project.years.remove(&year);
                self.project.complete = false;
                continue;
            }
            seen.insert(year, rel.clone());
            let data = if is_dir {
                self.year_folder(year, &rel)
            } else {
                self.year_file(year, &rel)
            };
            if let Some(d) = data {
                self.project.years.insert(year, d);
            } else {
                self.project.complete = false;
            }
        }
    }

    fn year_file(&mut self, year: u16, rel: &str) -> Option<YearData> {
        let (f, id) = self.read::<YearFile>(rel)?;
        let mut data = empty_year(year, id);
        if f.year.is_none() {
            self.diags.push(
                self.project
                    .error(id, "", format!("缺少必填字段 `year`（应为 {year}）"))
                    .with_path("year"),
            );
        }
        self.merge(&mut data, f, id);
        Some(data)
    }

    fn year_folder(&mut self, year: u16, rel: &str) -> Option<YearData> {
        let mut files: Vec<String> = Vec::new();
        for entry in walkdir::WalkDir::new(self.abs(rel))
            .min_depth(1)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    self.diags.push(Diagnostic::error(
                        rel,
                        format!("无法读取目录中的条目：{err}"),
                    ));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let sub = entry
                .path()
                .strip_prefix(&self.project.root)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if sub.ends_with(".yaml") || sub.ends_with(".yml") {
                files.push(sub);
            } else {
                self.diags.push(Diagnostic::error(
                    &sub,
                    "年份文件夹中只能有 `.yaml` 文件；这个文件不会被读取。请删除或移出",
                ));
            }
        }
        if files.is_empty() {
            self.diags.push(Diagnostic::error(
                rel,
                format!("{year} 年的文件夹中没有任何 .yaml 文件"),
            ));
            return None;
        }
        let mut data: Option<YearData> = None;
        let mut header: Option<FileId> = None;
        // Whether the header file's `year` parsed to a value: then it is
        // written there, and its positions need not be built to know it.
        let mut header_year = false;
        let mut ok = true;
        for sub in files {
            let Some((f, id)) = self.read::<YearFile>(&sub) else {
                ok = false;
                continue;
            };
            let d = data.get_or_insert_with(|| empty_year(year, id));
            let carries =
                f.year.is_some() || f.status.is_some() || f.as_of.is_some() || f.source.is_some();
            if carries {
                if let Some(h) = header {
                    let first = self.project.file(h).rel.clone();
                    for key in ["year", "status", "as_of", "source"] {
                        if self.project.file(id).map().contains(key) {
                            self.diags.push(self.project.error(
                                id,
                                key,
                                format!("`{key}` 只能写在年份文件夹的一个文件中，已写在 `{first}`"),
                            ));
                        }
                    }
                } else {
                    header = Some(id);
                    header_year = f.year.is_some();
                }
            }
            self.merge(d, f, id);
        }
        if let Some(h) = header {
            if !header_year && !self.project.file(h).map().contains("year") {
                self.diags.push(
                    self.project
                        .error(h, "", format!("缺少必填字段 `year`（应为 {year}）：年份文件夹中写有 status、as_of、source 的文件也要写明 `year`"))
                        .with_path("year"),
                );
            }
        }
        if header.is_none() && ok {
            self.diags.push(Diagnostic::error(
                rel,
                format!("{year} 年文件夹中没有文件写明 `year: {year}`（以及 status、as_of、source）：请在其中一个文件中写明"),
            ));
        }
        if ok {
            data
        } else {
            None
        }
    }

    /// Merge one year file into the year's data, checking the header and county keys.
    fn merge(&mut self, d: &mut YearData, f: YearFile, id: FileId) {
        d.files.push(id);
        if let Some(y) = f.year {
            d.header = Origin {
                file: id,
                path: "year".into(),
            };
            if y != d.year {
                self.diags.push(self.project.error(
                    id,
                    "year",
                    format!("`year: {y}` 与文件名不符：文件名表示 {} 年", d.year),
                ));
            }
        }
        if let Some(s) = f.status {
            d.status = s;
        }
        if f.as_of.is_some() {
            d.as_of = f.as_of;
        }
        if f.source.is_some() {
            d.source = f.source;
        }
        let tag = |list: &str, i: usize| Origin {
            file: id,
            path: format!("{list}[{i}]"),
        };
        d.schools
            .extend(f.schools.into_iter().enumerate().map(|(i, mut s)| {
                s.origin = tag("schools", i);
                s
            }));
        d.projects
            .extend(f.projects.into_iter().enumerate().map(|(i, mut s)| {
                s.origin = tag("projects", i);
                s
            }));
        d.tasks
            .extend(f.tasks.into_iter().enumerate().map(|(i, mut s)| {
                s.origin = tag("tasks", i);
                s
            }));
        d.ledger
            .extend(f.ledger.into_iter().enumerate().map(|(i, mut s)| {
                s.origin = tag("ledger", i);
                s
            }));
        if let Some(c) = f.county {
            let clashes = merge_county(&mut d.county, c);
            for key in clashes {
                let first = d
                    .files
                    .iter()
                    .find(|f| {
                        **f != id
                            && self
                                .project
                                .file(**f)
                                .map()
                                .contains(&format!("county.{key}"))
                    })
                    .map(|f| self.project.file(*f).rel.clone())
                    .unwrap_or_default();
                self.diags.push(self.project.error(
                    id,
                    &format!("county.{key}"),
                    format!("`county.{key}` 在同一年的两个文件中都出现了（另一处：`{first}`），只能写一处"),
                ));
            }
        }
    }
}

fn empty_year(year: u16, file: FileId) -> YearData {
    YearData {
        year,
        status: Default::default(),
        as_of: None,
        source: None,
        schools: Vec::new(),
        county: CountyYear::default(),
        projects: Vec::new(),
        tasks: Vec::new(),
        ledger: Vec::new(),
        files: Vec::new(),
        header: Origin {
            file,
            path: "year".into(),
        },
        index: Default::default(),
    }
}

/// Merge `b` into `a`, key by key; returns the keys given in both.
fn merge_county(a: &mut CountyYear, b: CountyYear) -> Vec<String> {
    let mut clashes = Vec::new();
    macro_rules! take {
        ($($field:ident),*) => {$(
            if let Some(v) = b.$field {
                if a.$field.is_some() {
                    clashes.push(stringify!($field).to_string());
                } else {
                    a.$field = Some(v);
                }
            }
        )*};
    }
    take!(
        salaries,
        training_360,
        rotation,
        nearby_enrollment,
        senior_quota,
        migrant_children,
        special_school_funds_per_student_yuan,
        retention,
        disabled_children,
        monitoring,
        recognition,
        not_applicable
    );
    if let Some(ev) = b.evidence {
        let into = a.evidence.get_or_insert_with(Default::default);
        for (k, v) in ev {
            match into.entry(k) {
                std::collections::btree_map::Entry::Occupied(e) => {
                    clashes.push(format!("evidence.{}", e.key()))
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(v);
                }
            }
        }
    }
    clashes
}
