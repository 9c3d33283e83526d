//! Opening the repository, resolving revisions, and listing the files of the
//! work tree, the index or a commit's tree.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;

use git2::{
    ErrorCode, Index, IndexEntry, ObjectType, Oid, Repository, RepositoryOpenFlags, Status,
    StatusOptions, StatusShow, Tree,
};

use super::index_file::{IndexEntry as StagedEntry, StagedIndex};
use super::{disk_path, shown_path, walk, File, FileMap, Mode, PathFilter, SourceError};

pub(super) const MODE_SYMLINK: u32 = 0o120000;
pub(super) const MODE_GITLINK: u32 = 0o160000;
/// How many symlinks in a row are followed before giving up (a loop).
pub(super) const MAX_LINK_HOPS: usize = 16;
/// The longest symlink target read (the system's own limit, `PATH_MAX`).
const MAX_LINK_TARGET_BYTES: usize = 4096;
/// Folders nested deeper than this below the plan's root are not read (and
/// are reported): no real plan comes near it, and the walk stays bounded.
pub const MAX_TREE_DEPTH: usize = 256;

/// The repository behind a snapshot.
pub(super) struct Git {
    pub(super) repo: Arc<Mutex<Repository>>,
    /// The root relative to the work tree: `""` or `"plan/"` (with the slash).
    pub(super) prefix: String,
    /// The checked commit: HEAD's for the work tree and the index, the
    /// revision's for `Mode::Rev`; `None` before the first commit.
    pub(super) commit: Option<Oid>,
    /// The work tree's root, canonicalized (`None` in a bare repository).
    pub(super) workdir: Option<std::path::PathBuf>,
    /// One more handle per worker thread, for blobs only: inflating a
    /// commit's or the index's blobs behind the one lock above ran them one
    /// at a time. Empty in the work tree, whose files come from disk.
    pub(super) blob_readers: Vec<Mutex<Repository>>,
    /// The index, read once: what `Mode::Staged` lists, and what the work
    /// tree's walk looks files up in (`None` there when libgit2 reads it).
    pub(super) staged: Option<StagedIndex>,
}

