//! `planlint entities`: what each source extracted — every entity's kind,
//! id, title and fields with where they are written and which origin
//! yielded them — as a short listing
//! for people or JSON for scripts.

use crate::check::Outcome;
use crate::config::DEFAULT_ALIASES;
use crate::diagnostic::Position;
use crate::extract::mode_name;
use crate::model::{Entity, Field, Origin, Plan};
use crate::report::plural;
use crate::rules::spec::Engine;
use crate::text;
use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Values longer than this are cut in the listing (and in JSON, at
/// [`MAX_JSON_CHARS`]): a section may be pages long.
const MAX_LISTED_CHARS: usize = 70;
const MAX_JSON_CHARS: usize = 200;

/// The most files the listing names as not read whole.
const MAX_UNREAD_LISTED: usize = 20;

/// Text cut to `max` characters, with `…` when it was longer.
fn abbreviate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text).trim_end()),
        None => text.to_string(),
    }
}

/// The entities, grouped by source in source order (those read from
/// outside the sources last), each group in path order.
fn groups(outcome: &Outcome) -> Vec<(Option<usize>, Vec<&Entity>)> {
    let plan = &outcome.plan;
    let mut numbers: Vec<Option<usize>> = outcome
        .sources
        .list
        .iter()
        .map(|s| Some(s.number))
        .collect();
    numbers.push(None);
    numbers
        .into_iter()
        .map(|number| {
            let entities = plan
                .entities
                .iter()
                .filter(|e| plan.files.get(e.file).is_some_and(|f| f.source == number))
                .collect();
            (number, entities)
        })
        .filter(|(number, entities): &(Option<usize>, Vec<&Entity>)| {
            number.is_some() || !entities.is_empty()
        })
        .collect()
}

fn position(plan: &Plan, entity: &Entity, offset: usize) -> Position {
    let file = &plan.files[entity.file];
    file.position(offset)
}

/// The fields an entity's source extracted: not the virtual fields a rule
/// had the plan write into it ([`Origin::Entity`]).
fn extracted(entity: &Entity) -> impl Iterator<Item = (&str, &Field)> {
    (entity.record.fields.iter()).filter(|(_, field)| field.origin != Origin::Entity)
}

/// Whether the listing shows a field: the fields the built-in rules read,
/// and those the configuration names.
fn listed(outcome: &Outcome, name: &str) -> bool {
    name == "id"
        || DEFAULT_ALIASES
            .iter()
            .any(|(canonical, _)| *canonical == name)
        || outcome.sources.field_names.iter().any(|f| f == name)
}

fn summary_of(field: &Field) -> String {
    // Plan text, shown on a terminal: line breaks and controls as escapes.
    let texts: Vec<String> = field
        .values
        .iter()
        .map(|v| text::visible(&v.text))
        .collect();
    let mut text = match texts.len() {
        0 => "(empty)".to_string(),
        1 => abbreviate(texts.first().map_or("", String::as_str), MAX_LISTED_CHARS),
        n => format!(
            "{n} values: {}",
            abbreviate(&texts.join("; "), MAX_LISTED_CHARS)
        ),
    };
    if !field.tasks.is_empty() {
        let ticked = field.tasks.iter().filter(|t| t.checked).count();
        text.push_str(&format!(" ({ticked}/{} tasks ticked)", field.tasks.len()));
    }
    text
}

/// Where a field came from, as the listing says it: `section`,
/// `heading regex, mapped`.
fn origin_of(field: &Field) -> String {
    if field.mapped {
        format!("{}, mapped", field.origin)
    } else {
        field.origin.to_string()
    }
}

