//! The site's offline search index, built at build time from the Report and
//! the rendered chapters: every school, assessment item, indicator, chapter
//! (and its headings), project, task, ledger entry and year becomes one entry
//! (title, kind, link, keywords), and every character and character bigram of
//! an entry's text points to it. Chinese needs no word segmentation this way:
//! any fragment of two or more characters (黄水, 大班额) is found through its
//! bigrams, and the page script confirms the whole fragment in the text.
//!
//! The index is written as `static/search-index.js`, a script that assigns a
//! global, so it loads from `file://` (no fetch). Deterministic: entries in
//! report order, grams in sorted order. Computes nothing and reads no file.

use std::collections::BTreeMap;

use serde::Serialize;

use super::content::RenderedChapter;
use crate::compute::Report;
use crate::model::standards::Indicator;
use crate::model::Level;

/// One thing the search can find.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    pub title: String,
    /// What it is, in Chinese (学校, 指标, …): shown beside the result.
    pub kind: &'static str,
    /// Link from the site root.
    pub href: String,
    /// Further text the entry is found by (not shown).
    pub keywords: String,
}

/// The entries and their gram postings.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
    /// Character or bigram → entries (ascending positions in `entries`).
    pub grams: BTreeMap<String, Vec<usize>>,
}

/// The kinds in the order results and the search page list them.
pub const KINDS: &[&str] = &[
    "学校",
    "年度",
    "指标",
    "评估项目",
    "报告正文",
    "重大项目",
    "重点任务",
    "问题台账",
    "页面",
];

/// Letters and digits, lower-cased: what the grams are made of.
pub fn normalize(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The characters and bigrams of a text (a bigram never spans punctuation
/// or a space: they split runs).
fn grams(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in s.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = run.chars().flat_map(char::to_lowercase).collect();
        for (i, c) in chars.iter().enumerate() {
            out.push(c.to_string());
            if let Some(d) = chars.get(i + 1) {
                out.push(format!("{c}{d}"));
            }
        }
    }
    out
}

impl Index {
    fn add(&mut self, kind: &'static str, title: &str, href: String, keywords: String) {
        self.entries.push(Entry {
            title: title.to_string(),
            kind,
            href,
            keywords,
        });
    }

    /// Fill the postings from the entries.
    fn finish(mut self) -> Index {
        for (n, e) in self.entries.iter().enumerate() {
            for g in grams(&e.title).into_iter().chain(grams(&e.keywords)) {
                let list = self.grams.entry(g).or_default();
                if list.last() != Some(&n) {
                    list.push(n);
                }
            }
        }
        self
    }

    /// Entries containing the whole query (after normalization), best first:
    /// title matches before keyword matches, then by kind, then in order.
    /// The same algorithm as the page script, for tests and for no-JS pages.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let q = normalize(query);
        if q.is_empty() {
            return Vec::new();
        }
        let keys: Vec<String> = if q.len() == 1 {
            vec![q[0].to_string()]
        } else {
            q.windows(2).map(|w| w.iter().collect()).collect()
        };
        let mut candidates: Option<Vec<usize>> = None;
        for k in &keys {
            let list = self.grams.get(k).cloned().unwrap_or_default();
            candidates = Some(match candidates {
                None => list,
                Some(c) => c.into_iter().filter(|n| list.contains(n)).collect(),
            });
        }
        let q: String = q.into_iter().collect();
        let norm = |s: &str| normalize(s).into_iter().collect::<String>();
        let mut hits: Vec<(u8, usize, usize)> = candidates
            .unwrap_or_default()
            .into_iter()
            .filter_map(|n| {
                let e = &self.entries[n];
                let rank = if norm(&e.title).contains(&q) {
                    0
                } else if norm(&e.keywords).contains(&q) {
                    1
                } else {
                    return None;
                };
                let kind = KINDS
                    .iter()
                    .position(|k| *k == e.kind)
                    .unwrap_or(KINDS.len());
                Some((rank, kind, n))
            })
            .collect();
        hits.sort();
        hits.into_iter().map(|(_, _, n)| &self.entries[n]).collect()
    }

    /// `static/search-index.js`: assigns `window.JUNHENG_SEARCH`.
    pub fn js(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            kinds: &'a [&'a str],
            /// [title, kind index, href, keywords]
            docs: Vec<(&'a str, usize, &'a str, &'a str)>,
            grams: &'a BTreeMap<String, Vec<usize>>,
        }
        let out = Out {
            kinds: KINDS,
            docs: self
                .entries
                .iter()
                .map(|e| {
                    (
                        e.title.as_str(),
                        KINDS.iter().position(|k| *k == e.kind).unwrap_or(0),
                        e.href.as_str(),
                        e.keywords.as_str(),
                    )
                })
                .collect(),
            grams: &self.grams,
        };
        // `</` cannot end a script early: the index is loaded by src, but stay safe anyway.
        let json = serde_json::to_string(&out)
            .unwrap_or_else(|_| "{}".into())
            .replace("</", "<\\/");
        format!("window.JUNHENG_SEARCH={json};\n")
    }
}

