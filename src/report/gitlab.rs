//! GitLab Code Quality report (a JSON array of Code Climate issues), which
//! GitLab shows in merge requests as new and resolved findings.

use super::{fingerprint, repository_path, Report};
use crate::diagnostic::{Diagnostic, Level};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

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
    let mut taken = Fingerprints::default();
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .map(|d| Issue {
            description: &d.message,
            check_name: &d.rule,
            fingerprint: taken.unique(d),
            severity: match d.level {
                Level::Error => "major",
                Level::Warning => "minor",
            },
            // Lines are 1-based in GitLab's links; a finding without a
            // position (0) points at the file's first line.
            location: Location {
                path: repository_path(path_prefix, &d.path),
                lines: Lines {
                    begin: d.start.line.max(1),
                    end: d.end.line.max(d.start.line.max(1)),
                },
            },
        })
        .collect();
    super::to_pretty_json(&issues, report.diagnostics.len())
}

/// The fingerprints given so far in one report.
///
/// GitLab matches findings between the base and the head of a merge request
/// by fingerprint, and treats two findings with one fingerprint as one. So the
/// fingerprint is the SARIF one (rule, entity, message with its numbers
/// masked: stable when lines move or a count changes) and only a finding that
/// repeats an earlier one gets `-LINE` (then `-LINE-N`) appended. Lines enter
/// only as a tiebreaker, so an ordinary finding keeps its fingerprint however
/// the file around it is edited.
#[derive(Default)]
struct Fingerprints {
    taken: HashSet<String>,
    /// The last `N` tried per `base-LINE`: a thousand repeats on one line
    /// cost a thousand steps, not half a million.
    counters: HashMap<String, usize>,
}

impl Fingerprints {
    fn unique(&mut self, d: &Diagnostic) -> String {
        let base = fingerprint(d);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let on_line = format!("{base}-{}", d.start.line);
        if self.taken.insert(on_line.clone()) {
            return on_line;
        }
        let n = self.counters.entry(on_line.clone()).or_insert(2);
        loop {
            *n += 1;
            let candidate = format!("{on_line}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}
