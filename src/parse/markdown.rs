//! Markdown → a flat list of [`Block`]s (headings, paragraphs, list items,
//! table rows) whose rendered text maps back to byte spans.
//!
//! A flat list keeps every later step iterative: sections are ranges of
//! blocks, nesting is a number, and nothing recurses on document depth.

use super::{char_at, thousands, Problem};
use crate::diagnostic::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use smallvec::SmallVec;
use std::ops::Range;

/// A piece of rendered text and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Text {
    pub text: String,
    pub span: Span,
}

/// A task-list item (`- [ ]`, `- [x]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TaskItem {
    pub checked: bool,
    pub text: String,
    pub span: Span,
}

/// Rendered inline text (emphasis markers, link syntax and list markers
/// removed; MDX components replaced by their `name`) with a map back to
/// the source. Line breaks inside a block are `\n`.
///
/// Pieces are in rendered order and `strong` is sorted by start, so lookups
/// are binary searches: a block may be megabytes long.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Inline {
    text: String,
    /// Most blocks are one piece of text written as it renders: kept in
    /// place, not allocated (144,000 allocations in a 10,000-goal plan).
    pieces: SmallVec<[Piece; 1]>,
    /// Rendered ranges of `**strong**` runs, for `**Owner:** @bob` labels.
    strong: Vec<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    rendered: Range<usize>,
    source: Span,
    /// The source bytes equal the rendered bytes, so offsets map one to one.
    exact: bool,
    /// The piece is an MDX component's `name` (a person, in the PostHog corpus).
    component: bool,
}

impl Inline {
    pub fn text(&self) -> &str {
        &self.text
    }

    fn push(&mut self, rendered: &str, source: Span, exact: bool, component: bool) {
        let start = self.text.len();
        self.text.push_str(rendered);
        // Text written as it renders, going on where the last such piece
        // stopped in both, extends it: a paragraph of plain lines is one
        // piece, not two a line (a 10 MiB paragraph held 670 MB of them).
        if let Some(last) = self.pieces.last_mut() {
            let goes_on = last.rendered.end == start && last.source.end == source.start;
            if goes_on && exact && last.exact && !component && !last.component {
                last.rendered.end = self.text.len();
                last.source.end = source.end;
                return;
            }
        }
        self.pieces.push(Piece {
            rendered: start..self.text.len(),
            source,
            exact,
            component,
        });
    }

    /// One piece of text written exactly as it renders.
    fn exact(text: &str, source: Span) -> Inline {
        Inline {
            text: text.to_owned(),
            pieces: smallvec::smallvec![Piece {
                rendered: 0..text.len(),
                source,
                exact: true,
                component: false,
            }],
            strong: Vec::new(),
        }
    }

    fn push_text(&mut self, file: &str, rendered: &str, source: Span) {
        let exact = file.get(source.clone()) == Some(rendered);
        self.push(rendered, source, exact, false);
    }

    /// A line break, written at `source` in `file` (a newline alone is
    /// written as it renders, and goes on the piece before it).
    fn push_break(&mut self, file: &str, source: Span) {
        let exact = file.get(source.clone()) == Some("\n");
        self.push("\n", source, exact, false);
    }

    /// Ranges of the rendered lines (split at breaks). Most blocks have a
    /// few lines: they are held in place.
    pub fn lines(&self) -> SmallVec<[Range<usize>; 4]> {
        let mut lines = SmallVec::new();
        let mut start = 0;
        for at in memchr::memchr_iter(b'\n', self.text.as_bytes()) {
            lines.push(start..at);
            start = at + 1;
        }
        lines.push(start..self.text.len());
        lines
    }

    /// Notes a `**strong**` run. Runs close innermost first, so they come
    /// in no order: [`Inline::sort_strong`] sorts them once, when the text
    /// is complete (an insert in order moved every later run: quadratic in
    /// a run of a million nested `*`).
    fn add_strong(&mut self, range: Range<usize>) {
        self.strong.push(range);
    }

    fn sort_strong(&mut self) {
        self.strong.sort_unstable_by_key(|run| (run.start, run.end));
    }

    /// The `**strong**` run starting at rendered position `at` (the outermost
    /// when runs nest).
    pub fn strong_at(&self, at: usize) -> Option<Range<usize>> {
        let first = self.strong.partition_point(|run| run.start < at);
        self.strong
            .get(first..)?
            .iter()
            .take_while(|run| run.start == at)
            .max_by_key(|run| run.end)
            .cloned()
    }

    /// Whether a rendered range is exactly one MDX component's name.
    pub fn is_component(&self, range: &Range<usize>) -> bool {
        let first = self
            .pieces
            .partition_point(|piece| piece.rendered.start < range.start);
        self.pieces.get(first..).is_some_and(|rest| {
            rest.iter()
                .take_while(|piece| piece.rendered.start == range.start)
                .any(|piece| piece.component && piece.rendered == *range)
        })
    }

    /// Whether an MDX component's name starts at rendered position `at`.
    pub fn has_component_at(&self, at: usize) -> bool {
        let first = self
            .pieces
            .partition_point(|piece| piece.rendered.start < at);
        self.pieces.get(first..).is_some_and(|rest| {
            rest.iter()
                .take_while(|piece| piece.rendered.start == at)
                .any(|piece| piece.component)
        })
    }

    /// The source span of a non-empty rendered range.
    pub fn source_span(&self, range: Range<usize>) -> Option<Span> {
        let start = self.source_position(range.start, false)?;
        let end = self.source_position(range.end, true)?;
        Some(start..end.max(start))
    }

    /// The source offset of a rendered position: as the start of a range
    /// (in the piece that starts at or covers it) or as its end (in the piece
    /// that ends at or covers it).
    fn source_position(&self, at: usize, is_end: bool) -> Option<usize> {
        let index = if is_end {
            self.pieces.partition_point(|piece| piece.rendered.end < at)
        } else {
            self.pieces
                .partition_point(|piece| piece.rendered.end <= at)
        };
        let piece = self.pieces.get(index)?;
        let range = &piece.rendered;
        let inside = if is_end {
            range.start < at && at <= range.end
        } else {
            range.start <= at && at < range.end
        };
        if !inside {
            None
        } else if piece.exact {
            Some((piece.source.start + (at - range.start)).min(piece.source.end))
        } else if is_end {
            Some(piece.source.end)
        } else {
            Some(piece.source.start)
        }
    }

    /// A rendered range without surrounding whitespace; `None` when blank.
    pub fn trim(&self, range: Range<usize>) -> Option<Range<usize>> {
        let slice = self.text.get(range.clone())?;
        let start = range.start + (slice.len() - slice.trim_start().len());
        let end = range.end - (slice.len() - slice.trim_end().len());
        (start < end).then_some(start..end)
    }

    /// The value written in a rendered range: whitespace collapsed, span in the source.
    pub fn value(&self, range: Range<usize>) -> Option<Text> {
        let range = self.trim(range)?;
        let text = collapse(self.text.get(range.clone())?);
        let span = self.source_span(range)?;
        Some(Text { text, span })
    }

