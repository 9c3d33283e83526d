//! When each file last changed: one walk down the first-parent history for
//! all files at once.
//!
//! The wanted paths form a tree (a trie of path components). At each commit
//! only the subtrees whose ids differ from the parent's are opened, and only
//! where a path is still unresolved, so a commit that touched nothing we want
//! costs one tree-id comparison. The walk stops once every path is resolved.

use std::cmp::Ordering;
use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository, Tree};

use super::index_file::StagedIndex;

/// Past this many entries of a tree per pending name, [`Node::compare`]
/// looks the names up rather than walking the entries: a lookup is a
/// binary search of a few steps, a walk reads every entry once.
const SPARSE_RATIO: usize = 16;

/// One path component of the wanted paths.
#[derive(Default)]
struct Node {
    /// Sorted by name. A sorted list, not a map: the paths are inserted in
    /// component order, so each name is appended or is the last one, and a
    /// map's search per insert (a `memcmp` per level of a `BTreeMap` over a
    /// folder of 50,000 goals) was most of the walk's cost.
    children: Vec<(Vec<u8>, Node)>,
    /// For a file: the key to report it under.
    key: Option<String>,
    /// Files under this node not resolved yet.
    pending: usize,
}

/// The path components of a repository path (empty ones skipped, as `a//b`
/// names `a/b`).
fn components(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    path.split(|b| *b == b'/').filter(|p| !p.is_empty())
}

/// Component order: bytewise, with `/` below every other byte, so that a
/// folder's paths sort together and before a sibling that extends its name
/// (`a/b` before `a-c/d`). The listing's own order is bytewise, so it is
/// nearly in this order already.
fn component_order(a: &[u8], b: &[u8]) -> Ordering {
    let rank = |byte: u8| if byte == b'/' { 0 } else { u16::from(byte) + 1 };
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => rank(*x).cmp(&rank(*y)),
        None => a.len().cmp(&b.len()),
    }
}

impl Node {
    /// The trie of `paths` (each with the key to report it under).
    fn of(mut paths: Vec<(String, String)>) -> Node {
        // Unstable: the paths are a listing's, so no two are equal.
        paths.sort_unstable_by(|(a, _), (b, _)| component_order(a.as_bytes(), b.as_bytes()));
        let mut root = Node::default();
        for (path, key) in paths {
            root.insert(path.as_bytes(), key);
        }
        root
    }

    /// Adds `path`. In component order each name is the last child or
    /// comes after it, and is appended; a name out of that order (only a
    /// path with an empty component, which no listing holds) is searched
    /// for and put in its place.
    fn insert(&mut self, path: &[u8], key: String) {
        let mut node = self;
        for part in components(path) {
            let at = match node.children.last() {
                Some((last, _)) if last.as_slice() == part => node.children.len() - 1,
                Some((last, _)) if last.as_slice() > part => {
                    let found = node
                        .children
                        .binary_search_by(|(child, _)| child.as_slice().cmp(part));
                    found.unwrap_or_else(|at| {
                        node.children.insert(at, (part.to_vec(), Node::default()));
                        at
                    })
                }
                _ => {
                    node.children.push((part.to_vec(), Node::default()));
                    node.children.len() - 1
                }
            };
            let Some((_, child)) = node.children.get_mut(at) else {
                return;
            };
            node = child;
        }
        node.key = Some(key);
    }

    /// The child named `name`.
    fn child_mut(&mut self, name: &[u8]) -> Option<&mut Node> {
        let at = self
            .children
            .binary_search_by(|(child, _)| child.as_slice().cmp(name))
            .ok()?;
        self.children.get_mut(at).map(|(_, child)| child)
    }

    /// Keeps only the files that exist as blobs in `tree` (so the walk can
    /// end) and counts them.
    fn prune(&mut self, repo: &Repository, tree: &Tree<'_>) -> usize {
        let mut pending = 0;
        self.children.retain_mut(|(name, child)| {
            let Some(entry) = tree.get_name_bytes(name) else {
                return false;
            };
            // A name is a file or a folder in this tree, whatever was asked.
            let count = match entry.kind() {
                Some(ObjectType::Blob) if child.key.is_some() => {
                    child.children.clear();
                    child.pending = 1;
                    1
                }
                Some(ObjectType::Tree) => {
                    child.key = None;
                    match repo.find_tree(entry.id()) {
                        Ok(sub) => child.prune(repo, &sub),
                        Err(_) => 0,
                    }
                }
                _ => 0,
            };
            pending += count;
            count > 0
        });
        self.pending = pending;
        pending
    }

