//! The command line: thin commands over the pipeline.
//!
//! Exit codes: 0 ok, 1 data errors, 2 usage or I/O errors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostics;
use crate::load::{self, Project};
use crate::stats;
use crate::validate;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "junheng",
    version,
    about = "Build a county's report on high-quality balanced compulsory education (义务教育优质均衡发展)",
    long_about = "junheng reads a county's YAML data for each year of its 2020–2029 plan, checks it, \
computes the national assessment indicators and renders a website and a print-ready compilation."
)]
pub struct Cli {
    /// The county project folder (holds data/, content/, templates/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (timings, every warning).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Load and validate the data; print every problem and a short summary.
    Check {
        /// Treat warnings (and missing county data) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Compute one year's indicators and print them (a table, or the pinned JSON).
    Stats {
        /// The year (default: the latest year with data).
        #[arg(long)]
        year: Option<u16>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
    },
    /// Build the website and the print compilation (output/site/ by default).
    Build {
        /// Report as of this year (default: the latest year with data).
        #[arg(long)]
        year: Option<u16>,
        /// Output folder (default: output/site in the project).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Absolute URL the site will be published at (writes sitemap.xml).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Treat warnings (data, broken links) as errors.
        #[arg(long)]
        strict: bool,
        /// Also print the compilation to <output_dir>/compilation.pdf with a headless Chromium-family browser.
        #[arg(long)]
        pdf: bool,
        /// The browser for --pdf (default: $JUNHENG_BROWSER, else chromium, google-chrome or msedge on PATH).
        #[arg(long, value_name = "PATH", requires = "pdf")]
        browser: Option<PathBuf>,
    },
    /// Freeze the report as of a year into output/archive/<year>/ (+ <year>.zip).
    Archive {
        /// The year to archive (its data and all earlier years are used).
        #[arg(long)]
        year: u16,
        /// Replace an existing snapshot (the old one is kept aside, not deleted).
        #[arg(long)]
        force: bool,
        /// Archive a year whose data is still provisional (status: provisional); every page of the snapshot then says so.
        #[arg(long)]
        provisional: bool,
        /// Also put the compilation's PDF (compilation.pdf) into the snapshot.
        #[arg(long)]
        pdf: bool,
        /// The browser for --pdf (default: $JUNHENG_BROWSER, else chromium, google-chrome or msedge on PATH).
        #[arg(long, value_name = "PATH", requires = "pdf")]
        browser: Option<PathBuf>,
    },
    /// Check a snapshot against its manifest; with --rebuild, rebuild it from its own inputs.
    Verify {
        /// The snapshot folder (output/archive/<year>) or its zip (output/archive/<year>.zip).
        path: PathBuf,
        /// Rebuild the site from the snapshot's inputs and compare byte for byte.
        #[arg(long)]
        rebuild: bool,
    },
    /// Create a new county project in DIR (must not exist or be empty), with commented example data.
    Init {
        /// The new project folder.
        dir: PathBuf,
        /// Year of the example year file (default: the plan's first year, 2020).
        #[arg(long, default_value_t = crate::init::STARTER_PERIOD[0])]
        year: u16,
        /// The county's full name (default: 示例县, to replace).
        #[arg(long, value_name = "NAME")]
        county: Option<String>,
    },
    /// Start year Y's data file (data/years/Y.yaml) from year Y-1's data, marked provisional.
    NewYear {
        /// The year to start.
        year: u16,
    },
    /// 把某年的数据导出为 Excel 工作簿（供填报、修改后用 import 导回）；--calc 导出资源配置计算表（公式）
    Export {
        /// 年份
        #[arg(long)]
        year: u16,
        /// 输出文件（默认 output/数据-年份.xlsx；--calc 时为 output/资源配置-年份.xlsx）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 只导出空白模板：列出当年存在的全部学校，数值为空
        #[arg(long, conflicts_with = "calc")]
        blank: bool,
        /// 导出资源配置计算表：各项指标、差异系数和达标判定都是可核查的 Excel 公式
        #[arg(long)]
        calc: bool,
    },
    /// 从工作簿（.xlsx、.xls、.ods）导入某年的数据，写入 data/years/年份.yaml
    Import {
        /// 工作簿文件（由 junheng export 导出并填写）
        file: PathBuf,
        /// 该年已有数据时替换它（原文件移到 data/backup/ 保存）
        #[arg(long)]
        force: bool,
    },
    /// Preview the site in a browser; rebuild and reload when files change.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsFormat {
    Table,
    Json,
}

/// Run the CLI and map the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Check { strict } => check(cli, *strict),
        Command::Stats { year, format } => stats(cli, *year, *format),
        Command::Build {
            year,
            out,
            base_url,
            strict,
            pdf,
            browser,
        } => {
            let pdf = pdf.then(|| browser.clone());
            build(cli, *year, out.clone(), base_url.clone(), *strict, pdf)
        }
        Command::Archive {
            year,
            force,
            provisional,
            pdf,
            browser,
        } => crate::commands::archive(
            cli,
            *year,
            *force,
            *provisional,
            pdf.then(|| browser.clone()),
        ),
        Command::Verify { path, rebuild } => crate::commands::verify(cli, path, *rebuild),
        Command::Init { dir, year, county } => init(cli, dir, *year, county.clone()),
        Command::NewYear { year } => new_year(cli, *year),
        Command::Serve { port, bind, open } => serve(cli, *port, *bind, *open),
        Command::Export {
            year,
            out,
            blank,
            calc,
        } => export(cli, *year, out.clone(), *blank, *calc),
        Command::Import { file, force } => import(cli, file, *force),
    }
}