/// The listing: per source a header line, per entity its kind, id, title
/// and place, then the fields the rules read, one line each with its line.
pub fn render_table(outcome: &Outcome) -> String {
    let plan = &outcome.plan;
    let mut out = String::new();
    for (number, entities) in groups(outcome) {
        match number.and_then(|n| outcome.sources.list.iter().find(|s| s.number == n)) {
            Some(source) => out.push_str(&format!(
                "source {}: {} ({} mode) from {}: {}\n",
                source.number,
                source
                    .kind
                    .map_or("team and goal".to_string(), |k| k.to_string()),
                mode_name(source.mode),
                text::visible(&source.paths.join(", ")),
                count_of(entities.len())
            )),
            None => out.push_str(&format!(
                "outside the sources: {}\n",
                count_of(entities.len())
            )),
        }
        for entity in entities {
            let at = position(plan, entity, entity.record.anchor.start);
            out.push_str(&format!(
                "  {} {}  {}:{}\n",
                entity.kind,
                text::visible(&entity.id),
                text::visible(plan.path_of(entity)),
                at.line
            ));
            if let Some(title) = &entity.record.title {
                out.push_str(&format!(
                    "    {:<10} {}\n",
                    "title",
                    abbreviate(&text::visible(title), MAX_LISTED_CHARS)
                ));
            }
            let mut others = 0;
            for (name, field) in extracted(entity) {
                if !listed(outcome, name) {
                    others += 1;
                    continue;
                }
                let line = position(plan, entity, field.span().start).line;
                out.push_str(&format!(
                    "    {:<10} {}  (line {line}, {})\n",
                    text::visible(name),
                    summary_of(field),
                    origin_of(field)
                ));
            }
            if others > 0 {
                out.push_str(&format!(
                    "    (+{} other {}: --format json lists them)\n",
                    others,
                    if others == 1 { "field" } else { "fields" }
                ));
            }
        }
    }
    // A file that could not be read lists fewer entities than it holds:
    // say which, or a short listing reads as a complete one.
    let unread = unread(outcome);
    if !unread.is_empty() {
        out.push_str("not read whole (`planlint check` reports each):\n");
        for d in unread.iter().take(MAX_UNREAD_LISTED) {
            out.push_str(&format!(
                "  {}:{}:{}: {}\n",
                text::visible(&d.path),
                d.start.line,
                d.start.column,
                abbreviate(&text::visible(&d.message), MAX_JSON_CHARS)
            ));
        }
        if unread.len() > MAX_UNREAD_LISTED {
            out.push_str(&format!(
                "  and {} more\n",
                unread.len() - MAX_UNREAD_LISTED
            ));
        }
    }
    let summary = &outcome.summary;
    out.push_str(&format!(
        "{}, {}, {} in {}\n",
        plural(summary.teams, "team"),
        plural(summary.goals, "goal"),
        plural(summary.issues, "issue"),
        plural(summary.files, "file")
    ));
    out
}

/// The JSON document: every source with its entities and all their fields.
/// Written as it is walked, not built as a tree first: a value in the tree
/// held a map of three keys, and a goal naming 300,000 owners took 525 MB.
/// Keys are in alphabetical order in every object.
/// The findings of the files not read whole (the parse-error rule's), in
/// the order `check` reports them: a listing short of entities says why.
fn unread(outcome: &Outcome) -> Vec<&crate::diagnostic::Diagnostic> {
    let parse_rules = outcome.rules.engine_rules(Engine::ParseError);
    (outcome.diagnostics.iter())
        .filter(|d| parse_rules.iter().any(|(id, _)| **id == *d.rule))
        .collect()
}

pub fn render_json(outcome: &Outcome) -> String {
    let not_read = unread(outcome)
        .into_iter()
        .map(|d| UnreadJson {
            column: d.start.column,
            line: d.start.line,
            message: abbreviate(&d.message, MAX_JSON_CHARS),
            path: &d.path,
        })
        .collect();
    let document = DocumentJson {
        not_read,
        sources: SourcesJson(outcome),
        summary: SummaryJson {
            files: outcome.summary.files,
            goals: outcome.summary.goals,
            issues: outcome.summary.issues,
            teams: outcome.summary.teams,
        },
        version: 1,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(serde::Serialize)]
struct DocumentJson<'a> {
    /// The files not read whole, where reading stopped.
    not_read: Vec<UnreadJson<'a>>,
    sources: SourcesJson<'a>,
    summary: SummaryJson,
    version: u32,
}

