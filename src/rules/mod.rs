//! Stage 4: the rules. Built-in rules are data in the top-level `rules/`
//! folder, embedded at build time; an organisation's own rules use the same
//! format. Rules read the [`crate::model::Plan`]; they never parse.
