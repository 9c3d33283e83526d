//! `planlint.toml`: where the plan's files are, what their fields are called,
//! and how each rule is tuned. With no file, [`Config::default`] is the
//! canonical layout of DESIGN.md.

mod load;
mod source;

pub use load::{
    load, rule_dir_files, ConfigError, ConfigFile, Loaded, RepositoryReader, RuleDirFile,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
pub use source::{default_sources, FieldOrigins, FieldSource, Source, SourceKind, SourceMode};
use std::collections::BTreeMap;

/// The whole configuration file.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct Config {
    /// Another config file this one builds on (a shared organisation config),
    /// relative to this file. Its settings apply first; this file's override
    /// them, and its `[[rule]]` and `[[ignore]]` entries are added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extend: Option<String>,
    /// Where the plan is: `[[source]]` entries, tried in order; a file
    /// belongs to the first source that matches it. Empty means the
    /// canonical layout ([`default_sources`]); any entry replaces it whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Source>,
    /// Extra names for canonical fields in every source:
    /// `owner = ["point of contact", "dri"]`.
    pub fields: BTreeMap<String, Vec<String>>,
    pub plan: PlanSettings,
    /// How issues and pull requests link to goals.
    pub issues: IssueSettings,
    /// Per-rule levels and options: `[rules.team-size] max = 8`, or a level
    /// alone: `[rules] goal-why = "off"` (expanded when the file is read).
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    #[serde(deserialize_with = "rule_tunings")]
    pub rules: BTreeMap<String, toml::Table>,
    /// The organisation's own rules, same format as the files in `rules/`.
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub rule: Vec<toml::Table>,
    /// Folders (root-relative) whose `*.toml` files are rules, one per file.
    pub rule_dirs: Vec<String>,
    /// Findings to ignore by path: `[[ignore]] paths = ["planning/legacy/**"]`.
    pub ignore: Vec<Ignore>,
}

/// `[[ignore]]`: findings in matching paths are not reported.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ignore {
    /// Root-relative globs.
    pub paths: Vec<String>,
    /// Rule ids to ignore there; every rule when empty or absent.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Why, for the next reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The URL editors fetch the config's JSON Schema from (its `$id`).
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/planlint/planlint/main/planlint.schema.json";

/// The label prefix that links an issue to a goal by default (`goal:G-107`).
pub const DEFAULT_GOAL_LABEL_PREFIX: &str = "goal:";

/// `[issues]`: how issues and the pull request link to goals.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct IssueSettings {
    /// A label starting with this links the goal named by the rest
    /// (`goal:G-107`); matched ignoring ASCII case. Empty: labels never link.
    pub goal_label_prefix: String,
}

impl Default for IssueSettings {
    fn default() -> Self {
        IssueSettings {
            goal_label_prefix: DEFAULT_GOAL_LABEL_PREFIX.into(),
        }
    }
}

/// Vocabulary the rules share.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
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
                // An author list's "and others": nobody by name.
                "et al.",
                "et al",
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
            // An OKR's key results say, checkably, when its objective is met;
            // numbered (`KR1:`, `Key result 2:`), each is one of them.
            "key_results",
            "key_result",
            "kr",
            "krs",
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
    ("quarter", &["quarter", "target_quarter"]),
    ("status", &["status"]),
    ("assignees", &["assignees", "assignee"]),
    ("labels", &["labels", "label"]),
    ("goal", &["goal", "goals"]),
];

impl Config {
    /// The alias table for [`crate::extract::FieldNames`]: default names plus
    /// the configured ones.
    pub fn aliases(&self) -> foldhash::HashMap<String, String> {
        let mut map = foldhash::HashMap::default();
        for (canonical, names) in DEFAULT_ALIASES {
            for name in *names {
                map.insert(name.to_string(), canonical.to_string());
            }
        }
        for (canonical, names) in &self.fields {
            let canonical = crate::parse::normalize_name(canonical).to_string();
            for name in names {
                map.insert(
                    crate::parse::normalize_name(name).to_string(),
                    canonical.clone(),
                );
            }
        }
        map
    }
}

