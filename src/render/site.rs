//! The website and the print compilation: which pages exist, what each
//! template is given, and the assembly of the output tree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::annex::{self, Annex};
use super::content::{self, Chapter, Embed, RenderedChapter};
use super::context::{SchoolIndex, Shared};
use super::enhance::Enhancer;
use super::figures::{self, Figures};
use super::markdown;
use super::search;
use super::templates::{self, Refs, Templates};
use crate::compute::{Report, YearReport};
use crate::diag::Diagnostic;
use crate::model::content::Content;
use crate::model::standards::Indicator;
use crate::output::{MemorySink, Sink, Tree};

/// What the build asks of the renderer.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Absolute URL of the published site; enables `sitemap.xml`.
    pub base_url: Option<String>,
    /// The compilation date (YYYY-MM-DD): from `SOURCE_DATE_EPOCH` or the data.
    pub date: String,
    /// Where the compilation's PDF is, from the site root, when the build
    /// makes one (`build --pdf` writes `compilation.pdf` beside the site
    /// folder, so `../compilation.pdf`); `None`: no PDF, no link.
    pub pdf: Option<String>,
    /// A dry render (`check`): every page and chapter is rendered as in a
    /// build, but charts are only outlined (their ids, title and description,
    /// nothing drawn), the data downloads (CSV, Excel, report.json) are
    /// handed to the sink empty, so the link check still finds them, and the
    /// pages skip the enhancer's last pass (school names → links to pages
    /// that exist). None of these can fail on a template or chapter error.
    pub dry_run: bool,
}

/// The rendered site.
#[derive(Debug, Default)]
pub struct Site {
    /// The files, when rendered into memory ([`render`]); empty after [`render_to`].
    pub tree: Tree,
    pub pages: usize,
    /// Files put into the sink, and their total size.
    pub files: usize,
    pub bytes: usize,
    pub charts: usize,
    /// Problems in chapters and templates (file and line named).
    pub diags: Vec<Diagnostic>,
}

/// An annex and its HTML, for print.html.
#[derive(Debug, Clone, Serialize)]
struct AnnexHtml {
    #[serde(flatten)]
    annex: Annex,
    html: String,
}

/// A navigation entry.
#[derive(Debug, Clone, Serialize)]
struct NavItem {
    key: &'static str,
    label: &'static str,
    href: &'static str,
}

const NAV: &[NavItem] = &[
    NavItem {
        key: "index",
        label: "总览",
        href: "index.html",
    },
    NavItem {
        key: "chapters",
        label: "报告正文",
        href: "chapters/index.html",
    },
    NavItem {
        key: "years",
        label: "年度数据",
        href: "years/index.html",
    },
    NavItem {
        key: "indicators",
        label: "资源配置",
        href: "indicators/index.html",
    },
    NavItem {
        key: "schools",
        label: "学校",
        href: "schools/index.html",
    },
    NavItem {
        key: "assurance",
        label: "政府保障",
        href: "assurance.html",
    },
    NavItem {
        key: "quality",
        label: "教育质量",
        href: "quality.html",
    },
    NavItem {
        key: "recognition",
        label: "社会认可",
        href: "recognition.html",
    },
    NavItem {
        key: "projects",
        label: "重大项目",
        href: "projects.html",
    },
    NavItem {
        key: "tasks",
        label: "重点任务",
        href: "tasks.html",
    },
    NavItem {
        key: "ledger",
        label: "问题台账",
        href: "ledger.html",
    },
    NavItem {
        key: "annexes",
        label: "附表",
        href: "annexes/index.html",
    },
    NavItem {
        key: "methodology",
        label: "方法说明",
        href: "methodology.html",
    },
    NavItem {
        key: "downloads",
        label: "数据下载",
        href: "downloads.html",
    },
    NavItem {
        key: "archive",
        label: "往年存档",
        href: "archive.html",
    },
    NavItem {
        key: "print",
        label: "资料汇编",
        href: "print.html",
    },
];

struct Renderer<'a> {
    sink: &'a dyn Sink,
    /// Paths of the rendered pages (for the sitemap).
    html: BTreeSet<String>,
    report: &'a Report,
    content: &'a Content,
    templates: &'a Templates,
    figures: Figures,
    shared: Shared,
    site_value: Value,
    site: Site,
    enhancer: Enhancer,
    pdf: Option<String>,
    dry_run: bool,
    /// Charts that could not be drawn where shown (id → message), reported once.
    chart_errors: std::sync::Mutex<BTreeMap<String, String>>,
}

/// Where the formula workbook of `year` goes in the site (ASCII, so links stay plain).
pub fn calc_path(year: u16) -> String {
    format!("data/xlsx/resource-{year}.xlsx")
}

/// Render the whole site for a computed report into memory (`Site::tree`).
/// Reads no file: the chapters and templates come loaded, everything else
/// from the report.
pub fn render(report: &Report, content: &Content, templates: &Templates, opts: &Options) -> Site {
    let sink = MemorySink::new();
    let mut site = render_to(report, content, templates, opts, &sink);
    site.tree = sink.into_tree();
    site
}

