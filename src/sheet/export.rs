//! `junheng export --year Y [--blank]`: a year's data as one workbook a clerk
//! edits in Excel, WPS or LibreOffice and gives back to `import`.
//!
//! Sheets: 年度信息, 学校名录 (reference), 学校数据 (one row per school and
//! section, registry order), 上年学校数据 (Y−1, protected, same rows), 县级数据
//! (with Y−1 beside each figure), and one sheet per list (质量监测, 满意度调查,
//! 佐证材料, 重大项目, 重点任务, 问题台账). Headers carry the field notes of
//! [`crate::model::fields`]. Numbers are written as numbers; text goes through
//! [`crate::cells::neutralize`].
//!
//! Reads the loaded project only; returns bytes (the CLI writes them).

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, Note, Workbook, XlsxError,
};

use super::columns::{self as cols, Col, Kind};
use super::county;
use crate::load::Project;
use crate::model::fields::{self, Field};
use crate::model::year::{Document, NotApplicable, SchoolYear, YearData};

/// The key prefix of the county sheet's not-applicable rows.
pub const NOT_APPLICABLE: &str = "not_applicable";
use crate::model::{Level, School};

/// A cell value to write.
#[derive(Debug, Clone)]
pub enum Val {
    Empty,
    Num(f64),
    Text(String),
}

impl Val {
    fn num(v: Option<f64>) -> Val {
        v.map_or(Val::Empty, Val::Num)
    }
    fn int(v: Option<u64>) -> Val {
        v.map_or(Val::Empty, |v| Val::Num(v as f64))
    }
    fn text(v: Option<&str>) -> Val {
        v.map_or(Val::Empty, |s| Val::Text(s.to_string()))
    }
}

/// A column: header, note, kind, and whether the clerk should leave it alone.
pub struct Column {
    pub header: String,
    pub note: String,
    pub kind: Kind,
    pub readonly: bool,
}

/// One sheet as a table.
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Val>>,
    /// Protected: the whole sheet is for reference.
    pub protect: bool,
}

fn field_columns(table: &'static [Field]) -> Vec<Column> {
    table
        .iter()
        .map(|f| Column {
            header: f.header(),
            note: f.comment(),
            kind: cols::kind(table, f.key),
            readonly: false,
        })
        .collect()
}

