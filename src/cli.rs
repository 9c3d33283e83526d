//! The command line: parses arguments, runs a stage pipeline, prints, and
//! turns the outcome into an exit code (0 clean, 1 findings, 2 usage/config/internal).

use crate::baseline::Baseline;
use crate::change;
use crate::check::{self, RunError};
use crate::config::{self, ConfigError, Loaded};
use crate::report::{self, FailOn, Format, RenderOptions, Report};
use crate::rules::{self, RuleSet};
use crate::source::{self, Mode};
use crate::text;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "planlint", version, about = "Lint the planning files your organisation keeps in git", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check the plan containing PATH (default: the current directory).
    Check(CheckArgs),
    /// Show what each source extracted: every team, goal and issue with its
    /// id, title and the fields the rules read, and the line each is on.
    Entities(ShowEntitiesArgs),
    /// Draw the organisation's plan (teams, their goals, owners, progress) as Markdown.
    Report(EntitiesArgs),
    /// Write a starter planlint.toml, and an example team and goal if there is no plan yet.
    /// Never overwrites a file.
    Init {
        /// The folder to initialise.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Scaffold a new team or goal document. Never overwrites a file.
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The id, which is also the file name: `planning/goals/<ID>.md`.
        id: String,
        /// The goal's team.
        #[arg(long, default_value = "my-team")]
        team: String,
        /// The goal's owner.
        #[arg(long, default_value = "@me")]
        owner: String,
        /// A path inside the plan.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
    /// Install a git pre-commit hook that runs `planlint check --staged`.
    /// Never overwrites a hook that is not planlint's (see --chain).
    InstallHook(crate::hook::HookArgs),
    /// List every rule.
    Rules,
    /// Print the JSON Schema of planlint.toml (for editor completion and validation).
    Schema,
    /// Explain one rule: what it checks, why, its options and examples.
    Rule {
        /// The rule id, e.g. `team-size`.
        id: String,
    },
    /// Print a completion script for SHELL, e.g. `planlint completions bash > /etc/bash_completion.d/planlint`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print planlint's man page (roff), e.g. `planlint man > /usr/local/share/man/man1/planlint.1`.
    Man,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// A path inside the plan. Its root is the nearest folder with a
    /// planlint.toml, else the git work tree's root, else PATH.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Use this config file instead of the root's planlint.toml.
    #[arg(long, value_name = "FILE", env = "PLANLINT_CONFIG")]
    config: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value = "human", env = "PLANLINT_FORMAT")]
    format: Format,
    /// Also write FORMAT to FILE (repeatable), e.g. `--output sarif:planlint.sarif`.
    #[arg(long, value_name = "FORMAT:FILE", value_parser = parse_output)]
    output: Vec<(Format, PathBuf)>,
    /// Lowest level that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Check the index (what the next commit will contain) instead of the work tree.
    #[arg(long, conflicts_with = "rev")]
    staged: bool,
    /// Check the tree of a commit, read from the object database.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Report only what the change since REV introduced (its merge base with
    /// the checked revision): findings in changed documents, and findings the
    /// change caused elsewhere. Needs the history: `fetch-depth: 0` in CI.
    #[arg(long, value_name = "REV")]
    diff_base: Option<String>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE (to adopt planlint gradually) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Print the effective configuration (defaults, files it extends, overrides) and exit.
    #[arg(long)]
    show_config: bool,
    /// Take planlint.toml and the rule folders from this trusted revision
    /// (in CI: the pull request's base), not from what is checked; a change
    /// to them is called out in the output.
    #[arg(long, value_name = "REV")]
    config_rev: Option<String>,
    /// Make a source or glob that matches no file an error (exit code 2), not a warning.
    #[arg(long)]
    strict: bool,
    /// Print the findings only: no summary line, no warnings on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Instead of the findings, print how many each rule has, most first.
    #[arg(long)]
    statistics: bool,
    #[command(flatten)]
    inputs: IssueInputs,
}

