//! `junheng export --calc`: a year's 资源配置 computation as a workbook of live
//! formulas a reviewer can audit. One sheet per level: a row per counted
//! section with its pupils and the raw resources (after the shared-asset
//! split, as computed), then every indicator value, the county value, the
//! enrollment-weighted SD, each CV, the per-section 达标 judgement, the 达标率
//! and the composite CV as Excel formulas over those cells. Thresholds come
//! from a 评估标准 sheet holding the standards in force.
//!
//! A pure function of the [`Report`]: no files, no recomputation (the raw
//! figures are the compute stage's); cells that fail are shaded from compute's
//! own judgements, and each formula carries compute's figure as its cached
//! value. Same report, same bytes (the creation date is fixed).

use std::fmt::Write as _;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook,
    Worksheet, XlsxError,
};

use crate::compute::report::{Report, YearReport};
use crate::compute::resource::LevelResult;
use crate::model::standards::{Indicator, REL_TOLERANCE};
use crate::model::Level;

pub const STANDARDS_SHEET: &str = "评估标准";

/// The sheet name of a level.
pub fn level_sheet(level: Level) -> String {
    format!("{}资源配置", level.zh())
}

/// Column of the first raw resource, of the first value, of 达标项数 and 是否达标.
pub const COL_STUDENTS: u16 = 2;
pub const COL_AMOUNT: u16 = 3;
pub const COL_VALUE: u16 = COL_AMOUNT + 7;
pub const COL_MET: u16 = COL_VALUE + 7;
pub const COL_PASS: u16 = COL_MET + 1;

/// The labels of the summary rows below the sections, in order.
pub const SUMMARY: [&str; 7] = [
    "全县合计 / 县域值",
    "达标标准",
    "加权标准差",
    "差异系数",
    "差异系数上限",
    "达标率",
    "综合差异系数",
];

/// 0-based row of summary line `k` (of [`SUMMARY`]) for a level with `n` sections.
pub fn summary_row(n: usize, k: usize) -> u32 {
    n as u32 + 2 + k as u32
}

fn col(c: u16) -> String {
    super::cell::address(0, u32::from(c))
        .trim_end_matches('1')
        .to_string()
}

fn amount_label(i: Indicator) -> &'static str {
    match i {
        Indicator::QualifiedTeachersPer100 => "高于规定学历教师数（人）",
        Indicator::BackboneTeachersPer100 => "县级以上骨干教师数（人）",
        Indicator::PeArtTeachersPer100 => "体育、艺术专任教师数（人）",
        Indicator::TeachingAreaPerStudent => "教学及辅助用房面积（平方米）",
        Indicator::SportsAreaPerStudent => "体育运动场馆面积（平方米）",
        Indicator::EquipmentValuePerStudent => "教学仪器设备值（元）",
        Indicator::MultimediaRoomsPer100 => "网络多媒体教室数（间）",
    }
}

/// Standards sheet: row 1+k holds indicator k (B primary, C junior); below, the
/// CV limits, the section rule and the tolerance. Returns nothing; cells are fixed.
const STD_ROW_CV: u32 = 8;
const STD_ROW_MIN_MET: u32 = 9;
const STD_ROW_FLOOR: u32 = 10;
const STD_ROW_TOL: u32 = 11;

fn std_col(level: Level) -> &'static str {
    match level {
        Level::Primary => "B",
        Level::Junior => "C",
    }
}

