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

#[derive(Parser, Debug)]
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

#[derive(Subcommand, Debug)]
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
    }
}

/// Load and validate; print the diagnostics. Returns the project when it has no errors.
pub fn load_checked(cli: &Cli, strict: bool) -> anyhow::Result<(Project, Diagnostics, bool)> {
    if !cli.project.is_dir() {
        anyhow::bail!("project folder {} does not exist", cli.project.display());
    }
    let (project, mut diags) = load::load(&cli.project);
    diags.extend(validate::validate(&project));
    diags.sort();
    let strict = strict || project.settings.strict;
    for d in &diags.items {
        if d.is_error() || !cli.quiet {
            eprint!("{d}");
        }
    }
    let failed = diags.has_errors() || (strict && diags.warnings() > 0);
    Ok((project, diags, failed))
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
    println!(
        "result:   {} error(s), {} warning(s)",
        diags.errors(),
        diags.warnings()
    );
}
