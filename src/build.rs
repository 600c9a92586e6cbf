//! `build`: the whole pipeline for one report — load and validate (done by the
//! caller), compute, render, check links, write atomically.

use std::borrow::Cow;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::compute;
use crate::diag::Diagnostic;
use crate::load::content::Content;
use crate::load::templates::TemplateFiles;
use crate::load::Project;
use crate::output::{MemorySink, Sink, Tree};
use crate::render::{links, site, templates::Templates};

/// Where `build --pdf` puts the compilation's PDF, from the site's root.
pub const PDF_FROM_SITE: &str = "../compilation.pdf";

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Report as of this year (default: the latest year with data).
    pub year: Option<u16>,
    pub base_url: Option<String>,
    /// Broken internal links are errors (else warnings).
    pub strict: bool,
    /// The report date, when fixed by a snapshot being rebuilt.
    pub date: Option<String>,
    /// Archived snapshots to list on the archive page and include under `archive/<year>/`.
    pub archive_dir: Option<PathBuf>,
    /// The compilation's PDF will be written beside the site folder
    /// (`build --pdf`, an archive with its PDF): the pages link to it.
    pub pdf: bool,
    /// `check`'s dry render: pages and chapters as in a build, charts only
    /// outlined and data downloads empty (see `site::Options::dry_run`).
    pub dry_run: bool,
}

/// A rendered report: in memory ([`render`]) or already in a sink ([`render_to`]).
#[derive(Debug)]
pub struct Built {
    pub year: Option<u16>,
    /// The files, when rendered into memory; empty after [`render_to`].
    pub tree: Tree,
    pub files: usize,
    pub bytes: usize,
    pub pages: usize,
    pub charts: usize,
    pub diags: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
}

impl Built {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Passes files on to a sink and gathers what the link check needs of each,
/// so the check runs without the site in memory.
struct Linked<'a> {
    inner: &'a dyn Sink,
    index: std::sync::Mutex<links::LinkIndex>,
}

impl Sink for Linked<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let scanned = links::scan_page(path, &bytes);
        self.inner.put(path, bytes)?;
        self.index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add_scanned(path, scanned);
        Ok(())
    }

    /// A streamed file is a download, never a page: it only needs to exist.
    fn put_streamed(
        &self,
        path: &str,
        write: crate::output::Streamed<'_>,
    ) -> std::io::Result<usize> {
        let len = self.inner.put_streamed(path, write)?;
        self.index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add_scanned(path, None);
        Ok(len)
    }
}

/// The report's date: `SOURCE_DATE_EPOCH` when set, else the data's own date
/// (the latest year's `as_of`, else its 31 December). Never the wall clock.
pub fn report_date(project: &Project, year: Option<u16>) -> String {
    if let Some(days) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|secs| secs.div_euclid(86_400))
    {
        return date_from_days(days);
    }
    let y = year.and_then(|y| project.years.get(&y));
    match y.and_then(|y| y.as_of) {
        Some(d) => d.to_string(),
        None => format!("{}-12-31", year.unwrap_or(project.period()[1])),
    }
}

/// A warning when `SOURCE_DATE_EPOCH` is set but is not a number of seconds
/// (it is then ignored, and the data's own date is used).
pub fn source_date_epoch_warning() -> Option<String> {
    let v = std::env::var_os("SOURCE_DATE_EPOCH")?;
    let text = v.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(_) => None,
        Err(_) => Some(format!(
            "环境变量 SOURCE_DATE_EPOCH=`{text}` 不是整数秒数，已忽略：报告日期改用数据的统计时点"
        )),
    }
}

/// Civil date of days since 1970-01-01.
fn date_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Keep only the years up to `year`: the report as it stood then.
pub fn as_of(project: &Project, year: Option<u16>) -> Project {
    let mut p = project.clone();
    if let Some(y) = year {
        p.years.retain(|k, _| *k <= y);
    }
    p
}

/// Compute and render the report of an already validated project into memory.
pub fn render(project: &Project, opts: &BuildOptions) -> Result<Built, String> {
    render_in_memory(project, opts, &mut ReportCache::once())
}

/// [`render`] with a kept report (`serve`).
pub fn render_in_memory(
    project: &Project,
    opts: &BuildOptions,
    cache: &mut ReportCache,
) -> Result<Built, String> {
    let sink = MemorySink::new();
    let mut built = render_cached(project, opts, &sink, cache)?;
    built.tree = sink.into_tree();
    Ok(built)
}

/// Compute and render the report, handing each file to `sink` as it is
/// produced (a staging folder: nothing is held in memory but the page at hand).
pub fn render_to(project: &Project, opts: &BuildOptions, sink: &dyn Sink) -> Result<Built, String> {
    render_cached(project, opts, sink, &mut ReportCache::once())
}

/// A loaded file's path and text.
type SourceText = (String, String);

/// The computed report of the previous build, kept by `serve` so that a
/// rebuild after a chapter or template edit does not compute it again. It is
/// keyed on the text of every file the project was loaded from (data and
/// `junheng.yaml`; chapters and templates are not part of it) and the year.
#[derive(Default)]
pub struct ReportCache {
    key: Option<(Option<u16>, Vec<SourceText>)>,
    report: Option<compute::Report>,
    /// Whether the last build reused the kept report (None before any build).
    pub reused: Option<bool>,
    /// A one-shot build (`build`, `check`): keep nothing (a copy of the report
    /// and of every data file's text would cost time and memory for nothing).
    once: bool,
}

impl ReportCache {
    /// A cache for a single build: the report is computed and not kept.
    pub fn once() -> ReportCache {
        ReportCache {
            once: true,
            ..ReportCache::default()
        }
    }