    /// [`Node::prune`] without reading a tree: `index` is known to hold the
    /// checked commit's tree, so its entries say which files are blobs
    /// there. `path` is this node's path (empty at the root).
    fn prune_by_index(&mut self, path: &mut Vec<u8>, index: &StagedIndex) -> usize {
        let mut pending = 0;
        self.children.retain_mut(|(name, child)| {
            let length = path.len();
            if length > 0 {
                path.push(b'/');
            }
            path.extend_from_slice(name);
            let count = if child.key.is_some() && index.holds_blob(path) {
                child.children.clear();
                child.pending = 1;
                1
            } else {
                // A folder, or absent: only files below it can be pending.
                child.key = None;
                child.prune_by_index(path, index)
            };
            path.truncate(length);
            pending += count;
            count > 0
        });
        self.pending = pending;
        pending
    }

    /// Resolves, at `time`, the pending files under this node whose entry in
    /// the tree `new` differs from the tree `old` (the parent's). Returns how
    /// many were resolved; `Err` when a tree cannot be read.
    fn compare(
        &mut self,
        repo: &Repository,
        new: Oid,
        old: Option<Oid>,
        time: i64,
        out: &mut HashMap<String, i64>,
    ) -> Result<usize, ()> {
        if old == Some(new) {
            return Ok(0);
        }
        let new_tree = repo.find_tree(new).map_err(drop)?;
        let old_tree = match old {
            Some(id) => Some(repo.find_tree(id).map_err(drop)?),
            None => None,
        };
        Ok(self.compare_trees(repo, &new_tree, old_tree.as_ref(), time, out))
    }

    /// [`Node::compare`] of trees already read.
    fn compare_trees(
        &mut self,
        repo: &Repository,
        new_tree: &Tree<'_>,
        old_tree: Option<&Tree<'_>>,
        time: i64,
        out: &mut HashMap<String, i64>,
    ) -> usize {
        let pending_children = self.children.iter().filter(|(_, c)| c.pending > 0).count();
        if pending_children.saturating_mul(SPARSE_RATIO) < new_tree.len() {
            return self.compare_by_name(repo, new_tree, old_tree, time, out);
        }
        // Both trees are sorted in git's order: walk them side by side and
        // look only at the entries that differ.
        let mut old_entries = old_tree.map(|t| t.iter());
        let mut old_entry = old_entries.as_mut().and_then(Iterator::next);
        let mut resolved = 0;
        for new_entry in new_tree.iter() {
            let name = new_entry.name_bytes();
            let new_is_tree = new_entry.kind() == Some(ObjectType::Tree);
            let mut old_sub = None;
            let mut unchanged = false;
            while let Some(old) = &old_entry {
                let old_is_tree = old.kind() == Some(ObjectType::Tree);
                match git_order(old.name_bytes(), old_is_tree, name, new_is_tree) {
                    Ordering::Less => {}
                    Ordering::Equal => {
                        unchanged = old.id() == new_entry.id();
                        old_sub = old_is_tree.then(|| old.id());
                        break;
                    }
                    Ordering::Greater => break,
                }
                old_entry = old_entries.as_mut().and_then(Iterator::next);
            }
            if unchanged {
                continue;
            }
            let Some(child) = self.child_mut(name) else {
                continue;
            };
            if child.pending == 0 {
                continue;
            }
            resolved += child.changed_to(repo, new_entry.id(), new_is_tree, old_sub, time, out);
        }
        self.pending -= resolved;
        resolved
    }

