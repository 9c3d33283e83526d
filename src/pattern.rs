//! Regexes written in `planlint.toml` and rule files, which a pull request
//! controls. The `regex` crate matches in time linear in the text but
//! proportional to the compiled pattern, so both sides are capped: no pattern
//! can make a run take much longer than a plain check of the same plan.

use regex::{Regex, RegexBuilder};

/// Compiles a path glob from the configuration as gitignore reads one: `*`,
/// `?` and `[abc]` stay inside a folder, `**` crosses folders, and paths are
/// root-relative (`./ROADMAP.md` and `/ROADMAP.md` mean `ROADMAP.md`). The
/// error says what is wrong with the glob.
pub fn glob(pattern: &str) -> Result<globset::Glob, String> {
    let relative = pattern.trim_start_matches("./").trim_start_matches('/');
    globset::GlobBuilder::new(relative)
        .literal_separator(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// The folder a glob's matches must lie in (`planning/goals/` for
/// `planning/goals/**/*.md`), or the whole path for a glob without
/// wildcards; `""` when it may match anywhere.
pub fn literal_prefix(glob: &str) -> String {
    let relative = glob.trim_start_matches("./").trim_start_matches('/');
    match relative.find(['*', '?', '[', ']', '{', '}', '\\']) {
        None => relative.to_string(),
        Some(wildcard) => {
            let literal = relative.get(..wildcard).unwrap_or("");
            match literal.rfind('/') {
                Some(slash) => literal.get(..=slash).unwrap_or("").to_string(),
                None => String::new(),
            }
        }
    }
}

/// The longest pattern the configuration may write, in characters.
pub const MAX_PATTERN_CHARS: usize = 1_000;

/// The most heap a compiled regex may use (`RegexBuilder::size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 256 * 1024;

/// The cache of the lazy DFA of one regex (`RegexBuilder::dfa_size_limit`).
pub const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;

/// A regex sees at most this many bytes of each text (cut back to a
/// character boundary): a longer text is matched on its start.
pub const MAX_REGEX_HAYSTACK: usize = 64 * 1024;

/// Compiles a pattern from the configuration within the limits; the error
/// says why in words a config author can act on.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let chars = pattern.chars().count();
    if chars > MAX_PATTERN_CHARS {
        let start: String = pattern.chars().take(40).collect();
        return Err(format!(
            "the regex `{start}…` is {chars} characters long; the limit is {MAX_PATTERN_CHARS}"
        ));
    }
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            // The last line of the crate's message says what is wrong.
            let text = e.to_string();
            let last = text.lines().last().unwrap_or(&text).trim();
            let reason = last.strip_prefix("error: ").unwrap_or(last);
            format!("invalid regex `{pattern}`: {reason}")
        })
}

/// The start of `text` that a regex may scan: [`MAX_REGEX_HAYSTACK`] bytes at most.
pub fn haystack(text: &str) -> &str {
    let mut end = text.len().min(MAX_REGEX_HAYSTACK);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_lists_the_folder_before_its_first_wildcard() {
        assert_eq!(literal_prefix("planning/goals/**/*.md"), "planning/goals/");
        assert_eq!(literal_prefix("./teams/*.md"), "teams/");
        assert_eq!(literal_prefix("/ROADMAP.md"), "ROADMAP.md");
        assert_eq!(literal_prefix("docs/goal?.md"), "docs/");
        assert_eq!(literal_prefix("docs/q[12]/*.md"), "docs/");
        assert_eq!(literal_prefix("{a,b}/x.md"), "");
        assert_eq!(literal_prefix("**/x.md"), "");
        assert_eq!(literal_prefix("*.md"), "");
        assert_eq!(literal_prefix(r"a\*b/c.md"), "");
        assert_eq!(literal_prefix("é/ü/*.md"), "é/ü/");
    }

    #[test]
    fn long_patterns_are_refused_and_texts_cut_on_a_character() {
        let long = "a".repeat(MAX_PATTERN_CHARS + 1);
        assert_eq!(
            compile(&long).err().as_deref(),
            Some("the regex `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…` is 1001 characters long; the limit is 1000")
        );
        assert!(compile("(?P<value>x)").is_ok());
        let text = format!("{}é", "a".repeat(MAX_REGEX_HAYSTACK - 1));
        assert_eq!(haystack(&text).len(), MAX_REGEX_HAYSTACK - 1);
    }
}
