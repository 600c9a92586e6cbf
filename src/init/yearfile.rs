//! The year file's YAML from the typed model: one function per kind of entry,
//! and [`annotate`], which puts the Chinese field comments of
//! [`crate::model::fields`] above each key the first time it appears in a
//! document. Shared by `new-year` and `import`; writes text, reads no file.

use std::collections::BTreeSet;

use super::emit::{self, Entry, Item, MapBuilder, Node};
use crate::model::fields::{self, Field};
use crate::model::year::{
    Assets, CountyYear, Document, LedgerItem, ProjectProgress, SchoolYear, Section, TaskProgress,
};

pub fn section(s: &Section) -> Node {
    MapBuilder::new()
        .add("students", emit::int(s.students))
        .add("classes", emit::int(s.classes))
        .opt("class_sizes", s.class_sizes.as_deref().map(emit::ints))
        .opt("max_class_size", s.max_class_size.map(emit::int))
        .add("teachers", emit::int(s.teachers))
        .add("qualified_teachers", emit::int(s.qualified_teachers))
        .add("backbone_teachers", emit::int(s.backbone_teachers))
        .add("pe_art_teachers", emit::int(s.pe_art_teachers))
        .add("certified_teachers", emit::int(s.certified_teachers))
        .opt("teaching_area_m2", s.teaching_area_m2.map(emit::num))
        .opt("sports_area_m2", s.sports_area_m2.map(emit::num))
        .opt(
            "equipment_value_yuan",
            s.equipment_value_yuan.map(emit::num),
        )
        .opt("multimedia_rooms", s.multimedia_rooms.map(emit::int))
        .build()
}

pub fn assets(a: &Assets) -> Node {
    MapBuilder::new()
        .opt("teaching_area_m2", a.teaching_area_m2.map(emit::num))
        .opt("sports_area_m2", a.sports_area_m2.map(emit::num))
        .opt(
            "equipment_value_yuan",
            a.equipment_value_yuan.map(emit::num),
        )
        .opt("multimedia_rooms", a.multimedia_rooms.map(emit::int))
        .build()
}

pub fn school_entry(s: &SchoolYear) -> Node {
    MapBuilder::new()
        .add("school", emit::str(&s.school))
        .opt("primary", s.primary.as_ref().map(section))
        .opt("junior", s.junior.as_ref().map(section))
        .opt("senior_students", s.senior_students.map(emit::int))
        .opt("shared", s.shared.as_ref().map(assets))
        .opt(
            "music_rooms_m2",
            s.music_rooms_m2.as_deref().map(emit::nums),
        )
        .opt("art_rooms_m2", s.art_rooms_m2.as_deref().map(emit::nums))
        .opt("public_funds_yuan", s.public_funds_yuan.map(emit::num))
        .opt("training_funds_yuan", s.training_funds_yuan.map(emit::num))
        .opt("funded_students", s.funded_students.map(emit::int))
        .opt("special_students", s.special_students.map(emit::int))
        .build()
}

pub fn pair(entries: &[(&str, u64)]) -> Node {
    let mut m = MapBuilder::new();
    for (k, v) in entries {
        m = m.add(k, emit::int(*v));
    }
    m.build()
}

