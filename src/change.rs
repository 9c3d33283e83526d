//! `--diff-base REV`: report only what a change introduced.
//!
//! A finding is reported when the document it is in was added, modified or
//! renamed since the merge base of REV and the checked revision, or when the
//! same finding (rule, entity, message with numbers masked — the baseline's
//! key) did not exist at the merge base. The second part catches findings a
//! change causes elsewhere: a team file edited so that an untouched goal's
//! owner is no longer a member, a goal moved to `in-progress` that puts its
//! team over the focus limit. An untouched old violation stays quiet.
//! Findings on the pull request and on `--issues` exports are always in
//! scope: they are not part of the plan's history.

use crate::baseline;
use crate::check::{self, Extra, Extracted, Outcome, RunError};
use crate::config::{ConfigError, Loaded};
use crate::diagnostic::{Diagnostic, EntityKind};
use crate::extract::Sources;
use crate::rules::RuleSet;
use crate::source::{ChangedSince, Mode, Snapshot};
use std::collections::HashSet;

/// Identifies one diagnostic of one run.
type Place<'d> = (&'d str, usize, usize, &'d str, &'d str);

fn place(d: &Diagnostic) -> Place<'_> {
    (&d.path, d.start.line, d.start.column, &d.rule, &d.message)
}

/// The checked revision's plan at the merge base of `base`: the same config
/// and rules, run on the files as they were. It reads nothing of the checked
/// outcome, so it runs beside the check of the snapshot itself.
pub struct Before {
    changed: ChangedSince,
    outcome: Outcome,
}

/// The merge base's snapshot, opened, with what changed since it and the
/// config's sources to read it with.
pub struct Base {
    changed: ChangedSince,
    snapshot: Snapshot,
    sources: Sources,
}

/// The merge base's plan, read.
pub struct ReadBase {
    changed: ChangedSince,
    snapshot: Snapshot,
    extracted: Extracted,
}

/// Finds the merge base of `base` and the checked revision, and lists its
/// files as the config's `sources` see them. It reads nothing of the plan,
/// so it runs beside the plan's extraction.
pub fn open_base(
    snapshot: &Snapshot,
    loaded: &Loaded,
    sources: Sources,
    base: &str,
) -> Result<Base, RunError> {
    let mut changed = snapshot.changed_paths(base)?;
    let base_snapshot = Snapshot::open_filtered(
        &snapshot.root,
        Mode::Rev(changed.merge_base.clone()),
        &check::listing_filter(loaded),
    )?;
    // A goal file that is a symlink reads as its target: a change to the
    // target changes the goal, though the diff shows none at its path.
    let through_links = match changed.by_content {
        true => snapshot.changed_by_content(&base_snapshot),
        false => snapshot.changed_through_links(&base_snapshot, &changed),
    };
    changed.paths.extend(through_links);
    let snapshot = base_snapshot;
    Ok(Base {
        changed,
        snapshot,
        sources,
    })
}

/// Reads the merge base's plan. Most of a pull request's files are the same
/// at its merge base: those are taken from the plan's own extraction
/// (`plan`), the files the diff shows unchanged, instead of being read
/// and parsed twice.
pub fn read_base(
    base: Base,
    loaded: &Loaded,
    rules: &RuleSet,
    plan: &Extracted,
) -> Result<ReadBase, RunError> {
    let Base {
        changed,
        snapshot,
        sources,
    } = base;
    let known = check::Known {
        plan,
        changed: &changed,
    };
    let extracted = check::extract_in(
        &snapshot,
        loaded,
        sources,
        rules,
        Extra::default(),
        Some(known),
    )?;
    Ok(ReadBase {
        changed,
        snapshot,
        extracted,
    })
}

/// Checks the merge base's plan with the same config and rules.
pub fn check_base(base: ReadBase, loaded: &Loaded, rules: RuleSet) -> Result<Before, RunError> {
    let outcome = check::check_extracted(&base.snapshot, loaded, rules, base.extracted)?;
    Ok(Before {
        changed: base.changed,
        outcome,
    })
}

/// Narrows `outcome` to the findings the change since the merge base
/// introduced.
pub fn restrict(outcome: &mut Outcome, snapshot: &Snapshot, before: &Before) {
    let Before {
        changed,
        outcome: base,
    } = before;
    let plan_paths: HashSet<&str> = snapshot.paths.iter().map(String::as_str).collect();
    // What `--baseline` of the merge base's findings lets through.
    let new: HashSet<Place> = baseline::not_in(&base.diagnostics, &outcome.diagnostics)
        .into_iter()
        .map(place)
        .collect();
    let keep: Vec<bool> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            changed.contains(&d.path)
                || d.entity.kind == EntityKind::PullRequest
                || !plan_paths.contains(&*d.path)
                || new.contains(&place(d))
        })
        .collect();
    let mut keep = keep.into_iter();
    outcome.diagnostics.retain(|_| keep.next().unwrap_or(true));
    outcome.recount();
}

/// Whether `--staged --diff-base HEAD` (the pre-commit hook's check) can
/// skip reading the plan: the index differs from HEAD in no file a source
/// matches (deleted and renamed ones included), no config file that was read
/// (`config_files`, as `Snapshot::read_named` took them), no root
/// `planlint.toml`/`.planlint.toml` and no file in a rule folder. Both sides
/// of the comparison would then hold the same files, config and "now", so
/// the check could only report nothing. `false` for any other base or mode.
/// `sources` are the config's, compiled, or why they do not compile.
pub fn staged_leaves_plan_unchanged(
    snapshot: &Snapshot,
    loaded: &Loaded,
    sources: &Result<Sources, ConfigError>,
    config_files: &[String],
    base: &str,
) -> Result<bool, RunError> {
    let Some(changes) = snapshot.staged_changes(base)? else {
        return Ok(false);
    };
    let sources = sources.as_ref().map_err(|e| RunError::Config(e.clone()))?;
    let rule_dirs: Vec<String> = loaded
        .config
        .rule_dirs
        .iter()
        .map(|dir| {
            let dir = dir.trim_start_matches("./").trim_end_matches('/');
            if dir.is_empty() || dir == "." {
                String::new()
            } else {
                format!("{dir}/")
            }
        })
        .collect();
    let touches_plan = changes.in_root().any(|path| {
        sources.source_of(path).is_some()
            || matches!(path, "planlint.toml" | ".planlint.toml")
            || rule_dirs.iter().any(|dir| path.starts_with(dir.as_str()))
    }) || config_files.iter().any(|name| changes.contains_named(name));
    // A planning file that is a symlink reads as its target, which may be
    // any file: its change is not told apart here, so the plan is checked.
    let linked = || (snapshot.symlinks().iter()).any(|path| sources.source_of(path).is_some());
    Ok(!touches_plan && !linked())
}
