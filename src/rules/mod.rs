//! Stage 4: the rules. Built-in rules are data in the top-level `rules/`
//! folder, embedded at build time; an organisation's own rules use the same
//! format ([`spec`]). Rules read the [`crate::model::Plan`]; they never parse.

mod checks;
pub mod spec;
mod template;

use crate::diagnostic::{Diagnostic, EntityKind, Level, RuleExample, RuleMeta};
use crate::model::Plan;
use crate::toml_place::Step;
pub(crate) use checks::parse_quarter;
pub use checks::{ENTITY_PLACEHOLDERS, FAILURES, FIELD_PLACEHOLDERS, VIRTUAL_FIELDS};
use rayon::prelude::*;
use spec::{Check, Engine, LevelSetting, RuleError, RuleFile, RulePlace};
use std::collections::{BTreeMap, HashSet};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The most custom rules (`[[rule]]` and `rule-dirs` files together): each
/// one reads the whole plan, so their number multiplies the time of a check.
pub const MAX_CUSTOM_RULES: usize = 200;

/// The most regexes (`matches`, `not-matches`, `when` … `matches`) the
/// custom rules together may write; each scans every value it applies to.
/// The built-in rules' few are planlint's own, the same in every plan.
pub const MAX_PATTERNS: usize = 50;

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

/// Data beyond the plan's entities that checks read, declared by each
/// check (engines read what the pipeline reports: parse problems, and
/// suppressions, which are applied whether or not a rule is on).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// When each entity's file last changed in git (`max-age-days`).
    pub file_ages: bool,
    /// The time of the checked commit (`max-age-days`, the quarter bounds).
    pub now: bool,
}

impl Needs {
    /// What either needs.
    pub fn and(self, other: Needs) -> Needs {
        Needs {
            file_ages: self.file_ages || other.file_ages,
            now: self.now || other.now,
        }
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
    // Parsed on every core: 32 KB of TOML is over a millisecond on one,
    // and a small plan's check waits for it.
    embedded::BUILTIN_RULE_FILES
        .par_iter()
        .map(|(name, text)| {
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| RuleError {
                rule: None,
                message: format!("built-in rule file {name}: {}", e.message()),
                help: None,
                place: RulePlace::Rule,
            })?;
            RuleFile::from_table(table)
        })
        .collect()
}

/// One rule file with its `[rules.ID]` tuning applied and its checks compiled.
fn compile_rule(
    file: RuleFile,
    builtin: bool,
    tuning: &BTreeMap<String, toml::Table>,
) -> Result<Rule, RuleError> {
    let mut overrides = tuning.get(&file.id).cloned().unwrap_or_default();
    let level = match overrides.remove("level") {
        Some(value) => value.try_into::<LevelSetting>().map_err(|_| RuleError {
            rule: Some(file.id.clone()),
            message: "`level` must be \"error\", \"warning\" or \"off\"".into(),
            help: None,
            place: RulePlace::InConfig(vec![
                Step::key("rules"),
                Step::key(&file.id),
                Step::key("level"),
            ]),
        })?,
        None => file.level,
    };
    let (checks, options) = match compile_checks(&file, &overrides) {
        Ok(compiled) => compiled,
        // An option of the right type can still be wrong for its check
        // (`max = -1`, `days = -5`): the user's value is to blame, and the
        // error points at it, not into the rule's own file.
        Err(error) if !matches!(error.place, RulePlace::InConfig(_)) => {
            return Err(blame_override(&file, &overrides).unwrap_or(error))
        }
        Err(error) => return Err(error),
    };
    Ok(Rule {
        level: level.level(),
        builtin,
        options,
        checks,
        file,
    })
}

