//! Fields written as labelled lines in Markdown: `- Owner: @bob`,
//! `**Owner:** @bob`, `Owner: @bob`, `(Owner: @bob)` in a heading, and
//! two-column metadata tables (`| Point of contact | @lqd |`).

use super::fields::FieldNames;
use crate::diagnostic::Span;
use crate::model::{CompactString, Field, Origin, Task, Value};
use crate::parse::markdown::{collapse, Block, Inline};
use std::cell::OnceCell;
use std::ops::Range;

/// Labels longer than this are prose, not field names.
const MAX_LABEL_CHARS: usize = 40;

/// A heading or label as a field name: surrounding emoji and punctuation
/// and leading numbering (`1.`, `2)`, `1.2.`) removed.
pub(crate) fn clean_label(raw: &str) -> String {
    without_trailing_marks(without_leading_marks(raw)).to_owned()
}

/// [`clean_label`] at the end only.
pub(crate) fn without_trailing_marks(text: &str) -> &str {
    text.trim_end_matches(|c: char| !(c.is_alphanumeric() || matches!(c, ')' | ']' | '"' | '\'')))
}

/// [`clean_label`] at the start only: the text of a numbered heading
/// (`KR1 p95 below 1%.`) ends as it is written.
pub(crate) fn without_leading_marks(raw: &str) -> &str {
    let rest = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    strip_numbering(rest).trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// `1. Why` → `Why`, `1.2. Why` → `Why`; `1.5x faster` is not numbering and stays.
fn strip_numbering(text: &str) -> &str {
    let mut rest = text;
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = rest.get(digits..).unwrap_or("");
        if digits == 0 || !after.starts_with(['.', ')']) {
            return text;
        }
        rest = after.get(1..).unwrap_or("");
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return rest.trim_start();
        }
    }
}

/// Whether text before a colon reads as a field label rather than prose.
fn looks_like_label(label: &str) -> bool {
    let count = label.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&count)
        && label.chars().next().is_some_and(char::is_alphabetic)
        && label.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '-' | '_' | '/' | '\'' | '’' | '(' | ')' | '&' | '.'
                )
        })
}

/// Field names the configuration knows (aliases and what they mean): a bare
/// `Label: value` line counts only with one of these, so that prose such as
/// `Note: ...` does not become a field.
/// Built per document: it borrows the aliases, and lists their canonical
/// names (sorted) only when a label is not an alias, instead of copying and
/// hashing every name per document.
pub(crate) struct KnownNames<'a> {
    aliases: &'a foldhash::HashMap<String, String>,
    /// The canonical names, sorted and deduplicated, once asked for.
    canonical: OnceCell<Vec<&'a str>>,
}

impl<'a> KnownNames<'a> {
    pub fn new(options: &'a FieldNames) -> Self {
        KnownNames {
            aliases: options.aliases(),
            canonical: OnceCell::new(),
        }
    }

    fn contains(&self, label: &str) -> bool {
        let name = crate::parse::normalize_name(label);
        if self.aliases.contains_key(name.as_str()) {
            return true;
        }
        let canonical = self.canonical.get_or_init(|| {
            let mut names: Vec<&str> = self.aliases.values().map(String::as_str).collect();
            names.sort_unstable();
            names.dedup();
            names
        });
        canonical.binary_search(&name.as_str()).is_ok()
    }

