//! The CLI as a user runs it: the built binary on temporary git repositories.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

fn clean_plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .commit("plan");
    repo
}

#[test]
fn a_clean_plan_passes_with_no_diagnostic() {
    let repo = clean_plan();
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.stdout, "", "stderr: {}", run.stderr);
    assert_eq!(run.code, 0);
    let human = repo.planlint(&["check"]);
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.contains("No problems found"),
        "{}",
        human.stdout
    );
}

#[test]
fn defects_fail_with_exit_code_1_and_point_at_their_lines() {
    let repo = clean_plan();
    repo.write(
        "planning/goals/g-200.md",
        "---\nteam: growth\nowner: TBD\nstatus: in-progress\nquarter: 2026-Q4\n---\n# Something\n\n## Why\nBecause.\n\n## Done when\n- basically done\n\n## Adoption\n- Support uses it.\n",
    )
    .commit("more");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert_eq!(
        run.stdout,
        "planning/goals/g-200.md:3:8: error[goal-owner] goal `g-200` has no owner: `TBD` is a placeholder\n\
         planning/goals/g-200.md:13:3: error[done-criteria] goal `g-200`'s done criteria are vague: `basically done` cannot be checked\n"
    );
}

#[test]
fn the_same_repository_gives_the_same_bytes() {
    let repo = clean_plan();
    repo.write("planning/goals/broken.md", "---\nowner: [\n---\n# Broken\n")
        .write(
            "planning/teams/big.md",
            "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
        )
        .commit("broken");
    for format in ["human", "concise", "json"] {
        let first = repo.planlint(&["check", "--format", format]);
        let second = repo.planlint(&["check", "--format", format]);
        assert_eq!(first.stdout, second.stdout, "{format} differs between runs");
        assert_eq!(first.code, 1);
    }
}

#[test]
fn a_broken_file_is_a_parse_error_and_the_rest_is_still_checked() {
    let repo = clean_plan();
    repo.write(
        "planning/goals/broken.md",
        "---\nowner: [unclosed\n---\n# Broken\n",
    )
    .write(
        "planning/teams/big.md",
        "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
    )
    .commit("broken");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("planning/goals/broken.md:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("error[parse-error]"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "planning/teams/big.md:2:1: error[team-size] team `big` has 7 members; the limit is 6"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn unclosed_frontmatter_invalid_utf8_and_binary_files_are_parse_errors() {
    let repo = clean_plan();
    repo.write(
        "planning/goals/unclosed.md",
        "---\nowner: \"@bob\"\n# No closing line\n",
    );
    std::fs::write(
        repo.path().join("planning/goals/latin1.md"),
        b"---\nowner: caf\xe9\n---\n",
    )
    .expect("write");
    std::fs::write(
        repo.path().join("planning/goals/binary.md"),
        b"\x00\x01\x02PNG",
    )
    .expect("write");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for path in ["unclosed.md", "latin1.md", "binary.md"] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("planning/goals/{path}:"))
                    && l.contains("[parse-error]")),
            "no parse-error for {path}: {}",
            run.stdout
        );
    }
}

#[test]
fn fail_on_sets_the_exit_threshold() {
    let repo = clean_plan();
    // A team with no mission is a warning only.
    repo.write(
        "planning/teams/quiet.md",
        "---\nlead: \"@q\"\nmembers: [\"@q\"]\n---\n# Quiet\n## Not doing\n- Everything else\n",
    )
    .commit("quiet");
    assert_eq!(repo.planlint(&["check"]).code, 0);
    assert_eq!(repo.planlint(&["check", "--fail-on", "warning"]).code, 1);
    repo.write(
        "planning/teams/big.md",
        "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
    );
    assert_eq!(repo.planlint(&["check", "--fail-on", "never"]).code, 0);
    assert_eq!(repo.planlint(&["check"]).code, 1);
}

#[test]
fn config_tunes_options_and_levels() {
    let repo = clean_plan();
    repo.write("planning/teams/big.md", "---\nlead: \"@a\"\nmembers: [\"@a\", b, c, d, e, f, g]\nmission: Big things\n---\n# Big\n## Not doing\n- Small things\n")
        .commit("big");
    assert_eq!(repo.planlint(&["check"]).code, 1);
    repo.write("planlint.toml", "[rules.team-size]\nmax = 8\n");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    repo.write("planlint.toml", "[rules.team-size]\nlevel = \"off\"\n");
    assert_eq!(repo.planlint(&["check"]).code, 0);
    repo.write("planlint.toml", "[rules.team-size]\nlevel = \"warning\"\n");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("warning[team-size]"), "{}", run.stdout);
    repo.write("planlint.toml", "[rules]\nteam-size = \"off\"\n");
    assert_eq!(repo.planlint(&["check"]).code, 0);
    repo.write("planlint.toml", "[rules]\nteam-size = \"warning\"\n");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "planning/teams/big.md:3:1: warning[team-size] team `big` has 7 members; the limit is 6\n")
    );
}

