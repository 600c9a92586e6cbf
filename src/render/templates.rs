//! Templates: the built-in Tera templates and static assets are embedded in
//! the binary; a file of the same name in the project's `templates/` folder
//! overrides a built-in one (and new names may be added, e.g. partials).
//! Autoescaping is on for every `.html` template.

use std::collections::BTreeMap;

use tera::{Context, Kwargs, State, Tera, Value};

use crate::compute::plan::Schedule;
use crate::model::content::TemplateFiles;
use crate::model::plan::Op;
use crate::model::schools::{Locality, SchoolType};
use crate::model::year::{LedgerStatus, ProjectStatus, TaskStatus};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("builtin/", $name)))),*]
    };
}

/// Built-in templates (name, source).
pub const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "extra_head.html",
    "extra_footer.html",
    "index.html",
    "years.html",
    "year.html",
    "indicators.html",
    "indicator.html",
    "school.html",
    "schools.html",
    "assurance.html",
    "quality.html",
    "items.html",
    "recognition.html",
    "projects.html",
    "tasks.html",
    "ledger.html",
    "methodology.html",
    "downloads.html",
    "archive.html",
    "chapters.html",
    "chapter.html",
    "print.html",
    "search.html",
    "year_switch.html",
    "documents.html",
);

/// Built-in static assets (name, content), copied to `static/`.
pub const ASSETS: &[(&str, &str)] = builtin!("style.css", "print.css", "site.js");

pub struct Templates {
    tera: Tera,
    assets: BTreeMap<String, Vec<u8>>,
    /// Names overridden or added by the project.
    pub overridden: Vec<String>,
}

impl Templates {
    /// The built-ins, overridden or extended by the project's files.
    pub fn new(files: &TemplateFiles) -> Result<Templates, String> {
        let mut sources: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = ASSETS
            .iter()
            .map(|(n, s)| (n.to_string(), s.as_bytes().to_vec()))
            .collect();
        sources.extend(files.templates.clone());
        assets.extend(files.assets.clone());
        let overridden = files.names();
        let mut tera = Tera::new();
        // Chapters (`.md`) are rendered with autoescaping too: a school name is text, not HTML.
        tera.autoescape_on(vec![".html", ".md"]);
        register_filters(&mut tera);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| template_error(&e))?;
        Ok(Templates {
            tera,
            assets,
            overridden,
        })
    }

    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, String> {
        self.tera.render(name, ctx).map_err(|e| template_error(&e))
    }

    /// Render a one-off template string (a Markdown chapter before Markdown), escaping nothing.
    pub fn render_str(&self, name: &str, text: &str, ctx: &Context) -> Result<String, String> {
        let mut t = self.tera.clone();
        t.add_raw_template(name, text)
            .map_err(|e| template_error(&e))?;
        t.render(name, ctx).map_err(|e| template_error(&e))
    }

    pub fn assets(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.assets
    }
}

/// Tera's message with its cause chain (it names the template, line and variable).
fn template_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!("\n  caused by: {s}"));
        src = s.source();
    }
    msg
}

fn register_filters(tera: &mut Tera) {
    tera.register_filter("fixed", fixed);
    tera.register_filter("pct", pct);
    tera.register_filter("zh_date", zh_date);
    tera.register_filter("cn_num", cn_num);
    tera.register_filter("verdict", verdict);
    tera.register_filter("wan", wan);
    tera.register_filter("plain", plain);
    tera.register_filter("num", num);
    tera.register_filter("badge", badge);
    tera.register_filter("css_string", |v: &str, _: Kwargs, _: &State| css_string(v));
    // Enum values from the data, shown with the model's own Chinese labels.
    tera.register_filter("cmp", |v: &str, _: Kwargs, _: &State| label(v, Op::symbol));
    tera.register_filter("school_type", |v: &str, _: Kwargs, _: &State| {
        label(v, SchoolType::zh)
    });
    tera.register_filter("locality", |v: &str, _: Kwargs, _: &State| {
        label(v, Locality::zh)
    });
    tera.register_filter("project_status", |v: &Value, _: Kwargs, _: &State| {
        opt_label(v, ProjectStatus::zh)
    });
    tera.register_filter("task_status", |v: &Value, _: Kwargs, _: &State| {
        opt_label(v, TaskStatus::zh)
    });
    tera.register_filter("ledger_status", |v: &Value, _: Kwargs, _: &State| {
        opt_label(v, LedgerStatus::zh)
    });
    tera.register_filter("schedule", |v: &Value, _: Kwargs, _: &State| {
        opt_label(v, Schedule::zh)
    });
}

