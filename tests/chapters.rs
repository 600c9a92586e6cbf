//! Chapters on any county: the built-in default chapters build on generated
//! counties of many shapes; `check` dry-renders chapters (a chapter mistake
//! names its file and line, and `check --strict` passing implies `build`
//! passing); `ref()` follows the final numbering; the threshold wording
//! follows the standards in force; no template or chapter computes a number.

mod common;

use std::fs;
use std::path::Path;

use common::{copy_tree, junheng, project, repo};
use junheng::gen::{self, GenOptions, Levels};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The named edge shapes, then 20 random shapes.
fn shapes() -> Vec<(String, GenOptions)> {
    let base = GenOptions {
        schools: 12,
        ..GenOptions::default()
    };
    let mut v = vec![
        (
            "one year".to_string(),
            GenOptions {
                years: vec![2024],
                ..base.clone()
            },
        ),
        (
            "no 2020, a gap".into(),
            GenOptions {
                years: vec![2021, 2022, 2024],
                ..base.clone()
            },
        ),
        (
            "primary only".into(),
            GenOptions {
                levels: Levels::PrimaryOnly,
                ..base.clone()
            },
        ),
        (
            "junior only".into(),
            GenOptions {
                levels: Levels::JuniorOnly,
                ..base.clone()
            },
        ),
        (
            "no projects, no ledger, no plan".into(),
            GenOptions {
                projects: false,
                ledger: false,
                plan: false,
                county_figures: false,
                ..base.clone()
            },
        ),
        (
            "2 schools".into(),
            GenOptions {
                schools: 2,
                ..base.clone()
            },
        ),
        (
            "one provisional year only".into(),
            GenOptions {
                years: vec![2025],
                provisional_last: true,
                ..base.clone()
            },
        ),
    ];
    for seed in 1..=20 {
        v.push((format!("seed {seed}"), gen::shape(seed)));
    }
    v
}

#[test]
fn default_chapters_build_on_generated_counties() {
    let tmp = tempfile::tempdir().unwrap();
    for (n, (name, opts)) in shapes().into_iter().enumerate() {
        let dir = tmp.path().join(format!("c{n}"));
        gen::write(&dir, &opts).unwrap();
        assert!(
            !dir.join("content").exists(),
            "{name}: the default chapters are used"
        );
        let check = junheng(&["--project", s(&dir), "check"]);
        assert_eq!(check.code, 0, "{name} ({opts:?}): {}", check.stderr);
        let strict = junheng(&["--project", s(&dir), "check", "--strict"]).code == 0;
        let out = tmp.path().join(format!("out{n}"));
        let mut args = vec!["--project", s(&dir), "build", "--out", s(&out)];
        if strict {
            // `check --strict` passing implies `build --strict` passing.
            args.push("--strict");
        }
        let build = junheng(&args);
        assert_eq!(build.code, 0, "{name} ({opts:?}): {}", build.stderr);
        for slug in [
            "01-county",
            "02-measures",
            "03-four-dimensions",
            "04-problems",
            "05-conclusion",
        ] {
            let page = fs::read_to_string(out.join(format!("chapters/{slug}.html")))
                .unwrap_or_else(|e| panic!("{name}: {slug}: {e}"));
            assert!(
                !page.contains("{{") && !page.contains("{%"),
                "{name}: {slug}"
            );
        }
        let print = fs::read_to_string(out.join("print.html")).unwrap();
        assert!(print.contains("第五章　结论"), "{name}");
        if opts.years.len() == 1 && opts.provisional_last {
            // No final year: the chapters say so instead of failing.
            assert!(print.contains("暂无"), "{name}");
        }
        fs::remove_dir_all(&out).unwrap();
    }
}

/// The valid fixture with one chapter file.
fn with_chapter(name: &str, text: &str) -> tempfile::TempDir {
    let dir = project(None);
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(dir.path().join("content").join(name), text).unwrap();
    dir
}