    /// [`Node::compare`] of a wide tree where few names are pending: each is
    /// looked up by name in both trees (a binary search), not found by
    /// walking every entry. A root folder of 40,000 files and one goal
    /// walked 80,000 entries a commit: 2,000 commits took 28 s.
    fn compare_by_name(
        &mut self,
        repo: &Repository,
        new_tree: &Tree<'_>,
        old_tree: Option<&Tree<'_>>,
        time: i64,
        out: &mut HashMap<String, i64>,
    ) -> usize {
        let mut resolved = 0;
        for (name, child) in &mut self.children {
            if child.pending == 0 {
                continue;
            }
            let Some(new_entry) = new_tree.get_name_bytes(name) else {
                continue;
            };
            let new_is_tree = new_entry.kind() == Some(ObjectType::Tree);
            let old_entry = old_tree.and_then(|tree| tree.get_name_bytes(name));
            // As the walk pairs them: a name is the same entry only as the
            // same kind (a file that became a folder sorts elsewhere).
            let old_entry =
                old_entry.filter(|old| (old.kind() == Some(ObjectType::Tree)) == new_is_tree);
            if old_entry
                .as_ref()
                .is_some_and(|old| old.id() == new_entry.id())
            {
                continue;
            }
            let old_sub = old_entry.map(|old| old.id());
            resolved += child.changed_to(repo, new_entry.id(), new_is_tree, old_sub, time, out);
        }
        self.pending -= resolved;
        resolved
    }

    /// Resolves, at `time`, the pending files under this node, whose entry
    /// changed to `new` (a folder when `new_is_tree`, and `old` the
    /// parent's folder): a file at once, a folder by comparing its trees,
    /// all of it when a tree cannot be read. Returns how many.
    fn changed_to(
        &mut self,
        repo: &Repository,
        new: Oid,
        new_is_tree: bool,
        old: Option<Oid>,
        time: i64,
        out: &mut HashMap<String, i64>,
    ) -> usize {
        let before = self.pending;
        // A file at once; a folder whose trees cannot be read, all of it.
        let resolve_whole =
            self.key.is_some() || (new_is_tree && self.compare(repo, new, old, time, out).is_err());
        if resolve_whole {
            self.resolve_all(time, out);
        }
        before - self.pending
    }

    /// Resolves every pending file under this node at `time`.
    fn resolve_all(&mut self, time: i64, out: &mut HashMap<String, i64>) {
        if self.pending == 0 {
            return;
        }
        // Resolved once: the key is moved out, not copied.
        if let Some(key) = self.key.take() {
            out.insert(key, time);
        }
        for (_, child) in &mut self.children {
            child.resolve_all(time, out);
        }
        self.pending = 0;
    }
}

/// Commit time of the last change to each wanted path (`(path in the
/// repository, key to report it under)`) in the first-parent history of
/// `start`. When `index` (the repository's index) would be written as
/// `start`'s tree, which files that tree holds is read from the index:
/// reading the tree instead takes a read of every folder on the way, one
/// per team in a layout with a folder per team.
pub(super) fn last_changed(
    repo: &Repository,
    start: Oid,
    wanted: Vec<(String, String)>,
    index: Option<&StagedIndex>,
) -> HashMap<String, i64> {
    let mut out = HashMap::with_capacity(wanted.len());
    let mut root = Node::of(wanted);
    let Ok(mut commit) = repo.find_commit(start) else {
        return out;
    };
    let pending = match index {
        Some(index) if index.tree_id() == Some(commit.tree_id()) => {
            root.prune_by_index(&mut Vec::new(), index)
        }
        _ => commit.tree().map_or(0, |tree| root.prune(repo, &tree)),
    };
    if pending == 0 {
        return out;
    }
    // Each commit's root tree is read once: the parent's, compared with
    // this commit's, is the next commit's own (a root of 40,000 files was
    // parsed twice a commit).
    let mut tree = repo.find_tree(commit.tree_id()).ok();
    loop {
        // A shallow clone's boundary commit has no parent to read; a partial
        // clone may lack the parent's trees: whatever is still unresolved
        // counts as changed here.
        let time = commit.time().seconds();
        let parent = commit.parent(0).ok();
        let parent_tree = match &parent {
            Some(p) if Some(p.tree_id()) == tree.as_ref().map(Tree::id) => tree.clone(),
            Some(p) => repo.find_tree(p.tree_id()).ok(),
            None => None,
        };
        match (&tree, &parent_tree) {
            (Some(new), Some(old)) if new.id() == old.id() => {}
            (Some(new), Some(old)) => {
                root.compare_trees(repo, new, Some(old), time, &mut out);
            }
            _ => root.resolve_all(time, &mut out),
        }
        match parent {
            Some(parent) if root.pending > 0 => {
                commit = parent;
                tree = parent_tree;
            }
            _ => break,
        }
    }
    out
}

