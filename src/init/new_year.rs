//! `junheng new-year Y`: write `data/years/Y.yaml` from year Y−1's data.
//!
//! Design: the previous year is read with the normal loader (so a year folder's
//! files arrive merged) and the new year is written as ONE file by a small
//! emitter for the known model ([`super::emit`]). The previous file's comments are
//! not kept; instead every school entry is headed by the school's name, and the
//! file's header says where it came from and what to replace.
//!
//! What is carried over: every school entry (schools closed before Y dropped;
//! schools existing in Y without an entry, e.g. opened in Y, added as an
//! all-zero skeleton marked `# TODO`), the county figures, the major projects'
//! and key tasks' progress, and the ledger items not yet rectified (a rectified
//! item's closure stays recorded in Y−1). The header becomes `year: Y`,
//! `status: provisional`, `as_of` moved to Y, and `source` with the year replaced.

use std::path::Path;

use anyhow::bail;

use super::emit::{self, Entry, Item, MapBuilder, Node};
use super::yearfile::{annotate, county, ledger_entry, project_entry, school_entry, task_entry};
use crate::model::de::Date;
use crate::model::year::{LedgerItem, LedgerStatus, Status};
use crate::model::{School, YearData};

/// What `new_year` did, for the CLI's log.
#[derive(Debug, Clone)]
pub struct NewYear {
    /// The file written, relative to the project (`data/years/2025.yaml`).
    pub file: String,
    pub year: u16,
    pub from: u16,
    /// Where the previous year was read from (a file, or a folder merged).
    pub from_path: String,
    pub from_folder: bool,
    /// Schools dropped (closed before `year`): (id, name).
    pub dropped: Vec<(String, String)>,
    /// Schools added as empty skeletons: (id, name).
    pub added: Vec<(String, String)>,
    /// Rectified ledger items not carried over.
    pub ledger_closed: usize,
    /// Errors `check` finds in the previous year's files (copied along).
    pub previous_errors: usize,
}

impl std::fmt::Display for NewYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "已根据 {} 年的数据生成 {}{}（数据状态：初步数据）",
            self.from,
            self.file,
            if self.from_folder {
                "（原文件夹已合并为一个文件）"
            } else {
                ""
            }
        )?;
        for (id, name) in &self.dropped {
            writeln!(f, "  已删去 {name}（{id}）：{} 年前已停办", self.year)?;
        }
        for (id, name) in &self.added {
            writeln!(f, "  已为 {name}（{id}）添加空白条目：请填写（标有 TODO）")?;
        }
        if self.ledger_closed > 0 {
            writeln!(
                f,
                "  {} 年已整改的 {} 条台账没有复制",
                self.from, self.ledger_closed
            )?;
        }
        if self.previous_errors > 0 {
            writeln!(
                f,
                "注意：{} 年的数据有 {} 个错误，已一并复制到新文件中：请运行 `junheng check`",
                self.from, self.previous_errors
            )?;
        }
        writeln!(
            f,
            "下一步：把 {} 年的数字逐项替换为 {} 年的，然后运行 `junheng check`",
            self.from, self.year
        )
    }
}

/// The year files and folders in `data/years/`: (year, relative path), sorted.
fn year_entries(root: &Path) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(root.join("data/years")) else {
        return out;
    };
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        let stem = if is_dir {
            Some(name.as_str())
        } else {
            name.strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
        };
        if let Some(y) = stem
            .filter(|s| s.len() == 4)
            .and_then(|s| s.parse::<u16>().ok())
        {
            out.push((
                y,
                format!("data/years/{name}{}", if is_dir { "/" } else { "" }),
            ));
        }
    }
    out.sort();
    out
}

fn list_years(entries: &[(u16, String)]) -> String {
    let mut years: Vec<String> = entries.iter().map(|(y, _)| y.to_string()).collect();
    years.dedup();
    if years.is_empty() {
        "无".into()
    } else {
        years.join("、")
    }
}