    /// The whole text as a value.
    pub fn whole(&self) -> Option<Text> {
        self.value(0..self.text.len())
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Runs of whitespace (line breaks included) become one space.
pub(crate) fn collapse(text: &str) -> String {
    if is_collapsed(text) {
        // Most values are one line of plain words: a copy, with no decoding.
        return text.to_owned();
    }
    // One pass into one allocation: this runs for every value of every file.
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` has single spaces between words and no other whitespace,
/// so that [`collapse`] would return it as it is. The ASCII
/// whitespace of `split_whitespace` is tab to carriage return, and space.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Folds without an early exit, which the compiler turns into a few
    // instructions per 16 bytes: a byte-at-a-time loop with three tests
    // cost 800 instructions a value, 2% of a check.
    let non_ascii = bytes.iter().fold(0, |seen, byte| seen | (byte & 0x80));
    let control = bytes.iter().fold(false, |seen, byte| {
        seen | (byte.wrapping_sub(b'\t') <= b'\r' - b'\t')
    });
    let doubled = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |seen, (a, b)| seen | (*a == b' ' && *b == b' '));
    // Non-ASCII text needs a look at its characters only when the bytes
    // allow it: a title or item with a `–` in it took the allocating path.
    !control
        && !doubled
        && (non_ascii == 0 || text.chars().all(|c| c.is_ascii() || !c.is_whitespace()))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    Heading {
        level: u8,
        inline: Inline,
        span: Span,
    },
    /// A paragraph outside list items (paragraphs in items are the item's text).
    Paragraph { inline: Inline, span: Span },
    /// A list item's own text; nested items are further blocks with a larger depth.
    Item {
        depth: usize,
        task: Option<bool>,
        /// Where the item's marker (`-`, `1.`) starts.
        start: usize,
        /// Where a task marker (`[ ]`) ends, else `start`.
        marker_end: usize,
        inline: Inline,
        /// The item's own content (after its markers, before nested items);
        /// empty at the end of the markers when the item is blank.
        span: Span,
    },
    Row {
        cells: Vec<Inline>,
        header: bool,
        span: Span,
    },
}

impl Block {
    pub fn span(&self) -> &Span {
        match self {
            Block::Heading { span, .. }
            | Block::Paragraph { span, .. }
            | Block::Item { span, .. }
            | Block::Row { span, .. } => span,
        }
    }

    pub fn heading_level(&self) -> Option<u8> {
        match self {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        }
    }

    /// A heading's text, whitespace collapsed.
    pub fn heading_text(&self) -> Option<String> {
        match self {
            Block::Heading { inline, .. } => Some(collapse(inline.text())),
            _ => None,
        }
    }

    /// The block as one value of the section it is in.
    pub fn value(&self) -> Option<Text> {
        match self {
            Block::Heading { .. } | Block::Row { header: true, .. } => None,
            Block::Paragraph { inline, span } | Block::Item { inline, span, .. } => {
                (!inline.is_blank()).then(|| Text {
                    text: collapse(inline.text()),
                    span: span.clone(),
                })
            }
            Block::Row { cells, span, .. } => {
                let texts: Vec<String> = cells
                    .iter()
                    .filter_map(|cell| cell.whole().map(|value| value.text))
                    .collect();
                (!texts.is_empty()).then(|| Text {
                    text: texts.join(" | "),
                    span: span.clone(),
                })
            }
        }
    }

    /// The block as a task, when it is a task-list item.
    pub fn task(&self) -> Option<TaskItem> {
        match self {
            Block::Item { task: Some(_), .. } => self.task_with(self.value().as_ref()),
            _ => None,
        }
    }

    /// [`Block::value`] and [`Block::task`] together, the text collapsed once.
    pub fn value_and_task(&self) -> (Option<Text>, Option<TaskItem>) {
        let value = self.value();
        let task = self.task_with(value.as_ref());
        (value, task)
    }

    /// The task of a task-list item whose [`Block::value`] is `value`.
    fn task_with(&self, value: Option<&Text>) -> Option<TaskItem> {
        let Block::Item {
            task: Some(checked),
            start,
            marker_end,
            span,
            ..
        } = self
        else {
            return None;
        };
        let text = value.map(|value| value.text.clone()).unwrap_or_default();
        let end = if text.is_empty() {
            *marker_end
        } else {
            span.end
        };
        Some(TaskItem {
            checked: *checked,
            text,
            span: *start..end.max(*start),
        })
    }
}

/// The blocks of the Markdown in `text[start..]`, spans in `text`, and the
/// problem of a document past [`MAX_MARKDOWN_MARKS`]: its blocks are those of the
/// lines before the one holding the mark past the limit.
pub(crate) fn blocks(text: &str, start: usize) -> (Vec<Block>, Option<Problem>) {
    let Some(end) = marks_end(text, start) else {
        return (read_blocks(text, start), None);
    };
    let read = text
        .get(..end)
        .map_or_else(Vec::new, |head| read_blocks(head, start));
    (read, Some(too_many_marks(text, end)))
}

/// The blocks of `text[start..]`, by the simple reader where it can.
fn read_blocks(text: &str, start: usize) -> Vec<Block> {
    simple_blocks(text, start).unwrap_or_else(|| parsed_blocks(text, start))
}

/// The most marks (ASCII punctuation and line breaks) planlint reads from
/// one Markdown document. The memory a document takes grows with its
/// marks, each a node of the parser's tree and a block or a piece of
/// text, not with its bytes: a 10 MiB line of `*a* ` took 1.25 GB, five
/// million nested `- ` 2.1 GB. A goal document holds a few hundred marks,
/// a 2.8 MB page of 10,000 goals in the PostHog layout 450,000.
pub const MAX_MARKDOWN_MARKS: usize = 1_000_000;

/// Where reading `text[start..]` stops, if it holds more than
/// [`MAX_MARKDOWN_MARKS`]: the start of the line holding the mark past the limit.
fn marks_end(text: &str, start: usize) -> Option<usize> {
    marks_end_at(text, start, MAX_MARKDOWN_MARKS)
}

/// [`marks_end`] for a limit of `limit` marks.
fn marks_end_at(text: &str, start: usize, limit: usize) -> Option<usize> {
    let body = text.as_bytes().get(start..)?;
    // A mark is at least a byte: most documents need no count.
    if body.len() <= limit {
        return None;
    }
    let mut marks = 0usize;
    let mut line_start = 0;
    for (at, &byte) in body.iter().enumerate() {
        let line_end = byte == b'\n' || byte == b'\r';
        if line_end || byte.is_ascii_punctuation() {
            marks += 1;
            if marks > limit {
                return Some(start + line_start);
            }
        }
        if line_end {
            line_start = at + 1;
        }
    }
    None
}

/// The problem of a document read up to `end`, at the character there.
fn too_many_marks(text: &str, end: usize) -> Problem {
    Problem {
        message: format!(
            "this document holds more than {} Markdown marks (punctuation and line breaks), the most planlint reads from one document; the rest, from here on, is not read",
            thousands(MAX_MARKDOWN_MARKS)
        ),
        span: char_at(text, end),
        help: Some(
            "a goal document holds a few hundred marks: split this one into files, or check that the source's `paths` match planning documents only"
                .into(),
        ),
    }
}

/// The blocks of `text[start..]` when every line is one of the few kinds
/// most planning documents and issue bodies are made of, built without the
/// parser: a paragraph line, an ATX heading (`## ` and a line without `#`),
/// a `- ` list item or a `- [ ] ` task, or an empty line, each holding only
/// what [`line_inline`] reads, and tables of plain cells (see
/// [`table_row`]). pulldown-cmark's setup and passes cost several times
/// this reading. `None` when a line is anything else, or when a paragraph
/// line follows an item (it would continue the item); then
/// [`parsed_blocks`] reads the text. Property tests hold the two to the
/// same blocks.
fn simple_blocks(text: &str, start: usize) -> Option<Vec<Block>> {
    let body = text.get(start..)?;
    // Room for a goal document's blocks at once: grown from empty, the
    // list was reallocated three times per document.
    let mut blocks = Vec::with_capacity(EXPECTED_BLOCKS);
    // The open paragraph: its inline text, where it starts and ends.
    let mut open: Option<(Inline, usize, usize)> = None;
    let mut after_item = false;
    // The open table's number of columns.
    let mut table: Option<usize> = None;
    let mut at = start;
    let close = |open: &mut Option<(Inline, usize, usize)>, blocks: &mut Vec<Block>| {
        if let Some((inline, start, end)) = open.take() {
            blocks.push(Block::Paragraph {
                inline,
                span: start..end,
            });
        }
    };
    let mut lines = split_lines(body);
    while let Some(line) = lines.next() {
        let line_start = at;
        let line_end = at + line.len();
        at = line_end + 1;
        if line.is_empty() {
            close(&mut open, &mut blocks);
            after_item = false;
            table = None;
            continue;
        }
        if let Some(columns) = table {
            // Only a blank line ends a table here: any other line would be
            // a row of it, or a block whose start interrupts it.
            blocks.push(table_row(line, line_start, columns, false)?);
            continue;
        }
        if line.starts_with('|') {
            // A table after a paragraph or an item would be read into it.
            if open.is_some() || after_item {
                return None;
            }
            let delimiter = lines.next()?;
            let columns = delimiter_columns(delimiter)?;
            blocks.push(table_row(line, line_start, columns, true)?);
            at += delimiter.len() + 1;
            table = Some(columns);
            continue;
        }
        if let Some((level, content)) = heading_line(line) {
            close(&mut open, &mut blocks);
            after_item = false;
            blocks.push(Block::Heading {
                level,
                inline: line_inline(content, line_end - content.len())?,
                span: line_start..line_end,
            });
            continue;
        }
        if let Some((task, content)) = item_line(line) {
            close(&mut open, &mut blocks);
            after_item = true;
            let content_start = line_end - content.len();
            blocks.push(Block::Item {
                depth: 0,
                task,
                start: line_start,
                // After `- [ ]`, the task marker.
                marker_end: if task.is_some() {
                    content_start - 1
                } else {
                    line_start
                },
                inline: line_inline(content, content_start)?,
                span: content_start..line_end,
            });
            continue;
        }
        if after_item {
            return None;
        }
        match &mut open {
            Some((inline, _, end)) => {
                inline.push_break(text, *end..line_start);
                *end = line_end;
                push_line(inline, line, line_start)?;
            }
            None => open = Some((line_inline(line, line_start)?, line_start, line_end)),
        }
    }
    close(&mut open, &mut blocks);
    Some(blocks)
}

/// The blocks [`simple_blocks`] makes room for: a goal document has about
/// ten, an issue body two or three.
const EXPECTED_BLOCKS: usize = 16;

/// `text.split('\n')`, with memchr: the standard library's char searcher
/// cost 145 instructions a line, and documents are mostly short lines.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        // A line break is ASCII: every piece starts and ends on a character.
        match breaks.next() {
            Some(at) => {
                start = Some(at + 1);
                text.get(from..at)
            }
            None => {
                start = None;
                text.get(from..)
            }
        }
    })
}

