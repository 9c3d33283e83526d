//! Issues and pull requests as a user runs them: the built binary on
//! temporary git repositories with an issue export, issue files, `--issues`,
//! `--event`, and the GitHub Actions environment.

mod common;

use common::{binary, Repo, Run, CLEAN_GOAL, CLEAN_TEAM};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// The issue rules, and `parse-error`, which a broken export reports.
const ISSUE_RULES: &[&str] = &[
    "issue-assignee",
    "issue-goal",
    "issue-done-criteria",
    "parse-error",
];

/// A plan with one team and goals G-101 … G-110 (G-107 is the clean goal,
/// the others are committed, not active, so no one is overloaded).
fn plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL);
    for n in (101..=110).filter(|&n| n != 107) {
        repo.write(
            &format!("planning/goals/g-{n}.md"),
            &CLEAN_GOAL
                .replace("id: G-107", &format!("id: G-{n}"))
                .replace("status: in-progress", "status: committed"),
        );
    }
    repo
}

/// Runs the binary with extra environment variables (the GitHub ones
/// are removed first, as in [`common::planlint_in`]).
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(binary());
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_EVENT_NAME")
        .env_remove("GITHUB_ACTIONS");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run planlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

fn json_diagnostics(run: &Run) -> Vec<Value> {
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\nstderr: {}", run.stdout, run.stderr));
    report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The sorted (rule, entity id) pairs of the issue rules' findings.
fn issue_findings(run: &Run) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = json_diagnostics(run)
        .iter()
        .filter(|d| ISSUE_RULES.contains(&d["rule"].as_str().unwrap_or("")))
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["entity"]["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn pairs(items: &[(&str, u32)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = items
        .iter()
        .map(|(rule, id)| (rule.to_string(), id.to_string()))
        .collect();
    out.sort();
    out
}

/// A deterministic pseudo-random sequence (an LCG), so the export is the
/// same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

const PEOPLE: &[&str] = &["alice", "bob", "carol", "dan", "Erin", "frank-ops"];
const TITLES: &[&str] = &[
    "Onboarding: send the first event",
    "Überarbeitung der Abrechnung",
    "新しいダッシュボード",
    "Fix \"invite\" emails \\ retries",
    "Ship 🚀 the SDK",
    "Réduire les coûts d'ingestion",
];

/// Issues with these numbers carry one planted defect each (or two, for 99).
const NO_ASSIGNEE: &[u32] = &[13, 78, 151, 99, 299];
const TWO_ASSIGNEES: &[u32] = &[42, 120, 250];
const UNKNOWN_GOAL_LABEL: &[u32] = &[33, 99];
const UNKNOWN_GOAL_BODY: &[u32] = &[188, 222];
const CLOSED_UNKNOWN_GOAL: u32 = 49;
const EPIC_WITHOUT_TASKS: &[u32] = &[60, 260];

/// An export of `count` issues in the exact shape of `gh issue list --json
/// number,title,body,labels,assignees,milestone,state,url`, with defects
/// planted at the numbers above and nowhere else.
fn generated_export(count: u32) -> String {
    let mut rng = Lcg(7);
    let mut issues = Vec::new();
    for n in 1..=count {
        let planted = NO_ASSIGNEE.contains(&n)
            || TWO_ASSIGNEES.contains(&n)
            || UNKNOWN_GOAL_LABEL.contains(&n)
            || UNKNOWN_GOAL_BODY.contains(&n)
            || EPIC_WITHOUT_TASKS.contains(&n);
        // Every ninth issue is closed (and may be unassigned), unless it carries a defect.
        let closed = (n % 9 == 0 && !planted) || n == CLOSED_UNKNOWN_GOAL;
        let person = PEOPLE[rng.next(PEOPLE.len() as u64) as usize];
        let mut assignees = if closed && rng.next(2) == 0 {
            vec![]
        } else {
            vec![
                json!({"id": format!("MDQ6VXNlc{n}"), "login": person, "name": person.to_uppercase()}),
            ]
        };
        if NO_ASSIGNEE.contains(&n) {
            assignees.clear();
        }
        if TWO_ASSIGNEES.contains(&n) {
            assignees.push(json!({"id": "MDQ6x", "login": "@bob", "name": "Bob"}));
        }
        let goal = 101 + rng.next(10);
        let mut labels = vec![];
        let mut body = format!(
            "{}\r\n\r\nContext: see the \"{}\" thread — ünïcödé, tabs\tand \\backslashes\\.\r\n",
            TITLES[(n as usize) % TITLES.len()],
            person
        );
        match rng.next(4) {
            0 => labels.push(json!({"id": "LA_g", "name": format!("goal:G-{goal}"), "description": "", "color": "0e8a16"})),
            1 => body.push_str(&format!("\r\nGoal: G-{goal}\r\n")),
            2 => body.push_str(&format!("\r\n**Goal:** g-{goal}, G-{}\r\n", 101 + (goal - 100) % 10)),
            _ => {}
        }
        if UNKNOWN_GOAL_LABEL.contains(&n) {
            labels.push(
                json!({"id": "LA_x", "name": "goal:G-404", "description": "", "color": "d73a4a"}),
            );
        }
        if UNKNOWN_GOAL_BODY.contains(&n) {
            body.push_str("\r\n- Goal: G-101, G-999\r\n");
        }
        if n == CLOSED_UNKNOWN_GOAL {
            labels.push(json!({"name": "Goal:G-405"}));
        }
        if rng.next(3) == 0 {
            labels.push(json!({"id": "LA_b", "name": "bug", "description": "Something isn't working", "color": "d73a4a"}));
        }
        let epic = n % 10 == 0 || EPIC_WITHOUT_TASKS.contains(&n);
        if epic {
            labels.push(json!({"id": "LA_e", "name": if n % 20 == 0 { "Epic" } else { "epic" }, "description": "", "color": "3e4b9e"}));
            if !EPIC_WITHOUT_TASKS.contains(&n) {
                if n % 30 == 0 {
                    body.push_str(
                        "\r\n## Definition of done\r\n40% of new organisations send an event.\r\n",
                    );
                } else {
                    body.push_str(
                        "\r\n### Tasks\r\n- [x] design\r\n- [ ] build \"it\"\r\n- [ ] ship\r\n",
                    );
                }
            }
        } else if rng.next(5) == 0 {
            body.push_str("\r\n- [ ] a checklist on a plain issue\r\n");
        }
        let milestone = if rng.next(3) == 0 {
            Value::Null
        } else {
            json!({"number": 3, "title": "2026-Q4", "description": "", "dueOn": null})
        };
        issues.push(json!({
            "assignees": assignees,
            "body": body,
            "labels": labels,
            "milestone": milestone,
            "number": n,
            "state": if closed { "CLOSED" } else { "OPEN" },
            "title": format!("{} #{n}", TITLES[(n as usize * 7) % TITLES.len()]),
            "url": format!("https://github.com/acme/plan/issues/{n}"),
        }));
    }
    // `gh` prints the whole array on one line.
    serde_json::to_string(&issues).expect("json")
}

/// Exactly the defects [`generated_export`] plants.
fn planted() -> Vec<(String, String)> {
    let mut expected = Vec::new();
    for &n in NO_ASSIGNEE.iter().chain(TWO_ASSIGNEES) {
        expected.push(("issue-assignee", n));
    }
    for &n in UNKNOWN_GOAL_LABEL
        .iter()
        .chain(UNKNOWN_GOAL_BODY)
        .chain([&CLOSED_UNKNOWN_GOAL])
    {
        expected.push(("issue-goal", n));
    }
    for &n in EPIC_WITHOUT_TASKS {
        expected.push(("issue-done-criteria", n));
    }
    pairs(&expected)
}

#[test]
fn a_realistic_export_reports_exactly_the_planted_defects() {
    let repo = plan();
    let export = generated_export(300);
    assert_eq!(export.lines().count(), 1);
    repo.write("planning/issues.json", &export).commit("plan");
    let run = run(repo.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(issue_findings(&run), planted());
    let report: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["summary"]["issues"], 300);
    // Every issue diagnostic points into the export's one line, at its issue.
    let text = export.as_str();
    for d in json_diagnostics(&run) {
        if d["path"] != "planning/issues.json" {
            continue;
        }
        assert_eq!(d["entity"]["kind"], "issue");
        assert_eq!(
            (d["line"].as_u64(), d["end_line"].as_u64()),
            (Some(1), Some(1))
        );
        let id = d["entity"]["id"].as_str().unwrap();
        let object_start = text
            .find(&format!("\"number\":{id},"))
            .and_then(|at| text[..at].rfind("{\"assignees\""))
            .unwrap();
        let column = d["column"].as_u64().unwrap() as usize;
        let byte = text.char_indices().nth(column - 1).unwrap().0;
        assert!(byte >= object_start, "{d}");
        let object_end = object_start + text[object_start..].find("/issues/").unwrap();
        assert!(byte < object_end + 40, "{d}");
    }
    // The export is varied: links of every kind, checklists, closed and unassigned issues.
    let entities = run_env(repo.path(), &["entities", "--format", "json"], &[]);
    let entities: serde_json::Value = serde_json::from_str(&entities.stdout).unwrap();
    let all: Vec<&serde_json::Value> = entities["sources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|source| source["entities"].as_array().unwrap())
        .collect();
    let texts = |entity: &serde_json::Value, field: &str| -> Option<Vec<String>> {
        let values = entity["fields"][field]["values"].as_array()?;
        Some(
            values
                .iter()
                .map(|v| v["text"].as_str().unwrap().to_string())
                .collect(),
        )
    };
    let count = |field: &str, wanted: Option<&[&str]>| {
        all.iter()
            .filter(|e| match (texts(e, field), wanted) {
                (Some(found), Some(wanted)) => found == wanted,
                (found, None) => found.is_some(),
                (None, Some(_)) => false,
            })
            .count()
    };
    assert!(count("goal", None) > 200, "{}", count("goal", None));
    assert!(count("tasks", None) > 30, "{}", count("tasks", None));
    assert!(
        count("done_when", None) >= 10,
        "{}",
        count("done_when", None)
    );
    assert!(count("state", Some(&["CLOSED"])) > 25);
    assert!(count("assignees", Some(&[])) > 10);
    assert!(count("milestone", Some(&["2026-Q4"])) > 100);
    // The same input gives the same bytes.
    let again = common::planlint_in(repo.path(), &["check", "--format", "json"]);
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn findings_point_at_the_value_that_is_wrong() {
    let repo = plan();
    repo.write(
        "planning/issues.json",
        r#"[{"assignees":[],"body":"Ships it.\r\n\r\n**Goal:** G-101, G-404","labels":[{"name":"epic"}],"milestone":null,"number":7,"state":"OPEN","title":"Épopée","url":"u"}]"#,
    )
    .commit("plan");
    let run = run(repo.path(), &["check", "--format", "concise"]);
    let issue_lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("planning/issues.json"))
        .collect();
    assert_eq!(issue_lines.len(), 3, "{}", run.stdout);
    let text = std::fs::read_to_string(repo.path().join("planning/issues.json")).unwrap();
    let column_text = |line: &str| -> String {
        let column: usize = line.split(':').nth(2).unwrap().parse().unwrap();
        text.chars().skip(column - 1).take(20).collect()
    };
    let by_rule = |rule: &str| {
        *issue_lines
            .iter()
            .find(|l| l.contains(&format!("[{rule}]")))
            .unwrap_or_else(|| panic!("no {rule}: {}", run.stdout))
    };
    assert!(column_text(by_rule("issue-assignee")).starts_with("\"assignees\":[]"));
    assert!(by_rule("issue-assignee").ends_with("open issue #7 has no assignee"));
    assert!(column_text(by_rule("issue-goal")).starts_with("G-404"));
    assert!(by_rule("issue-goal").ends_with("issue #7 links goal `G-404`, which does not exist"));
    assert!(column_text(by_rule("issue-done-criteria")).starts_with("\"number\":7"));
}

/// An issue that links several goals that do not exist names them all, in
/// the plural.
#[test]
fn links_to_several_missing_goals_read_in_the_plural() {
    let repo = plan();
    repo.write(
        "planning/issues.json",
        r#"[{"assignees":[{"login":"bob"}],"body":"**Goal:** G-404, G-101, G-405","labels":[],"milestone":null,"number":7,"state":"OPEN","title":"Two typos","url":"u"}]"#,
    )
    .commit("plan");
    let run = run(repo.path(), &["check", "--format", "concise"]);
    let issue_goal: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("[issue-goal]"))
        .collect();
    assert_eq!(
        issue_goal,
        ["planning/issues.json:1:51: error[issue-goal] issue #7 links goals `G-404`, `G-405`, which do not exist"],
        "{}",
        run.stdout
    );
}

#[test]
fn a_malformed_export_is_a_parse_error_and_the_other_issues_are_still_checked() {
    let repo = plan();
    let cases = [
        // A label that is a string, a missing number, and a truncated tail.
        (
            r#"[{"number":1,"labels":["goal:G-101"],"assignees":[{"login":"a"}],"state":"OPEN"},{"title":"no number","assignees":[],"state":"OPEN"},{"number":3,"assignees":[],"state":"OPEN"},{"number":4,"assignees":[{"login":"a"}],"state":"OPEN","labels":[{"name":"goal:G-404"}]},{"number":5,"title":"cut"#,
            vec![
                ("parse-error", "planning/issues.json", 3),
                ("issue-assignee", "3", 1),
                ("issue-goal", "4", 1),
            ],
        ),
        (
            r#"{"number": 1}"#,
            vec![("parse-error", "planning/issues.json", 1)],
        ),
        (
            r#"[{"number":2,"assignees":"alice","state":"OPEN"},{"number":3,"assignees":[],"state":"OPEN"}]"#,
            vec![
                ("parse-error", "planning/issues.json", 1),
                ("issue-assignee", "3", 1),
            ],
        ),
    ];
    for (export, expected) in cases {
        repo.write("planning/issues.json", export).write(
            "planning/teams/big.md",
            "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
        );
        let run = run(repo.path(), &["check", "--format", "json"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let diagnostics = json_diagnostics(&run);
        for (rule, id, count) in &expected {
            let found = diagnostics
                .iter()
                .filter(|d| d["rule"] == *rule && d["entity"]["id"] == *id)
                .count();
            assert_eq!(found, *count, "{rule} {id} in {export}: {diagnostics:#?}");
        }
        let issue_rule_count = diagnostics
            .iter()
            .filter(|d| ISSUE_RULES.contains(&d["rule"].as_str().unwrap()))
            .count();
        let expected_count: usize = expected.iter().map(|(_, _, n)| n).sum();
        assert_eq!(
            issue_rule_count, expected_count,
            "{export}: {diagnostics:#?}"
        );
        // The rest of the plan is still checked.
        assert!(
            diagnostics.iter().any(|d| d["rule"] == "team-size"),
            "{diagnostics:#?}"
        );
        for d in diagnostics.iter().filter(|d| d["rule"] == "parse-error") {
            assert_eq!(d["path"], "planning/issues.json");
            assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
        }
    }
}

#[test]
fn issue_files_are_issues_named_by_number_or_stem() {
    let repo = plan();
    repo.write(
        "planning/issues/onboarding.md",
        "---\nnumber: 31\nassignees: [\"@alice\", bob]\nlabels: [epic]\ngoal: G-404\nstate: open\n---\n# Onboarding\n\nNo checklist yet.\n",
    )
    .write(
        "planning/issues/billing.md",
        "---\nassignee: carol\nlabels: [epic, \"goal:G-101\"]\n---\n# Billing\n\n## Done when\n- [ ] invoices go out\n",
    )
    .write(
        "planning/issues/closed.md",
        "---\nstate: closed\n---\n# Old\n\nGoal: G-102\n",
    )
    .commit("plan");
    let run = run(repo.path(), &["check", "--format", "json"]);
    assert_eq!(
        issue_findings(&run),
        vec![
            ("issue-assignee".to_string(), "31".to_string()),
            ("issue-done-criteria".to_string(), "31".to_string()),
            ("issue-goal".to_string(), "31".to_string()),
        ]
    );
    let goal = json_diagnostics(&run)
        .into_iter()
        .find(|d| d["rule"] == "issue-goal")
        .unwrap();
    assert_eq!(goal["path"], "planning/issues/onboarding.md");
    assert_eq!(
        (goal["line"].as_u64(), goal["column"].as_u64()),
        (Some(5), Some(7))
    );
    let entities = run_env(repo.path(), &["entities"], &[]);
    assert!(
        entities
            .stdout
            .contains("  issue billing  planning/issues/billing.md:"),
        "{}",
        entities.stdout
    );
    assert!(
        entities
            .stdout
            .contains("  issue 31  planning/issues/onboarding.md:"),
        "{}",
        entities.stdout
    );
}

#[test]
fn issues_flag_reads_an_export_outside_the_globs() {
    let repo = plan();
    repo.commit("plan");
    let export = r#"[{"number":8,"assignees":[],"state":"OPEN","title":"t"}]"#;
    // Inside the root: shown relative to it.
    repo.write("exports/all.json", export);
    let run_inside = run(
        repo.path(),
        &[
            "check",
            "--format",
            "concise",
            "--issues",
            "exports/all.json",
        ],
    );
    assert_eq!(
        run_inside.stdout,
        "exports/all.json:1:14: warning[issue-assignee] open issue #8 has no assignee\n",
        "{}",
        run_inside.stderr
    );
    assert_eq!(run_inside.code, 0);
    // Outside it: shown as given.
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("issues.json");
    std::fs::write(&outside, export).unwrap();
    let given = outside.to_string_lossy().into_owned();
    let run_outside = run(
        repo.path(),
        &["check", "--format", "concise", "--issues", &given],
    );
    assert_eq!(
        run_outside.stdout,
        format!("{given}:1:14: warning[issue-assignee] open issue #8 has no assignee\n")
    );
    // An export the globs already read is read once.
    repo.write("planning/issues.json", export);
    let twice = run(
        repo.path(),
        &[
            "check",
            "--format",
            "concise",
            "--issues",
            "planning/issues.json",
        ],
    );
    assert_eq!(twice.stdout.lines().count(), 1, "{}", twice.stdout);
    // A file that does not exist is a usage error.
    let missing = run(repo.path(), &["check", "--issues", "nope.json"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("cannot read the issue export `nope.json`"),
        "{}",
        missing.stderr
    );
}

fn event(action: &str, pr: Value) -> String {
    json!({
        "action": action,
        "number": pr["number"],
        "pull_request": pr,
        "repository": {"full_name": "acme/plan", "default_branch": "main"},
        "sender": {"login": "alice"},
    })
    .to_string()
}

fn pull_request(number: u32, body: Value, labels: &[&str], draft: bool) -> Value {
    json!({
        "number": number,
        "state": "open",
        "title": "Plan: raise activation ✨",
        "body": body,
        "labels": labels.iter().map(|l| json!({"id": 1, "name": l, "color": "fff"})).collect::<Vec<_>>(),
        "user": {"login": "alice", "id": 7},
        "draft": draft,
        "html_url": format!("https://github.com/acme/plan/pull/{number}"),
        "base": {"ref": "main", "sha": "1111111111111111111111111111111111111111"},
        "head": {"ref": "feature", "sha": "2222222222222222222222222222222222222222"},
    })
}

#[test]
fn event_flag_checks_the_pull_request_at_a_pseudo_path() {
    let repo = plan();
    repo.commit("plan");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("event.json");
    std::fs::write(
        &path,
        event(
            "opened",
            pull_request(
                12,
                json!("Raises activation.\r\n\r\nGoal: G-404"),
                &["goal:G-101", "planning"],
                false,
            ),
        ),
    )
    .unwrap();
    let path = path.to_string_lossy().into_owned();
    let run_json = run(
        repo.path(),
        &["check", "--format", "json", "--event", &path],
    );
    assert_eq!(run_json.code, 1, "{}", run_json.stderr);
    let diagnostics = json_diagnostics(&run_json);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["rule"], "issue-goal");
    assert_eq!(d["path"], "(pull request #12)");
    assert_eq!(d["entity"], json!({"kind": "pull_request", "id": "12"}));
    assert_eq!(
        d["message"],
        "pull request #12 links goal `G-404`, which does not exist"
    );
    // The text shown is the title, labels, author and body: `Goal: G-404` is line 7.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(7))
    );
    let human = run(repo.path(), &["check", "--event", &path]);
    assert!(
        human.stdout.contains("(pull request #12)"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("Goal: G-404"), "{}", human.stdout);
    let github = run(
        repo.path(),
        &["check", "--format", "github", "--event", &path],
    );
    assert!(
        github
            .stdout
            .starts_with("::error title=planlint issue-goal::pull request #12: issue-goal pull request #12 links goal `G-404`"),
        "{}",
        github.stdout
    );
    assert!(!github.stdout.contains("file="), "{}", github.stdout);
    let sarif = run(
        repo.path(),
        &["check", "--format", "sarif", "--event", &path],
    );
    // Code scanning rejects a whole upload with a result that has no file:
    // the pull request's finding stays out of SARIF (annotations carry it).
    let sarif: Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"],
        serde_json::json!([]),
        "{sarif}"
    );
    // A missing file named on the command line is a usage error.
    let missing = run(repo.path(), &["check", "--event", "nope.json"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn github_actions_environment_reads_pull_request_events_only() {
    let repo = plan();
    repo.write("planlint.toml", "[rules.issue-goal]\nrequire = true\n")
        .commit("plan");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("event.json");
    // An edited draft with a null body and no goal link.
    std::fs::write(
        &path,
        event("edited", pull_request(40, Value::Null, &[], true)),
    )
    .unwrap();
    let path = path.to_string_lossy().into_owned();
    for name in ["pull_request", "pull_request_target"] {
        let run = run_env(
            repo.path(),
            &["check", "--format", "concise"],
            &[
                ("GITHUB_EVENT_PATH", &path),
                ("GITHUB_EVENT_NAME", name),
                ("GITHUB_ACTIONS", "true"),
            ],
        );
        assert_eq!(
            run.stdout,
            "(pull request #40):1:1: error[issue-goal] pull request #40 links no goal\n",
            "{name}: {}",
            run.stderr
        );
        assert_eq!(run.code, 1);
    }
    for name in ["push", "workflow_dispatch", ""] {
        let run = run_env(
            repo.path(),
            &["check", "--format", "concise"],
            &[("GITHUB_EVENT_PATH", &path), ("GITHUB_EVENT_NAME", name)],
        );
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, ""),
            "{name}: {}",
            run.stderr
        );
    }
    // A goal in a label satisfies `require`; the draft is read as such.
    std::fs::write(
        &path,
        event("opened", pull_request(41, json!(""), &["Goal:G-107"], true)),
    )
    .unwrap();
    let ok = run_env(
        repo.path(),
        &["entities"],
        &[
            ("GITHUB_EVENT_PATH", &path),
            ("GITHUB_EVENT_NAME", "pull_request"),
        ],
    );
    assert!(
        ok.stdout
            .contains("outside the sources: 1 entity\n  pull_request 41  (pull request #41):1\n"),
        "{}",
        ok.stdout
    );
    let json = run_env(
        repo.path(),
        &["entities", "--format", "json"],
        &[
            ("GITHUB_EVENT_PATH", &path),
            ("GITHUB_EVENT_NAME", "pull_request"),
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let pull = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"].is_null())
        .unwrap();
    let fields = &pull["entities"][0]["fields"];
    assert_eq!(fields["draft"]["values"][0]["text"], "true");
    assert_eq!(fields["goal"]["values"][0]["text"], "G-107");
    // `--event` wins over the environment.
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        event("opened", pull_request(42, json!("Goal: G-101"), &[], false)),
    )
    .unwrap();
    let run = run_env(
        repo.path(),
        &[
            "check",
            "--format",
            "concise",
            "--event",
            &other.to_string_lossy(),
        ],
        &[
            ("GITHUB_EVENT_PATH", &path),
            ("GITHUB_EVENT_NAME", "pull_request"),
        ],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn a_malformed_or_missing_event_is_a_parse_error_and_the_plan_is_still_checked() {
    let repo = plan();
    repo.write(
        "planning/teams/big.md",
        "---\nmembers: [a, b, c, d, e, f, g]\n---\n# Big\n",
    )
    .commit("plan");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("event.json");
    for (payload, where_, message) in [
        (
            "{\"pull_request\": {\"number\": 3, \"title\": ",
            "(pull request event)",
            "not valid JSON",
        ),
        (
            "{\"ref\": \"refs/heads/main\"}",
            "(pull request event)",
            "no `pull_request` object",
        ),
        (
            "{\"pull_request\": {\"number\": 3, \"labels\": [\"goal:G-1\"]}}",
            "(pull request #3)",
            "`labels[0]` of pull request #3 is a string",
        ),
    ] {
        std::fs::write(&path, payload).unwrap();
        let run = run_env(
            repo.path(),
            &["check", "--format", "json"],
            &[
                ("GITHUB_EVENT_PATH", &path.to_string_lossy()),
                ("GITHUB_EVENT_NAME", "pull_request"),
            ],
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        let diagnostics = json_diagnostics(&run);
        let parse_error = diagnostics
            .iter()
            .find(|d| d["rule"] == "parse-error")
            .unwrap_or_else(|| panic!("{payload}: {diagnostics:#?}"));
        assert_eq!(parse_error["path"], where_);
        assert!(
            parse_error["message"].as_str().unwrap().contains(message),
            "{parse_error}"
        );
        assert!(diagnostics.iter().any(|d| d["rule"] == "team-size"));
    }
    let run = run_env(
        repo.path(),
        &["check", "--format", "concise"],
        &[
            ("GITHUB_EVENT_PATH", "/nonexistent/event.json"),
            ("GITHUB_EVENT_NAME", "pull_request"),
        ],
    );
    assert!(
        run.stdout.contains(
            "(pull request event):1:1: error[parse-error] cannot read the pull request event"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn the_goal_label_prefix_is_configurable() {
    let repo = plan();
    repo.write("planlint.toml", "[issues]\ngoal-label-prefix = \"okr/\"\n")
        .write(
            "planning/issues.json",
            r#"[{"number":1,"assignees":[{"login":"a"}],"state":"OPEN","labels":[{"name":"OKR/G-404"},{"name":"goal:G-405"}]}]"#,
        )
        .commit("plan");
    let run = run(repo.path(), &["check", "--format", "concise"]);
    assert!(
        run.stdout
            .contains("error[issue-goal] issue #1 links goal `G-404`, which does not exist"),
        "{}",
        run.stdout
    );
    repo.write("planlint.toml", "[issues]\ngoal-label-prefixx = \"okr/\"\n");
    let run = run_env(repo.path(), &["check"], &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}
