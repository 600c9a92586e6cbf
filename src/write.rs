//! Write stage: put a rendered tree on disk atomically. The tree is written to
//! a temporary folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output untouched.

use std::io;
use std::path::{Path, PathBuf};

pub use crate::output::Tree;

/// Write `tree` to `out`, replacing what was there only once every file is written.
pub fn write_atomic(out: &Path, tree: &Tree) -> io::Result<()> {
    write_atomic_keeping(out, tree, None)
}

/// Like [`write_atomic`]; a previous `out` is moved to `keep_old` (when given)
/// instead of being deleted.
pub fn write_atomic_keeping(out: &Path, tree: &Tree, keep_old: Option<&Path>) -> io::Result<()> {
    let staging = Staging::new(out)?;
    for (rel, bytes) in tree {
        staging.write(rel, bytes)?;
    }
    staging.commit_keeping(keep_old)
}

/// A staging folder beside the output: files are written into it as they are
/// produced (from any thread), and it replaces the output only on
/// [`Staging::commit`]. Dropped without a commit, it is deleted and the
/// previous output stays as it was.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    dir: tempfile::TempDir,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            dir,
        })
    }

    /// The staging folder (not yet the output).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write one file into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = safe_join(self.dir.path(), rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)
    }

    /// Swap the staged folder in for the output.
    pub fn commit(self) -> io::Result<()> {
        self.commit_keeping(None)
    }

    /// Swap it in; a previous output is moved to `keep_old` (when given) instead of deleted.
    pub fn commit_keeping(self, keep_old: Option<&Path>) -> io::Result<()> {
        let Staging {
            out,
            parent,
            name,
            dir,
        } = self;
        // Swap: move the old output aside, move the new one in, then delete the old
        // (or keep it where asked).
        let old = keep_old
            .map(Path::to_path_buf)
            .unwrap_or_else(|| parent.join(format!(".{name}.old-{}", std::process::id())));
        let had_old = out.exists();
        if had_old {
            std::fs::rename(&out, &old)?;
        }
        let staged = dir.keep();
        if let Err(e) = std::fs::rename(&staged, &out) {
            if had_old {
                let _ = std::fs::rename(&old, &out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        if had_old && keep_old.is_none() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl crate::output::Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.write(path, &bytes)
    }
}

/// Write one file atomically: a temporary file beside it, then a rename.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Join a tree path under `root`, refusing absolute paths and `..`.
fn safe_join(root: &Path, rel: &str) -> io::Result<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(root.join(p))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel}"),
        ))
    }
}

/// Read a whole folder back as a tree (for comparisons and tests).
pub fn read_tree(root: &Path) -> io::Result<Tree> {
    let mut tree = Tree::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .map_err(io::Error::other)?
                .to_string_lossy()
                .replace('\\', "/");
            tree.insert(rel, std::fs::read(entry.path())?);
        }
    }
    Ok(tree)
}

#[cfg(test)]
pub(crate) use crate::output::tree;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_atomic(&out, &tree(&[("index.html", "1"), ("a/b.html", "x")])).unwrap();
        write_atomic(&out, &tree(&[("index.html", "2")])).unwrap();
        assert_eq!(read_tree(&out).unwrap(), tree(&[("index.html", "2")]));
        // No staging or old folders are left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["site"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_atomic(&out, &tree(&[("index.html", "old")])).unwrap();
        let err = write_atomic(&out, &tree(&[("ok.html", "new"), ("../evil.html", "x")]));
        assert!(err.is_err());
        assert_eq!(read_tree(&out).unwrap(), tree(&[("index.html", "old")]));
        assert!(!dir.path().join("evil.html").exists());
    }
}