/// Build the index of a report and its web chapters.
pub fn build(report: &Report, chapters: &[RenderedChapter]) -> Index {
    let mut ix = Index::default();
    for s in &report.schools {
        let mut kw = vec![s.kind.zh().to_string(), s.locality.zh().to_string()];
        kw.extend(s.township.clone());
        ix.add(
            "学校",
            &s.name,
            format!("schools/{}.html", s.id),
            kw.join(" "),
        );
    }
    for y in &report.years {
        ix.add(
            "年度",
            &format!("{}年", y.year),
            format!("years/{}.html", y.year),
            "年度数据 评估结论".into(),
        );
    }
    for i in Indicator::ALL {
        let levels: Vec<&str> = Level::ALL.iter().map(|l| l.zh()).collect();
        ix.add(
            "指标",
            i.zh(),
            format!("indicators/{}.html", i.key()),
            format!(
                "{} {} 资源配置 差异系数 {}",
                i.short_zh(),
                i.unit(),
                levels.join(" ")
            ),
        );
    }
    if let Some(latest) = report.years.last() {
        for (page, items) in [
            ("assurance.html", &latest.assurance),
            ("quality.html", &latest.quality),
        ] {
            for item in items {
                let labels: Vec<&str> = item.measures.iter().map(|m| m.label.as_str()).collect();
                ix.add(
                    "评估项目",
                    &item.requirement,
                    format!("{page}#{}", item.id),
                    format!("{} {}", item_keywords(&item.requirement), labels.join(" ")),
                );
            }
        }
    }
    for c in chapters.iter().filter(|c| c.web) {
        let href = format!("chapters/{}.html", c.slug);
        let heads: Vec<&str> = c.headings.iter().map(|h| h.text.as_str()).collect();
        ix.add(
            "报告正文",
            &c.title,
            href.clone(),
            format!(
                "{} {}",
                c.summary.clone().unwrap_or_default(),
                heads.join(" ")
            ),
        );
        for h in &c.headings {
            ix.add(
                "报告正文",
                &h.text,
                format!("{href}#{}", h.id),
                c.title.clone(),
            );
        }
    }
    for p in &report.projects {
        ix.add(
            "重大项目",
            &p.name,
            format!("projects.html#{}", p.id),
            format!("{} {}", p.site, p.scale),
        );
    }
    for t in &report.tasks {
        ix.add(
            "重点任务",
            &t.title,
            format!("tasks.html#task-{}", t.id),
            format!(
                "{} {} {}",
                t.text.clone().unwrap_or_default(),
                t.lead.join(" "),
                t.partners.join(" ")
            ),
        );
    }
    for l in &report.ledger.items {
        ix.add(
            "问题台账",
            &l.problem,
            format!("ledger.html#{}", l.id),
            format!(
                "{} {} {} {}",
                l.id,
                l.school_name.clone().unwrap_or_default(),
                l.measure,
                l.owner
            ),
        );
    }
    for (title, href) in PAGES {
        ix.add("页面", title, (*href).to_string(), String::new());
    }
    ix.finish()
}

/// Pages with no entry of their own above.
const PAGES: &[(&str, &str)] = &[
    ("总览", "index.html"),
    ("政府保障程度", "assurance.html"),
    ("教育质量", "quality.html"),
    ("社会认可度", "recognition.html"),
    ("方法说明", "methodology.html"),
    ("数据下载", "downloads.html"),
    ("往年存档", "archive.html"),
    ("资料汇编（打印版）", "print.html"),
];

/// Common names of an item's subject that its formal wording may not use.
fn item_keywords(requirement: &str) -> String {
    let mut kw = Vec::new();
    if requirement.contains("班级学生数") || requirement.contains("班额") {
        kw.push("大班额 班额");
    }
    if requirement.contains("音乐") || requirement.contains("美术") {
        kw.push("音乐教室 美术教室 专用教室");
    }
    if requirement.contains("规模") {
        kw.push("学校规模 大校额");
    }
    kw.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ix() -> Index {
        let mut ix = Index::default();
        ix.add(
            "学校",
            "石柱县黄水小学",
            "schools/hs.html".into(),
            "黄水镇".into(),
        );
        ix.add(
            "学校",
            "石柱县黄水中学",
            "schools/hz.html".into(),
            String::new(),
        );
        ix.add(
            "评估项目",
            "所有班级学生数不超过45人",
            "assurance.html#a".into(),
            "大班额".into(),
        );
        ix.add("页面", "总览", "index.html".into(), String::new());
        ix.finish()
    }

    #[test]
    fn bigrams_find_any_fragment_of_a_name() {
        let ix = ix();
        let hrefs =
            |q: &str| -> Vec<String> { ix.search(q).iter().map(|e| e.href.clone()).collect() };
        assert_eq!(hrefs("黄水"), ["schools/hs.html", "schools/hz.html"]);
        assert_eq!(hrefs("黄水小学"), ["schools/hs.html"]);
        assert_eq!(hrefs("水小"), ["schools/hs.html"]);
        assert_eq!(hrefs("大班额"), ["assurance.html#a"]);
        assert_eq!(hrefs(" 黄 水 "), ["schools/hs.html", "schools/hz.html"]);
        assert_eq!(hrefs("览"), ["index.html"]);
        assert!(hrefs("水黄").is_empty());
        assert!(hrefs("").is_empty());
        // A single character is indexed too, and no bigram spans a space.
        assert!(ix.grams.contains_key("黄"));
        assert!(!ix.grams.contains_key("学黄"));
    }

    #[test]
    fn the_script_is_deterministic_and_assigns_a_global() {
        let a = ix().js();
        assert_eq!(a, ix().js());
        assert!(a.starts_with("window.JUNHENG_SEARCH={"));
        let json = a
            .trim_start_matches("window.JUNHENG_SEARCH=")
            .trim_end()
            .trim_end_matches(';');
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["docs"][0][0], "石柱县黄水小学");
        assert_eq!(v["grams"]["黄水"], serde_json::json!([0, 1]));
    }
}
