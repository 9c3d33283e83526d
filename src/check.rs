//! One `planlint check` run, stage by stage: source → parse → model → rules.

use crate::config::{Config, ConfigError, Loaded, SourceMode};
use crate::diagnostic::{self, Diagnostic, EntityKind, EntityRef};
use crate::extract::{self, ExtractedFile, FieldNames, FileRole, IssueOptions};
use crate::extract::{CompiledSource, Sources};
use crate::model::Plan;
use crate::parse::{self, SourceFile};
use crate::report::Summary;
use crate::rules::spec::Engine;
use crate::rules::{did_you_mean, RuleSet};
use crate::source::{ChangedSince, Mode, PathFilter, Snapshot, SourceError};
use crate::suppress::{self, Ignores};
use crate::toml_place::Step;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

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
    /// The sources the plan was read with.
    pub sources: Sources,
    /// Problems of the configuration that do not stop the run (a source
    /// that reads no file), for stderr.
    pub warnings: Vec<String>,
}

impl Outcome {
    /// Recomputes the error and warning counts after diagnostics were filtered.
    pub fn recount(&mut self) {
        self.summary.errors = self
            .diagnostics
            .iter()
            .filter(|d| d.level == diagnostic::Level::Error)
            .count();
        self.summary.warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.level == diagnostic::Level::Warning)
            .count();
    }

    /// Every checked entity with its path (JUnit's test cases).
    pub fn checked(&self) -> Vec<(EntityRef, String)> {
        self.plan
            .entities
            .iter()
            .map(|e| (e.reference(), self.plan.path_of(e).to_string()))
            .collect()
    }
}

/// Where and how to read the plan.
pub struct Request<'a> {
    pub root: &'a Path,
    pub mode: Mode,
    pub loaded: &'a Loaded,
    pub rules: RuleSet,
}

/// Planning input from outside the snapshot: `--issues FILE` exports and
/// the pull request's event payload. The CLI reads them; the pipeline never
/// looks at the environment.
#[derive(Clone, Debug, Default)]
pub struct Extra {
    /// Issue exports, each with the path to show (root-relative when inside the root).
    pub issues: Vec<SourceFile>,
    /// The event payload's bytes, or why it could not be read.
    pub event: Option<Result<Vec<u8>, String>>,
}

/// Runs the whole pipeline.
pub fn run(request: Request) -> Result<Outcome, RunError> {
    run_with(request, Extra::default())
}

/// [`run`], with issue exports and a pull request from outside the plan's files.
pub fn run_with(request: Request, extra: Extra) -> Result<Outcome, RunError> {
    let filter = listing_filter(request.loaded);
    let (snapshot, sources) = rayon::join(
        || Snapshot::open_filtered(request.root, request.mode, &filter),
        || Sources::compile(request.loaded),
    );
    run_in(&snapshot?, request.loaded, sources?, request.rules, extra)
}

/// The names of the config file at a plan's root.
pub const CONFIG_NAMES: [&str; 2] = ["planlint.toml", ".planlint.toml"];

/// The files a check of `loaded` lists: what the sources' globs can match,
/// the rule folders and the root's config file. Nothing else is listed, so
/// the files of a large repository around the plan cost nothing.
pub fn listing_filter(loaded: &Loaded) -> PathFilter {
    let defaults;
    let sources = if loaded.config.source.is_empty() {
        defaults = crate::config::default_sources();
        &defaults
    } else {
        &loaded.config.source
    };
    PathFilter::new(
        sources
            .iter()
            .flat_map(|source| source.paths.iter().map(String::as_str)),
        loaded.config.rule_dirs.iter().map(String::as_str),
        CONFIG_NAMES,
    )
}

/// Checks an opened snapshot (the config was read through it too).
pub fn run_in(
    snapshot: &Snapshot,
    loaded: &Loaded,
    sources: Sources,
    rules: RuleSet,
    extra: Extra,
) -> Result<Outcome, RunError> {
    let extracted = extract_in(snapshot, loaded, sources, &rules, extra, None)?;
    check_extracted(snapshot, loaded, rules, extracted)
}