/// The rule's checks compiled with the user's `overrides` of its options,
/// and the options in effect.
fn compile_checks(
    file: &RuleFile,
    overrides: &toml::Table,
) -> Result<(Vec<checks::Compiled>, toml::Table), RuleError> {
    let (raw_checks, options) = file.checks_with(overrides)?;
    let checks = raw_checks
        .into_iter()
        .map(|c: Check| checks::Compiled::new(file, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((checks, options))
}

/// The first of the user's `overrides` that alone makes the rule fail to
/// compile, as an error at that option in `planlint.toml`.
fn blame_override(file: &RuleFile, overrides: &toml::Table) -> Option<RuleError> {
    overrides.iter().find_map(|(key, value)| {
        let default = file.options.get(key)?;
        let alone = toml::Table::from_iter([(key.clone(), value.clone())]);
        let error = compile_checks(file, &alone).err()?;
        // "0 or more" only when no negative number would do.
        let negative = matches!(value, toml::Value::Integer(n) if *n < 0)
            && matches!(default, toml::Value::Integer(n) if *n >= 0)
            && compile_checks(
                file,
                &toml::Table::from_iter([(key.clone(), toml::Value::Integer(-1))]),
            )
            .is_err();
        let message = if negative {
            format!("option `{key}` must be 0 or more, not {value}")
        } else {
            format!("option `{key}` cannot be {value}: {}", error.message)
        };
        Some(RuleError {
            rule: Some(file.id.clone()),
            message,
            help: Some(format!("the default is `{key} = {default}`")),
            place: RulePlace::InConfig(vec![
                Step::key("rules"),
                Step::key(&file.id),
                Step::key(key),
            ]),
        })
    })
}

impl RuleSet {
    /// The built-in rules tuned by `tuning` (the config's `[rules.ID]`
    /// tables), plus the `custom` rules (`[[rule]]` and `rule-dirs` files).
    pub fn load(
        tuning: &BTreeMap<String, toml::Table>,
        custom: Vec<toml::Table>,
    ) -> Result<RuleSet, RuleError> {
        let mut files: Vec<(RuleFile, bool)> =
            builtin_files()?.into_iter().map(|f| (f, true)).collect();
        // Ids in a set: a config with many rules stays linear.
        let mut ids: HashSet<String> = files.iter().map(|(f, _)| f.id.clone()).collect();
        for (place, table) in custom.into_iter().enumerate() {
            let file = RuleFile::from_table(table).map_err(|mut e| {
                // No id to find the rule by: its place among the custom ones.
                if let (None, RulePlace::InRule(steps)) = (&e.rule, &mut e.place) {
                    e.place = RulePlace::Custom(place, std::mem::take(steps));
                }
                e
            })?;
            if !ids.insert(file.id.clone()) {
                return Err(RuleError {
                    rule: Some(file.id.clone()),
                    message: "a rule with this id already exists".into(),
                    help: Some(
                        "give the custom rule its own id; tune a built-in rule under `[rules.ID]`"
                            .into(),
                    ),
                    place: RulePlace::Rule,
                });
            }
            files.push((file, false));
        }
        for id in tuning.keys() {
            if !ids.contains(id) {
                let known: Vec<&str> = files.iter().map(|(f, _)| f.id.as_str()).collect();
                return Err(RuleError {
                    rule: None,
                    message: format!("unknown rule `{id}` in `[rules.{id}]`"),
                    help: Some(match did_you_mean(id, &known) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "`planlint rules` lists every rule".into(),
                    }),
                    place: RulePlace::InConfig(vec![Step::key("rules"), Step::key(id)]),
                });
            }
        }
        let custom_rules = files.iter().filter(|(_, builtin)| !builtin).count();
        if custom_rules > MAX_CUSTOM_RULES {
            return Err(RuleError {
                rule: None,
                message: format!("{custom_rules} custom rules; the limit is {MAX_CUSTOM_RULES}"),
                help: Some(
                    "every rule reads the whole plan: merge rules that check the same field".into(),
                ),
                place: RulePlace::Rule,
            });
        }
        // Compiled on every core (regexes take milliseconds to build); the
        // first error in file order is the one reported, as if one by one.
        let builtin: Vec<bool> = files.iter().map(|(_, builtin)| *builtin).collect();
        let compiled: Vec<Result<Rule, RuleError>> = files
            .into_par_iter()
            .map(|(file, builtin)| compile_rule(file, builtin, tuning))
            .collect();
        let mut rules = Vec::with_capacity(compiled.len());
        let mut patterns = 0;
        for (rule, builtin) in compiled.into_iter().zip(builtin) {
            let rule = rule?;
            if !builtin {
                patterns += rule
                    .checks
                    .iter()
                    .map(checks::Compiled::user_patterns)
                    .sum::<usize>();
            }
            if patterns > MAX_PATTERNS {
                return Err(RuleError {
                    rule: Some(rule.file.id.clone()),
                    message: format!("the rules have more than {MAX_PATTERNS} regexes"),
                    help: Some(
                        "every regex reads the whole plan: combine patterns with `|`".into(),
                    ),
                    place: RulePlace::Rule,
                });
            }
            rules.push(rule);
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

    /// The enabled rules whose findings `engine` provides, with their levels.
    pub fn engine_rules(&self, engine: Engine) -> Vec<(&str, Level)> {
        self.rules
            .iter()
            .filter(|r| r.file.engine == Some(engine))
            .filter_map(|r| r.level.map(|level| (r.id(), level)))
            .collect()
    }

    /// What the enabled rules read beyond the plan's entities, together:
    /// the orchestrator provides that and nothing more (the history walk
    /// is done only when a rule reads file ages).
    pub fn needs(&self) -> Needs {
        self.rules
            .iter()
            .filter(|r| r.level.is_some())
            .flat_map(|r| &r.checks)
            .map(checks::Compiled::needs)
            .fold(Needs::default(), Needs::and)
    }

    /// The virtual fields (`path`, `title`, ...) an enabled check reads
    /// as its `field`, with the kinds of entity it reads them of, each once.
    pub fn virtual_fields_read(&self) -> Vec<(EntityKind, &'static str)> {
        let mut names = Vec::new();
        for rule in self.rules.iter().filter(|r| r.level.is_some()) {
            for check in &rule.checks {
                for name in check.virtual_fields() {
                    names.extend(rule.file.on.iter().map(|&kind| (kind, name)));
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Runs every enabled check-based rule over the plan.
    pub fn run(&self, plan: &Plan) -> Vec<Diagnostic> {
        let enabled: Vec<(&Rule, Level)> = self
            .rules
            .iter()
            .filter_map(|rule| Some((rule, rule.level?)))
            .collect();
        checks::run_rules(&enabled, plan)
    }

    pub fn metas(&self) -> Vec<RuleMeta> {
        self.rules.iter().map(Rule::meta).collect()
    }
}

/// The closest known name within a small edit distance (Levenshtein, by
/// `strsim`).
pub fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> toml::Table {
        toml::from_str(text).expect("a rule table")
    }

    #[test]
    fn the_rules_declare_what_they_read_beyond_the_entities() {
        let off = |ids: &[&str]| -> BTreeMap<String, toml::Table> {
            ids.iter()
                .map(|id| (id.to_string(), rule("level = \"off\"")))
                .collect()
        };
        let neither = off(&["stale-goal", "plan-horizon"]);
        let plain = RuleSet::load(&neither, Vec::new()).expect("rules");
        assert_eq!(plain.needs(), Needs::default());
        let ages = rule("id = \"stale-team\"\non = \"team\"\nmax-age-days = 90\n");
        let with_ages = RuleSet::load(&neither, vec![ages]).expect("rules");
        let both = Needs {
            file_ages: true,
            now: true,
        };
        assert_eq!(with_ages.needs(), both);
        let horizon = off(&["stale-goal"]);
        let now_only = RuleSet::load(&horizon, Vec::new()).expect("rules");
        assert_eq!(
            now_only.needs(),
            Needs {
                file_ages: false,
                now: true
            }
        );
        assert_eq!(
            RuleSet::load(&BTreeMap::new(), Vec::new())
                .expect("rules")
                .needs(),
            both
        );
    }

    /// A team of two and goals that break the built-in rules in several
    /// ways: per-entity checks, a repeated id, and more active goals than a
    /// team may have, which is reported on the team.
    fn plan_breaking_many_rules() -> Plan {
        use crate::extract::{into_document, read_file, FieldNames, FileRole};
        use crate::parse::SourceFile;
        let options = FieldNames::new(crate::config::Config::default().aliases());
        let team = "---\nname: Core\nlead: \"@ana\"\nmembers: [\"@ana\", \"@bo\"]\n---\n# Core\n";
        let mut files = vec![(
            "planning/teams/core.md".to_string(),
            FileRole::Team,
            team.to_string(),
        )];
        for n in 0..6 {
            let id = if n == 5 { 0 } else { n };
            let status = [
                "committed",
                "in-progress",
                "done",
                "at-risk",
                "committed",
                "proposed",
            ][n];
            let owner = if n % 2 == 0 { "@ana" } else { "@zed" };
            let goal = format!(
                "---\nid: G-{id}\nteam: core\nowner: \"{owner}\"\nstatus: {status}\nquarter: 2026-Q{q}\n---\n# Goal {n}\n\n## Done when\n- [ ] it ships\n",
                q = 3 + n % 2
            );
            files.push((format!("planning/goals/g-{n}.md"), FileRole::Goal, goal));
        }
        let documents = files
            .into_iter()
            .map(|(path, role, text)| {
                let file = SourceFile {
                    path,
                    bytes: text.into_bytes(),
                };
                into_document(&role, read_file(&file, &role, &options))
            })
            .collect();
        let active = [
            "committed".to_string(),
            "in-progress".into(),
            "at-risk".into(),
        ];
        // 2026-12-01: the plan's third quarter has passed.
        Plan::build(
            documents,
            1_796_083_200,
            Default::default(),
            &active,
            &["tbd".into()],
        )
    }

    /// `when` on `kind` and `active = true` are answered from the entity;
    /// the same conditions written so that they read the field's text
    /// (with a `count`, or as `one-of`) select the same entities.
    #[test]
    fn when_on_kind_and_active_selects_as_the_texts_would() {
        let rule = |id: &str, on: &str, when: &str| -> toml::Table {
            toml::from_str(&format!(
                "id = \"{id}\"\non = [{on}]\nlevel = \"warning\"\nsummary = \"s\"\n\
                 when = {when}\nfield = \"sponsor\"\nrequired = true\n"
            ))
            .expect("rule")
        };
        let on = "\"team\", \"goal\"";
        let pairs = [
            (
                "{ kind = \"goal\" }",
                "{ kind = { one-of = [\"goal\"], count = 1 } }",
            ),
            (
                "{ kind = \"Team\" }",
                "{ kind = { one-of = [\"team\"], count = 1 } }",
            ),
            (
                "{ kind = { not-one-of = [\"goal\"], matches = \"^t\" } }",
                "{ kind = { not-one-of = [\"goal\"], matches = \"^t\", count = 1 } }",
            ),
            ("{ active = true }", "{ active = { one-of = [\"true\"] } }"),
            (
                "{ active = false }",
                "{ active = { one-of = [\"false\"] } }",
            ),
        ];
        let plan = plan_breaking_many_rules();
        for (fast, slow) in pairs {
            let custom = vec![rule("by-entity", on, fast), rule("by-text", on, slow)];
            let rules = RuleSet::load(&BTreeMap::new(), custom).expect("rules");
            let found = rules.run(&plan);
            let selected = |id: &str| -> Vec<(EntityKind, String)> {
                found
                    .iter()
                    .filter(|d| &*d.rule == id)
                    .map(|d| (d.entity.kind, d.entity.id.clone()))
                    .collect()
            };
            assert!(!selected("by-text").is_empty(), "{slow}");
            assert_eq!(selected("by-entity"), selected("by-text"), "{fast}");
        }
    }

    /// A help that names a placeholder is written for each finding; one
    /// that names none is the check's, the same for all its findings.
    #[test]
    fn helps_name_their_own_entity_or_are_the_checks_own() {
        let rule = |id: &str, help: &str| -> toml::Table {
            toml::from_str(&format!(
                "id = \"{id}\"\non = \"goal\"\nlevel = \"warning\"\nsummary = \"s\"\n\
                 field = \"sponsor\"\nrequired = true\nhelp = \"{help}\"\n"
            ))
            .expect("rule")
        };
        let custom = vec![
            rule("sponsor-named", "ask who sponsors `{id}` ({kind})"),
            rule("sponsor-fixed", "name a sponsor"),
        ];
        let rules = RuleSet::load(&BTreeMap::new(), custom).expect("rules");
        let plan = plan_breaking_many_rules();
        let found = rules.run(&plan);
        let helps = |rule: &str| -> Vec<(String, Option<String>)> {
            found
                .iter()
                .filter(|d| &*d.rule == rule)
                .map(|d| (d.entity.id.clone(), d.help.as_deref().map(str::to_string)))
                .collect()
        };
        let named = helps("sponsor-named");
        assert_eq!(named.len(), 6, "{found:#?}");
        for (id, help) in &named {
            assert_eq!(
                help.as_deref(),
                Some(format!("ask who sponsors `{id}` (goal)").as_str())
            );
        }
        let fixed = helps("sponsor-fixed");
        assert_eq!(fixed.len(), 6);
        assert!(fixed
            .iter()
            .all(|(_, help)| help.as_deref() == Some("name a sponsor")));
    }

    #[test]
    fn the_rules_together_find_in_rule_order_what_each_finds_alone() {
        let rules = RuleSet::load(&BTreeMap::new(), Vec::new()).expect("rules");
        let plan = plan_breaking_many_rules();
        let together = rules.run(&plan);
        let alone: Vec<Diagnostic> = rules
            .rules
            .iter()
            .flat_map(|rule| {
                RuleSet {
                    rules: vec![rule.clone()],
                }
                .run(&plan)
            })
            .collect();
        assert_eq!(together, alone);
        // The plan does break many rules, on goals and on the team.
        let fired: HashSet<&str> = together.iter().map(|d| &*d.rule).collect();
        assert!(fired.len() >= 4, "{together:#?}");
        assert!(together.iter().any(|d| d.entity.kind == EntityKind::Goal));
        // A rule that reads goals reports their team.
        let reads_teams = |id: &str| {
            rules
                .rules
                .iter()
                .any(|r| r.id() == id && r.file.on.contains(&EntityKind::Team))
        };
        assert!(together
            .iter()
            .any(|d| d.entity.kind == EntityKind::Team && !reads_teams(&d.rule)));
    }
}
