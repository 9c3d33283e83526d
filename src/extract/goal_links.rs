//! Which values link an issue or a pull request to goals: a `goal` field
//! (ids or names, split at commas), `goal:` labels (the prefix is
//! configurable) and `Goal: <id>` lines of the body. The body's lines are
//! read as text here; the goals they name are resolved in the model.

use crate::diagnostic::Span;
use crate::model::{split_value, Field, Origin, Value, Values};
use crate::parse::markdown;
use std::collections::HashSet;

use crate::config::DEFAULT_GOAL_LABEL_PREFIX;

/// How issues link to goals (`[issues]` in the config).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueOptions {
    /// A label starting with this (ASCII case-insensitive) links the goal
    /// named by the rest; empty means labels never link goals.
    pub goal_label_prefix: String,
}

impl Default for IssueOptions {
    fn default() -> Self {
        IssueOptions {
            goal_label_prefix: DEFAULT_GOAL_LABEL_PREFIX.to_string(),
        }
    }
}

/// Ids on `Goal: <id>` lines of `text[start..]` (also `**Goal:** <id>`,
/// `- Goals: a, b`; case-insensitive), outside code blocks (fenced or
/// indented) and HTML comments.
pub(crate) fn goal_lines(text: &str, start: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut indented = IndentedCode::default();
    let offset = start.min(text.len());
    let body = text.get(offset..).unwrap_or("");
    for (line_start, content) in body_lines(body, offset) {
        let trimmed = content.trim_start();
        if in_comment {
            in_comment = !content.contains("-->");
            indented.after_block();
            continue;
        }
        if let Some((marker, len)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == marker).count();
            if run >= len
                && trimmed
                    .trim_start_matches(char::from(marker))
                    .trim()
                    .is_empty()
            {
                fence = None;
            }
            indented.after_block();
            continue;
        }
        if indented.is_code(content) {
            continue;
        }
        if let Some(marker @ (b'`' | b'~')) = trimmed.bytes().next() {
            let run = trimmed.bytes().take_while(|&b| b == marker).count();
            if run >= 3 {
                fence = Some((marker, run));
                indented.block_opens(content);
                continue;
            }
        }
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            indented.block_opens(content);
            continue;
        }
        if let Some(ids) = goal_line(content) {
            for (span, id) in ids {
                out.push(Value {
                    text: id.into(),
                    place: (line_start + span.start..line_start + span.end).into(),
                });
            }
        }
    }
    out
}

/// Which lines of a body are indented code, as CommonMark reads them: four
/// columns in from the text around (a list item's text, else the margin),
/// where no paragraph goes on (after a blank line, a block or the start),
/// and the indented lines after them. A tab reaches the next multiple of
/// four. Block quotes are read as text: enough for issue bodies, where a
/// `Goal:` line in a code example is no link.
#[derive(Debug)]
struct IndentedCode {
    /// Whether the line before ends no paragraph: blank, a block, indented
    /// code or the start.
    after_break: bool,
    /// The columns the text of the list items the line is in starts at,
    /// outermost first.
    items: Vec<usize>,
}

impl Default for IndentedCode {
    fn default() -> Self {
        IndentedCode {
            after_break: true,
            items: Vec::new(),
        }
    }
}

impl IndentedCode {
    /// Reads the next line: whether it is indented code.
    fn is_code(&mut self, line: &str) -> bool {
        let (columns, rest) = indentation(line);
        if rest.is_empty() {
            // Blank: code goes on past it, a paragraph does not.
            self.after_break = true;
            return false;
        }
        if self.after_break {
            // Past a break, a line less indented than an item's text is out of it.
            self.leave_items_past(columns);
        }
        // The text the line stands in: the deepest item whose text starts
        // at or left of it (the items' columns grow inward).
        let inside = self.items.partition_point(|&text| text <= columns);
        let margin = inside
            .checked_sub(1)
            .and_then(|i| self.items.get(i))
            .copied()
            .unwrap_or(0);
        let code = columns >= margin + 4 && self.after_break;
        self.after_break = code;
        // Four columns or more into its text, a line that is no code goes
        // on with the paragraph before it, whatever it looks like.
        if !code && columns < margin + 4 {
            if let Some(width) = list_marker(rest) {
                // An item at this column or left of it ends those deeper in.
                self.leave_items_past(columns);
                self.items.push(columns + width);
            } else if is_heading(rest) {
                // A heading is no paragraph to go on with, and left of an
                // item's text it ends the item.
                self.leave_items_past(columns);
                self.after_break = true;
            }
        }
        code
    }

