//! `path:line:col: level[rule] message`, one line per diagnostic: for editors'
//! problem matchers and for grep.

use super::Report;
use crate::diagnostic::Diagnostic;
use crate::text;

/// One line per diagnostic and nothing else, so every line matches the pattern.
pub fn render(report: &Report) -> String {
    report.diagnostics.iter().map(line).collect()
}

/// A diagnostic's line, newline included. Line breaks and other unprintable
/// characters in plan text are escaped: a message must stay on its line.
pub(super) fn line(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {}[{}] {}\n",
        text::path(&d.path),
        d.start.line,
        d.start.column,
        d.level,
        text::visible(&d.rule),
        text::visible(&d.message),
    )
}
