//! The pages served instead of the site: the list of the data's problems
//! (while the data has errors) and "not found". Chinese, escaped, with the
//! live-reload script so that fixing the file brings the site back.

use crate::diag::{Diagnostic, Severity};

use super::http::reload_script;

/// Status of the error page: 500, so that no tool mistakes it for the site.
pub const STATUS: u16 = 500;

/// Escape text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;\
max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6;color:#222}\
h1{color:#b00020;font-size:1.5em}li{margin:0 0 1.2em}\
.where{font-family:ui-monospace,Consolas,monospace;font-weight:bold}\
.path{font-family:ui-monospace,Consolas,monospace;color:#555}\
.warn{color:#8a5a00}.err{color:#b00020}\
pre{background:#f6f6f6;padding:.5em;overflow-x:auto}";

fn page(title: &str, body: &str, version: u64) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}{script}</body>\n</html>\n",
        title = escape(title),
        script = reload_script(version),
    )
}

/// The error page: every diagnostic with its file, line, column, field path
/// and message (errors first, then warnings).
pub fn render(diags: &[Diagnostic], version: u64) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut body = format!(
        "<h1>发现 {errors} 处错误，网站暂时无法显示</h1>\n\
<p>请按下面的说明修改文件并保存，本页会自动刷新；改好后即显示网站。\
（命令行窗口中也列出了同样的问题。）</p>\n<ol>\n"
    );
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    for d in sorted {
        let (class, label) = match d.severity {
            Severity::Error => ("err", "错误"),
            Severity::Warning => ("warn", "警告"),
        };
        body.push_str(&format!("<li><span class=\"{class}\">{label}</span> "));
        let place = if d.file.is_empty() {
            "整个项目".to_string()
        } else if d.line > 0 {
            format!("{}（第 {} 行，第 {} 列）", d.file, d.line, d.column)
        } else {
            d.file.clone()
        };
        body.push_str(&format!("<span class=\"where\">{}</span>", escape(&place)));
        if !d.path.is_empty() {
            body.push_str(&format!(
                " 字段 <code class=\"path\">{}</code>",
                escape(&d.path)
            ));
        }
        body.push_str(&format!("<br>{}", escape(&d.message).replace('\n', "<br>")));
        if let Some(src) = &d.source_line {
            // Pad under wide (CJK) characters with an ideographic space so the caret lines up.
            let caret: String = src
                .chars()
                .take(d.column.saturating_sub(1))
                .map(|c| if c.is_ascii() { ' ' } else { '\u{3000}' })
                .collect();
            body.push_str(&format!(
                "<pre>{:>4} | {}\n     | {}^</pre>",
                d.line,
                escape(src.trim_end()),
                caret
            ));
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n");
    page("有错误 — junheng 预览", &body, version)
}

/// The page for a path that is not part of the site.
pub fn not_found(version: u64) -> String {
    page(
        "未找到页面 — junheng 预览",
        "<h1>未找到页面</h1>\n<p>网站中没有这个地址。<a href=\"/\">返回首页</a></p>\n",
        version,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_page_names_every_place_and_escapes_it() {
        let diags = vec![
            Diagnostic::warning("data/plan.yaml", "提示"),
            Diagnostic::error(
                "data/years/2024.yaml",
                "不能为负数：<script>alert(1)</script>",
            )
            .with_path("schools[3].junior.students")
            .at(12, 17, Some("      students: -5 # <i>".into())),
            Diagnostic::error("", "没有 data/county.yaml & 其他"),
        ];
        let html = render(&diags, 4);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("发现 2 处错误"));
        assert!(html.contains("data/years/2024.yaml（第 12 行，第 17 列）"));
        assert!(html.contains("schools[3].junior.students"));
        assert!(html.contains("不能为负数：&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("# &lt;i&gt;"));
        assert!(html.contains("整个项目"));
        assert!(html.contains("&amp; 其他"));
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<i>"));
        // Errors come first; the page reloads itself.
        assert!(html.find("2024.yaml").unwrap() < html.find("plan.yaml").unwrap());
        assert!(html.contains("var v=4;"));
    }

    #[test]
    fn escape_covers_attribute_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
        );
    }
}
