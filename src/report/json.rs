//! The JSON contract of DESIGN.md ("JSON output (version 1)"). Structs, not
//! `json!`, so the key order is the declared one whatever serde_json features
//! other crates switch on.

use super::Report;
use crate::diagnostic::{EntityRef, Level};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool<'a>,
    diagnostics: Vec<Diagnostic<'a>>,
    summary: Summary,
    /// Only with `--config-rev`.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<Config<'a>>,
}

/// Where the configuration came from, with `--config-rev`.
#[derive(Serialize)]
struct Config<'a> {
    revision: &'a str,
    /// Config and rule files the checked change edits (empty: none).
    changed: &'a [String],
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    level: Level,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    entity: &'a EntityRef,
    /// `null` when absent: the key is always there.
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    teams: usize,
    goals: usize,
    issues: usize,
    errors: usize,
    warnings: usize,
}

/// Pretty-printed (two-space indent) with a trailing newline.
pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let output = Output {
        version: 1,
        tool: Tool {
            name: "planlint",
            version: report.tool_version,
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Diagnostic {
                rule: &d.rule,
                level: d.level,
                message: &d.message,
                path: &d.path,
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                entity: &d.entity,
                help: d.help.as_deref(),
            })
            .collect(),
        summary: Summary {
            files: s.files,
            teams: s.teams,
            goals: s.goals,
            issues: s.issues,
            errors: s.errors,
            warnings: s.warnings,
        },
        config: report.trust.map(|trust| Config {
            revision: &trust.revision,
            changed: &trust.changed,
        }),
    };
    super::to_pretty_json(&output, report.diagnostics.len())
}
