//! Reading `planlint.toml` (and the files it `extend`s), with errors that
//! point into the file and line where they are.

use super::Config;
use crate::diagnostic::Span;
use crate::rules::spec::{RuleError, RulePlace};
use crate::rules::RuleSet;
use crate::toml_place::{locate_prefix, Step};
use std::path::{Path, PathBuf};

/// How deep `extend` chains may go; deeper is almost surely a mistake.
const MAX_EXTEND_DEPTH: usize = 8;

/// The largest config file, or rule file, read: an organisation's whole
/// config with a hundred rules is a few tens of KiB. A pull request controls
/// these files, and every byte of them is parsed more than once.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;

/// The most entries in any one list of the config (`placeholders`,
/// `active-statuses`, the names of `[fields]` together, `[[ignore]]`
/// globs): some are searched for every value of the plan.
pub const MAX_LIST_ENTRIES: usize = 1_000;

/// A configuration problem: ends the run with exit code 2. Shown by the
/// CLI, which escapes its text (so no `miette::Diagnostic` of its own).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    pub help: Option<String>,
    /// The config file and its text, when the error has a place.
    pub file: Option<(PathBuf, String)>,
    pub span: Option<Span>,
}

/// A loaded configuration and the texts it came from.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// The config file given or found (the first of `sources`).
    pub path: Option<PathBuf>,
    /// Every file read: the config, then what it extends, and so on.
    pub sources: Vec<(PathBuf, String)>,
}

impl Loaded {
    /// An error at the place `steps` lead to in the config files read
    /// (located on the parsed TOML, never by searching the text): the file
    /// where the longest part of the path leads, the first on a tie;
    /// unlocated when no file holds even the first step.
    pub fn error_at(&self, steps: &[Step], message: String, help: Option<String>) -> ConfigError {
        error_in(&self.sources, steps, message, help)
    }

    /// The rules in force: the built-in ones tuned by `[rules.ID]`, the
    /// config's `[[rule]]`s and the `rule_files` of `rule-dirs`.
    pub fn rule_set(&self, rule_files: &[RuleDirFile]) -> Result<RuleSet, ConfigError> {
        let custom = (self.config.rule.iter().cloned())
            .chain(rule_files.iter().map(|file| file.table.clone()))
            .collect();
        RuleSet::load(&self.config.rules, custom).map_err(|e| self.rule_error(rule_files, &e))
    }

    /// A rule's error at its place: in the config (`[[rule]]`, `[rules.ID]`)
    /// or in the rule's file among `rule_files`.
    pub fn rule_error(&self, rule_files: &[RuleDirFile], e: &RuleError) -> ConfigError {
        let (message, help) = (e.to_string(), e.help.clone());
        let inside: &[Step] = match &e.place {
            RulePlace::InConfig(steps) => return self.error_at(steps, message, help),
            RulePlace::InRule(steps) => steps,
            RulePlace::Rule => &[],
            RulePlace::Custom(place, steps) => {
                return self.custom_rule_error(rule_files, *place, steps, message, help)
            }
        };
        let Some(id) = &e.rule else {
            return unplaced(message, help);
        };
        let in_config: Vec<Step> = [Step::key("rule"), Step::having("id", id)]
            .into_iter()
            .chain(inside.iter().cloned())
            .collect();
        let in_file: Vec<Step> = std::iter::once(Step::having("id", id))
            .chain(inside.iter().cloned())
            .collect();
        let files: Vec<(PathBuf, String)> = rule_files
            .iter()
            .map(|file| (file.path.clone(), file.text.clone()))
            .collect();
        // Past `rule`, the rule's own table must be found, or the place is another rule's.
        match best_place(&self.sources, &in_config) {
            Some((len, _, _)) if len >= 2 => self.error_at(&in_config, message, help),
            _ => error_in(&files, &in_file, message, help),
        }
    }