impl Git {
    /// Root-relative paths the index records as symlinks. In the work tree
    /// and the index, a file read through a symlink can change while the
    /// symlink itself does not.
    pub(super) fn index_symlinks(&self) -> Vec<String> {
        let is_link = |mode: u32, stage: u8| mode == MODE_SYMLINK && stage == 0;
        match &self.staged {
            Some(index) => index
                .with_prefix(self.prefix.as_bytes())
                .filter(|entry| is_link(entry.mode, entry.stage))
                .filter_map(|entry| under_root(entry.path, &self.prefix).map(shown_path))
                .collect(),
            None => {
                let repo = self.lock();
                let Ok(index) = repo.index() else {
                    return Vec::new();
                };
                let stage = |entry: &git2::IndexEntry| ((entry.flags >> 12) & 0x3) as u8;
                index
                    .iter()
                    .filter(|entry| is_link(entry.mode, stage(entry)))
                    .filter_map(|entry| under_root(&entry.path, &self.prefix).map(shown_path))
                    .collect()
            }
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Repository> {
        // A poisoned lock only means another reader panicked; the handle is fine.
        self.repo
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A blob's bytes, refused without reading when its header says it is
    /// over `limit` bytes.
    pub(super) fn read_blob(
        &self,
        path: &str,
        id: Oid,
        limit: u64,
    ) -> Result<Vec<u8>, SourceError> {
        let thread = rayon::current_thread_index().unwrap_or(0);
        match self.blob_readers.get(thread) {
            Some(reader) => {
                // Poisoned only if another reader panicked; the handle is fine.
                let repo = reader.lock().unwrap_or_else(|p| p.into_inner());
                read_blob(&repo, path, id, limit)
            }
            None => read_blob(&self.lock(), path, id, limit),
        }
    }

    pub(super) fn blob_size(&self, id: Oid) -> Option<u64> {
        let repo = self.lock();
        let (size, _) = repo.odb().ok()?.read_header(id).ok()?;
        u64::try_from(size).ok()
    }

    /// Reads a repository path (`plan/planlint.toml`) as the index
    /// (`Mode::Staged`) or the checked commit (`Mode::Rev`) holds it,
    /// following symlinks only inside the repository.
    pub(super) fn read_path(&self, mode: &Mode, repo_path: &str) -> Result<Vec<u8>, SourceError> {
        let repo = self.lock();
        let missing = || SourceError::new(format!("`{repo_path}` does not exist"));
        let found = match mode {
            Mode::Worktree => return Err(missing()),
            Mode::Staged => {
                let loaded;
                let index = match &self.staged {
                    Some(index) => index,
                    None => {
                        loaded = StagedIndex::load(&repo)?;
                        &loaded
                    }
                };
                let lookup = |path: &[u8]| index_target(index, path);
                follow(&repo, repo_path, &lookup)
            }
            Mode::Rev(_) => {
                let commit = self.commit.ok_or_else(missing)?;
                let tree = repo
                    .find_commit(commit)
                    .and_then(|c| c.tree())
                    .map_err(|e| error("cannot read the checked commit", &e))?;
                let lookup = |path: &[u8]| tree_target(&tree, path);
                follow(&repo, repo_path, &lookup)
            }
        };
        match found {
            Some(File::Blob(id)) => read_blob(&repo, repo_path, id, super::MAX_FILE_BYTES),
            Some(File::Refused(e)) => Err(e),
            Some(File::Disk(_)) | None => Err(missing()),
        }
    }
}

fn read_blob(repo: &Repository, path: &str, id: Oid, limit: u64) -> Result<Vec<u8>, SourceError> {
    let cannot = |e: git2::Error| error(&format!("cannot read `{path}` from git"), &e);
    let (size, _) = repo
        .odb()
        .and_then(|odb| odb.read_header(id))
        .map_err(cannot)?;
    walk::check_size(path, size as u64, limit)?;
    let blob = repo.find_blob(id).map_err(cannot)?;
    Ok(blob.content().to_vec())
}

/// What `repo_path` names, following symlinks inside the repository; `None`
/// when it is missing or a folder.
fn follow(repo: &Repository, repo_path: &str, lookup: &dyn Fn(&[u8]) -> Target) -> Option<File> {
    match lookup(repo_path.as_bytes()) {
        Target::File(id) => Some(File::Blob(id)),
        Target::Link(id) => resolve_link(repo, repo_path, repo_path.as_bytes(), id, "", lookup),
        Target::Dir | Target::Missing => None,
    }
}

/// Handles for [`Git::read_blob`], opened as the snapshot's own was; fewer
/// (down to none, then the shared handle reads) when one cannot be opened.
pub(super) fn blob_readers(root: &Path, mode: &Mode) -> Vec<Mutex<Repository>> {
    if *mode == Mode::Worktree {
        return Vec::new();
    }
    (0..rayon::current_num_threads())
        .map_while(|_| open_repo(root).ok().flatten().map(Mutex::new))
        .collect()
}

/// Opens the repository containing `path`, if any. Honours the variables git
/// sets for hooks (`GIT_INDEX_FILE` for `git commit -a`, `GIT_WORK_TREE`,
/// ...) so `--staged` in a pre-commit hook sees exactly what git commits.
pub(super) fn open_repo(path: &Path) -> Result<Option<Repository>, SourceError> {
    // libgit2 re-hashes every object it reads (SHA-1 with collision
    // detection); git itself does not, and over a long history that check is
    // half the cost of `last_changed`. The objects come from the repository
    // being checked, so there is nothing to verify them against anyway.
    git2::opts::strict_hash_verification(false);
    match Repository::open_ext(path, RepositoryOpenFlags::FROM_ENV, &[] as &[&OsStr]) {
        Ok(repo) => Ok(Some(repo)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(open_error(path, &e)),
    }
}

/// Maps a failure to open a repository; ownership gets the `safe.directory` fix.
pub(super) fn open_error(path: &Path, e: &git2::Error) -> SourceError {
    if e.code() == ErrorCode::Owner {
        // libgit2 says: repository path '/x' is not owned by current user
        let message = e.message();
        let quoted = match (message.find('\''), message.rfind('\'')) {
            (Some(start), Some(end)) => message.get(start + 1..end),
            _ => None,
        };
        let repo_path = quoted
            .filter(|p| !p.is_empty())
            .map_or_else(|| path.display().to_string(), str::to_string);
        return SourceError::new(format!(
            "git refuses to read the repository at `{repo_path}`: it is owned by another user"
        ))
        .with_help(format!(
            "if you trust it, mark it safe: `git config --global --add safe.directory {repo_path}` \
             (common in containers and CI jobs, where the checkout belongs to another user)"
        ));
    }
    SourceError::new(format!(
        "cannot open the git repository at `{}`: {}",
        path.display(),
        e.message()
    ))
}

/// Any other git failure, with what we were doing.
pub(super) fn error(context: &str, e: &git2::Error) -> SourceError {
    SourceError::new(format!("{context}: {}", e.message()))
}

const SHALLOW_HELP: &str =
    "fetch the full history: set `fetch-depth: 0` on actions/checkout, or run `git fetch --unshallow`";

/// The error for a missing piece of history in a shallow clone.
pub(super) fn shallow_error(what: &str) -> SourceError {
    SourceError::new(format!(
        "{what}: it is a shallow clone (only the most recent commits were fetched)"
    ))
    .with_help(SHALLOW_HELP)
}

/// Resolves a commit-ish (`HEAD~3`, a tag, a sha, `origin/main`) to a commit.
pub(super) fn resolve_commit<'r>(
    repo: &'r Repository,
    rev: &str,
) -> Result<git2::Commit<'r>, SourceError> {
    let object = repo.revparse_single(rev).map_err(|e| {
        if repo.is_shallow() {
            shallow_error(&format!("cannot find `{rev}` in this repository"))
        } else if repo.is_empty().unwrap_or(false) {
            SourceError::new(format!(
                "cannot find `{rev}`: this repository has no commits yet"
            ))
            .with_help("commit first, or check the work tree or the index instead of a revision")
        } else if e.code() == ErrorCode::Ambiguous {
            SourceError::new(format!("`{rev}` is ambiguous"))
                .with_help("use more characters of the sha, or the full reference name")
        } else {
            SourceError::new(format!("unknown revision `{rev}`")).with_help(
                "check the name: a branch, tag or sha known to this repository \
                 (a remote branch must be fetched first, e.g. `git fetch origin main`)",
            )
        }
    })?;
    object.peel_to_commit().map_err(|_| {
        SourceError::new(format!("`{rev}` does not name a commit"))
            .with_help("pass a branch, tag or commit sha")
    })
}

/// The files of one mode, keyed by root-relative path.
pub(super) struct Listing {
    pub(super) files: FileMap,
    pub(super) prefix: String,
    pub(super) commit: Option<Oid>,
    /// Folders below [`MAX_TREE_DEPTH`] that were not listed.
    pub(super) too_deep: Vec<String>,
    /// The folders the work-tree walk entered: real folders (not symlinks)
    /// reached from the root through real folders, so inside it.
    pub(super) walked: Vec<PathBuf>,
}

/// The files `mode` sees under `root` that `filter` admits.
/// `staged` keeps the index `Mode::Staged` reads, to list again without
/// reading it twice.
pub(super) fn list(
    repo: &Repository,
    root: &Path,
    mode: &Mode,
    filter: &PathFilter,
    staged: &mut Option<StagedIndex>,
) -> Result<Listing, SourceError> {
    let prefix = match repo.workdir() {
        Some(workdir) => prefix_of(root, workdir)?,
        // A bare repository: the root is the repository itself.
        None => String::new(),
    };
    match mode {
        Mode::Worktree => {
            if repo.workdir().is_none() {
                return Err(bare_error(root, "has no work tree"));
            }
            let commit = head_commit(repo)?;
            if staged.is_none() {
                *staged = StagedIndex::read(repo);
            }
            let (files, walked) = match staged {
                Some(index) => walk_worktree(repo, index, root, &prefix, filter),
                None => (list_worktree(repo, root, &prefix, filter)?, Vec::new()),
            };
            Ok(Listing {
                files,
                prefix,
                commit,
                too_deep: Vec::new(),
                walked,
            })
        }
        Mode::Staged => {
            if repo.is_bare() {
                return Err(bare_error(root, "has no index"));
            }
            let commit = head_commit(repo)?;
            let index = match staged {
                Some(index) => index,
                None => staged.insert(StagedIndex::load(repo)?),
            };
            let files = list_index(repo, index, &prefix, filter);
            Ok(Listing {
                files,
                prefix,
                commit,
                too_deep: Vec::new(),
                walked: Vec::new(),
            })
        }
        Mode::Rev(rev) => {
            let commit = resolve_commit(repo, rev)?;
            let tree = commit
                .tree()
                .map_err(|e| error(&format!("cannot read the tree of `{rev}`"), &e))?;
            let mut too_deep = Vec::new();
            let files = list_tree(repo, &tree, &prefix, filter, &mut too_deep)?;
            Ok(Listing {
                files,
                prefix,
                commit: Some(commit.id()),
                too_deep,
                walked: Vec::new(),
            })
        }
    }
}

fn bare_error(root: &Path, what: &str) -> SourceError {
    SourceError::new(format!(
        "`{}` is a bare repository: it {what}",
        root.display()
    ))
    .with_help("check a commit instead, e.g. `--rev HEAD`")
}

/// `root` relative to the work tree, as `""` or `"a/b/"`.
fn prefix_of(root: &Path, workdir: &Path) -> Result<String, SourceError> {
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let relative = root.strip_prefix(&workdir).map_err(|_| {
        SourceError::new(format!(
            "`{}` is not inside the work tree of its git repository (`{}`)",
            root.display(),
            workdir.display()
        ))
    })?;
    let mut prefix = String::new();
    for part in relative.components() {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    Ok(prefix)
}

/// HEAD's commit; `None` on an unborn branch (no commits yet).
pub(super) fn head_commit(repo: &Repository) -> Result<Option<Oid>, SourceError> {
    match repo.head() {
        Ok(head) => match head.peel_to_commit() {
            Ok(commit) => Ok(Some(commit.id())),
            Err(e) => Err(error("cannot read HEAD's commit", &e)),
        },
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
        Err(e) => Err(error("cannot read HEAD", &e)),
    }
}

/// The path under the root, or `None` when `repo_path` is outside it.
pub(super) fn under_root<'p>(repo_path: &'p [u8], prefix: &str) -> Option<&'p [u8]> {
    repo_path
        .strip_prefix(prefix.as_bytes())
        .filter(|rest| !rest.is_empty())
}

/// The folders (as repository paths) whose index entries `filter` can
/// list, outermost only, sorted; `None` when it can list any path.
fn listed_starts(prefix: &str, filter: &PathFilter) -> Option<Vec<String>> {
    let listed = filter.prefixes()?;
    let mut starts: Vec<String> = listed.iter().map(|p| format!("{prefix}{p}")).collect();
    starts.sort();
    // A folder inside another listed one is read with it.
    starts.dedup_by(|inner, outer| inner.starts_with(outer.as_str()));
    Some(starts)
}

/// The index entries under the root whose paths `filter` can list, in index
/// order. The index is sorted by path, so each listed folder is found by a
/// binary search and read to its end: in a repository of 100,000 files
/// beside the plan, only the plan's entries are copied out of libgit2.
fn admitted_entries(index: &Index, prefix: &str, filter: &PathFilter) -> Vec<IndexEntry> {
    let whole = || index.iter().collect::<Vec<_>>();
    let Some(starts) = listed_starts(prefix, filter) else {
        return match prefix {
            "" => whole(),
            _ => entries_with_prefix(index, prefix).unwrap_or_else(whole),
        };
    };
    let mut entries = Vec::new();
    for start in &starts {
        match entries_with_prefix(index, start) {
            Some(found) => entries.extend(found),
            // A prefix libgit2 cannot take (a NUL byte): read the index whole.
            None => return whole(),
        }
    }
    entries
}

/// [`admitted_entries`] of the index `--staged` reads.
fn admitted_staged<'i>(
    index: &'i StagedIndex,
    prefix: &str,
    filter: &PathFilter,
) -> Vec<StagedEntry<'i>> {
    let starts = listed_starts(prefix, filter).unwrap_or_else(|| vec![prefix.to_string()]);
    starts
        .iter()
        .flat_map(|start| index.with_prefix(start.as_bytes()))
        .collect()
}

