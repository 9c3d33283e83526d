//! What the extract stage hands on for one file: how it was read and what
//! was read of it.

use crate::model::{FieldStyle, Record};
use crate::parse::{Problem, Suppression};

/// What a file is expected to hold, decided from the configured globs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRole {
    /// One team per Markdown document (or per TOML/YAML document without arrays).
    Team,
    /// One goal per Markdown document (or per TOML/YAML document without arrays).
    Goal,
    /// A TOML or YAML file with `[[team]]` / `[[goal]]` arrays (`team:` / `goal:` lists).
    Data,
    /// Records cut out of a file by the extract stage (headings, table rows,
    /// selected data): ids come from their fields, not the file name.
    Extracted,
    /// An export in the shape `gh issue list --json ...` prints.
    IssueExport,
    /// One issue per Markdown document with frontmatter.
    IssueFile,
    /// A GitHub Actions event payload holding the pull request being checked.
    /// Its parsed file has a pseudo-path (`(pull request #12)`), not the
    /// payload's path, and a text made of the title, labels and body.
    PullRequest,
}

/// What was read of one file: its text, its entities and its problems.
#[derive(Clone, Debug, Default)]
pub struct ExtractedFile {
    pub path: String,
    /// The number of the configured source that read it (none for inputs
    /// from outside the sources: `--issues`, the pull request).
    pub source: Option<usize>,
    /// How its source writes fields, for hints.
    pub style: FieldStyle,
    /// The file's text (lossy when it was not UTF-8; a problem says so).
    pub text: String,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    pub suppressions: Vec<Suppression>,
}
