//! Silencing findings: `[[ignore]]` globs match as gitignore does (`*` stays within a folder,
//! `**` crosses folders), and inline suppressions count only outside code.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

/// The paths with a `goal-owner` finding, with this `[[ignore]]` glob.
fn owners_missing_with_ignore(glob: &str) -> Vec<String> {
    let repo = Repo::git();
    let no_owner = CLEAN_GOAL.replace("owner:", "reviewer:");
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-1.md", &no_owner.replace("G-107", "G-1"))
        .write(
            "planning/goals/archive/g-2.md",
            &no_owner.replace("G-107", "G-2"),
        )
        .write(
            "planlint.toml",
            &format!("[[ignore]]\npaths = [\"{glob}\"]\nrules = [\"goal-owner\"]\n"),
        )
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| l.contains("[goal-owner]"))
        .map(|l| l.split(':').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_star_stays_within_its_folder() {
    assert_eq!(
        owners_missing_with_ignore("planning/goals/*.md"),
        ["planning/goals/archive/g-2.md"]
    );
}

#[test]
fn a_double_star_crosses_folders() {
    assert!(owners_missing_with_ignore("planning/goals/**").is_empty());
    assert_eq!(
        owners_missing_with_ignore("planning/**/archive/*.md"),
        ["planning/goals/g-1.md"]
    );
}

#[test]
fn a_leading_dot_slash_is_the_root() {
    assert_eq!(
        owners_missing_with_ignore("./planning/goals/archive/*"),
        ["planning/goals/g-1.md"]
    );
}

/// A suppression comment shown in a fenced code block is an example in the
/// document, not a suppression: the finding stays, and nothing is unused.
#[test]
fn a_suppression_inside_a_code_fence_does_not_count() {
    let repo = Repo::git();
    let goal = CLEAN_GOAL.replace("owner:", "reviewer:")
        + "\n## Notes\n\n```markdown\n<!-- planlint-disable goal-owner -->\n```\n";
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-1.md", &goal)
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(
        lines,
        ["planning/goals/g-1.md:8:1: error[goal-owner] goal `G-107` has no owner"]
    );
}

/// Entries add up: each ignores its rules where its globs match, an entry
/// without rules ignores every rule (a parse error too), and a rule no
/// entry names stays.
#[test]
fn entries_ignore_the_union_of_their_rules() {
    let repo = Repo::git();
    let goal = CLEAN_GOAL
        .replace("owner:", "reviewer:")
        .replace("team: growth", "team: nobody");
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-1.md", &goal.replace("G-107", "G-1"))
        .write("planning/goals/old/g-2.md", &goal.replace("G-107", "G-2"))
        .write("planning/goals/old/broken.md", "---\nid: [\n---\n# Broken\n")
        .write(
            "planlint.toml",
            "[[ignore]]\npaths = [\"planning/goals/**\"]\nrules = [\"goal-owner\"]\n\n\
             [[ignore]]\npaths = [\"planning/goals/*.md\", \"nowhere/**\"]\nrules = [\"goal-team\"]\n\n\
             [[ignore]]\npaths = [\"planning/goals/old/broken.md\"]\n",
        )
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("planning/"))
        .map(|l| {
            let (path, rest) = l.split_once(':').unwrap_or((l, ""));
            let rule = rest.split(['[', ']']).nth(1).unwrap_or("");
            if path.ends_with("g-2.md") && rule == "goal-team" {
                "g-2 goal-team"
            } else {
                l
            }
        })
        .collect();
    assert_eq!(found, ["g-2 goal-team"], "{}", run.stdout);
}
