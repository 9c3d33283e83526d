//! Input size and shape cannot make a run superlinear: findings name a few
//! entities and count the rest, cross-references go through sets built once,
//! and regexes from `planlint.toml` are bounded in size and in the text they
//! scan.

use crate::common::{check_in_every_mode, Repo, CLEAN_GOAL, CLEAN_TEAM};

/// `count` goals in one data file, all owned by `@bob` in team `growth`.
fn goals_toml(count: usize, status: &str) -> String {
    (0..count)
        .map(|i| {
            format!("[[goal]]\nid = \"G-{i}\"\nowner = \"@bob\"\nteam = \"growth\"\nstatus = \"{status}\"\n")
        })
        .collect()
}

/// Lines of `concise` output for one rule.
fn lines_of(stdout: &str, rule: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(&format!("[{rule}]")))
        .map(str::to_string)
        .collect()
}

#[test]
fn one_owner_with_thousands_of_active_goals_gets_bounded_findings() {
    const GOALS: usize = 3_000;
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals.toml", &goals_toml(GOALS, "in-progress"))
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let load = lines_of(&run.stdout, "owner-load");
    assert_eq!(load.len(), GOALS - 2);
    assert_eq!(
        load[0],
        "planning/goals.toml:13:9: warning[owner-load] `@bob` owns 3000 active goals \
         (`G-0`, `G-1`, `G-2`, `G-3`, `G-4` and 2995 more); the limit is 2"
    );
    assert_eq!(
        lines_of(&run.stdout, "team-focus"),
        ["planning/teams/growth.md:7:1: warning[team-focus] team `growth` has 3000 active goals \
          (`G-0`, `G-1`, `G-2`, `G-3`, `G-4` and 2995 more); the limit is 3"]
    );
    // Every finding is small, so the output grows with the goals, not their square.
    let longest = run.stdout.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 200, "{longest}");
    assert!(run.stdout.len() < GOALS * 4 * 200, "{}", run.stdout.len());
}

#[test]
fn a_team_of_many_members_is_indexed_once() {
    const MEMBERS: usize = 200_000;
    const GOALS: usize = 500;
    let members: Vec<String> = (0..MEMBERS).map(|i| format!("\"@m{i}\"")).collect();
    let team = format!(
        "[[team]]\nid = \"growth\"\nlead = \"@m0\"\nmission = \"Make onboarding effortless for everyone\"\nmembers = [{}]\n",
        members.join(",")
    );
    let goals: String = (0..GOALS)
        .map(|i| {
            let owner = if i == 7 { "@stranger".to_string() } else { format!("@m{}", i * 397) };
            format!("[[goal]]\nid = \"G-{i}\"\nowner = \"{owner}\"\nteam = \"growth\"\nstatus = \"proposed\"\n")
        })
        .collect();
    let repo = Repo::git();
    repo.write("planning/teams.toml", &team)
        .write("planning/goals/all.toml", &goals)
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        lines_of(&run.stdout, "owner-in-team"),
        ["planning/goals/all.toml:38:9: warning[owner-in-team] goal `G-7` is owned by `@stranger`, who is not a member of its team"]
    );
}

fn custom_rule(rule: &str) -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .write("planlint.toml", rule)
        .commit("plan");
    repo
}

#[test]
fn a_regex_longer_than_the_limit_is_a_config_error() {
    let pattern = "a".repeat(1_001);
    let repo = custom_rule(&format!(
        "[[rule]]\nid = \"long\"\non = \"goal\"\nfield = \"owner\"\nmatches = '{pattern}'\n"
    ));
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "  × rule `long`: the regex `{}…` is 1001 characters long;\n  \
             │ the limit is 1000\n   \
             ╭─[planlint.toml:2:6]\n \
             1 │ [[rule]]\n \
             2 │ id = \"long\"\n   \
             ·      ───┬──\n   \
             ·         ╰── here\n \
             3 │ on = \"goal\"\n   \
             ╰────\n  \
             help: write a shorter pattern, or split the check in two\n",
            "a".repeat(40)
        )
    );
    // At the limit it is fine.
    repo.write(
        "planlint.toml",
        &format!(
            "[[rule]]\nid = \"long\"\non = \"goal\"\nfield = \"owner\"\nnot-matches = '{}'\n",
            "a".repeat(1_000)
        ),
    );
    assert_eq!(repo.planlint(&["check"]).code, 0);
}

