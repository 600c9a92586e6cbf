//! Plausibility warnings on the small valid county: a ×10 typo, per-pupil
//! values no real school has, salaries copied from the previous year. They
//! are warnings (exit 0), errors under `--strict`, and follow the bounds of
//! `standards.yaml`'s `plausibility`.

mod common;

use std::fs;
use std::path::Path;

use common::{junheng, project, Run};

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).expect("read fixture file");
    assert!(text.contains(from), "`{from}` not in {rel}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write fixture file");
}

fn check(dir: &Path, strict: bool) -> Run {
    let mut args = vec!["--project", dir.to_str().unwrap(), "check"];
    if strict {
        args.push("--strict");
    }
    junheng(&args)
}

fn warnings(run: &Run) -> Vec<(String, String)> {
    run.diagnostics()
        .into_iter()
        .filter(|(h, _)| h.starts_with("警告: "))
        .collect()
}

const SCHOOLS: &str = "data/years/2024/schools.yaml";

#[test]
fn a_typo_of_ten_times_warns_and_fails_under_strict() {
    let dir = project(None);
    edit(
        dir.path(),
        SCHOOLS,
        "      equipment_value_yuan: 1950000",
        "      equipment_value_yuan: 19500000",
    );
    let run = check(dir.path(), false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let w = warnings(&run);
    assert_eq!(w.len(), 1, "{}", run.stderr);
    let (head, msg) = &w[0];
    assert!(
        head.starts_with("警告: data/years/2024/schools.yaml:")
            && head.ends_with("`schools[0].primary.equipment_value_yuan`"),
        "{head}"
    );
    for part in [
        "城关小学（`chengguan-xiaoxue`）",
        "2023 年的 1900000",
        "2024 年的 19500000",
        "超过 3 倍",
    ] {
        assert!(msg.contains(part), "{part} not in {msg}");
    }
    assert_eq!(check(dir.path(), true).code, 1);

    // Confirmed in the entry: no warning.
    edit(
        dir.path(),
        SCHOOLS,
        "  - school: chengguan-xiaoxue\n",
        "  - school: chengguan-xiaoxue\n    confirmed_changes: [equipment_value_yuan]\n",
    );
    assert_eq!(check(dir.path(), true).code, 0);
}

#[test]
fn the_change_factor_is_a_setting() {
    let dir = project(None);
    edit(
        dir.path(),
        SCHOOLS,
        "      equipment_value_yuan: 1950000",
        "      equipment_value_yuan: 19500000",
    );
    fs::write(
        dir.path().join("data/standards.yaml"),
        "plausibility: {max_change_factor: 20}\n",
    )
    .unwrap();
    let run = check(dir.path(), true);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn per_pupil_values_outside_any_real_school_warn() {
    let dir = project(None);
    // 新城小学 opened in 2024 (no previous year): 270 pupils.
    edit(
        dir.path(),
        "data/years/2024/xincheng.yaml",
        "      equipment_value_yuan: 560000",
        "      equipment_value_yuan: 56000000",
    );
    edit(
        dir.path(),
        "data/years/2024/xincheng.yaml",
        "      teaching_area_m2: 1300",
        "      teaching_area_m2: 130000",
    );
    let run = check(dir.path(), false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let w = warnings(&run);
    assert!(
        w.iter().any(
            |(h, m)| h.ends_with("`schools[0].primary.equipment_value_yuan`")
                && m.contains("新城小学")
                && m.contains("生均 207407.4 元")
                && m.contains("50—50000 元")
        ),
        "{}",
        run.stderr
    );
    assert!(
        w.iter().any(
            |(h, m)| h.ends_with("`schools[0].primary.teaching_area_m2`")
                && m.contains("生均 481.5 平方米")
        ),
        "{}",
        run.stderr
    );
    assert_eq!(w.len(), 2, "{}", run.stderr);
    assert_eq!(check(dir.path(), true).code, 1);

    // Too little: 10 yuan per pupil.
    edit(
        dir.path(),
        "data/years/2024/xincheng.yaml",
        "      equipment_value_yuan: 56000000",
        "      equipment_value_yuan: 2700",
    );
    let run = check(dir.path(), false);
    assert!(
        warnings(&run).iter().any(|(_, m)| m.contains("生均 10 元")),
        "{}",
        run.stderr
    );
}

#[test]
fn salaries_copied_from_the_previous_year_warn() {
    let dir = project(None);
    edit(
        dir.path(),
        "data/years/2024/county.yaml",
        "salaries: {teachers_avg_yuan: 99000, civil_servants_avg_yuan: 97000}",
        "salaries: {teachers_avg_yuan: 98000, civil_servants_avg_yuan: 96000}",
    );
    // A provisional year (as `new-year` starts it) may still hold last year's figures.
    assert_eq!(check(dir.path(), true).code, 0);
    edit(dir.path(), SCHOOLS, "status: provisional", "status: final");
    let run = check(dir.path(), false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let w = warnings(&run);
    assert_eq!(w.len(), 2, "{}", run.stderr);
    assert!(
        w[0].0.contains("`county.salaries.teachers_avg_yuan`"),
        "{:?}",
        w
    );
    assert!(w[0]
        .1
        .contains("2024 年的教师平均工资收入 98000 元与 2023 年完全相同"));
    assert_eq!(check(dir.path(), true).code, 1);

    fs::write(
        dir.path().join("data/standards.yaml"),
        "plausibility: {warn_unchanged_salaries: false}\n",
    )
    .unwrap();
    assert_eq!(check(dir.path(), true).code, 0);
}
