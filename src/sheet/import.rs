//! `junheng import FILE.xlsx`: read a workbook laid out as `export` writes it
//! (also after a clerk edited and re-saved it in Excel, WPS or LibreOffice)
//! into a year file's YAML, remembering for each field path the cell it came
//! from, so that validation messages can name `学校数据!F12` and the school.
//!
//! Columns are found by their header (moved columns are fine), blank rows and
//! 合计 rows are skipped, merged name cells are filled down. Anything that is
//! not unambiguous is a [`Problem`] naming the sheet and cell. This module reads
//! and converts only: validation and writing are the command's (`sheet::run_import`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, Sheets};

use super::cell::{self, address, Value};
use super::columns::{self as cols, header_matches, Col, Kind};
use crate::init::emit::{self, Entry, Node};
use crate::init::yearfile;
use crate::load::Project;
use crate::model::fields::{self, Field};
use crate::model::year::{
    Assets, CountyYear, Document, Evidence, LedgerItem, LedgerStatus, Monitoring, NotApplicable,
    ProjectProgress, ProjectStatus, RecognitionGroup, SchoolYear, Section, TaskProgress,
    TaskStatus,
};
use crate::model::{Date, Level, Origin, School};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub sheet: String,
    /// `F12`; `None` for the sheet as a whole.
    pub cell: Option<String>,
    /// The school (`石柱县南宾小学（小学）`), if the row is a school's.
    pub school: Option<String>,
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "{}!{c}", self.sheet)?,
            None => write!(f, "工作表“{}”", self.sheet)?,
        }
        if let Some(s) = &self.school {
            write!(f, "（{s}）")?;
        }
        Ok(())
    }
}

/// Something in the workbook that cannot be read unambiguously.
#[derive(Debug, Clone)]
pub struct Problem {
    pub loc: Loc,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", self.loc, self.message)
    }
}

/// What was read from a workbook.
#[derive(Debug, Default)]
pub struct Read {
    pub year: Option<u16>,
    /// The year file's YAML (with the Chinese field comments).
    pub yaml: String,
    pub problems: Vec<Problem>,
    /// Things forgiven (skipped 合计 rows, blank rows filled by merged cells).
    pub notices: Vec<String>,
    /// Field path in the year file → the cell it came from.
    pub cells: BTreeMap<String, Loc>,
}

impl Read {
    /// The cell of a field path, or of its nearest parent that has one.
    pub fn locate(&self, path: &str) -> Option<&Loc> {
        let mut p = path.to_string();
        loop {
            if let Some(l) = self.cells.get(&p) {
                return Some(l);
            }
            let cut = p.rfind(['.', '['])?;
            p.truncate(cut);
        }
    }
}

/// One sheet's cells and merged regions.
struct Grid {
    name: String,
    range: Range<Data>,
    merged: Vec<Dimensions>,
    /// Cells given a value by a merged region above them (filled down).
    filled: HashMap<(u32, u32), Data>,
}

static EMPTY: Data = Data::Empty;

impl Grid {
    fn get(&self, r: u32, c: u32) -> &Data {
        if let Some(d) = self.filled.get(&(r, c)) {
            return d;
        }
        self.range.get_value((r, c)).unwrap_or(&EMPTY)
    }
    fn rows(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r + 1)
    }
    fn cols(&self) -> u32 {
        self.range.end().map_or(0, |(_, c)| c + 1)
    }
    fn loc(&self, r: u32, c: u32, school: Option<&str>) -> Loc {
        Loc {
            sheet: self.name.clone(),
            cell: Some(address(r, c)),
            school: school.map(str::to_string),
        }
    }
    fn text(&self, r: u32, c: u32) -> String {
        match cell::read(self.get(r, c), Kind::Text) {
            Ok(Value::Text(t)) => t,
            _ => String::new(),
        }
    }
    fn blank_row(&self, r: u32) -> bool {
        (0..self.cols()).all(|c| match self.get(r, c) {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        })
    }
    /// The merged region containing (r, c), if any.
    fn merge_at(&self, r: u32, c: u32) -> Option<&Dimensions> {
        self.merged
            .iter()
            .find(|m| m.start.0 <= r && r <= m.end.0 && m.start.1 <= c && c <= m.end.1)
    }
}

/// A matched column: the header row's cell for each field of a table.
struct Header {
    row: u32,
    /// Field index → column.
    cols: BTreeMap<usize, u32>,
}

