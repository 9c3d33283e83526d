//! The canonical data file, planlint's default for data: teams and goals
//! written as TOML `[[team]]` / `[[goal]]` arrays, or
//! YAML `team:` / `goal:` lists of mappings.

use super::fields;
use super::fields::{clamp_record, FieldNames};
use crate::diagnostic::{EntityKind, Span};
use crate::model::{Field, Origin, Record, Value};
use crate::parse::node::{Node, NodeKind};
use crate::parse::{
    content_start, data_documents_as, first_line, normalize_name, DataFormat, Problem,
};

/// The entity kind a top-level key holds an array of.
fn array_kind(key: &str) -> Option<EntityKind> {
    match normalize_name(key).as_str() {
        "team" | "teams" => Some(EntityKind::Team),
        "goal" | "goals" => Some(EntityKind::Goal),
        _ => None,
    }
}

/// Parses a data file. Each table under a top-level `team`/`teams` or
/// `goal`/`goals` key is one record; a file with neither has no records.
///
/// With `whole_document` (a team or goal file written as TOML/YAML), the
/// arrays are used only when one holds tables; otherwise the whole document
/// is one record of that kind, so that `team = "growth"` in a goal file is a
/// field, not an array.
pub(crate) fn read(
    text: &str,
    format: DataFormat,
    whole_document: Option<EntityKind>,
    options: &FieldNames,
) -> (Vec<Record>, Vec<Problem>) {
    let start = content_start(text);
    let (root, stream) = match data_documents_as(text, format) {
        Ok(read) => read,
        Err(problem) => return (Vec::new(), vec![problem]),
    };
    let mut records = Vec::new();
    let mut problems = Vec::new();
    // Every `team`/`teams`/`goal`/`goals` array of the file.
    let read_arrays =
        |entries: &[(String, Span, Node)], records: &mut Vec<_>, problems: &mut Vec<_>| {
            for (key, _, value) in entries {
                if let Some(kind) = array_kind(key) {
                    records_from_array(text, kind, key, value, options, records, problems);
                }
            }
        };
    match (&root.kind, whole_document) {
        // A stream of YAML documents (`goals:` above a `---`, `teams:`
        // below): each document's arrays, as if each were a file.
        (NodeKind::List(documents), None) if stream => {
            for document in documents {
                if let NodeKind::Map(entries) = &document.kind {
                    read_arrays(entries, &mut records, &mut problems);
                }
            }
        }
        (NodeKind::List(documents), Some(kind)) if stream => problems.push(Problem {
            message: format!(
                "a {kind} file is one YAML document, and this one holds {}",
                documents.len()
            ),
            span: documents.get(1).map_or(root.span.clone(), |second| {
                second.span.start..second.span.start
            }),
            help: Some(format!(
                "remove the `---` between them, or give each {kind} a file of its own"
            )),
        }),
        (NodeKind::Map(entries), None) => {
            read_arrays(entries, &mut records, &mut problems);
        }
        (NodeKind::Map(entries), Some(kind)) => {
            let has_tables = entries.iter().any(|(key, _, value)| {
                array_kind(key).is_some()
                    && matches!(&value.kind, NodeKind::List(items)
                        if items.iter().any(|item| matches!(item.kind, NodeKind::Map(_))))
            });
            if has_tables {
                read_arrays(entries, &mut records, &mut problems);
            } else {
                let anchor = entries
                    .first()
                    .map_or_else(|| first_line(text, start), |(_, key, _)| key.clone());
                records.push(Record {
                    kind,
                    span: 0..text.len(),
                    anchor,
                    title: None,
                    fields: fields::from_map(entries, options, Origin::DataKey),
                });
            }
        }
        (NodeKind::Null, Some(kind)) => records.push(Record {
            kind,
            span: 0..text.len(),
            anchor: first_line(text, start),
            title: None,
            fields: Default::default(),
        }),
        (_, Some(kind)) => problems.push(Problem {
            message: format!("a {kind} file must be a table of fields"),
            span: root.span.clone(),
            help: Some(
                "write the file as `key = value` (TOML) or `key: value` (YAML) lines".to_owned(),
            ),
        }),
        (_, None) => {}
    }
    for record in &mut records {
        clamp_record(text, record);
    }
    (records, problems)
}