fn write_standards(ws: &mut Worksheet, report: &Report, head: &Format) -> Result<(), XlsxError> {
    let st = &report.standards;
    ws.set_name(STANDARDS_SHEET)?;
    ws.write_string_with_format(0, 0, "项目", head)?;
    ws.write_string_with_format(0, 1, "小学", head)?;
    ws.write_string_with_format(0, 2, "初中", head)?;
    ws.insert_note(
        0,
        0,
        &Note::new("本县执行的评估标准（国家默认值，或 data/standards.yaml 中的设置）；各学段工作表中的公式引用这里的数值")
            .set_author("junheng"),
    )?;
    for (k, i) in Indicator::ALL.into_iter().enumerate() {
        let r = 1 + k as u32;
        ws.write_string(r, 0, format!("{}（{}）", i.zh(), i.unit()))?;
        ws.write_number(r, 1, st.resource.get(Level::Primary, i))?;
        ws.write_number(r, 2, st.resource.get(Level::Junior, i))?;
    }
    ws.write_string(STD_ROW_CV, 0, "差异系数上限")?;
    ws.write_number(STD_ROW_CV, 1, st.cv_limit.primary)?;
    ws.write_number(STD_ROW_CV, 2, st.cv_limit.junior)?;
    ws.write_string(STD_ROW_MIN_MET, 0, "每个学段至少达标的指标数")?;
    ws.write_number(STD_ROW_MIN_MET, 1, st.section_min_met as f64)?;
    ws.write_number(STD_ROW_MIN_MET, 2, st.section_min_met as f64)?;
    ws.write_string(STD_ROW_FLOOR, 0, "其余指标不低于标准的比例")?;
    ws.write_number(STD_ROW_FLOOR, 1, st.section_floor)?;
    ws.write_number(STD_ROW_FLOOR, 2, st.section_floor)?;
    ws.write_string(STD_ROW_TOL, 0, "比较的相对容差")?;
    ws.write_number(STD_ROW_TOL, 1, REL_TOLERANCE)?;
    ws.write_number(STD_ROW_TOL, 2, REL_TOLERANCE)?;
    ws.set_column_width(0, 52)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 12)?;
    ws.protect();
    Ok(())
}

/// A formula with junheng's own figure as its cached value, so a program that
/// does not recalculate on opening (LibreOffice's default for .xlsx) still
/// shows the right number; recalculating gives the same (tests/sheet.rs checks).
fn cached(f: Formula, value: Option<f64>) -> Formula {
    match value {
        Some(v) if v.is_finite() => f.set_result(format!("{v}")),
        _ => f,
    }
}

struct Formats {
    head: Format,
    fail: Format,
    label: Format,
}

