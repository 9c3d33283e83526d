//! The GitHub Action: `scripts/action.sh` run end to end outside GitHub with
//! a faked `GITHUB_*` environment (a temporary repository, a pull request
//! event with hostile text, temporary files for outputs and the summary),
//! the structure of `action.yml`, and the repository-relative paths of the
//! `github` and `sarif` formats.
//!
//! The script runs with `PLANLINT_BIN` pointing at the built binary (and its
//! folder first on PATH), so it builds nothing.

mod common;

use common::{binary, Repo, CLEAN_GOAL, CLEAN_TEAM};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A pull request whose title, body and labels try to start workflow
/// commands of their own.
fn hostile_event(base: &str, labels: &[&str]) -> String {
    let labels: Vec<Value> = labels
        .iter()
        .map(|name| serde_json::json!({ "name": name }))
        .collect();
    serde_json::json!({
        "action": "opened",
        "number": 12,
        "pull_request": {
            "number": 12,
            "title": "x\n::error::pwned %0A",
            "body": "::warning file=a::pwned\r\n%0A::add-mask::x",
            "labels": labels,
            "user": { "login": "mallory" },
            "state": "open",
            "base": { "sha": base },
            "head": { "sha": "1111111111111111111111111111111111111111" }
        }
    })
    .to_string()
}

