//! Which files a snapshot lists: a pre-filter by the literal start of the
//! configuration's globs, so that a plan in a repository of 100,000 other
//! files costs what the plan costs. A glob `planning/goals/**/*.md` can only
//! match paths under `planning/goals/`; listing skips every other index
//! entry before copying its path, never opens another tree of a commit, and
//! never walks another folder of the work tree. A glob without `**` also
//! fixes how deep its matches are, and often their file name
//! (`contents/teams/*/objectives.mdx`): the work-tree walk then looks for
//! that name in each team's folder instead of reading the folder. The globs
//! still decide which listed file is read: the filter only ever admits
//! more, never less.

/// Root-relative path prefixes, and the shape of the paths under each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathFilter {
    /// `None`: every path. Otherwise sorted, with no entry that another
    /// entry already covers. An entry ending in `/` is a folder; any other
    /// is a file named exactly by a glob without wildcards.
    prefixes: Option<Vec<String>>,
    /// Each glob, folder and file the filter was made of.
    patterns: Vec<Pattern>,
}

/// What one glob, folder or file admits: the paths under its literal
/// start, and when its depth is fixed, only those of that depth (and that
/// file name, when it is literal).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Pattern {
    /// The literal start of every match (a folder's ends with `/`).
    prefix: String,
    /// `None`: matches may lie at any depth under the prefix.
    shape: Option<Shape>,
}

/// The paths a glob of only `*` and `?` wildcards can match: with
/// `literal_separator`, neither matches a `/`, so each match has as many
/// components as the glob.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    components: usize,
    /// The file name, when the glob's last component has no wildcard.
    name: Option<String>,
}

impl Pattern {
    fn glob(glob: &str) -> Pattern {
        let relative = glob.trim_start_matches("./").trim_start_matches('/');
        Pattern {
            prefix: crate::pattern::literal_prefix(glob),
            shape: Shape::of(relative),
        }
    }

    /// Everything under `folder`, at any depth.
    fn folder(folder: String) -> Pattern {
        Pattern {
            prefix: folder,
            shape: None,
        }
    }

    fn file(path: &str) -> Pattern {
        Pattern {
            prefix: path.to_string(),
            shape: Shape::of(path),
        }
    }

    fn admits(&self, path: &[u8]) -> bool {
        path.starts_with(self.prefix.as_bytes())
            && self.shape.as_ref().is_none_or(|shape| {
                components(path) == shape.components
                    && shape
                        .name
                        .as_ref()
                        .is_none_or(|name| last_component(path) == name.as_bytes())
            })
    }

    /// Whether the folder `dir` (ending in `/`) may hold a path this admits.
    fn may_hold(&self, dir: &[u8]) -> bool {
        let prefix = self.prefix.as_bytes();
        (dir.starts_with(prefix) || prefix.starts_with(dir))
            && self
                .shape
                .as_ref()
                .is_none_or(|shape| components(dir) < shape.components)
    }
}

impl Shape {
    /// The shape of `glob` (root-relative), or `None` when a `**`, a class,
    /// an alternative or an escape could match a `/` or an empty, `.` or
    /// `..` component could make its depth differ from what it says.
    fn of(glob: &str) -> Option<Shape> {
        if glob.contains(['[', ']', '{', '}', '\\', '\0']) {
            return None;
        }
        let parts: Vec<&str> = glob.split('/').collect();
        if parts
            .iter()
            .any(|part| part.is_empty() || *part == "." || *part == ".." || part.contains("**"))
        {
            return None;
        }
        let last = parts.last()?;
        Some(Shape {
            components: parts.len(),
            name: (!last.contains(['*', '?'])).then(|| last.to_string()),
        })
    }
}

/// How many components a root-relative path has; a folder's ends in `/`,
/// and the root is empty.
fn components(path: &[u8]) -> usize {
    let slashes = path.iter().filter(|&&byte| byte == b'/').count();
    if path.is_empty() || path.ends_with(b"/") {
        slashes
    } else {
        slashes + 1
    }
}

fn last_component(path: &[u8]) -> &[u8] {
    path.rsplit(|&byte| byte == b'/').next().unwrap_or(path)
}

