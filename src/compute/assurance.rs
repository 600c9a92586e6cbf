//! 政府保障程度: the 15 government-assurance items.

use serde::Serialize;

use super::items::{all_met, percent, Cmp, Detail, Failing, Item, Measure};
use super::quality::{training_funds, TrainingFundsDetail};
use super::resource::share;
use super::sections::{compulsory_students, school_entries};
use super::total;
use crate::load::Project;
use crate::model::items::requirement;
use crate::model::plan::LevelSel;
use crate::model::schools::{Locality, School, SchoolType};
use crate::model::standards::{meets, ClassBands, Standards};
use crate::model::year::{NotApplicable, SchoolYear, Section, YearData};
use crate::model::Level;

/// Music and art rooms needed for `classes` classes: `ceil(classes / per_room)`.
pub fn rooms_required(classes: u64, per_room: u64) -> u64 {
    if per_room == 0 {
        return 0;
    }
    classes.div_ceil(per_room)
}

/// Rooms of at least `min_m2` (the only ones that count).
pub fn qualifying_rooms(areas: &[f64], min_m2: f64) -> usize {
    areas.iter().filter(|&&a| meets(a, min_m2)).count()
}

/// One school's music and art rooms.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolRooms {
    pub school: String,
    pub name: String,
    /// Levels of its counted sections.
    pub levels: Vec<Level>,
    /// Classes of its counted sections.
    pub classes: u64,
    /// Rooms required of each kind.
    pub required: u64,
    pub music_rooms_m2: Vec<f64>,
    pub art_rooms_m2: Vec<f64>,
    /// Rooms at least the minimum area.
    pub music_qualifying: usize,
    pub art_qualifying: usize,
    pub met: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoomsDetail {
    pub schools: Vec<SchoolRooms>,
    pub schools_meeting: usize,
    /// Share of schools with counted sections meeting the requirement.
    pub share_meeting: Option<f64>,
}

impl RoomsDetail {
    /// Share of schools with counted sections of the selected level(s) meeting the requirement.
    pub fn rate(&self, sel: LevelSel) -> Option<f64> {
        let of: Vec<&SchoolRooms> = self
            .schools
            .iter()
            .filter(|s| match sel {
                LevelSel::All => true,
                LevelSel::One(l) => s.levels.contains(&l),
            })
            .collect();
        share(of.iter().filter(|s| s.met).count(), of.len())
    }
}

/// Rooms of every school item 3 judges (with pupils in a compulsory section).
pub fn rooms(project: &Project, year: &YearData) -> RoomsDetail {
    let st = &project.standards;
    let mut schools = Vec::new();
    for (school, entry) in school_entries(project, year) {
        let secs: Vec<(Level, &Section)> = school
            .kind
            .levels()
            .iter()
            .filter_map(|l| entry.section(*l).map(|s| (*l, s)))
            .filter(|(_, s)| s.students > 0)
            .collect();
        if secs.is_empty() || !st.rooms_judged(school.kind, compulsory_students(entry)) {
            continue;
        }
        let classes = total(secs.iter().map(|(_, s)| s.classes));
        let required = rooms_required(classes, st.classes_per_room);
        let music = entry.music_rooms_m2.clone().unwrap_or_default();
        let art = entry.art_rooms_m2.clone().unwrap_or_default();
        let music_qualifying = qualifying_rooms(&music, st.music_room_min_m2);
        let art_qualifying = qualifying_rooms(&art, st.art_room_min_m2);
        schools.push(SchoolRooms {
            school: school.id.clone(),
            name: school.name.clone(),
            levels: secs.iter().map(|(l, _)| *l).collect(),
            classes,
            required,
            met: music_qualifying as u64 >= required && art_qualifying as u64 >= required,
            music_rooms_m2: music,
            art_rooms_m2: art,
            music_qualifying,
            art_qualifying,
        });
    }
    schools.sort_by(|a, b| a.school.cmp(&b.school));
    let schools_meeting = schools.iter().filter(|s| s.met).count();
    RoomsDetail {
        share_meeting: share(schools_meeting, schools.len()),
        schools_meeting,
        schools,
    }
}

