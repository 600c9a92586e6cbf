//! Find a Chromium-family browser and run it headless, time-boxed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Executable names tried on PATH, in order.
pub const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "msedge",
    "microsoft-edge",
];

/// The environment variable naming the browser executable.
pub const ENV: &str = "JUNHENG_BROWSER";

/// How long one browser run may take before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Where the browser came from (for `--verbose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
    Path,
    Known,
}

/// The browser to use: `--browser PATH`, else `JUNHENG_BROWSER`, else the
/// first of [`NAMES`] on PATH, else Edge's usual place on Windows. A path
/// given explicitly that does not exist is an error (not a silent fallback).
pub fn find(flag: Option<&Path>) -> Result<Option<(PathBuf, Source)>, String> {
    if let Some(p) = flag {
        return explicit(p, "--browser").map(|p| Some((p, Source::Flag)));
    }
    if let Some(v) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        return explicit(Path::new(&v), ENV).map(|p| Some((p, Source::Env)));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in NAMES {
        for dir in std::env::split_paths(&path) {
            for candidate in executables(&dir, name) {
                if candidate.is_file() {
                    return Ok(Some((candidate, Source::Path)));
                }
            }
        }
    }
    if cfg!(windows) {
        for base in ["ProgramFiles(x86)", "ProgramFiles"] {
            if let Some(dir) = std::env::var_os(base) {
                let p = PathBuf::from(dir).join(r"Microsoft\Edge\Application\msedge.exe");
                if p.is_file() {
                    return Ok(Some((p, Source::Known)));
                }
            }
        }
    }
    Ok(None)
}

fn explicit(p: &Path, from: &str) -> Result<PathBuf, String> {
    if p.is_file() {
        Ok(p.to_path_buf())
    } else if p.components().count() == 1 {
        // A bare name: look it up on PATH.
        let path = std::env::var_os("PATH").unwrap_or_default();
        let name = p.to_string_lossy();
        std::env::split_paths(&path)
            .flat_map(|d| executables(&d, &name))
            .find(|c| c.is_file())
            .ok_or_else(|| format!("{from}: browser `{}` not found on PATH", p.display()))
    } else {
        Err(format!("{from}: no browser at {}", p.display()))
    }
}

fn executables(dir: &Path, name: &str) -> Vec<PathBuf> {
    if cfg!(windows) {
        vec![dir.join(format!("{name}.exe")), dir.join(name)]
    } else {
        vec![dir.join(name)]
    }
}

/// What to tell a user who has no browser.
pub fn install_hint() -> String {
    format!(
        "no Chromium-family browser found (tried {} on PATH and ${ENV}).\n  \
         Linux: apt-get install chromium fonts-noto-cjk (or another Chromium/Chrome/Edge)\n  \
         Windows: Microsoft Edge is already installed and found as msedge; otherwise pass \
         --browser \"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\"\n  \
         or set {ENV} to the browser's path. The HTML site was built.",
        NAMES.join(", ")
    )
}

/// The flags every headless run gets: no sandbox (root in containers and CI),
/// no GPU, no network chatter, a fresh profile.
pub fn base_args(profile: &Path) -> Vec<String> {
    vec![
        "--headless".into(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-extensions".into(),
        "--disable-default-apps".into(),
        "--no-first-run".into(),
        "--no-default-browser-check".into(),
        "--mute-audio".into(),
        "--hide-scrollbars".into(),
        format!("--user-data-dir={}", profile.display()),
    ]
}

/// The outcome of one browser run.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Run `browser` headless with `args` (after [`base_args`]) and `url` last,
/// in a fresh profile; kill it after `timeout`. Errors say what happened
/// and end with the browser's last lines of stderr.
pub fn run(
    browser: &Path,
    args: &[String],
    url: &str,
    timeout: Duration,
) -> Result<Output, String> {
    let work = tempfile::tempdir().map_err(|e| format!("cannot create a temp folder: {e}"))?;
    let profile = work.path().join("profile");
    let out_path = work.path().join("stdout");
    let err_path = work.path().join("stderr");
    let file = |p: &Path| {
        std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
    };
    let mut cmd = Command::new(browser);
    cmd.args(base_args(&profile))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(file(&out_path)?)
        .stderr(file(&err_path)?);
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", browser.display()))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for {}: {e}", browser.display())),
        }
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let output = Output {
        stdout: read(&out_path),
        stderr: read(&err_path),
        elapsed: start.elapsed(),
    };
    match status {
        None => Err(format!(
            "{} did not finish within {} s and was stopped{}",
            browser.display(),
            timeout.as_secs(),
            tail(&output.stderr)
        )),
        Some(s) if !s.success() => Err(format!(
            "{} failed ({s}){}",
            browser.display(),
            tail(&output.stderr)
        )),
        Some(_) => Ok(output),
    }
}

/// The last few lines of a browser's stderr, without the D-Bus noise.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
        .collect();
    let start = lines.len().saturating_sub(5);
    if lines.is_empty() {
        String::new()
    } else {
        format!(":\n  {}", lines[start..].join("\n  "))
    }
}

/// A `file://` URL for a local path (absolute; spaces and non-ASCII escaped).
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !s.starts_with('/') {
        url.push('/');
    }
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// Print `url` to `pdf` (Chromium's own `--print-to-pdf`, with bookmarks from
/// the headings and no browser header or footer).
pub fn print_pdf(
    browser: &Path,
    url: &str,
    pdf: &Path,
    timeout: Duration,
) -> Result<Output, String> {
    let args = vec![
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".into(),
        // The same for browsers older than Chromium 120.
        "--print-to-pdf-no-header".into(),
        "--generate-pdf-document-outline".into(),
    ];
    let out = run(browser, &args, url, timeout)?;
    match std::fs::metadata(pdf) {
        Ok(m) if m.len() > 0 => Ok(out),
        _ => Err(format!(
            "{} exited but wrote no PDF to {}{}",
            browser.display(),
            pdf.display(),
            tail(&out.stderr)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_escape_spaces_and_chinese() {
        let u = file_url(Path::new("/tmp/a b/石柱/print.html"));
        assert_eq!(u, "file:///tmp/a%20b/%E7%9F%B3%E6%9F%B1/print.html");
    }

    #[test]
    fn a_missing_explicit_browser_is_an_error() {
        let e = find(Some(Path::new("/nonexistent/dir/chromium"))).unwrap_err();
        assert!(e.contains("--browser"), "{e}");
    }

    #[test]
    fn the_hint_names_what_to_install() {
        let h = install_hint();
        assert!(h.contains("apt-get install chromium"));
        assert!(h.contains("msedge"));
    }
}
