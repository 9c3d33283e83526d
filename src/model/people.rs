//! The people of the plan: who owns, leads, is a member or is assigned,
//! derived once when the plan is built. A person is named by a handle or a
//! display name; two spellings that differ only in case, `@` or spacing are
//! one person ([`key`]), and placeholders (`TBD`, `?`) are nobody.

use super::{key, Entity, Plan, Record, Value};

/// The fields that name people.
pub const PEOPLE_FIELDS: &[&str] = &["owner", "lead", "members", "assignees"];

/// Someone named in the plan, with every place they are named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The identity names match on (see [`key`]).
    pub key: String,
    /// Where they are named, in plan order.
    pub roles: Vec<Role>,
}

/// One place a person is named: an entity's people field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// Index into [`Plan::entities`].
    pub entity: usize,
    /// One of [`PEOPLE_FIELDS`].
    pub field: &'static str,
    /// The name as written there.
    pub written: String,
}

impl Plan {
    /// Everyone named in a people field, in order of first mention.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The people a field of an entity names: placeholders left out, each
    /// person once (the first spelling), in the order written.
    pub fn people_of<'a>(&self, entity: &'a Entity, field: &str) -> Vec<&'a Value> {
        let mut seen = std::collections::HashSet::new();
        entity
            .field(field)
            .into_iter()
            .flat_map(|f| f.values.iter())
            .filter(|v| !self.is_placeholder(&v.text) && seen.insert(key(&v.text)))
            .collect()
    }
}

/// The people of the built plan's entities.
pub(super) fn derive(plan: &Plan) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    for (index, entity) in plan.entities.iter().enumerate() {
        for field in PEOPLE_FIELDS {
            for value in plan.people_of(entity, field) {
                let person_key = key(&value.text);
                let at = *index_of.entry(person_key.clone()).or_insert_with(|| {
                    people.push(Person {
                        key: person_key,
                        roles: Vec::new(),
                    });
                    people.len() - 1
                });
                if let Some(person) = people.get_mut(at) {
                    person.roles.push(Role {
                        entity: index,
                        field,
                        written: value.text.clone(),
                    });
                }
            }
        }
    }
    people
}

/// Fields whose single text may list several names (`owner: "@a, @b"`).
const LIST_FIELDS: &[&str] = &["owner", "lead", "members", "assignees", "team"];

/// Splits `@a, @b`, `@a; @b`, `@a and @b`, `@a & @b` into separate values, so
/// that "two owners in one string" counts as two owners.
pub(super) fn split_lists(record: &mut Record, text: &str) {
    for name in LIST_FIELDS {
        let Some(field) = record.fields.get_mut(*name) else {
            continue;
        };
        let mut values = Vec::with_capacity(field.values.len());
        for value in field.values.drain(..) {
            let exact = text.get(value.span.clone()) == Some(value.text.as_str());
            let mut rest = value.text.as_str();
            let mut offset = 0;
            let mut parts = Vec::new();
            while !rest.is_empty() {
                let cut = [",", ";", " and ", " & "]
                    .iter()
                    .filter_map(|sep| rest.find(sep).map(|at| (at, sep.len())))
                    .min();
                let (part, advance) = match cut {
                    Some((at, len)) => (rest.get(..at).unwrap_or(rest), at + len),
                    None => (rest, rest.len()),
                };
                let trimmed = part.trim();
                if !trimmed.is_empty() {
                    let start = offset + (part.len() - part.trim_start().len());
                    let span = if exact {
                        value.span.start + start..value.span.start + start + trimmed.len()
                    } else {
                        value.span.clone()
                    };
                    parts.push(Value {
                        text: trimmed.to_string(),
                        span,
                    });
                }
                offset += advance;
                rest = rest.get(advance..).unwrap_or("");
            }
            if parts.is_empty() {
                values.push(value);
            } else {
                values.extend(parts);
            }
        }
        field.values = values;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::EntityKind;
    use crate::model::{Document, Field, Origin};

    fn entity(kind: EntityKind, id: &str, fields: &[(&str, &str)]) -> (String, Record) {
        let fields = fields
            .iter()
            .map(|(name, text)| {
                let value = Value {
                    text: text.to_string(),
                    span: 0..0,
                };
                (
                    name.to_string(),
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

    fn plan_of(entities: Vec<(String, Record)>) -> Plan {
        let document = Document {
            path: "plan.md".into(),
            source: None,
            text: String::new(),
            entities,
        };
        Plan::build(
            vec![document],
            0,
            Default::default(),
            &["active".into()],
            &["TBD".into(), "?".into()],
        )
    }

    /// A role as `(entity, field, written)`.
    type Named<'a> = (usize, &'a str, &'a str);

    #[test]
    fn people_are_derived_once_across_fields_spellings_and_entities() {
        let plan = plan_of(vec![
            entity(
                EntityKind::Team,
                "web",
                &[("lead", "@Ana"), ("members", "@ana, Bo Chen and TBD")],
            ),
            entity(EntityKind::Goal, "g1", &[("owner", "bo  chen; ?")]),
            entity(EntityKind::Issue, "7", &[("assignees", "@ana")]),
        ]);
        let summary: Vec<(&str, Vec<Named>)> = plan
            .people()
            .iter()
            .map(|p| {
                let roles = p
                    .roles
                    .iter()
                    .map(|r| (r.entity, r.field, r.written.as_str()))
                    .collect();
                (p.key.as_str(), roles)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "ana",
                    vec![
                        (0, "lead", "@Ana"),
                        (0, "members", "@ana"),
                        (2, "assignees", "@ana")
                    ]
                ),
                (
                    "bo chen",
                    vec![(0, "members", "Bo Chen"), (1, "owner", "bo  chen")]
                ),
            ]
        );
    }

    #[test]
    fn a_field_names_each_person_once_and_no_placeholder() {
        let plan = plan_of(vec![entity(
            EntityKind::Goal,
            "g",
            &[("owner", "@a, @A, TBD, @b")],
        )]);
        let owners: Vec<&str> = plan
            .people_of(&plan.entities[0], "owner")
            .iter()
            .map(|v| v.text.as_str())
            .collect();
        assert_eq!(owners, ["@a", "@b"]);
        assert!(plan.people_of(&plan.entities[0], "lead").is_empty());
    }
}