/// The entries whose path starts with `start`; `None` when libgit2 refuses
/// the prefix itself.
fn entries_with_prefix(index: &Index, start: &str) -> Option<Vec<IndexEntry>> {
    let first = match index.find_prefix(start) {
        Ok(first) => first,
        Err(e) if e.code() == ErrorCode::NotFound => return Some(Vec::new()),
        Err(_) => return None,
    };
    // With `core.ignorecase` the index sorts without case: read on while
    // the case-folded prefix matches, keep the exact matches.
    let folded = |path: &[u8]| {
        path.get(..start.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(start.as_bytes()))
    };
    Some(
        (first..index.len())
            .map_while(|position| index.get(position))
            .take_while(|entry| folded(&entry.path))
            .filter(|entry| entry.path.starts_with(start.as_bytes()))
            .collect(),
    )
}

/// Tracked files present on disk plus untracked files that are not ignored;
/// submodules, nested repositories and symlinks to folders inside the root
/// are left out: what [`list_worktree`] lists, found by reading the folders
/// the filter can list and looking each file up in the index. libgit2's
/// status pass loaded the index its slow way and stat-ed every tracked file
/// to tell modified from clean, which planlint does not ask; on 10,000 goals
/// that was 120M instructions before the first file was read.
///
/// The folders of one depth, and the entries of a large folder, are read on
/// every core ([`read_folder`]); only the ignore rules, which need the
/// repository (one thread's), are asked here between depths. On one core
/// the walk of 11,000 files took 10 to 16 ms while the other core waited.
///
/// Also returns the folders it entered, which reading their files then
/// knows to be inside the root.
fn walk_worktree(
    repo: &Repository,
    index: &StagedIndex,
    root: &Path,
    prefix: &str,
    filter: &PathFilter,
) -> (FileMap, Vec<PathBuf>) {
    // Repository paths (the root's prefix, then the path under the root),
    // as the index and the ignore rules know them.
    let ignored = |repo_path: &[u8]| {
        repo.is_path_ignored(disk_path(Path::new(""), repo_path))
            .unwrap_or(false)
    };
    let mut files = FileMap::default();
    let mut walked = Vec::new();
    // Each folder to read, with its repository path and whether the index
    // holds files in it.
    let mut pending: Vec<(PathBuf, Vec<u8>, bool)> =
        vec![(root.to_path_buf(), prefix.as_bytes().to_vec(), true)];
    while !pending.is_empty() {
        let found: Vec<Vec<Found>> = pending
            .par_iter()
            .map(|(dir, dir_path, tracked)| {
                let folder = Folder {
                    dir,
                    path: dir_path,
                    tracked: *tracked,
                };
                read_folder(index, root, prefix, filter, folder)
            })
            .collect();
        walked.extend(pending.drain(..).map(|(dir, ..)| dir));
        for found in found.into_iter().flatten() {
            match found {
                Found::File { rel, path } => {
                    files.insert(rel, File::Disk(path));
                }
                Found::Untracked {
                    rel,
                    path,
                    repo_path,
                } => {
                    if !ignored(&repo_path) {
                        files.insert(rel, File::Disk(path));
                    }
                }
                Found::Folder {
                    path,
                    repo_path,
                    holds_tracked,
                } => {
                    // An ignored folder is still entered for its tracked files.
                    if holds_tracked || !ignored(&repo_path) {
                        pending.push((path, repo_path, holds_tracked));
                    }
                }
            }
        }
    }
    (files, walked)
}

