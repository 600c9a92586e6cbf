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

/// `图2-1　…`, `表3-2　…`, `附表4　…`: an entry of the lists, not of the contents.
fn is_list_label(label: &str) -> bool {
    let rest = label
        .strip_prefix("附表")
        .or_else(|| label.strip_prefix('图'))
        .or_else(|| label.strip_prefix('表'));
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
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
    // The contents' entries (the lists of figures, tables and annexes are
    // checked by `lists_of_figures_tables_and_annexes_give_the_caption_pages`).
    let slots: Vec<_> = junheng::pdf::contents::slots(&html)
        .into_iter()
        .filter(|s| !is_list_label(&s.label))
        .collect();
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

    // Built again over its own output: the earlier PDF's page numbers are
    // already stable, so one print suffices, and the bytes stay the same.
    let site = again.path().join("site");
    let run = junheng(&[
        "--project",
        b.project.path().to_str().expect("utf-8 path"),
        "build",
        "--out",
        site.to_str().expect("utf-8 path"),
        "--pdf",
    ]);
    assert_eq!(run.code, 0, "rebuild failed:\n{}", run.stderr);
    assert!(
        run.stdout.contains("（打印 1 次）"),
        "a rebuild over a PDF with stable page numbers printed more than once:\n{}",
        run.stdout
    );
    let d = std::fs::read(again.path().join("compilation.pdf")).expect("third pdf");
    if a != d {
        // Kept for a look at what differs (once seen in CI, never here).
        let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("two_pdf_builds");
        let _ = std::fs::create_dir_all(&keep);
        let _ = std::fs::write(keep.join("first.pdf"), &a);
        let _ = std::fs::write(keep.join("rebuilt.pdf"), &d);
        let at = a.iter().zip(&d).position(|(x, y)| x != y);
        panic!(
            "a rebuild over the earlier PDF gave different bytes: {} and {} bytes, first \
             difference at byte {at:?} (both kept in {})",
            a.len(),
            d.len(),
            keep.display()
        );
    }
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
        assert!(pages.len() >= 2, "{text}");
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert!(
                squeeze(page).contains("初步数据·尚未定稿"),
                "page {} lacks the provisional mark:\n{page}",
                i + 1
            );
        }
    }
}

/// The PDF's pages as `pdftotext -layout` text.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-layout", pdf.to_str().expect("utf-8"), "-"])
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

/// The annex headings of print.html (`附表3　…`), unescaped.
fn annex_headings(html: &str) -> Vec<String> {
    let open = "class=\"annex-title\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let end = rest.find("</h2>").expect("heading end");
        out.push(junheng::pdf::contents::unescape(&rest[..end]));
    }
    out
}

/// The names of the schools in the annexes' section tables (report.json).
fn annexed_school_names(site: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(site.join("data/report.json")).expect("report.json");
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut names = BTreeSet::new();
    for y in report["years"].as_array().expect("years") {
        for l in y["levels"].as_object().expect("levels").values() {
            for s in l["sections"].as_array().expect("sections") {
                names.insert(s["name"].as_str().expect("name").to_string());
            }
        }
    }
    names.into_iter().collect()
}

/// Every school name whole on some line of the pages from `first` on (a name
/// wrapped character by character in a narrow cell is on no line whole).
fn assert_names_whole(pages: &[String], first: usize, names: &[String]) {
    let lines: Vec<String> = pages[first..]
        .iter()
        .flat_map(|p| p.lines().map(squeeze))
        .collect();
    for name in names {
        assert!(
            lines.iter().any(|l| l.contains(&squeeze(name))),
            "school name `{name}` is on no line of the annex pages whole"
        );
    }
}

/// poppler reads the PDF without the 127-byte name warning.
fn assert_no_long_names(pdf: &Path) {
    for (t, args) in [("pdfinfo", vec!["-dests"]), ("pdftotext", vec![])] {
        let mut a: Vec<&str> = args.clone();
        let p = pdf.to_str().expect("utf-8");
        a.push(p);
        if t == "pdftotext" {
            a.push("-");
        }
        let out = Command::new(t).args(&a).output().expect("poppler");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("name token"), "{t}: {err}");
    }
}