    /// An error in the custom rule at `place` among those
    /// [`Loaded::rule_set`] loads (the config's `[[rule]]`s, then the rule
    /// files), `steps` inside it: in its file, at its start when no step
    /// leads anywhere.
    fn custom_rule_error(
        &self,
        rule_files: &[RuleDirFile],
        place: usize,
        steps: &[Step],
        message: String,
        help: Option<String>,
    ) -> ConfigError {
        let Some(at) = place.checked_sub(self.config.rule.len()) else {
            let in_config: Vec<Step> = [Step::key("rule"), Step::Item(place)]
                .into_iter()
                .chain(steps.iter().cloned())
                .collect();
            return self.error_at(&in_config, message, help);
        };
        let Some(file) = rule_files.get(at) else {
            return unplaced(message, help);
        };
        let file = (file.path.clone(), file.text.clone());
        let span = best_place(std::slice::from_ref(&file), steps).map_or(0..0, |(_, span, _)| span);
        ConfigError {
            message,
            help,
            file: Some(file),
            span: Some(span),
        }
    }
}

/// The file of `files` where the longest part of `steps` leads (the first
/// on a tie), with that length and the span.
fn best_place<'f>(
    files: &'f [(PathBuf, String)],
    steps: &[Step],
) -> Option<(usize, Span, &'f (PathBuf, String))> {
    let mut best: Option<(usize, Span, &(PathBuf, String))> = None;
    for file in files {
        if let Some((len, span)) = locate_prefix(&file.1, steps) {
            if best.as_ref().is_none_or(|(most, _, _)| len > *most) {
                best = Some((len, span, file));
            }
        }
    }
    best
}

/// An error at the place `steps` lead to in one of `files`, as
/// [`Loaded::error_at`] chooses it.
fn error_in(
    files: &[(PathBuf, String)],
    steps: &[Step],
    message: String,
    help: Option<String>,
) -> ConfigError {
    match best_place(files, steps) {
        Some((_, span, file)) => ConfigError {
            message,
            help,
            file: Some(file.clone()),
            span: Some(span),
        },
        None => unplaced(message, help),
    }
}

/// An error with no place in a file.
fn unplaced(message: String, help: Option<String>) -> ConfigError {
    ConfigError {
        message,
        help,
        file: None,
        span: None,
    }
}

fn plain(message: String, help: &str) -> ConfigError {
    unplaced(message, Some(help.to_string()))
}

/// Where a config file is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigFile {
    /// Inside the repository: a root-relative path (perhaps with leading
    /// `..`), read through the checked snapshot, like the plan's files.
    InRepository(String),
    /// Named on the command line outside the repository: the caller's
    /// choice, read from disk.
    Outside(PathBuf),
}

impl ConfigFile {
    fn shown(&self) -> PathBuf {
        match self {
            ConfigFile::InRepository(path) => PathBuf::from(path),
            ConfigFile::Outside(path) => path.clone(),
        }
    }

    /// The file that `extend = "next"` in this one names; `None` when a
    /// file in the repository names an absolute path (never read).
    fn extended(&self, next: &str) -> Option<ConfigFile> {
        match self {
            ConfigFile::InRepository(path) => {
                if next.starts_with(['/', '\\']) || next.get(1..2) == Some(":") {
                    return None;
                }
                let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
                Some(ConfigFile::InRepository(normalize(&format!(
                    "{folder}/{next}"
                ))))
            }
            ConfigFile::Outside(path) => Some(ConfigFile::Outside(
                path.parent().unwrap_or(Path::new(".")).join(next),
            )),
        }
    }
}

/// `a/./b/../c` as `a/c`; leading `..` are kept (the reader refuses what
/// leaves the repository).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    parts.join("/")
}

/// Reads a file in the repository (root-relative path) as the checked
/// snapshot sees it.
pub type RepositoryReader<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>, String>;

fn read_bytes(file: &ConfigFile, in_repository: RepositoryReader) -> Result<Vec<u8>, String> {
    match file {
        ConfigFile::InRepository(path) => in_repository(path),
        ConfigFile::Outside(path) => {
            let limit = crate::source::MAX_FILE_BYTES;
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| {
                    std::io::Read::read_to_end(&mut std::io::Read::take(f, limit + 1), &mut bytes)
                })
                .map_err(|e| e.to_string())?;
            if bytes.len() as u64 > limit {
                return Err(format!("it is larger than {} MiB", limit / (1024 * 1024)));
            }
            Ok(bytes)
        }
    }
}

