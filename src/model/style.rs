//! How a file writes its entities' fields, as its source reads them: what a
//! hint that asks for a missing field names ("add a `## Why` section" to a
//! Markdown goal, "a `why` field" to a goal in YAML).

use std::sync::Arc;

/// Where a file's entities write their fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FieldForm {
    /// A Markdown document: frontmatter keys and `##` sections.
    #[default]
    Sections,
    /// A Markdown heading per entity: headings or `**Name:**` lines under it.
    Headings,
    /// A table row per entity (Markdown, CSV or TSV): its columns.
    Columns,
    /// YAML, TOML or JSON data: keys.
    Keys,
}

/// A file's [`FieldForm`] and the names its source gives the fields it
/// configures, shared by the files of one source.
#[derive(Clone, Debug, Default)]
pub struct FieldStyle {
    pub form: FieldForm,
    /// Field name → the name the source reads it under (its first), for
    /// the fields a configuration names; `None` when it names none (no
    /// allocation for a default style).
    pub names: Option<Arc<[(String, String)]>>,
}

impl FieldStyle {
    /// The name this file's source reads `field` under: the configured one,
    /// else the field's own.
    pub fn name_of<'a>(&'a self, field: &'a str) -> &'a str {
        self.names
            .iter()
            .flat_map(|names| names.iter())
            .find(|(name, _)| name == field)
            .map_or(field, |(_, written)| written.as_str())
    }
}
