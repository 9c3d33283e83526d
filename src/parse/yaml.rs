//! YAML text → [`Node`], with every node's byte span in the file.
//!
//! The only module that talks to serde-saphyr, so the rest of the parser sees
//! one value tree whatever the format. serde-saphyr's default budgets are kept
//! (they stop alias bombs and huge documents) except the nesting depth: see
//! [`MAX_YAML_DEPTH`].

use super::node::{Node, NodeKind};
use super::{char_at, simple_yaml, thousands, Problem, MAX_DEPTH};
use crate::diagnostic::Span;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Location, MessageFormatter, Spanned, UserMessageFormatter};
use std::fmt;

/// Parses `text` (which starts at byte `base` of the file) into a node tree.
///
/// An empty document (or one holding only comments) is a [`NodeKind::Null`].
/// The simple shape nearly every frontmatter has is read without
/// serde-saphyr ([`simple_yaml`]), to the same tree.
pub(crate) fn parse(text: &str, base: usize) -> Result<Node, Problem> {
    parse_documents(text, base).map(|(node, _)| node)
}

/// [`parse`], and whether the text is a stream of several documents (the
/// node is then the list of them).
pub(crate) fn parse_documents(text: &str, base: usize) -> Result<(Node, bool), Problem> {
    match simple_yaml::parse(text, base) {
        Some(node) => Ok((node, false)),
        None => saphyr_documents(text, base),
    }
}

/// [`parse`] through serde-saphyr, whatever the shape.
#[cfg(test)]
pub(super) fn parse_with_saphyr(text: &str, base: usize) -> Result<Node, Problem> {
    saphyr_documents(text, base).map(|(node, _)| node)
}

/// [`parse_documents`] through serde-saphyr.
fn saphyr_documents(text: &str, base: usize) -> Result<(Node, bool), Problem> {
    let mut options = serde_saphyr::Options::default();
    let mut budget = options.budget.unwrap_or_default();
    budget.max_depth = MAX_YAML_DEPTH;
    // A catalog of one document per person is thousands of documents; the
    // node budget below still bounds what they make.
    budget.max_documents = budget.max_documents.max(MAX_YAML_DOCUMENTS);
    // Aliases make a tree larger than its text: bounded by the text's size,
    // a plan's memory grows with its bytes, not with its files (200 teams
    // of 290 bytes, each a list of 100,000 aliased members, took 2 GB).
    let room =
        |base: usize, per_byte: usize| base.saturating_add(per_byte.saturating_mul(text.len()));
    budget.max_nodes = room(NODES_BASE, NODES_PER_BYTE).min(MAX_NODES);
    budget.max_total_scalar_bytes =
        (budget.max_total_scalar_bytes).min(room(SCALAR_BYTES_BASE, SCALAR_BYTES_PER_BYTE));
    let limits = (budget.max_nodes, budget.max_total_scalar_bytes);
    options.budget = Some(budget);
    let failed = |error: serde_saphyr::Error| {
        too_large(text, base, &error, limits)
            .unwrap_or_else(|| problem_from_error(text, base, &error))
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options.clone()) {
        Ok(raw) => to_node(text, base, &raw, 0).map(|node| (node, false)),
        // A stream of documents (`---` between them: a Backstage catalog, a
        // Kubernetes manifest) is read as the list of its documents, so
        // that `select = "[*]"` or `"[kind=Group]"` reaches each one.
        Err(error)
            if matches!(
                innermost(&error),
                serde_saphyr::Error::MultipleDocuments { .. }
            ) =>
        {
            let documents = serde_saphyr::from_multiple_with_options::<Spanned<Raw>>(text, options)
                .map_err(failed)?;
            let mut nodes = Vec::with_capacity(documents.len());
            for document in &documents {
                nodes.push(to_node(text, base, document, 1)?);
            }
            // Empty documents are skipped: one real document and a stray
            // `---` is that document, not a stream of one.
            if nodes.len() <= 1 {
                let document = nodes.pop().unwrap_or(Node {
                    kind: NodeKind::Null,
                    span: base..base,
                });
                return Ok((document, false));
            }
            let stream = Node {
                kind: NodeKind::List(nodes),
                span: base..base + text.len(),
            };
            Ok((stream, true))
        }
        Err(error) => Err(failed(error)),
    }
}