pub fn county(c: &CountyYear) -> Option<Node> {
    let m = MapBuilder::new()
        .opt(
            "salaries",
            c.salaries.as_ref().map(|s| {
                MapBuilder::new()
                    .add("teachers_avg_yuan", emit::num(s.teachers_avg_yuan))
                    .add(
                        "civil_servants_avg_yuan",
                        emit::num(s.civil_servants_avg_yuan),
                    )
                    .build()
            }),
        )
        .opt(
            "training_360",
            c.training_360
                .as_ref()
                .map(|t| pair(&[("due", t.due), ("completed", t.completed)])),
        )
        .opt(
            "rotation",
            c.rotation.as_ref().map(|r| {
                pair(&[
                    ("eligible", r.eligible),
                    ("rotated", r.rotated),
                    ("backbone_rotated", r.backbone_rotated),
                ])
            }),
        )
        .opt(
            "nearby_enrollment",
            c.nearby_enrollment.as_ref().map(|n| {
                let z = |z: &crate::model::year::InZone| {
                    pair(&[("in_zone", z.in_zone), ("total", z.total)])
                };
                MapBuilder::new()
                    .opt("primary", n.primary.as_ref().map(z))
                    .opt("junior", n.junior.as_ref().map(z))
                    .build()
            }),
        )
        .opt(
            "senior_quota",
            c.senior_quota
                .as_ref()
                .map(|q| pair(&[("allocated", q.allocated), ("total", q.total)])),
        )
        .opt(
            "migrant_children",
            c.migrant_children.as_ref().map(|m| {
                pair(&[
                    ("total", m.total),
                    ("public_or_purchased", m.public_or_purchased),
                ])
            }),
        )
        .opt(
            "special_school_funds_per_student_yuan",
            c.special_school_funds_per_student_yuan.map(emit::num),
        )
        .opt(
            "retention",
            c.retention.as_ref().map(|r| {
                let one = |r: &crate::model::year::Retention| {
                    pair(&[
                        ("cohort", r.cohort),
                        ("deaths", r.deaths),
                        ("graduates", r.graduates),
                        ("transferred_in", r.transferred_in),
                        ("transferred_out", r.transferred_out),
                    ])
                };
                MapBuilder::new()
                    .opt("primary", r.primary.as_ref().map(one))
                    .opt("junior", r.junior.as_ref().map(one))
                    .build()
            }),
        )
        .opt(
            "disabled_children",
            c.disabled_children
                .as_ref()
                .map(|d| pair(&[("eligible", d.eligible), ("enrolled", d.enrolled)])),
        )
        .opt(
            "monitoring",
            c.monitoring.as_ref().map(|list| {
                Node::Seq(
                    list.iter()
                        .map(|m| Item {
                            value: MapBuilder::new()
                                .add("subject", emit::str(&m.subject))
                                .add("grade", emit::int(m.grade))
                                .add("level", emit::int(m.level))
                                .add("difference_rate", emit::num(m.difference_rate))
                                .build(),
                            comment: None,
                        })
                        .collect(),
                )
            }),
        )
        .opt(
            "recognition",
            c.recognition.as_ref().map(|list| {
                Node::Seq(
                    list.iter()
                        .map(|g| Item {
                            value: MapBuilder::new()
                                .add("group", emit::str(&g.group))
                                .add("valid", emit::int(g.valid))
                                .add("satisfied", emit::int(g.satisfied))
                                .build(),
                            comment: None,
                        })
                        .collect(),
                )
            }),
        )
        .opt(
            "evidence",
            c.evidence.as_ref().map(|ev| {
                let mut m = MapBuilder::new();
                for (id, e) in ev {
                    let docs: Vec<Item> = e
                        .documents
                        .iter()
                        .map(|d| Item {
                            value: match d {
                                Document::Title(t) => emit::str(t),
                                Document::Full { title, date, file } => MapBuilder::new()
                                    .add("title", emit::str(title))
                                    .opt("date", date.map(|d| emit::str(&d.to_string())))
                                    .opt("file", file.as_deref().map(emit::str))
                                    .build(),
                            },
                            comment: None,
                        })
                        .collect();
                    m = m.add(
                        id,
                        MapBuilder::new()
                            .add("met", emit::bool(e.met))
                            .add("documents", Node::Seq(docs))
                            .opt("note", e.note.as_deref().map(emit::str))
                            .build(),
                    );
                }
                m.build()
            }),
        )
        .opt(
            "not_applicable",
            c.not_applicable
                .as_ref()
                .map(|l| Node::Flow(l.iter().map(|n| n.key().to_string()).collect())),
        )
        .build();
    match &m {
        Node::Map(e) if e.is_empty() => None,
        _ => Some(m),
    }
}

pub fn project_entry(p: &ProjectProgress) -> Item {
    Item {
        value: MapBuilder::new()
            .add("project", emit::str(&p.project))
            .add("status", emit::key_of(&p.status))
            .opt("progress", p.progress.map(emit::num))
            .opt("invested_wan", p.invested_wan.map(emit::num))
            .opt("started", p.started.map(|d| emit::str(&d.to_string())))
            .opt("completed", p.completed.map(|d| emit::str(&d.to_string())))
            .opt("note", p.note.as_deref().map(emit::str))
            .build(),
        comment: None,
    }
}

pub fn task_entry(t: &TaskProgress) -> Item {
    Item {
        value: MapBuilder::new()
            .add("task", emit::str(&t.task))
            .add("status", emit::key_of(&t.status))
            .opt("note", t.note.as_deref().map(emit::str))
            .build(),
        comment: None,
    }
}

