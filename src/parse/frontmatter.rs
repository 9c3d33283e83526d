//! Splitting a Markdown document into its frontmatter (`---` YAML or `+++`
//! TOML) and its body, and turning the frontmatter into fields.

use super::node::{Node, NodeKind};
use super::{toml_node, yaml, Problem};
use crate::diagnostic::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Yaml,
    Toml,
}

/// Where a document's frontmatter is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Frontmatter {
    pub format: Format,
    /// The text between the fences.
    pub content: Span,
}

/// A document cut into frontmatter and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Split {
    pub frontmatter: Option<Frontmatter>,
    /// Where the Markdown body starts.
    pub body: usize,
    /// Set when the frontmatter is opened but never closed.
    pub problem: Option<Problem>,
}

/// Splits `text` whose content starts at byte `start` (after any BOM).
///
/// The opening fence must be the first line. An unclosed frontmatter is a
/// problem; the body then starts after the opening fence, so that lines such
/// as `owner: @bob` are still read as labelled lines.
pub(crate) fn split(text: &str, start: usize) -> Split {
    let mut lines = Lines::new(text, start);
    let Some(first) = lines.next() else {
        return no_frontmatter(start);
    };
    let (format, fence) = match line_text(text, &first).trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => return no_frontmatter(start),
    };
    let content_start = first.next;
    for line in lines {
        let closing = line_text(text, &line).trim_end();
        if closing == fence || (format == Format::Yaml && closing == "...") {
            return Split {
                frontmatter: Some(Frontmatter {
                    format,
                    content: content_start..line.start,
                }),
                body: line.next,
                problem: None,
            };
        }
    }
    Split {
        frontmatter: None,
        body: content_start,
        problem: Some(Problem {
            message: format!("frontmatter opened with `{fence}` is never closed"),
            span: first.start..first.end,
            help: Some(format!(
                "add a line `{fence}` after the last frontmatter field"
            )),
        }),
    }
}

fn no_frontmatter(start: usize) -> Split {
    Split {
        frontmatter: None,
        body: start,
        problem: None,
    }
}

/// The frontmatter's values as a tree, spans in `text`.
pub(crate) fn tree(text: &str, frontmatter: &Frontmatter) -> Result<Node, Problem> {
    let content = text.get(frontmatter.content.clone()).unwrap_or("");
    let base = frontmatter.content.start;
    match frontmatter.format {
        Format::Yaml => yaml::parse(content, base),
        Format::Toml => toml_node::parse(content, base),
    }
}

/// The frontmatter's entries (none when it is empty), or the problem that
/// keeps it from being a mapping of keys.
pub(crate) fn entries(
    text: &str,
    frontmatter: &Frontmatter,
) -> Result<Vec<(String, Span, Node)>, Problem> {
    let parsed = tree(text, frontmatter)?;
    match parsed.kind {
        NodeKind::Map(entries) => Ok(entries),
        NodeKind::Null => Ok(Vec::new()),
        _ => Err(Problem {
            message: "frontmatter is not a mapping of fields".to_owned(),
            span: parsed.span,
            help: Some("write the frontmatter as `key: value` lines".to_owned()),
        }),
    }
}

/// One line: `start..end` without its line break, `next` after it.
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, at: usize) -> Self {
        Lines { text, at }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let rest = self.text.get(self.at..).filter(|rest| !rest.is_empty())?;
        let start = self.at;
        // memchr: `str::find` cost 176 instructions a line here. A line
        // ends as Markdown's do: at `\n`, `\r\n` or a lone `\r` (an old
        // Mac editor's files).
        let (end, next) = match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(at) if rest.as_bytes().get(at) == Some(&b'\r') => {
                let crlf = rest.as_bytes().get(at + 1) == Some(&b'\n');
                (start + at, start + at + 1 + usize::from(crlf))
            }
            Some(newline) => (start + newline, start + newline + 1),
            None => (start + rest.len(), start + rest.len()),
        };
        self.at = next;
        Some(Line { start, end, next })
    }
}

