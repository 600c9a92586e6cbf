//! Browser tests: build the sample county, open its pages in headless
//! Chromium, print the compilation to PDF and check it with poppler.
//!
//! Each test prints "skipped: chromium not found" (or poppler) and passes when
//! the tools are missing, unless JUNHENG_REQUIRE_TOOLS=1, when it fails.
//! One PDF build is shared by the PDF assertions.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{junheng, repo};
use junheng::pdf::browser;

fn require_tools() -> bool {
    std::env::var("JUNHENG_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// The browser, or `None` after printing why the test is skipped.
fn chromium() -> Option<PathBuf> {
    match browser::find(None) {
        Ok(Some((p, _))) => Some(p),
        other => {
            assert!(
                !require_tools(),
                "JUNHENG_REQUIRE_TOOLS=1 but no browser: {other:?}"
            );
            eprintln!("skipped: chromium not found");
            None
        }
    }
}

/// Whether the poppler tools are installed (else skipped, or failed under REQUIRE).
fn poppler() -> bool {
    let ok = ["pdfinfo", "pdftotext", "pdffonts", "pdfimages"]
        .iter()
        .all(|t| Command::new(t).arg("-v").output().is_ok());
    if !ok {
        assert!(
            !require_tools(),
            "JUNHENG_REQUIRE_TOOLS=1 but poppler-utils (pdfinfo, pdftotext, pdffonts, pdfimages) is missing"
        );
        eprintln!("skipped: poppler-utils not found");
    }
    ok
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {name}: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A temporary copy of the sample county (data, content, templates,
/// settings) with one test chapter that cites CVs, a chart and a table.
fn sample_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["data", "content", "templates"] {
        let from = repo().join(sub);
        if from.is_dir() {
            common::copy_tree(&from, &dir.path().join(sub));
        }
    }
    let settings = repo().join("junheng.yaml");
    if settings.is_file() {
        std::fs::copy(&settings, dir.path().join("junheng.yaml")).expect("copy settings");
    }
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::copy(
        repo().join("tests/fixtures/pdf/zz-browser-test.md"),
        content.join("zz-browser-test.md"),
    )
    .expect("copy test chapter");
    dir
}

struct Built {
    project: tempfile::TempDir,
    out: tempfile::TempDir,
}

impl Built {
    fn site(&self) -> PathBuf {
        self.out.path().join("site")
    }
    fn pdf(&self) -> PathBuf {
        self.out.path().join("compilation.pdf")
    }
}

fn build_pdf(project: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let run = junheng(&[
        "--project",
        project.to_str().expect("utf-8 path"),
        "build",
        "--out",
        site.to_str().expect("utf-8 path"),
        "--pdf",
        "--verbose",
    ]);
    assert_eq!(run.code, 0, "build --pdf failed:\n{}", run.stderr);
    assert!(
        out.path().join("compilation.pdf").is_file(),
        "{}",
        run.stderr
    );
    out
}

/// The sample county built once, with its PDF (None when tools are missing).
fn built() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    chromium()?;
    BUILT
        .get_or_init(|| {
            let project = sample_project();
            let out = build_pdf(project.path());
            Some(Built { project, out })
        })
        .as_ref()
}

/// Chapter titles from the front matter of the project's content/*.md.
fn chapter_titles(project: &Path) -> Vec<String> {
    let mut titles = Vec::new();
    for e in std::fs::read_dir(project.join("content")).expect("content") {
        let text = std::fs::read_to_string(e.expect("entry").path()).expect("read chapter");
        if let Some(t) = text
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix("title:"))
        {
            titles.push(t.trim().trim_matches(['"', '\'']).to_string());
        }
    }
    titles
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdfinfo_field(info: &str, key: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn the_pdf_is_a4_with_chapters_numbers_and_metadata() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let pdf = b.pdf();
    let pdf = pdf.to_str().expect("utf-8");
    let info = tool("pdfinfo", &[pdf]);
    let pages: usize = pdfinfo_field(&info, "Pages").parse().expect("page count");
    assert!((4..=400).contains(&pages), "implausible page count {pages}");
    assert!(pdfinfo_field(&info, "Page size").contains("A4"), "{info}");
    assert!(pdfinfo_field(&info, "Title").contains("资料汇编"), "{info}");
    assert!(!pdfinfo_field(&info, "Author").is_empty(), "{info}");

    let text = squeeze(&tool("pdftotext", &[pdf, "-"]));
    for title in chapter_titles(b.project.path()) {
        assert!(
            text.contains(&squeeze(&title)),
            "chapter `{title}` not in the PDF text"
        );
    }
    // The page footer of page 2 counts all pages.
    assert!(
        text.contains(&format!("第2页共{pages}页")),
        "no page footer"
    );

    // A CV from `stats`, as the chapters format it (3 decimals).
    let stats = junheng(&[
        "--project",
        b.project.path().to_str().expect("utf-8"),
        "stats",
        "--format",
        "json",
    ]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    let json: serde_json::Value = serde_json::from_str(&stats.stdout).expect("stats json");
    for level in ["primary", "junior"] {
        let cv = json["levels"][level]["composite_cv"]
            .as_f64()
            .expect("composite cv");
        let shown = format!("{cv:.3}");
        assert!(
            text.contains(&shown),
            "{level} composite CV {shown} not in the PDF"
        );
    }
}

#[test]
fn fonts_are_embedded_chinese_fonts() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let fonts = tool("pdffonts", &[b.pdf().to_str().expect("utf-8")]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts:\n{fonts}");
    // Columns: name, type…, encoding, emb, sub, uni, object, generation.
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols.len().checked_sub(5).map(|i| cols[i]);
        assert_eq!(emb, Some("yes"), "font not embedded: {row}");
    }
    // Chinese text is set in composite (CID) fonts. With the TrueType CJK
    // fonts of print.css installed (as in CI) they are CID TrueType and
    // nothing falls back to Type 3; with only Noto CJK (CFF) Chromium embeds
    // Type 3 glyph drawings, which is allowed but noted.
    let truetype_cjk = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .is_ok_and(|f| f.contains("AR PL UMing") && f.contains("WenQuanYi Zen Hei"));
    assert!(
        truetype_cjk || !require_tools(),
        "JUNHENG_REQUIRE_TOOLS=1 but fonts-arphic-uming / fonts-wqy-zenhei are not installed"
    );
    if truetype_cjk {
        assert!(
            rows.iter().any(|r| r.contains("CID TrueType")),
            "no embedded CID TrueType (CJK) font:\n{fonts}"
        );
        assert!(
            rows.iter().all(|r| !r.contains("Type 3")),
            "Type 3 fonts (CFF CJK fonts or synthetic bold) in the PDF:\n{fonts}"
        );
    } else {
        assert!(
            rows.iter()
                .any(|r| r.contains("CID") || r.contains("Type 3")),
            "no font that can hold Chinese glyphs:\n{fonts}"
        );
        eprintln!("note: no TrueType CJK font installed; the PDF's Chinese glyphs may be Type 3");
    }
}

#[test]
fn charts_stay_vector() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let list = tool("pdfimages", &["-list", b.pdf().to_str().expect("utf-8")]);
    let images = list.lines().skip(2).count();
    assert_eq!(images, 0, "raster images in the PDF:\n{list}");
    let html = std::fs::read_to_string(b.site().join("print.html")).expect("print.html");
    assert!(html.contains("<svg"), "the test chapter's chart is missing");
}

#[test]
fn contents_page_numbers_match_the_bookmarks() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let bytes = std::fs::read(b.pdf()).expect("read pdf");
    let doc = lopdf::Document::load_mem(&bytes).expect("parse pdf");
    let outline = junheng::pdf::outline::read(&doc).expect("outline");
    let titles = chapter_titles(b.project.path());
    for t in &titles {
        assert!(
            outline
                .iter()
                .any(|e| e.level == 1 && e.title.contains(t.as_str())),
            "no top-level bookmark for chapter `{t}`: {outline:?}"
        );
    }
    let html = std::fs::read_to_string(b.site().join("print.html")).expect("print.html");
    let slots = junheng::pdf::contents::slots(&html);
    let expected = junheng::pdf::contents::assign(&slots, &outline);
    assert!(
        expected.iter().all(Option::is_some),
        "contents entries without a bookmark: {slots:?}"
    );
    // The contents pages: from page 2 up to the page before the first chapter.
    let first_chapter = outline
        .iter()
        .filter(|e| e.title.starts_with('第'))
        .map(|e| e.page)
        .min()
        .expect("a chapter bookmark");
    let text = tool(
        "pdftotext",
        &[
            "-layout",
            "-f",
            "2",
            "-l",
            &(first_chapter - 1).max(2).to_string(),
            b.pdf().to_str().expect("utf-8"),
            "-",
        ],
    );
    let lines: Vec<String> = text.lines().map(squeeze).collect();
    let mut from = 0;
    for (slot, page) in slots.iter().zip(&expected) {
        let label = squeeze(&slot.label);
        let at = lines[from..]
            .iter()
            .position(|l| l.starts_with(&label))
            .unwrap_or_else(|| panic!("contents line `{label}` not found:\n{text}"));
        let line = &lines[from + at];
        let digits: String = line[label.len()..]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        assert_eq!(
            digits,
            page.expect("page").to_string(),
            "contents says `{line}`, bookmark says page {page:?}"
        );
        from += at + 1;
    }
}

