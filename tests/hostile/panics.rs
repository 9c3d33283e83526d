//! No input makes planlint panic, and a panic (a bug) is still an orderly
//! internal error: exit code 2, the file it was on, where to report it.

use crate::common::{binary, Repo, CLEAN_GOAL, CLEAN_TEAM};
use std::process::Command;

fn plan(goal: &str) -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", goal)
        .commit("plan");
    repo
}

#[test]
fn a_quarter_with_multi_byte_characters_is_no_panic() {
    for quarter in ["Qé123", "Q日12", "2026Qé", "H\u{301}2026", "Q🚀"] {
        let repo =
            plan(&CLEAN_GOAL.replace("quarter: 2026-Q4", &format!("quarter: \"{quarter}\"")));
        let run = repo.planlint(&["check", "--format", "concise"]);
        assert_eq!(run.code, 0, "{quarter}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{quarter}");
        assert_eq!(run.stderr, "", "{quarter}");
    }
}

#[test]
fn a_panic_is_an_internal_error_naming_the_file() {
    let repo = plan(CLEAN_GOAL);
    let out = Command::new(binary())
        .args(["check", "--format", "json"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env("PLANLINT_INTERNAL_TEST_PANIC_ON", "planning/goals/g-107.md")
        .output()
        .expect("run planlint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.starts_with(
            "error: internal error while checking `planning/goals/g-107.md`: \
             forced by PLANLINT_INTERNAL_TEST_PANIC_ON (at src/crash.rs:"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(&format!(
            ")\n  help: this is a bug in planlint {}; please report it at \
             https://github.com/planlint/planlint/issues (with the file, if you can share it)\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");

    // Without the variable (or naming another file) the same plan passes.
    let out = Command::new(binary())
        .args(["check", "--format", "concise"])
        .current_dir(repo.path())
        .env("PLANLINT_INTERNAL_TEST_PANIC_ON", "planning/goals/other.md")
        .output()
        .expect("run planlint");
    assert_eq!(out.status.code(), Some(0));
}
