//! Reading `planlint.toml`, with errors that point into it.

use super::Config;
use crate::diagnostic::Span;
use std::path::{Path, PathBuf};

/// A configuration problem: ends the run with exit code 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub help: Option<String>,
    /// The config file and the span in it, when the error has a place.
    pub file: Option<(PathBuf, String)>,
    pub span: Option<Span>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A loaded configuration and the text it came from.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub text: String,
}

impl Loaded {
    /// An error located by a path of needles, each searched after the
    /// previous one (`["[rules.team-size]", "max"]`); unlocated when a needle
    /// is missing.
    pub fn error_at_path(
        &self,
        path: &[String],
        message: String,
        help: Option<String>,
    ) -> ConfigError {
        let mut from = 0;
        let mut span = None;
        for needle in path {
            match self
                .text
                .get(from..)
                .and_then(|rest| rest.find(needle.as_str()))
            {
                Some(at) => {
                    span = Some(from + at..from + at + needle.len());
                    from += at + needle.len();
                }
                None => {
                    span = None;
                    break;
                }
            }
        }
        ConfigError {
            message,
            help,
            file: span
                .as_ref()
                .and(self.path.clone())
                .map(|p| (p, self.text.clone())),
            span,
        }
    }

    /// An error located at the first occurrence of `needle` in the config text.
    pub fn error_at(&self, needle: &str, message: String, help: Option<String>) -> ConfigError {
        let span = self
            .text
            .find(needle)
            .map(|start| start..start + needle.len());
        ConfigError {
            message,
            help,
            file: self.path.clone().map(|p| (p, self.text.clone())),
            span,
        }
    }
}

/// Reads the config at `path`, or the defaults when there is none.
pub fn load(path: Option<&Path>) -> Result<Loaded, ConfigError> {
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let bytes = std::fs::read(path).map_err(|e| ConfigError {
        message: format!("cannot read config `{}`: {e}", path.display()),
        help: Some("check the path given to `--config`".into()),
        file: None,
        span: None,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ConfigError {
        message: format!(
            "config `{}` is not valid UTF-8 (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
        help: Some("save the file as UTF-8".into()),
        file: None,
        span: None,
    })?;
    let config: Config = toml::from_str(&text).map_err(|e| ConfigError {
        message: e.message().trim().to_string(),
        help: Some("see the configuration reference in the README".into()),
        file: Some((path.to_path_buf(), text.clone())),
        span: e.span(),
    })?;
    Ok(Loaded {
        config,
        path: Some(path.to_path_buf()),
        text,
    })
}
