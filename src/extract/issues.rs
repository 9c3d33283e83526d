//! Issues: the export `gh issue list --json number,title,body,labels,assignees,milestone,state,url`
//! prints, and issue files (Markdown with frontmatter).
//!
//! Values come from `serde_json` (it unescapes strings correctly); spans
//! come from [`json_spans`], so a diagnostic on one issue of a one-line
//! export points at that issue's object. An issue whose metadata has the
//! wrong shape (no integer `number`, a label that is a string, `assignees`
//! that is not a list) is one [`Problem`] and no record: one defect, one
//! diagnostic. Every other issue of the file is still read.

use super::document::{self, section_fields};
use super::fields::{clamp_record, FieldNames};
use super::goal_links::{goal_lines, goal_links, IssueOptions};
use super::labelled::{self, KnownNames};
use super::problems::{too_many, Problems, MAX_EXPORT_ISSUES};
use crate::diagnostic::{EntityKind, Span};
use crate::model::{Field, Fields, Origin, Record, Task, Value, Values};
use crate::parse::json_spans::{self, Kind, StringMap, Tree};
use crate::parse::markdown::{self, Block};
use crate::parse::{char_at, content_start, frontmatter, Problem};
use rayon::prelude::*;
use std::borrow::Cow;

const EXPORT_HELP: &str = "write the file with `gh issue list --state all --limit 1000 --json number,title,body,labels,assignees,milestone,state,url`";

/// Parses an issue export: a JSON array of issue objects.
pub(crate) fn parse_export(
    text: &str,
    options: &FieldNames,
    issues: &IssueOptions,
) -> (Vec<Record>, Vec<Problem>) {
    read_export_up_to(text, options, issues, MAX_EXPORT_ISSUES)
}

/// [`parse_export`], reading at most `limit` issues.
fn read_export_up_to(
    text: &str,
    options: &FieldNames,
    issues: &IssueOptions,
    limit: usize,
) -> (Vec<Record>, Vec<Problem>) {
    let start = content_start(text);
    read_valid_export(text, start, options, issues, limit)
        .unwrap_or_else(|| read_by_full_scan(text, start, options, issues, limit))
}

/// The export read from one validating scan of the whole file: a syntax
/// error is reported where it is, and the issues before it are still read.
fn read_by_full_scan(
    text: &str,
    start: usize,
    options: &FieldNames,
    issues: &IssueOptions,
    limit: usize,
) -> (Vec<Record>, Vec<Problem>) {
    // Only the array and its elements: each element is scanned on its own
    // below, so the export never has a tree of all its values at once.
    let (tree, error) = json_spans::scan_items(text, start);
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let Some(root) = tree.get(0) else {
        let error = error.unwrap_or(json_spans::SyntaxError {
            at: start,
            message: "no JSON value".into(),
            eof: true,
        });
        problems.push(Problem {
            message: format!("the issue export is not JSON: {}", error.message),
            span: char_at(text, error.at),
            help: Some(EXPORT_HELP.into()),
        });
        return (records, problems);
    };
    if root.kind != Kind::Array {
        problems.push(Problem {
            message: format!(
                "the issue export must be a JSON array of issues, not {}",
                root.kind.describe()
            ),
            span: char_at(text, root.span.start),
            help: Some(EXPORT_HELP.into()),
        });
        return (records, problems);
    }
    let all_items = tree.children(0);
    let (items, not_read) = all_items.split_at(all_items.len().min(limit));
    // Past `limit` items the text is not read, as the split does not read
    // it: a syntax error there (even before another item starts) is where
    // the issues not read begin.
    let first_not_read = match not_read.first() {
        Some(&item) => tree.get(item).map(|node| node.span.start),
        // Where the split would have stopped: after the last item read
        // and its comma, or after the `[`.
        None => error
            .as_ref()
            .filter(|_| all_items.len() == limit)
            .map(|_| match items.last().and_then(|&item| tree.get(item)) {
                Some(last) => {
                    let after = json_spans::skip_whitespace(text.as_bytes(), last.span.end);
                    match text.as_bytes().get(after) {
                        Some(b',') => json_spans::skip_whitespace(text.as_bytes(), after + 1),
                        _ => after,
                    }
                }
                None => json_spans::skip_whitespace(text.as_bytes(), root.span.start + 1),
            }),
    };
    let too_many = first_not_read.map(|at| too_many_issues(text, at, limit));
    // Only the last element can be unfinished: the scan stopped in it.
    let error_reported = items
        .last()
        .and_then(|&item| tree.get(item))
        .is_some_and(|node| !node.complete);
    let read = read_elements(items, options, |known, position, &item| {
        let node = tree.get(item)?;
        let element = json_spans::scan_item(text, node);
        Some(if node.complete {
            issue(text, &element, position, options, known, issues)
        } else {
            Err(unfinished(text, &element, position, error.as_ref()))
        })
    });
    records = read.records;
    let mut bounded = read.problems;
    // Past the issues read, a syntax error is in what was not read.
    if let Some(error) = error.filter(|_| !error_reported && too_many.is_none()) {
        let message = if error.eof {
            "the issue export is truncated: the file ends before the array is closed".to_string()
        } else {
            format!("invalid JSON in the issue export: {}", error.message)
        };
        bounded.push(Problem {
            message,
            span: char_at(text, error.at),
            help: Some(EXPORT_HELP.into()),
        });
    }
    let mut problems = bounded.into_vec();
    problems.extend(too_many);
    (records, problems)
}

/// A valid export, read with no pass over the whole file but a split at
/// its items' brackets ([`json_spans::split_items`]): each item is then
/// scanned and read on every core. The records and problems are those
/// [`parse_export`]'s full scan gives. `None` when the array or any item
/// is not valid JSON: the full scan then says where, and which items
/// before it are still read.
fn read_valid_export(
    text: &str,
    start: usize,
    options: &FieldNames,
    issues: &IssueOptions,
    limit: usize,
) -> Option<(Vec<Record>, Vec<Problem>)> {
    let (spans, rest) = json_spans::split_items(text, start, limit)?;
    let read = read_elements(&spans, options, |known, position, span| {
        let element = json_spans::scan_span(text, span)?;
        Some(issue(text, &element, position, options, known, issues))
    });
    read.all_read.then(|| {
        let mut problems = read.problems.into_vec();
        problems.extend(rest.map(|at| too_many_issues(text, at, limit)));
        (read.records, problems)
    })
}

/// The problem of an export with more than `limit` issues, the first not
/// read at `at`.
fn too_many_issues(text: &str, at: usize, limit: usize) -> Problem {
    too_many(limit, char_at(text, at), "issues")
}