/// A snapshot's planning files, read and extracted: the first half of a
/// check, kept apart so that `--diff-base` can hand the plan's files to the
/// merge base's check.
pub struct Extracted {
    files: Vec<(FileRole, ExtractedFile)>,
    sources: Sources,
    warnings: Vec<String>,
    ignores: Ignores,
    /// When each planning file last changed, if a rule asks.
    last_changed: HashMap<String, i64>,
}

/// The plan's own extraction, handed to the extraction of its merge base.
pub struct Known<'a> {
    pub plan: &'a Extracted,
    /// The paths the change since the merge base added, modified or renamed.
    pub changed: &'a ChangedSince,
}

/// Reads and extracts every planning file of `snapshot`. With `known` (this
/// is the plan's merge base), a file the change left alone is taken from the
/// plan's extraction, neither read nor parsed again: the same bytes under
/// the same config give the same extraction, and reading each file's blob
/// (one at a time, through the repository's lock) was a fifth of a
/// `--diff-base` check.
pub fn extract_in(
    snapshot: &Snapshot,
    loaded: &Loaded,
    sources: Sources,
    rules: &RuleSet,
    extra: Extra,
    known: Option<Known>,
) -> Result<Extracted, RunError> {
    let ignores = ignores(loaded, rules)?;
    // Each path is tried against every source's globs: on every core, then
    // read back in path order, so the first misfit is the one reported.
    let matched: Vec<Option<_>> = snapshot
        .paths
        .par_iter()
        .map(|path| sources.source_of(path))
        .collect();
    // Each planning file by its place in the listing, where it is read from.
    let mut planning = Vec::new();
    for (at, (path, source)) in snapshot.paths.iter().zip(matched).enumerate() {
        if let Some(source) = source {
            sources.check_fit(loaded, source, path)?;
            planning.push((at, path.as_str(), source));
        }
    }
    let warnings = sources.unused(&snapshot.paths);
    let options = FieldNames::new(loaded.config.aliases());
    let issue_options = IssueOptions {
        goal_label_prefix: loaded.config.issues.goal_label_prefix.clone(),
    };
    let known_paths: HashMap<&str, usize> = known
        .iter()
        .flat_map(|known| known.plan.files.iter().enumerate())
        .map(|(index, (_, file))| (file.path.as_str(), index))
        .collect();
    let unchanged_in_known = |path: &str| {
        let known = known.as_ref()?;
        if known.changed.contains(path) {
            return None;
        }
        let (role, file) = known.plan.files.get(*known_paths.get(path)?)?;
        // Read by a source (so by the same source here: the config is the
        // same), and read: a file the plan could not read is read here.
        let read = file.source.is_some() && (!file.text.is_empty() || file.problems.is_empty());
        read.then(|| (role.clone(), file.clone()))
    };
    // A data file (an issue export) is one large file parsed on one thread:
    // started first, it overlaps the many small documents on the other
    // cores instead of running alone at the end. The results keep path order.
    let mut order: Vec<usize> = (0..planning.len()).collect();
    order.sort_by_key(|&index| {
        planning
            .get(index)
            .is_none_or(|(_, _, source)| source.mode != SourceMode::Data)
    });
    // When the files last changed is a walk down the history on one thread:
    // it runs beside the extraction, for every planning file (those that
    // turn out to hold entities are among them).
    let history = || match rules.needs().file_ages {
        true => {
            snapshot.last_changed(&planning.iter().map(|(_, path, _)| path).collect::<Vec<_>>())
        }
        false => HashMap::new(),
    };
    let budget = ReadBudget::default();
    let extraction = || {
        order
            .par_iter()
            // In runs of a few files: a core that runs out of files takes
            // the next run from the other, where a run of a quarter of the
            // plan (rayon's first split) left it idle for the last one.
            .with_max_len(FILES_PER_RUN)
            .filter_map(|&index| Some((index, planning.get(index)?)))
            .map(|(index, &(at, path, source))| {
                crate::crash::working_on(path);
                let read = match unchanged_in_known(path) {
                    Some(same) => same,
                    None => read_and_extract(snapshot, source, at, path, &issue_options, &budget),
                };
                crate::crash::finished();
                (index, read)
            })
            .collect::<Vec<(usize, (FileRole, ExtractedFile))>>()
    };
    let (mut parsed, last_changed) = rayon::join(extraction, history);
    if budget.spent() {
        return Err(RunError::Source(SourceError {
            message: format!(
                "the plan's files hold more than {} MiB, the most planlint reads in one run",
                MAX_PLAN_BYTES / (1024 * 1024)
            ),
            help: Some(
                "check that the sources' `paths` match planning documents only; a file listed under many names (symlinks, copies of one blob) is read under each"
                    .into(),
            ),
        }));
    }
    parsed.sort_unstable_by_key(|(index, _)| *index);
    let mut files: Vec<(FileRole, ExtractedFile)> =
        parsed.into_iter().map(|(_, file)| file).collect();
    let extra = extra_files(extra, &files, &options, &issue_options);
    files.extend(extra);
    files.extend(snapshot.too_deep.iter().map(|folder| {
        let problem = parse::Problem {
            message: format!(
                "folders nest deeper than {} levels here; nothing below was read",
                crate::source::MAX_TREE_DEPTH
            ),
            span: 0..0,
            help: Some("planning files live a few folders deep; flatten this tree".into()),
        };
        let file = ExtractedFile {
            path: folder.clone(),
            problems: vec![problem],
            ..ExtractedFile::default()
        };
        (FileRole::Data, file)
    }));
    let mut warnings = warnings;
    warnings.extend(sources.empty(files.iter().map(|(_, file)| file)));
    Ok(Extracted {
        files,
        sources,
        warnings,
        ignores,
        last_changed,
    })
}

