//! Stage 5: render diagnostics. Reporters format; they never judge.

use crate::diagnostic::{Diagnostic, EntityRef};
use crate::text;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod statistics;

pub use statistics::render as statistics;

#[cfg(test)]
mod tests;

/// Output formats of `--format` and `--output FORMAT:FILE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

/// Counts shown in summaries (`summary` in JSON).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub teams: usize,
    pub goals: usize,
    pub issues: usize,
    pub errors: usize,
    pub warnings: usize,
}

pub use crate::diagnostic::{RuleExample, RuleMeta};

/// Everything a reporter may use. Diagnostics are already sorted.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    /// File texts by root-relative path, for source snippets.
    pub sources: &'a BTreeMap<&'a str, &'a str>,
    /// Every checked entity with the path it lives in (JUnit test cases).
    pub checked: &'a [(EntityRef, String)],
    pub rules: &'a [RuleMeta],
    pub summary: Summary,
    pub tool_version: &'a str,
    /// With `--config-rev`: where the config came from and what differs.
    pub trust: Option<&'a ConfigTrust>,
}

/// With `--config-rev`: the config came from a trusted revision, and these
/// config or rule files differ in what was checked (a pull request that
/// edits its own rules says so in every output).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigTrust {
    /// The trusted revision, as given.
    pub revision: String,
    /// Root-relative paths of the config and rule files that differ, sorted.
    pub changed: Vec<String>,
}

impl ConfigTrust {
    /// The sentence every format shows when the checked files change the
    /// config or rules; `None` when they match the trusted revision.
    pub fn note(&self) -> Option<String> {
        self.note_with(|name| format!("`{}`", crate::text::visible(name)))
    }

    /// [`ConfigTrust::note`] with each path and the revision quoted by `code`.
    pub fn note_with(&self, code: impl Fn(&str) -> String) -> Option<String> {
        if self.changed.is_empty() {
            return None;
        }
        let files: Vec<String> = self.changed.iter().map(|p| code(p)).collect();
        Some(format!(
            "this change edits planlint's configuration ({}); the configuration of {} was applied",
            files.join(", "),
            code(&self.revision)
        ))
    }
}

/// Which findings fail the run (`--fail-on`): JUnit shows only those as failures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

impl FailOn {
    /// Whether a finding at `level` makes the exit code 1.
    pub fn fails(self, level: crate::diagnostic::Level) -> bool {
        match self {
            FailOn::Error => level == crate::diagnostic::Level::Error,
            FailOn::Warning => true,
            FailOn::Never => false,
        }
    }
}

/// Rendering choices that do not change what is reported.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions<'a> {
    /// ANSI colour in human output.
    pub color: bool,
    /// The plan's root relative to the git work tree's root, with `/` and no
    /// trailing slash (`examples/demo`); empty when they coincide or outside
    /// git. GitHub resolves `github` annotations and SARIF results against
    /// the repository's root, so those two formats put it before each path;
    /// every other format stays relative to the plan's root.
    pub path_prefix: &'a str,
    /// The run's `--fail-on`.
    pub fail_on: FailOn,
    /// Columns the human output may use; 0 means [`DEFAULT_WIDTH`].
    pub width: usize,
    /// Where planlint runs, for human and concise paths; `None` shows them
    /// relative to the plan's root.
    pub current_dir: Option<CurrentDir<'a>>,
    /// `--quiet`: human output shows the findings and no summary line.
    pub quiet: bool,
}

/// The width of human output when it goes to no terminal and `COLUMNS` is unset.
pub const DEFAULT_WIDTH: usize = 80;

/// The plan's root and the current directory, both absolute and canonical:
/// human and concise output print paths relative to the current directory,
/// as rustc and ruff do, so a terminal or editor can open them as printed.
#[derive(Clone, Copy, Debug)]
pub struct CurrentDir<'a> {
    pub root: &'a std::path::Path,
    pub cwd: &'a std::path::Path,
}

