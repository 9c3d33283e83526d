//! Files on disk: the walk outside git, and reading work-tree files without
//! following a symlink out of the root.

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::{File, FileMap, PathFilter, SourceError};

/// Every file under `root` (outside git) that `filter` admits: `.git`
/// folders are skipped, symlinked folders are not followed, and a folder
/// that cannot hold an admitted file is not read. Also returns the folders
/// it read, which are inside the root.
pub(super) fn list(root: &Path, filter: &PathFilter) -> (FileMap, Vec<PathBuf>) {
    let mut files = FileMap::default();
    let mut walked = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, dir_rel)) = pending.pop() {
        let Some(found) = entries(&dir, filter.exact_names(dir_rel.as_bytes())) else {
            continue;
        };
        walked.push(dir);
        for (name, entry) in found {
            let Some(kind) = entry.kind() else {
                continue;
            };
            let path = entry.path();
            let rel = format!("{dir_rel}{}", super::shown_name(&name));
            if kind.is_dir() {
                let folder = format!("{rel}/");
                if name != ".git" && filter.may_hold(folder.as_bytes()) {
                    pending.push((path, folder));
                }
                continue;
            }
            let listed = filter.admits(rel.as_bytes())
                && (kind.is_file() || (kind.is_symlink() && !is_link_to_dir_inside(&path, root)));
            if listed {
                files.insert(rel, File::Disk(path));
            }
        }
    }
    (files, walked)
}

/// One entry of a folder a walk reads: from the folder's listing, or
/// looked up by a name the filter can list there.
pub(super) enum Entry {
    Listed(fs::DirEntry),
    Named(PathBuf, fs::FileType),
}

impl Entry {
    /// What it is, not following a symlink.
    pub(super) fn kind(&self) -> Option<fs::FileType> {
        match self {
            Entry::Listed(entry) => entry.file_type().ok(),
            Entry::Named(_, kind) => Some(*kind),
        }
    }

    pub(super) fn path(&self) -> PathBuf {
        match self {
            Entry::Listed(entry) => entry.path(),
            Entry::Named(path, _) => path.clone(),
        }
    }
}

/// The entries of `dir` with their names (`None` when it cannot be read).
/// With `exact` names (see [`PathFilter::exact_names`]), only those that
/// exist, each found with one `lstat`, and the folder is not read: reading
/// a folder costs four system calls, and PostHog's layout has a folder a
/// page.
pub(super) fn entries(dir: &Path, exact: Option<Vec<&str>>) -> Option<Vec<(OsString, Entry)>> {
    let Some(names) = exact else {
        let listing = fs::read_dir(dir).ok()?;
        return Some(
            listing
                .flatten()
                .map(|entry| (entry.file_name(), Entry::Listed(entry)))
                .collect(),
        );
    };
    Some(
        names
            .into_iter()
            .filter_map(|name| {
                let path = dir.join(name);
                let kind = fs::symlink_metadata(&path).ok()?.file_type();
                Some((name.into(), Entry::Named(path, kind)))
            })
            .collect(),
    )
}

/// Whether `path` is a symlink to a folder inside `root`: left out, since
/// folders are never followed (their files are listed where they really
/// are). A symlink leaving the root stays listed, and is refused on read.
pub(super) fn is_link_to_dir_inside(path: &Path, root: &Path) -> bool {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    is_link
        && fs::metadata(path).is_ok_and(|m| m.is_dir())
        && fs::canonicalize(path).is_ok_and(|real| is_inside(root, &real))
}

/// Whether `real` (a resolved path) is in `root`'s files: under it, and
/// not in a `.git` folder. The repository's own folder holds its config,
/// where CI keeps the checkout's token (`http.extraheader`): a symlink a
/// pull request adds must not make planlint print it.
pub(super) fn is_inside(root: &Path, real: &Path) -> bool {
    real.strip_prefix(root)
        .is_ok_and(|rel| !rel.components().any(|part| is_git_folder(&part)))
}

fn is_git_folder(part: &Component) -> bool {
    matches!(part, Component::Normal(name) if name.eq_ignore_ascii_case(".git"))
}

/// Whether following `path`'s symlinks, one after another, never ends: it
/// is still a symlink after as many hops as a commit's links may take.
fn is_link_loop(path: &Path) -> bool {
    let mut at = path.to_path_buf();
    for _ in 0..super::git::MAX_LINK_HOPS {
        match fs::read_link(&at) {
            Ok(target) => at = at.parent().map_or(target.clone(), |dir| dir.join(&target)),
            Err(_) => return false,
        }
    }
    true
}

