//! `planlint init`: the files a repository needs to start. With no planning
//! documents, a commented config and an example team and goal in the
//! canonical layout; with documents in another layout, only a config whose
//! `[[source]]` entries are guessed from them. It never overwrites a file.

use crate::config::SCHEMA_URL;
use crate::scaffold::{goal_document, team_document, GoalSpec};
use crate::source::Snapshot;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Files read to guess sources, at most: the guess is linear and bounded
/// whatever the repository holds.
const MAX_FILES_READ: usize = 2000;

/// Column, row and label names that say "this is who owns it".
const OWNER_NAMES: &[&str] = &[
    "owner",
    "owners",
    "dri",
    "point of contact",
    "champion",
    "responsible",
];

/// One file `init` would write, root-relative with `/`.
#[derive(Debug, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: String,
    pub text: String,
}

/// Everything `init` would write.
#[derive(Debug, PartialEq, Eq)]
pub struct InitPlan {
    pub files: Vec<PlannedFile>,
    /// True when sources were guessed from documents in another layout.
    pub guessed: bool,
}

/// How one document holds goals, as far as a quick look can tell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// A two-column metadata table with an owner row (one goal per file);
    /// the row's name as written.
    MetadataTable(String),
    /// A table with an owner column (one goal per row); the header as written.
    OwnerColumn(String),
    /// Headings with an owner label under them (one goal per heading).
    HeadingsWithOwners,
    /// Headings of this level that name their owner, `(Owner: X)`; true when
    /// the owner is a `<TeamMember name="...">` component.
    OwnerInHeading(usize, bool),
    /// A TOML, YAML or JSON file with `goals`/`teams` arrays.
    DataArrays,
}

fn is_owner_name(text: &str) -> bool {
    let name = text.trim().trim_matches('*').trim().trim_end_matches(':');
    OWNER_NAMES.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// The cells of a Markdown table row, or `None` if `line` is not one.
fn cells(line: &str) -> Option<Vec<&str>> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(str::trim).collect())
}

fn is_separator(row: &[&str]) -> bool {
    row.iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Looks at a Markdown document's lines for the shapes planlint can read.
fn markdown_shape(text: &str) -> Option<Shape> {
    let lines: Vec<&str> = text.lines().collect();
    let mut headings = 0usize;
    let mut labelled_owner_under_heading = false;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            headings += 1;
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            let lower = trimmed.to_lowercase();
            if OWNER_NAMES
                .iter()
                .any(|n| lower.contains(&format!("({n}:")))
            {
                let component = trimmed.contains("<TeamMember name=\"");
                return Some(Shape::OwnerInHeading(level, component));
            }
            continue;
        }
        if let Some(row) = cells(line) {
            let next = lines.get(n + 1).and_then(|l| cells(l));
            let header_row = next.as_deref().is_some_and(is_separator);
            if header_row && row.len() > 2 {
                if let Some(owner) = row.iter().find(|c| is_owner_name(c)) {
                    return Some(Shape::OwnerColumn(owner.to_string()));
                }
            }
            if row.len() == 2 && headings <= 1 && is_owner_name(row.first().unwrap_or(&"")) {
                return Some(Shape::MetadataTable(
                    row.first()
                        .unwrap_or(&"")
                        .trim_matches('*')
                        .trim()
                        .to_string(),
                ));
            }
            continue;
        }
        let label = trimmed.trim_start_matches(['-', '*', ' ']);
        if headings >= 2 {
            if let Some((name, value)) = label.split_once(':') {
                if is_owner_name(name) && !value.trim().is_empty() {
                    labelled_owner_under_heading = true;
                }
            }
        }
    }
    labelled_owner_under_heading.then_some(Shape::HeadingsWithOwners)
}

/// A data file with `goals`/`teams` arrays at the top level.
fn data_shape(path: &str, text: &str) -> Option<Shape> {
    let has = |keys: &[&str]| {
        text.lines().any(|line| {
            let line = line.trim_end();
            keys.iter().any(|k| line.starts_with(k))
        })
    };
    let found = if path.ends_with(".toml") {
        has(&["[[goal]]", "[[goals]]", "[[team]]", "[[teams]]"])
    } else if path.ends_with(".yaml") || path.ends_with(".yml") {
        has(&["goal:", "goals:", "team:", "teams:"])
    } else if path.ends_with(".json") {
        text.trim_start().starts_with('{')
            && ["\"goals\"", "\"teams\""].iter().any(|k| text.contains(k))
    } else {
        false
    };
    found.then_some(Shape::DataArrays)
}

