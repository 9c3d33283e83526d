//! GitHub Actions workflow commands: one annotation per diagnostic.
//!
//! Plan text lands inside workflow commands, so it is escaped exactly as
//! `@actions/core` does (`escapeData` / `escapeProperty`). With `\r` and `\n`
//! escaped, nothing a plan says can begin a line, so it cannot start a
//! workflow command of its own (`::error`, `::add-mask::`, `::stop-commands::`).

use super::{plural, repository_path, Report};
use crate::diagnostic::{is_pseudo_path, Diagnostic, Level};
use crate::text::{visible, workflow_data as escape_data, workflow_property as escape_property};
use std::fmt::Write as _;

/// Annotations GitHub shows per step for each of errors and warnings.
const SHOWN_PER_KIND: usize = 10;

/// Errors first, then warnings (both in report order), then one plain line.
/// GitHub shows only the first few annotations of each kind, so errors must
/// not be crowded out by warnings; the closing line says what was cut.
/// GitHub attaches an annotation to a file only when `file=` is relative to
/// the repository's root, so each path gets `path_prefix` (the plan's root in
/// the repository, see [`super::RenderOptions`]).
pub fn render(report: &Report, path_prefix: &str) -> String {
    let mut out = String::new();
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error);
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning);
    for d in errors.clone().chain(warnings.clone()) {
        annotation(&mut out, d, path_prefix);
    }
    let (errors, warnings) = (errors.count(), warnings.count());
    let hidden = errors.saturating_sub(SHOWN_PER_KIND) + warnings.saturating_sub(SHOWN_PER_KIND);
    if hidden > 0 {
        let _ = writeln!(
            out,
            "planlint: {} and {}; GitHub shows the first {SHOWN_PER_KIND} of each kind as annotations, \
             so {} not shown there: see the job summary for the rest",
            plural(errors, "error"),
            plural(warnings, "warning"),
            if hidden == 1 { "1 is".to_string() } else { format!("{hidden} are") },
        );
    } else if errors + warnings > 0 {
        let _ = writeln!(
            out,
            "planlint: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    } else {
        out.push_str("planlint: no problems found\n");
    }
    if let Some(note) = report.trust.and_then(|t| t.note()) {
        let _ = writeln!(
            out,
            "::warning title=planlint configuration changed::{}",
            escape_data(&note)
        );
    }
    out
}

fn annotation(out: &mut String, d: &Diagnostic, path_prefix: &str) {
    let command = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    // The pull request is no file of the repository: its annotation has no
    // `file=` (GitHub shows it on the run, not on a file) and no position.
    let located = !is_pseudo_path(&d.path);
    if located {
        let _ = write!(
            out,
            "::{command} file={},line={},endLine={}",
            escape_property(&visible(&repository_path(path_prefix, &d.path))),
            d.start.line,
            d.end.line
        );
        // `@actions/core`: columns "cannot be sent when startLine and endLine are
        // different values".
        if d.start.line == d.end.line {
            let _ = write!(out, ",col={},endColumn={}", d.start.column, d.end.column);
        }
    } else {
        let _ = write!(out, "::{command} ");
    }
    // `path:line:col: rule message`, as ruff writes its annotations: the
    // Actions log shows only the message, and this way each line reads on
    // its own.
    let mut message = if located {
        format!(
            "{}:{}:{}: {} {}",
            visible(&repository_path(path_prefix, &d.path)),
            d.start.line,
            d.start.column,
            visible(&d.rule),
            visible(&d.message)
        )
    } else {
        format!(
            "{}: {} {}",
            visible(d.path.trim_matches(['(', ')'])),
            visible(&d.rule),
            visible(&d.message)
        )
    };
    // The one line break is planlint's own: a tab or line break in the
    // plan's text is written as an escape, as every other format writes it.
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&visible(help));
    }
    let _ = writeln!(
        out,
        "{}title={}::{}",
        if located { "," } else { "" },
        escape_property(&format!("planlint {}", visible(&d.rule))),
        escape_data(&message)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{EntityKind, EntityRef, Position};
    use crate::report::Summary;
    use std::collections::BTreeMap;

    fn diagnostic(path: &str, kind: EntityKind, id: &str) -> Diagnostic {
        Diagnostic {
            rule: "issue-goal".into(),
            level: Level::Error,
            message: format!("{kind} #{id} links goal `G-404`, which does not exist"),
            path: path.into(),
            span: 0..4,
            start: Position { line: 1, column: 1 },
            end: Position { line: 1, column: 5 },
            entity: EntityRef {
                kind,
                id: id.into(),
            },
            help: None,
            identity_message: None,
        }
    }

    #[test]
    fn the_pull_request_is_annotated_without_a_file() {
        let diagnostics = [
            diagnostic("(pull request #12)", EntityKind::PullRequest, "12"),
            diagnostic("planning/issues.json", EntityKind::Issue, "7"),
        ];
        let report = Report {
            diagnostics: &diagnostics,
            sources: &BTreeMap::new(),
            checked: &[],
            rules: &[],
            summary: Summary::default(),
            tool_version: "0.1.0",
            trust: None,
        };
        assert_eq!(
            render(&report, ""),
            "::error title=planlint issue-goal::pull request #12: issue-goal pull_request #12 links goal `G-404`, which does not exist\n\
             ::error file=planning/issues.json,line=1,endLine=1,col=1,endColumn=5,title=planlint issue-goal::planning/issues.json:1:1: issue-goal issue #7 links goal `G-404`, which does not exist\n\
             planlint: 2 errors, 0 warnings\n"
        );
    }
}
