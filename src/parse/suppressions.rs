//! Inline suppression comments of a planning file:
//!
//! - Markdown: `<!-- planlint-disable RULE[, RULE] -->` … `<!-- planlint-enable -->`
//!   and `<!-- planlint-disable-next-line RULE -->`, in the HTML the Markdown
//!   parser finds (not in code blocks or code spans);
//! - frontmatter: `planlint-ignore: [RULE, ...]` (the whole document);
//! - TOML and YAML: `# planlint-ignore RULE` on the line before.
//!
//! A reason may follow ` -- `. No rule means every rule.

use super::frontmatter;
use super::node::{Node, NodeKind};
use super::Suppression;
use crate::diagnostic::Span;
use regex::Regex;
use std::sync::OnceLock;

/// Finds every suppression in `text`; the file's extension decides the syntax.
pub(crate) fn scan(text: &str, path: &str) -> Vec<Suppression> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".toml") || lower.ends_with(".yaml") || lower.ends_with(".yml") {
        hash_comments(text)
    } else if lower.ends_with(".md") || lower.ends_with(".mdx") || lower.ends_with(".markdown") {
        let mut found = frontmatter_ignores(text);
        found.extend(html_comments(text));
        found
    } else {
        Vec::new()
    }
}

/// Splits `goal-why, team-size -- the reason` into rule ids and a reason.
fn rules_and_reason(text: &str) -> (Vec<String>, Option<String>) {
    let (rules, reason) = match text.split_once("--") {
        Some((rules, reason)) => (
            rules,
            Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (text, None),
    };
    let rules = rules
        .split([',', ' ', '\t', '[', ']', '"', '\''])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    (rules, reason)
}

/// The span of the first non-blank line starting at or after `from`.
fn next_line(text: &str, from: usize) -> Span {
    let mut start = from.min(text.len());
    while start < text.len() {
        let end = text
            .get(start..)
            .and_then(|r| r.find('\n'))
            .map_or(text.len(), |i| start + i);
        let line = text.get(start..end).unwrap_or("").trim();
        if !line.is_empty() {
            return start..end;
        }
        start = end + 1;
    }
    text.len()..text.len()
}

fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| at + i + 1)
}

/// The byte ranges of the HTML the Markdown parser finds in `text` (HTML
/// blocks and inline HTML), where a suppression comment counts: one in a
/// code block or code span is an example, not a suppression. A YAML
/// frontmatter is metadata, not Markdown.
fn html_ranges(text: &str) -> Vec<Span> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => Some(range),
            _ => None,
        })
        .collect()
}