/// What [`read_folder`] found in a folder that the walk may list or enter.
enum Found {
    /// A tracked file: listed.
    File { rel: String, path: PathBuf },
    /// An untracked file: listed unless the ignore rules say otherwise.
    Untracked {
        rel: String,
        path: PathBuf,
        repo_path: Vec<u8>,
    },
    /// A folder the filter can list (its repository path ends with `/`):
    /// entered if it holds tracked files or is not ignored.
    Folder {
        path: PathBuf,
        repo_path: Vec<u8>,
        holds_tracked: bool,
    },
}

/// The entries of the folder `dir` (at `dir_path` in the repository) that
/// the walk may list or enter, in name order, with all that does not need
/// the repository decided: the index, the filter, nested repositories and
/// symlinks to folders inside the root.
fn read_folder(
    index: &StagedIndex,
    root: &Path,
    prefix: &str,
    filter: &PathFilter,
    folder: Folder,
) -> Vec<Found> {
    let Folder {
        dir,
        path: dir_path,
        tracked,
    } = folder;
    let dir_rel = dir_path.get(prefix.len()..).unwrap_or_default();
    let exact = filter.exact_names(dir_rel);
    let Some(mut entries) = folder_entries(dir, dir == root || tracked, exact) else {
        return Vec::new();
    };
    // In name order, so that the index is searched onwards from the last
    // file found ([`StagedIndex::at_from`]).
    entries.sort_unstable_by(|(a, _), (b, _)| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    // Each rayon job searches the index onwards from the folder's start.
    entries
        .par_iter()
        .map_init(
            || index.start_of(dir_path),
            |from, (name, entry)| {
                let kind = entry.kind()?;
                let mut repo_path = dir_path.to_vec();
                repo_path.extend_from_slice(name.as_encoded_bytes());
                let path = entry.path();
                if kind.is_dir() {
                    let holds_tracked = index.has_folder(&repo_path);
                    repo_path.push(b'/');
                    let rel = repo_path.get(prefix.len()..).unwrap_or_default();
                    return filter.may_hold(rel).then_some(Found::Folder {
                        path,
                        repo_path,
                        holds_tracked,
                    });
                }
                let rel = repo_path.get(prefix.len()..).unwrap_or_default();
                if !filter.admits(rel) {
                    return None;
                }
                let tracked = index.at_from(&repo_path, from).next();
                if tracked
                    .as_ref()
                    .is_some_and(|entry| entry.mode == MODE_GITLINK)
                    || (tracked.is_none() && !(kind.is_file() || kind.is_symlink()))
                    || (kind.is_symlink() && walk::is_link_to_dir_inside(&path, root))
                {
                    return None;
                }
                let rel = shown_path(rel);
                Some(match tracked {
                    Some(_) => Found::File { rel, path },
                    None => Found::Untracked {
                        rel,
                        path,
                        repo_path,
                    },
                })
            },
        )
        .flatten()
        .collect()
}

/// A folder the work-tree walk reads: where it is on disk, its path in the
/// repository, and whether the index holds files in it.
struct Folder<'a> {
    dir: &'a Path,
    path: &'a [u8],
    tracked: bool,
}

/// The entries of `dir` but `.git` (see [`walk::entries`]), or `None` when
/// it may be another repository (`own` is false: it is not the root and
/// the index holds no file in it) and holds a `.git`: a submodule or
/// another repository, and nothing in it is listed. A folder the index
/// holds files in is this repository's, as git itself sees it, and is not
/// asked: in a layout with a folder a page, that `lstat` was a third of
/// the walk's system calls.
fn folder_entries(
    dir: &Path,
    own: bool,
    exact: Option<Vec<&str>>,
) -> Option<Vec<(std::ffi::OsString, walk::Entry)>> {
    let looked_up = exact.is_some();
    if looked_up && !own && std::fs::symlink_metadata(dir.join(".git")).is_ok() {
        return None;
    }
    let mut entries = walk::entries(dir, exact)?;
    let before = entries.len();
    entries.retain(|(name, _)| name != ".git");
    if entries.len() < before && !own {
        return None;
    }
    Some(entries)
}

