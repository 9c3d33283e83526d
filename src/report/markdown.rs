//! A Markdown summary for `$GITHUB_STEP_SUMMARY`: counts, counts per rule,
//! and a table of findings.

use super::{plural, summary_line, Report};
use crate::diagnostic::{Diagnostic, Level};
use crate::text::markdown_inline as cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Findings shown before the rest fold away under `<details>`.
const SHOWN_OPEN: usize = 20;

/// GitHub refuses a job summary over 1 MiB; rows stop well before that, and
/// what follows them (a note and closing tags) is a few hundred bytes.
const MAX_BYTES: usize = 900 * 1024;

const FINDINGS_HEAD: &str = "| Level | Rule | Location | Message |\n| --- | --- | --- | --- |\n";

pub fn render(report: &Report) -> String {
    let mut out = String::from("## planlint\n\n");
    let _ = writeln!(out, "{}", summary_line(report));
    if let Some(note) = report
        .trust
        .and_then(|t| t.note_with(crate::text::markdown_code))
    {
        let _ = writeln!(out, "\n> [!WARNING]\n> {note}");
    }
    if report.diagnostics.is_empty() {
        return out;
    }

    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in report.diagnostics {
        let counts = by_rule.entry(&d.rule).or_default();
        match d.level {
            Level::Error => counts.0 += 1,
            Level::Warning => counts.1 += 1,
        }
    }
    out.push_str("\n| Rule | Errors | Warnings |\n| --- | ---: | ---: |\n");
    for (rule, (errors, warnings)) in &by_rule {
        let _ = writeln!(out, "| {} | {errors} | {warnings} |", cell(rule));
    }

    out.push('\n');
    out.push_str(FINDINGS_HEAD);
    let total = report.diagnostics.len();
    let mut listed = 0;
    let mut folded = false;
    for (i, d) in report.diagnostics.iter().enumerate() {
        if i == SHOWN_OPEN {
            let head = format!(
                "\n<details><summary>{}</summary>\n\n{FINDINGS_HEAD}",
                plural(total - SHOWN_OPEN, "more finding")
            );
            if out.len() + head.len() > MAX_BYTES {
                break;
            }
            out.push_str(&head);
            folded = true;
        }
        let row = row(d);
        if out.len() + row.len() > MAX_BYTES {
            break;
        }
        out.push_str(&row);
        listed += 1;
    }
    let omitted = total - listed;
    if omitted > 0 {
        let _ = writeln!(
            out,
            "\n{} not listed: a job summary must stay under 1 MiB. \
             The JSON and SARIF outputs have every finding.",
            plural(omitted, "more finding")
        );
    }
    if folded {
        out.push_str("\n</details>\n");
    }
    out
}

fn row(d: &Diagnostic) -> String {
    format!(
        "| {} | {} | {}:{} | {} |\n",
        d.level,
        cell(&d.rule),
        cell(&d.path),
        d.start.line,
        cell(&d.message)
    )
}
