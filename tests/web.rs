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