    /// The report of `project` (already cut to `year`): the kept one when the
    /// project's files and the year are unchanged, else computed and kept.
    fn report(&mut self, project: &Project, year: Option<u16>) -> compute::Report {
        let same = self.key.as_ref().is_some_and(|(y, files)| {
            *y == year
                && files.len() == project.files.len()
                && files
                    .iter()
                    .zip(&project.files)
                    .all(|((rel, text), f)| *rel == f.rel && text == f.text())
        });
        if let (true, Some(report)) = (same, &self.report) {
            self.reused = Some(true);
            return report.clone();
        }
        let report = compute::compute(project);
        if self.once {
            self.reused = Some(false);
            return report;
        }
        self.key = Some((
            year,
            project
                .files
                .iter()
                .map(|f| (f.rel.clone(), f.text().to_string()))
                .collect(),
        ));
        self.report = Some(report.clone());
        self.reused = Some(false);
        report
    }
}

/// [`render_to`], reusing `cache`'s report when the data did not change.
pub fn render_cached(
    project: &Project,
    opts: &BuildOptions,
    sink: &dyn Sink,
    cache: &mut ReportCache,
) -> Result<Built, String> {
    let mut timings = Vec::new();
    let year = opts.year.or(project.latest_year());
    let t = Instant::now();
    // The years after `year` are left out (a copy of the project only then).
    let project = match year {
        Some(y) if project.years.keys().any(|k| *k > y) => Cow::Owned(as_of(project, Some(y))),
        _ => Cow::Borrowed(project),
    };
    // The chapters and templates are read and parsed while the report is
    // computed: neither needs the other (a small county's build spent 5 % of
    // its time parsing templates on one core).
    let limit = project.max_file_bytes();
    let (mut report, ((content, mut diags), templates)) = rayon::join(
        || cache.report(&project, year),
        || {
            let templates = TemplateFiles::load(&project.root.join("templates"), limit)
                .and_then(|files| Templates::new(&files));
            (Content::load(&project.root, limit), templates)
        },
    );
    timings.push(("计算（同时读取章节和模板）", t.elapsed()));

    let t = Instant::now();
    let templates = templates?;
    let (mut archives, archive_warnings) = opts
        .archive_dir
        .as_deref()
        .map(crate::archive::list)
        .unwrap_or_default();
    // Each snapshot's zip goes into the site beside its folder, so the site links to it.
    let mut zips = Vec::new();
    if let Some(dir) = &opts.archive_dir {
        for (listed, _) in &mut archives {
            if let Ok(bytes) = std::fs::read(dir.join(format!("{}.zip", listed.year))) {
                let path = format!("archive/{}.zip", listed.year);
                listed.zip = Some(path.clone());
                zips.push((path, bytes));
            }
        }
    }
    report.archives = archives.iter().map(|(l, _)| l.clone()).collect();
    let options = site::Options {
        base_url: opts.base_url.clone(),
        date: opts
            .date
            .clone()
            .unwrap_or_else(|| report_date(&project, year)),
        pdf: opts.pdf.then(|| PDF_FROM_SITE.to_string()),
        dry_run: opts.dry_run,
    };
    let linked = Linked {
        inner: sink,
        index: Default::default(),
    };
    let mut site = site::render_to(&report, &content, &templates, &options, &linked);
    for (listed, tree) in archives {
        for (k, v) in tree {
            let path = format!("archive/{}/{k}", listed.year);
            site.files += 1;
            site.bytes += v.len();
            linked
                .put(&path, v)
                .map_err(|e| format!("cannot write {path}: {e}"))?;
        }
    }
    for (path, v) in zips {
        site.files += 1;
        site.bytes += v.len();
        linked
            .put(&path, v)
            .map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    diags.append(&mut site.diags);
    let archive_rel = opts
        .archive_dir
        .as_deref()
        .map(|d| {
            d.strip_prefix(&project.root)
                .unwrap_or(d)
                .display()
                .to_string()
        })
        .unwrap_or_default();
    for w in archive_warnings {
        diags.push(Diagnostic::warning(&archive_rel, w));
    }
    let index = linked.index.into_inner().unwrap_or_else(|e| e.into_inner());
    for b in index.check() {
        // The PDF is written beside the site folder after the site; an archived
        // snapshot's pages link to the PDF beside the snapshot's own site folder
        // (inside its zip), which the outer site does not hold.
        if b.link.ends_with(PDF_FROM_SITE) && (opts.pdf || b.page.starts_with("archive/")) {
            continue;
        }
        let msg = format!("页面 {} 中的链接 `{}` 无效：{}", b.page, b.link, b.problem);
        diags.push(if opts.strict {
            Diagnostic::error(&b.page, msg)
        } else {
            Diagnostic::warning(&b.page, msg)
        });
    }
    timings.push(("生成页面", t.elapsed()));
    crate::mem::let_go((report, index, content, templates, project));
    Ok(Built {
        year,
        tree: Tree::new(),
        files: site.files,
        bytes: site.bytes,
        pages: site.pages,
        charts: site.charts,
        diags,
        timings,
    })
}

/// Where the site goes by default: `<output_dir>/site`.
pub fn default_out(project: &Project) -> PathBuf {
    let dir = project.settings.output_dir.as_deref().unwrap_or("output");
    project.root.join(dir).join("site")
}

/// Where snapshots go: `archive_dir` of `junheng.yaml`, default `<output_dir>/archive`.
pub fn archive_dir(project: &Project) -> PathBuf {
    match &project.settings.archive_dir {
        Some(d) => project.root.join(d),
        None => project
            .root
            .join(project.settings.output_dir.as_deref().unwrap_or("output"))
            .join("archive"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(date_from_days(0), "1970-01-01");
        assert_eq!(date_from_days(19_967), "2024-09-01");
        assert_eq!(date_from_days(-1), "1969-12-31");
    }
}
