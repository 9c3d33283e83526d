//! Silencing findings the organisation has decided to accept: per-path
//! ignores from the config, and inline suppression comments. A suppression
//! that silences nothing is itself reported (`unused-suppression`).

use crate::config::Ignore;
use crate::diagnostic::Span;
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
    let mut used: HashMap<&str, Vec<bool>> = HashMap::new();
    let mut silenced = vec![false; diagnostics.len()];
    // Each file's findings against its comments, a rule at a time.
    let mut of_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (at, diagnostic) in diagnostics.iter().enumerate() {
        if let Some((path, _)) = suppressions.get_key_value(&*diagnostic.path) {
            of_file.entry(path.as_str()).or_default().push(at);
        }
    }
    for (path, list) in suppressions {
        let found = of_file.get(path.as_str()).map_or(&[][..], Vec::as_slice);
        let spots: Vec<Spot> = found
            .iter()
            .filter_map(|&at| diagnostics.get(at))
            .map(|d| Spot {
                rule: &d.rule,
                start: d.span.start,
                end: d.span.end,
                anchor: anchors
                    .get(&(&*d.path, d.entity.kind, d.entity.id.as_str()))
                    .copied(),
            })
            .collect();
        let (quiet, silencing) = matches(&spots, list);
        for (&at, quiet) in found.iter().zip(quiet) {
            if let Some(slot) = silenced.get_mut(at) {
                *slot = quiet;
            }
        }
        used.insert(path.as_str(), silencing);
    }
    // Filtered in place: the findings are not held twice.
    let mut silenced = silenced.into_iter();
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|_| !silenced.next().unwrap_or(false))
        .collect();
    if unused_rules.is_empty() {
        return kept;
    }
    for (path, list) in suppressions {
        let found = plan.files.binary_search_by(|f| f.path.as_str().cmp(path));
        let Some(file) = found.ok().and_then(|at| plan.files.get(at)) else {
            continue;
        };
        let silencing = used.get(path.as_str());
        for (index, suppression) in list.iter().enumerate() {
            if silencing
                .and_then(|s| s.get(index))
                .copied()
                .unwrap_or(false)
            {
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
                        named_rules(&suppression.rules)
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

/// The most rules an `unused-suppression` message names; the rest are
/// counted. A comment may name a rule a million times.
const NAMED_RULES: usize = 5;

/// `rules`, each once, in the order written: the first few quoted, the
/// others counted (`` `a`, `b` and 3 more ``).
fn named_rules(rules: &[String]) -> String {
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<&str> = (rules.iter())
        .map(String::as_str)
        .filter(|rule| seen.insert(*rule))
        .collect();
    let mut text = (distinct.iter().take(NAMED_RULES))
        .map(|rule| format!("`{rule}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if distinct.len() > NAMED_RULES {
        text.push_str(&format!(" and {} more", distinct.len() - NAMED_RULES));
    }
    text
}

/// A finding as a file's suppressions see it.
struct Spot<'a> {
    rule: &'a str,
    start: usize,
    end: usize,
    /// Where its entity starts: a comment before an entity covers all of
    /// that entity's findings of the rules it names.
    anchor: Option<usize>,
}

/// Which findings of one file its suppressions silence, and which
/// suppressions silence one or more: a suppression silences a finding of a
/// rule it names (or of any rule, naming none) when it covers the
/// finding's start or its entity's, or starts the file and covers the
/// whole finding. A rule at a time, each side sorted once, so that a file
/// of a hundred thousand comments and findings is not their product.
fn matches(spots: &[Spot], suppressions: &[Suppression]) -> (Vec<bool>, Vec<bool>) {
    let mut quiet = vec![false; spots.len()];
    let mut silencing = vec![false; suppressions.len()];
    let mut by_rule: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (at, spot) in spots.iter().enumerate() {
        by_rule.entry(spot.rule).or_default().push(at);
    }
    let mut naming: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut every_rule = Vec::new();
    for (at, suppression) in suppressions.iter().enumerate() {
        if suppression.rules.is_empty() {
            every_rule.push(at);
        }
        let mut named: Vec<&str> = suppression.rules.iter().map(String::as_str).collect();
        named.sort_unstable();
        named.dedup();
        for rule in named {
            naming.entry(rule).or_default().push(at);
        }
    }
    for (rule, found) in by_rule {
        let mut covering: Vec<usize> = naming.get(rule).cloned().unwrap_or_default();
        covering.extend(&every_rule);
        if covering.is_empty() {
            continue;
        }
        let covers = |at: &usize| suppressions.get(*at).map(|s| s.covers.clone());
        // The stretches the covering suppressions cover together, and how
        // far those that start the file reach.
        let mut stretches: Vec<Span> = (covering.iter())
            .filter_map(covers)
            .filter(|c| c.start < c.end)
            .collect();
        stretches.sort_unstable_by_key(|c| c.start);
        let mut merged: Vec<Span> = Vec::with_capacity(stretches.len());
        for stretch in stretches {
            match merged.last_mut() {
                Some(last) if stretch.start <= last.end => last.end = last.end.max(stretch.end),
                _ => merged.push(stretch),
            }
        }
        let whole = (covering.iter())
            .filter_map(covers)
            .filter(|c| c.start == 0)
            .map(|c| c.end)
            .max();
        let inside = |point: usize| {
            let after = merged.partition_point(|s| s.start <= point);
            after
                .checked_sub(1)
                .and_then(|at| merged.get(at))
                .is_some_and(|s| point < s.end)
        };
        let mut points = Vec::with_capacity(found.len() * 2);
        let mut shortest_end = usize::MAX;
        for &at in &found {
            let Some(spot) = spots.get(at) else { continue };
            let hit = inside(spot.start)
                || spot.anchor.is_some_and(inside)
                || whole.is_some_and(|end| end >= spot.end);
            if let Some(slot) = quiet.get_mut(at) {
                *slot |= hit;
            }
            points.push(spot.start);
            points.extend(spot.anchor);
            shortest_end = shortest_end.min(spot.end);
        }
        points.sort_unstable();
        for at in covering {
            let Some(cover) = covers(&at) else { continue };
            let first = points.partition_point(|&p| p < cover.start);
            let hit = points.get(first).is_some_and(|&p| p < cover.end)
                || (cover.start == 0 && cover.end >= shortest_end);
            if let Some(slot) = silencing.get_mut(at) {
                *slot |= hit;
            }
        }
    }
    (quiet, silencing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`matches`] answers, asked of every pair: the oracle.
    fn matches_pair_by_pair(
        spots: &[Spot],
        suppressions: &[Suppression],
    ) -> (Vec<bool>, Vec<bool>) {
        let mut quiet = vec![false; spots.len()];
        let mut silencing = vec![false; suppressions.len()];
        for (i, spot) in spots.iter().enumerate() {
            for (j, s) in suppressions.iter().enumerate() {
                let rule = s.rules.is_empty() || s.rules.iter().any(|r| r == spot.rule);
                let place = s.covers.contains(&spot.start)
                    || spot.anchor.is_some_and(|a| s.covers.contains(&a))
                    || (s.covers.start == 0 && s.covers.end >= spot.end);
                if rule && place {
                    quiet[i] = true;
                    silencing[j] = true;
                }
            }
        }
        (quiet, silencing)
    }

    proptest! {
        #[test]
        fn matching_by_rule_answers_as_every_pair_does(
            spots in proptest::collection::vec(
                (0usize..3, 0usize..20, 0usize..6, proptest::option::of(0usize..20)),
                0..12,
            ),
            suppressions in proptest::collection::vec(
                (proptest::collection::vec(0usize..3, 0..3), 0usize..20, 0usize..12),
                0..8,
            ),
        ) {
            const RULES: [&str; 3] = ["a", "b", "c"];
            let spots: Vec<Spot> = spots
                .iter()
                .map(|&(rule, start, len, anchor)| Spot {
                    rule: RULES[rule],
                    start,
                    end: start + len,
                    anchor,
                })
                .collect();
            let suppressions: Vec<Suppression> = suppressions
                .iter()
                .map(|(rules, start, len)| Suppression {
                    rules: rules.iter().map(|&r| RULES[r].to_string()).collect(),
                    covers: *start..start + len,
                    span: 0..0,
                    reason: None,
                })
                .collect();
            prop_assert_eq!(
                matches(&spots, &suppressions),
                matches_pair_by_pair(&spots, &suppressions)
            );
        }
    }

    #[test]
    fn an_unused_suppression_names_each_rule_once_and_a_few() {
        let rules: Vec<String> = ["a", "b", "a", "c", "d", "e", "f", "g"]
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(named_rules(&rules), "`a`, `b`, `c`, `d`, `e` and 2 more");
        assert_eq!(named_rules(&rules[..3]), "`a`, `b`");
    }
}
