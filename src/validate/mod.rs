//! Validate stage: every rule within and across files, collected as
//! diagnostics before anything stops.
//!
//! Each submodule checks one part of the data; they share the [`Checker`],
//! which places diagnostics through the files' source maps. Cross-file rules
//! only run when the file they depend on parsed (see [`Checker::registry_ok`]),
//! so a broken file never causes a cascade of spurious errors elsewhere.

mod county;
mod entry;
mod plan;
mod plausible;
mod progress;
mod registry;
mod standards;
mod years;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diag::{suggest, Diagnostic, Diagnostics, Severity};
use crate::load::Project;
use crate::model::{FileId, Origin, School, YearData};

/// Check the loaded project against every rule of the data format.
pub fn validate(project: &Project) -> Diagnostics {
    let suggestions = Mutex::default();
    let mut c = Checker {
        p: project,
        diags: Diagnostics::default(),
        suggestions: &suggestions,
    };
    registry::check(&mut c);
    plan::check(&mut c);
    standards::check(&mut c);
    // The years are checked side by side, each by a checker of its own; their
    // problems follow in year order, as if checked one after another.
    let years: Vec<&YearData> = project.years.values().collect();
    let per_year: Vec<Diagnostics> = years
        .par_iter()
        .with_max_len(1)
        .map(|year| {
            let mut c = Checker {
                p: project,
                diags: Diagnostics::default(),
                suggestions: &suggestions,
            };
            years::check(&mut c, year);
            county::check(&mut c, year);
            progress::check(&mut c, year);
            plausible::check(&mut c, year);
            c.diags
        })
        .collect();
    for d in per_year {
        c.diags.items.extend(d.items);
    }
    name_schools(project, &mut c.diags);
    c.diags
}

/// Name the school in every message about a year file's school entry
/// (`schools[2]…` alone does not tell a clerk which school is meant).
fn name_schools(project: &Project, diags: &mut Diagnostics) {
    if !diags.items.iter().any(|d| d.path.starts_with("schools[")) {
        return;
    }
    let mut names: HashMap<(&str, &str), &str> = HashMap::new();
    for y in project.years.values() {
        for s in &y.schools {
            if let Some(r) = project.school(&s.school) {
                names.insert(
                    (
                        project.file(s.origin.file).rel.as_str(),
                        s.origin.path.as_str(),
                    ),
                    r.name.as_str(),
                );
            }
        }
    }
    for d in diags.items.iter_mut() {
        let Some(end) = d.path.find(']').filter(|_| d.path.starts_with("schools[")) else {
            continue;
        };
        if let Some(name) = names.get(&(d.file.as_str(), &d.path[..=end])) {
            if !d.message.contains(name) {
                d.message = format!("{name}：{}", d.message);
            }
        }
    }
}

/// The project being checked and the problems found so far.
pub(crate) struct Checker<'a> {
    pub p: &'a Project,
    pub diags: Diagnostics,
    /// The registry id suggested for each unknown school id met so far: a
    /// wrong id repeated in every year's file is compared with the whole
    /// registry once, not once per year and entry.
    /// Shared by the checkers of all years.
    suggestions: &'a Mutex<HashMap<String, String>>,
}

impl<'a> Checker<'a> {
    /// An error at `field` below the entry `origin`.
    pub fn error(&mut self, origin: &Origin, field: &str, message: impl Into<String>) {
        let d = self.p.at(Severity::Error, origin, field, message);
        self.diags.push(d);
    }

    /// A warning at `field` below the entry `origin`.
    pub fn warning(&mut self, origin: &Origin, field: &str, message: impl Into<String>) {
        let d = self.p.at(Severity::Warning, origin, field, message);
        self.diags.push(d);
    }

    /// An error at the key of `field` (for a field that should not be there).
    pub fn error_key(&mut self, origin: &Origin, field: &str, message: impl Into<String>) {
        let f = self.p.file(origin.file);
        let d = f.place_key(Diagnostic::error(&f.rel, message), &origin.at(field));
        self.diags.push(d);
    }

    /// Whether `schools.yaml` parsed: rules naming schools need it.
    pub fn registry_ok(&self) -> bool {
        self.p.registry_file.is_some()
    }

    /// Whether the plan is known: parsed, or absent from a project whose files all parsed.
    pub fn plan_ok(&self) -> bool {
        self.p.plan_file.is_some() || self.p.complete
    }

    /// The plan period, when known: `county.yaml` parsed (else the default
    /// period might not be the county's, and checks against it would mislead).
    pub fn period(&self) -> Option<[u16; 2]> {
        self.p.county_file.map(|_| self.p.period())
    }