/// Reads a file on disk only if it resolves (symlinks and symlinked folders
/// included) inside `root`, is a regular file, and is no larger than
/// `limit` bytes ([`super::MAX_FILE_BYTES`] but for an issue export):
/// checked from its metadata before a byte is read, and the read itself is
/// capped, so `/dev/zero` or a file that grows cannot make planlint read
/// without end. `boundary` names `root` in the error.
pub(super) fn read(
    root: &Path,
    rel: &str,
    full: &Path,
    boundary: &str,
    limit: u64,
) -> Result<Vec<u8>, SourceError> {
    let cannot = |e: std::io::Error| SourceError::new(format!("cannot read `{rel}`: {e}"));
    let own = fs::symlink_metadata(full).map_err(cannot)?;
    // An absolute target names a place on this machine: in a clone
    // elsewhere (CI) it leads outside, and the index and commits refuse it.
    if own.is_symlink() {
        if let Some(target) = fs::read_link(full).ok().filter(|t| t.is_absolute()) {
            return Err(outside_error(rel, &target.display().to_string(), boundary));
        }
    }
    let real = fs::canonicalize(full).map_err(|_| {
        if is_link_loop(full) {
            return SourceError::new(format!("`{rel}` is a symlink loop"));
        }
        let target = fs::read_link(full)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        SourceError::new(format!(
            "`{rel}` is a broken symlink: `{target}` does not exist"
        ))
    })?;
    if !is_inside(root, &real) {
        let in_git = (real.strip_prefix(root).ok())
            .is_some_and(|inner| inner.components().any(|part| is_git_folder(&part)));
        return Err(match fs::read_link(full) {
            Ok(target) if in_git => into_git_error(rel, Some(&target.display().to_string())),
            Ok(target) => outside_error(rel, &target.display().to_string(), boundary),
            // No symlink on the file itself: a path into `.git`, or through
            // a symlinked folder.
            Err(_) if in_git => into_git_error(rel, None),
            Err(_) => outside_error(rel, "a folder outside", boundary),
        });
    }
    let meta = fs::metadata(&real).map_err(cannot)?;
    if !meta.is_file() {
        return Err(SourceError::new(format!("`{rel}` is not a regular file")));
    }
    read_capped(rel, &real, meta.len(), limit)
}

/// Folders found to resolve inside a root: a plan's thousands of files sit
/// in a few folders, and resolving each file's whole path (a system call
/// per folder on the way) was a tenth of a check's time.
#[derive(Default)]
pub(super) struct InsideFolders(Mutex<foldhash::HashSet<Vec<u8>>>);

impl InsideFolders {
    /// Notes `folders` as inside the root: the folders a walk from the
    /// root entered (real folders, not symlinks), so that reading their
    /// files costs no `lstat` of the folder (a folder a page in PostHog's
    /// layout: 691 of them in the corpus plan).
    pub(super) fn seed(&self, folders: Vec<PathBuf>) {
        let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
        set.extend(
            folders
                .into_iter()
                .map(|dir| dir.into_os_string().into_encoded_bytes()),
        );
    }

    /// Whether `dir` resolves (symlinks included) inside `root`, which is
    /// canonical. A real folder (not a symlink) in a folder known to be
    /// inside is inside: one `lstat`, where resolving its whole path cost a
    /// `readlink` per folder from `/` (a plan of a thousand team folders,
    /// one page each, made eight thousand). Anything else is resolved whole.
    fn contain(&self, root: &Path, dir: &Path) -> bool {
        if dir == root {
            return true;
        }
        // Keyed by the path's bytes: hashing a `Path` walks its components
        // (1,500 instructions a lookup, one lookup per file read).
        let key = dir.as_os_str().as_encoded_bytes();
        let seen = |set: &foldhash::HashSet<Vec<u8>>| set.contains(key);
        // A poisoned lock only means another reader panicked; the set is fine.
        if seen(&self.0.lock().unwrap_or_else(|p| p.into_inner())) {
            return true;
        }
        let in_known_folder = dir.starts_with(root)
            && matches!(dir.components().next_back(), Some(part @ Component::Normal(_)) if !is_git_folder(&part))
            && dir
                .parent()
                .is_some_and(|parent| self.contain(root, parent))
            && fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_dir());
        let inside =
            in_known_folder || fs::canonicalize(dir).is_ok_and(|real| is_inside(root, &real));
        if inside {
            let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
            set.insert(key.to_vec());
        }
        inside
    }
}

