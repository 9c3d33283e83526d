//! The git index as `--staged` and the work tree's listing read it: entries
//! by path, read from the index file in one pass.
//!
//! libgit2 loads an index whole before it answers anything: it hashes the
//! file again (SHA-1 with collision detection), validates and copies every
//! path, and builds a hash map of them. That is about 6,700 instructions an
//! entry, 0.2 s for a plan in a repository of 100,000 files, which is twice
//! the check itself. planlint reads a handful of folders of the index, so
//! this reader walks the entries in place and keeps each as a path in one
//! buffer plus a few numbers.
//!
//! It reads index versions 2, 3 and 4 as git writes them (see git's
//! `gitformat-index`). Anything it does not fully understand is left to
//! libgit2, which is then loaded whole as before: a split or sparse index
//! (their required extensions), another version, a truncated or malformed
//! entry, a path libgit2 might refuse (`.git`, `..`, characters Windows
//! reserves), an unusual file mode, `core.ignorecase` (libgit2 then compares
//! paths without case), and SHA-256 repositories. The file's trailing
//! checksum is not verified: the index is the local repository's own state,
//! not something a pull request sends, and every read below is bounds-checked.

use git2::{Oid, Repository};
use std::io::Read;
use std::ops::Range;

use super::git::{error, MODE_GITLINK, MODE_SYMLINK};
use super::SourceError;

const MODE_FILE: u32 = 0o100644;
const MODE_EXECUTABLE: u32 = 0o100755;
/// The flag bits of an entry (`gitformat-index`).
const FLAG_EXTENDED: u16 = 0x4000;
const STAGE_MASK: u16 = 0x3000;
const NAME_MASK: u16 = 0x0fff;
/// `git add -N`, in the extended flags: a placeholder that is not committed.
const EXTENDED_INTENT_TO_ADD: u16 = 1 << 13;
/// Bytes of an entry before its flags: ten 32-bit stat fields, the object id.
const ENTRY_FIXED: usize = 40 + 20;

/// One entry of the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct IndexEntry<'a> {
    pub(super) path: &'a [u8],
    pub(super) mode: u32,
    pub(super) id: Oid,
    /// 0, or 1 to 3 for the sides of an unresolved merge conflict.
    pub(super) stage: u8,
    pub(super) intent_to_add: bool,
}

#[derive(Debug)]
struct Stored {
    path: Range<usize>,
    mode: u32,
    /// The object id's bytes (an `Oid` is made only for the entries used).
    id: [u8; 20],
    stage: u8,
    intent_to_add: bool,
}

/// Every entry of the index, sorted by path and stage as git sorts them.
#[derive(Debug, Default)]
pub(super) struct StagedIndex {
    paths: Vec<u8>,
    entries: Vec<Stored>,
    /// The tree the whole index would be written as, from the cache-tree
    /// extension (`TREE`) when git left it valid.
    tree: Option<[u8; 20]>,
    /// Whether an entry was added before one that sorts ahead of it.
    out_of_order: bool,
}

impl StagedIndex {
    /// Reads the repository's index: from its file when this reader
    /// understands it, otherwise through libgit2.
    pub(super) fn load(repo: &Repository) -> Result<StagedIndex, SourceError> {
        if let Some(index) = Self::read(repo) {
            return Ok(index);
        }
        Self::through_libgit2(repo)
    }

    /// The index as libgit2 reads it, in the same shape.
    fn through_libgit2(repo: &Repository) -> Result<StagedIndex, SourceError> {
        let index = repo.index().map_err(|e| {
            let failure = error("cannot read the git index", &e);
            // Neither planlint nor libgit2 reads these two extensions.
            if e.message().contains("'link'") {
                failure.with_help(
                    "it is a split index (`core.splitIndex`); \
                     turn that off with `git update-index --no-split-index`",
                )
            } else if e.message().contains("'sdir'") {
                failure.with_help(
                    "it is a sparse index (`index.sparse`); \
                     turn that off with `git sparse-checkout init --no-sparse-index`",
                )
            } else {
                failure
            }
        })?;
        let mut staged = StagedIndex::default();
        for entry in index.iter() {
            staged.push(
                &entry.path,
                entry.mode,
                *entry.id.as_bytes().first_chunk().unwrap_or(&[0; 20]),
                ((entry.flags & STAGE_MASK) >> 12) as u8,
                entry.flags_extended & EXTENDED_INTENT_TO_ADD != 0,
            );
        }
        staged.sort();
        Ok(staged)
    }