fn rooms_item(detail: RoomsDetail, st: &Standards, id: &str, req: &str) -> Item {
    let mut item = Item::new(id, req);
    item.measures.push(Measure {
        is_share: true,
        ..Measure::new(
            "schools_meeting",
            "达标学校比例",
            detail.share_meeting,
            Cmp::AtLeast,
            1.0,
        )
    });
    for s in detail.schools.iter().filter(|s| !s.met) {
        item.failing.push(Failing {
            school: s.school.clone(),
            name: s.name.clone(),
            reason: format!(
                "{} 个班，应有音乐、美术教室各 {} 间；达到面积要求（音乐 {} 平方米、美术 {} 平方米）的音乐教室 {} 间、美术教室 {} 间",
                s.classes,
                s.required,
                st.music_room_min_m2,
                st.art_room_min_m2,
                s.music_qualifying,
                s.art_qualifying
            ),
        });
    }
    item.detail = Some(Detail::Rooms(detail));
    item.settle()
}

/// One school's compulsory-stage size.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolSize {
    pub school: String,
    pub name: String,
    pub school_type: SchoolType,
    pub students: u64,
    pub limit: u64,
    pub met: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchoolSizeDetail {
    pub schools: Vec<SchoolSize>,
    /// Schools above their size limit.
    pub oversized: usize,
}

/// The size limit of a school of `kind`.
pub fn size_limit(kind: SchoolType, st: &Standards) -> u64 {
    if kind.is_through() {
        st.through_school_size_limit
    } else {
        st.school_size_limit
    }
}

/// The pupils item 4 (size) counts. Reading (standard.md §2): the compulsory
/// stage; a 完全中学 on its junior pupils unless `complete_middle_size_on_junior`
/// is off, when its senior pupils are added.
pub fn size_students(school: &School, entry: &SchoolYear, st: &Standards) -> u64 {
    let compulsory = compulsory_students(entry);
    if school.kind == SchoolType::CompleteMiddle && !st.complete_middle_size_on_junior {
        compulsory.saturating_add(entry.senior_students.unwrap_or(0))
    } else {
        compulsory
    }
}

pub fn school_sizes(project: &Project, year: &YearData) -> SchoolSizeDetail {
    let st = &project.standards;
    let mut schools: Vec<SchoolSize> = school_entries(project, year)
        .filter(|(s, _)| s.kind != SchoolType::Special)
        .map(|(s, e)| {
            let students = size_students(s, e, st);
            let limit = size_limit(s.kind, st);
            SchoolSize {
                school: s.id.clone(),
                name: s.name.clone(),
                school_type: s.kind,
                students,
                limit,
                met: students <= limit,
            }
        })
        .collect();
    schools.sort_by(|a, b| a.school.cmp(&b.school));
    let oversized = schools.iter().filter(|s| !s.met).count();
    SchoolSizeDetail { schools, oversized }
}

/// Classes per size band (偏大 / 大 / 超大).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Bands {
    pub somewhat_large: u64,
    pub large: u64,
    pub oversized: u64,
}

impl Bands {
    pub fn add(&mut self, size: u64, b: &ClassBands) {
        if size >= b.oversized_from {
            self.oversized += 1;
        } else if size >= b.large_from {
            self.large += 1;
        } else if size >= b.somewhat_large_from {
            self.somewhat_large += 1;
        }
    }
    pub fn of(sizes: &[u64], b: &ClassBands) -> Bands {
        let mut out = Bands::default();
        for &s in sizes {
            out.add(s, b);
        }
        out
    }
    fn plus(self, o: Bands) -> Bands {
        Bands {
            somewhat_large: self.somewhat_large + o.somewhat_large,
            large: self.large + o.large,
            oversized: self.oversized + o.oversized,
        }
    }
}

/// One section's class sizes.
#[derive(Debug, Clone, Serialize)]
pub struct SectionClasses {
    pub school: String,
    pub name: String,
    pub level: Level,
    pub classes: u64,
    pub limit: u64,
    /// The largest class, when known.
    pub max_class_size: Option<u64>,
    /// Classes above the limit: exact with `class_sizes`; without them, at least 1
    /// when the largest class is over.
    pub over_limit: u64,
    /// Whether `over_limit` and `bands` count every class (`class_sizes` given).
    pub exact: bool,
    pub bands: Bands,
    /// `None` when neither `class_sizes` nor `max_class_size` is given.
    pub met: Option<bool>,
}

