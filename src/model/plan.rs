//! The plan: every file read, and the entities in them with their ids.

use super::links::{self, Link};
use super::people::{self, Person};
use super::{Field, Record};
use crate::diagnostic::{EntityKind, EntityRef, LineIndex, Span};
use std::collections::{BTreeMap, HashMap};

/// One parsed file kept in the plan, for spans and snippets.
#[derive(Debug)]
pub struct PlanFile {
    pub path: String,
    pub text: String,
    pub lines: LineIndex,
    /// The number of the configured source that read it, if one did.
    pub source: Option<usize>,
}

/// One file as the extract stage hands it to the model: its text and its
/// entities, each with the id its source gave it.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub path: String,
    /// The number of the configured source that read it, if one did.
    pub source: Option<usize>,
    pub text: String,
    pub entities: Vec<(String, Record)>,
}

/// A team, goal, issue or pull request with its resolved id.
#[derive(Debug)]
pub struct Entity {
    pub kind: EntityKind,
    pub id: String,
    /// Index into [`Plan::files`].
    pub file: usize,
    pub record: Record,
}

impl Entity {
    pub fn reference(&self) -> EntityRef {
        EntityRef {
            kind: self.kind,
            id: self.id.clone(),
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.record.fields.get(name)
    }

    /// The texts of a field's values (empty when absent).
    pub fn values(&self, name: &str) -> impl Iterator<Item = &str> {
        self.field(name)
            .into_iter()
            .flat_map(|f| f.values.iter().map(|v| v.text.as_str()))
    }
}

/// The identity used to match people and ids: `@` stripped, lowercase,
/// whitespace collapsed (`Ana  Ruiz ` is `ana ruiz`).
pub fn key(text: &str) -> String {
    let text = text.trim().trim_start_matches('@').to_lowercase();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Everything the rules see.
#[derive(Debug, Default)]
pub struct Plan {
    /// Sorted by path.
    pub files: Vec<PlanFile>,
    /// Sorted by path, then position in the file.
    pub entities: Vec<Entity>,
    /// Unix seconds that count as "now" for date rules.
    pub now: i64,
    /// Unix time of the last commit that changed each file (empty outside git).
    pub last_changed: HashMap<String, i64>,
    /// Lowercased statuses that count as active.
    pub active_statuses: Vec<String>,
    /// Lowercased placeholder values (`tbd`, `?`, ...).
    pub placeholders: Vec<String>,
    by_id: HashMap<(EntityKind, String), Vec<usize>>,
    by_name: HashMap<(EntityKind, String), Vec<usize>>,
    pub(super) people: Vec<Person>,
    /// Every link, grouped by the entity it starts from.
    pub(super) links: Vec<Link>,
}

impl Plan {
    /// Builds the plan from the extracted documents (any order; the plan sorts them).
    pub fn build(
        mut documents: Vec<Document>,
        now: i64,
        last_changed: HashMap<String, i64>,
        active_statuses: &[String],
        placeholders: &[String],
    ) -> Plan {
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        let mut plan = Plan {
            now,
            last_changed,
            active_statuses: active_statuses.iter().map(|s| key(s)).collect(),
            placeholders: placeholders
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            ..Plan::default()
        };
        for document in documents {
            let file_index = plan.files.len();
            for (id, mut record) in document.entities {
                people::split_lists(&mut record, &document.text);
                plan.entities.push(Entity {
                    kind: record.kind,
                    id,
                    file: file_index,
                    record,
                });
            }
            plan.files.push(PlanFile {
                source: document.source,
                path: document.path,
                lines: LineIndex::new(&document.text),
                text: document.text,
            });
        }
        for (index, entity) in plan.entities.iter().enumerate() {
            plan.by_id
                .entry((entity.kind, key(&entity.id)))
                .or_default()
                .push(index);
            for name in entity.values("name") {
                plan.by_name
                    .entry((entity.kind, key(name)))
                    .or_default()
                    .push(index);
            }
        }
        plan.people = people::derive(&plan);
        plan.links = links::derive(&plan);
        plan
    }

    /// Entities of one kind, in path order.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = (usize, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind == kind)
    }

    /// Entities of `kind` whose id is `text` (case-insensitive, `@` optional).
    pub fn by_id(&self, kind: EntityKind, text: &str) -> &[usize] {
        self.by_id
            .get(&(kind, key(text)))
            .map_or(&[], Vec::as_slice)
    }

    /// Entities of `kind` whose id or `name` is `text`.
    pub fn lookup(&self, kind: EntityKind, text: &str) -> Vec<usize> {
        let mut found = self.by_id(kind, text).to_vec();
        if let Some(by_name) = self.by_name.get(&(kind, key(text))) {
            for &index in by_name {
                if !found.contains(&index) {
                    found.push(index);
                }
            }
        }
        found
    }

    pub fn count(&self, kind: EntityKind) -> usize {
        self.entities.iter().filter(|e| e.kind == kind).count()
    }

    pub fn path_of(&self, entity: &Entity) -> &str {
        &self.files[entity.file].path
    }

    /// Whether a value stands for "nobody / nothing yet".
    pub fn is_placeholder(&self, text: &str) -> bool {
        let t = text.trim().to_lowercase();
        t.is_empty() || self.placeholders.contains(&t)
    }

    /// Whether an entity's status is one of the active statuses.
    pub fn is_active(&self, entity: &Entity) -> bool {
        entity
            .values("status")
            .any(|s| self.active_statuses.contains(&key(s)))
    }

    /// Entity and file spans for reporting.
    pub fn file_text(&self, entity: &Entity) -> &str {
        &self.files[entity.file].text
    }

    /// Texts by path, for reporters.
    pub fn sources(&self) -> BTreeMap<String, String> {
        self.files
            .iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect()
    }

    /// A whole-file span at the start of the file (for file-level findings).
    pub fn file_start(&self, file: usize) -> Span {
        let text = &self.files[file].text;
        0..text.find('\n').unwrap_or(text.len())
    }
}
