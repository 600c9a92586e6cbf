//! `junheng init` and `junheng new-year`, run as the real binary.

mod common;

use std::path::Path;

use common::{junheng, read_tree};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// A fresh starter project in a temp dir (the project is `<tmp>/county`).
fn starter(extra: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("county");
    let mut args = vec!["init", s(&dir)];
    args.extend_from_slice(extra);
    let run = junheng(&args);
    assert_eq!(run.code, 0, "init failed: {}{}", run.stdout, run.stderr);
    tmp
}

#[test]
fn init_creates_a_project_that_passes_check_strict() {
    let tmp = starter(&[]);
    let dir = tmp.path().join("county");
    for f in [
        "junheng.yaml",
        "data/county.yaml",
        "data/schools.yaml",
        "data/plan.yaml",
        "data/standards.yaml",
        "data/years/2020.yaml",
        "content/01-county.md",
        "content/02-measures.md",
        "content/03-four-dimensions.md",
        "content/04-problems.md",
        "content/05-conclusion.md",
        "templates/README.md",
        ".gitignore",
    ] {
        assert!(dir.join(f).is_file(), "missing {f}");
    }
    let run = junheng(&["--project", s(&dir), "check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("0 个错误，0 个警告"), "{}", run.stdout);
    assert!(!run.stderr.contains("警告"), "{}", run.stderr);
}

#[test]
fn init_year_and_county_options() {
    let tmp = starter(&["--year", "2023", "--county", "石柱\"土家族\"自治县"]);
    let dir = tmp.path().join("county");
    assert!(dir.join("data/years/2023.yaml").is_file());
    assert!(!dir.join("data/years/2020.yaml").exists());
    let run = junheng(&["--project", s(&dir), "check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("县：    石柱\"土家族\"自治县"),
        "{}",
        run.stdout
    );
    let bad = tempfile::tempdir().unwrap();
    let run = junheng(&["init", s(&bad.path().join("x")), "--year", "2035"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!bad.path().join("x").exists());
}

/// Every line of the starter's YAML that writes a key has a `#` comment on it
/// or on the line above.
#[test]
fn every_key_of_the_starter_is_commented() {
    let tmp = starter(&[]);
    let dir = tmp.path().join("county");
    let mut checked = 0;
    for (rel, bytes) in read_tree(&dir) {
        if !rel.ends_with(".yaml") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("utf-8");
        if rel.starts_with("data/") && rel != "data/standards.yaml" {
            assert!(
                text.contains("示例值，请替换为本县数据"),
                "{rel} does not say its values are examples"
            );
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start().trim_start_matches("- ");
            if t.starts_with('#') {
                continue;
            }
            let is_key = t.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
            if !is_key {
                continue;
            }
            checked += 1;
            let above = i.checked_sub(1).map_or("", |j| lines[j].trim_start());
            assert!(
                line.contains(" #") || above.starts_with('#'),
                "{rel}:{}: key without a comment: {line}",
                i + 1
            );
        }
    }
    assert!(checked > 150, "only {checked} key lines found");
}

#[test]
fn init_then_build_renders_the_default_chapters() {
    let tmp = starter(&[]);
    let dir = tmp.path().join("county");
    let out = tmp.path().join("site");
    // `--strict`: no warning either (e.g. a chapter chart's CSV link is right on every page).
    let run = junheng(&["--project", s(&dir), "build", "--strict", "--out", s(&out)]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (slug, title) in [
        ("01-county", "县情概况"),
        ("02-measures", "工作举措"),
        ("03-four-dimensions", "四个方面达标情况"),
        ("04-problems", "问题与整改"),
        ("05-conclusion", "结论"),
    ] {
        let page = std::fs::read_to_string(out.join(format!("chapters/{slug}.html")))
            .expect("chapter page");
        assert!(page.contains(title), "{page}");
        assert!(!page.contains("{{") && !page.contains("{%"), "{page}");
        // The Tera comment with the instructions for the clerk is not shown.
        assert!(!page.contains("默认章节"), "{page}");
    }
    // Chapter 3 cites computed numbers and embeds numbered tables it refers to.
    let page = std::fs::read_to_string(out.join("chapters/03-four-dimensions.html")).unwrap();
    assert!(page.contains("表3-1"), "{page}");
    assert!(page.contains("<div class=\"table-wrap\""), "{page}");
    let print = std::fs::read_to_string(out.join("print.html")).unwrap();
    assert!(print.contains("第五章　结论"), "print.html lacks chapter 5");
}

#[test]
fn init_refuses_a_non_empty_folder_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("county");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/county.yaml"), "name: 我的县\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let before = read_tree(&dir);
    let run = junheng(&["init", s(&dir)]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("已存在"), "{}", run.stderr);
    assert!(run.stderr.contains("data、notes.txt"), "{}", run.stderr);
    assert_eq!(read_tree(&dir), before);
    // An existing empty folder is fine.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(junheng(&["init", s(&empty)]).code, 0);
    // A file is refused.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(junheng(&["init", s(&file)]).code, 2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn new_year_from_a_folder_makes_a_provisional_file_that_passes_check() {
    let p = common::project(None);
    let run = junheng(&["--project", s(p.path()), "new-year", "2025"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("已根据 2024 年的数据生成 data/years/2025.yaml"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(p.path().join("data/years/2025.yaml")).unwrap();
    assert!(text.contains("\nyear: 2025\n"), "{text}");
    assert!(text.contains("\nstatus: provisional\n"), "{text}");
    assert!(text.contains("\nas_of: \"2025-09-01\"\n"), "{text}");
    assert!(
        text.contains("\nsource: \"2025年教育事业统计快报\"\n"),
        "{text}"
    );
    // Carried over: schools from all three files of the folder, county, projects, tasks.
    for id in [
        "chengguan-xiaoxue",
        "xihe-xuexiao",
        "xincheng-xiaoxue",
        "tejiao-xuexiao",
    ] {
        assert!(
            text.contains(&format!("- school: \"{id}\"")),
            "{id}: {text}"
        );
    }
    assert!(text.contains("teachers_avg_yuan: 99000"), "{text}");
    assert!(
        text.contains("- project: \"xincheng-xiaoxue-new\""),
        "{text}"
    );
    assert!(text.contains("- task: \"2.1\""), "{text}");
    // The open ledger item is carried, the rectified one is not.
    assert!(text.contains("\"L2024-001\""), "{text}");
    assert!(!text.contains("\"L2023-001\""), "{text}");
    let run = junheng(&["--project", s(p.path()), "check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("2025（初步数据）"), "{}", run.stdout);
    // The copy is exact: 2025 computes to the same indicators as 2024.
    let levels = |y: &str| {
        let args = [
            "--project",
            s(p.path()),
            "stats",
            "--year",
            y,
            "--format",
            "json",
        ];
        let run = junheng(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        v["levels"].clone()
    };
    assert_eq!(levels("2025"), levels("2024"));
}

#[test]
fn new_year_from_a_file_drops_closed_and_adds_opened_schools() {
    let p = common::project(None);
    // 2024 → 2025 first, then close a school after 2025 and open one in 2026.
    assert_eq!(
        junheng(&["--project", s(p.path()), "new-year", "2025"]).code,
        0
    );
    let reg = p.path().join("data/schools.yaml");
    let text = std::fs::read_to_string(&reg).unwrap();
    let text = text.replace("    opened: 2024\n", "    opened: 2024\n    closed: 2025\n");
    let text = format!(
        "{text}  - id: xin-zhongxue\n    name: 新区中学\n    type: complete_middle\n    locality: urban\n    opened: 2026\n"
    );
    std::fs::write(&reg, text).unwrap();
    let run = junheng(&["--project", s(p.path()), "new-year", "2026"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("（xincheng-xiaoxue）：2026 年前已停办"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("（xin-zhongxue）添加空白条目"),
        "{}",
        run.stdout
    );
    // The new file keeps the field guidance `init` writes.
    let written = std::fs::read_to_string(p.path().join("data/years/2026.yaml")).unwrap();
    for comment in [
        "# 在校生数（人）：",
        "# 专任教师数（人）：",
        "# 义务教育教师年平均工资收入（元）：",
    ] {
        assert!(written.contains(comment), "{comment} missing:\n{written}");
    }
    let y = std::fs::read_to_string(p.path().join("data/years/2026.yaml")).unwrap();
    assert!(!y.contains("\"xincheng-xiaoxue\"\n"), "{y}");
    let at = y.find("- school: \"xin-zhongxue\"").expect("skeleton");
    assert!(
        y[..at].trim_end().lines().last().unwrap().contains("TODO"),
        "{y}"
    );
    assert!(y[at..].contains("senior_students: 0"), "{y}");
    // Valid; the empty skeleton's zero-pupil section is a warning reminding to fill it in.
    let run = junheng(&["--project", s(p.path()), "check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.count("错误"), 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("data/years/2026.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_year_refuses_an_existing_year_and_changes_nothing() {
    let p = common::project(None);
    let before = read_tree(p.path());
    for y in ["2023", "2024"] {
        let run = junheng(&["--project", s(p.path()), "new-year", y]);
        assert_eq!(run.code, 2, "{y}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("年已有数据"), "{}", run.stderr);
    }
    assert_eq!(read_tree(p.path()), before);
}

#[test]
fn new_year_refuses_without_a_previous_year_or_outside_the_period() {
    let p = common::project(None);
    let before = read_tree(p.path());
    let run = junheng(&["--project", s(p.path()), "new-year", "2022"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("2021 年没有数据"), "{}", run.stderr);
    assert!(
        run.stderr.contains("有数据的年份：2023、2024"),
        "{}",
        run.stderr
    );
    let run = junheng(&["--project", s(p.path()), "new-year", "2027"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2026 年没有数据"), "{}", run.stderr);
    for y in ["2020", "2030"] {
        let run = junheng(&["--project", s(p.path()), "new-year", y]);
        assert_eq!(run.code, 2, "{y}: {}", run.stderr);
    }
    assert_eq!(read_tree(p.path()), before);
}

#[test]
fn new_year_on_the_starter_project() {
    let tmp = starter(&[]);
    let dir = tmp.path().join("county");
    let run = junheng(&["--project", s(&dir), "new-year", "2021"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = junheng(&["--project", s(&dir), "check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("2021（初步数据）"), "{}", run.stdout);
}
