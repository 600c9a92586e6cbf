//! `junheng build`: the sample county builds every page; the output is
//! deterministic, atomic, escaped and linked with relative links only.

mod common;

use std::fs;
use std::path::Path;

use common::{junheng, junheng_env, project, read_tree, repo};

fn build(project: &Path, out: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "build",
        "--project",
        project.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    junheng(&args)
}

fn html_pages(tree: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<(&String, String)> {
    tree.iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v.clone()).expect("utf-8 page")))
        .collect()
}

#[test]
fn the_sample_county_builds_every_page_and_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = build(&repo(), &out, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&out);
    for page in [
        "index.html",
        "print.html",
        "years/index.html",
        "years/2020.html",
        "years/2026.html",
        "indicators/index.html",
        "schools/index.html",
        "schools/nanbin-zhongxue.html",
        "assurance.html",
        "quality.html",
        "recognition.html",
        "projects.html",
        "tasks.html",
        "ledger.html",
        "methodology.html",
        "downloads.html",
        "chapters/index.html",
        "static/style.css",
        "static/print.css",
        "data/report.json",
    ] {
        assert!(tree.contains_key(page), "missing {page}");
    }
    for i in junheng::model::standards::Indicator::ALL {
        let page = format!("indicators/{}.html", i.key());
        let html = String::from_utf8(tree[&page].clone()).unwrap();
        assert!(html.matches("<svg").count() >= 2, "{page} lacks charts");
    }
    let index = String::from_utf8(tree["index.html"].clone()).unwrap();
    assert!(index.contains("<html lang=\"zh-CN\""));
    assert!(
        index.contains("示例数据"),
        "the sample is labelled as sample data"
    );
    // Every chart has its data beside it.
    for (path, html) in html_pages(&tree) {
        assert_eq!(
            html.matches("<figure class=\"chart\"").count(),
            html.matches("<details class=\"chart-data\">").count(),
            "{path}"
        );
    }
    // Years without data are shown as planned.
    assert!(index.contains("2027 年：计划年份"), "planned years listed");
}

#[test]
fn building_twice_gives_identical_trees() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(build(&repo(), &a, &[]).code, 0);
    assert_eq!(build(&repo(), &b, &[]).code, 0);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{k} differs between two builds");
    }
}

#[test]
fn the_output_is_the_same_whatever_the_thread_count() {
    // Pages, charts and files are produced in parallel: one thread and four
    // must give the same bytes (a generated county, so there is enough to share out).
    let tmp = tempfile::tempdir().unwrap();
    let county = tmp.path().join("county");
    let opts = junheng::gen::GenOptions {
        seed: 12,
        schools: 60,
        years: vec![2022, 2023, 2024],
        ..Default::default()
    };
    junheng::gen::write(&county, &opts).unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "4"] {
        let out = tmp.path().join(format!("site-{threads}"));
        let dir = county.to_str().unwrap();
        let args = ["build", "--project", dir, "--out", out.to_str().unwrap()];
        let run = junheng_env(&args, &[("RAYON_NUM_THREADS", threads)]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        trees.push((
            run.stdout.replace(out.to_str().unwrap(), "OUT"),
            read_tree(&out),
        ));
    }
    let (one, four) = (&trees[0], &trees[1]);
    assert_eq!(one.0, four.0, "summaries differ");
    assert!(one.1.len() > 60 + 10, "a page per school and more");
    assert_eq!(
        one.1.keys().collect::<Vec<_>>(),
        four.1.keys().collect::<Vec<_>>()
    );
    for (k, v) in &one.1 {
        assert!(four.1[k] == *v, "{k} differs between 1 and 4 threads");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = project(None);
    let out = dir.path().join("output/site");
    assert_eq!(build(dir.path(), &out, &[]).code, 0);
    let before = read_tree(&out);
    assert!(!before.is_empty());

    // Broken data: the build stops before writing.
    let schools = dir.path().join("data/schools.yaml");
    let good = fs::read_to_string(&schools).unwrap();
    fs::write(&schools, good.replace("type: primary", "type: primery")).unwrap();
    let run = build(dir.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("data/schools.yaml"), "{}", run.stderr);
    assert_eq!(read_tree(&out), before);

    // A broken template: the message names the template, line and variable.
    fs::write(&schools, good).unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/ledger.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ no_such_thing.x }}\n{% endblock content %}\n",
    )
    .unwrap();
    let run = build(dir.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("ledger.html:3"), "{}", run.stderr);
    assert!(run.stderr.contains("no_such_thing"), "{}", run.stderr);
    assert_eq!(read_tree(&out), before);
    // Nothing is left beside the output but its lock file.
    let mut left: Vec<String> = fs::read_dir(dir.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".site.lock", "site"]);
}

#[test]
fn strings_from_the_data_are_escaped_everywhere() {
    let dir = project(None);
    let schools = dir.path().join("data/schools.yaml");
    let text = fs::read_to_string(&schools).unwrap();
    fs::write(
        &schools,
        text.replace("name: 城关小学", "name: \"<script>alert(1)</script>\""),
    )
    .unwrap();
    let out = dir.path().join("site");
    let run = build(dir.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&out);
    let mut seen = 0;
    for (path, html) in html_pages(&tree) {
        assert!(
            !html.contains("<script>alert(1)"),
            "{path} has raw markup from the data"
        );
        seen += html
            .matches("&lt;script&gt;alert(1)&lt;/script&gt;")
            .count();
    }
    assert!(seen > 3, "the name is shown as text on several pages");
}

#[test]
fn links_are_relative_and_sitemap_needs_a_base_url() {
    let dir = project(None);
    let out = dir.path().join("site");
    let run = build(dir.path(), &out, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&out);
    assert!(!tree.contains_key("sitemap.xml"));
    for (path, html) in html_pages(&tree) {
        for attr in [" href=\"/", " src=\"/", " href=\"http"] {
            assert!(
                !html.contains(attr),
                "{path} has a non-relative link ({attr})"
            );
        }
    }
    let run = build(
        dir.path(),
        &out,
        &["--base-url", "https://jy.example.gov.cn/junheng/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = String::from_utf8(read_tree(&out)["sitemap.xml"].clone()).unwrap();
    assert!(
        sitemap.contains("<loc>https://jy.example.gov.cn/junheng/index.html</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_broken_link_in_a_template_warns_and_fails_with_strict() {
    let dir = project(None);
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/ledger.html"),
        "{% extends \"base.html\" %}\n{% block content %}<a href=\"{{ root }}nowhere.html\">x</a>{% endblock content %}\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let run = build(dir.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("警告: ledger.html"), "{}", run.stderr);
    assert!(run.stderr.contains("nowhere.html"), "{}", run.stderr);
    let run = build(dir.path(), &out, &["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn the_report_date_comes_from_the_data_or_source_date_epoch() {
    let dir = project(None);
    let out = dir.path().join("site");
    let root = dir.path().to_str().unwrap();
    let out_s = out.to_str().unwrap();
    let run = junheng_env(
        &["build", "--project", root, "--out", out_s],
        &[("SOURCE_DATE_EPOCH", "1735689600")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = String::from_utf8(read_tree(&out)["print.html"].clone()).unwrap();
    assert!(
        print.contains("2025年1月1日"),
        "cover date from SOURCE_DATE_EPOCH"
    );
}