/// Issue metadata from outside the plan's files.
#[derive(clap::Args, Debug)]
struct IssueInputs {
    /// Also read this issue export (`gh issue list --json ...`), outside the configured globs (repeatable).
    #[arg(long = "issues", value_name = "FILE")]
    issues: Vec<PathBuf>,
    /// Check the pull request in this GitHub event payload. In GitHub Actions,
    /// GITHUB_EVENT_PATH is read on `pull_request` and `pull_request_target` events.
    #[arg(long, value_name = "FILE")]
    event: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct EntitiesArgs {
    /// A path inside the plan (see `planlint check --help`).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Use this config file instead of the root's planlint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    inputs: IssueInputs,
}

#[derive(clap::Args, Debug)]
struct ShowEntitiesArgs {
    #[command(flatten)]
    plan: EntitiesArgs,
    /// `table` for people; `json` (every field, values abbreviated) for scripts.
    #[arg(long, value_enum, default_value = "table")]
    format: EntitiesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EntitiesFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum NewKind {
    Team,
    Goal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_output(text: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not FORMAT:FILE, e.g. `sarif:planlint.sarif`"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        format!("unknown format `{format}`; use human, concise, json, sarif, github, gitlab, junit or markdown")
    })?;
    if file.is_empty() {
        return Err("the file name after `:` is empty".into());
    }
    Ok((format, PathBuf::from(file)))
}

/// Runs planlint and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check(args) => check_command(args),
        Command::Entities(args) => entities_command(args),
        Command::Report(args) => report_command(args),
        Command::Init { path } => init_command(&path),
        Command::New {
            kind,
            id,
            team,
            owner,
            path,
        } => new_command(kind, &id, &team, &owner, &path),
        Command::InstallHook(args) => match crate::hook::run(&args) {
            Ok(message) => {
                println!("{message}");
                0
            }
            Err(e) => fail(&e.message, e.help.as_deref(), None),
        },
        Command::Rules => rules_command(),
        Command::Schema => {
            print!("{}", config::json_schema());
            0
        }
        Command::Rule { id } => rule_command(&id),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "planlint", &mut std::io::stdout());
            0
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            let mut out = std::io::stdout().lock();
            i32::from(page.render(&mut out).and_then(|()| out.flush()).is_err()) * 2
        }
    }
}

fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Prints an error (with its place in a file, when known) and returns 2.
fn fail(
    message: &str,
    help: Option<&str>,
    place: Option<(&str, &str, crate::diagnostic::Span)>,
) -> i32 {
    // Messages quote the config and the plan: shown with escapes, the source
    // with `?` for what a terminal would act on (spans stay aligned).
    let message = text::visible_lines(message);
    let mut diagnostic =
        miette::MietteDiagnostic::new(message.clone()).with_severity(miette::Severity::Error);
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(text::visible_lines(help));
    }
    let mut report = miette::Report::new(diagnostic.clone());
    if let Some((name, source, span)) = place {
        diagnostic = diagnostic.with_label(miette::LabeledSpan::at(span, "here"));
        report = miette::Report::new(diagnostic).with_source_code(miette::NamedSource::new(
            text::path(name),
            text::printable_source(source),
        ));
    }
    let theme = if stderr_color() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("error: {message}\n");
    }
    let _ = write!(std::io::stderr(), "{}", text::guard_text(&out));
    2
}

fn config_error(e: &ConfigError) -> i32 {
    let place = e
        .file
        .as_ref()
        .zip(e.span.clone())
        .map(|((path, text), span)| {
            let name = path
                .file_name()
                .map_or("planlint.toml".into(), |n| n.to_string_lossy().into_owned());
            (name, text.as_str(), span)
        });
    match place {
        Some((name, text, span)) => fail(&e.message, e.help.as_deref(), Some((&name, text, span))),
        None => fail(&e.message, e.help.as_deref(), None),
    }
}

