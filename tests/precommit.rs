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
//! PRE_COMMIT=/path/to/venv/bin/pre-commit MATURIN=/path/to/venv/bin/maturin \
//!   WHEELHOUSE=/path/to/wheels cargo test --test precommit -- --ignored
//! ```
//!
//! `PRE_COMMIT` names the pre-commit executable (default: `pre-commit` on
//! PATH). The build is cached in cargo's test scratch folder
//! (`target/tmp/pre-commit-*`), so a second run with the same HEAD is quick.
//!
//! The wheel route is tested the way a user meets it: the mirror that the
//! release workflow publishes (`scripts/pre-commit-mirror.sh`), whose hook
//! depends on `planlint==VERSION`, installed by `pre-commit run` from a real
//! wheel that maturin builds here, served to pip from a local folder, with
//! no cargo or rustc on PATH. It needs `MATURIN` (the maturin executable) and
//! `WHEELHOUSE` (a folder holding the setuptools wheel the mirror builds
//! with); `.ci/run` sets both.

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

/// The wheel route, for real: maturin builds the wheel (the dev profile,
/// sharing `target/`: the same packaging as a release wheel, built in
/// seconds), the mirror is rendered as the release workflow renders it, and
/// `pre-commit run` installs it with pip from local folders only. cargo,
/// rustc and rustup on PATH are stand-ins that record any call and fail, so
/// a source build could not pass unnoticed.
#[test]
#[ignore = "builds a wheel with maturin and installs it with pre-commit; .ci/run runs it with --ignored"]
fn pre_commit_mirror_installs_the_prebuilt_wheel_and_compiles_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let version = env!("CARGO_PKG_VERSION");
    let work = tempfile::tempdir().expect("temp dir");
    let wheels = work.path().join("wheels");

    let maturin = std::env::var_os("MATURIN").unwrap_or_else(|| "maturin".into());
    let built = Command::new(&maturin)
        .args(["build", "--profile", "dev", "--locked", "--out"])
        .arg(&wheels)
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturin: {e}; install it or set MATURIN"));
    assert!(
        built.status.success(),
        "maturin build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let wheel_names: Vec<String> = std::fs::read_dir(&wheels)
        .expect("wheels")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(wheel_names.len(), 1, "{wheel_names:?}");
    assert!(
        wheel_names[0].starts_with(&format!("planlint-{version}-py3-none-")),
        "{wheel_names:?}"
    );

    // The mirror, as the release workflow renders and tags it.
    let mirror = work.path().join("mirror");
    let rendered = Command::new("bash")
        .arg(root.join("scripts/pre-commit-mirror.sh"))
        .arg(version)
        .arg(&mirror)
        .output()
        .expect("bash");
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let pyproject = std::fs::read_to_string(mirror.join("pyproject.toml")).expect("pyproject");
    assert!(
        pyproject.contains(&format!("dependencies = [\"planlint=={version}\"]")),
        "{pyproject}"
    );
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=planlint",
            "-c",
            "user.email=release@planlint.invalid",
            "commit",
            "-q",
            "-m",
            "mirror",
        ],
    ] {
        let out = Command::new("git")
            .args(args)
            .current_dir(&mirror)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mirror_rev = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&mirror)
        .output()
        .expect("git rev-parse");
    let mirror_rev = String::from_utf8_lossy(&mirror_rev.stdout)
        .trim()
        .to_string();

    // PATH without any Rust tool, and stand-ins that record a call and fail.
    // pip asks `rustc --version` for its user-agent string, which builds
    // nothing: that one question is not recorded.
    let fake_bin = work.path().join("fake-bin");
    let calls = work.path().join("rust-tool-calls");
    std::fs::create_dir(&fake_bin).expect("fake bin");
    for tool in ["cargo", "rustc", "rustup"] {
        let script = fake_bin.join(tool);
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n\
                 [ \"{tool} $*\" = \"rustc --version\" ] && exit 1\n\
                 echo \"{tool} $* (from: $(ps -o args= $PPID))\" >> '{}'\n\
                 exit 1\n",
                calls.display()
            ),
        )
        .expect("stand-in");
        make_executable(&script);
    }
    let mut path = vec![fake_bin];
    path.extend(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).filter(|dir| {
            ["cargo", "rustc", "rustup", "planlint"]
                .iter()
                .all(|tool| !dir.join(tool).exists())
        }),
    );
    let path = std::env::join_paths(path).expect("PATH");
    let find_links = format!(
        "{} {}",
        wheels.display(),
        std::env::var("WHEELHOUSE").expect("WHEELHOUSE: a folder with the setuptools wheel")
    );
    let home = work.path().join("pre-commit-home");
    let pre_commit = std::env::var_os("PRE_COMMIT").unwrap_or_else(|| "pre-commit".into());
    let run = |dir: &Path| -> PreCommit {
        let out = Command::new(&pre_commit)
            .args(["run", "--color", "never"])
            .current_dir(dir)
            .env("PATH", &path)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &find_links)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("PRE_COMMIT_HOME", &home)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", COMMIT_TIME)
            .env("GIT_COMMITTER_DATE", COMMIT_TIME)
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_EVENT_PATH")
            .env_remove("GITHUB_ACTIONS")
            .output()
            .unwrap_or_else(|e| panic!("cannot run pre-commit: {e}; install it or set PRE_COMMIT"));
        PreCommit {
            code: out.status.code().unwrap_or(-1),
            output: String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        }
    };

    let repo = Repo::git();
    repo.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {mirror_rev}\n    hooks:\n      - id: planlint\n",
            mirror.display()
        ),
    )
    .write("planning/teams/growth.md", CLEAN_TEAM)
    .write("planning/goals/G-107.md", CLEAN_GOAL);
    repo.git_cmd(&["add", "-A"]);

    let pass = run(repo.path());
    assert_eq!(pass.code, 0, "{}", pass.output);
    assert!(pass.output.contains("Passed"), "{}", pass.output);
    repo.git_cmd(&["commit", "-q", "-m", "plan"]);

    repo.write(
        "planning/goals/G-107.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    repo.git_cmd(&["add", "-A"]);
    let block = run(repo.path());
    assert_eq!(block.code, 1, "{}", block.output);
    assert!(block.output.contains("Failed"), "{}", block.output);
    assert!(block.output.contains("goal-owner"), "{}", block.output);

    assert!(
        !calls.exists(),
        "a Rust tool was called: {}",
        std::fs::read_to_string(&calls).unwrap_or_default()
    );
    // pip installed planlint from the wheel into pre-commit's environment.
    let installed = installed_dist_infos(&home);
    assert!(
        installed.contains(&format!("planlint-{version}.dist-info")),
        "{installed:?}"
    );
}

