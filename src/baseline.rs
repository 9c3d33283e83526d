//! Adopting planlint on a plan that already breaks rules: record today's
//! findings once (`--write-baseline FILE`), then report only new ones
//! (`--baseline FILE`).
//!
//! Entries are keyed by rule, entity and the message with its numbers
//! masked, never by line or path: moving text, editing other parts of a
//! document, reordering files or a team growing from 8 to 9 people keep the
//! finding matched. A finding that is fixed disappears from the file the next
//! time it is written.

use crate::diagnostic::{Diagnostic, EntityKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One accepted finding; `count` findings share the key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    /// `kind:id`, e.g. `goal:G-110`.
    pub entity: String,
    pub message: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// The message with every run of digits replaced by `#`: the part of a
/// finding's identity that survives a count changing (baselines, and the
/// SARIF and GitLab fingerprints).
pub fn normalise(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_number = false;
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// A finding's identity across runs, the key of its entry: rule, entity
/// and message with its numbers masked (and the words a number chose in
/// their plural form: [`Diagnostic::identity_text`]). Borrowed where it
/// can be: a message without digits is its own masked form.
type Identity<'d> = (&'d str, EntityKind, &'d str, Cow<'d, str>);

fn identity(d: &Diagnostic) -> Identity<'_> {
    let text = d.identity_text();
    let message = if text.bytes().any(|b| b.is_ascii_digit()) {
        Cow::Owned(normalise(text))
    } else {
        Cow::Borrowed(text)
    };
    (&d.rule, d.entity.kind, &d.entity.id, message)
}

/// The identity as an entry writes it: the entity as `kind:id`.
fn key(d: &Diagnostic) -> (String, String, String) {
    let (rule, kind, id, message) = identity(d);
    (
        rule.to_string(),
        format!("{kind}:{id}"),
        message.into_owned(),
    )
}

/// The findings of `diagnostics` that the findings `accepted` (another
/// run's) do not excuse: what a baseline of `accepted` would let through,
/// without writing one. Counted by borrowed identities: a baseline's
/// owned strings were 7% of a `--diff-base` check.
pub fn not_in<'d>(accepted: &[Diagnostic], diagnostics: &'d [Diagnostic]) -> Vec<&'d Diagnostic> {
    let mut left: foldhash::HashMap<Identity, usize> = Default::default();
    for d in accepted {
        *left.entry(identity(d)).or_default() += 1;
    }
    diagnostics
        .iter()
        .filter(|d| !excused(left.get_mut(&identity(d))))
        .collect()
}