/// [`read`], faster for the common case: a regular file (not a symlink) in
/// a folder known to resolve inside `root` is inside `root`, so only that
/// folder, once, needs resolving. Anything else takes [`read`]'s full path.
pub(super) fn read_listed(
    root: &Path,
    rel: &str,
    full: &Path,
    boundary: &str,
    inside: &InsideFolders,
    limit: u64,
) -> Result<Vec<u8>, SourceError> {
    match (open_plain(full), full.parent()) {
        (Some((file, size)), Some(dir)) if inside.contain(root, dir) => {
            check_size(rel, size, limit)?;
            read_open(rel, file, size, limit)
        }
        _ => read(root, rel, full, boundary, limit),
    }
}

/// Opens `full` if it is a regular file and not a symlink, with its size.
/// On Unix one `open` does both: `O_NOFOLLOW` fails on a symlink and
/// `O_NONBLOCK` returns at once on a FIFO, which `fstat` then refuses. A
/// `stat` before the `open` walked the path a second time (11,000 files).
#[cfg(unix)]
fn open_plain(full: &Path) -> Option<(fs::File, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(full)
        .ok()?;
    let meta = file.metadata().ok().filter(fs::Metadata::is_file)?;
    Some((file, meta.len()))
}

/// [`open_plain`] where `open` cannot refuse a symlink.
#[cfg(not(unix))]
fn open_plain(full: &Path) -> Option<(fs::File, u64)> {
    let meta = fs::symlink_metadata(full)
        .ok()
        .filter(fs::Metadata::is_file)?;
    Some((fs::File::open(full).ok()?, meta.len()))
}

/// Reads at most `limit` bytes of a file whose size was checked.
fn read_capped(rel: &str, path: &Path, size: u64, limit: u64) -> Result<Vec<u8>, SourceError> {
    let cannot = |e: std::io::Error| SourceError::new(format!("cannot read `{rel}`: {e}"));
    read_open(rel, fs::File::open(path).map_err(cannot)?, size, limit)
}

/// [`read_capped`], of an open file whose metadata gave `size`. The file is
/// read as it was then: up to `size` bytes, so a file of that size takes
/// one `read`, not a second that finds its end (11,000 system calls on a
/// 10,000-goal plan). A size of 0 may hide content (some file systems do
/// not report it): that file is read to its end, within the cap.
fn read_open(rel: &str, file: fs::File, size: u64, limit: u64) -> Result<Vec<u8>, SourceError> {
    let cannot = |e: std::io::Error| SourceError::new(format!("cannot read `{rel}`: {e}"));
    let room = size.min(limit + 1);
    let take = if size == 0 { limit + 1 } else { room };
    let mut bytes = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
    file.take(take).read_to_end(&mut bytes).map_err(cannot)?;
    check_size(rel, bytes.len() as u64, limit)?;
    Ok(bytes)
}

/// Refuses a file over `limit` bytes.
pub(super) fn check_size(rel: &str, size: u64, limit: u64) -> Result<(), SourceError> {
    if size > limit {
        return Err(SourceError::new(format!(
            "`{rel}` is too large ({size} bytes; the limit is {} MiB)",
            limit / (1024 * 1024)
        ))
        .with_help("planning files are small: check the globs, or split the file"));
    }
    Ok(())
}

/// A path into a `.git` folder, itself (`target` `None`) or by a symlink
/// to `target`: never read, whichever way the files are listed.
pub(super) fn into_git_error(rel: &str, target: Option<&str>) -> SourceError {
    let message = match target {
        Some(target) => {
            format!("symlink leads into `.git`, which planlint never reads: `{rel}` -> `{target}`")
        }
        None => format!("`{rel}` is inside `.git`, which planlint never reads"),
    };
    SourceError::new(message).with_help(
        "git's own folder holds its settings and, in CI, the checkout's token: keep planning files outside it",
    )
}

