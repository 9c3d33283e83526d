//! The declarative checks every rule is made of, compiled once and run over
//! the plan. A rule reports at most one finding per entity: the first check
//! (and, within it, the first condition) that fails, so one defect is one
//! diagnostic.

use super::spec::{Check, Condition, ReportAt, RuleError, RuleFile, RulePlace};
use super::template::{template_uses, Fill, Numbers, Template, MAX_VALUE_BYTES};
use super::{Needs, Rule};
use crate::diagnostic::{Diagnostic, EntityKind, Level, Span};
use crate::model::{
    ascii_key, bool_text, key, CompactString, Entity, Field, FieldForm, FieldStyle, Plan, Value,
};
use crate::pattern::{haystack, MAX_PATTERN_CHARS, REGEX_DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};
use crate::toml_place::Step;
use jiff::{tz::TimeZone, Timestamp};
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, OnceLock};

/// The longest `message` or `help` a rule may write, in characters: each
/// finding repeats it, so it multiplies the output. (Regexes are bounded by
/// [`crate::pattern`].)
pub const MAX_TEMPLATE_CHARS: usize = 1_000;

/// The most quarters a quarter bound may reach, ahead or back: a century.
/// Beyond it a bound means nothing, and the quarters it names overflow.
const MAX_QUARTERS: i64 = 400;

#[derive(Clone, Debug)]
pub(super) struct Compiled {
    field: Vec<String>,
    when: Vec<When>,
    required: bool,
    min: Option<usize>,
    max: Option<usize>,
    matches: Option<(Regex, String)>,
    not_matches: Option<(Regex, String)>,
    /// The allowed values as written, and their keys.
    one_of: Option<(Vec<String>, KeySet)>,
    references: Option<EntityKind>,
    not_references: Option<EntityKind>,
    in_field: Vec<Vec<String>>,
    /// With `in_field`: values naming an entity of this kind pass too.
    or_references: Option<EntityKind>,
    not_contains: Option<Regex>,
    all_checked: bool,
    unique: bool,
    group: Option<Group>,
    min_quarters_ahead: Option<i64>,
    max_quarters_ahead: Option<i64>,
    max_age_days: Option<i64>,
    message: Option<Template>,
    messages: BTreeMap<String, Template>,
    help: Option<Template>,
    /// Helps for single failures, in place of `help`.
    helps: BTreeMap<String, Template>,
    /// The help when it names no placeholder: made once, shared by every
    /// diagnostic of the check.
    fixed_help: Option<Arc<str>>,
    /// Whether the help names no more than the check's field, where the
    /// entity's file writes it, its kind and the rule's options: then it is
    /// the same for every entity of a kind in the files of one source, and
    /// is made once for them ([`HelpCache`]).
    help_by_style: bool,
}

#[derive(Clone, Debug)]
struct Group {
    by: String,
    max: usize,
    report_at: ReportAt,
    kind: Option<EntityKind>,
}

/// One field of a check's `when` and its conditions.
#[derive(Clone, Debug)]
struct When {
    field: String,
    conds: Vec<Cond>,
    /// How the rules answer it for each entity they read.
    answer: Answer,
}

/// The rules ask every `when` of every entity they read (an issue is asked
/// four times about its `kind`): the two virtual fields the built-in rules
/// test are answered from the entity, not through its text.
#[derive(Clone, Debug)]
enum Answer {
    /// Conditions on `kind` that do not depend on the plan (no `count`),
    /// worked out once for each entity kind.
    ByKind(Vec<(EntityKind, bool)>),
    /// `active = true` or `false`: the entity's flag.
    Active(bool),
    /// Anything else: the conditions read the field's texts.
    Texts,
}

impl When {
    fn new(field: String, conds: Vec<Cond>) -> When {
        let plan_free = conds.iter().all(|c| !matches!(c, Cond::Count(_)));
        let answer = match (field.as_str(), conds.as_slice()) {
            ("kind", _) if plan_free => Answer::ByKind(
                EntityKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let text = [kind.as_str()];
                        let holds = conds
                            .iter()
                            .all(|c| c.holds(text.iter().copied(), |_| false));
                        (kind, holds)
                    })
                    .collect(),
            ),
            ("active", [Cond::Bool(wanted)]) => Answer::Active(*wanted),
            _ => Answer::Texts,
        };
        When {
            field,
            conds,
            answer,
        }
    }

    fn holds(&self, plan: &Plan, entity: &Entity) -> bool {
        match &self.answer {
            Answer::Active(wanted) => return plan.is_active(entity) == *wanted,
            Answer::ByKind(by_kind) => {
                if let Some((_, holds)) = by_kind.iter().find(|(kind, _)| *kind == entity.kind) {
                    return *holds;
                }
            }
            Answer::Texts => {}
        }
        let texts = texts(plan, entity, &self.field);
        self.conds
            .iter()
            .all(|cond| cond.holds(texts.clone(), |t| plan.is_placeholder(t)))
    }
}

#[derive(Clone, Debug)]
enum Cond {
    Bool(bool),
    OneOf(KeySet),
    NotOneOf(KeySet),
    Matches(Regex),
    Present(bool),
    Count(usize),
}

/// A regex a rule file wrote: at most [`MAX_PATTERN_CHARS`] characters.
fn user_regex(rule: &str, pattern: &str) -> Result<Regex, RuleError> {
    let chars = pattern.chars().count();
    if chars > MAX_PATTERN_CHARS {
        let start: String = pattern.chars().take(40).collect();
        return Err(RuleError {
            rule: Some(rule.to_string()),
            message: format!(
                "the regex `{start}…` is {chars} characters long; the limit is {MAX_PATTERN_CHARS}"
            ),
            help: Some("write a shorter pattern, or split the check in two".into()),
            place: RulePlace::Rule,
        });
    }
    regex(rule, pattern)
}

/// A regex within planlint's size limits.
fn bounded_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
}

fn regex(rule: &str, pattern: &str) -> Result<Regex, RuleError> {
    bounded_regex(pattern).map_err(|e| RuleError {
        rule: Some(rule.to_string()),
        message: format!(
            "invalid regex `{pattern}`: {}",
            regex_reason(&e.to_string())
        ),
        help: Some(
            "the syntax is the Rust `regex` crate's (no look-around or backreferences)".into(),
        ),
        place: RulePlace::InRule(vec![Step::text(pattern), Step::within(pattern)]),
    })
}

