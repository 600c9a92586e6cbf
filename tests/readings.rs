//! The standard's pinned readings (`standard.md` §2, §3 item 1) on the small
//! valid county, each with its setting unchanged and changed; zero
//! denominators; figures declared not applicable; plan projects and tasks
//! without a year's entry. Every test runs the real binary.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;

use common::{junheng, project};

/// Replace `from` (which must occur) by `to` in the project file `rel`.
fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).expect("read fixture file");
    assert!(text.contains(from), "`{from}` not in {rel}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write fixture file");
}

fn write(dir: &Path, rel: &str, text: &str) {
    fs::write(dir.join(rel), text).expect("write fixture file");
}

const COUNTY: &str = "data/years/2024/county.yaml";
const SCHOOLS: &str = "data/years/2024/schools.yaml";

fn stats(dir: &Path) -> Value {
    let run = junheng(&[
        "--project",
        dir.to_str().unwrap(),
        "-q",
        "stats",
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("one JSON object")
}

fn check(dir: &Path, strict: bool) -> common::Run {
    let mut args = vec!["--project", dir.to_str().unwrap(), "check"];
    if strict {
        args.push("--strict");
    }
    junheng(&args)
}

/// The item `id` of the stats JSON (assurance or quality).
fn item<'v>(v: &'v Value, id: &str) -> &'v Value {
    v["assurance"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["quality"].as_array().unwrap())
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn failing(v: &Value, id: &str) -> Vec<String> {
    item(v, id)["failing_schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

const RETENTION: &str =
    "    primary: {cohort: 185, deaths: 0, graduates: 184, transferred_in: 2, transferred_out: 3}
    junior: {cohort: 550, deaths: 0, graduates: 530, transferred_in: 5, transferred_out: 25}";

#[test]
fn junior_retention_alone_decides_quality_item_1() {
    let dir = project(None);
    edit(
        dir.path(),
        COUNTY,
        RETENTION,
        "    primary: {cohort: 1000, deaths: 0, graduates: 997, transferred_in: 0, transferred_out: 0}
    junior: {cohort: 1000, deaths: 0, graduates: 951, transferred_in: 0, transferred_out: 0}",
    );
    edit(
        dir.path(),
        "data/plan.yaml",
        "targets:\n",
        "targets:\n  - {year: 2024, metric: retention.primary, op: \">=\", value: 1.0, text: 小学巩固率100%}\n",
    );
    let v = stats(dir.path());
    let q = item(&v, "qual-01-retention");
    assert_eq!(q["met"], true, "{q}");
    assert_eq!(q["status"], "met");
    assert_eq!(q["requirement"], "全县初中三年巩固率达到95%以上");
    assert_eq!(q["values"]["junior"], 0.951);
    assert_eq!(q["values"]["primary"], 0.997);
    let m = q["measures"].as_array().unwrap();
    assert_eq!(
        (m[0]["key"].as_str(), m[0]["counted"].as_bool()),
        (Some("junior"), Some(true))
    );
    assert_eq!(
        (m[1]["key"].as_str(), m[1]["counted"].as_bool()),
        (Some("primary"), Some(false))
    );
    assert!(m[1]["met"].is_null());
    // The plan's primary target is still judged, and not met.
    let t = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["metric"] == "retention.primary")
        .expect("the plan's primary retention target");
    assert_eq!(t["outcome"], "not_met");
    assert_eq!(t["actual"], 0.997);
    // Nothing about retention stands between the county and recognition.
    let outstanding = v["verdict"]["outstanding"].to_string();
    assert!(!outstanding.contains("巩固率"), "{outstanding}");

    // Junior 94.9 % fails, whatever the primary rate.
    edit(dir.path(), COUNTY, "graduates: 951", "graduates: 949");
    edit(dir.path(), COUNTY, "graduates: 997", "graduates: 1000");
    let v = stats(dir.path());
    assert_eq!(item(&v, "qual-01-retention")["met"], false);
}

#[test]
fn junior_retention_without_primary_data_is_met() {
    let dir = project(None);
    edit(
        dir.path(),
        COUNTY,
        RETENTION,
        "    junior: {cohort: 1000, deaths: 0, graduates: 951, transferred_in: 0, transferred_out: 0}",
    );
    let v = stats(dir.path());
    let q = item(&v, "qual-01-retention");
    assert_eq!(q["met"], true, "{q}");
    assert!(q["values"]["primary"].is_null());
}

#[test]
fn rooms_reading_teaching_points_from_the_setting() {
    // Unchanged (50): 山坪教学点 (55 pupils, a 60 m² music room) is judged and fails;
    // 云溪教学点 (16 pupils) and the special school are not judged.
    let dir = project(None);
    let v = stats(dir.path());
    let judged = |v: &Value| item(v, "gov-03-music-art-rooms")["failing_schools"].to_string();
    assert_eq!(
        failing(&v, "gov-03-music-art-rooms"),
        ["shanping-jiaoxuedian"]
    );
    assert!(!judged(&v).contains("yunxi") && !judged(&v).contains("tejiao"));
    assert_eq!(item(&v, "gov-03-music-art-rooms")["per_school"], true);

    // Changed to 60: the 55-pupil teaching point is no longer judged.
    write(
        dir.path(),
        "data/standards.yaml",
        "rooms_teaching_point_min_students: 60\n",
    );
    let v = stats(dir.path());
    assert!(failing(&v, "gov-03-music-art-rooms").is_empty());
    assert_eq!(item(&v, "gov-03-music-art-rooms")["met"], true);

    // Changed to 0: every teaching point is judged, so 云溪 must write its rooms.
    write(
        dir.path(),
        "data/standards.yaml",
        "rooms_teaching_point_min_students: 0\n",
    );
    let run = check(dir.path(), false);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("music_rooms_m2"), "{}", run.stderr);
}

#[test]
fn size_reading_complete_middle_on_junior_pupils() {
    // Unchanged: 南宾中学 has 1480 junior and 1210 senior pupils; judged on 1480.
    let dir = project(None);
    let v = stats(dir.path());
    assert!(failing(&v, "gov-04-school-size").is_empty());
    assert_eq!(item(&v, "gov-04-school-size")["met"], true);

    // Changed: senior pupils added, 2690 > 2000.
    write(
        dir.path(),
        "data/standards.yaml",
        "complete_middle_size_on_junior: false\n",
    );
    let v = stats(dir.path());
    assert_eq!(failing(&v, "gov-04-school-size"), ["nanbin-zhongxue"]);
    assert_eq!(item(&v, "gov-04-school-size")["met"], false);
}

#[test]
fn class_size_and_certification_include_teaching_points_of_any_size() {
    // 云溪教学点 has 16 pupils (not a counted section) and is still judged.
    let dir = project(None);
    let v = stats(dir.path());
    assert!(failing(&v, "gov-05-class-size").is_empty());
    assert!(failing(&v, "gov-12-certification").is_empty());

    let yunxi = "      students: 16
      classes: 2
      max_class_size: 9
      teachers: 2
      qualified_teachers: 2
      backbone_teachers: 0
      pe_art_teachers: 0
      certified_teachers: 2";
    edit(
        dir.path(),
        SCHOOLS,
        yunxi,
        &yunxi
            .replace("max_class_size: 9", "max_class_size: 46")
            .replace("certified_teachers: 2", "certified_teachers: 1"),
    );
    let v = stats(dir.path());
    assert_eq!(failing(&v, "gov-05-class-size"), ["yunxi-jiaoxuedian"]);
    assert_eq!(failing(&v, "gov-12-certification"), ["yunxi-jiaoxuedian"]);
}

#[test]
fn a_rate_over_nothing_is_no_data_with_a_warning() {
    let dir = project(None);
    edit(
        dir.path(),
        COUNTY,
        "rotation: {eligible: 160, rotated: 17, backbone_rotated: 4}",
        "rotation: {eligible: 0, rotated: 0, backbone_rotated: 0}",
    );
    edit(
        dir.path(),
        SCHOOLS,
        "    public_funds_yuan: 1000000\n    training_funds_yuan: 60000",
        "    public_funds_yuan: 0\n    training_funds_yuan: 0",
    );
    let run = check(dir.path(), false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diags = run.diagnostics();
    let warned = |path: &str, phrase: &str| {
        diags
            .iter()
            .any(|(h, m)| h.starts_with("警告: ") && h.contains(path) && m.contains(phrase))
    };
    assert!(
        warned("`county.rotation.eligible`", "交流轮岗教师比例的分母为 0"),
        "{}",
        run.stderr
    );
    assert!(
        warned("public_funds_yuan", "城关小学（`chengguan-xiaoxue`）"),
        "{}",
        run.stderr
    );
    assert_eq!(check(dir.path(), true).code, 1);

    let v = stats(dir.path());
    let rot = item(&v, "gov-11-rotation");
    assert!(rot["met"].is_null(), "{rot}");
    assert!(rot["values"]["rotation"].is_null());
    let funds = item(&v, "qual-04-training-funds");
    assert!(funds["met"].is_null(), "{funds}");
    assert_eq!(funds["no_data_schools"][0], "chengguan-xiaoxue");
}

#[test]
fn not_applicable_is_shown_and_not_counted() {
    let dir = project(None);
    edit(
        dir.path(),
        COUNTY,
        "  migrant_children: {total: 210, public_or_purchased: 200}\n  special_school_funds_per_student_yuan: 6500\n",
        "  not_applicable: [special_school_funds_per_student_yuan, migrant_children]\n",
    );
    // Not applicable is not missing: `--strict` still passes, without a warning.
    let run = check(dir.path(), true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("警告: "), 0, "{}", run.stderr);

    let v = stats(dir.path());
    let special = item(&v, "gov-07-special-funds");
    assert_eq!(special["status"], "not_applicable");
    assert!(special["met"].is_null());
    // The migrant part is not applicable; the left-behind care evidence still decides.
    let migrant = item(&v, "gov-15-migrant-children");
    assert_eq!(migrant["status"], "met", "{migrant}");
    assert_eq!(migrant["measures"][0]["counted"], false);
    let outstanding = v["verdict"]["outstanding"].to_string();
    assert!(!outstanding.contains("特殊教育"), "{outstanding}");

    // Shown as 不适用 on the assurance page and in the chapter's count (of a final year).
    edit(dir.path(), SCHOOLS, "status: provisional", "status: final");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = junheng(&[
        "--project",
        dir.path().to_str().unwrap(),
        "-q",
        "build",
        "--out",
        site.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(site.join("assurance.html")).expect("assurance page");
    assert!(page.contains("不适用"), "assurance page lacks 不适用");
    let print = fs::read_to_string(site.join("print.html")).expect("print page");
    assert!(
        print.contains("政府保障程度共15项评估内容，其中1项不适用、不计入"),
        "the chapter does not count 不适用 apart"
    );

    // Missing, by contrast, is 暂无数据, refused by --strict.
    edit(
        dir.path(),
        COUNTY,
        "  not_applicable: [special_school_funds_per_student_yuan, migrant_children]\n",
        "",
    );
    let run = check(dir.path(), true);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("special_school_funds_per_student_yuan"));
    let v = stats(dir.path());
    assert_eq!(item(&v, "gov-07-special-funds")["status"], "no_data");
}

#[test]
fn not_applicable_and_a_figure_together_is_an_error() {
    let dir = project(None);
    edit(
        dir.path(),
        COUNTY,
        "  special_school_funds_per_student_yuan: 6500\n",
        "  special_school_funds_per_student_yuan: 6500\n  not_applicable: [special_school_funds_per_student_yuan]\n",
    );
    let run = check(dir.path(), false);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.diagnostics()
            .iter()
            .any(|(h, m)| h.contains("county.not_applicable[0]") && m.contains("二者只能取其一")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_plan_project_or_task_without_an_entry_warns() {
    let dir = project(None);
    edit(
        dir.path(),
        COUNTY,
        "  - {task: \"2.1\", status: on_track}\n",
        "",
    );
    edit(
        dir.path(),
        COUNTY,
        "  - {project: xincheng-xiaoxue-new, status: completed, progress: 1, invested_wan: 8000, completed: 2024-08-20}\n",
        "  []\n",
    );
    let run = check(dir.path(), false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diags = run.diagnostics();
    let warned = |phrase: &str| {
        diags
            .iter()
            .any(|(h, m)| h.starts_with("警告: ") && m.contains(phrase))
    };
    assert!(
        warned("2024 年没有重点任务 `2.1`（补充体育艺术教师）的进展记录"),
        "{}",
        run.stderr
    );
    assert!(
        warned("2024 年没有重大项目 `xincheng-xiaoxue-new`（新城小学新建工程）的进展记录")
            && warned("沿用此前最近一次填报的状态（在建）"),
        "{}",
        run.stderr
    );
    assert_eq!(check(dir.path(), true).code, 1);
}