fn rule_error(loaded: &Loaded, e: &rules::spec::RuleError) -> i32 {
    let place = match (&e.rule, e.place.is_empty()) {
        (Some(id), true) => vec![format!("\"{id}\"")],
        _ => e.place.clone(),
    };
    config_error(&loaded.error_at_path(&place, e.to_string(), e.help.clone()))
}

/// A plan opened for a run: its root, its files as the mode sees them, and
/// the config and rules read through the same snapshot (or, with
/// `--config-rev`, from the trusted revision).
struct Prepared {
    root: source::Root,
    snapshot: source::Snapshot,
    loaded: Loaded,
    rules: RuleSet,
    /// With `--config-rev`: the revision and the config files that differ from it.
    trust: Option<report::ConfigTrust>,
}

/// Opens the plan at `path` in `mode` and loads its config and rules, from
/// `config_rev` when given.
fn prepare(
    path: &std::path::Path,
    config: Option<&std::path::Path>,
    mode: Mode,
    config_rev: Option<&str>,
) -> Result<Prepared, i32> {
    let root = source::find_root(path).map_err(|e| fail(&e.message, e.help.as_deref(), None))?;
    let snapshot = source::Snapshot::open(&root.dir, mode)
        .map_err(|e| fail(&e.message, e.help.as_deref(), None))?;
    let Some(rev) = config_rev else {
        let (loaded, rules, _) = load_config(&root, &snapshot, config)?;
        return Ok(Prepared {
            root,
            snapshot,
            loaded,
            rules,
            trust: None,
        });
    };
    let trusted = source::Snapshot::open(&root.dir, Mode::Rev(rev.to_string()))
        .map_err(|e| fail(&e.message, e.help.as_deref(), None))?;
    let (loaded, rules, trusted_files) = load_config(&root, &trusted, config)?;
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
        rules,
        trust: Some(report::ConfigTrust {
            revision: rev.to_string(),
            changed,
        }),
    })
}

/// The config files (the config, what it extends, rule files) and their
/// bytes, as loading them through `snapshot` reads them.
type ConfigFiles = Vec<(String, Vec<u8>)>;

/// Reads the config (`--config FILE`, else the root's) and the rule folders
/// it names through `snapshot`: a file inside the repository is read as the
/// checked mode sees it, and never from outside the repository. Also returns
/// every file it read.
fn load_config(
    root: &source::Root,
    snapshot: &source::Snapshot,
    config: Option<&std::path::Path>,
) -> Result<(Loaded, RuleSet, ConfigFiles), i32> {
    let read = std::cell::RefCell::new(ConfigFiles::new());
    let reader = |path: &str| {
        let bytes = snapshot.read_named(path).map_err(|e| e.message)?;
        read.borrow_mut().push((path.to_string(), bytes.clone()));
        Ok(bytes)
    };
    let file = config_file(root, snapshot, config);
    let loaded = config::load(file, &reader).map_err(|e| config_error(&e))?;
    let custom =
        config::rule_dir_tables(&loaded, &snapshot.paths, &reader).map_err(|e| config_error(&e))?;
    let rules = RuleSet::load(&loaded.config, custom).map_err(|e| rule_error(&loaded, &e))?;
    Ok((loaded, rules, read.into_inner()))
}

/// [`load_config`]'s files, whether or not they make a valid config.
fn config_files_read(
    root: &source::Root,
    snapshot: &source::Snapshot,
    config: Option<&std::path::Path>,
) -> ConfigFiles {
    let read = std::cell::RefCell::new(ConfigFiles::new());
    let reader = |path: &str| {
        let bytes = snapshot.read_named(path).map_err(|e| e.message)?;
        read.borrow_mut().push((path.to_string(), bytes.clone()));
        Ok(bytes)
    };
    if let Ok(loaded) = config::load(config_file(root, snapshot, config), &reader) {
        let _ = config::rule_dir_tables(&loaded, &snapshot.paths, &reader);
    }
    read.into_inner()
}

