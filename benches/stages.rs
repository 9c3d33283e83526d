//! `cargo bench --bench stages`: each stage of a check on its own (divan), on
//! a generated plan of 100 teams (1,000 goals, 2,000 issues) in the canonical
//! layout, and extraction on the real layouts too. Whole commands against the
//! floor are `scripts/bench.sh`'s job; these say which stage to look at.

#[path = "../examples/genplan/plan.rs"]
mod plan;

use divan::Bencher;
use plan::Layout;
use planlint::check::{self, Extra};
use planlint::config::Loaded;
use planlint::extract::Sources;
use planlint::extract::{self, FieldNames, FileRole, IssueOptions};
use planlint::model::Document;
use planlint::model::Plan;
use planlint::parse::SourceFile;
use planlint::report::{self, Format, RenderOptions, Report};
use planlint::rules::RuleSet;
use planlint::source::{Mode, Snapshot};
use std::path::Path;
use std::sync::LazyLock;

const TEAMS: usize = 100;

fn main() {
    divan::main();
}

/// One generated plan, read once.
struct Fixture {
    dir: tempfile::TempDir,
    loaded: Loaded,
    files: Vec<SourceFile>,
}

impl Fixture {
    fn new(layout: Layout) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        plan::generate(dir.path(), TEAMS, layout, 0);
        let snapshot = Snapshot::open(dir.path(), Mode::Worktree).expect("open the plan");
        let loaded = match snapshot.read("planlint.toml") {
            Ok(bytes) => Loaded {
                config: toml::from_slice(&bytes).expect("the example config loads"),
                ..Loaded::default()
            },
            Err(_) => Loaded::default(),
        };
        let sources = Sources::compile(&loaded).expect("sources");
        let files = snapshot
            .paths
            .iter()
            .filter(|path| sources.source_of(path).is_some())
            .map(|path| SourceFile {
                path: path.clone(),
                bytes: snapshot.read(path).expect("read a planning file"),
            })
            .collect();
        Fixture { dir, loaded, files }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn rules(&self) -> RuleSet {
        self.loaded.rule_set(&[]).expect("rules")
    }

    /// Every file parsed and its entities extracted, as `check` does.
    fn extracted(&self) -> Vec<Document> {
        let sources = Sources::compile(&self.loaded).expect("sources");
        let issues = IssueOptions {
            goal_label_prefix: self.loaded.config.issues.goal_label_prefix.clone(),
        };
        self.files
            .iter()
            .filter_map(|file| {
                let source = sources.source_of(&file.path)?;
                // The pipeline hands over the bytes it read; a copy stands in here.
                let (role, mut parsed) = source.extract(file.clone(), &issues);
                parsed.source = Some(source.number);
                Some(extract::into_document(&role, parsed))
            })
            .collect()
    }
}

static CANONICAL: LazyLock<Fixture> = LazyLock::new(|| Fixture::new(Layout::Canonical));
static POSTHOG: LazyLock<Fixture> = LazyLock::new(|| Fixture::new(Layout::PostHog));
static POSTHOG_PAGES: LazyLock<Fixture> = LazyLock::new(|| Fixture::new(Layout::PostHogPages));
static RUST_PROJECT_GOALS: LazyLock<Fixture> =
    LazyLock::new(|| Fixture::new(Layout::RustProjectGoals));

/// Listing the plan's files: the work tree (git status), the index, a commit.
#[divan::bench(args = ["worktree", "staged", "rev"])]
fn discover(mode: &str) -> usize {
    let mode = match mode {
        "worktree" => Mode::Worktree,
        "staged" => Mode::Staged,
        _ => Mode::Rev("HEAD".into()),
    };
    let snapshot = Snapshot::open(CANONICAL.root(), mode).expect("open");
    snapshot.paths.len()
}

/// Parsing alone: frontmatter, Markdown blocks, the issue export.
#[divan::bench]
fn parse() -> usize {
    let options = FieldNames::new(CANONICAL.loaded.config.aliases());
    CANONICAL
        .files
        .iter()
        .map(|file| {
            let role = if file.path.ends_with(".json") {
                FileRole::IssueExport
            } else if file.path.starts_with("planning/teams/") {
                FileRole::Team
            } else {
                FileRole::Goal
            };
            extract::read_file(file, &role, &options).records.len()
        })
        .sum()
}

/// Parsing plus cutting entities out as each layout's sources say.
#[divan::bench(args = ["canonical", "posthog", "posthog-pages", "rust-project-goals"])]
fn extract(layout: &str) -> usize {
    let fixture: &Fixture = match layout {
        "canonical" => &CANONICAL,
        "posthog" => &POSTHOG,
        "posthog-pages" => &POSTHOG_PAGES,
        _ => &RUST_PROJECT_GOALS,
    };
    fixture.extracted().len()
}

/// Building the plan: ids, files' line indexes, lookups.
#[divan::bench]
fn model(bencher: Bencher) {
    let parsed = CANONICAL.extracted();
    bencher
        .with_inputs(|| parsed.clone())
        .bench_values(|parsed| Plan::build(parsed, 0, Default::default(), &[], &[]));
}

/// Every built-in rule over the built plan.
#[divan::bench]
fn rules(bencher: Bencher) {
    let config = &CANONICAL.loaded.config;
    let plan = Plan::build(
        CANONICAL.extracted(),
        0,
        Default::default(),
        &config.plan.active_statuses,
        &config.plan.placeholders,
    );
    let rules = CANONICAL.rules();
    bencher.bench(|| rules.run(&plan).len());
}

/// Rendering the JSON report of a whole check.
#[divan::bench]
fn report(bencher: Bencher) {
    let snapshot = Snapshot::open(CANONICAL.root(), Mode::Worktree).expect("open");
    let outcome = check::run_in(
        &snapshot,
        &CANONICAL.loaded,
        Sources::compile(&CANONICAL.loaded).expect("sources"),
        CANONICAL.rules(),
        Extra::default(),
    )
    .expect("check");
    assert!(
        outcome.summary.goals == TEAMS * plan::GOALS_PER_TEAM
            && outcome.summary.issues == TEAMS * plan::GOALS_PER_TEAM * plan::ISSUES_PER_GOAL,
        "the generated plan has every goal and issue"
    );
    let sources = outcome.plan.sources();
    let checked = outcome.checked();
    let metas = outcome.rules.metas();
    let report = Report {
        diagnostics: &outcome.diagnostics,
        sources: &sources,
        checked: &checked,
        rules: &metas,
        summary: outcome.summary,
        tool_version: "bench",
        trust: None,
    };
    let options = || RenderOptions {
        color: false,
        path_prefix: "",
        ..RenderOptions::default()
    };
    bencher.bench(|| report::render(Format::Json, &report, options()).len());
}
