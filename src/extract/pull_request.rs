//! The pull request being checked, from the GitHub Actions event payload
//! (`GITHUB_EVENT_PATH` of a `pull_request` or `pull_request_target` event).
//!
//! planlint reads the payload itself: nothing from the pull request passes
//! through a shell. The pull request is no file of the repository, so its
//! [`ExtractedFile`] has a pseudo-path, `(pull request #12)` (see
//! [`pseudo_path`]), and a text made for snippets: the title on the first
//! line, a `labels:` and an `author:` line, a blank line, then the body.
//! Spans point into that text. A payload that cannot be read is a problem
//! on `(pull request event)` (or `(pull request #12)` once the number is
//! known) whose text is the payload itself, so the problem can be located.

use super::extracted::ExtractedFile;
use super::fields::{clamp_record, FieldNames};
use super::goal_links::{goal_links, IssueOptions};
use super::issues::{error_offset, read_body, serde_rejection, JsonObject};
use super::labelled::KnownNames;
use crate::diagnostic::{EntityKind, Span};
use crate::model::{Field, Fields, Origin, Record, Value};
use crate::parse::json_spans::{self, Kind};
use crate::parse::{decode, Problem};

/// The path of a payload whose pull request number is unknown.
pub const EVENT_PSEUDO_PATH: &str = "(pull request event)";

/// The path diagnostics on pull request #`number` carry. Parentheses and a
/// space: no planning glob names such a path, and reporters that link to
/// repository files recognise it with [`crate::diagnostic::is_pseudo_path`].
pub fn pseudo_path(number: &str) -> String {
    format!("(pull request #{number})")
}

const EVENT_HELP: &str = "planlint reads the `pull_request` object of a GitHub `pull_request` or `pull_request_target` event payload (GITHUB_EVENT_PATH, or `--event FILE`)";

/// Reads an event payload. Never fails: problems are returned in the file.
pub(crate) fn parse_event(
    bytes: &[u8],
    options: &FieldNames,
    issues: &IssueOptions,
) -> ExtractedFile {
    let mut parsed = ExtractedFile {
        path: EVENT_PSEUDO_PATH.to_string(),
        ..ExtractedFile::default()
    };
    let text = match decode(bytes.to_vec()) {
        Ok(text) => text,
        Err((text, problem)) => {
            parsed.text = text;
            parsed.problems.push(problem);
            return parsed;
        }
    };
    match read(&text, options, issues) {
        Ok((number, synthesized, record, cut)) => {
            parsed.path = pseudo_path(&number);
            parsed.text = synthesized;
            parsed.records.push(record);
            parsed.problems.extend(cut);
        }
        Err((number, problem)) => {
            if let Some(number) = number {
                parsed.path = pseudo_path(&number);
            }
            parsed.problems.push(Problem {
                span: crate::parse::clamp(&text, &problem.span),
                ..problem
            });
            parsed.text = text;
        }
    }
    parsed
}

/// A problem reading the payload: where the number is known, and the problem.
type Failure = (Option<String>, Problem);

