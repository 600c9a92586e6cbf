//! Write a generated (made-up) county project, for benchmarks and trying the
//! tool on data of another shape than the sample's.
//!
//! ```text
//! cargo run --release --example gen_county -- --schools 1000 --seed 1 OUT_DIR
//! cargo run --release --example gen_county -- --shape 7 OUT_DIR   # a random shape
//! ```
//! Options: --schools N, --seed S, --years 2020-2025 (or 2023,2025), --primary-only,
//! --junior-only, --no-projects, --no-ledger, --no-county, --no-plan, --provisional-last,
//! --shape SEED (start from `gen::shape(SEED)`; later options override it).

use std::path::PathBuf;
use std::process::ExitCode;

use junheng::gen::{self, GenOptions, Levels};

fn years(spec: &str) -> Option<Vec<u16>> {
    if let Some((a, b)) = spec.split_once('-') {
        let (a, b): (u16, u16) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return (a <= b).then(|| (a..=b).collect());
    }
    spec.split(',').map(|y| y.trim().parse().ok()).collect()
}

fn main() -> ExitCode {
    let mut opts = GenOptions {
        years: (2020..=2025).collect(),
        ..GenOptions::default()
    };
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match a.as_str() {
            "--schools" => opts.schools = value("--schools").parse().expect("--schools N"),
            "--seed" => opts.seed = value("--seed").parse().expect("--seed S"),
            "--years" => opts.years = years(&value("--years")).expect("--years 2020-2025"),
            "--shape" => opts = gen::shape(value("--shape").parse().expect("--shape SEED")),
            "--primary-only" => opts.levels = Levels::PrimaryOnly,
            "--junior-only" => opts.levels = Levels::JuniorOnly,
            "--no-projects" => opts.projects = false,
            "--no-ledger" => opts.ledger = false,
            "--no-county" => opts.county_figures = false,
            "--no-plan" => opts.plan = false,
            "--provisional-last" => opts.provisional_last = true,
            s if !s.starts_with("--") => out = Some(PathBuf::from(s)),
            s => {
                eprintln!("unknown option {s}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen_county [options] OUT_DIR");
        return ExitCode::from(2);
    };
    if let Err(e) = gen::write(&out, &opts) {
        eprintln!("cannot write {}: {e}", out.display());
        return ExitCode::from(1);
    }
    println!(
        "{} ({} schools, years {:?})",
        out.display(),
        opts.schools,
        opts.years
    );
    ExitCode::SUCCESS
}
