//! Heading mode: one entity per heading of a roadmap or objectives
//! document, its labelled lines its fields and its sub-headings its sections.

use super::document::section_fields;
use super::fields;
use super::fields::FieldNames;
use super::labelled::{self, KnownNames};
use super::problems::MAX_FILE_ENTITIES;
use crate::diagnostic::EntityKind;
use crate::model::{Field, Fields, Origin, Record, Task, Value, Values};
use crate::parse::markdown::{self, Block};
use crate::parse::{content_start, frontmatter, Problem};

/// The name of the list written right under a heading, before any label
/// or sub-heading: an OKR's key results as bullets under its objective
/// (IPFS and libp2p write theirs so). A source reads it by naming it for a
/// field: `done_when = ["items"]`.
pub(crate) const ITEMS: &str = "items";

/// The top-level list items of a heading's own blocks (`own`) that come
/// before its first labelled line, items that are labels themselves left
/// out: each a value, a task item a task. `None` when there is none.
fn own_items(own: &[Block], options: &FieldNames, known: &KnownNames) -> Option<Field> {
    let mut values = Values::new();
    let mut tasks = thin_vec::ThinVec::new();
    let mut first = None;
    let mut last = None;
    for block in own {
        let labelled =
            || !labelled::field_lines(std::slice::from_ref(block), options, known).is_empty();
        match block {
            Block::Paragraph { .. } if labelled() => break,
            Block::Item { depth: 0, span, .. } if !labelled() => {
                let (value, task) = block.value_and_task();
                values.extend(value.map(Value::from));
                tasks.extend(task.map(Task::from));
                first.get_or_insert(span.start);
                last = Some(span.end);
            }
            _ => {}
        }
    }
    let place = first?..last?;
    Some(Field {
        place: place.into(),
        values,
        tasks,
        origin: Origin::Section,
        mapped: false,
    })
}

/// The level a bold paragraph takes when `level` is not set: the deepest,
/// so it never closes a real heading's section.
const BOLD_LEVEL: u8 = 6;

/// A paragraph that is only bold text (`**Objective 2: Grouping**`), and not
/// a label (`**What we'll ship:**`), as a heading.
fn bold_heading(block: Block, level: u8) -> Block {
    if let Block::Paragraph { inline, span } = &block {
        let text = inline.text();
        let whole = text.trim_end().len();
        let strong = inline.strong_at(0);
        let is_label = text.trim_end().ends_with(':');
        if whole > 0
            && !is_label
            && strong.is_some_and(|run| run.end >= whole)
            && !text.contains('\n')
        {
            return Block::Heading {
                level,
                inline: inline.clone(),
                span: span.clone(),
            };
        }
    }
    block
}

/// The Markdown blocks of a document for heading mode: with `bold_headings`,
/// bold paragraphs become headings of `level` (or [`BOLD_LEVEL`]); the
/// frontmatter's problems; and the problem of a document past the Markdown
/// read, if it is.
pub(crate) fn blocks(
    text: &str,
    level: Option<u8>,
    bold_headings: bool,
) -> (Vec<Block>, Vec<Problem>, Option<Problem>) {
    let split = frontmatter::split(text, content_start(text));
    let (blocks, cut) = markdown::blocks(text, split.body);
    let blocks = if bold_headings {
        let level = level.unwrap_or(BOLD_LEVEL);
        blocks.into_iter().map(|b| bold_heading(b, level)).collect()
    } else {
        blocks
    };
    (blocks, split.problem.into_iter().collect(), cut)
}