#[test]
fn lists_of_figures_tables_and_annexes_give_the_caption_pages() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let html = std::fs::read_to_string(b.site().join("print.html")).expect("print.html");
    let pages = pdf_pages(&b.pdf());
    let squeezed: Vec<String> = pages.iter().map(|p| squeeze(p)).collect();
    let entries: Vec<String> = junheng::pdf::contents::slots(&html)
        .into_iter()
        .map(|s| s.label)
        .filter(|l| is_list_label(l))
        .collect();
    assert!(
        entries.iter().any(|l| l.starts_with("附表1")),
        "no annex list: {entries:?}"
    );
    assert!(
        entries.iter().any(|l| l.starts_with('表')),
        "no list of tables"
    );
    for label in &entries {
        let label = squeeze(label);
        // The list's line: the entry followed by its page number.
        let (list_page, number) = squeezed
            .iter()
            .enumerate()
            .find_map(|(i, p)| {
                let at = p.find(&label)?;
                let digits: String = p[at + label.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                (!digits.is_empty()).then(|| (i + 1, digits.parse::<usize>().expect("page")))
            })
            .unwrap_or_else(|| panic!("list entry `{label}` has no page number"));
        assert!(
            number > list_page,
            "`{label}`: page {number} before its list"
        );
        assert!(
            squeezed[number - 1].contains(&label),
            "`{label}`: the list says page {number}, the caption is not there"
        );
        let first = squeezed[list_page..]
            .iter()
            .position(|p| p.contains(&label))
            .map(|i| i + list_page + 1);
        assert_eq!(
            first,
            Some(number),
            "`{label}`: first found on another page"
        );
    }
}

#[test]
fn the_annexes_are_in_the_pdf_with_whole_school_names() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let html = std::fs::read_to_string(b.site().join("print.html")).expect("print.html");
    let headings = annex_headings(&html);
    assert!(headings.len() >= 8, "{headings:?}");
    let pages = pdf_pages(&b.pdf());
    let all = squeeze(&pages.concat());
    for h in &headings {
        assert!(all.contains(&squeeze(h)), "annex `{h}` not in the PDF text");
    }
    let first = pages
        .iter()
        .position(|p| squeeze(p).contains(&squeeze(&headings[0])))
        .expect("first annex page");
    assert_names_whole(&pages, first, &annexed_school_names(&b.site()));
    assert_no_long_names(&b.pdf());
}

#[test]
fn init_and_a_generated_county_give_a_compilation_with_every_annex() {
    if chromium().is_none() || !poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("county");
    let run = junheng(&["init", root.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(root.join("data")).expect("replace the starter data");
    let opts = junheng::gen::GenOptions {
        seed: 3,
        schools: 30,
        years: vec![2024, 2025],
        ..junheng::gen::GenOptions::default()
    };
    junheng::gen::write(&root, &opts).expect("generate");
    let out = build_pdf(&root);
    let site = out.path().join("site");
    let html = std::fs::read_to_string(site.join("print.html")).expect("print.html");
    let headings = annex_headings(&html);
    let pages = pdf_pages(&out.path().join("compilation.pdf"));
    let all = squeeze(&pages.concat());
    for h in &headings {
        assert!(all.contains(&squeeze(h)), "annex `{h}` not in the PDF text");
    }
    for table in [
        "资源配置达标情况",
        "校际差异系数计算表",
        "政府保障程度评估情况",
        "教育质量评估情况",
        "佐证材料索引",
        "社会认可度调查情况",
        "历年情况",
        "年度目标完成情况",
        "重大项目规划及进展",
        "重点任务分工及进展",
        "问题整改台账",
    ] {
        assert!(
            headings.iter().any(|h| h.contains(table)),
            "no annex `{table}`: {headings:?}"
        );
    }
    let first = pages
        .iter()
        .position(|p| squeeze(p).contains(&squeeze(&headings[0])))
        .expect("first annex page");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("data/report.json")).expect("report.json"),
    )
    .expect("json");
    let names: Vec<String> = report["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .map(|s| s["name"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(names.len(), 30);
    assert_names_whole(&pages, first, &names);
    assert_no_long_names(&out.path().join("compilation.pdf"));
}

/// The numbered tables' captions of print.html (`表3-2　…`, `附表4　…`) as
/// (label, whole caption), in order.
fn table_captions(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for open in ["class=\"table-caption\">", "class=\"annex-title\">"] {
        let mut rest = html;
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            let text = junheng::pdf::contents::unescape(&rest[..rest.find('<').expect("end")]);
            if let Some((label, _)) = text.split_once('\u{3000}') {
                out.push((label.to_string(), text.clone()));
            }
        }
    }
    out
}

