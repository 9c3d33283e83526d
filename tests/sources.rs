//! Sources by configuration: each mode and field origin on the shared corpus
//! (with the configs in `examples/`) and on small documents of our own
//! (`tests/fixtures/sources/`), run as a user runs the built binary. The
//! entities found and the diagnostics are pinned exactly.

mod common;

use common::Repo;
use std::path::Path;

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

/// A committed repository holding `folder` (relative to the crate), with
/// `config` (relative to the crate) as its planlint.toml when given.
fn repo_of(folder: &str, config: Option<&str>) -> Repo {
    let repo = Repo::git();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join(folder), repo.path());
    if let Some(config) = config {
        std::fs::copy(root.join(config), repo.path().join("planlint.toml")).expect("copy config");
    }
    repo.commit("plan");
    repo
}

/// `(id, owners, status)` of every entity, from `planlint entities --format json`.
fn entities(repo: &Repo) -> Vec<(String, Vec<String>, Vec<String>)> {
    let run = repo.planlint(&["entities", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let texts = |entity: &serde_json::Value, field: &str| -> Vec<String> {
        entity["fields"][field]["values"]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .map(|v| v["text"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for source in json["sources"].as_array().expect("sources") {
        for entity in source["entities"].as_array().expect("entities") {
            out.push((
                entity["id"].as_str().unwrap_or_default().to_string(),
                texts(entity, "owner"),
                texts(entity, "status"),
            ));
        }
    }
    out
}

fn row(id: &str, owners: &[&str], status: &str) -> (String, Vec<String>, Vec<String>) {
    (
        id.to_string(),
        owners.iter().map(|o| o.to_string()).collect(),
        vec![status.to_string()],
    )
}

fn concise(repo: &Repo) -> String {
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

#[test]
fn posthog_objectives_in_heading_mode() {
    let repo = repo_of(
        "tests/corpus/posthog",
        Some("examples/posthog/planlint.toml"),
    );
    assert_eq!(
        entities(&repo),
        [
            row(
                "objective-1-agent-experience-make-agents-first-class-users",
                &["Aleksander Błaszkiewicz"],
                "in-progress"
            ),
            row(
                "objective-2-grouping-group-once-correctly",
                &["Hugues Pouillot"],
                "in-progress"
            ),
            row(
                "objective-3-make-bills-predictable",
                &["Cory Slater"],
                "in-progress"
            ),
            row("objective-4-alerting", &["Hugues Pouillot"], "in-progress"),
            row(
                "objective-5-issue-enrichment",
                &["James Gill"],
                "in-progress"
            ),
            row(
                "objective-6-enterprise-readiness",
                &["Hugues Pouillot"],
                "in-progress"
            ),
            row(
                "objective-7-release-context",
                &["Aleksander Błaszkiewicz"],
                "in-progress"
            ),
        ]
    );
    assert_eq!(
        concise(&repo),
        "contents/teams/error-tracking/objectives.mdx:53:66: warning[owner-load] `Hugues Pouillot` owns 3 active goals (`objective-2-grouping-group-once-correctly`, `objective-4-alerting`, `objective-6-enterprise-readiness`); the limit is 2\n"
    );
    let listing = repo.planlint(&["entities"]).stdout;
    let expected = "source 1: goal (heading mode) from contents/teams/*/objectives.mdx: 7 entities
  goal objective-1-agent-experience-make-agents-first-class-users  contents/teams/error-tracking/objectives.mdx:3
    title      Objective 1: Agent experience – Make agents first-class users
    done_when  4 values: Analyze production usage and improve the Wizard, MCP tools, and skills…  (line 7, labelled line)
    id         objective-1-agent-experience-make-agents-first-class-users  (line 3, title)
    owner      Aleksander Błaszkiewicz  (line 3, heading regex)
    quarter    Q4 2026  (line 1, enclosing heading)
    status     in-progress  (line 3, default)
    team       error-tracking  (line 3, path regex)
    why        Agents need a reliable way to set up Error Tracking, investigate issue…  (line 5, labelled line)
";
    assert!(listing.starts_with(expected), "{listing}");
    assert!(listing.ends_with("0 teams, 7 goals, 0 issues in 1 file\n"));
}

#[test]
fn rust_project_goals_in_document_mode() {
    let repo = repo_of(
        "tests/corpus/rust-project-goals",
        Some("examples/rust-project-goals/planlint.toml"),
    );
    let active = "in-progress";
    assert_eq!(
        entities(&repo),
        [
            row("GPU-Offload", &["@ZuseZ4"], active),
            row("Polonius", &["@lqd"], active),
            row("all-hands", &["@m-ou-se"], active),
            row("annotate-snippets", &["@Muscraft"], active),
            row("arm-sve-sme", &["@davidtwco"], active),
            row("async", &["@tmandry"], active),
            row("build-std", &["@davidtwco"], active),
            row("cargo-plumbing", &["@epage"], active),
            row("cargo-script", &["@epage"], active),
            row("cargo-semver-checks", &["@obi1kenobi"], active),
            row("compiletest-directive-rework", &["@jieyouxu"], active),
            row("const-trait", &["@oli-obk"], active),
            row("eii", &["@m-ou-se"], active),
            row("ergonomic-rc", &["@spastorino"], active),
            row("field-projections", &["@y86-dev"], "dropped"),
            row("formality", &["@nikomatsakis"], active),
            row("improve-rustc-codegen", &["@folkertdev"], active),
            row("libtest-json", &["@epage"], active),
            row("macro-improvements", &["@joshtriplett"], active),
            row("metrics-initiative", &["@yaahc"], active),
            row("min_generic_const_arguments", &["@BoxyUwU"], active),
            row("next-solver", &["@lcnr"], active),
            row("null-enum-discriminant-debug-checks", &["@1c3t3a"], active),
            row("open-namespaces", &["@epage"], active),
            row("optimize-clippy-linting-2", &["@blyxyas"], active),
            row("parallel-front-end", &["@SparrowLii"], active),
            row("perf-improvements", &["@davidtwco"], active),
            row("pub-priv", &["@epage"], active),
            row("pubgrub-in-cargo", &["@eh2406"], active),
            row("restrictions", &["@jhpratt"], active),
            row("rfl", &["@nikomatsakis"], active),
            row("rust-vision-doc", &["@nikomatsakis"], active),
            row("safe-linking", &["@m-ou-se"], active),
            row("seamless-rust-cpp", &["@tmandry"], active),
            row("simd-multiversioning", &["@veluca93"], active),
            row("spec-fls-publish", &["@joelmarcey"], active),
            row("spec-testing", &["@chorman0773"], "dropped"),
            row("stabilize-project-goal-program", &["@nikomatsakis"], active),
            row("stable-mir", &["@celinval"], active),
            row("std-contracts", &["@celinval"], active),
            row("unsafe-fields", &["@jswrenn"], active),
            row("verification-and-mirroring", &["@walterhpearce"], active),
        ]
    );
    let epage = "`@epage` owns 5 active goals (`cargo-plumbing`, `cargo-script`, `libtest-json`, `open-namespaces`, `pub-priv`); the limit is 2";
    let niko = "`@nikomatsakis` owns 4 active goals (`formality`, `rfl`, `rust-vision-doc`, `stabilize-project-goal-program`); the limit is 2";
    assert_eq!(
        concise(&repo),
        format!(
            "src/2025h1/libtest-json.md:5:24: warning[owner-load] {epage}
src/2025h1/open-namespaces.md:4:22: warning[owner-load] {epage}
src/2025h1/perf-improvements.md:5:24: warning[owner-load] `@davidtwco` owns 3 active goals (`arm-sve-sme`, `build-std`, `perf-improvements`); the limit is 2
src/2025h1/pub-priv.md:5:22: warning[owner-load] {epage}
src/2025h1/rust-vision-doc.md:5:24: warning[owner-load] {niko}
src/2025h1/safe-linking.md:5:24: warning[owner-load] `@m-ou-se` owns 3 active goals (`all-hands`, `eii`, `safe-linking`); the limit is 2
src/2025h1/stabilize-project-goal-program.md:5:24: warning[owner-load] {niko}
"
        )
    );
}

#[test]
fn table_mode_reads_rows_under_status_headings() {
    let repo = repo_of("tests/fixtures/sources/roadmap-table", None);
    assert_eq!(
        repo.planlint(&["entities"]).stdout,
        "source 1: goal (table mode) from ROADMAP.md: 5 entities
  goal faster-builds  ROADMAP.md:13
    title      Faster builds
    id         faster-builds  (line 13, title)
    owner      Ana Ruiz  (line 13, column)
    status     in-progress  (line 9, enclosing heading, mapped)
    (+3 other fields: --format json lists them)
  goal better-docs  ROADMAP.md:14
    title      Better docs
    id         better-docs  (line 14, title)
    owner      2 values: @bob; @carol  (line 14, column)
    status     in-progress  (line 9, enclosing heading, mapped)
    (+3 other fields: --format json lists them)
  goal faster-builds  ROADMAP.md:15
    title      Faster builds
    id         faster-builds  (line 15, title)
    owner      @dan  (line 15, column)
    status     in-progress  (line 9, enclosing heading, mapped)
    (+3 other fields: --format json lists them)
  goal offline-mode  ROADMAP.md:21
    title      Offline mode
    id         offline-mode  (line 21, title)
    owner      ?  (line 21, column)
    status     proposed  (line 17, enclosing heading, mapped)
    (+3 other fields: --format json lists them)
  goal dark-mode  ROADMAP.md:27
    title      Dark mode
    id         dark-mode  (line 27, title)
    owner      ana ruiz  (line 27, column)
    status     done  (line 23, enclosing heading, mapped)
    (+3 other fields: --format json lists them)
0 teams, 5 goals, 0 issues in 1 file
"
    );
    assert_eq!(
        concise(&repo),
        "ROADMAP.md:14:21: error[goal-owner] goal `better-docs` has 2 owners (`@bob`, `@carol`); a goal has exactly one
ROADMAP.md:15:1: error[duplicate-id] goal id `faster-builds` is already used by the goal at ROADMAP.md:13
ROADMAP.md:21:18: error[goal-owner] goal `offline-mode` has no owner: `?` is a placeholder
"
    );
    // Without `under`, the table without the configured columns (`| Area |
    // Channel |`) is still not read as goals.
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    repo.write("planlint.toml", &config.replace("under = ", "# under = "));
    let ids: Vec<String> = entities(&repo).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(
        ids,
        [
            "faster-builds",
            "better-docs",
            "faster-builds",
            "offline-mode",
            "dark-mode"
        ]
    );
}

#[test]
fn data_mode_selects_teams_with_nested_keys() {
    let repo = repo_of("tests/fixtures/sources/sigs", None);
    let listing = repo.planlint(&["entities"]).stdout;
    assert!(
        listing.contains(
            "  team sig-apps  sigs.yaml:11
    title      Apps
    id         sig-apps  (line 11, key)
    lead       2 values: janetkuo; soltysh  (line 16, key)
"
        ),
        "{listing}"
    );
    assert_eq!(
        concise(&repo),
        "sigs.yaml:16:19: warning[team-lead] team `sig-apps` has 2 leads (`janetkuo`, `soltysh`); a team has exactly one
sigs.yaml:20:5: warning[team-mission] team `sig-docs` states no mission
sigs.yaml:24:19: warning[team-lead] team `sig-docs` has a placeholder for its lead: `TBD`
"
    );
}

/// A `.json` data file is read as JSON, with JSON's limits: a key of any
/// length, 64 levels, and as many goals as a file may hold (60,000 goals
/// are 300,000 values, past what planlint reads from YAML).
#[test]
fn data_mode_reads_json_as_json() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\nselect = \"[*]\"\npaths = [\"goals.json\"]\n",
    );
    let mut nested = String::from("{\"title\": \"G\", \"owner\": \"@a\"}");
    for _ in 0..20 {
        nested = format!("{{\"n\": {nested}}}");
    }
    let long_key = "k".repeat(1_100);
    let goals: Vec<String> = (0..60_000)
        .map(|i| format!("{{\"id\": \"g-{i}\", \"owner\": \"@a\", \"status\": \"proposed\", \"team\": \"t\"}}"))
        .collect();
    repo.write(
        "goals.json",
        &format!(
            "[{{\"id\": \"deep\", \"x\": {nested}, \"{long_key}\": \"v\"}}, {}]",
            goals.join(", ")
        ),
    )
    .commit("goals");
    let run = repo.planlint(&["check", "--statistics"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("parse-error"), "{}", run.stdout);
    assert!(
        run.stdout.contains("60001  error    goal-team"),
        "{}",
        run.stdout
    );
    // Not JSON is said as JSON, where it is.
    repo.write("goals.json", "[{\"id\": \"a\",}]\n");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        run.stdout.starts_with(
            "goals.json:1:13: error[parse-error] invalid JSON: expected a key in double quotes\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn folder_per_entity_takes_the_id_from_the_path() {
    let repo = repo_of("tests/fixtures/sources/keps", None);
    assert_eq!(
        entities(&repo),
        [
            row("961", &["@huffmanca"], "implemntable"),
            row("2400", &["@ehashman"], "in-progress"),
            row("3000", &["@giuseppe", "@bobbypage"], "done"),
        ]
    );
    assert_eq!(
        concise(&repo),
        "keps/sig-apps/961-statefulset-volume-expansion/kep.yaml:6:9: error[status-value] goal `961` has status `implemntable`, which is not one of `proposed`, `committed`, `in-progress`, `at-risk`, `done`, `dropped`
keps/sig-node/3000-cgroups/kep.yaml:4:5: error[goal-owner] goal `3000` has 2 owners (`@giuseppe`, `@bobbypage`); a goal has exactly one
"
    );
}

#[test]
fn a_gh_project_export_is_read_as_goals() {
    let repo = repo_of("tests/fixtures/sources/gh-project", None);
    assert_eq!(
        entities(&repo),
        [
            row("12", &["ana-ruiz"], "in-progress"),
            row("13", &["bob", "carol"], "proposed"),
            ("14".to_string(), vec![], vec!["Don".to_string()]),
        ]
    );
    assert_eq!(
        concise(&repo),
        "project.json:13:20: error[goal-owner] goal `13` has 2 owners (`bob`, `carol`); a goal has exactly one
project.json:21:7: error[goal-owner] goal `14` has no owner
project.json:24:17: error[status-value] goal `14` has status `Don`, which is not one of `proposed`, `committed`, `in-progress`, `at-risk`, `done`, `dropped`
"
    );
}

const OBJECTIVES: &str = r#"# Mobile team

### Q1 2027 objectives

#### Ship the mobile SDK <TeamMember name="Ana Ruiz" photo />

Motivation: customers ask for it.

#### Offline sync <TeamMember name="Ana Ruiz" /> <TeamMember name="Bo Chen" />

#### Crash-free [sessions](https://example.com/crashes)

### Later

**Objective 4: Tablet layouts**

- Owner: @dee
"#;

const OBJECTIVES_CONFIG: &str = r#"[[source]]
kind = "goal"
mode = "heading"
paths = ["teams/*/objectives.md"]
level = 4
bold-headings = true

[source.fields]
owner = { heading = '<TeamMember name="(?P<value>[^"]+)"' }
team = { path = 'teams/(?P<team>[^/]+)/' }
quarter = { enclosing = '(?P<value>Q[1-4] \d{4})' }
status = { default = "in-progress" }

[rules]
goal-team = { level = "off" }
goal-why = { level = "off" }
done-criteria = { level = "off" }
adoption-step = { level = "off" }
non-goals = { level = "off" }
owner-in-team = { level = "off" }
"#;

#[test]
fn heading_mode_origins_components_enclosing_path_and_bold_headings() {
    let repo = Repo::git();
    repo.write("teams/mobile/objectives.md", OBJECTIVES)
        .write("planlint.toml", OBJECTIVES_CONFIG)
        .commit("plan");
    assert_eq!(
        repo.planlint(&["entities"]).stdout,
        "source 1: goal (heading mode) from teams/*/objectives.md: 4 entities
  goal ship-the-mobile-sdk  teams/mobile/objectives.md:5
    title      Ship the mobile SDK
    id         ship-the-mobile-sdk  (line 5, title)
    owner      Ana Ruiz  (line 5, heading regex)
    quarter    Q1 2027  (line 3, enclosing heading)
    status     in-progress  (line 5, default)
    team       mobile  (line 5, path regex)
    why        customers ask for it.  (line 7, labelled line)
  goal offline-sync  teams/mobile/objectives.md:9
    title      Offline sync
    id         offline-sync  (line 9, title)
    owner      2 values: Ana Ruiz; Bo Chen  (line 9, heading regex)
    quarter    Q1 2027  (line 3, enclosing heading)
    status     in-progress  (line 9, default)
    team       mobile  (line 9, path regex)
  goal crash-free-sessions  teams/mobile/objectives.md:11
    title      Crash-free sessions
    id         crash-free-sessions  (line 11, title)
    quarter    Q1 2027  (line 3, enclosing heading)
    status     in-progress  (line 11, default)
    team       mobile  (line 11, path regex)
  goal objective-4-tablet-layouts  teams/mobile/objectives.md:15
    title      Objective 4: Tablet layouts
    id         objective-4-tablet-layouts  (line 15, title)
    owner      @dee  (line 17, labelled line)
    status     in-progress  (line 15, default)
    team       mobile  (line 15, path regex)
0 teams, 4 goals, 0 issues in 1 file
"
    );
    assert_eq!(
        concise(&repo),
        "teams/mobile/objectives.md:9:1: error[goal-owner] goal `offline-sync` has 2 owners (`Ana Ruiz`, `Bo Chen`); a goal has exactly one
teams/mobile/objectives.md:11:1: error[goal-owner] goal `crash-free-sessions` has no owner
"
    );
    // A value taken from the heading points at the name in the component.
    let json = repo.planlint(&["entities", "--format", "json"]).stdout;
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let owners = &json["sources"][0]["entities"][1]["fields"]["owner"]["values"];
    assert_eq!(
        owners,
        &serde_json::json!([
            {"text": "Ana Ruiz", "line": 9, "column": 37},
            {"text": "Bo Chen", "line": 9, "column": 68},
        ])
    );
}

#[test]
fn a_gh_project_export_is_read_as_issues() {
    let repo = repo_of("tests/fixtures/sources/gh-project", None);
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"issue\"\nmode = \"data\"\npaths = [\"project.json\"]\nselect = \"items[*]\"\n\n[source.fields]\nid = { key = \"content.number\" }\n",
    );
    assert_eq!(
        concise(&repo),
        "project.json:13:7: warning[issue-assignee] open issue #13 has 2 assignees (`bob`, `carol`); an issue has one
project.json:21:7: warning[issue-assignee] open issue #14 has no assignee
"
    );
}

#[test]
fn a_document_id_is_the_whole_file_stem() {
    let repo = Repo::git();
    let goal = |title: &str| {
        format!("---\nteam: growth\nowner: \"@bob\"\nstatus: proposed\n---\n# {title}\n")
    };
    repo.write("planning/goals/v2.5-launch.md", &goal("Launch 2.5"))
        .write("planning/goals/v2.6-launch.md", &goal("Launch 2.6"))
        .commit("plan");
    let ids: Vec<String> = entities(&repo).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(ids, ["v2.5-launch", "v2.6-launch"]);
    assert!(!concise(&repo).contains("duplicate-id"));
}

#[test]
fn globs_are_gitignore_style_and_exclude_index_pages() {
    let repo = Repo::git();
    let goal = "| Metadata | |\n|---|---|\n| Owner | @a |\n| Status | proposed |\n";
    repo.write("goals/README.md", "# Goals\n\nThe index.\n")
        .write("goals/faster.md", &format!("# Faster\n\n{goal}"))
        .write("goals/archive/old.md", &format!("# Old\n\n{goal}"))
        .write(
            "planlint.toml",
            "[[source]]\nkind = \"goal\"\npaths = [\"goals/*.md\"]\nexclude = [\"**/README.md\"]\n\n[[source]]\nkind = \"team\"\npaths = [\"teams/*.md\"]\n\n[rules]\ngoal-team = { level = \"off\" }\ngoal-why = { level = \"off\" }\ndone-criteria = { level = \"off\" }\nadoption-step = { level = \"off\" }\nnon-goals = { level = \"off\" }\nowner-in-team = { level = \"off\" }\n",
        )
        .commit("plan");
    let ids: Vec<String> = entities(&repo).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(ids, ["faster"]);
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(
        run.stderr,
        "planlint: warning: source 2 matches no file: `teams/*.md`\n"
    );
}

#[test]
fn show_config_prints_the_effective_sources() {
    let repo = Repo::git();
    let run = repo.planlint(&["check", "--show-config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown: planlint::config::Config = toml::from_str(&run.stdout).expect("a valid config");
    assert_eq!(shown.source, planlint::config::default_sources());
    assert!(run.stdout.contains(
        "[[source]]\nkind = \"goal\"\npaths = [\"planning/goals/**/*.{md,toml,yaml,yml}\"]\nmode = \"document\"\n"
    ));
    // A configured source replaces the defaults, and is printed as configured.
    let posthog = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/posthog/planlint.toml"),
    )
    .expect("config");
    repo.write("planlint.toml", &posthog);
    let run = repo.planlint(&["check", "--show-config"]);
    let shown: planlint::config::Config = toml::from_str(&run.stdout).expect("a valid config");
    let written: planlint::config::Config = toml::from_str(&posthog).expect("config");
    assert_eq!(shown.source, written.source);
    assert_eq!(shown.source.len(), 1);
}

#[test]
fn a_metadata_table_under_a_level_two_title_gives_owner_and_status() {
    let repo = Repo::git();
    repo.write(
        "goals/faster-builds.md",
        "## Faster builds\n\n| Metadata | |\n|---|---|\n| Point of contact | @lqd |\n| Status | Accepted |\n\n## Motivation\n\nBuilds are slow.\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\npaths = [\"goals/*.md\"]\n\n[source.fields]\nowner = [\"point of contact\"]\nstatus = { map = { Accepted = \"in-progress\" } }\n\n[rules]\ngoal-team = { level = \"off\" }\ndone-criteria = { level = \"off\" }\nadoption-step = { level = \"off\" }\nnon-goals = { level = \"off\" }\nowner-in-team = { level = \"off\" }\n",
    )
    .commit("plan");
    assert_eq!(
        entities(&repo),
        [row("faster-builds", &["@lqd"], "in-progress")]
    );
    assert_eq!(concise(&repo), "");
}

/// A roadmap that records no teams: the rules that need teams stay quiet
/// (a goal with no team has no membership to check), and exactly the real
/// problems are reported: two champions, a `?`, an empty cell, a duplicated
/// initiative and a status heading outside the map.
#[test]
fn a_roadmap_without_teams_reports_its_real_problems_and_nothing_else() {
    let repo = repo_of("tests/fixtures/sources/roadmap-noteam", None);
    assert_eq!(
        concise(&repo),
        "docs/ROADMAP.md:10:17: error[goal-owner] goal `better-docs` has 2 owners (`@bob`, `@carol`); a goal has exactly one
docs/ROADMAP.md:11:16: error[goal-owner] goal `plugin-api` has no owner: `?` is a placeholder
docs/ROADMAP.md:17:1: error[goal-owner] goal `windows-support` has an empty owner
docs/ROADMAP.md:18:1: error[duplicate-id] goal id `better-docs` is already used by the goal at docs/ROADMAP.md:10
docs/ROADMAP.md:26:4: error[status-value] goal `cloud-sync` has status `Blocked`, which is not one of `proposed`, `committed`, `in-progress`, `at-risk`, `done`, `dropped`
"
    );
}

/// `(field, origin, mapped)` of one entity in `planlint entities --format json`.
fn origins(json: &serde_json::Value, source: usize, entity: usize) -> Vec<(String, String, bool)> {
    let fields = json["sources"][source]["entities"][entity]["fields"]
        .as_object()
        .expect("fields");
    fields
        .iter()
        .map(|(name, field)| {
            (
                name.clone(),
                field["origin"].as_str().expect("origin").to_string(),
                field["mapped"].as_bool().expect("mapped"),
            )
        })
        .collect()
}

#[test]
fn every_field_says_which_origin_yielded_it() {
    let repo = Repo::git();
    repo.write(
        "planning/goals/g-1.md",
        "---\nteam: growth\n---\n# Faster checkout\n\n| Metadata | |\n|---|---|\n| Owner | @ana |\n\n**Status:** in-progress\n\n## Why\nCarts are abandoned.\n",
    )
    .write(
        "planning/issues.json",
        r#"[{"number": 7, "title": "Cache", "body": "Goal: g-1\n", "labels": [{"name": "goal:g-2"}], "assignees": [], "state": "OPEN"},
{"number": 8, "title": "Docs", "body": "Goal: g-1\n", "labels": [], "assignees": [], "state": "OPEN"}]"#,
    )
    .commit("plan");
    let json = repo.planlint(&["entities", "--format", "json"]).stdout;
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let owned = |rows: &[(&str, &str)]| -> Vec<(String, String, bool)> {
        rows.iter()
            .map(|(name, origin)| (name.to_string(), origin.to_string(), false))
            .collect()
    };
    // Source 1 is the issue export, source 4 the goal documents.
    assert_eq!(
        origins(&json, 0, 0),
        owned(&[
            ("assignees", "key"),
            ("body", "key"),
            ("goal", "label"),
            ("labels", "key"),
            ("number", "key"),
            ("state", "key"),
            ("title", "key"),
        ])
    );
    assert_eq!(
        origins(&json, 0, 1)[2],
        ("goal".into(), "body".into(), false)
    );
    assert_eq!(
        origins(&json, 3, 0),
        owned(&[
            ("owner", "metadata table"),
            ("status", "labelled line"),
            ("team", "frontmatter"),
            ("why", "section"),
        ])
    );
    let listing = repo.planlint(&["entities"]).stdout;
    assert!(
        listing.contains("    owner      @ana  (line 8, metadata table)\n"),
        "{listing}"
    );
}

#[test]
fn a_list_of_mappings_names_each_item_by_its_most_telling_key() {
    // members by `github` (Ola Berg by her `name`), key results by their
    // `description`; a mapping with no such key and two scalars is its
    // `key: value` pairs.
    let repo = repo_of("tests/fixtures/sources/list-of-maps", None);
    assert_eq!(
        concise(&repo),
        "planning/goals/g-1.yaml:11:18: error[done-criteria] goal `g-1`'s done criteria are vague: `TBD` cannot be checked
planning/goals/g-2.yaml:1:1: error[adoption-step] goal `g-2` has no adoption step
planning/goals/g-2.yaml:3:8: warning[owner-in-team] goal `g-2` is owned by `@mallory`, who is not a member of its team
planning/teams/payments.yaml:1:1: warning[non-goals] team `payments` does not say what it is not doing
"
    );
    let run = repo.planlint(&["entities", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let team = &json["sources"][2]["entities"][0];
    let members: Vec<&str> = team["fields"]["members"]["values"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|v| v["text"].as_str())
        .collect();
    assert_eq!(members, ["jdoe", "rshah", "Ola Berg"]);
    let goal = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .flat_map(|source| source["entities"].as_array().cloned().unwrap_or_default())
        .find(|entity| entity["id"] == "g-2")
        .expect("g-2");
    assert_eq!(
        goal["fields"]["done_when"]["values"][0]["text"], "metric: refunds; target: 3",
        "{}",
        run.stdout
    );
}

#[test]
fn a_heading_brace_id_is_what_issues_link_to() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"ROADMAP.md\"]\n\n[[source]]\nkind = \"issue\"\nmode = \"data\"\npaths = [\"issues.json\"]\n",
    )
    .write(
        "ROADMAP.md",
        "# Roadmap\n\n## Faster search {#G-12}\nOwner: @ana\n\n## Appendix {#notes}\nNothing planned.\n",
    )
    .write(
        "issues.json",
        r#"[{"number": 1, "title": "Index", "state": "OPEN", "labels": [{"name": "goal:G-12"}], "assignees": [{"login": "ana"}]},
{"number": 2, "title": "Cache", "state": "OPEN", "labels": [{"name": "goal:faster-search"}], "assignees": [{"login": "ana"}]}]"#,
    )
    .commit("plan");
    let links: Vec<String> = (concise(&repo).lines())
        .filter(|line| line.contains("[issue-goal]"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        links,
        ["issues.json:2:70: error[issue-goal] issue #2 links goal `faster-search`, which does not exist"]
    );
}

#[test]
fn a_name_typed_with_combining_accents_is_the_same_person() {
    // The goal's owner is typed as `e` + U+0301 (as a Mac keyboard may
    // save it), the team lists the precomposed `é`: one person.
    let repo = Repo::git();
    repo.write(
        "planning/teams/core.md",
        "---\nlead: José Müller\nmembers: [José Müller, Ana]\nmission: Keep the core fast.\n---\n# Core\n## Not doing\n- Mobile\n",
    )
    .write(
        "planning/goals/g-1.md",
        "---\nowner: Jose\u{301} Mu\u{308}ller\nteam: core\nstatus: in-progress\n---\n# Faster core\n## Why\nSpeed.\n## Done when\n- p95 under 100 ms\n## Adoption\n- Default on\n## Not doing\n- Mobile\n",
    )
    .commit("plan");
    assert_eq!(concise(&repo), "");
}

#[test]
fn goals_carried_from_one_period_to_the_next_are_not_duplicates() {
    let goal = |owner: &str| {
        format!("# Scale Polonius\n\n| Metadata | |\n|---|---|\n| Point of contact | {owner} |\n| Status | Accepted |\n")
    };
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\npaths = [\"src/*/*.md\"]\n\n[source.fields]\nowner = [\"point of contact\"]\nstatus = { map = { Accepted = \"in-progress\" } }\n\n\
         [[source]]\nkind = \"goal\"\nmode = \"heading\"\nlevel = 2\npaths = [\"roadmap/*.md\", \"teams/*/objectives.md\"]\n\n[source.fields]\nowner = { heading = '\\(Owner: (?P<value>@\\w+)\\)' }\nstatus = { default = \"proposed\" }\n\n\
         [[source]]\nkind = \"goal\"\npaths = [\"planning/goals/*.toml\"]\n\n\
         [[source]]\nkind = \"issue\"\npaths = [\"planning/issues/*.md\"]\n",
    )
    .write("src/2025h1/polonius.md", &goal("@lqd"))
    .write("src/2025h2/polonius.md", &goal("@lqd"))
    .write("src/2025h2/build-std.md", &goal("@davidtwco"))
    .write("roadmap/q1.md", "## Faster search (Owner: @ana)\n\n## Fewer pages (Owner: @ana)\n")
    .write("roadmap/q2.md", "## Faster search (Owner: @bo)\n")
    // Pages of one name in a folder each are told apart by their folders.
    .write("teams/billing/objectives.md", "## Self-serve (Owner: @cy)\n")
    .write("teams/growth/objectives.md", "## Self-serve (Owner: @di)\n")
    // Ids written down are the plan's own: the same one twice is a mistake.
    .write("planning/goals/a.toml", "id = \"G-1\"\nowner = \"@ana\"\n")
    .write("planning/goals/b.toml", "id = \"G-1\"\nowner = \"@bo\"\n")
    // A link by the file's name alone now names no goal: which one?
    .write(
        "planning/issues/7.md",
        "---\nnumber: 7\nstate: closed\nlabels: [\"goal:polonius\"]\n---\n# Port the tests\n",
    )
    .commit("plan");
    let ids: Vec<String> = entities(&repo).into_iter().map(|(id, ..)| id).collect();
    assert_eq!(
        ids,
        [
            "2025h1/polonius",
            "build-std",
            "2025h2/polonius",
            "q1/faster-search",
            "fewer-pages",
            "q2/faster-search",
            "billing/objectives/self-serve",
            "growth/objectives/self-serve",
            "G-1",
            "G-1",
            "7",
        ]
    );
    let duplicates: Vec<String> = concise(&repo)
        .lines()
        .filter(|line| line.contains("duplicate-id"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        duplicates,
        ["planning/goals/b.toml:1:6: error[duplicate-id] goal id `G-1` is already used by the goal at planning/goals/a.toml:1"]
    );
    let run = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let link = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "issue-goal")
        .expect("the link is reported");
    assert_eq!(
        link["message"],
        "issue #7 links goal `polonius`, which does not exist"
    );
    assert_eq!(
        link["help"],
        "fix the goal id, or remove the link; a link is a label `goal:<id>`, a `goal:` field \
         or a line `Goal: <id>` in the body; did you mean one of `2025h1/polonius`, \
         `2025h2/polonius`?"
    );
}

/// `(rule, help)` of every diagnostic, from `planlint check --format json`.
fn helps(repo: &Repo) -> Vec<(String, String)> {
    let run = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (text("rule"), text("help"))
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(rule, help)| (rule.to_string(), help.to_string()))
        .collect()
}

/// A hint names the field where the entity's file writes it: a key in a
/// data file, a column in a table, a heading or labelled line under a
/// goal's heading, by the name the source reads it under. Markdown
/// documents are told of sections and frontmatter.
#[test]
fn hints_name_the_field_as_the_file_writes_it() {
    const ONLY: &str = "[rules]\nowner-in-team = \"off\"\ngoal-team = \"off\"\nstatus-value = \"off\"\nplan-horizon = \"off\"\n";
    let data = Repo::git();
    data.write(
        "planlint.toml",
        &format!("{ONLY}[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"goals.yaml\"]\nselect = \"goals[*]\"\n"),
    )
    .write("goals.yaml", "goals:\n  - id: G-1\n    status: proposed\n")
    .commit("plan");
    assert_eq!(
        helps(&data),
        pairs(&[
            ("adoption-step", "add an `adoption` key: who will use the result, and how they confirm it solved their problem"),
            ("done-criteria", "add a `done_when` key with checkable items, e.g. `40% of new organisations send an event within a day`"),
            ("goal-owner", "set the `owner` key to the one person who answers for the goal, e.g. `@bob`"),
            ("goal-why", "add a `why` key: the problem, who has it, and why now"),
        ])
    );

    let table = Repo::git();
    table
        .write(
            "planlint.toml",
            &format!("{ONLY}[[source]]\nkind = \"goal\"\nmode = \"table\"\npaths = [\"ROADMAP.md\"]\n\n[source.fields]\nowner = {{ column = \"Champion\" }}\nwhy = [\"rationale\"]\n"),
        )
        .write("ROADMAP.md", "| Initiative | Champion | Status |\n|---|---|---|\n| Faster builds | ? | proposed |\n")
        .commit("plan");
    assert_eq!(
        helps(&table),
        pairs(&[
            ("adoption-step", "add an `Adoption` column: who will use the result, and how they confirm it solved their problem"),
            ("done-criteria", "add a `Done when` column with checkable items, e.g. `40% of new organisations send an event within a day`"),
            ("goal-why", "add a `Rationale` column: the problem, who has it, and why now"),
            ("goal-owner", "set the `Champion` column to the one person who answers for the goal, e.g. `@bob`"),
        ])
    );

    let headings = Repo::git();
    headings
        .write(
            "planlint.toml",
            &format!("{ONLY}[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"objectives.md\"]\nlevel = 2\n\n[source.fields]\nwhy = [\"motivation\"]\ndone_when = [\"what we'll ship\"]\n"),
        )
        .write("objectives.md", "# Objectives\n\n## Faster builds\n\n**Owner:** @ana\n\n**Status:** proposed\n")
        .commit("plan");
    assert_eq!(
        helps(&headings),
        pairs(&[
            ("adoption-step", "add an `Adoption` heading or `**Adoption:**` line under the goal's heading: who will use the result, and how they confirm it solved their problem"),
            ("done-criteria", "add a `What we'll ship` heading or `**What we'll ship:**` line under the goal's heading with checkable items, e.g. `40% of new organisations send an event within a day`"),
            ("goal-why", "add a `Motivation` heading or `**Motivation:**` line under the goal's heading: the problem, who has it, and why now"),
        ])
    );
}

/// In data mode, `enclosing` searches the entries around an entity as
/// they read: a quoted `Name: "Product"` is `Product`, not `"Product"`.
#[test]
fn data_mode_enclosing_reads_quoted_values_without_their_quotes() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"OKR.yml\"]\nselect = \"Projects[*].OKR.*\"\n\n\
         [source.fields]\nteam = { enclosing = '^(?P<value>[a-z]+)$' }\nowner = [\"Owner\"]\n",
    )
    .write(
        "OKR.yml",
        "Projects:\n  - Name: \"product\"\n    OKR:\n      \"Q4\":\n        Owner: \"@ana\"\n  - Name: 'platform'\n    OKR:\n      Q1:\n        Owner: \"@bo\"\n",
    )
    .commit("plan");
    let run = repo.planlint(&["entities", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let teams: Vec<&str> = json["sources"][0]["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            e["fields"]["team"]["values"][0]["text"]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(teams, ["product", "platform"], "{}", run.stdout);
}

/// The first entity's done criteria as `entities --format json` lists
/// them: their texts, and how many are tasks and ticked.
fn first_done_criteria(repo: &Repo) -> (Vec<String>, u64, u64) {
    let run = repo.planlint(&["entities", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let done = &json["sources"][0]["entities"][0]["fields"]["done_when"];
    let texts = (done["values"].as_array().expect("values").iter())
        .map(|v| v["text"].as_str().unwrap_or("").to_string())
        .collect();
    let count = |key: &str| done[key].as_u64().expect("a count");
    (texts, count("tasks"), count("ticked"))
}

/// A list of mappings in a data file: each item is its telling text (here
/// the only one that is words, beside a `Done` flag), and the items of a
/// list where some say whether they are done are tasks, ticked or not.
/// The field reads the same by its name and by a `key` path.
#[test]
fn data_lists_of_mappings_give_their_text_and_their_done_flags() {
    for field in ["[\"KeyResults\"]", "{ key = \"KeyResults\" }"] {
        let repo = Repo::git();
        repo.write(
            "planlint.toml",
            &format!(
                "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"OKR.yml\"]\nselect = \"OKR.*\"\n\n\
                 [source.fields]\ndone_when = {field}\n\n[rules]\nowner-in-team = \"off\"\n"
            ),
        )
        .write(
            "OKR.yml",
            "OKR:\n  Q4:\n    status: done\n    owner: \"@ana\"\n    KeyResults:\n      - Metric: \"Has a mechanism\"\n      - Metric: \"Create cron tasks\"\n        Done: true\n      - Metric: 3\n        Done: yes\n",
        )
        .commit("plan");
        let (texts, tasks, ticked) = first_done_criteria(&repo);
        assert_eq!(
            texts,
            ["Has a mechanism", "Create cron tasks", "3"],
            "{field}"
        );
        assert_eq!((tasks, ticked), (3, 2), "{field}");
        let check = repo.planlint(&["check", "--format", "concise"]);
        assert!(
            check.stdout.contains("error[done-is-done] goal `Q4` is marked done, but 1 of its 3 done criteria is not ticked"),
            "{field}: {}",
            check.stdout
        );
    }
}

/// A Backstage catalog: a Group alone in its file, and a Group followed by
/// its Users in one stream of documents. `[kind=Group]` reads the groups
/// as teams from both, and none of the users; nor a lone binding (and a
/// stray `---`) whose nested `roleRef` says `kind: Group`.
#[test]
fn a_catalog_of_yaml_documents_is_read_a_document_at_a_time() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"org/*.yaml\"]\nselect = \"[kind=Group]\"\n\n\
         [source.fields]\nid = { key = \"metadata.name\" }\nmembers = { key = \"spec.members\" }\n\
         lead = { key = \"spec.lead\" }\nmission = { key = \"metadata.description\" }\n\n\
         [rules]\nnon-goals = \"off\"\n",
    )
    .write(
        "org/team-a.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\n  description: Search for everyone\nspec:\n  lead: zoë\n  members: [zoë, li.lei]\n",
    )
    .write(
        "org/binding.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: admins\nroleRef:\n  kind: Group\n  name: cluster-admin\n---\n",
    )
    .write(
        "org/team-b.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-b\nspec:\n  members: [ana, bo, cy, di, ed, fay, gus]\n---\n\
         apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ana\nspec:\n  memberOf: [team-b]\n---\n\
         apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: bo\n",
    )
    .commit("plan");
    let run = repo.planlint(&["entities", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let ids: Vec<&str> = (json["sources"][0]["entities"]
        .as_array()
        .expect("entities")
        .iter())
    .map(|entity| entity["id"].as_str().unwrap_or(""))
    .collect();
    assert_eq!(ids, ["team-a", "team-b"]);
    assert_eq!(
        concise(&repo),
        "org/team-b.yaml:1:1: warning[team-lead] team `team-b` has no lead\n\
         org/team-b.yaml:1:1: warning[team-mission] team `team-b` states no mission\n\
         org/team-b.yaml:6:12: error[team-size] team `team-b` has 7 members; the limit is 6\n"
    );
}

/// A source that reads files and finds no entity in them (a `select` with
/// a typo) is a warning on stderr, an error with `--strict`: it made a
/// green check. A nested key in a filter is read.
#[test]
fn a_select_that_reaches_nothing_is_said() {
    let repo = Repo::git();
    let config = |select: &str| {
        format!(
            "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"org/*.yaml\"]\nselect = \"{select}\"\n\n\
             [source.fields]\nid = {{ key = \"metadata.name\" }}\nmembers = {{ key = \"spec.members\" }}\n"
        )
    };
    repo.write("planlint.toml", &config("[kind=Groups]"))
        .write(
            "org/a.yaml",
            "kind: Group\nmetadata:\n  name: search\nspec:\n  type: team\n  members: [ana, bo, cy, di, ed, flo, gus]\n---\nkind: Group\nmetadata:\n  name: sales\nspec:\n  type: business-unit\n",
        )
        .write("org/b.yaml", "kind: User\nmetadata:\n  name: ana\n")
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(
        run.stderr,
        "planlint: warning: source 1 read 2 files, and `select = \"[kind=Groups]\"` reached no entity in them\n"
    );
    let run = repo.planlint(&["check", "--strict", "--format", "concise"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    repo.write("planlint.toml", &config("[spec.type=team]"));
    let run = repo.planlint(&["check", "--strict", "--format", "concise"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "org/a.yaml:1:1: warning[non-goals] team `search` does not say what it is not doing\n\
             org/a.yaml:1:1: warning[team-lead] team `search` has no lead\n\
             org/a.yaml:1:1: warning[team-mission] team `search` states no mission\n\
             org/a.yaml:6:12: error[team-size] team `search` has 7 members; the limit is 6\n",
            ""
        )
    );
}

/// `planlint entities` names the files it could not read whole: a
/// listing with a file's entities missing read as a complete one.
#[test]
fn entities_names_the_files_not_read_whole() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"*.yaml\"]\nselect = \"[*]\"\n",
    )
    .write(
        "a.yaml",
        "- id: ok\n  members: [ana]\n---\n- id: broken\n  members: [\n",
    )
    .write("b.yaml", "- id: fine\n  members: [bo]\n")
    .commit("plan");
    let run = repo.planlint(&["entities"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(
            "not read whole (`planlint check` reports each):\n  a.yaml:5:12: invalid YAML: unclosed bracket '['\n1 team, 0 goals, 0 issues in 2 files\n"
        ),
        "{}",
        run.stdout
    );
    // Scripts are told too.
    let run = repo.planlint(&["entities", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "{\n  \"not_read\": [\n    {\n      \"column\": 12,\n      \"line\": 5,\n      \"message\": \"invalid YAML: unclosed bracket '['\",\n      \"path\": \"a.yaml\"\n    }\n  ],\n  \"sources\": ["
        ),
        "{}",
        run.stdout
    );
}

/// In a stream of documents, `$` is the entity's own document; a file of
/// one document reads as a stream of one, so `[*]` reaches it too.
#[test]
fn in_a_stream_of_documents_the_root_is_the_entitys_own() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"*.yaml\"]\nselect = \"[*]\"\n\n\
         [source.fields]\nid = { key = \"$.metadata.name\" }\nmembers = { key = \"spec.members\" }\n\
         mission = { key = \"$.metadata.description\" }\n\n[rules]\nnon-goals = \"off\"\nteam-lead = \"off\"\n",
    )
    .write(
        "stream.yaml",
        "kind: Team\nmetadata:\n  name: search\n  description: Owns search\nspec:\n  members: [ana]\n---\n\
         kind: Team\nmetadata:\n  name: billing\nspec:\n  members: [bo]\n",
    )
    .write(
        "alone.yaml",
        "kind: Team\nmetadata:\n  name: infra\n  description: Runs the machines\nspec:\n  members: [ana, bo, cy, di, ed, flo, gus]\n",
    )
    .commit("plan");
    assert_eq!(
        concise(&repo),
        "alone.yaml:6:12: error[team-size] team `infra` has 7 members; the limit is 6\n\
         stream.yaml:8:1: warning[team-mission] team `billing` states no mission\n"
    );
}

/// A value every entity of a file shares (here `$.authors`, 3,000 names
/// for each of 3,000 milestones) is copied to entities only up to a budget
/// that grows with the file: past it the rest are not given it, and the
/// file says so once, at the shared value. Whole, it was 9 million values.
#[test]
fn a_value_shared_by_every_entity_is_copied_within_a_budget() {
    let count = 3000;
    let authors: Vec<String> = (0..count).map(|i| format!("\"@ä{i}\"")).collect();
    let milestones: Vec<String> = (0..count)
        .map(|i| format!("{{\"title\": \"m{i}\", \"status\": \"proposed\"}}"))
        .collect();
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"r.json\"]\nselect = \"milestones[*]\"\n\n\
         [source.fields]\nowner = { key = \"$.authors[*]\" }\n",
    )
    .write(
        "r.json",
        &format!(
            "{{\"authors\": [{}],\n\"milestones\": [{}]}}\n",
            authors.join(", "),
            milestones.join(",\n")
        ),
    )
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let stopped: Vec<(&str, u64, u64)> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "parse-error")
        .map(|d| {
            (
                d["message"].as_str().unwrap_or(""),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        stopped,
        [("values shared by many entities (a frontmatter or `$` key, the path, an enclosing heading) came to more than planlint copies from one file (8 bytes for each of its bytes); the entities after this point were not given them", 1, 14)]
    );
    // A file that stopped reading reports that alone.
    assert_eq!(diagnostics.len(), 1);
    let run = repo.planlint(&["entities", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let owners: Vec<usize> = (json["sources"][0]["entities"]
        .as_array()
        .expect("entities")
        .iter())
    .map(|entity| {
        entity["fields"]["owner"]["values"]
            .as_array()
            .map_or(0, Vec::len)
    })
    .collect();
    assert_eq!(owners.len(), count);
    // The first milestones got every author, the others none.
    let given = owners.iter().take_while(|&&n| n == count).count();
    assert!(given > 0 && given < count / 10, "{given}");
    assert!(owners[given..].iter().all(|&n| n == 0));
}

/// A `$.` path starts at the document's root: goals selected deep in a
/// roadmap take the owner it names once at its top (`authors`), and the
/// finding for a goal without one still points at the goal.
#[test]
fn a_dollar_path_reads_the_top_of_the_document() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"roadmap.yml\"]\nselect = \"$.milestones[*]\"\n\n\
         [source.fields]\nowner = { key = \"$.authors[*].name\" }\n\n\
         [rules]\ngoal-team = \"off\"\nadoption-step = \"off\"\ndone-criteria = \"off\"\ngoal-why = \"off\"\nnon-goals = \"off\"\n",
    )
    .write(
        "roadmap.yml",
        "title: Roadmap\nauthors:\n  - name: Zoë Ñandú\nmilestones:\n  - title: HTML\n    status: proposed\n  - title: PDF\n    status: proposed\n",
    )
    .commit("plan");
    assert_eq!(
        entities(&repo),
        [
            row("html", &["Zoë Ñandú"], "proposed"),
            row("pdf", &["Zoë Ñandú"], "proposed"),
        ]
    );
    assert_eq!(concise(&repo), "");
    // Without the `$`, the path is the goal's own key: no owner.
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"roadmap.yml\"]\nselect = \"milestones[*]\"\n\n\
         [source.fields]\nowner = { key = \"authors[*].name\" }\n\n\
         [rules]\ngoal-team = \"off\"\nadoption-step = \"off\"\ndone-criteria = \"off\"\ngoal-why = \"off\"\nnon-goals = \"off\"\n",
    );
    assert_eq!(
        concise(&repo),
        "roadmap.yml:5:5: error[goal-owner] goal `html` has no owner\nroadmap.yml:7:5: error[goal-owner] goal `pdf` has no owner\n"
    );
}

/// Deliverables that say their state (`state: DONE`, `status: todo`) are
/// tasks, ticked when the state is a done one; a state that is neither
/// (`state: risky`) makes no task, and is text like any other key.
#[test]
fn data_list_items_with_a_state_are_tasks() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"roadmap.yaml\"]\nselect = \"goals.*\"\n\n\
         [source.fields]\ndone_when = [\"deliverables\"]\n\n[rules]\nowner-in-team = \"off\"\n",
    )
    .write(
        "roadmap.yaml",
        "goals:\n  search:\n    status: done\n    owner: \"@ana\"\n    deliverables:\n      - deliverable: Index every page\n        state: DONE\n      - deliverable: Rank by freshness\n        state: Todo\n      - deliverable: Spell check\n        status: in progress\n      - deliverable: Ship it\n        state: risky\n",
    )
    .commit("plan");
    let (texts, tasks, ticked) = first_done_criteria(&repo);
    assert_eq!(
        texts,
        [
            "Index every page",
            "Rank by freshness",
            "Spell check",
            "deliverable: Ship it; state: risky"
        ]
    );
    // The item whose state says nothing is unticked: others in its list say.
    assert_eq!((tasks, ticked), (4, 1));
    let check = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        check.stdout.contains(
            "error[done-is-done] goal `search` is marked done, but 3 of its 4 done criteria are not ticked"
        ),
        "{}",
        check.stdout
    );
    // The help says how a data file ticks an item, not `- [x]`.
    let check = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let helps: Vec<&str> = (json["diagnostics"].as_array().expect("diagnostics").iter())
        .filter(|d| d["rule"] == "done-is-done")
        .map(|d| d["help"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        helps,
        ["tick the criteria that are met (`done: true` on each of its items); if some are not, the goal is not done"]
    );
}

/// A cell's lines (`<br>`, as GitHub tables write several values in one
/// cell) are its values: two champions are two owners, not one glued
/// name. The title, a first cell of two lines, reads as one text.
#[test]
fn a_table_cell_of_several_lines_holds_a_value_a_line() {
    let repo = Repo::git();
    repo.write(
        "ROADMAP.md",
        "# Proposals\n\n\
         | Proposal | Champion | Status |\n\
         |---|---|---|\n\
         | Faster<br>builds | Mark Miller<br />Claude Pache | in-progress |\n\
         | Offline mode | Ana Ruiz<BR/> | in-progress |\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"table\"\npaths = [\"ROADMAP.md\"]\n\
         [source.fields]\nowner = { column = \"Champion\" }\n\
         [rules.goal-team]\nlevel = \"off\"\n[rules.done-criteria]\nlevel = \"off\"\n\
         [rules.adoption-step]\nlevel = \"off\"\n[rules.goal-why]\nlevel = \"off\"\n",
    )
    .commit("plan");
    assert_eq!(
        entities(&repo),
        [
            row(
                "faster-builds",
                &["Mark Miller", "Claude Pache"],
                "in-progress"
            ),
            row("offline-mode", &["Ana Ruiz"], "in-progress"),
        ]
    );
    assert_eq!(
        concise(&repo),
        "ROADMAP.md:5:22: error[goal-owner] goal `faster-builds` has 2 owners (`Mark Miller`, `Claude Pache`); a goal has exactly one\n"
    );
}

/// An author list's `et al.` is nobody by name (a default placeholder):
/// two named authors and "et al." are two owners.
#[test]
fn et_al_in_an_author_list_is_no_owner() {
    let repo = Repo::git();
    repo.write(
        "EIPS/eip-1.md",
        "---\ntitle: EIP purpose\nauthor: Martin Becze <mb@example.org>, Hudson Jameson, et al.\nstatus: Living\n---\n\n## Why\n\nText.\n",
    )
    .write(
        "EIPS/eip-2.md",
        "---\ntitle: One author\nauthor: Vitalik Buterin (@vbuterin), et al\nstatus: Living\n---\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\npaths = [\"EIPS/*.md\"]\n[source.fields]\nowner = [\"author\"]\n",
    )
    .commit("plan");
    let owners: Vec<String> = concise(&repo)
        .lines()
        .filter(|line| line.contains("goal-owner"))
        .map(String::from)
        .collect();
    assert_eq!(
        owners,
        ["EIPS/eip-1.md:3:1: error[goal-owner] goal `eip-1` has 2 owners (`Martin Becze`, `Hudson Jameson`); a goal has exactly one"]
    );
}

/// `key = "a | b"`: the first path that reaches a value gives it. GitLab's
/// stages.yml names a group's manager under one of two keys, who is also
/// a member: the lead is found either way, and is one of the members.
#[test]
fn a_key_of_alternatives_takes_the_first_that_reaches_a_value() {
    let repo = Repo::git();
    repo.write(
        "data/stages.yml",
        "stages:\n  plan:\n    groups:\n      import:\n        name: Import\n        focus: Moving data in\n        pm: Zoë Ñandú\n        em: Martin W\n      optimize:\n        name: Optimize\n        focus: Faster\n        pm: Ana\n        backend_engineering_manager: Bo\n        em: Cy\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"data/stages.yml\"]\nselect = \"stages.*.groups.*\"\n\n[source.fields]\nlead = { key = \"backend_engineering_manager | em\" }\nmembers = [\"pm\", \"backend_engineering_manager\", \"em\"]\nmission = [\"focus\"]\n\n[rules]\nnon-goals = \"off\"\n",
    )
    .commit("plan");
    let listing = repo.planlint(&["entities"]).stdout;
    assert!(
        listing.contains("    lead       Martin W  (line 8, key)\n"),
        "{listing}"
    );
    assert!(
        listing.contains("    lead       Bo  (line 13, key)\n"),
        "{listing}"
    );
    assert_eq!(concise(&repo), "");
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"data/stages.yml\"]\nselect = \"stages.*.groups.*\"\n\n[source.fields]\nlead = { key = \"em |\" }\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("field `lead`: bad path expression `em |`: the path is empty"),
        "{}",
        run.stderr
    );
}

/// `under` in heading mode: only the headings below one that matches are
/// entities, so a page's template (Joystream's `## Schema`, whose owner
/// placeholder reads as three owners) is not a goal.
#[test]
fn heading_mode_reads_only_the_headings_under_the_named_one() {
    let repo = Repo::git();
    repo.write(
        "OKR.md",
        "# OKRs\n\n## Schema\n\n### <Objective> (Owner: <Name of person, or role, and team>)\n\n## 2026 Q4\n\n### Launch Athens (Owner: @zoë)\n\nWhy: testers wait.\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"OKR.md\"]\nlevel = 3\nunder = '^\\d{4} Q[1-4]$'\n\n[source.fields]\nstatus = { default = \"in-progress\" }\n\n[rules]\ngoal-team = \"off\"\nadoption-step = \"off\"\ndone-criteria = \"off\"\nnon-goals = \"off\"\nplan-horizon = \"off\"\n",
    )
    .commit("plan");
    let listing = repo.planlint(&["entities"]).stdout;
    assert!(listing.contains("1 goal, 0 issues in 1 file"), "{listing}");
    assert!(
        listing.contains("  goal launch-athens  OKR.md:9\n"),
        "{listing}"
    );
    assert_eq!(concise(&repo), "");
}

/// `columns` names a header-less sheet's columns (gnolang's roadmap.csv is
/// a DepViz export with none): every row is a goal, the first one too.
/// Outside data mode it is a configuration error.
#[test]
fn columns_name_a_sheet_without_a_header_row() {
    let repo = Repo::git();
    repo.write(
        "roadmap.csv",
        "\n\ngnolang/roadmap#1,Launch mainnet,Open,@moul\ngnolang/roadmap#10,Audit Tendermint2,Open,@zoë\n",
    )
    .write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"roadmap.csv\"]\nselect = \"[*]\"\ncolumns = [\"id\", \"title\", \"status\", \"owner\"]\n\n[source.fields]\nstatus = { map = { Open = \"in-progress\" } }\n",
    )
    .commit("plan");
    let listing = repo.planlint(&["entities"]).stdout;
    assert!(listing.contains("2 goals, 0 issues in 1 file"), "{listing}");
    assert!(
        listing
            .contains("  goal gnolang/roadmap#1  roadmap.csv:3\n    title      Launch mainnet\n"),
        "{listing}"
    );
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"*.md\"]\ncolumns = [\"id\"]\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`columns` has no meaning in heading mode"),
        "{}",
        run.stderr
    );
}
