//! The command line: parses arguments into requests for [`crate::run`],
//! prints what comes back, and returns the exit code (0 clean, 1 findings,
//! 2 usage/config/internal).

use crate::check;
use crate::config;
use crate::report::{self, RenderOptions, Report};
use crate::rules::{self, RuleSet};
use crate::run;
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
    /// Draw the organisation's plan with its findings: teams against the size
    /// limit, goals per team by status, owners against the load limit, what is missing.
    Report(ReportArgs),
    /// Write a commented planlint.toml: with an example team and goal when
    /// there is no plan yet, with guessed `[[source]]` entries when documents
    /// in another layout are there. Never overwrites a file.
    Init {
        /// The folder to initialise.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Print what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a new team or goal document from a template (`TBD` marks what
    /// to fill in). Never overwrites a file.
    New(NewArgs),
    /// Install a git pre-commit hook that runs `planlint check --staged`.
    /// Never overwrites a hook that is not planlint's (see --chain).
    InstallHook(HookArgs),
    /// List every rule.
    Rules,
    /// Print the JSON Schema of planlint.toml (for editor completion and validation).
    Schema,
    /// Print a completion script for SHELL, e.g. `planlint completions bash > /etc/bash_completion.d/planlint`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print planlint's man page (roff), e.g. `planlint man > /usr/local/share/man/man1/planlint.1`.
    Man,
    /// Explain one rule: what it checks, why, its options and examples.
    Rule {
        /// The rule id, e.g. `team-size`.
        id: String,
    },
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
    format: OutputFormat,
    /// Also write FORMAT to FILE (repeatable), e.g. `--output sarif:planlint.sarif`.
    #[arg(long, value_name = "FORMAT:FILE", value_parser = parse_output)]
    output: Vec<(OutputFormat, PathBuf)>,
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
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "output"])]
    write_baseline: Option<PathBuf>,
    /// Print the effective configuration (defaults, files it extends, overrides) and exit.
    #[arg(long)]
    show_config: bool,
    /// Make a source or glob that matches no file an error (exit code 2), not a warning.
    #[arg(long)]
    strict: bool,
    /// Print the findings only: no summary line, no warnings on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Instead of the findings, print how many each rule has, most first.
    #[arg(long)]
    statistics: bool,
    /// Take planlint.toml and the rule folders from this trusted revision
    /// (in CI: the pull request's base), not from what is checked; a change
    /// to them is called out in the output.
    #[arg(long, value_name = "REV")]
    config_rev: Option<String>,
    #[command(flatten)]
    inputs: IssueInputs,
}

/// Issue metadata from outside the plan's files.
#[derive(clap::Args, Clone, Debug)]
struct IssueInputs {
    /// Also read this issue export (`gh issue list --json ...`), outside the configured globs (repeatable).
    #[arg(long = "issues", value_name = "FILE")]
    issues: Vec<PathBuf>,
    /// Check the pull request in this GitHub event payload. In GitHub Actions,
    /// GITHUB_EVENT_PATH is read on `pull_request` and `pull_request_target` events.
    #[arg(long, value_name = "FILE")]
    event: Option<PathBuf>,
}