/// The config file to read: `--config FILE`, else the root's as `snapshot`
/// holds it (with `--staged` or `--rev`, one only on disk does not count).
fn config_file(
    root: &source::Root,
    snapshot: &source::Snapshot,
    given: Option<&std::path::Path>,
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

fn check_command(args: CheckArgs) -> i32 {
    let mode = match (&args.rev, args.staged) {
        (Some(rev), _) => Mode::Rev(rev.clone()),
        (None, true) => Mode::Staged,
        (None, false) => Mode::Worktree,
    };
    let Prepared {
        root,
        snapshot,
        loaded,
        rules,
        trust,
    } = match prepare(
        &args.path,
        args.config.as_deref(),
        mode,
        args.config_rev.as_deref(),
    ) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if args.show_config {
        return show_config(&loaded.config, &rules);
    }
    let extra = match extra_inputs(&args.inputs, &snapshot) {
        Ok(extra) => extra,
        Err(code) => return code,
    };
    let base_rules = args.diff_base.as_ref().map(|_| rules.clone());
    let outcome = check::run_in(&snapshot, &loaded, rules, extra);
    let outcome = match (outcome, &args.diff_base, base_rules) {
        (Ok(mut outcome), Some(base), Some(rules)) => {
            change::restrict(&mut outcome, &snapshot, &loaded, rules, base).map(|()| outcome)
        }
        (outcome, _, _) => outcome,
    };
    let mut outcome = match outcome {
        Ok(outcome) => outcome,
        Err(RunError::Config(e)) => return config_error(&e),
        Err(RunError::Source(e)) => return fail(&e.message, e.help.as_deref(), None),
    };
    let mut warnings = std::mem::take(&mut outcome.warnings);
    if outcome.summary.files == 0 {
        warnings.push(NOTHING_MATCHED.to_string());
    }
    if args.strict && !warnings.is_empty() {
        for warning in &warnings {
            eprintln!("planlint: error: {} (--strict)", text::visible(warning));
        }
        return 2;
    }
    warnings.extend(shallow_history_warning(&outcome, &root.dir));
    if !args.quiet {
        print_warnings(&warnings);
    }
    if let Some(file) = &args.write_baseline {
        let text = Baseline::of(&outcome.diagnostics).to_text();
        if let Err(e) = write_output(file, &text, &snapshot) {
            return e;
        }
        eprintln!(
            "planlint: recorded {} findings in {}",
            outcome.diagnostics.len(),
            file.display()
        );
        return 0;
    }
    if let Some(file) = &args.baseline {
        let text = snapshot.read_given(file).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| source::SourceError {
                message: "it is not valid UTF-8".into(),
                help: None,
            })
        });
        let baseline = match text {
            Ok(text) => match Baseline::parse(&text) {
                Ok(baseline) => baseline,
                Err(e) => {
                    return fail(
                        &format!("`{}` is not a planlint baseline: {e}", file.display()),
                        Some("write one with `planlint check --write-baseline FILE`"),
                        None,
                    )
                }
            },
            Err(e) => {
                return fail(
                    &format!("cannot read baseline `{}`: {e}", file.display()),
                    Some("write one with `planlint check --write-baseline FILE`"),
                    None,
                )
            }
        };
        outcome.diagnostics = baseline.filter(std::mem::take(&mut outcome.diagnostics));
        outcome.recount();
    }
    let sources = outcome.plan.sources();
    let checked = outcome.checked();
    let metas = outcome.rules.metas();
    let version = env!("CARGO_PKG_VERSION");
    let report = Report {
        diagnostics: &outcome.diagnostics,
        sources: &sources,
        checked: &checked,
        rules: &metas,
        summary: outcome.summary,
        tool_version: version,
        trust: trust.as_ref(),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let path_prefix = path_prefix(&root.dir);
    let (width, dirs) = (output_width(), current_dir(&root.dir));
    let current_dir = dirs
        .as_ref()
        .map(|(root, cwd)| report::CurrentDir { root, cwd });
    for (format, file) in &args.output {
        let options = RenderOptions {
            color: false,
            path_prefix: &path_prefix,
            fail_on: args.fail_on,
            width,
            current_dir,
            quiet: args.quiet,
        };
        let text = report::render(*format, &report, options);
        if let Err(e) = write_output(file, &text, &snapshot) {
            return e;
        }
    }
    let options = RenderOptions {
        color,
        path_prefix: &path_prefix,
        fail_on: args.fail_on,
        width,
        current_dir,
        quiet: args.quiet,
    };
    let text = if args.statistics {
        report::statistics(&report)
    } else {
        report::render(args.format, &report, options)
    };
    let note_in_band = matches!(
        args.format,
        Format::Human | Format::Json | Format::Github | Format::Markdown
    );
    if let Some(note) = trust
        .as_ref()
        .and_then(|t| t.note())
        .filter(|_| !note_in_band)
    {
        eprintln!("planlint: note: {note}");
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return 2;
    }
    let failing = outcome
        .diagnostics
        .iter()
        .any(|d| args.fail_on.fails(d.level));
    i32::from(failing)
}

