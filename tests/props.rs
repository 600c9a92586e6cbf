//! Property tests: no input makes junheng panic. Arbitrary Unicode Markdown,
//! front matter, chapter embeds, headings, templates and YAML values go
//! through load, render and the PDF contents code; each must end in output
//! or in an error that names the file, never in a panic.
//!
//! The case counts keep `cargo test` within about 20 s on a slow machine. A
//! longer run: `PROPTEST_CASES=10000 cargo test --test props` (every
//! property then runs that many cases).

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;

use junheng::compute::report::Report;
use junheng::load::{self, SourceFile};
use junheng::model::content::{Chapter, Content, FrontMatter, TemplateFiles};
use junheng::pdf::contents;
use junheng::render::content::{escape, place_embeds, Embed};
use junheng::render::templates::Templates;
use junheng::render::{markdown, site};

/// `cases` unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.failure_persistence = None;
    c
}

/// Pieces that make Markdown, HTML comments, embeds, entities, Tera and YAML
/// interesting, mixed with arbitrary Unicode.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,6}",
        2 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
        4 => prop::sample::select(vec![
            "<!--", "-->", "<!-->", "<!--->", "<!-- chart: cv-primary -->",
            "<!-- table: composite-by-year -->", "<!-- chart: nope -->", "<!-- table:",
            "&", "&amp;", "&#x", "&#", ";", "&lt;", "教育&科技发展", "# ", "## ", "### ",
            "\n", "\n\n", "\r\n", "\t", "*", "**", "_", "`", "```", "~~", "> ", "- ", "1. ",
            "|", "| --- |", "[", "](", ")", "<", ">", "</a>", "<span class=\"page\" data-target=\"",
            "{{", "}}", "{%", "%}", "{#", "#}", "{{ latest.year }}", "{% if true %}", "{% endif %}",
            "---", ":", ": ", "- ", "'", "\"", "\\", "：", "　", "１", "\u{feff}", "\u{0}",
            "title: ", "order: ", "slug: ", "summary: ",
        ])
        .prop_map(str::to_string),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

/// A chapter file: often well-formed front matter with arbitrary values,
/// sometimes arbitrary text through and through.
fn chapter_file() -> impl Strategy<Value = String> {
    let front = (
        text(6),
        any::<i32>(),
        proptest::option::of(text(4)),
        text(4),
    )
        .prop_map(|(title, order, slug, summary)| {
            let q = |s: &str| serde_json::to_string(s).unwrap();
            let slug = slug
                .map(|s| format!("slug: {}\n", q(&s)))
                .unwrap_or_default();
            format!(
                "---\ntitle: {}\norder: {order}\n{slug}summary: {}\n---\n",
                q(&title),
                q(&summary)
            )
        });
    prop_oneof![
        4 => (front, text(30)).prop_map(|(f, b)| f + &b),
        1 => (text(8), text(20)).prop_map(|(f, b)| format!("---\n{f}\n---\n{b}")),
        1 => text(30),
    ]
}

fn chapter(rel: &str, body: &str) -> Chapter {
    Chapter {
        rel: rel.to_string(),
        text: body.to_string(),
        front: FrontMatter {
            title: "测试".into(),
            ..FrontMatter::default()
        },
        slug: "t".into(),
        body: body.to_string(),
        body_line: 1,
    }
}

/// The fixture county, loaded and computed once.
fn report() -> &'static Report {
    static R: OnceLock<Report> = OnceLock::new();
    R.get_or_init(|| {
        let (project, diags) = load::load(&common::fixtures().join("valid"));
        assert!(!diags.has_errors(), "the fixture loads");
        junheng::compute::compute(&project)
    })
}

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| Templates::new(&TemplateFiles::default()).expect("built-in templates"))
}

fn options() -> site::Options {
    site::Options {
        base_url: None,
        date: "2025-09-01".into(),
        pdf: None,
        dry_run: false,
    }
}

