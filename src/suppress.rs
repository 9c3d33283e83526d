//! Silencing findings the organisation has decided to accept: per-path
//! ignores from the config, and inline suppression comments. A suppression
//! that silences nothing is itself reported (`unused-suppression`).

use crate::config::Ignore;
use crate::diagnostic::{Diagnostic, EntityKind, EntityRef, Level};
use crate::model::Plan;
use crate::parse::Suppression;
use crate::rules::did_you_mean;
use globset::{GlobSet, GlobSetBuilder};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// `[[ignore]]` entries, compiled as gitignore reads globs (see [`crate::pattern::glob`]).
pub struct Ignores {
    entries: Vec<(GlobSet, Vec<String>)>,
}

impl Ignores {
    /// Compiles the globs; the error names the bad glob.
    pub fn new(entries: &[Ignore]) -> Result<Ignores, (String, String)> {
        let mut compiled = Vec::new();
        for entry in entries {
            let mut builder = GlobSetBuilder::new();
            for pattern in &entry.paths {
                let glob = crate::pattern::glob(pattern).map_err(|why| (pattern.clone(), why))?;
                builder.add(glob);
            }
            let set = builder
                .build()
                .map_err(|e| (String::new(), e.to_string()))?;
            compiled.push((set, entry.rules.clone()));
        }
        Ok(Ignores { entries: compiled })
    }

    /// Whether a finding of `rule` at `path` is ignored.
    pub fn covers(&self, path: &str, rule: &str) -> bool {
        self.entries.iter().any(|(set, rules)| {
            set.is_match(path) && (rules.is_empty() || rules.iter().any(|r| r == rule))
        })
    }
}

/// Drops diagnostics that inline suppressions cover, and reports the
/// suppressions that covered nothing. `known_rules` gives did-you-mean hints.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    plan: &Plan,
    suppressions: &BTreeMap<String, Vec<Suppression>>,
    unused_rules: &[(&str, Level)],
    known_rules: &[&str],
) -> Vec<Diagnostic> {
    if suppressions.is_empty() {
        // Nothing to silence and no comment to report unused.
        return diagnostics;
    }
    // Where each entity of a file with suppressions starts, so that a
    // comment before an entity covers all of that entity's findings of the
    // named rules.
    let anchors: HashMap<(&str, EntityKind, &str), usize> = plan
        .entities
        .iter()
        .filter(|e| suppressions.contains_key(plan.path_of(e)))
        .map(|e| {
            (
                (plan.path_of(e), e.kind, e.id.as_str()),
                e.record.anchor.start,
            )
        })
        .collect();
    let mut used: HashMap<(String, usize), bool> = HashMap::new();
    // Filtered in place: the findings are not held twice.
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|diagnostic| {
            let Some(list) = suppressions.get(&*diagnostic.path) else {
                return true;
            };
            let anchor = anchors
                .get(&(
                    &*diagnostic.path,
                    diagnostic.entity.kind,
                    diagnostic.entity.id.as_str(),
                ))
                .copied();
            let mut silenced = false;
            for (index, suppression) in list.iter().enumerate() {
                let rule_matches = suppression.rules.is_empty()
                    || suppression.rules.iter().any(|r| **r == *diagnostic.rule);
                let place_matches = suppression.covers.contains(&diagnostic.span.start)
                    || anchor.is_some_and(|a| suppression.covers.contains(&a))
                    || (suppression.covers.start == 0
                        && suppression.covers.end >= diagnostic.span.end);
                if rule_matches && place_matches {
                    used.insert((diagnostic.path.to_string(), index), true);
                    silenced = true;
                }
            }
            !silenced
        })
        .collect();
    if unused_rules.is_empty() {
        return kept;
    }
    for (path, list) in suppressions {
        let Some(file) = plan.files.iter().find(|f| &f.path == path) else {
            continue;
        };
        for (index, suppression) in list.iter().enumerate() {
            if used.contains_key(&(path.clone(), index)) {
                continue;
            }
            let unknown: Vec<&String> = suppression
                .rules
                .iter()
                .filter(|r| !known_rules.contains(&r.as_str()))
                .collect();
            let (message, help) = match unknown.first() {
                Some(rule) => (
                    format!("suppression names `{rule}`, which is not a rule"),
                    match did_you_mean(rule, known_rules) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "`planlint rules` lists every rule".to_string(),
                    },
                ),
                None if suppression.rules.is_empty() => (
                    "this suppression silences nothing".to_string(),
                    "delete it: nothing here breaks a rule any more".to_string(),
                ),
                None => (
                    format!(
                        "this suppression of {} silences nothing",
                        suppression
                            .rules
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "delete it: nothing here breaks that rule any more (or the rule is off)"
                        .to_string(),
                ),
            };
            let span = suppression.span.start.min(file.text.len())
                ..suppression.span.end.min(file.text.len());
            for (rule, level) in unused_rules {
                kept.push(Diagnostic {
                    rule: Arc::from(*rule),
                    level: *level,
                    message: message.clone(),
                    path: Arc::from(path.as_str()),
                    start: file.position(span.start),
                    end: file.position(span.end),
                    span: span.clone(),
                    entity: EntityRef {
                        kind: EntityKind::File,
                        id: path.clone(),
                    },
                    help: Some(Arc::from(help.as_str())),
                    identity_message: None,
                });
            }
        }
    }
    kept
}
