//! A school page's tables of the seven resource indicators (one per counted
//! section and year), made here once rather than looped over in the template:
//! with 7 rows × sections × years they were most of a school page's render,
//! and a county has a page per school. `school.html` shows them as
//! `indicator_tables`; a project's own template may still build its tables
//! from `history`, which holds the same figures. Nothing is computed here:
//! every number and verdict is the `Report`'s.

use std::fmt::Write;

use super::content::escape_into;
use super::context::SchoolYearRow;
use super::enhance::badge;
use super::figures::decimals;
use super::templates::{number, percent, push_number, verdict_zh};
use crate::model::standards::{Indicator, Standards};

/// The indicator tables of a school's years, latest first, each year in a
/// `<section id="y2025">` (the year switcher's anchors). `failed`: the years
/// with any unmet verdict; `root`: the path to the site root; `indicators`:
/// the number of indicators a section is judged on.
pub fn indicator_tables(
    history: &[SchoolYearRow<'_>],
    failed: &[u16],
    standards: &Standards,
    indicators: usize,
    root: &str,
) -> String {
    let word = |met: bool| badge(verdict_zh(Some(met))).unwrap_or_default();
    let (met_badge, unmet_badge) = (word(true), word(false));
    let floor = percent(standards.section_floor, 0);
    let mut h = String::with_capacity(history.len() * 6_000);
    let mut scratch = String::new();
    for y in history.iter().rev() {
        let _ = write!(
            h,
            "<section id=\"y{}\" class=\"school-year\">\n<h3>{}年",
            y.year, y.year
        );
        if failed.contains(&y.year) {
            h.push(' ');
            h.push_str(&unmet_badge);
        }
        h.push_str("</h3>\n");
        for s in &y.sections {
            let x = s.section;
            let _ = write!(
                h,
                "\n<table>\n<caption>{}年 · {}（{} 人，{} 个班）：{}（{}/{} 项达到标准）</caption>\n\
                 <thead><tr><th>指标</th><th class=\"num\">数值</th><th class=\"num\">标准</th><th>结论</th></tr></thead>\n\
                 <tbody>\n",
                y.year,
                s.level.zh(),
                number(x.students as f64, None),
                x.classes,
                verdict_zh(Some(x.passes)),
                x.met,
                indicators,
            );
            for i in Indicator::ALL {
                let unmet = x.unmet.contains(&i);
                h.push_str(if unmet {
                    "\n<tr class=\"fail\">"
                } else {
                    "\n<tr>"
                });
                h.push_str("<td><a href=\"");
                escape_into(&mut h, root);
                let _ = write!(
                    h,
                    "indicators/{}.html\">{}</a>（{}）</td><td class=\"num{}\">{}",
                    i.key(),
                    i.zh(),
                    i.unit(),
                    if unmet { " fail" } else { "" },
                    if unmet {
                        "<span class=\"mark\" aria-hidden=\"true\">✗</span>"
                    } else {
                        ""
                    },
                );
                let value = x.values.get(&i).copied().unwrap_or(f64::NAN);
                push_number(&mut h, &mut scratch, value, Some(decimals(i)));
                h.push_str("</td><td class=\"num\">");
                push_number(
                    &mut h,
                    &mut scratch,
                    standards.resource.get(s.level, i),
                    None,
                );
                h.push_str("</td><td>");
                if !unmet {
                    h.push_str(&met_badge);
                } else if x.below_floor.contains(&i) {
                    h.push_str(
                        "<span class=\"badge bad\"><span aria-hidden=\"true\">✗</span> 未达标（低于标准的",
                    );
                    h.push_str(&floor);
                    h.push_str("）</span>");
                } else {
                    h.push_str(&unmet_badge);
                }
                h.push_str("</td></tr>\n");
            }
            h.push_str("\n</tbody>\n</table>\n");
        }
        h.push('\n');
        if y.sections.is_empty() {
            h.push_str("<p class=\"muted\">本年度本校没有计入资源配置评估的学段。</p>");
        }
        h.push_str("\n</section>\n");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::context::SchoolIndex;

    fn report() -> crate::compute::Report {
        crate::compute::compute(&crate::load::fixture("tests/fixtures/compute/small"))
    }

    #[test]
    fn every_counted_section_gets_a_table_marking_its_unmet_indicators() {
        let r = report();
        let index = SchoolIndex::new(&r);
        let mut failing = 0;
        for school in &r.schools {
            let history = index.history(&school.id);
            let html = indicator_tables(history, &[], &r.standards, 7, "../");
            let sections: Vec<_> = history.iter().flat_map(|y| &y.sections).collect();
            assert_eq!(
                html.matches("<table>").count(),
                sections.len(),
                "{}",
                school.id
            );
            assert_eq!(
                html.matches("<section id=\"y").count(),
                history.len(),
                "{}",
                school.id
            );
            for s in sections {
                let x = s.section;
                // Its caption names its level and counts, from the report.
                assert!(html.contains(&format!(
                    "· {}（{} 人，{} 个班）：",
                    s.level.zh(),
                    number(x.students as f64, None),
                    x.classes
                )));
                failing += x.unmet.len();
            }
            assert_eq!(
                html.matches("<tr class=\"fail\">").count(),
                history
                    .iter()
                    .flat_map(|y| &y.sections)
                    .map(|s| s.section.unmet.len())
                    .sum::<usize>(),
                "{}",
                school.id
            );
            // One row per indicator, each linking to its page.
            assert_eq!(
                html.matches("href=\"../indicators/").count(),
                7 * history.iter().map(|y| y.sections.len()).sum::<usize>()
            );
        }
        assert!(failing > 0, "the small county fails some indicators");
    }

    #[test]
    fn the_latest_year_comes_first_and_a_failed_year_has_its_badge() {
        let r = report();
        let index = SchoolIndex::new(&r);
        let school = r
            .schools
            .iter()
            .find(|s| !index.history(&s.id).is_empty())
            .expect("a school with data");
        let history = index.history(&school.id);
        let year = history.last().unwrap().year;
        let html = indicator_tables(history, &[year], &r.standards, 7, "");
        assert!(html.starts_with(&format!(
            "<section id=\"y{year}\" class=\"school-year\">\n<h3>{year}年 <span class=\"badge"
        )));
        let without = indicator_tables(history, &[], &r.standards, 7, "");
        assert!(without.starts_with(&format!(
            "<section id=\"y{year}\" class=\"school-year\">\n<h3>{year}年</h3>"
        )));
    }
}
