//! Stage 2: documents with spans, and nothing else.
//!
//! A planning file is read here as a document: Markdown blocks (headings,
//! paragraphs, list items, table rows, inline text mapped back to the
//! source), frontmatter, and YAML, TOML, JSON, CSV or TSV trees. Every piece keeps its
//! byte span in the file. Nothing here knows what a team, a goal, an owner or
//! an issue is: the extract stage ([`crate::extract`]) decides that. Parsing
//! never fails: what cannot be read becomes a [`Problem`] (reported as
//! `parse-error`).

pub(crate) mod frontmatter;
mod json_node;
pub(crate) mod json_spans;
pub(crate) mod markdown;
pub mod node;
mod simple_yaml;
mod suppressions;
mod table_file;
mod toml_node;
mod yaml;

pub use markdown::MAX_MARKDOWN_MARKS;
pub use toml_node::MAX_TOML_MARKS;

use crate::diagnostic::Span;
use compact_str::CompactString;
use smallvec::SmallVec;

/// Files larger than this are reported, not parsed: the largest file the
/// sources read at all (an issue export, at GitHub's own limit on a file).
/// Each kind of file is held to its own limit before it is read.
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;

/// How deeply frontmatter and data values may nest; deeper is a problem.
pub(crate) const MAX_DEPTH: usize = 64;

/// Lowercase, trim, and turn runs of spaces, `-` and `_` into one `_`; drop
/// trailing punctuation such as `:`. Every label, key and heading is
/// normalised (135,000 times in a 10,000-goal check): the bytes are
/// gathered on the stack and a name of up to 24 bytes is held in place,
/// not allocated. (`CompactString::push` a character at a time cost twice
/// the whole function.)
pub fn normalize_name(name: &str) -> CompactString {
    let mut out: SmallVec<[u8; 24]> = SmallVec::new();
    let mut pending_sep = false;
    for c in crate::text::trim(name)
        .trim_end_matches([':', '.', '?'])
        .chars()
    {
        if c == ' ' || c == '-' || c == '_' || c == '\t' {
            pending_sep = !out.is_empty();
        } else {
            if pending_sep {
                out.push(b'_');
                pending_sep = false;
            }
            if c.is_ascii() {
                // Most names are ASCII: no case-mapping tables per character.
                out.push(c.to_ascii_lowercase() as u8);
            } else {
                for lower in c.to_lowercase() {
                    out.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
                }
            }
        }
    }
    // Whole characters were written: the bytes are UTF-8.
    CompactString::from_utf8(&out).unwrap_or_default()
}

/// One file's bytes, with its root-relative path (with `/`).
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// `100000` as `100,000`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Where the mark past `limit` is in `bytes` (each byte `is_mark` takes
/// is one), if there is one: data formats whose parsers take memory per
/// value are bounded by counting the bytes that start one, before parsing.
pub(crate) fn mark_past(bytes: &[u8], limit: usize, is_mark: impl Fn(u8) -> bool) -> Option<usize> {
    // A mark is a byte: most texts need no count.
    if bytes.len() <= limit {
        return None;
    }
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &byte)| is_mark(byte))
        .nth(limit)
        .map(|(at, _)| at)
}

/// One character at `at` (or an empty span at the end of the text).
pub(crate) fn char_at(text: &str, at: usize) -> Span {
    let at = at.min(text.len());
    let len = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    at..at + len
}

/// Something in a file that could not be read; becomes a `parse-error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// An inline suppression comment (see the suppression docs in the README).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids it silences; empty means every rule.
    pub rules: Vec<String>,
    /// The byte range of the file it covers.
    pub covers: Span,
    /// Where the comment itself is, for `unused-suppression`.
    pub span: Span,
    pub reason: Option<String>,
}

/// The syntax of a data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataFormat {
    Toml,
    /// YAML.
    Yaml,
    /// JSON, read by JSON's grammar and limits.
    Json,
    /// Comma- (or semicolon-) separated values, a header row first.
    Csv,
    /// Tab-separated values, a header row first.
    Tsv,
}

impl DataFormat {
    /// `.toml` files are TOML, `.json` files JSON, `.csv` and `.tsv`
    /// files tables; anything else is read as YAML.
    pub fn of_path(path: &str) -> DataFormat {
        let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
        let is = |name: &str| extension.eq_ignore_ascii_case(name);
        if is("toml") {
            DataFormat::Toml
        } else if is("json") {
            DataFormat::Json
        } else if is("csv") {
            DataFormat::Csv
        } else if is("tsv") {
            DataFormat::Tsv
        } else {
            DataFormat::Yaml
        }
    }
}

/// The inline suppressions of a file's text.
pub(crate) fn suppressions_of(text: &str, path: &str) -> Vec<Suppression> {
    suppressions::scan(text, path)
}

/// The tree of a YAML, TOML, JSON, CSV or TSV data file (by its
/// extension), spans in `text`.
pub(crate) fn data_tree(text: &str, path: &str) -> Result<node::Node, Problem> {
    data_tree_as(text, DataFormat::of_path(path))
}

/// The tree of a data file, and whether it is a stream of several YAML
/// documents: its root is then the list of them, and each is a document
/// of its own (where a `$` path starts for what is inside it).
/// A CSV or TSV sheet's columns are named by `columns` when it has no
/// header row (see [`table_file::parse_with_columns`]).
pub(crate) fn data_documents_with_columns(
    text: &str,
    path: &str,
    columns: &[String],
) -> Result<(node::Node, bool), Problem> {
    let format = DataFormat::of_path(path);
    let tab = match format {
        DataFormat::Csv => false,
        DataFormat::Tsv => true,
        _ => return data_documents_as(text, format),
    };
    let start = content_start(text);
    let content = text.get(start..).unwrap_or("");
    table_file::parse_with_columns(content, start, tab, columns).map(|node| (node, false))
}

