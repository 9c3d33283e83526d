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
    /// The items of a list (or values of a map) that are maps whose key
    /// (matched as [`Step::Key`]) holds this value, ignoring ASCII case:
    /// `[kind=Group]` picks a catalog's teams from among its users.
    Where(String, String),
}

/// A parsed path expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathExpr {
    steps: Vec<Step>,
    /// Written from `$`, the document's root (`$.authors[*].name`), as
    /// JSONPath writes it: a field of an entity deep in a file can take a
    /// value its document states once at the top.
    from_root: bool,
}

/// A node a path reached, with the map key it was reached through by `*`
/// (a list's items have none: the key names the list).
pub struct Reached<'a> {
    pub node: &'a Node,
    pub key: Option<(&'a str, &'a Span)>,
    /// With [`PathExpr::eval_in_context`]: what the maps around the node
    /// say, nearest first (see there).
    pub context: Vec<Span>,
    /// The key a `*` step reached this node through, until a step leaves
    /// it: it names the node, and is context for what is inside it.
    own_key: Option<&'a Span>,
}

/// The values a map lends what is inside it as context, at most.
const CONTEXT_PER_MAP: usize = 8;
/// The context an entity keeps, at most: a bound whatever the nesting.
const MAX_CONTEXT: usize = 32;

impl PathExpr {
    /// Parses `a.b[*].c`, `*`, `[*]`, `a[2]`; why not, when it cannot be read.
    pub fn parse(text: &str) -> Result<PathExpr, String> {
        let mut steps = Vec::new();
        if text.trim().is_empty() {
            return Err("the path is empty".into());
        }
        // `$schema` stays a key: only `$`, `$.` and `$[` name the root.
        let (from_root, text) = match text.strip_prefix('$') {
            Some("") => {
                return Ok(PathExpr {
                    steps,
                    from_root: true,
                })
            }
            Some(rest) if rest.starts_with('[') => (true, rest),
            Some(".") => return Err("`$.` names no key of the document's root".into()),
            Some(rest) => match rest.strip_prefix('.') {
                Some(rest) => (true, rest),
                None => (false, text),
            },
            None => (false, text),
        };
        for part in split_steps(text) {
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
                // A key may hold spaces (`target quarter`, as a GitHub
                // Project exports its fields), not brackets or stars.
                _ if name.contains([']', '*']) => {
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
                } else if let Some((key, value)) = inside.split_once('=') {
                    let (key, value) = (key.trim(), value.trim());
                    if key.is_empty() || value.is_empty() {
                        return Err(format!(
                            "`[{inside}]` needs a key and a value, such as `[kind=Group]`"
                        ));
                    }
                    // `==`, `!=`, quotes and lists are other languages'
                    // filters: taken as written they would match nothing.
                    if value.starts_with('=')
                        || key.ends_with('!')
                        || inside.contains(['"', '\'', ','])
                    {
                        return Err(format!(
                            "`[{inside}]` is not a filter planlint reads: write one key and its value, unquoted, such as `[kind=Group]`"
                        ));
                    }
                    steps.push(Step::Where(key.to_string(), value.to_string()));
                } else {
                    let index = inside.parse::<usize>().map_err(|_| {
                        format!("`[{inside}]` is not `[*]`, a list index such as `[0]` or a filter such as `[kind=Group]`")
                    })?;
                    steps.push(Step::Index(index));
                }
                rest = rest.get(close + 1..).unwrap_or("");
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(format!("`{part}`: a `.` must follow `]`"));
                }
            }
        }
        Ok(PathExpr { steps, from_root })
    }

    /// Whether the path's first step reads a list's items (`[*]`, `[0]`,
    /// `[kind=Group]`).
    pub fn starts_with_items(&self) -> bool {
        matches!(
            self.steps.first(),
            Some(Step::Items | Step::Index(_) | Step::Where(..))
        )
    }

    /// Whether the path starts at the document's root (`$.a`), not at the
    /// entity.
    pub fn starts_at_root(&self) -> bool {
        self.from_root
    }

    /// Every node the path reaches from `root`, in document order.
    pub fn eval<'a>(&self, root: &'a Node) -> Vec<Reached<'a>> {
        self.walk(root, false)
    }

    /// [`PathExpr::eval`], each node with its context: the key each `*`
    /// step went through above it and the first scalar values of each map
    /// it is inside, nearest first. A roadmap's `quarter: Q1 2027` is
    /// context for the items listed beside it, as a heading is for the
    /// goals under it.
    pub fn eval_in_context<'a>(&self, root: &'a Node) -> Vec<Reached<'a>> {
        self.walk(root, true)
    }

    fn walk<'a>(&self, root: &'a Node, in_context: bool) -> Vec<Reached<'a>> {
        let mut current = vec![Reached {
            node: root,
            key: None,
            context: Vec::new(),
            own_key: None,
        }];
        for step in &self.steps {
            let mut next = Vec::new();
            for reached in current {
                let key = reached.key;
                let context = if in_context {
                    context_inside(&reached)
                } else {
                    Vec::new()
                };
                let at = |node, key, own_key| Reached {
                    node,
                    key,
                    context: context.clone(),
                    own_key,
                };
                match (step, &reached.node.kind) {
                    (Step::Key(name), NodeKind::Map(_)) => {
                        if let Some(node) = key_in(reached.node, name) {
                            next.push(at(node, key, None));
                        }
                    }
                    (Step::Items | Step::Values, NodeKind::List(items)) => {
                        next.extend(items.iter().map(|node| at(node, None, None)));
                    }
                    (Step::Index(index), NodeKind::List(items)) => {
                        if let Some(node) = items.get(*index) {
                            next.push(at(node, None, None));
                        }
                    }
                    (Step::Where(name, wanted), NodeKind::List(items)) => {
                        let kept = items.iter().filter(|node| holds(node, name, wanted));
                        next.extend(kept.map(|node| at(node, None, None)));
                    }
                    (Step::Where(name, wanted), NodeKind::Map(entries)) => {
                        let kept = entries
                            .iter()
                            .filter(|(_, _, node)| holds(node, name, wanted));
                        next.extend(
                            kept.map(|(k, span, node)| {
                                at(node, Some((k.as_str(), span)), Some(span))
                            }),
                        );
                    }
                    (Step::Values, NodeKind::Map(entries)) => {
                        next.extend(
                            entries.iter().map(|(k, span, node)| {
                                at(node, Some((k.as_str(), span)), Some(span))
                            }),
                        );
                    }
                    _ => {}
                }
            }
            current = next;
        }
        current
    }
}

