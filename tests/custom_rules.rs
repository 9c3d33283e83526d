//! An organisation's own rules, written in the same declarative format as
//! the built-in ones: in `[[rule]]` tables or in `rule-dirs` files.

mod common;

use common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

fn plan_with(config: &str) -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .write("planlint.toml", config)
        .commit("plan");
    repo
}

/// Lines of `concise` output for one rule.
fn findings(repo: &Repo, rule: &str) -> Vec<String> {
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| l.contains(&format!("[{rule}]")))
        .map(str::to_string)
        .collect()
}

fn goal(id: &str, extra: &str) -> String {
    CLEAN_GOAL.replace("id: G-107", &format!("id: {id}\n{extra}"))
}

#[test]
fn matches_with_the_designs_example() {
    let repo = plan_with(
        "[[rule]]\nid = \"quarter-format\"\non = \"goal\"\nlevel = \"error\"\nfield = \"quarter\"\nmatches = '^\\d{4}-Q[1-4]$'\nmessage = \"quarter must look like 2026-Q4\"\n",
    );
    assert!(findings(&repo, "quarter-format").is_empty());
    repo.write(
        "planning/goals/g-2.md",
        &goal("G-2", "").replace("quarter: 2026-Q4", "quarter: Q4/26"),
    );
    assert_eq!(
        findings(&repo, "quarter-format"),
        ["planning/goals/g-2.md:7:10: error[quarter-format] quarter must look like 2026-Q4"]
    );
}

#[test]
fn required_counts_placeholders_as_missing() {
    let repo = plan_with("[[rule]]\nid = \"needs-metric\"\non = \"goal\"\nlevel = \"warning\"\nfield = \"metric\"\nrequired = true\n");
    assert_eq!(
        findings(&repo, "needs-metric"),
        ["planning/goals/g-107.md:8:1: warning[needs-metric] goal `G-107` has no metric"]
    );
    repo.write("planning/goals/g-107.md", &goal("G-107", "metric: TBD"));
    assert_eq!(
        findings(&repo, "needs-metric"),
        ["planning/goals/g-107.md:3:9: warning[needs-metric] goal `G-107` has a placeholder for its metric: `TBD`"]
    );
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "metric: weekly active orgs"),
    );
    assert!(findings(&repo, "needs-metric").is_empty());
}

#[test]
fn min_and_max_count_values() {
    let repo = plan_with("[[rule]]\nid = \"two-reviewers\"\non = \"goal\"\nfield = \"reviewers\"\nmin = 2\nmax = 3\n");
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "reviewers: [\"@a\"]"),
    );
    assert_eq!(findings(&repo, "two-reviewers").len(), 1);
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "reviewers: [\"@a\", \"@b\", \"@c\", \"@d\"]"),
    );
    let found = findings(&repo, "two-reviewers");
    assert!(found[0].contains("has 4 reviewers values"), "{found:?}");
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "reviewers: [\"@a\", \"@b\"]"),
    );
    assert!(findings(&repo, "two-reviewers").is_empty());
    // A name written twice, however spelled, is one value.
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "reviewers: [\"@a\", \"A\"]"),
    );
    let found = findings(&repo, "two-reviewers");
    assert!(found[0].contains("has 1 reviewers value;"), "{found:?}");
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "reviewers: [\"@a\", \"@b\", \"@c\", \"@b\"]"),
    );
    assert!(findings(&repo, "two-reviewers").is_empty());
}

#[test]
fn not_matches_one_of_and_when() {
    let repo = plan_with(
        "[[rule]]\nid = \"no-jira-links\"\non = \"goal\"\nfield = \"done_when\"\nnot-matches = '(?i)jira'\n\n\
         [[rule]]\nid = \"known-theme\"\non = \"goal\"\nwhen = { status = [\"committed\", \"in-progress\"] }\nfield = \"theme\"\none-of = [\"growth\", \"reliability\"]\n",
    );
    repo.write(
        "planning/goals/g-107.md",
        &CLEAN_GOAL.replace("- [ ] 40%", "- [ ] JIRA-12 closed and 40%"),
    );
    assert_eq!(findings(&repo, "no-jira-links").len(), 1);
    repo.write("planning/goals/g-107.md", &goal("G-107", "theme: fun"));
    assert_eq!(findings(&repo, "known-theme").len(), 1);
    repo.write(
        "planning/goals/g-107.md",
        &goal("G-107", "theme: fun").replace("status: in-progress", "status: proposed"),
    );
    assert!(
        findings(&repo, "known-theme").is_empty(),
        "`when` deselects proposed goals"
    );
}