#[test]
fn check_names_the_line_of_an_undefined_variable() {
    let dir = with_chapter(
        "01-a.md",
        "---\ntitle: 甲\norder: 1\n---\n正文\n\n{{ report.no_such_field }}\n",
    );
    let run = junheng(&["--project", s(dir.path()), "check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.diagnostics()
            .iter()
            .any(|(h, m)| h.starts_with("错误: content/01-a.md:7:") && m.contains("no_such_field")),
        "{:?}",
        run.diagnostics()
    );
    assert!(run.stderr.contains("不存在"), "{}", run.stderr);
}

#[test]
fn check_names_the_line_of_an_unknown_table() {
    let dir = with_chapter(
        "01-a.md",
        "---\ntitle: 甲\norder: 1\n---\n正文\n\n<!-- table: no-such-table -->\n",
    );
    let run = junheng(&["--project", s(dir.path()), "check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = run.diagnostics();
    assert!(
        d.iter()
            .any(|(h, m)| h.starts_with("错误: content/01-a.md:7") && m.contains("no-such-table")),
        "{d:?}"
    );
    // build fails the same way: check passing implies build passing, and failing too.
    let out = dir.path().join("out");
    let build = junheng(&["--project", s(dir.path()), "build", "--out", s(&out)]);
    assert_eq!(build.code, 1);
}

#[test]
fn ref_follows_the_numbering_and_reports_unknown_names() {
    let text = |extra: &str| {
        format!(
            "---\ntitle: 甲\norder: 1\n---\n见{{{{ ref(table=\"tasks\") }}}}，另见{{{{ ref(table=\"targets\") }}}}。\n\n{extra}<!-- table: tasks -->\n"
        )
    };
    let second = "---\ntitle: 乙\norder: 2\n---\n<!-- table: targets -->\n";
    let dir = with_chapter("01-a.md", &text(""));
    fs::write(dir.path().join("content/02-b.md"), second).unwrap();
    let out = dir.path().join("out");
    let run = junheng(&["--project", s(dir.path()), "build", "--out", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(out.join("chapters/01-a.html")).unwrap();
    // A forward reference to the next chapter's table works too.
    assert!(page.contains("见表1-1，另见表2-1。"), "{page}");
    // Insert an embed before it: the reference follows the new number.
    fs::write(
        dir.path().join("content/01-a.md"),
        text("<!-- table: ledger -->\n\n"),
    )
    .unwrap();
    let run = junheng(&["--project", s(dir.path()), "build", "--out", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(out.join("chapters/01-a.html")).unwrap();
    assert!(page.contains("见表1-2，另见表2-1。"), "{page}");
    // A reference to a name that is not embedded anywhere, or unknown, names file and line.
    fs::write(
        dir.path().join("content/02-b.md"),
        "---\ntitle: 乙\norder: 2\n---\n正文\n{{ ref(table=\"no-such\") }}\n",
    )
    .unwrap();
    let run = junheng(&["--project", s(dir.path()), "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.diagnostics()
            .iter()
            .any(|(h, m)| h.starts_with("错误: content/02-b.md:6") && m.contains("no-such")),
        "{:?}",
        run.diagnostics()
    );
    // A table the report has but no chapter embeds has no number: its line
    // too, in check and in build. The first chapter still resolves.
    fs::write(
        dir.path().join("content/02-b.md"),
        "---\ntitle: 乙\norder: 2\n---\n<!-- table: targets -->\n\n见{{ ref(table=\"recognition\") }}\n",
    )
    .unwrap();
    for args in [vec!["check"], vec!["build", "--out", s(&out)]] {
        let mut all = vec!["--project", s(dir.path())];
        all.extend(args);
        let run = junheng(&all);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let diags = run.diagnostics();
        assert!(
            diags
                .iter()
                .any(|(h, m)| h.starts_with("错误: content/02-b.md:7")
                    && m.contains("recognition")
                    && m.contains("没有嵌入任何章节")),
            "{diags:?}"
        );
        assert_eq!(
            diags.iter().filter(|(h, _)| h.starts_with("错误")).count(),
            1,
            "{diags:?}"
        );
    }
}

#[test]
fn the_floor_wording_follows_the_standards_in_force() {
    let dir = tempfile::tempdir().unwrap();
    for part in ["data", "content"] {
        copy_tree(&repo().join(part), &dir.path().join(part));
    }
    let standards = dir.path().join("data/standards.yaml");
    let mut text = fs::read_to_string(&standards).unwrap_or_default();
    text.push_str("\nsection_floor: 0.8\n");
    fs::write(&standards, text).unwrap();
    let out = dir.path().join("out");
    let run = junheng(&["--project", s(dir.path()), "build", "--out", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut named = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let page = fs::read_to_string(entry.path()).unwrap();
            assert!(
                !page.contains("标准的85%"),
                "{} names the floor as 85%",
                entry.path().display()
            );
            named += page.matches("标准的80%").count();
        }
    }
    let print = fs::read_to_string(out.join("print.html")).unwrap();
    assert!(print.contains("标准的80%"), "print.html names the floor");
    assert!(named > 1, "the floor is named on the pages");
}

/// A Tera tag's code with its quoted strings blanked out.
fn code_of(tag: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

#[test]
fn no_template_or_chapter_computes_a_number() {
    let mut files = Vec::new();
    for dir in ["src/render/builtin", "content", "src/load/default_chapters"] {
        for e in fs::read_dir(repo().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "html" || x == "md") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 20);
    let mut problems = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        for (open, close) in [("{%", "%}"), ("{{", "}}")] {
            let mut rest = text.as_str();
            while let Some(a) = rest.find(open) {
                let Some(b) = rest[a..].find(close) else {
                    break;
                };
                let tag = &rest[a + 2..a + b];
                rest = &rest[a + b + 2..];
                let code = code_of(tag.trim_matches('-'));
                let bad = code.contains("set_global")
                    || [
                        " < ", " > ", " <= ", " >= ", " + ", " - ", " * ", " / ", " % ",
                    ]
                    .iter()
                    .any(|op| code.contains(op));
                if bad {
                    problems.push(format!("{}: {{{tag}}}", f.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `check`'s dry render draws no chart and makes no data file, yet links to
/// them are checked as a build checks them: links to a chart's SVG (its id)
/// and to the data downloads pass; a link to a data file no build makes fails
/// `check --strict` and `build --strict` alike.
#[test]
fn dry_render_checks_links_to_charts_and_data_files_as_a_build_does() {
    let chapter = |link: &str| {
        format!(
            "---\ntitle: 甲\norder: 1\nprint: false\n---\n<!-- chart: cv-primary -->\n\n\
             [图](../indicators/index.html#cv-primary)、[数据](../data/report.json)、\
             [表](../data/tables/composite-by-year.csv)、[计算表](../data/xlsx/resource-2023.xlsx)、\
             [图表数据]({link})\n"
        )
    };
    let dir = with_chapter("01-a.md", &chapter("../data/charts/cv-primary.csv"));
    let out = dir.path().join("out");
    let check = junheng(&["--project", s(dir.path()), "check", "--strict"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = junheng(&[
        "--project",
        s(dir.path()),
        "build",
        "--strict",
        "--out",
        s(&out),
    ]);
    assert_eq!(build.code, 0, "{}", build.stderr);

    fs::write(
        dir.path().join("content/01-a.md"),
        chapter("../data/charts/no-such-chart.csv"),
    )
    .unwrap();
    let check = junheng(&["--project", s(dir.path()), "check", "--strict"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("no-such-chart.csv"),
        "{}",
        check.stderr
    );
    assert_eq!(
        check.stderr.matches("无效").count(),
        1,
        "only the one broken link: {}",
        check.stderr
    );
    let build = junheng(&[
        "--project",
        s(dir.path()),
        "build",
        "--strict",
        "--out",
        s(&out),
    ]);
    assert_ne!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("no-such-chart.csv"),
        "{}",
        build.stderr
    );
}