/// Render the whole site, handing each file to `sink` as soon as it is
/// produced (pages, charts and files in parallel; the files are the same
/// whatever the number of threads). `Site::tree` stays empty.
pub fn render_to(
    report: &Report,
    content: &Content,
    templates: &Templates,
    opts: &Options,
    sink: &dyn Sink,
) -> Site {
    // The report as a template value for the chapters (the largest single
    // value) is made beside everything else the pages share: the figures'
    // layout, the shared context values, the school-name matcher (made after
    // it, they left a core idle).
    let meta = site_meta(report, opts);
    let ((figures, shared, site_value, enhancer), report_value) = rayon::join(
        || {
            let figures = figures::build(report);
            let shared = Shared::new(report, &meta);
            let site_value = Value::from_serializable(&meta);
            let names = report
                .schools
                .iter()
                .map(|s| (s.id.as_str(), s.name.as_str()));
            (figures, shared, site_value, Enhancer::new(names))
        },
        || Value::from_serializable(report),
    );
    let mut site = Site::default();
    for (id, msg) in &figures.errors {
        site.diags.push(Diagnostic::warning(
            "",
            format!("图表 `{id}` 无法绘制：{msg}"),
        ));
    }
    let mut r = Renderer {
        sink,
        html: BTreeSet::new(),
        report,
        content,
        templates,
        figures,
        shared,
        site_value,
        site,
        enhancer,
        pdf: opts.pdf.clone(),
        dry_run: opts.dry_run,
        chart_errors: Default::default(),
    };
    r.all(opts, report_value);
    r.site.charts = r.figures.charts.len();
    let failed = std::mem::take(&mut *r.chart_errors.get_mut().unwrap_or_else(|e| e.into_inner()));
    let failed: Vec<Diagnostic> = failed
        .into_iter()
        .map(|(id, msg)| Diagnostic::warning("", format!("图表 `{id}` 无法绘制：{msg}")))
        .collect();
    // Beside the charts that could not even be laid out, before anything else.
    let at = r.figures.errors.len().min(r.site.diags.len());
    r.site.diags.splice(at..at, failed);
    let site = std::mem::take(&mut r.site);
    // The figures, the shared values and the link index: done with.
    crate::mem::let_go(r);
    site
}

#[derive(Serialize)]
struct SiteMeta {
    title: String,
    county: String,
    short_name: String,
    compiler: Option<String>,
    notice: Option<String>,
    plan_title: Option<String>,
    document_no: Option<String>,
    period: [u16; 2],
    year: Option<u16>,
    /// The assessed year (latest final) and the latest provisional year: the site's headline.
    assessed_year: Option<u16>,
    provisional_year: Option<u16>,
    provisional: bool,
    as_of: Option<String>,
    date: String,
    nav: &'static [NavItem],
    planned_years: Vec<u16>,
    indicators: Vec<IndicatorInfo>,
    version: &'static str,
    /// The compilation's PDF from the site root, when there is one.
    pdf: Option<String>,
    /// Archived snapshots' zips inside the site: (year, `archive/<year>.zip`).
    zips: Vec<(u16, String)>,
}

#[derive(Serialize, Clone)]
struct IndicatorInfo {
    key: &'static str,
    name: &'static str,
    short: &'static str,
    unit: &'static str,
    per_100: bool,
    decimals: usize,
}

fn indicator_info(i: Indicator) -> IndicatorInfo {
    IndicatorInfo {
        key: i.key(),
        name: i.zh(),
        short: i.short_zh(),
        unit: i.unit(),
        per_100: i.per_100(),
        decimals: figures::decimals(i),
    }
}

fn site_meta(report: &Report, opts: &Options) -> SiteMeta {
    let c = &report.county;
    let plan = c.plan.clone().unwrap_or_default();
    let latest = report.years.last();
    let [first, last] = report.period;
    SiteMeta {
        title: report
            .title
            .clone()
            .unwrap_or_else(|| format!("{}义务教育优质均衡发展资料汇编", c.short())),
        county: c.name.clone(),
        short_name: c.short().to_string(),
        compiler: c.compiler.clone(),
        notice: c.notice.clone(),
        plan_title: plan.title,
        document_no: plan.document_no,
        period: report.period,
        year: latest.map(|y| y.year),
        assessed_year: report.assessed_year,
        provisional_year: report.provisional_year,
        provisional: latest.is_some_and(|y| y.provisional),
        as_of: latest.and_then(|y| y.as_of).map(|d| d.zh()),
        date: opts.date.clone(),
        nav: NAV,
        planned_years: (first..=last)
            .filter(|y| report.year(*y).is_none())
            .collect(),
        indicators: Indicator::ALL.iter().map(|i| indicator_info(*i)).collect(),
        version: env!("CARGO_PKG_VERSION"),
        pdf: opts.pdf.clone(),
        zips: report
            .archives
            .iter()
            .filter_map(|a| a.zip.clone().map(|z| (a.year, z)))
            .collect(),
    }
}

impl<'a> Renderer<'a> {
    fn all(&mut self, opts: &Options, report_value: Value) {
        // `check` writes nothing, so its memory is not the build's peak: the
        // report value stays whole, to be let go at exit, instead of being
        // freed node by node after the chapters and the year pages.
        if self.dry_run {
            crate::mem::let_go(report_value.clone());
        }
        // The data files need only the report and the figures: they are
        // made beside everything else, from the chapters on, so a core idle
        // in the short phases before the pages (a small county's whole
        // build) has them to do. The year workbooks wait for the school
        // pages (see `pages`).
        let this = &*self;
        let (files, pages) = rayon::join(|| this.data_files(false), || this.pages(report_value));
        self.site.diags.extend(pages.chapter_diags);
        self.record(pages.outcomes);
        self.put("static/search-index.js", pages.search_js.into_bytes());
        for (name, body) in self.templates.assets() {
            self.put(&format!("static/{name}"), body.clone());
        }
        self.count(files);
        self.count(pages.workbooks);
        if let Some(base) = &opts.base_url {
            self.sitemap(base);
        }
    }

