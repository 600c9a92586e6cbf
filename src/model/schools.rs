//! `data/schools.yaml`: the school registry (pinned format).

use serde::{Deserialize, Serialize};

use super::Level;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    pub schools: Vec<School>,
    /// Position of each school id (built on first lookup; not part of the YAML).
    #[serde(skip)]
    pub index: super::index::IdIndex,
}

impl Registry {
    /// The first school with this id.
    pub fn school(&self, id: &str) -> Option<&School> {
        self.index.find(&self.schools, id, |s| s.id.as_str())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: SchoolType,
    pub locality: Locality,
    #[serde(default)]
    pub township: Option<String>,
    #[serde(default)]
    pub boarding: bool,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub opened: Option<u16>,
    #[serde(default)]
    pub closed: Option<u16>,
    #[serde(default)]
    pub merged_into: Option<String>,
}

impl School {
    /// Whether the school exists in `year` (`opened..=closed`, open ends when null).
    pub fn exists_in(&self, year: u16) -> bool {
        self.opened.is_none_or(|o| year >= o) && self.closed.is_none_or(|c| year <= c)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolType {
    Primary,
    Junior,
    NineYear,
    TwelveYear,
    CompleteMiddle,
    TeachingPoint,
    Special,
}

impl SchoolType {
    /// The sections (counted levels) a school of this type has.
    pub fn levels(self) -> &'static [Level] {
        match self {
            SchoolType::Primary | SchoolType::TeachingPoint => &[Level::Primary],
            SchoolType::Junior | SchoolType::CompleteMiddle => &[Level::Junior],
            SchoolType::NineYear | SchoolType::TwelveYear => &[Level::Primary, Level::Junior],
            SchoolType::Special => &[],
        }
    }
    pub fn has(self, level: Level) -> bool {
        self.levels().contains(&level)
    }
    /// Whether the school also teaches senior-high pupils (`senior_students`).
    pub fn has_senior(self) -> bool {
        matches!(self, SchoolType::TwelveYear | SchoolType::CompleteMiddle)
    }
    /// Nine- and twelve-year schools have the larger size limit.
    pub fn is_through(self) -> bool {
        matches!(self, SchoolType::NineYear | SchoolType::TwelveYear)
    }
    pub fn key(self) -> &'static str {
        match self {
            SchoolType::Primary => "primary",
            SchoolType::Junior => "junior",
            SchoolType::NineYear => "nine_year",
            SchoolType::TwelveYear => "twelve_year",
            SchoolType::CompleteMiddle => "complete_middle",
            SchoolType::TeachingPoint => "teaching_point",
            SchoolType::Special => "special",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            SchoolType::Primary => "小学",
            SchoolType::Junior => "初级中学",
            SchoolType::NineYear => "九年一贯制学校",
            SchoolType::TwelveYear => "十二年一贯制学校",
            SchoolType::CompleteMiddle => "完全中学",
            SchoolType::TeachingPoint => "教学点",
            SchoolType::Special => "特殊教育学校",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locality {
    Urban,
    Town,
    Rural,
}

impl Locality {
    pub fn zh(self) -> &'static str {
        match self {
            Locality::Urban => "城区",
            Locality::Town => "镇区",
            Locality::Rural => "乡村",
        }
    }
}