#[test]
fn references_and_group_limits() {
    let repo = plan_with(
        "[[rule]]\nid = \"depends-on-goal\"\non = \"goal\"\nfield = \"depends_on\"\nreferences = \"goal\"\n\n\
         [[rule]]\nid = \"one-goal-per-quarter-per-team\"\non = \"goal\"\nlevel = \"warning\"\ngroup-by = \"team\"\nmax-per-group = 1\nreport-at = \"group\"\ngroup-kind = \"team\"\n",
    );
    repo.write(
        "planning/goals/g-2.md",
        &goal("G-2", "depends_on: [G-107, G-404]"),
    );
    let refs = findings(&repo, "depends-on-goal");
    assert_eq!(refs.len(), 1);
    assert!(
        refs[0].contains("names goal `G-404`, which does not exist"),
        "{refs:?}"
    );
    let groups = findings(&repo, "one-goal-per-quarter-per-team");
    assert_eq!(
        groups,
        ["planning/teams/growth.md:7:1: warning[one-goal-per-quarter-per-team] growth has 2 goals (`G-107`, `G-2`); at most 1 allowed"]
    );
}

#[test]
fn rule_dirs_hold_one_rule_per_file() {
    let repo = plan_with("rule-dirs = [\"planning/rules\"]\n");
    repo.write(
        "planning/rules/team-mission-length.toml",
        "id = \"mission-length\"\non = \"team\"\nlevel = \"warning\"\nfield = \"mission\"\nnot-matches = '^.{0,10}$'\nmessage = \"team `{id}`'s mission is too short to guide anyone\"\n",
    );
    assert!(findings(&repo, "mission-length").is_empty());
    repo.write(
        "planning/teams/growth.md",
        &CLEAN_TEAM.replace(
            "Make onboarding effortless for every new organisation",
            "Grow",
        ),
    );
    assert_eq!(
        findings(&repo, "mission-length"),
        ["planning/teams/growth.md:5:10: warning[mission-length] team `growth`'s mission is too short to guide anyone"]
    );
}

/// A rule may mix checks that compare entities (`group-by`) with checks of
/// one entity at a time: each entity is reported once, for the first of the
/// rule's checks it fails, whichever kind comes first.
#[test]
fn a_rule_mixing_group_and_single_entity_checks_reports_the_first_failing_check() {
    let repo = plan_with("rule-dirs = [\"planning/rules\"]\n");
    let group =
        "group-by = \"owner\"\nmax-per-group = 1\nmessage = \"`{group}` owns {count} goals\"\n";
    let metric = "field = \"metric\"\nrequired = true\nmessage = \"goal `{id}` has no metric\"\n";
    let rule = |id: &str, first: &str, second: &str| {
        format!("id = \"{id}\"\non = \"goal\"\nlevel = \"warning\"\n\n[[check]]\n{first}\n[[check]]\n{second}")
    };
    repo.write(
        "planning/rules/focus-then-metric.toml",
        &rule("focus-then-metric", group, metric),
    );
    repo.write(
        "planning/rules/metric-then-focus.toml",
        &rule("metric-then-focus", metric, group),
    );
    repo.write("planning/goals/g-2.md", &goal("G-2", ""));
    repo.write(
        "planning/goals/g-4.md",
        &goal("G-4", "").replace("@bob", "@dan"),
    );
    repo.write("planning/goals/g-5.md", &goal("G-5", "metric: signups"));
    assert_eq!(
        findings(&repo, "focus-then-metric"),
        [
            "planning/goals/g-107.md:8:1: warning[focus-then-metric] goal `G-107` has no metric",
            "planning/goals/g-2.md:5:8: warning[focus-then-metric] `@bob` owns 3 goals",
            "planning/goals/g-4.md:9:1: warning[focus-then-metric] goal `G-4` has no metric",
            "planning/goals/g-5.md:5:8: warning[focus-then-metric] `@bob` owns 3 goals",
        ]
    );
    assert_eq!(
        findings(&repo, "metric-then-focus"),
        [
            "planning/goals/g-107.md:8:1: warning[metric-then-focus] goal `G-107` has no metric",
            "planning/goals/g-2.md:9:1: warning[metric-then-focus] goal `G-2` has no metric",
            "planning/goals/g-4.md:9:1: warning[metric-then-focus] goal `G-4` has no metric",
            "planning/goals/g-5.md:5:8: warning[metric-then-focus] `@bob` owns 3 goals",
        ]
    );
}