/// Find the header row (within the first rows) and map each known header to its column.
/// Unknown headers above data, and repeated headers, are problems.
fn header(
    g: &Grid,
    names: &[(String, String, String)],
    required: &[usize],
    problems: &mut Vec<Problem>,
) -> Option<Header> {
    let mut best: Option<(u32, usize)> = None;
    for r in 0..g.rows().min(10) {
        let n = (0..g.cols())
            .filter(|c| {
                let t = g.text(r, *c);
                names.iter().any(|(h, l, k)| header_matches(&t, h, l, k))
            })
            .count();
        if n > 0 && best.is_none_or(|(_, b)| n > b) {
            best = Some((r, n));
        }
    }
    let Some((row, _)) = best else {
        if g.rows() > 0 {
            problems.push(Problem {
                loc: Loc {
                    sheet: g.name.clone(),
                    cell: None,
                    school: None,
                },
                message: format!(
                    "找不到标题行：前 10 行中没有可识别的列标题（应有“{}”等）",
                    names.first().map(|n| n.0.as_str()).unwrap_or("")
                ),
            });
        }
        return None;
    };
    let mut cols: BTreeMap<usize, u32> = BTreeMap::new();
    for c in 0..g.cols() {
        let t = g.text(row, c);
        if t.is_empty() {
            continue;
        }
        match names
            .iter()
            .position(|(h, l, k)| header_matches(&t, h, l, k))
        {
            Some(i) => {
                if let Some(prev) = cols.get(&i) {
                    problems.push(Problem {
                        loc: g.loc(row, c, None),
                        message: format!(
                            "列标题“{t}”重复：与 {} 是同一项，无法确定用哪一列",
                            address(row, *prev)
                        ),
                    });
                } else {
                    cols.insert(i, c);
                }
            }
            None => {
                let has_data = (row + 1..g.rows()).any(|r| !matches!(g.get(r, c), Data::Empty));
                if has_data {
                    problems.push(Problem {
                        loc: g.loc(row, c, None),
                        message: format!(
                            "无法识别的列标题“{t}”：请使用导出时的标题（如“{}”），或删除这一列",
                            names
                                .get(3.min(names.len() - 1))
                                .map(|n| n.0.as_str())
                                .unwrap_or("")
                        ),
                    });
                }
            }
        }
    }
    for i in required {
        if !cols.contains_key(i) {
            problems.push(Problem {
                loc: Loc {
                    sheet: g.name.clone(),
                    cell: Some(address(row, g.cols())),
                    school: None,
                },
                message: format!("缺少列“{}”", names[*i].0),
            });
        }
    }
    Some(Header { row, cols })
}

fn table_names(table: &[Field]) -> Vec<(String, String, String)> {
    table
        .iter()
        .map(|f| (f.header(), f.label.to_string(), f.key.to_string()))
        .collect()
}

/// The sheets of the workbook, by name.
fn open(path: &Path) -> anyhow::Result<Vec<Grid>> {
    let mut book: Sheets<_> = calamine::open_workbook_auto(path).map_err(|e| {
        anyhow::anyhow!(
            "无法读取 {}：{e}（应为 Excel、WPS 或 LibreOffice 保存的 .xlsx、.xls 或 .ods 文件）",
            path.display()
        )
    })?;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| anyhow::anyhow!("无法读取工作表“{name}”：{e}"))?;
        let merged = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        out.push(Grid {
            name,
            range,
            merged,
            filled: HashMap::new(),
        });
    }
    Ok(out)
}

/// A school row's values, by column.
struct Row {
    r: u32,
    school: usize,
    level: Option<Level>,
    label: String,
}

/// Values by field index, with their cells.
type Cells = BTreeMap<usize, (Value, Loc)>;

/// Per-school values gathered from its rows.
#[derive(Default)]
struct Gathered {
    first_row: u32,
    sections: BTreeMap<Level, (u32, Cells)>,
    school: BTreeMap<Col, (Value, Loc)>,
}

impl PartialOrd for Col {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Col {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let k = |c: &Col| match c {
            Col::Id => (0, 0),
            Col::Name => (1, 0),
            Col::Level => (2, 0),
            Col::Section(i) => (3, *i),
            Col::Shared(i) => (4, *i),
            Col::School(i) => (5, *i),
        };
        k(self).cmp(&k(other))
    }
}

fn is_total(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(t.as_str(), "合计" | "总计" | "小计" | "全县合计" | "总数") || t.ends_with("合计")
}