/// The pull request's number, the synthesized text, its record, and the
/// problem of a body past the Markdown planlint reads, if it is.
fn read(
    text: &str,
    options: &FieldNames,
    issues: &IssueOptions,
) -> Result<(String, String, Record, Option<Problem>), Failure> {
    let start = crate::parse::content_start(text);
    let (tree, error) = json_spans::scan(text, start);
    if let Some(error) = error {
        return Err((
            None,
            Problem {
                message: format!(
                    "the pull request event is not valid JSON: {}",
                    error.message
                ),
                span: error.at..error.at,
                help: Some(EVENT_HELP.into()),
            },
        ));
    }
    let slice = text.get(start..).unwrap_or("");
    if let Some(e) = serde_rejection(text, &tree.nodes, slice) {
        let at = start + error_offset(slice, &e);
        return Err((
            None,
            Problem {
                message: format!("the pull request event is not valid JSON: {e}"),
                span: at..at,
                help: Some(EVENT_HELP.into()),
            },
        ));
    }
    let at_root = |message: &str| {
        (
            None,
            Problem {
                message: message.to_string(),
                span: start..start + usize::from(tree.get(0).is_some()),
                help: Some(EVENT_HELP.into()),
            },
        )
    };
    let Some(pr_node) = tree
        .member(text, 0, "pull_request")
        .filter(|&n| tree.kind(n) == Some(Kind::Object))
    else {
        return Err(at_root(
            "the event has no `pull_request` object: is it a `pull_request` event?",
        ));
    };
    let number = match tree.member(text, pr_node, "number") {
        Some(node) => match tree.integer(text, node) {
            Some(number) => number.to_string(),
            None => {
                return Err((
                    None,
                    Problem {
                        message: "the pull request's `number` is not an integer".into(),
                        span: tree.span(node),
                        help: Some(EVENT_HELP.into()),
                    },
                ))
            }
        },
        None => {
            return Err((
                None,
                Problem {
                    message: "the pull request has no `number`".into(),
                    span: tree.span(pr_node).start..tree.span(pr_node).start + 1,
                    help: Some(EVENT_HELP.into()),
                },
            ))
        }
    };
    let name = format!("pull request #{number}");
    let object = JsonObject {
        text,
        tree: &tree,
        node: pr_node,
        name: &name,
    };
    let fail = |problem: Problem| (Some(number.clone()), problem);
    let title = object.string("title", EVENT_HELP).map_err(fail)?;
    let body = object.string("body", EVENT_HELP).map_err(fail)?;
    let state = object.string("state", EVENT_HELP).map_err(fail)?;
    let url = object.string("html_url", EVENT_HELP).map_err(fail)?;
    let labels = object
        .names(
            "labels",
            "name",
            "labels are objects with a `name`, as GitHub sends them",
        )
        .map_err(fail)?;
    let user = tree.member(text, pr_node, "user");
    let author = match user.and_then(|node| tree.kind(node)) {
        None | Some(Kind::Null) => None,
        Some(Kind::Object) => user
            .and_then(|user| tree.member(text, user, "login"))
            .filter(|&login| tree.kind(login) == Some(Kind::String))
            .and_then(|login| json_spans::decode_string(text, &tree.span(login))),
        Some(_) => {
            return Err(fail(Problem {
                message: format!(
                    "`user` of pull request #{number} is not an object with a `login`"
                ),
                span: user.map_or(0..0, |node| tree.span(node)),
                help: Some(EVENT_HELP.into()),
            }))
        }
    };
    let draft_node = tree.member(text, pr_node, "draft");
    let draft = match draft_node.and_then(|node| tree.kind(node)) {
        None | Some(Kind::Null) => false,
        Some(Kind::Bool) => {
            draft_node.is_some_and(|node| text.get(tree.span(node)) == Some("true"))
        }
        Some(_) => {
            return Err(fail(Problem {
                message: format!("`draft` of pull request #{number} is not true or false"),
                span: draft_node.map_or(0..0, |n| tree.span(n)),
                help: Some(EVENT_HELP.into()),
            }))
        }
    };

    // The text shown in snippets, and the spans of what it shows.
    let title = title.map(|(t, _)| one_line(&t)).unwrap_or_default();
    let mut out = String::new();
    out.push_str(&title);
    let title_span = 0..out.len();
    out.push('\n');
    let mut label_values = Vec::new();
    let mut labels_span = title_span.clone();
    if let Some((field, _)) = &labels {
        if !field.values.is_empty() {
            let line_start = out.len();
            out.push_str("labels: ");
            for (index, label) in field.values.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                let name = one_line(&label.text);
                let start = out.len();
                out.push_str(&name);
                label_values.push(Value {
                    text: label.text.clone(),
                    place: (start..out.len()).into(),
                });
            }
            labels_span = line_start..out.len();
            out.push('\n');
        }
    }
    let mut author_value = None;
    if let Some(login) = &author {
        let line_start = out.len();
        out.push_str("author: @");
        let start = out.len();
        out.push_str(&one_line(login));
        author_value = Some((
            line_start..out.len(),
            Value {
                text: login.as_ref().into(),
                place: (start..out.len()).into(),
            },
        ));
        out.push('\n');
    }
    out.push('\n');
    let body_start = out.len();
    let body_text = body.map(|(b, _)| b).unwrap_or_default();
    out.push_str(&body_text);
    let body_span = body_start..out.len();

    let scalar = |text: &str, span: &Span| {
        Field::new(
            Origin::DataKey,
            span.clone(),
            smallvec::smallvec![Value {
                text: text.into(),
                place: span.clone().into(),
            }],
        )
    };
    let mut fields = Fields::new();
    fields.insert("number".into(), scalar(&number, &title_span));
    if !title.trim().is_empty() {
        fields.insert("title".into(), scalar(title.trim(), &title_span));
    }
    fields.insert(
        "draft".into(),
        scalar(if draft { "true" } else { "false" }, &title_span),
    );
    if let Some((state, _)) = &state {
        fields.insert("state".into(), scalar(state, &title_span));
    }
    if let Some((url, _)) = &url {
        fields.insert("url".into(), scalar(url, &title_span));
    }
    if let Some((line, login)) = author_value {
        fields.insert(
            "author".into(),
            Field::new(Origin::DataKey, line, vec![login]),
        );
    }
    let labels_field = labels.map(|_| Field::new(Origin::DataKey, labels_span, label_values));
    let mut facts = read_body(&out, body_start, options, &KnownNames::new(options));
    let goal = goal_links(None, labels_field.as_ref(), &facts.goals, issues, &out);
    facts.goals.clear();
    let cut = facts.cut.take();
    if let Some(labels) = labels_field {
        fields.insert("labels".into(), labels);
    }
    if !body_text.trim().is_empty() {
        fields.insert("body".into(), scalar(body_text.trim(), &body_span));
    }
    facts.insert_into(&mut fields);
    if let Some(goal) = goal {
        fields.insert("goal".into(), goal);
    }
    let mut record = Record {
        kind: EntityKind::PullRequest,
        span: 0..out.len(),
        anchor: title_span,
        title: Some(title.trim().to_string()).filter(|t| !t.is_empty()),
        fields,
    };
    clamp_record(&out, &mut record);
    Ok((number, out, record, cut))
}