#[test]
fn custom_rules_can_be_tuned_and_turned_off_like_built_ins() {
    let repo = plan_with("[[rule]]\nid = \"needs-metric\"\non = \"goal\"\nfield = \"metric\"\nrequired = true\n\n[rules.needs-metric]\nlevel = \"off\"\n");
    assert!(findings(&repo, "needs-metric").is_empty());
}

#[test]
fn a_custom_rule_may_not_reuse_a_built_in_id_or_check_nothing() {
    let repo =
        plan_with("[[rule]]\nid = \"team-size\"\non = \"team\"\nfield = \"members\"\nmax = 2\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a rule with this id already exists"),
        "{}",
        run.stderr
    );
    repo.write(
        "planlint.toml",
        "[[rule]]\nid = \"empty\"\non = \"team\"\nfield = \"members\"\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the check checks nothing"),
        "{}",
        run.stderr
    );
}

/// `max-age-days` reads git history for whatever the rule is on, whether or
/// not the built-in `stale-goal` is on.
#[test]
fn max_age_days_on_teams_and_goals_with_stale_goal_off() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .write(
            "planlint.toml",
            "[rules.stale-goal]\nlevel = \"off\"\n\n[[rule]]\nid = \"stale-team\"\non = \"team\"\nmax-age-days = 90\nmessage = \"team `{id}` has not changed for {age} days\"\n\n[[rule]]\nid = \"old-goal\"\non = \"goal\"\nlevel = \"warning\"\nmax-age-days = 30\n",
        );
    repo.git_cmd(&["add", "-A"]);
    repo.git_at(&["commit", "-q", "-m", "plan"], "2026-06-01T12:00:00Z");
    repo.write(
        "planning/goals/g-107.md",
        &CLEAN_GOAL.replace("quarter: 2026-Q4", "quarter: 2026-Q4\n"),
    );
    repo.git_cmd(&["add", "-A"]);
    repo.git_at(&["commit", "-q", "-m", "goal"], "2026-09-15T12:00:00Z");
    repo.write("planning/notes.txt", "later\n");
    repo.commit("later");
    assert_eq!(
        findings(&repo, "stale-team"),
        ["planning/teams/growth.md:7:1: error[stale-team] team `growth` has not changed for 154 days"]
    );
    assert_eq!(
        findings(&repo, "old-goal"),
        ["planning/goals/g-107.md:9:1: warning[old-goal] goal `G-107` has not changed for 48 days; the limit is 30"]
    );
    assert!(findings(&repo, "stale-goal").is_empty());
}

/// A built-in engine under a rule of the user's own: the id and level are
/// the rule's, the findings the engine's.
#[test]
fn a_custom_rule_names_the_parse_error_engine() {
    let repo = plan_with(
        "[rules.parse-error]\nlevel = \"off\"\n\n[[rule]]\nid = \"broken-file\"\non = \"file\"\nlevel = \"warning\"\nengine = \"parse-error\"\n",
    );
    repo.write("planning/goals/g-2.md", "---\nowner: [unclosed\n---\n# G\n");
    assert_eq!(
        findings(&repo, "broken-file"),
        ["planning/goals/g-2.md:2:8: warning[broken-file] invalid YAML: unclosed bracket '['"]
    );
    assert!(findings(&repo, "parse-error").is_empty());
}

/// `in-field` accepts only what the fields hold; `or-references` says
/// which other values pass (here: a team as the owner).
#[test]
fn in_field_accepts_a_team_only_when_the_rule_says_so() {
    let rule = "[[rule]]\nid = \"owner-member\"\non = \"goal\"\nfield = \"owner\"\nin-field = \"team.members\"\n";
    let repo = plan_with(rule);
    repo.write(
        "planning/goals/g-107.md",
        &CLEAN_GOAL.replace("owner: \"@bob\"", "owner: growth"),
    );
    assert_eq!(
        findings(&repo, "owner-member"),
        ["planning/goals/g-107.md:4:8: error[owner-member] owner `growth` of goal `G-107` is not in team.members"]
    );
    repo.write(
        "planlint.toml",
        &format!("{rule}or-references = \"team\"\n"),
    );
    assert!(findings(&repo, "owner-member").is_empty());
}