/// Elements read in turn, on every core, this many at a time: a file of
/// millions of malformed elements holds no more than this many problems
/// at once, and keeps the first few ([`Problems`]).
const ELEMENTS_AT_ONCE: usize = 16 * 1024;

/// An export's elements as [`read_elements`] reads them.
struct ReadElements {
    /// The issues, in export order.
    records: Vec<Record>,
    /// The problems, in export order: the first kept, the rest counted.
    problems: Problems,
    /// Whether every element could be read (`read` gave `Some`).
    all_read: bool,
}

/// Reads each element with `read` (given the job's known names, the
/// element's position and the element) on every core, in export order.
/// Known names are built once per rayon job, not per issue body (they
/// cache in a cell, which threads do not share).
fn read_elements<T: Sync>(
    elements: &[T],
    options: &FieldNames,
    read: impl Fn(&mut KnownNames, usize, &T) -> Option<Result<ReadIssue, Problem>> + Sync,
) -> ReadElements {
    let mut out = ReadElements {
        records: Vec::new(),
        problems: Problems::default(),
        all_read: true,
    };
    // Each chunk's issues, joined at the end into one list of the exact
    // size: the element count alone would reserve room for millions of
    // issues that a malformed file does not hold.
    let mut parts: Vec<Vec<Record>> = Vec::new();
    for (chunk_index, chunk) in elements.chunks(ELEMENTS_AT_ONCE).enumerate() {
        let offset = chunk_index * ELEMENTS_AT_ONCE;
        let outcomes: Vec<Option<Result<ReadIssue, Problem>>> = chunk
            .par_iter()
            .enumerate()
            .map_init(
                || KnownNames::new(options),
                |known, (at, element)| read(known, offset + at, element),
            )
            .collect();
        let mut records = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            match outcome {
                None => out.all_read = false,
                Some(Ok((record, cut))) => {
                    records.push(record);
                    if let Some(cut) = cut {
                        out.problems.push(cut);
                    }
                }
                Some(Err(problem)) => out.problems.push(problem),
            }
        }
        parts.push(records);
    }
    let mut records = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    parts.into_iter().for_each(|part| records.extend(part));
    out.records = records;
    out
}

/// The problem of the element the scan stopped in (`element` is its tree):
/// a syntax error in it, or the end of a truncated file.
fn unfinished(
    text: &str,
    element: &Tree,
    position: usize,
    error: Option<&json_spans::SyntaxError>,
) -> Problem {
    let name = element_name(text, element, element.member(text, 0, "number"), position);
    match error {
        Some(error) if !error.eof => Problem {
            message: format!("invalid JSON in {name}: {}", error.message),
            span: char_at(text, error.at),
            help: Some(format!("the issues after it are not read; {EXPORT_HELP}")),
        },
        _ => Problem {
            message: format!(
                "the issue export ends in the middle of {name}: the file is truncated"
            ),
            span: element
                .member(text, 0, "number")
                .filter(|&n| element.get(n).is_some_and(|n| n.complete))
                .map_or_else(
                    || char_at(text, element.span(0).start),
                    |n| element.member_span(n),
                ),
            help: Some(format!("the issues before it are checked; {EXPORT_HELP}")),
        },
    }
}

/// How messages name an element of the export: `issue #12`, or `element 3
/// of the export` when its number is not a plain integer. Written out only
/// into a message, which most issues never have.
#[derive(Clone, Copy)]
struct ElementName<'t> {
    number: Option<&'t str>,
    position: usize,
}

impl std::fmt::Display for ElementName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.number {
            Some(number) => write!(f, "issue #{number}"),
            None => write!(f, "element {} of the export", self.position + 1),
        }
    }
}

/// The name of the element at `position` whose `number` member is `number`.
fn element_name<'t>(
    text: &'t str,
    tree: &Tree,
    number: Option<usize>,
    position: usize,
) -> ElementName<'t> {
    let number = number
        .and_then(|n| tree.get(n))
        .filter(|n| n.kind == Kind::Number && n.complete)
        .and_then(|n| text.get(n.span.clone()))
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
    ElementName { number, position }
}

/// The byte offset in `slice` of a `serde_json` error's line and column.
pub(crate) fn error_offset(slice: &str, error: &serde_json::Error) -> usize {
    let line_start = slice
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    (line_start + error.column().saturating_sub(1)).min(slice.len())
}

/// What serde_json rejects in `slice` that the scanner accepted (a lone
/// surrogate, a number out of range, nesting past its limit), asked only
/// when [`json_spans::serde_may_reject`] says it might: the rejection and
/// its message stay serde_json's while every accepted value is read once.
pub(crate) fn serde_rejection(
    text: &str,
    nodes: &[json_spans::Node],
    slice: &str,
) -> Option<serde_json::Error> {
    if !json_spans::serde_may_reject(text, nodes) {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(slice).err()
}

/// Reads one JSON object of a scanned tree as an issue-like entity; shared
/// with the pull request. Values are decoded from their spans.
pub(crate) struct JsonObject<'a> {
    pub text: &'a str,
    pub tree: &'a Tree,
    pub node: usize,
    /// How messages name the object (`issue #12`).
    pub name: &'a dyn std::fmt::Display,
}

impl<'a> JsonObject<'a> {
    /// A member's kind and node (the last of repeated keys).
    fn member(&self, key: &str) -> Option<(Kind, usize)> {
        let node = self.tree.member(self.text, self.node, key)?;
        Some((self.tree.kind(node)?, node))
    }

    fn problem(&self, node: usize, message: String, help: &str) -> Problem {
        let span = self.tree.span(node);
        // A long value (a whole body) is pointed at by its first character.
        let span = if span.len() > 200 {
            char_at(self.text, span.start)
        } else {
            span
        };
        Problem {
            message,
            span,
            help: Some(help.to_string()),
        }
    }

