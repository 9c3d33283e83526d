//! Helpers shared by the extract tests.

use super::extracted::ExtractedFile;
use super::fields::FieldNames;
use crate::diagnostic::Span;
use crate::model::{Record, Task, Value};

/// Parse options with these (normalised name, canonical name) aliases.
pub(crate) fn options_with(pairs: &[(&str, &str)]) -> FieldNames {
    FieldNames::new(
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    )
}

/// The texts of a record's field; empty when it is absent.
pub(crate) fn texts<'a>(record: &'a Record, name: &str) -> Vec<&'a str> {
    record
        .fields
        .get(name)
        .map(|f| f.values.iter().map(|v| v.text.as_str()).collect())
        .unwrap_or_default()
}

/// Any text of up to `max_chars` characters, with those that have broken
/// byte arithmetic or would reach a terminal drawn often: NUL, CR, ESC,
/// bidi controls, a combining mark, a zero-width joiner, a byte-order mark,
/// multi-byte letters and emoji. (`any::<String>()` never draws control or
/// format characters.)
pub(crate) fn hostile_text(max_chars: usize) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let special = proptest::sample::select(vec![
        '\0', '\r', '\n', '\t', '\u{1b}', '\u{202e}', '\u{2066}', '\u{0301}', '\u{200d}',
        '\u{feff}', 'é', '🚀', '"', '\'', '\\', ':', '#', '-', '@', '|', '*', '[', ']',
    ]);
    proptest::collection::vec(prop_oneof![any::<char>(), special], 0..=max_chars)
        .prop_map(|chars| chars.into_iter().collect())
}

/// The first span of a result that is not inside its text on character
/// boundaries.
pub(crate) fn invalid_span(parsed: &ExtractedFile) -> Option<Span> {
    let mut spans: Vec<Span> = parsed.problems.iter().map(|p| p.span.clone()).collect();
    for record in &parsed.records {
        spans.extend([record.span.clone(), record.anchor.clone()]);
        for field in record.fields.values() {
            spans.push(field.span());
            spans.extend(field.values.iter().map(Value::span));
            spans.extend(field.tasks.iter().map(Task::span));
        }
    }
    spans
        .into_iter()
        .find(|span| span.start > span.end || parsed.text.get(span.clone()).is_none())
}
