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