#[test]
fn a_regex_too_big_once_compiled_is_a_config_error() {
    let repo = custom_rule(
        "[[rule]]\nid = \"huge\"\non = \"goal\"\nfield = \"owner\"\nmatches = '(\\w{100}){100}'\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("rule `huge`: invalid regex `(\\w{100}){100}`: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("size limit"), "{}", run.stderr);
}

#[test]
fn a_regex_reads_only_the_first_64_kib_of_a_value() {
    let repo = custom_rule(
        "[[rule]]\nid = \"only-a\"\non = \"goal\"\nlevel = \"error\"\nfield = \"metric\"\nmatches = '^a+$'\nmessage = \"not only a\"\n",
    );
    let metric = |value: &str| {
        CLEAN_GOAL.replace(
            "owner: \"@bob\"",
            &format!("owner: \"@bob\"\nmetric: {value}"),
        )
    };
    // The `b` lies past 64 KiB: the regex never sees it.
    let long = format!("{}b", "a".repeat(64 * 1024));
    repo.write("planning/goals/g-107.md", &metric(&long));
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Within the first 64 KiB it is seen.
    let short = format!("{}b", "a".repeat(64 * 1024 - 1));
    repo.write("planning/goals/g-107.md", &metric(&short));
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "planning/goals/g-107.md:5:9: error[only-a] not only a\n"
    );
}

