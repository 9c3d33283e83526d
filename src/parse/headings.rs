//! One entity per heading: a single roadmap or objectives document where
//! each heading is a goal (or team) and labelled lines are its fields.

use super::labels::{self, KnownNames};
use super::markdown::{self, Block};
use super::{clamp_record, content_start, fields, frontmatter};
use super::{Field, ParseOptions, Problem, Record};
use crate::diagnostic::EntityKind;
use std::collections::BTreeMap;

/// Parses a document where each heading of `level` is one record of `kind`.
///
/// With no `level`, a heading is a record when its own content (before any
/// sub-heading) or its text holds a labelled field; the outermost such
/// heading wins, so a record's sub-headings are its sections, not records.
///
/// A record's fields are its `(Owner: X)` heading parts and labelled lines
/// (first), then its sub-headings as sections. The title is the heading text
/// without its field parts; the anchor is the heading; the span runs to the
/// end of its section. A frontmatter is checked for errors but belongs to no
/// record.
pub(crate) fn parse(
    text: &str,
    kind: EntityKind,
    level: Option<u8>,
    options: &ParseOptions,
) -> (Vec<Record>, Vec<Problem>) {
    let mut problems = Vec::new();
    let split = frontmatter::split(text, content_start(text));
    problems.extend(split.problem.clone());
    if let Some(found) = &split.frontmatter {
        frontmatter::fields(text, found, options, &mut problems);
    }
    let blocks = markdown::blocks(text, split.body);
    let known = KnownNames::new(options);
    let mut records = Vec::new();
    // With no level, headings before this block are inside an earlier record.
    let mut covered_until = 0;
    for (index, block) in blocks.iter().enumerate() {
        let Block::Heading {
            level: this_level,
            inline,
            span,
        } = block
        else {
            continue;
        };
        if level.is_some_and(|wanted| wanted != *this_level) || index < covered_until {
            continue;
        }
        let end = markdown::section_end(&blocks, index, blocks.len());
        let own_end = (index + 1..end)
            .find(|&at| blocks.get(at).and_then(Block::heading_level).is_some())
            .unwrap_or(end);
        let own = blocks.get(index + 1..own_end).unwrap_or(&[]);
        let (heading_fields, title) = labels::heading_fields(inline, options);
        let lines = labels::field_lines(own, options, &known);
        if level.is_none() && heading_fields.is_empty() && lines.is_empty() {
            continue;
        }
        covered_until = end;

        let mut labelled: BTreeMap<String, Field> = BTreeMap::new();
        for found in heading_fields.into_iter().chain(lines) {
            fields::merge(&mut labelled, found.name, found.field);
        }
        let mut all = markdown::section_fields(&blocks, index + 1..end, None, options);
        fields::overlay(&mut all, labelled);

        let section_end = blocks
            .get(index..end)
            .and_then(<[Block]>::last)
            .map_or(span.end, |last| last.span().end.max(span.end));
        let mut record = Record {
            kind,
            span: span.start..section_end,
            anchor: span.clone(),
            title: (!title.is_empty()).then_some(title),
            fields: all,
        };
        clamp_record(text, &mut record);
        records.push(record);
    }
    (records, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::test_support::{options_with, texts};

    const POSTHOG: &str =
        include_str!("../../tests/corpus/posthog/contents/teams/error-tracking/objectives.mdx");
    const POLONIUS: &str =
        include_str!("../../tests/corpus/rust-project-goals/src/2025h1/Polonius.md");

    fn options() -> ParseOptions {
        let pairs = [
            ("owner", "owner"),
            ("point_of_contact", "owner"),
            ("motivation", "why"),
            ("why", "why"),
            ("status", "status"),
        ];
        options_with(&pairs)
    }

    #[test]
    fn posthog_objectives_are_one_goal_per_heading() {
        let (records, problems) = parse(POSTHOG, EntityKind::Goal, None, &options());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records.len(), 7);
        let grouping = &records[1];
        assert_eq!(
            grouping.title.as_deref(),
            Some("Objective 2: Grouping – Group once, correctly")
        );
        assert!(POSTHOG[grouping.anchor.clone()].starts_with("#### Objective 2"));
        assert_eq!(texts(grouping, "owner"), ["Hugues Pouillot"]);
        assert_eq!(
            &POSTHOG[grouping.fields["owner"].values[0].span.clone()],
            "Hugues Pouillot"
        );
        assert!(texts(grouping, "why")[0].starts_with("Better grouping improves"));
        let ship = texts(grouping, "what_we'll_ship");
        assert_eq!(ship.len(), 3);
        assert_eq!(
            ship[0],
            "Improve fingerprinting by using source context – Hugues Pouillot"
        );
        assert!(POSTHOG[grouping.span.clone()].ends_with(
            "Add a post-embedding grouping step – <TeamMember name=\"Hugues Pouillot\" />"
        ));
        let last = &records[6];
        assert_eq!(texts(last, "owner"), ["Aleksander Błaszkiewicz"]);
    }

    #[test]
    fn a_fixed_level_takes_every_heading_of_it() {
        let (records, _) = parse(POSTHOG, EntityKind::Goal, Some(3), &options());
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].title.as_deref(), Some("Q4 2026 objectives"));
        assert!(records[0]
            .fields
            .keys()
            .any(|name| name.starts_with("objective_1")));
        let (records, _) = parse(POSTHOG, EntityKind::Goal, Some(4), &options());
        assert_eq!(records.len(), 7);
    }

    #[test]
    fn a_rust_project_goal_is_one_record_with_its_metadata_table() {
        let (records, problems) = parse(POLONIUS, EntityKind::Goal, None, &options());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records.len(), 1);
        let goal = &records[0];
        assert_eq!(
            goal.title.as_deref(),
            Some("Scalable Polonius support on nightly")
        );
        assert_eq!(texts(goal, "owner"), ["@lqd"]);
        assert_eq!(texts(goal, "status"), ["Accepted"]);
        assert!(goal.fields.contains_key("summary"));
        assert!(texts(goal, "why")[0].starts_with("Polonius is an improved version"));
        assert_eq!(goal.span.end, POLONIUS.trim_end().len());
    }

    #[test]
    fn field_lines_in_a_roadmap() {
        let text = "# Roadmap\n\n## Faster builds\n- Owner: @bob\n- Status: committed\n\nIntro.\n\n### Done when\n- [ ] under a minute\n\n## Better docs\n**Owner:** @a, @b\n";
        let (records, _) = parse(text, EntityKind::Goal, None, &options());
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].title.as_deref(), Some("Faster builds"));
        assert_eq!(texts(&records[0], "owner"), ["@bob"]);
        assert_eq!(texts(&records[0], "status"), ["committed"]);
        assert_eq!(records[0].fields["done_when"].tasks.len(), 1);
        assert_eq!(texts(&records[1], "owner"), ["@a", "@b"]);
        assert_eq!(
            &text[records[0].span.clone()],
            "## Faster builds\n- Owner: @bob\n- Status: committed\n\nIntro.\n\n### Done when\n- [ ] under a minute"
        );
    }

    #[test]
    fn no_headings_no_records() {
        let (records, problems) = parse("just text\n", EntityKind::Goal, None, &options());
        assert!(records.is_empty() && problems.is_empty());
    }
}