    /// Leaves the list items whose text starts right of `column`.
    fn leave_items_past(&mut self, column: usize) {
        while self.items.last().is_some_and(|&text| text > column) {
            self.items.pop();
        }
    }

    /// A line in a fence or a comment: no paragraph goes on after it.
    fn after_block(&mut self) {
        self.after_break = true;
    }

    /// The line that opens a fence or a comment: left of an item's text,
    /// it ends the item.
    fn block_opens(&mut self, line: &str) {
        self.leave_items_past(indentation(line).0);
        self.after_block();
    }
}

/// Whether `rest` is an ATX heading (`## Title`, `#`).
fn is_heading(rest: &str) -> bool {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && rest
            .as_bytes()
            .get(hashes)
            .is_none_or(|&b| b == b' ' || b == b'\t')
}

/// A line's indentation in columns (a tab reaches the next multiple of
/// four) and the rest of it.
fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (at, byte) in line.bytes().enumerate() {
        match byte {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => return (columns, line.get(at..).unwrap_or("")),
        }
    }
    (columns, "")
}

/// The width of a list item's marker and the spaces after it (`- `, `12. `),
/// if `rest` starts with one: its text starts that many columns further.
fn list_marker(rest: &str) -> Option<usize> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = rest.get(marker..)?;
    let spaces = after.bytes().take_while(|&b| b == b' ').count();
    match spaces {
        0 if after.is_empty() => Some(marker + 1),
        0 => None,
        // Five spaces or more: one belongs to the marker, the rest is code.
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// The lines of `body`, which starts at `offset` in its text: each line's
/// start and its content without `\n` or trailing `\r`. Split with memchr:
/// the standard library's char searcher cost 145 instructions a line, on
/// every line of every issue body. After a final line break comes one
/// empty line, which names no goal.
fn body_lines(body: &str, offset: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = offset;
    markdown::split_lines(body).map(move |line| {
        let line_start = start;
        start += line.len() + 1;
        (line_start, line.trim_end_matches('\r'))
    })
}

/// The ids a `Goal: ...` line names, with their spans in the line.
fn goal_line(line: &str) -> Option<Vec<(Span, String)>> {
    let mut at = 0;
    let skip = |at: &mut usize, what: &[&str]| {
        for prefix in what {
            if line.get(*at..).is_some_and(|rest| rest.starts_with(prefix)) {
                *at += prefix.len();
                return true;
            }
        }
        false
    };
    let spaces = |at: &mut usize| {
        while line
            .get(*at..)
            .is_some_and(|rest| rest.starts_with([' ', '\t']))
        {
            *at += 1;
        }
    };
    spaces(&mut at);
    if skip(&mut at, &["- ", "* ", "+ ", "> "]) {
        spaces(&mut at);
    }
    skip(&mut at, &["**", "__", "*", "_"]);
    let word = line.get(at..at + 4)?;
    if !word.eq_ignore_ascii_case("goal") {
        return None;
    }
    at += 4;
    if line
        .get(at..at + 1)
        .is_some_and(|s| s.eq_ignore_ascii_case("s"))
    {
        at += 1;
    }
    skip(&mut at, &["**", "__", "*", "_"]);
    spaces(&mut at);
    if !skip(&mut at, &[":"]) {
        return None;
    }
    skip(&mut at, &["**", "__", "*", "_"]);
    Some(ids_in(line, at))
}

/// Ids in `line[from..]`: separated by `,`, `;`, ` and `, ` & `; each the
/// first word of its part, without Markdown around it (`` `G-1` ``, `[G-1](url)`).
fn ids_in(line: &str, from: usize) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut part_start = from;
    for part in line.get(from..).unwrap_or("").split([',', ';']) {
        for (offset, piece) in split_words_and(part) {
            let start = part_start + offset;
            out.extend(clean_id(line, start..start + piece.len()));
        }
        part_start += part.len() + 1;
    }
    out
}

