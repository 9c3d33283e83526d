//! When each file last changed: one walk down the first-parent history for
//! all files at once.
//!
//! The wanted paths form a tree (a trie of path components). At each commit
//! only the subtrees whose ids differ from the parent's are opened, and only
//! where a path is still unresolved, so a commit that touched nothing we want
//! costs one tree-id comparison. The walk stops once every path is resolved.

use std::collections::{BTreeMap, HashMap};

use git2::{ObjectType, Oid, Repository, Tree};

/// One path component of the wanted paths.
#[derive(Default)]
struct Node {
    children: BTreeMap<Vec<u8>, Node>,
    /// For a file: the key to report it under.
    key: Option<String>,
    /// Files under this node not resolved yet.
    pending: usize,
}

impl Node {
    fn insert(&mut self, path: &[u8], key: String) {
        let mut node = self;
        for part in path.split(|b| *b == b'/').filter(|p| !p.is_empty()) {
            node = node.children.entry(part.to_vec()).or_default();
        }
        node.key = Some(key);
    }

    /// Keeps only the files that exist as blobs in `tree` (so the walk can
    /// end) and counts them.
    fn prune(&mut self, repo: &Repository, tree: &Tree<'_>) -> usize {
        let mut pending = 0;
        self.children.retain(|name, child| {
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
        let mut resolved = 0;
        for (name, child) in &mut self.children {
            if child.pending == 0 {
                continue;
            }
            let Some(new_entry) = new_tree.get_name_bytes(name) else {
                continue;
            };
            let old_entry = old_tree.as_ref().and_then(|t| t.get_name_bytes(name));
            if old_entry.as_ref().map(|e| e.id()) == Some(new_entry.id()) {
                continue;
            }
            let before = child.pending;
            if child.key.is_some() {
                child.resolve_all(time, out);
            } else {
                let old_sub = old_entry
                    .filter(|e| e.kind() == Some(ObjectType::Tree))
                    .map(|e| e.id());
                let outcome = child.compare(repo, new_entry.id(), old_sub, time, out);
                if outcome.is_err() {
                    child.resolve_all(time, out);
                }
            }
            resolved += before - child.pending;
        }
        self.pending -= resolved;
        Ok(resolved)
    }

    /// Resolves every pending file under this node at `time`.
    fn resolve_all(&mut self, time: i64, out: &mut HashMap<String, i64>) {
        if self.pending == 0 {
            return;
        }
        if let Some(key) = &self.key {
            out.insert(key.clone(), time);
        }
        for child in self.children.values_mut() {
            child.resolve_all(time, out);
        }
        self.pending = 0;
    }
}

/// Commit time of the last change to each wanted path (`(path in the
/// repository, key to report it under)`) in the first-parent history of `start`.
pub(super) fn last_changed(
    repo: &Repository,
    start: Oid,
    wanted: Vec<(String, String)>,
) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    let mut root = Node::default();
    for (path, key) in wanted {
        root.insert(path.as_bytes(), key);
    }
    let Ok(mut commit) = repo.find_commit(start) else {
        return out;
    };
    match commit.tree() {
        Ok(tree) if root.prune(repo, &tree) > 0 => {}
        _ => return out,
    }
    loop {
        // A shallow clone's boundary commit has no parent to read; a partial
        // clone may lack the parent's trees: whatever is still unresolved
        // counts as changed here.
        let time = commit.time().seconds();
        let parent = commit.parent(0).ok();
        let compared = match &parent {
            Some(p) => root.compare(repo, commit.tree_id(), Some(p.tree_id()), time, &mut out),
            None => Err(()),
        };
        if compared.is_err() {
            root.resolve_all(time, &mut out);
        }
        match parent {
            Some(parent) if root.pending > 0 => commit = parent,
            _ => break,
        }
    }
    out
}