/// Create `data/years/<year>.yaml` in the project at `root` from the previous year.
pub fn new_year(root: &Path, year: u16) -> anyhow::Result<NewYear> {
    if !root.join("data").is_dir() {
        bail!(
            "{} 中没有 data/ 文件夹：请在县的项目文件夹中运行，或用 --project 指定\
（`junheng init 文件夹` 可新建项目）",
            root.display()
        );
    }
    let (project, load_diags) = crate::load::load(root);
    if project.county_file.is_none() || project.registry_file.is_none() {
        bail!(
            "data/county.yaml 或 data/schools.yaml 无法读取：请先运行 `junheng check` 并修正错误"
        );
    }
    let [first, last] = project.period();
    if year < first || year > last {
        bail!(
            "{year} 年不在规划期 {first}—{last} 内（data/county.yaml 的 plan.period）：\
不能为它生成年份文件"
        );
    }
    let entries = year_entries(root);
    if let Some((_, path)) = entries.iter().find(|(y, _)| *y == year) {
        bail!("{year} 年已有数据（{path}）：不会覆盖（未做任何修改）");
    }
    if year == first {
        bail!(
            "{year} 年是规划首年，没有上一年的数据可以沿用。\
请自行编写 data/years/{year}.yaml（`junheng init` 生成的项目中有完整示例）"
        );
    }
    let prev = year - 1;
    let Some((_, prev_path)) = entries.iter().find(|(y, _)| *y == prev) else {
        bail!(
            "{prev} 年没有数据（没有 data/years/{prev}.yaml 或 data/years/{prev}/），无法据此生成 {year} 年。\
有数据的年份：{}",
            list_years(&entries)
        );
    };
    let Some(data) = project.years.get(&prev) else {
        bail!("{prev} 年的数据（{prev_path}）无法读取：请先运行 `junheng check` 并修正错误");
    };
    let previous_errors = previous_errors(&project, data, &load_diags);

    let mut out = NewYear {
        file: format!("data/years/{year}.yaml"),
        year,
        from: prev,
        from_path: prev_path.clone(),
        from_folder: prev_path.ends_with('/'),
        dropped: Vec::new(),
        added: Vec::new(),
        ledger_closed: 0,
        previous_errors,
    };
    let text = year_text(&project, data, year, &mut out);

    // Write atomically and never over an existing file.
    let dest = root.join(&out.file);
    crate::write::write_new_file(&dest, text.as_bytes())
        .map_err(|e| anyhow::anyhow!("无法创建 {}：{e}", out.file))?;
    Ok(out)
}

/// Errors in the previous year's files (load and validation).
fn previous_errors(
    project: &crate::load::Project,
    data: &YearData,
    load_diags: &crate::diag::Diagnostics,
) -> usize {
    let files: Vec<&str> = data
        .files
        .iter()
        .map(|f| project.file(*f).rel.as_str())
        .collect();
    let validated = crate::validate::validate(project);
    load_diags
        .items
        .iter()
        .chain(validated.items.iter())
        .filter(|d| d.is_error() && files.contains(&d.file.as_str()))
        .count()
}

