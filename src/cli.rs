//! The command line: thin commands over the pipeline.
//!
//! Exit codes: 0 ok, 1 data errors, 2 usage or I/O errors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::load::{self, Project};
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
