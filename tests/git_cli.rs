//! The git modes as a user runs them: the index, a revision, the change
//! since a base, history ages, and a shallow clone.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

const BAD_OWNER: &str = "owner: TBD";

fn concise(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    let run = repo.planlint(&all);
    (run.code, run.stdout, run.stderr)
}

fn plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .commit("plan");
    repo
}

fn broken_goal() -> String {
    CLEAN_GOAL.replace("owner: \"@bob\"", BAD_OWNER)
}

#[test]
fn staged_checks_the_index_not_the_disk() {
    let repo = plan();
    // Broken on disk, clean in the index.
    repo.write("planning/goals/g-107.md", &broken_goal());
    assert_eq!(concise(&repo, &[]).0, 1);
    assert_eq!(concise(&repo, &["--staged"]).0, 0);
    // Staged, the defect counts; fixed on disk but not staged, it still counts.
    repo.git_cmd(&["add", "planning/goals/g-107.md"]);
    repo.write("planning/goals/g-107.md", CLEAN_GOAL);
    let (code, out, _) = concise(&repo, &["--staged"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[goal-owner]"), "{out}");
    assert_eq!(concise(&repo, &[]).0, 0);
}

/// planlint reads the index file itself when it can (versions 2 to 4) and
/// through libgit2 otherwise: the findings are the same. A split index,
/// which neither reads, gets the command that turns it off.
#[test]
fn staged_reads_every_index_git_writes() {
    let repo = plan();
    repo.write("planning/goals/g-107.md", &broken_goal());
    repo.git_cmd(&["add", "planning/goals/g-107.md"]);
    let expected = concise(&repo, &["--staged"]);
    assert_eq!(expected.0, 1, "{expected:?}");
    assert!(expected.1.contains("error[goal-owner]"), "{expected:?}");
    for version in ["2", "3", "4"] {
        repo.git_cmd(&["update-index", "--index-version", version]);
        assert_eq!(concise(&repo, &["--staged"]), expected, "version {version}");
    }
    repo.git_cmd(&["config", "core.ignorecase", "true"]);
    assert_eq!(concise(&repo, &["--staged"]), expected, "through libgit2");
    repo.git_cmd(&["update-index", "--split-index"]);
    let (code, out, err) = concise(&repo, &["--staged"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("cannot read the git index: unsupported mandatory extension: 'link'"),
        "{err}"
    );
    assert!(
        err.contains("turn that off with `git update-index --no-split-"),
        "{err}"
    );
}

#[test]
fn ignored_files_are_never_linted_but_untracked_ones_are() {
    let repo = plan();
    repo.write(".gitignore", "planning/goals/drafts/\n")
        .write("planning/goals/drafts/wip.md", &broken_goal());
    assert_eq!(concise(&repo, &[]).0, 0, "ignored");
    repo.write(
        "planning/goals/new.md",
        &broken_goal().replace("G-107", "G-108"),
    );
    let (code, out, _) = concise(&repo, &[]);
    assert_eq!(code, 1);
    assert!(out.starts_with("planning/goals/new.md:"), "{out}");
}

#[test]
fn rev_reads_a_commit_without_checking_it_out() {
    let repo = plan();
    repo.write("planning/goals/g-107.md", &broken_goal())
        .commit("break");
    repo.write("planning/goals/g-107.md", CLEAN_GOAL)
        .commit("fix");
    assert_eq!(concise(&repo, &[]).0, 0);
    let (code, out, _) = concise(&repo, &["--rev", "HEAD~1"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[goal-owner]"), "{out}");
    assert_eq!(concise(&repo, &["--rev", "HEAD~2"]).0, 0);
    let (code, _, err) = concise(&repo, &["--rev", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rev"), "{err}");
}

/// An error quotes what it was given on one line: a revision or a config
/// path with a line break (or an escape sequence) in it is shown escaped.
#[test]
fn errors_quote_a_revision_or_a_path_on_one_line() {
    let repo = plan();
    let (code, _, err) = concise(&repo, &["--rev", "no\nsuch\u{1b}[31m"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown revision `no\\nsuch\\u{1b}[31m`"),
        "{err}"
    );
    let (code, _, err) = concise(&repo, &["--diff-base", "a\nb"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown revision `a\\nb`"), "{err}");
    let (code, _, err) = concise(&repo, &["--config", "x\ny.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read config `x\\ny.toml`"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn diff_base_reports_new_violations_and_keeps_old_ones_quiet() {
    let repo = plan();
    // An old violation on main.
    repo.write(
        "planning/goals/old.md",
        &broken_goal().replace("G-107", "G-1"),
    )
    .commit("old debt");
    repo.git_cmd(&["checkout", "-q", "-b", "feature"]);
    // The change: a new broken goal, and an edit elsewhere.
    repo.write(
        "planning/goals/new.md",
        &broken_goal().replace("G-107", "G-2"),
    )
    .commit("new goal");
    let (code, out, err) = concise(&repo, &["--diff-base", "main"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("planning/goals/new.md"), "{out}");
    assert!(
        !out.contains("planning/goals/old.md"),
        "old violation stays quiet: {out}"
    );
    // Without --diff-base both are reported.
    let (_, all, _) = concise(&repo, &[]);
    assert!(all.contains("old.md") && all.contains("new.md"), "{all}");
}

#[test]
fn diff_base_reports_what_a_change_causes_in_an_untouched_document() {
    let repo = plan();
    repo.git_cmd(&["checkout", "-q", "-b", "feature"]);
    // @bob leaves the team: the untouched goal's owner is no longer a member.
    repo.write(
        "planning/teams/growth.md",
        &CLEAN_TEAM.replace(", \"@bob\"", ""),
    )
    .commit("bob leaves");
    let (_, out, err) = concise(&repo, &["--diff-base", "main", "--fail-on", "never"]);
    assert!(
        out.contains("planning/goals/g-107.md") && out.contains("warning[owner-in-team]"),
        "{out}{err}"
    );
}

#[test]
fn diff_base_reports_a_goal_newly_marked_done() {
    let repo = plan();
    repo.git_cmd(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "planning/goals/g-107.md",
        &CLEAN_GOAL.replace("status: in-progress", "status: done"),
    )
    .commit("done!");
    let (code, out, _) = concise(&repo, &["--diff-base", "main"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[done-is-done] goal `G-107` is marked done"),
        "{out}"
    );
}

/// A goal file that is a symlink reads as its target: a change to the
/// target alone changes the goal, in every mode `--diff-base` runs in and
/// in the pre-commit hook's check, though git shows no change at the
/// goal's path.
#[cfg(unix)]
#[test]
fn diff_base_sees_a_change_through_a_symlinked_goal() {
    let repo = plan();
    repo.write("docs/g-108.md", &CLEAN_GOAL.replace("G-107", "G-108"));
    std::os::unix::fs::symlink(
        "../../docs/g-108.md",
        repo.path().join("planning/goals/g-108.md"),
    )
    .expect("symlink");
    repo.commit("a goal kept in docs/");
    repo.git_cmd(&["checkout", "-q", "-b", "feature"]);
    repo.write("docs/g-108.md", &broken_goal().replace("G-107", "G-108"));
    repo.git_cmd(&["add", "-A"]);
    let expected = "planning/goals/g-108.md:4:8: error[goal-owner] goal `G-108` has no owner: `TBD` is a placeholder\n";
    let hook = concise(&repo, &["--staged", "--diff-base", "HEAD"]);
    assert_eq!((hook.0, hook.1.as_str()), (1, expected), "{}", hook.2);
    let worktree = concise(&repo, &["--diff-base", "main"]);
    assert_eq!(
        (worktree.0, worktree.1.as_str()),
        (1, expected),
        "{}",
        worktree.2
    );
    repo.commit("break it through the link");
    let rev = concise(&repo, &["--rev", "HEAD", "--diff-base", "main"]);
    assert_eq!((rev.0, rev.1.as_str()), (1, expected), "{}", rev.2);
    // The old goal, untouched, stays quiet beside it.
    assert!(!rev.1.contains("g-107"), "{}", rev.1);
}

/// Folders nested past libgit2's limit of 100 (but within planlint's 256)
/// leave git's diff undone: `--diff-base` then compares the files
/// themselves, in every mode, and reports what changed.
#[test]
fn diff_base_compares_files_when_folders_nest_past_gits_diff() {
    let repo = plan();
    let deep = format!("planning/goals/{}g-108.md", "d/".repeat(120));
    repo.write(&deep, &CLEAN_GOAL.replace("G-107", "G-108"))
        .write(&format!("notes/{}x.txt", "n/".repeat(120)), "untracked\n")
        .commit("a deep goal");
    repo.git_cmd(&["checkout", "-q", "-b", "feature"]);
    repo.write(&deep, &broken_goal().replace("G-107", "G-108"));
    repo.git_cmd(&["add", "-A"]);
    let expected = format!(
        "{deep}:4:8: error[goal-owner] goal `G-108` has no owner: `TBD` is a placeholder\n"
    );
    for args in [
        &["--staged", "--diff-base", "HEAD"][..],
        &["--diff-base", "main"][..],
    ] {
        let (code, out, err) = concise(&repo, args);
        assert_eq!(
            (code, out.as_str()),
            (1, expected.as_str()),
            "{args:?} {err}"
        );
    }
    repo.commit("break it");
    let (code, out, err) = concise(&repo, &["--rev", "HEAD", "--diff-base", "main"]);
    assert_eq!((code, out.as_str()), (1, expected.as_str()), "{err}");
}

/// A commit whose folder's tree object is missing (a partial clone, a
/// damaged repository) cannot be listed: the error names the folder.
#[test]
fn a_missing_tree_object_is_named_by_its_folder() {
    let repo = plan();
    let out = repo.git_cmd(&["rev-parse", "HEAD:planning/goals"]);
    let id = String::from_utf8(out.stdout).expect("hex");
    let id = id.trim();
    let object = repo
        .path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..]);
    std::fs::remove_file(&object).expect("a loose tree object");
    let (code, out, err) = concise(&repo, &["--rev", "HEAD"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("cannot list the commit's files in `planning/goals/`: object not found"),
        "{err}"
    );
}

#[test]
fn a_shallow_clone_without_the_base_fails_clearly() {
    let origin = plan();
    origin
        .write(
            "planning/goals/g-107.md",
            &CLEAN_GOAL.replace("Half of", "Most"),
        )
        .commit("edit");
    let clone = Repo::plain();
    let url = format!("file://{}", origin.path().display());
    let target = clone.path().join("c");
    clone.git_cmd(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        &target.to_string_lossy(),
    ]);
    let run = common::planlint_in(&target, &["check", "--diff-base", "HEAD~1"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("shallow"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    assert!(run.stderr.contains("--unshallow"), "{}", run.stderr);
    // Without --diff-base the shallow clone checks fine.
    assert_eq!(common::planlint_in(&target, &["check"]).code, 0);
}

#[test]
fn stale_goal_reads_the_last_change_from_history() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL);
    repo.git_cmd(&["add", "-A"]);
    repo.git_at(&["commit", "-q", "-m", "plan"], "2026-08-01T12:00:00Z");
    // Much later, only the team changes.
    repo.write(
        "planning/teams/growth.md",
        &CLEAN_TEAM.replace("effortless", "simple"),
    );
    repo.git_cmd(&["add", "-A"]);
    repo.git_at(&["commit", "-q", "-m", "team"], "2026-10-01T12:00:00Z");
    let (_, out, _) = concise(&repo, &["--fail-on", "never"]);
    assert!(
        out.contains("warning[stale-goal] goal `G-107` is active but its document has not changed for 61 days; the limit is 30"),
        "{out}"
    );
    repo.write("planlint.toml", "[rules.stale-goal]\ndays = 90\n");
    let (_, out, _) = concise(&repo, &[]);
    assert!(!out.contains("stale-goal"), "{out}");
}

#[test]
fn a_plan_in_a_subfolder_of_a_repository_has_paths_relative_to_it() {
    let repo = Repo::git();
    repo.write("org/planlint.toml", "")
        .write("org/planning/teams/growth.md", CLEAN_TEAM)
        .write("org/planning/goals/g-107.md", &broken_goal())
        .write("planning/goals/outside.md", &broken_goal())
        .commit("nested");
    let run = common::planlint_in(
        &repo.path().join("org/planning"),
        &["check", "--format", "concise"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "goals/g-107.md:4:8: error[goal-owner] goal `G-107` has no owner: `TBD` is a placeholder\n"
    );
    let staged = common::planlint_in(
        &repo.path().join("org"),
        &["check", "--format", "concise", "--staged"],
    );
    // From `org/`, the plan's root, paths are relative to it.
    assert_eq!(staged.stdout, format!("planning/{}", run.stdout));
}

#[test]
fn an_empty_repository_checks_the_work_tree() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", &broken_goal());
    let (code, out, err) = concise(&repo, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("error[goal-owner]"), "{out}");
}