/// The most bytes of planning files one run reads, all files together: one
/// file is at most 10 MiB (an issue export 100 MiB), but a pull request of a
/// few KB can list one file under hundreds of names (symlinks, or tree
/// entries sharing a blob), each read and extracted on its own: 400 names
/// of an 8 MB file took 30 s and 7 GB. A plan of 100,000 goals and its
/// 200,000-issue export is about 100 MB.
const MAX_PLAN_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes a run has read so far, shared by the cores that read them.
#[derive(Default)]
struct ReadBudget {
    read: std::sync::atomic::AtomicU64,
}

impl ReadBudget {
    /// Counts `bytes` more read; false once the run is over its budget
    /// (the file is then not extracted: the run stops, whatever else it read).
    fn take(&self, bytes: usize) -> bool {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        let before = self
            .read
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
        before.saturating_add(bytes) <= MAX_PLAN_BYTES
    }

    fn spent(&self) -> bool {
        self.read.load(std::sync::atomic::Ordering::Relaxed) > MAX_PLAN_BYTES
    }
}

/// The most planning files one core reads in a row before another may take
/// over the rest: small enough that the cores finish together, large
/// enough that handing over costs nothing next to reading the files.
const FILES_PER_RUN: usize = 16;

/// Reads one planning file (the `at`th listed, at `path`) and extracts it
/// with its source; a file that cannot be read is kept, with the reason as
/// its problem.
fn read_and_extract(
    snapshot: &Snapshot,
    source: &CompiledSource,
    at: usize,
    path: &str,
    issue_options: &IssueOptions,
    budget: &ReadBudget,
) -> (FileRole, ExtractedFile) {
    // Past the budget nothing more is read: the run stops once all cores do.
    if budget.spent() {
        return (FileRole::Extracted, ExtractedFile::default());
    }
    // An issue export grows with the organisation; every other planning
    // file is small.
    let limit = match source.whole_file_role() {
        Some(FileRole::IssueExport) => crate::source::MAX_EXPORT_BYTES,
        _ => crate::source::MAX_FILE_BYTES,
    };
    match snapshot.read_listed(at, limit) {
        Ok(bytes) if !budget.take(bytes.len()) => (FileRole::Extracted, ExtractedFile::default()),
        Ok(bytes) => {
            let file = SourceFile {
                path: path.to_string(),
                bytes,
            };
            let (role, mut parsed) = source.extract(file, issue_options);
            parsed.source = Some(source.number);
            parsed.style = source.style_for(path);
            (role, parsed)
        }
        Err(message) => (
            FileRole::Extracted,
            ExtractedFile {
                path: path.to_string(),
                source: Some(source.number),
                problems: vec![parse::Problem {
                    message: format!("cannot read the file: {message}"),
                    span: 0..0,
                    help: None,
                }],
                ..ExtractedFile::default()
            },
        ),
    }
}

