//! JUnit XML, for CI systems that show test reports: every checked entity is a
//! test case, and each diagnostic on it a failure.

use super::Report;
use crate::diagnostic::{Diagnostic, EntityKind, EntityRef};
use crate::text::xml as escape;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A test case: an entity, where it lives, and the diagnostics on it.
struct Case<'a> {
    kind: EntityKind,
    id: &'a str,
    path: &'a str,
    failures: Vec<&'a Diagnostic>,
}

/// One `planlint` suite. Cases follow `report.checked`; diagnostics about an
/// entity that was not checked (a file that did not parse) get cases of their
/// own after those, in diagnostic order. JUnit has no warnings, so warnings
/// are failures too (their body says `warning`), and `failures` counts
/// failing cases, not `<failure>` elements: one entity, one test.
pub fn render(report: &Report) -> String {
    let mut cases: Vec<Case> = report
        .checked
        .iter()
        .map(|(entity, path)| Case {
            kind: entity.kind,
            id: &entity.id,
            path,
            failures: Vec::new(),
        })
        .collect();
    // A diagnostic belongs to the case of its entity in its file, else to the
    // first case of its entity (a rule may report an entity in another file).
    let mut by_entity_path: HashMap<(&EntityRef, &str), usize> = HashMap::new();
    let mut by_entity: HashMap<&EntityRef, usize> = HashMap::new();
    for (i, (entity, path)) in report.checked.iter().enumerate() {
        by_entity_path.entry((entity, path.as_str())).or_insert(i);
        by_entity.entry(entity).or_insert(i);
    }
    for d in report.diagnostics {
        let found = by_entity_path
            .get(&(&d.entity, d.path.as_str()))
            .or_else(|| by_entity.get(&d.entity))
            .copied();
        let index = match found {
            Some(i) => i,
            None => {
                cases.push(Case {
                    kind: d.entity.kind,
                    id: &d.entity.id,
                    path: &d.path,
                    failures: Vec::new(),
                });
                let i = cases.len() - 1;
                by_entity_path.insert((&d.entity, d.path.as_str()), i);
                by_entity.entry(&d.entity).or_insert(i);
                i
            }
        };
        if let Some(case) = cases.get_mut(index) {
            case.failures.push(d);
        }
    }

    let tests = cases.len();
    let failures = cases.iter().filter(|c| !c.failures.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"planlint\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"planlint\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    for case in &cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
            case.kind,
            escape(case.id),
            escape(case.path)
        );
        if case.failures.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for d in &case.failures {
            let body = format!(
                "{}:{}:{}: {}[{}] {}",
                d.path, d.start.line, d.start.column, d.level, d.rule, d.message
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&d.message),
                escape(&d.rule),
                escape(&body)
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
