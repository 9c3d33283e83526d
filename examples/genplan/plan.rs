//! The synthetic plan `genplan` writes; `benches/stages.rs` uses it too.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

pub const GOALS_PER_TEAM: usize = 10;
pub const ISSUES_PER_GOAL: usize = 2;
const QUARTERS: [&str; 2] = ["2026-Q3", "2026-Q4"];
const STATUSES: [&str; 5] = ["proposed", "committed", "in-progress", "at-risk", "done"];
const COMMIT_TIME: &str = "2026-11-02T12:00:00Z";

/// How the plan's files are laid out.
#[derive(Clone, Copy, PartialEq)]
pub enum Layout {
    Canonical,
    PostHog,
    /// PostHog's layout with pages shaped like the corpus page
    /// (`tests/corpus/posthog`): as many bytes per goal (about 560), a
    /// two-sentence motivation and two to four shipped items, each with its
    /// owner's component.
    PostHogPages,
    RustProjectGoals,
}

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).expect("create a folder of the plan");
    }
    std::fs::write(&full, text).expect("write a file of the plan");
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "genplan")
        .env("GIT_AUTHOR_EMAIL", "genplan@example.com")
        .env("GIT_COMMITTER_NAME", "genplan")
        .env("GIT_COMMITTER_EMAIL", "genplan@example.com")
        .env("GIT_AUTHOR_DATE", COMMIT_TIME)
        .env("GIT_COMMITTER_DATE", COMMIT_TIME)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}

/// A goal's facts, shared by every layout.
struct Goal {
    id: String,
    owner: String,
    status: &'static str,
    quarter: &'static str,
    number: usize,
}

fn goals_of(team: usize) -> impl Iterator<Item = Goal> {
    (0..GOALS_PER_TEAM).map(move |k| {
        let number = team * GOALS_PER_TEAM + k;
        Goal {
            id: format!("G-{number}"),
            // Every 50th goal's owner is on no team: a realistic trickle of findings.
            owner: if number % 50 == 7 {
                format!("@visitor{team}")
            } else {
                format!("@{}{team}", ["a", "b", "c"][k % 3])
            },
            status: STATUSES[number % STATUSES.len()],
            quarter: QUARTERS[k * QUARTERS.len() / GOALS_PER_TEAM],
            number,
        }
    })
}

fn canonical(root: &Path, teams: usize) {
    let mut issues = String::from("[");
    for t in 0..teams {
        write(
            root,
            &format!("planning/teams/team-{t}.md"),
            &format!(
                "---\nname: Team {t}\nlead: \"@lead{t}\"\nmembers: [\"@lead{t}\", \"@a{t}\", \"@b{t}\", \"@c{t}\"]\n\
                 mission: Make area {t} effortless for its users\n---\n# Team {t}\n\n\
                 Owns area {t} end to end.\n\n## Not doing\n- Area {} this year\n",
                t + 1
            ),
        );
        for goal in goals_of(t) {
            let tick = if goal.status == "done" { "x" } else { " " };
            let folder = goal.quarter.to_lowercase();
            write(
                root,
                &format!("planning/goals/{folder}/{}.md", goal.id.to_lowercase()),
                &format!(
                    "---\nid: {id}\nteam: team-{t}\nowner: \"{owner}\"\nstatus: {status}\nquarter: {quarter}\n---\n\
                     # Improve metric {n} of area {t}\n\n## Why\nCustomers of area {t} asked for it in \
                     {n} support tickets last quarter.\n\n## Done when\n- [{tick}] Metric {n} reaches its target\n\
                     - [ ] The dashboard for metric {n} is public\n\n## Adoption\n- Team {t}'s users switch \
                     to it and confirm their problem is solved.\n\n## Risks\n- The data pipeline may lag.\n",
                    id = goal.id,
                    owner = goal.owner,
                    status = goal.status,
                    quarter = goal.quarter,
                    n = goal.number,
                ),
            );
            for i in 0..ISSUES_PER_GOAL {
                let number = goal.number * ISSUES_PER_GOAL + i + 1;
                if issues.len() > 1 {
                    issues.push(',');
                }
                let state = if goal.status == "done" {
                    "CLOSED"
                } else {
                    "OPEN"
                };
                let _ = write!(
                    issues,
                    "\n{{\"number\":{number},\"title\":\"Step {i} of {id}\",\
                     \"body\":\"Part of the goal.\\n\\nGoal: {id}\",\
                     \"labels\":[{{\"name\":\"goal:{id}\"}},{{\"name\":\"team-{t}\"}}],\
                     \"assignees\":[{{\"login\":\"{login}\"}}],\
                     \"milestone\":{{\"title\":\"{quarter}\"}},\"state\":\"{state}\",\
                     \"url\":\"https://github.com/example/plan/issues/{number}\"}}",
                    id = goal.id,
                    login = goal.owner.trim_start_matches('@'),
                    quarter = goal.quarter,
                );
            }
        }
    }
    issues.push_str("\n]\n");
    write(root, "planning/issues.json", &issues);
}