    /// The decoded text of a string node. The caller has asked
    /// [`serde_rejection`] about the object, so decoding does not fail;
    /// should it, the problem says so instead of panicking.
    fn decoded(&self, node: usize, help: &str) -> Result<Cow<'a, str>, Problem> {
        json_spans::decode_string(self.text, &self.tree.span(node)).ok_or_else(|| {
            self.problem(
                node,
                format!(
                    "invalid JSON in {}: a string that cannot be decoded",
                    self.name
                ),
                help,
            )
        })
    }

    /// A string member: absent or null is `None`.
    pub fn string(&self, key: &str, help: &str) -> Result<Option<(Cow<'a, str>, usize)>, Problem> {
        match self.member(key) {
            None | Some((Kind::Null, _)) => Ok(None),
            Some((Kind::String, node)) => Ok(Some((self.decoded(node, help)?, node))),
            Some((other, node)) => Err(self.problem(
                node,
                format!(
                    "`{key}` of {} is {}, not a string",
                    self.name,
                    other.describe()
                ),
                help,
            )),
        }
    }

    /// A list of objects whose `inner` string is the value: `labels[].name`,
    /// `assignees[].login`. Absent or null is `None`.
    pub fn names(
        &self,
        key: &str,
        inner: &str,
        help: &str,
    ) -> Result<Option<(Field, usize)>, Problem> {
        let (kind, node) = match self.member(key) {
            None | Some((Kind::Null, _)) => return Ok(None),
            Some(found) => found,
        };
        if kind != Kind::Array {
            return Err(self.problem(
                node,
                format!(
                    "`{key}` of {} is {}, not a list of objects with a `{inner}`",
                    self.name,
                    kind.describe()
                ),
                help,
            ));
        }
        let items = self.tree.children(node);
        let mut values = Vec::with_capacity(items.len());
        for (index, &item_node) in items.iter().enumerate() {
            let name_node = self
                .tree
                .member(self.text, item_node, inner)
                .filter(|&n| self.tree.kind(n) == Some(Kind::String));
            let Some(name_node) = name_node else {
                let what = match self.tree.kind(item_node) {
                    Some(Kind::Object) => format!("an object without a `{inner}`"),
                    other => other.map_or("", Kind::describe).to_string(),
                };
                return Err(self.problem(
                    item_node,
                    format!(
                        "`{key}[{index}]` of {} is {what}, not an object with a `{inner}` string",
                        self.name
                    ),
                    help,
                ));
            };
            let text = self.decoded(name_node, help)?;
            let text = crate::text::trim(&text);
            if !text.is_empty() {
                values.push(Value {
                    text: text.into(),
                    place: self.tree.span(name_node).into(),
                });
            }
        }
        Ok(Some((
            Field::new(Origin::DataKey, self.tree.member_span(node), values),
            node,
        )))
    }

    /// A field of one string value, spanning the member.
    pub fn field(&self, text: &str, node: usize) -> Field {
        let text = crate::text::trim(text);
        let values = if text.is_empty() {
            Values::new()
        } else {
            smallvec::smallvec![Value {
                text: text.into(),
                place: self.tree.span(node).into(),
            }]
        };
        Field::new(Origin::DataKey, self.tree.member_span(node), values)
    }
}

/// An issue read from an export, and the problem of a body past the
/// Markdown planlint reads, if it is.
type ReadIssue = (Record, Option<Problem>);

/// One element of the export (`tree` is its own) as an issue record.
fn issue(
    text: &str,
    tree: &Tree,
    position: usize,
    options: &FieldNames,
    known: &KnownNames,
    issues: &IssueOptions,
) -> Result<ReadIssue, Problem> {
    let item = 0;
    let node = tree.get(item).ok_or_else(|| Problem {
        message: "internal: missing node".into(),
        span: 0..0,
        help: None,
    })?;
    let number_node = tree.member(text, item, "number");
    let name = element_name(text, tree, number_node, position);
    if node.kind != Kind::Object {
        return Err(Problem {
            message: format!("{name} is {}, not an issue object", node.kind.describe()),
            span: if node.span.len() > 200 {
                char_at(text, node.span.start)
            } else {
                node.span.clone()
            },
            help: Some(format!("each element is one issue; {EXPORT_HELP}")),
        });
    }
    let slice = text.get(node.span.clone()).unwrap_or("");
    if let Some(e) = serde_rejection(text, &tree.nodes, slice) {
        return Err(Problem {
            message: format!("invalid JSON in {name}: {e}"),
            span: char_at(text, node.span.start + error_offset(slice, &e)),
            help: Some(EXPORT_HELP.into()),
        });
    }
    let object = JsonObject {
        text,
        tree,
        node: item,
        name: &name,
    };
    let number = match number_node {
        Some(node) => match tree.integer(text, node) {
            Some(number) => number.to_string(),
            None => {
                return Err(object.problem(
                    node,
                    format!(
                        "the `number` of {name} is {}, not an integer",
                        match tree.kind(node) {
                            Some(Kind::Number) => "a fractional or too large number",
                            other => other.map_or("", Kind::describe),
                        }
                    ),
                    "an issue's `number` is its integer number, as `gh issue list --json number` prints it",
                ));
            }
        },
        None => {
            let (span, titled) = match object.string("title", EXPORT_HELP) {
                Ok(Some((title, node))) => (tree.member_span(node), format!(" (titled {title:?})")),
                _ => (char_at(text, node.span.start), String::new()),
            };
            return Err(Problem {
                message: format!("{name}{titled} has no `number`"),
                span,
                help: Some(format!("every issue needs its `number`: {EXPORT_HELP}")),
            });
        }
    };
    let number_node = number_node.unwrap_or(item);
    let label_help =
        "labels are objects with a `name`, as `gh issue list --json labels` prints them";
    let assignee_help =
        "assignees are objects with a `login`, as `gh issue list --json assignees` prints them";
    let mut fields = Fields::new();
    fields.insert(
        "number".into(),
        Field::new(
            Origin::DataKey,
            tree.member_span(number_node),
            smallvec::smallvec![Value {
                text: number.into(),
                place: tree.span(number_node).into(),
            }],
        ),
    );
    let title = object.string("title", EXPORT_HELP)?;
    if let Some((title, node)) = &title {
        fields.insert("title".into(), object.field(title, *node));
    }
    for key in ["state", "url"] {
        if let Some((value, node)) = object.string(key, EXPORT_HELP)? {
            fields.insert(key.into(), object.field(&value, node));
        }
    }
    let labels = object.names("labels", "name", label_help)?;
    let assignees = object.names("assignees", "login", assignee_help)?;
    let milestone = match object.member("milestone") {
        None | Some((Kind::Null, _)) => None,
        Some((Kind::Object, node)) => match tree.member(text, node, "title") {
            None => None,
            Some(title) => match tree.kind(title) {
                Some(Kind::String) => Some((object.decoded(title, EXPORT_HELP)?, title)),
                Some(Kind::Null) | None => None,
                Some(other) => {
                    return Err(object.problem(
                        node,
                        format!(
                            "the milestone `title` of {name} is {}, not a string",
                            other.describe()
                        ),
                        EXPORT_HELP,
                    ))
                }
            },
        },
        Some((other, node)) => {
            return Err(object.problem(
                node,
                format!(
                    "`milestone` of {name} is {}, not an object with a `title` or null",
                    other.describe()
                ),
                EXPORT_HELP,
            ))
        }
    };
    if let Some((title, node)) = milestone {
        fields.insert("milestone".into(), object.field(&title, node));
    }
    let mut facts = BodyFacts::default();
    if let Some((kind, node)) = object
        .member("body")
        .filter(|(kind, _)| *kind != Kind::Null)
    {
        let body_span = tree.span(node);
        // The map's text is the body, decoded once; serde_json decodes it
        // only if the map cannot (which [`serde_rejection`] rules out).
        let map = (kind == Kind::String)
            .then(|| StringMap::new(text, &body_span))
            .flatten();
        let body = match &map {
            Some(map) => Cow::Borrowed(map.text.as_str()),
            None => object
                .string("body", EXPORT_HELP)?
                .map_or(Cow::Borrowed(""), |(body, _)| body),
        };
        fields.insert("body".into(), object.field(&body, node));
        facts = read_body(&body, 0, options, known);
        facts.remap(|span| {
            map.as_ref()
                .and_then(|map| map.file_span(span))
                .unwrap_or_else(|| body_span.clone())
        });
    }
    let labels_field = labels.map(|(field, _)| field);
    let goal = goal_links(None, labels_field.as_ref(), &facts.goals, issues, text);
    if let Some(labels) = labels_field {
        fields.insert("labels".into(), labels);
    }
    if let Some((assignees, _)) = assignees {
        fields.insert("assignees".into(), assignees);
    }
    let cut = facts.cut.take();
    facts.insert_into(&mut fields);
    if let Some(goal) = goal {
        fields.insert("goal".into(), goal);
    }
    let mut record = Record {
        kind: EntityKind::Issue,
        span: node.span.clone(),
        anchor: tree.member_span(number_node),
        title: title
            .map(|(t, _)| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        fields,
    };
    clamp_record(text, &mut record);
    Ok((record, cut))
}

/// An issue file: a Markdown document with frontmatter (`number`, `title`,
/// `assignees`, `labels`, `goal`, `state`). Without `number`, the model
/// names the issue by its file stem.
pub(crate) fn parse_issue_file(
    text: &str,
    options: &FieldNames,
    issues: &IssueOptions,
) -> (Vec<Record>, Vec<Problem>) {
    let (mut record, problems) = document::read(text, EntityKind::Issue, options);
    let body_start = frontmatter::split(text, content_start(text)).body;
    let facts = read_body(text, body_start, options, &KnownNames::new(options));
    // A `## Goal` section is prose, not a link: links are a `goal` field, a
    // `goal:` label or a `Goal: <id>` line.
    let goal = record.fields.remove("goal").filter(|field| {
        !text
            .get(field.span())
            .is_some_and(|s| s.trim_start().starts_with('#'))
    });
    // Tasks are the task-list items of the whole body, not a `## Tasks` section.
    record.fields.remove("tasks");
    if !record.fields.contains_key("title") {
        if let Some(title) = &record.title {
            record.fields.insert(
                "title".into(),
                Field::new(
                    Origin::Title,
                    record.anchor.clone(),
                    smallvec::smallvec![Value {
                        text: title.as_str().into(),
                        place: record.anchor.clone().into(),
                    }],
                ),
            );
        }
    } else if let Some(value) = record.fields.get("title").and_then(|f| f.values.first()) {
        record.title = Some(value.text.to_string());
    }
    let goal = goal_links(
        goal.as_ref(),
        record.fields.get("labels"),
        &facts.goals,
        issues,
        text,
    );
    let mut facts = facts;
    facts.goals.clear();
    // The document's own done section (or `done_when` field) stays as parsed.
    if record.fields.contains_key("done_when") {
        facts.done_when = None;
    }
    facts.insert_into(&mut record.fields);
    if let Some(goal) = goal {
        record.fields.insert("goal".into(), goal);
    }
    clamp_record(text, &mut record);
    (vec![record], problems)
}

/// What an issue or pull request body says, with spans.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BodyFacts {
    /// `Goal: <id>` lines, one value per id.
    pub goals: Vec<Value>,
    /// Sections whose heading means done criteria, merged.
    pub done_when: Option<Field>,
    /// Every task-list item.
    pub tasks: Vec<Task>,
    /// The problem of a body past the Markdown read from one document.
    pub cut: Option<Problem>,
}