/// `path` (relative to the plan's root) as seen from the current directory:
/// `org/plan/planning/a.md` from the repository's root, `a.md` from
/// `planning/`, `../planning/a.md` from a sibling. Pseudo-paths and paths
/// outside the plan stay as they are.
fn shown_path<'p>(options: &RenderOptions, path: &'p str) -> Cow<'p, str> {
    let Some(CurrentDir { root, cwd }) = options.current_dir else {
        return Cow::Borrowed(path);
    };
    if root == cwd || outside_the_plan(path) {
        return Cow::Borrowed(path);
    }
    let target = root.join(path);
    let mut to = target.components().peekable();
    let mut from = cwd.components().peekable();
    while let (Some(a), Some(b)) = (from.peek(), to.peek()) {
        if a != b {
            break;
        }
        from.next();
        to.next();
    }
    let parts: Vec<String> = from
        .map(|_| "..".to_string())
        .chain(to.map(|c| c.as_os_str().to_string_lossy().into_owned()))
        .collect();
    Cow::Owned(parts.join("/"))
}

/// A pseudo-path (`(pull request #12)`) or a file outside the plan's root
/// (`/tmp/issues.json`, `../issues.json`, as a command line named it).
fn outside_the_plan(path: &str) -> bool {
    path.starts_with(['(', '/', '\\'])
        || path == ".."
        || path.starts_with("../")
        || matches!(path.as_bytes(), [drive, b':', b'/' | b'\\', ..] if drive.is_ascii_alphabetic())
}

/// Renders the report in `format`. The same report gives the same bytes.
/// Whatever a reporter wrote, the result shows no unprintable character raw
/// and has no line a CI runner reads as a command (see [`crate::text`]); the
/// `github` format escapes its annotations' text itself.
pub fn render(format: Format, report: &Report, options: RenderOptions) -> String {
    match format {
        Format::Human => text::guard_text(&human::render(report, options)),
        Format::Concise => text::guard_text(&concise::render(report, &options)),
        Format::Json => text::guard_json(json::render(report)),
        Format::Sarif => text::guard_json(sarif::render(report, options.path_prefix)),
        Format::Github => github::render(report, options.path_prefix),
        Format::Gitlab => text::guard_json(gitlab::render(report, options.path_prefix)),
        Format::Junit => {
            text::guard_xml(&junit::render(report, options.path_prefix, options.fail_on))
        }
        Format::Markdown => text::guard_markdown(&markdown::render(report)),
    }
}

/// Writes the report in `format` to `out`: the bytes of [`render`]. JSON is
/// written a part at a time, each part guarded as the whole would be (a
/// part ends after a finding, so every unprintable character and `##[`
/// lies whole inside one part): it is the format of large reports.
pub fn write(
    format: Format,
    report: &Report,
    options: RenderOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, &text::guard_json_str, &mut |part: &str| {
            out.write_all(part.as_bytes())
        }),
        Format::Human => human::write(report, options, &guard_text_piece, &mut |part: &str| {
            out.write_all(part.as_bytes())
        }),
        _ => out.write_all(render(format, report, options).as_bytes()),
    }
}

/// [`text::guard_text`] as [`write_in_pieces`] takes a guard.
fn guard_text_piece(text: &str) -> Cow<'_, str> {
    Cow::Owned(text::guard_text(text))
}

/// Renders `diagnostics` a piece of [`PIECE_FINDINGS`] at a time with
/// `render` (given the piece's first index), guards each piece, and hands
/// the pieces to `part` in order. A window of pieces is rendered on every
/// core at once: a large report is thousands of findings drawn after the
/// parallel work, and a window, not the whole report, bounds the memory.
/// `guard` must give the same bytes piece by piece as on the whole, which
/// holds for the guards of [`crate::text`] when pieces end at a line break.
fn write_in_pieces(
    diagnostics: &[Diagnostic],
    render: &(dyn Fn(&mut String, usize, &[Diagnostic]) + Sync),
    guard: &(dyn for<'t> Fn(&'t str) -> Cow<'t, str> + Sync),
    part: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let pieces: Vec<(usize, &[Diagnostic])> = diagnostics
        .chunks(PIECE_FINDINGS)
        .enumerate()
        .map(|(number, chunk)| (number * PIECE_FINDINGS, chunk))
        .collect();
    // The same buffers for every window: a new one per piece, made on one
    // core and freed on another, cost more than rendering it.
    let mut rendered: Vec<String> = Vec::new();
    for window in pieces.chunks(WINDOW_PIECES) {
        rendered.resize_with(window.len(), String::new);
        rendered
            .par_iter_mut()
            .zip(window)
            .for_each(|(out, &(first, chunk))| {
                out.clear();
                render(out, first, chunk);
                if let Cow::Owned(guarded) = guard(out) {
                    *out = guarded;
                }
            });
        for piece in &rendered {
            part(piece)?;
        }
    }
    Ok(())
}