/// The last line of a `regex` error, which says what is wrong.
fn regex_reason(text: &str) -> String {
    let last = text.lines().last().unwrap_or(text).trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

fn kind(rule: &str, name: &str) -> Result<EntityKind, RuleError> {
    EntityKind::parse(name).ok_or_else(|| RuleError {
        rule: Some(rule.to_string()),
        message: format!("`{name}` is not an entity kind"),
        help: Some("use `team`, `goal`, `issue` or `pull_request`".into()),
        place: RulePlace::Rule,
    })
}

fn lower(values: &[String]) -> KeySet {
    KeySet::new(values.iter().map(|v| key(v).into_owned()).collect())
}

/// The [`key`]s a `one-of` allows, sorted: a rule lists a handful, asked
/// for every entity it reads, and a binary search of a few strings costs
/// less than hashing each entity's value.
#[derive(Clone, Debug)]
struct KeySet(Vec<String>);

impl KeySet {
    fn new(mut keys: Vec<String>) -> KeySet {
        keys.sort_unstable();
        keys.dedup();
        KeySet(keys)
    }

    fn contains(&self, key: &str) -> bool {
        self.0.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }

    /// Whether [`key`] of `text` is in the set, without copying `text` to
    /// lowercase it when it is plain ASCII.
    fn contains_key_of(&self, text: &str) -> bool {
        match ascii_key(text) {
            Some(plain) => {
                let lowered = || plain.bytes().map(|b| b.to_ascii_lowercase());
                self.0
                    .binary_search_by(|k| k.bytes().cmp(lowered()))
                    .is_ok()
            }
            None => self.contains(&key(text)),
        }
    }
}

/// What may stand on either side of a phrase: anything but a letter, a
/// number, `_` and U+0345, the one mark that case-folds to a letter (`ι`).
/// It is the class `(?i)[^\p{L}\p{N}_]` means, written without `(?i)`:
/// case-folding the whole Unicode letter class took most of the 12 million
/// instructions the regex cost to compile, on every run.
const PHRASE_BOUNDARY: &str = r"[^\p{L}\p{N}_\x{345}]";

/// Case-insensitive whole-word alternation of the phrases, escaped.
fn phrase_regex(rule: &str, phrases: &[String]) -> Result<Option<Regex>, RuleError> {
    let parts: Vec<String> = phrases
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(regex::escape)
        .collect();
    if parts.is_empty() {
        return Ok(None);
    }
    let pattern = format!(
        "(?:^|{PHRASE_BOUNDARY})((?i:{}))(?:$|{PHRASE_BOUNDARY})",
        parts.join("|")
    );
    // The phrases are escaped, so only their number and length can make
    // the regex fail (too large): say so, not the regex planlint wrote.
    bounded_regex(&pattern).map(Some).map_err(|e| RuleError {
        rule: Some(rule.to_string()),
        message: format!(
            "the {} phrases of `not-contains` make a regex planlint cannot use: {}",
            parts.len(),
            regex_reason(&e.to_string())
        ),
        help: Some("list fewer or shorter phrases, or split them between two checks".into()),
        place: RulePlace::InRule(vec![Step::key("not-contains")]),
    })
}

impl Compiled {
    pub(super) fn new(file: &RuleFile, check: Check) -> Result<Compiled, RuleError> {
        let rule = file.id.as_str();
        let possible = possible_failures(&check);
        let mut when = Vec::new();
        for (field, condition) in check.when {
            let conds = match condition {
                Condition::Bool(b) => vec![Cond::Bool(b)],
                Condition::Equals(s) => vec![Cond::OneOf(KeySet::new(vec![key(&s).into_owned()]))],
                Condition::OneOf(v) => vec![Cond::OneOf(lower(&v))],
                Condition::Detailed(d) => {
                    let mut conds = Vec::new();
                    if let Some(v) = d.one_of {
                        conds.push(Cond::OneOf(lower(&v)));
                    }
                    if let Some(v) = d.not_one_of {
                        conds.push(Cond::NotOneOf(lower(&v)));
                    }
                    if let Some(p) = d.matches {
                        conds.push(Cond::Matches(user_regex(rule, &p)?));
                    }
                    if let Some(p) = d.present {
                        conds.push(Cond::Present(p));
                    }
                    if let Some(n) = d.count {
                        conds.push(Cond::Count(n));
                    }
                    conds
                }
            };
            when.push(When::new(field, conds));
        }
        if let Some(days) = check.max_age_days.filter(|days| *days < 0) {
            return Err(RuleError {
                rule: Some(rule.to_string()),
                message: format!("`max-age-days` is {days}: an age is 0 days or more"),
                help: Some("write a number of days, e.g. 90 (for `stale-goal`: `[rules.stale-goal] days = 90`)".into()),
                place: RulePlace::InRule(vec![Step::deep("max-age-days")]),
            });
        }
        let quarters = [
            ("min-quarters-ahead", check.min_quarters_ahead),
            ("max-quarters-ahead", check.max_quarters_ahead),
        ];
        for (key, quarters) in quarters {
            if let Some(n) = quarters.filter(|n| !(-MAX_QUARTERS..=MAX_QUARTERS).contains(n)) {
                return Err(RuleError {
                    rule: Some(rule.to_string()),
                    message: format!(
                        "`{key}` is {n}: a plan reaches at most {MAX_QUARTERS} quarters either way"
                    ),
                    help: Some("write a number of quarters, e.g. 4 (for `plan-horizon`: `[rules.plan-horizon] max-quarters = 4`)".into()),
                    place: RulePlace::InRule(vec![Step::deep(key)]),
                });
            }
        }
        let templates = check
            .message
            .iter()
            .map(|m| ("message", m))
            .chain(check.messages.values().map(|m| ("message", m)))
            .chain(check.help.iter().map(|h| ("help", h)))
            .chain(check.helps.values().map(|h| ("help", h)));
        for (name, template) in templates {
            let chars = template.chars().count();
            if chars > MAX_TEMPLATE_CHARS {
                return Err(RuleError {
                    rule: Some(rule.to_string()),
                    message: format!(
                        "the {name} is {chars} characters long; the limit is {MAX_TEMPLATE_CHARS}"
                    ),
                    help: Some("every finding repeats it: say it in fewer words".into()),
                    place: RulePlace::Rule,
                });
            }
        }
        let group = match (check.group_by, check.max_per_group) {
            (Some(by), Some(max)) => Some(Group {
                by,
                max,
                report_at: check.report_at.unwrap_or(ReportAt::Entity),
                kind: check
                    .group_kind
                    .as_deref()
                    .map(|k| kind(rule, k))
                    .transpose()?,
            }),
            (None, None) => None,
            _ => {
                return Err(RuleError {
                    rule: Some(rule.to_string()),
                    message: "`group-by` and `max-per-group` go together".into(),
                    help: Some("e.g. `group-by = \"team\"` with `max-per-group = 3`".into()),
                    place: RulePlace::Rule,
                })
            }
        };
        let mut compiled = Compiled {
            field: check.field.map(|f| f.to_vec()).unwrap_or_default(),
            when,
            required: check.required.unwrap_or(false),
            min: check.min,
            max: check.max,
            matches: check
                .matches
                .map(|p| user_regex(rule, &p).map(|r| (r, p)))
                .transpose()?,
            not_matches: check
                .not_matches
                .map(|p| user_regex(rule, &p).map(|r| (r, p)))
                .transpose()?,
            one_of: check.one_of.map(|values| {
                let keys = lower(&values);
                (values, keys)
            }),
            references: check
                .references
                .as_deref()
                .map(|k| kind(rule, k))
                .transpose()?,
            not_references: check
                .not_references
                .as_deref()
                .map(|k| kind(rule, k))
                .transpose()?,
            in_field: check
                .in_field
                .map(|f| f.to_vec())
                .unwrap_or_default()
                .iter()
                .map(|path| path.split('.').map(str::to_string).collect())
                .collect(),
            or_references: check
                .or_references
                .as_deref()
                .map(|k| kind(rule, k))
                .transpose()?,
            not_contains: match check.not_contains {
                Some(phrases) => phrase_regex(rule, &phrases)?,
                None => None,
            },
            all_checked: check.all_checked.unwrap_or(false),
            unique: check.unique.unwrap_or(false),
            group,
            min_quarters_ahead: check.min_quarters_ahead,
            max_quarters_ahead: check.max_quarters_ahead,
            max_age_days: check.max_age_days,
            message: check.message.map(Template::new),
            messages: (check.messages.into_iter())
                .map(|(failure, text)| (failure, Template::new(text)))
                .collect(),
            fixed_help: check
                .help
                .as_deref()
                .filter(|help| !help.contains('{'))
                .map(Arc::from),
            help_by_style: false,
            help: check.help.map(Template::new),
            helps: (check.helps.into_iter())
                .map(|(failure, text)| (failure, Template::new(text)))
                .collect(),
        };
        let needs_field = compiled.required
            || compiled.min.is_some()
            || compiled.max.is_some()
            || compiled.matches.is_some()
            || compiled.not_matches.is_some()
            || compiled.one_of.is_some()
            || compiled.references.is_some()
            || compiled.not_references.is_some()
            || !compiled.in_field.is_empty()
            || compiled.not_contains.is_some()
            || compiled.all_checked
            || compiled.unique
            || compiled.min_quarters_ahead.is_some()
            || compiled.max_quarters_ahead.is_some();
        if needs_field && compiled.field.is_empty() {
            return Err(RuleError {
                rule: Some(rule.to_string()),
                message: "the check has no `field`".into(),
                help: Some("name the field it reads, e.g. `field = \"owner\"`".into()),
                place: RulePlace::Rule,
            });
        }
        if (compiled.unique || compiled.group.is_some()) && compiled.failures().len() > 1 {
            let what = if compiled.unique {
                "`unique`"
            } else {
                "`group-by` with `max-per-group`"
            };
            return Err(RuleError {
                rule: Some(rule.to_string()),
                message: format!("{what} compares entities with each other and cannot share a check with other conditions"),
                help: Some("put the other conditions in a `[[check]]` of their own".into()),
                place: RulePlace::Rule,
            });
        }
        let options: Vec<String> = file.options.keys().cloned().collect();
        if compiled.or_references.is_some() && compiled.in_field.is_empty() {
            return Err(RuleError {
                rule: Some(rule.to_string()),
                message: "`or-references` goes with `in-field`".into(),
                help: Some(
                    "e.g. `in-field = \"team.members\"` with `or-references = \"team\"`".into(),
                ),
                place: RulePlace::Rule,
            });
        }
        compiled.check_templates(rule, &options, &possible)?;
        compiled.help_by_style = compiled.fixed_help.is_none()
            && compiled.help.as_ref().is_some_and(|help| {
                template_uses(help.as_str()).is_ok_and(|uses| {
                    uses.iter().all(|(name, _)| {
                        FIELD_PLACEHOLDERS.contains(name)
                            || *name == "kind"
                            || options.iter().any(|option| option == name)
                    })
                })
            });
        if !needs_field && compiled.group.is_none() && compiled.max_age_days.is_none() {
            return Err(RuleError {
                rule: Some(rule.to_string()),
                message: "the check checks nothing".into(),
                help: Some(
                    "add a condition: `required`, `min`, `max`, `matches`, `not-matches`, `one-of`, `references`, `in-field`, `not-contains`, `all-checked`, `unique`, `group-by` with `max-per-group`".into(),
                ),
    place: RulePlace::Rule,
            });
        }
        Ok(compiled)
    }

    /// How many regexes the rule file wrote for this check.
    pub(super) fn user_patterns(&self) -> usize {
        let in_when = self
            .when
            .iter()
            .flat_map(|when| &when.conds)
            .filter(|c| matches!(c, Cond::Matches(_)))
            .count();
        in_when + usize::from(self.matches.is_some()) + usize::from(self.not_matches.is_some())
    }

    /// The failures this check reports with its options' values, in the order they are tried.
    fn failures(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.required {
            out.extend(["missing", "empty", "placeholder"]);
        }
        let conditions = [
            (self.min.is_some(), "min"),
            (self.max.is_some(), "max"),
            (self.matches.is_some(), "matches"),
            (self.not_matches.is_some(), "not-matches"),
            (self.one_of.is_some(), "one-of"),
            (self.references.is_some(), "references"),
            (self.not_references.is_some(), "not-references"),
            (!self.in_field.is_empty(), "in-field"),
            (self.not_contains.is_some(), "not-contains"),
            (self.all_checked, "all-checked"),
            (self.unique, "unique"),
            (self.group.is_some(), "max-per-group"),
            (self.min_quarters_ahead.is_some(), "min-quarters-ahead"),
            (self.max_quarters_ahead.is_some(), "max-quarters-ahead"),
            (self.max_age_days.is_some(), "max-age-days"),
        ];
        out.extend(conditions.iter().filter(|(on, _)| *on).map(|(_, f)| *f));
        out
    }

    /// The placeholders a message for `failure` can use: the entity's
    /// (`id`, `kind`, `path`), `field` when the check reads one, the rule's
    /// options, and what the failure itself fills.
    fn placeholders(&self, failure: &str, options: &[String]) -> Vec<String> {
        let mut names: Vec<String> = ENTITY_PLACEHOLDERS.map(String::from).to_vec();
        if !self.field.is_empty() {
            names.extend(FIELD_PLACEHOLDERS.map(String::from));
        }
        names.extend(options.iter().cloned());
        names.extend(failure_placeholders(failure).iter().map(|s| s.to_string()));
        names
    }

    /// Every `messages` key is a failure this check can report, and every
    /// `{name}` in its messages and help is one that is filled whenever the
    /// text is used.
    fn check_templates(
        &self,
        rule: &str,
        options: &[String],
        failures: &[&'static str],
    ) -> Result<(), RuleError> {
        let error = |message: String, help: String, place: Vec<Step>| RuleError {
            rule: Some(rule.to_string()),
            message,
            help: Some(help),
            place: RulePlace::InRule(place),
        };
        // `messages.FAILURE` and `helps.FAILURE` each stand for their kind
        // of text for one failure; `message` and `help` for the others.
        let mut texts: Vec<(String, &str, Vec<&str>)> = Vec::new();
        for (table, one, whole) in [
            ("messages", &self.messages, self.message.as_ref()),
            ("helps", &self.helps, self.help.as_ref()),
        ] {
            for (key, text) in one {
                if !failures.contains(&key.as_str()) {
                    return Err(error(
                        format!("`{table}.{key}` is not a failure this check can report"),
                        format!("its failures are {}", quote_all(failures.iter().copied())),
                        vec![Step::deep(table), Step::key(key)],
                    ));
                }
                texts.push((format!("{table}.{key}"), text.as_str(), vec![key.as_str()]));
            }
            let uncovered: Vec<&str> = (failures.iter().copied())
                .filter(|f| !one.contains_key(*f))
                .collect();
            if let Some(whole) = whole {
                let name = if table == "messages" {
                    "message"
                } else {
                    "help"
                };
                texts.push((name.into(), whole.as_str(), uncovered));
            }
        }
        for (key, text, applies_to) in texts {
            let uses = template_uses(text).map_err(|written| {
                let name: String = written.chars().skip(1).take_while(|c| *c != ':').collect();
                error(
                    format!("`{key}` has `{written}`, which is not a choice of two forms"),
                    format!("write `{{{name}:singular|plural}}`: two forms split by one `|`, with no `{{` or `}}` in them"),
                    vec![Step::text(text), Step::within(written)],
                )
            })?;
            for (name, written) in uses {
                for failure in &applies_to {
                    let known = self.placeholders(failure, options);
                    if !known.iter().any(|k| k == name) {
                        let listed: Vec<String> =
                            known.iter().map(|k| format!("{{{k}}}")).collect();
                        return Err(error(
                            format!("`{key}` uses `{{{name}}}`, which is not filled when the check fails with `{failure}`"),
                            format!("it can use {}", quote_all(listed.iter().map(String::as_str))),
                            vec![Step::text(text), Step::within(written)],
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// What the check reads beyond the entities: file ages for
    /// `max-age-days`, "now" for it and for the quarter bounds.
    pub(super) fn needs(&self) -> Needs {
        let ages = self.max_age_days.is_some();
        Needs {
            file_ages: ages,
            now: ages || self.min_quarters_ahead.is_some() || self.max_quarters_ahead.is_some(),
        }
    }

    /// The [`VIRTUAL_FIELDS`] the check reads as its `field`: the plan
    /// writes them into its entities ([`Plan::write_virtual_fields`]).
    pub(super) fn virtual_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        VIRTUAL_FIELDS
            .into_iter()
            .filter(|name| self.field.iter().any(|read| read == name))
    }

    /// Whether a condition reads the values that are not placeholders
    /// (the others read every value, or none).
    fn reads_real_values(&self) -> bool {
        self.min.is_some()
            || self.max.is_some()
            || self.matches.is_some()
            || self.not_matches.is_some()
            || self.one_of.is_some()
            || self.references.is_some()
            || self.not_references.is_some()
            || !self.in_field.is_empty()
            || self.min_quarters_ahead.is_some()
            || self.max_quarters_ahead.is_some()
    }

    pub(super) fn reports_at_group(&self) -> Option<EntityKind> {
        self.group
            .as_ref()
            .filter(|g| g.report_at == ReportAt::Group)
            .and_then(|g| g.kind)
    }

    /// Whether the check compares entities with each other (`unique`,
    /// `group`) rather than reading one at a time.
    fn is_across(&self) -> bool {
        self.unique || self.group.is_some()
    }

    /// Whether one of `rule`'s checks compares entities with each other.
    fn any_across(rule: &Rule) -> bool {
        rule.checks.iter().any(Compiled::is_across)
    }

    /// Whether one of `rule`'s checks reads one entity at a time: the
    /// rule is walked over the entities.
    fn any_per_entity(rule: &Rule) -> bool {
        !rule.checks.iter().all(Compiled::is_across)
    }

    fn selects(&self, plan: &Plan, entity: &Entity) -> bool {
        self.when.iter().all(|when| when.holds(plan, entity))
    }
}

impl Cond {
    /// Whether a field whose texts are `texts` meets the condition;
    /// `Count` leaves out the texts `is_placeholder` names.
    fn holds<'t>(
        &self,
        mut texts: impl Iterator<Item = &'t str>,
        is_placeholder: impl Fn(&str) -> bool,
    ) -> bool {
        match self {
            Cond::Bool(b) => texts.any(|t| key(t) == bool_text(*b)),
            Cond::OneOf(set) => texts.any(|t| set.contains_key_of(t)),
            Cond::NotOneOf(set) => !texts.any(|t| set.contains_key_of(t)),
            Cond::Matches(re) => texts.any(|t| re.is_match(haystack(t))),
            Cond::Present(p) => *p != texts.all(|t| crate::text::trim(t).is_empty()),
            Cond::Count(n) => texts.filter(|t| !is_placeholder(t)).count() == *n,
        }
    }
}

pub use crate::model::VIRTUAL_FIELDS;

/// Placeholders every message and `help` can use, beyond `{field}` (when
/// the check reads one), the rule's options and its failure's own.
pub const ENTITY_PLACEHOLDERS: [&str; 3] = ["id", "kind", "path"];

/// A field's texts, including the [`VIRTUAL_FIELDS`], borrowed from the
/// plan: an iterator, not a list, since the rules ask this per entity, per
/// field and per check.
fn texts<'a>(plan: &'a Plan, entity: &'a Entity, field: &str) -> Texts<'a> {
    match plan.virtual_text(entity, field) {
        Some(text) => Texts::One(text),
        None => Texts::Values(
            entity
                .field(field)
                .map_or(&[][..], |f| f.values.as_slice())
                .iter(),
        ),
    }
}

/// The texts [`texts`] yields: a virtual field's one text, or a field's values.
#[derive(Clone)]
enum Texts<'a> {
    One(Option<&'a str>),
    Values(std::slice::Iter<'a, Value>),
}

impl<'a> Iterator for Texts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Texts::One(text) => text.take(),
            Texts::Values(values) => values.next().map(|v| v.text.as_str()),
        }
    }
}

/// Whether `text` names an entity of `kind` (by id or name), without
/// building `lookup`'s list, which a repeated id makes long.
fn exists(plan: &Plan, kind: EntityKind, text: &str) -> bool {
    plan.first_named(&[kind], text).is_some()
}

/// One failed condition, before it becomes a diagnostic.
#[derive(Clone)]
struct Finding {
    entity: usize,
    span: Span,
    failure: &'static str,
    /// Shared by a group's findings: a group of 10,000 goals over its limit
    /// made 10,000 copies of its five values, held and then freed on one
    /// thread.
    vars: Arc<[(&'static str, String)]>,
    /// How many items its list placeholder names (`values`, `entities` or
    /// `allowed`: a failure fills at most one), for the choices keyed on it.
    listed: Option<usize>,
}

impl Finding {
    /// The finding, with the number of items its list placeholder names.
    fn listing(self, items: usize) -> Finding {
        Finding {
            listed: Some(items),
            ..self
        }
    }
}

/// The placeholders a failure fills with a list ([`quote_list`]); a choice
/// keyed on one counts its items ([`Finding::listed`]).
const LIST_PLACEHOLDERS: [&str; 3] = ["values", "entities", "allowed"];

/// The most entities or values from the plan a message names: a finding
/// about 10,000 goals names a few and counts the rest, so each finding stays
/// small and the output linear in the plan.
const LISTED: usize = 5;

/// The most values from a rule file (`one-of`) a message names.
const LISTED_ALLOWED: usize = 10;

/// The most characters of one listed item a message shows: a finding may
/// name other entities, and their ids can be long.
const LISTED_CHARS: usize = 80;

/// `` `a`, `b`, `c` ``; past `limit` items, or past what a message shows
/// of a value ([`MAX_VALUE_BYTES`]), the items that fit and `and N more`:
/// a list is never cut inside an item, where a backtick would be left
/// open. Only the items shown are read.
fn quote_list<'a>(items: impl ExactSizeIterator<Item = &'a str>, limit: usize) -> String {
    let total = items.len();
    // Room for " and 1000000 more" after the items.
    let room = MAX_VALUE_BYTES - 20;
    // Written into one string: a string per item, then a list of them to
    // join, was 1.8% of a PostHog plan's check (a message per owner).
    let mut out = String::new();
    let mut shown = 0;
    for item in items.take(limit) {
        let item = crate::text::shorten(item, LISTED_CHARS);
        // The first item always shows, cut to the room if it must be.
        let item = match shown {
            0 => shorten_to_bytes(&item, room - 2),
            _ if out.len() + item.len() + 4 > room => break,
            _ => item,
        };
        if shown > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(&item);
        out.push('`');
        shown += 1;
    }
    if total > shown {
        out.push_str(" and ");
        out.push_str(&(total - shown).to_string());
        out.push_str(" more");
    }
    out
}

/// `` `a`, `b`, `c` ``, every item whole: the names a configuration
/// error lists to choose from.
fn quote_all<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.map(|item| format!("`{item}`")).collect();
    quoted.join(", ")
}

/// `text`, or as much of it as fits in `max` bytes with `…` (on a
/// character boundary).
fn shorten_to_bytes(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", text.get(..end).unwrap_or_default()))
}

/// A field's name as messages show it: `done_when` is `done when`.
fn field_label(name: &str) -> Cow<'_, str> {
    if name.contains('_') {
        Cow::Owned(name.replace('_', " "))
    } else {
        Cow::Borrowed(name)
    }
}

/// Placeholders every message and `help` of a check that reads a field
/// can use: its name, and where the entity's file writes it.
pub const FIELD_PLACEHOLDERS: [&str; 4] = ["field", "field-place", "field-key", "field-tick"];

/// What a hint asks for when it names where a field is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// A part of the entity to add, with its article: "a `## Why`
    /// section" (`{field-place}`).
    Part,
    /// The key or line that holds a value: "`owner:` in the frontmatter"
    /// (`{field-key}`).
    Key,
    /// How one of its items is ticked: "`- [x]`", or a done flag on a data
    /// list's item (`{field-tick}`).
    Tick,
}

/// Where the entity's file writes `field`, as its source reads it: a
/// goal in YAML is told to add a key, not a Markdown section.
fn field_place(style: &FieldStyle, field: &str, kind: EntityKind, wanted: Wanted) -> String {
    let written = style.name_of(field);
    let configured = written != field;
    let mut title = written.replace('_', " ");
    if let Some(first) = title.get(..1).filter(|c| c.is_ascii()) {
        title.replace_range(..1, &first.to_ascii_uppercase());
    }
    let kind = kind.as_str();
    let article = |name: &str| match name.chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    };
    match (style.form, wanted) {
        (FieldForm::Keys, Wanted::Tick) => "`done: true` on each of its items".to_string(),
        (_, Wanted::Tick) => "`- [x]`".to_string(),
        (FieldForm::Sections, Wanted::Part) => format!("{} `## {title}` section", article(&title)),
        (FieldForm::Sections, Wanted::Key) if configured => format!("`{title}`"),
        (FieldForm::Sections, Wanted::Key) => format!("`{written}:` in the frontmatter"),
        (FieldForm::Headings, Wanted::Part) => format!(
            "{} `{title}` heading or `**{title}:**` line under the {kind}'s heading",
            article(&title)
        ),
        (FieldForm::Headings, Wanted::Key) => {
            format!("a `**{title}:**` line under the {kind}'s heading")
        }
        (FieldForm::Columns, Wanted::Part) => format!("{} `{title}` column", article(&title)),
        (FieldForm::Columns, Wanted::Key) => format!("the `{title}` column"),
        (FieldForm::Keys, Wanted::Part) => format!("{} `{written}` key", article(written)),
        (FieldForm::Keys, Wanted::Key) => format!("the `{written}` key"),
    }
}

/// The entities of `kinds`, in path order (the plan's order): a rule reads
/// the entities it can fail, not every entity of the plan.
fn entities_of<'p>(plan: &'p Plan, kinds: &[EntityKind]) -> Cow<'p, [usize]> {
    let list = |kind: &EntityKind| plan.indexes_of(*kind);
    match kinds {
        [one] => Cow::Borrowed(list(one)),
        _ => {
            let mut all: Vec<usize> = kinds.iter().flat_map(list).copied().collect();
            all.sort_unstable();
            all.dedup();
            Cow::Owned(all)
        }
    }
}

