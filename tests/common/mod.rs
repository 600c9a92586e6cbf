//! Shared harness of the integration tests: fixture projects in temporary
//! folders and runs of the real binary.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// Copy every file below `from` into `to`, except a top-level `DELETE` list.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("below root");
        if rel == Path::new("DELETE") || rel.starts_with("output") || rel.starts_with("target") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("create dir");
        } else {
            fs::create_dir_all(dest.parent().expect("parent")).expect("create dir");
            fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}

/// The valid county with the fixture `invalid/<name>` laid over it (or none).
pub fn project(name: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixtures().join("valid"), dir.path());
    if let Some(name) = name {
        let overlay = fixtures().join("invalid").join(name);
        assert!(overlay.is_dir(), "no fixture {}", overlay.display());
        copy_tree(&overlay, dir.path());
        if let Ok(list) = fs::read_to_string(overlay.join("DELETE")) {
            for rel in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let path = dir.path().join(rel);
                if path.is_dir() {
                    fs::remove_dir_all(&path).expect("delete dir");
                } else {
                    fs::remove_file(&path).expect("delete file");
                }
            }
        }
    }
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Diagnostics as (header line, message line), headers trimmed.
    pub fn diagnostics(&self) -> Vec<(String, String)> {
        let lines: Vec<&str> = self.stderr.lines().collect();
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("错误: ") || l.starts_with("警告: "))
            .map(|(i, l)| {
                let msg = lines.get(i + 1).map_or("", |m| m.trim());
                (l.trim_end().to_string(), msg.to_string())
            })
            .collect()
    }

    pub fn count(&self, label: &str) -> usize {
        self.stderr.lines().filter(|l| l.starts_with(label)).count()
    }

    /// Whether a diagnostic has exactly `header` and a message containing `phrase`.
    pub fn has(&self, header: &str, phrase: &str) -> bool {
        self.diagnostics()
            .iter()
            .any(|(h, m)| h == header && m.contains(phrase))
    }
}

pub fn junheng(args: &[&str]) -> Run {
    junheng_env(args, &[])
}

pub fn junheng_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_junheng"));
    cmd.args(args).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run junheng");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file below `root` as (relative path → bytes).
pub fn read_tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    junheng::write::read_tree(root).expect("read tree")
}

/// Whether a test that needs an outside program must fail (not skip) without it.
pub fn require_tools() -> bool {
    std::env::var("JUNHENG_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// A missing outside program: prints why the test is skipped, or fails under
/// `JUNHENG_REQUIRE_TOOLS=1`. Returns `None` so callers can `?` it.
pub fn missing<T>(what: &str) -> Option<T> {
    assert!(
        !require_tools(),
        "JUNHENG_REQUIRE_TOOLS=1 but {what} is missing"
    );
    eprintln!("skipped: {what} not found");
    None
}
