//! `cargo bench`: how long a 10,000-goal plan takes to check, next to how long
//! it takes just to list and read its files. Prints medians of several runs.

use planlint::check::{self, Request};
use planlint::config::Loaded;
use planlint::source::{Mode, Snapshot};
use std::time::{Duration, Instant};

const GOALS: usize = 10_000;
const TEAMS: usize = 1_000;
const RUNS: usize = 5;

fn write_plan(root: &std::path::Path) {
    let teams = root.join("planning/teams");
    std::fs::create_dir_all(&teams).expect("mkdir");
    for t in 0..TEAMS {
        let text = format!(
            "---\nname: Team {t}\nlead: \"@lead{t}\"\nmembers: [\"@lead{t}\", \"@a{t}\", \"@b{t}\", \"@c{t}\"]\nmission: Own area {t}\n---\n# Team {t}\n\n## Not doing\n- Area {}\n",
            t + 1
        );
        std::fs::write(teams.join(format!("team-{t}.md")), text).expect("write");
    }
    for g in 0..GOALS {
        let t = g % TEAMS;
        let dir = root.join(format!("planning/goals/2026-q{}", g % 4 + 1));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let status = ["proposed", "committed", "in-progress", "done"][g % 4];
        let tick = if status == "done" { "x" } else { " " };
        let text = format!(
            "---\nid: G-{g}\nteam: team-{t}\nowner: \"@a{t}\"\nstatus: {status}\nquarter: 2026-Q4\n---\n# Goal {g}\n\n## Why\nCustomers of area {t} need it.\n\n## Done when\n- [{tick}] Metric {g} reaches its target\n\n## Adoption\n- Team {t}'s users switch to it and confirm.\n\n## Risks\n- None known.\n"
        );
        std::fs::write(dir.join(format!("g-{g}.md")), text).expect("write");
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_plan(dir.path());
    let loaded = Loaded::default();

    let read = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let snapshot = Snapshot::open(dir.path(), Mode::Worktree).expect("open");
                let bytes: usize = snapshot
                    .paths
                    .iter()
                    .map(|p| snapshot.read(p).map_or(0, |b| b.len()))
                    .sum();
                assert!(bytes > 0);
                start.elapsed()
            })
            .collect(),
    );
    let options = planlint::extract::FieldNames::new(loaded.config.aliases());
    let parse = median(
        (0..RUNS)
            .map(|_| {
                use rayon::prelude::*;
                let start = Instant::now();
                let snapshot = Snapshot::open(dir.path(), Mode::Worktree).expect("open");
                let records: usize = snapshot
                    .paths
                    .par_iter()
                    .map(|p| {
                        let role = if p.contains("/teams/") {
                            planlint::extract::FileRole::Team
                        } else {
                            planlint::extract::FileRole::Goal
                        };
                        let file = planlint::parse::SourceFile {
                            path: p.clone(),
                            bytes: snapshot.read(p).unwrap_or_default(),
                        };
                        planlint::extract::read_file(&file, &role, &options)
                            .records
                            .len()
                    })
                    .sum();
                assert!(records > 0);
                start.elapsed()
            })
            .collect(),
    );
    let mut diagnostics = 0;
    let full = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let rules = loaded.rule_set(&[]).expect("rules");
                let outcome = check::run(Request {
                    root: dir.path(),
                    mode: Mode::Worktree,
                    loaded: &loaded,
                    rules,
                })
                .expect("check");
                diagnostics = outcome.diagnostics.len();
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "plan: {GOALS} goals, {TEAMS} teams ({} files)",
        GOALS + TEAMS
    );
    println!(
        "list + read files:  {:>8.1} ms (median of {RUNS})",
        read.as_secs_f64() * 1000.0
    );
    println!(
        "list + read + parse:{:>8.1} ms (median of {RUNS})",
        parse.as_secs_f64() * 1000.0
    );
    println!(
        "full check:         {:>8.1} ms (median of {RUNS}, {diagnostics} diagnostics)",
        full.as_secs_f64() * 1000.0
    );
    println!(
        "ratio:              {:>8.1}x",
        full.as_secs_f64() / read.as_secs_f64()
    );
}