/// A table row of `columns` cells between pipes (`| a | b |`), each cell
/// plain text (see [`is_plain_char`]) padded with spaces, as the parser
/// reads it: the cells' trimmed text, the row's span the line. `None` for
/// any other line, or another number of cells (the parser would pad or cut
/// the row).
fn table_row(line: &str, start: usize, columns: usize, header: bool) -> Option<Block> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    // The width comes from the file: a delimiter row of a million columns
    // must not reserve room for a million cells before a row is read.
    let mut cells = Vec::with_capacity(columns.min(line.len() / 2));
    let mut cell_start = 0;
    // A byte search for the pipes, and spaces trimmed by byte: a char
    // pattern's split and trim cost 1,400 instructions a row.
    let pipes = memchr::memchr_iter(b'|', inner.as_bytes()).chain(std::iter::once(inner.len()));
    for cell_end in pipes {
        let cell = inner.get(cell_start..cell_end)?;
        if !is_plain_text(cell) || cells.len() == columns {
            return None;
        }
        let bytes = cell.as_bytes();
        let lead = bytes.iter().take_while(|&&byte| byte == b' ').count();
        let trail = bytes.iter().rev().take_while(|&&byte| byte == b' ').count();
        cells.push(match cell.get(lead..cell.len().saturating_sub(trail)) {
            Some(content) if !content.is_empty() => {
                let content_start = start + 1 + cell_start + lead;
                Inline::exact(content, content_start..content_start + content.len())
            }
            _ => Inline::default(),
        });
        cell_start = cell_end + 1;
    }
    (cells.len() == columns).then(|| Block::Row {
        cells,
        header,
        span: start..start + line.len(),
    })
}

/// The number of columns of a table's delimiter row, `|:---|---:|`: cells
/// of dashes with an optional colon at either end, padded with spaces.
/// `None` for any other line.
fn delimiter_columns(line: &str) -> Option<usize> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let mut columns = 0;
    for cell in inner.split('|') {
        let cell = cell.trim_matches(' ');
        let cell = cell.strip_prefix(':').unwrap_or(cell);
        let cell = cell.strip_suffix(':').unwrap_or(cell);
        if cell.is_empty() || !cell.bytes().all(|byte| byte == b'-') {
            return None;
        }
        columns += 1;
    }
    Some(columns)
}

/// An ATX heading with no `#` in its text: its level and text.
fn heading_line(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let content = line.get(level..)?.strip_prefix(' ')?;
    let plain = (1..=6).contains(&level) && !content.contains('#');
    plain.then_some((u8::try_from(level).ok()?, content))
}

/// A `- ` list item, or a `- [ ] ` / `- [x] ` task: whether it is a task
/// (and done), and its text.
fn item_line(line: &str) -> Option<(Option<bool>, &str)> {
    let rest = line.strip_prefix("- ")?;
    Some(match rest.get(..4) {
        Some("[ ] ") => (Some(false), rest.get(4..)?),
        Some("[x] " | "[X] ") => (Some(true), rest.get(4..)?),
        _ => (None, rest),
    })
}

/// The inline text of one line starting at `start` in the file, read as
/// [`push_line`] reads it.
fn line_inline(line: &str, start: usize) -> Option<Inline> {
    if !has_marks(line) {
        return is_plain_line(line).then(|| Inline::exact(line, start..start + line.len()));
    }
    // Room for the line and its pieces at once: a marked line is a few
    // pieces, and growing into them was a third of its reading.
    let mut inline = Inline {
        text: String::with_capacity(line.len()),
        pieces: SmallVec::with_capacity(MARKED_LINE_PIECES),
        strong: Vec::new(),
    };
    push_marked_line(&mut inline, line, start)?;
    Some(inline)
}

/// Appends one line starting at `start` in the file to `inline`, as the
/// parser renders it, when the line is plain text (see [`is_plain_line`])
/// with, at most, `**strong**` runs of plain words (`**Motivation:**`) and
/// MDX components of one attribute (`<TeamMember name="Ada Lovelace" />`):
/// what PostHog's objectives pages are written in. `None` for anything else.
fn push_line(inline: &mut Inline, line: &str, start: usize) -> Option<()> {
    if !has_marks(line) {
        is_plain_line(line).then(|| inline.push(line, start..start + line.len(), true, false))
    } else {
        push_marked_line(inline, line, start)
    }
}

/// Whether a line holds a `<` or `*`: it cannot be a plain line, and only
/// [`push_marked_line`] may read it. A vector search, where the plain
/// line's check would read up to the first mark and then fail.
fn has_marks(line: &str) -> bool {
    memchr::memchr2(b'<', b'*', line.as_bytes()).is_some()
}

/// The pieces [`line_inline`] makes room for: a label, its text and a
/// component or two.
const MARKED_LINE_PIECES: usize = 4;

