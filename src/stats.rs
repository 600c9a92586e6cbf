//! `junheng stats`: one year's figures as the pinned JSON object or a Chinese
//! table for the terminal.

use serde_json::{json, Value};

use crate::compute::items::Item;
use crate::compute::report::YearReport;
use crate::model::standards::Indicator;
use crate::model::Level;

/// Each item's pinned `id` and `met`, and beside them its figures: the
/// requirement in force, the county's measured values against their
/// requirements, and (for items judged per school) the failing schools' ids.
fn items_summary(items: &[Item]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|i| {
                let values: serde_json::Map<String, Value> = i
                    .measures
                    .iter()
                    .map(|m| (m.key.clone(), json!(m.value)))
                    .collect();
                let measures: Vec<Value> = i
                    .measures
                    .iter()
                    .map(|m| {
                        json!({
                            "key": m.key,
                            "label": m.label,
                            "value": m.value,
                            "op": m.cmp,
                            "required": m.required,
                            "met": m.met,
                            "counted": m.counted,
                        })
                    })
                    .collect();
                let ids = |l: &[crate::compute::items::Failing]| {
                    l.iter().map(|f| f.school.clone()).collect::<Vec<_>>()
                };
                let evidence: Vec<Value> = i
                    .evidence
                    .iter()
                    .map(|e| json!({"id": e.id, "met": e.met}))
                    .collect();
                json!({
                    "id": i.id,
                    "met": i.met,
                    "status": i.status(),
                    "requirement": i.requirement,
                    "values": values,
                    "measures": measures,
                    "per_school": i.per_school(),
                    "failing_schools": ids(&i.failing),
                    "no_data_schools": ids(&i.no_data),
                    "evidence": evidence,
                })
            })
            .collect(),
    )
}

/// The pinned `stats` object for one year: `year` and `levels` as in the data
/// format, plus summaries of the other dimensions and the verdict.
pub fn stats_json(y: &YearReport) -> Value {
    let levels: serde_json::Map<String, Value> = y
        .levels
        .iter()
        .map(|(l, r)| {
            (
                l.key().to_string(),
                serde_json::to_value(r).unwrap_or(Value::Null),
            )
        })
        .collect();
    json!({
        "year": y.year,
        "status": y.status,
        "levels": levels,
        "assurance": items_summary(&y.assurance),
        "quality": items_summary(&y.quality),
        "targets": y.targets.iter().map(|t| json!({
            "metric": t.metric,
            "op": t.op,
            "target": t.target,
            "actual": t.actual,
            "outcome": t.outcome,
        })).collect::<Vec<_>>(),
        "recognition": {"rate": y.recognition.rate, "required": y.recognition.required, "met": y.recognition.met},
        "verdict": {
            "passed": y.verdict.passed,
            "dimensions": y.verdict.dimensions.iter().map(|d| json!({"key": d.key, "passed": d.passed})).collect::<Vec<_>>(),
            "outstanding": y.verdict.outstanding,
        },
    })
}

/// Display width of a string in a terminal (CJK characters take two columns).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "—".to_string(), f)
}

fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// Render rows as aligned columns.
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| pad(s, widths[c]))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The year's figures as a readable Chinese table.
pub fn stats_table(y: &YearReport) -> String {
    let mut out = format!(
        "{} 年{}\n",
        y.year,
        if y.provisional {
            "（初步数据）"
        } else {
            ""
        }
    );
    for level in Level::ALL {
        let Some(r) = y.levels.get(&level) else {
            continue;
        };
        out.push_str(&format!(
            "\n{}：计入学段 {} 个，学生 {} 人，达标学段 {} 个，综合差异系数 {}\n",
            level.zh(),
            r.counts.sections,
            r.students,
            r.counts.passing,
            opt(r.composite_cv, |v| format!("{v:.3}"))
        ));
        let mut rows = vec![vec![
            "指标".to_string(),
            "标准".to_string(),
            "县域值".to_string(),
            "差异系数".to_string(),
            "上限".to_string(),
            "达标率".to_string(),
        ]];
        for i in Indicator::ALL {
            let ind = r.indicator(i);
            let flag = if ind.cv_within_limit == Some(false) {
                " ✗"
            } else {
                ""
            };
            rows.push(vec![
                i.zh().to_string(),
                format!("{}", ind.standard),
                opt(ind.county_value, |v| format!("{v:.2}")),
                format!("{}{flag}", opt(ind.cv, |v| format!("{v:.3}"))),
                format!("{}", ind.cv_limit),
                opt(ind.rate, pct),
            ]);
        }
        out.push_str(&table(&rows));
    }
    out.push_str(&format!(
        "\n评估结论：{}\n",
        if y.verdict.passed {
            "四个方面均达到国家标准"
        } else {
            "尚未达到国家标准"
        }
    ));
    for d in &y.verdict.dimensions {
        out.push_str(&format!(
            "  {}：{}\n",
            d.name,
            if d.passed { "达标" } else { "未达标" }
        ));
    }
    if !y.verdict.outstanding.is_empty() {
        out.push_str("\n尚待解决：\n");
        for r in &y.verdict.outstanding {
            out.push_str(&format!("  - {r}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_width() {
        assert_eq!(width("小学a"), 5);
        assert_eq!(pad("初中", 6), "初中  ");
    }
}
