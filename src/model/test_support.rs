//! Helpers shared by the model tests.

use super::{Field, Origin, Record, Value};
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