/// Whether a finding is excused by what is `left` of its identity's count,
/// using one up if so.
fn excused(left: Option<&mut usize>) -> bool {
    match left {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

impl Baseline {
    /// The baseline of these findings, sorted so the file diffs well.
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(key(d)).or_default() += 1;
        }
        Baseline {
            version: 1,
            findings: counts
                .into_iter()
                .map(|((rule, entity, message), count)| Entry {
                    rule,
                    entity,
                    message,
                    count,
                })
                .collect(),
        }
    }

    /// The file's text: JSON, one finding per line.
    pub fn to_text(&self) -> String {
        let mut out = String::from("{\n  \"version\": 1,\n  \"findings\": [\n");
        for (i, entry) in self.findings.iter().enumerate() {
            let line = serde_json::to_string(entry).unwrap_or_default();
            out.push_str("    ");
            out.push_str(&line);
            if i + 1 < self.findings.len() {
                out.push(',');
            }
            out.push('\n');
        }
        out.push_str("  ]\n}\n");
        out
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| format!("{e}"))?;
        if baseline.version != 1 {
            return Err(format!(
                "version {} is not supported (only 1)",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// The findings not accepted by the baseline (each entry accepts `count`).
    pub fn filter(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut left: BTreeMap<(String, String, String), usize> = self
            .findings
            .iter()
            .map(|e| {
                (
                    (e.rule.clone(), e.entity.clone(), e.message.clone()),
                    e.count,
                )
            })
            .collect();
        diagnostics
            .into_iter()
            .filter(|d| !excused(left.get_mut(&key(d))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{EntityKind, EntityRef, Level, Position};

    fn diag(rule: &str, id: &str, message: &str, line: usize) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            level: Level::Error,
            message: message.into(),
            path: "planning/teams/growth.md".into(),
            span: 0..1,
            start: Position { line, column: 1 },
            end: Position { line, column: 2 },
            entity: EntityRef {
                kind: EntityKind::Team,
                id: id.into(),
            },
            help: None,
            identity_message: None,
        }
    }

    #[test]
    fn matches_survive_line_drift_and_number_changes() {
        let before = vec![diag(
            "team-size",
            "growth",
            "team `growth` has 8 members; the limit is 6",
            4,
        )];
        let baseline = Baseline::parse(&Baseline::of(&before).to_text()).expect("round trip");
        let after = vec![
            diag(
                "team-size",
                "growth",
                "team `growth` has 9 members; the limit is 6",
                40,
            ),
            diag(
                "team-size",
                "platform",
                "team `platform` has 7 members; the limit is 6",
                4,
            ),
        ];
        let new = baseline.filter(after);
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].entity.id, "platform");
    }

    /// The words a number chose are masked with it: the identity reads the
    /// message they would make in the plural.
    #[test]
    fn matches_survive_a_count_falling_to_one() {
        let before = vec![diag("open-criteria", "g", "2 of 3 criteria are open", 4)];
        let baseline = Baseline::of(&before);
        let mut after = diag("open-criteria", "g", "1 of 3 criteria is open", 4);
        assert_eq!(baseline.filter(vec![after.clone()]).len(), 1);
        after.identity_message = Some("1 of 3 criteria are open".into());
        assert!(baseline.filter(vec![after.clone()]).is_empty());
        assert!(not_in(&before, &[after]).is_empty());
    }

    /// Another run's findings excuse what a baseline of them would: the
    /// same identities, masked numbers and counts, with the digit-free
    /// messages compared as they are.
    #[test]
    fn another_runs_findings_excuse_what_their_baseline_would() {
        let before = vec![
            diag("team-size", "growth", "team has 8 members", 4),
            diag("goal-why", "g", "no why", 1),
            diag("goal-why", "g", "no why", 2),
        ];
        let after = vec![
            diag("team-size", "growth", "team has 9 members", 40),
            diag("goal-why", "g", "no why", 3),
            diag("goal-why", "g", "no why", 4),
            diag("goal-why", "g", "no why", 5),
            diag("goal-why", "h", "no why", 1),
            diag("team-size", "growth", "team has 9 members, 2 new", 40),
        ];
        let by_baseline = Baseline::of(&before).filter(after.clone());
        let not_excused: Vec<Diagnostic> = not_in(&before, &after).into_iter().cloned().collect();
        assert_eq!(not_excused, by_baseline);
        let lines: Vec<(&str, usize)> = not_excused
            .iter()
            .map(|d| (d.entity.id.as_str(), d.start.line))
            .collect();
        assert_eq!(lines, [("g", 5), ("h", 1), ("growth", 40)]);
    }

    #[test]
    fn counts_accept_only_as_many_findings_as_recorded() {
        let one = vec![diag("goal-why", "g", "m", 1)];
        let baseline = Baseline::of(&one);
        assert_eq!(
            baseline
                .filter(vec![
                    diag("goal-why", "g", "m", 1),
                    diag("goal-why", "g", "m", 2)
                ])
                .len(),
            1
        );
    }

    #[test]
    fn the_file_is_sorted_one_finding_per_line() {
        let text = Baseline::of(&[diag("b", "x", "m", 1), diag("a", "y", "n 12", 2)]).to_text();
        assert_eq!(
            text,
            "{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\":\"a\",\"entity\":\"team:y\",\"message\":\"n #\",\"count\":1},\n    {\"rule\":\"b\",\"entity\":\"team:x\",\"message\":\"m\",\"count\":1}\n  ]\n}\n"
        );
        assert!(Baseline::parse("{\"version\": 2, \"findings\": []}").is_err());
        assert!(Baseline::parse("nope").is_err());
    }
}
