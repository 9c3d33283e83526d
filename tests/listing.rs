//! Snapshots list only what the config's globs can match (a pre-filter by
//! their literal folders): these pin that a plan reads the same in the work
//! tree, the index and a commit, whatever else the repository holds.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

const MODES: [&[&str]; 3] = [&[], &["--staged"], &["--rev", "HEAD"]];

/// `check ARGS... MODE` in every mode; each run's stdout.
fn in_every_mode(repo: &Repo, args: &[&str]) -> Vec<String> {
    MODES
        .iter()
        .map(|mode| {
            let mut all = args.to_vec();
            all.extend_from_slice(mode);
            let run = repo.planlint(&all);
            assert_eq!(run.code, 0, "{all:?}: {}", run.stderr);
            run.stdout
        })
        .collect()
}

/// A repository with other files around the plan, in folders no glob names.
fn beside_other_files(repo: &Repo) {
    for n in 0..20 {
        repo.write(&format!("src/module-{n}/lib.rs"), "fn main() {}\n");
        repo.write(&format!("docs/page-{n}.md"), "# Not a goal\n");
    }
}

#[test]
fn literal_paths_alternations_and_rule_folders_read_the_same_in_every_mode() {
    let repo = Repo::git();
    beside_other_files(&repo);
    repo.write(
        "planlint.toml",
        "rule-dirs = [\"checks\"]\n\n\
         [[source]]\nkind = \"team\"\npaths = [\"{planning,plans}/teams/*.md\"]\n\n\
         [[source]]\nkind = \"goal\"\npaths = [\"./planning/goals/g-107.md\"]\n",
    )
    .write(
        "checks/mission-length.toml",
        "id = \"mission-length\"\non = \"team\"\nlevel = \"warning\"\nfield = \"mission\"\nnot-matches = '^.{0,10}$'\nmessage = \"team `{id}`'s mission is too short\"\n",
    )
    .write("planning/teams/growth.md", CLEAN_TEAM)
    .write(
        "plans/teams/core.md",
        &CLEAN_TEAM.replace(
            "Make onboarding effortless for every new organisation",
            "Grow",
        ),
    )
    .write("planning/goals/g-107.md", CLEAN_GOAL)
    .commit("plan");
    let outputs = in_every_mode(
        &repo,
        &["check", "--format", "concise", "--fail-on", "never"],
    );
    for stdout in &outputs {
        assert!(
            stdout.contains(
                "plans/teams/core.md:5:10: warning[mission-length] team `core`'s mission is too short\n"
            ),
            "{stdout}"
        );
        assert!(!stdout.contains("growth.md"), "{stdout}");
    }
    let summaries = in_every_mode(&repo, &["check", "--format", "json", "--fail-on", "never"]);
    for stdout in &summaries {
        assert!(
            stdout.contains("\"files\": 3,\n    \"teams\": 2,\n    \"goals\": 1,"),
            "{stdout}"
        );
    }
}

#[test]
fn a_source_that_matches_nothing_is_still_named_in_every_mode() {
    let repo = Repo::git();
    beside_other_files(&repo);
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\npaths = [\"planning/goals/*.md\"]\n\n\
         [[source]]\nkind = \"team\"\npaths = [\"teams/*.md\"]\n",
    )
    .write("planning/goals/g-107.md", CLEAN_GOAL)
    .commit("plan");
    for mode in MODES {
        let mut args = vec!["check", "--fail-on", "never"];
        args.extend_from_slice(mode);
        let run = repo.planlint(&args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("planlint: warning: source 2 matches no file: `teams/*.md`\n"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
