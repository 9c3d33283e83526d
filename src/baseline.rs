//! Adopting planlint on a plan that already breaks rules: record today's
//! findings once (`--write-baseline FILE`), then report only new ones
//! (`--baseline FILE`).
//!
//! Entries are keyed by rule, entity and the message with its numbers
//! masked, never by line or path: moving text, editing other parts of a
//! document, reordering files or a team growing from 8 to 9 people keep the
//! finding matched. A finding that is fixed disappears from the file the next
//! time it is written.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
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

fn key(d: &Diagnostic) -> (String, String, String) {
    (
        d.rule.clone(),
        format!("{}:{}", d.entity.kind, d.entity.id),
        normalise(&d.message),
    )
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
            .filter(|d| match left.get_mut(&key(d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
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
