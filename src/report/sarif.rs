//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use super::{fingerprint, repository_path, Report, RuleMeta};
use crate::diagnostic::{is_pseudo_path, Diagnostic, EntityRef, Level};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// Only when findings were left out: says how many, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    invocations: Option<[Invocation; 1]>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: [Notification; 1],
}

#[derive(Serialize)]
struct Notification {
    level: Level,
    message: OwnedText,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    help: Help<'a>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct Help<'a> {
    text: Cow<'a, str>,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: Level,
}

/// What GitHub code scanning reads from a rule's property bag: tags to
/// filter by, how far to trust a finding, and how serious it is.
#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    problem: Problem,
}

#[derive(Serialize)]
struct Problem {
    severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    /// Absent for a rule the report has no metadata for.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: Level,
    message: Text<'a>,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    properties: Properties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// GitHub tracks an alert across commits by `primaryLocationLineHash`, and
/// computes one from the flagged line's text when the log has none (so an
/// edit to that line would close the alert and open another). Ours is the
/// baseline's key, hashed, with `:N` counting repeats of one key in the
/// run, in the form GitHub's own upload action writes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    entity: &'a EntityRef,
    /// The diagnostic's own help; the rule's general help is on the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// GitHub code scanning rejects a whole upload whose run holds more results
/// than this (it stores the 5,000 most severe of those it accepts).
pub const MAX_RESULTS: usize = 25_000;

/// Where built-in rules are documented: their rule file in planlint's repository.
const RULE_DOCS: &str = "https://github.com/planlint/planlint/blob/main/rules/";

/// One run; rules in report order, results in diagnostic order.
///
/// `artifactLocation.uri` is relative to the repository's root (each path
/// gets `path_prefix`, the plan's root in the repository), with `uriBaseId`
/// `%SRCROOT%` and no `originalUriBaseIds`: GitHub code scanning matches a
/// result to a file by its repository-relative `uri` (as CodeQL writes it)
/// and does not resolve a base id's `originalUriBaseIds` entry, so a
/// plan-relative `uri` with a base pointing at the plan's folder would leave
/// alerts unattached whenever the plan lives in a subfolder.
///
/// Code scanning rejects a whole upload when one result lacks a physical
/// location, so findings about the pull request itself (no file) are left
/// out; the `github` format's annotations and summary carry them. It also
/// rejects a run of more than [`MAX_RESULTS`] results: past that, errors are
/// kept before warnings (each in report order) and a notification on the
/// run says how many were left out.
pub fn render(report: &Report, path_prefix: &str) -> String {
    let rule_index: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| (rule.id.as_str(), i))
        .collect();
    let located: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| !is_pseudo_path(&d.path))
        .collect();
    let (kept, left_out) = most_severe(located, MAX_RESULTS);
    let mut repeats: HashMap<String, usize> = HashMap::new();
    let results = kept
        .into_iter()
        .map(|d| {
            let key = fingerprint(d);
            let seen = repeats.entry(key.clone()).or_insert(0);
            *seen += 1;
            let index = rule_index.get(&*d.rule).copied();
            result(d, index, path_prefix, format!("{key}:{seen}"))
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "planlint",
                    version: report.tool_version,
                    information_uri: "https://github.com/planlint/planlint",
                    rules: report.rules.iter().map(rule).collect(),
                },
            },
            invocations: (left_out > 0).then(|| {
                [Invocation {
                    execution_successful: true,
                    tool_execution_notifications: [Notification {
                        level: Level::Warning,
                        message: OwnedText {
                            text: format!(
                                "{left_out} findings were left out of this log: GitHub code scanning rejects a run of more than {MAX_RESULTS} results (errors were kept first); `planlint check` lists them all"
                            ),
                        },
                    }],
                }]
            }),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    super::to_pretty_json(&log, report.diagnostics.len())
}

/// At most `limit` of `located`: every error before any warning, each kept
/// in report order; and how many were left out.
fn most_severe(located: Vec<&Diagnostic>, limit: usize) -> (Vec<&Diagnostic>, usize) {
    if located.len() <= limit {
        return (located, 0);
    }
    let left_out = located.len() - limit;
    let errors = located.iter().filter(|d| d.level == Level::Error).count();
    let mut warnings_room = limit.saturating_sub(errors);
    let mut errors_room = limit;
    let kept = located
        .into_iter()
        .filter(|d| {
            let room = match d.level {
                Level::Error => &mut errors_room,
                Level::Warning => &mut warnings_room,
            };
            let keep = *room > 0;
            *room = room.saturating_sub(1);
            keep
        })
        .collect();
    (kept, left_out)
}

