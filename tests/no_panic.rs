//! No input makes planlint panic: arbitrary planning files go through the
//! whole pipeline (parse, model, rules, every reporter), twice, with the same
//! bytes out both times.

use planlint::check::{self, Request};
use planlint::config::Loaded;
use planlint::report::{self, Format, RenderOptions, Report};
use planlint::rules::RuleSet;
use planlint::source::Mode;
use proptest::prelude::*;

/// Pieces that planning documents are made of, to build plausible and
/// implausible documents from.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("# Title\n".to_string()),
        Just("## Done when\n".to_string()),
        Just("## Not doing\n".to_string()),
        Just("- [ ] item\n".to_string()),
        Just("- [x] done\n".to_string()),
        Just("owner: TBD\n".to_string()),
        Just("owner: [\"@a\", \"@b\"]\n".to_string()),
        Just("team: growth\n".to_string()),
        Just("team: [growth, nope]\n".to_string()),
        Just("status: done\n".to_string()),
        Just("status: at-risk\n".to_string()),
        Just("quarter: 2026-Q4\n".to_string()),
        Just("quarter: 9999-Q1\n".to_string()),
        Just("members: [a, b, c, d, e, f, g, h]\n".to_string()),
        Just("id: G-1\n".to_string()),
        Just("id = \"G-1\"\n".to_string()),
        Just("[[goal]]\n".to_string()),
        Just("[[team]]\n".to_string()),
        Just("<!-- planlint-disable goal-owner -->\n".to_string()),
        Just("<!-- planlint-disable-next-line -->\n".to_string()),
        Just("<!-- planlint-enable -->\n".to_string()),
        Just("planlint-ignore: [goal-why]\n".to_string()),
        Just("# planlint-ignore goal-owner\n".to_string()),
        Just("| Point of contact | @x |\n".to_string()),
        Just("- Owner: @bob, @carol\n".to_string()),
        Just("&a [*a, *a]\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("é🙂\u{202e}\r\n".to_string()),
        "[ -~]{0,20}\n",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

const PATHS: &[&str] = &[
    "planning/teams/growth.md",
    "planning/teams/growth-2.md",
    "planning/teams/data.yaml",
    "planning/goals/g-1.md",
    "planning/goals/q4/g-2.md",
    "planning/goals/g-3.toml",
    "planning/plan.toml",
    "planning/plan.yaml",
];

fn run_all(files: &[(usize, String)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (index, text) in files {
        let path = dir.path().join(PATHS[index % PATHS.len()]);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    let loaded = Loaded::default();
    let rules = RuleSet::load(&loaded.config, Vec::new()).expect("rules");
    let outcome = check::run(Request {
        root: dir.path(),
        mode: Mode::Worktree,
        loaded: &loaded,
        rules,
    })
    .expect("check runs");
    let sources = outcome.plan.sources();
    let checked = outcome.checked();
    let metas = outcome.rules.metas();
    let report = Report {
        diagnostics: &outcome.diagnostics,
        sources: &sources,
        checked: &checked,
        rules: &metas,
        summary: outcome.summary,
        tool_version: "0.1.0",
        trust: None,
    };
    [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
        Format::Markdown,
    ]
    .into_iter()
    .map(|format| report::render(format, &report, RenderOptions::default()))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_plan_is_checked_without_panic_and_deterministically(
        files in prop::collection::vec((0usize..PATHS.len(), document()), 1..6)
    ) {
        let first = run_all(&files);
        let second = run_all(&files);
        prop_assert_eq!(first, second);
    }
}
