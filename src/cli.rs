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
    about = "生成县域义务教育优质均衡发展报告",
    long_about = "junheng（均衡）读取本县规划期内每一年的数据，检查数据，计算国家督导评估指标，\
生成网站和可打印的资料汇编。",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    pub help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// 县的项目文件夹（包含 data/、content/、templates/）
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
    /// 只输出错误
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// 输出更多信息（各阶段耗时、全部警告）
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug, Clone)]
#[command(help_template = HELP_TEMPLATE)]
pub enum Command {
    /// 读取并检查数据，列出全部问题和简要汇总
    Check {
        /// 把警告（以及缺少的县级数据）当作错误
        #[arg(long)]
        strict: bool,
    },
    /// 计算某一年的指标并输出（表格，或约定格式的 JSON）
    Stats {
        /// 年份（默认：有数据的最近一年）
        #[arg(long)]
        year: Option<u16>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
    },
    /// 生成网站和资料汇编（默认写入 output/site/）
    Build {
        /// 报告截至的年份（默认：有数据的最近一年）
        #[arg(long)]
        year: Option<u16>,
        /// 输出文件夹（默认：项目中的 output/site）
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// 网站发布的完整网址（同时生成 sitemap.xml）
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// 把警告（数据、失效链接）当作错误
        #[arg(long)]
        strict: bool,
        /// 同时用无界面的 Chromium 类浏览器把资料汇编打印为 <输出目录>/compilation.pdf
        #[arg(long)]
        pdf: bool,
        /// --pdf 使用的浏览器（默认：$JUNHENG_BROWSER，否则在 PATH 中找 chromium、google-chrome 或 msedge）
        #[arg(long, value_name = "PATH", requires = "pdf")]
        browser: Option<PathBuf>,
    },
    /// 把截至某年的报告存档到 output/archive/<年份>/（另有 <年份>.zip）
    Archive {
        /// 要存档的年份（使用该年及以前各年的数据）
        #[arg(long)]
        year: u16,
        /// 替换已有的存档（旧存档另行保留，不删除）
        #[arg(long)]
        force: bool,
        /// 存档仍为初步数据（status: provisional）的年份；存档的每个页面都会注明
        #[arg(long)]
        provisional: bool,
        /// 同时把资料汇编的 PDF（compilation.pdf）放入存档
        #[arg(long)]
        pdf: bool,
        /// --pdf 使用的浏览器（默认：$JUNHENG_BROWSER，否则在 PATH 中找 chromium、google-chrome 或 msedge）
        #[arg(long, value_name = "PATH", requires = "pdf")]
        browser: Option<PathBuf>,
    },
    /// 按清单核验存档；加 --rebuild 时用存档自带的输入重新生成并比对
    Verify {
        /// 存档文件夹（output/archive/<年份>）或其压缩包（output/archive/<年份>.zip）
        path: PathBuf,
        /// 用存档中的输入重新生成网站，逐字节比对
        #[arg(long)]
        rebuild: bool,
    },
    /// 在 DIR 中新建县项目（DIR 不存在或为空），附带带注释的示例数据
    Init {
        /// 新项目的文件夹
        dir: PathBuf,
        /// 示例年份文件的年份（默认：规划首年 2020）
        #[arg(long, default_value_t = crate::init::STARTER_PERIOD[0])]
        year: u16,
        /// 县的全称（默认：示例县，之后替换）
        #[arg(long, value_name = "NAME")]
        county: Option<String>,
    },
    /// 根据上一年的数据生成某年的数据文件 data/years/年份.yaml（标为初步数据）
    NewYear {
        /// 要新建的年份
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
        /// 输出文件已存在时替换它（原文件改名为 名称.replaced-N.xlsx 保留，不会删除）
        #[arg(long)]
        force: bool,
    },
    /// 从工作簿（.xlsx、.xls、.ods）导入某年的数据，写入 data/years/年份.yaml
    Import {
        /// 工作簿文件（由 junheng export 导出并填写）
        file: PathBuf,
        /// 该年已有数据时替换它（原文件移到 data/backup/ 保存）
        #[arg(long)]
        force: bool,
    },
    /// 在浏览器中预览网站；文件改动时自动重新生成并刷新
    Serve {
        /// 监听端口（0：任一空闲端口）
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// 监听地址；非本机回环地址会把预览暴露到网络上
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// 在默认浏览器中打开网站
        #[arg(long)]
        open: bool,
    },
}