/// Read the workbook at `path` against the loaded project (its registry says
/// which schools exist and which sections they have).
pub fn read(path: &Path, project: &Project) -> anyhow::Result<Read> {
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", path.display()))?
        .len();
    if size > project.max_file_bytes() {
        anyhow::bail!(
            "{} 过大：{size} 字节，超过上限 {} 字节（可在 junheng.yaml 中设置 max_file_bytes）",
            path.display(),
            project.max_file_bytes()
        );
    }
    let mut grids = open(path)?;
    let mut out = Read::default();
    let find = |grids: &[Grid], name: &str| grids.iter().position(|g| g.name.trim() == name);
    let missing_sheet = |name: &str| Problem {
        loc: Loc {
            sheet: name.into(),
            cell: None,
            school: None,
        },
        message: "找不到这个工作表（请使用 `junheng export` 导出的工作簿，不要改工作表名称）"
            .into(),
    };

    // 年度信息
    let mut header_vals: BTreeMap<&str, (Value, Loc)> = BTreeMap::new();
    match find(&grids, cols::SHEET_YEAR) {
        None => out.problems.push(missing_sheet(cols::SHEET_YEAR)),
        Some(i) => {
            let g = &grids[i];
            for r in 0..g.rows() {
                let label = g.text(r, 0);
                if let Some(f) = fields::HEADER
                    .iter()
                    .find(|f| header_matches(&label, &f.header(), f.label, f.key))
                {
                    let loc = g.loc(r, 1, None);
                    match cell::read(g.get(r, 1), cols::kind(&fields::HEADER, f.key)) {
                        Ok(v) => {
                            header_vals.insert(f.key, (v, loc));
                        }
                        Err(e) => out.problems.push(Problem {
                            loc,
                            message: format!("{}：{e}", f.label),
                        }),
                    }
                }
            }
        }
    }
    let year_loc = header_vals.get("year").map(|(_, l)| l.clone());
    let year = match header_vals.get("year") {
        Some((Value::Count(y), _)) if (1900..=2200).contains(y) => Some(*y as u16),
        Some((v, l)) => {
            out.problems.push(Problem {
                loc: l.clone(),
                message: format!("年份应为四位数的年份，实为 {v:?}"),
            });
            None
        }
        None => {
            if find(&grids, cols::SHEET_YEAR).is_some() {
                out.problems.push(Problem {
                    loc: Loc {
                        sheet: cols::SHEET_YEAR.into(),
                        cell: None,
                        school: None,
                    },
                    message: "找不到“年份”一行".into(),
                });
            }
            None
        }
    };
    out.year = year;
    let Some(year) = year else {
        return Ok(out);
    };
    let [first, last] = project.period();
    if year < first || year > last {
        out.problems.push(Problem {
            loc: year_loc.clone().unwrap_or(Loc {
                sheet: cols::SHEET_YEAR.into(),
                cell: None,
                school: None,
            }),
            message: format!("{year} 年不在规划期 {first}—{last} 内"),
        });
    }
    if let Some(l) = year_loc {
        out.cells.insert("year".into(), l);
    }
    for k in ["status", "as_of", "source"] {
        if let Some((_, l)) = header_vals.get(k) {
            out.cells.insert(k.into(), l.clone());
        }
    }

    // 学校数据
    let mut schools: Vec<(usize, Gathered)> = Vec::new();
    if let Some(gi) = find(&grids, cols::SHEET_SCHOOLS) {
        read_schools(&mut grids[gi], project, year, &mut schools, &mut out);
    } else {
        out.problems.push(missing_sheet(cols::SHEET_SCHOOLS));
    }
    // Registry order.
    let order: HashMap<&str, usize> = project
        .registry
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    schools.sort_by_key(|(s, _)| *s);
    let _ = order;
    let mut entries = Vec::new();
    for (i, (s, g)) in schools.iter().enumerate() {
        let p = format!("schools[{i}]");
        entries.push(build_school(&project.registry.schools[*s], g, &p, &mut out));
    }

    // 县级数据 and the lists.
    let mut county = CountyYear::default();
    if let Some(gi) = find(&grids, cols::SHEET_COUNTY) {
        read_county(&grids[gi], &mut county, &mut out);
    }
    if let Some(gi) = find(&grids, cols::SHEET_MONITORING) {
        let rows = read_list(
            &grids[gi],
            &fields::MONITORING,
            &[0, 1, 2, 3],
            "county.monitoring",
            &mut out,
        );
        if !rows.is_empty() {
            county.monitoring = Some(
                rows.into_iter()
                    .map(|v| Monitoring {
                        subject: text(&v[0]),
                        grade: count(&v[1]),
                        level: count(&v[2]),
                        difference_rate: num(&v[3]).unwrap_or(0.0),
                    })
                    .collect(),
            );
        }
    }
    if let Some(gi) = find(&grids, cols::SHEET_RECOGNITION) {
        let rows = read_list(
            &grids[gi],
            &fields::RECOGNITION,
            &[0, 1, 2],
            "county.recognition",
            &mut out,
        );
        if !rows.is_empty() {
            county.recognition = Some(
                rows.into_iter()
                    .map(|v| RecognitionGroup {
                        group: text(&v[0]),
                        valid: count(&v[1]),
                        satisfied: count(&v[2]),
                    })
                    .collect(),
            );
        }
    }
    if let Some(gi) = find(&grids, cols::SHEET_EVIDENCE) {
        // Rows without a judgement (a blank template's) are left out.
        let g = &grids[gi];
        let rows = read_list_keyed(g, &fields::EVIDENCE, &[0], &mut out);
        let mut ev = BTreeMap::new();
        for (r, v) in rows {
            let id = text(&v[0]);
            if matches!(v[1], Value::Empty)
                && matches!(v[2], Value::Empty)
                && matches!(v[3], Value::Empty)
            {
                continue;
            }
            let Value::Bool(met) = v[1] else {
                out.problems.push(Problem {
                    loc: g.loc(r, 1, None),
                    message: format!("{id}：请填写“是否达到”（是 / 否）"),
                });
                continue;
            };
            let loc = g.loc(r, 0, None);
            if ev.contains_key(&id) {
                out.problems.push(Problem {
                    loc,
                    message: format!("事项 {id} 重复"),
                });
                continue;
            }
            out.cells.insert(format!("county.evidence.{id}"), loc);
            ev.insert(
                id,
                Evidence {
                    met,
                    documents: documents(&text(&v[2])),
                    note: opt_text(&v[3]),
                },
            );
        }
        if !ev.is_empty() {
            county.evidence = Some(ev);
        }
    }
    let mut projects = Vec::new();
    if let Some(gi) = find(&grids, cols::SHEET_PROJECTS) {
        for v in read_list(&grids[gi], &fields::PROJECT, &[0, 1], "projects", &mut out) {
            projects.push(ProjectProgress {
                project: text(&v[0]),
                status: enum_key::<ProjectStatus>(&v[1]),
                progress: num(&v[2]),
                invested_wan: num(&v[3]),
                started: date(&v[4]),
                completed: date(&v[5]),
                note: opt_text(&v[6]),
                origin: Origin::default(),
            });
        }
    }
    let mut tasks = Vec::new();
    if let Some(gi) = find(&grids, cols::SHEET_TASKS) {
        for v in read_list(&grids[gi], &fields::TASK, &[0, 1], "tasks", &mut out) {
            tasks.push(TaskProgress {
                task: text(&v[0]),
                status: enum_key::<TaskStatus>(&v[1]),
                note: opt_text(&v[2]),
                origin: Origin::default(),
            });
        }
    }
    let mut ledger = Vec::new();
    if let Some(gi) = find(&grids, cols::SHEET_LEDGER) {
        for v in read_list(
            &grids[gi],
            &fields::LEDGER,
            &[0, 3, 4, 5, 6, 7],
            "ledger",
            &mut out,
        ) {
            // A school given by its name is written as its id.
            let school = opt_text(&v[1]).map(|s| {
                project
                    .registry
                    .schools
                    .iter()
                    .find(|x| x.name == s)
                    .map_or(s, |x| x.id.clone())
            });
            ledger.push(LedgerItem {
                id: text(&v[0]),
                school,
                indicator: opt_text(&v[2]),
                problem: text(&v[3]),
                measure: text(&v[4]),
                owner: text(&v[5]),
                due: date(&v[6]).unwrap_or(Date {
                    year: i32::from(year),
                    month: 1,
                    day: 1,
                }),
                status: enum_key::<LedgerStatus>(&v[7]),
                rectified_on: date(&v[8]),
                note: opt_text(&v[9]),
                origin: Origin::default(),
            });
        }
    }

    // The document.
    let status = match header_vals.get("status") {
        Some((Value::Key(k), _)) => *k,
        _ => "final",
    };
    let mut doc = vec![
        Entry {
            key: "year".into(),
            value: emit::int(u64::from(year)),
            comment: Some(format!(
                "{year} 年数据：由 `junheng import` 从工作簿 {} 导入\n修改时可以再导出为工作簿（junheng export --year {year}），也可以直接编辑本文件\n\n{}",
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                fields::HEADER[0].comment()
            )),
        },
        Entry {
            key: "status".into(),
            value: Node::Scalar(status.into()),
            comment: None,
        },
    ];
    if let Some((Value::Date(d), _)) = header_vals.get("as_of") {
        doc.push(Entry {
            key: "as_of".into(),
            value: emit::str(&d.to_string()),
            comment: None,
        });
    }
    if let Some((Value::Text(s), _)) = header_vals.get("source") {
        doc.push(Entry {
            key: "source".into(),
            value: emit::str(s),
            comment: None,
        });
    }
    doc.push(Entry {
        key: "schools".into(),
        value: Node::Seq(
            entries
                .iter()
                .zip(&schools)
                .map(|(e, (s, _))| emit::Item {
                    value: yearfile::school_entry(e),
                    comment: Some(format!(
                        "{}（{}）",
                        project.registry.schools[*s].name,
                        project.registry.schools[*s].kind.zh()
                    )),
                })
                .collect(),
        ),
        comment: None,
    });
    if let Some(c) = yearfile::county(&county) {
        doc.push(Entry {
            key: "county".into(),
            value: c,
            comment: None,
        });
    }
    for (key, items) in [
        (
            "projects",
            projects
                .iter()
                .map(yearfile::project_entry)
                .collect::<Vec<_>>(),
        ),
        ("tasks", tasks.iter().map(yearfile::task_entry).collect()),
        (
            "ledger",
            ledger.iter().map(yearfile::ledger_entry).collect(),
        ),
    ] {
        if !items.is_empty() {
            doc.push(Entry {
                key: key.into(),
                value: Node::Seq(items),
                comment: None,
            });
        }
    }
    yearfile::annotate(&mut doc);
    out.yaml = emit::document(&doc);
    Ok(out)
}