/// The label of an enum value as serialized (`nine_year` → 九年一贯制学校);
/// an unknown value is shown as it is.
fn label<T: serde::de::DeserializeOwned>(v: &str, zh: fn(T) -> &'static str) -> String {
    serde_json::from_value::<T>(serde_json::Value::String(v.to_string()))
        .map_or_else(|_| v.to_string(), |t| zh(t).to_string())
}

fn opt_label<T: serde::de::DeserializeOwned>(v: &Value, zh: fn(T) -> &'static str) -> String {
    v.as_str()
        .map_or_else(|| "暂无数据".to_string(), |s| label(s, zh))
}

/// `{{ x | fixed(digits=3) }}`: a number with exactly `digits` decimals; null → —.
fn fixed(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<String> {
    let digits = kw.get::<i64>("digits")?.unwrap_or(2).clamp(0, 12) as usize;
    Ok(match v.as_f64() {
        Some(x) if x.is_finite() => format_fixed(x, digits),
        _ => "—".into(),
    })
}

/// `{{ share | pct(digits=1) }}`: 0.953 → 95.3%; null → —.
fn pct(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<String> {
    let digits = kw.get::<i64>("digits")?.unwrap_or(1).clamp(0, 6) as usize;
    Ok(match v.as_f64() {
        Some(x) if x.is_finite() => format!("{}%", format_fixed(x * 100.0, digits)),
        _ => "—".into(),
    })
}

/// `{{ 2000.0 | plain }}` → 2000, `{{ 4.2 | plain }}` → 4.2: the shortest exact form; null → —.
fn plain(v: &Value, _: Kwargs, _: &State) -> String {
    match v.as_f64() {
        Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        Some(x) if x.is_finite() => format!("{x}"),
        _ => v.as_str().map_or_else(|| "—".to_string(), str::to_string),
    }
}

/// `{{ yuan | num(digits=2) }}` → 101,280.00: for reading, with thousands
/// separators. Without `digits`: a whole number without decimals (101,280),
/// any other with 2 (4.25); null → —.
fn num(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<String> {
    let digits = kw.get::<i64>("digits")?.map(|d| d.clamp(0, 12) as usize);
    Ok(match v.as_f64() {
        Some(x) if x.is_finite() => {
            let d = digits.unwrap_or(if x.fract() == 0.0 { 0 } else { 2 });
            group_thousands(&format_fixed(x, d))
        }
        _ => "—".into(),
    })
}

/// `{{ met | badge }}`: the shared verdict badge (达标/未达标/暂无数据/不计入/不适用)
/// for true/false/null or for one of those words; `none="不计入"` names null.
fn badge(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let none = kw
        .get::<String>("none")?
        .unwrap_or_else(|| "暂无数据".into());
    let word = match (v.as_bool(), v.as_str()) {
        (Some(b), _) => verdict_zh(Some(b)).to_string(),
        (None, Some(s)) => s.to_string(),
        _ => none,
    };
    Ok(match super::enhance::badge(&word) {
        Some(html) => Value::safe_string(&html),
        None => Value::from(word),
    })
}

/// `1234567.5` → `1,234,567.5`: separators in the integer part of a formatted
/// number; anything else is returned as it is.
pub fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `{{ yuan | wan }}`: yuan → 万元 with 2 decimals.
fn wan(v: &Value, _: Kwargs, _: &State) -> String {
    match v.as_f64() {
        Some(x) if x.is_finite() => group_thousands(&format_fixed(x / 10_000.0, 2)),
        _ => "—".into(),
    }
}

/// `{{ "2024-09-01" | zh_date }}` → 2024年9月1日.
fn zh_date(v: &str, _: Kwargs, _: &State) -> String {
    crate::model::Date::parse(v).map_or_else(|| v.to_string(), |d| d.zh())
}

/// `{{ 3 | cn_num }}` → 三 (for 第三章).
fn cn_num(v: i64, _: Kwargs, _: &State) -> String {
    chinese_number(v)
}

/// `{{ met | verdict }}`: true → 达标, false → 未达标, null → 暂无数据.
fn verdict(v: &Value, _: Kwargs, _: &State) -> &'static str {
    verdict_zh(v.as_bool())
}

/// 达标 / 未达标 / 暂无数据 (no data).
pub fn verdict_zh(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "暂无数据",
    }
}

/// Text for the inside of a CSS string: quotes, backslashes, `<` and control
/// characters escaped (safe inside a `<style>` element).
pub fn css_string(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => o.push_str(&format!("\\{:X} ", c as u32)),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// Fixed-point formatting without `-0.000`.
pub fn format_fixed(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99).
pub fn chinese_number(n: i64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n - 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_escape_the_style_element() {
        assert_eq!(css_string("石柱县"), "石柱县");
        assert_eq!(css_string("a\"</style>"), "a\\22 \\3C /style\\3E ");
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_fixed(0.5154, 3), "0.515");
        assert_eq!(format_fixed(-0.0001, 3), "0.000");
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(21), "二十一");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(group_thousands("101280.00"), "101,280.00");
        assert_eq!(group_thousands("1234567"), "1,234,567");
        assert_eq!(group_thousands("-1234.5"), "-1,234.5");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("0.515"), "0.515");
        assert_eq!(group_thousands("—"), "—");
        assert_eq!(group_thousands("12.3%"), "12.3%");
        let t = Templates::new(&TemplateFiles::default()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("y", &101280.0);
        ctx.insert("n", &Option::<f64>::None);
        let out = t
            .render_str(
                "t",
                "{{ y | num(digits=2) }} {{ y | num }} {{ y | wan }} {{ n | num }} {{ 4.256 | num }}",
                &ctx,
            )
            .unwrap();
        assert_eq!(out, "101,280.00 101,280 10.13 — 4.26");
    }

    #[test]
    fn one_badge_vocabulary() {
        let t = Templates::new(&TemplateFiles::default()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("t", &true);
        ctx.insert("f", &false);
        ctx.insert("n", &Option::<bool>::None);
        let out = t
            .render_str(
                "t.html",
                "{{ t | badge }}|{{ f | badge }}|{{ n | badge }}|{{ n | badge(none=\"不计入\") }}|{{ \"不适用\" | badge }}|{{ \"<b>\" | badge }}",
                &ctx,
            )
            .unwrap();
        let parts: Vec<&str> = out.split('|').collect();
        assert!(
            parts[0].contains("badge ok") && parts[0].contains("达标"),
            "{out}"
        );
        assert!(
            parts[1].contains("badge bad") && parts[1].contains("✗") && parts[1].contains("未达标"),
            "{out}"
        );
        assert!(
            parts[2].contains("badge na") && parts[2].contains("暂无数据"),
            "{out}"
        );
        assert!(parts[3].contains("不计入"), "{out}");
        assert!(parts[4].contains("不适用"), "{out}");
        assert_eq!(parts[5], "&lt;b&gt;");
    }

    #[test]
    fn filters_and_autoescape() {
        let t = Templates::new(&TemplateFiles::default()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("x", &0.51549);
        ctx.insert("n", &Option::<f64>::None);
        let out = t
            .render_str("t", "{{ x | fixed(digits=3) }} {{ x | pct }} {{ n | fixed }} {{ 3 | cn_num }} {{ \"2024-09-01\" | zh_date }} {{ 2000.0 | plain }} {{ 4.2 | plain }}", &ctx)
            .unwrap();
        assert_eq!(out, "0.515 51.5% — 三 2024年9月1日 2000 4.2");
        let labels = t
            .render_str(
                "t",
                "{{ \"nine_year\" | school_type }} {{ \"late\" | schedule }} {{ \">=\" | cmp }} {{ n | task_status }} {{ \"zzz\" | locality }}",
                &ctx,
            )
            .unwrap();
        assert_eq!(labels, "九年一贯制学校 滞后 ≥ 暂无数据 zzz");
    }

    #[test]
    fn errors_name_the_template_line_and_variable() {
        let t = Templates::new(&TemplateFiles::default()).unwrap();
        let err = t
            .render_str(
                "chapter.md",
                "第一行\n{{ nosuch.value }}\n",
                &Context::new(),
            )
            .unwrap_err();
        assert!(err.contains("chapter.md:2"), "{err}");
        assert!(err.contains("nosuch"), "{err}");
    }

    #[test]
    fn project_templates_override_builtins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("methodology.html"), "自定义 {{ name }}").unwrap();
        std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
        let t = Templates::new(&crate::load::templates::TemplateFiles::load(dir.path()).unwrap())
            .unwrap();
        let mut ctx = Context::new();
        ctx.insert("name", "<script>alert(1)</script>");
        assert_eq!(
            t.render("methodology.html", &ctx).unwrap(),
            "自定义 &lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(t.assets()["style.css"], b"body{}");
        assert_eq!(t.overridden, ["methodology.html", "style.css"]);
    }
}
