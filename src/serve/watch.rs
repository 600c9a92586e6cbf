//! Watching a project for changes: `data/`, `content/`, `templates/` and
//! `junheng.yaml`, debounced so that one save (or a burst of them) is one rebuild.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// Quiet time after the last change before a rebuild, while a file may still
/// be being written.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Quiet time after a save is complete (a file closed after writing, renamed
/// into place or removed): only long enough to take the rest of a burst of
/// saves into the same rebuild.
pub const SETTLE: Duration = Duration::from_millis(30);

/// The folders whose files make the site.
pub const WATCHED_DIRS: [&str; 3] = ["data", "content", "templates"];

/// The project settings file.
pub const SETTINGS_FILE: &str = "junheng.yaml";

pub struct Watch {
    root: PathBuf,
    /// The root as the watcher reports it: absolute, and with symbolic links resolved.
    prefixes: Vec<PathBuf>,
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
}

impl Watch {
    /// Start watching `root`: the folder itself (for `junheng.yaml` and for the
    /// watched folders appearing or disappearing) and each watched folder inside.
    pub fn new(root: &Path) -> notify::Result<Watch> {
        let root = std::path::absolute(root)?;
        let mut prefixes = vec![root.clone()];
        prefixes.extend(std::fs::canonicalize(&root).ok());
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let mut w = Watch {
            root,
            prefixes,
            watcher,
            rx,
        };
        for dir in WATCHED_DIRS {
            w.rewatch(dir)?;
        }
        Ok(w)
    }

    /// (Re)watch a folder of the project if it exists (a folder deleted and
    /// created again, e.g. by a checkout, needs a new watch).
    fn rewatch(&mut self, dir: &str) -> notify::Result<()> {
        let path = self.root.join(dir);
        let _ = self.watcher.unwatch(&path);
        if path.is_dir() {
            self.watcher.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Block until files that make the site changed and then stayed quiet for
    /// [`DEBOUNCE`]; their paths relative to the project, sorted. `None` when
    /// watching has stopped for good.
    pub fn next_change(&mut self) -> Option<Vec<String>> {
        let mut changed: Vec<String> = Vec::new();
        // Quiet until this instant after the last relevant change: rebuild then.
        let mut quiet_at: Option<Instant> = None;
        loop {
            let next = match quiet_at {
                None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(at) => self
                    .rx
                    .recv_timeout(at.saturating_duration_since(Instant::now())),
            };
            match next {
                Ok(Ok(event)) => {
                    let paths = self.relevant_paths(&event);
                    if !paths.is_empty() {
                        changed.extend(paths);
                        quiet_at = Some(Instant::now() + quiet_after(&event.kind));
                    }
                }
                Ok(Err(e)) => eprintln!("警告: 监视文件改动时出错：{e}"),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.sort();
        changed.dedup();
        for dir in WATCHED_DIRS {
            if changed.iter().any(|c| c == dir) {
                if let Err(e) = self.rewatch(dir) {
                    eprintln!("警告: 无法监视 {dir}/：{e}");
                }
            }
        }
        Some(changed)
    }

    /// The project-relative paths of an event that can change the site.
    /// Reading a file (as every build does) is no change.
    fn relevant_paths(&self, event: &Event) -> Vec<String> {
        if !changes_files(&event.kind) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter_map(|path| self.prefixes.iter().find_map(|p| path.strip_prefix(p).ok()))
            .filter(|rel| relevant(rel))
            .map(|rel| rel.to_string_lossy().replace('\\', "/"))
            .collect()
    }
}

/// Whether an event kind can change a file's content: not opening, reading or
/// closing a file without writing it.
pub fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// How long to wait for more changes after one of this kind: a completed save
/// is rebuilt almost at once, data still being written waits for [`DEBOUNCE`].
pub fn quiet_after(kind: &EventKind) -> Duration {
    use notify::event::ModifyKind;
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(_))
        | EventKind::Remove(_) => SETTLE,
        _ => DEBOUNCE,
    }
}

/// Whether a change at `rel` (relative to the project) can change the site:
/// `junheng.yaml`, or anything in a watched folder except editors' hidden,
/// swap and backup files.
pub fn relevant(rel: &Path) -> bool {
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or(""),
            _ => "",
        })
        .collect();
    match parts.as_slice() {
        [] => false,
        [only] => *only == SETTINGS_FILE || WATCHED_DIRS.contains(only),
        [first, .., name] => {
            WATCHED_DIRS.contains(first)
                && !name.starts_with('.')
                && !name.ends_with('~')
                && !name.ends_with(".swp")
                && !name.ends_with(".swx")
                && !name.ends_with(".tmp")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_completed_save_settles_faster_than_a_write_in_progress() {
        use notify::event::{DataChange, ModifyKind, RemoveKind, RenameMode};
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let removed = EventKind::Remove(RemoveKind::File);
        let writing = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        for done in [closed, renamed, removed] {
            assert_eq!(quiet_after(&done), SETTLE, "{done:?}");
        }
        assert_eq!(quiet_after(&writing), DEBOUNCE);
        assert!(SETTLE < DEBOUNCE);
    }

    #[test]
    fn reading_is_no_change() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_files(&EventKind::Create(CreateKind::File)));
        assert!(changes_files(&EventKind::Remove(
            notify::event::RemoveKind::Any
        )));
    }

    #[test]
    fn only_the_projects_sources_are_relevant() {
        for yes in [
            "junheng.yaml",
            "data",
            "data/schools.yaml",
            "data/years/2024/county.yaml",
            "content/01-intro.md",
            "templates/page.html",
        ] {
            assert!(relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            "output/site/index.html",
            "target/debug/junheng",
            "README.md",
            "data/.schools.yaml.swp",
            "data/schools.yaml~",
            "content/.#01-intro.md",
            "",
        ] {
            assert!(!relevant(Path::new(no)), "{no}");
        }
    }
}
