//! Which files a snapshot lists: a pre-filter by the literal start of the
//! configuration's globs, so that a plan in a repository of 100,000 other
//! files costs what the plan costs. A glob `planning/goals/**/*.md` can only
//! match paths under `planning/goals/`; listing skips every other index
//! entry before copying its path, never opens another tree of a commit, and
//! never walks another folder of the work tree. The globs still decide which
//! listed file is read: the filter only ever admits more, never less.

/// Root-relative path prefixes; a listed path starts with one of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathFilter {
    /// `None`: every path. Otherwise sorted, with no entry that another
    /// entry already covers. An entry ending in `/` is a folder; any other
    /// is a file named exactly by a glob without wildcards.
    prefixes: Option<Vec<String>>,
}

impl PathFilter {
    /// Lists every file.
    pub fn everything() -> PathFilter {
        PathFilter { prefixes: None }
    }

    /// Lists what any of `globs` (root-relative, gitignore-style, as
    /// `pattern::glob` compiles them) could match, plus each of `folders`
    /// (root-relative folders such as `rules`, whose files are listed at
    /// any depth) and `files` (exact root-relative paths).
    pub fn new<'a>(
        globs: impl IntoIterator<Item = &'a str>,
        folders: impl IntoIterator<Item = &'a str>,
        files: impl IntoIterator<Item = &'a str>,
    ) -> PathFilter {
        let folders = folders.into_iter().map(|folder| {
            let folder = folder.trim_start_matches("./").trim_matches('/');
            if folder.is_empty() || folder == "." {
                String::new()
            } else {
                format!("{folder}/")
            }
        });
        let mut prefixes: Vec<String> = globs
            .into_iter()
            .map(crate::pattern::literal_prefix)
            .chain(folders)
            .chain(files.into_iter().map(str::to_string))
            .collect();
        // The listing compares raw path bytes, which a path that is not
        // UTF-8 shows lossily: a prefix holding the replacement character
        // could only match such a shown path, so it filters nothing.
        if prefixes
            .iter()
            .any(|p| p.is_empty() || p.contains(char::REPLACEMENT_CHARACTER))
        {
            return PathFilter::everything();
        }
        prefixes.sort();
        prefixes.dedup();
        // Sorted, a folder comes right before the entries inside it.
        let mut kept: Vec<String> = Vec::with_capacity(prefixes.len());
        for prefix in prefixes {
            let covered = kept
                .last()
                .is_some_and(|last| last.ends_with('/') && prefix.starts_with(last.as_str()));
            if !covered {
                kept.push(prefix);
            }
        }
        PathFilter {
            prefixes: Some(kept),
        }
    }

    /// Whether every path is listed.
    pub fn is_everything(&self) -> bool {
        self.prefixes.is_none()
    }

    /// The prefixes (`None`: every path).
    pub(super) fn prefixes(&self) -> Option<&[String]> {
        self.prefixes.as_deref()
    }

    /// Whether the root-relative `path` is listed.
    pub(super) fn admits(&self, path: &[u8]) -> bool {
        match &self.prefixes {
            None => true,
            Some(prefixes) => prefixes.iter().any(|p| path.starts_with(p.as_bytes())),
        }
    }

    /// Whether the root-relative folder `dir` (ending in `/`) may hold a
    /// listed path: it lies inside a listed folder, or a listed entry lies
    /// inside it.
    pub(super) fn may_hold(&self, dir: &[u8]) -> bool {
        match &self.prefixes {
            None => true,
            Some(prefixes) => prefixes
                .iter()
                .any(|p| dir.starts_with(p.as_bytes()) || p.as_bytes().starts_with(dir)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_paths_and_folders_follow_the_prefixes() {
        let filter = PathFilter::new(
            [
                "planning/goals/**/*.md",
                "planning/teams/*.md",
                "ROADMAP.md",
            ],
            ["rules"],
            ["planlint.toml"],
        );
        assert_eq!(
            filter.prefixes(),
            Some(
                &[
                    "ROADMAP.md".to_string(),
                    "planlint.toml".into(),
                    "planning/goals/".into(),
                    "planning/teams/".into(),
                    "rules/".into()
                ][..]
            )
        );
        assert!(filter.admits(b"planning/goals/q1/a.md"));
        assert!(filter.admits(b"ROADMAP.md"));
        assert!(!filter.admits(b"planning/issues.json"));
        assert!(!filter.admits(b"src/main.rs"));
        assert!(filter.may_hold(b"planning/"));
        assert!(filter.may_hold(b"planning/goals/q1/"));
        assert!(!filter.may_hold(b"planning/other/"));
        assert!(!filter.may_hold(b"src/"));
    }

    #[test]
    fn nested_prefixes_collapse_into_their_folder() {
        let filter = PathFilter::new(["a/*.md", "a/b/*.md", "a/b.md"], [], []);
        assert_eq!(filter.prefixes(), Some(&["a/".to_string()][..]));
    }

    #[test]
    fn a_glob_that_matches_anywhere_lists_everything() {
        assert!(PathFilter::new(["goals/*.md", "*.md"], [], []).is_everything());
        assert!(PathFilter::new(["goals/*.md"], ["."], []).is_everything());
        assert!(PathFilter::new(["\u{fffd}/*.md"], [], []).is_everything());
    }
}