impl PathFilter {
    /// Lists every file.
    pub fn everything() -> PathFilter {
        PathFilter {
            prefixes: None,
            patterns: Vec::new(),
        }
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
                Pattern::folder(String::new())
            } else {
                Pattern::folder(format!("{folder}/"))
            }
        });
        let mut patterns: Vec<Pattern> = globs
            .into_iter()
            .map(Pattern::glob)
            .chain(folders)
            .chain(files.into_iter().map(Pattern::file))
            .collect();
        // Each path and folder is asked of every pattern: a config that
        // repeats a glob thousands of times asks once.
        patterns.sort_unstable();
        patterns.dedup();
        // The listing compares raw path bytes, which a path that is not
        // UTF-8 shows lossily: a prefix holding the replacement character
        // could only match such a shown path, so it filters nothing.
        if patterns
            .iter()
            .any(|p| p.prefix.is_empty() || p.prefix.contains(char::REPLACEMENT_CHARACTER))
        {
            return PathFilter::everything();
        }
        let mut prefixes: Vec<String> = patterns.iter().map(|p| p.prefix.clone()).collect();
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
            patterns,
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
        self.is_everything() || self.patterns.iter().any(|p| p.admits(path))
    }

    /// Whether the root-relative folder `dir` (ending in `/`) may hold a
    /// listed path: it lies inside a listed folder, or a listed entry lies
    /// inside it, not deeper than the pattern's matches lie.
    pub(super) fn may_hold(&self, dir: &[u8]) -> bool {
        self.is_everything() || self.patterns.iter().any(|p| p.may_hold(dir))
    }

    /// The only names the folder `dir` (root-relative, ending in `/`, or
    /// empty for the root) can hold a listed path under, when every
    /// pattern that reaches into it names its file exactly at its depth:
    /// the walk then asks for those names instead of reading the folder (a
    /// folder a team in PostHog's layout, each read costing more than the
    /// file in it). `None` when the folder must be read.
    pub(super) fn exact_names(&self, dir: &[u8]) -> Option<Vec<&str>> {
        if self.is_everything() {
            return None;
        }
        let depth = components(dir);
        let mut names = Vec::new();
        for pattern in self.patterns.iter().filter(|p| p.may_hold(dir)) {
            let shape = pattern.shape.as_ref()?;
            if shape.components != depth + 1 {
                return None;
            }
            names.push(shape.name.as_deref()?);
        }
        names.sort_unstable();
        names.dedup();
        Some(names)
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
    fn a_glob_without_double_stars_lists_only_its_depth_and_name() {
        let filter = PathFilter::new(
            ["contents/teams/*/objectives.mdx", "src/*/?.md"],
            [],
            ["planlint.toml"],
        );
        assert!(filter.admits(b"contents/teams/t\xc3\xa9/objectives.mdx"));
        assert!(!filter.admits(b"contents/teams/t/index.mdx"));
        assert!(!filter.admits(b"contents/teams/t/x/objectives.mdx"));
        assert!(!filter.admits(b"contents/teams/objectives.mdx"));
        assert!(filter.admits(b"src/2025h1/a.md"));
        assert!(!filter.admits(b"src/2025h1/deep/a.md"));
        assert!(filter.admits(b"planlint.toml"));
        assert!(!filter.admits(b"planlint.toml.bak"));
        assert!(!filter.admits(b"planlint.toml/x"));
        assert!(filter.may_hold(b""));
        assert!(filter.may_hold(b"contents/"));
        assert!(filter.may_hold(b"contents/teams/t/"));
        assert!(!filter.may_hold(b"contents/teams/t/images/"));
        assert!(!filter.may_hold(b"src/2025h1/deep/"));
        // The folder a team's page is in is looked into by name, not read.
        assert_eq!(
            filter.exact_names(b"contents/teams/t/"),
            Some(vec!["objectives.mdx"])
        );
        assert_eq!(filter.exact_names(b"contents/teams/"), None);
        assert_eq!(filter.exact_names(b"src/2025h1/"), None);
        assert_eq!(filter.exact_names(b""), None);
        assert_eq!(
            PathFilter::new([], [], ["planlint.toml", ".planlint.toml"]).exact_names(b""),
            Some(vec![".planlint.toml", "planlint.toml"])
        );
    }

    #[test]
    fn a_folder_is_read_whenever_a_pattern_could_match_any_name_in_it() {
        let names = |globs: &[&str], folders: &[&str], dir: &str| {
            PathFilter::new(globs.iter().copied(), folders.iter().copied(), [])
                .exact_names(dir.as_bytes())
                .map(|names| names.join(" "))
        };
        let page = "a/*/page.md";
        assert_eq!(names(&[page], &[], "a/t/"), Some("page.md".into()));
        // Two names in one folder are looked up both.
        assert_eq!(
            names(&[page, "a/*/more.md"], &[], "a/t/"),
            Some("more.md page.md".into())
        );
        // A pattern that reaches in with a wildcard name, at any depth, or
        // deeper than the folder's files, or a rule folder: read it.
        assert_eq!(names(&[page, "a/*/*.md"], &[], "a/t/"), None);
        assert_eq!(names(&[page, "a/**/x.md"], &[], "a/t/"), None);
        assert_eq!(names(&[page, "a/*/*/x.md"], &[], "a/t/"), None);
        assert_eq!(names(&[page], &["a"], "a/t/"), None);
        // A class, an alternative or an escape may stand for a `/`.
        for glob in [
            "a/[t]/page.md",
            "a/{t,u/v}/page.md",
            "a/*/pa\\ge.md",
            "a/*/p[a]ge.md",
        ] {
            assert_eq!(names(&[glob], &[], "a/t/"), None, "{glob}");
        }
        // `./`, empty and dotted components.
        assert_eq!(
            names(&["./a/*/page.md"], &[], "a/t/"),
            Some("page.md".into())
        );
        assert_eq!(names(&["a/*//page.md"], &[], "a/t/"), None);
        assert_eq!(names(&["a/*/../page.md"], &[], "a/t/"), None);
        // A pattern elsewhere does not make the folder read.
        assert_eq!(
            names(&[page, "b/*.md"], &["rules"], "a/t/"),
            Some("page.md".into())
        );
    }

    /// A path `glob` matches, its wildcards filled from `choices`: a `*`
    /// with none, one or two letters (one if the name would be empty), a
    /// `?` with one, a `**` with up to two folders.
    fn instance(glob: &str, choices: &[u8]) -> String {
        let mut choices = choices.iter().cycle();
        let mut next = || choices.next().copied().unwrap_or(0);
        let letter = |choice: u8| if choice % 2 == 0 { "a" } else { "é" };
        let mut parts = Vec::new();
        for part in glob.trim_start_matches("./").split('/') {
            if part == "**" {
                parts.extend((0..next() % 3).map(|_| letter(next()).to_string()));
                continue;
            }
            let mut filled = String::new();
            for c in part.chars() {
                match c {
                    '*' => (0..next() % 3).for_each(|_| filled.push_str(letter(next()))),
                    '?' => filled.push_str(letter(next())),
                    c => filled.push(c),
                }
            }
            // No file or folder has an empty name.
            if filled.is_empty() {
                filled.push('a');
            }
            parts.push(filled);
        }
        parts.join("/")
    }

    proptest::proptest! {
        /// Whatever a glob matches, the filter lists: the path is
        /// admitted, each folder on its way may hold it, and a folder
        /// looked into by name is asked for the path's name.
        #[test]
        fn the_filter_never_drops_what_a_glob_matches(
            globs in proptest::collection::vec(
                "(\\./)?([ab*?é]{1,3}|\\*\\*)(/([ab*?é]{1,3}|\\*\\*)){0,3}",
                1..4,
            ),
            which in 0usize..4,
            choices in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..12),
        ) {
            let filter = PathFilter::new(globs.iter().map(String::as_str), [], []);
            let glob = &globs[which % globs.len()];
            let path = instance(glob, &choices);
            let matcher = crate::pattern::glob(glob).map(|g| g.compile_matcher());
            proptest::prop_assume!(matcher.is_ok_and(|m| m.is_match(&path)));
            proptest::prop_assert!(filter.admits(path.as_bytes()));
            let mut dir = String::new();
            for part in path.split('/') {
                proptest::prop_assert!(filter.may_hold(dir.as_bytes()), "{dir}");
                if let Some(names) = filter.exact_names(dir.as_bytes()) {
                    proptest::prop_assert!(names.contains(&part), "{dir} {names:?}");
                }
                dir = format!("{dir}{part}/");
            }
        }
    }

    #[test]
    fn a_glob_written_many_times_is_one_pattern() {
        let glob = "contents/teams/*/objectives.mdx";
        let filter = PathFilter::new(std::iter::repeat_n(glob, 10_000), [], []);
        assert_eq!(filter.patterns, PathFilter::new([glob], [], []).patterns);
        assert_eq!(filter.patterns.len(), 1);
    }

    #[test]
    fn a_glob_that_matches_anywhere_lists_everything() {
        assert!(PathFilter::new(["goals/*.md", "*.md"], [], []).is_everything());
        assert!(PathFilter::new(["goals/*.md"], ["."], []).is_everything());
        assert!(PathFilter::new(["\u{fffd}/*.md"], [], []).is_everything());
    }
}