    /// A numbered label without its number (`KR1` → `KR`, `Risk 2.1` →
    /// `Risk`), when it is not a name itself and without the number is a
    /// list planlint reads: done criteria, risks, non-goals. Each numbered
    /// line is then one value of that list.
    fn unnumbered<'l>(&self, label: &'l str) -> Option<&'l str> {
        if !label.ends_with(|c: char| c.is_ascii_digit()) || self.contains(label) {
            return None;
        }
        let base = label.trim_end_matches(|c: char| {
            c.is_ascii_digit() || matches!(c, '.' | '#' | ' ' | '-' | '_')
        });
        let name = crate::parse::normalize_name(base);
        let lists = ["done_when", "risks", "not_doing"];
        let canonical = self.aliases.get(name.as_str()).map(String::as_str);
        canonical
            .is_some_and(|c| lists.contains(&c))
            .then_some(base)
    }

    /// A heading that is one numbered item of a list, `KR1.1 Deploys
    /// succeed 99.5% of the time` or `Key result 2: ...`: the list's name
    /// (`KR`) and the item's text after the number (maybe empty). `None`
    /// for any other heading, `Why` or `2. Why` or `Q3 2027 plans`.
    pub(crate) fn numbered_item<'t>(&self, heading: &'t str) -> Option<(&'t str, &'t str)> {
        let text = heading.trim_start();
        let digit = text.find(|c: char| c.is_ascii_digit())?;
        let before = text.get(..digit)?;
        let wordy = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '_' | '#');
        if !before.starts_with(char::is_alphabetic) || !before.chars().all(wordy) {
            return None;
        }
        let number = text.get(digit..)?;
        let mut end = digit;
        let mut chars = number.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next_is_digit = chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
            if c.is_ascii_digit() || (matches!(c, '.' | '-') && next_is_digit) {
                end = digit + at + c.len_utf8();
            } else {
                break;
            }
        }
        let label = text.get(..end)?;
        let rest = text.get(end..)?;
        if !(rest.is_empty() || rest.starts_with([' ', ':', '.', ')', '\u{2013}', '\u{2014}'])) {
            return None;
        }
        let base = self.unnumbered(label)?;
        let rest = rest.trim_start_matches([' ', ':', '.', ')', '-', '\u{2013}', '\u{2014}']);
        Some((base, self.without_annotation(rest.trim_end())))
    }

    /// `text` without a last `(Owner: @ana)` that names a known field: a
    /// key result's owner is not part of what it asks for.
    fn without_annotation<'t>(&self, text: &'t str) -> &'t str {
        let Some(inner) = text.strip_suffix(')') else {
            return text;
        };
        let Some(open) = inner.rfind('(') else {
            return text;
        };
        let annotation = inner.get(open + 1..).unwrap_or("");
        match annotation.split_once(':') {
            Some((label, _)) if self.contains(label.trim()) => {
                text.get(..open).unwrap_or(text).trim_end()
            }
            _ => text,
        }
    }

    /// The field a label names: its own name, or its list's when it is
    /// numbered ([`KnownNames::unnumbered`]), without a qualifier
    /// ([`KnownNames::unqualified`]).
    fn field_name(&self, options: &FieldNames, label: &str) -> CompactString {
        let label = self.unqualified(label);
        options.canonical(self.unnumbered(label).unwrap_or(label))
    }

    /// Whether a label names a field planlint knows: itself, numbered, or
    /// with a qualifier.
    fn names_a_field(&self, label: &str) -> bool {
        self.contains(label)
            || self.unnumbered(label).is_some()
            || self.unqualified(label).len() < label.len()
    }

    /// A name with a qualifier in brackets after it, `Acceptance Criteria
    /// (Epic-Level)` or `Owner (DRI)`, without the qualifier, when the name
    /// alone is one planlint knows and the whole is not; else `label`.
    pub(crate) fn unqualified<'l>(&self, label: &'l str) -> &'l str {
        let Some(inner) = label.strip_suffix(')') else {
            return label;
        };
        let Some(open) = inner.rfind('(') else {
            return label;
        };
        let name = inner.get(..open).unwrap_or("").trim_end();
        if name.is_empty() || self.contains(label) || !self.contains(name) {
            return label;
        }
        name
    }
}

/// A field found in Markdown, before fields are merged.
pub(crate) struct Found {
    pub name: CompactString,
    pub field: Field,
}

/// Fields written as labelled lines in `blocks` (a record's own content,
/// before any sub-heading), in document order.
///
/// A label with no value (`**What we'll ship:**`, `- Done when:`) takes the
/// blocks after it as its values: the items nested under a list item, or
/// the following paragraphs, items and rows up to the next label.
pub(crate) fn field_lines(
    blocks: &[Block],
    options: &FieldNames,
    known: &KnownNames,
) -> Vec<Found> {
    lines_of_fields(blocks, options, known, None)
}

/// The [`field_lines`] called `name`, without building the values of the
/// others. Every label still ends the one before it, and an item labelled
/// with no value still takes the items nested under it, so the fields
/// found are exactly those of [`field_lines`] with that name. An issue
/// body is read for its `done_when` only.
pub(crate) fn field_lines_named(
    blocks: &[Block],
    options: &FieldNames,
    known: &KnownNames,
    name: &str,
) -> Vec<Found> {
    lines_of_fields(blocks, options, known, Some(name))
}

/// Where the blocks after a label go when its field is not wanted: no
/// index of the found fields, so they are dropped.
const UNWANTED: usize = usize::MAX;