/// Arguments of `planlint install-hook` (see [`crate::hook::HookOptions`]).
#[derive(clap::Args, Debug)]
struct HookArgs {
    /// A path inside the plan to check; the hook checks the plan holding it.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The pre-commit hook exists and is not planlint's: add planlint's check to
    /// it (once; again updates it) instead of refusing.
    #[arg(long, conflicts_with = "uninstall")]
    chain: bool,
    /// Remove planlint's hook, or the lines `--chain` added; nothing else.
    #[arg(long)]
    uninstall: bool,
    /// Block a commit for any finding in the plan, old ones included; by
    /// default the hook checks only a commit that stages a planning file or
    /// the config, and reports what it introduces.
    #[arg(long, conflicts_with = "uninstall")]
    whole_plan: bool,
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
struct ReportArgs {
    #[command(flatten)]
    plan: EntitiesArgs,
    /// `markdown` (Mermaid charts GitHub draws), `html` (one self-contained
    /// page) or `json` (for scripts).
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Markdown,
    Html,
    Json,
}

#[derive(clap::Args, Debug)]
struct NewArgs {
    #[arg(value_enum)]
    kind: NewKind,
    /// The goal's title or the team's name; the id is its slug
    /// (`"Faster onboarding"` is `faster-onboarding`).
    title: String,
    /// The goal's team (`TBD` when not given).
    #[arg(long)]
    team: Option<String>,
    /// The goal's owner, e.g. `@ana` (`TBD` when not given).
    #[arg(long)]
    owner: Option<String>,
    /// The goal's quarter, e.g. `2026-Q4`.
    #[arg(long)]
    quarter: Option<String>,
    /// The team's lead, e.g. `@ana` (`TBD` when not given).
    #[arg(long)]
    lead: Option<String>,
    /// A path inside the plan.
    #[arg(long, default_value = ".")]
    path: PathBuf,
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

/// `--format` and `--output FORMAT:FILE`: the reporters' formats, by the
/// names users type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

impl OutputFormat {
    fn report(self) -> report::Format {
        match self {
            OutputFormat::Human => report::Format::Human,
            OutputFormat::Concise => report::Format::Concise,
            OutputFormat::Json => report::Format::Json,
            OutputFormat::Sarif => report::Format::Sarif,
            OutputFormat::Github => report::Format::Github,
            OutputFormat::Gitlab => report::Format::Gitlab,
            OutputFormat::Junit => report::Format::Junit,
            OutputFormat::Markdown => report::Format::Markdown,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_output(text: &str) -> Result<(OutputFormat, PathBuf), String> {
    let (format, file) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not FORMAT:FILE, e.g. `sarif:planlint.sarif`"))?;
    let format = OutputFormat::from_str(format, true).map_err(|_| {
        format!("unknown format `{format}`; use human, concise, json, sarif, github, gitlab, junit or markdown")
    })?;
    if file.is_empty() {
        return Err("the file name after `:` is empty".into());
    }
    Ok((format, PathBuf::from(file)))
}

/// Runs planlint and returns the process exit code.
pub fn main() -> i32 {
    bound_threads();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version go to standard output, checked as every
        // command's output is: clap's own printing ignores a full disk.
        Err(e) if !e.use_stderr() => {
            let styled = e.render();
            let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            return print_out(&if color {
                styled.ansi().to_string()
            } else {
                styled.to_string()
            });
        }
        Err(e) => {
            let _ = e.print();
            return 2;
        }
    };
    match cli.command {
        Command::Check(args) => check_command(args),
        Command::Entities(args) => entities_command(args),
        Command::Report(args) => report_command(args),
        Command::Init { path, dry_run } => init_command(&path, dry_run),
        Command::New(args) => new_command(&args),
        Command::InstallHook(args) => match crate::hook::run(&crate::hook::HookOptions {
            path: args.path,
            chain: args.chain,
            uninstall: args.uninstall,
            whole_plan: args.whole_plan,
        }) {
            Ok(message) => print_out(&format!(
                "{}\n",
                text::guard_text(&text::visible_lines(&message))
            )),
            Err(e) => fail(&e.message, e.help.as_deref(), None),
        },
        Command::Rules => rules_command(),
        Command::Schema => print_out(&config::json_schema()),
        Command::Rule { id } => rule_command(&id),
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics on a failed write (a
            // closed pipe, as in `planlint completions bash | head`).
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "planlint", &mut script);
            let mut out = std::io::stdout().lock();
            written(out.write_all(&script).and_then(|()| out.flush()))
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            let mut out = std::io::stdout().lock();
            written(page.render(&mut out).and_then(|()| out.flush()))
        }
    }
}

/// The most threads a run uses: more only add their own cost (2,048 from
/// `RAYON_NUM_THREADS` took a 0.3 s check to 41 s).
const MAX_THREADS: usize = 64;

/// Starts the thread pool with the cores, or `RAYON_NUM_THREADS`, up to
/// [`MAX_THREADS`]. A pool that cannot be built leaves rayon's default.
fn bound_threads() {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let wanted = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|&threads| threads > 0)
        .unwrap_or(cores);
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(wanted.min(MAX_THREADS))
        .build_global();
}

/// Writes `text` to standard output; see [`written`].
fn print_out(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// The exit code of a write to standard output: 0, or 2 when it failed. A
/// reader that stops early (`| head`) needs no word; any other failure (a
/// full disk) is said, so that a lost report is never a silent success.
fn written(result: std::io::Result<()>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 2,
        Err(e) => {
            eprintln!("planlint: error: cannot write the output: {e}");
            2
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
    // Messages quote the config, the plan and the command line: shown with
    // escapes (a line break too: every message is one line, and a name
    // with a line break in it is still one name), the source with `?` for
    // what a terminal would act on (spans stay aligned).
    let mut message = text::visible(message);
    // A line too long to quote (a config of one 200,000-character line)
    // is named by its place instead.
    let place = place.filter(|(name, source, span)| {
        let quotable = line_around(source, span.start).len() <= MAX_QUOTED_LINE;
        if !quotable {
            let at = crate::diagnostic::LineIndex::new(source).position(source, span.start);
            message = format!(
                "{message} (at {}:{}:{})",
                text::path(name),
                at.line,
                at.column
            );
        }
        quotable
    });
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

/// The longest line an error quotes, in bytes.
const MAX_QUOTED_LINE: usize = 1_000;

/// The line of `text` that holds byte `at`, without its line break.
fn line_around(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or("")
}

fn failure(f: &run::Failure) -> i32 {
    match &f.place {
        Some(place) => fail(
            &f.message,
            f.help.as_deref(),
            Some((&place.name, &place.text, place.span.clone())),
        ),
        None => fail(&f.message, f.help.as_deref(), None),
    }
}

fn issue_inputs(inputs: IssueInputs) -> run::IssueInputs {
    run::IssueInputs {
        issues: inputs.issues,
        event: inputs.event,
    }
}

/// The one line for a check skipped because nothing staged changes the plan.
pub const PLAN_UNCHANGED: &str = "planlint: nothing staged changes a planning file or the config, so the plan was not checked (without `--diff-base` it is checked whole)";

fn check_command(args: CheckArgs) -> i32 {
    let request = run::CheckRequest {
        path: args.path,
        config: args.config,
        staged: args.staged,
        rev: args.rev,
        diff_base: args.diff_base,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        show_config: args.show_config,
        config_rev: args.config_rev,
        inputs: issue_inputs(args.inputs),
        may_skip: args.output.is_empty()
            && matches!(args.format, OutputFormat::Human | OutputFormat::Concise),
    };
    let mut warnings = Vec::new();
    let checked = run::check(&request, &mut |w: &[String]| warnings.extend_from_slice(w));
    if checked.is_ok() && args.strict && !warnings.is_empty() {
        for warning in &warnings {
            eprintln!("planlint: error: {} (--strict)", text::visible(warning));
        }
        return 2;
    }
    if !args.quiet {
        print_warnings(&warnings);
    }
    let findings = match checked {
        Ok(run::Checked::Findings(findings)) => findings,
        Ok(run::Checked::Config(toml)) => {
            return print_out(&text::guard_toml(&toml));
        }
        Ok(run::Checked::PlanUnchanged) => {
            if !args.quiet {
                eprintln!("{PLAN_UNCHANGED}");
            }
            return 0;
        }
        Ok(run::Checked::BaselineWritten { count, file }) => {
            eprintln!(
                "planlint: recorded {} in {}",
                report::plural(count, "finding"),
                crate::text::visible(&file.display().to_string())
            );
            return 0;
        }
        Err(e) => return failure(&e),
    };
    if !args.quiet {
        print_warnings(&findings.notices);
    }
    let outcome = &findings.outcome;
    let writes = |wanted: OutputFormat| {
        args.format == wanted || args.output.iter().any(|(format, _)| *format == wanted)
    };
    // Only the human format quotes the lines of the files: no other pays
    // for a map of every file's text (110,000 paths sorted on one core at
    // the end of a 100,000-goal check).
    let sources = if writes(OutputFormat::Human) {
        outcome.plan.sources()
    } else {
        std::collections::BTreeMap::new()
    };
    // Only JUnit lists the checked entities: no other format pays for a
    // line per entity.
    let checked = if writes(OutputFormat::Junit) {
        outcome.checked()
    } else {
        Vec::new()
    };
    let metas = outcome.rules.metas();
    let version = env!("CARGO_PKG_VERSION");
    let report = Report {
        diagnostics: &outcome.diagnostics,
        sources: &sources,
        checked: &checked,
        rules: &metas,
        summary: outcome.summary,
        tool_version: version,
        trust: findings.trust.as_ref(),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let fail_on = match args.fail_on {
        FailOn::Error => report::FailOn::Error,
        FailOn::Warning => report::FailOn::Warning,
        FailOn::Never => report::FailOn::Never,
    };
    let (width, dirs) = (output_width(), current_dir(&findings.root));
    let current_dir = dirs
        .as_ref()
        .map(|(root, cwd)| report::CurrentDir { root, cwd });
    for (format, file) in &args.output {
        let options = RenderOptions {
            color: false,
            path_prefix: &findings.path_prefix,
            fail_on,
            width,
            current_dir,
            quiet: args.quiet,
        };
        let text = report::render(format.report(), &report, options);
        if let Err(e) = findings.write_output(file, &text) {
            return failure(&e);
        }
    }
    let options = RenderOptions {
        color,
        path_prefix: &findings.path_prefix,
        fail_on,
        width,
        current_dir,
        quiet: args.quiet,
    };
    let note_in_band = matches!(
        args.format,
        OutputFormat::Human | OutputFormat::Json | OutputFormat::Github | OutputFormat::Markdown
    );
    if let Some(note) = findings
        .trust
        .as_ref()
        .and_then(|t| t.note())
        .filter(|_| !note_in_band)
    {
        eprintln!("planlint: note: {note}");
    }
    let mut stdout = std::io::stdout().lock();
    let result = if args.statistics {
        stdout.write_all(report::statistics(&report).as_bytes())
    } else {
        report::write(args.format.report(), &report, options, &mut stdout)
    };
    if written(result.and_then(|_| stdout.flush())) != 0 {
        return 2;
    }
    let code = run::exit_code(&outcome.diagnostics, fail_on);
    // The process exits next: freeing a large plan piece by piece costs a
    // few percent of the run, and the system takes the memory back at once.
    drop((sources, checked, metas));
    std::mem::forget(findings);
    code
}

/// Loads and checks the plan for the commands that show it.
fn load_plan(args: &EntitiesArgs) -> Result<crate::check::Outcome, i32> {
    let inputs = issue_inputs(args.inputs.clone());
    run::load_plan(&args.path, args.config.as_deref(), &inputs)
        .map_err(|e| failure(&e))
        .inspect(|outcome| print_warnings(&outcome.warnings))
}

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

/// Configuration warnings (a source that reads no file), on stderr.
fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("planlint: warning: {}", text::visible(warning));
    }
}

fn report_command(args: ReportArgs) -> i32 {
    let outcome = match load_plan(&args.plan) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    if outcome.plan.entities.is_empty() {
        return no_plan(&outcome);
    }
    let overview = crate::overview::Overview::of(&outcome);
    let text = match args.format {
        ReportFormat::Markdown => {
            text::guard_markdown(&crate::overview::render_markdown(&overview))
        }
        ReportFormat::Html => text::guard_xml(&crate::overview::render_html(&overview)),
        ReportFormat::Json => text::guard_json(crate::overview::render_json(&overview)),
    };
    print_out(&text)
}

/// A plan with nothing in it: says which files were looked for and how to
/// read another layout.
fn no_plan(outcome: &check::Outcome) -> i32 {
    let globs: Vec<String> = outcome
        .sources
        .list
        .iter()
        .flat_map(|s| s.paths.iter().map(|g| format!("`{g}`")))
        .collect();
    fail(
        &format!(
            "no team, goal or issue found; planlint looked for {}",
            globs.join(", ")
        ),
        Some("`planlint init` writes an example plan, or guesses `[[source]]` entries for documents in another layout; the README's \"Sources\" says how to write them"),
        None,
    )
}

/// What the guessed sources read, and the rules every goal fails with them.
fn fit_summary(fit: &crate::init::Fit) -> String {
    let teams = match fit.teams {
        0 => String::new(),
        n => format!(" and {}", crate::report::plural(n, "team")),
    };
    let mut out = format!(
        "\nWith the guessed sources, planlint reads {}{teams}.\n",
        crate::report::plural(fit.goals, "goal")
    );
    for (kind, name) in [
        (crate::diagnostic::EntityKind::Goal, "goal"),
        (crate::diagnostic::EntityKind::Team, "team"),
    ] {
        let rules: Vec<&str> = (fit.misfits.iter())
            .filter(|misfit| misfit.kind == kind)
            .map(|misfit| misfit.rule.as_str())
            .collect();
        if !rules.is_empty() {
            out.push_str(&format!("Every {name} fails {}.\n", rules.join(", ")));
        }
    }
    if !fit.misfits.is_empty() {
        out.push_str(
            "planlint.toml says how to map your names onto planlint's, or turn a rule off.\n",
        );
    }
    out
}

fn init_command(path: &std::path::Path, dry_run: bool) -> i32 {
    let root = match source::find_root(path) {
        Ok(root) => root,
        Err(e) => return fail(&e.message, e.help.as_deref(), None),
    };
    let snapshot = match source::Snapshot::open(&root.dir, Mode::Worktree) {
        Ok(snapshot) => snapshot,
        Err(e) => return fail(&e.message, e.help.as_deref(), None),
    };
    let plan = crate::init::plan_init(&snapshot);
    let mut out = String::new();
    if plan.files.is_empty() {
        let name = plan.existing.unwrap_or("planlint.toml");
        let full = snapshot.root.join(name);
        let dangling = full.symlink_metadata().is_ok() && full.metadata().is_err();
        if dangling {
            out.push_str(&format!(
                "{name} is a symlink to nothing; nothing to do (planlint never writes through a symlink): remove it, then run `planlint init` again\n"
            ));
        } else {
            out.push_str(&format!(
                "{name} exists; nothing to do (planlint never overwrites a file)\n"
            ));
        }
    }
    for file in &plan.files {
        if dry_run {
            out.push_str(&format!("would create {}:\n{}\n", file.path, file.text));
            continue;
        }
        let full = snapshot.root.join(&file.path);
        match crate::scaffold::create(&snapshot.root, &full, &file.text) {
            Ok(crate::scaffold::Written::Created(_)) => {
                out.push_str(&format!("created {}\n", file.path));
            }
            Ok(crate::scaffold::Written::Kept(_)) => out.push_str(&format!(
                "kept {} (it exists; planlint never overwrites)\n",
                file.path
            )),
            Err(e) => return fail(&e, None, None),
        }
    }
    if let (false, Some(fit)) = (plan.files.is_empty(), &plan.fit) {
        out.push_str(&fit_summary(fit));
    }
    if plan.looked_at > 0 {
        let files = if plan.looked_at == 1 { "file" } else { "files" };
        out.push_str(&format!(
            "\nplanlint looked at {} Markdown and data {files} and found no team or goal it can read: none names an owner (or a team's members) in a way it knows. planlint.toml says which ways those are; list [[source]] entries there for your documents, or start from the example team and goal.\n",
            plan.looked_at
        ));
    }
    if !plan.files.is_empty() {
        out.push_str(if plan.guessed {
            "\nNext:\n  planlint entities     check that the guessed sources find your goals\n  planlint check        lint the plan\n"
        } else {
            "\nNext:\n  planlint check        lint the plan; each `TBD` is reported until you fill it in\n  planlint new goal \"Title\" --team example-team --owner @you\n"
        });
        out.push_str("  planlint install-hook check what you commit\n  CI: add `uses: planlint/planlint@v1` to a pull-request workflow (see the README)\n");
    }
    print_out(&text::guard_text(&text::visible_lines(&out)))
}

fn new_command(args: &NewArgs) -> i32 {
    let misplaced = match args.kind {
        NewKind::Team => [
            ("--team", args.team.is_some()),
            ("--owner", args.owner.is_some()),
            ("--quarter", args.quarter.is_some()),
        ]
        .iter()
        .find(|(_, given)| *given)
        .map(|(flag, _)| (*flag, "team")),
        NewKind::Goal => args.lead.is_some().then_some(("--lead", "goal")),
    };
    if let Some((flag, kind)) = misplaced {
        return fail(
            &format!("`{flag}` does not apply to a {kind}"),
            Some("a goal takes --team, --owner and --quarter; a team takes --lead"),
            None,
        );
    }
    let outcome = match load_plan(&EntitiesArgs {
        path: args.path.clone(),
        config: None,
        inputs: IssueInputs {
            issues: Vec::new(),
            event: None,
        },
    }) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    let kind = match args.kind {
        NewKind::Team => crate::diagnostic::EntityKind::Team,
        NewKind::Goal => crate::diagnostic::EntityKind::Goal,
    };
    let id = match crate::scaffold::new_id(&outcome.plan, kind, &args.title) {
        Ok(id) => id,
        Err(e) => return fail(&e, Some("choose another title"), None),
    };
    let spec = crate::scaffold::GoalSpec {
        title: &args.title,
        team: args.team.as_deref(),
        owner: args.owner.as_deref(),
        quarter: args.quarter.as_deref(),
    };
    let problem = match args.kind {
        NewKind::Team => crate::scaffold::team_problem(args.lead.as_deref()),
        NewKind::Goal => crate::scaffold::goal_problem(&outcome.plan, &spec),
    };
    if let Some((message, help)) = problem {
        return fail(&message, Some(help), None);
    }
    let text = match args.kind {
        NewKind::Team => crate::scaffold::team_document(&args.title, args.lead.as_deref()),
        NewKind::Goal => crate::scaffold::goal_document(&id, &spec),
    };
    let root = match source::find_root(&args.path) {
        Ok(root) => root,
        Err(e) => return fail(&e.message, e.help.as_deref(), None),
    };
    let relative = crate::scaffold::canonical_path(kind, &id);
    match crate::scaffold::create(&root.dir, &root.dir.join(&relative), &text) {
        Ok(crate::scaffold::Written::Created(_)) => {
            let code = print_out(&format!(
                "created {relative}; fill in each `TBD`, then run `planlint check`\n"
            ));
            if outcome.sources.source_of(&relative).is_none() {
                eprintln!("planlint: warning: no `[[source]]` in planlint.toml reads {relative}; move it where your plan is, or add a source for it");
            }
            code
        }
        Ok(crate::scaffold::Written::Kept(_)) => fail(
            &format!("`{relative}` exists; planlint never overwrites a file"),
            Some("choose another title"),
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
        EntitiesFormat::Json => text::guard_json(crate::entities::render_json(&outcome)),
    };
    print_out(&text)
}

fn builtin_rules() -> Result<RuleSet, i32> {
    RuleSet::load(&config::Config::default().rules, Vec::new())
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
    print_out(&out)
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
    print_out(&explain(rule))
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
            if let Some(days) = file.unchanged_days {
                out.push_str(&format!("Unchanged for: {days} days\n"));
            }
            if let Some(message) = &file.message {
                out.push_str(&format!("Reports: {message}\n"));
            }
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
