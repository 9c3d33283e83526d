//! Compiler-style output for people at a terminal, drawn by miette.

use super::{shown_path, summary_line, RenderOptions, Report, DEFAULT_WIDTH};
use crate::diagnostic::{Diagnostic, Level, LineIndex};
use crate::text::{self, printable_source};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, Severity,
    SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// One miette report per diagnostic, then a summary line.
pub fn render(report: &Report, options: RenderOptions) -> String {
    let mut out = String::new();
    // Writing to a string cannot fail.
    let _ = write(report, options, &|text| Cow::Borrowed(text), &mut |part| {
        out.push_str(part);
        Ok(())
    });
    out
}

/// The text of [`render`], handed to `part` in pieces, each passed through
/// `guard` first. Each file is prepared once, then the findings are drawn on
/// every core (see [`super::write_in_pieces`]): drawing, wrapping the text
/// above all, is most of a run with thousands of findings, and one
/// finding's drawing needs nothing of another's.
pub fn write(
    report: &Report,
    options: RenderOptions,
    guard: &(dyn for<'t> Fn(&'t str) -> Cow<'t, str> + Sync),
    part: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // miette would print its own `line:col` after the path, counting bytes;
    // the source is named `path:line:col` instead, with planlint's columns
    // (Unicode scalar values), so every format agrees on where a finding is.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(if options.width == 0 {
            DEFAULT_WIDTH
        } else {
            options.width
        })
        .with_urls(false)
        .with_context_lines(CONTEXT_LINES)
        .without_primary_span_start()
        .without_syntax_highlighting();
    let mut paths: Vec<&str> = report.diagnostics.iter().map(|d| &*d.path).collect();
    paths.sort_unstable();
    paths.dedup();
    let files: HashMap<&str, Arc<File>> = paths
        .into_par_iter()
        .filter_map(|path| Some((path, Arc::new(File::new(report.sources.get(path)?)))))
        .collect();
    super::write_in_pieces(
        report.diagnostics,
        &|out, _, chunk| {
            for d in chunk {
                out.push_str(&draw(&handler, &options, &files, report, d));
                out.push('\n');
            }
        },
        guard,
        part,
    )?;
    let mut end = String::new();
    if !options.quiet {
        end.push_str(&summary_line(report));
        end.push('\n');
    }
    if let Some(note) = report.trust.and_then(|t| t.note()) {
        end.push_str(&format!("note: {note}\n"));
    }
    part(&guard(&end))
}

/// One finding as miette draws it: its message, code and help, and the
/// lines around its span when the file is known.
fn draw(
    handler: &GraphicalReportHandler,
    options: &RenderOptions,
    files: &HashMap<&str, Arc<File>>,
    report: &Report,
    d: &Diagnostic,
) -> String {
    let path = shown_path(options, &d.path);
    let snippet = report.sources.get(&*d.path).and_then(|text| {
        let valid = d.span.start <= d.span.end
            && text.is_char_boundary(d.span.start)
            && text.is_char_boundary(d.span.end);
        if !valid {
            return None;
        }
        let name = format!("{}:{}:{}", text::path(&path), d.start.line, d.start.column);
        if let Some(window) = window(&name, text, &d.span, d.start.line) {
            return Some(window);
        }
        let file = files.get(&*d.path)?;
        Some((Excerpt::new(name, file, &d.span), d.span.clone()))
    });
    let mut shown = Shown {
        message: text::visible_lines(&d.message),
        // `error[team-size]`, as rustc names its codes: the level in
        // words, not only as a glyph or a colour.
        code: format!("{}[{}]", d.level, text::visible(&d.rule)),
        level: d.level,
        help: d.help.as_deref().map(text::visible_lines),
        snippet,
    };
    let mut text = String::new();
    if handler.render_report(&mut text, &shown).is_err() {
        // miette could not draw the snippet: show the finding without it.
        shown.snippet = None;
        text.clear();
        if handler.render_report(&mut text, &shown).is_err() {
            text = super::concise::line(d, &path);
        }
    }
    text
}

/// A line longer than this (in bytes) around a span is not drawn whole: a
/// one-line JSON export can be megabytes long, and miette cannot pad a
/// highlight past 65,535 columns. A window of the line is shown instead.
const LONG_LINE: usize = 240;

