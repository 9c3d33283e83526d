//! planlint: a linter for the planning files a product organisation keeps in git.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`source`] finds the planning files (work tree, index or a commit) and
//!    reads their bytes, plus the git facts the rules need (now, file ages).
//! 2. [`parse`] turns each file into records (one per team, goal or issue as
//!    written) whose every field keeps its byte span.
//! 3. [`model`] builds the plan: entities with ids, people and cross-references.
//! 4. [`rules`] runs the declarative rules (built-in ones from `rules/`, and
//!    the organisation's own) over the plan and yields [`diagnostic::Diagnostic`]s.
//! 5. [`report`] renders diagnostics in the chosen format.
//!
//! [`config`] holds `planlint.toml`; [`cli`] wires the stages together.
//! [`text`] makes untrusted text safe to print; [`crash`] turns a panic into
//! an internal error.

#![forbid(unsafe_code)]

pub mod baseline;
pub mod change;
pub mod check;
pub mod cli;
pub mod config;
pub mod crash;
pub mod diagnostic;
pub mod hook;
pub mod model;
pub mod overview;
pub mod parse;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod source;
pub mod suppress;
pub mod text;
pub mod write;
