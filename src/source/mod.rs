//! Stage 1: find the plan's root and its files, and read them from the work
//! tree, the index or a commit; plus the git facts rules need ("now", file ages,
//! what changed since a base revision).
//!
//! Everything git-related goes through libgit2 (`git2`): planlint never runs
//! the `git` command, so it behaves the same wherever it runs.

mod diff;
mod filter;
mod git;
mod history;
mod index_file;
mod walk;

use rayon::slice::ParallelSliceMut;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use diff::{ChangedSince, StagedChanges};
pub use filter::PathFilter;
pub use git::MAX_TREE_DEPTH;

/// Files larger than this are refused before a byte of them is read:
/// planning documents are small, and a huge one is a mistake in the globs
/// or an attack (100 MB of Markdown sections held 3.3 GB once parsed).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// An issue export may be larger: it grows with the organisation, and the
/// export of 200,000 issues (a plan of 100,000 goals) is tens of MB. This
/// is GitHub's own limit on one file in a repository.
pub const MAX_EXPORT_BYTES: u64 = 100 * 1024 * 1024;

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
    /// The repository the search opened, for the root's first snapshot.
    repository: Opened,
}

/// A repository [`find_root`] opened, handed to the first snapshot that
/// [`Snapshot::open_at`] opens at the root instead of being opened again
/// (its config files read, its owner checked): a millisecond of a check of
/// a small plan, before anything else could start.
#[derive(Clone, Default)]
struct Opened(Arc<Mutex<Option<git2::Repository>>>);

impl Opened {
    fn take(&self) -> Option<git2::Repository> {
        // A poisoned lock only means another reader panicked; the slot is fine.
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opened")
    }
}

/// Finds the root for `start` (see [`Root`]).
///
/// Inside a git work tree the search for a config file stops at the work
/// tree's root: a config above the repository does not belong to its plan,
/// and git could not read files outside the repository anyway. For a bare
/// repository (no work tree) the root is the start folder.
pub fn find_root(start: &Path) -> Result<Root, SourceError> {
    let start = resolve_in_work_tree(start)?;
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
                    repository: Opened::default(),
                })
            }
        },
        None => None,
    };
    // The root is inside this repository's work tree (the search stops at
    // its top): the root's snapshot can use it.
    let repository = Opened(Arc::new(Mutex::new(repo)));
    for dir in start_dir.ancestors() {
        if let Some(config) = config_in(dir) {
            return Ok(Root {
                dir: dir.to_path_buf(),
                config: Some(config),
                repository,
            });
        }
        if workdir.as_deref() == Some(dir) {
            break;
        }
    }
    Ok(Root {
        dir: workdir.unwrap_or(start_dir),
        config: None,
        repository,
    })
}