/// The documents a YAML stream may hold (serde-saphyr's default is 1,024).
const MAX_YAML_DOCUMENTS: usize = 100_000;

/// The nodes a YAML text may make: a few per byte (`[1,1]` is three in
/// five bytes) and some room for anchors reused, past [`MAX_NODES`] never.
const NODES_BASE: usize = 1_000;
const NODES_PER_BYTE: usize = 4;
/// The most nodes of one YAML file: a 3 MB catalog of 30,000 documents
/// holds about 300,000 (serde-saphyr's own default is 250,000); a tree of
/// a million is about 100 MB.
const MAX_NODES: usize = 1_000_000;
/// The scalar text it may make, the same way (serde-saphyr's cap: 64 MiB).
const SCALAR_BYTES_BASE: usize = 64 * 1024;
const SCALAR_BYTES_PER_BYTE: usize = 16;

/// Deserialising one nesting level takes about 35 KiB of stack in a debug
/// build, so the default budget of 64 levels overflows a 2 MiB thread (a
/// rayon worker's). Planning files nest a few levels; 16 is ample.
const MAX_YAML_DEPTH: usize = 16;

/// What serde-saphyr hands us before spans are resolved.
enum Raw {
    Null,
    /// A string scalar, as the YAML string it denotes.
    Text(String),
    /// A number or boolean; its text is taken from the source so that
    /// `1.50` or `0x1F` stay as written.
    Other(String),
    List(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Raw, E> {
        Ok(Raw::Other(value.to_string()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Raw, E> {
        Ok(Raw::Other(value.to_string()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Raw, E> {
        Ok(Raw::Other(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Raw, E> {
        Ok(Raw::Other(value.to_string()))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Raw, E> {
        Ok(Raw::Other(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Raw, E> {
        Ok(Raw::Other(value.to_string()))
    }

    fn visit_char<E>(self, value: char) -> Result<Raw, E> {
        Ok(Raw::Text(value.to_string()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Raw, E> {
        Ok(Raw::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Raw, E> {
        Ok(Raw::Text(value))
    }

    fn visit_bytes<E>(self, value: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Text(String::from_utf8_lossy(value).into_owned()))
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

fn to_node(text: &str, base: usize, raw: &Spanned<Raw>, depth: usize) -> Result<Node, Problem> {
    let own = location_span(text, &raw.referenced);
    if depth > MAX_DEPTH {
        return Err(Problem {
            message: format!("values are nested more than {MAX_DEPTH} levels deep"),
            span: shift(&own, base),
            help: Some("flatten the structure".to_owned()),
        });
    }
    let (kind, span) = match &raw.value {
        Raw::Null => (NodeKind::Null, own.start..own.start),
        Raw::Text(value) => (NodeKind::Scalar(value.clone()), trim_end(text, own)),
        Raw::Other(formatted) => {
            let span = trim_end(text, own);
            let written = text.get(span.clone()).unwrap_or("").trim();
            let value = if written.is_empty() {
                formatted
            } else {
                written
            };
            (NodeKind::Scalar(value.to_owned()), span)
        }
        Raw::List(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for item in items {
                nodes.push(to_node(text, base, item, depth + 1)?);
            }
            let span = covering(&own, nodes.iter().map(|node| shift_back(&node.span, base)));
            (NodeKind::List(nodes), close_flow(text, &own, span))
        }
        Raw::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            let mut extent = Vec::with_capacity(entries.len() * 2);
            for (key, value) in entries {
                let key_span = trim_end(text, location_span(text, &key.referenced));
                let node = to_node(text, base, value, depth + 1)?;
                extent.push(key_span.clone());
                extent.push(shift_back(&node.span, base));
                out.push((key.value.clone(), shift(&key_span, base), node));
            }
            let span = covering(&own, extent.into_iter());
            (NodeKind::Map(out), close_flow(text, &own, span))
        }
    };
    Ok(Node {
        kind,
        span: shift(&span, base),
    })
}

/// A collection's own location is only where it starts, so its span runs
/// from its first child to its last (or is its own location when empty).
fn covering(own: &Span, children: impl Iterator<Item = Span>) -> Span {
    let mut span: Option<Span> = None;
    for child in children {
        span = Some(match span {
            None => child,
            Some(so_far) => so_far.start.min(child.start)..so_far.end.max(child.end),
        });
    }
    span.unwrap_or_else(|| own.clone())
}

/// A flow collection (`[a, b]`, `{a: b}`) spans its brackets; a block one
/// ends with its last item.
fn close_flow(text: &str, own: &Span, span: Span) -> Span {
    let close = match text.get(own.start..).and_then(|rest| rest.chars().next()) {
        Some('[') => ']',
        Some('{') => '}',
        _ => return span,
    };
    let from = span.end.max(own.start + 1);
    let rest = text.get(from..).unwrap_or("");
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len();
    if rest
        .get(skipped..)
        .is_some_and(|after| after.starts_with(close))
    {
        own.start..from + skipped + 1
    } else {
        span
    }
}

fn shift(span: &Span, base: usize) -> Span {
    span.start.saturating_add(base)..span.end.saturating_add(base)
}

fn shift_back(span: &Span, base: usize) -> Span {
    span.start.saturating_sub(base)..span.end.saturating_sub(base)
}

/// Block scalars end with their newline; a value's span should not.
fn trim_end(text: &str, span: Span) -> Span {
    let trimmed = text.get(span.clone()).map_or(0, |s| s.trim_end().len());
    span.start..span.start.saturating_add(trimmed)
}

/// The byte span of a location in `text`: its byte offsets when serde-saphyr
/// has them, else an empty span at its line and column.
fn location_span(text: &str, location: &Location) -> Span {
    let span = location.span();
    if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        return start..start.saturating_add(len).min(text.len());
    }
    let start = offset_of(text, location.line(), location.column());
    start..start
}

/// Byte offset of a 1-based line and 1-based column counted in characters.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match text.get(line_start..).and_then(|rest| rest.find('\n')) {
            Some(newline) => line_start += newline + 1,
            None => return text.len(),
        }
    }
    let rest = text.get(line_start..).unwrap_or("");
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    line_start
        + rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(skip)
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(at, _)| at)
}

fn problem_from_error(text: &str, base: usize, error: &serde_saphyr::Error) -> Problem {
    let message = UserMessageFormatter.format_message(innermost(error));
    // The formatter's text is not sanitised: keep one line, no control characters.
    let message: String = message
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let span = error
        .location()
        .map_or(0..0, |location| location_span(text, &location));
    // Point at the character there, so that reports underline something.
    let span = match text.get(span.start..).and_then(|rest| rest.chars().next()) {
        Some(c) if span.is_empty() && c != '\n' => span.start..span.start + c.len_utf8(),
        _ => span,
    };
    Problem {
        message: format!("invalid YAML: {}", message.trim()),
        span: shift(&span, base),
        help: None,
    }
}

/// The error inside the ones that wrap it to say where an alias was.
fn innermost(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// The problem of a YAML text whose tree or scalar text is past what
/// planlint reads from a text of its size (`limits`: the most nodes and
/// scalar bytes); `None` for any other error.
fn too_large(
    text: &str,
    base: usize,
    error: &serde_saphyr::Error,
    (max_nodes, max_scalar_bytes): (usize, usize),
) -> Option<Problem> {
    let serde_saphyr::Error::Budget { breach, location } = innermost(error) else {
        return None;
    };
    let (message, help) = match breach {
        BudgetBreach::Nodes { .. } => (
            format!(
                "this file holds more than {} values, the most planlint reads from YAML or JSON of its size; it is not read",
                thousands(max_nodes)
            ),
            "YAML or JSON may hold 1,000 values and 4 a byte of its text, at most 1,000,000, so that aliases cannot make a small file large: split the data into files",
        ),
        BudgetBreach::ScalarBytes { .. } => (
            format!(
                "this file's text values hold more than {} bytes, the most planlint reads from YAML or JSON of its size; it is not read",
                thousands(max_scalar_bytes)
            ),
            "YAML or JSON may hold 64 KiB of text values and 16 bytes a byte of its text, so that aliases cannot make a small file large: split the data into files",
        ),
        BudgetBreach::Depth { .. } => (
            format!(
                "this file nests values more than {MAX_YAML_DEPTH} levels deep, the most planlint reads from YAML or JSON; it is not read"
            ),
            "a plan's data is a few levels deep (a list of goals, each a map of fields): flatten the rest",
        ),
        other => (
            format!(
                "this file is more complex than planlint reads from YAML or JSON (too many {}); it is not read",
                breach_name(other)
            ),
            "split the data into files, each a plain list or map",
        ),
    };
    Some(Problem {
        message,
        // An alias's error is where the alias is written, not its anchor.
        span: shift(
            &char_at(
                text,
                location_span(text, &error.location().unwrap_or(*location)).start,
            ),
            base,
        ),
        help: Some(help.to_owned()),
    })
}

/// What a budget breach counted, in words.
fn breach_name(breach: &BudgetBreach) -> &'static str {
    match breach {
        BudgetBreach::Events { .. } => "parser events",
        BudgetBreach::Aliases { .. } => "aliases",
        BudgetBreach::Anchors { .. } => "anchors",
        BudgetBreach::Documents { .. } => "documents",
        BudgetBreach::InclusionDepth { .. } => "inclusions",
        _ => "parts",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(String, Span, Node)] {
        match &node.kind {
            NodeKind::Map(entries) => entries,
            other => panic!("expected a map, got {other:?}"),
        }
    }

    fn slice<'a>(text: &'a str, span: &Span) -> &'a str {
        &text[span.clone()]
    }

    #[test]
    fn scalars_keep_their_spans_and_written_text() {
        let text = "name: Growth\nlead: \"@alice\"\nsize: 1.50\nhex: 0x1F\nok: true\n";
        let node = parse(text, 0).unwrap();
        let entries = map(&node);
        let (key, key_span, value) = &entries[0];
        assert_eq!(key, "name");
        assert_eq!(slice(text, key_span), "name");
        assert_eq!(value.kind, NodeKind::Scalar("Growth".into()));
        assert_eq!(slice(text, &value.span), "Growth");
        assert_eq!(entries[1].2.kind, NodeKind::Scalar("@alice".into()));
        assert_eq!(slice(text, &entries[1].2.span), "\"@alice\"");
        assert_eq!(entries[2].2.kind, NodeKind::Scalar("1.50".into()));
        assert_eq!(entries[3].2.kind, NodeKind::Scalar("0x1F".into()));
        assert_eq!(entries[4].2.kind, NodeKind::Scalar("true".into()));
    }

    #[test]
    fn spans_are_shifted_by_the_base_offset() {
        let file = "---\nowner: \"@bob\"\n---\n";
        let node = parse(&file[4..18], 4).unwrap();
        let (_, key_span, value) = &map(&node)[0];
        assert_eq!(slice(file, key_span), "owner");
        assert_eq!(slice(file, &value.span), "\"@bob\"");
    }

    #[test]
    fn lists_span_from_first_to_last_item() {
        let text = "block:\n  - one\n  - two\nflow: [a, b]\nempty: []\n";
        let node = parse(text, 0).unwrap();
        let entries = map(&node);
        assert_eq!(slice(text, &entries[0].2.span), "one\n  - two");
        assert_eq!(slice(text, &entries[1].2.span), "[a, b]");
        assert_eq!(slice(text, &entries[2].2.span), "[]");
        match &entries[2].2.kind {
            NodeKind::List(items) => assert!(items.is_empty()),
            other => panic!("expected a list, got {other:?}"),
        }
    }

    /// A stream of documents is the list of them, each with its spans in
    /// the file; empty documents are skipped, and an error in a later
    /// document is found where it is.
    #[test]
    fn a_stream_of_documents_is_a_list_of_them() {
        let text = "kind: Group\nname: Zoë\n---\n---\nkind: User\nname: 李雷\n";
        let node = parse(text, 2).unwrap();
        let NodeKind::List(documents) = &node.kind else {
            panic!("{node:?}")
        };
        let names: Vec<&str> = documents
            .iter()
            .map(|document| {
                let (_, _, value) = &map(document)[1];
                &text[value.span.start - 2..value.span.end - 2]
            })
            .collect();
        assert_eq!(names, ["Zoë", "李雷"]);
        assert_eq!(node.span, 2..2 + text.len());
        // One document and a stray `---` is that document.
        let (one, stream) = parse_documents("a: 1\n---\n", 0).unwrap();
        assert!(!stream && map(&one).len() == 1, "{one:?}");
        let (none, stream) = parse_documents("---\n---\n", 0).unwrap();
        assert!(!stream && none.kind == NodeKind::Null, "{none:?}");
        let error = parse("a: 1\n---\nb: [\n", 0).unwrap_err();
        assert!(
            error.message.starts_with("invalid YAML"),
            "{}",
            error.message
        );
        assert!(error.span.start >= 9, "{:?}", error.span);
    }

    #[test]
    fn nulls_and_empty_documents() {
        let text = "a:\nb: null\nc: ~\n";
        let node = parse(text, 0).unwrap();
        assert!(map(&node).iter().all(|(_, _, v)| v.kind == NodeKind::Null));
        assert_eq!(parse("", 0).unwrap().kind, NodeKind::Null);
        assert_eq!(parse("# just a comment\n", 0).unwrap().kind, NodeKind::Null);
    }

    #[test]
    fn block_scalars_do_not_include_the_trailing_newline() {
        let text = "why: |\n  line one\n  line two\nnext: x\n";
        let node = parse(text, 0).unwrap();
        let value = &map(&node)[0].2;
        assert_eq!(value.kind, NodeKind::Scalar("line one\nline two\n".into()));
        assert_eq!(slice(text, &value.span), "line one\n  line two");
    }

    #[test]
    fn aliases_resolve_to_their_anchor() {
        let text = "a: &x hello\nb: *x\n";
        let node = parse(text, 0).unwrap();
        let b = &map(&node)[1].2;
        assert_eq!(b.kind, NodeKind::Scalar("hello".into()));
        assert_eq!(slice(text, &b.span), "*x");
    }

    #[test]
    fn syntax_errors_point_at_their_line() {
        let text = "a: b\nc: [d\ne: f\n";
        let problem = parse(text, 0).unwrap_err();
        assert!(problem.message.starts_with("invalid YAML: "), "{problem:?}");
        assert!(!problem.message.contains('\n'));
        let line = text[..problem.span.start].matches('\n').count() + 1;
        assert_eq!(line, 3, "{problem:?}");
    }

    #[test]
    fn complex_keys_and_duplicates_are_problems() {
        assert!(parse("? [a]\n: b\n", 0).is_err());
        let problem = parse("a: 1\na: 2\n", 0).unwrap_err();
        assert_eq!(
            &"a: 1\na: 2\n"[problem.span.start..problem.span.start + 1],
            "a"
        );
    }

    #[test]
    fn nesting_past_the_limit_says_so_in_words() {
        let text = format!("{{\"a\": {}1{}}}\n", "[".repeat(20), "]".repeat(20));
        let problem = parse(&text, 3).unwrap_err();
        assert_eq!(
            problem.message,
            "this file nests values more than 16 levels deep, the most planlint reads from YAML or JSON; it is not read"
        );
        assert_eq!(
            problem.help.as_deref(),
            Some("a plan's data is a few levels deep (a list of goals, each a map of fields): flatten the rest")
        );
        assert!(problem.span.start >= 3, "{:?}", problem.span);
    }

    #[test]
    fn deep_nesting_is_a_problem_not_a_crash() {
        let text = format!("a: {}{}\n", "[".repeat(500), "]".repeat(500));
        assert!(parse(&text, 0).is_err());
        let text = format!("a: {}1{}\n", "{b: ".repeat(200), "}".repeat(200));
        assert!(parse(&text, 0).is_err());
        for depth in [15, 17, 40, 63, 65] {
            let text = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(parse(&text, 0).is_ok(), depth < MAX_YAML_DEPTH, "{depth}");
            let mut block = String::new();
            for level in 0..depth {
                block.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
            }
            assert_eq!(parse(&block, 0).is_ok(), depth <= MAX_YAML_DEPTH, "{depth}");
        }
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(parse(&text, 0).is_err());
    }

    #[test]
    fn a_small_text_cannot_make_a_large_tree() {
        // 290 bytes that alias their way to 100,000 members.
        let mut text = format!(
            "a: &a [{}]\n",
            (0..10)
                .map(|i| format!("'@u{i}'"))
                .collect::<Vec<_>>()
                .join(",")
        );
        for (prev, name) in ["a", "b", "c", "d"].iter().zip(["b", "c", "d", "e"]) {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(",")
            ));
        }
        let bomb = format!("{text}members: [*e]\n");
        assert!(bomb.len() < 400, "{}", bomb.len());
        let error = parse_with_saphyr(&bomb, 0).expect_err("too large a tree");
        let limit = NODES_BASE + NODES_PER_BYTE * bomb.len();
        assert_eq!(
            error.message,
            format!(
                "this file holds more than {} values, the most planlint reads from YAML or JSON of its size; it is not read",
                crate::parse::thousands(limit)
            )
        );
        // Where the tree grew past the limit: at the alias that made it grow.
        assert_eq!(&bomb[error.span.clone()], "*", "{error:?}");
        let text_bomb = format!(
            "a: &a '{}'\nb: [{}]\n",
            "x".repeat(1_000),
            vec!["*a"; 100].join(",")
        );
        let error = parse_with_saphyr(&text_bomb, 0).expect_err("too much text");
        let limit = SCALAR_BYTES_BASE + SCALAR_BYTES_PER_BYTE * text_bomb.len();
        assert_eq!(
            error.message,
            format!(
                "this file's text values hold more than {} bytes, the most planlint reads from YAML or JSON of its size; it is not read",
                crate::parse::thousands(limit)
            )
        );
        // Anchors used as planning files use them still read.
        let reuse = "base: &base {team: growth, status: active}\ngoals:\n  - <<: *base\n    id: a\n  - <<: *base\n    id: b\n";
        assert!(parse_with_saphyr(reuse, 0).is_ok());
        // An anchor reused a few times, as a roster reuses a group.
        let lists =
            "core: &core ['@a', '@b', '@c']\nweb:\n  members: [*core]\napi:\n  members: [*core]\n";
        assert!(parse_with_saphyr(lists, 0).is_ok());
    }

    #[test]
    fn line_and_column_offsets_count_characters() {
        assert_eq!(offset_of("ab\ncé d\n", 2, 3), 6);
        assert_eq!(offset_of("ab", 9, 1), 2);
        assert_eq!(offset_of("ab\n", 1, 99), 2);
    }
}