/// The new year's YAML text.
fn year_text(project: &crate::load::Project, d: &YearData, year: u16, out: &mut NewYear) -> String {
    let prev = d.year;
    let mut header = vec![
        format!(
            "{year} 年数据（初步）：由 `junheng new-year {year}` 根据 {prev} 年的数据（{}）生成",
            out.from_path
        ),
        format!(
            "以下数字都是 {prev} 年的，请逐项替换为 {year} 年的统计数据；全部核实后把 status 改为 final"
        ),
    ];
    if out.from_folder {
        header.push(format!(
            "{prev} 年的数据是一个文件夹，这里已合并为一个文件（也可以再拆成 data/years/{year}/ 文件夹中的几个文件）"
        ));
    }

    // Schools: carried over, minus those that no longer exist, plus skeletons.
    let mut items = Vec::new();
    for s in &d.schools {
        let reg = project.school(&s.school);
        if let Some(r) = reg {
            if !r.exists_in(year) {
                out.dropped.push((r.id.clone(), r.name.clone()));
                continue;
            }
        }
        items.push(Item {
            value: school_entry(s),
            comment: reg.map(|r| format!("{}（{}）", r.name, r.kind.zh())),
        });
    }
    for r in &project.registry.schools {
        if r.exists_in(year) && !d.schools.iter().any(|s| s.school == r.id) {
            out.added.push((r.id.clone(), r.name.clone()));
            let why = match r.opened {
                Some(o) if o == year => format!("{year} 年新开办"),
                _ => format!("{prev} 年没有该校的记录"),
            };
            items.push(Item {
                value: skeleton(r),
                comment: Some(format!(
                    "{}（{}）\nTODO {why}：以下为空白模板（全部为 0），请填写 {year} 年的数据",
                    r.name,
                    r.kind.zh()
                )),
            });
        }
    }
    if !out.dropped.is_empty() {
        let names: Vec<String> = out.dropped.iter().map(|(_, n)| n.clone()).collect();
        header.push(format!(
            "{year} 年已不存在的学校（见 data/schools.yaml 的 closed）已删去：{}",
            names.join("、")
        ));
    }
    if !out.added.is_empty() {
        let names: Vec<String> = out.added.iter().map(|(_, n)| n.clone()).collect();
        header.push(format!(
            "新增学校的空白模板（标有 TODO）：{}",
            names.join("、")
        ));
    }

    let ledger: Vec<&LedgerItem> = d
        .ledger
        .iter()
        .filter(|l| l.status != LedgerStatus::Rectified)
        .collect();
    out.ledger_closed = d.ledger.len() - ledger.len();
    if out.ledger_closed > 0 {
        header.push(format!(
            "{prev} 年已整改（rectified）的 {} 条台账没有复制（其整改记录保留在 {prev} 年）",
            out.ledger_closed
        ));
    }

    let mut doc = vec![Entry {
        key: "year".into(),
        value: emit::int(u64::from(year)),
        comment: Some(format!("{}\n\n年份：与文件名一致", header.join("\n"))),
    }];
    doc.push(Entry {
        key: "status".into(),
        value: emit::key_of(&Status::Provisional),
        comment: Some("数据状态：provisional 初步数据 | final 正式数据".into()),
    });
    if let Some(a) = d.as_of {
        doc.push(Entry {
            key: "as_of".into(),
            value: emit::str(&move_date(a, year).to_string()),
            comment: Some("统计时点（年-月-日）".into()),
        });
    }
    if let Some(s) = &d.source {
        doc.push(Entry {
            key: "source".into(),
            value: emit::str(&s.replace(&prev.to_string(), &year.to_string())),
            comment: Some("数据来源：请核对".into()),
        });
    }
    doc.push(Entry {
        key: "schools".into(),
        value: Node::Seq(items),
        comment: Some("各校数据：当年存在的每所学校一条".into()),
    });
    if let Some(c) = county(&d.county) {
        doc.push(Entry {
            key: "county".into(),
            value: c,
            comment: Some(format!("全县数据（以下为 {prev} 年的数字，请更新）")),
        });
    }
    if !d.projects.is_empty() {
        doc.push(Entry {
            key: "projects".into(),
            value: Node::Seq(d.projects.iter().map(project_entry).collect()),
            comment: Some(format!(
                "重大项目进展：{year} 年年底的状态（复制自 {prev} 年，请更新）"
            )),
        });
    }
    if !d.tasks.is_empty() {
        doc.push(Entry {
            key: "tasks".into(),
            value: Node::Seq(d.tasks.iter().map(task_entry).collect()),
            comment: Some(format!("重点任务进展（复制自 {prev} 年，请更新）")),
        });
    }
    if !ledger.is_empty() {
        doc.push(Entry {
            key: "ledger".into(),
            value: Node::Seq(ledger.into_iter().map(ledger_entry).collect()),
            comment: Some(format!(
                "问题台账：{prev} 年未整改完的条目（请更新状态，整改完成的改为 rectified 并写 rectified_on）"
            )),
        });
    }
    annotate(&mut doc);
    emit::document(&doc)
}

/// The same day in `year` (29 February becomes the 28th in a common year).
fn move_date(d: Date, year: u16) -> Date {
    let year = i32::from(year);
    let s = format!("{year:04}-{:02}-{:02}", d.month, d.day);
    Date::parse(&s).unwrap_or(Date {
        year,
        month: d.month,
        day: 28,
    })
}

/// An all-zero entry for a school without data: valid (its sections are
/// excluded with a warning until filled in).
fn skeleton(r: &School) -> Node {
    let zero_section = || {
        MapBuilder::new()
            .add("students", emit::int(0))
            .add("classes", emit::int(0))
            .add("max_class_size", emit::int(0))
            .add("teachers", emit::int(0))
            .add("qualified_teachers", emit::int(0))
            .add("backbone_teachers", emit::int(0))
            .add("pe_art_teachers", emit::int(0))
            .add("certified_teachers", emit::int(0))
            .add("teaching_area_m2", emit::int(0))
            .add("sports_area_m2", emit::int(0))
            .add("equipment_value_yuan", emit::int(0))
            .add("multimedia_rooms", emit::int(0))
            .build()
    };
    let levels = r.kind.levels();
    let mut m = MapBuilder::new().add("school", emit::str(&r.id));
    for level in levels {
        m = m.add(level.key(), zero_section());
    }
    if r.kind.has_senior() {
        m = m.add("senior_students", emit::int(0));
    }
    if !levels.is_empty() {
        m = m
            .add("music_rooms_m2", emit::nums(&[]))
            .add("art_rooms_m2", emit::nums(&[]));
    } else {
        m = m.add("special_students", emit::int(0));
    }
    m.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_move_to_the_new_year() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(move_date(d, 2025).to_string(), "2025-02-28");
        assert_eq!(move_date(d, 2028).to_string(), "2028-02-29");
        let d = Date::parse("2024-09-01").unwrap();
        assert_eq!(move_date(d, 2025).to_string(), "2025-09-01");
    }
}
