//! What a rule reports: a [`Diagnostic`] at a byte span of a file, about an entity.

use serde::Serialize;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A byte range in a file's text.
pub type Span = Range<usize>;

/// How serious a diagnostic is. `Off` only appears in configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of thing a diagnostic can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Team,
    Goal,
    Issue,
    PullRequest,
    File,
}

impl EntityKind {
    /// Every kind, in declaration order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Team,
        EntityKind::Goal,
        EntityKind::Issue,
        EntityKind::PullRequest,
        EntityKind::File,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Team => "team",
            EntityKind::Goal => "goal",
            EntityKind::Issue => "issue",
            EntityKind::PullRequest => "pull_request",
            EntityKind::File => "file",
        }
    }

    pub fn parse(name: &str) -> Option<EntityKind> {
        Some(match name {
            "team" => EntityKind::Team,
            "goal" => EntityKind::Goal,
            "issue" => EntityKind::Issue,
            "pull_request" | "pull-request" => EntityKind::PullRequest,
            "file" => EntityKind::File,
            _ => return None,
        })
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The entity a diagnostic is about (`{"kind": "team", "id": "growth"}` in JSON).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EntityRef {
    pub kind: EntityKind,
    pub id: String,
}

/// A 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One finding. `path` is relative to the plan root, with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Arc<str>,
    pub level: Level,
    pub message: String,
    pub path: Arc<str>,
    /// Byte span in the file's text; `start` and `end` below are derived from it.
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub entity: EntityRef,
    pub help: Option<Arc<str>>,
    /// The message with each word a number chose (`{count:item|items}`) in
    /// its plural form, when that differs from `message`: what the
    /// finding's identity reads ([`crate::baseline`], report fingerprints),
    /// so that a count going from 2 to 1, masked like any number, keeps the
    /// finding matched.
    pub identity_message: Option<Arc<str>>,
}

impl Diagnostic {
    /// The message as the finding's identity reads it, before its numbers
    /// are masked: [`Diagnostic::identity_message`], or the message.
    pub fn identity_text(&self) -> &str {
        self.identity_message.as_deref().unwrap_or(&self.message)
    }

    /// The order every output uses: path, line, column, rule (then message, for ties).
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.path,
            self.start.line,
            self.start.column,
            &self.rule,
            &self.message,
        )
    }

    /// [`Diagnostic::sort_key`]'s order. A file's findings share one path
    /// and a rule's one id: those are compared by address before their
    /// bytes (comparing the bytes of equal paths was a quarter of sorting
    /// 30,000 findings).
    fn cmp_in_order(&self, other: &Diagnostic) -> std::cmp::Ordering {
        let by_text = |a: &Arc<str>, b: &Arc<str>| {
            if Arc::ptr_eq(a, b) {
                std::cmp::Ordering::Equal
            } else {
                a.cmp(b)
            }
        };
        by_text(&self.path, &other.path)
            .then(self.start.line.cmp(&other.start.line))
            .then(self.start.column.cmp(&other.start.column))
            .then_with(|| by_text(&self.rule, &other.rule))
            .then_with(|| self.message.cmp(&other.message))
    }
}

/// Whether a path names no repository file: the pull request being checked
/// is reported at `(pull request #12)` (or `(pull request event)` when its
/// payload cannot be read). Reporters that link to files leave these out.
pub fn is_pseudo_path(path: &str) -> bool {
    path.starts_with("(pull request ") && path.ends_with(')')
}

/// Sorts diagnostics into the documented order (ties keep the order they
/// came in) and drops exact duplicates.
///
/// Their places are sorted, on every core, and the diagnostics then moved
/// into place: a stable sort of the diagnostics themselves ran on one core,
/// moved 150 bytes per move and held a copy of all of them beside (7 MB for
/// 46,000 findings, the run's peak). The places are sorted by a merge sort
/// that finds runs already in order: the rules hand their findings over
/// rule by rule, each rule's in path order, so the sort merges a few runs
/// (a third of the comparisons of sorting 30,000 findings from scratch).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.par_sort_by(|&a, &b| match (diagnostics.get(a), diagnostics.get(b)) {
        (Some(a), Some(b)) => a.cmp_in_order(b),
        _ => std::cmp::Ordering::Equal,
    });
    permute(diagnostics, &mut order);
    diagnostics.dedup();
}

/// Rearranges `items` so that place `i` holds what was at `order[i]`
/// (`order` a permutation of the places), one cycle of swaps at a time;
/// `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(slot) = order.get_mut(at) {
            // The element that belongs at `at`; `at` is then done.
            let from = std::mem::replace(slot, at);
            if from == at || from == start {
                break;
            }
            if from < items.len() && at < items.len() {
                items.swap(at, from);
            }
            at = from;
        }
    }
}

