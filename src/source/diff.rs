//! `--diff-base`: which files the change since a base revision touched, and
//! what they held at the base (to spot transitions such as a goal newly done).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use git2::{Delta, DiffFindOptions, DiffOptions, ErrorCode, ObjectType, Oid, Repository};

use super::git::{self, Git};
use super::{Mode, SourceError};

/// The files a change introduced since the merge base with a base revision.
pub struct ChangedSince {
    /// The merge base's commit id, in hex.
    pub merge_base: String,
    /// Root-relative paths added, modified or renamed (under their new name)
    /// since the merge base; only paths the snapshot lists.
    pub paths: BTreeSet<String>,
    /// New root-relative path -> old repository path, for renamed files.
    renamed_from: HashMap<String, String>,
    /// Git could not make the diff (libgit2 stops at folders nested 100
    /// deep): `paths` is empty, and the caller compares the files' bytes
    /// with the merge base's ([`super::Snapshot::changed_by_content`]).
    pub by_content: bool,
    base_tree: Oid,
    prefix: String,
    repo: Arc<Mutex<Repository>>,
}

impl ChangedSince {
    /// Whether the change added, modified or renamed `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// The file's bytes at the merge base (for a renamed file, its old
    /// path's); `None` when it did not exist there or is not a regular file.
    pub fn read_at_base(&self, path: &str) -> Option<Vec<u8>> {
        let repo_path = match self.renamed_from.get(path) {
            Some(old) => old.clone(),
            None => format!("{}{path}", self.prefix),
        };
        let repo = self.repo.lock().unwrap_or_else(|p| p.into_inner());
        let tree = repo.find_tree(self.base_tree).ok()?;
        let entry = tree.get_path(Path::new(&repo_path)).ok()?;
        if entry.kind() != Some(ObjectType::Blob) || entry.filemode_raw() == 0o120000 {
            return None;
        }
        // The size from the object header first: a huge blob is never read.
        let (size, _) = repo.odb().ok()?.read_header(entry.id()).ok()?;
        if size as u64 > super::MAX_FILE_BYTES {
            return None;
        }
        let blob = repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }
}

/// Compares the merge base of `base` and the checked commit with the content
/// `mode` checks; `listed` says which root-relative paths the snapshot holds.
pub(super) fn changed_since(
    git: &Git,
    mode: &Mode,
    base: &str,
    listed: impl Fn(&str) -> bool,
) -> Result<ChangedSince, SourceError> {
    let repo = git.lock();
    let base_commit = git::resolve_commit(&repo, base)?;
    let checked = match mode {
        Mode::Rev(rev) => format!("`{rev}`"),
        Mode::Worktree | Mode::Staged => "HEAD".to_string(),
    };
    let Some(head) = git.commit else {
        return Err(SourceError::new(format!(
            "cannot compare with `{base}`: this repository has no commits yet"
        ))
        .with_help("commit first, or run without `--diff-base`"));
    };
    let merge_base = repo
        .merge_base(base_commit.id(), head)
        .map_err(|e| match e.code() {
            ErrorCode::NotFound if repo.is_shallow() => git::shallow_error(&format!(
                "cannot find the merge base of `{base}` and {checked}"
            )),
            ErrorCode::NotFound => {
                SourceError::new(format!("`{base}` and {checked} have no common history"))
                    .with_help(
                        "pass a base revision the checked commit grew from, e.g. the target branch",
                    )
            }
            _ => git::error(
                &format!("cannot find the merge base of `{base}` and {checked}"),
                &e,
            ),
        })?;
    let base_tree = repo
        .find_commit(merge_base)
        .and_then(|c| c.tree())
        .map_err(|e| git::error("cannot read the merge base's tree", &e))?;

    let mut options = DiffOptions::new();
    options.ignore_submodules(true).include_typechange(true);
    if !git.prefix.is_empty() {
        options.pathspec(&git.prefix).disable_pathspec_match(true);
    }
    let diff = match mode {
        Mode::Worktree => {
            options.include_untracked(true).recurse_untracked_dirs(true);
            repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options))
        }
        Mode::Staged => repo.index().and_then(|index| {
            repo.diff_tree_to_index(Some(&base_tree), Some(&index), Some(&mut options))
        }),
        Mode::Rev(_) => repo
            .find_commit(head)
            .and_then(|c| c.tree())
            .and_then(|tree| {
                repo.diff_tree_to_tree(Some(&base_tree), Some(&tree), Some(&mut options))
            }),
    };
    let unchanged = |by_content| ChangedSince {
        merge_base: merge_base.to_string(),
        paths: BTreeSet::new(),
        renamed_from: HashMap::new(),
        by_content,
        base_tree: base_tree.id(),
        prefix: git.prefix.clone(),
        repo: Arc::clone(&git.repo),
    };
    // A diff git cannot make (a folder nested past libgit2's limit of 100,
    // anywhere in the repository) is no reason to fail the check: what
    // changed is then found by comparing the files themselves.
    let Ok(mut diff) = diff else {
        return Ok(unchanged(true));
    };
    let mut find = DiffFindOptions::new();
    find.renames(true).for_untracked(true);
    if diff.find_similar(Some(&mut find)).is_err() {
        return Ok(unchanged(true));
    }

    let mut paths = BTreeSet::new();
    let mut renamed_from = HashMap::new();
    for delta in diff.deltas() {
        let status = delta.status();
        if !matches!(
            status,
            Delta::Added
                | Delta::Modified
                | Delta::Renamed
                | Delta::Copied
                | Delta::Typechange
                | Delta::Untracked
                | Delta::Conflicted
        ) {
            continue;
        }
        let Some(rel) = delta
            .new_file()
            .path_bytes()
            .and_then(|p| git::under_root(p, &git.prefix))
            .map(super::shown_path)
        else {
            continue;
        };
        if !listed(&rel) {
            continue;
        }
        if status == Delta::Renamed {
            if let Some(old) = delta.old_file().path_bytes() {
                renamed_from.insert(rel.clone(), super::shown_path(old));
            }
        }
        paths.insert(rel);
    }
    Ok(ChangedSince {
        paths,
        renamed_from,
        ..unchanged(false)
    })
}

