//! Helpers for tests that run the built `planlint` binary on real git repositories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A commit time used by every test repository: 2026-11-02T12:00:00Z (2026-Q4).
pub const COMMIT_TIME: &str = "2026-11-02T12:00:00Z";

/// A temporary folder with files.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    /// A plain folder (not a git repository).
    pub fn plain() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A git repository with a user configured locally.
    pub fn git() -> Repo {
        let repo = Repo::plain();
        repo.git_cmd(&["init", "-q", "-b", "main"]);
        repo.git_cmd(&["config", "user.name", "Test"]);
        repo.git_cmd(&["config", "user.email", "test@example.com"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) -> &Repo {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
        self
    }

    /// Runs the `git` command as a user would, isolated from the machine's config.
    pub fn git_cmd(&self, args: &[&str]) -> Output {
        self.git_at(args, COMMIT_TIME)
    }

    pub fn git_at(&self, args: &[&str], time: &str) -> Output {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", time)
            .env("GIT_COMMITTER_DATE", time)
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Stages everything and commits at [`COMMIT_TIME`].
    pub fn commit(&self, message: &str) -> &Repo {
        self.git_cmd(&["add", "-A"]);
        self.git_cmd(&["commit", "-q", "-m", message]);
        self
    }

    /// Runs the built binary in the repository.
    pub fn planlint(&self, args: &[&str]) -> Run {
        planlint_in(self.dir.path(), args)
    }
}

/// The output of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `planlint check --format FORMAT` in the three modes a plan is read in:
/// the work tree, `--staged` and `--rev HEAD`.
pub fn check_in_every_mode(format: &'static str) -> [Vec<&'static str>; 3] {
    [
        vec!["check", "--format", format],
        vec!["check", "--staged", "--format", format],
        vec!["check", "--rev", "HEAD", "--format", format],
    ]
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_planlint"))
}

pub fn planlint_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_ACTIONS")
        // Settings a developer's shell may carry: tests see the defaults.
        .env_remove("COLUMNS")
        .env_remove("PLANLINT_FORMAT")
        .env_remove("PLANLINT_CONFIG")
        .output()
        .expect("run planlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A team document that passes every team rule.
pub const CLEAN_TEAM: &str = "---
name: Growth
lead: \"@alice\"
members: [\"@alice\", \"@bob\", \"@carol\"]
mission: Make onboarding effortless for every new organisation
---
# Growth

## Not doing
- Enterprise SSO this quarter
";

/// A goal document that passes every goal rule (with [`CLEAN_TEAM`] as `growth`).
pub const CLEAN_GOAL: &str = "---
id: G-107
team: growth
owner: \"@bob\"
status: in-progress
quarter: 2026-Q4
---
# Raise activation of new organisations

## Why
Half of new organisations never send an event.

## Done when
- [ ] 40% of new organisations send a first event within a day

## Adoption
- Support switches the onboarding email to the new flow and confirms it works.

## Risks
- The SDK release may slip.
";
