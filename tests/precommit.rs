//! The pre-commit framework's hook, for real: `pre-commit try-repo` against
//! this repository (its committed HEAD, where `.pre-commit-hooks.yaml` must
//! be) in a temporary git repository, once passing, once blocking, once
//! skipped because nothing staged is a planning file.
//!
//! pre-commit builds planlint with `cargo install` (a release build: minutes),
//! so the test is ignored by default. `.ci/run` installs pre-commit into a
//! virtualenv and runs it:
//!
//! ```sh
//! PRE_COMMIT=/path/to/venv/bin/pre-commit cargo test --test precommit -- --ignored
//! ```
//!
//! `PRE_COMMIT` names the pre-commit executable (default: `pre-commit` on
//! PATH). The build is cached in cargo's test scratch folder
//! (`target/tmp/pre-commit-*`), so a second run with the same HEAD is quick.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM, COMMIT_TIME};
use std::path::{Path, PathBuf};
use std::process::Command;

/// This repository's HEAD commit: what `try-repo --ref` checks out.
fn head() -> String {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git rev-parse");
    assert!(out.status.success(), "this repository has no HEAD");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct PreCommit {
    code: i32,
    output: String,
}

/// `pre-commit try-repo <this repository> planlint --ref HEAD` in `dir`, on
/// what is staged there.
fn try_repo(dir: &Path, rev: &str) -> PreCommit {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let executable = std::env::var_os("PRE_COMMIT").unwrap_or_else(|| "pre-commit".into());
    let out = Command::new(&executable)
        .args([
            "try-repo",
            env!("CARGO_MANIFEST_DIR"),
            "planlint",
            "--ref",
            rev,
        ])
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", scratch.join("pre-commit-home"))
        // `cargo install` builds here, so a rerun only rebuilds what changed.
        .env("CARGO_TARGET_DIR", scratch.join("pre-commit-target"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", COMMIT_TIME)
        .env("GIT_COMMITTER_DATE", COMMIT_TIME)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e}; install pre-commit or set PRE_COMMIT",
                Path::new(&executable).display()
            )
        });
    PreCommit {
        code: out.status.code().unwrap_or(-1),
        output: String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr),
    }
}

#[test]
#[ignore = "builds planlint through pre-commit (minutes); .ci/run runs it with --ignored"]
fn pre_commit_try_repo_passes_blocks_and_skips() {
    let rev = head();
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/G-107.md", CLEAN_GOAL)
        .write("README.md", "hello\n");
    repo.git_cmd(&["add", "-A"]);

    // A clean plan staged: the hook runs and passes.
    let pass = try_repo(repo.path(), &rev);
    assert_eq!(pass.code, 0, "{}", pass.output);
    assert!(pass.output.contains("planlint"), "{}", pass.output);
    assert!(pass.output.contains("Passed"), "{}", pass.output);
    repo.git_cmd(&["commit", "-q", "-m", "plan"]);

    // A goal without an owner staged: blocked, with planlint's finding.
    repo.write(
        "planning/goals/G-107.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    repo.git_cmd(&["add", "-A"]);
    let block = try_repo(repo.path(), &rev);
    assert_eq!(block.code, 1, "{}", block.output);
    assert!(block.output.contains("Failed"), "{}", block.output);
    assert!(block.output.contains("goal-owner"), "{}", block.output);

    // Nothing staged is a planning file: the hook is skipped.
    repo.git_cmd(&["reset", "-q"]);
    repo.git_cmd(&["checkout", "-q", "--", "."]);
    repo.write("README.md", "hello again\n");
    repo.git_cmd(&["add", "README.md"]);
    let skip = try_repo(repo.path(), &rev);
    assert_eq!(skip.code, 0, "{}", skip.output);
    assert!(skip.output.contains("Skipped"), "{}", skip.output);
}

/// The wheel hook (`language: python`, installed from `pyproject.toml`) runs
/// exactly what the Rust hook runs, on the same files; `pyproject.toml`
/// packages the `planlint` binary with maturin at the crate's version.
#[test]
fn the_wheel_hook_mirrors_the_rust_hook_and_pyproject_packages_the_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks_text = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).expect("hooks");
    let hooks: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_saphyr::from_str(&hooks_text).expect("valid YAML");
    let by_id = |id: &str| {
        hooks
            .iter()
            .find(|hook| hook["id"] == id)
            .unwrap_or_else(|| panic!("no hook `{id}`"))
            .clone()
    };
    let (rust, wheel) = (by_id("planlint"), by_id("planlint-wheel"));
    assert_eq!(rust["language"], "rust");
    assert_eq!(wheel["language"], "python");
    for key in [
        "entry",
        "files",
        "pass_filenames",
        "minimum_pre_commit_version",
    ] {
        assert_eq!(rust[key], wheel[key], "{key}");
    }
    assert_eq!(hooks.len(), 2);

    let pyproject: toml::Table = std::fs::read_to_string(root.join("pyproject.toml"))
        .expect("pyproject.toml")
        .parse()
        .expect("valid TOML");
    assert_eq!(
        pyproject["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );
    assert_eq!(
        pyproject["tool"]["maturin"]["bindings"].as_str(),
        Some("bin")
    );
    assert_eq!(pyproject["project"]["name"].as_str(), Some("planlint"));
    assert_eq!(
        pyproject["project"]["dynamic"].as_array().map(Vec::len),
        Some(1),
        "the version comes from Cargo.toml"
    );
}
