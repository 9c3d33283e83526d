//! `planlint install-hook` on real repositories: where the hook goes (the
//! hooks folder, `core.hooksPath`, a linked worktree's common folder), that a
//! foreign hook is never overwritten, `--chain`, `--uninstall`, and real
//! `git commit`s that the hook blocks and lets through.

mod common;

use common::{binary, planlint_in, Repo, CLEAN_GOAL, CLEAN_TEAM, COMMIT_TIME};
use planlint::cli::PLAN_UNCHANGED;
use planlint::hook::{own_hook, CHAIN_END, CHAIN_START, DIFF_BASE_HEAD};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FOREIGN: &str = "#!/bin/sh\necho \"foreign hook ran\" >&2\nexit 0\n";

fn hook_file(repo: &Repo) -> PathBuf {
    repo.path().join(".git/hooks/pre-commit")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[cfg(unix)]
fn assert_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).expect("hook").permissions().mode();
    assert_eq!(mode & 0o111, 0o111, "{} mode {mode:o}", path.display());
}

#[cfg(not(unix))]
fn assert_executable(_: &Path) {}

/// A repository whose plan passes every rule.
fn clean_plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/G-107.md", CLEAN_GOAL)
        .commit("plan");
    repo
}

/// `PATH` with the built binary's folder first.
fn path_with_planlint() -> std::ffi::OsString {
    let dir = binary().parent().expect("bin dir").to_path_buf();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).expect("PATH")
}

/// `git` as a user runs it, with `PATH` as given: hooks run.
fn git_with_path(dir: &Path, args: &[&str], path: &std::ffi::OsStr) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", COMMIT_TIME)
        .env("GIT_COMMITTER_DATE", COMMIT_TIME)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run git")
}