/// The words of one PDF page that start with 续 (`续表3-2`), with their boxes
/// in points from the page's top left.
fn continued_words(pdf: &Path, page: usize) -> Vec<(String, [f64; 4])> {
    let p = page.to_string();
    let xml = tool(
        "pdftotext",
        &[
            "-bbox",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().expect("utf-8"),
            "-",
        ],
    );
    let attr = |w: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let v = &w[w.find(&key).expect("attribute") + key.len()..];
        v[..v.find('"').expect("quote")].parse().expect("number")
    };
    xml.lines()
        .filter_map(|l| {
            let l = l.trim();
            let word = l.strip_prefix("<word ")?;
            let text = &word[word.find('>')? + 1..word.find("</word>")?];
            let box_ = [
                attr(word, "xMin"),
                attr(word, "yMin"),
                attr(word, "xMax"),
                attr(word, "yMax"),
            ];
            text.starts_with('续').then(|| (text.to_string(), box_))
        })
        .collect()
}

/// Whether anything is painted inside `box_` on the page (rendered in gray at
/// 72 dpi, so a pixel is a point): text covered by the 续表 mask is not.
fn painted(pdf: &Path, page: usize, box_: [f64; 4], dir: &Path) -> bool {
    let p = page.to_string();
    let prefix = dir.join(format!("page{page}"));
    tool(
        "pdftoppm",
        &[
            "-f",
            &p,
            "-l",
            &p,
            "-r",
            "72",
            "-gray",
            "-singlefile",
            pdf.to_str().expect("utf-8"),
            prefix.to_str().expect("utf-8"),
        ],
    );
    let pgm = std::fs::read(prefix.with_extension("pgm")).expect("pgm");
    // P5 header: magic, width, height, maxval, each followed by whitespace.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let pixels = &pgm[at + 1..];
    let width: usize = fields[1].parse().expect("width");
    let height: usize = fields[2].parse().expect("height");
    let [x0, y0, x1, y1] = box_.map(|v| v.round().max(0.0) as usize);
    (y0..y1.min(height))
        .flat_map(|y| (x0..x1.min(width)).map(move |x| (x, y)))
        .any(|(x, y)| pixels[y * width + x] < 128)
}

#[test]
fn a_table_that_runs_onto_the_next_page_says_so_there_only() {
    let Some(b) = built() else { return };
    if !poppler() {
        return;
    }
    let html = std::fs::read_to_string(b.site().join("print.html")).expect("print.html");
    let captions = table_captions(&html);
    assert!(captions.len() >= 10, "{captions:?}");
    let pdf = b.pdf();
    let pages = pdf_pages(&pdf);
    // The body starts with the first chapter's title after the lists of
    // figures and tables (which name every caption too).
    let chapter = html
        .split("<section class=\"chapter\"")
        .nth(1)
        .and_then(|s| s.split("<h1>").nth(1))
        .and_then(|s| s.split("</h1>").next())
        .expect("a chapter title");
    let lists = pages
        .iter()
        .rposition(|p| p.contains("表目录"))
        .expect("the list of tables");
    let body = lists
        + pages[lists..]
            .iter()
            .position(|p| squeeze(p).contains(&squeeze(chapter)))
            .expect("the first chapter's page");
    // The list of annexes names every annex too: a page naming five or more
    // annexes is that list (an annex starts on a page of its own).
    let annexes: Vec<String> = captions
        .iter()
        .filter(|(l, _)| l.starts_with("附表"))
        .map(|(_, c)| squeeze(c))
        .collect();
    let listing = |p: &String| annexes.iter().filter(|a| squeeze(p).contains(*a)).count() >= 5;
    // The page each numbered table starts on: the first with its whole caption.
    let starts: Vec<(String, usize)> = captions
        .iter()
        .map(|(label, caption)| {
            let page = body
                + pages[body..]
                    .iter()
                    .position(|p| !listing(p) && squeeze(p).contains(&squeeze(caption)))
                    .unwrap_or_else(|| panic!("caption `{caption}` is in no page"));
            (label.clone(), page + 1)
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shown, mut hidden) = (0, 0);
    for (i, text) in pages.iter().enumerate() {
        if !text.contains('续') {
            continue;
        }
        let page = i + 1;
        for (word, box_) in continued_words(&pdf, page) {
            let Some(label) = word.strip_prefix('续') else {
                continue;
            };
            let Some((_, start)) = starts.iter().find(|(l, _)| l == label) else {
                continue; // 续 in running text
            };
            let visible = painted(&pdf, page, box_, dir.path());
            if *start == page {
                assert!(
                    !visible,
                    "{word} is visible on page {page}, where the table starts"
                );
                hidden += 1;
            } else {
                assert!(
                    *start < page && visible,
                    "{word} on page {page}: the table starts on page {start}, visible: {visible}"
                );
                shown += 1;
            }
        }
    }
    // The sample's long tables (表3-2, the annexes' section tables) run over pages.
    assert!(shown >= 2, "only {shown} continued tables labelled");
    assert!(hidden >= 10, "only {hidden} first pages checked");
}
