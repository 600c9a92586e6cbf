//! `junheng serve`: a live preview. Builds the site in memory, serves it over
//! HTTP (loopback by default), rebuilds when the project's files change, and
//! makes open pages reload themselves. While the data has errors every page
//! is replaced by a Chinese list of the problems (status 500).
//!
//! Nothing is written to disk: only keys of the in-memory tree are served.

pub mod error_page;
pub mod http;
pub mod watch;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions, ReportCache};
use crate::diag::Diagnostic;
use crate::write::Tree;
use crate::{load, validate};

/// Threads answering requests (a page's stylesheets and charts load in parallel).
const WORKERS: usize = 4;

/// What `junheng serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub project: PathBuf,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// What the server shows: the site, or the problems that stop it from building.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Site(Arc<Tree>),
    Errors(Vec<Diagnostic>),
}

/// One build, numbered: pages poll the number and reload when it changes.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub version: u64,
    pub content: Content,
}

impl Snapshot {
    pub fn site(&self) -> Option<&Tree> {
        match &self.content {
            Content::Site(tree) => Some(tree),
            Content::Errors(_) => None,
        }
    }
    pub fn errors(&self) -> &[Diagnostic] {
        match &self.content {
            Content::Site(_) => &[],
            Content::Errors(diags) => diags,
        }
    }
}

/// The snapshot being served, and a signal for requests waiting for the next one.
pub struct Live {
    snapshot: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

impl Live {
    pub fn new(snapshot: Snapshot) -> Live {
        Live {
            snapshot: Mutex::new(Arc::new(snapshot)),
            changed: Condvar::new(),
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Show `content` as the next version, unless it is what is shown already
    /// (then nothing changes and no page reloads). Whether it changed.
    pub fn update(&self, content: &Content) -> bool {
        let mut current = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
        if current.content == *content {
            return false;
        }
        *current = Arc::new(Snapshot {
            version: current.version + 1,
            content: content.clone(),
        });
        self.changed.notify_all();
        true
    }

    /// The snapshot once its version is not `since`, or the current one after `timeout`.
    pub fn wait_past(&self, since: u64, timeout: Duration) -> Arc<Snapshot> {
        let guard = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version == since)
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&guard)
    }
}

/// The result of one build: what to show and every diagnostic found.
pub struct Outcome {
    pub content: Content,
    pub diags: Vec<Diagnostic>,
    pub pages: usize,
    pub took: Duration,
    /// Whether the report was reused from the previous build (None when the
    /// build stopped before computing it).
    pub reused: Option<bool>,
}

/// Load, validate and render the project in memory. A panic anywhere in the
/// build is caught: the browser shows it as an error and serving goes on.
pub fn build_once(root: &Path) -> Outcome {
    build_again(root, &mut ReportCache::default())
}

/// [`build_once`], reusing `cache`'s computed report when no data file changed
/// (a chapter or template edit re-renders without computing).
pub fn build_again(root: &Path, cache: &mut ReportCache) -> Outcome {
    let t = Instant::now();
    cache.reused = None;
    let (content, diags, pages) = guarded(|| build_inner(root, cache));
    Outcome {
        content,
        diags,
        pages,
        took: t.elapsed(),
        reused: cache.reused,
    }
}

/// Run one build; a panic becomes an error page naming what went wrong.
fn guarded(
    build: impl FnOnce() -> (Content, Vec<Diagnostic>, usize),
) -> (Content, Vec<Diagnostic>, usize) {
    match catch_unwind(AssertUnwindSafe(build)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let d = Diagnostic::error(
                "",
                format!(
                    "junheng 内部错误：生成网站时出错（{what}）。预览仍在运行，修改文件后会重新生成。\
                     请把命令行窗口中的信息报告给维护人员。"
                ),
            );
            (Content::Errors(vec![d.clone()]), vec![d], 0)
        }
    }
}