fn lines_of_fields(
    blocks: &[Block],
    options: &FieldNames,
    known: &KnownNames,
    only: Option<&str>,
) -> Vec<Found> {
    let wanted = |name: &str| only.is_none_or(|only| only == name);
    let mut found: Vec<Found> = Vec::new();
    // The field that takes following blocks as values, and for items nested
    // under a label item, the depth they must be deeper than.
    let mut collecting: Option<(usize, Option<usize>)> = None;
    for (at, block) in blocks.iter().enumerate() {
        if let Some((index, Some(depth))) = collecting {
            if matches!(block, Block::Item { depth: at, .. } if *at > depth) {
                add_block(&mut found, index, block);
                continue;
            }
            collecting = None;
        }
        match block {
            Block::Heading { .. } => collecting = None,
            Block::Paragraph { inline, .. } => {
                paragraph_lines(
                    block,
                    inline,
                    options,
                    known,
                    &wanted,
                    &mut found,
                    &mut collecting,
                );
            }
            Block::Item { depth, inline, .. } => match item_field(block, inline, options, known) {
                Some(item) => {
                    let empty = item.field.values.is_empty();
                    let index = if wanted(&item.name) {
                        found.push(item);
                        found.len() - 1
                    } else {
                        UNWANTED
                    };
                    collecting = empty.then_some((index, Some(*depth)));
                }
                None => {
                    if let Some((index, _)) = collecting {
                        add_block(&mut found, index, block);
                    }
                }
            },
            Block::Row {
                cells,
                header,
                span,
            } => match row_label(
                cells,
                *header && !is_metadata_header(blocks, at, known),
                options,
                known,
            ) {
                Some((name, value)) => {
                    if wanted(&name) {
                        found.push(row_field(name, value, span));
                    }
                }
                None => {
                    if let Some((index, _)) = collecting {
                        add_block(&mut found, index, block);
                    }
                }
            },
        }
    }
    found
}

fn add_block(found: &mut [Found], index: usize, block: &Block) {
    if let Some(target) = found.get_mut(index) {
        target.field.values.extend(block.value().map(Value::from));
        target.field.tasks.extend(block.task().map(Task::from));
    }
}

/// `Label: value` lines of a paragraph; a label's value runs over the
/// following lines that are not labels themselves.
fn paragraph_lines(
    block: &Block,
    inline: &Inline,
    options: &FieldNames,
    known: &KnownNames,
    wanted: &dyn Fn(&str) -> bool,
    found: &mut Vec<Found>,
    collecting: &mut Option<(usize, Option<usize>)>,
) {
    let lines = inline.lines();
    let labels: Vec<Option<(String, usize)>> = lines
        .iter()
        .map(|line| line_label(inline, line.clone(), known))
        .collect();
    let Some(first_label) = labels.iter().position(Option::is_some) else {
        if let Some((index, _)) = *collecting {
            add_block(found, index, block);
        }
        return;
    };
    // A line that looks like a label planlint does not know (`Created:
    // November 3`, `Tags: retention` among a page's properties) is no
    // field, and no part of the value above it either. Capitalised only:
    // a wrapped line of prose may begin `the following: ...`.
    let other_label: Vec<bool> = (lines.iter().zip(&labels))
        .map(|(line, label)| label.is_none() && is_other_label(inline, line.clone()))
        .collect();
    let unlabelled = |at: usize| {
        labels.get(at).is_some_and(Option::is_none) && other_label.get(at) == Some(&false)
    };
    let first_label = (0..first_label)
        .find(|at| other_label.get(*at) == Some(&true))
        .unwrap_or(first_label);
    if first_label > 0 {
        if let (Some((index, _)), Some(before)) = (*collecting, lines.get(first_label - 1)) {
            if let Some(target) = found.get_mut(index) {
                target
                    .field
                    .values
                    .extend(inline.value(0..before.end).map(Value::from));
            }
        }
    }
    for (at, label) in labels.iter().enumerate() {
        let (Some((label, value_start)), Some(line)) = (label, lines.get(at)) else {
            continue;
        };
        let last = (at + 1..lines.len())
            .take_while(|next| unlabelled(*next))
            .last()
            .unwrap_or(at);
        let value_end = lines.get(last).map_or(line.end, |line| line.end);
        let span = inline
            .trim(line.start..value_end)
            .and_then(|range| inline.source_span(range));
        let Some(span) = span else { continue };
        let name = known.field_name(options, label);
        if !wanted(&name) {
            // What an unwanted label would collect is dropped either way,
            // and collecting hides no later label from this loop.
            *collecting = None;
            continue;
        }
        let values = split_values(inline, *value_start..value_end);
        let empty = values.is_empty();
        found.push(Found {
            name,
            field: Field::new(Origin::LabelledLine, span, values),
        });
        *collecting = (empty && last + 1 == lines.len()).then(|| (found.len() - 1, None));
    }
}