fn write_level(
    ws: &mut Worksheet,
    level: Level,
    r: &LevelResult,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(level_sheet(level))?;
    ws.set_default_note_author("junheng");
    let n = r.sections.len();
    let first = 2u32; // 1-based row of the first section
    let last = first + n as u32 - 1;
    let std_sheet = format!("'{STANDARDS_SHEET}'!");
    let sc = std_col(level);
    let tol = format!("{std_sheet}${sc}${}", STD_ROW_TOL + 1);
    let floor = format!("{std_sheet}${sc}${}", STD_ROW_FLOOR + 1);
    let min_met = format!("{std_sheet}${sc}${}", STD_ROW_MIN_MET + 1);

    let mut headers = vec![
        ("学校代码".to_string(), String::new()),
        ("学校名称".to_string(), String::new()),
        ("学生数（人）".to_string(), "本学段在校生数".to_string()),
    ];
    for i in Indicator::ALL {
        headers.push((
            amount_label(i).to_string(),
            "本学段的数量；一贯制学校和完全中学的全校资产已按加权学生数分摊".to_string(),
        ));
    }
    for i in Indicator::ALL {
        headers.push((
            format!("{}（{}）", i.zh(), i.unit()),
            if i.per_100() {
                "= 100 × 数量 ÷ 学生数".to_string()
            } else {
                "= 数量 ÷ 学生数".to_string()
            },
        ));
    }
    headers.push(("达标项数".into(), "七项指标中不低于标准的项数".into()));
    headers.push((
        "是否达标".into(),
        "至少达标项数达到要求，其余指标不低于标准的规定比例".into(),
    ));
    for (c, (h, note)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.head)?;
        if !note.is_empty() {
            ws.insert_note(0, c as u16, &Note::new(note))?;
        }
        ws.set_column_width(c as u16, if c == 1 { 24 } else { 14 })?;
    }
    ws.set_row_height(0, 48)?;
    ws.set_freeze_panes(1, 2)?;
    if n == 0 {
        ws.write_string(1, 0, format!("{}没有计入的学段", level.zh()))?;
        return Ok(());
    }
    let std_row = summary_row(n, 1) + 1; // 1-based row of 达标标准

    // Column letters, made once: every row's formulas name them.
    let letters: Vec<String> = (0..=COL_PASS).map(col).collect();
    let l = |c: u16| letters[usize::from(c)].as_str();
    let (v0, v6) = (l(COL_VALUE), l(COL_VALUE + 6));
    let stds = format!("{v0}${std_row}:{v6}${std_row}");
    let p = l(COL_STUDENTS);
    let mut fm = String::new();
    for (k, s) in r.sections.iter().enumerate() {
        let row = first - 1 + k as u32; // 0-based
        let x = row + 1; // 1-based
        ws.write_string(row, 0, crate::cells::neutralize(&s.school))?;
        ws.write_string(row, 1, crate::cells::neutralize(&s.name))?;
        ws.write_number(row, COL_STUDENTS, s.students as f64)?;
        for (j, i) in Indicator::ALL.into_iter().enumerate() {
            let j = j as u16;
            ws.write_number(
                row,
                COL_AMOUNT + j,
                s.amounts.get(&i).copied().unwrap_or(0.0),
            )?;
            let a = l(COL_AMOUNT + j);
            fm.clear();
            let _ = if i.per_100() {
                write!(fm, "=100*{a}{x}/{p}{x}")
            } else {
                write!(fm, "={a}{x}/{p}{x}")
            };
            let value = cached(Formula::new(&fm), s.values.get(&i).copied());
            if s.meets(i) {
                ws.write_formula(row, COL_VALUE + j, value)?;
            } else {
                ws.write_formula_with_format(row, COL_VALUE + j, value, &f.fail)?;
            }
        }
        let vals = format!("{v0}{x}:{v6}{x}");
        ws.write_formula(
            row,
            COL_MET,
            cached(
                Formula::new(format!("=SUMPRODUCT(--({vals}>={stds}*(1-{tol})))")),
                Some(s.met as f64),
            ),
        )?;
        let pass = Formula::new(format!(
            "=IF(AND({}{x}>={min_met},SUMPRODUCT(--({vals}<{stds}*{floor}*(1-{tol})))=0),\"达标\",\"未达标\")",
            l(COL_MET)
        ))
        .set_result(if s.passes { "达标" } else { "未达标" });
        if s.passes {
            ws.write_formula(row, COL_PASS, pass)?;
        } else {
            ws.write_formula_with_format(row, COL_PASS, pass, &f.fail)?;
        }
    }
    // Summary rows.
    for (k, label) in SUMMARY.iter().enumerate() {
        ws.write_string_with_format(summary_row(n, k), 1, *label, &f.label)?;
    }
    let rc = |k: usize| summary_row(n, k); // 0-based
    let p_range = format!(
        "${}${first}:${}${last}",
        col(COL_STUDENTS),
        col(COL_STUDENTS)
    );
    ws.write_formula(
        rc(0),
        COL_STUDENTS,
        cached(
            Formula::new(format!("=SUM({p_range})")),
            Some(r.students as f64),
        ),
    )?;
    let county_row = rc(0) + 1;
    let sd_row = rc(2) + 1;
    let cv_row = rc(3) + 1;
    for (j, i) in Indicator::ALL.into_iter().enumerate() {
        let j = j as u16;
        let a = col(COL_AMOUNT + j);
        let v = col(COL_VALUE + j);
        let ind = r.indicator(i);
        // The cached sum is for display before a recalculation only.
        let total: f64 = r.sections.iter().filter_map(|s| s.amounts.get(&i)).sum();
        ws.write_formula(
            rc(0),
            COL_AMOUNT + j,
            cached(
                Formula::new(format!("=SUM({a}{first}:{a}{last})")),
                Some(total),
            ),
        )?;
        let sum_a = format!("{a}{county_row}");
        let sum_p = format!("{}{county_row}", col(COL_STUDENTS));
        ws.write_formula(
            rc(0),
            COL_VALUE + j,
            cached(
                Formula::new(if i.per_100() {
                    format!("=100*{sum_a}/{sum_p}")
                } else {
                    format!("={sum_a}/{sum_p}")
                }),
                ind.county_value,
            ),
        )?;
        ws.write_formula(
            rc(1),
            COL_VALUE + j,
            cached(
                Formula::new(format!(
                    "={std_sheet}${sc}${}",
                    2 + Indicator::ALL.iter().position(|x| *x == i).unwrap_or(0)
                )),
                Some(ind.standard),
            ),
        )?;
        ws.write_formula(
            rc(2),
            COL_VALUE + j,
            cached(
                Formula::new(format!(
                    "=SQRT(SUMPRODUCT({p_range},({v}{first}:{v}{last}-{v}{county_row})^2)/SUM({p_range}))"
                )),
                ind.sd,
            ),
        )?;
        let cv = cached(
            Formula::new(format!("={v}{sd_row}/{v}{county_row}")),
            ind.cv,
        );
        if ind.cv_within_limit == Some(false) {
            ws.write_formula_with_format(rc(3), COL_VALUE + j, cv, &f.fail)?;
        } else {
            ws.write_formula(rc(3), COL_VALUE + j, cv)?;
        }
        ws.write_formula(
            rc(4),
            COL_VALUE + j,
            cached(
                Formula::new(format!("={std_sheet}${sc}${}", STD_ROW_CV + 1)),
                Some(ind.cv_limit),
            ),
        )?;
        ws.write_formula(
            rc(5),
            COL_VALUE + j,
            cached(
                Formula::new(format!(
                    "=SUMPRODUCT(--({v}{first}:{v}{last}>={v}{std_row}*(1-{tol})))/COUNT({v}{first}:{v}{last})"
                )),
                ind.rate,
            ),
        )?;
    }
    ws.write_formula(
        rc(6),
        COL_VALUE,
        cached(
            Formula::new(format!(
                "=AVERAGE({}{cv_row}:{}{cv_row})",
                col(COL_VALUE),
                col(COL_VALUE + 6)
            )),
            r.composite_cv,
        ),
    )?;
    Ok(())
}