/// `a and b & c` → the pieces with their offsets in `part`. Both
/// separators start with a space: each space is a candidate, and ` and ` is
/// matched ASCII case-insensitively where it stands, with no lowercased
/// copy and no substring searcher built per part.
fn split_words_and(part: &str) -> Vec<(usize, &str)> {
    let bytes = part.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(space) = bytes
        .get(search..)
        .and_then(|rest| memchr::memchr(b' ', rest))
        .map(|at| search + at)
    {
        let after = bytes.get(space + 1..).unwrap_or(&[]);
        let separator = match after {
            [a, n, d, b' ', ..] if [*a, *n, *d].eq_ignore_ascii_case(b"and") => 5,
            [b'&', b' ', ..] => 3,
            _ => 0,
        };
        if separator == 0 {
            search = space + 1;
            continue;
        }
        out.push((start, part.get(start..space).unwrap_or("")));
        start = space + separator;
        search = start;
    }
    out.push((start, part.get(start..).unwrap_or("")));
    out
}

/// The id written in `line[span]`: its first word, without Markdown
/// decoration, when what follows it is a comment (`G-107 (activation)`,
/// `G-107 - activation`). `None` when nothing is left, or when the part is
/// prose (`Goal: make onboarding easy` names no goal id).
fn clean_id(line: &str, span: Span) -> Option<(Span, String)> {
    let part = line.get(span.clone())?;
    let lead = part.len() - part.trim_start().len();
    let mut start = span.start + lead;
    let word_len = line
        .get(start..span.end)?
        .find(char::is_whitespace)
        .unwrap_or(span.end - start);
    let mut end = start + word_len;
    let rest = line.get(end..span.end)?.trim();
    let comment = rest.is_empty()
        || rest.starts_with(['(', '[', '-', '\u{2013}', '\u{2014}', '#'])
        || rest.chars().all(|c| c.is_ascii_punctuation());
    if !comment {
        return None;
    }
    let mut word = line.get(start..end)?;
    // `[G-107](https://...)`: the link text.
    if let Some(inner) = word.strip_prefix('[') {
        if let Some(close) = inner.find(']') {
            start += 1;
            end = start + close;
            word = line.get(start..end)?;
        }
    }
    let decoration = |c: char| {
        matches!(
            c,
            '`' | '*' | '_' | '"' | '\'' | '(' | ')' | '[' | ']' | '<' | '>'
        )
    };
    let trimmed_start = word.trim_start_matches(decoration);
    start += word.len() - trimmed_start.len();
    let trimmed = trimmed_start
        .trim_end_matches(|c: char| decoration(c) || matches!(c, '.' | ':' | '!' | '?'));
    end = start + trimmed.len();
    (!trimmed.is_empty()).then(|| (start..end, trimmed.to_string()))
}

/// The `goal` field of an issue or pull request: the ids of a `goal` field
/// (split at commas), of `goal:` labels and of `Goal:` lines, each once.
pub(crate) fn goal_links(
    field: Option<&Field>,
    labels: Option<&Field>,
    body: &[Value],
    issues: &IssueOptions,
    text: &str,
) -> Option<Field> {
    let mut values = Values::new();
    if let Some(field) = field {
        // An explicit field names goals as written (by id or name): only
        // commas and semicolons separate them.
        for value in &field.values {
            if !value.text.contains([',', ';']) {
                values.push(value.clone());
                continue;
            }
            values.extend(split_value(value, text, &[",", ";"]));
        }
    }
    let prefix = issues.goal_label_prefix.as_str();
    if let Some(labels) = labels.filter(|_| !prefix.is_empty()) {
        for label in &labels.values {
            let linked = label
                .text
                .get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .and_then(|_| label.text.get(prefix.len()..))
                .map(str::trim)
                .filter(|id| !id.is_empty());
            if let Some(id) = linked {
                values.push(Value {
                    text: id.into(),
                    place: label.place,
                });
            }
        }
    }
    let linked_by_labels = !values.is_empty();
    values.extend(body.iter().cloned());
    dedup_links(&mut values);
    // The field is where the first link is written.
    let (span, origin) = match field {
        Some(field) => (field.span(), field.origin),
        None if linked_by_labels => (values.first()?.span(), Origin::Label),
        None => (values.first()?.span(), Origin::Body),
    };
    Some(Field::new(origin, span, values))
}

