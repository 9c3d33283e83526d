//! Every built-in rule documents a plan that fails it and one that passes it
//! (`[[doc.fails]]` / `[[doc.passes]]` in its file under `rules/`). This test
//! runs those examples, so the documentation and the behaviour cannot drift.

mod common;

use planlint::check::{self, Request};
use planlint::config::Loaded;
use planlint::diagnostic::Diagnostic;
use planlint::rules::builtin_files;
use planlint::rules::spec::ExampleFile;
use planlint::source::Mode;

/// [`common::COMMIT_TIME`] in seconds since the Unix epoch.
const COMMIT_UNIX: i64 = 1_793_620_800;

/// Checks the example's files, committed to a git repository at
/// [`common::COMMIT_TIME`] so that "now" (and every message that names a
/// quarter) is the same on every day the tests run. A file with
/// `unchanged-days` is committed that many days earlier, oldest first.
fn run(files: &[ExampleFile]) -> Vec<Diagnostic> {
    let repo = common::Repo::git();
    let mut aged: Vec<&ExampleFile> = files
        .iter()
        .filter(|f| f.unchanged_days.is_some())
        .collect();
    aged.sort_by_key(|f| std::cmp::Reverse(f.unchanged_days));
    for file in aged {
        let days = file.unchanged_days.unwrap_or_default();
        repo.write(&file.path, &file.text);
        repo.git_cmd(&["add", "-A"]);
        let when = format!("@{} +0000", COMMIT_UNIX - days * 86_400);
        repo.git_at(&["commit", "-q", "-m", "an older change"], &when);
    }
    for file in files.iter().filter(|f| f.unchanged_days.is_none()) {
        repo.write(&file.path, &file.text);
    }
    repo.git_cmd(&["add", "-A"]);
    repo.git_cmd(&["commit", "-q", "--allow-empty", "-m", "example"]);
    let loaded = Loaded::default();
    let rules = loaded.rule_set(&[]).expect("built-in rules load");
    let outcome = check::run(Request {
        root: repo.path(),
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
            rule.doc.fails.iter().any(|f| f.message.is_some()),
            "{}: its failing example names no expected `message`; got {:#?}",
            rule.id,
            failing
        );
        for file in &rule.doc.fails {
            let got: Vec<&str> = failing
                .iter()
                .filter(|d| *d.rule == *rule.id && *d.path == *file.path)
                .map(|d| d.message.as_str())
                .collect();
            let expected: Vec<&str> = file.message.iter().map(String::as_str).collect();
            assert_eq!(
                got, expected,
                "{}: the findings on {} differ from its example's `message`",
                rule.id, file.path
            );
        }
        let passing = run(&rule.doc.passes);
        assert!(
            passing.iter().all(|d| *d.rule != *rule.id),
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

/// The README's table of failures and placeholders is the code's, row for row.
#[test]
fn readme_lists_every_failure_and_its_placeholders() {
    let readme = include_str!("../README.md");
    let expected: Vec<String> = planlint::rules::FAILURES
        .iter()
        .map(|(failure, names)| {
            let fills = if names.is_empty() {
                "(nothing more)".to_string()
            } else {
                names
                    .iter()
                    .map(|n| format!("`{{{n}}}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("| `{failure}` | {fills} |")
        })
        .collect();
    let start = readme
        .find("| failure | also fills |\n|---|---|\n")
        .expect("the README has the table of failures");
    let rows: Vec<&str> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    assert_eq!(rows, expected);
}

/// Every engine a rule can name is in the README's table of engines.
#[test]
fn readme_lists_every_engine() {
    let readme = include_str!("../README.md");
    for (name, _) in planlint::rules::spec::Engine::ALL {
        assert!(
            readme.contains(&format!("| `engine = \"{name}\"` | ")),
            "the README does not list engine `{name}`"
        );
    }
}

/// The README's table of built-in rules has one row per rule, with the
/// kind it reports on and the level `planlint rules` shows.
#[test]
fn readme_lists_every_built_in_rule_as_planlint_rules_does() {
    let readme = include_str!("../README.md");
    let rules = Loaded::default()
        .rule_set(&[])
        .expect("built-in rules load");
    for rule in &rules.rules {
        let on: Vec<&str> = rule.reported_on().iter().map(|k| k.as_str()).collect();
        let row = format!(
            "| `{}` | {} | {} | ",
            rule.id(),
            on.join(", "),
            rule.file.level.as_str()
        );
        assert!(
            readme.lines().any(|line| line.starts_with(&row)),
            "the README has no row `{row}`"
        );
    }
    let rows = readme
        .lines()
        .filter(|line| {
            line.starts_with("| `")
                && (line.contains(" | error | ") || line.contains(" | warning | "))
        })
        .count();
    assert_eq!(
        rows,
        rules.rules.len(),
        "the README lists rules that do not exist"
    );
}

/// `planlint rule ID` shows each failing example with the message it
/// reports, the same message the examples test pins.
#[test]
fn planlint_rule_shows_what_each_failing_example_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    for rule in builtin_files().expect("built-in rule files parse") {
        let run = common::planlint_in(dir.path(), &["rule", &rule.id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for file in &rule.doc.fails {
            if let Some(message) = &file.message {
                assert!(
                    run.stdout.contains(&format!("\nFails: {}\n", file.path))
                        && run.stdout.contains(&format!("\nReports: {message}\n")),
                    "{}: `planlint rule` does not show what its example reports:\n{}",
                    rule.id,
                    run.stdout
                );
            }
        }
    }
}

/// The names serde lists for a type that denies unknown fields: its keys,
/// in declaration order, as the code reads them.
fn serde_keys<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let message = match toml::from_str::<T>("not-a-key-of-anything = 1") {
        Ok(_) => panic!("an unknown key was accepted"),
        Err(e) => e.message().to_string(),
    };
    let (_, expected) = message
        .split_once("expected")
        .unwrap_or_else(|| panic!("serde lists no keys: {message}"));
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn quoted<S: AsRef<str>>(names: impl IntoIterator<Item = S>, wrap: (&str, &str)) -> String {
    names
        .into_iter()
        .map(|name| format!("`{}{}{}`", wrap.0, name.as_ref(), wrap.1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The README's rule-format reference, as the code makes it.
fn rule_format_reference() -> String {
    use planlint::rules::spec::{self, Check, DetailedCondition, ExampleFile, RuleDoc};
    let plain = ("", "");
    let lines = [
        format!("- Rule keys: {}", quoted(spec::RULE_KEYS, plain)),
        format!("- Check keys: {}", quoted(serde_keys::<Check>(), plain)),
        format!(
            "- `when` conditions in the long form: {}",
            quoted(serde_keys::<DetailedCondition>(), plain)
        ),
        format!(
            "- Virtual fields: {}",
            quoted(planlint::rules::VIRTUAL_FIELDS, plain)
        ),
        format!(
            "- Placeholders of every message: {}",
            quoted(planlint::rules::ENTITY_PLACEHOLDERS, ("{", "}"))
        ),
        format!(
            "- Placeholders of a check that reads a field: {}",
            quoted(planlint::rules::FIELD_PLACEHOLDERS, ("{", "}"))
        ),
        format!("- `[doc]` keys: {}", quoted(serde_keys::<RuleDoc>(), plain)),
        format!(
            "- Example file keys (`[[doc.fails]]`, `[[doc.passes]]`): {}",
            quoted(serde_keys::<ExampleFile>(), plain)
        ),
        format!(
            "- Engines: {}",
            quoted(spec::Engine::ALL.iter().map(|(name, _)| *name), plain)
        ),
    ];
    lines.join("\n") + "\n"
}

/// The README lists every key, check, `when` condition, virtual field,
/// placeholder and engine the code knows, as the code lists them.
#[test]
fn readme_has_the_rule_format_reference_of_the_code() {
    let readme = include_str!("../README.md");
    let reference = rule_format_reference();
    assert!(
        readme.contains(&reference),
        "the README's rule-format reference differs from the code's; it should read:\n{reference}"
    );
}

/// Every check (each failure but `required`'s) has a row in the README's
/// table of checks.
#[test]
fn readme_explains_every_check() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("| check | passes when |\n")
        .expect("the README has the table of checks");
    let table: String = readme[start..]
        .lines()
        .take_while(|line| line.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n");
    for (failure, _) in planlint::rules::FAILURES {
        let check = match *failure {
            "missing" | "empty" | "placeholder" => "required",
            other => other,
        };
        assert!(
            table.contains(&format!("`{check} = ")) || table.contains(&format!("`{check}`")),
            "the README's table of checks has no row for `{check}`"
        );
    }
}

/// What `planlint rule ID` says of a rule (its kinds, default level and
/// options with their defaults) is what the README's table of rules says.
#[test]
fn planlint_rule_agrees_with_the_readme() {
    let readme = include_str!("../README.md");
    let dir = tempfile::tempdir().expect("temp dir");
    for rule in builtin_files().expect("built-in rule files parse") {
        let run = common::planlint_in(dir.path(), &["rule", &rule.id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let first = run.stdout.lines().next().unwrap_or_default();
        let (level, on) = first
            .strip_prefix(&format!("{} (", rule.id))
            .and_then(|rest| rest.strip_suffix(')'))
            .and_then(|rest| rest.split_once(", on "))
            .unwrap_or_else(|| panic!("`planlint rule {}` starts with {first:?}", rule.id));
        let row_start = format!("| `{}` | {on} | {level} | ", rule.id);
        let row = readme
            .lines()
            .find(|line| line.starts_with(&row_start))
            .unwrap_or_else(|| panic!("the README has no row `{row_start}`"));
        let options = run
            .stdout
            .split_once("Options (under ")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        for line in options.lines().skip(1) {
            let Some((name, value)) = line.strip_prefix("  ").and_then(|l| l.split_once(" = "))
            else {
                break;
            };
            if name.starts_with(' ') || name == "level" {
                continue;
            }
            assert!(
                row.contains(&format!("`{name}`")) || row.contains(&format!("`{name} = ")),
                "the README's row for `{}` does not name option `{name}`",
                rule.id
            );
            if value.parse::<i64>().is_ok() {
                assert!(
                    row.contains(&format!("({value})")),
                    "the README's row for `{}` does not give `{name}`'s default ({value})",
                    rule.id
                );
            }
        }
    }
}