fn records_from_array(
    text: &str,
    kind: EntityKind,
    key: &str,
    value: &Node,
    options: &FieldNames,
    records: &mut Vec<Record>,
    problems: &mut Vec<Problem>,
) {
    match &value.kind {
        NodeKind::List(items) => {
            for item in items {
                match &item.kind {
                    NodeKind::Map(entries) => {
                        records.push(table_record(text, kind, &item.span, entries, options));
                    }
                    NodeKind::Null => {}
                    _ => problems.push(Problem {
                        message: format!("each `{key}` entry must be a table of fields"),
                        span: item.span.clone(),
                        help: None,
                    }),
                }
            }
        }
        // Entities by name (`teams: {docs: {...}, infra: {...}}`): each
        // table is one, its key its id unless it names one.
        NodeKind::Map(entries)
            if !entries.is_empty()
                && entries
                    .iter()
                    .all(|(_, _, value)| matches!(value.kind, NodeKind::Map(_))) =>
        {
            for (name, key_span, value) in entries {
                let NodeKind::Map(fields) = &value.kind else {
                    continue;
                };
                let span = key_span.start..value.span.end.max(key_span.end);
                let mut record = table_record(text, kind, &span, fields, options);
                record.anchor = key_span.clone();
                if !record.fields.contains_key("id") {
                    record.fields.insert(
                        "id".into(),
                        Field::new(
                            Origin::DataKey,
                            key_span.clone(),
                            smallvec::smallvec![Value {
                                text: name.as_str().into(),
                                place: key_span.clone().into(),
                            }],
                        ),
                    );
                }
                records.push(record);
            }
        }
        NodeKind::Map(entries) => {
            records.push(table_record(text, kind, &value.span, entries, options))
        }
        NodeKind::Null => {}
        NodeKind::Scalar(_) => problems.push(Problem {
            message: format!("`{key}` must be a list of tables"),
            span: value.span.clone(),
            help: Some(format!(
                "write each entry as a `[[{key}]]` table (TOML) or a `- key: value` item (YAML)"
            )),
        }),
    }
}

