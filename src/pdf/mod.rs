//! `build --pdf`: print the compilation (`print.html`) to `compilation.pdf`
//! with a headless Chromium-family browser.
//!
//! Chromium ignores `target-counter()`, so the contents get their page
//! numbers in two passes: print once with bookmarks, read each heading's page
//! from the bookmarks (and each figure's, table's and annex's from the named
//! destinations Chromium writes for link targets), write the numbers into the contents, print again and
//! check that no heading moved (a third print if the contents grew; an error
//! if the pages still move). When a PDF junheng wrote earlier sits at the
//! output path, its page numbers fill the contents of the first print, and
//! if that print puts every heading where they say, it is the only one. The result's dates and `/ID` are then pinned so
//! that the same input gives the same bytes.

pub mod browser;
pub mod contents;
pub mod fonts;
pub mod normalize;
pub mod outline;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lopdf::Document;

/// How to make the PDF.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--browser PATH`.
    pub browser: Option<PathBuf>,
    /// The report date (`YYYY-MM-DD`) for the PDF's dates.
    pub date: String,
    pub timeout: Duration,
    pub verbose: bool,
    pub quiet: bool,
}

/// Why there is no PDF.
#[derive(Debug)]
pub enum Error {
    /// No browser found: the message says what to install.
    NoBrowser(String),
    Failed(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoBrowser(m) | Error::Failed(m) => f.write_str(m),
        }
    }
}

/// A written PDF.
#[derive(Debug)]
pub struct Done {
    pub path: PathBuf,
    pub pages: usize,
    /// How many times the browser printed.
    pub prints: usize,
    pub browser: PathBuf,
    pub bookmarks: usize,
    pub fonts: fonts::Fonts,
}

/// The most prints before the contents' page numbers must have settled.
const MAX_PRINTS: usize = 3;

/// Where the PDF goes: beside the site folder.
pub fn default_path(site: &Path) -> PathBuf {
    site.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("compilation.pdf")
}

/// `build --pdf` after the site is written: print it, say what was written,
/// and give the exit code (2 when there is no browser or printing failed;
/// the site stays written either way).
pub fn run(site: &Path, opts: &Options) -> std::process::ExitCode {
    let path = default_path(site);
    match build(site, &path, opts) {
        Ok(done) => {
            if !opts.quiet {
                println!(
                    "已生成 {}：{} 页，{} 个书签（打印 {} 次）",
                    done.path.display(),
                    done.pages,
                    done.bookmarks,
                    done.prints
                );
            }
            std::process::ExitCode::SUCCESS
        }
        Err(Error::NoBrowser(m)) => {
            eprintln!("错误: 无法生成 PDF：{m}");
            std::process::ExitCode::from(2)
        }
        Err(Error::Failed(m)) => {
            eprintln!(
                "错误: 无法生成 PDF {}：{m}\n  （网站的 HTML 已生成）",
                path.display()
            );
            std::process::ExitCode::from(2)
        }
    }
}