    /// The chapters and every page, in parallel (any thread); their
    /// outcomes in the order of the jobs, whatever ran first.
    fn pages(&self, report_value: Value) -> Pages {
        // The year pages show each year whole: the report value's own years
        // (Tera values clone by reference), not serialized again. They are
        // freed as their pages are done; the rest of the value once the
        // chapters are.
        let years = years_of(&report_value);
        // `check` keeps the report value whole (see `all`): its school pages
        // take each history row's summary and sections from it by reference
        // (`SchoolYearRow::value_in`) instead of serializing them again. A
        // build frees the value before the school pages, for its peak.
        let history_years = self.dry_run.then(|| years.clone());
        let history_years = history_years.as_deref();
        let mut year_values = years.into_iter();
        let (chapters, chapter_diags) = self.chapters(report_value);
        let index = SchoolIndex::new(self.report);
        let downloads = self.downloads();
        let search = search::build(self.report, &chapters);
        let search_groups: Vec<(&str, Vec<search::Entry>)> = search::KINDS
            .iter()
            .map(|k| {
                (
                    *k,
                    search
                        .entries
                        .iter()
                        .filter(|e| e.kind == *k)
                        .cloned()
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let web: Vec<RenderedChapter> = chapters.iter().filter(|c| c.web).cloned().collect();
        let print: Vec<RenderedChapter> = chapters
            .into_iter()
            .filter(|c| c.print)
            .map(|c| with_root(c, ""))
            .collect();

        // Every page is a job; they all run at once on every core (with the
        // data files beside them), and their outcomes are recorded in this
        // order whatever the number of threads.
        let mut jobs: Vec<Job<'_, 'a>> = Vec::new();
        // The compilation is the largest page: first, so it is not the last to finish.
        jobs.push(job("print.html", "print", "print.html", move |r, ctx| {
            let figures: Vec<_> = print.iter().flat_map(|c| c.figures.clone()).collect();
            let tables: Vec<_> = print.iter().flat_map(|c| c.tables.clone()).collect();
            ctx.insert("chapters", &print);
            ctx.insert("figures", &figures);
            ctx.insert("tables", &tables);
            ctx.insert("annexes", &r.annexes_html("h2"));
        }));
        jobs.push(job("index.html", "index", "index.html", |r, ctx| {
            r.figs(ctx, &["cv-primary", "cv-junior", "targets"]);
            r.tables(ctx, &["targets"]);
        }));
        jobs.push(job("years/index.html", "years", "years.html", |_, _| {}));
        for y in &self.report.years {
            let year = y.year;
            let value = year_values.next().unwrap_or_else(Value::none);
            jobs.push(job(
                format!("years/{year}.html"),
                "years",
                "year.html",
                move |r, ctx| {
                    ctx.insert_value("year", value);
                    r.tables(
                        ctx,
                        &[
                            &format!("indicators-primary-{year}"),
                            &format!("indicators-junior-{year}"),
                            &format!("sections-primary-{year}"),
                            &format!("sections-junior-{year}"),
                            &format!("verdict-{year}"),
                            &format!("assurance-{year}"),
                            &format!("quality-{year}"),
                        ],
                    );
                },
            ));
        }
        jobs.push(job(
            "indicators/index.html",
            "indicators",
            "indicators.html",
            |r, ctx| {
                r.figs(ctx, &["cv-primary", "cv-junior"]);
                r.tables(
                    ctx,
                    &[
                        "indicators-primary",
                        "indicators-junior",
                        "composite-by-year",
                    ],
                );
            },
        ));
        for &i in Indicator::ALL.iter() {
            jobs.push(job(
                format!("indicators/{}.html", i.key()),
                "indicators",
                "indicator.html",
                move |r, ctx| {
                    ctx.insert("indicator", &indicator_info(i));
                    r.figs(
                        ctx,
                        &[
                            &format!("cv-{}", i.key()),
                            &format!("sections-{}-primary", i.key()),
                            &format!("sections-{}-junior", i.key()),
                        ],
                    );
                    r.tables(
                        ctx,
                        &[
                            &format!("history-{}-primary", i.key()),
                            &format!("history-{}-junior", i.key()),
                        ],
                    );
                },
            ));
        }
        let index = &index;
        jobs.push(job(
            "schools/index.html",
            "schools",
            "schools.html",
            move |r, ctx| {
                ctx.insert("rows", &index.rows(r.report));
            },
        ));
        for s in &self.report.schools {
            let id = s.id.as_str();
            jobs.push(job(
                format!("schools/{id}.html"),
                "schools",
                "school.html",
                move |r, ctx| {
                    let history = index.history(id);
                    let failed = index.failed_years(id);
                    let root = ctx.get("root").and_then(Value::as_str).unwrap_or("");
                    let tables = super::school::indicator_tables(
                        history,
                        &failed,
                        &r.report.standards,
                        r.report.rules.indicators,
                        root,
                    );
                    ctx.insert("school", s);
                    match history_years.and_then(|years| {
                        history
                            .iter()
                            .map(|row| row.value_in(years))
                            .collect::<Option<Vec<Value>>>()
                    }) {
                        Some(rows) => ctx.insert_value("history", Value::from(rows)),
                        None => ctx.insert("history", history),
                    }
                    ctx.insert("failed", &failed);
                    ctx.insert("indicator_tables", &tables);
                    ctx.insert("several_years", &index.several_years(id));
                    r.figs(
                        ctx,
                        &[
                            &format!("school-{id}-primary"),
                            &format!("school-{id}-junior"),
                        ],
                    );
                },
            ));
        }
        jobs.push(job(
            "assurance.html",
            "assurance",
            "assurance.html",
            |r, ctx| {
                ctx.insert("items", &r.report.years.last().map(|y| &y.assurance));
                r.figs(ctx, &["class-sizes", "school-sizes", "rooms"]);
            },
        ));
        jobs.push(job("quality.html", "quality", "quality.html", |r, ctx| {
            ctx.insert("items", &r.report.years.last().map(|y| &y.quality));
        }));
        jobs.push(job(
            "recognition.html",
            "recognition",
            "recognition.html",
            |r, ctx| {
                r.figs(ctx, &["recognition"]);
                r.tables(ctx, &["recognition"]);
            },
        ));
        jobs.push(job(
            "projects.html",
            "projects",
            "projects.html",
            |r, ctx| {
                ctx.insert("projects", &r.report.projects);
                ctx.insert("milestones", &r.report.plan.milestones);
                r.figs(ctx, &["projects-timeline", "projects-investment"]);
                r.tables(ctx, &["projects"]);
            },
        ));
        jobs.push(job("tasks.html", "tasks", "tasks.html", |r, ctx| {
            ctx.insert("groups", &r.report.plan.task_groups);
            ctx.insert("tasks", &r.report.tasks);
        }));
        jobs.push(job("ledger.html", "ledger", "ledger.html", |r, ctx| {
            ctx.insert("ledger", &r.report.ledger);
        }));
        jobs.push(job(
            "methodology.html",
            "methodology",
            "methodology.html",
            |r, ctx| {
                let sources: Vec<(u16, Option<String>, Option<String>)> = r
                    .report
                    .years
                    .iter()
                    .map(|y| (y.year, y.source.clone(), y.as_of.map(|d| d.zh())))
                    .collect();
                ctx.insert("sources", &sources);
            },
        ));
        jobs.push(job("archive.html", "archive", "archive.html", |r, ctx| {
            ctx.insert("archives", &r.report.archives);
        }));
        self.annex_pages(&mut jobs);
        jobs.push(job(
            "downloads.html",
            "downloads",
            "downloads.html",
            move |_, ctx| {
                ctx.insert("groups", &downloads);
            },
        ));
        jobs.push(job(
            "search.html",
            "search",
            "search.html",
            move |_, ctx| {
                ctx.insert("groups", &search_groups);
            },
        ));
        let web_list = web.clone();
        jobs.push(job(
            "chapters/index.html",
            "chapters",
            "chapters.html",
            move |_, ctx| {
                ctx.insert("chapters", &web_list);
            },
        ));
        let slugs: Vec<String> = web.iter().map(|c| c.slug.clone()).collect();
        for (n, c) in web.into_iter().enumerate() {
            let prev = n.checked_sub(1).map(|p| slugs[p].clone());
            let next = slugs.get(n + 1).cloned();
            let path = format!("chapters/{}.html", c.slug);
            let chapter = with_root(c, "../");
            jobs.push(job(path, "chapters", "chapter.html", move |_, ctx| {
                ctx.insert("chapter", &chapter);
                ctx.insert("prev", &prev);
                ctx.insert("next", &next);
            }));
        }

        // The year pages first, on their own: they hold the report value's
        // years, which are freed (and the memory given back) before the other
        // pages add to the memory in use (1,000 schools: peak 150 -> 142 MB).
        let (years, others): (Vec<_>, Vec<_>) = jobs
            .into_iter()
            .enumerate()
            .partition(|(_, j)| j.template == "year.html");
        let mut done: Vec<(usize, PageOut)> = years
            .into_par_iter()
            .with_max_len(1)
            .flat_map_iter(|(n, j)| self.render_pages(vec![j]).into_iter().map(move |o| (n, o)))
            .collect();
        crate::mem::release_freed();
        let (order, others): (Vec<usize>, Vec<Job>) = others.into_iter().unzip();
        // Each run is a task of its own (`with_max_len(1)`): rayon otherwise
        // splits a list into a few pieces, each run in turn on one thread,
        // and the runs of school pages (costlier than a one-page run) ended
        // up in one piece, on one core, while the other sat idle (100
        // schools: 40 ms on one core; the build 10 % slower).
        //
        // The year workbooks are made beside these pages, not beside the year
        // pages with the other downloads: each holds a year's every cell
        // until written, and beside the report value they raised the peak
        // (1,000 schools: 141 -> 149 MB).
        let (pages, workbooks) = rayon::join(
            || -> Vec<PageOut> {
                runs(others, |j| j.template, rayon::current_num_threads())
                    .into_par_iter()
                    .with_max_len(1)
                    .flat_map_iter(|run| self.render_pages(run))
                    .collect()
            },
            || self.data_files(true),
        );
        done.extend(order.into_iter().zip(pages));
        done.sort_by_key(|(n, _)| *n);
        Pages {
            chapter_diags,
            outcomes: done.into_iter().map(|(_, o)| o).collect(),
            search_js: search.js(),
            workbooks,
        }
    }

    /// The annexes with their HTML (`heading`: the tag of their titles).
    fn annexes_html(&self, heading: &str) -> Vec<AnnexHtml> {
        self.figures
            .annexes
            .iter()
            .filter_map(|a| {
                let t = self.figures.tables.get(&a.table)?;
                Some(AnnexHtml {
                    annex: a.clone(),
                    html: annex::html(a, &self.table_html(t), heading),
                })
            })
            .collect()
    }

    /// `annexes/index.html` and one page per annex (its table, not the report).
    fn annex_pages<'j>(&'j self, jobs: &mut Vec<Job<'j, 'a>>) {
        let list = &self.figures.annexes;
        jobs.push(job(
            "annexes/index.html",
            "annexes",
            "annexes.html",
            move |_, ctx| {
                ctx.insert("annexes", list);
            },
        ));
        for (n, a) in list.iter().enumerate() {
            let Some(t) = self.figures.tables.get(&a.table) else {
                continue;
            };
            let prev = n.checked_sub(1).map(|p| list[p].slug.as_str());
            let next = list.get(n + 1).map(|x| x.slug.as_str());
            jobs.push(job(
                format!("annexes/{}.html", a.slug),
                "annexes",
                "annex.html",
                move |r, ctx| {
                    ctx.insert("annex", a);
                    ctx.insert("annex_html", &annex::html(a, &r.table_html(t), "h1"));
                    ctx.insert("prev", &prev);
                    ctx.insert("next", &next);
                },
            ));
        }
    }

    /// Render a run of pages (any thread): their contexts here, their
    /// templates on one render thread together, and each page then handed to
    /// the sink. [`Self::record`] the outcomes.
    fn render_pages(&self, jobs: Vec<Job<'_, 'a>>) -> Vec<PageOut> {
        let mut pages = Vec::with_capacity(jobs.len());
        let mut contexts = Vec::with_capacity(jobs.len());
        for j in jobs {
            let mut ctx = self.shared.context(&j.path, j.key);
            (j.extra)(self, &mut ctx);
            contexts.push((j.template, ctx));
            pages.push((j.path, j.key, j.template));
        }
        let rendered = self.templates.render_all(contexts);
        pages
            .into_iter()
            .zip(rendered)
            .map(|((path, key, template), html)| self.finish_page(path, key, template, html))
            .collect()
    }

    /// A rendered page, made ready for its place and handed to the sink.
    fn finish_page(
        &self,
        path: String,
        key: &str,
        template: &str,
        rendered: Result<String, String>,
    ) -> PageOut {
        let result = match rendered {
            Ok(html) => {
                // The compilation is for print: its school names stay text.
                let html = if key == "print" {
                    super::continued::mark(&html)
                } else if self.dry_run {
                    // The enhancer cannot fail, and the only links it adds go to
                    // the pages of known schools, which are rendered (or reported).
                    html
                } else {
                    let own = path
                        .strip_prefix("schools/")
                        .and_then(|p| p.strip_suffix(".html"));
                    let root = "../".repeat(path.matches('/').count());
                    self.enhancer.page(&html, &root, own)
                };
                let len = html.len();
                self.sink
                    .put(&path, html.into_bytes())
                    .map(|()| len)
                    .map_err(|e| write_error(&path, &e))
            }
            Err(e) => Err(Diagnostic::error(
                format!("templates/{template}"),
                format!("模板渲染失败（页面 {path}）：{e}"),
            )),
        };
        PageOut { path, result }
    }

    /// Count rendered pages and keep their problems, in the order given.
    fn record(&mut self, outs: Vec<PageOut>) {
        for o in outs {
            match o.result {
                Ok(len) => {
                    self.site.pages += 1;
                    self.site.files += 1;
                    self.site.bytes += len;
                    self.html.insert(o.path);
                }
                Err(d) => self.site.diags.push(d),
            }
        }
    }

    /// Hand one file (not a page) to the sink.
    fn put(&mut self, path: &str, bytes: Vec<u8>) {
        let out = self.send(path, bytes);
        self.count(vec![out]);
    }

    /// Hand one file to the sink (any thread); [`Self::count`] the outcome.
    fn send(&self, path: &str, bytes: Vec<u8>) -> Result<usize, Diagnostic> {
        let len = bytes.len();
        self.sink
            .put(path, bytes)
            .map(|()| len)
            .map_err(|e| write_error(path, &e))
    }

    /// Count written files and keep their problems, in the order given.
    fn count(&mut self, outs: Vec<Result<usize, Diagnostic>>) {
        for o in outs {
            match o {
                Ok(len) => {
                    self.site.files += 1;
                    self.site.bytes += len;
                }
                Err(d) => self.site.diags.push(d),
            }
        }
    }

    /// Draw a chart where it is shown (outlined in a dry render). One that
    /// cannot be drawn is left out, and reported once.
    fn draw(&self, c: &figures::FigureChart) -> Option<super::charts::Chart> {
        match c.draw(self.dry_run) {
            Ok(chart) => Some(chart),
            Err(e) => {
                self.chart_errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(e.id, e.message);
                None
            }
        }
    }

    /// Put named charts into the context as `fig.<name>` (HTML, with data table).
    fn figs(&self, ctx: &mut Context, names: &[&str]) {
        let root = ctx
            .get("root")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let mut m: BTreeMap<String, String> = BTreeMap::new();
        for n in names {
            if let Some(c) = self.figures.charts.get(*n).and_then(|c| self.draw(c)) {
                m.insert(n.to_string(), chart_html(&c, &root));
            }
        }
        ctx.insert("fig", &m);
    }

    /// A table's HTML; in a dry render only an empty frame: tables are made
    /// here, never by a template, and hold no link or anchor to check.
    fn table_html(&self, t: &figures::Table) -> String {
        if self.dry_run {
            "<table></table>".to_string()
        } else {
            t.html()
        }
    }

    /// Put named tables into the context as `tab.<name>` (HTML with caption).
    fn tables(&self, ctx: &mut Context, names: &[&str]) {
        let mut m: BTreeMap<String, String> = BTreeMap::new();
        for n in names {
            if let Some(t) = self.figures.tables.get(*n) {
                m.insert(
                    n.to_string(),
                    format!(
                        "<div class=\"table-wrap\">\n<p class=\"table-caption\">{}</p>\n{}\n</div>",
                        content::escape(&t.title),
                        self.table_html(t)
                    ),
                );
            }
        }
        ctx.insert("tab", &m);
    }

    /// The context every chapter is rendered with.
    fn chapter_context(&self, report: Value) -> Context {
        // Chapters may cite anything in the report: it is serialized once for
        // them all, and the years below are that value's own (Tera values
        // clone by reference), not serialized again.
        let years = years_of(&report);
        let year = |y: Option<u16>| -> Value {
            y.and_then(|y| self.report.years.iter().position(|r| r.year == y))
                .and_then(|i| years.get(i).cloned())
                .unwrap_or_else(Value::none)
        };
        let mut ctx = Context::new();
        ctx.insert_value("report", report.clone());
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert_value("latest", years.last().cloned().unwrap_or_else(Value::none));
        let by_year: BTreeMap<String, Value> = self
            .report
            .years
            .iter()
            .zip(&years)
            .map(|(y, v)| (y.year.to_string(), v.clone()))
            .collect();
        ctx.insert_value("years", Value::from(by_year));
        // The assessed year: the latest year with final (not provisional) figures.
        ctx.insert_value("final", year(self.report.assessed_year));
        ctx.insert_value("assessed", year(self.report.assessed_year));
        ctx.insert_value("provisional", year(self.report.provisional_year));
        ctx.insert_value("base", year(self.report.base_year));
        // The names a chapter may embed (`{% if "cv-junior" in charts %}`).
        let tables: Vec<&String> = self.figures.tables.keys().collect();
        let charts: Vec<&String> = self.figures.charts.keys().collect();
        ctx.insert("tables", &tables);
        ctx.insert("charts", &charts);
        ctx
    }

    /// Every chapter rendered (`report`: the report as a template value).
    /// The numbering of embedded tables and charts (表3-2) is known only once
    /// every chapter's Tera is rendered, and `ref()` may refer forward: it
    /// answers a placeholder, replaced when the numbers are known.
    fn chapters(&self, report: Value) -> (Vec<RenderedChapter>, Vec<Diagnostic>) {
        let chapters = &self.content.chapters;
        let ctx = self.chapter_context(report);
        let mut refs = Refs {
            numbers: BTreeMap::new(),
            tables: self.figures.tables.keys().cloned().collect(),
            charts: self.figures.charts.keys().cloned().collect(),
            first_pass: true,
        };
        let first = Arc::new(refs.clone());
        // The chapters are rendered once, in parallel, with placeholders for
        // `ref()`; the numbering between goes through them in order, and the
        // placeholders are then replaced by the numbers.
        let bodies: Vec<Result<String, String>> = chapters
            .par_iter()
            .map(|c| {
                self.templates
                    .render_chapter(&c.rel, &padded(c), &ctx, first.clone())
            })
            .collect();
        for (n, body) in bodies.iter().enumerate() {
            let Ok(body) = body else {
                continue;
            };
            let (mut figs, mut tabs) = (0, 0);
            for (kind, name) in content::embeds(body) {
                let (known, count, zh) = match kind {
                    "chart" => (&refs.charts, &mut figs, "图"),
                    _ => (&refs.tables, &mut tabs, "表"),
                };
                if known.contains(name) {
                    *count += 1;
                    refs.numbers
                        .entry(format!("{kind}:{name}"))
                        .or_insert(format!("{zh}{}-{count}", n + 1));
                }
            }
        }
        refs.first_pass = false;
        let refs = Arc::new(refs);
        let bodies: Vec<Result<String, String>> = chapters
            .par_iter()
            .zip(bodies)
            .map(|(c, body)| {
                body.and_then(|b| match refs.resolve(b) {
                    Some(resolved) => Ok(resolved),
                    // A reference to a table or chart no chapter embeds: the
                    // final numbering answers it with an error at its line.
                    None => self
                        .templates
                        .render_chapter(&c.rel, &padded(c), &ctx, refs.clone()),
                })
            })
            .collect();
        // The report as a template value is the largest value of a build:
        // gone, and its memory given back, before the chapters' charts are
        // drawn and the pages rendered (1,000 schools: peak 148 -> 137 MB).
        drop(ctx);
        crate::mem::release_freed();
        let rendered: Vec<(Option<RenderedChapter>, Vec<Diagnostic>)> = chapters
            .par_iter()
            .zip(bodies)
            .enumerate()
            .map(|(n, (c, body))| self.render_chapter(c, n + 1, body))
            .collect();
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for (chapter, diags) in rendered {
            problems.extend(diags);
            out.extend(chapter);
        }
        (out, problems)
    }

    /// One chapter rendered, with its problems (any thread).
    fn render_chapter(
        &self,
        c: &Chapter,
        number: usize,
        body: Result<String, String>,
    ) -> (Option<RenderedChapter>, Vec<Diagnostic>) {
        // Tera first (autoescaped, so data strings stay text), then Markdown.
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                let mut d = Diagnostic::error(
                    &c.rel,
                    format!("章节中的模板表达式有误：{}", templates::error_zh(&e)),
                );
                if let Some((line, col)) = templates::error_place(&e, &c.rel) {
                    d = d.at(line, col, c.line_text(line));
                }
                return (None, vec![d]);
            }
        };
        let prefix = format!("c{number}-");
        let rendered = markdown::render(&body, &prefix);
        let figures = &self.figures;
        let lookup = |kind: &str, name: &str| -> Option<Embed> {
            match kind {
                "chart" => figures
                    .charts
                    .get(name)
                    .and_then(|c| self.draw(c))
                    .map(|ch| Embed::Chart {
                        title: ch.title,
                        svg: ch.svg,
                        data_html: figures::table_html(
                            &ch.table.columns,
                            &vec![false; ch.table.columns.len()],
                            &ch.table.rows,
                        ),
                        csv: Some(format!("{ROOT_MARK}data/charts/{}.csv", ch.id)),
                    }),
                _ => figures.tables.get(name).map(|t| Embed::Table {
                    title: t.title.clone(),
                    html: self.table_html(t),
                }),
            }
        };
        let mut diags = Vec::new();
        let (html, figs, tabs) =
            content::place_embeds(c, number, &rendered.html, &prefix, &lookup, &mut diags);
        let chapter = RenderedChapter {
            slug: c.slug.clone(),
            title: c.front.title.clone(),
            number,
            summary: c.front.summary.clone(),
            html,
            headings: rendered.headings,
            figures: figs,
            tables: tabs,
            web: c.front.web,
            print: c.front.print,
        };
        (Some(chapter), diags)
    }

