//! `junheng serve`: the real binary on a copy of the valid fixture, spoken to
//! with plain HTTP/1.1 over a `TcpStream`. Waits are bounded polls, never timings.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{junheng, project, read_tree};

/// How long to wait for the server to start or a change to show.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `junheng serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
    /// The log lines printed after the URL.
    stdout: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(project: &Path) -> Server {
        Server::start_with(project, &[])
    }

    fn start_with(project: &Path, extra: &[&str]) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .arg("--project")
            .arg(project)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start junheng serve");
        let mut server = Server {
            child,
            addr: String::new(),
            stderr: Arc::new(Mutex::new(String::new())),
            stdout: Arc::new(Mutex::new(String::new())),
        };
        // Drain both pipes so the server never blocks on a full one.
        let stderr = server.child.stderr.take().expect("stderr");
        let sink = Arc::clone(&server.stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let stdout = server.child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + PATIENCE;
        while server.addr.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("预览地址：http://") {
                        server.addr = url.trim_end_matches('/').to_string();
                    }
                }
                Err(_) => panic!(
                    "junheng serve printed no URL; stderr:\n{}",
                    server.stderr.lock().unwrap()
                ),
            }
        }
        // Keep draining stdout (rebuild logs).
        let log = Arc::clone(&server.stdout);
        std::thread::spawn(move || {
            while let Ok(line) = rx.recv() {
                let mut s = log.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
        server
    }

    fn get(&self, target: &str) -> Reply {
        request(&self.addr, "GET", target, "127.0.0.1")
    }

    /// Poll `target` until `done` holds for the reply (bounded).
    fn poll(&self, target: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            if Instant::now() > deadline {
                panic!(
                    "{target} never showed {what}; last reply {}:\n{}\nserver stderr:\n{}",
                    reply.status,
                    reply.body,
                    self.stderr.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

struct Reply {
    status: u16,
    /// Header lines, lowercased.
    headers: String,
    body: String,
}

/// One HTTP/1.1 request, written byte for byte as given (no normalisation).
fn request(addr: &str, method: &str, target: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read reply");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let mut body = raw[split + 4..].to_vec();
    if method != "HEAD" && head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    Reply {
        status,
        headers: head,
        body: String::from_utf8(body).expect("utf-8 body"),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .expect("hex chunk size");
        data = &data[eol + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serve_previews_rebuilds_on_change_and_shows_errors_until_fixed() {
    let dir = project(None);
    let server = Server::start(dir.path());

    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(home
        .headers
        .contains("content-type: text/html; charset=utf-8"));
    assert!(home.body.contains("lang=\"zh-CN\""));
    let script = home.body.find("/__junheng/version").expect("live reload");
    assert!(script < home.body.rfind("</body>").unwrap());

    let page = "/schools/chengguan-xiaoxue.html";
    let school = server.get(page);
    assert_eq!(school.status, 200);
    assert!(school.body.contains("城关小学"));
    let css = server.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css
        .headers
        .contains("content-type: text/css; charset=utf-8"));
    assert!(!css.body.contains("__junheng"));
    assert_eq!(server.get("/schools/").status, 200);
    let version = server.get("/__junheng/version");
    assert!(version.body.contains("\"ok\":true"), "{}", version.body);

    // A change to the data shows without a restart.
    let schools = dir.path().join("data/schools.yaml");
    edit(&schools, "name: 城关小学", "name: 城关第一小学");
    server.poll(page, "the new name", |r| {
        r.status == 200 && r.body.contains("城关第一小学")
    });
    assert_ne!(server.get("/__junheng/version").body, version.body);

    // Broken data: every page is the error page naming the file, line and field.
    edit(&schools, "name: 城关第一小学", "name: [城关");
    let error = server.poll(page, "the error page", |r| r.status == 500);
    assert!(error.body.contains("lang=\"zh-CN\""), "{}", error.body);
    assert!(
        error.body.contains("data/schools.yaml（第 3 行"),
        "{}",
        error.body
    );
    assert!(error.body.contains("schools[0].name"), "{}", error.body);
    assert!(error.body.contains("/__junheng/version"));
    assert!(!error.body.contains("城关小学</h1>"));
    assert_eq!(server.get("/").status, 500);
    assert!(server
        .get("/__junheng/version")
        .body
        .contains("\"ok\":false"));

    // Fixed: the site is back.
    edit(&schools, "name: [城关", "name: 城关二小");
    server.poll(page, "the site again", |r| {
        r.status == 200 && r.body.contains("城关二小")
    });
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_page_waiting_for_the_next_build_is_answered_when_it_is_shown() {
    let dir = project(None);
    let server = Server::start(dir.path());
    let first = server.get("/__junheng/version");
    let version: u64 = first
        .body
        .split("\"version\":")
        .nth(1)
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{}", first.body));
    // Asking past another version is answered at once.
    let other = server.get(&format!("/__junheng/version?since={}", version + 10));
    assert_eq!(other.body, first.body);

    // Asking past the current one waits for the next build: more pages
    // waiting than the server has workers, and other requests still answered.
    let waiting: Vec<_> = (0..6)
        .map(|_| {
            let addr = server.addr.clone();
            let since = format!("/__junheng/version?since={version}");
            std::thread::spawn(move || request(&addr, "GET", &since, "127.0.0.1"))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        waiting.iter().all(|w| !w.is_finished()),
        "answered before any change"
    );
    assert_eq!(server.get("/").status, 200);
    edit(
        &dir.path().join("data/schools.yaml"),
        "name: 城关小学",
        "name: 城关第一小学",
    );
    for w in waiting {
        let answer = w.join().expect("the waiting request");
        assert_eq!(answer.status, 200);
        assert!(
            answer
                .body
                .contains(&format!("\"version\":{}", version + 1)),
            "{}",
            answer.body
        );
    }
}

#[test]
fn serve_refuses_everything_outside_the_site() {
    let dir = project(None);
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let server = Server::start(dir.path());
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..\\..\\secret.txt",
        "/../secret.txt",
        "/data/schools.yaml",
        "/secret.txt",
        "//etc/passwd",
        "/index.html%00",
        "/etc/passwd",
    ] {
        let r = server.get(target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        for leak in ["[package]", "root:", "TOP-SECRET", "schools:", "panicked"] {
            assert!(!r.body.contains(leak), "{target} leaked {leak}");
        }
    }
    assert_eq!(request(&server.addr, "POST", "/", "127.0.0.1").status, 405);
    assert_eq!(
        request(&server.addr, "GET", "/", "evil.example").status,
        400,
        "a page asked for through another host name (DNS rebinding)"
    );
    assert_eq!(request(&server.addr, "GET", "/", "localhost").status, 200);
    let head = request(&server.addr, "HEAD", "/", "127.0.0.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn the_live_reload_script_is_not_part_of_a_build() {
    let dir = project(None);
    let out = dir.path().join("out");
    let run = junheng(&[
        "build",
        "--project",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in read_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__junheng"),
            "{path}"
        );
    }
}

#[test]
fn serve_starts_and_rebuilds_with_chapters_that_once_killed_it() {
    let dir = project(None);
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let chapter = content.join("01-test.md");
    std::fs::write(
        &chapter,
        "---\ntitle: 测试\norder: 1\n---\n## 教育&科技发展\n\n<!-->\n\n正文一。\n",
    )
    .unwrap();
    let server = Server::start(dir.path());
    let page = "/chapters/01-test.html";
    let first = server.get(page);
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("正文一"), "{}", first.body);
    // The rebuild after a change meets `<!--->` and keeps serving.
    edit(&chapter, "正文一。", "正文二。<!--->");
    server.poll(page, "the rebuilt chapter", |r| {
        r.status == 200 && r.body.contains("正文二")
    });
    assert_eq!(server.get("/").status, 200);
}

/// Wait (bounded) until the server's log has a rebuild line naming `file`,
/// and give that line.
fn rebuild_after(server: &Server, file: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let log = server.stdout.lock().unwrap().clone();
        if let Some(line) = log
            .lines()
            .find(|l| l.contains("已重新生成") && l.contains(file))
        {
            return line.to_string();
        }
        if Instant::now() > deadline {
            panic!("no rebuild after a change to {file} in the log:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_chapter_edit_reuses_the_computed_report_and_a_data_edit_recomputes_it() {
    let dir = project(None);
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let chapter = dir.path().join("content/preview-note.md");
    std::fs::write(&chapter, "---\ntitle: 预览说明\n---\n\n第一稿。\n").unwrap();
    let server = Server::start_with(dir.path(), &["--verbose"]);
    assert_eq!(server.get("/").status, 200);

    // A chapter edit: rendered again from the report already computed.
    edit(&chapter, "第一稿。", "第二稿。");
    server.poll("/chapters/preview-note.html", "the edited chapter", |r| {
        r.status == 200 && r.body.contains("第二稿。")
    });
    let line = rebuild_after(&server, "preview-note.md");
    assert!(line.contains("沿用上次的计算结果"), "{line}");
    assert!(!line.contains("重新计算"), "{line}");

    // A data edit: computed again, and the page shows the new data.
    let schools = dir.path().join("data/schools.yaml");
    edit(&schools, "name: 城关小学", "name: 城关第三小学");
    let line = rebuild_after(&server, "schools.yaml");
    assert!(line.contains("重新计算"), "{line}");
    server.poll("/schools/chengguan-xiaoxue.html", "the new name", |r| {
        r.status == 200 && r.body.contains("城关第三小学")
    });
}
