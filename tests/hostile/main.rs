//! Hostile repositories: every byte of the plan and of `planlint.toml` may
//! come from an attacker. Each module takes one class of attack through the
//! built binary.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod output;
mod panics;