/// A command-line mistake in Chinese (help and version requests print as usual).
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // clap's usage line says `[OPTIONS]`; the rest of the help is Chinese.
            let text = e.render().to_string().replace("[OPTIONS]", "[选项]");
            let code = if e.kind() == ErrorKind::DisplayHelp {
                0
            } else {
                2
            };
            if code == 0 {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return ExitCode::from(code);
        }
        ErrorKind::DisplayVersion => e.exit(),
        ErrorKind::UnknownArgument => "无法识别的选项",
        ErrorKind::InvalidSubcommand => "没有这个命令",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "选项的值无效",
        ErrorKind::MissingRequiredArgument => "缺少必需的选项或参数",
        ErrorKind::MissingSubcommand => "缺少命令",
        ErrorKind::ArgumentConflict => "这些选项不能同时使用",
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => "选项的值的个数不对",
        _ => "命令行有误",
    };
    let detail: Vec<String> = e
        .context()
        .filter(|(k, _)| {
            matches!(
                k,
                ContextKind::InvalidArg
                    | ContextKind::InvalidValue
                    | ContextKind::InvalidSubcommand
                    | ContextKind::PriorArg
            )
        })
        .map(|(_, v)| v.to_string())
        .collect();
    if detail.is_empty() {
        eprintln!("错误: {what}");
    } else {
        eprintln!("错误: {what}：{}", detail.join("、"));
    }
    eprintln!("用法见 `junheng --help`，各命令见 `junheng 命令 --help`");
    ExitCode::from(2)
}

/// Chinese headings for every command's options and arguments, and the help layout.
fn localize(cmd: clap::Command) -> clap::Command {
    cmd.help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(|a| {
            let a = if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            };
            // clap's own "[default: …]" and "[possible values: …]" are English:
            // say them in the help text instead.
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let mut extra = String::new();
            if !values.is_empty() && a.get_action().takes_values() {
                extra.push_str(&format!("（可选：{}）", values.join("、")));
            }
            if !defaults.is_empty() && !help.contains("默认") {
                extra.push_str(&format!("（默认：{}）", defaults.join("、")));
            }
            if extra.is_empty() {
                a
            } else {
                a.hide_default_value(true)
                    .hide_possible_values(true)
                    .help(format!("{help}{extra}"))
            }
        })
        .mut_subcommands(localize)
}

/// clap's help layout with Chinese headings.
const HELP_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsFormat {
    Table,
    Json,
}

