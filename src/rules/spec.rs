//! The rule file format, shared by the built-in rules in `rules/` and an
//! organisation's own rules (`[[rule]]` in the config, or files in `rule-dirs`).
//!
//! A rule file is TOML. Rule-level keys: `id`, `on`, `level`, `summary`,
//! `[options]` (defaults of the knobs a user may set under `[rules.ID]`),
//! `[doc]`, and either check keys at the top level (one check) or
//! `[[check]]` tables (several). A string value `"$name"` anywhere in a check
//! is replaced by the effective value of option `name` before the check is
//! read, so `max = "$max"` makes `[rules.team-size] max = 8` work.

use crate::diagnostic::{EntityKind, Level};
use crate::toml_place::Step;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys of a rule file besides its check keys, in the order
/// [`RuleFile::from_table`] reads them; any other top-level key is a
/// check key (the rule's one check).
pub const RULE_KEYS: [&str; 8] = [
    "id", "on", "level", "summary", "options", "doc", "engine", "check",
];

/// A rule file before its options are applied.
#[derive(Clone, Debug)]
pub struct RuleFile {
    pub id: String,
    pub on: Vec<EntityKind>,
    pub level: LevelSetting,
    pub summary: String,
    pub options: toml::Table,
    pub doc: RuleDoc,
    /// The provider of the rule's findings when they come from the
    /// pipeline itself rather than from checks on fields.
    pub engine: Option<Engine>,
    /// Raw check tables; options are substituted when the rule is compiled.
    pub checks: Vec<toml::Table>,
    /// Whether the first check is written in the rule's own table (`field
    /// = ...` beside `id`) rather than in a `[[check]]`: where its keys are.
    pub first_check_inline: bool,
}

/// A provider of findings that are not about an entity's fields, named by
/// a rule's `engine`: the rule sets the id, level and documentation, the
/// engine decides what is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// A planning file that cannot be read or parsed, where the parser stopped.
    ParseError,
    /// An inline suppression that silenced nothing, or names no rule.
    UnusedSuppression,
}

impl Engine {
    /// Every engine with the name a rule file gives it.
    pub const ALL: [(&'static str, Engine); 2] = [
        ("parse-error", Engine::ParseError),
        ("unused-suppression", Engine::UnusedSuppression),
    ];

    pub fn parse(name: &str) -> Option<Engine> {
        Engine::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, engine)| *engine)
    }
}

/// A level as written in a rule file or the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelSetting {
    Error,
    Warning,
    Off,
}

impl LevelSetting {
    pub fn level(self) -> Option<Level> {
        match self {
            LevelSetting::Error => Some(Level::Error),
            LevelSetting::Warning => Some(Level::Warning),
            LevelSetting::Off => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LevelSetting::Error => "error",
            LevelSetting::Warning => "warning",
            LevelSetting::Off => "off",
        }
    }
}

/// A rule's documentation, shown by `planlint rule ID`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct RuleDoc {
    /// What the rule checks, in a paragraph.
    pub what: String,
    /// The principle behind it.
    pub why: String,
    /// How to fix a finding.
    pub fix: String,
    /// What each option means.
    pub options: BTreeMap<String, String>,
    /// Documents that fail the rule.
    pub fails: Vec<ExampleFile>,
    /// Documents that pass it.
    pub passes: Vec<ExampleFile>,
}

/// One file of a documentation example; examples are run by the tests.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ExampleFile {
    pub path: String,
    pub text: String,
    /// For rules that read file ages: the file last changed in git this
    /// many days before the example is checked (else: when it is checked).
    pub unchanged_days: Option<i64>,
    /// In a failing example: the exact message the rule reports on this
    /// file (the tests compare it), absent when the file is only context.
    pub message: Option<String>,
}

