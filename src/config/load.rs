//! Reading `planlint.toml` (and the files it `extend`s), with errors that
//! point into the file and line where they are.

use super::Config;
use crate::diagnostic::Span;
use std::path::{Path, PathBuf};

/// How deep `extend` chains may go; deeper is almost surely a mistake.
const MAX_EXTEND_DEPTH: usize = 8;

/// A configuration problem: ends the run with exit code 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub help: Option<String>,
    /// The config file and its text, when the error has a place.
    pub file: Option<(PathBuf, String)>,
    pub span: Option<Span>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
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
    /// An error located by a path of needles, each searched after the
    /// previous one (`["[rules.team-size]", "max"]`) in each source file in
    /// turn; unlocated when no file holds them all.
    pub fn error_at_path(
        &self,
        path: &[String],
        message: String,
        help: Option<String>,
    ) -> ConfigError {
        for (file, text) in &self.sources {
            if let Some(span) = find_path(text, path) {
                return ConfigError {
                    message,
                    help,
                    file: Some((file.clone(), text.clone())),
                    span: Some(span),
                };
            }
        }
        ConfigError {
            message,
            help,
            file: None,
            span: None,
        }
    }

    /// An error located at the first occurrence of `needle`.
    pub fn error_at(&self, needle: &str, message: String, help: Option<String>) -> ConfigError {
        self.error_at_path(&[needle.to_string()], message, help)
    }
}

fn find_path(text: &str, path: &[String]) -> Option<Span> {
    let mut from = 0;
    let mut span = None;
    for needle in path {
        let at = text.get(from..)?.find(needle.as_str())?;
        span = Some(from + at..from + at + needle.len());
        from += at + needle.len();
    }
    span
}

fn plain(message: String, help: &str) -> ConfigError {
    ConfigError {
        message,
        help: Some(help.to_string()),
        file: None,
        span: None,
    }
}

/// Reads one config file and checks it alone, so its errors point into it.
fn read_one(path: &Path) -> Result<(String, toml::Table), ConfigError> {
    let bytes = std::fs::read(path).map_err(|e| {
        plain(
            format!("cannot read config `{}`: {e}", path.display()),
            "check the path given to `--config` or `extend`",
        )
    })?;
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
        file: Some((path.to_path_buf(), text.clone())),
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

/// Reads the config at `path` and what it extends, or the defaults when
/// there is no file.
pub fn load(path: Option<&Path>) -> Result<Loaded, ConfigError> {
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    let mut tables: Vec<toml::Table> = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        let (text, table) = read_one(&current)?;
        let extend = table
            .get("extend")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        sources.push((current.clone(), text));
        tables.push(table);
        let Some(next) = extend else {
            break;
        };
        let next_path = current.parent().unwrap_or(Path::new(".")).join(&next);
        let seen = sources.iter().any(|(p, _)| {
            p.canonicalize()
                .ok()
                .is_some_and(|c| Some(c) == next_path.canonicalize().ok())
        });
        if seen || sources.len() > MAX_EXTEND_DEPTH {
            let loaded = Loaded {
                config: Config::default(),
                path: Some(path.to_path_buf()),
                sources,
            };
            return Err(loaded.error_at(
                &format!("\"{next}\""),
                format!("`extend = \"{next}\"` makes a cycle (or a chain deeper than {MAX_EXTEND_DEPTH})"),
                Some("remove the `extend` that points back".into()),
            ));
        }
        if !next_path.is_file() {
            let loaded = Loaded {
                config: Config::default(),
                path: Some(path.to_path_buf()),
                sources,
            };
            return Err(loaded.error_at(
                &format!("\"{next}\""),
                format!("cannot read `{}`, named by `extend`", next_path.display()),
                Some("`extend` is relative to the file that names it".into()),
            ));
        }
        current = next_path;
    }
    let mut merged = toml::Table::new();
    for table in tables.into_iter().rev() {
        merge(&mut merged, table);
    }
    merged.remove("extend");
    let config: Config = merged.try_into().map_err(|e: toml::de::Error| {
        plain(
            e.message().trim().to_string(),
            "check the files named by `extend`",
        )
    })?;
    Ok(Loaded {
        config,
        path: Some(path.to_path_buf()),
        sources,
    })
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