/// What the next commit records over HEAD: every repository path whose
/// index entry differs from HEAD's tree, added, deleted, modified or renamed
/// (both names), so a caller can tell whether a commit touches the plan
/// before reading a byte of it.
pub struct StagedChanges {
    /// Repository paths with `/`.
    paths: BTreeSet<String>,
    prefix: String,
}

impl StagedChanges {
    /// The changed paths inside the plan's root, root-relative.
    pub fn in_root(&self) -> impl Iterator<Item = &str> {
        self.paths
            .iter()
            .filter_map(|path| path.strip_prefix(self.prefix.as_str()))
    }

    /// Whether the file a configuration names (as
    /// [`super::Snapshot::read_named`] takes it) is among the changed paths.
    pub fn contains_named(&self, name: &str) -> bool {
        super::repository_path(&self.prefix, name).is_ok_and(|path| self.paths.contains(&path))
    }
}

/// The index compared with HEAD, when `base` names HEAD's commit; `None`
/// when it names another commit, or there is no commit yet.
pub(super) fn staged_since_head(
    git: &Git,
    base: &str,
) -> Result<Option<StagedChanges>, SourceError> {
    let Some(head) = git.commit else {
        return Ok(None);
    };
    let repo = git.lock();
    if git::resolve_commit(&repo, base)?.id() != head {
        return Ok(None);
    }
    let head_tree = repo
        .find_commit(head)
        .and_then(|c| c.tree())
        .map_err(|e| git::error("cannot read HEAD's tree", &e))?;
    let mut options = DiffOptions::new();
    options.ignore_submodules(true).include_typechange(true);
    let diff = repo
        .index()
        .and_then(|index| {
            repo.diff_tree_to_index(Some(&head_tree), Some(&index), Some(&mut options))
        })
        .map_err(|e| git::error("cannot compare the index with HEAD", &e))?;
    let mut paths = BTreeSet::new();
    for delta in diff.deltas() {
        for file in [delta.old_file(), delta.new_file()] {
            if let Some(path) = file.path_bytes() {
                paths.insert(super::shown_path(path));
            }
        }
    }
    Ok(Some(StagedChanges {
        paths,
        prefix: git.prefix.clone(),
    }))
}