/// One declarative check: which entities (`when`), which field, and the
/// conditions it must meet. Every condition present is checked, in the
/// order of the fields below; the first that fails is reported.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Check {
    /// The field the check reads; with several names, the first present one.
    pub field: Option<OneOrMany>,
    /// Conditions on fields that select the entities checked.
    #[serde(default)]
    pub when: BTreeMap<String, Condition>,
    /// The field exists, is not empty and is not only placeholders.
    pub required: Option<bool>,
    /// Number of values (placeholders not counted for `min`).
    pub min: Option<usize>,
    pub max: Option<usize>,
    /// Every value matches this regex.
    pub matches: Option<String>,
    /// No value matches this regex.
    pub not_matches: Option<String>,
    /// Every value is one of these (case-insensitive).
    pub one_of: Option<Vec<String>>,
    /// Every value names an existing entity of this kind (by id or name).
    pub references: Option<String>,
    /// No value names an existing entity of this kind.
    pub not_references: Option<String>,
    /// Every value appears in one of these fields: `members` (this entity's)
    /// or `team.members` (the members of the teams this entity's `team` names).
    pub in_field: Option<OneOrMany>,
    /// With `in-field`: a value that names an existing entity of this kind
    /// passes too (`or-references = "team"`: a team may own a goal).
    pub or_references: Option<String>,
    /// No value contains one of these phrases (case-insensitive, whole words).
    pub not_contains: Option<Vec<String>>,
    /// Every task-list item of the field is ticked.
    pub all_checked: Option<bool>,
    /// No two entities of the same kind share this field's value.
    pub unique: Option<bool>,
    /// Group the selected entities by this field's values...
    pub group_by: Option<String>,
    /// ...and allow at most this many per group.
    pub max_per_group: Option<usize>,
    /// Report a group finding at the group's own entity (`group`, found by
    /// id or name among `group-kind`) or at each entity past the limit (`entity`).
    pub report_at: Option<ReportAt>,
    pub group_kind: Option<String>,
    /// The field holds a quarter (`2026-Q4`) at least this many quarters after "now".
    pub min_quarters_ahead: Option<i64>,
    /// ... and at most this many.
    pub max_quarters_ahead: Option<i64>,
    /// The entity's file changed in git within this many days before "now".
    pub max_age_days: Option<i64>,
    /// Message for any failure of this check (templates: see the README).
    pub message: Option<String>,
    /// Messages per failure kind (`missing`, `placeholder`, `max`, ...).
    #[serde(default)]
    pub messages: BTreeMap<String, String>,
    pub help: Option<String>,
    /// Helps per failure kind: what to do differs when a section is
    /// missing and when it is there but empty.
    #[serde(default)]
    pub helps: BTreeMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportAt {
    Group,
    Entity,
}

/// A string or a list of strings.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A `when` condition on one field.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    /// `active = true`: the field's value is `true`/`false`.
    Bool(bool),
    /// `status = "done"`: some value equals it (case-insensitive).
    Equals(String),
    /// `status = ["committed", "in-progress"]`: some value is one of them.
    OneOf(Vec<String>),
    /// The long form.
    Detailed(DetailedCondition),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DetailedCondition {
    pub one_of: Option<Vec<String>>,
    pub not_one_of: Option<Vec<String>>,
    pub matches: Option<String>,
    /// `present = false` selects entities without the field.
    pub present: Option<bool>,
    /// `count = 1` selects entities whose field has exactly this many
    /// values that are not placeholders.
    pub count: Option<usize>,
}

/// Why a rule file could not be read: `rule `ID`: ` and the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", rule_prefix(.rule.as_deref()))]
pub struct RuleError {
    /// The rule id, when known.
    pub rule: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// Where in the files that configure rules the error is.
    pub place: RulePlace,
}

/// Where a [`RuleError`] is, as a path the TOML parser's spans resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulePlace {
    /// At the rule's id (nowhere, for an error of no rule).
    Rule,
    /// Inside the rule's own table (a `[[rule]]` or a rule file): steps from it.
    InRule(Vec<Step>),
    /// In the config, steps from its root: the rule's `[rules.ID]` tuning.
    InConfig(Vec<Step>),
    /// Inside the custom rule at this place among those loaded (the
    /// config's `[[rule]]`s, then the rule files): for a rule whose id is
    /// missing or invalid, which no id can find.
    Custom(usize, Vec<Step>),
}