/// Reads one config file and checks it alone, so its errors point into it.
fn read_one(
    file: &ConfigFile,
    in_repository: RepositoryReader,
) -> Result<(String, toml::Table), ConfigError> {
    let path = file.shown();
    let bytes = read_bytes(file, in_repository).map_err(|e| {
        plain(
            format!("cannot read config `{}`: {e}", path.display()),
            "check the path given to `--config` or `extend`",
        )
    })?;
    if bytes.len() > MAX_CONFIG_BYTES {
        return Err(plain(
            format!(
                "config `{}` is {} bytes; a config file may be at most {} KiB",
                path.display(),
                bytes.len(),
                MAX_CONFIG_BYTES / 1024
            ),
            "a config names where the plan is and how to check it; long lists belong in the plan",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        plain(
            format!(
                "config `{}` is not valid UTF-8 (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8",
        )
    })?;
    let located = |e: toml::de::Error| ConfigError {
        help: Some(help_for(e.message())),
        message: plain_words(e.message()),
        file: Some((path.clone(), text.clone())),
        span: e.span(),
    };
    let table: toml::Table = toml::from_str(&text).map_err(located)?;
    toml::from_str::<Config>(&text).map_err(located)?;
    Ok((text, table))
}

/// A serde message in the words of a TOML user.
fn plain_words(message: &str) -> String {
    message
        .trim()
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a table")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("invalid type: map", "invalid type: table")
}

/// A hint for a serde error: did-you-mean for an unknown key.
fn help_for(message: &str) -> String {
    if let Some(rest) = message.trim().strip_prefix("unknown field `") {
        if let Some((name, expected)) = rest.split_once('`') {
            let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            if let Some(close) = crate::rules::did_you_mean(name, &known) {
                return format!("did you mean `{close}`?");
            }
            if !known.is_empty() {
                return format!(
                    "the keys allowed here are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    "see the configuration reference in the README".to_string()
}

/// Merges `over` onto `base`: tables merge key by key, `rule` and `ignore`
/// lists are added to, anything else is replaced.
/// `[rules] goal-why = "off"` is short for `[rules.goal-why] level = "off"`:
/// expanded before merging, so a shorthand in a config that `extend`s another
/// changes the level and keeps the options the other file set.
fn expand_rule_levels(table: &mut toml::Table) {
    let Some(toml::Value::Table(rules)) = table.get_mut("rules") else {
        return;
    };
    for (_, value) in rules.iter_mut() {
        if let toml::Value::String(level) = value {
            let mut tuning = toml::Table::new();
            tuning.insert("level".into(), toml::Value::String(std::mem::take(level)));
            *value = toml::Value::Table(tuning);
        }
    }
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (Some(toml::Value::Array(b)), toml::Value::Array(o))
                if key == "rule" || key == "ignore" =>
            {
                b.extend(o)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Reads the config `file` and what it extends, or the defaults when there
/// is no file. Files in the repository are read only through
/// `in_repository`, so a config (or what it extends) can never make
/// planlint read, let alone print, a file outside the repository.
pub fn load(
    file: Option<ConfigFile>,
    in_repository: RepositoryReader,
) -> Result<Loaded, ConfigError> {
    let Some(first) = file else {
        return Ok(Loaded::default());
    };
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    let mut read: Vec<ConfigFile> = Vec::new();
    let mut tables: Vec<toml::Table> = Vec::new();
    let mut current = first.clone();
    loop {
        let (text, table) = read_one(&current, in_repository)?;
        let extend = table
            .get("extend")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        sources.push((current.shown(), text));
        read.push(current.clone());
        tables.push(table);
        let Some(next) = extend else {
            break;
        };
        // The file just read names `next`: the place is its own `extend`.
        let extend_place = [Step::key("extend"), Step::text(&next)];
        let naming = sources
            .split_last()
            .map_or(&[][..], |(last, _)| std::slice::from_ref(last));
        let Some(next_file) = current.extended(&next) else {
            return Err(error_in(
                naming,
                &extend_place,
                format!("`extend = \"{next}\"` names a file outside the repository"),
                Some("a config in the repository can only extend files inside it, by a relative path".into()),
            ));
        };
        if read.contains(&next_file) || read.len() > MAX_EXTEND_DEPTH {
            return Err(error_in(
                naming,
                &extend_place,
                format!("`extend = \"{next}\"` makes a cycle (or a chain deeper than {MAX_EXTEND_DEPTH})"),
                Some("remove the `extend` that points back".into()),
            ));
        }
        if let Err(why) = read_bytes(&next_file, in_repository) {
            return Err(error_in(
                naming,
                &extend_place,
                format!("cannot read `{}`, named by `extend`: {why}", next_file.shown().display()),
                Some("`extend` is relative to the file that names it, and stays inside the repository".into()),
            ));
        }
        current = next_file;
    }
    let mut merged = toml::Table::new();
    for mut table in tables.into_iter().rev() {
        expand_rule_levels(&mut table);
        merge(&mut merged, table);
    }
    merged.remove("extend");
    let config: Config = merged.try_into().map_err(|e: toml::de::Error| {
        plain(
            e.message().trim().to_string(),
            "check the files named by `extend`",
        )
    })?;
    let loaded = Loaded {
        config,
        path: Some(first.shown()),
        sources,
    };
    within_limits(&loaded)?;
    Ok(loaded)
}

/// The config's lists stay within [`MAX_LIST_ENTRIES`]; the error is at
/// the first entry past the limit.
fn within_limits(loaded: &Loaded) -> Result<(), ConfigError> {
    let config = &loaded.config;
    let past = Step::Item(MAX_LIST_ENTRIES);
    let plan = |key: &str, list: &[String]| {
        let steps = vec![Step::key("plan"), Step::key(key), past.clone()];
        (format!("plan.{key}"), steps, list.len())
    };
    let alias_names: usize = config.fields.values().map(Vec::len).sum();
    let ignore_globs: usize = config.ignore.iter().map(|i| i.paths.len()).sum();
    let lists = [
        plan("placeholders", &config.plan.placeholders),
        plan("active-statuses", &config.plan.active_statuses),
        ("fields".to_string(), vec![Step::key("fields")], alias_names),
        (
            "ignore".to_string(),
            vec![Step::key("ignore")],
            ignore_globs,
        ),
    ];
    for (name, steps, count) in lists {
        if count > MAX_LIST_ENTRIES {
            return Err(loaded.error_at(
                &steps,
                format!("`{name}` has {count} entries; the limit is {MAX_LIST_ENTRIES}"),
                Some("a config names the plan's vocabulary, not its contents".into()),
            ));
        }
    }
    Ok(())
}

/// One rule file of `rule-dirs`: its root-relative path, text and table.
#[derive(Clone, Debug)]
pub struct RuleDirFile {
    pub path: PathBuf,
    pub text: String,
    pub table: toml::Table,
}

/// The rule files of `rule-dirs`: every `*.toml` directly in each folder,
/// as the checked snapshot lists them (`files`, root-relative and sorted),
/// read through `in_repository`. Folders are root-relative and stay inside
/// the plan's root.
pub fn rule_dir_files(
    loaded: &Loaded,
    files: &[String],
    in_repository: RepositoryReader,
) -> Result<Vec<RuleDirFile>, ConfigError> {
    let mut rule_files = Vec::new();
    for dir in &loaded.config.rule_dirs {
        let folder = normalize(dir);
        let escapes = dir.starts_with(['/', '\\'])
            || dir.get(1..2) == Some(":")
            || folder.split('/').any(|part| part == "..");
        if escapes {
            return Err(loaded.error_at(
                &[Step::key("rule-dirs"), Step::text(dir)],
                format!("rule folder `{dir}` is outside the plan's root"),
                Some("`rule-dirs` are folders inside the plan's root, by relative paths".into()),
            ));
        }
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let mut found = false;
        for path in files {
            let Some(name) = path.strip_prefix(&prefix) else {
                continue;
            };
            found = true;
            if name.contains('/') || !name.ends_with(".toml") {
                continue;
            }
            if rule_files.len() == crate::rules::MAX_CUSTOM_RULES {
                return Err(loaded.error_at(
                    &[Step::key("rule-dirs"), Step::text(dir)],
                    format!(
                        "the rule folders hold more than {} rule files, the most custom rules",
                        crate::rules::MAX_CUSTOM_RULES
                    ),
                    Some(
                        "every rule reads the whole plan: merge rules that check the same field"
                            .into(),
                    ),
                ));
            }
            let bytes = in_repository(path).map_err(|e| ConfigError {
                message: format!("cannot read rule file `{path}`: {e}"),
                help: Some("rule files must be regular files inside the repository".into()),
                file: None,
                span: None,
            })?;
            if bytes.len() > MAX_CONFIG_BYTES {
                return Err(unplaced(
                    format!(
                        "rule file `{path}` is {} bytes; a rule file may be at most {} KiB",
                        bytes.len(),
                        MAX_CONFIG_BYTES / 1024
                    ),
                    Some("a rule is a field, a check and a message: a few KiB".into()),
                ));
            }
            let text = String::from_utf8(bytes).map_err(|e| ConfigError {
                message: format!(
                    "rule file `{path}` is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
                help: Some("save the file as UTF-8".into()),
                file: None,
                span: None,
            })?;
            let table: toml::Table = toml::from_str(&text).map_err(|e| ConfigError {
                message: e.message().trim().to_string(),
                help: Some(
                    "a rule file has the format of the files in planlint's `rules/` folder".into(),
                ),
                file: Some((PathBuf::from(path), text.clone())),
                span: e.span(),
            })?;
            rule_files.push(RuleDirFile {
                path: PathBuf::from(path),
                text,
                table,
            });
        }
        if !found {
            return Err(loaded.error_at(
                &[Step::key("rule-dirs"), Step::text(dir)],
                format!("cannot read rule folder `{dir}`: it holds no files"),
                Some("`rule-dirs` are folders relative to the plan's root".into()),
            ));
        }
    }
    Ok(rule_files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_get_a_did_you_mean() {
        assert_eq!(
            help_for("unknown field `teems`, expected one of `teams`, `goals`, `data`"),
            "did you mean `teams`?"
        );
        assert_eq!(
            help_for("unknown field `zzzzzz`, expected `paths` or `rules`"),
            "the keys allowed here are `paths`, `rules`"
        );
    }

    #[test]
    fn a_rule_level_shorthand_keeps_the_options_of_the_extended_file() {
        let mut base: toml::Table = toml::from_str("[rules.team-size]\nmax = 8\n").expect("toml");
        let mut over: toml::Table =
            toml::from_str("[rules]\nteam-size = \"warning\"\n").expect("toml");
        expand_rule_levels(&mut base);
        expand_rule_levels(&mut over);
        merge(&mut base, over);
        assert_eq!(base["rules"]["team-size"]["max"].as_integer(), Some(8));
        assert_eq!(
            base["rules"]["team-size"]["level"].as_str(),
            Some("warning")
        );
    }

    #[test]
    fn merging_adds_rules_and_replaces_the_rest() {
        let mut base: toml::Table = toml::from_str(
            "rule = [{id = \"a\"}]\n[rules.team-size]\nmax = 8\nlevel = \"warning\"\n",
        )
        .expect("toml");
        let over: toml::Table =
            toml::from_str("rule = [{id = \"b\"}]\n[rules.team-size]\nmax = 9\n").expect("toml");
        merge(&mut base, over);
        assert_eq!(base["rule"].as_array().map(Vec::len), Some(2));
        assert_eq!(base["rules"]["team-size"]["max"].as_integer(), Some(9));
        assert_eq!(
            base["rules"]["team-size"]["level"].as_str(),
            Some("warning")
        );
    }
}