fn text(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        _ => String::new(),
    }
}
fn opt_text(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) => Some(t.clone()),
        _ => None,
    }
}
fn count(v: &Value) -> u64 {
    match v {
        Value::Count(n) => *n,
        _ => 0,
    }
}
fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Num(x) => Some(*x),
        Value::Count(n) => Some(*n as f64),
        _ => None,
    }
}
fn date(v: &Value) -> Option<Date> {
    match v {
        Value::Date(d) => Some(*d),
        _ => None,
    }
}
fn enum_key<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    let k = match v {
        Value::Key(k) => *k,
        _ => "",
    };
    serde_json::from_value(serde_json::Value::String(k.into()))
        .or_else(|_| serde_json::from_value(serde_json::json!("planned")))
        .or_else(|_| serde_json::from_value(serde_json::json!("not_started")))
        .or_else(|_| serde_json::from_value(serde_json::json!("open")))
        .expect("every status enum has a first variant")
}

/// Documents: one per line, `title | date | file`.
fn documents(s: &str) -> Vec<Document> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split('|').map(str::trim).collect();
            if parts.len() == 1 {
                Document::Title(parts[0].to_string())
            } else {
                Document::Full {
                    title: parts[0].to_string(),
                    date: parts.get(1).and_then(|d| cell::text_date(d)),
                    file: parts
                        .get(2)
                        .filter(|f| !f.is_empty())
                        .map(|f| f.to_string()),
                }
            }
        })
        .collect()
}