/// Tells the crash report which file a rule is on whenever that changes:
/// entities come in path order, so that is once per file and loop, not once
/// per entity.
#[derive(Default)]
struct WorkingOn {
    file: Option<usize>,
}

impl WorkingOn {
    fn entity(&mut self, plan: &Plan, entity: &Entity) {
        if self.file != Some(entity.file) {
            self.file = Some(entity.file);
            crate::crash::working_on(plan.path_of(entity));
        }
    }
}

/// An enabled rule, ready to run on entities one at a time.
struct Prepared<'p> {
    /// The rule's place among the enabled rules: its findings' order.
    number: usize,
    rule: &'p Rule,
    /// The rule's id, shared by all its diagnostics.
    id: Arc<str>,
    level: Level,
    /// Option values as messages show them, once per rule, not per
    /// finding, with the number of items of an array.
    options: foldhash::HashMap<&'p str, (String, Option<usize>)>,
    /// Per check: for a check that compares entities with each other
    /// (`unique`, `group`), its first finding per entity and that finding's
    /// place among the check's findings; `None` for per-entity checks.
    across: Vec<Option<foldhash::HashMap<usize, (usize, Finding)>>>,
}

/// Where a diagnostic stands in the rule-by-rule order: rule, check, then
/// the entity (or the cross-entity check's own order).
type Place = (usize, usize, usize);

/// A finding, where it stands, and the rule and check that found it: what
/// the walk collects and sorts. Diagnostics (their messages, paths and
/// positions: about 240 bytes and four strings each) are made once the
/// order is known, straight into the list that is returned. Made during
/// the walk, 46,000 of them were held twice over while the threads' lists
/// were joined, and moved again to drop their places.
///
/// A cross-entity finding is borrowed from its check's results: a group's
/// findings name its members and count, and were copied, strings and all,
/// for each.
type Found<'r, 'p> = (Place, &'r Prepared<'p>, &'p Compiled, Cow<'r, Finding>);

/// Runs the enabled `rules` on the plan. Each entity goes through every
/// rule about its kind before the next entity is read: a record is read
/// from memory once, not once per rule (looking fields up in 30,000
/// records per rule was a fifth of a check's time, mostly cache misses).
/// The findings come back in rule order, then check order, then entity
/// order, as if each rule had run alone.
///
/// The rules whose checks each read one entity are walked while the
/// cross-entity checks (`unique`, `group`) run: those are a few rules, one
/// thread each, and the walk kept the other cores busy meanwhile.
pub(super) fn run_rules(rules: &[(&Rule, Level)], plan: &Plan) -> Vec<Diagnostic> {
    let (per_entity, crossing): (Vec<_>, Vec<_>) = rules
        .iter()
        .enumerate()
        .partition(|(_, (rule, _))| !Compiled::any_across(rule));
    let per_entity = prepare_all(&per_entity, plan);
    let (crossing, mut found) = rayon::join(
        || prepare_all(&crossing, plan),
        || walk(&per_entity.iter().collect::<Vec<_>>(), plan),
    );
    // A rule with both kinds of checks is walked once its cross-entity
    // findings are known: an entity's first failing check wins.
    let mixed: Vec<&Prepared> = crossing
        .iter()
        .filter(|p| Compiled::any_per_entity(p.rule))
        .collect();
    if !mixed.is_empty() {
        found.append(&mut walk(&mixed, plan));
    }
    found.par_extend(crossing.par_iter().flat_map_iter(|p| across(p, plan)));
    // Each finding has its own place: the order is the same on every core.
    found.par_sort_unstable_by_key(|(place, ..)| *place);
    // Each file's path, made once it has a finding, shared by its diagnostics.
    let paths: Vec<OnceLock<Arc<str>>> = plan.files.iter().map(|_| OnceLock::new()).collect();
    found
        .into_par_iter()
        .map_init(HelpCache::default, |helps, found| {
            diagnostic(found, plan, &paths, helps)
        })
        .collect()
}

