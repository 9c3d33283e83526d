//! `path:line:col: level[rule] message`, one line per diagnostic: for editors'
//! problem matchers and for grep.

use super::{shown_path, RenderOptions, Report};
use crate::diagnostic::Diagnostic;
use crate::text;

/// One line per diagnostic and nothing else, so every line matches the pattern.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| line(d, &shown_path(options, &d.path)))
        .collect()
}

/// A diagnostic's line, newline included. Line breaks and other unprintable
/// characters in plan text are escaped: a message must stay on its line.
/// `path` is the diagnostic's path as shown (see [`shown_path`]).
pub(super) fn line(d: &Diagnostic, path: &str) -> String {
    format!(
        "{}:{}:{}: {}[{}] {}\n",
        text::path(path),
        d.start.line,
        d.start.column,
        d.level,
        text::visible(&d.rule),
        text::visible(&d.message),
    )
}