    pub fn school(&self, id: &str) -> Option<&'a School> {
        self.p.school(id)
    }

    /// Message for a school id missing from the registry, with a suggestion.
    pub fn unknown_school(&self, id: &str) -> String {
        let mut cache = self.suggestions.lock().unwrap_or_else(|e| e.into_inner());
        let hint = cache.entry(id.to_string()).or_insert_with(|| {
            did_you_mean(id, self.p.registry.schools.iter().map(|s| s.id.as_str()))
        });
        format!("未知的学校 id `{id}`：`data/schools.yaml` 中没有这个学校{hint}")
    }

    /// "`data/years/2024.yaml` 第 5 行": where an entry was written, for messages.
    pub fn place_text(&self, origin: &Origin) -> String {
        let f = self.p.file(origin.file);
        match f.map().locate(&origin.path) {
            Some(pos) => format!("`{}` 第 {} 行", f.rel, pos.line),
            None => format!("`{}`", f.rel),
        }
    }

    /// Report every entry that repeats an earlier entry's id, at its `field`.
    /// `what` names the id ("学校 id"); `scope` says where ids must be unique.
    pub fn duplicates<'s>(
        &mut self,
        items: impl IntoIterator<Item = (&'s str, Origin)>,
        field: &str,
        what: &str,
        scope: &str,
    ) {
        let mut first: HashMap<&str, Origin> = HashMap::new();
        for (id, origin) in items {
            match first.get(id) {
                Some(earlier) => {
                    let msg = format!(
                        "{what} `{id}` 重复：{scope}已在 {}出现过，不能重复。请删除或合并重复的一条",
                        self.place_text(earlier)
                    );
                    self.error(&origin, field, msg);
                }
                None => {
                    first.insert(id, origin);
                }
            }
        }
    }
}

/// The entry `list[i]` of a fixed file (`schools[3]` in `schools.yaml`).
pub(crate) fn entry(file: FileId, list: &str, i: usize) -> Origin {
    Origin {
        file,
        path: format!("{list}[{i}]"),
    }
}

/// `(id, list[i])` for each id of a fixed file's list, for [`Checker::duplicates`].
pub(crate) fn entries<'s>(
    file: FileId,
    list: &str,
    ids: impl IntoIterator<Item = &'s str>,
) -> Vec<(&'s str, Origin)> {
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| (id, entry(file, list, i)))
        .collect()
}

/// The root of a file, for fields at its top level.
pub(crate) fn root(file: FileId, key: &str) -> Origin {
    Origin {
        file,
        path: key.to_string(),
    }
}

/// "。是否应为 `x`？" when one of `candidates` is close to `word`, else "".
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    suggest(word, candidates)
        .map(|s| format!("。是否应为 `{s}`？"))
        .unwrap_or_default()
}

/// "`a`、`b`、`c`"
pub(crate) fn code_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join("、")
}

/// A number as the clerk wrote it: `60000`, `0.6`.
pub(crate) fn num(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project without problems has no file parsed a second time for the
    /// positions of its values: only a problem is placed. The fixture's 2024
    /// is a folder of three files, whose anchors (and header check) used to
    /// build the positions of every file of the year.
    #[test]
    fn a_clean_project_builds_no_positions() {
        let p = crate::load::fixture("tests/fixtures/valid");
        let folder = p
            .files
            .iter()
            .filter(|f| f.rel.starts_with("data/years/2024/"))
            .count();
        assert!(folder >= 2, "the fixture's 2024 is a folder of files");
        let diags = validate(&p);
        assert_eq!((diags.errors(), diags.warnings()), (0, 0), "{diags:?}");
        let built: Vec<&str> = p
            .files
            .iter()
            .filter(|f| f.map_built())
            .map(|f| f.rel.as_str())
            .collect();
        assert!(built.is_empty(), "positions built for {built:?}");
    }

    #[test]
    fn suggestions_and_lists() {
        assert_eq!(
            did_you_mean("nanbin-zhongxu", ["nanbin-zhongxue", "xihe"]),
            "。是否应为 `nanbin-zhongxue`？"
        );
        assert_eq!(did_you_mean("zzz", ["nanbin-zhongxue"]), "");
        assert_eq!(code_list(["a", "b"]), "`a`、`b`");
        assert_eq!(num(60000.0), "60000");
        assert_eq!(num(0.6), "0.6");
    }

    /// The years are checked side by side; their problems still come in year
    /// order, the same on one thread as on many, and the unknown-id
    /// suggestion is still made.
    #[test]
    fn problems_of_years_checked_in_parallel_keep_year_order() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        for e in walkdir::WalkDir::new(&fixture) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&fixture).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        // The same wrong id in both years' files, and a second one in 2024.
        let y23 = dir.path().join("data/years/2023.yaml");
        let y24 = dir.path().join("data/years/2024/schools.yaml");
        for (file, ids) in [
            (&y23, &["chengguan-xiaoxu"][..]),
            (&y24, &["chengguan-xiaoxu", "nowhere"][..]),
        ] {
            let mut text = std::fs::read_to_string(file).unwrap();
            for id in ids {
                text = text.replacen(
                    "  - school: chengguan-xiaoxue",
                    &format!("  - school: {id}"),
                    1,
                );
            }
            std::fs::write(file, text).unwrap();
        }
        let (project, _) = crate::load::load(dir.path());
        let unknown = |d: &Diagnostics| -> Vec<(String, String)> {
            d.items
                .iter()
                .filter(|d| d.message.contains("未知的学校 id"))
                .map(|d| (d.file.clone(), d.message.clone()))
                .collect()
        };
        let many = unknown(&validate(&project));
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| validate(&project));
        assert_eq!(many, unknown(&one));
        let files: Vec<&str> = many.iter().map(|(f, _)| f.as_str()).collect();
        let first_2024 = files
            .iter()
            .position(|f| f.contains("2024"))
            .expect("2024 problems");
        assert!(first_2024 > 0, "{files:?}");
        assert!(
            files[..first_2024].iter().all(|f| f.contains("2023")),
            "{files:?}"
        );
        assert!(
            files[first_2024..].iter().all(|f| f.contains("2024")),
            "{files:?}"
        );
        assert!(
            many.iter()
                .any(|(_, m)| m.contains("是否应为 `chengguan-xiaoxue`")),
            "{many:?}"
        );
    }
}