/// A record for one table; its anchor is the `[[team]]` header line when
/// there is one, else its first key.
fn table_record(
    text: &str,
    kind: EntityKind,
    span: &Span,
    entries: &[(String, Span, Node)],
    options: &FieldNames,
) -> Record {
    let starts_with_header = text
        .get(span.start..)
        .is_some_and(|rest| rest.starts_with('['));
    let anchor = if starts_with_header {
        first_line(text, span.start)
    } else {
        entries
            .first()
            .map_or_else(|| span.clone(), |(_, key, _)| key.clone())
    };
    Record {
        kind,
        span: span.clone(),
        anchor,
        title: None,
        fields: fields::from_map(entries, options, Origin::DataKey),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_support::texts;

    fn data(text: &str, format: DataFormat) -> (Vec<Record>, Vec<Problem>) {
        read(text, format, None, &FieldNames::default())
    }

    #[test]
    fn toml_arrays_of_tables() {
        let text = "# planlint-ignore team-size\n[[team]]\nid = \"growth\"\nmembers = [\"@a\", \"@b\"]\n\n[[goal]]\nid = \"G-1\"\nowner = \"@a\"\n";
        let (records, problems) = data(text, DataFormat::Toml);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records.len(), 2);
        let team = &records[0];
        assert_eq!(team.kind, EntityKind::Team);
        assert_eq!(&text[team.anchor.clone()], "[[team]]");
        assert_eq!(
            &text[team.span.clone()],
            "[[team]]\nid = \"growth\"\nmembers = [\"@a\", \"@b\"]"
        );
        assert_eq!(texts(team, "members"), ["@a", "@b"]);
        assert_eq!(&text[team.fields["members"].values[0].span()], "\"@a\"");
        assert_eq!(records[1].kind, EntityKind::Goal);
        assert_eq!(texts(&records[1], "owner"), ["@a"]);
    }

    /// A YAML stream reads each document's arrays; a goal or team file of
    /// several documents is a problem at the second, not an empty file.
    #[test]
    fn a_yaml_stream_reads_every_document() {
        let text =
            "goals:\n  - id: G-1\n    owner: Zoë\n---\nnote: appended\n---\nteams:\n  - id: core\n";
        let (records, problems) = data(text, DataFormat::Yaml);
        assert!(problems.is_empty(), "{problems:?}");
        let kinds: Vec<EntityKind> = records.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [EntityKind::Goal, EntityKind::Team]);
        assert_eq!(texts(&records[0], "owner"), ["Zoë"]);
        assert_eq!(&text[records[1].anchor.clone()], "id");

        let text = "id: G-1\n---\nnote: x\n";
        let (records, problems) = read(
            text,
            DataFormat::Yaml,
            Some(EntityKind::Goal),
            &FieldNames::default(),
        );
        assert!(records.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "a goal file is one YAML document, and this one holds 2"
        );
        assert_eq!(&text[problems[0].span.start..], "note: x\n");
    }

    /// `teams:` as a map of tables by name (Kubernetes' `teams.yaml`): one
    /// team each, its key its id; a single `[team]` table stays one team.
    #[test]
    fn a_map_of_tables_is_entities_by_name() {
        let text = "teams:\n  docs-owners:\n    members: [a, b]\n  infra:\n    id: platform\n    members: [c]\n";
        let (records, problems) = data(text, DataFormat::Yaml);
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<Vec<&str>> = records.iter().map(|r| texts(r, "id")).collect();
        assert_eq!(ids, [vec!["docs-owners"], vec!["platform"]]);
        assert_eq!(&text[records[0].anchor.clone()], "docs-owners");
        assert_eq!(texts(&records[1], "members"), ["c"]);
        let single = "[team]\nname = \"Growth\"\nmembers = [\"@a\"]\n";
        let (records, _) = data(single, DataFormat::Toml);
        assert_eq!(records.len(), 1);
        assert_eq!(texts(&records[0], "name"), ["Growth"]);
    }

    #[test]
    fn yaml_lists_of_mappings() {
        let text = "teams:\n  - id: growth\n    members: [\"@a\"]\n  - id: core\ngoals:\n  - id: G-1\n    owner: \"@a\"\n";
        let (records, problems) = data(text, DataFormat::Yaml);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records.len(), 3);
        assert_eq!(&text[records[0].anchor.clone()], "id");
        assert_eq!(
            &text[records[0].span.clone()],
            "id: growth\n    members: [\"@a\"]"
        );
        assert_eq!(texts(&records[1], "id"), ["core"]);
        assert_eq!(records[2].kind, EntityKind::Goal);
    }

    #[test]
    fn inline_tables_anchor_at_their_first_key() {
        let text = "team = [{ id = \"a\" }]\n";
        let (records, _) = data(text, DataFormat::Toml);
        assert_eq!(&text[records[0].anchor.clone()], "id");
    }

    #[test]
    fn files_without_arrays_have_no_records() {
        assert_eq!(data("title = \"x\"\n", DataFormat::Toml), (vec![], vec![]));
        assert_eq!(data("- a\n- b\n", DataFormat::Yaml), (vec![], vec![]));
        assert_eq!(data("", DataFormat::Yaml), (vec![], vec![]));
    }

    #[test]
    fn entries_that_are_not_tables_are_problems() {
        let (records, problems) = data("team = [\"growth\"]\n", DataFormat::Toml);
        assert!(records.is_empty());
        assert_eq!(problems.len(), 1);
        let (_, problems) = data("goal: oops\n", DataFormat::Yaml);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn syntax_errors_are_problems_with_location() {
        let (records, problems) = data("[[team]]\nid = \n", DataFormat::Toml);
        assert!(records.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("invalid TOML"));
        let text = "team:\n  - id: a\n   bad: [\n";
        let (_, problems) = data(text, DataFormat::Yaml);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].span.start >= text.find("bad").unwrap() - 1,
            "{problems:?}"
        );
    }

    #[test]
    fn whole_documents_are_one_record() {
        let text = "id = \"G-1\"\nteam = \"growth\"\nowner = \"@a\"\n";
        let (records, problems) = read(
            text,
            DataFormat::Toml,
            Some(EntityKind::Goal),
            &FieldNames::default(),
        );
        assert!(problems.is_empty());
        assert_eq!(records.len(), 1);
        assert_eq!(texts(&records[0], "team"), ["growth"]);
        assert_eq!(&text[records[0].anchor.clone()], "id");
        let (records, _) = read(
            "",
            DataFormat::Yaml,
            Some(EntityKind::Team),
            &FieldNames::default(),
        );
        assert_eq!(records.len(), 1);
        let (records, problems) = read(
            "- a\n",
            DataFormat::Yaml,
            Some(EntityKind::Team),
            &FieldNames::default(),
        );
        assert!(records.is_empty());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(DataFormat::of_path("plan/teams.TOML"), DataFormat::Toml);
        assert_eq!(DataFormat::of_path("plan/teams.yml"), DataFormat::Yaml);
        assert_eq!(DataFormat::of_path("plan/teams.json"), DataFormat::Json);
    }
}
