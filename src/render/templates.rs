//! Templates: the built-in Tera templates and static assets are embedded in
//! the binary; a file of the same name in the project's `templates/` folder
//! overrides a built-in one (and new names may be added, e.g. partials).
//! Autoescaping is on for every `.html` template.

use std::collections::BTreeMap;
use std::sync::Arc;

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
    "annexes.html",
    "annex.html",
);

/// Built-in static assets (name, content), copied to `static/`.
pub const ASSETS: &[(&str, &str)] = builtin!("style.css", "print.css", "site.js");

pub use super::budget::RENDER_BUDGET;

pub struct Templates {
    tera: std::sync::Arc<Tera>,
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
            tera: std::sync::Arc::new(tera),
            assets,
            overridden,
        })
    }

    /// Render one page template within [`RENDER_BUDGET`] ([`Self::render_all`]
    /// of one page). The context is moved, not copied.
    pub fn render(&self, name: &str, ctx: Context) -> Result<String, String> {
        self.render_all(vec![(name, ctx)])
            .pop()
            .unwrap_or_else(|| Err(format!("{name}：没有渲染结果")))
    }

    /// Render pages (template name, context) in order, each within
    /// [`RENDER_BUDGET`], handed to one render thread together (a page at a
    /// time cost two thread wake-ups per page). The contexts come back to be
    /// dropped on the thread that made them: freed there, their memory goes
    /// back without taking another thread's allocator lock.
    pub fn render_all(&self, pages: Vec<(&str, Context)>) -> Vec<Result<String, String>> {
        type Page = super::budget::Render<(Result<String, String>, Context)>;
        let renders = pages
            .into_iter()
            .map(|(name, ctx)| {
                let (tera, owned) = (self.tera.clone(), name.to_string());
                let render: Page = Box::new(move || {
                    let html = tera.render(&owned, &ctx).map_err(|e| template_error(&e));
                    (html, ctx)
                });
                (name.to_string(), render)
            })
            .collect();
        super::budget::within_each(RENDER_BUDGET, renders)
            .into_iter()
            .map(|outcome| outcome.and_then(|(html, _ctx)| html))
            .collect()
    }

    /// Render a one-off template string (a Markdown chapter before Markdown),
    /// escaping nothing, within [`RENDER_BUDGET`].
    pub fn render_str(&self, name: &str, text: &str, ctx: &Context) -> Result<String, String> {
        let mut t = (*self.tera).clone();
        t.add_raw_template(name, text)
            .map_err(|e| template_error(&e))?;
        let (ctx, owned) = (ctx.clone(), name.to_string());
        within_budget(name, move || {
            t.render(&owned, &ctx).map_err(|e| template_error(&e))
        })
    }

    /// Render a chapter's text with the `ref()` function answering from `refs`.
    pub fn render_chapter(
        &self,
        name: &str,
        text: &str,
        ctx: &Context,
        refs: Arc<Refs>,
    ) -> Result<String, String> {
        let mut t = (*self.tera).clone();
        t.register_function("ref", move |kw: Kwargs, _: &State| refs.lookup(&kw));
        t.add_raw_template(name, text)
            .map_err(|e| template_error(&e))?;
        let (ctx, owned) = (ctx.clone(), name.to_string());
        within_budget(name, move || {
            t.render(&owned, &ctx).map_err(|e| template_error(&e))
        })
    }

    pub fn assets(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.assets
    }
}

/// Run a render within [`RENDER_BUDGET`] (see [`super::budget`]).
fn within_budget(
    name: &str,
    render: impl FnOnce() -> Result<String, String> + Send + 'static,
) -> Result<String, String> {
    super::budget::within(name, RENDER_BUDGET, render)
}

