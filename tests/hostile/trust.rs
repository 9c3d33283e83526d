//! Trust: with `--config-rev`, a pull request's edits to planlint.toml or
//! its rule files do not apply to itself, and every output says they exist.

use crate::common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

/// A plan on `main` whose config holds teams to two people, and a branch
/// that switches the rule off and edits a rule file.
fn pull_request() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .write(
            "planlint.toml",
            "rule-dirs = [\"planning/rules\"]\n[rules.team-size]\nmax = 2\n",
        )
        .write(
            "planning/rules/quarter.toml",
            "id = \"quarter-format\"\non = \"goal\"\nfield = \"quarter\"\nmatches = '^\\d{4}-Q[1-4]$'\nmessage = \"quarter must look like 2026-Q4\"\n",
        )
        .commit("plan");
    repo.git_cmd(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "planlint.toml",
        "rule-dirs = [\"planning/rules\"]\n[rules.team-size]\nlevel = \"off\"\n",
    )
    .write(
        "planning/rules/quarter.toml",
        "id = \"quarter-format\"\non = \"goal\"\nlevel = \"off\"\nfield = \"quarter\"\nmatches = 'x'\n",
    )
    .commit("switch the rules off");
    repo
}

#[test]
fn the_trusted_config_applies_and_the_change_is_called_out_in_human_output() {
    let repo = pull_request();
    let own = repo.planlint(&["check"]);
    assert_eq!(own.code, 0, "{}", own.stdout);
    let run = repo.planlint(&["check", "--config-rev", "main"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("team `growth` has 3 members; the limit is 2"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "note: this change edits planlint's configuration (`planlint.toml`, `planning/rules/quarter.toml`); the configuration of `main` was applied\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn json_markdown_and_github_say_so_too() {
    let repo = pull_request();
    let json = repo.planlint(&["check", "--config-rev", "main", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(
        value["config"],
        serde_json::json!({"revision": "main", "changed": ["planlint.toml", "planning/rules/quarter.toml"]})
    );
    let markdown = repo.planlint(&["check", "--config-rev", "main", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains(
            "\n> [!WARNING]\n> this change edits planlint's configuration (`planlint.toml`, `planning/rules/quarter.toml`); the configuration of `main` was applied\n"
        ),
        "{}",
        markdown.stdout
    );
    let github = repo.planlint(&["check", "--config-rev", "main", "--format", "github"]);
    assert!(
        github.stdout.ends_with(
            "::warning title=planlint configuration changed::this change edits planlint's configuration (`planlint.toml`, `planning/rules/quarter.toml`); the configuration of `main` was applied\n"
        ),
        "{}",
        github.stdout
    );
    let concise = repo.planlint(&["check", "--config-rev", "main", "--format", "concise"]);
    assert!(
        concise
            .stderr
            .contains("planlint: note: this change edits planlint's configuration"),
        "{}",
        concise.stderr
    );
}

#[test]
fn an_unchanged_config_is_silent_and_json_says_nothing_changed() {
    let repo = pull_request();
    repo.git_cmd(&["checkout", "-q", "main"]);
    let run = repo.planlint(&["check", "--config-rev", "main"]);
    assert!(!run.stdout.contains("note:"), "{}", run.stdout);
    let json = repo.planlint(&["check", "--config-rev", "main", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(
        value["config"],
        serde_json::json!({"revision": "main", "changed": []})
    );
    let plain = repo.planlint(&["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&plain.stdout).expect("json");
    assert!(value.get("config").is_none(), "{}", plain.stdout);
}

#[test]
fn a_config_added_or_removed_by_the_change_counts_as_changed() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .commit("plan");
    repo.write("planlint.toml", "[rules.team-size]\nmax = 1\n")
        .commit("add a config");
    let run = repo.planlint(&["check", "--config-rev", "HEAD~1", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        value["config"]["changed"],
        serde_json::json!(["planlint.toml"])
    );
    assert_eq!(run.code, 0, "the base had no config: the defaults apply");
}