fn is_markdown(path: &str) -> bool {
    [".md", ".mdx", ".markdown"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

fn is_data(path: &str) -> bool {
    [".toml", ".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Files that are never a plan: the repository's own machinery.
fn skipped(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with('.')
        || path.contains("/.")
        || ["node_modules/", "target/", "vendor/"]
            .iter()
            .any(|d| path.starts_with(d) || path.contains(&format!("/{d}")))
        || matches!(
            name,
            "planlint.toml" | "Cargo.toml" | "package.json" | "package-lock.json" | "CHANGELOG.md"
        )
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The folder and extension of a path: `src/2025h1/a.md` → (`src/2025h1`, `md`).
fn folder_and_ext(path: &str) -> (&str, &str) {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    (folder, ext)
}

fn glob_in(folder: &str, pattern: &str) -> String {
    if folder.is_empty() {
        pattern.to_string()
    } else {
        format!("{folder}/{pattern}")
    }
}

/// Guesses `[[source]]` entries from the documents in `snapshot`: TOML text
/// and one line per guess for the comment. Empty when nothing looks like a plan.
fn guess_sources(snapshot: &Snapshot) -> (String, Vec<String>) {
    let mut shapes: BTreeMap<String, Shape> = BTreeMap::new();
    let mut read = std::collections::BTreeSet::new();
    let candidates = snapshot
        .paths
        .iter()
        .filter(|p| !skipped(p) && (is_markdown(p) || is_data(p)))
        .take(MAX_FILES_READ);
    for path in candidates {
        read.insert(path.as_str());
        let Ok(bytes) = snapshot.read_named(path) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let shape = if is_markdown(path) {
            markdown_shape(&text)
        } else {
            data_shape(path, &text)
        };
        if let Some(shape) = shape {
            shapes.insert(path.clone(), shape);
        }
    }
    // One-goal-per-file documents share a folder: one source per folder and
    // extension, leaving out the folder's other files of that extension that
    // were read (past the read limit, a file is taken to be like the others).
    let mut folders: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (path, shape) in &shapes {
        if let Shape::MetadataTable(_) = shape {
            let (folder, ext) = folder_and_ext(path);
            folders
                .entry((folder.to_string(), ext.to_string()))
                .or_default()
                .push(path.clone());
        }
    }
    let mut toml = String::new();
    let mut notes = Vec::new();
    // The folder's other files of each extension, found in one pass.
    let mut others: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for path in snapshot.paths.iter().filter(|p| read.contains(p.as_str())) {
        let (folder, ext) = folder_and_ext(path);
        let key = (folder.to_string(), ext.to_string());
        if folders.contains_key(&key) && !matches!(shapes.get(path), Some(Shape::MetadataTable(_)))
        {
            others
                .entry((folder, ext))
                .or_default()
                .push(toml_string(path));
        }
    }
    for ((folder, ext), members) in &folders {
        let glob = glob_in(folder, &format!("*.{ext}"));
        let exclude = others
            .get(&(folder.as_str(), ext.as_str()))
            .map_or(&[][..], Vec::as_slice);
        let owner_names: Vec<String> = members
            .iter()
            .filter_map(|p| match shapes.get(p) {
                Some(Shape::MetadataTable(name)) => Some(name.to_lowercase()),
                _ => None,
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let _ = write!(
            toml,
            "\n[[source]]\nkind = \"goal\"\npaths = [{}]\n",
            toml_string(&glob)
        );
        if !exclude.is_empty() {
            let _ = writeln!(toml, "exclude = [{}]", exclude.join(", "));
        }
        write_owner_names(&mut toml, &owner_names);
        notes.push(format!(
            "{glob}: one goal per file ({} files read have a metadata table with an owner row)",
            members.len()
        ));
    }
    for (path, shape) in &shapes {
        match shape {
            Shape::MetadataTable(_) => {}
            Shape::OwnerColumn(header) => {
                let _ = write!(
                    toml,
                    "\n[[source]]\nkind = \"goal\"\nmode = \"table\"\npaths = [{}]\n\n[source.fields]\nowner = {{ column = {} }}\n",
                    toml_string(path),
                    toml_string(header)
                );
                notes.push(format!(
                    "{path}: one goal per table row (a table with an `{header}` column)"
                ));
            }
            Shape::HeadingsWithOwners => {
                let _ = write!(
                    toml,
                    "\n[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [{}]\n",
                    toml_string(path)
                );
                notes.push(format!("{path}: one goal per heading that names an owner"));
            }
            Shape::OwnerInHeading(level, component) => {
                let _ = write!(
                    toml,
                    "\n[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [{}]\nlevel = {level}\n",
                    toml_string(path)
                );
                if *component {
                    toml.push_str(
                        "\n[source.fields]\nowner = { heading = '<TeamMember name=\"(?P<value>[^\"]+)\"' }\n",
                    );
                }
                notes.push(format!(
                    "{path}: one goal per level-{level} heading, which names its owner"
                ));
            }
            Shape::DataArrays => {
                let _ = write!(
                    toml,
                    "\n[[source]]\nmode = \"data\"\npaths = [{}]\n",
                    toml_string(path)
                );
                notes.push(format!("{path}: teams and goals from its data arrays"));
            }
        }
    }
    (toml, notes)
}

/// `[source.fields] owner = [...]` for owner names planlint does not know by default.
fn write_owner_names(toml: &mut String, names: &[String]) {
    let unknown: Vec<String> = names
        .iter()
        .filter(|n| !["owner", "owners", "dri"].contains(&n.as_str()))
        .map(|n| toml_string(n))
        .collect();
    if !unknown.is_empty() {
        let _ = write!(
            toml,
            "\n[source.fields]\nowner = [{}]\n",
            unknown.join(", ")
        );
    }
}

const CONFIG_HEAD: &str = "# planlint configuration: every key is optional.
# `planlint rules` lists the rules; `planlint rule ID` explains one;
# `planlint check --show-config` prints everything in effect.
";

const RULES_EXAMPLE: &str = "
# [rules.team-size]
# max = 6               # the most members a team may have
# level = \"error\"       # \"error\", \"warning\" or \"off\"

# [fields]
# owner = [\"point of contact\"]   # other names your documents use for a field
";

const CANONICAL_SOURCES: &str = "
# The plan is in the canonical layout: planning/teams/<id>.md and
# planning/goals/**/<id>.md. To read another layout, list [[source]] entries
# (see the README's \"Sources\"); any entry replaces the canonical layout:
# [[source]]
# kind = \"goal\"         # team | goal | issue
# paths = [\"roadmap/*.md\"]
";

/// What `planlint init` would write in the repository `snapshot` shows.
/// Nothing when a config exists; files that exist are left out.
pub fn plan_init(snapshot: &Snapshot) -> InitPlan {
    let exists = |path: &str| snapshot.paths.iter().any(|p| p == path);
    if exists("planlint.toml") || exists(".planlint.toml") {
        return InitPlan {
            files: Vec::new(),
            guessed: false,
        };
    }
    let canonical = snapshot.paths.iter().any(|p| {
        ["planning/teams/", "planning/goals/", "planning/issues"]
            .iter()
            .any(|prefix| p.starts_with(prefix))
    });
    // A `planning` entry of any kind (a symlink too) is the user's: no example goes in it.
    let planning_taken = snapshot.paths.iter().any(|p| p.starts_with("planning/"))
        || snapshot.root.join("planning").symlink_metadata().is_ok();
    let (sources, notes) = if canonical {
        (String::new(), Vec::new())
    } else {
        guess_sources(snapshot)
    };
    let mut config = format!("#:schema {SCHEMA_URL}\n{CONFIG_HEAD}");
    let guessed = !sources.is_empty();
    if guessed {
        config.push_str("\n# planlint guessed where your plan is from the documents it found:\n");
        for note in &notes {
            let _ = writeln!(config, "# - {note}");
        }
        config.push_str(
            "# Check the guess with `planlint entities` (every goal it reads, with its\n\
             # owner and the line it is on), then `planlint check`. Fix a source by\n\
             # editing it: see the README's \"Sources\".\n",
        );
        config.push_str(&sources);
    } else {
        config.push_str(CANONICAL_SOURCES);
    }
    config.push_str(RULES_EXAMPLE);
    let mut files = vec![PlannedFile {
        path: "planlint.toml".into(),
        text: config,
    }];
    if !guessed && !planning_taken {
        files.push(PlannedFile {
            path: "planning/teams/example-team.md".into(),
            text: team_document("Example team", Some("@your-handle")),
        });
        files.push(PlannedFile {
            path: "planning/goals/example-goal.md".into(),
            text: goal_document(
                "example-goal",
                &GoalSpec {
                    title: "An example goal: rename it, fill in each TBD",
                    team: Some("example-team"),
                    owner: Some("@your-handle"),
                    quarter: None,
                },
            ),
        });
    }
    InitPlan { files, guessed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any document, however broken its tables and headings, is looked at without a panic.
        #[test]
        fn any_text_has_a_shape_or_none(text in "([#|*: \\-\n]|[a-zA-Z]{1,6}|Owner|é){0,60}") {
            let _ = markdown_shape(&text);
            let _ = data_shape("a.toml", &text);
            let _ = data_shape("a.json", &text);
        }
    }

    #[test]
    fn shapes_of_documents() {
        assert_eq!(
            markdown_shape("# Goal\n\n| Metadata | |\n|---|---|\n| Point of contact | @a |\n"),
            Some(Shape::MetadataTable("Point of contact".into()))
        );
        assert_eq!(
            markdown_shape(
                "# Roadmap\n\n| Goal | Owner | Status |\n|---|---|---|\n| A | @a | x |\n"
            ),
            Some(Shape::OwnerColumn("Owner".into()))
        );
        assert_eq!(
            markdown_shape("# Roadmap\n\n## Faster builds\n**Owner:** @a\n"),
            Some(Shape::HeadingsWithOwners)
        );
        assert_eq!(
            markdown_shape("## Q4\n#### Search (Owner: <TeamMember name=\"A\" />)\n"),
            Some(Shape::OwnerInHeading(4, true))
        );
        assert_eq!(markdown_shape("# Notes\n\nOwner: me\n| a |\n"), None);
        assert_eq!(
            data_shape("plan.toml", "[[goal]]\nid = \"a\"\n"),
            Some(Shape::DataArrays)
        );
        assert_eq!(data_shape("Cargo.yaml", "name: x\n"), None);
    }
}
