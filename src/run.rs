//! One planlint command's work, from a request to a result: picks the
//! snapshot (work tree, index or a revision), loads the config and rules
//! (from a trusted revision with `--config-rev`), reads the issue exports
//! and the pull request's event (the only place that reads the environment),
//! runs the check (twice with a diff base), applies or writes a baseline and
//! decides the exit code. The CLI parses arguments into a request and prints
//! what comes back; nothing here prints.

use crate::baseline::Baseline;
use crate::change;
use crate::check::{self, Outcome, RunError};
use crate::config::{self, ConfigError, Loaded};
use crate::diagnostic::Span;
use crate::extract::Sources;
use crate::report::ConfigTrust;
use crate::report::FailOn;
use crate::rules::RuleSet;
use crate::source::{self, Mode, SourceError};
use std::path::{Path, PathBuf};

/// Why a command could not run (exit code 2): a message, what to do, and
/// the place in a config file when the error has one.
#[derive(Clone, Debug)]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
    pub place: Option<Place>,
}

/// A place in a file: the name to show, the file's text and the span.
#[derive(Clone, Debug)]
pub struct Place {
    pub name: String,
    pub text: String,
    pub span: Span,
}

impl Failure {
    pub fn new(message: impl Into<String>, help: Option<&str>) -> Failure {
        Failure {
            message: message.into(),
            help: help.map(str::to_string),
            place: None,
        }
    }
}