    /// The downloads page's files, grouped by kind and year.
    fn downloads(&self) -> Vec<DownloadGroup> {
        let mut groups = Vec::new();
        let mut whole: Vec<Download> = Vec::new();
        if let Some(pdf) = &self.pdf {
            whole.push(Download::new(pdf, "资料汇编（PDF，可打印）"));
        }
        for a in &self.report.archives {
            if let Some(z) = &a.zip {
                whole.push(Download::new(
                    z,
                    &format!(
                        "{} 年报告存档（ZIP：网站、资料汇编、所用数据和校验值）",
                        a.year
                    ),
                ));
            }
        }
        whole.push(Download::new("data/report.json", "完整计算结果（JSON）"));
        groups.push(DownloadGroup {
            title: "资料汇编、存档和完整数据".into(),
            files: whole,
        });
        let year_of = |name: &str| -> Option<u16> {
            let y: u16 = name.rsplit_once('-')?.1.parse().ok()?;
            self.report.year(y).map(|_| y)
        };
        for y in self.report.years.iter().rev() {
            let files: Vec<Download> = self
                .figures
                .tables
                .iter()
                .filter(|(name, _)| year_of(name) == Some(y.year))
                .map(|(name, t)| Download::new(&format!("data/tables/{name}.csv"), &t.title))
                .chain(std::iter::once(Download::new(
                    &calc_path(y.year),
                    &format!(
                        "{} 年资源配置计算表（Excel 工作簿：各项指标、差异系数和达标判定均为公式，可重新计算核查）",
                        y.year
                    ),
                )))
                .collect();
            if !files.is_empty() {
                groups.push(DownloadGroup {
                    title: format!("{} 年表格（CSV）和计算表（Excel）", y.year),
                    files,
                });
            }
        }
        let rest: Vec<Download> = self
            .figures
            .tables
            .iter()
            .filter(|(name, _)| year_of(name).is_none())
            .map(|(name, t)| Download::new(&format!("data/tables/{name}.csv"), &t.title))
            .collect();
        if !rest.is_empty() {
            groups.push(DownloadGroup {
                title: "历年汇总和最新年度表格（CSV）".into(),
                files: rest,
            });
        }
        let charts: Vec<Download> = self
            .figures
            .charts
            .iter()
            .map(|(id, c)| Download::new(&format!("data/charts/{id}.csv"), &c.title))
            .collect();
        if !charts.is_empty() {
            groups.push(DownloadGroup {
                title: "图表数据（CSV）".into(),
                files: charts,
            });
        }
        groups
    }