/// How many findings [`write_in_pieces`] renders into one piece: about
/// 64 KB of JSON.
const PIECE_FINDINGS: usize = 128;

/// How many pieces [`write_in_pieces`] renders at once.
const WINDOW_PIECES: usize = 16;

/// `path` relative to the repository's root: `prefix/path`. Only a path inside
/// the plan gets the prefix; a pseudo-path (`(pull request #12)`) or a file
/// from outside the plan's root (`/tmp/issues.json`, `../issues.json`, as a
/// command line named it) is no file under the plan, so it stays as it is.
fn repository_path<'p>(prefix: &str, path: &'p str) -> Cow<'p, str> {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || outside_the_plan(path) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("{prefix}/{path}"))
    }
}

/// `1 error`, `2 errors`: counts read the same in every format.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What was checked, e.g. `12 files (3 teams, 9 goals, 40 issues)`.
fn checked_line(summary: &Summary) -> String {
    format!(
        "{} ({}, {}, {})",
        plural(summary.files, "file"),
        plural(summary.teams, "team"),
        plural(summary.goals, "goal"),
        plural(summary.issues, "issue"),
    )
}

/// The closing line of human and Markdown output: what was found, in how
/// many files, and what was checked.
fn summary_line(report: &Report) -> String {
    let summary = &report.summary;
    if summary.errors == 0 && summary.warnings == 0 {
        return format!("No problems found in {}", checked_line(summary));
    }
    let with_findings: std::collections::HashSet<&str> = report
        .diagnostics
        .iter()
        .map(|d| &*d.path)
        .filter(|path| !crate::diagnostic::is_pseudo_path(path))
        .collect();
    format!(
        "{}, {} in {}; checked {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(with_findings.len(), "file"),
        checked_line(summary)
    )
}

/// A fingerprint that survives edits elsewhere in the plan and to the flagged
/// line: it hashes the baseline's key (rule, entity, message with its numbers
/// and the words they chose masked), never where the finding sits, so moving
/// a goal down a file or a team growing from 8 to 9 keeps its SARIF alert
/// and its GitLab issue.
/// 64-bit FNV-1a over length-prefixed fields, so `("ab", "c")` and
/// `("a", "bc")` differ; written out as 16 hex digits.
fn fingerprint(diagnostic: &Diagnostic) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    };
    for field in [
        &*diagnostic.rule,
        diagnostic.entity.kind.as_str(),
        diagnostic.entity.id.as_str(),
        crate::baseline::normalise(diagnostic.identity_text()).as_str(),
    ] {
        feed(&(field.len() as u64).to_le_bytes());
        feed(field.as_bytes());
    }
    format!("{hash:016x}")
}

/// Pretty JSON (two-space indent) ending in a newline. Serialising these plain
/// structs cannot fail (no maps with non-string keys), hence no error path.
///
/// The output of a large plan is megabytes and the last thing a check
/// holds: grown by doubling, it took twice its size at the run's peak of
/// memory. It starts at `findings` times [`JSON_BYTES_PER_FINDING`]
/// instead; room it does not write to is never touched, so costs no memory.
/// The guess is capped: a plan with millions of findings grows the buffer
/// as it is written rather than asking the system for gigabytes up front.
fn to_pretty_json<T: serde::Serialize>(value: &T, findings: usize) -> String {
    let mut out = Vec::with_capacity(json_room(findings));
    if serde_json::to_writer_pretty(&mut out, value).is_err() {
        out.clear();
    }
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

/// The room a JSON report of `findings` starts with (see [`to_pretty_json`]).
fn json_room(findings: usize) -> usize {
    findings
        .saturating_mul(JSON_BYTES_PER_FINDING)
        .min(MAX_JSON_ROOM)
}

/// More than a finding takes in any JSON format (about 470 bytes in
/// `json`, 900 in SARIF for a typical message).
const JSON_BYTES_PER_FINDING: usize = 1024;

/// The most room reserved for a JSON report before it is written: 64 MiB,
/// the report of about 140,000 findings.
const MAX_JSON_ROOM: usize = 64 << 20;