/// [`prepare`] for each of `rules`, numbered by their place among all.
fn prepare_all<'p>(rules: &[(usize, &(&'p Rule, Level))], plan: &'p Plan) -> Vec<Prepared<'p>> {
    rules
        .par_iter()
        .map(|&(number, &(rule, level))| prepare(number, rule, level, plan))
        .collect()
}

/// Every entity goes through each of `rules` about its kind, on every core.
fn walk<'r, 'p>(rules: &[&'r Prepared<'p>], plan: &'p Plan) -> Vec<Found<'r, 'p>> {
    // For each entity kind, the rules (positions in `rules`) that read it.
    let mut by_entity_kind: foldhash::HashMap<EntityKind, Vec<usize>> = Default::default();
    for (at, prepared) in rules.iter().enumerate() {
        let mut kinds = prepared.rule.file.on.clone();
        kinds.sort_unstable();
        kinds.dedup();
        for kind in kinds {
            by_entity_kind.entry(kind).or_default().push(at);
        }
    }
    (0..plan.entities.len())
        .into_par_iter()
        .with_min_len(256)
        .fold(
            || (EntityRun::new(rules, plan), Vec::new()),
            |(mut run, mut out), index| {
                run.entity(index, &by_entity_kind, &mut out);
                (run, out)
            },
        )
        .map(|(_, out)| {
            // On the thread that walked these entities.
            crate::crash::finished();
            out
        })
        .reduce(Vec::new, |mut a, mut b| {
            a.append(&mut b);
            a
        })
}

/// Compiles a rule's options for messages and runs its cross-entity checks.
fn prepare<'p>(number: usize, rule: &'p Rule, level: Level, plan: &'p Plan) -> Prepared<'p> {
    let options = rule
        .options
        .iter()
        .map(|(k, v)| {
            let items = v.as_array().map(Vec::len);
            (k.as_str(), (option_text(v), items))
        })
        .collect();
    let candidates = entities_of(plan, &rule.file.on);
    let mut working = WorkingOn::default();
    let across = rule
        .checks
        .iter()
        .map(|check| {
            if !check.is_across() {
                return None;
            }
            // Each entity is selected and then read by the check at once,
            // while it is in the cache: a list of the selected first meant
            // reading 110,000 entities twice, from memory on a large plan.
            let selected = candidates.iter().filter_map(|&i| {
                let entity = plan.entities.get(i)?;
                working.entity(plan, entity);
                check.selects(plan, entity).then_some((i, entity))
            });
            let findings = match &check.group {
                Some(group) if !check.unique => grouped(group, plan, selected),
                _ => unique(check, plan, selected),
            };
            let mut first: foldhash::HashMap<usize, (usize, Finding)> = Default::default();
            for (place, finding) in findings.into_iter().enumerate() {
                first.entry(finding.entity).or_insert((place, finding));
            }
            Some(first)
        })
        .collect();
    crate::crash::finished();
    Prepared {
        number,
        rule,
        id: Arc::from(rule.file.id.as_str()),
        level,
        options,
        across,
    }
}

/// The findings of a rule's cross-entity checks that the walk does not
/// report, each for the first check that found it: all of them when the
/// rule has no other checks (it is not walked), else those about entities
/// of kinds the rule does not walk (`team-focus` walks goals and reports
/// their team).
fn across<'r, 'p>(prepared: &'r Prepared<'p>, plan: &Plan) -> Vec<Found<'r, 'p>> {
    let checks = &prepared.rule.checks;
    let walked = Compiled::any_per_entity(prepared.rule);
    let reported_by_walk = |index: &usize| {
        walked
            && plan
                .entities
                .get(*index)
                .is_some_and(|entity| prepared.rule.file.on.contains(&entity.kind))
    };
    let mut reported: foldhash::HashSet<usize> = Default::default();
    let mut out = Vec::new();
    for (check_number, (check, across)) in checks.iter().zip(&prepared.across).enumerate() {
        let Some(first) = across else {
            continue;
        };
        let mut found: Vec<(&usize, &(usize, Finding))> = first
            .iter()
            .filter(|(index, _)| !reported_by_walk(index) && reported.insert(**index))
            .collect();
        found.sort_unstable_by_key(|(_, (place, _))| *place);
        for (_, (place, finding)) in found {
            out.push((
                (prepared.number, check_number, *place),
                prepared,
                check,
                Cow::Borrowed(finding),
            ));
        }
    }
    out
}

/// One thread's walk over a run of entities: the state each per-entity
/// check keeps from entity to entity.
struct EntityRun<'a, 'r, 'p> {
    prepared: &'a [&'r Prepared<'p>],
    plan: &'p Plan,
    /// Per rule, per check.
    checks: Vec<Vec<CheckRun<'p>>>,
    working: WorkingOn,
}

impl<'a, 'r, 'p> EntityRun<'a, 'r, 'p> {
    fn new(prepared: &'a [&'r Prepared<'p>], plan: &'p Plan) -> Self {
        let now_quarter = quarter_of_unix(plan.now);
        let checks = prepared
            .iter()
            .map(|p| {
                p.rule
                    .checks
                    .iter()
                    .map(|_| CheckRun {
                        sets: FieldKeys::default(),
                        now_quarter,
                        quarter_names: None,
                        real: Vec::new(),
                    })
                    .collect()
            })
            .collect();
        EntityRun {
            prepared,
            plan,
            checks,
            working: WorkingOn::default(),
        }
    }

    /// Runs every rule about the entity's kind on it: a rule reports an
    /// entity once, for the first of its checks that fails.
    fn entity(
        &mut self,
        index: usize,
        by_entity_kind: &foldhash::HashMap<EntityKind, Vec<usize>>,
        out: &mut Vec<Found<'r, 'p>>,
    ) {
        let plan = self.plan;
        let Some(entity) = plan.entities.get(index) else {
            return;
        };
        let Some(rules) = by_entity_kind.get(&entity.kind) else {
            return;
        };
        self.working.entity(plan, entity);
        for &at in rules {
            let (Some(&prepared), Some(runs)) = (self.prepared.get(at), self.checks.get_mut(at))
            else {
                continue;
            };
            let checks = prepared.rule.checks.iter().zip(&prepared.across);
            for (check_number, ((check, across), run)) in checks.zip(runs).enumerate() {
                let found = match across {
                    Some(first) => first
                        .get(&index)
                        .map(|(place, finding)| (*place, Cow::Borrowed(finding))),
                    None if check.selects(plan, entity) => evaluate(check, plan, index, run)
                        .map(|finding| (index, Cow::Owned(finding))),
                    None => None,
                };
                if let Some((place, finding)) = found {
                    let place = (prepared.number, check_number, place);
                    out.push((place, prepared, check, finding));
                    break;
                }
            }
        }
    }
}

/// Helps made for a check, a file style and an entity kind
/// ([`Compiled::help_by_style`]), by the check's and the style's names'
/// addresses: 46,000 findings of one rule were 46,000 renderings of a few
/// texts.
type HelpCache = foldhash::HashMap<(usize, FieldForm, usize, EntityKind), Arc<str>>;

fn diagnostic(
    found: Found,
    plan: &Plan,
    paths: &[OnceLock<Arc<str>>],
    helps: &mut HelpCache,
) -> Diagnostic {
    let (_, prepared, check, finding) = found;
    let (level, options) = (prepared.level, &prepared.options);
    let entity = &plan.entities[finding.entity];
    let file = &plan.files[entity.file];
    let field = check.field.first().map(|name| field_label(name));
    // Where the file writes the field: made only when a text asks.
    let place = |wanted| {
        let name = check.field.first().map_or("", String::as_str);
        field_place(&file.style, name, entity.kind, wanted)
    };
    let (part, key, tick) = (
        std::cell::OnceCell::new(),
        std::cell::OnceCell::new(),
        std::cell::OnceCell::new(),
    );
    // The finding's own values first (a few, each named once: a scan),
    // then the rule's options, then the entity's.
    let vars = |name: &str| {
        let found = finding.vars.iter().find(|(n, _)| *n == name);
        found
            .map(|(n, value)| Fill {
                text: value.as_str(),
                items: finding.listed.filter(|_| LIST_PLACEHOLDERS.contains(n)),
            })
            .or_else(|| {
                options.get(name).map(|(text, items)| Fill {
                    text: text.as_str(),
                    items: *items,
                })
            })
            .or_else(|| match name {
                "id" => Some(Fill::text(entity.id.as_str())),
                "kind" => Some(Fill::text(entity.kind.as_str())),
                "path" => Some(Fill::text(file.path.as_str())),
                "field" => field.as_deref().map(Fill::text),
                "field-place" if field.is_some() => {
                    Some(Fill::text(part.get_or_init(|| place(Wanted::Part))))
                }
                "field-key" if field.is_some() => {
                    Some(Fill::text(key.get_or_init(|| place(Wanted::Key))))
                }
                "field-tick" if field.is_some() => {
                    Some(Fill::text(tick.get_or_init(|| place(Wanted::Tick))))
                }
                _ => None,
            })
    };
    let template = check
        .messages
        .get(finding.failure)
        .or(check.message.as_ref())
        .unwrap_or_else(|| default_template(finding.failure));
    let (message, number_was_one) = template.render(vars, Numbers::Counted);
    // Only a singular form chosen by a number makes the identity differ
    // from the message: rendered again, rarely.
    let identity_message =
        number_was_one.then(|| Arc::from(template.render(vars, Numbers::Plural).0));
    let own_help = check.helps.get(finding.failure);
    let help = match (own_help, &check.fixed_help, check.help.as_ref()) {
        // A failure's own help: a few failures of a few checks, made each time.
        (Some(own), ..) => Some(Arc::from(own.fill(vars))),
        (None, Some(fixed), _) => Some(Arc::clone(fixed)),
        (None, None, Some(help)) if check.help_by_style => {
            let names =
                (file.style.names.as_ref()).map_or(0, |n| Arc::as_ptr(n).cast::<()>() as usize);
            let key = (
                check as *const Compiled as usize,
                file.style.form,
                names,
                entity.kind,
            );
            let made = helps
                .entry(key)
                .or_insert_with(|| Arc::from(help.fill(vars)));
            Some(Arc::clone(made))
        }
        (None, None, help) => help.map(|h| Arc::from(h.fill(vars))),
    };
    let help = match (help, meant(check, &finding, plan)) {
        (Some(help), Some(meant)) => Some(Arc::from(format!("{help}; {meant}"))),
        (None, Some(meant)) => Some(Arc::from(meant)),
        (help, None) => help,
    };
    let span = clamp(&file.text, finding.span.clone());
    let path = match paths.get(entity.file) {
        Some(shared) => Arc::clone(shared.get_or_init(|| Arc::from(file.path.as_str()))),
        None => Arc::from(file.path.as_str()),
    };
    Diagnostic {
        rule: Arc::clone(&prepared.id),
        level,
        message,
        path,
        start: file.position(span.start),
        end: file.position(span.end),
        span,
        entity: entity.reference(),
        help,
        identity_message,
    }
}

/// What a link that names no entity may have meant, said after the help:
/// the ids whose last part is its name (`2025h1/polonius` and
/// `2025h2/polonius` for `polonius`, ids told apart by their folders).
fn meant(check: &Compiled, finding: &Finding, plan: &Plan) -> Option<String> {
    let kind = check
        .references
        .filter(|_| finding.failure == "references")?;
    let (_, value) = finding.vars.iter().find(|(name, _)| *name == "value")?;
    // Named by their places in the plan: a name that a thousand folders
    // share costs its first few ids a finding, not a list of all. Else a
    // typo: an id one edit away.
    let typos;
    let meant = match plan.ending_in(kind, value) {
        [] => {
            typos = plan.one_edit_from(kind, value);
            typos.as_slice()
        }
        ending_in => ending_in,
    };
    let one_of = match meant.len() {
        0 => return None,
        1 => "",
        _ => "one of ",
    };
    let ids = (meant.iter()).map(|&at| plan.entities.get(at).map_or("", |e| e.id.as_str()));
    Some(format!("did you mean {one_of}{}?", quote_list(ids, LISTED)))
}