/// Print `<site>/print.html` to `pdf`.
pub fn build(site: &Path, pdf: &Path, opts: &Options) -> Result<Done, Error> {
    // A PDF junheng did not write is never replaced (checked before printing too).
    crate::write::guard_file(pdf, None, &written_by_junheng)
        .map_err(|e| Error::Failed(e.to_string()))?;
    let (browser, source) = browser::find(opts.browser.as_deref())
        .map_err(Error::Failed)?
        .ok_or_else(|| Error::NoBrowser(browser::install_hint()))?;
    let note = |m: &str| {
        if opts.verbose {
            eprintln!("pdf: {m}");
        }
    };
    let warn = |m: &str| {
        if !opts.quiet {
            eprintln!("警告: pdf: {m}");
        }
    };
    note(&format!("browser {} ({source:?})", browser.display()));
    match fonts::installed_cjk() {
        fonts::Installed::Families(f) if f.is_empty() => warn(
            "no Chinese (CJK) font is installed: Chinese text will be missing from the PDF. \
             Install one, e.g. apt-get install fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei",
        ),
        fonts::Installed::Families(f) => note(&format!(
            "{} CJK font families installed (fc-list :lang=zh), e.g. {}",
            f.len(),
            {
                // Simplified-Chinese variants first (… SC, … CN).
                let mut f = f.clone();
                f.sort_by_key(|n| !(n.ends_with(" SC") || n.ends_with(" CN")));
                f.into_iter().take(5).collect::<Vec<_>>().join(", ")
            }
        )),
        fonts::Installed::Unknown(why) => warn(&format!(
            "cannot check for a Chinese font ({why}); check the PDF with pdffonts"
        )),
    }

    let source_html = site.join("print.html");
    let html = std::fs::read_to_string(&source_html)
        .map_err(|e| Error::Failed(format!("cannot read {}: {e}", source_html.display())))?;
    let slots = contents::slots(&html);
    let labels: Vec<String> = slots.iter().map(|s| s.label.clone()).collect();
    let work = tempfile::tempdir().map_err(|e| Error::Failed(format!("temp folder: {e}")))?;
    // The page is printed from inside the site folder, so its relative links
    // (static/print.css) and its own #anchors resolve as in print.html.
    let page = tempfile::Builder::new()
        .prefix(".print-pdf-")
        .suffix(".html")
        .tempfile_in(site)
        .map_err(|e| Error::Failed(format!("cannot write in {}: {e}", site.display())))?;
    let url = browser::file_url(page.path());

    // A PDF junheng wrote earlier gives a guess of the page numbers: the
    // first print then uses them, and when it puts every heading on the page
    // the guess said, the numbers are settled after that one print.
    let mut previous = earlier_pages(pdf, &labels);
    let mut current = match &previous {
        Some(state) => contents::fill(&html, &contents::assign_all(&slots, &state.0, &state.1)),
        None => html.clone(),
    };
    // A wrong guess costs one print more than a build without one.
    let max_prints = MAX_PRINTS + usize::from(previous.is_some());
    let mut prints = 0;
    let (mut doc, entries) = loop {
        prints += 1;
        std::fs::write(page.path(), &current)
            .map_err(|e| Error::Failed(format!("cannot write {}: {e}", page.path().display())))?;
        let out = work.path().join(format!("pass-{prints}.pdf"));
        let run = browser::print_pdf(&browser, &url, &out, opts.timeout).map_err(Error::Failed)?;
        let bytes = std::fs::read(&out)
            .map_err(|e| Error::Failed(format!("cannot read {}: {e}", out.display())))?;
        let mut doc = load(&bytes)?;
        let undoubled = outline::undouble_titles(&mut doc, &labels);
        if undoubled > 0 {
            note(&format!("{undoubled} doubled bookmark title(s) repaired"));
        }
        let entries = outline::read(&doc).map_err(Error::Failed)?;
        let dests = outline::destinations(&doc);
        note(&format!(
            "print {prints}: {} pages, {} bookmarks, {:.1} s",
            doc.get_pages().len(),
            entries.len(),
            run.elapsed.as_secs_f64()
        ));
        let state = (entries, dests);
        if slots.is_empty() || previous.as_ref() == Some(&state) {
            break (doc, state.0);
        }
        if prints >= max_prints {
            return Err(Error::Failed(format!(
                "the contents' page numbers did not settle after {prints} prints \
                 (headings keep moving between pages): {}",
                moved(previous.as_ref().map_or(&[][..], |p| &p.0), &state.0)
            )));
        }
        let pages = contents::assign_all(&slots, &state.0, &state.1);
        if prints == 1 {
            for (s, p) in slots.iter().zip(&pages) {
                if p.is_none() {
                    warn(&format!(
                        "contents entry `{}` (#{}) has no bookmark or destination: its page number stays empty",
                        s.label, s.target
                    ));
                }
            }
        }
        current = contents::fill(&html, &pages);
        previous = Some(state);
    };
    drop(page);

    let meta = normalize::Meta {
        title: tag_text(&html, "<title>", "</title>").unwrap_or_default(),
        author: meta_content(&html, "author").unwrap_or_default(),
        date: opts.date.clone(),
        creator: format!("junheng {}", env!("CARGO_PKG_VERSION")),
    };
    let bytes = normalize::normalize(&mut doc, &meta).map_err(Error::Failed)?;
    let doc = load(&bytes)?;
    let pages = doc.get_pages().len();
    if let Some((w, h)) = first_page_size(&doc) {
        if (w - 595.28).abs() > 2.0 || (h - 841.89).abs() > 2.0 {
            warn(&format!(
                "pages are {w:.0} × {h:.0} pt, not A4 (595 × 842 pt)"
            ));
        }
    }
    let fonts = fonts::embedded(&doc);
    note(&format!("fonts embedded: {}", fonts.describe()));
    if !fonts.not_embedded.is_empty() {
        warn(&format!(
            "fonts not embedded: {}",
            fonts.not_embedded.join(", ")
        ));
    }
    if fonts.type3 > 0 {
        warn(&format!(
            "{} font(s) embedded as Type 3 (glyph drawings: a CFF/OpenType CJK font such as \
             Noto CJK, or synthetic bold). They print correctly but look rough in some viewers \
             and some tools cannot search them; install a TrueType CJK font \
             (apt-get install fonts-arphic-uming fonts-wqy-zenhei; on Windows SimSun/SimHei/FangSong)",
            fonts.type3
        ));
    }
    crate::write::write_file_guarded(pdf, &bytes, None, &written_by_junheng)
        .map_err(|e| Error::Failed(e.to_string()))?;
    Ok(Done {
        path: pdf.to_path_buf(),
        pages,
        prints,
        browser,
        bookmarks: entries.len(),
        fonts,
    })
}