fn build_inner(root: &Path, cache: &mut ReportCache) -> (Content, Vec<Diagnostic>, usize) {
    let (project, mut diags) = load::load(root);
    diags.extend(validate::validate(&project));
    diags.sort();
    if diags.has_errors() {
        return (Content::Errors(diags.items.clone()), diags.items, 0);
    }
    let opts = BuildOptions {
        year: None,
        base_url: project.settings.base_url.clone(),
        strict: false,
        date: None,
        archive_dir: Some(build::archive_dir(&project)),
        pdf: false,
    };
    let mut all = diags.items;
    match build::render_in_memory(&project, &opts, cache) {
        Err(msg) => {
            all.push(Diagnostic::error("templates", msg));
            (Content::Errors(all.clone()), all, 0)
        }
        Ok(built) => {
            let failed = built.has_errors();
            all.extend(built.diags);
            if failed {
                (Content::Errors(all.clone()), all, 0)
            } else {
                (Content::Site(Arc::new(built.tree)), all, built.pages)
            }
        }
    }
}

/// Run the preview until the process is stopped (Ctrl-C).
pub fn run(opts: &Options) -> anyhow::Result<ExitCode> {
    if !opts.project.is_dir() {
        anyhow::bail!("项目文件夹 {} 不存在", opts.project.display());
    }
    let root = opts.project.clone();
    let addr = SocketAddr::new(opts.bind, opts.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        anyhow::anyhow!("无法在 {addr} 上监听：{e}（是否已有另一个预览在运行？可改用 --port 0）")
    })?;
    let local = server.server_addr().to_ip().unwrap_or(addr);
    let server = Arc::new(server);
    if !opts.bind.is_loopback() {
        eprintln!(
            "警告: 正在 {} 上监听，不只是本机：网络上能访问到这台电脑的人都能看到预览（没有密码）",
            opts.bind
        );
    }

    // Watch before the first build and before the URL is printed: no change is missed.
    let watcher = watch::Watch::new(&root);
    let mut cache = ReportCache::default();
    let first = build_again(&root, &mut cache);
    report(&first, None, opts, true);
    let state = Arc::new(Live::new(Snapshot {
        version: 1,
        content: first.content,
    }));

    let loopback_only = opts.bind.is_loopback();
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        let verbose = opts.verbose;
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                // A panic while answering drops that one request, never the worker.
                let _ = catch_unwind(AssertUnwindSafe(|| {
                    answer(request, &state, loopback_only, verbose)
                }));
            }
        });
    }

    let url = format!("http://{local}/");
    println!("预览地址：{url}");
    let browse_url = if local.ip().is_unspecified() {
        let here = format!(
            "http://{}/",
            SocketAddr::new(loopback_of(local.ip()), local.port())
        );
        println!("本机访问：{here}");
        here
    } else {
        url
    };
    if !opts.quiet && watcher.is_ok() {
        println!("正在监视 data/、content/、templates/ 和 junheng.yaml 的改动；按 Ctrl-C 停止");
    }
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&browse_url);
    }

    match watcher {
        Ok(mut w) => {
            while let Some(changed) = w.next_change() {
                let outcome = build_again(&root, &mut cache);
                let same = !state.update(&outcome.content);
                report(&outcome, Some((&changed, same)), opts, false);
            }
            eprintln!("警告: 已停止监视文件改动，预览不再自动更新");
        }
        Err(e) => eprintln!(
            "警告: 无法监视 {} 的改动（{e}），预览不会自动更新",
            root.display()
        ),
    }
    // Keep serving what was built.
    loop {
        std::thread::park();
    }
}

fn loopback_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
    }
}

