//! A new user's first run, as they run the built binary: `planlint init` on
//! an empty repository and on plans in other layouts (the shared corpus),
//! `planlint new` from a title, and `planlint report` in each format (pinned
//! for `tests/fixtures/report`).

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};
use std::collections::BTreeMap;
use std::path::Path;

fn crate_path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A committed repository holding a copy of `folder` (relative to the crate).
fn repo_of(folder: &str) -> Repo {
    let repo = Repo::git();
    copy_dir(&crate_path(folder), repo.path());
    repo.commit("plan");
    repo
}

/// Every file under `dir` (but `.git`) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).expect("inside").to_string_lossy();
                out.insert(name.into_owned(), std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// The goals `planlint entities` finds, as JSON.
fn goals(repo: &Repo) -> Vec<serde_json::Value> {
    entities_of(repo, "goal")
}

/// The entities of `kind` that `planlint entities` finds, as JSON.
fn entities_of(repo: &Repo, kind: &str) -> Vec<serde_json::Value> {
    let run = repo.planlint(&["entities", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let sources = json["sources"].as_array().expect("sources");
    (sources.iter())
        .flat_map(|source| source["entities"].as_array().expect("entities").clone())
        .filter(|entity| entity["kind"] == kind)
        .collect()
}

/// The first value of a goal's field, if it has one.
fn field<'a>(goal: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    goal["fields"][name]["values"][0]["text"].as_str()
}

/// The rules that `planlint check` reports on every goal, by the goal's
/// file and id.
fn rules_failed_by_every_goal(repo: &Repo) -> std::collections::BTreeSet<String> {
    rules_failed_by_every(repo, "goal")
}

/// The rules that `planlint check` reports on every entity of `kind`, by
/// the entity's file and id.
fn rules_failed_by_every(repo: &Repo, kind: &str) -> std::collections::BTreeSet<String> {
    let every: std::collections::BTreeSet<(String, String)> = entities_of(repo, kind)
        .iter()
        .map(|g| {
            (
                g["path"].as_str().unwrap().to_string(),
                g["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let run = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let mut failed: BTreeMap<String, std::collections::BTreeSet<(String, String)>> =
        BTreeMap::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        if d["entity"]["kind"] == kind {
            failed
                .entry(d["rule"].as_str().unwrap().to_string())
                .or_default()
                .insert((
                    d["path"].as_str().unwrap().to_string(),
                    d["entity"]["id"].as_str().unwrap().to_string(),
                ));
        }
    }
    (failed.into_iter())
        .filter(|(_, found)| found.is_superset(&every))
        .map(|(rule, _)| rule)
        .collect()
}

/// `planlint init` in `repo`, which says what the guessed sources read
/// (`2 goals`, `2 goals and 1 team`).
fn init_reading(repo: &Repo, read: &str) -> common::Run {
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected =
        format!("created planlint.toml\n\nWith the guessed sources, planlint reads {read}.\n");
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    run
}

/// The messages of `planlint check` that speak of a goal and a team: a
/// goal's team that does not exist, an owner outside the goal's team.
fn goal_team_findings(repo: &Repo) -> Vec<String> {
    let check = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    (json["diagnostics"].as_array().expect("diagnostics").iter())
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("team") && m.contains("goal"))
        .map(str::to_string)
        .collect()
}

/// The ids of the goals `planlint entities` finds.
fn goal_ids(repo: &Repo) -> Vec<String> {
    let run = repo.planlint(&["entities", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let mut ids = Vec::new();
    for source in json["sources"].as_array().expect("sources") {
        for entity in source["entities"].as_array().expect("entities") {
            if entity["kind"] == "goal" {
                ids.push(entity["id"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    ids
}

const PLACEHOLDERS_OF_INIT: &str = "\
planning/goals/example-goal.md:11:1: warning[goal-why] goal `example-goal` does not say why it matters: `TBD` is a placeholder
planning/goals/example-goal.md:15:1: error[done-criteria] goal `example-goal` has no done criteria: `TBD` is a placeholder
planning/goals/example-goal.md:19:1: error[adoption-step] goal `example-goal` has no adoption step: `TBD` is a placeholder
planning/teams/example-team.md:5:10: warning[team-mission] team `example-team`'s mission is a placeholder: `TBD`
planning/teams/example-team.md:11:1: warning[non-goals] team `example-team`'s `Not doing` section is a placeholder: `TBD`
";

#[test]
fn init_on_an_empty_repository_then_check_flags_only_the_placeholders() {
    let repo = Repo::git();
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created planlint.toml\ncreated planning/teams/example-team.md\ncreated planning/goals/example-goal.md\n\nNext:\n  planlint check        lint the plan; each `TBD` is reported until you fill it in\n  planlint new goal \"Title\" --team example-team --owner @you\n  planlint install-hook check what you commit\n  CI: add `uses: planlint/planlint@v1` to a pull-request workflow (see the README)\n"
    );
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.starts_with(
            "#:schema https://raw.githubusercontent.com/planlint/planlint/main/planlint.schema.json\n# planlint configuration"
        ),
        "{config}"
    );
    assert!(config.lines().all(|l| l.is_empty() || l.starts_with('#')));
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (1, PLACEHOLDERS_OF_INIT)
    );
    assert_eq!(check.stderr, "");
}

/// Documents that hold no plan planlint can read (OKRs that name no
/// owner) are not taken for an empty repository: init says what it
/// looked at and how it finds a goal, and still offers the examples.
#[test]
fn init_says_what_it_looked_at_when_it_finds_no_plan() {
    let repo = Repo::git();
    repo.write(
        "okr/q3.md",
        "# Q3 OKRs\n\n## Objective 1: Faster onboarding\n\n- Key Result 1: setup under 10 minutes\n",
    )
    .write("okr/q4.md", "# Q4 OKRs\n\n## Objective 1: Fewer pages\n")
    .commit("okrs");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created planlint.toml\ncreated planning/teams/example-team.md\ncreated planning/goals/example-goal.md\n\nplanlint looked at 2 Markdown and data files and found no team or goal it can read: none names an owner (or a team's members) in a way it knows. planlint.toml says which ways those are; list [[source]] entries there for your documents, or start from the example team and goal.\n\nNext:\n  planlint check        lint the plan; each `TBD` is reported until you fill it in\n  planlint new goal \"Title\" --team example-team --owner @you\n  planlint install-hook check what you commit\n  CI: add `uses: planlint/planlint@v1` to a pull-request workflow (see the README)\n"
    );
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("\n# planlint looked at 2 Markdown and data files here and found no team\n# or goal it can read. It finds a goal by its owner: `owner:` in its\n"),
        "{config}"
    );
    assert!(config.lines().all(|l| l.is_empty() || l.starts_with('#')));
}

#[test]
fn init_twice_changes_nothing_and_dry_run_writes_nothing() {
    let repo = Repo::git();
    let dry = repo.planlint(&["init", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(files(repo.path()).is_empty(), "--dry-run wrote files");
    assert!(dry
        .stdout
        .starts_with("would create planlint.toml:\n#:schema https://"));
    assert!(dry
        .stdout
        .contains("would create planning/goals/example-goal.md:\n---\nid: \"example-goal\"\n"));

    assert_eq!(repo.planlint(&["init"]).code, 0);
    let before = files(repo.path());
    let again = repo.planlint(&["init"]);
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (
            0,
            "planlint.toml exists; nothing to do (planlint never overwrites a file)\n"
        )
    );
    assert_eq!(files(repo.path()), before);
}

/// A config that is a symlink to nothing is named as such: init writes
/// through no symlink, and says what to do.
#[cfg(unix)]
#[test]
fn init_names_a_config_symlink_to_nothing() {
    let repo = Repo::git();
    std::os::unix::fs::symlink("nowhere.toml", repo.path().join(".planlint.toml"))
        .expect("symlink");
    let run = repo.planlint(&["init"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            ".planlint.toml is a symlink to nothing; nothing to do (planlint never writes through a symlink): remove it, then run `planlint init` again\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("nowhere.toml").exists());
    assert!(!repo.path().join("planlint.toml").exists());
}

#[test]
fn init_never_overwrites_an_example_document() {
    let repo = Repo::git();
    repo.write("planning/goals/example-goal.md", "mine\n")
        .write(
            "planning/roadmap.md",
            "| Goal | Owner | Team |\n|---|---|---|\n| A | @a | t |\n",
        );
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A plan in the canonical layout exists: only the config is written, with
    // no guess about the other documents.
    assert_eq!(run.stdout.lines().next(), Some("created planlint.toml"));
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(!config.contains("\n[[source]]"), "{config}");
    assert!(!repo.path().join("planning/teams/example-team.md").exists());
    assert_eq!(
        std::fs::read_to_string(repo.path().join("planning/goals/example-goal.md")).expect("read"),
        "mine\n"
    );
}

#[cfg(unix)]
#[test]
fn init_writes_no_example_through_a_planning_symlink() {
    let repo = Repo::git();
    let outside = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(outside.path(), repo.path().join("planning")).expect("symlink");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().next(), Some("created planlint.toml"));
    assert_eq!(std::fs::read_dir(outside.path()).expect("read").count(), 0);
}

#[test]
fn init_guesses_document_sources_that_find_the_rust_project_goals() {
    let repo = repo_of("tests/corpus/rust-project-goals");
    let run = init_reading(&repo, "42 goals");
    assert!(
        run.stdout.contains("goals.\nEvery goal fails "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            ".\nplanlint.toml says how to map your names onto planlint's, or turn a rule off.\n\nNext:\n  planlint entities"
        ),
        "{}",
        run.stdout
    );
    assert!(!repo.path().join("planning").exists());
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    let guessed = "# planlint guessed where your plan is from the documents it found:
# - src/2025h1/*.md: one goal per file (42 files read have a metadata table with an owner row)
# - statuses, read as planlint's: `Accepted` as `committed`, `Not accepted`
#   as `dropped`
# Check the guess with `planlint entities` (every goal it reads, with its
# owner and the line it is on), then `planlint check`. Fix a source by
# editing it: see the README's \"Sources\".

[[source]]
kind = \"goal\"
paths = [\"src/2025h1/*.md\"]
exclude = [\"src/2025h1/README.md\", \"src/2025h1/goals.md\", \"src/2025h1/not_accepted.md\"]

[source.fields]
owner = [\"point of contact\"]
status = { map = { \"Accepted\" = \"committed\", \"Not accepted\" = \"dropped\" } }
";
    assert!(config.contains(guessed), "{config}");
    let ids = goal_ids(&repo);
    assert_eq!(ids.len(), 42, "{ids:?}");
    for id in [
        "async",
        "Polonius",
        "cargo-script",
        "verification-and-mirroring",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    // Every goal has its point of contact as its owner: no goal-owner finding.
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(!check.stdout.contains("goal-owner"), "{}", check.stdout);
}

#[test]
fn init_guesses_heading_sources_that_find_the_posthog_objectives() {
    let repo = repo_of("tests/corpus/posthog");
    assert_eq!(repo.planlint(&["init"]).code, 0);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"contents/teams/error-tracking/objectives.mdx\"]\nlevel = 4\n\n[source.fields]\nowner = { heading = '<TeamMember name=\"(?P<value>[^\"]+)\"' }\n"),
        "{config}"
    );
    let ids = goal_ids(&repo);
    assert_eq!(ids.len(), 7, "{ids:?}");
    assert_eq!(ids[1], "objective-2-grouping-group-once-correctly");
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(!check.stdout.contains("goal-owner"), "{}", check.stdout);
}

fn clean_plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .commit("plan");
    repo
}

#[test]
fn new_goal_from_a_title_passes_the_structural_rules_and_marks_the_rest() {
    let repo = clean_plan();
    let run = repo.planlint(&[
        "new",
        "goal",
        "Faster onboarding",
        "--team",
        "growth",
        "--owner",
        "@carol",
        "--quarter",
        "2026-Q4",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created planning/goals/faster-onboarding.md; fill in each `TBD`, then run `planlint check`\n"
    );
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            1,
            "planning/goals/faster-onboarding.md:12:1: warning[goal-why] goal `faster-onboarding` does not say why it matters: `TBD` is a placeholder
planning/goals/faster-onboarding.md:16:1: error[done-criteria] goal `faster-onboarding` has no done criteria: `TBD` is a placeholder
planning/goals/faster-onboarding.md:20:1: error[adoption-step] goal `faster-onboarding` has no adoption step: `TBD` is a placeholder
"
        )
    );
    // Without a team and an owner, those are placeholders the rules point at.
    let bare = repo.planlint(&["new", "goal", "Cheaper storage"]);
    assert_eq!(bare.code, 0, "{}", bare.stderr);
    let check = repo.planlint(&["check", "--format", "concise"]).stdout;
    assert!(
        check.contains(
            "error[goal-owner] goal `cheaper-storage` has no owner: `TBD` is a placeholder"
        ),
        "{check}"
    );
}

#[test]
fn new_team_is_named_by_its_title_and_flags_what_to_fill_in() {
    let repo = clean_plan();
    let run = repo.planlint(&["new", "team", "Data Platform", "--lead", "@dan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(repo.path().join("planning/teams/data-platform.md")).expect("team");
    assert!(text.starts_with("---\nname: \"Data Platform\"\nlead: \"@dan\"\nmembers: [\"@dan\"]\n"));
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(
        check.stdout,
        "planning/teams/data-platform.md:5:10: warning[team-mission] team `data-platform`'s mission is a placeholder: `TBD`
planning/teams/data-platform.md:11:1: warning[non-goals] team `data-platform`'s `Not doing` section is a placeholder: `TBD`
"
    );
}

#[test]
fn new_refuses_an_id_the_plan_has_anywhere_and_never_overwrites() {
    let repo = clean_plan();
    // The id is taken by a goal in a file of another name.
    repo.write(
        "planning/goals/q4/activation.md",
        &CLEAN_GOAL.replace("id: G-107", "id: raise-activation"),
    );
    let run = repo.planlint(&["new", "goal", "Raise activation!", "--team", "growth"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "a goal with the id `raise-activation` exists already, in planning/goals/q4/activation.md"
        ),
        "{}",
        run.stderr
    );
    assert!(!repo
        .path()
        .join("planning/goals/raise-activation.md")
        .exists());
    // A file a Windows checkout could not hold is not made.
    let device = repo.planlint(&["new", "team", "AUX"]);
    assert_eq!(device.code, 2);
    assert!(
        device.stderr.contains(
            "the id `aux` made from the title names a device on Windows, where no file `aux.md` can be"
        ),
        "{}",
        device.stderr
    );
    assert!(!repo.path().join("planning/teams/aux.md").exists());
    let title_only_symbols = repo.planlint(&["new", "goal", "?!"]);
    assert_eq!(title_only_symbols.code, 2);
    assert!(title_only_symbols
        .stderr
        .contains("has no letters or digits to make an id from"));
    // A team id is checked against teams (by id or name), whatever the file.
    let team = repo.planlint(&["new", "team", "Growth"]);
    assert_eq!(team.code, 2);
    assert!(team
        .stderr
        .contains("a team with the id `growth` exists already"));
    let misplaced = repo.planlint(&["new", "goal", "Search", "--lead", "@ana"]);
    assert_eq!(misplaced.code, 2);
    assert!(
        misplaced
            .stderr
            .contains("`--lead` does not apply to a goal"),
        "{}",
        misplaced.stderr
    );
    // `../` cannot escape: the id is a slug.
    let escape = repo.planlint(&["new", "team", "../escape"]);
    assert_eq!(escape.code, 0, "{}", escape.stderr);
    assert!(repo.path().join("planning/teams/escape.md").exists());
}

#[test]
fn new_in_another_layout_never_overwrites_and_says_no_source_reads_it() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"heading\"\nlevel = 2\npaths = [\"ROADMAP.md\"]\n",
    )
    .write("ROADMAP.md", "# Roadmap\n\n## Search\nOwner: @ana\n")
    .write("planning/goals/faster-onboarding.md", "notes\n")
    .commit("plan");
    let run = repo.planlint(&["new", "goal", "Faster onboarding"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "`planning/goals/faster-onboarding.md` exists; planlint never overwrites a file"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("planning/goals/faster-onboarding.md"))
            .expect("read"),
        "notes\n"
    );
    let other = repo.planlint(&["new", "goal", "Cheaper storage"]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert_eq!(
        other.stderr,
        "planlint: warning: no `[[source]]` in planlint.toml reads planning/goals/cheaper-storage.md; move it where your plan is, or add a source for it\n"
    );
    // The id is checked against what the configured sources read.
    let taken = repo.planlint(&["new", "goal", "Search"]);
    assert_eq!(taken.code, 2);
    assert!(
        taken
            .stderr
            .contains("a goal with the id `search` exists already, in ROADMAP.md"),
        "{}",
        taken.stderr
    );
}

fn pinned(format: &str, file: &str) {
    let repo = repo_of("tests/fixtures/report");
    let run = repo.planlint(&["report", "--format", format]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = std::fs::read_to_string(crate_path(file)).expect("expected");
    assert_eq!(run.stdout, expected, "{format} report differs from {file}");
    // The same plan gives the same bytes.
    assert_eq!(
        repo.planlint(&["report", "--format", format]).stdout,
        run.stdout
    );
}

/// `entities --format json` on the report's plan, pinned: every source,
/// entity, field and value with its place, keys in alphabetical order.
#[test]
fn entities_json_is_pinned() {
    let repo = repo_of("tests/fixtures/report");
    let run = repo.planlint(&["entities", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = "tests/fixtures/entities.expected.json";
    let expected = std::fs::read_to_string(crate_path(file)).expect("expected");
    assert_eq!(run.stdout, expected, "entities differ from {file}");
}

#[test]
fn report_markdown_is_pinned() {
    pinned("markdown", "tests/fixtures/report.expected.md");
}

#[test]
fn report_html_is_pinned_self_contained_and_escaped() {
    pinned("html", "tests/fixtures/report.expected.html");
    let html = std::fs::read_to_string(crate_path("tests/fixtures/report.expected.html"))
        .expect("expected");
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media print"));
    for absent in ["<script", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(absent), "the page holds {absent}");
    }
    assert!(html.contains("Growth &amp; &lt;Activation&gt;"));
    assert!(html.contains("Slow *page* &lt;b&gt;load&lt;/b&gt;"));
    assert!(html.contains("Cheaper storage &amp; &quot;quotes&quot;"));
}

#[test]
fn report_json_is_pinned() {
    pinned("json", "tests/fixtures/report.expected.json");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate_path("tests/fixtures/report.expected.json"))
            .expect("expected"),
    )
    .expect("json");
    assert_eq!(json["teams"][1]["over_limit"], true);
    assert_eq!(json["owners"][0]["owner"], "@bob");
    assert_eq!(json["issues_without_goal"][0]["id"], "12");
}

/// The status columns: the known statuses, then the five most common
/// others, then one column for the rest. A column for each status written
/// made the table grow with teams times statuses.
#[test]
fn report_columns_are_the_common_statuses_and_one_for_the_rest() {
    let repo = Repo::git();
    let mut plan = String::new();
    for (n, (status, goals)) in [
        ("done", 1),
        ("waiting", 4),
        ("blocked", 3),
        ("paused", 3),
        ("shipped", 2),
        ("later", 2),
        ("maybe", 1),
        ("someday", 1),
    ]
    .into_iter()
    .enumerate()
    {
        for k in 0..goals {
            plan.push_str(&format!(
                "[[goal]]\nid = \"g-{n}-{k}\"\nteam = \"core\"\nstatus = \"{status}\"\n"
            ));
        }
    }
    plan.push_str("[[team]]\nid = \"core\"\nmembers = [\"@ana\"]\n");
    repo.write("planning/plan.toml", &plan).commit("plan");
    let run = repo.planlint(&["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        json["statuses"],
        serde_json::json!([
            "done",
            "blocked",
            "later",
            "paused",
            "shipped",
            "waiting",
            "(other statuses)"
        ]),
        "{}",
        run.stdout
    );
    assert_eq!(
        json["teams"][0]["goals_by_status"]["(other statuses)"], 2,
        "{}",
        run.stdout
    );
    assert_eq!(
        json["teams"][0]["goals_by_status"]["waiting"], 4,
        "{}",
        run.stdout
    );
    // The pie counts each goal once, the folded statuses in one slice.
    let markdown = repo.planlint(&["report"]).stdout;
    assert!(
        markdown.contains("    \"waiting\" : 4\n    \"(other statuses)\" : 2\n```"),
        "{markdown}"
    );
}

/// A goal of three teams is in each team's row, and once in the pie.
#[test]
fn report_pie_counts_a_goal_of_several_teams_once() {
    let repo = Repo::git();
    let mut plan =
        String::from("[[goal]]\nid = \"g-1\"\nteam = [\"a\", \"b\", \"c\"]\nstatus = \"done\"\n");
    for team in ["a", "b", "c"] {
        plan.push_str(&format!(
            "[[team]]\nid = \"{team}\"\nmembers = [\"@ana\"]\n"
        ));
    }
    repo.write("planning/plan.toml", &plan).commit("plan");
    let markdown = repo.planlint(&["report"]).stdout;
    assert!(
        markdown.contains("pie title Goals by status\n    \"done\" : 1\n```"),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&repo.planlint(&["report", "--format", "json"]).stdout).expect("json");
    for team in 0..3 {
        assert_eq!(json["teams"][team]["goals_by_status"]["done"], 1, "{json}");
    }
}

#[test]
fn report_on_a_repository_without_a_plan_says_where_it_looked() {
    let repo = Repo::git();
    repo.write("README.md", "# Hello\n").commit("readme");
    let run = repo.planlint(&["report"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no team, goal or issue found; planlint looked for `planning/issues.json`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`planlint init`"), "{}", run.stderr);
}

#[test]
fn the_schema_has_an_id_that_init_points_at() {
    let run = Repo::plain().planlint(&["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        schema["$id"],
        "https://raw.githubusercontent.com/planlint/planlint/main/planlint.schema.json"
    );
}

/// Teams kept one per TOML or YAML file, with their members or lead at
/// the top, are found as Markdown teams are.
#[test]
fn init_finds_teams_kept_one_per_data_file() {
    let repo = Repo::git();
    for team in ["api", "web"] {
        repo.write(
            &format!("teams/{team}.toml"),
            &format!("name = \"{team}\"\nlead = \"@{team}-lead\"\nmembers = [\"@{team}-lead\", \"@ana\"]\n"),
        );
    }
    repo.write("teams/ops.yaml", "name: ops\nmembers: [\"@bo\"]\n")
        .commit("teams");
    let run = repo.planlint(&["init", "--dry-run"]);
    assert!(
        run.stdout
            .contains("[[source]]\nkind = \"team\"\npaths = [\"teams/*.toml\"]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("[[source]]\nkind = \"team\"\npaths = [\"teams/*.yaml\"]\n"),
        "{}",
        run.stdout
    );
}

/// The columns a guessed config already reads (the owner's, the title's)
/// are not among the fields planlint "has no name for".
#[test]
fn init_lists_only_the_columns_it_does_not_read() {
    let repo = Repo::git();
    repo.write(
        "INITIATIVES.md",
        "# Initiatives\n\n| Initiative | Champion | Links |\n|---|---|---|\n\
         | Core promise APIs | @matteo | #1 |\n| Build toolchain | @michael | #2 |\n",
    )
    .commit("initiatives");
    let run = repo.planlint(&["init", "--dry-run"]);
    assert!(
        run.stdout.contains(
            "# Most of your goals have fields planlint has no name for: `links`. To have\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn init_names_a_table_column_with_its_article() {
    let repo = Repo::git();
    repo.write(
        "proposals.md",
        "# Proposals\n\n| Proposal | Champion | Stage |\n|---|---|---|\n| Decorators | @ana | 3 |\n",
    )
    .commit("proposals");
    let run = repo.planlint(&["init", "--dry-run"]);
    assert!(
        run.stdout.contains(
            "# - proposals.md: one goal per table row (a table with a `Champion` column)\n"
        ),
        "{}",
        run.stdout
    );
    // No issue export yet: its source is offered, commented out, so that
    // no run warns of a missing file before CI writes it.
    assert!(
        run.stdout.contains("\n# Issues: a CI job that writes planning/issues.json before the check\n# (`gh issue list --json ...`, see the README's \"The issue export\") has\n# them read with this source:\n# [[source]]\n# kind = \"issue\"\n# mode = \"data\"\n# paths = [\"planning/issues.json\"]\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn init_guesses_table_heading_and_data_sources_that_find_their_goals() {
    let repo = Repo::git();
    repo.write(
        "planning/roadmap.md",
        "# Roadmap\n\n| Goal | Owner | Status |\n|---|---|---|\n| Faster search | @ana | in-progress |\n| Cheaper storage | @bob | proposed |\n",
    )
    .write(
        "PLAN.md",
        "# Plan 2027\n\n## Billing v2\nOwner: @cy\n\n## Audit log\n**Owner:** @dee\n",
    )
    .write("data/goals.toml", "[[goal]]\nid = \"g-1\"\nowner = \"@eve\"\n")
    .write("README.md", "# Readme\n\nOwner: nobody\n")
    .commit("plan");
    assert_eq!(repo.planlint(&["init"]).code, 0);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "# - PLAN.md: one goal per heading that names an owner
# - data/goals.toml: teams and goals from its data arrays
# - planning/roadmap.md: one goal per table row (a table with an `Owner` column)
"
        ),
        "{config}"
    );
    assert!(config.contains("mode = \"table\"\npaths = [\"planning/roadmap.md\"]\n\n[source.fields]\nowner = { column = \"Owner\" }\n"), "{config}");
    assert_eq!(
        goal_ids(&repo),
        [
            "billing-v2",
            "audit-log",
            "g-1",
            "faster-search",
            "cheaper-storage"
        ]
    );
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(!check.stdout.contains("goal-owner"), "{}", check.stdout);
    // A `planning/` folder in another layout gets no example documents.
    assert!(!repo.path().join("planning/goals").exists());
}

#[test]
fn report_survives_a_hostile_config_and_plan() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[rules.team-size]\nmax = 9223372036854775807\n\n[rules.owner-load]\nmax-active = 0\n",
    )
    .write(
        "planning/teams/t.md",
        "---\nname: \"\\\"><svg onload=x>\\n::error::x\"\nmembers: [\"@a\"]\n---\n# T\n",
    )
    .write(
        "planning/goals/g.md",
        "---\nteam: t\nowner: \"<b>@a</b>\"\nstatus: \"in-progress\\\"]\\n    bar [1\"\n---\n# G\n",
    )
    .commit("plan");
    for format in ["markdown", "html", "json"] {
        let run = repo.planlint(&["report", "--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        // JSON carries the text as data; the documents must not carry it as markup.
        let markup = format != "json";
        assert!(
            !(markup && run.stdout.contains("<svg onload")),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !(markup && run.stdout.contains("<b>@a")),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.lines().any(|l| l.trim_start().starts_with("::")),
            "{format}: {}",
            run.stdout
        );
    }
    let markdown = repo.planlint(&["report"]).stdout;
    // A status cannot add a series to a Mermaid chart; a huge limit is drawn as it is.
    assert!(
        markdown.contains("pie title Goals by status\n    \"in-progress__ bar _1\" : 1\n```\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("    bar [1]\n    line [9223372036854775807]\n"),
        "{markdown}"
    );
}

/// A team's objectives page as PostHog writes them: level-4 headings that
/// name their owner with a `<TeamMember>` component.
fn objectives(team: &str) -> String {
    format!(
        "### Q1 2027 objectives\n\n\
         #### Faster {team} (Owner: <TeamMember name=\"Ana {team}\" />)\n\n\
         **Motivation:** customers asked.\n\n\
         **What we'll ship:**\n\n- A dashboard\n\n\
         #### Cheaper {team} (Owner: <TeamMember name=\"Bo {team}\" />)\n\n\
         **Motivation:** costs.\n\n\
         **What we'll ship:**\n\n- A report\n"
    )
}

#[test]
fn init_reads_a_page_per_team_folder_with_one_glob_and_the_team_from_its_folder() {
    let repo = Repo::git();
    repo.write(
        "contents/teams/replay/objectives.mdx",
        &objectives("replay"),
    )
    .write(
        "contents/teams/search/objectives.mdx",
        &objectives("search"),
    )
    .write(
        "contents/teams/search/index.mdx",
        "# Search\n\nWe own search.\n",
    )
    .write("README.md", "# Handbook\n")
    .commit("pages");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "# - contents/teams/*/objectives.mdx (2 files): one goal per level-4 heading, which names its owner; the team is the folder in `contents/teams`\n"
        ),
        "{config}"
    );
    assert!(
        config.contains(
            "\n[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"contents/teams/*/objectives.mdx\"]\nlevel = 4\n\n[source.fields]\nowner = { heading = '<TeamMember name=\"(?P<value>[^\"]+)\"' }\nteam = { path = \"^contents/teams/(?P<value>[^/]+)/\" }\n"
        ),
        "{config}"
    );
    assert_eq!(
        config.lines().filter(|l| *l == "[[source]]").count(),
        1,
        "{config}"
    );
    // A team that writes its page after init is read too, with its team.
    repo.write(
        "contents/teams/growth/objectives.mdx",
        &objectives("growth"),
    )
    .commit("a new team");
    let found: Vec<(String, String, String)> = goals(&repo)
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_string(),
                field(g, "owner").unwrap().to_string(),
                field(g, "team").unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = ["growth", "replay", "search"]
        .iter()
        .flat_map(|team| {
            [("faster", "Ana"), ("cheaper", "Bo")].map(|(what, who)| {
                (
                    format!("{what}-{team}"),
                    format!("{who} {team}"),
                    team.to_string(),
                )
            })
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn init_names_the_rules_every_goal_fails_and_turning_them_off_fits_the_plan() {
    let repo = repo_of("tests/corpus/rust-project-goals");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(toml::from_str::<toml::Table>(&config).is_ok(), "{config}");
    let failed = rules_failed_by_every_goal(&repo);
    assert!(!failed.is_empty());
    // The config offers each of them, commented out, after an example.
    let offered: Vec<String> = config
        .lines()
        .filter_map(|line| line.strip_prefix("# [rules."))
        .filter_map(|rest| rest.strip_suffix(']'))
        .filter(|rule| *rule != "team-size")
        .map(str::to_string)
        .collect();
    assert_eq!(
        offered,
        failed.iter().cloned().collect::<Vec<_>>(),
        "{config}"
    );
    for rule in &failed {
        let block = format!("# [rules.{rule}]\n# level = \"off\"\n");
        let at = config.find(&block).expect("offered");
        let paragraph = config[..at].rsplit("#\n").next().unwrap_or("");
        assert!(
            paragraph.starts_with("# For instance: goal `"),
            "{paragraph}"
        );
    }
    let listed: Vec<&str> = failed.iter().map(String::as_str).collect();
    assert!(
        run.stdout
            .contains(&format!("\nEvery goal fails {}.\n", listed.join(", "))),
        "{}",
        run.stdout
    );
    assert!(
        config
            .contains("# Most of your goals have fields planlint has no name for: `definitions`,"),
        "{config}"
    );
    assert!(config.contains("`zulip channel`."), "{config}");
    // Uncommented, the offered blocks leave no rule that every goal fails.
    let fitted = failed.iter().fold(config.clone(), |text, rule| {
        let block = format!("# [rules.{rule}]\n# level = \"off\"\n");
        text.replace(&block, &format!("[rules.{rule}]\nlevel = \"off\"\n"))
    });
    std::fs::write(repo.path().join("planlint.toml"), fitted).expect("write");
    assert_eq!(rules_failed_by_every_goal(&repo), Default::default());
    assert_eq!(goals(&repo).len(), 42);
}

#[test]
fn init_quotes_the_documents_in_its_comments_on_one_line_each() {
    let repo = Repo::git();
    for n in 1..=3 {
        repo.write(
            &format!("goals/g{n}.md"),
            &format!(
                "# Goal {n}\n\n| Field | Value |\n|---|---|\n| Owner | @a{n} |\n| Status | Ev\u{202e}il\u{7} |\n\n## Plan\u{202e}\u{1b}[2J b\n\nx\n"
            ),
        );
    }
    repo.commit("goals");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{202e}') && !run.stdout.contains('\u{1b}'));
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(toml::from_str::<toml::Table>(&config).is_ok(), "{config}");
    assert!(
        !config.contains('\u{202e}') && !config.contains('\u{1b}') && !config.contains('\u{7}')
    );
    assert!(config.contains("`plan\\u{202e}\\u{1b}[2j b`"), "{config}");
    assert!(
        config.contains("has status `Ev\\u{202e}il\\u{7}`"),
        "{config}"
    );
    let body = config.split("[source.fields]").nth(1).expect("fields");
    for line in body.lines().skip_while(|l| !l.starts_with("# With these")) {
        assert!(line.is_empty() || line.starts_with('#'), "{line:?}");
    }
}

#[test]
fn init_guesses_data_files_that_list_goals_under_any_key_or_hold_one() {
    let repo = Repo::git();
    repo.write(
        "okrs/2027-q1.yaml",
        "quarter: 2027-Q1\nobjectives:\n  - title: Faster search\n    owner: \"@ana\"\n  - title: Cheaper storage\n    owner: \"@bo\"\n",
    )
    .write(
        "okrs/2027-q2.yaml",
        "quarter: 2027-Q2\nobjectives:\n  - title: Billing v2\n    owner: \"@cy\"\n",
    )
    .write("okrs/README.md", "# OKRs\n")
    .write(
        "roadmap.json",
        r#"[{"name": "Mobile app", "DRI": "@dee"}, {"name": "Audit log", "DRI": "@eve"}]"#,
    )
    .write("projects/alpha.toml", "title = \"Alpha\"\nchampion = \"@fay\"\n")
    .write("projects/beta.toml", "title = \"Beta\"\nchampion = \"@gus\"\n")
    .write("projects/settings.toml", "retention = 30\n")
    .write("docs/package.json", r#"{"name": "docs", "version": "1.0.0"}"#)
    .commit("plans as data");
    init_reading(&repo, "7 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    for expected in [
        "# - okrs/*.yaml (2 files): one goal per entry of `objectives[*]`, whose `owner` is its owner\n\
         # - projects/*.toml (2 files): one goal per file: a data file with a title and an owner (`champion`)\n\
         # - roadmap.json: one goal per entry of `[*]`, whose `DRI` is its owner\n",
        "\n[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"okrs/*.yaml\"]\nselect = \"objectives[*]\"\n",
        "\n[[source]]\nkind = \"goal\"\npaths = [\"projects/*.toml\"]\nexclude = [\"projects/settings.toml\"]\n\n[source.fields]\nowner = [\"champion\"]\n",
        "\n[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"roadmap.json\"]\nselect = \"[*]\"\n",
    ] {
        assert!(config.contains(expected), "{expected}\n---\n{config}");
    }
    assert_eq!(
        config.lines().filter(|l| *l == "[[source]]").count(),
        3,
        "{config}"
    );
    let found: Vec<(String, String)> = goals(&repo)
        .iter()
        .map(|g| {
            (
                g["title"].as_str().unwrap().to_string(),
                field(g, "owner").unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("Faster search", "@ana"),
        ("Cheaper storage", "@bo"),
        ("Billing v2", "@cy"),
        ("Alpha", "@fay"),
        ("Beta", "@gus"),
        ("Mobile app", "@dee"),
        ("Audit log", "@eve"),
    ]
    .map(|(title, owner)| (title.to_string(), owner.to_string()));
    assert_eq!(found, expected);
}

#[test]
fn init_guesses_frontmatter_teams_and_goals_in_folders_of_their_own() {
    let repo = Repo::git();
    repo.write("org/teams/growth.md", CLEAN_TEAM)
        .write("org/teams/README.md", "# Teams\n\nOne page a team.\n")
        .write("roadmap/2026/raise-activation.md", CLEAN_GOAL)
        .write(
            "roadmap/2026/faster-search.md",
            &CLEAN_GOAL
                .replace("G-107", "G-108")
                .replace("@bob", "@carol"),
        )
        .write("roadmap/2026/index.md", "# 2026\n")
        .commit("plan");
    init_reading(&repo, "2 goals and 1 team");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    for expected in [
        "# - org/teams/*.md: one team per file, which names its members or lead\n\
         # - roadmap/2026/*.md (2 files): one goal per file: frontmatter that names an owner (`owner`)\n",
        "\n[[source]]\nkind = \"team\"\npaths = [\"org/teams/*.md\"]\nexclude = [\"org/teams/README.md\"]\n",
        "\n[[source]]\nkind = \"goal\"\npaths = [\"roadmap/2026/*.md\"]\nexclude = [\"roadmap/2026/index.md\"]\n",
    ] {
        assert!(config.contains(expected), "{expected}\n---\n{config}");
    }
    // The plan is the canonical plan in other folders: it passes.
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(check.stdout, "");
}

#[test]
fn init_reads_okrs_with_their_key_results_and_maps_the_statuses_they_use() {
    let repo = Repo::git();
    let okrs = |quarter: &str, dri: &str| {
        format!(
            "# {quarter} OKRs\n\n\
             ## Objective 1: Improve reliability\n\n**DRI:** {dri}\n**Status:** On track\n\n\
             ### Key results\n- 99.95% availability for the API\n\n\
             ## Objective 2: Grow self-serve revenue\n\n**DRI:** @bo\n**Status:** 🟠 At risk\n\n\
             ### Key results\n- TBD\n\n\
             ## Objective 3: Retire the v1 API\n\n**DRI:** @cy\n**Status:** Paused\n\n\
             ### Key results\n- No v1 traffic\n"
        )
    };
    repo.write("okrs/2027-q1.md", &okrs("2027-Q1", "@ana"))
        .write("okrs/2027-q2.md", &okrs("2027-Q2", "@dee"))
        .commit("okrs");
    init_reading(&repo, "6 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    for expected in [
        "# - okrs/*.md (2 files): one goal per heading that names an owner\n\
         # - statuses, read as planlint's: `On track` as `in-progress`, `🟠 At risk`\n\
         #   as `at-risk`\n",
        "\n[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"okrs/*.md\"]\n\n\
         [source.fields]\nstatus = { map = { \"On track\" = \"in-progress\", \"🟠 At risk\" = \"at-risk\" } }\n",
    ] {
        assert!(config.contains(expected), "{expected}\n---\n{config}");
    }
    let read: Vec<(String, String, usize)> = goals(&repo)
        .iter()
        .map(|g| {
            let done = g["fields"]["done_when"]["values"]
                .as_array()
                .map_or(0, Vec::len);
            (
                field(g, "owner").unwrap().to_string(),
                field(g, "status").unwrap().to_string(),
                done,
            )
        })
        .collect();
    let quarter = |dri: &str| {
        [
            (dri, "in-progress", 1),
            ("@bo", "at-risk", 1),
            ("@cy", "Paused", 1),
        ]
        .map(|(owner, status, done)| (owner.to_string(), status.to_string(), done))
    };
    let expected: Vec<_> = quarter("@ana").into_iter().chain(quarter("@dee")).collect();
    assert_eq!(read, expected);
    // What is left for the check: the TBD key results and the status no
    // word of planlint's means, on the goals that have them.
    let check = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == "okrs/2027-q1.md")
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("done criteria") || m.contains("status"))
        .collect();
    assert_eq!(
        messages,
        [
            "goal `2027-q1/objective-2-grow-self-serve-revenue` has no done criteria: `TBD` is a placeholder",
            "goal `2027-q1/objective-3-retire-the-v1-api` has status `Paused`, which is not one of `proposed`, `committed`, `in-progress`, `at-risk`, `done`, `dropped`",
        ]
    );
    // The objectives each quarter repeats are not duplicates: each file's
    // name tells them apart.
    assert!(!check.stdout.contains("duplicate-id"), "{}", check.stdout);
}

#[test]
fn init_on_hostile_names_writes_a_config_that_loads_and_says_nothing_raw() {
    let repo = Repo::git();
    let folder = "pla\nns\u{202e}";
    for (name, owner) in [("a", "@a"), ("b", "@b")] {
        repo.write(
            &format!("{folder}/{name}.md"),
            &format!("# {name}\n\n| Field | Value |\n|---|---|\n| Owner | {owner} |\n"),
        );
    }
    repo.write("x.yaml", "title: X\n\"owner\\n\": \"@c\"\n")
        .commit("hostile names");
    let run = init_reading(&repo, "3 goals");
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.stdout);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(toml::from_str::<toml::Table>(&config).is_ok(), "{config}");
    assert!(!config.contains('\u{202e}'), "{config}");
    assert!(
        config.contains(
            "# - *.yaml: one goal per file: a data file with a title and an owner (`owner\\n`)\n\
             # - pla\\nns\\u{202e}/*.md: one goal per file (2 files read have a metadata table with an owner row)\n"
        ),
        "{config}"
    );
    // The config loads, and reads what init said it reads.
    assert_eq!(goals(&repo).len(), 3);
}

#[test]
fn init_reads_teams_from_a_roster_and_says_which_rules_every_team_fails() {
    let repo = Repo::git();
    repo.write(
        "contents/teams/search/objectives.mdx",
        &objectives("search"),
    )
    .write(
        "contents/teams/replay/objectives.mdx",
        &objectives("replay"),
    )
    .write(
        "data/squads.yaml",
        "squads:\n  - id: search\n    lead: Ana search\n    members: [Ana search, Bo search]\n\
             \x20 - id: replay\n    lead: Ana replay\n    members: [Ana replay, Bo replay]\n",
    )
    .commit("pages and a roster");
    let run = init_reading(&repo, "4 goals and 2 teams");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "\n[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"data/squads.yaml\"]\nselect = \"squads[*]\"\n"
        ),
        "{config}"
    );
    let teams: Vec<String> = entities_of(&repo, "team")
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(teams, ["search", "replay"]);
    // Each goal's team is its folder, and that team is in the roster: no
    // rule fails on every goal for its team or its owner.
    let goal_rules = rules_failed_by_every(&repo, "goal");
    let team_rules = rules_failed_by_every(&repo, "team");
    assert!(!team_rules.is_empty());
    let list = |rules: &std::collections::BTreeSet<String>| {
        rules.iter().cloned().collect::<Vec<_>>().join(", ")
    };
    assert!(
        run.stdout.contains(&format!(
            "\nEvery goal fails {}.\nEvery team fails {}.\nplanlint.toml says",
            list(&goal_rules),
            list(&team_rules)
        )),
        "{}",
        run.stdout
    );
    let offered = config.matches("\n# [rules.").count();
    assert_eq!(
        offered,
        1 + goal_rules.union(&team_rules).count(),
        "{config}"
    );
    assert_eq!(goal_team_findings(&repo), Vec::<String>::new());
}

#[test]
fn init_reads_team_pages_that_label_their_members_beside_a_roadmap_table() {
    let repo = Repo::git();
    repo.write(
        "teams/search.md",
        "# Search\n\n**Lead:** @ana\n**Members:** @ana, @bo\n\n## Mission\nFind it.\n",
    )
    .write(
        "teams/replay.md",
        "# Replay\n\n| | |\n|---|---|\n| Lead | @cy |\n| Members | @cy, @dee |\n",
    )
    .write("teams/README.md", "# Teams\n\nOne page a team.\n")
    .write(
        "roadmap.md",
        "# Roadmap\n\n| Goal | Owner | Team | Status |\n|---|---|---|---|\n\
         | Faster search | @bo | search | On track |\n| Replay v2 | @dee | replay | Shipped |\n",
    )
    .commit("teams and a roadmap");
    init_reading(&repo, "2 goals and 2 teams");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    for expected in [
        "# - roadmap.md: one goal per table row (a table with an `Owner` column)\n\
         # - teams/*.md (2 files): one team per file, which names its members or lead\n",
        "\n[[source]]\nkind = \"team\"\npaths = [\"teams/*.md\"]\nexclude = [\"teams/README.md\"]\n",
    ] {
        assert!(config.contains(expected), "{expected}\n---\n{config}");
    }
    let teams: Vec<(String, String)> = entities_of(&repo, "team")
        .iter()
        .map(|t| {
            let lead = field(t, "lead").unwrap_or_default().to_string();
            (t["id"].as_str().unwrap().to_string(), lead)
        })
        .collect();
    assert_eq!(
        teams,
        [
            ("replay".to_string(), "@cy".to_string()),
            ("search".to_string(), "@ana".to_string())
        ]
    );
    let statuses: Vec<String> = goals(&repo)
        .iter()
        .map(|g| field(g, "status").unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["in-progress", "done"]);
    // The goals' teams and owners are found in the team pages.
    assert_eq!(goal_team_findings(&repo), Vec::<String>::new());
}

#[test]
fn init_finds_a_plan_behind_a_folder_of_thousands_of_other_documents() {
    let repo = Repo::git();
    for n in 0..2100 {
        repo.write(
            &format!("docs/page-{n:04}.md"),
            "# A page\n\nNothing to plan.\n",
        );
    }
    repo.write(
        "roadmap/okrs.yaml",
        "objectives:\n  - title: Faster search\n    owner: \"@ana\"\n  - title: Cheaper storage\n    owner: \"@bo\"\n",
    )
    .commit("docs, then the plan");
    init_reading(&repo, "2 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("paths = [\"roadmap/okrs.yaml\"]\nselect = \"objectives[*]\"\n"),
        "{config}"
    );
}

/// A folder per proposal, `keps/<sig>/<number>-<name>/kep.yaml` (Kubernetes
/// enhancements): one source for every proposal, each named by its
/// folder, owned by its authors, its statuses mapped.
#[test]
fn init_reads_a_folder_per_goal_as_one_source_named_by_the_folders() {
    let repo = Repo::git();
    copy_dir(
        &crate_path("tests/fixtures/sources/keps/keps"),
        &repo.path().join("keps"),
    );
    repo.write(
        "keps/sig-node/2400-node-swap/README.md",
        "# KEP-2400: Node swap\n\n## Summary\n\nSwap on nodes.\n",
    )
    .commit("keps");
    init_reading(&repo, "3 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "# - keps/*/*/kep.yaml (3 files): one goal per file: a data file with a title and an owner (`authors`); the id is its folder's name\n"
        ),
        "{config}"
    );
    assert!(
        config.contains(
            "paths = [\"keps/*/*/kep.yaml\"]\n\n[source.fields]\nowner = [\"authors\"]\nid = { path = \"(?:^|/)(?P<value>[^/]+)/kep\\\\.yaml$\" }\nstatus = { map = { \"implementable\" = \"committed\", \"implemented\" = \"done\" } }\n"
        ),
        "{config}"
    );
    let read = goals(&repo);
    let summary: Vec<(String, String, String)> = (read.iter())
        .map(|g| {
            let text = |name| field(g, name).unwrap_or_default().to_string();
            (
                g["id"].as_str().unwrap_or_default().to_string(),
                text("owner"),
                text("status"),
            )
        })
        .collect();
    let row = |id: &str, owner: &str, status: &str| (id.into(), owner.into(), status.into());
    assert_eq!(
        summary,
        [
            row(
                "961-statefulset-volume-expansion",
                "@huffmanca",
                "implemntable"
            ),
            row("2400-node-swap", "@ehashman", "committed"),
            row("3000-cgroups", "@giuseppe", "done"),
        ]
    );
    // Each proposal has its own id; the misspelt status is flagged.
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(!check.stdout.contains("duplicate-id"), "{}", check.stdout);
    assert!(
        check.stdout.contains("status `implemntable`"),
        "{}",
        check.stdout
    );
}

/// Goals listed inside the entries of another list (a roadmap's quarters,
/// each with its items) are read where they are.
#[test]
fn init_reads_goals_listed_inside_a_list_of_quarters() {
    let repo = Repo::git();
    repo.write(
        "roadmap.yaml",
        "roadmap:\n  - quarter: Q1 2027\n    items:\n      - title: Multi-region failover\n        owner: \"@ana\"\n        status: in progress\n      - title: Faster deploys\n        owner: \"@bo\"\n  - quarter: Q2 2027\n    items:\n      - title: Self-serve onboarding\n        owner: \"@cy\"\n",
    )
    .write(
        "plan.json",
        "[{\"quarter\": \"Q3 2027\", \"goals\": [{\"title\": \"Audit log\", \"dri\": \"@dee\"}]}]",
    )
    .commit("roadmaps");
    init_reading(&repo, "4 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("select = \"roadmap[*].items[*]\"\n"),
        "{config}"
    );
    assert!(config.contains("select = \"[*].goals[*]\"\n"), "{config}");
    // Each goal's quarter is the one written around it.
    assert!(
        config.contains("quarter = { enclosing = '(?i)(?P<value>"),
        "{config}"
    );
    let read: Vec<[String; 3]> = (goals(&repo).iter())
        .map(|g| {
            let text = |name| field(g, name).unwrap_or_default().to_string();
            let title = g["title"].as_str().unwrap_or_default().to_string();
            [title, text("owner"), text("quarter")]
        })
        .collect();
    let goal = |title: &str, owner: &str, quarter: &str| {
        [title, owner, quarter].map(|text| text.to_string())
    };
    assert_eq!(
        read,
        [
            goal("Audit log", "@dee", "Q3 2027"),
            goal("Multi-region failover", "@ana", "Q1 2027"),
            goal("Faster deploys", "@bo", "Q1 2027"),
            goal("Self-serve onboarding", "@cy", "Q2 2027"),
        ]
    );
    let entities = repo.planlint(&["entities"]);
    assert!(
        entities
            .stdout
            .contains("    quarter    Q2 2027  (line 9, enclosing entry)\n"),
        "{}",
        entities.stdout
    );
}

/// A map of teams by name beside OKRs that name each goal's team: the
/// teams are read, so each goal's team resolves.
#[test]
fn init_reads_a_map_of_teams_by_name_and_numbered_key_results() {
    let repo = Repo::git();
    repo.write(
        "org/teams.yaml",
        "platform:\n  lead: \"@ana\"\n  members: [\"@ana\", \"@bo\"]\nsearch:\n  lead: \"@dee\"\n  members: [\"@dee\", \"@eve\"]\n",
    )
    .write(
        "okrs.md",
        "# OKRs\n\n## Objective 1: Effortless onboarding\nOwner: @ana\nTeam: platform\n\n- KR1: 40% of new orgs send an event within a day\n- KR2: setup docs rated 4/5\n\n## Objective 2: Search that finds\nOwner: @eve\nTeam: search\n\nKR1: p95 latency under 200 ms\n",
    )
    .commit("org");
    init_reading(&repo, "2 goals and 2 teams");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "# - org/teams.yaml: one team per key of the top map, which names members or a lead\n"
        ),
        "{config}"
    );
    let teams: Vec<String> = (entities_of(&repo, "team").iter())
        .map(|t| t["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(teams, ["platform", "search"]);
    assert_eq!(goal_team_findings(&repo), Vec::<String>::new());
    let failed = rules_failed_by_every_goal(&repo);
    assert!(!failed.contains("goal-team"), "{failed:?}");
    // Numbered key results are each goal's done criteria.
    assert!(!failed.contains("done-criteria"), "{failed:?}");
    let done: Vec<usize> = (goals(&repo).iter())
        .map(|g| {
            g["fields"]["done_when"]["values"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .collect();
    assert_eq!(done, [2, 1]);
}

/// Pages exported with their properties as labelled lines under the
/// title (a Notion database: `Owner: Ana Ruiz`, `Status: In progress`)
/// are one goal each; a service's README that only names an owner is not.
#[test]
fn init_reads_pages_whose_labelled_lines_name_owner_and_status() {
    let repo = Repo::git();
    repo.write(
        "Goals/Multi-region failover 3f2a.md",
        "# Multi-region failover\n\nOwner: Ana Ruiz\nStatus: In progress\nQuarter: Q1 2027\n\n## Why\nOutages cost us.\n\n## Success criteria\n- Recovery under 5 minutes\n",
    )
    .write(
        "Goals/Faster deploys 91bc.md",
        "# Faster deploys\n\nOwner: Bo Li\nStatus: Not started\n\n## Success criteria\n- Deploys under 10 minutes\n",
    )
    .write("services/api/README.md", "# API\n\nOwner: platform\n")
    .commit("pages");
    init_reading(&repo, "2 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("# - Goals/*.md (2 files): one goal per file: labelled lines above its first section name its owner (`owner`)\n"),
        "{config}"
    );
    let read: Vec<(String, String)> = (goals(&repo).iter())
        .map(|g| {
            let text = |name| field(g, name).unwrap_or_default().to_string();
            (text("owner"), text("status"))
        })
        .collect();
    let pair = |owner: &str, status: &str| (owner.to_string(), status.to_string());
    assert_eq!(
        read,
        [pair("Bo Li", "committed"), pair("Ana Ruiz", "in-progress")]
    );
    let failed = rules_failed_by_every_goal(&repo);
    assert!(!failed.contains("done-criteria"), "{failed:?}");
}

/// An OKR spreadsheet saved as CSV: one goal per row, its `Objective` the
/// title, every finding on the row's line; a quote never closed is a
/// parse error at the quote.
#[test]
fn init_reads_a_spreadsheet_saved_as_csv() {
    let repo = Repo::git();
    repo.write(
        "okrs/2027.csv",
        "Objective,Owner,Status,Key results\r\nMulti-region failover,@ana,On track,Recovery under 5 minutes\r\n\"Faster deploys, finally\",@bo,Planned,TBD\r\n",
    )
    .commit("sheet");
    init_reading(&repo, "2 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("mode = \"data\"\npaths = [\"okrs/*.csv\"]\nselect = \"[*]\"\n\n[source.fields]\ntitle = [\"Objective\"]\n"),
        "{config}"
    );
    let read: Vec<(String, String, String)> = (goals(&repo).iter())
        .map(|g| {
            let text = |name| field(g, name).unwrap_or_default().to_string();
            let title = g["title"].as_str().unwrap_or_default().to_string();
            (title, text("owner"), text("status"))
        })
        .collect();
    let row = |t: &str, o: &str, s: &str| (t.to_string(), o.to_string(), s.to_string());
    assert_eq!(
        read,
        [
            row("Multi-region failover", "@ana", "in-progress"),
            row("Faster deploys, finally", "@bo", "committed"),
        ]
    );
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check.stdout.contains("okrs/2027.csv:3:39: error[done-criteria] goal `faster-deploys-finally` has no done criteria: `TBD` is a placeholder"),
        "{}",
        check.stdout
    );
    repo.write("okrs/2027.csv", "Objective,Owner\n\"Broken,@cy\n")
        .commit("broken");
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check
            .stdout
            .contains("okrs/2027.csv:2:1: error[parse-error] a quoted cell is never closed"),
        "{}",
        check.stdout
    );
}

#[test]
fn init_reads_objectives_as_goals_and_their_numbered_key_results_as_done_criteria() {
    let repo = Repo::git();
    repo.write(
        "okrs/2027-Q1.md",
        "# Platform OKRs, Q1 2027\n\n## Objective 1: Make deploys boring\n\nWhy: deploys page people at night.\n\n### KR1.1 Deploy success rate above 99.5% (Owner: @ana)\n### KR1.2 Median deploy under 10 minutes (Owner: @ben)\n\n## Objective 2: Faster CI\n\n### KR2.1 p50 CI under 8 minutes (Owner: @cy)\n### KR2.2 TBD (Owner: @dee)\n",
    )
    .commit("okrs");
    let run = init_reading(&repo, "2 goals");
    assert!(
        run.stdout
            .contains("Every goal fails adoption-step, goal-owner, goal-team, status-value.\n"),
        "{}",
        run.stdout
    );
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("# - okrs/*.md: one goal per level-2 heading; the numbered key results under it, which name their owners, are its done criteria\n"),
        "{config}"
    );
    assert!(
        config.contains("mode = \"heading\"\npaths = [\"okrs/*.md\"]\nlevel = 2\n"),
        "{config}"
    );
    let goals = goals(&repo);
    let done_criteria: Vec<Vec<String>> = goals
        .iter()
        .map(|goal| {
            (goal["fields"]["done_when"]["values"]
                .as_array()
                .expect("done"))
            .iter()
            .map(|v| v["text"].as_str().unwrap_or_default().to_string())
            .collect()
        })
        .collect();
    assert_eq!(
        done_criteria,
        [
            vec![
                "Deploy success rate above 99.5%",
                "Median deploy under 10 minutes"
            ],
            vec!["p50 CI under 8 minutes", "TBD"],
        ]
    );
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check.stdout.contains("okrs/2027-Q1.md:13:1: error[done-criteria] goal `objective-2-faster-ci`'s done criteria are vague: `TBD` cannot be checked\n"),
        "{}",
        check.stdout
    );
}

#[test]
fn init_reads_a_lead_beside_a_status_or_quarter_as_a_goals_owner() {
    // A project page's lead, with its status or quarter and no members, is
    // its owner; a page with members and a lead stays a team.
    let repo = Repo::git();
    for i in 1..=2 {
        repo.write(
            &format!("projects/p{i}.md"),
            &format!("---\ntitle: Project {i}\nlead: \"@lead{i}\"\nstatus: in-progress\n---\n# Project {i}\n"),
        );
    }
    repo.write(
        "notion/search.md",
        "# Search revamp\n\nLead: Ana Ruiz\nTarget quarter: Q2 2027\n\n## Why\nSearch is slow.\n",
    )
    .write(
        "teams/core.md",
        "---\nlead: \"@ana\"\nmembers: [\"@ana\", \"@bo\"]\n---\n# Core\n",
    )
    .commit("plan");
    init_reading(&repo, "3 goals and 1 team");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "# - notion/*.md: one goal per file: labelled lines above its first section name its owner (`lead`)
# - projects/*.md (2 files): one goal per file: frontmatter that names an owner (`lead`)
# - teams/*.md: one team per file, which names its members or lead
"
        ),
        "{config}"
    );
    let owners: Vec<(String, String, String)> = goals(&repo)
        .iter()
        .map(|goal| {
            let text = |name| field(goal, name).unwrap_or("-").to_string();
            let title = goal["title"].as_str().unwrap_or("-").to_string();
            (title, text("owner"), text("quarter"))
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("Search revamp".into(), "Ana Ruiz".into(), "Q2 2027".into()),
            ("Project 1".into(), "@lead1".into(), "-".into()),
            ("Project 2".into(), "@lead2".into(), "-".into()),
        ]
    );
}

#[test]
fn init_reads_headings_each_over_a_metadata_table_as_goals() {
    let repo = Repo::git();
    repo.write(
        "ROADMAP.md",
        "# Roadmap 2027\n\n## Faster search\n\n| Owner | @ana |\n|---|---|\n| Status | in-progress |\n\n## Cheaper storage\n\n| Field | Value |\n|---|---|\n| Owner | @bob |\n| Status | proposed |\n\n## Audit log\n\n| Owner | TBD |\n|---|---|\n| Status | done |\n",
    )
    .commit("roadmap");
    init_reading(&repo, "3 goals");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("# - ROADMAP.md: one goal per heading that names an owner\n"),
        "{config}"
    );
    let owners: Vec<(String, String)> = goals(&repo)
        .iter()
        .map(|goal| {
            let text = |name| field(goal, name).unwrap_or("-").to_string();
            (text("owner"), text("status"))
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("@ana".into(), "in-progress".into()),
            ("@bob".into(), "proposed".into()),
            ("TBD".into(), "done".into()),
        ]
    );
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check.stdout.contains("ROADMAP.md:18:11: error[goal-owner] goal `audit-log` has no owner: `TBD` is a placeholder\n"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_spreadsheet_saved_as_unicode_text_is_guessed_and_read() {
    // Excel's "Unicode Text" is UTF-16 with a byte-order mark, tab-separated.
    let repo = Repo::git();
    let text = "\u{feff}Objective\tOwner\tStatus\r\nFaster CI\t@ana\tin-progress\r\nCheaper storage\tTBD\tproposed\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::create_dir_all(repo.path().join("okrs")).expect("mkdir");
    std::fs::write(repo.path().join("okrs/2027.tsv"), bytes).expect("write");
    repo.commit("okrs");
    init_reading(&repo, "2 goals");
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check.stdout.contains("okrs/2027.tsv:3:17: error[goal-owner] goal `cheaper-storage` has no owner: `TBD` is a placeholder\n"),
        "{}",
        check.stdout
    );
}

#[test]
fn init_keeps_an_issue_export_in_its_canonical_place_beside_guessed_goals() {
    // An export at planning/issues.json does not make the plan canonical:
    // the goals are guessed, and the export stays read.
    let repo = Repo::git();
    repo.write(
        "ROADMAP.md",
        "# Roadmap\n\n## Faster search {#G-12}\nOwner: @ana\nStatus: in-progress\n",
    )
    .write(
        "planning/issues.json",
        r#"[{"number": 7, "title": "Index", "state": "OPEN", "labels": [{"name": "goal:G-99"}], "assignees": [{"login": "ana"}]}]"#,
    )
    .commit("plan");
    init_reading(&repo, "1 goal");
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("mode = \"heading\"\npaths = [\"ROADMAP.md\"]\n\n[[source]]\nkind = \"issue\"\nmode = \"data\"\npaths = [\"planning/issues.json\"]\n"),
        "{config}"
    );
    assert!(!repo.path().join("planning/goals").exists());
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check.stdout.contains("planning/issues.json:1:71: error[issue-goal] issue #7 links goal `G-99`, which does not exist\n"),
        "{}",
        check.stdout
    );
}

/// `new` refuses what would make its document fail the structural rules,
/// and writes nothing then.
#[test]
fn new_refuses_values_the_rules_would_fail() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .commit("plan");
    let cases: [(&[&str], &str); 5] = [
        (
            &["new", "goal", "Two owners", "--owner", "@a, @b"],
            "  × `--owner @a, @b` names more than one person; a goal has exactly one owner\n  help: name the one person who answers for the goal, e.g. `--owner @ana`\n",
        ),
        (
            &["new", "goal", "Team owner", "--owner", "growth"],
            "  × `--owner growth` is a team; a goal's owner is a person\n  help: name the team with `--team`, and one of its people with `--owner`\n",
        ),
        (
            &["new", "goal", "Bad team", "--team", "nosuch"],
            "  × `--team nosuch` names no team in the plan\n  help: `planlint entities` lists the teams; or leave `--team` out and fill in `team:`\n",
        ),
        (
            &["new", "goal", "Bad quarter", "--quarter", "banana"],
            "  × `--quarter banana` names no quarter\n  help: write it as `2026-Q4`, `Q4 2026` or a date such as `2026-11-15`\n",
        ),
        (
            &["new", "team", "Two leads", "--lead", "@x\nmembers: [a, b]"],
            "  × `--lead @x\\nmembers: [a, b]` names more than one person; a team has one lead\n  help: name one person, e.g. `--lead @ana`; add the others to `members:` in the file\n",
        ),
    ];
    for (args, expected) in cases {
        let run = repo.planlint(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert_eq!(run.stderr, expected, "{args:?}");
    }
    assert!(!repo.path().join("planning/goals").exists());
    assert!(!repo.path().join("planning/teams/two-leads.md").exists());
    // Told what the rules accept, it writes the goal.
    let run = repo.planlint(&[
        "new",
        "goal",
        "Good",
        "--team",
        "growth",
        "--owner",
        "@ana",
        "--quarter",
        "Q4 2026",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.path().join("planning/goals/good.md").exists());
}

/// The report's counts agree in number with what they count.
#[test]
fn report_counts_one_in_the_singular() {
    let repo = Repo::git();
    repo.write(
        "planning/goals.toml",
        "[[goal]]\nid = \"G-1\"\ntitle = \"Raise activation\"\nowner = \"@bob\"\nstatus = \"in-progress\"\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"planning/goals.toml\"]\nselect = \"goal[*]\"\n\n[rules]\ngoal-team = \"off\"\ndone-criteria = \"off\"\nadoption-step = \"off\"\n",
    )
    .commit("plan");
    let run = repo.planlint(&["report", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# Plan\n\n0 teams · 1 goal · 0 issues · 0 errors · 1 warning\n"),
        "{}",
        run.stdout
    );
}

/// A team file whose people are in a map of their own (`[people]` with
/// `leads` and `members`, as the Rust project writes them): `init` names
/// their paths, and the first check counts the team's members.
#[test]
fn init_reads_a_roster_whose_people_are_in_a_map_of_their_own() {
    let repo = Repo::git();
    repo.write(
        "teams/compiler.toml",
        "name = \"compiler\"\n\n[people]\nleads = [\"ana\"]\nmembers = [\"ana\", \"ben\", \"cy\", \"di\", \"ed\", \"flo\", \"gus\"]\n\n[website]\ndescription = \"Compiler internals\"\n",
    )
    .commit("teams");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "[source.fields]\nlead = { key = \"people.leads\" }\nmembers = { key = \"people.members\" }\n"
        ),
        "{config}"
    );
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        run.stdout.contains(
            "teams/compiler.toml:5:11: error[team-size] team `compiler` has 7 members; the limit is 6"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("[team-lead]"), "{}", run.stdout);
}

/// A Backstage catalog: a Group alone in its file, a Group followed by its
/// Users in one file, and a file of Users only. `init` reads each Group
/// as a team by its `metadata.name`, and the first check counts the
/// members the catalog lists.
#[test]
fn init_reads_the_groups_of_a_backstage_catalog_as_teams() {
    let repo = Repo::git();
    repo.write(
        "catalog/org/search.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: search\n  description: Find anything\nspec:\n  type: team\n  profile:\n    displayName: Search Ñandú\n  members: [ana, ben]\n",
    )
    .write(
        "catalog/org/infra.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: infra\nspec:\n  type: team\n  members: [ana, ben, cy, di, ed, flo, gus]\n---\n\
         apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ana\nspec:\n  memberOf: [infra]\n",
    )
    .write(
        "catalog/org/users.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ben\nspec:\n  memberOf: [infra]\n",
    )
    .commit("catalog");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains(
            "# - catalog/org/*.yaml (2 files): one team per `kind: Group` resource of a catalog, its members in `spec.members`\n"
        ),
        "{config}"
    );
    assert!(
        config.contains(
            "mode = \"data\"\npaths = [\"catalog/org/*.yaml\"]\nexclude = [\"catalog/org/users.yaml\"]\nselect = \"[kind=Group]\"\n\n\
             [source.fields]\nid = { key = \"metadata.name\" }\ntitle = { key = \"spec.profile.displayName\" }\n\
             mission = { key = \"metadata.description\" }\nmembers = { key = \"spec.members\" }\n"
        ),
        "{config}"
    );
    let run = repo.planlint(&["entities"]);
    assert!(
        run.stdout
            .contains("team infra  catalog/org/infra.yaml:1\n")
            && run
                .stdout
                .contains("team search  catalog/org/search.yaml:1\n")
            && run
                .stdout
                .ends_with("2 teams, 0 goals, 0 issues in 2 files\n"),
        "{}",
        run.stdout
    );
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        run.stdout.contains(
            "catalog/org/infra.yaml:7:12: error[team-size] team `infra` has 7 members; the limit is 6"
        ),
        "{}",
        run.stdout
    );
}

/// An OKR page as IPFS writes one: objectives as headings under a
/// quarter's heading, each with its key results as bullets right under
/// it. `init` reads the objectives as goals, the bullets as their done
/// criteria and the quarter from the heading above; a page whose headings
/// are under no quarter is not guessed so.
#[test]
fn init_reads_an_okr_page_of_objectives_with_bullets() {
    let repo = Repo::git();
    repo.write(
        "OKR/JS_CORE.md",
        "# JS Core OKRs\n\nWe frame our work as OKRs.\n\n## 2019 Q1\n\n### Used in production\n\n* p0 - A JS IPFS daemon runs a gateway [@alanshaw](https://github.com/alanshaw)\n* p2 - Zoë's benchmark site is launched\n\n### Inviting for contributors\n\n* p1 - Continuous deployment drives the repos\n\n## 2018 Q4\n\n- [Spreadsheet](https://example.com/okrs)\n",
    )
    .commit("okrs");
    let run = repo.planlint(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    assert!(
        config.contains("mode = \"heading\"\npaths = [\"OKR/JS_CORE.md\"]\nlevel = 3\n\n[source.fields]\ndone_when = [\"items\"]\nquarter = { enclosing = "),
        "{config}"
    );
    let listing = repo.planlint(&["entities"]).stdout;
    assert!(
        listing.contains("    done_when  2 values: p0 - A JS IPFS daemon runs a gateway @alanshaw; p2 - Zoë's benchmark s…  (line 9, section)\n"),
        "{listing}"
    );
    assert!(
        listing.contains("    quarter    2019 Q1  (line 5, enclosing heading)\n"),
        "{listing}"
    );
    assert!(listing.contains("2 goals"), "{listing}");

    let other = Repo::git();
    other
        .write(
            "docs/guide.md",
            "# Guide\n\n## Install\n\n### Linux\n\n* apt install x\n\n### macOS\n\n* brew install x\n",
        )
        .commit("docs");
    let run = other.planlint(&["init", "--dry-run"]);
    assert!(!run.stdout.contains("mode = \"heading\""), "{}", run.stdout);
}