/// PostHog's layout: one objectives page per team, a `###` heading per
/// quarter, each goal written by `goal` (given the page, the team and the goal).
fn posthog_layout(root: &Path, teams: usize, goal: impl Fn(&mut String, usize, &Goal)) {
    write(
        root,
        "planlint.toml",
        include_str!("../posthog/planlint.toml"),
    );
    for t in 0..teams {
        let mut page = String::new();
        for quarter in QUARTERS.iter().rev() {
            let (year, q) = quarter.split_once('-').unwrap_or((quarter, ""));
            let _ = write!(page, "### {q} {year} objectives\n\n");
            for g in goals_of(t).filter(|g| g.quarter == *quarter) {
                goal(&mut page, t, &g);
            }
        }
        write(
            root,
            &format!("contents/teams/team-{t}/objectives.mdx"),
            &page,
        );
    }
}

/// One line per field and one shipped item: terser than the real page.
fn posthog(root: &Path, teams: usize) {
    posthog_layout(root, teams, |page, t, goal| {
        let _ = write!(
            page,
            "#### {id}: improve metric {n} of area {t} (Owner: <TeamMember name=\"{owner}\" />)\n\n\
             **Motivation:** customers of area {t} asked for it in {n} support tickets.\n\n\
             **What we'll ship:**\n\n- Metric {n} reaches its target – <TeamMember name=\"{owner}\" />\n\
             - Its dashboard is public\n\n",
            id = goal.id,
            n = goal.number,
            owner = goal.owner.trim_start_matches('@'),
        );
    });
}

/// Words for [`posthog_pages`]'s sentences, picked by the goal's number.
const WORDS: [&str; 24] = [
    "customers",
    "agents",
    "reliable",
    "setup",
    "issues",
    "context",
    "grouping",
    "signal",
    "exceptions",
    "billing",
    "alerts",
    "releases",
    "runtime",
    "source",
    "dashboards",
    "integrations",
    "workflows",
    "ingestion",
    "pricing",
    "traces",
    "replays",
    "errors",
    "summaries",
    "search",
];

/// `count` words of goal `number`'s text, the `salt`-th sentence of it.
fn words(number: usize, salt: usize, count: usize) -> String {
    let picks = (0..count).map(|k| WORDS[(number * 7 + salt * 13 + k * k * 5 + k) % WORDS.len()]);
    picks.collect::<Vec<_>>().join(" ")
}

fn posthog_pages(root: &Path, teams: usize) {
    let member = |t: usize, k: usize| format!("Member {} of team {t}", ["Ada", "Bo", "Cy"][k % 3]);
    posthog_layout(root, teams, |page, t, goal| {
        let n = goal.number;
        let _ = write!(
            page,
            "#### Objective {n}: Better {} – {} (Owner: <TeamMember name=\"{}\" />)\n\n\
             **Motivation:** Our {} need {}. Without it, {}.\n\n\
             **What we'll ship:**\n\n",
            words(n, 0, 2),
            words(n, 1, 3),
            member(t, n),
            words(n, 2, 2),
            words(n, 3, 6),
            words(n, 4, 5),
        );
        for item in 0..2 + n % 3 {
            let _ = writeln!(
                page,
                "- Ship {} – <TeamMember name=\"{}\" />",
                words(n, 5 + item, 4),
                member(t, n + item),
            );
        }
        page.push('\n');
    });
}

fn rust_project_goals(root: &Path, teams: usize) {
    write(
        root,
        "planlint.toml",
        include_str!("../rust-project-goals/planlint.toml"),
    );
    for t in 0..teams {
        for goal in goals_of(t) {
            let period = goal.quarter.replace("-Q3", "h2a").replace("-Q4", "h2b");
            write(
                root,
                &format!("src/{period}/{}.md", goal.id.to_lowercase()),
                &format!(
                    "# Improve metric {n} of area {t}\n\
                     | Metadata         |                      |\n\
                     |:-----------------|:---------------------|\n\
                     | Point of contact | {owner}              |\n\
                     | Status           | {status}             |\n\
                     | Tracking issue   | rust-lang/rust-project-goals#{n} |\n\n\
                     ## Summary\n\nMetric {n} of area {t} reaches its target.\n\n\
                     ## Motivation\n\nCustomers of area {t} asked for it in {n} support tickets.\n\n\
                     ### The status quo\n\nMetric {n} is below its target.\n",
                    n = goal.number,
                    owner = goal.owner,
                    status = if goal.number % 3 == 0 {
                        "Proposed"
                    } else {
                        "Accepted"
                    },
                ),
            );
        }
    }
}

/// Files no source reads: what a planning folder sits beside in a monorepo.
fn unrelated(root: &Path, count: usize) {
    for i in 0..count {
        write(
            root,
            &format!("services/svc-{}/src/module_{i}.rs", i / 100),
            &format!("//! Module {i}.\n\npub fn value() -> u64 {{\n    {i}\n}}\n"),
        );
    }
}

/// Writes a plan of `teams` teams in `layout` into the empty folder `out`,
/// with `unrelated` files beside it, and commits it all (fixed dates).
pub fn generate(out: &Path, teams: usize, layout: Layout, unrelated_files: usize) {
    std::fs::create_dir_all(out).expect("create the output folder");
    match layout {
        Layout::Canonical => canonical(out, teams),
        Layout::PostHog => posthog(out, teams),
        Layout::PostHogPages => posthog_pages(out, teams),
        Layout::RustProjectGoals => rust_project_goals(out, teams),
    }
    unrelated(out, unrelated_files);
    git(out, &["init", "-q", "-b", "main"]);
    git(out, &["add", "-A"]);
    git(out, &["commit", "-q", "-m", "Generated plan"]);
}
