//! Resolving a path a part at a time, as the system does, so that each
//! symlink on the way is judged before it is followed: a committed symlink
//! may stand anywhere in a path planlint reads from or writes to.

use std::path::{Component, Path, PathBuf};

/// `absolute` resolved a part at a time. A `..` steps back from where the
/// walk really is (the folder a symlink led to, not the link's own), as the
/// system does; each symlink goes to `follow` with whether it is the last
/// part, and `follow` says where it leads or refuses it. Parts that do not
/// exist (yet) are kept as written. Checked on the path as written, a `..`
/// hid the symlinked folder after it.
pub fn resolve<E>(
    absolute: &Path,
    mut follow: impl FnMut(&Path, bool) -> Result<PathBuf, E>,
) -> Result<PathBuf, E> {
    let mut at = PathBuf::new();
    let mut parts = absolute.components().peekable();
    while let Some(part) = parts.next() {
        match part {
            Component::Prefix(_) | Component::RootDir => at.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                let next = at.join(name);
                let is_link =
                    std::fs::symlink_metadata(&next).is_ok_and(|m| m.file_type().is_symlink());
                at = match is_link {
                    true => follow(&next, parts.peek().is_none())?,
                    false => next,
                };
            }
        }
    }
    Ok(at)
}
