//! Internal link and anchor check over a rendered tree: every relative `href`
//! and `src` must name a file in the tree, and every `#fragment` an `id` in
//! that file.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::output::Tree;

/// A broken link: the page it is on, the link, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub page: String,
    pub link: String,
    pub problem: &'static str,
}

/// The links and anchors of one HTML page (its text is not kept).
#[derive(Debug, Default)]
struct PageLinks {
    links: Vec<String>,
    ids: BTreeSet<String>,
}

/// What the check needs of a site, gathered file by file as the files are
/// produced (so the site need not be held in memory): every file's path, and
/// each HTML page's links and ids.
#[derive(Debug, Default)]
pub struct LinkIndex {
    files: BTreeSet<String>,
    pages: BTreeMap<String, PageLinks>,
}

impl LinkIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Scan one file (its links and ids when it is an HTML page).
    pub fn add(&mut self, path: &str, bytes: &[u8]) {
        self.files.insert(path.to_string());
        if let Some(page) = scan(path, bytes) {
            self.pages.insert(path.to_string(), page);
        }
    }

    /// Record a file scanned elsewhere (see [`scan_page`]).
    pub fn add_scanned(&mut self, path: &str, page: Option<ScannedPage>) {
        self.files.insert(path.to_string());
        if let Some(p) = page {
            self.pages.insert(path.to_string(), p.0);
        }
    }

    /// Every broken link, by page (byte order) and by position in the page.
    /// Pages are checked in parallel (this runs after the last page, with
    /// both cores otherwise idle); the order does not depend on it.
    pub fn check(&self) -> Vec<Broken> {
        use rayon::prelude::*;
        let pages: Vec<(&String, &PageLinks)> = self.pages.iter().collect();
        let per_page: Vec<Vec<Broken>> = pages
            .par_iter()
            .with_min_len(64)
            // A link with a path means the same from every page of one
            // folder (most pages share a few folders and most links repeat):
            // each (folder, link) is resolved once per batch of pages.
            .map_init(HashMap::new, |known, (page, p)| {
                self.check_page(page, p, known)
            })
            .collect();
        per_page.into_iter().flatten().collect()
    }

    /// The broken links of one page; `known` holds the (folder, link)s resolved before.
    fn check_page<'s>(
        &'s self,
        page: &'s str,
        p: &'s PageLinks,
        known: &mut HashMap<(&'s str, &'s str), Option<&'static str>>,
    ) -> Vec<Broken> {
        let folder = page.rsplit_once('/').map_or("", |(f, _)| f);
        let mut broken = Vec::new();
        for link in &p.links {
            // An empty path (`#top`) is the page itself.
            let problem = if link.split('#').next().is_none_or(str::is_empty) {
                self.problem(page, link)
            } else {
                *known
                    .entry((folder, link.as_str()))
                    .or_insert_with(|| self.problem(page, link))
            };
            if let Some(problem) = problem {
                broken.push(Broken {
                    page: page.to_string(),
                    link: link.clone(),
                    problem,
                });
            }
        }
        broken
    }

    fn problem(&self, page: &str, link: &str) -> Option<&'static str> {
        if is_external(link) {
            return None;
        }
        let (path, frag) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link, None),
        };
        let target = if path.is_empty() {
            Some(page.to_string())
        } else {
            resolve(page, path)
        };
        let Some(target) = target else {
            return Some("指向网站之外");
        };
        let target = if target.ends_with('/') || target.is_empty() {
            format!("{target}index.html")
        } else {
            target
        };
        if !self.files.contains(&target) {
            return Some("目标文件不存在");
        }
        if let Some(frag) = frag.filter(|f| !f.is_empty()) {
            let frag = percent_decode(frag);
            let found = self
                .pages
                .get(target.as_str())
                .is_some_and(|p| p.ids.contains(frag.as_str()));
            if !found {
                return Some("目标文件中没有这个锚点");
            }
        }
        None
    }
}

/// A page's links and ids, scanned on any thread (then [`LinkIndex::add_scanned`]).
#[derive(Debug)]
pub struct ScannedPage(PageLinks);

/// Scan a file for links and ids when it is an HTML page.
pub fn scan_page(path: &str, bytes: &[u8]) -> Option<ScannedPage> {
    scan(path, bytes).map(ScannedPage)
}