/// A list sheet's rows (blank and 合计 rows skipped), with required fields checked;
/// every field's cell is recorded under `prefix[i].key`.
fn read_list(
    g: &Grid,
    table: &'static [Field],
    required: &[usize],
    prefix: &str,
    out: &mut Read,
) -> Vec<Vec<Value>> {
    let rows = read_list_keyed(g, table, required, out);
    let mut res = Vec::new();
    for (i, (r, v)) in rows.into_iter().enumerate() {
        for (k, f) in table.iter().enumerate() {
            let c = g.merge_at(r, 0).map_or(0, |_| 0) + k as u32;
            let _ = c;
            out.cells.insert(
                format!("{prefix}[{i}].{}", f.key),
                g.loc(r, col_of(g, table, k), None),
            );
        }
        out.cells.insert(
            format!("{prefix}[{i}]"),
            g.loc(r, col_of(g, table, 0), None),
        );
        res.push(v);
    }
    res
}

/// The column of field `k` (by header) or `k` itself.
fn col_of(g: &Grid, table: &'static [Field], k: usize) -> u32 {
    let names = table_names(table);
    let mut none = Vec::new();
    header(g, &names, &[], &mut none)
        .and_then(|h| h.cols.get(&k).copied())
        .unwrap_or(k as u32)
}

fn read_list_keyed(
    g: &Grid,
    table: &'static [Field],
    required: &[usize],
    out: &mut Read,
) -> Vec<(u32, Vec<Value>)> {
    let names = table_names(table);
    let Some(h) = header(g, &names, &[], &mut out.problems) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for r in h.row + 1..g.rows() {
        if g.blank_row(r) {
            continue;
        }
        if h.cols.values().any(|c| is_total(&g.text(r, *c))) {
            out.notices
                .push(format!("已跳过合计行 {}!{}", g.name, address(r, 0)));
            continue;
        }
        let mut vals = Vec::new();
        let mut ok = true;
        for (k, f) in table.iter().enumerate() {
            let v = match h.cols.get(&k) {
                None => Value::Empty,
                Some(c) => match cell::read(g.get(r, *c), cols::kind(table, f.key)) {
                    Ok(v) => v,
                    Err(e) => {
                        out.problems.push(Problem {
                            loc: g.loc(r, *c, None),
                            message: format!("{}：{e}", f.header()),
                        });
                        ok = false;
                        Value::Empty
                    }
                },
            };
            if ok && required.contains(&k) && v == Value::Empty {
                out.problems.push(Problem {
                    loc: g.loc(r, h.cols.get(&k).copied().unwrap_or(k as u32), None),
                    message: format!("未填写“{}”", f.header()),
                });
                ok = false;
            }
            vals.push(v);
        }
        if ok {
            rows.push((r, vals));
        }
    }
    rows
}

fn read_county(g: &Grid, county: &mut CountyYear, out: &mut Read) {
    let names = vec![
        ("字段".to_string(), "字段".to_string(), "key".to_string()),
        ("项目".to_string(), "项目".to_string(), "item".to_string()),
        ("数值".to_string(), "数值".to_string(), "value".to_string()),
        (
            "上年数值".to_string(),
            "上年数值".to_string(),
            "previous".to_string(),
        ),
        ("说明".to_string(), "说明".to_string(), "note".to_string()),
    ];
    let Some(h) = header(g, &names, &[2], &mut out.problems) else {
        return;
    };
    let Some(&vc) = h.cols.get(&2) else { return };
    let mut values: BTreeMap<String, f64> = BTreeMap::new();
    let mut rows: BTreeMap<&str, u32> = BTreeMap::new();
    for r in h.row + 1..g.rows() {
        if g.blank_row(r) {
            continue;
        }
        let key = h.cols.get(&0).map(|c| g.text(r, *c)).unwrap_or_default();
        let item = h.cols.get(&1).map(|c| g.text(r, *c)).unwrap_or_default();
        if let Some(n) = NotApplicable::ALL.into_iter().find(|n| {
            key == format!("{}.{}", super::export::NOT_APPLICABLE, n.key())
                || item == format!("不适用：{}", n.zh())
        }) {
            match cell::read(g.get(r, vc), Kind::Bool) {
                Ok(Value::Bool(true)) => {
                    let i = county.not_applicable.get_or_insert_with(Vec::new).len();
                    out.cells
                        .insert(format!("county.not_applicable[{i}]"), g.loc(r, vc, None));
                    county.not_applicable.get_or_insert_with(Vec::new).push(n);
                }
                Ok(_) => {}
                Err(e) => out.problems.push(Problem {
                    loc: g.loc(r, vc, None),
                    message: format!("不适用：{e}"),
                }),
            }
            continue;
        }
        let f = fields::COUNTY.iter().find(|f| f.key == key).or_else(|| {
            fields::COUNTY
                .iter()
                .find(|f| !item.is_empty() && header_matches(&item, &f.header(), f.label, f.key))
        });
        let Some(f) = f else {
            if matches!(g.get(r, vc), Data::Empty) {
                continue;
            }
            out.problems.push(Problem {
                loc: g.loc(r, h.cols.get(&0).copied().unwrap_or(0), None),
                message: format!(
                    "无法识别的项目“{}”",
                    if key.is_empty() { &item } else { &key }
                ),
            });
            continue;
        };
        if let Some(prev) = rows.insert(f.key, r) {
            out.problems.push(Problem {
                loc: g.loc(r, vc, None),
                message: format!("“{}”重复：与第 {} 行是同一项", f.header(), prev + 1),
            });
            continue;
        }
        out.cells
            .insert(format!("county.{}", f.key), g.loc(r, vc, None));
        match cell::read(g.get(r, vc), cols::kind(&fields::COUNTY, f.key)) {
            Ok(Value::Empty) => {}
            Ok(v) => {
                values.insert(f.key.to_string(), num(&v).unwrap_or(0.0));
            }
            Err(e) => out.problems.push(Problem {
                loc: g.loc(r, vc, None),
                message: format!("{}：{e}", f.header()),
            }),
        }
    }
    for k in county_unflatten(&values, county) {
        let f = fields::COUNTY.iter().find(|f| f.key == k);
        out.problems.push(Problem {
            loc: rows
                .get(k.as_str())
                .map(|r| g.loc(*r, vc, None))
                .unwrap_or(Loc {
                    sheet: g.name.clone(),
                    cell: None,
                    school: None,
                }),
            message: format!(
                "未填写“{}”：同一组的其他数值已填写，请补全，或整组都不填（暂无数据）",
                f.map(Field::header).unwrap_or(k)
            ),
        });
    }
    // Group paths point at their first figure.
    for (k, _) in fields::COUNTY_GROUPS {
        if let Some((p, l)) = out
            .cells
            .iter()
            .find(|(p, _)| p.starts_with(&format!("county.{k}.")))
            .map(|(p, l)| (p.clone(), l.clone()))
        {
            let _ = p;
            out.cells.entry(format!("county.{k}")).or_insert(l);
        }
    }
}

