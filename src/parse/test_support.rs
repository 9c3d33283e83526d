//! Helpers shared by the parse tests.

use super::{ParseOptions, Record};

/// Parse options with these (normalised name, canonical name) aliases.
pub(crate) fn options_with(pairs: &[(&str, &str)]) -> ParseOptions {
    ParseOptions {
        aliases: pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    }
}

/// The texts of a record's field; empty when it is absent.
pub(crate) fn texts<'a>(record: &'a Record, name: &str) -> Vec<&'a str> {
    record
        .fields
        .get(name)
        .map(|f| f.values.iter().map(|v| v.text.as_str()).collect())
        .unwrap_or_default()
}
