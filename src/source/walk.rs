//! Files on disk: the walk outside git, and reading work-tree files without
//! following a symlink out of the root.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use super::{File, SourceError};

/// Every file under `root` (outside git): `.git` folders are skipped and
/// symlinked folders are not followed.
pub(super) fn list(root: &Path) -> HashMap<String, File> {
    let mut files = HashMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let listed = if kind.is_dir() {
                if entry.file_name() != ".git" {
                    pending.push(path.clone());
                }
                false
            } else {
                kind.is_file() || (kind.is_symlink() && !is_link_to_dir_inside(&path, root))
            };
            if listed {
                if let Ok(rel) = path.strip_prefix(root) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    files.insert(rel, File::Disk(path));
                }
            }
        }
    }
    files
}

/// Whether `path` is a symlink to a folder inside `root`: left out, since
/// folders are never followed (their files are listed where they really
/// are). A symlink leaving the root stays listed, and is refused on read.
pub(super) fn is_link_to_dir_inside(path: &Path, root: &Path) -> bool {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    is_link
        && fs::metadata(path).is_ok_and(|m| m.is_dir())
        && fs::canonicalize(path).is_ok_and(|real| real.starts_with(root))
}

/// Reads a file on disk; a symlink is followed only to a regular file inside
/// `root` (`boundary` names that root in the error).
pub(super) fn read(
    root: &Path,
    rel: &str,
    full: &Path,
    boundary: &str,
) -> Result<Vec<u8>, SourceError> {
    let cannot = |e: std::io::Error| SourceError::new(format!("cannot read `{rel}`: {e}"));
    let meta = fs::symlink_metadata(full).map_err(cannot)?;
    let real = if meta.file_type().is_symlink() {
        let target = fs::read_link(full)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let real = fs::canonicalize(full).map_err(|_| {
            SourceError::new(format!(
                "`{rel}` is a broken symlink: `{target}` does not exist"
            ))
        })?;
        if !real.starts_with(root) {
            return Err(outside_error(rel, &target, boundary));
        }
        real
    } else {
        full.to_path_buf()
    };
    if !fs::metadata(&real).map_err(cannot)?.is_file() {
        return Err(SourceError::new(format!("`{rel}` is not a regular file")));
    }
    fs::read(&real).map_err(cannot)
}

/// A symlink that leaves the root: listed so the user hears of it, never read.
pub(super) fn outside_error(rel: &str, target: &str, boundary: &str) -> SourceError {
    SourceError::new(format!(
        "symlink points outside the {boundary}: `{rel}` -> `{target}`"
    ))
    .with_help(format!(
        "planlint only follows symlinks to files inside the {boundary}"
    ))
}