fn county_unflatten(values: &BTreeMap<String, f64>, county: &mut CountyYear) -> Vec<String> {
    super::county::unflatten(values, county)
}

fn read_schools(
    g: &mut Grid,
    project: &Project,
    year: u16,
    schools: &mut Vec<(usize, Gathered)>,
    out: &mut Read,
) {
    let all = Col::all();
    let names: Vec<(String, String, String)> = all
        .iter()
        .map(|c| {
            let label = c
                .field()
                .map(|(_, f)| f.label.to_string())
                .unwrap_or_else(|| c.header());
            (c.header(), label, c.key())
        })
        .collect();
    let required: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, c)| match c {
            Col::Section(i) => !matches!(
                fields::SECTION[*i].key,
                "class_sizes"
                    | "max_class_size"
                    | "teaching_area_m2"
                    | "sports_area_m2"
                    | "equipment_value_yuan"
                    | "multimedia_rooms"
            ),
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    let Some(h) = header(g, &names, &required, &mut out.problems) else {
        return;
    };
    let col_of = |c: Col| {
        all.iter()
            .position(|x| *x == c)
            .and_then(|i| h.cols.get(&i).copied())
    };
    if col_of(Col::Id).is_none() && col_of(Col::Name).is_none() {
        out.problems.push(Problem {
            loc: g.loc(h.row, 0, None),
            message: "缺少列“学校代码”或“学校名称”：无法确定每一行是哪所学校".into(),
        });
        return;
    }
    // Merged cells: names and levels are filled down; a merge over figures is refused
    // unless it only spans one school's rows in a whole-school column (checked below).
    let ident: Vec<u32> = [Col::Id, Col::Name, Col::Level]
        .into_iter()
        .filter_map(col_of)
        .collect();
    let mut fill = Vec::new();
    for m in &g.merged {
        if m.end.0 <= h.row {
            continue;
        }
        for c in m.start.1..=m.end.1 {
            if ident.contains(&c) {
                let v = g.get(m.start.0, c).clone();
                for r in m.start.0..=m.end.0 {
                    fill.push(((r, c), v.clone()));
                }
            }
        }
    }
    for (k, v) in fill {
        g.filled.insert(k, v);
    }
    let g: &Grid = g;
    let label = |s: &School, l: Option<Level>| match l {
        Some(l) => format!("{}，{}", s.name, l.zh()),
        None => s.name.clone(),
    };
    let mut seen: BTreeMap<(String, Option<Level>), u32> = BTreeMap::new();
    let mut rows: Vec<Row> = Vec::new();
    for r in h.row + 1..g.rows() {
        if g.blank_row(r) {
            continue;
        }
        let id = col_of(Col::Id).map(|c| g.text(r, c)).unwrap_or_default();
        let name = col_of(Col::Name).map(|c| g.text(r, c)).unwrap_or_default();
        if is_total(&id) || is_total(&name) {
            out.notices
                .push(format!("已跳过合计行 {}!{}", g.name, address(r, 0)));
            continue;
        }
        let id_cell = col_of(Col::Id).or(col_of(Col::Name)).unwrap_or(0);
        let school = if !id.is_empty() {
            project.registry.schools.iter().position(|s| s.id == id)
        } else {
            project.registry.schools.iter().position(|s| s.name == name)
        };
        let Some(si) = school else {
            let what = if id.is_empty() { &name } else { &id };
            out.problems.push(Problem {
                loc: g.loc(r, id_cell, None),
                message: if what.is_empty() {
                    "这一行有数据，但没有填写学校代码或学校名称".into()
                } else {
                    format!(
                        "未知学校“{what}”：学校名录（data/schools.yaml）中没有这所学校{}",
                        crate::diag::suggest(
                            what,
                            project.registry.schools.iter().map(|s| if id.is_empty() {
                                s.name.as_str()
                            } else {
                                s.id.as_str()
                            })
                        )
                        .map(|s| format!("，是否为“{s}”？"))
                        .unwrap_or_default()
                    )
                },
            });
            continue;
        };
        let s = &project.registry.schools[si];
        if !s.exists_in(year) {
            out.problems.push(Problem {
                loc: g.loc(r, id_cell, Some(&s.name)),
                message: format!(
                    "{} 在 {year} 年不存在（见 data/schools.yaml 的 opened、closed），不应有数据",
                    s.name
                ),
            });
            continue;
        }
        let level_cell = col_of(Col::Level);
        let level_text = level_cell.map(|c| g.get(r, c).clone()).unwrap_or_default();
        let level = match cell::read(&level_text, Kind::Enum(cols::LEVELS)) {
            Ok(Value::Key("primary")) => Some(Level::Primary),
            Ok(Value::Key("junior")) => Some(Level::Junior),
            Ok(Value::Key(_)) => None,
            Ok(_) => match s.kind.levels() {
                [] => None,
                [l] => Some(*l),
                _ => {
                    out.problems.push(Problem {
                        loc: g.loc(r, level_cell.unwrap_or(id_cell), Some(&s.name)),
                        message: format!(
                            "未填写学段：{}有小学和初中两个学段，请填“小学”或“初中”",
                            s.kind.zh()
                        ),
                    });
                    continue;
                }
            },
            Err(e) => {
                out.problems.push(Problem {
                    loc: g.loc(r, level_cell.unwrap_or(id_cell), Some(&s.name)),
                    message: format!("学段：{e}"),
                });
                continue;
            }
        };
        if let Some(l) = level {
            if !s.kind.has(l) {
                out.problems.push(Problem {
                    loc: g.loc(r, level_cell.unwrap_or(id_cell), Some(&s.name)),
                    message: format!("{}（{}）没有{}学段", s.name, s.kind.zh(), l.zh()),
                });
                continue;
            }
        } else if !s.kind.levels().is_empty() {
            out.problems.push(Problem {
                loc: g.loc(r, level_cell.unwrap_or(id_cell), Some(&s.name)),
                message: format!(
                    "{}（{}）应按学段分行填写（小学 / 初中），不能填“全校”",
                    s.name,
                    s.kind.zh()
                ),
            });
            continue;
        }
        if let Some(prev) = seen.insert((s.id.clone(), level), r) {
            out.problems.push(Problem {
                loc: g.loc(r, id_cell, Some(&label(s, level))),
                message: format!(
                    "学校重复：{}的{}已在第 {} 行（{}!{}）填写过",
                    s.name,
                    level.map_or("数据", |l| l.zh()),
                    prev + 1,
                    g.name,
                    address(prev, id_cell)
                ),
            });
            continue;
        }
        rows.push(Row {
            r,
            school: si,
            level,
            label: label(s, level),
        });
    }
    // Gather values.
    for row in &rows {
        let s: &School = &project.registry.schools[row.school];
        let gi = match schools.iter().position(|(x, _)| *x == row.school) {
            Some(i) => i,
            None => {
                schools.push((
                    row.school,
                    Gathered {
                        first_row: row.r,
                        ..Default::default()
                    },
                ));
                schools.len() - 1
            }
        };
        let mut section_vals = BTreeMap::new();
        for c in &all {
            let Some(cc) = col_of(*c) else { continue };
            if matches!(c, Col::Id | Col::Name | Col::Level) {
                continue;
            }
            let loc = g.loc(row.r, cc, Some(&row.label));
            if let Some(m) = g.merge_at(row.r, cc) {
                let multi = m.end.0 > m.start.0 || m.end.1 > m.start.1;
                let same_school = (m.start.0..=m.end.0).all(|r| {
                    rows.iter().any(|x| x.r == r && x.school == row.school) || g.blank_row(r)
                });
                if multi && (matches!(c, Col::Section(_)) || m.end.1 > m.start.1 || !same_school) {
                    if m.start == (row.r, cc) {
                        out.problems.push(Problem {
                            loc,
                            message: format!(
                                "合并单元格 {}:{}：合并后只有左上角一格有值，无法确定每一行的“{}”，请取消合并并逐行填写",
                                address(m.start.0, m.start.1),
                                address(m.end.0, m.end.1),
                                c.header()
                            ),
                        });
                    }
                    continue;
                }
            }
            let v = match cell::read(g.get(row.r, cc), c.kind()) {
                Ok(v) => v,
                Err(e) => {
                    out.problems.push(Problem {
                        loc,
                        message: format!("{}：{e}", c.header()),
                    });
                    continue;
                }
            };
            if v == Value::Empty {
                continue;
            }
            match c {
                Col::Section(i) => {
                    if row.level.is_none() {
                        out.problems.push(Problem {
                            loc,
                            message: format!("“全校”一行不填学段数据“{}”", c.header()),
                        });
                    } else {
                        section_vals.insert(*i, (v, loc));
                    }
                }
                _ => {
                    let gs = &mut schools[gi].1.school;
                    match gs.get(c) {
                        Some((old, old_loc)) if *old != v => out.problems.push(Problem {
                            loc,
                            message: format!(
                                "“{}”与 {} 填写的值不同：全校项目只填一次（写在该校第一行）",
                                c.header(),
                                old_loc.cell.as_deref().unwrap_or("")
                            ),
                        }),
                        Some(_) => {}
                        None => {
                            gs.insert(*c, (v, loc));
                        }
                    }
                }
            }
        }
        if let Some(l) = row.level {
            schools[gi].1.sections.insert(l, (row.r, section_vals));
        }
        if row.r < schools[gi].1.first_row {
            schools[gi].1.first_row = row.r;
        }
        out.cells.entry(format!("@{}", s.id)).or_insert(g.loc(
            row.r,
            col_of(Col::Id).or(col_of(Col::Name)).unwrap_or(0),
            Some(&row.label),
        ));
        if let Some(l) = row.level {
            out.cells.insert(
                format!("@{}.{}", s.id, l.key()),
                g.loc(row.r, col_of(Col::Level).unwrap_or(0), Some(&row.label)),
            );
        }
    }
}

