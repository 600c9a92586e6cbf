//! Requests to responses, without sockets: path resolution (only keys of the
//! in-memory tree can ever be served), content types, the live-reload script
//! and the version endpoint.

use crate::write::Tree;

use super::error_page;
use super::Snapshot;

/// The endpoint the live-reload script polls.
pub const VERSION_PATH: &str = "/__junheng/version";

/// A response, ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `Location` of a redirect.
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            location: None,
        }
    }

    fn html(status: u16, body: String) -> Self {
        Self::new(status, "text/html; charset=utf-8", body)
    }
}

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a path this server could ever serve (`..`, encoded separators, NUL, …): 400.
    BadPath,
}

/// Resolve a raw request target (`/schools/?x=1`) to a key of the site tree
/// (`schools/index.html`), or refuse it. Reads nothing: the answer is a string.
///
/// Refused: targets not starting with `/` (absolute URLs, `*`), malformed or
/// encoded `/`, `\` and `%` (so double encoding never decodes to anything),
/// backslashes, control characters (NUL), invalid UTF-8, and empty, `.` and
/// `..` segments — whether written plainly or percent-encoded.
pub fn resolve(target: &str) -> Result<String, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refused::BadPath);
    }
    let decoded = percent_decode(&path[1..]).ok_or(Refused::BadPath)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Refused::BadPath)?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(Refused::BadPath);
    }
    if decoded.is_empty() {
        return Ok("index.html".into());
    }
    let dir = decoded.ends_with('/');
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    for segment in trimmed.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains(':') {
            return Err(Refused::BadPath);
        }
    }
    Ok(if dir {
        format!("{trimmed}/index.html")
    } else {
        trimmed.to_string()
    })
}

/// Decode `%XX` escapes; `None` for a malformed escape or one that encodes a
/// separator or another escape (`%2F`, `%5C`, `%25`): a site path never needs them.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let b = u8::from_str_radix(hex, 16).ok()?;
            if matches!(b, b'/' | b'\\' | b'%' | 0) {
                return None;
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The content type of a site file, by extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// How long a request for the version may wait for a new build before it is
/// answered with the current one (the page then asks again).
pub const LONG_POLL: std::time::Duration = std::time::Duration::from_secs(25);

/// The live-reload script for a page served at build `version`. It asks
/// [`VERSION_PATH`]`?since=<version>`, which the server answers as soon as a
/// newer build exists (or after [`LONG_POLL`]), and reloads the page when the
/// build changed; after an error (server stopped) it asks again a second later.
pub fn reload_script(version: u64) -> String {
    format!(
        "<script>/* junheng serve: live reload */(function(){{var v={version};\
function poll(){{fetch(\"{VERSION_PATH}?since=\"+v,{{cache:\"no-store\"}})\
.then(function(r){{return r.json();}})\
.then(function(d){{if(d.version!==v){{location.reload();}}else{{setTimeout(poll,50);}}}})\
.catch(function(){{setTimeout(poll,1000);}});}}\
poll();}})();</script>\n"
    )
}

/// The build a version request waits past: `N` of `/__junheng/version?since=N`.
/// `None` for any other request (answered at once).
pub fn waits_since(target: &str) -> Option<u64> {
    let (path, query) = target.split_once('?')?;
    if path != VERSION_PATH {
        return None;
    }
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
}

/// Insert the live-reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let script = reload_script(version);
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Answer one request. `method` is the HTTP method, `target` the raw request
/// target; only keys of the snapshot's tree are ever served.
pub fn respond(method: &str, target: &str, snapshot: &Snapshot) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::new(
            405,
            "text/plain; charset=utf-8",
            "405 只支持 GET 和 HEAD 请求\n",
        );
    }
    let key = match resolve(target) {
        Ok(key) => key,
        Err(Refused::BadPath) => {
            return Reply::new(400, "text/plain; charset=utf-8", "400 请求的地址无效\n")
        }
    };
    if format!("/{key}") == VERSION_PATH {
        let ok = snapshot.site().is_some();
        let body = format!("{{\"version\":{},\"ok\":{ok}}}", snapshot.version);
        return Reply::new(200, "application/json; charset=utf-8", body);
    }
    let Some(tree) = snapshot.site() else {
        return Reply::html(
            error_page::STATUS,
            error_page::render(snapshot.errors(), snapshot.version),
        );
    };
    serve_file(tree, target, &key, snapshot.version)
}

fn serve_file(tree: &Tree, target: &str, key: &str, version: u64) -> Reply {
    if let Some(bytes) = tree.get(key) {
        let ct = content_type(key);
        let body = if ct.starts_with("text/html") {
            inject(bytes, version)
        } else {
            bytes.clone()
        };
        return Reply::new(200, ct, body);
    }
    // A folder without its trailing slash: redirect so relative links resolve.
    if tree.contains_key(&format!("{key}/index.html")) {
        let path = target.split(['?', '#']).next().unwrap_or_default();
        let mut reply = Reply::new(302, "text/plain; charset=utf-8", "");
        reply.location = Some(format!("{path}/"));
        return reply;
    }
    Reply::html(404, error_page::not_found(version))
}