/// Bytes of a long line shown before and after the span.
const WINDOW_MARGIN: usize = 60;

/// The most of a span a window underlines.
const WINDOW_SPAN: usize = 120;

/// For a span on a long line, an excerpt of one line: the span with a
/// margin, `…` where the line is cut, numbered as the real line. Only
/// bounded stretches of the text are scanned, so many findings on one huge
/// line stay cheap. `None` when the lines are short enough to draw whole.
fn window(
    name: &str,
    text: &str,
    span: &Range<usize>,
    line: usize,
) -> Option<(Excerpt, Range<usize>)> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    // Whether the line through `at` runs more than LONG_LINE bytes on a side.
    let long_at = |at: usize| {
        let before = text.get(floor(at.saturating_sub(LONG_LINE))..at);
        let after = text.get(at..ceil(at + LONG_LINE));
        let long_before = at > LONG_LINE && before.is_some_and(|t| !t.contains('\n'));
        let long_after = at + LONG_LINE < text.len() && after.is_some_and(|t| !t.contains('\n'));
        long_before || long_after
    };
    if !long_at(span.start) && !long_at(span.end) {
        return None;
    }
    let line_start = text
        .get(floor(span.start.saturating_sub(WINDOW_MARGIN))..span.start)
        .and_then(|t| t.rfind('\n'))
        .map(|i| floor(span.start.saturating_sub(WINDOW_MARGIN)) + i + 1);
    let from = line_start.unwrap_or_else(|| floor(span.start.saturating_sub(WINDOW_MARGIN)));
    let limit = ceil(span.start + WINDOW_SPAN);
    let line_end = text
        .get(span.start..limit)
        .and_then(|t| t.find('\n'))
        .map(|i| span.start + i);
    let shown_end = ceil(span.end.min(limit).min(line_end.unwrap_or(usize::MAX)));
    let after_end = ceil(shown_end + WINDOW_MARGIN);
    let to = text
        .get(shown_end..after_end)
        .and_then(|t| t.find('\n'))
        .map_or(after_end, |i| shown_end + i);
    let cut_before = from > 0 && line_start.is_none();
    let cut_after = to < text.len() && text.get(to..).is_some_and(|t| !t.starts_with('\n'));
    let body = text.get(from..to)?.trim_end_matches('\r');
    let lead = if cut_before { "…" } else { "" };
    let window = format!("{lead}{body}{}", if cut_after { "…" } else { "" });
    let start = lead.len() + (span.start - from);
    let end = (lead.len() + (shown_end - from)).clamp(start, lead.len() + body.len());
    let file = Arc::new(File::new(&window));
    Some((
        Excerpt {
            name: name.to_string(),
            range: 0..file.text.len(),
            first_line: line.saturating_sub(1),
            file,
        },
        start..end,
    ))
}

/// A source file as the human output shows it, prepared once per file.
struct File {
    /// [`printable_source`] of the file's text.
    text: String,
    index: LineIndex,
}

impl File {
    fn new(text: &str) -> File {
        let text = printable_source(text);
        let index = LineIndex::new(&text);
        File { text, index }
    }
}

/// The lines around one span, as miette's source. miette finds lines by
/// scanning its source from the start, once per read; handing it the whole
/// file would make many findings in one big file quadratic. Offsets and line
/// numbers it sees stay those of the whole file.
struct Excerpt {
    name: String,
    file: Arc<File>,
    /// The byte range of the file shown: the span's lines plus a margin.
    range: Range<usize>,
    /// The 0-based line number of `range.start`.
    first_line: usize,
}

/// Lines of context miette shows around a span.
const CONTEXT_LINES: usize = 1;

/// Lines of margin an excerpt keeps around a span: the context, one for
/// miette's counting when a span ends inside a `\r\n`, and one spare.
const MARGIN_LINES: usize = CONTEXT_LINES + 2;