fn clamp(text: &str, span: Span) -> Span {
    let end = span.end.min(text.len());
    span.start.min(end)..end
}

/// An option's value in a message; a long list names its first few.
fn option_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => {
            let mut text = items
                .iter()
                .take(LISTED_ALLOWED)
                .map(option_text)
                .collect::<Vec<_>>()
                .join(", ");
            if items.len() > LISTED_ALLOWED {
                text.push_str(&format!(" and {} more", items.len() - LISTED_ALLOWED));
            }
            text
        }
        other => other.to_string(),
    }
}

/// As much of a value as a message can show ([`super::template::push_bounded`] cuts it at
/// [`MAX_VALUE_BYTES`]): its first character past the limit marks it as
/// longer. A finding holds its value until the report is written; held
/// whole, 200 rules failing on one 9 MB value took 1.8 GB.
fn shown(value: &str) -> String {
    let mut end = (MAX_VALUE_BYTES + 1).min(value.len());
    while !value.is_char_boundary(end) {
        end += 1;
    }
    value.get(..end).unwrap_or(value).to_string()
}

/// The failures a check can report with some value of its options: a
/// condition written as `required = "$require"` may be switched on by the
/// user, so its messages are checked even while it is off.
fn possible_failures(check: &Check) -> Vec<&'static str> {
    let mut out = Vec::new();
    if check.required.is_some() {
        out.extend(["missing", "empty", "placeholder"]);
    }
    let conditions = [
        (check.min.is_some(), "min"),
        (check.max.is_some(), "max"),
        (check.matches.is_some(), "matches"),
        (check.not_matches.is_some(), "not-matches"),
        (check.one_of.is_some(), "one-of"),
        (check.references.is_some(), "references"),
        (check.not_references.is_some(), "not-references"),
        (check.in_field.is_some(), "in-field"),
        (check.not_contains.is_some(), "not-contains"),
        (check.all_checked.is_some(), "all-checked"),
        (check.unique.is_some(), "unique"),
        (check.group_by.is_some(), "max-per-group"),
        (check.min_quarters_ahead.is_some(), "min-quarters-ahead"),
        (check.max_quarters_ahead.is_some(), "max-quarters-ahead"),
        (check.max_age_days.is_some(), "max-age-days"),
    ];
    out.extend(conditions.iter().filter(|(on, _)| *on).map(|(_, f)| *f));
    out
}

/// Every failure a check can report (the `messages` keys), in the order
/// they are tried, with the placeholders it fills beyond the entity's.
pub const FAILURES: &[(&str, &[&str])] = &[
    ("missing", &[]),
    ("empty", &[]),
    ("placeholder", &["value"]),
    ("min", &["count", "limit"]),
    ("max", &["count", "limit", "values"]),
    ("matches", &["value", "pattern"]),
    ("not-matches", &["value", "pattern"]),
    ("one-of", &["value", "allowed"]),
    ("references", &["value", "values", "target"]),
    ("not-references", &["value", "target"]),
    ("in-field", &["value", "in"]),
    ("not-contains", &["value", "phrase"]),
    ("all-checked", &["count", "total", "value"]),
    ("unique", &["value", "first"]),
    ("max-per-group", &["group", "count", "entities", "limit"]),
    ("min-quarters-ahead", &["value", "ahead", "now", "earliest"]),
    ("max-quarters-ahead", &["value", "ahead", "now", "latest"]),
    ("max-age-days", &["age", "limit"]),
];

/// What a failure fills in its message, beyond the entity's placeholders.
fn failure_placeholders(failure: &str) -> &'static [&'static str] {
    FAILURES
        .iter()
        .find(|(name, _)| *name == failure)
        .map_or(&[], |(_, names)| names)
}

/// [`default_message`] read once, for every failure.
fn default_template(failure: &str) -> &'static Template {
    static DEFAULTS: LazyLock<Vec<(&str, Template)>> = LazyLock::new(|| {
        (FAILURES.iter())
            .map(|(failure, _)| (*failure, Template::new(default_message(failure).into())))
            .collect()
    });
    static OTHER: LazyLock<Template> = LazyLock::new(|| Template::new(default_message("").into()));
    (DEFAULTS.iter())
        .find(|(name, _)| *name == failure)
        .map_or(&*OTHER, |(_, template)| template)
}

fn default_message(failure: &str) -> &'static str {
    match failure {
        "missing" => "{kind} `{id}` has no {field}",
        "empty" => "{kind} `{id}` has an empty {field}",
        "placeholder" => "{kind} `{id}` has a placeholder for its {field}: `{value}`",
        "min" => "{kind} `{id}` has {count} {field} {count:value|values}; at least {limit} required",
        "max" => "{kind} `{id}` has {count} {field} {count:value|values} ({values}); at most {limit} allowed",
        "matches" => "{field} `{value}` of {kind} `{id}` does not match `{pattern}`",
        "not-matches" => "{field} `{value}` of {kind} `{id}` matches `{pattern}`",
        "one-of" => "{field} `{value}` of {kind} `{id}` is not one of {allowed}",
        "references" => "{kind} `{id}` names {target}{values:|s} {values}, which {values:does|do} not exist",
        "not-references" => "{field} `{value}` of {kind} `{id}` is a {target}",
        "in-field" => "{field} `{value}` of {kind} `{id}` is not in {in}",
        "not-contains" => "{field} of {kind} `{id}` contains `{phrase}`",
        "all-checked" => "{kind} `{id}` has {count} unticked {count:item|items} in its {field}",
        "unique" => "{kind} `{id}` has the same {field} `{value}` as the {kind} at {first}",
        "max-per-group" => "{group} has {count} {kind}{count:|s} ({entities}); at most {limit} allowed",
        "min-quarters-ahead" => "{kind} `{id}` is planned for {value}, before {earliest}",
        "max-quarters-ahead" => "{kind} `{id}` is planned for {value}, after {latest}",
        "max-age-days" => "{kind} `{id}` has not changed for {age} {age:day|days}; the limit is {limit}",
        _ => "{kind} `{id}` fails this rule",
    }
}

