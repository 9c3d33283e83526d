//! planlint: a linter for the planning files a product organisation keeps in git.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`source`] finds the planning files (work tree, index or a commit) and
//!    reads their bytes, plus the git facts the rules need (now, file ages).
//! 2. [`parse`] reads each file: frontmatter, Markdown blocks, data trees,
//!    every piece with its byte span.
//! 3. [`extract`] cuts entities out of them as each configured source says
//!    (a document, a heading, a table row, a data map) and takes their
//!    fields from the configured origins.
//! 4. [`model`] builds the plan: entities with ids, people and cross-references.
//! 5. [`rules`] runs the declarative rules (built-in ones from `rules/`, and
//!    the organisation's own) over the plan and yields [`diagnostic::Diagnostic`]s.
//! 6. [`report`] renders diagnostics in the chosen format.
//!
//! [`config`] holds `planlint.toml`; [`run`] runs a command from a request
//! (which snapshot, which config, baselines, the exit code); [`cli`] parses
//! arguments into requests and prints the results.
//! [`text`] makes untrusted text safe to print; [`paths`] resolves a path
//! a symlink at a time, for reading and writing; [`crash`] turns a panic into
//! an internal error; [`toml_place`] places config errors on the TOML
//! parser's spans.

#![forbid(unsafe_code)]

pub mod baseline;
pub mod change;
pub mod check;
pub mod cli;
pub mod config;
pub mod crash;
pub mod diagnostic;
pub mod entities;
pub mod extract;
pub mod hook;
pub mod init;
pub mod model;
pub mod overview;
pub mod parse;
pub mod paths;
pub mod pattern;
pub mod report;
pub mod rules;
pub mod run;
pub mod scaffold;
pub mod source;
pub mod suppress;
pub mod text;
pub mod toml_place;
pub mod write;
