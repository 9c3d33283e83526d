//! One entity per Markdown document: frontmatter, labelled lines before the
//! first section, and sections.

use super::fields;
use super::fields::{clamp_record, FieldNames};
use super::labelled::{self, KnownNames};
use crate::diagnostic::EntityKind;
use crate::model::{Field, Fields, Origin, Record, Task, Value, Values};
use crate::parse::markdown::{self, Block};
use crate::parse::{content_start, first_line, frontmatter, Problem};
use std::ops::Range;
use thin_vec::ThinVec;

/// Parses a whole Markdown document (with optional `---` YAML or `+++` TOML
/// frontmatter) as one record of `kind`. Usable by any role whose files are
/// one entity per document (teams, goals, issue files).
///
/// Fields come from three places; when several give the same canonical
/// name, the first of these wins and the others are ignored:
///
/// 1. the frontmatter;
/// 2. labelled lines and two-column metadata tables before the first
///    heading after the title (`**Owner:** @bob`, `| Point of contact | @lqd |`);
/// 3. sections: every heading except the document title (a first heading at
///    level 1), with its list items and paragraphs as values.
///
/// `title` is the first heading's text; `anchor` is that heading, else the
/// first line of the file. A frontmatter `title` with no level-1 heading
/// is both instead. `span` is the whole file.
pub fn read(text: &str, kind: EntityKind, options: &FieldNames) -> (Record, Vec<Problem>) {
    let start = content_start(text);
    let mut problems = Vec::new();
    let split = frontmatter::split(text, start);
    problems.extend(split.problem.clone());
    let frontmatter_fields = match &split.frontmatter {
        Some(found) => match frontmatter::entries(text, found) {
            Ok(entries) => fields::from_map(&entries, options, Origin::Frontmatter),
            Err(problem) => {
                problems.push(problem);
                Fields::new()
            }
        },
        None => Fields::new(),
    };

    let (blocks, cut) = markdown::blocks(text, split.body);
    problems.extend(cut);
    let first_heading = blocks.iter().position(|b| b.heading_level().is_some());
    let title_heading = first_heading
        .filter(|&at| blocks.get(at).and_then(markdown::Block::heading_level) == Some(1));
    let heading = first_heading.and_then(|at| blocks.get(at));
    // A title's `{#G-12}` is the document's id, not part of its title.
    let (title_id, title) = match heading {
        Some(Block::Heading { inline, .. }) => match labelled::heading_id(inline, options) {
            Some((id, end)) => {
                let title = markdown::collapse(inline.text().get(..end).unwrap_or(""));
                (Some(id), Some(title))
            }
            None => (None, heading.and_then(markdown::Block::heading_text)),
        },
        _ => (None, heading.and_then(markdown::Block::heading_text)),
    };
    // A title in the frontmatter (`title:`, as EIPs and static-site pages
    // write it) is the document's when no level-1 heading is: its first
    // heading is then a section (`### Motivation`), and findings about the
    // whole document were shown there.
    let written_title = frontmatter_fields
        .get("title")
        .filter(|_| title_heading.is_none())
        .and_then(|field| Some((field, field.values.first()?)))
        .filter(|(_, value)| !crate::text::trim(&value.text).is_empty());
    let (anchor, title) = match written_title {
        Some((field, value)) => (field.span(), Some(value.text.to_string())),
        None => (
            heading.map_or_else(|| first_line(text, start), |h| h.span().clone()),
            title,
        ),
    };

    // Labelled lines and metadata tables are read up to the first heading
    // after the title, whatever the title's level (`## Goal` then its table).
    let preamble_end = blocks
        .iter()
        .enumerate()
        .position(|(at, block)| block.heading_level().is_some() && Some(at) != first_heading)
        .unwrap_or(blocks.len());
    let known = KnownNames::new(options);
    let mut labelled = Fields::new();
    let lines = labelled::field_lines(blocks.get(..preamble_end).unwrap_or(&[]), options, &known);
    for found in title_id.into_iter().chain(lines) {
        fields::merge(&mut labelled, found.name, found.field);
    }

    let mut all = section_fields(&blocks, 0..blocks.len(), title_heading, options, &known);
    fields::overlay(&mut all, labelled);
    fields::overlay(&mut all, frontmatter_fields);
    let sections = blocks.get(preamble_end..).unwrap_or(&[]);
    add_labels_in_sections(&mut all, text, sections, options, &known);

    let mut record = Record {
        kind,
        span: 0..text.len(),
        anchor,
        title,
        fields: all,
    };
    clamp_record(text, &mut record);
    (record, problems)
}