    /// Every data download of the site, in a fixed order: the one list a
    /// build makes and `check` registers for the link check.
    fn data_file_list(&self) -> Vec<DataFile<'_>> {
        let mut list = vec![DataFile::Report];
        let figures = &self.figures;
        list.extend(figures.tables.iter().map(|(n, t)| DataFile::Table(n, t)));
        list.extend(figures.charts.iter().map(|(id, c)| DataFile::Chart(id, c)));
        list.extend(self.report.years.iter().map(DataFile::Workbook));
        list
    }

    /// Hand the data downloads to the sink (any thread), in parallel: the
    /// year workbooks (`workbooks`, the end of the list) or all the others;
    /// their outcomes in the order of [`Self::data_file_list`]. A dry run
    /// hands over their names only (empty files), for the link check.
    fn data_files(&self, workbooks: bool) -> Vec<Result<usize, Diagnostic>> {
        let mut list = self.data_file_list();
        list.retain(|f| matches!(f, DataFile::Workbook(_)) == workbooks);
        if self.dry_run {
            return list
                .iter()
                .map(|f| self.send(&f.path(), Vec::new()))
                .collect();
        }
        // One task per file: a few workbooks cost more than all the CSVs.
        list.par_iter()
            .with_max_len(1)
            .map(|f| self.data_file(f))
            .collect()
    }

    /// Make one data download and hand it to the sink. One that cannot be
    /// made is an error naming it, never an empty or missing download in
    /// silence (the site links to it).
    fn data_file(&self, f: &DataFile) -> Result<usize, Diagnostic> {
        let path = f.path();
        let cannot =
            |why: String| Diagnostic::error(&path, format!("无法生成数据下载文件 {path}：{why}"));
        match f {
            // Written as it is serialized: the largest file, never whole in memory.
            DataFile::Report => self
                .sink
                .put_streamed(&path, &mut |w| {
                    crate::json::write_pretty(w, self.report).map_err(std::io::Error::other)
                })
                .map_err(|e| {
                    match e
                        .get_ref()
                        .and_then(|i| i.downcast_ref::<serde_json::Error>())
                    {
                        // A number JSON cannot hold, e.g. NaN.
                        Some(json) if !json.is_io() => cannot(json.to_string()),
                        _ => write_error(&path, &e),
                    }
                }),
            DataFile::Table(_, t) => self.send(&path, t.csv().into_bytes()),
            DataFile::Chart(_, c) => self.send(&path, c.table.to_csv().into_bytes()),
            DataFile::Workbook(y) => match crate::sheet::calc::year_workbook(self.report, y) {
                Ok(bytes) => self.send(&path, bytes),
                Err(e) => Err(cannot(crate::sheet::xlsx_problem(&e))),
            },
        }
    }

    fn sitemap(&mut self, base: &str) {
        let base = base.trim_end_matches('/');
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for path in &self.html {
            xml.push_str(&format!(
                "  <url><loc>{}/{}</loc></url>\n",
                content::escape(base),
                content::escape(path)
            ));
        }
        xml.push_str("</urlset>\n");
        self.put("sitemap.xml", xml.into_bytes());
    }
}

