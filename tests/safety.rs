//! Nothing lost, nothing crashes: `build --out` never replaces a folder junheng
//! did not write, two runs never write one output at once, chapters that used
//! to crash junheng build, and downloads are safe to open in a spreadsheet.

mod common;

use std::fs;
use std::path::Path;

use common::{junheng, project, read_tree};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn build(project: &Path, out: &Path) -> common::Run {
    junheng(&["build", "--project", s(project), "--out", s(out)])
}

#[test]
fn build_out_onto_a_folder_of_other_files_refuses_and_keeps_them() {
    let dir = project(None);
    // `build --out data` once deleted a project's data.
    let data = dir.path().join("data");
    let before = read_tree(&data);
    let run = build(dir.path(), &data);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("不是 junheng 生成的输出目录"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(s(&data)), "{}", run.stderr);
    // It says what is in the folder: a few entries and how many.
    assert!(
        run.stderr
            .contains("包含 4 个条目：county.yaml、plan.yaml、schools.yaml、years"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&data), before);
    // Refused before anything is written: no lock file beside it either.
    assert!(!dir.path().join(".data.lock").exists());

    // A single file in a folder is enough to refuse.
    let out = dir.path().join("mine");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "keep me").unwrap();
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("notes.txt"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn build_replaces_its_own_output_and_an_empty_folder() {
    let dir = project(None);
    let out = dir.path().join("empty");
    fs::create_dir(&out).unwrap();
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let marker = out.join(junheng::write::MARKER);
    assert!(
        fs::read_to_string(&marker).unwrap().contains("junheng"),
        "the output holds the marker"
    );
    // A stale file of an earlier build goes; the next build replaces the folder.
    fs::write(out.join("stale.html"), "old").unwrap();
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").is_file() && marker.is_file());
}

#[test]
fn a_second_build_on_a_locked_output_is_refused() {
    let dir = project(None);
    let out = dir.path().join("site");
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = read_tree(&out);
    // Another junheng process holds the lock (as a running build does).
    let lock = junheng::write::lock_output(&out).unwrap();
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("输出目录 {} 正被另一个 junheng 进程使用", s(&out))),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&out), before);
    drop(lock);
    assert_eq!(build(dir.path(), &out).code, 0);
}

/// The fields of a CSV file (RFC 4180, as junheng writes it).
fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' | '\n' if !quoted => fields.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            c => field.push(c),
        }
    }
    fields
}

#[test]
fn csv_downloads_neutralise_formulas_and_keep_numbers() {
    let dir = project(None);
    let schools = dir.path().join("data/schools.yaml");
    let text = fs::read_to_string(&schools).unwrap();
    let evil = r#"=HYPERLINK("http://example.com/x","点此")"#;
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("name:"))
        .unwrap();
    let replaced = text.replacen(first, &format!("    name: '{evil}'"), 1);
    assert_ne!(replaced, text);
    fs::write(&schools, replaced).unwrap();
    let out = dir.path().join("site");
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&out);
    let (mut found, mut csvs) = (0, 0);
    for (path, bytes) in tree.iter().filter(|(k, _)| k.ends_with(".csv")) {
        csvs += 1;
        for f in csv_fields(&String::from_utf8_lossy(bytes)) {
            assert!(
                !f.starts_with(['=', '+', '@', '\t', '\r']),
                "{path}: formula cell {f:?}"
            );
            // A cell may start with `-` only as a number (a negative value).
            if f.starts_with('-') {
                assert!(junheng::cells::is_number(&f), "{path}: {f:?}");
            }
            if let Some(rest) = f.strip_prefix('\'') {
                assert!(
                    !junheng::cells::is_number(rest),
                    "{path}: number prefixed {f:?}"
                );
            }
            if f == format!("'{evil}") {
                found += 1;
            }
        }
    }
    assert!(csvs > 5, "{csvs} CSV files");
    assert!(found > 0, "the school's name is in a CSV, prefixed");
}

#[test]
fn chapters_that_once_crashed_junheng_build() {
    let dir = project(None);
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("01-test.md"),
        "---\ntitle: 测试\norder: 1\n---\n## 教育&科技发展\n\n空注释<!-->与<!--->。\n\n<!-->\n\n<!--->\n\n## 其后\n\n正文。\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let print = fs::read_to_string(out.join("print.html")).unwrap();
    // The PDF's contents code reads the entry back (what `build --pdf` does
    // between prints; the browser part is in tests/browser.rs).
    let slots = junheng::pdf::contents::slots(&print);
    assert!(
        slots.iter().any(|s| s.label == "教育&科技发展"),
        "{slots:?}"
    );
    let chapter = fs::read_to_string(out.join("chapters/01-test.html")).unwrap();
    assert!(chapter.contains("教育&amp;科技发展"), "{chapter}");
    assert!(
        chapter.contains("其后"),
        "the text after the empty comments is kept"
    );
}

#[test]
fn chapters_and_templates_are_held_to_the_file_size_limit() {
    let dir = project(None);
    fs::write(dir.path().join("junheng.yaml"), "max_file_bytes: 100000\n").unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    let big = format!(
        "---\ntitle: 大\norder: 1\n---\n{}\n",
        "正文。".repeat(20_000)
    );
    fs::write(content.join("01-big.md"), &big).unwrap();
    let out = dir.path().join("site");
    let run = build(dir.path(), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.has("错误: content/01-big.md", "文件过大"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());

    fs::remove_file(content.join("01-big.md")).unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/extra_footer.html"),
        "<p>页脚</p>\n".repeat(10_000),
    )
    .unwrap();
    let run = build(dir.path(), &out);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/extra_footer.html"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("文件过大"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn export_never_replaces_a_file_without_force_and_keeps_the_old_one() {
    let dir = project(None);
    let out = dir.path().join("表.xlsx");
    fs::write(&out, "a clerk's workbook").unwrap();
    let export = |extra: &[&str]| {
        let mut args = vec![
            "--project",
            s(dir.path()),
            "export",
            "--year",
            "2023",
            "--out",
            s(&out),
        ];
        args.extend_from_slice(extra);
        junheng(&args)
    };
    let run = export(&[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("已存在"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&out).unwrap(), "a clerk's workbook");

    let run = export(&["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kept = dir.path().join("表.replaced-1.xlsx");
    assert_eq!(fs::read_to_string(&kept).unwrap(), "a clerk's workbook");
    assert!(fs::read(&out).unwrap().starts_with(b"PK"), "a workbook now");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
    }
}

#[test]
fn an_unreadable_source_date_epoch_is_a_warning_not_ignored_in_silence() {
    let dir = project(None);
    let out = dir.path().join("site");
    let run = common::junheng_env(
        &["build", "--project", s(dir.path()), "--out", s(&out)],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("SOURCE_DATE_EPOCH=`yesterday`"),
        "{}",
        run.stderr
    );
}