impl BodyFacts {
    /// Moves every span (from the decoded body to the file).
    pub fn remap(&mut self, map: impl Fn(&Span) -> Span) {
        if let Some(cut) = &mut self.cut {
            cut.span = map(&cut.span);
        }
        for value in &mut self.goals {
            value.place = map(&value.span()).into();
        }
        for task in &mut self.tasks {
            task.place = map(&task.span()).into();
        }
        if let Some(field) = &mut self.done_when {
            field.place = map(&field.span()).into();
            for value in &mut field.values {
                value.place = map(&value.span()).into();
            }
            for task in &mut field.tasks {
                task.place = map(&task.span()).into();
            }
        }
    }

    /// Adds `done_when` and `tasks` (when there are any) to the fields.
    pub fn insert_into(self, fields: &mut Fields) {
        if let Some(done) = self.done_when {
            fields.insert("done_when".into(), done);
        }
        if let Some(first) = self.tasks.first() {
            let span = first.span().start..self.tasks.last().map_or(first.span().end, |last| {
                last.span().end.max(first.span().start)
            });
            fields.insert(
                "tasks".into(),
                Field {
                    place: span.into(),
                    values: self
                        .tasks
                        .iter()
                        .map(|task| Value {
                            text: task.text.clone(),
                            place: task.place,
                        })
                        .collect(),
                    tasks: self.tasks.into(),
                    origin: Origin::Body,
                    mapped: false,
                },
            );
        }
    }
}

