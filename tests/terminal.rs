//! The terminal and no silent passes, as a user runs planlint: human output
//! at 80 columns, levels in words, `--strict`, and a shallow clone's note.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};
use std::process::Command;

/// A team too big for `team-size`, with a long message to wrap.
fn plan_with_a_big_team() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .write(
            "planning/teams/big.md",
            "---\nlead: \"@a\"\nmembers: [\"@a\", \"@b\", \"@c\", \"@d\", \"@e\", \"@f\", \"@g\", \"@h\", \"@i\", \"@j\", \"@k\", \"@l\", \"@m\", \"@n\"]\n---\n# Big\n",
        )
        .commit("plan");
    repo
}

#[test]
fn human_output_fits_80_columns_without_a_terminal_and_follows_columns() {
    let repo = plan_with_a_big_team();
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Prose wraps at 80 (the help below does); source lines and the path
    // header are shown whole, as rustc shows them.
    let prose = run.stdout.lines().filter(|l| {
        let t = l.trim_start();
        !t.starts_with(|c: char| c.is_ascii_digit() || c == '·') && !t.contains("─[")
    });
    let widest = prose.map(|l| l.chars().count()).max();
    assert!(
        widest.is_some_and(|w| w <= 80),
        "{widest:?}\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("error[team-size]"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  help: add a `## Not doing` section listing what the team has decided not to\n        do\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("╭─[planning/teams/big.md:3:1]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with(" in 1 file; checked 3 files (2 teams, 1 goal, 0 issues)\n"),
        "{}",
        run.stdout
    );

    let wide = Command::new(common::binary())
        .args(["check"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .output()
        .expect("run planlint");
    let wide = String::from_utf8_lossy(&wide.stdout);
    assert!(wide.lines().any(|l| l.chars().count() > 80), "{wide}");
}

#[test]
fn globs_that_match_nothing_warn_and_fail_with_strict() {
    let repo = Repo::git();
    repo.write("planlint.toml", "")
        .write("notes/readme.md", "# Notes\n")
        .commit("no plan");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "planlint: warning: no file matched the plan's globs (`planning/issues.json`, `planning/issues/**/*.md`, `planning/teams/**/*.{md,toml,yaml,yml}`, `planning/goals/**/*.{md,toml,yaml,yml}`, `planning/**/*.toml`, `planning/**/*.yaml`, `planning/**/*.yml`), so nothing was checked: `planlint init` starts a plan or guesses `[[source]]` entries for another layout\n"
    );
    let strict = repo.planlint(&["check", "--strict"]);
    assert_eq!(strict.code, 2, "{}", strict.stdout);
    assert_eq!(
        strict.stderr,
        "planlint: error: no file matched the plan's globs (`planning/issues.json`, `planning/issues/**/*.md`, `planning/teams/**/*.{md,toml,yaml,yml}`, `planning/goals/**/*.{md,toml,yaml,yml}`, `planning/**/*.toml`, `planning/**/*.yaml`, `planning/**/*.yml`), so nothing was checked: `planlint init` starts a plan or guesses `[[source]]` entries for another layout (--strict)\n"
    );
    // A plan with files passes `--strict` as it is.
    let plan = plan_with_a_big_team();
    assert_eq!(plan.planlint(&["check", "--strict"]).code, 1);
}

#[test]
fn a_shallow_clone_says_once_that_stale_goal_cannot_see_history() {
    let origin = plan_with_a_big_team();
    origin
        .write("planning/goals/g-108.md", CLEAN_GOAL)
        .commit("second");
    let work = Repo::plain();
    let url = format!("file://{}", origin.path().display());
    let clone = work.path().join("clone");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .status()
        .expect("git clone");
    assert!(status.success());
    let run = common::planlint_in(&clone, &["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "planlint: warning: rules that read git history (`stale-goal`, `max-age-days`) cannot see when files last changed in a shallow clone, so they report nothing: fetch the full history (`fetch-depth: 0` on actions/checkout, or `git fetch --unshallow`)\n"
    );
    // A full clone says nothing of the kind.
    assert_eq!(
        origin.planlint(&["check", "--format", "concise"]).stderr,
        ""
    );
}

#[test]
fn quiet_statistics_and_environment_variables() {
    let repo = plan_with_a_big_team();
    repo.write("planlint.toml", "").commit("config");
    let quiet = repo.planlint(&["check", "--quiet"]);
    assert_eq!(quiet.code, 1);
    assert!(
        quiet.stdout.starts_with("error[team-size]"),
        "{}",
        quiet.stdout
    );
    assert!(
        !quiet.stdout.contains("checked 3 files"),
        "{}",
        quiet.stdout
    );

    let statistics = repo.planlint(&["check", "--statistics"]);
    assert_eq!(statistics.code, 1);
    assert_eq!(
        statistics.stdout,
        "1  warning  non-goals     A team says what it is NOT doing\n\
         1  warning  team-mission  A team states its mission\n\
         1  error    team-size     A team has at most `max` members\n"
    );

    // PLANLINT_FORMAT and PLANLINT_CONFIG stand for --format and --config;
    // a flag on the command line wins.
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let out = Command::new(common::binary())
            .args(args)
            .current_dir(repo.path())
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .envs(envs.iter().copied())
            .output()
            .expect("run planlint");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, concise) = run(&[("PLANLINT_FORMAT", "concise")], &["check"]);
    assert_eq!(code, Some(1));
    assert!(
        concise.starts_with("planning/teams/big.md:3:1: error[team-size]"),
        "{concise}"
    );
    let (_, json) = run(
        &[("PLANLINT_FORMAT", "concise")],
        &["check", "--format", "json"],
    );
    assert!(json.starts_with("{\n"), "{json}");
    repo.write("relaxed.toml", "[rules.team-size]\nmax = 20\n");
    let (code, relaxed) = run(
        &[
            ("PLANLINT_FORMAT", "concise"),
            ("PLANLINT_CONFIG", "relaxed.toml"),
        ],
        &["check"],
    );
    assert!(!relaxed.contains("team-size"), "{relaxed}");
    assert_eq!(code, Some(0), "{relaxed}");
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let repo = Repo::plain();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = repo.planlint(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["planlint", "check", "install-hook", "fail-on", "statistics"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let bash = repo.planlint(&["completions", "bash"]);
    assert!(
        bash.stdout.contains("complete -F _planlint"),
        "{}",
        bash.stdout
    );
    assert_eq!(repo.planlint(&["completions", "tcsh"]).code, 2);

    let man = repo.planlint(&["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        man.stdout
    );
    assert!(man.stdout.contains(".TH planlint 1"), "{}", man.stdout);
    assert!(
        man.stdout
            .contains("Lint the planning files your organisation keeps in git"),
        "{}",
        man.stdout
    );
    for subcommand in ["check", "install\\-hook", "completions", "man"] {
        assert!(
            man.stdout.contains(&format!("planlint\\-{subcommand}(1)")),
            "{subcommand}"
        );
    }
}