#[test]
fn config_errors_exit_2_and_point_into_the_config() {
    let repo = clean_plan();
    repo.write("planlint.toml", "[rules.team-sise]\nmax = 8\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown rule `team-sise`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `team-size`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("planlint.toml:1:8"), "{}", run.stderr);

    repo.write("planlint.toml", "[rules.team-size]\nmax = \"eight\"\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("option `max` must be an integer, not a string"),
        "{}",
        run.stderr
    );

    repo.write("planlint.toml", "[rules.team-size\nmax = 8\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("planlint.toml:1:"), "{}", run.stderr);
}

#[test]
fn a_subfolder_checks_the_whole_plan_with_paths_from_the_current_directory() {
    let repo = clean_plan();
    repo.write(
        "planning/teams/big.md",
        "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
    )
    .commit("big");
    let run = common::planlint_in(
        &repo.path().join("planning/goals"),
        &["check", "--format", "concise"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("../teams/big.md:2:1: error[team-size]"),
        "{}",
        run.stdout
    );
}

#[test]
fn plan_horizon_uses_the_commit_time_not_the_clock() {
    let repo = clean_plan();
    // Committed work two quarters after the commit's quarter (2026-Q4).
    let far = common::CLEAN_GOAL
        .replace("id: G-107", "id: G-300")
        .replace("status: in-progress", "status: committed")
        .replace("2026-Q4", "2027-Q2");
    repo.write("planning/goals/g-300.md", &far).commit("far");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        run.stdout.contains(
            "warning[plan-horizon] goal `G-300` is committed for 2027-Q2, 2 quarters ahead"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_junit_output_beside_another_format_still_lists_every_checked_entity() {
    let repo = clean_plan();
    let junit = repo.path().join("out.xml");
    let arg = format!("junit:{}", junit.display());
    let run = repo.planlint(&["check", "--format", "json", "--output", &arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&junit).expect("junit written");
    for case in [
        "<testcase name=\"G-107\" classname=\"goal\" file=\"planning/goals/g-107.md\"/>",
        "<testcase name=\"growth\" classname=\"team\" file=\"planning/teams/growth.md\"/>",
    ] {
        assert!(written.contains(case), "{written}");
    }
    let alone = repo.planlint(&["check", "--format", "junit"]);
    assert_eq!(written, alone.stdout);
}

/// `--output` to a named pipe (or a device such as `/dev/null`) writes
/// into it, as a shell's redirection would, and leaves it a pipe; a rename
/// into place would have replaced it with a file. A folder is refused.
#[cfg(unix)]
#[test]
fn output_writes_into_a_pipe_and_refuses_a_folder() {
    use std::os::unix::fs::FileTypeExt;
    let repo = clean_plan();
    let pipe = repo.path().join("report.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).expect("read the pipe"))
    };
    let arg = format!("json:{}", pipe.display());
    let run = repo.planlint(&["check", "--format", "concise", "--output", &arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Asked before the reader is joined: a pipe replaced by a file would
    // leave the reader waiting on the pipe for ever.
    let kind = std::fs::symlink_metadata(&pipe).expect("pipe").file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
    let written = reader.join().expect("reader");
    let json: serde_json::Value = serde_json::from_str(&written).expect("json in the pipe");
    assert_eq!(json["summary"]["goals"], 1);

    std::fs::create_dir(repo.path().join("out")).expect("folder");
    let run = repo.planlint(&["check", "--output", "json:out"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is a folder; planlint writes only files"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_writes_further_formats_to_files() {
    let repo = clean_plan();
    repo.write(
        "planning/teams/big.md",
        "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
    );
    let json = repo.path().join("out.json");
    let arg = format!("json:{}", json.display());
    let run = repo.planlint(&["check", "--format", "concise", "--output", &arg]);
    assert_eq!(run.code, 1);
    let written = std::fs::read_to_string(&json).expect("json written");
    assert!(written.starts_with("{\n  \"version\": 1,"), "{written}");
    assert_eq!(repo.planlint(&["check", "--output", "nope:x"]).code, 2);
}

#[test]
fn rules_and_rule_explain_the_catalog() {
    let repo = Repo::plain();
    let run = repo.planlint(&["rules"]);
    assert_eq!(run.code, 0);
    for id in [
        "parse-error",
        "duplicate-id",
        "team-size",
        "team-lead",
        "team-mission",
        "non-goals",
        "team-focus",
        "goal-owner",
        "goal-team",
        "owner-in-team",
        "owner-load",
        "done-criteria",
        "adoption-step",
        "goal-why",
        "status-value",
        "done-is-done",
        "at-risk-note",
        "plan-horizon",
        "stale-goal",
    ] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(id)),
            "{id} missing from `planlint rules`"
        );
    }
    let run = repo.planlint(&["rule", "team-size"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("team-size (error, on team)\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("max = 6"));
    assert!(run.stdout.contains("Fails: planning/teams/growth.md"));
    let run = repo.planlint(&["rule", "team-sizes"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `team-size`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let repo = Repo::plain();
    assert_eq!(repo.planlint(&["check", "--format", "xml"]).code, 2);
    assert_eq!(repo.planlint(&["frobnicate"]).code, 2);
    assert_eq!(repo.planlint(&["check", "/does/not/exist"]).code, 2);
}

#[test]
fn the_demo_plan_reports_its_planted_defects() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let run = common::planlint_in(&demo, &["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": error["))
        .collect();
    let rules: Vec<&str> = errors
        .iter()
        .map(|l| {
            l.split("error[")
                .nth(1)
                .and_then(|r| r.split(']').next())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        rules,
        [
            "goal-owner",
            "adoption-step",
            "done-criteria",
            "goal-team",
            "goal-owner",
            "done-is-done",
            "team-size"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_that_cannot_be_parsed_gets_only_its_parse_error() {
    let repo = clean_plan();
    repo.write(
        "planning/goals/broken.md",
        "---\nowner: [unclosed\n---\n# Broken\n",
    )
    .commit("broken");
    let run = repo.planlint(&["check", "--format", "concise"]);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("planning/goals/broken.md"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(lines[0].contains("error[parse-error]"), "{}", run.stdout);
}

#[test]
fn toml_frontmatter_data_files_and_single_entity_yaml_are_read() {
    let repo = Repo::git();
    repo.write(
        "planning/teams/growth.yaml",
        "name: Growth\nlead: \"@alice\"\nmembers: [\"@alice\", \"@bob\"]\nmission: Onboarding\nnot_doing: [SSO]\n",
    )
    .write(
        "planning/goals/g-1.md",
        "+++\nid = \"G-1\"\nteam = \"growth\"\nowner = \"@bob\"\nstatus = \"proposed\"\n+++\n# One\n## Why\nBecause.\n## Done when\n- [ ] It works for 10 customers\n## Adoption\n- Sales uses it\n",
    )
    .write(
        "planning/more-goals.toml",
        "[[goal]]\nid = \"G-2\"\nteam = \"growth\"\nowner = \"@alice\"\nstatus = \"proposed\"\nwhy = \"x\"\ndone_when = [\"y ships\"]\nadoption = \"z\"\n\n[[goal]]\nid = \"G-3\"\nteam = \"growth\"\nowner = \"TBD\"\nstatus = \"proposed\"\nwhy = \"x\"\ndone_when = [\"y ships\"]\nadoption = \"z\"\n",
    )
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(
        run.stdout,
        "planning/more-goals.toml:13:9: error[goal-owner] goal `G-3` has no owner: `TBD` is a placeholder\n",
        "{}",
        run.stderr
    );
    let json = repo.planlint(&["check", "--format", "json"]);
    assert!(
        json.stdout
            .contains("\"summary\": {\n    \"files\": 3,\n    \"teams\": 1,\n    \"goals\": 3,"),
        "{}",
        json.stdout
    );
}

/// Builds the fixture plan of `tests/fixtures/json-plan` in a new repository.
fn fixture_plan() -> Repo {
    let repo = Repo::git();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json-plan");
    for path in [
        "planning/teams/growth.md",
        "planning/goals/g-1.md",
        "planning/goals/g-2.md",
    ] {
        let text = std::fs::read_to_string(fixture.join(path)).expect("fixture");
        repo.write(path, &text);
    }
    repo.commit("fixture");
    repo
}

#[test]
fn json_output_is_pinned_byte_for_byte() {
    let repo = fixture_plan();
    let run = repo.planlint(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/json-plan.expected.json"),
    )
    .expect("expected output");
    assert_eq!(run.stdout, expected);
}

#[test]
fn bare_repositories_worktrees_and_detached_heads_work() {
    let repo = fixture_plan();
    let work = Repo::plain();
    let bare = work.path().join("bare.git");
    let url = repo.path().to_string_lossy().to_string();
    work.git_cmd(&["clone", "-q", "--bare", &url, &bare.to_string_lossy()]);
    let expected = repo.planlint(&["check", "--format", "concise"]).stdout;
    let run = common::planlint_in(&bare, &["check", "--format", "concise", "--rev", "HEAD"]);
    assert_eq!((run.code, &run.stdout), (1, &expected), "{}", run.stderr);
    let run = common::planlint_in(&bare, &["check"]);
    assert_eq!(
        run.code, 2,
        "a bare repository has no work tree: {}",
        run.stdout
    );

    let linked = work.path().join("linked");
    repo.git_cmd(&["worktree", "add", "-q", &linked.to_string_lossy()]);
    let run = common::planlint_in(&linked.join("planning"), &["check", "--format", "concise"]);
    // Run from `planning/`, paths are relative to it.
    let from_planning: String = expected
        .lines()
        .map(|line| format!("{}\n", line.strip_prefix("planning/").unwrap_or(line)))
        .collect();
    assert_eq!(
        (run.code, &run.stdout),
        (1, &from_planning),
        "{}",
        run.stderr
    );

    repo.git_cmd(&["checkout", "-q", "--detach", "HEAD"]);
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!((run.code, &run.stdout), (1, &expected), "{}", run.stderr);
}

/// Files planlint writes get the mode any program's would under the
/// user's umask (a SARIF file is read by the job's next step, maybe as
/// another user), and a file it replaces keeps its own.
#[cfg(unix)]
#[test]
fn written_files_get_the_usual_mode_and_replaced_ones_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let repo = clean_plan();
    let mode = |name: &str| {
        let meta = std::fs::metadata(repo.path().join(name)).expect(name);
        meta.permissions().mode() & 0o777
    };
    let run_with_umask = |umask: &str, args: &str| {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" {args}",))
            .arg(env!("CARGO_BIN_EXE_planlint"))
            .current_dir(repo.path())
            .status()
            .expect("run planlint");
        assert!(status.success(), "{args}");
    };
    run_with_umask(
        "022",
        "check --output sarif:out.sarif --output json:shared.json",
    );
    assert_eq!(mode("out.sarif"), 0o644);
    run_with_umask("027", "new goal quiet-launch");
    assert_eq!(mode("planning/goals/quiet-launch.md"), 0o640);
    std::fs::set_permissions(
        repo.path().join("shared.json"),
        std::fs::Permissions::from_mode(0o664),
    )
    .expect("chmod");
    run_with_umask("077", "check --fail-on never --output json:shared.json");
    assert_eq!(mode("shared.json"), 0o664);
}

/// Options tuned low enough make a count 1: the built-in messages say so in
/// the singular, and stay plural for the other counts.
#[test]
fn tuned_limits_read_in_the_singular_for_a_count_of_one() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write(
            "planning/teams/solo.md",
            "---\nlead: \"@zoe\"\nmembers: [\"@zoe\"]\nmission: One thing well\n---\n# Solo\n\n## Not doing\n- Everything else\n",
        )
        .write("planning/goals/g-107.md", CLEAN_GOAL);
    repo.git_cmd(&["add", "-A"]);
    repo.git_at(&["commit", "-q", "-m", "plan"], "2026-11-01T12:00:00Z");
    let next = CLEAN_GOAL
        .replace("id: G-107", "id: G-2")
        .replace("owner: \"@bob\"", "owner: \"@carol\"")
        .replace("2026-Q4", "2027-Q1");
    repo.write("planning/goals/g-2.md", &next)
        .write(
            "planlint.toml",
            "[rules.team-size]\nmax = 0\n\n[rules.owner-load]\nmax-active = 0\n\n[rules.team-focus]\nmax-active = 1\n\n[rules.stale-goal]\ndays = 0\n\n[rules.plan-horizon]\nmax-quarters = 0\n",
        )
        .commit("more");
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "planning/goals/g-107.md:4:8: warning[owner-load] `@bob` owns 1 active goal (`G-107`); the limit is 0
planning/goals/g-107.md:8:1: warning[stale-goal] goal `G-107` is active but its document has not changed for 1 day; the limit is 0
planning/goals/g-2.md:4:8: warning[owner-load] `@carol` owns 1 active goal (`G-2`); the limit is 0
planning/goals/g-2.md:6:10: warning[plan-horizon] goal `G-2` is planned for 2027-Q1, 1 quarter ahead; the plan reaches 2026-Q4 at most
planning/teams/growth.md:4:1: error[team-size] team `growth` has 3 members; the limit is 0
planning/teams/growth.md:7:1: warning[team-focus] team `growth` has 2 active goals (`G-107`, `G-2`); the limit is 1
planning/teams/solo.md:3:1: error[team-size] team `solo` has 1 member; the limit is 0
"
    );
    let run = repo.planlint(&["check", "--format", "json", "--fail-on", "never"]);
    assert!(
        run.stdout.contains(
            "\"help\": \"finish or pause goals until at most 1 is in progress or at risk\""
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_link_with_a_typo_names_the_ids_one_edit_away() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write(
            "planning/teams/grow.md",
            &CLEAN_TEAM.replace("Growth", "Grow"),
        )
        .write(
            "planning/teams/search.md",
            &CLEAN_TEAM.replace("Growth", "Search"),
        );
    // Swapped, left out, added, changed; one edit from two teams; two
    // edits away; far from any.
    for (stem, team) in [
        ("swapped", "growht"),
        ("one-of", "growt"),
        // Shares `earch` with `search` (each without its `s`), two edits.
        ("rotated", "earchs"),
        ("left-out", "sarch"),
        ("added", "searchh"),
        ("changed", "seerch"),
        ("two-edits", "srach"),
        ("far", "billing"),
    ] {
        let goal = CLEAN_GOAL.replace("team: growth", &format!("team: {team}"));
        repo.write(&format!("planning/goals/{stem}.md"), &goal);
    }
    repo.commit("plan");
    let run = repo.planlint(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let helps: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "goal-team")
        .map(|d| {
            let help = d["help"].as_str().unwrap_or("");
            let meant = help.split_once("; ").map_or("", |(_, meant)| meant);
            (
                d["path"].as_str().unwrap_or("").to_string(),
                meant.to_string(),
            )
        })
        .collect();
    let expected = [
        ("planning/goals/added.md", "did you mean `search`?"),
        ("planning/goals/changed.md", "did you mean `search`?"),
        ("planning/goals/far.md", ""),
        ("planning/goals/left-out.md", "did you mean `search`?"),
        (
            "planning/goals/one-of.md",
            "did you mean one of `grow`, `growth`?",
        ),
        ("planning/goals/rotated.md", ""),
        ("planning/goals/swapped.md", "did you mean `growth`?"),
        ("planning/goals/two-edits.md", ""),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(path, meant)| (path.to_string(), meant.to_string()))
        .collect();
    assert_eq!(helps, expected, "{}", run.stdout);
}

/// A file whose lines end with a lone `\r` (old Mac files) is read line by
/// line, and its findings are reported at those lines, in the snippet too.
#[test]
fn lone_carriage_returns_end_lines() {
    let repo = Repo::git();
    repo.write(
        "planning/goals/cr.md",
        "---\rowner: \"@a\"\rteam: nope\r---\r# T\r## Done when\r- [ ] x\r",
    )
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert!(
        run.stdout.starts_with(
            "planning/goals/cr.md:3:7: error[goal-team] goal `cr` names team `nope`, which does not exist\n\
             planning/goals/cr.md:5:1: error[adoption-step] goal `cr` has no adoption step\n"
        ),
        "{}",
        run.stdout
    );
    let human = repo.planlint(&["check", "--color", "never", "--fail-on", "never"]);
    assert!(
        human.stdout.contains(" 3 │ team: nope\n"),
        "{}",
        human.stdout
    );
}

/// A section that is there but empty, or a placeholder, is told to be
/// filled in, not added (the built-in rules' `helps`).
#[test]
fn an_empty_section_is_told_to_be_filled_in() {
    let repo = clean_plan();
    let help_of = |repo: &Repo| -> String {
        let run = repo.planlint(&["check", "--format", "json", "--fail-on", "never"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let found = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["rule"] == "adoption-step")
            .cloned();
        found
            .map(|d| d["help"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    let adoption = "## Adoption\n- Support switches the onboarding email to the new flow and confirms it works.\n";
    repo.write(
        "planning/goals/g-107.md",
        &CLEAN_GOAL.replace(adoption, "## Adoption\n\n"),
    );
    assert_eq!(
        help_of(&repo),
        "write in it who will use the result, and how they confirm it solved their problem"
    );
    repo.write(
        "planning/goals/g-107.md",
        &CLEAN_GOAL.replace(adoption, "## Adoption\nTBD\n"),
    );
    assert_eq!(
        help_of(&repo),
        "replace `TBD` with who will use the result, and how they confirm it solved their problem"
    );
    repo.write("planning/goals/g-107.md", &CLEAN_GOAL.replace(adoption, ""));
    assert_eq!(help_of(&repo), "add an `## Adoption` section: who will use the result, and how they confirm it solved their problem");
}