/// Tracked files present on disk plus untracked files that are not ignored;
/// submodules and symlinks to folders inside the root are left out. Through
/// libgit2's status pass, for an index [`StagedIndex::read`] leaves to it.
fn list_worktree(
    repo: &Repository,
    root: &Path,
    prefix: &str,
    filter: &PathFilter,
) -> Result<FileMap, SourceError> {
    let index = repo
        .index()
        .map_err(|e| error("cannot read the git index", &e))?;
    // By the name planlint shows, the mode and the file on disk.
    let mut tracked: HashMap<String, (u32, PathBuf)> = HashMap::new();
    for entry in admitted_entries(&index, prefix, filter) {
        if entry.mode == MODE_GITLINK {
            continue;
        }
        if let Some(rel) = under_root(&entry.path, prefix).filter(|rel| filter.admits(rel)) {
            tracked.insert(shown_path(rel), (entry.mode, disk_path(root, rel)));
        }
    }

    // One status pass (stat-based, like `git status`) finds the deleted
    // tracked files and the untracked, non-ignored ones.
    let mut options = StatusOptions::new();
    options
        .show(StatusShow::Workdir)
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true);
    // Literal pathspecs: libgit2 then walks only the folders that hold them.
    match filter.prefixes() {
        Some(listed) => {
            for path in listed {
                options.pathspec(format!("{prefix}{path}"));
            }
            options.disable_pathspec_match(true);
        }
        None if !prefix.is_empty() => {
            options.pathspec(prefix).disable_pathspec_match(true);
        }
        None => {}
    }
    let statuses = repo
        .statuses(Some(&mut options))
        .map_err(|e| error("cannot read the work tree's status", &e))?;
    let mut maybe_links = Vec::new();
    for entry in statuses.iter() {
        let Some(rel) = under_root(entry.path_bytes(), prefix).filter(|rel| filter.admits(rel))
        else {
            continue;
        };
        // A nested repository shows as `dir/`: never descended into.
        if rel.ends_with(b"/") {
            continue;
        }
        let on_disk = disk_path(root, rel);
        let rel = shown_path(rel);
        let status = entry.status();
        if status.contains(Status::WT_DELETED) {
            tracked.remove(&rel);
        } else if status.intersects(Status::WT_NEW | Status::WT_TYPECHANGE) {
            maybe_links.push(rel.clone());
            tracked.entry(rel).or_insert((0, on_disk));
        }
    }
    maybe_links.extend(
        tracked
            .iter()
            .filter(|(_, (mode, _))| *mode == MODE_SYMLINK)
            .map(|(path, _)| path.clone()),
    );
    for path in maybe_links {
        let inside = |(_, full): &(u32, PathBuf)| walk::is_link_to_dir_inside(full, root);
        if tracked.get(&path).is_some_and(inside) {
            tracked.remove(&path);
        }
    }
    Ok(tracked
        .into_iter()
        .map(|(path, (_, full))| (path, File::Disk(full)))
        .collect())
}

/// Every index entry under the root that `filter` admits, read as its
/// staged blob. Other entries are skipped before their path is copied.
fn list_index(
    repo: &Repository,
    index: &StagedIndex,
    prefix: &str,
    filter: &PathFilter,
) -> FileMap {
    let mut files = FileMap::default();
    let mut conflicted = Vec::new();
    let mut links = Vec::new();
    for entry in admitted_staged(index, prefix, filter) {
        // `git add -N` records an empty placeholder that is not committed.
        if entry.mode == MODE_GITLINK || entry.intent_to_add {
            continue;
        }
        let Some(rel) = under_root(entry.path, prefix).filter(|rel| filter.admits(rel)) else {
            continue;
        };
        let rel = shown_path(rel);
        if !entry.path.split(|byte| *byte == b'/').all(is_checkout_name) {
            let escaped: Vec<u8> = (entry.path.split(|byte| *byte == b'/'))
                .map(escaped_name)
                .collect::<Vec<_>>()
                .join(&b'/');
            files.insert(
                shown_path(&escaped),
                File::Refused(malformed_name(entry.path)),
            );
            continue;
        }
        if entry.stage != 0 {
            conflicted.push(rel);
        } else if entry.mode == MODE_SYMLINK {
            links.push((rel, entry.path.to_vec(), entry.id));
        } else {
            files.insert(rel, File::Blob(entry.id));
        }
    }
    for rel in conflicted {
        let error = SourceError::new(format!(
            "`{rel}` has unresolved merge conflicts in the index"
        ))
        .with_help("resolve the conflict and stage the file (`git add`)");
        files.entry(rel).or_insert(File::Refused(error));
    }
    let lookup = |path: &[u8]| index_target(index, path);
    for (rel, repo_path, id) in links {
        if let Some(file) = resolve_link(repo, &rel, &repo_path, id, prefix, &lookup) {
            files.insert(rel, file);
        }
    }
    files
}