impl Excerpt {
    /// `span` must lie within the file on char boundaries.
    fn new(name: String, file: &Arc<File>, span: &Range<usize>) -> Excerpt {
        let text = file.text.as_str();
        let mut start = span.start;
        for _ in 0..=MARGIN_LINES {
            // Back to the start of this line, then into the line before.
            start = text
                .get(..start)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            if start == 0 {
                break;
            }
            start -= 1;
        }
        if start > 0 {
            start += 1; // stopped on a `\n`: the excerpt begins after it
        }
        let mut end = span.end;
        for _ in 0..=MARGIN_LINES {
            end = text
                .get(end..)
                .and_then(|t| t.find('\n'))
                .map_or(text.len(), |i| end + i + 1);
        }
        Excerpt {
            name,
            file: Arc::clone(file),
            first_line: file.index.position(text, start).line - 1,
            range: start..end,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let excerpt = self
            .file
            .text
            .get(self.range.clone())
            .ok_or(MietteError::OutOfBounds)?;
        let offset = span
            .offset()
            .checked_sub(self.range.start)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(offset.into(), span.len());
        let contents = excerpt.read_span(&local, context_lines_before, context_lines_after)?;
        let found = contents.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            SourceSpan::new((found.offset() + self.range.start).into(), found.len()),
            contents.line() + self.first_line,
            contents.column(),
            // miette counts these from the start of its source, too.
            contents.line_count() + self.first_line,
        )))
    }
}

/// A diagnostic as miette sees it, with terminal-safe text.
struct Shown {
    message: String,
    code: String,
    level: Level,
    help: Option<String>,
    snippet: Option<(Excerpt, Range<usize>)>,
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
        Some(Box::new(&self.code))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_far_along_a_huge_line_is_shown_in_a_window() {
        let text = format!(
            "[{}\"G-404\"{}]\n",
            "{\"a\":1},".repeat(20_000),
            ",1".repeat(500)
        );
        let at = text.find("\"G-404\"").unwrap();
        let span = at..at + 7;
        let (excerpt, shown) = window("f:1:x", &text, &span, 1).unwrap();
        let window_text = &excerpt.file.text;
        assert_eq!(&window_text[shown.clone()], "\"G-404\"");
        assert!(window_text.starts_with('…') && window_text.ends_with('…'));
        assert!(window_text.len() < 300, "{}", window_text.len());
        assert_eq!(excerpt.first_line, 0);
        // Short lines are drawn whole.
        assert!(window("f", "a\nbb\n", &(2..3), 2).is_none());
        // A span at the very start or end of a long line.
        let line = "x".repeat(1000);
        let (excerpt, shown) = window("f", &line, &(0..3), 1).unwrap();
        assert_eq!(&excerpt.file.text[shown], "xxx");
        let (excerpt, shown) = window("f", &line, &(997..1000), 1).unwrap();
        assert_eq!(&excerpt.file.text[shown], "xxx");
        assert!(!excerpt.file.text.ends_with('…'));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// An excerpt reads exactly what the whole file would give miette.
        #[test]
        fn an_excerpt_reads_like_the_whole_file(
            text in "[ab\n\r\té日\u{1b}]{0,60}",
            start: usize,
            len: usize,
            before in 0..=CONTEXT_LINES,
            after in 0..=CONTEXT_LINES,
        ) {
            let file = Arc::new(File::new(&text));
            let boundary = |mut i: usize| {
                while !file.text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let start = boundary(start % (file.text.len() + 1));
            let len = boundary(start + len % (file.text.len() - start + 1)) - start;
            let span = start..start + len;
            let excerpt = Excerpt::new("f".to_string(), &file, &span);
            let source_span = SourceSpan::new(start.into(), len);
            let whole = file.text.as_str().read_span(&source_span, before, after);
            let part = excerpt.read_span(&source_span, before, after);
            match (whole, part) {
                (Ok(whole), Ok(part)) => {
                    proptest::prop_assert_eq!(whole.data(), part.data());
                    proptest::prop_assert_eq!(whole.span(), part.span());
                    proptest::prop_assert_eq!(whole.line(), part.line());
                    proptest::prop_assert_eq!(whole.column(), part.column());
                    proptest::prop_assert_eq!(whole.line_count(), part.line_count());
                }
                (Err(_), Err(_)) => {}
                (whole, part) => proptest::prop_assert!(
                    false,
                    "whole {:?} vs excerpt {:?}",
                    whole.is_ok(),
                    part.is_ok()
                ),
            };
        }
    }
}
