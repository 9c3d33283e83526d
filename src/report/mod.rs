//! Stage 5: render diagnostics. Reporters format; they never judge.

use crate::diagnostic::{Diagnostic, EntityRef};
use std::collections::BTreeMap;

/// Output formats of `--format` and `--output FORMAT:FILE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

/// Counts shown in summaries (`summary` in JSON).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub teams: usize,
    pub goals: usize,
    pub issues: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// What a reporter needs to know about a rule (SARIF rule metadata, summaries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    /// One line: what the rule checks.
    pub summary: String,
    /// Longer help (Markdown): why, and how to fix.
    pub help: String,
    pub default_level: crate::diagnostic::Level,
}

/// Everything a reporter may use. Diagnostics are already sorted.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    /// File texts by root-relative path, for source snippets.
    pub sources: &'a BTreeMap<String, String>,
    /// Every checked entity with the path it lives in (JUnit test cases).
    pub checked: &'a [(EntityRef, String)],
    pub rules: &'a [RuleMeta],
    pub summary: Summary,
    pub tool_version: &'a str,
}

/// Rendering choices that do not change what is reported.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// ANSI colour in human output.
    pub color: bool,
}

/// Renders the report in `format`. The same report gives the same bytes.
pub fn render(format: Format, report: &Report, options: RenderOptions) -> String {
    let _ = (format, report, options);
    String::new()
}
