//! `planlint entities`: what each source extracted — every entity's kind,
//! id, title and fields with where they are written and which origin
//! yielded them — as a short listing
//! for people or JSON for scripts.

use crate::check::Outcome;
use crate::config::DEFAULT_ALIASES;
use crate::diagnostic::Position;
use crate::extract::mode_name;
use crate::model::{Entity, Field, Plan};
use crate::report::plural;
use crate::text;
use serde_json::{json, Value as Json};

/// Values longer than this are cut in the listing (and in JSON, at
/// [`MAX_JSON_CHARS`]): a section may be pages long.
const MAX_LISTED_CHARS: usize = 70;
const MAX_JSON_CHARS: usize = 200;

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
                "source {}: {} ({} mode) from {}: {} entities\n",
                source.number,
                source
                    .kind
                    .map_or("team and goal".to_string(), |k| k.to_string()),
                mode_name(source.mode),
                text::visible(&source.paths.join(", ")),
                entities.len()
            )),
            None => out.push_str(&format!(
                "outside the sources: {} entities\n",
                entities.len()
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
            for (name, field) in &entity.record.fields {
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

fn place(plan: &Plan, entity: &Entity, offset: usize) -> Json {
    let at = position(plan, entity, offset);
    json!({"line": at.line, "column": at.column})
}

/// The JSON document: every source with its entities and all their fields.
pub fn render_json(outcome: &Outcome) -> String {
    let plan = &outcome.plan;
    let mut sources = Vec::new();
    for (number, entities) in groups(outcome) {
        let source = number.and_then(|n| outcome.sources.list.iter().find(|s| s.number == n));
        let entities: Vec<Json> = entities
            .iter()
            .map(|entity| {
                let fields: serde_json::Map<String, Json> = entity
                    .record
                    .fields
                    .iter()
                    .map(|(name, field)| {
                        let values: Vec<Json> = field
                            .values
                            .iter()
                            .map(|v| {
                                let mut value = place(plan, entity, v.span().start);
                                value["text"] = Json::String(abbreviate(&v.text, MAX_JSON_CHARS));
                                value
                            })
                            .collect();
                        let mut out = place(plan, entity, field.span().start);
                        out["origin"] = json!(field.origin.name());
                        out["mapped"] = json!(field.mapped);
                        out["values"] = Json::Array(values);
                        out["tasks"] = json!(field.tasks.len());
                        out["ticked"] = json!(field.tasks.iter().filter(|t| t.checked).count());
                        (name.to_string(), out)
                    })
                    .collect();
                let mut out = place(plan, entity, entity.record.anchor.start);
                out["kind"] = json!(entity.kind.to_string());
                out["id"] = json!(entity.id.as_str());
                out["title"] = json!(entity.record.title);
                out["path"] = json!(plan.path_of(entity));
                out["fields"] = Json::Object(fields);
                out
            })
            .collect();
        sources.push(json!({
            "source": number,
            "kind": source.and_then(|s| s.kind).map(|k| k.to_string()),
            "mode": source.map(|s| mode_name(s.mode)),
            "paths": source.map(|s| s.paths.clone()),
            "entities": entities,
        }));
    }
    let document = json!({
        "version": 1,
        "sources": sources,
        "summary": {
            "files": outcome.summary.files,
            "teams": outcome.summary.teams,
            "goals": outcome.summary.goals,
            "issues": outcome.summary.issues,
        },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
