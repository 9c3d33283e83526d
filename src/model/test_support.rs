//! Helpers shared by the model tests.

use super::{CompactString, Document, Field, Origin, Plan, Record, Value};
use crate::diagnostic::EntityKind;

/// An entity as extract hands it over: its id and a record with these
/// one-value fields.
pub(crate) fn entity(kind: EntityKind, id: &str, fields: &[(&str, &str)]) -> (String, Record) {
    let fields = fields
        .iter()
        .map(|(name, text)| {
            let value = Value {
                text: (*text).into(),
                place: (0..0).into(),
            };
            (
                (*name).into(),
                Field::new(Origin::Frontmatter, 0..0, vec![value]),
            )
        })
        .collect();
    let record = Record {
        kind,
        span: 0..0,
        anchor: 0..0,
        title: None,
        fields,
    };
    (id.to_string(), record)
}

/// The plan of one document, `plan.md`, holding these entities.
pub(crate) fn plan_of(entities: Vec<(String, Record)>) -> Plan {
    plan_with(entities, &[], &[])
}

/// [`plan_of`] with these active statuses and placeholders.
pub(crate) fn plan_with(
    entities: Vec<(String, Record)>,
    active_statuses: &[String],
    placeholders: &[String],
) -> Plan {
    let (ids, records) = entities
        .into_iter()
        .map(|(id, record)| (CompactString::from(id), record))
        .unzip();
    let document = Document {
        path: "plan.md".into(),
        source: None,
        style: Default::default(),
        text: String::new(),
        ids,
        records,
    };
    Plan::build(
        vec![document],
        0,
        Default::default(),
        active_statuses,
        placeholders,
    )
}