/// A loaded and validated project, its diagnostics (already printed) and the
/// time each stage took.
pub struct Checked {
    pub project: Project,
    pub diags: Diagnostics,
    /// Errors, or warnings under `--strict`.
    pub failed: bool,
    pub load_time: std::time::Duration,
    pub validate_time: std::time::Duration,
}

/// Load and validate; print the diagnostics.
pub fn load_checked(cli: &Cli, strict: bool) -> anyhow::Result<(Project, Diagnostics, bool)> {
    let c = checked(cli, strict)?;
    Ok((c.project, c.diags, c.failed))
}

pub fn checked(cli: &Cli, strict: bool) -> anyhow::Result<Checked> {
    if !cli.project.is_dir() {
        anyhow::bail!("project folder {} does not exist", cli.project.display());
    }
    let t = std::time::Instant::now();
    let (project, mut diags) = load::load(&cli.project);
    let load_time = t.elapsed();
    let t = std::time::Instant::now();
    diags.extend(validate::validate(&project));
    diags.sort();
    let validate_time = t.elapsed();
    let strict = strict || project.settings.strict;
    for d in &diags.items {
        if d.is_error() || !cli.quiet {
            eprint!("{d}");
        }
    }
    let failed = diags.has_errors() || (strict && diags.warnings() > 0);
    Ok(Checked {
        project,
        diags,
        failed,
        load_time,
        validate_time,
    })
}

