//! JSON data files → [`Node`], through the span scanner the issue exports
//! use: JSON's grammar and limits (a key of any length, 64 levels), not
//! YAML's, which read `.json` files before and refused a 1,025-character
//! key, 17 levels and a 60,000-goal file as YAML.

use super::json_spans::{self, Kind, Tree};
use super::node::{Node, NodeKind};
use super::{char_at, thousands, Problem, MAX_DEPTH};

/// The most values planlint reads from one JSON file, counted by the
/// marks that start one (`[`, `{`, `,`) before the file is scanned: the
/// scanner's tree takes memory per value. A `goals.json` of 10,000 goals
/// holds about 60,000.
pub const MAX_JSON_VALUES: usize = 500_000;

/// Parses the JSON document in `text[start..]`; spans are offsets in `text`.
pub(crate) fn parse(text: &str, start: usize) -> Result<Node, Problem> {
    if let Some(at) = past_value_limit(text, start) {
        return Err(Problem {
            message: format!(
                "this JSON holds more than {} values (`[`, `{{` and `,` marks), the most planlint reads from one file; it is not read",
                thousands(MAX_JSON_VALUES)
            ),
            span: char_at(text, at),
            help: Some("split the data into files (one a team, a quarter or an area)".to_owned()),
        });
    }
    let (tree, error) = json_spans::scan(text, start);
    if let Some(error) = error {
        return Err(Problem {
            message: format!("invalid JSON: {}", error.message),
            span: char_at(text, error.at),
            help: None,
        });
    }
    to_node(text, &tree, 0, 0)
}

/// Where the mark past [`MAX_JSON_VALUES`] is, if there is one.
fn past_value_limit(text: &str, start: usize) -> Option<usize> {
    let body = text.as_bytes().get(start..)?;
    super::mark_past(body, MAX_JSON_VALUES, |byte| {
        matches!(byte, b'[' | b'{' | b',')
    })
    .map(|at| start + at)
}

/// The node at `index` of the scanned tree, `depth` containers down.
fn to_node(text: &str, tree: &Tree, index: usize, depth: usize) -> Result<Node, Problem> {
    let span = tree.span(index);
    if depth > MAX_DEPTH {
        return Err(Problem {
            message: format!("values are nested more than {MAX_DEPTH} levels deep"),
            span: char_at(text, span.start),
            help: Some("flatten the structure".to_owned()),
        });
    }
    let string = |span: &std::ops::Range<usize>| {
        json_spans::decode_string(text, span).ok_or_else(|| Problem {
            message: "invalid JSON: a string holds a lone surrogate (`\\ud800` without its pair)"
                .to_owned(),
            span: char_at(text, span.start),
            help: None,
        })
    };
    let kind = match tree.kind(index) {
        None | Some(Kind::Null) => NodeKind::Null,
        Some(Kind::String) => NodeKind::Scalar(string(&span)?.into_owned()),
        Some(Kind::Number | Kind::Bool) => {
            NodeKind::Scalar(text.get(span.clone()).unwrap_or("").to_owned())
        }
        Some(Kind::Array) => {
            let items = tree.children(index);
            let mut nodes = Vec::with_capacity(items.len());
            for &item in items {
                nodes.push(to_node(text, tree, item, depth + 1)?);
            }
            NodeKind::List(nodes)
        }
        Some(Kind::Object) => {
            let members = tree.children(index);
            let mut entries = Vec::with_capacity(members.len());
            for &member in members {
                let key_span = tree.get(member).and_then(|m| m.key.clone()).unwrap_or(0..0);
                let key = string(&key_span)?.into_owned();
                entries.push((key, key_span, to_node(text, tree, member, depth + 1)?));
            }
            NodeKind::Map(entries)
        }
    };
    Ok(Node { kind, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(node: &Node) -> &str {
        match &node.kind {
            NodeKind::Scalar(text) => text,
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn values_keys_and_spans_are_read() {
        let text = "\u{feff}{\"goals\": [{\"id\": \"G-1\", \"n\": 1.50, \"ok\": true, \"x\": null, \"\\u00e9\": \"caf\\u00e9\"}]}";
        let start = "\u{feff}".len();
        let root = parse(text, start).expect("json");
        let NodeKind::Map(top) = &root.kind else {
            panic!("{root:?}")
        };
        let (key, key_span, goals) = &top[0];
        assert_eq!(
            (key.as_str(), &text[key_span.clone()]),
            ("goals", "\"goals\"")
        );
        let NodeKind::List(goals) = &goals.kind else {
            panic!()
        };
        let NodeKind::Map(goal) = &goals[0].kind else {
            panic!()
        };
        assert_eq!(scalar(&goal[0].2), "G-1");
        assert_eq!(&text[goal[0].2.span.clone()], "\"G-1\"");
        assert_eq!(scalar(&goal[1].2), "1.50");
        assert_eq!(scalar(&goal[2].2), "true");
        assert_eq!(goal[3].2.kind, NodeKind::Null);
        assert_eq!((goal[4].0.as_str(), scalar(&goal[4].2)), ("é", "café"));
    }

    #[test]
    fn json_limits_not_yaml_ones() {
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(2_000));
        assert!(parse(&long_key, 0).is_ok());
        let deep = |levels: usize| format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
        assert!(parse(&deep(MAX_DEPTH), 0).is_ok());
        let problem = parse(&deep(MAX_DEPTH + 2), 0).unwrap_err();
        assert_eq!(
            problem.message,
            "values are nested more than 64 levels deep"
        );
    }

    #[test]
    fn errors_say_where_and_why() {
        let problem = parse("{\"a\": 1,}", 0).unwrap_err();
        assert!(problem.message.starts_with("invalid JSON: "), "{problem:?}");
        assert_eq!(problem.span, 8..9);
        let problem = parse("[\"\\ud800\"]", 0).unwrap_err();
        assert!(problem.message.contains("lone surrogate"), "{problem:?}");
        assert_eq!(problem.span, 1..2);
    }

    #[test]
    fn a_file_of_more_values_than_the_limit_is_not_read() {
        let at_limit = format!("[{}1]", "1,".repeat(MAX_JSON_VALUES - 1));
        assert!(parse(&at_limit, 0).is_ok());
        let past = format!("[{}1]", "1,".repeat(MAX_JSON_VALUES));
        let problem = parse(&past, 0).unwrap_err();
        assert_eq!(
            problem.message,
            "this JSON holds more than 500,000 values (`[`, `{` and `,` marks), the most planlint reads from one file; it is not read"
        );
        assert_eq!(problem.span, past.len() - 3..past.len() - 2);
    }
}