impl From<SourceError> for Failure {
    fn from(e: SourceError) -> Failure {
        Failure {
            message: e.message,
            help: e.help,
            place: None,
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Failure {
        let place = e.file.zip(e.span).map(|((path, text), span)| Place {
            // Root-relative for files in the repository (`org/base.toml`,
            // `lint/quarter.toml`), as given for a `--config` outside it.
            name: path.to_string_lossy().into_owned(),
            text,
            span,
        });
        Failure {
            message: e.message,
            help: e.help,
            place,
        }
    }
}

impl From<RunError> for Failure {
    fn from(e: RunError) -> Failure {
        match e {
            RunError::Config(e) => e.into(),
            RunError::Source(e) => e.into(),
        }
    }
}

/// Issue metadata from outside the plan's files.
#[derive(Clone, Debug, Default)]
pub struct IssueInputs {
    /// Issue exports (`--issues FILE`).
    pub issues: Vec<PathBuf>,
    /// A pull request event payload (`--event FILE`); without it, in GitHub
    /// Actions on a pull request, `GITHUB_EVENT_PATH`.
    pub event: Option<PathBuf>,
}

/// The exit code for these findings: 1 when one is at or above `fail_on`, else 0.
pub fn exit_code(diagnostics: &[crate::diagnostic::Diagnostic], fail_on: FailOn) -> i32 {
    i32::from(diagnostics.iter().any(|d| fail_on.fails(d.level)))
}

/// A plan whose globs match nothing would otherwise pass, checking nothing:
/// says where planlint looked and how to read another layout.
fn nothing_matched(outcome: &Outcome) -> String {
    let globs: Vec<String> = outcome
        .sources
        .list
        .iter()
        .flat_map(|source| source.paths.iter().map(|glob| format!("`{glob}`")))
        .collect();
    format!(
        "no file matched the plan's globs ({}), so nothing was checked: `planlint init` starts a plan or guesses `[[source]]` entries for another layout",
        globs.join(", ")
    )
}

/// A rule that reads when files last changed finds nothing in a shallow
/// clone, whose history ends at its newest commits, and would pass in
/// silence: said once, as a warning, not per entity.
fn shallow_history_warning(outcome: &Outcome, snapshot: &source::Snapshot) -> Option<String> {
    (outcome.rules.needs().file_ages && snapshot.is_shallow()).then(|| {
        "rules that read git history (`stale-goal`, `max-age-days`) cannot see when files last changed in a shallow clone, so they report nothing: \
         fetch the full history (`fetch-depth: 0` on actions/checkout, or `git fetch --unshallow`)"
            .to_string()
    })
}

/// `planlint check`, as the command line asked for it.
#[derive(Clone, Debug, Default)]
pub struct CheckRequest {
    /// A path inside the plan.
    pub path: PathBuf,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--staged`.
    pub staged: bool,
    /// `--rev REV`.
    pub rev: Option<String>,
    /// `--diff-base REV`.
    pub diff_base: Option<String>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--write-baseline FILE`.
    pub write_baseline: Option<PathBuf>,
    /// `--show-config`.
    pub show_config: bool,
    /// `--config-rev REV`.
    pub config_rev: Option<String>,
    pub inputs: IssueInputs,
    /// The caller shows a skipped check as one line (no report file, no
    /// machine format): `--staged --diff-base HEAD` may then skip reading
    /// the plan when nothing staged changes it ([`Checked::PlanUnchanged`]).
    pub may_skip: bool,
}

impl CheckRequest {
    /// Which files are checked: a revision, the index, or the work tree.
    pub fn mode(&self) -> Mode {
        match (&self.rev, self.staged) {
            (Some(rev), _) => Mode::Rev(rev.clone()),
            (None, true) => Mode::Staged,
            (None, false) => Mode::Worktree,
        }
    }
}

/// What `planlint check` did.
pub enum Checked {
    /// `--show-config`: the effective configuration as TOML.
    Config(String),
    /// `--write-baseline`: how many findings were recorded, and where.
    BaselineWritten { count: usize, file: PathBuf },
    /// The findings to report (after the diff base and the baseline).
    Findings(Box<Findings>),
    /// `--staged --diff-base HEAD` with nothing staged in a planning file or
    /// the config: the plan was not read, and nothing can be new.
    PlanUnchanged,
}

/// The findings of a check, and what the reports need to show them.
pub struct Findings {
    pub outcome: Outcome,
    /// With `--config-rev`: the trusted revision and the config files that differ.
    pub trust: Option<ConfigTrust>,
    /// The plan's root relative to the git work tree's root (see [`path_prefix`]).
    pub path_prefix: String,
    /// The plan's root folder.
    pub root: PathBuf,
    /// Warnings about the run that `--strict` does not turn into errors
    /// (a shallow clone hides the history some rules read).
    pub notices: Vec<String>,
    snapshot: source::Snapshot,
}

impl Findings {
    /// Writes a report file (`--output FORMAT:FILE`) safely: see [`crate::write`].
    pub fn write_output(&self, file: &Path, text: &str) -> Result<(), Failure> {
        write_output(file, text, &self.snapshot)
    }
}

/// Runs `planlint check`. `warn` receives the configuration's warnings (a
/// source that reads no file) once the check has run.
pub fn check(request: &CheckRequest, warn: &mut dyn FnMut(&[String])) -> Result<Checked, Failure> {
    let Prepared {
        root,
        snapshot,
        loaded,
        sources,
        rules,
        trust,
        config_files,
    } = prepare(
        &request.path,
        request.config.as_deref(),
        request.mode(),
        request.config_rev.as_deref(),
    )?;
    if request.show_config {
        return effective_config(&loaded.config, &rules).map(Checked::Config);
    }
    let extra = extra_inputs(&request.inputs, &snapshot)?;
    let only_the_plan = trust.is_none()
        && request.write_baseline.is_none()
        && extra.issues.is_empty()
        && extra.event.is_none();
    if let (true, true, Some(base)) = (request.may_skip, only_the_plan, &request.diff_base) {
        if change::staged_leaves_plan_unchanged(&snapshot, &loaded, &sources, &config_files, base)?
        {
            return Ok(Checked::PlanUnchanged);
        }
    }
    let mut outcome = match &request.diff_base {
        // The merge base is checked beside the plan, not after it: each
        // check's serial steps then overlap the other's parallel ones.
        // The merge base's files the change left alone are taken from the
        // plan's extraction, not parsed again; the listing of the base and
        // then the two checks run side by side.
        Some(base) => {
            // The merge base is read with the same sources: a copy shares
            // their compiled globs and regexes.
            let sources = sources?;
            let base_sources = sources.clone();
            let (plan, base) = rayon::join(
                || check::extract_in(&snapshot, &loaded, sources, &rules, extra, None),
                || change::open_base(&snapshot, &loaded, base_sources, base),
            );
            let plan = plan?;
            let base = change::read_base(base?, &loaded, &rules, &plan)?;
            let base_rules = rules.clone();
            let (outcome, before) = rayon::join(
                || check::check_extracted(&snapshot, &loaded, rules, plan),
                || change::check_base(base, &loaded, base_rules),
            );
            let mut outcome = outcome?;
            change::restrict(&mut outcome, &snapshot, &before?);
            outcome
        }
        None => {
            // The listing is kept to the end, never freed: its paths were
            // made on every core, and freed here on one, each core then
            // took them back block by block as it allocated again, 40 ms
            // of a 100,000-goal check. Kept, it adds 1 to 2 MB to a
            // 10,000-goal check's peak.
            let extracted = check::extract_in(&snapshot, &loaded, sources?, &rules, extra, None)?;
            check::check_extracted(&snapshot, &loaded, rules, extracted)?
        }
    };
    let mut warnings = std::mem::take(&mut outcome.warnings);
    if outcome.summary.files == 0 {
        warnings.push(nothing_matched(&outcome));
    }
    warn(&warnings);
    if let Some(file) = &request.write_baseline {
        let text = Baseline::of(&outcome.diagnostics).to_text();
        write_output(file, &text, &snapshot)?;
        return Ok(Checked::BaselineWritten {
            count: outcome.diagnostics.len(),
            file: file.clone(),
        });
    }
    if let Some(file) = &request.baseline {
        let baseline = read_baseline(file, &snapshot)?;
        outcome.diagnostics = baseline.filter(std::mem::take(&mut outcome.diagnostics));
        outcome.recount();
    }
    Ok(Checked::Findings(Box::new(Findings {
        notices: shallow_history_warning(&outcome, &snapshot)
            .into_iter()
            .collect(),
        outcome,
        trust,
        path_prefix: path_prefix(&snapshot),
        root: root.dir,
        snapshot,
    })))
}

/// Reads a `--baseline` file through the snapshot.
fn read_baseline(file: &Path, snapshot: &source::Snapshot) -> Result<Baseline, Failure> {
    let help = Some("write one with `planlint check --write-baseline FILE`");
    let text = snapshot.read_given(file).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| SourceError {
            message: "it is not valid UTF-8".into(),
            help: None,
        })
    });
    match text {
        Ok(text) => Baseline::parse(&text).map_err(|e| {
            Failure::new(
                format!("`{}` is not a planlint baseline: {e}", file.display()),
                help,
            )
        }),
        Err(e) => Err(Failure::new(
            format!("cannot read baseline `{}`: {e}", file.display()),
            help,
        )),
    }
}

