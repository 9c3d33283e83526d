//! Adopting planlint on a plan that already breaks rules: inline
//! suppressions, per-path ignores, and a baseline.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

fn plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .commit("plan");
    repo
}

fn concise(repo: &Repo, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(extra);
    let run = repo.planlint(&args);
    assert_ne!(run.code, 2, "{}", run.stderr);
    (run.code, run.stdout)
}

/// A goal with no why section (a `goal-why` warning) and a vague done criterion.
const FLAWED_GOAL: &str = "---\nteam: growth\nowner: \"@bob\"\nstatus: proposed\n---\n# Flawed\n\n## Done when\n- basically done\n\n## Adoption\n- Support uses it.\n";

#[test]
fn markdown_disable_next_line_silences_one_rule_for_the_entity() {
    let repo = plan();
    repo.write("planning/goals/flawed.md", FLAWED_GOAL);
    let (_, before) = concise(&repo, &[]);
    assert!(before.contains("warning[goal-why]"), "{before}");
    let suppressed = FLAWED_GOAL.replace(
        "# Flawed",
        "<!-- planlint-disable-next-line goal-why -- why lives in the roadmap -->\n# Flawed",
    );
    repo.write("planning/goals/flawed.md", &suppressed);
    let (code, after) = concise(&repo, &[]);
    assert!(!after.contains("[goal-why]"), "{after}");
    assert!(
        after.contains("error[done-criteria]"),
        "other rules still run: {after}"
    );
    assert_eq!(code, 1);
}

