//! Typed models of every data file (see the README's data reference).
//!
//! The models are plain data: where a value came from is kept separately, in
//! each file's [`crate::load::SourceMap`], and every list entry of a year file
//! remembers its [`Origin`] so that later stages can point back at it.

pub mod content;
pub mod county;
pub mod de;
pub mod fields;
pub mod index;
pub mod items;
pub mod plan;
pub mod schools;
pub mod settings;
pub mod standards;
pub mod year;

pub use county::County;
pub use de::Date;
pub use plan::Plan;
pub use schools::{Registry, School, SchoolType};
pub use settings::Settings;
pub use standards::Standards;
pub use year::{YearData, YearFile};

/// Index of a loaded file in [`crate::load::Project::files`].
pub type FileId = usize;

/// Where a list entry was written: the file and its field path there
/// (`schools[3]`). Set by the loader; not part of the YAML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub path: String,
}

impl Origin {
    /// The field path of a field below this entry: `schools[3].junior.students`.
    pub fn at(&self, field: &str) -> String {
        if field.is_empty() {
            self.path.clone()
        } else if field.starts_with('[') {
            format!("{}{}", self.path, field)
        } else {
            format!("{}.{}", self.path, field)
        }
    }
}

/// Levels of compulsory education that the assessment counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Primary,
    Junior,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::Primary, Level::Junior];
    pub fn key(self) -> &'static str {
        match self {
            Level::Primary => "primary",
            Level::Junior => "junior",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Level::Primary => "小学",
            Level::Junior => "初中",
        }
    }
}
