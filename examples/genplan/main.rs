//! Writes a synthetic plan of a given size, committed as a git repository, for
//! timing planlint at scale (`scripts/bench.sh` and the README's Performance
//! section use it):
//!
//! ```text
//! cargo run --release --example genplan -- --teams 1000 --out /tmp/plan
//! ```
//!
//! `--layout canonical` (the default) writes DESIGN.md's layout: one file per
//! team with four members, 10 goals per team across two quarters, and a `gh`
//! issue export with 2 issues per goal. `--layout posthog` and
//! `--layout rust-project-goals` write the same goals in those real layouts,
//! with the matching `examples/*/planlint.toml`, one line per field.
//! `--layout posthog-pages` writes PostHog's layout as the corpus page is
//! written: as many bytes per goal, several shipped items, each with its owner. `--unrelated N` adds N files
//! that are no part of the plan (a monorepo around it). Output is the same
//! for the same arguments: no randomness, fixed commit dates.

mod plan;

use plan::{Layout, GOALS_PER_TEAM, ISSUES_PER_GOAL};
use std::path::PathBuf;

struct Args {
    teams: usize,
    out: PathBuf,
    layout: Layout,
    unrelated: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: genplan --teams N --out DIR [--layout canonical|posthog|posthog-pages|rust-project-goals] [--unrelated N]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut teams = None;
    let mut out = None;
    let mut layout = Layout::Canonical;
    let mut unrelated = 0;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--teams" => teams = value.parse().ok(),
            "--out" => out = Some(PathBuf::from(value)),
            "--unrelated" => unrelated = value.parse().unwrap_or_else(|_| usage()),
            "--layout" => {
                layout = match value.as_str() {
                    "canonical" => Layout::Canonical,
                    "posthog" => Layout::PostHog,
                    "posthog-pages" => Layout::PostHogPages,
                    "rust-project-goals" => Layout::RustProjectGoals,
                    _ => usage(),
                }
            }
            _ => usage(),
        }
    }
    match (teams, out) {
        (Some(teams), Some(out)) => Args {
            teams,
            out,
            layout,
            unrelated,
        },
        _ => usage(),
    }
}

fn main() {
    let args = parse_args();
    if args.out.exists() {
        eprintln!("genplan: `{}` already exists", args.out.display());
        std::process::exit(2);
    }
    plan::generate(&args.out, args.teams, args.layout, args.unrelated);
    println!(
        "{}: {} teams, {} goals{}",
        args.out.display(),
        args.teams,
        args.teams * GOALS_PER_TEAM,
        if args.layout == Layout::Canonical {
            format!(", {} issues", args.teams * GOALS_PER_TEAM * ISSUES_PER_GOAL)
        } else {
            String::new()
        }
    );
}