/// Loads and checks the plan for the commands that show it (`entities`,
/// `report`): the work tree, with the same config and rules as a check.
pub fn load_plan(
    path: &Path,
    config: Option<&Path>,
    inputs: &IssueInputs,
) -> Result<Outcome, Failure> {
    let prepared = prepare(path, config, Mode::Worktree, None)?;
    let extra = extra_inputs(inputs, &prepared.snapshot)?;
    Ok(check::run_in(
        &prepared.snapshot,
        &prepared.loaded,
        prepared.sources?,
        prepared.rules,
        extra,
    )?)
}

/// `--show-config`: the merged configuration with every rule's effective
/// level and options spelled out.
fn effective_config(config: &config::Config, rules: &RuleSet) -> Result<String, Failure> {
    let mut effective = config.clone();
    if effective.source.is_empty() {
        effective.source = config::default_sources();
    }
    effective.rules = rules
        .rules
        .iter()
        .map(|rule| {
            let mut table = toml::Table::new();
            let level = rule.level.map_or("off", |l| l.as_str());
            table.insert("level".into(), toml::Value::String(level.into()));
            table.extend(rule.options.clone());
            (rule.id().to_string(), table)
        })
        .collect();
    toml::to_string(&effective)
        .map_err(|e| Failure::new(format!("cannot print the configuration: {e}"), None))
}

/// A plan opened for a run: its root, its files as the mode sees them, and
/// the config and rules read through the same snapshot (or, with
/// `--config-rev`, from the trusted revision).
struct Prepared {
    root: source::Root,
    snapshot: source::Snapshot,
    loaded: Loaded,
    /// The config's sources, compiled beside the listing; an error in them
    /// is reported where they are first needed, when the plan is read.
    sources: Result<Sources, ConfigError>,
    rules: RuleSet,
    /// With `--config-rev`: the revision and the config files that differ from it.
    trust: Option<ConfigTrust>,
    /// The config files read through the snapshot (names as
    /// [`source::Snapshot::read_named`] takes them); none with `--config-rev`.
    config_files: Vec<String>,
}

