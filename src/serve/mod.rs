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
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions};
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

/// The result of one build: what to show and every diagnostic found.
pub struct Outcome {
    pub content: Content,
    pub diags: Vec<Diagnostic>,
    pub pages: usize,
    pub took: Duration,
}

/// Load, validate and render the project in memory.
pub fn build_once(root: &Path) -> Outcome {
    let t = Instant::now();
    let (content, diags, pages) = match catch_unwind(AssertUnwindSafe(|| build_inner(root))) {
        Ok(r) => r,
        Err(_) => {
            let d = Diagnostic::error(
                "",
                "junheng 内部错误：生成网站时出错。请把命令行窗口中的信息报告给维护人员。",
            );
            (Content::Errors(vec![d.clone()]), vec![d], 0)
        }
    };
    Outcome {
        content,
        diags,
        pages,
        took: t.elapsed(),
    }
}

fn build_inner(root: &Path) -> (Content, Vec<Diagnostic>, usize) {
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
    match build::render(&project, &opts) {
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
        anyhow::bail!("project folder {} does not exist", opts.project.display());
    }
    let root = opts.project.clone();
    let addr = SocketAddr::new(opts.bind, opts.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        anyhow::anyhow!("cannot listen on {addr}: {e} (is another preview running? try --port 0)")
    })?;
    let local = server.server_addr().to_ip().unwrap_or(addr);
    let server = Arc::new(server);
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, not only on this computer: anyone who can reach it \
on the network can see the preview (there is no password)",
            opts.bind
        );
    }

    // Watch before the first build and before the URL is printed: no change is missed.
    let watcher = watch::Watch::new(&root);
    let first = build_once(&root);
    report(&first, None, opts, true);
    let state = Arc::new(Mutex::new(Arc::new(Snapshot {
        version: 1,
        content: first.content,
    })));

    let loopback_only = opts.bind.is_loopback();
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        let verbose = opts.verbose;
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                answer(request, &state, loopback_only, verbose);
            }
        });
    }

    let url = format!("http://{local}/");
    println!("serving {url}");
    let browse_url = if local.ip().is_unspecified() {
        let here = format!(
            "http://{}/",
            SocketAddr::new(loopback_of(local.ip()), local.port())
        );
        println!("on this computer: {here}");
        here
    } else {
        url
    };
    if !opts.quiet && watcher.is_ok() {
        println!("watching data/, content/, templates/ and junheng.yaml; press Ctrl-C to stop");
    }
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&browse_url);
    }

    match watcher {
        Ok(mut w) => {
            while let Some(changed) = w.next_change() {
                let outcome = build_once(&root);
                let mut current = state.lock().unwrap_or_else(PoisonError::into_inner);
                let same = current.content == outcome.content;
                if !same {
                    *current = Arc::new(Snapshot {
                        version: current.version + 1,
                        content: outcome.content.clone(),
                    });
                }
                drop(current);
                report(&outcome, Some((&changed, same)), opts, false);
            }
            eprintln!("warning: stopped watching for changes; the preview is no longer updated");
        }
        Err(e) => eprintln!(
            "warning: cannot watch {} for changes ({e}); the preview will not update",
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
        None => "built".to_string(),
        Some((files, _)) => {
            let mut list = files.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            if files.len() > 3 {
                list.push_str(&format!(" and {} more", files.len() - 3));
            }
            format!("rebuilt after changes to {list}")
        }
    };
    let unchanged = matches!(changed, Some((_, true)));
    let line = match &o.content {
        Content::Site(tree) => format!(
            "{what} in {ms} ms: {} pages, {} files, {warnings} warning(s){}",
            o.pages,
            tree.len(),
            if unchanged { " (site unchanged)" } else { "" }
        ),
        Content::Errors(_) => format!(
            "{what} in {ms} ms: {errors} error(s); the browser shows them until they are fixed"
        ),
    };
    if errors > 0 || !opts.quiet {
        println!("{line}");
        let _ = std::io::stdout().flush();
    }
}

/// Answer one HTTP request from the current snapshot.
fn answer(
    request: tiny_http::Request,
    state: &Mutex<Arc<Snapshot>>,
    loopback_only: bool,
    verbose: bool,
) {
    let snapshot = Arc::clone(&state.lock().unwrap_or_else(PoisonError::into_inner));
    let method = request.method().as_str().to_string();
    let host_ok = !loopback_only
        || request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .is_none_or(|h| http::is_local_host(h.value.as_str()));
    let reply = if host_ok {
        http::respond(&method, request.url(), &snapshot)
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
                _ => eprintln!("warning: could not open a browser; open {url} yourself"),
            });
        }
        Err(e) => eprintln!("warning: could not open a browser ({e}); open {url} yourself"),
    }
}