#[test]
fn a_message_longer_than_the_limit_is_a_config_error() {
    let repo = custom_rule(&format!(
        "[[rule]]\nid = \"loud\"\non = \"goal\"\nfield = \"metric\"\nrequired = true\nhelp = \"{}\"\n",
        "x".repeat(1_001)
    ));
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("  × rule `loud`: the help is 1001 characters long; the limit is 1000\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_number_of_custom_rules_and_regexes_is_bounded() {
    let rule = |i: usize, check: &str| {
        format!("[[rule]]\nid = \"r-{i}\"\non = \"goal\"\nfield = \"owner\"\n{check}\n")
    };
    let rules: String = (0..51).map(|i| rule(i, "matches = '^@'")).collect();
    let run = custom_rule(&rules).planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("  × rule `r-50`: the rules have more than 50 regexes\n"),
        "{}",
        run.stderr
    );
    let rules: String = (0..50).map(|i| rule(i, "matches = '^@'")).collect();
    let run = custom_rule(&rules).planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let rules: String = (0..201).map(|i| rule(i, "one-of = ['@bob']")).collect();
    let run = custom_rule(&rules).planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("  × 201 custom rules; the limit is 200\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn report_files_each_goal_under_its_teams_in_one_pass() {
    const TEAMS: usize = 1_000;
    let teams: String = (0..TEAMS)
        .map(|t| format!("[[team]]\nid = \"t{t}\"\nlead = \"@l{t}\"\nmembers = [\"@l{t}\"]\n"))
        .collect();
    // Goal `G-t` belongs to team `t` and to the next one; one goal's team is unknown.
    let goals: String = (0..TEAMS)
        .map(|t| {
            format!(
                "[[goal]]\nid = \"G-{t}\"\nowner = \"@l{t}\"\nteam = [\"t{t}\", \"t{}\"]\nstatus = \"proposed\"\n",
                (t + 1) % TEAMS
            )
        })
        .chain(std::iter::once(
            "[[goal]]\nid = \"G-lost\"\nteam = \"nowhere\"\n".to_string(),
        ))
        .collect();
    let repo = Repo::git();
    repo.write("planning/teams.toml", &teams)
        .write("planning/goals/all.toml", &goals)
        .commit("plan");
    let run = repo.planlint(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# Plan\n\n1000 teams · 1001 goals · 0 issues"),
        "{}",
        &run.stdout[..200.min(run.stdout.len())]
    );
    // `t5` holds G-4 (shared with the team before it) and G-5, both proposed.
    assert!(
        run.stdout.contains("\n| `t5` | 1 | 2 | 2 | 0 |"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("\n- `G-lost`  (`planning/goals/all.toml`)\n"));
}

/// An export of malformed elements made a diagnostic each: `[{},{},...]`,
/// 9 MB of it, took 3 GB and 12 s. A file reports its first 100 problems
/// and counts the rest, in every mode, and memory does not grow with them.
#[test]
fn a_file_reports_its_first_hundred_problems_and_counts_the_rest() {
    let repo = Repo::git();
    let export = format!("[{}]", vec!["{}"; 100_250].join(","));
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL)
        .write("planning/issues.json", &export)
        .commit("plan");
    for args in check_in_every_mode("concise") {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        let errors = lines_of(&run.stdout, "parse-error");
        assert_eq!(errors.len(), 101, "{args:?}: {}", run.stdout);
        assert_eq!(
            errors[0],
            "planning/issues.json:1:2: error[parse-error] element 1 of the export has no `number`"
        );
        assert_eq!(
            errors[100],
            "planning/issues.json:1:302: error[parse-error] 100,150 more problems in this file are not reported one by one"
        );
    }
}

#[test]
fn an_export_past_its_limit_counts_every_problem_it_read_and_says_where_it_stopped() {
    // Its problems were bounded twice: the count of the first bound, and
    // the limit's problem, became "2 more problems".
    let limit = planlint::extract::MAX_EXPORT_ISSUES;
    let repo = Repo::git();
    repo.write(
        "planning/issues.json",
        &format!("[{}]", vec!["{}"; limit + 1].join(",")),
    )
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = lines_of(&run.stdout, "parse-error");
    assert_eq!(errors.len(), 102, "{}", run.stdout);
    assert_eq!(
        errors[100..],
        [
            "planning/issues.json:1:302: error[parse-error] 499,900 more problems in this file \
             are not reported one by one",
            "planning/issues.json:1:1500002: error[parse-error] this file holds more than 500,000 \
             issues, the most planlint reads from one file; the rest, from here on, are not read",
        ]
    );
}

/// A document of hundreds of thousands of sections is one goal of many
/// fields: each name is kept in order, so past a bound none is added, and
/// the goal says so (400,000 sections took 20 s when each was kept).
#[test]
fn a_goal_of_countless_sections_keeps_the_first_thousand_fields() {
    let sections: String = (0..300_000)
        .rev()
        .map(|i| format!("## Part {i}\nText.\n"))
        .collect();
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write(
            "planning/goals/g-1.md",
            &format!("---\nowner: \"@bob\"\n---\n# Many parts\n{sections}"),
        )
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        run.stdout.contains(
            "planning/goals/g-1.md:4:1: error[parse-error] this goal reached 1000 fields, the most planlint reads; any after them are not read\n"
        ),
        "{}",
        run.stdout
    );
    let entities = repo.planlint(&["entities", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&entities.stdout).expect("json");
    let goal = (json["sources"].as_array().into_iter().flatten())
        .flat_map(|source| source["entities"].as_array().into_iter().flatten())
        .find(|e| e["kind"] == "goal")
        .expect("the goal");
    // The owner, written first, is kept.
    assert_eq!(goal["fields"]["owner"]["values"][0]["text"], "@bob");
    assert_eq!(goal["fields"].as_object().map(|f| f.len()), Some(1001));
}

/// A page of `count` one-line goal headings, read in heading mode.
fn heading_page(count: usize) -> Repo {
    let page: String = (0..count).map(|i| format!("## g{i}\n")).collect();
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"roadmap.md\"]\nlevel = 2\n",
    )
    .write("roadmap.md", &page)
    .commit("plan");
    repo
}

#[test]
fn a_file_of_more_entities_than_planlint_reads_says_where_it_stopped() {
    // Every one of these goals breaks five rules: 960,000 of them in a
    // 10 MiB page made 5.8 million findings (4 GB). The file is now read
    // to its limit and gets a parse error, so the entities it holds serve
    // cross-references without a finding each.
    let limit = planlint::extract::MAX_FILE_ENTITIES;
    let run = heading_page(limit + 1).planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "roadmap.md:100001:1: error[parse-error] this file holds more than 100,000 teams, \
             goals and issues, the most planlint reads from one file; the rest, from here on, \
             are not read",
        ]
    );
    // At the limit, every goal is read and checked.
    let run = heading_page(limit).planlint(&["check", "--statistics"]);
    assert!(!run.stdout.contains("parse-error"), "{}", run.stdout);
    assert!(
        run.stdout.contains("100000  error    goal-owner"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_issue_export_of_more_issues_than_planlint_reads_keeps_the_first() {
    let limit = planlint::extract::MAX_EXPORT_ISSUES;
    let issues: Vec<String> = (0..=limit)
        .map(|n| format!("{{\"number\":{n},\"state\":\"CLOSED\"}}"))
        .collect();
    let repo = Repo::git();
    repo.write("planning/issues.json", &format!("[{}]", issues.join(",\n")))
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "planning/issues.json:500001:1: error[parse-error] this file holds more than 500,000 \
             issues, the most planlint reads from one file; the rest, from here on, are not read",
        ]
    );
}

