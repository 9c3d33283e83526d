//! Stage 4: the rules. Built-in rules are data in the top-level `rules/`
//! folder, embedded at build time; an organisation's own rules use the same
//! format ([`spec`]). Rules read the [`crate::model::Plan`]; they never parse.

mod checks;
pub mod spec;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, EntityKind, Level};
use crate::model::Plan;
use crate::report::{RuleExample, RuleMeta};
use spec::{Check, LevelSetting, RuleError, RuleFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// Rules implemented by the pipeline rather than by checks.
pub const PARSE_ERROR: &str = "parse-error";
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// A rule ready to run: its file, the effective level and compiled checks.
#[derive(Clone, Debug)]
pub struct Rule {
    pub file: RuleFile,
    /// `None` when the rule is off.
    pub level: Option<Level>,
    pub builtin: bool,
    /// The effective option values (defaults with the user's overrides).
    pub options: toml::Table,
    checks: Vec<checks::Compiled>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.file.id
    }

    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: self.file.id.clone(),
            summary: self.file.summary.clone(),
            help: [&self.file.doc.what, &self.file.doc.why, &self.file.doc.fix]
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join("\n\n"),
            default_level: self.file.level.level().unwrap_or(Level::Warning),
            why: self.file.doc.why.trim().to_string(),
            fix: self.file.doc.fix.trim().to_string(),
            entities: self.file.on.clone(),
            failing_example: self.file.doc.fails.first().map(|e| RuleExample {
                path: e.path.clone(),
                text: e.text.clone(),
            }),
            builtin: self.builtin,
        }
    }

    /// The kind of entity its findings are about (a group rule reports at the group).
    pub fn reported_on(&self) -> Vec<EntityKind> {
        for check in &self.checks {
            if let Some(kind) = check.reports_at_group() {
                return vec![kind];
            }
        }
        self.file.on.clone()
    }
}

/// Every rule in force for one run, sorted by id.
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// The built-in rule files, parsed. An error here is a bug in `rules/`,
/// caught by the tests.
pub fn builtin_files() -> Result<Vec<RuleFile>, RuleError> {
    embedded::BUILTIN_RULE_FILES
        .iter()
        .map(|(name, text)| {
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| RuleError {
                rule: None,
                message: format!("built-in rule file {name}: {}", e.message()),
                help: None,
                place: Vec::new(),
            })?;
            RuleFile::from_table(table)
        })
        .collect()
}

impl RuleSet {
    /// The built-in rules tuned by `config`, plus its custom rules.
    pub fn load(config: &Config, custom: Vec<toml::Table>) -> Result<RuleSet, RuleError> {
        let mut files: Vec<(RuleFile, bool)> =
            builtin_files()?.into_iter().map(|f| (f, true)).collect();
        for table in config.rule.iter().cloned().chain(custom) {
            let file = RuleFile::from_table(table)?;
            if files.iter().any(|(f, _)| f.id == file.id) {
                return Err(RuleError {
                    rule: Some(file.id.clone()),
                    message: "a rule with this id already exists".into(),
                    help: Some(
                        "give the custom rule its own id; tune a built-in rule under `[rules.ID]`"
                            .into(),
                    ),
                    place: Vec::new(),
                });
            }
            files.push((file, false));
        }
        for id in config.rules.keys() {
            if !files.iter().any(|(f, _)| &f.id == id) {
                let known: Vec<&str> = files.iter().map(|(f, _)| f.id.as_str()).collect();
                return Err(RuleError {
                    rule: None,
                    message: format!("unknown rule `{id}` in `[rules.{id}]`"),
                    help: Some(match did_you_mean(id, &known) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "`planlint rules` lists every rule".into(),
                    }),
                    place: vec![format!("[rules.{id}]")],
                });
            }
        }
        let mut rules = Vec::new();
        for (file, builtin) in files {
            let mut overrides = config.rules.get(&file.id).cloned().unwrap_or_default();
            let level = match overrides.remove("level") {
                Some(value) => value.try_into::<LevelSetting>().map_err(|_| RuleError {
                    rule: Some(file.id.clone()),
                    message: "`level` must be \"error\", \"warning\" or \"off\"".into(),
                    help: None,
                    place: vec![format!("[rules.{}]", file.id), "level".into()],
                })?,
                None => file.level,
            };
            let (raw_checks, options) = file.checks_with(&overrides)?;
            let compiled = raw_checks
                .into_iter()
                .map(|c: Check| checks::Compiled::new(&file, c))
                .collect::<Result<Vec<_>, _>>()?;
            rules.push(Rule {
                level: level.level(),
                builtin,
                options,
                checks: compiled,
                file,
            });
        }
        rules.sort_by(|a, b| a.file.id.cmp(&b.file.id));
        Ok(RuleSet { rules })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.file.id == id)
    }

    /// The level a rule reports at, `None` when it is off or unknown.
    pub fn level(&self, id: &str) -> Option<Level> {
        self.get(id).and_then(|r| r.level)
    }

    /// Runs every enabled check-based rule over the plan.
    pub fn run(&self, plan: &Plan) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for rule in &self.rules {
            if let Some(level) = rule.level {
                checks::run_rule(rule, &rule.checks, level, plan, &mut out);
            }
        }
        out
    }

    pub fn metas(&self) -> Vec<RuleMeta> {
        self.rules.iter().map(Rule::meta).collect()
    }
}

/// The closest known name within a small edit distance.
pub fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            let insertion = current[j] + 1;
            let deletion = previous[j + 1] + 1;
            current.push(substitution.min(insertion).min(deletion));
        }
        previous = current;
    }
    previous[b.len()]
}