    /// The index file parsed, or `None` when libgit2 should read it.
    pub(super) fn read(repo: &Repository) -> Option<StagedIndex> {
        let config = repo.config().ok()?;
        let flag = |name: &str| config.get_bool(name).unwrap_or(false);
        if flag("core.ignorecase") {
            return None;
        }
        let format = config.get_string("extensions.objectformat").ok();
        if format.is_some_and(|format| !format.eq_ignore_ascii_case("sha1")) {
            return None;
        }
        // Where libgit2 reads it: a hook's `GIT_INDEX_FILE` (`git commit -a`
        // stages into a temporary index) as the repository was opened with
        // it, else the repository's own.
        let path = match std::env::var_os("GIT_INDEX_FILE") {
            Some(path) if !path.is_empty() => std::path::PathBuf::from(path),
            _ => repo.path().join("index"),
        };
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            // Nothing was ever staged: git reads that as an empty index.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Some(StagedIndex::default())
            }
            Err(_) => return None,
        };
        let length = usize::try_from(file.metadata().ok()?.len()).ok()?;
        parse_from(file, length, WINDOW)
    }

    fn push(&mut self, path: &[u8], mode: u32, id: [u8; 20], stage: u8, intent_to_add: bool) {
        if let Some(last) = self.entries.last() {
            let last_key = (
                self.paths.get(last.path.clone()).unwrap_or_default(),
                last.stage,
            );
            self.out_of_order |= last_key > (path, stage);
        }
        let start = self.paths.len();
        self.paths.extend_from_slice(path);
        self.entries.push(Stored {
            path: start..self.paths.len(),
            mode,
            id,
            stage,
            intent_to_add,
        });
    }

    /// Sorts by path, then stage, if the entries came in another order
    /// (git writes them in this one).
    fn sort(&mut self) {
        if !self.out_of_order {
            return;
        }
        let paths = &self.paths;
        let key = |e: &Stored| (paths.get(e.path.clone()).unwrap_or_default(), e.stage);
        self.entries.sort_by(|a, b| key(a).cmp(&key(b)));
        self.out_of_order = false;
    }

    fn path_of(&self, stored: &Stored) -> &[u8] {
        self.paths.get(stored.path.clone()).unwrap_or_default()
    }

    fn entry(&self, stored: &Stored) -> IndexEntry<'_> {
        IndexEntry {
            path: self.path_of(stored),
            mode: stored.mode,
            id: Oid::from_bytes(&stored.id).unwrap_or(Oid::ZERO_SHA1),
            stage: stored.stage,
            intent_to_add: stored.intent_to_add,
        }
    }

    /// Every entry, in order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = IndexEntry<'_>> {
        self.entries.iter().map(|stored| self.entry(stored))
    }

    /// The positions of the entries whose path starts with `start`, found
    /// by binary searches.
    fn range(&self, start: &[u8]) -> Range<usize> {
        let first = self.entries.partition_point(|e| self.path_of(e) < start);
        let rest = self.entries.get(first..).unwrap_or_default();
        first..first + rest.partition_point(|e| self.path_of(e).starts_with(start))
    }

    /// The entries whose path starts with `start`.
    pub(super) fn with_prefix(&self, start: &[u8]) -> impl Iterator<Item = IndexEntry<'_>> {
        let found = self.entries.get(self.range(start)).unwrap_or_default();
        found.iter().map(|stored| self.entry(stored))
    }

    /// The entries at exactly `path`: one, or up to three in a conflict.
    pub(super) fn at(&self, path: &[u8]) -> impl Iterator<Item = IndexEntry<'_>> {
        let first = self.entries.partition_point(|e| self.path_of(e) < path);
        self.entries_at(first, path)
    }

    /// The entries at exactly `path`, from position `first`, the first
    /// entry not before it.
    fn entries_at(&self, first: usize, path: &[u8]) -> impl Iterator<Item = IndexEntry<'_>> {
        let rest = self.entries.get(first..).unwrap_or_default();
        let count = rest.iter().take_while(|e| self.path_of(e) == path).count();
        let found = rest.get(..count).unwrap_or_default();
        found.iter().map(|stored| self.entry(stored))
    }

    /// Where a folder's entries start: the place to begin asking
    /// [`StagedIndex::at_from`] about the folder's files.
    pub(super) fn start_of(&self, folder: &[u8]) -> usize {
        self.range(folder).start
    }

    /// [`StagedIndex::at`], for paths asked in increasing order: the search
    /// gallops from `from`, where the last one ended, and moves it on. The
    /// files of a folder, asked in order, are then found among the entries
    /// near each other; a binary search of the whole index per file missed
    /// the cache at each step (2% of a 10,000-goal check). A path asked out
    /// of order is reported as absent.
    pub(super) fn at_from(
        &self,
        path: &[u8],
        from: &mut usize,
    ) -> impl Iterator<Item = IndexEntry<'_>> {
        let start = (*from).min(self.entries.len());
        let rest = self.entries.get(start..).unwrap_or_default();
        let before = |stored: &Stored| self.path_of(stored) < path;
        // Positions 0, 1, 3, 7, ...: the first that is not before `path`
        // bounds the window that holds the answer.
        let mut bound = 1;
        while bound < rest.len() && rest.get(bound - 1).is_some_and(before) {
            bound = bound.saturating_mul(2);
        }
        let window = rest.get(..bound.min(rest.len())).unwrap_or_default();
        let first = start + window.partition_point(before);
        *from = first;
        self.entries_at(first, path)
    }

    /// The resolved (stage 0) entry at exactly `path`.
    pub(super) fn get(&self, path: &[u8]) -> Option<IndexEntry<'_>> {
        self.at(path).find(|entry| entry.stage == 0)
    }

    /// The id of the tree the index would be written as, when git recorded
    /// it and nothing staged since has made it stale. When it is a commit's
    /// tree, the index's entries are that commit's files, and
    /// [`StagedIndex::holds_blob`] answers for the commit without a tree
    /// being read.
    pub(super) fn tree_id(&self) -> Option<Oid> {
        self.tree.and_then(|id| Oid::from_bytes(&id).ok())
    }

    /// Whether the tree the index would be written as has a blob (a file or
    /// a symlink) at `path`: a resolved entry, not `git add -N`'s
    /// placeholder, and not a submodule.
    pub(super) fn holds_blob(&self, path: &[u8]) -> bool {
        self.get(path)
            .is_some_and(|entry| !entry.intent_to_add && entry.mode != MODE_GITLINK)
    }

    /// Whether entries lie below `path`, which is then a folder.
    pub(super) fn has_folder(&self, path: &[u8]) -> bool {
        let mut folder = path.to_vec();
        folder.push(b'/');
        !self.range(&folder).is_empty()
    }
}