/// Whether a `Host` header names this computer (for a server bound to loopback:
/// refuses pages requested through another name, as a DNS-rebinding page would).
pub fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use std::sync::Arc;

    fn site() -> Snapshot {
        let mut tree = Tree::new();
        tree.insert(
            "index.html".into(),
            b"<html><body><p>home</p></body></html>".to_vec(),
        );
        tree.insert(
            "schools/index.html".into(),
            b"<html><BODY>list</BODY></html>".to_vec(),
        );
        tree.insert("schools/a.html".into(), b"<p>a</p>".to_vec());
        tree.insert("static/style.css".into(), b"body{}".to_vec());
        tree.insert("data/t.csv".into(), b"a,b\n".to_vec());
        Snapshot {
            version: 7,
            content: super::super::Content::Site(Arc::new(tree)),
        }
    }

    #[test]
    fn paths_resolve_to_tree_keys() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/?x=1").unwrap(), "index.html");
        assert_eq!(resolve("/schools/").unwrap(), "schools/index.html");
        assert_eq!(resolve("/schools").unwrap(), "schools");
        assert_eq!(resolve("/schools/a.html#top").unwrap(), "schools/a.html");
        assert_eq!(
            resolve("/static/style.css?v=2").unwrap(),
            "static/style.css"
        );
        // Encoded ordinary characters decode, including UTF-8.
        assert_eq!(resolve("/a%20b.html").unwrap(), "a b.html");
        assert_eq!(resolve("/%E5%8E%BF.html").unwrap(), "县.html");
    }

    #[test]
    fn escapes_from_the_site_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/..",
            "/a/../../etc/passwd",
            "/./index.html",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/Cargo.toml",
            "/.%2e/Cargo.toml",
            "/..%2f..%2fetc/passwd",
            "/..%2F..%2Fetc/passwd",
            "/..%5c..%5cetc/passwd",
            "/..\\..\\etc\\passwd",
            "/%252e%252e/%252e%252e/etc/passwd",
            "/%25",
            "//etc/passwd",
            "/a//b",
            "/C:/Windows/win.ini",
            "/index.html%00.css",
            "/index.html\0",
            "/%zz",
            "/%2",
            "/%ff%fe",
            "http://example.com/index.html",
            "*",
            "",
            "etc/passwd",
        ] {
            assert_eq!(resolve(bad), Err(Refused::BadPath), "{bad:?}");
        }
    }

    #[test]
    fn responses_serve_only_tree_keys() {
        let s = site();
        let r = respond("GET", "/", &s);
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type, "text/html; charset=utf-8");
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("<p>home</p>"));
        let script = body.find("/__junheng/version").unwrap();
        assert!(script < body.find("</body>").unwrap(), "{body}");
        assert!(body.contains("var v=7;"));

        let r = respond("GET", "/schools/", &s);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.find("<script>").unwrap() < body.find("</BODY>").unwrap());

        let r = respond("GET", "/schools", &s);
        assert_eq!((r.status, r.location.as_deref()), (302, Some("/schools/")));

        let r = respond("GET", "/static/style.css", &s);
        assert_eq!((r.status, r.content_type), (200, "text/css; charset=utf-8"));
        assert_eq!(r.body, b"body{}");
        assert_eq!(
            respond("HEAD", "/data/t.csv", &s).content_type,
            "text/csv; charset=utf-8"
        );

        assert_eq!(respond("GET", "/missing.html", &s).status, 404);
        assert_eq!(respond("GET", "/../Cargo.toml", &s).status, 400);
        assert_eq!(respond("POST", "/", &s).status, 405);
        assert_eq!(respond("DELETE", "/", &s).status, 405);

        let r = respond("GET", "/__junheng/version", &s);
        assert_eq!(r.status, 200);
        assert_eq!(r.body, br#"{"version":7,"ok":true}"#);
    }

    #[test]
    fn only_a_version_request_with_since_waits() {
        assert_eq!(waits_since("/__junheng/version?since=7"), Some(7));
        assert_eq!(waits_since("/__junheng/version?x=1&since=12"), Some(12));
        for target in [
            "/__junheng/version",
            "/__junheng/version?since=",
            "/__junheng/version?since=-1",
            "/index.html?since=3",
            "/__junheng/versions?since=3",
        ] {
            assert_eq!(waits_since(target), None, "{target}");
        }
        // The page asks past its own version.
        assert!(reload_script(5).contains("?since=\"+v"));
        assert!(reload_script(5).contains("var v=5;"));
    }

    #[test]
    fn pages_without_body_get_the_script_at_the_end() {
        let out = String::from_utf8(inject(b"<p>x</p>", 1)).unwrap();
        assert!(out.starts_with("<p>x</p><script>"));
    }

    #[test]
    fn errors_replace_every_page() {
        let s = Snapshot {
            version: 3,
            content: super::super::Content::Errors(vec![Diagnostic::error(
                "data/schools.yaml",
                "名称不能为空 <b>",
            )
            .with_path("schools[0].name")
            .at(4, 11, None)]),
        };
        for target in ["/", "/schools/a.html", "/static/style.css"] {
            let r = respond("GET", target, &s);
            assert_eq!(r.status, error_page::STATUS);
            let body = String::from_utf8(r.body).unwrap();
            assert!(body.contains("data/schools.yaml"), "{body}");
            assert!(body.contains("名称不能为空 &lt;b&gt;"), "{body}");
            assert!(body.contains(VERSION_PATH));
        }
        assert_eq!(respond("GET", "/../x", &s).status, 400);
        let r = respond("GET", VERSION_PATH, &s);
        assert_eq!(r.body, br#"{"version":3,"ok":false}"#);
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/b.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.JSON"), "application/json; charset=utf-8");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn only_local_host_names_are_local() {
        for ok in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:8000",
            "127.0.0.2",
            "[::1]:8000",
            "LOCALHOST",
        ] {
            assert!(is_local_host(ok), "{ok}");
        }
        for bad in ["evil.example:8000", "192.168.1.2", "[2001:db8::1]:80", ""] {
            assert!(!is_local_host(bad), "{bad}");
        }
    }
}
