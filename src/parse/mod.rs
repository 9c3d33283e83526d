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
pub(crate) mod fields;
pub(crate) mod frontmatter;
mod issues;
mod json_spans;
pub(crate) mod labels;
pub(crate) mod markdown;
pub mod node;
mod pull_request;
mod suppressions;
#[cfg(test)]
pub(crate) mod test_support;
mod toml_node;
mod yaml;

pub use document::parse_markdown_record;
pub use issues::{IssueOptions, DEFAULT_GOAL_LABEL_PREFIX};
pub use pull_request::{pseudo_path, EVENT_PSEUDO_PATH};

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
    /// The number of the configured source that read it (none for inputs
    /// from outside the sources: `--issues`, the pull request).
    pub source: Option<usize>,
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
    parse_file_with(file, role, options, &IssueOptions::default())
}

/// [`parse_file`] with the configured way issues link to goals.
pub fn parse_file_with(
    file: &SourceFile,
    role: &FileRole,
    options: &ParseOptions,
    issues: &IssueOptions,
) -> ParsedFile {
    if *role == FileRole::PullRequest {
        return pull_request::parse_event(&file.bytes, options, issues);
    }
    let mut parsed = ParsedFile {
        path: file.path.clone(),
        ..ParsedFile::default()
    };
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
        FileRole::Extracted => (Vec::new(), Vec::new()),
        FileRole::IssueExport => issues::parse_export(text, options, issues),
        FileRole::IssueFile => issues::parse_issue_file(text, options, issues),
        // Returned above: the payload is not the text the records point into.
        FileRole::PullRequest => (Vec::new(), Vec::new()),
    };
    parsed.records = records;
    parsed.suppressions = suppressions::scan(text, &file.path);
    parsed.problems = problems
        .into_iter()
        .map(|mut problem| {
            problem.span = clamp(text, &problem.span);
            problem
        })
        .collect();
    parsed
}

