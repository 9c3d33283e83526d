//! Data mode with `select`: the entities are the maps a path expression
//! reaches in a YAML, TOML, JSON, CSV or TSV file.

use super::fields;
use super::fields::FieldNames;
use super::path_expr::PathExpr;
use crate::diagnostic::{EntityKind, Span};
use crate::model::{Field, Origin, Record, Value};
use crate::parse::node::{Node, NodeKind};
use crate::parse::{first_line, Problem};

/// One selected entity, the node its `key` origins start from, and the
/// values around it that `enclosing` origins search.
pub(crate) struct Selected<'a> {
    pub record: Record,
    pub node: &'a Node,
    pub context: Vec<Span>,
}

/// The maps `select` reaches: each is a record whose fields are its keys.
/// A map reached through `*` over a map's values takes the key as its `id`
/// unless it has one. A title is the `title` or `name` key.
pub(crate) fn select<'a>(
    text: &str,
    root: &'a Node,
    select: &PathExpr,
    kind: EntityKind,
    options: &FieldNames,
    problems: &mut Vec<Problem>,
) -> Vec<Selected<'a>> {
    let mut out = Vec::new();
    for reached in select.eval_in_context(root) {
        let NodeKind::Map(entries) = &reached.node.kind else {
            if !matches!(reached.node.kind, NodeKind::Null) {
                problems.push(Problem {
                    message: "the source's `select` reaches a value that is not a table of fields"
                        .into(),
                    span: reached.node.span.clone(),
                    help: Some("`select` names the tables (maps) that are entities".into()),
                });
            }
            continue;
        };
        let mut fields = fields::from_map(entries, options, Origin::DataKey);
        let anchor = match reached.key {
            Some((_, key_span)) => key_span.clone(),
            None => entries.first().map_or_else(
                || first_line(text, reached.node.span.start),
                |(_, key, _)| key.clone(),
            ),
        };
        if let Some((key, key_span)) = reached.key.filter(|_| !fields.contains_key("id")) {
            fields.insert(
                "id".into(),
                Field::new(
                    Origin::DataKey,
                    key_span.clone(),
                    smallvec::smallvec![Value {
                        text: key.into(),
                        place: key_span.clone().into(),
                    }],
                ),
            );
        }
        let title = ["title", "name"].iter().find_map(|name| {
            fields
                .get(name)
                .and_then(|f| f.values.first())
                .map(|v| v.text.to_string())
        });
        let span: Span = match reached.key {
            Some((_, key_span)) => key_span.start..reached.node.span.end.max(key_span.end),
            None => reached.node.span.clone(),
        };
        out.push(Selected {
            record: Record {
                kind,
                span,
                anchor,
                title,
                fields,
            },
            node: reached.node,
            context: reached.context,
        });
    }
    out
}