/// Every check kind in a custom rule, on each kind of entity read from
/// documents: teams, goals and issues. Two entities of each kind carry the
/// same fields, so a check on one value fails on both, and the checks that
/// compare entities (`unique`, `group-by`) fail on the second.
#[test]
fn every_check_kind_fires_on_teams_goals_and_issues() {
    let checks: &[(&str, &str, bool)] = &[
        ("required", "field = \"absent\"\nrequired = true", false),
        ("min", "field = \"probe\"\nmin = 3", false),
        ("max", "field = \"probe\"\nmax = 1", false),
        ("matches", "field = \"probe\"\nmatches = '^z'", false),
        (
            "not-matches",
            "field = \"probe\"\nnot-matches = 'alp'",
            false,
        ),
        ("one-of", "field = \"probe\"\none-of = [\"alpha\"]", false),
        (
            "references",
            "field = \"probe\"\nreferences = \"goal\"",
            false,
        ),
        (
            "not-references",
            "field = \"peer\"\nnot-references = \"team\"",
            false,
        ),
        (
            "in-field",
            "field = \"probe\"\nin-field = \"members\"",
            false,
        ),
        (
            "not-contains",
            "field = \"probe\"\nnot-contains = [\"beta\"]",
            false,
        ),
        (
            "all-checked",
            "field = \"checklist\"\nall-checked = true",
            false,
        ),
        (
            "quarters",
            "field = \"quarter\"\nmax-quarters-ahead = 1",
            false,
        ),
        ("max-age-days", "max-age-days = 30", false),
        ("unique", "field = \"peer\"\nunique = true", true),
        ("group-by", "group-by = \"peer\"\nmax-per-group = 1", true),
    ];
    let kinds = [
        (
            "team",
            ["planning/teams/growth.md", "planning/teams/search.md"],
        ),
        ("goal", ["planning/goals/g-1.md", "planning/goals/g-2.md"]),
        (
            "issue",
            ["planning/issues/i-1.md", "planning/issues/i-2.md"],
        ),
    ];
    let repo = Repo::git();
    for (kind, paths) in &kinds {
        for (n, path) in paths.iter().enumerate() {
            let id = match *kind {
                "goal" => format!("id: G-{}\n", n + 1),
                "issue" => format!("number: {}\n", n + 1),
                _ => String::new(),
            };
            repo.write(
                path,
                &format!("---\n{id}probe: [alpha, beta]\npeer: growth\nquarter: 2030-Q1\n---\n# Entity {n}\n\n## Checklist\n\n- [ ] not yet\n"),
            );
        }
    }
    // The plan last changed long before the config: every file is old.
    repo.git_cmd(&["add", "-A"]);
    repo.git_at(&["commit", "-q", "-m", "plan"], "2026-01-01T12:00:00Z");
    let mut config = String::new();
    for (check, keys, _) in checks {
        for (kind, _) in &kinds {
            config.push_str(&format!(
                "\n[[rule]]\nid = \"{check}-on-{kind}\"\non = \"{kind}\"\n{keys}\nmessage = \"{check} fails\"\n"
            ));
        }
    }
    repo.write("planlint.toml", &config).commit("config");
    let run = repo.planlint(&["check", "--format", "concise", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (check, _, compares) in checks {
        for (kind, paths) in &kinds {
            let rule = format!("{check}-on-{kind}");
            let found: Vec<&str> = run
                .stdout
                .lines()
                .filter(|line| line.contains(&format!("error[{rule}] {check} fails")))
                .map(|line| line.split(':').next().unwrap_or_default())
                .collect();
            let expected: Vec<&str> = if *compares {
                vec![paths[1]]
            } else {
                paths.to_vec()
            };
            assert_eq!(found, expected, "{rule}:\n{}", run.stdout);
        }
    }
}

/// `{name:singular|plural}` chooses by a number (`{count}`) or by how many
/// items a list names (`{values}`, an option's array).
#[test]
fn a_choice_agrees_with_a_count_and_a_list() {
    let config = concat!(
        "[[rule]]\nid = \"reviewers\"\non = \"goal\"\nfield = \"reviewers\"\nmin = \"$needed\"\n",
        "message = \"goal `{id}` has {count} {count:reviewer|reviewers}; {limit} {limit:is|are} needed: ask {approvers:the approver|the approvers} {approvers}\"\n",
        "options = { needed = 2, approvers = [\"@lead\"] }\n\n",
        "[[rule]]\nid = \"depends-on-goal\"\non = \"goal\"\nfield = \"depends_on\"\nreferences = \"goal\"\n",
        "message = \"goal `{id}` depends on {values:goal|goals} {values}, which {values:is|are} not in the plan\"\n",
    );
    let repo = plan_with(config);
    repo.write(
        "planning/goals/g-2.md",
        &goal("G-2", "reviewers: [\"@a\"]\ndepends_on: [G-107, G-404]"),
    );
    repo.write(
        "planning/goals/g-3.md",
        &goal("G-3", "reviewers: []\ndepends_on: [G-404, G-107, G-405]"),
    );
    assert_eq!(
        findings(&repo, "reviewers"),
        [
            "planning/goals/g-2.md:3:1: error[reviewers] goal `G-2` has 1 reviewer; 2 are needed: ask the approver @lead",
            "planning/goals/g-3.md:3:1: error[reviewers] goal `G-3` has 0 reviewers; 2 are needed: ask the approver @lead",
        ]
    );
    assert_eq!(
        findings(&repo, "depends-on-goal"),
        [
            "planning/goals/g-2.md:4:21: error[depends-on-goal] goal `G-2` depends on goal `G-404`, which is not in the plan",
            "planning/goals/g-3.md:4:14: error[depends-on-goal] goal `G-3` depends on goals `G-404`, `G-405`, which are not in the plan",
        ]
    );
    // An option set to a list of two, and a limit of one.
    repo.write(
        "planlint.toml",
        &format!("{config}\n[rules.reviewers]\nneeded = 1\napprovers = [\"@lead\", \"@cto\"]\n"),
    );
    assert_eq!(
        findings(&repo, "reviewers"),
        ["planning/goals/g-3.md:3:1: error[reviewers] goal `G-3` has 0 reviewers; 1 is needed: ask the approvers @lead, @cto"]
    );
}

/// A choice that is not `{name:singular|plural}`, or that chooses by a
/// placeholder the check does not fill, is a configuration error at the
/// choice.
#[test]
fn a_malformed_choice_is_a_configuration_error() {
    let repo = plan_with(
        "[[rule]]\nid = \"reviewers\"\non = \"goal\"\nfield = \"reviewers\"\nmin = 2\nmessage = \"goal {id} has {count} {count:reviewer}\"\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "  × rule `reviewers`: `message` has `{count:reviewer}`, which is not a choice of two forms\n   ╭─[planlint.toml:6:34]\n 5 │ min = 2\n 6 │ message = \"goal {id} has {count} {count:reviewer}\"\n   ·                                  ────────┬───────\n   ·                                          ╰── here\n   ╰────\n  help: write `{count:singular|plural}`: two forms split by one `|`, with no `{` or `}` in them\n"
    );
    repo.write(
        "planlint.toml",
        "[[rule]]\nid = \"reviewers\"\non = \"goal\"\nfield = \"reviewers\"\nmin = 2\nmessage = \"goal {id} has {count} {status:reviewer|reviewers}\"\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert_eq!(
        run.stderr,
        "  × rule `reviewers`: `message` uses `{status}`, which is not filled when the check fails with\n  │ `min`\n   ╭─[planlint.toml:6:34]\n 5 │ min = 2\n 6 │ message = \"goal {id} has {count} {status:reviewer|reviewers}\"\n   ·                                  ─────────────┬─────────────\n   ·                                               ╰── here\n   ╰────\n  help: it can use `{id}`, `{kind}`, `{path}`, `{field}`, `{field-place}`, `{field-key}`, `{field-\n        tick}`, `{count}`, `{limit}`\n"
    );
}

/// The virtual fields are read by a check's `field` as by `when`: a
/// heading's title, the path, the kind; and `unique` names what is shared.
#[test]
fn checks_read_virtual_fields_as_fields() {
    let repo = Repo::git();
    repo.write(
        "ROADMAP.md",
        "## Same\nOwner: @a\n\n## Same\nOwner: @b\n\n## Other\nOwner: @c\n",
    )
    .write(
        "planlint.toml",
        r#"
[[source]]
kind = "goal"
mode = "heading"
level = 2
paths = ["ROADMAP.md"]

[[rule]]
id = "title-required"
on = "goal"
field = "title"
required = true

[[rule]]
id = "title-unique"
on = "goal"
field = "title"
unique = true

[[rule]]
id = "title-shape"
on = "goal"
field = "title"
matches = "^S"

[[rule]]
id = "roadmap-path"
on = "goal"
field = "path"
matches = "^plans/"

[[rule]]
id = "owner-of-same"
on = "goal"
when = { title = { matches = "^Same$" } }
field = "owner"
max = 0
"#,
    )
    .commit("plan");
    for rule in [
        "title-required",
        "title-shape",
        "title-unique",
        "roadmap-path",
        "owner-of-same",
    ] {
        let expected: &[&str] = match rule {
            "title-required" => &[],
            "title-shape" => &["ROADMAP.md:7:1: error[title-shape] title `Other` of goal `other` does not match `^S`"],
            "title-unique" => &["ROADMAP.md:4:1: error[title-unique] goal `same` has the same title `Same` as the goal at ROADMAP.md:1"],
            "roadmap-path" => &[
                "ROADMAP.md:1:1: error[roadmap-path] path `ROADMAP.md` of goal `same` does not match `^plans/`",
                "ROADMAP.md:4:1: error[roadmap-path] path `ROADMAP.md` of goal `same` does not match `^plans/`",
                "ROADMAP.md:7:1: error[roadmap-path] path `ROADMAP.md` of goal `other` does not match `^plans/`",
            ],
            _ => &[
                "ROADMAP.md:2:1: error[owner-of-same] goal `same` has 1 owner value (`@a`); at most 0 allowed",
                "ROADMAP.md:5:1: error[owner-of-same] goal `same` has 1 owner value (`@b`); at most 0 allowed",
            ],
        };
        assert_eq!(findings(&repo, rule), expected, "{rule}");
    }
    // A heading without words has no title.
    repo.write(
        "ROADMAP.md",
        "## Same\nOwner: @a\n\n## `{#g-2}`\nOwner: @b\n",
    )
    .commit("untitled");
    assert_eq!(
        findings(&repo, "title-required"),
        ["ROADMAP.md:4:1: error[title-required] goal `g-2` has no title"]
    );
}

/// `helps.FAILURE` stands for `help` on one failure; `help` on the others.
#[test]
fn helps_per_failure_replace_the_help_for_their_failure() {
    let repo = plan_with(
        "[[rule]]\nid = \"needs-metric\"\non = \"goal\"\nlevel = \"warning\"\nfield = \"metric\"\nrequired = true\nhelp = \"add {field-place}\"\nhelps.placeholder = \"replace `{value}` with the metric\"\n",
    );
    let helps = |repo: &Repo| -> Vec<String> {
        let run = repo.planlint(&["check", "--format", "json", "--fail-on", "never"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == "needs-metric")
            .map(|d| d["help"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(helps(&repo), ["add a `## Metric` section"]);
    repo.write("planning/goals/g-107.md", &goal("G-107", "metric: TBD"));
    assert_eq!(helps(&repo), ["replace `TBD` with the metric"]);
}

/// A value a check cannot take is blamed where it is written: at the
/// option that holds it, or at the check's own key, in a rule file.
#[test]
fn a_bad_value_in_a_rule_file_points_at_its_option_or_key() {
    let repo = plan_with("rule-dirs = [\"planning/rules\"]\n");
    repo.write(
        "planning/rules/owners.toml",
        "id = \"owners\"\non = \"goal\"\nsummary = \"x\"\n\n[options]\nlimit = -3\n\n[[check]]\nfield = \"owner\"\nmax = \"$limit\"\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert_eq!(
        run.stderr,
        "  × rule `owners`: option `limit` must be 0 or more, not -3\n   ╭─[planning/rules/owners.toml:6:1]\n 5 │ [options]\n 6 │ limit = -3\n   · ──┬──\n   ·   ╰── here\n 7 │ \n   ╰────\n  help: `max = \"$limit\"` reads it, and needs another value\n"
    );
    repo.write(
        "planning/rules/owners.toml",
        "id = \"owners\"\non = \"goal\"\nsummary = \"x\"\nfield = \"owner\"\n\n[[check]]\nfield = \"owner\"\nmax = \"one\"\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert_eq!(
        run.stderr,
        "  × rule `owners`: check key `max`: invalid type: string \"one\", expected usize\n   ╭─[planning/rules/owners.toml:8:1]\n 7 │ field = \"owner\"\n 8 │ max = \"one\"\n   · ─┬─\n   ·  ╰── here\n   ╰────\n  help: see `planlint rule` docs in the README for the check keys\n"
    );
}
