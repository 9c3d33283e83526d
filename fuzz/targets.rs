//! The body of every fuzz target, one `pub fn` per target taking the raw
//! input. The cargo-fuzz binaries (`fuzz/fuzz_targets/*.rs`) and the stable
//! test `tests/fuzz_corpus.rs` both include this file, so the corpus replayed
//! in CI runs exactly the code the fuzzer ran.
//!
//! Each target calls one library entry point and then checks what the
//! parsers promise beyond "no panic": every span lies inside the text, on
//! character boundaries.

use planlint::check::{self, Request};
use planlint::config::{self, ConfigFile, Loaded};
use planlint::extract::Sources;
use planlint::extract::{self, ExtractedFile, FieldNames, FileRole, IssueOptions};
use planlint::parse::SourceFile;
use planlint::report::{self, Format, RenderOptions, Report};
use planlint::rules::RuleSet;
use planlint::source::Mode;
use std::sync::OnceLock;

/// A target's body: any input must return without panicking.
pub type Target = fn(&[u8]);

/// Every target, by the name of its binary and of its corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("markdown", markdown),
    ("data_toml", data_toml),
    ("data_yaml", data_yaml),
    ("data_json", data_json),
    ("issue_export", issue_export),
    ("event", event),
    ("config", config),
    ("pipeline", pipeline),
];

/// A goal document (frontmatter + Markdown), and the same text cut by the
/// heading mode (bold paragraphs as headings) and the table mode.
pub fn markdown(data: &[u8]) {
    parse_as(data, "goal.md", &FileRole::Goal);
    let sources = markdown_sources();
    for path in ["roadmap.md", "table.md"] {
        let Some(source) = sources.source_of(path) else {
            continue;
        };
        let file = SourceFile {
            path: path.to_owned(),
            bytes: data.to_vec(),
        };
        let (_, parsed) = source.extract(file, &IssueOptions::default());
        assert_spans_inside(&parsed);
    }
}

/// A heading-mode and a table-mode source with every field origin, compiled once.
fn markdown_sources() -> &'static Sources {
    static SOURCES: OnceLock<Sources> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let text = r#"
[[source]]
kind = "goal"
mode = "heading"
paths = ["roadmap.md"]
bold-headings = true
[source.fields]
owner = { heading = '<TeamMember name="(?P<value>[^"]+)"', names = ["dri"] }
quarter = { enclosing = '(?P<value>Q[1-4] \d{4})' }
status = { default = "in-progress", map = { Current = "in-progress" } }
[[source]]
kind = "goal"
mode = "table"
paths = ["table.md"]
[source.fields]
title = { column = "Initiative" }
owner = { column = "Champion" }
status = { enclosing = '(?P<value>.+)' }
"#;
        let loaded = load_text(text.as_bytes()).expect("the fuzz sources load");
        Sources::compile(&loaded).expect("the fuzz sources compile")
    })
}

/// `planlint.toml` with `text`, read as the repository's own config: it
/// may `extend` nothing, since the fuzz repository holds no other file.
fn load_text(text: &[u8]) -> Result<Loaded, config::ConfigError> {
    let reader = |path: &str| {
        if path == "planlint.toml" {
            Ok(text.to_vec())
        } else {
            Err(format!("`{path}` is not in the fuzz repository"))
        }
    };
    config::load(
        Some(ConfigFile::InRepository("planlint.toml".into())),
        &reader,
    )
}

/// A TOML data file (`[[team]]` / `[[goal]]` arrays).
pub fn data_toml(data: &[u8]) {
    parse_as(data, "plan.toml", &FileRole::Data);
}

/// A YAML data file (`team:` / `goal:` lists).
pub fn data_yaml(data: &[u8]) {
    parse_as(data, "plan.yaml", &FileRole::Data);
}

/// A JSON data file (read by the YAML parser, JSON being YAML).
pub fn data_json(data: &[u8]) {
    parse_as(data, "plan.json", &FileRole::Data);
}

