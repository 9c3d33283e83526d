//! Input size and shape cannot make a run superlinear: findings name a few
//! entities and count the rest, cross-references go through sets built once,
//! and regexes from `planlint.toml` are bounded in size and in the text they
//! scan.

use crate::common::{Repo, CLEAN_GOAL, CLEAN_TEAM};