/// Line breaks and other control characters become spaces: a title or a
/// label is shown on one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_support::{hostile_text, texts};
    use proptest::prelude::*;

    fn options() -> FieldNames {
        FieldNames::new(crate::config::Config::default().aliases())
    }

    fn event(pr: &str) -> String {
        format!(
            r#"{{"action": "opened", "number": 12, "pull_request": {pr}, "repository": {{"full_name": "acme/plan", "owner": {{"login": "acme"}}}}, "sender": {{"login": "alice"}}}}"#
        )
    }

    fn parse(text: &str) -> ExtractedFile {
        parse_event(text.as_bytes(), &options(), &IssueOptions::default())
    }

    fn spans<'a>(parsed: &'a ExtractedFile, name: &str) -> Vec<&'a str> {
        parsed.records[0].fields[name]
            .values
            .iter()
            .map(|v| &parsed.text[v.span()])
            .collect()
    }

    #[test]
    fn an_opened_pull_request() {
        let text = event(
            r#"{"number": 12, "title": "Raise activation:\nphase 2", "body": "Does the thing.\r\n\r\n**Goal:** G-107\r\n\r\n- [x] tests", "labels": [{"id": 1, "name": "goal:G-108"}, {"name": "planning"}], "user": {"login": "alice", "id": 7}, "draft": false, "state": "open", "html_url": "https://github.com/acme/plan/pull/12", "base": {"sha": "aaa"}, "head": {"sha": "bbb"}}"#,
        );
        let parsed = parse(&text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.path, "(pull request #12)");
        assert_eq!(
            parsed.text,
            "Raise activation: phase 2\nlabels: goal:G-108, planning\nauthor: @alice\n\nDoes the thing.\r\n\r\n**Goal:** G-107\r\n\r\n- [x] tests"
        );
        let record = &parsed.records[0];
        assert_eq!(record.kind, EntityKind::PullRequest);
        assert_eq!(record.title.as_deref(), Some("Raise activation: phase 2"));
        assert_eq!(
            &parsed.text[record.anchor.clone()],
            "Raise activation: phase 2"
        );
        assert_eq!(texts(record, "number"), ["12"]);
        assert_eq!(texts(record, "author"), ["alice"]);
        assert_eq!(spans(&parsed, "author"), ["alice"]);
        assert_eq!(texts(record, "labels"), ["goal:G-108", "planning"]);
        assert_eq!(spans(&parsed, "labels"), ["goal:G-108", "planning"]);
        assert_eq!(texts(record, "goal"), ["G-108", "G-107"]);
        assert_eq!(spans(&parsed, "goal"), ["goal:G-108", "G-107"]);
        assert_eq!(texts(record, "draft"), ["false"]);
        assert_eq!(texts(record, "state"), ["open"]);
        assert_eq!(texts(record, "tasks"), ["tests"]);
        assert!(!record.fields.contains_key("assignees"));
    }

    #[test]
    fn a_body_past_the_markdown_read_is_read_to_its_cut() {
        let marks = crate::parse::MAX_MARKDOWN_MARKS;
        let text = event(&format!(
            r#"{{"number": 12, "title": "Big", "body": "- [x] tests\n{}\n- [ ] more", "state": "open"}}"#,
            "*a".repeat(marks)
        ));
        let parsed = parse(&text);
        assert_eq!(texts(&parsed.records[0], "tasks"), ["tests"]);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        let cut = &parsed.problems[0];
        assert!(cut
            .message
            .starts_with("this document holds more than 1,000,000 Markdown marks"));
        assert_eq!(&parsed.text[cut.span.clone()], "*");
        assert_eq!(
            parsed.text[..cut.span.start].lines().last(),
            Some("- [x] tests")
        );
    }

    #[test]
    fn an_edited_draft_with_a_null_body_and_no_labels() {
        let text = event(
            r#"{"number": 40, "title": "WIP", "body": null, "labels": [], "user": {"login": "bob"}, "draft": true, "state": "open"}"#,
        )
        .replace("opened", "edited");
        let parsed = parse(&text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.path, "(pull request #40)");
        assert_eq!(parsed.text, "WIP\nauthor: @bob\n\n");
        let record = &parsed.records[0];
        assert_eq!(texts(record, "draft"), ["true"]);
        assert!(!record.fields.contains_key("goal"));
        assert!(!record.fields.contains_key("body"));
        assert!(record.fields["labels"].values.is_empty());
    }

    #[test]
    fn malformed_payloads_are_problems_on_a_pseudo_path() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "{\"pull_request\": {\"number\": 3",
                "(pull request event)",
                "not valid JSON",
            ),
            ("[]", "(pull request event)", "no `pull_request` object"),
            (
                "{\"ref\": \"refs/heads/main\"}",
                "(pull request event)",
                "no `pull_request` object",
            ),
            (
                "{\"pull_request\": {\"title\": \"x\"}}",
                "(pull request event)",
                "has no `number`",
            ),
            (
                "{\"pull_request\": {\"number\": \"3\"}}",
                "(pull request event)",
                "not an integer",
            ),
            (
                "{\"pull_request\": {\"number\": 3, \"labels\": [\"goal:G-1\"]}}",
                "(pull request #3)",
                "`labels[0]` of pull request #3 is a string",
            ),
            (
                "{\"pull_request\": {\"number\": 3, \"body\": 5}}",
                "(pull request #3)",
                "`body` of pull request #3 is a number",
            ),
            (
                "{\"pull_request\": {\"number\": 3, \"draft\": \"yes\"}}",
                "(pull request #3)",
                "`draft`",
            ),
            ("\u{0}", "(pull request event)", "binary"),
        ];
        for (text, path, message) in cases {
            let parsed = parse(text);
            assert_eq!(parsed.path, *path, "{text}");
            assert!(parsed.records.is_empty(), "{text}");
            assert_eq!(parsed.problems.len(), 1, "{text}");
            assert!(
                parsed.problems[0].message.contains(message),
                "{text}: {:?}",
                parsed.problems
            );
            assert!(parsed.text.get(parsed.problems[0].span.clone()).is_some());
        }
        let parsed = parse("{\"pull_request\": {\"number\": 3, \"labels\": [\"goal:G-1\"]}}");
        assert_eq!(
            &parsed.text[parsed.problems[0].span.clone()],
            "\"goal:G-1\""
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_stay_inside(
            title in hostile_text(40),
            body in proptest::option::of(hostile_text(80)),
            labels in proptest::collection::vec(hostile_text(12), 0..4),
            login in hostile_text(12),
        ) {
            let pr = serde_json::json!({
                "number": 5,
                "title": title,
                "body": body,
                "labels": labels.iter().map(|l| serde_json::json!({"name": l})).collect::<Vec<_>>(),
                "user": {"login": login},
            });
            let text = serde_json::json!({"pull_request": pr}).to_string();
            let parsed = parse(&text);
            prop_assert!(parsed.problems.is_empty());
            let record = &parsed.records[0];
            for field in record.fields.values() {
                prop_assert!(parsed.text.get(field.span()).is_some());
                for value in &field.values {
                    prop_assert!(parsed.text.get(value.span()).is_some());
                }
                for task in &field.tasks {
                    prop_assert!(parsed.text.get(task.span()).is_some());
                }
            }
        }
    }
}
