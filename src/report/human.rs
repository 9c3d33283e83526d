//! Compiler-style output for people at a terminal, drawn by miette.

use super::{escape_unprintable, is_unprintable, summary_line, RenderOptions, Report};
use crate::diagnostic::Level;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A fixed width, so the same report wraps the same way on every terminal.
const WIDTH: usize = 100;

/// One miette report per diagnostic, then a summary line.
pub fn render(report: &Report, options: RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // miette would print its own `line:col` after the path, counting bytes;
    // the source is named `path:line:col` instead, with planlint's columns
    // (Unicode scalar values), so every format agrees on where a finding is.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_urls(false)
        .without_primary_span_start()
        .without_syntax_highlighting();
    let mut sources: BTreeMap<&str, Arc<str>> = BTreeMap::new();
    let mut out = String::new();
    for d in report.diagnostics {
        let snippet = report.sources.get(&d.path).and_then(|text| {
            let valid = d.span.start <= d.span.end
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end);
            valid.then(|| {
                let text = sources
                    .entry(&d.path)
                    .or_insert_with(|| Arc::from(printable_source(text)));
                let name = format!(
                    "{}:{}:{}",
                    escape_unprintable(&d.path, false),
                    d.start.line,
                    d.start.column
                );
                (NamedSource::new(name, Arc::clone(text)), d.span.clone())
            })
        });
        let mut shown = Shown {
            message: escape_unprintable(&d.message, true),
            rule: escape_unprintable(&d.rule, false),
            level: d.level,
            help: d.help.as_deref().map(|h| escape_unprintable(h, true)),
            snippet,
        };
        let mut text = String::new();
        if handler.render_report(&mut text, &shown).is_err() {
            // miette could not draw the snippet: show the finding without it.
            shown.snippet = None;
            text.clear();
            if handler.render_report(&mut text, &shown).is_err() {
                text = super::concise::line(d);
            }
        }
        out.push_str(&text);
        out.push('\n');
    }
    out.push_str(&summary_line(&report.summary));
    out.push('\n');
    out
}

/// A copy of a file's text that is safe to print: each unprintable character
/// becomes as many `?` as it has bytes, so every byte span still points at
/// the same text. A `\r` of a `\r\n` stays: it is part of a line break.
pub(super) fn printable_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if line_break || c == '\t' || !is_unprintable(c) {
            out.push(c);
        } else {
            out.extend(std::iter::repeat('?').take(c.len_utf8()));
        }
    }
    out
}

/// A diagnostic as miette sees it, with terminal-safe text.
struct Shown {
    message: String,
    rule: String,
    level: Level,
    help: Option<String>,
    snippet: Option<(NamedSource<Arc<str>>, std::ops::Range<usize>)>,
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.rule))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.snippet.as_ref().map(|(source, _)| source as _)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (_, span) = self.snippet.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::underline(
            span.clone(),
        ))))
    }
}