fn rule(meta: &RuleMeta) -> Rule<'_> {
    Rule {
        id: &meta.id,
        name: pascal_case(&meta.id),
        short_description: Text {
            text: shown_text(meta, &meta.summary),
        },
        full_description: Text {
            text: shown_text(meta, &meta.help),
        },
        help_uri: meta.builtin.then(|| format!("{RULE_DOCS}{}.toml", meta.id)),
        help: Help {
            text: shown_text(meta, &meta.help),
            markdown: help_markdown(meta),
        },
        default_configuration: Configuration {
            level: meta.default_level,
        },
        properties: RuleProperties {
            tags: std::iter::once("planning")
                .chain(meta.entities.iter().map(|kind| kind.as_str()))
                .collect(),
            // Checks read declared fields and sections; they do not guess.
            precision: "very-high",
            problem: Problem {
                severity: meta.default_level.as_str(),
            },
        },
    }
}

/// `team-size` → `TeamSize`: SARIF's `name` is an identifier-like word.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}

/// A rule's own text as code scanning shows it: a custom rule's comes from
/// the repository, and a control character (a U+202E that turns the
/// summary around) shows as an escape.
fn shown_text<'a>(meta: &RuleMeta, text: &'a str) -> Cow<'a, str> {
    match meta.builtin {
        true => Cow::Borrowed(text),
        false => Cow::Owned(crate::text::visible(text)),
    }
}

/// Why the rule exists, how to fix a finding, and a document that fails it,
/// fenced with more backticks than any run inside it so it cannot close early.
/// A custom rule's prose comes from the repository: it is written as text
/// (no HTML, images or links of its own), as the Markdown report writes
/// plan text.
fn help_markdown(meta: &RuleMeta) -> String {
    let mut out = String::new();
    for part in [&meta.summary, &meta.why, &meta.fix] {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match meta.builtin {
            true => out.push_str(part),
            false => out.push_str(&crate::text::markdown_inline(part)),
        }
        out.push_str("\n\n");
    }
    if let Some(example) = &meta.failing_example {
        let fence = "`".repeat(longest_backtick_run(&example.text).max(2) + 1);
        let _ = write!(
            out,
            "Fails, in `{}`:\n\n{fence}\n{}\n{fence}\n",
            example.path.replace('`', "'"),
            example.text.trim_end()
        );
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

fn result<'d>(
    d: &'d Diagnostic,
    rule_index: Option<usize>,
    path_prefix: &str,
    fingerprint: String,
) -> SarifResult<'d> {
    // SARIF positions are 1-based with a schema minimum of 1; a diagnostic
    // without a position (0) points at the start of its file.
    let start_line = d.start.line.max(1);
    let end_line = d.end.line.max(start_line);
    let start_column = d.start.column.max(1);
    SarifResult {
        rule_id: &d.rule,
        rule_index,
        level: d.level,
        message: Text {
            text: Cow::Borrowed(&d.message),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri_reference(&repository_path(path_prefix, &d.path)),
                    uri_base_id: "%SRCROOT%",
                },
                // A region never ends before it starts (SARIF §3.30.2).
                region: Region {
                    start_line,
                    start_column,
                    end_line,
                    end_column: if end_line == start_line {
                        d.end.column.max(start_column)
                    } else {
                        d.end.column.max(1)
                    },
                },
            },
        }],
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: fingerprint,
        },
        properties: Properties {
            entity: &d.entity,
            help: d.help.as_deref(),
        },
    }
}

/// A root-relative path as a relative URI reference: every byte except
/// unreserved characters and `/` percent-encoded, so spaces, `#`, `?`, `%`,
/// non-ASCII and a `:` in the first segment (which would read as a scheme)
/// all survive the trip through a URI.
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case_and_fences_outlast_the_example() {
        assert_eq!(pascal_case("team-size"), "TeamSize");
        assert_eq!(pascal_case("x--y_z"), "XYZ");
        assert_eq!(longest_backtick_run("a ``` b ` c ````"), 4);
        assert_eq!(longest_backtick_run(""), 0);
    }
}