/// Every blob under the root in a commit's tree that `filter` admits; a
/// folder that cannot hold one is not opened.
fn list_tree(
    repo: &Repository,
    tree: &Tree<'_>,
    prefix: &str,
    filter: &PathFilter,
    too_deep: &mut Vec<String>,
) -> Result<FileMap, SourceError> {
    let mut files = FileMap::default();
    let mut links = Vec::new();
    let sub;
    let start = if prefix.is_empty() {
        tree
    } else {
        match tree
            .get_path(Path::new(prefix.trim_end_matches('/')))
            .ok()
            .and_then(|entry| entry.to_object(repo).ok())
            .and_then(|object| object.into_tree().ok())
        {
            Some(tree) => {
                sub = tree;
                &sub
            }
            // The plan's folder does not exist in that commit.
            None => return Ok(files),
        }
    };
    // An explicit stack, not libgit2's recursive walk: a tree nested
    // thousands of folders deep must not overflow the stack.
    let mut pending: Vec<(Oid, Vec<u8>, usize)> = vec![(start.id(), Vec::new(), 0)];
    while let Some((id, dir, depth)) = pending.pop() {
        let folder = repo.find_tree(id).map_err(|e| {
            let shown = match dir.is_empty() {
                true => format!("{prefix}."),
                false => format!("{prefix}{}", shown_path(&dir)),
            };
            error(
                &format!(
                    "cannot list the commit's files in `{}`",
                    crate::text::visible(&shown)
                ),
                &e,
            )
        })?;
        for entry in folder.iter() {
            if !is_checkout_name(entry.name_bytes()) {
                // Reported under its name escaped: as written, its path
                // would name a place outside its folder
                // (`../../etc/passwd.md`) or another file (`a/b.md`).
                let mut rel = dir.clone();
                rel.extend_from_slice(&escaped_name(entry.name_bytes()));
                if filter.admits(&rel) {
                    files.insert(
                        shown_path(&rel),
                        File::Refused(malformed_name(entry.name_bytes())),
                    );
                }
                continue;
            }
            let mut rel = dir.clone();
            rel.extend_from_slice(entry.name_bytes());
            match entry.kind() {
                Some(ObjectType::Tree) => {
                    rel.push(b'/');
                    if !filter.may_hold(&rel) {
                        continue;
                    }
                    if depth + 1 >= MAX_TREE_DEPTH {
                        too_deep.push(shown_path(&rel));
                    } else {
                        pending.push((entry.id(), rel, depth + 1));
                    }
                }
                Some(ObjectType::Blob) if !filter.admits(&rel) => {}
                Some(ObjectType::Blob) if entry.filemode_raw() as u32 == MODE_SYMLINK => {
                    let mut repo_path = prefix.as_bytes().to_vec();
                    repo_path.extend_from_slice(&rel);
                    links.push((shown_path(&rel), repo_path, entry.id()));
                }
                Some(ObjectType::Blob) => {
                    files.insert(shown_path(&rel), File::Blob(entry.id()));
                }
                _ => {}
            }
        }
    }
    let lookup = |path: &[u8]| tree_target(tree, path);
    for (rel, repo_path, id) in links {
        if let Some(file) = resolve_link(repo, &rel, &repo_path, id, prefix, &lookup) {
            files.insert(rel, file);
        }
    }
    Ok(files)
}

/// Whether a tree entry's name (or an index path's part) is one a checkout
/// can hold: git itself refuses the others, but a crafted commit or index
/// can carry them, and a name such as `..` or `a/b` would make a finding
/// point outside its folder or at another file.
fn is_checkout_name(name: &[u8]) -> bool {
    !matches!(name, b"" | b"." | b"..")
        && !name.contains(&b'/')
        && !name.contains(&0)
        && !name.eq_ignore_ascii_case(b".git")
}

/// A name as a checkout could hold it: `/`, NUL and `%` percent-encoded,
/// and a name of dots alone or `.git` with its first `.` encoded.
fn escaped_name(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + 2);
    let special = name.iter().all(|byte| *byte == b'.') || name.eq_ignore_ascii_case(b".git");
    for (at, byte) in name.iter().enumerate() {
        match byte {
            b'/' => out.extend_from_slice(b"%2F"),
            0 => out.extend_from_slice(b"%00"),
            b'%' => out.extend_from_slice(b"%25"),
            b'.' if special && at == 0 => out.extend_from_slice(b"%2E"),
            other => out.push(*other),
        }
    }
    if out.is_empty() {
        out.extend_from_slice(b"%00");
    }
    out
}

fn malformed_name(name: &[u8]) -> SourceError {
    SourceError::new(format!(
        "the revision holds a file named `{}`, which no checkout can hold; it is not read",
        shown_path(name)
    ))
    .with_help("git refuses such names: the commit or index was made by other means")
}

/// What a path names in the index or a tree.
enum Target {
    File(Oid),
    Link(Oid),
    Dir,
    Missing,
}

fn index_target(index: &StagedIndex, path: &[u8]) -> Target {
    match index.get(path) {
        Some(entry) if entry.mode == MODE_SYMLINK => Target::Link(entry.id),
        Some(entry) if entry.mode == MODE_GITLINK => Target::Dir,
        Some(entry) => Target::File(entry.id),
        None if index.has_folder(path) => Target::Dir,
        None => Target::Missing,
    }
}

fn tree_target(tree: &Tree<'_>, path: &[u8]) -> Target {
    match tree.get_path(&disk_path(Path::new(""), path)) {
        Ok(entry) => match entry.kind() {
            Some(ObjectType::Blob) if entry.filemode_raw() as u32 == MODE_SYMLINK => {
                Target::Link(entry.id())
            }
            Some(ObjectType::Blob) => Target::File(entry.id()),
            _ => Target::Dir,
        },
        Err(_) => Target::Missing,
    }
}