/// `start` resolved a part at a time ([`crate::paths::resolve`]), where a
/// symlink inside a git work tree must lead inside that work tree (and not
/// into its `.git`). A pull request that committed `plans -> ../outside`
/// made `planlint check plans` (the Action's `path`) read and print files
/// outside the repository, and `init plans` write there.
fn resolve_in_work_tree(start: &Path) -> Result<PathBuf, SourceError> {
    let cannot_open = |e: std::io::Error| {
        SourceError::new(format!("cannot open `{}`: {e}", start.display()))
            .with_help("pass a path to a folder of the plan")
    };
    let absolute = std::path::absolute(start).map_err(cannot_open)?;
    crate::paths::resolve(&absolute, |link, _| {
        let target = link.canonicalize().map_err(cannot_open)?;
        let folder = link.parent().unwrap_or(link);
        let work_tree = git::open_repo(folder)?
            .and_then(|repo| repo.workdir().and_then(|dir| dir.canonicalize().ok()));
        match work_tree {
            Some(work_tree) if !walk::is_inside(&work_tree, &target) => Err(SourceError::new(
                format!(
                    "`{}` is a symlink that leads out of its repository; planlint checks only the repository's own files",
                    start.display()
                ),
            )
            .with_help("pass the folder of the plan itself, not a symlink to one")),
            _ => Ok(target),
        }
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
    /// How to read each of [`Snapshot::paths`], at the same index: a
    /// file is found by its place in the listing, or by a binary search,
    /// not through a map of paths (on 110,000 files, a lookup by hash was
    /// a read from anywhere in memory, twice as slow per file as on 11,000).
    files: Vec<File>,
    /// Unix time that counts as "now" for date rules: the checked commit's
    /// time (HEAD's for the work tree and the index); `None` outside git or
    /// before the first commit, where callers use the clock.
    pub now: Option<i64>,
    /// Folders nested too deep to be listed (root-relative, ending in `/`),
    /// each reported rather than read.
    pub too_deep: Vec<String>,
    mode: Mode,
    git: Option<git::Git>,
    /// Folders of listed files known to lie inside the root.
    inside: walk::InsideFolders,
}

/// The files a listing found, by root-relative path (a map, so that a
/// path listed twice is one file). Filled once per listed file (11,000 on
/// a 10,000-goal plan): SipHash and the rehashing of a map grown from empty
/// were a fifth of the listing, which runs before any file is read.
/// foldhash is seeded per process, so paths cannot be chosen to collide.
type FileMap = foldhash::HashMap<String, File>;

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
    /// Lists every file under `root` as `mode` sees them.
    pub fn open(root: &Path, mode: Mode) -> Result<Snapshot, SourceError> {
        Snapshot::open_filtered(root, mode, &PathFilter::everything())
    }

    /// Lists the files under `root` that `filter` admits, as `mode` sees
    /// them. Files it leaves out can still be read by name
    /// ([`Snapshot::read_named`]).
    pub fn open_filtered(
        root: &Path,
        mode: Mode,
        filter: &PathFilter,
    ) -> Result<Snapshot, SourceError> {
        Snapshot::open_with(root, None, mode, filter)
    }

    /// [`Snapshot::open_filtered`] at a root [`find_root`] found, with the
    /// repository it opened (the first snapshot of the root only).
    pub fn open_at(root: &Root, mode: Mode, filter: &PathFilter) -> Result<Snapshot, SourceError> {
        Snapshot::open_with(&root.dir, root.repository.take(), mode, filter)
    }

    fn open_with(
        root: &Path,
        opened: Option<git2::Repository>,
        mode: Mode,
        filter: &PathFilter,
    ) -> Result<Snapshot, SourceError> {
        let root = root
            .canonicalize()
            .map_err(|e| SourceError::new(format!("cannot open `{}`: {e}", root.display())))?;
        let mut too_deep = Vec::new();
        // The folders a work-tree walk entered (every path that lists sets it).
        let walked;
        let repo = match opened {
            Some(repo) => Some(repo),
            None => git::open_repo(&root)?,
        };
        let (files, git, now) = match repo {
            None => match &mode {
                Mode::Worktree => {
                    let (files, folders) = walk::list(&root, filter);
                    walked = folders;
                    (files, None, None)
                }
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
                let mut staged = None;
                let listing = git::list(&repo, &root, &mode, filter, &mut staged)?;
                let now = match listing.commit {
                    Some(id) => Some(
                        repo.find_commit(id)
                            .map_err(|e| git::error("cannot read the checked commit", &e))?
                            .time()
                            .seconds(),
                    ),
                    None => None,
                };
                too_deep = listing.too_deep;
                walked = listing.walked;
                let workdir = repo.workdir().and_then(|dir| dir.canonicalize().ok());
                let git = git::Git {
                    repo: Arc::new(Mutex::new(repo)),
                    prefix: listing.prefix,
                    commit: listing.commit,
                    workdir,
                    blob_readers: git::blob_readers(&root, &mode),
                    staged,
                };
                (listing.files, Some(git), now)
            }
        };
        let (paths, files) = sorted_listing(within_depth(files, &mut too_deep));
        let inside = walk::InsideFolders::default();
        inside.seed(walked);
        Ok(Snapshot {
            root,
            paths,
            files,
            now,
            too_deep,
            mode,
            git,
            inside,
        })
    }

    /// The root's path in its repository's work tree, as `a/b/` (empty at
    /// the work tree's root, and outside git).
    pub fn repository_prefix(&self) -> &str {
        self.git.as_ref().map_or("", |git| git.prefix.as_str())
    }

    /// Whether the checked repository is a shallow clone, whose history
    /// ends early. Asked of the repository already open: opening it again
    /// to ask cost a millisecond at the end of every check.
    pub fn is_shallow(&self) -> bool {
        self.git.as_ref().is_some_and(|git| git.lock().is_shallow())
    }

    /// Lists the files again, as `filter` admits them: once the config is
    /// read, only what its globs can match. The repository, and the index
    /// it loaded, are reused.
    pub fn relist(&mut self, filter: &PathFilter) -> Result<(), SourceError> {
        let (files, too_deep, walked) = match &mut self.git {
            None => {
                let (files, walked) = walk::list(&self.root, filter);
                (files, Vec::new(), walked)
            }
            Some(git) => {
                let repo = git
                    .repo
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let listing = git::list(&repo, &self.root, &self.mode, filter, &mut git.staged)?;
                (listing.files, listing.too_deep, listing.walked)
            }
        };
        let mut too_deep = too_deep;
        (self.paths, self.files) = sorted_listing(within_depth(files, &mut too_deep));
        self.too_deep = too_deep;
        self.inside.seed(walked);
        Ok(())
    }

    /// Reads one listed file's bytes: from disk for the work tree, from the
    /// object database for the index and a commit. A symlink is followed only
    /// when its target is a file inside the root.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, SourceError> {
        self.read_up_to(path, MAX_FILE_BYTES)
    }

    /// Listed paths the index records as symlinks (none when a commit is
    /// checked, or outside git).
    pub fn symlinks(&self) -> Vec<String> {
        match (&self.git, &self.mode) {
            (Some(git), Mode::Worktree | Mode::Staged) => git
                .index_symlinks()
                .into_iter()
                .filter(|path| self.file(path).is_some())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Listed paths whose bytes differ from `base`'s though the change
    /// since it (`changed`) shows none at the path itself: a symlink whose
    /// target changed, since the rules read the file through it. In a
    /// commit or the index each file is a blob, found through its links,
    /// and compared by id; in the work tree the files the index records as
    /// symlinks are read on both sides.
    pub fn changed_through_links(&self, base: &Snapshot, changed: &ChangedSince) -> Vec<String> {
        if self.mode == Mode::Worktree {
            return (self.symlinks().into_iter())
                .filter(|path| !changed.contains(path))
                .filter(|path| self.read(path).ok() != base.read(path).ok())
                .collect();
        }
        (self.beside(base))
            .filter_map(|(path, file, before)| Some((path, listed_differ(file, before?)?)))
            .filter(|(path, differs)| *differs && !changed.contains(path))
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// The listed files whose bytes differ from `base`'s, or that `base`
    /// does not have: what changed, when git's diff could not be made
    /// ([`ChangedSince::by_content`]). Files on disk are read on both sides.
    pub fn changed_by_content(&self, base: &Snapshot) -> Vec<String> {
        (self.beside(base))
            .filter(|(path, file, before)| match before {
                None => true,
                Some(before) => listed_differ(file, before)
                    .unwrap_or_else(|| self.read(path).ok() != base.read(path).ok()),
            })
            .map(|(path, _, _)| path.clone())
            .collect()
    }

    /// Each listed file with `base`'s file at its path, if any: both
    /// listings are sorted, so one pass over them side by side.
    fn beside<'a>(
        &'a self,
        base: &'a Snapshot,
    ) -> impl Iterator<Item = (&'a String, &'a File, Option<&'a File>)> {
        let mut theirs = base.paths.iter().zip(&base.files).peekable();
        self.paths.iter().zip(&self.files).map(move |(path, file)| {
            while theirs.next_if(|(other, _)| *other < path).is_some() {}
            let before = theirs.next_if(|(other, _)| *other == path);
            (path, file, before.map(|(_, before)| before))
        })
    }

    /// The listed file at `path`.
    fn file(&self, path: &str) -> Option<&File> {
        let at = self.paths.binary_search_by(|p| p.as_str().cmp(path)).ok()?;
        self.files.get(at)
    }

    /// [`Snapshot::read`] of a file allowed `limit` bytes
    /// ([`MAX_EXPORT_BYTES`] for an issue export).
    pub fn read_up_to(&self, path: &str, limit: u64) -> Result<Vec<u8>, SourceError> {
        self.read_file(path, self.file(path), limit)
    }

    /// [`Snapshot::read_up_to`] of the `at`th of [`Snapshot::paths`]: the
    /// plan's files are read by their place in the listing.
    pub fn read_listed(&self, at: usize, limit: u64) -> Result<Vec<u8>, SourceError> {
        let path = self.paths.get(at).map_or("", String::as_str);
        self.read_file(path, self.files.get(at), limit)
    }

    fn read_file(
        &self,
        path: &str,
        file: Option<&File>,
        limit: u64,
    ) -> Result<Vec<u8>, SourceError> {
        match file {
            None => Err(SourceError::new(format!(
                "`{path}` is not a file of this snapshot"
            ))),
            Some(File::Refused(error)) => Err(error.clone()),
            Some(File::Disk(full)) => {
                let boundary = match &self.git {
                    Some(git) if git.prefix.is_empty() => "repository",
                    _ => "plan's root folder",
                };
                walk::read_listed(&self.root, path, full, boundary, &self.inside, limit)
            }
            Some(File::Blob(id)) => match &self.git {
                Some(git) => git.read_blob(path, *id, limit),
                None => Err(SourceError::new(format!("cannot read `{path}`"))),
            },
        }
    }

    /// Reads a file the configuration names (`planlint.toml`, what it
    /// `extend`s, a rule file) by a root-relative path, as this snapshot's
    /// mode sees it. The path may climb out of the plan's root with `..` but
    /// never out of the repository (outside git: out of the root); absolute
    /// paths are refused, and symlinks are followed only inside that
    /// boundary, exactly as for the plan's own files.
    pub fn read_named(&self, path: &str) -> Result<Vec<u8>, SourceError> {
        let outside = || {
            SourceError::new(format!("`{path}` is outside the repository"))
                .with_help("planlint reads only files inside the repository it checks")
        };
        let prefix = self.repository_prefix();
        let repo_path = repository_path(prefix, path)?;
        let under_root = repo_path.strip_prefix(prefix).filter(|rel| !rel.is_empty());
        if let Some(rel) = under_root {
            if self.file(rel).is_some() {
                return self.read(rel);
            }
        }
        match (&self.git, &self.mode) {
            (None, _) => Err(SourceError::new(format!("`{path}` does not exist"))),
            (Some(git), Mode::Worktree) => {
                let workdir = git.workdir.as_deref().ok_or_else(outside)?;
                let full = workdir.join(&repo_path);
                walk::read(workdir, &repo_path, &full, "repository", MAX_FILE_BYTES)
            }
            (Some(git), mode) => git.read_path(mode, &repo_path),
        }
    }

    /// The mode this snapshot reads.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// Where a path given on the command line is: root-relative (perhaps
    /// with leading `..`) when it lies inside the repository (outside git:
    /// inside the root), `None` when it is outside it.
    pub fn relative_path(&self, given: &Path) -> Option<String> {
        let boundary = self.boundary();
        let absolute = lexical_absolute(given)?;
        let inside = absolute.strip_prefix(boundary).ok()?;
        let inside = slash_path(inside);
        let prefix = self.repository_prefix();
        Some(match inside.strip_prefix(prefix) {
            Some(under_root) => under_root.to_string(),
            None => format!("{}{inside}", "../".repeat(prefix.matches('/').count())),
        })
    }

    /// Reads a file named on the command line (`--event`, `--baseline`).
    /// Inside the repository it is read only if it resolves inside it and
    /// is a regular file; outside, it is the caller's choice. Either way no
    /// more than [`MAX_FILE_BYTES`] are read.
    pub fn read_given(&self, given: &Path) -> Result<Vec<u8>, SourceError> {
        self.read_given_up_to(given, MAX_FILE_BYTES)
    }

    /// [`Snapshot::read_given`] of a file allowed `limit` bytes (`--issues`:
    /// [`MAX_EXPORT_BYTES`]).
    pub fn read_given_up_to(&self, given: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        let shown = given.display().to_string();
        let boundary = self.boundary();
        let absolute = lexical_absolute(given)
            .ok_or_else(|| SourceError::new(format!("cannot read `{shown}`")))?;
        if absolute.starts_with(boundary) {
            let name = if self.git.is_some() {
                "repository"
            } else {
                "plan's root folder"
            };
            return walk::read(boundary, &shown, &absolute, name, limit);
        }
        let cannot = |e: std::io::Error| SourceError::new(format!("cannot read `{shown}`: {e}"));
        let file = std::fs::File::open(&absolute).map_err(cannot)?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)
            .map_err(cannot)?;
        walk::check_size(&shown, bytes.len() as u64, limit)?;
        Ok(bytes)
    }

    /// The folder nothing is read outside of: the work tree's root in git,
    /// else the plan's root.
    pub fn boundary(&self) -> &Path {
        self.git
            .as_ref()
            .and_then(|git| git.workdir.as_deref())
            .unwrap_or(&self.root)
    }

    /// The size in bytes of one listed file, without reading it: lets a
    /// caller skip a huge file. `None` when it cannot be read.
    pub fn size(&self, path: &str) -> Option<u64> {
        match self.file(path)? {
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
        history::last_changed(&git.lock(), commit, wanted, git.staged.as_ref())
    }

    /// With `--staged` and a `base` that names HEAD's commit: the paths
    /// where the index differs from HEAD (see [`StagedChanges`]); `None` in
    /// any other mode, for another base, or before the first commit.
    pub fn staged_changes(&self, base: &str) -> Result<Option<StagedChanges>, SourceError> {
        match (&self.git, &self.mode) {
            (Some(git), Mode::Staged) => diff::staged_since_head(git, base),
            _ => Ok(None),
        }
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
        diff::changed_since(git, &self.mode, base, |path| self.file(path).is_some())
    }
}

/// The repository path (with `/`) of a file a configuration names by a
/// root-relative path, `..` resolved by name; the root is at `prefix`
/// (`""` or `"plan/"`). Absolute paths and paths that climb out of the
/// repository are refused.
fn repository_path(prefix: &str, path: &str) -> Result<String, SourceError> {
    if path.starts_with(['/', '\\']) || path.contains('\\') || path.get(1..2) == Some(":") {
        return Err(SourceError::new(format!("`{path}` is an absolute path"))
            .with_help("name a file inside the repository, by a relative path"));
    }
    let mut parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(|| {
                    SourceError::new(format!("`{path}` is outside the repository"))
                        .with_help("planlint reads only files inside the repository it checks")
                })?;
            }
            name => parts.push(name),
        }
    }
    Ok(parts.join("/"))
}