/// A group of files on the downloads page.
#[derive(Serialize)]
struct DownloadGroup {
    title: String,
    files: Vec<Download>,
}

/// A file (path from the site root) and what it holds.
#[derive(Serialize)]
struct Download {
    href: String,
    label: String,
}

impl Download {
    fn new(href: &str, label: &str) -> Download {
        Download {
            href: href.to_string(),
            label: label.to_string(),
        }
    }
}

/// A rendered page's outcome: its size once handed to the sink, or the problem.
struct PageOut {
    path: String,
    result: Result<usize, Diagnostic>,
}

/// The chapters' problems, every page's outcome in the order of the jobs,
/// and the search index made from them.
struct Pages {
    chapter_diags: Vec<Diagnostic>,
    outcomes: Vec<PageOut>,
    search_js: String,
    /// The outcomes of the year workbooks, the last of the data downloads.
    workbooks: Vec<Result<usize, Diagnostic>>,
}

/// One data download of the site (`data/`).
enum DataFile<'r> {
    /// `data/report.json`: the whole report.
    Report,
    /// `data/tables/<name>.csv`.
    Table(&'r str, &'r figures::Table),
    /// `data/charts/<id>.csv`: a chart's data table.
    Chart(&'r str, &'r figures::FigureChart),
    /// `data/xlsx/resource-<year>.xlsx`: a year's formula workbook.
    Workbook(&'r YearReport),
}