/// How much of the index file is read at a time: a repository of 100,000
/// files has a 10 MB index, and reading it whole into fresh memory cost 6 ms
/// of page faults before its first entry was looked at.
const WINDOW: usize = 128 * 1024;

/// Reads a version 2, 3 or 4 index held in memory; `None` for anything else.
#[cfg(test)]
fn parse(bytes: &[u8]) -> Option<StagedIndex> {
    parse_from(bytes, bytes.len(), WINDOW)
}

/// Reads a version 2, 3 or 4 index of `length` bytes from `source`,
/// `window` bytes at a time; `None` for anything else.
fn parse_from(source: impl Read, length: usize, window: usize) -> Option<StagedIndex> {
    let mut reader = Reader::new(source, window);
    if reader.take(4)? != b"DIRC" {
        return None;
    }
    let version = reader.u32()?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = reader.u32()? as usize;
    // Each entry takes at least 62 bytes: a count the file cannot hold is
    // refused before anything is reserved for it.
    if count > length / ENTRY_FIXED {
        return None;
    }
    let mut index = StagedIndex {
        paths: Vec::with_capacity(length / 2),
        entries: Vec::with_capacity(count),
        tree: None,
        out_of_order: false,
    };
    let mut previous: Vec<u8> = Vec::new();
    let mut name: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = reader.at;
        let fixed = reader.take(ENTRY_FIXED)?;
        let mode = u32::from_be_bytes(fixed.get(24..28)?.try_into().ok()?);
        let id: [u8; 20] = fixed.get(40..60)?.try_into().ok()?;
        let flags = reader.u16()?;
        let mut intent_to_add = false;
        if flags & FLAG_EXTENDED != 0 {
            if version < 3 {
                return None;
            }
            intent_to_add = reader.u16()? & EXTENDED_INTENT_TO_ADD != 0;
        }
        // The flags hold the path's length, unless it is 4,095 or more.
        let named = usize::from(flags & NAME_MASK);
        let long = named == usize::from(NAME_MASK);
        let path: &[u8] = if version == 4 {
            // The path is the previous one, less some bytes, plus a suffix.
            let strip = reader.varint()?;
            let keep = previous.len().checked_sub(strip)?;
            previous.truncate(keep);
            previous.extend_from_slice(reader.until_nul()?);
            &previous
        } else if long {
            name.clear();
            name.extend_from_slice(reader.until_nul()?);
            // An entry is padded with NULs to a multiple of eight bytes.
            let length = reader.at - start;
            reader.take((8 - length % 8) % 8)?;
            &name
        } else {
            // The path, its NUL and the padding, taken at once: the path is
            // used where it was read, not copied first.
            let length = reader.at - start + named + 1;
            let rest = reader.take(named + 1 + (8 - length % 8) % 8)?;
            if rest.get(named) != Some(&0) {
                return None;
            }
            rest.get(..named)?
        };
        if (long && path.len() < named) || (!long && path.len() != named) {
            return None;
        }
        if !matches!(
            mode,
            MODE_FILE | MODE_EXECUTABLE | MODE_SYMLINK | MODE_GITLINK
        ) || !plain_components(path)
        {
            return None;
        }
        let stage = ((flags & STAGE_MASK) >> 12) as u8;
        index.push(path, mode, id, stage, intent_to_add);
    }
    // Then extensions, each a signature and a length, then the checksum. A
    // signature in lowercase is one a reader must understand (`link` for a
    // split index, `sdir` for a sparse one): libgit2 decides about those.
    loop {
        let rest = length.checked_sub(reader.at)?;
        if rest == 20 {
            break;
        }
        let signature: [u8; 4] = reader.take(4)?.try_into().ok()?;
        if !signature.first()?.is_ascii_uppercase() {
            return None;
        }
        let size = reader.u32()? as usize;
        if &signature == b"TREE" {
            // Only the root's entry is read: its name, counts and id come
            // first, in well under this many bytes.
            let head = size.min(64);
            index.tree = root_tree(reader.take(head)?);
            reader.skip(size - head)?;
        } else {
            reader.skip(size)?;
        }
    }
    // Every path's bytes at once: one long pass runs on vectors, where a
    // pass per path spent most of its time on the bytes past the last
    // whole vector.
    if has_reserved(&index.paths) {
        return None;
    }
    index.sort();
    Some(index)
}

