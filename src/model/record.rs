//! The model's vocabulary for one entity as extracted: its fields, their
//! values and task items, and where each field came from.

use crate::diagnostic::{EntityKind, Span};
use std::collections::BTreeMap;
use std::fmt;

/// One team, goal, issue or pull request as a source extracted it, before
/// the plan gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub kind: EntityKind,
    /// The whole entity (a document, a data table, a heading's section).
    pub span: Span,
    /// Where diagnostics about the entity as a whole point: its title
    /// heading, or the first line of its frontmatter or table.
    pub anchor: Span,
    /// The entity's title, without markup.
    pub title: Option<String>,
    /// Fields by canonical name.
    pub fields: BTreeMap<String, Field>,
}

/// A field of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Where the field is written: the key and its value, the section
    /// heading, the cell, the heading the value was captured from.
    pub span: Span,
    /// Its values: one for a scalar, one per item for a list, one per list
    /// item or paragraph for a section. Empty when the field is empty.
    pub values: Vec<Value>,
    /// Task-list items (`- [ ]`, `- [x]`) found in it.
    pub tasks: Vec<Task>,
    /// Which kind of place yielded it.
    pub origin: Origin,
    /// Whether a configured value map replaced some of its values.
    pub mapped: bool,
}

impl Field {
    /// A field of these values, written at `span`, from `origin`.
    pub fn new(origin: Origin, span: Span, values: Vec<Value>) -> Field {
        Field {
            span,
            values,
            tasks: Vec::new(),
            origin,
            mapped: false,
        }
    }
}

/// One value of a field, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub span: Span,
}

/// A task-list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub checked: bool,
    pub text: String,
    pub span: Span,
}

/// Where a field's value was found, so that `planlint entities` can say why
/// a value is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A key of a document's frontmatter.
    Frontmatter,
    /// A key of a data file (YAML, TOML, JSON, an issue export).
    DataKey,
    /// A section: a heading and what is under it.
    Section,
    /// A `Key: value`, `**Key:** value` or `- Key: value` line.
    LabelledLine,
    /// A row of a two-column metadata table.
    MetadataTable,
    /// A parenthesised `(Owner: @a)` in a heading.
    HeadingLabel,
    /// A column of a table row (table mode).
    Column,
    /// A configured regex over the entity's heading.
    HeadingRegex,
    /// A configured regex over the file's path.
    PathRegex,
    /// A configured regex over the nearest enclosing heading.
    EnclosingHeading,
    /// A configured constant default.
    Default,
    /// The entity's title (a heading's or row's id is a slug of it).
    Title,
    /// An issue's labels (`goal:checkout`).
    Label,
    /// A reference in an issue's body (`Goal: checkout`, `Part of #12`).
    Body,
}

impl Origin {
    /// The name `planlint entities` prints.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Frontmatter => "frontmatter",
            Origin::DataKey => "key",
            Origin::Section => "section",
            Origin::LabelledLine => "labelled line",
            Origin::MetadataTable => "metadata table",
            Origin::HeadingLabel => "heading label",
            Origin::Column => "column",
            Origin::HeadingRegex => "heading regex",
            Origin::PathRegex => "path regex",
            Origin::EnclosingHeading => "enclosing heading",
            Origin::Default => "default",
            Origin::Title => "title",
            Origin::Label => "label",
            Origin::Body => "body",
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
