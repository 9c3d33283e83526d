//! JUnit XML, for CI systems that show test reports (GitLab's merge-request
//! test widget, Jenkins, Azure): one test case per finding, so each shows
//! on its own (GitLab shows only the first `<failure>` of a case), and one
//! passing case per checked entity without findings.

use super::{repository_path, FailOn, Report};
use crate::diagnostic::{Diagnostic, EntityRef};
use crate::text;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::collections::{HashMap, HashSet};

/// One `planlint` suite: the findings in diagnostic order, then the checked
/// entities without findings in plan order. A finding is a `<failure>` when
/// it fails the run (`--fail-on`), else a passing case whose output says
/// what was found: warnings do not turn a passing run's report red. Paths
/// are relative to the repository's root (`path_prefix`), as GitLab opens them.
pub fn render(report: &Report, path_prefix: &str, fail_on: FailOn) -> String {
    let mut suite = TestSuite::new("planlint");
    let mut names: HashMap<String, usize> = HashMap::new();
    for d in report.diagnostics {
        suite.add_test_case(finding_case(d, path_prefix, fail_on, &mut names));
    }
    let with_findings: HashSet<&EntityRef> = report.diagnostics.iter().map(|d| &d.entity).collect();
    let mut listed: HashSet<&EntityRef> = HashSet::new();
    for (entity, path) in report.checked {
        if with_findings.contains(entity) || !listed.insert(entity) {
            continue;
        }
        let mut case = TestCase::new(text::visible(&entity.id), TestCaseStatus::success());
        case.set_classname(entity.kind.as_str());
        case.extra.insert(
            "file".into(),
            text::visible(&repository_path(path_prefix, path)).into(),
        );
        suite.add_test_case(case);
    }
    let mut junit = quick_junit::Report::new("planlint");
    junit.add_test_suite(suite);
    // Serialising to memory fails only on an I/O error, which a Vec has not.
    let mut out = junit.to_string().unwrap_or_default();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A finding's case: named by rule and entity, which stay the same from
/// run to run (CI compares runs by name), with ` #N` on a repeat.
fn finding_case(
    d: &Diagnostic,
    path_prefix: &str,
    fail_on: FailOn,
    names: &mut HashMap<String, usize>,
) -> TestCase {
    let path = repository_path(path_prefix, &d.path);
    // Plan text keeps to its line (a line break in it shows as `\n`), so
    // nothing it says can begin a line of the report; in the attributes,
    // which test viewers show as text, a control or bidi character is an
    // escape too (an XML character reference would decode back to it).
    let body = format!(
        "{}:{}:{}: {}[{}] {}{}",
        text::visible(&path),
        d.start.line,
        d.start.column,
        d.level,
        text::visible(&d.rule),
        text::visible(&d.message),
        d.help
            .as_deref()
            .map(|help| format!("\nhelp: {}", text::visible(help)))
            .unwrap_or_default()
    );
    let base = text::visible(&format!("{} {} {}", d.rule, d.entity.kind, d.entity.id));
    let seen = names.entry(base.clone()).or_insert(0);
    *seen += 1;
    let name = if *seen == 1 {
        base
    } else {
        format!("{base} #{seen}")
    };
    let mut case = if fail_on.fails(d.level) {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(text::visible(&d.message))
            .set_type(&*d.rule)
            .set_description(body);
        TestCase::new(name, status)
    } else {
        let mut case = TestCase::new(name, TestCaseStatus::success());
        case.set_system_out(body);
        case
    };
    case.set_classname(d.entity.kind.as_str());
    case.extra
        .insert("file".into(), text::visible(&path).into());
    case.extra
        .insert("line".into(), d.start.line.max(1).to_string().into());
    case
}
