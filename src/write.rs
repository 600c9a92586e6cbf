//! Write stage: put what junheng made on disk without ever destroying what it
//! did not write, and without two runs corrupting one output.
//!
//! - A rendered tree is written to a staging folder beside the output and
//!   swapped in only when complete, so a failed build leaves the previous
//!   output untouched ([`write_atomic`]).
//! - An output folder is replaced only when it does not exist, is empty, or
//!   holds the [`MARKER`] file junheng put there on its last build
//!   ([`guard_dir`]); anything else is refused with a Chinese message naming
//!   the folder and what is in it. A single file is never replaced unless
//!   junheng wrote it, or the user gave `--force`, and then the old one is kept
//!   aside ([`guard_file`], [`write_file_guarded`]).
//! - A lock file beside the output ([`lock_output`]) keeps a second junheng
//!   process from writing the same output at the same time.
//!
//! This module decides nothing about content: it writes bytes it is given.

use std::fmt;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

pub use crate::output::Tree;

/// The marker file junheng writes into every output folder it owns. Its
/// presence is what allows a later build to replace the folder.
pub const MARKER: &str = ".junheng-output";

/// The marker's content: what wrote the folder, and what happens to it.
pub const MARKER_TEXT: &str =
    "此目录由 junheng 生成（junheng build），每次构建都会整体替换；请勿在此存放其他文件。\n\
This folder was written by junheng (`junheng build`) and is replaced whole by every build.\n";

/// How many entries of a refused folder are named in the message.
const SHOWN_ENTRIES: usize = 5;

