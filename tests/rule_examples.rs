//! Every built-in rule documents a plan that fails it and one that passes it
//! (`[[doc.fails]]` / `[[doc.passes]]` in its file under `rules/`). This test
//! runs those examples, so the documentation and the behaviour cannot drift.

use planlint::check::{self, Request};
use planlint::config::Loaded;
use planlint::diagnostic::Diagnostic;
use planlint::rules::spec::ExampleFile;
use planlint::rules::{builtin_files, RuleSet};
use planlint::source::Mode;

/// Rules whose examples need more than files: git history, or inline comments.
const NEEDS_MORE_THAN_FILES: &[&str] = &["stale-goal", "unused-suppression"];

fn run(files: &[ExampleFile]) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in files {
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &file.text).expect("write");
    }
    let loaded = Loaded::default();
    let rules = RuleSet::load(&loaded.config, Vec::new()).expect("built-in rules load");
    let outcome = check::run(Request {
        root: dir.path(),
        mode: Mode::Worktree,
        loaded: &loaded,
        rules,
    })
    .unwrap_or_else(|e| panic!("run failed: {e:?}"));
    outcome.diagnostics
}

#[test]
fn every_rule_has_examples_that_fail_and_pass_it() {
    let files = builtin_files().expect("built-in rule files parse");
    assert!(files.len() >= 20, "only {} built-in rules", files.len());
    for rule in files {
        if NEEDS_MORE_THAN_FILES.contains(&rule.id.as_str()) {
            continue;
        }
        assert!(
            !rule.doc.fails.is_empty(),
            "{} has no failing example",
            rule.id
        );
        assert!(
            !rule.doc.passes.is_empty(),
            "{} has no passing example",
            rule.id
        );
        let failing = run(&rule.doc.fails);
        assert!(
            failing.iter().any(|d| d.rule == rule.id),
            "{}: its failing example does not fail it; got {:#?}",
            rule.id,
            failing
        );
        let passing = run(&rule.doc.passes);
        assert!(
            passing.iter().all(|d| d.rule != rule.id),
            "{}: its passing example fails it: {:#?}",
            rule.id,
            passing
        );
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in builtin_files().expect("built-in rule files parse") {
        assert!(!rule.summary.is_empty(), "{} has no summary", rule.id);
        assert!(
            !rule.doc.what.is_empty(),
            "{} does not say what it checks",
            rule.id
        );
        assert!(!rule.doc.why.is_empty(), "{} does not say why", rule.id);
        for option in rule.options.keys() {
            assert!(
                rule.doc.options.contains_key(option),
                "{}: option `{option}` is undocumented",
                rule.id
            );
        }
    }
}