fn rule_prefix(rule: Option<&str>) -> String {
    rule.map(|rule| format!("rule `{rule}`: "))
        .unwrap_or_default()
}

fn error(rule: Option<&str>, message: impl Into<String>) -> RuleError {
    RuleError {
        rule: rule.map(str::to_string),
        message: message.into(),
        help: None,
        place: RulePlace::Rule,
    }
}

impl RuleFile {
    /// Reads a rule from its TOML table.
    pub fn from_table(mut table: toml::Table) -> Result<RuleFile, RuleError> {
        let id = match table.remove("id") {
            Some(toml::Value::String(id)) if is_rule_id(&id) => id,
            Some(toml::Value::String(id)) => {
                return Err(RuleError {
                    rule: None,
                    message: format!("`{id}` is not a valid rule id"),
                    help: Some(
                        "use lowercase letters, digits and `-`, e.g. `quarter-format`".into(),
                    ),
                    place: RulePlace::InRule(vec![Step::key("id")]),
                })
            }
            _ => {
                let place = match table.contains_key("id") {
                    true => vec![Step::key("id")],
                    false => Vec::new(),
                };
                return Err(RuleError {
                    rule: None,
                    message: "a rule needs an `id`".into(),
                    help: Some("add `id = \"my-rule\"`".into()),
                    place: RulePlace::InRule(place),
                });
            }
        };
        let rule = Some(id.as_str());
        let on = match table.remove("on") {
            Some(value) => {
                let names: OneOrMany = value
                    .try_into()
                    .map_err(|e| error(rule, format!("`on`: {e}")))?;
                names
                    .to_vec()
                    .iter()
                    .map(|name| {
                        EntityKind::parse(name).ok_or_else(|| RuleError {
                            rule: Some(id.clone()),
                            message: format!("`on = \"{name}\"` is not an entity kind"),
                            help: Some(
                                "use `team`, `goal`, `issue`, `pull_request` or `file`".into(),
                            ),
                            place: RulePlace::Rule,
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?
            }
            None => {
                return Err(RuleError {
                    rule: Some(id.clone()),
                    message: "a rule needs `on`, the kind of entity it checks".into(),
                    help: Some("add `on = \"goal\"` (or `team`, `issue`, `pull_request`)".into()),
                    place: RulePlace::Rule,
                })
            }
        };
        let level = match table.remove("level") {
            Some(value) => value
                .try_into()
                .map_err(|_| error(rule, "`level` must be \"error\", \"warning\" or \"off\""))?,
            None => LevelSetting::Error,
        };
        let summary = match table.remove("summary") {
            Some(toml::Value::String(s)) => s,
            None => String::new(),
            Some(_) => return Err(error(rule, "`summary` must be a string")),
        };
        let options = match table.remove("options") {
            Some(toml::Value::Table(t)) => t,
            None => toml::Table::new(),
            Some(_) => return Err(error(rule, "`options` must be a table")),
        };
        let doc = match table.remove("doc") {
            Some(value) => value
                .try_into()
                .map_err(|e| error(rule, format!("`doc`: {e}")))?,
            None => RuleDoc::default(),
        };
        let engine = match table.remove("engine") {
            Some(toml::Value::String(name)) => match Engine::parse(&name) {
                Some(engine) => Some(engine),
                None => {
                    let known: Vec<&str> = Engine::ALL.iter().map(|(n, _)| *n).collect();
                    let list = known
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(RuleError {
                        rule: Some(id.clone()),
                        message: format!("unknown engine `{name}`"),
                        help: Some(match super::did_you_mean(&name, &known) {
                            Some(close) => {
                                format!("did you mean `{close}`? the engines are {list}")
                            }
                            None => format!(
                                "the engines are {list}; a rule that checks fields needs none"
                            ),
                        }),
                        place: RulePlace::InRule(vec![Step::key("engine"), Step::text(&name)]),
                    });
                }
            },
            None => None,
            Some(_) => return Err(error(rule, "`engine` must be a string")),
        };
        let mut checks = match table.remove("check") {
            Some(toml::Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    toml::Value::Table(t) => Ok(t),
                    _ => Err(error(rule, "each `[[check]]` must be a table")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
            Some(_) => {
                return Err(RuleError {
                    place: RulePlace::InRule(vec![Step::key("check")]),
                    help: Some("write each check as `[[check]]`, with two brackets".into()),
                    ..error(rule, "`check` must be an array of tables")
                })
            }
        };
        let first_check_inline = !table.is_empty();
        if first_check_inline {
            checks.insert(0, table);
        }
        if engine.is_some() && on != [EntityKind::File] {
            return Err(RuleError {
                rule: Some(id.clone()),
                message: "an engine reports on files: a rule with an `engine` has `on = \"file\"`"
                    .into(),
                help: Some("set `on = \"file\"`".into()),
                place: RulePlace::InRule(vec![Step::key("on")]),
            });
        }
        if engine.is_some() && !checks.is_empty() {
            return Err(RuleError {
                rule: Some(id),
                message:
                    "a rule with an `engine` has no checks: the engine decides what it reports"
                        .into(),
                help: Some("remove the check keys, or write them in a rule of their own".into()),
                place: RulePlace::Rule,
            });
        }
        if checks.is_empty() && engine.is_none() {
            return Err(RuleError {
                rule: Some(id),
                message: "the rule checks nothing".into(),
                help: Some(
                    "add a `field` and a check such as `required = true` or `matches = '...'`"
                        .into(),
                ),
                place: RulePlace::Rule,
            });
        }
        Ok(RuleFile {
            id,
            on,
            level,
            summary,
            options,
            doc,
            engine,
            checks,
            first_check_inline,
        })
    }

    /// The checks with option values substituted. `overrides` are the user's
    /// `[rules.ID]` keys other than `level`; unknown ones are an error.
    pub fn checks_with(
        &self,
        overrides: &toml::Table,
    ) -> Result<(Vec<Check>, toml::Table), RuleError> {
        let mut options = self.options.clone();
        for (key, value) in overrides {
            match options.get(key) {
                Some(default) if default.same_type(value) => {
                    options.insert(key.clone(), value.clone());
                }
                Some(default) => {
                    return Err(RuleError {
                        rule: Some(self.id.clone()),
                        message: format!(
                            "option `{key}` must be {}, not {}",
                            type_name(default),
                            type_name(value)
                        ),
                        help: Some(format!("the default is `{key} = {default}`")),
                        place: RulePlace::InConfig(vec![
                            Step::key("rules"),
                            Step::key(&self.id),
                            Step::key(key),
                        ]),
                    })
                }
                None => {
                    return Err(RuleError {
                        rule: Some(self.id.clone()),
                        message: format!("unknown option `{key}`"),
                        help: Some(if self.options.is_empty() {
                            "this rule has no options; only `level` can be set".to_string()
                        } else {
                            format!(
                                "its options are: {}",
                                self.options
                                    .keys()
                                    .map(|k| format!("`{k}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                        place: RulePlace::InConfig(vec![
                            Step::key("rules"),
                            Step::key(&self.id),
                            Step::key(key),
                        ]),
                    })
                }
            }
        }
        let checks = self
            .checks
            .iter()
            .enumerate()
            .map(|(index, written)| {
                let mut raw = toml::Value::Table(written.clone());
                substitute(&mut raw, &options).map_err(|name| RuleError {
                    rule: Some(self.id.clone()),
                    message: format!("`${name}` names no option of this rule"),
                    help: Some(format!("declare it under `[options]`, e.g. `{name} = 3`")),
                    place: RulePlace::Rule,
                })?;
                raw.try_into::<Check>().map_err(|e| {
                    self.blame_check_key(index, written, &options)
                        .unwrap_or_else(|| RuleError {
                            rule: Some(self.id.clone()),
                            message: e.message().trim().to_string(),
                            help: Some(
                                "see `planlint rule` docs in the README for the check keys".into(),
                            ),
                            place: RulePlace::Rule,
                        })
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((checks, options))
    }

    /// Where key `key` of check `index` is, from the rule's table.
    fn check_key_steps(&self, index: usize, key: &str) -> Vec<Step> {
        match index.checked_sub(usize::from(self.first_check_inline)) {
            None => vec![Step::key(key)],
            Some(item) => vec![Step::key("check"), Step::Item(item), Step::key(key)],
        }
    }

    /// The first key of check `index` (as `written`) that alone fails to
    /// read with `options` in effect, as an error at that key, or at the
    /// option it takes its value from (`max = "$limit"` with `limit = -3`).
    fn blame_check_key(
        &self,
        index: usize,
        written: &toml::Table,
        options: &toml::Table,
    ) -> Option<RuleError> {
        let reads = |key: &str, value: toml::Value| {
            toml::Value::Table(toml::Table::from_iter([(key.to_string(), value)]))
                .try_into::<Check>()
        };
        written.iter().find_map(|(key, value)| {
            let mut value_in_effect = value.clone();
            substitute(&mut value_in_effect, options).ok()?;
            let why = reads(key, value_in_effect.clone()).err()?;
            let why = why.message().trim().to_string();
            let option = value
                .as_str()
                .and_then(|text| text.strip_prefix('$'))
                .filter(|name| options.contains_key(*name));
            let Some(option) = option else {
                return Some(RuleError {
                    rule: Some(self.id.clone()),
                    message: format!("check key `{key}`: {why}"),
                    help: Some("see `planlint rule` docs in the README for the check keys".into()),
                    place: RulePlace::InRule(self.check_key_steps(index, key)),
                });
            };
            // "0 or more" when a count is given a negative number.
            let negative = matches!(value_in_effect, toml::Value::Integer(n) if n < 0)
                && reads(key, toml::Value::Integer(0)).is_ok();
            let message = if negative {
                format!("option `{option}` must be 0 or more, not {value_in_effect}")
            } else {
                format!("option `{option}` cannot be {value_in_effect}: {why}")
            };
            Some(RuleError {
                rule: Some(self.id.clone()),
                message,
                help: Some(format!(
                    "`{key} = \"${option}\"` reads it, and needs another value"
                )),
                place: RulePlace::InRule(vec![Step::key("options"), Step::key(option)]),
            })
        })
    }
}

fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// Replaces every string `"$name"` by option `name`; returns the unknown name.
fn substitute(value: &mut toml::Value, options: &toml::Table) -> Result<(), String> {
    match value {
        toml::Value::String(s) => {
            if let Some(name) = s.strip_prefix('$') {
                match options.get(name) {
                    Some(option) => *value = option.clone(),
                    None => return Err(name.to_string()),
                }
            }
        }
        toml::Value::Array(items) => {
            for item in items {
                substitute(item, options)?;
            }
        }
        toml::Value::Table(table) => {
            for (_, item) in table.iter_mut() {
                substitute(item, options)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Rule ids are kebab-case: `team-size`, `quarter-format`.
pub fn is_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_key_is_read_as_one_and_not_as_a_check() {
        let engine: toml::Table = toml::from_str(
            "id = \"e\"\non = \"file\"\nlevel = \"warning\"\nsummary = \"s\"\nengine = \"parse-error\"\n[options]\nn = 1\n[doc]\nwhat = \"w\"\n",
        )
        .expect("toml");
        let checked: toml::Table = toml::from_str(
            "id = \"c\"\non = \"goal\"\n[[check]]\nfield = \"owner\"\nrequired = true\n",
        )
        .expect("toml");
        let keys: std::collections::BTreeSet<&str> = engine
            .keys()
            .chain(checked.keys())
            .map(String::as_str)
            .collect();
        assert_eq!(keys, RULE_KEYS.into_iter().collect());
        let engine = RuleFile::from_table(engine).expect("an engine rule");
        assert!(engine.checks.is_empty());
        let checked = RuleFile::from_table(checked).expect("a rule with a check");
        assert_eq!(checked.checks.len(), 1);
    }
}