/// `[rules]` entries: a table of a rule's level and options, or its level
/// alone (`goal-why = "off"`), which is read as `{ level = "off" }`. Each
/// entry is read on its own, so that a wrong one is blamed at its own line
/// (`team-size = -1`), not at the `[rules]` header.
fn rule_tunings<'de, D>(deserializer: D) -> Result<BTreeMap<String, toml::Table>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_map(Tunings)
}

/// Reads `[rules]` one entry at a time.
struct Tunings;

impl<'de> serde::de::Visitor<'de> for Tunings {
    type Value = BTreeMap<String, toml::Table>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a table of rules")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut tunings = BTreeMap::new();
        while let Some(id) = map.next_key::<String>()? {
            let tuning = map.next_value_seed(Tuning { id: &id })?;
            tunings.insert(id, tuning);
        }
        Ok(tunings)
    }
}

/// One `[rules]` entry, knowing its rule's id for the message.
struct Tuning<'a> {
    id: &'a str,
}

impl<'de> serde::de::DeserializeSeed<'de> for Tuning<'_> {
    type Value = toml::Table;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<toml::Table, D::Error> {
        let id = self.id;
        match toml::Value::deserialize(deserializer)? {
            toml::Value::Table(tuning) => Ok(tuning),
            toml::Value::String(level) => {
                let mut tuning = toml::Table::new();
                tuning.insert("level".into(), toml::Value::String(level));
                Ok(tuning)
            }
            other => Err(serde::de::Error::custom(format!(
                "rule `{id}` is tuned by a table (`[rules.{id}]`) or a level (`{id} = \"off\"`), not {} {}",
                if other.is_array() || other.is_integer() { "an" } else { "a" },
                other.type_str()
            ))),
        }
    }
}

/// The JSON Schema of `planlint.toml`, generated from [`Config`], with the
/// built-in rules' levels and options spelled out under `rules`.
pub fn json_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Config)).unwrap_or_default();
    let mut rules = serde_json::Map::new();
    for file in crate::rules::builtin_files().unwrap_or_default() {
        let mut properties = serde_json::Map::new();
        properties.insert(
            "level".into(),
            serde_json::json!({"enum": ["error", "warning", "off"], "default": file.level.as_str()}),
        );
        for (name, default) in &file.options {
            let kind = match default {
                toml::Value::String(_) => "string",
                toml::Value::Integer(_) => "integer",
                toml::Value::Float(_) => "number",
                toml::Value::Boolean(_) => "boolean",
                toml::Value::Array(_) => "array",
                _ => "object",
            };
            let mut option = serde_json::json!({ "type": kind });
            if let (Some(obj), Ok(value)) = (option.as_object_mut(), serde_json::to_value(default))
            {
                obj.insert("default".into(), value);
                if let Some(about) = file.doc.options.get(name) {
                    obj.insert(
                        "description".into(),
                        serde_json::Value::String(about.clone()),
                    );
                }
            }
            properties.insert(name.clone(), option);
        }
        rules.insert(
            file.id.clone(),
            serde_json::json!({
                "description": file.summary,
                "anyOf": [
                    {
                        "description": "the rule's level alone: `goal-why = \"off\"`",
                        "enum": ["error", "warning", "off"],
                    },
                    {
                        "type": "object",
                        "properties": properties,
                        "additionalProperties": false,
                    },
                ],
            }),
        );
    }
    if let Some(slot) = schema.pointer_mut("/properties/rules") {
        if let Some(obj) = slot.as_object_mut() {
            obj.insert("properties".into(), serde_json::Value::Object(rules));
        }
    }
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$id".into(), serde_json::Value::String(SCHEMA_URL.into()));
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