fn check(cli: &Cli, strict: bool) -> anyhow::Result<ExitCode> {
    let (project, diags, failed) = load_checked(cli, strict)?;
    if !cli.quiet {
        print_summary(&project, &diags);
    }
    if failed {
        if diags.errors() == 0 {
            eprintln!(
                "check failed: {} warning(s) with --strict",
                diags.warnings()
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(cli: &Cli, year: Option<u16>, format: StatsFormat) -> anyhow::Result<ExitCode> {
    let (project, _diags, failed) = load_checked(cli, false)?;
    if failed {
        eprintln!("stats: the data has errors; fix them first (see `junheng check`)");
        return Ok(ExitCode::from(1));
    }
    let Some(year) = year.or(project.latest_year()) else {
        eprintln!("错误: 没有任何年份的数据（data/years/ 中没有年份文件）");
        return Ok(ExitCode::from(1));
    };
    if !project.years.contains_key(&year) {
        let have: Vec<String> = project.years.keys().map(u16::to_string).collect();
        eprintln!(
            "错误: {year} 年没有数据（没有 data/years/{year}.yaml）。有数据的年份：{}",
            if have.is_empty() {
                "无".to_string()
            } else {
                have.join("、")
            }
        );
        return Ok(ExitCode::from(1));
    }
    let report = crate::compute::compute(&project);
    let Some(y) = report.year(year) else {
        return Ok(ExitCode::from(1));
    };
    if !cli.quiet {
        for w in report.warnings.iter().filter(|w| w.year == Some(year)) {
            eprintln!("提示: {}", w.message);
        }
    }
    match format {
        StatsFormat::Json => println!("{}", serde_json::to_string_pretty(&stats::stats_json(y))?),
        StatsFormat::Table => print!("{}", stats::stats_table(y)),
    }
    Ok(ExitCode::SUCCESS)
}

fn build(
    cli: &Cli,
    year: Option<u16>,
    out: Option<PathBuf>,
    base_url: Option<String>,
    strict: bool,
    pdf: Option<Option<PathBuf>>,
) -> anyhow::Result<ExitCode> {
    let Checked {
        project,
        failed,
        load_time,
        validate_time,
        ..
    } = checked(cli, strict)?;
    if failed {
        eprintln!(
            "build: the data has errors; nothing was written (the previous output is unchanged)"
        );
        return Ok(ExitCode::from(1));
    }
    if let Some(y) = year {
        if !project.years.contains_key(&y) {
            let have: Vec<String> = project.years.keys().map(u16::to_string).collect();
            eprintln!(
                "错误: {y} 年没有数据。有数据的年份：{}",
                if have.is_empty() {
                    "无".into()
                } else {
                    have.join("、")
                }
            );
            return Ok(ExitCode::from(1));
        }
    }
    let strict = strict || project.settings.strict;
    let out = out.unwrap_or_else(|| crate::build::default_out(&project));
    // Refuse early, before rendering: a folder junheng did not write, or one
    // another junheng process is writing. The lock is held until the PDF is done.
    let lock = match crate::write::lock_output(&out)
        .and_then(|lock| crate::write::guard_dir(&out).map(|()| lock))
    {
        Ok(lock) => lock,
        Err(e) => {
            eprintln!("错误: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let opts = crate::build::BuildOptions {
        year,
        base_url: base_url.or_else(|| project.settings.base_url.clone()),
        strict,
        date: None,
        archive_dir: Some(crate::build::archive_dir(&project)),
        pdf: pdf.is_some(),
    };
    let built = crate::build::render(&project, &opts).map_err(|e| anyhow::anyhow!(e))?;
    for d in &built.diags {
        if d.is_error() || !cli.quiet {
            eprint!("{d}");
        }
    }
    let warnings = built.diags.iter().filter(|d| !d.is_error()).count();
    if built.has_errors() || (strict && warnings > 0) {
        eprintln!("build: failed; nothing was written (the previous output is unchanged)");
        return Ok(ExitCode::from(1));
    }
    let write_time = match crate::build::write(&lock, &built) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("错误: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if cli.verbose {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        eprintln!("load          {:>8.1} ms", ms(load_time));
        eprintln!("validate      {:>8.1} ms", ms(validate_time));
        for (phase, d) in &built.timings {
            eprintln!("{phase:<13} {:>8.1} ms", d.as_secs_f64() * 1e3);
        }
        eprintln!("write         {:>8.1} ms", write_time.as_secs_f64() * 1e3);
    }
    if !cli.quiet {
        println!(
            "built {} as of {}: {} pages, {} charts, {} files, {} bytes",
            out.display(),
            built.year.map_or("-".into(), |y| y.to_string()),
            built.pages,
            built.charts,
            built.tree.len(),
            built.bytes()
        );
    }
    if let Some(browser) = pdf {
        let opts = crate::pdf::Options {
            browser,
            date: crate::build::report_date(&project, built.year),
            timeout: crate::pdf::browser::TIMEOUT,
            verbose: cli.verbose,
            quiet: cli.quiet,
        };
        let code = crate::pdf::run(&out, &opts);
        drop(lock);
        return Ok(code);
    }
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

fn serve(cli: &Cli, port: u16, bind: std::net::IpAddr, open: bool) -> anyhow::Result<ExitCode> {
    crate::serve::run(&crate::serve::Options {
        project: cli.project.clone(),
        bind,
        port,
        open,
        quiet: cli.quiet,
        verbose: cli.verbose,
    })
}

fn print_summary(project: &Project, diags: &Diagnostics) {
    let years: Vec<String> = project
        .years
        .values()
        .map(|y| match y.status {
            crate::model::year::Status::Final => y.year.to_string(),
            crate::model::year::Status::Provisional => format!("{} (provisional)", y.year),
        })
        .collect();
    println!("county:   {}", project.county.name);
    println!(
        "years:    {}",
        if years.is_empty() {
            "none".to_string()
        } else {
            years.join(", ")
        }
    );
    println!(
        "schools:  {} in the registry",
        project.registry.schools.len()
    );
    if project.complete {
        for (year, counts) in crate::compute::counted_section_counts_by_year(project) {
            println!(
                "{year}:     {} primary and {} junior sections counted",
                counts.primary, counts.junior
            );
        }
    }
    println!(
        "result:   {} error(s), {} warning(s)",
        diags.errors(),
        diags.warnings()
    );
}

fn init(
    cli: &Cli,
    dir: &std::path::Path,
    year: u16,
    county: Option<String>,
) -> anyhow::Result<ExitCode> {
    let created = crate::init::init(dir, &crate::init::InitOptions { year, county })?;
    if !cli.quiet {
        print!("{created}");
    }
    Ok(ExitCode::SUCCESS)
}

fn new_year(cli: &Cli, year: u16) -> anyhow::Result<ExitCode> {
    let created = crate::init::new_year(&cli.project, year)?;
    if !cli.quiet {
        print!("{created}");
    }
    Ok(ExitCode::SUCCESS)
}

fn export(
    cli: &Cli,
    year: u16,
    out: Option<PathBuf>,
    blank: bool,
    calc: bool,
) -> anyhow::Result<ExitCode> {
    let (project, _diags, failed) = load_checked(cli, false)?;
    if failed {
        eprintln!("export: 数据有错误，未导出（请先运行 `junheng check` 并修正）");
        return Ok(ExitCode::from(1));
    }
    let has_year = project.years.contains_key(&year);
    let exists = project.registry.schools.iter().any(|s| s.exists_in(year));
    if !(has_year || (blank && exists)) {
        let have: Vec<String> = project.years.keys().map(u16::to_string).collect();
        eprintln!(
            "错误: {year} 年没有数据（没有 data/years/{year}.yaml）。有数据的年份：{}{}",
            if have.is_empty() {
                "无".to_string()
            } else {
                have.join("、")
            },
            if blank {
                ""
            } else {
                "。要为该年导出空白模板，请加 --blank"
            }
        );
        return Ok(ExitCode::from(1));
    }
    let bytes = if calc {
        let report = crate::compute::compute(&project);
        match crate::sheet::calc::workbook(&report, year) {
            Some(b) => b.map_err(|e| anyhow::anyhow!("无法生成工作簿：{e}"))?,
            None => {
                eprintln!("错误: {year} 年没有计算结果");
                return Ok(ExitCode::from(1));
            }
        }
    } else {
        crate::sheet::export::workbook(&project, year, blank)
            .map_err(|e| anyhow::anyhow!("无法生成工作簿：{e}"))?
    };
    let out = out.unwrap_or_else(|| crate::sheet::run::default_out(&project, year, calc));
    crate::sheet::run::write_atomic(&out, &bytes)?;
    if !cli.quiet {
        println!(
            "已导出 {}：{year} 年{}（{} 字节）",
            out.display(),
            if calc {
                "资源配置计算表"
            } else if blank {
                "空白填报模板"
            } else {
                "数据"
            },
            bytes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn import(cli: &Cli, file: &std::path::Path, force: bool) -> anyhow::Result<ExitCode> {
    if !cli.project.join("data").is_dir() {
        anyhow::bail!(
            "{} 中没有 data/ 文件夹：请在县的项目文件夹中运行，或用 --project 指定",
            cli.project.display()
        );
    }
    let (project, _) = load::load(&cli.project);
    if project.registry_file.is_none() {
        eprintln!("import: data/schools.yaml 无法读取，请先运行 `junheng check` 并修正");
        return Ok(ExitCode::from(1));
    }
    let checked = crate::sheet::run::read_and_validate(&project, file)?;
    if !cli.quiet {
        for n in &checked.read.notices {
            eprintln!("提示: {n}");
        }
        for w in &checked.warnings {
            eprintln!("警告: {w}");
        }
    }
    for p in &checked.problems {
        eprintln!("错误: {p}");
    }
    let Some(year) = checked.read.year else {
        eprintln!("import: 工作簿中找不到年份，未写入任何文件");
        return Ok(ExitCode::from(1));
    };
    if !checked.problems.is_empty() {
        eprintln!(
            "import: 工作簿有 {} 处错误，未写入任何文件（data/years/{year}.yaml 保持不变）",
            checked.problems.len()
        );
        return Ok(ExitCode::from(1));
    }
    match crate::sheet::run::write_year(&project, year, &checked.read.yaml, force) {
        Ok(done) => {
            if !cli.quiet {
                println!("已导入 {year} 年数据：写入 {}", done.file);
                if let Some(b) = done.backup {
                    println!("原有数据已移到 {b}");
                }
                println!("下一步：运行 `junheng check` 检查，`junheng build` 生成报告");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("错误: {e:#}");
            Ok(ExitCode::from(1))
        }
    }
}