fn commit_with_hook(dir: &Path, message: &str) -> Output {
    git_with_path(dir, &["commit", "-q", "-m", message], &path_with_planlint())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a hook printed: git sends a hook's stdout to its own stderr.
fn hook_output(out: &Output) -> String {
    text(&out.stdout) + &text(&out.stderr)
}

/// An error as one line: miette wraps long messages (`\n  │ `).
fn flat(stderr: &str) -> String {
    stderr
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn fresh_install_then_again_then_uninstall() {
    let repo = clean_plan();
    let run = repo.planlint(&["install-hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("installed the pre-commit hook"),
        "{}",
        run.stdout
    );
    let hook = hook_file(&repo);
    assert_eq!(
        read(&hook),
        own_hook(&format!("planlint check --staged{DIFF_BASE_HEAD}"))
    );
    assert_executable(&hook);

    let again = repo.planlint(&["install-hook"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("already installed"),
        "{}",
        again.stdout
    );
    assert_eq!(
        read(&hook),
        own_hook(&format!("planlint check --staged{DIFF_BASE_HEAD}"))
    );

    let removed = repo.planlint(&["install-hook", "--uninstall"]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(removed.stdout.contains("removed the pre-commit hook"));
    assert!(!hook.exists());
    let nothing = repo.planlint(&["install-hook", "--uninstall"]);
    assert_eq!(nothing.code, 0, "{}", nothing.stderr);
    assert!(
        nothing.stdout.contains("nothing to remove"),
        "{}",
        nothing.stdout
    );
}

#[test]
fn a_foreign_hook_is_never_overwritten_or_removed() {
    let repo = clean_plan();
    repo.write(".git/hooks/pre-commit", FOREIGN);
    let run = repo.planlint(&["install-hook"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        flat(&run.stderr).contains("not planlint's"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--chain"), "{}", run.stderr);
    assert_eq!(read(&hook_file(&repo)), FOREIGN);

    let uninstall = repo.planlint(&["install-hook", "--uninstall"]);
    assert_eq!(uninstall.code, 0, "{}", uninstall.stderr);
    assert!(
        uninstall.stdout.contains("left unchanged"),
        "{}",
        uninstall.stdout
    );
    assert_eq!(read(&hook_file(&repo)), FOREIGN);
}

#[test]
fn chain_adds_planlint_once_runs_both_and_uninstall_restores_the_hook() {
    let repo = clean_plan();
    repo.write(".git/hooks/pre-commit", FOREIGN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(hook_file(&repo), perms).expect("chmod");
    }
    let run = repo.planlint(&["install-hook", "--chain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let chained = read(&hook_file(&repo));
    assert!(
        chained.starts_with(&format!("#!/bin/sh\n{CHAIN_START}\n")),
        "{chained}"
    );
    assert!(
        chained.ends_with(&format!("{CHAIN_END}\n{}", &FOREIGN["#!/bin/sh\n".len()..])),
        "{chained}"
    );
    assert!(chained.contains(&format!(
        "    planlint check --staged{DIFF_BASE_HEAD} || exit $?\n"
    )));
    assert_executable(&hook_file(&repo));

    let again = repo.planlint(&["install-hook", "--chain"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("already runs planlint"),
        "{}",
        again.stdout
    );
    assert_eq!(read(&hook_file(&repo)), chained);

    // Both run: planlint first, then the hook's own lines.
    repo.write(
        "planning/goals/G-108.md",
        &CLEAN_GOAL.replace("G-107", "G-108"),
    );
    repo.git_cmd(&["add", "-A"]);
    let commit = commit_with_hook(repo.path(), "another goal");
    assert!(commit.status.success(), "{}", text(&commit.stderr));
    assert!(text(&commit.stderr).contains("foreign hook ran"));

    // A defect stops the commit before the foreign lines run.
    repo.write(
        "planning/goals/G-109.md",
        &CLEAN_GOAL
            .replace("G-107", "G-109")
            .replace("\"@bob\"", "TBD"),
    );
    repo.git_cmd(&["add", "-A"]);
    let blocked = commit_with_hook(repo.path(), "broken goal");
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked.stderr));
    assert!(!text(&blocked.stderr).contains("foreign hook ran"));

    let uninstall = repo.planlint(&["install-hook", "--uninstall"]);
    assert_eq!(uninstall.code, 0, "{}", uninstall.stderr);
    assert!(uninstall.stdout.contains("took planlint's lines out"));
    assert_eq!(read(&hook_file(&repo)), FOREIGN);
    assert_executable(&hook_file(&repo));
}

#[test]
fn chain_refuses_a_hook_in_another_language() {
    let repo = clean_plan();
    let python = "#!/usr/bin/env python3\nprint('hi')\n";
    repo.write(".git/hooks/pre-commit", python);
    let run = repo.planlint(&["install-hook", "--chain"]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("not a shell script"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&hook_file(&repo)), python);
}

#[test]
fn core_hooks_path_is_relative_to_the_work_tree_root() {
    let repo = clean_plan();
    repo.git_cmd(&["config", "core.hooksPath", ".githooks"]);
    // Run from a subfolder: the hooks folder is still the root's `.githooks`.
    let run = planlint_in(&repo.path().join("planning"), &["install-hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = repo.path().join(".githooks/pre-commit");
    assert_eq!(
        read(&hook),
        own_hook(&format!("planlint check --staged{DIFF_BASE_HEAD}"))
    );
    assert!(!hook_file(&repo).exists());
    assert!(!repo.path().join("planning/.githooks").exists());

    // git runs it from there.
    repo.write(
        "planning/goals/G-107.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    repo.git_cmd(&["add", "-A"]);
    let blocked = commit_with_hook(repo.path(), "broken");
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked.stderr));
    assert!(hook_output(&blocked).contains("goal-owner"));
}

#[test]
fn a_linked_worktree_installs_into_the_common_hooks_folder() {
    let repo = clean_plan();
    let outside = tempfile::tempdir().expect("temp dir");
    let worktree = outside.path().join("wt");
    let worktree_arg = worktree.to_str().expect("utf-8 temp path");
    repo.git_cmd(&["worktree", "add", "-q", "-b", "side", worktree_arg]);
    let run = planlint_in(&worktree, &["install-hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&hook_file(&repo)),
        own_hook(&format!("planlint check --staged{DIFF_BASE_HEAD}"))
    );
    assert!(!repo.path().join(".git/worktrees/wt/hooks").exists());

    // The worktree's commits run it.
    std::fs::write(
        worktree.join("planning/goals/G-107.md"),
        CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    )
    .expect("write");
    let add = git_with_path(&worktree, &["add", "-A"], &path_with_planlint());
    assert!(add.status.success());
    let blocked = commit_with_hook(&worktree, "broken");
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked.stderr));
}

#[test]
fn a_commit_is_blocked_by_a_staged_defect_and_allowed_once_fixed() {
    let repo = clean_plan();
    assert_eq!(repo.planlint(&["install-hook"]).code, 0);
    let broken = CLEAN_GOAL.replace("\"@bob\"", "TBD");

    repo.write("planning/goals/G-107.md", &broken);
    repo.git_cmd(&["add", "-A"]);
    let blocked = commit_with_hook(repo.path(), "owner: TBD");
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked.stderr));
    let shown = hook_output(&blocked);
    assert!(shown.contains("goal-owner"), "{shown}");
    assert!(shown.contains("planning/goals/G-107.md"), "{shown}");
    let head = repo.git_cmd(&["rev-list", "--count", "HEAD"]);
    assert_eq!(text(&head.stdout).trim(), "1", "nothing was committed");

    // Fixed and staged: allowed, even with the defect back on disk unstaged
    // (the hook checks what is committed, not the work tree).
    repo.write(
        "planning/goals/G-107.md",
        &CLEAN_GOAL.replace("quarter", "# note\nquarter"),
    );
    repo.git_cmd(&["add", "-A"]);
    repo.write("planning/goals/G-107.md", &broken);
    let allowed = commit_with_hook(repo.path(), "fixed");
    assert!(
        allowed.status.success(),
        "{}{}",
        text(&allowed.stdout),
        text(&allowed.stderr)
    );
    let head = repo.git_cmd(&["rev-list", "--count", "HEAD"]);
    assert_eq!(text(&head.stdout).trim(), "2");
}

#[test]
fn a_plan_in_a_subfolder_is_checked_from_the_root() {
    let repo = Repo::git();
    repo.write("org plan/planlint.toml", "")
        .write("org plan/planning/teams/growth.md", CLEAN_TEAM)
        .write("org plan/planning/goals/G-107.md", CLEAN_GOAL)
        .write("README.md", "hi\n")
        .commit("plan");
    let run = repo.planlint(&["install-hook", "org plan/planning"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&hook_file(&repo)),
        own_hook(&format!(
            "planlint check --staged{DIFF_BASE_HEAD} -- 'org plan'"
        ))
    );
    repo.write(
        "org plan/planning/goals/G-107.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    repo.git_cmd(&["add", "-A"]);
    let blocked = commit_with_hook(repo.path(), "broken");
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked.stderr));
    assert!(hook_output(&blocked).contains("goal-owner"));
}

#[test]
fn without_planlint_on_path_the_hook_says_how_to_get_it() {
    let repo = clean_plan();
    assert_eq!(repo.planlint(&["install-hook"]).code, 0);
    repo.write(
        "planning/goals/G-108.md",
        &CLEAN_GOAL.replace("G-107", "G-108"),
    );
    repo.git_cmd(&["add", "-A"]);
    // git itself, but no planlint.
    let git_dir = which_git();
    let path = std::env::join_paths([git_dir, PathBuf::from("/usr/bin"), PathBuf::from("/bin")])
        .expect("PATH");
    let out = git_with_path(repo.path(), &["commit", "-q", "-m", "x"], &path);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("planlint: not found on PATH"), "{err}");
    assert!(err.contains("git commit --no-verify"), "{err}");
}

fn which_git() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .find(|dir| dir.join("git").is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/bin"))
}

#[test]
fn outside_a_repository_and_in_a_bare_one_it_refuses() {
    let plain = Repo::plain();
    let run = plain.planlint(&["install-hook"]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("not inside a git repository"),
        "{}",
        run.stderr
    );

    let bare = Repo::plain();
    bare.git_cmd(&["init", "-q", "--bare"]);
    let run = bare.planlint(&["install-hook"]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("bare repository"),
        "{}",
        run.stderr
    );
    assert!(!bare.path().join("hooks/pre-commit").exists());
}

/// The hook blocks what a commit introduces, not the plan's old findings: a
/// commit that touches no planning file passes; one that adds a broken goal
/// is stopped; `--whole-plan` blocks on any finding; the first commit of a
/// repository (no HEAD yet) is checked whole.
#[test]
fn the_hook_reports_what_the_commit_introduces() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM).write(
        "planning/goals/G-107.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    assert_eq!(repo.planlint(&["install-hook"]).code, 0);
    repo.git_cmd(&["add", "-A"]);
    let first = commit_with_hook(repo.path(), "first");
    assert_eq!(first.status.code(), Some(1), "{}", text(&first.stderr));
    assert!(hook_output(&first).contains("goal-owner"));
    // The old finding goes in anyway; later commits are judged on their own.
    repo.git_cmd(&["commit", "-q", "--no-verify", "-m", "first"]);

    repo.write("README.md", "notes\n");
    repo.git_cmd(&["add", "-A"]);
    let unrelated = commit_with_hook(repo.path(), "readme");
    assert_eq!(
        unrelated.status.code(),
        Some(0),
        "{}",
        text(&unrelated.stderr)
    );

    repo.write(
        "planning/goals/G-108.md",
        &CLEAN_GOAL
            .replace("G-107", "G-108")
            .replace("status: in-progress", "status: shipped"),
    );
    repo.git_cmd(&["add", "-A"]);
    let broken = commit_with_hook(repo.path(), "broken");
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken.stderr));
    let output = hook_output(&broken);
    assert!(output.contains("G-108"), "{output}");
    assert!(!output.contains("G-107"), "{output}");
    repo.git_cmd(&["reset", "-q", "planning/goals/G-108.md"]);
    std::fs::remove_file(repo.path().join("planning/goals/G-108.md")).expect("remove");

    let whole = repo.planlint(&["install-hook", "--whole-plan"]);
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    assert_eq!(read(&hook_file(&repo)), own_hook("planlint check --staged"));
    repo.write("README.md", "more notes\n");
    repo.git_cmd(&["add", "-A"]);
    let blocked = commit_with_hook(repo.path(), "readme again");
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked.stderr));
    assert!(hook_output(&blocked).contains("G-107"));
}