fn html_comments(text: &str) -> Vec<Suppression> {
    // Every comment the regex matches says `planlint-`: a file that never
    // does is not parsed as Markdown a second time.
    if !text.contains("planlint-") {
        return Vec::new();
    }
    static COMMENT: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(comment) = COMMENT
        .get_or_init(|| {
            Regex::new(r"<!--\s*planlint-(disable-next-line|disable|enable)\b([^>]*?)-->").ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    // Open `disable` blocks: (index in `found`).
    let mut open: Vec<usize> = Vec::new();
    let comments = html_ranges(text).into_iter().flat_map(|range| {
        let start = range.start;
        let html = text.get(range).unwrap_or("");
        comment.captures_iter(html).map(move |caps| (start, caps))
    });
    for (offset, caps) in comments {
        let (Some(whole), Some(kind)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let whole = offset + whole.start()..offset + whole.end();
        let (rules, reason) = rules_and_reason(caps.get(2).map_or("", |m| m.as_str()));
        match kind.as_str() {
            "disable-next-line" => found.push(Suppression {
                rules,
                covers: next_line(text, line_end(text, whole.end)),
                span: whole.clone(),
                reason,
            }),
            "disable" => {
                open.push(found.len());
                found.push(Suppression {
                    rules,
                    covers: whole.end..text.len(),
                    span: whole.clone(),
                    reason,
                });
            }
            _ => {
                open.retain(|&i| {
                    let Some(block) = found.get_mut(i) else {
                        return false;
                    };
                    let closes = rules.is_empty() || block.rules.iter().any(|r| rules.contains(r));
                    if closes {
                        block.covers.end = whole.start;
                    }
                    !closes
                });
            }
        }
    }
    found
}

/// `planlint-ignore:` in a `---` or `+++` frontmatter covers the whole
/// file. Read from the frontmatter as its parser reads it: a rule list or a
/// string (`"a, b"`); a frontmatter that does not parse suppresses nothing
/// (its parse error is reported).
fn frontmatter_ignores(text: &str) -> Vec<Suppression> {
    let start = text.len() - text.trim_start_matches('\u{feff}').len();
    let Some(frontmatter) = frontmatter::split(text, start).frontmatter else {
        return Vec::new();
    };
    // Most frontmatters say nothing to planlint: not parsed a second time.
    let mentioned = text
        .get(frontmatter.content.clone())
        .is_some_and(|content| content.contains("planlint"));
    if !mentioned {
        return Vec::new();
    }
    let Ok(Node {
        kind: NodeKind::Map(entries),
        ..
    }) = frontmatter::tree(text, &frontmatter)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, key_span, value) in &entries {
        if key != "planlint-ignore" && key != "planlint_ignore" {
            continue;
        }
        let items: Vec<&str> = match &value.kind {
            NodeKind::Scalar(item) => item.split(',').collect(),
            NodeKind::List(list) => list
                .iter()
                .filter_map(|item| match &item.kind {
                    NodeKind::Scalar(item) => Some(item.as_str()),
                    _ => None,
                })
                .collect(),
            NodeKind::Null | NodeKind::Map(_) => Vec::new(),
        };
        let span = key_span.start..value.span.end.max(key_span.end);
        for (rules, reason) in items.into_iter().map(rules_and_reason) {
            if rules.is_empty() {
                continue;
            }
            found.push(Suppression {
                rules,
                covers: 0..text.len(),
                span: span.clone(),
                reason,
            });
        }
    }
    found
}

/// `# planlint-ignore RULE` in TOML or YAML covers the next line that is
/// not blank or a comment (and, through it, the entity that starts there).
/// One pass: the comments wait for that line together (each looking ahead
/// for it on its own made a run of comments quadratic).
fn hash_comments(text: &str) -> Vec<Suppression> {
    let mut found: Vec<Suppression> = Vec::new();
    // The comments, at the end of `found`, whose line is not yet known.
    let mut waiting = 0;
    let mut pos = 0;
    while pos < text.len() {
        let end = line_end(text, pos);
        let line = text.get(pos..end).unwrap_or("");
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('#') {
            if let Some(rules) = rest.trim_start().strip_prefix("planlint-ignore") {
                if rules.is_empty() || rules.starts_with([' ', '\t', '\r', '\n']) {
                    let (rules, reason) = rules_and_reason(rules.trim());
                    let start = pos + (line.len() - trimmed.len());
                    found.push(Suppression {
                        rules,
                        covers: text.len()..text.len(),
                        span: start..pos + line.trim_end().len(),
                        reason,
                    });
                    waiting += 1;
                }
            }
        } else if !trimmed.trim_end().is_empty() {
            let covers = pos..pos + line.strip_suffix('\n').unwrap_or(line).len();
            let from = found.len() - waiting;
            for suppression in found.get_mut(from..).unwrap_or_default() {
                suppression.covers = covers.clone();
            }
            waiting = 0;
        }
        pos = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered<'a>(text: &'a str, s: &Suppression) -> &'a str {
        &text[s.covers.clone()]
    }

    #[test]
    fn markdown_disable_blocks_end_at_enable() {
        let text = "a\n<!-- planlint-disable goal-why, team-size -- legacy -->\nb\n<!-- planlint-enable -->\nc\n";
        let found = scan(text, "x.md");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["goal-why", "team-size"]);
        assert_eq!(found[0].reason.as_deref(), Some("legacy"));
        assert_eq!(covered(text, &found[0]), "\nb\n");
        assert_eq!(
            &text[found[0].span.clone()],
            "<!-- planlint-disable goal-why, team-size -- legacy -->"
        );
    }

    #[test]
    fn comments_in_code_are_examples_not_suppressions() {
        let text = "# T\n\n```markdown\n<!-- planlint-disable -->\n```\n\n    <!-- planlint-disable goal-why -->\n\nWrite `<!-- planlint-disable -->` to silence.\n\nText <!-- planlint-disable-next-line team-size --> inline.\n\n<!-- planlint-disable goal-owner -->\n";
        let found = scan(text, "x.md");
        let spans: Vec<&str> = found.iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(
            spans,
            [
                "<!-- planlint-disable-next-line team-size -->",
                "<!-- planlint-disable goal-owner -->"
            ]
        );
    }

    #[test]
    fn markdown_disable_without_enable_runs_to_the_end() {
        let text = "<!-- planlint-disable -->\nrest\n";
        let found = scan(text, "x.md");
        assert!(found[0].rules.is_empty());
        assert_eq!(covered(text, &found[0]), "\nrest\n");
    }

    #[test]
    fn markdown_next_line_covers_the_next_non_blank_line() {
        let text = "<!-- planlint-disable-next-line goal-owner -->\n\n# Title\nmore\n";
        let found = scan(text, "x.md");
        assert_eq!(covered(text, &found[0]), "# Title");
    }

    #[test]
    fn frontmatter_ignore_covers_the_document() {
        let text = "---\nowner: x\nplanlint-ignore: [goal-why, \"adoption-step -- tracked elsewhere\"]\n---\n# T\n";
        let found = scan(text, "x.md");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rules, ["goal-why"]);
        assert_eq!(found[1].rules, ["adoption-step"]);
        assert_eq!(found[1].reason.as_deref(), Some("tracked elsewhere"));
        assert_eq!(found[0].covers, 0..text.len());
        let block = "---\nplanlint-ignore:\n  - goal-why\n  - team-size\n---\n";
        assert_eq!(scan(block, "x.md").len(), 2);
        let toml = "+++\nplanlint-ignore = [\"goal-why\"]\n+++\n";
        assert_eq!(scan(toml, "x.md")[0].rules, ["goal-why"]);
        assert_eq!(
            &text[found[0].span.clone()],
            "planlint-ignore: [goal-why, \"adoption-step -- tracked elsewhere\"]"
        );
    }

    #[test]
    fn frontmatter_ignore_is_read_as_the_frontmatter_parser_reads_it() {
        // In a YAML block scalar, `planlint-ignore:` is text, not a key.
        let text = "---\nnotes: |\n  planlint-ignore: [goal-why]\n---\n# T\n";
        assert!(scan(text, "x.md").is_empty());
        // Quoted keys are keys; a list item that is not text is no rule.
        let text = "---\n\"planlint-ignore\": [goal-why, {a: 1}]\n---\n";
        let found = scan(text, "x.md");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["goal-why"]);
        // A frontmatter that does not parse suppresses nothing.
        assert!(scan("---\nplanlint-ignore: [goal-why\n---\n", "x.md").is_empty());
    }

    #[test]
    fn hash_comments_cover_the_next_line() {
        let text =
            "# planlint-ignore goal-owner -- interim\n# another comment\n[[goal]]\nid = \"G-1\"\n";
        let found = scan(text, "plan.toml");
        assert_eq!(found.len(), 1);
        assert_eq!(covered(text, &found[0]), "[[goal]]");
        assert_eq!(found[0].reason.as_deref(), Some("interim"));
        assert!(scan("# planlint-ignored x\n", "a.yaml").is_empty());
    }

    /// The line each comment covers, found as first written: each comment
    /// looking ahead on its own for the next line that is not blank or a
    /// comment.
    fn covers_by_looking_ahead(text: &str) -> Vec<Span> {
        let mut covers = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let end = line_end(text, pos);
            let line = text.get(pos..end).unwrap_or("");
            let trimmed = line.trim_start();
            if let Some(rules) = trimmed
                .strip_prefix('#')
                .and_then(|rest| rest.trim_start().strip_prefix("planlint-ignore"))
            {
                if rules.is_empty() || rules.starts_with([' ', '\t', '\r', '\n']) {
                    let mut start = end;
                    covers.push(loop {
                        if start >= text.len() {
                            break text.len()..text.len();
                        }
                        let next = text[start..].find('\n').map_or(text.len(), |i| start + i);
                        let line = text[start..next].trim();
                        if !(line.is_empty() || line.starts_with('#')) {
                            break start..next;
                        }
                        start = next + 1;
                    });
                }
            }
            pos = end;
        }
        covers
    }

    proptest::proptest! {
        #[test]
        fn comments_cover_the_line_looking_ahead_finds(
            lines in proptest::collection::vec(
                "# planlint-ignore goal-why|#planlint-ignore|# other|[ \t]*|\\PC{0,8}|id = \"é\"\r?",
                0..12,
            ),
            last_newline in proptest::bool::ANY,
        ) {
            let mut text = lines.join("\n");
            if last_newline {
                text.push('\n');
            }
            let covers: Vec<Span> = hash_comments(&text).into_iter().map(|s| s.covers).collect();
            proptest::prop_assert_eq!(covers, covers_by_looking_ahead(&text), "{:?}", text);
        }
    }

    #[test]
    fn a_run_of_comments_covers_one_line_in_one_pass() {
        let text = "# planlint-ignore goal-owner\n\n".repeat(200_000) + "[[goal]]\n";
        let found = scan(&text, "plan.toml");
        assert_eq!(found.len(), 200_000);
        assert!(found.iter().all(|s| covered(&text, s) == "[[goal]]"));
        let text = "# planlint-ignore goal-owner\n".repeat(3);
        let found = scan(&text, "plan.yaml");
        assert!(found.iter().all(|s| s.covers == (text.len()..text.len())));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "<!-- planlint-disable",
            "---\nplanlint-ignore:",
            "#planlint-ignore",
            "\u{feff}---\nplanlint-ignore: é\n",
        ] {
            for path in ["a.md", "a.toml"] {
                let _ = scan(text, path);
            }
        }
    }
}