/// Opens the plan at `path` in `mode` and loads its config and rules, from
/// `config_rev` when given.
fn prepare(
    path: &Path,
    config: Option<&Path>,
    mode: Mode,
    config_rev: Option<&str>,
) -> Result<Prepared, Failure> {
    let root = source::find_root(path)?;
    let Some(rev) = config_rev else {
        // Only the config file at first; once it is read, what its globs match.
        let mut snapshot = source::Snapshot::open_at(&root, mode, &config_names())?;
        let (loaded, sources, rules, read) = load_config(&root, &mut snapshot, config)?;
        return Ok(Prepared {
            root,
            snapshot,
            loaded,
            sources,
            rules,
            trust: None,
            config_files: read.into_iter().map(|(name, _)| name).collect(),
        });
    };
    // The checked files are listed whole: both the trusted config's sources
    // and the checked config's rule folders must be seen.
    let snapshot = source::Snapshot::open(&root.dir, mode)?;
    let mut trusted =
        source::Snapshot::open_filtered(&root.dir, Mode::Rev(rev.to_string()), &config_names())?;
    let (loaded, sources, rules, trusted_files) = load_config(&root, &mut trusted, config)?;
    // What the checked files would have configured, only to compare: its
    // errors do not matter, the trusted config is the one applied.
    let checked_files = config_files_read(&root, &snapshot, config);
    let trusted_files: std::collections::BTreeMap<_, _> = trusted_files.into_iter().collect();
    let checked_files: std::collections::BTreeMap<_, _> = checked_files.into_iter().collect();
    let changed: Vec<String> = trusted_files
        .keys()
        .chain(checked_files.keys())
        .filter(|path| trusted_files.get(*path) != checked_files.get(*path))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(Prepared {
        root,
        snapshot,
        loaded,
        sources,
        rules,
        trust: Some(ConfigTrust {
            revision: rev.to_string(),
            changed,
        }),
        config_files: Vec::new(),
    })
}

/// The config files (the config, what it extends, rule files) and their
/// bytes, as loading them through `snapshot` reads them.
type ConfigFiles = Vec<(String, Vec<u8>)>;

/// A filter that lists only the config file at the root.
fn config_names() -> source::PathFilter {
    source::PathFilter::new([], [], check::CONFIG_NAMES)
}

/// Reads the config (`--config FILE`, else the root's) and the rule folders
/// it names through `snapshot`: a file inside the repository is read as the
/// checked mode sees it, and never from outside the repository. Then lists
/// `snapshot` again with what the config's globs can match, and compiles
/// the config's sources and rules. Also returns every file it read.
fn load_config(
    root: &source::Root,
    snapshot: &mut source::Snapshot,
    config: Option<&Path>,
) -> Result<(Loaded, Result<Sources, ConfigError>, RuleSet, ConfigFiles), Failure> {
    let read = std::cell::RefCell::new(ConfigFiles::new());
    let file = config_file(root, snapshot, config);
    let loaded = config::load(file, &recording_reader(snapshot, &read))?;
    let filter = check::listing_filter(&loaded);
    // The sources compile beside the listing.
    let (listed, (sources, rules)) = rayon::join(
        || snapshot.relist(&filter),
        || {
            rayon::join(
                || Sources::compile(&loaded),
                // No rule comes from a listed file: the rules compile
                // beside the listing too, both on every core.
                || {
                    loaded
                        .config
                        .rule_dirs
                        .is_empty()
                        .then(|| loaded.rule_set(&[]))
                },
            )
        },
    );
    listed?;
    if let Some(rules) = rules {
        return Ok((loaded, sources, rules?, read.into_inner()));
    }
    let reader = recording_reader(snapshot, &read);
    let rule_files = config::rule_dir_files(&loaded, &snapshot.paths, &reader)?;
    let rules = loaded.rule_set(&rule_files)?;
    drop(reader);
    Ok((loaded, sources, rules, read.into_inner()))
}

/// Reads config files in the repository through `snapshot`, noting each
/// file and its bytes in `read` (for `--config-rev`'s comparison).
fn recording_reader<'a>(
    snapshot: &'a source::Snapshot,
    read: &'a std::cell::RefCell<ConfigFiles>,
) -> impl Fn(&str) -> Result<Vec<u8>, String> + 'a {
    move |path: &str| {
        let bytes = snapshot.read_named(path).map_err(|e| e.message)?;
        read.borrow_mut().push((path.to_string(), bytes.clone()));
        Ok(bytes)
    }
}