#[test]
fn markdown_disable_and_enable_cover_a_block() {
    let repo = plan();
    let text = FLAWED_GOAL
        .replace(
            "## Done when",
            "<!-- planlint-disable done-criteria -->\n## Done when",
        )
        .replace("## Adoption", "<!-- planlint-enable -->\n## Adoption");
    repo.write("planning/goals/flawed.md", &text);
    let (code, out) = concise(&repo, &[]);
    assert!(!out.contains("[done-criteria]"), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn frontmatter_ignore_covers_the_whole_document() {
    let repo = plan();
    let text = FLAWED_GOAL.replace(
        "status: proposed",
        "status: proposed\nplanlint-ignore: [goal-why, done-criteria]",
    );
    repo.write("planning/goals/flawed.md", &text);
    let (code, out) = concise(&repo, &[]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn data_file_comment_covers_the_entity_on_the_next_line() {
    let repo = plan();
    let data = "# planlint-ignore goal-owner -- hiring an owner in January\n[[goal]]\nid = \"G-9\"\nteam = \"growth\"\nowner = \"TBD\"\nstatus = \"proposed\"\nwhy = \"x\"\ndone_when = [\"y\"]\nadoption = \"z\"\n";
    repo.write("planning/more.toml", data);
    let (code, out) = concise(&repo, &[]);
    assert_eq!((code, out.as_str()), (0, ""));
    repo.write(
        "planning/more.toml",
        &data.replace(
            "# planlint-ignore goal-owner -- hiring an owner in January\n",
            "",
        ),
    );
    let (code, out) = concise(&repo, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("error[goal-owner]"), "{out}");
}

#[test]
fn a_suppression_that_silences_nothing_is_reported() {
    let repo = plan();
    let text = CLEAN_GOAL.replace(
        "## Why",
        "<!-- planlint-disable-next-line goal-why -->\n## Why",
    );
    repo.write("planning/goals/g-107.md", &text);
    let (_, out) = concise(&repo, &[]);
    assert_eq!(
        out,
        "planning/goals/g-107.md:10:1: warning[unused-suppression] this suppression of `goal-why` silences nothing\n"
    );
    let typo = CLEAN_GOAL.replace(
        "## Why",
        "<!-- planlint-disable-next-line goal-whyy -->\n## Why",
    );
    repo.write("planning/goals/g-107.md", &typo);
    let run = repo.planlint(&["check", "--format", "json"]);
    assert!(
        run.stdout
            .contains("suppression names `goal-whyy`, which is not a rule"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `goal-why`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn per_path_ignores_drop_findings_there() {
    let repo = plan();
    repo.write("planning/goals/legacy/flawed.md", FLAWED_GOAL);
    assert_eq!(concise(&repo, &[]).0, 1);
    repo.write("planlint.toml", "[[ignore]]\npaths = [\"planning/goals/legacy/**\"]\nrules = [\"done-criteria\"]\nreason = \"archived goals\"\n");
    let (code, out) = concise(&repo, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning[goal-why]"),
        "only the named rule is ignored: {out}"
    );
    repo.write(
        "planlint.toml",
        "[[ignore]]\npaths = [\"planning/goals/legacy/**\"]\n",
    );
    assert_eq!(concise(&repo, &[]), (0, String::new()));
}

#[test]
fn a_baseline_reports_only_new_findings_and_survives_edits() {
    let repo = plan();
    repo.write("planning/goals/flawed.md", FLAWED_GOAL)
        .write(
            "planning/teams/big.md",
            "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
        )
        .commit("flawed");
    let baseline = repo.path().join("planlint-baseline.json");
    let base_arg = baseline.to_string_lossy().to_string();
    let run = repo.planlint(&["check", "--write-baseline", &base_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("planlint: recorded 6 findings in "),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(&baseline).expect("baseline written");
    assert!(
        written.starts_with("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\":"),
        "{written}"
    );
    // A report asked for beside it would not be written: refused, not dropped.
    let both = repo.planlint(&[
        "check",
        "--write-baseline",
        &base_arg,
        "--output",
        "sarif:report.sarif",
    ]);
    assert_eq!(both.code, 2);
    assert!(both.stderr.starts_with(
        "error: the argument '--write-baseline <FILE>' cannot be used with '--output <FORMAT:FILE>'\n"
    ), "{}", both.stderr);
    assert!(!repo.path().join("report.sarif").exists());
    let again = repo.planlint(&["check", "--write-baseline", &base_arg]);
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::read_to_string(&baseline).expect("read"),
        written,
        "deterministic"
    );

    assert_eq!(
        concise(&repo, &["--baseline", &base_arg]),
        (0, String::new())
    );

    // Line drift, another member, a renamed file: still the same findings.
    let drifted = FLAWED_GOAL.replace("# Flawed", "# Flawed\n\nSome new context.\nMore lines.\n");
    std::fs::remove_file(repo.path().join("planning/goals/flawed.md")).expect("rm");
    repo.write("planning/goals/sub/flawed.md", &drifted).write(
        "planning/teams/big.md",
        "---\nmembers: [a, b, c, d, e, f, g, h]\n---\n\n# Big\n",
    );
    let (code, out) = concise(&repo, &["--baseline", &base_arg]);
    assert_eq!((code, out.as_str()), (0, ""), "{out}");

    // A new defect is reported.
    repo.write(
        "planning/goals/new.md",
        &FLAWED_GOAL.replace("owner: \"@bob\"", "owner: TBD"),
    );
    let (code, out) = concise(&repo, &["--baseline", &base_arg]);
    assert_eq!(code, 1);
    assert!(out.contains("planning/goals/new.md"), "{out}");
    assert!(!out.contains("flawed.md"), "{out}");

    // A fixed finding drops out when the baseline is rewritten.
    std::fs::remove_file(repo.path().join("planning/teams/big.md")).expect("rm");
    repo.planlint(&["check", "--write-baseline", &base_arg]);
    let rewritten = std::fs::read_to_string(&baseline).expect("read");
    assert!(!rewritten.contains("team:big"), "{rewritten}");
}

/// A count going from 2 to 1 changes the words it chose ("2 of its 3 done
/// criteria are" becomes "1 of its 3 done criteria is"): the finding stays
/// the baseline's and keeps its fingerprint, as when a count goes from 8 to
/// 9, and a baseline written before messages chose words still matches.
#[test]
fn a_baseline_matches_a_finding_whose_count_falls_to_one() {
    let repo = plan();
    let criteria = "- [ ] 40% of new organisations send a first event within a day\n";
    let done = |ticks: &str| {
        CLEAN_GOAL
            .replace("status: in-progress", "status: done")
            .replace(criteria, ticks)
    };
    repo.write(
        "planning/goals/g-107.md",
        &done("- [ ] Flow live\n- [ ] Email sent\n- [x] Docs written\n"),
    )
    .commit("done");
    let baseline = repo.path().join("planlint-baseline.json");
    let base_arg = baseline.to_string_lossy().to_string();
    let run = repo.planlint(&["check", "--write-baseline", &base_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entry = "{\"rule\":\"done-is-done\",\"entity\":\"goal:G-107\",\"message\":\"goal `G-#` is marked done, but # of its # done criteria are not ticked\",\"count\":1}";
    let written = std::fs::read_to_string(&baseline).expect("baseline written");
    assert!(written.contains(entry), "{written}");
    let fingerprints = |repo: &Repo| {
        let run = repo.planlint(&["check", "--format", "sarif", "--fail-on", "never"]);
        let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("sarif");
        sarif["runs"][0]["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["ruleId"] == "done-is-done")
            .map(|r| r["partialFingerprints"].to_string())
            .collect::<Vec<_>>()
    };
    let before = fingerprints(&repo);
    assert_eq!(before.len(), 1);

    repo.write(
        "planning/goals/g-107.md",
        &done("- [x] Flow live\n- [ ] Email sent\n- [x] Docs written\n"),
    );
    let (code, out) = concise(&repo, &[]);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "planning/goals/g-107.md:15:1: error[done-is-done] goal `G-107` is marked done, but 1 of its 3 done criteria is not ticked\n"
        )
    );
    assert_eq!(
        concise(&repo, &["--baseline", &base_arg]),
        (0, String::new())
    );
    assert_eq!(fingerprints(&repo), before);

    // The entry as a version that wrote "are" for every count recorded it.
    std::fs::write(
        &baseline,
        format!("{{\n  \"version\": 1,\n  \"findings\": [\n    {entry}\n  ]\n}}\n"),
    )
    .expect("write");
    assert_eq!(
        concise(&repo, &["--baseline", &base_arg]),
        (0, String::new())
    );
}

#[test]
fn a_missing_or_broken_baseline_is_an_error() {
    let repo = plan();
    let run = repo.planlint(&["check", "--baseline", "nope.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read baseline `nope.json`"),
        "{}",
        run.stderr
    );
    repo.write("bad.json", "{}");
    let run = repo.planlint(&["check", "--baseline", "bad.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a planlint baseline"),
        "{}",
        run.stderr
    );
}

#[test]
fn extend_layers_a_shared_config() {
    let repo = plan();
    repo.write("planning/teams/big.md", "---\nlead: \"@a\"\nmembers: [\"@a\", b, c, d, e, f, g]\nmission: m\n---\n# Big\n## Not doing\n- x\n");
    repo.write(
        "org/planlint.toml",
        "[rules.team-size]\nmax = 7\nlevel = \"warning\"\n",
    );
    repo.write(
        "planlint.toml",
        "extend = \"org/planlint.toml\"\n[rules.team-size]\nlevel = \"error\"\n",
    );
    let (code, out) = concise(&repo, &[]);
    assert_eq!(
        (code, out.as_str()),
        (0, ""),
        "max comes from the shared config"
    );
    let shown = repo.planlint(&["check", "--show-config"]);
    assert_eq!(shown.code, 0);
    assert!(
        shown
            .stdout
            .contains("[rules.team-size]\nlevel = \"error\"\nmax = 7\n"),
        "{}",
        shown.stdout
    );
}

/// `planlint completions SHELL | head` and `planlint man | head`: a reader
/// that stops early closes the pipe; planlint says nothing of an internal
/// error and exits 2 instead of panicking.
#[test]
fn a_closed_pipe_ends_completions_and_man_without_a_panic() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = std::process::Command::new(common::binary())
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run planlint");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// A full disk on standard output (`/dev/full`): every command that prints
/// says it could not write and exits 2. `rules` and `schema` used to end in
/// a caught panic ("this is a bug"), `entities`, `report`, `--help` and
/// `--version` in a silent success, `check` in a silent 2.
#[test]
fn a_full_disk_on_stdout_is_said_and_exits_2_for_every_command() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not a Linux machine: nothing to write into
    };
    let repo = common::Repo::git();
    repo.write(
        "planning/teams/t.md",
        "---\nid: t\nlead: \"@a\"\nmembers: [\"@a\"]\n---\n# T\n",
    )
    .commit("plan");
    for args in [
        &["rules"][..],
        &["rule", "team-size"],
        &["schema"],
        &["check"],
        &["check", "--format", "json"],
        &["check", "--show-config"],
        &["entities"],
        &["report"],
        &["man"],
        &["--help"],
        &["--version"],
        &["check", "--help"],
        &["help", "check"],
    ] {
        let out = std::process::Command::new(common::binary())
            .args(args)
            .current_dir(repo.path())
            .stdout(full.try_clone().expect("clone"))
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run planlint");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr,
            "planlint: error: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}