/// Fields still missing from `all` that are written in the sections as
/// labelled lines by a name the source gave them: OpenTelemetry's project
/// pages write `**Project Leads:**` inside `## Staffing`. Only a source's
/// own names are read there: a label by a default name (`**Owner:**`
/// under `## Notes`) stays part of its section's text.
fn add_labels_in_sections(
    all: &mut Fields,
    text: &str,
    sections: &[Block],
    options: &FieldNames,
    known: &KnownNames,
) {
    let missing = options.source_named_fields();
    if missing.iter().all(|name| all.contains_key(name)) {
        return;
    }
    for found in labelled::field_lines(sections, options, known) {
        let label = text
            .get(found.field.span())
            .and_then(|line| line.split_once(':'))
            .map(|(label, _)| {
                label.trim_matches(|c: char| matches!(c, '*' | '_' | '-') || c.is_whitespace())
            });
        let named_by_source = label.is_some_and(|label| options.is_source_name(label));
        if named_by_source
            && missing.iter().any(|name| *name == found.name)
            && !all.contains_key(&found.name)
        {
            fields::merge(all, found.name, found.field);
        }
    }
}

/// One field per heading in `blocks[range]` (except `skip`, the title):
/// named by the heading, spanning the heading line, with a value per list
/// item, paragraph and table row in its section (subsections included) and
/// its task-list items. Headings that give the same name merge.
pub(crate) fn section_fields(
    blocks: &[Block],
    range: Range<usize>,
    skip: Option<usize>,
    options: &FieldNames,
    known: &KnownNames,
) -> Fields {
    let mut out = Fields::new();
    for index in range.clone() {
        let Some(Block::Heading { inline, span, .. }) = blocks.get(index) else {
            continue;
        };
        if skip == Some(index) {
            continue;
        }
        let written = labelled::without_leading_marks(inline.text());
        let label = labelled::without_trailing_marks(written);
        // `### KR1.1 Deploys succeed` is one of the key results: its text
        // is the value, or the section's when it has none. Read from the
        // heading as written at its end: `at 95%` and `below 1%.` keep what
        // a label's cleaning would cut.
        let item = known.numbered_item(written.trim_end());
        let name = options.canonical(item.map_or(known.unqualified(label), |(list, _)| list));
        if name.is_empty() {
            continue;
        }
        let end = markdown::section_end(blocks, index, range.end);
        let content = blocks.get(index + 1..end).unwrap_or(&[]);
        let mut values = Values::new();
        let mut tasks = ThinVec::new();
        match item {
            Some((_, text)) if !text.is_empty() => values.push(Value {
                text: text.into(),
                place: span.clone().into(),
            }),
            _ => {
                for block in content {
                    let (value, task) = block.value_and_task();
                    values.extend(value.map(Value::from));
                    tasks.extend(task.map(Task::from));
                }
            }
        }
        let field = Field {
            place: span.clone().into(),
            values,
            tasks,
            origin: Origin::Section,
            mapped: false,
        };
        fields::merge(&mut out, name, field);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_support::{options_with, texts};

    fn options() -> FieldNames {
        let pairs = [
            ("definition_of_done", "done_when"),
            ("done_when", "done_when"),
            ("owner", "owner"),
            ("point_of_contact", "owner"),
            ("motivation", "why"),
            ("why", "why"),
            ("status", "status"),
        ];
        options_with(&pairs)
    }

    #[test]
    fn goal_document_with_yaml_frontmatter() {
        let text = "---\nid: G-107\nteam: growth\nowner: \"@bob\"\nstatus: in-progress\n---\n# Raise activation\n## Why\nBecause.\n## Definition of Done\n- [ ] 40% send an event\n- [x] emails switched\n## Adoption\n- Support confirms\n## Risks\n\n";
        let (record, problems) = read(text, EntityKind::Goal, &options());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(record.title.as_deref(), Some("Raise activation"));
        assert_eq!(&text[record.anchor.clone()], "# Raise activation");
        assert_eq!(record.span, 0..text.len());
        assert_eq!(texts(&record, "owner"), ["@bob"]);
        assert_eq!(&text[record.fields["owner"].values[0].span()], "\"@bob\"");
        assert_eq!(texts(&record, "why"), ["Because."]);
        let done = &record.fields["done_when"];
        assert_eq!(&text[done.span()], "## Definition of Done");
        assert_eq!(done.tasks.len(), 2);
        assert!(done.tasks[1].checked);
        assert!(record.fields["risks"].values.is_empty());
        assert!(!record.fields.contains_key("raise_activation"));
    }

    #[test]
    fn a_numbered_key_result_heading_ends_as_written() {
        let options = options_with(&[("kr", "done_when"), ("done_when", "done_when")]);
        let text = "# Faster CI\n### KR1.1 Cache hit rate at 95%\n### KR1.2 Flaky tests below 1%.\n### 3. KR1.3: Done?\n### KR1.4 🚀\n";
        let (record, _) = read(text, EntityKind::Goal, &options);
        assert_eq!(
            texts(&record, "done_when"),
            [
                "Cache hit rate at 95%",
                "Flaky tests below 1%.",
                "Done?",
                "🚀"
            ]
        );
    }

    #[test]
    fn a_title_brace_id_is_the_id_under_a_frontmatter_id() {
        let text = "# Raise activation {#G-107}\n## Why\nBecause.\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(record.title.as_deref(), Some("Raise activation"));
        assert_eq!(texts(&record, "id"), ["G-107"]);
        let text = "---\nid: G-1\n---\n# Raise activation {#G-107}\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(texts(&record, "id"), ["G-1"]);
    }

    #[test]
    fn toml_frontmatter_spans() {
        let text = "+++\nowner = \"@bob\"\nmembers = [\"@a\", \"@b\"]\n+++\n# Growth\n";
        let (record, problems) = read(text, EntityKind::Team, &options());
        assert!(problems.is_empty(), "{problems:?}");
        let members = &record.fields["members"];
        assert_eq!(&text[members.values[1].span()], "\"@b\"");
        assert_eq!(&text[members.span()], "members = [\"@a\", \"@b\"]");
    }

    #[test]
    fn frontmatter_wins_over_sections_and_labels() {
        let text = "---\nowner: \"@front\"\n---\n# T\n**Owner:** @label\n## Owner\n- @section\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(texts(&record, "owner"), ["@front"]);
        let text = "# T\n**Owner:** @label\n## Owner\n- @section\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(texts(&record, "owner"), ["@label"]);
    }

    #[test]
    fn a_frontmatter_title_is_the_anchor_when_no_heading_is_a_title() {
        let text = "---\neip: 2\ntitle: Homestead changes\n---\n\n### Meta reference\n\nText.\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(&text[record.anchor.clone()], "title: Homestead changes");
        assert_eq!(record.title.as_deref(), Some("Homestead changes"));
        assert_eq!(texts(&record, "meta_reference"), ["Text."]);
        // A level-1 heading is the title, whatever the frontmatter says.
        let text = "---\ntitle: Front\n---\n# Heading\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(&text[record.anchor.clone()], "# Heading");
        assert_eq!(record.title.as_deref(), Some("Heading"));
        // An empty one is no title.
        let text = "---\ntitle: \"\"\n---\n## Section\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(&text[record.anchor.clone()], "## Section");
    }

    #[test]
    fn labels_after_the_first_section_are_section_text() {
        let text = "# T\n## Notes\n**Owner:** @late\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert!(!record.fields.contains_key("owner"));
        assert_eq!(texts(&record, "notes"), ["Owner: @late"]);
    }

    /// A label by a name the source gave a field is read inside a section
    /// when the field is not found above it; a default name is not, and a
    /// field already found is not replaced.
    #[test]
    fn a_source_named_label_is_read_inside_a_section() {
        let mut named = options();
        named.insert_source_name("project_leads".into(), "owner".into());
        let text = "# Gen AI\n## Staffing\n**Owner:** @late\n\n**Project Leads:**\n\n- @drewby\n- @nirga\n";
        let (record, _) = read(text, EntityKind::Goal, &named);
        assert_eq!(texts(&record, "owner"), ["@drewby", "@nirga"]);
        assert_eq!(&text[record.fields["owner"].span()], "Project Leads:");
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert!(!record.fields.contains_key("owner"));
        let early = "# Gen AI\nProject Leads: @zoë\n## Staffing\n**Project Leads:** @late\n";
        let (record, _) = read(early, EntityKind::Goal, &named);
        assert_eq!(texts(&record, "owner"), ["@zoë"]);
    }

    #[test]
    fn without_a_heading_the_anchor_is_the_first_line() {
        let text = "---\nowner: x\n---\nno heading\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(record.title, None);
        assert_eq!(&text[record.anchor.clone()], "---");
    }

    #[test]
    fn a_metadata_table_under_a_level_two_title_is_read() {
        let text = "## Faster builds\n\n| Metadata | |\n|---|---|\n| Point of contact | @lqd |\n| Status | Accepted |\n\n## Motivation\nx\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(record.title.as_deref(), Some("Faster builds"));
        assert_eq!(texts(&record, "owner"), ["@lqd"]);
        assert_eq!(texts(&record, "status"), ["Accepted"]);
        assert_eq!(texts(&record, "why"), ["x"]);
    }

    #[test]
    fn a_first_heading_below_level_one_is_title_and_field() {
        let text = "## Why\nBecause.\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(record.title.as_deref(), Some("Why"));
        assert_eq!(texts(&record, "why"), ["Because."]);
    }

    #[test]
    fn unclosed_frontmatter_still_reads_labelled_lines() {
        let text = "---\nowner: \"@bob\"\n# Title\n";
        let (record, problems) = read(text, EntityKind::Goal, &options());
        assert_eq!(problems.len(), 1);
        assert_eq!(&text[problems[0].span.clone()], "---");
        assert_eq!(record.title.as_deref(), Some("Title"));
        assert_eq!(texts(&record, "owner"), ["\"@bob\""]);
    }

    #[test]
    fn bad_frontmatter_keeps_the_body() {
        let text = "---\nowner: [\n---\n# Title\n## Why\nx\n";
        let (record, problems) = read(text, EntityKind::Goal, &options());
        assert_eq!(problems.len(), 1);
        assert_eq!(texts(&record, "why"), ["x"]);
    }

    #[test]
    fn headings_normalise_numbering_colons_and_emoji() {
        let text = "# T\n## 1. Why:\na\n## ✅ Done when\n- b\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(texts(&record, "why"), ["a"]);
        assert_eq!(texts(&record, "done_when"), ["b"]);
    }

    #[test]
    fn a_known_name_with_a_qualifier_in_brackets_is_that_name() {
        let text = "# T\n**Owner (DRI):** @ana\n## Motivation (short)\na\n## 🎯 Definition of Done (Epic-Level)\n- [ ] b\n## Phase (2)\nc\n";
        let (record, _) = read(text, EntityKind::Goal, &options());
        assert_eq!(texts(&record, "owner"), ["@ana"]);
        assert_eq!(texts(&record, "why"), ["a"]);
        assert_eq!(texts(&record, "done_when"), ["b"]);
        // An unknown name keeps its brackets: they may tell sections apart.
        assert_eq!(texts(&record, "phase_(2)"), ["c"]);
        // A name planlint knows with its qualifier stays whole.
        let options = options_with(&[("done_when", "done_when"), ("done_when_(v2)", "why")]);
        let (record, _) = read("# T\n## Done when (v2)\nd\n", EntityKind::Goal, &options);
        assert_eq!(texts(&record, "why"), ["d"]);
    }

    #[test]
    fn sections_contain_their_subsections() {
        let options = options_with(&[("definition_of_done", "done_when")]);
        let text = "# T\n## Definition of Done\n- [ ] one\n### Phase 2\n- [x] two\n## Empty\n\n## Risks:\nNone yet.\n";
        let (blocks, _) = markdown::blocks(text, 0);
        let fields = section_fields(
            &blocks,
            0..blocks.len(),
            Some(0),
            &options,
            &KnownNames::new(&options),
        );
        let done = &fields["done_when"];
        assert_eq!(&text[done.span()], "## Definition of Done");
        assert_eq!(done.values.len(), 2);
        assert_eq!(done.tasks.len(), 2);
        assert_eq!(fields["phase_2"].values[0].text, "two");
        assert!(fields["empty"].values.is_empty());
        assert_eq!(fields["risks"].values[0].text, "None yet.");
        assert!(!fields.contains_key("t"));
    }
}