/// The `*.dist-info` folders pip left anywhere under `dir`.
fn installed_dist_infos(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir && name.ends_with(".dist-info") {
                found.push(name);
            } else if is_dir {
                stack.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}

/// This repository's hooks file offers only the hook that really is what it
/// says (`language: rust`); the wheel route is the mirror, whose hook runs
/// the same command on the same files and depends on the wheel of the same
/// version; `pyproject.toml` packages the `planlint` binary with maturin.
#[test]
fn the_mirror_hook_matches_the_rust_hook_and_pyproject_packages_the_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks_in = |file: &str| -> Vec<serde_json::Map<String, serde_json::Value>> {
        let text = std::fs::read_to_string(root.join(file)).expect("hooks file");
        serde_saphyr::from_str(&text).expect("valid YAML")
    };
    let here = hooks_in(".pre-commit-hooks.yaml");
    let mirror = hooks_in("pre-commit-mirror/.pre-commit-hooks.yaml");
    assert_eq!(here.len(), 1, "{here:?}");
    assert_eq!(mirror.len(), 1, "{mirror:?}");
    let (rust, wheel) = (&here[0], &mirror[0]);
    assert_eq!(rust["id"], "planlint");
    assert_eq!(rust["language"], "rust");
    assert_eq!(wheel["id"], "planlint");
    assert_eq!(wheel["language"], "python");
    for key in [
        "entry",
        "files",
        "pass_filenames",
        "minimum_pre_commit_version",
    ] {
        assert_eq!(rust[key], wheel[key], "{key}");
    }
    let mirror_project: toml::Table =
        std::fs::read_to_string(root.join("pre-commit-mirror/pyproject.toml"))
            .expect("mirror pyproject.toml")
            .parse()
            .expect("valid TOML");
    assert_eq!(
        mirror_project["project"]["dependencies"]
            .as_array()
            .cloned(),
        Some(vec![toml::Value::from("planlint==@VERSION@")])
    );

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