/// The parts of a path between its dots, a dot inside brackets kept:
/// `[apiVersion=backstage.io/v1alpha1]` is one filter.
fn split_steps(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'.' if depth == 0 => {
                parts.push(text.get(start..at).unwrap_or(""));
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

/// Whether `node` is a map whose key `name` holds the scalar `wanted`,
/// keys matched as [`Step::Key`]; a dotted name reaches into nested maps
/// (`spec.type`), unless the map has a key of that whole name.
fn holds(node: &Node, name: &str, wanted: &str) -> bool {
    let value = key_in(node, name).or_else(|| {
        name.split('.')
            .try_fold(node, |inside, part| key_in(inside, part))
    });
    matches!(value, Some(value) if matches!(&value.kind, NodeKind::Scalar(text) if text.eq_ignore_ascii_case(wanted)))
}

/// The value of `node`'s key `name`, matched exactly, else ignoring ASCII
/// case; `None` when `node` is no map or has no such key.
fn key_in<'a>(node: &'a Node, name: &str) -> Option<&'a Node> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    let found = entries.iter().find(|(k, _, _)| k == name).or_else(|| {
        entries
            .iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(name))
    });
    found.map(|(_, _, value)| value)
}

/// The context of what is inside `reached`: the key it was reached through,
/// its own first scalar values (a map's), then its own context; bounded.
fn context_inside(reached: &Reached) -> Vec<Span> {
    let mut context: Vec<Span> = reached
        .key
        .zip(reached.own_key)
        .map(|((key, _), span)| unquoted(key, span))
        .into_iter()
        .collect();
    if let NodeKind::Map(entries) = &reached.node.kind {
        let scalars = entries.iter().filter_map(|(_, _, node)| match &node.kind {
            NodeKind::Scalar(value) => Some(unquoted(value, &node.span)),
            _ => None,
        });
        context.extend(scalars.take(CONTEXT_PER_MAP));
    }
    context.extend(reached.context.iter().cloned());
    context.truncate(MAX_CONTEXT);
    context
}