/// The hook's check skips reading the plan when nothing staged touches it:
/// one line on stderr, nothing on stdout, exit 0, even with a broken goal
/// committed earlier. A staged goal, a deleted goal, the config, or a
/// machine format (which always gets its full report) are checked.
#[test]
fn the_check_skips_when_nothing_staged_touches_the_plan() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/G-107.md", CLEAN_GOAL)
        .write(
            "planning/goals/G-108.md",
            &CLEAN_GOAL
                .replace("G-107", "G-108")
                .replace("\"@bob\"", "TBD"),
        )
        .commit("plan with an old finding");
    let hook_check = ["check", "--staged", "--diff-base", "HEAD"];

    repo.write("README.md", "notes\n");
    repo.git_cmd(&["add", "README.md"]);
    let skipped = repo.planlint(&hook_check);
    assert_eq!(skipped.code, 0, "{}", skipped.stderr);
    assert_eq!(skipped.stdout, "");
    assert_eq!(skipped.stderr, format!("{PLAN_UNCHANGED}\n"));
    // A goal broken on disk but not staged changes nothing either.
    repo.write("planning/goals/G-107.md", "not a goal at all");
    let still = repo.planlint(&hook_check);
    assert_eq!(still.stderr, format!("{PLAN_UNCHANGED}\n"));
    // `--quiet` drops the line; a machine format is never skipped.
    let quiet = repo.planlint(&["check", "--staged", "--diff-base", "HEAD", "--quiet"]);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "", "")
    );
    let json = repo.planlint(&[
        "check",
        "--staged",
        "--diff-base",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["summary"]["goals"], 2, "{}", json.stdout);
    let whole = repo.planlint(&["check", "--staged"]);
    assert_eq!(whole.code, 1, "{}", whole.stdout);
    assert!(whole.stdout.contains("G-108"), "{}", whole.stdout);
    repo.git_cmd(&["checkout", "--", "planning/goals/G-107.md"]);

    // A staged goal: checked, and the finding it introduces reported.
    repo.write(
        "planning/goals/G-107.md",
        &CLEAN_GOAL.replace("status: in-progress", "status: shipped"),
    );
    repo.git_cmd(&["add", "-A"]);
    let checked = repo.planlint(&hook_check);
    assert_eq!(checked.code, 1, "{}{}", checked.stdout, checked.stderr);
    assert!(
        !checked.stderr.contains(PLAN_UNCHANGED),
        "{}",
        checked.stderr
    );
    assert!(checked.stdout.contains("G-107"), "{}", checked.stdout);
    repo.git_cmd(&["reset", "-q", "--hard"]);

    // A deleted goal and a new config are changes to the plan too.
    repo.git_cmd(&["rm", "-q", "planning/goals/G-107.md"]);
    let deleted = repo.planlint(&hook_check);
    assert!(
        !deleted.stderr.contains(PLAN_UNCHANGED),
        "{}",
        deleted.stderr
    );
    assert!(deleted.stdout.contains("files"), "{}", deleted.stdout);
    repo.git_cmd(&["reset", "-q", "--hard"]);
    repo.write("planlint.toml", "");
    repo.git_cmd(&["add", "planlint.toml"]);
    let config = repo.planlint(&hook_check);
    assert!(!config.stderr.contains(PLAN_UNCHANGED), "{}", config.stderr);
    assert!(config.stdout.contains("files"), "{}", config.stdout);
    repo.commit("config");
    repo.git_cmd(&["rm", "-q", "planlint.toml"]);
    let no_config = repo.planlint(&hook_check);
    assert!(
        !no_config.stderr.contains(PLAN_UNCHANGED),
        "{}",
        no_config.stderr
    );
    assert!(no_config.stdout.contains("files"), "{}", no_config.stdout);
}

