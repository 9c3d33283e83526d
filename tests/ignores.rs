//! `[[ignore]]` globs match as gitignore does: `*` stays within a folder,
//! `**` crosses folders.

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
