//! TOML text → [`Node`], with every node's byte span in the file.

use super::node::{Node, NodeKind};
use super::{char_at, thousands, Problem, MAX_DEPTH};
use crate::diagnostic::Span;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Parses `text` (which starts at byte `base` of the file) into a map node
/// spanning the whole text.
pub(crate) fn parse(text: &str, base: usize) -> Result<Node, Problem> {
    if let Some(at) = past_value_limit(text) {
        return Err(too_many_values(text, base, at));
    }
    let table = DeTable::parse(text).map_err(|error| Problem {
        message: format!("invalid TOML: {}", error.message().trim()),
        span: error.span().map_or(base..base, |span| shift(&span, base)),
        help: None,
    })?;
    let entries = table_entries(text, base, table.get_ref(), 0)?;
    Ok(Node {
        kind: NodeKind::Map(entries),
        span: base..base.saturating_add(text.len()),
    })
}

/// The most value marks (`=`, `,`, `[`, `{`, `.`: each key, array item,
/// table or dotted key part is one, and strings may hold more) planlint
/// reads from one TOML text. The TOML parser's tree takes about 300 bytes
/// a value however short it is written: a 10 MiB `goal = [1,1,...]` took
/// 1.5 GB. A `goals.toml` of 10,000 goals holds about 130,000.
pub const MAX_TOML_MARKS: usize = 500_000;

/// Where the mark past [`MAX_TOML_MARKS`] is, if there is one.
fn past_value_limit(text: &str) -> Option<usize> {
    super::mark_past(text.as_bytes(), MAX_TOML_MARKS, |byte| {
        matches!(byte, b'=' | b',' | b'[' | b'{' | b'.')
    })
}

/// The problem of a TOML text too large to read, at the mark past the limit.
fn too_many_values(text: &str, base: usize, at: usize) -> Problem {
    Problem {
        message: format!(
            "this TOML holds more than {} values (`=`, `,`, `[`, `{{` and `.` marks), the most planlint reads from one file; it is not read",
            thousands(MAX_TOML_MARKS)
        ),
        span: shift(&char_at(text, at), base),
        help: Some(
            "split the data into files (one a team, a quarter or an area)".to_owned(),
        ),
    }
}

fn table_entries(
    text: &str,
    base: usize,
    table: &DeTable<'_>,
    depth: usize,
) -> Result<Vec<(String, Span, Node)>, Problem> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table.iter() {
        let node = to_node(text, base, value, depth + 1)?;
        entries.push((key.get_ref().to_string(), shift(&key.span(), base), node));
    }
    Ok(entries)
}

fn to_node(
    text: &str,
    base: usize,
    value: &Spanned<DeValue<'_>>,
    depth: usize,
) -> Result<Node, Problem> {
    let own = value.span();
    if depth > MAX_DEPTH {
        return Err(Problem {
            message: format!("values are nested more than {MAX_DEPTH} levels deep"),
            span: shift(&own, base),
            help: Some("flatten the structure".to_owned()),
        });
    }
    let written = || text.get(own.clone()).unwrap_or("").trim().to_owned();
    let (kind, span) = match value.get_ref() {
        DeValue::String(string) => (NodeKind::Scalar(string.to_string()), shift(&own, base)),
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) => {
            (NodeKind::Scalar(written()), shift(&own, base))
        }
        DeValue::Datetime(datetime) => {
            let written = written();
            let text = if written.is_empty() {
                datetime.to_string()
            } else {
                written
            };
            (NodeKind::Scalar(text), shift(&own, base))
        }
        DeValue::Array(array) => {
            let mut items = Vec::with_capacity(array.len());
            for item in array.iter() {
                items.push(to_node(text, base, item, depth + 1)?);
            }
            // An inline array's own span is `[...]`; an array of tables' is
            // its first header, so grow it over every table.
            let span = extend(
                shift(&own, base),
                items.iter().map(|item| item.span.clone()),
            );
            (NodeKind::List(items), span)
        }
        DeValue::Table(table) => {
            let entries = table_entries(text, base, table, depth)?;
            // A `[header]` table's own span is only its header line.
            let children = entries
                .iter()
                .flat_map(|(_, key, node)| [key.clone(), node.span.clone()]);
            let span = extend(shift(&own, base), children);
            (NodeKind::Map(entries), span)
        }
    };
    Ok(Node { kind, span })
}