/// [`push_line`] for a line that is not plain text as a whole.
fn push_marked_line(inline: &mut Inline, line: &str, start: usize) -> Option<()> {
    let starts_well =
        line.starts_with("**") || line.chars().next().is_some_and(char::is_alphabetic);
    if !starts_well || line.ends_with(char::is_whitespace) {
        return None;
    }
    let mut at = 0;
    while let Some(rest) = line.get(at..).filter(|rest| !rest.is_empty()) {
        let here = start + at;
        if let Some(inner) = rest.strip_prefix("**") {
            // A run opens after a space and closes before one (or the end),
            // so that neither delimiter can be read the other way.
            let after_space = at == 0 || line.as_bytes().get(at - 1) == Some(&b' ');
            // No `*` is plain, so the first one must close the run.
            let inner = inner.get(..memchr::memchr(b'*', inner.as_bytes())?)?;
            let end = at + inner.len() + 4;
            let closer = line.get(end - 2..end) == Some("**");
            let closes = matches!(line.as_bytes().get(end), None | Some(b' '));
            if !after_space || !closer || !closes || !is_strong_text(inner) {
                return None;
            }
            let rendered = inline.text.len();
            inline.push(inner, here + 2..here + 2 + inner.len(), true, false);
            inline.add_strong(rendered..inline.text.len());
            at = end;
        } else if rest.starts_with('<') {
            let (name, length) = component_tag(rest)?;
            let source = here + name.start..here + name.end;
            inline.push(rest.get(name)?, source, true, true);
            at += length;
        } else {
            let length = plain_run(rest)?;
            inline.push(rest.get(..length)?, here..here + length, true, false);
            at += length;
        }
    }
    Some(())
}

/// The length of the plain text (see [`is_plain_char`]) that `text` starts
/// with, up to a `<` or `*` or its end; `None` when it is empty or another
/// character comes first. Byte by byte: a `find` of the two characters and
/// a second pass over the run cost 2,400 instructions a line.
fn plain_run(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut length = 0;
    while let Some(&byte) = bytes.get(length) {
        // Plain ASCII first: most bytes are, and it is one table lookup.
        if is_plain_ascii(byte) {
            length += 1;
        } else if byte == b'<' || byte == b'*' {
            break;
        } else if byte.is_ascii() {
            return None;
        } else {
            let c = text.get(length..)?.chars().next()?;
            if !is_plain_char(c) {
                return None;
            }
            length += c.len_utf8();
        }
    }
    (length > 0).then_some(length)
}

/// Whether a `**strong**` run's text is plain words that both delimiters
/// flank: a letter or digit first, a letter, digit or `:` last.
fn is_strong_text(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphanumeric)
        && text
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == ':')
        && text.chars().all(is_plain_char)
}

/// An MDX component tag of the one shape [`push_line`] reads,
/// `<Name name="value" />` (or `/>` with no space), its value plain text:
/// the value's range in `tag` and the tag's length.
fn component_tag(tag: &str) -> Option<(Range<usize>, usize)> {
    let bytes = tag.as_bytes();
    if !bytes.get(1)?.is_ascii_uppercase() {
        return None;
    }
    let name = bytes
        .get(1..)?
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    const ATTRIBUTE: &str = " name=\"";
    let value_start = 1 + name + ATTRIBUTE.len();
    let value = tag.get(1 + name..)?.strip_prefix(ATTRIBUTE)?;
    let value = value.get(..value.find('"')?)?;
    let value_end = value_start + value.len();
    let closing = tag.get(value_end + 1..)?;
    let closing = if closing.starts_with(" />") {
        3
    } else if closing.starts_with("/>") {
        2
    } else {
        return None;
    };
    // The value ends at the first `"`, so it holds none.
    let plain = !value.is_empty() && value.chars().all(is_plain_char);
    plain.then_some((value_start..value_end, value_end + 1 + closing))
}

/// Whether a line can only be the text of a paragraph, read as written: it
/// starts with a letter (no indent, list marker, heading, quote, fence,
/// table, HTML or thematic break), ends with neither whitespace (no hard
/// break, nothing trimmed) nor a control character, and holds no byte that
/// starts inline syntax (emphasis, code, links, autolinks, HTML, entities,
/// escapes, strikethrough, pipes).
fn is_plain_line(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_alphabetic)
        && !line.ends_with(' ')
        && is_plain_text(line)
}

/// Whether every character is plain (see [`is_plain_char`]): a table
/// lookup per byte first, as every line of every issue body comes here
/// and most are ASCII.
fn is_plain_text(text: &str) -> bool {
    text.bytes().all(is_plain_ascii) || (!text.is_ascii() && text.chars().all(is_plain_char))
}

/// Whether a character starts no Markdown syntax and is not white space
/// other than a space (see [`is_plain_ascii`]).
fn is_plain_char(c: char) -> bool {
    match u8::try_from(c) {
        Ok(byte) if byte.is_ascii() => is_plain_ascii(byte),
        _ => !c.is_whitespace() && !c.is_control(),
    }
}

/// Whether a byte is an ASCII letter, digit or punctuation that starts no
/// Markdown syntax.
fn is_plain_ascii(byte: u8) -> bool {
    const TABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 128 {
            table[byte] = (byte as u8).is_ascii_alphanumeric();
            byte += 1;
        }
        let punctuation = b" .,;:?'\"/()%=+-#@$";
        let mut at = 0;
        while at < punctuation.len() {
            table[punctuation[at] as usize] = true;
            at += 1;
        }
        table
    };
    TABLE.get(usize::from(byte)).copied().unwrap_or(false)
}

/// The blocks of `text[start..]` as pulldown-cmark reads them.
fn parsed_blocks(text: &str, start: usize) -> Vec<Block> {
    let body = text.get(start..).unwrap_or("");
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder {
        text,
        blocks: Vec::new(),
        items: Vec::new(),
        heading: None,
        paragraph: None,
        row: None,
        cell: None,
        strong: Vec::new(),
        code_depth: 0,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let span = range.start.saturating_add(start)..range.end.saturating_add(start);
        builder.event(event, span);
    }
    for block in &mut builder.blocks {
        match block {
            Block::Heading { inline, .. }
            | Block::Paragraph { inline, .. }
            | Block::Item { inline, .. } => inline.sort_strong(),
            Block::Row { cells, .. } => cells.iter_mut().for_each(Inline::sort_strong),
        }
    }
    builder.blocks
}