/// The listed paths in order, and each one's file at the same index.
/// Sorted on every core: the map gives them in no order, and on 110,000
/// files the sort, on one core while the other waited, took 24 times as
/// long as on 11,000.
fn sorted_listing(files: FileMap) -> (Vec<String>, Vec<File>) {
    let mut listing: Vec<(String, File)> = files.into_iter().collect();
    listing.par_sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    listing.into_iter().unzip()
}

/// `path` made absolute against the current folder, with `.` and `..`
/// resolved by name (not by following symlinks).
fn lexical_absolute(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// A file's path as planlint names it: its bytes when they are UTF-8
/// without a `\`; otherwise each `\` is written `\\` and each byte that is
/// not UTF-8 `\xNN`. No two files share a name: read lossily (`\xff` as
/// U+FFFD), a file whose name held U+FFFD hid another whose name was not
/// UTF-8, and that file's findings with it.
pub(crate) fn shown_path(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if valid.contains('\\') {
            out.push_str(&valid.replace('\\', "\\\\"));
        } else {
            out.push_str(valid);
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// One part of a path on disk as [`shown_path`] names it.
pub(crate) fn shown_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        shown_path(name.as_bytes())
    }
    #[cfg(not(unix))]
    {
        shown_path(name.to_string_lossy().as_bytes())
    }
}

/// The file at root-relative path `rel` under `root`, from its bytes (a
/// name that is not UTF-8 is found as it is).
pub(crate) fn disk_path(root: &Path, rel: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        root.join(std::ffi::OsStr::from_bytes(rel))
    }
    #[cfg(not(unix))]
    {
        root.join(&*String::from_utf8_lossy(rel))
    }
}