/// The start of the text and the offset after each of `line_ends`, in a
/// list sized once: it is kept for the whole run.
fn starts_after(line_ends: impl Iterator<Item = usize> + Clone) -> Vec<usize> {
    let mut starts = Vec::with_capacity(line_ends.clone().count() + 1);
    starts.push(0);
    starts.extend(line_ends.map(|at| at + 1));
    starts
}

/// Maps byte offsets of one text to 1-based lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` about every [`CHECKPOINT`]
    /// bytes, on character boundaries, starting with `(0, 0)`: a column on
    /// a megabyte-long line (a one-line JSON export) costs one block of
    /// counting, not the whole line before it.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two [`LineIndex`] checkpoints.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // memchr finds them several bytes at a time; `str::match_indices`
        // cost 190 instructions a line, 2% of a check. Counted first: the
        // index is kept for the whole run, one per file, so it is sized
        // once, not with the room doubling leaves (which a shrink in place
        // would keep).
        // A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files),
        // as the Markdown and CSV readers end it. Most files hold no `\r`:
        // they are searched for one byte, which is faster than two.
        let bytes = text.as_bytes();
        let line_starts =
            if memchr::memchr(b'\r', bytes).is_none() {
                starts_after(memchr::memchr_iter(b'\n', bytes))
            } else {
                starts_after(memchr::memchr2_iter(b'\n', b'\r', bytes).filter(|&at| {
                    bytes.get(at) == Some(&b'\n') || bytes.get(at + 1) != Some(&b'\n')
                }))
            };
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT < text.len() {
            let mut next = at + CHECKPOINT;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text.get(at..next).map_or(0, |s| s.chars().count());
            checkpoints.push((next, chars));
            at = next;
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// The number of characters in `text[..offset]` (`offset` on a boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let index = self
            .checkpoints
            .partition_point(|&(at, _)| at <= offset)
            .saturating_sub(1);
        let (at, chars) = self.checkpoints.get(index).copied().unwrap_or((0, 0));
        chars + text.get(at..offset).map_or(0, |s| s.chars().count())
    }

    /// The position of `offset` (clamped into the text, and back to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        // A line of usual length is counted as it is; the checkpoints are
        // for a long one (counting both ends from a checkpoint read up to
        // twice a checkpoint's bytes for every position).
        let before = match text.get(line_start..offset) {
            Some(start) if start.len() <= CHECKPOINT => start.chars().count(),
            _ => self
                .chars_before(text, offset)
                .saturating_sub(self.chars_before(text, line_start)),
        };
        // A byte-order mark is no character of the first line: editors
        // hide it, and count columns after it.
        let bom = line == 1 && offset > 0 && text.starts_with('\u{feff}');
        Position {
            line,
            column: before + 1 - usize::from(bom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_no_column() {
        let text = "\u{feff}---\nid: x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 4), Position { line: 1, column: 2 });
        assert_eq!(index.position(text, 7), Position { line: 2, column: 1 });
    }

    #[test]
    fn columns_on_a_long_line_count_chars_across_checkpoints() {
        let text = format!("x\n{}", "aé日🚀".repeat(5000));
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(97).chain([text.len()]) {
            let mut at = offset;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..at].chars().count() + 1;
            assert_eq!(index.position(&text, offset).column, expected, "{offset}");
        }
    }

    /// Columns on lines just shorter and just longer than a checkpoint's
    /// bytes, where a column stops being counted from its line's start.
    #[test]
    fn columns_either_side_of_a_checkpoint_count_the_same() {
        for length in CHECKPOINT - 6..CHECKPOINT + 6 {
            for lead in ["", "é\n", "x\n🚀"] {
                let text = format!("{lead}{}é\nz", "a".repeat(length));
                let index = LineIndex::new(&text);
                for offset in (0..=text.len()).rev().take(12).chain([lead.len()]) {
                    let mut at = offset;
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    let expected = text[line_start..at].chars().count() + 1;
                    assert_eq!(
                        index.position(&text, offset).column,
                        expected,
                        "{length} {offset}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// Every offset's line and column, as counted one character at a time.
        #[test]
        fn positions_match_a_count_from_the_start(
            text in "(\\PC|\n|\r){0,200}",
            offsets in proptest::collection::vec(0usize..400, 1..20),
        ) {
            let index = LineIndex::new(&text);
            for offset in offsets {
                let mut at = offset.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                // Line breaks are `\n`, `\r\n` and a lone `\r`.
                let (mut line, mut line_start) = (1, 0);
                for (i, c) in text[..at].char_indices() {
                    if c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')) {
                        line += 1;
                        line_start = i + 1;
                    }
                }
                let column = text[line_start..at].chars().count() + 1;
                proptest::prop_assert_eq!(index.position(&text, offset), Position { line, column });
            }
        }
    }

    /// A diagnostic from a few small choices, so that many share a sort
    /// key, and some are exact copies of others. Paths and rule ids are
    /// shared as a check shares them, or equal text held apart.
    fn diagnostic(path: u8, line: u8, rule: u8, help: u8) -> Diagnostic {
        thread_local! {
            static SHARED: [Arc<str>; 4] =
                ["x.md", "y.md", "a", "b"].map(Arc::from);
        }
        let text = |names: [&str; 2], at: u8, shared: usize| -> Arc<str> {
            let name = names[usize::from(at % 2)];
            if at % 4 < 2 {
                SHARED.with(|s| Arc::clone(&s[shared + usize::from(at % 2)]))
            } else {
                Arc::from(name)
            }
        };
        let at = Position {
            line: usize::from(line % 3) + 1,
            column: 1,
        };
        Diagnostic {
            rule: text(["a", "b"], rule, 2),
            level: Level::Warning,
            message: "m".into(),
            path: text(["x.md", "y.md"], path, 0),
            span: 0..1,
            start: at,
            end: at,
            entity: EntityRef {
                kind: EntityKind::Goal,
                id: "g".into(),
            },
            help: (help % 3 > 0).then(|| Arc::from(format!("h{help}").as_str())),
            identity_message: None,
        }
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The same order as a stable sort by the sort key, ties in the order
        /// they came, exact copies side by side dropped.
        #[test]
        fn sorting_keeps_ties_in_order_as_a_stable_sort(
            picks in proptest::collection::vec((0u8..4, 0u8..6, 0u8..4, 0u8..5), 0..60),
        ) {
            let mut sorted: Vec<Diagnostic> =
                picks.iter().map(|&(p, l, r, h)| diagnostic(p, l, r, h)).collect();
            let mut expected = sorted.clone();
            expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            expected.dedup();
            sort(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }

        /// The same, on lists long enough to be sorted on every core and
        /// made of runs already in order, as the rules hand them over.
        #[test]
        fn sorting_long_lists_of_runs_keeps_ties_in_order(
            runs in proptest::collection::vec(
                (proptest::collection::vec((0u8..4, 0u8..6, 0u8..4, 0u8..5), 0..3000), proptest::bool::ANY),
                1..5,
            ),
        ) {
            let mut sorted: Vec<Diagnostic> = Vec::new();
            for (mut picks, in_order) in runs {
                if in_order {
                    picks.sort_unstable_by_key(|&(p, l, r, _)| (p, l, r));
                }
                sorted.extend(picks.iter().map(|&(p, l, r, h)| diagnostic(p, l, r, h)));
            }
            let mut expected = sorted.clone();
            expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            expected.dedup();
            sort(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }

        /// Each place ends up holding what was at its place in the order.
        #[test]
        fn permuting_puts_each_item_where_the_order_says(
            order in (0usize..40).prop_flat_map(|n| {
                proptest::strategy::Just((0..n).collect::<Vec<usize>>()).prop_shuffle()
            }),
        ) {
            let items: Vec<usize> = (100..100 + order.len()).collect();
            let mut permuted = items.clone();
            permute(&mut permuted, &mut order.clone());
            let expected: Vec<usize> = order.iter().map(|&from| items[from]).collect();
            proptest::prop_assert_eq!(permuted, expected);
        }
    }

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        // byte 5 is `d`, after the two-byte `ç`
        assert_eq!(index.position(text, 5), Position { line: 2, column: 2 });
        assert_eq!(index.position(text, 4), Position { line: 2, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 3, column: 1 });
    }
}

/// What a reporter needs to know about a rule (SARIF rule metadata, summaries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    /// One line: what the rule checks.
    pub summary: String,
    /// Longer help (Markdown): why, and how to fix.
    pub help: String,
    pub default_level: Level,
    /// The principle behind the rule (Markdown), for SARIF's `help.markdown`.
    pub why: String,
    /// How to fix a finding (Markdown).
    pub fix: String,
    /// The kinds of entity it checks: SARIF `properties.tags`.
    pub entities: Vec<EntityKind>,
    /// A document that fails the rule, from its `[[doc.fails]]`.
    pub failing_example: Option<RuleExample>,
    /// A built-in rule, documented at `rules/<id>.toml` in planlint's
    /// repository; an organisation's own rule has no page there.
    pub builtin: bool,
}

/// One file of a rule's documented example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleExample {
    pub path: String,
    pub text: String,
}