/// Run the CLI and map the outcome to an exit code.
pub fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let cli = match localize(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Check { strict } => {
            crate::mem::ending_after_command();
            check(cli, *strict)
        }
        Command::Stats { year, format } => stats(cli, *year, *format),
        Command::Build {
            year,
            out,
            base_url,
            strict,
            pdf,
            browser,
        } => {
            crate::mem::ending_after_command();
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
            force,
        } => export(cli, *year, out.clone(), *blank, *calc, *force),
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
        anyhow::bail!("项目文件夹 {} 不存在", cli.project.display());
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
    let Checked {
        project,
        mut diags,
        mut failed,
        ..
    } = checked(cli, strict)?;
    if !diags.has_errors() {
        // Dry-render everything `build` reads (chapters, templates, the archive
        // listing) against the computed report, writing nothing: a project that
        // passes `check` then builds.
        let strict = strict || project.settings.strict;
        let opts = crate::build::BuildOptions {
            year: None,
            base_url: project.settings.base_url.clone(),
            strict,
            date: None,
            archive_dir: Some(crate::build::archive_dir(&project)),
            pdf: false,
            dry_run: true,
        };
        let rendered = match crate::build::render_to(&project, &opts, &crate::output::DiscardSink) {
            Ok(built) => built.diags,
            Err(e) => vec![crate::diag::Diagnostic::error(
                "templates",
                format!("模板无法编译：{e}"),
            )],
        };
        for d in rendered {
            if d.is_error() || !cli.quiet {
                eprint!("{d}");
            }
            diags.items.push(d);
        }
        failed = diags.has_errors() || (strict && diags.warnings() > 0);
    }
    if !cli.quiet {
        print_summary(&project, &diags);
    }
    if failed {
        if diags.errors() == 0 {
            eprintln!("检查未通过：--strict 下有 {} 个警告", diags.warnings());
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(cli: &Cli, year: Option<u16>, format: StatsFormat) -> anyhow::Result<ExitCode> {
    let (project, _diags, failed) = load_checked(cli, false)?;
    if failed {
        eprintln!("stats: 数据有错误，请先修正（见 `junheng check`）");
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
    // Only the year shown is computed (its figures do not depend on the others).
    let Some((y, warnings)) = crate::compute::report::compute_year(&project, year) else {
        return Ok(ExitCode::from(1));
    };
    if !cli.quiet {
        for w in warnings.iter().filter(|w| w.year == Some(year)) {
            eprintln!("提示: {}", w.message);
        }
    }
    match format {
        StatsFormat::Json => println!("{}", serde_json::to_string_pretty(&stats::stats_json(&y))?),
        StatsFormat::Table => print!("{}", stats::stats_table(&y)),
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
        eprintln!("build: 数据有错误，未写入任何文件（原有输出保持不变）");
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
    if let Some(w) = crate::build::source_date_epoch_warning() {
        eprintln!("警告: {w}");
    }
    let out = out.unwrap_or_else(|| crate::build::default_out(&project));
    // Refuse early, before rendering: a folder junheng did not write, or one
    // another junheng process is writing. The lock is held until the PDF is done.
    // (Checked before the lock too, so a refused folder gets no lock file beside it.)
    let lock = match crate::write::guard_dir(&out)
        .and_then(|()| crate::write::lock_output(&out))
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
        dry_run: false,
    };
    // Pages go to a staging folder beside the output as they are rendered; it
    // replaces the output only when the build succeeds (else it is deleted).
    let staging = match crate::write::stage_output(&lock) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let built =
        crate::build::render_to(&project, &opts, &staging).map_err(|e| anyhow::anyhow!(e))?;
    for d in &built.diags {
        if d.is_error() || !cli.quiet {
            eprint!("{d}");
        }
    }
    let warnings = built.diags.iter().filter(|d| !d.is_error()).count();
    if built.has_errors() || (strict && warnings > 0) {
        eprintln!("build: 生成失败，未写入任何文件（原有输出保持不变）");
        return Ok(ExitCode::from(1));
    }
    let t = std::time::Instant::now();
    if let Err(e) = staging.commit_output() {
        eprintln!("错误: {e}");
        return Ok(ExitCode::from(2));
    }
    let write_time = t.elapsed();
    if cli.verbose {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let mut phases = vec![("读取", load_time), ("检查", validate_time)];
        phases.extend(built.timings.iter().copied());
        phases.push(("写入", write_time));
        for (phase, d) in phases {
            eprintln!("耗时 {phase}：{:.1} 毫秒", ms(d));
        }
    }
    if !cli.quiet {
        println!(
            "已生成 {}（截至 {} 年）：{} 个页面，{} 幅图表，{} 个文件，{} 字节",
            out.display(),
            built.year.map_or("-".into(), |y| y.to_string()),
            built.pages,
            built.charts,
            built.files,
            built.bytes
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
            crate::model::year::Status::Provisional => format!("{}（初步数据）", y.year),
        })
        .collect();
    println!("县：    {}", project.county.name);
    println!(
        "年份：  {}",
        if years.is_empty() {
            "无".to_string()
        } else {
            years.join("、")
        }
    );
    println!("学校：  名录中共 {} 所", project.registry.schools.len());
    if project.complete {
        for (year, counts) in crate::compute::counted_section_counts_by_year(project) {
            println!(
                "{year}年：计入小学学段 {} 个、初中学段 {} 个",
                counts.primary, counts.junior
            );
        }
    }
    println!(
        "结果：  {} 个错误，{} 个警告",
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
    force: bool,
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
            Some(b) => b.map_err(|e| {
                anyhow::anyhow!("无法生成工作簿：{}", crate::sheet::xlsx_problem(&e))
            })?,
            None => {
                eprintln!("错误: {year} 年没有计算结果");
                return Ok(ExitCode::from(1));
            }
        }
    } else {
        crate::sheet::export::workbook(&project, year, blank)
            .map_err(|e| anyhow::anyhow!("无法生成工作簿：{}", crate::sheet::xlsx_problem(&e)))?
    };
    let out = out.unwrap_or_else(|| crate::sheet::run::default_out(&project, year, calc));
    // A workbook at `out` may hold a clerk's filled-in figures (even one junheng
    // exported): it is replaced only with --force, and then kept aside.
    let kept = match crate::write::write_file_guarded(&out, &bytes, Some(force), &|_| false) {
        Ok(kept) => kept,
        Err(e) => {
            eprintln!("错误: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(old) = kept {
        println!("原文件已改名保留为 {}", old.display());
    }
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