/// The formula workbook of `year` (`None` when the report has no such year).
pub fn workbook(report: &Report, year: u16) -> Option<Result<Vec<u8>, XlsxError>> {
    let y = report.year(year)?;
    Some(year_workbook(report, y))
}

/// The formula workbook of one of the report's years.
pub fn year_workbook(report: &Report, y: &YearReport) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Every build writes one per year into the site: the fastest deflate
    // level cuts their share of a large county's build by a third, for files
    // about half as large again (360 KB instead of 240 KB at 1,000 schools).
    wb.set_zip_compression_level(1);
    let date = y.as_of.unwrap_or(crate::model::Date {
        year: i32::from(y.year),
        month: 1,
        day: 1,
    });
    let created = ExcelDateTime::from_ymd(date.year as u16, date.month as u8, date.day as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("junheng")
            .set_title(format!(
                "{} {} 年资源配置计算表",
                report.county.name, y.year
            )),
    );
    let f = Formats {
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#DDEBF7")
            .set_border(FormatBorder::Thin),
        fail: Format::new()
            .set_background_color("#F8CBAD")
            .set_font_color("#9C0006"),
        label: Format::new().set_bold(),
    };
    for level in Level::ALL {
        if let Some(r) = y.levels.get(&level) {
            let ws = wb.add_worksheet();
            write_level(ws, level, r, &f)?;
        }
    }
    let ws = wb.add_worksheet();
    write_standards(ws, report, &f.head)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_rows() {
        assert_eq!(col(0), "A");
        assert_eq!(col(COL_VALUE), "K");
        assert_eq!(col(COL_PASS), "S");
        assert_eq!(summary_row(3, 0), 5);
    }
}