#[test]
fn two_pdf_builds_are_byte_identical() {
    let Some(b) = built() else { return };
    let again = build_pdf(b.project.path());
    let a = std::fs::read(b.pdf()).expect("first pdf");
    let c = std::fs::read(again.path().join("compilation.pdf")).expect("second pdf");
    assert!(a == c, "two builds of the same data gave different PDFs");
}

/// Links and images of a dumped DOM that point to local files: each must
/// exist, and a `#fragment` must be an id in the target.
fn broken_links(page: &Path, dom: &str) -> Vec<String> {
    let dir = page.parent().expect("page folder");
    let mut broken = Vec::new();
    let mut refs = BTreeSet::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = dom;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            refs.insert(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    for r in refs {
        if r.contains("://") || r.starts_with("mailto:") || r.starts_with("data:") {
            continue;
        }
        let (path, frag) = r.split_once('#').unwrap_or((r.as_str(), ""));
        let target = if path.is_empty() {
            page.to_path_buf()
        } else {
            dir.join(path)
        };
        let target = if target.is_dir() {
            target.join("index.html")
        } else {
            target
        };
        if !target.is_file() {
            broken.push(format!("{r}: no file {}", target.display()));
            continue;
        }
        if !frag.is_empty() {
            let html = if path.is_empty() {
                dom.to_string()
            } else {
                std::fs::read_to_string(&target).unwrap_or_default()
            };
            if !html.contains(&format!("id=\"{frag}\"")) {
                broken.push(format!("{r}: no id `{frag}`"));
            }
        }
    }
    broken
}

#[test]
fn pages_load_without_console_messages_or_broken_links() {
    let Some(chromium) = chromium() else { return };
    let Some(b) = built() else { return };
    let site = b.site();
    let mut pages = vec![site.join("index.html"), site.join("print.html")];
    if let Some(chapter) = std::fs::read_dir(site.join("chapters"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html") && !p.ends_with("index.html"))
        .min()
    {
        pages.push(chapter);
    }
    let args = vec![
        "--dump-dom".to_string(),
        "--enable-logging=stderr".to_string(),
        "--v=0".to_string(),
    ];
    for page in pages {
        let url = browser::file_url(&page);
        let got = browser::run(&chromium, &args, &url, browser::TIMEOUT).expect("chromium");
        let console: Vec<&str> = got
            .stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(
            console.is_empty(),
            "{}: console messages:\n{}",
            page.display(),
            console.join("\n")
        );
        assert!(
            got.stdout.contains("</html>"),
            "{}: no DOM dumped",
            page.display()
        );
        let broken = broken_links(&page, &got.stdout);
        assert!(
            broken.is_empty(),
            "{}: broken links:\n{}",
            page.display(),
            broken.join("\n")
        );
    }
}

#[test]
fn the_overview_screenshot_is_not_blank() {
    let Some(chromium) = chromium() else { return };
    let Some(b) = built() else { return };
    let png = b.out.path().join("overview.png");
    let args = vec![
        format!("--screenshot={}", png.display()),
        "--window-size=1280,900".to_string(),
    ];
    let url = browser::file_url(&b.site().join("index.html"));
    browser::run(&chromium, &args, &url, browser::TIMEOUT).expect("screenshot");
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // A blank 1280×900 page compresses to a few kB; the overview has text and charts.
    assert!(
        bytes.len() > 20_000,
        "screenshot only {} bytes",
        bytes.len()
    );
}

#[test]
fn without_a_browser_the_site_is_built_and_the_exit_code_is_2() {
    let project = sample_project();
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let empty = tempfile::tempdir().expect("temp dir");
    let run = common::junheng_env(
        &[
            "--project",
            project.path().to_str().expect("utf-8"),
            "build",
            "--out",
            site.to_str().expect("utf-8"),
            "--pdf",
        ],
        &[
            ("PATH", empty.path().to_str().expect("utf-8")),
            ("JUNHENG_BROWSER", ""),
            ("ProgramFiles", empty.path().to_str().expect("utf-8")),
            ("ProgramFiles(x86)", empty.path().to_str().expect("utf-8")),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("apt-get install chromium"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("msedge"), "{}", run.stderr);
    assert!(
        site.join("index.html").is_file(),
        "the site was not written"
    );
    assert!(!out.path().join("compilation.pdf").exists());
}

#[test]
fn a_browser_path_that_does_not_exist_is_reported() {
    let project = sample_project();
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let run = junheng(&[
        "--project",
        project.path().to_str().expect("utf-8"),
        "build",
        "--out",
        site.to_str().expect("utf-8"),
        "--pdf",
        "--browser",
        "/nonexistent/chromium",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/nonexistent/chromium"),
        "{}",
        run.stderr
    );
    assert!(site.join("index.html").is_file());
}

#[test]
fn an_archive_with_its_pdf_rebuilds_to_identical_bytes() {
    if chromium().is_none() {
        return;
    }
    let dir = common::project(None);
    let root = dir.path().to_str().expect("utf-8 path");
    let run = junheng(&[
        "--project",
        root,
        "archive",
        "--year",
        "2024",
        "--provisional",
        "--pdf",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snap = dir.path().join("output/archive/2024");
    assert!(snap.join("compilation.pdf").is_file());
    let manifest = std::fs::read_to_string(snap.join("manifest.json")).expect("manifest");
    assert!(
        manifest.contains("\"compilation.pdf\""),
        "the PDF is hashed in the manifest"
    );
    let v = junheng(&["verify", snap.to_str().expect("utf-8 path"), "--rebuild"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(
        v.stdout.contains("重新生成 compilation.pdf：完全一致"),
        "{}",
        v.stdout
    );
    // The data is provisional: every page after the cover says so.
    if poppler() {
        let text = tool(
            "pdftotext",
            &[
                "-layout",
                snap.join("compilation.pdf").to_str().unwrap(),
                "-",
            ],
        );
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() > 2);
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert!(
                squeeze(page).contains("初步数据·尚未定稿"),
                "page {} lacks the provisional mark:\n{page}",
                i + 1
            );
        }
    }
}