/// The root's tree id in the start of a cache-tree extension's data: its
/// first entry is the root (an empty name, then NUL), then `<entry count>
/// <subtree count>\n`, then the id, which is left out when the count is
/// negative (the tree is stale: something was staged since it was written).
fn root_tree(data: &[u8]) -> Option<[u8; 20]> {
    let (name, rest) = data.split_at_checked(data.iter().position(|byte| *byte == 0)?)?;
    if !name.is_empty() {
        return None;
    }
    let rest = rest.get(1..)?;
    let (line, rest) = rest.split_at_checked(rest.iter().position(|byte| *byte == b'\n')?)?;
    let (entries, subtrees) = std::str::from_utf8(line).ok()?.split_once(' ')?;
    entries.parse::<u32>().ok()?;
    subtrees.parse::<u32>().ok()?;
    rest.get(1..21)?.try_into().ok()
}

/// Whether libgit2 would surely accept `path` in an index: components that
/// are not empty, `.`, `..` or a spelling of `.git` (in any case, with the
/// trailing dots and spaces and the ignorable characters Windows and macOS
/// drop), and no control character or character Windows reserves.
#[cfg(test)]
fn plain_path(path: &[u8]) -> bool {
    !has_reserved(path) && plain_components(path)
}

/// Whether `bytes` hold a control character or a character Windows
/// reserves. Every byte is tested with no early exit and no branch, so the
/// loop runs on vectors: a byte at a time, with a branch per character,
/// this was two thirds of reading an index of 100,000 files.
fn has_reserved(bytes: &[u8]) -> bool {
    let reserved = |byte: u8| {
        (byte < 0x20)
            | (byte == 0x7f)
            | (byte == b'\\')
            | (byte == b':')
            | (byte == b'<')
            | (byte == b'>')
            | (byte == b'"')
            | (byte == b'|')
            | (byte == b'?')
            | (byte == b'*')
    };
    bytes
        .iter()
        .fold(false, |found, &byte| found | reserved(byte))
}

/// [`plain_path`] but for the reserved characters: no component is empty,
/// a traversal or a spelling of `.git`.
fn plain_components(path: &[u8]) -> bool {
    // Only a component whose first ASCII character is a dot, a space or a
    // `g` can be a traversal or a spelling of `.git`; only an empty one can
    // be empty. A component that starts with none of those, nor with a
    // byte that is not ASCII, needs no closer look: most paths have none,
    // and finding that out is one branchless pass.
    let suspect = |byte: u8| {
        (byte == b'.') | (byte == b' ') | (byte | 0x20 == b'g') | (byte == b'/') | !byte.is_ascii()
    };
    let first = path.first().is_none_or(|byte| suspect(*byte));
    let later = path
        .iter()
        .zip(path.iter().skip(1))
        .fold(false, |found, (before, &byte)| {
            found | ((*before == b'/') & suspect(byte))
        });
    let last = path.last() == Some(&b'/');
    !(first | later | last) || every_component_plain(path)
}

/// Whether no component of `path` is empty, a traversal or a spelling of
/// `.git`: [`plain_path`]'s closer look.
fn every_component_plain(path: &[u8]) -> bool {
    path.split(|byte| *byte == b'/').all(|component| {
        match component.iter().find(|byte| byte.is_ascii()) {
            Some(b'.' | b' ' | b'g' | b'G') | None => plain_component(component),
            Some(_) => true,
        }
    })
}

/// [`plain_path`] for one component, in one pass without allocating: the
/// component's ASCII letters folded to lowercase, less its trailing dots
/// and spaces, must not be empty (a traversal), `.git` or `git~N`.
fn plain_component(component: &[u8]) -> bool {
    let mut head = [0u8; 4];
    let mut folded = 0;
    let mut kept = 0;
    for &byte in component {
        if !byte.is_ascii() {
            continue;
        }
        if let Some(slot) = head.get_mut(folded) {
            *slot = byte.to_ascii_lowercase();
        }
        folded += 1;
        if !matches!(byte, b'.' | b' ') {
            kept = folded;
        }
    }
    let traversal = kept == 0 && component.is_ascii();
    let dot_git = kept == 4 && &head == b".git";
    let short_name = kept >= 4 && &head == b"git~";
    !(component.is_empty() || traversal || dot_git || short_name)
}