pub fn ledger_entry(l: &LedgerItem) -> Item {
    Item {
        value: MapBuilder::new()
            .add("id", emit::str(&l.id))
            .opt("school", l.school.as_deref().map(emit::str))
            .opt("indicator", l.indicator.as_deref().map(emit::str))
            .add("problem", emit::str(&l.problem))
            .add("measure", emit::str(&l.measure))
            .add("owner", emit::str(&l.owner))
            .add("due", emit::str(&l.due.to_string()))
            .add("status", emit::key_of(&l.status))
            .opt(
                "rectified_on",
                l.rectified_on.map(|d| emit::str(&d.to_string())),
            )
            .opt("note", l.note.as_deref().map(emit::str))
            .build(),
        comment: None,
    }
}

/// Fill the field-comment placeholders of a commented YAML text: a comment
/// line `# @section:students@` becomes `# 在校生数（人）：…` from
/// [`crate::model::fields`], so the starter's guidance and `export`'s header
/// notes are the same text. Unknown placeholders are left as they are.
pub fn fill_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let filled = body
            .strip_prefix("# @")
            .and_then(|r| r.trim_end().strip_suffix('@'))
            .and_then(|r| r.split_once(':'))
            .and_then(|(table, key)| {
                let t: &'static [Field] = match table {
                    "header" => &fields::HEADER,
                    "section" => &fields::SECTION,
                    "shared" => &fields::SHARED,
                    "school" => &fields::SCHOOL,
                    "county" => &fields::COUNTY,
                    "monitoring" => &fields::MONITORING,
                    "recognition" => &fields::RECOGNITION,
                    "project" => &fields::PROJECT,
                    "task" => &fields::TASK,
                    "ledger" => &fields::LEDGER,
                    "group" => {
                        return fields::COUNTY_GROUPS
                            .iter()
                            .find(|(k, _)| *k == key)
                            .map(|(_, c)| c.to_string())
                    }
                    _ => return None,
                };
                fields::comment(t, key)
            });
        match filled {
            Some(c) => {
                out.push_str(indent);
                out.push_str("# ");
                out.push_str(&c);
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Which comment table applies below a key.
#[derive(Clone, Copy)]
enum Ctx {
    Top,
    School,
    Section,
    Shared,
    /// Below `county`, with the dotted path so far.
    County,
    Monitoring,
    Recognition,
    Project,
    Task,
    Ledger,
    None,
}

/// Put the Chinese field comments above each key of a year document the first
/// time that key appears (a file of 60 schools explains each field once, on the
/// first entry). Entries that already carry a comment keep it.
pub fn annotate(doc: &mut [Entry]) {
    let mut seen = BTreeSet::new();
    annotate_map(doc, Ctx::Top, "", &mut seen);
}

fn note(table: &'static [Field], key: &str) -> Option<String> {
    fields::comment(table, key)
}

fn annotate_map(entries: &mut [Entry], ctx: Ctx, prefix: &str, seen: &mut BTreeSet<String>) {
    for e in entries.iter_mut() {
        let path = if prefix.is_empty() {
            e.key.clone()
        } else {
            format!("{prefix}.{}", e.key)
        };
        let (text, child) = match ctx {
            Ctx::Top => match e.key.as_str() {
                "schools" => (
                    Some("各校数据：当年存在的每所学校一条（学校名录见 data/schools.yaml）".into()),
                    Ctx::School,
                ),
                "county" => (
                    Some("全县数据：各项均来自县级统计或专项工作材料".into()),
                    Ctx::County,
                ),
                "projects" => (
                    Some("重大项目进展：data/plan.yaml 中每个重大项目当年年底的进展".into()),
                    Ctx::Project,
                ),
                "tasks" => (
                    Some("重点任务进展：data/plan.yaml 中各项重点任务当年的进展".into()),
                    Ctx::Task,
                ),
                "ledger" => (
                    Some("问题台账：当年发现或更新的问题，每个问题一条；整改后把 status 改为 rectified 并写 rectified_on".into()),
                    Ctx::Ledger,
                ),
                k => (note(&fields::HEADER, k), Ctx::None),
            },
            Ctx::School => match e.key.as_str() {
                "school" => (
                    Some("学校 id：与 data/schools.yaml 中的 id 一致".into()),
                    Ctx::None,
                ),
                "primary" => (
                    Some("小学部（学段）数据：小学、九年一贯制、十二年一贯制学校和教学点填写".into()),
                    Ctx::Section,
                ),
                "junior" => (
                    Some("初中部（学段）数据：初中、九年一贯制、十二年一贯制学校和完全中学填写".into()),
                    Ctx::Section,
                ),
                "shared" => (
                    Some("全校合计资产：资产不能分学段统计时填写，按加权学生数自动分摊到各学段".into()),
                    Ctx::Shared,
                ),
                k => (note(&fields::SCHOOL, k), Ctx::None),
            },
            Ctx::Section => (note(&fields::SECTION, &e.key), Ctx::None),
            Ctx::Shared => (note(&fields::SHARED, &e.key), Ctx::None),
            Ctx::County => {
                let group = fields::COUNTY_GROUPS
                    .iter()
                    .find(|(k, _)| *k == path.trim_start_matches("county."))
                    .map(|(_, c)| c.to_string());
                let leaf = note(&fields::COUNTY, path.trim_start_matches("county."));
                let child = match e.key.as_str() {
                    "monitoring" => Ctx::Monitoring,
                    "recognition" => Ctx::Recognition,
                    "evidence" => Ctx::None,
                    _ => Ctx::County,
                };
                let text = if e.key == "evidence" {
                    Some("依据佐证材料评定的事项：met 是否达到（true/false），documents 佐证材料名称，note 说明".into())
                } else {
                    leaf.or(group).or_else(|| match e.key.as_str() {
                        "primary" => Some("小学".into()),
                        "junior" => Some("初中".into()),
                        _ => None,
                    })
                };
                (text, child)
            }
            Ctx::Monitoring => (note(&fields::MONITORING, &e.key), Ctx::None),
            Ctx::Recognition => (note(&fields::RECOGNITION, &e.key), Ctx::None),
            Ctx::Project => (note(&fields::PROJECT, &e.key), Ctx::None),
            Ctx::Task => (note(&fields::TASK, &e.key), Ctx::None),
            Ctx::Ledger => (note(&fields::LEDGER, &e.key), Ctx::None),
            Ctx::None => (None, Ctx::None),
        };
        // Below the county block the path itself is the key; elsewhere one comment per key and context.
        let seen_key = match ctx {
            Ctx::County => path.clone(),
            _ => format!("{}:{}", ctx_name(ctx), e.key),
        };
        if e.comment.is_none() {
            if let Some(t) = text {
                if seen.insert(seen_key) {
                    e.comment = Some(t);
                }
            }
        }
        match &mut e.value {
            Node::Map(m) => annotate_map(m, child, &path, seen),
            Node::Seq(items) => {
                for it in items.iter_mut() {
                    if let Node::Map(m) = &mut it.value {
                        annotate_map(m, child, &path, seen);
                    }
                }
            }
            _ => {}
        }
    }
}

fn ctx_name(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Top => "top",
        Ctx::School => "school",
        Ctx::Section => "section",
        Ctx::Shared => "shared",
        Ctx::County => "county",
        Ctx::Monitoring => "monitoring",
        Ctx::Recognition => "recognition",
        Ctx::Project => "project",
        Ctx::Task => "task",
        Ctx::Ledger => "ledger",
        Ctx::None => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_each_key_once_from_the_field_table() {
        let school = || {
            MapBuilder::new()
                .add("school", emit::str("a"))
                .add(
                    "primary",
                    MapBuilder::new()
                        .add("students", emit::int(10))
                        .add("teachers", emit::int(2))
                        .build(),
                )
                .add("music_rooms_m2", emit::nums(&[]))
                .build()
        };
        let mut doc = vec![
            Entry {
                key: "year".into(),
                value: emit::int(2025),
                comment: None,
            },
            Entry {
                key: "schools".into(),
                value: Node::Seq(vec![
                    Item {
                        value: school(),
                        comment: None,
                    },
                    Item {
                        value: school(),
                        comment: None,
                    },
                ]),
                comment: None,
            },
        ];
        annotate(&mut doc);
        let text = emit::document(&doc);
        let students = fields::comment(&fields::SECTION, "students").unwrap();
        assert_eq!(text.matches(&students).count(), 1, "{text}");
        assert!(text.contains(&fields::comment(&fields::HEADER, "year").unwrap()));
        assert!(text.contains(&fields::comment(&fields::SCHOOL, "music_rooms_m2").unwrap()));
    }
}
