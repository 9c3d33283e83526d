//! Stage 2: turn one planning file into [`Record`]s whose fields keep their byte spans.
//!
//! A record is one team, goal or issue as written in a file. Field names are
//! normalised (lowercase, `-` and spaces become `_`) and mapped through the
//! configured aliases to canonical names (`Definition of done` → `done_when`),
//! whether they come from frontmatter, a section heading, a data-file table
//! or a `- Owner: @bob` line. Parsing never fails: what cannot be read
//! becomes a [`Problem`] (reported as `parse-error`) and the rest of the file
//! is still used where possible.

mod data;
mod document;
mod fields;
mod frontmatter;
mod headings;
mod labels;
mod markdown;
pub mod node;
mod toml_node;
mod yaml;

pub use document::parse_markdown_record;

use crate::diagnostic::{EntityKind, Span};
use std::collections::{BTreeMap, HashMap};

/// Files larger than this are reported, not parsed: planning files are small,
/// and a huge file is almost always a mistake in the configured globs.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// How deeply frontmatter and data values may nest; deeper is a problem.
pub(crate) const MAX_DEPTH: usize = 64;

/// What a file is expected to hold, decided from the configured globs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRole {
    /// One team per Markdown document (or per TOML/YAML document without arrays).
    Team,
    /// One goal per Markdown document (or per TOML/YAML document without arrays).
    Goal,
    /// A TOML or YAML file with `[[team]]` / `[[goal]]` arrays (`team:` / `goal:` lists).
    Data,
    /// A document where each heading of `level` is one entity of `kind`, with
    /// fields written as `- Owner: @bob`, `**Owner:** @bob`, `(Owner: @bob)` in
    /// the heading, or a two-column metadata table.
    Headings { kind: EntityKind, level: Option<u8> },
    /// An export in the shape `gh issue list --json ...` prints.
    IssueExport,
    /// One issue per Markdown document with frontmatter.
    IssueFile,
}

/// Knobs that come from the configuration.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Normalised field or section name → canonical field name.
    pub aliases: HashMap<String, String>,
}

impl ParseOptions {
    /// The canonical name for a field or section name as written.
    pub fn canonical(&self, name: &str) -> String {
        let normal = normalize_name(name);
        self.aliases.get(&normal).cloned().unwrap_or(normal)
    }
}

/// Lowercase, trim, and turn runs of spaces, `-` and `_` into one `_`; drop
/// trailing punctuation such as `:`.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_sep = false;
    for c in name.trim().trim_end_matches([':', '.', '?']).chars() {
        if c == ' ' || c == '-' || c == '_' || c == '\t' {
            pending_sep = !out.is_empty();
        } else {
            if pending_sep {
                out.push('_');
                pending_sep = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// One file's bytes, with its root-relative path (with `/`).
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The result of parsing one file.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    pub path: String,
    /// The file's text (lossy when it was not UTF-8; a problem says so).
    pub text: String,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    pub suppressions: Vec<Suppression>,
}

/// Something in a file that could not be read; becomes a `parse-error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// An inline suppression comment (see the suppression docs in the README).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids it silences; empty means every rule.
    pub rules: Vec<String>,
    /// The byte range of the file it covers.
    pub covers: Span,
    /// Where the comment itself is, for `unused-suppression`.
    pub span: Span,
    pub reason: Option<String>,
}

/// One entity as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub kind: EntityKind,
    /// The whole entity (a document, a data table, a heading's section).
    pub span: Span,
    /// Where diagnostics about the entity as a whole point: its title
    /// heading, or the first line of its frontmatter or table.
    pub anchor: Span,
    /// The entity's title (first `#` heading, or the heading in heading mode).
    pub title: Option<String>,
    pub fields: BTreeMap<String, Field>,
}

/// A field or section, by canonical name.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Field {
    /// Where the field is written: the key and its value, or the section heading.
    pub span: Span,
    /// Its values: one for a scalar, one per item for a list, one per list
    /// item or paragraph for a section. Empty when the field is empty.
    pub values: Vec<Value>,
    /// Task-list items (`- [ ]`, `- [x]`) found in it.
    pub tasks: Vec<Task>,
}

/// One value of a field, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub span: Span,
}

/// A task-list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub checked: bool,
    pub text: String,
    pub span: Span,
}