/// The label of a line and where its value starts (rendered positions):
/// `**Owner:** x`, `**Owner**: x`, or `Owner: x` with a known name.
fn line_label(inline: &Inline, line: Range<usize>, known: &KnownNames) -> Option<(String, usize)> {
    let line = inline.trim(line)?;
    let text = inline.text();
    if let Some(strong) = inline.strong_at(line.start) {
        let inside = text.get(strong.clone())?.trim_end();
        if let Some(label) = inside.strip_suffix(':') {
            let label = clean_label(label);
            return looks_like_label(&label).then_some((label, strong.end.min(line.end)));
        }
        let after = text.get(strong.end..line.end)?;
        let colon = after.len() - after.trim_start().len();
        if after.get(colon..)?.starts_with(':') {
            let label = clean_label(inside);
            return looks_like_label(&label).then_some((label, strong.end + colon + 1));
        }
        return None;
    }
    let (label, value_start) = colon_label(text, line)?;
    known.names_a_field(&label).then_some((label, value_start))
}

/// Whether a line reads as `Label: value` with a capitalised label that
/// [`line_label`] did not take (not a name planlint knows).
fn is_other_label(inline: &Inline, line: Range<usize>) -> bool {
    let Some(line) = inline.trim(line) else {
        return false;
    };
    colon_label(inline.text(), line)
        .is_some_and(|(label, _)| label.chars().next().is_some_and(char::is_uppercase))
}

/// `Label: value` at the start of `text[line]`: a label-looking prefix, then
/// a colon followed by whitespace or the end of the line.
fn colon_label(text: &str, line: Range<usize>) -> Option<(String, usize)> {
    let content = text.get(line.clone())?;
    // Look for the colon only where a label could end (a few characters of
    // numbering or emoji allowed), so long lines cost nothing.
    let colon = first_colon(content, MAX_LABEL_CHARS + 8)?;
    let after = content.get(colon + 1..)?;
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let raw = content.get(..colon)?;
    let label = clean_label(raw);
    looks_like_label(&label).then_some((label, line.start + colon + 1))
}

