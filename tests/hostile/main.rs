//! Hostile repositories: everything a pull request controls (the plan, the
//! config, the rule folders, symlinks, sizes, shapes) is an attack until
//! proven otherwise. Each test asserts the exit code, the diagnostic, that
//! nothing from outside the repository appears in any output, and that
//! nothing outside the repository changed.

#[path = "../common/mod.rs"]
mod common;

mod containment;
mod trust;