/// Reads `--issues` and `--event` (a file that cannot be read is a usage
/// error), or, in GitHub Actions on a pull request, `GITHUB_EVENT_PATH`
/// (unreadable there, it is a `parse-error` on the pull request).
fn extra_inputs(inputs: &IssueInputs, snapshot: &source::Snapshot) -> Result<check::Extra, i32> {
    let mut extra = check::Extra::default();
    for path in &inputs.issues {
        let bytes = snapshot.read_given(path).map_err(|e| {
            fail(
                &format!("cannot read the issue export `{}`: {}", path.display(), e.message),
                Some(e.help.as_deref().unwrap_or("`--issues FILE` names a file written by `gh issue list --json number,title,body,labels,assignees,milestone,state,url`")),
                None,
            )
        })?;
        extra.issues.push(crate::parse::SourceFile {
            path: shown_path(path, &snapshot.root),
            bytes,
        });
    }
    if let Some(path) = &inputs.event {
        let bytes = snapshot.read_given(path).map_err(|e| {
            fail(
                &format!(
                    "cannot read the event payload `{}`: {}",
                    path.display(),
                    e.message
                ),
                Some(e.help.as_deref().unwrap_or(
                    "`--event FILE` names a GitHub `pull_request` event payload (JSON)",
                )),
                None,
            )
        })?;
        extra.event = Some(Ok(bytes));
    } else if let Some(path) = std::env::var_os("GITHUB_EVENT_PATH").filter(|p| !p.is_empty()) {
        let name = std::env::var("GITHUB_EVENT_NAME").unwrap_or_default();
        if matches!(name.as_str(), "pull_request" | "pull_request_target") {
            extra.event = Some(
                snapshot
                    .read_given(std::path::Path::new(&path))
                    .map_err(|e| e.message),
            );
        }
    }
    Ok(extra)
}

/// Writes an output file (a report, a baseline) safely: see [`crate::write`].
fn write_output(
    file: &std::path::Path,
    text: &str,
    snapshot: &source::Snapshot,
) -> Result<(), i32> {
    crate::write::write_file(
        file,
        text.as_bytes(),
        snapshot.boundary(),
        crate::write::Existing::Replace,
        false,
    )
    .map(|_| ())
    .map_err(|e| fail(&e.message, e.help.as_deref(), None))
}

