//! `junheng stats` on small fixture projects: the pinned JSON shape and values.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const KEYS: [&str; 7] = [
    "qualified_teachers_per_100",
    "backbone_teachers_per_100",
    "pe_art_teachers_per_100",
    "teaching_area_per_student",
    "sports_area_per_student",
    "equipment_value_per_student",
    "multimedia_rooms_per_100",
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compute")
        .join(name)
}

fn run(project: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_junheng"))
        .arg("--project")
        .arg(project)
        .args(args)
        .output()
        .expect("run junheng")
}

fn stats_json(name: &str, args: &[&str]) -> Value {
    let mut all = vec!["stats", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&fixture(name), &all);
    assert!(
        out.status.success(),
        "stats failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"));
    serde_json::from_str(&text).expect("stats prints one JSON object")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Enrollment-weighted CV of `(students, value)` around `mean`.
fn weighted_cv(points: &[(f64, f64)], mean: f64) -> f64 {
    let p: f64 = points.iter().map(|x| x.0).sum();
    let var: f64 = points
        .iter()
        .map(|(pi, xi)| pi / p * (xi - mean).powi(2))
        .sum();
    var.sqrt() / mean
}

/// Every level has every pinned key; sections are sorted by school id.
fn assert_pinned_shape(v: &Value) {
    assert!(v["year"].is_u64());
    for level in ["primary", "junior"] {
        let l = &v["levels"][level];
        assert!(l["students"].is_u64(), "{level}.students");
        assert!(l["composite_cv"].is_number() || l["composite_cv"].is_null());
        for k in KEYS {
            let i = &l["indicators"][k];
            for field in ["standard", "county_value", "cv", "cv_limit", "rate"] {
                assert!(
                    i.get(field).is_some(),
                    "{level}.indicators.{k}.{field} missing"
                );
            }
            assert!(i["standard"].is_number() && i["cv_limit"].is_number());
        }
        let sections = l["sections"].as_array().unwrap();
        let ids: Vec<&str> = sections
            .iter()
            .map(|s| s["school"].as_str().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{level} sections sorted by school id");
        for s in sections {
            assert!(s["students"].is_u64());
            assert!(s["met"].is_u64() && s["passes"].is_boolean());
            for k in KEYS {
                assert!(s["values"][k].is_number(), "{level} section value {k}");
            }
        }
    }
}

#[test]
fn small_county_json_shape_and_values() {
    let v = stats_json("small", &["--year", "2024"]);
    assert_pinned_shape(&v);
    assert_eq!(v["year"], 2024);

    // Primary: 甲小学 (400) and 乙's primary section (200); the 30-pupil teaching point is left out.
    let p = &v["levels"]["primary"];
    assert_eq!(p["students"], 600);
    let ids: Vec<&str> = p["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["school"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a-xiaoxue", "b-jiunian"]);
    let q = &p["indicators"]["qualified_teachers_per_100"];
    assert_eq!(f(&q["standard"]), 4.2);
    assert_eq!(f(&q["cv_limit"]), 0.5);
    assert!(close(f(&q["county_value"]), 100.0 * 29.0 / 600.0));
    assert!(close(
        f(&q["cv"]),
        weighted_cv(&[(400.0, 5.0), (200.0, 4.5)], 100.0 * 29.0 / 600.0)
    ));
    assert_eq!(f(&q["rate"]), 1.0);

    // Nine-year split 1 : 1.1 → primary 200/310 of 3100 m² = 2000 m² for 200 pupils.
    let b = &p["sections"][1];
    assert!(close(f(&b["values"]["teaching_area_per_student"]), 10.0));
    assert!(close(f(&b["values"]["sports_area_per_student"]), 20.0));
    assert!(close(f(&b["values"]["multimedia_rooms_per_100"]), 10.0));
    assert_eq!(f(&b["values"]["qualified_teachers_per_100"]), 4.5);

    // Junior: 乙's junior section (100) and 丁中学 (complete middle, 500 junior + 500 senior).
    let j = &v["levels"]["junior"];
    assert_eq!(j["students"], 600);
    assert_eq!(f(&j["indicators"]["qualified_teachers_per_100"]["cv"]), 0.0);
    let d = &j["sections"][1];
    assert_eq!(d["school"], "d-zhongxue");
    // 2 200 000 yuan × 500/(500 + 1.2·500) = 1 000 000 → 2000 yuan per pupil, 80 % of 2500.
    assert!(close(
        f(&d["values"]["equipment_value_per_student"]),
        2000.0
    ));
    assert_eq!(d["met"], 6);
    assert_eq!(d["passes"], false);
    assert_eq!(
        f(&j["indicators"]["equipment_value_per_student"]["rate"]),
        0.5
    );
    // The composite is the mean of the seven CVs.
    let mean: f64 = KEYS
        .iter()
        .map(|k| f(&j["indicators"][k]["cv"]))
        .sum::<f64>()
        / 7.0;
    assert!(close(f(&j["composite_cv"]), mean));

    // Summaries beside the pinned keys.
    assert_eq!(v["verdict"]["passed"], false);
    assert_eq!(v["assurance"].as_array().unwrap().len(), 15);
    assert_eq!(v["quality"].as_array().unwrap().len(), 9);
    assert!(close(f(&v["recognition"]["rate"]), 176.0 / 200.0));
}