fn line_text<'a>(text: &'a str, line: &Line) -> &'a str {
    text.get(line.start..line.end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontmatter_lines_may_end_in_a_lone_cr_or_crlf() {
        for text in [
            "---\rowner: \"@bob\"\r---\r# Title\r",
            "---\r\nowner: \"@bob\"\r\n---\r\n# Title\r\n",
        ] {
            let split = split(text, 0);
            let frontmatter = split.frontmatter.expect("frontmatter");
            assert_eq!(
                &text[frontmatter.content.clone()].trim_end(),
                &"owner: \"@bob\""
            );
            assert_eq!(text[split.body..].trim_end(), "# Title", "{text:?}");
            let tree = crate::parse::frontmatter_tree(text).expect("tree");
            assert!(format!("{tree:?}").contains("@bob"), "{tree:?}");
        }
    }

    #[test]
    fn yaml_frontmatter_is_split_from_the_body() {
        let text = "---\nowner: \"@bob\"\n---\n# Title\n";
        let split = split(text, 0);
        let frontmatter = split.frontmatter.unwrap();
        assert_eq!(frontmatter.format, Format::Yaml);
        assert_eq!(&text[frontmatter.content], "owner: \"@bob\"\n");
        assert_eq!(&text[split.body..], "# Title\n");
        assert!(split.problem.is_none());
    }

    #[test]
    fn toml_frontmatter_and_crlf_line_ends() {
        let text = "+++\r\nowner = \"@bob\"\r\n+++\r\nbody";
        let split = split(text, 0);
        let frontmatter = split.frontmatter.unwrap();
        assert_eq!(frontmatter.format, Format::Toml);
        assert_eq!(&text[frontmatter.content], "owner = \"@bob\"\r\n");
        assert_eq!(&text[split.body..], "body");
    }

    #[test]
    fn frontmatter_must_open_on_the_first_line() {
        let text = "# Title\n---\na: b\n---\n";
        let split = split(text, 0);
        assert!(split.frontmatter.is_none());
        assert_eq!(split.body, 0);
    }

    #[test]
    fn unclosed_frontmatter_is_a_problem_on_line_one() {
        let text = "---\nowner: \"@bob\"\n# Title\n";
        let split = split(text, 0);
        let problem = split.problem.unwrap();
        assert_eq!(&text[problem.span], "---");
        assert!(problem.message.contains("never closed"));
        assert_eq!(&text[split.body..], "owner: \"@bob\"\n# Title\n");
    }

    #[test]
    fn empty_frontmatter_has_no_fields_and_no_problem() {
        let text = "---\n---\n# T\n";
        let split = split(text, 0);
        let frontmatter = split.frontmatter.unwrap();
        assert_eq!(entries(text, &frontmatter), Ok(Vec::new()));
    }

    #[test]
    fn a_list_frontmatter_is_a_problem() {
        let text = "---\n- a\n- b\n---\n";
        let frontmatter = split(text, 0).frontmatter.unwrap();
        let problem = entries(text, &frontmatter).unwrap_err();
        assert_eq!(problem.message, "frontmatter is not a mapping of fields");
        assert_eq!(&text[problem.span], "a\n- b");
    }

    #[test]
    fn bad_yaml_is_located_in_the_file() {
        let text = "---\nowner: \"@bob\"\nteam: [growth\nstatus: done\n---\n";
        let frontmatter = split(text, 0).frontmatter.unwrap();
        let problem = entries(text, &frontmatter).unwrap_err();
        let line = text[..problem.span.start].matches('\n').count() + 1;
        assert_eq!(line, 4, "{problem:?}");
        assert_eq!(&text[problem.span], ":");
    }

    #[test]
    fn a_bom_is_skipped() {
        let text = "\u{feff}---\na: b\n---\n";
        let split = split(text, 3);
        assert_eq!(&text[split.frontmatter.unwrap().content], "a: b\n");
    }
}