/// [`load_config`]'s files, whether or not they make a valid config.
fn config_files_read(
    root: &source::Root,
    snapshot: &source::Snapshot,
    config: Option<&Path>,
) -> ConfigFiles {
    let read = std::cell::RefCell::new(ConfigFiles::new());
    let reader = recording_reader(snapshot, &read);
    if let Ok(loaded) = config::load(config_file(root, snapshot, config), &reader) {
        let _ = config::rule_dir_files(&loaded, &snapshot.paths, &reader);
    }
    drop(reader);
    read.into_inner()
}

/// The config file to read: `--config FILE`, else the root's as `snapshot`
/// holds it (with `--staged` or `--rev`, one only on disk does not count).
fn config_file(
    root: &source::Root,
    snapshot: &source::Snapshot,
    given: Option<&Path>,
) -> Option<config::ConfigFile> {
    if let Some(given) = given {
        return Some(match snapshot.relative_path(given) {
            Some(rel) => config::ConfigFile::InRepository(rel),
            None => config::ConfigFile::Outside(given.to_path_buf()),
        });
    }
    if *snapshot.mode() == Mode::Worktree {
        let found = root.config.as_ref()?;
        return snapshot
            .relative_path(found)
            .map(config::ConfigFile::InRepository);
    }
    ["planlint.toml", ".planlint.toml"]
        .into_iter()
        .find(|name| snapshot.paths.binary_search(&name.to_string()).is_ok())
        .map(|name| config::ConfigFile::InRepository(name.to_string()))
}

/// Reads `--issues` and `--event` (a file that cannot be read is a usage
/// error), or, in GitHub Actions on a pull request, `GITHUB_EVENT_PATH`
/// (unreadable there, it is a `parse-error` on the pull request).
fn extra_inputs(
    inputs: &IssueInputs,
    snapshot: &source::Snapshot,
) -> Result<check::Extra, Failure> {
    let mut extra = check::Extra::default();
    for path in &inputs.issues {
        let limit = source::MAX_EXPORT_BYTES;
        let bytes = snapshot.read_given_up_to(path, limit).map_err(|e| {
            Failure::new(
                format!("cannot read the issue export `{}`: {}", path.display(), e.message),
                Some(e.help.as_deref().unwrap_or("`--issues FILE` names a file written by `gh issue list --json number,title,body,labels,assignees,milestone,state,url`")),
            )
        })?;
        extra.issues.push(crate::parse::SourceFile {
            path: shown_path(path, &snapshot.root),
            bytes,
        });
    }
    if let Some(path) = &inputs.event {
        let bytes = snapshot.read_given(path).map_err(|e| {
            Failure::new(
                format!(
                    "cannot read the event payload `{}`: {}",
                    path.display(),
                    e.message
                ),
                Some(e.help.as_deref().unwrap_or(
                    "`--event FILE` names a GitHub `pull_request` event payload (JSON)",
                )),
            )
        })?;
        extra.event = Some(Ok(bytes));
    } else if let Some(path) = std::env::var_os("GITHUB_EVENT_PATH").filter(|p| !p.is_empty()) {
        let name = std::env::var("GITHUB_EVENT_NAME").unwrap_or_default();
        if matches!(name.as_str(), "pull_request" | "pull_request_target") {
            extra.event = Some(snapshot.read_given(Path::new(&path)).map_err(|e| e.message));
        }
    }
    Ok(extra)
}

/// Writes an output file (a report, a baseline) safely: see [`crate::write`].
fn write_output(file: &Path, text: &str, snapshot: &source::Snapshot) -> Result<(), Failure> {
    crate::write::write_file(
        file,
        text.as_bytes(),
        snapshot.boundary(),
        crate::write::Existing::Replace,
        false,
    )
    .map(|_| ())
    .map_err(|e| Failure::new(e.message, e.help.as_deref()))
}

/// A path given on the command line as output shows it: relative to the
/// plan's root (with `/`) when it is inside it, else as given.
fn shown_path(path: &Path, root: &Path) -> String {
    let inside = std::fs::canonicalize(path)
        .ok()
        .zip(std::fs::canonicalize(root).ok())
        .and_then(|(file, root)| {
            file.strip_prefix(&root).ok().map(|relative| {
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
        });
    inside.unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// The plan's root relative to the git work tree's root, with `/`
/// (`examples/demo`): GitHub resolves annotation and SARIF paths against the
/// repository. Empty when the root is the work tree's root, and outside git.
/// Taken from the repository the snapshot opened: opening it again cost a
/// millisecond at the end of every check.
fn path_prefix(snapshot: &source::Snapshot) -> String {
    snapshot
        .repository_prefix()
        .trim_end_matches('/')
        .to_string()
}
