//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use super::{fingerprint, repository_path, Report, RuleMeta};
use crate::diagnostic::{is_pseudo_path, Diagnostic, EntityRef, Level};
use serde::Serialize;
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
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
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
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help<'a>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: Level,
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
    /// A place in a repository file.
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    /// What is no repository file: the pull request being checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[LogicalLocation; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
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

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "planlint/v1")]
    planlint_v1: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    entity: &'a EntityRef,
    /// The diagnostic's own help; the rule's general help is on the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// One run; rules in report order, results in diagnostic order.
///
/// `artifactLocation.uri` is relative to the repository's root (each path
/// gets `path_prefix`, the plan's root in the repository), with `uriBaseId`
/// `%SRCROOT%` and no `originalUriBaseIds`: GitHub code scanning matches a
/// result to a file by its repository-relative `uri` (as CodeQL writes it)
/// and does not resolve a base id's `originalUriBaseIds` entry, so a
/// plan-relative `uri` with a base pointing at the plan's folder would leave
/// alerts unattached whenever the plan lives in a subfolder.
pub fn render(report: &Report, path_prefix: &str) -> String {
    let rule_index: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| (rule.id.as_str(), i))
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
            column_kind: "unicodeCodePoints",
            results: report
                .diagnostics
                .iter()
                .map(|d| {
                    let index = rule_index.get(d.rule.as_str()).copied();
                    result(d, index, path_prefix)
                })
                .collect(),
        }],
    };
    super::to_pretty_json(&log)
}

fn rule(meta: &RuleMeta) -> Rule<'_> {
    Rule {
        id: &meta.id,
        short_description: Text {
            text: &meta.summary,
        },
        full_description: Text { text: &meta.help },
        help: Help {
            text: &meta.help,
            markdown: &meta.help,
        },
        default_configuration: Configuration {
            level: meta.default_level,
        },
    }
}

fn result<'d>(d: &'d Diagnostic, rule_index: Option<usize>, path_prefix: &str) -> SarifResult<'d> {
    // SARIF positions are 1-based with a schema minimum of 1; a diagnostic
    // without a position (0) points at the start of its file.
    let start_line = d.start.line.max(1);
    SarifResult {
        rule_id: &d.rule,
        rule_index,
        level: d.level,
        message: Text { text: &d.message },
        locations: [location(d, start_line, path_prefix)],
        partial_fingerprints: Fingerprints {
            planlint_v1: fingerprint(d),
        },
        properties: Properties {
            entity: &d.entity,
            help: d.help.as_deref(),
        },
    }
}

/// Where a result is: a region of a repository file, or for the pull request
/// (a pseudo-path such as `(pull request #12)`, no artifact) a logical location.
fn location(d: &Diagnostic, start_line: usize, path_prefix: &str) -> Location {
    if is_pseudo_path(&d.path) {
        return Location {
            physical_location: None,
            logical_locations: Some([LogicalLocation {
                name: d.path.trim_matches(['(', ')']).to_string(),
                fully_qualified_name: format!("{}/{}", d.entity.kind, d.entity.id),
                kind: "resource",
            }]),
        };
    }
    Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_reference(&repository_path(path_prefix, &d.path)),
                uri_base_id: "%SRCROOT%",
            },
            region: Region {
                start_line,
                start_column: d.start.column.max(1),
                end_line: d.end.line.max(start_line),
                end_column: d.end.column.max(1),
            },
        }),
        logical_locations: None,
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
    use crate::diagnostic::{EntityKind, Position};
    use crate::report::Summary;
    use std::collections::BTreeMap;

    #[test]
    fn the_pull_request_has_a_logical_location_and_the_log_is_valid() {
        let diagnostic = Diagnostic {
            rule: "issue-goal".into(),
            level: Level::Error,
            message: "pull request #12 links goal `G-404`, which does not exist".into(),
            path: "(pull request #12)".into(),
            span: 0..4,
            start: Position { line: 2, column: 9 },
            end: Position {
                line: 2,
                column: 19,
            },
            entity: EntityRef {
                kind: EntityKind::PullRequest,
                id: "12".into(),
            },
            help: None,
        };
        let diagnostics = [diagnostic];
        let report = Report {
            diagnostics: &diagnostics,
            sources: &BTreeMap::new(),
            checked: &[],
            rules: &[],
            summary: Summary::default(),
            tool_version: "0.1.0",
            trust: None,
        };
        let sarif: serde_json::Value = serde_json::from_str(&render(&report, "")).unwrap();
        let location = &sarif["runs"][0]["results"][0]["locations"][0];
        assert_eq!(location.get("physicalLocation"), None);
        assert_eq!(
            location["logicalLocations"],
            serde_json::json!([{
                "name": "pull request #12",
                "fullyQualifiedName": "pull_request/12",
                "kind": "resource",
            }])
        );
        let schema: serde_json::Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-schema-2.1.0.json"
        )))
        .unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}