/// [`data_documents_with_columns`] of a data file in a known format, a
/// sheet with its header row.
pub(crate) fn data_documents_as(
    text: &str,
    format: DataFormat,
) -> Result<(node::Node, bool), Problem> {
    match format {
        DataFormat::Yaml => {
            let start = content_start(text);
            yaml::parse_documents(text.get(start..).unwrap_or(""), start)
        }
        format => data_tree_as(text, format).map(|node| (node, false)),
    }
}

/// The tree of a data file in a known format, spans in `text`.
pub(crate) fn data_tree_as(text: &str, format: DataFormat) -> Result<node::Node, Problem> {
    let start = content_start(text);
    let content = text.get(start..).unwrap_or("");
    match format {
        DataFormat::Toml => toml_node::parse(content, start),
        DataFormat::Yaml => yaml::parse(content, start),
        DataFormat::Json => json_node::parse(text, start),
        DataFormat::Csv => table_file::parse(content, start, false),
        DataFormat::Tsv => table_file::parse(content, start, true),
    }
}

/// The tree of a Markdown document's frontmatter, when it has one that parses.
pub(crate) fn frontmatter_tree(text: &str) -> Option<node::Node> {
    let split = frontmatter::split(text, content_start(text));
    let found = split.frontmatter?;
    let content = text.get(found.content.clone())?;
    match found.format {
        frontmatter::Format::Yaml => yaml::parse(content, found.content.start).ok(),
        frontmatter::Format::Toml => toml_node::parse(content, found.content.start).ok(),
    }
}

/// The file's text, or the text to show and the problem that stops parsing.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, (String, Problem)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err((
            String::new(),
            Problem {
                message: format!(
                    "file is too large ({} bytes; the limit is {} MiB)",
                    bytes.len(),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                span: 0..0,
                help: Some("split the file, or leave it out of the planning globs".to_owned()),
            },
        ));
    }
    if let Some(text) = utf16(&bytes) {
        return Ok(text);
    }
    let lossy = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    if bytes.contains(&0) {
        let text = lossy(&bytes);
        // Found in the lossy text: invalid bytes before it shift offsets.
        let at = text.find('\0').unwrap_or(0);
        return Err((
            text,
            Problem {
                message: format!("binary file (NUL byte at byte {at})"),
                span: at..at + 1,
                help: Some("planning files must be text".to_owned()),
            },
        ));
    }
    // Taken, not copied: the bytes become the text when they are UTF-8.
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            // The lossy text has the same bytes before `at`, then U+FFFD.
            Err((
                lossy(error.as_bytes()),
                Problem {
                    message: format!("file is not valid UTF-8 (byte {at})"),
                    span: at..at + '\u{fffd}'.len_utf8(),
                    help: Some("save the file as UTF-8".to_owned()),
                },
            ))
        }
    }
}

/// A file saved as UTF-16 with its byte-order mark (Excel's "Unicode text",
/// Windows tools), as UTF-8 text that keeps the mark; `None` for any other
/// file, or UTF-16 that does not decode.
fn utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|pair| match (little, pair) {
        (true, [low, high]) | (false, [high, low]) => u16::from_le_bytes([*low, *high]),
        _ => 0,
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// Where a file's content starts: after a byte-order mark, if any. Spans stay
/// offsets into the whole text.
pub(crate) fn content_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The line starting at `start`, without its line break.
pub(crate) fn first_line(text: &str, start: usize) -> Span {
    let rest = text.get(start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    start..start + line.trim_end_matches('\r').len()
}

/// A span inside `text` and on character boundaries, whatever it was.
pub(crate) fn clamp(text: &str, span: &Span) -> Span {
    let mut end = span.end.min(text.len());
    let mut start = span.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_written_with_thousands_separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (100_000, "100,000"),
        ];
        for (n, written) in cases {
            assert_eq!(thousands(n), written);
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("Definition of Done:"), "definition_of_done");
        assert_eq!(normalize_name(" done-when "), "done_when");
        assert_eq!(normalize_name("Not  doing"), "not_doing");
        assert_eq!(normalize_name("ÜBER Straße-İD"), "über_straße_i\u{307}d");
    }

    proptest::proptest! {
        /// The name is the words of the trimmed text, lowercased and joined
        /// by one `_`, whether it fits in place or not.
        #[test]
        fn a_name_is_its_lowercased_words_joined(
            name in proptest::prop_oneof![
                r"[ _\t\-]{0,2}[A-Za-zİÜß]{1,12}([ _\t\-]{1,3}[A-Za-zİÜß🚀]{1,12}){0,4}[:.?]{0,2}",
                proptest::prelude::any::<String>(),
            ],
        ) {
            let words: Vec<String> = crate::text::trim(&name)
                .trim_end_matches([':', '.', '?'])
                .split([' ', '-', '_', '\t'])
                .filter(|word| !word.is_empty())
                // A character at a time: `str::to_lowercase` maps a final Σ to ς.
                .map(|word| word.chars().flat_map(char::to_lowercase).collect())
                .collect();
            let normal = normalize_name(&name);
            proptest::prop_assert_eq!(normal.as_str(), words.join("_"));
        }
    }
}
