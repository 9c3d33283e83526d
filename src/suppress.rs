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

/// `[[ignore]]` entries, compiled as gitignore reads globs (see
/// [`crate::pattern::glob`]) into one set: each path is matched once,
/// against every glob at once. Matched per finding and per entry, 500
/// entries over 8,000 findings took 33 s.
pub struct Ignores {
    globs: GlobSet,
    /// The entry each glob of `globs` comes from.
    entry_of: Vec<usize>,
    /// Per entry, the rules it ignores, as bits by their place in `known`
    /// (every bit set: all rules).
    rules: Vec<RuleBits>,
    /// The place of each known rule id.
    known: HashMap<String, usize>,
}

/// A set of rules, a bit each by their place among the known rules.
type RuleBits = Vec<u64>;

impl Ignores {
    /// Compiles the globs of `entries`, whose rules are among `known`; the
    /// error names the bad glob.
    pub fn new(entries: &[Ignore], known: &[&str]) -> Result<Ignores, (String, String)> {
        let known: HashMap<String, usize> = known
            .iter()
            .enumerate()
            .map(|(at, id)| (id.to_string(), at))
            .collect();
        // One bit more, past the known rules: any other rule (all-rules entries have it).
        let words = (known.len() + 1).div_ceil(64);
        let mut builder = GlobSetBuilder::new();
        let mut entry_of = Vec::new();
        let mut rules = Vec::new();
        for (number, entry) in entries.iter().enumerate() {
            for pattern in &entry.paths {
                let glob = crate::pattern::glob(pattern).map_err(|why| (pattern.clone(), why))?;
                builder.add(glob);
                entry_of.push(number);
            }
            let mut bits = vec![if entry.rules.is_empty() { u64::MAX } else { 0 }; words];
            for rule in &entry.rules {
                if let Some(&at) = known.get(rule) {
                    if let Some(word) = bits.get_mut(at / 64) {
                        *word |= 1 << (at % 64);
                    }
                }
            }
            rules.push(bits);
        }
        let globs = builder
            .build()
            .map_err(|e| (String::new(), e.to_string()))?;
        Ok(Ignores {
            globs,
            entry_of,
            rules,
            known,
        })
    }

    /// The rules ignored at `path`: the union of the entries whose globs match it.
    fn at(&self, path: &str) -> RuleBits {
        let mut bits = vec![0; (self.known.len() + 1).div_ceil(64)];
        let mut entries: Vec<usize> = self
            .globs
            .matches(path)
            .into_iter()
            .filter_map(|glob| self.entry_of.get(glob).copied())
            .collect();
        entries.dedup();
        for entry in entries {
            for (word, add) in bits
                .iter_mut()
                .zip(self.rules.get(entry).into_iter().flatten())
            {
                *word |= add;
            }
        }
        bits
    }

    /// Drops the diagnostics the entries ignore; each path is matched once.
    pub fn retain_uncovered(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() {
            return;
        }
        let mut by_path: HashMap<Arc<str>, RuleBits> = HashMap::new();
        diagnostics.retain(|d| {
            let bits = by_path
                .entry(Arc::clone(&d.path))
                .or_insert_with(|| self.at(&d.path));
            let at = self
                .known
                .get(&*d.rule)
                .copied()
                .unwrap_or(self.known.len());
            let ignored = bits
                .get(at / 64)
                .is_some_and(|word| word & (1 << (at % 64)) != 0);
            !ignored
        });
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