/// A symlink that leaves the root: listed so the user hears of it, never read.
pub(super) fn outside_error(rel: &str, target: &str, boundary: &str) -> SourceError {
    SourceError::new(format!(
        "symlink points outside the {boundary}: `{rel}` -> `{target}`"
    ))
    .with_help(format!(
        "planlint follows a symlink only by a relative path to a file inside the {boundary}, never into `.git`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MAX_FILE_BYTES;
    use std::io::Write;

    /// Writes `first` to a file, opens it as the work tree's reader does,
    /// then appends `later` before reading it.
    fn read_after_append(first: &[u8], later: &[u8]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goal.md");
        fs::write(&path, first).unwrap();
        let (file, size) = open_plain(&path).expect("a regular file");
        let mut writer = fs::OpenOptions::new().append(true).open(&path).unwrap();
        writer.write_all(later).unwrap();
        read_open("goal.md", file, size, MAX_FILE_BYTES).unwrap()
    }

    /// A root with `teams/web/goal.md`, beside a folder `outside` (holding
    /// a `goal.md` of its own) that the root's `teams/out` links to. The
    /// temporary folder goes with the first value; the second is the root.
    #[cfg(unix)]
    fn root_linking_outside() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("root");
        fs::create_dir_all(root.join("teams/web")).unwrap();
        fs::write(root.join("teams/web/goal.md"), "# Goal\n").unwrap();
        fs::create_dir_all(base.join("outside")).unwrap();
        fs::write(base.join("outside/goal.md"), "# Secret\n").unwrap();
        std::os::unix::fs::symlink(base.join("outside"), root.join("teams/out")).unwrap();
        (dir, root)
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_is_inside_when_it_resolves_inside_however_it_is_reached() {
        let (_dir, root) = root_linking_outside();
        fs::create_dir_all(root.join("teams/web/notes")).unwrap();
        fs::create_dir_all(root.join("../outside/deep")).unwrap();
        std::os::unix::fs::symlink("web", root.join("teams/alias")).unwrap();
        let inside = InsideFolders::default();
        let contain = |rel: &str| inside.contain(&root, &root.join(rel));
        assert!(contain("teams/web/notes"));
        assert!(contain("teams/web"));
        assert!(contain("teams/alias"), "a symlink to a folder inside");
        assert!(!contain("teams/out"), "a symlink to a folder outside");
        assert!(!contain("teams/out/deep"), "a folder under one outside");
        assert!(!contain("teams/web/../../../outside/deep"));
        assert!(!contain("teams/missing"));
    }

    /// The walk returns only real folders, so seeding the set with them
    /// never makes a symlinked folder inside.
    #[cfg(unix)]
    #[test]
    fn the_folders_a_walk_entered_are_inside_and_a_symlinked_one_is_not() {
        let (_dir, root) = root_linking_outside();
        let filter = PathFilter::new(["**/*.md"], [], []);
        let (files, folders) = list(&root, &filter);
        let mut walked: Vec<String> = folders
            .iter()
            .map(|d| d.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        walked.sort();
        assert_eq!(walked, ["", "teams", "teams/web"]);
        assert!(files.contains_key("teams/web/goal.md"));
        assert!(
            !files.contains_key("teams/out/goal.md"),
            "not read through the link"
        );
        let inside = InsideFolders::default();
        inside.seed(folders);
        assert!(inside.contain(&root, &root.join("teams/web")));
        assert!(!inside.contain(&root, &root.join("teams/out")));
        // A seeded folder is taken as inside without a look at the disk.
        inside.seed(vec![root.join("listed-then-removed")]);
        assert!(inside.contain(&root, &root.join("listed-then-removed")));
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_looked_into_by_name_lists_what_reading_it_lists() {
        let (_dir, root) = root_linking_outside();
        fs::write(root.join("teams/web/other.md"), "").unwrap();
        // A folder by the page's name, and a page linking out of the root.
        fs::create_dir_all(root.join("teams/api/goal.md")).unwrap();
        fs::create_dir_all(root.join("teams/ops")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", root.join("teams/ops/goal.md")).unwrap();
        let filter = PathFilter::new(["teams/*/goal.md"], [], []);
        assert_eq!(filter.exact_names(b"teams/web/"), Some(vec!["goal.md"]));
        let keys = |files: FileMap| -> Vec<String> {
            let mut keys: Vec<String> = files.into_keys().collect();
            keys.sort();
            keys
        };
        let by_name = keys(list(&root, &filter).0);
        let mut read = keys(list(&root, &PathFilter::everything()).0);
        read.retain(|path| filter.admits(path.as_bytes()));
        assert_eq!(by_name, read);
        assert_eq!(by_name, ["teams/ops/goal.md", "teams/web/goal.md"]);
    }

    #[test]
    fn a_file_is_read_as_its_metadata_sized_it() {
        assert_eq!(read_after_append(b"# Goal\n", b"grown"), b"# Goal\n");
    }

    #[test]
    fn a_file_of_size_zero_is_read_to_its_end() {
        assert_eq!(read_after_append(b"", b"late"), b"late");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_even_when_its_size_said_less() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        fs::write(&path, "").unwrap();
        let big = vec![b'x'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
        let (file, size) = open_plain(&path).unwrap();
        fs::write(&path, &big).unwrap();
        let refused = read_open("big.md", file, size, MAX_FILE_BYTES).unwrap_err();
        assert!(
            refused.message.contains("is too large"),
            "{}",
            refused.message
        );
    }
}