#[derive(serde::Serialize)]
struct UnreadJson<'a> {
    column: usize,
    line: usize,
    message: String,
    path: &'a str,
}

#[derive(serde::Serialize)]
struct SummaryJson {
    files: usize,
    goals: usize,
    issues: usize,
    teams: usize,
}

/// Every source, with the entities it read.
struct SourcesJson<'a>(&'a Outcome);

impl Serialize for SourcesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let outcome = self.0;
        serializer.collect_seq(groups(outcome).into_iter().map(|(number, entities)| {
            let source = number.and_then(|n| outcome.sources.list.iter().find(|s| s.number == n));
            SourceJson {
                entities: EntitiesJson(&outcome.plan, entities),
                kind: source.and_then(|s| s.kind).map(|k| k.to_string()),
                mode: source.map(|s| mode_name(s.mode)),
                paths: source.map(|s| s.paths.as_slice()),
                source: number,
            }
        }))
    }
}

#[derive(serde::Serialize)]
struct SourceJson<'a> {
    entities: EntitiesJson<'a>,
    kind: Option<String>,
    mode: Option<&'static str>,
    paths: Option<&'a [String]>,
    source: Option<usize>,
}

struct EntitiesJson<'a>(&'a Plan, Vec<&'a Entity>);

impl Serialize for EntitiesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let plan = self.0;
        serializer.collect_seq(self.1.iter().map(|&entity| {
            let at = position(plan, entity, entity.record.anchor.start);
            EntityJson {
                column: at.column,
                fields: FieldsJson(plan, entity),
                id: entity.id.as_str(),
                kind: entity.kind.as_str(),
                line: at.line,
                path: plan.path_of(entity),
                title: entity.record.title.as_deref(),
            }
        }))
    }
}

#[derive(serde::Serialize)]
struct EntityJson<'a> {
    column: usize,
    fields: FieldsJson<'a>,
    id: &'a str,
    kind: &'static str,
    line: usize,
    path: &'a str,
    title: Option<&'a str>,
}

/// An entity's fields, by name.
struct FieldsJson<'a>(&'a Plan, &'a Entity);

impl Serialize for FieldsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (plan, entity) = (self.0, self.1);
        let by_name: BTreeMap<&str, &Field> = extracted(entity).collect();
        serializer.collect_map(by_name.into_iter().map(|(name, field)| {
            let at = position(plan, entity, field.span().start);
            let field = FieldJson {
                column: at.column,
                line: at.line,
                mapped: field.mapped,
                origin: field.origin.name(),
                tasks: field.tasks.len(),
                ticked: field.tasks.iter().filter(|t| t.checked).count(),
                values: ValuesJson(plan, entity, field),
            };
            (name, field)
        }))
    }
}

#[derive(serde::Serialize)]
struct FieldJson<'a> {
    column: usize,
    line: usize,
    mapped: bool,
    origin: &'static str,
    tasks: usize,
    ticked: usize,
    values: ValuesJson<'a>,
}

/// A field's values, each where it is written.
struct ValuesJson<'a>(&'a Plan, &'a Entity, &'a Field);

impl Serialize for ValuesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (plan, entity) = (self.0, self.1);
        serializer.collect_seq(self.2.values.iter().map(|value| {
            let at = position(plan, entity, value.span().start);
            ValueJson {
                column: at.column,
                line: at.line,
                text: abbreviate(&value.text, MAX_JSON_CHARS),
            }
        }))
    }
}

#[derive(serde::Serialize)]
struct ValueJson {
    column: usize,
    line: usize,
    text: String,
}

/// `1 entity`, `2 entities`.
fn count_of(entities: usize) -> String {
    if entities == 1 {
        "1 entity".to_string()
    } else {
        format!("{entities} entities")
    }
}