/// A path given on the command line as output shows it: relative to the
/// plan's root (with `/`) when it is inside it, else as given.
fn shown_path(path: &std::path::Path, root: &std::path::Path) -> String {
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
/// Columns for human output: `COLUMNS` when set, else the terminal's width
/// when stdout is one, else [`report::DEFAULT_WIDTH`].
fn output_width() -> usize {
    let columns = std::env::var("COLUMNS").ok();
    if let Some(width) = columns.and_then(|c| c.trim().parse::<usize>().ok()) {
        if width > 0 {
            return width;
        }
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map_or(report::DEFAULT_WIDTH, |(width, _)| usize::from(width.0))
}

/// The plan's root and the current directory, canonical, for paths shown
/// relative to where planlint runs; `None` when either cannot be resolved.
fn current_dir(root: &std::path::Path) -> Option<(PathBuf, PathBuf)> {
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    Some((root.canonicalize().ok()?, cwd))
}

fn path_prefix(root: &std::path::Path) -> String {
    let Ok(repo) = git2::Repository::discover(root) else {
        return String::new();
    };
    let workdir = repo.workdir().and_then(|dir| dir.canonicalize().ok());
    let root = root.canonicalize().ok();
    let relative = workdir
        .zip(root)
        .and_then(|(workdir, root)| root.strip_prefix(workdir).ok().map(|r| r.to_path_buf()));
    relative.map_or_else(String::new, |relative| {
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    })
}

/// Loads and checks the plan for the commands that show it.
fn load_plan(args: &EntitiesArgs) -> Result<check::Outcome, i32> {
    let prepared = prepare(&args.path, args.config.as_deref(), Mode::Worktree, None)?;
    let extra = extra_inputs(&args.inputs, &prepared.snapshot)?;
    check::run_in(&prepared.snapshot, &prepared.loaded, prepared.rules, extra)
        .map_err(|e| match e {
            RunError::Config(e) => config_error(&e),
            RunError::Source(e) => fail(&e.message, e.help.as_deref(), None),
        })
        .inspect(|outcome| print_warnings(&outcome.warnings))
}

/// A plan whose globs match nothing would otherwise pass, checking nothing.
const NOTHING_MATCHED: &str =
    "no file matched the plan's globs, so nothing was checked: see `planlint check --show-config`";

/// `stale-goal` reads when each file last changed; a shallow clone's history
/// ends at its newest commits, so the rule would find nothing and pass in
/// silence. Said once, as a warning, not per goal.
fn shallow_history_warning(outcome: &check::Outcome, root: &std::path::Path) -> Option<String> {
    let shallow = git2::Repository::discover(root).is_ok_and(|repo| repo.is_shallow());
    (shallow && outcome.rules.level("stale-goal").is_some()).then(|| {
        "`stale-goal` cannot see when goals last changed in a shallow clone, so it reports nothing: \
         fetch the full history (`fetch-depth: 0` on actions/checkout, or `git fetch --unshallow`)"
            .to_string()
    })
}

/// Configuration warnings (a source that reads no file), on stderr.
fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("planlint: warning: {}", text::visible(warning));
    }
}

fn report_command(args: EntitiesArgs) -> i32 {
    match load_plan(&args) {
        Ok(outcome) => {
            print!(
                "{}",
                text::guard_markdown(&crate::overview::render(&outcome.plan))
            );
            0
        }
        Err(code) => code,
    }
}

fn init_command(path: &std::path::Path) -> i32 {
    match crate::scaffold::init(path) {
        Ok(written) => {
            for w in written {
                match w {
                    crate::scaffold::Written::Created(p) => println!("created {}", p.display()),
                    crate::scaffold::Written::Kept(p) => println!(
                        "kept {} (it exists; planlint never overwrites)",
                        p.display()
                    ),
                }
            }
            0
        }
        Err(e) => fail(&e, None, None),
    }
}

fn new_command(kind: NewKind, id: &str, team: &str, owner: &str, path: &std::path::Path) -> i32 {
    let root = match source::find_root(path) {
        Ok(root) => root,
        Err(e) => return fail(&e.message, e.help.as_deref(), None),
    };
    let kind = match kind {
        NewKind::Team => "team",
        NewKind::Goal => "goal",
    };
    match crate::scaffold::new_entity(&root.dir, kind, id, team, owner) {
        Ok(crate::scaffold::Written::Created(p)) => {
            println!("created {}", p.display());
            0
        }
        Ok(crate::scaffold::Written::Kept(p)) => fail(
            &format!("`{}` exists; planlint never overwrites a file", p.display()),
            Some("choose another id"),
            None,
        ),
        Err(e) => fail(&e, None, None),
    }
}