/// The inline suppressions of a file's text.
pub(crate) fn suppressions_of(text: &str, path: &str) -> Vec<Suppression> {
    suppressions::scan(text, path)
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

/// The tree of a YAML, TOML or JSON data file (TOML by a `.toml` extension,
/// else YAML, which reads JSON), spans in `text`.
pub(crate) fn data_tree(text: &str, path: &str) -> Result<node::Node, Problem> {
    let start = content_start(text);
    let content = text.get(start..).unwrap_or("");
    match data::Format::of_path(path) {
        data::Format::Toml => toml_node::parse(content, start),
        data::Format::Yaml => yaml::parse(content, start),
    }
}

/// The tree of a Markdown document's frontmatter, when it has one that parses.
pub(crate) fn frontmatter_tree(text: &str) -> Option<node::Node> {
    let split = frontmatter::split(text, content_start(text));
    let found = split.frontmatter?;
    let content = text.get(found.content.clone())?;
    match found.format {
        frontmatter::Format::Yaml => yaml::parse(content, found.content.start).ok(),
        frontmatter::Format::Toml => toml_node::parse(content, found.content.start).ok(),
    }
}

/// The file's text, or the text to show and the problem that stops parsing.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, (String, Problem)> {
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
    if bytes.contains(&0) {
        let text = lossy();
        // Found in the lossy text: invalid bytes before it shift offsets.
        let at = text.find('\0').unwrap_or(0);
        return Err((
            text,
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
    use crate::parse::test_support::{hostile_text, options_with, texts};
    use proptest::prelude::*;

    const BUILD_STD: &str =
        include_str!("../../tests/corpus/rust-project-goals/src/2025h1/build-std.md");

    fn file(path: &str, bytes: &[u8]) -> SourceFile {
        SourceFile {
            path: path.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    fn options() -> ParseOptions {
        let pairs = [
            ("owner", "owner"),
            ("point_of_contact", "owner"),
            ("motivation", "why"),
            ("status", "status"),
            ("definition_of_done", "done_when"),
        ];
        options_with(&pairs)
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("Definition of Done:"), "definition_of_done");
        assert_eq!(normalize_name(" done-when "), "done_when");
        assert_eq!(normalize_name("Not  doing"), "not_doing");
    }

    #[test]
    fn invalid_utf8_is_one_problem_at_the_first_bad_byte() {
        let parsed = parse_file(
            &file("g.md", b"# ok\n\xff\xfe"),
            &FileRole::Goal,
            &options(),
        );
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.problems.len(), 1);
        let problem = &parsed.problems[0];
        assert_eq!(problem.message, "file is not valid UTF-8 (byte 5)");
        assert_eq!(problem.help.as_deref(), Some("save the file as UTF-8"));
        assert_eq!(&parsed.text[problem.span.clone()], "\u{fffd}");
    }

    #[test]
    fn nul_bytes_make_a_binary_file() {
        let parsed = parse_file(&file("g.md", b"# a\0b"), &FileRole::Goal, &options());
        assert!(parsed.records.is_empty());
        assert!(parsed.problems[0].message.starts_with("binary file"));
        assert_eq!(parsed.problems[0].span, 3..4);
    }

    #[test]
    fn huge_files_are_not_parsed() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
        let parsed = parse_file(&file("g.md", &bytes), &FileRole::Goal, &options());
        assert!(parsed.records.is_empty());
        assert!(parsed.problems[0].message.starts_with("file is too large"));
    }

    #[test]
    fn a_bom_is_skipped_but_spans_count_it() {
        let text = "\u{feff}---\nowner: \"@bob\"\n---\n# Title\n";
        let parsed = parse_file(&file("g.md", text.as_bytes()), &FileRole::Goal, &options());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let record = &parsed.records[0];
        assert_eq!(
            &parsed.text[record.fields["owner"].values[0].span.clone()],
            "\"@bob\""
        );
        assert_eq!(&parsed.text[record.anchor.clone()], "# Title");
    }

    #[test]
    fn roles_dispatch_by_kind_and_extension() {
        let team = parse_file(
            &file("t/growth.md", b"# Growth\n"),
            &FileRole::Team,
            &options(),
        );
        assert_eq!(team.records[0].kind, EntityKind::Team);
        let goal = parse_file(
            &file("g/g1.toml", b"team = \"growth\"\nowner = \"@a\"\n"),
            &FileRole::Goal,
            &options(),
        );
        assert_eq!(goal.records[0].kind, EntityKind::Goal);
        assert_eq!(texts(&goal.records[0], "team"), ["growth"]);
        let data = parse_file(
            &file("plan.yaml", b"goals:\n  - id: a\n  - id: b\n"),
            &FileRole::Data,
            &options(),
        );
        assert_eq!(data.records.len(), 2);
        let issues = parse_file(
            &file("i.json", b"[{\"number\": 1}]"),
            &FileRole::IssueExport,
            &options(),
        );
        assert_eq!(issues.records[0].kind, EntityKind::Issue);
        let issue = parse_file(&file("i/a.md", b"# A\n"), &FileRole::IssueFile, &options());
        assert_eq!(issue.records[0].kind, EntityKind::Issue);
        let pr = parse_file(
            &file("event.json", b"{\"pull_request\": {\"number\": 4}}"),
            &FileRole::PullRequest,
            &options(),
        );
        assert_eq!(pr.path, "(pull request #4)");
        assert_eq!(pr.records[0].kind, EntityKind::PullRequest);
    }

    #[test]
    fn a_rust_project_goal_file_is_a_goal_document() {
        let parsed = parse_file(
            &file("src/2025h1/build-std.md", BUILD_STD.as_bytes()),
            &FileRole::Goal,
            &options(),
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let goal = &parsed.records[0];
        assert_eq!(goal.title.as_deref(), Some("build-std"));
        assert_eq!(texts(goal, "owner"), ["@davidtwco"]);
        assert_eq!(
            &parsed.text[goal.fields["owner"].span.clone()],
            "| Point of contact   | @davidtwco                         |"
        );
        assert_eq!(texts(goal, "status"), ["Accepted"]);
        assert_eq!(texts(goal, "zulip_channel"), ["N/A"]);
        assert!(texts(goal, "why")[0].starts_with("build-std is a well-known unstable feature"));
        assert!(goal.fields.contains_key("summary"));
    }

    /// The first span of a parse result that is not inside its text on
    /// character boundaries.
    fn invalid_span(parsed: &ParsedFile) -> Option<Span> {
        let mut spans: Vec<&Span> = parsed.problems.iter().map(|p| &p.span).collect();
        for record in &parsed.records {
            spans.extend([&record.span, &record.anchor]);
            for field in record.fields.values() {
                spans.push(&field.span);
                spans.extend(field.values.iter().map(|v| &v.span));
                spans.extend(field.tasks.iter().map(|t| &t.span));
            }
        }
        spans
            .into_iter()
            .find(|span| span.start > span.end || parsed.text.get((*span).clone()).is_none())
            .cloned()
    }

    const FRAGMENTS: &[&str] = &[
        "---",
        "+++",
        "...",
        "- [ ] ",
        "- [x] ",
        "* ",
        "1. ",
        "2) ",
        "#",
        "## ",
        "#### ",
        ":",
        ": ",
        "[",
        "]",
        "[[team]]",
        "{",
        "}",
        "&a ",
        "*a",
        "|",
        "| --- |",
        "\n",
        "\r\n",
        " ",
        "  ",
        "\t",
        "**",
        "*",
        "_",
        "`",
        "```",
        ">",
        "(Owner: ",
        "(",
        ")",
        "@bob",
        ",",
        " and ",
        "<TeamMember name=\"",
        "\" />",
        "<!-- ",
        " -->",
        "\u{feff}",
        "é",
        "🚀",
        "owner",
        "Owner:",
        "Motivation:",
        "team:",
        "goal: ",
        "- ",
        "=",
        " = ",
        "\"",
        "'",
        "\\",
        "~",
        "null",
        "?",
        "!!str ",
        "%YAML 1.2",
        "<<: ",
        "0x1F",
        "2026-01-02",
        "\0",
    ];

    /// Pieces of syntax, with a few characters of arbitrary text between.
    fn fragments() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => hostile_text(3),
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|parts| parts.concat())
    }

    /// Field names as planning files write them, aliases included.
    const FIELD_NAMES: &[&str] = &[
        "id",
        "team",
        "owner",
        "Point of contact",
        "status",
        "quarter",
        "members",
        "Motivation",
        "Definition of done",
        "not doing",
        "adoption",
    ];

    /// A file whose fields hold arbitrary text, written in one of the
    /// shapes planlint reads, with the role and path it is read in.
    fn file_with_hostile_fields() -> impl Strategy<Value = (FileRole, &'static str, String)> {
        let fields = proptest::collection::vec(
            (proptest::sample::select(FIELD_NAMES), hostile_text(12)),
            0..8,
        );
        (fields, hostile_text(12), 0..7u8).prop_map(|(fields, title, shape)| {
            let each = |line: &dyn Fn(&str, &str) -> String| -> String {
                fields
                    .iter()
                    .map(|(name, value)| line(name, value))
                    .collect()
            };
            let json = |value: &str| serde_json::Value::String(value.to_owned()).to_string();
            let toml = |value: &str| toml::Value::String(value.to_owned()).to_string();
            let goal = FileRole::Goal;
            match shape {
                0 => (
                    goal,
                    "g.md",
                    format!(
                        "---\n{}---\n# {title}\n",
                        each(&|n, v| format!("{n}: {v}\n"))
                    ),
                ),
                1 => (
                    goal,
                    "g.md",
                    format!(
                        "---\n{}---\n# {title}\n",
                        each(&|n, v| format!("{n}: {}\n", json(v)))
                    ),
                ),
                2 => (
                    goal,
                    "g.md",
                    format!(
                        "+++\n{}+++\n",
                        each(&|n, v| format!("\"{n}\" = {}\n", toml(v)))
                    ),
                ),
                3 => (
                    goal,
                    "g.md",
                    format!(
                        "# {title}\n{}",
                        each(&|n, v| format!("## {n}\n{v}\n- [ ] {v}\n"))
                    ),
                ),
                // Labelled lines and a metadata table under a `##` title
                // (heading mode itself is the extract stage's, tested there).
                4 => (
                    goal,
                    "r.md",
                    format!(
                        "## {title} (Owner: @x)\n{}",
                        each(&|n, v| { format!("- {n}: {v}\n**{n}:** {v}\n| {n} | {v} |\n") })
                    ),
                ),
                5 => (
                    FileRole::Data,
                    "p.toml",
                    format!(
                        "[[goal]]\n{}",
                        each(&|n, v| format!("\"{n}\" = {}\n", toml(v)))
                    ),
                ),
                _ => (
                    FileRole::Data,
                    "p.yaml",
                    format!(
                        "goals:\n  - title: {}\n{}",
                        json(&title),
                        each(&|n, v| format!("    {n}: {}\n", json(v)))
                    ),
                ),
            }
        })
    }

    fn role_and_path() -> impl Strategy<Value = (FileRole, &'static str)> {
        let roles = vec![
            FileRole::Team,
            FileRole::Goal,
            FileRole::Data,
            FileRole::IssueExport,
            FileRole::IssueFile,
            FileRole::PullRequest,
        ];
        (
            proptest::sample::select(roles),
            proptest::sample::select(vec!["a.md", "a.toml", "a.yaml", "a.json", "a"]),
        )
    }

    proptest! {
        // Regressions are kept beside this file (src/parse/mod.proptest-regressions).
        #![proptest_config(ProptestConfig {
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
            )),
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics_on_arbitrary_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            (role, path) in role_and_path(),
        ) {
            let parsed = parse_file(&file(path, &bytes), &role, &options());
            prop_assert_eq!(invalid_span(&parsed), None);
        }

        #[test]
        fn never_panics_on_markdown_and_yaml_fragments(
            text in fragments(),
            (role, path) in role_and_path(),
        ) {
            let parsed = parse_file(&file(path, text.as_bytes()), &role, &options());
            prop_assert_eq!(invalid_span(&parsed), None);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn fields_holding_any_unicode_keep_spans_on_char_boundaries(
            (role, path, text) in file_with_hostile_fields(),
        ) {
            let parsed = parse_file(&file(path, text.as_bytes()), &role, &options());
            prop_assert_eq!(invalid_span(&parsed), None);
        }
    }

    /// Shapes that a quadratic lookup would turn into a hang.
    #[test]
    fn large_blocks_parse_in_linear_time() {
        let lines = 40_000;
        let shapes = [
            "**Owner:** @a\n".repeat(lines),
            "Owner: @a\n".repeat(lines),
            format!("# {}\n", "(a: ".repeat(lines)),
            format!("# {}\n", "(Owner: x) ".repeat(lines)),
            format!("- Owner: {}\n", "<TeamMember name=\"x\" />, ".repeat(lines)),
            format!("Owner: {}\n", "**@a** and ".repeat(lines)),
            "| Owner | @a |\n".repeat(lines),
            "## Why\n- x\n".repeat(lines / 2),
        ];
        for text in shapes {
            let started = std::time::Instant::now();
            parse_file(&file("a.md", text.as_bytes()), &FileRole::Goal, &options());
            let elapsed = started.elapsed();
            assert!(elapsed.as_secs() < 20, "{elapsed:?} for {:?}", &text[..40]);
        }
    }

    #[test]
    fn deep_markdown_nesting_does_not_overflow() {
        let deep = [
            "> ".repeat(5000) + "x\n",
            (0..400)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
            "[".repeat(50_000) + &"]".repeat(50_000),
            "*".repeat(50_000) + "x" + &"*".repeat(50_000),
            format!("---\na: {}\n---\n", "[".repeat(10_000)),
            format!("+++\na = {}\n+++\n", "[".repeat(10_000)),
        ];
        for text in deep {
            let parsed = parse_file(&file("a.md", text.as_bytes()), &FileRole::Goal, &options());
            assert_eq!(invalid_span(&parsed), None);
        }
    }
}