/// Whether two listings' files at one path differ, when the listing says
/// (blob ids, refusals); `None` for files on disk, which must be read.
fn listed_differ(now: &File, then: &File) -> Option<bool> {
    match (now, then) {
        (File::Blob(now), File::Blob(then)) => Some(now != then),
        (File::Refused(_), File::Refused(_)) => Some(false),
        (File::Refused(_), _) | (_, File::Refused(_)) => Some(true),
        _ => None,
    }
}

/// `files` without those below [`MAX_TREE_DEPTH`] folders, whose folder
/// at that depth is named in `too_deep` instead: a commit's listing stops
/// there, and the work tree and the index now list the same files as a
/// commit (`--diff-base` compares them).
fn within_depth(mut files: FileMap, too_deep: &mut Vec<String>) -> FileMap {
    let deep: Vec<String> = files
        .keys()
        // 256 folders take 512 bytes at least: most paths are not counted.
        .filter(|path| path.len() > 2 * MAX_TREE_DEPTH)
        .filter(|path| memchr::memchr_iter(b'/', path.as_bytes()).count() >= MAX_TREE_DEPTH)
        .cloned()
        .collect();
    for path in deep {
        files.remove(&path);
        let folder_end = path.match_indices('/').nth(MAX_TREE_DEPTH - 1);
        if let Some(folder) = folder_end.and_then(|(at, _)| path.get(..=at)) {
            too_deep.push(folder.to_string());
        }
    }
    too_deep.sort();
    too_deep.dedup();
    files
}

/// A relative path with `/` between its parts.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| shown_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
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