/// Follows a symlink stored in git (its blob holds the target path) inside
/// the root. `None` for a link to a folder: folders are never followed.
fn resolve_link(
    repo: &Repository,
    rel: &str,
    repo_path: &[u8],
    id: Oid,
    prefix: &str,
    lookup: &dyn Fn(&[u8]) -> Target,
) -> Option<File> {
    let mut link_path = repo_path.to_vec();
    let mut link_id = id;
    for _ in 0..MAX_LINK_HOPS {
        // A symlink's blob is its target path: a few bytes, never megabytes.
        let size = repo.odb().and_then(|odb| odb.read_header(link_id));
        if size.is_ok_and(|(size, _)| size > MAX_LINK_TARGET_BYTES) {
            return Some(File::Refused(SourceError::new(format!(
                "`{rel}` is a symlink whose target is longer than {MAX_LINK_TARGET_BYTES} bytes"
            ))));
        }
        let target = match repo.find_blob(link_id) {
            Ok(blob) => blob.content().to_vec(),
            Err(e) => {
                return Some(File::Refused(error(
                    &format!("cannot read the symlink `{rel}`"),
                    &e,
                )))
            }
        };
        let shown = shown_path(&target);
        let Some(resolved) = join_link(&link_path, &target) else {
            return Some(File::Refused(walk::outside_error(
                rel,
                &shown,
                "repository",
            )));
        };
        let into_git = resolved
            .split(|b| *b == b'/')
            .any(|part| part.eq_ignore_ascii_case(b".git"));
        if into_git {
            return Some(File::Refused(walk::into_git_error(rel, Some(&shown))));
        }
        if !resolved.starts_with(prefix.as_bytes()) {
            return Some(File::Refused(walk::outside_error(
                rel,
                &shown,
                "plan's root folder",
            )));
        }
        match lookup(&resolved) {
            Target::File(id) => return Some(File::Blob(id)),
            Target::Dir => return None,
            Target::Missing => {
                return Some(File::Refused(SourceError::new(format!(
                    "`{rel}` is a broken symlink: `{shown}` does not exist"
                ))))
            }
            Target::Link(id) => {
                link_path = resolved;
                link_id = id;
            }
        }
    }
    Some(File::Refused(SourceError::new(format!(
        "`{rel}` is a symlink loop"
    ))))
}