/// Builds the plan of extracted files and runs the rules on it: the
/// second half of a check.
pub fn check_extracted(
    snapshot: &Snapshot,
    loaded: &Loaded,
    rules: RuleSet,
    extracted: Extracted,
) -> Result<Outcome, RunError> {
    let config: &Config = &loaded.config;
    let Extracted {
        files: parsed,
        sources,
        warnings,
        ignores,
        mut last_changed,
    } = extracted;
    let needs = rules.needs();
    // No enabled check reads the time: none is taken.
    let now = if needs.now {
        snapshot.now.unwrap_or_else(clock_now)
    } else {
        0
    };
    if needs.file_ages {
        // Inputs from outside the sources (`--issues`) were not asked yet.
        let outside: Vec<&str> = parsed
            .iter()
            .filter(|(_, f)| !f.records.is_empty() && f.source.is_none())
            .map(|(_, f)| f.path.as_str())
            .collect();
        if !outside.is_empty() {
            last_changed.extend(snapshot.last_changed(&outside));
        }
    }
    let suppressions: BTreeMap<String, Vec<parse::Suppression>> = parsed
        .iter()
        .filter(|(_, f)| !f.suppressions.is_empty())
        .map(|(_, f)| (f.path.clone(), f.suppressions.clone()))
        .collect();
    let problems: Vec<(String, Vec<parse::Problem>)> = parsed
        .iter()
        .filter(|(_, f)| !f.problems.is_empty())
        .map(|(_, f)| (f.path.clone(), f.problems.clone()))
        .collect();
    // An issue export (and the event) leaves out a malformed issue whole:
    // the issues read from it are complete and are still checked.
    let problem_paths: Vec<String> = parsed
        .iter()
        .filter(|(role, f)| {
            !f.problems.is_empty() && !matches!(role, FileRole::IssueExport | FileRole::PullRequest)
        })
        .map(|(_, f)| f.path.clone())
        .collect();
    let documents = extract::into_documents(parsed);
    let mut plan = Plan::build(
        documents,
        now,
        last_changed,
        &config.plan.active_statuses,
        &config.plan.placeholders,
    );
    plan.write_virtual_fields(&rules.virtual_fields_read());
    let mut diagnostics = rules.run(&plan);
    let parse_error_rules = rules.engine_rules(Engine::ParseError);
    for (rule, level) in &parse_error_rules {
        // Files are sorted by path: a binary search, not a scan per file.
        for (path, file_problems) in &problems {
            let found = plan.files.binary_search_by(|f| f.path.as_str().cmp(path));
            let Some(file) = found.ok().and_then(|index| plan.files.get(index)) else {
                continue;
            };
            for problem in file_problems.iter().cloned() {
                let end = problem.span.end.min(file.text.len());
                let start = problem.span.start.min(end);
                diagnostics.push(Diagnostic {
                    rule: Arc::from(*rule),
                    level: *level,
                    message: problem.message,
                    path: Arc::from(path.as_str()),
                    span: start..end,
                    start: file.position(start),
                    end: file.position(end),
                    entity: EntityRef {
                        kind: EntityKind::File,
                        id: path.to_string(),
                    },
                    help: problem.help.map(Arc::from),
                    identity_message: None,
                });
            }
        }
    }
    // A file that cannot be parsed gets its parse errors only: what was read
    // of it still serves cross-references, but findings on a half-read
    // document would report one defect several times.
    let unparsed: std::collections::HashSet<&str> =
        problem_paths.iter().map(String::as_str).collect();
    let from_parse_errors =
        |d: &Diagnostic| parse_error_rules.iter().any(|(id, _)| **id == *d.rule);
    diagnostics.retain(|d| from_parse_errors(d) || !unparsed.contains(&*d.path));
    ignores.retain_uncovered(&mut diagnostics);
    let known: Vec<&str> = rules.rules.iter().map(|r| r.id()).collect();
    let mut diagnostics = suppress::apply(
        diagnostics,
        &plan,
        &suppressions,
        &rules.engine_rules(Engine::UnusedSuppression),
        &known,
    );
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
        sources,
        warnings,
    })
}