/// What `ref(table=…)` / `ref(chart=…)` in a chapter answers: the final
/// numbers (表3-2, 图5-1) of every embedded table and chart.
#[derive(Debug, Clone, Default)]
pub struct Refs {
    /// `table:<name>` / `chart:<name>` → its number, for every embed of every chapter.
    pub numbers: BTreeMap<String, String>,
    /// Every table and chart name the report has (embedded or not).
    pub tables: std::collections::BTreeSet<String>,
    pub charts: std::collections::BTreeSet<String>,
    /// The first pass (numbering not known yet): a known name is answered
    /// with a placeholder, [`Refs::placeholder`], that [`Refs::resolve`]
    /// replaces once the chapters are numbered; an unknown name is an error
    /// already.
    pub first_pass: bool,
}

/// Brackets of a placeholder (Unicode private use: never in a chapter's text).
const REF_OPEN: char = '\u{E000}';
const REF_CLOSE: char = '\u{E001}';

impl Refs {
    /// What `ref()` answers in the first pass: `kind:name` in private-use brackets.
    fn placeholder(kind: &str, name: &str) -> String {
        format!("{REF_OPEN}{kind}:{name}{REF_CLOSE}")
    }

    /// `body` with every placeholder replaced by its number (表3-2); `None`
    /// when one names a table or chart that no chapter embeds (the chapter is
    /// then rendered again, so that the error names its line).
    pub fn resolve(&self, body: String) -> Option<String> {
        if !body.contains(REF_OPEN) {
            return Some(body);
        }
        let mut out = String::with_capacity(body.len());
        let mut rest = body.as_str();
        while let Some(open) = rest.find(REF_OPEN) {
            out.push_str(&rest[..open]);
            let key_start = open + REF_OPEN.len_utf8();
            let close = rest[key_start..].find(REF_CLOSE)? + key_start;
            out.push_str(self.numbers.get(&rest[key_start..close])?);
            rest = &rest[close + REF_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        Some(out)
    }

    fn lookup(&self, kw: &Kwargs) -> tera::TeraResult<String> {
        let table = kw.get::<&str>("table")?;
        let chart = kw.get::<&str>("chart")?;
        let (kind, name, known) =
            match (table, chart) {
                (Some(t), None) => ("table", t, &self.tables),
                (None, Some(c)) => ("chart", c, &self.charts),
                _ => return Err(tera::Error::message(
                    "ref() 需要且只需要一个参数：ref(table=\"表格名\") 或 ref(chart=\"图表名\")",
                )),
            };
        if self.first_pass && known.contains(name) {
            return Ok(Refs::placeholder(kind, name));
        }
        let zh = if kind == "table" { "表格" } else { "图表" };
        if let Some(n) = self.numbers.get(&format!("{kind}:{name}")) {
            return Ok(n.clone());
        }
        Err(tera::Error::message(if known.contains(name) {
            format!("{zh} `{name}` 没有嵌入任何章节（须先用 <!-- {kind}: {name} --> 嵌入），无法引用其编号")
        } else {
            format!("没有名为 `{name}` 的{zh}：可用的名称见“数据下载”页面或 README")
        }))
    }
}

/// The line and column Tera names for an error in template `name` (`--> name:12:5`).
pub fn error_place(msg: &str, name: &str) -> Option<(usize, usize)> {
    let at = msg.find(&format!("--> {name}:"))? + name.len() + 5;
    let mut parts = msg[at..].split(|c: char| !c.is_ascii_digit());
    let line = parts.next()?.parse().ok()?;
    let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(1);
    Some((line, col))
}

/// A Chinese summary of a Tera error (the first line of its message).
pub fn error_zh(msg: &str) -> String {
    let first = msg
        .lines()
        .map(|l| l.trim().trim_start_matches("error:").trim())
        .find(|l| !l.is_empty() && !l.starts_with("Failed to render"))
        .unwrap_or("")
        .to_string();
    let quoted = || first.split('`').nth(1).unwrap_or("").to_string();
    if first.starts_with("Variable `") || first.starts_with("Field `") {
        format!(
            "变量或字段 `{}` 不存在：请检查拼写，可用的字段见 data/report.json",
            quoted()
        )
    } else if first.starts_with("Unknown function") {
        format!("没有名为 `{}` 的函数", quoted())
    } else if first.starts_with("Unknown filter") {
        format!("没有名为 `{}` 的过滤器", quoted())
    } else if first.is_ascii() {
        format!("模板表达式有误（{first}）")
    } else {
        first
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
    tera.register_filter("level_name", |v: &str, _: Kwargs, _: &State| {
        label(v, crate::model::Level::zh)
    });
    tera.register_filter("exclusion", |v: &str, _: Kwargs, _: &State| exclusion(v));
    tera.register_filter("metric_value", metric_value);
}

/// Why a school or section is left out (`small_teaching_point` → …).
fn exclusion(v: &str) -> String {
    use crate::compute::sections::ExclusionReason as R;
    match v {
        "small_teaching_point" => R::SmallTeachingPoint.zh(),
        "no_pupils" => R::NoPupils.zh(),
        "special_school" => R::SpecialSchool.zh(),
        other => other,
    }
    .to_string()
}

/// `{{ t.actual | metric_value(kind=t.kind) }}`: a plan metric's value as it
/// reads (a CV with three decimals, a count, a percent); null → —.
fn metric_value(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<String> {
    let kind = kw.get::<&str>("kind")?.unwrap_or("value");
    Ok(match v.as_f64() {
        Some(x) if x.is_finite() => match kind {
            "cv" => format_fixed(x, 3),
            "count" => format_fixed(x, 0),
            "share" => format!("{}%", format_fixed(x * 100.0, 1)),
            _ => format_fixed(x, 2),
        },
        _ => "—".into(),
    })
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
    Ok(v.as_f64()
        .map_or_else(|| "—".into(), |x| percent(x, digits)))
}

/// A share as `pct` shows it: 0.953 → 95.3% (`digits` decimals); not finite → —.
pub fn percent(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{}%", format_fixed(x * 100.0, digits))
    } else {
        "—".into()
    }
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
    Ok(v.as_f64().map_or_else(|| "—".into(), |x| number(x, digits)))
}

/// A number as `num` shows it: thousands separators, `digits` decimals (by
/// default none for a whole number, else 2); not finite → —.
pub fn number(x: f64, digits: Option<usize>) -> String {
    let mut out = String::new();
    push_number(&mut out, &mut String::new(), x, digits);
    out
}

/// [`number`], appended to `out`; `scratch` is any buffer, reused between
/// calls (a page's tables write hundreds of numbers).
pub fn push_number(out: &mut String, scratch: &mut String, x: f64, digits: Option<usize>) {
    if !x.is_finite() {
        out.push('—');
        return;
    }
    let d = digits.unwrap_or(if x.fract() == 0.0 { 0 } else { 2 });
    scratch.clear();
    fixed_into(scratch, x, d);
    group_thousands_into(out, scratch);
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
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    group_thousands_into(&mut out, s);
    out
}

/// [`group_thousands`], appended to `out`.
pub fn group_thousands_into(out: &mut String, s: &str) {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        out.push_str(s);
        return;
    }
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
    let mut s = String::new();
    fixed_into(&mut s, x, digits);
    s
}

/// [`format_fixed`], appended to `out`.
fn fixed_into(out: &mut String, x: f64, digits: usize) {
    let start = out.len();
    super::fixed::write_fixed(out, x, digits);
    let s = &out[start..];
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        out.remove(start);
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
        let t = Templates::new(
            &crate::load::templates::TemplateFiles::load(
                dir.path(),
                crate::load::DEFAULT_MAX_FILE_BYTES,
            )
            .unwrap(),
        )
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert("name", "<script>alert(1)</script>");
        assert_eq!(
            t.render("methodology.html", ctx).unwrap(),
            "自定义 &lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(t.assets()["style.css"], b"body{}");
        assert_eq!(t.overridden, ["methodology.html", "style.css"]);
    }
}