/// A `gh issue list --json ...` export.
pub fn issue_export(data: &[u8]) {
    parse_as(data, "planning/issues.json", &FileRole::IssueExport);
}

/// A GitHub Actions `pull_request` event payload.
pub fn event(data: &[u8]) {
    parse_as(data, "event.json", &FileRole::PullRequest);
}

/// `planlint.toml` text, loaded as the repository's config (in memory:
/// `extend` reaches no file), then compiled into its sources and the rule
/// set (globs, path expressions, custom rules, regexes).
pub fn config(data: &[u8]) {
    let Ok(loaded) = load_text(data) else {
        return;
    };
    let _ = Sources::compile(&loaded);
    let _ = loaded.rule_set(&[]);
}

/// The whole pipeline on one planning file: the first byte picks where the
/// file lies (and so how it is read), the rest is its content. The plan is
/// checked with the default config and rendered in every format.
pub fn pipeline(data: &[u8]) {
    const PATHS: &[&str] = &[
        "planning/goals/g-1.md",
        "planning/teams/growth.md",
        "planning/plan.toml",
        "planning/plan.yaml",
        "planning/issues.json",
        "planning/issues/1.md",
        "planning/goals/g-1.toml",
        "planning/teams/growth.yaml",
    ];
    let Some((selector, content)) = data.split_first() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(PATHS[usize::from(*selector) % PATHS.len()]);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, content).expect("write planning file");
    let loaded = Loaded::default();
    let request = Request {
        root: dir.path(),
        mode: Mode::Worktree,
        loaded: &loaded,
        rules: default_rules().clone(),
    };
    let outcome = check::run(request).expect("a plain folder is checked");
    let sources = outcome.plan.sources();
    let checked = outcome.checked();
    let metas = outcome.rules.metas();
    let report = Report {
        diagnostics: &outcome.diagnostics,
        sources: &sources,
        checked: &checked,
        rules: &metas,
        summary: outcome.summary,
        tool_version: "0.0.0",
        trust: None,
    };
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
        Format::Markdown,
    ] {
        report::render(format, &report, RenderOptions::default());
    }
    let overview = planlint::overview::Overview::of(&outcome);
    planlint::overview::render_markdown(&overview);
    planlint::overview::render_html(&overview);
    planlint::overview::render_json(&overview);
}

/// The built-in rules at their default levels, loaded once: they are not
/// input, and loading them would dominate each run.
fn default_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        Loaded::default()
            .rule_set(&[])
            .expect("built-in rules load")
    })
}

/// Parses `data` as the file at `path` in `role` and checks its spans.
fn parse_as(data: &[u8], path: &str, role: &FileRole) {
    let file = SourceFile {
        path: path.to_owned(),
        bytes: data.to_vec(),
    };
    let parsed = extract::read_file(&file, role, &FieldNames::default());
    assert_spans_inside(&parsed);
}

/// Panics (a finding for the fuzzer) when a span is reversed, past the
/// text's end or inside a character.
fn assert_spans_inside(parsed: &ExtractedFile) {
    let mut spans: Vec<std::ops::Range<usize>> =
        parsed.problems.iter().map(|p| p.span.clone()).collect();
    spans.extend(
        parsed
            .suppressions
            .iter()
            .flat_map(|s| [s.span.clone(), s.covers.clone()]),
    );
    for record in &parsed.records {
        spans.extend([record.span.clone(), record.anchor.clone()]);
        for field in record.fields.values() {
            spans.push(field.span());
            spans.extend(field.values.iter().map(|v| v.span()));
            spans.extend(field.tasks.iter().map(|t| t.span()));
        }
    }
    for span in spans {
        assert!(
            parsed.text.get(span.clone()).is_some(),
            "span {span:?} is not inside the {}-byte text of {}",
            parsed.text.len(),
            parsed.path
        );
    }
}
