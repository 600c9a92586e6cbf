//! Browser checks of the built sample site (issue 13): one headless Chromium,
//! driven by puppeteer-core with axe-core, visits every page of the site from
//! `file://` (tests/web/check.mjs): no sideways scrolling at 390 px, no serious
//! or critical accessibility violation, every school mention a link, no console
//! error, and the search box finds 黄水小学, 民族中学 and the 大班额 item.
//!
//! Needs node, a Chromium-family browser and `npm ci --prefix tests/web`
//! (`.ci/run` does it); without them the test prints why it is skipped, and
//! fails instead under JUNHENG_REQUIRE_TOOLS=1.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{junheng, missing, repo};

/// node, the browser and the npm packages, or `None` after saying which is missing.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if node.is_none() {
        return missing("node");
    }
    let Ok(Some((browser, _))) = junheng::pdf::browser::find(None) else {
        return missing("chromium");
    };
    let web = repo().join("tests/web");
    for pkg in ["puppeteer-core", "axe-core"] {
        if !web.join("node_modules").join(pkg).is_dir() {
            return missing(&format!(
                "the npm package {pkg} (run `npm ci --prefix tests/web`)"
            ));
        }
    }
    Some((browser, web.join("check.mjs")))
}

#[test]
fn the_sample_site_works_on_a_phone_is_searchable_linked_and_accessible() {
    let Some((browser, script)) = tools() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    let run = junheng(&[
        "--project",
        repo().to_str().expect("utf-8 path"),
        "build",
        "--out",
        site.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    let out = Command::new("node")
        .arg(&script)
        .arg(&site)
        .arg("--browser")
        .arg(&browser)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        out.status.success(),
        "browser checks failed ({summary}):\n{stdout}\n{stderr}"
    );
    assert!(summary.ends_with(" 0 failed"), "{stdout}\n{stderr}");
    eprintln!("web checks: {summary}");
}

/// The sample's search index (no browser needed): the same bytes on every
/// build, and the bigram 黄水 leads to 石柱县黄水小学's page. Without `--pdf`
/// no page links to a PDF.
#[test]
fn the_search_index_is_deterministic_and_finds_a_school_by_part_of_its_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut indexes = Vec::new();
    for n in 0..2 {
        let site = tmp.path().join(format!("site{n}"));
        let run = junheng(&[
            "--project",
            repo().to_str().expect("utf-8 path"),
            "build",
            "--out",
            site.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        for page in ["index.html", "downloads.html"] {
            let html = std::fs::read_to_string(site.join(page)).expect("page");
            assert!(!html.contains("compilation.pdf"), "{page} links a PDF");
        }
        indexes.push(std::fs::read_to_string(site.join("static/search-index.js")).expect("index"));
    }
    assert_eq!(indexes[0], indexes[1], "the index differs between builds");
    let json = indexes[0]
        .trim_end()
        .strip_prefix("window.JUNHENG_SEARCH=")
        .and_then(|s| s.strip_suffix(';'))
        .expect("a script assigning the global");
    let ix: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let docs = ix["docs"].as_array().expect("docs");
    let hits: Vec<&str> = ix["grams"]["黄水"]
        .as_array()
        .expect("the bigram 黄水 is indexed")
        .iter()
        .map(|n| docs[n.as_u64().unwrap() as usize][0].as_str().unwrap())
        .collect();
    assert!(hits.contains(&"石柱县黄水小学"), "{hits:?}");
    let school = docs
        .iter()
        .find(|d| d[0] == "石柱县黄水小学")
        .expect("the school");
    let href = school[2].as_str().unwrap();
    assert!(
        href.starts_with("schools/") && href.ends_with(".html"),
        "{href}"
    );
    assert!(tmp.path().join("site0").join(href).is_file(), "{href}");
}