/// Bookmarks and destinations of the PDF junheng wrote earlier at `pdf`
/// (None when there is none, another program wrote it, or it cannot be read).
fn earlier_pages(pdf: &Path, labels: &[String]) -> Option<Printed> {
    if !pdf.is_file() || !written_by_junheng(pdf) {
        return None;
    }
    let bytes = std::fs::read(pdf).ok()?;
    let mut doc = Document::load_mem(&bytes).ok()?;
    outline::undouble_titles(&mut doc, labels);
    let entries = outline::read(&doc).ok()?;
    let dests = outline::destinations(&doc);
    Some((entries, dests))
}

/// What one print gives: the bookmarks in order and the named destinations' pages.
type Printed = (Vec<outline::Entry>, std::collections::BTreeMap<String, u32>);

fn load(bytes: &[u8]) -> Result<Document, Error> {
    Document::load_mem(bytes)
        .map_err(|e| Error::Failed(format!("the browser wrote an unreadable PDF: {e}")))
}

/// The first bookmark (in order) whose page differs between two prints.
fn moved(a: &[outline::Entry], b: &[outline::Entry]) -> String {
    if a.len() != b.len() {
        return format!("{} bookmarks, then {}", a.len(), b.len());
    }
    a.iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .map(|(x, y)| {
            format!(
                "`{}` on page {}, then `{}` on page {}",
                x.title, x.page, y.title, y.page
            )
        })
        .unwrap_or_default()
}

fn first_page_size(doc: &Document) -> Option<(f64, f64)> {
    let (_, id) = doc.get_pages().into_iter().next()?;
    let page = doc.get_dictionary(id).ok()?;
    let mb = page.get(b"MediaBox").ok()?.as_array().ok()?;
    let n = |i: usize| -> Option<f64> {
        let o = mb.get(i)?;
        o.as_float()
            .map(f64::from)
            .ok()
            .or_else(|| o.as_i64().ok().map(|v| v as f64))
    };
    Some((n(2)? - n(0)?, n(3)? - n(1)?))
}

/// The unescaped text between `open` and `close`.
fn tag_text(html: &str, open: &str, close: &str) -> Option<String> {
    let i = html.find(open)? + open.len();
    let j = html[i..].find(close)?;
    Some(contents::unescape(html[i..i + j].trim()))
}

/// `<meta name="NAME" content="…">`.
fn meta_content(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("<meta name=\"{name}\""))?;
    let tag = &html[at..at + html[at..].find('>')?];
    tag_text(tag, "content=\"", "\"")
}

/// Whether the PDF at `path` was written by junheng: its Info dictionary's
/// `/Creator` starts with `junheng` (set by [`normalize`]).
pub fn written_by_junheng(path: &Path) -> bool {
    let Ok(doc) = Document::load(path) else {
        return false;
    };
    doc.trailer
        .get(b"Info")
        .ok()
        .and_then(|o| o.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .and_then(|info| info.get(b"Creator").ok())
        .and_then(|c| lopdf::decode_text_string(c).ok())
        .is_some_and(|c| c.starts_with("junheng"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_goes_beside_the_site() {
        assert_eq!(
            default_path(Path::new("output/site")),
            Path::new("output/compilation.pdf")
        );
        assert_eq!(
            default_path(Path::new("site")),
            Path::new("./compilation.pdf")
        );
    }

    #[test]
    fn a_moved_heading_is_named() {
        let e = |t: &str, page| outline::Entry {
            level: 1,
            title: t.into(),
            page,
        };
        let a = [e("第一章", 3), e("第二章", 7)];
        let b = [e("第一章", 3), e("第二章", 8)];
        assert_eq!(moved(&a, &b), "`第二章` on page 7, then `第二章` on page 8");
        assert_eq!(moved(&a, &b[..1]), "2 bookmarks, then 1");
    }

    #[test]
    fn reads_title_and_author() {
        let html = r#"<head><meta name="author" content="石柱县教委 &amp; 县政府"><title>资料汇编（2020—2029年）</title>"#;
        assert_eq!(
            tag_text(html, "<title>", "</title>").unwrap(),
            "资料汇编（2020—2029年）"
        );
        assert_eq!(meta_content(html, "author").unwrap(), "石柱县教委 & 县政府");
    }
}
