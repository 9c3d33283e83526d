//! GitLab Code Quality report (a JSON array of Code Climate issues), which
//! GitLab shows in merge requests as new and resolved findings.

use super::{fingerprint, repository_path, Report};
use crate::diagnostic::{Diagnostic, Level};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: Cow<'a, str>,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// One issue per diagnostic, pretty-printed with a trailing newline. GitLab
/// resolves `location.path` against the repository's root, so each path gets
/// `path_prefix` (the plan's root in the repository).
pub fn render(report: &Report, path_prefix: &str) -> String {
    let mut taken = HashSet::new();
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .map(|d| Issue {
            description: &d.message,
            check_name: &d.rule,
            fingerprint: unique_fingerprint(d, &mut taken),
            severity: match d.level {
                Level::Error => "major",
                Level::Warning => "minor",
            },
            location: Location {
                path: repository_path(path_prefix, &d.path),
                lines: Lines {
                    begin: d.start.line,
                    end: d.end.line,
                },
            },
        })
        .collect();
    super::to_pretty_json(&issues)
}

/// GitLab matches findings between the base and the head of a merge request
/// by fingerprint, and treats two findings with one fingerprint as one. So the
/// fingerprint is the SARIF one (rule, entity, message with its numbers
/// masked: stable when lines move or a count changes) and only a finding that repeats an earlier one gets `-LINE` (then
/// `-LINE-N`) appended. Lines enter only as a tiebreaker, so an ordinary
/// finding keeps its fingerprint however the file around it is edited.
fn unique_fingerprint(d: &Diagnostic, taken: &mut HashSet<String>) -> String {
    let base = fingerprint(d);
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = if n == 2 {
            format!("{base}-{}", d.start.line)
        } else {
            format!("{base}-{}-{n}", d.start.line)
        };
    }
    taken.insert(candidate.clone());
    candidate
}