fn scan(path: &str, bytes: &[u8]) -> Option<PageLinks> {
    if !path.ends_with(".html") {
        return None;
    }
    let mut page = PageLinks::default();
    // One pass over the page, in document order: this runs over every page.
    for (before, value) in super::attrs::quoted(bytes) {
        let is_link = before.ends_with(b" href") || before.ends_with(b" src");
        if !is_link && !before.ends_with(b" id") {
            continue;
        }
        let Ok(value) = std::str::from_utf8(&bytes[value]) else {
            continue;
        };
        if is_link {
            page.links.push(value.to_string());
        } else {
            page.ids.insert(value.to_string());
        }
    }
    Some(page)
}

/// Check every HTML page of an in-memory tree.
pub fn check(tree: &Tree) -> Vec<Broken> {
    let mut index = LinkIndex::new();
    for (k, v) in tree {
        index.add(k, v);
    }
    index.check()
}

fn is_external(link: &str) -> bool {
    let l = link.to_ascii_lowercase();
    l.starts_with("http:")
        || l.starts_with("https:")
        || l.starts_with("mailto:")
        || l.starts_with("data:")
        || l.starts_with("javascript:")
        || l.starts_with("//")
}

/// Resolve `link` relative to `page` (both tree paths); None if it climbs out.
fn resolve(page: &str, link: &str) -> Option<String> {
    let link = link.split('?').next().unwrap_or(link);
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if link.starts_with('/') {
        return None;
    }
    let trailing = link.ends_with('/');
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let decoded: Vec<String> = parts.iter().map(|p| percent_decode(p)).collect();
    let mut s = decoded.join("/");
    if trailing {
        s.push('/');
    }
    Some(s)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tree;

    #[test]
    fn finds_missing_files_and_anchors() {
        let t = tree(&[
            (
                "index.html",
                r##"<a href="years/2024.html#cv">x</a><a href="missing.html">m</a><a href="#top">t</a><a href="https://example.org">e</a><h1 id="top">"##,
            ),
            (
                "years/2024.html",
                r##"<h2 id="cv">x</h2><a href="../index.html#nope">n</a><img src="../charts/a.svg"><a href="../../out.html">o</a>"##,
            ),
            ("charts/a.svg", "<svg/>"),
        ]);
        let b = check(&t);
        let got: Vec<(&str, &str, &str)> = b
            .iter()
            .map(|b| (b.page.as_str(), b.link.as_str(), b.problem))
            .collect();
        assert_eq!(
            got,
            [
                ("index.html", "missing.html", "目标文件不存在"),
                (
                    "years/2024.html",
                    "../index.html#nope",
                    "目标文件中没有这个锚点"
                ),
                ("years/2024.html", "../../out.html", "指向网站之外"),
            ]
        );
    }

    #[test]
    fn each_page_of_a_folder_is_checked_for_itself() {
        // Both pages link the same missing file and their own `#top`; only
        // one has it. The check resolves a (folder, link) once, but reports
        // every page, and a fragment alone against the page it is on.
        let t = tree(&[
            (
                "s/x.html",
                r##"<a href="../gone.html">g</a><a href="#top">t</a><h1 id="top">"##,
            ),
            (
                "s/y.html",
                r##"<a href="#top">t</a><a href="../gone.html">g</a><p id="other">"##,
            ),
        ]);
        let got: Vec<(String, String, &str)> = check(&t)
            .into_iter()
            .map(|b| (b.page, b.link, b.problem))
            .collect();
        assert_eq!(
            got,
            [
                ("s/x.html".into(), "../gone.html".into(), "目标文件不存在"),
                ("s/y.html".into(), "#top".into(), "目标文件中没有这个锚点"),
                ("s/y.html".into(), "../gone.html".into(), "目标文件不存在"),
            ]
        );
    }

    #[test]
    fn percent_encoded_chinese_anchors_resolve() {
        let t = tree(&[
            ("a.html", r#"<a href="b.html#%E6%A6%82%E5%86%B5">x</a>"#),
            ("b.html", r#"<h2 id="概况">"#),
        ]);
        assert!(check(&t).is_empty());
        // A stray `%` before non-ASCII text does not panic.
        assert_eq!(percent_decode("%中文%4"), "%中文%4");
    }
}
