//! The workbook's layout: sheet names, the columns of each sheet and the kind
//! of value each column holds. One table for `export`, `--blank` and `import`;
//! the Chinese names, units and notes come from [`crate::model::fields`].
//!
//! Layout only: no reading or writing of cells here.

use crate::model::fields::{self, Field};

pub const SHEET_YEAR: &str = "年度信息";
pub const SHEET_REGISTRY: &str = "学校名录";
pub const SHEET_SCHOOLS: &str = "学校数据";
pub const SHEET_PREVIOUS: &str = "上年学校数据";
pub const SHEET_COUNTY: &str = "县级数据";
pub const SHEET_MONITORING: &str = "质量监测";
pub const SHEET_RECOGNITION: &str = "满意度调查";
pub const SHEET_EVIDENCE: &str = "佐证材料";
pub const SHEET_PROJECTS: &str = "重大项目";
pub const SHEET_TASKS: &str = "重点任务";
pub const SHEET_LEDGER: &str = "问题台账";

/// The value a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A non-negative integer (pupils, classes, rooms).
    Count,
    /// A non-negative number (areas, money).
    Amount,
    /// A share 0–1 (a percentage like `60%` is read as 0.6).
    Share,
    /// A decimal rate (a percentage is read as a share too).
    Rate,
    /// A list of integers in one cell (`45,44,43`).
    Counts,
    /// A list of numbers in one cell (`96,100`; `无` for an empty list).
    Amounts,
    Text,
    /// `YYYY-MM-DD` (or a spreadsheet date).
    Date,
    /// 是 / 否.
    Bool,
    /// One of a closed list: (key, Chinese label).
    Enum(&'static [(&'static str, &'static str)]),
}

pub const LEVELS: &[(&str, &str)] = &[("primary", "小学"), ("junior", "初中"), ("school", "全校")];
pub const STATUS: &[(&str, &str)] = &[("final", "正式数据"), ("provisional", "初步数据")];
pub const PROJECT_STATUS: &[(&str, &str)] = &[
    ("planned", "未启动"),
    ("preparing", "前期工作"),
    ("in_progress", "在建"),
    ("completed", "已竣工"),
];
pub const TASK_STATUS: &[(&str, &str)] = &[
    ("not_started", "未开始"),
    ("on_track", "按计划推进"),
    ("behind", "滞后"),
    ("completed", "已完成"),
];
pub const LEDGER_STATUS: &[(&str, &str)] = &[
    ("open", "未整改"),
    ("in_progress", "整改中"),
    ("rectified", "已整改"),
];
pub const SCHOOL_TYPES: &[(&str, &str)] = &[
    ("primary", "小学"),
    ("junior", "初级中学"),
    ("nine_year", "九年一贯制学校"),
    ("twelve_year", "十二年一贯制学校"),
    ("complete_middle", "完全中学"),
    ("teaching_point", "教学点"),
    ("special", "特殊教育学校"),
];
pub const LOCALITIES: &[(&str, &str)] = &[("urban", "城区"), ("town", "镇区"), ("rural", "乡村")];
pub const YES_NO: &[(&str, &str)] = &[("true", "是"), ("false", "否")];