/// Parses one file in the given role. Never panics, never fails: problems are returned.
///
/// Text that cannot be read (larger than [`MAX_FILE_BYTES`], binary, not
/// UTF-8) is one problem and no records. Teams and goals are Markdown
/// documents ([`parse_markdown_record`]) unless the file is `.toml`,
/// `.yaml`, `.yml` or `.json`, which are read as data.
pub fn parse_file(file: &SourceFile, role: &FileRole, options: &ParseOptions) -> ParsedFile {
    let mut parsed = ParsedFile {
        path: file.path.clone(),
        ..ParsedFile::default()
    };
    if matches!(role, FileRole::IssueExport | FileRole::IssueFile) {
        parsed.text = String::from_utf8_lossy(&file.bytes).into_owned();
        return parsed;
    }
    parsed.text = match decode(&file.bytes) {
        Ok(text) => text,
        Err((text, problem)) => {
            parsed.text = text;
            parsed.problems.push(problem);
            return parsed;
        }
    };
    let text = parsed.text.as_str();
    let (records, problems) = match role {
        FileRole::Team => one_entity(text, &file.path, EntityKind::Team, options),
        FileRole::Goal => one_entity(text, &file.path, EntityKind::Goal, options),
        FileRole::Data => data::parse(text, data::Format::of_path(&file.path), None, options),
        FileRole::Headings { kind, level } => headings::parse(text, *kind, *level, options),
        FileRole::IssueExport | FileRole::IssueFile => (Vec::new(), Vec::new()),
    };
    parsed.records = records;
    parsed.problems = problems
        .into_iter()
        .map(|mut problem| {
            problem.span = clamp(text, &problem.span);
            problem
        })
        .collect();
    parsed
}

/// A team or goal file: Markdown, or a TOML/YAML document.
fn one_entity(
    text: &str,
    path: &str,
    kind: EntityKind,
    options: &ParseOptions,
) -> (Vec<Record>, Vec<Problem>) {
    let extension = path
        .rsplit_once('.')
        .map_or(String::new(), |(_, ext)| ext.to_ascii_lowercase());
    if matches!(extension.as_str(), "toml" | "yaml" | "yml" | "json") {
        data::parse(text, data::Format::of_path(path), Some(kind), options)
    } else {
        let (record, problems) = parse_markdown_record(text, kind, options);
        (vec![record], problems)
    }
}

/// The file's text, or the text to show and the problem that stops parsing.
fn decode(bytes: &[u8]) -> Result<String, (String, Problem)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err((
            String::new(),
            Problem {
                message: format!(
                    "file is too large ({} bytes; the limit is {} MiB)",
                    bytes.len(),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                span: 0..0,
                help: Some("split the file, or leave it out of the planning globs".to_owned()),
            },
        ));
    }
    let lossy = || String::from_utf8_lossy(bytes).into_owned();
    if let Some(at) = bytes.iter().position(|&byte| byte == 0) {
        return Err((
            lossy(),
            Problem {
                message: format!("binary file (NUL byte at byte {at})"),
                span: at..at + 1,
                help: Some("planning files must be text".to_owned()),
            },
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let at = error.valid_up_to();
            // The lossy text has the same bytes before `at`, then U+FFFD.
            Err((
                lossy(),
                Problem {
                    message: format!("file is not valid UTF-8 (byte {at})"),
                    span: at..at + '\u{fffd}'.len_utf8(),
                    help: Some("save the file as UTF-8".to_owned()),
                },
            ))
        }
    }
}

/// Where a file's content starts: after a byte-order mark, if any. Spans stay
/// offsets into the whole text.
pub(crate) fn content_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The line starting at `start`, without its line break.
pub(crate) fn first_line(text: &str, start: usize) -> Span {
    let rest = text.get(start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    start..start + line.trim_end_matches('\r').len()
}

/// A span inside `text` and on character boundaries, whatever it was.
pub(crate) fn clamp(text: &str, span: &Span) -> Span {
    let mut end = span.end.min(text.len());
    let mut start = span.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Clamps every span of a record (see [`clamp`]).
pub(crate) fn clamp_record(text: &str, record: &mut Record) {
    record.span = clamp(text, &record.span);
    record.anchor = clamp(text, &record.anchor);
    for field in record.fields.values_mut() {
        field.span = clamp(text, &field.span);
        for value in &mut field.values {
            value.span = clamp(text, &value.span);
        }
        for task in &mut field.tasks {
            task.span = clamp(text, &task.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("Definition of Done:"), "definition_of_done");
        assert_eq!(normalize_name(" done-when "), "done_when");
        assert_eq!(normalize_name("Not  doing"), "not_doing");
    }
}