/// Why junheng did not write.
#[derive(Debug)]
pub enum WriteError {
    /// The folder holds files junheng did not write.
    NotOurs {
        path: PathBuf,
        /// The first few entry names, sorted.
        entries: Vec<String>,
        count: usize,
    },
    /// The path exists but is a file (or a symbolic link) where a folder is
    /// needed, or a folder where a file is needed.
    WrongKind {
        path: PathBuf,
        want_dir: bool,
    },
    /// A file exists that junheng did not write, and `--force` was not given
    /// (`can_force`: whether the command has a `--force`).
    FileExists {
        path: PathBuf,
        can_force: bool,
    },
    /// Another junheng process holds the output's lock.
    Busy {
        path: PathBuf,
        lock: PathBuf,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl WriteError {
    pub fn io(path: &Path, error: io::Error) -> WriteError {
        WriteError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::NotOurs {
                path,
                entries,
                count,
            } => {
                let more = if *count > entries.len() { "……" } else { "" };
                write!(
                    f,
                    "目录 {} 已存在，且不是 junheng 生成的输出目录（其中没有 {MARKER} 标记文件）。\
                     它包含 {count} 个条目：{}{more}。为免删除其中的文件，junheng 没有写入任何内容。\
                     请换一个不存在或空的目录；如果这是旧版 junheng 生成的目录，请先自行删除它",
                    path.display(),
                    entries.join("、")
                )
            }
            WriteError::WrongKind { path, want_dir } => {
                let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
                if link {
                    write!(
                        f,
                        "{} 是一个符号链接：junheng 不会替换它或它指向的内容，请直接给出一个真实的目录或文件名",
                        path.display()
                    )
                } else if *want_dir {
                    write!(
                        f,
                        "{} 是一个文件，不是目录：junheng 不会覆盖它，请换一个目录名",
                        path.display()
                    )
                } else {
                    write!(
                        f,
                        "{} 是一个目录，不是文件：junheng 不会覆盖它，请换一个文件名",
                        path.display()
                    )
                }
            }
            WriteError::FileExists { path, can_force } => write!(
                f,
                "文件 {} 已存在，且不是 junheng 生成的：junheng 没有覆盖它。{}",
                path.display(),
                if *can_force {
                    "请换一个文件名；如确要替换，请加 --force（原文件会改名保留，不会删除）"
                } else {
                    "请先把它移走或改名，再重试"
                }
            ),
            WriteError::Busy { path, lock } => write!(
                f,
                "输出目录 {} 正被另一个 junheng 进程使用（锁文件 {}）：请等它结束后再试",
                path.display(),
                lock.display()
            ),
            WriteError::Io { path, error } => write!(f, "无法写入 {}：{error}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// The sorted names in a folder: (first few, count).
fn listing(dir: &Path) -> Result<(Vec<String>, usize), WriteError> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .and_then(|rd| {
            rd.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .map_err(|e| WriteError::io(dir, e))?;
    names.sort();
    let count = names.len();
    names.truncate(SHOWN_ENTRIES);
    Ok((names, count))
}

/// Whether junheng may replace the folder `dir` whole: it does not exist, is
/// empty, or holds the [`MARKER`] junheng wrote there. Anything else (a
/// project's `data/`, a home folder, a file) is refused.
pub fn guard_dir(dir: &Path) -> Result<(), WriteError> {
    let meta = match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(WriteError::io(dir, e)),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Err(WriteError::WrongKind {
            path: dir.to_path_buf(),
            want_dir: true,
        });
    }
    if dir.join(MARKER).is_file() || site_of_earlier_junheng(dir) {
        return Ok(());
    }
    let (entries, count) = listing(dir)?;
    if count == 0 {
        return Ok(());
    }
    Err(WriteError::NotOurs {
        path: dir.to_path_buf(),
        entries,
        count,
    })
}

/// A site written by a junheng from before the marker file: its `index.html`
/// names junheng as generator and it has `data/report.json`. Without this,
/// the first build after an upgrade would refuse the county's own output.
fn site_of_earlier_junheng(dir: &Path) -> bool {
    use std::io::Read;
    if !dir.join("data/report.json").is_file() {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(dir.join("index.html"))
        .and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok()
        && String::from_utf8_lossy(&head).contains("<meta name=\"generator\" content=\"junheng")
}

/// Whether junheng may create a new project (or other tree it never replaces)
/// in `dir`: it does not exist or is empty. A marker does not count here.
pub fn guard_new_dir(dir: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(WriteError::io(dir, e)),
        Ok(m) if !m.is_dir() => {
            return Err(WriteError::WrongKind {
                path: dir.to_path_buf(),
                want_dir: true,
            })
        }
        Ok(_) => {}
    }
    let (entries, count) = listing(dir)?;
    if count == 0 {
        return Ok(());
    }
    Err(WriteError::NotOurs {
        path: dir.to_path_buf(),
        entries,
        count,
    })
}

/// What writing a single file will do to what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilePlan {
    /// Nothing is there.
    New,
    /// A file junheng wrote is there: replace it.
    ReplaceOurs,
    /// A file junheng did not write is there and `--force` was given: move it
    /// to this path first (never deleted).
    KeepAside(PathBuf),
}

/// May junheng write the single file `path`? `ours` recognises a file junheng
/// wrote (e.g. a PDF whose Creator is junheng); anything else is refused
/// unless `force` is `Some(true)`, and then kept aside under a free
/// `NAME.replaced-N.EXT`. `force` is `None` for a command without `--force`.
pub fn guard_file(
    path: &Path,
    force: Option<bool>,
    ours: &dyn Fn(&Path) -> bool,
) -> Result<FilePlan, WriteError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(FilePlan::New),
        Err(e) => Err(WriteError::io(path, e)),
        Ok(m) if m.is_dir() => Err(WriteError::WrongKind {
            path: path.to_path_buf(),
            want_dir: false,
        }),
        Ok(m) if m.is_file() && ours(path) => Ok(FilePlan::ReplaceOurs),
        Ok(_) if force == Some(true) => Ok(FilePlan::KeepAside(aside_path(path))),
        Ok(_) => Err(WriteError::FileExists {
            path: path.to_path_buf(),
            can_force: force.is_some(),
        }),
    }
}

/// A free name beside `path` for keeping an old file: `a.pdf` → `a.replaced-1.pdf`.
pub fn aside_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (1..)
        .map(|n| path.with_file_name(format!("{stem}.replaced-{n}{ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("a free name")
}

/// Write one file under the [`guard_file`] rule. Returns where an old file
/// was kept, if one was.
pub fn write_file_guarded(
    path: &Path,
    bytes: &[u8],
    force: Option<bool>,
    ours: &dyn Fn(&Path) -> bool,
) -> Result<Option<PathBuf>, WriteError> {
    let kept = match guard_file(path, force, ours)? {
        FilePlan::New => {
            write_new_file(path, bytes).map_err(|e| WriteError::io(path, e))?;
            return Ok(None);
        }
        FilePlan::ReplaceOurs => None,
        FilePlan::KeepAside(old) => {
            std::fs::rename(path, &old).map_err(|e| WriteError::io(path, e))?;
            Some(old)
        }
    };
    write_file_atomic(path, bytes).map_err(|e| WriteError::io(path, e))?;
    Ok(kept)
}

/// The lock file of an output: `.NAME.lock` beside it.
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    parent_of(out).join(format!(".{name}.lock"))
}

/// An exclusive hold on an output: released when dropped (or when the process ends).
#[derive(Debug)]
pub struct OutputLock {
    out: PathBuf,
    _file: File,
}

impl OutputLock {
    /// The output this lock guards.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// Take the output's lock, or say that another junheng process holds it.
/// The lock file stays beside the output (removing it would race another run).
pub fn lock_output(out: &Path) -> Result<OutputLock, WriteError> {
    let lock = lock_path(out);
    std::fs::create_dir_all(parent_of(out)).map_err(|e| WriteError::io(out, e))?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| WriteError::io(&lock, e))?;
    match file.try_lock() {
        Ok(()) => Ok(OutputLock {
            out: out.to_path_buf(),
            _file: file,
        }),
        Err(std::fs::TryLockError::WouldBlock) => Err(WriteError::Busy {
            path: out.to_path_buf(),
            lock,
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(WriteError::io(&lock, e)),
    }
}

/// Write a built tree to the locked output folder under the [`guard_dir`]
/// rule, with the [`MARKER`] that lets the next build replace it.
pub fn write_output(lock: &OutputLock, tree: &Tree) -> Result<(), WriteError> {
    let out = lock.out();
    guard_dir(out)?;
    write_tree(out, tree, None, true).map_err(|e| WriteError::io(out, e))
}

fn parent_of(out: &Path) -> PathBuf {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Write `tree` to `out`, replacing what was there only once every file is
/// written. Low level: callers writing a user-visible output use
/// [`write_output`], which checks [`guard_dir`] first.
pub fn write_atomic(out: &Path, tree: &Tree) -> io::Result<()> {
    write_tree(out, tree, None, false)
}

/// Like [`write_atomic`]; a previous `out` is moved to `keep_old` (when given)
/// instead of being deleted.
pub fn write_atomic_keeping(out: &Path, tree: &Tree, keep_old: Option<&Path>) -> io::Result<()> {
    write_tree(out, tree, keep_old, false)
}

fn write_tree(out: &Path, tree: &Tree, keep_old: Option<&Path>, marker: bool) -> io::Result<()> {
    let staging = Staging::new(out)?;
    for (rel, bytes) in tree {
        staging.write(rel, bytes)?;
    }
    if marker {
        std::fs::write(staging.path().join(MARKER), MARKER_TEXT)?;
    }
    staging.commit_keeping(keep_old)
}

/// A staging folder for the locked output (checked by [`guard_dir`] first):
/// the build streams its files into it, then [`Staging::commit_output`].
pub fn stage_output(lock: &OutputLock) -> Result<Staging, WriteError> {
    let out = lock.out();
    guard_dir(out)?;
    Staging::new(out).map_err(|e| WriteError::io(out, e))
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
    /// Folders inside it already made: each is made once, not asked for
    /// again with every file written into it.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
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
            made: Default::default(),
        })
    }

    /// The staging folder (not yet the output).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write one file into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.file_path(rel)?, bytes)
    }

    /// Where `rel` goes in the staging folder (never outside it), its folder made.
    fn file_path(&self, rel: &str) -> io::Result<PathBuf> {
        let path = safe_join(self.dir.path(), rel)?;
        if let Some(dir) = path.parent() {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(dir);
            if !known {
                std::fs::create_dir_all(dir)?;
                self.made
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(dir.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Swap the staged folder in for the output.
    pub fn commit(self) -> io::Result<()> {
        self.commit_keeping(None)
    }

    /// Swap it in as a user-visible output, with the [`MARKER`] that lets the next build replace it.
    pub fn commit_output(self) -> Result<(), WriteError> {
        let out = self.out.clone();
        std::fs::write(self.path().join(MARKER), MARKER_TEXT)
            .and_then(|()| self.commit())
            .map_err(|e| WriteError::io(&out, e))
    }

    /// Swap it in; a previous output is moved to `keep_old` (when given) instead of deleted.
    pub fn commit_keeping(self, keep_old: Option<&Path>) -> io::Result<()> {
        let Staging {
            out,
            parent,
            name,
            dir,
            ..
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

    fn put_streamed(&self, rel: &str, write: crate::output::Streamed<'_>) -> io::Result<usize> {
        let mut file = Counted(io::BufWriter::new(File::create(self.file_path(rel)?)?), 0);
        write(&mut file)?;
        io::Write::flush(&mut file)?;
        Ok(file.1)
    }
}

/// A writer that counts the bytes written through it.
struct Counted<W>(W, usize);

impl<W: io::Write> io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A temporary file beside `path` with the usual permissions of a new file
/// (0666 less the umask, so 0644 as a rule; tempfile's own default is 0600).
fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = parent_of(path);
    std::fs::create_dir_all(&dir)?;
    let mut b = tempfile::Builder::new();
    b.prefix(".junheng-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// A temporary file beside `path` (same folder, so it can be renamed over
/// it), with the permissions of a new file; persist it to `path` when complete.
pub fn temp_file_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    temp_beside(path)
}

/// Write one file atomically: a temporary file beside it, then a rename over
/// whatever is there. Low level: see [`write_file_guarded`].
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write a new file atomically; fails (`AlreadyExists`) if `path` exists,
/// even when it appeared meanwhile.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
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
    fn a_streamed_file_is_written_as_produced_and_sized() {
        use crate::output::{MemorySink, Sink};
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("site")).unwrap();
        let mut chunks = |w: &mut dyn io::Write| -> io::Result<()> {
            for i in 0..1000 {
                write!(w, "{i},")?;
            }
            Ok(())
        };
        let len = staging.put_streamed("data/big.json", &mut chunks).unwrap();
        let written = std::fs::read(staging.path().join("data/big.json")).unwrap();
        assert_eq!(written.len(), len);
        // The same bytes as the in-memory default.
        let memory = MemorySink::new();
        assert_eq!(
            memory.put_streamed("data/big.json", &mut chunks).unwrap(),
            len
        );
        assert_eq!(memory.into_tree()["data/big.json"], written);
        // A failing writer is an error, and a path outside the folder is refused.
        let mut failing = |_: &mut dyn io::Write| -> io::Result<()> { Err(io::Error::other("x")) };
        assert!(staging.put_streamed("data/bad.json", &mut failing).is_err());
        assert!(staging.put_streamed("../x.json", &mut chunks).is_err());
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

    #[test]
    fn a_site_of_an_earlier_junheng_without_marker_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("data")).unwrap();
        std::fs::write(out.join("data/report.json"), "{}").unwrap();
        std::fs::write(out.join("index.html"), "<html>").unwrap();
        assert!(guard_dir(&out).is_err(), "no generator meta: not ours");
        std::fs::write(
            out.join("index.html"),
            "<html><head><meta name=\"generator\" content=\"junheng 0.1.0\">",
        )
        .unwrap();
        assert!(guard_dir(&out).is_ok());
        std::fs::remove_file(out.join("data/report.json")).unwrap();
        assert!(guard_dir(&out).is_err(), "no report.json: not ours");
    }

    #[test]
    fn a_folder_junheng_did_not_write_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("data");
        std::fs::create_dir(&out).unwrap();
        for n in ["a.yaml", "b.yaml", "c", "d", "e", "f"] {
            std::fs::write(out.join(n), "x").unwrap();
        }
        let lock = lock_output(&out).unwrap();
        let err = write_output(&lock, &tree(&[("index.html", "1")])).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err, WriteError::NotOurs { count: 6, .. }),
            "{err:?}"
        );
        assert!(msg.contains("6 个条目：a.yaml、b.yaml、c、d、e……"), "{msg}");
        assert!(msg.contains(&out.display().to_string()), "{msg}");
        assert_eq!(read_tree(&out).unwrap().len(), 6);
    }

    #[test]
    fn its_own_output_empty_or_missing_folders_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let lock = lock_output(&out).unwrap();
        write_output(&lock, &tree(&[("index.html", "1")])).unwrap();
        assert!(out.join(MARKER).is_file());
        write_output(&lock, &tree(&[("index.html", "2")])).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"2");
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(guard_dir(&empty).is_ok());
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            guard_dir(&file),
            Err(WriteError::WrongKind { want_dir: true, .. })
        ));
    }

    #[test]
    fn a_new_project_folder_must_be_empty_marker_or_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), MARKER_TEXT).unwrap();
        assert!(matches!(
            guard_new_dir(dir.path()),
            Err(WriteError::NotOurs { count: 1, .. })
        ));
        assert!(guard_new_dir(&dir.path().join("new")).is_ok());
    }

    #[test]
    fn a_second_lock_on_one_output_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = lock_output(&out).unwrap();
        let err = lock_output(&out).unwrap_err();
        assert!(matches!(err, WriteError::Busy { .. }));
        assert!(
            err.to_string().contains("正被另一个 junheng 进程使用"),
            "{err}"
        );
        drop(first);
        assert!(lock_output(&out).is_ok());
    }

    #[test]
    fn a_foreign_file_needs_force_and_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报告.pdf");
        std::fs::write(&path, "mine").unwrap();
        let never = |_: &Path| false;
        let err = write_file_guarded(&path, b"new", Some(false), &never).unwrap_err();
        assert!(
            matches!(
                err,
                WriteError::FileExists {
                    can_force: true,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
        let kept = write_file_guarded(&path, b"new", Some(true), &never)
            .unwrap()
            .unwrap();
        assert_eq!(kept, dir.path().join("报告.replaced-1.pdf"));
        assert_eq!(std::fs::read(&kept).unwrap(), b"mine");
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        // A file junheng recognises as its own is replaced without --force.
        let always = |_: &Path| true;
        assert_eq!(
            write_file_guarded(&path, b"3", None, &always).unwrap(),
            None
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"3");
        assert!(!dir.path().join("报告.replaced-2.pdf").exists());
    }

    #[cfg(unix)]
    #[test]
    fn single_files_get_the_usual_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        write_file_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        // Readable by group and others (0644 under the usual umask 022).
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
        write_new_file(&dir.path().join("b"), b"x").unwrap();
        let mode = std::fs::metadata(dir.path().join("b"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
        assert!(write_new_file(&path, b"y").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.txt"), "keep").unwrap();
        let link = dir.path().join("site");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = guard_dir(&link).unwrap_err();
        assert!(err.to_string().contains("符号链接"), "{err}");
        assert_eq!(std::fs::read(real.join("a.txt")).unwrap(), b"keep");
    }
}