/// The own span, grown to cover every child.
fn extend(own: Span, children: impl Iterator<Item = Span>) -> Span {
    children.fold(own, |span, child| {
        span.start.min(child.start)..span.end.max(child.end)
    })
}

fn shift(span: &Span, base: usize) -> Span {
    span.start.saturating_add(base)..span.end.saturating_add(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(node: &Node) -> &[(String, Span, Node)] {
        match &node.kind {
            NodeKind::Map(entries) => entries,
            other => panic!("expected a map, got {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_spans_and_written_text() {
        let text = "owner = \"@bob\"\nsize = 1_000\nday = 2026-01-02\nok = true\n";
        let node = parse(text, 0).unwrap();
        let map = entries(&node);
        assert_eq!(&text[map[0].1.clone()], "owner");
        assert_eq!(map[0].2.kind, NodeKind::Scalar("@bob".into()));
        assert_eq!(&text[map[0].2.span.clone()], "\"@bob\"");
        assert_eq!(map[1].2.kind, NodeKind::Scalar("1_000".into()));
        assert_eq!(map[2].2.kind, NodeKind::Scalar("2026-01-02".into()));
        assert_eq!(map[3].2.kind, NodeKind::Scalar("true".into()));
    }

    #[test]
    fn header_tables_span_their_header_and_contents() {
        let text = "[[team]]\nid = \"a\"\nmembers = [\"@x\", \"@y\"]\n\n[[team]]\nid = \"b\"\n";
        let node = parse(text, 0).unwrap();
        let NodeKind::List(teams) = &entries(&node)[0].2.kind else {
            panic!("expected a list")
        };
        assert_eq!(
            &text[teams[0].span.clone()],
            "[[team]]\nid = \"a\"\nmembers = [\"@x\", \"@y\"]"
        );
        assert_eq!(&text[teams[1].span.clone()], "[[team]]\nid = \"b\"");
        let members = &entries(&teams[0])[1].2;
        assert_eq!(&text[members.span.clone()], "[\"@x\", \"@y\"]");
    }

    #[test]
    fn spans_are_shifted_by_the_base_offset() {
        let file = "+++\nowner = \"@bob\"\n+++\n";
        let node = parse(&file[4..19], 4).unwrap();
        assert_eq!(&file[entries(&node)[0].2.span.clone()], "\"@bob\"");
    }

    #[test]
    fn syntax_errors_have_a_span_and_message() {
        let text = "a = [\nb = 2\n";
        let problem = parse(text, 10).unwrap_err();
        assert!(problem.message.starts_with("invalid TOML: "), "{problem:?}");
        assert_eq!(problem.span, 18..19);
    }

    #[test]
    fn a_toml_text_past_the_values_read_is_a_problem_at_the_mark_past_them() {
        // `=` and the dots in the string: exactly the limit, read.
        let at_limit = format!("x = \"{}\"\n", ".".repeat(MAX_TOML_MARKS - 1));
        assert!(parse(&at_limit, 0).is_ok());
        let past = format!("x = \"{}\"\n", ".".repeat(MAX_TOML_MARKS));
        let problem = parse(&past, 7).unwrap_err();
        let last_dot = past.rfind('.').unwrap();
        assert_eq!(problem.span, last_dot + 7..last_dot + 8);
        assert_eq!(
            problem.message,
            "this TOML holds more than 500,000 values (`=`, `,`, `[`, `{` and `.` marks), \
             the most planlint reads from one file; it is not read"
        );
    }

    #[test]
    fn deep_nesting_is_a_problem_not_a_crash() {
        let text = format!("a = {}{}\n", "[".repeat(5000), "]".repeat(5000));
        assert!(parse(&text, 0).is_err());
        let text = format!("a = {}1{}\n", "{b=".repeat(70), "}".repeat(70));
        assert!(parse(&text, 0).is_err());
        let text = format!("x{} = 1\n", ".x".repeat(100_000));
        assert!(parse(&text, 0).is_err());
    }
}