/// Cuts a document (its blocks from [`blocks`]) where each heading of `level` is one record of `kind`.
///
/// With no `level`, a heading is a record when its own content (before any
/// sub-heading) or its text holds a labelled field; the outermost such
/// heading wins, so a record's sub-headings are its sections, not records.
///
/// A record's fields are its `(Owner: X)` heading parts and labelled lines
/// (first), then its sub-headings as sections. With `with_titles`, the title
/// is the heading text without its field parts (else none: the caller makes
/// its own); the anchor is the heading; the span runs to the end of its
/// section. A frontmatter is checked for errors but belongs to no record.
pub(crate) fn parse(
    text: &str,
    blocks: &[Block],
    kind: EntityKind,
    level: Option<u8>,
    options: &FieldNames,
    with_titles: bool,
) -> (Vec<Record>, Vec<Problem>) {
    let mut problems = Vec::new();
    let split = frontmatter::split(text, content_start(text));
    if let Some(found) = &split.frontmatter {
        problems.extend(frontmatter::entries(text, found).err());
    }
    let known = KnownNames::new(options);
    let id_name = options.canonical("id");
    // The items under a heading are read only for a source that names them.
    let items_name = options.canonical(ITEMS);
    let items_name = (items_name != ITEMS).then_some(items_name);
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
        let end = markdown::section_end(blocks, index, blocks.len());
        let own_end = (index + 1..end)
            .find(|&at| blocks.get(at).and_then(Block::heading_level).is_some())
            .unwrap_or(end);
        let own = blocks.get(index + 1..own_end).unwrap_or(&[]);
        let (heading_fields, title) = labelled::heading_fields(inline, options, with_titles);
        let lines = labelled::field_lines(own, options, &known);
        // An id alone (`## Appendix {#appendix}`) does not make a heading a record.
        let labels_a_field = heading_fields.iter().any(|found| found.name != id_name);
        if level.is_none() && !labels_a_field && lines.is_empty() {
            continue;
        }
        covered_until = end;

        let mut labelled = Fields::new();
        for found in heading_fields.into_iter().chain(lines) {
            fields::merge(&mut labelled, found.name, found.field);
        }
        if let Some(field) = items_name
            .as_ref()
            .and_then(|_| own_items(own, options, &known))
        {
            fields::merge(&mut labelled, items_name.clone().unwrap_or_default(), field);
        }
        let mut all = section_fields(blocks, index + 1..end, None, options, &known);
        fields::overlay(&mut all, labelled);

        let section_end = blocks
            .get(index..end)
            .and_then(<[Block]>::last)
            .map_or(span.end, |last| last.span().end.max(span.end));
        // Clamped once the source has added its own fields (`extract`).
        records.push(Record {
            kind,
            span: span.start..section_end,
            anchor: span.clone(),
            title: (!title.is_empty()).then_some(title),
            fields: all,
        });
        // One past the most a file holds: the caller reports where the rest start.
        if records.len() > MAX_FILE_ENTITIES {
            break;
        }
    }
    (records, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_support::{options_with, texts};

    const POSTHOG: &str =
        include_str!("../../tests/corpus/posthog/contents/teams/error-tracking/objectives.mdx");
    const POLONIUS: &str =
        include_str!("../../tests/corpus/rust-project-goals/src/2025h1/Polonius.md");

    fn options() -> FieldNames {
        let pairs = [
            ("owner", "owner"),
            ("point_of_contact", "owner"),
            ("motivation", "why"),
            ("why", "why"),
            ("status", "status"),
        ];
        options_with(&pairs)
    }

    fn cut(text: &str, level: Option<u8>) -> (Vec<Record>, Vec<Problem>) {
        let (blocks, _, _) = blocks(text, level, false);
        parse(text, &blocks, EntityKind::Goal, level, &options(), true)
    }

    /// IPFS's OKR pages: key results as bullets right under the objective
    /// are its done criteria when the source names `items`; items under a
    /// label, nested items and label items are not among them; a source
    /// that does not name them reads no such field.
    #[test]
    fn the_items_under_a_heading_are_read_when_named() {
        let text = "## 2019 Q1\n### Used in production\nWhy it matters.\n* p0 - Gateway nodes run JS [@ana](https://github.com/ana)\n  * a sub-point\n* [x] p1 - Zoë's benchmark site\n* Owner: @ben\n\n**Risks:**\n* slow reviews\n";
        let (blocks, _, _) = blocks(text, Some(3), false);
        let named = options_with(&[
            ("items", "done_when"),
            ("owner", "owner"),
            ("risks", "risks"),
        ]);
        let (records, _) = parse(text, &blocks, EntityKind::Goal, Some(3), &named, true);
        assert_eq!(
            texts(&records[0], "done_when"),
            [
                "p0 - Gateway nodes run JS @ana",
                "p1 - Zoë's benchmark site"
            ]
        );
        assert_eq!(records[0].fields["done_when"].tasks.len(), 1);
        assert_eq!(texts(&records[0], "owner"), ["@ben"]);
        assert_eq!(texts(&records[0], "risks"), ["slow reviews"]);
        let (records, _) = cut(text, Some(3));
        assert!(!records[0].fields.contains_key("done_when"));
        assert!(!records[0].fields.contains_key("items"));
    }

    #[test]
    fn a_trailing_brace_id_is_the_id_and_not_the_title() {
        let text = "# Plan\n\n## Faster search {#G-12}\nOwner: @a\n\n## Appendix {#appendix}\nNotes.\n\n## Plans {2027} (Owner: @b)\n";
        let (records, _) = cut(text, None);
        let titles: Vec<_> = (records.iter())
            .map(|r| r.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(titles, ["Faster search", "Plans {2027}"]);
        assert_eq!(texts(&records[0], "id"), ["G-12"]);
        assert_eq!(&text[records[0].fields["id"].span()], "{#G-12}");
        assert_eq!(&text[records[0].fields["id"].values[0].span()], "G-12");
        assert!(!records[1].fields.contains_key("id"));
    }

    #[test]
    fn bold_paragraphs_are_headings_when_asked() {
        let text = "# Plan\n\n**Objective 1: Faster builds**\n\nOwner: @a\n\n**What we'll ship:**\n\n- x\n\n**Objective 2: Docs**\n\nOwner: @b\n";
        let (plain, _, _) = blocks(text, Some(2), false);
        assert!(
            parse(text, &plain, EntityKind::Goal, Some(2), &options(), true)
                .0
                .is_empty()
        );
        let (bold, _, _) = blocks(text, Some(2), true);
        let (records, _) = parse(text, &bold, EntityKind::Goal, Some(2), &options(), true);
        let titles: Vec<_> = records
            .iter()
            .map(|r| r.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(titles, ["Objective 1: Faster builds", "Objective 2: Docs"]);
        assert_eq!(texts(&records[0], "owner"), ["@a"]);
        assert_eq!(texts(&records[0], "what_we'll_ship"), ["x"]);
        assert_eq!(&text[records[1].anchor.clone()], "**Objective 2: Docs**");
    }

    #[test]
    fn posthog_objectives_are_one_goal_per_heading() {
        let (records, problems) = cut(POSTHOG, None);
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
            &POSTHOG[grouping.fields["owner"].values[0].span()],
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
        let (records, _) = cut(POSTHOG, Some(3));
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].title.as_deref(), Some("Q4 2026 objectives"));
        assert!(records[0]
            .fields
            .keys()
            .any(|name| name.starts_with("objective_1")));
        let (records, _) = cut(POSTHOG, Some(4));
        assert_eq!(records.len(), 7);
    }

    #[test]
    fn a_rust_project_goal_is_one_record_with_its_metadata_table() {
        let (records, problems) = cut(POLONIUS, None);
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
        let (records, _) = cut(text, None);
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
        let (records, problems) = cut("just text\n", None);
        assert!(records.is_empty() && problems.is_empty());
    }
}