struct Builder<'a> {
    text: &'a str,
    blocks: Vec<Block>,
    /// Open list items, innermost last: their index in `blocks`, and where
    /// their own content ends when a nested list starts.
    items: Vec<(usize, Option<usize>)>,
    heading: Option<(u8, Inline, Span)>,
    paragraph: Option<(Inline, Span)>,
    row: Option<(Vec<Inline>, Span, bool)>,
    cell: Option<Inline>,
    /// Rendered positions where open `**strong**` runs start.
    strong: Vec<usize>,
    /// Inside a code block, text is not prose.
    code_depth: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(text) if self.code_depth == 0 => {
                let file = self.text;
                if let Some(inline) = self.target() {
                    inline.push_text(file, &text, span);
                }
            }
            Event::Code(code) => {
                let file = self.text;
                if let Some(inline) = self.target() {
                    inline.push_text(file, &code, span);
                }
            }
            Event::InlineHtml(html) if is_line_break_tag(&html) => {
                let file = self.text;
                if let Some(inline) = self.target() {
                    inline.push_break(file, span);
                }
            }
            Event::InlineHtml(html) => {
                if let Some(name) = component_name(&html) {
                    let source = span.start + name.start..span.start + name.end;
                    let rendered = html.get(name).unwrap_or("").to_owned();
                    let file = self.text;
                    if let Some(inline) = self.target() {
                        let exact = file.get(source.clone()) == Some(rendered.as_str());
                        inline.push(&rendered, source, exact, true);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                let file = self.text;
                if let Some(inline) = self.target() {
                    inline.push_break(file, span);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(Block::Item {
                    task, marker_end, ..
                }) = self.open_item()
                {
                    *task = Some(checked);
                    *marker_end = span.end;
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some((level as u8, Inline::default(), span));
            }
            Tag::Paragraph => {
                if let Some(Block::Item { inline, .. }) = self.open_item() {
                    // A later paragraph of a loose item continues its text.
                    if !inline.text.is_empty() {
                        inline.push_break("", span.start..span.start);
                    }
                } else {
                    self.paragraph = Some((Inline::default(), span));
                }
            }
            Tag::List(_) => {
                if let Some((_, own_end @ None)) = self.items.last_mut() {
                    *own_end = Some(span.start);
                }
            }
            Tag::Item => {
                self.blocks.push(Block::Item {
                    depth: self.items.len(),
                    task: None,
                    start: span.start,
                    marker_end: span.start,
                    inline: Inline::default(),
                    span: span.start..span.start,
                });
                self.items.push((self.blocks.len() - 1, None));
            }
            Tag::TableHead => self.row = Some((Vec::new(), span, true)),
            Tag::TableRow => self.row = Some((Vec::new(), span, false)),
            Tag::TableCell => self.cell = Some(Inline::default()),
            Tag::CodeBlock(_) => self.code_depth += 1,
            Tag::Strong => {
                let at = self.target().map(|inline| inline.text.len());
                if let Some(at) = at {
                    self.strong.push(at);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, inline, span)) = self.heading.take() {
                    let span = trim_span(self.text, span);
                    self.blocks.push(Block::Heading {
                        level,
                        inline,
                        span,
                    });
                }
            }
            TagEnd::Paragraph => {
                if let Some((inline, span)) = self.paragraph.take() {
                    let span = trim_span(self.text, span);
                    self.blocks.push(Block::Paragraph { inline, span });
                }
            }
            TagEnd::Item => {
                let text = self.text;
                if let Some((index, own_end)) = self.items.pop() {
                    if let Some(Block::Item {
                        task,
                        span: item_span,
                        start,
                        marker_end,
                        ..
                    }) = self.blocks.get_mut(index)
                    {
                        let markers_end = if task.is_some() {
                            *marker_end
                        } else {
                            bullet_end(text, *start)
                        };
                        let own = trim_span(text, markers_end..own_end.unwrap_or(span.end));
                        *item_span = if own.is_empty() {
                            markers_end..markers_end
                        } else {
                            own
                        };
                    }
                }
            }
            TagEnd::TableCell => {
                if let (Some(cell), Some((cells, _, _))) = (self.cell.take(), self.row.as_mut()) {
                    cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some((cells, span, header)) = self.row.take() {
                    let span = trim_span(self.text, span);
                    self.blocks.push(Block::Row {
                        cells,
                        header,
                        span,
                    });
                }
            }
            TagEnd::CodeBlock => self.code_depth = self.code_depth.saturating_sub(1),
            TagEnd::Strong => {
                if let Some(start) = self.strong.pop() {
                    if let Some(inline) = self.target() {
                        let end = inline.text.len();
                        if start < end {
                            inline.add_strong(start..end);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn open_item(&mut self) -> Option<&mut Block> {
        let (index, _) = *self.items.last()?;
        self.blocks.get_mut(index)
    }

    /// Where inline content goes now.
    fn target(&mut self) -> Option<&mut Inline> {
        if self.cell.is_some() {
            return self.cell.as_mut();
        }
        if self.heading.is_some() {
            return self.heading.as_mut().map(|(_, inline, _)| inline);
        }
        if self.paragraph.is_some() {
            return self.paragraph.as_mut().map(|(inline, _)| inline);
        }
        match self.open_item() {
            Some(Block::Item { inline, .. }) => Some(inline),
            _ => None,
        }
    }
}

/// The byte range of the `name` attribute's value in an MDX component tag
/// such as `<TeamMember name="Hugues Pouillot" />`.
/// Whether inline HTML is a line break (`<br>`, `<br/>`, `<br />`, any
/// case): a table cell's only way to hold several lines, as GitHub
/// renders them. Dropped, it glued the lines' words together.
fn is_line_break_tag(html: &str) -> bool {
    let Some(rest) = html
        .get(..3)
        .filter(|open| open.eq_ignore_ascii_case("<br"))
    else {
        return false;
    };
    let rest = html.get(rest.len()..).unwrap_or_default().trim_start();
    matches!(rest, ">" | "/>")
}

fn component_name(html: &str) -> Option<Range<usize>> {
    let mut chars = html.chars();
    if chars.next() != Some('<') || !chars.next().is_some_and(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut from = 0;
    while let Some(found) = html.get(from..).and_then(|rest| rest.find("name=")) {
        let at = from + found;
        from = at + "name=".len();
        let preceded_by_space = html
            .get(..at)
            .and_then(|before| before.chars().next_back())
            .is_some_and(char::is_whitespace);
        let quote = html.get(from..).and_then(|rest| rest.chars().next());
        if let (true, Some(quote @ ('"' | '\''))) = (preceded_by_space, quote) {
            let value_start = from + 1;
            let value_end = value_start + html.get(value_start..)?.find(quote)?;
            return Some(value_start..value_end);
        }
    }
    None
}

/// Where a list item's bullet (`-`, `*`, `+`, `1.`, `2)`) ends.
fn bullet_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    start + rest.find(char::is_whitespace).unwrap_or(rest.len())
}

/// A span without the whitespace (line breaks) at its ends.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    match text.get(span.clone()) {
        Some(slice) => {
            let start = span.start + (slice.len() - slice.trim_start().len());
            let end = (span.end - (slice.len() - slice.trim_end().len())).max(start);
            start..end
        }
        None => span,
    }
}

/// Where the section of the heading at `index` ends: the next heading of the
/// same or a higher level, or `limit`.
pub(crate) fn section_end(blocks: &[Block], index: usize, limit: usize) -> usize {
    let level = blocks
        .get(index)
        .and_then(Block::heading_level)
        .unwrap_or(0);
    (index + 1..limit)
        .find(|&at| {
            blocks
                .get(at)
                .and_then(Block::heading_level)
                .is_some_and(|other| other <= level)
        })
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of a document well inside [`MAX_MARKDOWN_MARKS`].
    fn blocks(text: &str, start: usize) -> Vec<Block> {
        super::blocks(text, start).0
    }

    #[test]
    fn a_document_past_the_marks_read_stops_at_the_line_holding_the_mark_past_them() {
        // Five marks (`#`, `-` and three line ends), then a line of marks.
        let head = "# Goal\n\n- one\n";
        let text = format!("{head}{}\n- two\n", "*".repeat(MAX_MARKDOWN_MARKS));
        let (read, cut) = super::blocks(&text, 0);
        let texts: Vec<String> = read
            .iter()
            .filter_map(|b| b.heading_text().or_else(|| b.value().map(|v| v.text)))
            .collect();
        assert_eq!(texts, ["Goal", "one"]);
        let cut = cut.expect("past the limit");
        assert_eq!(cut.span, head.len()..head.len() + 1);
        assert_eq!(
            cut.message,
            "this document holds more than 1,000,000 Markdown marks (punctuation and line breaks), \
             the most planlint reads from one document; the rest, from here on, is not read"
        );
        // Marks before `start` (a frontmatter) do not count.
        let frontmatter = format!("---\n{}\n---\n", "#".repeat(1_000));
        let text = format!("{frontmatter}{}", "*".repeat(MAX_MARKDOWN_MARKS));
        assert_eq!(marks_end(&text, frontmatter.len()), None);
        // At the limit the whole text is read; one more mark is past it.
        let text = format!("{}{}", "a".repeat(10), "*".repeat(MAX_MARKDOWN_MARKS));
        assert_eq!(marks_end(&text, 0), None);
        assert_eq!(marks_end(&format!("{text}\r"), 0), Some(0));
        // A line ends at `\r` as at `\n`: the cut keeps the lines before.
        let text = format!("a\rb\r{}", "*".repeat(MAX_MARKDOWN_MARKS));
        assert_eq!(marks_end(&text, 0), Some(4));
    }

    fn slice<'a>(text: &'a str, span: &Span) -> &'a str {
        &text[span.clone()]
    }

    #[test]
    fn blocks_render_text_and_keep_spans() {
        let text = "# Title\n\nintro *para*\n\n- [ ] a **b**\n- [x] c\n  - nested\n";
        let blocks = blocks(text, 0);
        assert_eq!(blocks.len(), 5, "{blocks:#?}");
        let Block::Heading {
            level,
            inline,
            span,
        } = &blocks[0]
        else {
            panic!()
        };
        assert_eq!(
            (*level, inline.text(), slice(text, span)),
            (1, "Title", "# Title")
        );
        let value = blocks[1].value().unwrap();
        assert_eq!(value.text, "intro para");
        assert_eq!(slice(text, &value.span), "intro *para*");
        let task = blocks[2].task().unwrap();
        assert!(!task.checked);
        assert_eq!(task.text, "a b");
        assert_eq!(slice(text, &task.span), "- [ ] a **b**");
        assert_eq!(slice(text, &blocks[2].value().unwrap().span), "a **b**");
        assert_eq!(blocks[3].value().unwrap().text, "c");
        assert!(blocks[3].task().unwrap().checked);
        let Block::Item { depth, .. } = &blocks[4] else {
            panic!()
        };
        assert_eq!(*depth, 1);
        assert_eq!(blocks[4].value().unwrap().text, "nested");
    }

    #[test]
    fn plain_paragraphs_skip_the_parser_and_read_the_same() {
        let text = "x\nPart of the goal.\nSee it (50%) - done.\n\n\nGoal: G-0";
        let fast = simple_blocks(text, 2).expect("plain lines take the fast path");
        assert_eq!(fast, parsed_blocks(text, 2));
        assert_eq!(fast.len(), 2);
        assert_eq!(
            fast[0].value().unwrap().text,
            "Part of the goal. See it (50%) - done."
        );
        assert_eq!(slice(text, fast[1].span()), "Goal: G-0");
        for syntax in [
            "a  \nb",
            "1. a",
            "a *b*",
            "a\n===",
            " a",
            "a\r\nb",
            "a\n \nb",
            "a | b",
            "- a\nb",
            "#a",
            "# a #",
            "####### a",
            "-  a",
            "- [ ]a",
            "- [y] a",
            "* a",
            "- - a",
            "- 1. a",
            "  - a",
            "- a\n  - b",
            "## ",
        ] {
            assert_eq!(simple_blocks(syntax, 0), None, "{syntax:?}");
        }
        assert_eq!(simple_blocks("", 0), Some(Vec::new()));
    }

    #[test]
    fn simple_documents_skip_the_parser_and_read_the_same() {
        let text = "---\nid: G-1\n---\n# Improve metric 1\n\n## Why\nCustomers asked.\nTwice.\n\n\
                    ## Done when\n- [ ] Metric 1 reaches its target\n- [x] The dashboard is public\n\
                    - [X] Done: yes\n\n## Adoption\n- Users switch to it.\n\n- Loose items too\n\
                    ### Risks\nParagraph after a heading\nText\n- Item interrupts it\n# Last";
        let start = 16;
        let fast = simple_blocks(text, start).expect("a simple document takes the fast path");
        assert_eq!(fast, parsed_blocks(text, start));
        let kinds: Vec<&str> = fast
            .iter()
            .map(|block| match block {
                Block::Heading { .. } => "h",
                Block::Paragraph { .. } => "p",
                Block::Item { task: Some(_), .. } => "t",
                Block::Item { .. } => "i",
                Block::Row { .. } => "r",
            })
            .collect();
        assert_eq!(kinds.concat(), "hhphttthiihpih");
    }

    #[test]
    fn objectives_pages_skip_the_parser_and_read_the_same() {
        let page =
            include_str!("../../tests/corpus/posthog/contents/teams/error-tracking/objectives.mdx");
        let fast = simple_blocks(page, 0).expect("a PostHog page takes the fast path");
        assert_eq!(fast, parsed_blocks(page, 0));
        let text = "#### Objective 2: Grouping (Owner: <TeamMember name=\"Hugues Pouillot\" />)\n\n\
                    **Motivation:** Better grouping.\nSecond **line** here\n\n**What we'll ship:**\n\n\
                    - Improve fingerprinting – <TeamMember name=\"Łukasz B\"/>\n- [ ] **Owner:** <A name=\"x\" />";
        let fast = simple_blocks(text, 0).expect("bold labels and components take the fast path");
        assert_eq!(fast, parsed_blocks(text, 0));
        assert_eq!(fast.len(), 5);
        let Block::Heading { inline, .. } = &fast[0] else {
            panic!("{fast:?}")
        };
        assert_eq!(
            inline.text(),
            "Objective 2: Grouping (Owner: Hugues Pouillot)"
        );
        assert!(inline.is_component(&(30..45)));
        let Block::Paragraph { inline, .. } = &fast[1] else {
            panic!("{fast:?}")
        };
        assert_eq!(inline.strong_at(0), Some(0..11));
        assert_eq!(inline.strong_at(36), Some(36..40));
        assert_eq!(
            fast[3].value().map(|v| v.text).as_deref(),
            Some("Improve fingerprinting – Łukasz B")
        );
        for syntax in [
            "**a **",
            "a**b**",
            "**a**b",
            "**a*",
            "**a*b*",
            "***a***",
            "a <b name=\"x\" />",
            "a <A name=\"\" />",
            "a <A name='x' />",
            "a <A name=\"x\">",
            "<A name=\"x\" /> a",
            "a * b",
            "a <A name=\"x\" /> ",
        ] {
            assert_eq!(simple_blocks(syntax, 0), None, "{syntax:?}");
        }
    }

    #[test]
    fn metadata_tables_skip_the_parser_and_read_the_same() {
        let text = "# Improve metric 0\n| Metadata         |                      |\n\
                    |:-----------------|:---------------------|\n\
                    | Point of contact | @a0              |\n|Status|Proposed|\n\n## Summary\n\n\
                    | a | b |\n| --- | :-: |\n";
        let fast = simple_blocks(text, 0).expect("a metadata table takes the fast path");
        assert_eq!(fast, parsed_blocks(text, 0));
        assert_eq!(fast.len(), 6);
        let Block::Row {
            cells,
            header,
            span,
        } = &fast[2]
        else {
            panic!("{fast:?}")
        };
        assert!(!header);
        assert_eq!(slice(text, span), "| Point of contact | @a0              |");
        let texts: Vec<&str> = cells.iter().map(Inline::text).collect();
        assert_eq!(texts, ["Point of contact", "@a0"]);
        for syntax in [
            "| a |\n|:|",
            "| a |\n| - | - |",
            "| a |\n|-|\n| b | c |",
            "| a |\n|-|\nb",
            "| a |\n|-|\n## b",
            "| a \\| b |\n|-|",
            "| `a` |\n|-|",
            "| a |\n|-| ",
            "a\n| a |\n|-|",
            "- a\n| a |\n|-|",
            "| a |",
        ] {
            assert_eq!(simple_blocks(syntax, 0), None, "{syntax:?}");
        }
    }

    /// A line of a document made mostly of what [`simple_blocks`] reads, and
    /// of lines that are nearly that and are not.
    fn simple_document_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let words = "([a-zA-Z0-9 .,;:?'\"/()%=+#@$!*_`~<>&|\\[\\]\\\\\t\r-]|é|\u{a0}|ß|\u{3000}|\u{0}|\u{85}){0,12}";
        // Mostly what the fast path reads, so that whole documents of it
        // are common; then the near misses, one at a time.
        let prefix = prop_oneof![
            8 => Just(""),
            2 => Just("# "),
            2 => Just("## "),
            1 => Just("###### "),
            4 => Just("- "),
            2 => Just("- [ ] "),
            1 => Just("- [x] "),
            1 => Just("- [X] "),
            1 => prop_oneof![
                Just("####### "),
                Just("#"),
                Just("- [ ]"),
                Just("- [y] "),
                Just("-  "),
                Just("-"),
                Just("* "),
                Just("+ "),
                Just("1. "),
                Just("  - "),
                Just("    "),
                Just("> "),
                Just("- - "),
                Just("- # "),
                Just("---"),
                Just("==="),
                Just("```"),
            ],
        ];
        let text = prop_oneof![
            8 => "[A-Za-z][a-z0-9 .,:'()#-]{0,10}[a-z.#]",
            3 => marked_text(),
            1 => proptest::string::string_regex(words).expect("a valid pattern"),
            1 => "\\PC{0,8}",
        ];
        (prefix, text, proptest::bool::weighted(0.2)).prop_map(|(prefix, text, blank)| {
            if blank {
                String::new()
            } else {
                format!("{prefix}{text}")
            }
        })
    }

    /// Text with `**strong**` runs and MDX components as PostHog's pages
    /// write them, and the near misses of each: pieces in any order.
    fn marked_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[A-Za-z][a-z0-9 .,:'()–-]{0,8}",
            2 => "\\*\\*[A-Za-zé0-9][a-z '’]{0,6}[a-z0-9:]\\*\\*",
            2 => "<[A-Z][a-zA-Z]{0,6} name=\"[A-Za-zł. ]{0,8}\" ?/>",
            1 => prop_oneof![
                Just(" "),
                Just("**"),
                Just("*"),
                Just("***a***"),
                Just("**a*"),
                Just("**a*b*"),
                Just("**a **"),
                Just("** a**"),
                Just("**a:**b"),
                Just("**(a)**"),
                Just("__a__"),
                Just("<teamMember name=\"a\" />"),
                Just("<A name=\"\" />"),
                Just("<A name='a' />"),
                Just("<A  name=\"a\" />"),
                Just("<A name=\"a\">"),
                Just("<A name=\"a<b\" />"),
                Just("<A name=\"a\" / >"),
                Just("<A title=\"a\" />"),
                Just("<div>"),
                Just("<!-- a -->"),
                Just("<http://a.b>"),
                Just("\\*"),
                Just("&amp;"),
                Just("\t"),
                Just("\u{a0}"),
            ]
            .prop_map(str::to_owned),
        ];
        proptest::collection::vec(piece, 1..5).prop_map(|pieces| pieces.concat())
    }

    /// A piece of a document with tables: a whole table of plain cells
    /// (header, delimiter row, body rows) or a simple line, with the near
    /// misses of each (a cell of syntax, a row of another width, a missing
    /// pipe, a bad delimiter).
    fn table_document_piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let cell = prop_oneof![
            40 => "[ ]{0,2}[A-Za-z0-9@#:/.() -]{0,8}[ ]{0,2}",
            1 => "\\PC{0,4}",
            1 => prop_oneof![
                Just("\\|"),
                Just("`a|b`"),
                Just("**a**"),
                Just("<A name=\"a\" />"),
                Just("\t"),
                Just(" \u{a0}"),
                Just("é"),
                Just("[a](b)"),
                Just("a*"),
                Just("- a"),
                Just("# a"),
                Just("---"),
                Just(":-:"),
            ]
            .prop_map(str::to_owned),
        ];
        let delimiter = prop_oneof![
            30 => "[ ]{0,2}:?-{1,4}:?[ ]{0,2}",
            1 => prop_oneof![Just(""), Just(":"), Just("::"), Just("- -"), Just("-\t"), Just("a")]
                .prop_map(str::to_owned),
        ];
        let edges = prop_oneof![
            60 => Just(("|", "|")),
            1 => Just(("", "|")),
            1 => Just(("|", "")),
            1 => Just((" |", "|")),
            1 => Just(("|", "| ")),
        ];
        let row = move |cell: BoxedStrategy<String>, width: usize| {
            let width = prop_oneof![30 => Just(width), 1 => 0..5usize];
            (width, edges.clone()).prop_flat_map(move |(width, (open, close))| {
                proptest::collection::vec(cell.clone(), width..=width)
                    .prop_map(move |cells| format!("{open}{}{close}", cells.join("|")))
            })
        };
        let table = (1..4usize).prop_flat_map(move |width| {
            (
                row(cell.clone().boxed(), width),
                row(delimiter.clone().boxed(), width),
                proptest::collection::vec(row(cell.clone().boxed(), width), 0..4),
            )
                .prop_map(|(header, delimiter, rows)| {
                    std::iter::once(header)
                        .chain(std::iter::once(delimiter))
                        .chain(rows)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
        });
        // Mostly a blank line after each piece, as tables are written.
        (
            prop_oneof![
                4 => table,
                2 => "(# |## |- )?[A-Za-z][a-z0-9 .,:'()-]{0,10}[a-z.]",
                1 => simple_document_line(),
            ],
            proptest::bool::weighted(0.85),
        )
            .prop_map(|(piece, blank)| if blank { piece + "\n" } else { piece })
    }

    /// `lines` joined into a document, with a last line break or not.
    fn document(lines: &[String], trailing_newline: bool) -> String {
        let mut text = lines.join("\n");
        if trailing_newline {
            text.push('\n');
        }
        text
    }

    /// Whenever the fast path reads `text`, it reads the parser's blocks.
    fn fast_path_agrees(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        if let Some(fast) = simple_blocks(text, 0) {
            proptest::prop_assert_eq!(fast, parsed_blocks(text, 0), "{:?}", text);
        }
        Ok(())
    }

    /// The marks [`marks_end_at`] counts: ASCII punctuation and line ends.
    fn is_mark(c: char) -> bool {
        c.is_ascii_punctuation() || c == '\n' || c == '\r'
    }

    proptest::proptest! {
        /// Whatever the text, the cut is at the start of a line (a
        /// character boundary), the text before it holds at most the limit,
        /// and its own line holds the mark past it; without a cut the
        /// text holds at most the limit.
        #[test]
        fn the_cut_keeps_whole_lines_of_at_most_the_limit(
            text in "\\PC{0,60}|[\n\r*\\-a\u{e9}\u{202e}\u{301} ]{0,60}",
            start in 0usize..8,
            limit in 0usize..12,
        ) {
            let start = (0..=start.min(text.len()))
                .rev()
                .find(|&at| text.is_char_boundary(at))
                .unwrap_or(0);
            let marks = |s: &str| s.chars().filter(|&c| is_mark(c)).count();
            match marks_end_at(&text, start, limit) {
                None => proptest::prop_assert!(marks(&text[start..]) <= limit),
                Some(end) => {
                    proptest::prop_assert!(end >= start && text.is_char_boundary(end));
                    let before = &text[start..end];
                    proptest::prop_assert!(before.is_empty() || before.ends_with(['\n', '\r']));
                    proptest::prop_assert!(marks(before) <= limit);
                    let line_end = text[end..]
                        .find(['\n', '\r'])
                        .map_or(text.len(), |at| end + at + 1);
                    proptest::prop_assert!(marks(&text[start..line_end]) > limit);
                }
            }
        }
    }

    proptest::proptest! {
        // A third of the documents take the fast path, an eighth with body
        // rows: more cases than the default, so that each run checks many.
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]

        /// Documents with tables of plain cells, the rows and delimiter
        /// rows that nearly are, and what a table can meet: the fast path
        /// answers what the parser reads.
        #[test]
        fn simple_blocks_equal_the_parser_on_documents_with_tables(
            pieces in proptest::collection::vec(table_document_piece(), 0..6),
            trailing_newline in proptest::bool::ANY,
        ) {
            fast_path_agrees(&document(&pieces, trailing_newline))?;
        }
    }

    proptest::proptest! {
        /// The memchr split is `str::split` at line breaks, on any text.
        #[test]
        fn split_lines_is_str_split(text in "([a\n\r]|é|🚀){0,20}|(?s).{0,60}") {
            let fast: Vec<&str> = split_lines(&text).collect();
            let slow: Vec<&str> = text.split('\n').collect();
            proptest::prop_assert_eq!(fast, slow);
        }

        /// Documents of headings, items, tasks and paragraphs, with the lines
        /// that nearly are: the fast path answers what the parser reads.
        #[test]
        fn simple_blocks_equal_the_parser_on_simple_looking_documents(
            lines in proptest::collection::vec(simple_document_line(), 0..12),
            trailing_newline in proptest::bool::ANY,
        ) {
            fast_path_agrees(&document(&lines, trailing_newline))?;
        }

        /// Whenever the fast path answers, it answers what the parser reads:
        /// on arbitrary Unicode, and on text made mostly of the bytes it allows.
        #[test]
        fn plain_paragraphs_equal_the_parser_on_any_text(text in "\\PC*(\n\\PC*){0,4}") {
            if let Some(fast) = simple_blocks(&text, 0) {
                proptest::prop_assert_eq!(fast, parsed_blocks(&text, 0));
            }
        }

        #[test]
        fn plain_paragraphs_equal_the_parser_on_plain_looking_text(
            text in "([a-zA-Z0-9 .,;:?'\"/()%=+#@$!*_`~<>&|\\[\\]\\\\\t\r-]|\n|é|\u{a0}|ß|\u{3000}|\u{0}){0,80}"
        ) {
            if let Some(fast) = simple_blocks(&text, 0) {
                proptest::prop_assert_eq!(fast, parsed_blocks(&text, 0));
            }
        }
    }

    #[test]
    fn collapse_joins_words_with_one_space() {
        assert_eq!(collapse(""), "");
        assert_eq!(collapse(" \n\t "), "");
        assert_eq!(collapse("one"), "one");
        assert_eq!(collapse("  a\n b\t\tc\u{a0}d\u{2003}e\r\n"), "a b c d e");
        assert_eq!(collapse("x\u{b}y\u{c}z"), "x y z");
    }

    proptest::proptest! {
        /// The shortcut for text already collapsed agrees with `split_whitespace`.
        #[test]
        fn collapse_is_split_whitespace_joined(
            text in proptest::prop_oneof![
                "[a-z \\t\\n\\r\u{b}\u{c}\u{1c}-\u{1f}\u{0}]{0,30}",
                // Only words and spaces: the shortcut's own case.
                "[a-c ]{0,12}",
                // Non-ASCII words with Unicode spaces among them.
                "([a-c –é ]|\u{a0}|\u{2003}|\u{3000}|\u{85}){0,16}",
                "\\PC{0,30}",
                proptest::prelude::any::<String>(),
            ]
        ) {
            proptest::prop_assert_eq!(collapse(&text), text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn value_and_task_agree_with_value_and_task() {
        let text =
            "# T\n\n- [ ] a  **b**\n- [x]\n- plain\n\npara\n\n| a | b |\n|--|--|\n| c | d |\n";
        let blocks = blocks(text, 0);
        assert_eq!(blocks.len(), 7, "{blocks:#?}");
        for block in &blocks {
            assert_eq!(block.value_and_task(), (block.value(), block.task()));
        }
        let (value, task) = blocks[1].value_and_task();
        assert_eq!(value.unwrap().text, "a b");
        assert_eq!(slice(text, &task.unwrap().span), "- [ ] a  **b**");
        let (value, task) = blocks[2].value_and_task();
        assert_eq!(value, None);
        assert_eq!(slice(text, &task.unwrap().span), "- [x]");
    }

    #[test]
    fn code_and_html_are_not_values() {
        let text = "## Risks\n<!-- planlint-disable x -->\n\n```\ncode\n```\n";
        let blocks = blocks(text, 0);
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn a_br_tag_is_a_line_break() {
        for text in ["a<br>b\n", "a<br/>b\n", "a<BR />b\n", "a<br   >b\n"] {
            let Block::Paragraph { inline, .. } = &blocks(text, 0)[0] else {
                panic!("{text}")
            };
            assert_eq!(inline.text(), "a\nb", "{text}");
        }
        // Other tags, and a `br` that is the start of another name, are not.
        for text in ["a<bra>b\n", "a<b>b\n", "a<br x>b\n"] {
            let Block::Paragraph { inline, .. } = &blocks(text, 0)[0] else {
                panic!("{text}")
            };
            assert_eq!(inline.text(), "ab", "{text}");
        }
    }

    #[test]
    fn components_render_as_their_name() {
        let text = "- Ship it – <TeamMember name=\"Hugues Pouillot\" />\n";
        assert_eq!(
            slice(text, blocks(text, 0)[0].span()),
            "Ship it – <TeamMember name=\"Hugues Pouillot\" />"
        );
        let blocks = blocks(text, 0);
        let Block::Item { inline, .. } = &blocks[0] else {
            panic!()
        };
        assert_eq!(inline.text(), "Ship it – Hugues Pouillot");
        let name_start = inline.text().find("Hugues").unwrap();
        let range = name_start..inline.text().len();
        assert!(inline.is_component(&range));
        assert_eq!(
            slice(text, &inline.source_span(range).unwrap()),
            "Hugues Pouillot"
        );
    }

    #[test]
    fn nested_strong_runs_are_found_by_their_start() {
        // pulldown-cmark closes the inner run first; the outer one, which
        // starts earlier, is recorded after it.
        let text = "**Owner **now**:** y **z**\n";
        let blocks = blocks(text, 0);
        let Block::Paragraph { inline, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(inline.text(), "Owner now: y z");
        assert_eq!(inline.strong_at(0), Some(0..10));
        assert_eq!(inline.strong_at(6), Some(6..9));
        assert_eq!(inline.strong_at(13), Some(13..14));
        assert_eq!(inline.strong_at(1), None);
    }

    #[test]
    fn strong_runs_are_recorded() {
        let text = "**Owner:** @bob\n";
        let blocks = blocks(text, 0);
        let Block::Paragraph { inline, .. } = &blocks[0] else {
            panic!()
        };
        assert_eq!(inline.text(), "Owner: @bob");
        assert_eq!(inline.strong_at(0), Some(0..6));
    }

    #[test]
    fn a_paragraph_of_plain_lines_is_one_piece_that_maps_every_line_back() {
        let text = "Intro *with emphasis* here\nalpha\nbeta <Person name=\"ana\" />\ngamma\n";
        let blocks = blocks(text, 0);
        let Some(Block::Paragraph { inline, .. }) = blocks.first() else {
            panic!("{blocks:?}")
        };
        for word in ["Intro", "emphasis", "here\nalpha\nbeta", "ana", "gamma"] {
            let at = inline.text().find(word).unwrap();
            let span = inline.source_span(at..at + word.len()).unwrap();
            assert_eq!(&text[span.clone()], word, "{word}");
        }
        // The emphasis and the component cut the text; between them, the
        // lines and their breaks are one piece.
        let plain_lines = inline.pieces.iter().filter(|p| p.exact && !p.component);
        let longest = plain_lines.map(|p| p.rendered.len()).max();
        assert_eq!(longest, Some(" here\nalpha\nbeta ".len()));
        let many = format!("Plain\n{}", "line\n".repeat(1_000));
        let Some(Block::Paragraph { inline, .. }) = self::blocks(&many, 0).first().cloned() else {
            panic!()
        };
        assert_eq!(inline.pieces.len(), 1);
    }

    #[test]
    fn table_rows_are_blocks() {
        let text = "| Metadata | |\n|--|--|\n| Owner | @lqd |\n";
        let blocks = blocks(text, 0);
        assert_eq!(blocks.len(), 2);
        let Block::Row {
            cells,
            header,
            span,
        } = &blocks[1]
        else {
            panic!()
        };
        assert!(!header);
        assert_eq!(slice(text, span), "| Owner | @lqd |");
        assert_eq!(cells[1].text(), "@lqd");
        assert_eq!(blocks[1].value().unwrap().text, "Owner | @lqd");
    }

    #[test]
    fn offsets_account_for_the_body_start() {
        let text = "---\na: b\n---\n## Why\nBecause.\n";
        let blocks = blocks(text, 13);
        assert_eq!(slice(text, blocks[0].span()), "## Why");
        assert_eq!(slice(text, blocks[1].span()), "Because.");
    }
}
