//! The annexes (附表) of the compilation: present in print.html and as site
//! pages for the sample county and for generated counties of other shapes,
//! with every school's name and a symbol on every failing cell.

mod common;

use std::path::Path;

use common::{junheng, repo};
use junheng::gen::{self, GenOptions, Levels};

/// Build `project` into a temporary folder; the site's folder.
fn build(project: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let run = junheng(&[
        "--project",
        project.to_str().expect("utf-8"),
        "build",
        "--out",
        out.path().join("site").to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The annex part of print.html (after the 附表 heading).
fn annex_part(site: &Path) -> String {
    let html = read(&site.join("print.html"));
    let at = html
        .find("<section class=\"annexes\" id=\"annexes\">")
        .expect("print.html has no annex part");
    html[at..].to_string()
}

/// The years the annexes show: the last final year, and the last year.
fn annexed_years(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    let years = report["years"].as_array().expect("years");
    let mut out: Vec<&serde_json::Value> = years
        .iter()
        .rev()
        .find(|y| y["provisional"] == false)
        .or(years.last())
        .into_iter()
        .collect();
    if let Some(last) = years.last() {
        if out.iter().all(|y| y["year"] != last["year"]) {
            out.push(last);
        }
    }
    out
}

/// Check the annexes of a built site; returns the annex part of print.html.
fn check_annexes(site: &Path) -> String {
    let part = annex_part(site);
    let report: serde_json::Value =
        serde_json::from_str(&read(&site.join("data/report.json"))).expect("report.json");
    // Every annex listed on the site's index is in print.html, numbered in order.
    let index = read(&site.join("annexes/index.html"));
    let mut n = 0;
    while index.contains(&format!("附表{}　", n + 1)) {
        n += 1;
        let label = format!("附表{n}　");
        assert!(
            part.contains(&format!("class=\"annex-title\">{label}")),
            "{label} not a heading in print.html"
        );
        assert!(part.contains(&format!("id=\"annex-{n}\"")));
    }
    assert!(n >= 8, "only {n} annexes");
    // Each annex has its site page and CSV.
    for entry in std::fs::read_dir(site.join("annexes")).expect("annexes/") {
        let p = entry.expect("entry").path();
        assert!(read(&p).contains("附表"), "{}", p.display());
    }
    // Every school of the annexed years is named in the annex.
    for y in annexed_years(&report) {
        for s in y["schools"].as_array().expect("schools") {
            let name = s["name"].as_str().expect("name");
            assert!(
                part.contains(name),
                "{}: school `{name}` not in the annex",
                y["year"]
            );
        }
        let levels = y["levels"].as_object().expect("levels");
        for (level, l) in levels {
            let has = !l["sections"].as_array().expect("sections").is_empty();
            let csv = site.join(format!(
                "data/tables/annex-sections-{level}-{}.csv",
                y["year"]
            ));
            assert_eq!(csv.is_file(), has, "{}", csv.display());
        }
    }
    // A failing cell carries its symbol (black-and-white print).
    let mut rest = part.as_str();
    while let Some(i) = rest.find(" fail\">").or_else(|| rest.find("\"fail\">")) {
        let cell = &rest[i..];
        let end = cell.find("</td>").expect("cell end");
        let text = &cell[cell.find('>').expect("tag end") + 1..end];
        assert!(
            text.contains('✗') || text.contains('▲'),
            "failing cell without a symbol: {text}"
        );
        rest = &cell[end..];
    }
    part
}

#[test]
fn the_sample_compilation_ends_with_the_annexes() {
    let out = build(&repo());
    let site = out.path().join("site");
    let part = check_annexes(&site);
    for heading in [
        "资源配置达标情况",
        "校际差异系数计算表",
        "政府保障程度评估情况",
        "教育质量评估情况",
        "佐证材料索引",
        "社会认可度调查情况",
        "校际差异系数历年情况",
        "年度目标完成情况",
        "重大项目规划及进展",
        "重点任务分工及进展",
        "问题整改台账",
        "基本情况（表Ⅰ）",
    ] {
        assert!(part.contains(heading), "no annex `{heading}`");
    }
    // The sample fails some cells; the rows of the sections table are shaded there.
    assert!(part.contains("fail\">"), "no failing cell in the sample");
    // Print layout: named landscape pages for the wide annexes.
    let html = read(&site.join("print.html"));
    assert!(html.contains("size: A4 landscape"));
    // Short heading ids: no percent-encoded or non-ASCII id anywhere.
    let mut rest = html.as_str();
    while let Some(i) = rest.find(" id=\"") {
        let id = &rest[i + 5..];
        let id = &id[..id.find('"').expect("id end")];
        assert!(
            id.is_ascii() && id.len() <= 64,
            "long or non-ASCII id `{id}`"
        );
        rest = &rest[i + 5..];
    }
}

#[test]
fn a_primary_only_county_of_one_year_without_projects_or_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = GenOptions {
        seed: 7,
        schools: 6,
        years: vec![2024],
        levels: Levels::PrimaryOnly,
        projects: false,
        ledger: false,
        ..GenOptions::default()
    };
    gen::write(dir.path(), &opts).expect("generate");
    let out = build(dir.path());
    let site = out.path().join("site");
    let part = check_annexes(&site);
    assert!(part.contains("小学资源配置达标情况"));
    assert!(!part.contains("初中资源配置达标情况"));
    assert!(part.contains("暂无数据"), "the empty ledger says so");
}