/// Where the first `:` of `content` is, when it comes within its first
/// `chars` characters and before any line break. Bytes, not characters:
/// this runs on every line of every issue body, and both marks are ASCII,
/// so a character starts at every byte that is not a continuation byte.
fn first_colon(content: &str, chars: usize) -> Option<usize> {
    let mut seen = 0;
    for (at, &byte) in content.as_bytes().iter().enumerate() {
        if byte & 0xc0 != 0x80 {
            if seen == chars {
                return None;
            }
            seen += 1;
        }
        match byte {
            b':' => return Some(at),
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// `- Owner: @bob` (any label-looking name): the item's text after the colon.
fn item_field(
    block: &Block,
    inline: &Inline,
    options: &FieldNames,
    known: &KnownNames,
) -> Option<Found> {
    let first_line = inline.lines().into_iter().next()?;
    let line = inline.trim(first_line)?;
    let (label, value_start) = colon_label(inline.text(), line)?;
    let values = split_values(inline, value_start..inline.text().len());
    Some(Found {
        name: known.field_name(options, &label),
        field: Field::new(Origin::LabelledLine, block.span().clone(), values),
    })
}

/// The field name and value cell of `| Point of contact | @lqd |` in a
/// two-column table (not its header row).
fn row_label<'c>(
    cells: &'c [Inline],
    header: bool,
    options: &FieldNames,
    known: &KnownNames,
) -> Option<(CompactString, &'c Inline)> {
    let [label, value] = cells else { return None };
    if header {
        return None;
    }
    let label = clean_label(label.text());
    looks_like_label(&label).then(|| (known.field_name(options, &label), value))
}

/// Whether the header row at `at` is a metadata table's first row, as a
/// table of two columns with no header of its own is written
/// (`| Owner | @sven |`, `|---|---|`, `| Team | devex |`): its label and
/// the next row's are names planlint knows. A legend's header (`| Status |
/// Meaning |` above `| done | shipped |`) is not.
fn is_metadata_header(blocks: &[Block], at: usize, known: &KnownNames) -> bool {
    let names_field = |block: Option<&Block>| match block {
        Some(Block::Row { cells, .. }) => match cells.as_slice() {
            [label, value] => {
                let label = clean_label(label.text());
                !value.text().trim().is_empty() && known.names_a_field(&label)
            }
            _ => false,
        },
        _ => false,
    };
    names_field(blocks.get(at)) && names_field(blocks.get(at + 1))
}

/// The field of a labelled row ([`row_label`]).
fn row_field(name: CompactString, value: &Inline, span: &Span) -> Found {
    Found {
        name,
        field: Field::new(
            Origin::MetadataTable,
            span.clone(),
            split_values(value, 0..value.text().len()),
        ),
    }
}

/// The `(Owner: X)` parts of a heading as fields, and, when asked for, the
/// heading's text without them (the record's title; empty when not asked:
/// most sources make the title from the heading's source instead).
pub(crate) fn heading_fields(
    inline: &Inline,
    options: &FieldNames,
    with_title: bool,
) -> (Vec<Found>, String) {
    let full = inline.text();
    let mut found = Vec::new();
    let text = match heading_id(inline, options) {
        Some((id, end)) => {
            found.push(id);
            full.get(..end).unwrap_or(full)
        }
        None => full,
    };
    let mut title = String::new();
    let mut copied = 0;
    for (open, close) in paren_pairs(text) {
        if open < copied {
            continue;
        }
        let Some((label, value_start)) =
            colon_label(text, open + 1..close).filter(|(label, _)| !label.contains(['(', ')']))
        else {
            continue;
        };
        let Some(span) = inline.source_span(open..close + 1) else {
            continue;
        };
        found.push(Found {
            name: options.canonical(&label),
            field: Field::new(
                Origin::HeadingLabel,
                span,
                split_values(inline, value_start..close),
            ),
        });
        if with_title {
            title.push_str(text.get(copied..open).unwrap_or(""));
        }
        copied = close + 1;
    }
    if !with_title {
        return (found, title);
    }
    title.push_str(text.get(copied..).unwrap_or(""));
    (found, collapse(&title))
}

/// A heading's trailing `{#G-12}`, as Markdown extensions write a
/// heading's id: the `id` field, and where the title before it ends (in
/// the heading's text).
pub(crate) fn heading_id(inline: &Inline, options: &FieldNames) -> Option<(Found, usize)> {
    let text = inline.text().trim_end();
    let inner = text.strip_suffix('}')?;
    let open = inner.rfind("{#")?;
    let id = inner.get(open + 2..)?;
    let id_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if id.is_empty() || !id.chars().all(id_char) {
        return None;
    }
    let field = Field::new(
        Origin::HeadingLabel,
        inline.source_span(open..text.len())?,
        split_values(inline, open + 2..inner.len()),
    );
    let name = options.canonical("id");
    Some((Found { name, field }, open))
}

/// Matching `(` … `)` pairs, in order of their opening parenthesis.
fn paren_pairs(text: &str) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (at, c) in text.char_indices() {
        match c {
            '(' => open.push(at),
            ')' => {
                if let Some(start) = open.pop() {
                    pairs.push((start, at));
                }
            }
            _ => {}
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The values written in a rendered range: several when it lists people
/// (`@a, @b and @c`, or MDX components), else one.
pub(crate) fn split_values(inline: &Inline, range: Range<usize>) -> Vec<Value> {
    let Some(range) = inline.trim(range) else {
        return Vec::new();
    };
    let parts = people_parts(inline, range.clone());
    if parts.len() > 1 {
        return parts
            .into_iter()
            .filter_map(|part| inline.value(part).map(Value::from))
            .collect();
    }
    inline.value(range).into_iter().map(Value::from).collect()
}

/// The parts of a list of people separated by `,`, `;`, `&` or `and`;
/// empty unless every part is a `@handle` or a component's name.
fn people_parts(inline: &Inline, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(text) = inline.text().get(range.clone()) else {
        return Vec::new();
    };
    // The first part starts the (trimmed) range unless a separator does:
    // when it is neither a handle nor a component, no list of people is
    // written here, and prose (a motivation, an item) is not cut up to
    // find that out.
    let separator_first = text.starts_with([',', ';', '&']);
    if !separator_first && !text.starts_with('@') && !inline.has_component_at(range.start) {
        return Vec::new();
    }
    cut_people(inline, range, text)
}

/// [`people_parts`] without its shortcut: `text` is `inline`'s text in `range`.
fn cut_people(inline: &Inline, range: Range<usize>, text: &str) -> Vec<Range<usize>> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        if matches!(c, ',' | ';' | '&') {
            cuts.push((at, at + c.len_utf8()));
        }
    }
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(" and ")) {
        let at = from + found;
        cuts.push((at, at + " and ".len()));
        from = at + " and ".len();
    }
    cuts.sort_unstable();
    let mut parts = Vec::new();
    let mut start = 0;
    for (cut_start, cut_end) in cuts {
        if cut_start >= start {
            parts.push(range.start + start..range.start + cut_start);
            start = cut_end;
        }
    }
    parts.push(range.start + start..range.end);
    let parts: Vec<Range<usize>> = parts
        .into_iter()
        .filter_map(|part| inline.trim(part))
        .collect();
    let is_person = |part: &Range<usize>| {
        inline.is_component(part)
            || inline
                .text()
                .get(part.clone())
                .is_some_and(|text| text.starts_with('@') && !text.contains(char::is_whitespace))
    };
    if parts.iter().all(is_person) {
        parts
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of a document well inside the Markdown read.
    fn blocks(text: &str, start: usize) -> Vec<Block> {
        crate::parse::markdown::blocks(text, start).0
    }

    fn options() -> FieldNames {
        FieldNames::new(
            [
                ("owner".into(), "owner".into()),
                ("motivation".into(), "why".into()),
                ("point_of_contact".into(), "owner".into()),
                ("status".into(), "status".into()),
                ("quarter".into(), "quarter".into()),
                ("why".into(), "why".into()),
            ]
            .into_iter()
            .collect(),
        )
    }

    fn find<'a>(found: &'a [Found], name: &str) -> &'a Field {
        &found
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name}"))
            .field
    }

    fn texts(field: &Field) -> Vec<&str> {
        field.values.iter().map(|v| v.text.as_str()).collect()
    }

    fn task_texts(tasks: &[crate::model::Task]) -> Vec<(&str, bool)> {
        tasks
            .iter()
            .map(|task| (task.text.as_str(), task.checked))
            .collect()
    }

    fn lines_of(text: &str) -> Vec<Found> {
        let options = options();
        field_lines(&blocks(text, 0), &options, &KnownNames::new(&options))
    }

    #[test]
    fn a_numbered_heading_is_one_item_of_its_list() {
        let options = FieldNames::new(
            [
                ("kr".into(), "done_when".into()),
                ("key_result".into(), "done_when".into()),
                ("risk".into(), "risks".into()),
                ("owner".into(), "owner".into()),
                ("why".into(), "why".into()),
            ]
            .into_iter()
            .collect(),
        );
        let known = KnownNames::new(&options);
        let cases = [
            (
                "KR1.1 Deploys succeed (Owner: @ana)",
                Some(("KR", "Deploys succeed")),
            ),
            (
                "KR 2: p50 CI under 8 minutes",
                Some(("KR", "p50 CI under 8 minutes")),
            ),
            (
                "Key result 3 \u{2014} docs rated 4/5",
                Some(("Key result", "docs rated 4/5")),
            ),
            (
                "Risk 1.2 the pipeline lags (maybe)",
                Some(("Risk", "the pipeline lags (maybe)")),
            ),
            ("KR4", Some(("KR", ""))),
            ("KR1.1x faster", None),
            ("Why 2", None),
            ("Q3 2027 plans", None),
            ("2. Why", None),
            ("é1 x", None),
        ];
        for (heading, expected) in cases {
            assert_eq!(known.numbered_item(heading), expected, "{heading}");
        }
    }

    #[test]
    fn numbered_labels_of_a_list_are_its_values() {
        let options = FieldNames::new(
            [
                ("kr".into(), "done_when".into()),
                ("key_result".into(), "done_when".into()),
                ("done_when".into(), "done_when".into()),
                ("risk".into(), "risks".into()),
                ("goal".into(), "goal".into()),
            ]
            .into_iter()
            .collect(),
        );
        // A table of two columns whose rows name fields has no header
        // of its own: its first row is a field too.
        let text = "KR1: 40% of orgs send an event\n\n- KR 2: docs rated 4/5\n- Key result 3: p95 under 200 ms\n- Risk 1.2: the pipeline lags\n- Goal 1: not a link\n- Phase 2: later\n\n| KR4 | a row |\n|---|---|\n| KR5 | another |\n";
        let found = field_lines(&blocks(text, 0), &options, &KnownNames::new(&options));
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "done_when",
                "done_when",
                "done_when",
                "risks",
                "goal_1",
                "phase_2",
                "done_when",
                "done_when"
            ]
        );
        let values: Vec<&str> = (found.iter())
            .filter(|f| f.name == "done_when")
            .flat_map(|f| texts(&f.field))
            .collect();
        assert_eq!(
            values,
            [
                "40% of orgs send an event",
                "docs rated 4/5",
                "p95 under 200 ms",
                "a row",
                "another"
            ]
        );
    }

    #[test]
    fn known_labels_are_aliases_and_canonical_names_only() {
        let options = options();
        let known = KnownNames::new(&options);
        // `why` is no alias key, only the name `motivation` stands for.
        for label in ["Motivation", "Why", "Point of contact", "status"] {
            assert!(known.contains(label), "{label}");
        }
        for label in ["Note", "Whys", ""] {
            assert!(!known.contains(label), "{label}");
        }
        let found = lines_of("Why: users churn\n\nNote: not a field\n");
        assert_eq!(texts(find(&found, "why")), ["users churn"]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn labels_are_cleaned() {
        assert_eq!(clean_label("1. Why"), "Why");
        assert_eq!(clean_label("2) Done when:"), "Done when");
        assert_eq!(clean_label("🚀 Done when ✅"), "Done when");
        assert_eq!(clean_label("1.5x faster"), "1.5x faster");
        assert_eq!(
            clean_label("Risks (and mitigations)"),
            "Risks (and mitigations)"
        );
        assert_eq!(clean_label("1."), "");
    }

    #[test]
    fn every_label_form_is_a_field() {
        let text = "- Owner: @bob\n\n**Motivation:** Because.\n\n**Status**: done\n\nPoint of contact: @lqd\n";
        let found = lines_of(text);
        let owner = find(&found, "owner");
        assert_eq!(texts(owner), ["@bob"]);
        assert_eq!(&text[owner.span()], "Owner: @bob");
        assert_eq!(&text[owner.values[0].span()], "@bob");
        assert_eq!(texts(find(&found, "why")), ["Because."]);
        assert_eq!(texts(find(&found, "status")), ["done"]);
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn bare_labels_must_be_known() {
        let found = lines_of("Note: this is prose.\nOwner: @a\n");
        assert_eq!(found.len(), 1);
        assert_eq!(texts(&found[0].field), ["@a"]);
        assert!(lines_of("Time: 10:30 tomorrow\n").is_empty());
    }

    #[test]
    fn a_metadata_table_without_a_header_of_its_own_starts_with_a_field() {
        let found = lines_of("| Owner | @sven |\n|---|---|\n| Status | At risk |\n");
        assert_eq!(texts(find(&found, "owner")), ["@sven"]);
        assert_eq!(texts(find(&found, "status")), ["At risk"]);
        // A legend's header names a field, but the rows under it do not.
        let found = lines_of("| Status | Meaning |\n|---|---|\n| done | shipped |\n");
        assert!(found.iter().all(|f| f.name != "status"), "{}", found.len());
        // A header of its own is no field.
        let found = lines_of("| Metadata | |\n|---|---|\n| Owner | @lqd |\n");
        assert_eq!(found.len(), 1);
        assert_eq!(texts(find(&found, "owner")), ["@lqd"]);
    }

    #[test]
    fn unknown_labels_end_the_value_above_them() {
        // A page's properties, as Notion exports them: `Created` and `Tags`
        // are no fields, and no part of the status or quarter either.
        let text = "Owner: Ana Ruiz\nStatus: In progress\nCreated: November 3, 2026 10:12 AM\nQuarter: 2027-Q1\nTags: retention, CS\n";
        let found = lines_of(text);
        assert_eq!(texts(find(&found, "owner")), ["Ana Ruiz"]);
        assert_eq!(texts(find(&found, "status")), ["In progress"]);
        assert_eq!(texts(find(&found, "quarter")), ["2027-Q1"]);
        assert_eq!(found.len(), 3);
        // A wrapped line of prose that happens to hold a colon still
        // continues the value.
        let found = lines_of("Why: customers wait for\nthe following: setup, import\n");
        assert_eq!(
            texts(find(&found, "why")),
            ["customers wait for the following: setup, import"]
        );
        // Before the first label, an unknown one is not taken by a label
        // above the paragraph that waits for a value.
        let found = lines_of("**Why:**\n\nCreated: today\nOwner: @a\n");
        assert!(texts(find(&found, "why")).is_empty());
    }

    #[test]
    fn people_lists_split() {
        let found = lines_of("- Owner: @a, @b and @c\n- Team: growth, core\n");
        assert_eq!(texts(find(&found, "owner")), ["@a", "@b", "@c"]);
        assert_eq!(texts(find(&found, "team")), ["growth, core"]);
    }

    #[test]
    fn empty_labels_take_the_following_blocks() {
        let text = "**What we'll ship:**\n\n- [ ] one\n- [x] two\n\n- Owner: @x\n- Done when:\n  - [ ] a\n- Risks:\n";
        let found = lines_of(text);
        let ship = find(&found, "what_we'll_ship");
        assert_eq!(texts(ship), ["one", "two"]);
        assert_eq!(task_texts(&ship.tasks), [("one", false), ("two", true)]);
        assert_eq!(texts(find(&found, "owner")), ["@x"]);
        assert_eq!(task_texts(&find(&found, "done_when").tasks), [("a", false)]);
        assert!(find(&found, "risks").values.is_empty());
    }

    #[test]
    fn two_column_tables_are_fields() {
        let text = "| Metadata | |\n|:--|--|\n| Point of contact | @lqd |\n| Status | Accepted |\n| Zulip | |\n";
        let found = lines_of(text);
        let owner = find(&found, "owner");
        assert_eq!(texts(owner), ["@lqd"]);
        assert_eq!(&text[owner.span()], "| Point of contact | @lqd |");
        assert_eq!(texts(find(&found, "status")), ["Accepted"]);
        assert!(find(&found, "zulip").values.is_empty());
        assert!(!found.iter().any(|f| f.name == "metadata"));
    }

    #[test]
    fn heading_parts_are_fields_and_leave_the_title() {
        let text = "#### Objective 2: Grouping (Owner: <TeamMember name=\"Hugues Pouillot\" />)\n";
        let blocks = blocks(text, 0);
        let Block::Heading { inline, .. } = &blocks[0] else {
            panic!()
        };
        let (found, title) = heading_fields(inline, &options(), true);
        assert_eq!(title, "Objective 2: Grouping");
        let owner = find(&found, "owner");
        assert_eq!(texts(owner), ["Hugues Pouillot"]);
        assert_eq!(&text[owner.values[0].span()], "Hugues Pouillot");
        assert!(text[owner.span()].starts_with("(Owner: <TeamMember"));
    }

    #[test]
    fn headings_without_fields_keep_their_text() {
        let blocks = blocks("## Launch (phase two)\n", 0);
        let Block::Heading { inline, .. } = &blocks[0] else {
            panic!()
        };
        let (found, title) = heading_fields(inline, &options(), true);
        assert!(found.is_empty());
        assert_eq!(title, "Launch (phase two)");
    }

    /// Lines that make labels of every form, empty ones that collect, items
    /// nested under them, two-column rows, headings, and any text.
    fn body_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let label = proptest::sample::select(vec![
            "Done when: it ships",
            "**Done when:**",
            "**Done when:** @a and @b",
            "- Done when:",
            "- Done when: tests pass",
            "  - Done when: nested label",
            "Owner: @x",
            "Owner:",
            "- Owner:",
            "- Owner: @y, @z",
            "**Risks:**",
            "**Risks**: low",
            "Status: ",
            "  - [ ] nested",
            "    - [x] deeper",
            "- [ ] an item",
            "plain words",
            "| Done when | all green |",
            "| Owner | |",
            "|--|--|",
            "## Heading",
        ]);
        prop_oneof![
            6 => label.prop_map(str::to_string),
            3 => Just(String::new()),
            1 => r"[a-zé🚀 :*|#\-\[\]]{0,20}",
            1 => any::<String>(),
        ]
    }

    proptest::proptest! {
        /// Reading one name gives exactly the fields of that name that
        /// reading them all gives: unwanted labels still end and collect.
        #[test]
        fn one_name_is_the_same_as_all_names_filtered(
            lines in proptest::collection::vec(body_line(), 0..16),
            name in proptest::prop_oneof![
                proptest::strategy::Just("done_when"),
                proptest::strategy::Just("owner"),
                proptest::strategy::Just("risks"),
            ],
        ) {
            let options = options();
            let known = KnownNames::new(&options);
            let blocks = blocks(&lines.join("\n"), 0);
            let all: Vec<(CompactString, Field)> = field_lines(&blocks, &options, &known)
                .into_iter()
                .filter(|found| found.name == name)
                .map(|found| (found.name, found.field))
                .collect();
            let named: Vec<(CompactString, Field)> =
                field_lines_named(&blocks, &options, &known, name)
                    .into_iter()
                    .map(|found| (found.name, found.field))
                    .collect();
            proptest::prop_assert_eq!(named, all);
        }

        /// The shortcut of [`people_parts`] turns down only what cutting
        /// the text would turn down.
        #[test]
        fn people_parts_agree_with_cutting_every_value(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "@[a-z]{1,3}",
                    "<A name=\"[a-z ]{1,4}\" />",
                    "[a-z@é ]{0,5}",
                    proptest::strategy::Just("**a:**".to_string()),
                ],
                1..5,
            ),
            separators in proptest::collection::vec(
                proptest::prop_oneof![", ", "; ", " & ", " and ", ",", " "],
                4,
            ),
            lead in proptest::prop_oneof!["", ", ", "; ", "& "],
        ) {
            let mut line = format!("x {lead}");
            for (part, separator) in parts.iter().zip(&separators) {
                line.push_str(part);
                line.push_str(separator);
            }
            let blocks = blocks(line.trim_end(), 0);
            for block in &blocks {
                if let Block::Paragraph { inline, .. } | Block::Item { inline, .. } = block {
                    let Some(range) = inline.trim(2.min(inline.text().len())..inline.text().len()) else {
                        continue;
                    };
                    let text = inline.text().get(range.clone()).unwrap_or_default();
                    proptest::prop_assert_eq!(
                        people_parts(inline, range.clone()),
                        cut_people(inline, range.clone(), text)
                    );
                }
            }
        }

        /// The byte scan finds the colon the character scan finds.
        #[test]
        fn first_colon_is_the_colon_among_the_first_characters(
            content in proptest::prop_oneof!["[a-zé🚀 :\\n]{0,60}", proptest::prelude::any::<String>()],
            chars in 0usize..50,
        ) {
            let expected = content
                .char_indices()
                .take(chars)
                .find(|(_, c)| *c == ':' || *c == '\n')
                .filter(|(_, c)| *c == ':')
                .map(|(at, _)| at);
            proptest::prop_assert_eq!(first_colon(&content, chars), expected);
        }
    }
}