/// The span of a value's text inside its quotes: `"Product"` written
/// quoted is searched as `Product`, as it reads. A quoted text with
/// escapes in it (its value shorter than its span less the quotes) keeps
/// its whole span.
fn unquoted(text: &str, span: &Span) -> Span {
    if span.end >= span.start + 2 && span.end - span.start - 2 == text.len() {
        span.start + 1..span.end - 1
    } else {
        span.clone()
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
        let spaced = tree("fields:\n  target quarter: Q1 2027\n");
        assert_eq!(texts("fields.target quarter", &spaced), ["Q1 2027"]);
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

    /// The text of each context span of each node reached.
    fn contexts(expr: &str, text: &str) -> Vec<Vec<String>> {
        let root = tree(text);
        PathExpr::parse(expr)
            .unwrap()
            .eval_in_context(&root)
            .iter()
            .map(|r| {
                r.context
                    .iter()
                    .map(|s| text[s.clone()].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn context_is_the_values_around_nearest_first() {
        let roadmap = "title: Roadmap\nroadmap:\n  - quarter: Q1 2027\n    items:\n      - {title: A}\n  - quarter: Q2 2027\n    theme: Speed\n    items:\n      - {title: B}\n      - {title: C}\n";
        assert_eq!(
            contexts("roadmap[*].items[*]", roadmap),
            [
                vec!["Q1 2027", "Roadmap"],
                vec!["Q2 2027", "Speed", "Roadmap"],
                vec!["Q2 2027", "Speed", "Roadmap"],
            ]
        );
        // A map's key is context for what is inside its value, not for the
        // value itself (whose id it is); a list's items have no key.
        let by_quarter = "okrs:\n  Q1 2027:\n    owner: x\n    goals:\n      - {title: A}\n";
        assert_eq!(contexts("okrs.*", by_quarter), [Vec::<String>::new()]);
        assert_eq!(
            contexts("okrs.*.goals[*]", by_quarter),
            [vec!["Q1 2027", "x"]]
        );
        let root = tree(by_quarter);
        let reached = PathExpr::parse("okrs.*.goals[*]").unwrap();
        assert!(reached.eval(&root).iter().all(|r| r.key.is_none()));
        // `eval` gathers no context.
        assert!(reached.eval(&root).iter().all(|r| r.context.is_empty()));
    }

    #[test]
    fn context_is_bounded() {
        let mut text = String::new();
        for depth in 0..10 {
            let indent = "  ".repeat(depth);
            for k in 0..20 {
                text.push_str(&format!("{indent}k{k}: v{depth}-{k}\n"));
            }
            text.push_str(&format!("{indent}a:\n"));
        }
        text.push_str(&"  ".repeat(10));
        text.push_str("b: 1\n");
        let found = contexts("a.a.a.a.a.a.a.a.a.a", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), MAX_CONTEXT);
        assert_eq!(found[0][0], "v9-0");
        assert_eq!(found[0][CONTEXT_PER_MAP], "v8-0");
    }

    /// `$` is the document's root, as JSONPath writes it; a key that only
    /// starts with `$` (`$schema`) is still a key.
    #[test]
    fn a_dollar_names_the_root() {
        let root = tree("$schema: s\nauthors:\n  - name: Ana\n  - name: Bo\n");
        for (expr, from_root, found) in [
            ("$.authors[*].name", true, vec!["Ana", "Bo"]),
            ("authors[*].name", false, vec!["Ana", "Bo"]),
            ("$schema", false, vec!["s"]),
            ("$", true, vec!["Map"]),
        ] {
            let parsed = PathExpr::parse(expr).unwrap();
            assert_eq!(parsed.starts_at_root(), from_root, "{expr}");
            assert_eq!(texts(expr, &root), found, "{expr}");
        }
        let list = tree("- a\n- b\n");
        assert_eq!(texts("$[*]", &list), ["a", "b"]);
        assert!(PathExpr::parse("$[1]").unwrap().starts_at_root());
    }

    /// `[key=value]` keeps the maps that hold the value (ignoring ASCII
    /// case) among a list's items or a map's values.
    #[test]
    fn a_filter_keeps_the_maps_that_hold_a_value() {
        let stream = tree("kind: Group\nname: a\n---\nkind: User\nname: b\n---\nkind: group\nname: c\napiVersion: backstage.io/v1\n");
        assert_eq!(texts("[kind=Group].name", &stream), ["a", "c"]);
        assert_eq!(texts("[ kind = User ].name", &stream), ["b"]);
        assert_eq!(texts("[apiVersion=backstage.io/v1].name", &stream), ["c"]);
        // A dotted key reaches into nested maps, unless a key has the
        // whole name.
        let nested = tree("- {name: a, spec: {type: team}}\n- {name: b, spec: {type: unit}}\n- {name: c, spec.type: team}\n");
        assert_eq!(texts("[spec.type=team].name", &nested), ["a", "c"]);
        // On a map, the filter looks among its values, not at the map.
        let one = tree("kind: Group\nname: a\nref: {kind: Group, name: b}\n");
        assert_eq!(texts("[kind=Group].name", &one), ["b"]);
        assert_eq!(texts("$[kind=User].name", &one), Vec::<String>::new());
        let by_name = tree("teams:\n  web: {kind: Group}\n  bo: {kind: User}\n");
        let found = PathExpr::parse("teams[kind=Group]").unwrap();
        let keys: Vec<&str> = (found.eval(&by_name).iter())
            .filter_map(|r| r.key.map(|k| k.0))
            .collect();
        assert_eq!(keys, ["web"]);
    }

    #[test]
    fn bad_expressions_say_why() {
        for (expr, why) in [
            ("", "the path is empty"),
            ("a..b", "an empty step (`..` or a `.` at an end)"),
            ("a[*", "`a[*` has a `[` without `]`"),
            (
                "a[x]",
                "`[x]` is not `[*]`, a list index such as `[0]` or a filter such as `[kind=Group]`",
            ),
            ("a[*]b", "`a[*]b`: a `.` must follow `]`"),
            ("a*", "`a*` is not a key (use `*` alone for every value)"),
            ("a]", "`a]` is not a key (use `*` alone for every value)"),
            ("$.", "`$.` names no key of the document's root"),
            (
                "[=x]",
                "`[=x]` needs a key and a value, such as `[kind=Group]`",
            ),
            (
                "a[k= ]",
                "`[k= ]` needs a key and a value, such as `[kind=Group]`",
            ),
            ("$..a", "an empty step (`..` or a `.` at an end)"),
            ("[kind==Group]", "`[kind==Group]` is not a filter planlint reads: write one key and its value, unquoted, such as `[kind=Group]`"),
            ("[kind!=Group]", "`[kind!=Group]` is not a filter planlint reads: write one key and its value, unquoted, such as `[kind=Group]`"),
            ("[kind='Group']", "`[kind='Group']` is not a filter planlint reads: write one key and its value, unquoted, such as `[kind=Group]`"),
            ("[a=1,b=2]", "`[a=1,b=2]` is not a filter planlint reads: write one key and its value, unquoted, such as `[kind=Group]`"),
        ] {
            assert_eq!(PathExpr::parse(expr).unwrap_err(), why, "{expr}");
        }
    }
}