/// A list of numbers in one cell: `96,100`, `无` for an empty list.
pub fn list_text(v: &[f64]) -> String {
    if v.is_empty() {
        "无".into()
    } else {
        v.iter()
            .map(|x| crate::init::emit::fmt_num(*x))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The school data rows of `data` (Y or Y−1) for the schools of year `year`.
fn school_rows(schools: &[&School], data: Option<&YearData>) -> Vec<Vec<Val>> {
    let mut rows = Vec::new();
    for s in schools {
        let entry: Option<&SchoolYear> = data.and_then(|d| d.school(&s.id));
        let levels: Vec<Option<Level>> = if s.kind.levels().is_empty() {
            vec![None]
        } else {
            s.kind.levels().iter().map(|l| Some(*l)).collect()
        };
        for (i, level) in levels.iter().enumerate() {
            let mut row = Vec::new();
            for c in Col::all() {
                row.push(match c {
                    Col::Id => Val::Text(s.id.clone()),
                    Col::Name => Val::Text(s.name.clone()),
                    Col::Level => Val::Text(
                        cols::label(cols::LEVELS, level.map_or("school", |l| l.key())).into(),
                    ),
                    Col::Section(k) => {
                        let sec = level.and_then(|l| entry.and_then(|e| e.section(l)));
                        match sec {
                            None => Val::Empty,
                            Some(sec) => match fields::SECTION[k].key {
                                "students" => Val::int(Some(sec.students)),
                                "classes" => Val::int(Some(sec.classes)),
                                "class_sizes" => Val::text(
                                    sec.class_sizes
                                        .as_ref()
                                        .map(|v| {
                                            v.iter()
                                                .map(u64::to_string)
                                                .collect::<Vec<_>>()
                                                .join(",")
                                        })
                                        .as_deref(),
                                ),
                                "max_class_size" => Val::int(sec.max_class_size),
                                "teachers" => Val::int(Some(sec.teachers)),
                                "qualified_teachers" => Val::int(Some(sec.qualified_teachers)),
                                "backbone_teachers" => Val::int(Some(sec.backbone_teachers)),
                                "pe_art_teachers" => Val::int(Some(sec.pe_art_teachers)),
                                "certified_teachers" => Val::int(Some(sec.certified_teachers)),
                                key => Val::num(sec.assets().get(key)),
                            },
                        }
                    }
                    Col::Shared(k) if i == 0 => Val::num(
                        entry
                            .and_then(|e| e.shared.as_ref())
                            .and_then(|a| a.get(fields::SHARED[k].key)),
                    ),
                    Col::School(k) if i == 0 => match (entry, fields::SCHOOL[k].key) {
                        (None, _) => Val::Empty,
                        (Some(e), "senior_students") => Val::int(e.senior_students),
                        (Some(e), "music_rooms_m2") => {
                            Val::text(e.music_rooms_m2.as_deref().map(list_text).as_deref())
                        }
                        (Some(e), "art_rooms_m2") => {
                            Val::text(e.art_rooms_m2.as_deref().map(list_text).as_deref())
                        }
                        (Some(e), "public_funds_yuan") => Val::num(e.public_funds_yuan),
                        (Some(e), "training_funds_yuan") => Val::num(e.training_funds_yuan),
                        (Some(e), "funded_students") => Val::int(e.funded_students),
                        (Some(e), "special_students") => Val::int(e.special_students),
                        _ => Val::Empty,
                    },
                    _ => Val::Empty,
                });
            }
            rows.push(row);
        }
    }
    rows
}

fn school_columns() -> Vec<Column> {
    Col::all()
        .into_iter()
        .map(|c| Column {
            header: c.header(),
            note: c.note(),
            kind: c.kind(),
            readonly: matches!(c, Col::Name),
        })
        .collect()
}

fn documents_text(docs: &[Document]) -> String {
    docs.iter()
        .map(|d| match d {
            Document::Title(t) => t.clone(),
            Document::Full { title, date, file } => {
                let mut parts = vec![title.clone()];
                if date.is_some() || file.is_some() {
                    parts.push(date.map(|d| d.to_string()).unwrap_or_default());
                }
                if let Some(f) = file {
                    parts.push(f.clone());
                }
                parts.join(" | ")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tables of year `year`'s workbook (`blank`: the same layout, values empty).
pub fn tables(project: &Project, year: u16, blank: bool) -> Vec<Table> {
    let data = if blank {
        None
    } else {
        project.years.get(&year)
    };
    let prev = year.checked_sub(1).and_then(|p| project.years.get(&p));
    let schools: Vec<&School> = project
        .registry
        .schools
        .iter()
        .filter(|s| s.exists_in(year))
        .collect();
    let mut out = Vec::new();

    // 年度信息
    let status = data.map(|d| {
        cols::label(
            cols::STATUS,
            match d.status {
                crate::model::year::Status::Final => "final",
                crate::model::year::Status::Provisional => "provisional",
            },
        )
    });
    let header_vals = [
        Val::Num(f64::from(year)),
        Val::text(status.or(Some(cols::label(cols::STATUS, "final")))),
        Val::text(data.and_then(|d| d.as_of).map(|d| d.to_string()).as_deref()),
        Val::text(data.and_then(|d| d.source.as_deref())),
    ];
    out.push(Table {
        name: cols::SHEET_YEAR,
        columns: vec![
            Column {
                header: "项目".into(),
                note: "请勿修改本列".into(),
                kind: Kind::Text,
                readonly: true,
            },
            Column {
                header: "内容".into(),
                note: "年份决定导入时写入的文件 data/years/年份.yaml".into(),
                kind: Kind::Text,
                readonly: false,
            },
            Column {
                header: "说明".into(),
                note: String::new(),
                kind: Kind::Text,
                readonly: true,
            },
        ],
        rows: fields::HEADER
            .iter()
            .zip(header_vals)
            .map(|(f, v)| vec![Val::Text(f.header()), v, Val::Text(f.note.into())])
            .collect(),
        protect: false,
    });

    // 学校名录 (reference)
    let reg_cols = [
        ("学校代码", "学校 id（data/schools.yaml）", Kind::Text),
        ("学校名称", "", Kind::Text),
        ("学校类型", "", Kind::Enum(cols::SCHOOL_TYPES)),
        ("城乡", "城区 | 镇区 | 乡村", Kind::Enum(cols::LOCALITIES)),
        ("乡镇（街道）", "", Kind::Text),
        ("寄宿制", "是 / 否", Kind::Bool),
        ("上级学校", "教学点所属的中心校", Kind::Text),
        ("开办年份", "", Kind::Count),
        ("停办年份", "", Kind::Count),
        ("并入学校", "", Kind::Text),
    ];
    out.push(Table {
        name: cols::SHEET_REGISTRY,
        columns: reg_cols
            .iter()
            .map(|(h, n, k)| Column {
                header: h.to_string(),
                note: format!(
                    "学校名录以 data/schools.yaml 为准，本表仅供核对，导入时不读取{}",
                    if n.is_empty() {
                        String::new()
                    } else {
                        format!("；{n}")
                    }
                ),
                kind: *k,
                readonly: true,
            })
            .collect(),
        rows: schools
            .iter()
            .map(|s| {
                vec![
                    Val::Text(s.id.clone()),
                    Val::Text(s.name.clone()),
                    Val::Text(s.kind.zh().into()),
                    Val::Text(s.locality.zh().into()),
                    Val::text(s.township.as_deref()),
                    Val::Text(if s.boarding { "是" } else { "否" }.into()),
                    Val::text(s.parent.as_deref()),
                    Val::int(s.opened.map(u64::from)),
                    Val::int(s.closed.map(u64::from)),
                    Val::text(s.merged_into.as_deref()),
                ]
            })
            .collect(),
        protect: true,
    });

    out.push(Table {
        name: cols::SHEET_SCHOOLS,
        columns: school_columns(),
        rows: school_rows(&schools, data),
        protect: false,
    });
    out.push(Table {
        name: cols::SHEET_PREVIOUS,
        columns: school_columns(),
        rows: school_rows(&schools, prev),
        protect: true,
    });

    // 县级数据
    let cur = data.map(|d| county::flatten(&d.county)).unwrap_or_default();
    let old = prev.map(|d| county::flatten(&d.county)).unwrap_or_default();
    out.push(Table {
        name: cols::SHEET_COUNTY,
        columns: vec![
            Column {
                header: "字段".into(),
                note: "数据文件中的字段名，导入时按它（或“项目”列）找到该行；请勿修改".into(),
                kind: Kind::Text,
                readonly: true,
            },
            Column {
                header: "项目".into(),
                note: "请勿修改本列".into(),
                kind: Kind::Text,
                readonly: true,
            },
            Column {
                header: "数值".into(),
                note: "本年数值；一组数据（如交流轮岗的三项）要么都填，要么都不填（暂无数据）"
                    .into(),
                kind: Kind::Amount,
                readonly: false,
            },
            Column {
                header: "上年数值".into(),
                note: "上一年的数值，仅供对照，导入时不读取".into(),
                kind: Kind::Amount,
                readonly: true,
            },
            Column {
                header: "说明".into(),
                note: "含义和统计来源".into(),
                kind: Kind::Text,
                readonly: true,
            },
        ],
        rows: fields::COUNTY
            .iter()
            .map(|f| {
                vec![
                    Val::Text(f.key.into()),
                    Val::Text(f.header()),
                    Val::num(cur.get(f.key).copied()),
                    Val::num(old.get(f.key).copied()),
                    Val::Text(f.note.into()),
                ]
            })
            .chain(NotApplicable::ALL.into_iter().map(|n| {
                let declared = |d: Option<&YearData>| {
                    if d.is_some_and(|d| d.county.is_not_applicable(n)) {
                        Val::Text("是".into())
                    } else {
                        Val::Empty
                    }
                };
                vec![
                    Val::Text(format!("{NOT_APPLICABLE}.{}", n.key())),
                    Val::Text(format!("不适用：{}", n.zh())),
                    declared(data),
                    declared(prev),
                    Val::Text(
                        "填“是”表示该项不适用（报告中写“不适用”，不算暂无数据）；否则留空".into(),
                    ),
                ]
            }))
            .collect(),
        protect: false,
    });

    let c = data.map(|d| &d.county);
    out.push(Table {
        name: cols::SHEET_MONITORING,
        columns: field_columns(&fields::MONITORING),
        rows: c
            .and_then(|c| c.monitoring.as_ref())
            .map(|l| {
                l.iter()
                    .map(|m| {
                        vec![
                            Val::Text(m.subject.clone()),
                            Val::int(Some(m.grade)),
                            Val::int(Some(m.level)),
                            Val::Num(m.difference_rate),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        protect: false,
    });
    out.push(Table {
        name: cols::SHEET_RECOGNITION,
        columns: field_columns(&fields::RECOGNITION),
        rows: c
            .and_then(|c| c.recognition.as_ref())
            .map(|l| {
                l.iter()
                    .map(|g| {
                        vec![
                            Val::Text(g.group.clone()),
                            Val::int(Some(g.valid)),
                            Val::int(Some(g.satisfied)),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        protect: false,
    });
    // Evidence: every item listed, so a blank workbook shows what to fill.
    let ev = c.and_then(|c| c.evidence.as_ref());
    let mut ev_rows = Vec::new();
    if data.is_none() || ev.is_some() {
        for (id, req) in crate::model::year::EVIDENCE_ITEMS {
            let e = ev.and_then(|m| m.get(id));
            if data.is_some() && e.is_none() {
                continue;
            }
            let _ = req;
            ev_rows.push(vec![
                Val::Text(id.into()),
                e.map_or(Val::Empty, |e| {
                    Val::Text(if e.met { "是" } else { "否" }.into())
                }),
                Val::text(e.map(|e| documents_text(&e.documents)).as_deref()),
                Val::text(e.and_then(|e| e.note.as_deref())),
            ]);
        }
        // Items not in the known list (kept so nothing is lost).
        if let Some(m) = ev {
            for (id, e) in m {
                if !crate::model::year::EVIDENCE_ITEMS
                    .iter()
                    .any(|(k, _)| k == id)
                {
                    ev_rows.push(vec![
                        Val::Text(id.clone()),
                        Val::Text(if e.met { "是" } else { "否" }.into()),
                        Val::Text(documents_text(&e.documents)),
                        Val::text(e.note.as_deref()),
                    ]);
                }
            }
        }
    }
    let mut ev_cols = field_columns(&fields::EVIDENCE);
    ev_cols[0].note = format!(
        "{}：{}",
        ev_cols[0].note,
        crate::model::year::EVIDENCE_ITEMS
            .iter()
            .map(|(k, r)| format!("{k} {r}"))
            .collect::<Vec<_>>()
            .join("；")
    );
    out.push(Table {
        name: cols::SHEET_EVIDENCE,
        columns: ev_cols,
        rows: ev_rows,
        protect: false,
    });

    let date = |d: Option<crate::model::Date>| Val::text(d.map(|d| d.to_string()).as_deref());
    out.push(Table {
        name: cols::SHEET_PROJECTS,
        columns: field_columns(&fields::PROJECT),
        rows: data
            .map(|d| {
                d.projects
                    .iter()
                    .map(|p| {
                        vec![
                            Val::Text(p.project.clone()),
                            Val::Text(p.status.zh().into()),
                            Val::num(p.progress),
                            Val::num(p.invested_wan),
                            date(p.started),
                            date(p.completed),
                            Val::text(p.note.as_deref()),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        protect: false,
    });
    out.push(Table {
        name: cols::SHEET_TASKS,
        columns: field_columns(&fields::TASK),
        rows: data
            .map(|d| {
                d.tasks
                    .iter()
                    .map(|t| {
                        vec![
                            Val::Text(t.task.clone()),
                            Val::Text(t.status.zh().into()),
                            Val::text(t.note.as_deref()),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        protect: false,
    });
    out.push(Table {
        name: cols::SHEET_LEDGER,
        columns: field_columns(&fields::LEDGER),
        rows: data
            .map(|d| {
                d.ledger
                    .iter()
                    .map(|l| {
                        vec![
                            Val::Text(l.id.clone()),
                            Val::text(l.school.as_deref()),
                            Val::text(l.indicator.as_deref()),
                            Val::Text(l.problem.clone()),
                            Val::Text(l.measure.clone()),
                            Val::Text(l.owner.clone()),
                            date(Some(l.due)),
                            Val::Text(l.status.zh().into()),
                            date(l.rectified_on),
                            Val::text(l.note.as_deref()),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        protect: false,
    });
    out
}

/// Display width of a header (CJK counts double), for column widths.
fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.1 })
        .sum::<f64>()
}

/// Rows below the data that still get the drop-down lists (for rows the clerk adds).
const SPARE_ROWS: u32 = 200;

/// Write `tables` as a workbook; `date` fixes the document's creation date.
pub fn write_tables(tables: &[Table], date: crate::model::Date) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(date.year as u16, date.month as u8, date.day as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("junheng"),
    );
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let grey = Format::new().set_background_color("#F2F2F2");
    let wrap = Format::new().set_text_wrap();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name)?;
        ws.set_default_note_author("junheng");
        ws.set_row_height(0, 36)?;
        for (c, col) in t.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, &col.header, &head)?;
            if !col.note.is_empty() {
                ws.insert_note(0, c, &Note::new(&col.note).set_width(320).set_height(120))?;
            }
            let longest = t
                .rows
                .iter()
                .filter_map(|r| match r.get(c as usize) {
                    Some(Val::Text(s)) => Some(width(s.lines().next().unwrap_or(""))),
                    _ => None,
                })
                .fold(0.0, f64::max);
            let w = width(&col.header).min(24.0).max(longest.min(40.0)) + 2.0;
            ws.set_column_width(c, w.max(8.0))?;
            let list: Option<Vec<&str>> = match col.kind {
                Kind::Enum(l) if !col.readonly && !t.protect => {
                    Some(l.iter().map(|(_, zh)| *zh).collect())
                }
                Kind::Bool if !col.readonly && !t.protect => Some(vec!["是", "否"]),
                _ => None,
            };
            if let Some(list) = list {
                let dv = DataValidation::new()
                    .allow_list_strings(&list)?
                    .set_error_message(format!("请从下拉列表中选择：{}", list.join("、")))?;
                ws.add_data_validation(1, c, t.rows.len() as u32 + SPARE_ROWS, c, &dv)?;
            }
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let col = &t.columns[c];
                let c = c as u16;
                let fmt = if col.readonly && !t.protect {
                    Some(&grey)
                } else if col.kind == Kind::Text {
                    Some(&wrap)
                } else {
                    None
                };
                match (v, fmt) {
                    (Val::Empty, Some(f)) => {
                        ws.write_blank(r, c, f)?;
                    }
                    (Val::Empty, None) => {}
                    (Val::Num(x), Some(f)) => {
                        ws.write_number_with_format(r, c, *x, f)?;
                    }
                    (Val::Num(x), None) => {
                        ws.write_number(r, c, *x)?;
                    }
                    (Val::Text(s), Some(f)) => {
                        ws.write_string_with_format(r, c, crate::cells::neutralize(s), f)?;
                    }
                    (Val::Text(s), None) => {
                        ws.write_string(r, c, crate::cells::neutralize(s))?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        if t.protect {
            ws.protect();
        }
    }
    wb.save_to_buffer()
}

/// The workbook of year `year` (`blank`: values empty), as bytes.
pub fn workbook(project: &Project, year: u16, blank: bool) -> Result<Vec<u8>, XlsxError> {
    let date = project
        .years
        .get(&year)
        .and_then(|d| d.as_of)
        .unwrap_or(crate::model::Date {
            year: i32::from(year),
            month: 1,
            day: 1,
        });
    write_tables(&tables(project, year, blank), date)
}