#[test]
fn a_document_of_more_markdown_than_planlint_reads_says_where_it_stopped() {
    // Memory grows with a document's marks: a 10 MiB line of `*a* ` took
    // 1.25 GB, five million nested `- ` 2.1 GB. Past the limit the lines
    // before the one holding the mark past it are read, and a parse error
    // points at that line.
    let marks = planlint::parse::MAX_MARKDOWN_MARKS;
    let goal = format!(
        "{CLEAN_GOAL}{}\n\n## Notes\n- read no more\n",
        "*a".repeat(marks)
    );
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/activation.md", &goal)
        .commit("plan");
    let cut_line = CLEAN_GOAL.lines().count() + 1;
    fails_with_only_this_line_in_every_mode(
        &repo,
        &format!(
            "planning/goals/activation.md:{cut_line}:1: error[parse-error] this document holds \
             more than 1,000,000 Markdown marks (punctuation and line breaks), the most planlint \
             reads from one document; the rest, from here on, is not read"
        ),
    );
    // What was read before the cut is the goal: its done criteria count.
    let run = repo.planlint(&["entities", "--format", "json"]);
    let entities: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let goal = entities["sources"]
        .as_array()
        .and_then(|sources| sources.iter().find(|s| s["kind"] == "goal"))
        .map(|source| &source["entities"][0])
        .expect("the goal");
    assert_eq!(
        goal["fields"]["done_when"]["values"][0]["text"],
        "40% of new organisations send a first event within a day"
    );
    assert!(goal["fields"].get("notes").is_none(), "{goal}");
}

#[test]
fn a_toml_file_of_more_values_than_planlint_reads_is_not_read() {
    // The TOML parser's tree takes about 300 bytes a value: a 10 MiB
    // `goal = [1,1,...]` took 1.5 GB.
    let marks = planlint::parse::MAX_TOML_MARKS;
    let goals = format!("goal = [{}1]\n", "1,".repeat(marks));
    let repo = Repo::git();
    repo.write("planning/goals.toml", &goals).commit("plan");
    // The mark past the limit: `=` is the first mark, then the `[`.
    let column = "goal = [".len() + 2 * (marks - 2) + 2;
    fails_with_only_this_line_in_every_mode(
        &repo,
        &format!(
            "planning/goals.toml:1:{column}: error[parse-error] this TOML holds more than 500,000 \
             values (`=`, `,`, `[`, `{{` and `.` marks), the most planlint reads from one file; it \
             is not read"
        ),
    );
}

/// `check` in the work tree, the index and HEAD exits 1 and prints `line` alone.
fn fails_with_only_this_line_in_every_mode(repo: &Repo, line: &str) {
    for args in check_in_every_mode("concise") {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout.lines().collect::<Vec<_>>(), [line], "{args:?}");
    }
}

