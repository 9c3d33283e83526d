//! How the guessed sources fit the built-in rules. `init` checks the plan
//! with them before it writes the config, so that the config can say which
//! rules every goal fails: such a rule asks for something the documents
//! keep under another name, or do not keep at all, and the user decides
//! which (a first check of 168 errors, four on every goal, says neither).

use crate::check::{self, Extra, Outcome};
use crate::config::{self, ConfigFile};
use crate::diagnostic::EntityKind;
use crate::extract::Sources;
use crate::model::Entity;
use crate::source::Snapshot;
use std::collections::{BTreeMap, BTreeSet};

/// An entity by its file and id.
type EntityKey<'a> = (&'a str, &'a str);

/// What a check with the guessed config finds.
#[derive(Debug, PartialEq, Eq)]
pub struct Fit {
    /// The goals it reads.
    pub goals: usize,
    /// The teams it reads.
    pub teams: usize,
    /// Each rule that every goal, or every team, fails (of two or more),
    /// goals' rules first.
    pub misfits: Vec<Misfit>,
    /// Field names that most goals have and planlint has no name for,
    /// as written in a config (`what we'll ship`).
    pub unknown_fields: Vec<String>,
    /// The goals' statuses, as written (trimmed), each once: at most
    /// [`MAX_STATUSES`].
    pub statuses: Vec<String>,
}

/// A rule that every entity of a kind fails.
#[derive(Debug, PartialEq, Eq)]
pub struct Misfit {
    pub rule: String,
    pub kind: EntityKind,
    /// Its first message.
    pub message: String,
}

/// The most distinct statuses a fit keeps.
const MAX_STATUSES: usize = 100;

/// Checks the plan in `snapshot` with `config` (the guessed config's text)
/// as if it were the root's `planlint.toml`. `None` when the config does
/// not load or the check cannot run.
pub fn fit(snapshot: &Snapshot, config: &str) -> Option<Fit> {
    const NAME: &str = "planlint.toml";
    let reader = |path: &str| match path {
        NAME => Ok(config.as_bytes().to_vec()),
        _ => Err(format!("`planlint init` reads no `{path}`")),
    };
    let loaded = config::load(Some(ConfigFile::InRepository(NAME.into())), &reader).ok()?;
    let sources = Sources::compile(&loaded).ok()?;
    let rules = loaded.rule_set(&[]).ok()?;
    let outcome = check::run_in(snapshot, &loaded, sources, rules, Extra::default()).ok()?;
    let of_kind = |kind: EntityKind| -> Vec<&Entity> {
        (outcome.plan.entities.iter())
            .filter(|e| e.kind == kind)
            .collect()
    };
    let (goals, teams) = (of_kind(EntityKind::Goal), of_kind(EntityKind::Team));
    let mut misfits = failed_by_all(&outcome, EntityKind::Goal, &goals);
    misfits.extend(failed_by_all(&outcome, EntityKind::Team, &teams));
    Some(Fit {
        goals: goals.len(),
        teams: teams.len(),
        misfits,
        unknown_fields: unknown_fields(&goals),
        statuses: statuses(&goals),
    })
}

/// The rules every one of `entities` (of `kind`, two or more) fails,
/// each with its first message. An entity is its file and id: copies of
/// a page hold the same ids.
fn failed_by_all(outcome: &Outcome, kind: EntityKind, entities: &[&Entity]) -> Vec<Misfit> {
    let all: BTreeSet<EntityKey> = (entities.iter())
        .filter_map(|e| Some((outcome.plan.files.get(e.file)?.path.as_str(), e.id.as_str())))
        .collect();
    let mut failed: BTreeMap<&str, (BTreeSet<EntityKey>, &str)> = BTreeMap::new();
    for diagnostic in &outcome.diagnostics {
        if diagnostic.entity.kind != kind {
            continue;
        }
        let (found, _) = failed
            .entry(&diagnostic.rule)
            .or_insert_with(|| (BTreeSet::new(), &diagnostic.message));
        found.insert((&diagnostic.path, &diagnostic.entity.id));
    }
    failed
        .into_iter()
        .filter(|(_, (found, _))| all.len() >= 2 && found.is_superset(&all))
        .map(|(rule, (_, message))| Misfit {
            rule: rule.to_string(),
            kind,
            message: message.to_string(),
        })
        .collect()
}

/// The field names at least half of `goals` (two or more) have that are
/// none of planlint's, as a config writes them (`what we'll ship`).
fn unknown_fields(goals: &[&Entity]) -> Vec<String> {
    let known: BTreeSet<&str> = (config::DEFAULT_ALIASES.iter().map(|(name, _)| *name))
        .chain(["id", "title"])
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for goal in goals {
        let fields = &goal.record.fields;
        // A column the config already reads as a known field (`owner = {
        // column = "Champion" }`) sits where that field does; the title
        // column is the goal's title.
        let read_as_known: Vec<crate::diagnostic::Span> = (fields.iter())
            .filter(|(name, _)| known.contains(name))
            .map(|(_, field)| field.span())
            .collect();
        let title = goal.record.title.as_deref();
        for (name, field) in fields.iter() {
            let first = field.values.first().map(|value| value.text.as_str());
            let named = known.contains(name)
                || read_as_known.contains(&field.span())
                || (first.is_some() && first == title);
            if !named {
                *counts.entry(name).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, count)| goals.len() >= 2 && 2 * count >= goals.len())
        .map(|(name, _)| name.replace('_', " "))
        .collect()
}

/// The statuses `goals` have, as written (trimmed), each once, at most
/// [`MAX_STATUSES`].
fn statuses(goals: &[&Entity]) -> Vec<String> {
    let found: BTreeSet<&str> = (goals.iter())
        .filter_map(|goal| goal.record.fields.get("status")?.values.first())
        .map(|value| value.text.trim())
        .filter(|text| !text.is_empty())
        .collect();
    found
        .into_iter()
        .take(MAX_STATUSES)
        .map(str::to_string)
        .collect()
}