/// Git's tree order: names compare bytewise, a folder as if its name ended
/// with `/`.
fn git_order(a: &[u8], a_is_tree: bool, b: &[u8], b_is_tree: bool) -> Ordering {
    if let Some((x, y)) = a.iter().zip(b).find(|(x, y)| x != y) {
        return x.cmp(y);
    }
    let end = |name: &[u8], is_tree: bool| {
        let next = name.get(a.len().min(b.len())).copied();
        next.or(is_tree.then_some(b'/'))
    };
    end(a, a_is_tree).cmp(&end(b, b_is_tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_sort_as_if_they_ended_with_a_slash() {
        assert_eq!(git_order(b"a", false, b"a", false), Ordering::Equal);
        assert_eq!(git_order(b"a", true, b"a", false), Ordering::Greater);
        // "a-b" < "a/" < "a0" in git's order, and "a" < "a-b" for a file.
        assert_eq!(git_order(b"a", true, b"a-b", false), Ordering::Greater);
        assert_eq!(git_order(b"a", true, b"a0", false), Ordering::Less);
        assert_eq!(git_order(b"a", false, b"a-b", false), Ordering::Less);
        assert_eq!(git_order(b"ab", false, b"b", false), Ordering::Less);
    }

    #[test]
    fn component_order_puts_a_folders_paths_together() {
        assert_eq!(component_order(b"a/b", b"a-c/d"), Ordering::Less);
        assert_eq!(component_order(b"a/z", b"a0"), Ordering::Less);
        assert_eq!(component_order(b"a", b"a/b"), Ordering::Less);
        assert_eq!(component_order(b"a/b", b"a/b"), Ordering::Equal);
        assert_eq!(component_order("é/b".as_bytes(), b"e/b"), Ordering::Greater);
    }

    /// The file keys under `node`, by path, found through `child_mut` (the
    /// search the walk uses), so that a child out of order is not found.
    fn found_keys(node: &mut Node, names: &[Vec<u8>], out: &mut Vec<(String, String)>) {
        for name in names {
            let Some(child) = node.child_mut(name) else {
                continue;
            };
            if let Some(key) = &child.key {
                out.push((String::from_utf8_lossy(name).into_owned(), key.clone()));
            }
            let below: Vec<Vec<u8>> = child.children.iter().map(|(n, _)| n.clone()).collect();
            let mut inner = Vec::new();
            found_keys(child, &below, &mut inner);
            let prefix = String::from_utf8_lossy(name).into_owned();
            out.extend(inner.into_iter().map(|(p, k)| (format!("{prefix}/{p}"), k)));
        }
    }

    #[test]
    fn every_path_is_found_whatever_order_it_came_in() {
        let paths = [
            "goals/a/b.md",
            "goals/a-c/d.md",
            "goals/a.md",
            "goals//b/e.md",
            "teams/z.md",
            "goals/a0/f.md",
            "goals/é/g.md",
            "README.md",
        ];
        let wanted = paths
            .iter()
            .rev()
            .map(|p| (p.to_string(), format!("key of {p}")))
            .collect();
        let mut root = Node::of(wanted);
        let top: Vec<Vec<u8>> = root.children.iter().map(|(n, _)| n.clone()).collect();
        let mut found = Vec::new();
        found_keys(&mut root, &top, &mut found);
        found.sort();
        let mut expected: Vec<(String, String)> = paths
            .iter()
            .map(|p| (p.replace("//", "/"), format!("key of {p}")))
            .collect();
        expected.sort();
        assert_eq!(found, expected);
    }
}