#[test]
fn latest_year_is_the_default() {
    let a = stats_json("small", &[]);
    assert_eq!(a["year"], 2024);
}

#[test]
fn empty_level_is_null_and_per_100_is_exact() {
    let v = stats_json("primary-only", &[]);
    assert_pinned_shape(&v);
    let j = &v["levels"]["junior"];
    assert_eq!(j["students"], 0);
    assert!(j["composite_cv"].is_null());
    for k in KEYS {
        assert!(j["indicators"][k]["cv"].is_null());
        assert!(j["indicators"][k]["rate"].is_null());
    }
    assert_eq!(j["sections"].as_array().unwrap().len(), 0);
    // 9 backbone teachers for 1000 pupils: exactly 0.9 (90 % of 1.0: one unmet, still passes).
    let s = &v["levels"]["primary"]["sections"][0];
    assert_eq!(s["values"]["backbone_teachers_per_100"], 0.9);
    assert_eq!(s["values"]["pe_art_teachers_per_100"], 0.9);
    assert_eq!(s["values"]["multimedia_rooms_per_100"], 2.3);
    assert_eq!(
        (s["met"].as_u64(), s["passes"].as_bool()),
        (Some(6), Some(true))
    );
    // One section: every CV is 0, every rate 0 or 1.
    let p = &v["levels"]["primary"];
    assert_eq!(f(&p["composite_cv"]), 0.0);
    assert_eq!(
        f(&p["indicators"]["backbone_teachers_per_100"]["rate"]),
        0.0
    );
}

#[test]
fn a_year_without_data_exits_1() {
    let out = run(&fixture("small"), &["stats", "--year", "2023"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2023"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn table_is_readable_chinese() {
    let out = run(&fixture("small"), &["stats"]);
    assert!(out.status.success());
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("生均教学仪器设备值"));
    assert!(t.contains("差异系数"));
    assert!(t.contains("达标率"));
    assert!(t.contains("评估结论"));
    // 初中 equipment CV over 0.45 is named among what is outstanding.
    assert!(t.contains("初中 生均教学仪器设备值 差异系数"));
}

#[test]
fn stats_is_deterministic() {
    let a = run(&fixture("small"), &["stats", "--format", "json"]);
    let b = run(&fixture("small"), &["stats", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn sections_are_split_and_left_out_as_the_standard_says() {
    let out = run(&fixture("edge"), &["stats", "--format", "json"]);
    assert!(out.status.success());
    // The empty junior section of the nine-year school is left out with a warning.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("n-jiunian") && err.contains("没有学生"),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_pinned_shape(&v);
    let p = &v["levels"]["primary"];
    let ids: Vec<&str> = p["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["school"].as_str().unwrap())
        .collect();
    // A teaching point of exactly 50 pupils counts; the closed school is absent.
    assert_eq!(ids, ["n-jiunian", "p-jiaoxuedian", "t-shier"]);
    // Nine-year school without junior pupils: all of `shared` goes to primary (1500 m² / 300).
    assert_eq!(
        f(&p["sections"][0]["values"]["teaching_area_per_student"]),
        5.0
    );
    // Twelve-year 1 : 1.1 : 1.32 with 100 pupils each: 3420 m² → 1000 primary, 1100 junior.
    assert!(close(
        f(&p["sections"][2]["values"]["teaching_area_per_student"]),
        10.0
    ));
    let j = &v["levels"]["junior"];
    assert_eq!(j["students"], 100);
    assert_eq!(j["sections"].as_array().unwrap().len(), 1);
    assert!(close(
        f(&j["sections"][0]["values"]["teaching_area_per_student"]),
        11.0
    ));
    assert!(close(
        f(&j["sections"][0]["values"]["multimedia_rooms_per_100"]),
        100.0 * 12.0 * 110.0 / 342.0 / 100.0
    ));
}

#[test]
fn sample_county_2025_snapshot() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = run(
        &root,
        &["-q", "stats", "--year", "2025", "--format", "json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_pinned_shape(&v);
    insta::assert_snapshot!("sample_2025_stats_json", text);
}

#[test]
fn a_closed_pipe_ends_quietly_without_a_panic() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args([
            "--project",
            env!("CARGO_MANIFEST_DIR"),
            "stats",
            "--year",
            "2025",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run junheng");
    drop(child.stdout.take()); // the reader goes away (like `| head`)
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
