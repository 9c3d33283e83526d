//! Path expressions into frontmatter and data trees: `sigs[*]`,
//! `leadership.chairs[*].github`, `teams.*` (a map's values), `items[0]`.

use crate::diagnostic::Span;
use crate::parse::node::{Node, NodeKind};

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// A map key (matched exactly, then ignoring ASCII case).
    Key(String),
    /// Every item of a list.
    Items,
    /// One item of a list.
    Index(usize),
    /// Every value of a map (each remembers its key) or every item of a list.
    Values,
}

/// A parsed path expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathExpr {
    steps: Vec<Step>,
}

/// A node a path reached, with the map key it was reached through by `*`.
pub struct Reached<'a> {
    pub node: &'a Node,
    pub key: Option<(&'a str, &'a Span)>,
}

impl PathExpr {
    /// Parses `a.b[*].c`, `*`, `[*]`, `a[2]`; why not, when it cannot be read.
    pub fn parse(text: &str) -> Result<PathExpr, String> {
        let mut steps = Vec::new();
        if text.trim().is_empty() {
            return Err("the path is empty".into());
        }
        for part in text.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(at) => (part.get(..at).unwrap_or(""), part.get(at..).unwrap_or("")),
                None => (part, ""),
            };
            match name {
                "" if rest.is_empty() => {
                    return Err("an empty step (`..` or a `.` at an end)".into())
                }
                "" => {}
                "*" => steps.push(Step::Values),
                _ if name.contains([']', '*', ' ']) => {
                    return Err(format!(
                        "`{name}` is not a key (use `*` alone for every value)"
                    ))
                }
                _ => steps.push(Step::Key(name.to_string())),
            }
            while !rest.is_empty() {
                let close = rest
                    .find(']')
                    .ok_or_else(|| format!("`{part}` has a `[` without `]`"))?;
                let inside = rest.get(1..close).unwrap_or("");
                if inside == "*" {
                    steps.push(Step::Items);
                } else {
                    let index = inside.parse::<usize>().map_err(|_| {
                        format!("`[{inside}]` is not `[*]` or a list index such as `[0]`")
                    })?;
                    steps.push(Step::Index(index));
                }
                rest = rest.get(close + 1..).unwrap_or("");
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(format!("`{part}`: a `.` must follow `]`"));
                }
            }
        }
        Ok(PathExpr { steps })
    }

    /// Every node the path reaches from `root`, in document order.
    pub fn eval<'a>(&self, root: &'a Node) -> Vec<Reached<'a>> {
        let mut current = vec![Reached {
            node: root,
            key: None,
        }];
        for step in &self.steps {
            let mut next = Vec::new();
            for reached in current {
                let key = reached.key;
                match (step, &reached.node.kind) {
                    (Step::Key(name), NodeKind::Map(entries)) => {
                        let found = entries.iter().find(|(k, _, _)| k == name).or_else(|| {
                            entries
                                .iter()
                                .find(|(k, _, _)| k.eq_ignore_ascii_case(name))
                        });
                        if let Some((_, _, node)) = found {
                            next.push(Reached { node, key });
                        }
                    }
                    (Step::Items | Step::Values, NodeKind::List(items)) => {
                        next.extend(items.iter().map(|node| Reached { node, key }));
                    }
                    (Step::Index(at), NodeKind::List(items)) => {
                        if let Some(node) = items.get(*at) {
                            next.push(Reached { node, key });
                        }
                    }
                    (Step::Values, NodeKind::Map(entries)) => {
                        next.extend(entries.iter().map(|(k, span, node)| Reached {
                            node,
                            key: Some((k.as_str(), span)),
                        }));
                    }
                    _ => {}
                }
            }
            current = next;
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        crate::parse::data_tree(text, "x.yaml").unwrap()
    }

    fn texts(expr: &str, root: &Node) -> Vec<String> {
        PathExpr::parse(expr)
            .unwrap()
            .eval(root)
            .iter()
            .map(|r| match &r.node.kind {
                NodeKind::Scalar(s) => s.clone(),
                other => format!("{other:?}").chars().take(3).collect(),
            })
            .collect()
    }

    #[test]
    fn keys_items_indexes_and_values() {
        let root = tree("sigs:\n  - dir: a\n    chairs: [{github: x}, {github: y}]\n  - dir: b\nteams:\n  web: {lead: p}\n  api: {lead: q}\n");
        assert_eq!(texts("sigs[*].dir", &root), ["a", "b"]);
        assert_eq!(texts("sigs[0].chairs[*].github", &root), ["x", "y"]);
        assert_eq!(
            texts("sigs[1].chairs[*].github", &root),
            Vec::<String>::new()
        );
        assert_eq!(texts("teams.*.lead", &root), ["p", "q"]);
        assert_eq!(texts("Teams.web.lead", &root), ["p"]);
        let reached = PathExpr::parse("teams.*").unwrap();
        let keys: Vec<&str> = reached
            .eval(&root)
            .iter()
            .filter_map(|r| r.key.map(|k| k.0))
            .collect();
        assert_eq!(keys, ["web", "api"]);
        let list = tree("- a\n- b\n");
        assert_eq!(texts("[*]", &list), ["a", "b"]);
    }

    #[test]
    fn bad_expressions_say_why() {
        for (expr, why) in [
            ("", "the path is empty"),
            ("a..b", "an empty step (`..` or a `.` at an end)"),
            ("a[*", "`a[*` has a `[` without `]`"),
            ("a[x]", "`[x]` is not `[*]` or a list index such as `[0]`"),
            ("a[*]b", "`a[*]b`: a `.` must follow `]`"),
            ("a*", "`a*` is not a key (use `*` alone for every value)"),
        ] {
            assert_eq!(PathExpr::parse(expr).unwrap_err(), why, "{expr}");
        }
    }
}
