//! `planlint.toml`: where the plan's files are, what their fields are called,
//! and how each rule is tuned. With no file, [`Config::default`] is the
//! canonical layout of DESIGN.md.

mod load;

pub use load::{load, ConfigError, Loaded};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole configuration file.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct Config {
    pub files: Files,
    /// Extra names for canonical fields: `owner = ["point of contact", "dri"]`.
    pub fields: BTreeMap<String, Vec<String>>,
    pub plan: PlanSettings,
    /// Per-rule levels and options: `[rules.team-size] max = 8`.
    pub rules: BTreeMap<String, toml::Table>,
    /// The organisation's own rules, same format as the files in `rules/`.
    pub rule: Vec<toml::Table>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            files: Files::default(),
            fields: BTreeMap::new(),
            plan: PlanSettings::default(),
            rules: BTreeMap::new(),
            rule: Vec::new(),
        }
    }
}

/// Which globs (root-relative) hold which kind of planning file.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct Files {
    pub teams: Vec<String>,
    pub goals: Vec<String>,
    /// TOML/YAML files with `[[team]]` / `[[goal]]` arrays.
    pub data: Vec<String>,
    /// `gh issue list --json ...` exports.
    pub issues: Vec<String>,
    /// One issue per Markdown file with frontmatter.
    pub issue_files: Vec<String>,
    /// Documents with one entity per heading.
    pub headings: Vec<HeadingDocs>,
}

impl Default for Files {
    fn default() -> Self {
        Files {
            teams: vec!["planning/teams/**/*.md".into()],
            goals: vec!["planning/goals/**/*.md".into()],
            data: vec![
                "planning/**/*.toml".into(),
                "planning/**/*.yaml".into(),
                "planning/**/*.yml".into(),
            ],
            issues: vec!["planning/issues.json".into()],
            issue_files: vec!["planning/issues/**/*.md".into()],
            headings: Vec::new(),
        }
    }
}

/// `[[files.headings]]`: documents where each heading is one entity.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HeadingDocs {
    pub paths: Vec<String>,
    /// `goal` (default) or `team`.
    #[serde(default = "default_heading_kind")]
    pub kind: String,
    /// Heading level of the entities (1–6); by default every heading that has fields.
    #[serde(default)]
    pub level: Option<u8>,
}

fn default_heading_kind() -> String {
    "goal".into()
}

/// Vocabulary the rules share.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct PlanSettings {
    /// Statuses that count as work in flight (`team-focus`, `owner-load`, ...).
    pub active_statuses: Vec<String>,
    /// Values that stand for "nobody / nothing yet".
    pub placeholders: Vec<String>,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            active_statuses: vec!["in-progress".into(), "at-risk".into()],
            placeholders: [
                "tbd",
                "tba",
                "tbc",
                "todo",
                "?",
                "??",
                "???",
                "-",
                "--",
                "none",
                "n/a",
                "na",
                "nobody",
                "unknown",
                "unassigned",
                "null",
                "nil",
                "xxx",
                "...",
                "…",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

/// Canonical field names and the names (as normalised) that mean them by default.
pub const DEFAULT_ALIASES: &[(&str, &[&str])] = &[
    (
        "done_when",
        &[
            "done_when",
            "done",
            "definition_of_done",
            "done_criteria",
            "success_criteria",
            "acceptance_criteria",
            "exit_criteria",
            "completion_criteria",
        ],
    ),
    (
        "adoption",
        &[
            "adoption",
            "adoption_step",
            "adoption_plan",
            "rollout",
            "roll_out",
            "rollout_plan",
        ],
    ),
    (
        "why",
        &["why", "motivation", "context", "rationale", "background"],
    ),
    (
        "not_doing",
        &[
            "not_doing",
            "non_goals",
            "nongoals",
            "out_of_scope",
            "not_in_scope",
            "what_we_will_not_do",
        ],
    ),
    ("risks", &["risks", "risk", "risks_and_mitigations"]),
    ("owner", &["owner", "owners", "dri"]),
    ("members", &["members", "member", "people"]),
    ("team", &["team", "teams"]),
    ("lead", &["lead", "leads", "team_lead"]),
    ("mission", &["mission", "purpose"]),
    ("quarter", &["quarter"]),
    ("status", &["status"]),
    ("assignees", &["assignees", "assignee"]),
    ("labels", &["labels", "label"]),
    ("goal", &["goal", "goals"]),
];

impl Config {
    /// The alias table for [`crate::parse::ParseOptions`]: default names plus
    /// the configured ones.
    pub fn aliases(&self) -> std::collections::HashMap<String, String> {
        let mut map = std::collections::HashMap::new();
        for (canonical, names) in DEFAULT_ALIASES {
            for name in *names {
                map.insert(name.to_string(), canonical.to_string());
            }
        }
        for (canonical, names) in &self.fields {
            let canonical = crate::parse::normalize_name(canonical);
            for name in names {
                map.insert(crate::parse::normalize_name(name), canonical.clone());
            }
        }
        map
    }
}