impl DataFile<'_> {
    fn path(&self) -> String {
        match self {
            DataFile::Report => "data/report.json".to_string(),
            DataFile::Table(name, _) => format!("data/tables/{name}.csv"),
            DataFile::Chart(id, _) => format!("data/charts/{id}.csv"),
            DataFile::Workbook(y) => calc_path(y.year),
        }
    }
}

/// One page to render: where it goes, its navigation key, its template, and
/// what it adds to the shared context (run on any thread).
struct Job<'j, 'a> {
    path: String,
    key: &'static str,
    template: &'static str,
    extra: Extra<'j, 'a>,
}

/// What a page adds to the shared context.
type Extra<'j, 'a> = Box<dyn FnOnce(&Renderer<'a>, &mut Context) + Send + 'j>;

/// The job of rendering `template` to `path`, with the shared context plus what `extra` adds.
fn job<'j, 'a>(
    path: impl Into<String>,
    key: &'static str,
    template: &'static str,
    extra: impl FnOnce(&Renderer<'a>, &mut Context) + Send + 'j,
) -> Job<'j, 'a> {
    Job {
        path: path.into(),
        key,
        template,
        extra: Box::new(extra),
    }
}

/// Most pages handed to a render thread together.
const MOST_PER_RUN: usize = 16;

/// The pages in runs that are each handed to a render thread together:
/// consecutive pages of one template, at most [`MOST_PER_RUN`], and few
/// enough per run that each template's pages spread over `threads` threads.
fn runs<T>(jobs: Vec<T>, template: impl Fn(&T) -> &str, threads: usize) -> Vec<Vec<T>> {
    // The length of each stretch of consecutive pages of one template.
    let mut stretches: Vec<usize> = Vec::new();
    let mut last: Option<&str> = None;
    for j in &jobs {
        let t = template(j);
        match stretches.last_mut() {
            Some(n) if last == Some(t) => *n += 1,
            _ => stretches.push(1),
        }
        last = Some(t);
    }
    let mut jobs = jobs.into_iter();
    let mut out = Vec::new();
    for n in stretches {
        let size = (n / (threads.max(1) * 4)).clamp(1, MOST_PER_RUN);
        let mut left = n;
        while left > 0 {
            let take = size.min(left);
            out.push(jobs.by_ref().take(take).collect());
            left -= take;
        }
    }
    out
}

/// The report value's years (Tera values clone by reference: no copy).
fn years_of(report: &Value) -> Vec<Value> {
    report
        .get_from_path("years")
        .and_then(Value::as_array)
        .map(<[Value]>::to_vec)
        .unwrap_or_default()
}

fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("无法写出文件 {path}：{e}"))
}