/// Log a build: diagnostics to stderr (warnings on the first build or with
/// `--verbose`), one line on stdout.
fn report(o: &Outcome, changed: Option<(&[String], bool)>, opts: &Options, first: bool) {
    let ms = o.took.as_millis();
    let errors = o.diags.iter().filter(|d| d.is_error()).count();
    let warnings = o.diags.len() - errors;
    for d in &o.diags {
        if d.is_error() || (!opts.quiet && (first || opts.verbose)) {
            eprint!("{d}");
        }
    }
    let what = match changed {
        None => "已生成".to_string(),
        Some((files, _)) => {
            let mut list = files.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            if files.len() > 3 {
                list.push_str(&format!(" 等 {} 个文件", files.len()));
            }
            format!("{list} 有改动，已重新生成")
        }
    };
    let unchanged = matches!(changed, Some((_, true)));
    let computed = match (opts.verbose, o.reused) {
        (true, Some(true)) => "；沿用上次的计算结果",
        (true, Some(false)) => "；重新计算",
        _ => "",
    };
    let line = match &o.content {
        Content::Site(tree) => format!(
            "{what}（{ms} 毫秒）：{} 个页面，{} 个文件，{warnings} 个警告{}{computed}",
            o.pages,
            tree.len(),
            if unchanged {
                "（网站内容未变）"
            } else {
                ""
            }
        ),
        Content::Errors(_) => {
            format!("{what}（{ms} 毫秒）：{errors} 个错误；修正之前浏览器中显示这些错误")
        }
    };
    if errors > 0 || !opts.quiet {
        println!("{line}");
        let _ = std::io::stdout().flush();
    }
}

/// Answer one HTTP request from the current snapshot.
fn answer(request: tiny_http::Request, state: &Arc<Live>, loopback_only: bool, verbose: bool) {
    // A page asking for the build after its own waits on a thread of its own
    // (not a worker's), answered the moment a new build is shown.
    if let Some(since) = http::waits_since(request.url()) {
        if state.current().version == since {
            let state = Arc::clone(state);
            let spawned = std::thread::Builder::new()
                .name("live reload".into())
                .spawn(move || {
                    let snapshot = state.wait_past(since, http::LONG_POLL);
                    respond_with(request, &snapshot, loopback_only, verbose);
                });
            if let Err(e) = spawned {
                eprintln!("警告: 无法等待下一次生成：{e}");
            }
            return;
        }
    }
    respond_with(request, &state.current(), loopback_only, verbose);
}

fn respond_with(
    request: tiny_http::Request,
    snapshot: &Snapshot,
    loopback_only: bool,
    verbose: bool,
) {
    let method = request.method().as_str().to_string();
    let host_ok = !loopback_only
        || request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .is_none_or(|h| http::is_local_host(h.value.as_str()));
    let reply = if host_ok {
        http::respond(&method, request.url(), snapshot)
    } else {
        http::Reply {
            status: 400,
            content_type: "text/plain; charset=utf-8",
            body: "400 请用 http://127.0.0.1 或 http://localhost 访问预览\n".into(),
            location: None,
        }
    };
    if verbose {
        eprintln!("{method} {} {}", request.url(), reply.status);
    }
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ];
    if let Some(location) = reply.location {
        headers.push(("Location", location));
    }
    if reply.status == 405 {
        headers.push(("Allow", "GET, HEAD".to_string()));
    }
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    // A client that went away is not an error of the preview.
    let _ = request.respond(response);
}

/// Open `url` in the default browser; failing is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            let url = url.to_string();
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                _ => eprintln!("警告: 无法打开浏览器，请自行打开 {url}"),
            });
        }
        Err(e) => eprintln!("警告: 无法打开浏览器（{e}），请自行打开 {url}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_build_is_an_error_page_not_the_end() {
        let (content, diags, pages) = guarded(|| panic!("boom 测试"));
        assert_eq!(pages, 0);
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("boom 测试"),
            "{}",
            diags[0].message
        );
        let Content::Errors(shown) = content else {
            panic!("an error page")
        };
        assert_eq!(shown, diags);
        // The next build goes on as usual.
        let (content, _, pages) = guarded(|| (Content::Site(Arc::new(Tree::new())), vec![], 3));
        assert!(matches!(content, Content::Site(_)));
        assert_eq!(pages, 3);
    }
}
