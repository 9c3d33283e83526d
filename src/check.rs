//! One `planlint check` run, stage by stage: source → parse → model → rules.

use crate::config::{Config, ConfigError, Loaded};
use crate::diagnostic::{self, Diagnostic, EntityKind, EntityRef};
use crate::model::Plan;
use crate::parse::{self, FileRole, ParseOptions, ParsedFile, SourceFile};
use crate::report::Summary;
use crate::rules::{RuleSet, PARSE_ERROR};
use crate::source::{Mode, Snapshot, SourceError};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::path::Path;

/// Why a run could not produce diagnostics (exit code 2).
#[derive(Debug)]
pub enum RunError {
    Config(ConfigError),
    Source(SourceError),
}

impl From<ConfigError> for RunError {
    fn from(e: ConfigError) -> Self {
        RunError::Config(e)
    }
}

impl From<SourceError> for RunError {
    fn from(e: SourceError) -> Self {
        RunError::Source(e)
    }
}

/// What a run found.
pub struct Outcome {
    pub plan: Plan,
    pub rules: RuleSet,
    /// Sorted as every output expects.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

impl Outcome {
    /// Every checked entity with its path (JUnit's test cases).
    pub fn checked(&self) -> Vec<(EntityRef, String)> {
        self.plan
            .entities
            .iter()
            .map(|e| (e.reference(), self.plan.path_of(e).to_string()))
            .collect()
    }
}

/// Decides each file's role from the configured globs.
pub struct Classifier {
    sets: Vec<(GlobSet, FileRole)>,
}

fn glob_set(loaded: &Loaded, patterns: &[String]) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| {
            loaded.error_at(
                pattern,
                format!("invalid glob `{pattern}`: {}", e.kind()),
                Some("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`".into()),
            )
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| loaded.error_at("[files", format!("invalid globs: {e}"), None))
}

impl Classifier {
    pub fn new(loaded: &Loaded) -> Result<Classifier, ConfigError> {
        let files = &loaded.config.files;
        let mut sets = Vec::new();
        for headings in &files.headings {
            let kind = match EntityKind::parse(&headings.kind) {
                Some(kind @ (EntityKind::Team | EntityKind::Goal)) => kind,
                _ => {
                    return Err(loaded.error_at(
                        &format!("\"{}\"", headings.kind),
                        format!("`kind = \"{}\"` is not `team` or `goal`", headings.kind),
                        None,
                    ))
                }
            };
            sets.push((
                glob_set(loaded, &headings.paths)?,
                FileRole::Headings {
                    kind,
                    level: headings.level,
                },
            ));
        }
        sets.push((glob_set(loaded, &files.issues)?, FileRole::IssueExport));
        sets.push((glob_set(loaded, &files.issue_files)?, FileRole::IssueFile));
        sets.push((glob_set(loaded, &files.teams)?, FileRole::Team));
        sets.push((glob_set(loaded, &files.goals)?, FileRole::Goal));
        sets.push((glob_set(loaded, &files.data)?, FileRole::Data));
        Ok(Classifier { sets })
    }

    /// The role of a root-relative path, or `None` when it is not a planning file.
    pub fn role(&self, path: &str) -> Option<FileRole> {
        self.sets
            .iter()
            .find(|(set, _)| set.is_match(path))
            .map(|(_, role)| role.clone())
    }
}

/// Where and how to read the plan.
pub struct Request<'a> {
    pub root: &'a Path,
    pub mode: Mode,
    pub loaded: &'a Loaded,
    pub rules: RuleSet,
}

/// Runs the whole pipeline.
pub fn run(request: Request) -> Result<Outcome, RunError> {
    let Request {
        root,
        mode,
        loaded,
        rules,
    } = request;
    let config: &Config = &loaded.config;
    let classifier = Classifier::new(loaded)?;
    let snapshot = Snapshot::open(root, mode)?;
    let planning: Vec<(String, FileRole)> = snapshot
        .paths
        .iter()
        .filter_map(|p| classifier.role(p).map(|role| (p.clone(), role)))
        .collect();
    let options = ParseOptions {
        aliases: config.aliases(),
    };
    let parsed: Vec<(FileRole, ParsedFile)> = planning
        .par_iter()
        .map(|(path, role)| {
            let parsed = match snapshot.read(path) {
                Ok(bytes) => parse::parse_file(
                    &SourceFile {
                        path: path.clone(),
                        bytes,
                    },
                    role,
                    &options,
                ),
                Err(message) => ParsedFile {
                    path: path.clone(),
                    problems: vec![parse::Problem {
                        message: format!("cannot read the file: {message}"),
                        span: 0..0,
                        help: None,
                    }],
                    ..ParsedFile::default()
                },
            };
            (role.clone(), parsed)
        })
        .collect();
    let now = snapshot.now.unwrap_or_else(clock_now);
    let stale_paths: Vec<String> = parsed
        .iter()
        .filter(|(_, f)| f.records.iter().any(|r| r.kind == EntityKind::Goal))
        .map(|(_, f)| f.path.clone())
        .collect();
    let last_changed = if rules.level("stale-goal").is_some() {
        snapshot.last_changed(&stale_paths)
    } else {
        Default::default()
    };
    let problems: Vec<(String, Vec<parse::Problem>)> = parsed
        .iter()
        .filter(|(_, f)| !f.problems.is_empty())
        .map(|(_, f)| (f.path.clone(), f.problems.clone()))
        .collect();
    let plan = Plan::build(
        parsed,
        now,
        last_changed,
        &config.plan.active_statuses,
        &config.plan.placeholders,
    );
    let mut diagnostics = rules.run(&plan);
    if let Some(level) = rules.level(PARSE_ERROR) {
        for (path, file_problems) in problems {
            let Some(file) = plan.files.iter().find(|f| f.path == path) else {
                continue;
            };
            for problem in file_problems {
                let end = problem.span.end.min(file.text.len());
                let start = problem.span.start.min(end);
                diagnostics.push(Diagnostic {
                    rule: PARSE_ERROR.into(),
                    level,
                    message: problem.message,
                    path: path.clone(),
                    span: start..end,
                    start: file.lines.position(&file.text, start),
                    end: file.lines.position(&file.text, end),
                    entity: EntityRef {
                        kind: EntityKind::File,
                        id: path.clone(),
                    },
                    help: problem.help,
                });
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    let summary = Summary {
        files: plan.files.len(),
        teams: plan.count(EntityKind::Team),
        goals: plan.count(EntityKind::Goal),
        issues: plan.count(EntityKind::Issue),
        errors: diagnostics
            .iter()
            .filter(|d| d.level == diagnostic::Level::Error)
            .count(),
        warnings: diagnostics
            .iter()
            .filter(|d| d.level == diagnostic::Level::Warning)
            .count(),
    };
    Ok(Outcome {
        plan,
        rules,
        diagnostics,
        summary,
    })
}

/// The wall clock, used for "now" only outside git or before the first commit.
fn clock_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
