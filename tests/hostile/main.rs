//! Hostile repositories: everything a pull request controls (the plan, the
//! config, the rule folders, symlinks, sizes, shapes) is an attack until
//! proven otherwise. Each module takes one class of attack through the built
//! binary, asserting the exit code, the diagnostic, that nothing from outside
//! the repository appears in any output, and that nothing outside the
//! repository changed.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod containment;
mod output;
mod panics;
mod trust;