/// Bounds-checked reads from the index file, through a window of it that
/// moves on as it is read.
struct Reader<R> {
    source: R,
    /// `window[start..end]` is read from the source and not taken yet.
    window: Vec<u8>,
    start: usize,
    end: usize,
    /// How many bytes were taken: the position in the file.
    at: usize,
}

impl<R: Read> Reader<R> {
    fn new(source: R, window: usize) -> Self {
        Reader {
            source,
            window: vec![0; window.max(1)],
            start: 0,
            end: 0,
            at: 0,
        }
    }

    /// Makes at least `count` bytes ready to take, the window growing if
    /// it is smaller; `None` if the source ends first or cannot be read.
    #[inline]
    fn fill(&mut self, count: usize) -> Option<()> {
        if self.end - self.start >= count {
            return Some(());
        }
        self.refill(count)
    }

    /// [`Reader::fill`] when the window holds too little: what is left
    /// moves to its start, and the source fills the rest.
    #[cold]
    fn refill(&mut self, count: usize) -> Option<()> {
        self.window.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.window.len() < count {
            // Doubled, so that a long run without a NUL is not read anew
            // for each byte it grows by.
            let grown = count.max(self.window.len().saturating_mul(2));
            self.window.resize(grown, 0);
        }
        while self.end < count {
            match self.source.read(self.window.get_mut(self.end..)?) {
                Ok(0) => return None,
                Ok(read) => self.end += read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        Some(())
    }

    #[inline]
    fn take(&mut self, count: usize) -> Option<&[u8]> {
        self.fill(count)?;
        let taken = self
            .window
            .get(self.start..self.start.checked_add(count)?)?;
        self.start += count;
        self.at += count;
        Some(taken)
    }

    /// Passes over `count` bytes, a window at a time.
    fn skip(&mut self, mut count: usize) -> Option<()> {
        while count > 0 {
            let step = count.min(self.window.len());
            self.take(step)?;
            count -= step;
        }
        Some(())
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    /// The bytes up to the next NUL, which is consumed.
    fn until_nul(&mut self) -> Option<&[u8]> {
        let mut searched = 0;
        let length = loop {
            let ready = self.window.get(self.start + searched..self.end)?;
            if let Some(found) = ready.iter().position(|byte| *byte == 0) {
                break searched + found;
            }
            searched = self.end - self.start;
            self.fill(searched + 1)?;
        };
        let start = self.start;
        self.start += length + 1;
        self.at += length + 1;
        self.window.get(start..start + length)
    }

    /// Git's offset varint (index v4's count of bytes to strip).
    fn varint(&mut self) -> Option<usize> {
        let mut byte = *self.take(1)?.first()?;
        let mut value = usize::from(byte & 0x7f);
        while byte & 0x80 != 0 {
            byte = *self.take(1)?.first()?;
            value = value
                .checked_add(1)?
                .checked_mul(128)?
                .checked_add(usize::from(byte & 0x7f))?;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn write(dir: &Path, path: &str, text: &str) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    /// Every entry as (path, mode, id, stage, intent to add).
    fn entries(index: &StagedIndex) -> Vec<(String, u32, String, u8, bool)> {
        index
            .iter()
            .map(|e| {
                let path = String::from_utf8_lossy(e.path).into_owned();
                (path, e.mode, e.id.to_string(), e.stage, e.intent_to_add)
            })
            .collect()
    }

    fn index_bytes(dir: &Path) -> Vec<u8> {
        std::fs::read(dir.join(".git/index")).expect("index file")
    }

    /// The tree git would write for the index, as the commit in `dir` holds it.
    fn head_tree(dir: &Path) -> Oid {
        let repo = Repository::open(dir).expect("open");
        let head = repo.head().expect("HEAD");
        let tree = head.peel_to_tree().expect("HEAD's tree");
        tree.id()
    }

    fn read_index(dir: &Path) -> StagedIndex {
        let repo = Repository::open(dir).expect("open");
        StagedIndex::read(&repo).expect("the reader takes the index")
    }

    #[test]
    fn the_cache_tree_names_the_committed_tree_until_something_is_staged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        write(root, "goals/a.md", "a");
        write(root, "goals/deep/b.md", "b");
        write(root, "c.md", "c");
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "one"]);
        let index = read_index(root);
        assert_eq!(index.tree_id(), Some(head_tree(root)));
        let bytes = index_bytes(root);
        for window in [1, 5, 64] {
            assert_eq!(read_through(&bytes, window), read_through(&bytes, WINDOW));
        }
        for file in ["goals/a.md", "goals/deep/b.md", "c.md"] {
            assert!(index.holds_blob(file.as_bytes()), "{file}");
        }
        for absent in ["goals", "goals/deep", "d.md", "goals/a.md/x"] {
            assert!(!index.holds_blob(absent.as_bytes()), "{absent}");
        }

        // An edit in the work tree leaves the index alone; staging it
        // makes the recorded tree stale.
        write(root, "c.md", "edited");
        assert_eq!(read_index(root).tree_id(), Some(head_tree(root)));
        git(root, &["add", "c.md"]);
        assert_eq!(read_index(root).tree_id(), None);

        // Committed beside a `git add -N` placeholder: git does not record
        // a tree while one is in the index.
        write(root, "new.md", "new");
        git(root, &["add", "-N", "new.md"]);
        git(root, &["commit", "-q", "-m", "two"]);
        let index = read_index(root);
        assert_eq!(index.tree_id(), None);
        assert!(index
            .get(b"new.md")
            .is_some_and(|entry| entry.intent_to_add));
        assert!(!index.holds_blob(b"new.md"));
        assert!(index.holds_blob(b"c.md"));
        // Once it is staged for real and committed, the tree is recorded.
        git(root, &["add", "new.md"]);
        git(root, &["commit", "-q", "-m", "three"]);
        let index = read_index(root);
        assert_eq!(index.tree_id(), Some(head_tree(root)));
        assert!(index.holds_blob(b"new.md"));
    }

    #[test]
    fn entries_added_out_of_order_are_sorted() {
        let mut index = StagedIndex::default();
        for (path, stage) in [("b", 0), ("a", 2), ("a", 1), ("c", 0)] {
            index.push(path.as_bytes(), MODE_FILE, [0; 20], stage, false);
        }
        index.sort();
        let order: Vec<(String, u8)> = entries(&index)
            .into_iter()
            .map(|(path, _, _, stage, _)| (path, stage))
            .collect();
        let expected = [("a", 1), ("a", 2), ("b", 0), ("c", 0)];
        assert_eq!(
            order,
            expected.map(|(path, stage)| (path.to_string(), stage))
        );
    }

    #[test]
    fn a_submodule_is_not_a_blob_of_the_tree() {
        let dir = varied_repo();
        let index = read_index(dir.path());
        assert!(index.get(b"vendor/lib").is_some());
        assert!(!index.holds_blob(b"vendor/lib"));
        assert!(index.holds_blob(b"planning/link.md"));
    }

    /// A repository whose index has every kind of entry git writes: files,
    /// an executable, a symlink, a submodule, non-ASCII and deep paths, an
    /// intent-to-add placeholder and a skip-worktree entry.
    fn varied_repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        write(root, "planning/goals/a.md", "a");
        write(root, "planning/goals/b-b.md", "b");
        write(root, "planning/goals.md", "c");
        write(root, "planning/équipe/ünïcode 日本.md", "d");
        write(root, "tools/run.sh", "#!/bin/sh");
        write(root, &format!("deep/{}/x.md", "n/".repeat(40)), "e");
        std::os::unix::fs::symlink("goals/a.md", root.join("planning/link.md")).expect("link");
        git(root, &["add", "."]);
        git(root, &["update-index", "--chmod=+x", "tools/run.sh"]);
        git(root, &["commit", "-q", "-m", "one"]);
        let commit = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
        git(
            root,
            &[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("160000,{commit},vendor/lib"),
            ],
        );
        // A path longer than an entry's 12-bit length field.
        git(root, &["hash-object", "-w", "tools/run.sh"]);
        let blob = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
        let long = format!("{}/x.md", ["long"; 1100].join("/"));
        git(
            root,
            &[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("100644,{blob},{long}"),
            ],
        );
        write(root, "planning/new.md", "g");
        git(root, &["add", "-N", "planning/new.md"]);
        git(
            root,
            &["update-index", "--skip-worktree", "planning/goals/a.md"],
        );
        dir
    }

    #[test]
    fn every_index_version_reads_as_libgit2_reads_it() {
        let dir = varied_repo();
        // A new handle each time: one handle keeps the index it loaded.
        let libgit2 = || {
            let repo = Repository::open(dir.path()).expect("open");
            entries(&StagedIndex::through_libgit2(&repo).expect("libgit2"))
        };
        // libgit2 refuses a version 4 entry whose path is 4,095 bytes or
        // longer, which git writes and reads: version 4 is compared with
        // what libgit2 reads from version 3.
        git(dir.path(), &["update-index", "--index-version", "3"]);
        let expected = libgit2();
        assert_eq!(expected.len(), 10);
        // Version 2 has no room for the extended flags: git writes 3 then.
        for (asked, written) in [("2", 3), ("3", 3), ("4", 4)] {
            git(dir.path(), &["update-index", "--index-version", asked]);
            let bytes = index_bytes(dir.path());
            assert_eq!(bytes.get(4..8), Some(&[0, 0, 0, written][..]));
            let parsed = parse(&bytes).expect("the reader takes it");
            assert_eq!(entries(&parsed), expected, "version {asked}");
            for window in [1, 7, 64, 1000] {
                assert_eq!(read_through(&bytes, window), read_through(&bytes, WINDOW));
            }
        }
        // Without extended flags, version 2.
        git(dir.path(), &["rm", "-q", "--cached", "planning/new.md"]);
        git(
            dir.path(),
            &["update-index", "--no-skip-worktree", "planning/goals/a.md"],
        );
        git(dir.path(), &["update-index", "--index-version", "2"]);
        let bytes = index_bytes(dir.path());
        assert_eq!(bytes.get(4..8), Some(&[0, 0, 0, 2][..]));
        let parsed = parse(&bytes).expect("the reader takes it");
        assert_eq!(entries(&parsed), libgit2(), "version 2");
        assert_eq!(parsed.iter().count(), 9);
    }

    #[test]
    fn conflicts_keep_their_stages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q", "-b", "main"]);
        write(root, "plan/g.md", "base\n");
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "base"]);
        git(root, &["checkout", "-q", "-b", "other"]);
        write(root, "plan/g.md", "theirs\n");
        git(root, &["commit", "-q", "-am", "theirs"]);
        git(root, &["checkout", "-q", "main"]);
        write(root, "plan/g.md", "ours\n");
        git(root, &["commit", "-q", "-am", "ours"]);
        let merge = Command::new("git")
            .args(["merge", "-q", "other"])
            .current_dir(root)
            .output()
            .expect("git runs");
        assert!(!merge.status.success(), "the merge conflicts");
        let parsed = parse(&index_bytes(root)).expect("the reader takes it");
        let stages: Vec<u8> = parsed.iter().map(|e| e.stage).collect();
        assert_eq!(stages, [1, 2, 3]);
        assert!(parsed.get(b"plan/g.md").is_none(), "no resolved entry");
        let repo = Repository::open(root).expect("open");
        let expected = StagedIndex::through_libgit2(&repo).expect("libgit2");
        assert_eq!(entries(&parsed), entries(&expected));
    }

    #[test]
    fn lookups_find_files_folders_and_prefixes() {
        let dir = varied_repo();
        let index = parse(&index_bytes(dir.path())).expect("the reader takes it");
        let found = |prefix: &str| -> Vec<String> {
            index
                .with_prefix(prefix.as_bytes())
                .map(|e| String::from_utf8_lossy(e.path).into_owned())
                .collect()
        };
        assert_eq!(
            found("planning/goals/"),
            ["planning/goals/a.md", "planning/goals/b-b.md"]
        );
        assert_eq!(
            found("planning/goals").len(),
            3,
            "{:?}",
            found("planning/goals")
        );
        assert_eq!(found("zzz/"), Vec::<String>::new());
        assert_eq!(found("").len(), 10);
        assert_eq!(
            index.get(b"planning/link.md").map(|e| e.mode),
            Some(0o120000)
        );
        assert_eq!(index.get(b"vendor/lib").map(|e| e.mode), Some(0o160000));
        assert!(index.get(b"planning/goals").is_none());
        assert!(index.has_folder(b"planning/goals"));
        assert!(index.has_folder(b"deep/n"));
        assert!(!index.has_folder(b"planning/goals.md"));
        assert!(!index.has_folder(b"planning/goal"));
    }

    #[test]
    fn searching_onwards_finds_what_a_whole_search_finds() {
        let dir = varied_repo();
        let index = parse(&index_bytes(dir.path())).expect("the reader takes it");
        let paths: Vec<Vec<u8>> = index.iter().map(|e| e.path.to_vec()).collect();
        // Every path and a made-up neighbour of each, asked in order.
        let mut asked: Vec<Vec<u8>> = paths
            .iter()
            .flat_map(|p| [p.clone(), [p.as_slice(), b"~"].concat()])
            .collect();
        asked.sort();
        asked.dedup();
        let mut from = 0;
        for path in &asked {
            let onwards: Vec<u32> = index.at_from(path, &mut from).map(|e| e.mode).collect();
            let whole: Vec<u32> = index.at(path).map(|e| e.mode).collect();
            assert_eq!(onwards, whole, "{}", String::from_utf8_lossy(path));
        }
        // From a folder's start, its files in order.
        let mut from = index.start_of(b"planning/goals/");
        for name in ["planning/goals/a.md", "planning/goals/b-b.md"] {
            assert_eq!(
                index.at_from(name.as_bytes(), &mut from).count(),
                1,
                "{name}"
            );
        }
        // Asked out of order: absent, as the doc says.
        assert_eq!(index.at_from(b"planning/goals/a.md", &mut from).count(), 0);
    }

    #[test]
    fn what_the_reader_does_not_understand_is_left_to_libgit2() {
        let dir = varied_repo();
        let root = dir.path();
        let repo = Repository::open(root).expect("open");
        let expected = entries(&StagedIndex::through_libgit2(&repo).expect("libgit2"));
        // `core.ignorecase`: libgit2 compares paths without case.
        git(root, &["config", "core.ignorecase", "true"]);
        let repo = Repository::open(root).expect("open");
        assert!(StagedIndex::read(&repo).is_none());
        let loaded = StagedIndex::load(&repo).expect("libgit2 reads it");
        assert_eq!(entries(&loaded), expected);
        git(root, &["config", "core.ignorecase", "false"]);
        // A version this reader does not know.
        let mut bytes = index_bytes(root);
        if let Some(version) = bytes.get_mut(7) {
            *version = 5;
        }
        assert!(parse(&bytes).is_none());
        // An index without the trailing checksum (`index.skipHash`) reads.
        git(
            root,
            &[
                "-c",
                "index.skipHash=true",
                "update-index",
                "--index-version",
                "4",
            ],
        );
        let bytes = index_bytes(root);
        assert_eq!(bytes.get(bytes.len() - 20..), Some(&[0; 20][..]));
        assert_eq!(entries(&parse(&bytes).expect("read")), expected);
        // A split index needs its shared file: its `link` extension is a
        // required one.
        git(root, &["update-index", "--split-index"]);
        assert!(parse(&index_bytes(root)).is_none());
    }

    #[test]
    fn paths_libgit2_might_refuse_are_left_to_it() {
        for path in [
            &b"a//b"[..],
            b"/a",
            b"a/",
            b"./a",
            b"a/../b",
            b"..",
            b".git/config",
            b"x/.GIT/config",
            b"x/.git. /config",
            b"x/GIT~1/config",
            b".g\xe2\x80\x8cit/config",
            b"a\\b",
            b"c:/x",
            b"a\x01b",
            b"a?",
            // Each reserved character, and one past the first 32 bytes.
            b"\x00",
            b"a\x1fb",
            b"a\x7fb",
            b"a<b",
            b"a>b",
            b"a\"b",
            b"a|b",
            b"a*b",
            b"planning/goals/2026-q3/the-goal-with-a-long-name*.md",
        ] {
            assert!(!plain_path(path), "{}", String::from_utf8_lossy(path));
        }
        for path in [
            &b"a"[..],
            b"planning/goals/g-1.md",
            b".github/workflows/ci.yml",
            b".gitignore",
            b"x/.git-blame-ignore-revs",
            "équipe/日本.md".as_bytes(),
            b"a b/c.d",
        ] {
            assert!(plain_path(path), "{}", String::from_utf8_lossy(path));
        }
    }

    /// A cut file is refused, or (cut inside the extensions, which the
    /// checksum would have caught) read with every entry intact.
    #[test]
    fn a_cut_index_is_never_misread() {
        let dir = varied_repo();
        for version in ["3", "4"] {
            git(dir.path(), &["update-index", "--index-version", version]);
            let bytes = index_bytes(dir.path());
            let whole = entries(&parse(&bytes).expect("read"));
            for length in 0..bytes.len() {
                if let Some(cut) = parse(bytes.get(..length).unwrap_or_default()) {
                    assert_eq!(entries(&cut), whole, "cut at {length}");
                }
            }
        }
    }

    /// The entries and the recorded tree of `bytes` read `window` bytes at
    /// a time; `None` when the reader leaves them to libgit2.
    type ReadBack = Option<(Vec<(String, u32, String, u8, bool)>, Option<Oid>)>;
    fn read_through(bytes: &[u8], window: usize) -> ReadBack {
        let index = parse_from(bytes, bytes.len(), window)?;
        Some((entries(&index), index.tree_id()))
    }

    proptest! {
        #[test]
        fn the_quick_look_at_a_path_agrees_with_the_closer_one(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    &b"/"[..], b"//", b".", b"..", b" ", b"g", b"G", b"git", b".git", b"GIT~1",
                    b"a", b"x.md", "é".as_bytes(), b"\xe2\x80\x8c", b"\xff", b"-", b"~",
                ]),
                0..8,
            )
        ) {
            let path = parts.concat();
            prop_assert_eq!(plain_components(&path), every_component_plain(&path), "{:?}", path);
        }

        #[test]
        fn arbitrary_bytes_never_panic(
            tail in proptest::collection::vec(any::<u8>(), 0..400),
            window in 1usize..100,
        ) {
            for version in [2u8, 3, 4] {
                let mut bytes = b"DIRC\0\0\0".to_vec();
                bytes.push(version);
                bytes.extend_from_slice(&[0, 0, 0, 2]);
                bytes.extend_from_slice(&tail);
                prop_assert_eq!(read_through(&bytes, window), read_through(&bytes, WINDOW));
            }
        }

        #[test]
        fn flipped_bytes_never_panic(at in 0usize..2000, byte in any::<u8>(), window in 1usize..300) {
            let dir = varied_repo_once();
            let mut bytes = dir.clone();
            let length = bytes.len();
            if let Some(b) = bytes.get_mut(at % length) {
                *b = byte;
            }
            prop_assert_eq!(read_through(&bytes, window), read_through(&bytes, WINDOW));
        }
    }

    /// The varied repository's version 4 index, made once for the proptest.
    fn varied_repo_once() -> Vec<u8> {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES
            .get_or_init(|| {
                let dir = varied_repo();
                git(dir.path(), &["update-index", "--index-version", "4"]);
                index_bytes(dir.path())
            })
            .clone()
    }
}