/// Reads the Markdown body in `text[start..]`; spans are offsets in `text`.
/// Done criteria are a section (`## Done when`, `### Acceptance criteria`)
/// or a labelled line anywhere (`**Done when:** ...`, `- Done when:` with
/// items under it), as in goal documents.
pub(crate) fn read_body(
    text: &str,
    start: usize,
    options: &FieldNames,
    known: &KnownNames,
) -> BodyFacts {
    let (blocks, cut) = markdown::blocks(text, start);
    let tasks: Vec<Task> = blocks
        .iter()
        .filter_map(Block::task)
        .map(Task::from)
        .collect();
    let mut done_when = section_fields(
        &blocks,
        0..blocks.len(),
        None,
        options,
        &KnownNames::new(options),
    )
    .remove("done_when");
    for found in labelled::field_lines_named(&blocks, options, known, "done_when") {
        match &mut done_when {
            Some(field) => {
                field.values.extend(found.field.values);
                field.tasks.extend(found.field.tasks);
            }
            None => done_when = Some(found.field),
        }
    }
    BodyFacts {
        goals: goal_lines(text, start),
        done_when,
        tasks,
        cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_support::{hostile_text, texts};
    use crate::extract::{read_file, read_file_with, FileRole};
    use crate::parse::SourceFile;
    use proptest::prelude::*;

    fn options() -> FieldNames {
        FieldNames::new(crate::config::Config::default().aliases())
    }

    fn export(text: &str) -> (Vec<Record>, Vec<Problem>) {
        parse_export(text, &options(), &IssueOptions::default())
    }

    fn spans<'a>(text: &'a str, record: &Record, name: &str) -> Vec<&'a str> {
        record.fields[name]
            .values
            .iter()
            .map(|v| &text[v.span()])
            .collect()
    }

    const ONE_LINE: &str = r#"[{"assignees":[{"id":"MDQ6","login":"alice","name":"Alice"}],"body":"Ships the new flow.\r\n\r\nGoal: G-107\r\n\r\n## Done when\r\n- [ ] 40% activate\r\n- [x] emails \"switched\"","labels":[{"id":"LA_1","name":"goal:G-108","description":"","color":"ededed"},{"id":"LA_2","name":"epic","description":"","color":"ededed"}],"milestone":{"number":3,"title":"2026-Q4","description":"","dueOn":null},"number":12,"state":"OPEN","title":"Onboarding — nouvelle étape 🚀","url":"https://github.com/acme/plan/issues/12"},{"assignees":[],"body":"","labels":[],"milestone":null,"number":13,"state":"CLOSED","title":"Fix","url":"https://github.com/acme/plan/issues/13"}]"#;

    #[test]
    fn an_export_past_its_limit_keeps_the_first_issues_and_says_where_the_rest_start() {
        let valid = r#"[{"number": 1}, {"number": 2},
 {"number": 3}, {"number": 4}]"#;
        // Cut off in the part not read: the syntax error there is not reported.
        let broken = r#"[{"number": 1}, {"number": 2},
 {"number": 3}, {"number": 4"#;
        // Broken before the limit: the full scan reads what it can.
        let early = r#"[{"number": 1}, x, {"number": 2},
 {"number": 3}]"#;
        for text in [valid, broken] {
            let (records, problems) =
                read_export_up_to(text, &options(), &IssueOptions::default(), 2);
            let numbers: Vec<&str> = records
                .iter()
                .map(|r| &*r.fields["number"].values[0].text)
                .collect();
            assert_eq!(numbers, ["1", "2"], "{text}");
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(
                problems[0].message,
                "this file holds more than 2 issues, the most planlint reads from one file; the rest, from here on, are not read"
            );
            assert_eq!(&text[problems[0].span.clone()], "{", "{text}");
            assert_eq!(problems[0].span.start, text.find("{\"number\": 3").unwrap());
        }
        let (records, problems) = read_export_up_to(early, &options(), &IssueOptions::default(), 2);
        assert_eq!(records.len(), 1);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("invalid JSON"), "{messages:?}");
        // At the limit exactly: everything read, nothing said.
        let (records, problems) = read_export_up_to(valid, &options(), &IssueOptions::default(), 4);
        assert_eq!((records.len(), problems.len()), (4, 0));
    }

    #[test]
    fn a_one_line_gh_export_with_exact_spans() {
        let (records, problems) = export(ONE_LINE);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first.kind, EntityKind::Issue);
        assert_eq!(
            first.title.as_deref(),
            Some("Onboarding — nouvelle étape 🚀")
        );
        assert_eq!(&ONE_LINE[first.anchor.clone()], r#""number":12"#);
        assert!(ONE_LINE[first.span.clone()].starts_with(r#"{"assignees""#));
        assert!(ONE_LINE[first.span.clone()].ends_with(r#"issues/12"}"#));
        assert_eq!(texts(first, "number"), ["12"]);
        assert_eq!(spans(ONE_LINE, first, "number"), ["12"]);
        assert_eq!(texts(first, "title"), ["Onboarding — nouvelle étape 🚀"]);
        assert_eq!(
            spans(ONE_LINE, first, "title"),
            ["\"Onboarding — nouvelle étape 🚀\""]
        );
        assert_eq!(texts(first, "state"), ["OPEN"]);
        assert_eq!(texts(first, "assignees"), ["alice"]);
        assert_eq!(spans(ONE_LINE, first, "assignees"), ["\"alice\""]);
        assert_eq!(texts(first, "labels"), ["goal:G-108", "epic"]);
        assert_eq!(
            spans(ONE_LINE, first, "labels"),
            ["\"goal:G-108\"", "\"epic\""]
        );
        assert_eq!(texts(first, "milestone"), ["2026-Q4"]);
        assert_eq!(spans(ONE_LINE, first, "milestone"), ["\"2026-Q4\""]);
        assert_eq!(
            texts(first, "url"),
            ["https://github.com/acme/plan/issues/12"]
        );
        // Labels first, then body lines; spans point inside the escaped body.
        assert_eq!(texts(first, "goal"), ["G-108", "G-107"]);
        assert_eq!(spans(ONE_LINE, first, "goal"), ["\"goal:G-108\"", "G-107"]);
        let done = &first.fields["done_when"];
        assert_eq!(&ONE_LINE[done.span()], "## Done when");
        assert_eq!(done.tasks.len(), 2);
        let tasks = &first.fields["tasks"];
        assert_eq!(
            texts(first, "tasks"),
            ["40% activate", "emails \"switched\""]
        );
        assert_eq!(
            &ONE_LINE[tasks.tasks[1].span()],
            r#"- [x] emails \"switched\""#
        );
        assert!(tasks.tasks[1].checked && !tasks.tasks[0].checked);

        let second = &records[1];
        assert_eq!(texts(second, "number"), ["13"]);
        assert_eq!(texts(second, "state"), ["CLOSED"]);
        // Empty assignees: the field is there with no value; null milestone: absent.
        assert!(second.fields["assignees"].values.is_empty());
        assert_eq!(
            &ONE_LINE[second.fields["assignees"].span()],
            r#""assignees":[]"#
        );
        assert!(!second.fields.contains_key("milestone"));
        assert!(!second.fields.contains_key("goal"));
        assert!(!second.fields.contains_key("tasks"));
        assert!(!second.fields.contains_key("done_when"));
    }

    #[test]
    fn pretty_printed_and_key_order_free() {
        let text = "[\n  {\n    \"url\": \"u\",\n    \"title\": \"T\",\n    \"state\": \"OPEN\",\n    \"number\": 7,\n    \"extra\": {\"nested\": [1, 2]},\n    \"labels\": [ { \"name\": \"Goal: G-1\" } ]\n  }\n]\n";
        let (records, problems) = export(text);
        assert!(problems.is_empty(), "{problems:?}");
        let record = &records[0];
        assert_eq!(&text[record.anchor.clone()], "\"number\": 7");
        assert_eq!(texts(record, "goal"), ["G-1"]);
        assert!(!record.fields.contains_key("extra"));
        assert!(!record.fields.contains_key("assignees"));
    }

    #[test]
    fn escapes_in_values_are_decoded() {
        let text = r#"[{"number": 1, "title": "say \"hi\" \\ \u00e9\ud83d\ude80", "assignees": [{"login": "b\u006fb"}], "body": "**Goal:** `G-9`, [G-10](https://x) and G-11 (later)"}]"#;
        let (records, problems) = export(text);
        assert!(problems.is_empty(), "{problems:?}");
        let record = &records[0];
        assert_eq!(record.title.as_deref(), Some("say \"hi\" \\ é🚀"));
        assert_eq!(texts(record, "assignees"), ["bob"]);
        assert_eq!(texts(record, "goal"), ["G-9", "G-10", "G-11"]);
        assert_eq!(spans(text, record, "goal"), ["G-9", "G-10", "G-11"]);
    }

    #[test]
    fn done_criteria_as_sections_or_labelled_lines() {
        let cases = [
            ("## Done when\n- a\n", vec!["a"]),
            (
                "Intro.\n\n### Acceptance criteria\nInvoices go out.\n",
                vec!["Invoices go out."],
            ),
            ("**Done when:** 40% activate\n", vec!["40% activate"]),
            (
                "Some text.\n\nDefinition of done: all green\n",
                vec!["all green"],
            ),
            ("- Done when:\n  - one\n  - two\n", vec!["one", "two"]),
            ("Nothing here.\n\n## Notes\n- n\n", vec![]),
        ];
        for (body, expected) in cases {
            let options = options();
            let facts = read_body(body, 0, &options, &KnownNames::new(&options));
            let found: Vec<String> = facts
                .done_when
                .map(|f| f.values.into_iter().map(|v| v.text.to_string()).collect())
                .unwrap_or_default();
            assert_eq!(found, expected, "{body:?}");
        }
    }

    #[test]
    fn a_label_prefix_is_configurable_and_empty_turns_labels_off() {
        let text =
            r#"[{"number": 1, "labels": [{"name": "goal:G-1"}, {"name": "Objective/G-2"}]}]"#;
        let custom = IssueOptions {
            goal_label_prefix: "objective/".into(),
        };
        let (records, _) = parse_export(text, &options(), &custom);
        assert_eq!(texts(&records[0], "goal"), ["G-2"]);
        let off = IssueOptions {
            goal_label_prefix: String::new(),
        };
        let (records, _) = parse_export(text, &options(), &off);
        assert!(!records[0].fields.contains_key("goal"));
    }

    #[test]
    fn truncated_exports_keep_the_issues_before_the_cut() {
        let text = r#"[{"number": 1, "title": "a"}, {"number": 2, "title": "b"}, {"number": 3, "title": "cu"#;
        let (records, problems) = export(text);
        assert_eq!(records.len(), 2);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "the issue export ends in the middle of issue #3: the file is truncated"
        );
        assert_eq!(&text[problems[0].span.clone()], "\"number\": 3");
        let text = r#"[{"number": 1}, "#;
        let (records, problems) = export(text);
        assert_eq!(records.len(), 1);
        assert!(problems[0].message.contains("truncated"), "{problems:?}");
        assert_eq!(problems[0].span, text.len()..text.len());
        let text = r#"[{"title": "#;
        let (records, problems) = export(text);
        assert!(records.is_empty());
        assert!(problems[0].message.contains("element 1"), "{problems:?}");
    }

    #[test]
    fn a_syntax_error_mid_file_is_located() {
        let text = "[{\"number\": 1},\n {\"number\": 2 \"title\": \"x\"},\n {\"number\": 3}]";
        let (records, problems) = export(text);
        assert_eq!(records.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("invalid JSON in issue #2: expected `,` or `}`"),
            "{problems:?}"
        );
        assert_eq!(&text[problems[0].span.clone()], "\"");
        let text = "[{\"number\": 1}] trailing";
        let (records, problems) = export(text);
        assert_eq!(records.len(), 1);
        assert_eq!(&text[problems[0].span.clone()], "t");
    }

    #[test]
    fn wrong_shapes_are_problems_at_the_value_and_other_issues_stay() {
        let text = r#"[
{"number": 1, "labels": ["epic"]},
{"number": 2, "assignees": {"login": "a"}},
{"title": "No number"},
{"number": "4"},
{"number": 5.5},
"just a string",
{"number": 7, "milestone": "2026-Q4"},
{"number": 8, "labels": [{"color": "fff"}]},
{"number": 9, "title": 9},
{"number": 10, "assignees": [{"login": "ok"}], "state": "OPEN"}
]"#;
        let (records, problems) = export(text);
        let ids: Vec<&str> = records.iter().map(|r| texts(r, "number")[0]).collect();
        assert_eq!(ids, ["10"]);
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.message.as_str(), &text[p.span.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "`labels[0]` of issue #1 is a string, not an object with a `name` string",
                    "\"epic\""
                ),
                (
                    "`assignees` of issue #2 is an object, not a list of objects with a `login`",
                    "{\"login\": \"a\"}"
                ),
                (
                    "element 3 of the export (titled \"No number\") has no `number`",
                    "\"title\": \"No number\""
                ),
                ("the `number` of element 4 of the export is a string, not an integer", "\"4\""),
                (
                    "the `number` of element 5 of the export is a fractional or too large number, not an integer",
                    "5.5"
                ),
                ("element 6 of the export is a string, not an issue object", "\"just a string\""),
                (
                    "`milestone` of issue #7 is a string, not an object with a `title` or null",
                    "\"2026-Q4\""
                ),
                (
                    "`labels[0]` of issue #8 is an object without a `name`, not an object with a `name` string",
                    "{\"color\": \"fff\"}"
                ),
                ("`title` of issue #9 is a number, not a string", "9"),
            ]
        );
        assert!(problems.iter().all(|p| p.help.is_some()));
    }

    #[test]
    fn non_arrays_and_non_json() {
        for (text, message) in [
            (
                "{\"number\": 1}",
                "must be a JSON array of issues, not an object",
            ),
            ("", "not JSON"),
            ("nope", "not JSON"),
            ("\u{feff}42", "not a number"),
        ] {
            let (records, problems) = export(text);
            assert!(records.is_empty());
            assert_eq!(problems.len(), 1, "{text:?}");
            let _ = message;
        }
        let (_, problems) = export("{\"number\": 1}");
        assert!(problems[0]
            .message
            .contains("must be a JSON array of issues, not an object"));
        assert_eq!(problems[0].span, 0..1);
        let (records, problems) = export("\u{feff}[]");
        assert!(records.is_empty() && problems.is_empty());
    }

    #[test]
    fn lone_surrogates_are_an_error_for_that_issue_only() {
        let text = r#"[{"number": 1, "title": "\ud800"}, {"number": 2}]"#;
        let (records, problems) = export(text);
        assert_eq!(records.len(), 1);
        assert!(
            problems[0].message.starts_with("invalid JSON in issue #1"),
            "{problems:?}"
        );
    }

    #[test]
    fn issue_files_read_frontmatter_labels_body_and_tasks() {
        let text = "---\nnumber: 42\ntitle: Raise activation\nassignees: [alice]\nlabels: [epic, \"goal:G-2\"]\ngoal: G-1, G-3\nstate: open\n---\n# Ignored heading\n\nGoal: G-4\n\n## Goal\nMake it better.\n\n## Plan\n- [ ] one\n- [x] two\n";
        let (records, problems) = parse_issue_file(text, &options(), &IssueOptions::default());
        assert!(problems.is_empty(), "{problems:?}");
        let record = &records[0];
        assert_eq!(record.kind, EntityKind::Issue);
        assert_eq!(record.title.as_deref(), Some("Raise activation"));
        assert_eq!(texts(record, "number"), ["42"]);
        assert_eq!(texts(record, "assignees"), ["alice"]);
        assert_eq!(texts(record, "goal"), ["G-1", "G-3", "G-2", "G-4"]);
        assert_eq!(
            spans(text, record, "goal"),
            ["G-1", "G-3", "\"goal:G-2\"", "G-4"]
        );
        assert_eq!(texts(record, "tasks"), ["one", "two"]);
        assert_eq!(&text[record.fields["tasks"].tasks[0].span()], "- [ ] one");
        assert!(!record.fields.contains_key("done_when"));
    }

    #[test]
    fn a_body_past_the_markdown_read_is_read_to_its_cut_and_a_problem_points_there() {
        let marks = crate::parse::MAX_MARKDOWN_MARKS;
        let text = format!(
            r###"[{{"number": 1, "body": "## Done when\n- [ ] ship\n{}\n- [ ] more"}}, {{"number": 2}}]"###,
            "*a".repeat(marks)
        );
        let (records, problems) = export(&text);
        assert_eq!(records.len(), 2);
        assert_eq!(texts(&records[0], "done_when"), ["ship"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0]
            .message
            .starts_with("this document holds more than 1,000,000 Markdown marks"));
        let first_mark = text.find("*a").unwrap();
        assert_eq!(problems[0].span, first_mark..first_mark + 1);
    }

    #[test]
    fn issue_files_without_frontmatter_number_and_with_done_sections() {
        let text = "# Epic: billing\n\n**Assignee:** @carol\n\n## Acceptance criteria\n- invoices are sent\n";
        let (records, problems) = parse_issue_file(text, &options(), &IssueOptions::default());
        assert!(problems.is_empty(), "{problems:?}");
        let record = &records[0];
        assert!(!record.fields.contains_key("number"));
        assert_eq!(texts(record, "assignees"), ["@carol"]);
        assert_eq!(texts(record, "done_when"), ["invoices are sent"]);
        assert_eq!(texts(record, "title"), ["Epic: billing"]);
        assert!(!record.fields.contains_key("tasks"));
    }

    #[test]
    fn parse_file_dispatches_issue_roles() {
        let file = SourceFile {
            path: "planning/issues.json".into(),
            bytes: br#"[{"number": 3, "title": "x"}]"#.to_vec(),
        };
        let parsed = read_file(&file, &FileRole::IssueExport, &options());
        assert_eq!(parsed.records.len(), 1);
        let file = SourceFile {
            path: "planning/issues/a.md".into(),
            bytes: b"---\nlabels: [\"okr:G-1\"]\n---\n# A\n".to_vec(),
        };
        let custom = IssueOptions {
            goal_label_prefix: "OKR:".into(),
        };
        let parsed = read_file_with(file, &FileRole::IssueFile, &options(), &custom);
        assert_eq!(texts(&parsed.records[0], "goal"), ["G-1"]);
        let bad = SourceFile {
            path: "planning/issues.json".into(),
            bytes: b"\xff[]".to_vec(),
        };
        let parsed = read_file(&bad, &FileRole::IssueExport, &options());
        assert!(parsed.records.is_empty());
        assert!(parsed.problems[0].message.contains("UTF-8"));
    }

    /// A large export parses whole.
    #[test]
    fn ten_thousand_issues_parse() {
        let mut text = String::from("[");
        for n in 1..=10_000 {
            if n > 1 {
                text.push(',');
            }
            text.push_str(&format!(
                r#"{{"assignees":[{{"login":"u{n}"}}],"body":"Goal: G-{n}\r\n- [ ] a\r\n- [ ] b","labels":[{{"name":"epic"}}],"milestone":null,"number":{n},"state":"OPEN","title":"Issue {n}","url":"https://x/{n}"}}"#
            ));
        }
        text.push(']');
        let (records, problems) = export(&text);
        assert!(problems.is_empty());
        assert_eq!(records.len(), 10_000);
        // Read on every core, kept in export order.
        let numbers: Vec<String> = records
            .iter()
            .map(|r| texts(r, "number")[0].to_string())
            .collect();
        let expected: Vec<String> = (1..=10_000).map(|n: u32| n.to_string()).collect();
        assert_eq!(numbers, expected);
    }

    /// Problems and records of many elements keep export order whichever
    /// core reads each element, across the chunks read in turn.
    #[test]
    fn problems_keep_export_order() {
        let elements = 2 * ELEMENTS_AT_ONCE + 100;
        let mut text = String::from("[");
        for n in 1..=elements {
            if n > 1 {
                text.push(',');
            }
            if n % 400 == 0 {
                text.push_str(&format!(r#"{{"number": {n}, "title": {n}}}"#));
            } else {
                text.push_str(&format!(r#"{{"number": {n}}}"#));
            }
        }
        text.push_str(&format!(r#", {{"number": {}, "title": "cut"#, elements + 1));
        let (records, problems) = export(&text);
        let bad = elements / 400;
        assert_eq!(records.len(), elements - bad);
        assert!(records
            .windows(2)
            .all(|w| w[0].span.start < w[1].span.start));
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), bad + 1);
        assert_eq!(
            messages[0],
            "`title` of issue #400 is a number, not a string"
        );
        assert_eq!(
            messages[bad - 1],
            format!("`title` of issue #{} is a number, not a string", bad * 400)
        );
        assert_eq!(
            messages[bad],
            format!(
                "the issue export ends in the middle of issue #{}: the file is truncated",
                elements + 1
            )
        );
        assert!(problems
            .windows(2)
            .all(|w| w[0].span.start < w[1].span.start));
    }

    /// Past the first hundred, an export's problems are counted, not kept:
    /// the count says how many and points at the first not reported.
    #[test]
    fn an_export_of_malformed_elements_reports_a_hundred_and_counts_the_rest() {
        let text = format!("[{}]", vec!["{}"; ELEMENTS_AT_ONCE + 5].join(","));
        let (records, problems) = export(&text);
        assert!(records.is_empty());
        assert_eq!(problems.len(), 101);
        assert_eq!(
            problems[99].message,
            "element 100 of the export has no `number`"
        );
        assert_eq!(
            problems[100].message,
            format!(
                "{} more problems in this file are not reported one by one",
                crate::parse::thousands(ELEMENTS_AT_ONCE + 5 - 100)
            )
        );
        // Element 101 starts after 100 elements of `{}` and their commas.
        assert_eq!(problems[100].span, 301..302);
    }

    /// The syntax error after the elements is one more problem for the
    /// same count, not a second count.
    #[test]
    fn a_syntax_error_after_many_problems_is_counted_with_them() {
        let text = format!("[{}] x", vec!["{}"; 150].join(","));
        let (_, problems) = export(&text);
        assert_eq!(problems.len(), 101);
        assert_eq!(
            problems[100].message,
            "51 more problems in this file are not reported one by one"
        );
    }

    const FRAGMENTS: &[&str] = &[
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "d83d",
        "\\ud83d\\ude80",
        "\\n",
        "\"number\"",
        "\"labels\"",
        "\"assignees\"",
        "\"name\"",
        "\"login\"",
        "\"body\"",
        "\"milestone\"",
        "\"title\"",
        "1",
        "-",
        "0",
        ".5",
        "e9",
        "null",
        "true",
        " ",
        "\n",
        "é",
        "🚀",
        "\"goal:G-1\"",
        "Goal: G-2",
        "- [ ] ",
        "## Done when",
        "\\r\\n",
    ];

    /// Valid JSON elements of an export, issues or not: each makes a
    /// record or a problem.
    const ELEMENTS: &[&str] = &[
        r#"{"number":1,"title":"A","body":"Goal: G-1\n- [ ] x","labels":[{"name":"goal:G-1"}]}"#,
        r#"{"title":"no number","body":null}"#,
        r#"{"number":2.5}"#,
        r#"{"number":3,"labels":"bug"}"#,
        r#"{"number":4,"assignees":[{"name":"x"}]}"#,
        r#"{"number":5,"title":"\ud800"}"#,
        r#"{"number":6,"milestone":{"title":7}}"#,
        r#" 7 "#,
        r#""an issue""#,
        r#"[{"number":8}]"#,
        r#"null"#,
    ];

    /// An export whose every field holds arbitrary text, as `gh` writes it.
    fn export_with_hostile_fields() -> impl Strategy<Value = String> {
        let issue = (
            1..1_000_000u32,
            [hostile_text(16), hostile_text(40), hostile_text(8)],
            proptest::collection::vec(hostile_text(12), 0..3),
            proptest::collection::vec(hostile_text(8), 0..3),
            proptest::option::of(hostile_text(10)),
        )
            .prop_map(|(number, [title, body, state], labels, logins, milestone)| {
                serde_json::json!({
                    "number": number,
                    "title": title,
                    "body": body,
                    "state": state,
                    "labels": labels.iter().map(|name| serde_json::json!({"name": name})).collect::<Vec<_>>(),
                    "assignees": logins.iter().map(|login| serde_json::json!({"login": login})).collect::<Vec<_>>(),
                    "milestone": milestone.map(|title| serde_json::json!({"title": title})),
                })
            });
        proptest::collection::vec(issue, 0..4)
            .prop_map(|issues| serde_json::Value::Array(issues).to_string())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn fields_holding_any_unicode_are_read_whole(text in export_with_hostile_fields()) {
            let (records, problems) = export(&text);
            prop_assert!(problems.is_empty(), "{:?}", problems);
            let issues: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
            prop_assert_eq!(records.len(), issues.len());
            for (record, issue) in records.iter().zip(&issues) {
                let title = issue["title"].as_str().map(str::trim).filter(|t| !t.is_empty());
                prop_assert_eq!(record.title.as_deref(), title);
                for field in record.fields.values() {
                    for value in &field.values {
                        prop_assert!(text.get(value.span()).is_some(), "{:?} in {}", value, text);
                    }
                }
            }
        }
    }

    proptest! {
        /// Read item by item, a valid export gives what the full scan gives;
        /// any other text is left to the full scan.
        #[test]
        fn the_split_export_reads_as_the_full_scan(
            text in prop_oneof![
                export_with_hostile_fields(),
                proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..60)
                    .prop_map(|parts| parts.concat()),
                proptest::collection::vec(proptest::sample::select(ELEMENTS), 0..6)
                    .prop_map(|elements| format!("[{}]", elements.join(","))),
            ],
            limit in prop_oneof![Just(usize::MAX), 0usize..6],
        ) {
            let (options, issues) = (options(), IssueOptions::default());
            let start = content_start(&text);
            let valid = serde_json::from_str::<serde_json::Value>(&text)
                .is_ok_and(|value| value.is_array());
            match read_valid_export(&text, start, &options, &issues, limit) {
                Some(split) => {
                    let scanned = read_by_full_scan(&text, start, &options, &issues, limit);
                    prop_assert_eq!(split, scanned);
                }
                // Past the limit, what is not read is not validated either.
                None => prop_assert!(!valid, "a valid export took the full scan: {:?}", text),
            }
        }

        #[test]
        fn never_panics_and_spans_stay_inside(parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..60)) {
            let text = parts.concat();
            let (records, problems) = export(&text);
            for problem in &problems {
                prop_assert!(text.get(problem.span.clone()).is_some(), "{:?}", problem);
            }
            for record in &records {
                prop_assert!(text.get(record.span.clone()).is_some());
                prop_assert!(text.get(record.anchor.clone()).is_some());
                for field in record.fields.values() {
                    prop_assert!(text.get(field.span()).is_some());
                    for value in &field.values {
                        prop_assert!(text.get(value.span()).is_some(), "{:?} in {}", value, text);
                    }
                    for task in &field.tasks {
                        prop_assert!(text.get(task.span()).is_some());
                    }
                }
            }
        }
    }
}