/// A chapter's body with blank lines standing in for the front matter, so
/// Tera's line numbers are the file's.
fn padded(c: &Chapter) -> String {
    format!("{}{}", "\n".repeat(c.body_line.saturating_sub(1)), c.body)
}

/// Stands for the path to the site root in chapter HTML, which appears on
/// pages at different depths (chapters/x.html and print.html).
const ROOT_MARK: &str = "\u{1}ROOT\u{1}";

fn with_root(mut c: RenderedChapter, root: &str) -> RenderedChapter {
    c.html = c.html.replace(ROOT_MARK, root);
    c
}

/// A chart as a figure with its data table (web pages; chapters number theirs).
/// The SVG keeps its drawn size inside a scroll container, so its labels stay
/// legible on a phone (see README: 手机上的图表).
fn chart_html(c: &super::charts::Chart, root: &str) -> String {
    format!(
        "<figure class=\"chart\" id=\"fig-{id}\">\n<div class=\"chart-scroll\" tabindex=\"0\">\n{svg}\n</div>\n<figcaption>{caption}</figcaption>\n<details class=\"chart-data\"><summary>数据表</summary>\n{table}\n</details>\n<p class=\"chart-csv small\"><a href=\"{root}data/charts/{id}.csv\">下载数据（CSV）</a></p>\n</figure>",
        id = c.id,
        svg = c.svg,
        caption = content::escape(&c.title),
        table = figures::table_html(&c.table.columns, &vec![false; c.table.columns.len()], &c.table.rows),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_report() -> Report {
        crate::compute::compute(&crate::load::fixture("tests/fixtures/compute/small"))
    }

    /// `check`'s dry render registers exactly the files a build writes, the
    /// data downloads among them (the link check looks links up there), and
    /// the same pages.
    #[test]
    fn a_dry_render_registers_every_file_a_build_writes() {
        let report = small_report();
        let templates = Templates::new(&Default::default()).expect("built-in templates");
        let site = |dry_run| {
            let options = Options {
                base_url: None,
                date: "2025-09-01".into(),
                pdf: None,
                dry_run,
            };
            render(&report, &Content::default(), &templates, &options)
        };
        let (built, dry) = (site(false), site(true));
        let paths = |s: &Site| s.tree.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&dry), paths(&built));
        assert!(paths(&built).iter().any(|p| p.starts_with("data/xlsx/")));
        assert!(paths(&built).iter().any(|p| p.starts_with("data/charts/")));
        assert_eq!((dry.pages, dry.files), (built.pages, built.files));
        let data = |s: &Site| {
            s.tree
                .iter()
                .filter(|(k, _)| k.starts_with("data/"))
                .map(|(_, v)| v.len())
                .sum::<usize>()
        };
        assert_eq!(data(&dry), 0, "a dry render makes no download's content");
        assert!(data(&built) > 0);
    }

    #[test]
    fn a_formula_workbook_that_cannot_be_made_is_an_error_naming_it() {
        let mut report = small_report();
        let year = report.years.last().expect("a year").year;
        // A cell longer than a spreadsheet can hold (32,767 characters).
        let section = report
            .years
            .last_mut()
            .and_then(|y| y.levels.values_mut().find_map(|l| l.sections.first_mut()))
            .expect("a counted section");
        section.name = "校".repeat(40_000);
        let templates = Templates::new(&Default::default()).expect("built-in templates");
        let options = Options {
            base_url: None,
            date: "2025-09-01".into(),
            pdf: None,
            dry_run: false,
        };
        let site = render(&report, &Content::default(), &templates, &options);
        let path = calc_path(year);
        assert!(!site.tree.contains_key(&path));
        let errors: Vec<_> = site
            .diags
            .iter()
            .filter(|d| {
                d.is_error()
                    && d.message
                        .starts_with(&format!("无法生成数据下载文件 {path}："))
            })
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", site.diags);
    }

    #[test]
    fn runs_keep_the_order_and_group_pages_of_one_template() {
        let mut jobs: Vec<(usize, &str)> =
            vec![(0, "print.html"), (1, "year.html"), (2, "year.html")];
        jobs.extend((3..103).map(|n| (n, "school.html")));
        jobs.push((103, "search.html"));
        let runs = runs(jobs, |j| j.1, 2);
        // Every page once, in the order given.
        let order: Vec<usize> = runs.iter().flatten().map(|j| j.0).collect();
        assert_eq!(order, (0..104).collect::<Vec<_>>());
        for run in &runs {
            assert!(run.iter().all(|j| j.1 == run[0].1), "one template per run");
            assert!(!run.is_empty() && run.len() <= MOST_PER_RUN);
        }
        // Two year pages are too few to share a run (each may go to its own
        // thread); a hundred school pages go in runs of 100 / (2 × 4) = 12.
        let sizes: Vec<usize> = runs.iter().map(Vec::len).collect();
        assert_eq!(&sizes[..3], [1, 1, 1]);
        assert_eq!(&sizes[3..], [12, 12, 12, 12, 12, 12, 12, 12, 4, 1]);
    }
}