fn build_school(s: &School, g: &Gathered, p: &str, out: &mut Read) -> SchoolYear {
    let mut e = SchoolYear {
        school: s.id.clone(),
        primary: None,
        junior: None,
        senior_students: None,
        shared: None,
        music_rooms_m2: None,
        art_rooms_m2: None,
        public_funds_yuan: None,
        training_funds_yuan: None,
        funded_students: None,
        special_students: None,
        confirmed_changes: None,
        origin: Origin::default(),
    };
    if let Some(l) = out.cells.get(&format!("@{}", s.id)).cloned() {
        out.cells.insert(p.to_string(), l.clone());
        out.cells.insert(format!("{p}.school"), l);
    }
    for (level, (_, vals)) in &g.sections {
        let sp = format!("{p}.{}", level.key());
        if let Some(l) = out
            .cells
            .get(&format!("@{}.{}", s.id, level.key()))
            .cloned()
        {
            out.cells.insert(sp.clone(), l);
        }
        let get = |key: &str| {
            fields::SECTION
                .iter()
                .position(|f| f.key == key)
                .and_then(|i| vals.get(&i))
        };
        for (i, (_, loc)) in vals {
            out.cells
                .insert(format!("{sp}.{}", fields::SECTION[*i].key), loc.clone());
        }
        let req = |key: &str, out: &mut Read| -> u64 {
            match get(key) {
                Some((v, _)) => count(v),
                None => {
                    let loc = out.cells.get(&sp).cloned().unwrap_or(Loc {
                        sheet: cols::SHEET_SCHOOLS.into(),
                        cell: None,
                        school: Some(s.name.clone()),
                    });
                    let f = fields::find(&fields::SECTION, key).expect("section key");
                    out.problems.push(Problem {
                        loc,
                        message: format!("未填写“{}”", f.header()),
                    });
                    0
                }
            }
        };
        let sec = Section {
            students: req("students", out),
            classes: req("classes", out),
            class_sizes: get("class_sizes").and_then(|(v, _)| match v {
                Value::Counts(c) => Some(c.clone()),
                _ => None,
            }),
            max_class_size: get("max_class_size").map(|(v, _)| count(v)),
            teachers: req("teachers", out),
            qualified_teachers: req("qualified_teachers", out),
            backbone_teachers: req("backbone_teachers", out),
            pe_art_teachers: req("pe_art_teachers", out),
            certified_teachers: req("certified_teachers", out),
            teaching_area_m2: get("teaching_area_m2").and_then(|(v, _)| num(v)),
            sports_area_m2: get("sports_area_m2").and_then(|(v, _)| num(v)),
            equipment_value_yuan: get("equipment_value_yuan").and_then(|(v, _)| num(v)),
            multimedia_rooms: get("multimedia_rooms").map(|(v, _)| count(v)),
        };
        match level {
            Level::Primary => e.primary = Some(sec),
            Level::Junior => e.junior = Some(sec),
        }
    }
    let mut shared = Assets::default();
    let mut any_shared = false;
    for (c, (v, loc)) in &g.school {
        match c {
            Col::Shared(i) => {
                any_shared = true;
                let key = fields::SHARED[*i].key;
                out.cells.insert(format!("{p}.shared.{key}"), loc.clone());
                out.cells
                    .entry(format!("{p}.shared"))
                    .or_insert(loc.clone());
                match key {
                    "teaching_area_m2" => shared.teaching_area_m2 = num(v),
                    "sports_area_m2" => shared.sports_area_m2 = num(v),
                    "equipment_value_yuan" => shared.equipment_value_yuan = num(v),
                    _ => shared.multimedia_rooms = Some(count(v)),
                }
            }
            Col::School(i) => {
                let key = fields::SCHOOL[*i].key;
                out.cells.insert(format!("{p}.{key}"), loc.clone());
                let list = |v: &Value| match v {
                    Value::List(l) => Some(l.clone()),
                    _ => None,
                };
                match key {
                    "senior_students" => e.senior_students = Some(count(v)),
                    "music_rooms_m2" => e.music_rooms_m2 = list(v),
                    "art_rooms_m2" => e.art_rooms_m2 = list(v),
                    "public_funds_yuan" => e.public_funds_yuan = num(v),
                    "training_funds_yuan" => e.training_funds_yuan = num(v),
                    "funded_students" => e.funded_students = Some(count(v)),
                    _ => e.special_students = Some(count(v)),
                }
            }
            _ => {}
        }
    }
    if any_shared {
        e.shared = Some(shared);
    }
    e
}