/// A section's class profile against `limit`.
pub fn section_classes(
    section: &Section,
    limit: u64,
    b: &ClassBands,
) -> (Option<u64>, u64, bool, Bands) {
    match &section.class_sizes {
        Some(sizes) => (
            sizes.iter().copied().max().or(section.max_class_size),
            sizes.iter().filter(|&&s| s > limit).count() as u64,
            true,
            Bands::of(sizes, b),
        ),
        None => {
            let max = section.max_class_size;
            let over = u64::from(max.is_some_and(|m| m > limit));
            (max, over, false, Bands::of(max.as_slice(), b))
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassSizeDetail {
    /// Sections with pupils, sorted by school id then level.
    pub sections: Vec<SectionClasses>,
    /// Classes above the limit (a lower bound unless `exact`).
    pub over_limit: u64,
    pub exact: bool,
    pub bands: Bands,
}

pub fn class_sizes(project: &Project, year: &YearData) -> ClassSizeDetail {
    let st = &project.standards;
    let mut sections = Vec::new();
    for (school, entry) in school_entries(project, year) {
        for &level in school.kind.levels() {
            let Some(sec) = entry.section(level).filter(|s| s.students > 0) else {
                continue;
            };
            let limit = st.class_size_limit.get(level);
            let (max, over, exact, bands) = section_classes(sec, limit, &st.class_bands);
            let known = exact || max.is_some();
            sections.push(SectionClasses {
                school: school.id.clone(),
                name: school.name.clone(),
                level,
                classes: sec.classes,
                limit,
                max_class_size: max,
                over_limit: over,
                exact,
                bands,
                met: known.then_some(over == 0),
            });
        }
    }
    sections.sort_by(|a, b| (a.school.as_bytes(), a.level).cmp(&(b.school.as_bytes(), b.level)));
    ClassSizeDetail {
        over_limit: total(sections.iter().map(|s| s.over_limit)),
        exact: sections.iter().all(|s| s.exact || s.over_limit == 0),
        bands: sections
            .iter()
            .fold(Bands::default(), |a, s| a.plus(s.bands)),
        sections,
    }
}

/// One small school's funding.
#[derive(Debug, Clone, Serialize)]
pub struct SmallSchool {
    pub school: String,
    pub name: String,
    pub students: u64,
    pub funded_students: Option<u64>,
    pub met: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundingDetail {
    pub floor: u64,
    pub schools: Vec<SmallSchool>,
}

/// Village schools and teaching points with fewer pupils than the funding floor.
fn is_small_rural(school: &School, students: u64, floor: u64) -> bool {
    school.kind != SchoolType::Special
        && (school.locality == Locality::Rural || school.kind == SchoolType::TeachingPoint)
        && students > 0
        && students < floor
}

pub fn small_school_funding(project: &Project, year: &YearData) -> FundingDetail {
    let floor = project.standards.small_school_funding_floor;
    let mut schools: Vec<SmallSchool> = school_entries(project, year)
        .filter(|(s, e)| is_small_rural(s, compulsory_students(e), floor))
        .map(|(s, e)| SmallSchool {
            school: s.id.clone(),
            name: s.name.clone(),
            students: compulsory_students(e),
            funded_students: e.funded_students,
            met: e.funded_students.map(|f| f >= floor),
        })
        .collect();
    schools.sort_by(|a, b| a.school.cmp(&b.school));
    FundingDetail { floor, schools }
}

/// One school's certified teachers.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolCertification {
    pub school: String,
    pub name: String,
    pub teachers: u64,
    pub certified: u64,
    pub rate: Option<f64>,
    pub met: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificationDetail {
    pub teachers: u64,
    pub certified: u64,
    pub schools: Vec<SchoolCertification>,
}

pub fn certification(project: &Project, year: &YearData) -> CertificationDetail {
    let min = project.standards.certification_min;
    let mut schools: Vec<SchoolCertification> = school_entries(project, year)
        .filter(|(s, _)| s.kind != SchoolType::Special)
        .map(|(s, e)| {
            let secs = || s.kind.levels().iter().filter_map(|l| e.section(*l));
            let teachers = total(secs().map(|x| x.teachers));
            let certified = total(secs().map(|x| x.certified_teachers));
            let rate = super::ratio(certified as f64, teachers as f64);
            SchoolCertification {
                school: s.id.clone(),
                name: s.name.clone(),
                teachers,
                certified,
                rate,
                met: rate.map(|r| meets(r, min)),
            }
        })
        .collect();
    schools.sort_by(|a, b| a.school.cmp(&b.school));
    CertificationDetail {
        teachers: total(schools.iter().map(|s| s.teachers)),
        certified: total(schools.iter().map(|s| s.certified)),
        schools,
    }
}

/// The per-school facts the plan's metrics also read.
#[derive(Debug, Clone)]
pub struct SchoolFacts {
    pub rooms: RoomsDetail,
    pub sizes: SchoolSizeDetail,
    pub classes: ClassSizeDetail,
    pub funding: FundingDetail,
    pub certification: CertificationDetail,
    pub training: TrainingFundsDetail,
}

pub fn school_facts(project: &Project, year: &YearData) -> SchoolFacts {
    SchoolFacts {
        rooms: rooms(project, year),
        sizes: school_sizes(project, year),
        classes: class_sizes(project, year),
        funding: small_school_funding(project, year),
        certification: certification(project, year),
        training: training_funds(project, year),
    }
}

/// All 15 items, in order.
pub fn assurance(project: &Project, year: &YearData, facts: &SchoolFacts) -> Vec<Item> {
    let st = &project.standards;
    let c = &year.county;
    let ev = |id: &str| Item::from_evidence(c, id, &requirement(id, st));
    let item = |id: &str| Item::new(id, &requirement(id, st));
    let mut out = Vec::with_capacity(15);

    out.push(ev("gov-01-layout"));
    out.push(ev("gov-02-unified-standards"));
    out.push(rooms_item(
        facts.rooms.clone(),
        st,
        "gov-03-music-art-rooms",
        &requirement("gov-03-music-art-rooms", st),
    ));

    // 4: school size
    let mut it = item("gov-04-school-size");
    for s in facts.sizes.schools.iter().filter(|s| !s.met) {
        it.failing.push(Failing {
            school: s.school.clone(),
            name: s.name.clone(),
            reason: format!(
                "{} {} 人，超过 {} 人",
                if s.school_type == SchoolType::CompleteMiddle && !st.complete_middle_size_on_junior
                {
                    "初中、高中合计"
                } else {
                    "义务教育阶段"
                },
                s.students,
                s.limit
            ),
        });
    }
    it.detail = Some(Detail::SchoolSize(facts.sizes.clone()));
    out.push(it.settle());

    // 5: class size
    let mut it = item("gov-05-class-size");
    for s in &facts.classes.sections {
        match s.met {
            Some(false) => it.failing.push(Failing {
                school: s.school.clone(),
                name: s.name.clone(),
                reason: if s.exact {
                    format!(
                        "{} {} 个班超过 {} 人（最大班额 {} 人）",
                        s.level.zh(),
                        s.over_limit,
                        s.limit,
                        s.max_class_size.unwrap_or(0)
                    )
                } else {
                    format!(
                        "{} 最大班额 {} 人，超过 {} 人",
                        s.level.zh(),
                        s.max_class_size.unwrap_or(0),
                        s.limit
                    )
                },
            }),
            None => it.no_data.push(Failing {
                school: s.school.clone(),
                name: s.name.clone(),
                reason: format!("{} 未填写班额", s.level.zh()),
            }),
            Some(true) => {}
        }
    }
    it.detail = Some(Detail::ClassSize(facts.classes.clone()));
    out.push(it.settle());

    // 6: small-school funding
    let funding = facts.funding.clone();
    let mut it = item("gov-06-small-school-funding");
    for s in &funding.schools {
        let f = Failing {
            school: s.school.clone(),
            name: s.name.clone(),
            reason: match s.funded_students {
                Some(n) => format!(
                    "{} 名学生，按 {} 人核定公用经费，低于 {} 人",
                    s.students, n, funding.floor
                ),
                None => format!("{} 名学生，未填写核定公用经费的学生数", s.students),
            },
        };
        match s.met {
            Some(false) => it.failing.push(f),
            None => it.no_data.push(f),
            Some(true) => {}
        }
    }
    it.detail = Some(Detail::SmallSchoolFunding(funding));
    out.push(it.settle());

    // 7: special-education funds
    let mut it = item("gov-07-special-funds");
    let label = "特殊教育学校生均公用经费（元）";
    it.measures.push(
        if c.is_not_applicable(NotApplicable::SpecialSchoolFundsPerStudentYuan) {
            Measure::not_applicable(
                "per_student_yuan",
                label,
                Cmp::AtLeast,
                st.special_funds_min_yuan,
            )
        } else {
            Measure::new(
                "per_student_yuan",
                label,
                c.special_school_funds_per_student_yuan,
                Cmp::AtLeast,
                st.special_funds_min_yuan,
            )
        },
    );
    out.push(it.settle());

    // 8: teacher pay
    let mut it = item("gov-08-teacher-pay");
    it.measures.push(Measure::new(
        "teachers_avg_yuan",
        "教师平均工资收入（元），不低于当地公务员平均工资收入",
        c.salaries.as_ref().map(|s| s.teachers_avg_yuan),
        Cmp::AtLeast,
        c.salaries
            .as_ref()
            .map_or(0.0, |s| s.civil_servants_avg_yuan),
    ));
    out.push(it.settle());

    // 9: 360-hour training
    let mut it = item("gov-09-training-360");
    it.measures.push(match &c.training_360 {
        Some(t) => Measure::share(
            "completion",
            "5年360学时培训完成率",
            t.completed as f64,
            t.due as f64,
            Cmp::AtLeast,
            st.training_360_min,
        ),
        None => no_share("completion", "5年360学时培训完成率", st.training_360_min),
    });
    out.push(it.settle());

    out.push(ev("gov-10-staffing"));

    // 11: rotation
    let mut it = item("gov-11-rotation");
    match &c.rotation {
        Some(r) => {
            it.measures.push(Measure::share(
                "rotation",
                "交流轮岗教师比例",
                r.rotated as f64,
                r.eligible as f64,
                Cmp::AtLeast,
                st.rotation_min,
            ));
            it.measures.push(Measure::share(
                "backbone_share",
                "交流轮岗教师中骨干教师比例",
                r.backbone_rotated as f64,
                r.rotated as f64,
                Cmp::AtLeast,
                st.rotation_backbone_min,
            ));
        }
        None => {
            it.measures
                .push(no_share("rotation", "交流轮岗教师比例", st.rotation_min));
            it.measures.push(no_share(
                "backbone_share",
                "交流轮岗教师中骨干教师比例",
                st.rotation_backbone_min,
            ));
        }
    }
    out.push(it.settle());

    // 12: certification
    let cert = facts.certification.clone();
    let mut it = item("gov-12-certification");
    it.measures.push(Measure::share(
        "county",
        "全县专任教师持证上岗率",
        cert.certified as f64,
        cert.teachers as f64,
        Cmp::AtLeast,
        st.certification_min,
    ));
    for s in cert.schools.iter().filter(|s| s.met == Some(false)) {
        it.failing.push(Failing {
            school: s.school.clone(),
            name: s.name.clone(),
            reason: format!(
                "专任教师 {} 人，持证 {} 人（{}）",
                s.teachers,
                s.certified,
                percent(s.rate)
            ),
        });
    }
    it.detail = Some(Detail::Certification(cert));
    out.push(it.settle());

    // 13: nearby enrollment
    let mut it = item("gov-13-nearby-enrollment");
    for level in Level::ALL {
        let z = c.nearby_enrollment.as_ref().and_then(|n| match level {
            Level::Primary => n.primary.as_ref(),
            Level::Junior => n.junior.as_ref(),
        });
        let label = format!("{}就近划片入学比例", level.zh());
        let min = st.nearby_enrollment_min.get(level);
        it.measures.push(match z {
            Some(z) => Measure::share(
                level.key(),
                &label,
                z.in_zone as f64,
                z.total as f64,
                Cmp::AtLeast,
                min,
            ),
            None => no_share(level.key(), &label, min),
        });
    }
    out.push(it.settle());

    // 14: senior-high quota
    let mut it = item("gov-14-senior-quota");
    let label = "优质高中招生名额分配比例";
    it.measures.push(match &c.senior_quota {
        Some(q) => Measure::share(
            "allocated",
            label,
            q.allocated as f64,
            q.total as f64,
            Cmp::AtLeast,
            st.senior_quota_min,
        ),
        None => no_share("allocated", label, st.senior_quota_min),
    });
    out.push(it.settle());

    // 15: migrant children + left-behind care (evidence)
    let mut it = item("gov-15-migrant-children");
    let label = "随迁子女在公办学校和政府购买服务的民办学校就读比例";
    it.measures.push(match &c.migrant_children {
        _ if c.is_not_applicable(NotApplicable::MigrantChildren) => Measure {
            is_share: true,
            ..Measure::not_applicable("public_or_purchased", label, Cmp::AtLeast, st.migrant_min)
        },
        Some(m) => Measure::share(
            "public_or_purchased",
            label,
            m.public_or_purchased as f64,
            m.total as f64,
            Cmp::AtLeast,
            st.migrant_min,
        ),
        None => no_share("public_or_purchased", label, st.migrant_min),
    });
    it.evidence.push(super::items::evidence(
        c,
        "gov-15-left-behind",
        &requirement("gov-15-left-behind", st),
    ));
    out.push(it.settle());
    out
}

/// A share measure without data.
pub fn no_share(key: &str, label: &str, required: f64) -> Measure {
    Measure {
        is_share: true,
        ..Measure::new(key, label, None, Cmp::AtLeast, required)
    }
}

/// Whether all of `items` are met (`None` when some have no data and none fail).
pub fn items_met(items: &[Item]) -> Option<bool> {
    all_met(items.iter().filter(|i| !i.not_applicable).map(|i| i.met))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_requirement() {
        assert_eq!(rooms_required(0, 12), 0);
        assert_eq!(rooms_required(1, 12), 1);
        assert_eq!(rooms_required(12, 12), 1);
        assert_eq!(rooms_required(13, 12), 2);
        assert_eq!(rooms_required(25, 12), 3);
        assert_eq!(qualifying_rooms(&[96.0, 95.9, 120.0], 96.0), 2);
    }

    #[test]
    fn class_size_bands() {
        let b = ClassBands::default();
        let bands = Bands::of(&[45, 46, 55, 56, 65, 66, 80], &b);
        assert_eq!(
            bands,
            Bands {
                somewhat_large: 2,
                large: 2,
                oversized: 2
            }
        );
    }

    fn section(sizes: Option<Vec<u64>>, max: Option<u64>) -> Section {
        Section {
            students: 0,
            classes: sizes.as_ref().map_or(3, |s| s.len() as u64),
            class_sizes: sizes,
            max_class_size: max,
            teachers: 0,
            qualified_teachers: 0,
            backbone_teachers: 0,
            pe_art_teachers: 0,
            certified_teachers: 0,
            teaching_area_m2: None,
            sports_area_m2: None,
            equipment_value_yuan: None,
            multimedia_rooms: None,
        }
    }

    #[test]
    fn classes_over_the_limit() {
        let b = ClassBands::default();
        let (max, over, exact, bands) =
            section_classes(&section(Some(vec![44, 46, 57]), None), 45, &b);
        assert_eq!((max, over, exact), (Some(57), 2, true));
        assert_eq!((bands.somewhat_large, bands.large), (1, 1));
        // Only the largest class is known: at least one over.
        let (max, over, exact, _) = section_classes(&section(None, Some(52)), 50, &b);
        assert_eq!((max, over, exact), (Some(52), 1, false));
        let (_, over, _, _) = section_classes(&section(None, Some(50)), 50, &b);
        assert_eq!(over, 0);
    }
}
