//! Stage 1: find the plan's root and its files, and read them from the work
//! tree, the index or a commit; plus the git facts rules need ("now", file ages,
//! what changed since a base revision).
//!
//! Everything git-related goes through libgit2 (`git2`): planlint never runs
//! the `git` command, so it behaves the same wherever it runs.

mod diff;
mod git;
mod history;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use diff::ChangedSince;

/// Where file contents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The work tree as git sees it: tracked and untracked-but-not-ignored files.
    Worktree,
    /// The index: what the next commit will contain.
    Staged,
    /// The tree of a commit-ish, read from the object database.
    Rev(String),
}

/// A source error: ends the run with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub message: String,
    pub help: Option<String>,
}

impl SourceError {
    fn new(message: impl Into<String>) -> SourceError {
        SourceError {
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> SourceError {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {}

/// The plan's root: the nearest folder at or above the start path holding a
/// `planlint.toml` / `.planlint.toml`, else the git work tree's root, else the
/// start path itself.
#[derive(Debug, Clone)]
pub struct Root {
    pub dir: PathBuf,
    /// The config file found at the root, if any.
    pub config: Option<PathBuf>,
}

/// Finds the root for `start` (see [`Root`]).
///
/// Inside a git work tree the search for a config file stops at the work
/// tree's root: a config above the repository does not belong to its plan,
/// and git could not read files outside the repository anyway. For a bare
/// repository (no work tree) the root is the start folder.
pub fn find_root(start: &Path) -> Result<Root, SourceError> {
    let start = start.canonicalize().map_err(|e| {
        SourceError::new(format!("cannot open `{}`: {e}", start.display()))
            .with_help("pass a path to a folder of the plan")
    })?;
    let start_dir = if start.is_dir() {
        start.clone()
    } else {
        start
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or(start.clone())
    };
    let repo = git::open_repo(&start_dir)?;
    let workdir = match &repo {
        Some(repo) => match repo.workdir() {
            Some(dir) => dir.canonicalize().ok(),
            None => {
                return Ok(Root {
                    config: config_in(&start_dir),
                    dir: start_dir,
                })
            }
        },
        None => None,
    };
    for dir in start_dir.ancestors() {
        if let Some(config) = config_in(dir) {
            return Ok(Root {
                dir: dir.to_path_buf(),
                config: Some(config),
            });
        }
        if workdir.as_deref() == Some(dir) {
            break;
        }
    }
    Ok(Root {
        dir: workdir.unwrap_or(start_dir),
        config: None,
    })
}

fn config_in(dir: &Path) -> Option<PathBuf> {
    ["planlint.toml", ".planlint.toml"]
        .iter()
        .map(|name| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A snapshot of the plan's files as one mode sees them.
///
/// `Send + Sync`: files may be read from several threads at once (blob reads
/// share one repository handle behind a lock; work-tree reads need none).
pub struct Snapshot {
    /// The plan's root, canonicalized.
    pub root: PathBuf,
    /// Root-relative paths with `/`, sorted.
    pub paths: Vec<String>,
    /// Unix time that counts as "now" for date rules: the checked commit's
    /// time (HEAD's for the work tree and the index); `None` outside git or
    /// before the first commit, where callers use the clock.
    pub now: Option<i64>,
    mode: Mode,
    files: HashMap<String, File>,
    git: Option<git::Git>,
}

/// How to get one listed file's bytes.
enum File {
    /// A file on disk (the work tree, or a folder outside git).
    Disk(PathBuf),
    /// A blob in the object database (the index or a commit's tree).
    Blob(git2::Oid),
    /// Listed so the user hears about it, but never read: a symlink out of
    /// the root, a broken symlink, an unmerged index entry.
    Refused(SourceError),
}

impl Snapshot {
    /// Lists the files under `root` as `mode` sees them.
    pub fn open(root: &Path, mode: Mode) -> Result<Snapshot, SourceError> {
        let root = root
            .canonicalize()
            .map_err(|e| SourceError::new(format!("cannot open `{}`: {e}", root.display())))?;
        let (files, git, now) = match git::open_repo(&root)? {
            None => match &mode {
                Mode::Worktree => (walk::list(&root), None, None),
                Mode::Staged => {
                    return Err(not_a_repo(&root).with_help(
                        "`--staged` reads the git index; run it inside a git repository",
                    ))
                }
                Mode::Rev(_) => {
                    return Err(not_a_repo(&root)
                        .with_help("`--rev` reads a commit; run it inside a git repository"))
                }
            },
            Some(repo) => {
                let listing = git::list(&repo, &root, &mode)?;
                let now = match listing.commit {
                    Some(id) => Some(
                        repo.find_commit(id)
                            .map_err(|e| git::error("cannot read the checked commit", &e))?
                            .time()
                            .seconds(),
                    ),
                    None => None,
                };
                let git = git::Git {
                    repo: Arc::new(Mutex::new(repo)),
                    prefix: listing.prefix,
                    commit: listing.commit,
                };
                (listing.files, Some(git), now)
            }
        };
        let mut paths: Vec<String> = files.keys().cloned().collect();
        paths.sort();
        Ok(Snapshot {
            root,
            paths,
            now,
            mode,
            files,
            git,
        })
    }

    /// Reads one listed file's bytes: from disk for the work tree, from the
    /// object database for the index and a commit. A symlink is followed only
    /// when its target is a file inside the root.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, SourceError> {
        match self.files.get(path) {
            None => Err(SourceError::new(format!(
                "`{path}` is not a file of this snapshot"
            ))),
            Some(File::Refused(error)) => Err(error.clone()),
            Some(File::Disk(full)) => {
                let boundary = match &self.git {
                    Some(git) if git.prefix.is_empty() => "repository",
                    _ => "plan's root folder",
                };
                walk::read(&self.root, path, full, boundary)
            }
            Some(File::Blob(id)) => match &self.git {
                Some(git) => git.read_blob(path, *id),
                None => Err(SourceError::new(format!("cannot read `{path}`"))),
            },
        }
    }

    /// The size in bytes of one listed file, without reading it: lets a
    /// caller skip a huge file. `None` when it cannot be read.
    pub fn size(&self, path: &str) -> Option<u64> {
        match self.files.get(path)? {
            File::Refused(_) => None,
            File::Disk(full) => std::fs::metadata(full).ok().map(|m| m.len()),
            File::Blob(id) => self.git.as_ref()?.blob_size(*id),
        }
    }

    /// Unix time of the last commit that changed each of `paths`, walking the
    /// first-parent history of the checked commit once for all of them.
    /// Paths absent from the checked commit (untracked, newly added) are
    /// absent from the map; so is everything outside git. Where history ends
    /// early (a shallow clone's boundary, objects missing from a partial
    /// clone) the files still unresolved count as changed at the last commit
    /// that could be read.
    pub fn last_changed<S: AsRef<str>>(&self, paths: &[S]) -> HashMap<String, i64> {
        let (Some(git), Some(commit)) = (&self.git, self.git.as_ref().and_then(|g| g.commit))
        else {
            return HashMap::new();
        };
        let wanted = paths
            .iter()
            .map(|p| {
                (
                    format!("{}{}", git.prefix, p.as_ref()),
                    p.as_ref().to_string(),
                )
            })
            .collect();
        history::last_changed(&git.lock(), commit, wanted)
    }

    /// What the change since `base` introduced: the files added, modified or
    /// renamed between the merge base of `base` and the checked commit (HEAD
    /// for the work tree and the index) and the checked content.
    pub fn changed_paths(&self, base: &str) -> Result<ChangedSince, SourceError> {
        let Some(git) = &self.git else {
            return Err(not_a_repo(&self.root).with_help(
                "`--diff-base` compares with a commit; run it inside a git repository",
            ));
        };
        diff::changed_since(git, &self.mode, base, |path| self.files.contains_key(path))
    }
}

fn not_a_repo(root: &Path) -> SourceError {
    SourceError::new(format!(
        "`{}` is not inside a git repository",
        root.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_and_changes_can_cross_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Snapshot>();
        send_sync::<ChangedSince>();
    }
}