/// Up to how many links are compared one by one rather than hashed.
const FEW_LINKS: usize = 16;

/// Keeps the first of each goal named more than once: the same text but for
/// case, `@` and surrounding space. An issue names a goal or two, usually
/// once by label and once in its body: those are compared in place, with a
/// copy only for non-ASCII text (whose lowercase may differ in length, or be
/// ASCII, as the Kelvin sign's `k` is). A long list is deduplicated with a
/// set, so it stays linear.
fn dedup_links(values: &mut Values) {
    let key = |text: &str| text.trim().trim_start_matches('@').to_lowercase();
    if values.len() > FEW_LINKS {
        let mut seen = HashSet::new();
        values.retain(|v| seen.insert(key(&v.text)));
        return;
    }
    let same = |a: &str, b: &str| {
        let (a, b) = (
            a.trim().trim_start_matches('@'),
            b.trim().trim_start_matches('@'),
        );
        match a.is_ascii() && b.is_ascii() {
            true => a.eq_ignore_ascii_case(b),
            false => key(a) == key(b),
        }
    };
    let mut kept = Values::with_capacity(values.len());
    for value in values.drain(..) {
        if !kept
            .iter()
            .any(|seen: &Value| same(&seen.text, &value.text))
        {
            kept.push(value);
        }
    }
    *values = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn goal_lines_in_their_spellings() {
        let body = "Goal: G-1\n- goal: G-2, G-3\n**Goals**: G-4; G-5.\n> GOAL : G-6\nGoalkeeper: no\nOur goal: no\n```\nGoal: G-99\n```\n<!--\nGoal: G-98\n-->\n<!-- Goal: G-97 -->\n__Goal:__ `G-7`\nGoal:\nGoal: make onboarding easy\nGoal: G-8 (activation), G-9 - billing, prose words here\n";
        let ids: Vec<String> = goal_lines(body, 0)
            .into_iter()
            .map(|v| v.text.to_string())
            .collect();
        assert_eq!(
            ids,
            ["G-1", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7", "G-8", "G-9"]
        );
        for value in goal_lines(body, 0) {
            assert_eq!(&body[value.span()], value.text);
        }
    }

    #[test]
    fn goal_lines_in_indented_code_are_no_links() {
        let ids = |body: &str| -> Vec<String> {
            goal_lines(body, 0)
                .into_iter()
                .map(|v| v.text.to_string())
                .collect()
        };
        // Indented code: after a paragraph and a blank line, at the start,
        // by a tab, inside a list item, and on after a blank line in it.
        assert!(ids("Intro.\n\n    Goal: a\n").is_empty());
        assert!(ids("    Goal: a\n").is_empty());
        assert!(ids("\tGoal: a\n").is_empty());
        assert!(ids("- item\n\n      Goal: a\n").is_empty());
        assert!(ids("    x = 1\n\n    Goal: a\n").is_empty());
        assert!(ids("## Example\n    Goal: a\n").is_empty());
        assert!(ids("```\nx\n```\n    Goal: a\n").is_empty());
        // Not code: a paragraph going on, a list item's own text (two or
        // four columns in), a nested item, and text after the code ends.
        assert_eq!(ids("Intro\n    Goal: a\n"), ["a"]);
        assert_eq!(ids("- item\n\n  Goal: a\n"), ["a"]);
        assert_eq!(ids("1.  item\n\n    Goal: a\n"), ["a"]);
        assert_eq!(ids("- item\n  - Goal: a\n"), ["a"]);
        assert_eq!(ids("    code\nGoal: a\n"), ["a"]);
        assert_eq!(ids("- item\n\n      code\n\nGoal: a\n"), ["a"]);
        assert_eq!(ids("   Goal: a\n"), ["a"]);
    }

    /// Whether CommonMark (pulldown-cmark) reads the `Goal: a` line of
    /// `body` as code.
    fn goal_line_is_code(body: &str) -> bool {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut in_code = false;
        for event in Parser::new(body) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(text) if text.contains("Goal: a") => return in_code,
                _ => {}
            }
        }
        false
    }

    proptest! {
        /// On bodies of paragraphs, list items, blank lines and indented
        /// lines, a `Goal:` line is a link exactly when CommonMark does not
        /// read it as code.
        #[test]
        fn indented_code_is_what_commonmark_reads_as_code(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    Just(String::new()),
                    "( {0,6}|\t| \t)(text|- item|1. item|\\* item|## Heading|code)",
                ],
                0..6,
            ),
            indent in "( {0,9}|\t|\t\t| {1,3}\t)",
        ) {
            let mut body = lines.join("\n");
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(&format!("{indent}Goal: a\n"));
            let linked = !goal_lines(&body, 0).is_empty();
            prop_assert_eq!(linked, !goal_line_is_code(&body), "{:?}", body);
        }

        /// The in-place comparison keeps what the set of lowercased keys
        /// keeps, for short and long lists, with case, `@`, spaces and the
        /// characters whose lowercase is ASCII or longer.
        #[test]
        fn links_dedup_as_the_set_of_their_keys(
            texts in proptest::collection::vec("[gG1\\- @]{0,4}|[kK\u{212a}İiß ]{0,3}|\\PC{0,4}", 0..24),
        ) {
            let mut values: Values = texts
                .iter()
                .map(|text| Value { text: text.as_str().into(), place: (0..0).into() })
                .collect();
            let mut seen = HashSet::new();
            let expected: Vec<&String> = texts
                .iter()
                .filter(|text| seen.insert(text.trim().trim_start_matches('@').to_lowercase()))
                .collect();
            dedup_links(&mut values);
            let kept: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
            prop_assert_eq!(kept, expected);
        }

        /// The lines are those `split_inclusive` gives, without their line
        /// breaks, plus the empty line after a final break.
        #[test]
        fn body_lines_are_the_lines_with_their_starts(
            text in "([a\n\r:]|Goal|é|🚀){0,20}|(?s).{0,60}",
            offset in 0..5usize,
        ) {
            let mut expected = Vec::new();
            let mut start = offset;
            for line in text.split_inclusive('\n') {
                expected.push((start, line.trim_end_matches(['\n', '\r'])));
                start += line.len();
            }
            if text.is_empty() || text.ends_with('\n') {
                expected.push((start, ""));
            }
            let found: Vec<(usize, &str)> = body_lines(&text, offset).collect();
            prop_assert_eq!(found, expected);
        }

        /// The space-by-space split is the search for the earliest
        /// separator in the lowercased part, on any text.
        #[test]
        fn split_words_and_finds_what_searching_finds(
            part in "([aAnNdD &x]|é|\u{212a})*|\\PC{0,30}",
        ) {
            prop_assert_eq!(split_words_and(&part), split_words_and_by_search(&part));
        }

        #[test]
        fn goal_lines_never_panic(line in "[-*_ >:,;&a-zA-Z`\\[\\]()é🚀]{0,40}") {
            for value in goal_lines(&line, 0) {
                prop_assert!(line.get(value.span()).is_some());
            }
        }
    }

    /// The definition [`split_words_and`] is held to.
    fn split_words_and_by_search(part: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let lower = part.to_ascii_lowercase();
        let mut search = 0;
        while let Some(found) = [" and ", " & "]
            .iter()
            .filter_map(|sep| {
                lower
                    .get(search..)?
                    .find(sep)
                    .map(|at| (search + at, sep.len()))
            })
            .min()
        {
            out.push((start, part.get(start..found.0).unwrap_or("")));
            start = found.0 + found.1;
            search = start;
        }
        out.push((start, part.get(start..).unwrap_or("")));
        out
    }
}