fn entities_command(args: ShowEntitiesArgs) -> i32 {
    let outcome = match load_plan(&args.plan) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    // Plan text goes to a terminal: unprintable characters shown as escapes,
    // no line a workflow command.
    let text = match args.format {
        EntitiesFormat::Table => text::guard_text(&text::visible_lines(
            &crate::entities::render_table(&outcome),
        )),
        EntitiesFormat::Json => text::guard_json(&crate::entities::render_json(&outcome)),
    };
    // A reader that stops early (`| head`) is not an error.
    let _ = std::io::stdout().write_all(text.as_bytes());
    0
}

/// `--show-config`: the merged configuration with every rule's effective
/// level and options spelled out.
fn show_config(config: &config::Config, rules: &RuleSet) -> i32 {
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
    match toml::to_string(&effective) {
        Ok(toml) => {
            print!("{}", text::guard_text(&text::visible_lines(&toml)));
            0
        }
        Err(e) => fail(&format!("cannot print the configuration: {e}"), None, None),
    }
}

fn builtin_rules() -> Result<RuleSet, i32> {
    RuleSet::load(&config::Config::default(), Vec::new())
        .map_err(|e| fail(&e.to_string(), None, None))
}

fn rules_command() -> i32 {
    let rules = match builtin_rules() {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let mut out = String::new();
    let width = rules.rules.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for rule in &rules.rules {
        let on: Vec<&str> = rule.reported_on().iter().map(|k| k.as_str()).collect();
        out.push_str(&format!(
            "{:width$}  {:7}  {:12}  {}\n",
            rule.id(),
            rule.file.level.as_str(),
            on.join(", "),
            rule.file.summary,
        ));
    }
    out.push_str("\n`planlint rule ID` explains one rule.\n");
    print!("{out}");
    0
}

fn rule_command(id: &str) -> i32 {
    let rules = match builtin_rules() {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let Some(rule) = rules.get(id) else {
        let known: Vec<&str> = rules.rules.iter().map(|r| r.id()).collect();
        let help = match rules::did_you_mean(id, &known) {
            Some(close) => format!("did you mean `{close}`? `planlint rules` lists every rule"),
            None => "`planlint rules` lists every rule".to_string(),
        };
        return fail(&format!("unknown rule `{id}`"), Some(&help), None);
    };
    print!("{}", explain(rule));
    0
}

/// `planlint rule ID`: the rule's documentation as plain text.
fn explain(rule: &rules::Rule) -> String {
    let doc = &rule.file.doc;
    let on: Vec<&str> = rule.reported_on().iter().map(|k| k.as_str()).collect();
    let mut out = format!(
        "{} ({}, on {})\n\n{}\n",
        rule.id(),
        rule.file.level.as_str(),
        on.join(", "),
        rule.file.summary
    );
    for (title, text) in [
        ("What it checks", &doc.what),
        ("Why", &doc.why),
        ("How to fix", &doc.fix),
    ] {
        if !text.trim().is_empty() {
            out.push_str(&format!("\n{title}:\n{}\n", indent(text.trim())));
        }
    }
    out.push_str(&format!(
        "\nOptions (under [rules.{}] in planlint.toml):\n",
        rule.id()
    ));
    for (name, value) in &rule.file.options {
        let about = doc.options.get(name).map(String::as_str).unwrap_or("");
        out.push_str(&format!("  {name} = {value}\n"));
        if !about.is_empty() {
            out.push_str(&format!("      {about}\n"));
        }
    }
    out.push_str(&format!(
        "  level = \"{}\"  (error, warning or off)\n",
        rule.file.level.as_str()
    ));
    for (title, files) in [("Fails", &doc.fails), ("Passes", &doc.passes)] {
        for file in files.iter() {
            out.push_str(&format!(
                "\n{title}: {}\n{}\n",
                file.path,
                indent(file.text.trim_end())
            ));
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