/// What one run of the action's `check` step left behind.
struct ActionRun {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

/// GitHub's side of a run: the files it hands a step, and a runner's temp.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new(summary_so_far: &str) -> Runner {
        let runner = Runner {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(runner.path("home")).expect("home");
        std::fs::create_dir_all(runner.path("temp")).expect("temp");
        std::fs::write(runner.path("output"), "").expect("output");
        std::fs::write(runner.path("summary"), summary_so_far).expect("summary");
        runner
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `scripts/action.sh STEP` in `workspace` with only the variables
    /// GitHub would set, plus `inputs` (`INPUT_*`).
    fn step(
        &self,
        step: &str,
        workspace: &Path,
        event: &str,
        inputs: &[(&str, &str)],
    ) -> ActionRun {
        std::fs::write(self.path("event.json"), event).expect("event");
        let bin_dir = binary().parent().expect("bin dir").to_path_buf();
        let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .expect("PATH");
        let mut command = Command::new("bash");
        command
            .arg(manifest_dir().join("scripts/action.sh"))
            .arg(step)
            .current_dir(workspace)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.path("home"))
            .env("NO_COLOR", "1")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", self.path("event.json"))
            .env("GITHUB_OUTPUT", self.path("output"))
            .env("GITHUB_STEP_SUMMARY", self.path("summary"))
            .env("GITHUB_ACTION_PATH", manifest_dir())
            .env("RUNNER_TEMP", self.path("temp"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("PLANLINT_BIN", binary());
        for (name, value) in inputs {
            command.env(name, value);
        }
        let out = command.output().expect("run bash");
        ActionRun {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            outputs: parse_outputs(&std::fs::read_to_string(self.path("output")).expect("output")),
            summary: std::fs::read_to_string(self.path("summary")).expect("summary"),
        }
    }
}

/// `name<<DELIMITER\nvalue\nDELIMITER` and `name=value` entries of GITHUB_OUTPUT.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value = Vec::new();
            for line in lines.by_ref() {
                if line == delimiter {
                    break;
                }
                value.push(line);
            }
            outputs.insert(name.to_string(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            outputs.insert(name.to_string(), value.to_string());
        }
    }
    outputs
}

/// Every line that GitHub would read as a workflow command is one of
/// planlint's annotations (or the action's own error): nothing from the plan
/// or the pull request starts a command of its own.
fn assert_only_planlint_commands(stdout: &str) {
    for line in stdout.lines() {
        if !line.trim_start().starts_with("::") {
            continue;
        }
        let ours = ["::error file=", "::warning file="]
            .iter()
            .any(|p| line.starts_with(p))
            && line.contains(",title=planlint ")
            || ["::error title=planlint", "::warning title=planlint"]
                .iter()
                .any(|p| line.starts_with(p));
        assert!(ours, "a workflow command planlint did not write: {line}");
    }
    assert!(!stdout.contains("\n::error::pwned"), "{stdout}");
    assert!(!stdout.contains("\n::warning file=a::pwned"), "{stdout}");
    assert!(!stdout.contains("\n::add-mask::"), "{stdout}");
}

/// A repository whose plan (with its own planlint.toml) lives in `org/plan`:
/// the base commit already has a goal without an owner; returns the base sha.
fn repository_with_an_old_defect() -> (Repo, String) {
    let repo = Repo::git();
    repo.write("org/plan/planlint.toml", "")
        .write("org/plan/planning/teams/growth.md", CLEAN_TEAM)
        .write("org/plan/planning/goals/G-107.md", CLEAN_GOAL)
        .write(
            "org/plan/planning/goals/G-110.md",
            &CLEAN_GOAL
                .replace("G-107", "G-110")
                .replace("\"@bob\"", "TBD"),
        )
        .write("README.md", "The organisation's repository\n")
        .commit("base");
    let base = repo.git_cmd(&["rev-parse", "HEAD"]);
    let base = String::from_utf8_lossy(&base.stdout).trim().to_string();
    (repo, base)
}

#[test]
fn a_clean_change_passes_with_annotations_outputs_and_summary() {
    let (repo, base) = repository_with_an_old_defect();
    repo.write(
        "org/plan/planning/goals/G-108.md",
        &CLEAN_GOAL.replace("G-107", "G-108"),
    )
    .commit("a new goal");
    let runner = Runner::new("# Earlier step\n\n");
    let sarif = runner.path("planlint.sarif");
    let sarif = sarif.to_str().expect("utf-8 temp path");
    let run = runner.step(
        "check",
        repo.path(),
        &hostile_event(&base, &[]),
        &[
            ("INPUT_PATH", "org/plan"),
            ("INPUT_DIFF_BASE", &base),
            ("INPUT_CONFIG_REV", &base),
            ("INPUT_SARIF_FILE", sarif),
            ("INPUT_FAIL_ON", "error"),
            ("INPUT_SUMMARY", "true"),
            ("INPUT_REPORT", "true"),
            // Split into words, a line break included.
            ("INPUT_ARGS", "--color\n  never"),
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // The old defect (G-110) is no part of the change: quiet.
    assert_eq!(
        run.stdout, "planlint: no problems found\n",
        "{}",
        run.stderr
    );
    assert_eq!(run.outputs.get("errors").map(String::as_str), Some("0"));
    assert_eq!(run.outputs.get("warnings").map(String::as_str), Some("0"));
    assert_eq!(
        run.outputs.get("sarif-file").map(String::as_str),
        Some(sarif)
    );
    assert!(Path::new(sarif).is_file());
    // Appended to what earlier steps wrote, not in its place.
    assert!(
        run.summary.starts_with("# Earlier step\n\n## planlint"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("No problems found"), "{}", run.summary);
    // `report: true` draws the plan after the summary, charts included.
    let plan = run
        .summary
        .find("\n# Plan\n")
        .expect("the report in the summary");
    let findings = run
        .summary
        .find("## planlint")
        .expect("the findings summary");
    assert!(findings < plan, "{}", run.summary);
    assert!(run.summary.contains("```mermaid"), "{}", run.summary);
    assert_only_planlint_commands(&run.stdout);
}

#[test]
fn a_broken_change_fails_with_repository_relative_annotations() {
    let (repo, base) = repository_with_an_old_defect();
    repo.write(
        "org/plan/planning/goals/G-200.md",
        &CLEAN_GOAL
            .replace("G-107", "G-200")
            .replace("\"@bob\"", "TBD")
            .replace(
                "status: in-progress",
                "status: \"done\\n::error::pwned %0A\"",
            ),
    )
    .commit("a broken goal");
    let runner = Runner::new("");
    let sarif = runner.path("out.sarif");
    let sarif = sarif.to_str().expect("utf-8 temp path");
    let run = runner.step(
        "check",
        repo.path(),
        &hostile_event(&base, &["goal:G-404\n::error::pwned-label %0A"]),
        &[
            ("INPUT_PATH", "org/plan"),
            ("INPUT_DIFF_BASE", &base),
            ("INPUT_SARIF_FILE", sarif),
            ("INPUT_FAIL_ON", "error"),
            ("INPUT_SUMMARY", "true"),
            ("INPUT_ARGS", ""),
        ],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_only_planlint_commands(&run.stdout);
    let annotations: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    let errors = annotations
        .iter()
        .filter(|l| l.starts_with("::error"))
        .count();
    let warnings = annotations
        .iter()
        .filter(|l| l.starts_with("::warning"))
        .count();
    assert!(errors >= 2, "{}", run.stdout);
    // Paths relative to the repository, where GitHub attaches them.
    assert!(
        run.stdout.contains(
            "::error file=org/plan/planning/goals/G-200.md,line=4,endLine=4,col=8,endColumn=11,title=planlint goal-owner::"
        ),
        "{}",
        run.stdout
    );
    // The hostile texts arrive, escaped: one line each, no command of their own.
    assert!(
        run.stdout.contains(
            "::error title=planlint issue-goal::pull request #12: issue-goal pull request #12 links goal `G-404\\n::error::pwned-label %250A`"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("has status `done\\n::error::pwned %250A`"),
        "{}",
        run.stdout
    );
    for line in &annotations {
        assert!(
            line.contains("file=org/plan/planning/goals/G-200.md,") || !line.contains("file="),
            "only the new goal and the pull request are reported: {line}"
        );
    }
    assert_eq!(run.outputs["errors"], errors.to_string());
    assert_eq!(run.outputs["warnings"], warnings.to_string());
    assert!(run.summary.contains("goal-owner"), "{}", run.summary);
    let sarif_text = std::fs::read_to_string(sarif).expect("sarif");
    assert!(sarif_text.contains("\"uri\": \"org/plan/planning/goals/G-200.md\""));
    assert_eq!(
        run.outputs.get("sarif-file").map(String::as_str),
        Some(sarif)
    );

    // Warnings can fail the step too, and the summary can stay out.
    let runner = Runner::new("untouched\n");
    let run = runner.step(
        "check",
        repo.path(),
        &hostile_event(&base, &[]),
        &[
            ("INPUT_PATH", "org/plan"),
            ("INPUT_FAIL_ON", "never"),
            ("INPUT_SUMMARY", "false"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.summary, "untouched\n");
    assert!(run.outputs["errors"].parse::<usize>().expect("a number") >= 2);
    assert!(!run.outputs.contains_key("sarif-file"));
}

#[test]
fn bad_inputs_and_planlint_errors_end_with_exit_2_and_say_why() {
    let (repo, _) = repository_with_an_old_defect();
    let runner = Runner::new("");
    let run = runner.step(
        "check",
        repo.path(),
        "{}",
        &[("INPUT_PATH", "org/plan"), ("INPUT_FAIL_ON", "sometimes")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.starts_with(
            "::error title=planlint action::the fail-on input must be error, warning or never"
        ),
        "{}",
        run.stdout
    );

    let run = runner.step(
        "check",
        repo.path(),
        "{}",
        &[
            ("INPUT_PATH", "org/plan"),
            ("INPUT_DIFF_BASE", "no-such-revision"),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("no-such-revision"), "{}", run.stderr);
    assert!(run
        .stdout
        .contains("::error title=planlint::planlint could not check the plan"));
    assert!(!run.outputs.contains_key("errors"));
}

#[test]
fn install_uses_the_given_binary_and_key_names_lock_and_source() {
    let repo = Repo::git();
    let runner = Runner::new("");
    let run = runner.step("install", repo.path(), "{}", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.outputs["bin"], binary().to_str().expect("utf-8 path"));
    let run = runner.step("key", repo.path(), "{}", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let key = &run.outputs["key"];
    assert!(key.starts_with("planlint-Linux-X64-lock-"), "{key}");
    assert!(key.contains("-src-"), "{key}");
    assert_eq!(
        run.outputs["dir"],
        runner
            .path("temp/planlint-action")
            .to_str()
            .expect("utf-8 path")
    );
    // A version that is not one never reaches a URL.
    let run = runner.step(
        "install",
        repo.path(),
        "{}",
        &[("INPUT_VERSION", "1.0/../../evil"), ("PLANLINT_BIN", "")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("the version input must look like 1.2.3"),
        "{}",
        run.stdout
    );
}

/// The action's metadata, parsed as YAML.
fn action_yml() -> Value {
    let text = std::fs::read_to_string(manifest_dir().join("action.yml")).expect("action.yml");
    serde_saphyr::from_str::<Value>(&text).expect("action.yml is YAML")
}

#[test]
fn action_yml_is_a_well_formed_composite_action() {
    let action = action_yml();
    assert!(action["name"].is_string());
    assert!(action["description"].is_string());
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    assert!(!steps.is_empty());
    for step in steps {
        let run = step.get("run").and_then(Value::as_str);
        let uses = step.get("uses").and_then(Value::as_str);
        match (run, uses) {
            (Some(run), None) => {
                assert!(
                    step["shell"].is_string(),
                    "a run step needs a shell: {step}"
                );
                // Inputs reach scripts through `env:` only (script injection).
                assert!(!run.contains("${{"), "an expression inside run: {run}");
            }
            (None, Some(uses)) => {
                assert!(uses.contains('@'), "pin the action's version: {uses}");
            }
            _ => panic!("a step has exactly one of run and uses: {step}"),
        }
    }
    let expected_inputs = [
        "path",
        "config",
        "args",
        "fail-on",
        "diff-base",
        "config-rev",
        "sarif-file",
        "summary",
        "report",
        "version",
    ];
    let inputs = action["inputs"].as_object().expect("inputs");
    let mut names: Vec<&str> = inputs.keys().map(String::as_str).collect();
    let mut expected = expected_inputs.to_vec();
    names.sort_unstable();
    expected.sort_unstable();
    assert_eq!(names, expected);
    for (name, input) in inputs {
        let about = input["description"].as_str().unwrap_or("");
        assert!(!about.trim().is_empty(), "input `{name}` is not described");
    }
    assert_eq!(inputs["path"]["default"], ".");
    assert_eq!(inputs["fail-on"]["default"], "error");
    assert_eq!(inputs["summary"]["default"], "true");
    assert_eq!(
        inputs["diff-base"]["default"],
        "${{ github.event.pull_request.base.sha }}"
    );
    assert_eq!(
        inputs["config-rev"]["default"],
        "${{ github.event.pull_request.base.sha }}"
    );
    let outputs = action["outputs"].as_object().expect("outputs");
    let mut names: Vec<&str> = outputs.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["errors", "sarif-file", "warnings"]);
    for (name, output) in outputs {
        let about = output["description"].as_str().unwrap_or("");
        assert!(!about.trim().is_empty(), "output `{name}` is not described");
        assert!(output["value"].as_str().unwrap_or("").contains("steps."));
    }
}

#[test]
fn every_input_reaches_the_script_through_env() {
    let action = action_yml();
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let envs: Vec<String> = steps
        .iter()
        .filter_map(|s| s.get("env").and_then(Value::as_object))
        .flat_map(|env| env.values().filter_map(Value::as_str).map(str::to_string))
        .collect();
    let script =
        std::fs::read_to_string(manifest_dir().join("scripts/action.sh")).expect("action.sh");
    for name in action["inputs"].as_object().expect("inputs").keys() {
        let expression = format!("${{{{ inputs.{name} }}}}");
        assert!(
            envs.contains(&expression),
            "input `{name}` is passed to no step's env"
        );
        let variable = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        assert!(
            script.contains(&variable),
            "action.sh never reads {variable}"
        );
    }
}

#[test]
fn github_and_sarif_paths_are_relative_to_the_repository_others_to_the_plan() {
    let (repo, _) = repository_with_an_old_defect();
    for dir in [
        repo.path().to_path_buf(),
        repo.path().join("org/plan/planning"),
    ] {
        let github = common::planlint_in(&dir, &["check", "--format", "github", "org/plan"]);
        let github = if dir == repo.path() {
            github
        } else {
            common::planlint_in(&dir, &["check", "--format", "github"])
        };
        assert_eq!(github.code, 1, "{}", github.stderr);
        assert!(
            github
                .stdout
                .starts_with("::error file=org/plan/planning/goals/G-110.md,line=4,"),
            "{}",
            github.stdout
        );
    }
    let json = repo.planlint(&["check", "--format", "json", "org/plan"]);
    assert!(
        json.stdout
            .contains("\"path\": \"planning/goals/G-110.md\""),
        "{}",
        json.stdout
    );
    // Concise (and human) paths are relative to the current directory.
    let concise = repo.planlint(&["check", "--format", "concise", "org/plan"]);
    assert!(
        concise
            .stdout
            .starts_with("org/plan/planning/goals/G-110.md:4:8: error[goal-owner]"),
        "{}",
        concise.stdout
    );
    let inside = common::planlint_in(
        &repo.path().join("org/plan/planning"),
        &["check", "--format", "concise"],
    );
    assert!(
        inside
            .stdout
            .starts_with("goals/G-110.md:4:8: error[goal-owner]"),
        "{}",
        inside.stdout
    );
    let out = repo.path().join("out.sarif");
    let run = repo.planlint(&[
        "check",
        "--format",
        "concise",
        "--output",
        &format!("sarif:{}", out.display()),
        "org/plan",
    ]);
    assert_eq!(run.code, 1);
    let sarif = std::fs::read_to_string(out).expect("sarif");
    assert!(sarif.contains("\"uri\": \"org/plan/planning/goals/G-110.md\""));

    // A plan at the repository's root, and one outside git: no prefix.
    let root = Repo::git();
    root.write(
        "planning/goals/G-110.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    let plain = Repo::plain();
    plain.write(
        "planning/goals/G-110.md",
        &CLEAN_GOAL.replace("\"@bob\"", "TBD"),
    );
    for repo in [root, plain] {
        let run = repo.planlint(&["check", "--format", "github"]);
        assert!(
            run.stdout
                .contains("::error file=planning/goals/G-110.md,line=4,"),
            "{}",
            run.stdout
        );
    }
}

/// Whether the tests run as root, who can hand a folder to another user.
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

fn chown(owner: &str, path: &Path) {
    let status = Command::new("chown")
        .args(["-R", owner])
        .arg(path)
        .status()
        .expect("chown");
    assert!(status.success());
}

/// A container job's checkout belongs to another user, and libgit2 refuses
/// it; the action marks it safe (in the runner's global git config) and runs.
/// Needs root to give the folder away, so elsewhere it checks nothing.
#[test]
fn a_checkout_owned_by_another_user_is_marked_safe() {
    if !running_as_root() {
        eprintln!("skipped: needs root to change a folder's owner");
        return;
    }
    for give_away in ["", ".git"] {
        let repo = Repo::git();
        repo.write("planning/teams/growth.md", CLEAN_TEAM)
            .write("planning/goals/G-107.md", CLEAN_GOAL)
            .commit("plan");
        chown("65534:65534", &repo.path().join(give_away));
        let runner = Runner::new("");
        let direct = Command::new(binary())
            .args(["check", "--format", "concise"])
            .current_dir(repo.path())
            .env("HOME", runner.path("home"))
            .env_remove("GIT_CONFIG_GLOBAL")
            .output()
            .expect("planlint");
        assert_eq!(direct.status.code(), Some(2), "refused without the action");
        let event = hostile_event("0000000000000000000000000000000000000000", &[]);
        let run = runner.step("check", repo.path(), &event, &[("INPUT_PATH", ".")]);
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("marking"), "{}", run.stdout);
        assert!(
            run.stdout.ends_with("planlint: no problems found\n"),
            "{}",
            run.stdout
        );
        let config = std::fs::read_to_string(runner.path("home/.gitconfig")).expect("config");
        assert!(config.contains("[safe]"), "{config}");
        chown("0:0", repo.path());
    }
}

/// The README shows the example workflow that `.ci/run` lints with actionlint.
#[test]
fn the_readme_shows_the_linted_example_workflow() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).expect("README");
    let workflow = std::fs::read_to_string(manifest_dir().join("docs/example-workflow.yml"))
        .expect("docs/example-workflow.yml");
    assert!(
        readme.contains(&format!("```yaml\n{workflow}```\n")),
        "README.md must include docs/example-workflow.yml verbatim in a yaml block"
    );
    for required in [
        "types: [opened, edited, synchronize, reopened]",
        "fetch-depth: 0",
        "security-events: write",
        "github/codeql-action/upload-sarif",
        "contents: read",
    ] {
        assert!(
            workflow.contains(required),
            "the example lacks `{required}`"
        );
    }
}

/// `.pre-commit-hooks.yaml` declares the hook the README documents.
#[test]
fn the_pre_commit_hook_runs_the_staged_check_on_planning_files() {
    let text = std::fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml"))
        .expect(".pre-commit-hooks.yaml");
    let hooks: Value = serde_saphyr::from_str(&text).expect("YAML");
    let hooks = hooks.as_array().expect("a list of hooks");
    // The Rust hook only; the wheel's hook is the mirror's (tests/precommit.rs
    // compares them).
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "planlint");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "planlint check --staged");
    assert_eq!(hook["pass_filenames"], false);
    let files = regex::Regex::new(hook["files"].as_str().expect("files")).expect("regex");
    for path in ["planning/goals/G-1.md", "planlint.toml", ".planlint.toml"] {
        assert!(files.is_match(path), "{path}");
    }
    for path in ["README.md", "src/planning/x.md", "docs/planlint.toml.md"] {
        assert!(!files.is_match(path), "{path}");
    }
}

/// Every target `scripts/action.sh` downloads is one the release workflow
/// builds and packs, `.zip` for Windows and `.tar.gz` for the rest, with a
/// `.sha256` beside each: no runner the action supports falls back to a
/// source build once a release exists.
#[test]
fn the_release_workflow_packs_every_archive_the_action_downloads() {
    let script =
        std::fs::read_to_string(manifest_dir().join("scripts/action.sh")).expect("action.sh");
    let wanted: Vec<&str> = script
        .lines()
        .filter_map(|line| line.split_once(") target=").map(|(_, rest)| rest))
        .map(|rest| rest.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        wanted,
        [
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    let workflow: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(manifest_dir().join(".github/workflows/release.yml"))
            .expect("release.yml"),
    )
    .expect("YAML");
    let archives = &workflow["jobs"]["archives"];
    let built: Vec<&str> = archives["strategy"]["matrix"]["include"]
        .as_array()
        .expect("matrix")
        .iter()
        .filter_map(|entry| entry["target"].as_str())
        .collect();
    for target in &wanted {
        assert!(built.contains(target), "{target} is not built: {built:?}");
    }
    let package = archives["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|step| step["name"] == "Package with its checksum")
        .and_then(|step| step["run"].as_str())
        .expect("the packaging step");
    for packs in [
        r#"asset="planlint-$VERSION-$TARGET.zip""#,
        r#"7z a -bd "dist/$asset" planlint.exe"#,
        r#"asset="planlint-$VERSION-$TARGET.tar.gz""#,
        r#"tar -czf "dist/$asset" planlint"#,
        r#"sha256sum "$asset" > "$asset.sha256""#,
    ] {
        assert!(
            package.contains(packs),
            "the packaging step lacks `{packs}`"
        );
    }
    assert!(script.contains(r#"unzip -q -o "$dir/$asset" "$exe" -d "$dir""#));
}

/// The crate's version: the release the tests serve.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Its tag, `vX.Y.Z`.
static TAG: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("v{VERSION}"));

/// A local HTTP server (`python3 -m http.server`) standing in for GitHub's
/// release downloads; stopped when dropped.
struct Releases {
    server: std::process::Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Releases {
    /// Serves `vX.Y.Z/planlint-vX.Y.Z-x86_64-unknown-linux-gnu.tar.gz`
    /// holding `planlint`, `…-x86_64-pc-windows-msvc.zip` holding
    /// `planlint.exe` (the built binary both times, so it runs here), and
    /// their `.sha256`, as the release workflow names and packs them.
    fn start() -> Releases {
        use std::io::BufRead as _;
        let dir = tempfile::tempdir().expect("temp dir");
        let release = dir.path().join(format!("v{VERSION}"));
        std::fs::create_dir_all(&release).expect("release dir");
        let linux = format!("planlint-v{VERSION}-x86_64-unknown-linux-gnu.tar.gz");
        let windows = format!("planlint-v{VERSION}-x86_64-pc-windows-msvc.zip");
        let pack: [(&str, &str, &[&str]); 2] = [
            (&linux, "planlint", &["tar", "-czf", &linux, "planlint"]),
            // A zip as 7-Zip writes it; python's zipfile stands in for 7z.
            (
                &windows,
                "planlint.exe",
                &["python3", "-m", "zipfile", "-c", &windows, "planlint.exe"],
            ),
        ];
        for (asset, exe, command) in pack {
            std::fs::copy(binary(), release.join(exe)).expect("copy binary");
            let packed = Command::new(command[0])
                .args(&command[1..])
                .current_dir(&release)
                .status()
                .expect("pack");
            assert!(packed.success(), "{command:?}");
            std::fs::remove_file(release.join(exe)).expect("remove");
            let sum = Command::new("sha256sum")
                .arg(asset)
                .current_dir(&release)
                .output()
                .expect("sha256sum");
            std::fs::write(release.join(format!("{asset}.sha256")), &sum.stdout).expect("sha256");
        }
        let mut server = Command::new("python3")
            .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m http.server");
        let mut first = String::new();
        let stdout = server.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .expect("server's first line");
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        let port = first
            .split(" port ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the server's port")
            .to_string();
        Releases {
            server,
            url: format!("http://127.0.0.1:{port}"),
            dir,
        }
    }
}

impl Drop for Releases {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// `action.sh install` with no PLANLINT_BIN: the release matching the
/// action's ref is downloaded from `releases` and verified.
fn install_from(
    releases: &Releases,
    runner: &Runner,
    workspace: &Path,
    envs: &[(&str, &str)],
) -> ActionRun {
    let mut inputs = vec![
        ("PLANLINT_BIN", ""),
        ("PLANLINT_RELEASES_URL", releases.url.as_str()),
        // No cargo on this PATH: a fallback to building says so and stops.
        ("PATH", "/usr/bin:/bin"),
    ];
    inputs.extend_from_slice(envs);
    runner.step("install", workspace, "{}", &inputs)
}

#[test]
fn the_action_downloads_the_release_of_its_ref_and_verifies_it() {
    let releases = Releases::start();
    let repo = Repo::git();
    let runner = Runner::new("");
    let run = install_from(
        &releases,
        &runner,
        repo.path(),
        &[("ACTION_REF", TAG.as_str())],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let bin = &run.outputs["bin"];
    assert!(
        bin.starts_with(runner.path("temp").to_str().expect("utf-8")),
        "{bin}"
    );
    let version = Command::new(bin).arg("--version").output().expect("run it");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("planlint {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(!run.outputs.contains_key("built"));
    // A major tag is the release of the version the action's Cargo.toml has.
    let major = format!("v{}", env!("CARGO_PKG_VERSION_MAJOR"));
    let minor = format!("{major}.{}", env!("CARGO_PKG_VERSION_MINOR"));
    for reference in [major.as_str(), minor.as_str()] {
        let runner = Runner::new("");
        let run = install_from(
            &releases,
            &runner,
            repo.path(),
            &[("ACTION_REF", reference)],
        );
        assert_eq!(run.code, 0, "{reference}: {}", run.stdout);
        assert!(
            run.stdout
                .contains(&format!("/v{VERSION}/planlint-v{VERSION}-")),
            "{}",
            run.stdout
        );
    }

    // The version input names a release explicitly; a missing one is an error.
    let runner = Runner::new("");
    let run = install_from(
        &releases,
        &runner,
        repo.path(),
        &[("INPUT_VERSION", VERSION)],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let runner = Runner::new("");
    let run = install_from(
        &releases,
        &runner,
        repo.path(),
        &[("INPUT_VERSION", "9.9.9")],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("::error title=planlint action::cannot download"),
        "{}",
        run.stdout
    );

    // A ref with no release (a tag not released, a branch) falls back to
    // building, which needs cargo, absent here.
    for reference in ["v9.9.9", "main"] {
        let runner = Runner::new("");
        let run = install_from(
            &releases,
            &runner,
            repo.path(),
            &[("ACTION_REF", reference)],
        );
        assert!(
            run.stdout.contains(&format!(
                "planlint: no release matches the action's ref `{reference}`: building from source"
            )),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("building planlint needs Rust"),
            "{}",
            run.stdout
        );
        assert_eq!(run.code, 2);
    }

    // On a Windows runner: the `.zip`, and `planlint.exe` in it.
    let runner = Runner::new("");
    let run = install_from(
        &releases,
        &runner,
        repo.path(),
        &[("ACTION_REF", TAG.as_str()), ("RUNNER_OS", "Windows")],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "/v{VERSION}/planlint-v{VERSION}-x86_64-pc-windows-msvc.zip"
        )),
        "{}",
        run.stdout
    );
    let bin = &run.outputs["bin"];
    assert!(bin.ends_with("/planlint.exe"), "{bin}");
    let version = Command::new(bin).arg("--version").output().expect("run it");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("planlint {VERSION}\n")
    );
    assert!(!run.outputs.contains_key("built"));

    // A tampered archive is refused, never unpacked, never a fallback.
    let asset = releases.dir.path().join(format!(
        "v{VERSION}/planlint-v{VERSION}-x86_64-unknown-linux-gnu.tar.gz"
    ));
    let mut bytes = std::fs::read(&asset).expect("asset");
    bytes.push(0);
    std::fs::write(&asset, bytes).expect("tamper");
    let runner = Runner::new("");
    let run = install_from(
        &releases,
        &runner,
        repo.path(),
        &[("ACTION_REF", TAG.as_str())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("does not match its published sha256"),
        "{}",
        run.stdout
    );
    assert!(!run.outputs.contains_key("bin"));

    // Plain http only on the loopback.
    let runner = Runner::new("");
    let run = runner.step(
        "install",
        repo.path(),
        "{}",
        &[
            ("PLANLINT_BIN", ""),
            ("PLANLINT_RELEASES_URL", "http://example.com"),
            ("ACTION_REF", TAG.as_str()),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("must be https"), "{}", run.stdout);
}