/// The repository path a link at `link_path` with `target` points to, or
/// `None` when it leaves the repository (an absolute target, or too many `..`).
fn join_link(link_path: &[u8], target: &[u8]) -> Option<Vec<u8>> {
    if target.starts_with(b"/") {
        return None;
    }
    let mut parts: Vec<&[u8]> = link_path.split(|b| *b == b'/').collect();
    parts.pop();
    for part in target.split(|b| *b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_error_names_the_safe_directory_fix() {
        let e = git2::Error::new(
            ErrorCode::Owner,
            git2::ErrorClass::Config,
            "repository path '/__w/plan/plan' is not owned by current user",
        );
        let error = open_error(Path::new("/__w/plan/plan/sub"), &e);
        assert_eq!(
            error.message,
            "git refuses to read the repository at `/__w/plan/plan`: it is owned by another user"
        );
        let help = error.help.unwrap_or_default();
        assert!(
            help.contains("git config --global --add safe.directory /__w/plan/plan"),
            "{help}"
        );
    }

    /// A repository with every case the work tree's listing decides.
    fn varied_worktree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
                .args(args)
                .current_dir(root)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("git runs");
            assert!(status.success(), "git {args:?}");
        };
        let write = |path: &str, text: &str| {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        };
        git(&["init", "-q"]);
        write(
            ".gitignore",
            "*.tmp\n*.skip\nplan/drafts/\nplan/vendor/\nplan/ign-*.md\n!plan/ign-keep.md\n",
        );
        write(".git/info/exclude", "plan/local/\n");
        for path in [
            "plan/clean.md",
            "plan/modified.md",
            "plan/deleted.md",
            "plan/goals/g.md",
            "plan/sparse/s.md",
            "other/o.md",
            "plan/tracked.tmp",
            "plan/ign-tracked.md",
        ] {
            write(path, "v1");
        }
        // A folder large enough that its entries are read in several
        // parallel jobs, each searching the index from the folder's start:
        // tracked files an ignore pattern matches (listed only if found in
        // the index) among untracked ones, listed and ignored.
        for n in 0..300 {
            write(&format!("plan/many/t-{n:03}.skip"), "tracked");
        }
        std::os::unix::fs::symlink("clean.md", root.join("plan/link.md")).expect("link");
        std::os::unix::fs::symlink("goals", root.join("plan/dirlink")).expect("link");
        git(&["add", "-f", "."]);
        git(&["commit", "-q", "-m", "one"]);
        // The vendored folder holds a tracked file although it is ignored.
        write("plan/vendor/tracked.md", "v1");
        git(&["add", "-f", "plan/vendor/tracked.md"]);
        git(&["commit", "-q", "-m", "two"]);
        write("plan/modified.md", "v2");
        std::fs::remove_file(root.join("plan/deleted.md")).expect("rm");
        git(&["update-index", "--skip-worktree", "plan/sparse/s.md"]);
        std::fs::remove_file(root.join("plan/sparse/s.md")).expect("rm");
        for n in (0..300).step_by(7) {
            write(&format!("plan/many/u-{n:03}.md"), "untracked");
            write(&format!("plan/many/u-{n:03}.skip"), "ignored");
        }
        write("plan/new.md", "new");
        write("plan/goals/new.md", "new");
        write("plan/scratch.tmp", "ignored by pattern");
        write("plan/ign-x.md", "ignored");
        write("plan/ign-keep.md", "negated");
        write("plan/drafts/d.md", "ignored folder");
        write("plan/vendor/untracked.md", "inside an ignored folder");
        write("plan/local/l.md", "info/exclude");
        write("plan/intent.md", "git add -N");
        git(&["add", "-N", "plan/intent.md"]);
        write("plan/nested/.git/HEAD", "ref: refs/heads/main");
        write("plan/nested/n.md", "inside another repository");
        write("plan/sub/.git", "gitdir: ../.git/modules/sub");
        write("plan/sub/s.md", "inside a submodule");
        std::os::unix::fs::symlink("/etc/hostname", root.join("plan/out.md")).expect("link");
        std::os::unix::fs::symlink("drafts", root.join("plan/to-ignored-dir")).expect("link");
        dir
    }

    #[test]
    fn the_work_tree_walk_lists_what_libgit2_status_lists() {
        let dir = varied_worktree();
        let root = dir.path().canonicalize().expect("canonical");
        let repo = Repository::open(&root).expect("open");
        let index = StagedIndex::read(&repo).expect("the reader takes the index");
        let sorted = |files: FileMap| {
            let mut listed: Vec<(String, String)> = files
                .into_iter()
                .map(|(path, file)| match file {
                    File::Disk(full) => (path, full.display().to_string()),
                    _ => (path, "not on disk".into()),
                })
                .collect();
            listed.sort();
            listed
        };
        let filters = [
            PathFilter::everything(),
            PathFilter::new(["plan/**/*.md"], [], []),
            PathFilter::new(
                ["plan/goals/*.md", "plan/vendor/*.md"],
                [],
                ["plan/clean.md"],
            ),
            // Each folder under `plan/` looked into by name, not read.
            PathFilter::new(
                [
                    "plan/*/g.md",
                    "plan/*/n.md",
                    "plan/*/s.md",
                    "plan/*/d.md",
                    "plan/*/l.md",
                    "plan/*/tracked.md",
                    "plan/*/untracked.md",
                    "plan/*/u-007.md",
                    "plan/*/u-007.skip",
                ],
                [],
                [],
            ),
        ];
        for filter in &filters {
            let walked = sorted(walk_worktree(&repo, &index, &root, "", filter).0);
            let status = sorted(list_worktree(&repo, &root, "", filter).expect("status"));
            assert_eq!(walked, status);
            assert!(!walked.is_empty());
        }
        // Not in another repository, a submodule or an ignored folder.
        let by_name = sorted(walk_worktree(&repo, &index, &root, "", &filters[3]).0);
        let paths: Vec<&str> = by_name.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "plan/goals/g.md",
                "plan/many/u-007.md",
                "plan/vendor/tracked.md"
            ]
        );
        let everything = sorted(walk_worktree(&repo, &index, &root, "", &filters[0]).0);
        let paths: Vec<&str> = everything.iter().map(|(path, _)| path.as_str()).collect();
        // Every tracked file of the large folder, and its untracked files
        // but the ignored ones.
        let many: Vec<String> = (0..300)
            .map(|n| format!("plan/many/t-{n:03}.skip"))
            .chain(
                (0..300)
                    .step_by(7)
                    .map(|n| format!("plan/many/u-{n:03}.md")),
            )
            .collect();
        let (before, after) = paths.split_at(9);
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(after.get(..many.len()), Some(&many[..]));
        assert_eq!(
            [before, after.get(many.len()..).unwrap_or_default()].concat(),
            [
                ".gitignore",
                "other/o.md",
                "plan/clean.md",
                "plan/goals/g.md",
                "plan/goals/new.md",
                "plan/ign-keep.md",
                "plan/ign-tracked.md",
                "plan/intent.md",
                "plan/link.md",
                "plan/modified.md",
                "plan/new.md",
                "plan/out.md",
                "plan/tracked.tmp",
                "plan/vendor/tracked.md",
            ]
        );
        // The plan's root below the work tree's.
        let plan = root.join("plan");
        let filter = PathFilter::everything();
        let walked = sorted(walk_worktree(&repo, &index, &plan, "plan/", &filter).0);
        let status = sorted(list_worktree(&repo, &plan, "plan/", &filter).expect("status"));
        assert_eq!(walked, status);
    }

    #[test]
    fn links_resolve_inside_the_repository_only() {
        assert_eq!(
            join_link(b"plan/goals/a.md", b"../shared/b.md").as_deref(),
            Some(&b"plan/shared/b.md"[..])
        );
        assert_eq!(join_link(b"a.md", b"./b.md").as_deref(), Some(&b"b.md"[..]));
        assert_eq!(join_link(b"a.md", b"../outside.md"), None);
        assert_eq!(join_link(b"a.md", b"/etc/passwd"), None);
        assert_eq!(join_link(b"x/a.md", b".."), None);
    }
    /// Paths of the admitted entries, as the listing sees them.
    fn admitted(index: &Index, prefix: &str, filter: &PathFilter) -> Vec<String> {
        admitted_entries(index, prefix, filter)
            .iter()
            .filter_map(|e| under_root(&e.path, prefix).filter(|rel| filter.admits(rel)))
            .map(shown_path)
            .collect()
    }

    #[test]
    fn index_entries_are_found_by_folder_as_a_whole_scan_finds_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("init");
        let mut index = repo.index().expect("index");
        let blob = repo.blob(b"x").expect("blob");
        let paths = [
            "a.md",
            "plan/Planning/x.md",
            "plan/planning-old/g.md",
            "plan/planning/goals/g.md",
            "plan/planning/teams/t.md",
            "plan/planning/z.md",
            "plan/planlint.toml",
            "plan/zzz/other.md",
            "planning/outside-the-root.md",
        ];
        for path in paths {
            let entry = IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: 1,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).expect("add");
        }
        let every = |prefix: &str, filter: &PathFilter| -> Vec<String> {
            index
                .iter()
                .filter_map(|e| {
                    under_root(&e.path, prefix)
                        .filter(|rel| filter.admits(rel))
                        .map(shown_path)
                })
                .collect()
        };
        let filters = [
            PathFilter::new(
                ["planning/goals/**/*.md", "planning/**/*.md"],
                [],
                ["planlint.toml"],
            ),
            PathFilter::new(["planning/teams/*.md", "planning-old/*.md"], ["rules"], []),
            PathFilter::new(["**/*.md"], [], []),
        ];
        for prefix in ["", "plan/"] {
            for filter in &filters {
                assert_eq!(admitted(&index, prefix, filter), every(prefix, filter));
            }
        }
        assert_eq!(
            admitted(&index, "plan/", &filters[0]),
            [
                "planlint.toml",
                "planning/goals/g.md",
                "planning/teams/t.md",
                "planning/z.md"
            ]
        );
    }
    #[test]
    fn blobs_get_a_handle_per_worker_thread_outside_the_work_tree() {
        let dir = tempfile::tempdir().expect("temp dir");
        Repository::init(dir.path()).expect("init");
        assert!(blob_readers(dir.path(), &Mode::Worktree).is_empty());
        let threads = rayon::current_num_threads();
        assert_eq!(blob_readers(dir.path(), &Mode::Staged).len(), threads);
        assert_eq!(
            blob_readers(dir.path(), &Mode::Rev("HEAD".into())).len(),
            threads
        );
        let outside = tempfile::tempdir().expect("temp dir");
        assert!(blob_readers(outside.path(), &Mode::Staged).is_empty());
    }
}