/// Load `content/x.md` holding `text` from a temporary project.
fn load_chapter(text: &str) -> (Content, Vec<junheng::diag::Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/x.md"), text).unwrap();
    Content::load(dir.path(), load::DEFAULT_MAX_FILE_BYTES)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn markdown_renders_any_text(md in text(40)) {
        let r = markdown::render(&md, "c1-");
        for h in &r.headings {
            prop_assert!(!h.id.is_empty());
        }
    }

    #[test]
    fn embeds_are_placed_in_any_html(html in text(40)) {
        let c = chapter("content/x.md", &html);
        let lookup = |kind: &str, name: &str| match (kind, name) {
            ("chart", "cv-primary") => Some(Embed::Chart {
                title: "图".into(),
                svg: "<svg></svg>".into(),
                data_html: String::new(),
                csv: None,
            }),
            ("table", "composite-by-year") => Some(Embed::Table {
                title: "表".into(),
                html: "<table></table>".into(),
            }),
            _ => None,
        };
        let listed = junheng::render::content::embeds(&html);
        prop_assert!(listed.len() <= html.matches("<!--").count());
        let mut diags = Vec::new();
        let (out, figures, tables) = place_embeds(&c, 1, &html, "c1-", &lookup, &mut diags);
        prop_assert_eq!(out.matches("<figure").count() - html.matches("<figure").count(), figures.len());
        prop_assert!(tables.len() <= html.matches("table:").count());
        for d in &diags {
            prop_assert_eq!(d.file.as_str(), "content/x.md");
        }
    }

    #[test]
    fn contents_read_back_any_heading(
        label in text(12),
        // Any text before the entry, except a broken slot of its own.
        other in text(20).prop_filter("no slot", |s| !s.contains("data-target")),
        page in 1u32..2000,
    ) {
        // A contents entry as print.html writes it, the heading text escaped.
        let html = format!(
            "{other}<li><a class=\"label\" href=\"#h\">{}</a><span class=\"leader\"></span><span class=\"page\" data-target=\"h\"></span></li>",
            escape(&label)
        );
        let slots = contents::slots(&html);
        let mine = slots.iter().rfind(|s| s.target == "h").expect("the slot");
        prop_assert_eq!(&mine.label, &label);
        prop_assert_eq!(contents::unescape(&escape(&label)), label.clone());
        let pages: Vec<Option<u32>> = slots.iter().map(|_| Some(page)).collect();
        let filled = contents::fill(&html, &pages);
        prop_assert_eq!(contents::slots(&filled).len(), slots.len());
        let outline = vec![junheng::pdf::outline::Entry { level: 1, title: label.clone(), page }];
        let _ = contents::assign(&slots, &outline);
    }

    #[test]
    fn the_contents_code_takes_any_text(html in text(40)) {
        let _ = contents::unescape(&html);
        let slots = contents::slots(&html);
        let _ = contents::fill(&html, &vec![Some(1); slots.len()]);
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_chapter_file_loads_or_names_itself(file in chapter_file()) {
        let (content, diags) = load_chapter(&file);
        prop_assert!(content.chapters.len() + diags.len() >= 1);
        for d in &diags {
            prop_assert_eq!(d.file.as_str(), "content/x.md", "{}", d);
        }
    }

    #[test]
    fn any_yaml_file_parses_or_names_itself(yaml in text(30)) {
        let file = SourceFile::new("data/schools.yaml", yaml);
        if let Err(d) = load::yaml::parse::<junheng::model::Registry>(&file) {
            prop_assert_eq!(d.file.as_str(), "data/schools.yaml");
        }
        let file = SourceFile::new("data/years/2025.yaml", file.into_parts().1);
        if let Err(d) = load::yaml::parse::<junheng::model::YearFile>(&file) {
            prop_assert_eq!(d.file.as_str(), "data/years/2025.yaml");
        }
    }

    #[test]
    fn any_template_compiles_or_is_an_error(source in text(30)) {
        let mut files = TemplateFiles::default();
        files.templates.insert("extra_footer.html".into(), source);
        if let Ok(t) = Templates::new(&files) {
            let _ = t.render("extra_footer.html", tera::Context::new());
        }
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// The whole render stage over the fixture's report with an arbitrary chapter.
    #[test]
    fn any_chapter_renders_or_names_itself(file in chapter_file()) {
        let (content, diags) = load_chapter(&file);
        for d in &diags {
            prop_assert_eq!(d.file.as_str(), "content/x.md");
        }
        let site = site::render(report(), &content, templates(), &options());
        for d in site.diags.iter().filter(|d| d.is_error()) {
            prop_assert_eq!(d.file.as_str(), "content/x.md", "{}", d);
        }
        if site.diags.iter().all(|d| !d.is_error()) && !content.chapters.is_empty() {
            let print = String::from_utf8_lossy(&site.tree["print.html"]).into_owned();
            let _ = contents::slots(&print);
        }
    }

    /// Arbitrary text as a school's name goes through load, validate, compute and render.
    #[test]
    fn any_school_name_goes_through_the_pipeline(name in text(8)) {
        let dir = tempfile::tempdir().unwrap();
        common::copy_tree(&common::fixtures().join("valid"), dir.path());
        let path = dir.path().join("data/schools.yaml");
        let yaml = std::fs::read_to_string(&path).unwrap();
        let quoted = serde_json::to_string(&name).unwrap();
        std::fs::write(&path, yaml.replacen("name: 城关小学", &format!("name: {quoted}"), 1)).unwrap();
        let (project, mut diags) = load::load(dir.path());
        diags.extend(junheng::validate::validate(&project));
        if diags.has_errors() {
            for d in diags.items.iter().filter(|d| d.is_error()) {
                prop_assert!(d.file.starts_with("data/"), "{}", d);
            }
        } else {
            let report = junheng::compute::compute(&project);
            let site = site::render(&report, &Content::default(), templates(), &options());
            prop_assert!(site.tree.contains_key("index.html"));
        }
    }
}

/// Deep nesting in a chapter or template is rendered or refused, never a
/// stack overflow (pulldown-cmark and Tera do not recurse per level).
#[test]
fn deep_nesting_is_no_crash() {
    let n = 20_000;
    for md in [
        ">".repeat(n) + " 引文",
        "[".repeat(n) + &"]".repeat(n),
        "*".repeat(n) + "强调" + &"*".repeat(n),
        (0..200)
            .map(|i| format!("{}- 项\n", "  ".repeat(i)))
            .collect(),
    ] {
        let _ = markdown::render(&md, "c1-");
    }
    for source in [
        format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n)),
        "{% if true %}".repeat(n) + &"{% endif %}".repeat(n),
        format!("{{{{ {}true }}}}", "not ".repeat(n)),
    ] {
        let mut files = TemplateFiles::default();
        files.templates.insert("extra_footer.html".into(), source);
        if let Ok(t) = Templates::new(&files) {
            let _ = t.render("extra_footer.html", tera::Context::new());
        }
    }
}