fn finding(
    entity: usize,
    span: Span,
    failure: &'static str,
    vars: impl Into<Arc<[(&'static str, String)]>>,
) -> Finding {
    let vars = vars.into();
    debug_assert_eq!(
        // A group finding names the kind of its members, not of the group.
        vars.iter()
            .map(|(name, _)| *name)
            .filter(|name| *name != "kind")
            .collect::<Vec<_>>(),
        failure_placeholders(failure),
        "the placeholders `{failure}` fills and those it declares differ"
    );
    Finding {
        entity,
        span,
        failure,
        vars,
        listed: None,
    }
}

/// What one check's run shares across its entities.
struct CheckRun<'p> {
    /// `in-field`'s sets of keys, built once per target entity and path.
    sets: FieldKeys,
    /// The quarter "now" falls in, for the quarter bounds.
    now_quarter: i64,
    /// Its name and the bounds', as messages show them: written once per
    /// check, not per finding.
    quarter_names: Option<QuarterNames>,
    /// The entity's values that are neither blank nor a placeholder: a
    /// buffer reused from entity to entity, filled once per entity.
    real: Vec<&'p Value>,
}

/// A field's values that are not blank.
fn written(field: &Field) -> impl Iterator<Item = &Value> + Clone {
    field
        .values
        .iter()
        .filter(|v| !crate::text::trim(&v.text).is_empty())
}

/// Runs the per-entity conditions of one check on one entity. The values
/// are iterated, not collected: this runs per entity and per check.
fn evaluate<'p>(
    check: &Compiled,
    plan: &'p Plan,
    index: usize,
    run: &mut CheckRun<'p>,
) -> Option<Finding> {
    let entity = &plan.entities[index];
    let anchor = entity.record.anchor.clone();
    let field = check
        .field
        .iter()
        .find_map(|name| entity.field(name).map(|f| (name.as_str(), f)));
    if check.required {
        match field {
            None => return Some(finding(index, anchor, "missing", vec![])),
            Some((_, f)) => {
                let mut meaningful = written(f);
                match meaningful.next() {
                    None if f.tasks.is_empty() => {
                        return Some(finding(index, f.span(), "empty", vec![]));
                    }
                    Some(first)
                        if f.tasks.is_empty()
                            && plan.is_placeholder(&first.text)
                            && meaningful.all(|v| plan.is_placeholder(&v.text)) =>
                    {
                        return Some(finding(
                            index,
                            first.span(),
                            "placeholder",
                            vec![("value", shown(&first.text))],
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some((_, f)) = field {
        run.real.clear();
        if check.reads_real_values() {
            run.real
                .extend(written(f).filter(|v| !plan.is_placeholder(&v.text)));
        }
        let real = || run.real.iter().copied();
        if let Some(min) = check.min {
            let count = distinct(&run.real).len();
            if count < min {
                return Some(finding(
                    index,
                    f.span(),
                    "min",
                    vec![("count", count.to_string()), ("limit", min.to_string())],
                ));
            }
        }
        // Placeholders count as missing: a `TBD` seat is no member yet.
        if let Some(max) = check.max {
            // A name written twice (one person in two roles) counts once;
            // the values are keyed only when there are too many of them.
            let distinct = (run.real.len() > max).then(|| distinct(&run.real));
            let distinct = distinct.as_deref().unwrap_or(&run.real);
            let count = distinct.len();
            if count > max {
                let values: Vec<&str> = distinct.iter().map(|v| v.text.as_str()).collect();
                return Some(
                    finding(
                        index,
                        f.span(),
                        "max",
                        vec![
                            ("count", count.to_string()),
                            ("limit", max.to_string()),
                            ("values", quote_list(values.into_iter(), LISTED)),
                        ],
                    )
                    .listing(count),
                );
            }
        }
        if let Some((re, pattern)) = &check.matches {
            if let Some(v) = real().find(|v| !re.is_match(haystack(&v.text))) {
                return Some(finding(
                    index,
                    v.span(),
                    "matches",
                    vec![("value", shown(&v.text)), ("pattern", pattern.clone())],
                ));
            }
        }
        if let Some((re, pattern)) = &check.not_matches {
            if let Some(v) = real().find(|v| re.is_match(haystack(&v.text))) {
                return Some(finding(
                    index,
                    v.span(),
                    "not-matches",
                    vec![("value", shown(&v.text)), ("pattern", pattern.clone())],
                ));
            }
        }
        if let Some((allowed, set)) = &check.one_of {
            if let Some(v) = real().find(|v| !set.contains_key_of(&v.text)) {
                return Some(
                    finding(
                        index,
                        v.span(),
                        "one-of",
                        vec![
                            ("value", shown(&v.text)),
                            (
                                "allowed",
                                quote_list(allowed.iter().map(String::as_str), LISTED_ALLOWED),
                            ),
                        ],
                    )
                    .listing(allowed.len()),
                );
            }
        }
        if let Some(kind) = check.references {
            let missing = || real().filter(|v| !exists(plan, kind, &v.text));
            if let Some(first) = missing().next() {
                // Listed only when one is missing: the rare path.
                let all: Vec<&str> = missing().map(|v| v.text.as_str()).collect();
                let items = all.len();
                return Some(
                    finding(
                        index,
                        first.span(),
                        "references",
                        vec![
                            ("value", shown(&first.text)),
                            ("values", quote_list(all.into_iter(), LISTED)),
                            ("target", kind.to_string()),
                        ],
                    )
                    .listing(items),
                );
            }
        }
        if let Some(kind) = check.not_references {
            // A name that is a team's member or lead is a person, though it
            // names something else too (`@a` on a team with the id `a`).
            let names_other =
                |text: &str| exists(plan, kind, text) && !plan.names_a_team_member(text);
            if let Some(v) = real().find(|v| names_other(&v.text)) {
                return Some(finding(
                    index,
                    v.span(),
                    "not-references",
                    vec![("value", shown(&v.text)), ("target", kind.to_string())],
                ));
            }
        }
        if !check.in_field.is_empty() {
            if let Some(found) = in_field(check, plan, index, &run.real, &mut run.sets) {
                return Some(found);
            }
        }
        if let Some(re) = &check.not_contains {
            for v in written(f) {
                let text = haystack(&v.text);
                // Most values hold no phrase: asked first without the
                // captures, which cost a search of their own and an
                // allocation per value.
                if !re.is_match(text) {
                    continue;
                }
                if let Some(caps) = re.captures(text) {
                    let phrase = caps.get(1).map_or("", |m| m.as_str()).to_string();
                    return Some(finding(
                        index,
                        v.span(),
                        "not-contains",
                        vec![("value", shown(&v.text)), ("phrase", phrase)],
                    ));
                }
            }
        }
        if check.all_checked {
            let mut open = f.tasks.iter().filter(|t| !t.checked);
            if let Some(first) = open.next() {
                return Some(finding(
                    index,
                    first.span(),
                    "all-checked",
                    vec![
                        ("count", (1 + open.count()).to_string()),
                        ("total", f.tasks.len().to_string()),
                        ("value", shown(&first.text)),
                    ],
                ));
            }
        }
        if check.min_quarters_ahead.is_some() || check.max_quarters_ahead.is_some() {
            let value = run.real.first().copied();
            if let Some(found) = quarters(check, run, index, value) {
                return Some(found);
            }
        }
    }
    if let Some(days) = check.max_age_days {
        let changed = plan.last_changed.get(plan.path_of(entity))?;
        // Saturating: commit dates are the repository's, and may be forged.
        let age = plan.now.saturating_sub(*changed) / 86_400;
        if age > days {
            return Some(finding(
                index,
                anchor,
                "max-age-days",
                vec![("age", age.to_string()), ("limit", days.to_string())],
            ));
        }
    }
    None
}

/// The keys of one field of one entity (`members` of a team), as `in-field`
/// compares with them: built once per entity and field for a whole check,
/// so a team of a million members costs a million once, not per goal.
type FieldKeys = foldhash::HashMap<(usize, usize), foldhash::HashSet<String>>;

/// Values must appear in the fields the `in-field` paths name. Skipped when
/// a hop cannot be followed (an unknown team: another rule reports that).
fn in_field(
    check: &Compiled,
    plan: &Plan,
    index: usize,
    values: &[&Value],
    sets: &mut FieldKeys,
) -> Option<Finding> {
    // `(entity, path)`: the entities a path leads to, with the path's index.
    let mut targets: Vec<(usize, usize)> = Vec::new();
    for (path_index, path) in check.in_field.iter().enumerate() {
        let (last, hops) = path.split_last()?;
        let mut current: Vec<usize> = vec![index];
        for hop in hops {
            let mut next = Vec::new();
            for &e in &current {
                for text in texts(plan, &plan.entities[e], hop) {
                    if plan.is_placeholder(text) {
                        continue;
                    }
                    let kinds = [EntityKind::Team, EntityKind::Goal, EntityKind::Issue];
                    let found = plan.first_named(&kinds, text);
                    match found {
                        Some(target) => next.push(target),
                        None => return None,
                    }
                }
            }
            current = next;
        }
        for e in current {
            sets.entry((e, path_index)).or_insert_with(|| {
                texts(plan, &plan.entities[e], last)
                    .map(|t| key(t).into_owned())
                    .collect()
            });
            targets.push((e, path_index));
        }
    }
    // Nothing to compare with (a goal that names no team): another rule
    // reports a missing team, and there is no membership to check.
    if targets.is_empty() {
        return None;
    }
    let allowed = |text: &str| {
        let text = key(text);
        targets.iter().any(|target| {
            sets.get(target)
                .is_some_and(|set| set.contains(text.as_ref()))
        })
    };
    let names_entity = |text: &str| {
        check
            .or_references
            .is_some_and(|kind| exists(plan, kind, text))
    };
    let bad = values
        .iter()
        .find(|v| !allowed(&v.text) && !names_entity(&v.text))?;
    Some(finding(
        index,
        bad.span(),
        "in-field",
        vec![
            ("value", shown(&bad.text)),
            (
                "in",
                check
                    .in_field
                    .iter()
                    .map(|p| p.join("."))
                    .collect::<Vec<_>>()
                    .join(" or "),
            ),
        ],
    ))
}

fn quarters(
    check: &Compiled,
    run: &mut CheckRun,
    index: usize,
    value: Option<&Value>,
) -> Option<Finding> {
    let value = value?;
    let quarter = parse_quarter(&value.text)?;
    let now = run.now_quarter;
    let ahead = quarter - now;
    let failure = match (check.min_quarters_ahead, check.max_quarters_ahead) {
        (Some(min), _) if ahead < min => "min-quarters-ahead",
        (_, Some(max)) if ahead > max => "max-quarters-ahead",
        _ => return None,
    };
    let names = run.quarter_names.get_or_insert_with(|| QuarterNames {
        now: quarter_name(now),
        earliest: quarter_name(now + check.min_quarters_ahead.unwrap_or(0)),
        latest: quarter_name(now + check.max_quarters_ahead.unwrap_or(0)),
    });
    let bound = if failure == "min-quarters-ahead" {
        ("earliest", names.earliest.clone())
    } else {
        ("latest", names.latest.clone())
    };
    let vars = vec![
        ("value", shown(&value.text)),
        ("ahead", ahead.to_string()),
        ("now", names.now.clone()),
        bound,
    ];
    Some(finding(index, value.span(), failure, vars))
}

/// The quarters a check's messages name, written once per check.
struct QuarterNames {
    now: String,
    earliest: String,
    latest: String,
}

/// The values of a field that name different things: the first of each
/// [`key`] (case, `@` and spacing aside), in order.
fn distinct<'a>(values: &[&'a Value]) -> Vec<&'a Value> {
    crate::model::distinct_by_key(values.iter().copied(), values.len())
        .into_iter()
        .map(|(_, value)| value)
        .collect()
}

/// Quarters are counted as `year * 4 + (q - 1)`.
fn quarter_name(q: i64) -> String {
    format!("{}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
}

/// Reads a quarter ([`quarter_spelling`]) or a date (`2026-11-15`, with a
/// time or not, `2026-11`, or `November 2026`: the quarter it falls in).
/// Anything else is no quarter.
pub(crate) fn parse_quarter(text: &str) -> Option<i64> {
    quarter_spelling(text)
        .or_else(|| date_quarter(text.trim()))
        .or_else(|| month_quarter(text))
}

/// The quarter of a month written in English, as roadmaps write target
/// dates: `December 2031`, `Dec 2031`, `Sept. 2026`, `15 March 2027`,
/// `March 15, 2027`. A month name, a four-digit year and at most a day
/// (1 to 31); anything else is no quarter.
fn month_quarter(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let (mut month, mut year, mut day) = (None, None, None);
    for word in text.split([' ', ',']).filter(|word| !word.is_empty()) {
        let name = word.strip_suffix('.').unwrap_or(word).to_ascii_lowercase();
        // The whole name, or its first three letters or more (`Sept`).
        let named = (name.len() >= 3)
            .then(|| MONTHS.iter().position(|full| full.starts_with(&name)))
            .flatten();
        let number = (word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
            .then(|| word.parse::<i64>().ok())
            .flatten();
        match (named, number) {
            (Some(at), _) if month.is_none() => month = Some(at),
            (_, Some(n)) if word.len() == 4 && year.is_none() => year = Some(n),
            (_, Some(n)) if word.len() <= 2 && (1..=31).contains(&n) && day.is_none() => {
                day = Some(n)
            }
            _ => return None,
        }
    }
    let month = i64::try_from(month?).ok()?;
    Some(year? * 4 + month / 3)
}

/// The quarter of an ISO 8601 date or month: `2026-11-15`,
/// `2022-12-15T00:00:00.000Z` (Ember's `start-date`), `2026-11`.
fn date_quarter(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        part.iter().try_fold(0, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let (year, month) = (digits(0..4)?, digits(5..7)?);
    let day_follows = match bytes.get(7) {
        None => true,
        Some(b'-') => {
            let day = digits(8..10)?;
            (1..=31).contains(&day) && matches!(bytes.get(10), None | Some(b'T' | b't' | b' '))
        }
        Some(_) => false,
    };
    (bytes.get(4) == Some(&b'-') && (1..=12).contains(&month) && day_follows)
        .then(|| year * 4 + (month - 1) / 3)
}

/// Reads `2026-Q4`, `2026Q4`, `Q4 2026`, `Q4-2026`, `2026 Q4`, `2026.Q4`,
/// and halves (`2025H1`, `2025-H2`: their first quarter). Read char by
/// char, without a copy: the rules ask this per entity.
fn quarter_spelling(text: &str) -> Option<i64> {
    // The text without separators, in uppercase.
    let mut compact = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '_' | '.'))
        .map(|c| c.to_ascii_uppercase());
    // What comes before the first `Q` or `H`: a year, or nothing.
    let (mut before, mut year, mut digits_only) = (0, 0, true);
    let letter = loop {
        match compact.next()? {
            letter @ ('Q' | 'H') => break letter,
            c => {
                before += c.len_utf8();
                match c.to_digit(10) {
                    Some(digit) if before <= 4 => year = year * 10 + i64::from(digit),
                    _ => digits_only = false,
                }
            }
        }
    };
    let n = if before == 4 && digits_only {
        // `2026Q4`: the number after the letter, as `i64::from_str` reads
        // it (`Q04` and `Q+4` are `Q4`).
        number(compact)?
    } else if before == 0 {
        // `Q4 2026`: one digit, then a four-digit year.
        let n = compact.next()?.to_digit(10)?;
        year = 0;
        let mut year_digits = 0;
        for c in compact {
            year = year * 10 + i64::from(c.to_digit(10)?);
            year_digits += 1;
            if year_digits > 4 {
                return None;
            }
        }
        if year_digits != 4 {
            return None;
        }
        i64::from(n)
    } else {
        return None;
    };
    match letter {
        'Q' if (1..=4).contains(&n) => Some(year * 4 + n - 1),
        'H' if (1..=2).contains(&n) => Some(year * 4 + (n - 1) * 2),
        _ => None,
    }
}

/// The number `chars` spell, as `i64::from_str` reads it without a `-`
/// (the caller has dropped every `-`): an optional `+`, then at least one
/// ASCII digit. Past `i64`'s range it saturates, which the caller cannot
/// tell from an error: both are out of every range it accepts.
fn number(chars: impl Iterator<Item = char>) -> Option<i64> {
    let mut chars = chars.peekable();
    chars.next_if_eq(&'+');
    let mut value: i64 = 0;
    let mut any = false;
    for c in chars {
        value = value
            .saturating_mul(10)
            .saturating_add(i64::from(c.to_digit(10)?));
        any = true;
    }
    any.then_some(value)
}

/// The quarter a Unix time falls in (UTC), by jiff's calendar. A time past
/// the years jiff knows (-9999 to 9999), which only a forged commit date
/// gives, counts as the nearest it knows.
pub(crate) fn quarter_of_unix(secs: i64) -> i64 {
    let secs = secs.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    let time = Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH);
    let civil = TimeZone::UTC.to_datetime(time);
    i64::from(civil.year()) * 4 + (i64::from(civil.month()) - 1) / 3
}

/// Later entities sharing a value with an earlier one (path order) are reported.
fn unique<'p>(
    check: &Compiled,
    plan: &'p Plan,
    selected: impl Iterator<Item = (usize, &'p Entity)>,
) -> Vec<Finding> {
    let mut first: foldhash::HashMap<(EntityKind, Cow<str>), usize> = Default::default();
    // Room for every candidate, so the map is sized once (duplicate-id
    // selects them all). A check that selects few leaves room unused, at
    // most a slot per entity of the rule's kinds.
    first.reserve(selected.size_hint().1.unwrap_or(0));
    let mut out = Vec::new();
    for (index, entity) in selected {
        for name in &check.field {
            for text in texts(plan, entity, name) {
                if plan.is_placeholder(text) {
                    continue;
                }
                // One key and one hash per value: most are the first.
                match first.entry((entity.kind, key(text))) {
                    Entry::Vacant(slot) => {
                        slot.insert(index);
                    }
                    Entry::Occupied(slot) => {
                        let earlier = *slot.get();
                        let earlier = &plan.entities[earlier];
                        let file = &plan.files[earlier.file];
                        let pos = file.position(earlier.record.anchor.start);
                        let span = entity
                            .field(name)
                            .and_then(|f| f.values.first())
                            .map_or(entity.record.anchor.clone(), |v| v.span());
                        out.push(finding(
                            index,
                            span,
                            "unique",
                            vec![
                                ("value", shown(text)),
                                ("first", format!("{}:{}", file.path, pos.line)),
                            ],
                        ));
                    }
                }
            }
        }
    }
    out
}

fn grouped<'p>(
    group: &Group,
    plan: &'p Plan,
    selected: impl Iterator<Item = (usize, &'p Entity)>,
) -> Vec<Finding> {
    // Each value's key is numbered as first seen, in a map that holds a
    // copy of the key (a name fits in place): comparing keys reads the map,
    // not an entity anywhere in the plan. Each entity's place in a group
    // goes to one list in order; a group's entities are gathered only when
    // it is over the limit, not kept in a list per group (40,000 owners on
    // a 100,000-goal plan).
    // Findings at a group's own entity need such entities: a plan without
    // teams (pages that name their team by folder) has no team to report
    // a team's goals at, and is not grouped for nothing.
    if let (ReportAt::Group, Some(kind)) = (&group.report_at, group.kind) {
        if plan.count(kind) == 0 {
            return Vec::new();
        }
    }
    let mut number_of: foldhash::HashMap<CompactString, usize> = Default::default();
    // Each group's name as first written, and how many entities it holds.
    let mut groups: Vec<(&'p str, usize)> = Vec::new();
    // (group, entity, the value's span), in order.
    let mut placed: Vec<(usize, usize, Span)> = Vec::new();
    for (index, entity) in selected {
        // An entity counts once in a group, however often it names it.
        for (value_key, value) in plan.distinct_values(entity, &group.by) {
            let number = *number_of
                .entry(CompactString::from(value_key))
                .or_insert_with(|| {
                    groups.push((value.text.trim(), 0));
                    groups.len() - 1
                });
            if let Some((_, count)) = groups.get_mut(number) {
                *count += 1;
            }
            placed.push((number, index, value.span()));
        }
    }
    // Only the groups over the limit are sorted (the findings come in key
    // order) and gathered.
    let mut reported: Vec<(CompactString, usize)> = number_of
        .into_iter()
        .filter(|(_, number)| {
            groups
                .get(*number)
                .is_some_and(|(_, count)| *count > group.max)
        })
        .collect();
    reported.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    let mut slot_of: Vec<Option<usize>> = vec![None; groups.len()];
    for (slot, (_, number)) in reported.iter().enumerate() {
        if let Some(entry) = slot_of.get_mut(*number) {
            *entry = Some(slot);
        }
    }
    let mut gathered: Vec<Vec<(usize, Span)>> = vec![Vec::new(); reported.len()];
    for (number, index, span) in placed {
        let slot = slot_of.get(number).copied().flatten();
        if let Some(members) = slot.and_then(|slot| gathered.get_mut(slot)) {
            members.push((index, span));
        }
    }
    let mut out = Vec::new();
    for ((_, number), members) in reported.iter().zip(gathered) {
        let name = groups.get(*number).map_or("", |(name, _)| name);
        let ids = quote_list(
            members.iter().map(|(i, _)| plan.entities[*i].id.as_str()),
            LISTED,
        );
        let member_kind = members
            .first()
            .map_or(String::new(), |(i, _)| plan.entities[*i].kind.to_string());
        let vars: Arc<[(&'static str, String)]> = Arc::new([
            ("kind", member_kind),
            ("group", name.to_string()),
            ("count", members.len().to_string()),
            ("entities", ids),
            ("limit", group.max.to_string()),
        ]);
        match group.report_at {
            ReportAt::Group => {
                let Some(kind) = group.kind else { continue };
                let Some(owner) = plan.first_named(&[kind], name) else {
                    continue;
                };
                let span = plan.entities[owner].record.anchor.clone();
                out.push(finding(owner, span, "max-per-group", vars).listing(members.len()));
            }
            ReportAt::Entity => {
                for (index, span) in members.iter().skip(group.max) {
                    let vars = Arc::clone(&vars);
                    let found = finding(*index, span.clone(), "max-per-group", vars);
                    out.push(found.listing(members.len()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// What [`parse_quarter`] means, written the slow way: the text copied,
    /// compacted and split, the numbers read by `str::parse`.
    fn parse_quarter_by_copying(text: &str) -> Option<i64> {
        let compact: String = text
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '/' | '_' | '.'))
            .collect();
        let pos = compact.find(['Q', 'H'])?;
        let (a, b) = compact.split_at(pos);
        let (year, part) = if a.len() == 4 && a.chars().all(|c| c.is_ascii_digit()) {
            (a, b)
        } else if let (true, Some((part, year))) = (a.is_empty(), b.split_at_checked(2)) {
            if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (year, part)
        } else {
            return None;
        };
        let year: i64 = year.parse().ok()?;
        let n: i64 = part.get(1..)?.parse().ok()?;
        match part.chars().next()? {
            'Q' if (1..=4).contains(&n) => Some(year * 4 + n - 1),
            'H' if (1..=2).contains(&n) => Some(year * 4 + (n - 1) * 2),
            _ => None,
        }
    }

    proptest! {
        /// A finding keeps only what its message shows of a value, and the
        /// message is the same as from the whole value.
        #[test]
        fn a_value_kept_for_a_message_shows_as_the_whole_value(
            value in "\\PC{0,300}|[aé日🚀]{190,260}",
        ) {
            let kept = shown(&value);
            prop_assert!(kept.len() <= MAX_VALUE_BYTES + 4);
            prop_assert!(value.starts_with(&kept));
            let (mut from_kept, mut from_whole) = (String::new(), String::new());
            super::super::template::push_bounded(&mut from_kept, &kept);
            super::super::template::push_bounded(&mut from_whole, &value);
            prop_assert_eq!(from_kept, from_whole);
        }

        /// A month is read only with its year: any quarter it gives is in
        /// a year the text writes.
        #[test]
        fn a_month_is_in_the_year_its_text_writes(
            text in "\\PC{0,30}|((january|Feb|Sept\\.|may|DECEMBER|Ma|[A-Za-zé]{0,6}|[1-9]|[12][0-9]|[0-9]{3,5}),? ){0,3}(2027|[0-9]{1,5})?",
        ) {
            if let Some(quarter) = month_quarter(&text) {
                let year = quarter.div_euclid(4);
                let written = |word: &str| word.len() == 4 && word.parse() == Ok(year);
                prop_assert!(text.split([' ', ',']).any(written), "{:?}", text);
            }
        }

        #[test]
        fn a_quarter_read_char_by_char_is_the_quarter_read_by_copying(
            text in "[ 0-9qhQH+/_é日-]{0,12}|[0-9]{4}[ -]?[qQhH][+-]?0{0,25}[0-9]{1,3}|[qQhH][0-9é][ -]?[0-9]{3,5}",
        ) {
            prop_assert_eq!(quarter_spelling(&text), parse_quarter_by_copying(&text), "{:?}", text);
        }
    }

    #[test]
    fn quarters_parse_in_common_spellings() {
        assert_eq!(parse_quarter("2026-Q4"), Some(2026 * 4 + 3));
        assert_eq!(parse_quarter("q1 2027"), Some(2027 * 4));
        assert_eq!(parse_quarter("2027Q2"), Some(2027 * 4 + 1));
        assert_eq!(parse_quarter("2025h2"), Some(2025 * 4 + 2));
        assert_eq!(parse_quarter("2026-Q5"), None);
        assert_eq!(parse_quarter("soon"), None);
        assert_eq!(parse_quarter("Q"), None);
        // Multi-byte characters where digits belong are no quarter, and no panic.
        assert_eq!(parse_quarter("Qé123"), None);
        assert_eq!(parse_quarter("Q日12"), None);
        assert_eq!(parse_quarter("2026Qé"), None);
        assert_eq!(parse_quarter("Q42026"), Some(2026 * 4 + 3));
        assert_eq!(parse_quarter("Q🚀1"), None);
        // Read as `str::parse` reads the number: a sign and leading zeros.
        assert_eq!(parse_quarter("2026-Q+04"), Some(2026 * 4 + 3));
        assert_eq!(parse_quarter("2026-Q-4"), Some(2026 * 4 + 3));
        assert_eq!(parse_quarter("2026Q+"), None);
        assert_eq!(parse_quarter("2026Q99999999999999999999"), None);
        assert_eq!(parse_quarter("Q4 20266"), None);
        assert_eq!(parse_quarter("Q+ 2026"), None);
        assert_eq!(parse_quarter("2031.Q4"), Some(2031 * 4 + 3));
        // A date, or a month, is in its quarter.
        assert_eq!(parse_quarter("2031-12-15"), Some(2031 * 4 + 3));
        assert_eq!(parse_quarter("2022-01-01T00:00:00.000Z"), Some(2022 * 4));
        assert_eq!(parse_quarter(" 2026-04 "), Some(2026 * 4 + 1));
        assert_eq!(parse_quarter("2026-13-01"), None);
        assert_eq!(parse_quarter("2026-12-45"), None);
        assert_eq!(parse_quarter("2026-12-15x"), None);
        assert_eq!(parse_quarter("2026-1"), None);
        assert_eq!(parse_quarter("2031"), None);
        // A month by its English name, as roadmaps write target dates.
        assert_eq!(parse_quarter("December 2031"), Some(2031 * 4 + 3));
        assert_eq!(parse_quarter("dec 2031"), Some(2031 * 4 + 3));
        assert_eq!(parse_quarter("Sept. 2026"), Some(2026 * 4 + 2));
        assert_eq!(parse_quarter("15 March 2027"), Some(2027 * 4));
        assert_eq!(parse_quarter("March 15, 2027"), Some(2027 * 4));
        assert_eq!(parse_quarter("2027 April"), Some(2027 * 4 + 1));
        assert_eq!(parse_quarter("June"), None);
        assert_eq!(parse_quarter("June 2027 or later"), None);
        assert_eq!(parse_quarter("Ma 2027"), None);
        assert_eq!(parse_quarter("March 32, 2027"), None);
        assert_eq!(parse_quarter("March April 2027"), None);
        assert_eq!(parse_quarter("March 2027 2028"), None);
        assert_eq!(parse_quarter("Marché 2027"), None);
        assert_eq!(parse_quarter("2027"), None);
    }

    #[test]
    fn a_rule_reads_the_entities_of_its_kinds_in_path_order() {
        use crate::model::{Document, Record};
        use EntityKind::{Goal, Issue, PullRequest, Team};
        let document = |path: &str, entities: &[(&str, EntityKind)]| {
            let (ids, records) = entities
                .iter()
                .map(|(id, kind)| {
                    let record = Record {
                        kind: *kind,
                        span: 0..0,
                        anchor: 0..0,
                        title: None,
                        fields: Default::default(),
                    };
                    (CompactString::from(*id), record)
                })
                .unzip();
            Document {
                path: path.to_string(),
                source: None,
                style: Default::default(),
                text: String::new(),
                ids,
                records,
            }
        };
        let plan = Plan::build(
            vec![
                document("b.md", &[("g-2", Goal), ("t-2", Team)]),
                document("a.md", &[("t-1", Team), ("g-1", Goal), ("i-1", Issue)]),
            ],
            0,
            HashMap::new(),
            &[],
            &[],
        );
        let ids = |kinds: &[EntityKind]| -> Vec<String> {
            entities_of(&plan, kinds)
                .iter()
                .map(|&i| plan.entities[i].id.to_string())
                .collect()
        };
        assert_eq!(ids(&[Goal]), ["g-1", "g-2"]);
        assert_eq!(ids(&[Goal, Team]), ["t-1", "g-1", "g-2", "t-2"]);
        assert_eq!(ids(&[Team, Team]), ["t-1", "t-2"]);
        assert!(ids(&[PullRequest]).is_empty());
        assert!(ids(&[]).is_empty());
    }

    /// Each finding's entity id and `count`.
    fn ids_and_counts(plan: &Plan, findings: Vec<Finding>) -> Vec<(String, String)> {
        findings
            .into_iter()
            .map(|finding| {
                let count = finding.vars.iter().find(|(name, _)| *name == "count");
                let count = count.map(|(_, value)| value.clone()).unwrap_or_default();
                (plan.entities[finding.entity].id.to_string(), count)
            })
            .collect()
    }

    #[test]
    fn a_group_counts_an_entity_once_and_reports_in_key_order() {
        use crate::model::{Document, Field, Origin, Record};
        let goal = |id: &str, owners: &[&str]| {
            let values: Vec<Value> = owners
                .iter()
                .map(|owner| Value {
                    text: (*owner).into(),
                    place: (0..0).into(),
                })
                .collect();
            let owner = Field::new(Origin::Frontmatter, 0..0, values);
            let record = Record {
                kind: EntityKind::Goal,
                span: 0..0,
                anchor: 0..0,
                title: None,
                fields: [("owner".into(), owner)].into_iter().collect(),
            };
            (CompactString::from(id), record)
        };
        let (ids, records) = [
            goal("g-1", &["@zed", "@ann"]),
            goal("g-2", &["@ann", "@Ann"]),
            goal("g-3", &["@zed"]),
            goal("g-4", &["ann"]),
            // A long list goes through a set: still one count.
            goal("g-5", &["@bob"; 40]),
            goal("g-6", &["@bob"]),
        ]
        .into_iter()
        .unzip();
        let document = Document {
            path: "goals.md".into(),
            source: None,
            style: Default::default(),
            text: String::new(),
            ids,
            records,
        };
        let plan = Plan::build(vec![document], 0, HashMap::new(), &[], &[]);
        let group = Group {
            by: "owner".into(),
            max: 1,
            report_at: ReportAt::Entity,
            kind: None,
        };
        let found = ids_and_counts(
            &plan,
            grouped(&group, &plan, plan.entities.iter().enumerate()),
        );
        // `@ann` owns g-1, g-2 (named twice) and g-4; `@bob` g-5 (named 40
        // times) and g-6; `@zed` g-1 and g-3.
        let expected = [("g-2", "3"), ("g-4", "3"), ("g-6", "2"), ("g-3", "2")];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(id, count)| (id.to_string(), count.to_string()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_group_reported_at_its_owner_is_reported_only_over_its_limit() {
        use crate::model::test_support::{entity, plan_of};
        // `web` has two goals (at its limit), `app` three (over it).
        let plan = plan_of(vec![
            entity(EntityKind::Team, "web", &[]),
            entity(EntityKind::Team, "app", &[]),
            entity(EntityKind::Goal, "g-1", &[("team", "web")]),
            entity(EntityKind::Goal, "g-2", &[("team", "app")]),
            entity(EntityKind::Goal, "g-3", &[("team", "web")]),
            entity(EntityKind::Goal, "g-4", &[("team", "app")]),
            entity(EntityKind::Goal, "g-5", &[("team", "app")]),
        ]);
        let group = Group {
            by: "team".into(),
            max: 2,
            report_at: ReportAt::Group,
            kind: Some(EntityKind::Team),
        };
        let goals = plan.of_kind(EntityKind::Goal);
        let found = ids_and_counts(&plan, grouped(&group, &plan, goals));
        assert_eq!(found, [("app".to_string(), "3".to_string())]);
    }

    #[test]
    fn the_phrase_boundary_is_the_case_folded_class() {
        let folded = Regex::new(r"^(?i:[^\p{L}\p{N}_])$").expect("regex");
        let written = Regex::new(&format!("^{PHRASE_BOUNDARY}$")).expect("regex");
        // Case folding can only change what it says about characters with a
        // case mapping, and U+0345, which folds to `ι`.
        let cased = (0..=0x10_ffff)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().ne([*c]) || c.to_uppercase().ne([*c]));
        for c in cased.chain(['_', '1', ' ', '\u{345}']) {
            let text = c.to_string();
            assert_eq!(folded.is_match(&text), written.is_match(&text), "{c:?}");
        }
    }

    #[test]
    fn key_sets_find_exactly_their_keys() {
        let set = lower(&[
            "Done".into(),
            "in-progress".into(),
            "done".into(),
            "@ana".into(),
        ]);
        for found in ["done", "in-progress", "ana"] {
            assert!(set.contains(found), "{found}");
        }
        for missing in ["Done", "", "in", "progress", "@ana", "zzz"] {
            assert!(!set.contains(missing), "{missing}");
        }
    }

    #[test]
    fn unix_times_fall_in_quarters() {
        // 2026-11-23T00:00:00Z
        assert_eq!(quarter_of_unix(1_795_392_000), 2026 * 4 + 3);
        // 2026-01-01T00:00:00Z
        assert_eq!(quarter_of_unix(1_767_225_600), 2026 * 4);
        assert_eq!(quarter_of_unix(1_767_225_599), 2025 * 4 + 3);
        // Before 1970, and past the calendar's years, as a forged commit date may be.
        assert_eq!(quarter_of_unix(-1), 1969 * 4 + 3);
        assert_eq!(quarter_of_unix(i64::MAX), 9999 * 4 + 3);
        assert_eq!(quarter_of_unix(i64::MIN), -9999 * 4);
    }

    #[test]
    fn a_markdown_document_is_told_of_sections_and_frontmatter() {
        let plain = FieldStyle::default();
        let named = FieldStyle {
            form: FieldForm::Sections,
            names: Some(vec![("owner".to_string(), "point of contact".to_string())].into()),
        };
        let place = |style: &FieldStyle, field: &str, wanted| {
            field_place(style, field, EntityKind::Goal, wanted)
        };
        assert_eq!(
            place(&plain, "done_when", Wanted::Part),
            "a `## Done when` section"
        );
        assert_eq!(
            place(&plain, "adoption", Wanted::Part),
            "an `## Adoption` section"
        );
        assert_eq!(
            place(&plain, "owner", Wanted::Key),
            "`owner:` in the frontmatter"
        );
        assert_eq!(place(&named, "owner", Wanted::Key), "`Point of contact`");
        assert_eq!(place(&named, "why", Wanted::Part), "a `## Why` section");
        assert_eq!(place(&plain, "done_when", Wanted::Tick), "`- [x]`");
        let data = FieldStyle {
            form: FieldForm::Keys,
            names: None,
        };
        assert_eq!(
            place(&data, "done_when", Wanted::Tick),
            "`done: true` on each of its items"
        );
    }

    /// The default messages are checked as a rule's are: well formed, and
    /// naming only what their failure fills.
    #[test]
    fn default_messages_use_what_their_failure_fills() {
        for (failure, fills) in FAILURES {
            let message = default_message(failure);
            let uses = template_uses(message).unwrap_or_else(|bad| panic!("{failure}: {bad}"));
            for (name, written) in uses {
                assert!(
                    ENTITY_PLACEHOLDERS.contains(&name) || name == "field" || fills.contains(&name),
                    "{failure}: {written}"
                );
            }
        }
    }

    #[test]
    fn default_messages_agree_in_number() {
        let message = |failure: &str, count: &str, items: usize| {
            let vars = move |name: &str| match name {
                "values" | "entities" => Some(Fill {
                    text: "`a`",
                    items: Some(items),
                }),
                "count" | "age" => Some(Fill::text(count)),
                "limit" | "total" => Some(Fill::text("0")),
                "kind" | "target" => Some(Fill::text("goal")),
                "field" => Some(Fill::text("reviewers")),
                "id" => Some(Fill::text("id")),
                "group" => Some(Fill::text("group")),
                _ => None,
            };
            default_template(failure).fill(vars)
        };
        let cases = [
            (
                "min",
                "goal `id` has 1 reviewers value; at least 0 required",
            ),
            (
                "max",
                "goal `id` has 1 reviewers value (`a`); at most 0 allowed",
            ),
            (
                "references",
                "goal `id` names goal `a`, which does not exist",
            ),
            (
                "all-checked",
                "goal `id` has 1 unticked item in its reviewers",
            ),
            ("max-per-group", "group has 1 goal (`a`); at most 0 allowed"),
            (
                "max-age-days",
                "goal `id` has not changed for 1 day; the limit is 0",
            ),
        ];
        for (failure, one) in cases {
            assert_eq!(message(failure, "1", 1), one);
        }
        assert_eq!(
            message("min", "0", 0),
            "goal `id` has 0 reviewers values; at least 0 required"
        );
        assert_eq!(
            message("references", "1", 2),
            "goal `id` names goals `a`, which do not exist"
        );
        assert_eq!(
            message("all-checked", "3", 3),
            "goal `id` has 3 unticked items in its reviewers"
        );
        assert_eq!(
            message("max-per-group", "2", 2),
            "group has 2 goals (`a`); at most 0 allowed"
        );
        assert_eq!(
            message("max-age-days", "40", 0),
            "goal `id` has not changed for 40 days; the limit is 0"
        );
    }

    /// A list longer than a message shows of a value ends at an item, not
    /// inside one where its backtick would be left open.
    #[test]
    fn a_list_of_long_ids_ends_at_an_item() {
        let ids: Vec<String> = (1..=4)
            .map(|i| format!("objective-{i}-launch-the-athens-network-for-everyone"))
            .collect();
        let listed = quote_list(ids.iter().map(String::as_str), LISTED);
        assert_eq!(
            listed,
            "`objective-1-launch-the-athens-network-for-everyone`, `objective-2-launch-the-athens-network-for-everyone`, `objective-3-launch-the-athens-network-for-everyone` and 1 more"
        );
        assert!(listed.len() <= MAX_VALUE_BYTES);
        let wide = "界".repeat(LISTED_CHARS);
        let listed = quote_list([wide.as_str(), "b"].into_iter(), LISTED);
        assert!(listed.len() <= MAX_VALUE_BYTES, "{listed}");
        assert!(
            listed.starts_with("`界") && listed.ends_with("…` and 1 more"),
            "{listed}"
        );
    }

    #[test]
    fn long_lists_name_a_few_and_count_the_rest() {
        let ids: Vec<String> = (1..=10_000).map(|i| format!("G-{i}")).collect();
        assert_eq!(
            quote_list(ids.iter().map(String::as_str), LISTED),
            "`G-1`, `G-2`, `G-3`, `G-4`, `G-5` and 9995 more"
        );
        assert_eq!(
            quote_list(ids[..5].iter().map(String::as_str), LISTED),
            "`G-1`, `G-2`, `G-3`, `G-4`, `G-5`"
        );
        assert_eq!(quote_list(std::iter::empty(), LISTED), "");
        let long = "é".repeat(LISTED_CHARS + 1);
        assert_eq!(
            quote_list([long.as_str()].into_iter(), LISTED),
            format!("`{}…`", "é".repeat(LISTED_CHARS))
        );
        // Characters are counted, not bytes: a short id of wide characters
        // is whole, and an ASCII one is cut one past the limit.
        let wide = "é".repeat(LISTED_CHARS / 2 + 1);
        assert_eq!(crate::text::shorten(&wide, LISTED_CHARS), wide.as_str());
        let exact = "a".repeat(LISTED_CHARS);
        assert_eq!(crate::text::shorten(&exact, LISTED_CHARS), exact.as_str());
        let over = "a".repeat(LISTED_CHARS + 1);
        assert_eq!(
            crate::text::shorten(&over, LISTED_CHARS),
            format!("{exact}…")
        );
    }

    #[test]
    fn a_regex_sees_the_start_of_a_long_value_on_a_char_boundary() {
        let limit = crate::pattern::MAX_REGEX_HAYSTACK;
        let text = format!("{}é{}", "a".repeat(limit - 1), "b".repeat(10));
        let seen = haystack(&text);
        assert_eq!(seen.len(), limit - 1);
        assert_eq!(haystack("short"), "short");
    }

    proptest::proptest! {
        /// The lowercase-as-you-compare lookup answers what looking up the
        /// text's key answers: case, `@`, spacing, and characters whose
        /// lowercase is ASCII (the Kelvin sign) or longer (`İ`).
        #[test]
        fn a_key_set_finds_the_key_of_any_text(
            keys in proptest::collection::vec("[a-cA-C@ ]{0,4}|\\PC{0,4}|[kK\u{212a}İi ]{0,3}", 0..6),
            text in "[a-cA-C@ \t]{0,5}|\\PC{0,5}|[kK\u{212a}İi ]{0,3}",
        ) {
            let set = lower(&keys);
            let expected = set.contains(key(&text).as_ref());
            proptest::prop_assert_eq!(set.contains_key_of(&text), expected);
        }
    }
}