/// Through `git commit`: a commit touching only README.md passes with the
/// one line, although the plan holds a broken goal committed earlier; a
/// commit touching a goal is checked.
#[test]
fn a_commit_outside_the_plan_is_not_checked_and_one_inside_is() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write(
            "planning/goals/G-107.md",
            "---\nid: G-107\n---\n# (no owner, no team)\n",
        )
        .commit("broken plan");
    assert_eq!(repo.planlint(&["install-hook"]).code, 0);

    repo.write("README.md", "notes\n");
    repo.git_cmd(&["add", "README.md"]);
    let readme = commit_with_hook(repo.path(), "readme");
    assert_eq!(readme.status.code(), Some(0), "{}", hook_output(&readme));
    assert_eq!(hook_output(&readme), format!("{PLAN_UNCHANGED}\n"));

    repo.write(
        "planning/goals/G-108.md",
        &CLEAN_GOAL
            .replace("G-107", "G-108")
            .replace("\"@bob\"", "TBD"),
    );
    repo.git_cmd(&["add", "-A"]);
    let goal = commit_with_hook(repo.path(), "goal");
    assert_eq!(goal.status.code(), Some(1), "{}", hook_output(&goal));
    let shown = hook_output(&goal);
    assert!(shown.contains("goal-owner"), "{shown}");
    assert!(shown.contains("G-108"), "{shown}");
    assert!(!shown.contains(PLAN_UNCHANGED), "{shown}");
}