#[test]
fn pages_read_by_heading_and_by_table_stop_at_the_markdown_read_too() {
    let marks = planlint::parse::MAX_MARKDOWN_MARKS;
    let past = "*a".repeat(marks);
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"roadmap.md\"]\nlevel = 2\n\n\
         [[source]]\nkind = \"team\"\nmode = \"table\"\npaths = [\"teams.md\"]\n",
    )
    .write(
        "roadmap.md",
        &format!("## Launch\n\n{past}\n\n## Not read\n"),
    )
    .write(
        "teams.md",
        &format!("| id | lead |\n|---|---|\n| growth | @bob |\n\n{past}\n\n| core | @ann |\n"),
    )
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let message = "error[parse-error] this document holds more than 1,000,000 Markdown marks \
                   (punctuation and line breaks), the most planlint reads from one document; \
                   the rest, from here on, is not read";
    assert_eq!(
        lines_of(&run.stdout, "parse-error"),
        [
            format!("roadmap.md:3:1: {message}"),
            format!("teams.md:5:1: {message}")
        ]
    );
    let run = repo.planlint(&["entities"]);
    assert!(run.stdout.contains("launch"), "{}", run.stdout);
    assert!(run.stdout.contains("growth"), "{}", run.stdout);
    assert!(!run.stdout.contains("not-read"), "{}", run.stdout);
    assert!(!run.stdout.contains("core"), "{}", run.stdout);
}

#[test]
fn a_yaml_alias_bomb_is_a_parse_error_that_says_what_was_too_large() {
    // 314 bytes whose aliases would make 100,000 members.
    let mut team =
        String::from("id: growth\nlead: \"@bob\"\nx0: &x0 [a, b, c, d, e, f, g, h, i, j]\n");
    for level in 1..5 {
        let refs = vec![format!("*x{}", level - 1); 10].join(", ");
        team.push_str(&format!("x{level}: &x{level} [{refs}]\n"));
    }
    team.push_str("members: [*x4]\n");
    let repo = Repo::git();
    repo.write("planning/teams/growth.yaml", &team)
        .commit("plan");
    // 1,000 values and 4 a byte of the file's 314 bytes.
    assert_eq!(team.len(), 314);
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        lines_of(&run.stdout, "parse-error"),
        [
            "planning/teams/growth.yaml:6:10: error[parse-error] this file holds more than 2,256 \
          values, the most planlint reads from YAML or JSON of its size; it is not read"
        ]
    );
}

#[test]
fn where_a_file_stopped_is_reported_after_its_counted_problems() {
    // 150 values that are not tables (a problem each), then one table
    // more than planlint reads from a file: the count takes in the 50
    // problems past the first 100, not the one that says where it stopped.
    let limit = planlint::extract::MAX_FILE_ENTITIES;
    let goals = format!(
        "goals: [{}, {}]\n",
        vec!["1"; 150].join(", "),
        vec!["{}"; limit + 1].join(", ")
    );
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"goals.yaml\"]\nselect = \"goals[*]\"\n",
    )
    .write("goals.yaml", &goals)
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = lines_of(&run.stdout, "parse-error");
    assert_eq!(errors.len(), 102, "{}", run.stdout);
    let past_the_limit = "goals: [".len() + 1 + 150 * "1, ".len() + limit * "{}, ".len();
    assert_eq!(
        errors[100..],
        [
            "goals.yaml:1:309: error[parse-error] 50 more problems in this file are not reported \
             one by one"
                .to_string(),
            format!(
                "goals.yaml:1:{past_the_limit}: error[parse-error] this file holds more than \
                 100,000 teams, goals and issues, the most planlint reads from one file; the \
                 rest, from here on, are not read"
            ),
        ]
    );
}

/// One file under many names (symlinks in the work tree; tree entries
/// sharing one blob in the index and a commit) is read under each: the run
/// reads at most 256 MiB of planning files in all, then stops with exit 2,
/// however few bytes the repository holds.
#[test]
fn one_file_under_many_names_stops_at_the_read_budget() {
    let repo = Repo::git();
    // 9.5 MB, under the 10 MiB limit of one file; 30 names are 285 MB.
    repo.write(
        "data/big.md",
        &format!("# Big\n\n{}\n", "word ".repeat(1_900_000)),
    );
    std::fs::create_dir_all(repo.path().join("planning/goals")).expect("mkdir");
    for n in 0..30 {
        let name = repo.path().join(format!("planning/goals/l{n}.md"));
        std::os::unix::fs::symlink("../../data/big.md", name).expect("symlink");
    }
    repo.commit("one file, thirty names");
    for args in check_in_every_mode("concise") {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains(
                "the plan's files hold more than 256 MiB, the most planlint reads in one run"
            ),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Three names are read.
    for n in 3..30 {
        std::fs::remove_file(repo.path().join(format!("planning/goals/l{n}.md"))).expect("rm");
    }
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(run.code < 2, "{}", run.stderr);
}