/// Parses the [`Extra`] input. An export the globs already read is not read twice.
fn extra_files(
    extra: Extra,
    parsed: &[(FileRole, ExtractedFile)],
    options: &FieldNames,
    issues: &IssueOptions,
) -> Vec<(FileRole, ExtractedFile)> {
    let mut out: Vec<(FileRole, ExtractedFile)> = Vec::new();
    for file in extra.issues {
        let seen = |(_, p): &(FileRole, ExtractedFile)| p.path == file.path;
        if parsed.iter().any(seen) || out.iter().any(seen) {
            continue;
        }
        let role = FileRole::IssueExport;
        let parsed = extract::read_file_with(file, &role, options, issues);
        out.push((role, parsed));
    }
    let role = FileRole::PullRequest;
    match extra.event {
        Some(Ok(bytes)) => {
            let file = SourceFile {
                path: extract::EVENT_PSEUDO_PATH.into(),
                bytes,
            };
            let parsed = extract::read_file_with(file, &role, options, issues);
            out.push((role, parsed));
        }
        Some(Err(message)) => out.push((
            role,
            ExtractedFile {
                path: extract::EVENT_PSEUDO_PATH.into(),
                problems: vec![parse::Problem {
                    message: format!("cannot read the pull request event: {message}"),
                    span: 0..0,
                    help: Some(
                        "GITHUB_EVENT_PATH names the payload GitHub Actions writes for the run"
                            .into(),
                    ),
                }],
                ..ExtractedFile::default()
            },
        )),
        None => {}
    }
    out
}

/// Compiles `[[ignore]]`, checking its globs and rule ids.
fn ignores(loaded: &Loaded, rules: &RuleSet) -> Result<Ignores, ConfigError> {
    let known: Vec<&str> = rules.rules.iter().map(|r| r.id()).collect();
    for entry in &loaded.config.ignore {
        for rule in &entry.rules {
            if !known.contains(&rule.as_str()) {
                return Err(loaded.error_at(
                    &[Step::key("ignore"), Step::key("rules"), Step::text(rule)],
                    format!("unknown rule `{rule}` in `[[ignore]]`"),
                    Some(match did_you_mean(rule, &known) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "`planlint rules` lists every rule".into(),
                    }),
                ));
            }
        }
    }
    Ignores::new(&loaded.config.ignore, &known).map_err(|(pattern, why)| {
        loaded.error_at(
            &[
                Step::key("ignore"),
                Step::key("paths"),
                Step::text(&pattern),
            ],
            format!("invalid glob `{pattern}`: {why}"),
            None,
        )
    })
}

/// The wall clock, used for "now" only outside git or before the first commit.
fn clock_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