/// The Chinese label of `key` in an enum list.
pub fn label(list: &[(&str, &'static str)], key: &str) -> &'static str {
    list.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// The kind of a field of the year file, by table and key.
pub fn kind(table: &[Field], key: &str) -> Kind {
    let is = |t: &[Field]| std::ptr::eq(t.as_ptr(), table.as_ptr());
    match key {
        "class_sizes" => Kind::Counts,
        "music_rooms_m2" | "art_rooms_m2" => Kind::Amounts,
        "progress" => Kind::Share,
        "difference_rate" => Kind::Rate,
        "started" | "completed" | "due" | "rectified_on" | "as_of" if !is(&fields::COUNTY) => {
            Kind::Date
        }
        "met" => Kind::Bool,
        "status" if is(&fields::PROJECT) => Kind::Enum(PROJECT_STATUS),
        "status" if is(&fields::TASK) => Kind::Enum(TASK_STATUS),
        "status" if is(&fields::LEDGER) => Kind::Enum(LEDGER_STATUS),
        "status" if is(&fields::HEADER) => Kind::Enum(STATUS),
        "year" | "grade" | "level" | "valid" | "satisfied" => Kind::Count,
        k if k.ends_with("_m2") || k.ends_with("_yuan") || k.ends_with("_wan") => Kind::Amount,
        _ if is(&fields::SECTION) || is(&fields::SHARED) || is(&fields::SCHOOL) => Kind::Count,
        _ if is(&fields::COUNTY) => Kind::Count,
        _ => Kind::Text,
    }
}

/// A column of the school data sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// 学校代码 (the registry id).
    Id,
    /// 学校名称 (read-only; also identifies the school when the id is empty).
    Name,
    /// 学段: 小学 / 初中 / 全校.
    Level,
    Section(usize),
    Shared(usize),
    School(usize),
}

impl Col {
    pub fn all() -> Vec<Col> {
        let mut v = vec![Col::Id, Col::Name, Col::Level];
        v.extend((0..fields::SECTION.len()).map(Col::Section));
        v.extend((0..fields::SHARED.len()).map(Col::Shared));
        v.extend((0..fields::SCHOOL.len()).map(Col::School));
        v
    }
    pub fn field(self) -> Option<(&'static [Field], &'static Field)> {
        match self {
            Col::Section(i) => Some((&fields::SECTION, &fields::SECTION[i])),
            Col::Shared(i) => Some((&fields::SHARED, &fields::SHARED[i])),
            Col::School(i) => Some((&fields::SCHOOL, &fields::SCHOOL[i])),
            _ => None,
        }
    }
    pub fn header(self) -> String {
        match self {
            Col::Id => "学校代码".into(),
            Col::Name => "学校名称".into(),
            Col::Level => "学段".into(),
            c => c.field().map(|(_, f)| f.header()).unwrap_or_default(),
        }
    }
    /// The English key (accepted as a header too): `students`, `shared.teaching_area_m2`.
    pub fn key(self) -> String {
        match self {
            Col::Id => "school".into(),
            Col::Name => "name".into(),
            Col::Level => "level".into(),
            Col::Shared(i) => format!("shared.{}", fields::SHARED[i].key),
            c => c
                .field()
                .map(|(_, f)| f.key.to_string())
                .unwrap_or_default(),
        }
    }
    pub fn note(self) -> String {
        match self {
            Col::Id => "学校 id：与 data/schools.yaml 中的 id 一致；留空时按学校名称查找".into(),
            Col::Name => "学校名称（来自学校名录，仅供核对）".into(),
            Col::Level => "小学 | 初中 | 全校（特殊教育学校只有“全校”一行）；全校合计资产、专用教室、经费等全校项目写在该校的第一行".into(),
            c => c.field().map(|(_, f)| f.comment()).unwrap_or_default(),
        }
    }
    pub fn kind(self) -> Kind {
        match self {
            Col::Id | Col::Name => Kind::Text,
            Col::Level => Kind::Enum(LEVELS),
            c => c.field().map(|(t, f)| kind(t, f.key)).unwrap_or(Kind::Text),
        }
    }
}

/// Headers are compared after this: no spaces, ASCII brackets and digits, lower case.
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c @ '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether a header cell names the column with this header, label or key.
pub fn header_matches(cell: &str, header: &str, label: &str, key: &str) -> bool {
    let c = normalize_header(cell);
    !c.is_empty() && (c == normalize_header(header) || c == normalize_header(label) || c == key)
}

/// The workbook columns of a list sheet (its field table).
pub fn list_sheet(name: &str) -> Option<&'static [Field]> {
    Some(match name {
        SHEET_MONITORING => &fields::MONITORING,
        SHEET_RECOGNITION => &fields::RECOGNITION,
        SHEET_EVIDENCE => &fields::EVIDENCE,
        SHEET_PROJECTS => &fields::PROJECT,
        SHEET_TASKS => &fields::TASK,
        SHEET_LEDGER => &fields::LEDGER,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_model() {
        assert_eq!(Col::Section(0).kind(), Kind::Count);
        let area = fields::SECTION
            .iter()
            .position(|f| f.key == "teaching_area_m2")
            .unwrap();
        assert_eq!(Col::Section(area).kind(), Kind::Amount);
        assert_eq!(kind(&fields::PROJECT, "progress"), Kind::Share);
        assert_eq!(kind(&fields::LEDGER, "due"), Kind::Date);
        assert_eq!(kind(&fields::COUNTY, "training_360.completed"), Kind::Count);
        assert_eq!(
            kind(&fields::COUNTY, "salaries.teachers_avg_yuan"),
            Kind::Amount
        );
    }

    #[test]
    fn headers_match_with_or_without_unit_and_in_full_width() {
        let c = Col::Section(0);
        assert!(header_matches(
            "在校生数（人）",
            &c.header(),
            "在校生数",
            "students"
        ));
        assert!(header_matches(
            " 在校生数(人) ",
            &c.header(),
            "在校生数",
            "students"
        ));
        assert!(header_matches(
            "在校生数",
            &c.header(),
            "在校生数",
            "students"
        ));
        assert!(header_matches(
            "students",
            &c.header(),
            "在校生数",
            "students"
        ));
        assert!(!header_matches("学生", &c.header(), "在校生数", "students"));
    }
}
